/* Shared files: lock-free readers, atomic replacement; see include/gsae/h5shared.h. */
#include "gsae/h5shared.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* H5Pset_file_locking exists from 1.10.7 on the 1.10 branch and from 1.12.1 on. */
#if (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7) || \
    (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 12 && H5_VERS_RELEASE >= 1) || \
    (H5_VERS_MAJOR == 1 && H5_VERS_MINOR > 12) || H5_VERS_MAJOR > 1
#define GSAE_HAVE_FILE_LOCKING_API 1
#endif

gsae_status gsae_h5_open_shared(const char *path, hid_t *fid) {
  *fid = H5I_INVALID_HID;
  if (access(path, F_OK) != 0) return gsae_fail(GSAE_ERR_IO, "%s: no such file", path);
  if (access(path, R_OK) != 0) return gsae_fail(GSAE_ERR_IO, "%s: permission denied (%s)", path, strerror(errno));
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
#ifdef GSAE_HAVE_FILE_LOCKING_API
  H5Pset_file_locking(fapl, 0, 1);
#else
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 0); /* read by H5Fopen; a user's own setting wins */
#endif
  *fid = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  H5Pclose(fapl);
  if (*fid < 0) {
    if (H5Fis_hdf5(path) <= 0) return gsae_fail(GSAE_ERR_IO, "%s: not an HDF5 file (or its header is corrupt)", path);
    return gsae_fail(GSAE_ERR_IO, "%s: HDF5 file cannot be opened (truncated or corrupt)", path);
  }
  return GSAE_OK;
}

gsae_status gsae_h5_replace_begin(const char *path, char *tmp, size_t cap, hid_t *fid) {
  *fid = H5I_INVALID_HID;
  char host[256] = "host";
  if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "host");
  host[sizeof host - 1] = '\0';
  for (char *c = host; *c; ++c)
    if (*c == '/') *c = '_';
  int len = snprintf(tmp, cap, "%s.%s.%ld.tmp", path, host, (long)getpid());
  if (len < 0 || (size_t)len >= cap) return gsae_fail(GSAE_ERR_ARG, "%s: path too long", path);
  *fid = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (*fid < 0)
    return gsae_fail(GSAE_ERR_IO, "%s: cannot create %s (check the directory exists and is writable)", path, tmp);
  return GSAE_OK;
}

gsae_status gsae_h5_replace_commit(hid_t fid, const char *tmp, const char *path) {
  gsae_status st = GSAE_OK;
  if (H5Fclose(fid) < 0) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: error while closing %s (disk full?)", path, tmp));
  const int fd = open(tmp, O_RDONLY), synced = fd >= 0 && fsync(fd) == 0;
  if (fd >= 0) close(fd);
  if (!synced) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot sync %s to disk", path, tmp));
  if (rename(tmp, path) != 0)
    GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot move %s into place (%s)", path, tmp, strerror(errno)));
cleanup:
  if (st != GSAE_OK) remove(tmp);
  return st;
}

void gsae_h5_replace_abort(hid_t fid, const char *tmp) {
  if (fid >= 0) H5Fclose(fid);
  remove(tmp);
}
