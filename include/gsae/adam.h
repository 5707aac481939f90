/* Adam (Kingma & Ba), bias-corrected, in the arithmetic order of torch.optim.Adam (torch >= 2.0,
 * single-tensor path):
 *   m <- m + (1-b1)(g - m)  [lerp];  v <- b2 v + (1-b2) g^2;  t <- t + 1
 *   p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * Defaults b1 = 0.9, b2 = 0.999, eps = 1e-8. State is plain arrays so checkpoints can store it. */
#ifndef GSAE_ADAM_H
#define GSAE_ADAM_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"
#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  double lr, beta1, beta2, eps;
  size_t size;    /* number of parameters */
  int64_t step;   /* t: number of steps taken */
  gsae_real *m;   /* (size) first moment */
  gsae_real *v;   /* (size) second moment */
} gsae_adam;

#define GSAE_ADAM_BETA1 0.9
#define GSAE_ADAM_BETA2 0.999
#define GSAE_ADAM_EPS 1e-8

gsae_status gsae_adam_init(gsae_adam *opt, size_t size, double lr);
void gsae_adam_free(gsae_adam *opt);

/* One step: params (size) updated in place from grad (size). */
void gsae_adam_step(gsae_adam *opt, gsae_real *params, const gsae_real *grad);

#ifdef __cplusplus
}
#endif
#endif
