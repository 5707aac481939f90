// Data sets without a ground truth (imported images): /data/Y, /data/labels and the image shape
// survive a collective write and read on any number of ranks, and files without labels read as NULL.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/dataset.h"
#include "gsae/dist.h"
}

namespace {
constexpr size_t kN = 37, kRows = 3, kCols = 4, kDim = kRows * kCols;

gsae_real value(size_t i, size_t k) { return (gsae_real)((double)(i * kDim + k) / 1000.0); }

// This rank's shard of a (kN, kDim) data set, labels i % 10 when with_labels.
void make_shard(MPI_Comm comm, bool with_labels, gsae_dataset *ds, std::vector<gsae_real> &Y,
                std::vector<int32_t> &labels) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  *ds = gsae_dataset{};
  gsae_dist_shard(kN, rank, size, &ds->first, &ds->rows);
  Y.resize(ds->rows * kDim + 1);
  labels.resize(ds->rows + 1);
  for (size_t i = 0; i < ds->rows; ++i) {
    labels[i] = (int32_t)((ds->first + i) % 10);
    for (size_t k = 0; k < kDim; ++k) Y[i * kDim + k] = value(ds->first + i, k);
  }
  ds->has_truth = 0;
  ds->n = kDim;
  ds->total = kN;
  ds->image_rows = kRows;
  ds->image_cols = kCols;
  ds->Y = Y.data();
  ds->labels = with_labels ? labels.data() : nullptr;
  ds->source = "test";
  ds->scale = "pixel / 255";
}

std::string shared_path(MPI_Comm comm, const char *tag) {
  long pid = (long)getpid();
  MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
  return "/tmp/gsae-imported-" + std::string(tag) + "-" + std::to_string(pid) + ".h5";
}
}  // namespace

TEST(MpiDatasetImported, LabelsAndImageShapeRoundTrip) {
  MPI_Comm comm = MPI_COMM_WORLD;
  int rank;
  MPI_Comm_rank(comm, &rank);
  for (bool with_labels : {true, false}) {
    gsae_dataset w;
    std::vector<gsae_real> Y;
    std::vector<int32_t> labels;
    make_shard(comm, with_labels, &w, Y, labels);
    std::string path = shared_path(comm, with_labels ? "labels" : "nolabels");
    ASSERT_EQ(gsae_dataset_write(comm, path.c_str(), &w, "test"), GSAE_OK) << gsae_error_message();
    gsae_dataset r{};
    ASSERT_EQ(gsae_dataset_read(comm, path.c_str(), &r), GSAE_OK) << gsae_error_message();
    MPI_Barrier(comm);
    if (rank == 0) std::remove(path.c_str());
    EXPECT_EQ(r.has_truth, 0);
    EXPECT_EQ(r.total, kN);
    EXPECT_EQ(r.n, kDim);
    EXPECT_EQ(r.m, 0u);
    EXPECT_EQ(r.image_rows, kRows);
    EXPECT_EQ(r.image_cols, kCols);
    EXPECT_EQ(r.A_true, nullptr);
    EXPECT_EQ(r.support, nullptr);
    EXPECT_EQ(r.first, w.first);
    ASSERT_EQ(r.rows, w.rows);
    for (size_t i = 0; i < r.rows; ++i)
      for (size_t k = 0; k < kDim; ++k) ASSERT_EQ(r.Y[i * kDim + k], value(r.first + i, k));
    if (with_labels) {
      ASSERT_NE(r.labels, nullptr);
      for (size_t i = 0; i < r.rows; ++i) EXPECT_EQ(r.labels[i], (int32_t)((r.first + i) % 10));
    } else {
      EXPECT_EQ(r.labels, nullptr);
    }
    gsae_dataset_free(&r);
  }
}

// A generated data set (with truth) still reads without labels or image shape.
TEST(DatasetImported, GeneratedDataHaveNoLabels) {
  gsae_gen_params p = gsae_gen_defaults();
  p.n = 20;
  p.groups = 8;
  p.group_size = 2;
  p.active = 2;
  p.samples = 30;
  gsae_dataset g{}, r{};
  ASSERT_EQ(gsae_generate(MPI_COMM_SELF, &p, &g), GSAE_OK) << gsae_error_message();
  std::string path = "/tmp/gsae-generated-" + std::to_string((long)getpid()) + ".h5";
  ASSERT_EQ(gsae_dataset_write(MPI_COMM_SELF, path.c_str(), &g, "test"), GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_dataset_read(MPI_COMM_SELF, path.c_str(), &r), GSAE_OK) << gsae_error_message();
  std::remove(path.c_str());
  EXPECT_EQ(r.has_truth, 1);
  EXPECT_EQ(r.labels, nullptr);
  EXPECT_EQ(r.image_rows, 0u);
  EXPECT_EQ(r.image_cols, 0u);
  gsae_dataset_free(&g);
  gsae_dataset_free(&r);
}
