/* Distributed Gram-matrix computations on a BLACS grid of the ranks (src/dist/gram.c).
 *
 * Block coherence (eq. 3): mu_B = max_{g != h} ||A_g^T A_h||_2 / d, the serial reference being
 * gsae_block_coherence (include/gsae/metrics.h). */
#ifndef GSAE_GRAM_H
#define GSAE_GRAM_H

#include <mpi.h>
#include <stddef.h>

#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Collective: *mu = mu_B of the dictionary W (m, n) row-major (atom j = row j = column j of A,
 * group g = rows g*d .. g*d+d-1), W replicated on every rank of comm. d must divide m; one group
 * (m == d) gives 0.
 *
 * The Gram G = A^T A (m, m) is formed by PDSYRK on a 2-D block-cyclic layout (blocks of nb x nb,
 * nb a multiple of d, so each d x d block of G lies on one process), each process takes the
 * spectral norms of its blocks above the diagonal (g < h), and a max combines them. The blocks
 * within a rounding margin of that max are then recomputed exactly as the serial reference does
 * (the same dot products in the same order, the same LAPACK call), so the result equals
 * gsae_block_coherence(W, m, n, d, 0, 1) bit for bit, for any number of ranks and grid shape.
 * Memory: about 8 (m^2 + m n) / P bytes per rank. */
gsae_status gsae_block_coherence_dist(MPI_Comm comm, const gsae_real *W, size_t m, size_t n, size_t d, double *mu);

#ifdef __cplusplus
}
#endif
#endif
