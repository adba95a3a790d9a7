/* Money in int64 minor units: currencies, strict parsing, formatting, tax. */
#include "money.h"

#include <stdio.h>
#include <string.h>

/* ISO 4217 exponents; only currencies a shop is likely to be run in. */
static const bo_currency currencies[] = {
    {"AED", 2}, {"AUD", 2}, {"BGN", 2}, {"BHD", 3}, {"BRL", 2}, {"CAD", 2},
    {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"CZK", 2}, {"DKK", 2}, {"EUR", 2},
    {"GBP", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2},
    {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KRW", 0}, {"KWD", 3},
    {"LYD", 3}, {"MXN", 2}, {"MYR", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3},
    {"PHP", 2}, {"PLN", 2}, {"PYG", 0}, {"RON", 2}, {"SAR", 2}, {"SEK", 2},
    {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2}, {"UAH", 2},
    {"UGX", 0}, {"USD", 2}, {"VND", 0}, {"XAF", 0}, {"XOF", 0}, {"ZAR", 2},
};

static bool is_code(const char *code)
{
	if (!code)
		return false;
	for (int i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return code[3] == '\0';
}

int bo_currency_lookup(bo_currency *out, const char *code, bo_err *err)
{
	/* Only echo the code when it is plain letters: it may be user input. */
	if (!is_code(code))
		return bo_err_set(err, BO_EINVAL,
				  "currency must be a three-letter upper-case "
				  "ISO 4217 code such as EUR");
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]);
	     i++) {
		if (strcmp(currencies[i].code, code) == 0) {
			*out = currencies[i];
			return BO_OK;
		}
	}
	return bo_err_set(err, BO_EINVAL, "currency %s is not supported", code);
}

int bo_money_parse(int64_t *out, const char *text, const bo_currency *cur,
		   const char *field, bo_err *err)
{
	const char *name = field ? field : "amount";
	const char *p = text;
	uint64_t v = 0;
	int int_digits = 0, decimals = 0;
	bool point = false;

	if (!cur || cur->exponent < 0 || cur->exponent > 18)
		return bo_err_set(err, BO_EINVAL, "%s has no valid currency",
				  name);
	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL, "%s must not be empty", name);
	if (*text == '-' || *text == '+')
		return bo_err_set(err, BO_EINVAL,
				  "%s must not have a sign (write 12.50)",
				  name);
	/* Shape first, so a malformed text is never reported as too large. */
	for (; *p; p++) {
		if (*p == '.' && !point)
			point = true;
		else if (*p < '0' || *p > '9')
			goto malformed;
		else if (point)
			decimals++;
		else
			int_digits++;
	}
	if (int_digits == 0 || (point && decimals == 0))
		goto malformed;
	if (decimals > 0 && cur->exponent == 0)
		return bo_err_set(err, BO_EINVAL,
				  "%s must be a whole number for %s", name,
				  cur->code);
	if (decimals > cur->exponent)
		return bo_err_set(err, BO_EINVAL,
				  "%s has more than %d decimal%s for %s", name,
				  cur->exponent, cur->exponent == 1 ? "" : "s",
				  cur->code);
	for (p = text; *p; p++) {
		if (*p == '.')
			continue;
		if (v > ((uint64_t)INT64_MAX - (uint64_t)(*p - '0')) / 10)
			goto overflow;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	for (int i = decimals; i < cur->exponent; i++) {
		if (v > (uint64_t)INT64_MAX / 10)
			goto overflow;
		v *= 10;
	}
	*out = (int64_t)v;
	return BO_OK;
malformed:
	return bo_err_set(err, BO_EINVAL,
			  "%s must be a plain decimal number such as 12.50 "
			  "(digits and at most one '.')",
			  name);
overflow:
	return bo_err_set(err, BO_EINVAL, "%s is too large for %s", name,
			  cur->code);
}

