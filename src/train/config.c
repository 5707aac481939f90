/* Training settings: one row per setting (the tied encoder's, the unfolded encoder's, the run's),
 * the paper's defaults, validation, and their HDF5 attribute form. The first ten rows' order is
 * the canonical order of the training part of a sweep point's id; rows added since carry
 * GSAE_SET_OMIT_AT_DEFAULT. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config_attrs.h"
#include "gsae/h5.h"
#include "gsae/names.h"
#include "gsae/settings_attrs.h"
#include "gsae/train.h"

const char *const gsae_encoder_kind_names[] = {"tied", "unfolded", NULL};

int gsae_encoder_kind_parse(const char *name) { return gsae_name_lookup(gsae_encoder_kind_names, name); }

const char *gsae_encoder_kind_name(gsae_encoder_kind kind) { return gsae_name_of(gsae_encoder_kind_names, kind); }

#define BIG 9007199254740992.0 /* 2^53 */
#define AT(field) offsetof(gsae_train_config, field)
#define CHOICE(field) GSAE_SET_CHOICE, GSAE_STORE_INT, AT(field)
#define SWITCH(field) GSAE_SET_SWITCH, GSAE_STORE_INT, AT(field)
#define REAL(field) GSAE_SET_REAL, GSAE_STORE_DOUBLE, AT(field)
#define P GSAE_SCOPE_POINT
#define NEW GSAE_SET_OMIT_AT_DEFAULT

const gsae_setting gsae_train_settings[] = {
    {"model", CHOICE(model), GSAE_MODEL_GROUP, 0, 0, gsae_model_kind_names,
     "the activation: group (section 4.1), soft (the sparse baseline) or relu", P, GSAE_SET_TIED},
    {"lambda", REAL(lambda), 2.0, 0, 1e300, NULL, "threshold lambda of the encoder", P, 0},
    {"epochs", GSAE_SET_INT, GSAE_STORE_I64, AT(epochs), 300, 0, 1e9, NULL, "number of epochs", P,
     GSAE_SET_NO_RESUME},
    {"lr", REAL(lr), 1e-3, 0, 1e300, NULL, "Adam learning rate", P, GSAE_SET_LO_OPEN},
    {"batch_size", GSAE_SET_INT, GSAE_STORE_SIZE, AT(batch_size), 0, 0, 2147483647.0, NULL,
     "mini-batch size; 0 = full batch", P, 0},
    {"init_corr", REAL(init_corr), 0.15, 0, 1, NULL,
     "--init corr: A0 = A* + sigma G with mean cos(a0_j, a*_j) = rho", P,
     GSAE_SET_LO_OPEN | GSAE_SET_UNSET_OK | GSAE_SET_SWEEP_UNSET},
    {"init_delta", REAL(init_delta), NAN, 0, 1e300, NULL,
     "--init delta: A0 with max_g ||A0_g - A*_g||_F = delta (implies --init delta)", P, GSAE_SET_UNSET_OK, NULL, NULL,
     "unset"},
    {"seed", GSAE_SET_INT, GSAE_STORE_U64, AT(seed), 0, 0, BIG, NULL, "seed of the initialisation and batch order", P,
     GSAE_SET_SWEEP_UNSET, "train_seed"},
    {"renormalize", SWITCH(renormalize), 0, 0, 1, NULL, "renormalise atoms to unit norm after every step", P, 0},
    {"checkpoint_every", GSAE_SET_INT, GSAE_STORE_I64, AT(checkpoint_every), 50, 0, 1e9, NULL,
     "checkpoint every k epochs; 0 = only on SIGTERM / SIGUSR1 (not part of a point's id)", GSAE_SCOPE_NONE,
     GSAE_SET_NO_RESUME},
    /* added after the first sweep version */
    {"encoder", CHOICE(encoder), GSAE_ENCODER_TIED, 0, 0, gsae_encoder_kind_names,
     "tied (section 4.1) or unfolded (section 4.2: K layers of ISTA / FISTA, threshold lambda eta)", P, NEW},
    {"init", CHOICE(init_mode), GSAE_INIT_CORR, 0, 0, gsae_init_mode_names,
     "initial dictionary: corr and delta perturb the ground truth A*; data = m distinct training samples as atoms, "
     "||A||_2 = 1", P, NEW | GSAE_SET_SWEEP_UNSET, NULL, "init_mode"},
    {"path", CHOICE(path), GSAE_PATH_AUTO, 0, 0, gsae_path_names, "kernel path (dense = the reference)", P,
     NEW | GSAE_SET_TIED},
    {"layers", GSAE_SET_INT, GSAE_STORE_SIZE, AT(layers), 15, 1, 1e6, NULL, "number of ISTA / FISTA layers K", P,
     NEW | GSAE_SET_UNFOLDED},
    {"unfold", CHOICE(unfold), GSAE_UNFOLD_ISTA, 0, 0, gsae_unfold_kind_names, "the iteration", P,
     NEW | GSAE_SET_UNFOLDED},
    {"prox", CHOICE(prox), GSAE_PROX_GROUP, 0, 0, gsae_prox_kind_names, "the proximal operator", P,
     NEW | GSAE_SET_UNFOLDED},
    {"nonneg", SWITCH(nonneg), 0, 0, 1, NULL, "one-sided (non-negative) prox", P, NEW | GSAE_SET_UNFOLDED},
    {"eta", REAL(eta_fixed), 0, 0, 1e300, NULL,
     "fixed step eta; 0 = 1/||A||_2^2 after every step (with --init data and no --renormalize, ||A0||_2 = 1)", P,
     NEW | GSAE_SET_UNFOLDED, NULL, "eta_fixed"},
    {"center", SWITCH(center), 0, 0, 1, NULL,
     "subtract the training mean image from every sample (stored as /model/mean; gsae encode subtracts it too)", P,
     NEW | GSAE_SET_UNFOLDED},
    {"groups", GSAE_SET_INT, GSAE_STORE_SIZE, AT(groups), 0, 0, 1e8, NULL,
     "number of groups Gamma of the dictionary; 0 = the data set's (required for data without a ground truth)", P,
     NEW | GSAE_SET_NO_KEY},
    {"group_size", GSAE_SET_INT, GSAE_STORE_SIZE, AT(group_size), 0, 0, 1e8, NULL, "atoms per group d (with --groups)",
     P, NEW | GSAE_SET_NO_KEY},
    {"progress_every", GSAE_SET_INT, GSAE_STORE_I64, AT(progress_every), 1, 0, 1e9, NULL,
     "progress line every k epochs; 0 = none", GSAE_SCOPE_NONE,
     GSAE_SET_NO_KEY | GSAE_SET_NO_ATTR | GSAE_SET_NO_RESUME},
};
const size_t gsae_train_settings_count = sizeof gsae_train_settings / sizeof *gsae_train_settings;

