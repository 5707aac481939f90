/* Nothing finished is overwritten without being asked: before any work, a command that writes
 * OUT checks that OUT does not exist, or, asked to (--overwrite), moves it aside as
 * OUT.replaced-<UTC time> and says so. */
#ifndef GSAE_OUTPUT_H
#define GSAE_OUTPUT_H

#include <mpi.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The help of the --overwrite flag of every command that writes --out. */
#define GSAE_OVERWRITE_HELP "move an existing --out aside as OUT.replaced-<time> first (default: refuse to replace it)"

/* Collective over comm (rank 0 looks, every rank gets the same answer). flag names the option
 * that wrote path ("--out"); more is said after the ways forward (e.g. "--resume continues it"), or
 * NULL. */
gsae_status gsae_output_claim(MPI_Comm comm, const char *path, const char *flag, int overwrite, const char *more);

/* Move a damaged file aside to path + ".corrupt" so that its work is redone (the bytes kept), with
 * one warning line "WHO: warning: PATH is damaged (REASON); moved to PATH.corrupt, its work is
 * redone". Not collective. */
gsae_status gsae_output_quarantine(const char *path, const char *reason, const char *who);

#ifdef __cplusplus
}
#endif
#endif
