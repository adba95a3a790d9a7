/* Tests for domain/money.c: currencies, parse, format, arithmetic, tax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/money.h"

static bo_currency cur(const char *code)
{
	bo_currency c;
	bo_err err;

	assert_int_equal(bo_currency_lookup(&c, code, &err), BO_OK);
	return c;
}

/* Parses text expecting success and returns the minor units. */
static int64_t parse_ok(const char *text, const char *code)
{
	bo_currency c = cur(code);
	int64_t v = -42;
	bo_err err;

	bo_err_clear(&err);
	if (bo_money_parse(&v, text, &c, "amount", &err) != BO_OK)
		fail_msg("\"%s\" %s refused: %s", text, code, err.msg);
	return v;
}

/* Parses text expecting BO_EINVAL; the output must stay untouched. */
static void parse_bad(const char *text, const char *code, const char *msg)
{
	bo_currency c = cur(code);
	int64_t v = -42;
	bo_err err;

	bo_err_clear(&err);
	assert_int_equal(bo_money_parse(&v, text, &c, "amount", &err),
			 BO_EINVAL);
	assert_int_equal(err.code, BO_EINVAL);
	assert_int_equal(v, -42);
	assert_non_null(strstr(err.msg, "amount"));
	if (msg)
		assert_string_equal(err.msg, msg);
}

static void known_currencies_have_their_iso_exponents(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int exp;
	} t[] = {
	    {"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"CHF", 2}, {"SEK", 2},
	    {"NOK", 2}, {"DKK", 2}, {"PLN", 2}, {"CZK", 2}, {"HUF", 2},
	    {"JPY", 0}, {"KRW", 0}, {"ISK", 0}, {"CLP", 0}, {"BHD", 3},
	    {"KWD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3}, {"CAD", 2},
	    {"AUD", 2},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bo_currency c = cur(t[i].code);
		assert_string_equal(c.code, t[i].code);
		assert_int_equal(c.exponent, t[i].exp);
	}
}

static void unknown_or_malformed_currency_is_refused(void **state)
{
	(void)state;
	bo_currency c = {"XXX", 9};
	bo_err err;

	assert_int_equal(bo_currency_lookup(&c, "ABC", &err), BO_EINVAL);
	assert_string_equal(err.msg, "currency ABC is not supported");
	assert_string_equal(c.code, "XXX");
	static const char *bad[] = {"eur", "EU", "EURO", "", "E1R", " EUR"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bo_currency_lookup(&c, bad[i], &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "currency"));
	}
	assert_int_equal(bo_currency_lookup(&c, NULL, &err), BO_EINVAL);
}

static void plain_amounts_parse_to_minor_units(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("12", "EUR"), 1200);
	assert_int_equal(parse_ok("12.5", "EUR"), 1250);
	assert_int_equal(parse_ok("12.50", "EUR"), 1250);
	assert_int_equal(parse_ok("0.01", "EUR"), 1);
	assert_int_equal(parse_ok("0", "EUR"), 0);
	assert_int_equal(parse_ok("007.50", "EUR"), 750);
	assert_int_equal(parse_ok("1000", "JPY"), 1000);
	assert_int_equal(parse_ok("1.5", "BHD"), 1500);
	assert_int_equal(parse_ok("0.001", "BHD"), 1);
	assert_int_equal(parse_ok("92233720368547758.07", "EUR"), INT64_MAX);
	assert_int_equal(parse_ok("9223372036854775807", "JPY"), INT64_MAX);
}

static void malformed_amounts_are_refused(void **state)
{
	(void)state;
	const char *shape = "amount must be a plain decimal number such as "
			    "12.50 (digits and at most one '.')";
	parse_bad("", "EUR", "amount must not be empty");
	parse_bad("-1", "EUR", "amount must not have a sign (write 12.50)");
	parse_bad("+1", "EUR", "amount must not have a sign (write 12.50)");
	parse_bad("1e3", "EUR", shape);
	parse_bad("1E3", "EUR", shape);
	parse_bad("NaN", "EUR", shape);
	parse_bad("nan", "EUR", shape);
	parse_bad("inf", "EUR", shape);
	parse_bad("Infinity", "EUR", shape);
	parse_bad("1,000", "EUR", shape);
	parse_bad("1,5", "EUR", shape);
	parse_bad("1 000", "EUR", shape);
	parse_bad(" 1", "EUR", shape);
	parse_bad("1 ", "EUR", shape);
	parse_bad(".5", "EUR", shape);
	parse_bad("5.", "EUR", shape);
	parse_bad(".", "EUR", shape);
	parse_bad("1.2.3", "EUR", shape);
	parse_bad("0x10", "EUR", shape);
	parse_bad("1-", "EUR", shape);
	parse_bad("１", "EUR", shape); /* fullwidth digit one */
}

