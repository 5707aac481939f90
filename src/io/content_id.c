/* A data set file probed before any work: its content id (what a sweep point's id holds for
 * `data: PATH`, so that a file renamed or moved is the same data and a file whose values changed is
 * not), its shape and what it holds. See dataset.h. */
#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dataset.h"
#include "gsae/h5.h"
#include "gsae/schema.h"

#define BLOCK_ROWS 4096

static void fnv(uint64_t *h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; ++i) {
    *h ^= p[i];
    *h *= 1099511628211ULL;
  }
}

/* Rows of dset as `memtype` values, block by block, into the hash (with the shape first). */
static gsae_status hash_rows(hid_t fid, const char *dset, hid_t memtype, size_t elem, int rank, uint64_t *h,
                             const char *path) {
  hsize_t dims[2] = {0, 1};
  GSAE_CALL(gsae_h5_shape(fid, dset, rank, dims, path));
  uint64_t shape[2] = {dims[0], rank == 2 ? dims[1] : 1};
  fnv(h, dset, strlen(dset));
  fnv(h, shape, sizeof shape);
  size_t cols = (size_t)shape[1];
  if (cols == 0 || dims[0] == 0) return GSAE_OK;
  size_t block = BLOCK_ROWS * cols > ((size_t)1 << 26) ? 1 : BLOCK_ROWS;
  gsae_status st = GSAE_OK;
  void *buf = malloc(block * cols * elem);
  if (!buf) GSAE_TRY(gsae_fail(GSAE_ERR_MEMORY, "%s: out of memory hashing %s", path, dset));
  for (size_t r = 0; r < dims[0]; r += block) {
    size_t rows = dims[0] - r < block ? dims[0] - r : block;
    GSAE_TRY(gsae_h5_read_rows(fid, dset, memtype, r, rows, buf, 0, path));
    fnv(h, buf, rows * cols * elem);
  }
cleanup:
  free(buf);
  return st;
}

gsae_status gsae_dataset_probe_file(const char *path, gsae_dataset_probe *probe) {
  memset(probe, 0, sizeof *probe);
  hid_t fid;
  GSAE_CALL(gsae_h5_open(path, MPI_COMM_NULL, 0, &fid));
  gsae_status st = GSAE_OK;
  uint64_t h = 1469598103934665603ULL;
  hsize_t dims[2] = {0, 0};
  GSAE_TRY(gsae_format_expect(fid, GSAE_FORMAT_DATASET, "a gsae data set", path));
  GSAE_TRY(gsae_h5_shape(fid, "/data/Y", 2, dims, path));
  probe->samples = (size_t)dims[0];
  probe->n = (size_t)dims[1];
  probe->has_truth = gsae_h5_exists(fid, "/truth/A");
  probe->has_labels = gsae_h5_exists(fid, "/data/labels");
  /* the samples as float64 (a float32 file and its float64 copy are the same data), the labels */
  GSAE_TRY(hash_rows(fid, "/data/Y", H5T_NATIVE_DOUBLE, sizeof(double), 2, &h, path));
  if (probe->has_labels) GSAE_TRY(hash_rows(fid, "/data/labels", H5T_NATIVE_INT64, sizeof(int64_t), 1, &h, path));
  h ^= h >> 33; /* MurmurHash3's finaliser, as the point ids */
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  snprintf(probe->content_id, sizeof probe->content_id, "%016llx", (unsigned long long)h);
cleanup:
  H5Fclose(fid);
  return st;
}
