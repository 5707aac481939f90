/* What the two encoders share: creation by kind, layout conversions, atom renormalisation; see model.h. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

gsae_status train_model_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                               size_t max_rows) {
  *out = NULL;
  train_model *mod = NULL;
  if (cfg->encoder == GSAE_ENCODER_UNFOLDED) GSAE_CALL(model_unfolded_create(&mod, cfg, n, m, d, max_rows));
  else GSAE_CALL(model_tied_create(&mod, cfg, n, m, d, max_rows));
  mod->n = n;
  mod->m = m;
  mod->d = d;
  if (strcmp(mod->param_name, "A") == 0 && !(mod->wbuf = gsae_calloc(m * n, sizeof(gsae_real), "dictionary transpose"))) {
    train_model_destroy(mod);
    return GSAE_ERR_MEMORY;
  }
  *out = mod;
  return GSAE_OK;
}

void train_model_destroy(train_model *mod) {
  if (!mod) return;
  free(mod->wbuf);
  mod->destroy(mod);
}

const gsae_real *train_model_W(train_model *mod, const gsae_real *P) {
  if (!mod->wbuf) return P;
  for (size_t j = 0; j < mod->m; ++j)
    for (size_t k = 0; k < mod->n; ++k) mod->wbuf[j * mod->n + k] = P[j * mod->atom_stride + k * mod->entry_stride];
  return mod->wbuf;
}

void train_model_from_W(const train_model *mod, const gsae_real *W, gsae_real *P) {
  if (!mod->wbuf) {
    memcpy(P, W, mod->m * mod->n * sizeof *P);
    return;
  }
  for (size_t j = 0; j < mod->m; ++j)
    for (size_t k = 0; k < mod->n; ++k) P[j * mod->atom_stride + k * mod->entry_stride] = W[j * mod->n + k];
}

void train_model_unit_atoms(const train_model *mod, gsae_real *P) {
  const size_t as = mod->atom_stride, es = mod->entry_stride, n = mod->n;
  for (size_t j = 0; j < mod->m; ++j) {
    gsae_real *a = P + j * as;
    double s = 0.0;
    for (size_t k = 0; k < n; ++k) s += (double)a[k * es] * (double)a[k * es];
    if (s > 0)
      for (size_t k = 0; k < n; ++k) a[k * es] = (gsae_real)((double)a[k * es] / sqrt(s));
  }
}
