/* gsae merge: read every point's run file (ranks round-robin), gather on rank 0, write the
 * summary; see include/gsae/merge.h. */
#include "gsae/merge.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gsae/columns.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/manifest.h"
#include "gsae/provenance.h"
#include "gsae/schema.h"

#define PATH_CAP 4096
#define SUMMARY_VERSION 1
#define CHUNK_DOUBLES 16384 /* 128 KiB chunks for /traces */
#define SEND_MAX (1 << 30)  /* bytes per MPI message */

/* ---- a point's outcome as bytes, to travel from the rank that read it to rank 0 ---- */

typedef struct {
  char *p;
  size_t len, cap;
  int oom;
} wbuf;

static void put(wbuf *b, const void *data, size_t n) {
  if (b->oom || n == 0) return;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}

static void put_u64(wbuf *b, uint64_t v) { put(b, &v, sizeof v); }
static void put_str(wbuf *b, const char *s) {
  put_u64(b, strlen(s));
  put(b, s, strlen(s));
}

static void pack(wbuf *b, size_t index, const gsae_outcome *o) {
  put_u64(b, index);
  put_u64(b, (uint64_t)o->status);
  put(b, &o->epochs_done, sizeof o->epochs_done);
  put(b, o->theory, sizeof o->theory);
  put(b, o->scores, sizeof o->scores);
  put_str(b, o->reason);
  put_u64(b, o->ntraces);
  for (size_t t = 0; t < o->ntraces; ++t) {
    put_str(b, o->traces[t].name);
    put_str(b, o->traces[t].description);
    put_str(b, o->traces[t].units);
    put_str(b, o->traces[t].scale);
  }
  put(b, o->values, o->ntraces * (size_t)(o->epochs_done + 1) * sizeof(double));
}

typedef struct {
  const char *p;
  size_t len, at;
  int bad;
} rbuf;

static void get(rbuf *r, void *out, size_t n) {
  if (n == 0) return;
  if (r->bad || n > r->len - r->at) {
    r->bad = 1;
    memset(out, 0, n);
    return;
  }
  memcpy(out, r->p + r->at, n);
  r->at += n;
}

