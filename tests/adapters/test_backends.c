/* The backend table: each --db kind to its open, create and destroy, and the one not built yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters/sys/backends.h"

typedef struct fixture {
	char dir[64];
	char path[96];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bo-backends-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char name[128];

	snprintf(name, sizeof(name), "%s/other.txt", f->dir);
	unlink(name);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static bool exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static int fill_tenant(bo_ports *ports, void *ctx, bo_err *err)
{
	int rc = bo_store_begin(&ports->store, err);

	if (rc == 0)
		rc = bo_store_setting_set(&ports->store, "tenant", ctx, err);
	if (rc == 0)
		rc = bo_store_commit(&ports->store, err);
	return rc;
}

static void postgresql_is_a_row_with_its_functions(void **state)
{
	const bo_backend *be = NULL;
	bo_err err = {0};

	(void)state;
	assert_int_equal(bo_backend_find(&be, BO_BACKEND_POSTGRES, &err),
			 BO_OK);
	assert_non_null(be);
	assert_string_equal(be->name, "postgresql");
	assert_non_null(be->open);
	assert_non_null(be->create);
	assert_non_null(be->destroy);
}

static void sqlite_creates_opens_and_destroys_through_its_row(void **state)
{
	fixture *f = *state;
	const bo_backend *be = NULL;
	char wal[128], *tenant = NULL;
	bo_ports p;
	bo_err err = {0};

	assert_int_equal(bo_backend_find(&be, BO_BACKEND_SQLITE, &err), BO_OK);
	assert_non_null(be);
	assert_string_equal(be->name, "sqlite");
	assert_int_equal(be->open(&p, f->path, &err), BO_ENOTFOUND);
	assert_int_equal(be->destroy(f->path, &err), BO_ENOTFOUND);
	assert_int_equal(be->create(f->path, fill_tenant, "shop", &err), BO_OK);
	assert_int_equal(be->create(f->path, fill_tenant, "x", &err),
			 BO_ECONFLICT);
	assert_int_equal(be->open(&p, f->path, &err), BO_OK);
	assert_string_equal(p.backend, "sqlite");
	assert_int_equal(bo_store_setting_get(&p.store, "tenant", &tenant, &err),
			 BO_OK);
	assert_string_equal(tenant, "shop");
	free(tenant);
	bo_ports_close(&p);
	assert_int_equal(be->destroy(f->path, &err), BO_OK);
	assert_false(exists(f->path));
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_false(exists(wal));
	assert_int_equal(be->open(&p, f->path, &err), BO_ENOTFOUND);
}

static void destroy_leaves_a_file_that_is_not_a_store(void **state)
{
	fixture *f = *state;
	const bo_backend *be = NULL;
	char other[128];
	bo_err err = {0};
	FILE *fp;

	snprintf(other, sizeof(other), "%s/other.txt", f->dir);
	fp = fopen(other, "w");
	assert_non_null(fp);
	fputs("my notes, not a store\n", fp);
	fclose(fp);
	assert_int_equal(bo_backend_find(&be, BO_BACKEND_SQLITE, &err), BO_OK);
	assert_int_equal(be->destroy(other, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "is not a backoffice store"));
	assert_non_null(strstr(err.msg, "other.txt"));
	assert_true(exists(other));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(postgresql_is_a_row_with_its_functions),
	    cmocka_unit_test_setup_teardown(
		sqlite_creates_opens_and_destroys_through_its_row, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		destroy_leaves_a_file_that_is_not_a_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
