/* gsae inspect: an account of any gsae file by its format attribute; see include/gsae/inspect.h. */
#include "gsae/inspect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/columns.h"
#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/manifest.h"
#include "gsae/merge.h"
#include "gsae/outcome.h"
#include "gsae/schema.h"
#include "gsae/sweep.h"

#define AXIS_VALUES_SHOWN 12

/* ---- key/value pairs: the root attributes, then what inspect derives ---- */

typedef enum { KV_INT, KV_DOUBLE, KV_TEXT } kv_kind;

typedef struct {
  char *key;
  kv_kind kind;
  double num;
  char *text;
  int shown; /* printed by a section of the TEXT account */
} kv;

typedef struct {
  kv *v;
  size_t n, cap;
  int oom;
} kvlist;

static void kv_push(kvlist *l, const char *key, kv_kind kind, double num, const char *text) {
  if (l->oom) return;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    kv *v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      l->oom = 1;
      return;
    }
    l->v = v;
    l->cap = cap;
  }
  kv *e = &l->v[l->n];
  e->key = strdup(key);
  e->text = text ? strdup(text) : NULL;
  e->kind = kind;
  e->num = num;
  e->shown = 0;
  if (!e->key || (text && !e->text)) {
    free(e->key);
    free(e->text);
    l->oom = 1;
    return;
  }
  l->n++;
}

static void kv_free(kvlist *l) {
  for (size_t i = 0; i < l->n; ++i) {
    free(l->v[i].key);
    free(l->v[i].text);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}

static kv *kv_get(kvlist *l, const char *key) {
  for (size_t i = 0; i < l->n; ++i)
    if (strcmp(l->v[i].key, key) == 0) return &l->v[i];
  return NULL;
}

typedef struct {
  kvlist *list;
  const char *file;
} attr_ctx;

/* Scalar numeric and string attributes; others (arrays, compounds) are skipped. */
static herr_t collect_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data) {
  attr_ctx *c = data;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return 0;
  hid_t t = H5Aget_type(a), s = H5Aget_space(a);
  H5T_class_t cls = H5Tget_class(t);
  if (H5Sget_simple_extent_npoints(s) == 1) {
    if (cls == H5T_INTEGER) {
      int64_t v;
      if (H5Aread(a, H5T_NATIVE_INT64, &v) >= 0) kv_push(c->list, name, KV_INT, (double)v, NULL);
    } else if (cls == H5T_FLOAT) {
      double v;
      if (H5Aread(a, H5T_NATIVE_DOUBLE, &v) >= 0) kv_push(c->list, name, KV_DOUBLE, v, NULL);
    } else if (cls == H5T_STRING) {
      char *v = NULL;
      if (gsae_h5_attr_read_text(loc, ".", name, &v, c->file) == GSAE_OK) kv_push(c->list, name, KV_TEXT, 0, v);
      free(v);
      gsae_error_clear();
    }
  }
  H5Sclose(s);
  H5Tclose(t);
  H5Aclose(a);
  return 0;
}

