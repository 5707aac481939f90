// Block coherence (eq. 3) on the ranks' BLACS grid against the serial reference, and coherence as a
// parameter of the generator: targets are hit, orthonormal groups are orthonormal, unreachable
// targets name the reachable range, the data do not depend on the number of ranks.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "test_util.hpp"

extern "C" {
#include "gsae/dataset.h"
#include "gsae/gram.h"
#include "gsae/metrics.h"
}

namespace {
struct Case {
  size_t m, n, d;
};
// d = 1, 2, 3, 5; m not a multiple of the block size (nb = d ceil(64 / d)); n < m and n > m
const Case kCases[] = {{130, 40, 1}, {150, 300, 2}, {202, 90, 2}, {201, 50, 3}, {135, 70, 5}, {20, 400, 5}};

const double kCohTol = kDouble ? 1e-12 : 1e-5;

void expect_dist_equals_serial(MPI_Comm comm) {
  unsigned seed = 1;
  for (const Case &c : kCases) {
    std::vector<gsae_real> W = random_vec(c.m * c.n, seed++);
    double mu = -1;
    ASSERT_EQ(gsae_block_coherence_dist(comm, W.data(), c.m, c.n, c.d, &mu), GSAE_OK) << gsae_error_message();
    double ref = gsae_block_coherence(W.data(), c.m, c.n, c.d, 0, 1);
    EXPECT_NEAR(mu, ref, kCohTol * ref) << "m=" << c.m << " n=" << c.n << " d=" << c.d;
    EXPECT_EQ(mu, ref) << "confirmed exactly: the same bits as the reference (m=" << c.m << ", d=" << c.d << ")";
  }
}

gsae_gen_params small(double target, int orthonormal) {
  gsae_gen_params p = gsae_gen_defaults();
  p.n = 200;
  p.groups = 20;
  p.group_size = 2;
  p.active = 2;
  p.samples = 41;
  p.seed = 3;
  p.coherence = target;
  p.orthonormal_groups = orthonormal;
  return p;
}

double max_gram_offdiag_error(const gsae_dataset &ds) {  // max_g ||A_g^T A_g - I||_max
  double worst = 0;
  const size_t n = ds.n, d = ds.group_size;
  for (size_t g = 0; g < ds.groups; ++g)
    for (size_t a = 0; a < d; ++a)
      for (size_t b = 0; b < d; ++b) {
        double s = 0;
        for (size_t r = 0; r < n; ++r) s += (double)ds.A_true[(g * d + a) * n + r] * ds.A_true[(g * d + b) * n + r];
        worst = std::fmax(worst, std::fabs(s - (a == b ? 1.0 : 0.0)));
      }
  return worst;
}
}  // namespace

TEST(Coherence, DistributedEqualsSerialReference) { expect_dist_equals_serial(MPI_COMM_SELF); }

TEST(Coherence, OneGroupIsZeroAndDMustDivideM) {
  std::vector<gsae_real> W = random_vec(3 * 10, 5);
  double mu = -1;
  ASSERT_EQ(gsae_block_coherence_dist(MPI_COMM_SELF, W.data(), 3, 10, 3, &mu), GSAE_OK);
  EXPECT_EQ(mu, 0.0);
  EXPECT_EQ(gsae_block_coherence_dist(MPI_COMM_SELF, W.data(), 3, 10, 2, &mu), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("divide m = 3"), std::string::npos) << gsae_error_message();
}

TEST(Coherence, TargetsAreHitWithinFivePercent) {
  for (double target : {0.2, 0.5, 0.8}) {
    gsae_gen_params p = small(target, 0);
    gsae_dataset ds{};
    ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_OK) << gsae_error_message();
    double ref = gsae_block_coherence(ds.A_true, ds.m, ds.n, ds.group_size, 0, 1);
    EXPECT_NEAR(ref, target, 0.05 * target) << "target " << target;
    EXPECT_NEAR(ds.block_coherence, target, 0.01 * target) << "bisection stops within 1%";
    EXPECT_EQ(ds.block_coherence, ref);
    EXPECT_GT(ds.coherence_mix, 0.0);
    EXPECT_LE(ds.coherence_mix, 1.0);
    for (size_t j = 0; j < ds.m; ++j) {  // unit columns
      double s = 0;
      for (size_t r = 0; r < ds.n; ++r) s += (double)ds.A_true[j * ds.n + r] * ds.A_true[j * ds.n + r];
      ASSERT_NEAR(s, 1.0, kDouble ? 1e-12 : 1e-5);
    }
    gsae_dataset_free(&ds);
  }
}

TEST(Coherence, OrthonormalGroupsAreOrthonormalAndBelowOneOverD) {
  for (double target : {(double)NAN, 0.3, 0.5}) {
    gsae_gen_params p = small(target, 1);
    gsae_dataset ds{};
    ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_OK) << gsae_error_message();
    EXPECT_LE(max_gram_offdiag_error(ds), kDouble ? 1e-10 : 1e-5) << "target " << target;
    double ref = gsae_block_coherence(ds.A_true, ds.m, ds.n, ds.group_size, 0, 1);
    EXPECT_LE(ref, 1.0 / (double)p.group_size + (kDouble ? 1e-12 : 1e-6));
    if (!std::isnan(target)) EXPECT_NEAR(ref, target, 0.05 * target);
    else EXPECT_EQ(ds.coherence_mix, 0.0);
    gsae_dataset_free(&ds);
  }
}

