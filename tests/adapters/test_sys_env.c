/* Tests of the real clock and the random UUID source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/sys/sys_env.h"
#include "adapters/sys/sys_zone.h"
#include "domain/calendar.h"

#define DRAWS 1000

static int is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static void uuid_is_lower_case_version_4_in_8_4_4_4_12(void **state)
{
	bo_ids ids = bo_sys_ids();
	char u[BO_UUID_LEN + 1];

	(void)state;
	for (int n = 0; n < DRAWS; n++) {
		memset(u, 'x', sizeof(u));
		bo_ids_uuid(&ids, u);
		assert_int_equal(strlen(u), BO_UUID_LEN);
		for (int i = 0; i < BO_UUID_LEN; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23)
				assert_int_equal(u[i], '-');
			else
				assert_true(is_lower_hex(u[i]));
		}
		assert_int_equal(u[14], '4');
		assert_non_null(strchr("89ab", u[19]));
	}
}

static int by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void uuids_do_not_repeat_over_a_thousand_draws(void **state)
{
	bo_ids ids = bo_sys_ids();
	char(*all)[BO_UUID_LEN + 1] = calloc(DRAWS, sizeof(*all));

	(void)state;
	assert_non_null(all);
	for (int n = 0; n < DRAWS; n++)
		bo_ids_uuid(&ids, all[n]);
	qsort(all, DRAWS, sizeof(*all), by_text);
	for (int n = 1; n < DRAWS; n++)
		assert_string_not_equal(all[n - 1], all[n]);
	free(all);
}

static void uuid_bits_vary_outside_the_fixed_ones(void **state)
{
	bo_ids ids = bo_sys_ids();
	char first[BO_UUID_LEN + 1], u[BO_UUID_LEN + 1];
	int differs[BO_UUID_LEN] = {0};

	(void)state;
	bo_ids_uuid(&ids, first);
	for (int n = 0; n < 200; n++) {
		bo_ids_uuid(&ids, u);
		for (int i = 0; i < BO_UUID_LEN; i++)
			differs[i] |= u[i] != first[i];
	}
	/* every hex digit except the version is random (the variant digit
	 * takes one of four values) */
	for (int i = 0; i < BO_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 14 || i == 18 || i == 23)
			assert_false(differs[i]);
		else
			assert_true(differs[i]);
	}
}

static void clock_reads_milliseconds_since_the_epoch(void **state)
{
	bo_clock clock = bo_sys_clock();
	int64_t before = (int64_t)time(NULL) * 1000;
	int64_t now = bo_clock_now(&clock);
	int64_t after = ((int64_t)time(NULL) + 1) * 1000;

	(void)state;
	/* later than 2024-01-01 and within the second time() saw */
	assert_true(now > INT64_C(1704067200000));
	assert_true(now >= before);
	assert_true(now <= after);
}

static void clock_never_runs_backwards_between_readings(void **state)
{
	bo_clock clock = bo_sys_clock();
	int64_t last = bo_clock_now(&clock);

	(void)state;
	for (int n = 0; n < 1000; n++) {
		int64_t now = bo_clock_now(&clock);

		/* wall time may be stepped by an admin, but not by 1 s here */
		assert_true(now >= last - 1000);
		last = now;
	}
}

#define HOUR INT64_C(3600000)

static void berlin_from_the_tz_database_has_23_and_25_hour_days(void **state)
{
	bo_sys_zone z;
	bo_err err = {0};
	int64_t mar29 = bo_days_from_civil(2026, 3, 29);
	int64_t oct25 = bo_days_from_civil(2026, 10, 25);
	char buf[BO_TIME_BUFSZ];

	(void)state;
	assert_int_equal(bo_sys_zone_open(&z, "Europe/Berlin", &err), 0);
	assert_string_equal(z.zone.name, "Europe/Berlin");
	assert_int_equal(bo_zone_offset(&z.zone, bo_day_start_ms(mar29)), HOUR);
	assert_int_equal(
	    bo_zone_offset(&z.zone, bo_day_start_ms(mar29) + 2 * HOUR),
	    2 * HOUR);
	assert_int_equal(bo_local_day_start_ms(&z.zone, mar29 + 1) -
			     bo_local_day_start_ms(&z.zone, mar29),
			 23 * HOUR);
	assert_int_equal(bo_local_day_start_ms(&z.zone, oct25 + 1) -
			     bo_local_day_start_ms(&z.zone, oct25),
			 25 * HOUR);
	assert_string_equal(bo_time_format_local(buf, sizeof(buf), &z.zone,
						 bo_day_start_ms(mar29) + HOUR,
						 true, true),
			    "2026-03-29 03:00:00 CEST");
	assert_string_equal(
	    bo_time_format_local(buf, sizeof(buf), &z.zone,
				 bo_day_start_ms(mar29) + HOUR - 1000, true,
				 true),
	    "2026-03-29 01:59:59 CET");
	bo_sys_zone_close(&z);
}

static void two_open_zones_answer_each_for_itself(void **state)
{
	bo_sys_zone a, b;
	bo_err err = {0};
	int64_t jan = bo_day_start_ms(bo_days_from_civil(2026, 1, 15));

	(void)state;
	assert_int_equal(bo_sys_zone_open(&a, "Asia/Tokyo", &err), 0);
	assert_int_equal(bo_sys_zone_open(&b, "America/New_York", &err), 0);
	assert_int_equal(bo_zone_offset(&a.zone, jan), 9 * HOUR);
	assert_int_equal(bo_zone_offset(&b.zone, jan), -5 * HOUR);
	assert_int_equal(bo_zone_offset(&a.zone, jan), 9 * HOUR);
	bo_sys_zone_close(&a);
	bo_sys_zone_close(&b);
}

static void utc_needs_no_offsets_and_unknown_zones_are_refused(void **state)
{
	bo_sys_zone z;
	bo_err err = {0};

	(void)state;
	assert_int_equal(bo_sys_zone_open(&z, "UTC", &err), 0);
	assert_true(bo_zone_is_utc(&z.zone));
	bo_sys_zone_close(&z);
	assert_int_equal(bo_sys_zone_open(&z, "Mars/Olympus", &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "Mars/Olympus"));
	assert_non_null(strstr(err.msg, "tzdata"));
	assert_null(z.name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(uuid_is_lower_case_version_4_in_8_4_4_4_12),
	    cmocka_unit_test(uuids_do_not_repeat_over_a_thousand_draws),
	    cmocka_unit_test(uuid_bits_vary_outside_the_fixed_ones),
	    cmocka_unit_test(clock_reads_milliseconds_since_the_epoch),
	    cmocka_unit_test(clock_never_runs_backwards_between_readings),
	    cmocka_unit_test(
		berlin_from_the_tz_database_has_23_and_25_hour_days),
	    cmocka_unit_test(two_open_zones_answer_each_for_itself),
	    cmocka_unit_test(
		utc_needs_no_offsets_and_unknown_zones_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
