/* The data-parallel training loop; see include/gsae/train.h. */
#include "gsae/train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "gsae/dist.h"
#include "init_data.h"
#include "gsae/h5.h"
#include "gsae/metrics.h"
#include "gsae/outcome.h"
#include "gsae/output.h"
#include "gsae/provenance.h"
#include "gsae/rng.h"
#include "gsae/signals.h"

typedef struct {
  MPI_Comm comm;
  int rank, size;
  const gsae_train_config *cfg;
  const gsae_dataset *ds;
  const char *out;
  char ckpt[4096];
  train_model *model;
  gsae_real *W, *W0, *grad; /* m n each, in the model's layout (tied: W = A^T (m, n); unfolded: A (n, m)) */
  gsae_real *Yb;            /* (batch_size, n): this rank's members of a mini-batch */
  gsae_adam adam;
  trace_buffer tb;
  run_meta meta;
  hid_t runfile; /* rank 0 only */
  double clock0; /* MPI_Wtime when meta.seconds was last brought up to date */
  double progress0; /* MPI_Wtime when this process started its epochs (for s/epoch and ETA) */
  size_t epoch;  /* the epoch being trained (its updates make A_epoch) */
  size_t *order; /* mini-batch permutation of the global sample indices */
  size_t nbatches;
} trainer;

static double elapsed(const trainer *t) { return t->meta.seconds + (MPI_Wtime() - t->clock0); }

/* Forward pass over every local sample at the current parameters; records trace entry `epoch`. */
static gsae_status evaluate(trainer *t, size_t epoch) {
  const gsae_dataset *ds = t->ds;
  enum { ACTIVE_GROUPS = 1 + GSAE_SUPPORT_COUNTS, ACTIVE_ENTRIES, NSUMS };
  double local[NSUMS] = {0}, global[NSUMS];
  model_stats ms = {0};
  gsae_status st = t->model->forward(t->model, t->W, ds->Y, ds->rows, &ms);
  local[0] = ms.sq_error;
  local[ACTIVE_GROUPS] = (double)ms.active_groups;
  local[ACTIVE_ENTRIES] = (double)ms.active_entries;
  if (st == GSAE_OK && ds->has_truth)
    gsae_support_count(t->model->codes(t->model), ds->rows, ds->m, ds->group_size, ds->support, ds->active,
                       local + 1);
  GSAE_CALL(gsae_dist_agree(t->comm, st));
  MPI_Allreduce(local, global, NSUMS, MPI_DOUBLE, MPI_SUM, t->comm);
  double loss = global[0] / (2.0 * (double)ds->total);
  if (!isfinite(loss))
    return gsae_fail(GSAE_ERR_NUMERIC, "training diverged at epoch %zu: loss is %s (try a smaller --lr)", epoch,
                     isnan(loss) ? "NaN" : "Inf");
  double *c = global + 1;
  double **v = t->tb.v;
  v[GSAE_TRACE_LOSS][epoch] = loss;
  v[GSAE_TRACE_SUPPORT_EXACT][epoch] = ds->has_truth ? c[GSAE_SUPPORT_EXACT] / (double)ds->total : NAN;
  v[GSAE_TRACE_GROUP_PRECISION][epoch] = c[GSAE_SUPPORT_EST] > 0 ? c[GSAE_SUPPORT_TP] / c[GSAE_SUPPORT_EST] : NAN;
  v[GSAE_TRACE_GROUP_RECALL][epoch] = c[GSAE_SUPPORT_TRUE] > 0 ? c[GSAE_SUPPORT_TP] / c[GSAE_SUPPORT_TRUE] : NAN;
  /* with a truth the count comes from the support comparison (the same number, as it always did) */
  v[GSAE_TRACE_ACTIVE_GROUPS][epoch] = (ds->has_truth ? c[GSAE_SUPPORT_EST] : global[ACTIVE_GROUPS]) / (double)ds->total;
  v[GSAE_TRACE_ACTIVE_ENTRIES][epoch] = global[ACTIVE_ENTRIES] / (double)ds->total;
  v[GSAE_TRACE_DICT_ERROR][epoch] = NAN;
  v[GSAE_TRACE_SUBSPACE_ERROR][epoch] = NAN;
  v[GSAE_TRACE_GROUP_DISTANCE][epoch] = NAN;
  if (t->rank == 0 && ds->has_truth) {
    const gsae_real *W = train_model_W(t->model, t->W);
    v[GSAE_TRACE_DICT_ERROR][epoch] = gsae_dict_error(W, ds->A_true, ds->m, ds->n);
    v[GSAE_TRACE_SUBSPACE_ERROR][epoch] = gsae_subspace_error(W, ds->A_true, ds->m, ds->n, ds->group_size);
    v[GSAE_TRACE_GROUP_DISTANCE][epoch] = gsae_max_group_distance(W, ds->A_true, ds->m, ds->n, ds->group_size);
  }
  v[GSAE_TRACE_SECONDS][epoch] = elapsed(t);
  t->tb.len = epoch + 1;
  return GSAE_OK;
}

