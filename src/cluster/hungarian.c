/* Optimal assignment (Hungarian method, shortest augmenting paths with potentials) and the
 * clustering accuracy built on it; see include/gsae/cluster.h. */
#include "gsae/cluster.h"

#include <math.h>
#include <stdlib.h>

gsae_status gsae_hungarian(const double *cost, size_t n, size_t *assign, double *total) {
  if (n == 0) {
    if (total) *total = 0.0;
    return GSAE_OK;
  }
  for (size_t q = 0; q < n * n; ++q)
    if (!isfinite(cost[q]))
      return gsae_fail(GSAE_ERR_DATA, "assignment: cost[%zu, %zu] = %g is not finite", q / n, q % n, cost[q]);
  /* 1-based: row potentials u[1..n], column potentials v[1..n], col_row[j] = row matched to
   * column j (0 = none), column 0 is the virtual start of each augmenting path. */
  gsae_status st = GSAE_OK;
  double *u = NULL, *v = NULL, *minv = NULL;
  size_t *col_row = NULL, *way = NULL;
  char *used = NULL;
  u = gsae_calloc(n + 1, sizeof *u, "assignment row potentials");
  v = gsae_calloc(n + 1, sizeof *v, "assignment column potentials");
  minv = gsae_calloc(n + 1, sizeof *minv, "assignment slack");
  col_row = gsae_calloc(n + 1, sizeof *col_row, "assignment matching");
  way = gsae_calloc(n + 1, sizeof *way, "assignment paths");
  used = gsae_calloc(n + 1, sizeof *used, "assignment marks");
  GSAE_TRY(u && v && minv && col_row && way && used ? GSAE_OK : GSAE_ERR_MEMORY);
  for (size_t i = 1; i <= n; ++i) {
    col_row[0] = i;
    size_t j0 = 0;
    for (size_t j = 0; j <= n; ++j) {
      minv[j] = INFINITY;
      used[j] = 0;
    }
    do { /* grow the alternating tree from row i until it reaches a free column */
      used[j0] = 1;
      size_t i0 = col_row[j0], j1 = 0;
      double delta = INFINITY;
      for (size_t j = 1; j <= n; ++j) {
        if (used[j]) continue;
        double cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (size_t j = 0; j <= n; ++j) {
        if (used[j]) {
          u[col_row[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (col_row[j0] != 0);
    do { /* flip the path */
      size_t j1 = way[j0];
      col_row[j0] = col_row[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  double sum = 0.0;
  for (size_t j = 1; j <= n; ++j) assign[col_row[j] - 1] = j - 1;
  for (size_t i = 0; i < n; ++i) sum += cost[i * n + assign[i]];
  if (total) *total = sum;
cleanup:
  free(used);
  free(way);
  free(col_row);
  free(minv);
  free(v);
  free(u);
  return st;
}

gsae_status gsae_cluster_accuracy(const int32_t *pred, const int32_t *truth, size_t n, size_t k_pred, size_t k_true,
                                  double *accuracy) {
  if (k_pred == 0 || k_true == 0)
    return gsae_fail(GSAE_ERR_ARG, "clustering accuracy: k_pred = %zu and k_true = %zu must both be >= 1", k_pred, k_true);
  for (size_t i = 0; i < n; ++i) {
    if (pred[i] < 0 || (size_t)pred[i] >= k_pred)
      return gsae_fail(GSAE_ERR_DATA, "clustering accuracy: predicted label %d of row %zu is outside 0..%zu", (int)pred[i],
                       i, k_pred - 1);
    if (truth[i] < 0 || (size_t)truth[i] >= k_true)
      return gsae_fail(GSAE_ERR_DATA, "clustering accuracy: true label %d of row %zu is outside 0..%zu", (int)truth[i], i,
                       k_true - 1);
  }
  if (n == 0) {
    *accuracy = 1.0;
    return GSAE_OK;
  }
  /* cost (K, K) = -contingency, K = max(k_pred, k_true); padded rows / columns cost 0 */
  gsae_status st = GSAE_OK;
  size_t K = k_pred > k_true ? k_pred : k_true;
  double *cost = NULL;
  size_t *assign = NULL;
  GSAE_TRY_ALLOC(cost, K * K, "clustering accuracy contingency table");
  GSAE_TRY_ALLOC(assign, K, "clustering accuracy matching");
  for (size_t i = 0; i < n; ++i) cost[(size_t)pred[i] * K + (size_t)truth[i]] -= 1.0;
  double total = 0.0;
  GSAE_TRY(gsae_hungarian(cost, K, assign, &total));
  *accuracy = -total / (double)n; /* counts are exact integers in double */
cleanup:
  free(assign);
  free(cost);
  return st;
}
