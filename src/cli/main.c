/* gsae: experiment runner for group-sparse autoencoders (MPI). One binary, subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "gsae/config.h"
#include "gsae/h5.h"
#include "gsae/provenance.h"
#include "gsae/real.h"

int cli_is_root(MPI_Comm comm) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  return rank == 0;
}

typedef struct {
  const char *name;
  gsae_status (*run)(MPI_Comm, int, char **, const char *);
  const char *summary;
} command;

static const command commands[] = {
    {"generate", cmd_generate, "synthetic data of the group-sparse generative model (section 4.1) -> HDF5"},
    {"import-idx", cmd_import_idx, "MNIST-style IDX images + labels (gzip or plain) -> HDF5 data set, pixel / 255"},
    {"cluster", cmd_cluster, "k-means, spectral or strongest-group clustering of a data set's rows, accuracy vs labels"},
    {"encode", cmd_encode, "codes of a trained unfolded encoder (run file) for a data set's rows -> HDF5 data set"},
    {"train", cmd_train, "train the group / soft / relu autoencoder on an HDF5 data set"},
    {"bench", cmd_bench, "seconds per epoch against one GEMM of the same size"},
    {"sweep", cmd_sweep, "run a YAML grid of points (data x model x seeds) over MPI teams, resumably"},
    {"merge", cmd_merge, "gather a sweep's point files into one summary table (DIR/summary.h5)"},
    {"inspect", cmd_inspect, "describe any gsae file; filter, sort and export a summary's points"},
    {NULL, NULL, NULL}};

static void usage(void) {
  printf("gsae %s (%s, git %s): group-sparse autoencoders, trained data-parallel under MPI\n\n"
         "usage: [mpirun -n P] gsae COMMAND [flags]\n\ncommands:\n",
         GSAE_VERSION, GSAE_REAL_NAME, GSAE_GIT_COMMIT);
  for (const command *c = commands; c->name; ++c) printf("  %-10s %s\n", c->name, c->summary);
  printf("\n`gsae COMMAND --help` lists the flags and the paper's defaults.\n");
}

static void unknown_command(const char *name) {
  fprintf(stderr, "gsae: error: unknown command '%s' (commands:", name);
  for (const command *c = commands; c->name; ++c) fprintf(stderr, "%s %s", c == commands ? "" : ",", c->name);
  fprintf(stderr, ")\n");
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  gsae_h5_quiet();
  MPI_Comm comm = MPI_COMM_WORLD;
  int root = cli_is_root(comm);
  int code = 0;
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    if (root) usage();
    code = argc < 2 ? 2 : 0;
  } else if (strcmp(argv[1], "--version") == 0) {
    if (root) printf("gsae %s (%s, git %s, %s)\n", GSAE_VERSION, GSAE_REAL_NAME, GSAE_GIT_COMMIT, gsae_blas_name());
  } else {
    gsae_status (*cmd)(MPI_Comm, int, char **, const char *) = NULL;
    for (const command *c = commands; c->name; ++c)
      if (strcmp(argv[1], c->name) == 0) cmd = c->run;
    if (!cmd) {
      if (root) unknown_command(argv[1]);
      code = 2;
    } else {
      char *line = gsae_command_line(argc, argv);
      gsae_status st = cmd(comm, argc, argv, line ? line : argv[0]);
      free(line);
      if (st != GSAE_OK) {
        if (root) {
          fprintf(stderr, "gsae %s: error: %s\n", argv[1], gsae_error_message());
          if (getenv("GSAE_TRACEBACK")) fprintf(stderr, "%s", gsae_error_traceback());
        }
        code = st == GSAE_ERR_ARG ? 2 : st == GSAE_ERR_INTERRUPTED ? 3 : 1;
      }
    }
  }
  MPI_Finalize();
  return code;
}
