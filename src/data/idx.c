/* IDX files (MNIST), gzip or plain, through zlib; see include/gsae/idx.h. */
#include "gsae/idx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define IDX_UBYTE 0x08
#define SCRATCH_BYTES ((size_t)1 << 16)

static const char *kind_name(gsae_idx_kind k) { return k == GSAE_IDX_LABELS ? "labels" : "images"; }
static uint32_t kind_magic(gsae_idx_kind k) { return 0x00000800u | (uint32_t)k; }

static const char *type_name(unsigned t) {
  switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown type";
  }
}

static uint32_t be32(const uint8_t *b) {
  return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | (uint32_t)b[3];
}

static gsae_status open_file(const char *path, gzFile *gz) {
  *gz = NULL;
  if (access(path, F_OK) != 0) return gsae_fail(GSAE_ERR_IO, "%s: no such file", path);
  if (access(path, R_OK) != 0) return gsae_fail(GSAE_ERR_IO, "%s: permission denied (%s)", path, strerror(errno));
  *gz = gzopen(path, "rb");
  if (!*gz) return gsae_fail(GSAE_ERR_IO, "%s: cannot open (%s)", path, errno ? strerror(errno) : "out of memory");
  gzbuffer(*gz, 1u << 17);
  return GSAE_OK;
}

/* Read up to len bytes; fewer only at the end of the (decompressed) file. *gzerr is zlib's error
 * state afterwards (Z_OK, Z_BUF_ERROR for a gzip stream cut short, Z_DATA_ERROR for bad data). */
static void read_upto(gzFile gz, uint8_t *buf, size_t len, size_t *got, int *gzerr) {
  *got = 0;
  while (*got < len) {
    size_t want = len - *got;
    if (want > ((size_t)1 << 30)) want = (size_t)1 << 30;
    int r = gzread(gz, buf + *got, (unsigned)want);
    if (r <= 0) break;
    *got += (size_t)r;
  }
  gzerror(gz, gzerr);
}

/* The one line for a damaged gzip stream, found after `at` bytes of the decompressed file. */
static gsae_status gzip_problem(gzFile gz, const char *path, size_t at, size_t expected) {
  int err;
  const char *msg = gzerror(gz, &err);
  if (err == Z_BUF_ERROR && at < expected)
    return gsae_fail(GSAE_ERR_IO, "%s: truncated gzip stream (it ends after %zu of the %zu bytes the IDX header announces)",
                     path, at, expected);
  if (err == Z_BUF_ERROR) return gsae_fail(GSAE_ERR_IO, "%s: truncated gzip stream (no gzip trailer)", path);
  return gsae_fail(GSAE_ERR_IO, "%s: corrupt gzip data after %zu decompressed bytes (zlib: %s)", path, at,
                   msg && *msg ? msg : "unknown error");
}

