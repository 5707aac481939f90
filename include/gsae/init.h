/* Initial dictionary A0 = A* + sigma_B G, G Gaussian (section 4.1: "an extreme perturbation of the
 * generating dictionary"). sigma_B is set from one target:
 *   GSAE_INIT_CORR  rho:   mean_j cos(a0_j, a*_j) = rho   (the paper: about 0.15), by bisection
 *   GSAE_INIT_DELTA delta: max_g ||A0_g - A*_g||_F = delta (eq. 17), exactly
 * G depends only on (seed, column), so A0 is the same for any number of ranks. */
#ifndef GSAE_INIT_H
#define GSAE_INIT_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CORR, DELTA: perturb A* (need a ground truth). DATA: m distinct training samples, drawn from
 * (seed, GSAE_STREAM_INIT_SAMPLES, 0) over the global indices, as the atoms, then A scaled so that
 * ||A||_2 = 1 (src/train/init_data.c; the authors' MNIST initialisation). */
typedef enum { GSAE_INIT_CORR = 0, GSAE_INIT_DELTA = 1, GSAE_INIT_DATA = 2 } gsae_init_mode;
/* "corr" | "delta" | "data"; parse returns -1 for unknown names */
extern const char *const gsae_init_mode_names[]; /* "corr", "delta", "data", NULL */
const char *gsae_init_mode_name(gsae_init_mode mode);
int gsae_init_mode_parse(const char *name);

typedef struct {
  double sigma;       /* the sigma_B used (DATA: the scale 1/||A_samples||_2) */
  double correlation; /* measured mean cos(a0_j, a*_j) */
  double delta;       /* measured max_g ||A0_g - A*_g||_F */
} gsae_init_report;

/* W0 (m, n) from W_true (m, n); groups of d rows. */
gsae_status gsae_init_dictionary(const gsae_real *W_true, size_t m, size_t n, size_t d, gsae_init_mode mode,
                                 double target, uint64_t seed, gsae_real *W0, gsae_init_report *report);

#ifdef __cplusplus
}
#endif
#endif
