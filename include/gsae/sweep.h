/* Sweeps: a YAML spec names a grid of points; each point is one (data set, training run).
 *
 *   spec.yaml --gsae_spec_load--> gsae_spec --gsae_spec_point(i)--> gsae_point (values, ids)
 *
 * Every point carries a value for every parameter of the table below (defaults are the paper's,
 * from gsae_gen_defaults / gsae_train_defaults). Its id is a hash of the canonical text of its
 * science parameters (not of its index), so adding a value to an axis neither renames nor reruns
 * existing points. Points whose data parameters agree share one data set, named by data_id.
 * Layout on disk (docs/sweeps.md):
 *
 *   <results>/<name>/sweep.h5          manifest: the spec text and every point's parameters
 *   <results>/<name>/data/<data_id>.h5 generated once, shared
 *   <results>/<name>/points/<id>.h5    run file of the point (+ .ckpt while unfinished)
 *   <results>/<name>/summary.h5        gsae merge */
#ifndef GSAE_SWEEP_H
#define GSAE_SWEEP_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/dataset.h"
#include "gsae/error.h"
#include "gsae/train.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The parameters a spec may name, in canonical order. */
typedef enum {
  GSAE_P_N,
  GSAE_P_GROUPS,
  GSAE_P_GROUP_SIZE,
  GSAE_P_ACTIVE,
  GSAE_P_SAMPLES,
  GSAE_P_SNR_DB,
  GSAE_P_BMIN,
  GSAE_P_BMAX,
  GSAE_P_SEED,
  GSAE_P_COHERENCE,          /* added after v1: omitted from ids at its default (unset) */
  GSAE_P_ORTHONORMAL_GROUPS, /* added after v1: omitted from ids at its default (0) */
  GSAE_P_MODEL,
  GSAE_P_LAMBDA,
  GSAE_P_EPOCHS,
  GSAE_P_LR,
  GSAE_P_BATCH_SIZE,
  GSAE_P_INIT_CORR,
  GSAE_P_INIT_DELTA,
  GSAE_P_TRAIN_SEED,
  GSAE_P_RENORMALIZE,
  GSAE_P_CHECKPOINT_EVERY,
  GSAE_PARAM_COUNT
} gsae_param_id;

typedef enum { GSAE_PARAM_INT, GSAE_PARAM_REAL, GSAE_PARAM_ENUM } gsae_param_kind;

/* Which hash a parameter enters: the data set's (and so the point's), the point's only, or
 * neither (run settings that do not change the result). */
typedef enum { GSAE_SCOPE_DATA, GSAE_SCOPE_TRAIN, GSAE_SCOPE_RUN } gsae_param_scope;

typedef struct {
  const char *name; /* key in the spec, column in the summary */
  gsae_param_kind kind;
  gsae_param_scope scope;
  const char *description;
  const char *const *choices; /* GSAE_PARAM_ENUM: NULL-terminated names; the value is the index */
  int omit_at_default;        /* added after v1: left out of the canonical text (so of the ids) while
                                 it holds its default, so the ids of existing sweeps stay the same;
                                 a manifest without its column reads it as the default */
} gsae_param_info;

const gsae_param_info *gsae_param(gsae_param_id p);
/* -1 if no parameter has this name. */
int gsae_param_lookup(const char *name);
/* The paper's defaults for every parameter (init_delta and train_seed unset = NaN). */
void gsae_param_defaults(double value[GSAE_PARAM_COUNT]);
/* One value against the parameter's own range ("lambda must be >= 0, got -1"). */
gsae_status gsae_param_check(gsae_param_id p, double value);
/* Text of a value: integers without a decimal point, reals in the shortest form that reads back
 * exactly (15 to 17 significant digits), enums by name; "unset"
 * for NaN (an unused optional parameter such as init_delta). */
void gsae_param_format(gsae_param_id p, double value, char *buf, size_t cap);

/* Every value of a point is a double (an index for enums; NaN = unset). */
typedef struct {
  size_t index;                      /* position in the expanded grid (job array index) */
  double value[GSAE_PARAM_COUNT];
  char id[17];                       /* 16 hex digits */
  char data_id[17];
} gsae_point;

/* Fill in derived values (train_seed = seed when unset), check the values against each other
 * (active <= groups, bmin <= bmax, batch_size <= samples, one of init_corr / init_delta) and
 * compute id and data_id. */
gsae_status gsae_point_finish(gsae_point *pt);

/* The text the id hashes: "gsae-point-v1;precision=float;n=950;...;train_seed=0". Parameters with
 * omit_at_default appear only when they differ from their default. */
void gsae_point_canonical(const gsae_point *pt, char *buf, size_t cap);

/* Settings of a point in the engine's own structs. */
gsae_gen_params gsae_point_gen_params(const gsae_point *pt);
gsae_train_config gsae_point_train_config(const gsae_point *pt);

typedef struct gsae_spec gsae_spec;

/* Parse and validate a spec; every error names the file, the line and the key. */
gsae_status gsae_spec_load(const char *path, gsae_spec **out);
/* Same, from text in memory (origin names it in errors). */
gsae_status gsae_spec_parse(const char *text, size_t len, const char *origin, gsae_spec **out);
void gsae_spec_free(gsae_spec *s);

const char *gsae_spec_name(const gsae_spec *s);   /* the `name:` key */
const char *gsae_spec_text(const gsae_spec *s);   /* the YAML as read */
const char *gsae_spec_results(const gsae_spec *s); /* the `results:` key (default "results") */
size_t gsae_spec_count(const gsae_spec *s);       /* number of points */
/* Parameters that vary across the grid (axes and zip members), in spec order. */
size_t gsae_spec_axes(const gsae_spec *s, gsae_param_id *axes, size_t cap);
/* Point i (0 <= i < count), computed on demand: the last axis varies fastest. */
gsae_status gsae_spec_point(const gsae_spec *s, size_t index, gsae_point *pt);

/* ---- running a sweep (src/sweep/run.c) ---- */

typedef struct {
  const char *results;      /* base folder; NULL = the spec's `results:` */
  int ranks_per_point;      /* R: the world splits into teams of R ranks */
  size_t first, last;       /* points to consider, inclusive; last = (size_t)-1 for all */
  int retry_failed;         /* rerun points whose file says failed */
  int64_t progress_every;   /* epoch progress lines inside each point (0 = none) */
  const char *command;      /* recorded as provenance */
} gsae_sweep_options;

typedef struct {
  size_t selected, skipped_complete, skipped_failed; /* before the run */
  size_t complete, failed, interrupted;              /* points run now */
  size_t data_failed;                                /* data sets that could not be made */
} gsae_sweep_report;

/* Collective over world. Returns GSAE_ERR_INTERRUPTED after a stop signal (every running point
 * checkpointed), an error naming the count when points failed, GSAE_OK when all selected points
 * are complete. Folder layout at the top of this header. */
gsae_status gsae_sweep_run(MPI_Comm world, const gsae_spec *spec, const gsae_sweep_options *opt,
                           gsae_sweep_report *report);

#ifdef __cplusplus
}
#endif
#endif
