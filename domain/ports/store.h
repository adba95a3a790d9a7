/* Port: the store itself: write transactions (the unit of work), settings, sequences. */
#ifndef BO_PORT_STORE_H
#define BO_PORT_STORE_H

#include <stdint.h>

#include "../status.h"

/*
 * A command sent with a command id, as the store keeps it: the id is unique,
 * so a command sent again is recognised in the same write transaction that
 * would append its events. Every pointer is owned by the record
 * (bo_command_record_clear).
 */
typedef struct bo_command_record {
	char *command_id;    /* as the caller sent it */
	char *fingerprint;   /* the command and its arguments, canonical */
	char *result;        /* what it answered; NULL when nothing */
	int64_t recorded_at; /* ms since the epoch, UTC */
} bo_command_record;

/* Frees what r owns and zeroes it. NULL is fine. */
void bo_command_record_clear(bo_command_record *r);

/*
 * Every other port of one backend works on the same connection, so a write
 * transaction begun here covers product rows, events and read models alike:
 * that is what makes the product outbox and the inline projections atomic.
 *
 * Many writers: what the domain relies on, for every backend (proven with
 * real processes in tests/support/contract_concurrency.c).
 *
 * Write transactions of one store are serialised: while one is open, a
 * begin on any other connection waits until it ends (and gives up as busy
 * after the backend's timeout). SQLite does it with BEGIN IMMEDIATE, which
 * takes the database's write lock at begin, not at the first write.
 * PostgreSQL keeps it by taking one transaction-scoped advisory lock per
 * store at begin. This, and not a lock of the engine's own, is the choice,
 * because:
 *  - one lock covers every port at once: a product row and its outbox
 *    event, an order's events, the inline read models and checkpoints, the
 *    command record, whatever else one command writes. With a projector
 *    lock instead, each of those would need a rule of its own, and the
 *    order the locks are taken in (deadlocks) would become a contract.
 *  - the projection engine reads a catch-up projector's checkpoint,
 *    applies the events after it and moves it in one write transaction
 *    (catch-up, rebuild, verify); "each event is applied exactly once"
 *    holds because no other writer can apply or move the same projector in
 *    between, and inline checkpoints move forward because appends commit
 *    in position order.
 *  - the price is one writer at a time. A write command costs one durable
 *    commit, which bounds a store near the disk's fsync rate whichever
 *    backend, far above what a back office writes; long work (a rebuild)
 *    must run in short transactions so writers wait milliseconds, never
 *    seconds.
 * What the domain does NOT rely on, so that the contract can be loosened
 * later without touching it: readers take no lock and follow the safe
 * head (event_store.h); appends to one stream are guarded by
 * expected_version, not by the lock; a command id by command_put's
 * uniqueness; sequences promise only increasing and unique numbers. A
 * backend that lets writers run concurrently would in addition need a
 * projector lock (projector state read FOR UPDATE in the engine's
 * transactions), checkpoints that never move back, inline apply that is
 * idempotent per (stream, version) and the two-number cursor described in
 * event_store.h: read_models.h says where.
 */
