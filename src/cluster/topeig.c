/* The k largest eigenpairs of a symmetric block-cyclic matrix: PDSYEVR, or block subspace
 * iteration with Rayleigh–Ritz; see src/cluster/topeig.h. */
#include "topeig.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "gsae/dist.h"
#include "gsae/rng.h"

static const int ONE = 1;

static int count0(int n, int nb, int P) { /* entries of n held by process 0 of P (NUMROC) */
  int blocks = n / nb, num = (blocks / P) * nb;
  return num + (blocks % P > 0 ? nb : blocks % P == 0 ? n % nb : 0);
}

int gsae_topeig_exact_nb(int N, int k, int nprow, int npcol) {
  /* PDSYEVR hands PDORMTR a fixed SIZE1 = max(18 N, NP00 MQ00 + 2 nb²) of workspace (whatever
     LWORK is), while PDORMTR needs about (Mp + Nq) nb + nb² (Mp <= NP00, Nq <= MQ00 + nb): with
     few eigenpairs (k < nb) that fails for large blocks, so take the largest nb that fits. */
  for (int nb = 64; nb > 1; nb /= 2) {
    long long np = count0(N, nb, nprow), mq = count0(k, nb, npcol);
    long long size1 = 18LL * N > np * mq + 2LL * nb * nb ? 18LL * N : np * mq + 2LL * nb * nb;
    if ((np + mq + nb) * nb + (long long)nb * nb <= size1) return nb;
  }
  return 1;
}

gsae_status gsae_topeig_exact(const gsae_grid *g, gsae_bcmat *M, int k, double *vals, double *U) {
  const int N = M->m;
  gsae_status st = GSAE_OK;
  gsae_bcmat Z;
  memset(&Z, 0, sizeof Z);
  double *w = NULL, *full = NULL, *work = NULL;
  int *iwork = NULL;
  int il = N - k + 1, iu = N, m = 0, nz = 0, info = 0, lwork = -1, liwork = -1, iwq = 0;
  double vl = 0.0, vu = 0.0, wq = 0.0;
  gsae_status local = gsae_bcmat_alloc(g, N, N, M->nb, &Z); /* GSAE_OK or GSAE_ERR_MEMORY */
  w = gsae_malloc((unsigned long long)N * sizeof *w, "PDSYEVR eigenvalues");
  full = gsae_malloc((unsigned long long)N * (unsigned long long)k * sizeof *full, "eigenvectors");
  if (!w || !full) local = GSAE_ERR_MEMORY;
  GSAE_TRY(gsae_dist_agree(g->comm, local));
  pdsyevr_("V", "I", "L", &N, M->a, &ONE, &ONE, M->desc, &vl, &vu, &il, &iu, &m, &nz, w, Z.a, &ONE, &ONE, Z.desc,
           &wq, &lwork, &iwq, &liwork, &info);
  GSAE_TRY(gsae_dist_agree(g->comm, info != 0 ? gsae_fail(GSAE_ERR_NUMERIC, "PDSYEVR workspace query failed (info = %d)",
                                                          info)
                                              : GSAE_OK));
  lwork = (int)wq + 1;
  liwork = iwq > 1 ? iwq : 1;
  work = gsae_malloc((unsigned long long)lwork * sizeof *work, "PDSYEVR workspace");
  iwork = gsae_malloc((unsigned long long)liwork * sizeof *iwork, "PDSYEVR integer workspace");
  GSAE_TRY(gsae_dist_agree(g->comm, work && iwork ? GSAE_OK : GSAE_ERR_MEMORY));
  pdsyevr_("V", "I", "L", &N, M->a, &ONE, &ONE, M->desc, &vl, &vu, &il, &iu, &m, &nz, w, Z.a, &ONE, &ONE, Z.desc,
           work, &lwork, iwork, &liwork, &info);
  GSAE_TRY(gsae_dist_agree(g->comm, info != 0 || m != k || nz != k
                                        ? gsae_fail(GSAE_ERR_NUMERIC, "PDSYEVR failed (info = %d, %d of %d eigenpairs)",
                                                    info, m, k)
                                        : GSAE_OK));
  GSAE_TRY(gsae_bcmat_gather(g, &Z, k, full)); /* (N, k), ascending */
  for (int j = 0; j < k; ++j) vals[j] = w[k - 1 - j];
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < k; ++j) U[(size_t)i * (size_t)k + (size_t)j] = full[(size_t)i * (size_t)k + (size_t)(k - 1 - j)];
cleanup:
  gsae_bcmat_free(&Z);
  free(w);
  free(full);
  free(work);
  free(iwork);
  return st;
}

/* QR workspace: tau and work for PDGEQRF + PDORGQR on V (N, b). */
typedef struct {
  double *tau, *work;
  int lwork;
} qr_ws;

