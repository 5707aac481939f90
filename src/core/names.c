/* Named values of an enum; see include/gsae/names.h. */
#include "gsae/names.h"

#include <string.h>

int gsae_name_lookup(const char *const *names, const char *name) {
  if (!name) return -1;
  for (int k = 0; names[k]; ++k)
    if (strcmp(names[k], name) == 0) return k;
  return -1;
}

const char *gsae_name_of(const char *const *names, int value) {
  for (int k = 0; names[k]; ++k)
    if (k == value) return names[k];
  return "unknown";
}
