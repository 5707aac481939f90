// Shared helpers for the unit tests: precision-aware tolerances and random fill.
#pragma once
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include "gsae/real.h"
#include "gsae/sweep.h"
}

#ifdef GSAE_DOUBLE
constexpr bool kDouble = true;
#else
constexpr bool kDouble = false;
#endif

// Relative tolerance for comparisons of two computations of the same quantity that differ only
// in rounding (a few hundred flops accumulated): ~1e3 ulps of the working precision.
constexpr double kRoundTol = kDouble ? 1e-12 : 2e-4;

inline std::vector<gsae_real> random_vec(size_t n, unsigned seed, double scale = 1.0) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> d(0.0, scale);
  std::vector<gsae_real> v(n);
  for (auto &x : v) x = (gsae_real)d(g);
  return v;
}

// The index of sweep key `name` (gsae_param_lookup), for reading a point's values in tests.
inline size_t P(const char *name) {
  int p = gsae_param_lookup(name);
  if (p < 0) throw std::runtime_error(std::string("no sweep key ") + name);
  return (size_t)p;
}
