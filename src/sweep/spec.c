/* Sweep specs: YAML (libyaml's document API) -> fixed values + axes -> points on demand.
 *
 *   name: fig3                 # required: results/<name>/
 *   results: results           # optional base directory
 *   epochs: 300                # scalar = fixed setting
 *   snr_db: [1, 5, 10]         # list = axis
 *   seed: {from: 0, to: 4}     # range = axis ({from, to, step} or {from, to, num, scale: log})
 *   zip:                       # axes that move together (one mapping, or a list of mappings)
 *     lambda: [1, 2]
 *     snr_db: [1, 5]
 *
 * The grid is the Cartesian product of the axes in the order they appear (a zip block counts as
 * one axis, at its position); the last axis varies fastest. Every error names the line. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gsae/sweep.h"

#define MAX_POINTS 100000000.0

typedef struct {
  size_t param;
  double *values;
  int line;
} axis_member;

typedef struct {
  axis_member *members;
  size_t nmembers, len;
} axis;

struct gsae_spec {
  char *origin, *text, *name, *results;
  double fixed[GSAE_PARAM_MAX];
  int line[GSAE_PARAM_MAX]; /* line that sets the key (0 = default) */
  axis *axes;
  size_t naxes, count;
};

typedef struct {
  yaml_document_t *doc;
  gsae_spec *s;
} ctx;

static int line_of(const yaml_node_t *node) { return (int)node->start_mark.line + 1; }

static gsae_status fail_at(const ctx *c, const yaml_node_t *node, const char *fmt, const char *a, const char *b) {
  char msg[512];
  snprintf(msg, sizeof msg, fmt, a, b);
  return gsae_fail(GSAE_ERR_ARG, "%s:%d: %s", c->s->origin, node ? line_of(node) : 0, msg);
}

static const char *scalar(const yaml_node_t *node) { return (const char *)node->data.scalar.value; }

static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b), row[64];
  if (la >= 63 || lb >= 63) return 99;
  for (size_t j = 0; j <= lb; ++j) row[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; ++j) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

static const char *const reserved[] = {"name", "results", "description", "zip", NULL};

static const char *key_name(size_t p) { return gsae_setting_key(gsae_param(p)); }

int gsae_spec_key_known(const char *key) {
  if (gsae_param_lookup(key) >= 0) return 1;
  for (int r = 0; reserved[r]; ++r)
    if (strcmp(key, reserved[r]) == 0) return 1;
  return 0;
}

const char *gsae_spec_key_suggest(const char *key) {
  const char *best = NULL;
  size_t bestd = 3;
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    size_t d = edit_distance(key, key_name(p));
    if (d < bestd) bestd = d, best = key_name(p);
  }
  for (int r = 0; reserved[r]; ++r) {
    size_t d = edit_distance(key, reserved[r]);
    if (d < bestd) bestd = d, best = reserved[r];
  }
  return best;
}

static gsae_status unknown_key(const ctx *c, const yaml_node_t *key) {
  const char *k = scalar(key), *best = gsae_spec_key_suggest(k);
  if (best) return fail_at(c, key, "unknown key '%s' (did you mean '%s'?)", k, best);
  return fail_at(c, key, "unknown key '%s' (see docs/sweeps.md for the keys%s)", k, "");
}

/* One scalar as a value of key p, checked against its row. */
static gsae_status parse_value(const ctx *c, size_t p, const yaml_node_t *node, double *out) {
  if (node->type != YAML_SCALAR_NODE) return fail_at(c, node, "%s: expected a single value here%s", key_name(p), "");
  if (gsae_setting_parse(gsae_param(p), scalar(node), GSAE_STYLE_KEY, out) != GSAE_OK) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s", gsae_error_message());
    return fail_at(c, node, "%s%s", msg, "");
  }
  return GSAE_OK;
}

/* Round a computed range value to 15 significant digits, so that 0.1 + 2 * 0.1 is 0.3 (and
 * hashes like a 0.3 written by hand). */
static double tidy(double v) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.15g", v);
  return strtod(buf, NULL);
}

static gsae_status range_number(const ctx *c, const yaml_node_t *node, const char *key, double *out) {
  if (node->type != YAML_SCALAR_NODE) return fail_at(c, node, "range key '%s' needs a number%s", key, "");
  char *end = NULL;
  *out = strtod(scalar(node), &end);
  if (end == scalar(node) || *end != '\0' || !isfinite(*out))
    return fail_at(c, node, "range key '%s': '%s' is not a finite number", key, scalar(node));
  return GSAE_OK;
}

