/* The unfolded K-layer encoder with linear decoder (gsae_unfolded, parameters A (n, m)) behind the
 * trainer's vtable; see model.h. The step eta = 1/||A||_2^2 is recomputed after every change of A
 * and is a constant for backprop (as in the authors' code), or fixed (--eta E, cfg->eta_fixed). */
#include <stdlib.h>

#include "gsae/h5.h"
#include "gsae/unfolded.h"
#include "model.h"

typedef struct {
  train_model base; /* first: the vtable */
  gsae_unfolded *u;
  double eta_fixed; /* > 0: the fixed step (--eta); 0: 1/||A||_2^2 */
} unfolded_model;

static gsae_status unf_forward(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows,
                               model_stats *stats) {
  gsae_unfolded_stats s;
  GSAE_CALL(gsae_unfolded_forward(((unfolded_model *)mod)->u, P, Y, rows, &s));
  stats->sq_error = s.sq_error;
  stats->active_groups = s.active_groups;
  stats->active_entries = s.active_entries;
  return GSAE_OK;
}

static gsae_status unf_backward(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows,
                                gsae_real *grad, gsae_real scale) {
  return gsae_unfolded_backward(((unfolded_model *)mod)->u, P, Y, rows, grad, scale);
}

static const gsae_real *unf_codes(const train_model *mod) {
  return gsae_unfolded_codes(((const unfolded_model *)mod)->u);
}

static gsae_status unf_params_changed(train_model *mod, const gsae_real *P) {
  unfolded_model *t = (unfolded_model *)mod;
  if (t->eta_fixed > 0.0) return gsae_unfolded_set_eta(t->u, t->eta_fixed);
  return gsae_unfolded_update_eta(t->u, P, NULL);
}

static double unf_eta(const train_model *mod) { return gsae_unfolded_eta(((const unfolded_model *)mod)->u); }

static gsae_status unf_write_attrs(const train_model *mod, hid_t fid, const char *path) {
  (void)path;
  return gsae_h5_attr_write_double(fid, "/", "eta", unf_eta(mod));
}

static void unf_destroy(train_model *mod) {
  gsae_unfolded_destroy(((unfolded_model *)mod)->u);
  free(mod);
}

gsae_status model_unfolded_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                                  size_t max_rows) {
  unfolded_model *t;
  GSAE_ALLOC(t, 1, "unfolded model");
  gsae_status st = gsae_unfolded_create(&t->u, n, m, d, cfg->layers, cfg->unfold, cfg->prox, cfg->nonneg,
                                        cfg->lambda, max_rows);
  if (st != GSAE_OK) {
    free(t);
    return st;
  }
  t->eta_fixed = cfg->eta_fixed;
  train_model *b = &t->base;
  b->param_name = "A";
  b->shape[0] = n;
  b->shape[1] = m;
  b->atom_stride = 1;
  b->entry_stride = m;
  b->forward = unf_forward;
  b->backward = unf_backward;
  b->codes = unf_codes;
  b->params_changed = unf_params_changed;
  b->write_attrs = unf_write_attrs;
  b->eta = unf_eta;
  b->destroy = unf_destroy;
  *out = b;
  return GSAE_OK;
}
