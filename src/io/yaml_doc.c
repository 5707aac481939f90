/* Bounded YAML reading; see gsae/yaml_doc.h. */
#include "gsae/yaml_doc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gsae_status gsae_yaml_read_file(const char *path, const char *what, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  gsae_status st = GSAE_OK;
  char *buf = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: cannot open %s (%s)", path, what, strerror(errno)));
  size_t cap = 4096, n = 0;
  GSAE_TRY_ALLOC(buf, cap, "the file's text");
  for (;;) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    if (cap > GSAE_YAML_MAX_BYTES)
      GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: %s is larger than %zu MiB", path, what, GSAE_YAML_MAX_BYTES >> 20));
    char *grown = realloc(buf, cap * 2);
    if (!grown) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "%s: out of memory reading %s", path, what));
    buf = grown;
    cap *= 2;
  }
  if (ferror(f)) GSAE_TRY(gsae_fail(GSAE_ERR_IO, "%s: read error (%s)", path, strerror(errno)));
  if (memchr(buf, '\0', n)) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: %s holds a NUL byte (not a text file)", path, what));
  buf[n] = '\0';
  *text = buf;
  *len = n;
  buf = NULL;
cleanup:
  if (f) fclose(f);
  free(buf);
  return st;
}

/* "ORIGIN:LINE: message", or the message alone without an origin. */
static gsae_status fail_at(const char *origin, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static gsae_status fail_at(const char *origin, size_t line, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (origin) return gsae_fail(GSAE_ERR_ARG, "%s:%zu: %s", origin, line, msg);
  return gsae_fail(GSAE_ERR_ARG, "%s", msg);
}

/* Flow nesting ([ and {) counted in the raw text, outside quotes and comments: libyaml's scanner
 * looks ahead over a whole flow collection before its first event, in time quadratic in the
 * depth, so a 200,000-deep `[[[[...` must be refused before it parses. */
static gsae_status check_flow_depth(const char *text, size_t len, const char *origin) {
  int depth = 0;
  size_t line = 1;
  char quote = 0;
  for (size_t i = 0; i < len; ++i) {
    const char ch = text[i];
    if (ch == '\n') ++line;
    if (quote) {
      if (ch == '\\' && quote == '"' && i + 1 < len)
        ++i;
      else if (ch == quote)
        quote = 0;
      continue;
    }
    if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < len && text[i + 1] != '\n') ++i;
    } else if ((ch == '"' || ch == '\'') && (i == 0 || strchr(" \t\n[{,:", text[i - 1]))) {
      quote = ch; /* a quoted scalar starts a token; an apostrophe inside a plain one does not */
    } else if (ch == '[' || ch == '{') {
      if (++depth > GSAE_YAML_MAX_DEPTH)
        return fail_at(origin, line, "nested more than %d lists or mappings deep", GSAE_YAML_MAX_DEPTH);
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
  return GSAE_OK;
}

static int yaml_own_tag(const yaml_char_t *tag) {
  return !tag || strncmp((const char *)tag, "tag:yaml.org,2002:", 18) == 0;
}

/* One pass over the events, stopping at the first thing out of bounds. */
static gsae_status check_events(yaml_parser_t *p, const char *origin) {
  gsae_status st = GSAE_OK;
  yaml_event_t ev;
  int depth = 0, documents = 0, have_event = 0;
  for (;;) {
    if (!yaml_parser_parse(p, &ev))
      GSAE_TRY(fail_at(origin, p->problem_mark.line + 1, "YAML syntax error: %s%s%s",
                       p->problem ? p->problem : "malformed", p->context ? " " : "", p->context ? p->context : ""));
    have_event = 1;
    const size_t line = ev.start_mark.line + 1;
    const yaml_char_t *tag = NULL, *anchor = NULL;
    switch (ev.type) {
      case YAML_STREAM_END_EVENT: goto cleanup;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1)
          GSAE_TRY(fail_at(origin, line, "a second YAML document ('---'); the file must be one document"));
        break;
      case YAML_ALIAS_EVENT:
        GSAE_TRY(fail_at(origin, line,
                         "an alias (*%s); write the value out (anchors and aliases are not "
                         "read)",
                         (const char *)ev.data.alias.anchor));
        break;
      case YAML_SCALAR_EVENT: tag = ev.data.scalar.tag, anchor = ev.data.scalar.anchor; break;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        if (ev.type == YAML_SEQUENCE_START_EVENT)
          tag = ev.data.sequence_start.tag, anchor = ev.data.sequence_start.anchor;
        else
          tag = ev.data.mapping_start.tag, anchor = ev.data.mapping_start.anchor;
        if (++depth > GSAE_YAML_MAX_DEPTH)
          GSAE_TRY(fail_at(origin, line, "nested more than %d lists or mappings deep", GSAE_YAML_MAX_DEPTH));
        if (depth == 1 && ev.type == YAML_MAPPING_START_EVENT && ev.start_mark.column != 0)
          GSAE_TRY(fail_at(origin, line,
                           "the top-level keys must start in the first column (this one is "
                           "indented by %zu)",
                           ev.start_mark.column));
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: --depth; break;
      default: break;
    }
    if (!yaml_own_tag(tag))
      GSAE_TRY(fail_at(origin, line, "unknown YAML tag '%s' (write the plain value)", (const char *)tag));
    if (anchor)
      GSAE_TRY(fail_at(origin, line,
                       "an anchor (&%s); write the values out (anchors and aliases are not "
                       "read)",
                       (const char *)anchor));
    yaml_event_delete(&ev);
    have_event = 0;
  }
cleanup:
  if (have_event) yaml_event_delete(&ev);
  return st;
}

gsae_status gsae_yaml_load(const char *text, size_t len, const char *origin, yaml_document_t *doc) {
  GSAE_CALL(check_flow_depth(text, len, origin));
  gsae_status st = GSAE_OK;
  yaml_parser_t p;
  int ready = yaml_parser_initialize(&p);
  if (!ready) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser"));
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  GSAE_TRY(check_events(&p, origin));
  yaml_parser_delete(&p);
  ready = yaml_parser_initialize(&p);
  if (!ready) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser"));
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  if (!yaml_parser_load(&p, doc))
    GSAE_TRY(fail_at(origin, p.problem_mark.line + 1, "YAML syntax error: %s", p.problem ? p.problem : "malformed"));
cleanup:
  if (ready) yaml_parser_delete(&p);
  return st;
}
