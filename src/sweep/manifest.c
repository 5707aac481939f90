/* The sweep manifest sweep.h5 and the point columns it shares with the summary; layout in
 * include/gsae/manifest.h and docs/hdf5-layout.md. */
#include "gsae/manifest.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/columns.h"
#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/provenance.h"
#include "gsae/schema.h"

#define MANIFEST_VERSION 1
#define ID_LEN 16
/* An attribute lives in its object's header, which HDF5 1.10 (1.8 file format) caps at 64 KiB. */
#define SPEC_MAX 60000


int gsae_points_vary(const gsae_point *pts, size_t count, size_t p) {
  for (size_t i = 1; i < count; ++i) {
    double a = pts[0].value[p], b = pts[i].value[p];
    if (isnan(a) != isnan(b) || (!isnan(a) && a != b)) return 1;
  }
  return 0;
}

static gsae_status write_param(hid_t fid, const char *group, size_t p, const gsae_point *pts, size_t count,
                               const char *file) {
  const gsae_setting *info = gsae_param(p);
  const char *name = gsae_setting_key(info);
  char dset[256];
  snprintf(dset, sizeof dset, "%s/%s", group, name);
  gsae_status st = GSAE_OK;
  const char **text = NULL;
  double *v = NULL;
  if (info->type == GSAE_SET_CHOICE) {
    size_t nchoices = 0;
    while (info->choices[nchoices]) ++nchoices;
    GSAE_TRY_ALLOC(text, count ? count : 1, "enum column");
    for (size_t i = 0; i < count; ++i) {
      double x = pts[i].value[p];
      if (isnan(x)) text[i] = "";
      else if (x >= 0 && x < (double)nchoices && x == floor(x)) text[i] = info->choices[(size_t)x];
      else GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: point %zu: %s = %g is not one of its choices", file, pts[i].index,
                              name, x));
    }
    GSAE_TRY(gsae_column_write_strings(fid, dset, text, count, info->help, file));
    char choices[512] = "";
    size_t len = 0;
    for (size_t c = 0; c < nchoices && len < sizeof choices; ++c)
      len += (size_t)snprintf(choices + len, sizeof choices - len, "%s%s", c ? "," : "", info->choices[c]);
    GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "choices", choices));
  } else {
    GSAE_TRY_ALLOC(v, count ? count : 1, "parameter column");
    for (size_t i = 0; i < count; ++i) v[i] = pts[i].value[p];
    GSAE_TRY(gsae_column_write_double(fid, dset, v, count, info->help, file));
  }
  GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "parameter_kind", gsae_setting_kind_name(info)));
  GSAE_TRY(gsae_h5_attr_write_string(fid, dset, "scope", gsae_setting_scope_name(info)));
cleanup:
  free(text);
  free(v);
  return st;
}

/* A text column from a char array field of every point (its offset in gsae_point). */
static gsae_status write_text_column(hid_t fid, const char *group, const char *name, const gsae_point *pts, size_t count,
                                     size_t offset, const char *description, const char *file) {
  const char **v = gsae_calloc(count ? count : 1, sizeof *v, name);
  if (!v) return GSAE_ERR_MEMORY;
  for (size_t i = 0; i < count; ++i) v[i] = (const char *)&pts[i] + offset;
  char dset[256];
  snprintf(dset, sizeof dset, "%s/%s", group, name);
  gsae_status st = gsae_column_write_strings(fid, dset, v, count, description, file);
  free(v);
  return st;
}

