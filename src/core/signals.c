/* Stop and checkpoint requests by signal; see include/gsae/signals.h. */
#include "gsae/signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static _Atomic int g_requests = 0;
static _Atomic int g_stop_signal = 0;

static void on_signal(int sig) {
  if (sig == SIGUSR1) {
    atomic_fetch_or(&g_requests, GSAE_SIGNAL_CHECKPOINT);
  } else {
    atomic_store(&g_stop_signal, sig);
    atomic_fetch_or(&g_requests, GSAE_SIGNAL_STOP);
  }
}

void gsae_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
}

int gsae_signals_take(void) { return atomic_exchange(&g_requests, 0); }

int gsae_signals_stop(void) { return atomic_load(&g_stop_signal); }

const char *gsae_signal_name(int sig) {
  return sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : sig == SIGUSR1 ? "SIGUSR1" : "a signal";
}