static gsae_status read_attrs(hid_t fid, const char *path, kvlist *l) {
  attr_ctx c = {l, path};
  hsize_t idx = 0;
  if (H5Aiterate2(fid, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, &c) < 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: cannot list the root attributes (corrupt file?)", path);
  if (l->oom) return gsae_fail(GSAE_ERR_MEMORY, "out of memory reading the attributes of %s", path);
  return GSAE_OK;
}

static void kv_value_text(const kv *e, char *buf, size_t cap, int full) {
  if (e->kind == KV_TEXT) snprintf(buf, cap, "%s", e->text);
  else if (e->kind == KV_INT) snprintf(buf, cap, "%lld", (long long)e->num);
  else if (isnan(e->num)) snprintf(buf, cap, "nan");
  else snprintf(buf, cap, full ? "%.17g" : "%.10g", e->num);
}

/* TEXT: "title:" then "  key  value" for the keys present; marks them shown. */
static void section(FILE *f, kvlist *l, const char *title, const char *const *keys) {
  int any = 0;
  for (const char *const *k = keys; *k; ++k)
    if (kv_get(l, *k)) any = 1;
  if (!any) return;
  fprintf(f, "\n%s:\n", title);
  for (const char *const *k = keys; *k; ++k) {
    kv *e = kv_get(l, *k);
    if (!e) continue;
    char buf[8192];
    kv_value_text(e, buf, sizeof buf, 0);
    fprintf(f, "  %-24s %s\n", e->key, buf);
    e->shown = 1;
  }
}

/* TEXT: every attribute no section showed. */
static void others(FILE *f, kvlist *l) {
  int any = 0;
  for (size_t i = 0; i < l->n; ++i)
    if (!l->v[i].shown && strchr(l->v[i].key, '.') == NULL) {
      if (!any) fprintf(f, "\nother attributes:\n");
      any = 1;
      char buf[8192];
      kv_value_text(&l->v[i], buf, sizeof buf, 0);
      fprintf(f, "  %-24s %s\n", l->v[i].key, buf);
    }
}

static void print_kv(FILE *f, const char *path, const kvlist *l, gsae_out_format fmt) {
  char buf[8192];
  if (fmt == GSAE_OUT_JSON) {
    fputs("{\"file\": ", f);
    gsae_json_string(f, path);
    for (size_t i = 0; i < l->n; ++i) {
      const kv *e = &l->v[i];
      fputs(",\n ", f);
      gsae_json_string(f, e->key);
      fputs(": ", f);
      if (e->kind == KV_TEXT) {
        gsae_json_string(f, e->text);
      } else if (!isfinite(e->num)) {
        fputs("null", f);
      } else {
        kv_value_text(e, buf, sizeof buf, 1);
        fputs(buf, f);
      }
    }
    fputs("}\n", f);
  } else {
    fputs("key,value\nfile,", f);
    gsae_csv_field(f, path);
    fputc('\n', f);
    for (size_t i = 0; i < l->n; ++i) {
      gsae_csv_field(f, l->v[i].key);
      fputc(',', f);
      kv_value_text(&l->v[i], buf, sizeof buf, 1);
      gsae_csv_field(f, buf);
      fputc('\n', f);
    }
  }
}

static const char *const provenance_keys[] = {"gsae_version", "git_commit", "precision", "blas", "ranks", "command",
                                              "created",      "written",    NULL};
/* The attributes of settings rows (the owner's table, then `extra`), as one section. */
static void settings_section(FILE *f, kvlist *l, const char *title, const gsae_setting *rows, size_t count,
                             const char *const *extra) {
  const char *keys[GSAE_PARAM_MAX + 8];
  size_t n = 0;
  for (size_t k = 0; k < count && n < GSAE_PARAM_MAX; ++k)
    if (!(rows[k].opts & GSAE_SET_NO_ATTR)) keys[n++] = gsae_setting_attr(&rows[k]);
  for (; extra && *extra && n < GSAE_PARAM_MAX + 7; ++extra) keys[n++] = *extra;
  keys[n] = NULL;
  section(f, l, title, keys);
}

/* derived from the training settings, written beside them (src/train/config.c) */
static const char *const settings_derived[] = {"init_target", "eta_mode", "optimizer", NULL};
/* the initialisation as measured: sigma of the perturbation, and the schema's measured values */
static void init_section(FILE *f, kvlist *l) {
  const char *const keys[] = {"init_sigma", gsae_theory_names[GSAE_THEORY_INIT_CORR_MEASURED],
                              gsae_theory_names[GSAE_THEORY_INIT_DELTA_MEASURED], NULL};
  section(f, l, "initialisation (measured)", keys);
}

/* ---- gsae-dataset ---- */

static void type_name(hid_t t, char *buf, size_t cap) {
  H5T_class_t c = H5Tget_class(t);
  size_t bits = 8 * H5Tget_size(t);
  if (c == H5T_FLOAT) snprintf(buf, cap, "float%zu", bits);
  else if (c == H5T_INTEGER) snprintf(buf, cap, "%sint%zu", H5Tget_sign(t) == H5T_SGN_NONE ? "u" : "", bits);
  else if (c == H5T_STRING) snprintf(buf, cap, "string");
  else snprintf(buf, cap, "other");
}

/* "(200, 20) float32" */
static int dataset_shape(hid_t fid, const char *dset, char *buf, size_t cap) {
  if (!gsae_h5_exists(fid, dset)) return 0;
  hid_t d = H5Dopen2(fid, dset, H5P_DEFAULT);
  if (d < 0) return 0;
  hid_t s = H5Dget_space(d), t = H5Dget_type(d);
  hsize_t dims[8] = {0};
  int rank = H5Sget_simple_extent_ndims(s);
  if (rank > 8) rank = 8;
  if (rank > 0) H5Sget_simple_extent_dims(s, dims, NULL);
  size_t len = (size_t)snprintf(buf, cap, "(");
  for (int k = 0; k < rank && len < cap; ++k)
    len += (size_t)snprintf(buf + len, cap - len, "%s%llu", k ? ", " : "", (unsigned long long)dims[k]);
  char tn[32];
  type_name(t, tn, sizeof tn);
  if (len < cap) snprintf(buf + len, cap - len, ") %s", tn);
  H5Tclose(t);
  H5Sclose(s);
  H5Dclose(d);
  return 1;
}

/* "shape.<dataset>" entries for those of dsets (NULL-terminated) that the file holds. */
static void push_shapes(hid_t fid, const char *const *dsets, kvlist *l) {
  char shape[256], key[300];
  for (const char *const *d = dsets; *d; ++d)
    if (dataset_shape(fid, *d, shape, sizeof shape)) {
      snprintf(key, sizeof key, "shape.%s", *d);
      kv_push(l, key, KV_TEXT, 0, shape);
    }
}

static void print_shapes(FILE *f, const kvlist *l) {
  for (size_t i = 0; i < l->n; ++i)
    if (strncmp(l->v[i].key, "shape.", 6) == 0) fprintf(f, "  %-24s %s\n", l->v[i].key + 6, l->v[i].text);
}

static gsae_status account_dataset(FILE *f, hid_t fid, const char *path, kvlist *l, gsae_out_format fmt) {
  static const char *const dsets[] = {"/data/Y", "/data/labels", "/truth/A", "/truth/support", "/truth/coef", NULL};
  push_shapes(fid, dsets, l);
  if (l->oom) return gsae_fail(GSAE_ERR_MEMORY, "out of memory describing %s", path);
  if (fmt != GSAE_OUT_TEXT) {
    print_kv(f, path, l, fmt);
    return GSAE_OK;
  }
  fprintf(f, "%s: gsae data set\n\nshapes:\n", path);
  print_shapes(f, l);
  static const char *const measured[] = {"snr_db_measured", "noise_std", "block_coherence", "coherence_mix", NULL};
  settings_section(f, l, "generator", gsae_gen_settings, gsae_gen_settings_count, NULL);
  section(f, l, "measured", measured);
  section(f, l, "provenance", provenance_keys);
  others(f, l);
  return GSAE_OK;
}

/* ---- gsae-clustering ---- */

static gsae_status account_clustering(FILE *f, hid_t fid, const char *path, kvlist *l, gsae_out_format fmt) {
  static const char *const dsets[] = {"/labels", "/eigenvalues", NULL};
  push_shapes(fid, dsets, l);
  if (l->oom) return gsae_fail(GSAE_ERR_MEMORY, "out of memory describing %s", path);
  if (fmt != GSAE_OUT_TEXT) {
    print_kv(f, path, l, fmt);
    return GSAE_OK;
  }
  fprintf(f, "%s: gsae clustering\n\nshapes:\n", path);
  print_shapes(f, l);
  static const char *const settings[] = {"method", "data", "samples", "k", "n_neighbors", "eigensolver", "restarts",
                                         "seed", "tol", NULL};
  static const char *const result[] = {"accuracy", "inertia", "kmeans_iterations", "eigen_iterations", "eigen_residual",
                                       NULL};
  section(f, l, "settings", settings);
  section(f, l, "result", result);
  section(f, l, "provenance", provenance_keys);
  others(f, l);
  return GSAE_OK;
}

/* A sweep point's evaluation (gsae/evaluate.h): the held-out set, the scores, the canonical text. */
static void evaluation_section(FILE *f, kvlist *l) {
  char names[GSAE_EVAL_SCORES][96];
  const char *keys[GSAE_EVAL_SCORES + 3];
  size_t n = 0;
  keys[n++] = GSAE_RUN_ATTR_EVALUATION_DATA;
  for (int k = 0; k < GSAE_EVAL_SCORES; ++k) {
    gsae_evaluation_score_name(k, names[k], sizeof names[k]);
    keys[n++] = names[k];
  }
  keys[n++] = GSAE_RUN_ATTR_EVALUATION;
  keys[n] = NULL;
  section(f, l, "evaluation (percent)", keys);
}

/* ---- gsae-run ---- */

static gsae_status account_run(FILE *f, const char *path, kvlist *l, gsae_out_format fmt) {
  gsae_outcome o;
  GSAE_CALL(gsae_outcome_read(path, NULL, &o));
  size_t len = (size_t)(o.epochs_done + 1);
  kv_push(l, "epochs_done", KV_INT, (double)o.epochs_done, NULL);
  for (size_t t = 0; t < o.ntraces; ++t) {
    char key[300];
    snprintf(key, sizeof key, "final.%s", o.traces[t].name);
    kv_push(l, key, KV_DOUBLE, len ? o.values[t * len + len - 1] : NAN, NULL);
  }
  gsae_run_status status = o.status;
  char *reason = strdup(o.reason);
  gsae_outcome_free(&o);
  if (l->oom || !reason) {
    free(reason);
    return gsae_fail(GSAE_ERR_MEMORY, "out of memory describing %s", path);
  }
  if (fmt != GSAE_OUT_TEXT) {
    free(reason);
    print_kv(f, path, l, fmt);
    return GSAE_OK;
  }
  fprintf(f, "%s: gsae run file\n\nstatus:\n", path);
  fprintf(f, "  %-24s %s\n", GSAE_RUN_ATTR_STATUS, gsae_run_status_name(status));
  if (reason[0])
    fprintf(f, "  %-24s %s\n", status == GSAE_RUN_CORRUPT ? "problem" : GSAE_RUN_ATTR_STATUS_REASON, reason);
  free(reason);
  kv *e;
  if ((e = kv_get(l, GSAE_RUN_ATTR_STATUS))) e->shown = 1;
  if ((e = kv_get(l, GSAE_RUN_ATTR_STATUS_REASON))) e->shown = 1;
  kv *done = kv_get(l, "epochs_done"), *epochs = kv_get(l, "epochs");
  done->shown = 1;
  if (epochs && epochs->kind != KV_TEXT)
    fprintf(f, "  %-24s %lld of %lld\n", "epochs done", (long long)done->num, (long long)epochs->num);
  else
    fprintf(f, "  %-24s %lld\n", "epochs done", (long long)done->num);
  settings_section(f, l, "settings", gsae_train_settings, gsae_train_settings_count, settings_derived);
  static const char *const data[] = {"data", "n", "groups", "group_size", "active", "samples", "snr_db",
                                     "snr_db_measured", "data_seed", NULL};
  section(f, l, "data", data);
  int finals = 0;
  for (size_t i = 0; i < l->n; ++i)
    if (strncmp(l->v[i].key, "final.", 6) == 0) {
      if (!finals++) fprintf(f, "\nfinal metrics (epoch %lld):\n", (long long)done->num);
      char buf[64];
      kv_value_text(&l->v[i], buf, sizeof buf, 0);
      fprintf(f, "  %-24s %s\n", l->v[i].key + 6, buf);
    }
  init_section(f, l);
  static const char *const theory[] = {"block_coherence", "lemma1_lambda_low", "lemma1_lambda_high",
                                       "lemma1_lambda_in_range", "contraction_mean", "contraction_max", NULL};
  section(f, l, "theory", theory);
  kv *lo = kv_get(l, "lemma1_lambda_low"), *hi = kv_get(l, "lemma1_lambda_high"),
     *in = kv_get(l, "lemma1_lambda_in_range"), *lambda = kv_get(l, "lambda");
  if (lo && hi && in && lambda && lambda->kind != KV_TEXT) {
    if (in->num < 0)
      fprintf(f, "  Lemma 1: the interval for lambda [%.6g, %.6g] is empty (lambda = %g)\n", lo->num, hi->num,
              lambda->num);
    else
      fprintf(f, "  Lemma 1: lambda = %g lies %s [%.6g, %.6g]\n", lambda->num, in->num > 0 ? "in" : "outside",
              lo->num, hi->num);
  }
  static const char *const sweep[] = {GSAE_RUN_ATTR_SWEEP, GSAE_RUN_ATTR_POINT_ID, GSAE_RUN_ATTR_POINT_INDEX,
                                      GSAE_RUN_ATTR_POINT_CANONICAL, NULL};
  section(f, l, "sweep point", sweep);
  evaluation_section(f, l);
  static const char *const timing[] = {"started", "ended", "seconds", NULL};
  section(f, l, "timing", timing);
  section(f, l, "provenance", provenance_keys);
  others(f, l);
  return GSAE_OK;
}

/* ---- gsae-checkpoint ---- */

static gsae_status account_checkpoint(FILE *f, const char *path, kvlist *l, gsae_out_format fmt) {
  if (fmt != GSAE_OUT_TEXT) {
    print_kv(f, path, l, fmt);
    return GSAE_OK;
  }
  fprintf(f, "%s: gsae checkpoint\n", path);
  static const char *const ck[] = {"epoch", "adam_step", "seconds", "started", "rng", "data_samples", "data_seed",
                                   "data_noise_std", NULL};
  section(f, l, "checkpoint", ck);
  settings_section(f, l, "settings", gsae_train_settings, gsae_train_settings_count, settings_derived);
  init_section(f, l);
  section(f, l, "provenance", provenance_keys);
  others(f, l);
  return GSAE_OK;
}

/* ---- gsae-sweep ---- */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
  return (x > y) - (x < y);
}

