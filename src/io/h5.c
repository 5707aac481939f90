/* HDF5 helpers with one-line errors; see include/gsae/h5.h. */
#include "gsae/h5.h"

#include "gsae/dist.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void gsae_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

static hid_t make_fapl(MPI_Comm comm) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (comm != MPI_COMM_NULL) H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  return fapl;
}

static gsae_status check_access(const char *path, int writable) {
  if (access(path, F_OK) != 0) return gsae_fail(GSAE_ERR_IO, "%s: no such file", path);
  if (access(path, writable ? (R_OK | W_OK) : R_OK) != 0)
    return gsae_fail(GSAE_ERR_IO, "%s: permission denied (%s)", path, strerror(errno));
  return GSAE_OK;
}

gsae_status gsae_h5_open(const char *path, MPI_Comm comm, int writable, hid_t *fid) {
  *fid = H5I_INVALID_HID;
  gsae_status st = check_access(path, writable);
  /* a collective open must not start on some ranks only */
  if (comm != MPI_COMM_NULL) st = gsae_dist_agree(comm, st);
  if (st != GSAE_OK) return st;
  hid_t fapl = make_fapl(comm);
  *fid = H5Fopen(path, writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl);
  H5Pclose(fapl);
  if (*fid < 0) {
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) return gsae_fail(GSAE_ERR_IO, "%s: not an HDF5 file (or its header is corrupt)", path);
    return gsae_fail(GSAE_ERR_IO, "%s: HDF5 file cannot be opened (truncated or corrupt)", path);
  }
  return GSAE_OK;
}

gsae_status gsae_h5_create(const char *path, MPI_Comm comm, hid_t *fid) {
  hid_t fapl = make_fapl(comm);
  *fid = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (*fid < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create file (check the directory exists and is writable)", path);
  return GSAE_OK;
}

gsae_status gsae_h5_memory_create(const char *name, hid_t *fid) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(fapl, 1 << 20, 0); /* grow by 1 MiB, no backing store: nothing touches the disk */
  *fid = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (*fid < 0) return gsae_fail(GSAE_ERR_MEMORY, "%s: cannot create the file in memory", name);
  return GSAE_OK;
}

/* write(2) all of buf, retrying short writes; errno is kept on failure. */
static int write_all(int fd, const unsigned char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

gsae_status gsae_h5_memory_save(hid_t fid, const char *path) {
  gsae_status st = GSAE_OK;
  unsigned char *image = NULL;
  int fd = -1, created = 0;
  ssize_t size = H5Fflush(fid, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(fid, NULL, 0);
  if (size > 0) image = malloc((size_t)size);
  const int taken = size > 0 && image && H5Fget_file_image(fid, image, (size_t)size) == size;
  H5Fclose(fid);
  if (!taken) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "%s: cannot take the image of the file built in memory", path));
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot create (%s)", path, strerror(errno)));
  created = 1;
  if (write_all(fd, image, (size_t)size) != 0 || fsync(fd) != 0)
    GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot write %zd bytes (%s)", path, size, strerror(errno)));
  const int closed = close(fd);
  fd = -1;
  if (closed != 0) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: close failed (%s)", path, strerror(errno)));
cleanup:
  if (fd >= 0) close(fd); /* after a failed write */
  if (st != GSAE_OK && created) remove(path);
  free(image);
  return st;
}

gsae_status gsae_h5_close(hid_t fid, const char *path) {
  if (fid < 0) return GSAE_OK;
  if (H5Fclose(fid) < 0) return gsae_fail(GSAE_ERR_IO, "%s: error while closing (disk full?)", path);
  return GSAE_OK;
}

int gsae_h5_exists(hid_t fid, const char *path) {
  /* check each component so that a missing group is not an error */
  char buf[512];
  size_t len = strlen(path);
  if (len >= sizeof buf) return 0;
  memcpy(buf, path, len + 1);
  for (size_t i = 1; i <= len; ++i) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (H5Lexists(fid, buf, H5P_DEFAULT) <= 0) return 0;
      buf[i] = c;
    }
  }
  return 1;
}

