/* Per-epoch traces (internal to src/train): one double per epoch per metric, epoch 0 = init. */
#ifndef GSAE_TRAIN_TRACE_H
#define GSAE_TRAIN_TRACE_H

#include <stddef.h>

#include "gsae/error.h"

enum {
  TRACE_LOSS,
  TRACE_DICT_ERROR,
  TRACE_SUBSPACE_ERROR,
  TRACE_GROUP_DISTANCE,
  TRACE_SUPPORT_EXACT,
  TRACE_GROUP_PRECISION,
  TRACE_GROUP_RECALL,
  TRACE_ACTIVE_GROUPS,
  TRACE_ACTIVE_ENTRIES,
  TRACE_SECONDS,
  TRACE_COUNT
};

typedef struct {
  const char *name, *description, *units;
} trace_info;

extern const trace_info gsae_traces[TRACE_COUNT];

typedef struct {
  double *v[TRACE_COUNT]; /* v[t][epoch], epochs 0 .. len-1 */
  int on[TRACE_COUNT];    /* which traces this run writes (files hold only these) */
  size_t len, cap;
} trace_buffer;

/* Which traces a run writes: the ground-truth ones (dict_error .. group_recall) only when the data
 * set has a truth; active_entries unless the run is the tied encoder on data with a truth (whose
 * run files stay as they were); loss, active_groups, seconds always. */
gsae_status trace_init(trace_buffer *tb, size_t cap, int has_truth, int unfolded);
void trace_free(trace_buffer *tb);

#endif
