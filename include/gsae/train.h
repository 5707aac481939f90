/* Data-parallel training of the tied autoencoder (the design card's "shape").
 *
 *   rank r holds Y[rows r] -> local forward/backward -> local grad (m, n)
 *   MPI_Allreduce(SUM) -> identical Adam step on every rank; W = A^T stays replicated
 *
 * Epoch e = 0..epochs is traced at the state A_e (epoch 0 = the initial dictionary). With full
 * batch the forward pass that evaluates A_e is also the one whose gradient makes A_{e+1}, so an
 * epoch costs one forward + one backward. Mini-batches are contiguous global row ranges
 * [b B, (b+1) B) visited in a per-epoch random order: the same batches for any rank count.
 *
 * Checkpoints (every `checkpoint_every` epochs and on SIGTERM/SIGINT/SIGUSR1) hold the exact
 * state, so a resumed run is bitwise identical to an uninterrupted one with the same rank count. */
#ifndef GSAE_TRAIN_H
#define GSAE_TRAIN_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/activation.h"
#include "gsae/autoencoder.h"
#include "gsae/dataset.h"
#include "gsae/error.h"
#include "gsae/init.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  gsae_model_kind model;
  double lambda;
  int64_t epochs;
  double lr;
  size_t batch_size; /* 0 = full batch */
  gsae_init_mode init_mode;
  double init_value; /* rho for CORR, delta for DELTA */
  uint64_t seed;     /* initialisation and batch order */
  int64_t checkpoint_every; /* 0 = only on signals */
  int renormalize;   /* unit-norm atoms after every step */
  gsae_path path;
  int64_t progress_every; /* progress line every k epochs (0 = none) */
} gsae_train_config;

/* The paper's section 4.1 settings: group model, lambda 2, 300 epochs, Adam 1e-3, full batch,
 * init corr 0.15, seed 0, checkpoint every 50 epochs, no renormalisation. */
gsae_train_config gsae_train_defaults(void);
gsae_status gsae_train_validate(const gsae_train_config *cfg);

typedef struct {
  int64_t epochs_done;
  double loss, dict_error, subspace_error, group_distance, support_exact, precision, recall, active_groups;
  double seconds;
  int resumed_from; /* epoch resumed from, -1 if fresh */
} gsae_train_summary;

/* Where a run belongs when a sweep made it; written as root attributes of the run file. */
typedef struct {
  const char *sweep;     /* attribute `sweep` */
  const char *point_id;  /* `point_id` */
  int64_t point_index;   /* `point_index` */
  const char *canonical; /* `point_canonical`: the text the id hashes */
} gsae_run_labels;

/* Train on ds (already read, sharded over comm) and write the run file `out` (rank 0).
 * resume: continue from out + ".ckpt" if it exists (fresh start otherwise).
 * data_path and command are recorded as provenance; labels may be NULL. */
gsae_status gsae_train(MPI_Comm comm, const gsae_train_config *cfg, const gsae_dataset *ds, const char *data_path,
                       const char *out, int resume, const char *command, const gsae_run_labels *labels,
                       gsae_train_summary *summary);

/* Install handlers for SIGTERM, SIGINT, SIGUSR1 that request a checkpoint at the next epoch end. */
void gsae_train_install_signal_handlers(void);
/* The stopping signal received by this process (SIGTERM or SIGINT), 0 if none: a sweep takes
 * no new work after one. */
int gsae_train_stop_signal(void);

#ifdef __cplusplus
}
#endif
#endif
