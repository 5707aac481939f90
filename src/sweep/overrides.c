/* key=value overrides of a sweep spec, applied to its text; see gsae_spec_override in sweep.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gsae/evaluate.h"
#include "gsae/sweep.h"
#include "gsae/yaml_doc.h"

typedef struct {
  char key[64];      /* "lambda", or "evaluate.k" for a key of the evaluate: block */
  char sub[64];      /* the block's key ("k"), or "" for a top-level key */
  const char *value;
  size_t from, to;   /* byte range of "key: value" in the spec text */
  int found;         /* 1: replace [from, to); 2: insert a line of the block at from (= to) */
  int indent;        /* column of the block's keys (found == 2) */
  size_t order;      /* position on the command line: ties in the text keep it */
} override;

/* A key of the evaluate: block: data, repr, cluster or one of its settings' rows. */
static int evaluate_key_known(const char *k) {
  return !strcmp(k, "data") || !strcmp(k, "repr") || !strcmp(k, "cluster") ||
         gsae_settings_find(gsae_evaluate_settings, gsae_evaluate_settings_count, k) != NULL;
}

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
  char *dot = strchr(o->key, '.');
  if (dot) { /* evaluate.KEY: a key inside the evaluate: block */
    *dot = '\0';
    int ok = strcmp(o->key, "evaluate") == 0 && evaluate_key_known(dot + 1);
    if (!ok && strcmp(o->key, "evaluate") == 0)
      return gsae_fail(GSAE_ERR_ARG, "override '%s': evaluate: has no key '%s' (data, repr, cluster, k, restarts, "
                       "n_neighbors, seed)", arg, dot + 1);
    if (!ok) return gsae_fail(GSAE_ERR_ARG, "override '%s': only the evaluate: block has keys inside it "
                              "(evaluate.KEY=VALUE)", arg);
    *dot = '.';
    snprintf(o->sub, sizeof o->sub, "%s", dot + 1);
  } else if (strcmp(o->key, "zip") == 0 || !gsae_spec_key_known(o->key)) {
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
  yaml_document_t doc;
  gsae_status st = GSAE_OK;
  st = gsae_yaml_load(doc_text, strlen(doc_text), NULL, &doc);
  if (st != GSAE_OK) gsae_error_prefix("override '%s': ", arg);
  GSAE_TRY(st);
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  const int one = root && root->type == YAML_MAPPING_NODE &&
                  root->data.mapping.pairs.top - root->data.mapping.pairs.start == 1;
  yaml_document_delete(&doc);
  if (!one) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override '%s': the value must be one value, list or range", arg));
cleanup:
  free(doc_text);
  return st;
}

/* The evaluate.KEY overrides inside the block `map`: the pair replaced, or a new line after the
 * block's last pair at the column of its keys. A flow-style block ({...}) is overridden whole. */
static gsae_status locate_in_block(yaml_document_t *doc, const char *text, const char *origin, yaml_node_t *map,
                                   override *o, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!o[i].sub[0]) continue;
    if (map->type != YAML_MAPPING_NODE || map->data.mapping.style == YAML_FLOW_MAPPING_STYLE ||
        map->data.mapping.pairs.top == map->data.mapping.pairs.start)
      return gsae_fail(GSAE_ERR_ARG, "override '%s=%s': %s:%zu: evaluate: is not a block of keys on their own lines; "
                       "override evaluate={...} as a whole", o[i].key, o[i].value, origin, map->start_mark.line + 1);
    yaml_node_pair_t *last = map->data.mapping.pairs.top - 1;
    for (yaml_node_pair_t *m = map->data.mapping.pairs.start; m < map->data.mapping.pairs.top; ++m) {
      yaml_node_t *mk = yaml_document_get_node(doc, m->key), *mv = yaml_document_get_node(doc, m->value);
      if (mk->type == YAML_SCALAR_NODE && strcmp((const char *)mk->data.scalar.value, o[i].sub) == 0) {
        o[i].found = 1;
        o[i].from = byte_offset(text, mk->start_mark.index);
        o[i].to = byte_offset(text, mv->end_mark.index);
      }
    }
    if (!o[i].found) {
      yaml_node_t *lk = yaml_document_get_node(doc, last->key), *lv = yaml_document_get_node(doc, last->value);
      o[i].found = 2;
      o[i].indent = (int)lk->start_mark.column;
      o[i].from = o[i].to = byte_offset(text, lv->end_mark.index);
      if (o[i].from > 0 && text[o[i].from - 1] == '\n') --o[i].from, --o[i].to; /* before the line's end */
    }
  }
  return GSAE_OK;
}

/* Where each override's key sits at the top level of the spec; a zipped key is refused. */
static gsae_status locate(const char *text, const char *origin, override *o, size_t n) {
  yaml_document_t doc;
  if (n == 0) return GSAE_OK;
  if (gsae_yaml_load(text, strlen(text), origin, &doc) != GSAE_OK) { /* the spec's own parse reports it */
    gsae_error_clear();
    return GSAE_OK;
  }
  gsae_status st = GSAE_OK;
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
    if (strcmp(key, "evaluate") == 0) st = locate_in_block(&doc, text, origin, v, o, n);
    for (size_t i = 0; i < n; ++i)
      if (!o[i].sub[0] && strcmp(o[i].key, key) == 0) {
        o[i].found = 1;
        o[i].from = byte_offset(text, k->start_mark.index);
        o[i].to = byte_offset(text, v->end_mark.index);
      }
  }
  for (size_t i = 0; i < n && st == GSAE_OK; ++i)
    if (o[i].sub[0] && !o[i].found)
      st = gsae_fail(GSAE_ERR_ARG, "override '%s=%s': %s has no evaluate: block (override evaluate={data: ..., ...} "
                     "as a whole)", o[i].key, o[i].value, origin);
  yaml_document_delete(&doc);
  return st;
}

static int by_position(const void *a, const void *b) {
  const override *x = a, *y = b;
  if (x->from != y->from) return (x->from > y->from) - (x->from < y->from);
  return (x->order > y->order) - (x->order < y->order);
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
    o[i].order = i;
    for (size_t j = 0; j < i; ++j) {
      if (strcmp(o[i].key, o[j].key) == 0) GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override of '%s' given twice", o[i].key));
      if ((o[i].sub[0] && !strcmp(o[j].key, "evaluate")) || (o[j].sub[0] && !strcmp(o[i].key, "evaluate")))
        GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "override of evaluate given whole and by key (%s, %s)", o[j].key, o[i].key));
    }
    extra += 2 * strlen(args[i]) + 8;
  }
  GSAE_TRY(locate(text, origin, o, n));
  for (size_t i = 0; i < n; ++i) extra += (size_t)o[i].indent + 2;
  size_t cap = strlen(text) + extra, len = 0, at = 0;
  GSAE_TRY_ALLOC(out, cap, "the overridden spec");
  qsort(o, n, sizeof *o, by_position);
  for (size_t i = 0; i < n; ++i) { /* replace in place, in the text's order */
    if (!o[i].found) continue;
    memcpy(out + len, text + at, o[i].from - at);
    len += o[i].from - at;
    const char *key = o[i].sub[0] ? o[i].sub : o[i].key;
    if (o[i].found == 2)
      len += (size_t)snprintf(out + len, cap - len, "\n%*s%s: %s", o[i].indent, "", key, o[i].value);
    else
      len += (size_t)snprintf(out + len, cap - len, "%s: %s%s", key, o[i].value,
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
