/* What a run file says about its run, read by a process that did not write it (gsae merge,
 * gsae inspect): status and reason, the traces and their common length, and the theory
 * attributes. A file that is missing or damaged is an outcome too, never an error:
 *
 *   missing      no file at the path
 *   corrupt      the file cannot be opened as HDF5, its root attribute format is not GSAE_FORMAT_RUN,
 *                it has no readable `status`, its `point_id` is not the expected one, or it says
 *                complete / failed but its traces cannot be read
 *   complete | failed | interrupted | running    the file's own `status`
 *
 * The file is opened read-only with file locking off (include/gsae/h5shared.h): a running job may
 * be writing it. Traces are read up to the length common to all of them, so a reader that meets a
 * writer between two trace appends still gets one consistent epoch. */
#ifndef GSAE_OUTCOME_H
#define GSAE_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"
#include "gsae/evaluate.h"
#include "gsae/schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A trace as the file describes it (its dataset's attributes). */
typedef struct {
  char *name, *description, *units, *scale; /* "" when the file has no such attribute */
} gsae_trace_info;

typedef struct {
  gsae_run_status status;
  char *reason;            /* the file's status_reason, or why it is missing / corrupt; "" if none */
  int64_t epochs_done;     /* common trace length - 1; -1 without traces */
  double theory[GSAE_THEORY_COUNT]; /* NaN when the attribute is absent */
  double scores[GSAE_EVAL_SCORES];  /* the evaluation's (gsae/evaluate.h), in percent; NaN when absent */
  char evaluation[1024];   /* the canonical text of the evaluation the scores are of; "" when none */
  size_t ntraces;          /* traces found under /trace, in gsae_trace_compare order (gsae/schema.h) */
  gsae_trace_info *traces;
  double *values;          /* (ntraces, epochs_done + 1), row t = trace t */
} gsae_outcome;

/* Read the run file at path. expect_id (may be NULL): the point id the file must carry in its
 * `point_id` attribute when it has one. Fails only when out of memory. */
gsae_status gsae_outcome_read(const char *path, const char *expect_id, gsae_outcome *o);
void gsae_outcome_free(gsae_outcome *o);

#ifdef __cplusplus
}
#endif
#endif
