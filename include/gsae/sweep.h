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
#include "gsae/evaluate.h"
#include "gsae/settings.h"
#include "gsae/train.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The keys a spec may name (src/sweep/params.c): the rows of gsae_gen_settings, then those of
 * gsae_train_settings (without GSAE_SET_NO_KEY), then `preset`, in that order, which is the
 * canonical order of the ids. A key's index p is stable within one build; code names keys by text
 * (gsae_param_lookup("lambda")). */
#define GSAE_PARAM_MAX 48

typedef enum { GSAE_OWNER_GEN, GSAE_OWNER_TRAIN, GSAE_OWNER_SWEEP } gsae_param_owner;

size_t gsae_param_count(void);
const gsae_setting *gsae_param(size_t p);
/* Which struct the key's row binds: gsae_gen_params, gsae_train_config or none (preset). */
gsae_param_owner gsae_param_owner_of(size_t p);
/* -1 if no key has this name. */
int gsae_param_lookup(const char *key);
/* A key's value in a spec that does not name it: the row's default, or unset (NaN) for the keys
 * a point derives (GSAE_SET_SWEEP_UNSET: the training seed, the initialisation). */
double gsae_param_default(size_t p);
void gsae_param_defaults(double value[GSAE_PARAM_MAX]);

/* Every value of a point is a double (an index for enums; NaN = unset). */
typedef struct {
  size_t index;                      /* position in the expanded grid (job array index) */
  double value[GSAE_PARAM_MAX];      /* value[p] for p < gsae_param_count() */
  char id[17];                       /* 16 hex digits */
  char data_id[17];
  char data[256];                    /* `data: PATH` of the point; "" = generated from the generator keys */
  char data_content[17];             /* the file's content id (gsae_dataset_content_id); "" when generated */
} gsae_point;

/* Fill in derived values (train_seed = seed when unset; the initialisation as
 * gsae_train_resolve_init), check every value against its row and the settings against each other
 * (gsae_gen_validate, gsae_train_validate, the encoder's own keys, batch_size <= samples) and
 * compute id and data_id. */
gsae_status gsae_point_finish(gsae_point *pt);

/* The text the id hashes: "gsae-point-v1;precision=float;n=950;...;train_seed=0" over the keys of
 * scope data and point; keys with GSAE_SET_OMIT_AT_DEFAULT appear only when they differ from their
 * default, and init only when it is data (corr and delta follow from which initial value is set). */
void gsae_point_canonical(const gsae_point *pt, char *buf, size_t cap);

/* Settings of a point in the engine's own structs. */
gsae_gen_params gsae_point_gen_params(const gsae_point *pt);
gsae_train_config gsae_point_train_config(const gsae_point *pt);

typedef struct gsae_spec gsae_spec;

/* Collective over comm: parse and validate a spec; every error names the file, the line and the
 * key. overrides[0..n) are "key=value" texts applied first (gsae_spec_override); the spec's text is
 * then the effective one, recorded as such in the manifest. Rank 0 alone reads the spec and the
 * data files it names (their content ids), and sends the text and what it read to the other ranks,
 * so a job of many ranks opens each file once. Every point of a grid of at most max_points points
 * is checked; a larger grid is refused with its size, before any point is expanded, unless
 * count_only (--count: such a grid is counted, instantly at any size, and not checked). */
#define GSAE_SPEC_MAX_POINTS ((size_t)10000000)
gsae_status gsae_spec_load(MPI_Comm comm, const char *path, const char *const *overrides, size_t noverrides,
                           size_t max_points, int count_only, gsae_spec **out);

/* Overrides without editing the YAML, as Hydra's multirun: each "key=VALUE" (VALUE in YAML flow
 * style: 5, [1, 2], {from: 0, to: 4}) replaces the top-level key's value in `text`, or adds the key
 * at the end; "evaluate.KEY=VALUE" does the same for a key of the spec's evaluate: block (Hydra's
 * dotted keys: evaluate.n_neighbors=30, evaluate.data=test.h5). A key inside a zip block, an unknown key (with the did-you-mean of the spec's own
 * errors), a key given twice and a value that does not parse are refused with one line. *effective
 * is the new text (malloc'ed; the caller frees it), with a comment that lists the overrides. */
gsae_status gsae_spec_override(const char *text, const char *origin, const char *const *overrides, size_t n,
                               char **effective);
/* A key a spec may have (a sweep key, name, results, description or zip), and the nearest known
 * key within two edits of `key` (NULL if none). */
int gsae_spec_key_known(const char *key);
const char *gsae_spec_key_suggest(const char *key);
/* Same, from text in memory (origin names it in errors), with the limit GSAE_SPEC_MAX_POINTS. */
gsae_status gsae_spec_parse(const char *text, size_t len, const char *origin, gsae_spec **out);
void gsae_spec_free(gsae_spec *s);

const char *gsae_spec_name(const gsae_spec *s);   /* the `name:` key */
/* The `evaluate:` block (include/gsae/evaluate.h), or NULL; its canonical text ("" without). */
const gsae_evaluation *gsae_spec_evaluation(const gsae_spec *s);
const char *gsae_spec_evaluation_text(const gsae_spec *s);
const char *gsae_spec_text(const gsae_spec *s);   /* the YAML as read */
const char *gsae_spec_results(const gsae_spec *s); /* the `results:` key (default "results") */
size_t gsae_spec_count(const gsae_spec *s);       /* number of points */
/* Keys that vary across the grid (axes and zip members), in spec order: a key index p, or
 * GSAE_SPEC_DATA_AXIS for a list of `data:` files. */
#define GSAE_SPEC_DATA_AXIS GSAE_PARAM_MAX
size_t gsae_spec_axes(const gsae_spec *s, size_t *axes, size_t cap);
/* An axis's key and a point's value on it as text (the data file's path for the data axis). */
const char *gsae_spec_axis_name(size_t axis);
void gsae_spec_axis_value(const gsae_point *pt, size_t axis, char *buf, size_t cap);
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
  size_t evaluate_only;                              /* trained, to be evaluated (among the points to run) */
  size_t complete, failed, interrupted;              /* points run now */
  size_t elsewhere;                                  /* left to another job that holds their lease */
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
