/* The tied autoencoder (gsae_ae, parameters W = A^T (m, n)) behind the trainer's vtable; see model.h. */
#include <stdlib.h>

#include "gsae/autoencoder.h"
#include "model.h"

typedef struct {
  train_model base; /* first: the vtable */
  gsae_ae *ae;
} tied_model;

/* groups of d units with a nonzero entry in X (rows, m) */
static size_t count_groups(const gsae_real *X, size_t rows, size_t m, size_t d) {
  size_t groups = 0;
  for (size_t q = 0; q < rows * m; q += d)
    for (size_t k = 0; k < d; ++k)
      if (X[q + k] != 0) {
        ++groups;
        break;
      }
  return groups;
}

static gsae_status tied_forward(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows,
                                model_stats *stats) {
  tied_model *t = (tied_model *)mod;
  size_t nnz = 0;
  GSAE_CALL(gsae_ae_forward(t->ae, P, Y, rows, &stats->sq_error, &nnz));
  stats->active_entries = nnz;
  stats->active_groups = count_groups(gsae_ae_codes(t->ae), rows, mod->m, mod->d);
  return GSAE_OK;
}

static gsae_status tied_backward(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows,
                                 gsae_real *grad, gsae_real scale) {
  (void)rows;
  gsae_ae_backward(((tied_model *)mod)->ae, P, Y, grad, scale);
  return GSAE_OK;
}

static const gsae_real *tied_codes(const train_model *mod) { return gsae_ae_codes(((const tied_model *)mod)->ae); }

static void tied_destroy(train_model *mod) {
  gsae_ae_destroy(((tied_model *)mod)->ae);
  free(mod);
}

gsae_status model_tied_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                              size_t max_rows) {
  tied_model *t;
  GSAE_ALLOC(t, 1, "tied model");
  gsae_status st = gsae_ae_create(&t->ae, cfg->model, cfg->lambda, n, m, d, max_rows, cfg->path);
  if (st != GSAE_OK) {
    free(t);
    return st;
  }
  train_model *b = &t->base;
  b->param_name = "W";
  b->shape[0] = m;
  b->shape[1] = n;
  b->atom_stride = n;
  b->entry_stride = 1;
  b->forward = tied_forward;
  b->backward = tied_backward;
  b->codes = tied_codes;
  b->destroy = tied_destroy;
  *out = b;
  return GSAE_OK;
}
