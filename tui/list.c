/* The keyset-paged list shared by the order and product screens. */
#include "tui/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tui.h"

/* Rows kept around the cursor; a page is fetched when the cursor passes an
 * edge of the window, and rows far from the cursor are dropped again, so a
 * million rows cost no more than a few hundred. */
#define WINDOW_MAX 300
#define FETCH 50

#define ROW(l, i) ((void *)((l)->rows + (i) * (l)->ops->row_size))

int bo_list_rows_add(bo_list_rows *out, const void *row)
{
	size_t size = out->ops->row_size;
	char *grown = realloc(out->rows, (out->n + 1) * size);

	if (!grown) {
		out->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	out->rows = grown;
	if (out->ops->copy(grown + out->n * size, row) < 0) {
		out->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	out->n++;
	return 0;
}

void bo_list_rows_free(bo_list_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->ops->clear(r->rows + i * r->ops->row_size);
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

int bo_list_fetch_held(const void *rows, size_t n, const void *anchor,
		       bool backward, int64_t limit, bo_list_rows *out)
{
	const bo_list_ops *ops = out->ops;
	const char *all = rows;
	/* the anchor's index, n when there is none */
	size_t at = n;
	int64_t added = 0;
	int rc = 0;

	for (size_t i = 0; anchor && i < n; i++)
		if (ops->same(all + i * ops->row_size, anchor)) {
			at = i;
			break;
		}
	if (backward) {
		/* from the end without an anchor, none when it is gone */
		for (size_t i = !anchor || at < n ? at : 0;
		     i > 0 && added < limit && rc == 0; i--, added++)
			rc = bo_list_rows_add(out,
					      all + (i - 1) * ops->row_size);
	} else {
		for (size_t i = at < n ? at + 1 : 0;
		     i < n && added < limit && rc == 0; i++, added++)
			rc = bo_list_rows_add(out, all + i * ops->row_size);
	}
	return rc;
}

void bo_list_init(bo_list *l, const bo_list_ops *ops, void *ctx, bo_tui *t)
{
	memset(l, 0, sizeof(*l));
	l->ops = ops;
	l->ctx = ctx;
	l->tui = t;
	l->sort_col = -1;
	l->base = 0;
	l->total = -1;
}

/* The size of the whole result is asked for once per load, after the
 * frame that shows the load (bo_list_idle): counting a large result costs
 * more than the window does. */
static void recount(bo_list *l)
{
	l->total = -1;
	l->count_due = l->ops->count != NULL;
}

/* At the end of a result of known size, the window's place is known. */
static void place_from_end(bo_list *l)
{
	if (l->base < 0 && l->at_end && l->total >= (int64_t)l->n)
		l->base = l->total - (int64_t)l->n;
}

bool bo_list_idle(bo_list *l)
{
	int64_t n;

	if (!l->count_due)
		return false;
	l->count_due = false;
	l->total = l->ops->count(l->ctx, &n) == 0 ? n : -1;
	place_from_end(l);
	return true;
}

static void drop_window(bo_list *l)
{
	bo_list_rows r = {l->ops, l->rows, l->n, 0};

	bo_list_rows_free(&r);
	l->rows = NULL;
	l->n = 0;
	l->gen++;
}

void bo_list_free(bo_list *l)
{
	drop_window(l);
}

const void *bo_list_current(const bo_list *l)
{
	return l->n ? ROW(l, l->cursor) : NULL;
}

static int fetch(bo_list *l, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->ops = l->ops;
	rc = l->ops->fetch(l->ctx, anchor, backward, limit, out, err);
	if (rc == 0 && out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing rows");
	if (rc < 0)
		bo_list_rows_free(out);
	return rc;
}

static void reverse(bo_list *l, bo_list_rows *r)
{
	size_t size = l->ops->row_size;

	for (size_t i = 0; i < r->n / 2; i++) {
		char *a = r->rows + i * size,
		     *b = r->rows + (r->n - 1 - i) * size;

		for (size_t k = 0; k < size; k++) {
			char t = a[k];

			a[k] = b[k];
			b[k] = t;
		}
	}
}

/* Joins a (kept first) and b into a; b is emptied. */
static int join(bo_list_rows *a, bo_list_rows *b, bo_err *err)
{
	size_t size = a->ops->row_size;
	char *all = realloc(a->rows, (a->n + b->n) * size + 1);

	if (!all)
		return bo_err_set(err, BO_ENOMEM, "out of memory listing rows");
	if (b->n)
		memcpy(all + a->n * size, b->rows, b->n * size);
	free(b->rows);
	b->rows = NULL;
	a->rows = all;
	a->n += b->n;
	b->n = 0;
	return BO_OK;
}

static void take_window(bo_list *l, bo_list_rows *r)
{
	drop_window(l);
	l->rows = r->rows;
	l->n = r->n;
	l->gen++;
	r->rows = NULL;
	r->n = 0;
}

int bo_list_load(bo_list *l, const void *anchor, bo_err *err)
{
	bo_list_rows before = {0}, after = {0};
	/* the cursor keeps its place on the screen */
	size_t offset = l->cursor >= l->scroll ? l->cursor - l->scroll : 0;
	size_t want;
	int rc;

	before.ops = after.ops = l->ops;
	if (anchor) {
		if ((rc = fetch(l, anchor, true, FETCH, &before, err)) < 0)
			return rc;
		reverse(l, &before);
	}
	want = before.n;
	/* the forward page starts after the last row before the anchor, so
	 * it holds the anchor itself when the anchor still matches */
	rc = fetch(l,
		   before.n ? before.rows + (before.n - 1) * l->ops->row_size
			    : NULL,
		   false, WINDOW_MAX - (int64_t)before.n, &after, err);
	if (rc < 0)
		goto done;
	l->at_start = before.n < FETCH;
	l->at_end = after.n < WINDOW_MAX - before.n;
	if ((rc = join(&before, &after, err)) < 0)
		goto done;
	take_window(l, &before);
	l->base = l->at_start ? 0 : -1;
	recount(l);
	place_from_end(l);
	l->cursor = want < l->n ? want : (l->n ? l->n - 1 : 0);
	for (size_t i = 0; anchor && i < l->n; i++)
		if (l->ops->same(ROW(l, i), anchor))
			l->cursor = i;
	if (!anchor)
		offset = 0;
	l->scroll = l->cursor > offset ? l->cursor - offset : 0;
done:
	bo_list_rows_free(&before);
	bo_list_rows_free(&after);
	return rc;
}

int bo_list_load_end(bo_list *l, bo_err *err)
{
	bo_list_rows r;
	int rc = fetch(l, NULL, true, FETCH, &r, err);

	if (rc < 0)
		return rc;
	reverse(l, &r);
	l->at_end = true;
	l->at_start = r.n < FETCH;
	l->base = l->at_start ? 0 : -1;
	take_window(l, &r);
	recount(l);
	place_from_end(l);
	l->cursor = l->n ? l->n - 1 : 0;
	l->scroll = l->cursor;
	return BO_OK;
}

/* Fetches the page below the window; drops rows from the top. */
static int extend_down(bo_list *l, bo_err *err)
{
	bo_list_rows r;
	size_t size = l->ops->row_size;
	int rc;

	if (l->at_end || !l->n)
		return BO_OK;
	if ((rc = fetch(l, ROW(l, l->n - 1), false, FETCH, &r, err)) < 0)
		return rc;
	l->at_end = r.n < FETCH;
	if (!r.n)
		return BO_OK;
	{
		bo_list_rows win = {l->ops, l->rows, l->n, 0};

		if ((rc = join(&win, &r, err)) < 0) {
			bo_list_rows_free(&r);
			return rc;
		}
		l->rows = win.rows;
		l->n = win.n;
		l->gen++;
	}
	place_from_end(l);
	if (l->n > WINDOW_MAX) {
		size_t drop = l->n - WINDOW_MAX;

		drop = drop > l->scroll ? l->scroll : drop;
		for (size_t i = 0; i < drop; i++)
			l->ops->clear(ROW(l, i));
		memmove(l->rows, l->rows + drop * size, (l->n - drop) * size);
		l->n -= drop;
		l->gen++;
		l->cursor -= drop;
		l->scroll -= drop;
		if (drop) {
			l->at_start = false;
			if (l->base >= 0)
				l->base += (int64_t)drop;
		}
	}
	return BO_OK;
}

/* Fetches the page above the window; drops rows from the bottom. */
static int extend_up(bo_list *l, bo_err *err)
{
	bo_list_rows r;
	int rc;

	if (l->at_start || !l->n)
		return BO_OK;
	if ((rc = fetch(l, ROW(l, 0), true, FETCH, &r, err)) < 0)
		return rc;
	l->at_start = r.n < FETCH;
	if (!r.n) {
		l->base = 0;
		return BO_OK;
	}
	reverse(l, &r);
	{
		bo_list_rows win = {l->ops, l->rows, l->n, 0};

		if ((rc = join(&r, &win, err)) < 0) {
			bo_list_rows_free(&r);
			return rc;
		}
		size_t added = r.n - l->n;

		l->rows = r.rows;
		l->n = r.n;
		l->gen++;
		l->cursor += added;
		l->scroll += added;
		if (l->at_start)
			l->base = 0;
		else if (l->base >= (int64_t)added)
			l->base -= (int64_t)added;
		else
			l->base = -1;
	}
	while (l->n > WINDOW_MAX && l->n - 1 > l->scroll + 2 * FETCH) {
		l->ops->clear(ROW(l, --l->n));
		l->at_end = false;
	}
	return BO_OK;
}

void bo_list_reload(bo_list *l)
{
	void *anchor;
	bo_err err;
	int rc;

	bo_err_clear(&err);
	/* at the head: follow it */
	if (!l->n || (l->at_start && l->cursor == 0)) {
		l->cursor = l->scroll = 0;
		rc = bo_list_load(l, NULL, &err);
	} else {
		if (!(anchor = malloc(l->ops->row_size)) ||
		    l->ops->copy(anchor, ROW(l, l->cursor)) < 0) {
			free(anchor);
			bo_tui_message(l->tui, BO_STYLE_ERROR, "out of memory");
			return;
		}
		rc = bo_list_load(l, anchor, &err);
		l->ops->clear(anchor);
		free(anchor);
	}
	if (rc < 0)
		bo_tui_error(l->tui, &err);
}

void bo_list_move(bo_list *l, long by)
{
	bo_err err;

	bo_err_clear(&err);
	for (; by > 0; by--) {
		if (l->cursor + 1 >= l->n && extend_down(l, &err) < 0) {
			bo_tui_error(l->tui, &err);
			return;
		}
		if (l->cursor + 1 >= l->n)
			return;
		l->cursor++;
	}
	for (; by < 0; by++) {
		if (l->cursor == 0 && extend_up(l, &err) < 0) {
			bo_tui_error(l->tui, &err);
			return;
		}
		if (l->cursor == 0)
			return;
		l->cursor--;
	}
}

int bo_list_handle(bo_list *l, bo_request req, int key)
{
	long page = l->visible > 1 ? l->visible - 1 : 1;
	long half = l->visible > 2 ? l->visible / 2 : 1;
	bo_err err;

	bo_err_clear(&err);
	if (req == BO_REQ_NONE && key == ' ')
		req = BO_REQ_PAGE_DOWN;
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		bo_list_move(l, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		bo_list_move(l, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		bo_list_move(l, page);
		break;
	case BO_REQ_PAGE_UP:
		bo_list_move(l, -page);
		break;
	case BO_REQ_HALF_DOWN:
		bo_list_move(l, half);
		break;
	case BO_REQ_HALF_UP:
		bo_list_move(l, -half);
		break;
	case BO_REQ_FIRST:
		l->cursor = l->scroll = 0;
		if (bo_list_load(l, NULL, &err) < 0)
			bo_tui_error(l->tui, &err);
		break;
	case BO_REQ_LAST:
		if (bo_list_load_end(l, &err) < 0)
			bo_tui_error(l->tui, &err);
		break;
	default:
		return 0;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

/* Column widths for a canvas cols wide: what the title and the window's
 * rows need within each column's bounds, the flex column taking the rest,
 * columns with a drop number hidden (lowest first) while they do not fit. */
static void layout(bo_list *l, const bo_canvas *c, int *widths)
{
	const bo_list_column *col = l->ops->columns;
	int n = l->ops->ncolumns, total, flex = -1;
	char buf[512];

	if (n > (int)(sizeof(l->natural) / sizeof(l->natural[0])))
		n = (int)(sizeof(l->natural) / sizeof(l->natural[0]));
	/* measuring every cell of the window is the costly part: only when
	 * the rows or the sorted column changed */
	if (!l->natural_ok || l->natural_gen != l->gen ||
	    l->natural_sort != l->sort_col) {
		for (int i = 0; i < n; i++) {
			int w = bo_canvas_text_width(col[i].title) +
				(i == l->sort_col ? 1 : 0);

			for (size_t r = 0; !col[i].flex && r < l->n; r++) {
				bo_style st = BO_STYLE_NORMAL;
				const char *t = l->ops->cell(
				    l->ctx, ROW(l, r), i, buf, sizeof(buf), &st);
				int tw = t ? bo_canvas_text_width(t) : 0;

				if (tw > w)
					w = tw;
			}
			l->natural[i] = w;
		}
		l->natural_ok = true;
		l->natural_gen = l->gen;
		l->natural_sort = l->sort_col;
	}
	for (int i = 0; i < n; i++) {
		int w = l->natural[i];

		if (w < col[i].min)
			w = col[i].min;
		if (col[i].max && w > col[i].max)
			w = col[i].max;
		if (col[i].flex) {
			flex = i;
			w = col[i].min;
		}
		widths[i] = w;
	}
	for (;;) {
		int drop = -1;

		total = 1;
		for (int i = 0; i < n; i++)
			if (widths[i])
				total += widths[i] + 1;
		if (total <= c->cols)
			break;
		for (int i = 0; i < n; i++)
			if (widths[i] && col[i].drop &&
			    (drop < 0 || col[i].drop < col[drop].drop))
				drop = i;
		if (drop < 0)
			break;
		widths[drop] = 0;
	}
	if (flex >= 0 && total < c->cols)
		widths[flex] += c->cols - total;
	else if (flex >= 0 && total > c->cols) {
		widths[flex] -= total - c->cols;
		if (widths[flex] < 4)
			widths[flex] = 4;
	}
}

/* The first place text holds want, ignoring ASCII case; NULL. */
static const char *find_nocase(const char *text, const char *want)
{
	size_t n = strlen(want);

	for (; n && *text; text++)
		if (strncasecmp(text, want, n) == 0)
			return text;
	return NULL;
}

/* Paints the first match of want in a left-aligned cell drawn at y, x. */
static void mark_match(bo_canvas *c, int y, int x, int width, const char *text,
		       const char *want)
{
	const char *hit;
	char *part;
	int at, w;

	if (!want || !*want || !(hit = find_nocase(text, want)))
		return;
	if (!(part = strndup(text, (size_t)(hit - text))))
		return;
	at = bo_canvas_text_width(part);
	free(part);
	if (!(part = strndup(hit, strlen(want))))
		return;
	w = bo_canvas_text_width(part);
	free(part);
	if (at >= width)
		return;
	bo_canvas_paint(c, y, x + at, at + w > width ? width - at : w,
			BO_STYLE_HIGHLIGHT);
}

void bo_list_draw(bo_list *l, bo_canvas *c, int top, int height,
		  const char *empty)
{
	const bo_list_column *col = l->ops->columns;
	int n = l->ops->ncolumns, x, rows;
	int *widths = l->widths;
	char buf[512];

	if (n > (int)(sizeof(l->widths) / sizeof(l->widths[0])))
		n = (int)(sizeof(l->widths) / sizeof(l->widths[0]));
	layout(l, c, widths);
	l->top = top;
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	for (int i = 0; i < n; i++) {
		char title[64];

		if (!widths[i])
			continue;
		snprintf(title, sizeof(title), "%s%s", col[i].title,
			 i == l->sort_col
			     ? bo_canvas_glyph(c, l->descending
						      ? BO_GLYPH_SORT_DOWN
						      : BO_GLYPH_SORT_UP)
			     : "");
		if (col[i].right)
			bo_canvas_text_right(c, top, x, widths[i],
					     BO_STYLE_HEADER, title);
		else
			bo_canvas_text(c, top, x, BO_STYLE_HEADER, title,
				       widths[i]);
		x += widths[i] + 1;
	}
	rows = height - 1;
	l->visible = rows;
	if (rows < 1)
		return;
	if (!l->n) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM, empty, c->cols - 4);
		return;
	}
	/* keep the cursor in view */
	if (l->cursor < l->scroll)
		l->scroll = l->cursor;
	if (l->cursor >= l->scroll + (size_t)rows)
		l->scroll = l->cursor - (size_t)rows + 1;
	/* no blank rows at the bottom while rows above are hidden */
	if (l->at_end && l->scroll > 0 && l->n - l->scroll < (size_t)rows)
		l->scroll = l->n > (size_t)rows ? l->n - (size_t)rows : 0;
	if (l->scroll > l->cursor)
		l->scroll = l->cursor;
	for (int r = 0; r < rows && l->scroll + (size_t)r < l->n; r++) {
		size_t i = l->scroll + (size_t)r;
		const void *row = ROW(l, i);
		bo_style base = l->ops->row_style
				    ? l->ops->row_style(l->ctx, row)
				    : BO_STYLE_NORMAL;
		int y = top + 1 + r;

		x = 1;
		for (int k = 0; k < n; k++) {
			bo_style st = base;
			const char *t;

			if (!widths[k])
				continue;
			t = l->ops->cell(l->ctx, row, k, buf, sizeof(buf), &st);
			if (!t)
				t = "";
			if (col[k].right)
				bo_canvas_text_right(c, y, x, widths[k], st, t);
			else {
				bo_canvas_text(c, y, x, st, t, widths[k]);
				mark_match(c, y, x, widths[k], t, l->highlight);
			}
			x += widths[k] + 1;
		}
		if (l->ops->marked && l->ops->marked(l->ctx, row))
			bo_canvas_text(c, y, 0, BO_STYLE_HIGHLIGHT, "*", 1);
		if (i == l->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	/* say when there is more than the screen shows */
	if (l->scroll > 0 || !l->at_start)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (l->scroll + (size_t)rows < l->n || !l->at_end)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

int bo_list_click(bo_list *l, int y)
{
	size_t i;

	if (y <= l->top || y > l->top + l->visible)
		return -1;
	i = l->scroll + (size_t)(y - l->top - 1);
	if (i >= l->n)
		return -1;
	if (i == l->cursor)
		return 1;
	l->cursor = i;
	return 0;
}

int bo_list_screen_click(struct bo_screen *s, bo_list *l, int y)
{
	int rc = bo_list_click(l, y);

	if (rc < 0)
		return BO_IGNORED;
	return rc ? s->ops->handle(s, BO_REQ_ENTER, BO_KEY_ENTER) : BO_HANDLED;
}

/* n with a comma between each three digits, as people read counts. */
static void grouped(char *buf, size_t size, int64_t n)
{
	char digits[32];
	size_t len, o = 0;

	snprintf(digits, sizeof(digits), "%lld", (long long)n);
	len = strlen(digits);
	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

const char *bo_list_position(const bo_list *l, char *buf, size_t size)
{
	char here[32], all[32];
	int64_t total = l->total >= 0              ? l->total
			: l->at_start && l->at_end ? (int64_t)l->n
						   : -1;

	if (!l->n) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	if (total >= 0)
		grouped(all, sizeof(all), total);
	if (l->base < 0) {
		/* the place is not known (a jump): the size, when it is */
		if (total >= 0)
			snprintf(buf, size, "%s rows", all);
		else
			snprintf(buf, size, "%s", "");
		return buf;
	}
	grouped(here, sizeof(here), l->base + (int64_t)l->cursor + 1);
	if (total >= 0)
		snprintf(buf, size, "row %s of %s", here, all);
	else
		snprintf(buf, size, "row %s", here);
	return buf;
}

/* ---- a cursor over rows held in full ----------------------------------------- */

void bo_cursor_move(bo_cursor *c, size_t n, long by)
{
	if (!n)
		c->cursor = 0;
	else if (by < 0)
		c->cursor =
		    (size_t)-by > c->cursor ? 0 : c->cursor - (size_t)-by;
	else
		c->cursor = c->cursor + (size_t)by >= n
				? n - 1
				: c->cursor + (size_t)by;
}

int bo_cursor_handle(bo_cursor *c, size_t n, bo_request req, int key)
{
	long page = c->visible > 1 ? c->visible - 1 : 1;

	switch (req) {
	case BO_REQ_MOVE_DOWN:
		bo_cursor_move(c, n, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		bo_cursor_move(c, n, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		bo_cursor_move(c, n, page);
		break;
	case BO_REQ_PAGE_UP:
		bo_cursor_move(c, n, -page);
		break;
	case BO_REQ_FIRST:
		c->cursor = 0;
		break;
	case BO_REQ_LAST:
		c->cursor = n ? n - 1 : 0;
		break;
	default:
		return 0;
	}
	return BO_HANDLED;
}

void bo_cursor_scroll(bo_cursor *c, size_t n, int rows)
{
	if (rows < 1)
		return;
	if (c->cursor < c->scroll)
		c->scroll = c->cursor;
	if (c->cursor >= c->scroll + (size_t)rows)
		c->scroll = c->cursor - (size_t)rows + 1;
	if (c->scroll > 0 && n - c->scroll < (size_t)rows)
		c->scroll = n > (size_t)rows ? n - (size_t)rows : 0;
}

void bo_cursor_marks(const bo_cursor *c, size_t n, bo_canvas *cv, int top,
		     int rows)
{
	if (c->scroll > 0)
		bo_canvas_text(cv, top + 1, cv->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(cv, BO_GLYPH_MORE_UP), 1);
	if (c->scroll + (size_t)rows < n)
		bo_canvas_text(cv, top + rows, cv->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(cv, BO_GLYPH_MORE_DOWN), 1);
}
