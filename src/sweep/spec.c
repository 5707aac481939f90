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

#include "gsae/dist.h"
#include "gsae/evaluate.h"
#include "gsae/names.h"
#include "gsae/represent.h"
#include "gsae/sweep.h"
#include "gsae/yaml_doc.h"

#define MAX_AXIS_VALUES 10000000.0     /* values of one axis, all held in memory */
#define MAX_GRID 9007199254740992.0       /* 2^53: point indices exact in a double */

typedef struct {
  size_t param;
  double *values;
  int line;
} axis_member;

typedef struct {
  axis_member *members;
  size_t nmembers, len;
} axis;

/* `data: PATH` (or a list of paths): not a settings row but the key DATA_KEY, whose values are
 * indices into the spec's list of files (each with its content id, read when the spec is loaded). */
#define DATA_KEY GSAE_SPEC_DATA_AXIS

/* A data file's probe as the spec was parsed with it: rank 0 reads each file once, the other ranks
 * parse the same text with rank 0's probes (gsae_spec_load) and open no file. */
typedef struct {
  char path[256];
  gsae_dataset_probe probe;
} probe_memo;

struct gsae_spec {
  char *origin, *text, *name, *results;
  probe_memo *memo;             /* every data file probed (data: and evaluate: data:) */
  size_t nmemo;
  int memo_given;               /* the memo is rank 0's: look up, do not read */
  double fixed[GSAE_PARAM_MAX + 1];
  int line[GSAE_PARAM_MAX + 1]; /* line that sets the key (0 = default) */
  char **files;                 /* data files named by `data:`, in spec order */
  gsae_dataset_probe *probes;   /* their content ids, shapes, truth and labels */
  size_t nfiles;
  int eval_line;                /* line of the evaluate: block (0 = none) */
  gsae_evaluation eval;
  char eval_text[1024];         /* its canonical text (gsae_evaluation_canonical) */
  size_t eval_n;                /* the held-out set's dimension */
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

static const char *const reserved[] = {"name", "results", "description", "zip", "evaluate", NULL};

static const char *key_name(size_t p) { return p == DATA_KEY ? "data" : gsae_setting_key(gsae_param(p)); }

/* The probe of a data file the spec names: the memo's, else read now and added to it. */
static gsae_status probe_file(gsae_spec *s, const char *path, gsae_dataset_probe *out) {
  for (size_t k = 0; k < s->nmemo; ++k)
    if (strcmp(s->memo[k].path, path) == 0) {
      *out = s->memo[k].probe;
      return GSAE_OK;
    }
  if (s->memo_given) return gsae_fail(GSAE_ERR_ARG, "%s: not among the data files rank 0 read", path);
  GSAE_CALL(gsae_dataset_probe_file(path, out));
  probe_memo *grown = realloc(s->memo, (s->nmemo + 1) * sizeof *grown);
  if (!grown) return gsae_fail(GSAE_ERR_MEMORY, "out of memory");
  s->memo = grown;
  snprintf(s->memo[s->nmemo].path, sizeof s->memo[s->nmemo].path, "%s", path);
  s->memo[s->nmemo++].probe = *out;
  return GSAE_OK;
}

/* A data file of the spec: its index in s->files (added once, with its content id). */
static gsae_status data_file(const ctx *c, const yaml_node_t *node, double *out) {
  gsae_spec *s = c->s;
  const char *path = scalar(node);
  if (!*path) return fail_at(c, node, "data: needs a file name%s%s", "", "");
  if (strlen(path) >= sizeof(((gsae_point *)0)->data))
    return fail_at(c, node, "data: the path '%s' is longer than %s characters (use a shorter path or a link)", path,
                   "255");
  for (size_t k = 0; k < s->nfiles; ++k)
    if (strcmp(s->files[k], path) == 0) {
      *out = (double)k;
      return GSAE_OK;
    }
  char **files = realloc(s->files, (s->nfiles + 1) * sizeof *files);
  if (files) s->files = files;
  gsae_dataset_probe *ids = realloc(s->probes, (s->nfiles + 1) * sizeof *ids);
  if (ids) s->probes = ids;
  if (!files || !ids || !(s->files[s->nfiles] = strdup(path))) return gsae_fail(GSAE_ERR_MEMORY, "out of memory");
  s->nfiles++;
  if (probe_file(s, path, &s->probes[s->nfiles - 1]) != GSAE_OK) {
    char why[400];
    snprintf(why, sizeof why, "%s", gsae_error_message());
    return fail_at(c, node, "data: %s%s", why, "");
  }
  for (size_t k = 0; k + 1 < s->nfiles; ++k) /* the same data twice would be the same points twice */
    if (strcmp(s->probes[k].content_id, s->probes[s->nfiles - 1].content_id) == 0)
      return fail_at(c, node, "data: '%s' holds the same data as '%s' (the same content id)", path, s->files[k]);
  *out = (double)(s->nfiles - 1);
  return GSAE_OK;
}

int gsae_spec_key_known(const char *key) {
  if (gsae_param_lookup(key) >= 0 || strcmp(key, "data") == 0) return 1;
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
  if (edit_distance(key, "data") < bestd) best = "data";
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
  if (p == DATA_KEY) return data_file(c, node, out);
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
    if (!(num >= 1 && num == floor(num)))
      return fail_at(c, map, "%s: 'num' must be a positive integer%s", pname, "");
    if (num > MAX_AXIS_VALUES) return fail_at(c, map, "%s: the range has more than 1e7 values%s", pname, "");
    if (log_scale && !(from > 0 && to > 0)) return fail_at(c, map, "%s: a log range needs from, to > 0%s", pname, "");
    n = (size_t)num;
  } else {
    if (!have_step) step = 1;
    if (step == 0 || (to - from) / step < 0)
      return fail_at(c, map, "%s: the step must be nonzero and lead from 'from' to 'to'%s", pname, "");
    double steps = floor((to - from) / step + 1e-9);
    if (steps + 1 > MAX_AXIS_VALUES) return fail_at(c, map, "%s: the range has more than 1e7 values%s", pname, "");
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
  if (node->type == YAML_MAPPING_NODE && p == DATA_KEY) return fail_at(c, node, "data: a file or a list of files%s%s", "", "");
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
  int id = strcmp(scalar(key), "data") == 0 ? DATA_KEY : gsae_param_lookup(scalar(key));
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

/* With `data:` the file gives the data: of the generator's keys only the dictionary's groups and
 * group_size (for data without a ground truth) and seed (the training seed's default) apply. */
static gsae_status check_data_keys(const gsae_spec *s) {
  if (!s->line[DATA_KEY]) return GSAE_OK;
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    const char *k = key_name(p);
    if (s->line[p] && gsae_param_owner_of(p) == GSAE_OWNER_GEN && strcmp(k, "groups") && strcmp(k, "group_size") &&
        strcmp(k, "seed"))
      return gsae_fail(GSAE_ERR_ARG, "%s:%d: %s applies to generated data; data: (line %d) gives the data", s->origin,
                       s->line[p], k, s->line[DATA_KEY]);
  }
  return GSAE_OK;
}

/* A point on a data file: its path and content id; the generator's keys unset but for the
 * dictionary's groups / group_size when the spec gives them (a preset may give them later). */
static void set_data(const gsae_spec *s, gsae_point *pt, double file) {
  size_t k = (size_t)file;
  snprintf(pt->data, sizeof pt->data, "%s", s->files[k]);
  snprintf(pt->data_content, sizeof pt->data_content, "%s", s->probes[k].content_id);
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    const char *name = key_name(p);
    if (gsae_param_owner_of(p) != GSAE_OWNER_GEN) continue;
    if (!s->line[p] || (strcmp(name, "groups") && strcmp(name, "group_size") && strcmp(name, "seed"))) pt->value[p] = NAN;
  }
}

