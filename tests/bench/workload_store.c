/* The benchmark's backoffice stores: created as init makes them and opened, on SQLite or PostgreSQL. */
#include "tests/bench/workload_store.h"

#include <stdio.h>

#include "adapters/postgres/pg_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"

static int fill(bo_ports *ports, void *ctx, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_init_options opt = {NULL, "EUR", WB_USER, NULL};

	(void)ctx;
	return bo_app_init_store(ports, &clock, &opt, err);
}

int wb_store_open(const wb_job *j, bo_ports *p)
{
	bo_err err = {0};
	char url[2048];
	int rc;

	if (j->backend == WB_SQLITE) {
		rc = bo_sqlite_open(p, j->where, BO_SQLITE_OPEN, &err);
	} else {
		wb_pg_url(url, sizeof(url), j->url, j->where);
		rc = bo_pg_open(p, url, &err);
	}
	if (rc < 0)
		fprintf(stderr, "workload: opening the store: %s\n", err.msg);
	return rc < 0 ? -1 : 0;
}

int wb_store_make(const wb_job *j, bo_ports *p)
{
	bo_err err = {0};
	char url[2048];
	int rc;

	if (j->backend == WB_SQLITE) {
		rc = bo_sqlite_create(j->where, fill, NULL, &err);
	} else {
		wb_pg_url(url, sizeof(url), j->url, j->where);
		rc = bo_pg_create(url, fill, NULL, &err);
	}
	if (rc < 0) {
		fprintf(stderr, "workload: creating the store: %s\n", err.msg);
		return -1;
	}
	return wb_store_open(j, p);
}

int64_t wb_store_bytes(const wb_job *j)
{
	return j->backend == WB_SQLITE ? wb_sqlite_bytes(j->where)
				       : wb_pg_schema_bytes(j->url, j->where);
}
