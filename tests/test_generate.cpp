// The generative model of section 4.1: supports, group norms, SNR, and rank independence.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include <cstring>
#include <string>

extern "C" {
#include "gsae/dataset.h"
}

namespace {
gsae_gen_params small_params() {
  gsae_gen_params p = gsae_gen_defaults();
  p.n = 60;
  p.groups = 25;
  p.group_size = 3;
  p.active = 3;
  p.samples = 400;
  p.snr_db = 5.0;
  p.seed = 11;
  return p;
}
}  // namespace

TEST(Generate, ModelPropertiesHold) {
  gsae_gen_params p = small_params();
  gsae_dataset ds{};
  ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &ds), GSAE_OK) << gsae_error_message();
  const size_t n = p.n, d = p.group_size, g = p.active, m = ds.m;
  ASSERT_EQ(ds.rows, p.samples);
  for (size_t j = 0; j < m; ++j) {  // unit-norm atoms
    double s = 0;
    for (size_t k = 0; k < n; ++k) s += (double)ds.A_true[j * n + k] * ds.A_true[j * n + k];
    EXPECT_NEAR(s, 1.0, kDouble ? 1e-12 : 1e-5);
  }
  double signal = 0, noise = 0;
  for (size_t i = 0; i < ds.rows; ++i) {
    const int32_t *s = ds.support + i * g;
    for (size_t q = 0; q < g; ++q) {
      ASSERT_GE(s[q], 0);
      ASSERT_LT((size_t)s[q], p.groups);
      if (q) ASSERT_LT(s[q - 1], s[q]) << "support must be sorted and distinct";
      double norm = 0;
      for (size_t k = 0; k < d; ++k) norm += (double)ds.coef[(i * g + q) * d + k] * ds.coef[(i * g + q) * d + k];
      norm = std::sqrt(norm);
      EXPECT_GE(norm, p.bmin - 1e-5);
      EXPECT_LE(norm, p.bmax + 1e-5);
    }
    // y - A* x* is the noise
    for (size_t r = 0; r < n; ++r) {
      double clean = 0;
      for (size_t q = 0; q < g; ++q)
        for (size_t k = 0; k < d; ++k)
          clean += (double)ds.coef[(i * g + q) * d + k] * ds.A_true[((size_t)s[q] * d + k) * n + r];
      double w = (double)ds.Y[i * n + r] - clean;
      signal += clean * clean;
      noise += w * w;
    }
  }
  double snr = 10 * std::log10(signal / noise);
  EXPECT_NEAR(snr, p.snr_db, 0.1);
  EXPECT_NEAR(ds.snr_db_measured, p.snr_db, 0.1);
  EXPECT_NEAR(ds.snr_db_measured, snr, kDouble ? 1e-6 : 1e-3);
  gsae_dataset_free(&ds);
}

TEST(Generate, ValidationNamesTheParameter) {
  gsae_gen_params p = small_params();
  p.active = p.groups + 1;
  EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("--active"), std::string::npos);
  p = small_params();
  p.snr_db = NAN;
  EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("--snr-db"), std::string::npos);
  p = small_params();
  p.samples = 0;
  EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  p = small_params();
  p.bmin = 3;
  p.bmax = 2;
  EXPECT_EQ(gsae_gen_validate(&p, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
}

// Under mpiexec: this rank's shard equals the same rows of a single-process generation, bit for bit.
TEST(MpiGenerate, ShardsEqualSerialRows) {
  gsae_gen_params p = small_params();
  p.samples = 401;  // not divisible by 2 or 4
  gsae_dataset whole{}, shard{};
  ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &whole), GSAE_OK);
  ASSERT_EQ(gsae_generate(MPI_COMM_WORLD, &p, &shard), GSAE_OK);
  int size;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  size_t total = 0;
  MPI_Allreduce(&shard.rows, &total, 1, MPI_UNSIGNED_LONG, MPI_SUM, MPI_COMM_WORLD);
  EXPECT_EQ(total, p.samples);
  EXPECT_EQ(0, memcmp(shard.Y, whole.Y + shard.first * p.n, shard.rows * p.n * sizeof(gsae_real)));
  EXPECT_EQ(0, memcmp(shard.support, whole.support + shard.first * p.active, shard.rows * p.active * sizeof(int32_t)));
  EXPECT_EQ(0, memcmp(shard.A_true, whole.A_true, whole.m * p.n * sizeof(gsae_real)));
  EXPECT_EQ(shard.noise_std, whole.noise_std);
  EXPECT_EQ(shard.snr_db_measured, whole.snr_db_measured);
  gsae_dataset_free(&whole);
  gsae_dataset_free(&shard);
}
