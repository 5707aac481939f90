/* The parameters a sweep spec may name: one table, with kinds, ranges and the paper's defaults.
 * A parameter added after the first version sets omit_at_default in its row (see sweep.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/sweep.h"

typedef struct {
  gsae_param_info info;
  double lo, hi;   /* allowed range */
  int lo_open;     /* lo itself excluded */
} param_row;

#define BIG 9007199254740992.0 /* 2^53: integers above it do not survive a double */

/* Canonical order = gsae_param_id order; ids hash the values in this order. */
static const param_row table[GSAE_PARAM_COUNT] = {
    [GSAE_P_N] = {{"n", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "data dimension n", NULL}, 1, 2147483647.0, 0},
    [GSAE_P_GROUPS] = {{"groups", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "number of groups Gamma", NULL}, 1, 1e8, 0},
    [GSAE_P_GROUP_SIZE] = {{"group_size", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "atoms per group d", NULL}, 1, 1e8, 0},
    [GSAE_P_ACTIVE] = {{"active", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "active groups per sample gamma", NULL}, 1, 1e8, 0},
    [GSAE_P_SAMPLES] = {{"samples", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "number of samples N", NULL}, 1, 2147483647.0, 0},
    [GSAE_P_SNR_DB] = {{"snr_db", GSAE_PARAM_REAL, GSAE_SCOPE_DATA, "signal-to-noise ratio over the data set (dB)", NULL},
                       -1e300, 1e300, 0},
    [GSAE_P_BMIN] = {{"bmin", GSAE_PARAM_REAL, GSAE_SCOPE_DATA, "smallest group norm B_min of the codes", NULL}, 0, 1e300, 1},
    [GSAE_P_BMAX] = {{"bmax", GSAE_PARAM_REAL, GSAE_SCOPE_DATA, "largest group norm B_max of the codes", NULL}, 0, 1e300, 1},
    [GSAE_P_SEED] = {{"seed", GSAE_PARAM_INT, GSAE_SCOPE_DATA, "seed of the data set (and of training unless train_seed)",
                      NULL}, 0, BIG, 0},
    /* Added after v1 (omit_at_default = 1): a point at the default leaves them out of its canonical
     * text, so every id computed before they existed is unchanged (tests/test_spec.cpp pins one). */
    [GSAE_P_COHERENCE] = {{"coherence", GSAE_PARAM_REAL, GSAE_SCOPE_DATA,
                           "target block coherence mu_B of A*, reached within 1% (unset = independent random atoms)",
                           NULL, 1}, 0, 1, 1},
    [GSAE_P_ORTHONORMAL_GROUPS] = {{"orthonormal_groups", GSAE_PARAM_INT, GSAE_SCOPE_DATA,
                                    "orthonormal columns in each group of A*, A_g^T A_g = I (0 or 1)", NULL, 1},
                                   0, 1, 0},
    [GSAE_P_MODEL] = {{"model", GSAE_PARAM_ENUM, GSAE_SCOPE_TRAIN, "encoder: group, soft (sparse baseline) or relu",
                       gsae_model_kind_names}, 0, 2, 0},
    [GSAE_P_LAMBDA] = {{"lambda", GSAE_PARAM_REAL, GSAE_SCOPE_TRAIN, "threshold lambda of the encoder", NULL}, 0, 1e300, 0},
    [GSAE_P_EPOCHS] = {{"epochs", GSAE_PARAM_INT, GSAE_SCOPE_TRAIN, "training epochs", NULL}, 0, 1e9, 0},
    [GSAE_P_LR] = {{"lr", GSAE_PARAM_REAL, GSAE_SCOPE_TRAIN, "Adam learning rate", NULL}, 0, 1e300, 1},
    [GSAE_P_BATCH_SIZE] = {{"batch_size", GSAE_PARAM_INT, GSAE_SCOPE_TRAIN, "mini-batch size (0 = full batch)", NULL}, 0,
                           2147483647.0, 0},
    [GSAE_P_INIT_CORR] = {{"init_corr", GSAE_PARAM_REAL, GSAE_SCOPE_TRAIN,
                           "initial mean correlation between a0_j and a*_j (unset when init_delta is given)", NULL},
                          0, 1, 1},
    [GSAE_P_INIT_DELTA] = {{"init_delta", GSAE_PARAM_REAL, GSAE_SCOPE_TRAIN,
                            "initial max_g ||A0_g - A*_g||_F (unset = initialise by init_corr)", NULL}, 0, 1e300, 0},
    [GSAE_P_TRAIN_SEED] = {{"train_seed", GSAE_PARAM_INT, GSAE_SCOPE_TRAIN,
                            "seed of the initialisation and batch order (default: seed)", NULL}, 0, BIG, 0},
    [GSAE_P_RENORMALIZE] = {{"renormalize", GSAE_PARAM_INT, GSAE_SCOPE_TRAIN,
                             "renormalise atoms to unit norm after every step (0 or 1)", NULL}, 0, 1, 0},
    [GSAE_P_CHECKPOINT_EVERY] = {{"checkpoint_every", GSAE_PARAM_INT, GSAE_SCOPE_RUN,
                                  "checkpoint every k epochs (0 = on signals only); not part of the id", NULL},
                                 0, 1e9, 0},
};

