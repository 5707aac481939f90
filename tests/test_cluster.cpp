// Clustering (section 4.2): Hungarian assignment, clustering accuracy, distributed k-means.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include <algorithm>
#include <cstring>
#include <numeric>
#include <set>
#include <string>

extern "C" {
#include "gsae/cluster.h"
#include "gsae/dist.h"
}

namespace {
// k Gaussian blobs in dim dimensions, n rows interleaved (row i is in blob i % k): X is (n, dim)
// row-major, truth[n]. Centres are N(0, sep²) per coordinate, points N(centre, sigma²).
void blobs(size_t n, size_t k, size_t dim, double sep, double sigma, unsigned seed, std::vector<double> &X,
           std::vector<int32_t> &truth) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<double> centre(k * dim);
  for (auto &c : centre) c = sep * nd(g);
  X.resize(n * dim);
  truth.resize(n);
  for (size_t i = 0; i < n; ++i) {
    truth[i] = (int32_t)(i % k);
    for (size_t q = 0; q < dim; ++q) X[i * dim + q] = centre[(i % k) * dim + q] + sigma * nd(g);
  }
}

double brute_force(const std::vector<double> &cost, size_t n) {
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  double best = INFINITY;
  do {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += cost[i * n + perm[i]];
    best = std::min(best, s);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

double accuracy(const std::vector<int32_t> &pred, const std::vector<int32_t> &truth, size_t kp, size_t kt) {
  double acc = -1;
  EXPECT_EQ(gsae_cluster_accuracy(pred.data(), truth.data(), pred.size(), kp, kt, &acc), GSAE_OK) << gsae_error_message();
  return acc;
}
}  // namespace

TEST(Hungarian, MatchesBruteForceWithTiesAndNegativeCosts) {
  std::mt19937_64 g(5);
  std::uniform_int_distribution<int> small(-3, 3);  // many ties
  std::normal_distribution<double> nd(0.0, 10.0);
  for (size_t n = 1; n <= 6; ++n) {
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<double> cost(n * n);
      for (auto &c : cost) c = trial % 2 ? (double)small(g) : nd(g);
      if (trial == 2) std::fill(cost.begin(), cost.end(), -1.5);  // all tied
      std::vector<size_t> assign(n, n);
      double total = 0;
      ASSERT_EQ(gsae_hungarian(cost.data(), n, assign.data(), &total), GSAE_OK) << gsae_error_message();
      std::vector<size_t> sorted = assign;
      std::sort(sorted.begin(), sorted.end());
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i) << "not a permutation, n = " << n;
      double s = 0;
      for (size_t i = 0; i < n; ++i) s += cost[i * n + assign[i]];
      EXPECT_DOUBLE_EQ(s, total);
      EXPECT_NEAR(total, brute_force(cost, n), 1e-9) << "n = " << n << ", trial " << trial;
    }
  }
  std::vector<double> bad = {0, NAN, 1, 2};
  size_t a[2];
  EXPECT_EQ(gsae_hungarian(bad.data(), 2, a, nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("cost[0, 1]"), std::string::npos) << gsae_error_message();
}

TEST(ClusterAccuracy, PermutedLabellingIsOneAndRectangularPads) {
  std::vector<int32_t> truth(300), pred(300);
  const int32_t perm[10] = {3, 7, 0, 9, 1, 4, 8, 2, 6, 5};
  for (size_t i = 0; i < truth.size(); ++i) {
    truth[i] = (int32_t)((i * 7) % 10);
    pred[i] = perm[truth[i]];
  }
  EXPECT_EQ(accuracy(pred, truth, 10, 10), 1.0);
  // one cluster for two balanced classes: half right
  std::vector<int32_t> t2 = {0, 0, 1, 1}, p1 = {0, 0, 0, 0};
  EXPECT_EQ(accuracy(p1, t2, 1, 2), 0.5);
  // three clusters for two classes: the best two clusters are matched, the third counts as wrong
  std::vector<int32_t> t3 = {0, 0, 0, 1, 1, 1}, p3 = {2, 2, 1, 0, 0, 0};
  EXPECT_NEAR(accuracy(p3, t3, 3, 2), 5.0 / 6.0, 1e-15);
  double acc;
  std::vector<int32_t> out = {0, 3};
  EXPECT_EQ(gsae_cluster_accuracy(out.data(), t2.data(), 2, 3, 2, &acc), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("predicted label 3 of row 1"), std::string::npos)
      << gsae_error_message();
}

