/* Tests for domain/text.c: UTF-8 validity, code point counts, controls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/status.h"
#include "domain/text.h"

static void valid_utf8_is_accepted(void **state)
{
	(void)state;
	static const char *ok[] = {
	    "",
	    "plain ascii",
	    "caf\xC3\xA9",              /* é */
	    "\xE2\x82\xAC 12",          /* € */
	    "\xE6\x97\xA5\xE6\x9C\xAC", /* 日本 */
	    "\xF0\x9F\x98\x80",         /* 😀 */
	    "\xF4\x8F\xBF\xBF",         /* U+10FFFF */
	    "\xEF\xBF\xBD",             /* U+FFFD */
	    "\xED\x9F\xBF",             /* U+D7FF, last before surrogates */
	    "\xEE\x80\x80",             /* U+E000, first after surrogates */
	    "\xC2\x80",                 /* U+0080 is valid, if a control */
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_true(bo_text_utf8_valid(ok[i]));
	assert_true(bo_text_utf8_valid(NULL));
}

static void invalid_utf8_is_refused(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "\x80",             /* stray continuation */
	    "abc\xBF",          /* stray continuation at the end */
	    "\xC3",             /* truncated two-byte */
	    "\xC3(",            /* bad continuation */
	    "\xE2\x82",         /* truncated three-byte */
	    "\xF0\x9F\x98",     /* truncated four-byte */
	    "\xC0\xAF",         /* overlong '/' */
	    "\xC1\xBF",         /* overlong */
	    "\xE0\x80\xAF",     /* overlong three-byte */
	    "\xF0\x80\x80\xAF", /* overlong four-byte */
	    "\xED\xA0\x80",     /* U+D800 surrogate */
	    "\xED\xBF\xBF",     /* U+DFFF surrogate */
	    "\xF4\x90\x80\x80", /* U+110000 */
	    "\xF5\x80\x80\x80", /* lead byte above F4 */
	    "\xFE",             /* never valid */
	    "\xFF",             /* never valid */
	    "caf\xE9",          /* Latin-1 é */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bo_text_utf8_valid(bad[i]))
			fail_msg("invalid case %zu accepted", i);
}

static void length_counts_code_points_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(bo_text_utf8_len(""), 0);
	assert_int_equal(bo_text_utf8_len(NULL), 0);
	assert_int_equal(bo_text_utf8_len("abc"), 3);
	assert_int_equal(bo_text_utf8_len("caf\xC3\xA9"), 4);
	assert_int_equal(bo_text_utf8_len("\xE6\x97\xA5\xE6\x9C\xAC"), 2);
	assert_int_equal(bo_text_utf8_len("\xF0\x9F\x98\x80!"), 2);
	/* e + combining acute accent: two code points. */
	assert_int_equal(bo_text_utf8_len("e\xCC\x81"), 2);
}

static void plain_text_has_no_control(void **state)
{
	(void)state;
	assert_false(bo_text_has_control("Blue mug, 350 ml", false));
	assert_false(bo_text_has_control("caf\xC3\xA9 \xE6\x97\xA5", false));
	assert_false(bo_text_has_control("", false));
	assert_false(bo_text_has_control(NULL, false));
	/* U+00A0 (just after C1) and U+2029 / U+206A are not in the set. */
	assert_false(bo_text_has_control("a\xC2\xA0z", false));
	assert_false(bo_text_has_control("\xE2\x80\xA9", false));
	assert_false(bo_text_has_control("\xE2\x81\xAA", false));
	assert_false(bo_text_has_control("tab\xE2\x80\x8B"
					 "free",
					 false));
}

static void c0_and_del_are_controls(void **state)
{
	(void)state;
	assert_true(bo_text_has_control("a\x1b[2Jb", false));
	assert_true(bo_text_has_control("a\tb", false));
	assert_true(bo_text_has_control("a\rb", false));
	assert_true(bo_text_has_control("a\x01", false));
	assert_true(bo_text_has_control("\x1f", false));
	assert_true(bo_text_has_control("a\x7f", false));
	assert_true(bo_text_has_control("line\n", false));
}

static void newline_is_tolerated_only_when_allowed(void **state)
{
	(void)state;
	assert_false(bo_text_has_control("one\ntwo\n", true));
	assert_true(bo_text_has_control("one\r\ntwo", true));
	assert_true(bo_text_has_control("one\ntwo\t", true));
	assert_true(bo_text_has_control("one\n\x1b", true));
}

static void c1_controls_are_detected(void **state)
{
	(void)state;
	assert_true(bo_text_has_control("a\xC2\x80", false)); /* U+0080 */
	assert_true(bo_text_has_control("a\xC2\x85", true));  /* NEL */
	assert_true(bo_text_has_control("\xC2\x9B"
					"2J",
					false));             /* CSI */
	assert_true(bo_text_has_control("\xC2\x9F", false)); /* U+009F */
}

static void bidi_overrides_and_isolates_are_detected(void **state)
{
	(void)state;
	assert_true(bo_text_has_control("\xE2\x80\xAA", false)); /* U+202A */
	assert_true(bo_text_has_control("abc\xE2\x80\xAE"
					"fdp.exe",
					false));
	assert_true(bo_text_has_control("\xE2\x81\xA6", false));  /* U+2066 */
	assert_true(bo_text_has_control("\xE2\x81\xA9", true));   /* U+2069 */
	assert_false(bo_text_has_control("\xE2\x80\xA9", false)); /* U+2029 */
	assert_false(bo_text_has_control("\xE2\x80\xAF", false)); /* U+202F */
	assert_false(bo_text_has_control("\xE2\x81\xA5", false)); /* U+2065 */
}

static void strdup_copies_and_passes_null_through(void **state)
{
	(void)state;
	const char *s = "hello";
	char *c = bo_strdup(s);

	assert_non_null(c);
	assert_ptr_not_equal(c, s);
	assert_string_equal(c, "hello");
	free(c);
	assert_null(bo_strdup(NULL));
}

static void strset_replaces_and_frees(void **state)
{
	(void)state;
	char *p = NULL;

	assert_int_equal(bo_strset(&p, "first"), BO_OK);
	assert_string_equal(p, "first");
	assert_int_equal(bo_strset(&p, "second"), BO_OK);
	assert_string_equal(p, "second");
	/* Setting a string to itself must not read freed memory. */
	assert_int_equal(bo_strset(&p, p), BO_OK);
	assert_string_equal(p, "second");
	assert_int_equal(bo_strset(&p, NULL), BO_OK);
	assert_null(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_utf8_is_accepted),
	    cmocka_unit_test(invalid_utf8_is_refused),
	    cmocka_unit_test(length_counts_code_points_not_bytes),
	    cmocka_unit_test(plain_text_has_no_control),
	    cmocka_unit_test(c0_and_del_are_controls),
	    cmocka_unit_test(newline_is_tolerated_only_when_allowed),
	    cmocka_unit_test(c1_controls_are_detected),
	    cmocka_unit_test(bidi_overrides_and_isolates_are_detected),
	    cmocka_unit_test(strdup_copies_and_passes_null_through),
	    cmocka_unit_test(strset_replaces_and_frees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