/* A point on a data file against what the file holds: the dictionary and the initialisation it
 * needs without a ground truth, and a batch that fits. */
static gsae_status check_file_point(const gsae_dataset_probe *f, const char *path, const gsae_point *pt) {
  gsae_train_config c = gsae_point_train_config(pt);
  if (!f->has_truth && c.groups == 0)
    return gsae_fail(GSAE_ERR_ARG, "data: %s has no ground truth: give groups and group_size (the dictionary's)",
                     path);
  if (!f->has_truth && c.init_mode != GSAE_INIT_DATA)
    return gsae_fail(GSAE_ERR_ARG, "data: %s has no ground truth for init: %s to perturb: use init: data", path,
                     gsae_init_mode_name(c.init_mode));
  if (c.batch_size > f->samples)
    return gsae_fail(GSAE_ERR_ARG, "batch_size = %zu exceeds the %zu samples of %s", c.batch_size, f->samples, path);
  if (c.init_mode == GSAE_INIT_DATA && c.groups * c.group_size > f->samples)
    return gsae_fail(GSAE_ERR_ARG, "init: data needs m = %zu distinct samples, %s has %zu", c.groups * c.group_size,
                     path, f->samples);
  return GSAE_OK;
}

/* An evaluation encodes with the unfolded encoder (gsae encode reads unfolded runs). */
static gsae_status check_eval_point(const gsae_spec *s, const gsae_point *pt) {
  if (gsae_point_train_config(pt).encoder != GSAE_ENCODER_UNFOLDED)
    return gsae_fail(GSAE_ERR_ARG, "evaluate: (line %d) needs encoder: unfolded (gsae encode reads unfolded runs)",
                     s->eval_line);
  size_t n = (size_t)pt->value[gsae_param_lookup("n")];
  for (size_t k = 0; k < s->nfiles; ++k)
    if (pt->data[0] && strcmp(s->files[k], pt->data) == 0) n = s->probes[k].n;
  if (n != s->eval_n)
    return gsae_fail(GSAE_ERR_ARG, "evaluate: data: %s has samples of dimension %zu, the training data %zu",
                     s->eval.data, s->eval_n, n);
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

/* A scalar or a list of names from `names`, as a bit mask. */
static gsae_status name_list(const ctx *c, yaml_node_t *v, const char *key, const char *const *names, unsigned *mask) {
  yaml_node_t *one[1] = {v};
  yaml_node_item_t *it = NULL, *end = NULL;
  if (v->type == YAML_SEQUENCE_NODE) {
    it = v->data.sequence.items.start;
    end = v->data.sequence.items.top;
    if (it == end) return fail_at(c, v, "evaluate: %s: an empty list%s", key, "");
  } else if (v->type != YAML_SCALAR_NODE) {
    return fail_at(c, v, "evaluate: %s: a name or a list of names%s", key, "");
  }
  *mask = 0;
  for (size_t k = 0; it ? it < end : k < 1; ++k) {
    yaml_node_t *n = it ? yaml_document_get_node(c->doc, *it++) : one[0];
    if (n->type != YAML_SCALAR_NODE) return fail_at(c, n, "evaluate: %s: a name or a list of names%s", key, "");
    int idx = gsae_name_lookup(names, scalar(n));
    if (idx < 0) {
      char choices[256], what[320];
      gsae_names_text(names, choices, sizeof choices);
      snprintf(what, sizeof what, "evaluate: %s must be %s", key, choices);
      return fail_at(c, n, "%s (got '%s')", what, scalar(n));
    }
    *mask |= 1u << idx;
  }
  return GSAE_OK;
}

/* evaluate: {data: FILE, repr: [...], cluster: [...], k, restarts, n_neighbors, seed} */
static gsae_status parse_evaluate(const ctx *c, yaml_node_t *k, yaml_node_t *map) {
  gsae_spec *s = c->s;
  if (s->eval_line) return fail_at(c, k, "'evaluate' is set twice%s%s", "", "");
  if (map->type != YAML_MAPPING_NODE)
    return fail_at(c, map, "evaluate: a block of data:, repr:, cluster: and the clustering's settings%s%s", "", "");
  s->eval_line = line_of(k);
  gsae_evaluation *e = &s->eval;
  e->cluster = gsae_cluster_defaults();
  e->repr_mask = 1u << GSAE_REPR_CODES_PLUS;
  e->method_mask = 1u << GSAE_CLUSTER_KMEANS;
  gsae_dataset_probe probe;
  int have_data = 0;
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; ++pr) {
    yaml_node_t *ek = yaml_document_get_node(c->doc, pr->key), *ev = yaml_document_get_node(c->doc, pr->value);
    if (ek->type != YAML_SCALAR_NODE) return fail_at(c, ek, "evaluate: keys must be plain words%s%s", "", "");
    const char *key = scalar(ek);
    const gsae_setting *row = gsae_settings_find(gsae_evaluate_settings, gsae_evaluate_settings_count, key);
    if (!strcmp(key, "data")) {
      if (ev->type != YAML_SCALAR_NODE || !*scalar(ev)) return fail_at(c, ev, "evaluate: data: one file%s%s", "", "");
      if (strlen(scalar(ev)) >= sizeof e->data) return fail_at(c, ev, "evaluate: data: the path is too long%s%s", "", "");
      snprintf(e->data, sizeof e->data, "%s", scalar(ev));
      if (probe_file(c->s, e->data, &probe) != GSAE_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", gsae_error_message());
        return fail_at(c, ev, "evaluate: data: %s%s", why, "");
      }
      if (!probe.has_labels)
        return fail_at(c, ev, "evaluate: data: %s has no /data/labels: the accuracies need the true classes%s", e->data,
                       "");
      have_data = 1;
    } else if (!strcmp(key, "repr")) {
      GSAE_CALL(name_list(c, ev, "repr", gsae_repr_names, &e->repr_mask));
    } else if (!strcmp(key, "cluster")) {
      GSAE_CALL(name_list(c, ev, "cluster", gsae_cluster_method_names, &e->method_mask));
    } else if (!strcmp(key, "seed") && ev->type == YAML_SCALAR_NODE && !strcmp(scalar(ev), "train_seed")) {
      e->seed_is_train_seed = 1; /* each point's own training seed, as jobs/mnist.sh clustered */
    } else if (row) {
      double v;
      if (ev->type != YAML_SCALAR_NODE) return fail_at(c, ev, "evaluate: %s: a single value here%s", key, "");
      if (gsae_setting_parse(row, scalar(ev), GSAE_STYLE_KEY, &v) != GSAE_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", gsae_error_message());
        return fail_at(c, ev, "evaluate: %s%s", why, "");
      }
      gsae_setting_set(row, &e->cluster, v);
    } else {
      return fail_at(c, ek, "evaluate: unknown key '%s' (use data, repr, cluster, k, restarts, n_neighbors, seed)%s", key,
                     "");
    }
  }
  if (!have_data) return fail_at(c, map, "evaluate: needs data: FILE, the held-out set with labels%s%s", "", "");
  char rows[32];
  snprintf(rows, sizeof rows, "%zu", probe.samples);
  if ((e->method_mask & ~(1u << GSAE_CLUSTER_STRONGEST_GROUP)) && e->cluster.k > probe.samples)
    return fail_at(c, map, "evaluate: k is more than the %s rows of the held-out set%s", rows, "");
  if ((e->method_mask & (1u << GSAE_CLUSTER_SPECTRAL)) && e->cluster.n_neighbors >= probe.samples)
    return fail_at(c, map, "evaluate: n_neighbors must be less than the %s rows of the held-out set (spectral)%s", rows,
                   "");
  gsae_evaluation_canonical(e, probe.content_id, s->eval_text, sizeof s->eval_text);
  s->eval_n = probe.n;
  return GSAE_OK;
}

