/* Tests for domain/termtext.c: escaping controls, display width, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/termtext.h"
#include "domain/text.h"

static void sanitizes_to(const char *in, const char *want)
{
	char *out = bo_term_sanitize(in);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void printable_text_is_kept(void **state)
{
	(void)state;
	sanitizes_to("Blue mug, 350 ml", "Blue mug, 350 ml");
	sanitizes_to("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC e\xCC\x81 "
		     "\xF0\x9F\x98\x80",
		     "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC e\xCC\x81 "
		     "\xF0\x9F\x98\x80");
	sanitizes_to("", "");
	sanitizes_to(NULL, "");
	/* A backslash is printable; it stays one backslash. */
	sanitizes_to("C:\\temp", "C:\\temp");
}

static void csi_clear_screen_is_escaped(void **state)
{
	(void)state;
	sanitizes_to("\x1b[2J", "\\e[2J");
	sanitizes_to("red \x1b[31mALERT\x1b[0m", "red \\e[31mALERT\\e[0m");
}

static void osc_title_sequence_is_escaped(void **state)
{
	(void)state;
	sanitizes_to("\x1b]0;title\x07", "\\e]0;title\\x07");
}

static void c0_controls_become_backslash_letters_or_hex(void **state)
{
	(void)state;
	sanitizes_to("a\rb", "a\\rb");
	sanitizes_to("a\bb", "a\\bb");
	sanitizes_to("a\tb", "a\\tb");
	sanitizes_to("a\nb", "a\\nb");
	sanitizes_to("\x01\x1f", "\\x01\\x1f");
	sanitizes_to("bell\x07", "bell\\x07");
	sanitizes_to("del\x7f", "del\\x7f");
	sanitizes_to("\x0c\x0b", "\\x0c\\x0b");
}

static void c1_controls_become_code_point_escapes(void **state)
{
	(void)state;
	sanitizes_to("\xC2\x9B"
		     "2J",
		     "\\u009b2J");               /* 8-bit CSI */
	sanitizes_to("a\xC2\x85z", "a\\u0085z"); /* NEL */
	sanitizes_to("\xC2\x80\xC2\x9F", "\\u0080\\u009f");
	/* U+00A0 is just past C1 and is printable. */
	sanitizes_to("\xC2\xA0", "\xC2\xA0");
}

static void bidi_overrides_become_code_point_escapes(void **state)
{
	(void)state;
	sanitizes_to("invoice\xE2\x80\xAE"
		     "fdp.exe",
		     "invoice\\u202efdp.exe");
	sanitizes_to("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9",
		     "\\u202a\\u2066\\u2069");
}

static void invalid_utf8_bytes_become_hex_escapes(void **state)
{
	(void)state;
	sanitizes_to("caf\xE9", "caf\\xe9");
	sanitizes_to("\xFF\xFE", "\\xff\\xfe");
	sanitizes_to("\xE2\x82", "\\xe2\\x82");          /* truncated */
	sanitizes_to("\xC0\xAF", "\\xc0\\xaf");          /* overlong */
	sanitizes_to("\xED\xA0\x80", "\\xed\\xa0\\x80"); /* surrogate */
	/* A bad lead byte must not swallow the valid text after it. */
	sanitizes_to("\xC3"
		     "A\xC3\xA9",
		     "\\xc3A\xC3\xA9");
}

static void invisible_characters_become_code_point_escapes(void **state)
{
	(void)state;
	/* "admin" and "admin" with a zero-width space never look the same */
	sanitizes_to("admin\xE2\x80\x8B", "admin\\u200b");
	sanitizes_to("a\xE2\x80\x8C\xE2\x80\x8D\xE2\x80\x8E\xE2\x80\x8F"
		     "b",
		     "a\\u200c\\u200d\\u200e\\u200fb");
	sanitizes_to("\xEF\xBB\xBF"
		     "bom",
		     "\\ufeffbom");
	sanitizes_to("soft\xC2\xADhyphen", "soft\\u00adhyphen");
	sanitizes_to("\xD8\x9C\xE2\x81\xA0\xE2\x81\xA4\xE2\x80\xA8",
		     "\\u061c\\u2060\\u2064\\u2028");
	sanitizes_to("\xE3\x85\xA4\xEF\xBE\xA0", "\\u3164\\uffa0");
	/* above U+FFFF: eight hex digits */
	sanitizes_to("tag\xF3\xA0\x81\x81", "tag\\U000e0041");
	sanitizes_to("\xF0\x9D\x85\xB3", "\\U0001d173");
	/* the visible neighbours stay */
	sanitizes_to("\xE2\x80\x8A\xE2\x80\x90\xC2\xAE", "\xE2\x80\x8A\xE2\x80\x90\xC2\xAE");
}

/* Whatever goes in, what comes out is valid UTF-8 with no control at all. */
static void output_never_carries_a_control(void **state)
{
	(void)state;
	char in[4];

	for (int a = 1; a < 256; a++) {
		for (int b = 0; b < 256; b += 17) {
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = (char)0x9B;
			in[3] = '\0';
			char *out = bo_term_sanitize(in);
			assert_non_null(out);
			assert_true(bo_text_utf8_valid(out));
			assert_false(bo_text_has_control(out, false));
			free(out);
		}
	}
}

