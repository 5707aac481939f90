/* The encoder being trained, as a small vtable (internal to src/train): the trainer, checkpoints and
 * run files see only this.
 *
 *   tied      (model_tied.c)     parameters W = A^T, shape (m, n) row-major: atom j = row j
 *   unfolded  (model_unfolded.c) parameters A, shape (n, m) row-major: atom j = column j;
 *                                 eta = 1/||A||_2^2 recomputed whenever A changes
 *
 * Either way there are m n parameters; atom j, entry k is P[j * atom_stride + k * entry_stride].
 * Samples Y are (rows, n) row-major. */
#ifndef GSAE_TRAIN_MODEL_H
#define GSAE_TRAIN_MODEL_H

#include <hdf5.h>
#include <stddef.h>

#include "gsae/error.h"
#include "gsae/real.h"
#include "gsae/train.h"

typedef struct {
  double sq_error;       /* sum_i ||y_i - yhat_i||^2 over the rows (double) */
  size_t active_groups;  /* groups of d units with a nonzero entry, summed over the rows */
  size_t active_entries; /* nonzero units of the codes */
} model_stats;

typedef struct train_model train_model;

struct train_model {
  const char *param_name;             /* "W" (tied) or "A" (unfolded): checkpoint dataset names */
  size_t shape[2];                    /* of the parameters: (m, n) or (n, m) */
  size_t atom_stride, entry_stride;   /* layout, see above */
  size_t n, m, d;
  /* Forward on Y (rows, n) at parameters P; keeps what backward needs. */
  gsae_status (*forward)(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows, model_stats *stats);
  /* Backward of the last forward: grad (same layout as P) += scale * d(1/2 sum ||e_i||^2)/dP (ACCUMULATES). */
  gsae_status (*backward)(train_model *mod, const gsae_real *P, const gsae_real *Y, size_t rows, gsae_real *grad,
                          gsae_real scale);
  /* Codes of the last forward, (rows, m) row-major. */
  const gsae_real *(*codes)(const train_model *mod);
  /* Called whenever P changes (initial state, resume, after every step); NULL = nothing to do. */
  gsae_status (*params_changed)(train_model *mod, const gsae_real *P);
  /* Root attributes of the final run file (e.g. the step eta); NULL = none. */
  gsae_status (*write_attrs)(const train_model *mod, hid_t fid, const char *path);
  double (*eta)(const train_model *mod); /* NULL = no step (tied) */
  void (*destroy)(train_model *mod);
  gsae_real *wbuf; /* (m, n): W = A^T of a model that stores A */
};

/* The model of cfg->encoder for n-dimensional data, m = groups * d atoms, batches up to max_rows. */
gsae_status train_model_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                               size_t max_rows);
void train_model_destroy(train_model *mod);

/* The dictionary as W = A^T (m, n): P itself for tied, a transpose in mod->wbuf for unfolded
 * (valid until the next call). */
const gsae_real *train_model_W(train_model *mod, const gsae_real *P);
/* P (model layout) from W = A^T (m, n). */
void train_model_from_W(const train_model *mod, const gsae_real *W, gsae_real *P);
/* Each atom to unit Euclidean norm (sums in double, entry order; zero atoms left alone). */
void train_model_unit_atoms(const train_model *mod, gsae_real *P);

/* The two encoders (model_tied.c, model_unfolded.c). */
gsae_status model_tied_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                              size_t max_rows);
gsae_status model_unfolded_create(train_model **out, const gsae_train_config *cfg, size_t n, size_t m, size_t d,
                                  size_t max_rows);

#endif
