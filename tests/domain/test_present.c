/* Tests for domain/present.c: event types in words, durations for people, grouped digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/present.h"

#define S 1000
#define M (60 * S)
#define H (60 * M)
#define D (24 * (int64_t)H)

static void event_types_read_as_words(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(bo_event_words(buf, sizeof(buf), "PaymentReceived"),
			    "Payment received");
	assert_string_equal(bo_event_words(buf, sizeof(buf), "OrderPlaced"),
			    "Order placed");
	assert_string_equal(
	    bo_event_words(buf, sizeof(buf), "PaymentFailed"),
	    "Payment failed");
	assert_string_equal(bo_event_words(buf, sizeof(buf), "NoteAdded"),
			    "Note added");
	/* not CamelCase, empty, NULL: as they are */
	assert_string_equal(bo_event_words(buf, sizeof(buf), "legacy_type"),
			    "legacy_type");
	assert_string_equal(bo_event_words(buf, sizeof(buf), ""), "");
	assert_string_equal(bo_event_words(buf, sizeof(buf), NULL), "");
	/* a small buffer is cut, never overrun */
	assert_string_equal(bo_event_words(buf, 8, "PaymentReceived"),
			    "Payment");
}

static void durations_round_to_two_units(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), D + H + 20 * M + 43 * S),
	    "1d 1h");
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), D + H + 40 * M), "1d 2h");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), 2 * D), "2d");
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), 2 * D + 23 * H + 50 * M),
	    "3d");
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), 3 * H + 5 * M + 10 * S),
	    "3h 5m");
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), 12 * M + 30 * S), "12m 30s");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), 45 * S),
			    "45s");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), 999), "0s");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), 0), "0s");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), -5 * S),
			    "0s");
	/* whole seconds count, as the reports' *_seconds fields */
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), 59 * M + 59 * S + 900),
	    "59m 59s");
	assert_string_equal(
	    bo_duration_words(buf, sizeof(buf), 23 * H + 59 * M + 40 * S),
	    "1d");
	assert_string_equal(bo_duration_words(buf, sizeof(buf), 59 * S + 999),
			    "59s");
}

static void digits_are_grouped_by_three(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "1234567.50", ","),
			    "1,234,567.50");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "-1234.5", ","),
			    "-1,234.5");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "999.99", ","),
			    "999.99");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "1000", "\xC2\xA0"),
			    "1\xC2\xA0"
			    "000");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "123456", "."),
			    "123.456");
	/* no separator, or not a plain number: as it is */
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "1234.50", ""),
			    "1234.50");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "1234.50", NULL),
			    "1234.50");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "12a34", ","),
			    "12a34");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "-", ","), "-");
	assert_string_equal(bo_group_digits(buf, sizeof(buf), "1.2.3", ","),
			    "1.2.3");
	/* a small buffer is cut, never overrun */
	assert_string_equal(bo_group_digits(buf, 6, "1234567", ","), "1,234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(event_types_read_as_words),
	    cmocka_unit_test(durations_round_to_two_units),
	    cmocka_unit_test(digits_are_grouped_by_three),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