TEST(Kmeans, RecoversSeparatedBlobsIn2DAnd50D) {
  for (size_t dim : {2, 50}) {
    std::vector<double> X;
    std::vector<int32_t> truth;
    blobs(500, 5, dim, 10.0, 0.3, 17 + (unsigned)dim, X, truth);
    gsae_kmeans_params p = gsae_kmeans_defaults(5);
    p.restarts = 4;
    p.seed = 3;
    std::vector<int32_t> labels(500, -1);
    std::vector<double> C(5 * dim);
    gsae_kmeans_info info{};
    ASSERT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 500, dim, &p, labels.data(), C.data(), &info), GSAE_OK)
        << gsae_error_message();
    EXPECT_EQ(accuracy(labels, truth, 5, 5), 1.0) << "dim " << dim;
    EXPECT_EQ(info.converged, 1);
    EXPECT_GE(info.restart, 0);
    EXPECT_LT(info.restart, 4);
    // inertia is the sum of squared distances to the returned centroids under the returned labels
    double inertia = 0;
    for (size_t i = 0; i < 500; ++i)
      for (size_t q = 0; q < dim; ++q) {
        double t = X[i * dim + q] - C[(size_t)labels[i] * dim + q];
        inertia += t * t;
      }
    EXPECT_NEAR(info.inertia, inertia, 1e-10 * inertia);
    EXPECT_NEAR(inertia / (500.0 * dim), 0.09, 0.02);  // sigma² per coordinate
  }
}

TEST(Kmeans, PlusPlusPicksDistinctRows) {
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(120, 4, 3, 1.0, 1.0, 8, X, truth);
  for (uint64_t restart = 0; restart < 20; ++restart) {
    const size_t k = 30;
    std::vector<double> C(k * 3);
    std::vector<uint64_t> chosen(k);
    ASSERT_EQ(gsae_kmeans_pp(MPI_COMM_SELF, X.data(), 120, 3, k, 9, restart, C.data(), chosen.data()), GSAE_OK)
        << gsae_error_message();
    std::set<uint64_t> distinct(chosen.begin(), chosen.end());
    EXPECT_EQ(distinct.size(), k) << "restart " << restart;
    for (size_t c = 0; c < k; ++c) {
      ASSERT_LT(chosen[c], 120u);
      EXPECT_EQ(0, memcmp(&C[c * 3], &X[chosen[c] * 3], 3 * sizeof(double)));
    }
  }
  // every row chosen when k = rows
  std::vector<double> C(120 * 3);
  std::vector<uint64_t> chosen(120);
  ASSERT_EQ(gsae_kmeans_pp(MPI_COMM_SELF, X.data(), 120, 3, 120, 1, 0, C.data(), chosen.data()), GSAE_OK);
  EXPECT_EQ(std::set<uint64_t>(chosen.begin(), chosen.end()).size(), 120u);
}

