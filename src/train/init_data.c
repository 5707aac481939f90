/* --init data: atoms from training samples, ||A0||_2 = 1; see init_data.h. */
#include "init_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dist.h"
#include "gsae/metrics.h"
#include "gsae/rng.h"
#include "gsae/unfolded.h"

gsae_status init_from_samples(MPI_Comm comm, const gsae_dataset *ds, size_t m, uint64_t seed, gsae_real *W0,
                              gsae_init_report *report) {
  const size_t n = ds->n;
  if (m > ds->total)
    return gsae_fail(GSAE_ERR_ARG, "--init data needs m = %zu distinct samples, the data set has %zu", m, ds->total);
  gsae_status st = GSAE_OK;
  size_t *pick = gsae_calloc(m ? m : 1, sizeof *pick, "initial samples");
  gsae_real *A = gsae_calloc(m * n > 0 ? m * n : 1, sizeof *A, "initial dictionary transpose");
  double rho = 0.0;
  GSAE_TRY(gsae_dist_agree(comm, pick && A ? GSAE_OK : GSAE_ERR_MEMORY)); /* before the collective sum */
  gsae_rng_subset(seed, GSAE_STREAM_INIT_SAMPLES, 0, ds->total, m, pick);
  memset(W0, 0, m * n * sizeof *W0);
  for (size_t j = 0; j < m; ++j)
    if (pick[j] >= ds->first && pick[j] < ds->first + ds->rows)
      memcpy(W0 + j * n, ds->Y + (pick[j] - ds->first) * n, n * sizeof *W0);
  GSAE_TRY(gsae_dist_allreduce_sum(comm, W0, m * n));
  for (size_t r = 0; r < n; ++r)
    for (size_t j = 0; j < m; ++j) A[r * m + j] = W0[j * n + r];
  const gsae_status sst = gsae_sigma_max_sq(A, n, m, &rho);
  if (sst != GSAE_OK) gsae_error_prefix("--init data: the chosen samples give no usable dictionary: ");
  GSAE_TRY(sst);
  const double scale = 1.0 / sqrt(rho);
  for (size_t k = 0; k < m * n; ++k) W0[k] = (gsae_real)((double)W0[k] * scale);
  report->sigma = scale;
  report->correlation = NAN;
  report->delta = NAN;
  if (ds->has_truth && ds->m == m) {
    report->correlation = gsae_mean_correlation(W0, ds->A_true, m, n);
    report->delta = gsae_max_group_distance(W0, ds->A_true, m, n, ds->group_size);
  }
cleanup:
  free(pick);
  free(A);
  return st;
}
