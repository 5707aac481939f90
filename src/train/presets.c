/* The training presets of section 4.2; see gsae/train.h and results/mnist/README.md ("Settings"). */
#include <stdio.h>

#include "gsae/train.h"

typedef struct {
  const char *summary;
  const char *const *values; /* setting name, value pairs, NULL-terminated */
} train_preset;

/* Section 4.2: 15 unfolded ISTA layers, step 1/||A||_2^2, Adam 1e-3, 300 epochs, atoms renormalised
 * after every step and initialised from training images (the authors' code). The batch size is not
 * in the paper; 256 is our choice (results/mnist/README.md, "Batch size"). */
#define MNIST_COMMON                                                                                              \
  "encoder", "unfolded", "layers", "15", "unfold", "ista", "lr", "1e-3", "epochs", "300", "batch_size", "256", \
      "init", "data", "renormalize", "true"

static const char *const mnist_group[] = {MNIST_COMMON, "groups", "10", "group_size", "16", "prox", "group",
                                          "lambda", "0.2", NULL};
static const char *const mnist_sparse[] = {MNIST_COMMON, "groups", "160", "group_size", "1", "prox", "entry",
                                           "lambda", "0.03", NULL};

/* presets[k] is named gsae_train_preset_names[k] */
const char *const gsae_train_preset_names[] = {"mnist-group", "mnist-sparse", NULL};
static const train_preset presets[] = {
    {"section 4.2 group-sparse model: 10 groups x 16, group prox, lambda 0.2", mnist_group},
    {"section 4.2 sparse baseline: 160 atoms, entry prox, lambda 0.03", mnist_sparse},
};

const char *const *gsae_train_preset_values(int index) { return presets[index].values; }

const char *gsae_train_preset_summary(int index) { return presets[index].summary; }
