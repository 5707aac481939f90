/* The training presets of section 4.2; see presets.h and results/mnist/README.md ("Settings"). */
#include "presets.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *summary;
  const char *const *flags; /* name, value pairs ("" for a switch), NULL-terminated */
} train_preset;

/* Section 4.2: 15 unfolded ISTA layers, step 1/||A||_2^2, Adam 1e-3, 300 epochs, atoms renormalised
 * after every step and initialised from training images (the authors' code). The batch size is not
 * in the paper; 256 is our choice (results/mnist/README.md, "Batch size"). */
#define MNIST_COMMON                                                                                       \
  "encoder", "unfolded", "layers", "15", "unfold", "ista", "lr", "1e-3", "epochs", "300", "batch-size", "256", \
      "init", "data", "renormalize", ""

static const char *const mnist_group[] = {MNIST_COMMON, "groups", "10", "group-size", "16", "prox", "group",
                                          "lambda", "0.2", NULL};
static const char *const mnist_sparse[] = {MNIST_COMMON, "groups", "160", "group-size", "1", "prox", "entry",
                                           "lambda", "0.03", NULL};

/* presets[k] is named train_preset_names[k] */
const char *const train_preset_names[] = {"mnist-group", "mnist-sparse", NULL};
static const train_preset presets[] = {
    {"section 4.2 group-sparse model: 10 groups x 16, group prox, lambda 0.2", mnist_group},
    {"section 4.2 sparse baseline: 160 atoms, entry prox, lambda 0.03", mnist_sparse},
};
static const size_t n_presets = sizeof presets / sizeof *presets;

gsae_status train_preset_apply(int index, arg_spec *specs) {
  for (const char *const *f = presets[index].flags; *f; f += 2) GSAE_CALL(args_default("train", specs, f[0], f[1]));
  return GSAE_OK;
}

void train_preset_print_help(void) {
  printf("\npresets (--preset NAME; flags given on the command line override them):\n");
  for (size_t p = 0; p < n_presets; ++p) {
    printf("  %-22s %s\n    =", train_preset_names[p], presets[p].summary);
    for (const char *const *f = presets[p].flags; *f; f += 2) printf(" --%s%s%s", f[0], f[1][0] ? " " : "", f[1]);
    printf("\n");
  }
}
