/* gsae cluster: k-means, spectral or strongest-group clustering of a data set's rows (section 4.2,
 * Table 1), rows sharded over the ranks; accuracy against /data/labels when present. Writes a
 * "gsae-clustering" file (docs/hdf5-layout.md) on rank 0 under a temporary name, renamed when
 * complete. strongest-group reads codes (gsae encode --repr codes / group-norms) and assigns each
 * row to its group of largest norm, all-zero rows to an extra "none" cluster. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/cluster.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/provenance.h"
#include "gsae/represent.h"
#include "gsae/spectral.h"

#define FORMAT_CLUSTERING "gsae-clustering"

typedef struct {
  const char *method, *data, *eigensolver;
  size_t k, n_neighbors, total;
  int restarts, ranks;
  uint64_t seed;
  double tol, accuracy, inertia, residual;
  double sec_read, sec_knn, sec_matrix, sec_eigen, sec_embed, sec_kmeans, sec_total;
  int iterations, kmeans_iterations;
  const double *eigenvalues; /* [k] or NULL */
  const int32_t *labels;     /* (total,) */
  /* strongest-group */
  size_t group_size, zero_codes, classes;
  double purity;
} cluster_result;

static const char *path_name(gsae_spectral_path p) {
  return p == GSAE_SPECTRAL_EXACT ? "exact" : p == GSAE_SPECTRAL_ITERATIVE ? "iterative" : "auto";
}

/* Rank 0 alone: the whole file in a temporary name, then renamed over `out`. */
static gsae_status write_result(const char *out, const cluster_result *r, const char *command) {
  char tmp[4096];
  hid_t fid = -1;
  GSAE_CALL(gsae_h5_replace_begin(out, tmp, sizeof tmp, &fid));
  gsae_status st = GSAE_OK;
  do {
    if ((st = gsae_h5_attr_write_string(fid, "/", "format", FORMAT_CLUSTERING))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "format_version", 1))) break;
    if ((st = gsae_provenance_write(fid, "/", MPI_COMM_NULL, r->ranks, command, "created"))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "method", r->method))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "data", r->data))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "samples", (int64_t)r->total))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "k", (int64_t)r->k))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "restarts", r->restarts))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "seed", (int64_t)r->seed))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "tol", r->tol))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "accuracy", r->accuracy))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_read", r->sec_read))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_kmeans", r->sec_kmeans))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_total", r->sec_total))) break;
    const int strongest = !strcmp(r->method, "strongest-group");
    if (strongest) {
      if ((st = gsae_h5_attr_write_int(fid, "/", "groups", (int64_t)r->k))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "group_size", (int64_t)r->group_size))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "none_cluster", (int64_t)r->k))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "zero_codes", (int64_t)r->zero_codes))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "classes", (int64_t)r->classes))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "purity", r->purity))) break;
    } else if (!strcmp(r->method, "kmeans")) {
      if ((st = gsae_h5_attr_write_double(fid, "/", "inertia", r->inertia))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "kmeans_iterations", r->kmeans_iterations))) break;
    } else {
      if ((st = gsae_h5_attr_write_int(fid, "/", "n_neighbors", (int64_t)r->n_neighbors))) break;
      if ((st = gsae_h5_attr_write_string(fid, "/", "eigensolver", r->eigensolver))) break;
      if ((st = gsae_h5_attr_write_int(fid, "/", "eigen_iterations", r->iterations))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "eigen_residual", r->residual))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_knn", r->sec_knn))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_matrix", r->sec_matrix))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_eigen", r->sec_eigen))) break;
      if ((st = gsae_h5_attr_write_double(fid, "/", "seconds_embed", r->sec_embed))) break;
      hsize_t edims[1] = {r->k};
      if ((st = gsae_h5_create_dataset(fid, "/eigenvalues", H5T_NATIVE_DOUBLE, 1, edims,
                                       "the k largest eigenvalues of D^-1/2 W D^-1/2 (1 - those of the normalised "
                                       "Laplacian), descending",
                                       tmp)))
        break;
      if ((st = gsae_h5_write_rows(fid, "/eigenvalues", H5T_NATIVE_DOUBLE, 0, r->k, r->eigenvalues, 0, tmp))) break;
    }
    hsize_t ldims[1] = {r->total};
    if ((st = gsae_h5_create_dataset(fid, "/labels", H5T_NATIVE_INT32, 1, ldims,
                                     strongest ? "strongest group (largest ||x_g||) of each row of the data set's "
                                                 "/data/Y (rows in file order), 0 .. k-1; k (none_cluster) for an "
                                                 "all-zero code"
                                               : "predicted cluster of each row of the data set's /data/Y (rows in "
                                                 "file order), 0 .. k-1",
                                     tmp)))
      break;
    if ((st = gsae_h5_write_rows(fid, "/labels", H5T_NATIVE_INT32, 0, r->total, r->labels, 0, tmp))) break;
  } while (0);
  if (st != GSAE_OK) {
    gsae_h5_replace_abort(fid, tmp);
    return st;
  }
  return gsae_h5_replace_commit(fid, tmp, out);
}

