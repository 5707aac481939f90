/* gsae encode: the flags into gsae_encode_settings, then gsae_encode_dataset and gsae_encoding_write
 * (include/gsae/encode.h) on a data set read from a file. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/dataset.h"
#include "gsae/encode.h"
#include "gsae/output.h"

/* One line on stdout (two for codes-plus): the encoder, the representation and its sparsity. */
static void report(const gsae_encoding *e, const char *run, const char *data, const char *out, double seconds,
                   int ranks) {
  const gsae_encoder_spec *spec = &e->spec;
  const size_t count = e->codes.total;
  const double N = count ? (double)count : 1.0;
  const gsae_code_sparsity *sp = &e->sparsity;
  printf("encode %s with %s (%s, K=%zu, %s prox%s, lambda %g): N=%zu -> %s %s (%zu x %zu); mean active groups "
         "%.3f of %zu, nonzero entries %.3f of %zu, all-zero codes %llu (%.2f%%) (encode %.2f s, total %.2f s, %d "
         "rank%s)\n",
         data, run, gsae_unfold_kind_name(spec->unfold), spec->layers, gsae_prox_kind_name(spec->prox),
         spec->nonneg ? ", non-negative" : "", spec->lambda, count, out, e->codes.representation, count, e->codes.n,
         (double)sp->active_groups / N, spec->groups, (double)sp->nonzero / N, spec->m,
         (unsigned long long)sp->zero_rows, 100.0 * (double)sp->zero_rows / N, e->seconds_encode, seconds, ranks,
         ranks == 1 ? "" : "s");
  if (!strcmp(e->codes.representation, "codes-plus"))
    printf("codes-plus: %llu all-zero code%s left as zero rows (not scaled to sum 1)\n",
           (unsigned long long)sp->zero_rows, sp->zero_rows == 1 ? "" : "s");
}

gsae_status cmd_encode(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  gsae_encode_settings s = gsae_encode_defaults();
  const char *run = NULL, *data = NULL, *out = NULL;
  int repr = s.repr, help = 0, overwrite = 0;
  arg_spec specs[] = {
      {"run", ARG_STRING, &run, "run file of gsae train --encoder unfolded, status complete", 0, NULL, ARG_REQUIRED, "FILE"},
      {"data", ARG_STRING, &data, "data set to encode (HDF5 /data/Y, e.g. from gsae import-idx)", 0, NULL, ARG_REQUIRED,
       "FILE"},
      {"out", ARG_STRING, &out, "output data set of the representation (format gsae-dataset)", 0, NULL, ARG_REQUIRED,
       "FILE"},
      {"repr", ARG_CHOICE, &repr,
       "codes, codes-plus (|x| scaled to sum 1 per sample) or group-norms (||x_g|| per group) (default codes)", 0,
       gsae_repr_names},
      {"first", ARG_SIZE, &s.first, "first row of the data set to encode, 0-based (default 0)", 0},
      {"count", ARG_SIZE, &s.count, "number of rows to encode (default: all from --first on)", 0},
      {"batch", ARG_SIZE, &s.batch, "rows per forward pass: the data set's rows [b*B, (b+1)*B) (default 1024; another value changes the "
       "codes by rounding only; any number of ranks or --first / --count gives the same bits)", 0},
      {"overwrite", ARG_FLAG, &overwrite, GSAE_OVERWRITE_HELP, 0},
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
  s.repr = (gsae_repr_kind)repr;
  if (!strcmp(out, data) || !strcmp(out, run)) return gsae_fail(GSAE_ERR_ARG, "--out must differ from --run and --data");
  if (args_seen(specs, "count") && s.count == 0) return gsae_fail(GSAE_ERR_ARG, "--count must be positive");
  GSAE_CALL(gsae_encode_settings_check(&s));
  GSAE_CALL(gsae_output_claim(comm, out, "--out", overwrite, NULL));

  const double t0 = MPI_Wtime();
  gsae_dataset ds = {0};
  gsae_encoding e = {0};
  gsae_status st = GSAE_OK;
  GSAE_TRY(gsae_dataset_read(comm, data, &ds));
  GSAE_TRY(gsae_encode_dataset(comm, run, &ds, data, &s, &e));
  GSAE_TRY(gsae_encoding_write(comm, &e, run, data, out, command_line));
  int size;
  MPI_Comm_size(comm, &size);
  if (cli_is_root(comm)) report(&e, run, data, out, MPI_Wtime() - t0, size);
cleanup:
  gsae_encoding_free(&e);
  gsae_dataset_free(&ds);
  return st;
}
