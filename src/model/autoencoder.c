/* Forward and exact backward of the tied group-sparse autoencoder; see autoencoder.h. */
#include "gsae/autoencoder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/names.h"

#define GSAE_SPARSE_MAX_DENSITY 0.05

struct gsae_ae {
  gsae_model_kind kind;
  double lambda;
  size_t n, m, block, max_rows;
  gsae_path path, last_path;
  size_t rows;
  gsae_real *Z; /* (max_rows, m) pre-activations */
  gsae_real *X; /* (max_rows, m) codes */
  gsae_real *E; /* (max_rows, n) reconstruction error X W - Y */
  gsae_real *P; /* (max_rows, m) dense path: E W^T; sparse path: one row of scratch */
  gsae_real *D; /* (max_rows, m) dense path: J P;   sparse path: one row of scratch */
  /* active blocks of each row: block start units active[start[i] .. start[i+1]) */
  uint32_t *active;
  size_t *start;
  size_t active_cap;
};

const char *const gsae_path_names[] = {"auto", "sparse", "dense", NULL};

const char *gsae_path_name(gsae_path path) { return gsae_name_of(gsae_path_names, path); }

int gsae_path_parse(const char *name) { return gsae_name_lookup(gsae_path_names, name); }

gsae_status gsae_ae_create(gsae_ae **out, gsae_model_kind kind, double lambda, size_t n, size_t m,
                           size_t group_size, size_t max_rows, gsae_path path) {
  *out = NULL;
  if (n == 0 || m == 0 || group_size == 0 || m % group_size != 0)
    return gsae_fail(GSAE_ERR_ARG, "autoencoder: need n > 0 and m a positive multiple of the group size (n=%zu, m=%zu, d=%zu)",
                     n, m, group_size);
  gsae_ae *ae;
  GSAE_ALLOC(ae, 1, "autoencoder");
  ae->kind = kind;
  ae->lambda = lambda;
  ae->n = n;
  ae->m = m;
  ae->block = gsae_activation_block(kind, group_size);
  ae->max_rows = max_rows ? max_rows : 1;
  ae->path = path;
  ae->last_path = GSAE_PATH_SPARSE;
  size_t rows = ae->max_rows;
  if (!(ae->Z = gsae_calloc(rows * m, sizeof(gsae_real), "pre-activations Z")) ||
      !(ae->X = gsae_calloc(rows * m, sizeof(gsae_real), "codes X")) ||
      !(ae->E = gsae_calloc(rows * n, sizeof(gsae_real), "errors E")) ||
      !(ae->P = gsae_calloc(rows * m, sizeof(gsae_real), "backward P")) ||
      !(ae->D = gsae_calloc(rows * m, sizeof(gsae_real), "backward D")) ||
      !(ae->start = gsae_calloc(rows + 1, sizeof(size_t), "active offsets"))) {
    gsae_ae_destroy(ae);
    return GSAE_ERR_MEMORY;
  }
  *out = ae;
  return GSAE_OK;
}

void gsae_ae_destroy(gsae_ae *ae) {
  if (!ae) return;
  free(ae->Z);
  free(ae->X);
  free(ae->E);
  free(ae->P);
  free(ae->D);
  free(ae->active);
  free(ae->start);
  free(ae);
}

const gsae_real *gsae_ae_codes(const gsae_ae *ae) { return ae->X; }
gsae_path gsae_ae_last_path(const gsae_ae *ae) { return ae->last_path; }

/* Record the active blocks of every row (CSR of block start units). */
static gsae_status collect_active(gsae_ae *ae, size_t rows, size_t nnz) {
  size_t need = nnz / ae->block + 1;
  if (need > ae->active_cap) {
    uint32_t *grown = realloc(ae->active, need * sizeof *grown);
    if (!grown) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for %zu active-unit indices", need);
    ae->active = grown;
    ae->active_cap = need;
  }
  size_t q = 0;
  for (size_t i = 0; i < rows; ++i) {
    ae->start[i] = q;
    const gsae_real *x = ae->X + i * ae->m;
    for (size_t u0 = 0; u0 < ae->m; u0 += ae->block) {
      int on = 0;
      for (size_t k = 0; k < ae->block; ++k) on |= x[u0 + k] != 0;
      if (on) ae->active[q++] = (uint32_t)u0;
    }
  }
  ae->start[rows] = q;
  return GSAE_OK;
}

