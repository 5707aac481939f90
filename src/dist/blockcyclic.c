/* BLACS grid over a communicator and block-cyclic matrices; see src/dist/blockcyclic.h. */
#include "blockcyclic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsae/dist.h"

gsae_status gsae_grid_init(MPI_Comm comm, gsae_grid *g) {
  memset(g, 0, sizeof *g);
  int size, me, np;
  MPI_Comm_size(comm, &size);
  Cblacs_pinfo(&me, &np); /* initialises BLACS on first use */
  int nprow = (int)sqrt((double)size);
  while (nprow > 1 && size % nprow) --nprow;
  g->comm = comm;
  g->handle = Csys2blacs_handle(comm);
  g->ctx = g->handle;
  Cblacs_gridinit(&g->ctx, "Row", nprow, size / nprow);
  Cblacs_gridinfo(g->ctx, &g->nprow, &g->npcol, &g->myrow, &g->mycol);
  gsae_status st = GSAE_OK;
  if (g->nprow != nprow || g->npcol != size / nprow || g->myrow < 0)
    st = gsae_fail(GSAE_ERR_MPI, "BLACS: could not make a %d x %d process grid", nprow, size / nprow);
  return gsae_dist_agree(comm, st);
}

void gsae_grid_free(gsae_grid *g) {
  if (g->myrow >= 0 && g->nprow > 0) Cblacs_gridexit(g->ctx);
  Cfree_blacs_system_handle(g->handle);
  memset(g, 0, sizeof *g);
}

static int local_count(int n, int nb, int p, int P) {
  int blocks = n / nb, num = (blocks / P) * nb, extra = blocks % P;
  if (p < extra) num += nb;
  else if (p == extra) num += n % nb;
  return num;
}

gsae_status gsae_bcmat_alloc(const gsae_grid *g, int m, int n, int nb, gsae_bcmat *A) {
  memset(A, 0, sizeof *A);
  A->m = m;
  A->n = n;
  A->nb = nb;
  A->lrows = local_count(m, nb, g->myrow, g->nprow);
  A->lcols = local_count(n, nb, g->mycol, g->npcol);
  int lld = A->lrows > 1 ? A->lrows : 1;
  int d[9] = {1, g->ctx, m, n, nb, nb, 0, 0, lld}; /* DESCINIT's fields */
  memcpy(A->desc, d, sizeof d);
  A->a = gsae_calloc((unsigned long long)lld * (unsigned long long)(A->lcols > 1 ? A->lcols : 1), sizeof *A->a,
                     "block-cyclic matrix");
  return A->a ? GSAE_OK : GSAE_ERR_MEMORY;
}

void gsae_bcmat_free(gsae_bcmat *A) {
  free(A->a);
  A->a = NULL;
}

gsae_status gsae_bcmat_gather(const gsae_grid *g, const gsae_bcmat *A, int ncols, double *full) {
  memset(full, 0, (size_t)A->m * (size_t)ncols * sizeof *full);
  const int lld = A->desc[8];
  for (int lc = 0; lc < A->lcols; ++lc) {
    int gc = gsae_bc_global(lc, A->nb, g->mycol, g->npcol);
    if (gc >= ncols) continue;
    for (int lr = 0; lr < A->lrows; ++lr)
      full[(size_t)gsae_bc_global(lr, A->nb, g->myrow, g->nprow) * (size_t)ncols + (size_t)gc] =
          A->a[(size_t)lc * (size_t)lld + (size_t)lr];
  }
  size_t total = (size_t)A->m * (size_t)ncols;
  for (size_t o = 0; o < total; o += (size_t)1 << 28) {
    size_t c = total - o < ((size_t)1 << 28) ? total - o : ((size_t)1 << 28);
    if (MPI_Allreduce(MPI_IN_PLACE, full + o, (int)c, MPI_DOUBLE, MPI_SUM, g->comm) != MPI_SUCCESS)
      return gsae_fail(GSAE_ERR_MPI, "block-cyclic gather: MPI_Allreduce failed");
  }
  return GSAE_OK;
}

void gsae_bcmat_scatter(const gsae_grid *g, gsae_bcmat *A, const double *full) {
  const int lld = A->desc[8];
  for (int lc = 0; lc < A->lcols; ++lc) {
    int gc = gsae_bc_global(lc, A->nb, g->mycol, g->npcol);
    for (int lr = 0; lr < A->lrows; ++lr)
      A->a[(size_t)lc * (size_t)lld + (size_t)lr] =
          full[(size_t)gsae_bc_global(lr, A->nb, g->myrow, g->nprow) * (size_t)A->n + (size_t)gc];
  }
}
