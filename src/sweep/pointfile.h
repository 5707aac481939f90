/* The files of one sweep point on disk, as the runner sees them (internal to src/sweep). */
#ifndef GSAE_SWEEP_POINTFILE_H
#define GSAE_SWEEP_POINTFILE_H

#include <stddef.h>

#include "gsae/error.h"
#include "gsae/train.h"

/* 1 if `path` exists and opens as HDF5 with root attribute format == `format`; 0 if missing;
 * -1 if it exists but is unreadable or of another kind (reason says why). */
int pointfile_check(const char *path, const char *format, char *reason, size_t cap);

/* Record a failure that happened before (or outside) training: sets status = failed and the
 * reason on the run file, creating a minimal one (labels, no traces) if there is none. */
gsae_status pointfile_mark_failed(const char *path, const gsae_run_labels *labels, const char *reason);

#endif
