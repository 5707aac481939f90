/* Reading a run file as an outcome; see include/gsae/outcome.h. */
#include "gsae/outcome.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsae/columns.h"
#include "gsae/h5.h"
#include "gsae/schema.h"
#include "gsae/h5shared.h"

static char *dup_text(const char *s) {
  size_t len = strlen(s);
  char *d = gsae_malloc(len + 1, "outcome text");
  if (d) memcpy(d, s, len + 1);
  return d;
}

/* Set status and a printf-style reason. */
static gsae_status set(gsae_outcome *o, gsae_run_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static gsae_status set(gsae_outcome *o, gsae_run_status status, const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  free(o->reason);
  o->status = status;
  o->reason = dup_text(buf);
  return o->reason ? GSAE_OK : GSAE_ERR_MEMORY;
}

static void free_traces(gsae_outcome *o) {
  for (size_t t = 0; t < o->ntraces; ++t) {
    free(o->traces[t].name);
    free(o->traces[t].description);
    free(o->traces[t].units);
    free(o->traces[t].scale);
  }
  free(o->traces);
  free(o->values);
  o->traces = NULL;
  o->values = NULL;
  o->ntraces = 0;
  o->epochs_done = -1;
}

static char *optional_text(hid_t fid, const char *obj, const char *name, const char *path) {
  char *v = NULL;
  if (H5Aexists_by_name(fid, obj, name, H5P_DEFAULT) > 0 && gsae_h5_attr_read_text(fid, obj, name, &v, path) == GSAE_OK)
    return v;
  gsae_error_clear();
  return dup_text("");
}

#define MAX_TRACE 1000000001ULL /* epochs + 1: the most gsae train runs (1e9 epochs) */

static int cmp_names(const void *a, const void *b) {
  return gsae_trace_compare(*(const char *const *)a, *(const char *const *)b);
}

/* One trace: (len,) doubles into *v (allocated); 0 = not a 1-D dataset (skipped), 1 = read,
 * -1 = unreadable (message set), -2 = out of memory. Each dataset is opened once: with a thousand
 * point files to merge, HDF5's per-open cost is most of the time. */
static int read_trace(hid_t g, const char *name, double **v, size_t *len, gsae_trace_info *info, const char *path) {
  hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
  if (d < 0) return 0; /* a group or something else: not a trace */
  hid_t s = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(s);
  hsize_t dims = 0;
  if (rank == 1) H5Sget_simple_extent_dims(s, &dims, NULL);
  H5Sclose(s);
  int r = rank == 1 ? 1 : 0;
  if (r == 1 && dims > MAX_TRACE) { /* the size a file declares, checked before it is allocated */
    gsae_fail(GSAE_ERR_DATA, "%s: %s/%s has %llu entries, more than %.0e epochs", path, GSAE_RUN_TRACE_GROUP, name,
              (unsigned long long)dims, (double)MAX_TRACE);
    r = -1;
  }
  if (r == 1 && !(*v = malloc(dims ? dims * sizeof(double) : 1))) r = -2;
  if (r == 1 && dims && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *v) < 0) {
    gsae_fail(GSAE_ERR_DATA, "%s: read of %s/%s failed (truncated or corrupt file)", path, GSAE_RUN_TRACE_GROUP, name);
    r = -1;
  }
  if (r == 1) {
    *len = (size_t)dims;
    info->description = optional_text(d, ".", "description", path);
    info->units = optional_text(d, ".", "units", path);
    info->scale = optional_text(d, ".", "scale", path);
    if (!info->description || !info->units || !info->scale) r = -2;
  }
  H5Dclose(d);
  return r;
}

/* Every 1-D dataset under /trace, cut to their common length. On a read problem returns
 * GSAE_ERR_DATA with the message set (the caller decides what it means); GSAE_ERR_MEMORY too. */