static gsae_status parse_root(const ctx *c, yaml_node_t *root) {
  gsae_spec *s = c->s;
  if (!root || root->type != YAML_MAPPING_NODE)
    return fail_at(c, root, "a spec is a mapping of keys (name:, parameters, zip:)%s%s", "", "");
  yaml_node_t *name_node = NULL;
  char *description = NULL;
  gsae_status st = GSAE_OK;
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; ++pr) {
    yaml_node_t *k = yaml_document_get_node(c->doc, pr->key), *v = yaml_document_get_node(c->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE) GSAE_TRY(fail_at(c, k, "keys must be plain words%s%s", "", ""));
    const char *key = scalar(k);
    if (!strcmp(key, "name")) {
      GSAE_TRY(parse_string_key(c, k, v, &s->name));
      name_node = v;
    } else if (!strcmp(key, "results")) {
      GSAE_TRY(parse_string_key(c, k, v, &s->results));
    } else if (!strcmp(key, "description")) {
      GSAE_TRY(parse_string_key(c, k, v, &description));
    } else if (!strcmp(key, "evaluate")) {
      GSAE_TRY(parse_evaluate(c, k, v));
    } else if (!strcmp(key, "zip")) {
      if (v->type != YAML_SEQUENCE_NODE) {
        GSAE_TRY(parse_zip_group(c, v));
        continue;
      }
      if (v->data.sequence.items.top == v->data.sequence.items.start)
        GSAE_TRY(fail_at(c, v, "zip: empty list%s%s", "", ""));
      for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; ++it)
        GSAE_TRY(parse_zip_group(c, yaml_document_get_node(c->doc, *it)));
    } else {
      size_t p = 0;
      GSAE_TRY(param_key(c, k, &p));
      if (v->type == YAML_SCALAR_NODE) {
        GSAE_TRY(parse_value(c, p, v, &s->fixed[p]));
        continue;
      }
      GSAE_TRY(add_axis(s, 1));
      axis *ax = &s->axes[s->naxes - 1];
      ax->members[0].param = p;
      ax->members[0].line = line_of(k);
      ax->nmembers = 1; /* its values are freed with the spec, whatever parse_axis_values left */
      GSAE_TRY(parse_axis_values(c, p, v, &ax->members[0].values, &ax->len));
    }
  }
  if (!s->name) GSAE_TRY(fail_at(c, root, "missing key 'name' (it names the folder results/<name>/)%s%s", "", ""));
  GSAE_TRY(check_name(c, name_node, s->name));
  if (!s->results && !(s->results = strdup("results"))) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "out of memory"));
  GSAE_TRY(check_encoder_keys(s));
  GSAE_TRY(check_data_keys(s));
  double count = 1;
  for (size_t a = 0; a < s->naxes; ++a) count *= (double)s->axes[a].len;
  if (count > MAX_GRID)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: the grid has %.3g points, more than 2^53", s->origin, count));
  s->count = (size_t)count;
