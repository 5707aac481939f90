// Spectral clustering (scikit-learn's nearest-neighbours protocol) with ScaLAPACK eigensolvers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <lapacke.h>
#include <mpi.h>

extern "C" {
#include "gsae/cluster.h"
#include "gsae/dist.h"
#include "gsae/spectral.h"
}

namespace {
// Two concentric rings (radii 1 and 3, radial noise 0.05) in 2-D, rows interleaved: X (n, 2).
void rings(size_t n, unsigned seed, std::vector<double> &X, std::vector<int32_t> &truth) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(0.0, 2.0 * M_PI);
  std::normal_distribution<double> nd(0.0, 0.05);
  X.resize(n * 2);
  truth.resize(n);
  for (size_t i = 0; i < n; ++i) {
    truth[i] = (int32_t)(i % 2);
    double r = (i % 2 ? 3.0 : 1.0) + nd(g), a = u(g);
    X[2 * i] = r * std::cos(a);
    X[2 * i + 1] = r * std::sin(a);
  }
}

// k Gaussian blobs (centres N(0, sep²), points N(centre, 1)) in dim dimensions, interleaved.
void blobs(size_t n, size_t k, size_t dim, double sep, unsigned seed, std::vector<double> &X,
           std::vector<int32_t> &truth) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<double> centre(k * dim);
  for (auto &c : centre) c = sep * nd(g);
  X.resize(n * dim);
  truth.resize(n);
  for (size_t i = 0; i < n; ++i) {
    truth[i] = (int32_t)(i % k);
    for (size_t q = 0; q < dim; ++q) X[i * dim + q] = centre[(i % k) * dim + q] + nd(g);
  }
}

double accuracy(const std::vector<int32_t> &pred, const std::vector<int32_t> &truth, size_t k) {
  double acc = -1;
  EXPECT_EQ(gsae_cluster_accuracy(pred.data(), truth.data(), pred.size(), k, k, &acc), GSAE_OK) << gsae_error_message();
  return acc;
}

// The dense M = D^{-1/2} W_offdiag D^{-1/2} (n, n) row-major written out from brute-force
// neighbours (direct differences, sorted by (distance, index)).
std::vector<double> dense_affinity(const std::vector<double> &X, size_t n, size_t dim, size_t K,
                                   std::vector<int32_t> *lists) {
  std::vector<double> W(n * n, 0.0);
  if (lists) lists->assign(n * K, -1);
  std::vector<std::pair<double, int32_t>> c(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      double s = 0;
      for (size_t q = 0; q < dim; ++q) s += (X[i * dim + q] - X[j * dim + q]) * (X[i * dim + q] - X[j * dim + q]);
      c[j] = {s, (int32_t)j};
    }
    std::sort(c.begin(), c.end());
    for (size_t q = 0; q < K; ++q) {
      size_t j = (size_t)c[q].second;
      if (lists) (*lists)[i * K + q] = (int32_t)j;
      W[i * n + j] += 0.5;
      W[j * n + i] += 0.5;
    }
  }
  std::vector<double> d(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    W[i * n + i] = 0.0;
    for (size_t j = 0; j < n; ++j) d[i] += W[i * n + j];
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) W[i * n + j] /= std::sqrt(d[i] * d[j]);
  return W;
}

// The top m eigenvalues of a dense symmetric (n, n) matrix, descending (LAPACKE_dsyevr).
std::vector<double> top_eigenvalues(std::vector<double> A, size_t n, size_t m) {
  std::vector<double> w(n), z(n * m);
  std::vector<lapack_int> supp(2 * m);
  lapack_int found = 0;
  EXPECT_EQ(LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)n, A.data(), (lapack_int)n, 0, 0,
                           (lapack_int)(n - m + 1), (lapack_int)n, 0.0, &found, w.data(), z.data(), (lapack_int)m,
                           supp.data()),
            0);
  std::vector<double> top(w.begin(), w.begin() + (ptrdiff_t)m);
  std::reverse(top.begin(), top.end());
  return top;
}

// ‖(I − Q1 Q1ᵀ) Q2‖_F >= sin of the largest principal angle between the column spaces of A and B (n, k).
double subspace_sin(std::vector<double> A, std::vector<double> B, size_t n, size_t k) {
  std::vector<double> tau(k);
  for (auto *M : {&A, &B}) {
    EXPECT_EQ(LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)k, M->data(), (lapack_int)k, tau.data()), 0);
    EXPECT_EQ(LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)k, (lapack_int)k, M->data(), (lapack_int)k,
                             tau.data()),
              0);
  }
  std::vector<double> P(k * k, 0.0);  // Q1ᵀ Q2
  for (size_t i = 0; i < n; ++i)
    for (size_t a = 0; a < k; ++a)
      for (size_t b = 0; b < k; ++b) P[a * k + b] += A[i * k + a] * B[i * k + b];
  double f = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t b = 0; b < k; ++b) {
      double r = B[i * k + b];
      for (size_t a = 0; a < k; ++a) r -= A[i * k + a] * P[a * k + b];
      f += r * r;
    }
  return std::sqrt(f);
}
}  // namespace

