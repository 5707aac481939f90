/* gsae sweep: run the points of a spec over MPI teams, skipping finished work.
 *
 *   1. rank 0: folders, manifest (sweep.h5), the state of every selected point's files
 *   2. farm:   the data sets the unfinished points need, each generated once by one team
 *   3. farm:   the unfinished points, each trained data-parallel by one team (resuming checkpoints)
 *
 * Complete points are skipped; failed ones too unless retry_failed. A point that fails (diverges,
 * or its data cannot be read) is recorded as failed in its file and the sweep goes on. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "farm.h"
#include "gsae/dist.h"
#include "gsae/lease.h"
#include "gsae/manifest.h"
#include "gsae/outcome.h"
#include "gsae/output.h"
#include "gsae/schema.h"
#include "gsae/signals.h"
#include "gsae/sweep.h"
#include "pointfile.h"

#define PATH_CAP 4096

typedef struct {
  const gsae_spec *spec;
  const gsae_sweep_options *opt;
  char dir[PATH_CAP];
  size_t *tasks;        /* point indices of this phase's tasks */
  gsae_dataset ds;      /* the team's last data set, kept while consecutive points share it */
  char ds_id[17];
  gsae_dataset test;    /* the evaluation's held-out set, read by a team at its first evaluation */
  int test_read;
} sweep_ctx;

/* snprintf that refuses to truncate a path. */
static gsae_status path_fmt(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static gsae_status path_fmt(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= cap) return gsae_fail(GSAE_ERR_ARG, "path too long (over %zu bytes): %.80s...", cap, buf);
  return GSAE_OK;
}

/* c->dir is at most PATH_CAP / 2 (checked at the start), so these always fit. */
static void data_path(const sweep_ctx *c, const char *data_id, char *buf, size_t cap) {
  path_fmt(buf, cap, "%s/data/%s.h5", c->dir, data_id);
}

static void point_path(const sweep_ctx *c, const char *id, char *buf, size_t cap) {
  path_fmt(buf, cap, "%s/points/%s.h5", c->dir, id);
}

/* "snr_db=5 seed=2": the values of the axes, for progress lines. */
static void axes_text(const gsae_spec *s, const gsae_point *pt, char *buf, size_t cap) {
  size_t axes[GSAE_PARAM_MAX];
  size_t n = gsae_spec_axes(s, axes, GSAE_PARAM_MAX), len = 0;
  buf[0] = '\0';
  for (size_t a = 0; a < n && a < GSAE_PARAM_MAX && len < cap; ++a) {
    char v[64];
    gsae_spec_axis_value(pt, axes[a], v, sizeof v);
    len += (size_t)snprintf(buf + len, cap - len, "%s%s=%s%s", a ? " " : " [", gsae_spec_axis_name(axes[a]), v,
                            a + 1 == n ? "]" : "");
  }
}

static gsae_status make_dir(const char *path) {
  if (mkdir(path, 0775) != 0 && errno != EEXIST)
    return gsae_fail(GSAE_ERR_IO, "%s: cannot create the folder (%s)", path, strerror(errno));
  struct stat sb;
  if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) return gsae_fail(GSAE_ERR_IO, "%s: exists and is not a folder", path);
  return GSAE_OK;
}

/* mkdir -p of the results base, then <dir>, <dir>/data, <dir>/points. */
static gsae_status make_dirs(const char *base, const char *dir) {
  char buf[PATH_CAP];
  GSAE_CALL(path_fmt(buf, sizeof buf, "%s", base));
  for (char *q = buf + 1; *q; ++q)
    if (*q == '/') {
      *q = '\0';
      GSAE_CALL(make_dir(buf));
      *q = '/';
    }
  GSAE_CALL(make_dir(buf));
  GSAE_CALL(make_dir(dir));
  GSAE_CALL(path_fmt(buf, sizeof buf, "%s/data", dir));
  GSAE_CALL(make_dir(buf));
  GSAE_CALL(path_fmt(buf, sizeof buf, "%s/points", dir));
  GSAE_CALL(make_dir(buf));
  return GSAE_OK;
}