cleanup:
  free(description);
  return st;
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
  double file = s->fixed[DATA_KEY];
  size_t rest = index;
  for (size_t a = s->naxes; a-- > 0;) {
    size_t k = rest % s->axes[a].len;
    rest /= s->axes[a].len;
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) {
      const axis_member *am = &s->axes[a].members[m];
      if (am->param == DATA_KEY) file = am->values[k];
      else pt->value[am->param] = am->values[k];
    }
  }
  if (!isnan(file)) set_data(s, pt, file);
  if (apply_preset(s, pt) != GSAE_OK || gsae_point_finish(pt) != GSAE_OK ||
      (!isnan(file) && check_file_point(&s->probes[(size_t)file], s->files[(size_t)file], pt) != GSAE_OK) ||
      (s->eval_line && check_eval_point(s, pt) != GSAE_OK)) {
    point_error_context(s, index);
    return GSAE_ERR_ARG;
  }
  return GSAE_OK;
}

/* gsae_spec_parse with the probes of memo[0..nmemo) (NULL: read each file); max_points as in
 * gsae_spec_load. */
static gsae_status parse_with(const char *text, size_t len, const char *origin, const probe_memo *memo, size_t nmemo,
                              size_t max_points, int count_only, gsae_spec **out) {
  *out = NULL;
  gsae_status st = GSAE_OK;
  int doc_ready = 0;
  yaml_document_t doc;
  gsae_spec *s = calloc(1, sizeof *s);
  if (!s) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec"));
  s->origin = strdup(origin);
  s->text = malloc(len + 1);
  if (memo) {
    s->memo_given = 1;
    s->memo = malloc((nmemo ? nmemo : 1) * sizeof *s->memo);
    if (s->memo) memcpy(s->memo, memo, nmemo * sizeof *memo), s->nmemo = nmemo;
  }
  if (!s->origin || !s->text || (memo && !s->memo)) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "out of memory for the spec"));
  memcpy(s->text, text, len);
  s->text[len] = '\0';
  gsae_param_defaults(s->fixed);
  s->fixed[DATA_KEY] = NAN; /* generated */

  GSAE_TRY(gsae_yaml_load(s->text, len, origin, &doc));
  doc_ready = 1;
  ctx c = {&doc, s};
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: the spec is empty", origin));
  GSAE_TRY(parse_root(&c, root));
  const int too_many = s->count > max_points;
  if (too_many && !count_only)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: the grid has %zu points, more than the limit of %zu (--max-points N raises it; "
                       "--count counts any grid)", origin, s->count, max_points));
  /* every point must be valid before any work starts (a grid too large to run is only counted) */
  gsae_point pt;
  for (size_t i = 0; !too_many && i < s->count; ++i) GSAE_TRY(gsae_spec_point(s, i, &pt));
  *out = s;
  s = NULL;