/* Parse the header from an open file; on return the file is positioned at the first data byte. */
static gsae_status parse_header(gzFile gz, const char *path, gsae_idx_kind kind, gsae_idx_header *hdr, size_t *hbytes) {
  uint8_t b[16];
  size_t got;
  int err;
  read_upto(gz, b, 4, &got, &err);
  /* zlib reports a damaged stream as soon as it decompresses ahead, so only a short read is fatal
   * here; read_data sees the same error when it gets there */
  if (got < 4 && err != Z_OK) return gzip_problem(gz, path, got, 4);
  if (got < 4)
    return gsae_fail(GSAE_ERR_DATA, "%s: %zu bytes long, too short for an IDX %s file (magic 0x%08X)", path, got,
                     kind_name(kind), (unsigned)kind_magic(kind));
  uint32_t magic = be32(b);
  unsigned type = b[2], ndims = b[3];
  if (b[0] != 0 || b[1] != 0)
    return gsae_fail(GSAE_ERR_DATA, "%s: not an IDX file (magic 0x%08X; an IDX %s file starts with 0x%08X)", path,
                     (unsigned)magic, kind_name(kind), (unsigned)kind_magic(kind));
  if (type != IDX_UBYTE)
    return gsae_fail(GSAE_ERR_DATA, "%s: IDX type byte 0x%02X (%s) in magic 0x%08X: only unsigned byte (0x08) is read",
                     path, type, type_name(type), (unsigned)magic);
  if (ndims != (unsigned)kind) {
    const char *what = ndims == GSAE_IDX_LABELS ? " (a labels file)" : ndims == GSAE_IDX_IMAGES ? " (an images file)" : "";
    return gsae_fail(GSAE_ERR_DATA, "%s: magic 0x%08X is an IDX file of %u dimension%s%s; %s file has magic 0x%08X",
                     path, (unsigned)magic, ndims, ndims == 1 ? "" : "s", what,
                     kind == GSAE_IDX_IMAGES ? "an images" : "a labels", (unsigned)kind_magic(kind));
  }
  read_upto(gz, b + 4, 4 * ndims, &got, &err);
  if (got < 4 * ndims && err != Z_OK) return gzip_problem(gz, path, 4 + got, 4 + 4 * ndims);
  if (got < 4 * ndims)
    return gsae_fail(GSAE_ERR_DATA, "%s: truncated IDX header (%zu bytes, expected %u)", path, 4 + got, 4 + 4 * ndims);
  size_t dims[3] = {1, 1, 1};
  static const char *const dim_names[3] = {"count", "rows", "cols"};
  for (unsigned k = 0; k < ndims; ++k) {
    dims[k] = be32(b + 4 + 4 * k);
    if (dims[k] == 0) return gsae_fail(GSAE_ERR_DATA, "%s: IDX dimension %u (%s) is 0", path, k, dim_names[k]);
    if (dims[k] > GSAE_IDX_MAX_DIM)
      return gsae_fail(GSAE_ERR_DATA, "%s: IDX dimension %u (%s) = %zu is absurd (more than %zu); corrupt header?", path,
                       k, dim_names[k], dims[k], GSAE_IDX_MAX_DIM);
  }
  hdr->kind = kind;
  hdr->count = dims[0];
  hdr->rows = dims[1];
  hdr->cols = dims[2];
  if (hdr->rows > GSAE_IDX_MAX_ITEM / hdr->cols)
    return gsae_fail(GSAE_ERR_DATA, "%s: IDX images of %zu x %zu pixels are absurd (more than %zu); corrupt header?", path,
                     hdr->rows, hdr->cols, GSAE_IDX_MAX_ITEM);
  hdr->item_bytes = hdr->rows * hdr->cols;
  *hbytes = 4 + 4 * (size_t)ndims;
  return GSAE_OK;
}

gsae_status gsae_idx_read_header(const char *path, gsae_idx_kind kind, gsae_idx_header *hdr) {
  memset(hdr, 0, sizeof *hdr);
  gzFile gz;
  GSAE_CALL(open_file(path, &gz));
  size_t hbytes;
  gsae_status st = parse_header(gz, path, kind, hdr, &hbytes);
  gzclose(gz);
  return st;
}

/* Read and keep data bytes [keep0, keep0 + keep) of the data part into out, consume the rest of the
 * file, and check its length against the header's. */
static gsae_status read_data(gzFile gz, const char *path, const gsae_idx_header *hdr, size_t hbytes, size_t keep0,
                             size_t keep, uint8_t *out) {
  const size_t expected = hdr->count * hdr->item_bytes;
  uint8_t *scratch = gsae_malloc(SCRATCH_BYTES, "IDX read buffer");
  if (!scratch) return GSAE_ERR_MEMORY;
  size_t pos = 0, got;
  int err = Z_OK;
  /* skip to the slice, read it, then read on to the end of the file to find a short or long one */
  while (pos < keep0) {
    size_t want = keep0 - pos < SCRATCH_BYTES ? keep0 - pos : SCRATCH_BYTES;
    read_upto(gz, scratch, want, &got, &err);
    pos += got;
    if (got < want) break;
  }
  if (pos == keep0 && keep > 0) {
    read_upto(gz, out, keep, &got, &err);
    pos += got;
  }
  if (pos == keep0 + keep)
    for (;;) {
      read_upto(gz, scratch, SCRATCH_BYTES, &got, &err);
      pos += got;
      if (got < SCRATCH_BYTES || pos > expected) break;
    }
  free(scratch);
  if (err != Z_OK) return gzip_problem(gz, path, hbytes + pos, hbytes + expected);
  if (pos < expected)
    return gsae_fail(GSAE_ERR_DATA,
                     "%s: truncated IDX data: the header announces %zu %s (%zu bytes after the %zu-byte header), found "
                     "%zu bytes",
                     path, hdr->count, kind_name(hdr->kind), expected, hbytes, pos);
  if (pos > expected) {
    /* count the trailing bytes exactly (the loop above stopped at the first chunk past the end) */
    uint8_t extra[4096];
    do {
      read_upto(gz, extra, sizeof extra, &got, &err);
      pos += got;
    } while (got == sizeof extra);
    return gsae_fail(GSAE_ERR_DATA, "%s: %zu trailing bytes after the %zu %s the IDX header announces (%zu bytes)", path,
                     pos - expected, hdr->count, kind_name(hdr->kind), expected);
  }
  return GSAE_OK;
}

