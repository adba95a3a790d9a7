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

/* ---- invisible characters ----------------------------------------------- */

static void invisible_characters_are_detected(void **state)
{
	(void)state;
	static const uint32_t hidden[] = {
	    0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4,  0x17B5,
	    0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,  0x2028,
	    0x2029, 0x2060, 0x2064, 0x2066, 0x2069, 0x206F,  0x3164,
	    0xFEFF, 0xFFA0, 0xFFF9, 0xFFFB, 0x1BCA0, 0x1BCA3, 0x1D173,
	    0x1D17A, 0xE0000, 0xE0001, 0xE0041, 0xE007F,
	};
	static const uint32_t shown[] = {
	    'a',    ' ',    0x00A0, 0x00AC, 0x00AE, 0x034E, 0x0350,
	    0x061B, 0x061D, 0x1161, 0x17B6, 0x180D, 0x180F, 0x200A,
	    0x2010, 0x2027, 0x202F, 0x2070, 0x3163, 0x3165, 0xFEFE,
	    0xFF00, 0xFFFC, 0xFFFD, 0x1BCA4, 0x1D172, 0x1D17B, 0xE0080,
	    0xE0100, 0x1F600,
	};

	for (size_t i = 0; i < sizeof(hidden) / sizeof(*hidden); i++)
		if (!bo_text_is_invisible(hidden[i]))
			fail_msg("U+%04X should be invisible", (unsigned)hidden[i]);
	for (size_t i = 0; i < sizeof(shown) / sizeof(*shown); i++)
		if (bo_text_is_invisible(shown[i]))
			fail_msg("U+%04X should be visible", (unsigned)shown[i]);
	/* free text may hold them: they are not controls */
	assert_false(bo_text_has_control("a\xE2\x80\x8B"
					 "b",
					 false));
}

/* ---- JSON cleaning ------------------------------------------------------ */

static void json_cleans_to(const char *in, const char *want)
{
	char *out = bo_text_json_clean(in);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_true(bo_text_utf8_valid(out));
	free(out);
}

static void json_text_that_is_safe_is_kept(void **state)
{
	(void)state;
	json_cleans_to("", "");
	json_cleans_to(NULL, "");
	json_cleans_to("{\"a\":\t\"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\"}\n",
		       "{\"a\":\t\"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\"}\n");
	/* escapes already there stay as they are, quotes included */
	json_cleans_to("[\"a\\\"b\\\\\",\"\\u001b\\n\",1,null]",
		       "[\"a\\\"b\\\\\",\"\\u001b\\n\",1,null]");
	/* whitespace between values is not a control to escape */
	json_cleans_to("{\n\t\"k\":\t1\r\n}", "{\n\t\"k\":\t1\r\n}");
}

static void json_escapes_each_hidden_class(void **state)
{
	(void)state;
	/* C0 inside a string (cJSON would have escaped it; others may not) */
	json_cleans_to("\"a\x01\x1b[2Jb\tc\"", "\"a\\u0001\\u001b[2Jb\\u0009c\"");
	/* DEL */
	json_cleans_to("\"del\x7f\"", "\"del\\u007f\"");
	/* C1: CSI and NEL */
	json_cleans_to("\"\xC2\x9B"
		       "2J\xC2\x85\"",
		       "\"\\u009b2J\\u0085\"");
	/* bidi overrides and isolates */
	json_cleans_to("\"invoice\xE2\x80\xAE"
		       "fdp.exe\xE2\x81\xA6\xE2\x81\xA9\"",
		       "\"invoice\\u202efdp.exe\\u2066\\u2069\"");
	/* zero-width, marks, BOM, soft hyphen, Arabic letter mark */
	json_cleans_to("\"admin\xE2\x80\x8B\xE2\x80\x8D\xE2\x80\x8F\xEF\xBB\xBF"
		       "\xC2\xAD\xD8\x9C\xE2\x81\xA0\"",
		       "\"admin\\u200b\\u200d\\u200f\\ufeff\\u00ad\\u061c\\u2060\"");
	/* above U+FFFF: a surrogate pair (tag letter A, U+E0041) */
	json_cleans_to("\"x\xF3\xA0\x81\x81\"", "\"x\\udb40\\udc41\"");
}

