/* Terminal-safe text: visible escapes for controls, column widths, cutting. */
#include "termtext.h"

#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char hex[] = "0123456789abcdef";

/* Writes the visible form of a control or invisible code point; returns
 * bytes written (at most 10). */
static size_t escape_control(char *o, uint32_t cp)
{
	char letter = 0;

	switch (cp) {
	case 0x1B:
		letter = 'e';
		break;
	case '\n':
		letter = 'n';
		break;
	case '\r':
		letter = 'r';
		break;
	case '\t':
		letter = 't';
		break;
	case '\b':
		letter = 'b';
		break;
	}
	if (letter) {
		o[0] = '\\';
		o[1] = letter;
		return 2;
	}
	if (cp <= 0x7F) {
		o[0] = '\\';
		o[1] = 'x';
		o[2] = hex[(cp >> 4) & 0xF];
		o[3] = hex[cp & 0xF];
		return 4;
	}
	if (cp > 0xFFFF) {
		o[0] = '\\';
		o[1] = 'U';
		for (int i = 0; i < 8; i++)
			o[2 + i] = hex[(cp >> (28 - 4 * i)) & 0xF];
		return 10;
	}
	o[0] = '\\';
	o[1] = 'u';
	for (int i = 0; i < 4; i++)
		o[2 + i] = hex[(cp >> (12 - 4 * i)) & 0xF];
	return 6;
}

char *bo_term_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p), pos = 0;
	char *out;

	/* Worst case is 4 output bytes per input byte ("\xHH"; "\u0085" is
	 * 6 for 2, "\u202e" 6 for 3, "\U000e0041" 10 for 4). */
	if (len > (SIZE_MAX - 1) / 4)
		return NULL;
	out = malloc(4 * len + 1);
	if (!out)
		return NULL;
	while (*p) {
		uint32_t cp;
		size_t n = bo_text_utf8_decode(p, &cp);

		if (n == 0) {
			out[pos++] = '\\';
			out[pos++] = 'x';
			out[pos++] = hex[*p >> 4];
			out[pos++] = hex[*p & 0xF];
			p++;
			continue;
		}
		if (bo_text_is_control(cp) || bo_text_is_invisible(cp))
			pos += escape_control(out + pos, cp);
		else
			for (size_t i = 0; i < n; i++)
				out[pos++] = (char)p[i];
		p += n;
	}
	out[pos] = '\0';
	return out;
}

typedef struct range {
	uint32_t lo, hi;
} range;

/* Combining marks and zero-width characters (a practical subset). */
static const range zero_width[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2},   {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F},   {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x0900, 0x0902},   {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948},
    {0x094D, 0x094D},   {0x0951, 0x0957}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E},   {0x1160, 0x11FF}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F},   {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth blocks, and the common emoji blocks. */
static const range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2E80, 0x303E},
    {0x3041, 0x3096},   {0x309B, 0xA4CF},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

static bool in_table(uint32_t cp, const range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Columns a code point takes; our own table so no locale is needed. */
static size_t cp_width(uint32_t cp)
{
	if (bo_text_is_control(cp))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_width,
		     sizeof(zero_width) / sizeof(zero_width[0])))
		return 0;
	if (in_table(cp, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

/* Length and width of the character at p; an invalid byte counts as one. */
static size_t next_char(const unsigned char *p, size_t *width)
{
	uint32_t cp;
	size_t n = bo_text_utf8_decode(p, &cp);

	if (n == 0) {
		*width = 1;
		return 1;
	}
	*width = cp_width(cp);
	return n;
}

size_t bo_term_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t total = 0, w;

	if (!s)
		return 0;
	while (*p) {
		p += next_char(p, &w);
		total += w;
	}
	return total;
}

char *bo_term_truncate(const char *s, size_t cols, int unicode)
{
	const char *src = s ? s : "";
	const unsigned char *p = (const unsigned char *)src;
	const char *mark = unicode ? "\xE2\x80\xA6" : "~";
	size_t used = 0, w, n, keep, mark_len;
	char *out;

	if (bo_term_width(src) <= cols) {
		size_t len = strlen(src) + 1;
		out = malloc(len);
		if (out)
			memcpy(out, src, len);
		return out;
	}
	if (cols == 0)
		return calloc(1, 1);
	/* Keep whole characters (with their combining marks) that fit in
	 * cols - 1 columns, leaving the last column for the marker. */
	while (*p) {
		n = next_char(p, &w);
		if (used + w > cols - 1)
			break;
		used += w;
		p += n;
	}
	keep = (size_t)((const char *)p - src);
	mark_len = strlen(mark);
	out = malloc(keep + mark_len + 1);
	if (!out)
		return NULL;
	memcpy(out, src, keep);
	memcpy(out + keep, mark, mark_len + 1);
	return out;
}

char *bo_term_csv_field(const char *s)
{
	char *clean = bo_term_sanitize(s), *out;
	size_t len, pos = 0;
	bool quote, prefix;

	if (!clean)
		return NULL;
	/* sanitising turns a leading TAB or CR into "\t" or "\r": ask both */
	prefix = bo_text_csv_formula(s) || bo_text_csv_formula(clean);
	quote = strpbrk(clean, ",\"\r\n") != NULL;
	len = strlen(clean);
	/* each quote doubled, the two around it and the prefix */
	out = len <= (SIZE_MAX - 4) / 2 ? malloc(2 * len + 4) : NULL;
	if (!out) {
		free(clean);
		return NULL;
	}
	if (quote)
		out[pos++] = '"';
	if (prefix)
		out[pos++] = '\'';
	for (const char *c = clean; *c; c++) {
		if (*c == '"')
			out[pos++] = '"';
		out[pos++] = *c;
	}
	if (quote)
		out[pos++] = '"';
	out[pos] = '\0';
	free(clean);
	return out;
}
