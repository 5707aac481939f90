/* The unfolded ISTA / FISTA encoder with tied decoder, forward and exact backward; see unfolded.h. */
#include "gsae/unfolded.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/names.h"

#define GSAE_POWER_MAX_ITER 10000
#define GSAE_POWER_REL_TOL 1e-10

struct gsae_unfolded {
  size_t n, m, d, K, max_rows;
  gsae_unfold_kind kind;
  gsae_prox_kind prox;
  int nonneg;
  double lambda, eta;
  double *beta; /* (K) FISTA momentum beta_k = (t_k - 1)/t_{k+1}; all 0 for ISTA */
  size_t rows;  /* rows of the last forward */
  int have_forward;
  gsae_real *G;  /* (m, m) A^T A */
  gsae_real *B;  /* (max_rows, m) Y A */
  gsae_real *U;  /* (K, max_rows, m) pre-prox values of every layer */
  gsae_real *XS; /* (K, max_rows, m) outputs x^{k+1} of every layer */
  gsae_real *X;  /* codes x^K: the last slice of XS */
  gsae_real *E;  /* (max_rows, n) X A^T - Y */
  gsae_real *Z;  /* (max_rows, m) scratch: z^k */
  gsae_real *GX; /* (max_rows, m) backward: dL/dx^{k+1} */
  gsae_real *GU; /* (max_rows, m) backward: dL/dU_k */
  gsae_real *GZ; /* (max_rows, m) backward: dL/dz^k */
  gsae_real *GZN;/* (max_rows, m) backward: dL/dz^{k+1} */
  gsae_real *DB; /* (max_rows, m) backward: dL/dB */
  gsae_real *DG; /* (m, m) backward: dL/dG, then dG + dG^T */
  double *Ad;    /* (n, m) A in double, for the power iteration */
  double *Gd;    /* (m, m) A^T A in double */
  double *pv, *pw; /* (m) power-iteration vectors */
};

const char *const gsae_unfold_kind_names[] = {"ista", "fista", NULL};
const char *const gsae_prox_kind_names[] = {"group", "entry", "sparse-group", NULL};

int gsae_unfold_kind_parse(const char *name) { return gsae_name_lookup(gsae_unfold_kind_names, name); }

const char *gsae_unfold_kind_name(gsae_unfold_kind kind) { return gsae_name_of(gsae_unfold_kind_names, kind); }

int gsae_prox_kind_parse(const char *name) { return gsae_name_lookup(gsae_prox_kind_names, name); }

const char *gsae_prox_kind_name(gsae_prox_kind kind) { return gsae_name_of(gsae_prox_kind_names, kind); }

