/* The group-sparse generative model of section 4.1; see include/gsae/dataset.h.
 *
 *   a*_j ~ N(0, I_n) normalised to unit norm                       (stream DICT, index j)
 *   S_i  = gamma groups uniform without replacement, sorted         (stream SUPPORT, index i)
 *   x*_g = c_g u_g / ||u_g||, u_g ~ N(0, I_d), c_g ~ U(Bmin, Bmax)  (streams COEF, SCALE, index i)
 *   y_i  = A* x*_i + sigma w_i, w_i ~ N(0, I_n)                     (stream NOISE, index i)
 *   sigma^2 = ||A* X*||_F^2 / (N n 10^(SNR/10))
 *
 * The signal energy is summed in global sample order (gsae_dist_ordered_sum) so sigma, and thus
 * every byte of Y, is the same for any number of ranks. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/metrics.h"
#include "gsae/rng.h"

gsae_gen_params gsae_gen_defaults(void) {
  gsae_gen_params p = {.n = 950, .groups = 500, .group_size = 2, .active = 3, .samples = 10000,
                       .snr_db = 10.0, .seed = 0, .bmin = 4.0, .bmax = 5.0};
  return p;
}

gsae_status gsae_gen_validate(const gsae_gen_params *p) {
  if (p->n == 0) return gsae_fail(GSAE_ERR_ARG, "--n must be positive (got 0)");
  if (p->groups == 0) return gsae_fail(GSAE_ERR_ARG, "--groups must be positive (got 0)");
  if (p->group_size == 0) return gsae_fail(GSAE_ERR_ARG, "--group-size must be positive (got 0)");
  if (p->samples == 0) return gsae_fail(GSAE_ERR_ARG, "--samples must be positive (got 0)");
  if (p->active == 0) return gsae_fail(GSAE_ERR_ARG, "--active must be positive (got 0)");
  if (p->active > p->groups)
    return gsae_fail(GSAE_ERR_ARG, "--active %zu exceeds --groups %zu (gamma must be <= Gamma)", p->active, p->groups);
  if (!isfinite(p->snr_db)) return gsae_fail(GSAE_ERR_ARG, "--snr-db must be a finite number of dB");
  if (!isfinite(p->bmin) || !isfinite(p->bmax) || p->bmin <= 0 || p->bmax < p->bmin)
    return gsae_fail(GSAE_ERR_ARG, "need 0 < --bmin <= --bmax (got %g, %g)", p->bmin, p->bmax);
  if (p->samples > INT_MAX || p->n > INT_MAX || (double)p->groups * (double)p->group_size > 1e8)
    return gsae_fail(GSAE_ERR_ARG, "data set too large (need N, n < 2^31 and m = Gamma d <= 1e8; got N=%zu, n=%zu, m=%.3g)",
                     p->samples, p->n, (double)p->groups * (double)p->group_size);
  return GSAE_OK;
}

void gsae_dataset_free(gsae_dataset *ds) {
  free(ds->Y);
  free(ds->A_true);
  free(ds->support);
  free(ds->coef);
  free(ds->labels);
  memset(ds, 0, sizeof *ds);
}

static gsae_status generate_dictionary(const gsae_gen_params *p, gsae_real *A_true) {
  double *col;
  GSAE_ALLOC(col, p->n, "dictionary column");
  size_t m = p->groups * p->group_size;
  for (size_t j = 0; j < m; ++j) {
    gsae_rng_normal(p->seed, GSAE_STREAM_DICT, j, p->n, col);
    double s = 0.0;
    for (size_t k = 0; k < p->n; ++k) s += col[k] * col[k];
    double inv = 1.0 / sqrt(s);
    for (size_t k = 0; k < p->n; ++k) A_true[j * p->n + k] = (gsae_real)(col[k] * inv);
  }
  free(col);
  return GSAE_OK;
}

/* Clean signal of sample i into y (n), its support and coefficients; returns ||y||^2 (double). */
static double generate_sample(const gsae_gen_params *p, const gsae_real *A_true, size_t i, size_t *groups,
                              double *u, double *scale, double *y, int32_t *support, gsae_real *coef) {
  /* y (n) receives the clean signal A* x*_i */
  const size_t d = p->group_size, n = p->n;
  gsae_rng_subset(p->seed, GSAE_STREAM_SUPPORT, i, p->groups, p->active, groups);
  gsae_rng_normal(p->seed, GSAE_STREAM_COEF, i, p->active * d, u);
  gsae_rng_uniform(p->seed, GSAE_STREAM_SCALE, i, p->active, scale);
  memset(y, 0, n * sizeof *y);
  for (size_t q = 0; q < p->active; ++q) {
    double norm = 0.0;
    for (size_t k = 0; k < d; ++k) norm += u[q * d + k] * u[q * d + k];
    double c = p->bmin + (p->bmax - p->bmin) * scale[q];
    double f = c / sqrt(norm);
    support[q] = (int32_t)groups[q];
    for (size_t k = 0; k < d; ++k) {
      double x = f * u[q * d + k];
      coef[q * d + k] = (gsae_real)x;
      const gsae_real *atom = A_true + (groups[q] * d + k) * n;
      for (size_t r = 0; r < n; ++r) y[r] += x * (double)atom[r];
    }
  }
  double e = 0.0;
  for (size_t r = 0; r < n; ++r) e += y[r] * y[r];
  return e;
}

