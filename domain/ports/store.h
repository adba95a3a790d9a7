/* Port: the store itself: write transactions (the unit of work), settings, sequences. */
#ifndef BO_PORT_STORE_H
#define BO_PORT_STORE_H

#include <stdint.h>

#include "../status.h"

/*
 * Every other port of one backend works on the same connection, so a write
 * transaction begun here covers product rows, events and read models alike:
 * that is what makes the product outbox and the inline projections atomic.
 */
typedef struct bo_store_ops {
	int version; /* BO_STORE_OPS_VERSION */

	/* Required. Starts a write transaction (exclusive for the writer; on SQLite
	 * BEGIN IMMEDIATE). Nested calls are not supported. BO_ESTORAGE,
	 * BO_ECONFLICT when the store stayed busy past the timeout. */
	int (*begin)(void *self, bo_err *err);
	/* Required. BO_ESTORAGE on failure, after which the transaction is rolled back. */
	int (*commit)(void *self, bo_err *err);
	/* Required. Never fails from the caller's view; safe with no transaction open. */
	void (*rollback)(void *self);

	/* Required. *out is the caller's (free()). BO_ENOTFOUND when unset. */
	int (*setting_get)(void *self, const char *key, char **out, bo_err *err);
	/* Required. Inside a transaction. */
	int (*setting_set)(void *self, const char *key, const char *value,
			   bo_err *err);

	/* Required. Next value of a named sequence (1, 2, 3 ...), inside a
	 * transaction; a rolled-back transaction gives its number back. */
	int (*sequence_next)(void *self, const char *name, int64_t *out,
			     bo_err *err);
	/* Required. Raises the sequence so the next value is above floor (import). */
	int (*sequence_raise)(void *self, const char *name, int64_t floor,
			      bo_err *err);

	/* Required. Releases the connection and self. */
	void (*close)(void *self);
} bo_store_ops;

#define BO_STORE_OPS_VERSION 1

typedef struct bo_store {
	const bo_store_ops *ops;
	void *self;
} bo_store;

int bo_store_begin(const bo_store *s, bo_err *err);
int bo_store_commit(const bo_store *s, bo_err *err);
void bo_store_rollback(const bo_store *s);
int bo_store_setting_get(const bo_store *s, const char *key, char **out,
			 bo_err *err);
int bo_store_setting_set(const bo_store *s, const char *key, const char *value,
			 bo_err *err);
int bo_store_sequence_next(const bo_store *s, const char *name, int64_t *out,
			   bo_err *err);
int bo_store_sequence_raise(const bo_store *s, const char *name, int64_t floor,
			    bo_err *err);

#endif