/* Distinct values of parameter p over pts, ascending (NaN = "unset" last), as "a, b, c"; at most
 * `shown` of them when shown > 0. */
static void distinct_values(const gsae_point *pts, size_t count, size_t p, size_t shown, char *buf, size_t cap) {
  double *v = malloc((count ? count : 1) * sizeof *v);
  buf[0] = '\0';
  if (!v) return;
  for (size_t i = 0; i < count; ++i) v[i] = pts[i].value[p];
  qsort(v, count, sizeof *v, cmp_double);
  size_t n = 0;
  for (size_t i = 0; i < count; ++i)
    if (n == 0 || cmp_double(&v[n - 1], &v[i]) != 0) v[n++] = v[i];
  size_t len = 0;
  for (size_t i = 0; i < n && len < cap; ++i) {
    if (shown && n > shown && i == shown - 2) {
      len += (size_t)snprintf(buf + len, cap - len, ", ...");
      i = n - 1;
    }
    char one[64];
    gsae_setting_format(gsae_param(p), v[i], one, sizeof one);
    len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", one);
  }
  if (shown && n > shown && len < cap) snprintf(buf + len, cap - len, " (%zu values)", n);
  free(v);
}

static gsae_status account_sweep(FILE *f, const char *path, kvlist *l, gsae_out_format fmt) {
  gsae_status st = GSAE_OK;
  char *name = NULL, *spec = NULL;
  gsae_point *pts = NULL;
  size_t count = 0;
  GSAE_TRY(gsae_manifest_read(path, &name, &spec, &pts, &count));
  static char values[65536];
  size_t naxes = 0;
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    if (!gsae_points_vary(pts, count, p)) continue;
    char key[300];
    snprintf(key, sizeof key, "axis.%s", gsae_setting_key(gsae_param(p)));
    distinct_values(pts, count, p, 0, values, sizeof values);
    kv_push(l, key, KV_TEXT, 0, values);
    ++naxes;
  }
  if (l->oom) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "out of memory describing %s", path));
  if (fmt != GSAE_OUT_TEXT) print_kv(f, path, l, fmt);
  if (fmt == GSAE_OUT_TEXT) {
    fprintf(f, "%s: gsae sweep manifest '%s', %zu point%s\n", path, name, count, count == 1 ? "" : "s");
    fprintf(f, "\naxes (parameters that vary):\n");
    if (!naxes) fprintf(f, "  (none)\n");
    for (size_t p = 0; p < gsae_param_count(); ++p)
      if (gsae_points_vary(pts, count, p)) {
        distinct_values(pts, count, p, AXIS_VALUES_SHOWN, values, sizeof values);
        fprintf(f, "  %-24s %s\n", gsae_setting_key(gsae_param(p)), values);
      }
    if (count) {
      fprintf(f, "\nfixed parameters:\n");
      for (size_t p = 0; p < gsae_param_count(); ++p)
        if (!gsae_points_vary(pts, count, p)) {
          gsae_setting_format(gsae_param(p), pts[0].value[p], values, sizeof values);
          fprintf(f, "  %-24s %s\n", gsae_setting_key(gsae_param(p)), values);
        }
    }
    static const char *const shown[] = {"name", "points", "spec", NULL};
    for (const char *const *k = shown; *k; ++k) {
      kv *e = kv_get(l, *k);
      if (e) e->shown = 1;
    }
    for (size_t i = 0; i < l->n; ++i)
      if (strncmp(l->v[i].key, "axis.", 5) == 0) l->v[i].shown = 1;
    section(f, l, "provenance", provenance_keys);
    others(f, l);
    fprintf(f, "\nspec:\n");
    for (const char *s = spec; *s;) {
      size_t len = strcspn(s, "\n");
      fprintf(f, "  %.*s\n", (int)len, s);
      s += len + (s[len] == '\n');
    }
  }
