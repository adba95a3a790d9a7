/* The off-screen cell grid: sanitised, width-aware drawing and a plain-text rendering. */
#include "tui/canvas.h"

#include <stdlib.h>
#include <string.h>

#include "domain/status.h"
#include "domain/termtext.h"

static const char *const role_names[] = {
#define BO_X(name, text) #text,
    BO_STYLE_TABLE(BO_X)
#undef BO_X
};

/* In the order of BO_STYLE_TABLE. */
static const char role_letters[] = ".THSsEWOdM$opxvnhbIKt";

static const char *const glyph_unicode[] = {
#define BO_X(name, uni, ascii) uni,
    BO_GLYPH_TABLE(BO_X)
#undef BO_X
};

static const char *const glyph_ascii[] = {
#define BO_X(name, uni, ascii) ascii,
    BO_GLYPH_TABLE(BO_X)
#undef BO_X
};

const char *bo_style_text(bo_style r)
{
	return r >= 0 && r < BO_STYLE__COUNT ? role_names[r] : "?";
}

char bo_canvas_style_letter(bo_style r)
{
	return r >= 0 && r < BO_STYLE__COUNT ? role_letters[r] : '?';
}

const char *bo_canvas_glyph(const bo_canvas *c, bo_glyph g)
{
	if (g < 0 || g >= BO_GLYPH__COUNT)
		return "?";
	return c->unicode ? glyph_unicode[g] : glyph_ascii[g];
}

static void blank(bo_cell *cell, bo_style role)
{
	cell->text[0] = ' ';
	cell->text[1] = '\0';
	cell->role = (unsigned char)role;
	cell->wide_right = false;
}