static gsae_status qr_orthonormalise(gsae_bcmat *V, qr_ws *ws) {
  int info = 0;
  pdgeqrf_(&V->m, &V->n, V->a, &ONE, &ONE, V->desc, ws->tau, ws->work, &ws->lwork, &info);
  if (info != 0) return gsae_fail(GSAE_ERR_NUMERIC, "PDGEQRF failed (info = %d)", info);
  pdorgqr_(&V->m, &V->n, &V->n, V->a, &ONE, &ONE, V->desc, ws->tau, ws->work, &ws->lwork, &info);
  if (info != 0) return gsae_fail(GSAE_ERR_NUMERIC, "PDORGQR failed (info = %d)", info);
  return GSAE_OK;
}

/* The blocks of the subspace iteration: V, W, T (N, b) and S, H (b, b); the caller frees them. */
static gsae_status alloc_blocks(const gsae_grid *g, int N, int b, int nb, gsae_bcmat *V, gsae_bcmat *W, gsae_bcmat *T,
                                gsae_bcmat *S, gsae_bcmat *H) {
  GSAE_CALL(gsae_bcmat_alloc(g, N, b, nb, V));
  GSAE_CALL(gsae_bcmat_alloc(g, N, b, nb, W));
  GSAE_CALL(gsae_bcmat_alloc(g, N, b, nb, T));
  GSAE_CALL(gsae_bcmat_alloc(g, b, b, nb, S));
  GSAE_CALL(gsae_bcmat_alloc(g, b, b, nb, H));
  return GSAE_OK;
}

