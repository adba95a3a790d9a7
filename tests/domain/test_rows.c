/* Tests for domain/ports/rows.c: the order of typed rows and their one text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/ports/rows.h"
#include "domain/status.h"

#define INT_COL(n, v) {.name = (n), .kind = BO_VALUE_INT, .i = (v)}
#define TEXT_COL(n, t) {.name = (n), .kind = BO_VALUE_TEXT, .text = (t)}
#define NULL_COL(n) {.name = (n), .kind = BO_VALUE_NULL}

static void formats_to(const bo_row_column *cols, size_t n, const char *want)
{
	bo_row row = {.table = "t", .ncols = n, .cols = cols};
	char *out = NULL;

	assert_int_equal(bo_row_format(&out, &row), BO_OK);
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void columns_are_name_equals_value_in_order(void **state)
{
	const bo_row_column cols[] = {INT_COL("id", 2), TEXT_COL("status", "paid"),
				      NULL_COL("customer_name"),
				      INT_COL("total", 4500)};

	(void)state;
	formats_to(cols, 4,
		   "id=2 status='paid' customer_name=NULL total=4500");
	formats_to(cols, 0, "");
}

static void integer_extremes_and_negatives_are_exact(void **state)
{
	const bo_row_column cols[] = {INT_COL("a", INT64_MIN),
				      INT_COL("b", INT64_MAX), INT_COL("c", -1),
				      INT_COL("d", 0)};

	(void)state;
	formats_to(cols, 4,
		   "a=-9223372036854775808 b=9223372036854775807 c=-1 d=0");
}

static void quotes_and_backslashes_are_escaped_one_way(void **state)
{
	const bo_row_column cols[] = {TEXT_COL("e", "o'brien@example.com"),
				      TEXT_COL("p", "C:\\temp"),
				      TEXT_COL("z", ""), TEXT_COL("n", NULL)};

	(void)state;
	formats_to(cols, 4,
		   "e='o\\'brien@example.com' p='C:\\\\temp' z='' n=''");
}

static void controls_are_escaped_so_the_line_stays_one_line(void **state)
{
	const bo_row_column cols[] = {
	    TEXT_COL("s", "two\nlines\r\tand \x1b[2J clear"),
	    TEXT_COL("b", "rtl \xE2\x80\xAE" "abc"),
	    TEXT_COL("u", "bad \xFF byte, caf\xC3\xA9")};
	bo_row row = {.table = "t", .ncols = 3, .cols = cols};
	char *out = NULL;

	(void)state;
	formats_to(cols, 3,
		   "s='two\\nlines\\r\\tand \\e[2J clear' b='rtl \\u202eabc' "
		   "u='bad \\xff byte, caf\xC3\xA9'");
	assert_int_equal(bo_row_format(&out, &row), BO_OK);
	for (const char *p = out; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	free(out);
}

static void a_literal_backslash_n_differs_from_a_newline(void **state)
{
	const bo_row_column lit[] = {TEXT_COL("s", "a\\nb")};
	const bo_row_column nl[] = {TEXT_COL("s", "a\nb")};

	(void)state;
	formats_to(lit, 1, "s='a\\\\nb'");
	formats_to(nl, 1, "s='a\\nb'");
}

static int cmp(const bo_row_column *a, size_t na, const bo_row_column *b,
	       size_t nb)
{
	bo_row x = {.table = "t", .ncols = na, .cols = a};
	bo_row y = {.table = "u", .ncols = nb, .cols = b};

	return bo_row_compare(&x, &y);
}

static void rows_compare_null_then_int_then_text(void **state)
{
	const bo_row_column n[] = {NULL_COL("v")};
	const bo_row_column i[] = {INT_COL("v", INT64_MAX)};
	const bo_row_column lo[] = {INT_COL("v", INT64_MIN)};
	const bo_row_column t[] = {TEXT_COL("v", "")};
	const bo_row_column t2[] = {TEXT_COL("v", "a")};

	(void)state;
	assert_true(cmp(n, 1, i, 1) < 0);
	assert_true(cmp(i, 1, t, 1) < 0);
	assert_true(cmp(t, 1, n, 1) > 0);
	assert_true(cmp(lo, 1, i, 1) < 0);
	assert_true(cmp(i, 1, lo, 1) > 0);
	assert_true(cmp(t, 1, t2, 1) < 0);
	assert_int_equal(cmp(n, 1, n, 1), 0);
	assert_int_equal(cmp(i, 1, i, 1), 0);
}

static void the_first_unequal_column_decides(void **state)
{
	const bo_row_column a[] = {INT_COL("id", 1), TEXT_COL("s", "zz")};
	const bo_row_column b[] = {INT_COL("id", 2), TEXT_COL("s", "aa")};
	const bo_row_column c[] = {INT_COL("id", 1), TEXT_COL("s", "zz"),
				   INT_COL("x", 0)};
	/* text by bytes: 'B' (0x42) before 'a' (0x61), \xc3 after both */
	const bo_row_column up[] = {TEXT_COL("s", "B")};
	const bo_row_column low[] = {TEXT_COL("s", "a")};
	const bo_row_column hi[] = {TEXT_COL("s", "\xC3\xA9")};

	(void)state;
	assert_true(cmp(a, 2, b, 2) < 0);
	assert_true(cmp(b, 2, a, 2) > 0);
	assert_true(cmp(a, 2, c, 3) < 0);
	assert_int_equal(cmp(a, 2, a, 2), 0);
	assert_true(cmp(up, 1, low, 1) < 0);
	assert_true(cmp(low, 1, hi, 1) < 0);
}

static void sides_have_their_names(void **state)
{
	(void)state;
	assert_string_equal(bo_row_side_name(BO_ROW_ONLY_LIVE),
			    "only in the live model");
	assert_string_equal(bo_row_side_name(BO_ROW_ONLY_REBUILD),
			    "only in the rebuild");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(columns_are_name_equals_value_in_order),
	    cmocka_unit_test(integer_extremes_and_negatives_are_exact),
	    cmocka_unit_test(quotes_and_backslashes_are_escaped_one_way),
	    cmocka_unit_test(controls_are_escaped_so_the_line_stays_one_line),
	    cmocka_unit_test(a_literal_backslash_n_differs_from_a_newline),
	    cmocka_unit_test(rows_compare_null_then_int_then_text),
	    cmocka_unit_test(the_first_unequal_column_decides),
	    cmocka_unit_test(sides_have_their_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
