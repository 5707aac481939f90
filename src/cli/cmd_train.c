/* gsae train: data-parallel training on an HDF5 data set, with traces and checkpoints. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "presets.h"
#include "gsae/dataset.h"
#include "gsae/signals.h"
#include "gsae/train.h"

gsae_status cmd_train(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  gsae_train_config c = gsae_train_defaults();
  const char *data = NULL, *out = NULL;
  int model = c.model, path = c.path, encoder = c.encoder, unfold = c.unfold, prox = c.prox, init = -1, preset = -1;
  double init_corr = c.init_value, init_delta = 0.0;
  int resume = 0, help = 0;
  char h[11][128];
  snprintf(h[0], sizeof h[0], "tied encoder's activation (default %s)", gsae_model_kind_name(c.model));
  snprintf(h[1], sizeof h[1], "threshold lambda of the encoder (default %g)", c.lambda);
  snprintf(h[2], sizeof h[2], "number of epochs (default %lld)", (long long)c.epochs);
  snprintf(h[3], sizeof h[3], "Adam learning rate (default %g)", c.lr);
  snprintf(h[4], sizeof h[4], "mini-batch size; 0 = full batch (default %zu)", c.batch_size);
  snprintf(h[5], sizeof h[5], "init A0 = A* + sigma G with mean cos(a0_j, a*_j) = rho (default %g)", c.init_value);
  snprintf(h[6], sizeof h[6], "seed of the initialisation and batch order (default %llu)", (unsigned long long)c.seed);
  snprintf(h[7], sizeof h[7], "checkpoint every k epochs; 0 = only on SIGTERM/SIGUSR1 (default %lld)",
           (long long)c.checkpoint_every);
  snprintf(h[8], sizeof h[8], "progress line every k epochs; 0 = none (default %lld)", (long long)c.progress_every);
  snprintf(h[9], sizeof h[9], "unfolded: number of ISTA / FISTA layers K >= 1 (default %zu)", c.layers);
  snprintf(h[10], sizeof h[10], "unfolded: the iteration (default %s)", gsae_unfold_kind_name(c.unfold));
  arg_spec specs[] = {
      {"data", ARG_STRING, &data, "input data set (HDF5 from gsae generate or import-idx)", 0, NULL, ARG_REQUIRED,
       "FILE"},
      {"out", ARG_STRING, &out, "run file to write (HDF5); checkpoint is OUT.ckpt", 0, NULL, ARG_REQUIRED, "FILE"},
      {"preset", ARG_CHOICE, &preset, "a named set of defaults (list below); other flags override it", 0,
       train_preset_names},
      {"encoder", ARG_CHOICE, &encoder, "tied (section 4.1, default) or unfolded (section 4.2: K layers of ISTA/FISTA, step 1/||A||_2^2, threshold lambda eta)", 0, gsae_encoder_kind_names},
      {"model", ARG_CHOICE, &model, h[0], 0, gsae_model_kind_names},
      {"lambda", ARG_DOUBLE, &c.lambda, h[1], 0},
      {"epochs", ARG_I64, &c.epochs, h[2], 0},
      {"lr", ARG_DOUBLE, &c.lr, h[3], 0},
      {"batch-size", ARG_SIZE, &c.batch_size, h[4], 0},
      {"init", ARG_CHOICE, &init, "data = m distinct training samples as atoms, ||A||_2 = 1 (default corr; corr and delta need a ground truth)", 0, gsae_init_mode_names},
      {"init-corr", ARG_DOUBLE, &init_corr, h[5], 0},
      {"init-delta", ARG_DOUBLE, &init_delta, "init with max_g ||A0_g - A*_g||_F = delta instead of --init-corr", 0},
      {"seed", ARG_U64, &c.seed, h[6], 0},
      {"checkpoint-every", ARG_I64, &c.checkpoint_every, h[7], 0},
      {"resume", ARG_FLAG, &resume, "continue from OUT.ckpt if it exists (else start fresh)", 0},
      {"renormalize", ARG_FLAG, &c.renormalize, "renormalise atoms to unit norm after every step (default off)", 0},
      {"path", ARG_CHOICE, &path, "kernel path (default auto; dense = reference)", 0, gsae_path_names},
      {"progress-every", ARG_I64, &c.progress_every, h[8], 0},
      {"layers", ARG_SIZE, &c.layers, h[9], 0},
      {"unfold", ARG_CHOICE, &unfold, h[10], 0, gsae_unfold_kind_names},
      {"prox", ARG_CHOICE, &prox, "unfolded: the proximal operator (default group)", 0, gsae_prox_kind_names},
      {"nonneg", ARG_FLAG, &c.nonneg, "unfolded: one-sided (non-negative) prox", 0},
      {"eta", ARG_DOUBLE, &c.eta_fixed, "unfolded: fixed step eta = E > 0 instead of 1/||A||_2^2 after every step (with --init data and no --renormalize: ||A0||_2 = 1)", 0},
      {"center", ARG_FLAG, &c.center, "unfolded: subtract the training mean image from every sample (stored as /model/mean; gsae encode subtracts it too)", 0},
      {"groups", ARG_SIZE, &c.groups, "number of groups Gamma (required for data without a ground truth; default: the data set's)", 0},
      {"group-size", ARG_SIZE, &c.group_size, "atoms per group d (with --groups)", 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  GSAE_CALL(args_parse("train", specs, argc, argv, 2));
  if (preset >= 0) GSAE_CALL(train_preset_apply(preset, specs));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae train --data FILE --out FILE [flags]\n"
             "Trains x = sigma_lambda(A^T y), y_hat = A x (tied weights; --encoder unfolded: x = K layers of\n"
             "ISTA / FISTA on 1/2 ||y - A x||^2 + lambda R(x)) on loss ||y - y_hat||^2 / (2N) with Adam,\n"
             "samples sharded across ranks, gradients summed with MPI_Allreduce. Defaults are section 4.1's.\n\n");
      args_print_help(specs);
      train_preset_print_help();
    }
    return GSAE_OK;
  }
  if (args_seen(specs, "init-corr") && args_seen(specs, "init-delta"))
    return gsae_fail(GSAE_ERR_ARG, "give --init-corr or --init-delta, not both");
  c.encoder = (gsae_encoder_kind)encoder;
  c.unfold = (gsae_unfold_kind)unfold;
  c.prox = (gsae_prox_kind)prox;
  if (c.encoder == GSAE_ENCODER_TIED) {
    static const char *const unfolded_only[] = {"layers", "unfold", "prox", "nonneg", "eta", "center"};
    for (size_t k = 0; k < sizeof unfolded_only / sizeof *unfolded_only; ++k)
      if (args_seen(specs, unfolded_only[k]))
        return gsae_fail(GSAE_ERR_ARG, "--%s applies to --encoder unfolded only", unfolded_only[k]);
  } else if (args_seen(specs, "model") || args_seen(specs, "path")) {
    return gsae_fail(GSAE_ERR_ARG, "--%s applies to --encoder tied only (the unfolded encoder's prox is --prox)",
                     args_seen(specs, "model") ? "model" : "path");
  }
  if (args_seen(specs, "eta") && (!(c.eta_fixed > 0.0) || !isfinite(c.eta_fixed)))
    return gsae_fail(GSAE_ERR_ARG, "--eta must be a finite number > 0 (got %g)", c.eta_fixed);
  const int init_mode = init;
  if (init_mode == GSAE_INIT_DATA && (args_seen(specs, "init-corr") || args_seen(specs, "init-delta")))
    return gsae_fail(GSAE_ERR_ARG, "--init data takes no --init-corr / --init-delta");
  if (init_mode == GSAE_INIT_CORR && args_seen(specs, "init-delta"))
    return gsae_fail(GSAE_ERR_ARG, "--init corr takes --init-corr, not --init-delta");
  if (init_mode == GSAE_INIT_DELTA && !args_seen(specs, "init-delta"))
    return gsae_fail(GSAE_ERR_ARG, "--init delta needs --init-delta DELTA");
  c.model = (gsae_model_kind)model;
  c.path = (gsae_path)path;
  if (init_mode == GSAE_INIT_DATA) {
    c.init_mode = GSAE_INIT_DATA;
    c.init_value = 0.0;
  } else if (args_seen(specs, "init-delta")) {
    c.init_mode = GSAE_INIT_DELTA;
    c.init_value = init_delta;
  } else {
    c.init_value = init_corr;
  }
  GSAE_CALL(gsae_train_validate(&c));
  if (strcmp(data, out) == 0) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --data");

  gsae_signals_install();
  gsae_dataset ds = {0};
  GSAE_CALL(gsae_dataset_read(comm, data, &ds));
  int size;
  MPI_Comm_size(comm, &size);
  if (cli_is_root(comm)) {
    size_t G = ds.has_truth ? ds.groups : c.groups, d = ds.has_truth ? ds.group_size : c.group_size;
    char what[128];
    if (c.encoder == GSAE_ENCODER_UNFOLDED)
      snprintf(what, sizeof what, "unfolded %s x%zu (%s prox%s%s%s)", gsae_unfold_kind_name(c.unfold), c.layers,
               gsae_prox_kind_name(c.prox), c.nonneg ? ", non-negative" : "", c.eta_fixed > 0.0 ? ", fixed eta" : "",
               c.center ? ", centred" : "");
    else
      snprintf(what, sizeof what, "%s", gsae_model_kind_name(c.model));
    printf("train %s on %s: N=%zu n=%zu m=%zu (Gamma=%zu, d=%zu), lambda=%g, lr=%g, %s batch, %lld epochs, "
           "%d rank%s, %s\n",
           what, data, ds.total, ds.n, G * d, G, d, c.lambda, c.lr,
           c.batch_size ? "mini" : "full", (long long)c.epochs, size, size == 1 ? "" : "s", "precision " GSAE_REAL_NAME);
    fflush(stdout);
  }
  gsae_train_summary sum;
  gsae_status st = gsae_train(comm, &c, &ds, data, out, resume, command_line, NULL, &sum);
  if (st == GSAE_OK && cli_is_root(comm) && !ds.has_truth)
    printf("done: %s  loss %.4e  active groups %.3f  entries %.2f  eta %.4g  %.1f s\n", out, sum.loss, sum.active_groups,
           sum.active_entries, sum.eta, sum.seconds);
  else if (st == GSAE_OK && cli_is_root(comm))
    printf("done: %s  loss %.4e  dict_error %.3f  subspace_error %.3f  support_exact %.2f%%  "
           "precision %.2f%%  recall %.2f%%  active %.3f  %.1f s\n",
           out, sum.loss, sum.dict_error, sum.subspace_error, 100 * sum.support_exact, 100 * sum.precision,
           100 * sum.recall, sum.active_groups, sum.seconds);
  gsae_dataset_free(&ds);
  return st;
}
