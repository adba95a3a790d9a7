/* In-memory implementations of every port, for unit tests and the contract suite. */
#ifndef BO_MEMORY_STORE_H
#define BO_MEMORY_STORE_H

#include "domain/ports/ports.h"

/* An empty store; close with bo_ports_close. Transactions are real (rollback
 * undoes every change since begin). */
int bo_memory_open(bo_ports *out, bo_err *err);

/* A clock that starts at start_ms and advances step_ms on every reading. */
typedef struct bo_fixed_clock {
	int64_t next_ms;
	int64_t step_ms;
} bo_fixed_clock;
bo_clock bo_fixed_clock_port(bo_fixed_clock *c);

/* Ids "00000000-0000-4000-8000-000000000001", ...002, ... */
typedef struct bo_counter_ids {
	uint64_t next;
} bo_counter_ids;
bo_ids bo_counter_ids_port(bo_counter_ids *c);

#endif
