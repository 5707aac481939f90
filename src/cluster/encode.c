/* gsae encode as a library call; see include/gsae/encode.h. */
#include "gsae/encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsae/dist.h"
#include "gsae/h5.h"
#include "gsae/unfolded.h"

gsae_encode_settings gsae_encode_defaults(void) {
  gsae_encode_settings s = {.repr = GSAE_REPR_CODES, .first = 0, .count = 0, .batch = 1024};
  return s;
}

static void free_spec(gsae_encoder_spec *spec, gsae_real **A) {
  free(*A);
  *A = NULL;
  free(spec->mean);
  spec->mean = NULL;
}

/* Rank 0: the encoder of the run file, of a supported size (*A freed by the caller on failure). */
static gsae_status read_encoder(const char *run, gsae_encoder_spec *spec, gsae_real **A) {
  GSAE_CALL(gsae_encoder_read(run, spec, A));
  if (spec->n * spec->m > (size_t)1 << 30)
    return gsae_fail(GSAE_ERR_DATA, "%s: /model/A (%zu x %zu) is larger than supported (2^30 entries)", run, spec->n,
                     spec->m);
  return GSAE_OK;
}

/* Rank 0 reads the run file; every rank gets the spec and A (allocated). Collective. */
static gsae_status load_encoder(MPI_Comm comm, const char *run, gsae_encoder_spec *spec, gsae_real **A) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  *A = NULL;
  memset(spec, 0, sizeof *spec);
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dist_agree(comm, rank == 0 ? read_encoder(run, spec, A) : GSAE_OK));
  unsigned long long u[6] = {spec->n, spec->m, spec->groups, spec->group_size, spec->layers,
                             (unsigned long long)spec->center};
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
  GSAE_TRY(gsae_dist_agree(comm, *A ? GSAE_OK : GSAE_ERR_MEMORY));
  MPI_Bcast(*A, (int)(spec->n * spec->m), GSAE_MPI_REAL, 0, comm);
  if (spec->center) {
    if (rank != 0) spec->mean = gsae_malloc((unsigned long long)spec->n * sizeof *spec->mean, "the mean image");
    GSAE_TRY(gsae_dist_agree(comm, spec->mean ? GSAE_OK : GSAE_ERR_MEMORY));
    MPI_Bcast(spec->mean, (int)spec->n, MPI_DOUBLE, 0, comm);
  }
cleanup:
  if (st != GSAE_OK) free_spec(spec, A);
  return st;
}

gsae_status gsae_encode_settings_check(const gsae_encode_settings *s) {
  if ((unsigned)s->repr > GSAE_REPR_GROUP_NORMS) return gsae_fail(GSAE_ERR_ARG, "unknown representation %d", (int)s->repr);
  if (s->batch == 0 || s->batch > (size_t)1 << 20)
    return gsae_fail(GSAE_ERR_ARG, "--batch must be in 1..1048576 (got %zu)", s->batch);
  return GSAE_OK;
}

/* The window [first, first + count) in the data set, checked against it. */
static gsae_status window(const gsae_dataset *ds, const char *data_name, const gsae_encode_settings *s, size_t *first,
                          size_t *count) {
  const size_t N = ds->total;
  GSAE_CALL(gsae_encode_settings_check(s));
  if (s->first >= N) return gsae_fail(GSAE_ERR_ARG, "--first %zu is beyond the %zu rows of %s", s->first, N, data_name);
  *first = s->first;
  *count = s->count ? s->count : N - s->first;
  if (*count > N - s->first)
    return gsae_fail(GSAE_ERR_ARG, "--first %zu --count %zu asks for rows [%zu, %zu), but %s holds %zu", s->first,
                     *count, s->first, s->first + *count, data_name, N);
  return GSAE_OK;
}

/* This rank's encoder and buffers for rows rows of codes of dim values (sizes differ per rank: the
 * caller agrees on the outcome and frees what was made). */