cleanup:
  free(name);
  free(spec);
  free(pts);
  return st;
}

/* ---- gsae-summary ---- */

static gsae_status default_columns(const gsae_table *t, size_t **idx, size_t *n) {
  GSAE_ALLOC(*idx, t->ncols ? t->ncols : 1, "column list");
  *n = 0;
  long c;
  if ((c = gsae_table_find(t, "index")) >= 0) (*idx)[(*n)++] = (size_t)c;
  if ((c = gsae_table_find(t, "id")) >= 0) (*idx)[(*n)++] = (size_t)c;
  for (size_t k = 0; k < t->ncols; ++k)
    if (t->cols[k].parameter_kind[0] && gsae_table_varies(t, k)) (*idx)[(*n)++] = k;
  static const char *const tail[] = {"status", "epochs_done", "dict_error", "support_exact", "loss", NULL};
  for (const char *const *name = tail; *name; ++name)
    if ((c = gsae_table_find(t, *name)) >= 0) (*idx)[(*n)++] = (size_t)c;
  return GSAE_OK;
}

static gsae_status account_summary(FILE *f, hid_t fid, const char *path, kvlist *l, const gsae_inspect_options *opt) {
  gsae_status st = GSAE_OK;
  gsae_table t;
  size_t *idx = NULL, n = 0;
  GSAE_CALL(gsae_table_read(fid, "/points", path, &t));
  for (size_t w = 0; w < opt->nwhere; ++w) GSAE_TRY(gsae_table_where(&t, opt->where[w]));
  if (opt->sort) GSAE_TRY(gsae_table_sort(&t, opt->sort));
  if (opt->columns) {
    GSAE_TRY(gsae_table_columns(&t, opt->columns, &idx, &n));
  } else if (opt->format == GSAE_OUT_TEXT) {
    GSAE_TRY(default_columns(&t, &idx, &n));
  } else {
    GSAE_TRY_ALLOC(idx, t.ncols ? t.ncols : 1, "column list");
    for (n = 0; n < t.ncols; ++n) idx[n] = n;
  }
  if (opt->format == GSAE_OUT_TEXT) {
    kv *name = kv_get(l, "name");
    fprintf(f, "%s: summary of sweep '%s', %zu point%s:", path, name && name->kind == KV_TEXT ? name->text : "?",
            t.nrows, t.nrows == 1 ? "" : "s");
    for (int s = 0; s < GSAE_RUN_STATUS_COUNT; ++s) {
      kv *e = kv_get(l, gsae_run_status_name((gsae_run_status)s));
      if (e) fprintf(f, "%s %lld %s", s ? "," : "", (long long)e->num, e->key);
    }
    fprintf(f, "\n\n");
  }
  gsae_table_print(f, &t, idx, n, opt->format);
  if (opt->format == GSAE_OUT_TEXT && t.nsel != t.nrows) fprintf(f, "(%zu of %zu points shown)\n", t.nsel, t.nrows);
cleanup:
  free(idx);
  gsae_table_free(&t);
  return st;
}

