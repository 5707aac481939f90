/* The group-sparse generative model of section 4.1; see include/gsae/dataset.h.
 *
 *   a*_j ~ N(0, I_n) normalised to unit norm                       (stream DICT, index j)
 *   S_i  = gamma groups uniform without replacement, sorted         (stream SUPPORT, index i)
 *   x*_g = c_g u_g / ||u_g||, u_g ~ N(0, I_d), c_g ~ U(Bmin, Bmax)  (streams COEF, SCALE, index i)
 *   y_i  = A* x*_i + sigma w_i, w_i ~ N(0, I_n)                     (stream NOISE, index i)
 *   sigma^2 = ||A* X*||_F^2 / (N n 10^(SNR/10))
 *
 * The signal energy is summed in global sample order (gsae_dist_ordered_sum) so sigma, and thus
 * every byte of Y, is the same for any number of ranks.
 *
 * Coherence as a parameter (p->coherence = mu target, p->orthonormal_groups). Unset (NaN) and
 * orthonormal_groups = 0 give the dictionary above, byte for byte. Otherwise, with b_j the unit
 * atoms above and S (n, d) a shared block (column k ~ N(0, I_n) from stream MIX, index k,
 * normalised to s_k):
 *
 *   unit columns:       a_j(t) = normalise((1 - t) b_j + t s_0)        (every atom, one direction)
 *   orthonormal groups: A_g(t) = MGS((1 - t) B_g + t S)                 (Gram-Schmidt, twice)
 *
 * f(t) = mu_B(A(t)) is continuous; f(0) is the coherence of the random dictionary, f(1) that of
 * all groups equal: 1 for unit columns (all atoms are s_0), exactly 1/d for orthonormal groups
 * (||Q^T Q||_2 = 1). A target within 1% of f(0) or f(1) takes that end; one outside [f(0), f(1)]
 * is an error that states the reachable range; otherwise bisection on t, keeping f(lo) and f(hi)
 * on opposite sides of the target, until |f(t) - target| <= 1% of the target. Every f(t) is
 * gsae_block_coherence_dist of the stored (gsae_real) A(t), which is bitwise the same for any
 * number of ranks, so every rank and every rank count takes the same t and the same A*. Unit
 * columns cannot keep a group's atoms apart at high coherence (mu_B near 1 needs each group near
 * rank one); orthonormal groups keep A_g^T A_g = I and reach at most 1/d. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/gram.h"
#include "gsae/rng.h"

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

/* The unit atoms b_j (m, n) of generate_dictionary in double, and the unit shared columns s_k (d, n). */
static void draw_mix_parts(const gsae_gen_params *p, double *B, double *S) {
  const size_t n = p->n, m = p->groups * p->group_size;
  for (size_t j = 0; j < m + p->group_size; ++j) {
    double *col = j < m ? B + j * n : S + (j - m) * n;
    if (j < m) gsae_rng_normal(p->seed, GSAE_STREAM_DICT, j, n, col);
    else gsae_rng_normal(p->seed, GSAE_STREAM_MIX, j - m, n, col);
    double s = 0.0;
    for (size_t k = 0; k < n; ++k) s += col[k] * col[k];
    double inv = 1.0 / sqrt(s);
    for (size_t k = 0; k < n; ++k) col[k] *= inv;
  }
}

/* A(t) into A (m, n) as gsae_real; v is scratch (d, n). Fails (the same on every rank) only if a
 * mixed column vanishes. */
static gsae_status mix_dictionary(const gsae_gen_params *p, const double *B, const double *S, double t, double *v,
                                  gsae_real *A) {
  const size_t n = p->n, d = p->group_size;
  for (size_t g = 0; g < p->groups; ++g) {
    for (size_t k = 0; k < d; ++k) {
      const double *b = B + (g * d + k) * n, *s = S + (p->orthonormal_groups ? k : 0) * n;
      for (size_t r = 0; r < n; ++r) v[k * n + r] = t == 0.0 ? b[r] : (1.0 - t) * b[r] + t * s[r];
    }
    /* unit columns: normalise each; orthonormal groups: modified Gram-Schmidt, each column
     * orthogonalised against the finished ones twice ("twice is enough"), then normalised */
    for (size_t k = 0; k < d; ++k) {
      for (int pass = 0; pass < (p->orthonormal_groups ? 2 : 0); ++pass)
        for (size_t q = 0; q < k; ++q) {
          double c = 0.0;
          for (size_t r = 0; r < n; ++r) c += v[q * n + r] * v[k * n + r];
          for (size_t r = 0; r < n; ++r) v[k * n + r] -= c * v[q * n + r];
        }
      double ss = 0.0;
      for (size_t r = 0; r < n; ++r) ss += v[k * n + r] * v[k * n + r];
      if (!(ss > 1e-24))
        return gsae_fail(GSAE_ERR_NUMERIC, "coherence mixing: column %zu of group %zu vanished at t = %.17g", k, g, t);
      double inv = 1.0 / sqrt(ss);
      for (size_t r = 0; r < n; ++r) v[k * n + r] *= inv;
    }
    for (size_t k = 0; k < d * n; ++k) A[g * d * n + k] = (gsae_real)v[k];
  }
  return GSAE_OK;
}

/* Collective: A = the mix at weight t, and its block coherence *f. */
static gsae_status evaluate_mix(MPI_Comm comm, const gsae_gen_params *p, const double *B, const double *S, double t,
                                double *v, gsae_real *A, double *f) {
  const size_t n = p->n, d = p->group_size, m = p->groups * d;
  GSAE_CALL(gsae_dist_agree(comm, mix_dictionary(p, B, S, t, v, A)));
  GSAE_CALL(gsae_block_coherence_dist(comm, A, m, n, d, f));
  return GSAE_OK;
}