/* {from, to, step} (inclusive of `to`) or {from, to, num[, scale: linear|log]}. */
static gsae_status parse_range(const ctx *c, size_t p, yaml_node_t *map, double **values, size_t *len) {
  const char *pname = key_name(p);
  double from = NAN, to = NAN, step = NAN, num = NAN;
  int have_from = 0, have_to = 0, have_step = 0, have_num = 0, log_scale = 0;
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; ++pr) {
    yaml_node_t *k = yaml_document_get_node(c->doc, pr->key), *v = yaml_document_get_node(c->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE) return fail_at(c, k, "%s: range keys must be plain words%s", pname, "");
    const char *key = scalar(k);
    double *slot = !strcmp(key, "from") ? &from : !strcmp(key, "to") ? &to : !strcmp(key, "step") ? &step
                 : !strcmp(key, "num") ? &num : NULL;
    if (slot) {
      GSAE_CALL(range_number(c, v, key, slot));
      have_from |= slot == &from;
      have_to |= slot == &to;
      have_step |= slot == &step;
      have_num |= slot == &num;
    } else if (!strcmp(key, "scale")) {
      if (v->type != YAML_SCALAR_NODE || (strcmp(scalar(v), "log") && strcmp(scalar(v), "linear")))
        return fail_at(c, v, "%s: range scale must be linear or log%s", pname, "");
      log_scale = !strcmp(scalar(v), "log");
    } else
      return fail_at(c, k, "%s: unknown range key '%s' (use from, to, step or num, scale)", pname, key);
  }
  if (!have_from || !have_to) return fail_at(c, map, "%s: a range needs both 'from' and 'to'%s", pname, "");
  if (have_step && have_num) return fail_at(c, map, "%s: give 'step' or 'num', not both%s", pname, "");
  if (log_scale && !have_num) return fail_at(c, map, "%s: 'scale: log' needs 'num'%s", pname, "");
  size_t n;
  if (have_num) {
    if (!(num >= 1 && num == floor(num) && num <= MAX_POINTS))
      return fail_at(c, map, "%s: 'num' must be a positive integer%s", pname, "");
    if (log_scale && !(from > 0 && to > 0)) return fail_at(c, map, "%s: a log range needs from, to > 0%s", pname, "");
    n = (size_t)num;
  } else {
    if (!have_step) step = 1;
    if (step == 0 || (to - from) / step < 0)
      return fail_at(c, map, "%s: the step must be nonzero and lead from 'from' to 'to'%s", pname, "");
    double steps = floor((to - from) / step + 1e-9);
    if (steps + 1 > MAX_POINTS) return fail_at(c, map, "%s: the range has more than 1e8 values%s", pname, "");
    n = (size_t)steps + 1;
  }
  double *v = calloc(n, sizeof *v);
  if (!v) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the values of %s", pname);
  for (size_t k = 0; k < n; ++k) {
    double t = n == 1 ? 0.0 : (double)k / (double)(n - 1);
    if (have_num && log_scale) v[k] = tidy(exp(log(from) + t * (log(to) - log(from))));
    else if (have_num) v[k] = tidy(from + t * (to - from));
    else v[k] = tidy(from + (double)k * step);
    if (gsae_setting_check(gsae_param(p), v[k], GSAE_STYLE_KEY) != GSAE_OK) {
      char msg[256];
      snprintf(msg, sizeof msg, "%s", gsae_error_message());
      free(v);
      return fail_at(c, map, "range value: %s%s", msg, "");
    }
  }
  *values = v;
  *len = n;
  return GSAE_OK;
}

/* A list or a range: the values of one axis (never empty). */
static gsae_status parse_axis_values(const ctx *c, size_t p, yaml_node_t *node, double **values, size_t *len) {
  if (node->type == YAML_MAPPING_NODE) return parse_range(c, p, node, values, len);
  size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
  if (n == 0) return fail_at(c, node, "%s: empty axis (give at least one value)%s", key_name(p), "");
  double *v = calloc(n, sizeof *v);
  if (!v) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the values of %s", key_name(p));
  for (size_t k = 0; k < n; ++k) {
    gsae_status st = parse_value(c, p, yaml_document_get_node(c->doc, node->data.sequence.items.start[k]), &v[k]);
    if (st != GSAE_OK) {
      free(v);
      return st;
    }
  }
  *values = v;
  *len = n;
  return GSAE_OK;
}

static gsae_status add_axis(gsae_spec *s, size_t nmembers) {
  axis *a = realloc(s->axes, (s->naxes + 1) * sizeof *a);
  if (!a) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec's axes");
  s->axes = a;
  a[s->naxes] = (axis){calloc(nmembers, sizeof(axis_member)), 0, 0};
  if (!a[s->naxes].members) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec's axes");
  s->naxes++;
  return GSAE_OK;
}

