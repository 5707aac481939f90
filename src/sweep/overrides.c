/* key=value overrides of a sweep spec, applied to its text; see gsae_spec_override in sweep.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gsae/sweep.h"

typedef struct {
  char key[64];
  const char *value;
  size_t from, to; /* byte range of "key: value" in the spec text; from == to: not there, append */
  int found;
} override;

/* libyaml's marks count characters; the text is UTF-8. */
static size_t byte_offset(const char *text, size_t chars) {
  size_t b = 0;
  for (size_t c = 0; text[b] && c < chars; ++c)
    do ++b;
    while (((unsigned char)text[b] & 0xC0) == 0x80);
  return b;
}

/* "key=VALUE": a known key, a VALUE that is YAML in flow style. */
static gsae_status parse_override(const char *arg, override *o) {
  const char *eq = strchr(arg, '=');
  size_t klen = eq ? (size_t)(eq - arg) : 0;
  if (!eq || klen == 0 || klen >= sizeof o->key || !eq[1])
    return gsae_fail(GSAE_ERR_ARG, "override '%s': expected key=value (e.g. lambda=[1,2] or epochs=5)", arg);
  memcpy(o->key, arg, klen);
  o->key[klen] = '\0';
  o->value = eq + 1;
  if (strcmp(o->key, "zip") == 0 || !gsae_spec_key_known(o->key)) {
    const char *best = strcmp(o->key, "zip") ? gsae_spec_key_suggest(o->key) : NULL;
    if (!strcmp(o->key, "zip")) return gsae_fail(GSAE_ERR_ARG, "override '%s': a zip block cannot be overridden", arg);
    if (best) return gsae_fail(GSAE_ERR_ARG, "override '%s': unknown key '%s' (did you mean '%s'?)", arg, o->key, best);
    return gsae_fail(GSAE_ERR_ARG, "override '%s': unknown key '%s' (see docs/sweeps.md for the keys)", arg, o->key);
  }
  /* the value must be one YAML node on its own: "k: VALUE" parses to a mapping of one pair */
  size_t len = strlen(o->value) + 8;
  char *doc_text = malloc(len);
  if (!doc_text) return gsae_fail(GSAE_ERR_MEMORY, "out of memory");
  snprintf(doc_text, len, "k: %s\n", o->value);
  yaml_parser_t parser;
  yaml_document_t doc;
  gsae_status st = GSAE_OK;
  int have_parser = 0;
  if (!yaml_parser_initialize(&parser)) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser"));
  have_parser = 1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)doc_text, strlen(doc_text));
  if (!yaml_parser_load(&parser, &doc))
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override '%s': YAML syntax error: %s", arg,
                       parser.problem ? parser.problem : "malformed"));
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  const int one = root && root->type == YAML_MAPPING_NODE &&
                  root->data.mapping.pairs.top - root->data.mapping.pairs.start == 1;
  yaml_document_delete(&doc);
  if (!one) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override '%s': the value must be one value, list or range", arg));
cleanup:
  if (have_parser) yaml_parser_delete(&parser);
  free(doc_text);
  return st;
}

