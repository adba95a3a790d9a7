/* UTC days and times: civil dates, ISO 8601 both ways, report periods. */
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

/* ---- civil dates and ISO 8601 times ------------------------------------- */

static void leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(bo_leap_year(2024));
	assert_true(bo_leap_year(2000));
	assert_true(bo_leap_year(1600));
	assert_true(bo_leap_year(-4)); /* proleptic: 5 BC */
	assert_false(bo_leap_year(2023));
	assert_false(bo_leap_year(1900));
	assert_false(bo_leap_year(2100));
	assert_int_equal(bo_days_in_month(2024, 2), 29);
	assert_int_equal(bo_days_in_month(2023, 2), 28);
	assert_int_equal(bo_days_in_month(2100, 2), 28);
	assert_int_equal(bo_days_in_month(2026, 4), 30);
	assert_int_equal(bo_days_in_month(2026, 12), 31);
}

static void assert_civil(int64_t day, int64_t y, int m, int d)
{
	int64_t gy = 0;
	int gm = 0, gd = 0;

	bo_civil_from_days(day, &gy, &gm, &gd);
	assert_int_equal(gy, y);
	assert_int_equal(gm, m);
	assert_int_equal(gd, d);
	assert_int_equal(bo_days_from_civil(y, m, d), day);
}

static void civil_dates_around_1970_2038_and_before_the_epoch(void **state)
{
	(void)state;
	assert_civil(0, 1970, 1, 1);
	assert_civil(-1, 1969, 12, 31);
	assert_civil(-365, 1969, 1, 1);
	assert_civil(-719162, 1, 1, 1);
	assert_civil(-719163, 0, 12, 31);
	assert_civil(-719528, 0, 1, 1); /* year 0 is a leap year */
	assert_civil(-719529, -1, 12, 31);
	/* the last day a signed 32-bit time_t reaches, and the one after */
	assert_civil(24855, 2038, 1, 19);
	assert_civil(24856, 2038, 1, 20);
	assert_civil(2932896, 9999, 12, 31);
	assert_civil(2932897, 10000, 1, 1);
}

static void civil_dates_round_trip_over_many_centuries(void **state)
{
	(void)state;
	/* -2000-01-01 to 6000-ish, every day: the two functions agree and each
	 * day follows the one before it */
	int64_t py = 0;
	int pm = 0, pd = 0;

	bo_civil_from_days(-1450000 - 1, &py, &pm, &pd);
	for (int64_t day = -1450000; day < 1500000; day++) {
		int64_t y;
		int m, d;

		bo_civil_from_days(day, &y, &m, &d);
		if (bo_days_from_civil(y, m, d) != day)
			fail_msg("day %lld does not round trip",
				 (long long)day);
		if (d == 1) {
			if (m == 1 ? (py != y - 1 || pm != 12 || pd != 31)
				   : (py != y || pm != m - 1 ||
				      pd != bo_days_in_month(y, m - 1)))
				fail_msg("day %lld does not follow the month "
					 "before",
					 (long long)day);
		} else if (py != y || pm != m || pd != d - 1) {
			fail_msg("day %lld does not follow the day before",
				 (long long)day);
		}
		py = y;
		pm = m;
		pd = d;
	}
}

static void assert_time(const char *text, int64_t ms)
{
	char buf[BO_TIME_BUFSZ];
	int64_t got = -42;

	assert_string_equal(bo_time_format_iso(buf, sizeof(buf), ms), text);
	assert_int_equal(bo_time_parse_iso(&got, text), BO_OK);
	assert_int_equal(got, ms);
}

static void iso_times_format_and_parse_known_instants(void **state)
{
	(void)state;
	assert_time("1970-01-01T00:00:00.000Z", 0);
	assert_time("1969-12-31T23:59:59.999Z", -1);
	assert_time("2024-02-29T12:00:00.000Z", INT64_C(1709208000000));
	assert_time("1999-12-31T23:59:59.999Z", INT64_C(946684799999));
	assert_time("2000-03-01T00:00:00.000Z", INT64_C(951868800000));
	assert_time("1900-03-01T00:00:00.000Z", INT64_C(-2203891200000));
	assert_time("0001-01-01T00:00:00.000Z", INT64_C(-62135596800000));
	assert_time("2038-01-19T03:14:07.000Z", INT64_C(2147483647000));
	assert_time("2038-01-19T03:14:08.000Z", INT64_C(2147483648000));
	assert_time("9999-12-31T23:59:59.999Z", INT64_C(253402300799999));
	assert_time("2026-11-26T06:11:42.123Z", INT64_C(1795673502123));
}

