/* The help overlay (every key, the screen's own first) and the key hint line. */
#include <stdio.h>
#include <string.h>

#include "tui/tui_impl.h"

/* The hints of the screen on top, or NULL. */
static const bo_hint *screen_hints(bo_tui *t)
{
	bo_screen *s = bo_tui_top(t);

	return s && s->ops->hints && s->ops->hints[0].req != BO_REQ_NONE
		   ? s->ops->hints
		   : NULL;
}

/*
 * The help's lines: first the keys of the screen on top (its hints, under
 * a heading naming the screen), then every request in table order, each
 * scope under its heading with a blank line before every heading but the
 * first. Line i is a blank (returns 0), a scope heading (1, with its
 * first request in *r), a request (2, *r), the screen's heading (3) or
 * one of its hints (4, in *hint).
 */
static int help_line(bo_tui *t, int i, bo_request *r, const bo_hint **hint)
{
	const bo_hint *hints = screen_hints(t);
	const char *scope = NULL;
	int n = 0;

	if (hints) {
		if (n++ == i)
			return 3;
		for (const bo_hint *h = hints; h->req != BO_REQ_NONE; h++)
			if (n++ == i) {
				*hint = h;
				return 4;
			}
		if (n++ == i)
			return 0;
	}
	for (int q = 1; q < BO_REQ__COUNT; q++) {
		if (!scope || strcmp(scope, bo_request_scope(q)) != 0) {
			scope = bo_request_scope(q);
			if (q > 1 && n++ == i)
				return 0;
			if (n++ == i) {
				*r = (bo_request)q;
				return 1;
			}
		}
		if (n++ == i) {
			*r = (bo_request)q;
			return 2;
		}
	}
	return -1;
}

static int help_count(bo_tui *t)
{
	bo_request r;
	const bo_hint *h;
	int n = 0;

	while (help_line(t, n, &r, &h) >= 0)
		n++;
	return n;
}

/* The help's first line kept so the last page is full (top clamped). */
static int help_clamp(bo_tui *t, int top, int rows)
{
	int last = help_count(t) - (rows > 0 ? rows : 1);

	if (top > last)
		top = last;
	return top < 0 ? 0 : top;
}

int bo_tui_help_key(bo_tui *t, bo_request req)
{
	/* a page keeps one line of the last in view (10 before any drawing) */
	int page = t->help_rows > 1 ? t->help_rows - 1 : 10;

	switch (req) {
	case BO_REQ_MOVE_UP:
		t->help_top--;
		break;
	case BO_REQ_MOVE_DOWN:
		t->help_top++;
		break;
	case BO_REQ_PAGE_UP:
		t->help_top -= page;
		break;
	case BO_REQ_PAGE_DOWN:
		t->help_top += page;
		break;
	case BO_REQ_FIRST:
		t->help_top = 0;
		break;
	case BO_REQ_LAST:
		t->help_top = help_count(t);
		break;
	case BO_REQ_QUIT:
		return BO_QUIT;
	case BO_REQ_BACK:
	case BO_REQ_CLOSE:
	case BO_REQ_HELP:
	case BO_REQ_ENTER:
		t->overlay = OV_NONE;
		break;
	default:
		break;
	}
	t->help_top = help_clamp(t, t->help_top, t->help_rows);
	return BO_HANDLED;
}

/* The hint line: the screen's keys that fit, each key then what it does. */
void bo_tui_draw_hints(bo_tui *t, bo_canvas *c, int y, const bo_hint *hints)
{
	int x = 1;

	bo_canvas_fill(c, y, 0, c->cols, BO_STYLE_NORMAL);
	for (const bo_hint *h = hints; h->req != BO_REQ_NONE; h++) {
		char key[24];
		int w;

		bo_key_name(
		    key, sizeof(key),
		    bo_request_key_on(bo_tui_top(t)->ops->keys, h->req));
		w = bo_canvas_text_width(key) + 1 +
		    bo_canvas_text_width(h->label);
		if (x + w > c->cols - 1)
			break;
		x += bo_canvas_text(c, y, x, BO_STYLE_KEY, key, -1) + 1;
		x += bo_canvas_text(c, y, x, BO_STYLE_DIM, h->label, -1) + 2;
	}
}

/* The help overlay: a window on help_line's lines, with where it is. */
void bo_tui_draw_help(bo_tui *t, bo_canvas *c)
{
	int h = c->rows - 4, w = c->cols - 4, rows = h - 2, n = help_count(t);
	char keys[64], k1[24], k2[24], where[64];
	int last, top;

	if (h < 3 || w < 10)
		return;
	t->help_rows = rows;
	top = t->help_top = help_clamp(t, t->help_top, rows);
	last = top + rows < n ? top + rows : n;
	bo_canvas_box(c, 1, 2, h, w, BO_STYLE_BORDER);
	bo_canvas_text(c, 1, 4, BO_STYLE_TITLE, " Keys (Esc closes) ", w - 4);
	for (int i = top; i < last; i++) {
		int y = 2 + i - top;
		bo_request r = BO_REQ_NONE;
		const bo_hint *hint = NULL;
		int kind = help_line(t, i, &r, &hint);

		if (kind == 3) {
			char head[96];

			snprintf(head, sizeof(head), "this screen (%s)",
				 t->stack[t->depth - 1].ops->title);
			bo_canvas_text(c, y, 4, BO_STYLE_HEADER, head, w - 4);
		}
		if (kind == 4) {
			bo_key_name(
			    k1, sizeof(k1),
			    bo_request_key_on(t->stack[t->depth - 1].ops->keys,
					      hint->req));
			bo_canvas_text(c, y, 6, BO_STYLE_KEY, k1, 16);
			bo_canvas_text(c, y, 23, BO_STYLE_NORMAL, hint->label,
				       w - 22);
		}
		if (kind == 1)
			bo_canvas_text(c, y, 4, BO_STYLE_HEADER,
				       bo_request_scope(r), w - 4);
		if (kind != 2)
			continue;
		bo_key_name(
		    k1, sizeof(k1),
		    bo_request_key_on(
			t->depth ? t->stack[t->depth - 1].ops->keys : NULL, r));
		if (!bo_request_key_on(
			t->depth ? t->stack[t->depth - 1].ops->keys : NULL, r))
			snprintf(k1, sizeof(k1), "(its screen)");
		if (bo_request_key(r, 1))
			snprintf(
			    keys, sizeof(keys), "%s %s", k1,
			    bo_key_name(k2, sizeof(k2), bo_request_key(r, 1)));
		else
			snprintf(keys, sizeof(keys), "%s", k1);
		bo_canvas_text(c, y, 6, BO_STYLE_KEY, keys, 16);
		bo_canvas_text(c, y, 23, BO_STYLE_NORMAL, bo_request_help(r),
			       w - 22);
	}
	/* where the window is: a mark on the border for each way there is
	 * more, and the lines shown */
	if (top > 0)
		bo_canvas_text(c, 1, 2 + w - 4, BO_STYLE_KEY,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (last < n)
		bo_canvas_text(c, h, 2 + w - 4, BO_STYLE_KEY,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
	snprintf(where, sizeof(where), " lines %d-%d of %d ", top + 1, last, n);
	bo_canvas_text(c, h, 2 + w - 6 - bo_canvas_text_width(where),
		       BO_STYLE_DIM, where, w - 8);
}