static gsae_status read_traces(hid_t fid, const char *path, gsae_outcome *o) {
  if (H5Lexists(fid, GSAE_RUN_TRACE_GROUP, H5P_DEFAULT) <= 0) return GSAE_OK;
  hid_t g = H5Gopen2(fid, GSAE_RUN_TRACE_GROUP, H5P_DEFAULT);
  if (g < 0) return gsae_fail(GSAE_ERR_DATA, "%s: %s is not a group", path, GSAE_RUN_TRACE_GROUP);
  gsae_status st = GSAE_OK;
  char **names = NULL;
  size_t n = 0, kept = 0, common = (size_t)-1;
  double **v = NULL;
  size_t *len = NULL;
  gsae_trace_info *info = NULL;
  GSAE_TRY(gsae_link_list(fid, GSAE_RUN_TRACE_GROUP, 0, &names, &n, path));
  qsort(names, n, sizeof *names, cmp_names);
  v = gsae_calloc(n ? n : 1, sizeof *v, "traces");
  len = gsae_calloc(n ? n : 1, sizeof *len, "trace lengths");
  info = gsae_calloc(n ? n : 1, sizeof *info, "trace names");
  GSAE_TRY(v && len && info ? GSAE_OK : GSAE_ERR_MEMORY);
  for (size_t t = 0; t < n; ++t) {
    int r = read_trace(g, names[t], &v[kept], &len[kept], &info[kept], path);
    GSAE_TRY(r == -1 ? GSAE_ERR_DATA : r == -2 ? GSAE_ERR_MEMORY : GSAE_OK);
    if (r != 1) continue;
    info[kept].name = names[t];
    names[t] = NULL;
    if (len[kept] < common) common = len[kept];
    ++kept;
  }
  if (kept) {
    o->ntraces = kept;
    o->traces = info;
    info = NULL;
    o->epochs_done = (int64_t)common - 1;
    GSAE_TRY_ALLOC(o->values, kept * (common ? common : 1), "trace values");
    for (size_t t = 0; t < kept; ++t) memcpy(o->values + t * common, v[t], common * sizeof(double));
    if (o->status == GSAE_RUN_COMPLETE)
      for (size_t t = 0; t < kept; ++t)
        if (len[t] != common)
          GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: a complete run whose traces differ in length (%s/%s has %zu entries, "
                             "another %zu)", path, GSAE_RUN_TRACE_GROUP, o->traces[t].name, len[t], common));
  }
cleanup:
  H5Gclose(g);
  for (size_t t = 0; t < n; ++t) {
    free(names[t]);
    if (v) free(v[t]);
    if (info) {
      free(info[t].name);
      free(info[t].description);
      free(info[t].units);
      free(info[t].scale);
    }
  }
  free(names);
  free(v);
  free(len);
  free(info);
  if (st != GSAE_OK && st != GSAE_ERR_MEMORY) {
    free_traces(o);
    st = GSAE_ERR_DATA;
  }
  return st;
}