bo_canvas *bo_canvas_new(int rows, int cols, bool unicode)
{
	bo_canvas *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->unicode = unicode;
	if (bo_canvas_resize(c, rows, cols) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

void bo_canvas_free(bo_canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

int bo_canvas_resize(bo_canvas *c, int rows, int cols)
{
	bo_cell *cells;

	rows = rows < 1 ? 1 : rows;
	cols = cols < 1 ? 1 : cols;
	cells = calloc((size_t)rows * (size_t)cols, sizeof(*cells));
	if (!cells)
		return BO_ENOMEM;
	free(c->cells);
	c->cells = cells;
	c->rows = rows;
	c->cols = cols;
	bo_canvas_clear(c);
	return BO_OK;
}

void bo_canvas_clear(bo_canvas *c)
{
	for (int i = 0; i < c->rows * c->cols; i++)
		blank(&c->cells[i], BO_STYLE_NORMAL);
	c->cursor_y = c->cursor_x = -1;
}

static bo_cell *at(bo_canvas *c, int y, int x)
{
	if (y < 0 || x < 0 || y >= c->rows || x >= c->cols)
		return NULL;
	return &c->cells[y * c->cols + x];
}

const bo_cell *bo_canvas_cell(const bo_canvas *c, int y, int x)
{
	return at((bo_canvas *)c, y, x);
}

/* Before a cell is overwritten: never leave half of a wide character. */
static void unpair(bo_canvas *c, int y, int x)
{
	bo_cell *cell = at(c, y, x), *next = at(c, y, x + 1);

	if (cell && cell->wide_right && x > 0)
		blank(at(c, y, x - 1), (bo_style)at(c, y, x - 1)->role);
	if (next && next->wide_right)
		blank(next, (bo_style)next->role);
}

/* Bytes of the UTF-8 character at p (sanitised text is valid UTF-8). */
static size_t char_len(const unsigned char *p)
{
	size_t n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;

	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return i;
	return n;
}

/* Draws already safe, already cut text; returns the columns used. */
static int put(bo_canvas *c, int y, int x, bo_style role, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int col = x;

	while (*p) {
		char one[5] = {0};
		size_t n = char_len(p), w;
		bo_cell *cell;

		memcpy(one, p, n);
		p += n;
		w = bo_term_width(one);
		if (w == 0) {
			/* a combining mark rides on the character before it */
			bo_cell *prev = at(c, y, col - 1);
			size_t len;

			if (prev && prev->wide_right)
				prev = at(c, y, col - 2);
			if (prev && col > x &&
			    (len = strlen(prev->text)) + n < BO_CELL_BYTES)
				memcpy(prev->text + len, one, n + 1);
			continue;
		}
		if (!(cell = at(c, y, col)) || col + (int)w > c->cols)
			break;
		unpair(c, y, col);
		memcpy(cell->text, one, n + 1);
		cell->role = (unsigned char)role;
		cell->wide_right = false;
		if (w == 2) {
			bo_cell *right = at(c, y, col + 1);

			unpair(c, y, col + 1);
			right->text[0] = '\0';
			right->role = (unsigned char)role;
			right->wide_right = true;
		}
		col += (int)w;
	}
	return col - x;
}

/* Latin-1 letters U+00C0..U+00FF as ASCII (the ASCII canvas's fold). */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "A",  "A",  "AE", "C", "E", "E", "E",  "E", "I",
    "I", "I", "I", "D", "N",  "O",  "O",  "O", "O", "O", "x",  "O", "U",
    "U", "U", "U", "Y", "TH", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
    "c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o", "o",
    "o", "o", "o", "/", "o",  "u",  "u",  "u", "u", "y", "th", "y"};

/* Latin Extended-A U+0100..U+017F; '?' marks the two-letter ones. */
static const char latin_a[] = "AaAaAaCcCcCcCcDd"
			      "DdEeEeEeEeEeGgGg"
			      "GgGgHhHhIiIiIiIi"
			      "Ii??JjKkkLlLlLlL"
			      "lLlNnNnNnnNnOoOo"
			      "Oo??RrRrRrSsSsSs"
			      "SsTtTtTtUuUuUuUu"
			      "UuUuWwYyYZzZzZzs";

/* What code point cp looks like in ASCII: a base letter or two, a few
 * marks, "" for a combining mark, else "?". */
static const char *fold(unsigned cp, char one[2])
{
	if (cp < 0x80) {
		one[0] = (char)cp;
		return one;
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	if (cp == 0x132 || cp == 0x133)
		return cp == 0x132 ? "IJ" : "ij";
	if (cp == 0x152 || cp == 0x153)
		return cp == 0x152 ? "OE" : "oe";
	if (cp >= 0x100 && cp <= 0x17F) {
		one[0] = latin_a[cp - 0x100];
		return one;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return ""; /* e + U+0301 is e */
	switch (cp) {
	case 0xA0:
		return " ";
	case 0x2018:
	case 0x2019:
		return "'";
	case 0x201C:
	case 0x201D:
		return "\"";
	case 0x2013:
	case 0x2014:
		return "-";
	}
	return "?";
}

/* Sanitised UTF-8 as ASCII for a terminal without a UTF-8 locale, where
 * other bytes would show as blanks. Caller frees; NULL on ENOMEM. */
static char *ascii_fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	/* no character grows: 2..4 bytes fold to at most 2 */
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*p) {
		size_t n = char_len(p);
		unsigned cp = n == 1   ? *p
			      : n == 2 ? *p & 0x1Fu
			      : n == 3 ? *p & 0x0Fu
				       : *p & 0x07u;
		char one[2] = {0, 0};
		const char *f;

		for (size_t i = 1; i < n; i++)
			cp = (cp << 6) | (p[i] & 0x3Fu);
		p += n;
		f = fold(cp, one);
		memcpy(o, f, strlen(f));
		o += strlen(f);
	}
	*o = '\0';
	return out;
}

int bo_canvas_text(bo_canvas *c, int y, int x, bo_style role, const char *text,
		   int max_cols)
{
	char *safe, *cut;
	int room, used = 0;

	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols)
		return 0;
	room = c->cols - x;
	if (max_cols >= 0 && max_cols < room)
		room = max_cols;
	if (room <= 0)
		return 0;
	safe = bo_term_sanitize(text);
	if (safe && !c->unicode) {
		char *folded = ascii_fold(safe);

		free(safe);
		safe = folded;
	}
	if (!safe)
		return 0;
	cut = bo_term_truncate(safe, (size_t)room, c->unicode);
	if (cut)
		used = put(c, y, x, role, cut);
	free(cut);
	free(safe);
	return used;
}

int bo_canvas_text_width(const char *text)
{
	char *safe = bo_term_sanitize(text);
	size_t w = safe ? bo_term_width(safe) : 0;

	free(safe);
	return (int)w;
}

int bo_canvas_text_right(bo_canvas *c, int y, int x, int width, bo_style role,
			 const char *text)
{
	int w = bo_canvas_text_width(text);

	if (w > width)
		w = width;
	return bo_canvas_text(c, y, x + width - w, role, text, width);
}

void bo_canvas_fill(bo_canvas *c, int y, int x, int n, bo_style role)
{
	for (int i = 0; i < n; i++) {
		bo_cell *cell = at(c, y, x + i);

		if (!cell)
			continue;
		unpair(c, y, x + i);
		blank(cell, role);
	}
}

void bo_canvas_paint(bo_canvas *c, int y, int x, int n, bo_style role)
{
	for (int i = 0; i < n; i++) {
		bo_cell *cell = at(c, y, x + i);

		if (cell)
			cell->role = (unsigned char)role;
	}
}

void bo_canvas_hline(bo_canvas *c, int y, int x, int n, bo_style role,
		     bo_glyph g)
{
	const char *s = bo_canvas_glyph(c, g);

	for (int i = 0; i < n; i++)
		put(c, y, x + i, role, s);
}

void bo_canvas_box(bo_canvas *c, int y, int x, int h, int w, bo_style role)
{
	if (h < 2 || w < 2)
		return;
	for (int r = y + 1; r < y + h - 1; r++) {
		bo_canvas_fill(c, r, x + 1, w - 2, role);
		put(c, r, x, role, bo_canvas_glyph(c, BO_GLYPH_VLINE));
		put(c, r, x + w - 1, role, bo_canvas_glyph(c, BO_GLYPH_VLINE));
	}
	bo_canvas_hline(c, y, x + 1, w - 2, role, BO_GLYPH_HLINE);
	bo_canvas_hline(c, y + h - 1, x + 1, w - 2, role, BO_GLYPH_HLINE);
	put(c, y, x, role, bo_canvas_glyph(c, BO_GLYPH_TOP_LEFT));
	put(c, y, x + w - 1, role, bo_canvas_glyph(c, BO_GLYPH_TOP_RIGHT));
	put(c, y + h - 1, x, role, bo_canvas_glyph(c, BO_GLYPH_BOTTOM_LEFT));
	put(c, y + h - 1, x + w - 1, role,
	    bo_canvas_glyph(c, BO_GLYPH_BOTTOM_RIGHT));
}

void bo_canvas_set_cursor(bo_canvas *c, int y, int x)
{
	if (!at(c, y, x))
		y = x = -1;
	c->cursor_y = y;
	c->cursor_x = x;
}

char *bo_canvas_to_text(const bo_canvas *c, bool roles)
{
	/* each cell holds at most BO_CELL_BYTES - 1 bytes; +2 for newlines */
	size_t cap =
	    (size_t)c->rows * ((size_t)c->cols * (BO_CELL_BYTES + 1) + 2) + 1;
	char *out = malloc(cap), *o = out;

	if (!out)
		return NULL;
	for (int y = 0; y < c->rows; y++) {
		char *end = o;

		for (int x = 0; x < c->cols; x++) {
			const bo_cell *cell = &c->cells[y * c->cols + x];
			size_t n = strlen(cell->text);

			memcpy(o, cell->text, n);
			o += n;
			if (n && !(n == 1 && cell->text[0] == ' '))
				end = o;
		}
		o = end;
		*o++ = '\n';
		if (!roles)
			continue;
		end = o;
		for (int x = 0; x < c->cols; x++) {
			const bo_cell *cell = &c->cells[y * c->cols + x];

			*o = bo_canvas_style_letter((bo_style)cell->role);
			o++;
			if (cell->role != BO_STYLE_NORMAL)
				end = o;
		}
		o = end;
		*o++ = '\n';
	}
	*o = '\0';
	return out;
}
