// Representations for clustering (codes-plus, group norms, strongest group, sparsity), purity against
// the Hungarian accuracy, the run-file reader of the trained unfolded encoder, and encoding that does
// not depend on the batching or (Mpi*) on the number of ranks: bitwise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/cluster.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/represent.h"
#include "gsae/unfolded.h"
}

namespace {

TEST(Represent, ParseNames) {
  EXPECT_EQ(gsae_repr_parse("codes"), GSAE_REPR_CODES);
  EXPECT_EQ(gsae_repr_parse("codes-plus"), GSAE_REPR_CODES_PLUS);
  EXPECT_EQ(gsae_repr_parse("group-norms"), GSAE_REPR_GROUP_NORMS);
  EXPECT_EQ(gsae_repr_parse("codes+"), -1);
  EXPECT_EQ(gsae_repr_parse(nullptr), -1);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(gsae_repr_parse(gsae_repr_name((gsae_repr_kind)k)), k);
}

// |x| / sum |x|: every nonzero row sums to 1 (to rounding), entries are >= 0 and proportional to |x|;
// all-zero rows (including -0 entries) stay exactly +0 and are counted. Works in place.
TEST(Represent, CodesPlusRowsSumToOneZeroRowsStayZero) {
  const size_t rows = 4, m = 6;
  std::vector<gsae_real> X = {1, -2, 0, 0, 3, -2,  //
                              0, 0,  0, 0, 0, 0,   //
                              0, -0.0f, 0, 0, -0.0f, 0,
                              0, 0,  0, 0, 0, -5e-3f};
  std::vector<gsae_real> out(rows * m, (gsae_real)99);
  size_t zeros = 7;
  gsae_repr_codes_plus(X.data(), rows, m, out.data(), &zeros);
  EXPECT_EQ(zeros, 2u);
  for (size_t i = 0; i < rows; ++i) {
    double s = 0;
    for (size_t j = 0; j < m; ++j) {
      EXPECT_GE(out[i * m + j], 0);
      EXPECT_FALSE(std::signbit((double)out[i * m + j])) << i << "," << j;
      s += out[i * m + j];
    }
    if (i == 1 || i == 2) EXPECT_EQ(s, 0.0);
    else EXPECT_NEAR(s, 1.0, kRoundTol);
  }
  EXPECT_NEAR(out[1], 2.0 / 8.0, kRoundTol);
  EXPECT_NEAR(out[4], 3.0 / 8.0, kRoundTol);
  EXPECT_EQ(out[3 * m + 5], (gsae_real)1);
  std::vector<gsae_real> Y = X;
  gsae_repr_codes_plus(Y.data(), rows, m, Y.data(), nullptr);  // in place
  EXPECT_EQ(0, memcmp(Y.data(), out.data(), rows * m * sizeof(gsae_real)));
}

TEST(Represent, GroupNorms) {
  const size_t rows = 2, groups = 3, d = 2;
  std::vector<gsae_real> X = {3, 4, 0, 0, -1, 0,  //
                              0, 0, 6, -8, 1, 1};
  std::vector<gsae_real> out(rows * groups);
  gsae_repr_group_norms(X.data(), rows, groups, d, out.data());
  std::vector<gsae_real> want = {5, 0, 1, 0, 10, (gsae_real)std::sqrt(2.0)};
  for (size_t k = 0; k < want.size(); ++k) EXPECT_EQ(out[k], want[k]) << k;
  // d = 1: absolute values
  gsae_repr_group_norms(X.data(), 1, 6, 1, out.data());
  EXPECT_EQ(out[4], (gsae_real)1);
}

// argmax_g ||x_g|| with ties to the lower group, all-zero rows to the "none" cluster (= groups);
// a tiny nonzero entry is not "none".
TEST(Represent, StrongestGroupTiesAndZeros) {
  const size_t groups = 3, d = 2, rows = 6;
  std::vector<gsae_real> X = {0, 1, 3, 4, 0, 0,    // group 1 (norm 5)
                              3, 4, 0, 5, 4, 3,    // tie 5 / 5 / 5: the lowest, 0
                              0, 0, 0, 0, 0, 0,    // all zero: none
                              0, 0, -5, 0, 4, -3,  // tie between 1 and 2: 1
                              0, 0, 0, 0, 0, 1e-30f, // tiny but nonzero: group 2
                              -0.0f, 0, 0, 0, 0, 0}; // -0: still all zero
  std::vector<int32_t> labels(rows, -7);
  size_t zeros = 0;
  ASSERT_EQ(gsae_repr_strongest_group(X.data(), rows, groups, d, labels.data(), &zeros), GSAE_OK);
  EXPECT_EQ(labels, (std::vector<int32_t>{1, 0, 3, 1, 2, 3}));
  EXPECT_EQ(zeros, 2u);
  // the same on group norms with d = 1
  std::vector<gsae_real> N(rows * groups);
  gsae_repr_group_norms(X.data(), rows, groups, d, N.data());
  std::vector<int32_t> l2(rows);
  ASSERT_EQ(gsae_repr_strongest_group(N.data(), rows, groups, 1, l2.data(), nullptr), GSAE_OK);
  EXPECT_EQ(l2, labels);
  // a non-finite entry is an error naming the row
  X[3 * 6 + 1] = NAN;
  EXPECT_EQ(gsae_repr_strongest_group(X.data(), rows, groups, d, labels.data(), nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("row 3"), std::string::npos) << gsae_error_message();
}

TEST(Represent, SparsityCounts) {
  std::vector<gsae_real> X = {0, 1, 3, 4, 0, 0,  //
                              0, 0, 0, 0, 0, 0,  //
                              1, 0, 0, 0, 2, 2};
  gsae_code_sparsity s;
  gsae_repr_sparsity(X.data(), 3, 3, 2, &s);
  EXPECT_EQ(s.active_groups, 4u);
  EXPECT_EQ(s.nonzero, 6u);
  EXPECT_EQ(s.zero_rows, 1u);
}

// Purity (each cluster to its majority class) against the one-to-one Hungarian accuracy: equal when
// clusters map to distinct classes, larger when two clusters hold the same class.
TEST(Represent, PurityAgainstHungarian) {
  std::vector<int32_t> truth = {0, 0, 0, 1, 1, 1, 2, 2};
  std::vector<int32_t> pred = {1, 1, 1, 0, 0, 2, 2, 2};  // one error, three clusters -> three classes
  double acc = 0, pur = 0;
  ASSERT_EQ(gsae_cluster_accuracy(pred.data(), truth.data(), 8, 3, 3, &acc), GSAE_OK);
  ASSERT_EQ(gsae_cluster_purity(pred.data(), truth.data(), 8, 3, 3, &pur), GSAE_OK);
  EXPECT_DOUBLE_EQ(acc, 7.0 / 8);
  EXPECT_DOUBLE_EQ(pur, 7.0 / 8);
  // five clusters, three classes: class 0 split over clusters 0 and 3, class 1 over 1 and 4
  std::vector<int32_t> p5 = {0, 0, 3, 1, 4, 4, 2, 2};
  ASSERT_EQ(gsae_cluster_accuracy(p5.data(), truth.data(), 8, 5, 3, &acc), GSAE_OK);
  ASSERT_EQ(gsae_cluster_purity(p5.data(), truth.data(), 8, 5, 3, &pur), GSAE_OK);
  EXPECT_DOUBLE_EQ(pur, 1.0);
  EXPECT_DOUBLE_EQ(acc, 6.0 / 8);  // best one-to-one: 0->0 (2), 4->1 (2), 2->2 (2)
  EXPECT_EQ(gsae_cluster_purity(p5.data(), truth.data(), 8, 4, 3, &pur), GSAE_ERR_DATA);  // cluster 4 >= k_pred
  ASSERT_EQ(gsae_cluster_purity(nullptr, nullptr, 0, 1, 1, &pur), GSAE_OK);
  EXPECT_EQ(pur, 1.0);
}

struct Enc {
  size_t n = 30, m = 24, d = 4, K = 3;
  std::vector<gsae_real> A;
  gsae_unfolded *u = nullptr;
  ~Enc() { gsae_unfolded_destroy(u); }
};

void make_encoder(Enc &e, size_t max_rows, gsae_unfold_kind kind, gsae_prox_kind prox, double lambda) {
  e.A = random_vec(e.n * e.m, 77, 1.0 / std::sqrt((double)e.n));
  ASSERT_EQ(gsae_unfolded_create(&e.u, e.n, e.m, e.d, e.K, kind, prox, 0, lambda, max_rows), GSAE_OK);
  ASSERT_EQ(gsae_unfolded_update_eta(e.u, e.A.data(), nullptr), GSAE_OK);
}

// The code of a row does not depend on how the rows are split over calls (the batches are global
// row ranges, padded): pieces starting mid-batch give the same bits as one call; another batch size
// agrees to rounding.
TEST(Represent, EncodeIndependentOfSplit) {
  const size_t rows = 53, batch = 8;
  for (gsae_unfold_kind kind : {GSAE_UNFOLD_ISTA, GSAE_UNFOLD_FISTA}) {
    Enc e;
    make_encoder(e, rows, kind, GSAE_PROX_GROUP, 2.0);
    std::vector<gsae_real> Y = random_vec(rows * e.n, 5, 1.0);
    std::vector<gsae_real> X0(rows * e.m), Xs(rows * e.m), Xall(rows * e.m);
    ASSERT_EQ(gsae_encode_rows(e.u, e.A.data(), Y.data(), rows, 0, batch, e.n, e.m, X0.data()), GSAE_OK);
    const size_t cut[] = {0, 3, 13, 16, 40, 53};
    for (size_t c = 0; c + 1 < sizeof cut / sizeof *cut; ++c)
      ASSERT_EQ(gsae_encode_rows(e.u, e.A.data(), Y.data() + cut[c] * e.n, cut[c + 1] - cut[c], cut[c], batch, e.n,
                                 e.m, Xs.data() + cut[c] * e.m),
                GSAE_OK);
    EXPECT_EQ(0, memcmp(X0.data(), Xs.data(), X0.size() * sizeof(gsae_real)));
    ASSERT_EQ(gsae_encode_rows(e.u, e.A.data(), Y.data(), rows, 0, rows, e.n, e.m, Xall.data()), GSAE_OK);
    double diff = 0, ref = 0;
    for (size_t k = 0; k < X0.size(); ++k) {
      diff = std::max(diff, std::fabs((double)X0[k] - (double)Xall[k]));
      ref = std::max(ref, std::fabs((double)Xall[k]));
    }
    EXPECT_LE(diff, kRoundTol * ref);
    gsae_code_sparsity s;
    gsae_repr_sparsity(X0.data(), rows, e.m / e.d, e.d, &s);
    EXPECT_GT(s.nonzero, 0u);                      // not all zero ...
    EXPECT_LT(s.active_groups, rows * e.m / e.d);  // ... and not all active: a meaningful check
    // a batch larger than the workspace is refused
    Enc small;
    make_encoder(small, 4, kind, GSAE_PROX_GROUP, 0.3);
    EXPECT_EQ(gsae_encode_rows(small.u, small.A.data(), Y.data(), rows, 0, 5, e.n, e.m, X0.data()), GSAE_ERR_ARG);
  }
}

// The run-file reader: a complete unfolded run reads back; running, not unfolded, NaN in A and a
// wrong shape are one-line errors naming the file.
std::string write_run(const char *name, const char *status, const char *encoder, size_t n, size_t groups, size_t d,
                      double nan_at = -1) {
  char path[256];
  snprintf(path, sizeof path, "/tmp/gsae-test-represent-%ld-%s.h5", (long)getpid(), name);
  hid_t fid;
  EXPECT_EQ(gsae_h5_create(path, MPI_COMM_NULL, &fid), GSAE_OK);
  gsae_h5_attr_write_string(fid, "/", "format", "gsae-run");
  if (encoder) gsae_h5_attr_write_string(fid, "/", "encoder", encoder);
  gsae_h5_attr_write_string(fid, "/", "status", status);
  gsae_h5_attr_write_int(fid, "/", "layers", 3);
  gsae_h5_attr_write_string(fid, "/", "unfold", "fista");
  gsae_h5_attr_write_string(fid, "/", "prox", "sparse-group");
  gsae_h5_attr_write_int(fid, "/", "nonneg", 1);
  gsae_h5_attr_write_double(fid, "/", "lambda", 0.25);
  gsae_h5_attr_write_int(fid, "/", "groups", (int64_t)groups);
  gsae_h5_attr_write_int(fid, "/", "group_size", (int64_t)d);
  gsae_h5_attr_write_double(fid, "/", "eta", 0.5);
  std::vector<double> A(n * 6);  // stored as double: read with conversion
  for (size_t k = 0; k < A.size(); ++k) A[k] = 0.01 * (double)k;
  if (nan_at >= 0) A[(size_t)nan_at] = NAN;
  hsize_t dims[2] = {n, 6};
  EXPECT_EQ(gsae_h5_create_dataset(fid, "/model/A", H5T_NATIVE_DOUBLE, 2, dims, "A", path), GSAE_OK);
  EXPECT_EQ(gsae_h5_write_rows(fid, "/model/A", H5T_NATIVE_DOUBLE, 0, n, A.data(), 0, path), GSAE_OK);
  EXPECT_EQ(gsae_h5_close(fid, path), GSAE_OK);
  return path;
}

TEST(Represent, EncoderReadRunFile) {
  gsae_encoder_spec s;
  gsae_real *A = nullptr;
  std::string good = write_run("good", "complete", "unfolded", 5, 3, 2);
  ASSERT_EQ(gsae_encoder_read(good.c_str(), &s, &A), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(s.n, 5u);
  EXPECT_EQ(s.m, 6u);
  EXPECT_EQ(s.groups, 3u);
  EXPECT_EQ(s.group_size, 2u);
  EXPECT_EQ(s.layers, 3u);
  EXPECT_EQ(s.unfold, GSAE_UNFOLD_FISTA);
  EXPECT_EQ(s.prox, GSAE_PROX_SPARSE_GROUP);
  EXPECT_EQ(s.nonneg, 1);
  EXPECT_EQ(s.lambda, 0.25);
  EXPECT_EQ(s.eta, 0.5);
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(A[7], (gsae_real)0.07);
  free(A);
  struct Bad {
    std::string path, want;
  } bad[] = {{write_run("running", "running", "unfolded", 5, 3, 2), "not complete (status 'running')"},
             {write_run("shallow", "complete", nullptr, 5, 3, 2), "not an unfolded-encoder run"},
             {write_run("other", "complete", "shallow", 5, 3, 2), "encoder is 'shallow'"},
             {write_run("nan", "complete", "unfolded", 5, 3, 2, 13), "/model/A[2, 1] = nan is not finite"},
             {write_run("shape", "complete", "unfolded", 5, 2, 2), "/model/A has shape (5, 6)"},
             {"/tmp/gsae-test-represent-missing.h5", "no such file"}};
  for (const Bad &b : bad) {
    A = nullptr;
    EXPECT_NE(gsae_encoder_read(b.path.c_str(), &s, &A), GSAE_OK) << b.path;
    EXPECT_EQ(A, nullptr);
    std::string msg = gsae_error_message();
    EXPECT_NE(msg.find(b.want), std::string::npos) << msg;
    EXPECT_NE(msg.find(b.path), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    remove(b.path.c_str());
  }
  remove(good.c_str());
}

}  // namespace

// Under mpiexec: each rank encodes its shard of the rows (gsae_dist_shard, batches cut at global
// multiples of the batch size, so a batch straddles the shard boundaries), and the gathered codes and
// strongest groups equal the whole data encoded on one rank, bitwise.
TEST(MpiRepresent, EncodeOnAnyRankCountEqualsOneRank) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t rows = 203, batch = 16;
  for (gsae_prox_kind prox : {GSAE_PROX_GROUP, GSAE_PROX_SPARSE_GROUP}) {
    Enc e;
    make_encoder(e, batch, GSAE_UNFOLD_FISTA, prox, 2.0);
    const size_t m = e.m, G = m / e.d;
    std::vector<gsae_real> Y = random_vec(rows * e.n, 9, 1.0);
    std::vector<gsae_real> X1(rows * m), Xn(rows * m + 1);
    ASSERT_EQ(gsae_encode_rows(e.u, e.A.data(), Y.data(), rows, 0, batch, e.n, m, X1.data()), GSAE_OK);
    size_t first, count;
    gsae_dist_shard(rows, rank, size, &first, &count);
    std::vector<gsae_real> Xl(count * m + 1);
    ASSERT_EQ(gsae_encode_rows(e.u, e.A.data(), Y.data() + first * e.n, count, first, batch, e.n, m, Xl.data()),
              GSAE_OK);
    std::vector<int> counts(size), displs(size);
    int mine = (int)(count * m);
    MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
    MPI_Allgatherv(Xl.data(), mine, GSAE_MPI_REAL, Xn.data(), counts.data(), displs.data(), GSAE_MPI_REAL,
                   MPI_COMM_WORLD);
    EXPECT_EQ(0, memcmp(X1.data(), Xn.data(), rows * m * sizeof(gsae_real))) << "prox " << prox;
    // strongest groups and sparsity: the same per row and in total
    std::vector<int32_t> l1(rows), ln(count + 1);
    size_t z1 = 0, zn = 0;
    ASSERT_EQ(gsae_repr_strongest_group(X1.data(), rows, G, e.d, l1.data(), &z1), GSAE_OK);
    ASSERT_EQ(gsae_repr_strongest_group(Xl.data(), count, G, e.d, ln.data(), &zn), GSAE_OK);
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(l1[first + i], ln[i]) << i;
    gsae_code_sparsity s1, sn;
    gsae_repr_sparsity(X1.data(), rows, G, e.d, &s1);
    gsae_repr_sparsity(Xl.data(), count, G, e.d, &sn);
    long long c[3] = {(long long)sn.active_groups, (long long)sn.nonzero, (long long)sn.zero_rows};
    ASSERT_EQ(gsae_dist_allreduce_i64(MPI_COMM_WORLD, c, 3), GSAE_OK);
    EXPECT_EQ((uint64_t)c[0], s1.active_groups);
    EXPECT_EQ((uint64_t)c[1], s1.nonzero);
    EXPECT_EQ((uint64_t)c[2], s1.zero_rows);
  }
}