gsae_train_config gsae_train_defaults(void) {
  gsae_train_config c;
  memset(&c, 0, sizeof c);
  gsae_settings_defaults(gsae_train_settings, gsae_train_settings_count, &c);
  return c;
}

static const gsae_setting *row(const char *name) {
  return gsae_settings_find(gsae_train_settings, gsae_train_settings_count, name);
}

static void label(const char *name, gsae_setting_style style, char *buf, size_t cap) {
  gsae_setting_label(row(name), style, buf, cap);
}

void gsae_train_init_settings(const gsae_setting *rows[3]) {
  rows[0] = row("init");
  rows[1] = row("init_corr");
  rows[2] = row("init_delta");
}

gsae_status gsae_train_resolve_init(double *mode, double *corr, double *delta, gsae_setting_style style) {
  char m[32], c[32], d[32];
  label("init", style, m, sizeof m);
  label("init_corr", style, c, sizeof c);
  label("init_delta", style, d, sizeof d);
  const char *sep = style == GSAE_STYLE_FLAG ? " " : ": ";
  if (isnan(*mode)) *mode = isnan(*delta) ? GSAE_INIT_CORR : GSAE_INIT_DELTA;
  if (*mode == GSAE_INIT_CORR) {
    if (!isnan(*delta)) {
      if (!isnan(*corr)) return gsae_fail(GSAE_ERR_ARG, "give %s or %s, not both", c, d);
      return gsae_fail(GSAE_ERR_ARG, "%s%scorr takes %s, not %s", m, sep, c, d);
    }
    if (isnan(*corr)) *corr = row("init_corr")->def;
  } else if (*mode == GSAE_INIT_DELTA) {
    if (isnan(*delta)) return gsae_fail(GSAE_ERR_ARG, "%s%sdelta needs %s", m, sep, d);
    if (!isnan(*corr)) return gsae_fail(GSAE_ERR_ARG, "give %s or %s, not both", c, d);
  } else if (!isnan(*corr) || !isnan(*delta)) {
    return gsae_fail(GSAE_ERR_ARG, "%s%sdata takes no %s / %s", m, sep, c, d);
  }
  return GSAE_OK;
}

gsae_status gsae_train_validate(const gsae_train_config *c, gsae_setting_style style) {
  GSAE_CALL(gsae_settings_check(gsae_train_settings, gsae_train_settings_count, c, style));
  char a[32], b[32];
  if ((c->groups == 0) != (c->group_size == 0)) {
    label("groups", style, a, sizeof a);
    label("group_size", style, b, sizeof b);
    return gsae_fail(GSAE_ERR_ARG, "give %s and %s together (got %zu and %zu)", a, b, c->groups, c->group_size);
  }
  if ((double)c->groups * (double)c->group_size > 1e8) {
    label("groups", style, a, sizeof a);
    label("group_size", style, b, sizeof b);
    return gsae_fail(GSAE_ERR_ARG, "%s %zu x %s %zu atoms is larger than supported (1e8)", a, c->groups, b,
                     c->group_size);
  }
  if (c->init_mode == GSAE_INIT_CORR && isnan(c->init_corr)) {
    label("init_corr", style, a, sizeof a);
    return gsae_fail(GSAE_ERR_ARG, "initialising by correlation needs %s", a);
  }
  if (c->init_mode == GSAE_INIT_DELTA && isnan(c->init_delta)) {
    label("init_delta", style, a, sizeof a);
    return gsae_fail(GSAE_ERR_ARG, "initialising by delta needs %s", a);
  }
  return GSAE_OK;
}

