/* Several lines of typing: the note editor's model and drawing. */
#include "tui/text_box.h"

#include <stdlib.h>
#include <string.h>

#include "domain/status.h"
#include "tui/keys.h"

static int insert_line(bo_text_box *b, size_t at, const char *text)
{
	bo_field *grown = realloc(b->lines, (b->n + 1) * sizeof(*grown));

	if (!grown)
		return BO_ENOMEM;
	b->lines = grown;
	memmove(grown + at + 1, grown + at, (b->n - at) * sizeof(*grown));
	memset(&grown[at], 0, sizeof(grown[at]));
	b->n++;
	if (bo_field_set(&grown[at], text) < 0) {
		memmove(grown + at, grown + at + 1,
			(b->n - at - 1) * sizeof(*grown));
		b->n--;
		return BO_ENOMEM;
	}
	return BO_OK;
}

static void remove_line(bo_text_box *b, size_t at)
{
	bo_field_free(&b->lines[at]);
	memmove(b->lines + at, b->lines + at + 1,
		(b->n - at - 1) * sizeof(*b->lines));
	b->n--;
}

void bo_text_box_free(bo_text_box *b)
{
	for (size_t i = 0; i < b->n; i++)
		bo_field_free(&b->lines[i]);
	free(b->lines);
	memset(b, 0, sizeof(*b));
}

int bo_text_box_set(bo_text_box *b, const char *text)
{
	const char *p = text ? text : "";

	bo_text_box_free(b);
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *one = malloc(len + 1);
		int rc;

		if (!one)
			return BO_ENOMEM;
		memcpy(one, p, len);
		one[len] = '\0';
		rc = insert_line(b, b->n, one);
		free(one);
		if (rc < 0)
			return rc;
		if (!nl)
			break;
		p = nl + 1;
	}
	b->cur = b->n - 1;
	b->top = 0;
	return BO_OK;
}

/* Joins line at + 1 onto line at, the cursor at the join. */
static int join(bo_text_box *b, size_t at)
{
	bo_field *l = &b->lines[at];
	size_t keep = l->len;
	size_t len = l->len + b->lines[at + 1].len;
	char *all = malloc(len + 1);
	int rc;

	if (!all)
		return BO_ENOMEM;
	memcpy(all, l->text, l->len);
	memcpy(all + l->len, b->lines[at + 1].text, b->lines[at + 1].len + 1);
	rc = bo_field_set(l, all);
	free(all);
	if (rc < 0)
		return rc;
	l->cursor = keep;
	remove_line(b, at + 1);
	b->cur = at;
	return 1;
}

/* Moves to line to with the cursor near the byte column it had. */
static void move_to(bo_text_box *b, size_t to)
{
	size_t col = b->lines[b->cur].cursor;
	bo_field *l = &b->lines[to];

	b->cur = to;
	if (col > l->len)
		col = l->len;
	/* back to a character boundary */
	while (col > 0 && ((unsigned char)l->text[col] & 0xC0) == 0x80)
		col--;
	l->cursor = col;
}

int bo_text_box_key(bo_text_box *b, int key)
{
	bo_field *l;

	if (!b->n && bo_text_box_set(b, NULL) < 0)
		return BO_ENOMEM;
	l = &b->lines[b->cur];
	switch (key) {
	case BO_KEY_ENTER:
	case '\n': {
		int rc = insert_line(b, b->cur + 1, l->text + l->cursor);

		if (rc < 0)
			return rc;
		l = &b->lines[b->cur]; /* the array may have moved */
		l->text[l->cursor] = '\0';
		l->len = l->cursor;
		b->cur++;
		b->lines[b->cur].cursor = 0;
		return 1;
	}
	case BO_KEY_BACKSPACE:
	case BO_KEY_CTRL('H'):
		if (l->cursor == 0 && b->cur > 0) {
			size_t above = b->cur - 1;

			b->cur = above;
			return join(b, above);
		}
		break;
	case BO_KEY_DELETE:
		if (l->cursor == l->len && b->cur + 1 < b->n)
			return join(b, b->cur);
		break;
	case BO_KEY_UP:
		if (b->cur > 0)
			move_to(b, b->cur - 1);
		return 1;
	case BO_KEY_DOWN:
		if (b->cur + 1 < b->n)
			move_to(b, b->cur + 1);
		return 1;
	default:
		break;
	}
	return bo_field_key(l, key);
}

char *bo_text_box_text(const bo_text_box *b)
{
	size_t len = 0, o = 0;
	char *all;

	for (size_t i = 0; i < b->n; i++)
		len += b->lines[i].len + 1;
	if (!(all = malloc(len + 1)))
		return NULL;
	for (size_t i = 0; i < b->n; i++) {
		memcpy(all + o, b->lines[i].text, b->lines[i].len);
		o += b->lines[i].len;
		if (i + 1 < b->n)
			all[o++] = '\n';
	}
	all[o] = '\0';
	return all;
}

void bo_text_box_draw(bo_text_box *b, bo_canvas *c, int y, int x, int width,
		      int height)
{
	if (height < 1 || width < 2)
		return;
	if (b->cur < b->top)
		b->top = b->cur;
	if (b->cur >= b->top + (size_t)height)
		b->top = b->cur - (size_t)height + 1;
	for (int r = 0; r < height && b->top + (size_t)r < b->n; r++) {
		size_t i = b->top + (size_t)r;

		bo_field_draw(&b->lines[i], c, y + r, x, width - 1,
			      BO_STYLE_INPUT, i == b->cur);
	}
	/* the current line last: the canvas cursor stays on it */
	if (b->cur >= b->top && b->cur < b->top + (size_t)height)
		bo_field_draw(&b->lines[b->cur], c, y + (int)(b->cur - b->top),
			      x, width - 1, BO_STYLE_INPUT, true);
	if (b->top > 0)
		bo_canvas_text(c, y, x + width - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (b->top + (size_t)height < b->n)
		bo_canvas_text(c, y + height - 1, x + width - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}
