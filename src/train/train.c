/* The data-parallel training loop; see include/gsae/train.h. */
#include "gsae/train.h"

#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/metrics.h"
#include "gsae/provenance.h"
#include "gsae/rng.h"

/* Pending signals as bits (lock-free atomics are async-signal-safe); taken with an exchange so a
 * signal arriving while the flags are read is never lost. */
enum { SIG_BIT_STOP = 1, SIG_BIT_CHECKPOINT = 2 };
static _Atomic int g_signals = 0;
static _Atomic int g_stop_signal = 0;

static void on_signal(int sig) {
  if (sig == SIGUSR1) {
    atomic_fetch_or(&g_signals, SIG_BIT_CHECKPOINT);
  } else {
    atomic_store(&g_stop_signal, sig);
    atomic_fetch_or(&g_signals, SIG_BIT_STOP);
  }
}

void gsae_train_install_signal_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
}

int gsae_train_stop_signal(void) { return atomic_load(&g_stop_signal); }

typedef struct {
  MPI_Comm comm;
  int rank, size;
  const gsae_train_config *cfg;
  const gsae_dataset *ds;
  const char *out;
  char ckpt[4096];
  gsae_ae *ae;
  gsae_real *W, *W0, *grad; /* (m, n) each */
  gsae_adam adam;
  trace_buffer tb;
  run_meta meta;
  hid_t runfile; /* rank 0 only */
  double clock0; /* MPI_Wtime when meta.seconds was last brought up to date */
  double progress0; /* MPI_Wtime when this process started its epochs (for s/epoch and ETA) */
  size_t epoch;  /* the epoch being trained (its updates make A_epoch) */
  size_t *order; /* mini-batch visiting order */
  size_t nbatches;
} trainer;

static double elapsed(const trainer *t) { return t->meta.seconds + (MPI_Wtime() - t->clock0); }

/* Forward pass over every local sample at the current W; records trace entry `epoch`. */
static gsae_status evaluate(trainer *t, size_t epoch) {
  const gsae_dataset *ds = t->ds;
  double local[1 + GSAE_SUPPORT_COUNTS] = {0}, global[1 + GSAE_SUPPORT_COUNTS];
  size_t nnz;
  gsae_status st = gsae_ae_forward(t->ae, t->W, ds->Y, ds->rows, &local[0], &nnz);
  if (st == GSAE_OK && ds->has_truth)
    gsae_support_count(gsae_ae_codes(t->ae), ds->rows, ds->m, ds->group_size, ds->support, ds->active, local + 1);
  GSAE_CALL(gsae_dist_agree(t->comm, st));
  MPI_Allreduce(local, global, 1 + GSAE_SUPPORT_COUNTS, MPI_DOUBLE, MPI_SUM, t->comm);
  double loss = global[0] / (2.0 * (double)ds->total);
  if (!isfinite(loss))
    return gsae_fail(GSAE_ERR_NUMERIC, "training diverged at epoch %zu: loss is %s (try a smaller --lr)", epoch,
                     isnan(loss) ? "NaN" : "Inf");
  double *c = global + 1;
  double **v = t->tb.v;
  v[TRACE_LOSS][epoch] = loss;
  v[TRACE_SUPPORT_EXACT][epoch] = ds->has_truth ? c[GSAE_SUPPORT_EXACT] / (double)ds->total : NAN;
  v[TRACE_GROUP_PRECISION][epoch] = c[GSAE_SUPPORT_EST] > 0 ? c[GSAE_SUPPORT_TP] / c[GSAE_SUPPORT_EST] : NAN;
  v[TRACE_GROUP_RECALL][epoch] = c[GSAE_SUPPORT_TRUE] > 0 ? c[GSAE_SUPPORT_TP] / c[GSAE_SUPPORT_TRUE] : NAN;
  v[TRACE_ACTIVE_GROUPS][epoch] = ds->has_truth ? c[GSAE_SUPPORT_EST] / (double)ds->total : NAN;
  v[TRACE_DICT_ERROR][epoch] = NAN;
  v[TRACE_SUBSPACE_ERROR][epoch] = NAN;
  v[TRACE_GROUP_DISTANCE][epoch] = NAN;
  if (t->rank == 0 && ds->has_truth) {
    v[TRACE_DICT_ERROR][epoch] = gsae_dict_error(t->W, ds->A_true, ds->m, ds->n);
    v[TRACE_SUBSPACE_ERROR][epoch] = gsae_subspace_error(t->W, ds->A_true, ds->m, ds->n, ds->group_size);
    v[TRACE_GROUP_DISTANCE][epoch] = gsae_max_group_distance(t->W, ds->A_true, ds->m, ds->n, ds->group_size);
  }
  v[TRACE_SECONDS][epoch] = elapsed(t);
  t->tb.len = epoch + 1;
  return GSAE_OK;
}