cleanup:
  if (doc_ready) yaml_document_delete(&doc);
  gsae_spec_free(s);
  return st;
}

gsae_status gsae_spec_parse(const char *text, size_t len, const char *origin, gsae_spec **out) {
  return parse_with(text, len, origin, NULL, 0, GSAE_SPEC_MAX_POINTS, 0, out);
}

/* Rank 0's part of gsae_spec_load: the file, the overrides, the parse (reading the data files). */
static gsae_status load_here(const char *path, const char *const *overrides, size_t noverrides, size_t max_points,
                             int count_only, gsae_spec **out) {
  char *text = NULL, *effective = NULL;
  size_t len = 0;
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_yaml_read_file(path, "the spec", &text, &len));
  GSAE_TRY(gsae_spec_override(text, path, overrides, noverrides, &effective));
  GSAE_TRY(parse_with(effective, strlen(effective), path, NULL, 0, max_points, count_only, out));
cleanup:
  free(effective);
  free(text);
  return st;
}

gsae_status gsae_spec_load(MPI_Comm comm, const char *path, const char *const *overrides, size_t noverrides,
                           size_t max_points, int count_only, gsae_spec **out) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  gsae_spec *s = NULL;
  char *text = NULL;
  probe_memo *memo = NULL;
  *out = NULL;
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dist_agree(comm, rank == 0 ? load_here(path, overrides, noverrides, max_points, count_only, &s) : GSAE_OK));
  /* the effective text and the probes to every rank, which parse them as rank 0 did */
  unsigned long long sizes[2] = {s ? strlen(s->text) : 0, s ? s->nmemo : 0};
  MPI_Bcast(sizes, 2, MPI_UNSIGNED_LONG_LONG, 0, comm);
  if (rank != 0) {
    text = malloc(sizes[0] + 1);
    memo = malloc((sizes[1] ? sizes[1] : 1) * sizeof *memo);
  }
  GSAE_TRY(gsae_dist_agree(comm, rank == 0 || (text && memo) ? GSAE_OK : gsae_fail(GSAE_ERR_MEMORY, "out of memory")));
  MPI_Bcast(rank == 0 ? s->text : text, (int)sizes[0], MPI_CHAR, 0, comm);
  MPI_Bcast(rank == 0 ? (void *)s->memo : (void *)memo, (int)(sizes[1] * sizeof *memo), MPI_BYTE, 0, comm);
  if (rank != 0) {
    text[sizes[0]] = '\0';
    st = parse_with(text, sizes[0], path, memo, sizes[1], max_points, count_only, &s);
  }
  GSAE_TRY(gsae_dist_agree(comm, st));
  *out = s;
  s = NULL;
