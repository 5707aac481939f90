// GoogleTest main with MPI: the same binary runs alone (1 rank) or under mpiexec (Mpi* tests).
#include <gtest/gtest.h>
#include <mpi.h>

extern "C" {
#include "gsae/h5.h"
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  gsae_h5_quiet();
  ::testing::InitGoogleTest(&argc, argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) {  // one report, from rank 0
    auto &listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int rc = RUN_ALL_TESTS();
  int any = rc;
  MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any;
}
