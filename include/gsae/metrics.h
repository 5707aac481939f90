/* Dictionary and support metrics traced per epoch. All dictionaries are (m, n) row-major: row j is
 * atom j (column j of A). Group g is rows g*d .. g*d+d-1. Results are double. */
#ifndef GSAE_METRICS_H
#define GSAE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ||A_hat - A*||_F^2 with every column of A_hat normalised to unit norm (Figure 3's metric). */
double gsae_dict_error(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n);

/* sum_g ||P(A_hat_g) - P(A*_g)||_F^2 / 2, P the orthogonal projector onto the span of the group's
 * columns: blind to rotations inside a group; in [0, d] per group. */
double gsae_subspace_error(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n, size_t d);

/* Init distances: max_g ||A_g - A*_g||_F (delta of eq. 17) and mean_j cos(a_j, a*_j). */
double gsae_max_group_distance(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n, size_t d);
double gsae_mean_correlation(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n);

/* Support statistics of codes X (rows, m) against true supports (rows, gamma); a group counts as
 * active if any of its d units is nonzero. Adds to counts (so shards can be summed):
 *   counts[0] += samples whose active-group set equals the true set
 *   counts[1] += true positives (active and true)
 *   counts[2] += estimated active groups
 *   counts[3] += true groups (rows * gamma) */
enum { GSAE_SUPPORT_EXACT = 0, GSAE_SUPPORT_TP = 1, GSAE_SUPPORT_EST = 2, GSAE_SUPPORT_TRUE = 3, GSAE_SUPPORT_COUNTS = 4 };
void gsae_support_count(const gsae_real *X, size_t rows, size_t m, size_t d, const int32_t *support, size_t gamma,
                        double *counts);

/* Block coherence mu_B = max_{g != h} ||A_g^T A_h||_2 / d (eq. 3), O(m^2 n). The pairs (g, h > g)
 * with g = first, first + stride, ... are examined, so ranks can split the work (first = rank,
 * stride = size) and combine with a max; (0, 1) is the whole serial computation. */
double gsae_block_coherence(const gsae_real *W, size_t m, size_t n, size_t d, size_t first, size_t stride);

/* Observed per-epoch contraction of a distance trace dist[0..len) (e.g. max_g ||A_g - A*_g||_F per
 * epoch, Theorem 2's quantity): *mean = (dist[len-1] / dist[0])^(1 / (len-1)), the geometric mean
 * ratio; *max = max_e dist[e+1] / dist[e], the worst epoch (> 1: the distance grew that epoch).
 * NaN when len < 2 or an entry is not positive and finite. */
void gsae_contraction(const double *dist, size_t len, double *mean, double *max);

#ifdef __cplusplus
}
#endif
#endif