/* A NaN dictionary would silence the encoder (NaN norms never pass the threshold) and leave a
 * finite loss behind, so divergence is checked on the parameters themselves. */
static gsae_status check_finite(const trainer *t) {
  const size_t mn = t->ds->m * t->ds->n, c = t->model->shape[1];
  const int tied = strcmp(t->model->param_name, "W") == 0; /* W (m, n): A[k % n, k / n]; A (n, m): A[k / m, k % m] */
  for (size_t k = 0; k < mn; ++k)
    if (!isfinite((double)t->W[k]))
      return gsae_fail(GSAE_ERR_NUMERIC, "training diverged at epoch %zu (Adam step %lld): dictionary entry "
                       "A[%zu, %zu] is %s (try a smaller --lr)", t->epoch, (long long)t->adam.step,
                       tied ? k % c : k / c, tied ? k / c : k % c, isnan((double)t->W[k]) ? "NaN" : "Inf");
  return GSAE_OK;
}

/* The parameters changed: let the model refresh what depends on them (the unfolded step eta). */
static gsae_status params_changed(trainer *t) {
  if (!t->model->params_changed) return GSAE_OK;
  return gsae_dist_agree(t->comm, t->model->params_changed(t->model, t->W));
}

/* Gradient of the current forward pass, summed over ranks, then one Adam step. */
static gsae_status update(trainer *t, const gsae_real *Y, size_t rows, double inv_batch) {
  const size_t mn = t->ds->m * t->ds->n;
  memset(t->grad, 0, mn * sizeof *t->grad);
  GSAE_CALL(gsae_dist_agree(t->comm, t->model->backward(t->model, t->W, Y, rows, t->grad, (gsae_real)inv_batch)));
  GSAE_CALL(gsae_dist_allreduce_sum(t->comm, t->grad, mn));
  gsae_adam_step(&t->adam, t->W, t->grad);
  if (t->cfg->renormalize) train_model_unit_atoms(t->model, t->W);
  GSAE_CALL(gsae_dist_agree(t->comm, check_finite(t)));
  return params_changed(t);
}

/* One epoch of mini-batches: a seeded random permutation p of the global sample indices (seed,
 * BATCH, epoch); batch b is {p[bB], .., p[min((b+1)B, N) - 1]}, and each rank gathers the members it
 * holds (in permutation order) into Yb. The batches do not depend on the rank count. */
static gsae_status minibatch_epoch(trainer *t, size_t epoch) {
  const gsae_dataset *ds = t->ds;
  const size_t B = t->cfg->batch_size, n = ds->n, first = ds->first, last = ds->first + ds->rows;
  gsae_status st = GSAE_OK;
  if (gsae_rng_permutation(t->cfg->seed, GSAE_STREAM_BATCH, epoch, ds->total, t->order) != 0)
    st = gsae_fail(GSAE_ERR_MEMORY, "out of memory for the batch order");
  GSAE_CALL(gsae_dist_agree(t->comm, st));
  for (size_t b = 0; b < t->nbatches; ++b) {
    size_t lo = b * B, hi = lo + B < ds->total ? lo + B : ds->total, rows = 0;
    for (size_t q = lo; q < hi; ++q) {
      size_t i = t->order[q];
      if (i >= first && i < last) memcpy(t->Yb + rows++ * n, ds->Y + (i - first) * n, n * sizeof *t->Yb);
    }
    model_stats ms;
    GSAE_CALL(gsae_dist_agree(t->comm, t->model->forward(t->model, t->W, t->Yb, rows, &ms)));
    GSAE_CALL(update(t, t->Yb, rows, 1.0 / (double)(hi - lo)));
  }
  return GSAE_OK;
}

