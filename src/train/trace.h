/* Per-epoch traces (internal to src/train): one double per epoch per metric of gsae_trace_defs
 * (include/gsae/schema.h, which names them), epoch 0 = init. */
#ifndef GSAE_TRAIN_TRACE_H
#define GSAE_TRAIN_TRACE_H

#include <stddef.h>

#include "gsae/error.h"
#include "gsae/schema.h"

typedef struct {
  double *v[GSAE_TRACE_COUNT]; /* v[t][epoch], epochs 0 .. len-1 */
  int on[GSAE_TRACE_COUNT];    /* which traces this run writes (files hold only these) */
  size_t len, cap;
} trace_buffer;

/* Which traces a run writes: those that need a ground truth (needs_truth) only when the data set
 * has one; active_entries unless the run is the tied encoder on data with a truth (whose run files
 * stay as they were); every other one always. */
gsae_status trace_init(trace_buffer *tb, size_t cap, int has_truth, int unfolded);
void trace_free(trace_buffer *tb);

#endif
