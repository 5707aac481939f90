/* The clustering file (GSAE_FORMAT_CLUSTERING, docs/hdf5-layout.md); see include/gsae/clustering.h. */
#include "gsae/clustering.h"

#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/names.h"
#include "gsae/provenance.h"
#include "gsae/schema.h"

/* The attributes and datasets of one method. */
static gsae_status write_method(hid_t fid, const gsae_clustering *r, const char *tmp) {
  if (r->method == GSAE_CLUSTER_STRONGEST_GROUP) {
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "groups", (int64_t)r->k));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "group_size", (int64_t)r->group_size));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "none_cluster", (int64_t)r->k));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "zero_codes", (int64_t)r->zero_codes));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "classes", (int64_t)r->classes));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "purity", r->purity));
  } else if (r->method == GSAE_CLUSTER_KMEANS) {
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "inertia", r->inertia));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "kmeans_iterations", r->kmeans_iterations));
  } else {
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "n_neighbors", (int64_t)r->n_neighbors));
    GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "eigensolver", r->eigensolver));
    GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "eigen_iterations", r->eigen_iterations));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "eigen_residual", r->eigen_residual));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_knn", r->seconds_knn));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_matrix", r->seconds_matrix));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_eigen", r->seconds_eigen));
    GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_embed", r->seconds_embed));
    hsize_t edims[1] = {r->k};
    GSAE_CALL(gsae_h5_create_dataset(fid, "/eigenvalues", H5T_NATIVE_DOUBLE, 1, edims,
                                     "the k largest eigenvalues of D^-1/2 W D^-1/2 (1 - those of the normalised "
                                     "Laplacian), descending",
                                     tmp));
    GSAE_CALL(gsae_h5_write_rows(fid, "/eigenvalues", H5T_NATIVE_DOUBLE, 0, r->k, r->eigenvalues, 0, tmp));
  }
  return GSAE_OK;
}

static gsae_status write_body(hid_t fid, const gsae_clustering *r, const char *data_name, const char *out,
                              const char *command, const char *tmp) {
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_CLUSTERING, 1, out));
  GSAE_CALL(gsae_provenance_write(fid, "/", MPI_COMM_NULL, r->ranks, command, "created"));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "method", gsae_name_of(gsae_cluster_method_names, r->method)));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "data", data_name));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "samples", (int64_t)r->total));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "k", (int64_t)r->k));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "restarts", r->restarts));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "seed", (int64_t)r->seed));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "tol", r->tol));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "accuracy", r->accuracy));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_read", r->seconds_read));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_kmeans", r->seconds_kmeans));
  GSAE_CALL(gsae_h5_attr_write_double(fid, "/", "seconds_total", r->seconds_total));
  GSAE_CALL(write_method(fid, r, tmp));
  hsize_t ldims[1] = {r->total};
  GSAE_CALL(gsae_h5_create_dataset(fid, "/labels", H5T_NATIVE_INT32, 1, ldims,
                                   r->method == GSAE_CLUSTER_STRONGEST_GROUP
                                       ? "strongest group (largest ||x_g||) of each row of the data set's /data/Y (rows "
                                         "in file order), 0 .. k-1; k (none_cluster) for an all-zero code"
                                       : "predicted cluster of each row of the data set's /data/Y (rows in file order), "
                                         "0 .. k-1",
                                   tmp));
  GSAE_CALL(gsae_h5_write_rows(fid, "/labels", H5T_NATIVE_INT32, 0, r->total, r->labels, 0, tmp));
  return GSAE_OK;
}

gsae_status gsae_clustering_write(const gsae_clustering *r, const char *data_name, const char *out,
                                  const char *command) {
  gsae_status st = GSAE_OK;
  char tmp[4096] = "";
  hid_t fid = H5I_INVALID_HID;
  GSAE_TRY(gsae_h5_replace_begin(out, tmp, sizeof tmp, &fid));
  GSAE_TRY(write_body(fid, r, data_name, out, command, tmp));
  st = gsae_h5_replace_commit(fid, tmp, out); /* closes fid, renames tmp over out */
  fid = H5I_INVALID_HID;
cleanup:
  if (fid != H5I_INVALID_HID) gsae_h5_replace_abort(fid, tmp);
  return st;
}