static void progress(const trainer *t, size_t epoch, size_t start) {
  double *const *v = t->tb.v;
  double spent = MPI_Wtime() - t->progress0;
  double per = epoch > start ? spent / (double)(epoch - start) : 0.0;
  double eta = per * (double)((size_t)t->cfg->epochs - epoch);
  if (!t->ds->has_truth || t->model->eta) {
    printf("epoch %4zu/%lld  loss %.4e  active groups %.3f  entries %.2f", epoch, (long long)t->cfg->epochs,
           v[GSAE_TRACE_LOSS][epoch], v[GSAE_TRACE_ACTIVE_GROUPS][epoch], v[GSAE_TRACE_ACTIVE_ENTRIES][epoch]);
    if (t->ds->has_truth)
      printf("  dict_error %8.3f  support %6.2f%%", v[GSAE_TRACE_DICT_ERROR][epoch], 100.0 * v[GSAE_TRACE_SUPPORT_EXACT][epoch]);
    if (t->model->eta) printf("  eta %.4g", t->model->eta(t->model));
    printf("  %.3f s/epoch  ETA %dm%02ds\n", per, (int)(eta / 60), (int)fmod(eta, 60.0));
    fflush(stdout);
    return;
  }
  printf("epoch %4zu/%lld  loss %.4e  dict_error %8.3f  subspace %8.3f  support %6.2f%%  prec %6.2f%%  "
         "active %.2f  %.3f s/epoch  ETA %dm%02ds\n",
         epoch, (long long)t->cfg->epochs, v[GSAE_TRACE_LOSS][epoch], v[GSAE_TRACE_DICT_ERROR][epoch],
         v[GSAE_TRACE_SUBSPACE_ERROR][epoch], 100.0 * v[GSAE_TRACE_SUPPORT_EXACT][epoch],
         100.0 * v[GSAE_TRACE_GROUP_PRECISION][epoch], v[GSAE_TRACE_ACTIVE_GROUPS][epoch], per, (int)(eta / 60),
         (int)fmod(eta, 60.0));
  fflush(stdout);
}

/* Rank 0 writes the checkpoint; every rank learns whether it worked. */
static gsae_status checkpoint(trainer *t, size_t epoch) {
  t->meta.epoch = (int64_t)epoch;
  t->meta.seconds = elapsed(t);
  t->clock0 = MPI_Wtime();
  gsae_status st = GSAE_OK;
  if (t->rank == 0)
    st = checkpoint_write(t->ckpt, t->cfg, t->ds, t->model, &t->meta, t->W, t->W0, &t->adam, &t->tb);
  return gsae_dist_agree(t->comm, st);
}

static gsae_status setup_state(trainer *t, int resume, int *resumed) {
  const gsae_dataset *ds = t->ds;
  const gsae_train_config *cfg = t->cfg;
  int have = 0;
  if (t->rank == 0) have = resume && access(t->ckpt, F_OK) == 0;
  MPI_Bcast(&have, 1, MPI_INT, 0, t->comm);
  *resumed = have;
  if (have) {
    gsae_status st = checkpoint_read(t->ckpt, cfg, ds, t->model, &t->meta, t->W, t->W0, &t->adam, &t->tb);
    GSAE_CALL(gsae_dist_agree(t->comm, st));
    return params_changed(t); /* eta is a function of A: recomputed, not stored */
  }
  /* the initial dictionary is made as W0 = A0^T (m, n), then put in the model's layout (t->W as scratch) */
  if (cfg->init_mode == GSAE_INIT_DATA) {
    GSAE_CALL(gsae_dist_agree(t->comm, init_from_samples(t->comm, ds, ds->m, cfg->seed, t->W, &t->meta.init)));
  } else {
    if (!ds->has_truth)
      return gsae_fail(GSAE_ERR_DATA, "the data set has no /truth/A, which --init-corr / --init-delta perturb");
    GSAE_CALL(gsae_dist_agree(t->comm, gsae_init_dictionary(ds->A_true, ds->m, ds->n, ds->group_size,
                                                            cfg->init_mode,
                                                            cfg->init_mode == GSAE_INIT_CORR ? cfg->init_corr : cfg->init_delta,
                                                            cfg->seed, t->W,
                                                            &t->meta.init)));
  }
  train_model_from_W(t->model, t->W, t->W0);
  memcpy(t->W, t->W0, ds->m * ds->n * sizeof *t->W);
  GSAE_CALL(params_changed(t));
  t->meta.epoch = 0;
  t->meta.seconds = 0.0;
  gsae_now_utc(t->meta.started, sizeof t->meta.started);
  MPI_Bcast(t->meta.started, (int)sizeof t->meta.started, MPI_CHAR, 0, t->comm);
  return GSAE_OK;
}

