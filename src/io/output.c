/* Outputs never replaced unasked; see gsae/output.h. */
#include "gsae/output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gsae/dist.h"

static gsae_status claim_here(const char *path, const char *flag, int overwrite, const char *more) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT) return GSAE_OK;
    return gsae_fail(GSAE_ERR_IO, "%s: cannot look at %s (%s)", path, flag, strerror(errno));
  }
  if (S_ISDIR(sb.st_mode)) return gsae_fail(GSAE_ERR_ARG, "%s %s is a directory, not a file", flag, path);
  if (!overwrite)
    return gsae_fail(GSAE_ERR_ARG, "%s %s exists; --overwrite moves it aside as %s.replaced-<time>%s%s, or choose "
                     "another %s", flag, path, path, more ? ", " : "", more ? more : "", flag);
  char stamp[32], aside[4200];
  time_t now = time(NULL);
  struct tm utc;
  gmtime_r(&now, &utc);
  strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  snprintf(aside, sizeof aside, "%s.replaced-%s", path, stamp);
  for (int k = 2; access(aside, F_OK) == 0 && k < 100; ++k) /* two in one second */
    snprintf(aside, sizeof aside, "%s.replaced-%s-%d", path, stamp, k);
  if (rename(path, aside) != 0)
    return gsae_fail(GSAE_ERR_IO, "%s: cannot move it aside as %s (%s)", path, aside, strerror(errno));
  printf("moved the existing %s aside as %s (--overwrite)\n", path, aside);
  fflush(stdout);
  return GSAE_OK;
}

gsae_status gsae_output_claim(MPI_Comm comm, const char *path, const char *flag, int overwrite, const char *more) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  return gsae_dist_agree(comm, rank == 0 ? claim_here(path, flag, overwrite, more) : GSAE_OK);
}

gsae_status gsae_output_quarantine(const char *path, const char *reason, const char *who) {
  char aside[4200];
  snprintf(aside, sizeof aside, "%s.corrupt", path);
  if (rename(path, aside) != 0)
    return gsae_fail(GSAE_ERR_IO, "%s: damaged (%s) and cannot be moved aside: %s", path, reason, strerror(errno));
  fprintf(stderr, "%s: warning: %s is damaged (%s); moved to %s, its work is redone\n", who, path, reason, aside);
  return GSAE_OK;
}
