/* The in-memory trace buffer; see trace.h. */
#include "trace.h"

#include <stdlib.h>

gsae_status trace_init(trace_buffer *tb, size_t cap, int has_truth, int unfolded) {
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) tb->on[t] = has_truth || !gsae_trace_defs[t].needs_truth;
  tb->on[GSAE_TRACE_ACTIVE_ENTRIES] = unfolded || !has_truth;
  tb->len = 0;
  tb->cap = cap ? cap : 1;
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) tb->v[t] = NULL;
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t)
    if (!(tb->v[t] = gsae_calloc(tb->cap, sizeof(double), "trace"))) {
      trace_free(tb);
      return GSAE_ERR_MEMORY;
    }
  return GSAE_OK;
}

void trace_free(trace_buffer *tb) {
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    free(tb->v[t]);
    tb->v[t] = NULL;
  }
  tb->len = tb->cap = 0;
}