/* The epochs themselves; on return t->tb holds every evaluated epoch. */
static gsae_status run_epochs(trainer *t, size_t start) {
  const gsae_train_config *cfg = t->cfg;
  const size_t E = (size_t)cfg->epochs;
  for (size_t e = start; e <= E; ++e) {
    GSAE_CALL(evaluate(t, e));
    gsae_status st = t->rank == 0 ? runfile_append(t->runfile, t->out, &t->tb, e) : GSAE_OK;
    GSAE_CALL(gsae_dist_agree(t->comm, st));
    if (t->rank == 0 && cfg->progress_every > 0 && (e % (size_t)cfg->progress_every == 0 || e == E))
      progress(t, e, start);
    if (e == E) break;
    t->epoch = e + 1;
    if (cfg->batch_size == 0) {
      GSAE_CALL(update(t, t->ds->Y, t->ds->rows, 1.0 / (double)t->ds->total));
    } else {
      GSAE_CALL(minibatch_epoch(t, e));
    }
    int mine = gsae_signals_take(), any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_BOR, t->comm);
    int periodic = cfg->checkpoint_every > 0 && (e + 1) % (size_t)cfg->checkpoint_every == 0;
    if (any || periodic) GSAE_CALL(checkpoint(t, e + 1));
    if (any) {
      int stop = gsae_signals_stop(), which = 0;
      MPI_Allreduce(&stop, &which, 1, MPI_INT, MPI_MAX, t->comm);
      const char *name = (any & GSAE_SIGNAL_STOP) ? gsae_signal_name(which) : "SIGUSR1";
      if (t->rank == 0) {
        printf("%s: checkpoint at epoch %zu written to %s\n", name, e + 1, t->ckpt);
        fflush(stdout);
      }
      if (any & GSAE_SIGNAL_STOP)
        return gsae_fail(GSAE_ERR_INTERRUPTED, "interrupted by %s after epoch %zu; checkpoint %s; rerun with --resume",
                         name, e + 1, t->ckpt);
    }
  }
  return GSAE_OK;
}

/* --center: the mean image of the global samples, summed per pixel on a fixed-point grid
 * (gsae_dist_fixed: integer sums, so the bits do not depend on the rank count), and Yc = Y - mean
 * (in double, rounded once) for this rank's rows. *mean (n,) and *Yc (rows, n) are allocated. */
