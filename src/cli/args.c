/* Flag parsing; see args.h. */
#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gsae_status parse_value(arg_spec *s, const char *text) {
  char *end = NULL;
  errno = 0;
  switch (s->type) {
    case ARG_SIZE:
    case ARG_U64: {
      if (text[0] < '0' || text[0] > '9') goto bad; /* no sign, no leading space */
      unsigned long long v = strtoull(text, &end, 10);
      if (errno || *end) goto bad;
      if (s->type == ARG_SIZE) *(size_t *)s->target = (size_t)v;
      else *(uint64_t *)s->target = (uint64_t)v;
      return GSAE_OK;
    }
    case ARG_I64: {
      long long v = strtoll(text, &end, 10);
      if (errno || *end || text[0] == '\0') goto bad;
      *(int64_t *)s->target = (int64_t)v;
      return GSAE_OK;
    }
    case ARG_DOUBLE: {
      double v = strtod(text, &end);
      if (errno || *end || text[0] == '\0') goto bad;
      if (!isfinite(v))
        return gsae_fail(GSAE_ERR_ARG, "--%s must be a finite number, got '%s'", s->name, text);
      *(double *)s->target = v;
      return GSAE_OK;
    }
    case ARG_STRING:
      *(const char **)s->target = text;
      return GSAE_OK;
    case ARG_FLAG:
      *(int *)s->target = 1;
      return GSAE_OK;
  }
bad:
  return gsae_fail(GSAE_ERR_ARG, "--%s expects %s, got '%s'", s->name,
                   s->type == ARG_DOUBLE ? "a number" : s->type == ARG_I64 ? "an integer" : "a non-negative integer",
                   text);
}

gsae_status args_parse(const char *command, arg_spec *specs, int argc, char **argv, int first) {
  for (int i = first; i < argc; ++i) {
    const char *a = argv[i];
    if (strncmp(a, "--", 2) != 0 || a[2] == '\0')
      return gsae_fail(GSAE_ERR_ARG, "unexpected argument '%s' (flags start with --; see gsae %s --help)",
                       a, command);
    const char *name = a + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    arg_spec *s = NULL;
    for (arg_spec *p = specs; p->name; ++p)
      if (strlen(p->name) == len && strncmp(p->name, name, len) == 0) s = p;
    if (!s)
      return gsae_fail(GSAE_ERR_ARG, "unknown flag '--%.*s' (see gsae %s --help)", (int)len, name,
                       command);
    if (s->seen) return gsae_fail(GSAE_ERR_ARG, "flag --%s given twice", s->name);
    s->seen = 1;
    if (s->type == ARG_FLAG) {
      if (eq) return gsae_fail(GSAE_ERR_ARG, "flag --%s takes no value", s->name);
      GSAE_CALL(parse_value(s, ""));
      continue;
    }
    const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
    if (!value) return gsae_fail(GSAE_ERR_ARG, "flag --%s needs a value", s->name);
    GSAE_CALL(parse_value(s, value));
  }
  return GSAE_OK;
}

gsae_status args_default(const char *command, arg_spec *specs, const char *name, const char *text) {
  for (arg_spec *p = specs; p->name; ++p) {
    if (strcmp(p->name, name) != 0) continue;
    if (p->seen) return GSAE_OK;
    p->seen = 1;
    return parse_value(p, text);
  }
  return gsae_fail(GSAE_ERR_ARG, "a preset sets --%s, which gsae %s does not have", name, command);
}

const char *args_positional(int argc, char **argv, int *first_flag) {
  int given = argc > 2 && strncmp(argv[2], "--", 2) != 0;
  *first_flag = given ? 3 : 2;
  return given ? argv[2] : NULL;
}

int args_seen(const arg_spec *specs, const char *name) {
  for (const arg_spec *p = specs; p->name; ++p)
    if (strcmp(p->name, name) == 0) return p->seen;
  return 0;
}

void args_print_help(const arg_spec *specs) {
  for (const arg_spec *p = specs; p->name; ++p) {
    char left[64];
    snprintf(left, sizeof left, "--%s%s", p->name, p->type == ARG_FLAG ? "" : " X");
    printf("  %-22s %s\n", left, p->help);
  }
}
