/* gsae train: data-parallel training on an HDF5 data set, with traces and checkpoints. Its flags
 * are the rows of gsae_train_settings (src/train/config.c) plus --data, --out, --preset, --resume. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "setting_flags.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/lease.h"
#include "gsae/names.h"
#include "gsae/sweep.h"
#include "gsae/signals.h"
#include "gsae/train.h"
#include "gsae/yaml_flat.h"
#include "gsae/output.h"

#define MAX_ROWS 32

/* The flag of a training setting's key: "batch_size" -> "--batch-size". */
static void flag_of(const char *key, char *flag, size_t cap) {
  gsae_setting_label(gsae_settings_find(gsae_train_settings, gsae_train_settings_count, key), GSAE_STYLE_FLAG, flag,
                     cap);
}

/* A preset's values as defaults of the flags not given (a switch's value is "true"). */
static gsae_status apply_preset(int index, arg_spec *specs) {
  for (const char *const *v = gsae_train_preset_values(index); *v; v += 2) {
    char flag[64];
    flag_of(v[0], flag, sizeof flag);
    GSAE_CALL(args_default("train", specs, flag + 2, v[1]));
  }
  return GSAE_OK;
}

static void print_presets(void) {
  printf("\npresets (--preset NAME; flags given on the command line override them):\n");
  for (int p = 0; gsae_train_preset_names[p]; ++p) {
    printf("  %-22s %s\n    =", gsae_train_preset_names[p], gsae_train_preset_summary(p));
    for (const char *const *v = gsae_train_preset_values(p); *v; v += 2) {
      char flag[64];
      flag_of(v[0], flag, sizeof flag);
      printf(" %s%s%s", flag, strcmp(v[1], "true") ? " " : "", strcmp(v[1], "true") ? v[1] : "");
    }
    printf("\n");
  }
}

/* --config FILE: the keys of a sweep spec for this one run, as defaults of the flags not given (a
 * flag on the command line wins); `preset` as --preset. Keys of the data (n, snr_db, ...) do not
 * apply: the data are --data. */
static gsae_status apply_config(const char *path, arg_spec *specs, int *preset) {
  gsae_yaml_pair *pairs = NULL;
  size_t n = 0;
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_yaml_flat_read(path, &pairs, &n));
  for (size_t i = 0; i < n; ++i) {
    const char *key = pairs[i].key, *value = pairs[i].value;
    const int line = pairs[i].line;
    const gsae_setting *row = gsae_settings_find(gsae_train_settings, gsae_train_settings_count, key);
    if (strcmp(key, "preset") == 0) {
      int k = gsae_name_lookup(gsae_train_preset_names, value);
      char names[128];
      gsae_names_text(gsae_train_preset_names, names, sizeof names);
      if (k < 0) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s:%d: preset must be %s (got '%s')", path, line, names, value));
      if (!args_seen(specs, "preset")) *preset = k;
      continue;
    }
    if (!row) {
      const char *best = gsae_spec_key_suggest(key);
      if (gsae_settings_find(gsae_gen_settings, gsae_gen_settings_count, key))
        GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s:%d: %s is a key of generated data; gsae train reads --data", path, line,
                           key));
      if (best)
        GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s:%d: unknown key '%s' (did you mean '%s'?)", path, line, key, best));
      GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s:%d: unknown key '%s' (the keys are gsae train's flags in snake_case)", path,
                         line, key));
    }
    double v; /* the row's own parse: the same messages as a spec's */
    if (gsae_setting_parse(row, value, GSAE_STYLE_KEY, &v) != GSAE_OK) {
      char why[256];
      snprintf(why, sizeof why, "%s", gsae_error_message());
      GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s:%d: %s", path, line, why));
    }
    char flag[64];
    gsae_setting_label(row, GSAE_STYLE_FLAG, flag, sizeof flag);
    if (row->type == GSAE_SET_SWITCH && v == 0) { /* off, and a preset may not turn it on */
      for (arg_spec *a = specs; a->name; ++a)
        if (strcmp(a->name, flag + 2) == 0 && !a->seen) a->seen = 1;
      continue;
    }
    GSAE_TRY(args_default("train", specs, flag + 2, row->type == GSAE_SET_SWITCH ? "" : value));
  }
cleanup:
  gsae_yaml_pairs_free(pairs, n);
  return st;
}

/* Whether the flag of each training setting was given (here, by --config or by the preset). */
static void flags_given(const arg_spec *specs, unsigned char *given) {
  for (size_t k = 0; k < gsae_train_settings_count; ++k) {
    char flag[64];
    gsae_setting_label(&gsae_train_settings[k], GSAE_STYLE_FLAG, flag, sizeof flag);
    given[k] = (unsigned char)args_seen(specs, flag + 2);
  }
}

/* The initialisation from the flags given (--init, its correlation, its distance). */
static gsae_status resolve_init(gsae_train_config *c, const unsigned char *given) {
  const gsae_setting *rows[3];
  gsae_train_init_settings(rows);
  double v[3];
  for (int i = 0; i < 3; ++i) v[i] = given[rows[i] - gsae_train_settings] ? gsae_setting_get(rows[i], c) : NAN;
  GSAE_CALL(gsae_train_resolve_init(&v[0], &v[1], &v[2], GSAE_STYLE_FLAG));
  for (int i = 0; i < 3; ++i) {
    if (rows[i]->store == GSAE_STORE_DOUBLE || !isnan(v[i])) gsae_setting_set(rows[i], c, v[i]);
  }
  return GSAE_OK;
}

