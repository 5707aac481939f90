/* Checkpoints: exact training state, atomically replaced; see files.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_attrs.h"
#include "files.h"
#include "gsae/h5.h"
#include "gsae/schema.h"


static gsae_status write_matrix(hid_t fid, const char *name, const gsae_real *M, size_t m, size_t n,
                                const char *description, const char *path) {
  hsize_t dims[2] = {m, n};
  GSAE_CALL(gsae_h5_create_dataset(fid, name, GSAE_H5_REAL, 2, dims, description, path));
  GSAE_CALL(gsae_h5_write_rows(fid, name, GSAE_H5_REAL, 0, m, M, 0, path));
  return GSAE_OK;
}

static gsae_status read_matrix(hid_t fid, const char *name, gsae_real *M, size_t m, size_t n, const char *path) {
  hsize_t dims[2];
  GSAE_CALL(gsae_h5_shape(fid, name, 2, dims, path));
  if (dims[0] != m || dims[1] != n)
    return gsae_fail(GSAE_ERR_DATA, "%s: %s has shape (%llu, %llu), expected (%zu, %zu) for this data set", path, name,
                     (unsigned long long)dims[0], (unsigned long long)dims[1], m, n);
  GSAE_CALL(gsae_h5_read_rows(fid, name, GSAE_H5_REAL, 0, m, M, 0, path));
  return GSAE_OK;
}

static gsae_status write_body(hid_t fid, const char *path, const gsae_train_config *cfg, const gsae_dataset *ds,
                              const train_model *mod, const run_meta *meta, const gsae_real *W, const gsae_real *W0,
                              const gsae_adam *adam, const trace_buffer *tb) {
  const size_t r = mod->shape[0], c = mod->shape[1];
  char state[32], init[32], what[4][96];
  snprintf(state, sizeof state, "/state/%s", mod->param_name);
  snprintf(init, sizeof init, "/init/%s", mod->param_name);
  const char *shape = mod->param_name[0] == 'W' ? "(m, n)" : "(n, m)";
  const int tied = mod->param_name[0] == 'W';
  snprintf(what[0], sizeof what[0], "%s at the checkpoint %s", tied ? "dictionary A^T" : "dictionary A", shape);
  snprintf(what[1], sizeof what[1], "Adam first moment %s", shape);
  snprintf(what[2], sizeof what[2], "Adam second moment %s", shape);
  snprintf(what[3], sizeof what[3], "%s %s", tied ? "initial dictionary A0^T" : "initial dictionary A0", shape);
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_CHECKPOINT, 1, path));
  GSAE_CALL(config_attrs_write(fid, "/", cfg));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "epoch", meta->epoch));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "adam_step", adam->step));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds", meta->seconds));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "started", meta->started));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "rng", "philox4x32-10 counter-based: state = (seed, epoch)"));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "data_samples", (int64_t)ds->total));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "data_seed", (int64_t)ds->params.seed));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "data_noise_std", ds->noise_std));
  if (meta->data_content[0])
    GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_DATA_CONTENT, meta->data_content));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "init_sigma", meta->init.sigma));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_CORR_MEASURED], meta->init.correlation));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_DELTA_MEASURED], meta->init.delta));
  GSAE_CALL(write_matrix(fid, state, W, r, c, what[0], path));
  GSAE_CALL(write_matrix(fid, "/state/adam_m", adam->m, r, c, what[1], path));
  GSAE_CALL(write_matrix(fid, "/state/adam_v", adam->v, r, c, what[2], path));
  GSAE_CALL(write_matrix(fid, init, W0, r, c, what[3], path));
  if (meta->mean) {
    hsize_t len = ds->n;
    GSAE_CALL(gsae_h5_create_dataset(fid, "/state/mean", H5T_NATIVE_DOUBLE, 1, &len,
                                     "training mean image (n,) subtracted from every sample (--center)", path));
    GSAE_CALL(gsae_h5_write_rows(fid, "/state/mean", H5T_NATIVE_DOUBLE, 0, ds->n, meta->mean, 0, path));
  }
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    if (!tb->on[t]) continue;
    char name[64];
    gsae_trace_path((gsae_trace_id)t, name, sizeof name);
    GSAE_CALL(gsae_trace_create(fid, (gsae_trace_id)t, path));
    GSAE_CALL(gsae_h5_trace_write(fid, name, 0, tb->v[t], tb->len, path));
  }
  return GSAE_OK;
}

gsae_status checkpoint_write(const char *path, const gsae_train_config *cfg, const gsae_dataset *ds,
                             const train_model *mod, const run_meta *meta, const gsae_real *W, const gsae_real *W0,
                             const gsae_adam *adam, const trace_buffer *tb) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  gsae_status st = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  GSAE_CALL(gsae_h5_memory_create(tmp, &fid));
  GSAE_TRY(write_body(fid, tmp, cfg, ds, mod, meta, W, W0, adam, tb));
  const hid_t image = fid; /* gsae_h5_memory_save closes it */
  fid = H5I_INVALID_HID;
  GSAE_TRY(gsae_h5_memory_save(image, tmp)); /* write + fsync */
  if (rename(tmp, path) != 0) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot move the new checkpoint into place", path));