static uint64_t get_u64(rbuf *r) {
  uint64_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

static char *get_str(rbuf *r) {
  uint64_t n = get_u64(r);
  if (r->bad || n > r->len - r->at) {
    r->bad = 1;
    return NULL;
  }
  char *s = malloc(n + 1);
  if (!s) {
    r->bad = 1;
    return NULL;
  }
  get(r, s, n);
  s[n] = '\0';
  return s;
}

/* One record into outs[index]; 0 when the bytes are malformed or memory ran out. */
static int unpack(rbuf *r, gsae_outcome *outs, size_t count) {
  uint64_t index = get_u64(r);
  if (r->bad || index >= count) return 0;
  gsae_outcome *o = &outs[index];
  o->status = (gsae_run_status)get_u64(r);
  get(r, &o->epochs_done, sizeof o->epochs_done);
  get(r, o->theory, sizeof o->theory);
  get(r, o->scores, sizeof o->scores);
  o->reason = get_str(r);
  uint64_t nt = get_u64(r);
  if (r->bad || nt > r->len) return 0;
  o->traces = calloc(nt ? nt : 1, sizeof *o->traces);
  if (!o->traces) return 0;
  o->ntraces = nt;
  for (size_t t = 0; t < nt; ++t) {
    o->traces[t].name = get_str(r);
    o->traces[t].description = get_str(r);
    o->traces[t].units = get_str(r);
    o->traces[t].scale = get_str(r);
  }
  size_t nv = (size_t)nt * (size_t)(o->epochs_done + 1);
  if (r->bad || o->epochs_done < -1 || nv > (r->len - r->at) / sizeof(double)) return 0;
  o->values = malloc(nv ? nv * sizeof(double) : 1);
  if (!o->values) return 0;
  get(r, o->values, nv * sizeof(double));
  return !r->bad;
}

/* ---- gathering ---- */

static gsae_status send_bytes(MPI_Comm comm, const char *p, size_t n, int peer, int receive) {
  for (size_t at = 0; at < n; at += SEND_MAX) {
    int chunk = (int)(n - at < SEND_MAX ? n - at : SEND_MAX);
    int e = receive ? MPI_Recv((char *)p + at, chunk, MPI_BYTE, peer, 7, comm, MPI_STATUS_IGNORE)
                    : MPI_Send(p + at, chunk, MPI_BYTE, peer, 7, comm);
    if (e != MPI_SUCCESS) return gsae_fail(GSAE_ERR_MPI, "merge: moving point records between ranks failed");
  }
  return GSAE_OK;
}

/* Rank r read the points i = r (mod size) into outs[i]; afterwards rank 0 holds them all. */
static gsae_status gather(MPI_Comm comm, gsae_outcome *outs, size_t count) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (size == 1) return GSAE_OK;
  wbuf b = {0};
  if (rank != 0)
    for (size_t i = (size_t)rank; i < count; i += (size_t)size) pack(&b, i, &outs[i]);
  gsae_status st = GSAE_OK, local = b.oom ? gsae_fail(GSAE_ERR_MEMORY, "out of memory packing point records") : GSAE_OK;
  unsigned long long mine = b.len, *sizes = NULL;
  char **bufs = NULL;
  if (rank == 0) {
    sizes = calloc((size_t)size, sizeof *sizes);
    bufs = calloc((size_t)size, sizeof *bufs);
    if (!sizes || !bufs) local = gsae_fail(GSAE_ERR_MEMORY, "out of memory gathering point records");
  }
  GSAE_TRY(gsae_dist_agree(comm, local));
  MPI_Gather(&mine, 1, MPI_UNSIGNED_LONG_LONG, sizes, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
  for (int r = 1; rank == 0 && r < size && local == GSAE_OK; ++r)
    if (!(bufs[r] = malloc(sizes[r] ? sizes[r] : 1)))
      local = gsae_fail(GSAE_ERR_MEMORY, "out of memory receiving %llu bytes of point records", sizes[r]);
  GSAE_TRY(gsae_dist_agree(comm, local));
  if (rank == 0) {
    for (int r = 1; r < size && local == GSAE_OK; ++r) local = send_bytes(comm, bufs[r], sizes[r], r, 1);
    for (int r = 1; r < size && local == GSAE_OK; ++r) {
      rbuf rd = {bufs[r], sizes[r], 0, 0};
      while (rd.at < rd.len && local == GSAE_OK)
        if (!unpack(&rd, outs, count)) local = gsae_fail(GSAE_ERR_MPI, "merge: malformed point records from rank %d", r);
    }
  } else {
    local = send_bytes(comm, b.p, b.len, 0, 0);
  }
  GSAE_TRY(gsae_dist_agree(comm, local));
cleanup:
  if (bufs)
    for (int r = 0; r < size; ++r) free(bufs[r]);
  free(bufs);
  free(sizes);
  free(b.p);
  return st;
}

/* ---- the summary file ---- */

typedef struct {
  const char *name, *description, *units, *scale; /* the schema's, or the first point's that has it */
} trace_col;

static int cmp_trace_col(const void *a, const void *b) {
  return gsae_trace_compare(((const trace_col *)a)->name, ((const trace_col *)b)->name);
}

/* The union of the traces of all points: the schema's always (gsae_trace_defs), then any other,
 * sorted. */
static gsae_status trace_union(const gsae_outcome *outs, size_t count, trace_col **cols, size_t *ncols) {
  size_t cap = GSAE_TRACE_COUNT, n = 0;
  for (size_t i = 0; i < count; ++i) cap += outs[i].ntraces;
  trace_col *c;
  GSAE_ALLOC(c, cap, "trace columns");
  for (int k = 0; k < GSAE_TRACE_COUNT; ++k) {
    const gsae_trace_def *d = &gsae_trace_defs[k];
    c[n++] = (trace_col){d->name, d->description, d->units, d->scale};
  }
  for (size_t i = 0; i < count; ++i)
    for (size_t t = 0; t < outs[i].ntraces; ++t) {
      const gsae_trace_info *info = &outs[i].traces[t];
      size_t j = 0;
      while (j < n && strcmp(c[j].name, info->name) != 0) ++j;
      if (j == n) c[n++] = (trace_col){info->name, info->description, info->units, info->scale};
    }
  qsort(c, n, sizeof *c, cmp_trace_col);
  *cols = c;
  *ncols = n;
  return GSAE_OK;
}

/* Index of trace `name` in outcome o, or -1. */
static long find_trace(const gsae_outcome *o, const char *name) {
  for (size_t t = 0; t < o->ntraces; ++t)
    if (strcmp(o->traces[t].name, name) == 0) return (long)t;
  return -1;
}

static gsae_status write_trace_matrix(hid_t fid, const char *dset, const trace_col *tc, const gsae_outcome *outs,
                                      size_t count, size_t width, const char *file) {
  gsae_status st = GSAE_OK;
  double *m = NULL;
  hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
  GSAE_TRY_ALLOC(m, count * width > 0 ? count * width : 1, "trace matrix");
  for (size_t i = 0; i < count; ++i) {
    const gsae_outcome *o = &outs[i];
    long t = find_trace(o, tc->name);
    size_t len = t < 0 ? 0 : (size_t)(o->epochs_done + 1);
    for (size_t e = 0; e < width; ++e) m[i * width + e] = e < len ? o->values[(size_t)t * len + e] : NAN;
  }
  hsize_t dims[2] = {count, width};
  space = H5Screate_simple(2, dims, NULL);
  dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(dcpl, 0);
  if (count && width) {
    hsize_t cols = width < CHUNK_DOUBLES ? width : CHUNK_DOUBLES;
    hsize_t rows = CHUNK_DOUBLES / cols;
    if (rows > count) rows = count;
    if (rows < 1) rows = 1;
    hsize_t chunk[2] = {rows, cols};
    H5Pset_chunk(dcpl, 2, chunk);
    if (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0) H5Pset_shuffle(dcpl);
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) H5Pset_deflate(dcpl, 4);
  }
  GSAE_TRY(gsae_h5_ensure_groups(fid, dset, file));
  d = H5Dcreate2(fid, dset, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (d < 0) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot create dataset %s", file, dset));
  if (count * width > 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m) < 0)
    GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot write dataset %s (disk full?)", file, dset));
  char desc[1024];
  snprintf(desc, sizeof desc,
           "per-epoch trace %s of every point: row = point (as in /points), column = epoch 0..E, NaN after the "
           "point's last traced epoch%s%s",
           tc->name, tc->description[0] ? "; " : "", tc->description);
  GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "description", desc));
  if (tc->units[0]) GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "units", tc->units));
  if (tc->scale[0]) GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "scale", tc->scale));
