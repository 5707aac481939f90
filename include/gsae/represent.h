/* Representations of samples for clustering (paper section 4.2, Table 1) and the trained unfolded
 * encoder that produces them (`gsae encode`, `gsae cluster --method strongest-group`).
 *
 * Codes X are (rows, m) row-major, m = groups * d, group g = columns g·d … g·d+d−1, as in
 * unfolded.h. Representations of one sample x (each row independently, so any split of the rows
 * over ranks gives the same bits):
 *
 *   codes        x as is                                         (rows, m)
 *   codes-plus   |x| / sum_j |x_j|  (the sum in double); an all-zero code stays zero  (rows, m)
 *   group-norms  ||x_g||_2 per group (sum of squares in double)  (rows, groups)
 *
 * Strongest group: argmax_g ||x_g||_2 (ties: the lowest g); an all-zero code goes to the extra
 * cluster `groups` ("none"). */
#ifndef GSAE_REPRESENT_H
#define GSAE_REPRESENT_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"
#include "gsae/real.h"
#include "gsae/unfolded.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_REPR_CODES = 0, GSAE_REPR_CODES_PLUS = 1, GSAE_REPR_GROUP_NORMS = 2 } gsae_repr_kind;

/* "codes" | "codes-plus" | "group-norms"; the parser returns -1 for an unknown name. */
extern const char *const gsae_repr_names[]; /* in the enum's order, NULL-terminated */
int gsae_repr_parse(const char *name);
const char *gsae_repr_name(gsae_repr_kind kind);

/* out (rows, m) = |X| / row sums of |X| (X and out may alias). *zero_rows (may be NULL) = rows of X
 * that are all zero (left zero). */
void gsae_repr_codes_plus(const gsae_real *X, size_t rows, size_t m, gsae_real *out, size_t *zero_rows);

/* out (rows, groups) = ||x_g||_2 of each group of d consecutive entries of X (rows, groups·d).
 * out must not alias X. */
void gsae_repr_group_norms(const gsae_real *X, size_t rows, size_t groups, size_t d, gsae_real *out);

/* labels[rows] = argmax_g ||x_g||_2 over the groups of X (rows, groups·d), ties to the lowest g,
 * all-zero rows (and only those) = groups. Norms are compared as double sums of squares (a
 * monotone function of the norm, so the argmax is the norm's). *zero_rows (may be NULL) counts the
 * all-zero rows. A row with a non-finite entry is an error (GSAE_ERR_DATA, naming the row). */
gsae_status gsae_repr_strongest_group(const gsae_real *X, size_t rows, size_t groups, size_t d, int32_t *labels,
                                      size_t *zero_rows);

/* Sparsity of codes X (rows, groups·d), as counts over the rows (add them across ranks exactly):
 * active_groups: groups with any nonzero entry; nonzero: nonzero entries; zero_rows: all-zero rows. */
typedef struct {
  uint64_t active_groups, nonzero, zero_rows;
} gsae_code_sparsity;
void gsae_repr_sparsity(const gsae_real *X, size_t rows, size_t groups, size_t d, gsae_code_sparsity *s);

/* Purity (many-to-one matching): each predicted cluster is given its majority class (ties: the
 * lowest class) and the fraction of the n rows in their cluster's class is returned. pred in
 * 0..k_pred-1, truth in 0..k_true-1 (checked). Unlike gsae_cluster_accuracy (one-to-one,
 * Hungarian), several clusters may share a class, so purity >= accuracy, with equality when
 * k_pred <= k_true and the majorities are distinct. n = 0 gives 1. */
gsae_status gsae_cluster_purity(const int32_t *pred, const int32_t *truth, size_t n, size_t k_pred, size_t k_true,
                                double *purity);

/* ---- the trained unfolded encoder of a run file (gsae train --encoder unfolded) ---- */

typedef struct {
  size_t n, m, groups, group_size, layers; /* A is (n, m), m = groups * group_size; K = layers */
  gsae_unfold_kind unfold;
  gsae_prox_kind prox;
  int nonneg;
  double lambda, eta;
  int center;   /* root attribute center (absent = 0): 1 = subtract mean from every sample before encoding */
  double *mean; /* center = 1: /model/mean (n,) float64, allocated by gsae_encoder_read (caller frees); else NULL */
} gsae_encoder_spec;

/* Read a complete unfolded run file by one process: root attributes encoder = "unfolded",
 * status = "complete", layers, unfold, prox, nonneg, lambda, groups, group_size, eta, center
 * (optional, 0 when absent), /model/A (n, m) converted to gsae_real (*A allocated, caller frees) and,
 * when center = 1, /model/mean (n,) as double (spec->mean allocated, caller frees). Errors (one line
 * naming the file): missing / not HDF5, another format, not an unfolded run, not complete, a missing
 * or impossible attribute, A's shape != (n, groups·group_size), a non-finite entry of A, center = 1
 * without a finite /model/mean of n entries. */
gsae_status gsae_encoder_read(const char *path, gsae_encoder_spec *spec, gsae_real **A);

/* Codes X (rows, m) of Y (rows, n), whose first row is global row `first`, with the unfolded encoder
 * u (created with max_rows >= batch, its step set) and A (n, m). The global rows are cut into the
 * batches [b·batch, (b+1)·batch); each batch is one gsae_unfolded_forward of exactly `batch` rows,
 * every row at its own position in the batch and the rows not held here set to zero. BLAS results
 * depend on a row's position and the batch size (kernel tails), not on the other rows' values, so
 * a row's code is the same bits however the rows are split over calls or ranks; another batch size
 * changes the codes by rounding only. Costs up to two padded batches per call. */
gsae_status gsae_encode_rows(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows, size_t first,
                             size_t batch, size_t n, size_t m, gsae_real *X);

#ifdef __cplusplus
}
#endif
#endif
