/* Data-parallel training of the tied autoencoder (section 4.1) or the unfolded K-layer encoder with
 * linear decoder (section 4.2), the design card's "shape":
 *
 *   rank r holds Y[rows r] -> local forward/backward -> local gradient (m n parameters)
 *   MPI_Allreduce(SUM) -> identical Adam step on every rank; the dictionary stays replicated
 *
 * The encoder is a small vtable (src/train/model.h): tied holds W = A^T (m, n), unfolded holds
 * A (n, m) and recomputes its step eta = 1/||A||_2^2 after every update (a constant in backprop), or
 * keeps a fixed step (eta_fixed > 0, attribute eta_mode = "fixed").
 *
 * center (unfolded only): the trainer centres a copy of the data once, y - mean, where the mean
 * image is summed on a fixed-point grid (gsae_dist_fixed) so it is bitwise independent of the rank
 * count; the run file stores it as /model/mean (n,) float64 with root attribute center = 1, the
 * checkpoint as /state/mean (checked bitwise on resume).
 *
 * Epoch e = 0..epochs is traced at the state A_e (epoch 0 = the initial dictionary). With full
 * batch the forward pass that evaluates A_e is also the one whose gradient makes A_{e+1}, so an
 * epoch costs one forward + one backward. Mini-batches: a per-epoch random permutation p of the
 * GLOBAL sample indices (seed, GSAE_STREAM_BATCH, epoch); batch b = {p[bB], .., p[(b+1)B - 1]};
 * each rank gathers the members it holds. The same batches for any rank count.
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
#include "gsae/schema.h"
#include "gsae/settings.h"
#include "gsae/unfolded.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_ENCODER_TIED = 0, GSAE_ENCODER_UNFOLDED = 1 } gsae_encoder_kind;
/* "tied" | "unfolded"; parse returns -1 for unknown names */
extern const char *const gsae_encoder_kind_names[]; /* "tied", "unfolded", NULL */
int gsae_encoder_kind_parse(const char *name);
const char *gsae_encoder_kind_name(gsae_encoder_kind kind);

typedef struct {
  gsae_encoder_kind encoder; /* tied (default) or unfolded */
  gsae_model_kind model;     /* tied encoder's activation */
  double lambda;
  int64_t epochs;
  double lr;
  size_t batch_size; /* 0 = full batch */
  gsae_init_mode init_mode;
  double init_corr;  /* rho, used when init_mode is CORR */
  double init_delta; /* delta, used when init_mode is DELTA (NaN = not given) */
  uint64_t seed;     /* initialisation and batch order */
  int64_t checkpoint_every; /* 0 = only on signals */
  int renormalize;   /* unit-norm atoms after every step */
  gsae_path path;
  int64_t progress_every; /* progress line every k epochs (0 = none) */
  /* unfolded encoder only */
  size_t layers;             /* K >= 1 */
  gsae_unfold_kind unfold;   /* ista | fista */
  gsae_prox_kind prox;       /* group | entry | sparse-group */
  int nonneg;                /* one-sided prox */
  double eta_fixed;          /* > 0: fixed step eta = eta_fixed; 0: eta = 1/||A||_2^2 after every step */
  int center;                /* subtract the training mean image (exact, rank-independent) from every sample */
  /* groups of the dictionary: 0 = the data set's (it must have a ground truth); required for data
   * without one (imported), and must match the data set's when it has one */
  size_t groups, group_size;
} gsae_train_config;

/* The settings rows of gsae_train_config (src/train/config.c), one per field; gsae/settings.h. */
extern const gsae_setting gsae_train_settings[];
extern const size_t gsae_train_settings_count;

/* The paper's section 4.1 settings, from the rows: tied encoder, group model, lambda 2, 300 epochs,
 * Adam 1e-3, full batch, init corr 0.15, seed 0, checkpoint every 50 epochs, no renormalisation;
 * for the unfolded encoder 15 layers of ISTA with the group prox, two-sided. */
gsae_train_config gsae_train_defaults(void);
/* Every row against its range, then the rows against each other; messages name flags or keys. */
gsae_status gsae_train_validate(const gsae_train_config *cfg, gsae_setting_style style);
/* Refuse a setting of the other encoder's ("--layers applies to --encoder unfolded only"): one
 * given (given[k] for row k of gsae_train_settings: a flag or key the user wrote), or, with
 * given NULL, one that differs from its default. */
gsae_status gsae_train_check_encoder(const gsae_train_config *cfg, const unsigned char *given,
                                     gsae_setting_style style);
/* The rows of the initialisation: rows[0] the mode (init), rows[1] its correlation, rows[2] its
 * distance. */
void gsae_train_init_settings(const gsae_setting *rows[3]);
/* The initialisation from what was given (NaN = not given), in the order of
 * gsae_train_init_settings: no mode means delta when the distance was given, else corr; corr takes
 * the correlation (its row's default when not given) and no distance, delta needs the distance,
 * data takes neither. Fills in the mode and the default correlation. */
gsae_status gsae_train_resolve_init(double *mode, double *corr, double *delta, gsae_setting_style style);

/* Named sets of training settings, the paper's for the MNIST study (section 4.2), NULL-terminated
 * names. A preset only supplies defaults: a flag on the command line, or a key of a sweep spec,
 * wins. Its values are (setting name, value text) pairs, NULL-terminated, for gsae_setting_parse;
 * a switch's value is "true". */
extern const char *const gsae_train_preset_names[];
const char *const *gsae_train_preset_values(int index);
const char *gsae_train_preset_summary(int index);

typedef struct {
  int64_t epochs_done;
  double loss, dict_error, subspace_error, group_distance, support_exact, precision, recall, active_groups;
  double active_entries; /* mean nonzero units per sample (NaN when the run does not trace it) */
  double eta;            /* unfolded: the final step 1/||A||_2^2; NaN for tied */
  double seconds;
  int resumed_from; /* epoch resumed from, -1 if fresh */
} gsae_train_summary;

/* Train on ds (already read, sharded over comm) and write the run file `out` (rank 0).
 * resume: continue from out + ".ckpt" if it exists (fresh start otherwise).
 * data_path and command are recorded as provenance; labels (gsae/schema.h) may be NULL. */
gsae_status gsae_train(MPI_Comm comm, const gsae_train_config *cfg, const gsae_dataset *ds, const char *data_path,
                       const char *out, int resume, const char *command, const gsae_run_labels *labels,
                       gsae_train_summary *summary);

#ifdef __cplusplus
}
#endif
#endif
