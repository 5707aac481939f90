/* One sweep point: derived values, cross-checks, stable ids, and the engine's settings. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gsae/real.h"
#include "gsae/sweep.h"

/* FNV-1a, 64 bit, then MurmurHash3's finaliser so that texts differing in one character give
 * unrelated ids: stable across machines and versions, collision odds about 3e-10 for 1e5 points,
 * and the canonical text it hashes is stored beside it in every point file. */
static uint64_t hash64(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; ++s) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* "v1;precision=float;n=950;groups=500;..." over the parameters of the given scopes. The
 * precision enters because float and double builds give different results.
 *
 * Parameters added after v1 (omit_at_default in the table: coherence, orthonormal_groups) are left
 * out while they hold their default (unset / 0): a point that does not use them has the same text,
 * hence the same id and data_id, as before they existed, so existing sweeps keep their files. A
 * point that sets one differs from every v1 point anyway (v1 could only make the default). */
static void canonical(const gsae_point *pt, int with_train, char *buf, size_t cap) {
  double dflt[GSAE_PARAM_COUNT];
  gsae_param_defaults(dflt);
  size_t len = (size_t)snprintf(buf, cap, "gsae-point-v1;precision=%s", GSAE_REAL_NAME);
  for (int p = 0; p < GSAE_PARAM_COUNT && len < cap; ++p) {
    const gsae_param_info *info = gsae_param((gsae_param_id)p);
    gsae_param_scope scope = info->scope;
    if (scope == GSAE_SCOPE_RUN || (scope == GSAE_SCOPE_TRAIN && !with_train)) continue;
    if (info->omit_at_default &&
        (isnan(dflt[p]) ? isnan(pt->value[p]) : pt->value[p] == dflt[p]))
      continue;
    char v[64];
    gsae_param_format((gsae_param_id)p, pt->value[p], v, sizeof v);
    len += (size_t)snprintf(buf + len, cap - len, ";%s=%s", gsae_param((gsae_param_id)p)->name, v);
  }
}

void gsae_point_canonical(const gsae_point *pt, char *buf, size_t cap) { canonical(pt, 1, buf, cap); }

gsae_status gsae_point_finish(gsae_point *pt) {
  double *v = pt->value;
  if (isnan(v[GSAE_P_TRAIN_SEED])) v[GSAE_P_TRAIN_SEED] = v[GSAE_P_SEED];
  for (int p = 0; p < GSAE_PARAM_COUNT; ++p) /* NaN = unset is allowed for the optional ones */
    if (!isnan(v[p]) || (p != GSAE_P_INIT_CORR && p != GSAE_P_INIT_DELTA && p != GSAE_P_COHERENCE))
      GSAE_CALL(gsae_param_check((gsae_param_id)p, v[p]));
  if (isnan(v[GSAE_P_INIT_CORR]) == isnan(v[GSAE_P_INIT_DELTA]))
    return gsae_fail(GSAE_ERR_ARG, "exactly one of init_corr and init_delta must be set");
  if (v[GSAE_P_ACTIVE] > v[GSAE_P_GROUPS])
    return gsae_fail(GSAE_ERR_ARG, "active = %.0f exceeds groups = %.0f (gamma must be <= Gamma)", v[GSAE_P_ACTIVE],
                     v[GSAE_P_GROUPS]);
  if (v[GSAE_P_BMIN] > v[GSAE_P_BMAX])
    return gsae_fail(GSAE_ERR_ARG, "bmin = %g exceeds bmax = %g", v[GSAE_P_BMIN], v[GSAE_P_BMAX]);
  if (v[GSAE_P_BATCH_SIZE] > v[GSAE_P_SAMPLES])
    return gsae_fail(GSAE_ERR_ARG, "batch_size = %.0f exceeds samples = %.0f", v[GSAE_P_BATCH_SIZE], v[GSAE_P_SAMPLES]);
  if (v[GSAE_P_GROUPS] * v[GSAE_P_GROUP_SIZE] > 1e8)
    return gsae_fail(GSAE_ERR_ARG, "groups x group_size = %.3g atoms is larger than supported (1e8)",
                     v[GSAE_P_GROUPS] * v[GSAE_P_GROUP_SIZE]);
  char text[2048];
  canonical(pt, 0, text, sizeof text);
  snprintf(pt->data_id, sizeof pt->data_id, "%016llx", (unsigned long long)hash64(text));
  canonical(pt, 1, text, sizeof text);
  snprintf(pt->id, sizeof pt->id, "%016llx", (unsigned long long)hash64(text));
  return GSAE_OK;
}

gsae_gen_params gsae_point_gen_params(const gsae_point *pt) {
  const double *v = pt->value;
  gsae_gen_params g = gsae_gen_defaults();
  g.n = (size_t)v[GSAE_P_N];
  g.groups = (size_t)v[GSAE_P_GROUPS];
  g.group_size = (size_t)v[GSAE_P_GROUP_SIZE];
  g.active = (size_t)v[GSAE_P_ACTIVE];
  g.samples = (size_t)v[GSAE_P_SAMPLES];
  g.snr_db = v[GSAE_P_SNR_DB];
  g.bmin = v[GSAE_P_BMIN];
  g.bmax = v[GSAE_P_BMAX];
  g.seed = (uint64_t)v[GSAE_P_SEED];
  g.coherence = v[GSAE_P_COHERENCE]; /* NaN: unset */
  g.orthonormal_groups = (int)v[GSAE_P_ORTHONORMAL_GROUPS];
  return g;
}

gsae_train_config gsae_point_train_config(const gsae_point *pt) {
  const double *v = pt->value;
  gsae_train_config c = gsae_train_defaults();
  c.model = (gsae_model_kind)(int)v[GSAE_P_MODEL];
  c.lambda = v[GSAE_P_LAMBDA];
  c.epochs = (int64_t)v[GSAE_P_EPOCHS];
  c.lr = v[GSAE_P_LR];
  c.batch_size = (size_t)v[GSAE_P_BATCH_SIZE];
  if (isnan(v[GSAE_P_INIT_DELTA])) {
    c.init_mode = GSAE_INIT_CORR;
    c.init_value = v[GSAE_P_INIT_CORR];
  } else {
    c.init_mode = GSAE_INIT_DELTA;
    c.init_value = v[GSAE_P_INIT_DELTA];
  }
  c.seed = (uint64_t)v[GSAE_P_TRAIN_SEED];
  c.renormalize = (int)v[GSAE_P_RENORMALIZE];
  c.checkpoint_every = (int64_t)v[GSAE_P_CHECKPOINT_EVERY];
  return c;
}
