/* Data set files (HDF5, written and read collectively); layout in docs/hdf5-layout.md. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/provenance.h"
#include "gsae/schema.h"
#include "gsae/settings_attrs.h"


static gsae_status write_attrs(hid_t fid, const gsae_dataset *ds) {
  const gsae_gen_params *p = &ds->params;
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_DATASET, 1, "data set"));
  for (size_t k = 0; k < gsae_gen_settings_count; ++k) /* the generator's settings, one attribute each */
    GSAE_CALL(gsae_setting_attr_write(fid, "/", &gsae_gen_settings[k], p));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "snr_db_measured", ds->snr_db_measured));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "noise_std", ds->noise_std));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "block_coherence", ds->block_coherence));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "coherence_mix", ds->coherence_mix));
  return GSAE_OK;
}

/* Data without a ground truth (has_truth == 0): /data/Y, optional /data/labels, the image shape and
 * where the data came from. Every rank takes part in every write, like write_body. */
static gsae_status write_body_imported(MPI_Comm comm, hid_t fid, const char *path, const gsae_dataset *ds,
                                     const char *command) {
  const size_t n = ds->n, N = ds->total;
  int have_labels = ds->labels != NULL || ds->rows == 0, all_labels = 0, any_labels = 0;
  MPI_Allreduce(&have_labels, &all_labels, 1, MPI_INT, MPI_MIN, comm);
  int mine = ds->labels != NULL;
  MPI_Allreduce(&mine, &any_labels, 1, MPI_INT, MPI_MAX, comm);
  if (any_labels && !all_labels)
    return gsae_fail(GSAE_ERR_ARG, "%s: labels given on some ranks only", path);
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_DATASET, 1, path));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "n", (int64_t)n));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "samples", (int64_t)N));
  if (ds->image_rows > 0) {
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "image_rows", (int64_t)ds->image_rows));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "image_cols", (int64_t)ds->image_cols));
  }
  if (ds->source) GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "source", ds->source));
  if (ds->scale) GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "scale", ds->scale));
  GSAE_CALL(gsae_provenance_write(fid, "/", comm, 0, command, "created"));

  hsize_t ydims[2] = {N, n}, ldims[1] = {N};
  GSAE_CALL(gsae_h5_create_dataset(fid, "/data/Y", GSAE_H5_REAL, 2, ydims,
                                   ds->image_rows > 0
                                       ? "samples, one image per row (N, n = image_rows * image_cols), pixels row-major"
                                       : "samples, one per row (N, n)",
                                   path));
  if (any_labels)
    GSAE_CALL(gsae_h5_create_dataset(fid, "/data/labels", H5T_NATIVE_INT32, 1, ldims,
                                     "class label of each sample (N,), in the order of the rows of /data/Y", path));
  static const int32_t none = 0;
  static const gsae_real nothing = 0;
  gsae_status st[2] = {GSAE_OK, GSAE_OK}; /* every write on every rank, then the first failure */
  st[0] = gsae_h5_write_rows(fid, "/data/Y", GSAE_H5_REAL, ds->first, ds->rows, ds->Y ? ds->Y : &nothing, 1, path);
  if (any_labels)
    st[1] = gsae_h5_write_rows(fid, "/data/labels", H5T_NATIVE_INT32, ds->first, ds->rows,
                               ds->labels ? ds->labels : &none, 1, path);
  for (int k = 0; k < 2; ++k) GSAE_CALL(st[k]);
  if (ds->scale) GSAE_CALL(gsae_h5_attr_write_string(fid, "/data/Y", "units", ds->scale));
  return GSAE_OK;
}