/* Key -> parameter, refusing unknown and repeated keys. */
static gsae_status param_key(const ctx *c, yaml_node_t *key, size_t *p) {
  if (key->type != YAML_SCALAR_NODE) return fail_at(c, key, "keys must be plain words%s%s", "", "");
  int id = gsae_param_lookup(scalar(key));
  if (id < 0) return unknown_key(c, key);
  if (c->s->line[id]) {
    char prev[32];
    snprintf(prev, sizeof prev, "%d", c->s->line[id]);
    return fail_at(c, key, "'%s' is set twice (first on line %s)", scalar(key), prev);
  }
  *p = (size_t)id;
  c->s->line[id] = line_of(key);
  return GSAE_OK;
}

static gsae_status parse_zip_group(const ctx *c, yaml_node_t *map) {
  if (map->type != YAML_MAPPING_NODE) return fail_at(c, map, "zip: expected a mapping of parameter: list%s%s", "", "");
  size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
  if (n == 0) return fail_at(c, map, "zip: empty block%s%s", "", "");
  GSAE_CALL(add_axis(c->s, n));
  axis *a = &c->s->axes[c->s->naxes - 1];
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; ++pr) {
    yaml_node_t *k = yaml_document_get_node(c->doc, pr->key), *v = yaml_document_get_node(c->doc, pr->value);
    size_t p = 0;
    GSAE_CALL(param_key(c, k, &p));
    if (v->type == YAML_SCALAR_NODE)
      return fail_at(c, v, "zip: '%s' needs a list or a range, not a single value%s", key_name(p), "");
    axis_member *m = &a->members[a->nmembers];
    size_t len;
    m->param = p;
    m->line = line_of(k);
    GSAE_CALL(parse_axis_values(c, p, v, &m->values, &len));
    a->nmembers++;
    if (a->nmembers == 1) a->len = len;
    else if (len != a->len) {
      char what[160];
      snprintf(what, sizeof what, "zip: '%s' has %zu values but '%s' has %zu", key_name(p), len,
               key_name(a->members[0].param), a->len);
      return fail_at(c, k, "%s%s (zipped axes move together and need equal lengths)", what, "");
    }
  }
  return GSAE_OK;
}

static gsae_status parse_string_key(const ctx *c, yaml_node_t *k, yaml_node_t *v, char **out) {
  if (*out) return fail_at(c, k, "'%s' is set twice%s", scalar(k), "");
  if (v->type != YAML_SCALAR_NODE || !*scalar(v)) return fail_at(c, v, "'%s' needs a non-empty string%s", scalar(k), "");
  *out = strdup(scalar(v));
  if (!*out) return gsae_fail(GSAE_ERR_MEMORY, "out of memory");
  return GSAE_OK;
}

static gsae_status check_name(const ctx *c, yaml_node_t *v, const char *name) {
  for (const char *q = name; *q; ++q)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' ||
          *q == '.'))
      return fail_at(c, v, "name '%s' may hold only letters, digits, '-', '_' and '.' (it names a folder)%s", name, "");
  if (name[0] == '.') return fail_at(c, v, "name '%s' must not start with '.'%s", name, "");
  return GSAE_OK;
}

/* Does any point of the grid take `value` for key p? */
static int grid_has(const gsae_spec *s, size_t p, double value) {
  if (!s->line[p]) return gsae_param_default(p) == value;
  if (s->fixed[p] == value) return 1;
  for (size_t a = 0; a < s->naxes; ++a)
    for (size_t m = 0; m < s->axes[a].nmembers; ++m)
      if (s->axes[a].members[m].param == p)
        for (size_t k = 0; k < s->axes[a].len; ++k)
          if (s->axes[a].members[m].values[k] == value) return 1;
  return 0;
}

/* A key of one encoder's, given in a spec where no point uses that encoder (a preset may name it). */
static gsae_status check_encoder_keys(const gsae_spec *s) {
  size_t enc = (size_t)gsae_param_lookup("encoder"), preset = (size_t)gsae_param_lookup("preset");
  if (s->line[preset]) return GSAE_OK; /* the preset sets the encoder; the points check their values */
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    unsigned opts = gsae_param(p)->opts;
    int unfolded = (opts & GSAE_SET_UNFOLDED) != 0;
    if (!s->line[p] || !(opts & (GSAE_SET_UNFOLDED | GSAE_SET_TIED))) continue;
    if (!grid_has(s, enc, unfolded ? GSAE_ENCODER_UNFOLDED : GSAE_ENCODER_TIED))
      return gsae_fail(GSAE_ERR_ARG, "%s:%d: %s applies to encoder: %s only, and no point of this spec uses it",
                       s->origin, s->line[p], key_name(p), unfolded ? "unfolded" : "tied");
  }
  return GSAE_OK;
}