gsae_status gsae_generate(MPI_Comm comm, const gsae_gen_params *p, gsae_dataset *ds) {
  GSAE_CALL(gsae_gen_validate(p));
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  memset(ds, 0, sizeof *ds);
  ds->params = *p;
  ds->n = p->n;
  ds->groups = p->groups;
  ds->group_size = p->group_size;
  ds->m = p->groups * p->group_size;
  ds->active = p->active;
  ds->total = p->samples;
  ds->has_truth = 1;
  gsae_dist_shard(p->samples, rank, size, &ds->first, &ds->rows);
  const size_t n = p->n, rows = ds->rows, d = p->group_size, g = p->active;

  /* every allocation first (sizes differ per rank), then one agreement, then the collectives */
  size_t *groups = NULL;
  double *u = NULL, *scale = NULL, *noise = NULL, *energy = NULL, *clean = NULL;
  gsae_status st = GSAE_OK;
  if (!(ds->A_true = gsae_calloc(ds->m * n, sizeof *ds->A_true, "true dictionary A*")) ||
      !(ds->Y = gsae_calloc(rows * n, sizeof *ds->Y, "samples Y")) ||
      !(ds->support = gsae_calloc(rows * g, sizeof *ds->support, "supports")) ||
      !(ds->coef = gsae_calloc(rows * g * d, sizeof *ds->coef, "coefficients")) ||
      !(groups = gsae_calloc(g, sizeof *groups, "support scratch")) ||
      !(u = gsae_calloc(g * d, sizeof *u, "coefficient scratch")) ||
      !(scale = gsae_calloc(g, sizeof *scale, "scale scratch")) ||
      !(noise = gsae_calloc(n, sizeof *noise, "noise")) ||
      !(energy = gsae_calloc(rows, sizeof *energy, "sample energies")) ||
      !(clean = gsae_calloc(rows * n, sizeof *clean, "clean signals")))
    st = GSAE_ERR_MEMORY;
  if (st == GSAE_OK) st = generate_dictionary(p, ds->A_true);
  st = gsae_dist_agree(comm, st);
  if (st != GSAE_OK) goto done;
  /* mu_B of A*: the group pairs are split over the ranks, a max combines them (exact, any order) */
  double mu_part = gsae_block_coherence(ds->A_true, ds->m, n, d, (size_t)rank, (size_t)size);
  MPI_Allreduce(&mu_part, &ds->block_coherence, 1, MPI_DOUBLE, MPI_MAX, comm);

  /* clean signals (kept in double until the noise is added) */
  for (size_t i = 0; i < rows; ++i)
    energy[i] = generate_sample(p, ds->A_true, ds->first + i, groups, u, scale, clean + i * n,
                                ds->support + i * g, ds->coef + i * g * d);
  double signal = 0.0, noise_energy = 0.0;
  st = gsae_dist_ordered_sum(comm, energy, rows, &signal);
  if (st == GSAE_OK) {
    double sigma = sqrt(signal / ((double)p->samples * (double)n * pow(10.0, p->snr_db / 10.0)));
    for (size_t i = 0; i < rows; ++i) {
      gsae_rng_normal(p->seed, GSAE_STREAM_NOISE, ds->first + i, n, noise);
      double e = 0.0;
      for (size_t r = 0; r < n; ++r) {
        double w = sigma * noise[r];
        e += w * w;
        ds->Y[i * n + r] = (gsae_real)(clean[i * n + r] + w);
      }
      energy[i] = e;
    }
    st = gsae_dist_ordered_sum(comm, energy, rows, &noise_energy);
    ds->noise_std = sigma;
    ds->snr_db_measured = 10.0 * log10(signal / noise_energy);
  }
done:
  free(clean);
  free(groups);
  free(u);
  free(scale);
  free(noise);
  free(energy);
  return st;
}