cleanup:
  if (fid >= 0) H5Fclose(fid);
  if (st != GSAE_OK) {
    remove(tmp);
    gsae_error_prefix("checkpoint not written (the previous one, if any, is intact): ");
  }
  return st;
}

gsae_status checkpoint_read(const char *path, const gsae_train_config *cfg, const gsae_dataset *ds,
                            const train_model *mod, run_meta *meta, gsae_real *W, gsae_real *W0, gsae_adam *adam,
                            trace_buffer *tb) {
  const size_t r = mod->shape[0], c = mod->shape[1];
  char state[32], init[32];
  snprintf(state, sizeof state, "/state/%s", mod->param_name);
  snprintf(init, sizeof init, "/init/%s", mod->param_name);
  gsae_status st = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  double *saved = NULL;
  int64_t samples = 0, data_seed = 0;
  double noise_std = 0.0;
  GSAE_CALL(gsae_h5_open(path, MPI_COMM_NULL, 0, &fid));
  GSAE_TRY(gsae_format_expect(fid, GSAE_FORMAT_CHECKPOINT, "a gsae checkpoint", path));
  GSAE_TRY(config_attrs_check(fid, cfg, path));
  GSAE_TRY(gsae_h5_attr_read_int(fid, "/", "data_samples", &samples, path));
  if ((size_t)samples != ds->total)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: checkpoint is for a data set of %lld samples, this one has %zu", path,
                       (long long)samples, ds->total));
  GSAE_TRY(gsae_h5_attr_read_int(fid, "/", "data_seed", &data_seed, path));
  GSAE_TRY(gsae_h5_attr_read_double(fid, "/", "data_noise_std", &noise_std, path));
  if ((uint64_t)data_seed != ds->params.seed || noise_std != ds->noise_std)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: checkpoint is for another data set (seed %lld, noise std %g; this one: seed "
                       "%llu, noise std %g)", path, (long long)data_seed, noise_std,
                       (unsigned long long)ds->params.seed, ds->noise_std));
  GSAE_TRY(data_content_check(fid, meta->data_content, "checkpoint", path));
  GSAE_TRY(gsae_h5_attr_read_int(fid, "/", "epoch", &meta->epoch, path));
  GSAE_TRY(gsae_h5_attr_read_int(fid, "/", "adam_step", &adam->step, path));
  GSAE_TRY(gsae_h5_attr_read_double(fid, "/", "seconds", &meta->seconds, path));
  GSAE_TRY(gsae_h5_attr_read_string(fid, "/", "started", meta->started, sizeof meta->started, path));
  GSAE_TRY(gsae_h5_attr_read_double(fid, "/", "init_sigma", &meta->init.sigma, path));
  GSAE_TRY(gsae_h5_attr_read_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_CORR_MEASURED], &meta->init.correlation, path));
  GSAE_TRY(gsae_h5_attr_read_double(fid, "/", gsae_theory_names[GSAE_THEORY_INIT_DELTA_MEASURED], &meta->init.delta, path));
  if (meta->epoch < 0 || (size_t)meta->epoch >= tb->cap)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: checkpoint epoch %lld is beyond --epochs %zu", path, (long long)meta->epoch,
                       tb->cap - 1));
  GSAE_TRY(read_matrix(fid, state, W, r, c, path));
  GSAE_TRY(read_matrix(fid, "/state/adam_m", adam->m, r, c, path));
  GSAE_TRY(read_matrix(fid, "/state/adam_v", adam->v, r, c, path));
  GSAE_TRY(read_matrix(fid, init, W0, r, c, path));
  if (meta->mean) { /* the mean is recomputed exactly; the checkpoint's must be the same bits */
    hsize_t len = 0;
    GSAE_TRY_ALLOC(saved, ds->n ? ds->n : 1, "checkpoint mean");
    GSAE_TRY(gsae_h5_shape(fid, "/state/mean", 1, &len, path));
    if (len != ds->n)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: /state/mean has %llu entries, expected n = %zu", path,
                         (unsigned long long)len, ds->n));
    GSAE_TRY(gsae_h5_read_rows(fid, "/state/mean", H5T_NATIVE_DOUBLE, 0, ds->n, saved, 0, path));
    if (memcmp(saved, meta->mean, ds->n * sizeof *saved) != 0)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: the checkpoint's mean image /state/mean differs from this data set's "
                         "(another data set? remove the checkpoint)", path));
  }
  tb->len = (size_t)meta->epoch;
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    char name[64];
    hsize_t len;
    if (!tb->on[t]) continue;
    gsae_trace_path((gsae_trace_id)t, name, sizeof name);
    GSAE_TRY(gsae_h5_shape(fid, name, 1, &len, path));
    if (len != tb->len)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: trace %s has %llu entries, expected %zu", path, name,
                         (unsigned long long)len, tb->len));
    GSAE_TRY(gsae_h5_read_rows(fid, name, H5T_NATIVE_DOUBLE, 0, tb->len, tb->v[t], 0, path));
  }
cleanup:
  free(saved);
  gsae_h5_close(fid, path);
  return st;
}
