/* The tenant picker: name, currency, time zone and backend of each tenant, the open one marked; Enter switches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tenants.h"
#include "tui/tui.h"

typedef struct tenants {
	bo_tui *tui;
	bo_tenant *rows; /* as the caller lists them: its own tenant first */
	size_t n;
	size_t cursor, scroll;
	int visible;
	char status[64];
} tenants;

static void free_rows(bo_tenant *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_tenant_clear(&rows[i]);
	free(rows);
}

static bool is_open(tenants *p, size_t i)
{
	return p->rows[i].name &&
	       strcmp(p->rows[i].name, bo_tui_app(p->tui)->tenant) == 0;
}

/* Lists the tenants again; the cursor stays on the tenant it was on, else
 * starts on the open one. */
static int load(tenants *p, bo_err *err)
{
	bo_tenant *rows = NULL;
	size_t n = 0, cursor = 0;
	const char *at = p->n ? p->rows[p->cursor].name : NULL;
	bool found = false;
	int rc;

	if ((rc = bo_tui_tenants(p->tui, &rows, &n, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && !found; i++)
		if (at && rows[i].name && strcmp(rows[i].name, at) == 0) {
			cursor = i;
			found = true;
		}
	free_rows(p->rows, p->n);
	p->rows = rows;
	p->n = n;
	p->cursor = cursor;
	for (size_t i = 0; i < n && !found; i++)
		if (is_open(p, i)) {
			p->cursor = i;
			found = true;
		}
	return BO_OK;
}

/* ---- keys --------------------------------------------------------------------- */

static void move(tenants *p, long by)
{
	long to = (long)p->cursor + by;

	if (!p->n)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)p->n)
		to = (long)p->n - 1;
	p->cursor = (size_t)to;
}

static int handle(bo_screen *s, bo_request req, int key)
{
	tenants *p = s->state;
	long page = p->visible > 1 ? p->visible - 1 : 1;
	bo_err err;

	bo_err_clear(&err);
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		move(p, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		move(p, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		move(p, page);
		break;
	case BO_REQ_PAGE_UP:
		move(p, -page);
		break;
	case BO_REQ_FIRST:
		p->cursor = 0;
		break;
	case BO_REQ_LAST:
		move(p, (long)p->n);
		break;
	case BO_REQ_ENTER:
		if (!p->n || !p->rows[p->cursor].name) {
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no tenant selected");
			break;
		}
		return bo_tui_switch(p->tui, p->rows[p->cursor].name);
	case BO_REQ_RELOAD:
		if (load(p, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	tenants *p = s->state;
	int w_mark = 2, w_cur = 8, w_backend = 10, w_zone = 32, w_name, x, rows;

	w_name =
	    c->cols - 1 - w_mark - (w_cur + 1) - (w_zone + 1) - w_backend - 1;
	if (w_name < 12) {
		w_zone -= 12 - w_name;
		if (w_zone < 8)
			w_zone = 8;
		w_name = 12;
	}
	if (w_name > 40)
		w_name = 40; /* the longest tenant name */
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1 + w_mark;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "TENANT", w_name);
	x += w_name + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "CURRENCY", w_cur);
	x += w_cur + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "TIME ZONE", w_zone);
	x += w_zone + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "BACKEND", w_backend);
	rows = height - 2; /* and a line of keys at the bottom */
	p->visible = rows;
	if (rows < 1)
		return;
	{
		char keys[128];

		snprintf(keys, sizeof(keys),
			 "%s open now  Enter switch to the tenant  Esc q close"
			 "  R reload",
			 bo_canvas_glyph(c, BO_GLYPH_LIVE));
		bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM, keys,
			       c->cols - 2);
	}
	if (!p->n) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM, "no tenants",
			       c->cols - 4);
		return;
	}
	if (p->cursor < p->scroll)
		p->scroll = p->cursor;
	if (p->cursor >= p->scroll + (size_t)rows)
		p->scroll = p->cursor - (size_t)rows + 1;
	for (int r = 0; r < rows && p->scroll + (size_t)r < p->n; r++) {
		size_t i = p->scroll + (size_t)r;
		const bo_tenant *tn = &p->rows[i];
		bool here = is_open(p, i);
		int y = top + 1 + r;

		x = 1;
		if (here)
			bo_canvas_text(c, y, x, BO_STYLE_OK,
				       bo_canvas_glyph(c, BO_GLYPH_LIVE), 1);
		x += w_mark;
		bo_canvas_text(c, y, x, here ? BO_STYLE_OK : BO_STYLE_NORMAL,
			       tn->name ? tn->name : "", w_name);
		x += w_name + 1;
		bo_canvas_text(c, y, x, BO_STYLE_NORMAL, tn->currency, w_cur);
		x += w_cur + 1;
		bo_canvas_text(c, y, x, BO_STYLE_NORMAL,
			       tn->time_zone ? tn->time_zone : "UTC", w_zone);
		x += w_zone + 1;
		bo_canvas_text(c, y, x, BO_STYLE_DIM,
			       tn->backend ? tn->backend : "?", w_backend);
		if (i == p->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	if (p->scroll > 0)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (p->scroll + (size_t)rows < p->n)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static const char *status(bo_screen *s)
{
	tenants *p = s->state;

	snprintf(p->status, sizeof(p->status), "%zu tenant%s", p->n,
		 p->n == 1 ? "" : "s");
	return p->status;
}

static int open_tenants(bo_screen *s, bo_err *err)
{
	tenants *p = s->state;

	p->tui = s->tui;
	return load(p, err);
}

static void close_tenants(bo_screen *s)
{
	tenants *p = s->state;

	if (!p)
		return;
	free_rows(p->rows, p->n);
	free(p);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "switch"},
    {BO_REQ_BACK, "back"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_tenants_screen_ops = {
    .name = "tenant",
    .title = "Tenants",
    .open = open_tenants,
    .handle = handle,
    .draw = draw,
    .status = status,
    .close = close_tenants,
    .hints = hints,
};

int bo_tenants_open(bo_tui *t, bo_err *err)
{
	tenants *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_tenants_screen_ops, p, err);
}
