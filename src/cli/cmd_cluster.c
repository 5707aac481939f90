/* gsae cluster: the flags into gsae_cluster_settings, then gsae_cluster and gsae_clustering_write
 * (include/gsae/clustering.h) on a data set read from a file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "setting_flags.h"
#include "gsae/evaluate.h"
#include "gsae/cluster.h"
#include "gsae/clustering.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/spectral.h"
#include "gsae/output.h"

/* One line on stdout: what was clustered and how well. */
static void report(const gsae_clustering *r, const char *data, const char *out) {
  char acc[64];
  if (r->has_labels) snprintf(acc, sizeof acc, "accuracy %.2f%%", 100 * r->accuracy);
  else snprintf(acc, sizeof acc, "no labels");
  const char *ranks = r->ranks == 1 ? "" : "s";
  if (r->method == GSAE_CLUSTER_STRONGEST_GROUP) {
    char both[160] = "";
    if (r->has_labels && r->classes != r->k)
      snprintf(both, sizeof both, " (Hungarian, one-to-one, %zu groups vs %zu classes), purity %.2f%% (many-to-one)",
               r->k, r->classes, 100 * r->purity);
    printf("cluster strongest-group on %s: N=%zu groups=%zu (d=%zu) %s%s; all-zero codes (cluster 'none' = %zu): %zu "
           "(%d rank%s) -> %s\n",
           data, r->total, r->k, r->group_size, acc, both, r->k, r->zero_codes, r->ranks, ranks, out);
  } else if (r->method == GSAE_CLUSTER_SPECTRAL) {
    printf("cluster spectral on %s: N=%zu k=%zu K=%zu %s (kNN %.1f s, eigen %.1f s %s, k-means %.1f s, %d rank%s) "
           "-> %s\n",
           data, r->total, r->k, r->n_neighbors, acc, r->seconds_knn, r->seconds_eigen, r->eigensolver,
           r->seconds_kmeans, r->ranks, ranks, out);
  } else {
    printf("cluster kmeans on %s: N=%zu k=%zu %s inertia %.6g (%d restarts, k-means %.1f s, %d rank%s) -> %s\n", data,
           r->total, r->k, acc, r->inertia, r->restarts, r->seconds_kmeans, r->ranks, ranks, out);
  }
}

gsae_status cmd_cluster(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  gsae_cluster_settings s = gsae_cluster_defaults();
  const char *data = NULL, *out = NULL;
  int method = s.method, eigensolver = s.eigensolver, help = 0, overwrite = 0;
  char htol[160];
  snprintf(htol, sizeof htol, "k-means: relative inertia tolerance (default %g); spectral iterative: eigen residual "
           "bound (default %g)", gsae_kmeans_defaults(10).tol, gsae_spectral_defaults().tol);
  /* k, restarts, n_neighbors, seed: the rows of gsae_evaluate_settings (a sweep's evaluate: keys) */
  setting_flag_text text[8];
  arg_spec rows[8];
  setting_flags(gsae_evaluate_settings, gsae_evaluate_settings_count, &s, text, rows);
  arg_spec specs[] = {
      {"data", ARG_STRING, &data, "input data set (HDF5 /data/Y, e.g. from gsae import-idx)", 0, NULL, ARG_REQUIRED, "FILE"},
      {"method", ARG_CHOICE, &method, "the clustering method", 0, gsae_cluster_method_names, ARG_REQUIRED},
      rows[0],
      rows[1],
      rows[2],
      rows[3],
      {"eigensolver", ARG_CHOICE, &eigensolver, "spectral: the eigenpairs' solver (default auto: exact for N <= 1500)", 0,
       gsae_spectral_path_names},
      {"tol", ARG_DOUBLE, &s.tol, htol, 0},
      {"group-size", ARG_SIZE, &s.group_size,
       "strongest-group: entries per group of the codes (default: the file's code_group_size from gsae encode "
       "--repr codes; 1 for --repr group-norms)", 0},
      {"first", ARG_SIZE, &s.first, "first row of the data set to cluster, 0-based (default 0)", 0},
      {"count", ARG_SIZE, &s.count, "number of rows to cluster (default: all from --first on)", 0},
      {"out", ARG_STRING, &out, "output HDF5 file (format gsae-clustering)", 0, NULL, ARG_REQUIRED, "FILE"},
      {"overwrite", ARG_FLAG, &overwrite, GSAE_OVERWRITE_HELP, 0},
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
  s.method = (gsae_cluster_method)method;
  s.eigensolver = (gsae_spectral_path)eigensolver;
  if (strcmp(data, out) == 0) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --data");
  if (s.method == GSAE_CLUSTER_STRONGEST_GROUP) {
    static const char *const not_here[] = {"k", "n-neighbors", "eigensolver", "restarts", "seed", "tol"};
    for (size_t i = 0; i < sizeof not_here / sizeof *not_here; ++i)
      if (args_seen(specs, not_here[i]))
        return gsae_fail(GSAE_ERR_ARG, "--%s does not apply to --method strongest-group (one cluster per group)",
                         not_here[i]);
    if (args_seen(specs, "group-size") && s.group_size == 0)
      return gsae_fail(GSAE_ERR_ARG, "--group-size must be positive");
  } else if (args_seen(specs, "group-size")) {
    return gsae_fail(GSAE_ERR_ARG, "--group-size applies to --method strongest-group only");
  }
  if (s.method == GSAE_CLUSTER_KMEANS && (args_seen(specs, "n-neighbors") || args_seen(specs, "eigensolver")))
    return gsae_fail(GSAE_ERR_ARG, "--n-neighbors and --eigensolver apply to --method spectral only");
  if (args_seen(specs, "count") && s.count == 0) return gsae_fail(GSAE_ERR_ARG, "--count must be positive");
  GSAE_CALL(gsae_cluster_settings_check(&s));
  GSAE_CALL(gsae_output_claim(comm, out, "--out", overwrite, NULL));

  const double t0 = MPI_Wtime();
  gsae_dataset ds = {0};
  gsae_clustering r = {0};
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dataset_read(comm, data, &ds));
  const double t_read = MPI_Wtime() - t0;
  GSAE_TRY(gsae_cluster(comm, &ds, data, &s, &r));
  r.seconds_read = t_read;
  r.seconds_total += t_read;
  GSAE_TRY(gsae_dist_agree(comm, cli_is_root(comm) ? gsae_clustering_write(&r, data, out, command_line) : GSAE_OK));
  if (cli_is_root(comm)) report(&r, data, out);
cleanup:
  gsae_clustering_free(&r);
  gsae_dataset_free(&ds);
  return st;
}