/* A setting of the other encoder's, given or (given NULL) not at its default. */
gsae_status gsae_train_check_encoder(const gsae_train_config *c, const unsigned char *given, gsae_setting_style style) {
  unsigned other = c->encoder == GSAE_ENCODER_TIED ? GSAE_SET_UNFOLDED : GSAE_SET_TIED;
  for (size_t k = 0; k < gsae_train_settings_count; ++k) {
    const gsae_setting *s = &gsae_train_settings[k];
    if (!(s->opts & other) || (given ? !given[k] : gsae_setting_get(s, c) == s->def)) continue;
    char name[32], enc[32];
    gsae_setting_label(s, style, name, sizeof name);
    label("encoder", style, enc, sizeof enc);
    return gsae_fail(GSAE_ERR_ARG, "%s applies to %s%s%s only", name, enc, style == GSAE_STYLE_FLAG ? " " : ": ",
                     other == GSAE_SET_UNFOLDED ? "unfolded" : "tied");
  }
  return GSAE_OK;
}

/* Rows written to a file of this run: all but NO_ATTR, and the unfolded encoder's only for it. */
static int written(const gsae_setting *s, const gsae_train_config *c) {
  if (s->opts & GSAE_SET_NO_ATTR) return 0;
  return !(s->opts & GSAE_SET_UNFOLDED) || c->encoder == GSAE_ENCODER_UNFOLDED;
}

gsae_status config_attrs_write(hid_t fid, const char *obj, const gsae_train_config *c) {
  for (size_t k = 0; k < gsae_train_settings_count; ++k)
    if (written(&gsae_train_settings[k], c)) GSAE_CALL(gsae_setting_attr_write(fid, obj, &gsae_train_settings[k], c));
  /* derived, for readers of the file: the initial value of the mode, and how eta is chosen */
  double target = c->init_mode == GSAE_INIT_CORR ? c->init_corr : c->init_mode == GSAE_INIT_DELTA ? c->init_delta : 0.0;
  GSAE_CALL(gsae_h5_attr_write_double(fid, obj, "init_target", target));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "optimizer", "adam(beta1=0.9, beta2=0.999, eps=1e-8, bias-corrected)"));
  if (c->encoder == GSAE_ENCODER_UNFOLDED)
    GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "eta_mode", c->eta_fixed > 0.0 ? "fixed" : "power-iteration"));
  return GSAE_OK;
}

/* Settings that change the trajectory must match the checkpoint; epochs may be extended. c holds the
 * effective groups (the data set's when it has a truth). A file written before a setting existed
 * has no attribute for it and reads as the setting's default (tied encoder, no centring, ...);
 * files from before init_corr / init_delta hold the initial value as init_target, and files from
 * before --groups store no groups (they were the data set's). */
gsae_status config_attrs_check(hid_t fid, const gsae_train_config *c, const char *path) {
  GSAE_CALL(gsae_setting_attr_check(fid, row("encoder"), (double)c->encoder, path));
  const int old_init = H5Aexists_by_name(fid, "/", "init_corr", H5P_DEFAULT) <= 0;
  const int old_groups = H5Aexists_by_name(fid, "/", "groups", H5P_DEFAULT) <= 0;
  if (old_init) {
    double target = 0.0;
    GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "init_target", &target, path));
    double mine = c->init_mode == GSAE_INIT_CORR ? c->init_corr : c->init_mode == GSAE_INIT_DELTA ? c->init_delta : 0.0;
    if (target != mine)
      return gsae_fail(GSAE_ERR_ARG, "%s: checkpoint was made with initial value %g, this run asks for %g (use the "
                       "same settings to resume, or remove the checkpoint)", path, target, mine);
  }
  for (size_t k = 0; k < gsae_train_settings_count; ++k) {
    const gsae_setting *s = &gsae_train_settings[k];
    if (!written(s, c) || (s->opts & GSAE_SET_NO_RESUME)) continue;
    if (old_init && (s->offset == AT(init_corr) || s->offset == AT(init_delta))) continue;
    if (old_groups && (s->offset == AT(groups) || s->offset == AT(group_size))) continue;
    GSAE_CALL(gsae_setting_attr_check(fid, s, gsae_setting_get(s, c), path));
  }
  return GSAE_OK;
}
