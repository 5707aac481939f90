/* A flat YAML mapping of scalars (key: value per line), as `gsae train --config FILE` reads it: the
 * keys of a sweep spec for one run. */
#ifndef GSAE_YAML_FLAT_H
#define GSAE_YAML_FLAT_H

#include <stddef.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  char *key, *value;
  int line; /* 1-based */
} gsae_yaml_pair;

/* The pairs in file order. A file that is not a mapping, a key that is not a word, a value that is
 * a list or a mapping ("lambda: a single value here; gsae sweep takes lists"), a key given twice
 * and YAML syntax are refused with "FILE:LINE: ...". Free with gsae_yaml_pairs_free. */
gsae_status gsae_yaml_flat_read(const char *path, gsae_yaml_pair **pairs, size_t *count);
void gsae_yaml_pairs_free(gsae_yaml_pair *pairs, size_t count);

#ifdef __cplusplus
}
#endif
#endif
