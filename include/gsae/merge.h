/* gsae merge: one summary file of a sweep directory, for h5py / pandas and gsae inspect.
 *
 *   DIR/sweep.h5 (manifest) + DIR/points/<id>.h5 (run files) --> DIR/summary.h5
 *
 * Summary layout (format = GSAE_FORMAT_SUMMARY, "gsae-summary"; docs/hdf5-layout.md):
 *   root attrs  format, format_version = 1, name, spec, points, complete, failed, running,
 *               interrupted, missing, corrupt (counts per status), provenance (command, written, ranks)
 *   /points/<column>   (P,) parallel columns: index, id, data_id, every parameter (as in the
 *               manifest), status, status_reason (variable-length string), epochs_done (int64,
 *               -1 = none), the final value of every trace (loss, dict_error, ..., seconds, and any
 *               other trace found; NaN = none), the theory attributes of the run file (float64,
 *               NaN = absent)
 *   /traces/<metric>   (P, E+1) float64, E = the most epochs of any point, NaN after a point's last
 *               epoch; chunked and deflated
 *
 * Ranks read the point files round-robin and rank 0 gathers them and writes the summary (to a
 * temporary name, renamed into place). Every rank returns the same status. */
#ifndef GSAE_MERGE_H
#define GSAE_MERGE_H

#include <mpi.h>
#include <stdio.h>

#include "gsae/error.h"
#include "gsae/outcome.h"
#include "gsae/sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  char *name;                            /* the sweep's name (every rank) */
  size_t count;                          /* points in the manifest (every rank) */
  size_t counts[GSAE_RUN_STATUS_COUNT];  /* points per status (every rank) */
  gsae_point *pts;                       /* rank 0: the manifest's points */
  gsae_run_status *status;               /* rank 0: status of point i */
  char **reason;                         /* rank 0: its reason ("" if none) */
} gsae_merge_result;

/* Merge dir (holding sweep.h5 and points/) into out (NULL: dir/summary.h5). command is recorded as
 * provenance. Fails (the same error on every rank) when the manifest is missing or corrupt or the
 * summary cannot be written; missing and damaged point files are statuses, not errors. */
gsae_status gsae_merge(MPI_Comm comm, const char *dir, const char *out, const char *command, gsae_merge_result *res);
void gsae_merge_result_free(gsae_merge_result *res);

/* "merged P points of NAME: a complete, b failed, c interrupted/running, d missing, e corrupt -> OUT",
 * then one line per failed, missing or corrupt point (index, id, the parameters that vary across
 * the sweep, the reason), at most max_lines of them, then "... and K more". Rank 0's result. */
void gsae_merge_report(FILE *f, const gsae_merge_result *res, const char *out, size_t max_lines);

#ifdef __cplusplus
}
#endif
#endif
