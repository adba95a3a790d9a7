/* Phase D of the workload on PostgreSQL: writer processes appending concurrently while a follower reads the log; the follower must see every event exactly once. */
#include <stdio.h>

#include "tests/bench/workload_run.h"

int wb_concurrent(const wb_job *j, const wl_workload *w, wb_out *o)
{
	(void)j;
	(void)w;
	(void)o;
	fprintf(stderr, "workload: phase D: not yet\n");
	return -1;
}
