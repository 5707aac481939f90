/* Named sets of `gsae train` flags: the paper's settings for the MNIST study (section 4.2). A preset
 * only supplies defaults; a flag given on the command line wins. */
#ifndef GSAE_CLI_PRESETS_H
#define GSAE_CLI_PRESETS_H

#include "args.h"

/* Apply preset `name` to the parsed specs of gsae train (flags already seen are kept). An unknown
 * name is one error line listing the presets. */
gsae_status train_preset_apply(const char *name, arg_spec *specs);

/* One "  NAME  summary" line per preset, for --help. */
void train_preset_print_help(void);

#endif
