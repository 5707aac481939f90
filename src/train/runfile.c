/* The run file of `gsae train`: settings, provenance, per-epoch traces, final dictionary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_attrs.h"
#include "files.h"
#include "gsae/h5.h"
#include "gsae/metrics.h"
#include "gsae/provenance.h"
#include "gsae/schema.h"

/* A (n, m) from W = A^T (m, n), written by this process alone. */
static gsae_status write_A(hid_t fid, const char *name, const gsae_real *W, size_t m, size_t n,
                           const char *description, const char *path) {
  gsae_status st = GSAE_OK;
  gsae_real *A = NULL;
  GSAE_TRY_ALLOC(A, m * n, "dictionary transpose");
  for (size_t r = 0; r < n; ++r)
    for (size_t j = 0; j < m; ++j) A[r * m + j] = W[j * n + r];
  hsize_t dims[2] = {n, m};
  GSAE_TRY(gsae_h5_create_dataset(fid, name, GSAE_H5_REAL, 2, dims, description, path));
  GSAE_TRY(gsae_h5_write_rows(fid, name, GSAE_H5_REAL, 0, n, A, 0, path));
cleanup:
  free(A);
  return st;
}

/* Lemma 1: lambda in [gamma Bmax (mu_B + delta), Bmin (1 - delta) - gamma Bmax (mu_B + delta)]
 * recovers the support; delta is the measured initial distance. in_range = -1 if it is empty. */
static gsae_status write_lemma1(hid_t fid, const gsae_train_config *cfg, const gsae_dataset *ds, double delta) {
  const gsae_gen_params *p = &ds->params;
  double cross = (double)ds->active * p->bmax * (ds->block_coherence + delta);
  double low = cross, high = p->bmin * (1.0 - delta) - cross;
  int64_t in_range = low > high ? -1 : (cfg->lambda >= low && cfg->lambda <= high);
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_BLOCK_COHERENCE], ds->block_coherence));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_LEMMA1_LOW], low));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_LEMMA1_HIGH], high));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", gsae_theory_names[GSAE_THEORY_LEMMA1_IN_RANGE], in_range));
  return GSAE_OK;
}

static gsae_status create_body(hid_t fid, const char *out, const gsae_train_config *cfg, const gsae_dataset *ds,
                               const char *data_path, const char *command, const gsae_run_labels *labels, int ranks,
                               const run_meta *meta,
                               const gsae_real *W0, const trace_buffer *tb) {
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_RUN, 1, out));
  GSAE_CALL(gsae_run_status_write(fid, GSAE_RUN_RUNNING, ""));
  GSAE_CALL(config_attrs_write(fid, "/", cfg));
  GSAE_CALL(gsae_run_labels_write(fid, labels));
  GSAE_CALL(gsae_provenance_write(fid, "/", MPI_COMM_NULL, ranks, command, "written"));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "started", meta->started));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "data", data_path));
  if (meta->data_content[0])
    GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_DATA_CONTENT, meta->data_content));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "n", (int64_t)ds->n));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "active", (int64_t)ds->active));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "samples", (int64_t)ds->total));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "snr_db", ds->params.snr_db));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_SNR_DB_MEASURED], ds->snr_db_measured));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "data_seed", (int64_t)ds->params.seed));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "init_sigma", meta->init.sigma));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_CORR_MEASURED], meta->init.correlation));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_DELTA_MEASURED], meta->init.delta));
  if (ds->has_truth) GSAE_CALL(write_lemma1(fid, cfg, ds, meta->init.delta));
  GSAE_CALL(write_A(fid, "/init/A", W0, ds->m, ds->n, "initial dictionary A0 (n, m)", out));
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    char name[64];
    if (!tb->on[t]) continue;
    gsae_trace_path((gsae_trace_id)t, name, sizeof name);
    GSAE_CALL(gsae_trace_create(fid, (gsae_trace_id)t, out));
    GSAE_CALL(gsae_h5_trace_write(fid, name, 0, tb->v[t], tb->len, out));
  }
  if (H5Fflush(fid, H5F_SCOPE_GLOBAL) < 0) return gsae_fail(GSAE_ERR_IO, "%s: flush failed (disk full?)", out);
  return GSAE_OK;
}

gsae_status runfile_create(const char *out, const gsae_train_config *cfg, const gsae_dataset *ds,
                           const char *data_path, const char *command, const gsae_run_labels *labels, int ranks,
                           const run_meta *meta, const gsae_real *W0, const trace_buffer *tb, hid_t *fid) {
  GSAE_CALL(gsae_h5_create(out, MPI_COMM_NULL, fid));
  gsae_status st = create_body(*fid, out, cfg, ds, data_path, command, labels, ranks, meta, W0, tb);
  if (st != GSAE_OK) {
    H5Fclose(*fid);
    *fid = H5I_INVALID_HID;
    remove(out);
  }
  return st;
}

gsae_status runfile_append(hid_t fid, const char *out, const trace_buffer *tb, size_t epoch) {
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    char name[64];
    if (!tb->on[t]) continue;
    gsae_trace_path((gsae_trace_id)t, name, sizeof name);
    GSAE_CALL(gsae_h5_trace_write(fid, name, epoch, &tb->v[t][epoch], 1, out));
  }
  if (H5Fflush(fid, H5F_SCOPE_GLOBAL) < 0) return gsae_fail(GSAE_ERR_IO, "%s: flush failed (disk full?)", out);
  return GSAE_OK;
}