gsae_status gsae_topeig_subspace(const gsae_grid *g, const gsae_bcmat *M, int k, int p, int degree, double tol,
                                 int max_iter, uint64_t seed, double *vals, double *U, int *iterations, double *residual) {
  const int N = M->m, nb = M->nb, b = k + p < N ? k + p : N;
  gsae_bcmat V, W, T, S, H;
  memset(&V, 0, sizeof V), memset(&W, 0, sizeof W), memset(&T, 0, sizeof T), memset(&S, 0, sizeof S),
      memset(&H, 0, sizeof H);
  gsae_status st = GSAE_OK;
  double *Hf = NULL, *Sf = NULL, *ev = NULL, *theta = NULL, *row = NULL, *sq = NULL;
  qr_ws ws = {NULL, NULL, 0};
  const double one = 1.0, zero = 0.0;
  int it = 0;
  double maxres = INFINITY;
  gsae_status local = alloc_blocks(g, N, b, nb, &V, &W, &T, &S, &H); /* GSAE_OK or GSAE_ERR_MEMORY */
  Hf = gsae_malloc((unsigned long long)b * b * sizeof *Hf, "Rayleigh quotient");
  Sf = gsae_malloc((unsigned long long)b * b * sizeof *Sf, "Ritz rotation");
  ev = gsae_malloc((unsigned long long)b * sizeof *ev, "Ritz values");
  theta = gsae_malloc((unsigned long long)b * sizeof *theta, "Ritz values");
  row = gsae_malloc((unsigned long long)b * sizeof *row, "start block row");
  sq = gsae_malloc((unsigned long long)b * sizeof *sq, "residual norms");
  ws.tau = gsae_malloc((unsigned long long)(V.lcols > 0 ? V.lcols : 1) * sizeof(double), "QR tau");
  if (!Hf || !Sf || !ev || !theta || !row || !sq || !ws.tau) local = GSAE_ERR_MEMORY;
  GSAE_TRY(gsae_dist_agree(g->comm, local));
  { /* workspace: the larger of the two queries */
    int info = 0, q = -1;
    double w1 = 0.0, w2 = 0.0;
    pdgeqrf_(&V.m, &V.n, V.a, &ONE, &ONE, V.desc, ws.tau, &w1, &q, &info);
    pdorgqr_(&V.m, &V.n, &V.n, V.a, &ONE, &ONE, V.desc, ws.tau, &w2, &q, &info);
    ws.lwork = (int)(w1 > w2 ? w1 : w2) + 1;
    ws.work = gsae_malloc((unsigned long long)ws.lwork * sizeof *ws.work, "QR workspace");
    GSAE_TRY(gsae_dist_agree(g->comm, ws.work ? GSAE_OK : GSAE_ERR_MEMORY));
  }
  { /* start block: row i of V from (seed, stream, i), whatever the grid */
    const int lld = V.desc[8];
    for (int lr = 0; lr < V.lrows; ++lr) {
      gsae_rng_normal(seed, GSAE_STREAM_SPECTRAL, (uint64_t)gsae_bc_global(lr, nb, g->myrow, g->nprow), (size_t)b, row);
      for (int lc = 0; lc < V.lcols; ++lc) V.a[(size_t)lc * lld + lr] = row[gsae_bc_global(lc, nb, g->mycol, g->npcol)];
    }
    GSAE_TRY(gsae_dist_agree(g->comm, qr_orthonormalise(&V, &ws)));
  }
  for (;;) {
    ++it;
    const size_t nloc = (size_t)V.desc[8] * (size_t)(V.lcols > 0 ? V.lcols : 1);
    /* W (N, b) = M V;  H (b, b) = Vᵀ W on every rank; its eigenpairs by value, descending */
    pdgemm_("N", "N", &N, &b, &N, &one, M->a, &ONE, &ONE, M->desc, V.a, &ONE, &ONE, V.desc, &zero, W.a, &ONE, &ONE,
            W.desc);
    pdgemm_("T", "N", &b, &b, &N, &one, V.a, &ONE, &ONE, V.desc, W.a, &ONE, &ONE, W.desc, &zero, H.a, &ONE, &ONE,
            H.desc);
    GSAE_TRY(gsae_bcmat_gather(g, &H, b, Hf));
    for (int i = 0; i < b; ++i)
      for (int j = 0; j < i; ++j) {
        double s = 0.5 * (Hf[(size_t)i * b + j] + Hf[(size_t)j * b + i]);
        Hf[(size_t)i * b + j] = Hf[(size_t)j * b + i] = s;
      }
    int info = (int)LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', b, Hf, b, ev);
    if (info != 0) /* the same on every rank: Hf is identical everywhere */
      GSAE_TRY(gsae_fail(GSAE_ERR_NUMERIC, "spectral: Rayleigh-Ritz eigenproblem failed (dsyev info = %d)", info));
    for (int j = 0; j < b; ++j) {
      theta[j] = ev[b - 1 - j];
      for (int i = 0; i < b; ++i) Sf[(size_t)i * b + j] = Hf[(size_t)i * b + (b - 1 - j)];
    }
    gsae_bcmat_scatter(g, &S, Sf);
    /* T = V S (Ritz vectors, orthonormal), V = W S = M T */
    pdgemm_("N", "N", &N, &b, &b, &one, V.a, &ONE, &ONE, V.desc, S.a, &ONE, &ONE, S.desc, &zero, T.a, &ONE, &ONE,
            T.desc);
    pdgemm_("N", "N", &N, &b, &b, &one, W.a, &ONE, &ONE, W.desc, S.a, &ONE, &ONE, S.desc, &zero, V.a, &ONE, &ONE,
            V.desc);
    /* residuals ‖M t_j − θ_j t_j‖ */
    memset(sq, 0, (size_t)b * sizeof *sq);
    const int lld = V.desc[8];
    for (int lc = 0; lc < V.lcols; ++lc) {
      int gc = gsae_bc_global(lc, nb, g->mycol, g->npcol);
      if (gc >= k) continue;
      for (int lr = 0; lr < V.lrows; ++lr) {
        double r = V.a[(size_t)lc * lld + lr] - theta[gc] * T.a[(size_t)lc * lld + lr];
        sq[gc] += r * r;
      }
    }
    MPI_Allreduce(MPI_IN_PLACE, sq, k, MPI_DOUBLE, MPI_SUM, g->comm);
    maxres = 0.0;
    for (int j = 0; j < k; ++j) maxres = fmax(maxres, sqrt(sq[j]));
    MPI_Bcast(&maxres, 1, MPI_DOUBLE, 0, g->comm); /* one decision for all ranks */
    if (maxres <= tol) {
      GSAE_TRY(gsae_bcmat_gather(g, &T, k, U));
      for (int j = 0; j < k; ++j) vals[j] = theta[j];
      break;
    }
    if (it >= max_iter)
      GSAE_TRY(gsae_fail(GSAE_ERR_NUMERIC,
                         "spectral: subspace iteration did not converge in %d iterations (residual %.3g > tol %.3g); "
                         "raise max_iter or oversample, or use the exact path",
                         max_iter, maxres, tol));
    /* the next block: Chebyshev filter T_m((M − c)/e) T damping [−1, θ_b] (θ_b the smallest Ritz
       value of the block; M's spectrum lies in [−1, 1]); degree 1 or a collapsed interval: (M + I) T */
    double lo = -1.0, hi = theta[b - 1], e = 0.5 * (hi - lo), c = 0.5 * (hi + lo);
    if (degree <= 1 || e < 1e-3) {
      for (size_t q = 0; q < nloc; ++q) V.a[q] += T.a[q];
    } else {
      for (size_t q = 0; q < nloc; ++q) V.a[q] = (V.a[q] - c * T.a[q]) / e; /* Y1; Y0 = T */
      for (int d = 2; d <= degree; ++d) {
        pdgemm_("N", "N", &N, &b, &N, &one, M->a, &ONE, &ONE, M->desc, V.a, &ONE, &ONE, V.desc, &zero, W.a, &ONE,
                &ONE, W.desc);
        for (size_t q = 0; q < nloc; ++q) W.a[q] = 2.0 * (W.a[q] - c * V.a[q]) / e - T.a[q];
        double *y0 = T.a; /* (T, V, W) <- (V, W, T): Y_{d-1}, Y_d, free */
        T.a = V.a, V.a = W.a, W.a = y0;
      }
    }
    GSAE_TRY(gsae_dist_agree(g->comm, qr_orthonormalise(&V, &ws)));
  }
cleanup:
  if (iterations) *iterations = it;
  if (residual) *residual = maxres;
  gsae_bcmat_free(&V), gsae_bcmat_free(&W), gsae_bcmat_free(&T), gsae_bcmat_free(&S), gsae_bcmat_free(&H);
  free(Hf), free(Sf), free(ev), free(theta), free(row), free(sq), free(ws.tau), free(ws.work);
  return st;
}
