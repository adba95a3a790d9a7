/* Status codes shared by every layer, and the error detail that travels with them. */
#ifndef BO_STATUS_H
#define BO_STATUS_H

#include <stddef.h>

/*
 * One table gives the enum, its message and the process exit status.
 * A status is 0 (success) or negative; -status is never used directly as an exit
 * status: call bo_status_exit().
 */
#define BO_STATUS_TABLE(X)                                                     \
	X(BO_OK, 0, 0, "success")                                              \
	X(BO_EUSAGE, -2, 2, "usage error")                                     \
	X(BO_EINVAL, -3, 3, "invalid input")                                   \
	X(BO_ENOTFOUND, -4, 4, "not found")                                    \
	X(BO_ECONFLICT, -5, 5, "conflict")                                     \
	X(BO_EPERM, -6, 6, "permission denied")                                \
	X(BO_ESTORAGE, -7, 7, "storage error")                                 \
	X(BO_ENOMEM, -8, 7, "out of memory")

typedef enum {
#define BO_X(name, value, exit_status, text) name = value,
	BO_STATUS_TABLE(BO_X)
#undef BO_X
} bo_status;

/* The detail of a failure: the status and one sentence naming the field or thing. */
typedef struct bo_err {
	int code;
	char msg[512];
} bo_err;

/* Static text for a status ("not found"); never NULL. */
const char *bo_status_text(int status);

/* The documented process exit status for a status (0, 2..7); 1 for unknown codes. */
int bo_status_exit(int status);

/*
 * Records code and a printf-style sentence in err (err may be NULL) and returns
 * code, so callers write `return bo_err_set(err, BO_EINVAL, "...")`.
 * A message set earlier is overwritten.
 */
int bo_err_set(bo_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to BO_OK with an empty message. err may be NULL. */
void bo_err_clear(bo_err *err);

#endif
