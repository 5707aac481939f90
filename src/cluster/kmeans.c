/* Distributed k-means: k-means++ seeding, Lloyd iterations, restarts; see include/gsae/cluster.h.
 *
 * Rank independence: distances are computed row by row (no BLAS blocking), and every sum over
 * rows is accumulated on gsae_dist_fixed's integer grid, so the reduced integers, and everything
 * computed from them on every rank, are the same for any number of ranks. */
#include "gsae/cluster.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dist.h"
#include "gsae/rng.h"

/* The global layout of the rows: rank r holds global rows [offset[r], offset[r + 1]). */
typedef struct {
  MPI_Comm comm;
  int rank, size;
  const double *X; /* (rows, dim) row-major, this rank's rows */
  size_t rows, dim;
  unsigned long long *offset; /* (size + 1) */
  unsigned long long total;
  double xmax; /* max |x| over all ranks */
} layout;

gsae_kmeans_params gsae_kmeans_defaults(size_t k) {
  gsae_kmeans_params p = {k, 10, 300, 1e-6, 0};
  return p;
}

/* ‖a − b‖² in a fixed order (four interleaved partial sums, so the compiler can vectorise it);
 * a pure function of the two rows. */
static double sqdist(const double *a, const double *b, size_t dim) {
  double s[4] = {0.0, 0.0, 0.0, 0.0};
  size_t q = 0;
  for (; q + 4 <= dim; q += 4)
    for (int l = 0; l < 4; ++l) {
      double t = a[q + l] - b[q + l];
      s[l] += t * t;
    }
  for (; q < dim; ++q) {
    double t = a[q] - b[q];
    s[0] += t * t;
  }
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/* Nearest of the k centroids C (k, dim) to x (ties: lowest index); *d = its squared distance. */
static int32_t nearest(const double *x, const double *C, size_t k, size_t dim, double *d) {
  int32_t best = 0;
  double bd = sqdist(x, C, dim);
  for (size_t j = 1; j < k; ++j) {
    double t = sqdist(x, C + j * dim, dim);
    if (t < bd) {
      bd = t;
      best = (int32_t)j;
    }
  }
  *d = bd;
  return best;
}

static void layout_free(layout *L) { free(L->offset); }

/* Collective: the row counts of all ranks, max |x|, and the checks that need them. */
static gsae_status layout_init(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, layout *L) {
  memset(L, 0, sizeof *L);
  L->comm = comm;
  L->X = X;
  L->rows = rows;
  L->dim = dim;
  MPI_Comm_rank(comm, &L->rank);
  MPI_Comm_size(comm, &L->size);
  L->offset = gsae_calloc((unsigned long long)L->size + 1, sizeof *L->offset, "k-means row offsets");
  GSAE_CALL(gsae_dist_agree(comm, L->offset ? GSAE_OK : GSAE_ERR_MEMORY));
  unsigned long long mine = rows;
  MPI_Allgather(&mine, 1, MPI_UNSIGNED_LONG_LONG, L->offset + 1, 1, MPI_UNSIGNED_LONG_LONG, comm);
  for (int r = 0; r < L->size; ++r) L->offset[r + 1] += L->offset[r];
  L->total = L->offset[L->size];
  if (k > L->total)
    return gsae_fail(GSAE_ERR_ARG, "k-means: k = %zu clusters exceed the %llu rows of the data", k, L->total);
  gsae_status st = GSAE_OK;
  double m = 0.0;
  if (rows > 0 && !X) st = gsae_fail(GSAE_ERR_ARG, "k-means: rank %d holds %zu rows but no data", L->rank, rows);
  for (size_t q = 0; st == GSAE_OK && q < rows * dim; ++q) {
    if (!isfinite(X[q]))
      st = gsae_fail(GSAE_ERR_DATA, "k-means: X[%llu, %zu] = %g is not finite",
                     L->offset[L->rank] + (unsigned long long)(q / dim), q % dim, X[q]);
    else if (fabs(X[q]) > m)
      m = fabs(X[q]);
  }
  GSAE_CALL(gsae_dist_agree(comm, st));
  MPI_Allreduce(&m, &L->xmax, 1, MPI_DOUBLE, MPI_MAX, comm);
  return GSAE_OK;
}

/* Global row offset[owner] + i (i is meaningful on owner only) is copied to row (dim) on every
 * rank; returns its global index. */
static unsigned long long fetch_row(const layout *L, int owner, size_t i, double *buf, double *row) {
  if (L->rank == owner) {
    memcpy(buf, L->X + i * L->dim, L->dim * sizeof *buf);
    buf[L->dim] = (double)(L->offset[owner] + i); /* exact: indices < 2^53 */
  }
  MPI_Bcast(buf, (int)L->dim + 1, MPI_DOUBLE, owner, L->comm);
  memcpy(row, buf, L->dim * sizeof *row);
  return (unsigned long long)buf[L->dim];
}

static int owner_of(const layout *L, unsigned long long g) {
  int r = 0;
  while (r + 1 < L->size && L->offset[r + 1] <= g) ++r;
  return r;
}

/* The k-means++ draws with D² on the integer grid; D2 (rows), w (rows), buf (dim + 1) scratch,
 * W (size) scratch. */
static gsae_status seed_pp(const layout *L, size_t k, uint64_t seed, uint64_t restart, double *C,
                           unsigned long long *chosen, double *D2, long long *w, double *buf, long long *W) {
  const size_t dim = L->dim;
  double *u = gsae_calloc(k, sizeof *u, "k-means++ draws");
  GSAE_CALL(gsae_dist_agree(L->comm, u ? GSAE_OK : GSAE_ERR_MEMORY));
  gsae_rng_uniform(seed, GSAE_STREAM_KMEANS, restart, k, u);
  gsae_status st = GSAE_OK;
  for (size_t c = 0; c < k; ++c) {
    long long wsum = 0;
    if (c > 0) { /* D² weights of every row on one grid */
      double dmax = 0.0, gmax = 0.0;
      for (size_t i = 0; i < L->rows; ++i)
        if (D2[i] > dmax) dmax = D2[i];
      MPI_Allreduce(&dmax, &gmax, 1, MPI_DOUBLE, MPI_MAX, L->comm);
      gsae_dist_fixed grid;
      st = gsae_dist_fixed_grid(gmax, L->total, &grid); /* same inputs on every rank */
      if (st != GSAE_OK) break;
      for (size_t i = 0; i < L->rows; ++i) {
        w[i] = (long long)(D2[i] * grid.scale); /* truncated: < 2^62 / total rows */
        wsum += w[i];
      }
    }
    MPI_Allgather(&wsum, 1, MPI_LONG_LONG, W, 1, MPI_LONG_LONG, L->comm);
    unsigned long long wtot = 0;
    for (int r = 0; r < L->size; ++r) wtot += (unsigned long long)W[r];
    int owner;
    size_t local = 0;
    if (wtot == 0) { /* first centre, or every row already a centre: uniform over rows */
      unsigned long long g = (unsigned long long)(u[c] * (double)L->total);
      if (g >= L->total) g = L->total - 1;
      owner = owner_of(L, g);
      local = (size_t)(g - L->offset[owner]);
    } else { /* the row whose interval of cumulative weight contains t */
      unsigned long long t = (unsigned long long)(u[c] * (double)wtot);
      if (t >= wtot) t = wtot - 1;
      owner = 0;
      while (t >= (unsigned long long)W[owner]) t -= (unsigned long long)W[owner++];
      if (L->rank == owner) {
        unsigned long long cum = 0;
        for (local = 0; local < L->rows; ++local) {
          cum += (unsigned long long)w[local];
          if (cum > t) break;
        }
      }
    }
    unsigned long long g = fetch_row(L, owner, local, buf, C + c * dim);
    if (chosen) chosen[c] = g;
    for (size_t i = 0; i < L->rows; ++i) {
      double d = sqdist(L->X + i * dim, C + c * dim, dim);
      if (c == 0 || d < D2[i]) D2[i] = d;
    }
  }
  free(u);
  if (st != GSAE_OK) gsae_error_frame(__FILE__, __LINE__, "seed_pp");
  return st;
}

gsae_status gsae_kmeans_pp(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, uint64_t seed,
                           uint64_t restart, double *centroids, uint64_t *chosen) {
  if (k == 0) return gsae_fail(GSAE_ERR_ARG, "k-means: k = 0 clusters (need at least 1)");
  if (dim == 0 || dim >= (size_t)INT_MAX) return gsae_fail(GSAE_ERR_ARG, "k-means: dim = %zu (need 1 .. 2^31 - 2)", dim);
  gsae_status st = GSAE_OK;
  layout L;
  memset(&L, 0, sizeof L);
  double *D2 = NULL, *buf = NULL;
  long long *w = NULL, *W = NULL;
  unsigned long long *g = NULL;
  GSAE_TRY(layout_init(comm, X, rows, dim, k, &L));
  D2 = gsae_calloc(rows ? rows : 1, sizeof *D2, "k-means++ distances");
  w = gsae_calloc(rows ? rows : 1, sizeof *w, "k-means++ weights");
  buf = gsae_calloc(dim + 1, sizeof *buf, "k-means row buffer");
  W = gsae_calloc((unsigned long long)L.size, sizeof *W, "k-means++ rank weights");
  g = gsae_calloc(k, sizeof *g, "k-means++ chosen rows");
  GSAE_TRY(gsae_dist_agree(comm, D2 && w && buf && W && g ? GSAE_OK : GSAE_ERR_MEMORY));
  GSAE_TRY(seed_pp(&L, k, seed, restart, centroids, g, D2, w, buf, W));
  if (chosen)
    for (size_t c = 0; c < k; ++c) chosen[c] = g[c];
cleanup:
  free(g);
  free(W);
  free(buf);
  free(w);
  free(D2);
  layout_free(&L);
  return st;
}

/* The row farthest from its centroid (d, -1 = taken), ties to the lowest global index; it is
 * copied to row on every rank and marked taken. Returns its squared distance. */
static double take_farthest(const layout *L, double *d, double *buf, double *pairs, double *row) {
  double mine[2] = {-2.0, 0.0};
  for (size_t i = 0; i < L->rows; ++i)
    if (d[i] > mine[0]) {
      mine[0] = d[i];
      mine[1] = (double)i;
    }
  MPI_Allgather(mine, 2, MPI_DOUBLE, pairs, 2, MPI_DOUBLE, L->comm);
  int owner = 0;
  for (int r = 1; r < L->size; ++r)
    if (pairs[2 * r] > pairs[2 * owner]) owner = r;
  size_t i = (size_t)pairs[2 * owner + 1];
  fetch_row(L, owner, i, buf, row);
  if (L->rank == owner) d[i] = -1.0;
  return pairs[2 * owner];
}

/* Lloyd on an initialised layout from centroids C (k, dim), the same on every rank; d (rows),
 * acc (2·k·dim + k + 3), buf (dim + 1), pairs (2·size) are scratch. */
static gsae_status lloyd(const layout *L, size_t k, int max_iter, double tol, double *C, int32_t *labels,
                         gsae_kmeans_info *info, double *d, long long *acc, double *buf, double *pairs) {
  const size_t dim = L->dim, nacc = 2 * k * dim + k + 3;
  long long *sums = acc, *counts = acc + 2 * k * dim, *inert = counts + k, *changed = inert + 2;
  /* centroids stay in the box of the rows and the initial centroids (means of rows, or rows), so
   * |x - c| <= 2 m per coordinate */
  double m = L->xmax;
  for (size_t q = 0; q < k * dim; ++q) {
    if (!isfinite(C[q]))
      return gsae_fail(GSAE_ERR_ARG, "k-means: initial centroid[%zu, %zu] = %g is not finite", q / dim, q % dim, C[q]);
    if (fabs(C[q]) > m) m = fabs(C[q]);
  }
  gsae_dist_fixed gx, gd;
  GSAE_CALL(gsae_dist_fixed_grid(L->xmax, L->total, &gx));
  GSAE_CALL(gsae_dist_fixed_grid((double)dim * (2.0 * m) * (2.0 * m), L->total, &gd));
  double inertia = 0.0, inertia_prev = 0.0;
  int it = 0, converged = 0;
  for (;; ++it) {
    memset(acc, 0, nacc * sizeof *acc);
    for (size_t i = 0; i < L->rows; ++i) { /* E-step and the sums for the M-step */
      const double *x = L->X + i * dim;
      int32_t j = nearest(x, C, k, dim, &d[i]);
      if (it == 0 || labels[i] != j) ++*changed;
      labels[i] = j;
      ++counts[j];
      long long *s = sums + 2 * (size_t)j * dim;
      for (size_t q = 0; q < dim; ++q) gsae_dist_fixed_add(&gx, x[q], s + 2 * q);
      gsae_dist_fixed_add(&gd, d[i], inert);
    }
    GSAE_CALL(gsae_dist_allreduce_i64(L->comm, acc, nacc));
    inertia = gsae_dist_fixed_value(&gd, inert);
    size_t empty = 0;
    for (size_t j = 0; j < k; ++j) empty += counts[j] == 0;
    if (it > 0 && (*changed == 0 || inertia_prev - inertia <= tol * inertia)) {
      double dmax = 0.0, gmax = 0.0; /* empty clusters that a row could fill: not done yet */
      if (empty) {
        for (size_t i = 0; i < L->rows; ++i)
          if (d[i] > dmax) dmax = d[i];
        MPI_Allreduce(&dmax, &gmax, 1, MPI_DOUBLE, MPI_MAX, L->comm);
      }
      if (gmax == 0.0) {
        converged = 1;
        break;
      }
    }
    if (it >= max_iter) break;
    for (size_t j = 0; j < k; ++j) { /* M-step */
      if (counts[j] == 0) continue;
      for (size_t q = 0; q < dim; ++q)
        C[j * dim + q] = gsae_dist_fixed_value(&gx, sums + 2 * (j * dim + q)) / (double)counts[j];
    }
    for (size_t j = 0; j < k; ++j)
      if (counts[j] == 0) take_farthest(L, d, buf, pairs, C + j * dim);
    inertia_prev = inertia;
  }
  if (info) {
    info->inertia = inertia;
    info->iterations = it;
    info->converged = converged;
    info->restart = 0;
  }
  return GSAE_OK;
}

/* Validation that needs no communication (the same on every rank). */
static gsae_status check_args(size_t k, size_t dim, int max_iter, double tol) {
  if (k == 0) return gsae_fail(GSAE_ERR_ARG, "k-means: k = 0 clusters (need at least 1)");
  if (k > (size_t)INT32_MAX) return gsae_fail(GSAE_ERR_ARG, "k-means: k = %zu clusters exceed 2^31 - 1", k);
  if (dim == 0 || dim >= (size_t)INT_MAX) return gsae_fail(GSAE_ERR_ARG, "k-means: dim = %zu (need 1 .. 2^31 - 2)", dim);
  if (max_iter < 0) return gsae_fail(GSAE_ERR_ARG, "k-means: max_iter = %d is negative", max_iter);
  if (!(tol >= 0.0) || !isfinite(tol)) return gsae_fail(GSAE_ERR_ARG, "k-means: tol = %g (need a finite value >= 0)", tol);
  return GSAE_OK;
}

/* One workspace for seeding and Lloyd. */
typedef struct {
  double *d, *buf, *pairs;
  long long *acc, *w, *W;
} work;

static gsae_status work_alloc(const layout *L, size_t k, work *ws) {
  size_t rows = L->rows ? L->rows : 1;
  ws->d = gsae_calloc(rows, sizeof *ws->d, "k-means distances");
  ws->w = gsae_calloc(rows, sizeof *ws->w, "k-means++ weights");
  ws->buf = gsae_calloc(L->dim + 1, sizeof *ws->buf, "k-means row buffer");
  ws->pairs = gsae_calloc(2 * (size_t)L->size, sizeof *ws->pairs, "k-means farthest rows");
  ws->W = gsae_calloc((size_t)L->size, sizeof *ws->W, "k-means++ rank weights");
  ws->acc = gsae_calloc(2 * k * L->dim + k + 3, sizeof *ws->acc, "k-means centroid sums");
  return gsae_dist_agree(L->comm, ws->d && ws->w && ws->buf && ws->pairs && ws->W && ws->acc ? GSAE_OK : GSAE_ERR_MEMORY);
}

static void work_free(work *ws) {
  free(ws->acc);
  free(ws->W);
  free(ws->pairs);
  free(ws->buf);
  free(ws->w);
  free(ws->d);
}

gsae_status gsae_kmeans_lloyd(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, int max_iter,
                              double tol, double *centroids, int32_t *labels, gsae_kmeans_info *info) {
  GSAE_CALL(check_args(k, dim, max_iter, tol));
  gsae_status st = GSAE_OK;
  layout L;
  memset(&L, 0, sizeof L);
  work ws = {0};
  GSAE_TRY(layout_init(comm, X, rows, dim, k, &L));
  GSAE_TRY(work_alloc(&L, k, &ws));
  GSAE_TRY(lloyd(&L, k, max_iter, tol, centroids, labels, info, ws.d, ws.acc, ws.buf, ws.pairs));
cleanup:
  work_free(&ws);
  layout_free(&L);
  return st;
}

gsae_status gsae_kmeans(MPI_Comm comm, const double *X, size_t rows, size_t dim, const gsae_kmeans_params *p,
                        int32_t *labels, double *centroids, gsae_kmeans_info *info) {
  GSAE_CALL(check_args(p->k, dim, p->max_iter, p->tol));
  if (p->restarts < 1) return gsae_fail(GSAE_ERR_ARG, "k-means: restarts = %d (need at least 1)", p->restarts);
  const size_t k = p->k;
  gsae_status st = GSAE_OK;
  layout L;
  memset(&L, 0, sizeof L);
  work ws = {0};
  double *C = NULL;
  int32_t *lab = NULL;
  gsae_kmeans_info best = {0}, run;
  GSAE_TRY(layout_init(comm, X, rows, dim, k, &L));
  GSAE_TRY(work_alloc(&L, k, &ws));
  C = gsae_calloc(k * dim, sizeof *C, "k-means centroids");
  lab = gsae_calloc(rows ? rows : 1, sizeof *lab, "k-means labels");
  GSAE_TRY(gsae_dist_agree(comm, C && lab ? GSAE_OK : GSAE_ERR_MEMORY));
  for (int r = 0; r < p->restarts; ++r) {
    GSAE_TRY(seed_pp(&L, k, p->seed, (uint64_t)r, C, NULL, ws.d, ws.w, ws.buf, ws.W));
    GSAE_TRY(lloyd(&L, k, p->max_iter, p->tol, C, lab, &run, ws.d, ws.acc, ws.buf, ws.pairs));
    if (r == 0 || run.inertia < best.inertia) { /* inertia is the same on every rank */
      best = run;
      best.restart = r;
      memcpy(centroids, C, k * dim * sizeof *C);
      if (rows) memcpy(labels, lab, rows * sizeof *lab);
    }
  }
  if (info) *info = best;
cleanup:
  free(lab);
  free(C);
  work_free(&ws);
  layout_free(&L);
  return st;
}