/* ---- phase 2: data sets ---- */

static gsae_status generate_into(MPI_Comm team, const gsae_gen_params *g, const char *path, const char *command) {
  gsae_dataset ds = {0};
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_generate(team, g, &ds));
  GSAE_TRY(gsae_dataset_write(team, path, &ds, command));
cleanup:
  gsae_dataset_free(&ds);
  return st;
}

static farm_outcome generate_task(MPI_Comm team, size_t task, void *vctx, char *note, size_t cap) {
  sweep_ctx *c = vctx;
  gsae_point pt;
  gsae_spec_point(c->spec, c->tasks[task], &pt); /* validated when the spec was loaded */
  char path[PATH_CAP];
  data_path(c, pt.data_id, path, sizeof path);
  gsae_gen_params g = gsae_point_gen_params(&pt);
  if (generate_into(team, &g, path, c->opt->command) != GSAE_OK) {
    snprintf(note, cap, "data set %s failed: %s", pt.data_id, gsae_error_message());
    return FARM_FAILED;
  }
  snprintf(note, cap, "data set %s (N=%zu, n=%zu, snr %g dB, seed %llu)", pt.data_id, g.samples, g.n, g.snr_db,
           (unsigned long long)g.seed);
  return FARM_COMPLETE;
}

/* ---- phase 3: points ---- */

static gsae_status load_data(MPI_Comm team, sweep_ctx *c, const gsae_point *pt, const char *path) {
  if (strcmp(c->ds_id, pt->data_id) == 0) return GSAE_OK;
  gsae_dataset_free(&c->ds);
  memset(&c->ds, 0, sizeof c->ds);
  c->ds_id[0] = '\0';
  GSAE_CALL(gsae_dataset_read(team, path, &c->ds));
  snprintf(c->ds_id, sizeof c->ds_id, "%s", pt->data_id);
  return GSAE_OK;
}

/* Collective over team: the point trained (or found trained), then evaluated unless its file
 * holds this evaluation; *evaluating says that a failure came from the evaluation. */
static gsae_status train_point(MPI_Comm team, sweep_ctx *c, const gsae_point *pt, const char *dpath, const char *ppath,
                               const gsae_run_labels *labels, const gsae_train_config *cfg, gsae_train_summary *sum,
                               int *evaluating) {
  *evaluating = 0;
  GSAE_CALL(load_data(team, c, pt, dpath));
  GSAE_CALL(gsae_train(team, cfg, &c->ds, dpath, ppath, 1, c->opt->command, labels, sum));
  const gsae_evaluation *eval = gsae_spec_evaluation(c->spec);
  if (!eval) return GSAE_OK;
  *evaluating = 1; /* training complete (now or before): the evaluation, unless it is there */
  int rank;
  MPI_Comm_rank(team, &rank);
  int done = rank == 0 && gsae_evaluation_done(ppath, gsae_spec_evaluation_text(c->spec));
  MPI_Bcast(&done, 1, MPI_INT, 0, team);
  if (done) return GSAE_OK;
  if (!c->test_read) {
    GSAE_CALL(gsae_dataset_read(team, eval->data, &c->test));
    c->test_read = 1;
  }
  gsae_evaluation ev = *eval;
  if (ev.seed_is_train_seed) ev.cluster.seed = cfg->seed;
  return gsae_evaluate_run(team, ppath, &c->test, &ev, gsae_spec_evaluation_text(c->spec));
}

/* A point that did not finish (status st, the message pending): interrupted, or failed and so
 * marked in its file (training marks its own failures; anything before it, data or checkpoint, is
 * marked here). */
