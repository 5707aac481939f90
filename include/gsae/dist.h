/* MPI helpers: contiguous sharding, error agreement, order-fixed reductions.
 *
 * Error agreement: collective code paths call gsae_dist_agree() after any step that may fail on
 * some ranks only (reading a shard, writing a file). The lowest failing rank's message becomes
 * every rank's message, so rank 0 can print one line, all ranks return the same error, and no
 * rank is left waiting in a collective. */
#ifndef GSAE_DIST_H
#define GSAE_DIST_H

#include <mpi.h>
#include <stddef.h>

#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rows [*first, *first + *count) of `total` owned by `rank` of `size` (contiguous, balanced:
 * the first total % size ranks get one extra row). */
void gsae_dist_shard(size_t total, int rank, int size, size_t *first, size_t *count);

/* Combine a local status across comm; returns GSAE_OK only if every rank succeeded. On failure,
 * every rank's error message is the one from the lowest failing rank. */
gsae_status gsae_dist_agree(MPI_Comm comm, gsae_status local);

/* Sum of values that are distributed as contiguous shards (local[0..count) on each rank, shards
 * in rank order), added in global index order so the result is bitwise independent of the
 * number of ranks. */
gsae_status gsae_dist_ordered_sum(MPI_Comm comm, const double *local, size_t count, double *sum);

/* In-place allreduce (sum) of gsae_real arrays of any length (chunked below INT_MAX). */
gsae_status gsae_dist_allreduce_sum(MPI_Comm comm, gsae_real *buf, size_t count);

#ifdef __cplusplus
}
#endif
#endif