static gsae_status write_body(MPI_Comm comm, hid_t fid, const char *path, const gsae_dataset *ds, const char *command) {
  if (!ds->has_truth) return write_body_imported(comm, fid, path, ds, command);
  int rank;
  MPI_Comm_rank(comm, &rank);
  const size_t n = ds->n, m = ds->m, N = ds->total, g = ds->active, d = ds->group_size;
  GSAE_CALL(write_attrs(fid, ds));
  /* no rank count: the file's bytes must not depend on it */
  GSAE_CALL(gsae_provenance_write(fid, "/", comm, 0, command, "created"));

  hsize_t ydims[2] = {N, n}, adims[2] = {n, m}, sdims[2] = {N, g}, cdims[3] = {N, g, d};
  GSAE_CALL(gsae_h5_create_dataset(fid, "/data/Y", GSAE_H5_REAL, 2, ydims,
                                   "samples y_i = A* x*_i + noise, one per row (N, n)", path));
  GSAE_CALL(gsae_h5_create_dataset(fid, "/truth/A", GSAE_H5_REAL, 2, adims,
                                   "generating dictionary A* (n, m), unit-norm columns, group g = columns g*d..g*d+d-1",
                                   path));
  GSAE_CALL(gsae_h5_create_dataset(fid, "/truth/support", H5T_NATIVE_INT32, 2, sdims,
                                   "active groups of each sample (N, gamma), 0-based, sorted ascending", path));
  GSAE_CALL(gsae_h5_create_dataset(fid, "/truth/coef", GSAE_H5_REAL, 3, cdims,
                                   "coefficients x*_g of the active groups (N, gamma, d), in support order", path));

  /* A* is stored (n, m): transpose the replicated (m, n) copy; only rank 0 writes it. Allocate
   * before the collective writes, agree, then let every rank take part in every write. */
  size_t arows = rank == 0 ? n : 0;
  gsae_real *At = gsae_calloc(arows * m + 1, sizeof *At, "A* transpose");
  GSAE_CALL(gsae_dist_agree(comm, At ? GSAE_OK : GSAE_ERR_MEMORY));
  for (size_t r = 0; r < arows; ++r)
    for (size_t j = 0; j < m; ++j) At[r * m + j] = ds->A_true[j * n + r];
  gsae_status st[4];
  st[0] = gsae_h5_write_rows(fid, "/truth/A", GSAE_H5_REAL, 0, arows, At, 1, path);
  st[1] = gsae_h5_write_rows(fid, "/data/Y", GSAE_H5_REAL, ds->first, ds->rows, ds->Y, 1, path);
  st[2] = gsae_h5_write_rows(fid, "/truth/support", H5T_NATIVE_INT32, ds->first, ds->rows, ds->support, 1, path);
  st[3] = gsae_h5_write_rows(fid, "/truth/coef", GSAE_H5_REAL, ds->first, ds->rows, ds->coef, 1, path);
  free(At);
  for (int k = 0; k < 4; ++k) GSAE_CALL(st[k]);
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/data/Y", "units", "arbitrary (signal scale set by bmin, bmax)"));
  return GSAE_OK;
}

gsae_status gsae_dataset_write(MPI_Comm comm, const char *path, const gsae_dataset *ds, const char *command) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  /* a name of its own (host and pid of rank 0): two jobs making the same data set (array tasks
   * of a sweep) never write into one file, and the first rename wins with identical content */
  char tmp[4096], host[64] = "host";
  long pid = (long)getpid();
  gethostname(host, sizeof host - 1);
  MPI_Bcast(host, (int)sizeof host, MPI_CHAR, 0, comm);
  MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
  snprintf(tmp, sizeof tmp, "%s.%s.%ld.partial", path, host, pid);
  hid_t fid = H5I_INVALID_HID;
  if (gsae_dist_agree(comm, gsae_h5_create(tmp, comm, &fid)) != GSAE_OK) {
    if (fid >= 0) H5Fclose(fid);
    if (rank == 0) remove(tmp);
    return gsae_fail(GSAE_ERR_IO, "%s: cannot create file (check the directory exists and is writable)", path);
  }
  gsae_status st = write_body(comm, fid, tmp, ds, command);
  gsae_status cst = gsae_h5_close(fid, tmp);
  st = gsae_dist_agree(comm, st != GSAE_OK ? st : cst);
  if (rank == 0) {
    if (st == GSAE_OK && rename(tmp, path) != 0)
      st = gsae_fail(GSAE_ERR_IO, "%s: cannot rename the finished file into place", path);
    if (st != GSAE_OK) remove(tmp);
  }
  return gsae_dist_agree(comm, st);
}

