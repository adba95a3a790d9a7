/* Money as int64 minor units of an ISO 4217 currency: parse, format, checked arithmetic, tax. */
#ifndef BO_MONEY_H
#define BO_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct bo_currency {
	char code[4]; /* "EUR", NUL-terminated */
	int exponent; /* digits after the decimal point: EUR 2, JPY 0, BHD 3 */
} bo_currency;

/* Room for any formatted amount: sign, 19 digits, point, NUL. */
#define BO_MONEY_BUFSZ 32

/*
 * Looks up an ISO 4217 code (upper case, exactly three letters) in the built-in
 * table. BO_EINVAL (message names the code) when unknown.
 */
int bo_currency_lookup(bo_currency *out, const char *code, bo_err *err);

/*
 * Parses a non-negative decimal amount written with '.' as the decimal point,
 * with at most cur->exponent decimals: "12", "12.5", "12.50", "0.01".
 * Refused with BO_EINVAL and a sentence naming `field`: empty text, any sign,
 * exponents, NaN/Inf, thousands separators or spaces, a bare or trailing point,
 * more decimals than the currency has, a value above INT64_MAX minor units.
 */
int bo_money_parse(int64_t *out, const char *text, const bo_currency *cur,
		   const char *field, bo_err *err);

/*
 * Writes amount (minor units, may be negative) as plain decimal text with exactly
 * cur->exponent decimals ("12.50", "-0.05", "1000" for JPY) into buf, which must
 * hold BO_MONEY_BUFSZ bytes. Returns buf.
 */
char *bo_money_format(char *buf, int64_t amount, const bo_currency *cur);

/* Checked arithmetic: BO_EINVAL on overflow, *out untouched then. */
int bo_money_add(int64_t *out, int64_t a, int64_t b);
int bo_money_sub(int64_t *out, int64_t a, int64_t b);
int bo_money_mul(int64_t *out, int64_t amount, int64_t factor);

/*
 * Tax contained in a tax-inclusive gross amount at rate_bp basis points
 * (2000 = 20 %): gross * rate / (10000 + rate), rounded half-to-even to a whole
 * minor unit. This is applied once per order line, never per unit.
 * gross >= 0, 0 <= rate_bp <= 10000.
 */
int64_t bo_money_tax_inside(int64_t gross, int32_t rate_bp);

/*
 * Parses a tax rate in percent with up to two decimals ("20", "7.5", "19.25"),
 * 0 to 100 inclusive, into basis points. BO_EINVAL naming `field` otherwise.
 */
int bo_rate_parse(int32_t *out_bp, const char *text, const char *field,
		  bo_err *err);

/* Writes a rate in basis points as percent text ("20", "7.5", "19.25"). Returns buf. */
char *bo_rate_format(char *buf, size_t size, int32_t rate_bp);

#endif
