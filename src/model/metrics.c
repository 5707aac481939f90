/* Per-epoch metrics; see include/gsae/metrics.h. */
#include "gsae/metrics.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double row_dot(const gsae_real *a, const gsae_real *b, size_t n) {
  double s = 0.0;
  for (size_t k = 0; k < n; ++k) s += (double)a[k] * (double)b[k];
  return s;
}

double gsae_dict_error(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n) {
  double total = 0.0;
  for (size_t j = 0; j < m; ++j) {
    const gsae_real *w = W + j * n, *a = W_true + j * n;
    double ww = row_dot(w, w, n), inv = ww > 0 ? 1.0 / sqrt(ww) : 0.0, s = 0.0;
    for (size_t k = 0; k < n; ++k) {
      double diff = (double)w[k] * inv - (double)a[k];
      s += diff * diff;
    }
    total += s;
  }
  return total;
}

/* Orthonormal basis (modified Gram-Schmidt, twice for stability) of d rows of length n into Q
 * (d, n) double; returns the rank found (rows of tiny residual are dropped). */
static size_t orthonormal_rows(const gsae_real *rows, size_t d, size_t n, double *Q) {
  size_t r = 0;
  for (size_t i = 0; i < d; ++i) {
    double *q = Q + r * n;
    double orig = 0.0;
    for (size_t k = 0; k < n; ++k) {
      q[k] = (double)rows[i * n + k];
      orig += q[k] * q[k];
    }
    for (int pass = 0; pass < 2; ++pass)
      for (size_t p = 0; p < r; ++p) {
        double c = 0.0;
        for (size_t k = 0; k < n; ++k) c += Q[p * n + k] * q[k];
        for (size_t k = 0; k < n; ++k) q[k] -= c * Q[p * n + k];
      }
    double nn = 0.0;
    for (size_t k = 0; k < n; ++k) nn += q[k] * q[k];
    if (nn <= 1e-20 * (orig > 0 ? orig : 1.0) || nn == 0.0) continue;
    double inv = 1.0 / sqrt(nn);
    for (size_t k = 0; k < n; ++k) q[k] *= inv;
    ++r;
  }
  return r;
}

double gsae_subspace_error(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n, size_t d) {
  double *Q1 = malloc(d * n * sizeof *Q1), *Q2 = malloc(d * n * sizeof *Q2);
  if (!Q1 || !Q2) {
    free(Q1);
    free(Q2);
    return NAN;
  }
  double total = 0.0;
  for (size_t g = 0; g * d < m; ++g) {
    size_t r1 = orthonormal_rows(W + g * d * n, d, n, Q1);
    size_t r2 = orthonormal_rows(W_true + g * d * n, d, n, Q2);
    double tr = 0.0; /* tr(P1 P2) = ||Q1 Q2^T||_F^2 */
    for (size_t a = 0; a < r1; ++a)
      for (size_t b = 0; b < r2; ++b) {
        double c = 0.0;
        for (size_t k = 0; k < n; ++k) c += Q1[a * n + k] * Q2[b * n + k];
        tr += c * c;
      }
    total += ((double)r1 + (double)r2 - 2.0 * tr) / 2.0;
  }
  free(Q1);
  free(Q2);
  return total;
}

double gsae_max_group_distance(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n, size_t d) {
  double best = 0.0;
  for (size_t g = 0; g * d < m; ++g) {
    double s = 0.0;
    for (size_t k = g * d * n; k < (g + 1) * d * n; ++k) {
      double diff = (double)W[k] - (double)W_true[k];
      s += diff * diff;
    }
    if (sqrt(s) > best) best = sqrt(s);
  }
  return best;
}

double gsae_mean_correlation(const gsae_real *W, const gsae_real *W_true, size_t m, size_t n) {
  double total = 0.0;
  for (size_t j = 0; j < m; ++j) {
    const gsae_real *w = W + j * n, *a = W_true + j * n;
    double den = sqrt(row_dot(w, w, n) * row_dot(a, a, n));
    total += den > 0 ? row_dot(w, a, n) / den : 0.0;
  }
  return total / (double)m;
}

void gsae_support_count(const gsae_real *X, size_t rows, size_t m, size_t d, const int32_t *support, size_t gamma,
                        double *counts) {
  for (size_t i = 0; i < rows; ++i) {
    const gsae_real *x = X + i * m;
    const int32_t *s = support + i * gamma;
    size_t est = 0, tp = 0;
    for (size_t g = 0; g * d < m; ++g) {
      int on = 0;
      for (size_t k = 0; k < d; ++k) on |= x[g * d + k] != 0;
      if (!on) continue;
      ++est;
      for (size_t q = 0; q < gamma; ++q)
        if ((size_t)s[q] == g) {
          ++tp;
          break;
        }
    }
    counts[GSAE_SUPPORT_EXACT] += (est == gamma && tp == gamma) ? 1.0 : 0.0;
    counts[GSAE_SUPPORT_TP] += (double)tp;
    counts[GSAE_SUPPORT_EST] += (double)est;
    counts[GSAE_SUPPORT_TRUE] += (double)gamma;
  }
}

double gsae_block_coherence(const gsae_real *W, size_t m, size_t n, size_t d, size_t first, size_t stride) {
  double worst = 0.0;
  double *B = malloc(d * d * sizeof *B), *s = malloc(d * sizeof *s), *superb = malloc((d + 1) * sizeof *superb);
  if (!B || !s || !superb) {
    free(B);
    free(s);
    free(superb);
    return NAN;
  }
  size_t G = m / d;
  for (size_t g = first; g < G; g += stride)
    for (size_t h = g + 1; h < G; ++h) {
      for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) B[a * d + b] = row_dot(W + (g * d + a) * n, W + (h * d + b) * n, n);
      LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)d, (lapack_int)d, B, (lapack_int)d, s, NULL, 1, NULL, 1,
                     superb);
      if (s[0] > worst) worst = s[0];
    }
  free(B);
  free(s);
  free(superb);
  return worst / (double)d;
}

void gsae_contraction(const double *dist, size_t len, double *mean, double *max) {
  *mean = *max = NAN;
  if (len < 2) return;
  for (size_t e = 0; e < len; ++e)
    if (!(dist[e] > 0) || !isfinite(dist[e])) return;
  double worst = 0.0;
  for (size_t e = 0; e + 1 < len; ++e)
    if (dist[e + 1] / dist[e] > worst) worst = dist[e + 1] / dist[e];
  *mean = pow(dist[len - 1] / dist[0], 1.0 / (double)(len - 1));
  *max = worst;
}
