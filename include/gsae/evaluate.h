/* Evaluation as part of a sweep point (section 4.2's Table 1): the trained unfolded encoder of a
 * run file encodes a held-out data set with labels in each representation asked for, each
 * representation is clustered by each method asked for, and every (method, representation) pair
 * is one result of the point, written into its run file and from there into summary.h5:
 *
 *   acc_<method>_<repr>     accuracy in percent (best one-to-one matching of clusters to classes)
 *   purity_<method>_<repr>  purity in percent (strongest-group only: each cluster to its majority class)
 *
 * with '-' written as '_' (acc_kmeans_codes_plus, acc_strongest_group_group_norms). The same calls
 * as `gsae encode` and `gsae cluster` (gsae_encode_dataset, gsae_cluster), so the numbers are the
 * same bits as those commands give, on any rank count. */
#ifndef GSAE_EVALUATE_H
#define GSAE_EVALUATE_H

#include <hdf5.h>
#include <mpi.h>
#include <stddef.h>

#include "gsae/clustering.h"
#include "gsae/dataset.h"
#include "gsae/error.h"
#include "gsae/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The settings rows of the evaluation's clustering (src/cluster/evaluate.c): k, restarts,
 * n_neighbors and seed, over gsae_cluster_settings; keys of a spec's evaluate: block. */
extern const gsae_setting gsae_evaluate_settings[];
extern const size_t gsae_evaluate_settings_count;

#define GSAE_EVAL_MAX 9 /* 3 methods x 3 representations */

typedef struct {
  char data[256];                 /* the held-out data set (with /data/labels) */
  unsigned repr_mask;             /* bit r: representation gsae_repr_kind r */
  unsigned method_mask;           /* bit m: method gsae_cluster_method m */
  gsae_cluster_settings cluster;  /* k, restarts, n_neighbors, seed (the rest: gsae_cluster_defaults) */
  int seed_is_train_seed;         /* `seed: train_seed`: each point clusters with its own training seed */
} gsae_evaluation;

/* The evaluation's canonical text ("gsae-eval-v1;data=<content id>;repr=codes-plus;cluster=kmeans;
 * k=10;..."), stored in the run file as attribute `evaluation`: a complete point whose file holds
 * another text (or none) is evaluated again, without retraining. content_id is the held-out
 * file's (gsae_dataset_probe_file). */
void gsae_evaluation_canonical(const gsae_evaluation *e, const char *content_id, char *buf, size_t cap);

/* "acc_kmeans_codes_plus" */
void gsae_evaluation_column(const char *what, int method, int repr, char *buf, size_t cap);

/* Every score a run file may hold, in one fixed order: index s = (method * 3 + repr) * 2 + w,
 * w = 0 accuracy, 1 purity; its column name. */
#define GSAE_EVAL_SCORES 18
void gsae_evaluation_score_name(int s, char *buf, size_t cap);

/* Collective over comm: evaluate the complete run file `run` and write its results and `canonical`
 * into it (rank 0). test is the held-out data set, read once by the caller. Errors (one line, every
 * rank): those of gsae_encode_dataset and gsae_cluster, and of writing the run file. */
gsae_status gsae_evaluate_run(MPI_Comm comm, const char *run, const gsae_dataset *test, const gsae_evaluation *e,
                              const char *canonical);

/* Rank 0's read of the run file: does it hold this evaluation (attribute `evaluation` equal to
 * canonical)? 0 when not, or when the file cannot be read. */
int gsae_evaluation_done(const char *run, const char *canonical);

#ifdef __cplusplus
}
#endif
#endif
