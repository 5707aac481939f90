/* Stop and checkpoint requests by signal, for the training loop and the sweep's task farm:
 * SIGTERM and SIGINT ask a run to write its checkpoint and stop (SLURM's scancel, requeue and time
 * limit send SIGTERM), SIGUSR1 asks for a checkpoint and goes on (--signal=B:USR1@T before a time
 * limit). The handlers only set flags (lock-free atomics, async-signal-safe); the loops poll them at
 * safe points: the end of an epoch, between points. */
#ifndef GSAE_SIGNALS_H
#define GSAE_SIGNALS_H

#ifdef __cplusplus
extern "C" {
#endif

enum { GSAE_SIGNAL_STOP = 1, GSAE_SIGNAL_CHECKPOINT = 2 };

/* Install the handlers of SIGTERM, SIGINT and SIGUSR1. */
void gsae_signals_install(void);
/* The requests (GSAE_SIGNAL_* bits) that arrived since the last call; taken with an exchange, so
 * one arriving meanwhile is never lost. */
int gsae_signals_take(void);
/* The stopping signal this process received (SIGTERM or SIGINT), 0 if none; it stays set: a sweep
 * takes no new work after one. */
int gsae_signals_stop(void);
/* "SIGTERM", "SIGINT", "SIGUSR1", else "a signal". */
const char *gsae_signal_name(int sig);

#ifdef __cplusplus
}
#endif
#endif