/* Collective: A* with the target coherence (or orthonormal groups at t = 0 without a target); sets
 * *t and *mu (of the stored A*). Construction at the top of this file. */
static gsae_status coherent_dictionary(MPI_Comm comm, const gsae_gen_params *p, gsae_real *A, double *t_out,
                                       double *mu_out) {
  const size_t n = p->n, d = p->group_size, m = p->groups * d;
  gsae_status st = GSAE_OK;
  double *B = gsae_calloc(m * n, sizeof *B, "independent atoms"), *S = gsae_calloc(d * n, sizeof *S, "shared block"),
         *v = gsae_calloc(d * n, sizeof *v, "group scratch");
  GSAE_TRY(gsae_dist_agree(comm, B && S && v ? GSAE_OK : GSAE_ERR_MEMORY));
  draw_mix_parts(p, B, S);
  double f0, f1, t = 0.0, ft;
  GSAE_TRY(evaluate_mix(comm, p, B, S, 0.0, v, A, &f0));
  ft = f0;
  const double target = p->coherence;
  if (!isnan(target) && fabs(f0 - target) > 0.01 * target) {
    GSAE_TRY(evaluate_mix(comm, p, B, S, 1.0, v, A, &f1));
    t = 1.0;
    ft = f1;
    if (fabs(f1 - target) > 0.01 * target) {
      double lo_f = f0 < f1 ? f0 : f1, hi_f = f0 < f1 ? f1 : f0;
      if (target < lo_f || target > hi_f)
        GSAE_TRY(gsae_fail(GSAE_ERR_ARG,
                           "--coherence %g is out of reach for n = %zu, Gamma = %zu, d = %zu%s (seed %llu): reachable "
                           "[%.4g, %.4g]",
                           target, n, p->groups, d, p->orthonormal_groups ? " with orthonormal groups" : "",
                           (unsigned long long)p->seed, lo_f, hi_f));
      /* f(lo) and f(hi) on opposite sides of the target: a crossing lies between (f continuous) */
      double lo = 0.0, hi = 1.0, flo = f0;
      int found = 0;
      for (int it = 0; it < 60 && !found; ++it) {
        t = 0.5 * (lo + hi);
        GSAE_TRY(evaluate_mix(comm, p, B, S, t, v, A, &ft));
        if (fabs(ft - target) <= 0.01 * target) found = 1;
        else if ((ft < target) == (flo < target)) {
          lo = t;
          flo = ft;
        } else hi = t;
      }
      if (!found)
        GSAE_TRY(gsae_fail(GSAE_ERR_NUMERIC, "--coherence %g: bisection on the mixing weight did not come within 1%% "
                           "(last t = %.6g, mu_B = %.6g)", target, t, ft));
    }
  }
  /* A holds the last evaluation; rebuild it at the accepted t (deterministic: the same bytes) */
  st = gsae_dist_agree(comm, mix_dictionary(p, B, S, t, v, A));
  *t_out = t;
  *mu_out = ft;
cleanup:
  free(B);
  free(S);
  free(v);
  return st;
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
  GSAE_CALL(gsae_gen_validate(p, GSAE_STYLE_KEY));
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
  const int mixed = !isnan(p->coherence) || p->orthonormal_groups;
  /* one agreement on the allocations and (unmixed) the local draw of A* */
  GSAE_TRY(gsae_dist_agree(comm, st != GSAE_OK || mixed ? st : generate_dictionary(p, ds->A_true)));
  /* mu_B of A* (Gram on the ranks' BLACS grid; the same bits for any number of ranks) */
  if (mixed) GSAE_TRY(coherent_dictionary(comm, p, ds->A_true, &ds->coherence_mix, &ds->block_coherence));
  else GSAE_TRY(gsae_block_coherence_dist(comm, ds->A_true, ds->m, n, d, &ds->block_coherence));

  /* clean signals (kept in double until the noise is added) */
  for (size_t i = 0; i < rows; ++i)
    energy[i] = generate_sample(p, ds->A_true, ds->first + i, groups, u, scale, clean + i * n,
                                ds->support + i * g, ds->coef + i * g * d);
  double signal = 0.0, noise_energy = 0.0;
  GSAE_TRY(gsae_dist_ordered_sum(comm, energy, rows, &signal));
  /* the same sums on every rank: every rank refuses together */
  if (!(signal > 0.0) || !isfinite(signal))
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "the clean signal's energy is %g: bmin = %g and bmax = %g give %s (choose norms "
                       "of order 1)", signal, p->bmin, p->bmax, isfinite(signal) ? "no signal" : "no finite signal"));
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
  GSAE_TRY(gsae_dist_ordered_sum(comm, energy, rows, &noise_energy));
  unsigned long long bad = 0, all_bad = 0;
  for (size_t k = 0; k < rows * n; ++k) bad += !isfinite(ds->Y[k]);
  MPI_Allreduce(&bad, &all_bad, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm);
  if (all_bad)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "the data are not finite: %llu values of Y overflow the %s range (snr_db = %g, "
                       "bmin = %g, bmax = %g)", all_bad, GSAE_REAL_NAME, p->snr_db, p->bmin, p->bmax));
  ds->noise_std = sigma;
  ds->snr_db_measured = 10.0 * log10(signal / noise_energy);
cleanup:
  free(clean);
  free(groups);
  free(u);
  free(scale);
  free(noise);
  free(energy);
  return st;
}
