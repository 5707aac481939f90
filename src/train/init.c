/* Perturbed initial dictionary; see include/gsae/init.h. */
#include "gsae/init.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/metrics.h"
#include "gsae/names.h"
#include "gsae/rng.h"

const char *const gsae_init_mode_names[] = {"corr", "delta", "data", NULL};

const char *gsae_init_mode_name(gsae_init_mode mode) { return gsae_name_of(gsae_init_mode_names, mode); }

int gsae_init_mode_parse(const char *name) { return gsae_name_lookup(gsae_init_mode_names, name); }

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
  gsae_status st = GSAE_OK;
  double *G = NULL, *ag = NULL, *gg = NULL, *aa = NULL;
  GSAE_TRY_ALLOC(G, m * n, "init perturbation");
  ag = calloc(m, sizeof *ag);
  gg = calloc(m, sizeof *gg);
  aa = calloc(m, sizeof *aa);
  if (!ag || !gg || !aa) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "out of memory in the initial dictionary"));
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
    /* Each cos(a*_j + s g_j, a*_j) falls monotonically in s (its derivative has the sign of
     * (a*.g)^2 - |a*|^2 |g|^2 <= 0), from 1 at s = 0 to cos(g_j, a*_j) as s grows: the mean can
     * only reach targets above the mean of those limits. They are O(1/sqrt(m n)) at paper scale,
     * but not for tiny dictionaries. Bisect on s. */
    double floor_corr = 0.0;
    for (size_t j = 0; j < m; ++j) floor_corr += gg[j] > 0 && aa[j] > 0 ? ag[j] / sqrt(gg[j] * aa[j]) : 0.0;
    floor_corr /= (double)m;
    if (target <= floor_corr + 1e-3)
      GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "--init-corr %g cannot be reached with this seed: however large the "
                         "perturbation, the mean correlation only falls to %.4f (the random directions' own "
                         "correlation with A*, large for a small dictionary of %zu x %zu); ask for more, or use "
                         "--init-delta", target, floor_corr, n, m));
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
cleanup:
  free(G);
  free(ag);
  free(gg);
  free(aa);
  return st;
}
