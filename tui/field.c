/* The one-line editor behind form fields and prompts. */
#include "tui/field.h"

#include <stdlib.h>
#include <string.h>

#include "domain/status.h"
#include "domain/termtext.h"
#include "tui/keys.h"

int bo_field_set(bo_field *l, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	char *buf = malloc(n + 16);

	if (!buf)
		return BO_ENOMEM;
	memcpy(buf, text ? text : "", n + 1);
	free(l->text);
	l->text = buf;
	l->len = n;
	l->cap = n + 16;
	l->cursor = n;
	l->scroll = 0;
	return BO_OK;
}

void bo_field_free(bo_field *l)
{
	free(l->text);
	memset(l, 0, sizeof(*l));
}

static bool continuation(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* Columns of the character starting at i (0 for combining marks). */
static size_t width_at(const bo_field *l, size_t i)
{
	char one[5] = {0};
	size_t n = 1;

	while (i + n < l->len && n < 4 &&
	       continuation((unsigned char)l->text[i + n]))
		n++;
	memcpy(one, l->text + i, n);
	return bo_term_width(one);
}

static size_t next_boundary(const bo_field *l, size_t i)
{
	if (i >= l->len)
		return l->len;
	/* one character, then any zero-width marks that belong to it */
	do {
		i++;
		while (i < l->len && continuation((unsigned char)l->text[i]))
			i++;
	} while (i < l->len && width_at(l, i) == 0);
	return i;
}

static size_t prev_boundary(const bo_field *l, size_t i)
{
	while (i > 0) {
		i--;
		while (i > 0 && continuation((unsigned char)l->text[i]))
			i--;
		if (width_at(l, i) != 0)
			break;
	}
	return i;
}

static int encode(char *out, int cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int insert(bo_field *l, int cp)
{
	char bytes[4];
	int n;

	/* surrogates are not characters; they would make the text invalid */
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 1;
	n = encode(bytes, cp);
	if (!l->text && bo_field_set(l, "") < 0)
		return BO_ENOMEM;
	if (l->len + (size_t)n + 1 > l->cap) {
		size_t cap = (l->cap + (size_t)n + 1) * 2;
		char *grown = realloc(l->text, cap);

		if (!grown)
			return BO_ENOMEM;
		l->text = grown;
		l->cap = cap;
	}
	memmove(l->text + l->cursor + n, l->text + l->cursor,
		l->len - l->cursor + 1);
	memcpy(l->text + l->cursor, bytes, (size_t)n);
	l->len += (size_t)n;
	l->cursor += (size_t)n;
	return 1;
}

static void cut(bo_field *l, size_t from, size_t to)
{
	memmove(l->text + from, l->text + to, l->len - to + 1);
	l->len -= to - from;
	l->cursor = from;
}

int bo_field_key(bo_field *l, int key)
{
	if (!l->text && bo_field_set(l, "") < 0)
		return BO_ENOMEM;
	if (bo_key_is_text(key))
		return insert(l, key);
	switch (key) {
	case BO_KEY_LEFT:
		l->cursor = prev_boundary(l, l->cursor);
		return 1;
	case BO_KEY_RIGHT:
		l->cursor = next_boundary(l, l->cursor);
		return 1;
	case BO_KEY_HOME:
	case BO_KEY_CTRL('A'):
		l->cursor = 0;
		return 1;
	case BO_KEY_END:
	case BO_KEY_CTRL('E'):
		l->cursor = l->len;
		return 1;
	case BO_KEY_BACKSPACE:
	case BO_KEY_CTRL('H'):
		if (l->cursor > 0)
			cut(l, prev_boundary(l, l->cursor), l->cursor);
		return 1;
	case BO_KEY_DELETE:
	case BO_KEY_CTRL('D'):
		if (l->cursor < l->len)
			cut(l, l->cursor, next_boundary(l, l->cursor));
		return 1;
	case BO_KEY_CTRL('U'):
		cut(l, 0, l->len);
		return 1;
	default:
		return 0;
	}
}

/* The marks for text beyond the field's left and right edges. */
static const char *mark(const bo_canvas *c, bool right)
{
	if (c->unicode)
		return right ? "\xE2\x80\xBA" : "\xE2\x80\xB9"; /* › ‹ */
	return right ? ">" : "<";
}

/*
 * The first character of sanitised s that starts at column col or later
 * (zero-width marks stay with the character before them); *start gets
 * its column.
 */
static const char *from_column(const char *s, int col, int *start)
{
	const char *p = s;
	int used = 0;

	while (*p) {
		char one[5] = {0};
		size_t n = 1;
		int w;

		while (n < 4 && continuation((unsigned char)p[n]))
			n++;
		memcpy(one, p, n);
		w = (int)bo_term_width(one);
		if (w > 0 && used >= col)
			break;
		used += w;
		p += n;
	}
	*start = used;
	return p;
}

/* The bytes of sanitised s that fill at most cols columns. */
static size_t fit(const char *s, int cols)
{
	int used;
	const char *end = from_column(s, cols, &used);

	/* a wide character straddling the edge stays out */
	if (used > cols)
		end = from_column(s, cols - 1, &used);
	return (size_t)(end - s);
}

/* Moves the view so the cursor at column at shows, off the marks. */
static int follow(int scroll, int at, int total, int width)
{
	if (at < scroll)
		scroll = at;
	if (at - scroll > width - 1)
		scroll = at - width + 1;
	/* no more scrolled than the text needs (after deletes) */
	if (scroll > 0 && total - scroll < width - 1)
		scroll = total - width + 1 > 0 ? total - width + 1 : 0;
	if (at < scroll)
		scroll = at;
	if (width < 3)
		return scroll;
	/* the left mark would cover the cursor: show a column more before */
	if (scroll > 0 && at == scroll)
		scroll = at - 1;
	/* the right mark would cover it: a column more after */
	if (total > scroll + width && at - scroll == width - 1)
		scroll++;
	return scroll;
}

void bo_field_draw(bo_field *l, bo_canvas *c, int y, int x, int width,
		   bo_style role, bool focus)
{
	const char *text = l->text ? l->text : "";
	char *before, *safe, *shown;
	const char *from;
	int at, total, scroll = 0, start, room;

	if (width <= 0)
		return;
	bo_canvas_fill(c, y, x, width, role);
	if (!*text && l->placeholder) {
		bo_canvas_text(c, y, x, BO_STYLE_DIM, l->placeholder, width);
		if (focus)
			bo_canvas_set_cursor(c, y, x);
		return;
	}
	if (!(before = strndup(text, l->cursor)))
		return;
	at = bo_canvas_text_width(before);
	free(before);
	total = bo_canvas_text_width(text);
	if (focus)
		scroll = l->scroll = follow(l->scroll, at, total, width);
	if (!(safe = bo_term_sanitize(text)))
		return;
	/* the columns from scroll on, cut without an ellipsis: the field
	 * scrolls instead, and its marks say so */
	from = from_column(safe, scroll, &start);
	room = width - (start - scroll);
	if ((shown = strndup(from, fit(from, room))) != NULL)
		bo_canvas_text(c, y, x + start - scroll, role, shown, room);
	free(shown);
	free(safe);
	if (width >= 3 && scroll > 0)
		bo_canvas_text(c, y, x, BO_STYLE_DIM, mark(c, false), 1);
	if (width >= 3 && total > scroll + width)
		bo_canvas_text(c, y, x + width - 1, BO_STYLE_DIM, mark(c, true),
			       1);
	if (focus)
		bo_canvas_set_cursor(c, y, x + at - scroll);
}