gsae_status gsae_ae_forward(gsae_ae *ae, const gsae_real *W, const gsae_real *Y, size_t rows,
                            double *sq_error, size_t *nnz_out) {
  if (rows > ae->max_rows)
    return gsae_fail(GSAE_ERR_ARG, "autoencoder: batch of %zu rows exceeds the workspace of %zu", rows, ae->max_rows);
  const size_t n = ae->n, m = ae->m;
  ae->rows = rows;
  *sq_error = 0.0;
  *nnz_out = 0;
  if (rows == 0) return GSAE_OK;
  /* Z (rows, m) = Y (rows, n) . W^T */
  gsae_gemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)m, (int)n, 1, Y, (int)n, W, (int)n, 0,
            ae->Z, (int)m);
  size_t nnz = 0;
  for (size_t i = 0; i < rows; ++i)
    nnz += gsae_activation_forward(ae->kind, ae->lambda, ae->block, ae->Z + i * m, ae->X + i * m, m);
  *nnz_out = nnz;

  gsae_path path = ae->path;
  if (path == GSAE_PATH_AUTO)
    path = (double)nnz <= GSAE_SPARSE_MAX_DENSITY * (double)rows * (double)m ? GSAE_PATH_SPARSE : GSAE_PATH_DENSE;
  ae->last_path = path;

  for (size_t k = 0; k < rows * n; ++k) ae->E[k] = -Y[k]; /* E = -Y, then += X W */
  if (path == GSAE_PATH_DENSE) {
    /* E (rows, n) += X (rows, m) . W (m, n) */
    gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)n, (int)m, 1, ae->X, (int)m, W, (int)n,
              1, ae->E, (int)n);
  } else {
    GSAE_CALL(collect_active(ae, rows, nnz));
    for (size_t i = 0; i < rows; ++i) {
      gsae_real *e = ae->E + i * n;
      const gsae_real *x = ae->X + i * m;
      for (size_t q = ae->start[i]; q < ae->start[i + 1]; ++q)
        for (size_t u = ae->active[q]; u < ae->active[q] + ae->block; ++u)
          if (x[u] != 0) gsae_axpy((int)n, x[u], W + u * n, 1, e, 1);
    }
  }
  double s = 0.0;
  for (size_t i = 0; i < rows; ++i) {
    const gsae_real *e = ae->E + i * n;
    double si = 0.0;
    for (size_t k = 0; k < n; ++k) si += (double)e[k] * (double)e[k];
    s += si;
  }
  *sq_error = s;
  return GSAE_OK;
}

void gsae_ae_backward(gsae_ae *ae, const gsae_real *W, const gsae_real *Y, gsae_real *grad, gsae_real scale) {
  const size_t n = ae->n, m = ae->m, rows = ae->rows, block = ae->block;
  if (rows == 0) return;
  if (ae->last_path == GSAE_PATH_DENSE) {
    /* P (rows, m) = E (rows, n) . W^T;  D = J P row by row */
    gsae_gemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)m, (int)n, 1, ae->E, (int)n, W, (int)n, 0,
              ae->P, (int)m);
    for (size_t i = 0; i < rows; ++i)
      gsae_activation_backward(ae->kind, ae->lambda, block, ae->Z + i * m, ae->P + i * m, ae->D + i * m, m);
    /* grad (m, n) += scale X^T E + scale D^T Y */
    gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)n, (int)rows, scale, ae->X, (int)m, ae->E,
              (int)n, 1, grad, (int)n);
    gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)n, (int)rows, scale, ae->D, (int)m, Y, (int)n,
              1, grad, (int)n);
    return;
  }
  gsae_real *p = ae->P, *d = ae->D; /* one row of scratch each, touched only at active units */
  for (size_t i = 0; i < rows; ++i) {
    const gsae_real *e = ae->E + i * n, *y = Y + i * n, *z = ae->Z + i * m, *x = ae->X + i * m;
    for (size_t q = ae->start[i]; q < ae->start[i + 1]; ++q) {
      size_t u0 = ae->active[q];
      for (size_t u = u0; u < u0 + block; ++u) p[u] = gsae_dot((int)n, W + u * n, 1, e, 1);
      gsae_activation_backward_block(ae->kind, ae->lambda, block, z, p, d, u0);
      for (size_t u = u0; u < u0 + block; ++u) {
        gsae_real *g = grad + u * n;
        if (x[u] != 0) gsae_axpy((int)n, scale * x[u], e, 1, g, 1);
        if (d[u] != 0) gsae_axpy((int)n, scale * d[u], y, 1, g, 1);
      }
    }
  }
}