gsae_status gsae_h5_ensure_groups(hid_t fid, const char *path, const char *file) {
  char buf[512];
  size_t len = strlen(path);
  if (len >= sizeof buf) return gsae_fail(GSAE_ERR_ARG, "%s: object path too long: %s", file, path);
  memcpy(buf, path, len + 1);
  for (size_t i = 1; i < len; ++i) {
    if (buf[i] != '/') continue;
    buf[i] = '\0';
    if (H5Lexists(fid, buf, H5P_DEFAULT) <= 0) {
      hid_t g = H5Gcreate2(fid, buf, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      if (g < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create group %s", file, buf);
      H5Gclose(g);
    }
    buf[i] = '/';
  }
  return GSAE_OK;
}

gsae_status gsae_h5_shape(hid_t fid, const char *dset, int rank, hsize_t *dims, const char *file) {
  if (!gsae_h5_exists(fid, dset)) return gsae_fail(GSAE_ERR_DATA, "%s: dataset %s is missing", file, dset);
  hid_t d = H5Dopen2(fid, dset, H5P_DEFAULT);
  if (d < 0) return gsae_fail(GSAE_ERR_DATA, "%s: %s is not a readable dataset", file, dset);
  hid_t s = H5Dget_space(d);
  int r = H5Sget_simple_extent_ndims(s);
  gsae_status st = GSAE_OK;
  if (r != rank) {
    st = gsae_fail(GSAE_ERR_DATA, "%s: dataset %s has %d dimensions, expected %d", file, dset, r, rank);
  } else {
    H5Sget_simple_extent_dims(s, dims, NULL);
  }
  H5Sclose(s);
  H5Dclose(d);
  return st;
}

gsae_status gsae_h5_create_dataset(hid_t fid, const char *dset, hid_t type, int rank, const hsize_t *dims,
                                   const char *description, const char *file) {
  GSAE_CALL(gsae_h5_ensure_groups(fid, dset, file));
  hid_t space = H5Screate_simple(rank, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(dcpl, 0);
  H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER);
  hid_t d = H5Dcreate2(fid, dset, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (d < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create dataset %s", file, dset);
  H5Dclose(d);
  if (description) GSAE_CALL(gsae_h5_attr_write_string(fid, dset, "description", description));
  return GSAE_OK;
}

static gsae_status rows_io(hid_t fid, const char *dset, hid_t memtype, size_t row0, size_t rows, void *buf,
                           int collective, const char *file, int write) {
  hid_t d = H5Dopen2(fid, dset, H5P_DEFAULT);
  if (d < 0) return gsae_fail(GSAE_ERR_DATA, "%s: dataset %s is missing", file, dset);
  hid_t fspace = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(fspace);
  hsize_t dims[8], start[8] = {0}, count[8];
  if (rank < 1 || rank > 8) {
    H5Sclose(fspace);
    H5Dclose(d);
    return gsae_fail(GSAE_ERR_DATA, "%s: dataset %s has unsupported rank %d", file, dset, rank);
  }
  H5Sget_simple_extent_dims(fspace, dims, NULL);
  gsae_status st = GSAE_OK;
  if (row0 + rows > dims[0]) {
    st = gsae_fail(GSAE_ERR_DATA, "%s: rows [%zu, %zu) requested from %s, which has %llu rows", file, row0,
                   row0 + rows, dset, (unsigned long long)dims[0]);
  } else {
    hsize_t memcount = rows;
    for (int k = 0; k < rank; ++k) count[k] = dims[k];
    for (int k = 1; k < rank; ++k) memcount *= dims[k];
    start[0] = row0;
    count[0] = rows;
    hid_t mspace = H5Screate_simple(1, &memcount, NULL);
    if (rows == 0) {
      H5Sselect_none(fspace);
      H5Sselect_none(mspace);
    } else {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL);
    }
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    if (collective) H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
    herr_t e = write ? H5Dwrite(d, memtype, mspace, fspace, dxpl, buf) : H5Dread(d, memtype, mspace, fspace, dxpl, buf);
    if (e < 0)
      st = gsae_fail(GSAE_ERR_IO, "%s: %s of %s failed (truncated or corrupt file, or disk full)", file,
                     write ? "write" : "read", dset);
    H5Pclose(dxpl);
    H5Sclose(mspace);
  }
  H5Sclose(fspace);
  H5Dclose(d);
  return st;
}

gsae_status gsae_h5_read_rows(hid_t fid, const char *dset, hid_t memtype, size_t row0, size_t rows, void *buf,
                              int collective, const char *file) {
  return rows_io(fid, dset, memtype, row0, rows, buf, collective, file, 0);
}

gsae_status gsae_h5_write_rows(hid_t fid, const char *dset, hid_t memtype, size_t row0, size_t rows,
                               const void *buf, int collective, const char *file) {
  return rows_io(fid, dset, memtype, row0, rows, (void *)buf, collective, file, 1);
}

static gsae_status attr_write(hid_t fid, const char *obj, const char *name, hid_t type, const void *value) {
  if (H5Aexists_by_name(fid, obj, name, H5P_DEFAULT) > 0) H5Adelete_by_name(fid, obj, name, H5P_DEFAULT);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate_by_name(fid, obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Sclose(space);
  if (a < 0) return gsae_fail(GSAE_ERR_IO, "cannot create attribute %s on %s", name, obj);
  herr_t e = H5Awrite(a, type, value);
  H5Aclose(a);
  if (e < 0) return gsae_fail(GSAE_ERR_IO, "cannot write attribute %s on %s", name, obj);
  return GSAE_OK;
}

gsae_status gsae_h5_attr_write_double(hid_t fid, const char *obj, const char *name, double value) {
  return attr_write(fid, obj, name, H5T_NATIVE_DOUBLE, &value);
}

gsae_status gsae_h5_attr_write_int(hid_t fid, const char *obj, const char *name, int64_t value) {
  return attr_write(fid, obj, name, H5T_NATIVE_INT64, &value);
}

gsae_status gsae_h5_attr_write_string(hid_t fid, const char *obj, const char *name, const char *value) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, strlen(value) + 1);
  H5Tset_strpad(t, H5T_STR_NULLTERM);
  gsae_status st = attr_write(fid, obj, name, t, value);
  H5Tclose(t);
  return st;
}

static gsae_status attr_open(hid_t fid, const char *obj, const char *name, const char *file, hid_t *a) {
  if (H5Aexists_by_name(fid, obj, name, H5P_DEFAULT) <= 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute %s is missing on %s", file, name, obj);
  *a = H5Aopen_by_name(fid, obj, name, H5P_DEFAULT, H5P_DEFAULT);
  if (*a < 0) return gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj);
  return GSAE_OK;
}

static const char *class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "an integer";
    case H5T_FLOAT: return "a float";
    case H5T_STRING: return "a string";
    case H5T_ENUM: return "an enum (a boolean?)";
    case H5T_COMPOUND: return "a compound";
    case H5T_ARRAY: return "an array type";
    case H5T_VLEN: return "a variable-length sequence";
    default: return "of another HDF5 class";
  }
}