static gsae_status read_size_attr(hid_t fid, const char *name, size_t *out, const char *path) {
  int64_t v;
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", name, &v, path));
  if (v <= 0) return gsae_fail(GSAE_ERR_DATA, "%s: attribute %s = %lld must be positive", path, name, (long long)v);
  *out = (size_t)v;
  return GSAE_OK;
}

/* Optional image shape attributes and /data/labels (N,), for imported data. */
static gsae_status read_image_meta(hid_t fid, const char *path, gsae_dataset *ds) {
  if (H5Aexists_by_name(fid, "/", "image_rows", H5P_DEFAULT) > 0) {
    GSAE_CALL(read_size_attr(fid, "image_rows", &ds->image_rows, path));
    GSAE_CALL(read_size_attr(fid, "image_cols", &ds->image_cols, path));
    if (ds->image_rows > ds->n || ds->image_rows * ds->image_cols != ds->n)
      return gsae_fail(GSAE_ERR_DATA, "%s: image_rows = %zu x image_cols = %zu does not match n = %zu columns of /data/Y",
                       path, ds->image_rows, ds->image_cols, ds->n);
  }
  if (H5Aexists_by_name(fid, "/", "representation", H5P_DEFAULT) > 0)
    GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "representation", ds->representation, sizeof ds->representation,
                                       path));
  if (H5Aexists_by_name(fid, "/", "code_group_size", H5P_DEFAULT) > 0)
    GSAE_CALL(read_size_attr(fid, "code_group_size", &ds->code_group_size, path));
  if (gsae_h5_exists(fid, "/data/labels")) {
    hsize_t ldims[1];
    GSAE_CALL(gsae_h5_shape(fid, "/data/labels", 1, ldims, path));
    if (ldims[0] != ds->total)
      return gsae_fail(GSAE_ERR_DATA, "%s: /data/labels has %llu entries, expected one per row of /data/Y (N = %zu)",
                       path, (unsigned long long)ldims[0], ds->total);
  }
  return GSAE_OK;
}

