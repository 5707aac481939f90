/* IDX files (the MNIST distribution format, http://yann.lecun.com/exdb/mnist/), gzip or plain.
 *
 * An IDX file is a big-endian header followed by unsigned bytes:
 *   magic   uint32  0x00000801 (labels, one dimension) or 0x00000803 (images, three dimensions):
 *                   two zero bytes, the type byte (0x08 = unsigned byte, the only one read here),
 *                   and the number of dimensions
 *   dims    uint32 each: count (labels) or count, rows, cols (images)
 *   data    count * rows * cols bytes, item after item, each image row-major
 *
 * Files are read through zlib's gzread, which reads gzip and uncompressed files alike. Every read
 * checks the whole file (magic, type byte, dimensions, exact data length, gzip integrity) and
 * keeps only the items asked for, so a slice costs one pass and the slice's memory. */
#ifndef GSAE_IDX_H
#define GSAE_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_IDX_LABELS = 1, GSAE_IDX_IMAGES = 3 } gsae_idx_kind; /* = the number of dimensions */

/* Pass as `count` to read every item from `first` to the end of the file. */
#define GSAE_IDX_REST ((size_t)-1)

/* Largest accepted dimension (each of count, rows, cols) and item size: anything bigger is taken
 * for a corrupt header rather than allocated. */
#define GSAE_IDX_MAX_DIM ((size_t)1 << 30)
#define GSAE_IDX_MAX_ITEM ((size_t)1 << 24)

typedef struct {
  gsae_idx_kind kind;
  size_t count;      /* items in the file (first dimension) */
  size_t rows, cols; /* image size; 1, 1 for labels */
  size_t item_bytes; /* rows * cols */
} gsae_idx_header;

/* Read and check only the header: magic (the error names what was found and what a labels /
 * images file starts with), type byte, dimensions (zero or absurd ones are errors). */
gsae_status gsae_idx_read_header(const char *path, gsae_idx_kind kind, gsae_idx_header *hdr);

/* Read items [first, first + count) (count = GSAE_IDX_REST: to the end) into *data, allocated here
 * (caller frees), shape (count, item_bytes) uint8; *got is the number of items read. The whole file
 * is checked: a slice beyond the file, truncated data (bytes expected vs found), trailing bytes
 * after the last item and a damaged gzip stream are errors. */
gsae_status gsae_idx_read(const char *path, gsae_idx_kind kind, size_t first, size_t count, gsae_idx_header *hdr,
                          uint8_t **data, size_t *got);

/* An images file and its labels file, read together. */
typedef struct {
  size_t total;        /* items in each file */
  size_t first, count; /* the slice held */
  size_t rows, cols;   /* image size */
  uint8_t *pixels;     /* (count, rows * cols) */
  uint8_t *labels;     /* (count,) */
} gsae_idx_pair;

/* Check that two headers describe an images file and a labels file of the same length. */
gsae_status gsae_idx_check_pair(const char *images_path, const gsae_idx_header *images, const char *labels_path,
                                const gsae_idx_header *labels);

/* Read the slice [first, first + count) of both files (count = GSAE_IDX_REST: to the end); the
 * counts in the two headers must agree. */
gsae_status gsae_idx_read_pair(const char *images_path, const char *labels_path, size_t first, size_t count,
                               gsae_idx_pair *pair);
void gsae_idx_pair_free(gsae_idx_pair *pair);

#ifdef __cplusplus
}
#endif
#endif
