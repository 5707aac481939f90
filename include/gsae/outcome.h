/* What a run file says about its run, read by a process that did not write it (gsae merge,
 * gsae inspect): status and reason, the traces and their common length, and the theory
 * attributes. A file that is missing or damaged is an outcome too, never an error:
 *
 *   missing      no file at the path
 *   corrupt      the file cannot be opened as HDF5, its root attribute format is not "gsae-run",
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

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  GSAE_RUN_COMPLETE,
  GSAE_RUN_FAILED,
  GSAE_RUN_INTERRUPTED,
  GSAE_RUN_RUNNING,
  GSAE_RUN_MISSING,
  GSAE_RUN_CORRUPT,
  GSAE_RUN_STATUS_COUNT
} gsae_run_status;

/* "complete", "failed", "interrupted", "running", "missing", "corrupt". */
const char *gsae_run_status_name(gsae_run_status s);

/* The traces `gsae train` writes, in their canonical order; other traces a file holds follow them
 * sorted by name (gsae_trace_compare). */
#define GSAE_STD_TRACE_COUNT 9
extern const char *const gsae_std_traces[GSAE_STD_TRACE_COUNT];
int gsae_trace_compare(const char *a, const char *b);

/* Root attributes of a run file that relate it to the theory: block_coherence, snr_db_measured,
 * init_corr_measured, init_delta_measured, lemma1_lambda_low, lemma1_lambda_high,
 * lemma1_lambda_in_range (an integer in the file: 1, 0, or -1 for an empty interval), and, once the
 * run has ended, contraction_mean and contraction_max (gsae_contraction of the group_distance trace). */
#define GSAE_THEORY_COUNT 9
extern const char *const gsae_theory_names[GSAE_THEORY_COUNT];
extern const char *const gsae_theory_descriptions[GSAE_THEORY_COUNT];

typedef struct {
  char *name, *description, *units; /* "" when the file has no such attribute */
} gsae_trace_info;

typedef struct {
  gsae_run_status status;
  char *reason;            /* the file's status_reason, or why it is missing / corrupt; "" if none */
  int64_t epochs_done;     /* common trace length - 1; -1 without traces */
  double theory[GSAE_THEORY_COUNT]; /* NaN when the attribute is absent */
  size_t ntraces;          /* traces found under /trace, in gsae_trace_compare order */
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
