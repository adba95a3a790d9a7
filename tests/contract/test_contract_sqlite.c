/* The port contract suite against the SQLite backend, one fresh store file per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "adapters/sqlite/sqlite_store.h"
#include "tests/support/contract.h"

typedef struct store_file {
	char dir[64];
	char path[96];
} store_file;

static void remove_store(store_file *s)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[128];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", s->path, suffixes[i]);
		unlink(name);
	}
}

static int open_sqlite(bo_ports *out, void *ctx)
{
	store_file *s = ctx;
	bo_err err = {0};
	int rc;

	remove_store(s);
	rc = bo_sqlite_open(out, s->path, BO_SQLITE_CREATE, &err);
	if (rc != BO_OK)
		fprintf(stderr, "bo_sqlite_open %s: %s\n", s->path, err.msg);
	return rc;
}

/* A second connection to the same file, as another process would have. */
static int open_sqlite_again(bo_ports *out, void *ctx)
{
	store_file *s = ctx;
	bo_err err = {0};
	int rc = bo_sqlite_open(out, s->path, BO_SQLITE_OPEN, &err);

	if (rc != BO_OK)
		fprintf(stderr, "bo_sqlite_open %s: %s\n", s->path, err.msg);
	return rc;
}

static void cleanup_sqlite(void *ctx)
{
	remove_store(ctx);
}

int main(void)
{
	store_file s;
	bo_contract_backend b = {"sqlite contract", open_sqlite, cleanup_sqlite,
				 &s, open_sqlite_again,
				 /* a reader keeps its snapshot: no waiting */
				 false};
	int failed;

	snprintf(s.dir, sizeof(s.dir), "/tmp/bo-contract-XXXXXX");
	if (!mkdtemp(s.dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(s.path, sizeof(s.path), "%s/store.db", s.dir);
	failed = bo_contract_run(&b);
	remove_store(&s);
	rmdir(s.dir);
	return failed;
}
