// The unfolded ISTA / FISTA encoder: forward against a direct (non-Gram) reference, the step against
// LAPACK's SVD, K = 1 against the shallow encoder, and the exact backward against central finite
// differences in double for ISTA and FISTA, K = 1, 3, 15, every prox kind, two-sided and non-negative.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "test_util.hpp"

#include <lapacke.h>  // has its own extern "C" guards

extern "C" {
#include "gsae/activation.h"
#include "gsae/unfolded.h"
}

namespace {

struct Problem {
  size_t n = 12, m = 8, d = 2, rows = 5;
  double lambda = 0.8;
  std::vector<gsae_real> A, Y;  // A (n, m), Y (rows, n)
};

Problem make_problem(unsigned seed, double lambda = 0.8) {
  Problem p;
  p.lambda = lambda;
  p.A = random_vec(p.n * p.m, seed, 1.0 / std::sqrt((double)p.n));  // columns of norm about 1
  p.Y = random_vec(p.rows * p.n, seed + 1000, 1.0);
  return p;
}

struct Unfolded {
  gsae_unfolded *u = nullptr;
  ~Unfolded() { gsae_unfolded_destroy(u); }
};

double sigma_max_lapack(const std::vector<gsae_real> &A, size_t n, size_t m) {
  std::vector<double> a(A.begin(), A.end()), s(std::min(n, m)), superb(std::min(n, m));
  int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', (int)n, (int)m, a.data(), (int)m, s.data(), nullptr, 1,
                            nullptr, 1, superb.data());
  EXPECT_EQ(info, 0);
  return s[0];
}

// ---- an independent reference: proximal gradient in data space, x <- prox(z - eta A^T (A z - y)) ----

void prox_ref(gsae_prox_kind prox, bool nonneg, double tau, size_t d, std::vector<double> &x) {
  if (prox != GSAE_PROX_GROUP)
    for (double &v : x) v = nonneg ? std::max(v - tau, 0.0) : (v > 0 ? 1 : -1) * std::max(std::fabs(v) - tau, 0.0);
  else if (nonneg)
    for (double &v : x) v = std::max(v, 0.0);
  if (prox == GSAE_PROX_ENTRY) return;
  for (size_t g = 0; g < x.size(); g += d) {
    double r = 0;
    for (size_t k = 0; k < d; ++k) r += x[g + k] * x[g + k];
    r = std::sqrt(r);
    double s = r > tau ? 1 - tau / r : 0;
    for (size_t k = 0; k < d; ++k) x[g + k] *= s;
  }
}

std::vector<double> codes_ref(const Problem &p, gsae_unfold_kind kind, gsae_prox_kind prox, bool nonneg, size_t K,
                              double eta, size_t row) {
  const size_t n = p.n, m = p.m;
  std::vector<double> x(m, 0), xprev(m, 0), z(m, 0), r(n);
  double t = 1;
  for (size_t k = 0; k < K; ++k) {
    for (size_t c = 0; c < n; ++c) {
      double s = -(double)p.Y[row * n + c];
      for (size_t j = 0; j < m; ++j) s += (double)p.A[c * m + j] * z[j];
      r[c] = s;
    }
    std::vector<double> xn(m);
    for (size_t j = 0; j < m; ++j) {
      double s = 0;
      for (size_t c = 0; c < n; ++c) s += (double)p.A[c * m + j] * r[c];
      xn[j] = z[j] - eta * s;
    }
    prox_ref(prox, nonneg, p.lambda * eta, p.d, xn);
    xprev = x;
    x = xn;
    double tn = (1 + std::sqrt(1 + 4 * t * t)) / 2;
    double beta = kind == GSAE_UNFOLD_FISTA ? (t - 1) / tn : 0.0;
    t = tn;
    for (size_t j = 0; j < m; ++j) z[j] = x[j] + beta * (x[j] - xprev[j]);
  }
  return x;
}

const gsae_prox_kind kProx[] = {GSAE_PROX_GROUP, GSAE_PROX_ENTRY, GSAE_PROX_SPARSE_GROUP};
const gsae_unfold_kind kKinds[] = {GSAE_UNFOLD_ISTA, GSAE_UNFOLD_FISTA};
const size_t kLayers[] = {1, 3, 15};

}  // namespace

TEST(Unfolded, NamesRoundTrip) {
  for (auto k : kKinds) EXPECT_EQ(gsae_unfold_kind_parse(gsae_unfold_kind_name(k)), (int)k);
  for (auto p : kProx) EXPECT_EQ(gsae_prox_kind_parse(gsae_prox_kind_name(p)), (int)p);
  EXPECT_EQ(gsae_unfold_kind_parse("lista"), -1);
  EXPECT_EQ(gsae_prox_kind_parse("hard"), -1);
}