gsae_status gsae_unfolded_create(gsae_unfolded **out, size_t n, size_t m, size_t d, size_t K,
                                 gsae_unfold_kind kind, gsae_prox_kind prox, int nonneg, double lambda,
                                 size_t max_rows) {
  *out = NULL;
  if (n == 0 || m == 0 || d == 0 || m % d != 0)
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: need n > 0 and m a positive multiple of the group size (n=%zu, m=%zu, d=%zu)",
                     n, m, d);
  if (K == 0) return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: need at least one layer (K=0)");
  if (kind != GSAE_UNFOLD_ISTA && kind != GSAE_UNFOLD_FISTA)
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: unknown iteration kind %d", (int)kind);
  if (prox != GSAE_PROX_GROUP && prox != GSAE_PROX_ENTRY && prox != GSAE_PROX_SPARSE_GROUP)
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: unknown prox kind %d", (int)prox);
  if (!(lambda >= 0.0) || !isfinite(lambda))
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: lambda must be finite and >= 0 (got %g)", lambda);
  gsae_unfolded *u;
  GSAE_ALLOC(u, 1, "unfolded encoder");
  u->n = n;
  u->m = m;
  u->d = d;
  u->K = K;
  u->kind = kind;
  u->prox = prox;
  u->nonneg = nonneg != 0;
  u->lambda = lambda;
  u->max_rows = max_rows ? max_rows : 1;
  const size_t R = u->max_rows;
  if (!(u->beta = gsae_calloc(K, sizeof(double), "FISTA momenta")) ||
      !(u->G = gsae_calloc(m * m, sizeof(gsae_real), "Gram matrix G")) ||
      !(u->B = gsae_calloc(R * m, sizeof(gsae_real), "B = Y A")) ||
      !(u->U = gsae_calloc(K * R * m, sizeof(gsae_real), "pre-prox values of the layers")) ||
      !(u->XS = gsae_calloc(K * R * m, sizeof(gsae_real), "codes of the layers")) ||
      !(u->E = gsae_calloc(R * n, sizeof(gsae_real), "errors E")) ||
      !(u->Z = gsae_calloc(R * m, sizeof(gsae_real), "layer inputs z")) ||
      !(u->GX = gsae_calloc(R * m, sizeof(gsae_real), "backward dL/dx")) ||
      !(u->GU = gsae_calloc(R * m, sizeof(gsae_real), "backward dL/dU")) ||
      !(u->GZ = gsae_calloc(R * m, sizeof(gsae_real), "backward dL/dz")) ||
      !(u->GZN = gsae_calloc(R * m, sizeof(gsae_real), "backward dL/dz next")) ||
      !(u->DB = gsae_calloc(R * m, sizeof(gsae_real), "backward dL/dB")) ||
      !(u->DG = gsae_calloc(m * m, sizeof(gsae_real), "backward dL/dG")) ||
      !(u->Ad = gsae_calloc(n * m, sizeof(double), "dictionary in double")) ||
      !(u->Gd = gsae_calloc(m * m, sizeof(double), "Gram matrix in double")) ||
      !(u->pv = gsae_calloc(m, sizeof(double), "power iteration")) ||
      !(u->pw = gsae_calloc(m, sizeof(double), "power iteration"))) {
    gsae_unfolded_destroy(u);
    return GSAE_ERR_MEMORY;
  }
  u->X = u->XS + (K - 1) * R * m;
  if (kind == GSAE_UNFOLD_FISTA) {
    double t = 1.0;
    for (size_t k = 0; k < K; ++k) {
      double tn = (1.0 + sqrt(1.0 + 4.0 * t * t)) / 2.0;
      u->beta[k] = (t - 1.0) / tn;
      t = tn;
    }
  }
  *out = u;
  return GSAE_OK;
}

void gsae_unfolded_destroy(gsae_unfolded *u) {
  if (!u) return;
  free(u->beta);
  free(u->G);
  free(u->B);
  free(u->U);
  free(u->XS);
  free(u->E);
  free(u->Z);
  free(u->GX);
  free(u->GU);
  free(u->GZ);
  free(u->GZN);
  free(u->DB);
  free(u->DG);
  free(u->Ad);
  free(u->Gd);
  free(u->pv);
  free(u->pw);
  free(u);
}

double gsae_unfolded_eta(const gsae_unfolded *u) { return u->eta; }
const gsae_real *gsae_unfolded_codes(const gsae_unfolded *u) { return u->X; }
const gsae_real *gsae_unfolded_preprox(const gsae_unfolded *u, size_t k) {
  return k < u->K ? u->U + k * u->max_rows * u->m : NULL;
}

gsae_status gsae_unfolded_set_eta(gsae_unfolded *u, double eta) {
  if (!(eta > 0.0) || !isfinite(eta))
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: the step must be finite and > 0 (got %g)", eta);
  u->eta = eta;
  return GSAE_OK;
}

/* rho = largest eigenvalue of A^T A (A (n, m)) by power iteration in double; workspace Ad (n, m),
 * Gd (m, m), v, w (m). */