static void iso_time_without_milliseconds_parses(void **state)
{
	int64_t ms = -1;

	(void)state;
	assert_int_equal(bo_time_parse_iso(&ms, "2024-02-29T00:00:01Z"), BO_OK);
	assert_int_equal(ms, INT64_C(1709164801000));
}

static void every_day_of_four_centuries_round_trips_as_text(void **state)
{
	char buf[BO_TIME_BUFSZ];
	int64_t back;

	(void)state;
	/* 1800-01-01 to 2200-01-01, noon plus a few ms each day */
	for (int64_t day = -62091; day < 84006; day++) {
		int64_t ms = day * BO_MS_PER_DAY + 43200007;

		bo_time_format_iso(buf, sizeof(buf), ms);
		assert_int_equal(bo_time_parse_iso(&back, buf), BO_OK);
		assert_int_equal(back, ms);
	}
}

static void bad_iso_times_are_refused(void **state)
{
	static const char *const bad[] = {
	    "2023-02-29T00:00:00.000Z", /* not a leap year */
	    "2100-02-29T00:00:00.000Z", /* century, not leap */
	    "2024-13-01T00:00:00.000Z",
	    "2024-00-10T00:00:00.000Z",
	    "2024-04-31T00:00:00.000Z",
	    "2024-01-00T00:00:00.000Z",
	    "2024-01-01T24:00:00.000Z",
	    "2024-01-01T00:60:00.000Z",
	    "2024-01-01T00:00:60.000Z",
	    "2024-01-01T00:00:00.000",
	    "2024-01-01T00:00:00.000z",
	    "2024-01-01 00:00:00.000Z",
	    "2024-01-01T00:00:00.00Z",
	    "2024-01-01T00:00:00.0000Z",
	    "2024-1-01T00:00:00.000Z",
	    "+024-01-01T00:00:00.000Z",
	    "-001-01-01T00:00:00.000Z",
	    "2024-01-01T00:00:00,000Z",
	    "garbage",
	    "",
	};
	int64_t ms = 77;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bo_time_parse_iso(&ms, bad[i]) != BO_EINVAL)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(ms, 77);
	}
	assert_int_equal(bo_time_parse_iso(&ms, NULL), BO_EINVAL);
	assert_int_equal(ms, 77);
}

static void times_for_people_with_and_without_seconds(void **state)
{
	char buf[BO_TIME_BUFSZ];

	(void)state;
	assert_string_equal(
	    bo_time_format_text(buf, sizeof(buf), INT64_C(1795673502123), true),
	    "2026-11-26 06:11:42");
	assert_string_equal(bo_time_format_text(buf, sizeof(buf),
						INT64_C(1795673502123), false),
			    "2026-11-26 06:11");
	assert_string_equal(bo_time_format_text(buf, sizeof(buf), -1, true),
			    "1969-12-31 23:59:59");
	assert_string_equal(
	    bo_time_format_text(buf, sizeof(buf), INT64_C(2147483648000), true),
	    "2038-01-19 03:14:08");
	/* a short buffer is cut, never overrun */
	assert_string_equal(bo_time_format_iso(buf, 11, 0), "1970-01-01");
}

/* ---- local days of a zone -------------------------------------------------- */

#define HOUR INT64_C(3600000)

/* A zone with Berlin's 2026 rules: CET (+1), CEST (+2) from 2026-03-29
 * 01:00 UTC, CET again from 2026-10-25 01:00 UTC. No abbreviations. */
static int64_t berlin_2026(void *self, int64_t ms)
{
	int64_t spring =
	    bo_day_start_ms(bo_days_from_civil(2026, 3, 29)) + HOUR;
	int64_t autumn =
	    bo_day_start_ms(bo_days_from_civil(2026, 10, 25)) + HOUR;

	(void)self;
	return ms >= spring && ms < autumn ? 2 * HOUR : HOUR;
}

/* A zone whose clocks jump from midnight to 01:00 on 2026-09-06 (-4 to
 * -3 at 04:00 UTC): that local day starts at 01:00. */
static int64_t midnight_skipper(void *self, int64_t ms)
{
	(void)self;
	return ms >= bo_day_start_ms(bo_days_from_civil(2026, 9, 6)) + 4 * HOUR
		   ? -3 * HOUR
		   : -4 * HOUR;
}

