/* Training settings: defaults (the paper's), validation, and their HDF5 attribute form. */
#include <math.h>
#include <string.h>

#include "config_attrs.h"
#include "gsae/h5.h"
#include "gsae/names.h"
#include "gsae/train.h"

const char *const gsae_encoder_kind_names[] = {"tied", "unfolded", NULL};

int gsae_encoder_kind_parse(const char *name) { return gsae_name_lookup(gsae_encoder_kind_names, name); }

const char *gsae_encoder_kind_name(gsae_encoder_kind kind) { return gsae_name_of(gsae_encoder_kind_names, kind); }

gsae_train_config gsae_train_defaults(void) {
  gsae_train_config c = {.encoder = GSAE_ENCODER_TIED, .model = GSAE_MODEL_GROUP, .lambda = 2.0, .epochs = 300, .lr = 1e-3, .batch_size = 0,
                         .init_mode = GSAE_INIT_CORR, .init_value = 0.15, .seed = 0, .checkpoint_every = 50,
                         .renormalize = 0, .path = GSAE_PATH_AUTO, .progress_every = 1,
                         .layers = 15, .unfold = GSAE_UNFOLD_ISTA, .prox = GSAE_PROX_GROUP, .nonneg = 0,
                         .eta_fixed = 0.0, .center = 0,
                         .groups = 0, .group_size = 0};
  return c;
}

gsae_status gsae_train_validate(const gsae_train_config *c) {
  if (!(c->lambda >= 0.0) || !isfinite(c->lambda))
    return gsae_fail(GSAE_ERR_ARG, "--lambda must be a finite number >= 0 (got %g)", c->lambda);
  if (c->epochs < 0) return gsae_fail(GSAE_ERR_ARG, "--epochs must be >= 0 (got %lld)", (long long)c->epochs);
  if (!(c->lr > 0.0) || !isfinite(c->lr)) return gsae_fail(GSAE_ERR_ARG, "--lr must be a finite number > 0 (got %g)", c->lr);
  if (c->checkpoint_every < 0)
    return gsae_fail(GSAE_ERR_ARG, "--checkpoint-every must be >= 0 (got %lld)", (long long)c->checkpoint_every);
  if (c->progress_every < 0)
    return gsae_fail(GSAE_ERR_ARG, "--progress-every must be >= 0 (got %lld)", (long long)c->progress_every);
  if (c->encoder != GSAE_ENCODER_TIED && c->encoder != GSAE_ENCODER_UNFOLDED)
    return gsae_fail(GSAE_ERR_ARG, "--encoder must be tied or unfolded");
  if (c->encoder == GSAE_ENCODER_UNFOLDED && c->layers < 1)
    return gsae_fail(GSAE_ERR_ARG, "--layers must be >= 1 (got %zu)", c->layers);
  if (!(c->eta_fixed >= 0.0) || !isfinite(c->eta_fixed))
    return gsae_fail(GSAE_ERR_ARG, "--eta must be a finite number > 0 (got %g)", c->eta_fixed);
  if (c->encoder != GSAE_ENCODER_UNFOLDED && c->eta_fixed > 0.0)
    return gsae_fail(GSAE_ERR_ARG, "--eta applies to --encoder unfolded only (the tied encoder has no step)");
  if (c->encoder != GSAE_ENCODER_UNFOLDED && c->center)
    return gsae_fail(GSAE_ERR_ARG, "--center applies to --encoder unfolded only (gsae encode, which subtracts the "
                     "mean, reads unfolded runs only)");
  if ((c->groups == 0) != (c->group_size == 0))
    return gsae_fail(GSAE_ERR_ARG, "give --groups and --group-size together (got %zu and %zu)", c->groups,
                     c->group_size);
  if (c->groups && (c->groups > 100000000 || c->group_size > 100000000 || c->groups * c->group_size > 100000000))
    return gsae_fail(GSAE_ERR_ARG, "--groups %zu x --group-size %zu atoms is larger than supported (1e8)", c->groups,
                     c->group_size);
  if (c->init_mode == GSAE_INIT_CORR && !(c->init_value > 0.0 && c->init_value <= 1.0))
    return gsae_fail(GSAE_ERR_ARG, "--init-corr must be in (0, 1] (got %g)", c->init_value);
  if (c->init_mode == GSAE_INIT_DELTA && !(c->init_value >= 0.0 && isfinite(c->init_value)))
    return gsae_fail(GSAE_ERR_ARG, "--init-delta must be a finite number >= 0 (got %g)", c->init_value);
  return GSAE_OK;
}

