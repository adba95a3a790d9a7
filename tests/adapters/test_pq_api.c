/* Tests of loading libpq at run time (adapters/postgres/pq_api.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pq_api.h"

/* Each test leaves the process as the next expects: the failures run
 * first, while nothing is loaded. PQexec here is the macro of pq_api.h,
 * bo_pq_api.PQexec: the pointer itself where it is not called. */

static void a_missing_library_is_one_storage_line_naming_libpq(void **state)
{
	bo_err err;

	(void)state;
	setenv("BACKOFFICE_LIBPQ", "/nonexistent/libpq.so", 1);
	assert_int_equal(bo_pq_load(&err), BO_ESTORAGE);
	assert_int_equal(err.code, BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "PostgreSQL stores need libpq "
					"(/nonexistent/libpq.so)"));
	assert_non_null(strstr(err.msg, "libpq5"));
	assert_null(strchr(err.msg, '\n'));
	assert_null(PQlibVersion);
	unsetenv("BACKOFFICE_LIBPQ");
}

static void a_library_without_the_functions_is_refused(void **state)
{
	bo_err err;

	(void)state;
	/* loads, but has none of libpq's functions */
	setenv("BACKOFFICE_LIBPQ", "libc.so.6", 1);
	assert_int_equal(bo_pq_load(&err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "(libc.so.6) has no PQ"));
	assert_null(PQlibVersion);
	assert_null(PQexec);
	unsetenv("BACKOFFICE_LIBPQ");
}

static void loading_twice_is_once_and_the_calls_work(void **state)
{
	bo_err err;

	(void)state;
	assert_int_equal(bo_pq_load(&err), 0);
	assert_non_null(PQexec);
	int (*version)(void) = PQlibVersion;
	/* once loaded, a second call changes nothing, whatever the
	 * environment says now */
	setenv("BACKOFFICE_LIBPQ", "/nonexistent/libpq.so", 1);
	assert_int_equal(bo_pq_load(&err), 0);
	unsetenv("BACKOFFICE_LIBPQ");
	assert_true(version == PQlibVersion);
	/* through the macro, as the adapter calls it: libpq 14 or newer */
	assert_true(PQlibVersion() >= 140000);
	/* a function that takes arguments: no connection is no status */
	assert_int_equal(PQstatus(NULL), CONNECTION_BAD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_missing_library_is_one_storage_line_naming_libpq),
	    cmocka_unit_test(a_library_without_the_functions_is_refused),
	    cmocka_unit_test(loading_twice_is_once_and_the_calls_work),
	};
	return cmocka_run_group_tests_name("pq_api", tests, NULL, NULL);
}
