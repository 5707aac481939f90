/* Representations for clustering (codes, codes-plus, group norms, strongest group), purity, and the
 * trained unfolded encoder read from a run file. See include/gsae/represent.h. */
#include "gsae/represent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/h5.h"
#include "gsae/names.h"
#include "gsae/schema.h"

const char *const gsae_repr_names[] = {"codes", "codes-plus", "group-norms", NULL};

int gsae_repr_parse(const char *name) { return gsae_name_lookup(gsae_repr_names, name); }

const char *gsae_repr_name(gsae_repr_kind kind) { return gsae_name_of(gsae_repr_names, kind); }

void gsae_repr_codes_plus(const gsae_real *X, size_t rows, size_t m, gsae_real *out, size_t *zero_rows) {
  size_t zeros = 0;
  for (size_t i = 0; i < rows; ++i) {
    const gsae_real *x = X + i * m;
    gsae_real *o = out + i * m;
    double s = 0.0;
    for (size_t j = 0; j < m; ++j) s += fabs((double)x[j]);
    if (s == 0.0) {
      ++zeros;
      for (size_t j = 0; j < m; ++j) o[j] = 0; /* also clears -0 */
      continue;
    }
    for (size_t j = 0; j < m; ++j) o[j] = (gsae_real)(fabs((double)x[j]) / s);
  }
  if (zero_rows) *zero_rows = zeros;
}

void gsae_repr_group_norms(const gsae_real *X, size_t rows, size_t groups, size_t d, gsae_real *out) {
  const size_t m = groups * d;
  for (size_t i = 0; i < rows; ++i)
    for (size_t g = 0; g < groups; ++g) {
      const gsae_real *x = X + i * m + g * d;
      double s = 0.0;
      for (size_t j = 0; j < d; ++j) s += (double)x[j] * (double)x[j];
      out[i * groups + g] = (gsae_real)sqrt(s);
    }
}

gsae_status gsae_repr_strongest_group(const gsae_real *X, size_t rows, size_t groups, size_t d, int32_t *labels,
                                      size_t *zero_rows) {
  const size_t m = groups * d;
  if (groups == 0 || d == 0) return gsae_fail(GSAE_ERR_ARG, "strongest group: groups and group size must be positive");
  if (groups >= (size_t)INT32_MAX) return gsae_fail(GSAE_ERR_ARG, "strongest group: %zu groups is too many", groups);
  size_t zeros = 0;
  for (size_t i = 0; i < rows; ++i) {
    double best = 0.0;
    int32_t arg = (int32_t)groups; /* "none" until a group has a positive norm */
    for (size_t g = 0; g < groups; ++g) {
      const gsae_real *x = X + i * m + g * d;
      double s = 0.0;
      for (size_t j = 0; j < d; ++j) s += (double)x[j] * (double)x[j];
      if (!isfinite(s))
        return gsae_fail(GSAE_ERR_DATA, "strongest group: row %zu has a non-finite entry in group %zu", i, g);
      if (s > best) { /* strict: ties keep the lower group */
        best = s;
        arg = (int32_t)g;
      }
    }
    /* best == 0 with a nonzero entry: its square underflowed; take the largest |x_j| instead */
    if (arg == (int32_t)groups) {
      double amax = 0.0;
      for (size_t j = 0; j < m; ++j)
        if (fabs((double)X[i * m + j]) > amax) {
          amax = fabs((double)X[i * m + j]);
          arg = (int32_t)(j / d);
        }
    }
    if (arg == (int32_t)groups) ++zeros;
    labels[i] = arg;
  }
  if (zero_rows) *zero_rows = zeros;
  return GSAE_OK;
}

void gsae_repr_sparsity(const gsae_real *X, size_t rows, size_t groups, size_t d, gsae_code_sparsity *s) {
  const size_t m = groups * d;
  gsae_code_sparsity c = {0, 0, 0};
  for (size_t i = 0; i < rows; ++i) {
    uint64_t nz_row = 0;
    for (size_t g = 0; g < groups; ++g) {
      uint64_t nz = 0;
      for (size_t j = 0; j < d; ++j) nz += X[i * m + g * d + j] != 0;
      c.active_groups += nz > 0;
      nz_row += nz;
    }
    c.nonzero += nz_row;
    c.zero_rows += nz_row == 0;
  }
  *s = c;
}