static void null_text_is_refused_as_empty(void **state)
{
	(void)state;
	bo_currency c = cur("EUR");
	int64_t v = 7;
	bo_err err;

	assert_int_equal(bo_money_parse(&v, NULL, &c, "price", &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "price must not be empty");
	assert_int_equal(v, 7);
}

static void too_many_decimals_name_field_and_currency(void **state)
{
	(void)state;
	parse_bad("1.234", "EUR", "amount has more than 2 decimals for EUR");
	parse_bad("1.5", "JPY", "amount must be a whole number for JPY");
	parse_bad("0.0001", "BHD", "amount has more than 3 decimals for BHD");
	parse_bad("12.500", "EUR", "amount has more than 2 decimals for EUR");
}

static void field_name_appears_in_message(void **state)
{
	(void)state;
	bo_currency c = cur("EUR");
	int64_t v;
	bo_err err;

	assert_int_equal(bo_money_parse(&v, "1.234", &c, "refund amount", &err),
			 BO_EINVAL);
	assert_string_equal(err.msg,
			    "refund amount has more than 2 decimals for EUR");
}

static void overflowing_amounts_are_refused(void **state)
{
	(void)state;
	parse_bad("92233720368547758.08", "EUR", "amount is too large for EUR");
	parse_bad("99999999999999999999", "EUR", "amount is too large for EUR");
	parse_bad("99999999999999999999", "JPY", "amount is too large for JPY");
	parse_bad("9223372036854775808", "JPY", "amount is too large for JPY");
	/* Overflows only once the missing decimals are filled in. */
	parse_bad("92233720368547758.1", "EUR", "amount is too large for EUR");
	parse_bad("92233720368547759", "EUR", "amount is too large for EUR");
	parse_bad("00000000000000000000000000092233720368547758.08", "EUR",
		  "amount is too large for EUR");
}

static void long_leading_zeros_do_not_overflow(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("000000000000000000000000000001.00", "EUR"),
			 100);
}

static void format(const char *want, int64_t amount, const char *code)
{
	bo_currency c = cur(code);
	char buf[BO_MONEY_BUFSZ];

	memset(buf, 'Z', sizeof(buf));
	assert_ptr_equal(bo_money_format(buf, amount, &c), buf);
	assert_string_equal(buf, want);
}

static void amounts_format_with_currency_decimals(void **state)
{
	(void)state;
	format("12.50", 1250, "EUR");
	format("0.00", 0, "EUR");
	format("0.05", 5, "EUR");
	format("-0.05", -5, "EUR");
	format("-12.50", -1250, "EUR");
	format("1.00", 100, "EUR");
	format("1000", 1000, "JPY");
	format("0", 0, "JPY");
	format("-7", -7, "JPY");
	format("1.500", 1500, "BHD");
	format("0.001", 1, "BHD");
	format("-0.001", -1, "BHD");
}

static void extreme_amounts_format_without_overflow(void **state)
{
	(void)state;
	format("92233720368547758.07", INT64_MAX, "EUR");
	format("-92233720368547758.08", INT64_MIN, "EUR");
	format("-9223372036854775808", INT64_MIN, "JPY");
	format("-9223372036854775.808", INT64_MIN, "BHD");
}

