// Group ReLU (eq. 7), soft threshold, biased ReLU and their Jacobian-vector products.
#include <gtest/gtest.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/activation.h"
}

TEST(Activation, GroupReluShrinksNormAndKillsSmallGroups) {
  gsae_real z[4] = {3, 4, (gsae_real)0.3, (gsae_real)0.4}, x[4];
  size_t nnz = gsae_activation_forward(GSAE_MODEL_GROUP, 1.0, 2, z, x, 4);
  EXPECT_EQ(nnz, 2u);
  EXPECT_NEAR(x[0], 2.4, 1e-6);  // (1 - 1/5) * 3
  EXPECT_NEAR(x[1], 3.2, 1e-6);
  EXPECT_EQ(x[2], 0);
  EXPECT_EQ(x[3], 0);
}

TEST(Activation, SoftIsTwoSidedAndReluOneSided) {
  gsae_real z[3] = {-3, (gsae_real)0.5, 3}, x[3];
  EXPECT_EQ(gsae_activation_forward(GSAE_MODEL_SOFT, 1.0, 1, z, x, 3), 2u);
  EXPECT_NEAR(x[0], -2, 1e-6);
  EXPECT_EQ(x[1], 0);
  EXPECT_NEAR(x[2], 2, 1e-6);
  EXPECT_EQ(gsae_activation_forward(GSAE_MODEL_RELU, 1.0, 1, z, x, 3), 1u);
  EXPECT_EQ(x[0], 0);
  EXPECT_EQ(x[1], 0);
  EXPECT_NEAR(x[2], 2, 1e-6);
}

TEST(Activation, ModelNamesRoundTrip) {
  for (int k = 0; k < 3; ++k)
    EXPECT_EQ(gsae_model_kind_parse(gsae_model_kind_name((gsae_model_kind)k)), k);
  EXPECT_EQ(gsae_model_kind_parse("lasso"), -1);
  EXPECT_EQ(gsae_activation_block(GSAE_MODEL_GROUP, 4), 4u);
  EXPECT_EQ(gsae_activation_block(GSAE_MODEL_SOFT, 4), 1u);
}

// J p against central differences (sigma(z + e p) - sigma(z - e p)) / 2e, away from the kinks.
static void check_jacobian(gsae_model_kind kind, size_t block) {
  const size_t m = 12;
  const double lambda = 1.0;
  for (unsigned seed = 0; seed < 20; ++seed) {
    auto z = random_vec(m, seed, 1.5), p = random_vec(m, 100 + seed);
    bool near_kink = false;  // skip draws where a block norm (or entry) sits within 0.05 of lambda
    for (size_t u0 = 0; u0 < m; u0 += block) {
      double r = 0;
      for (size_t k = 0; k < block; ++k) r += (double)z[u0 + k] * z[u0 + k];
      double s = kind == GSAE_MODEL_RELU ? (double)z[u0] : std::sqrt(r);
      near_kink |= std::fabs(s - lambda) < 0.05;
    }
    if (near_kink) continue;
    std::vector<gsae_real> d(m), xp(m), xm(m), zp(m), zm(m);
    gsae_activation_backward(kind, lambda, block, z.data(), p.data(), d.data(), m);
    const double eps = kDouble ? 1e-6 : 1e-2;
    for (size_t k = 0; k < m; ++k) {
      zp[k] = (gsae_real)(z[k] + eps * p[k]);
      zm[k] = (gsae_real)(z[k] - eps * p[k]);
    }
    gsae_activation_forward(kind, lambda, block, zp.data(), xp.data(), m);
    gsae_activation_forward(kind, lambda, block, zm.data(), xm.data(), m);
    for (size_t k = 0; k < m; ++k) {
      double fd = ((double)xp[k] - (double)xm[k]) / (2 * eps);
      // double: O(eps^2) truncation + 1e-16/eps rounding; float: ~1e-7/1e-2 rounding + 1e-4 curvature
      EXPECT_NEAR(d[k], fd, kDouble ? 1e-7 : 2e-3) << "unit " << k << " seed " << seed;
    }
  }
}

TEST(Activation, GroupJacobianMatchesFiniteDifferences) { check_jacobian(GSAE_MODEL_GROUP, 3); }
TEST(Activation, SoftJacobianMatchesFiniteDifferences) { check_jacobian(GSAE_MODEL_SOFT, 1); }
TEST(Activation, ReluJacobianMatchesFiniteDifferences) { check_jacobian(GSAE_MODEL_RELU, 1); }

TEST(Activation, GroupJacobianClosedForm) {
  // z = (3, 4), lambda = 1: J = (1 - 1/5) I + (1/125) z z^T; p = (1, 0) -> J p = (0.8 + 9/125, 12/125)
  gsae_real z[2] = {3, 4}, p[2] = {1, 0}, d[2];
  gsae_activation_backward(GSAE_MODEL_GROUP, 1.0, 2, z, p, d, 2);
  EXPECT_NEAR(d[0], 0.8 + 9.0 / 125, 1e-6);
  EXPECT_NEAR(d[1], 12.0 / 125, 1e-6);
}
