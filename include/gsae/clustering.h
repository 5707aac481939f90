/* `gsae cluster` as a library call (src/cluster/pipeline.c) and its file format (clustering_file.c):
 * k-means, spectral or strongest-group clustering of a data set's rows, sharded over the ranks, scored
 * against the labels when the data set has them (section 4.2, Table 1).
 *
 *   ds (rows sharded, e.g. codes from gsae_encode_dataset) --gsae_cluster--> gsae_clustering (rank 0)
 *   --gsae_clustering_write--> a GSAE_FORMAT_CLUSTERING file (docs/hdf5-layout.md)
 *
 * kmeans: k-means++ and restarts (cluster.h); spectral: scikit-learn's
 * SpectralClustering(affinity='nearest_neighbors') (spectral.h); strongest-group: each row to the
 * group of largest norm ||x_g|| (represent.h), all-zero codes to the extra cluster k ("none"), and
 * with labels also the purity (each cluster to its majority class). Every result is the same for
 * any number of ranks. */
#ifndef GSAE_CLUSTERING_H
#define GSAE_CLUSTERING_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/dataset.h"
#include "gsae/error.h"
#include "gsae/spectral.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_CLUSTER_KMEANS, GSAE_CLUSTER_SPECTRAL, GSAE_CLUSTER_STRONGEST_GROUP } gsae_cluster_method;
extern const char *const gsae_cluster_method_names[]; /* "kmeans", "spectral", "strongest-group", NULL */

typedef struct {
  gsae_cluster_method method;
  size_t k;                       /* clusters (kmeans, spectral) */
  size_t n_neighbors;             /* spectral: K of the kNN graph, the row itself included */
  gsae_spectral_path eigensolver; /* spectral */
  int64_t restarts;               /* k-means++ runs (kmeans, and spectral's k-means), 1 .. 10^6 */
  uint64_t seed;                  /* k-means++ and the iterative eigensolver's start block */
  double tol;                     /* NaN: the method's default; kmeans: relative inertia tolerance (>= 0);
                                     spectral: eigen residual bound (> 0) */
  size_t group_size;              /* strongest-group: entries per group; 0 = the data set's code_group_size
                                     (1 for group norms) */
  size_t first, count;            /* rows [first, first + count) of the data set; count 0 = all from first */
} gsae_cluster_settings;

/* kmeans, k 10, K 1000, auto eigensolver, 10 restarts, seed 0, the methods' tolerances, all rows. */
gsae_cluster_settings gsae_cluster_defaults(void);
/* The settings on their own, before any data is read (gsae_cluster checks them too). */
gsae_status gsae_cluster_settings_check(const gsae_cluster_settings *s);

typedef struct {
  gsae_cluster_method method;
  size_t k;         /* clusters; strongest-group: the groups (the labels run 0 .. k, k = "none") */
  size_t total;     /* rows clustered */
  size_t n_neighbors, group_size, zero_codes, classes;
  int restarts, ranks;
  uint64_t seed;
  double tol;       /* the tolerance used */
  int has_labels;   /* the data set has labels: accuracy (and purity) are set, else NaN */
  double accuracy;  /* best one-to-one matching of clusters to classes (Hungarian), in [0, 1] */
  double purity;    /* strongest-group: each cluster to its majority class */
  double inertia;   /* kmeans */
  int kmeans_iterations;
  const char *eigensolver; /* spectral: the path taken ("exact" | "iterative"); else "" */
  int eigen_iterations;
  double eigen_residual;
  double seconds_knn, seconds_matrix, seconds_eigen, seconds_embed, seconds_kmeans, seconds_total;
  double seconds_read; /* reading the data set: set by the caller that read it (NaN from gsae_cluster) */
  double *eigenvalues; /* spectral: [k], descending; owned */
  int32_t *labels;     /* rank 0: (total,) the cluster of each row, in data set order; owned */
} gsae_clustering;

/* Collective. data_name names the data set in messages. Errors (one line, every rank): settings out
 * of range or not of the method, a window outside the data set, k or n_neighbors too large for it,
 * strongest-group without a group size or one that does not divide the columns, negative labels. */
gsae_status gsae_cluster(MPI_Comm comm, const gsae_dataset *ds, const char *data_name, const gsae_cluster_settings *s,
                         gsae_clustering *r);

/* Rank 0 alone: r as a clustering file at `out` (a temporary name renamed over it when complete),
 * with provenance (command, ranks) and data = data_name. */
gsae_status gsae_clustering_write(const gsae_clustering *r, const char *data_name, const char *out,
                                  const char *command);

void gsae_clustering_free(gsae_clustering *r);

#ifdef __cplusplus
}
#endif
#endif