cleanup:
  if (d >= 0) H5Dclose(d);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  free(m);
  return st;
}

static gsae_status write_outcome_columns(hid_t fid, const gsae_outcome *outs, size_t count, const trace_col *tcs,
                                         size_t ntc, const char *file) {
  gsae_status st = GSAE_OK;
  const char **text = NULL;
  int64_t *ep = NULL;
  double *v = NULL;
  GSAE_TRY_ALLOC(text, count ? count : 1, "status column");
  for (size_t i = 0; i < count; ++i) text[i] = gsae_run_status_name(outs[i].status);
  GSAE_TRY(gsae_column_write_strings(
      fid, "/points/status", text, count,
      "complete | failed | interrupted | running (the run file's status) | missing (no run file) | corrupt (the file "
      "cannot be read as a gsae run file)",
      file));
  for (size_t i = 0; i < count; ++i) text[i] = outs[i].reason;
  GSAE_TRY(gsae_column_write_text(fid, "/points/status_reason", text, count,
                                  "why the point is not complete: the run file's status_reason, or what is wrong "
                                  "with the file; \"\" if nothing",
                                  file));
  GSAE_TRY_ALLOC(ep, count ? count : 1, "epochs column");
  for (size_t i = 0; i < count; ++i) ep[i] = outs[i].epochs_done;
  GSAE_TRY(gsae_column_write_int(fid, "/points/epochs_done", ep, count,
                                 "epochs traced after the initial dictionary (trace length - 1); -1 if none", file));
  GSAE_TRY_ALLOC(v, count ? count : 1, "metric column");
  for (size_t k = 0; k < ntc; ++k) {
    char dset[512], desc[1024];
    snprintf(dset, sizeof dset, "/points/%s", tcs[k].name);
    if (gsae_h5_exists(fid, dset)) continue; /* a trace named like another column: only in /traces */
    for (size_t i = 0; i < count; ++i) {
      long t = find_trace(&outs[i], tcs[k].name);
      size_t len = (size_t)(outs[i].epochs_done + 1);
      v[i] = t < 0 || len == 0 ? NAN : outs[i].values[(size_t)t * len + len - 1];
    }
    snprintf(desc, sizeof desc, "final value (last traced epoch) of %s/%s; NaN if none%s%s", GSAE_RUN_TRACE_GROUP, tcs[k].name,
             tcs[k].description[0] ? ": " : "", tcs[k].description);
    GSAE_TRY(gsae_column_write_double(fid, dset, v, count, desc, file));
    if (tcs[k].units[0]) GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "units", tcs[k].units));
  }
  for (int k = 0; k < GSAE_THEORY_COUNT; ++k) {
    char dset[512], desc[1024];
    snprintf(dset, sizeof dset, "/points/%s", gsae_theory_names[k]);
    for (size_t i = 0; i < count; ++i) v[i] = outs[i].theory[k];
    snprintf(desc, sizeof desc, "%s (run file attribute; NaN if absent)", gsae_theory_descriptions[k]);
    GSAE_TRY(gsae_column_write_double(fid, dset, v, count, desc, file));
  }
  /* the evaluation's scores that some point has: acc_<method>_<repr>, purity_<method>_<repr> */
  for (int k = 0; k < GSAE_EVAL_SCORES; ++k) {
    int any = 0;
    for (size_t i = 0; i < count; ++i) any |= !isnan(outs[i].scores[k]);
    if (!any) continue;
    char name[96], dset[512], desc[512];
    gsae_evaluation_score_name(k, name, sizeof name);
    snprintf(dset, sizeof dset, "/points/%s", name);
    for (size_t i = 0; i < count; ++i) v[i] = outs[i].scores[k];
    snprintf(desc, sizeof desc, "%s of the clustering of the evaluation's held-out set (the labels score it, "
             "never train it); NaN if the point was not evaluated", k % 2 ? "purity" : "accuracy");
    GSAE_TRY(gsae_column_write_double(fid, dset, v, count, desc, file));
    GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "units", "percent"));
  }