gsae_status gsae_points_write(hid_t fid, const char *group, const gsae_point *pts, size_t count, const char *file) {
  gsae_status st = GSAE_OK;
  int64_t *index = NULL;
  GSAE_TRY(gsae_column_group(fid, group, "one row per sweep point; columns of equal length P", file));
  char dset[256];
  GSAE_TRY_ALLOC(index, count ? count : 1, "index column");
  for (size_t i = 0; i < count; ++i) index[i] = (int64_t)pts[i].index;
  snprintf(dset, sizeof dset, "%s/index", group);
  GSAE_TRY(gsae_column_write_int(fid, dset, index, count,
                                 "position of the point in the expanded grid (the job array index)", file));
  GSAE_TRY(write_text_column(fid, group, "id", pts, count, offsetof(gsae_point, id),
                             "point id: 16 hex digits hashing the point's science parameters; its run file is "
                             "points/<id>.h5", file));
  GSAE_TRY(write_text_column(fid, group, "data_id", pts, count, offsetof(gsae_point, data_id),
                             "data set id: 16 hex digits hashing the data parameters; the data set is "
                             "data/<data_id>.h5", file));
  GSAE_TRY(write_text_column(fid, group, "data", pts, count, offsetof(gsae_point, data),
                             "data: the data set file of the point, as the spec names it (\"\" = generated)", file));
  GSAE_TRY(write_text_column(fid, group, "data_content", pts, count, offsetof(gsae_point, data_content),
                             "content id of the data file (16 hex digits, part of the point id; \"\" = generated)",
                             file));
  for (size_t p = 0; p < gsae_param_count(); ++p) GSAE_TRY(write_param(fid, group, p, pts, count, file));
cleanup:
  free(index);
  return st;
}

/* The process's own command line for provenance (the API has no argv): /proc/self/cmdline. */
static char *own_command_line(void) {
  FILE *f = fopen("/proc/self/cmdline", "rb");
  if (!f) return NULL;
  char buf[8192];
  size_t len = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[len] = '\0';
  char *argv[256];
  int argc = 0;
  for (size_t i = 0; i < len && argc < 256; i += strlen(buf + i) + 1) argv[argc++] = buf + i;
  return argc ? gsae_command_line(argc, argv) : NULL;
}

static gsae_status write_body(hid_t fid, const char *path, const char *name, const char *spec_text,
                              const gsae_point *pts, size_t count) {
  if (strlen(spec_text) > SPEC_MAX)
    return gsae_fail(GSAE_ERR_ARG, "%s: the spec text is %zu bytes; the manifest keeps at most %d", path,
                     strlen(spec_text), SPEC_MAX);
  for (size_t i = 0; i < count; ++i)
    if (strnlen(pts[i].id, sizeof pts[i].id) != ID_LEN || strnlen(pts[i].data_id, sizeof pts[i].data_id) != ID_LEN)
      return gsae_fail(GSAE_ERR_ARG, "%s: point %zu has no id (ids are %d hex digits)", path, pts[i].index, ID_LEN);
  GSAE_CALL(gsae_format_write(fid, GSAE_FORMAT_SWEEP, MANIFEST_VERSION, path));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "name", name));
  GSAE_CALL(gsae_h5_attr_write_string(fid, "/", "spec", spec_text));
  GSAE_CALL(gsae_h5_attr_write_int(fid, "/", "points", (int64_t)count));
  char *command = own_command_line();
  gsae_status st = gsae_provenance_write(fid, "/", MPI_COMM_NULL, 0, command ? command : "", "written");
  free(command);
  GSAE_CALL(st);
  GSAE_CALL(gsae_points_write(fid, "/points", pts, count, path));
  return GSAE_OK;
}

gsae_status gsae_manifest_write(const char *path, const char *name, const char *spec_text, const gsae_point *pts,
                                size_t count) {
  char tmp[4096];
  hid_t fid;
  GSAE_CALL(gsae_h5_replace_begin(path, tmp, sizeof tmp, &fid));
  gsae_status st = write_body(fid, path, name ? name : "", spec_text ? spec_text : "", pts, count);
  if (st != GSAE_OK) {
    gsae_h5_replace_abort(fid, tmp);
    return st;
  }
  return gsae_h5_replace_commit(fid, tmp, path);
}

