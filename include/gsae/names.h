/* Named values of an enum: each enum with names has one NULL-terminated table in the enum's
 * order (gsae_model_kind_names, gsae_prox_kind_names, ...), declared next to the enum. The
 * command line (choice flags), the sweep specs and the file attributes all read those tables. */
#ifndef GSAE_NAMES_H
#define GSAE_NAMES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The index of `name` in the table, or -1. */
int gsae_name_lookup(const char *const *names, const char *name);
/* "a, b or c": the names of the table, for messages. */
void gsae_names_text(const char *const *names, char *buf, size_t cap);
/* names[value], or "unknown" when value is not an index of the table. */
const char *gsae_name_of(const char *const *names, int value);

#ifdef __cplusplus
}
#endif
#endif