TEST(Knn, MatchesBruteForce) {
  std::vector<double> X;
  std::vector<int32_t> truth, lists;
  blobs(300, 3, 7, 2.0, 5, X, truth);
  dense_affinity(X, 300, 7, 12, &lists);
  std::vector<int32_t> nbr(300 * 12);
  ASSERT_EQ(gsae_knn(MPI_COMM_SELF, X.data(), 300, 7, 12, nbr.data()), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(nbr, lists);
  for (size_t i = 0; i < 300; ++i) EXPECT_EQ(nbr[i * 12], (int32_t)i);  // itself first
}

TEST(Spectral, RingsRecoveredWhereKmeansFails) {
  const size_t n = 400;
  std::vector<double> X;
  std::vector<int32_t> truth;
  rings(n, 3, X, truth);
  gsae_spectral_options o = gsae_spectral_defaults();
  for (gsae_spectral_path path : {GSAE_SPECTRAL_EXACT, GSAE_SPECTRAL_ITERATIVE}) {
    o.path = path;
    std::vector<int32_t> labels(n, -1);
    double vals[2];
    gsae_spectral_report rep{};
    rep.eigenvalues = vals;
    ASSERT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), n, 2, 2, 10, &o, labels.data(), &rep), GSAE_OK)
        << gsae_error_message();
    EXPECT_EQ(rep.path, path);
    EXPECT_EQ(accuracy(labels, truth, 2), 1.0) << "path " << path;
    EXPECT_NEAR(vals[0], 1.0, 1e-10);  // two components: eigenvalue 1 twice
    EXPECT_NEAR(vals[1], 1.0, 1e-10);
    if (path == GSAE_SPECTRAL_ITERATIVE) EXPECT_GT(rep.iterations, 1);
  }
  gsae_kmeans_params p = gsae_kmeans_defaults(2);
  std::vector<int32_t> km(n);
  std::vector<double> C(4);
  ASSERT_EQ(gsae_kmeans(MPI_COMM_SELF, X.data(), n, 2, &p, km.data(), C.data(), nullptr), GSAE_OK);
  EXPECT_LT(accuracy(km, truth, 2), 0.8);
}

TEST(Spectral, ExactAndIterativeAgreeWithSerialLapack) {
  const size_t n = 480, dim = 5, k = 4, K = 15;
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(n, k, dim, 2.5, 11, X, truth);  // touching blobs: one connected graph, distinct eigenvalues
  std::vector<double> M = dense_affinity(X, n, dim, K, nullptr);
  std::vector<double> ref = top_eigenvalues(M, n, k + 1);
  ASSERT_LT(ref[k], ref[k - 1] - 1e-3) << "no gap after the k-th eigenvalue";
  ASSERT_LT(ref[1], 1.0 - 1e-6) << "the graph should be connected";
  std::vector<double> emb[3], vals[3];
  std::vector<int32_t> labels[3];
  int e = 0;
  // exact; subspace iteration with the Chebyshev filter (degree 8); plain on M + I (degree 1)
  for (gsae_spectral_path path : {GSAE_SPECTRAL_EXACT, GSAE_SPECTRAL_ITERATIVE, GSAE_SPECTRAL_ITERATIVE}) {
    gsae_spectral_options o = gsae_spectral_defaults();
    o.path = path;
    if (e == 2) o.degree = 1;
    emb[e].assign(n * k, 0.0);
    vals[e].assign(k, 0.0);
    labels[e].assign(n, -1);
    gsae_spectral_report rep{};
    rep.eigenvalues = vals[e].data();
    rep.embedding = emb[e].data();
    ASSERT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), n, dim, k, K, &o, labels[e].data(), &rep), GSAE_OK)
        << gsae_error_message();
    for (size_t j = 0; j < k; ++j) EXPECT_NEAR(vals[e][j], ref[j], 1e-12) << "path " << path << ", eigenvalue " << j;
    if (path == GSAE_SPECTRAL_ITERATIVE) EXPECT_LE(rep.residual, 1e-10);
    EXPECT_GT(accuracy(labels[e], truth, k), 0.9) << "path " << path;
    // sign convention: each column's largest |entry| is positive
    for (size_t j = 0; j < k; ++j) {
      size_t best = 0;
      for (size_t i = 0; i < n; ++i)
        if (std::fabs(emb[e][i * k + j]) > std::fabs(emb[e][best * k + j])) best = i;
      EXPECT_GT(emb[e][best * k + j], 0.0);
    }
    ++e;
  }
  EXPECT_LT(subspace_sin(emb[0], emb[1], n, k), 1e-6);
  EXPECT_LT(subspace_sin(emb[0], emb[2], n, k), 1e-6);
  EXPECT_EQ(labels[0], labels[1]);
  EXPECT_EQ(labels[0], labels[2]);
}

