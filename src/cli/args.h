/* Table-driven flag parsing for the subcommands: "--name value" or "--name=value"; every problem
 * (unknown flag, missing value, malformed or out-of-range number) is one error line naming it. */
#ifndef GSAE_CLI_ARGS_H
#define GSAE_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

typedef enum { ARG_SIZE, ARG_U64, ARG_I64, ARG_DOUBLE, ARG_STRING, ARG_FLAG, ARG_CHOICE } arg_type;

/* arg_spec.opts */
enum {
  ARG_REQUIRED = 1, /* an error unless given (checked by args_parse unless --help was given) */
  ARG_REPEAT = 2    /* ARG_STRING only: may be given up to ARG_LIST_MAX times, into an arg_list */
};

#define ARG_LIST_MAX 64
typedef struct {
  const char *item[ARG_LIST_MAX]; /* in command-line order */
  size_t count;
} arg_list;

typedef struct {
  const char *name; /* without the leading "--" */
  arg_type type;
  void *target;     /* size_t*, uint64_t*, int64_t*, double*, const char** (arg_list* with ARG_REPEAT),
                       int* (ARG_FLAG: set to 1; ARG_CHOICE: the index of the name given) */
  const char *help;
  int seen;         /* set by the parser: how many times the flag was given */
  const char *const *choices; /* ARG_CHOICE: the names, NULL-terminated */
  unsigned opts;    /* ARG_REQUIRED | ARG_REPEAT */
  const char *meta; /* the value's placeholder in help and messages (FILE, N, ...); default X, and
                       a|b|c for a choice */
} arg_spec;

/* Parse argv[first..argc) against specs (terminated by name == NULL). `command` names the
 * subcommand in messages. Returns GSAE_ERR_ARG on the first problem: an unknown flag, a missing or
 * malformed value, a name that is not one of a choice's ("--model must be group, soft or relu
 * (got 'x')"), a flag given twice (unless ARG_REPEAT), a required flag missing ("--data FILE is
 * required"; not checked when a flag named "help" was given). */
gsae_status args_parse(const char *command, arg_spec *specs, int argc, char **argv, int first);

/* The one positional argument of "gsae COMMAND ARG [flags]": argv[2] unless it is a flag (then
 * NULL); *first_flag is where the flags start. */
const char *args_positional(int argc, char **argv, int *first_flag);

/* Was the flag given? */
int args_seen(const arg_spec *specs, const char *name);

/* Give flag `name` the value `text` unless it was given on the command line (then keep the user's
 * value): how a preset supplies defaults. Marks the flag as seen; a name that is not a flag of
 * the command is an error. */
gsae_status args_default(const char *command, arg_spec *specs, const char *name, const char *text);

/* Print "  --name VALUE   help" lines (defaults are in the help text). */
void args_print_help(const arg_spec *specs);

#endif
