/* Private: the k largest eigenpairs of a symmetric block-cyclic matrix (N, N), two ways. */
#ifndef GSAE_CLUSTER_TOPEIG_H
#define GSAE_CLUSTER_TOPEIG_H

#include <stdint.h>

#include "../dist/blockcyclic.h"

/* The block size the exact path needs: PDSYEVR (ScaLAPACK 2.2) gives its back-transformation a
 * fixed workspace that is too small for nb > ~16 when k < nb; the largest power of two <= 64
 * that fits, for an (N, N) matrix on an nprow × npcol grid. */
int gsae_topeig_exact_nb(int N, int k, int nprow, int npcol);

/* Dense: PDSYEVR for eigenpairs N−k+1 … N (workspace queried first). M is destroyed.
 * vals[k] descending, U (N, k) row-major on every rank (column j belongs to vals[j]). */
gsae_status gsae_topeig_exact(const gsae_grid *g, gsae_bcmat *M, int k, double *vals, double *U);

/* Block subspace iteration with Rayleigh–Ritz (block b = min(k + p, N); M's spectrum must lie in
 * [−1, 1]): per iteration, orthonormalise V (PDGEQRF/PDORGQR), Ritz pairs of Vᵀ M V, stop when
 * ‖M u_j − θ_j u_j‖ <= tol for j < k (or fail after max_iter iterations); else the next block is
 * (M + I) U (degree 1: plain subspace iteration on M + I, whose dominant eigenvalues are the
 * wanted ones) or the Chebyshev polynomial of that degree on [−1, θ_b] applied to U (degree
 * products by M, the unwanted part of the spectrum damped far more per product). Start block
 * N(0, 1) from (seed, GSAE_STREAM_SPECTRAL, global row). Outputs as above, *iterations, *residual. */
gsae_status gsae_topeig_subspace(const gsae_grid *g, const gsae_bcmat *M, int k, int p, int degree, double tol,
                                 int max_iter, uint64_t seed, double *vals, double *U, int *iterations, double *residual);

#endif