/* Rows [lo, hi) of the global data that this rank holds (its read shard is [first, first+rows)). */
static void local_window(const gsae_dataset *ds, size_t lo, size_t hi, size_t *from, size_t *count) {
  size_t a = ds->first > lo ? ds->first : lo, b = ds->first + ds->rows < hi ? ds->first + ds->rows : hi;
  *from = a - ds->first;
  *count = b > a ? b - a : 0;
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

/* strongest-group: the group size d (given, or from the codes file written by gsae encode) and the
 * number of groups dim / d. Rank 0 reads the optional attributes; collective. */
static gsae_status strongest_groups(MPI_Comm comm, const char *data, size_t dim, size_t *d, size_t *groups) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  char repr[64] = "";
  long long file_d = 0;
  gsae_status st = GSAE_OK;
  if (rank == 0) {
    hid_t fid = H5I_INVALID_HID;
    st = gsae_h5_open(data, MPI_COMM_NULL, 0, &fid);
    if (st == GSAE_OK) {
      if (H5Aexists_by_name(fid, "/", "representation", H5P_DEFAULT) > 0)
        st = gsae_h5_attr_read_string(fid, "/", "representation", repr, sizeof repr, data);
      int64_t v = 0;
      if (st == GSAE_OK && H5Aexists_by_name(fid, "/", "code_group_size", H5P_DEFAULT) > 0 &&
          (st = gsae_h5_attr_read_int(fid, "/", "code_group_size", &v, data)) == GSAE_OK)
        file_d = v;
      gsae_status cst = gsae_h5_close(fid, data);
      if (st == GSAE_OK) st = cst;
    }
  }
  GSAE_CALL(gsae_dist_agree(comm, st));
  MPI_Bcast(repr, (int)sizeof repr, MPI_CHAR, 0, comm);
  MPI_Bcast(&file_d, 1, MPI_LONG_LONG, 0, comm);
  if (!strcmp(repr, "group-norms")) {
    if (*d > 1)
      return gsae_fail(GSAE_ERR_ARG, "%s holds group norms (one column per group): --group-size must be 1 or omitted "
                       "(got %zu)", data, *d);
    *d = 1;
  } else if (*d == 0) {
    if (file_d <= 0)
      return gsae_fail(GSAE_ERR_ARG, "--group-size d is required: %s does not say its group size (not from gsae "
                       "encode --repr codes)", data);
    *d = (size_t)file_d;
  }
  if (dim % *d != 0)
    return gsae_fail(GSAE_ERR_ARG, "--group-size %zu does not divide the %zu columns of %s", *d, dim, data);
  *groups = dim / *d;
  if (*groups >= (size_t)INT32_MAX) return gsae_fail(GSAE_ERR_ARG, "%s: %zu groups is too many", data, *groups);
  return GSAE_OK;
}

