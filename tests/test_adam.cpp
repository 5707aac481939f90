// Adam against steps computed by hand (torch.optim.Adam's formula, defaults 0.9 / 0.999 / 1e-8).
#include <gtest/gtest.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/adam.h"
}

TEST(Adam, FirstStepMovesByLearningRate) {
  // m1 = 0.1 g, v1 = 0.001 g^2; m_hat = g, v_hat = g^2: step = lr * g / (|g| + eps) = lr sign(g)
  gsae_adam opt;
  ASSERT_EQ(gsae_adam_init(&opt, 2, 0.01), GSAE_OK);
  gsae_real p[2] = {1, -2}, g[2] = {(gsae_real)0.5, (gsae_real)-3};
  gsae_adam_step(&opt, p, g);
  EXPECT_NEAR(p[0], 1 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-6);
  EXPECT_NEAR(p[1], -2 + 0.01 * 3 / (3 + 1e-8), 1e-6);
  EXPECT_EQ(opt.step, 1);
  gsae_adam_free(&opt);
}

TEST(Adam, TwoStepsByHand) {
  gsae_adam opt;
  ASSERT_EQ(gsae_adam_init(&opt, 1, 0.1), GSAE_OK);
  gsae_real p[1] = {0};
  gsae_real g1[1] = {1}, g2[1] = {-2};
  gsae_adam_step(&opt, p, g1);
  gsae_adam_step(&opt, p, g2);
  // step 1: m = 0.1, v = 0.001, p = -0.1 * (0.1/0.1) / (sqrt(0.001/0.001) + 1e-8)
  double m = 0.1, v = 0.001, x = -0.1 * (m / 0.1) / (std::sqrt(v / 0.001) + 1e-8);
  // step 2: m = 0.09 - 0.2 = -0.11, v = 0.000999 + 0.004 = 0.004999
  m = 0.9 * m + 0.1 * -2;
  v = 0.999 * v + 0.001 * 4;
  double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
  x -= 0.1 / bc1 * m / (std::sqrt(v) / std::sqrt(bc2) + 1e-8);
  EXPECT_NEAR(opt.m[0], m, 1e-7);
  EXPECT_NEAR(opt.v[0], v, 1e-8);
  EXPECT_NEAR(p[0], x, kDouble ? 1e-12 : 1e-6);
  gsae_adam_free(&opt);
}

TEST(Adam, ZeroGradientLeavesParametersAtRest) {
  gsae_adam opt;
  ASSERT_EQ(gsae_adam_init(&opt, 3, 1e-3), GSAE_OK);
  gsae_real p[3] = {1, 2, 3}, g[3] = {0, 0, 0};
  for (int k = 0; k < 5; ++k) gsae_adam_step(&opt, p, g);
  EXPECT_EQ(p[0], 1);
  EXPECT_EQ(p[2], 3);
  gsae_adam_free(&opt);
}
