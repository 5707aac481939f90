/* Counter-based random numbers (Random123 Philox4x32-10).
 *
 * A draw is a pure function of (seed, stream, index, k): sample i's randomness depends only on
 * (seed, i), never on how samples are split across ranks or in which order they are produced.
 * Streams separate the independent uses (dictionary, supports, coefficients, noise, init). */
#ifndef GSAE_RNG_H
#define GSAE_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum gsae_stream {
  GSAE_STREAM_DICT = 1,    /* entries of A*, index = column */
  GSAE_STREAM_SUPPORT = 2, /* active groups, index = sample */
  GSAE_STREAM_COEF = 3,    /* group coefficients, index = sample */
  GSAE_STREAM_SCALE = 4,   /* group norms c ~ U(Bmin, Bmax), index = sample */
  GSAE_STREAM_NOISE = 5,   /* additive noise, index = sample */
  GSAE_STREAM_INIT = 6,    /* perturbation of the initial dictionary, index = column */
  GSAE_STREAM_BATCH = 7,   /* mini-batch order, index = epoch */
  GSAE_STREAM_KMEANS = 8,  /* k-means++ seeding draws, index = restart */
  GSAE_STREAM_SPECTRAL = 9, /* spectral clustering's start block, index = global row */
  GSAE_STREAM_MIX = 10,     /* shared block S mixed into A* for a coherence target, index = column */
  GSAE_STREAM_INIT_SAMPLES = 11 /* training samples that initialise the dictionary (--init data), index 0 */
};

/* out[0..count) = uniforms in (0, 1) (53-bit), draws k = 0..count-1 of (seed, stream, index). */
void gsae_rng_uniform(uint64_t seed, uint32_t stream, uint64_t index, size_t count, double *out);

/* out[0..count) = standard normals (Box-Muller on the uniforms above). */
void gsae_rng_normal(uint64_t seed, uint32_t stream, uint64_t index, size_t count, double *out);

/* perm[0..n) = a uniformly random permutation of 0..n-1 (Fisher-Yates). */
int gsae_rng_permutation(uint64_t seed, uint32_t stream, uint64_t index, size_t n, size_t *perm);

/* out[0..k) = k distinct values from 0..n-1, uniformly, sorted ascending (Floyd's algorithm). */
void gsae_rng_subset(uint64_t seed, uint32_t stream, uint64_t index, size_t n, size_t k, size_t *out);

#ifdef __cplusplus
}
#endif
#endif
