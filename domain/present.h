/* Values written for people (tables and screens), below both faces: the CLI's tables and the TUI. */
#ifndef BO_PRESENT_H
#define BO_PRESENT_H

#include <stddef.h>
#include <stdint.h>

/*
 * An event type's name in words: "PaymentReceived" -> "Payment received",
 * "ProductCreated" -> "Product created". Any CamelCase name works the same
 * way (an upcast or unknown type too); a name that is not CamelCase comes
 * back as it is. Returns buf.
 */
const char *bo_event_words(char *buf, size_t size, const char *type_name);

/*
 * A duration rounded for people, in its two largest units, the second
 * rounded to the nearest: "1d 1h" (for 1d 01:20:43), "3h 5m", "12m 30s",
 * "45s", "0s"; a zero second unit is left out ("2d"). Negative counts as 0.
 * Returns buf.
 */
const char *bo_duration_words(char *buf, size_t size, int64_t ms);

/*
 * plain (a number as bo_money_format writes it: an optional '-', digits,
 * an optional '.' and decimals) with sep between each group of three
 * digits of its whole part: "1234567.50" with "," -> "1,234,567.50". An
 * empty or NULL sep, or text that is not such a number, is copied as it
 * is. Returns buf.
 */
const char *bo_group_digits(char *buf, size_t size, const char *plain,
			    const char *sep);

#endif
