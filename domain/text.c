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
