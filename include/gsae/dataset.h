/* A data set in memory, sharded by rows across the ranks of a communicator.
 *
 *   Y        (rows, n)        this rank's samples, one per row (global rows first .. first+rows)
 *   A_true   (m, n)           A*^T, replicated (atom j = row j), present when has_truth
 *   support  (rows, active)   sorted 0-based active group indices of this rank's samples
 *   coef     (rows, active, group_size)  coefficients of those groups
 *   labels   (rows,)          class label of each of this rank's samples, or NULL (imported data)
 *
 * Imported data (gsae import-idx) have has_truth == 0: no A_true, support or coef, and the group
 * attributes (groups, group_size, active, m) are 0; labels and the image shape may be present.
 *
 * The generative model of section 4.1 (gsae_generate) and the HDF5 reader/writer
 * (gsae_dataset_read / gsae_dataset_write) both fill this struct; see docs/hdf5-layout.md. */
#ifndef GSAE_DATASET_H
#define GSAE_DATASET_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"
#include "gsae/real.h"
#include "gsae/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  size_t n;          /* data dimension */
  size_t groups;     /* Gamma */
  size_t group_size; /* d */
  size_t active;     /* gamma: active groups per sample */
  size_t samples;    /* N */
  double snr_db;     /* 10 log10(||A*X*||_F^2 / ||noise||_F^2) over the data set */
  uint64_t seed;
  double bmin, bmax; /* group norms c ~ U(bmin, bmax) */
  double coherence;  /* target block coherence mu_B of A* in (0, 1], or NaN = unset (independent
                        random atoms); reached within 1% by mixing in a shared block (generate.c) */
  int orthonormal_groups; /* 1: each group's d columns orthonormal (A_g^T A_g = I), 0: unit columns */
} gsae_gen_params;

/* The settings rows of gsae_gen_params (src/data/gen_settings.c), one per field. */
extern const gsae_setting gsae_gen_settings[];
extern const size_t gsae_gen_settings_count;

/* The paper's defaults (section 4.1), from the rows: n=950, Gamma=500, d=2, gamma=3, N=10000,
 * B in [4,5], SNR 10 dB, seed 0; no coherence target (NaN), unit-norm columns. */
gsae_gen_params gsae_gen_defaults(void);
/* One error line for the first impossible parameter, named as a flag or a spec key. */
gsae_status gsae_gen_validate(const gsae_gen_params *p, gsae_setting_style style);

typedef struct {
  gsae_gen_params params; /* for generated or stored synthetic data */
  size_t n, m, group_size, groups, active, total;
  size_t first, rows;
  gsae_real *Y;
  int has_truth;
  gsae_real *A_true;
  int32_t *support;
  gsae_real *coef;
  double noise_std;       /* per-entry standard deviation of the added noise */
  double snr_db_measured; /* measured over the whole data set */
  double block_coherence; /* mu_B of A* (eq. 3) */
  double coherence_mix;   /* the mixing weight t of the shared block that gave A* (0 without a target) */
  /* data without a ground truth (has_truth == 0), e.g. images imported by gsae import-idx */
  int32_t *labels;               /* (rows,) or NULL: /data/labels, written when non-NULL (has_truth == 0) */
  size_t image_rows, image_cols; /* each sample is an image_rows x image_cols image, row-major (n = their
                                    product); 0 when the samples are not images */
  const char *source;            /* write only (root attribute `source`, not read back): where the data
                                    came from, or NULL; not freed */
  const char *scale;             /* write only (root attribute `scale` and /data/Y's units): how the
                                    values were scaled, e.g. "pixel / 255", or NULL; not freed */
  /* codes from gsae encode (encode.h), read only: root attributes `representation` ("codes",
   * "codes-plus" or "group-norms"; "" for other data) and `code_group_size` (entries per group of
   * the codes; 0 when absent) */
  char representation[32];
  size_t code_group_size;
} gsae_dataset;

void gsae_dataset_free(gsae_dataset *ds);

/* What a sweep needs to know of a data set file before any work, read by one process. */
typedef struct {
  char content_id[17]; /* 16 hex digits: a 64-bit hash of /data/Y's values as float64 and
                          /data/labels' (with their shapes), so a renamed or moved file has the same
                          id and a file with other values has another */
  size_t samples, n;   /* /data/Y's shape */
  int has_truth;       /* /truth/A is there */
  int has_labels;      /* /data/labels is there */
} gsae_dataset_probe;

/* Fails when the file is missing or not a gsae-dataset. */
gsae_status gsae_dataset_probe_file(const char *path, gsae_dataset_probe *probe);

/* Generate this rank's shard (and the replicated A*) of the model of section 4.1. Every draw is
 * a function of (seed, sample index), so the data are identical for any number of ranks. */
gsae_status gsae_generate(MPI_Comm comm, const gsae_gen_params *p, gsae_dataset *ds);

/* Collective parallel HDF5 write of the whole data set (each rank writes its shard). Writes to
 * path + ".partial" and renames on success, so a failed write never leaves a complete-looking file.
 * `command` is recorded as provenance. With has_truth == 0 only /data/Y (and /data/labels when
 * labels != NULL) and the attributes n, samples, image_rows, image_cols, source, scale are written. */
gsae_status gsae_dataset_write(MPI_Comm comm, const char *path, const gsae_dataset *ds, const char *command);

/* Collective read: every rank reads only its hyperslab of /data/Y (and of /truth/support and
 * /data/labels when present). Checks shapes, attributes and that Y is finite; errors name the file
 * and dataset. image_rows / image_cols are read when the file has them. */
gsae_status gsae_dataset_read(MPI_Comm comm, const char *path, gsae_dataset *ds);

#ifdef __cplusplus
}
#endif
#endif