gsae_status gsae_cluster_purity(const int32_t *pred, const int32_t *truth, size_t n, size_t k_pred, size_t k_true,
                                double *purity) {
  if (n == 0) {
    *purity = 1.0;
    return GSAE_OK;
  }
  if (k_pred == 0 || k_true == 0) return gsae_fail(GSAE_ERR_ARG, "purity: k_pred and k_true must be positive");
  size_t *table = gsae_calloc((unsigned long long)k_pred * k_true, sizeof *table, "purity contingency table");
  if (!table) return GSAE_ERR_MEMORY;
  for (size_t i = 0; i < n; ++i) {
    if (pred[i] < 0 || (size_t)pred[i] >= k_pred || truth[i] < 0 || (size_t)truth[i] >= k_true) {
      free(table);
      return gsae_fail(GSAE_ERR_DATA, "purity: row %zu has cluster %d / class %d outside 0..%zu / 0..%zu", i,
                       (int)pred[i], (int)truth[i], k_pred - 1, k_true - 1);
    }
    ++table[(size_t)pred[i] * k_true + (size_t)truth[i]];
  }
  size_t hit = 0;
  for (size_t c = 0; c < k_pred; ++c) {
    size_t best = 0;
    for (size_t t = 0; t < k_true; ++t)
      if (table[c * k_true + t] > best) best = table[c * k_true + t];
    hit += best;
  }
  free(table);
  *purity = (double)hit / (double)n;
  return GSAE_OK;
}

/* ---- run file ---- */

static gsae_status read_size(hid_t fid, const char *path, const char *name, size_t lo, size_t *out) {
  int64_t v = 0;
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", name, &v, path));
  if (v < (int64_t)lo || v > (int64_t)1 << 30)
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute %s = %lld is out of range (%zu .. 2^30)", path, name,
                     (long long)v, lo);
  *out = (size_t)v;
  return GSAE_OK;
}

static gsae_status read_spec(hid_t fid, const char *path, gsae_encoder_spec *s) {
  char buf[256] = "";
  GSAE_CALL(gsae_format_read(fid, buf, sizeof buf, path));
  if (buf[0] && strcmp(buf, GSAE_FORMAT_RUN) != 0) /* files written by hand may have none */
    return gsae_fail(GSAE_ERR_DATA, "%s: not a run file (root attribute format is '%s', expected '%s')", path, buf,
                     GSAE_FORMAT_RUN);
  if (H5Aexists_by_name(fid, "/", "encoder", H5P_DEFAULT) <= 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: not an unfolded-encoder run (no root attribute encoder; train with "
                     "gsae train --encoder unfolded)", path);
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "encoder", buf, sizeof buf, path));
  if (strcmp(buf, "unfolded") != 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: not an unfolded-encoder run (encoder is '%s'; train with gsae train "
                     "--encoder unfolded)", path, buf);
  if (H5Aexists_by_name(fid, "/", GSAE_RUN_ATTR_STATUS, H5P_DEFAULT) <= 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: the run has no status attribute (not a finished run file)", path);
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_STATUS, buf, sizeof buf, path));
  if (gsae_run_status_parse(buf) != GSAE_RUN_COMPLETE)
    return gsae_fail(GSAE_ERR_DATA, "%s: the run is not complete (status '%s')", path, buf);
  GSAE_CALL(read_size(fid, path, "layers", 1, &s->layers));
  GSAE_CALL(read_size(fid, path, "groups", 1, &s->groups));
  GSAE_CALL(read_size(fid, path, "group_size", 1, &s->group_size));
  s->m = s->groups * s->group_size;
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "unfold", buf, sizeof buf, path));
  int kind = gsae_unfold_kind_parse(buf);
  if (kind < 0) return gsae_fail(GSAE_ERR_DATA, "%s: root attribute unfold = '%s' (expected ista or fista)", path, buf);
  s->unfold = (gsae_unfold_kind)kind;
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "prox", buf, sizeof buf, path));
  int prox = gsae_prox_kind_parse(buf);
  if (prox < 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute prox = '%s' (expected group, entry or sparse-group)", path, buf);
  s->prox = (gsae_prox_kind)prox;
  int64_t nonneg = 0;
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "nonneg", &nonneg, path));
  if (nonneg != 0 && nonneg != 1)
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute nonneg = %lld (expected 0 or 1)", path, (long long)nonneg);
  s->nonneg = (int)nonneg;
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "lambda", &s->lambda, path));
  if (!(s->lambda >= 0) || !isfinite(s->lambda))
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute lambda = %g (expected finite and >= 0)", path, s->lambda);
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "eta", &s->eta, path));
  if (!(s->eta > 0) || !isfinite(s->eta))
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute eta = %g (expected finite and > 0)", path, s->eta);
  hsize_t dims[2];
  GSAE_CALL(gsae_h5_shape(fid, "/model/A", 2, dims, path));
  if (dims[0] == 0 || dims[0] > (hsize_t)1 << 30 || dims[1] != (hsize_t)s->m)
    return gsae_fail(GSAE_ERR_DATA, "%s: /model/A has shape (%llu, %llu), expected (n, groups * group_size = %zu)", path,
                     (unsigned long long)dims[0], (unsigned long long)dims[1], s->m);
  s->n = (size_t)dims[0];
  int64_t center = 0;
  if (H5Aexists_by_name(fid, "/", "center", H5P_DEFAULT) > 0)
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "center", &center, path));
  if (center != 0 && center != 1)
    return gsae_fail(GSAE_ERR_DATA, "%s: root attribute center = %lld (expected 0 or 1)", path, (long long)center);
  s->center = (int)center;
  return GSAE_OK;
}