static size_t encode(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* No code point a terminal would hide or obey survives, in any plane used. */
static void output_never_carries_an_invisible_character(void **state)
{
	(void)state;
	char in[8];
	uint32_t got;

	for (uint32_t cp = 1; cp < 0xE1000; cp++) {
		if (cp == 0x30000)
			cp = 0xE0000; /* planes 3 to 13 hold nothing assigned */
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		in[encode(in, cp)] = '\0';
		char *out = bo_term_sanitize(in);
		assert_non_null(out);
		for (const unsigned char *p = (const unsigned char *)out;
		     *p;) {
			size_t n = bo_text_utf8_decode(p, &got);
			assert_true(n > 0);
			if (bo_text_is_control(got) ||
			    bo_text_is_invisible(got))
				fail_msg("U+%04X came out raw", (unsigned)cp);
			p += n;
		}
		free(out);
	}
}

static void width_counts_columns(void **state)
{
	(void)state;
	assert_int_equal(bo_term_width(""), 0);
	assert_int_equal(bo_term_width(NULL), 0);
	assert_int_equal(bo_term_width("abc"), 3);
	assert_int_equal(bo_term_width("caf\xC3\xA9"), 4);
	assert_int_equal(bo_term_width("\\e[2J"), 5);
}

static void wide_characters_take_two_columns(void **state)
{
	(void)state;
	assert_int_equal(bo_term_width("\xE6\x97\xA5\xE6\x9C\xAC"),
			 4);                                    /* 日本 */
	assert_int_equal(bo_term_width("\xED\x95\x9C"), 2);     /* 한 U+D55C */
	assert_int_equal(bo_term_width("\xEF\xBC\xA1"), 2);     /* Ａ U+FF21 */
	assert_int_equal(bo_term_width("\xEF\xBD\xB1"), 1);     /* ｱ U+FF71 */
	assert_int_equal(bo_term_width("\xE1\x84\x80"), 2);     /* U+1100 */
	assert_int_equal(bo_term_width("\xEA\x93\x8F"), 2);     /* U+A4CF */
	assert_int_equal(bo_term_width("\xEA\x93\x90"), 1);     /* U+A4D0 */
	assert_int_equal(bo_term_width("\xED\x9E\xA3"), 2);     /* U+D7A3 */
	assert_int_equal(bo_term_width("\xED\x9E\xA4"), 1);     /* U+D7A4 */
	assert_int_equal(bo_term_width("\xEF\xBF\xA6"), 2);     /* U+FFE6 */
	assert_int_equal(bo_term_width("\xF0\x9F\x98\x80"), 2); /* U+1F600 */
	assert_int_equal(bo_term_width("\xF0\x9F\xA4\x94"), 2); /* U+1F914 */
	assert_int_equal(bo_term_width("\xF0\xA0\x80\x80"), 2); /* U+20000 */
	assert_int_equal(bo_term_width("\xE2\x82\xAC"), 1);     /* € */
}

static void combining_and_zero_width_take_no_columns(void **state)
{
	(void)state;
	assert_int_equal(bo_term_width("e\xCC\x81"), 1);     /* U+0301 */
	assert_int_equal(bo_term_width("e\xCD\xAF"), 1);     /* U+036F */
	assert_int_equal(bo_term_width("e\xE1\xAA\xB0"), 1); /* U+1AB0 */
	assert_int_equal(bo_term_width("e\xE1\xB7\x80"), 1); /* U+1DC0 */
	assert_int_equal(bo_term_width("e\xE2\x83\x90"), 1); /* U+20D0 */
	assert_int_equal(bo_term_width("e\xEF\xB8\xA0"), 1); /* U+FE20 */
	assert_int_equal(bo_term_width("a\xE2\x80\x8B"
				       "b"),
			 2);                                /* ZWSP */
	assert_int_equal(bo_term_width("\xE2\x80\x8F"), 0); /* U+200F */
	assert_int_equal(bo_term_width("\xE1\x85\xA0"), 0); /* U+1160 */
}

static void truncates_to(const char *in, size_t cols, int unicode,
			 const char *want)
{
	char *out = bo_term_truncate(in, cols, unicode);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_true(bo_term_width(out) <= cols);
	free(out);
}

static void text_that_fits_is_copied_whole(void **state)
{
	(void)state;
	truncates_to("abc", 3, 0, "abc");
	truncates_to("abc", 10, 1, "abc");
	truncates_to("", 0, 0, "");
	truncates_to(NULL, 4, 0, "");
	truncates_to("\xE6\x97\xA5\xE6\x9C\xAC", 4, 0,
		     "\xE6\x97\xA5\xE6\x9C\xAC");
}

static void cut_text_ends_with_a_marker(void **state)
{
	(void)state;
	truncates_to("abcdef", 4, 0, "abc~");
	truncates_to("abcdef", 4, 1, "abc\xE2\x80\xA6");
	truncates_to("abcdef", 1, 0, "~");
	truncates_to("abcdef", 1, 1, "\xE2\x80\xA6");
	truncates_to("abcdef", 0, 0, "");
	truncates_to("abcdef", 0, 1, "");
}

static void wide_characters_are_never_split(void **state)
{
	(void)state;
	/* 日本語: six columns. */
	const char *jp = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";

	truncates_to(jp, 5, 0, "\xE6\x97\xA5\xE6\x9C\xAC~");
	truncates_to(jp, 4, 0, "\xE6\x97\xA5~");
	truncates_to(jp, 3, 1, "\xE6\x97\xA5\xE2\x80\xA6");
	truncates_to(jp, 2, 0, "~");
	truncates_to("caf\xC3\xA9"
		     "bar",
		     5, 0, "caf\xC3\xA9~");
	truncates_to("caf\xC3\xA9"
		     "bar",
		     4, 0, "caf~");
}

static void combining_marks_stay_with_their_base(void **state)
{
	(void)state;
	/* Three e + acute: three columns. */
	const char *s = "e\xCC\x81"
			"e\xCC\x81"
			"e\xCC\x81";

	truncates_to(s, 2, 0, "e\xCC\x81~");
	truncates_to(s, 3, 0, s);
	truncates_to("ab\xE6\x97\xA5\xCC\x81"
		     "c",
		     3, 0, "ab~");
}

/* Every cut of mixed text is valid UTF-8 and no wider than asked. */
static void every_cut_is_whole_characters(void **state)
{
	(void)state;
	const char *s = "a\xE6\x97\xA5"
			"e\xCC\x81\xF0\x9F\x98\x80"
			"b\xE2\x82\xAC\xED\x95\x9C"
			"c";

	for (size_t cols = 0; cols < 14; cols++) {
		for (int u = 0; u < 2; u++) {
			char *out = bo_term_truncate(s, cols, u);
			assert_non_null(out);
			assert_true(bo_text_utf8_valid(out));
			assert_true(bo_term_width(out) <= cols);
			if (cols >= bo_term_width(s))
				assert_string_equal(out, s);
			else if (cols > 0)
				assert_true(bo_term_width(out) + 1 >= cols);
			free(out);
		}
	}
}

/* ---- CSV fields ------------------------------------------------------------ */

static void csv_field_is(const char *in, const char *want)
{
	char *out = bo_term_csv_field(in);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void csv_formula_cells_get_a_quote_prefix(void **state)
{
	(void)state;
	csv_field_is("=1+1", "'=1+1");
	csv_field_is("+cmd", "'+cmd");
	csv_field_is("-2+3", "'-2+3");
	csv_field_is("@SUM(A1)", "'@SUM(A1)");
	/* a leading TAB or CR is shown escaped, and still neutralised */
	csv_field_is("\tcalc", "'\\tcalc");
	csv_field_is("\rcalc", "'\\rcalc");
	/* quoting wraps the prefix too */
	csv_field_is("=HYPERLINK(\"http://x\",\"y\")",
		     "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	csv_field_is("-1,5", "\"'-1,5\"");
}

static void csv_numbers_and_plain_text_stay(void **state)
{
	(void)state;
	csv_field_is("-12.50", "-12.50");
	csv_field_is("-3", "-3");
	csv_field_is("12.50", "12.50");
	csv_field_is("Blue mug", "Blue mug");
	csv_field_is("", "");
	csv_field_is(NULL, "");
	csv_field_is("a=1", "a=1");
	csv_field_is("a,b", "\"a,b\"");
	csv_field_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	/* sanitised like every other face */
	csv_field_is("x\x1b[2J\xE2\x80\xAE\xE2\x80\x8B",
		     "x\\e[2J\\u202e\\u200b");
	csv_field_is("line\nbreak", "line\\nbreak");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(printable_text_is_kept),
	    cmocka_unit_test(csi_clear_screen_is_escaped),
	    cmocka_unit_test(osc_title_sequence_is_escaped),
	    cmocka_unit_test(c0_controls_become_backslash_letters_or_hex),
	    cmocka_unit_test(c1_controls_become_code_point_escapes),
	    cmocka_unit_test(bidi_overrides_become_code_point_escapes),
	    cmocka_unit_test(invalid_utf8_bytes_become_hex_escapes),
	    cmocka_unit_test(invisible_characters_become_code_point_escapes),
	    cmocka_unit_test(csv_formula_cells_get_a_quote_prefix),
	    cmocka_unit_test(csv_numbers_and_plain_text_stay),
	    cmocka_unit_test(output_never_carries_a_control),
	    cmocka_unit_test(output_never_carries_an_invisible_character),
	    cmocka_unit_test(width_counts_columns),
	    cmocka_unit_test(wide_characters_take_two_columns),
	    cmocka_unit_test(combining_and_zero_width_take_no_columns),
	    cmocka_unit_test(text_that_fits_is_copied_whole),
	    cmocka_unit_test(cut_text_ends_with_a_marker),
	    cmocka_unit_test(wide_characters_are_never_split),
	    cmocka_unit_test(combining_marks_stay_with_their_base),
	    cmocka_unit_test(every_cut_is_whole_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
