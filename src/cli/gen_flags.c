/* The generative-model flags, shared by `gsae generate` and `gsae bench`; see gen_flags.h. */
#include "gen_flags.h"

#include <math.h>
#include <stdio.h>

size_t gen_flags(gsae_gen_params *p, gen_flags_help *h, arg_spec *specs) {
  const gsae_gen_params d = gsae_gen_defaults();
  snprintf(h->text[0], sizeof h->text[0], "data dimension n (default %zu)", d.n);
  snprintf(h->text[1], sizeof h->text[1], "number of groups Gamma (default %zu)", d.groups);
  snprintf(h->text[2], sizeof h->text[2], "atoms per group d (default %zu); m = Gamma d", d.group_size);
  snprintf(h->text[3], sizeof h->text[3], "active groups per sample gamma (default %zu)", d.active);
  snprintf(h->text[4], sizeof h->text[4], "number of samples N (default %zu)", d.samples);
  snprintf(h->text[5], sizeof h->text[5], "SNR in dB over the whole data set (default %g)", d.snr_db);
  snprintf(h->text[6], sizeof h->text[6], "random seed of the data (default %llu)", (unsigned long long)d.seed);
  snprintf(h->text[7], sizeof h->text[7], "smallest group norm B_min (default %g)", d.bmin);
  snprintf(h->text[8], sizeof h->text[8], "largest group norm B_max (default %g)", d.bmax);
  snprintf(h->text[9], sizeof h->text[9], "target block coherence mu_B of A* in (0, 1], within 1%% (default %s)",
           isnan(d.coherence) ? "unset: independent atoms" : "set");
  snprintf(h->text[10], sizeof h->text[10], "orthonormal columns in each group, A_g^T A_g = I (default %s)",
           d.orthonormal_groups ? "on" : "off: unit columns");
  const arg_spec list[GEN_FLAGS_COUNT] = {
      {"n", ARG_SIZE, &p->n, h->text[0], 0},
      {"groups", ARG_SIZE, &p->groups, h->text[1], 0},
      {"group-size", ARG_SIZE, &p->group_size, h->text[2], 0},
      {"active", ARG_SIZE, &p->active, h->text[3], 0},
      {"samples", ARG_SIZE, &p->samples, h->text[4], 0},
      {"snr-db", ARG_DOUBLE, &p->snr_db, h->text[5], 0},
      {"seed", ARG_U64, &p->seed, h->text[6], 0},
      {"bmin", ARG_DOUBLE, &p->bmin, h->text[7], 0},
      {"bmax", ARG_DOUBLE, &p->bmax, h->text[8], 0},
      {"coherence", ARG_DOUBLE, &p->coherence, h->text[9], 0},
      {"orthonormal-groups", ARG_FLAG, &p->orthonormal_groups, h->text[10], 0}};
  for (size_t k = 0; k < GEN_FLAGS_COUNT; ++k) specs[k] = list[k];
  return GEN_FLAGS_COUNT;
}