gsae_status cmd_train(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  gsae_train_config c = gsae_train_defaults();
  const char *data = NULL, *out = NULL, *config = NULL;
  int preset = -1, resume = 0, help = 0, overwrite = 0;
  setting_flag_text text[MAX_ROWS];
  arg_spec specs[MAX_ROWS + 8];
  size_t k = 0;
  specs[k++] = (arg_spec){"data", ARG_STRING, &data, "input data set (HDF5 from gsae generate or import-idx)", 0, NULL,
                          ARG_REQUIRED, "FILE"};
  specs[k++] = (arg_spec){"out", ARG_STRING, &out, "run file to write (HDF5); checkpoint is OUT.ckpt", 0, NULL,
                          ARG_REQUIRED, "FILE"};
  specs[k++] = (arg_spec){"config", ARG_STRING, &config,
                          "settings as a YAML mapping, the keys of a sweep spec (lambda: 0.2, batch_size: 256, "
                          "preset: mnist-group, ...); flags override it", 0, NULL, 0, "FILE"};
  specs[k++] = (arg_spec){"preset", ARG_CHOICE, &preset, "a named set of defaults (list below); other flags override it",
                          0, gsae_train_preset_names};
  k += setting_flags(gsae_train_settings, gsae_train_settings_count, &c, text, specs + k);
  specs[k++] = (arg_spec){"resume", ARG_FLAG, &resume, "continue from OUT.ckpt if it exists (else start fresh)", 0};
  specs[k++] = (arg_spec){"overwrite", ARG_FLAG, &overwrite, GSAE_OVERWRITE_HELP, 0};
  specs[k++] = (arg_spec){"help", ARG_FLAG, &help, "print this help", 0};
  specs[k] = (arg_spec){NULL, ARG_FLAG, NULL, NULL, 0};
  GSAE_CALL(args_parse("train", specs, argc, argv, 2));
  if (config) GSAE_CALL(apply_config(config, specs, &preset));
  if (preset >= 0) GSAE_CALL(apply_preset(preset, specs));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae train --data FILE --out FILE [flags]\n"
             "Trains x = sigma_lambda(A^T y), y_hat = A x (tied weights; --encoder unfolded: x = K layers of\n"
             "ISTA / FISTA on 1/2 ||y - A x||^2 + lambda R(x)) on loss ||y - y_hat||^2 / (2N) with Adam,\n"
             "samples sharded across ranks, gradients summed with MPI_Allreduce. Defaults are section 4.1's.\n\n");
      args_print_help(specs);
      print_presets();
    }
    return GSAE_OK;
  }
  unsigned char given[MAX_ROWS];
  flags_given(specs, given);
  GSAE_CALL(gsae_train_check_encoder(&c, given, GSAE_STYLE_FLAG));
  GSAE_CALL(resolve_init(&c, given));
  GSAE_CALL(gsae_train_validate(&c, GSAE_STYLE_FLAG));
  if (strcmp(data, out) == 0) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --data");
  if (resume && overwrite) return gsae_fail(GSAE_ERR_ARG, "--resume continues --out, --overwrite replaces it: give one");

  /* one writer at a time: the lease first, then the file (no create or truncate before it is held) */
  gsae_lease lease;
  memset(&lease, 0, sizeof lease);
  gsae_dataset ds = {0};
  gsae_status st = GSAE_OK;
  char holder[512] = "";
  int taken = 1;
  GSAE_TRY(gsae_dist_agree(comm, cli_is_root(comm) ? gsae_lease_take(out, "gsae train", &lease, &taken, holder,
                                                                     sizeof holder)
                                                   : GSAE_OK));
  MPI_Bcast(&taken, 1, MPI_INT, 0, comm);
  if (!taken) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s is being written by %s; wait for it, or choose another --out", out,
                                 holder));
  if (!resume) GSAE_TRY(gsae_output_claim(comm, out, "--out", overwrite, "--resume continues it"));

  gsae_signals_install();
  GSAE_TRY(gsae_dataset_read(comm, data, &ds));
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
  GSAE_TRY(gsae_train(comm, &c, &ds, data, out, resume, command_line, NULL, &sum));
  if (cli_is_root(comm) && !ds.has_truth)
    printf("done: %s  loss %.4e  active groups %.3f  entries %.2f  eta %.4g  %.1f s\n", out, sum.loss, sum.active_groups,
           sum.active_entries, sum.eta, sum.seconds);
  else if (cli_is_root(comm)) {
    char precision[64]; /* undefined by construction when no group is active anywhere */
    if (isnan(sum.precision)) snprintf(precision, sizeof precision, "undefined (no active group: lambda too large?)");
    else snprintf(precision, sizeof precision, "%.2f%%", 100 * sum.precision);
    printf("done: %s  loss %.4e  dict_error %.3f  subspace_error %.3f  support_exact %.2f%%  "
           "precision %s  recall %.2f%%  active %.3f  %.1f s\n",
           out, sum.loss, sum.dict_error, sum.subspace_error, 100 * sum.support_exact, precision, 100 * sum.recall,
           sum.active_groups, sum.seconds);
  }
cleanup:
  gsae_dataset_free(&ds);
  if (cli_is_root(comm)) gsae_lease_release(&lease);
  return st;
}
