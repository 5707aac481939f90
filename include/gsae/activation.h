/* Encoder nonlinearities and their Jacobian-vector products, for one code vector of length m.
 *
 *   group : x_g = (1 - lambda/||z_g||)_+ z_g over consecutive blocks of `block` units (eq. 7)
 *   soft  : the same with block = 1, i.e. sign(z)(|z| - lambda)_+ (two-sided soft threshold)
 *   relu  : x = (z - lambda)_+ (one-sided ReLU with bias -lambda)
 *
 * For an active block (r = ||z_g|| > lambda) the Jacobian of the group shrink is
 *   J_g = (1 - lambda/r) I + (lambda/r^3) z_g z_g^T,
 * symmetric, so the backward pass computes d_g = J_g p_g. Inactive blocks have J_g = 0. */
#ifndef GSAE_ACTIVATION_H
#define GSAE_ACTIVATION_H

#include <stddef.h>

#include "gsae/real.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_MODEL_GROUP = 0, GSAE_MODEL_SOFT = 1, GSAE_MODEL_RELU = 2 } gsae_model_kind;

/* "group" | "soft" | "relu"; returns -1 for an unknown name. */
extern const char *const gsae_model_kind_names[]; /* "group", "soft", "relu", NULL */
int gsae_model_kind_parse(const char *name);
const char *gsae_model_kind_name(gsae_model_kind kind);

/* Units per shrinkage block: group_size for the group model, 1 for soft and relu. */
size_t gsae_activation_block(gsae_model_kind kind, size_t group_size);

/* x[0..m) = sigma_lambda(z[0..m)); overwrites x. Returns the number of nonzero units. */
size_t gsae_activation_forward(gsae_model_kind kind, double lambda, size_t block, const gsae_real *z,
                               gsae_real *x, size_t m);

/* Backward for the units [u0, u0 + block) of one block, given z and the upstream p = dL/dx:
 * d = J p on those units (overwrites d[u0..u0+block)); zero if the block is inactive. */
void gsae_activation_backward_block(gsae_model_kind kind, double lambda, size_t block,
                                    const gsae_real *z, const gsae_real *p, gsae_real *d, size_t u0);

/* Whole-vector backward: d[0..m) = J p (overwrites). */
void gsae_activation_backward(gsae_model_kind kind, double lambda, size_t block, const gsae_real *z,
                              const gsae_real *p, gsae_real *d, size_t m);

#ifdef __cplusplus
}
#endif
#endif