static farm_outcome point_failed(MPI_Comm team, const gsae_point *pt, const char *ppath, const gsae_run_labels *labels,
                                 const char *axes, gsae_status st, char *note, size_t cap) {
  char reason[1024];
  snprintf(reason, sizeof reason, "%s", gsae_error_message());
  if (st == GSAE_ERR_INTERRUPTED) {
    snprintf(note, cap, "point %zu%s interrupted: %s", pt->index, axes, reason);
    return FARM_INTERRUPTED;
  }
  int rank;
  MPI_Comm_rank(team, &rank);
  if (rank == 0) {
    gsae_outcome o;
    if (gsae_outcome_read(ppath, pt->id, &o) == GSAE_OK && o.status != GSAE_RUN_FAILED &&
        pointfile_mark_failed(ppath, labels, reason) != GSAE_OK)
      fprintf(stderr, "gsae sweep: warning: %s\n", gsae_error_message());
    gsae_outcome_free(&o);
  }
  snprintf(note, cap, "point %zu%s FAILED: %s", pt->index, axes, reason);
  return FARM_FAILED;
}

static farm_outcome leased_task(MPI_Comm team, sweep_ctx *c, const gsae_point *ptp, char *note, size_t cap) {
  gsae_point pt = *ptp;
  char dpath[PATH_CAP], ppath[PATH_CAP], canon[4096], axes[512];
  if (pt.data[0]) snprintf(dpath, sizeof dpath, "%s", pt.data);
  else data_path(c, pt.data_id, dpath, sizeof dpath);
  point_path(c, pt.id, ppath, sizeof ppath);
  gsae_point_canonical(&pt, canon, sizeof canon);
  axes_text(c->spec, &pt, axes, sizeof axes);
  gsae_run_labels labels = {gsae_spec_name(c->spec), pt.id, (int64_t)pt.index, canon};
  gsae_train_config cfg = gsae_point_train_config(&pt);
  cfg.progress_every = c->opt->progress_every;

  gsae_train_summary sum;
  int evaluating;
  gsae_status st = train_point(team, c, &pt, dpath, ppath, &labels, &cfg, &sum, &evaluating);
  if (st != GSAE_OK && evaluating) { /* the training stays complete: a rerun evaluates again */
    snprintf(note, cap, "point %zu%s FAILED in its evaluation: %s", pt.index, axes, gsae_error_message());
    return FARM_FAILED;
  }
  if (st != GSAE_OK) return point_failed(team, &pt, ppath, &labels, axes, st, note, cap);
  if (isnan(sum.dict_error)) /* data without a ground truth */
    snprintf(note, cap, "point %zu%s complete: loss %.4g, active groups %.3f, %.1f s", pt.index, axes, sum.loss,
             sum.active_groups, sum.seconds);
  else
    snprintf(note, cap, "point %zu%s complete: dict_error %.4g, support %.2f%%, %.1f s", pt.index, axes,
             sum.dict_error, 100 * sum.support_exact, sum.seconds);
  return FARM_COMPLETE;
}

/* The outcome holds the spec's evaluation (or the spec has none). */
static int holds_evaluation(const sweep_ctx *c, const gsae_outcome *o) {
  return !gsae_spec_evaluation(c->spec) || strcmp(o->evaluation, gsae_spec_evaluation_text(c->spec)) == 0;
}

/* rank 0: the point's file is complete, with the spec's evaluation when it has one. */
static int point_done(const sweep_ctx *c, const gsae_point *pt, const char *ppath) {
  gsae_outcome o;
  if (gsae_outcome_read(ppath, pt->id, &o) != GSAE_OK) {
    gsae_error_clear();
    return 0;
  }
  int done = o.status == GSAE_RUN_COMPLETE && holds_evaluation(c, &o);
  gsae_outcome_free(&o);
  return done;
}

/* A point under its lease: a point another job is training (resubmitted SLURM arrays, the same
 * spec run twice) is left to it and reported as running elsewhere. */