/* The attribute a holds one value of a class in `want` (a bit per H5T_class_t); else one line:
 * "FILE: attribute 'groups' is an array of 3, expected a scalar integer". */
static gsae_status attr_check(hid_t a, unsigned want, const char *expected, const char *obj, const char *name,
                              const char *file) {
  hid_t sp = H5Aget_space(a), t = H5Aget_type(a);
  H5S_class_t sc = sp < 0 ? H5S_NO_CLASS : H5Sget_simple_extent_type(sp);
  hssize_t n = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
  H5T_class_t tc = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
  if (sp >= 0) H5Sclose(sp);
  if (t >= 0) H5Tclose(t);
  const char *where = strcmp(obj, "/") && strcmp(obj, ".") ? obj : "";
  if (sc == H5S_NULL || n == 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute '%s'%s%s has no value, expected %s", file, name, *where ? " of " : "",
                     where, expected);
  if (sc != H5S_SCALAR && !(sc == H5S_SIMPLE && n == 1))
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute '%s'%s%s is an array of %lld, expected %s", file, name,
                     *where ? " of " : "", where, (long long)n, expected);
  if (tc < 0 || tc >= 32 || !(want & (1u << tc)))
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute '%s'%s%s is %s, expected %s", file, name, *where ? " of " : "", where,
                     class_name(tc), expected);
  return GSAE_OK;
}

#define CLASS(c) (1u << (c))

gsae_status gsae_h5_attr_read_double(hid_t fid, const char *obj, const char *name, double *value, const char *file) {
  hid_t a = H5I_INVALID_HID;
  GSAE_CALL(attr_open(fid, obj, name, file, &a));
  gsae_status st = GSAE_OK;
  GSAE_TRY(attr_check(a, CLASS(H5T_FLOAT) | CLASS(H5T_INTEGER), "a scalar number", obj, name, file));
  if (H5Aread(a, H5T_NATIVE_DOUBLE, value) < 0)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
cleanup:
  H5Aclose(a);
  return st;
}

gsae_status gsae_h5_attr_read_int(hid_t fid, const char *obj, const char *name, int64_t *value, const char *file) {
  hid_t a = H5I_INVALID_HID;
  GSAE_CALL(attr_open(fid, obj, name, file, &a));
  gsae_status st = GSAE_OK;
  GSAE_TRY(attr_check(a, CLASS(H5T_FLOAT) | CLASS(H5T_INTEGER), "a scalar integer", obj, name, file));
  double x = 0; /* read as a double: a float attribute counts when it holds a whole number */
  if (H5Aread(a, H5T_NATIVE_DOUBLE, &x) < 0)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
  if (!(x == floor(x) && fabs(x) <= 9007199254740992.0))
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute '%s' is %.15g, expected an integer", file, name, x));
  if (H5Aread(a, H5T_NATIVE_INT64, value) < 0) /* exact above 2^53 too, for integer attributes */
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
cleanup:
  H5Aclose(a);
  return st;
}