static void renormalize(gsae_real *W, size_t m, size_t n) {
  for (size_t j = 0; j < m; ++j) {
    double s = 0.0;
    for (size_t k = 0; k < n; ++k) s += (double)W[j * n + k] * (double)W[j * n + k];
    if (s > 0)
      for (size_t k = 0; k < n; ++k) W[j * n + k] = (gsae_real)((double)W[j * n + k] / sqrt(s));
  }
}

/* A NaN dictionary would silence the encoder (NaN norms never pass the threshold) and leave a
 * finite loss behind, so divergence is checked on the parameters themselves. */
static gsae_status check_finite(const trainer *t) {
  const size_t mn = t->ds->m * t->ds->n;
  for (size_t k = 0; k < mn; ++k)
    if (!isfinite((double)t->W[k]))
      return gsae_fail(GSAE_ERR_NUMERIC, "training diverged at epoch %zu (Adam step %lld): dictionary entry "
                       "A[%zu, %zu] is %s (try a smaller --lr)", t->epoch, (long long)t->adam.step, k % t->ds->n,
                       k / t->ds->n,
                       isnan((double)t->W[k]) ? "NaN" : "Inf");
  return GSAE_OK;
}

/* Gradient of the current forward pass, summed over ranks, then one Adam step. */
static gsae_status update(trainer *t, const gsae_real *Y, double inv_batch) {
  const size_t mn = t->ds->m * t->ds->n;
  memset(t->grad, 0, mn * sizeof *t->grad);
  gsae_ae_backward(t->ae, t->W, Y, t->grad, (gsae_real)inv_batch);
  GSAE_CALL(gsae_dist_allreduce_sum(t->comm, t->grad, mn));
  gsae_adam_step(&t->adam, t->W, t->grad);
  if (t->cfg->renormalize) renormalize(t->W, t->ds->m, t->ds->n);
  return gsae_dist_agree(t->comm, check_finite(t));
}

/* One epoch of mini-batches: global rows [b B, (b+1) B) in a seeded random order. */
static gsae_status minibatch_epoch(trainer *t, size_t epoch) {
  const gsae_dataset *ds = t->ds;
  const size_t B = t->cfg->batch_size;
  gsae_status st = GSAE_OK;
  if (gsae_rng_permutation(t->cfg->seed, GSAE_STREAM_BATCH, epoch, t->nbatches, t->order) != 0)
    st = gsae_fail(GSAE_ERR_MEMORY, "out of memory for the batch order");
  GSAE_CALL(gsae_dist_agree(t->comm, st));
  for (size_t q = 0; q < t->nbatches; ++q) {
    size_t b = t->order[q], lo = b * B, hi = lo + B < ds->total ? lo + B : ds->total;
    size_t mlo = lo > ds->first ? lo : ds->first, mhi = hi < ds->first + ds->rows ? hi : ds->first + ds->rows;
    size_t rows = mhi > mlo ? mhi - mlo : 0;
    const gsae_real *Y = ds->Y + (rows ? (mlo - ds->first) * ds->n : 0);
    double sq;
    size_t nnz;
    GSAE_CALL(gsae_dist_agree(t->comm, gsae_ae_forward(t->ae, t->W, Y, rows, &sq, &nnz)));
    GSAE_CALL(update(t, Y, 1.0 / (double)(hi - lo)));
  }
  return GSAE_OK;
}

static void progress(const trainer *t, size_t epoch, size_t start) {
  double *const *v = t->tb.v;
  double spent = MPI_Wtime() - t->progress0;
  double per = epoch > start ? spent / (double)(epoch - start) : 0.0;
  double eta = per * (double)((size_t)t->cfg->epochs - epoch);
  printf("epoch %4zu/%lld  loss %.4e  dict_error %8.3f  subspace %8.3f  support %6.2f%%  prec %6.2f%%  "
         "active %.2f  %.3f s/epoch  ETA %dm%02ds\n",
         epoch, (long long)t->cfg->epochs, v[TRACE_LOSS][epoch], v[TRACE_DICT_ERROR][epoch],
         v[TRACE_SUBSPACE_ERROR][epoch], 100.0 * v[TRACE_SUPPORT_EXACT][epoch],
         100.0 * v[TRACE_GROUP_PRECISION][epoch], v[TRACE_ACTIVE_GROUPS][epoch], per, (int)(eta / 60),
         (int)fmod(eta, 60.0));
  fflush(stdout);
}