static farm_outcome train_task(MPI_Comm team, size_t task, void *vctx, char *note, size_t cap) {
  sweep_ctx *c = vctx;
  gsae_point pt;
  gsae_spec_point(c->spec, c->tasks[task], &pt);
  int rank;
  MPI_Comm_rank(team, &rank);
  char ppath[PATH_CAP], axes[512], holder[512] = "";
  point_path(c, pt.id, ppath, sizeof ppath);
  gsae_lease lease;
  memset(&lease, 0, sizeof lease);
  int taken = 1; /* -1: the lease could not be created */
  if (rank == 0 && gsae_lease_take(ppath, "gsae sweep", &lease, &taken, holder, sizeof holder) != GSAE_OK) {
    snprintf(holder, sizeof holder, "%s", gsae_error_message());
    taken = -1;
  }
  MPI_Bcast(&taken, 1, MPI_INT, 0, team);
  axes_text(c->spec, &pt, axes, sizeof axes);
  if (taken <= 0) {
    snprintf(note, cap, taken < 0 ? "point %zu%s FAILED: %s" : "point %zu%s running elsewhere (%s)", pt.index, axes,
             holder);
    return taken < 0 ? FARM_FAILED : FARM_ELSEWHERE;
  }
  /* a job that held the lease before may have finished the point since the plan was made */
  int done = rank == 0 && point_done(c, &pt, ppath);
  MPI_Bcast(&done, 1, MPI_INT, 0, team);
  farm_outcome out = FARM_DONE_ELSEWHERE;
  if (done) snprintf(note, cap, "point %zu%s complete (by another job meanwhile)", pt.index, axes);
  else out = leased_task(team, c, &pt, note, cap);
  if (rank == 0) gsae_lease_release(&lease);
  return out;
}

/* ---- phase 1: what is left to do (rank 0) ---- */

static gsae_status plan(sweep_ctx *c, size_t first, size_t last, size_t **todo, size_t *ntodo, size_t **gen,
                        size_t *ngen, gsae_sweep_report *r) {
  size_t n = last - first + 1;
  GSAE_ALLOC(*todo, n, "list of points to run");
  GSAE_ALLOC(*gen, n, "list of data sets to generate");
  gsae_status st = GSAE_OK;
  char(*seen)[17] = NULL;
  GSAE_TRY_ALLOC(seen, n, "data ids");
  size_t nseen = 0;
  *ntodo = *ngen = 0;
  for (size_t i = first; i <= last; ++i) {
    gsae_point pt;
    GSAE_TRY(gsae_spec_point(c->spec, i, &pt));
    char path[PATH_CAP], reason[1024], ckpt[PATH_CAP + 8];
    point_path(c, pt.id, path, sizeof path);
    gsae_outcome o;
    GSAE_TRY(gsae_outcome_read(path, pt.id, &o));
    gsae_run_status state = o.status;
    int evaluated = holds_evaluation(c, &o);
    char lease[PATH_CAP + 8]; /* a file under another job's lease is being written: its holder decides */
    snprintf(lease, sizeof lease, "%s.lease", path);
    const int leased = access(lease, F_OK) == 0;
    gsae_status quarantined =
        state == GSAE_RUN_CORRUPT && !leased ? gsae_output_quarantine(path, o.reason, "gsae sweep") : GSAE_OK;
    gsae_outcome_free(&o);
    GSAE_TRY(quarantined);
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", path);
    if (!leased && pointfile_check(ckpt, GSAE_FORMAT_CHECKPOINT, reason, sizeof reason) < 0)
      GSAE_TRY(gsae_output_quarantine(ckpt, reason, "gsae sweep"));
    if (state == GSAE_RUN_COMPLETE && evaluated) {
      r->skipped_complete++;
      continue;
    }
    if (state == GSAE_RUN_COMPLETE) { /* trained, not (or otherwise) evaluated: the evaluation alone */
      r->evaluate_only++;
      (*todo)[(*ntodo)++] = i;
      continue;
    }
    if (state == GSAE_RUN_FAILED && !c->opt->retry_failed) {
      r->skipped_failed++;
      continue;
    }
    (*todo)[(*ntodo)++] = i;
    if (pt.data[0]) continue; /* a data: file is the user's: read, never generated or moved aside */
    /* its data set: generate once, unless a readable one is there */
    size_t k = 0;
    while (k < nseen && strcmp(seen[k], pt.data_id) != 0) ++k;
    if (k < nseen) continue;
    snprintf(seen[nseen++], 17, "%s", pt.data_id);
    data_path(c, pt.data_id, path, sizeof path);
    int ok = pointfile_check(path, GSAE_FORMAT_DATASET, reason, sizeof reason);
    if (ok < 0) GSAE_TRY(gsae_output_quarantine(path, reason, "gsae sweep"));
    if (ok <= 0) (*gen)[(*ngen)++] = i;
  }
cleanup:
  free(seen);
  return st;
}