/* The point's preset: its values for the keys the spec does not name. */
static gsae_status apply_preset(const gsae_spec *s, gsae_point *pt) {
  double preset = pt->value[gsae_param_lookup("preset")];
  if (isnan(preset)) return GSAE_OK;
  for (const char *const *v = gsae_train_preset_values((int)preset); *v; v += 2) {
    int p = gsae_param_lookup(v[0]);
    if (p < 0) return gsae_fail(GSAE_ERR_ARG, "preset %s sets '%s', which is not a sweep key", gsae_train_preset_names[(int)preset], v[0]);
    if (!s->line[p]) GSAE_CALL(gsae_setting_parse(gsae_param((size_t)p), v[1], GSAE_STYLE_KEY, &pt->value[p]));
  }
  return GSAE_OK;
}

static gsae_status parse_root(const ctx *c, yaml_node_t *root) {
  gsae_spec *s = c->s;
  if (!root || root->type != YAML_MAPPING_NODE)
    return fail_at(c, root, "a spec is a mapping of keys (name:, parameters, zip:)%s%s", "", "");
  yaml_node_t *name_node = NULL;
  char *description = NULL;
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; ++pr) {
    yaml_node_t *k = yaml_document_get_node(c->doc, pr->key), *v = yaml_document_get_node(c->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE) return fail_at(c, k, "keys must be plain words%s%s", "", "");
    const char *key = scalar(k);
    gsae_status st = GSAE_OK;
    if (!strcmp(key, "name")) {
      st = parse_string_key(c, k, v, &s->name);
      name_node = v;
    } else if (!strcmp(key, "results")) {
      st = parse_string_key(c, k, v, &s->results);
    } else if (!strcmp(key, "description")) {
      st = parse_string_key(c, k, v, &description);
    } else if (!strcmp(key, "zip")) {
      if (v->type == YAML_SEQUENCE_NODE) {
        if (v->data.sequence.items.top == v->data.sequence.items.start)
          return fail_at(c, v, "zip: empty list%s%s", "", "");
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && st == GSAE_OK; ++it)
          st = parse_zip_group(c, yaml_document_get_node(c->doc, *it));
      } else {
        st = parse_zip_group(c, v);
      }
    } else {
      size_t p = 0;
      st = param_key(c, k, &p);
      if (st == GSAE_OK && v->type == YAML_SCALAR_NODE) {
        st = parse_value(c, p, v, &s->fixed[p]);
      } else if (st == GSAE_OK) {
        st = add_axis(s, 1);
        if (st == GSAE_OK) {
          axis *a = &s->axes[s->naxes - 1];
          a->members[0].param = p;
          a->members[0].line = line_of(k);
          st = parse_axis_values(c, p, v, &a->members[0].values, &a->len);
          if (st == GSAE_OK) a->nmembers = 1;
        }
      }
    }
    if (st != GSAE_OK) {
      free(description);
      return st;
    }
  }
  free(description);
  if (!s->name) return fail_at(c, root, "missing key 'name' (it names the folder results/<name>/)%s%s", "", "");
  GSAE_CALL(check_name(c, name_node, s->name));
  if (!s->results) s->results = strdup("results");
  GSAE_CALL(check_encoder_keys(s));
  double count = 1;
  for (size_t a = 0; a < s->naxes; ++a) count *= (double)s->axes[a].len;
  if (count > MAX_POINTS)
    return gsae_fail(GSAE_ERR_ARG, "%s: the grid has %.3g points, more than the limit of 1e8", s->origin, count);
  s->count = (size_t)count;
  return GSAE_OK;
}

/* Lines of the keys a point-level error message names, appended as "(active: line 5, ...)". */
static void point_error_context(const gsae_spec *s, size_t index) {
  char msg[1024], where[256] = "";
  snprintf(msg, sizeof msg, "%s", gsae_error_message());
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    const char *name = key_name(p);
    const char *hit = strstr(msg, name);
    size_t nl = strlen(name);
    if (!s->line[p] || !hit || (hit > msg && (hit[-1] == '_' || (hit[-1] >= 'a' && hit[-1] <= 'z'))) ||
        hit[nl] == '_' || (hit[nl] >= 'a' && hit[nl] <= 'z'))
      continue;
    snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s: line %d", where[0] ? ", " : "", name, s->line[p]);
  }
  gsae_fail(GSAE_ERR_ARG, "%s: point %zu: %s%s%s%s", s->origin, index, msg, where[0] ? " (" : "", where,
            where[0] ? ")" : "");
}

