/* Perturbed initial dictionary; see include/gsae/init.h. */
#include "gsae/init.h"

#include <math.h>
#include <stdlib.h>

#include "gsae/metrics.h"
#include "gsae/rng.h"

/* mean_j cos(a*_j + s g_j, a*_j), from per-column a*.g, g.g, a*.a* */
static double mean_corr(const double *ag, const double *gg, const double *aa, size_t m, double s) {
  double t = 0.0;
  for (size_t j = 0; j < m; ++j) {
    double num = aa[j] + s * ag[j], den = sqrt(aa[j] * (aa[j] + 2 * s * ag[j] + s * s * gg[j]));
    t += den > 0 ? num / den : 0.0;
  }
  return t / (double)m;
}

gsae_status gsae_init_dictionary(const gsae_real *W_true, size_t m, size_t n, size_t d, gsae_init_mode mode,
                                 double target, uint64_t seed, gsae_real *W0, gsae_init_report *report) {
  if (mode == GSAE_INIT_CORR && !(target > 0.0 && target <= 1.0))
    return gsae_fail(GSAE_ERR_ARG, "--init-corr must be in (0, 1] (got %g)", target);
  if (mode == GSAE_INIT_DELTA && !(target >= 0.0 && isfinite(target)))
    return gsae_fail(GSAE_ERR_ARG, "--init-delta must be a finite number >= 0 (got %g)", target);
  double *G, *ag, *gg, *aa;
  GSAE_ALLOC(G, m * n, "init perturbation");
  ag = calloc(m, sizeof *ag);
  gg = calloc(m, sizeof *gg);
  aa = calloc(m, sizeof *aa);
  if (!ag || !gg || !aa) {
    free(G);
    free(ag);
    free(gg);
    free(aa);
    return gsae_fail(GSAE_ERR_MEMORY, "out of memory in the initial dictionary");
  }
  for (size_t j = 0; j < m; ++j) {
    gsae_rng_normal(seed, GSAE_STREAM_INIT, j, n, G + j * n);
    for (size_t k = 0; k < n; ++k) {
      double a = (double)W_true[j * n + k], g = G[j * n + k];
      ag[j] += a * g;
      gg[j] += g * g;
      aa[j] += a * a;
    }
  }
  double sigma = 0.0;
  if (mode == GSAE_INIT_CORR) {
    /* the mean correlation falls monotonically from 1 at sigma = 0; bisect on sigma */
    double lo = 0.0, hi = 1.0;
    while (mean_corr(ag, gg, aa, m, hi) > target && hi < 1e12) hi *= 2.0;
    for (int it = 0; it < 200 && target < 1.0; ++it) {
      double mid = 0.5 * (lo + hi);
      if (mean_corr(ag, gg, aa, m, mid) > target) lo = mid; else hi = mid;
    }
    sigma = target < 1.0 ? 0.5 * (lo + hi) : 0.0;
  } else {
    double worst = 0.0;
    for (size_t g = 0; g * d < m; ++g) {
      double s = 0.0;
      for (size_t j = g * d; j < (g + 1) * d; ++j) s += gg[j];
      if (sqrt(s) > worst) worst = sqrt(s);
    }
    sigma = worst > 0 ? target / worst : 0.0;
  }
  for (size_t k = 0; k < m * n; ++k) W0[k] = (gsae_real)((double)W_true[k] + sigma * G[k]);
  report->sigma = sigma;
  report->correlation = gsae_mean_correlation(W0, W_true, m, n);
  report->delta = gsae_max_group_distance(W0, W_true, m, n, d);
  free(G);
  free(ag);
  free(gg);
  free(aa);
  return GSAE_OK;
}