/* Metadata and shapes: identical on every rank (same file), so failures are collective. */
static gsae_status read_meta(hid_t fid, const char *path, gsae_dataset *ds) {
  GSAE_CALL(gsae_format_expect(fid, GSAE_FORMAT_DATASET, "a gsae data set", path));
  hsize_t ydims[2];
  GSAE_CALL(gsae_h5_shape(fid, "/data/Y", 2, ydims, path));
  if (ydims[0] == 0 || ydims[1] == 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: /data/Y is empty (shape (%llu, %llu))", path,
                     (unsigned long long)ydims[0], (unsigned long long)ydims[1]);
  if (ydims[0] > INT_MAX || ydims[1] > INT_MAX)
    return gsae_fail(GSAE_ERR_DATA, "%s: /data/Y of shape (%llu, %llu) is larger than supported (each side < 2^31)", path,
                     (unsigned long long)ydims[0], (unsigned long long)ydims[1]);
  ds->total = ydims[0];
  ds->n = ydims[1];
  ds->params.coherence = NAN; /* unset unless the file says otherwise */
  GSAE_CALL(read_image_meta(fid, path, ds));
  ds->has_truth = gsae_h5_exists(fid, "/truth/A");
  if (!ds->has_truth) return GSAE_OK;
  GSAE_CALL(read_size_attr(fid, "groups", &ds->groups, path));
  GSAE_CALL(read_size_attr(fid, "group_size", &ds->group_size, path));
  GSAE_CALL(read_size_attr(fid, "active", &ds->active, path));
  if (ds->groups > 100000000 || ds->group_size > 100000000 || ds->groups * ds->group_size > 100000000)
    return gsae_fail(GSAE_ERR_DATA, "%s: groups = %zu x group_size = %zu atoms is larger than supported (1e8)", path,
                     ds->groups, ds->group_size);
  ds->m = ds->groups * ds->group_size;
  if (ds->active > ds->groups)
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute active = %zu exceeds groups = %zu", path, ds->active, ds->groups);
  hsize_t adims[2], sdims[2];
  GSAE_CALL(gsae_h5_shape(fid, "/truth/A", 2, adims, path));
  if (adims[0] != ds->n || adims[1] != ds->m)
    return gsae_fail(GSAE_ERR_DATA, "%s: /truth/A has shape (%llu, %llu), expected (n, groups*group_size) = (%zu, %zu)",
                     path, (unsigned long long)adims[0], (unsigned long long)adims[1], ds->n, ds->m);
  GSAE_CALL(gsae_h5_shape(fid, "/truth/support", 2, sdims, path));
  if (sdims[0] != ds->total || sdims[1] != ds->active)
    return gsae_fail(GSAE_ERR_DATA, "%s: /truth/support has shape (%llu, %llu), expected (N, active) = (%zu, %zu)",
                     path, (unsigned long long)sdims[0], (unsigned long long)sdims[1], ds->total, ds->active);
  /* the generator's settings, each checked against its row; the sizes are the shapes read above.
   * Files from before coherence / orthonormal_groups have none: unset, unit columns, t = 0. */
  gsae_gen_params *p = &ds->params;
  for (size_t k = 0; k < gsae_gen_settings_count; ++k) {
    const gsae_setting *row = &gsae_gen_settings[k];
    double v;
    int found;
    GSAE_CALL(gsae_setting_attr_read(fid, "/", row, &v, &found, path));
    if (!found && !(row->opts & GSAE_SET_OMIT_AT_DEFAULT))
      return gsae_fail(GSAE_ERR_DATA, "%s: root attribute %s is missing", path, gsae_setting_attr(row));
    gsae_setting_set(row, p, v);
  }
  p->n = ds->n;
  p->groups = ds->groups;
  p->group_size = ds->group_size;
  p->active = ds->active;
  p->samples = ds->total;
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "snr_db_measured", &ds->snr_db_measured, path));
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "noise_std", &ds->noise_std, path));
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "block_coherence", &ds->block_coherence, path));
  if (H5Aexists_by_name(fid, "/", "coherence_mix", H5P_DEFAULT) > 0)
    GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "coherence_mix", &ds->coherence_mix, path));
  return GSAE_OK;
}

/* This rank's buffers (sizes differ per rank, so the caller agrees on the outcome). */
static gsae_status read_alloc(gsae_dataset *ds, int has_labels, gsae_real **At) {
  GSAE_ALLOC(ds->Y, ds->rows * ds->n, "samples Y");
  if (has_labels) GSAE_ALLOC(ds->labels, ds->rows + 1, "labels");
  if (!ds->has_truth) return GSAE_OK;
  GSAE_ALLOC(ds->support, ds->rows * ds->active, "supports");
  GSAE_ALLOC(ds->A_true, ds->m * ds->n, "true dictionary A*");
  GSAE_ALLOC(*At, ds->n * ds->m, "A* as stored");
  return GSAE_OK;
}

/* Collective reads of this rank's rows of Y and support, and all of A*: every rank takes part in
 * every read whatever happened before, so a failure cannot leave a rank waiting. */