static gsae_status center_data(MPI_Comm comm, const gsae_dataset *ds, double **mean, gsae_real **Yc) {
  const size_t n = ds->n, rows = ds->rows;
  gsae_status st = GSAE_OK;
  long long *acc = NULL;
  double *mu = NULL;
  gsae_real *Y = NULL;
  *mean = NULL;
  *Yc = NULL;
  double local_max = 0.0, bound = 0.0;
  for (size_t k = 0; k < rows * n; ++k) {
    double a = fabs((double)ds->Y[k]);
    if (!isfinite(a)) { /* NaN or Inf: an infinite bound, which the grid refuses */
      local_max = INFINITY;
      break;
    }
    if (a > local_max) local_max = a;
  }
  MPI_Allreduce(&local_max, &bound, 1, MPI_DOUBLE, MPI_MAX, comm);
  gsae_dist_fixed grid;
  const gsae_status gst = gsae_dist_fixed_grid(bound, (unsigned long long)ds->total, &grid);
  if (gst != GSAE_OK) gsae_error_prefix("--center: the data are not finite: ");
  GSAE_TRY(gsae_dist_agree(comm, gst));
  acc = gsae_calloc(2 * n + 1, sizeof *acc, "mean accumulators");
  mu = gsae_calloc(n + 1, sizeof *mu, "mean image");
  Y = gsae_calloc(rows * n + 1, sizeof *Y, "centred data");
  GSAE_TRY(gsae_dist_agree(comm, acc && mu && Y ? GSAE_OK : GSAE_ERR_MEMORY));
  for (size_t i = 0; i < rows; ++i)
    for (size_t k = 0; k < n; ++k) gsae_dist_fixed_add(&grid, (double)ds->Y[i * n + k], acc + 2 * k);
  GSAE_TRY(gsae_dist_agree(comm, gsae_dist_allreduce_i64(comm, acc, 2 * n)));
  const double N = ds->total ? (double)ds->total : 1.0;
  for (size_t k = 0; k < n; ++k) mu[k] = gsae_dist_fixed_value(&grid, acc + 2 * k) / N;
  for (size_t i = 0; i < rows; ++i)
    for (size_t k = 0; k < n; ++k) Y[i * n + k] = (gsae_real)((double)ds->Y[i * n + k] - mu[k]);
  *mean = mu;
  *Yc = Y;
  mu = NULL;
  Y = NULL;
cleanup:
  free(acc);
  free(mu);
  free(Y);
  return st;
}

static gsae_status allocate(trainer *t) {
  const gsae_dataset *ds = t->ds;
  const size_t mn = ds->m * ds->n;
  GSAE_ALLOC(t->W, mn, "dictionary");
  GSAE_ALLOC(t->W0, mn, "initial dictionary");
  GSAE_ALLOC(t->grad, mn, "gradient");
  GSAE_CALL(gsae_adam_init(&t->adam, mn, t->cfg->lr));
  GSAE_CALL(trace_init(&t->tb, (size_t)t->cfg->epochs + 1, ds->has_truth, t->cfg->encoder == GSAE_ENCODER_UNFOLDED));
  if (t->cfg->batch_size) {
    t->nbatches = (ds->total + t->cfg->batch_size - 1) / t->cfg->batch_size;
    GSAE_ALLOC(t->order, ds->total, "batch order");
    size_t most = t->cfg->batch_size < ds->rows ? t->cfg->batch_size : ds->rows;
    GSAE_ALLOC(t->Yb, (most ? most : 1) * ds->n, "mini-batch rows");
  }
  size_t max_rows = ds->rows; /* the per-epoch evaluation sees every local row at once */
  GSAE_CALL(train_model_create(&t->model, t->cfg, ds->n, ds->m, ds->group_size, max_rows));
  return GSAE_OK;
}

static void release(trainer *t) {
  train_model_destroy(t->model);
  free(t->Yb);
  free(t->W);
  free(t->W0);
  free(t->grad);
  free(t->order);
  gsae_adam_free(&t->adam);
  trace_free(&t->tb);
}

/* The groups of the dictionary: the data set's when it has a truth (--groups, if given, must agree),
 * --groups / --group-size otherwise. dsl and cfgl are shallow copies that carry them. */
