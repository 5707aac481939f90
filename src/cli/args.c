/* Flag parsing; see args.h. */
#include "args.h"

#include "gsae/names.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The value's placeholder: meta, else a|b|c for a choice, else X. */
static void placeholder(const arg_spec *s, char *buf, size_t cap) {
  if (s->meta) {
    snprintf(buf, cap, "%s", s->meta);
  } else if (s->type == ARG_CHOICE) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; s->choices[k] && len < cap; ++k)
      len += (size_t)snprintf(buf + len, cap - len, "%s%s", k ? "|" : "", s->choices[k]);
  } else {
    snprintf(buf, cap, "X");
  }
}

/* The value of flag s is not of its type. */
static gsae_status bad_value(const arg_spec *s, const char *text) {
  return gsae_fail(GSAE_ERR_ARG, "--%s expects %s, got '%s'", s->name,
                   s->type == ARG_DOUBLE ? "a number" : s->type == ARG_I64 ? "an integer" : "a non-negative integer",
                   text);
}

static gsae_status parse_value(arg_spec *s, const char *text) {
  char *end = NULL;
  errno = 0;
  switch (s->type) {
    case ARG_SIZE:
    case ARG_U64: {
      if (text[0] < '0' || text[0] > '9') return bad_value(s, text); /* no sign, no leading space */
      unsigned long long v = strtoull(text, &end, 10);
      if (errno || *end) return bad_value(s, text);
      if (s->type == ARG_SIZE) *(size_t *)s->target = (size_t)v;
      else *(uint64_t *)s->target = (uint64_t)v;
      return GSAE_OK;
    }
    case ARG_I64: {
      long long v = strtoll(text, &end, 10);
      if (errno || *end || text[0] == '\0') return bad_value(s, text);
      *(int64_t *)s->target = (int64_t)v;
      return GSAE_OK;
    }
    case ARG_DOUBLE: {
      double v = strtod(text, &end);
      if (errno || *end || text[0] == '\0') return bad_value(s, text);
      if (!isfinite(v))
        return gsae_fail(GSAE_ERR_ARG, "--%s must be a finite number, got '%s'", s->name, text);
      *(double *)s->target = v;
      return GSAE_OK;
    }
    case ARG_STRING:
      if (s->opts & ARG_REPEAT) {
        arg_list *l = s->target;
        if (l->count == ARG_LIST_MAX)
          return gsae_fail(GSAE_ERR_ARG, "flag --%s given more than %d times", s->name, ARG_LIST_MAX);
        l->item[l->count++] = text;
      } else {
        *(const char **)s->target = text;
      }
      return GSAE_OK;
    case ARG_CHOICE:
      for (int k = 0; s->choices[k]; ++k)
        if (strcmp(s->choices[k], text) == 0) {
          *(int *)s->target = k;
          return GSAE_OK;
        }
      char names[512];
      gsae_names_text(s->choices, names, sizeof names);
      return gsae_fail(GSAE_ERR_ARG, "--%s must be %s (got '%s')", s->name, names, text);
    case ARG_FLAG:
      *(int *)s->target = 1;
      return GSAE_OK;
  }
  return bad_value(s, text);
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
    if (s->seen && !(s->opts & ARG_REPEAT)) return gsae_fail(GSAE_ERR_ARG, "flag --%s given twice", s->name);
    ++s->seen;
    if (s->type == ARG_FLAG) {
      if (eq) return gsae_fail(GSAE_ERR_ARG, "flag --%s takes no value", s->name);
      GSAE_CALL(parse_value(s, ""));
      continue;
    }
    const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
    if (!value) return gsae_fail(GSAE_ERR_ARG, "flag --%s needs a value", s->name);
    GSAE_CALL(parse_value(s, value));
  }
  if (args_seen(specs, "help")) return GSAE_OK;
  for (const arg_spec *p = specs; p->name; ++p)
    if ((p->opts & ARG_REQUIRED) && !p->seen) {
      char meta[256];
      placeholder(p, meta, sizeof meta);
      return gsae_fail(GSAE_ERR_ARG, "--%s %s is required", p->name, meta);
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
    char left[256], meta[200] = "";
    if (p->type != ARG_FLAG) placeholder(p, meta, sizeof meta);
    snprintf(left, sizeof left, "--%s%s%s%s", p->name, meta[0] ? " " : "", meta, p->opts & ARG_REPEAT ? " ..." : "");
    if (strlen(left) > 22) printf("  %s\n  %-22s", left, ""); /* a long choice list: help on its own line */
    else printf("  %-22s", left);
    printf(" %s%s\n", p->help, p->opts & ARG_REQUIRED ? " (required)" : "");
  }
}