TEST(Unfolded, RejectsBadArguments) {
  gsae_unfolded *u = nullptr;
  EXPECT_EQ(gsae_unfolded_create(&u, 5, 7, 2, 3, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, 0.1, 4), GSAE_ERR_ARG);
  EXPECT_EQ(u, nullptr);
  EXPECT_EQ(gsae_unfolded_create(&u, 5, 8, 2, 0, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, 0.1, 4), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_unfolded_create(&u, 5, 8, 2, 3, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, -1.0, 4), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_unfolded_create(&u, 0, 8, 2, 3, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, 0.1, 4), GSAE_ERR_ARG);

  Problem p = make_problem(1);
  Unfolded w;
  ASSERT_EQ(gsae_unfolded_create(&w.u, p.n, p.m, p.d, 3, GSAE_UNFOLD_FISTA, GSAE_PROX_GROUP, 0, p.lambda, p.rows),
            GSAE_OK);
  std::vector<gsae_real> g(p.n * p.m, 0);
  EXPECT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_ERR_ARG);  // no step yet
  EXPECT_NE(std::string(gsae_error_message()).find("no step"), std::string::npos);
  EXPECT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows, g.data(), 1), GSAE_ERR_ARG);  // no forward
  EXPECT_EQ(gsae_unfolded_set_eta(w.u, 0.0), GSAE_ERR_ARG);
  ASSERT_EQ(gsae_unfolded_update_eta(w.u, p.A.data(), nullptr), GSAE_OK);
  EXPECT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows + 1, nullptr), GSAE_ERR_ARG);
  ASSERT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_OK);
  EXPECT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows - 1, g.data(), 1), GSAE_ERR_ARG);
  std::vector<gsae_real> zero(p.n * p.m, 0);
  EXPECT_EQ(gsae_unfolded_update_eta(w.u, zero.data(), nullptr), GSAE_ERR_DATA);
}

// eta = 1 / sigma_max(A)^2 against LAPACK's SVD (the power iteration runs in double in both builds,
// from A converted exactly to double, so the tolerance is the same).
TEST(Unfolded, EtaMatchesLapackSvd) {
  const size_t shapes[][2] = {{12, 8}, {8, 12}, {30, 40}, {784, 160}};
  for (auto &s : shapes) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      size_t n = s[0], m = s[1];
      auto A = random_vec(n * m, seed * 17 + n, 0.3);
      Unfolded w;
      ASSERT_EQ(gsae_unfolded_create(&w.u, n, m, 2, 1, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, 0.1, 1), GSAE_OK);
      double eta = 0, eta2 = 0;
      ASSERT_EQ(gsae_unfolded_update_eta(w.u, A.data(), &eta), GSAE_OK);
      ASSERT_EQ(gsae_unfolded_update_eta(w.u, A.data(), &eta2), GSAE_OK);
      EXPECT_EQ(eta, eta2) << "deterministic";
      EXPECT_EQ(gsae_unfolded_eta(w.u), eta);
      double smax = sigma_max_lapack(A, n, m);
      double ref = 1.0 / (smax * smax);
      EXPECT_NEAR(eta, ref, 1e-8 * ref) << n << "x" << m << " seed " << seed;
    }
  }
}

// The forward pass (Gram form, code space) against proximal gradient written out in data space.
TEST(Unfolded, ForwardMatchesDirectProximalGradient) {
  Problem p = make_problem(5);
  for (auto kind : kKinds)
    for (auto prox : kProx)
      for (int nonneg = 0; nonneg < 2; ++nonneg)
        for (size_t K : kLayers) {
          Unfolded w;
          ASSERT_EQ(gsae_unfolded_create(&w.u, p.n, p.m, p.d, K, kind, prox, nonneg, p.lambda, p.rows), GSAE_OK);
          double eta;
          ASSERT_EQ(gsae_unfolded_update_eta(w.u, p.A.data(), &eta), GSAE_OK);
          gsae_unfolded_stats st;
          ASSERT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, &st), GSAE_OK);
          const gsae_real *X = gsae_unfolded_codes(w.u);
          double err = 0, norm = 0, sq = 0;
          size_t groups = 0, entries = 0, maxg = 0;
          for (size_t i = 0; i < p.rows; ++i) {
            auto x = codes_ref(p, kind, prox, nonneg, K, eta, i);
            size_t gi = 0;
            for (size_t j = 0; j < p.m; ++j) {
              err += (X[i * p.m + j] - x[j]) * (X[i * p.m + j] - x[j]);
              norm += x[j] * x[j];
              entries += X[i * p.m + j] != 0;
              if (nonneg) EXPECT_GE(X[i * p.m + j], 0);
            }
            for (size_t g = 0; g < p.m; g += p.d) {
              bool on = false;
              for (size_t k = 0; k < p.d; ++k) on |= X[i * p.m + g + k] != 0;
              gi += on;
            }
            groups += gi;
            maxg = std::max(maxg, gi);
            for (size_t c = 0; c < p.n; ++c) {
              double e = -(double)p.Y[i * p.n + c];
              for (size_t j = 0; j < p.m; ++j) e += (double)p.A[c * p.m + j] * X[i * p.m + j];
              sq += e * e;
            }
          }
          std::string what = std::string(gsae_unfold_kind_name(kind)) + " " + gsae_prox_kind_name(prox) +
                             (nonneg ? " nonneg" : " two-sided") + " K=" + std::to_string(K);
          EXPECT_LT(std::sqrt(err / std::max(norm, 1e-300)), 100 * kRoundTol) << what;
          EXPECT_EQ(st.active_groups, groups) << what;
          EXPECT_EQ(st.active_entries, entries) << what;
          EXPECT_EQ(st.max_groups_per_row, maxg) << what;
          EXPECT_NEAR(st.sq_error, sq, 100 * kRoundTol * sq) << what;
          EXPECT_DOUBLE_EQ(st.loss, st.sq_error / (2.0 * p.rows)) << what;
        }
}

