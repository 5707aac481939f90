/* Trace names, meanings and the in-memory buffer; see trace.h. */
#include "trace.h"

#include <stdlib.h>

const trace_info gsae_traces[TRACE_COUNT] = {
    {"loss", "training loss ||Y - A sigma(A^T Y)||_F^2 / (2N) at the epoch's dictionary, whole data set", "squared data units"},
    {"dict_error", "||A_hat - A*||_F^2 with the columns of A_hat normalised to unit norm (Figure 3a metric)", "dimensionless"},
    {"subspace_error", "sum_g ||P(A_hat_g) - P(A*_g)||_F^2 / 2 (orthogonal projectors onto group spans), in [0, Gamma d]", "dimensionless"},
    {"group_distance", "max_g ||A_g - A*_g||_F of the raw (not normalised) dictionary: the distance delta of Lemma 1 and Theorem 2", "dimensionless"},
    {"support_exact", "fraction of samples whose set of active groups equals the true support", "fraction"},
    {"group_precision", "true active groups / estimated active groups, over all samples", "fraction"},
    {"group_recall", "true active groups found / true active groups, over all samples", "fraction"},
    {"active_groups", "mean number of active groups per sample", "groups per sample"},
    {"active_entries", "mean number of nonzero code units per sample", "units per sample"},
    {"seconds", "wall-clock seconds since the start of training (continued across resumes)", "s"},
};

gsae_status trace_init(trace_buffer *tb, size_t cap, int has_truth, int unfolded) {
  for (int t = 0; t < TRACE_COUNT; ++t) tb->on[t] = 1;
  if (!has_truth)
    for (int t = TRACE_DICT_ERROR; t <= TRACE_GROUP_RECALL; ++t) tb->on[t] = 0;
  tb->on[TRACE_ACTIVE_ENTRIES] = unfolded || !has_truth;
  tb->len = 0;
  tb->cap = cap ? cap : 1;
  for (int t = 0; t < TRACE_COUNT; ++t) tb->v[t] = NULL;
  for (int t = 0; t < TRACE_COUNT; ++t)
    if (!(tb->v[t] = gsae_calloc(tb->cap, sizeof(double), "trace"))) {
      trace_free(tb);
      return GSAE_ERR_MEMORY;
    }
  return GSAE_OK;
}

void trace_free(trace_buffer *tb) {
  for (int t = 0; t < TRACE_COUNT; ++t) {
    free(tb->v[t]);
    tb->v[t] = NULL;
  }
  tb->len = tb->cap = 0;
}
