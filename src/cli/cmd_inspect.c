/* gsae inspect FILE: a readable (or CSV / JSON) account of any gsae file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/dist.h"
#include "gsae/inspect.h"

/* Everything but the agreement: the flags, --help, and rank 0's account. */
static gsae_status inspect_command(MPI_Comm comm, int argc, char **argv) {
  const char *path = NULL, *sort = NULL, *columns = NULL;
  int help = 0, format = GSAE_OUT_TEXT;
  arg_list where = {0};
  arg_spec specs[] = {
      {"where", ARG_STRING, &where, "summaries: keep rows where COLUMN=VALUE (also !=, <, <=, >, >=); repeat to AND several",
       0, NULL, ARG_REPEAT, "COLUMN=VALUE"},
      {"sort", ARG_STRING, &sort, "summaries: sort rows by COLUMN (ascending, NaN last; -COLUMN descending)", 0},
      {"columns", ARG_STRING, &columns, "summaries: the columns to show, a,b,c (default: the informative ones)", 0},
      {"format", ARG_CHOICE, &format, "output format (default table)", 0, gsae_out_format_names},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  int first;
  path = args_positional(argc, argv, &first);
  GSAE_CALL(args_parse("inspect", specs, argc, argv, first));
  gsae_inspect_options opt = {(gsae_out_format)format, where.item, where.count, sort, columns};
  if (!help && !path) return gsae_fail(GSAE_ERR_ARG, "give the file: gsae inspect FILE [flags]");
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: gsae inspect FILE [--where COLUMN=VALUE]... [--sort COLUMN] [--columns a,b,...] "
             "[--format table|csv|json|markdown]\n"
             "Describes a gsae file by its kind: data set, run file, checkpoint, sweep manifest (its axes) or\n"
             "summary (a table of the points). Files still being written are read as of their last flush.\n\n");
      args_print_help(specs);
    }
  } else if (cli_is_root(comm)) {
    GSAE_CALL(gsae_inspect(stdout, path, &opt));
  }
  return GSAE_OK;
}

gsae_status cmd_inspect(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  return gsae_dist_agree(comm, inspect_command(comm, argc, argv)); /* every rank reaches the agreement */
}
