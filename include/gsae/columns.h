/* Tables stored as parallel 1-D HDF5 datasets under one group (/points/<column>, each of length
 * P), so that h5py and pandas read them directly:
 *
 *   pandas.DataFrame({k: v[()] for k, v in h5py.File("summary.h5")["points"].items()})
 *
 * Column types: float64, int64, fixed-length strings (NUL-padded, as long as the longest value)
 * and variable-length UTF-8 strings (for long free text). Every column carries a `description`.
 * Groups made by gsae_column_group track the creation order, so readers list the columns in the
 * order they were written. */
#ifndef GSAE_COLUMNS_H
#define GSAE_COLUMNS_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Create group `group` (e.g. "/points") with creation-order tracking. */
gsae_status gsae_column_group(hid_t fid, const char *group, const char *description, const char *file);

/* v[0..count) as a (count,) dataset `dset`. */
gsae_status gsae_column_write_double(hid_t fid, const char *dset, const double *v, size_t count,
                                     const char *description, const char *file);
gsae_status gsae_column_write_int(hid_t fid, const char *dset, const int64_t *v, size_t count,
                                  const char *description, const char *file);
/* Fixed-length strings (length = the longest value, at least 1); NULL entries are written as "". */
gsae_status gsae_column_write_strings(hid_t fid, const char *dset, const char *const *v, size_t count,
                                      const char *description, const char *file);
/* Variable-length UTF-8 strings. */
gsae_status gsae_column_write_text(hid_t fid, const char *dset, const char *const *v, size_t count,
                                   const char *description, const char *file);

typedef enum { GSAE_COL_DOUBLE, GSAE_COL_INT, GSAE_COL_STRING } gsae_column_kind;

/* A column in memory. Numbers of either kind are held as doubles (int64 values are exact up to
 * 2^53, far beyond any index or epoch count). */
typedef struct {
  char *name;             /* the dataset's name in its group */
  gsae_column_kind kind;
  size_t count;
  double *num;            /* DOUBLE, INT: num[0..count) */
  char **str;             /* STRING: str[0..count), each NUL-terminated */
  char *description;      /* the `description` attribute ("" if none) */
  char *parameter_kind;   /* the `parameter_kind` attribute of sweep parameters ("" if none) */
} gsae_column;

/* Read the 1-D dataset `dset` of any integer, float or string type. Errors name file and dataset. */
gsae_status gsae_column_read(hid_t fid, const char *dset, gsae_column *col, const char *file);
void gsae_column_free(gsae_column *col);

/* Names of the 1-D datasets directly in `group`, in creation order when tracked (else by name);
 * *names is allocated (free with gsae_column_names_free). */
gsae_status gsae_column_list(hid_t fid, const char *group, char ***names, size_t *count, const char *file);
/* The same over every hard link in `group` (columns_only = 0) or its 1-D datasets only (1). */
gsae_status gsae_link_list(hid_t fid, const char *group, int columns_only, char ***names, size_t *count,
                           const char *file);
void gsae_column_names_free(char **names, size_t count);

#ifdef __cplusplus
}
#endif
#endif
