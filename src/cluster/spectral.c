/* Spectral clustering (scikit-learn's nearest-neighbours protocol); see include/gsae/spectral.h.
 *
 * Stages: kNN lists of the local rows (knn.c) → all lists on every rank (N, K) → twice the
 * degrees as integers → the local blocks of M on the BLACS grid → top-k eigenpairs (topeig.c)
 * → U (N, k) on every rank → embedding rows / sqrt(d), sign flip → gsae_kmeans on local rows. */
#include "gsae/spectral.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../dist/blockcyclic.h"
#include "gsae/cluster.h"
#include "gsae/dist.h"
#include "topeig.h"

const char *const gsae_spectral_path_names[] = {"auto", "exact", "iterative", NULL};

gsae_spectral_options gsae_spectral_defaults(void) {
  gsae_spectral_options o = {GSAE_SPECTRAL_AUTO, 0, 10, 1e-10, 5000, 10, 8};
  return o;
}

/* The collective checks: total rows, arguments, finite data. */
static gsae_status check_args(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, size_t K,
                              const gsae_spectral_options *o, unsigned long long *N_out, unsigned long long *off) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  unsigned long long mine = rows, N = 0;
  MPI_Exscan(&mine, off, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm);
  if (rank == 0) *off = 0;
  MPI_Allreduce(&mine, &N, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm);
  *N_out = N;
  gsae_status st = GSAE_OK;
  if (!o) st = gsae_fail(GSAE_ERR_ARG, "spectral: no options given");
  else if (k < 1 || k > N) st = gsae_fail(GSAE_ERR_ARG, "spectral: k = %zu clusters must be in 1..%llu (the rows)", k, N);
  else if (K < 1 || K >= N)
    st = gsae_fail(GSAE_ERR_ARG, "spectral: n_neighbors = %zu must be in 1..%llu (fewer than the %llu rows)", K,
                   N > 0 ? N - 1 : 0, N);
  else if (dim == 0) st = gsae_fail(GSAE_ERR_ARG, "spectral: rows of dimension 0");
  else if (N > (unsigned long long)INT_MAX / (K > k ? K : k))
    st = gsae_fail(GSAE_ERR_ARG, "spectral: %llu rows x %zu neighbours exceed 2^31 (ScaLAPACK's int indices)", N, K);
  else if (o->path != GSAE_SPECTRAL_AUTO && o->path != GSAE_SPECTRAL_EXACT && o->path != GSAE_SPECTRAL_ITERATIVE)
    st = gsae_fail(GSAE_ERR_ARG, "spectral: unknown eigensolver path %d", (int)o->path);
  else if (o->restarts < 1) st = gsae_fail(GSAE_ERR_ARG, "spectral: restarts = %d must be >= 1", o->restarts);
  else if (!(o->tol > 0.0)) st = gsae_fail(GSAE_ERR_ARG, "spectral: tol = %g must be > 0", o->tol);
  else if (o->max_iter < 1) st = gsae_fail(GSAE_ERR_ARG, "spectral: max_iter = %d must be >= 1", o->max_iter);
  else if (o->oversample < 0) st = gsae_fail(GSAE_ERR_ARG, "spectral: oversample = %d must be >= 0", o->oversample);
  else if (o->degree < 1 || o->degree > 64)
    st = gsae_fail(GSAE_ERR_ARG, "spectral: filter degree = %d must be in 1..64", o->degree);
  GSAE_CALL(gsae_dist_agree(comm, st));
  if (rows > 0 && !X) st = gsae_fail(GSAE_ERR_ARG, "spectral: rank %d holds %zu rows but no data", rank, rows);
  for (size_t q = 0; st == GSAE_OK && q < rows * dim; ++q)
    if (!isfinite(X[q]))
      st = gsae_fail(GSAE_ERR_DATA, "spectral: X[%llu, %zu] = %g is not finite", *off + (unsigned long long)(q / dim),
                     q % dim, X[q]);
  return gsae_dist_agree(comm, st);
}

