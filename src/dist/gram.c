/* Distributed block coherence through the Gram matrix; see include/gsae/gram.h.
 *
 *   W (m, n) row-major, replicated  -->  A (n, m) block-cyclic, nb x nb blocks, nb = d * ceil(64 / d)
 *   G = A^T A (m, m), upper triangle      PDSYRK
 *   screen: s_gh = ||G_gh||_2, g < h      each process, its own d x d blocks (closed form d <= 2)
 *   confirm: exact ||A_g^T A_h||_2 of every block with s_gh >= max s - margin   (serial reference)
 *   mu = max confirmed / d                MPI_Allreduce MAX (exact in any order)
 *
 * Why confirm: PDSYRK's sums are split differently on different grids, so s_gh differs in the last
 * bits with the number of ranks; the data files must not (tests/scenario_generate_ranks.sh compares
 * them byte for byte, and the generator bisects on mu). The margin bounds the rounding of the
 * screen (every Gram entry is within n eps |a_i| |a_j| of the exact one, a block's norm within d
 * times that), so the pair that is largest in the serial reference is always among the confirmed
 * ones, and the confirmed values are computed the same way on every grid. */
#include "gsae/gram.h"

#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blockcyclic.h"
#include "gsae/dist.h"
#include "gsae/metrics.h"

/* ||B||_2 of a d x d block stored column-major with leading dimension ld; scratch holds d*d + 2d + 1. */
static double block_norm(const double *B, int ld, size_t d, double *scratch) {
  if (d == 1) return fabs(B[0]);
  if (d == 2) { /* [[a, b], [c, e]]: sigma_max = (|(a+e, c-b)| + |(a-e, b+c)|) / 2 */
    double a = B[0], c = B[1], b = B[ld], e = B[ld + 1];
    return 0.5 * (hypot(a + e, c - b) + hypot(a - e, b + c));
  }
  double *C = scratch, *s = scratch + d * d, *superb = s + d;
  for (size_t j = 0; j < d; ++j)
    for (size_t i = 0; i < d; ++i) C[j * d + i] = B[j * (size_t)ld + i];
  if (LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', (lapack_int)d, (lapack_int)d, C, (lapack_int)d, s, NULL, 1, NULL, 1,
                     superb) != 0)
    return NAN;
  return s[0];
}

/* The serial reference's value for the one pair (g, h): gsae_block_coherence of the 2d rows, i.e.
 * ||A_g^T A_h||_2 / d (the max of these equals the reference's max / d: rounding is monotone). */
static double exact_pair(const gsae_real *W, size_t n, size_t d, size_t g, size_t h, gsae_real *rows) {
  memcpy(rows, W + g * d * n, d * n * sizeof *rows);
  memcpy(rows + d * n, W + h * d * n, d * n * sizeof *rows);
  return gsae_block_coherence(rows, 2 * d, n, d, 0, 1);
}

/* This rank's parts of A (n, m) and G (m, m) and the scratch; the sizes differ per rank, so the
 * caller agrees on the outcome (and frees what was allocated). */
static gsae_status alloc_parts(const gsae_grid *grid, int N, int M, int nb, size_t n, size_t d, gsae_bcmat *A,
                               gsae_bcmat *G, double **scratch, double **sv, gsae_real **rows) {
  GSAE_CALL(gsae_bcmat_alloc(grid, N, M, nb, A));
  GSAE_CALL(gsae_bcmat_alloc(grid, M, M, nb, G));
  const size_t lbr = (size_t)G->lrows / d, lbc = (size_t)G->lcols / d;
  GSAE_ALLOC(*scratch, d * d + 2 * d + 1, "block-norm scratch");
  GSAE_ALLOC(*sv, lbr * lbc + 1, "block norms");
  GSAE_ALLOC(*rows, 2 * d * n, "block-coherence rows");
  return GSAE_OK;
}

