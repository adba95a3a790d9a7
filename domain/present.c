/* Values written for people: event types in words, rounded durations, grouped digits. */
#include "domain/present.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *bo_event_words(char *buf, size_t size, const char *type_name)
{
	size_t o = 0;

	if (!size)
		return buf;
	if (!type_name)
		type_name = "";
	for (const char *p = type_name; *p; p++) {
		char ch = *p;
		bool word = ch >= 'A' && ch <= 'Z' && p != type_name;

		if (o + 1 + word >= size)
			break;
		if (word) {
			buf[o++] = ' ';
			ch = (char)(ch - 'A' + 'a');
		}
		buf[o++] = ch;
	}
	buf[o] = '\0';
	return buf;
}

const char *bo_duration_words(char *buf, size_t size, int64_t ms)
{
	/* whole seconds first, as the reports' *_seconds fields count */
	static const struct {
		int64_t s;
		const char *unit;
	} units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
	int64_t s = ms < 0 ? 0 : ms / 1000, big, small = 0, rounded;
	size_t i;

	for (i = 0; i + 1 < sizeof(units) / sizeof(units[0]); i++)
		if (s >= units[i].s)
			break;
	/* rounding may carry into the unit above: 59m 59s... is 1h */
	for (;;) {
		int64_t unit = i + 1 < sizeof(units) / sizeof(units[0])
				   ? units[i + 1].s
				   : 1;

		rounded = (s + unit / 2) / unit * unit;
		if (i > 0 && rounded >= units[i - 1].s) {
			i--;
			continue;
		}
		big = rounded / units[i].s;
		if (unit < units[i].s)
			small = rounded % units[i].s / unit;
		break;
	}
	if (small)
		snprintf(buf, size, "%" PRId64 "%s %" PRId64 "%s", big,
			 units[i].unit, small, units[i + 1].unit);
	else
		snprintf(buf, size, "%" PRId64 "%s", big, units[i].unit);
	return buf;
}

const char *bo_group_digits(char *buf, size_t size, const char *plain,
			    const char *sep)
{
	const char *p = plain ? plain : "", *digits, *end;
	size_t o = 0, seplen = sep ? strlen(sep) : 0, n;

	if (!size)
		return buf;
	digits = p + (*p == '-');
	for (end = digits; *end >= '0' && *end <= '9'; end++)
		;
	n = (size_t)(end - digits);
	if (!seplen || !n || (*end && *end != '.') ||
	    (*end == '.' && strspn(end + 1, "0123456789") != strlen(end + 1))) {
		snprintf(buf, size, "%s", p);
		return buf;
	}
	if (digits != p && o + 1 < size)
		buf[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0) {
			if (o + seplen >= size)
				break;
			memcpy(buf + o, sep, seplen);
			o += seplen;
		}
		if (o + 1 >= size)
			break;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	if (o + strlen(end) < size)
		memcpy(buf + o, end, strlen(end) + 1);
	return buf;
}
