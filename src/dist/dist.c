/* Sharding, error agreement and reductions over MPI; see include/gsae/dist.h. */
#include "gsae/dist.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void gsae_dist_shard(size_t total, int rank, int size, size_t *first, size_t *count) {
  size_t base = total / (size_t)size, extra = total % (size_t)size, r = (size_t)rank;
  *count = base + (r < extra ? 1 : 0);
  *first = r * base + (r < extra ? r : extra);
}

gsae_status gsae_dist_agree(MPI_Comm comm, gsae_status local) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (size == 1) return local;
  int mine = local != GSAE_OK ? rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == INT_MAX) return GSAE_OK;
  /* broadcast the failing rank's code and message */
  int code = local;
  char msg[1024];
  memset(msg, 0, sizeof msg);
  if (rank == first) strncpy(msg, gsae_error_message(), sizeof msg - 1);
  MPI_Bcast(&code, 1, MPI_INT, first, comm);
  MPI_Bcast(msg, (int)sizeof msg, MPI_CHAR, first, comm);
  if (rank != first) gsae_fail(code, "%s", msg);
  return code;
}

gsae_status gsae_dist_ordered_sum(MPI_Comm comm, const double *local, size_t count, double *sum) {
  int size;
  MPI_Comm_size(comm, &size);
  if (count > (size_t)INT_MAX) return gsae_dist_agree(comm, gsae_fail(GSAE_ERR_ARG, "ordered sum: %zu values on one rank exceed 2^31", count));
  unsigned long long total = 0, mine = count;
  MPI_Allreduce(&mine, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm);
  int *counts = gsae_calloc((unsigned long long)size, sizeof *counts, "ordered-sum counts");
  int *displs = gsae_calloc((unsigned long long)size, sizeof *displs, "ordered-sum offsets");
  double *all = gsae_calloc(total, sizeof *all, "ordered-sum values");
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dist_agree(comm, counts && displs && all ? GSAE_OK : GSAE_ERR_MEMORY));
  if (total > (unsigned long long)INT_MAX) /* the same on every rank */
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "ordered sum: %llu values exceed 2^31", total));
  int c = (int)count;
  MPI_Allgather(&c, 1, MPI_INT, counts, 1, MPI_INT, comm);
  int off = 0;
  for (int r = 0; r < size; ++r) {
    displs[r] = off;
    off += counts[r];
  }
  MPI_Allgatherv(local, c, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, comm);
  double s = 0.0;
  for (unsigned long long i = 0; i < total; ++i) s += all[i];
  *sum = s;
cleanup:
  free(all);
  free(displs);
  free(counts);
  return st;
}

gsae_status gsae_dist_allreduce_sum(MPI_Comm comm, gsae_real *buf, size_t count) {
  const size_t chunk = (size_t)INT_MAX / 2;
  for (size_t off = 0; off < count; off += chunk) {
    size_t c = count - off < chunk ? count - off : chunk;
    if (MPI_Allreduce(MPI_IN_PLACE, buf + off, (int)c, GSAE_MPI_REAL, MPI_SUM, comm) != MPI_SUCCESS)
      return gsae_fail(GSAE_ERR_MPI, "MPI_Allreduce of %zu values failed", c);
  }
  return GSAE_OK;
}

gsae_status gsae_dist_fixed_grid(double bound, unsigned long long terms, gsae_dist_fixed *grid) {
  if (!(bound >= 0.0) || !isfinite(bound))
    return gsae_fail(GSAE_ERR_DATA, "fixed-point sum: bound %g on the terms is not a finite non-negative number", bound);
  if (terms == 0) terms = 1;
  int t;  /* terms < 2^t */
  frexp((double)terms, &t);
  if (t > 60) return gsae_fail(GSAE_ERR_ARG, "fixed-point sum: %llu terms exceed 2^60", terms);
  int b = 0; /* bound < 2^b */
  if (bound > 0.0) frexp(bound, &b);
  int e = 62 - t - b; /* bound · 2^e < 2^(62 - t), so terms of them sum below 2^62 */
  if (e > 1000) e = 1000; /* tiny bounds: any scale that keeps 2^e finite is exact enough */
  grid->scale = ldexp(1.0, e);
  grid->scale_lo = ldexp(1.0, 62 - t); /* residuals |r| < 1: terms · 2^(62 - t) < 2^62 */
  return GSAE_OK;
}

double gsae_dist_fixed_value(const gsae_dist_fixed *grid, const long long acc[2]) {
  return ((double)acc[0] + (double)acc[1] / grid->scale_lo) / grid->scale;
}

gsae_status gsae_dist_allreduce_i64(MPI_Comm comm, long long *buf, size_t count) {
  const size_t chunk = (size_t)INT_MAX / 2;
  for (size_t off = 0; off < count; off += chunk) {
    size_t c = count - off < chunk ? count - off : chunk;
    if (MPI_Allreduce(MPI_IN_PLACE, buf + off, (int)c, MPI_LONG_LONG, MPI_SUM, comm) != MPI_SUCCESS)
      return gsae_fail(GSAE_ERR_MPI, "MPI_Allreduce of %zu integers failed", c);
  }
  return GSAE_OK;
}