static void formatted_amounts_parse_back(void **state)
{
	(void)state;
	static const int64_t v[] = {0, 1, 9, 10, 99, 100, 123456, INT64_MAX};
	static const char *codes[] = {"EUR", "JPY", "BHD"};
	char buf[BO_MONEY_BUFSZ];

	for (size_t k = 0; k < 3; k++) {
		bo_currency c = cur(codes[k]);
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			int64_t back = -1;
			bo_money_format(buf, v[i], &c);
			assert_int_equal(
			    bo_money_parse(&back, buf, &c, "x", NULL), BO_OK);
			assert_int_equal(back, v[i]);
		}
	}
}

static void add_and_sub_refuse_overflow_both_ways(void **state)
{
	(void)state;
	int64_t out = 99;

	assert_int_equal(bo_money_add(&out, 2, 3), BO_OK);
	assert_int_equal(out, 5);
	assert_int_equal(bo_money_add(&out, INT64_MAX - 1, 1), BO_OK);
	assert_int_equal(out, INT64_MAX);
	assert_int_equal(bo_money_add(&out, INT64_MIN, -1), BO_EINVAL);
	assert_int_equal(out, INT64_MAX);
	assert_int_equal(bo_money_add(&out, INT64_MAX, 1), BO_EINVAL);
	assert_int_equal(bo_money_add(&out, INT64_MIN, INT64_MAX), BO_OK);
	assert_int_equal(out, -1);
	assert_int_equal(bo_money_add(&out, INT64_MIN + 1, -1), BO_OK);
	assert_int_equal(out, INT64_MIN);

	out = 99;
	assert_int_equal(bo_money_sub(&out, 2, 3), BO_OK);
	assert_int_equal(out, -1);
	assert_int_equal(bo_money_sub(&out, INT64_MIN, 1), BO_EINVAL);
	assert_int_equal(out, -1);
	assert_int_equal(bo_money_sub(&out, INT64_MAX, -1), BO_EINVAL);
	assert_int_equal(bo_money_sub(&out, 0, INT64_MIN), BO_EINVAL);
	assert_int_equal(bo_money_sub(&out, -1, INT64_MIN), BO_OK);
	assert_int_equal(out, INT64_MAX);
	assert_int_equal(bo_money_sub(&out, 0, INT64_MAX), BO_OK);
	assert_int_equal(out, -INT64_MAX);
}

static void mul_refuses_overflow_both_ways(void **state)
{
	(void)state;
	int64_t out = 99;

	assert_int_equal(bo_money_mul(&out, 1250, 3), BO_OK);
	assert_int_equal(out, 3750);
	assert_int_equal(bo_money_mul(&out, -1250, 3), BO_OK);
	assert_int_equal(out, -3750);
	assert_int_equal(bo_money_mul(&out, -1250, -3), BO_OK);
	assert_int_equal(out, 3750);
	assert_int_equal(bo_money_mul(&out, 0, INT64_MIN), BO_OK);
	assert_int_equal(out, 0);
	assert_int_equal(bo_money_mul(&out, INT64_MAX, 1), BO_OK);
	assert_int_equal(out, INT64_MAX);
	assert_int_equal(bo_money_mul(&out, INT64_MIN, 1), BO_OK);
	assert_int_equal(out, INT64_MIN);
	assert_int_equal(bo_money_mul(&out, INT64_MIN / 2, 2), BO_OK);
	assert_int_equal(out, INT64_MIN);

	out = 99;
	assert_int_equal(bo_money_mul(&out, INT64_MAX, 2), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, INT64_MAX / 2 + 1, 2), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, INT64_MIN, -1), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, -1, INT64_MIN), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, INT64_MIN, 2), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, INT64_MIN / 2 - 1, 2), BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, 4294967296LL, 4294967296LL),
			 BO_EINVAL);
	assert_int_equal(bo_money_mul(&out, -4294967296LL, 4294967296LL),
			 BO_EINVAL);
	assert_int_equal(out, 99);
}

static void tax_inside_exact_values(void **state)
{
	(void)state;
	/* 1050 * 500 / 10500 = 50 exactly. */
	assert_int_equal(bo_money_tax_inside(1050, 500), 50);
	/* 1200 * 2000 / 12000 = 200. */
	assert_int_equal(bo_money_tax_inside(1200, 2000), 200);
	/* 1000 * 2000 / 12000 = 166.67 -> 167. */
	assert_int_equal(bo_money_tax_inside(1000, 2000), 167);
	/* 1000 * 700 / 10700 = 65.42 -> 65. */
	assert_int_equal(bo_money_tax_inside(1000, 700), 65);
	assert_int_equal(bo_money_tax_inside(0, 2000), 0);
}

