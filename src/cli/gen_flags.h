/* The flags of the generative model (n, groups, group-size, active, samples, snr-db, seed, bmin,
 * bmax, coherence, orthonormal-groups) with help text built from gsae_gen_defaults(), the one source of the paper's defaults. */
#ifndef GSAE_CLI_GEN_FLAGS_H
#define GSAE_CLI_GEN_FLAGS_H

#include "args.h"
#include "gsae/dataset.h"

#define GEN_FLAGS_COUNT 11

typedef struct {
  char text[GEN_FLAGS_COUNT][96];
} gen_flags_help;

/* Writes GEN_FLAGS_COUNT specs bound to *p into specs; returns GEN_FLAGS_COUNT. */
size_t gen_flags(gsae_gen_params *p, gen_flags_help *h, arg_spec *specs);

#endif
