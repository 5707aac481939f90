/* Named values of an enum; see include/gsae/names.h. */
#include "gsae/names.h"

#include <stdio.h>
#include <string.h>

int gsae_name_lookup(const char *const *names, const char *name) {
  if (!name) return -1;
  for (int k = 0; names[k]; ++k)
    if (strcmp(names[k], name) == 0) return k;
  return -1;
}

void gsae_names_text(const char *const *names, char *buf, size_t cap) {
  size_t n = 0, len = 0;
  while (names[n]) ++n;
  buf[0] = '\0';
  for (size_t k = 0; k < n && len < cap; ++k)
    len += (size_t)snprintf(buf + len, cap - len, "%s%s", k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
}

const char *gsae_name_of(const char *const *names, int value) {
  for (int k = 0; names[k]; ++k)
    if (k == value) return names[k];
  return "unknown";
}