// K = 1 ISTA: x = prox_{lambda eta}(eta A^T y) = eta sigma_lambda(A^T y), the shallow encoder scaled by eta.
TEST(Unfolded, OneIstaLayerIsTheScaledShallowEncoder) {
  Problem p = make_problem(2);
  struct Case {
    gsae_prox_kind prox;
    int nonneg;
    gsae_model_kind shallow;
  } cases[] = {{GSAE_PROX_GROUP, 0, GSAE_MODEL_GROUP}, {GSAE_PROX_ENTRY, 0, GSAE_MODEL_SOFT},
               {GSAE_PROX_ENTRY, 1, GSAE_MODEL_RELU}};
  for (auto c : cases) {
    Unfolded w;
    ASSERT_EQ(gsae_unfolded_create(&w.u, p.n, p.m, p.d, 1, GSAE_UNFOLD_ISTA, c.prox, c.nonneg, p.lambda, p.rows),
              GSAE_OK);
    double eta;
    ASSERT_EQ(gsae_unfolded_update_eta(w.u, p.A.data(), &eta), GSAE_OK);
    ASSERT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_OK);
    const gsae_real *X = gsae_unfolded_codes(w.u);
    size_t block = gsae_activation_block(c.shallow, p.d);
    size_t active = 0;
    for (size_t i = 0; i < p.rows; ++i) {
      std::vector<gsae_real> z(p.m), x(p.m);
      for (size_t j = 0; j < p.m; ++j) {
        double s = 0;
        for (size_t k = 0; k < p.n; ++k) s += (double)p.A[k * p.m + j] * p.Y[i * p.n + k];
        z[j] = (gsae_real)s;
      }
      active += gsae_activation_forward(c.shallow, p.lambda, block, z.data(), x.data(), p.m);
      for (size_t j = 0; j < p.m; ++j)
        EXPECT_NEAR(X[i * p.m + j], eta * x[j], 10 * kRoundTol * (1 + std::fabs(eta * x[j])))
            << gsae_model_kind_name(c.shallow) << " row " << i << " unit " << j;
    }
    EXPECT_GT(active, 0u);
    EXPECT_LT(active, p.rows * p.m);
  }
}

TEST(Unfolded, FistaWithOneLayerIsIsta) {
  Problem p = make_problem(4);
  Unfolded a, b;
  ASSERT_EQ(gsae_unfolded_create(&a.u, p.n, p.m, p.d, 1, GSAE_UNFOLD_ISTA, GSAE_PROX_GROUP, 0, p.lambda, p.rows),
            GSAE_OK);
  ASSERT_EQ(gsae_unfolded_create(&b.u, p.n, p.m, p.d, 1, GSAE_UNFOLD_FISTA, GSAE_PROX_GROUP, 0, p.lambda, p.rows),
            GSAE_OK);
  ASSERT_EQ(gsae_unfolded_update_eta(a.u, p.A.data(), nullptr), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_update_eta(b.u, p.A.data(), nullptr), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_forward(a.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_forward(b.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_OK);
  for (size_t k = 0; k < p.rows * p.m; ++k) EXPECT_EQ(gsae_unfolded_codes(a.u)[k], gsae_unfolded_codes(b.u)[k]);
}

TEST(Unfolded, BackwardAccumulates) {
  Problem p = make_problem(3);
  Unfolded w;
  ASSERT_EQ(gsae_unfolded_create(&w.u, p.n, p.m, p.d, 3, GSAE_UNFOLD_FISTA, GSAE_PROX_GROUP, 0, p.lambda, p.rows),
            GSAE_OK);
  ASSERT_EQ(gsae_unfolded_update_eta(w.u, p.A.data(), nullptr), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, nullptr), GSAE_OK);
  std::vector<gsae_real> once(p.n * p.m, 0), twice(p.n * p.m, 0);
  std::vector<gsae_real> codes(gsae_unfolded_codes(w.u), gsae_unfolded_codes(w.u) + p.rows * p.m);
  ASSERT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows, once.data(), 1), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows, twice.data(), 1), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows, twice.data(), 1), GSAE_OK);
  for (size_t k = 0; k < once.size(); ++k) EXPECT_NEAR(twice[k], 2 * once[k], 1e-5 * (1 + std::fabs(once[k])));
  for (size_t k = 0; k < codes.size(); ++k) EXPECT_EQ(gsae_unfolded_codes(w.u)[k], codes[k]) << "codes kept";
}