static gsae_status power_rho(const gsae_real *A, size_t n, size_t m, double *Ad, double *Gd, double *v, double *w,
                             double *rho_out) {
  for (size_t k = 0; k < n * m; ++k) {
    Ad[k] = (double)A[k];
    if (!isfinite(Ad[k]))
      return gsae_fail(GSAE_ERR_DATA, "unfolded encoder: dictionary entry A[%zu, %zu] is not finite", k / m, k % m);
  }
  /* Gd (m, m) = Ad^T Ad */
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)n, 1.0, Ad, (int)m, Ad, (int)m,
              0.0, Gd, (int)m);
  /* fixed, strictly positive start vector (G is PSD; a positive start is not orthogonal to the
   * top eigenvector except on a set of measure zero) */
  double nv = 0.0;
  for (size_t j = 0; j < m; ++j) {
    v[j] = 1.0 + (double)((j * 7919u) % 13u) / 13.0;
    nv += v[j] * v[j];
  }
  nv = sqrt(nv);
  for (size_t j = 0; j < m; ++j) v[j] /= nv;
  double rho = 0.0;
  for (int it = 0; it < GSAE_POWER_MAX_ITER; ++it) {
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)m, 1.0, Gd, (int)m, v, 1, 0.0, w, 1);
    rho = cblas_ddot((int)m, v, 1, w, 1); /* Rayleigh quotient, |v| = 1 */
    double res = 0.0, nw = 0.0;
    for (size_t j = 0; j < m; ++j) {
      double r = w[j] - rho * v[j];
      res += r * r;
      nw += w[j] * w[j];
    }
    if (!(nw > 0.0)) break;
    nw = sqrt(nw);
    for (size_t j = 0; j < m; ++j) v[j] = w[j] / nw;
    if (sqrt(res) <= GSAE_POWER_REL_TOL * rho) break;
  }
  /* Rayleigh quotient of the final (normalised) vector */
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)m, 1.0, Gd, (int)m, v, 1, 0.0, w, 1);
  rho = cblas_ddot((int)m, v, 1, w, 1);
  if (!(rho > 0.0) || !isfinite(rho))
    return gsae_fail(GSAE_ERR_DATA, "unfolded encoder: ||A||_2^2 = %g, cannot set the step 1/||A||_2^2", rho);
  *rho_out = rho;
  return GSAE_OK;
}

gsae_status gsae_unfolded_update_eta(gsae_unfolded *u, const gsae_real *A, double *eta_out) {
  double rho;
  GSAE_CALL(power_rho(A, u->n, u->m, u->Ad, u->Gd, u->pv, u->pw, &rho));
  u->eta = 1.0 / rho;
  if (eta_out) *eta_out = u->eta;
  return GSAE_OK;
}

gsae_status gsae_sigma_max_sq(const gsae_real *A, size_t n, size_t m, double *rho) {
  double *Ad = gsae_calloc(n * m > 0 ? n * m : 1, sizeof(double), "dictionary in double");
  double *Gd = gsae_calloc(m * m > 0 ? m * m : 1, sizeof(double), "Gram matrix in double");
  double *v = gsae_calloc(m ? 2 * m : 1, sizeof(double), "power iteration");
  gsae_status st = Ad && Gd && v ? power_rho(A, n, m, Ad, Gd, v, v + m, rho) : GSAE_ERR_MEMORY;
  free(Ad);
  free(Gd);
  free(v);
  return st;
}

/* ---- the prox and its Jacobian, one group of d units at a time ---- */

/* Stage 1 (entry-wise part) of unit value uu: returns v and sets *mask = dv/du in {0, 1}. */
static double stage1(const gsae_unfolded *u, double tau, double uu, int *mask) {
  if (u->prox == GSAE_PROX_GROUP) {
    if (!u->nonneg) {
      *mask = 1;
      return uu;
    }
    *mask = uu > 0.0;
    return uu > 0.0 ? uu : 0.0;
  }
  if (u->nonneg) {
    *mask = uu > tau;
    return uu > tau ? uu - tau : 0.0;
  }
  *mask = fabs(uu) > tau;
  return uu > tau ? uu - tau : uu < -tau ? uu + tau : 0.0;
}

static int has_group_stage(const gsae_unfolded *u) { return u->prox != GSAE_PROX_ENTRY; }

