/* Private: a BLACS process grid over an MPI communicator and 2-D block-cyclic matrices on it
 * (ScaLAPACK's layout, source process (0, 0), square nb × nb blocks, column-major local storage),
 * with the ScaLAPACK / BLACS prototypes its users need: spectral clustering (src/cluster) and the
 * distributed Gram / block coherence (src/dist/gram.c). */
#ifndef GSAE_DIST_BLOCKCYCLIC_H
#define GSAE_DIST_BLOCKCYCLIC_H

#include <mpi.h>
#include <stddef.h>

#include "gsae/error.h"

/* BLACS (C interface) and ScaLAPACK (Fortran, by reference). */
void Cblacs_pinfo(int *rank, int *nprocs);
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridinit(int *ctx, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int ctx, int *nprow, int *npcol, int *myrow, int *mycol);
void Cblacs_gridexit(int ctx);
void pdgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const double *alpha,
             const double *a, const int *ia, const int *ja, const int *desca, const double *b, const int *ib,
             const int *jb, const int *descb, const double *beta, double *c, const int *ic, const int *jc,
             const int *descc);
/* C := alpha op(A)^T op(A) + beta C (trans 'T': C = alpha A^T A + beta C, A (k, n)); only the uplo
 * triangle of C is referenced and set. */
void pdsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha, const double *a,
             const int *ia, const int *ja, const int *desca, const double *beta, double *c, const int *ic,
             const int *jc, const int *descc);
void pdsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, const double *vl, const double *vu, const int *il, const int *iu,
              int *m, int *nz, double *w, double *z, const int *iz, const int *jz, const int *descz, double *work,
              const int *lwork, int *iwork, const int *liwork, int *info);
void pdgeqrf_(const int *m, const int *n, double *a, const int *ia, const int *ja, const int *desca, double *tau,
              double *work, const int *lwork, int *info);
void pdorgqr_(const int *m, const int *n, const int *k, double *a, const int *ia, const int *ja, const int *desca,
              const double *tau, double *work, const int *lwork, int *info);

typedef struct {
  MPI_Comm comm;
  int handle; /* BLACS system handle of comm */
  int ctx;    /* grid context */
  int nprow, npcol, myrow, mycol;
} gsae_grid;

/* A (m, n) matrix, nb × nb blocks: this process holds lrows × lcols entries, column-major, lld. */
typedef struct {
  int m, n, nb;
  int lrows, lcols;
  int desc[9];
  double *a;
} gsae_bcmat;

/* Collective: the grid (nprow <= npcol, nprow the largest divisor of size <= sqrt(size)). */
gsae_status gsae_grid_init(MPI_Comm comm, gsae_grid *g);
void gsae_grid_free(gsae_grid *g);

/* Local allocation (zeroed) of an (m, n) matrix; fails locally (callers agree). */
gsae_status gsae_bcmat_alloc(const gsae_grid *g, int m, int n, int nb, gsae_bcmat *A);
void gsae_bcmat_free(gsae_bcmat *A);

/* Entries owned by grid coordinate p of P along one dimension: global g <-> local l. */
static inline int gsae_bc_owner(int g, int nb, int P) { return (g / nb) % P; }
static inline int gsae_bc_local(int g, int nb, int P) { return (g / (nb * P)) * nb + g % nb; }
static inline int gsae_bc_global(int l, int nb, int p, int P) { return ((l / nb) * P + p) * nb + l % nb; }

/* Collective: columns 0..ncols-1 of A gathered on every rank as full (A.m, ncols) row-major
 * (each entry is owned by one process; the others add zeros: exact). */
gsae_status gsae_bcmat_gather(const gsae_grid *g, const gsae_bcmat *A, int ncols, double *full);

/* Local: A's entries set from full (A.m, A.n) row-major, the same on every rank. */
void gsae_bcmat_scatter(const gsae_grid *g, gsae_bcmat *A, const double *full);

#endif
