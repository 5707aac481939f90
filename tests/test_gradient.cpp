// The exact gradient of eq. (13) through encoder and decoder, against central finite differences,
// and the sparse path against the dense reference path.
#include <gtest/gtest.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/autoencoder.h"
}

namespace {

struct Problem {
  size_t n = 9, groups = 5, d = 2, m = 10, N = 6;
  double lambda = 0.6;
  std::vector<gsae_real> W, Y;
};

Problem make_problem(unsigned seed) {
  Problem p;
  p.W = random_vec(p.m * p.n, seed, 0.4);
  p.Y = random_vec(p.N * p.n, seed + 1000, 1.0);
  return p;
}

double loss(gsae_ae *ae, const Problem &p, const std::vector<gsae_real> &W) {
  double sq;
  size_t nnz;
  EXPECT_EQ(gsae_ae_forward(ae, W.data(), p.Y.data(), p.N, &sq, &nnz), GSAE_OK);
  return sq / (2.0 * p.N);
}

// Smallest distance of a block norm (or entry, for relu) to lambda over all samples.
double kink_margin(gsae_model_kind kind, const Problem &p, size_t block) {
  double margin = 1e300;
  for (size_t i = 0; i < p.N; ++i)
    for (size_t u0 = 0; u0 < p.m; u0 += block) {
      double r = 0;
      for (size_t k = 0; k < block; ++k) {
        double z = 0;
        for (size_t c = 0; c < p.n; ++c) z += (double)p.W[(u0 + k) * p.n + c] * p.Y[i * p.n + c];
        r += kind == GSAE_MODEL_RELU ? z : z * z;
      }
      double s = kind == GSAE_MODEL_RELU ? r : std::sqrt(r);
      margin = std::min(margin, std::fabs(s - p.lambda));
    }
  return margin;
}

void check_gradient(gsae_model_kind kind) {
  int checked = 0;
  for (unsigned seed = 1; seed < 40 && checked < 3; ++seed) {
    Problem p = make_problem(seed);
    size_t block = gsae_activation_block(kind, p.d);
    // an FD step moves z by at most eps * max|y| (< 0.01 in float); stay clear of the kinks
    if (kink_margin(kind, p, block) < (kDouble ? 1e-4 : 0.03)) continue;
    ++checked;
    gsae_ae *ae = nullptr;
    ASSERT_EQ(gsae_ae_create(&ae, kind, p.lambda, p.n, p.m, p.d, p.N, GSAE_PATH_DENSE), GSAE_OK);
    size_t nnz;
    double sq;
    ASSERT_EQ(gsae_ae_forward(ae, p.W.data(), p.Y.data(), p.N, &sq, &nnz), GSAE_OK);
    ASSERT_GT(nnz, 0u) << "the problem must have active units";
    ASSERT_LT(nnz, p.N * p.m) << "and inactive ones";
    std::vector<gsae_real> g(p.m * p.n, 0);
    gsae_ae_backward(ae, p.W.data(), p.Y.data(), g.data(), (gsae_real)(1.0 / p.N));
    const double eps = kDouble ? 1e-6 : 3e-3;
    double err = 0, norm = 0;
    for (size_t k = 0; k < p.m * p.n; ++k) {
      auto Wp = p.W, Wm = p.W;
      Wp[k] += (gsae_real)eps;
      Wm[k] -= (gsae_real)eps;
      double h = (double)Wp[k] - (double)Wm[k];  // the step actually taken in this precision
      double fd = (loss(ae, p, Wp) - loss(ae, p, Wm)) / h;
      err += (fd - g[k]) * (fd - g[k]);
      norm += (double)g[k] * g[k];
    }
    // double: central differences are O(eps^2) ~ 1e-12 accurate; float: the loss carries ~1e-7
    // relative rounding, divided by a 6e-3 step: ~1e-4 absolute per entry, 1e-2 relative overall.
    EXPECT_LT(std::sqrt(err / norm), kDouble ? 1e-7 : 2e-2) << gsae_model_kind_name(kind) << " seed " << seed;
    gsae_ae_destroy(ae);
  }
  EXPECT_EQ(checked, 3) << "not enough kink-free problems drawn";
}

}  // namespace

