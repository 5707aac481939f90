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

/* "v1;precision=float;n=950;groups=500;..." over the keys of the given scopes. The precision enters
 * because float and double builds give different results.
 *
 * Keys added after v1 (GSAE_SET_OMIT_AT_DEFAULT: coherence, orthonormal_groups, encoder, layers, ...)
 * are left out while they hold their default: a point that does not use them has the same text,
 * hence the same id and data_id, as before they existed, so existing sweeps keep their files. A
 * point that sets one differs from every v1 point anyway (v1 could only make the default). */
static void canonical(const gsae_point *pt, int with_train, char *buf, size_t cap) {
  size_t len = (size_t)snprintf(buf, cap, "gsae-point-v1;precision=%s", GSAE_REAL_NAME);
  /* a data file: its content id in place of the generator's keys (unset but for the dictionary's) */
  if (pt->data[0]) len += (size_t)snprintf(buf + len, cap - len, ";data=%s", pt->data_content);
  for (size_t p = 0; p < gsae_param_count() && len < cap; ++p) {
    const gsae_setting *row = gsae_param(p);
    if (row->scope == GSAE_SCOPE_NONE || (row->scope == GSAE_SCOPE_POINT && !with_train)) continue;
    double dflt = gsae_param_default(p), v = pt->value[p];
    /* a data file's dictionary (groups, group_size) is the point's, not the data's */
    if (pt->data[0] && gsae_param_owner_of(p) == GSAE_OWNER_GEN && (isnan(v) || !with_train)) continue;
    if ((row->opts & GSAE_SET_OMIT_AT_DEFAULT) && (isnan(dflt) ? isnan(v) : v == dflt)) continue;
    char text[64];
    gsae_setting_format(row, v, text, sizeof text);
    len += (size_t)snprintf(buf + len, cap - len, ";%s=%s", gsae_setting_key(row), text);
  }
}

void gsae_point_canonical(const gsae_point *pt, char *buf, size_t cap) { canonical(pt, 1, buf, cap); }

static size_t key(const char *name) { return (size_t)gsae_param_lookup(name); }

/* The keys of the initialisation: its mode, correlation and distance (gsae_train_init_settings). */
static void init_keys(size_t init[3]) {
  const gsae_setting *rows[3];
  gsae_train_init_settings(rows);
  for (int i = 0; i < 3; ++i) init[i] = key(gsae_setting_key(rows[i]));
}

gsae_status gsae_point_finish(gsae_point *pt) {
  double *v = pt->value;
  const int file = pt->data[0] != '\0';
  if (isnan(v[key("train_seed")])) v[key("train_seed")] = isnan(v[key("seed")]) ? 0 : v[key("seed")];
  if (file) v[key("seed")] = NAN; /* a data file has no generator seed: only the training seed enters */
  size_t init[3];
  init_keys(init);
  GSAE_CALL(gsae_train_resolve_init(&v[init[0]], &v[init[1]], &v[init[2]], GSAE_STYLE_KEY));
  for (size_t p = 0; p < gsae_param_count(); ++p)
    if (!(file && gsae_param_owner_of(p) == GSAE_OWNER_GEN && isnan(v[p])))
      GSAE_CALL(gsae_setting_check(gsae_param(p), v[p], GSAE_STYLE_KEY));
  if (file && isnan(v[key("groups")]) != isnan(v[key("group_size")]))
    return gsae_fail(GSAE_ERR_ARG, "give groups and group_size together (the dictionary of a data: point)");
  gsae_gen_params g = gsae_point_gen_params(pt);
  gsae_train_config c = gsae_point_train_config(pt);
  if (!file) GSAE_CALL(gsae_gen_validate(&g, GSAE_STYLE_KEY));
  GSAE_CALL(gsae_train_validate(&c, GSAE_STYLE_KEY));
  GSAE_CALL(gsae_train_check_encoder(&c, NULL, GSAE_STYLE_KEY));
  if (!file && c.batch_size > g.samples) /* a data file's size is checked when it is read */
    return gsae_fail(GSAE_ERR_ARG, "batch_size = %zu exceeds samples = %zu", c.batch_size, g.samples);
  /* corr and delta follow from which initial value is set: only data enters the id */
  if (v[init[0]] != GSAE_INIT_DATA) v[init[0]] = NAN;
  char text[4096];
  canonical(pt, 0, text, sizeof text);
  snprintf(pt->data_id, sizeof pt->data_id, "%016llx", (unsigned long long)hash64(text));
  canonical(pt, 1, text, sizeof text);
  snprintf(pt->id, sizeof pt->id, "%016llx", (unsigned long long)hash64(text));
  return GSAE_OK;
}

static void fill(const gsae_point *pt, gsae_param_owner owner, void *obj) {
  for (size_t p = 0; p < gsae_param_count(); ++p)
    if (gsae_param_owner_of(p) == owner) gsae_setting_set(gsae_param(p), obj, pt->value[p]);
}

gsae_gen_params gsae_point_gen_params(const gsae_point *pt) {
  gsae_gen_params g = gsae_gen_defaults();
  fill(pt, GSAE_OWNER_GEN, &g);
  return g;
}

gsae_train_config gsae_point_train_config(const gsae_point *pt) {
  gsae_train_config c = gsae_train_defaults();
  fill(pt, GSAE_OWNER_TRAIN, &c);
  if (pt->data[0] && !isnan(pt->value[key("groups")])) { /* the dictionary of a data: point */
    c.groups = (size_t)pt->value[key("groups")];
    c.group_size = (size_t)pt->value[key("group_size")];
  }
  size_t init[3];
  init_keys(init);
  if (isnan(pt->value[init[0]])) c.init_mode = isnan(pt->value[init[2]]) ? GSAE_INIT_CORR : GSAE_INIT_DELTA;
  return c;
}