cleanup:
  free(text);
  free(ep);
  free(v);
  return st;
}

static gsae_status write_summary(hid_t fid, const char *out, const char *manifest, const char *name, const char *spec,
                                 const gsae_point *pts, const gsae_outcome *outs, size_t count,
                                 const size_t *counts, int ranks, const char *command) {
  gsae_status st = GSAE_OK;
  trace_col *tcs = NULL;
  size_t ntc = 0, width = 0;
  GSAE_TRY(gsae_format_write(fid, GSAE_FORMAT_SUMMARY, SUMMARY_VERSION, out));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "name", name));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "spec", spec));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "manifest", manifest));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "points", (int64_t)count));
  for (int s = 0; s < GSAE_RUN_STATUS_COUNT; ++s)
    GSAE_TRY(gsae_h5_attr_write_int(fid, "/", gsae_run_status_name((gsae_run_status)s), (int64_t)counts[s]));
  GSAE_TRY(gsae_provenance_write(fid, "/", MPI_COMM_NULL, ranks, command, "written"));
  GSAE_TRY(gsae_points_write(fid, "/points", pts, count, out));
  GSAE_TRY(trace_union(outs, count, &tcs, &ntc));
  for (size_t i = 0; i < count; ++i)
    if ((size_t)(outs[i].epochs_done + 1) > width) width = (size_t)(outs[i].epochs_done + 1);
  GSAE_TRY(write_outcome_columns(fid, outs, count, tcs, ntc, out));
  GSAE_TRY(gsae_column_group(fid, "/traces", "per-epoch traces of every point, (P, E+1) each, NaN-padded", out));
  for (size_t k = 0; k < ntc; ++k) {
    char dset[512];
    snprintf(dset, sizeof dset, "/traces/%s", tcs[k].name);
    GSAE_TRY(write_trace_matrix(fid, dset, &tcs[k], outs, count, width, out));
  }