static gsae_status write_manifest(const sweep_ctx *c) {
  size_t n = gsae_spec_count(c->spec);
  gsae_status st = GSAE_OK;
  gsae_point *pts = NULL;
  char path[PATH_CAP];
  GSAE_TRY_ALLOC(pts, n, "manifest points");
  for (size_t i = 0; i < n; ++i) GSAE_TRY(gsae_spec_point(c->spec, i, &pts[i]));
  GSAE_TRY(path_fmt(path, sizeof path, "%s/sweep.h5", c->dir));
  GSAE_TRY(gsae_manifest_write(path, gsae_spec_name(c->spec), gsae_spec_text(c->spec), pts, n));
cleanup:
  free(pts);
  return st;
}

/* Rank 0, before any work: the folders, the manifest, the plan. */
static gsae_status prepare(sweep_ctx *c, const char *base, size_t first, size_t last, size_t **todo, size_t *ntodo,
                           size_t **gen, size_t *ngen, gsae_sweep_report *r) {
  GSAE_CALL(make_dirs(base, c->dir));
  GSAE_CALL(write_manifest(c));
  return plan(c, first, last, todo, ntodo, gen, ngen, r);
}

/* Collective: whether any rank got a stop request (SIGTERM, SIGINT). */
static int stop_requested(MPI_Comm world) {
  int stop = gsae_signals_stop() != 0, any = 0;
  MPI_Allreduce(&stop, &any, 1, MPI_INT, MPI_LOR, world);
  return any;
}

/* Broadcast a list of indices from rank 0. */
static gsae_status bcast_list(MPI_Comm comm, size_t **list, size_t *n) {
  unsigned long long count = *n;
  MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
  int rank;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) {
    *n = (size_t)count;
    *list = calloc(count ? count : 1, sizeof **list);
  }
  int ok = *list != NULL, all = 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, comm);
  if (!all) return gsae_fail(GSAE_ERR_MEMORY, "out of memory for the list of %llu tasks", count);
  for (size_t off = 0; off < count; off += 1u << 26) {
    size_t chunk = count - off < (1u << 26) ? count - off : (1u << 26);
    MPI_Bcast(*list + off, (int)chunk, MPI_UNSIGNED_LONG_LONG, 0, comm);
  }
  return GSAE_OK;
}

