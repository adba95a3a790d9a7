/* Status codes shared by every layer, and the error detail that travels with them. */
#ifndef BO_STATUS_H
#define BO_STATUS_H

#include <stddef.h>

/*
 * One table gives the enum, its message and the process exit status.
 * A status is 0 (success) or negative; -status is never used directly as an exit
 * status: call bo_status_exit().
 *
 * Each word means one thing, so a caller can tell "try again" from "refused":
 * - BO_ECONFLICT: refused because of what is stored: someone changed it first
 *   (a stale version, a taken name or id) or its state does not allow the
 *   command (an order already shipped), or a read model differs from the log
 *   it should follow (verify). Sending the same command again gives the same
 *   answer until the stored state changes.
 * - BO_EBUSY: the store could not serve the command now (a lock held past
 *   the timeout: SQLITE_BUSY, SQLITE_LOCKED; a PostgreSQL serialization
 *   failure or deadlock) and nothing was written. Retryable as it is.
 * - BO_ESTOPPED: a long operation stopped because its caller asked (a
 *   progress callback said stop, Ctrl-C); what it had not committed is
 *   rolled back. Exit 9, not 130 (128 + SIGINT): 128 + N tells a shell the
 *   process was killed by signal N, while a stopped command caught the
 *   request, rolled back and ended by itself, and a stop need not come from
 *   a signal at all (a screen's Esc).
 */
#define BO_STATUS_TABLE(X)                                                     \
	X(BO_OK, 0, 0, "success")                                              \
	X(BO_EUSAGE, -2, 2, "usage error")                                     \
	X(BO_EINVAL, -3, 3, "invalid input")                                   \
	X(BO_ENOTFOUND, -4, 4, "not found")                                    \
	X(BO_ECONFLICT, -5, 5, "conflict")                                     \
	X(BO_EPERM, -6, 6, "permission denied")                                \
	X(BO_ESTORAGE, -7, 7, "storage error")                                 \
	X(BO_ENOMEM, -8, 7, "out of memory")                                   \
	X(BO_EBUSY, -9, 8, "busy")                                             \
	X(BO_ESTOPPED, -10, 9, "stopped")

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

/* The documented process exit status for a status (0, 2..9); 1 for unknown codes. */
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