cleanup:
  free(tcs);
  return st;
}

/* ---- the command ---- */

void gsae_merge_result_free(gsae_merge_result *res) {
  if (res->reason)
    for (size_t i = 0; i < res->count; ++i) free(res->reason[i]);
  free(res->reason);
  free(res->status);
  free(res->pts);
  free(res->name);
  memset(res, 0, sizeof *res);
}

static void free_outcomes(gsae_outcome *outs, size_t count) {
  if (!outs) return;
  for (size_t i = 0; i < count; ++i) gsae_outcome_free(&outs[i]);
  free(outs);
}

/* Rank 0: write the summary file (replacing out) from every point's outcome, counts[] the points
 * of each status; then keep what the report needs in res (each point's reason is taken from outs). */
static gsae_status summarize(const char *out, const char *manifest, const char *spec, const gsae_point *pts,
                             gsae_outcome *outs, size_t count, int ranks, const char *command,
                             unsigned long long *counts, gsae_merge_result *res) {
  gsae_status st = GSAE_OK;
  size_t c[GSAE_RUN_STATUS_COUNT] = {0};
  for (size_t i = 0; i < count; ++i) c[outs[i].status]++;
  for (int s = 0; s < GSAE_RUN_STATUS_COUNT; ++s) counts[s] = c[s];
  char tmp[PATH_CAP + 300] = "";
  hid_t fid = H5I_INVALID_HID;
  GSAE_TRY(gsae_h5_replace_begin(out, tmp, sizeof tmp, &fid));
  GSAE_TRY(write_summary(fid, out, manifest, res->name, spec, pts, outs, count, c, ranks, command));
  const hid_t done = fid; /* the commit closes it, renames tmp over out */
  fid = H5I_INVALID_HID;
  GSAE_TRY(gsae_h5_replace_commit(done, tmp, out));
  GSAE_TRY_ALLOC(res->status, count ? count : 1, "statuses");
  GSAE_TRY_ALLOC(res->reason, count ? count : 1, "reasons");
  for (size_t i = 0; i < count; ++i) {
    res->status[i] = outs[i].status;
    res->reason[i] = outs[i].reason;
    outs[i].reason = NULL;
  }
cleanup:
  if (fid != H5I_INVALID_HID) gsae_h5_replace_abort(fid, tmp);
  return st;
}

