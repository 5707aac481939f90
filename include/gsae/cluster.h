/* Clustering for the MNIST study (section 4.2, Table 1): distributed k-means and clustering
 * accuracy.
 *
 * k-means works in double: X_local is (rows, dim) row-major double on each rank (convert
 * gsae_real codes or pixels first); the global data set is the ranks' rows in rank order, so a
 * row's global index is its rank's offset plus its local index. Every reduction (centroid sums,
 * counts, inertia, k-means++ weights) is done on an integer fixed-point grid (gsae_dist_fixed in
 * dist.h), so labels, centroids, inertia and iteration counts are bitwise identical for any number
 * of ranks and any split of the rows. All randomness is Philox (seed, GSAE_STREAM_KMEANS,
 * restart): run r of a call draws its k seeding uniforms from index r.
 *
 * All k-means functions are collective over comm; every rank must pass the same parameters. */
#ifndef GSAE_CLUSTER_H
#define GSAE_CLUSTER_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  size_t k;       /* clusters, 1 <= k <= total rows */
  int restarts;   /* independent k-means++ runs (>= 1); the one with the lowest inertia is kept */
  int max_iter;   /* centroid updates per run (>= 0) */
  double tol;     /* stop when (I_prev - I) <= tol * I for inertias of consecutive assignments;
                     a run always stops when no label changes (tol = 0: only then) */
  uint64_t seed;  /* restart r uses (seed, GSAE_STREAM_KMEANS, r) */
} gsae_kmeans_params;

typedef struct {
  double inertia; /* sum over all rows of the squared distance to the assigned centroid */
  int iterations; /* centroid updates made by the kept run */
  int converged;  /* 1 if the kept run stopped by the tolerance or unchanged labels, 0 at max_iter */
  int restart;    /* index of the kept run */
} gsae_kmeans_info;

/* k clusters, 10 restarts, 300 iterations, tol 1e-6, seed 0. */
gsae_kmeans_params gsae_kmeans_defaults(size_t k);

/* k-means (Lloyd) with k-means++ seeding and restarts. X is (rows, dim) row-major on this rank;
 * outputs: labels[rows] in 0..k-1 for the local rows, centroids (k, dim) row-major on every rank,
 * info (may be NULL). Ties go to the lower centroid index. A centroid that loses all its rows is
 * moved to the row farthest from its centroid (ties: lowest global index; next empty: next
 * farthest). Errors (k = 0, k > total rows, dim = 0, non-finite X) are one line, on every rank. */
gsae_status gsae_kmeans(MPI_Comm comm, const double *X, size_t rows, size_t dim, const gsae_kmeans_params *p,
                        int32_t *labels, double *centroids, gsae_kmeans_info *info);

/* k-means++ (D² sampling) seeding of run `restart`: centroids (k, dim) on every rank, chosen[k]
 * (may be NULL) the global row indices picked. Draw c picks global row g with probability
 * D²(g) / sum D², D² truncated to integers on a grid of about 2^62 / total rows levels up to the
 * largest D²; rows below one level (D² = 0: rows already chosen) are never picked unless every
 * row is (fewer than k distinct rows: then uniformly). */
gsae_status gsae_kmeans_pp(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, uint64_t seed,
                           uint64_t restart, double *centroids, uint64_t *chosen);

/* Lloyd iterations from the given centroids (k, dim), updated in place; labels[rows] and info
 * (may be NULL; restart = 0) as for gsae_kmeans, whose runs this is. */
gsae_status gsae_kmeans_lloyd(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, int max_iter,
                              double tol, double *centroids, int32_t *labels, gsae_kmeans_info *info);

/* Optimal assignment (Hungarian / Jonker-Volgenant shortest augmenting paths, O(n³)): cost is
 * (n, n) row-major, finite, any sign; assign[i] = the column given to row i, a permutation
 * minimising sum_i cost[i, assign[i]]; *total (may be NULL) = that minimum. */
gsae_status gsae_hungarian(const double *cost, size_t n, size_t *assign, double *total);

/* Clustering accuracy: max over one-to-one matchings of predicted clusters to true classes of the
 * fraction of the n rows whose predicted cluster is matched to their class (the Hungarian method
 * on the (k_pred, k_true) contingency table, padded to square when k_pred != k_true; unmatched
 * clusters count as wrong). pred in 0..k_pred-1, truth in 0..k_true-1. n = 0 gives 1. */
gsae_status gsae_cluster_accuracy(const int32_t *pred, const int32_t *truth, size_t n, size_t k_pred, size_t k_true,
                                  double *accuracy);

#ifdef __cplusplus
}
#endif
#endif
