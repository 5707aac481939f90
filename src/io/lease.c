/* Leases on outputs; see gsae/lease.h. */
#include "gsae/lease.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void utc_now(char *buf, size_t cap) {
  time_t now = time(NULL);
  struct tm utc;
  gmtime_r(&now, &utc);
  strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

/* The lease's holder as written: host, pid, job, started (missing fields stay empty / 0). */
typedef struct {
  char host[256], job[64], started[32];
  long pid;
} holder_info;

static void copy_field(char *dst, size_t cap, const char *src) {
  size_t n = strnlen(src, cap - 1);
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static void read_holder(const char *path, holder_info *h) {
  memset(h, 0, sizeof *h);
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (!strncmp(line, "host=", 5)) copy_field(h->host, sizeof h->host, line + 5);
    else if (!strncmp(line, "pid=", 4)) h->pid = strtol(line + 4, NULL, 10);
    else if (!strncmp(line, "job=", 4)) copy_field(h->job, sizeof h->job, line + 4);
    else if (!strncmp(line, "started=", 8)) copy_field(h->started, sizeof h->started, line + 8);
  }
  fclose(f);
}

/* Whether process pid runs on this host: exists and is not a zombie (a killed job's ranks are
 * zombies until reaped, and kill(pid, 0) still finds them). */
static int pid_alive(long pid) {
  if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return 0;
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return 1; /* no /proc: trust kill() */
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *close_paren = strrchr(buf, ')'); /* "pid (comm) S ..." */
  return !(close_paren && close_paren[1] == ' ' && (close_paren[2] == 'Z' || close_paren[2] == 'X'));
}

/* Why the lease at path is stale ("" if it is live). */
static void staleness(const char *path, const holder_info *h, char *why, size_t cap) {
  why[0] = '\0';
  struct stat sb;
  if (stat(path, &sb) != 0) return;
  double age = difftime(time(NULL), sb.st_mtime);
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  if (h->pid > 0 && !strcmp(h->host, host) && !pid_alive(h->pid))
    snprintf(why, cap, "pid %ld is gone on %s", h->pid, host);
  else if (age > GSAE_LEASE_STALE_S)
    snprintf(why, cap, "no heartbeat for %.0f s (more than %d)", age, GSAE_LEASE_STALE_S);
  else if (h->pid <= 0 && age > GSAE_LEASE_BEAT_S * 2) /* unreadable and not being written */
    snprintf(why, cap, "unreadable, %.0f s old", age);
}

static void *heartbeat(void *arg) {
  gsae_lease *l = arg;
  for (;;) {
    for (int k = 0; k < GSAE_LEASE_BEAT_S * 10; ++k) { /* wake every 0.1 s to notice a release */
      if (l->stop) return NULL;
      struct timespec ts = {0, 100000000L};
      nanosleep(&ts, NULL);
    }
    utimensat(AT_FDCWD, l->path, NULL, 0);
  }
}

static int create_excl(gsae_lease *l) {
  int fd = open(l->path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) return errno == EEXIST ? 0 : -1;
  char host[256] = "", started[32], text[512];
  gethostname(host, sizeof host - 1);
  utc_now(started, sizeof started);
  const char *job = getenv("SLURM_JOB_ID");
  int n = snprintf(text, sizeof text, "host=%s\npid=%ld\njob=%s\nstarted=%s\n", host, (long)getpid(),
                   job && *job ? job : "-", started);
  ssize_t w = write(fd, text, (size_t)n);
  int ok = w == n && fsync(fd) == 0;
  close(fd);
  if (!ok) {
    unlink(l->path);
    return -1;
  }
  return 1;
}

gsae_status gsae_lease_take(const char *target, const char *who, gsae_lease *l, int *taken, char *holder,
                            size_t cap) {
  memset(l, 0, sizeof *l);
  *taken = 0;
  if (cap) holder[0] = '\0';
  snprintf(l->path, sizeof l->path, "%s.lease", target);
  for (int attempt = 0; attempt < 3; ++attempt) {
    int got = create_excl(l);
    if (got < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create the lease (%s)", l->path, strerror(errno));
    if (got > 0) {
      l->held = 1;
      l->beating = pthread_create(&l->beat, NULL, heartbeat, l) == 0;
      *taken = 1;
      return GSAE_OK;
    }
    holder_info h;
    read_holder(l->path, &h);
    char why[128];
    staleness(l->path, &h, why, sizeof why);
    if (!why[0]) {
      snprintf(holder, cap, "pid %ld on %s, job %s, since %s", h.pid, h.host[0] ? h.host : "?", h.job[0] ? h.job : "-",
               h.started[0] ? h.started : "?");
      return GSAE_OK;
    }
    /* break it: rename first, so that of two breakers only one removes it */
    char aside[4300];
    snprintf(aside, sizeof aside, "%s.stale-%ld", l->path, (long)getpid());
    if (rename(l->path, aside) == 0) {
      fprintf(stderr, "%s: warning: broke the stale lease %s (pid %ld on %s, job %s: %s)\n", who, l->path, h.pid,
              h.host[0] ? h.host : "?", h.job[0] ? h.job : "-", why);
      unlink(aside);
    }
  }
  snprintf(holder, cap, "another job (the lease %s kept changing)", l->path);
  return GSAE_OK;
}

void gsae_lease_release(gsae_lease *l) {
  if (!l->held) return;
  l->stop = 1;
  if (l->beating) pthread_join(l->beat, NULL);
  unlink(l->path);
  l->held = 0;
}
