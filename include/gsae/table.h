/* A table in memory: the parallel columns of one HDF5 group (include/gsae/columns.h), with the
 * row operations of `gsae inspect`: filter, sort, choose columns, print as text, CSV or JSON.
 *
 *   rows[0..nsel) is the current selection, in display order; where/sort act on it.
 *
 * where "COLUMN OP VALUE", OP one of = != < <= > >=: numbers compare numerically (= within a
 * relative 1e-9; "nan" or "unset" is NaN, which = matches and no ordering does), text columns by
 * string equality (= and != only). sort "COLUMN" ascending, "-COLUMN" descending: numbers
 * numerically with NaN last either way, text by byte order; stable. Unknown columns are errors
 * that name the column and the file. */
#ifndef GSAE_TABLE_H
#define GSAE_TABLE_H

#include <hdf5.h>
#include <stdio.h>

#include "gsae/columns.h"
#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_OUT_TEXT, GSAE_OUT_CSV, GSAE_OUT_JSON, GSAE_OUT_MARKDOWN } gsae_out_format;
extern const char *const gsae_out_format_names[]; /* "table", "csv", "json", "markdown", NULL */

typedef struct {
  char *file;         /* for messages */
  size_t ncols, nrows;
  gsae_column *cols;  /* all of the same length nrows */
  size_t *rows;       /* the selection */
  size_t nsel;
} gsae_table;

/* Every 1-D dataset of `group`, in creation order; they must have equal lengths. */
gsae_status gsae_table_read(hid_t fid, const char *group, const char *file, gsae_table *t);
void gsae_table_free(gsae_table *t);

/* Index of the column named `name`, or -1. */
long gsae_table_find(const gsae_table *t, const char *name);
/* 1 if column c does not hold one value in every row (NaN equal to NaN). */
int gsae_table_varies(const gsae_table *t, size_t c);

gsae_status gsae_table_where(gsae_table *t, const char *cond);
gsae_status gsae_table_sort(gsae_table *t, const char *spec);
/* "a,b,c" -> column indices (allocated; caller frees). */
gsae_status gsae_table_columns(const gsae_table *t, const char *list, size_t **idx, size_t *n);

/* The selected rows, columns idx[0..n). TEXT: aligned, numbers to 6 significant digits, long text
 * cut with "..."; CSV: RFC 4180 with a header row, numbers to 17 digits, NaN as "nan"; JSON: an
 * array of one object per row, NaN as null. */
void gsae_table_print(FILE *f, const gsae_table *t, const size_t *idx, size_t n, gsae_out_format fmt);

/* A JSON string literal of s (quotes included). */
void gsae_json_string(FILE *f, const char *s);
/* A CSV field (quoted when it holds a comma, quote or line break). */
void gsae_csv_field(FILE *f, const char *s);

#ifdef __cplusplus
}
#endif
#endif
