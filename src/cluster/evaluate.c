/* A sweep point's evaluation: encode the held-out set, cluster each representation, write the
 * scores into the run file; see include/gsae/evaluate.h. */
#include "gsae/evaluate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gsae/encode.h"
#include "gsae/h5.h"
#include "gsae/schema.h"
#include "gsae/names.h"
#include "gsae/represent.h"

#define AT(field) offsetof(gsae_cluster_settings, field)

const gsae_setting gsae_evaluate_settings[] = {
    {"k", GSAE_SET_INT, GSAE_STORE_SIZE, AT(k), 10, 1, 1e6, NULL, "clusters of kmeans and spectral",
     GSAE_SCOPE_NONE, 0},
    {"restarts", GSAE_SET_INT, GSAE_STORE_I64, AT(restarts), 10, 1, 1e6, NULL,
     "k-means++ runs, the lowest inertia kept (kmeans, and spectral's k-means)", GSAE_SCOPE_NONE, 0},
    {"n_neighbors", GSAE_SET_INT, GSAE_STORE_SIZE, AT(n_neighbors), 1000, 1, 1e8, NULL,
     "spectral: K of the kNN graph, the row itself included", GSAE_SCOPE_NONE, 0},
    {"seed", GSAE_SET_INT, GSAE_STORE_U64, AT(seed), 0, 0, 9007199254740992.0, NULL,
     "k-means++ and the iterative eigensolver's start", GSAE_SCOPE_NONE, 0},
};
const size_t gsae_evaluate_settings_count = sizeof gsae_evaluate_settings / sizeof *gsae_evaluate_settings;

void gsae_evaluation_canonical(const gsae_evaluation *e, const char *content_id, char *buf, size_t cap) {
  size_t len = (size_t)snprintf(buf, cap, "gsae-eval-v1;data=%s;repr=", content_id);
  for (int r = 0, n = 0; gsae_repr_names[r]; ++r)
    if (e->repr_mask & (1u << r)) len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", n++ ? "," : "", gsae_repr_names[r]);
  len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, ";cluster=");
  for (int m = 0, n = 0; gsae_cluster_method_names[m]; ++m)
    if (e->method_mask & (1u << m))
      len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", n++ ? "," : "", gsae_cluster_method_names[m]);
  for (size_t k = 0; k < gsae_evaluate_settings_count && len < cap; ++k) {
    char v[64];
    gsae_setting_format(&gsae_evaluate_settings[k], gsae_setting_get(&gsae_evaluate_settings[k], &e->cluster), v,
                        sizeof v);
    if (e->seed_is_train_seed && strcmp(gsae_evaluate_settings[k].name, "seed") == 0) snprintf(v, sizeof v, "train_seed");
    len += (size_t)snprintf(buf + len, cap - len, ";%s=%s", gsae_evaluate_settings[k].name, v);
  }
}

void gsae_evaluation_column(const char *what, int method, int repr, char *buf, size_t cap) {
  snprintf(buf, cap, "%s_%s_%s", what, gsae_cluster_method_names[method], gsae_repr_names[repr]);
  for (char *q = buf; *q; ++q)
    if (*q == '-') *q = '_';
}

void gsae_evaluation_score_name(int s, char *buf, size_t cap) {
  gsae_evaluation_column(s % 2 ? "purity" : "acc", s / 6, (s / 2) % 3, buf, cap);
}

int gsae_evaluation_done(const char *run, const char *canonical) {
  hid_t fid;
  if (gsae_h5_open(run, MPI_COMM_NULL, 0, &fid) != GSAE_OK) {
    gsae_error_clear();
    return 0;
  }
  char have[1024] = "";
  int done = H5Aexists_by_name(fid, "/", GSAE_RUN_ATTR_EVALUATION, H5P_DEFAULT) > 0 &&
             gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_EVALUATION, have, sizeof have, run) == GSAE_OK &&
             strcmp(have, canonical) == 0;
  H5Fclose(fid);
  gsae_error_clear();
  return done;
}

/* Rank 0: the scores as root attributes of the run file, then the evaluation's text. */
static gsae_status write_scores(const char *run, const double acc[3][3], const double pur[3][3],
                                const gsae_evaluation *e, const char *canonical) {
  hid_t fid;
  GSAE_CALL(gsae_h5_open(run, MPI_COMM_NULL, 1, &fid));
  gsae_status st = GSAE_OK;
  for (int m = 0; m < 3; ++m)
    for (int r = 0; r < 3; ++r) {
      if (!(e->method_mask & (1u << m)) || !(e->repr_mask & (1u << r))) continue;
      char name[96];
      gsae_evaluation_column("acc", m, r, name, sizeof name);
      GSAE_TRY(gsae_h5_attr_write_double(fid, "/", name, acc[m][r]));
      if (m != GSAE_CLUSTER_STRONGEST_GROUP) continue;
      gsae_evaluation_column("purity", m, r, name, sizeof name);
      GSAE_TRY(gsae_h5_attr_write_double(fid, "/", name, pur[m][r]));
    }
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_EVALUATION_DATA, e->data));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_EVALUATION, canonical)); /* last: the evaluation is complete */
cleanup:
  if (gsae_h5_close(fid, run) != GSAE_OK && st == GSAE_OK) st = GSAE_ERR_IO;
  return st;
}

/* Collective: the representation r of the held-out set clustered by each method asked for. */
static gsae_status evaluate_repr(MPI_Comm comm, const char *run, const gsae_dataset *test, const gsae_evaluation *e,
                                 int r, double acc[3][3], double pur[3][3]) {
  gsae_status st = GSAE_OK;
  gsae_encode_settings es = gsae_encode_defaults();
  es.repr = (gsae_repr_kind)r;
  gsae_encoding enc;
  memset(&enc, 0, sizeof enc);
  gsae_clustering res;
  memset(&res, 0, sizeof res);
  GSAE_TRY(gsae_encode_dataset(comm, run, test, e->data, &es, &enc));
  for (int m = 0; m < 3; ++m) { /* gsae_cluster agrees on its errors: every rank leaves together */
    if (!(e->method_mask & (1u << m))) continue;
    gsae_cluster_settings cs = e->cluster;
    cs.method = (gsae_cluster_method)m;
    GSAE_TRY(gsae_cluster(comm, &enc.codes, e->data, &cs, &res));
    acc[m][r] = 100.0 * res.accuracy;
    pur[m][r] = 100.0 * res.purity;
    gsae_clustering_free(&res);
  }
cleanup:
  gsae_clustering_free(&res);
  gsae_encoding_free(&enc);
  return st;
}

gsae_status gsae_evaluate_run(MPI_Comm comm, const char *run, const gsae_dataset *test, const gsae_evaluation *e,
                              const char *canonical) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  double acc[3][3], pur[3][3];
  for (int m = 0; m < 3; ++m)
    for (int r = 0; r < 3; ++r) acc[m][r] = pur[m][r] = NAN;
  for (int r = 0; r < 3; ++r)
    if (e->repr_mask & (1u << r)) GSAE_CALL(evaluate_repr(comm, run, test, e, r, acc, pur));
  gsae_status st = rank == 0 ? write_scores(run, acc, pur, e, canonical) : GSAE_OK;
  int ok = st == GSAE_OK;
  MPI_Bcast(&ok, 1, MPI_INT, 0, comm);
  if (!ok && rank != 0) return gsae_fail(GSAE_ERR_IO, "%s: writing the evaluation failed on rank 0", run);
  return st;
}