TEST(Coherence, UnreachableTargetsStateTheRange) {
  gsae_dataset ds{};
  gsae_gen_params p = small(0.01, 0);  // below the random dictionary's coherence
  EXPECT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_ERR_ARG);
  std::string msg = gsae_error_message();
  EXPECT_NE(msg.find("--coherence 0.01 is out of reach for n = 200, Gamma = 20, d = 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("reachable ["), std::string::npos) << msg;
  EXPECT_NE(msg.find(", 1]"), std::string::npos) << msg;  // unit columns reach 1
  gsae_dataset_free(&ds);
  p = small(0.7, 1);  // orthonormal groups stay at or below 1/d = 0.5
  EXPECT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_ERR_ARG);
  msg = gsae_error_message();
  EXPECT_NE(msg.find("orthonormal groups"), std::string::npos) << msg;
  EXPECT_NE(msg.find(", 0.5]"), std::string::npos) << msg;
  gsae_dataset_free(&ds);
}

TEST(Coherence, ValidationRejectsTargetsOutsideZeroOne) {
  for (double bad : {2.0, 0.0, -0.1, (double)INFINITY}) {
    gsae_gen_params p = small(bad, 0);
    EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG) << bad;
    EXPECT_NE(std::string(gsae_error_message()).find(std::isinf(bad) ? "--coherence must be a finite number" : "--coherence must be in (0, 1]"), std::string::npos);
  }
  gsae_gen_params p = small(NAN, 1);
  p.group_size = 3;
  p.n = 2;
  EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("--orthonormal-groups"), std::string::npos);
}

TEST(Coherence, UnsetKeepsTheIndependentDictionary) {
  gsae_gen_params p = small(NAN, 0);
  gsae_dataset ds{};
  ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(ds.coherence_mix, 0.0);
  EXPECT_EQ(ds.block_coherence, gsae_block_coherence(ds.A_true, ds.m, ds.n, ds.group_size, 0, 1));
  gsae_dataset_free(&ds);
}

TEST(Coherence, DataFileRoundTripsTheCoherenceAttributes) {
  std::string path = "/tmp/gsae-coherence-" + std::to_string((long)getpid()) + ".h5";
  for (int k = 0; k < 2; ++k) {
    gsae_gen_params p = k ? small(0.4, 1) : small(NAN, 0);
    gsae_dataset g{}, r{};
    ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &g), GSAE_OK) << gsae_error_message();
    ASSERT_EQ(gsae_dataset_write(MPI_COMM_SELF, path.c_str(), &g, "test"), GSAE_OK) << gsae_error_message();
    ASSERT_EQ(gsae_dataset_read(MPI_COMM_SELF, path.c_str(), &r), GSAE_OK) << gsae_error_message();
    std::remove(path.c_str());
    if (k) EXPECT_EQ(r.params.coherence, 0.4);
    else EXPECT_TRUE(std::isnan(r.params.coherence));
    EXPECT_EQ(r.params.orthonormal_groups, k);
    EXPECT_EQ(r.coherence_mix, g.coherence_mix);
    EXPECT_EQ(r.block_coherence, g.block_coherence);
    EXPECT_EQ(0, memcmp(r.A_true, g.A_true, g.m * g.n * sizeof(gsae_real)));
    gsae_dataset_free(&g);
    gsae_dataset_free(&r);
  }
}

// Under mpiexec: the Gram on the ranks' grid gives the reference's bits.
TEST(MpiCoherence, DistributedEqualsSerialReference) { expect_dist_equals_serial(MPI_COMM_WORLD); }

// Under mpiexec: with a target, A*, t, mu_B and this rank's rows equal a single-process generation.
TEST(MpiCoherence, DataWithATargetIdenticalOnOneAndAllRanks) {
  for (int orthonormal = 0; orthonormal < 2; ++orthonormal) {
    gsae_gen_params p = small(0.35, orthonormal);
    gsae_dataset whole{}, shard{};
    ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &whole), GSAE_OK) << gsae_error_message();
    ASSERT_EQ(gsae_generate(MPI_COMM_WORLD, &p, &shard), GSAE_OK) << gsae_error_message();
    EXPECT_EQ(shard.coherence_mix, whole.coherence_mix);
    EXPECT_EQ(shard.block_coherence, whole.block_coherence);
    EXPECT_EQ(0, memcmp(shard.A_true, whole.A_true, whole.m * p.n * sizeof(gsae_real)));
    EXPECT_EQ(0, memcmp(shard.Y, whole.Y + shard.first * p.n, shard.rows * p.n * sizeof(gsae_real)));
    gsae_dataset_free(&whole);
    gsae_dataset_free(&shard);
  }
}
