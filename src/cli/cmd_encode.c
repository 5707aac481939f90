/* gsae encode: the codes of a trained unfolded encoder (a run file of gsae train --encoder unfolded)
 * for every row of a data set, as a new data set (has_truth 0) that gsae cluster reads unchanged:
 * /data/Y = codes, codes-plus or group norms, /data/labels copied. Rows sharded over the ranks as
 * gsae_dataset_read does; rank 0 reads the run file and broadcasts A. The output is written
 * collectively under a temporary name, completed by rank 0 (sparsity attributes), then renamed.
 * A run trained with --center (root attribute center = 1) has its mean image /model/mean subtracted
 * from every row before encoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/represent.h"
#include "gsae/unfolded.h"

#define ENCODE_BATCH 1024

/* Rank 0 reads the run file; every rank gets the spec and A (allocated). Collective. */
static gsae_status load_encoder(MPI_Comm comm, const char *run, gsae_encoder_spec *spec, gsae_real **A) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  *A = NULL;
  memset(spec, 0, sizeof *spec);
  gsae_status st = GSAE_OK;
  if (rank == 0) {
    st = gsae_encoder_read(run, spec, A);
    if (st == GSAE_OK && spec->n * spec->m > (size_t)1 << 30)
      st = gsae_fail(GSAE_ERR_DATA, "%s: /model/A (%zu x %zu) is larger than supported (2^30 entries)", run, spec->n,
                     spec->m);
  }
  st = gsae_dist_agree(comm, st);
  if (st != GSAE_OK) {
    free(*A);
    *A = NULL;
    free(spec->mean);
    spec->mean = NULL;
    return st;
  }
  unsigned long long u[6] = {spec->n, spec->m, spec->groups, spec->group_size, spec->layers, (unsigned long long)spec->center};
  int ints[3] = {(int)spec->unfold, (int)spec->prox, spec->nonneg};
  double dbl[2] = {spec->lambda, spec->eta};
  MPI_Bcast(u, 6, MPI_UNSIGNED_LONG_LONG, 0, comm);
  MPI_Bcast(ints, 3, MPI_INT, 0, comm);
  MPI_Bcast(dbl, 2, MPI_DOUBLE, 0, comm);
  spec->n = u[0];
  spec->m = u[1];
  spec->groups = u[2];
  spec->group_size = u[3];
  spec->layers = u[4];
  spec->center = (int)u[5];
  spec->unfold = (gsae_unfold_kind)ints[0];
  spec->prox = (gsae_prox_kind)ints[1];
  spec->nonneg = ints[2];
  spec->lambda = dbl[0];
  spec->eta = dbl[1];
  if (rank != 0) *A = gsae_malloc((unsigned long long)spec->n * spec->m * sizeof **A, "the dictionary A");
  st = gsae_dist_agree(comm, *A ? GSAE_OK : GSAE_ERR_MEMORY);
  if (st == GSAE_OK) MPI_Bcast(*A, (int)(spec->n * spec->m), GSAE_MPI_REAL, 0, comm);
  if (st == GSAE_OK && spec->center) {
    if (rank != 0) spec->mean = gsae_malloc((unsigned long long)spec->n * sizeof *spec->mean, "the mean image");
    st = gsae_dist_agree(comm, spec->mean ? GSAE_OK : GSAE_ERR_MEMORY);
    if (st == GSAE_OK) MPI_Bcast(spec->mean, (int)spec->n, MPI_DOUBLE, 0, comm);
  }
  if (st != GSAE_OK) {
    free(*A);
    *A = NULL;
    free(spec->mean);
    spec->mean = NULL;
  }
  return st;
}

typedef struct {
  const char *run, *data, *repr;
  size_t first;
  const gsae_encoder_spec *spec;
  gsae_code_sparsity sp; /* summed over all rows */
  size_t total;
} encode_info;