/* x[0..m) = prox(urow[0..m)) (overwrites); adds active groups and entries to the counters. */
static void prox_row(const gsae_unfolded *u, double tau, const gsae_real *urow, gsae_real *x, size_t *groups,
                     size_t *entries) {
  const size_t d = u->d;
  if (u->prox == GSAE_PROX_ENTRY) {
    /* The soft threshold without branches (the signs of u are random, so branches mispredict): the
     * same values as stage1, bit for bit; "+ 0.0" turns the -0 of copysign into +0. */
    size_t nz = 0;
    for (size_t j = 0; j < u->m; ++j) {
      double uu = (double)urow[j];
      double a = (u->nonneg ? uu : fabs(uu)) - tau;
      a = a > 0.0 ? a : 0.0; /* a maxsd; also 0 for a NaN, as stage1 */
      x[j] = (gsae_real)(u->nonneg ? a : copysign(a, uu) + 0.0);
      nz += x[j] != 0;
    }
    *entries += nz;
    if (d == 1) {
      *groups += nz;
      return;
    }
    for (size_t u0 = 0; u0 < u->m; u0 += d) {
      int any = 0;
      for (size_t k = 0; k < d; ++k) any |= x[u0 + k] != 0;
      *groups += (size_t)any;
    }
    return;
  }
  for (size_t u0 = 0; u0 < u->m; u0 += d) {
    int any = 0;
    double r2 = 0.0;
    for (size_t k = 0; k < d; ++k) {
      int mask;
      double vk = stage1(u, tau, (double)urow[u0 + k], &mask);
      x[u0 + k] = (gsae_real)vk;
      r2 += vk * vk;
    }
    double r = sqrt(r2); /* group or sparse-group: the group shrinkage after stage 1 */
    double s = r > tau ? 1.0 - tau / r : 0.0;
    for (size_t k = 0; k < d; ++k) x[u0 + k] = (gsae_real)(s * (double)x[u0 + k]);
    for (size_t k = 0; k < d; ++k)
      if (x[u0 + k] != 0) {
        ++*entries;
        any = 1;
      }
    *groups += any;
  }
}

/* gu[0..m) = J_prox(urow)^T gx[0..m) (overwrites). J is symmetric within each group. */
static void prox_backward_row(const gsae_unfolded *u, double tau, const gsae_real *urow, const gsae_real *gx,
                              gsae_real *gu) {
  const size_t d = u->d;
  if (u->prox == GSAE_PROX_ENTRY) { /* J = diag(mask of stage1), as a select rather than a branch */
    for (size_t j = 0; j < u->m; ++j) {
      double uu = (double)urow[j];
      int on = u->nonneg ? uu > tau : fabs(uu) > tau;
      gu[j] = on ? gx[j] : (gsae_real)0;
    }
    return;
  }
  for (size_t u0 = 0; u0 < u->m; u0 += d) {
    double r2 = 0.0, vp = 0.0;
    for (size_t k = 0; k < d; ++k) {
      int mask;
      double vk = stage1(u, tau, (double)urow[u0 + k], &mask);
      r2 += vk * vk;
      vp += vk * (double)gx[u0 + k];
    }
    double r = sqrt(r2);
    if (!(r > tau)) {
      memset(gu + u0, 0, d * sizeof *gu);
      continue;
    }
    /* q = J_g p, J_g = (1 - tau/r) I + (tau/r^3) v v^T; then gu = mask . q */
    double a = 1.0 - tau / r, b = tau / (r * r * r) * vp;
    for (size_t k = 0; k < d; ++k) {
      int mask;
      double vk = stage1(u, tau, (double)urow[u0 + k], &mask);
      gu[u0 + k] = mask ? (gsae_real)(a * (double)gx[u0 + k] + b * vk) : (gsae_real)0;
    }
  }
}

/* Distance of the branch quantities of one row to their kinks. */
static double kink_row(const gsae_unfolded *u, double tau, const gsae_real *urow) {
  double margin = INFINITY;
  const size_t d = u->d;
  for (size_t u0 = 0; u0 < u->m; u0 += d) {
    double r2 = 0.0;
    for (size_t k = 0; k < d; ++k) {
      double uu = (double)urow[u0 + k];
      int mask;
      double vk = stage1(u, tau, uu, &mask);
      r2 += vk * vk;
      double q;
      if (u->prox == GSAE_PROX_GROUP)
        q = u->nonneg ? fabs(uu) : INFINITY;
      else
        q = u->nonneg ? fabs(uu - tau) : fabs(fabs(uu) - tau);
      if (q < margin) margin = q;
    }
    if (has_group_stage(u)) {
      double q = fabs(sqrt(r2) - tau);
      if (q < margin) margin = q;
    }
  }
  return margin;
}