gsae_status runfile_finish(hid_t fid, const char *out, const gsae_dataset *ds, const gsae_real *W,
                           const train_model *mod, const double *mean, const trace_buffer *tb, gsae_run_status status,
                           const char *reason, double seconds) {
  char now[32];
  gsae_now_utc(now, sizeof now);
  gsae_status st = GSAE_OK, cst = GSAE_OK;
  if (W) GSAE_TRY(write_A(fid, "/model/A", W, ds->m, ds->n, "trained dictionary A (n, m), not normalised", out));
  if (W && mod && mod->write_attrs) GSAE_TRY(mod->write_attrs(mod, fid, out));
  if (W && mean) {
    hsize_t len = ds->n;
    GSAE_TRY(gsae_h5_create_dataset(fid, "/model/mean", H5T_NATIVE_DOUBLE, 1, &len,
                                    "training mean image (n,), subtracted from every sample before training and "
                                    "encoding (root attribute center = 1)", out));
    GSAE_TRY(gsae_h5_write_rows(fid, "/model/mean", H5T_NATIVE_DOUBLE, 0, ds->n, mean, 0, out));
  }
  if (ds->has_truth) {
    double rate_mean, rate_max;
    gsae_contraction(tb->v[GSAE_TRACE_GROUP_DISTANCE], tb->len, &rate_mean, &rate_max);
    GSAE_TRY(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_CONTRACTION_MEAN], rate_mean));
    GSAE_TRY(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_CONTRACTION_MAX], rate_max));
  }
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "ended", now));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "seconds", seconds));
  /* the status goes last: a file says "complete" only once everything else is in it */
  GSAE_TRY(gsae_run_status_write(fid, status, reason));
cleanup:
  cst = gsae_h5_close(fid, out);
  return st != GSAE_OK ? st : cst;
}

gsae_status data_content_check(hid_t fid, const char *data_content, const char *what, const char *path) {
  char have[32] = "";
  if (!data_content[0] || H5Aexists_by_name(fid, "/", GSAE_RUN_ATTR_DATA_CONTENT, H5P_DEFAULT) <= 0) return GSAE_OK;
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_DATA_CONTENT, have, sizeof have, path));
  if (strcmp(have, data_content) != 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: %s of other data (content id %s; --data has %s): the data set changed since; "
                     "use another --out", path, what, have, data_content);
  return GSAE_OK;
}

gsae_status runfile_completed(const char *out, const gsae_train_config *cfg, const char *data_content,
                              gsae_train_summary *summary, int *complete) {
  *complete = 0;
  if (access(out, R_OK) != 0) return GSAE_OK;
  hid_t fid = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fid < 0) return GSAE_OK;
  char status[32] = "", format[32] = "";
  int done = gsae_format_read(fid, format, sizeof format, out) == GSAE_OK && strcmp(format, GSAE_FORMAT_RUN) == 0 &&
             gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_STATUS, status, sizeof status, out) == GSAE_OK &&
             gsae_run_status_parse(status) == GSAE_RUN_COMPLETE;
  gsae_error_clear();
  gsae_status st = GSAE_OK;
  int64_t epochs = -1;
  double *last[GSAE_TRACE_COUNT] = {&summary->loss, &summary->dict_error, &summary->subspace_error, &summary->group_distance,
                               &summary->support_exact, &summary->precision, &summary->recall,
                               &summary->active_groups, &summary->active_entries, &summary->seconds};
  summary->eta = NAN;
  if (done) {
    GSAE_TRY(config_attrs_check(fid, cfg, out));
    GSAE_TRY(gsae_h5_attr_read_int(fid, "/", "epochs", &epochs, out));
    if (epochs != cfg->epochs)
      GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: complete run of %lld epochs, this run asks for %lld (use another --out)", out,
                         (long long)epochs, (long long)cfg->epochs));
    GSAE_TRY(data_content_check(fid, data_content, "complete run", out));
  }
  if (done && H5Aexists_by_name(fid, "/", "eta", H5P_DEFAULT) > 0 &&
      gsae_h5_attr_read_double(fid, "/", "eta", &summary->eta, out) != GSAE_OK)
    summary->eta = NAN;
  for (int t = 0; t < GSAE_TRACE_COUNT && done; ++t) {
    char name[64];
    hsize_t len = 0;
    gsae_trace_path((gsae_trace_id)t, name, sizeof name);
    if (H5Lexists(fid, name, H5P_DEFAULT) <= 0) { /* a trace this run does not write */
      *last[t] = NAN;
      continue;
    }
    GSAE_TRY(gsae_h5_shape(fid, name, 1, &len, out));
    if (len != (hsize_t)epochs + 1)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: complete run with %llu entries in %s, expected %lld", out,
                         (unsigned long long)len, name, (long long)epochs + 1));
    GSAE_TRY(gsae_h5_read_rows(fid, name, H5T_NATIVE_DOUBLE, len - 1, 1, last[t], 0, out));
  }
cleanup:
  summary->epochs_done = epochs;
  H5Fclose(fid);
  *complete = done && st == GSAE_OK;
  return st;
}
