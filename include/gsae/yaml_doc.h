/* The YAML texts gsae reads (sweep specs, their key=value overrides, gsae train --config), read
 * and loaded with bounds, so that no input can hang or exhaust the reader:
 *   - a file of at most GSAE_YAML_MAX_BYTES;
 *   - one document (a second one after `---` is refused, whether or not it parses);
 *   - nested at most GSAE_YAML_MAX_DEPTH lists / mappings deep;
 *   - a top-level mapping whose keys start in the first column;
 *   - no tags but YAML's own (!!int, !!str, ...), no anchors or aliases.
 * Each refusal is one line "ORIGIN:LINE: ...". */
#ifndef GSAE_YAML_DOC_H
#define GSAE_YAML_DOC_H

#include <stddef.h>
#include <yaml.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GSAE_YAML_MAX_DEPTH 32
#define GSAE_YAML_MAX_BYTES ((size_t)16 << 20)

/* The whole file as a NUL-terminated text (malloc'ed; *len bytes). what names the file in errors
 * ("the spec"). */
gsae_status gsae_yaml_read_file(const char *path, const char *what, char **text, size_t *len);

/* Check text against the bounds above, then load it into *doc (yaml_document_delete it after
 * success). An empty text loads as a document without a root node. */
gsae_status gsae_yaml_load(const char *text, size_t len, const char *origin, yaml_document_t *doc);

#ifdef __cplusplus
}
#endif
#endif
