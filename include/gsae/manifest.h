/* The sweep manifest <results>/<name>/sweep.h5: the spec text and every point's parameters.
 *
 *   root attrs  format = GSAE_FORMAT_SWEEP ("gsae-sweep"), format_version = 1, name, spec (the YAML text), points (P),
 *               provenance (gsae_version, git_commit, precision, command, written)
 *   /points/index     (P,) int64     position in the expanded grid (job array index)
 *   /points/id        (P,) string    16 hex digits; the point's run file is points/<id>.h5
 *   /points/data_id   (P,) string    16 hex digits; its data set is data/<data_id>.h5
 *   /points/<param>   (P,) float64   one per parameter of the gsae_param table (INT and REAL kinds;
 *                                    NaN = unset), or fixed-length string (ENUM kind: the choice
 *                                    name, "" = unset); attrs description, parameter_kind
 *                                    (int | real | enum), scope (data | train | run), and choices
 *                                    (ENUM: "group,soft,relu")
 *
 * The same /points columns open the summary that `gsae merge` writes (include/gsae/merge.h). */
#ifndef GSAE_MANIFEST_H
#define GSAE_MANIFEST_H

#include <hdf5.h>
#include <stddef.h>

#include "gsae/error.h"
#include "gsae/sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rank-0 only; written to a unique temporary name (path.<host>.<pid>.tmp) and renamed into place,
 * so concurrent writers (SLURM array tasks) are safe. The provenance `command` is this process's
 * command line (from /proc/self/cmdline where available). */
gsae_status gsae_manifest_write(const char *path, const char *name, const char *spec_text, const gsae_point *pts,
                                size_t count);

/* Allocates *name, *spec_text, *pts (caller frees); errors name the file and object. The file is
 * opened read-only with HDF5 file locking off. */
gsae_status gsae_manifest_read(const char *path, char **name, char **spec_text, gsae_point **pts, size_t *count);

/* The point columns alone, under `group` (created here), for the manifest and the summary. */
gsae_status gsae_points_write(hid_t fid, const char *group, const gsae_point *pts, size_t count, const char *file);
/* Reads `count` points (every column must have that length) into pts[0..count). */
gsae_status gsae_points_read(hid_t fid, const char *group, gsae_point *pts, size_t count, const char *file);

/* 1 if parameter p takes more than one value over pts[0..count) (NaN counts as a value). */
int gsae_points_vary(const gsae_point *pts, size_t count, size_t p);

#ifdef __cplusplus
}
#endif
#endif
