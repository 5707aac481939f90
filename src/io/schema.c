/* The file formats and the run file's names; see include/gsae/schema.h. */
#include "gsae/schema.h"

#include <stdio.h>
#include <string.h>

#include "gsae/h5.h"

static const char *const status_names[GSAE_RUN_STATUS_COUNT] = {"complete", "failed",  "interrupted",
                                                                "running",  "missing", "corrupt"};

const char *gsae_run_status_name(gsae_run_status s) {
  return (unsigned)s < GSAE_RUN_STATUS_COUNT ? status_names[s] : "unknown";
}

int gsae_run_status_parse(const char *name) {
  for (int k = GSAE_RUN_COMPLETE; k <= GSAE_RUN_RUNNING; ++k)
    if (strcmp(status_names[k], name) == 0) return k;
  return -1;
}

const gsae_trace_def gsae_trace_defs[GSAE_TRACE_COUNT] = {
    [GSAE_TRACE_LOSS] = {"loss", "training loss ||Y - A sigma(A^T Y)||_F^2 / (2N) at the epoch's dictionary, whole data set",
                         "squared data units", "log", 0},
    [GSAE_TRACE_DICT_ERROR] = {"dict_error",
                               "||A_hat - A*||_F^2 with the columns of A_hat normalised to unit norm (Figure 3a metric)",
                               "dimensionless", "log", 1},
    [GSAE_TRACE_SUBSPACE_ERROR] = {"subspace_error",
                                   "sum_g ||P(A_hat_g) - P(A*_g)||_F^2 / 2 (orthogonal projectors onto group spans), in "
                                   "[0, Gamma d]",
                                   "dimensionless", "log", 1},
    [GSAE_TRACE_GROUP_DISTANCE] = {"group_distance",
                                   "max_g ||A_g - A*_g||_F of the raw (not normalised) dictionary: the distance delta of "
                                   "Lemma 1 and Theorem 2",
                                   "dimensionless", "log", 1},
    [GSAE_TRACE_SUPPORT_EXACT] = {"support_exact", "fraction of samples whose set of active groups equals the true support",
                                  "fraction", "linear", 1},
    [GSAE_TRACE_GROUP_PRECISION] = {"group_precision", "true active groups / estimated active groups, over all samples; NaN when no group is active (undefined)",
                                    "fraction", "linear", 1},
    [GSAE_TRACE_GROUP_RECALL] = {"group_recall", "true active groups found / true active groups, over all samples",
                                 "fraction", "linear", 1},
    [GSAE_TRACE_ACTIVE_GROUPS] = {"active_groups", "mean number of active groups per sample", "groups per sample",
                                  "linear", 0},
    [GSAE_TRACE_ACTIVE_ENTRIES] = {"active_entries", "mean number of nonzero code units per sample", "units per sample",
                                   "linear", 0},
    [GSAE_TRACE_SECONDS] = {"seconds", "wall-clock seconds since the start of training (continued across resumes)", "s",
                            "linear", 0},
};

int gsae_trace_lookup(const char *name) {
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t)
    if (strcmp(gsae_trace_defs[t].name, name) == 0) return t;
  return -1;
}

int gsae_trace_compare(const char *a, const char *b) {
  int ra = gsae_trace_lookup(a), rb = gsae_trace_lookup(b);
  if (ra < 0) ra = GSAE_TRACE_COUNT;
  if (rb < 0) rb = GSAE_TRACE_COUNT;
  if (ra != rb) return ra < rb ? -1 : 1;
  return strcmp(a, b);
}

void gsae_trace_path(gsae_trace_id t, char *buf, size_t cap) {
  snprintf(buf, cap, "%s/%s", GSAE_RUN_TRACE_GROUP, gsae_trace_defs[t].name);
}

gsae_status gsae_trace_create(hid_t fid, gsae_trace_id t, const char *path) {
  char name[64];
  gsae_trace_path(t, name, sizeof name);
  const gsae_trace_def *d = &gsae_trace_defs[t];
  GSAE_CALL(gsae_h5_trace_create(fid, name, d->description, d->units, path));
  GSAE_CALL(gsae_h5_attr_write_string(fid, name, "scale", d->scale));
  GSAE_CALL(gsae_h5_attr_write_string(fid, name, "index", "epoch (0 = initial dictionary)"));
  return GSAE_OK;
}

