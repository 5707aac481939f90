/* `gsae encode` as a library call (src/cluster/encode.c): the representation (represent.h) of a
 * data set's rows by the trained unfolded encoder of a run file, in memory, sharded over the ranks
 * like the input, and as a gsae data set file that `gsae cluster` reads unchanged.
 *
 *   run.h5 (gsae train --encoder unfolded, complete) + ds (rows sharded) --gsae_encode_dataset-->
 *   gsae_encoding (codes: a gsae_dataset of the window's rows) --gsae_encoding_write--> codes.h5
 *
 * Batches are the data set's row ranges [b·batch, (b+1)·batch) (gsae_encode_rows), so a row's
 * code is the same bits for any rank count and any window. A run trained with --center (root
 * attribute center = 1) has its mean image subtracted from every row first (in double, rounded
 * once, as the trainer saw it). */
#ifndef GSAE_ENCODE_H
#define GSAE_ENCODE_H

#include <mpi.h>
#include <stddef.h>

#include "gsae/dataset.h"
#include "gsae/error.h"
#include "gsae/represent.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  gsae_repr_kind repr; /* codes, codes-plus or group-norms */
  size_t first;        /* the window: rows [first, first + count) of the data set */
  size_t count;        /* 0 = every row from first on */
  size_t batch;        /* rows per forward pass (1 .. 2^20) */
} gsae_encode_settings;

/* codes, the whole data set, batches of 1024 rows. */
gsae_encode_settings gsae_encode_defaults(void);
/* The settings on their own, before any data is read (gsae_encode_dataset checks them too). */
gsae_status gsae_encode_settings_check(const gsae_encode_settings *s);

typedef struct {
  gsae_dataset codes;          /* the representation: has_truth 0, total = the window's rows, this rank's
                                  rows (first, rows) with their labels; owned (gsae_encoding_free) */
  gsae_encoder_spec spec;      /* the encoder's settings, from the run file */
  gsae_code_sparsity sparsity; /* of the codes x^K, summed over all rows of the window */
  size_t first;                /* the window's first row in the data set */
  double seconds_encode;       /* the forward passes */
} gsae_encoding;

/* Collective. Rank 0 reads the run file and broadcasts its encoder; every rank encodes its rows of
 * the window. ds is not changed. Errors (one line, every rank): those of gsae_encoder_read, a data
 * dimension other than the encoder's, a window outside the data set, settings out of range. */
gsae_status gsae_encode_dataset(MPI_Comm comm, const char *run, const gsae_dataset *ds, const char *data_name,
                                const gsae_encode_settings *s, gsae_encoding *e);

/* Collective: e as a gsae data set at `out`, written under a temporary name and renamed when
 * complete, with root attributes representation, run, data, data_first, code_groups,
 * code_group_size, the encoder's settings (encoder_*) and the sparsity (mean_active_groups,
 * mean_nonzero_entries, zero_codes, zero_code_fraction). */
gsae_status gsae_encoding_write(MPI_Comm comm, const gsae_encoding *e, const char *run, const char *data_name,
                                const char *out, const char *command);

void gsae_encoding_free(gsae_encoding *e);

#ifdef __cplusplus
}
#endif
#endif