/* Column `name` of `group`, checked to hold `count` entries. */
static gsae_status read_column(hid_t fid, const char *group, const char *name, size_t count, gsae_column *col,
                               const char *file) {
  char dset[256];
  snprintf(dset, sizeof dset, "%s/%s", group, name);
  GSAE_CALL(gsae_column_read(fid, dset, col, file));
  if (col->count != count) {
    size_t got = col->count;
    gsae_column_free(col);
    return gsae_fail(GSAE_ERR_DATA, "%s: %s has %zu entries, expected %zu (one per point)", file, dset, got, count);
  }
  return GSAE_OK;
}

static gsae_status read_ids(const gsae_column *col, size_t count, size_t which, gsae_point *pts, const char *group,
                            const char *file) {
  if (col->kind != GSAE_COL_STRING) return gsae_fail(GSAE_ERR_DATA, "%s: %s/%s is not a string column", file, group, col->name);
  for (size_t i = 0; i < count; ++i) {
    char *dst = which ? pts[i].data_id : pts[i].id;
    if (strlen(col->str[i]) != ID_LEN)
      return gsae_fail(GSAE_ERR_DATA, "%s: %s/%s[%zu] = '%s' is not a %d-digit id", file, group, col->name, i,
                       col->str[i], ID_LEN);
    memcpy(dst, col->str[i], ID_LEN + 1);
  }
  return GSAE_OK;
}

static gsae_status read_param(const gsae_column *col, size_t p, size_t count, gsae_point *pts,
                              const char *group, const char *file) {
  const gsae_setting *info = gsae_param(p);
  const char *name = gsae_setting_key(info);
  if (info->type != GSAE_SET_CHOICE) {
    if (col->kind == GSAE_COL_STRING)
      return gsae_fail(GSAE_ERR_DATA, "%s: %s/%s holds strings, expected numbers", file, group, name);
    for (size_t i = 0; i < count; ++i) pts[i].value[p] = col->num[i];
    return GSAE_OK;
  }
  if (col->kind != GSAE_COL_STRING)
    return gsae_fail(GSAE_ERR_DATA, "%s: %s/%s holds numbers, expected choice names", file, group, name);
  for (size_t i = 0; i < count; ++i) {
    const char *s = col->str[i];
    pts[i].value[p] = NAN;
    if (!s[0]) continue;
    int found = -1;
    for (int c = 0; info->choices[c]; ++c)
      if (strcmp(info->choices[c], s) == 0) found = c;
    if (found < 0)
      return gsae_fail(GSAE_ERR_DATA, "%s: %s/%s[%zu] = '%s' is not one of its choices", file, group, name, i, s);
    pts[i].value[p] = found;
  }
  return GSAE_OK;
}

/* The data columns into the points (manifests from before data: have none: generated). */
static gsae_status read_data_files(hid_t fid, const char *group, gsae_point *pts, size_t count, const char *file) {
  static const char *const names[] = {"data", "data_content"};
  for (size_t which = 0; which < 2; ++which) {
    char dset[256];
    snprintf(dset, sizeof dset, "%s/%s", group, names[which]);
    if (!gsae_h5_exists(fid, dset)) continue;
    gsae_column col;
    GSAE_CALL(read_column(fid, group, names[which], count, &col, file));
    gsae_status st = col.kind == GSAE_COL_STRING ? GSAE_OK
                                                : gsae_fail(GSAE_ERR_DATA, "%s: %s is not a string column", file, dset);
    for (size_t i = 0; i < count && st == GSAE_OK; ++i) {
      char *dst = which ? pts[i].data_content : pts[i].data;
      size_t cap = which ? sizeof pts[i].data_content : sizeof pts[i].data;
      if (strlen(col.str[i]) >= cap)
        st = gsae_fail(GSAE_ERR_DATA, "%s: %s[%zu] is longer than %zu characters", file, dset, i, cap - 1);
      else snprintf(dst, cap, "%s", col.str[i]);
    }
    gsae_column_free(&col);
    GSAE_CALL(st);
  }
  return GSAE_OK;
}