const char *const gsae_theory_names[GSAE_THEORY_COUNT] = {
    [GSAE_THEORY_BLOCK_COHERENCE] = "block_coherence",
    [GSAE_THEORY_SNR_DB_MEASURED] = "snr_db_measured",
    [GSAE_THEORY_INIT_CORR_MEASURED] = "init_corr_measured",
    [GSAE_THEORY_INIT_DELTA_MEASURED] = "init_delta_measured",
    [GSAE_THEORY_LEMMA1_LOW] = "lemma1_lambda_low",
    [GSAE_THEORY_LEMMA1_HIGH] = "lemma1_lambda_high",
    [GSAE_THEORY_LEMMA1_IN_RANGE] = "lemma1_lambda_in_range",
    [GSAE_THEORY_CONTRACTION_MEAN] = "contraction_mean",
    [GSAE_THEORY_CONTRACTION_MAX] = "contraction_max"};

const char *const gsae_theory_descriptions[GSAE_THEORY_COUNT] = {
    [GSAE_THEORY_BLOCK_COHERENCE] = "block coherence mu_B of the data's A* (eq. 3)",
    [GSAE_THEORY_SNR_DB_MEASURED] = "SNR of the data set as measured (dB)",
    [GSAE_THEORY_INIT_CORR_MEASURED] = "mean cos(a0_j, a*_j) of the initial dictionary, as measured",
    [GSAE_THEORY_INIT_DELTA_MEASURED] = "max_g ||A0_g - A*_g||_F of the initial dictionary, as measured (delta)",
    [GSAE_THEORY_LEMMA1_LOW] = "Lemma 1's interval for lambda, lower end: gamma B_max (mu_B + delta)",
    [GSAE_THEORY_LEMMA1_HIGH] = "Lemma 1's interval for lambda, upper end: B_min (1 - delta) - gamma B_max (mu_B + delta)",
    [GSAE_THEORY_LEMMA1_IN_RANGE] = "1 if the run's lambda lies in Lemma 1's interval, 0 if not, -1 if the interval is empty",
    [GSAE_THEORY_CONTRACTION_MEAN] = "observed per-epoch contraction of max_g ||A_g - A*_g||_F: (delta_E / delta_0)^(1/E)",
    [GSAE_THEORY_CONTRACTION_MAX] =
        "largest one-epoch ratio delta_(e+1) / delta_e of max_g ||A_g - A*_g||_F (> 1: it grew)"};

gsae_status gsae_format_write(hid_t fid, const char *format, int64_t version, const char *path) {
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_ATTR_FORMAT, format));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", GSAE_ATTR_FORMAT_VERSION, version));
  return GSAE_OK;
}

gsae_status gsae_format_read(hid_t fid, char *buf, size_t cap, const char *path) {
  if (cap) buf[0] = '\0';
  if (H5Aexists_by_name(fid, "/", GSAE_ATTR_FORMAT, H5P_DEFAULT) <= 0) return GSAE_OK;
  return gsae_h5_attr_read_string(fid, "/", GSAE_ATTR_FORMAT, buf, cap, path);
}

gsae_status gsae_format_expect(hid_t fid, const char *format, const char *what, const char *path) {
  char have[64];
  GSAE_CALL(gsae_format_read(fid, have, sizeof have, path));
  if (strcmp(have, format) != 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: not %s (root attribute format is '%s', expected '%s')", path, what, have,
                     format);
  return GSAE_OK;
}

gsae_status gsae_run_labels_write(hid_t fid, const gsae_run_labels *labels) {
  if (!labels) return GSAE_OK;
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_SWEEP, labels->sweep));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_POINT_ID, labels->point_id));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", GSAE_RUN_ATTR_POINT_INDEX, labels->point_index));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_POINT_CANONICAL, labels->canonical));
  return GSAE_OK;
}

gsae_status gsae_run_status_write(hid_t fid, gsae_run_status status, const char *reason) {
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_STATUS_REASON, reason ? reason : ""));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", GSAE_RUN_ATTR_STATUS, gsae_run_status_name(status)));
  return GSAE_OK;
}