TEST(Spectral, BadArgumentsAreOneLine) {
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(20, 2, 2, 3.0, 1, X, truth);
  std::vector<int32_t> labels(20);
  gsae_spectral_options o = gsae_spectral_defaults();
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 2, 20, &o, labels.data(), nullptr), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("n_neighbors = 20"), std::string::npos) << gsae_error_message();
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 21, 5, &o, labels.data(), nullptr), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("k = 21"), std::string::npos) << gsae_error_message();
  EXPECT_EQ(std::string(gsae_error_message()).find('\n'), std::string::npos);
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 0, 5, &o, labels.data(), nullptr), GSAE_ERR_ARG);
  o.tol = 0;
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 2, 5, &o, labels.data(), nullptr), GSAE_ERR_ARG);
  o = gsae_spectral_defaults();
  X[5] = NAN;
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 2, 5, &o, labels.data(), nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("X[2, 1]"), std::string::npos) << gsae_error_message();
  // the iterative path out of iterations is one clear error too
  X[5] = 0.5;
  o.path = GSAE_SPECTRAL_ITERATIVE;
  o.max_iter = 1;
  o.tol = 1e-15;
  EXPECT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), 20, 2, 2, 5, &o, labels.data(), nullptr), GSAE_ERR_NUMERIC);
  EXPECT_NE(std::string(gsae_error_message()).find("did not converge"), std::string::npos) << gsae_error_message();
}

// Under mpiexec: rows split over all ranks (BLACS grid 1x2, 2x2) give the same labels as one rank,
// eigenvalues within 1e-10, for both eigensolvers.
TEST(MpiSpectral, SameLabelsOnAnyRankCount) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t n = 403, dim = 4, k = 3, K = 12;
  std::vector<double> X;
  std::vector<int32_t> truth;
  blobs(n, k, dim, 3.0, 23, X, truth);
  size_t first, count;
  gsae_dist_shard(n, rank, size, &first, &count);
  for (gsae_spectral_path path : {GSAE_SPECTRAL_EXACT, GSAE_SPECTRAL_ITERATIVE}) {
    gsae_spectral_options o = gsae_spectral_defaults();
    o.path = path;
    o.seed = 4;
    std::vector<int32_t> one(n), many(count + 1);
    double v1[3], vn[3];
    gsae_spectral_report r1{}, rn{};
    r1.eigenvalues = v1;
    rn.eigenvalues = vn;
    ASSERT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), n, dim, k, K, &o, one.data(), &r1), GSAE_OK)
        << gsae_error_message();
    ASSERT_EQ(gsae_spectral(MPI_COMM_WORLD, X.data() + first * dim, count, dim, k, K, &o, many.data(), &rn), GSAE_OK)
        << gsae_error_message();
    EXPECT_EQ(rn.nprow * rn.npcol, size);
    for (size_t j = 0; j < k; ++j) EXPECT_NEAR(v1[j], vn[j], 1e-10) << "path " << path;
    EXPECT_TRUE(std::equal(many.begin(), many.begin() + (ptrdiff_t)count, one.begin() + (ptrdiff_t)first))
        << "path " << path;
    EXPECT_GT(accuracy(one, truth, k), 0.9);
  }
  // ranks without rows: everything on the last rank
  {
    const bool last = rank == size - 1;
    gsae_spectral_options o = gsae_spectral_defaults();
    o.seed = 4;
    std::vector<int32_t> one(n), lab_last(n, -1);
    ASSERT_EQ(gsae_spectral(MPI_COMM_SELF, X.data(), n, dim, k, K, &o, one.data(), nullptr), GSAE_OK);
    ASSERT_EQ(gsae_spectral(MPI_COMM_WORLD, last ? X.data() : nullptr, last ? n : 0, dim, k, K, &o,
                            last ? lab_last.data() : nullptr, nullptr),
              GSAE_OK)
        << gsae_error_message();
    if (last) EXPECT_EQ(one, lab_last);
  }
  // an error seen on one rank only reaches every rank
  std::vector<double> Xb(X.begin() + (ptrdiff_t)(first * dim), X.begin() + (ptrdiff_t)((first + count) * dim));
  if (rank == size - 1 && count > 0) Xb[0] = NAN;
  gsae_spectral_options o = gsae_spectral_defaults();
  std::vector<int32_t> lab(count + 1);
  EXPECT_EQ(gsae_spectral(MPI_COMM_WORLD, Xb.data(), count, dim, k, K, &o, lab.data(), nullptr), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("is not finite"), std::string::npos) << gsae_error_message();
}