static void tax_inside_rounds_halves_to_even(void **state)
{
	(void)state;
	/* At 20 %, tax = gross / 6; gross = 6k + 3 lands exactly on k.5. */
	assert_int_equal(bo_money_tax_inside(3, 2000), 0);  /* 0.5 -> 0 */
	assert_int_equal(bo_money_tax_inside(9, 2000), 2);  /* 1.5 -> 2 */
	assert_int_equal(bo_money_tax_inside(15, 2000), 2); /* 2.5 -> 2 */
	assert_int_equal(bo_money_tax_inside(21, 2000), 4); /* 3.5 -> 4 */
	/* Neighbours of a half round normally. */
	assert_int_equal(bo_money_tax_inside(14, 2000), 2); /* 2.33 */
	assert_int_equal(bo_money_tax_inside(16, 2000), 3); /* 2.67 */
	/* At 60 %, tax = gross * 3 / 8: gross 4 -> 1.5, gross 12 -> 4.5. */
	assert_int_equal(bo_money_tax_inside(4, 6000), 2);
	assert_int_equal(bo_money_tax_inside(12, 6000), 4);
	/* At 100 %, tax = gross / 2: every odd gross is a half. */
	assert_int_equal(bo_money_tax_inside(1, 10000), 0); /* 0.5 -> 0 */
	assert_int_equal(bo_money_tax_inside(3, 10000), 2); /* 1.5 -> 2 */
	assert_int_equal(bo_money_tax_inside(5, 10000), 2); /* 2.5 -> 2 */
	assert_int_equal(bo_money_tax_inside(7, 10000), 4); /* 3.5 -> 4 */
	assert_int_equal(bo_money_tax_inside(1250, 10000), 625);
}

static void tax_inside_at_zero_rate_is_zero(void **state)
{
	(void)state;
	assert_int_equal(bo_money_tax_inside(0, 0), 0);
	assert_int_equal(bo_money_tax_inside(1, 0), 0);
	assert_int_equal(bo_money_tax_inside(INT64_MAX, 0), 0);
}

static void tax_inside_on_huge_gross_does_not_overflow(void **state)
{
	(void)state;
	/* INT64_MAX / 2 = 4611686018427387903.5 -> ...904 (even). */
	assert_int_equal(bo_money_tax_inside(INT64_MAX, 10000),
			 4611686018427387904LL);
	/* INT64_MAX - 1 is even: exactly half. */
	assert_int_equal(bo_money_tax_inside(INT64_MAX - 1, 10000),
			 4611686018427387903LL);
	/* 9223372036854775807 / 6 = 1537228672809129301.17 -> ...301. */
	assert_int_equal(bo_money_tax_inside(INT64_MAX, 2000),
			 1537228672809129301LL);
	/* 9223372036854775807 / 10001 = 922244979187558.52... -> ...559. */
	assert_int_equal(bo_money_tax_inside(INT64_MAX, 1), 922244979187559LL);
}

/* For small grosses gross * rate fits in 64 bits, so the plain formula
 * checks the split computation the implementation uses. */
static void tax_inside_matches_direct_formula_on_small_amounts(void **state)
{
	(void)state;
	static const int32_t rates[] = {0,    1,    5,    500,  700,
					1925, 2000, 2500, 6000, 10000};
	for (size_t k = 0; k < sizeof(rates) / sizeof(rates[0]); k++) {
		int64_t d = 10000 + rates[k];
		for (int64_t g = 0; g < 50000; g += 7) {
			int64_t num = g * rates[k], q = num / d, r = num % d;
			if (2 * r > d || (2 * r == d && q % 2 == 1))
				q++;
			assert_int_equal(bo_money_tax_inside(g, rates[k]), q);
		}
	}
}

static int32_t rate_ok(const char *text)
{
	int32_t bp = -1;
	bo_err err;

	bo_err_clear(&err);
	if (bo_rate_parse(&bp, text, "tax rate", &err) != BO_OK)
		fail_msg("rate \"%s\" refused: %s", text, err.msg);
	return bp;
}