double gsae_unfolded_kink_margin(const gsae_unfolded *u) {
  double margin = INFINITY;
  if (!u->have_forward) return margin;
  const double tau = u->lambda * u->eta;
  for (size_t k = 0; k < u->K; ++k)
    for (size_t i = 0; i < u->rows; ++i) {
      double q = kink_row(u, tau, gsae_unfolded_preprox(u, k) + i * u->m);
      if (q < margin) margin = q;
    }
  return margin;
}

/* ---- forward ---- */

/* U (rows, m) = Z - eta (Z G - B) = eta B + Z - eta Z G;  skip the GEMM when z = 0 (layer 0). */
static void layer_input(const gsae_unfolded *u, size_t rows, const gsae_real *Z, int z_is_zero, gsae_real *U) {
  const size_t m = u->m;
  const gsae_real eta = (gsae_real)u->eta;
  for (size_t k = 0; k < rows * m; ++k) U[k] = eta * u->B[k] + (z_is_zero ? (gsae_real)0 : Z[k]);
  if (!z_is_zero)
    gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m, (int)m, -eta, Z, (int)m, u->G, (int)m,
              1, U, (int)m);
}

/* Z = X + beta (X - XP) elementwise over count (XP unused when beta = 0). */
static void momentum(size_t count, double beta, const gsae_real *X, const gsae_real *XP, gsae_real *Z) {
  if (beta == 0.0) {
    memcpy(Z, X, count * sizeof *Z);
    return;
  }
  for (size_t k = 0; k < count; ++k) Z[k] = (gsae_real)((double)X[k] + beta * ((double)X[k] - (double)XP[k]));
}

gsae_status gsae_unfolded_forward(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows,
                                  gsae_unfolded_stats *stats) {
  if (rows > u->max_rows)
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: batch of %zu rows exceeds the workspace of %zu", rows, u->max_rows);
  if (!(u->eta > 0.0))
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: no step set (call gsae_unfolded_update_eta or _set_eta first)");
  const size_t n = u->n, m = u->m, R = u->max_rows, K = u->K;
  const double tau = u->lambda * u->eta;
  gsae_unfolded_stats st = {0};
  u->rows = rows;
  u->have_forward = 1;
  if (stats) *stats = st;
  if (rows == 0) return GSAE_OK;
  /* G (m, m) = A^T A;  B (rows, m) = Y (rows, n) . A (n, m) */
  gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)n, 1, A, (int)m, A, (int)m, 0, u->G,
            (int)m);
  gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m, (int)n, 1, Y, (int)n, A, (int)m, 0, u->B,
            (int)m);
  /* z^0 = x^0 = 0 (beta_0 = 0, so x^0 never enters a momentum step) */
  for (size_t k = 0; k < K; ++k) {
    gsae_real *Uk = u->U + k * R * m, *Xk = u->XS + k * R * m;
    layer_input(u, rows, u->Z, k == 0, Uk);
    size_t groups = 0, entries = 0;
    for (size_t i = 0; i < rows; ++i) {
      size_t g0 = groups;
      prox_row(u, tau, Uk + i * m, Xk + i * m, &groups, &entries); /* x^{k+1} */
      if (k == K - 1 && groups - g0 > st.max_groups_per_row) st.max_groups_per_row = groups - g0;
    }
    if (k == K - 1) {
      st.active_groups = groups;
      st.active_entries = entries;
    } else {
      momentum(rows * m, u->beta[k], Xk, k > 0 ? Xk - R * m : NULL, u->Z); /* z^{k+1} */
    }
  }
  /* E (rows, n) = X (rows, m) . A^T - Y */
  memcpy(u->E, Y, rows * n * sizeof *u->E);
  gsae_gemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)n, (int)m, 1, u->X, (int)m, A, (int)m, -1, u->E,
            (int)n);
  double s = 0.0;
  for (size_t i = 0; i < rows; ++i) {
    const gsae_real *e = u->E + i * n;
    double si = 0.0;
    for (size_t c = 0; c < n; ++c) si += (double)e[c] * (double)e[c];
    s += si;
  }
  st.sq_error = s;
  st.loss = s / (2.0 * (double)rows);
  if (stats) *stats = st;
  return GSAE_OK;
}

