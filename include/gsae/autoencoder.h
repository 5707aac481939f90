/* The shallow tied autoencoder of section 3.1 on a batch of samples (forward + exact backward).
 *
 * Storage: the dictionary is kept as W = A^T, shape (m, n) row-major, so atom j (column j of A)
 * is the contiguous row W[j*n .. j*n+n). Samples Y are (rows, n) row-major, one sample per row,
 * exactly as /data/Y is stored on disk.
 *
 *   Z = Y W^T          (rows, m)    the one dense product (one GEMM)
 *   X = sigma_lambda(Z) (rows, m)   group ReLU / soft / relu, see activation.h
 *   E = X W - Y        (rows, n)    reconstruction error, loss = ||E||_F^2 / (2 N)
 *   P = E W^T, D = J(Z) P           only at active units
 *   dL/dW = (X^T E + D^T Y) / N     (m, n)  == (E X^T + Y D^T)^T / N  in the A = W^T picture
 *
 * Two paths compute the same numbers: the dense reference path uses five GEMMs; the sparse path
 * uses one GEMM plus loops over the active units only (about 8 n nnz(X) flops), which is what
 * makes an epoch cost little more than one GEMM once the codes are sparse. AUTO picks the sparse
 * path when at most 5% of the units of the batch are active. */
#ifndef GSAE_AUTOENCODER_H
#define GSAE_AUTOENCODER_H

#include <stddef.h>

#include "gsae/activation.h"
#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_PATH_AUTO = 0, GSAE_PATH_SPARSE = 1, GSAE_PATH_DENSE = 2 } gsae_path;

typedef struct gsae_ae gsae_ae;

/* "auto" | "sparse" | "dense" */
extern const char *const gsae_path_names[]; /* "auto", "sparse", "dense", NULL */
const char *gsae_path_name(gsae_path path);
int gsae_path_parse(const char *name); /* -1 if unknown */

/* n: data dimension, m: number of atoms (Gamma * group_size), max_rows: largest batch. */
gsae_status gsae_ae_create(gsae_ae **out, gsae_model_kind kind, double lambda, size_t n, size_t m,
                           size_t group_size, size_t max_rows, gsae_path path);
void gsae_ae_destroy(gsae_ae *ae);

/* Forward on Y (rows, n) with W (m, n). Keeps Z, X, E for backward.
 * *sq_error = sum_i ||e_i||^2 over the rows (double), *nnz = number of nonzero units of X. */
gsae_status gsae_ae_forward(gsae_ae *ae, const gsae_real *W, const gsae_real *Y, size_t rows,
                            double *sq_error, size_t *nnz);

/* Codes X of the last forward, (rows, m) row-major. */
const gsae_real *gsae_ae_codes(const gsae_ae *ae);

/* Backward of the last forward: grad (m, n) += scale * (X^T E + D^T Y)  (accumulates).
 * Pass scale = 1/N_global for the gradient of the loss of eq. (13). */
void gsae_ae_backward(gsae_ae *ae, const gsae_real *W, const gsae_real *Y, gsae_real *grad, gsae_real scale);

/* Which path the last forward used (never AUTO). */
gsae_path gsae_ae_last_path(const gsae_ae *ae);

#ifdef __cplusplus
}
#endif
#endif