/* Rank 0 writes the checkpoint; every rank learns whether it worked. */
static gsae_status checkpoint(trainer *t, size_t epoch) {
  t->meta.epoch = (int64_t)epoch;
  t->meta.seconds = elapsed(t);
  t->clock0 = MPI_Wtime();
  gsae_status st = GSAE_OK;
  if (t->rank == 0) st = checkpoint_write(t->ckpt, t->cfg, t->ds, &t->meta, t->W, t->W0, &t->adam, &t->tb);
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
    gsae_status st = checkpoint_read(t->ckpt, cfg, ds, &t->meta, t->W, t->W0, &t->adam, &t->tb);
    return gsae_dist_agree(t->comm, st);
  }
  if (!ds->has_truth)
    return gsae_fail(GSAE_ERR_DATA, "the data set has no /truth/A, which --init-corr / --init-delta perturb");
  GSAE_CALL(gsae_dist_agree(t->comm, gsae_init_dictionary(ds->A_true, ds->m, ds->n, ds->group_size, cfg->init_mode,
                                                          cfg->init_value, cfg->seed, t->W0, &t->meta.init)));
  memcpy(t->W, t->W0, ds->m * ds->n * sizeof *t->W);
  t->meta.epoch = 0;
  t->meta.seconds = 0.0;
  gsae_now_utc(t->meta.started, sizeof t->meta.started);
  MPI_Bcast(t->meta.started, (int)sizeof t->meta.started, MPI_CHAR, 0, t->comm);
  return GSAE_OK;
}

static const char *signal_name(int sig) {
  return sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : sig == SIGUSR1 ? "SIGUSR1" : "a signal";
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
      GSAE_CALL(update(t, t->ds->Y, 1.0 / (double)t->ds->total));
    } else {
      GSAE_CALL(minibatch_epoch(t, e));
    }
    int mine = atomic_exchange(&g_signals, 0), any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_BOR, t->comm);
    int periodic = cfg->checkpoint_every > 0 && (e + 1) % (size_t)cfg->checkpoint_every == 0;
    if (any || periodic) GSAE_CALL(checkpoint(t, e + 1));
    if (any) {
      int stop = atomic_load(&g_stop_signal), which = 0;
      MPI_Allreduce(&stop, &which, 1, MPI_INT, MPI_MAX, t->comm);
      const char *name = (any & SIG_BIT_STOP) ? signal_name(which) : "SIGUSR1";
      if (t->rank == 0) {
        printf("%s: checkpoint at epoch %zu written to %s\n", name, e + 1, t->ckpt);
        fflush(stdout);
      }
      if (any & SIG_BIT_STOP)
        return gsae_fail(GSAE_ERR_INTERRUPTED, "interrupted by %s after epoch %zu; checkpoint %s; rerun with --resume",
                         name, e + 1, t->ckpt);
    }
  }
  return GSAE_OK;
}

static gsae_status allocate(trainer *t) {
  const gsae_dataset *ds = t->ds;
  const size_t mn = ds->m * ds->n;
  GSAE_ALLOC(t->W, mn, "dictionary");
  GSAE_ALLOC(t->W0, mn, "initial dictionary");
  GSAE_ALLOC(t->grad, mn, "gradient");
  GSAE_CALL(gsae_adam_init(&t->adam, mn, t->cfg->lr));
  GSAE_CALL(trace_init(&t->tb, (size_t)t->cfg->epochs + 1));
  if (t->cfg->batch_size) {
    t->nbatches = (ds->total + t->cfg->batch_size - 1) / t->cfg->batch_size;
    GSAE_ALLOC(t->order, t->nbatches, "batch order");
  }
  size_t max_rows = ds->rows;
  GSAE_CALL(gsae_ae_create(&t->ae, t->cfg->model, t->cfg->lambda, ds->n, ds->m, ds->group_size, max_rows,
                           t->cfg->path));
  return GSAE_OK;
}

static void release(trainer *t) {
  gsae_ae_destroy(t->ae);
  free(t->W);
  free(t->W0);
  free(t->grad);
  free(t->order);
  gsae_adam_free(&t->adam);
  trace_free(&t->tb);
}