#ifdef GSAE_DOUBLE  // central differences need double: in float they are rounding noise, so the float
                    // build has no such test (the double build of jobs/test.sh runs it)
// Central finite differences on the full gradient, eta held at its value at the unperturbed A.
// Kinks: the prox is not differentiable where |u| or ||v_g|| equals tau = lambda eta (or u = 0 for
// the non-negative group prox). A step of 1e-6 in one entry of A moves every pre-prox value by far
// less than 1e-4, so problems (seeds) are drawn until every layer's branch quantities stay at least
// 1e-3 away from their kinks (gsae_unfolded_kink_margin) and the final codes are partly active.
TEST(Unfolded, BackwardMatchesFiniteDifferences) {
  const double eps = 1e-6, kMargin = 1e-3;
  double worst = 0;
  for (auto kind : kKinds)
    for (auto prox : kProx)
      for (int nonneg = 0; nonneg < 2; ++nonneg)
        for (size_t K : kLayers) {
          std::string what = std::string(gsae_unfold_kind_name(kind)) + " " + gsae_prox_kind_name(prox) +
                             (nonneg ? " nonneg" : " two-sided") + " K=" + std::to_string(K);
          bool done = false;
          for (unsigned seed = 1; seed < 200 && !done; ++seed) {
            Problem p = make_problem(seed, nonneg ? 0.4 : 0.8);
            Unfolded w;
            ASSERT_EQ(gsae_unfolded_create(&w.u, p.n, p.m, p.d, K, kind, prox, nonneg, p.lambda, p.rows), GSAE_OK);
            ASSERT_EQ(gsae_unfolded_update_eta(w.u, p.A.data(), nullptr), GSAE_OK);  // then held constant
            gsae_unfolded_stats st;
            ASSERT_EQ(gsae_unfolded_forward(w.u, p.A.data(), p.Y.data(), p.rows, &st), GSAE_OK);
            if (gsae_unfolded_kink_margin(w.u) < kMargin) continue;
            if (st.active_entries == 0 || st.active_entries == p.rows * p.m) continue;
            std::vector<gsae_real> g(p.n * p.m, 0);
            ASSERT_EQ(gsae_unfolded_backward(w.u, p.A.data(), p.Y.data(), p.rows, g.data(), (gsae_real)(1.0 / p.rows)),
                      GSAE_OK);
            double err = 0, norm = 0;
            for (size_t k = 0; k < p.n * p.m; ++k) {
              auto Ap = p.A, Am = p.A;
              Ap[k] += eps;
              Am[k] -= eps;
              gsae_unfolded_stats sp, sm;
              ASSERT_EQ(gsae_unfolded_forward(w.u, Ap.data(), p.Y.data(), p.rows, &sp), GSAE_OK);
              ASSERT_EQ(gsae_unfolded_forward(w.u, Am.data(), p.Y.data(), p.rows, &sm), GSAE_OK);
              double fd = (sp.loss - sm.loss) / (2 * eps);
              err += (fd - g[k]) * (fd - g[k]);
              norm += (double)g[k] * g[k];
            }
            double rel = std::sqrt(err / norm);
            worst = std::max(worst, rel);
            EXPECT_LT(rel, 1e-6) << what << " seed " << seed;
            std::printf("[ fd      ] %-28s seed %3u  active %2zu/%zu entries  rel err %.2e\n", what.c_str(), seed,
                        st.active_entries, p.rows * p.m, rel);
            done = true;
          }
          EXPECT_TRUE(done) << what << ": no kink-free problem drawn";
        }
  std::printf("[ fd      ] worst relative error %.2e\n", worst);
}
#endif  // GSAE_DOUBLE
