/* The file formats of gsae and the names inside a run file, with one owner (src/io/schema.c).
 * The writer (src/train: run file and checkpoint; src/sweep/pointfile.c: a failed point) and every
 * reader (outcome, represent, inspect, pointfile, merge) take the names from here; gsae-plot and
 * h5py users read them from the files themselves (each trace dataset carries its description,
 * units and plot scale as attributes). docs/hdf5-layout.md describes the same layout.
 *
 * Every gsae file has the root attributes
 *   format          one of the GSAE_FORMAT_* strings below
 *   format_version  an integer, 1 unless the layout changed in a way readers must know
 *
 * A run file ("gsae-run") holds, besides its settings (src/train/config.c) and provenance:
 *   status          running | complete | failed | interrupted, written last (a file says complete
 *                   only once everything else is in it)
 *   status_reason   why it failed or was interrupted ("" otherwise)
 *   sweep, point_id, point_index, point_canonical   when a sweep made it (gsae_run_labels)
 *   the theory attributes (gsae_theory_*), and /trace/NAME: one (epochs + 1,) float64 dataset
 *   per metric of gsae_trace_defs that the run traces (epoch 0 = the initial dictionary). */
#ifndef GSAE_SCHEMA_H
#define GSAE_SCHEMA_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GSAE_ATTR_FORMAT "format"
#define GSAE_ATTR_FORMAT_VERSION "format_version"

#define GSAE_FORMAT_DATASET "gsae-dataset"       /* gsae generate / import-idx / encode, or the user's own */
#define GSAE_FORMAT_RUN "gsae-run"               /* gsae train */
#define GSAE_FORMAT_CHECKPOINT "gsae-checkpoint" /* RUN.ckpt */
#define GSAE_FORMAT_CLUSTERING "gsae-clustering" /* gsae cluster */
#define GSAE_FORMAT_SWEEP "gsae-sweep"           /* a sweep's manifest, sweep.h5 */
#define GSAE_FORMAT_SUMMARY "gsae-summary"       /* gsae merge */

/* ---- run file: root attributes ---- */
#define GSAE_RUN_ATTR_STATUS "status"
#define GSAE_RUN_ATTR_STATUS_REASON "status_reason"
#define GSAE_RUN_ATTR_SWEEP "sweep"
#define GSAE_RUN_ATTR_POINT_ID "point_id"
#define GSAE_RUN_ATTR_POINT_INDEX "point_index"
#define GSAE_RUN_ATTR_POINT_CANONICAL "point_canonical"
#define GSAE_RUN_ATTR_DATA_CONTENT "data_content"       /* content id of the training data file (run, checkpoint) */
#define GSAE_RUN_ATTR_EVALUATION "evaluation"           /* the canonical text of the evaluation held */
#define GSAE_RUN_ATTR_EVALUATION_DATA "evaluation_data" /* its held-out data set, as the spec names it */
#define GSAE_RUN_TRACE_GROUP "/trace"

/* What a run file's status says, and what a reader concludes of a file that has none: */
typedef enum {
  GSAE_RUN_COMPLETE,
  GSAE_RUN_FAILED,
  GSAE_RUN_INTERRUPTED,
  GSAE_RUN_RUNNING,
  GSAE_RUN_MISSING, /* no file at the path (readers only) */
  GSAE_RUN_CORRUPT, /* not a readable run file (readers only) */
  GSAE_RUN_STATUS_COUNT
} gsae_run_status;

/* "complete", "failed", "interrupted", "running", "missing", "corrupt". */
const char *gsae_run_status_name(gsae_run_status s);
/* The status a file may say (complete .. running), or -1. */
int gsae_run_status_parse(const char *name);

/* Where a run belongs when a sweep made it; written as root attributes of the run file. */
typedef struct {
  const char *sweep;     /* attribute `sweep` */
  const char *point_id;  /* `point_id` */
  int64_t point_index;   /* `point_index` */
  const char *canonical; /* `point_canonical`: the text the id hashes */
} gsae_run_labels;

/* ---- run file: per-epoch traces, in their canonical order ---- */
typedef enum {
  GSAE_TRACE_LOSS,
  GSAE_TRACE_DICT_ERROR,
  GSAE_TRACE_SUBSPACE_ERROR,
  GSAE_TRACE_GROUP_DISTANCE,
  GSAE_TRACE_SUPPORT_EXACT,
  GSAE_TRACE_GROUP_PRECISION,
  GSAE_TRACE_GROUP_RECALL,
  GSAE_TRACE_ACTIVE_GROUPS,
  GSAE_TRACE_ACTIVE_ENTRIES,
  GSAE_TRACE_SECONDS,
  GSAE_TRACE_COUNT
} gsae_trace_id;

typedef struct {
  const char *name;        /* dataset /trace/NAME, summary column NAME */
  const char *description; /* dataset attribute `description` */
  const char *units;       /* dataset attribute `units` */
  const char *scale;       /* dataset attribute `scale`: "log" or "linear", how to plot it */
  int needs_truth;         /* traced only when the data set has a ground truth (/truth/A) */
} gsae_trace_def;

extern const gsae_trace_def gsae_trace_defs[GSAE_TRACE_COUNT];

/* The index of trace `name` in gsae_trace_defs, or -1. */
int gsae_trace_lookup(const char *name);
/* Canonical order: gsae_trace_defs first, in its order, then any other trace by name. */
int gsae_trace_compare(const char *a, const char *b);
/* "/trace/NAME" of trace t into buf. */
void gsae_trace_path(gsae_trace_id t, char *buf, size_t cap);
/* Create /trace/NAME of trace t (extendible 1-D float64) with its attributes. */
gsae_status gsae_trace_create(hid_t fid, gsae_trace_id t, const char *path);

/* ---- run file: theory attributes (section 4.1), double-valued ---- */
typedef enum {
  GSAE_THEORY_BLOCK_COHERENCE,
  GSAE_THEORY_SNR_DB_MEASURED,
  GSAE_THEORY_INIT_CORR_MEASURED,
  GSAE_THEORY_INIT_DELTA_MEASURED,
  GSAE_THEORY_LEMMA1_LOW,
  GSAE_THEORY_LEMMA1_HIGH,
  GSAE_THEORY_LEMMA1_IN_RANGE, /* an integer in the file: 1, 0, or -1 for an empty interval */
  GSAE_THEORY_CONTRACTION_MEAN, /* once the run has ended */
  GSAE_THEORY_CONTRACTION_MAX,
  GSAE_THEORY_COUNT
} gsae_theory_id;
extern const char *const gsae_theory_names[GSAE_THEORY_COUNT];
extern const char *const gsae_theory_descriptions[GSAE_THEORY_COUNT];

/* ---- format attributes of any gsae file ---- */
/* Write `format` and `format_version` at the root. */
gsae_status gsae_format_write(hid_t fid, const char *format, int64_t version, const char *path);
/* The root attribute `format` into buf ("" when the file has none). */
gsae_status gsae_format_read(hid_t fid, char *buf, size_t cap, const char *path);
/* An error "PATH: not WHAT (root attribute format is 'X', expected 'FORMAT')" unless the file's
 * format is `format`. */
gsae_status gsae_format_expect(hid_t fid, const char *format, const char *what, const char *path);

/* ---- run file: writing ---- */
/* The four label attributes (nothing when labels is NULL). */
gsae_status gsae_run_labels_write(hid_t fid, const gsae_run_labels *labels);
/* status_reason, then status: the status goes last. */
gsae_status gsae_run_status_write(hid_t fid, gsae_run_status status, const char *reason);

#ifdef __cplusplus
}
#endif
#endif
