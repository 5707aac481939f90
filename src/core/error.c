/* Error message storage and propagation; see include/gsae/error.h. */
#include "gsae/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GSAE_MSG_MAX 2048
#define GSAE_TB_MAX 4096

static char g_message[GSAE_MSG_MAX];
static char g_traceback[GSAE_TB_MAX];

gsae_status gsae_fail_at(gsae_status code, const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g_message, sizeof g_message, fmt, ap);
  va_end(ap);
  snprintf(g_traceback, sizeof g_traceback, "  raised at %s:%d\n", file, line);
  return code;
}

void gsae_error_prefix(const char *fmt, ...) {
  char prefix[GSAE_MSG_MAX / 2];
  char old[GSAE_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  memcpy(old, g_message, sizeof old);
  size_t plen = strlen(prefix);
  memcpy(g_message, prefix, plen);
  snprintf(g_message + plen, sizeof g_message - plen, "%s", old);
}

void gsae_error_frame(const char *file, int line, const char *expr) {
  size_t used = strlen(g_traceback);
  if (used + 1 < sizeof g_traceback)
    snprintf(g_traceback + used, sizeof g_traceback - used, "  from %s:%d: %s\n", file, line, expr);
}

const char *gsae_error_message(void) { return g_message[0] ? g_message : "unknown error"; }
const char *gsae_error_traceback(void) { return g_traceback; }

void gsae_error_clear(void) {
  g_message[0] = '\0';
  g_traceback[0] = '\0';
}

void *gsae_malloc(unsigned long long bytes, const char *what) {
  void *p = malloc(bytes ? (size_t)bytes : 1);
  if (!p) gsae_fail(GSAE_ERR_MEMORY, "out of memory allocating %llu bytes for %s", bytes, what);
  return p;
}

void *gsae_calloc(unsigned long long count, unsigned long long size, const char *what) {
  void *p = calloc(count ? (size_t)count : 1, size ? (size_t)size : 1);
  if (!p)
    gsae_fail(GSAE_ERR_MEMORY, "out of memory allocating %llu x %llu bytes for %s", count, size, what);
  return p;
}
