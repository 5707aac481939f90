/* The unfolded (K-layer) encoder of the MNIST study (paper section 4.2): forward and exact backward.
 *
 * Storage: unlike autoencoder.h (which holds W = A^T), this module takes the dictionary A itself,
 * shape (n, m) row-major, m = Gamma * d atoms in groups of d consecutive columns, as the data files
 * store it. Samples Y are (rows, n) row-major, one sample per row. Codes are (rows, m) row-major.
 *
 * Codes come from K layers of proximal gradient on 1/2 ||y - A x||^2 + lambda R(x), run in code
 * space with the Gram form (G and B formed once per batch):
 *
 *   G = A^T A                (m, m)       B = Y A       (rows, m)
 *   ISTA : x^0 = 0,          U_k = x^k - eta (x^k G - B),  x^{k+1} = prox_{lambda eta}(U_k)
 *   FISTA: z^0 = x^0 = 0, t_0 = 1,
 *          U_k = z^k - eta (z^k G - B),  x^{k+1} = prox_{lambda eta}(U_k),
 *          t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,  beta_k = (t_k - 1) / t_{k+1},
 *          z^{k+1} = x^{k+1} + beta_k (x^{k+1} - x^k)
 *   decoder Yhat = X A^T (rows, n) with X = x^K;  E = Yhat - Y;  loss = ||E||_F^2 / (2 rows)
 *
 * The step eta = 1 / sigma_max(A)^2 comes from gsae_unfolded_update_eta (deterministic power
 * iteration) or is set directly; the forward pass uses the stored value and the backward pass
 * treats it as a constant (as the authors' code does: eta is computed from detached weights).
 *
 * prox kinds, threshold tau = lambda * eta (nonneg: one-sided variants):
 *   GROUP        x_g = (1 - tau/||v_g||)_+ v_g,  v = u            (nonneg: v = max(u, 0))
 *   ENTRY        x = sign(u) (|u| - tau)_+                        (nonneg: x = (u - tau)_+)
 *   SPARSE_GROUP entry soft threshold first, then group shrinkage of the result, both with tau
 * Each is the exact proximal operator of its penalty (plus the indicator of x >= 0 when nonneg).
 *
 * Backward (reverse mode through the layers, in code space): with gX = dL/dx^K = scale E A,
 *   gU_k = J_prox(U_k)^T gx^{k+1},  gz^k = gU_k (I - eta G),
 *   gx^k = (1 + beta_{k-1}) gz^k - beta_k gz^{k+1}     (ISTA: beta = 0, so gx^k = gz^k)
 *   dG = -eta sum_k (z^k)^T gU_k,   dB = eta sum_k gU_k
 *   dL/dA = scale E^T X + A (dG + dG^T) + Y^T dB     (n, m)
 * Cost per batch (flops): forward 2 n m^2 (G) + 4 rows n m (B, decoder) + 2 (K-1) rows m^2 (layer 0
 * starts from 0); backward 2 n m^2 + 6 rows n m + 4 (K-1) rows m^2. All products are GEMMs. */
#ifndef GSAE_UNFOLDED_H
#define GSAE_UNFOLDED_H

#include <stddef.h>

#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_UNFOLD_ISTA = 0, GSAE_UNFOLD_FISTA = 1 } gsae_unfold_kind;
typedef enum { GSAE_PROX_GROUP = 0, GSAE_PROX_ENTRY = 1, GSAE_PROX_SPARSE_GROUP = 2 } gsae_prox_kind;

/* "ista" | "fista";  "group" | "entry" | "sparse-group".  Parsers return -1 for unknown names. */
extern const char *const gsae_unfold_kind_names[]; /* "ista", "fista", NULL */
extern const char *const gsae_prox_kind_names[];   /* "group", "entry", "sparse-group", NULL */
int gsae_unfold_kind_parse(const char *name);
const char *gsae_unfold_kind_name(gsae_unfold_kind kind);
int gsae_prox_kind_parse(const char *name);
const char *gsae_prox_kind_name(gsae_prox_kind kind);