char *bo_money_format(char *buf, int64_t amount, const bo_currency *cur)
{
	/* Unsigned magnitude: INT64_MIN needs no special case. */
	uint64_t mag =
	    amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	int exp = cur ? cur->exponent : 0;
	char tmp[BO_MONEY_BUFSZ];
	int n = 0, pos = 0;

	if (exp < 0 || exp > 18)
		exp = 0;
	do {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0 || n <= exp);
	if (amount < 0)
		buf[pos++] = '-';
	while (n > 0) {
		if (n == exp)
			buf[pos++] = '.';
		buf[pos++] = tmp[--n];
	}
	buf[pos] = '\0';
	return buf;
}

int bo_money_add(int64_t *out, int64_t a, int64_t b)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return BO_EINVAL;
	*out = a + b;
	return BO_OK;
}

int bo_money_sub(int64_t *out, int64_t a, int64_t b)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return BO_EINVAL;
	*out = a - b;
	return BO_OK;
}

static uint64_t magnitude(int64_t x)
{
	return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
}

int bo_money_mul(int64_t *out, int64_t amount, int64_t factor)
{
	uint64_t ma = magnitude(amount), mf = magnitude(factor);
	bool negative = (amount < 0) != (factor < 0);
	/* A negative result may reach one further than a positive one. */
	uint64_t limit =
	    negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t m;

	if (ma != 0 && mf > limit / ma)
		return BO_EINVAL;
	m = ma * mf;
	if (negative)
		*out = m == 0 ? 0
			      : (m == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							      : -(int64_t)m);
	else
		*out = (int64_t)m;
	return BO_OK;
}

int64_t bo_money_tax_inside(int64_t gross, int32_t rate_bp)
{
	/*
	 * gross * rate can exceed 64 bits, so split gross = q*d + r:
	 * gross*rate/d = q*rate + r*rate/d, where q*rate <= gross and
	 * r*rate < 20000*10000 both fit. Negative gross is handled on the
	 * magnitude so rounding is symmetric.
	 */
	uint64_t g = magnitude(gross), d, q, r, frac, rem, tax;

	if (rate_bp <= 0)
		return 0;
	if (rate_bp > 10000)
		rate_bp = 10000;
	d = 10000 + (uint64_t)rate_bp;
	q = g / d;
	r = g % d;
	frac = r * (uint64_t)rate_bp;
	tax = q * (uint64_t)rate_bp + frac / d;
	rem = frac % d;
	if (2 * rem > d || (2 * rem == d && (tax & 1)))
		tax++;
	return gross < 0 ? -(int64_t)tax : (int64_t)tax;
}

int bo_rate_parse(int32_t *out_bp, const char *text, const char *field,
		  bo_err *err)
{
	const char *name = field ? field : "tax rate";
	const char *p = text;
	int32_t whole = 0, frac = 0;
	int int_digits = 0, decimals = 0;

	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL, "%s must not be empty", name);
	for (; *p >= '0' && *p <= '9'; p++, int_digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 100)
			goto range;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 2)
				return bo_err_set(err, BO_EINVAL,
						  "%s must have at most two "
						  "decimals",
						  name);
			frac = frac * 10 + (*p - '0');
		}
		if (decimals == 0)
			goto malformed;
	}
	if (*p != '\0' || int_digits == 0)
		goto malformed;
	if (decimals == 1)
		frac *= 10;
	if (whole == 100 && frac > 0)
		goto range;
	*out_bp = whole * 100 + frac;
	return BO_OK;
malformed:
	return bo_err_set(err, BO_EINVAL,
			  "%s must be a percentage such as 20 or 7.5", name);
range:
	return bo_err_set(err, BO_EINVAL, "%s must be 0 to 100 percent", name);
}

char *bo_rate_format(char *buf, size_t size, int32_t rate_bp)
{
	int64_t bp = rate_bp;
	const char *sign = bp < 0 ? "-" : "";
	int64_t mag = bp < 0 ? -bp : bp;
	int64_t whole = mag / 100, frac = mag % 100;

	if (!buf || size == 0)
		return buf;
	if (frac == 0)
		snprintf(buf, size, "%s%lld", sign, (long long)whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%lld.%lld", sign, (long long)whole,
			 (long long)(frac / 10));
	else
		snprintf(buf, size, "%s%lld.%02lld", sign, (long long)whole,
			 (long long)frac);
	return buf;
}