gsae_status cmd_cluster(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *data = NULL, *out = NULL, *method = NULL, *eigensolver = "auto";
  size_t k = 10, n_neighbors = 1000, first = 0, count = 0, group_size = 0;
  uint64_t seed = 0;
  int64_t restarts = 10;
  gsae_spectral_options so = gsae_spectral_defaults();
  gsae_kmeans_params kp = gsae_kmeans_defaults(10);
  double tol = NAN;
  int help = 0;
  char htol[160];
  snprintf(htol, sizeof htol, "k-means: relative inertia tolerance (default %g); spectral iterative: eigen residual "
           "bound (default %g)", kp.tol, so.tol);
  arg_spec specs[] = {
      {"data", ARG_STRING, &data, "input data set (HDF5 /data/Y, e.g. from gsae import-idx) (required)", 0},
      {"method", ARG_STRING, &method, "kmeans | spectral | strongest-group (required)", 0},
      {"k", ARG_SIZE, &k, "number of clusters (default 10)", 0},
      {"n-neighbors", ARG_SIZE, &n_neighbors, "spectral: K of the kNN graph, row itself included (default 1000)", 0},
      {"eigensolver", ARG_STRING, &eigensolver, "spectral: auto | exact | iterative (default auto: exact for N <= 1500)", 0},
      {"restarts", ARG_I64, &restarts, "k-means++ runs, the lowest inertia kept (default 10)", 0},
      {"seed", ARG_U64, &seed, "seed of k-means++ and of the iterative start block (default 0)", 0},
      {"tol", ARG_DOUBLE, &tol, htol, 0},
      {"group-size", ARG_SIZE, &group_size,
       "strongest-group: entries per group of the codes (default: the file's code_group_size from gsae encode "
       "--repr codes; 1 for --repr group-norms)", 0},
      {"first", ARG_SIZE, &first, "first row of the data set to cluster, 0-based (default 0)", 0},
      {"count", ARG_SIZE, &count, "number of rows to cluster (default: all from --first on)", 0},
      {"out", ARG_STRING, &out, "output HDF5 file (format gsae-clustering) (required)", 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  GSAE_CALL(args_parse("cluster", specs, argc, argv, 2));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae cluster --data FILE --method kmeans|spectral|strongest-group --out FILE "
             "[flags]\n"
             "Clusters the rows of /data/Y (sharded over the ranks, in double): k-means (k-means++, restarts) or\n"
             "spectral clustering as scikit-learn's SpectralClustering(affinity='nearest_neighbors'). With\n"
             "/data/labels, the accuracy (best one-to-one matching of clusters to classes) is reported.\n"
             "strongest-group takes codes (gsae encode --repr codes or group-norms) and puts each row in the group\n"
             "of largest norm ||x_g|| (ties: the lower group; all-zero codes: an extra 'none' cluster); it also\n"
             "reports the purity (each cluster to its majority class), which differs when groups != classes.\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  if (!data) return gsae_fail(GSAE_ERR_ARG, "--data FILE is required");
  if (!method) return gsae_fail(GSAE_ERR_ARG, "--method kmeans|spectral|strongest-group is required");
  if (!out) return gsae_fail(GSAE_ERR_ARG, "--out FILE is required");
  if (strcmp(data, out) == 0) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --data");
  const int spectral = strcmp(method, "spectral") == 0, strongest = strcmp(method, "strongest-group") == 0;
  if (!spectral && !strongest && strcmp(method, "kmeans") != 0)
    return gsae_fail(GSAE_ERR_ARG, "--method must be kmeans, spectral or strongest-group (got '%s')", method);
  if (strongest) {
    static const char *const not_here[] = {"k", "n-neighbors", "eigensolver", "restarts", "seed", "tol"};
    for (size_t i = 0; i < sizeof not_here / sizeof *not_here; ++i)
      if (args_seen(specs, not_here[i]))
        return gsae_fail(GSAE_ERR_ARG, "--%s does not apply to --method strongest-group (one cluster per group)",
                         not_here[i]);
    if (args_seen(specs, "group-size") && group_size == 0) return gsae_fail(GSAE_ERR_ARG, "--group-size must be positive");
  } else if (args_seen(specs, "group-size")) {
    return gsae_fail(GSAE_ERR_ARG, "--group-size applies to --method strongest-group only");
  }
  if (k == 0) return gsae_fail(GSAE_ERR_ARG, "--k must be positive");
  if (restarts < 1 || restarts > 1000000) return gsae_fail(GSAE_ERR_ARG, "--restarts must be in 1..1000000 (got %lld)",
                                                           (long long)restarts);
  if (args_seen(specs, "tol") && !(tol >= 0 && isfinite(tol)))
    return gsae_fail(GSAE_ERR_ARG, "--tol must be finite and >= 0 (got %g)", tol);
  if (spectral && args_seen(specs, "tol") && !(tol > 0)) return gsae_fail(GSAE_ERR_ARG, "--tol must be > 0 for spectral");
  if (spectral && n_neighbors == 0) return gsae_fail(GSAE_ERR_ARG, "--n-neighbors must be positive");
  if (args_seen(specs, "count") && count == 0) return gsae_fail(GSAE_ERR_ARG, "--count must be positive");
  if (!strcmp(eigensolver, "auto")) so.path = GSAE_SPECTRAL_AUTO;
  else if (!strcmp(eigensolver, "exact")) so.path = GSAE_SPECTRAL_EXACT;
  else if (!strcmp(eigensolver, "iterative")) so.path = GSAE_SPECTRAL_ITERATIVE;
  else return gsae_fail(GSAE_ERR_ARG, "--eigensolver must be auto, exact or iterative (got '%s')", eigensolver);
  if (!spectral && !strongest && (args_seen(specs, "n-neighbors") || args_seen(specs, "eigensolver")))
    return gsae_fail(GSAE_ERR_ARG, "--n-neighbors and --eigensolver apply to --method spectral only");

  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  double t0 = MPI_Wtime();
  gsae_dataset ds = {0};
  GSAE_CALL(gsae_dataset_read(comm, data, &ds));
  const size_t N = ds.total, dim = ds.n;
  gsae_status st = GSAE_OK;
  if (first >= N) st = gsae_fail(GSAE_ERR_ARG, "--first %zu is beyond the %zu rows of %s", first, N, data);
  if (st == GSAE_OK && !args_seen(specs, "count")) count = N - first;
  if (st == GSAE_OK && count > N - first)
    st = gsae_fail(GSAE_ERR_ARG, "--first %zu --count %zu asks for rows [%zu, %zu), but %s holds %zu", first, count,
                   first, first + count, data, N);
  if (st == GSAE_OK && strongest) st = gsae_dist_agree(comm, strongest_groups(comm, data, dim, &group_size, &k));
  if (st == GSAE_OK && !strongest && k > count)
    st = gsae_fail(GSAE_ERR_ARG, "--k %zu is more than the %zu rows to cluster", k, count);
  if (st == GSAE_OK && spectral && n_neighbors >= count)
    st = gsae_fail(GSAE_ERR_ARG, "--n-neighbors %zu must be less than the %zu rows to cluster", n_neighbors, count);
  if (st != GSAE_OK) {
    gsae_dataset_free(&ds);
    return st;
  }

  /* this rank's part of rows [first, first + count), in double */
  size_t from, rows;
  local_window(&ds, first, first + count, &from, &rows);
  double *X = malloc((rows * dim + 1) * sizeof *X);
  int32_t *pred = malloc((rows + 1) * sizeof *pred), *all = NULL, *truth = NULL;
  double *eig = calloc(k + 1, sizeof *eig);
  if (rank == 0) {
    all = malloc((count + 1) * sizeof *all);
    truth = malloc((count + 1) * sizeof *truth);
  }
  st = gsae_dist_agree(comm, X && pred && eig && (rank != 0 || (all && truth))
                                 ? GSAE_OK
                                 : gsae_fail(GSAE_ERR_MEMORY, "out of memory (%zu x %zu rows in double)", rows, dim));
  double t_read = MPI_Wtime() - t0;
  cluster_result r = {.method = method, .data = data, .eigensolver = "", .k = k, .n_neighbors = n_neighbors,
                      .total = count, .restarts = (int)restarts, .ranks = size, .seed = seed, .accuracy = NAN,
                      .inertia = NAN, .residual = NAN, .sec_read = t_read, .sec_knn = NAN, .sec_matrix = NAN,
                      .sec_eigen = NAN, .sec_embed = NAN, .sec_kmeans = NAN};
  size_t zero_codes = 0;
  if (st == GSAE_OK && strongest) {
    double t1 = MPI_Wtime();
    st = gsae_dist_agree(comm, gsae_repr_strongest_group(ds.Y + from * dim, rows, k, group_size, pred, &zero_codes));
    long long z = (long long)zero_codes;
    if (st == GSAE_OK) st = gsae_dist_allreduce_i64(comm, &z, 1);
    zero_codes = (size_t)z;
    r.tol = NAN;
    r.purity = NAN;
    r.restarts = 0;
    r.group_size = group_size;
    r.zero_codes = zero_codes;
    r.k = k;
    r.sec_kmeans = MPI_Wtime() - t1;
  } else if (st == GSAE_OK) {
    for (size_t i = 0; i < rows * dim; ++i) X[i] = (double)ds.Y[from * dim + i];
    double t1 = MPI_Wtime();
    if (!spectral) {
      kp = gsae_kmeans_defaults(k);
      kp.restarts = (int)restarts;
      kp.seed = seed;
      if (args_seen(specs, "tol")) kp.tol = tol;
      double *centroids = malloc(k * dim * sizeof *centroids);
      gsae_kmeans_info info = {0};
      st = gsae_dist_agree(comm, centroids ? GSAE_OK : gsae_fail(GSAE_ERR_MEMORY, "out of memory (centroids)"));
      if (st == GSAE_OK) st = gsae_kmeans(comm, X, rows, dim, &kp, pred, centroids, &info);
      free(centroids);
      r.inertia = info.inertia;
      r.kmeans_iterations = info.iterations;
      r.tol = kp.tol;
      r.sec_kmeans = MPI_Wtime() - t1;
    } else {
      so.seed = seed;
      so.restarts = (int)restarts;
      if (args_seen(specs, "tol")) so.tol = tol;
      gsae_spectral_report rep = {0};
      rep.eigenvalues = eig;
      st = gsae_spectral(comm, X, rows, dim, k, n_neighbors, &so, pred, &rep);
      r.tol = so.tol;
      r.eigensolver = path_name(rep.path);
      r.iterations = rep.iterations;
      r.residual = rep.residual;
      r.sec_knn = rep.seconds_knn;
      r.sec_matrix = rep.seconds_matrix;
      r.sec_eigen = rep.seconds_eigen;
      r.sec_embed = rep.seconds_embed;
      r.sec_kmeans = rep.seconds_kmeans;
      r.eigenvalues = eig;
    }
  }
  /* gather predictions (and true labels) on rank 0 */
  int has_labels = ds.labels != NULL;
  MPI_Allreduce(MPI_IN_PLACE, &has_labels, 1, MPI_INT, MPI_MAX, comm);
  if (st == GSAE_OK) st = gsae_dist_agree(comm, gather_i32(comm, pred, rows, all));
  if (st == GSAE_OK && has_labels)
    st = gsae_dist_agree(comm, gather_i32(comm, ds.labels ? ds.labels + from : pred, rows, truth));
  r.sec_total = MPI_Wtime() - t0;
  if (st == GSAE_OK) {
    gsae_status local = GSAE_OK;
    if (rank == 0) {
      if (has_labels) {
        int32_t kt = 0;
        for (size_t i = 0; i < count && local == GSAE_OK; ++i) {
          if (truth[i] < 0) local = gsae_fail(GSAE_ERR_DATA, "%s: /data/labels[%zu] = %d is negative", data,
                                              first + i, (int)truth[i]);
          else if (truth[i] + 1 > kt) kt = truth[i] + 1;
        }
        /* strongest-group: clusters 0 .. k-1 are the groups, k the all-zero codes ("none") */
        const size_t kp = strongest ? k + 1 : k;
        if (local == GSAE_OK) local = gsae_cluster_accuracy(all, truth, count, kp, (size_t)kt, &r.accuracy);
        if (local == GSAE_OK && strongest) local = gsae_cluster_purity(all, truth, count, kp, (size_t)kt, &r.purity);
        r.classes = (size_t)kt;
      }
      r.labels = all;
      if (local == GSAE_OK) local = write_result(out, &r, command_line);
    }
    st = gsae_dist_agree(comm, local);
  }
  if (st == GSAE_OK && rank == 0) {
    char acc[64];
    if (has_labels) snprintf(acc, sizeof acc, "accuracy %.2f%%", 100 * r.accuracy);
    else snprintf(acc, sizeof acc, "no labels");
    if (strongest) {
      char both[160] = "";
      if (has_labels && r.classes != k)
        snprintf(both, sizeof both, " (Hungarian, one-to-one, %zu groups vs %zu classes), purity %.2f%% (many-to-one)",
                 k, r.classes, 100 * r.purity);
      printf("cluster strongest-group on %s: N=%zu groups=%zu (d=%zu) %s%s; all-zero codes (cluster 'none' = %zu): %zu "
             "(%d rank%s) -> %s\n",
             data, count, k, group_size, acc, both, k, zero_codes, size, size == 1 ? "" : "s", out);
    } else if (spectral)
      printf("cluster spectral on %s: N=%zu k=%zu K=%zu %s (kNN %.1f s, eigen %.1f s %s, k-means %.1f s, %d rank%s) "
             "-> %s\n",
             data, count, k, n_neighbors, acc, r.sec_knn, r.sec_eigen, r.eigensolver, r.sec_kmeans, size,
             size == 1 ? "" : "s", out);
    else
      printf("cluster kmeans on %s: N=%zu k=%zu %s inertia %.6g (%d restarts, k-means %.1f s, %d rank%s) -> %s\n", data,
             count, k, acc, r.inertia, (int)restarts, r.sec_kmeans, size, size == 1 ? "" : "s", out);
  }
  free(X);
  free(pred);
  free(all);
  free(truth);
  free(eig);
  gsae_dataset_free(&ds);
  return st;
}