gsae_status gsae_spec_point(const gsae_spec *s, size_t index, gsae_point *pt) {
  if (index >= s->count)
    return gsae_fail(GSAE_ERR_ARG, "point %zu does not exist: %s has %zu points (0 .. %zu)", index, s->origin, s->count,
                     s->count - 1);
  memset(pt, 0, sizeof *pt);
  pt->index = index;
  memcpy(pt->value, s->fixed, sizeof pt->value);
  size_t rest = index;
  for (size_t a = s->naxes; a-- > 0;) {
    size_t k = rest % s->axes[a].len;
    rest /= s->axes[a].len;
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) pt->value[s->axes[a].members[m].param] = s->axes[a].members[m].values[k];
  }
  if (apply_preset(s, pt) != GSAE_OK || gsae_point_finish(pt) != GSAE_OK) {
    point_error_context(s, index);
    return GSAE_ERR_ARG;
  }
  return GSAE_OK;
}

static gsae_status read_text(const char *path, char **text, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return gsae_fail(GSAE_ERR_IO, "%s: cannot open the spec (%s)", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    char *grown = realloc(buf, cap * 2);
    if (!grown) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = grown;
    cap *= 2;
  }
  int err = ferror(f);
  fclose(f);
  if (!buf) return gsae_fail(GSAE_ERR_MEMORY, "%s: out of memory reading the spec", path);
  if (err) {
    free(buf);
    return gsae_fail(GSAE_ERR_IO, "%s: read error", path);
  }
  buf[n] = '\0';
  *text = buf;
  *len = n;
  return GSAE_OK;
}

gsae_status gsae_spec_parse(const char *text, size_t len, const char *origin, gsae_spec **out) {
  *out = NULL;
  gsae_spec *s = calloc(1, sizeof *s);
  if (!s) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec");
  s->origin = strdup(origin);
  s->text = malloc(len + 1);
  if (!s->origin || !s->text) {
    gsae_spec_free(s);
    return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec");
  }
  memcpy(s->text, text, len);
  s->text[len] = '\0';
  gsae_param_defaults(s->fixed);

  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    gsae_spec_free(s);
    return gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser");
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)s->text, len);
  gsae_status st = GSAE_OK;
  if (!yaml_parser_load(&parser, &doc)) {
    st = gsae_fail(GSAE_ERR_ARG, "%s:%zu: YAML syntax error: %s%s%s", origin, parser.problem_mark.line + 1,
                   parser.problem ? parser.problem : "malformed", parser.context ? " " : "",
                   parser.context ? parser.context : "");
  } else {
    ctx c = {&doc, s};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) st = gsae_fail(GSAE_ERR_ARG, "%s: the spec is empty", origin);
    else st = parse_root(&c, root);
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  /* every point must be valid before any work starts */
  gsae_point pt;
  for (size_t i = 0; st == GSAE_OK && i < s->count; ++i) st = gsae_spec_point(s, i, &pt);
  if (st != GSAE_OK) {
    gsae_spec_free(s);
    return st;
  }
  *out = s;
  return GSAE_OK;
}

gsae_status gsae_spec_load(const char *path, const char *const *overrides, size_t noverrides, gsae_spec **out) {
  char *text = NULL, *effective = NULL;
  size_t len = 0;
  *out = NULL;
  GSAE_CALL(read_text(path, &text, &len));
  gsae_status st = gsae_spec_override(text, path, overrides, noverrides, &effective);
  if (st == GSAE_OK) st = gsae_spec_parse(effective, strlen(effective), path, out);
  free(effective);
  free(text);
  return st;
}

void gsae_spec_free(gsae_spec *s) {
  if (!s) return;
  for (size_t a = 0; a < s->naxes; ++a) {
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) free(s->axes[a].members[m].values);
    free(s->axes[a].members);
  }
  free(s->axes);
  free(s->origin);
  free(s->text);
  free(s->name);
  free(s->results);
  free(s);
}

const char *gsae_spec_name(const gsae_spec *s) { return s->name; }
const char *gsae_spec_text(const gsae_spec *s) { return s->text; }
const char *gsae_spec_results(const gsae_spec *s) { return s->results; }
size_t gsae_spec_count(const gsae_spec *s) { return s->count; }

size_t gsae_spec_axes(const gsae_spec *s, size_t *axes, size_t cap) {
  size_t n = 0;
  for (size_t a = 0; a < s->naxes; ++a)
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) {
      if (n < cap) axes[n] = s->axes[a].members[m].param;
      n++;
    }
  return n;
}
