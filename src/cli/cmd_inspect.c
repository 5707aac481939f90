/* gsae inspect FILE: a readable (or CSV / JSON) account of any gsae file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/dist.h"
#include "gsae/inspect.h"

gsae_status cmd_inspect(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *path = NULL, *sort = NULL, *format = "table", *columns = NULL, *where_help = NULL;
  int help = 0;
  arg_spec specs[] = {
      {"where", ARG_STRING, &where_help,
       "summaries: keep rows where COLUMN=VALUE (also !=, <, <=, >, >=); repeat to AND several", 0},
      {"sort", ARG_STRING, &sort, "summaries: sort rows by COLUMN (ascending, NaN last; -COLUMN descending)", 0},
      {"columns", ARG_STRING, &columns, "summaries: the columns to show, a,b,c (default: the informative ones)", 0},
      {"format", ARG_STRING, &format, "table | csv | json (default table)", 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  int first;
  path = args_positional(argc, argv, &first);
  /* --where may repeat: take every one out before the table-driven parser sees the rest */
  const char **where = calloc((size_t)argc + 1, sizeof *where);
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  if (!where || !rest) {
    free(where);
    free(rest);
    return gsae_fail(GSAE_ERR_MEMORY, "out of memory parsing flags");
  }
  size_t nwhere = 0;
  int nrest = 0;
  gsae_status st = GSAE_OK;
  for (int i = first; i < argc && st == GSAE_OK; ++i) {
    if (strcmp(argv[i], "--where") == 0) {
      if (i + 1 < argc) where[nwhere++] = argv[++i];
      else st = gsae_fail(GSAE_ERR_ARG, "flag --where needs a value");
    } else if (strncmp(argv[i], "--where=", 8) == 0) {
      where[nwhere++] = argv[i] + 8;
    } else {
      rest[nrest++] = argv[i];
    }
  }
  if (st == GSAE_OK) st = args_parse("inspect", specs, nrest, rest, 0);
  gsae_inspect_options opt = {GSAE_OUT_TEXT, where, nwhere, sort, columns};
  if (st == GSAE_OK && !help) {
    if (strcmp(format, "table") == 0) opt.format = GSAE_OUT_TEXT;
    else if (strcmp(format, "csv") == 0) opt.format = GSAE_OUT_CSV;
    else if (strcmp(format, "json") == 0) opt.format = GSAE_OUT_JSON;
    else st = gsae_fail(GSAE_ERR_ARG, "--format must be table, csv or json (got '%s')", format);
    if (st == GSAE_OK && !path) st = gsae_fail(GSAE_ERR_ARG, "give the file: gsae inspect FILE [flags]");
  }
  if (st == GSAE_OK && help) {
    if (cli_is_root(comm)) {
      printf("usage: gsae inspect FILE [--where COLUMN=VALUE]... [--sort COLUMN] [--columns a,b,...] "
             "[--format table|csv|json]\n"
             "Describes a gsae file by its kind: data set, run file, checkpoint, sweep manifest (its axes) or\n"
             "summary (a table of the points). Files still being written are read as of their last flush.\n\n");
      args_print_help(specs);
    }
  } else if (st == GSAE_OK && cli_is_root(comm)) {
    st = gsae_inspect(stdout, path, &opt);
  }
  free(where);
  free(rest);
  return gsae_dist_agree(comm, st);
}