/* Rank 0: the encoder's settings and sparsity as root attributes of the (temporary) output file. */
static gsae_status write_extra(const char *tmp, const encode_info *e) {
  hid_t fid = H5I_INVALID_HID;
  GSAE_CALL(gsae_h5_open(tmp, MPI_COMM_NULL, 1, &fid));
  const gsae_encoder_spec *s = e->spec;
  const double N = e->total ? (double)e->total : 1.0;
  gsae_status st = GSAE_OK;
  do {
    if ((st = gsae_h5_attr_write_string(fid, "/", "representation", e->repr))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "run", e->run))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "data", e->data))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "data_first", (int64_t)e->first))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "code_groups", (int64_t)s->groups))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "code_group_size", (int64_t)s->group_size))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "encoder_layers", (int64_t)s->layers))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "encoder_unfold", gsae_unfold_kind_name(s->unfold)))) break;
    if ((st = gsae_h5_attr_write_string(fid, "/", "encoder_prox", gsae_prox_kind_name(s->prox)))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "encoder_nonneg", s->nonneg))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "encoder_lambda", s->lambda))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "encoder_eta", s->eta))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "encoder_center", s->center))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "mean_active_groups", (double)e->sp.active_groups / N))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "mean_nonzero_entries", (double)e->sp.nonzero / N))) break;
    if ((st = gsae_h5_attr_write_int(fid, "/", "zero_codes", (int64_t)e->sp.zero_rows))) break;
    if ((st = gsae_h5_attr_write_double(fid, "/", "zero_code_fraction", (double)e->sp.zero_rows / N))) break;
  } while (0);
  gsae_status cst = gsae_h5_close(fid, tmp);
  return st != GSAE_OK ? st : cst;
}

