/* The subcommands of the gsae CLI. Each returns a gsae_status; main prints the error line. */
#ifndef GSAE_CLI_COMMANDS_H
#define GSAE_CLI_COMMANDS_H

#include <mpi.h>

#include "gsae/error.h"

gsae_status cmd_generate(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_import_idx(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_cluster(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_encode(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_train(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_bench(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_sweep(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_merge(MPI_Comm comm, int argc, char **argv, const char *command_line);
gsae_status cmd_inspect(MPI_Comm comm, int argc, char **argv, const char *command_line);

/* Print only on rank 0 of comm. */
int cli_is_root(MPI_Comm comm);

#endif
