/* Spectral clustering (section 4.2, Table 1's spectral column), following scikit-learn's
 * SpectralClustering(affinity='nearest_neighbors', assign_labels='kmeans'):
 *
 *   C = kNN connectivity (N, N): C[i, j] = 1 when j is one of the K nearest rows of i (Euclidean,
 *       the row itself included, ties to the lower index)          (kneighbors_graph, include_self)
 *   W = (C + Cᵀ) / 2;  d_i = Σ_{j≠i} W[i, j]  (self-loops left out, as scipy's laplacian does;
 *       d_i = 0 is taken as 1)
 *   M = D^{-1/2} (W with a zero diagonal) D^{-1/2}  (N, N): the k largest eigenpairs of M are the
 *       k smallest of the normalised Laplacian I − M
 *   E[i, :] = u_i / sqrt(d_i)  (N, k), each column's sign set so that its largest |entry| (first
 *       on ties) is positive;  labels = k-means (gsae_kmeans, restarts) on the rows of E.
 *
 * Rows are sharded over comm as everywhere (X_local (rows, dim) row-major double; the global data
 * is the ranks' rows in rank order). M lives 2-D block-cyclic on a BLACS grid of the comm's ranks
 * (nprow × npcol as square as possible, nprow <= npcol). Eigenpairs: either the dense ScaLAPACK
 * solver (PDSYEVR, only eigenpairs N−k+1 … N), or block subspace iteration with Rayleigh–Ritz on
 * M + I (block k + oversample, PDGEMM products, PDGEQRF/PDORGQR orthonormalisation, the small
 * Rayleigh quotient solved on every rank with LAPACKE_dsyev), accelerated by a Chebyshev filter
 * of the given degree on [−1, θ_b] (degree 1: the plain iteration on M + I), stopped when every
 * wanted Ritz pair has ‖M u − θ u‖₂ <= tol (u unit). GSAE_SPECTRAL_AUTO takes the exact solver
 * for N <= 1500 and the iterative one above: O(N³) against O(N² (k + p) degree) per iteration
 * and a handful of iterations (measured crossover on 2 ranks, MNIST, k = 10: N = 1000 … 2000).
 *
 * All functions are collective over comm; every rank passes the same parameters. */
#ifndef GSAE_SPECTRAL_H
#define GSAE_SPECTRAL_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_SPECTRAL_AUTO = 0, GSAE_SPECTRAL_EXACT = 1, GSAE_SPECTRAL_ITERATIVE = 2 } gsae_spectral_path;
extern const char *const gsae_spectral_path_names[]; /* "auto", "exact", "iterative", NULL */

typedef struct {
  gsae_spectral_path path;
  uint64_t seed;   /* k-means restarts (gsae_kmeans) and the iterative start block */
  int restarts;    /* k-means runs (>= 1), sklearn's n_init */
  double tol;      /* iterative path: residual bound per wanted Ritz pair (> 0) */
  int max_iter;    /* iterative path: subspace iterations (>= 1) */
  int oversample;  /* iterative path: extra block columns p (>= 0), block = min(k + p, N) */
  int degree;      /* iterative path: Chebyshev filter degree per iteration (1..64; 1 = plain
                      subspace iteration on M + I) */
} gsae_spectral_options;

typedef struct {
  double seconds_knn;    /* kNN graph (GEMM distances + selection) */
  double seconds_matrix; /* degrees and the block-cyclic fill of M */
  double seconds_eigen;  /* eigensolver */
  double seconds_embed;  /* gather, scaling, sign flip */
  double seconds_kmeans; /* k-means on the embedding */
  gsae_spectral_path path; /* the path taken (EXACT or ITERATIVE) */
  int iterations;          /* subspace iterations (0 on the exact path) */
  double residual;         /* iterative: the largest final residual; exact: 0 */
  int nprow, npcol, nb;    /* BLACS grid and block size used */
  double *eigenvalues;     /* caller's array [k] or NULL: the k largest eigenvalues of M, descending */
  double *embedding;       /* caller's array (rows, k) row-major or NULL: E for the local rows */
} gsae_spectral_report;

/* AUTO path, seed 0, 10 restarts, tol 1e-10, 5000 iterations, oversample 10, degree 8. */
gsae_spectral_options gsae_spectral_defaults(void);

/* Spectral clustering into k clusters with K = n_neighbors: labels_local[rows] in 0..k-1 for
 * the local rows; report (may be NULL). Errors (k = 0 or k > N, n_neighbors = 0 or >= N, dim = 0,
 * non-finite X, bad options) are one line, the same on every rank. */
gsae_status gsae_spectral(MPI_Comm comm, const double *X_local, size_t rows, size_t dim, size_t k,
                          size_t n_neighbors, const gsae_spectral_options *options, int32_t *labels_local,
                          gsae_spectral_report *report);

/* The K nearest rows (global indices, the row itself included; ties to the lower index) of each
 * local row among all N rows: nbr (rows, K) row-major, each row sorted by (distance, index).
 * Squared distances ‖x‖² + ‖y‖² − 2 x·y by GEMM over blocks of local rows (at most ~32 MiB of
 * distances at a time), clamped at 0; a row's distance to itself is 0. Requires 1 <= K <= N. */
gsae_status gsae_knn(MPI_Comm comm, const double *X_local, size_t rows, size_t dim, size_t K, int32_t *nbr);

#ifdef __cplusplus
}
#endif
#endif