/* ---- dispatch ---- */

static gsae_status account(FILE *f, hid_t fid, const char *path, const gsae_inspect_options *opt) {
  gsae_status st = GSAE_OK;
  kvlist l = {0};
  GSAE_TRY(read_attrs(fid, path, &l));
  kv *format = kv_get(&l, GSAE_ATTR_FORMAT);
  const char *kind = format && format->kind == KV_TEXT ? format->text : NULL;
  if (!kind && H5Aexists_by_name(fid, "/", GSAE_ATTR_FORMAT, H5P_DEFAULT) > 0) { /* there, but not one string */
    char have[64];
    GSAE_TRY(gsae_format_read(fid, have, sizeof have, path));
  }
  if (!kind) GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: not a gsae file (no root attribute format)", path));
  int table_opts = opt->nwhere || opt->sort || opt->columns;
  if (table_opts && strcmp(kind, GSAE_FORMAT_SUMMARY) != 0 &&
      (!strcmp(kind, GSAE_FORMAT_DATASET) || !strcmp(kind, GSAE_FORMAT_RUN) || !strcmp(kind, GSAE_FORMAT_CHECKPOINT) ||
       !strcmp(kind, GSAE_FORMAT_SWEEP) || !strcmp(kind, GSAE_FORMAT_CLUSTERING)))
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--where, --sort and --columns apply to summaries (made by gsae merge); %s is a %s "
                       "file", path, kind));
  kv *e;
  if ((e = kv_get(&l, GSAE_ATTR_FORMAT))) e->shown = 1;
  if ((e = kv_get(&l, GSAE_ATTR_FORMAT_VERSION))) e->shown = 1;
  if (!strcmp(kind, GSAE_FORMAT_DATASET)) GSAE_TRY(account_dataset(f, fid, path, &l, opt->format));
  else if (!strcmp(kind, GSAE_FORMAT_RUN)) GSAE_TRY(account_run(f, path, &l, opt->format));
  else if (!strcmp(kind, GSAE_FORMAT_CHECKPOINT)) GSAE_TRY(account_checkpoint(f, path, &l, opt->format));
  else if (!strcmp(kind, GSAE_FORMAT_SWEEP)) GSAE_TRY(account_sweep(f, path, &l, opt->format));
  else if (!strcmp(kind, GSAE_FORMAT_CLUSTERING)) GSAE_TRY(account_clustering(f, fid, path, &l, opt->format));
  else if (!strcmp(kind, GSAE_FORMAT_SUMMARY)) GSAE_TRY(account_summary(f, fid, path, &l, opt));
  else
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA,
                       "%s: unknown format '%s' (gsae inspect reads gsae-dataset, gsae-run, gsae-checkpoint, gsae-sweep, "
                       "gsae-summary, gsae-clustering)",
                       path, kind));
cleanup:
  kv_free(&l);
  return st;
}

gsae_status gsae_inspect(FILE *f, const char *path, const gsae_inspect_options *opt) {
  hid_t fid;
  GSAE_CALL(gsae_h5_open_shared(path, &fid));
  char *text = NULL;
  size_t size = 0;
  FILE *mem = open_memstream(&text, &size); /* nothing reaches f unless the whole account is made */
  gsae_status st = mem ? account(mem, fid, path, opt) : gsae_fail(GSAE_ERR_MEMORY, "out of memory inspecting %s", path);
  H5Fclose(fid);
  if (mem) fclose(mem);
  if (st == GSAE_OK && size) fwrite(text, 1, size, f);
  free(text);
  return st;
}