/* center = 1: /model/mean (n,) as double, every entry finite. */
static gsae_status read_mean(hid_t fid, const char *path, gsae_encoder_spec *s) {
  hsize_t len = 0;
  GSAE_CALL(gsae_h5_shape(fid, "/model/mean", 1, &len, path));
  if (len != (hsize_t)s->n)
    return gsae_fail(GSAE_ERR_DATA, "%s: /model/mean has %llu entries, expected n = %zu (center = 1)", path,
                     (unsigned long long)len, s->n);
  s->mean = gsae_malloc((unsigned long long)s->n * sizeof *s->mean, "the mean image /model/mean");
  if (!s->mean) return GSAE_ERR_MEMORY;
  GSAE_CALL(gsae_h5_read_rows(fid, "/model/mean", H5T_NATIVE_DOUBLE, 0, s->n, s->mean, 0, path));
  for (size_t k = 0; k < s->n; ++k)
    if (!isfinite(s->mean[k]))
      return gsae_fail(GSAE_ERR_DATA, "%s: /model/mean[%zu] = %g is not finite", path, k, s->mean[k]);
  return GSAE_OK;
}

gsae_status gsae_encoder_read(const char *path, gsae_encoder_spec *spec, gsae_real **A) {
  *A = NULL;
  memset(spec, 0, sizeof *spec);
  gsae_status st = GSAE_OK, cst = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  gsae_real *a = NULL;
  GSAE_CALL(gsae_h5_open(path, MPI_COMM_NULL, 0, &fid));
  GSAE_TRY(read_spec(fid, path, spec));
  a = gsae_malloc((unsigned long long)spec->n * spec->m * sizeof *a, "the dictionary /model/A");
  GSAE_TRY(a ? GSAE_OK : GSAE_ERR_MEMORY);
  GSAE_TRY(gsae_h5_read_rows(fid, "/model/A", GSAE_H5_REAL, 0, spec->n, a, 0, path));
  if (spec->center) GSAE_TRY(read_mean(fid, path, spec));
  for (size_t k = 0; k < spec->n * spec->m; ++k)
    if (!isfinite((double)a[k]))
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: /model/A[%zu, %zu] = %g is not finite", path, k / spec->m, k % spec->m,
                         (double)a[k]));
cleanup:
  cst = gsae_h5_close(fid, path);
  st = st != GSAE_OK ? st : cst;
  if (st != GSAE_OK) {
    free(a);
    a = NULL;
    free(spec->mean);
    spec->mean = NULL;
  }
  *A = a;
  return st;
}

gsae_status gsae_encode_rows(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows, size_t first,
                             size_t batch, size_t n, size_t m, gsae_real *X) {
  if (batch == 0) return gsae_fail(GSAE_ERR_ARG, "encode: the batch size must be positive");
  gsae_real *Yb = NULL; /* (batch, n): a global batch with the rows not held set to zero */
  size_t i = 0;
  while (i < rows) {
    const size_t g = first + i, b0 = g / batch * batch, off = g - b0;
    size_t r = batch - off;
    if (r > rows - i) r = rows - i;
    const gsae_real *in = Y + i * n;
    if (r < batch) {
      if (!Yb && !(Yb = gsae_malloc((unsigned long long)batch * n * sizeof *Yb, "an encoding batch")))
        return GSAE_ERR_MEMORY;
      memset(Yb, 0, batch * n * sizeof *Yb);
      memcpy(Yb + off * n, in, r * n * sizeof *Yb);
      in = Yb;
    }
    gsae_status st = gsae_unfolded_forward(u, A, in, batch, NULL);
    if (st != GSAE_OK) {
      free(Yb);
      GSAE_CALL(st);
    }
    memcpy(X + i * m, gsae_unfolded_codes(u) + (in == Yb ? off : 0) * m, r * m * sizeof *X);
    i += r;
  }
  free(Yb);
  return GSAE_OK;
}
