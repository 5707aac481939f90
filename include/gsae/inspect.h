/* gsae inspect: a readable account of any gsae file, chosen by its root attribute `format`.
 *
 *   gsae-dataset     shapes, generator parameters, measured SNR and block coherence, provenance
 *   gsae-run         status and reason, settings, data, epochs done and final metrics, the
 *                    initialisation as measured, Lemma 1's interval, provenance
 *   gsae-checkpoint  epoch, settings, the initialisation as measured
 *   gsae-sweep       name, point count, the axes (parameters that vary, with their distinct
 *                    values), the fixed parameters, the spec
 *   gsae-summary     counts per status, then a table of the points: by default index, id, the
 *                    parameters that vary, status, epochs_done, dict_error, support_exact, loss;
 *                    rows filtered (where), sorted (sort), columns chosen (columns); see table.h
 *
 * TEXT output is for people. CSV and JSON are for programs: for a summary every column (or the
 * chosen ones) of the selected rows; for other files key/value pairs: every root attribute plus
 * what inspect derives (epochs_done and final.<metric> of a run, shape.<dataset> of a data set,
 * axis.<parameter> of a sweep). The file is opened read-only with file locking off, so a run being
 * written can be inspected. Output goes to f only when the whole account could be made. */
#ifndef GSAE_INSPECT_H
#define GSAE_INSPECT_H

#include <stdio.h>

#include "gsae/error.h"
#include "gsae/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  gsae_out_format format;
  const char *const *where; /* conditions, ANDed */
  size_t nwhere;
  const char *sort;         /* NULL: file order */
  const char *columns;      /* "a,b,c"; NULL: the default choice (TEXT) or every column (CSV, JSON) */
} gsae_inspect_options;

gsae_status gsae_inspect(FILE *f, const char *path, const gsae_inspect_options *opt);

#ifdef __cplusplus
}
#endif
#endif
