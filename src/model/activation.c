/* Group ReLU, soft threshold and biased ReLU with their Jacobian products; see activation.h. */
#include "gsae/activation.h"

#include <math.h>
#include <string.h>

#include "gsae/names.h"

const char *const gsae_model_kind_names[] = {"group", "soft", "relu", NULL};

int gsae_model_kind_parse(const char *name) { return gsae_name_lookup(gsae_model_kind_names, name); }

const char *gsae_model_kind_name(gsae_model_kind kind) { return gsae_name_of(gsae_model_kind_names, kind); }

size_t gsae_activation_block(gsae_model_kind kind, size_t group_size) {
  return kind == GSAE_MODEL_GROUP ? group_size : 1;
}

static double block_norm(const gsae_real *z, size_t block) {
  double s = 0.0;
  for (size_t k = 0; k < block; ++k) s += (double)z[k] * (double)z[k];
  return sqrt(s);
}

size_t gsae_activation_forward(gsae_model_kind kind, double lambda, size_t block, const gsae_real *z,
                               gsae_real *x, size_t m) {
  size_t nnz = 0;
  if (kind == GSAE_MODEL_RELU) {
    for (size_t u = 0; u < m; ++u) {
      double v = (double)z[u] - lambda;
      x[u] = v > 0.0 ? (gsae_real)v : (gsae_real)0;
      nnz += v > 0.0;
    }
    return nnz;
  }
  for (size_t u0 = 0; u0 < m; u0 += block) {
    double r = block_norm(z + u0, block);
    if (r > lambda) {
      double scale = 1.0 - lambda / r;
      for (size_t k = 0; k < block; ++k) x[u0 + k] = (gsae_real)(scale * (double)z[u0 + k]);
      nnz += block;
    } else {
      memset(x + u0, 0, block * sizeof *x);
    }
  }
  return nnz;
}

void gsae_activation_backward_block(gsae_model_kind kind, double lambda, size_t block,
                                    const gsae_real *z, const gsae_real *p, gsae_real *d, size_t u0) {
  if (kind == GSAE_MODEL_RELU) {
    for (size_t k = u0; k < u0 + block; ++k) d[k] = (double)z[k] > lambda ? p[k] : (gsae_real)0;
    return;
  }
  double r = block_norm(z + u0, block);
  if (!(r > lambda)) {
    memset(d + u0, 0, block * sizeof *d);
    return;
  }
  double zp = 0.0;
  for (size_t k = u0; k < u0 + block; ++k) zp += (double)z[k] * (double)p[k];
  double a = 1.0 - lambda / r, b = lambda / (r * r * r) * zp;
  for (size_t k = u0; k < u0 + block; ++k) d[k] = (gsae_real)(a * (double)p[k] + b * (double)z[k]);
}

void gsae_activation_backward(gsae_model_kind kind, double lambda, size_t block, const gsae_real *z,
                              const gsae_real *p, gsae_real *d, size_t m) {
  for (size_t u0 = 0; u0 < m; u0 += block) gsae_activation_backward_block(kind, lambda, block, z, p, d, u0);
}
