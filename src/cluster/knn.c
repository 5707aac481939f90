/* k nearest neighbours of sharded rows among all rows; see gsae_knn in include/gsae/spectral.h.
 *
 * Every rank gathers all N rows (N, dim), then takes its own rows in blocks of B rows:
 * G = −2 X_block Xᵀ (B, N) by one GEMM, plus ‖x_i‖² + ‖x_j‖², clamped at 0, and selects the K
 * smallest per row under the total order (distance, index) by quickselect (expected O(N)). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "gsae/dist.h"
#include "gsae/spectral.h"

typedef struct {
  double d;
  int32_t j;
} cand;

static int cand_less(const cand *a, const cand *b) { return a->d < b->d || (a->d == b->d && a->j < b->j); }

static int cand_cmp(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  return cand_less(a, b) ? -1 : cand_less(b, a) ? 1 : 0;
}

static void cand_swap(cand *a, cand *b) {
  cand t = *a;
  *a = *b;
  *b = t;
}

/* Rearranges c[0..n) so that c[0..K) are the K smallest (any order); deterministic (median of
 * three pivots, a strict total order). */
static void select_k(cand *c, size_t n, size_t K) {
  size_t lo = 0, hi = n; /* the K-th smallest lies in [lo, hi) */
  while (hi - lo > 16) {
    size_t mid = lo + (hi - lo) / 2;
    if (cand_less(&c[mid], &c[lo])) cand_swap(&c[mid], &c[lo]);
    if (cand_less(&c[hi - 1], &c[lo])) cand_swap(&c[hi - 1], &c[lo]);
    if (cand_less(&c[hi - 1], &c[mid])) cand_swap(&c[hi - 1], &c[mid]);
    cand pivot = c[mid];
    cand_swap(&c[mid], &c[hi - 1]); /* pivot parked at the end */
    size_t store = lo;
    for (size_t i = lo; i < hi - 1; ++i)
      if (cand_less(&c[i], &pivot)) cand_swap(&c[i], &c[store++]);
    cand_swap(&c[store], &c[hi - 1]); /* pivot at its sorted position */
    if (store == K || store + 1 == K) return;
    if (store > K) hi = store;
    else lo = store + 1;
  }
  qsort(c + lo, hi - lo, sizeof *c, cand_cmp);
}

/* The sizes gsae_knn accepts (N the rows of all ranks). */
static gsae_status check_sizes(size_t K, size_t dim, unsigned long long N) {
  if (K < 1 || K > N) return gsae_fail(GSAE_ERR_ARG, "kNN: K = %zu neighbours must be in 1..%llu (the rows)", K, N);
  if (dim == 0) return gsae_fail(GSAE_ERR_ARG, "kNN: rows of dimension 0");
  if (N * dim > (unsigned long long)INT_MAX || N > (unsigned long long)INT32_MAX)
    return gsae_fail(GSAE_ERR_ARG, "kNN: %llu rows of %zu values exceed the gather limit of 2^31 values", N, dim);
  return GSAE_OK;
}

gsae_status gsae_knn(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t K, int32_t *nbr) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  gsae_status st = GSAE_OK;
  int *counts = calloc((size_t)size, sizeof *counts), *displs = calloc((size_t)size, sizeof *displs);
  unsigned long long *nrows = calloc((size_t)size, sizeof *nrows);
  double *Xall = NULL, *nrm = NULL, *G = NULL;
  cand *c = NULL;
  GSAE_TRY(gsae_dist_agree(comm, counts && displs && nrows ? GSAE_OK : gsae_fail(GSAE_ERR_MEMORY, "kNN: out of memory")));
  unsigned long long mine = rows, N = 0, off = 0;
  MPI_Allgather(&mine, 1, MPI_UNSIGNED_LONG_LONG, nrows, 1, MPI_UNSIGNED_LONG_LONG, comm);
  for (int r = 0; r < size; ++r) {
    if (r == rank) off = N;
    N += nrows[r];
  }
  GSAE_TRY(gsae_dist_agree(comm, check_sizes(K, dim, N)));
  for (int r = 0; r < size; ++r) {
    counts[r] = (int)(nrows[r] * dim);
    displs[r] = r ? displs[r - 1] + counts[r - 1] : 0;
  }
  size_t B = (size_t)(4u << 20) / (size_t)N; /* 32 MiB of doubles per block */
  if (B < 1) B = 1;
  if (B > rows) B = rows ? rows : 1;
  Xall = gsae_malloc((unsigned long long)N * dim * sizeof *Xall, "kNN: all rows");
  nrm = gsae_malloc((unsigned long long)N * sizeof *nrm, "kNN: row norms");
  G = gsae_malloc((unsigned long long)B * N * sizeof *G, "kNN: distance block");
  c = gsae_malloc((unsigned long long)N * sizeof *c, "kNN: candidates");
  GSAE_TRY(gsae_dist_agree(comm, Xall && nrm && G && c ? GSAE_OK : GSAE_ERR_MEMORY));
  MPI_Allgatherv(X, (int)(rows * dim), MPI_DOUBLE, Xall, counts, displs, MPI_DOUBLE, comm);
  for (size_t j = 0; j < N; ++j) {
    double s = 0.0;
    for (size_t q = 0; q < dim; ++q) s += Xall[j * dim + q] * Xall[j * dim + q];
    nrm[j] = s;
  }
  for (size_t r0 = 0; r0 < rows; r0 += B) {
    size_t nb = rows - r0 < B ? rows - r0 : B;
    /* G (nb, N) = −2 X[r0 : r0 + nb] Xallᵀ */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)N, (int)dim, -2.0, X + r0 * dim, (int)dim,
                Xall, (int)dim, 0.0, G, (int)N);
    for (size_t i = 0; i < nb; ++i) {
      const size_t gi = off + r0 + i;
      const double *g = G + i * N;
      for (size_t j = 0; j < N; ++j) {
        double d = g[j] + nrm[gi] + nrm[j];
        c[j].d = d > 0.0 ? d : 0.0;
        c[j].j = (int32_t)j;
      }
      c[gi].d = 0.0;
      select_k(c, N, K);
      qsort(c, K, sizeof *c, cand_cmp);
      for (size_t q = 0; q < K; ++q) nbr[(r0 + i) * K + q] = c[q].j;
    }
  }
cleanup:
  free(counts);
  free(displs);
  free(nrows);
  free(Xall);
  free(nrm);
  free(G);
  free(c);
  return st;
}