/* ---- backward ---- */

gsae_status gsae_unfolded_backward(gsae_unfolded *u, const gsae_real *A, const gsae_real *Y, size_t rows,
                                   gsae_real *gradA, gsae_real scale) {
  if (!u->have_forward || rows != u->rows)
    return gsae_fail(GSAE_ERR_ARG, "unfolded encoder: backward on %zu rows does not follow a forward on them", rows);
  const size_t n = u->n, m = u->m, K = u->K, R = u->max_rows;
  const double tau = u->lambda * u->eta;
  const gsae_real eta = (gsae_real)u->eta;
  if (rows == 0) return GSAE_OK;
  /* decoder: gradA (n, m) += scale E^T X;  GX (rows, m) = scale E A = dL/dx^K */
  gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)m, (int)rows, scale, u->E, (int)n, u->X, (int)m, 1,
            gradA, (int)m);
  gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m, (int)n, scale, u->E, (int)n, A, (int)m, 0,
            u->GX, (int)m);
  memset(u->DB, 0, rows * m * sizeof *u->DB);
  memset(u->DG, 0, m * m * sizeof *u->DG);
  memset(u->GZN, 0, rows * m * sizeof *u->GZN); /* dL/dz^K = 0: z^K feeds nothing */
  for (size_t kk = K; kk-- > 0;) {
    const gsae_real *Uk = gsae_unfolded_preprox(u, kk);
    /* GU = J_prox(U_k) GX;  DB += eta GU */
    for (size_t i = 0; i < rows; ++i) prox_backward_row(u, tau, Uk + i * m, u->GX + i * m, u->GU + i * m);
    gsae_axpy((int)(rows * m), eta, u->GU, 1, u->DB, 1);
    if (kk == 0) break; /* z^0 = 0 is a constant: no dG term, nothing further upstream */
    /* z^k = x^k + beta_{k-1} (x^k - x^{k-1}) from the stored layer outputs (x^k is slice k-1) */
    const gsae_real *zk = u->XS + (kk - 1) * R * m;
    if (u->beta[kk - 1] != 0.0) {
      momentum(rows * m, u->beta[kk - 1], zk, zk - R * m, u->Z); /* beta_0 = 0, so kk >= 2 here */
      zk = u->Z;
    }
    /* DG (m, m) += -eta z^T GU */
    gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)rows, -eta, zk, (int)m, u->GU, (int)m, 1,
              u->DG, (int)m);
    /* GZ (rows, m) = GU - eta GU G  (G symmetric) */
    memcpy(u->GZ, u->GU, rows * m * sizeof *u->GZ);
    gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m, (int)m, -eta, u->GU, (int)m, u->G,
              (int)m, 1, u->GZ, (int)m);
    /* GX = dL/dx^k = (1 + beta_{k-1}) GZ - beta_k GZN */
    const double b1 = u->beta[kk - 1], b0 = u->beta[kk];
    for (size_t q = 0; q < rows * m; ++q)
      u->GX[q] = (gsae_real)((1.0 + b1) * (double)u->GZ[q] - b0 * (double)u->GZN[q]);
    gsae_real *t = u->GZN;
    u->GZN = u->GZ;
    u->GZ = t;
  }
  /* gradA += A (DG + DG^T) + Y^T DB */
  for (size_t a = 0; a < m; ++a)
    for (size_t b = a; b < m; ++b) {
      gsae_real s = u->DG[a * m + b] + u->DG[b * m + a];
      u->DG[a * m + b] = s;
      u->DG[b * m + a] = s;
    }
  gsae_gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)m, (int)m, 1, A, (int)m, u->DG, (int)m, 1, gradA,
            (int)m);
  gsae_gemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)m, (int)rows, 1, Y, (int)n, u->DB, (int)m, 1, gradA,
            (int)m);
  return GSAE_OK;
}