TEST(Gradient, GroupMatchesFiniteDifferences) { check_gradient(GSAE_MODEL_GROUP); }
TEST(Gradient, SoftMatchesFiniteDifferences) { check_gradient(GSAE_MODEL_SOFT); }
TEST(Gradient, ReluMatchesFiniteDifferences) { check_gradient(GSAE_MODEL_RELU); }

TEST(Gradient, SparsePathEqualsDensePath) {
  for (int kind = 0; kind < 3; ++kind) {
    Problem p = make_problem(7);
    std::vector<gsae_real> gs(p.m * p.n, 0), gd(p.m * p.n, 0);
    double sqs, sqd;
    size_t nnzs, nnzd;
    gsae_ae *sparse = nullptr, *dense = nullptr;
    ASSERT_EQ(gsae_ae_create(&sparse, (gsae_model_kind)kind, p.lambda, p.n, p.m, p.d, p.N, GSAE_PATH_SPARSE), GSAE_OK);
    ASSERT_EQ(gsae_ae_create(&dense, (gsae_model_kind)kind, p.lambda, p.n, p.m, p.d, p.N, GSAE_PATH_DENSE), GSAE_OK);
    ASSERT_EQ(gsae_ae_forward(sparse, p.W.data(), p.Y.data(), p.N, &sqs, &nnzs), GSAE_OK);
    ASSERT_EQ(gsae_ae_forward(dense, p.W.data(), p.Y.data(), p.N, &sqd, &nnzd), GSAE_OK);
    EXPECT_EQ(gsae_ae_last_path(sparse), GSAE_PATH_SPARSE);
    EXPECT_EQ(gsae_ae_last_path(dense), GSAE_PATH_DENSE);
    EXPECT_EQ(nnzs, nnzd);
    EXPECT_NEAR(sqs, sqd, kRoundTol * sqd);
    gsae_ae_backward(sparse, p.W.data(), p.Y.data(), gs.data(), 1);
    gsae_ae_backward(dense, p.W.data(), p.Y.data(), gd.data(), 1);
    double err = 0, norm = 0;
    for (size_t k = 0; k < gs.size(); ++k) {
      err += ((double)gs[k] - gd[k]) * ((double)gs[k] - gd[k]);
      norm += (double)gd[k] * gd[k];
    }
    EXPECT_LT(std::sqrt(err / norm), kRoundTol) << gsae_model_kind_name((gsae_model_kind)kind);
    gsae_ae_destroy(sparse);
    gsae_ae_destroy(dense);
  }
}

TEST(Gradient, BackwardAccumulates) {
  Problem p = make_problem(3);
  gsae_ae *ae = nullptr;
  ASSERT_EQ(gsae_ae_create(&ae, GSAE_MODEL_GROUP, p.lambda, p.n, p.m, p.d, p.N, GSAE_PATH_AUTO), GSAE_OK);
  double sq;
  size_t nnz;
  ASSERT_EQ(gsae_ae_forward(ae, p.W.data(), p.Y.data(), p.N, &sq, &nnz), GSAE_OK);
  std::vector<gsae_real> once(p.m * p.n, 0), twice(p.m * p.n, 0);
  gsae_ae_backward(ae, p.W.data(), p.Y.data(), once.data(), 1);
  gsae_ae_backward(ae, p.W.data(), p.Y.data(), twice.data(), 1);
  gsae_ae_backward(ae, p.W.data(), p.Y.data(), twice.data(), 1);
  for (size_t k = 0; k < once.size(); ++k) EXPECT_NEAR(twice[k], 2 * once[k], 1e-5 * (1 + std::fabs(once[k])));
  gsae_ae_destroy(ae);
}

TEST(Gradient, RejectsBadShapes) {
  gsae_ae *ae = nullptr;
  EXPECT_EQ(gsae_ae_create(&ae, GSAE_MODEL_GROUP, 1.0, 5, 7, 2, 4, GSAE_PATH_AUTO), GSAE_ERR_ARG);  // m % d != 0
  EXPECT_EQ(ae, nullptr);
  EXPECT_EQ(gsae_ae_create(&ae, GSAE_MODEL_GROUP, 1.0, 0, 8, 2, 4, GSAE_PATH_AUTO), GSAE_ERR_ARG);
}