static gsae_status effective_groups(const gsae_train_config *cfg, const gsae_dataset *ds, const char *data_path,
                                    gsae_train_config *cfgl, gsae_dataset *dsl) {
  *cfgl = *cfg;
  *dsl = *ds;
  if (!ds->has_truth && cfg->init_mode != GSAE_INIT_DATA)
    return gsae_fail(GSAE_ERR_DATA,
                     "%s: no ground-truth dictionary /truth/A to initialise from (an imported data set, e.g. from gsae "
                     "import-idx): use --init data --groups G --group-size d, or data from gsae generate",
                     data_path);
  if (ds->has_truth) {
    if (cfg->groups && (cfg->groups != ds->groups || cfg->group_size != ds->group_size))
      return gsae_fail(GSAE_ERR_ARG, "--groups %zu --group-size %zu disagree with the ground truth of %s (%zu groups "
                       "of %zu)", cfg->groups, cfg->group_size, data_path, ds->groups, ds->group_size);
  } else if (cfg->groups == 0) {
    return gsae_fail(GSAE_ERR_ARG, "%s has no ground truth to take the groups from: give --groups G --group-size d",
                     data_path);
  } else {
    dsl->groups = cfg->groups;
    dsl->group_size = cfg->group_size;
    dsl->m = cfg->groups * cfg->group_size;
  }
  if (dsl->m == 0 || dsl->group_size == 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: the data set defines no groups (attributes groups, group_size)", data_path);
  cfgl->groups = dsl->groups;
  cfgl->group_size = dsl->group_size;
  return GSAE_OK;
}

/* Collective: the buffers, the initial (or resumed) state, the run file on rank 0, the epochs.
 * The clock starts once the run file exists, also when another rank failed to get there: a run
 * file that rank 0 made is finished with the seconds since. */
static gsae_status train_run(trainer *t, int resume, const char *data_path, const char *command,
                             const gsae_run_labels *labels, int *resumed, size_t *start) {
  const gsae_train_config *cfg = t->cfg;
  const gsae_dataset *ds = t->ds;
  GSAE_CALL(gsae_dist_agree(t->comm, allocate(t)));
  GSAE_CALL(gsae_dist_agree(t->comm, setup_state(t, resume, resumed)));
  gsae_status cst = GSAE_OK;
  if (t->rank == 0)
    cst = runfile_create(t->out, cfg, ds, data_path, command, labels, t->size, &t->meta, train_model_W(t->model, t->W0),
                         &t->tb, &t->runfile);
  cst = gsae_dist_agree(t->comm, cst);
  t->clock0 = t->progress0 = MPI_Wtime();
  GSAE_CALL(cst);
  if (t->rank == 0 && cfg->progress_every > 0) {
    if (*resumed) printf("resuming %s from epoch %lld (%s)\n", t->out, (long long)t->meta.epoch, t->ckpt);
    else if (cfg->init_mode == GSAE_INIT_DATA)
      printf("initial dictionary: %zu training samples scaled by %.4g so that ||A||_2 = 1\n", ds->m, t->meta.init.sigma);
    else printf("initial dictionary: sigma_B = %.4g, mean correlation %.4f, max group distance delta %.4f\n",
                t->meta.init.sigma, t->meta.init.correlation, t->meta.init.delta);
    fflush(stdout);
  }
  *start = (size_t)t->meta.epoch;
  GSAE_CALL(run_epochs(t, *start));
  return GSAE_OK;
}

/* Rank 0: the run file's last write, its status from the run's st; a complete run's checkpoint is
 * removed. Returns st, or the failure of that write. */
static gsae_status finish_run(trainer *t, gsae_status st, const double *mean, double seconds) {
  gsae_run_status status = st == GSAE_OK                  ? GSAE_RUN_COMPLETE
                           : st == GSAE_ERR_INTERRUPTED ? GSAE_RUN_INTERRUPTED
                                                        : GSAE_RUN_FAILED;
  char reason[1024] = "";
  if (st != GSAE_OK) snprintf(reason, sizeof reason, "%s", gsae_error_message());
  gsae_status fst = runfile_finish(t->runfile, t->out, t->ds, st == GSAE_OK ? train_model_W(t->model, t->W) : NULL,
                                   t->model, mean, &t->tb, status, reason, seconds);
  if (st != GSAE_OK) return st;
  GSAE_CALL(fst);
  remove(t->ckpt);
  return GSAE_OK;
}

/* rank 0, --resume: a run file that cannot be read as one (a killed writer, a damaged disk) is moved
 * aside as OUT.corrupt with a warning; the run continues from its checkpoint, or from epoch 0. */
static gsae_status set_aside_damaged(const char *out) {
  if (access(out, F_OK) != 0) return GSAE_OK;
  gsae_outcome o;
  GSAE_CALL(gsae_outcome_read(out, NULL, &o));
  gsae_status st = o.status == GSAE_RUN_CORRUPT ? gsae_output_quarantine(out, o.reason, "gsae train") : GSAE_OK;
  gsae_outcome_free(&o);
  return st;
}

gsae_status gsae_train(MPI_Comm comm, const gsae_train_config *cfg_in, const gsae_dataset *ds_in,
                       const char *data_path, const char *out, int resume, const char *command,
                       const gsae_run_labels *labels, gsae_train_summary *summary) {
  GSAE_CALL(gsae_train_validate(cfg_in, GSAE_STYLE_KEY));
  gsae_train_config cfgl;
  gsae_dataset dsl;
  GSAE_CALL(effective_groups(cfg_in, ds_in, data_path, &cfgl, &dsl));
  const gsae_train_config *cfg = &cfgl;
  const gsae_dataset *ds = &dsl;
  if (cfg->batch_size > ds->total)
    return gsae_fail(GSAE_ERR_ARG, "--batch-size %zu exceeds the %zu samples of %s", cfg->batch_size, ds->total,
                     data_path);
  trainer t;
  memset(&t, 0, sizeof t);
  t.comm = comm;
  t.cfg = cfg;
  t.ds = ds;
  t.out = out;
  t.runfile = H5I_INVALID_HID;
  MPI_Comm_rank(comm, &t.rank);
  MPI_Comm_size(comm, &t.size);
  snprintf(t.ckpt, sizeof t.ckpt, "%s.ckpt", out);

  /* the data file's content id, which a resumed run must match (rank 0 reads the file once more) */
  gsae_dataset_probe probe;
  if (t.rank == 0 && access(data_path, R_OK) == 0 && gsae_dataset_probe_file(data_path, &probe) == GSAE_OK)
    snprintf(t.meta.data_content, sizeof t.meta.data_content, "%s", probe.content_id);
  gsae_error_clear();
  MPI_Bcast(t.meta.data_content, (int)sizeof t.meta.data_content, MPI_CHAR, 0, comm);

  /* a requeued job that already finished: nothing to redo */
  int complete = 0;
  gsae_train_summary done;
  memset(&done, 0, sizeof done);
  gsae_status cst = t.rank == 0 && resume ? set_aside_damaged(out) : GSAE_OK;
  if (cst == GSAE_OK && t.rank == 0 && resume && access(t.ckpt, F_OK) != 0)
    cst = runfile_completed(out, cfg, t.meta.data_content, &done, &complete);
  GSAE_CALL(gsae_dist_agree(comm, cst));
  MPI_Bcast(&complete, 1, MPI_INT, 0, comm);
  if (complete) {
    MPI_Bcast(&done, (int)sizeof done, MPI_BYTE, 0, comm);
    done.resumed_from = (int)done.epochs_done;
    if (t.rank == 0 && cfg->progress_every > 0) printf("%s is already complete; nothing to resume\n", out);
    if (summary) *summary = done;
    return GSAE_OK;
  }

  /* --center: train on a centred copy of the data (the caller's stays as it is) */
  double *mean = NULL;
  gsae_real *Yc = NULL;
  if (cfg->center) {
    GSAE_CALL(center_data(comm, ds, &mean, &Yc));
    dsl.Y = Yc;
  }
  t.meta.mean = mean;

  int resumed = 0;
  size_t start = 0;
  gsae_status st = train_run(&t, resume, data_path, command, labels, &resumed, &start);
  double seconds = elapsed(&t);
  if (t.rank == 0 && t.runfile >= 0) st = finish_run(&t, st, mean, seconds);
  GSAE_TRY(gsae_dist_agree(comm, st));
  if (summary) {
    const size_t E = (size_t)cfg->epochs;
    double *const *v = t.tb.v;
    summary->epochs_done = cfg->epochs;
    summary->loss = v[GSAE_TRACE_LOSS][E];
    summary->dict_error = v[GSAE_TRACE_DICT_ERROR][E];
    summary->subspace_error = v[GSAE_TRACE_SUBSPACE_ERROR][E];
    summary->group_distance = v[GSAE_TRACE_GROUP_DISTANCE][E];
    summary->support_exact = v[GSAE_TRACE_SUPPORT_EXACT][E];
    summary->precision = v[GSAE_TRACE_GROUP_PRECISION][E];
    summary->recall = v[GSAE_TRACE_GROUP_RECALL][E];
    summary->active_groups = v[GSAE_TRACE_ACTIVE_GROUPS][E];
    summary->active_entries = t.tb.on[GSAE_TRACE_ACTIVE_ENTRIES] ? v[GSAE_TRACE_ACTIVE_ENTRIES][E] : NAN;
    summary->eta = t.model->eta ? t.model->eta(t.model) : NAN;
    summary->seconds = seconds;
    summary->resumed_from = resumed ? (int)start : -1;
  }
cleanup:
  release(&t);
  free(mean);
  free(Yc);
  return st;
}
