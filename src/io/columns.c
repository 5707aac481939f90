/* Column tables in HDF5; see include/gsae/columns.h. */
#include "gsae/columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/h5.h"

static char *dup_text(const char *s, const char *what) {
  size_t len = strlen(s);
  char *d = gsae_malloc(len + 1, what);
  if (d) memcpy(d, s, len + 1);
  return d;
}

gsae_status gsae_column_group(hid_t fid, const char *group, const char *description, const char *file) {
  GSAE_CALL(gsae_h5_ensure_groups(fid, group, file));
  hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
  H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  H5Pset_obj_track_times(gcpl, 0);
  hid_t g = H5Gcreate2(fid, group, H5P_DEFAULT, gcpl, H5P_DEFAULT);
  H5Pclose(gcpl);
  if (g < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create group %s", file, group);
  H5Gclose(g);
  if (description) GSAE_CALL(gsae_h5_attr_write_string(fid, group, "description", description));
  return GSAE_OK;
}

/* Create the (count,) dataset and write buf (memory type = file type). */
static gsae_status create_write(hid_t fid, const char *dset, hid_t type, size_t count, const void *buf,
                                const char *description, const char *file) {
  GSAE_CALL(gsae_h5_ensure_groups(fid, dset, file));
  hsize_t dims = count;
  hid_t space = H5Screate_simple(1, &dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(dcpl, 0);
  if (H5Tis_variable_str(type) <= 0) H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER); /* VL types need a fill */
  hid_t d = H5Dcreate2(fid, dset, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (d < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create dataset %s", file, dset);
  herr_t e = count ? H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : 0;
  H5Dclose(d);
  if (e < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot write dataset %s (disk full?)", file, dset);
  if (description) GSAE_CALL(gsae_h5_attr_write_string(fid, dset, "description", description));
  return GSAE_OK;
}

gsae_status gsae_column_write_double(hid_t fid, const char *dset, const double *v, size_t count,
                                     const char *description, const char *file) {
  return create_write(fid, dset, H5T_NATIVE_DOUBLE, count, v, description, file);
}

gsae_status gsae_column_write_int(hid_t fid, const char *dset, const int64_t *v, size_t count,
                                  const char *description, const char *file) {
  return create_write(fid, dset, H5T_NATIVE_INT64, count, v, description, file);
}

gsae_status gsae_column_write_strings(hid_t fid, const char *dset, const char *const *v, size_t count,
                                      const char *description, const char *file) {
  size_t width = 1;
  for (size_t i = 0; i < count; ++i)
    if (v[i] && strlen(v[i]) > width) width = strlen(v[i]);
  char *buf = gsae_calloc(count ? count : 1, width, "string column");
  if (!buf) return GSAE_ERR_MEMORY;
  for (size_t i = 0; i < count; ++i)
    if (v[i]) memcpy(buf + i * width, v[i], strlen(v[i])); /* NUL-padded, not terminated */
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, width);
  H5Tset_strpad(t, H5T_STR_NULLPAD);
  gsae_status st = create_write(fid, dset, t, count, buf, description, file);
  H5Tclose(t);
  free(buf);
  return st;
}

gsae_status gsae_column_write_text(hid_t fid, const char *dset, const char *const *v, size_t count,
                                   const char *description, const char *file) {
  const char **p = gsae_calloc(count ? count : 1, sizeof *p, "text column");
  if (!p) return GSAE_ERR_MEMORY;
  for (size_t i = 0; i < count; ++i) p[i] = v[i] ? v[i] : "";
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  gsae_status st = create_write(fid, dset, t, count, p, description, file);
  H5Tclose(t);
  free(p);
  return st;
}

/* An optional string attribute of a dataset; "" when absent or not a string. */
static gsae_status optional_text(hid_t fid, const char *dset, const char *name, char **value, const char *file) {
  if (H5Aexists_by_name(fid, dset, name, H5P_DEFAULT) > 0 &&
      gsae_h5_attr_read_text(fid, dset, name, value, file) == GSAE_OK)
    return GSAE_OK;
  gsae_error_clear();
  return (*value = dup_text("", "attribute text")) ? GSAE_OK : GSAE_ERR_MEMORY;
}

static gsae_status read_strings(hid_t d, hid_t ft, size_t count, char **out, const char *dset, const char *file) {
  gsae_status st = GSAE_OK;
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_cset(mt, H5Tget_cset(ft));
  if (H5Tis_variable_str(ft) > 0) {
    H5Tset_size(mt, H5T_VARIABLE);
    char **v = gsae_calloc(count ? count : 1, sizeof *v, "string column");
    if (!v) {
      st = GSAE_ERR_MEMORY;
    } else if (count && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
      st = gsae_fail(GSAE_ERR_IO, "%s: read of %s failed (truncated or corrupt file)", file, dset);
    } else {
      for (size_t i = 0; i < count && st == GSAE_OK; ++i)
        if (!(out[i] = dup_text(v[i] ? v[i] : "", "string column"))) st = GSAE_ERR_MEMORY;
      for (size_t i = 0; i < count; ++i)
        if (v[i]) H5free_memory(v[i]);
    }
    free(v);
  } else {
    size_t width = H5Tget_size(ft);
    H5Tset_size(mt, width);
    H5Tset_strpad(mt, H5T_STR_NULLPAD);
    char *buf = gsae_calloc(count ? count : 1, width, "string column");
    if (!buf) {
      st = GSAE_ERR_MEMORY;
    } else if (count && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
      st = gsae_fail(GSAE_ERR_IO, "%s: read of %s failed (truncated or corrupt file)", file, dset);
    } else {
      for (size_t i = 0; i < count && st == GSAE_OK; ++i) {
        const char *s = buf + i * width;
        size_t len = 0;
        while (len < width && s[len]) ++len;
        if (!(out[i] = gsae_malloc(len + 1, "string column"))) {
          st = GSAE_ERR_MEMORY;
        } else {
          memcpy(out[i], s, len);
          out[i][len] = '\0';
        }
      }
    }
    free(buf);
  }
  H5Tclose(mt);
  return st;
}

gsae_status gsae_column_read(hid_t fid, const char *dset, gsae_column *col, const char *file) {
  memset(col, 0, sizeof *col);
  if (!gsae_h5_exists(fid, dset)) return gsae_fail(GSAE_ERR_DATA, "%s: dataset %s is missing", file, dset);
  hid_t d = H5Dopen2(fid, dset, H5P_DEFAULT);
  if (d < 0) return gsae_fail(GSAE_ERR_DATA, "%s: %s is not a readable dataset", file, dset);
  gsae_status st = GSAE_OK;
  hid_t space = H5Dget_space(d), ft = H5Dget_type(d);
  int64_t *tmp = NULL;
  hsize_t dims = 0;
  if (H5Sget_simple_extent_ndims(space) != 1)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: dataset %s is not a column (it has %d dimensions, expected 1)", file, dset,
                       H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, &dims, NULL);
  size_t count = (size_t)dims;
  const char *base = strrchr(dset, '/');
  col->name = dup_text(base ? base + 1 : dset, "column name");
  col->count = count;
  GSAE_TRY(col->name ? GSAE_OK : GSAE_ERR_MEMORY);
  H5T_class_t cls = H5Tget_class(ft);
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
    col->kind = cls == H5T_INTEGER ? GSAE_COL_INT : GSAE_COL_DOUBLE;
    col->num = gsae_calloc(count ? count : 1, sizeof *col->num, "numeric column");
    if (cls == H5T_INTEGER) tmp = gsae_calloc(count ? count : 1, sizeof *tmp, "integer column");
    GSAE_TRY(!col->num || (cls == H5T_INTEGER && !tmp) ? GSAE_ERR_MEMORY : GSAE_OK);
    if (count && H5Dread(d, cls == H5T_INTEGER ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                         cls == H5T_INTEGER ? (void *)tmp : (void *)col->num) < 0)
      GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: read of %s failed (truncated or corrupt file)", file, dset));
    if (tmp)
      for (size_t i = 0; i < count; ++i) col->num[i] = (double)tmp[i];
  } else if (cls == H5T_STRING) {
    col->kind = GSAE_COL_STRING;
    GSAE_TRY_ALLOC(col->str, count ? count : 1, "string column");
    GSAE_TRY(read_strings(d, ft, count, col->str, dset, file));
  } else {
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: dataset %s holds neither numbers nor strings", file, dset));
  }
  GSAE_TRY(optional_text(fid, dset, "description", &col->description, file));
  GSAE_TRY(optional_text(fid, dset, "parameter_kind", &col->parameter_kind, file));
cleanup:
  free(tmp);
  H5Tclose(ft);
  H5Sclose(space);
  H5Dclose(d);
  if (st != GSAE_OK) gsae_column_free(col);
  return st;
}

void gsae_column_free(gsae_column *col) {
  if (col->str)
    for (size_t i = 0; i < col->count; ++i) free(col->str[i]);
  free(col->str);
  free(col->num);
  free(col->name);
  free(col->description);
  free(col->parameter_kind);
  memset(col, 0, sizeof *col);
}

typedef struct {
  char **names;
  size_t count, cap;
  int oom;
  int columns_only; /* keep 1-D datasets only (else every hard link) */
} name_list;

static int is_column(hid_t group, const char *name) {
  hid_t o = H5Oopen(group, name, H5P_DEFAULT);
  if (o < 0) return 0;
  int column = 0;
  if (H5Iget_type(o) == H5I_DATASET) {
    hid_t s = H5Dget_space(o);
    column = H5Sget_simple_extent_ndims(s) == 1;
    H5Sclose(s);
  }
  H5Oclose(o);
  return column;
}

static herr_t collect(hid_t group, const char *name, const H5L_info_t *info, void *data) {
  name_list *l = data;
  if (info->type != H5L_TYPE_HARD) return 0;
  if (l->columns_only && !is_column(group, name)) return 0;
  if (l->count == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 32;
    char **n = realloc(l->names, cap * sizeof *n);
    if (!n) {
      l->oom = 1;
      return -1;
    }
    l->names = n;
    l->cap = cap;
  }
  if (!(l->names[l->count] = dup_text(name, "column name"))) {
    l->oom = 1;
    return -1;
  }
  l->count++;
  return 0;
}

gsae_status gsae_link_list(hid_t fid, const char *group, int columns_only, char ***names, size_t *count,
                           const char *file) {
  *names = NULL;
  *count = 0;
  if (!gsae_h5_exists(fid, group)) return gsae_fail(GSAE_ERR_DATA, "%s: group %s is missing", file, group);
  hid_t g = H5Gopen2(fid, group, H5P_DEFAULT);
  if (g < 0) return gsae_fail(GSAE_ERR_DATA, "%s: %s is not a group", file, group);
  name_list l = {0};
  l.columns_only = columns_only;
  hsize_t idx = 0;
  herr_t e = H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect, &l);
  if (e < 0 && !l.oom && l.count == 0) { /* creation order not tracked: by name */
    idx = 0;
    e = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &l);
  }
  H5Gclose(g);
  if (e < 0) {
    gsae_column_names_free(l.names, l.count);
    if (l.oom) return gsae_fail(GSAE_ERR_MEMORY, "out of memory listing %s in %s", group, file);
    return gsae_fail(GSAE_ERR_DATA, "%s: cannot list group %s (corrupt file?)", file, group);
  }
  *names = l.names;
  *count = l.count;
  return GSAE_OK;
}

gsae_status gsae_column_list(hid_t fid, const char *group, char ***names, size_t *count, const char *file) {
  return gsae_link_list(fid, group, 1, names, count, file);
}

void gsae_column_names_free(char **names, size_t count) {
  for (size_t i = 0; i < count; ++i) free(names[i]);
  free(names);
}