gsae_status gsae_merge(MPI_Comm comm, const char *dir, const char *out, const char *command, gsae_merge_result *res) {
  memset(res, 0, sizeof *res);
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  char manifest[PATH_CAP], summary[PATH_CAP], path[PATH_CAP];
  snprintf(manifest, sizeof manifest, "%s/sweep.h5", dir);
  snprintf(summary, sizeof summary, "%s/summary.h5", dir);
  if (!out) out = summary;
  struct stat so, sm;
  if (stat(out, &so) == 0 && stat(manifest, &sm) == 0 && so.st_dev == sm.st_dev && so.st_ino == sm.st_ino)
    return gsae_fail(GSAE_ERR_ARG, "--out %s is the manifest itself; choose another file", out);

  gsae_status st = GSAE_OK, local = GSAE_OK;
  char *spec = NULL;
  gsae_point *pts = NULL;
  size_t count = 0;
  gsae_outcome *outs = NULL;
  unsigned long long counts[GSAE_RUN_STATUS_COUNT] = {0};
  GSAE_TRY(gsae_dist_agree(comm, gsae_manifest_read(manifest, &res->name, &spec, &pts, &count)));
  res->count = count;

  outs = gsae_calloc(count ? count : 1, sizeof *outs, "point outcomes");
  local = outs ? GSAE_OK : GSAE_ERR_MEMORY;
  for (size_t i = (size_t)rank; i < count && local == GSAE_OK; i += (size_t)size) {
    snprintf(path, sizeof path, "%s/points/%s.h5", dir, pts[i].id);
    local = gsae_outcome_read(path, pts[i].id, &outs[i]);
  }
  GSAE_TRY(gsae_dist_agree(comm, local));
  GSAE_TRY(gather(comm, outs, count));

  if (rank == 0) {
    local = summarize(out, manifest, spec, pts, outs, count, size, command, counts, res);
    res->pts = pts; /* the report's (freed with res on failure) */
    pts = NULL;
  }
  GSAE_TRY(gsae_dist_agree(comm, local));
  MPI_Bcast(counts, GSAE_RUN_STATUS_COUNT, MPI_UNSIGNED_LONG_LONG, 0, comm);
  for (int s = 0; s < GSAE_RUN_STATUS_COUNT; ++s) res->counts[s] = (size_t)counts[s];
cleanup:
  free_outcomes(outs, count);
  free(pts);
  free(spec);
  if (st != GSAE_OK) gsae_merge_result_free(res);
  return st;
}

void gsae_merge_report(FILE *f, const gsae_merge_result *res, const char *out, size_t max_lines) {
  const size_t *c = res->counts;
  fprintf(f, "merged %zu points of %s: %zu complete, %zu failed, %zu interrupted/running, %zu missing, %zu corrupt -> %s\n",
          res->count, res->name, c[GSAE_RUN_COMPLETE], c[GSAE_RUN_FAILED],
          c[GSAE_RUN_INTERRUPTED] + c[GSAE_RUN_RUNNING], c[GSAE_RUN_MISSING], c[GSAE_RUN_CORRUPT], out);
  if (!res->status) return;
  size_t shown = 0, more = 0;
  for (size_t i = 0; i < res->count; ++i) {
    gsae_run_status s = res->status[i];
    if (s != GSAE_RUN_FAILED && s != GSAE_RUN_MISSING && s != GSAE_RUN_CORRUPT) continue;
    if (shown == max_lines) {
      ++more;
      continue;
    }
    ++shown;
    const gsae_point *pt = &res->pts[i];
    char params[1024] = "";
    size_t len = 0;
    for (size_t p = 0; p < gsae_param_count() && len < sizeof params; ++p) {
      if (!gsae_points_vary(res->pts, res->count, p)) continue;
      char v[64];
      gsae_setting_format(gsae_param(p), pt->value[p], v, sizeof v);
      len += (size_t)snprintf(params + len, sizeof params - len, " %s=%s", gsae_setting_key(gsae_param(p)), v);
    }
    fprintf(f, "  %-7s point %zu (id %s%s%s): %s\n", gsae_run_status_name(s), pt->index, pt->id, params[0] ? ";" : "",
            params, res->reason[i][0] ? res->reason[i] : "(no reason recorded)");
  }
  if (more) fprintf(f, "  ... and %zu more\n", more);
}