TEST(Kmeans, RestartsKeepTheLowestInertia) {
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(400, 12, 2, 6.0, 1.0, 21, X, truth);  // 12 blobs, some overlapping: runs land in different minima
  const size_t k = 12, dim = 2;
  std::vector<int32_t> labels(400);
  std::vector<double> C(k * dim);
  // run r alone: k-means++ of restart r, then Lloyd
  std::vector<double> single;
  for (int r = 0; r < 12; ++r) {
    gsae_kmeans_info info{};
    ASSERT_EQ(gsae_kmeans_pp(MPI_COMM_SELF, X.data(), 400, dim, k, 4, (uint64_t)r, C.data(), nullptr), GSAE_OK);
    ASSERT_EQ(gsae_kmeans_lloyd(MPI_COMM_SELF, X.data(), 400, dim, k, 300, 1e-6, C.data(), labels.data(), &info),
              GSAE_OK);
    single.push_back(info.inertia);
  }
  ASSERT_GT(std::set<double>(single.begin(), single.end()).size(), 2u) << "the runs should differ";
  double prev = INFINITY;
  for (int restarts = 1; restarts <= 12; ++restarts) {
    gsae_kmeans_params p = gsae_kmeans_defaults(k);
    p.restarts = restarts;
    p.seed = 4;
    gsae_kmeans_info info{};
    ASSERT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 400, dim, &p, labels.data(), C.data(), &info), GSAE_OK);
    EXPECT_LE(info.inertia, prev) << restarts << " restarts";
    EXPECT_EQ(info.inertia, *std::min_element(single.begin(), single.begin() + restarts)) << restarts << " restarts";
    EXPECT_EQ(info.inertia, single[(size_t)info.restart]);
    prev = info.inertia;
  }
}

TEST(DistFixed, SumIsOrderFreeAndAccurate) {
  std::mt19937_64 g(3);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<double> x(10000);
  double bound = 0;
  for (auto &v : x) {
    v = nd(g) * std::exp(3 * nd(g));  // magnitudes over many decades
    bound = std::max(bound, std::fabs(v));
  }
  gsae_dist_fixed grid;
  ASSERT_EQ(gsae_dist_fixed_grid(bound, x.size(), &grid), GSAE_OK);
  long long a[2] = {0, 0}, b[2] = {0, 0};
  long double exact = 0;
  for (double v : x) {
    gsae_dist_fixed_add(&grid, v, a);
    exact += v;
  }
  std::shuffle(x.begin(), x.end(), g);
  for (double v : x) gsae_dist_fixed_add(&grid, v, b);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
  EXPECT_NEAR(gsae_dist_fixed_value(&grid, a), (double)exact, 1e-12 * bound);
  EXPECT_EQ(gsae_dist_fixed_grid(INFINITY, 10, &grid), GSAE_ERR_DATA);
}

TEST(Kmeans, EmptyClusterMovesToTheFarthestRow) {
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(90, 3, 2, 10.0, 0.2, 2, X, truth);
  // three centroids at the blobs' first rows, a fourth far away from everything: empty at first
  std::vector<double> C = {X[0], X[1], X[2], X[3], X[4], X[5], 1e3, 1e3};
  std::vector<int32_t> labels(90);
  gsae_kmeans_info info{};
  ASSERT_EQ(gsae_kmeans_lloyd(MPI_COMM_SELF, X.data(), 90, 2, 4, 50, 0.0, C.data(), labels.data(), &info), GSAE_OK)
      << gsae_error_message();
  std::vector<int> count(4, 0);
  for (int32_t l : labels) ++count[(size_t)l];
  for (int j = 0; j < 4; ++j) EXPECT_GT(count[(size_t)j], 0) << "cluster " << j << " still empty";
  EXPECT_LT(std::fabs(C[6]), 100.0);
  EXPECT_EQ(info.converged, 1);
}

TEST(Kmeans, BadArgumentsAreOneClearError) {
  std::vector<double> X(10 * 2, 1.0);
  std::vector<int32_t> labels(10);
  std::vector<double> C(20 * 2);
  gsae_kmeans_params p = gsae_kmeans_defaults(0);
  EXPECT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 10, 2, &p, labels.data(), C.data(), nullptr), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("k = 0 clusters"), std::string::npos) << gsae_error_message();
  p.k = 11;
  EXPECT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 10, 2, &p, labels.data(), C.data(), nullptr), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("k = 11 clusters exceed the 10 rows"), std::string::npos)
      << gsae_error_message();
  p.k = 3;
  EXPECT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 10, 0, &p, labels.data(), C.data(), nullptr), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("dim = 0"), std::string::npos) << gsae_error_message();
  X[7] = NAN;
  EXPECT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), 10, 2, &p, labels.data(), C.data(), nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("X[3, 1]"), std::string::npos) << gsae_error_message();
  EXPECT_EQ(std::string(gsae_error_message()).find('\n'), std::string::npos);
}

