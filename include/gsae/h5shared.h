/* Files shared between processes: read while another process writes them, and replaced
 * atomically while others may read or write the same name.
 *
 * Reading: HDF5 1.10 locks a file that is open for writing, and a second process that opens it
 * (even read-only) fails. A sweep's point files are written by running jobs while `gsae merge`
 * and `gsae inspect` read them, so readers open with file locking off (H5Pset_file_locking on
 * HDF5 >= 1.10.7; on older versions HDF5_USE_FILE_LOCKING=FALSE is put in the environment, unless
 * the user set it). The reader sees the state of the writer's last flush.
 *
 * Replacing: the file is written under a unique temporary name PATH.<host>.<pid>.tmp in the same
 * directory, flushed to disk and renamed over PATH, so a reader or a concurrent writer (SLURM
 * array tasks writing the same manifest) only ever sees a complete file. */
#ifndef GSAE_H5SHARED_H
#define GSAE_H5SHARED_H

#include <hdf5.h>
#include <stddef.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Open an existing file read-only, by this process alone, with file locking off. The error says
 * missing / not HDF5 / truncated or corrupt. */
gsae_status gsae_h5_open_shared(const char *path, hid_t *fid);

/* Create the temporary file for PATH (its name, at most cap bytes, goes to tmp). */
gsae_status gsae_h5_replace_begin(const char *path, char *tmp, size_t cap, hid_t *fid);
/* Close, fsync and rename tmp over path; on any failure tmp is removed. */
gsae_status gsae_h5_replace_commit(hid_t fid, const char *tmp, const char *path);
/* Close (if open) and remove tmp after a failed write; the message of the failure is kept. */
void gsae_h5_replace_abort(hid_t fid, const char *tmp);

#ifdef __cplusplus
}
#endif
#endif
