/* The port contract suite: written once, run against every storage backend. */
#ifndef BO_TEST_CONTRACT_H
#define BO_TEST_CONTRACT_H

#include <stdbool.h>

#include "domain/ports/ports.h"

/* Opens a fresh, empty store into *out; 0 or a negative status. */
typedef int (*bo_contract_open_fn)(bo_ports *out, void *ctx);
/* Runs after bo_ports_close to remove what open left behind (files); may be NULL. */
typedef void (*bo_contract_cleanup_fn)(void *ctx);

typedef struct bo_contract_backend {
	const char *name; /* names the cmocka group: "memory", "sqlite" */
	bo_contract_open_fn open;
	bo_contract_cleanup_fn cleanup;
	void *ctx;
	/* Opens a second connection to the store open made last, as another
	 * process would (the concurrency tests call it in forked children, so
	 * it must work in a process that holds no connection); NULL when the
	 * backend has a single connection (tests then use the first, and the
	 * concurrency tests skip with a note). */
	bo_contract_open_fn open_again;
	/* Whether a reader on another connection that arrives while an
	 * online rebuild's swap is uncommitted waits for it to commit (the
	 * swap locks the tables, as PostgreSQL's renames do) rather than
	 * being served the old tables at once (SQLite's snapshots). Either
	 * way the reader gets one whole state, never a mix. */
	bool readers_wait_for_swap;
} bo_contract_backend;

/*
 * Runs every contract test, each on a store of its own (open, test, close,
 * cleanup). Returns the number of failed tests (cmocka's group result).
 */
int bo_contract_run(const bo_contract_backend *b);

#endif