gsae_status gsae_h5_attr_read_text(hid_t fid, const char *obj, const char *name, char **value, const char *file) {
  *value = NULL;
  hid_t a = H5I_INVALID_HID, ft = H5I_INVALID_HID, mt = H5I_INVALID_HID;
  GSAE_CALL(attr_open(fid, obj, name, file, &a));
  gsae_status st = GSAE_OK;
  char *vl = NULL, *buf = NULL;
  GSAE_TRY(attr_check(a, CLASS(H5T_STRING), "a string", obj, name, file));
  ft = H5Aget_type(a);
  mt = H5Tcopy(H5T_C_S1);
  if (ft < 0 || mt < 0) GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
  H5Tset_cset(mt, H5Tget_cset(ft));
  if (H5Tis_variable_str(ft) > 0) { /* as h5py writes a str */
    H5Tset_size(mt, H5T_VARIABLE);
    if (H5Aread(a, mt, &vl) < 0)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
    size_t len = vl ? strlen(vl) : 0;
    GSAE_TRY_ALLOC(buf, len + 1, "attribute text");
    if (len) memcpy(buf, vl, len);
  } else { /* fixed length, NULLTERM, NULLPAD (np.bytes_) or SPACEPAD: read one byte wider, NUL-terminated */
    size_t size = H5Tget_size(ft);
    if (size == 0 || size > ((size_t)1 << 26))
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute '%s' is a string of %zu bytes", file, name, size));
    H5Tset_size(mt, size + 1);
    H5Tset_strpad(mt, H5T_STR_NULLTERM);
    GSAE_TRY_ALLOC(buf, size + 1, "attribute text");
    if (H5Aread(a, mt, buf) < 0)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: attribute %s on %s is unreadable", file, name, obj));
    buf[size] = '\0';
  }
  *value = buf;
  buf = NULL;
cleanup:
  if (vl) H5free_memory(vl);
  free(buf);
  if (mt >= 0) H5Tclose(mt);
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return st;
}

gsae_status gsae_h5_attr_read_string(hid_t fid, const char *obj, const char *name, char *buf, size_t cap,
                                     const char *file) {
  char *v = NULL;
  GSAE_CALL(gsae_h5_attr_read_text(fid, obj, name, &v, file));
  snprintf(buf, cap, "%s", v);
  free(v);
  return GSAE_OK;
}

gsae_status gsae_h5_trace_create(hid_t fid, const char *dset, const char *description, const char *units,
                                 const char *file) {
  GSAE_CALL(gsae_h5_ensure_groups(fid, dset, file));
  hsize_t dims = 0, maxdims = H5S_UNLIMITED, chunk = 256;
  hid_t space = H5Screate_simple(1, &dims, &maxdims);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, &chunk);
  H5Pset_obj_track_times(dcpl, 0);
  hid_t d = H5Dcreate2(fid, dset, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (d < 0) return gsae_fail(GSAE_ERR_IO, "%s: cannot create trace %s", file, dset);
  H5Dclose(d);
  GSAE_CALL(gsae_h5_attr_write_string(fid, dset, "description", description));
  GSAE_CALL(gsae_h5_attr_write_string(fid, dset, "units", units));
  return GSAE_OK;
}

gsae_status gsae_h5_trace_write(hid_t fid, const char *dset, size_t at, const double *values, size_t count,
                                const char *file) {
  hid_t d = H5Dopen2(fid, dset, H5P_DEFAULT);
  if (d < 0) return gsae_fail(GSAE_ERR_DATA, "%s: trace %s is missing", file, dset);
  hsize_t size = at + count, start = at, cnt = count;
  gsae_status st = GSAE_OK;
  if (H5Dset_extent(d, &size) < 0) {
    st = gsae_fail(GSAE_ERR_IO, "%s: cannot extend trace %s", file, dset);
  } else if (count > 0) {
    hid_t fspace = H5Dget_space(d);
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, NULL, &cnt, NULL);
    hid_t mspace = H5Screate_simple(1, &cnt, NULL);
    if (H5Dwrite(d, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, values) < 0)
      st = gsae_fail(GSAE_ERR_IO, "%s: cannot write trace %s (disk full?)", file, dset);
    H5Sclose(mspace);
    H5Sclose(fspace);
  }
  H5Dclose(d);
  return st;
}
