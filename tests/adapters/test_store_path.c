/* Tests of bo_store_path_parse: which backend a --db value names, and the exact path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "adapters/sys/store_path.h"

/* Parses db as a SQLite path and checks the path is exactly want. */
static void assert_sqlite_path(const char *db, const char *want)
{
	bo_store_path p;
	bo_err err = {0};

	if (bo_store_path_parse(&p, db, &err) != BO_OK)
		fail_msg("parsing '%s': %s", db, err.msg);
	assert_int_equal(p.kind, BO_BACKEND_SQLITE);
	assert_non_null(p.path);
	assert_string_equal(p.path, want);
	assert_null(p.url);
	bo_store_path_free(&p);
	assert_null(p.path);
}

static void assert_usage(const char *db)
{
	bo_store_path p;
	bo_err err = {0};

	assert_int_equal(bo_store_path_parse(&p, db, &err), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--db"));
	assert_null(p.path);
	assert_null(p.url);
	bo_store_path_free(&p);
}

static void plain_paths_are_taken_as_they_are(void **state)
{
	(void)state;
	assert_sqlite_path("shop.db", "shop.db");
	assert_sqlite_path("./shop.db", "./shop.db");
	assert_sqlite_path("/var/lib/shop.db", "/var/lib/shop.db");
	assert_sqlite_path("../up/shop.db", "../up/shop.db");
	assert_sqlite_path("with space.db", "with space.db");
}

static void the_sqlite_prefix_is_removed_once(void **state)
{
	(void)state;
	assert_sqlite_path("sqlite:shop.db", "shop.db");
	assert_sqlite_path("sqlite:/abs/shop.db", "/abs/shop.db");
	assert_sqlite_path("sqlite:sqlite:x", "sqlite:x");
	/* what follows the prefix is a path, whatever it looks like */
	assert_sqlite_path("sqlite:///abs/x.db", "///abs/x.db");
	assert_sqlite_path("sqlite:mysql://x", "mysql://x");
}

/* SQLite would read these as URIs; here they are file names, byte for byte. */
static void uri_looking_names_are_file_names(void **state)
{
	(void)state;
	assert_sqlite_path("file:other.db", "file:other.db");
	assert_sqlite_path("sqlite:file:other.db", "file:other.db");
	assert_sqlite_path("file:x.db?mode=rw", "file:x.db?mode=rw");
	assert_sqlite_path("sqlite:file:x.db?mode=rw&cache=shared",
			   "file:x.db?mode=rw&cache=shared");
	/* after sqlite: nothing is a scheme any more */
	assert_sqlite_path("sqlite:file:///etc/x.db", "file:///etc/x.db");
	assert_sqlite_path("a?b#c%41.db", "a?b#c%41.db");
	assert_sqlite_path(":memory:", ":memory:");
	assert_sqlite_path("dir/a://b", "dir/a://b");
}

static void postgres_urls_keep_the_whole_url(void **state)
{
	bo_store_path p;
	bo_err err = {0};

	(void)state;
	assert_int_equal(
	    bo_store_path_parse(&p, "postgresql://u@host/shop", &err), BO_OK);
	assert_int_equal(p.kind, BO_BACKEND_POSTGRES);
	assert_string_equal(p.url, "postgresql://u@host/shop");
	assert_null(p.path);
	bo_store_path_free(&p);
	assert_int_equal(bo_store_path_parse(&p, "postgres://h/db", &err),
			 BO_OK);
	assert_int_equal(p.kind, BO_BACKEND_POSTGRES);
	assert_string_equal(p.url, "postgres://h/db");
	bo_store_path_free(&p);
	/* no double slash: not a URL, a file with a colon in its name */
	assert_sqlite_path("postgresql:x", "postgresql:x");
}

static void malformed_values_are_usage_errors(void **state)
{
	bo_store_path p;
	bo_err err = {0};

	(void)state;
	assert_usage(NULL);
	assert_usage("");
	assert_usage("sqlite:");
	assert_usage("mysql://host/db");
	assert_usage("http://example.com/x.db");
	assert_usage("x+y.z-1://h");
	/* a URI with an authority is not taken for a file name either */
	assert_usage("file:///etc/x.db");
	assert_int_equal(bo_store_path_parse(&p, "mysql://h", &err), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "sqlite:PATH"));
}

static void free_is_safe_twice_and_on_null(void **state)
{
	bo_store_path p;
	bo_err err = {0};

	(void)state;
	assert_int_equal(bo_store_path_parse(&p, "x.db", &err), BO_OK);
	bo_store_path_free(&p);
	bo_store_path_free(&p);
	bo_store_path_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_paths_are_taken_as_they_are),
	    cmocka_unit_test(the_sqlite_prefix_is_removed_once),
	    cmocka_unit_test(uri_looking_names_are_file_names),
	    cmocka_unit_test(postgres_urls_keep_the_whole_url),
	    cmocka_unit_test(malformed_values_are_usage_errors),
	    cmocka_unit_test(free_is_safe_twice_and_on_null),
	};

	return cmocka_run_group_tests_name("store_path", tests, NULL, NULL);
}
