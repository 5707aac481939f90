/* --init data (internal to src/train): the initial dictionary from training samples. */
#ifndef GSAE_TRAIN_INIT_DATA_H
#define GSAE_TRAIN_INIT_DATA_H

#include <mpi.h>

#include "gsae/dataset.h"
#include "gsae/init.h"

/* W0 (m, n) = A0^T: atom j is training sample s_j, where s_0 < .. < s_{m-1} are m distinct global
 * indices drawn from (seed, GSAE_STREAM_INIT_SAMPLES, 0) (Floyd's algorithm), gathered from the
 * ranks that hold them (a sum with zeros: exact); then A0 is scaled so that ||A0||_2 = 1 (power
 * iteration in double, gsae_sigma_max_sq). The same bits for any rank count. Collective.
 * report: sigma = the scale 1/||A_samples||_2; correlation and delta against A* when ds has a truth
 * of the same shape, NaN otherwise. */
gsae_status init_from_samples(MPI_Comm comm, const gsae_dataset *ds, size_t m, uint64_t seed, gsae_real *W0,
                              gsae_init_report *report);

#endif
