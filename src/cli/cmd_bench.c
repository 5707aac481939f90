/* gsae bench: seconds per training epoch, as ratios to one dense GEMM Z = Y A of the same size
 * and to the dense reference path, all measured in the same run on the same ranks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "setting_flags.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/train.h"

/* Best-of-`reps` time of the local GEMM Z (rows, m) = Y (rows, n) W^T, max over ranks. */
static gsae_status time_gemm(MPI_Comm comm, const gsae_dataset *ds, const gsae_real *W, int reps, double *best) {
  gsae_real *Z = gsae_calloc(ds->rows * ds->m, sizeof *Z, "GEMM output");
  GSAE_CALL(gsae_dist_agree(comm, Z ? GSAE_OK : GSAE_ERR_MEMORY));
  *best = 1e300;
  for (int r = 0; r < reps + 1; ++r) {
    MPI_Barrier(comm);
    double t0 = MPI_Wtime();
    gsae_gemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)ds->rows, (int)ds->m, (int)ds->n, 1, ds->Y, (int)ds->n, W,
              (int)ds->n, 0, Z, (int)ds->m);
    double local = MPI_Wtime() - t0, t;
    MPI_Allreduce(&local, &t, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (r > 0 && t < *best) *best = t; /* the first call warms up */
  }
  free(Z);
  return GSAE_OK;
}

static gsae_status time_epochs(MPI_Comm comm, gsae_train_config cfg, const gsae_dataset *ds, const char *dir,
                               gsae_path path, double *per_epoch) {
  char out[4200];
  snprintf(out, sizeof out, "%s/bench-%d.h5", dir, (int)path);
  cfg.path = path;
  gsae_train_summary s;
  GSAE_CALL(gsae_train(comm, &cfg, ds, "(in memory)", out, 0, "gsae bench", NULL, &s));
  if (cli_is_root(comm)) remove(out);
  *per_epoch = s.seconds / (double)cfg.epochs;
  return GSAE_OK;
}

gsae_status cmd_bench(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  gsae_gen_params p = gsae_gen_defaults();
  gsae_train_config c = gsae_train_defaults();
  c.epochs = 10;
  c.init_corr = 0.5;
  c.checkpoint_every = 0;
  c.progress_every = 0;
  int model = GSAE_MODEL_GROUP;
  int help = 0, reps = 5, skip_dense = 0;
  int64_t reps64 = reps;
  char lambda_help[64];
  snprintf(lambda_help, sizeof lambda_help, "threshold lambda (default %g)", c.lambda);
  setting_flag_text text[16];
  arg_spec specs[16 + 8];
  size_t k = setting_flags(gsae_gen_settings, gsae_gen_settings_count, &p, text, specs);
  specs[k++] = (arg_spec){"model", ARG_CHOICE, &model, "the tied encoder's activation (default group)", 0,
                          gsae_model_kind_names};
  specs[k++] = (arg_spec){"lambda", ARG_DOUBLE, &c.lambda, lambda_help, 0};
  specs[k++] = (arg_spec){"epochs", ARG_I64, &c.epochs, "timed epochs per path (default 10)", 0};
  specs[k++] = (arg_spec){"init-corr", ARG_DOUBLE, &c.init_corr, "initial correlation (default 0.5)", 0};
  specs[k++] = (arg_spec){"gemm-reps", ARG_I64, &reps64, "timed GEMM repetitions, best taken (default 5)", 0};
  specs[k++] = (arg_spec){"skip-dense", ARG_FLAG, &skip_dense, "do not time the dense reference path", 0};
  specs[k++] = (arg_spec){"help", ARG_FLAG, &help, "print this help", 0};
  specs[k] = (arg_spec){NULL, ARG_FLAG, NULL, NULL, 0};
  GSAE_CALL(args_parse("bench", specs, argc, argv, 2));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae bench [flags]\nTimes full-batch training epochs (forward, backward, "
             "allreduce, Adam, traces) on synthetic data\nand reports them in units of one GEMM Z = Y A of the local "
             "shard, timed in the same run.\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  c.model = (gsae_model_kind)model;
  if (c.epochs < 1) return gsae_fail(GSAE_ERR_ARG, "--epochs must be >= 1");
  if (reps64 < 1) return gsae_fail(GSAE_ERR_ARG, "--gemm-reps must be >= 1");
  reps = (int)reps64;
  GSAE_CALL(gsae_gen_validate(&p, GSAE_STYLE_FLAG));
  GSAE_CALL(gsae_train_validate(&c, GSAE_STYLE_FLAG));

  int size;
  MPI_Comm_size(comm, &size);
  char dir[4096] = "";
  if (cli_is_root(comm)) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/gsae-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) dir[0] = '\0';
  }
  MPI_Bcast(dir, (int)sizeof dir, MPI_CHAR, 0, comm);
  if (!dir[0]) return gsae_fail(GSAE_ERR_IO, "cannot create a temporary directory");

  gsae_status st = GSAE_OK;
  gsae_dataset ds = {0};
  double gemm = 0, sparse = 0, dense = 0;
  GSAE_TRY(gsae_generate(comm, &p, &ds));
  GSAE_TRY(time_gemm(comm, &ds, ds.A_true, reps, &gemm));
  GSAE_TRY(time_epochs(comm, c, &ds, dir, GSAE_PATH_AUTO, &sparse));
  if (!skip_dense) GSAE_TRY(time_epochs(comm, c, &ds, dir, GSAE_PATH_DENSE, &dense));
  if (cli_is_root(comm)) {
    const char *threads = getenv("OPENBLAS_NUM_THREADS");
    printf("%s\n", command_line);
    printf("  size           n=%zu m=%zu N=%zu (local rows %zu), %d rank%s, precision %s, OPENBLAS_NUM_THREADS=%s\n",
           ds.n, ds.m, ds.total, ds.rows, size, size == 1 ? "" : "s", GSAE_REAL_NAME, threads ? threads : "(unset)");
    printf("  gemm           %.4f s   one Z = Y A on the local shard (%zu x %zu x %zu), best of %d\n", gemm, ds.rows,
           ds.n, ds.m, reps);
    printf("  epoch (auto)   %.4f s   = %.2f GEMMs per epoch\n", sparse, sparse / gemm);
    if (!skip_dense)
      printf("  epoch (dense)  %.4f s   = %.2f GEMMs per epoch; sparse path is %.2fx faster than the dense reference\n",
             dense, dense / gemm, dense / sparse);
  }
cleanup:
  if (cli_is_root(comm)) rmdir(dir);
  gsae_dataset_free(&ds);
  return st;
}