/* All ranks' kNN lists (N, K) from the local ones (rows, K). */
static gsae_status gather_lists(MPI_Comm comm, const int32_t *mine, size_t rows, size_t K, int32_t *all) {
  gsae_status st = GSAE_OK;
  int size;
  MPI_Comm_size(comm, &size);
  int *counts = calloc((size_t)size, sizeof *counts), *displs = calloc((size_t)size, sizeof *displs);
  GSAE_TRY(gsae_dist_agree(comm, counts && displs ? GSAE_OK : gsae_fail(GSAE_ERR_MEMORY, "spectral: out of memory")));
  int c = (int)(rows * K);
  MPI_Allgather(&c, 1, MPI_INT, counts, 1, MPI_INT, comm);
  for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
  if (MPI_Allgatherv(mine, c, MPI_INT32_T, all, counts, displs, MPI_INT32_T, comm) != MPI_SUCCESS)
    GSAE_TRY(gsae_fail(GSAE_ERR_MPI, "spectral: gathering the kNN lists failed"));
cleanup:
  free(counts);
  free(displs);
  return st;
}

/* M's local blocks: +1/2 at (a, b) and (b, a) for each edge a → b, a != b (so W = (C + Cᵀ)/2 off
 * the diagonal), then scaled by 1/(s_a s_b), s = sqrt(d) (1 where d = 0). */
static void fill_matrix(const gsae_grid *g, gsae_bcmat *M, const int32_t *nbr, size_t N, size_t K, const double *s) {
  const int nb = M->nb, lld = M->desc[8];
  for (size_t a = 0; a < N; ++a)
    for (size_t q = 0; q < K; ++q) {
      int i = (int)a, j = nbr[a * K + q];
      if (i == j) continue;
      for (int t = 0; t < 2; ++t) {
        int r = t ? j : i, c = t ? i : j;
        if (gsae_bc_owner(r, nb, g->nprow) == g->myrow && gsae_bc_owner(c, nb, g->npcol) == g->mycol)
          M->a[(size_t)gsae_bc_local(c, nb, g->npcol) * lld + gsae_bc_local(r, nb, g->nprow)] += 0.5;
      }
    }
  for (int lc = 0; lc < M->lcols; ++lc) {
    double sc = s[gsae_bc_global(lc, nb, g->mycol, g->npcol)];
    for (int lr = 0; lr < M->lrows; ++lr) {
      double *m = &M->a[(size_t)lc * lld + lr];
      if (*m != 0.0) *m /= sc * s[gsae_bc_global(lr, nb, g->myrow, g->nprow)];
    }
  }
}