gsae_status config_attrs_write(hid_t fid, const char *obj, const gsae_train_config *c) {
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "encoder", gsae_encoder_kind_name(c->encoder)));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "model", gsae_model_kind_name(c->model)));
  GSAE_CALL(gsae_h5_attr_write_double(fid, obj, "lambda", c->lambda));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "epochs", c->epochs));
  GSAE_CALL(gsae_h5_attr_write_double(fid, obj, "lr", c->lr));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "batch_size", (int64_t)c->batch_size));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "init_mode", gsae_init_mode_name(c->init_mode)));
  GSAE_CALL(gsae_h5_attr_write_double(fid, obj, "init_target", c->init_value));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "seed", (int64_t)c->seed));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "checkpoint_every", c->checkpoint_every));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "renormalize", c->renormalize));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "path", gsae_path_name(c->path)));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "optimizer", "adam(beta1=0.9, beta2=0.999, eps=1e-8, bias-corrected)"));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "groups", (int64_t)c->groups));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "group_size", (int64_t)c->group_size));
  GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "center", c->center));
  if (c->encoder == GSAE_ENCODER_UNFOLDED) {
    GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "eta_mode", c->eta_fixed > 0.0 ? "fixed" : "power-iteration"));
    if (c->eta_fixed > 0.0) GSAE_CALL(gsae_h5_attr_write_double(fid, obj, "eta_fixed", c->eta_fixed));
    GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "layers", (int64_t)c->layers));
    GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "unfold", gsae_unfold_kind_name(c->unfold)));
    GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "prox", gsae_prox_kind_name(c->prox)));
    GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "nonneg", c->nonneg));
  }
  return GSAE_OK;
}

/* Settings that change the trajectory must match the checkpoint; epochs may be extended. c holds the
 * effective groups (the data set's when it has a truth). Files from before the unfolded encoder have
 * no `encoder` attribute: they are tied. */
gsae_status config_attrs_check(hid_t fid, const gsae_train_config *c, const char *path) {
  char encoder[32] = "tied", model[32], mode[32], path_name[32], unfold[32] = "", prox[32] = "";
  double lambda, lr, target;
  char eta_mode[32] = "power-iteration";
  double eta_fixed = 0.0;
  int64_t batch, seed, renorm, groups, group_size, layers = 0, nonneg = 0, center = 0;
  /* files from before --center / --eta: no centring, eta by power iteration */
  if (H5Aexists_by_name(fid, "/", "center", H5P_DEFAULT) > 0)
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "center", &center, path));
  if (H5Aexists_by_name(fid, "/", "encoder", H5P_DEFAULT) > 0)
    GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "encoder", encoder, sizeof encoder, path));
  groups = (int64_t)c->groups; /* checkpoints from before the unfolded encoder do not store them */
  group_size = (int64_t)c->group_size;
  if (H5Aexists_by_name(fid, "/", "groups", H5P_DEFAULT) > 0) {
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "groups", &groups, path));
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "group_size", &group_size, path));
  }
  if (strcmp(encoder, "unfolded") == 0) {
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "layers", &layers, path));
    GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "unfold", unfold, sizeof unfold, path));
    GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "prox", prox, sizeof prox, path));
    GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "nonneg", &nonneg, path));
    if (H5Aexists_by_name(fid, "/", "eta_mode", H5P_DEFAULT) > 0)
      GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "eta_mode", eta_mode, sizeof eta_mode, path));
    if (strcmp(eta_mode, "fixed") == 0) GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "eta_fixed", &eta_fixed, path));
  }
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "model", model, sizeof model, path));
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "lambda", &lambda, path));
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "lr", &lr, path));
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "batch_size", &batch, path));
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "init_mode", mode, sizeof mode, path));
  GSAE_CALL(gsae_h5_attr_read_double(fid, "/", "init_target", &target, path));
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "seed", &seed, path));
  GSAE_CALL(gsae_h5_attr_read_int(fid, "/", "renormalize", &renorm, path));
  GSAE_CALL(gsae_h5_attr_read_string(fid, "/", "path", path_name, sizeof path_name, path));
