/* A dynamic task farm over MPI teams (internal to src/sweep).
 *
 *   world = team 0 (ranks 0..R-1) | team 1 (R..2R-1) | ...        MPI_Comm_split by rank / R
 *   world rank 0 hosts three counters in an MPI window: next task, done, failed
 *   team leader: MPI_Fetch_and_op(next += 1) -> task k -> MPI_Bcast(k) over the team -> run it
 *
 * Unequal tasks keep every team busy: a team takes the next task as soon as it is free. A team
 * stops taking tasks once any of its ranks received SIGTERM/SIGINT, or when a task reports that
 * it was interrupted. */
#ifndef GSAE_SWEEP_FARM_H
#define GSAE_SWEEP_FARM_H

#include <mpi.h>
#include <stddef.h>

#include "gsae/error.h"

/* FARM_ELSEWHERE: another job holds the task's lease (gsae/lease.h); left to it. FARM_DONE_ELSEWHERE:
 * another job finished it meanwhile (found when the lease was taken). */
typedef enum { FARM_COMPLETE, FARM_FAILED, FARM_INTERRUPTED, FARM_ELSEWHERE, FARM_DONE_ELSEWHERE } farm_outcome;

/* Run task `task` on `team` (collective over it). Returns the outcome; `note` (leader only) is a
 * short line for the progress report ("point 17 (snr_db=5) complete: dict_error 16.3"). */
typedef farm_outcome (*farm_task_fn)(MPI_Comm team, size_t task, void *ctx, char *note, size_t note_cap);

typedef struct {
  size_t complete, failed, interrupted, elsewhere, done_elsewhere; /* summed over the world */
} farm_counts;

/* Collective over world; team is this rank's team (from MPI_Comm_split). `what` names the tasks in
 * the progress lines ("data sets", "points"). */
gsae_status farm_run(MPI_Comm world, MPI_Comm team, size_t ntasks, farm_task_fn fn, void *ctx, const char *label,
                     const char *what, farm_counts *counts);

#endif
