/* Settings descriptor rows: get/set through the row's offset, parse, check, format; see settings.h. */
#include "gsae/settings.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/names.h"

const char *gsae_setting_key(const gsae_setting *s) { return s->key ? s->key : s->name; }
const char *gsae_setting_attr(const gsae_setting *s) { return s->attr ? s->attr : s->name; }

void gsae_setting_label(const gsae_setting *s, gsae_setting_style style, char *buf, size_t cap) {
  if (style == GSAE_STYLE_KEY) {
    snprintf(buf, cap, "%s", gsae_setting_key(s));
    return;
  }
  snprintf(buf, cap, "--%s", s->name);
  for (char *q = buf + 2; *q; ++q)
    if (*q == '_') *q = '-';
}

double gsae_setting_get(const gsae_setting *s, const void *obj) {
  const char *p = (const char *)obj + s->offset;
  switch (s->store) {
    case GSAE_STORE_SIZE: return (double)*(const size_t *)p;
    case GSAE_STORE_I64: return (double)*(const int64_t *)p;
    case GSAE_STORE_U64: return (double)*(const uint64_t *)p;
    case GSAE_STORE_INT: return (double)*(const int *)p;
    case GSAE_STORE_DOUBLE: return *(const double *)p;
  }
  return NAN;
}

void gsae_setting_set(const gsae_setting *s, void *obj, double v) {
  char *p = (char *)obj + s->offset;
  if (isnan(v) && s->store != GSAE_STORE_DOUBLE) return; /* unset: the field keeps its value */
  switch (s->store) {
    case GSAE_STORE_SIZE: *(size_t *)p = (size_t)v; break;
    case GSAE_STORE_I64: *(int64_t *)p = (int64_t)v; break;
    case GSAE_STORE_U64: *(uint64_t *)p = (uint64_t)v; break;
    case GSAE_STORE_INT: *(int *)p = (int)v; break;
    case GSAE_STORE_DOUBLE: *(double *)p = v; break;
  }
}

static size_t choice_count(const gsae_setting *s) {
  size_t n = 0;
  while (s->choices[n]) ++n;
  return n;
}

gsae_status gsae_setting_check(const gsae_setting *s, double v, gsae_setting_style style) {
  char name[64];
  gsae_setting_label(s, style, name, sizeof name);
  if (isnan(v)) {
    if (s->opts & GSAE_SET_UNSET_OK) return GSAE_OK;
    return gsae_fail(GSAE_ERR_ARG, "%s must be set", name);
  }
  if (s->type == GSAE_SET_CHOICE) {
    if (!(v >= 0 && v < (double)choice_count(s) && v == floor(v)))
      return gsae_fail(GSAE_ERR_ARG, "%s: %g is not one of its choices", name, v);
    return GSAE_OK;
  }
  if (s->type == GSAE_SET_SWITCH) {
    if (v != 0 && v != 1) return gsae_fail(GSAE_ERR_ARG, "%s must be 0 or 1 (got %g)", name, v);
    return GSAE_OK;
  }
  if (!isfinite(v)) return gsae_fail(GSAE_ERR_ARG, "%s must be a finite number (got %g)", name, v);
  if (s->type == GSAE_SET_INT && v != floor(v))
    return gsae_fail(GSAE_ERR_ARG, "%s must be an integer (got %.17g)", name, v);
  int open = (s->opts & GSAE_SET_LO_OPEN) != 0;
  int below = open ? !(v > s->lo) : !(v >= s->lo);
  if (below || v > s->hi) {
    char lo[32], hi[32]; /* integers in full: [1, 2147483647], not 2.14748e+09 */
    snprintf(lo, sizeof lo, s->type == GSAE_SET_INT ? "%.0f" : "%g", s->lo);
    snprintf(hi, sizeof hi, s->type == GSAE_SET_INT ? "%.0f" : "%g", s->hi);
    if (s->hi >= 1e300) return gsae_fail(GSAE_ERR_ARG, "%s must be %s %s (got %.17g)", name, open ? ">" : ">=", lo, v);
    return gsae_fail(GSAE_ERR_ARG, "%s must be in %s%s, %s] (got %.17g)", name, open ? "(" : "[", lo, hi, v);
  }
  return GSAE_OK;
}

gsae_status gsae_setting_parse(const gsae_setting *s, const char *text, gsae_setting_style style, double *out) {
  char name[64];
  gsae_setting_label(s, style, name, sizeof name);
  double v;
  if ((s->opts & GSAE_SET_UNSET_OK) && strcmp(text, "unset") == 0) {
    *out = NAN;
    return GSAE_OK;
  }
  if (s->type == GSAE_SET_CHOICE) {
    int k = gsae_name_lookup(s->choices, text);
    if (k < 0) {
      char names[256];
      gsae_names_text(s->choices, names, sizeof names);
      return gsae_fail(GSAE_ERR_ARG, "%s must be %s (got '%s')", name, names, text);
    }
    *out = k;
    return GSAE_OK;
  }
  if (s->type == GSAE_SET_SWITCH) {
    static const char *const on[] = {"1", "true", "yes", "on", NULL}, *const off[] = {"0", "false", "no", "off", NULL};
    if (gsae_name_lookup(on, text) >= 0) v = 1;
    else if (gsae_name_lookup(off, text) >= 0) v = 0;
    else return gsae_fail(GSAE_ERR_ARG, "%s is a switch: give true or false (got '%s')", name, text);
    *out = v;
    return GSAE_OK;
  }
  char *end = NULL;
  errno = 0;
  v = strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE)
    return gsae_fail(GSAE_ERR_ARG, "%s: '%s' is not a number", name, text);
  GSAE_CALL(gsae_setting_check(s, v, style));
  *out = v;
  return GSAE_OK;
}

void gsae_setting_format(const gsae_setting *s, double v, char *buf, size_t cap) {
  if (isnan(v)) snprintf(buf, cap, "unset");
  else if (s->type == GSAE_SET_CHOICE) snprintf(buf, cap, "%s", gsae_name_of(s->choices, (int)v));
  else if (s->type != GSAE_SET_REAL) snprintf(buf, cap, "%.0f", v);
  else { /* the shortest text that reads back as the same double: 0.1, not 0.10000000000000001 */
    for (int digits = 15; digits <= 17; ++digits) {
      snprintf(buf, cap, "%.*g", digits, v);
      if (strtod(buf, NULL) == v) break;
    }
  }
}

const char *gsae_setting_kind_name(const gsae_setting *s) {
  static const char *const names[] = {"int", "real", "enum", "int"}; /* a switch is an int 0 / 1 */
  return names[s->type];
}

const char *gsae_setting_scope_name(const gsae_setting *s) {
  static const char *const names[] = {"data", "train", "run"};
  return names[s->scope];
}

const gsae_setting *gsae_settings_find(const gsae_setting *table, size_t count, const char *name) {
  for (size_t k = 0; k < count; ++k)
    if (strcmp(table[k].name, name) == 0 || strcmp(gsae_setting_key(&table[k]), name) == 0) return &table[k];
  return NULL;
}

void gsae_settings_defaults(const gsae_setting *table, size_t count, void *obj) {
  for (size_t k = 0; k < count; ++k) gsae_setting_set(&table[k], obj, table[k].def);
}

gsae_status gsae_settings_check(const gsae_setting *table, size_t count, const void *obj, gsae_setting_style style) {
  for (size_t k = 0; k < count; ++k) GSAE_CALL(gsae_setting_check(&table[k], gsae_setting_get(&table[k], obj), style));
  return GSAE_OK;
}