gsae_status gsae_sweep_run(MPI_Comm world, const gsae_spec *spec, const gsae_sweep_options *opt,
                           gsae_sweep_report *report) {
  int rank, size;
  MPI_Comm_rank(world, &rank);
  MPI_Comm_size(world, &size);
  memset(report, 0, sizeof *report);
  const int R = opt->ranks_per_point;
  if (R < 1 || size % R != 0)
    return gsae_fail(GSAE_ERR_ARG, "--ranks-per-point %d must divide the %d MPI ranks (teams of equal size)", R, size);
  size_t count = gsae_spec_count(spec);
  size_t first = opt->first, last = opt->last == (size_t)-1 ? count - 1 : opt->last;
  if (first > last || last >= count)
    return gsae_fail(GSAE_ERR_ARG, "--point %zu-%zu is outside the %zu points of %s (0 .. %zu)", first, last, count,
                     gsae_spec_name(spec), count - 1);

  sweep_ctx c;
  memset(&c, 0, sizeof c);
  c.spec = spec;
  c.opt = opt;
  const char *base = opt->results ? opt->results : gsae_spec_results(spec);
  if (strlen(base) + strlen(gsae_spec_name(spec)) + 2 > PATH_CAP / 2)
    return gsae_fail(GSAE_ERR_ARG, "results folder %s/%s: path too long", base, gsae_spec_name(spec));
  path_fmt(c.dir, sizeof c.dir, "%s/%s", base, gsae_spec_name(spec));

  size_t *todo = NULL, *gen = NULL, ntodo = 0, ngen = 0;
  MPI_Comm team = MPI_COMM_NULL;
  farm_counts data_counts = {0}, point_counts = {0};
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dist_agree(world, rank == 0 ? prepare(&c, base, first, last, &todo, &ntodo, &gen, &ngen, report)
                                            : GSAE_OK));
  GSAE_TRY(bcast_list(world, &todo, &ntodo));
  GSAE_TRY(bcast_list(world, &gen, &ngen));
  unsigned long long skipped[3] = {report->skipped_complete, report->skipped_failed, report->evaluate_only};
  MPI_Bcast(skipped, 3, MPI_UNSIGNED_LONG_LONG, 0, world);
  report->skipped_complete = (size_t)skipped[0];
  report->skipped_failed = (size_t)skipped[1];
  report->evaluate_only = (size_t)skipped[2];
  report->selected = last - first + 1;
  if (rank == 0) {
    char evaluate[64] = "";
    if (report->evaluate_only) snprintf(evaluate, sizeof evaluate, ", %zu of them to evaluate only", report->evaluate_only);
    printf("[%s] %zu points selected: %zu complete, %zu failed%s, %zu to run (%zu data sets to generate%s); "
           "%d team%s of %d rank%s -> %s\n",
           gsae_spec_name(spec), report->selected, report->skipped_complete, report->skipped_failed,
           report->skipped_failed && !opt->retry_failed ? " (skipped; --retry-failed reruns them)" : "", ntodo, ngen,
           evaluate, size / R, size / R == 1 ? "" : "s", R, R == 1 ? "" : "s", c.dir);
    fflush(stdout);
  }

  MPI_Comm_split(world, rank / R, rank, &team);
  c.tasks = gen;
  GSAE_TRY(farm_run(world, team, ngen, generate_task, &c, gsae_spec_name(spec), "data sets", &data_counts));
  if (!stop_requested(world)) {
    c.tasks = todo;
    GSAE_TRY(farm_run(world, team, ntodo, train_task, &c, gsae_spec_name(spec), "points", &point_counts));
  }
  report->complete = point_counts.complete;
  report->failed = point_counts.failed;
  report->interrupted = point_counts.interrupted;
  report->elsewhere = point_counts.elsewhere;
  report->skipped_complete += point_counts.done_elsewhere;
  report->data_failed = data_counts.failed;
  if (stop_requested(world) || point_counts.interrupted)
    GSAE_TRY(gsae_fail(GSAE_ERR_INTERRUPTED,
                       "interrupted: %zu points checkpointed, %zu finished in this run; rerun the same command to resume",
                       point_counts.interrupted, point_counts.complete));
  if (point_counts.failed || data_counts.failed)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA,
                       "%zu of %zu points failed%s (reasons in their files: gsae merge %s, then gsae inspect)",
                       point_counts.failed, ntodo, data_counts.failed ? " and data generation failed" : "", c.dir));
  if (point_counts.elsewhere)
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA,
                       "%zu of the %zu selected points are running elsewhere (another job holds their lease: "
                       "results are theirs); rerun when it is done to check that every point is complete",
                       point_counts.elsewhere, report->selected));
  if (report->skipped_failed) /* 0 means every selected point is complete */
    GSAE_TRY(gsae_fail(GSAE_ERR_DATA,
                       "%zu of the %zu selected points failed before and were skipped (--retry-failed reruns them; "
                       "reasons: gsae merge %s, then gsae inspect)",
                       report->skipped_failed, report->selected, c.dir));
cleanup:
  gsae_dataset_free(&c.ds);
  gsae_dataset_free(&c.test);
  if (team != MPI_COMM_NULL) MPI_Comm_free(&team);
  free(todo);
  free(gen);
  return st;
}
