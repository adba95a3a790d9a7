/* Fuzz target: money and tax-rate text against a reference reading, and format/parse round trips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/money.h"
#include "tests/fuzz/fuzz_support.h"

/* Real currencies of each exponent the table has (0, 2, 3). */
static const char *const codes[] = {"EUR", "JPY", "BHD", "CLP", "KWD",
				    "USD", "ISK", "TND", "GBP", "VND"};
#define NCODES (sizeof(codes) / sizeof(codes[0]))

/*
 * What bo_money_parse must do, worked out another way: the text is digits
 * with at most one '.' followed by 1..exponent digits, and the value in
 * minor units fits int64. Returns 1 and sets *out when it is accepted.
 */
static int reference_money(int64_t *out, const char *s, int exponent)
{
	unsigned __int128 v = 0;
	const unsigned __int128 max = INT64_MAX;
	int int_digits = 0, decimals = 0, point = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '.' && !point) {
			point = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return 0;
		if (point)
			decimals++;
		else
			int_digits++;
		if (v <= max)
			v = v * 10 + (unsigned)(*p - '0');
	}
	if (int_digits == 0 || (point && decimals == 0) || decimals > exponent)
		return 0;
	for (int i = decimals; i < exponent && v <= max; i++)
		v *= 10;
	if (v > max)
		return 0;
	*out = (int64_t)v;
	return 1;
}

static void check_money(const char *text, const bo_currency *cur)
{
	char buf[BO_MONEY_BUFSZ];
	int64_t got = -1, want = -1, again = -1;
	int accepted, expected;
	bo_err err;

	accepted = bo_money_parse(&got, text, cur, "price", &err) == 0;
	expected = reference_money(&want, text, cur->exponent);
	if (accepted != expected)
		fz_fail(accepted ? "bo_money_parse accepts text it must refuse"
				 : "bo_money_parse refuses a plain amount",
			text);
	if (!accepted) {
		if (err.code != BO_EINVAL || !strstr(err.msg, "price"))
			fz_fail("a refused amount is not BO_EINVAL naming the "
				"field",
				err.msg);
		return;
	}
	if (got != want)
		fz_fail("bo_money_parse reads the wrong value", text);
	bo_money_format(buf, got, cur);
	if (bo_money_parse(&again, buf, cur, "price", &err) < 0 || again != got)
		fz_fail("a formatted amount does not parse back", buf);
}

/* bo_rate_parse the same way: percent with at most two decimals, 0..100. */
static int reference_rate(int32_t *out, const char *s)
{
	int64_t whole = 0, frac = 0;
	int int_digits = 0, decimals = 0, point = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '.' && !point) {
			point = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return 0;
		if (point) {
			if (++decimals > 2)
				return 0;
			frac = frac * 10 + (*p - '0');
		} else {
			int_digits++;
			if (whole <= 100)
				whole = whole * 10 + (*p - '0');
		}
	}
	if (int_digits == 0 || (point && decimals == 0))
		return 0;
	if (decimals == 1)
		frac *= 10;
	if (whole * 100 + frac > 10000)
		return 0;
	*out = (int32_t)(whole * 100 + frac);
	return 1;
}

static void check_rate(const char *text)
{
	char buf[32];
	int32_t got = -1, want = -1, again = -1;
	int accepted, expected;
	bo_err err;

	accepted = bo_rate_parse(&got, text, "tax rate", &err) == 0;
	expected = reference_rate(&want, text);
	if (accepted != expected)
		fz_fail(accepted ? "bo_rate_parse accepts text it must refuse"
				 : "bo_rate_parse refuses a plain rate",
			text);
	if (!accepted) {
		if (err.code != BO_EINVAL || !strstr(err.msg, "tax rate"))
			fz_fail("a refused rate is not BO_EINVAL naming the "
				"field",
				err.msg);
		return;
	}
	if (got != want)
		fz_fail("bo_rate_parse reads the wrong value", text);
	bo_rate_format(buf, sizeof(buf), got);
	if (bo_rate_parse(&again, buf, "tax rate", &err) < 0 || again != got)
		fz_fail("a formatted rate does not parse back", buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first byte picks the currency: below 128 a real one from the table,
 * else a made-up code with exponent 0..18 (every exponent the parser takes);
 * the rest is the text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bo_currency cur = {"XTS", 2};
	char *text;
	bo_err err;

	if (size == 0)
		return 0;
	if (data[0] < 128) {
		if (bo_currency_lookup(&cur, codes[data[0] % NCODES], &err) < 0)
			fz_fail("a listed currency is not known", err.msg);
	} else {
		cur.exponent = data[0] % 19;
	}
	text = fz_cstring(data + 1, size - 1);
	check_money(text, &cur);
	check_rate(text);
	free(text);
	return 0;
}
