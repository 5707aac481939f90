// Dictionary and support metrics.
#include <gtest/gtest.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/init.h"
#include "gsae/metrics.h"
}

namespace {
std::vector<gsae_real> unit_rows(size_t m, size_t n, unsigned seed) {
  auto W = random_vec(m * n, seed);
  for (size_t j = 0; j < m; ++j) {
    double s = 0;
    for (size_t k = 0; k < n; ++k) s += (double)W[j * n + k] * W[j * n + k];
    for (size_t k = 0; k < n; ++k) W[j * n + k] = (gsae_real)(W[j * n + k] / std::sqrt(s));
  }
  return W;
}
}  // namespace

TEST(Metrics, DictErrorIgnoresColumnScale) {
  const size_t m = 8, n = 20;
  auto A = unit_rows(m, n, 1), B = A;
  for (size_t k = 0; k < m * n; ++k) B[k] *= 3;
  EXPECT_NEAR(gsae_dict_error(B.data(), A.data(), m, n), 0.0, 1e-9);
  for (size_t k = 0; k < n; ++k) B[k] = -A[k];  // flip atom 0: ||-a - a||^2 = 4
  EXPECT_NEAR(gsae_dict_error(B.data(), A.data(), m, n), 4.0, 1e-5);
}

TEST(Metrics, SubspaceErrorIsBlindToRotationsInsideAGroup) {
  const size_t m = 6, n = 15, d = 2;
  auto A = unit_rows(m, n, 2), R = A;
  const double c = std::cos(0.7), s = std::sin(0.7);
  for (size_t g = 0; g < m / d; ++g)
    for (size_t k = 0; k < n; ++k) {
      double a = A[(2 * g) * n + k], b = A[(2 * g + 1) * n + k];
      R[(2 * g) * n + k] = (gsae_real)(c * a - s * b);
      R[(2 * g + 1) * n + k] = (gsae_real)(s * a + c * b);
    }
  EXPECT_NEAR(gsae_subspace_error(R.data(), A.data(), m, n, d), 0.0, kDouble ? 1e-10 : 1e-5);
  EXPECT_GT(gsae_dict_error(R.data(), A.data(), m, n), 0.5);
  // a group replaced by an unrelated random one contributes close to d (random 2-planes in R^15)
  auto Q = A;
  auto other = unit_rows(2, n, 99);
  std::copy(other.begin(), other.end(), Q.begin());
  double e = gsae_subspace_error(Q.data(), A.data(), m, n, d);
  EXPECT_GT(e, 1.0);
  EXPECT_LE(e, 2.0 + 1e-9);
}

TEST(Metrics, SupportCountsByHand) {
  // m = 6 units, d = 2 -> 3 groups; true supports {0, 2} for both samples
  gsae_real X[12] = {1, 0, 0, 0, 0, 2,   // sample 0: groups 0, 2 -> exact
                     0, 1, 1, 0, 0, 0};  // sample 1: groups 0, 1 -> one right, one wrong
  int32_t S[4] = {0, 2, 0, 2};
  double c[GSAE_SUPPORT_COUNTS] = {0, 0, 0, 0};
  gsae_support_count(X, 2, 6, 2, S, 2, c);
  EXPECT_EQ(c[GSAE_SUPPORT_EXACT], 1);
  EXPECT_EQ(c[GSAE_SUPPORT_TP], 3);
  EXPECT_EQ(c[GSAE_SUPPORT_EST], 4);
  EXPECT_EQ(c[GSAE_SUPPORT_TRUE], 4);
}