static void local_days_are_23_and_25_hours_long_when_clocks_change(void **state)
{
	bo_zone z = {berlin_2026, NULL, NULL, "Test/Berlin"};
	int64_t mar29 = bo_days_from_civil(2026, 3, 29);
	int64_t oct25 = bo_days_from_civil(2026, 10, 25);

	(void)state;
	assert_int_equal(bo_local_day_start_ms(&z, mar29 + 1) -
			     bo_local_day_start_ms(&z, mar29),
			 23 * HOUR);
	assert_int_equal(bo_local_day_start_ms(&z, oct25 + 1) -
			     bo_local_day_start_ms(&z, oct25),
			 25 * HOUR);
	assert_int_equal(bo_local_day_start_ms(&z, mar29 - 1 + 1) -
			     bo_local_day_start_ms(&z, mar29 - 1),
			 24 * HOUR);
	/* the 29th starts at 23:00 UTC on the 28th (midnight CET) */
	assert_int_equal(bo_local_day_start_ms(&z, mar29),
			 bo_day_start_ms(mar29) - HOUR);
	/* and ends at 22:00 UTC (midnight CEST) */
	assert_int_equal(bo_local_day_start_ms(&z, mar29 + 1),
			 bo_day_start_ms(mar29 + 1) - 2 * HOUR);
	/* a millisecond either side of a local midnight */
	assert_int_equal(bo_local_day_of_ms(&z, bo_day_start_ms(mar29) - HOUR),
			 mar29);
	assert_int_equal(
	    bo_local_day_of_ms(&z, bo_day_start_ms(mar29) - HOUR - 1),
	    mar29 - 1);
	/* the UTC control: no zone, 24 hours, UTC days */
	assert_int_equal(bo_local_day_start_ms(NULL, mar29 + 1) -
			     bo_local_day_start_ms(NULL, mar29),
			 24 * HOUR);
	assert_int_equal(bo_local_day_of_ms(NULL, bo_day_start_ms(mar29) - 1),
			 mar29 - 1);
}

static void a_day_whose_midnight_is_skipped_starts_at_the_jump(void **state)
{
	bo_zone z = {midnight_skipper, NULL, NULL, "Test/Skip"};
	int64_t sep6 = bo_days_from_civil(2026, 9, 6);
	int64_t jump = bo_day_start_ms(sep6) + 4 * HOUR;

	(void)state;
	assert_int_equal(bo_local_day_start_ms(&z, sep6), jump);
	assert_int_equal(bo_local_day_of_ms(&z, jump - 1), sep6 - 1);
	assert_int_equal(bo_local_day_start_ms(&z, sep6 + 1) -
			     bo_local_day_start_ms(&z, sep6),
			 23 * HOUR);
}

static void local_times_show_their_zone_label(void **state)
{
	bo_zone z = {berlin_2026, NULL, NULL, "Test/Berlin"};
	int64_t at = bo_day_start_ms(bo_days_from_civil(2026, 3, 29)) + HOUR;
	char buf[BO_TIME_BUFSZ], label[BO_ZONE_LABEL_BUFSZ];

	(void)state;
	/* without abbreviations the offset stands in */
	assert_string_equal(
	    bo_time_format_local(buf, sizeof(buf), &z, at - 1, true, true),
	    "2026-03-29 01:59:59 +01:00");
	assert_string_equal(
	    bo_time_format_local(buf, sizeof(buf), &z, at, true, true),
	    "2026-03-29 03:00:00 +02:00");
	assert_string_equal(
	    bo_time_format_local(buf, sizeof(buf), &z, at, false, false),
	    "2026-03-29 03:00");
	assert_string_equal(
	    bo_time_format_local(buf, sizeof(buf), NULL, at, true, true),
	    "2026-03-29 01:00:00 UTC");
	assert_string_equal(bo_zone_label(label, NULL, 0), "UTC");
	assert_true(bo_zone_is_utc(NULL));
	assert_false(bo_zone_is_utc(&z));
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
	    cmocka_unit_test(leap_years_follow_the_gregorian_rule),
	    cmocka_unit_test(civil_dates_around_1970_2038_and_before_the_epoch),
	    cmocka_unit_test(civil_dates_round_trip_over_many_centuries),
	    cmocka_unit_test(iso_times_format_and_parse_known_instants),
	    cmocka_unit_test(iso_time_without_milliseconds_parses),
	    cmocka_unit_test(every_day_of_four_centuries_round_trips_as_text),
	    cmocka_unit_test(bad_iso_times_are_refused),
	    cmocka_unit_test(times_for_people_with_and_without_seconds),
	    cmocka_unit_test(
		local_days_are_23_and_25_hours_long_when_clocks_change),
	    cmocka_unit_test(
		a_day_whose_midnight_is_skipped_starts_at_the_jump),
	    cmocka_unit_test(local_times_show_their_zone_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