gsae_status gsae_idx_read(const char *path, gsae_idx_kind kind, size_t first, size_t count, gsae_idx_header *hdr,
                          uint8_t **data, size_t *got) {
  memset(hdr, 0, sizeof *hdr);
  *data = NULL;
  *got = 0;
  gsae_status st = GSAE_OK;
  uint8_t *buf = NULL;
  gzFile gz;
  GSAE_CALL(open_file(path, &gz));
  size_t hbytes = 0;
  GSAE_TRY(parse_header(gz, path, kind, hdr, &hbytes));
  if (count == GSAE_IDX_REST) count = first <= hdr->count ? hdr->count - first : 0;
  if (first > hdr->count || count > hdr->count - first)
    GSAE_TRY(gsae_fail(GSAE_ERR_ARG, "%s: items [%zu, %zu) asked for, but the file holds %zu %s", path, first,
                       first + count, hdr->count, kind_name(kind)));
  buf = gsae_malloc(count * hdr->item_bytes + 1, "IDX items");
  GSAE_TRY(buf ? GSAE_OK : GSAE_ERR_MEMORY);
  GSAE_TRY(read_data(gz, path, hdr, hbytes, first * hdr->item_bytes, count * hdr->item_bytes, buf));
  *data = buf;
  *got = count;
  buf = NULL;
cleanup:
  gzclose(gz);
  free(buf);
  return st;
}

gsae_status gsae_idx_check_pair(const char *images_path, const gsae_idx_header *images, const char *labels_path,
                                const gsae_idx_header *labels) {
  if (images->kind != GSAE_IDX_IMAGES || labels->kind != GSAE_IDX_LABELS)
    return gsae_fail(GSAE_ERR_ARG, "%s, %s: expected an images file and a labels file", images_path, labels_path);
  if (images->count != labels->count)
    return gsae_fail(GSAE_ERR_DATA, "%s holds %zu images but %s holds %zu labels", images_path, images->count,
                     labels_path, labels->count);
  return GSAE_OK;
}

void gsae_idx_pair_free(gsae_idx_pair *pair) {
  free(pair->pixels);
  free(pair->labels);
  memset(pair, 0, sizeof *pair);
}

gsae_status gsae_idx_read_pair(const char *images_path, const char *labels_path, size_t first, size_t count,
                               gsae_idx_pair *pair) {
  memset(pair, 0, sizeof *pair);
  gsae_idx_header ih, lh;
  GSAE_CALL(gsae_idx_read_header(images_path, GSAE_IDX_IMAGES, &ih));
  GSAE_CALL(gsae_idx_read_header(labels_path, GSAE_IDX_LABELS, &lh));
  GSAE_CALL(gsae_idx_check_pair(images_path, &ih, labels_path, &lh));
  gsae_status st = GSAE_OK;
  size_t ni = 0, nl = 0;
  GSAE_TRY(gsae_idx_read(images_path, GSAE_IDX_IMAGES, first, count, &ih, &pair->pixels, &ni));
  GSAE_TRY(gsae_idx_read(labels_path, GSAE_IDX_LABELS, first, count, &lh, &pair->labels, &nl));
  pair->total = ih.count;
  pair->first = first;
  pair->count = ni;
  pair->rows = ih.rows;
  pair->cols = ih.cols;
cleanup:
  if (st != GSAE_OK) gsae_idx_pair_free(pair);
  return st;
}
