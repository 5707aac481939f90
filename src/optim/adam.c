/* Adam with PyTorch's update order; see include/gsae/adam.h. */
#include "gsae/adam.h"

#include <math.h>
#include <stdlib.h>

gsae_status gsae_adam_init(gsae_adam *opt, size_t size, double lr) {
  opt->lr = lr;
  opt->beta1 = GSAE_ADAM_BETA1;
  opt->beta2 = GSAE_ADAM_BETA2;
  opt->eps = GSAE_ADAM_EPS;
  opt->size = size;
  opt->step = 0;
  opt->m = NULL;
  opt->v = NULL;
  GSAE_ALLOC(opt->m, size, "Adam first moment");
  GSAE_ALLOC(opt->v, size, "Adam second moment");
  return GSAE_OK;
}

void gsae_adam_free(gsae_adam *opt) {
  free(opt->m);
  free(opt->v);
  opt->m = opt->v = NULL;
}

void gsae_adam_step(gsae_adam *opt, gsae_real *params, const gsae_real *grad) {
  opt->step += 1;
  const double t = (double)opt->step;
  /* 1 - beta is formed in double and then rounded, as torch does with its Python-float betas */
  const gsae_real b2 = (gsae_real)opt->beta2;
  const gsae_real one_b1 = (gsae_real)(1.0 - opt->beta1), one_b2 = (gsae_real)(1.0 - opt->beta2);
  const gsae_real step_size = (gsae_real)(opt->lr / (1.0 - pow(opt->beta1, t)));
  const gsae_real bc2_sqrt = (gsae_real)sqrt(1.0 - pow(opt->beta2, t));
  const gsae_real eps = (gsae_real)opt->eps;
  for (size_t k = 0; k < opt->size; ++k) {
    gsae_real g = grad[k];
    opt->m[k] += one_b1 * (g - opt->m[k]); /* torch >= 2.0: exp_avg.lerp_(grad, 1 - beta1) */
    opt->v[k] = b2 * opt->v[k] + one_b2 * g * g;
    gsae_real denom = gsae_sqrt(opt->v[k]) / bc2_sqrt + eps;
    params[k] -= step_size * opt->m[k] / denom;
  }
}