static gsae_status read_body(hid_t fid, const char *path, gsae_dataset *ds, gsae_real *At) {
  const size_t n = ds->n, m = ds->m;
  gsae_status st[4] = {GSAE_OK, GSAE_OK, GSAE_OK, GSAE_OK}; /* every read on every rank, then the first failure */
  st[0] = gsae_h5_read_rows(fid, "/data/Y", GSAE_H5_REAL, ds->first, ds->rows, ds->Y, 1, path);
  if (ds->labels)
    st[1] = gsae_h5_read_rows(fid, "/data/labels", H5T_NATIVE_INT32, ds->first, ds->rows, ds->labels, 1, path);
  if (ds->has_truth) {
    st[2] = gsae_h5_read_rows(fid, "/truth/support", H5T_NATIVE_INT32, ds->first, ds->rows, ds->support, 1, path);
    st[3] = gsae_h5_read_rows(fid, "/truth/A", GSAE_H5_REAL, 0, n, At, 1, path);
  }
  for (int k = 0; k < 4; ++k) GSAE_CALL(st[k]);
  if (ds->has_truth)
    for (size_t r = 0; r < n; ++r)
      for (size_t j = 0; j < m; ++j) ds->A_true[j * n + r] = At[r * m + j];
  return GSAE_OK;
}

/* Local checks of this rank's shard (non-collective; agreed by the caller). */
static gsae_status check_shard(const char *path, const gsae_dataset *ds) {
  for (size_t i = 0; i < ds->rows; ++i)
    for (size_t k = 0; k < ds->n; ++k)
      if (!isfinite((double)ds->Y[i * ds->n + k]))
        return gsae_fail(GSAE_ERR_DATA, "%s: /data/Y[%zu, %zu] is %s", path, ds->first + i, k,
                         isnan((double)ds->Y[i * ds->n + k]) ? "NaN" : "Inf");
  if (ds->has_truth)
    for (size_t i = 0; i < ds->rows * ds->active; ++i)
      if (ds->support[i] < 0 || (size_t)ds->support[i] >= ds->groups)
        return gsae_fail(GSAE_ERR_DATA, "%s: /truth/support[%zu, %zu] = %d is outside [0, groups=%zu)", path,
                         ds->first + i / ds->active, i % ds->active, ds->support[i], ds->groups);
  if (ds->has_truth)
    for (size_t i = 0; i < ds->m * ds->n; ++i)
      if (!isfinite((double)ds->A_true[i])) return gsae_fail(GSAE_ERR_DATA, "%s: /truth/A has a non-finite entry", path);
  for (size_t j = 0; ds->has_truth && j < ds->m; ++j) { /* W = A^T: atom j is row j */
    size_t k = 0;
    while (k < ds->n && ds->A_true[j * ds->n + k] == 0) ++k;
    if (k == ds->n)
      return gsae_fail(GSAE_ERR_DATA, "%s: /truth/A's atom %zu is zero (no ground truth to recover)", path, j);
  }
  return GSAE_OK;
}

/* Collective: some sample of the whole set is nonzero. */
static gsae_status check_signal(MPI_Comm comm, const char *path, const gsae_dataset *ds) {
  int mine = 0, any = 0;
  for (size_t k = 0; k < ds->rows * ds->n && !mine; ++k) mine = ds->Y[k] != 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_LOR, comm);
  if (!any) return gsae_fail(GSAE_ERR_DATA, "%s: /data/Y is all zero (nothing to learn from)", path);
  return GSAE_OK;
}

gsae_status gsae_dataset_read(MPI_Comm comm, const char *path, gsae_dataset *ds) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  memset(ds, 0, sizeof *ds);
  gsae_status st = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  gsae_real *At = NULL;
  GSAE_TRY(gsae_dist_agree(comm, gsae_h5_open(path, comm, 0, &fid)));
  GSAE_TRY(gsae_dist_agree(comm, read_meta(fid, path, ds)));
  gsae_dist_shard(ds->total, rank, size, &ds->first, &ds->rows);
  GSAE_TRY(gsae_dist_agree(comm, read_alloc(ds, gsae_h5_exists(fid, "/data/labels"), &At)));
  GSAE_TRY(gsae_dist_agree(comm, read_body(fid, path, ds, At)));
  GSAE_TRY(gsae_dist_agree(comm, check_shard(path, ds)));
  GSAE_TRY(check_signal(comm, path, ds));
cleanup:
  free(At);
  if (fid >= 0) H5Fclose(fid); /* collective: every rank gets here together */
  if (st != GSAE_OK) gsae_dataset_free(ds);
  return st;
}