gsae_status gsae_points_read(hid_t fid, const char *group, gsae_point *pts, size_t count, const char *file) {
  gsae_column col;
  GSAE_CALL(read_column(fid, group, "index", count, &col, file));
  gsae_status st = GSAE_OK;
  if (col.kind == GSAE_COL_STRING) st = gsae_fail(GSAE_ERR_DATA, "%s: %s/index is not a number column", file, group);
  for (size_t i = 0; i < count && st == GSAE_OK; ++i) {
    if (!(col.num[i] >= 0)) st = gsae_fail(GSAE_ERR_DATA, "%s: %s/index[%zu] = %g is negative", file, group, i, col.num[i]);
    pts[i].index = (size_t)col.num[i];
  }
  gsae_column_free(&col);
  GSAE_CALL(st);
  for (size_t which = 0; which < 2; ++which) {
    GSAE_CALL(read_column(fid, group, which ? "data_id" : "id", count, &col, file));
    st = read_ids(&col, count, which, pts, group, file);
    gsae_column_free(&col);
    GSAE_CALL(st);
  }
  GSAE_CALL(read_data_files(fid, group, pts, count, file));
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    const char *name = gsae_setting_key(gsae_param(p));
    char dset[256];
    snprintf(dset, sizeof dset, "%s/%s", group, name);
    if ((gsae_param(p)->opts & GSAE_SET_OMIT_AT_DEFAULT) && !gsae_h5_exists(fid, dset)) {
      for (size_t i = 0; i < count; ++i) pts[i].value[p] = gsae_param_default(p); /* written before the key existed */
      continue;
    }
    GSAE_CALL(read_column(fid, group, name, count, &col, file));
    st = read_param(&col, p, count, pts, group, file);
    gsae_column_free(&col);
    GSAE_CALL(st);
  }
  return GSAE_OK;
}

static gsae_status read_body(hid_t fid, const char *path, char **name, char **spec_text, gsae_point **pts,
                             size_t *count) {
  int64_t version = 0, points = 0;
  GSAE_CALL(gsae_format_expect(fid, GSAE_FORMAT_SWEEP, "a sweep manifest", path));
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", GSAE_ATTR_FORMAT_VERSION, &version, path));
  if (version != MANIFEST_VERSION)
    return gsae_fail(GSAE_ERR_DATA, "%s: manifest format_version %lld, this gsae reads %d", path, (long long)version,
                     MANIFEST_VERSION);
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "points", &points, path));
  if (points < 0) return gsae_fail(GSAE_ERR_DATA, "%s: attribute points = %lld is negative", path, (long long)points);
  hsize_t rows = 0; /* the count a file declares, checked against its columns before it is allocated */
  GSAE_CALL(gsae_h5_shape(fid, "/points/id", 1, &rows, path));
  if ((hsize_t)points != rows)
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute points = %lld, but /points/id has %llu rows", path,
                     (long long)points, (unsigned long long)rows);
  GSAE_CALL(gsae_h5_attr_read_text(fid, "/", "name", name, path));
  GSAE_CALL(gsae_h5_attr_read_text(fid, "/", "spec", spec_text, path));
  GSAE_ALLOC(*pts, points ? (size_t)points : 1, "manifest points");
  *count = (size_t)points;
  GSAE_CALL(gsae_points_read(fid, "/points", *pts, *count, path));
  return GSAE_OK;
}

gsae_status gsae_manifest_read(const char *path, char **name, char **spec_text, gsae_point **pts, size_t *count) {
  *name = *spec_text = NULL;
  *pts = NULL;
  *count = 0;
  hid_t fid;
  GSAE_CALL(gsae_h5_open_shared(path, &fid));
  gsae_status st = read_body(fid, path, name, spec_text, pts, count);
  H5Fclose(fid);
  if (st != GSAE_OK) {
    free(*name);
    free(*spec_text);
    free(*pts);
    *name = *spec_text = NULL;
    *pts = NULL;
    *count = 0;
  }
  return st;
}
