/* Provenance attributes; see include/gsae/provenance.h. */
#include "gsae/provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "gsae/config.h"
#include "gsae/h5.h"
#include "gsae/real.h"

void gsae_now_utc(char *buf, size_t cap) {
  time_t t = time(NULL);
  const char *fixed = getenv("SOURCE_DATE_EPOCH"); /* reproducible-builds convention */
  if (fixed && *fixed) t = (time_t)strtoll(fixed, NULL, 10);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *gsae_command_line(int argc, char **argv) {
  size_t len = 1;
  for (int i = 0; i < argc; ++i) len += strlen(argv[i]) + 3;
  char *s = malloc(len);
  if (!s) return NULL;
  s[0] = '\0';
  for (int i = 0; i < argc; ++i) {
    if (i) strcat(s, " ");
    int quote = strpbrk(argv[i], " \t\"'") != NULL || argv[i][0] == '\0';
    if (quote) strcat(s, "'");
    strcat(s, argv[i]);
    if (quote) strcat(s, "'");
  }
  return s;
}

const char *gsae_blas_name(void) {
  static char name[96];
  if (!name[0]) {
    /* openblas_get_config(): "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64" */
    char version[32] = "";
    sscanf(openblas_get_config(), "OpenBLAS %31s", version);
    snprintf(name, sizeof name, "OpenBLAS %s %s", version, openblas_get_corename());
  }
  return name;
}

gsae_status gsae_provenance_write(hid_t fid, const char *obj, MPI_Comm comm, int ranks, const char *command,
                                  const char *time_attr) {
  char now[32] = {0};
  gsae_now_utc(now, sizeof now);
  if (comm != MPI_COMM_NULL) MPI_Bcast(now, (int)sizeof now, MPI_CHAR, 0, comm);
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "gsae_version", GSAE_VERSION));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "git_commit", GSAE_GIT_COMMIT));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "precision", GSAE_REAL_NAME));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "blas", gsae_blas_name()));
  if (ranks > 0) GSAE_CALL(gsae_h5_attr_write_int(fid, obj, "ranks", ranks));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, "command", command ? command : ""));
  GSAE_CALL(gsae_h5_attr_write_string(fid, obj, time_attr, now));
  return GSAE_OK;
}
