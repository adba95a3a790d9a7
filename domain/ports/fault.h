/* Test-only fault injection in the port wrappers: fail the Nth call of one op. */
#ifndef BO_PORT_FAULT_H
#define BO_PORT_FAULT_H

#include <stdbool.h>

#include "../status.h"

/*
 * Like SQLite's fault injection in its OS layer, the one door to every port
 * (wrappers.c, reactor_wrappers.c, report_wrappers.c) can be told to fail:
 * tests arm it to prove that a failure at any step of a command leaves the
 * store as it was, on every backend, without a broken adapter.
 *
 * An op is named by its wrapper's function name ("bo_store_commit",
 * "bo_event_store_append"). An injected failure behaves as the port
 * contract says a real one does: the op is not done (nothing is written),
 * except that a failed bo_store_commit rolls its level back first, as a
 * failed commit must. err gets the status and the sentence
 * "injected failure of OP".
 *
 * Process-wide and not thread-safe: for tests only; disarmed it costs one
 * load of a flag per wrapper call.
 */

/*
 * From now on, the nth call (1-based) of op fails with status (negative),
 * and so do the times - 1 calls after it (times < 0: every call from the
 * nth on). Replaces whatever was armed; resets the counters.
 */
void bo_fault_arm(const char *op, long nth, long times, int status);
/* No more failures; the counters stay readable. */
void bo_fault_disarm(void);
/* Calls of the armed op seen since bo_fault_arm, failed or not. */
long bo_fault_calls(void);
/* Of those, how many were failed. */
long bo_fault_fired(void);

/* For the wrappers: status to fail this call of op with, or 0 to go on. */
int bo_fault_check(const char *op, bo_err *err);

extern bool bo_fault_armed;

/* At the top of a wrapper that returns a status: fails the call when armed. */
#define BO_FAULT_POINT(err)                                                    \
	do {                                                                   \
		int bo_fault_rc_;                                              \
		if (bo_fault_armed &&                                          \
		    (bo_fault_rc_ = bo_fault_check(__func__, (err))) < 0)      \
			return bo_fault_rc_;                                   \
	} while (0)

#endif
