/* The generative model's settings (section 4.1): one row each; see gsae/settings.h. The rows' order
 * is the canonical order of the data part of a sweep point's id. */
#include <limits.h>
#include <math.h>
#include <stddef.h>

#include "gsae/dataset.h"

#define BIG 9007199254740992.0 /* 2^53: integers above it do not survive a double */
#define ROW(field) GSAE_STORE_SIZE, offsetof(gsae_gen_params, field)

const gsae_setting gsae_gen_settings[] = {
    {"n", GSAE_SET_INT, ROW(n), 950, 1, 2147483647.0, NULL, "data dimension n", GSAE_SCOPE_DATA, 0},
    {"groups", GSAE_SET_INT, ROW(groups), 500, 1, 1e8, NULL, "number of groups Gamma", GSAE_SCOPE_DATA, 0},
    {"group_size", GSAE_SET_INT, ROW(group_size), 2, 1, 1e8, NULL, "atoms per group d; m = Gamma d", GSAE_SCOPE_DATA, 0},
    {"active", GSAE_SET_INT, ROW(active), 3, 1, 1e8, NULL, "active groups per sample gamma", GSAE_SCOPE_DATA, 0},
    {"samples", GSAE_SET_INT, ROW(samples), 10000, 1, 2147483647.0, NULL, "number of samples N", GSAE_SCOPE_DATA, 0},
    {"snr_db", GSAE_SET_REAL, GSAE_STORE_DOUBLE, offsetof(gsae_gen_params, snr_db), 10, -1e300, 1e300, NULL,
     "signal-to-noise ratio over the whole data set (dB)", GSAE_SCOPE_DATA, 0},
    {"bmin", GSAE_SET_REAL, GSAE_STORE_DOUBLE, offsetof(gsae_gen_params, bmin), 4, 0, 1e300, NULL,
     "smallest group norm B_min of the codes", GSAE_SCOPE_DATA, GSAE_SET_LO_OPEN},
    {"bmax", GSAE_SET_REAL, GSAE_STORE_DOUBLE, offsetof(gsae_gen_params, bmax), 5, 0, 1e300, NULL,
     "largest group norm B_max of the codes", GSAE_SCOPE_DATA, GSAE_SET_LO_OPEN},
    {"seed", GSAE_SET_INT, GSAE_STORE_U64, offsetof(gsae_gen_params, seed), 0, 0, BIG, NULL,
     "seed of the data set (in a sweep also of training, unless train_seed)", GSAE_SCOPE_DATA, 0},
    /* added after the first sweep version: omitted from ids at their defaults */
    {"coherence", GSAE_SET_REAL, GSAE_STORE_DOUBLE, offsetof(gsae_gen_params, coherence), NAN, 0, 1, NULL,
     "target block coherence mu_B of A*, reached within 1% by mixing in a shared block", GSAE_SCOPE_DATA,
     GSAE_SET_LO_OPEN | GSAE_SET_UNSET_OK | GSAE_SET_OMIT_AT_DEFAULT, NULL, "coherence_target",
     "unset: independent random atoms"},
    {"orthonormal_groups", GSAE_SET_SWITCH, GSAE_STORE_INT, offsetof(gsae_gen_params, orthonormal_groups), 0, 0, 1,
     NULL, "orthonormal columns in each group of A*, A_g^T A_g = I (else unit columns)", GSAE_SCOPE_DATA,
     GSAE_SET_OMIT_AT_DEFAULT},
};
const size_t gsae_gen_settings_count = sizeof gsae_gen_settings / sizeof *gsae_gen_settings;

gsae_gen_params gsae_gen_defaults(void) {
  gsae_gen_params p = {0};
  gsae_settings_defaults(gsae_gen_settings, gsae_gen_settings_count, &p);
  return p;
}

static void label(const char *name, gsae_setting_style style, char *buf, size_t cap) {
  gsae_setting_label(gsae_settings_find(gsae_gen_settings, gsae_gen_settings_count, name), style, buf, cap);
}

gsae_status gsae_gen_validate(const gsae_gen_params *p, gsae_setting_style style) {
  GSAE_CALL(gsae_settings_check(gsae_gen_settings, gsae_gen_settings_count, p, style));
  char a[32], b[32];
  const char *eq = style == GSAE_STYLE_FLAG ? " " : " = "; /* "--active 11" or "active = 11" */
  if (p->active > p->groups) {
    label("active", style, a, sizeof a);
    label("groups", style, b, sizeof b);
    return gsae_fail(GSAE_ERR_ARG, "%s%s%zu exceeds %s%s%zu (gamma must be <= Gamma)", a, eq, p->active, b, eq,
                     p->groups);
  }
  if (p->bmax < p->bmin) {
    label("bmin", style, a, sizeof a);
    label("bmax", style, b, sizeof b);
    return gsae_fail(GSAE_ERR_ARG, "%s%s%g exceeds %s%s%g", a, eq, p->bmin, b, eq, p->bmax);
  }
  if (p->orthonormal_groups && p->group_size > p->n) {
    label("orthonormal_groups", style, a, sizeof a);
    return gsae_fail(GSAE_ERR_ARG, "%s needs d <= n: %zu orthonormal columns do not fit in n = %zu", a, p->group_size,
                     p->n);
  }
  if ((double)p->groups * (double)p->group_size > 1e8) {
    label("groups", style, a, sizeof a);
    label("group_size", style, b, sizeof b);
    return gsae_fail(GSAE_ERR_ARG, "%s x %s = %.3g atoms is larger than supported (1e8)", a, b,
                     (double)p->groups * (double)p->group_size);
  }
  return GSAE_OK;
}