static void rate_bad(const char *text, const char *msg)
{
	int32_t bp = -1;
	bo_err err;

	bo_err_clear(&err);
	assert_int_equal(bo_rate_parse(&bp, text, "tax rate", &err), BO_EINVAL);
	assert_int_equal(bp, -1);
	assert_string_equal(err.msg, msg);
}

static void rates_parse_to_basis_points(void **state)
{
	(void)state;
	assert_int_equal(rate_ok("20"), 2000);
	assert_int_equal(rate_ok("7.5"), 750);
	assert_int_equal(rate_ok("19.25"), 1925);
	assert_int_equal(rate_ok("0"), 0);
	assert_int_equal(rate_ok("100"), 10000);
	assert_int_equal(rate_ok("100.00"), 10000);
	assert_int_equal(rate_ok("0.01"), 1);
	assert_int_equal(rate_ok("05.50"), 550);
}

static void bad_rates_are_refused(void **state)
{
	(void)state;
	const char *shape = "tax rate must be a percentage such as 20 or 7.5";
	const char *range = "tax rate must be 0 to 100 percent";
	rate_bad("101", range);
	rate_bad("100.01", range);
	rate_bad("1000000000000", range);
	rate_bad("-1", shape);
	rate_bad("+1", shape);
	rate_bad("7.555", "tax rate must have at most two decimals");
	rate_bad("abc", shape);
	rate_bad("", "tax rate must not be empty");
	rate_bad(NULL, "tax rate must not be empty");
	rate_bad("7.", shape);
	rate_bad(".5", shape);
	rate_bad("20%", shape);
	rate_bad("7,5", shape);
	rate_bad(" 20", shape);
}

static void rate_format(const char *want, int32_t bp)
{
	char buf[16];
	assert_ptr_equal(bo_rate_format(buf, sizeof(buf), bp), buf);
	assert_string_equal(buf, want);
}

static void rates_format_without_trailing_zeros(void **state)
{
	(void)state;
	rate_format("20", 2000);
	rate_format("7.5", 750);
	rate_format("19.25", 1925);
	rate_format("0", 0);
	rate_format("100", 10000);
	rate_format("0.05", 5);
	rate_format("0.5", 50);
	rate_format("7.05", 705);
}

static void rate_format_truncates_to_small_buffer(void **state)
{
	(void)state;
	char buf[3] = "zz";
	bo_rate_format(buf, sizeof(buf), 1925);
	assert_string_equal(buf, "19");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(known_currencies_have_their_iso_exponents),
	    cmocka_unit_test(unknown_or_malformed_currency_is_refused),
	    cmocka_unit_test(plain_amounts_parse_to_minor_units),
	    cmocka_unit_test(malformed_amounts_are_refused),
	    cmocka_unit_test(null_text_is_refused_as_empty),
	    cmocka_unit_test(too_many_decimals_name_field_and_currency),
	    cmocka_unit_test(field_name_appears_in_message),
	    cmocka_unit_test(overflowing_amounts_are_refused),
	    cmocka_unit_test(long_leading_zeros_do_not_overflow),
	    cmocka_unit_test(amounts_format_with_currency_decimals),
	    cmocka_unit_test(extreme_amounts_format_without_overflow),
	    cmocka_unit_test(formatted_amounts_parse_back),
	    cmocka_unit_test(add_and_sub_refuse_overflow_both_ways),
	    cmocka_unit_test(mul_refuses_overflow_both_ways),
	    cmocka_unit_test(tax_inside_exact_values),
	    cmocka_unit_test(tax_inside_rounds_halves_to_even),
	    cmocka_unit_test(tax_inside_at_zero_rate_is_zero),
	    cmocka_unit_test(tax_inside_on_huge_gross_does_not_overflow),
	    cmocka_unit_test(
		tax_inside_matches_direct_formula_on_small_amounts),
	    cmocka_unit_test(rates_parse_to_basis_points),
	    cmocka_unit_test(bad_rates_are_refused),
	    cmocka_unit_test(rates_format_without_trailing_zeros),
	    cmocka_unit_test(rate_format_truncates_to_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