#define MISMATCH(flag, fmt, a, b) \
  return gsae_fail(GSAE_ERR_ARG, "%s: checkpoint was made with " flag " " fmt ", this run asks for " fmt \
                   " (use the same settings to resume, or remove the checkpoint)", path, a, b)
  if (strcmp(encoder, gsae_encoder_kind_name(c->encoder)) != 0)
    MISMATCH("--encoder", "%s", encoder, gsae_encoder_kind_name(c->encoder));
  if ((size_t)groups != c->groups || (size_t)group_size != c->group_size)
    return gsae_fail(GSAE_ERR_ARG, "%s: checkpoint was made with --groups %lld --group-size %lld, this run asks for "
                     "%zu and %zu (use the same settings to resume, or remove the checkpoint)", path, (long long)groups,
                     (long long)group_size, c->groups, c->group_size);
  if (c->encoder == GSAE_ENCODER_UNFOLDED) {
    if ((size_t)layers != c->layers) MISMATCH("--layers", "%zu", (size_t)layers, c->layers);
    if (strcmp(unfold, gsae_unfold_kind_name(c->unfold)) != 0)
      MISMATCH("--unfold", "%s", unfold, gsae_unfold_kind_name(c->unfold));
    if (strcmp(prox, gsae_prox_kind_name(c->prox)) != 0) MISMATCH("--prox", "%s", prox, gsae_prox_kind_name(c->prox));
    if ((int)nonneg != c->nonneg) MISMATCH("--nonneg", "%d", (int)nonneg, c->nonneg);
    const char *want_mode = c->eta_fixed > 0.0 ? "fixed" : "power-iteration";
    if (strcmp(eta_mode, want_mode) != 0) MISMATCH("eta_mode", "%s", eta_mode, want_mode);
    if (eta_fixed != c->eta_fixed) MISMATCH("--eta", "%.17g", eta_fixed, c->eta_fixed);
  }
  if ((int)center != c->center) MISMATCH("--center", "%d", (int)center, c->center);
  if (strcmp(model, gsae_model_kind_name(c->model)) != 0) MISMATCH("--model", "%s", model, gsae_model_kind_name(c->model));
  if (lambda != c->lambda) MISMATCH("--lambda", "%g", lambda, c->lambda);
  if (lr != c->lr) MISMATCH("--lr", "%g", lr, c->lr);
  if ((size_t)batch != c->batch_size) MISMATCH("--batch-size", "%zu", (size_t)batch, c->batch_size);
  const char *want = gsae_init_mode_name(c->init_mode);
  if (strcmp(mode, want) != 0) MISMATCH("--init", "%s", mode, want);
  if (target != c->init_value) MISMATCH("--init", "%g", target, c->init_value);
  if ((uint64_t)seed != c->seed) MISMATCH("--seed", "%llu", (unsigned long long)seed, (unsigned long long)c->seed);
  if ((int)renorm != c->renormalize) MISMATCH("--renormalize", "%d", (int)renorm, c->renormalize);
  if (strcmp(path_name, gsae_path_name(c->path)) != 0) MISMATCH("--path", "%s", path_name, gsae_path_name(c->path));
#undef MISMATCH
  return GSAE_OK;
}