static gsae_status make_buffers(const gsae_encoder_spec *spec, size_t rows, size_t dim, size_t batch, int labels,
                                gsae_unfolded **u, gsae_real **X, gsae_real **Yc, gsae_dataset *o) {
  const size_t n = spec->n, m = spec->m;
  GSAE_CALL(gsae_unfolded_create(u, n, m, spec->group_size, spec->layers, spec->unfold, spec->prox, spec->nonneg,
                                 spec->lambda, batch));
  GSAE_CALL(gsae_unfolded_set_eta(*u, spec->eta));
  if (!(*X = gsae_malloc((unsigned long long)(rows * m + 1) * sizeof **X, "the codes"))) return GSAE_ERR_MEMORY;
  if (spec->center && !(*Yc = gsae_malloc((unsigned long long)(rows * n + 1) * sizeof **Yc, "centred rows")))
    return GSAE_ERR_MEMORY;
  if (dim != m && !(o->Y = gsae_malloc((unsigned long long)(rows * dim + 1) * sizeof *o->Y, "group norms")))
    return GSAE_ERR_MEMORY;
  if (labels && !(o->labels = gsae_malloc((rows + 1) * sizeof *o->labels, "labels"))) return GSAE_ERR_MEMORY;
  return GSAE_OK;
}

gsae_status gsae_encode_dataset(MPI_Comm comm, const char *run, const gsae_dataset *ds, const char *data_name,
                                const gsae_encode_settings *s, gsae_encoding *e) {
  gsae_status st = GSAE_OK;
  gsae_real *A = NULL, *Yc = NULL, *X = NULL;
  gsae_unfolded *u = NULL;
  memset(e, 0, sizeof *e);
  GSAE_TRY(load_encoder(comm, run, &e->spec, &A));
  const gsae_encoder_spec *spec = &e->spec;
  const size_t n = spec->n, m = spec->m, groups = spec->groups, d = spec->group_size;
  size_t first = 0, count = 0;
  st = ds->n != n ? gsae_fail(GSAE_ERR_DATA, "%s has n = %zu values per sample, but the encoder of %s has n = %zu "
                              "(/model/A is %zu x %zu)", data_name, ds->n, run, n, n, m)
                  : window(ds, data_name, s, &first, &count);
  GSAE_TRY(st);

  /* this rank's rows [lo, hi) of the global data that lie in the window */
  const size_t lo = ds->first > first ? ds->first : first;
  const size_t hi = ds->first + ds->rows < first + count ? ds->first + ds->rows : first + count;
  const size_t rows = hi > lo ? hi - lo : 0, from = rows ? lo - ds->first : 0;
  const size_t dim = s->repr == GSAE_REPR_GROUP_NORMS ? groups : m;
  /* batches are ranges of the data set's rows, the same on every rank (see encode.h) */
  const size_t batch = s->batch > ds->total ? ds->total : s->batch;
  gsae_dataset *o = &e->codes;
  GSAE_TRY(gsae_dist_agree(comm, make_buffers(spec, rows, dim, batch, ds->labels != NULL, &u, &X, &Yc, o)));
  const gsae_real *Y = ds->Y + from * n;
  if (spec->center) { /* y - mean, in double rounded once, as the trainer saw it */
    for (size_t i = 0; i < rows; ++i)
      for (size_t k = 0; k < n; ++k) Yc[i * n + k] = (gsae_real)((double)Y[i * n + k] - spec->mean[k]);
    Y = Yc;
  }
  double t0 = MPI_Wtime();
  GSAE_TRY(gsae_dist_agree(comm, gsae_encode_rows(u, A, Y, rows, lo, batch, n, m, X)));
  e->seconds_encode = MPI_Wtime() - t0;

  gsae_repr_sparsity(X, rows, groups, d, &e->sparsity);
  long long cnt[3] = {(long long)e->sparsity.active_groups, (long long)e->sparsity.nonzero,
                      (long long)e->sparsity.zero_rows};
  GSAE_TRY(gsae_dist_allreduce_i64(comm, cnt, 3));
  e->sparsity = (gsae_code_sparsity){(uint64_t)cnt[0], (uint64_t)cnt[1], (uint64_t)cnt[2]};
  if (s->repr == GSAE_REPR_CODES_PLUS) gsae_repr_codes_plus(X, rows, m, X, NULL);
  if (s->repr == GSAE_REPR_GROUP_NORMS) gsae_repr_group_norms(X, rows, groups, d, o->Y);
  if (dim == m) {
    o->Y = X;
    X = NULL;
  }
  if (o->labels) memcpy(o->labels, ds->labels + from, rows * sizeof *o->labels);
  o->has_truth = 0;
  o->n = o->params.n = dim;
  o->total = o->params.samples = count;
  o->first = rows ? lo - first : 0;
  o->rows = rows;
  o->code_group_size = d;
  snprintf(o->representation, sizeof o->representation, "%s", gsae_repr_name(s->repr));
  e->first = first;
cleanup:
  gsae_unfolded_destroy(u);
  free(A);
  free(Yc);
  free(X);
  if (st != GSAE_OK) gsae_encoding_free(e);
  return st;
}