gsae_status cmd_encode(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *run = NULL, *data = NULL, *out = NULL, *repr_name = "codes";
  size_t first = 0, count = 0, batch = ENCODE_BATCH;
  int help = 0;
  arg_spec specs[] = {
      {"run", ARG_STRING, &run, "run file of gsae train --encoder unfolded, status complete (required)", 0},
      {"data", ARG_STRING, &data, "data set to encode (HDF5 /data/Y, e.g. from gsae import-idx) (required)", 0},
      {"out", ARG_STRING, &out, "output data set of the representation (format gsae-dataset) (required)", 0},
      {"repr", ARG_STRING, &repr_name,
       "codes | codes-plus (|x| scaled to sum 1 per sample) | group-norms (||x_g|| per group) (default codes)", 0},
      {"first", ARG_SIZE, &first, "first row of the data set to encode, 0-based (default 0)", 0},
      {"count", ARG_SIZE, &count, "number of rows to encode (default: all from --first on)", 0},
      {"batch", ARG_SIZE, &batch, "rows per forward pass: the data set's rows [b*B, (b+1)*B) (default 1024; another value changes the "
       "codes by rounding only; any number of ranks or --first / --count gives the same bits)", 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  GSAE_CALL(args_parse("encode", specs, argc, argv, 2));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae encode --run RUN.h5 --data DATA.h5 --out CODES.h5 [--repr R] [flags]\n"
             "The codes X = x^K of the trained unfolded encoder (K layers of ISTA / FISTA with the run's prox, lambda\n"
             "and step eta) for every row of /data/Y, written as a data set: /data/Y = the representation,\n"
             "/data/labels copied, so `gsae cluster --data CODES.h5` clusters them. Rows are sharded over the\n"
             "ranks; the file's /data/Y is the same for any number of ranks. Root attributes record the encoder\n"
             "and its sparsity (mean_active_groups, mean_nonzero_entries, zero_code_fraction).\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  if (!run) return gsae_fail(GSAE_ERR_ARG, "--run FILE is required");
  if (!data) return gsae_fail(GSAE_ERR_ARG, "--data FILE is required");
  if (!out) return gsae_fail(GSAE_ERR_ARG, "--out FILE is required");
  if (!strcmp(out, data) || !strcmp(out, run)) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --run and --data");
  const int repr = gsae_repr_parse(repr_name);
  if (repr < 0)
    return gsae_fail(GSAE_ERR_ARG, "--repr must be codes, codes-plus or group-norms (got '%s')", repr_name);
  if (args_seen(specs, "count") && count == 0) return gsae_fail(GSAE_ERR_ARG, "--count must be positive");
  if (batch == 0 || batch > 1 << 20) return gsae_fail(GSAE_ERR_ARG, "--batch must be in 1..1048576 (got %zu)", batch);

  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  double t0 = MPI_Wtime();
  gsae_encoder_spec spec;
  gsae_real *A = NULL;
  GSAE_CALL(load_encoder(comm, run, &spec, &A));
  gsae_dataset ds = {0};
  gsae_status st = gsae_dataset_read(comm, data, &ds);
  if (st != GSAE_OK) {
    free(A);
    free(spec.mean);
    return st;
  }
  const size_t N = ds.total, n = spec.n, m = spec.m, groups = spec.groups, d = spec.group_size;
  if (ds.n != n)
    st = gsae_fail(GSAE_ERR_DATA, "%s has n = %zu values per sample, but the encoder of %s has n = %zu (/model/A is "
                   "%zu x %zu)", data, ds.n, run, n, n, m);
  if (st == GSAE_OK && first >= N) st = gsae_fail(GSAE_ERR_ARG, "--first %zu is beyond the %zu rows of %s", first, N, data);
  if (st == GSAE_OK && !args_seen(specs, "count")) count = N - first;
  if (st == GSAE_OK && count > N - first)
    st = gsae_fail(GSAE_ERR_ARG, "--first %zu --count %zu asks for rows [%zu, %zu), but %s holds %zu", first, count,
                   first, first + count, data, N);
  if (st != GSAE_OK) {
    free(A);
    free(spec.mean);
    gsae_dataset_free(&ds);
    return st;
  }

  /* this rank's rows [lo, hi) of the global data that lie in [first, first + count) */
  size_t lo = ds.first > first ? ds.first : first, hi = ds.first + ds.rows < first + count ? ds.first + ds.rows
                                                                                            : first + count;
  const size_t rows = hi > lo ? hi - lo : 0, from = rows ? lo - ds.first : 0;
  const size_t dim = repr == GSAE_REPR_GROUP_NORMS ? groups : m;
  gsae_unfolded *u = NULL;
  gsae_real *X = NULL, *R = NULL;
  /* batches are ranges of the data set's rows (not of the window): a row's code is the same bits
   * for any rank count and any --first / --count; batch is the same on every rank */
  if (batch > N) batch = N;
  st = gsae_unfolded_create(&u, n, m, d, spec.layers, spec.unfold, spec.prox, spec.nonneg, spec.lambda, batch);
  if (st == GSAE_OK) st = gsae_unfolded_set_eta(u, spec.eta);
  if (st == GSAE_OK && !(X = gsae_malloc((unsigned long long)(rows * m + 1) * sizeof *X, "the codes"))) st = GSAE_ERR_MEMORY;
  if (st == GSAE_OK && repr == GSAE_REPR_GROUP_NORMS &&
      !(R = gsae_malloc((unsigned long long)(rows * groups + 1) * sizeof *R, "the group norms")))
    st = GSAE_ERR_MEMORY;
  st = gsae_dist_agree(comm, st);
  /* center = 1 (gsae train --center): encode y - mean, in double rounded once, as the trainer saw it */
  if (st == GSAE_OK && spec.center)
    for (size_t i = 0; i < rows; ++i) {
      gsae_real *y = ds.Y + (from + i) * n;
      for (size_t k = 0; k < n; ++k) y[k] = (gsae_real)((double)y[k] - spec.mean[k]);
    }
  double t_read = MPI_Wtime() - t0, t1 = MPI_Wtime();
  if (st == GSAE_OK) st = gsae_dist_agree(comm, gsae_encode_rows(u, A, ds.Y + from * n, rows, lo, batch, n, m, X));
  double t_encode = MPI_Wtime() - t1;

  encode_info e = {.run = run, .data = data, .repr = repr_name, .first = first, .spec = &spec, .total = count};
  long long cnt[3] = {0, 0, 0};
  if (st == GSAE_OK) {
    gsae_code_sparsity sp;
    gsae_repr_sparsity(X, rows, groups, d, &sp);
    cnt[0] = (long long)sp.active_groups;
    cnt[1] = (long long)sp.nonzero;
    cnt[2] = (long long)sp.zero_rows;
    st = gsae_dist_allreduce_i64(comm, cnt, 3);
    e.sp.active_groups = (uint64_t)cnt[0];
    e.sp.nonzero = (uint64_t)cnt[1];
    e.sp.zero_rows = (uint64_t)cnt[2];
  }
  if (st == GSAE_OK) {
    if (repr == GSAE_REPR_CODES_PLUS) gsae_repr_codes_plus(X, rows, m, X, NULL);
    if (repr == GSAE_REPR_GROUP_NORMS) gsae_repr_group_norms(X, rows, groups, d, R);
  }

  char source[4600], scale[512], tmp[4200], host[64] = "host";
  snprintf(source, sizeof source, "%s, representation %s of rows [%zu, %zu) of %s", run, repr_name, first,
           first + count, data);
  const char *what = repr == GSAE_REPR_CODES        ? "codes x^K"
                     : repr == GSAE_REPR_CODES_PLUS ? "|x^K| / sum_j |x^K_j| per sample (all-zero codes stay 0)"
                                                    : "||x^K_g||_2 per group";
  snprintf(scale, sizeof scale, "%s of the unfolded encoder (%s, K = %zu, %s prox%s, lambda = %g, eta = %.9g)", what,
           gsae_unfold_kind_name(spec.unfold), spec.layers, gsae_prox_kind_name(spec.prox),
           spec.nonneg ? ", non-negative" : "", spec.lambda, spec.eta);
  long pid = (long)getpid();
  gethostname(host, sizeof host - 1);
  MPI_Bcast(host, (int)sizeof host, MPI_CHAR, 0, comm);
  MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
  snprintf(tmp, sizeof tmp, "%s.%s.%ld.encode.tmp", out, host, pid);
  if (st == GSAE_OK) {
    gsae_dataset o = {0};
    o.has_truth = 0;
    o.n = dim;
    o.params.n = dim;
    o.total = count;
    o.params.samples = count;
    o.first = lo - first;
    if (!rows) o.first = 0;
    o.rows = rows;
    o.Y = repr == GSAE_REPR_GROUP_NORMS ? R : X;
    o.labels = ds.labels ? ds.labels + from : NULL;
    o.source = source;
    o.scale = scale;
    st = gsae_dataset_write(comm, tmp, &o, command_line);
    if (st == GSAE_OK) {
      gsae_status local = GSAE_OK;
      if (rank == 0) {
        local = write_extra(tmp, &e);
        if (local == GSAE_OK && rename(tmp, out) != 0)
          local = gsae_fail(GSAE_ERR_IO, "%s: cannot rename the finished file into place", out);
        if (local != GSAE_OK) remove(tmp);
      }
      st = gsae_dist_agree(comm, local);
    }
  }
  if (st == GSAE_OK && rank == 0) {
    const double Nd = count ? (double)count : 1.0;
    printf("encode %s with %s (%s, K=%zu, %s prox%s, lambda %g): N=%zu -> %s %s (%zu x %zu); mean active groups "
           "%.3f of %zu, nonzero entries %.3f of %zu, all-zero codes %llu (%.2f%%) (encode %.2f s, total %.2f s, %d "
           "rank%s)\n",
           data, run, gsae_unfold_kind_name(spec.unfold), spec.layers, gsae_prox_kind_name(spec.prox),
           spec.nonneg ? ", non-negative" : "", spec.lambda, count, out, repr_name, count, dim,
           (double)e.sp.active_groups / Nd, groups, (double)e.sp.nonzero / Nd, m, (unsigned long long)e.sp.zero_rows,
           100.0 * (double)e.sp.zero_rows / Nd, t_encode, MPI_Wtime() - t0, size, size == 1 ? "" : "s");
    if (repr == GSAE_REPR_CODES_PLUS)
      printf("codes-plus: %llu all-zero code%s left as zero rows (not scaled to sum 1)\n",
             (unsigned long long)e.sp.zero_rows, e.sp.zero_rows == 1 ? "" : "s");
  }
  (void)t_read;
  gsae_unfolded_destroy(u);
  free(X);
  free(R);
  free(A);
  free(spec.mean);
  gsae_dataset_free(&ds);
  return st;
}