gsae_status gsae_block_coherence_dist(MPI_Comm comm, const gsae_real *W, size_t m, size_t n, size_t d, double *mu) {
  *mu = 0.0;
  gsae_status st = GSAE_OK;
  if (d == 0 || n == 0 || m % d != 0)
    st = gsae_fail(GSAE_ERR_ARG, "block coherence: the group size d = %zu must be positive and divide m = %zu (n = %zu)",
                   d, m, n);
  else if (m > INT_MAX || n > INT_MAX)
    st = gsae_fail(GSAE_ERR_ARG, "block coherence: m = %zu and n = %zu must each be below 2^31", m, n);
  GSAE_CALL(gsae_dist_agree(comm, st));
  if (m / d < 2) return GSAE_OK; /* one group: no pair */

  gsae_grid grid;
  GSAE_CALL(gsae_grid_init(comm, &grid));
  const int M = (int)m, N = (int)n, nb = (int)(d * ((64 + d - 1) / d)), one = 1;
  gsae_bcmat A = {0}, G = {0};
  double *scratch = NULL, *sv = NULL;
  gsae_real *rows = NULL;
  GSAE_TRY(gsae_dist_agree(comm, alloc_parts(&grid, N, M, nb, n, d, &A, &G, &scratch, &sv, &rows)));
  const size_t lbr = (size_t)G.lrows / d, lbc = (size_t)G.lcols / d; /* local d x d blocks of G */

  /* A (n, m): A[r][j] = W[j][r]; the largest squared column norm sets the screen's margin */
  double cmax = 0.0;
  const size_t lda = (size_t)A.desc[8];
  for (int lc = 0; lc < A.lcols; ++lc) {
    size_t j = (size_t)gsae_bc_global(lc, nb, grid.mycol, grid.npcol);
    for (int lr = 0; lr < A.lrows; ++lr)
      A.a[(size_t)lc * lda + (size_t)lr] = (double)W[j * n + (size_t)gsae_bc_global(lr, nb, grid.myrow, grid.nprow)];
  }
  for (size_t j = 0; j < m; ++j) {
    double s = 0.0;
    for (size_t r = 0; r < n; ++r) s += (double)W[j * n + r] * (double)W[j * n + r];
    if (s > cmax) cmax = s;
  }
  const double alpha = 1.0, beta = 0.0;
  pdsyrk_("U", "T", &M, &N, &alpha, A.a, &one, &one, A.desc, &beta, G.a, &one, &one, G.desc);

  /* screen: the norms of this process's blocks above the diagonal (blocks never straddle nb) */
  const size_t ldg = (size_t)G.desc[8];
  double smax = -1.0;
  for (size_t bc = 0; bc < lbc; ++bc) {
    size_t h = (size_t)gsae_bc_global((int)(bc * d), nb, grid.mycol, grid.npcol) / d;
    for (size_t br = 0; br < lbr; ++br) {
      size_t g = (size_t)gsae_bc_global((int)(br * d), nb, grid.myrow, grid.nprow) / d;
      double s = -1.0;
      if (g < h) {
        s = block_norm(G.a + bc * d * ldg + br * d, (int)ldg, d, scratch);
        if (isnan(s)) s = INFINITY; /* LAPACK failed: confirm it exactly */
      }
      sv[bc * lbr + br] = s;
      if (s > smax) smax = s;
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, &smax, 1, MPI_DOUBLE, MPI_MAX, comm);

  /* confirm: every block within the margin of the max, exactly as the serial reference */
  const double margin = (1e-12 * (double)n + 1e-9) * (double)d * cmax;
  double best = 0.0;
  gsae_status local = GSAE_OK;
  for (size_t bc = 0; bc < lbc && local == GSAE_OK; ++bc) {
    size_t h = (size_t)gsae_bc_global((int)(bc * d), nb, grid.mycol, grid.npcol) / d;
    for (size_t br = 0; br < lbr; ++br) {
      double s = sv[bc * lbr + br];
      if (s < 0.0 || s < smax - margin) continue;
      size_t g = (size_t)gsae_bc_global((int)(br * d), nb, grid.myrow, grid.nprow) / d;
      double e = exact_pair(W, n, d, g, h, rows);
      if (isnan(e)) {
        local = gsae_fail(GSAE_ERR_NUMERIC, "block coherence: the SVD of block (%zu, %zu) failed", g, h);
        break;
      }
      if (e > best) best = e;
    }
  }
  GSAE_TRY(gsae_dist_agree(comm, local));
  MPI_Allreduce(MPI_IN_PLACE, &best, 1, MPI_DOUBLE, MPI_MAX, comm);
  *mu = best;
cleanup:
  free(rows);
  free(sv);
  free(scratch);
  gsae_bcmat_free(&G);
  gsae_bcmat_free(&A);
  gsae_grid_free(&grid);
  return st;
}