static gsae_status read_file(hid_t fid, const char *path, const char *expect_id, gsae_outcome *o) {
  char format[64] = "", status[64] = "", point_id[64] = "";
  gsae_format_read(fid, format, sizeof format, path);
  if (strcmp(format, GSAE_FORMAT_RUN) != 0)
    return set(o, GSAE_RUN_CORRUPT, "%s: not a gsae run file (root attribute format is '%s')", path, format);
  if (gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_STATUS, status, sizeof status, path) != GSAE_OK)
    return set(o, GSAE_RUN_CORRUPT, "%s", gsae_error_message());
  if (expect_id && H5Aexists_by_name(fid, "/", GSAE_RUN_ATTR_POINT_ID, H5P_DEFAULT) > 0 &&
      gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_POINT_ID, point_id, sizeof point_id, path) == GSAE_OK &&
      strcmp(point_id, expect_id) != 0)
    return set(o, GSAE_RUN_CORRUPT, "%s: belongs to point %s, not %s", path, point_id, expect_id);
  int found = gsae_run_status_parse(status);
  if (found < 0) return set(o, GSAE_RUN_CORRUPT, "%s: unknown status '%s'", path, status);
  o->status = (gsae_run_status)found;
  free(o->reason);
  if (!(o->reason = optional_text(fid, "/", GSAE_RUN_ATTR_STATUS_REASON, path))) return GSAE_ERR_MEMORY;
  for (int k = 0; k < GSAE_THEORY_COUNT; ++k)
    if (H5Aexists_by_name(fid, "/", gsae_theory_names[k], H5P_DEFAULT) > 0 &&
        gsae_h5_attr_read_double(fid, "/", gsae_theory_names[k], &o->theory[k], path) != GSAE_OK)
      o->theory[k] = NAN;
  if (H5Aexists_by_name(fid, "/", GSAE_RUN_ATTR_EVALUATION, H5P_DEFAULT) > 0 &&
      gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_EVALUATION, o->evaluation, sizeof o->evaluation, path) != GSAE_OK)
    o->evaluation[0] = '\0';
  for (int k = 0; k < GSAE_EVAL_SCORES; ++k) {
    char name[96];
    gsae_evaluation_score_name(k, name, sizeof name);
    if (H5Aexists_by_name(fid, "/", name, H5P_DEFAULT) > 0 &&
        gsae_h5_attr_read_double(fid, "/", name, &o->scores[k], path) != GSAE_OK)
      o->scores[k] = NAN;
  }
  gsae_status st = read_traces(fid, path, o);
  if (st == GSAE_ERR_MEMORY) return st;
  if (st != GSAE_OK) {
    if (o->status == GSAE_RUN_COMPLETE || o->status == GSAE_RUN_FAILED)
      return set(o, GSAE_RUN_CORRUPT, "%s", gsae_error_message());
    /* a live writer may be between two writes: keep its status, say why there are no metrics */
    return set(o, o->status, "traces unreadable while the run is %s: %s", gsae_run_status_name(o->status),
               gsae_error_message());
  }
  if (o->status == GSAE_RUN_COMPLETE && o->ntraces == 0)
    return set(o, GSAE_RUN_CORRUPT, "%s: says complete but has no traces under %s", path, GSAE_RUN_TRACE_GROUP);
  return GSAE_OK;
}

gsae_status gsae_outcome_read(const char *path, const char *expect_id, gsae_outcome *o) {
  memset(o, 0, sizeof *o);
  o->epochs_done = -1;
  for (int k = 0; k < GSAE_THEORY_COUNT; ++k) o->theory[k] = NAN;
  for (int k = 0; k < GSAE_EVAL_SCORES; ++k) o->scores[k] = NAN;
  gsae_status st;
  if (access(path, F_OK) != 0) {
    char aside[4200];
    snprintf(aside, sizeof aside, "%s.corrupt", path);
    if (access(aside, F_OK) == 0) st = set(o, GSAE_RUN_MISSING, "%s: no such file (a damaged one was moved to %s)", path, aside);
    else st = set(o, GSAE_RUN_MISSING, "%s: no such file", path);
  } else {
    hid_t fid;
    if (gsae_h5_open_shared(path, &fid) != GSAE_OK) {
      st = set(o, GSAE_RUN_CORRUPT, "%s", gsae_error_message());
    } else {
      st = read_file(fid, path, expect_id, o);
      H5Fclose(fid);
    }
  }
  gsae_error_clear();
  if (st == GSAE_OK && !o->reason) st = (o->reason = dup_text("")) ? GSAE_OK : GSAE_ERR_MEMORY;
  if (st != GSAE_OK) {
    gsae_outcome_free(o);
    return gsae_fail(GSAE_ERR_MEMORY, "out of memory reading %s", path);
  }
  return GSAE_OK;
}

void gsae_outcome_free(gsae_outcome *o) {
  free_traces(o);
  free(o->reason);
  o->reason = NULL;
}