typedef struct bo_store_ops {
	int version; /* BO_STORE_OPS_VERSION */

	/*
	 * Required. Starts a write transaction, serialised with every other
	 * write transaction of the store from here on (see above; on SQLite
	 * BEGIN IMMEDIATE). Transactions nest: a begin inside an open
	 * one starts an inner level (a savepoint on SQLite) that the matching
	 * commit folds into the level below and the matching rollback undoes
	 * alone, leaving the outer level's writes in place. Nothing is durable
	 * until the outermost commit; an outer rollback undoes every inner
	 * level, committed or not. So a batch can wrap many service calls in
	 * one transaction and a failed call rolls back only itself.
	 * BO_ESTORAGE; BO_EBUSY when the store stayed busy past the timeout
	 * (another writer holds it; nothing is open, so trying again is safe).
	 */
	int (*begin)(void *self, bo_err *err);
	/* Required. Ends the innermost level. BO_ESTORAGE with none open, or on
	 * failure, after which that level is rolled back; BO_EBUSY when the
	 * outermost commit could not get the store in time (rolled back too:
	 * nothing was saved, so the whole command may be tried again). */
	int (*commit)(void *self, bo_err *err);
	/* Required. Undoes the innermost level. Never fails from the caller's
	 * view; safe with no transaction open. */
	void (*rollback)(void *self);

	/* Required. *out is the caller's (free()). BO_ENOTFOUND when unset. */
	int (*setting_get)(void *self, const char *key, char **out,
			   bo_err *err);
	/* Required. Inside a transaction. */
	int (*setting_set)(void *self, const char *key, const char *value,
			   bo_err *err);

	/* Required. Next value of a named sequence, inside a transaction:
	 * increasing, and a number a committed transaction drew is never
	 * drawn again; not gap-free. A rolled-back transaction may or may not
	 * give its number back (SQLite does, a PostgreSQL sequence never
	 * does), so nothing may count by subtracting them. No rule here needs
	 * gap-free numbers: order ids name orders, they are not invoice
	 * numbers. A numbering the law wants without gaps (invoices in some
	 * countries) would be a counter row of its own, read and raised in
	 * the committing transaction under the write lock, not this op. */
	int (*sequence_next)(void *self, const char *name, int64_t *out,
			     bo_err *err);
	/* Required. Raises the sequence so the next value is above floor (import). */
	int (*sequence_raise)(void *self, const char *name, int64_t floor,
			      bo_err *err);

	/* Required. Releases the connection and self. */
	void (*close)(void *self);

	/* Optional (NULL: the store cannot tell; the wrapper answers 0 every
	 * time, so screens do not refresh by themselves). A number that moves whenever a change is committed
	 * through another connection to the same store (the memory store, which
	 * has one connection, moves it on every commit). Compare readings for
	 * equality only: its value means nothing. Outside a transaction.
	 * BO_ESTORAGE. */
	int (*data_version)(void *self, int64_t *out, bo_err *err);

	/* Required. The command recorded under command_id into *out (the
	 * caller's, bo_command_record_clear; zeroed first). BO_ENOTFOUND when
	 * there is none. Inside a transaction it sees that transaction's own
	 * records; outside one, what is committed. BO_ESTORAGE. */
	int (*command_get)(void *self, const char *command_id,
			   bo_command_record *out, bo_err *err);
	/* Required. Inside a transaction: records r (command_id and
	 * fingerprint required, result may be NULL); a rollback of the level
	 * takes it back. BO_ECONFLICT naming the id when a command is already
	 * recorded under it (nothing changes), BO_EINVAL for a missing field,
	 * BO_ESTORAGE. */
	int (*command_put)(void *self, const bo_command_record *r, bo_err *err);

	/* Optional (NULL: -1). A file descriptor that becomes readable when
	 * another connection commits a change (or when the connection to a
	 * server is lost), so a screen or a follower can wait on it with
	 * poll() beside its keyboard instead of asking data_version on a
	 * timer; -1 when the store has none (SQLite: keep polling). A wake-up
	 * says only "look again": the caller then calls data_version, which
	 * also quiets the descriptor, and re-reads from its own checkpoint.
	 * The descriptor may change after reconnect; ask again each time.
	 * Outside a transaction. Never fails: -1 on any trouble. */
	int (*wait_fd)(void *self);

	/* Optional (NULL: 0 every time). For a store behind a server
	 * connection: when that connection was lost, re-establishes it, making
	 * up to attempts tries with a growing pause between them (the first
	 * at once), and answers 1; answers 0, doing nothing, when the
	 * connection is fine. A lost connection ends any open transaction:
	 * what a commit in flight did is then unknown, and only a command id
	 * looked up after the reconnect can tell (command_get). Outside a
	 * transaction. BO_ESTORAGE, one line, when every attempt failed. */
	int (*reconnect)(void *self, int attempts, bo_err *err);

	/* Optional (NULL: every inner level is a savepoint). Inside a
	 * transaction, for a caller that writes many changes all or nothing
	 * (the catalogue import): while on, an inner begin opens no savepoint
	 * and an inner commit does nothing; an inner rollback cannot undo its
	 * level alone, so it dooms the transaction: the outermost commit then
	 * rolls everything back and answers BO_ESTORAGE. PostgreSQL slows down
	 * quadratically past a few hundred savepoints in one transaction. */
	void (*flat_levels)(void *self, int on);
} bo_store_ops;

#define BO_STORE_OPS_VERSION 1

/*
 * What the wrappers saw through one handle, for a caller that must know
 * whether anything became durable (the command line's exit status): a begin
 * that succeeds opens a level, a commit or rollback closes one, and a
 * commit that succeeds in closing the outermost level counts in commits.
 * The outermost levels are also timed (monotonic clock, microseconds): how
 * long the longest begin waited for the write lock (one that gave up busy
 * included), and how long the
 * longest transaction held it, commit included.
 */
typedef struct bo_store_tally {
	int depth;
	int64_t commits;
	int64_t wait_us_max, hold_us_max;
	int64_t held_since_us; /* when the open outermost level began */
} bo_store_tally;

typedef struct bo_store {
	const bo_store_ops *ops;
	void *self;
	bo_store_tally *tally; /* optional, the caller's: counted when set */
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
/* Turns the store's flat_levels on or off; nothing when it has none. */
void bo_store_flat_levels(const bo_store *s, int on);
/* 0 every time, with BO_OK, when the store has no data_version op. */
int bo_store_data_version(const bo_store *s, int64_t *out, bo_err *err);
int bo_store_command_get(const bo_store *s, const char *command_id,
			 bo_command_record *out, bo_err *err);
/* -1 when the store has no wait_fd op. */
int bo_store_wait_fd(const bo_store *s);
/* 0 (nothing to do) when the store has no reconnect op. */
int bo_store_reconnect(const bo_store *s, int attempts, bo_err *err);
int bo_store_command_put(const bo_store *s, const bo_command_record *r,
			 bo_err *err);

#endif
