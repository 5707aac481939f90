/* Flat YAML mappings of scalars; see gsae/yaml_flat.h. */
#include "gsae/yaml_flat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

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
  FILE *f = fopen(path, "rb");
  if (!f) return gsae_fail(GSAE_ERR_IO, "%s: cannot open (%s)", path, strerror(errno));
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    fclose(f);
    return gsae_fail(GSAE_ERR_MEMORY, "cannot initialise the YAML parser");
  }
  yaml_parser_set_input_file(&parser, f);
  gsae_status st = GSAE_OK;
  if (!yaml_parser_load(&parser, &doc)) {
    st = gsae_fail(GSAE_ERR_ARG, "%s:%zu: YAML syntax error: %s", path, parser.problem_mark.line + 1,
                   parser.problem ? parser.problem : "malformed");
  } else {
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    size_t cap = root && root->type == YAML_MAPPING_NODE
                     ? (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start)
                     : 0;
    *pairs = calloc(cap ? cap : 1, sizeof **pairs);
    if (!*pairs) st = gsae_fail(GSAE_ERR_MEMORY, "out of memory reading %s", path);
    else st = read_pairs(&doc, path, *pairs, count);
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  fclose(f);
  if (st != GSAE_OK) {
    gsae_yaml_pairs_free(*pairs, *count);
    *pairs = NULL;
    *count = 0;
  }
  return st;
}
