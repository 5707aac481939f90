/* Provenance recorded as root attributes of every file gsae writes: gsae_version, git_commit,
 * precision, blas, ranks, command, and a UTC timestamp (ISO 8601). */
#ifndef GSAE_PROVENANCE_H
#define GSAE_PROVENANCE_H

#include <hdf5.h>
#include <mpi.h>
#include <stddef.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes); SOURCE_DATE_EPOCH,
 * when set, replaces the clock (for byte-reproducible files). */
void gsae_now_utc(char *buf, size_t cap);

/* Join argv into one shell-like command line (allocated; caller frees). */
char *gsae_command_line(int argc, char **argv);

/* The BLAS and the kernels it runs, e.g. "OpenBLAS 0.3.21 SkylakeX" (OpenBLAS picks its kernels
 * for the CPU at load time, or as OPENBLAS_CORETYPE says; its generic "Prescott" kernels on a CPU
 * with AVX2 / AVX-512 are 2-3x slower: see docs/benchmarks.md, "OpenBLAS kernels"). */
const char *gsae_blas_name(void);

/* Write gsae_version, git_commit, precision, blas, ranks, command and `time_attr` = timestamp on obj.
 * The timestamp is taken on rank 0 of comm and broadcast (so collective metadata writes agree);
 * pass MPI_COMM_NULL from a single writer, with `ranks` the size of the job (0: not recorded, for
 * files whose bytes must not depend on the rank count). */
gsae_status gsae_provenance_write(hid_t fid, const char *obj, MPI_Comm comm, int ranks, const char *command,
                                  const char *time_attr);

#ifdef __cplusplus
}
#endif
#endif
