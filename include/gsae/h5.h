/* Thin HDF5 helpers that turn every failure into one gsae error line naming the file and object.
 *
 * Files are opened either collectively over a communicator (MPI-IO driver, used for data sets
 * that every rank reads or writes a shard of) or by a single process (comm == MPI_COMM_NULL,
 * used for run files and checkpoints that rank 0 owns). Object modification times are never
 * stored, so identical content gives identical bytes. */
#ifndef GSAE_H5_H
#define GSAE_H5_H

#include <hdf5.h>
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Silence HDF5's own error-stack printing (we report our own single line). */
void gsae_h5_quiet(void);

/* Open an existing file read-only (or read-write); the error says missing / not HDF5 / corrupt. */
gsae_status gsae_h5_open(const char *path, MPI_Comm comm, int writable, hid_t *fid);
/* Create (truncate) a file. */
gsae_status gsae_h5_create(const char *path, MPI_Comm comm, hid_t *fid);
gsae_status gsae_h5_close(hid_t fid, const char *path);

/* A file built in memory (HDF5 core driver) and then written to `path` with plain write(2) and
 * fsync: a full disk is an ordinary error with errno, and never leaves HDF5 holding a file it
 * could not close. memory_save always closes fid; on failure `path` is removed. */
gsae_status gsae_h5_memory_create(const char *name, hid_t *fid);
gsae_status gsae_h5_memory_save(hid_t fid, const char *path);

/* Create intermediate groups for a dataset path like "/truth/A". */
gsae_status gsae_h5_ensure_groups(hid_t fid, const char *path, const char *file);

/* Shape of a dataset; fails if missing or its rank is not `rank`. */
gsae_status gsae_h5_shape(hid_t fid, const char *dset, int rank, hsize_t *dims, const char *file);
int gsae_h5_exists(hid_t fid, const char *path);

/* Create a dataset of `rank` dims with element type `type`, contiguous, with a description. */
gsae_status gsae_h5_create_dataset(hid_t fid, const char *dset, hid_t type, int rank, const hsize_t *dims,
                                   const char *description, const char *file);

/* Read/write rows [row0, row0+rows) of a dataset whose first dimension is rows and the product of
 * the others is `cols`; `collective` selects MPI-IO collective transfer (every rank must call,
 * possibly with rows = 0). */
gsae_status gsae_h5_read_rows(hid_t fid, const char *dset, hid_t memtype, size_t row0, size_t rows,
                              void *buf, int collective, const char *file);
gsae_status gsae_h5_write_rows(hid_t fid, const char *dset, hid_t memtype, size_t row0, size_t rows,
                               const void *buf, int collective, const char *file);

/* Attributes on an object (path "/" for the root). Writing replaces an existing attribute. */
gsae_status gsae_h5_attr_write_double(hid_t fid, const char *obj, const char *name, double value);
gsae_status gsae_h5_attr_write_int(hid_t fid, const char *obj, const char *name, int64_t value);
gsae_status gsae_h5_attr_write_string(hid_t fid, const char *obj, const char *name, const char *value);
/* Reads check before they read: one value (a scalar, or a 1-element array), of the class asked for
 * (read_double: an integer or a float; read_int: an integer, or a float that holds a whole number;
 * strings: variable or fixed length, any padding, as h5py writes str and np.bytes_), else one line
 * "FILE: attribute 'groups' is an array of 3, expected a scalar integer". */
gsae_status gsae_h5_attr_read_double(hid_t fid, const char *obj, const char *name, double *value, const char *file);
gsae_status gsae_h5_attr_read_int(hid_t fid, const char *obj, const char *name, int64_t *value, const char *file);
/* The whole string, malloc'ed (the caller frees it). */
gsae_status gsae_h5_attr_read_text(hid_t fid, const char *obj, const char *name, char **value, const char *file);
/* Reads into buf (NUL-terminated, truncated to cap). */
gsae_status gsae_h5_attr_read_string(hid_t fid, const char *obj, const char *name, char *buf, size_t cap,
                                     const char *file);

/* Extendible 1-D double dataset (chunked, unlimited), for per-epoch traces. */
gsae_status gsae_h5_trace_create(hid_t fid, const char *dset, const char *description, const char *units,
                                 const char *file);
/* Write values[0..count) at offsets [at, at+count), growing or shrinking the extent to at+count. */
gsae_status gsae_h5_trace_write(hid_t fid, const char *dset, size_t at, const double *values, size_t count,
                                const char *file);

#ifdef __cplusplus
}
#endif
#endif
