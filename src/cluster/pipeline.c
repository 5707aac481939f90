/* gsae cluster as a library call: settings, the window, the method, labels on rank 0 and the
 * scores; see include/gsae/clustering.h. */
#include "gsae/clustering.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/cluster.h"
#include "gsae/dist.h"
#include "gsae/evaluate.h"
#include "gsae/names.h"
#include "gsae/represent.h"

const char *const gsae_cluster_method_names[] = {"kmeans", "spectral", "strongest-group", NULL};

gsae_cluster_settings gsae_cluster_defaults(void) {
  gsae_cluster_settings s = {.method = GSAE_CLUSTER_KMEANS, .eigensolver = GSAE_SPECTRAL_AUTO, .tol = NAN,
                             .group_size = 0, .first = 0, .count = 0};
  /* k, restarts, n_neighbors and seed: the rows an evaluation's keys are (gsae/evaluate.h) */
  gsae_settings_defaults(gsae_evaluate_settings, gsae_evaluate_settings_count, &s);
  return s;
}

gsae_status gsae_cluster_settings_check(const gsae_cluster_settings *s) {
  if (s->method == GSAE_CLUSTER_STRONGEST_GROUP) return GSAE_OK;
  GSAE_CALL(gsae_settings_check(gsae_evaluate_settings, gsae_evaluate_settings_count, s, GSAE_STYLE_FLAG));
  if (!isnan(s->tol) && !(s->tol >= 0 && isfinite(s->tol)))
    return gsae_fail(GSAE_ERR_ARG, "--tol must be finite and >= 0 (got %g)", s->tol);
  if (s->method == GSAE_CLUSTER_SPECTRAL && !isnan(s->tol) && !(s->tol > 0))
    return gsae_fail(GSAE_ERR_ARG, "--tol must be > 0 for spectral");
  return GSAE_OK;
}

/* strongest-group: the group size d (given, or the data set's code_group_size) and the number of
 * groups dim / d. */
static gsae_status strongest_groups(const gsae_dataset *ds, const char *data, size_t given, size_t *d, size_t *groups) {
  const size_t dim = ds->n;
  *d = given;
  if (!strcmp(ds->representation, "group-norms")) {
    if (*d > 1)
      return gsae_fail(GSAE_ERR_ARG, "%s holds group norms (one column per group): --group-size must be 1 or omitted "
                       "(got %zu)", data, *d);
    *d = 1;
  } else if (*d == 0) {
    if (ds->code_group_size == 0)
      return gsae_fail(GSAE_ERR_ARG, "--group-size d is required: %s does not say its group size (not from gsae "
                       "encode --repr codes)", data);
    *d = ds->code_group_size;
  }
  if (dim % *d != 0)
    return gsae_fail(GSAE_ERR_ARG, "--group-size %zu does not divide the %zu columns of %s", *d, dim, data);
  *groups = dim / *d;
  if (*groups >= (size_t)INT32_MAX) return gsae_fail(GSAE_ERR_ARG, "%s: %zu groups is too many", data, *groups);
  return GSAE_OK;
}

/* Gather the local int32 values (rows each) of every rank into all[total] on rank 0. */
static gsae_status gather_i32(MPI_Comm comm, const int32_t *local, size_t rows, int32_t *all) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int n = (int)rows, *counts = NULL, *displs = NULL;
  if (rank == 0) {
    counts = calloc((size_t)size, sizeof *counts);
    displs = calloc((size_t)size, sizeof *displs);
  }
  MPI_Gather(&n, 1, MPI_INT, counts, 1, MPI_INT, 0, comm);
  if (rank == 0)
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
  int rc = MPI_Gatherv(local, n, MPI_INT32_T, all, counts, displs, MPI_INT32_T, 0, comm);
  free(counts);
  free(displs);
  return rc == MPI_SUCCESS ? GSAE_OK : gsae_fail(GSAE_ERR_MPI, "MPI_Gatherv of the labels failed");
}

