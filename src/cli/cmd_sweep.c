/* gsae sweep SPEC: list, count or run the points of a YAML grid spec over MPI teams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/outcome.h"
#include "gsae/signals.h"
#include "gsae/sweep.h"

/* "I" or "I-J" (inclusive). */
static gsae_status parse_points(const char *text, size_t *first, size_t *last) {
  char *end;
  errno = 0;
  unsigned long long a = strtoull(text, &end, 10), b = a;
  int ok = end != text && text[0] != '-' && !errno;
  if (ok && *end == '-') {
    const char *q = end + 1;
    b = strtoull(q, &end, 10);
    ok = end != q && *q != '-' && !errno;
  }
  if (!ok || *end != '\0' || b < a)
    return gsae_fail(GSAE_ERR_ARG, "--point must be an index I or a range I-J with I <= J (got '%s')", text);
  *first = (size_t)a;
  *last = (size_t)b;
  return GSAE_OK;
}

/* One row per point: index, id, the axes' values, and the state of its file. */
static gsae_status list_points(const gsae_spec *s, const char *base) {
  size_t axes[GSAE_PARAM_MAX];
  size_t naxes = gsae_spec_axes(s, axes, GSAE_PARAM_MAX);
  printf("%-7s %-16s %-16s", "index", "id", "data_id");
  for (size_t a = 0; a < naxes; ++a) printf(" %12s", gsae_spec_axis_name(axes[a]));
  printf(" %s\n", "status");
  for (size_t i = 0; i < gsae_spec_count(s); ++i) {
    gsae_point pt;
    GSAE_CALL(gsae_spec_point(s, i, &pt));
    printf("%-7zu %-16s %-16s", i, pt.id, pt.data_id);
    for (size_t a = 0; a < naxes; ++a) {
      char v[64];
      gsae_spec_axis_value(&pt, axes[a], v, sizeof v);
      printf(" %12s", v);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/points/%s.h5", base, gsae_spec_name(s), pt.id);
    gsae_outcome o;
    GSAE_CALL(gsae_outcome_read(path, pt.id, &o));
    printf(" %s\n", gsae_run_status_name(o.status));
    gsae_outcome_free(&o);
  }
  return GSAE_OK;
}

/* Machine-readable facts of the spec, one key=value per line. */
static void describe_spec(const gsae_spec *s, const char *results) {
  size_t axes[GSAE_PARAM_MAX];
  size_t n = gsae_spec_axes(s, axes, GSAE_PARAM_MAX);
  printf("name=%s\nresults=%s\npoints=%zu\naxes=", gsae_spec_name(s), results ? results : gsae_spec_results(s),
         gsae_spec_count(s));
  for (size_t a = 0; a < n && a < GSAE_PARAM_MAX; ++a) printf("%s%s", a ? "," : "", gsae_spec_axis_name(axes[a]));
  printf("\n");
}

gsae_status cmd_sweep(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *spec_path = NULL, *points = NULL, *results = NULL;
  int list = 0, count = 0, describe = 0, retry = 0, help = 0;
  int64_t ranks_per_point = 1, progress_every = 0, max_points = (int64_t)GSAE_SPEC_MAX_POINTS;
  arg_spec specs[] = {
      {"list", ARG_FLAG, &list, "print the points (index, id, axes, status) and exit", 0},
      {"count", ARG_FLAG, &count, "print the number of points and exit", 0},
      {"describe", ARG_FLAG, &describe,
       "print name=, results=, points= and axes= lines (for scripts: jobs/submit_sweep.sh) and exit", 0},
      {"point", ARG_STRING, &points, "run only point I, or points I-J (0-based, inclusive): what an array task calls", 0},
      {"ranks-per-point", ARG_I64, &ranks_per_point, "R: teams of R ranks, each training one point (default 1)", 0},
      {"retry-failed", ARG_FLAG, &retry, "rerun points whose file says failed (default: skip them)", 0},
      {"results", ARG_STRING, &results, "base folder of results (default: the spec's results:, else ./results)", 0},
      {"progress-every", ARG_I64, &progress_every, "epoch progress lines inside each point every k epochs (default 0)",
       0},
      {"max-points", ARG_I64, &max_points, "refuse a grid of more points than this (default 1e7; --count counts any)", 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  int first_flag;
  spec_path = args_positional(argc, argv, &first_flag);
  /* key=value overrides follow the spec, before the flags */
  const char *const *overrides = (const char *const *)argv + first_flag;
  size_t noverrides = 0;
  while (first_flag < argc && strncmp(argv[first_flag], "--", 2) != 0 && strchr(argv[first_flag], '=')) {
    ++first_flag;
    ++noverrides;
  }
  GSAE_CALL(args_parse("sweep", specs, argc, argv, first_flag));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae sweep SPEC.yaml [key=value ...] [flags]\n"
             "Runs every point of the grid in SPEC (docs/sweeps.md) into RESULTS/NAME/points/ID.h5: the P ranks split\n"
             "into teams of R, each team trains one point data-parallel, then takes the next unfinished one.\n"
             "Complete points are skipped, interrupted ones resumed from their checkpoints.\n"
             "key=value (after SPEC) overrides a key of the spec or makes it an axis: epochs=5, lambda=[1,2,3],\n"
             "seed={from: 0, to: 4}; the manifest records the effective spec.\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  if (!spec_path) return gsae_fail(GSAE_ERR_ARG, "give the spec file: gsae sweep SPEC.yaml [flags]");
  if (ranks_per_point < 1) return gsae_fail(GSAE_ERR_ARG, "--ranks-per-point must be >= 1 (got %lld)", (long long)ranks_per_point);
  if (progress_every < 0) return gsae_fail(GSAE_ERR_ARG, "--progress-every must be >= 0 (got %lld)", (long long)progress_every);
  gsae_sweep_options opt = {results, (int)ranks_per_point, 0, (size_t)-1, retry, progress_every, command_line};
  if (points) GSAE_CALL(parse_points(points, &opt.first, &opt.last));

  gsae_spec *spec;
  if (max_points < 1) return gsae_fail(GSAE_ERR_ARG, "--max-points must be >= 1 (got %lld)", (long long)max_points);
  GSAE_CALL(gsae_spec_load(comm, spec_path, overrides, noverrides, (size_t)max_points, count, &spec));
  gsae_status st = GSAE_OK;
  if (count || list || describe) {
    if (cli_is_root(comm)) {
      if (count) printf("%zu\n", gsae_spec_count(spec));
      else if (describe) describe_spec(spec, results);
      else st = list_points(spec, results ? results : gsae_spec_results(spec));
    }
  } else {
    gsae_signals_install();
    gsae_sweep_report r;
    st = gsae_sweep_run(comm, spec, &opt, &r);
    if (cli_is_root(comm) && (st == GSAE_OK || st == GSAE_ERR_DATA))
      printf("[%s] finished: %zu selected, %zu complete now, %zu already complete, %zu failed now, %zu failed before, "
             "%zu running elsewhere\n",
             gsae_spec_name(spec), r.selected, r.complete, r.skipped_complete, r.failed, r.skipped_failed, r.elsewhere);
  }
  gsae_spec_free(spec);
  return st;
}