void gsae_encoding_free(gsae_encoding *e) {
  gsae_dataset_free(&e->codes);
  free(e->spec.mean);
  memset(e, 0, sizeof *e);
}

/* Rank 0: the encoder's settings and sparsity as root attributes of the (temporary) output file. */
static gsae_status write_extra(const char *tmp, const gsae_encoding *e, const char *run, const char *data_name) {
  gsae_status st = GSAE_OK;
  hid_t fid = H5I_INVALID_HID;
  GSAE_TRY(gsae_h5_open(tmp, MPI_COMM_NULL, 1, &fid));
  const gsae_encoder_spec *s = &e->spec;
  const double N = e->codes.total ? (double)e->codes.total : 1.0;
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "representation", e->codes.representation));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "run", run));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "data", data_name));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "data_first", (int64_t)e->first));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "code_groups", (int64_t)s->groups));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "code_group_size", (int64_t)s->group_size));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "encoder_layers", (int64_t)s->layers));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "encoder_unfold", gsae_unfold_kind_name(s->unfold)));
  GSAE_TRY(gsae_h5_attr_write_string(fid, "/", "encoder_prox", gsae_prox_kind_name(s->prox)));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "encoder_nonneg", s->nonneg));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "encoder_lambda", s->lambda));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "encoder_eta", s->eta));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "encoder_center", s->center));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "mean_active_groups", (double)e->sparsity.active_groups / N));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "mean_nonzero_entries", (double)e->sparsity.nonzero / N));
  GSAE_TRY(gsae_h5_attr_write_int(fid, "/", "zero_codes", (int64_t)e->sparsity.zero_rows));
  GSAE_TRY(gsae_h5_attr_write_double(fid, "/", "zero_code_fraction", (double)e->sparsity.zero_rows / N));
cleanup:
  if (fid != H5I_INVALID_HID) {
    gsae_status cst = gsae_h5_close(fid, tmp);
    st = st != GSAE_OK ? st : cst;
  }
  return st;
}

gsae_status gsae_encoding_write(MPI_Comm comm, const gsae_encoding *e, const char *run, const char *data_name,
                                const char *out, const char *command) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  const gsae_encoder_spec *spec = &e->spec;
  const gsae_repr_kind repr = (gsae_repr_kind)gsae_repr_parse(e->codes.representation);
  char source[4600], scale[512], tmp[4200], host[64] = "host";
  snprintf(source, sizeof source, "%s, representation %s of rows [%zu, %zu) of %s", run, e->codes.representation, e->first,
           e->first + e->codes.total, data_name);
  const char *what = repr == GSAE_REPR_CODES        ? "codes x^K"
                     : repr == GSAE_REPR_CODES_PLUS ? "|x^K| / sum_j |x^K_j| per sample (all-zero codes stay 0)"
                                                    : "||x^K_g||_2 per group";
  snprintf(scale, sizeof scale, "%s of the unfolded encoder (%s, K = %zu, %s prox%s, lambda = %g, eta = %.9g)", what,
           gsae_unfold_kind_name(spec->unfold), spec->layers, gsae_prox_kind_name(spec->prox),
           spec->nonneg ? ", non-negative" : "", spec->lambda, spec->eta);
  long pid = (long)getpid();
  gethostname(host, sizeof host - 1);
  MPI_Bcast(host, (int)sizeof host, MPI_CHAR, 0, comm);
  MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
  snprintf(tmp, sizeof tmp, "%s.%s.%ld.encode.tmp", out, host, pid);
  gsae_dataset o = e->codes; /* a view: source and scale are this function's */
  o.source = source;
  o.scale = scale;
  GSAE_CALL(gsae_dataset_write(comm, tmp, &o, command));
  gsae_status local = GSAE_OK;
  if (rank == 0) {
    local = write_extra(tmp, e, run, data_name);
    if (local == GSAE_OK && rename(tmp, out) != 0)
      local = gsae_fail(GSAE_ERR_IO, "%s: cannot rename the finished file into place", out);
    if (local != GSAE_OK) remove(tmp);
  }
  return gsae_dist_agree(comm, local);
}
