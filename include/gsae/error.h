/* Errors travel up, never vanish (PETSc style).
 *
 * Every fallible function returns gsae_status (0 = success). The place that detects a problem
 * records one human-readable line with gsae_fail(...): what went wrong and where (file, dataset,
 * flag). Callers propagate with GSAE_CALL, which adds nothing to the message but records the
 * call chain (printed only when GSAE_TRACEBACK=1 is set in the environment). The CLI prints the
 * message as a single line and exits non-zero. */
#ifndef GSAE_ERROR_H
#define GSAE_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int gsae_status;

enum {
  GSAE_OK = 0,
  GSAE_ERR_ARG = 1,     /* bad flag, impossible parameter */
  GSAE_ERR_IO = 2,      /* missing, corrupt or unwritable file */
  GSAE_ERR_DATA = 3,    /* wrong shape, NaN/Inf, inconsistent content */
  GSAE_ERR_NUMERIC = 4, /* divergence during training */
  GSAE_ERR_MEMORY = 5,
  GSAE_ERR_MPI = 6,
  GSAE_ERR_INTERRUPTED = 7 /* stopped by a signal after writing a checkpoint */
};

/* Record an error (printf-style message) and return its code. Overwrites any previous message. */
gsae_status gsae_fail_at(gsae_status code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define gsae_fail(code, ...) gsae_fail_at((code), __FILE__, __LINE__, __VA_ARGS__)

/* Prefix the current message with context ("reading data.h5: " + message). */
void gsae_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Append a traceback frame; used by GSAE_CALL. */
void gsae_error_frame(const char *file, int line, const char *expr);

const char *gsae_error_message(void);
const char *gsae_error_traceback(void);
void gsae_error_clear(void);

#define GSAE_CALL(expr)                                  \
  do {                                                   \
    gsae_status gsae_call_st_ = (expr);                  \
    if (gsae_call_st_ != GSAE_OK) {                      \
      gsae_error_frame(__FILE__, __LINE__, #expr);       \
      return gsae_call_st_;                              \
    }                                                    \
  } while (0)

/* The cleanup idiom (docs/architecture.md, "Errors and cleanup"). A function that owns memory or a
 * handle declares `gsae_status st = GSAE_OK;`, initialises every resource to empty (NULL,
 * H5I_INVALID_HID), checks each fallible call with GSAE_TRY, which on failure keeps the status,
 * records the frame and jumps to the function's one label `cleanup:`, where everything is released
 * and st is returned. A function that owns nothing propagates with GSAE_CALL (an early return). */
#define GSAE_TRY(expr)                                   \
  do {                                                   \
    st = (expr);                                         \
    if (st != GSAE_OK) {                                 \
      gsae_error_frame(__FILE__, __LINE__, #expr);       \
      goto cleanup;                                      \
    }                                                    \
  } while (0)

/* Allocate or fail with a message naming what was being allocated. */
void *gsae_malloc(unsigned long long bytes, const char *what);
void *gsae_calloc(unsigned long long count, unsigned long long size, const char *what);
#define GSAE_ALLOC(ptr, count, what)                                                      \
  do {                                                                                    \
    (ptr) = gsae_calloc((unsigned long long)(count), sizeof(*(ptr)), (what));             \
    if (!(ptr)) return GSAE_ERR_MEMORY;                                                   \
  } while (0)
/* GSAE_ALLOC inside the cleanup idiom: st = GSAE_ERR_MEMORY and a jump to cleanup on failure. */
#define GSAE_TRY_ALLOC(ptr, count, what)                                                  \
  do {                                                                                    \
    (ptr) = gsae_calloc((unsigned long long)(count), sizeof(*(ptr)), (what));             \
    if (!(ptr)) {                                                                         \
      st = GSAE_ERR_MEMORY;                                                               \
      goto cleanup;                                                                       \
    }                                                                                     \
  } while (0)

#ifdef __cplusplus
}
#endif
#endif