gsae_status gsae_train(MPI_Comm comm, const gsae_train_config *cfg, const gsae_dataset *ds, const char *data_path,
                       const char *out, int resume, const char *command, const gsae_run_labels *labels,
                       gsae_train_summary *summary) {
  GSAE_CALL(gsae_train_validate(cfg));
  if (!ds->has_truth && ds->m == 0)
    return gsae_fail(GSAE_ERR_DATA,
                     "%s: no ground-truth dictionary /truth/A to initialise from and no groups defined (an imported "
                     "data set, e.g. from gsae import-idx; gsae train needs one from gsae generate)",
                     data_path);
  if (ds->m == 0 || ds->group_size == 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: the data set defines no groups (attributes groups, group_size)", data_path);
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

  /* a requeued job that already finished: nothing to redo */
  int complete = 0;
  gsae_train_summary done;
  memset(&done, 0, sizeof done);
  gsae_status cst = GSAE_OK;
  if (t.rank == 0 && resume && access(t.ckpt, F_OK) != 0) cst = runfile_completed(out, cfg, &done, &complete);
  GSAE_CALL(gsae_dist_agree(comm, cst));
  MPI_Bcast(&complete, 1, MPI_INT, 0, comm);
  if (complete) {
    MPI_Bcast(&done, (int)sizeof done, MPI_BYTE, 0, comm);
    done.resumed_from = (int)done.epochs_done;
    if (t.rank == 0 && cfg->progress_every > 0) printf("%s is already complete; nothing to resume\n", out);
    if (summary) *summary = done;
    return GSAE_OK;
  }

  int resumed = 0;
  gsae_status st = gsae_dist_agree(comm, allocate(&t));
  if (st == GSAE_OK) st = gsae_dist_agree(comm, setup_state(&t, resume, &resumed));
  if (st == GSAE_OK) {
    gsae_status cst = GSAE_OK;
    if (t.rank == 0) cst = runfile_create(out, cfg, ds, data_path, command, labels, t.size, &t.meta, t.W0, &t.tb,
                                          &t.runfile);
    st = gsae_dist_agree(comm, cst);
  }
  if (st == GSAE_OK && t.rank == 0 && cfg->progress_every > 0) {
    if (resumed) printf("resuming %s from epoch %lld (%s)\n", out, (long long)t.meta.epoch, t.ckpt);
    else printf("initial dictionary: sigma_B = %.4g, mean correlation %.4f, max group distance delta %.4f\n",
                t.meta.init.sigma, t.meta.init.correlation, t.meta.init.delta);
    fflush(stdout);
  }
  size_t start = (size_t)t.meta.epoch;
  t.clock0 = t.progress0 = MPI_Wtime();
  if (st == GSAE_OK) st = run_epochs(&t, start);

  double seconds = elapsed(&t);
  if (t.rank == 0 && t.runfile >= 0) {
    const char *status = st == GSAE_OK ? "complete" : st == GSAE_ERR_INTERRUPTED ? "interrupted" : "failed";
    char reason[1024] = "";
    if (st != GSAE_OK) snprintf(reason, sizeof reason, "%s", gsae_error_message());
    gsae_status fst = runfile_finish(t.runfile, out, ds, st == GSAE_OK ? t.W : NULL, &t.tb, status, reason, seconds);
    if (st == GSAE_OK) st = fst;
    if (st == GSAE_OK) remove(t.ckpt);
  }
  st = gsae_dist_agree(comm, st);
  if (st == GSAE_OK && summary) {
    const size_t E = (size_t)cfg->epochs;
    double *const *v = t.tb.v;
    summary->epochs_done = cfg->epochs;
    summary->loss = v[TRACE_LOSS][E];
    summary->dict_error = v[TRACE_DICT_ERROR][E];
    summary->subspace_error = v[TRACE_SUBSPACE_ERROR][E];
    summary->group_distance = v[TRACE_GROUP_DISTANCE][E];
    summary->support_exact = v[TRACE_SUPPORT_EXACT][E];
    summary->precision = v[TRACE_GROUP_PRECISION][E];
    summary->recall = v[TRACE_GROUP_RECALL][E];
    summary->active_groups = v[TRACE_ACTIVE_GROUPS][E];
    summary->seconds = seconds;
    summary->resumed_from = resumed ? (int)start : -1;
  }
  release(&t);
  return st;
}
