/* Leases: one job at a time writes a given output. Before a sweep team trains a point, or gsae
 * train writes --out, the writer takes a lease: an O_EXCL-created file TARGET.lease holding host,
 * pid, job id (SLURM_JOB_ID) and the start time, whose mtime is its heartbeat (touched every
 * GSAE_LEASE_BEAT_S seconds by a thread while the lease is held). Another job finds the lease and
 * leaves the target alone. A lease is stale, and is broken with a warning line, when its heartbeat
 * is older than GSAE_LEASE_STALE_S seconds, or when its pid is gone on this same host (a killed
 * job). Not collective: one process takes a lease (rank 0 of a team). */
#ifndef GSAE_LEASE_H
#define GSAE_LEASE_H

#include <pthread.h>
#include <stddef.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GSAE_LEASE_BEAT_S 10
#define GSAE_LEASE_STALE_S 120

typedef struct {
  char path[4200];     /* TARGET.lease */
  int held;
  pthread_t beat;
  int beating;
  volatile int stop;
} gsae_lease;

/* Take the lease on target: *taken = 1 (held, heartbeat running), or 0 when a live job holds it
 * (holder: "pid 123 on node7, job 4567, since 2026-12-02T16:00:00Z"). who prefixes the warning
 * of a broken stale lease ("gsae sweep"). Errors: the lease file cannot be created (the folder). */
gsae_status gsae_lease_take(const char *target, const char *who, gsae_lease *lease, int *taken, char *holder,
                            size_t cap);
/* Stop the heartbeat and remove the lease (no-op when not held). */
void gsae_lease_release(gsae_lease *lease);

#ifdef __cplusplus
}
#endif
#endif