cleanup:
  gsae_spec_free(s);
  free(text);
  free(memo);
  return st;
}

void gsae_spec_free(gsae_spec *s) {
  if (!s) return;
  for (size_t a = 0; a < s->naxes; ++a) {
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) free(s->axes[a].members[m].values);
    free(s->axes[a].members);
  }
  free(s->axes);
  for (size_t k = 0; k < s->nfiles; ++k) free(s->files[k]);
  free(s->files);
  free(s->probes);
  free(s->memo);
  free(s->origin);
  free(s->text);
  free(s->name);
  free(s->results);
  free(s);
}

const char *gsae_spec_name(const gsae_spec *s) { return s->name; }
const gsae_evaluation *gsae_spec_evaluation(const gsae_spec *s) { return s->eval_line ? &s->eval : NULL; }
const char *gsae_spec_evaluation_text(const gsae_spec *s) { return s->eval_line ? s->eval_text : ""; }
const char *gsae_spec_text(const gsae_spec *s) { return s->text; }
const char *gsae_spec_results(const gsae_spec *s) { return s->results; }
size_t gsae_spec_count(const gsae_spec *s) { return s->count; }

const char *gsae_spec_axis_name(size_t axis) { return key_name(axis); }

void gsae_spec_axis_value(const gsae_point *pt, size_t axis, char *buf, size_t cap) {
  if (axis == DATA_KEY) snprintf(buf, cap, "%s", pt->data);
  else gsae_setting_format(gsae_param(axis), pt->value[axis], buf, cap);
}

size_t gsae_spec_axes(const gsae_spec *s, size_t *axes, size_t cap) {
  size_t n = 0;
  for (size_t a = 0; a < s->naxes; ++a)
    for (size_t m = 0; m < s->axes[a].nmembers; ++m) {
      if (n < cap) axes[n] = s->axes[a].members[m].param;
      n++;
    }
  return n;
}
