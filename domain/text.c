/* Text rules shared by the domain: strict UTF-8, control characters, copies. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

size_t bo_text_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bool bo_text_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	if (!s)
		return true;
	while (*p) {
		size_t n = bo_text_utf8_decode(p, &cp);
		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

size_t bo_text_utf8_len(const char *s)
{
	size_t len = 0;

	if (!s)
		return 0;
	/* Every byte that is not a continuation byte starts a code point. */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			len++;
	return len;
}

bool bo_text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

typedef struct cp_range {
	uint32_t lo, hi;
} cp_range;

/* Sorted; see bo_text_is_invisible in text.h for what each one is. */
static const cp_range invisible[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C},
    {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x2028, 0x2029},   {0x2060, 0x206F},
    {0x3164, 0x3164},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},
    {0xFFF9, 0xFFFB},   {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
    {0xE0000, 0xE007F},
};

bool bo_text_is_invisible(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(invisible) / sizeof(invisible[0]);

	if (cp < 0xAD)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < invisible[mid].lo)
			hi = mid;
		else if (cp > invisible[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static const char hex_digits[] = "0123456789abcdef";

/* Writes "\uXXXX" for one UTF-16 unit at o (when o is not NULL); 6 bytes. */
static size_t put_unit(char *o, uint32_t unit)
{
	if (o) {
		o[0] = '\\';
		o[1] = 'u';
		for (int i = 0; i < 4; i++)
			o[2 + i] = hex_digits[(unit >> (12 - 4 * i)) & 0xF];
	}
	return 6;
}

/* The JSON escape of cp: one unit, or a surrogate pair above U+FFFF. */
static size_t put_json_escape(char *o, uint32_t cp)
{
	if (cp <= 0xFFFF)
		return put_unit(o, cp);
	cp -= 0x10000;
	put_unit(o, 0xD800 | (cp >> 10));
	put_unit(o ? o + 6 : NULL, 0xDC00 | (cp & 0x3FF));
	return 12;
}

/*
 * The cleaning of bo_text_json_clean, writing to out when it is not NULL;
 * returns the length of the result either way (so a first pass sizes it).
 */
static size_t json_clean(const unsigned char *p, char *out)
{
	size_t len = 0;
	bool in_string = false;

	while (*p) {
		uint32_t cp;
		size_t n = bo_text_utf8_decode(p, &cp);

		if (n == 0) {
			len += put_json_escape(out ? out + len : NULL, 0xFFFD);
			p++;
			continue;
		}
		if (in_string && cp == '\\' && p[1] >= 0x20 && p[1] < 0x7F) {
			/* an escape: both bytes as they are */
			if (out) {
				out[len] = (char)p[0];
				out[len + 1] = (char)p[1];
			}
			len += 2;
			p += 2;
			continue;
		}
		if (cp == '"')
			in_string = !in_string;
		if ((in_string || cp >= 0x7F) &&
		    (bo_text_is_control(cp) || bo_text_is_invisible(cp))) {
			len += put_json_escape(out ? out + len : NULL, cp);
		} else {
			if (out)
				memcpy(out + len, p, n);
			len += n;
		}
		p += n;
	}
	if (out)
		out[len] = '\0';
	return len;
}

char *bo_text_json_clean(const char *json)
{
	const unsigned char *p = (const unsigned char *)(json ? json : "");
	size_t len = json_clean(p, NULL);
	char *out = len < SIZE_MAX ? malloc(len + 1) : NULL;

	if (out)
		json_clean(p, out);
	return out;
}

/* True for an optional sign, digits, and optionally '.' and more digits. */
static bool plain_number(const char *s)
{
	const char *digits;

	if (*s == '-' || *s == '+')
		s++;
	digits = s;
	while (*s >= '0' && *s <= '9')
		s++;
	if (s == digits)
		return false;
	if (*s == '.') {
		digits = ++s;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s == digits)
			return false;
	}
	return *s == '\0';
}

bool bo_text_csv_formula(const char *s)
{
	if (!s || *s == '\0' || !strchr("=+-@\t\r", *s))
		return false;
	return !plain_number(s);
}

bool bo_text_has_control(const char *s, bool allow_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	if (!s)
		return false;
	while (*p) {
		size_t n = bo_text_utf8_decode(p, &cp);
		if (n == 0) {
			/* bo_text_utf8_valid is what refuses invalid bytes. */
			p++;
			continue;
		}
		if (bo_text_is_control(cp) && !(allow_newline && cp == '\n'))
			return true;
		p += n;
	}
	return false;
}

char *bo_strdup(const char *s)
{
	size_t n;
	char *copy;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	copy = malloc(n);
	if (copy)
		memcpy(copy, s, n);
	return copy;
}

int bo_strset(char **p, const char *s)
{
	char *copy = NULL;

	if (s) {
		copy = bo_strdup(s);
		if (!copy)
			return BO_ENOMEM;
	}
	free(*p);
	*p = copy;
	return BO_OK;
}
