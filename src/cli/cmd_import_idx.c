/* gsae import-idx: an IDX images file and its labels file (MNIST, gzip or plain) -> a gsae data set
 * without ground truth: /data/Y (N, rows*cols) = pixel / 255 and /data/labels (N,), written
 * collectively, each rank its own rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "gsae/dataset.h"
#include "gsae/dist.h"
#include "gsae/idx.h"
#include "gsae/output.h"

#define IMPORT_SCALE "pixel / 255"

/* Both headers (a few bytes each): every rank reads them, so every rank knows the sizes. */
static gsae_status read_headers(const char *images, const char *labels, gsae_idx_header *ih, gsae_idx_header *lh) {
  GSAE_CALL(gsae_idx_read_header(images, GSAE_IDX_IMAGES, ih));
  GSAE_CALL(gsae_idx_read_header(labels, GSAE_IDX_LABELS, lh));
  GSAE_CALL(gsae_idx_check_pair(images, ih, labels, lh));
  return GSAE_OK;
}

/* This rank's rows of the data set from its slice of the IDX pair:
 *   Y (rows, n = image rows * cols) = pixel / 255 in [0, 1], labels (rows,) int32. */
static gsae_status to_dataset(const gsae_idx_pair *pair, size_t total, size_t first, gsae_dataset *ds) {
  const size_t n = pair->rows * pair->cols, rows = pair->count;
  ds->has_truth = 0;
  ds->n = n;
  ds->total = total;
  ds->first = first;
  ds->rows = rows;
  ds->image_rows = pair->rows;
  ds->image_cols = pair->cols;
  ds->params.n = n;
  ds->params.samples = total;
  GSAE_ALLOC(ds->Y, rows * n + 1, "imported images");
  GSAE_ALLOC(ds->labels, rows + 1, "imported labels");
  const gsae_real scale = (gsae_real)255;
  for (size_t i = 0; i < rows * n; ++i) ds->Y[i] = (gsae_real)pair->pixels[i] / scale;
  for (size_t i = 0; i < rows; ++i) ds->labels[i] = (int32_t)pair->labels[i];
  return GSAE_OK;
}

gsae_status cmd_import_idx(MPI_Comm comm, int argc, char **argv, const char *command_line) {
  const char *images = NULL, *labels = NULL, *out = NULL;
  size_t first = 0, count = 0;
  int help = 0, overwrite = 0;
  arg_spec specs[] = {
      {"images", ARG_STRING, &images, "IDX images file, gzip or plain (magic 0x00000803)", 0, NULL, ARG_REQUIRED, "FILE"},
      {"labels", ARG_STRING, &labels, "IDX labels file, gzip or plain (magic 0x00000801)", 0, NULL, ARG_REQUIRED, "FILE"},
      {"out", ARG_STRING, &out, "output HDF5 data set", 0, NULL, ARG_REQUIRED, "FILE"},
      {"first", ARG_SIZE, &first, "first image to import, 0-based (default 0)", 0},
      {"count", ARG_SIZE, &count, "number of images to import (default: all from --first on)", 0},
      {"overwrite", ARG_FLAG, &overwrite, GSAE_OVERWRITE_HELP, 0},
      {"help", ARG_FLAG, &help, "print this help", 0},
      {NULL, ARG_FLAG, NULL, NULL, 0}};
  GSAE_CALL(args_parse("import-idx", specs, argc, argv, 2));
  if (help) {
    if (cli_is_root(comm)) {
      printf("usage: [mpirun -n P] gsae import-idx --images FILE --labels FILE --out FILE [--first K] [--count N]\n"
             "MNIST-style IDX files (gzip or plain) -> a gsae data set: /data/Y (N, rows*cols) = pixel / 255 and\n"
             "/data/labels (N,), no ground-truth dictionary. Each rank reads and writes its own rows; the file is\n"
             "identical for any number of ranks.\n\n");
      args_print_help(specs);
    }
    return GSAE_OK;
  }
  if (strcmp(out, images) == 0 || strcmp(out, labels) == 0)
    return gsae_fail(GSAE_ERR_ARG, "--out must differ from --images and --labels");
  if (args_seen(specs, "count") && count == 0) return gsae_fail(GSAE_ERR_ARG, "--count must be positive");
  GSAE_CALL(gsae_output_claim(comm, out, "--out", overwrite, NULL));

  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  double t0 = MPI_Wtime();
  gsae_idx_header ih, lh;
  GSAE_CALL(gsae_dist_agree(comm, read_headers(images, labels, &ih, &lh)));
  const size_t total = ih.count;
  if (first >= total)
    return gsae_fail(GSAE_ERR_ARG, "--first %zu is beyond the %zu images of %s", first, total, images);
  if (!args_seen(specs, "count")) count = total - first;
  if (count > total - first)
    return gsae_fail(GSAE_ERR_ARG, "--first %zu --count %zu asks for images [%zu, %zu), but %s holds %zu", first, count,
                     first, first + count, images, total);

  /* this rank's rows [f, f + r) of the data set are images first + f ... */
  size_t f, r;
  gsae_dist_shard(count, rank, size, &f, &r);
  gsae_status st = GSAE_OK;
  gsae_idx_pair pair;
  memset(&pair, 0, sizeof pair);
  gsae_dataset ds = {0};
  char *source = NULL;
  GSAE_TRY(gsae_dist_agree(comm, gsae_idx_read_pair(images, labels, first + f, r, &pair)));
  GSAE_TRY(gsae_dist_agree(comm, to_dataset(&pair, count, f, &ds)));
  gsae_idx_pair_free(&pair); /* the pixels are in ds now */
  size_t len = strlen(images) + strlen(labels) + 128;
  source = malloc(len);
  if (source) snprintf(source, len, "images %s, labels %s, items [%zu, %zu)", images, labels, first, first + count);
  GSAE_TRY(gsae_dist_agree(comm, source ? GSAE_OK : gsae_fail(GSAE_ERR_MEMORY, "out of memory (source attribute)")));
  ds.source = source;
  ds.scale = IMPORT_SCALE;
  GSAE_TRY(gsae_dataset_write(comm, out, &ds, command_line));
  if (cli_is_root(comm))
    printf("wrote %s: N=%zu images %zu x %zu (n=%zu) from %s [%zu, %zu), labels from %s, %s, %.2f s\n", out, count,
           ih.rows, ih.cols, ds.n, images, first, first + count, labels, IMPORT_SCALE, MPI_Wtime() - t0);
cleanup:
  gsae_idx_pair_free(&pair);
  free(source);
  gsae_dataset_free(&ds);
  return st;
}
