// Counter-based RNG: determinism, independence of index order, distribution checks.
#include <gtest/gtest.h>

#include <set>

#include "test_util.hpp"

extern "C" {
#include "gsae/rng.h"
}

TEST(Rng, DrawsArePureFunctionsOfSeedStreamIndex) {
  double a[5], b[5], c[5];
  gsae_rng_normal(42, GSAE_STREAM_NOISE, 7, 5, a);
  gsae_rng_normal(42, GSAE_STREAM_NOISE, 8, 5, c);  // another index in between
  gsae_rng_normal(42, GSAE_STREAM_NOISE, 7, 5, b);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(a[k], b[k]);
  EXPECT_NE(a[0], c[0]);
  gsae_rng_normal(43, GSAE_STREAM_NOISE, 7, 5, c);
  EXPECT_NE(a[0], c[0]);
  gsae_rng_normal(42, GSAE_STREAM_COEF, 7, 5, c);
  EXPECT_NE(a[0], c[0]);
  double prefix[3];  // a shorter request is a prefix of a longer one
  gsae_rng_normal(42, GSAE_STREAM_NOISE, 7, 3, prefix);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(prefix[k], a[k]);
}

TEST(Rng, NormalMoments) {
  const size_t n = 200000;
  std::vector<double> x(n);
  gsae_rng_normal(1, GSAE_STREAM_NOISE, 0, n, x.data());
  double s = 0, s2 = 0;
  for (double v : x) {
    s += v;
    s2 += v * v;
  }
  double mean = s / n, var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.012);  // 5 standard errors (1/sqrt(n) = 0.0022)
  EXPECT_NEAR(var, 1.0, 0.016);   // 5 standard errors (sqrt(2/n) = 0.0032)
}

TEST(Rng, SubsetIsSortedDistinctAndUniform) {
  const size_t n = 6, k = 3, draws = 30000;
  std::vector<size_t> count(n, 0);
  size_t out[k];
  for (size_t i = 0; i < draws; ++i) {
    gsae_rng_subset(9, GSAE_STREAM_SUPPORT, i, n, k, out);
    for (size_t q = 0; q + 1 < k; ++q) ASSERT_LT(out[q], out[q + 1]);
    for (size_t q = 0; q < k; ++q) {
      ASSERT_LT(out[q], n);
      ++count[out[q]];
    }
  }
  // each element is included with probability k/n = 0.5; std of a count is sqrt(draws/4) = 87
  for (size_t j = 0; j < n; ++j) EXPECT_NEAR((double)count[j], draws * 0.5, 5 * 87.0) << "element " << j;
}

TEST(Rng, SubsetOfAllIsEverything) {
  size_t out[4];
  gsae_rng_subset(1, GSAE_STREAM_SUPPORT, 3, 4, 4, out);
  for (size_t q = 0; q < 4; ++q) EXPECT_EQ(out[q], q);
}

TEST(Rng, PermutationIsAPermutation) {
  std::vector<size_t> perm(50);
  ASSERT_EQ(gsae_rng_permutation(5, GSAE_STREAM_BATCH, 2, 50, perm.data()), 0);
  std::set<size_t> seen(perm.begin(), perm.end());
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(*seen.rbegin(), 49u);
}
