/* Command-line flags made from a settings table (gsae/settings.h): one flag per row, --name with
 * '_' as '-', bound to the row's field of the owner's struct, with the row's help and default. */
#ifndef GSAE_CLI_SETTING_FLAGS_H
#define GSAE_CLI_SETTING_FLAGS_H

#include "args.h"
#include "gsae/settings.h"

typedef struct {
  char name[64];
  char help[400];
} setting_flag_text;

/* Writes one arg_spec per row of table[0..count) into specs (and their text into text, which must
 * outlive the specs); returns count. */
size_t setting_flags(const gsae_setting *table, size_t count, void *obj, setting_flag_text *text, arg_spec *specs);

#endif
