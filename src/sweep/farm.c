/* Dynamic task farm: teams fetch task numbers from a shared counter (MPI one-sided atomics). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "farm.h"
#include "gsae/signals.h"
#include "gsae/train.h"

enum { C_NEXT, C_DONE, C_FAILED, C_ELSEWHERE, C_COUNT };

static int64_t fetch_add(MPI_Win win, int slot, int64_t add) {
  int64_t old = 0;
  MPI_Fetch_and_op(&add, &old, MPI_INT64_T, 0, slot, MPI_SUM, win);
  MPI_Win_flush(0, win);
  return old;
}

static void format_eta(double seconds, char *buf, size_t cap) {
  if (!isfinite(seconds) || seconds < 0) snprintf(buf, cap, "?");
  else if (seconds < 60) snprintf(buf, cap, "%.0fs", seconds);
  else if (seconds < 3600) snprintf(buf, cap, "%dm%02ds", (int)(seconds / 60), (int)fmod(seconds, 60));
  else snprintf(buf, cap, "%dh%02dm", (int)(seconds / 3600), (int)fmod(seconds / 60, 60));
}

/* After a task: bump done or failed, then one line with the global picture. */
static void report(MPI_Win win, size_t ntasks, farm_outcome out, double t0, const char *label, const char *what,
                   const char *note) {
  const int finished_here = out == FARM_COMPLETE || out == FARM_DONE_ELSEWHERE;
  int64_t done = fetch_add(win, C_DONE, finished_here) + finished_here;
  int64_t failed = fetch_add(win, C_FAILED, out == FARM_FAILED) + (out == FARM_FAILED);
  int64_t elsewhere = fetch_add(win, C_ELSEWHERE, out == FARM_ELSEWHERE) + (out == FARM_ELSEWHERE);
  int64_t next = fetch_add(win, C_NEXT, 0);
  int64_t started = next < (int64_t)ntasks ? next : (int64_t)ntasks;
  int64_t finished = done + failed + elsewhere, running = started - finished;
  if (running < 0) running = 0;
  double elapsed = MPI_Wtime() - t0;
  char eta[32];
  format_eta(finished > 0 ? elapsed / (double)finished * (double)((int64_t)ntasks - finished) : NAN, eta, sizeof eta);
  char other[64] = "";
  if (elsewhere) snprintf(other, sizeof other, ", %lld running elsewhere", (long long)elsewhere);
  printf("[%s] %s %lld/%zu done, %lld running, %lld failed%s, ETA %s | %s\n", label, what, (long long)done, ntasks,
         (long long)running, (long long)failed, other, eta, note);
  fflush(stdout);
}

gsae_status farm_run(MPI_Comm world, MPI_Comm team, size_t ntasks, farm_task_fn fn, void *ctx, const char *label,
                     const char *what, farm_counts *counts) {
  int wrank, trank;
  MPI_Comm_rank(world, &wrank);
  MPI_Comm_rank(team, &trank);
  int64_t *cells = NULL;
  MPI_Win win;
  MPI_Aint bytes = wrank == 0 ? (MPI_Aint)(C_COUNT * sizeof(int64_t)) : 0;
  if (MPI_Win_allocate(bytes, sizeof(int64_t), MPI_INFO_NULL, world, &cells, &win) != MPI_SUCCESS)
    return gsae_fail(GSAE_ERR_MPI, "cannot create the MPI window of the task counter");
  if (wrank == 0)
    for (int k = 0; k < C_COUNT; ++k) cells[k] = 0;
  MPI_Barrier(world);
  double t0 = MPI_Wtime();
  MPI_Win_lock_all(0, win);

  unsigned long long mine[5] = {0, 0, 0, 0, 0}; /* by farm_outcome: counted by the team leaders */
  for (;;) {
    int stop = gsae_signals_stop() != 0, any = 0;
    MPI_Allreduce(&stop, &any, 1, MPI_INT, MPI_LOR, team);
    int64_t task = -1;
    if (!any && trank == 0) task = fetch_add(win, C_NEXT, 1);
    MPI_Bcast(&task, 1, MPI_INT64_T, 0, team);
    if (task < 0 || task >= (int64_t)ntasks) break;
    char note[512] = "";
    farm_outcome out = fn(team, (size_t)task, ctx, note, sizeof note);
    if (trank == 0) {
      mine[out]++;
      if (out != FARM_INTERRUPTED) report(win, ntasks, out, t0, label, what, note);
      else {
        printf("[%s] %s\n", label, note);
        fflush(stdout);
      }
    }
    if (out == FARM_INTERRUPTED) break;
  }

  MPI_Win_unlock_all(win);
  unsigned long long sum[5];
  MPI_Allreduce(mine, sum, 5, MPI_UNSIGNED_LONG_LONG, MPI_SUM, world);
  MPI_Win_free(&win);
  counts->complete = (size_t)sum[FARM_COMPLETE];
  counts->failed = (size_t)sum[FARM_FAILED];
  counts->interrupted = (size_t)sum[FARM_INTERRUPTED];
  counts->elsewhere = (size_t)sum[FARM_ELSEWHERE];
  counts->done_elsewhere = (size_t)sum[FARM_DONE_ELSEWHERE];
  return GSAE_OK;
}
