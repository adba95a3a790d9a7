/* Making and opening the benchmark's backoffice stores on either backend (shared by the port and services paths). */
#ifndef BO_BENCH_WORKLOAD_STORE_H
#define BO_BENCH_WORKLOAD_STORE_H

#include "domain/ports/ports.h"
#include "tests/bench/workload_run.h"

#define WB_USER "bench"

/* A fresh store as `backoffice init` makes it (currency EUR, zone UTC,
 * admin WB_USER), then opened into *p. 0 or -1 (said on stderr). */
int wb_store_make(const wb_job *j, bo_ports *p);
/* The existing store of j, opened into *p. */
int wb_store_open(const wb_job *j, bo_ports *p);
/* The bytes on disk of j's store after the phase (ports closed). */
int64_t wb_store_bytes(const wb_job *j);

/* Phase A's step through the port, for phase D's writers too: event e
 * appended alone in a transaction of its own, expected version = what its
 * stream holds (counted in vs). 0 or -1 (said on stderr). */
int wb_port_append_one(bo_ports *p, const bo_ids *ids, const wl_workload *w,
		       const wl_event *e, wb_versions *vs);

#endif