static void json_invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	/* a stray continuation byte, 0xFF, 0xC0/0xC1 */
	json_cleans_to("\"a\x80z\"", "\"a\\ufffdz\"");
	json_cleans_to("\"\xFF\xFE\"", "\"\\ufffd\\ufffd\"");
	/* overlong '/' (2 and 3 bytes) and overlong NUL */
	json_cleans_to("\"\xC0\xAF\"", "\"\\ufffd\\ufffd\"");
	json_cleans_to("\"\xE0\x80\xAF\"", "\"\\ufffd\\ufffd\\ufffd\"");
	json_cleans_to("\"\xC0\x80\"", "\"\\ufffd\\ufffd\"");
	/* a UTF-16 surrogate written as UTF-8 */
	json_cleans_to("\"\xED\xA0\x80\"", "\"\\ufffd\\ufffd\\ufffd\"");
	/* truncated sequences: before an ASCII byte and at the end */
	json_cleans_to("\"\xE2\x82x\"", "\"\\ufffd\\ufffdx\"");
	json_cleans_to("\"\xF0\x9F\x98", "\"\\ufffd\\ufffd\\ufffd");
	/* above U+10FFFF */
	json_cleans_to("\"\xF4\x90\x80\x80\"",
		       "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	json_cleans_to("\"\xF5\x80\x80\x80\"",
		       "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* valid text right after an invalid byte survives */
	json_cleans_to("\"\xFF\xC3\xA9\"", "\"\\ufffd\xC3\xA9\"");
}

static void json_output_never_carries_a_hidden_code_point(void **state)
{
	(void)state;
	unsigned char in[258];
	uint32_t cp;

	/* every byte value, raw, inside one string */
	in[0] = '"';
	for (int i = 1; i < 256; i++)
		in[i] = (unsigned char)i;
	in[34] = 'q'; /* no quote or backslash: keep one string */
	in[92] = 'b';
	in[256] = '"';
	in[257] = '\0';
	char *out = bo_text_json_clean((const char *)in);
	assert_non_null(out);
	assert_true(bo_text_utf8_valid(out));
	for (const unsigned char *p = (const unsigned char *)out; *p;) {
		size_t n = bo_text_utf8_decode(p, &cp);
		assert_true(n > 0);
		assert_false(bo_text_is_control(cp) || bo_text_is_invisible(cp));
		p += n;
	}
	free(out);
}

/* ---- the CSV formula rule ----------------------------------------------- */

static void csv_formula_leading_cells_are_detected(void **state)
{
	(void)state;
	static const char *formula[] = {
	    "=1+1",  "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "=",   "+",
	    "-",     "@",    "-1.",  "-.5",      "-1e5", "-12.50 ", "--1",
	    "+-1",   "-1,5", "=HYPERLINK(\"http://x\")",
	};
	static const char *plain[] = {
	    "",     "abc",  "12.50", "-12.50", "-3",   "+3",  "0",  "-0.0",
	    "1+1",  " =1",  "a=b",   "'=1",    "\xE2\x80\x8B=1", "2026-11-26",
	};

	assert_false(bo_text_csv_formula(NULL));
	for (size_t i = 0; i < sizeof(formula) / sizeof(*formula); i++)
		if (!bo_text_csv_formula(formula[i]))
			fail_msg("'%s' should count as a formula", formula[i]);
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		if (bo_text_csv_formula(plain[i]))
			fail_msg("'%s' should not count as a formula", plain[i]);
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
	    cmocka_unit_test(invisible_characters_are_detected),
	    cmocka_unit_test(json_text_that_is_safe_is_kept),
	    cmocka_unit_test(json_escapes_each_hidden_class),
	    cmocka_unit_test(json_invalid_utf8_becomes_replacement),
	    cmocka_unit_test(json_output_never_carries_a_hidden_code_point),
	    cmocka_unit_test(csv_formula_leading_cells_are_detected),
	    cmocka_unit_test(strdup_copies_and_passes_null_through),
	    cmocka_unit_test(strset_replaces_and_frees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