typedef struct gsae_unfolded gsae_unfolded;

/* What one forward pass measured (at the final codes X = x^K). */
typedef struct {
  double sq_error;            /* sum_i ||e_i||^2 over the rows (double) */
  double loss;                /* sq_error / (2 rows); 0 for an empty batch */
  size_t active_groups;       /* groups of d units with any nonzero entry, summed over the rows */
  size_t active_entries;      /* nonzero entries of X */
  size_t max_groups_per_row;  /* most active groups in one sample */
} gsae_unfolded_stats;

/* n: data dimension, m: atoms (a multiple of d), d: group size, K >= 1 layers, lambda >= 0,
 * max_rows: largest batch. Workspace: (2K + 7) max_rows m + max_rows n + 2 m^2 reals (the 2K slices
 * hold every layer's pre-prox values and outputs for backward) plus n m + m^2 doubles for the step. */
gsae_status gsae_unfolded_create(gsae_unfolded **out, size_t n, size_t m, size_t d, size_t K,
                                 gsae_unfold_kind kind, gsae_prox_kind prox, int nonneg, double lambda,
                                 size_t max_rows);
void gsae_unfolded_destroy(gsae_unfolded *u);

/* eta = 1 / sigma_max(A)^2 of A (n, m) by power iteration on A^T A in double, from a fixed start
 * vector, until the residual ||G v - rho v|| <= 1e-10 rho or 10000 iterations: deterministic.
 * Stores eta for the following forward/backward passes and returns it in *eta (may be NULL).
 * Fails (GSAE_ERR_DATA) when A is zero or not finite. */
gsae_status gsae_unfolded_update_eta(gsae_unfolded *u, const gsae_real *A, double *eta);
/* ||A||_2^2 = the largest eigenvalue of A^T A for A (n, m), by the same power iteration (same bits
 * as 1/eta of gsae_unfolded_update_eta); allocates its own workspace. Fails as update_eta does. */
gsae_status gsae_sigma_max_sq(const gsae_real *A, size_t n, size_t m, double *rho);
/* Use a given step instead (eta > 0), e.g. a fixed step with ||A||_2 held at 1. */
gsae_status gsae_unfolded_set_eta(gsae_unfolded *u, double eta);
double gsae_unfolded_eta(const gsae_unfolded *u); /* 0 until set */

/* Forward on Y (rows, n) with A (n, m) and the stored eta. Keeps G, the pre-prox values U_k and the
 * outputs x^{k+1} of every layer (K, rows, m) each, and the errors E for backward. stats may be NULL. */
gsae_status gsae_unfolded_forward(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows,
                                  gsae_unfolded_stats *stats);

/* Codes X = x^K of the last forward, (rows, m) row-major. */
const gsae_real *gsae_unfolded_codes(const gsae_unfolded *u);
/* Pre-prox values U_k of layer k (0 <= k < K) of the last forward, (rows, m) row-major. */
const gsae_real *gsae_unfolded_preprox(const gsae_unfolded *u, size_t k);

/* Backward of the last forward (same A, Y and rows, checked): gradA (n, m) += scale * d(1/2 ||E||_F^2)/dA,
 * exact through all K layers and the decoder with eta held constant (ACCUMULATES into gradA).
 * Pass scale = 1/rows for the gradient of the batch loss, 1/N_global for a data-parallel sum. */
gsae_status gsae_unfolded_backward(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows,
                                   gsae_real *gradA, gsae_real scale);

/* Smallest distance, over every layer, row and unit of the last forward, of a quantity the prox
 * branches on to its kink (|u| or ||v_g|| against tau, u against 0 when nonneg). The gradient is
 * exact, and finite differences valid, only where this is positive. */
double gsae_unfolded_kink_margin(const gsae_unfolded *u);

#ifdef __cplusplus
}
#endif
#endif