TEST(Metrics, BlockCoherenceOfOrthogonalGroupsIsZero) {
  const size_t m = 4, n = 4, d = 2;
  std::vector<gsae_real> I(m * n, 0);
  for (size_t j = 0; j < 4; ++j) I[j * n + j] = 1;
  EXPECT_NEAR(gsae_block_coherence(I.data(), m, n, d, 0, 1), 0.0, 1e-12);
  I[2 * n + 0] = 1;  // atom 2 = e0 + e2: group 1 overlaps group 0, ||A_0^T A_1||_2 = 1 -> mu_B = 1/2
  I[2 * n + 2] = 1;
  EXPECT_NEAR(gsae_block_coherence(I.data(), m, n, d, 0, 1), 0.5, 1e-12);
  // split over two "ranks": the max of the parts is the whole
  double a = gsae_block_coherence(I.data(), m, n, d, 0, 2), b = gsae_block_coherence(I.data(), m, n, d, 1, 2);
  EXPECT_NEAR(std::max(a, b), 0.5, 1e-12);
}

TEST(Init, CorrelationAndDeltaTargetsAreHit) {
  const size_t m = 40, n = 50, d = 2;
  auto A = unit_rows(m, n, 4);
  std::vector<gsae_real> W0(m * n);
  gsae_init_report r;
  ASSERT_EQ(gsae_init_dictionary(A.data(), m, n, d, GSAE_INIT_CORR, 0.15, 3, W0.data(), &r), GSAE_OK);
  EXPECT_NEAR(r.correlation, 0.15, 1e-4);
  EXPECT_NEAR(gsae_mean_correlation(W0.data(), A.data(), m, n), 0.15, 1e-4);
  ASSERT_EQ(gsae_init_dictionary(A.data(), m, n, d, GSAE_INIT_DELTA, 0.3, 3, W0.data(), &r), GSAE_OK);
  EXPECT_NEAR(r.delta, 0.3, 1e-5);
  EXPECT_NEAR(gsae_max_group_distance(W0.data(), A.data(), m, n, d), 0.3, 1e-5);
  EXPECT_EQ(gsae_init_dictionary(A.data(), m, n, d, GSAE_INIT_CORR, 1.5, 3, W0.data(), &r), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_init_dictionary(A.data(), m, n, d, GSAE_INIT_DELTA, -1, 3, W0.data(), &r), GSAE_ERR_ARG);
}

// One atom a* = e1 in two dimensions: cos(a* + s g, a*) falls from 1 to g1/|g| as s grows, so a
// target at or below g1/|g| is unreachable and must be refused (not bisected to a huge s), and any
// target above is hit.
TEST(Init, UnreachableCorrelationIsRefused) {
  std::vector<gsae_real> A = {1, 0}, W0(2);
  gsae_init_report r;
  int reached = 0, refused = 0;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    gsae_status st = gsae_init_dictionary(A.data(), 1, 2, 1, GSAE_INIT_CORR, 0.5, seed, W0.data(), &r);
    if (st == GSAE_OK) {
      ++reached;
      EXPECT_NEAR(r.correlation, 0.5, 1e-4);
    } else {
      ++refused;
      EXPECT_EQ(st, GSAE_ERR_ARG);
      EXPECT_NE(std::string(gsae_error_message()).find("cannot be reached"), std::string::npos) << gsae_error_message();
    }
  }
  EXPECT_GT(reached, 0);
  EXPECT_GT(refused, 0);
}

TEST(Metrics, ContractionOfADistanceTrace) {
  double mean, worst;
  const double halving[] = {8.0, 4.0, 2.0, 1.0};
  gsae_contraction(halving, 4, &mean, &worst);
  EXPECT_NEAR(mean, 0.5, 1e-15);
  EXPECT_NEAR(worst, 0.5, 1e-15);
  const double rise_then_fall[] = {1.0, 1.2, 0.6, 0.3}; /* Adam's first epochs can move away from A* */
  gsae_contraction(rise_then_fall, 4, &mean, &worst);
  EXPECT_NEAR(mean, std::pow(0.3, 1.0 / 3.0), 1e-15);
  EXPECT_NEAR(worst, 1.2, 1e-15);
  const double with_nan[] = {1.0, NAN, 0.5};
  gsae_contraction(with_nan, 3, &mean, &worst);
  EXPECT_TRUE(std::isnan(mean) && std::isnan(worst));
  gsae_contraction(halving, 1, &mean, &worst); /* one epoch: no ratio */
  EXPECT_TRUE(std::isnan(mean) && std::isnan(worst));
}