gsae_status gsae_spectral(MPI_Comm comm, const double *X, size_t rows, size_t dim, size_t k, size_t K,
                          const gsae_spectral_options *o, int32_t *labels, gsae_spectral_report *report) {
  double t0 = MPI_Wtime(), t;
  unsigned long long N = 0, off = 0;
  GSAE_CALL(check_args(comm, X, rows, dim, k, K, o, &N, &off));
  gsae_spectral_report rep;
  memset(&rep, 0, sizeof rep);
  if (report) {
    rep.eigenvalues = report->eigenvalues;
    rep.embedding = report->embedding;
  }
  rep.path = o->path != GSAE_SPECTRAL_AUTO ? o->path : N <= 1500 ? GSAE_SPECTRAL_EXACT : GSAE_SPECTRAL_ITERATIVE;

  int32_t *mine = gsae_malloc((unsigned long long)(rows ? rows : 1) * K * sizeof *mine, "spectral: local kNN lists");
  int32_t *nbr = gsae_malloc((unsigned long long)N * K * sizeof *nbr, "spectral: kNN lists");
  long long *deg2 = gsae_calloc(N, sizeof *deg2, "spectral: degrees");
  double *s = gsae_malloc(N * sizeof *s, "spectral: sqrt(degree)");
  double *vals = gsae_malloc(k * sizeof *vals, "spectral: eigenvalues");
  double *U = gsae_malloc((unsigned long long)N * k * sizeof *U, "spectral: eigenvectors");
  double *E = gsae_malloc((unsigned long long)(rows ? rows : 1) * k * sizeof *E, "spectral: embedding");
  double *C = gsae_malloc((unsigned long long)k * k * sizeof *C, "spectral: centroids");
  gsae_grid grid;
  memset(&grid, 0, sizeof grid);
  gsae_bcmat M;
  memset(&M, 0, sizeof M);
  int have_grid = 0;
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dist_agree(comm, (mine && nbr && deg2 && s && vals && U && E && C) ? GSAE_OK : GSAE_ERR_MEMORY));

  /* 1. kNN graph */
  GSAE_TRY(gsae_knn(comm, X, rows, dim, K, mine));
  GSAE_TRY(gather_lists(comm, mine, rows, K, nbr));
  t = MPI_Wtime();
  rep.seconds_knn = t - t0;
  t0 = t;

  /* 2. degrees (2 d_i: an integer) and M on the grid */
  for (size_t a = 0; a < N; ++a)
    for (size_t q = 0; q < K; ++q) {
      size_t b = (size_t)nbr[a * K + q];
      if (b != a) ++deg2[a], ++deg2[b];
    }
  for (size_t a = 0; a < N; ++a) s[a] = deg2[a] > 0 ? sqrt(0.5 * (double)deg2[a]) : 1.0;
  GSAE_TRY(gsae_grid_init(comm, &grid));
  have_grid = 1;
  const int nb = rep.path == GSAE_SPECTRAL_EXACT ? gsae_topeig_exact_nb((int)N, (int)k, grid.nprow, grid.npcol)
                 : N >= 4096                     ? 64
                                                 : 32;
  rep.nprow = grid.nprow;
  rep.npcol = grid.npcol;
  rep.nb = nb;
  GSAE_TRY(gsae_dist_agree(comm, gsae_bcmat_alloc(&grid, (int)N, (int)N, nb, &M)));
  fill_matrix(&grid, &M, nbr, N, K, s);
  t = MPI_Wtime();
  rep.seconds_matrix = t - t0;
  t0 = t;

  /* 3. eigenpairs */
  if (rep.path == GSAE_SPECTRAL_EXACT) GSAE_TRY(gsae_topeig_exact(&grid, &M, (int)k, vals, U));
  else
    GSAE_TRY(gsae_topeig_subspace(&grid, &M, (int)k, o->oversample, o->degree, o->tol, o->max_iter, o->seed, vals, U,
                                  &rep.iterations, &rep.residual));
  gsae_bcmat_free(&M); /* the matrix and the grid are done with */
  gsae_grid_free(&grid);
  have_grid = 0;
  t = MPI_Wtime();
  rep.seconds_eigen = t - t0;
  t0 = t;

  /* 4. embedding: rows / sqrt(d), each column's largest |entry| (first one) made positive */
  for (size_t j = 0; j < k; ++j) {
    size_t best = 0;
    double bv = -1.0;
    for (size_t i = 0; i < N; ++i) {
      double v = fabs(U[i * k + j] / s[i]);
      if (v > bv) bv = v, best = i;
    }
    double sign = U[best * k + j] < 0.0 ? -1.0 : 1.0;
    for (size_t i = 0; i < rows; ++i) E[i * k + j] = sign * U[(off + i) * k + j] / s[off + i];
  }
  if (rep.eigenvalues) memcpy(rep.eigenvalues, vals, k * sizeof *vals);
  if (rep.embedding && rows) memcpy(rep.embedding, E, rows * k * sizeof *E);
  t = MPI_Wtime();
  rep.seconds_embed = t - t0;
  t0 = t;

  /* 5. k-means on the embedding rows */
  gsae_kmeans_params p = gsae_kmeans_defaults(k);
  p.restarts = o->restarts;
  p.seed = o->seed;
  GSAE_TRY(gsae_kmeans(comm, E, rows, k, &p, labels, C, NULL));
  rep.seconds_kmeans = MPI_Wtime() - t0;
cleanup:
  gsae_bcmat_free(&M);
  if (have_grid) gsae_grid_free(&grid);
  if (report) *report = rep;
  free(mine), free(nbr), free(deg2), free(s), free(vals), free(U), free(E), free(C);
  return st;
}
