/* The one precision switch (like FFTW's and PETSc's builds): gsae_real is float by default and
 * double when configured with -DGSAE_DOUBLE=ON. Every kernel, file dataset written from model
 * state, and MPI reduction uses the matching type through the macros below. Accumulations of
 * metrics and energies are always done in double. */
#ifndef GSAE_REAL_H
#define GSAE_REAL_H

#include <cblas.h>
#include <math.h>
#include <hdf5.h>
#include <mpi.h>

#ifdef GSAE_DOUBLE
typedef double gsae_real;
#define GSAE_REAL_NAME "double"
#define GSAE_MPI_REAL MPI_DOUBLE
#define GSAE_H5_REAL H5T_NATIVE_DOUBLE
#define gsae_gemm cblas_dgemm
#define gsae_dot cblas_ddot
#define gsae_axpy cblas_daxpy
#define gsae_sqrt sqrt
#else
typedef float gsae_real;
#define GSAE_REAL_NAME "float"
#define GSAE_MPI_REAL MPI_FLOAT
#define GSAE_H5_REAL H5T_NATIVE_FLOAT
#define gsae_gemm cblas_sgemm
#define gsae_dot cblas_sdot
#define gsae_axpy cblas_saxpy
#define gsae_sqrt sqrtf
#endif

#endif