/* Where each override's key sits at the top level of the spec; a zipped key is refused. */
static gsae_status locate(const char *text, const char *origin, override *o, size_t n) {
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) return gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser");
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
  gsae_status st = GSAE_OK;
  if (!yaml_parser_load(&parser, &doc)) { /* the spec's own parse reports it, with its line */
    yaml_parser_delete(&parser);
    return GSAE_OK;
  }
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  for (yaml_node_pair_t *pr = root && root->type == YAML_MAPPING_NODE ? root->data.mapping.pairs.start : NULL;
       pr && pr < root->data.mapping.pairs.top && st == GSAE_OK; ++pr) {
    yaml_node_t *k = yaml_document_get_node(&doc, pr->key), *v = yaml_document_get_node(&doc, pr->value);
    if (k->type != YAML_SCALAR_NODE) continue;
    const char *key = (const char *)k->data.scalar.value;
    if (strcmp(key, "zip") == 0) { /* the members of one zip mapping, or of a list of them */
      yaml_node_t *groups[64];
      size_t ng = 0;
      if (v->type == YAML_MAPPING_NODE) groups[ng++] = v;
      else if (v->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && ng < 64; ++it)
          groups[ng++] = yaml_document_get_node(&doc, *it);
      for (size_t g = 0; g < ng && st == GSAE_OK; ++g) {
        if (!groups[g] || groups[g]->type != YAML_MAPPING_NODE) continue;
        for (yaml_node_pair_t *m = groups[g]->data.mapping.pairs.start; m < groups[g]->data.mapping.pairs.top; ++m) {
          yaml_node_t *mk = yaml_document_get_node(&doc, m->key);
          for (size_t i = 0; i < n && mk->type == YAML_SCALAR_NODE; ++i)
            if (strcmp(o[i].key, (const char *)mk->data.scalar.value) == 0)
              st = gsae_fail(GSAE_ERR_ARG, "override '%s=%s': %s:%zu zips '%s' with other keys; change the spec file",
                             o[i].key, o[i].value, origin, mk->start_mark.line + 1, o[i].key);
        }
      }
      continue;
    }
    for (size_t i = 0; i < n; ++i)
      if (strcmp(o[i].key, key) == 0) {
        o[i].found = 1;
        o[i].from = byte_offset(text, k->start_mark.index);
        o[i].to = byte_offset(text, v->end_mark.index);
      }
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  return st;
}

static int by_position(const void *a, const void *b) {
  const override *x = a, *y = b;
  return (x->from > y->from) - (x->from < y->from);
}

gsae_status gsae_spec_override(const char *text, const char *origin, const char *const *args, size_t n,
                               char **effective) {
  *effective = NULL;
  gsae_status st = GSAE_OK;
  override *o = NULL;
  char *out = NULL;
  size_t extra = 64;
  GSAE_TRY_ALLOC(o, n ? n : 1, "the overrides");
  for (size_t i = 0; i < n; ++i) {
    GSAE_TRY(parse_override(args[i], &o[i]));
    for (size_t j = 0; j < i; ++j)
      if (strcmp(o[i].key, o[j].key) == 0) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override of '%s' given twice", o[i].key));
    extra += 2 * strlen(args[i]) + 8;
  }
  GSAE_TRY(locate(text, origin, o, n));
  size_t cap = strlen(text) + extra, len = 0, at = 0;
  GSAE_TRY_ALLOC(out, cap, "the overridden spec");
  qsort(o, n, sizeof *o, by_position);
  for (size_t i = 0; i < n; ++i) { /* replace in place, in the text's order */
    if (!o[i].found) continue;
    memcpy(out + len, text + at, o[i].from - at);
    len += o[i].from - at;
    len += (size_t)snprintf(out + len, cap - len, "%s: %s%s", o[i].key, o[i].value,
                            o[i].to > 0 && text[o[i].to - 1] == '\n' ? "\n" : "");
    at = o[i].to;
  }
  len += (size_t)snprintf(out + len, cap - len, "%s", text + at);
  if (n && len > 0 && out[len - 1] != '\n') len += (size_t)snprintf(out + len, cap - len, "\n");
  for (size_t i = 0; i < n; ++i)
    if (!o[i].found) len += (size_t)snprintf(out + len, cap - len, "%s: %s\n", o[i].key, o[i].value);
  if (n) {
    len += (size_t)snprintf(out + len, cap - len, "# overridden on the command line:");
    for (size_t i = 0; i < n; ++i) len += (size_t)snprintf(out + len, cap - len, " %s", args[i]);
    snprintf(out + len, cap - len, "\n");
  }
  *effective = out;
  out = NULL;
cleanup:
  free(out);
  free(o);
  return st;
}
