/* UTC days and times for report periods: numbering, formatting, strict parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/calendar.h"

static void days_count_from_the_epoch_and_floor_before_it(void **state)
{
	(void)state;
	assert_int_equal(bo_day_of_ms(0), 0);
	assert_int_equal(bo_day_of_ms(BO_MS_PER_DAY - 1), 0);
	assert_int_equal(bo_day_of_ms(BO_MS_PER_DAY), 1);
	assert_int_equal(bo_day_of_ms(-1), -1);
	assert_int_equal(bo_day_start_ms(20454), INT64_C(1767225600000));
}

static void days_format_as_iso_dates(void **state)
{
	char buf[BO_DAY_BUFSZ];

	(void)state;
	assert_string_equal(bo_day_format(buf, 0), "1970-01-01");
	assert_string_equal(bo_day_format(buf, 20454), "2026-01-01");
	/* 2024 is a leap year, 2100 is not (28 February, then 1 March) */
	assert_string_equal(bo_day_format(buf, 19782), "2024-02-29");
	assert_string_equal(bo_day_format(buf, 47540), "2100-02-28");
	assert_string_equal(bo_day_format(buf, 47541), "2100-03-01");
	assert_string_equal(bo_day_format(buf, -1), "1969-12-31");
}

static void date_parses_back_to_its_day(void **state)
{
	int64_t day = 0;

	(void)state;
	assert_int_equal(bo_day_parse(&day, "2026-01-01", "--from", NULL),
			 BO_OK);
	assert_int_equal(day, 20454);
	assert_int_equal(bo_day_parse(&day, "2024-02-29", "--from", NULL),
			 BO_OK);
	assert_int_equal(day, 19782);
}

static void
malformed_or_impossible_dates_are_refused_naming_the_option(void **state)
{
	static const char *const bad[] = {"",
					  "2026-1-01",
					  "2026-01-1",
					  "20260101",
					  "2026-13-01",
					  "2026-00-10",
					  "2026-02-29",
					  "2026-04-31",
					  "1969-12-31",
					  "2026-01-01x",
					  "2026/01/01",
					  " 2026-01-01",
					  "2026-01-01T00:00"};
	int64_t day = 7;
	bo_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bo_day_parse(&day, bad[i], "--to", &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "--to"));
		assert_int_equal(day, 7);
	}
	assert_int_equal(bo_day_parse(&day, NULL, "--to", &err), BO_EINVAL);
}

static void times_parse_with_optional_seconds_and_zone(void **state)
{
	const int64_t d = INT64_C(1767225600000);
	int64_t t = 0;

	(void)state;
	assert_int_equal(bo_time_parse(&t, "2026-01-01T10:30", "--from", NULL),
			 BO_OK);
	assert_int_equal(t, d + 37800000);
	assert_int_equal(
	    bo_time_parse(&t, "2026-01-01 10:30:05", "--from", NULL), BO_OK);
	assert_int_equal(t, d + 37805000);
	assert_int_equal(
	    bo_time_parse(&t, "2026-01-01T10:30:05.250Z", "--from", NULL),
	    BO_OK);
	assert_int_equal(t, d + 37805250);
}

static void malformed_times_are_refused_naming_the_option(void **state)
{
	static const char *const bad[] = {"2026-01-01",
					  "2026-01-01T",
					  "2026-01-01T24:00",
					  "2026-01-01T10:60",
					  "2026-01-01T10:30:60",
					  "2026-01-01T10:30Zx",
					  "2026-01-01T10:30:05.2",
					  "2026-01-01X10:30",
					  "2026-02-30T10:30"};
	int64_t t = 7;
	bo_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bo_time_parse(&t, bad[i], "--from", &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "--from"));
		assert_int_equal(t, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(days_count_from_the_epoch_and_floor_before_it),
	    cmocka_unit_test(days_format_as_iso_dates),
	    cmocka_unit_test(date_parses_back_to_its_day),
	    cmocka_unit_test(
		malformed_or_impossible_dates_are_refused_naming_the_option),
	    cmocka_unit_test(times_parse_with_optional_seconds_and_zone),
	    cmocka_unit_test(malformed_times_are_refused_naming_the_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