// Under mpiexec: the data split over all ranks gives bitwise the same labels, centroids, inertia
// and iteration count as the whole data on one rank (tolerance: exact; the sums are integers).
TEST(MpiKmeans, SameResultOnAnyRankCount) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t n = 403, dim = 6, k = 5;  // 403: not divisible by 2 or 4
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(n, 4, dim, 1.2, 1.0, 31, X, truth);  // overlapping blobs, k != 4: many iterations
  gsae_kmeans_params p = gsae_kmeans_defaults(k);
  p.restarts = 3;
  p.tol = 0.0;
  p.seed = 12;
  std::vector<int32_t> all_labels(n);
  std::vector<double> C1(k * dim), Cn(k * dim);
  gsae_kmeans_info one{}, many{};
  ASSERT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), n, dim, &p, all_labels.data(), C1.data(), &one), GSAE_OK)
      << gsae_error_message();
  size_t first, count;
  gsae_dist_shard(n, rank, size, &first, &count);
  std::vector<int32_t> labels(count + 1);
  ASSERT_EQ(gsae_kmeans(MPI_COMM_WORLD, X.data() + first * dim, count, dim, &p, labels.data(), Cn.data(), &many),
            GSAE_OK)
      << gsae_error_message();
  EXPECT_GT(one.iterations, 2);
  EXPECT_EQ(one.inertia, many.inertia);
  EXPECT_EQ(one.iterations, many.iterations);
  EXPECT_EQ(one.restart, many.restart);
  EXPECT_EQ(0, memcmp(C1.data(), Cn.data(), k * dim * sizeof(double)));
  EXPECT_EQ(0, memcmp(all_labels.data() + first, labels.data(), count * sizeof(int32_t)));
  // ranks without rows: everything on the last rank
  const bool last = rank == size - 1;
  std::fill(Cn.begin(), Cn.end(), 0.0);
  std::vector<int32_t> lab_last(n, -1);
  ASSERT_EQ(gsae_kmeans(MPI_COMM_WORLD, last ? X.data() : nullptr, last ? n : 0, dim, &p,
                        last ? lab_last.data() : nullptr, Cn.data(), &many),
            GSAE_OK)
      << gsae_error_message();
  EXPECT_EQ(one.inertia, many.inertia);
  EXPECT_EQ(0, memcmp(C1.data(), Cn.data(), k * dim * sizeof(double)));
  if (last) EXPECT_EQ(all_labels, lab_last);
  // the seeding alone, too
  std::vector<uint64_t> c1(k), cn(k);
  ASSERT_EQ(gsae_kmeans_pp(MPI_COMM_SELF, X.data(), n, dim, k, 5, 1, C1.data(), c1.data()), GSAE_OK);
  ASSERT_EQ(gsae_kmeans_pp(MPI_COMM_WORLD, X.data() + first * dim, count, dim, k, 5, 1, Cn.data(), cn.data()), GSAE_OK);
  EXPECT_EQ(c1, cn);
  // an error found on one rank only (k > rows is global; a NaN in one shard) reaches every rank
  std::vector<double> Xb(X.begin() + (ptrdiff_t)(first * dim), X.begin() + (ptrdiff_t)((first + count) * dim));
  if (rank == size - 1 && count > 0) Xb[0] = NAN;
  EXPECT_EQ(gsae_kmeans(MPI_COMM_WORLD, Xb.data(), count, dim, &p, labels.data(), Cn.data(), nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("is not finite"), std::string::npos) << gsae_error_message();
}