/* Rank 0: accuracy (and purity for strongest-group) of the gathered labels against the truth. */
static gsae_status score(gsae_clustering *r, const int32_t *truth, size_t first, const char *data) {
  int32_t kt = 0;
  for (size_t i = 0; i < r->total; ++i) {
    if (truth[i] < 0)
      return gsae_fail(GSAE_ERR_DATA, "%s: /data/labels[%zu] = %d is negative", data, first + i, (int)truth[i]);
    if (truth[i] + 1 > kt) kt = truth[i] + 1;
  }
  /* strongest-group: clusters 0 .. k-1 are the groups, k the all-zero codes ("none") */
  const int strongest = r->method == GSAE_CLUSTER_STRONGEST_GROUP;
  const size_t kp = strongest ? r->k + 1 : r->k;
  r->classes = (size_t)kt;
  GSAE_CALL(gsae_cluster_accuracy(r->labels, truth, r->total, kp, (size_t)kt, &r->accuracy));
  if (strongest) GSAE_CALL(gsae_cluster_purity(r->labels, truth, r->total, kp, (size_t)kt, &r->purity));
  return GSAE_OK;
}

/* kmeans or spectral on X (rows, dim), this rank's rows; pred[rows]. */
static gsae_status run_method(MPI_Comm comm, const gsae_cluster_settings *s, const double *X, size_t rows, size_t dim,
                              int32_t *pred, gsae_clustering *r) {
  gsae_status st = GSAE_OK;
  double *centroids = NULL;
  const double t0 = MPI_Wtime();
  if (s->method == GSAE_CLUSTER_KMEANS) {
    gsae_kmeans_params kp = gsae_kmeans_defaults(s->k);
    kp.restarts = (int)s->restarts;
    kp.seed = s->seed;
    if (!isnan(s->tol)) kp.tol = s->tol;
    centroids = gsae_malloc(s->k * dim * sizeof *centroids, "centroids");
    GSAE_TRY(gsae_dist_agree(comm, centroids ? GSAE_OK : GSAE_ERR_MEMORY));
    gsae_kmeans_info info = {0};
    GSAE_TRY(gsae_kmeans(comm, X, rows, dim, &kp, pred, centroids, &info));
    r->inertia = info.inertia;
    r->kmeans_iterations = info.iterations;
    r->tol = kp.tol;
    r->seconds_kmeans = MPI_Wtime() - t0;
  } else {
    gsae_spectral_options so = gsae_spectral_defaults();
    so.path = s->eigensolver;
    so.seed = s->seed;
    so.restarts = (int)s->restarts;
    if (!isnan(s->tol)) so.tol = s->tol;
    gsae_spectral_report rep = {0};
    rep.eigenvalues = r->eigenvalues;
    GSAE_TRY(gsae_spectral(comm, X, rows, dim, s->k, s->n_neighbors, &so, pred, &rep));
    r->tol = so.tol;
    r->eigensolver = gsae_name_of(gsae_spectral_path_names, rep.path);
    r->eigen_iterations = rep.iterations;
    r->eigen_residual = rep.residual;
    r->seconds_knn = rep.seconds_knn;
    r->seconds_matrix = rep.seconds_matrix;
    r->seconds_eigen = rep.seconds_eigen;
    r->seconds_embed = rep.seconds_embed;
    r->seconds_kmeans = rep.seconds_kmeans;
  }
cleanup:
  free(centroids);
  return st;
}

