/* Flat YAML mappings of scalars; see gsae/yaml_flat.h. */
#include "gsae/yaml_flat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gsae/yaml_doc.h"

void gsae_yaml_pairs_free(gsae_yaml_pair *pairs, size_t count) {
  for (size_t i = 0; pairs && i < count; ++i) {
    free(pairs[i].key);
    free(pairs[i].value);
  }
  free(pairs);
}

static gsae_status read_pairs(yaml_document_t *doc, const char *path, gsae_yaml_pair *out, size_t *count) {
  yaml_node_t *root = yaml_document_get_root_node(doc);
  if (!root) return gsae_fail(GSAE_ERR_ARG, "%s: the file is empty", path);
  if (root->type != YAML_MAPPING_NODE)
    return gsae_fail(GSAE_ERR_ARG, "%s:%zu: expected a mapping of key: value lines", path, root->start_mark.line + 1);
  for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; ++pr) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key), *v = yaml_document_get_node(doc, pr->value);
    size_t line = k->start_mark.line + 1;
    if (k->type != YAML_SCALAR_NODE) return gsae_fail(GSAE_ERR_ARG, "%s:%zu: keys must be plain words", path, line);
    const char *key = (const char *)k->data.scalar.value;
    if (v->type != YAML_SCALAR_NODE)
      return gsae_fail(GSAE_ERR_ARG, "%s:%zu: %s: a single value here (lists and ranges are for gsae sweep)", path,
                       line, key);
    for (size_t i = 0; i < *count; ++i)
      if (strcmp(out[i].key, key) == 0)
        return gsae_fail(GSAE_ERR_ARG, "%s:%zu: '%s' is set twice (first on line %d)", path, line, key, out[i].line);
    out[*count].key = strdup(key);
    out[*count].value = strdup((const char *)v->data.scalar.value);
    out[*count].line = (int)line;
    ++*count;
    if (!out[*count - 1].key || !out[*count - 1].value) return gsae_fail(GSAE_ERR_MEMORY, "out of memory reading %s", path);
  }
  return GSAE_OK;
}

gsae_status gsae_yaml_flat_read(const char *path, gsae_yaml_pair **pairs, size_t *count) {
  *pairs = NULL;
  *count = 0;
  gsae_status st = GSAE_OK;
  char *text = NULL;
  size_t len = 0;
  int loaded = 0;
  yaml_document_t doc;
  GSAE_TRY(gsae_yaml_read_file(path, "the settings file", &text, &len));
  GSAE_TRY(gsae_yaml_load(text, len, path, &doc));
  loaded = 1;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  size_t cap = root && root->type == YAML_MAPPING_NODE
                   ? (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start)
                   : 0;
  GSAE_TRY_ALLOC(*pairs, cap ? cap : 1, "the settings");
  GSAE_TRY(read_pairs(&doc, path, *pairs, count));
cleanup:
  if (loaded) yaml_document_delete(&doc);
  free(text);
  if (st != GSAE_OK) {
    gsae_yaml_pairs_free(*pairs, *count);
    *pairs = NULL;
    *count = 0;
  }
  return st;
}