const gsae_param_info *gsae_param(gsae_param_id p) { return &table[p].info; }

int gsae_param_lookup(const char *name) {
  for (int p = 0; p < GSAE_PARAM_COUNT; ++p)
    if (strcmp(table[p].info.name, name) == 0) return p;
  return -1;
}

void gsae_param_defaults(double value[GSAE_PARAM_COUNT]) {
  gsae_gen_params g = gsae_gen_defaults();
  gsae_train_config c = gsae_train_defaults();
  value[GSAE_P_N] = (double)g.n;
  value[GSAE_P_GROUPS] = (double)g.groups;
  value[GSAE_P_GROUP_SIZE] = (double)g.group_size;
  value[GSAE_P_ACTIVE] = (double)g.active;
  value[GSAE_P_SAMPLES] = (double)g.samples;
  value[GSAE_P_SNR_DB] = g.snr_db;
  value[GSAE_P_BMIN] = g.bmin;
  value[GSAE_P_BMAX] = g.bmax;
  value[GSAE_P_SEED] = (double)g.seed;
  value[GSAE_P_COHERENCE] = g.coherence; /* NaN: unset */
  value[GSAE_P_ORTHONORMAL_GROUPS] = (double)g.orthonormal_groups;
  value[GSAE_P_MODEL] = (double)c.model;
  value[GSAE_P_LAMBDA] = c.lambda;
  value[GSAE_P_EPOCHS] = (double)c.epochs;
  value[GSAE_P_LR] = c.lr;
  value[GSAE_P_BATCH_SIZE] = (double)c.batch_size;
  value[GSAE_P_INIT_CORR] = c.init_value; /* the defaults initialise by correlation */
  value[GSAE_P_INIT_DELTA] = NAN;
  value[GSAE_P_TRAIN_SEED] = NAN;
  value[GSAE_P_RENORMALIZE] = (double)c.renormalize;
  value[GSAE_P_CHECKPOINT_EVERY] = (double)c.checkpoint_every;
}

void gsae_param_format(gsae_param_id p, double value, char *buf, size_t cap) {
  const param_row *r = &table[p];
  if (isnan(value)) snprintf(buf, cap, "unset");
  else if (r->info.kind == GSAE_PARAM_ENUM) snprintf(buf, cap, "%s", r->info.choices[(int)value]);
  else if (r->info.kind == GSAE_PARAM_INT) snprintf(buf, cap, "%.0f", value);
  else { /* the shortest text that reads back as the same double: 0.1, not 0.10000000000000001 */
    for (int digits = 15; digits <= 17; ++digits) {
      snprintf(buf, cap, "%.*g", digits, value);
      if (strtod(buf, NULL) == value) break;
    }
  }
}

gsae_status gsae_param_check(gsae_param_id p, double value) {
  const param_row *r = &table[p];
  const char *name = r->info.name;
  if (r->info.kind == GSAE_PARAM_ENUM) {
    if (!(value >= r->lo && value <= r->hi && value == floor(value)))
      return gsae_fail(GSAE_ERR_ARG, "%s: not one of its choices", name);
    return GSAE_OK;
  }
  if (!isfinite(value)) return gsae_fail(GSAE_ERR_ARG, "%s must be a finite number (got %g)", name, value);
  if (r->info.kind == GSAE_PARAM_INT && value != floor(value))
    return gsae_fail(GSAE_ERR_ARG, "%s must be an integer (got %.17g)", name, value);
  int below = r->lo_open ? !(value > r->lo) : !(value >= r->lo);
  if (below || value > r->hi) {
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%g", r->lo);
    snprintf(hi, sizeof hi, "%g", r->hi);
    if (r->hi >= 1e300)
      return gsae_fail(GSAE_ERR_ARG, "%s must be %s %s (got %g)", name, r->lo_open ? ">" : ">=", lo, value);
    return gsae_fail(GSAE_ERR_ARG, "%s must be in %s%s, %s] (got %.17g)", name, r->lo_open ? "(" : "[", lo, hi, value);
  }
  return GSAE_OK;
}
