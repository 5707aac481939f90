/* Named sets of `gsae train` flags: the paper's settings for the MNIST study (section 4.2). A preset
 * only supplies defaults; a flag given on the command line wins. */
#ifndef GSAE_CLI_PRESETS_H
#define GSAE_CLI_PRESETS_H

#include "args.h"

/* The presets' names, NULL-terminated: the choices of --preset. */
extern const char *const train_preset_names[];

/* Apply preset `index` (into train_preset_names) to the parsed specs of gsae train (flags already
 * seen are kept). */
gsae_status train_preset_apply(int index, arg_spec *specs);

/* One "  NAME  summary" line per preset, for --help. */
void train_preset_print_help(void);

#endif
