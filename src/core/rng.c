/* Counter-based RNG on Random123 Philox4x32-10; see include/gsae/rng.h. */
#include "gsae/rng.h"

#include <Random123/philox.h>
#include <math.h>
#include <stdlib.h>

/* Two 53-bit uniforms in (0,1) from one Philox block: counter = (block, index lo, index hi, stream). */
static void philox_pair(uint64_t seed, uint32_t stream, uint64_t index, uint64_t block, double u[2]) {
  philox4x32_ctr_t ctr = {{(uint32_t)block, (uint32_t)index, (uint32_t)(index >> 32), stream}};
  philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
  philox4x32_ctr_t r = philox4x32(ctr, key);
  for (int j = 0; j < 2; ++j) {
    uint64_t bits = ((uint64_t)r.v[2 * j] << 32) | r.v[2 * j + 1];
    /* top 53 bits, offset by half an ulp so 0 and 1 are never produced */
    u[j] = ((double)(bits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }
}

void gsae_rng_uniform(uint64_t seed, uint32_t stream, uint64_t index, size_t count, double *out) {
  double u[2];
  for (size_t k = 0; k < count; k += 2) {
    philox_pair(seed, stream, index, k / 2, u);
    out[k] = u[0];
    if (k + 1 < count) out[k + 1] = u[1];
  }
}

void gsae_rng_normal(uint64_t seed, uint32_t stream, uint64_t index, size_t count, double *out) {
  const double two_pi = 6.283185307179586476925286766559;
  double u[2];
  for (size_t k = 0; k < count; k += 2) {
    philox_pair(seed, stream, index, k / 2, u);
    double r = sqrt(-2.0 * log(u[0]));
    out[k] = r * cos(two_pi * u[1]);
    if (k + 1 < count) out[k + 1] = r * sin(two_pi * u[1]);
  }
}

int gsae_rng_permutation(uint64_t seed, uint32_t stream, uint64_t index, size_t n, size_t *perm) {
  double *u = malloc((n ? n : 1) * sizeof *u);
  if (!u) return -1;
  gsae_rng_uniform(seed, stream, index, n, u);
  for (size_t i = 0; i < n; ++i) perm[i] = i;
  for (size_t i = n; i > 1; --i) {
    size_t j = (size_t)(u[i - 1] * (double)i);
    if (j >= i) j = i - 1;
    size_t t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
  free(u);
  return 0;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

void gsae_rng_subset(uint64_t seed, uint32_t stream, uint64_t index, size_t n, size_t k, size_t *out) {
  /* Floyd: for draw q (j = n-k+q) pick t uniform in [0, j]; take t unless taken, else take j. */
  double u[2] = {0, 0};
  for (size_t q = 0; q < k; ++q) {
    if (q % 2 == 0) philox_pair(seed, stream, index, q / 2, u);
    size_t j = n - k + q;
    size_t t = (size_t)(u[q % 2] * (double)(j + 1));
    if (t > j) t = j;
    int seen = 0;
    for (size_t p = 0; p < q; ++p)
      if (out[p] == t) { seen = 1; break; }
    out[q] = seen ? j : t;
  }
  qsort(out, k, sizeof *out, cmp_size);
}
