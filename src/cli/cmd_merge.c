/* gsae merge DIR: gather a sweep's point files into one summary file. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/merge.h"

#define REPORT_LINES 20

gsae_status cmd_merge(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *dir = NULL, *out = NULL;
  int help = 0;
  arg_spec specs[] = {{"out", ARG_STRING, &out, "summary file to write (default DIR/summary.h5); an existing one is replaced, since a summary is "
                       "recomputed from the point files (written under a temporary name, then renamed)", 0},
                      {"help", ARG_FLAG, &help, "print this help", 0},
                      {NULL, ARG_FLAG, NULL, NULL, 0}};
  int first_flag;
  dir = args_positional(argc, argv, &first_flag);
  GSAE_CALL(args_parse("merge", specs, argc, argv, first_flag));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae merge DIR [--out FILE]\n"
             "Reads the sweep manifest DIR/sweep.h5 and every point's run file DIR/points/ID.h5 (files still being\n"
             "written are read as of their last flush) and writes one table of all points to DIR/summary.h5:\n"
             "/points/<column> (parameters, status, final metrics, theory) and /traces/<metric> (P, epochs+1).\n"
             "Missing and damaged point files are listed, not errors. Ranks share the reading.\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  if (!dir) return gsae_fail(GSAE_ERR_ARG, "give the sweep folder: gsae merge DIR [--out FILE]");
  char summary[4096];
  snprintf(summary, sizeof summary, "%s/summary.h5", dir);
  gsae_merge_result res;
  GSAE_CALL(gsae_merge(comm, dir, out, command_line, &res));
  if (cli_is_root(comm)) gsae_merge_report(stdout, &res, out ? out : summary, REPORT_LINES);
  gsae_merge_result_free(&res);
  return GSAE_OK;
}