gsae_status gsae_cluster(MPI_Comm comm, const gsae_dataset *ds, const char *data_name, const gsae_cluster_settings *s,
                         gsae_clustering *r) {
  gsae_status st = GSAE_OK;
  double *X = NULL;
  int32_t *pred = NULL, *truth = NULL;
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const double t0 = MPI_Wtime();
  const int strongest = s->method == GSAE_CLUSTER_STRONGEST_GROUP, spectral = s->method == GSAE_CLUSTER_SPECTRAL;
  const size_t N = ds->total, dim = ds->n;
  *r = (gsae_clustering){.method = s->method, .k = s->k, .n_neighbors = s->n_neighbors, .restarts = (int)s->restarts,
                         .ranks = size, .seed = s->seed, .tol = NAN, .accuracy = NAN, .purity = NAN, .inertia = NAN,
                         .eigensolver = "", .eigen_residual = NAN, .seconds_knn = NAN, .seconds_matrix = NAN,
                         .seconds_eigen = NAN, .seconds_embed = NAN, .seconds_kmeans = NAN,
                         .seconds_read = NAN};
  GSAE_TRY(gsae_cluster_settings_check(s));
  if (s->first >= N) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--first %zu is beyond the %zu rows of %s", s->first, N, data_name));
  const size_t first = s->first, count = s->count ? s->count : N - first;
  if (count > N - first)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--first %zu --count %zu asks for rows [%zu, %zu), but %s holds %zu", first, count,
                       first, first + count, data_name, N));
  if (strongest) {
    GSAE_TRY(strongest_groups(ds, data_name, s->group_size, &r->group_size, &r->k));
    r->restarts = 0;
  } else if (r->k > count) {
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--k %zu is more than the %zu rows to cluster", r->k, count));
  }
  if (spectral && s->n_neighbors >= count)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--n-neighbors %zu must be less than the %zu rows to cluster", s->n_neighbors,
                       count));
  r->total = count;

  /* this rank's part of rows [first, first + count) */
  const size_t a = ds->first > first ? ds->first : first;
  const size_t b = ds->first + ds->rows < first + count ? ds->first + ds->rows : first + count;
  const size_t from = a - ds->first, rows = b > a ? b - a : 0;
  X = strongest ? NULL : gsae_malloc((rows * dim + 1) * sizeof *X, "the rows in double");
  pred = gsae_malloc((rows + 1) * sizeof *pred, "the cluster labels");
  r->eigenvalues = gsae_calloc(r->k + 1, sizeof *r->eigenvalues, "the eigenvalues");
  if (rank == 0) {
    r->labels = gsae_malloc((count + 1) * sizeof *r->labels, "the cluster labels");
    truth = gsae_malloc((count + 1) * sizeof *truth, "the true labels");
  }
  GSAE_TRY(gsae_dist_agree(comm, (strongest || X) && pred && r->eigenvalues && (rank != 0 || (r->labels && truth))
                                     ? GSAE_OK
                                     : GSAE_ERR_MEMORY));
  if (strongest) {
    const double t1 = MPI_Wtime();
    size_t zero = 0;
    GSAE_TRY(gsae_dist_agree(comm, gsae_repr_strongest_group(ds->Y + from * dim, rows, r->k, r->group_size, pred, &zero)));
    long long z = (long long)zero;
    GSAE_TRY(gsae_dist_allreduce_i64(comm, &z, 1));
    r->zero_codes = (size_t)z;
    r->seconds_kmeans = MPI_Wtime() - t1;
  } else {
    for (size_t i = 0; i < rows * dim; ++i) X[i] = (double)ds->Y[from * dim + i];
    GSAE_TRY(run_method(comm, s, X, rows, dim, pred, r));
  }
  if (!spectral) {
    free(r->eigenvalues);
    r->eigenvalues = NULL;
  }
  /* the labels (and the true labels) on rank 0 */
  r->has_labels = ds->labels != NULL;
  MPI_Allreduce(MPI_IN_PLACE, &r->has_labels, 1, MPI_INT, MPI_MAX, comm);
  GSAE_TRY(gsae_dist_agree(comm, gather_i32(comm, pred, rows, r->labels)));
  if (r->has_labels) GSAE_TRY(gsae_dist_agree(comm, gather_i32(comm, ds->labels ? ds->labels + from : pred, rows, truth)));
  GSAE_TRY(gsae_dist_agree(comm, rank == 0 && r->has_labels ? score(r, truth, first, data_name) : GSAE_OK));
  r->seconds_total = MPI_Wtime() - t0;
cleanup:
  free(X);
  free(pred);
  free(truth);
  if (st != GSAE_OK) gsae_clustering_free(r);
  return st;
}

void gsae_clustering_free(gsae_clustering *r) {
  free(r->eigenvalues);
  free(r->labels);
  r->eigenvalues = NULL;
  r->labels = NULL;
}
