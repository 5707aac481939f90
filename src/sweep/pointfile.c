/* Point files: checking a file's kind, moving damaged ones aside, recording failures. (Their
 * status is read with gsae_outcome_read, include/gsae/outcome.h.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsae/h5.h"
#include "gsae/h5shared.h"
#include "gsae/schema.h"
#include "pointfile.h"

int pointfile_check(const char *path, const char *format, char *reason, size_t cap) {
  if (access(path, F_OK) != 0) return 0;
  hid_t fid; /* opened with file locking off: a live writer may hold it */
  if (gsae_h5_open_shared(path, &fid) != GSAE_OK) {
    snprintf(reason, cap, "%s", gsae_error_message());
    return -1;
  }
  char kind[64] = "";
  int ok = gsae_format_read(fid, kind, sizeof kind, path) == GSAE_OK && strcmp(kind, format) == 0;
  H5Fclose(fid);
  if (!ok) snprintf(reason, cap, "%s: not a %s file (format attribute '%s')", path, format, kind);
  return ok ? 1 : -1;
}

gsae_status pointfile_mark_failed(const char *path, const gsae_run_labels *labels, const char *reason) {
  char why[1024];
  gsae_status st = GSAE_OK, cst = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  if (pointfile_check(path, GSAE_FORMAT_RUN, why, sizeof why) == 1) {
    GSAE_CALL(gsae_h5_open(path, MPI_COMM_NULL, 1, &fid));
  } else {
    GSAE_CALL(gsae_h5_create(path, MPI_COMM_NULL, &fid));
    GSAE_TRY(gsae_format_write(fid, GSAE_FORMAT_RUN, 1, path));
    GSAE_TRY(gsae_run_labels_write(fid, labels));
  }
  GSAE_TRY(gsae_run_status_write(fid, GSAE_RUN_FAILED, reason));
cleanup:
  cst = gsae_h5_close(fid, path);
  return st != GSAE_OK ? st : cst;
}
