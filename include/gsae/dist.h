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

/* Fixed-point sums that are bitwise independent of how terms are split over ranks.
 *
 * Each term x (|x| <= bound, at most `terms` terms per accumulator over all ranks) is cut to a
 * two-word fixed-point grid (truncation toward zero, independent of the FPU rounding mode):
 * acc[0] += trunc(x·S), acc[1] += trunc((x·S − trunc(x·S))·2^L), with S and 2^L powers of two
 * chosen so neither int64 word can overflow. Integer addition is associative, so local
 * accumulation plus gsae_dist_allreduce_i64 gives the same integers for any number of ranks and
 * any order. gsae_dist_fixed_value converts back (one double rounding); the grid loses less than
 * bound · 2^-(123 − 2·t) per term, t = ceil(log2(terms)) (for 10^5 terms: < 2^-72 · bound in
 * total, far below one rounding of a sum of that size). */
typedef struct {
  double scale;    /* S: x·S gives the high word, |x·S| < 2^62 / terms */
  double scale_lo; /* 2^L: the residual in (-1, 1) times 2^L gives the low word */
} gsae_dist_fixed;

/* The grid for up to `terms` terms of magnitude <= bound (bound >= 0 and finite). */
gsae_status gsae_dist_fixed_grid(double bound, unsigned long long terms, gsae_dist_fixed *grid);

/* acc[0..2) += x on the grid (x must satisfy |x| <= bound). */
static inline void gsae_dist_fixed_add(const gsae_dist_fixed *grid, double x, long long acc[2]) {
  double y = x * grid->scale;         /* exact: a power-of-two scaling */
  long long hi = (long long)y;        /* |y| < 2^62 / terms */
  acc[0] += hi;
  acc[1] += (long long)((y - (double)hi) * grid->scale_lo); /* y − hi is exact, in (−1, 1) */
}

/* The double value of an accumulator acc[0..2) (a pure function of the two integers). */
double gsae_dist_fixed_value(const gsae_dist_fixed *grid, const long long acc[2]);

/* In-place allreduce (sum) of 64-bit integers (exact; chunked below INT_MAX). */
gsae_status gsae_dist_allreduce_i64(MPI_Comm comm, long long *buf, size_t count);

/* In-place allreduce (sum) of gsae_real arrays of any length (chunked below INT_MAX). */
gsae_status gsae_dist_allreduce_sum(MPI_Comm comm, gsae_real *buf, size_t count);

#ifdef __cplusplus
}
#endif
#endif
