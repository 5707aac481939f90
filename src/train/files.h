/* Run files and checkpoints of a training run (internal to src/train). Both are written by rank 0
 * alone; a checkpoint is read by every rank. Layouts in docs/hdf5-layout.md. */
#ifndef GSAE_TRAIN_FILES_H
#define GSAE_TRAIN_FILES_H

#include <hdf5.h>

#include "gsae/adam.h"
#include "gsae/dataset.h"
#include "gsae/init.h"
#include "gsae/train.h"
#include "model.h"
#include "trace.h"

typedef struct {
  int64_t epoch;   /* the state is A_epoch; traces hold epochs 0 .. epoch-1 */
  double seconds;  /* training wall time spent so far */
  char started[32];
  gsae_init_report init;
  const double *mean; /* --center: the training mean image (n,), else NULL; written as /model/mean (run
                       * file, on completion) and /state/mean (checkpoint, compared bitwise on resume) */
  char data_content[17]; /* the data file's content id (gsae_dataset_probe_file), "" for data in memory:
                          * written to the run file and the checkpoint, compared on resume */
} run_meta;

/* Checkpoint: written to path + ".tmp", fsync'ed, then renamed over path. P, P0 and Adam's moments
 * are in the model's layout (/state/W (m, n) for tied, /state/A (n, m) for unfolded). */
gsae_status checkpoint_write(const char *path, const gsae_train_config *cfg, const gsae_dataset *ds,
                             const train_model *mod, const run_meta *meta, const gsae_real *P, const gsae_real *P0,
                             const gsae_adam *adam, const trace_buffer *tb);
/* Reads into caller-allocated P, P0 (model layout), adam (initialised, sized m n) and tb (cap > epoch,
 * its `on` mask set). */
gsae_status checkpoint_read(const char *path, const gsae_train_config *cfg, const gsae_dataset *ds,
                            const train_model *mod, run_meta *meta, gsae_real *P, gsae_real *P0, gsae_adam *adam,
                            trace_buffer *tb);

/* Run file: created with status "running", traces 0 .. tb->len-1 already known (those tb->on). W0 is
 * A0^T (m, n); ds has the effective groups. */
gsae_status runfile_create(const char *out, const gsae_train_config *cfg, const gsae_dataset *ds,
                           const char *data_path, const char *command, const gsae_run_labels *labels, int ranks,
                           const run_meta *meta,
                           const gsae_real *W0, const trace_buffer *tb, hid_t *fid);
/* Write trace entry `epoch` of every metric and flush. */
gsae_status runfile_append(hid_t fid, const char *out, const trace_buffer *tb, size_t epoch);
/* Final dictionary W = A^T (may be NULL on failure), the model's own attributes (e.g. eta), the
 * training mean /model/mean (n,) float64 when mean is not NULL (--center; with W only), the
 * observed contraction of the group distance over the traced epochs (attributes contraction_mean,
 * contraction_max; data with a truth only), status (complete, failed or interrupted), reason. */
gsae_status runfile_finish(hid_t fid, const char *out, const gsae_dataset *ds, const gsae_real *W,
                           const train_model *mod, const double *mean,
                           const trace_buffer *tb, gsae_run_status status, const char *reason, double seconds);

/* A run file's or checkpoint's data_content against the data's (skipped when either is unknown). */
gsae_status data_content_check(hid_t fid, const char *data_content, const char *what, const char *path);

/* *complete = 1 if `out` is a run file whose status is "complete" (then summary holds its last trace
 * entries, NaN for traces the run did not write, and eta), 0 if it is missing, unreadable or
 * unfinished. A complete run made with other settings (or another number of epochs), or of other
 * data (its data_content differs from data_content; "" skips the check), is an error: resuming
 * cannot turn it into the requested run. */
gsae_status runfile_completed(const char *out, const gsae_train_config *cfg, const char *data_content,
                              gsae_train_summary *summary, int *complete);

#endif
