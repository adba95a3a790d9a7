/* The tenant picker: name, currency, time zone and backend of each tenant, the open one marked; Enter switches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/list.h"
#include "tui/tenants.h"
#include "tui/tui.h"

typedef struct tenants {
	bo_tui *tui;
	/* as the caller lists them, its own tenant first: the list pages
	 * through these (read at once) */
	bo_tenant *all;
	size_t nall;
	bo_list list;
	const bo_canvas *canvas; /* while drawing: the glyph of the open one */
	char status[96];
} tenants;

static void free_rows(bo_tenant *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_tenant_clear(&rows[i]);
	free(rows);
}

static bool is_open(const tenants *p, const bo_tenant *tn)
{
	return tn->name && strcmp(tn->name, bo_tui_app(p->tui)->tenant) == 0;
}

/* ---- the list ----------------------------------------------------------------- */

static int row_copy(void *dst, const void *src)
{
	bo_err err;

	bo_err_clear(&err);
	return bo_tenant_copy(dst, src, &err) < 0 ? BO_ENOMEM : 0;
}

static void row_clear(void *row)
{
	bo_tenant_clear(row);
}

static bool row_same(const void *a, const void *b)
{
	const bo_tenant *x = a, *y = b;

	return x->name && y->name && strcmp(x->name, y->name) == 0;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	tenants *p = ctx;

	if (bo_list_fetch_held(p->all, p->nall, anchor, backward, limit, out) <
	    0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory listing tenants");
	return BO_OK;
}

static int count(void *ctx, int64_t *out)
{
	*out = (int64_t)((tenants *)ctx)->nall;
	return 0;
}

enum { C_MARK, C_TENANT, C_CURRENCY, C_ZONE, C_BACKEND, C__N };

static const bo_list_column columns[C__N] = {
    [C_MARK] = {"", 1, 1, false, false, 0},
    [C_TENANT] = {"TENANT", 12, 40, false, true, 0},
    [C_CURRENCY] = {"CURRENCY", 8, 8, false, false, 0},
    [C_ZONE] = {"TIME ZONE", 9, 32, false, false, 2},
    [C_BACKEND] = {"BACKEND", 7, 10, false, false, 1},
};

static const char *cell(void *ctx, const void *row, int col, char *buf,
			size_t size, bo_style *style)
{
	tenants *p = ctx;
	const bo_tenant *tn = row;
	bool here = is_open(p, tn);

	(void)buf;
	(void)size;
	switch (col) {
	case C_MARK:
		if (!here)
			return "";
		*style = BO_STYLE_OK;
		return p->canvas ? bo_canvas_glyph(p->canvas, BO_GLYPH_LIVE)
				 : "*";
	case C_TENANT:
		if (here)
			*style = BO_STYLE_OK;
		return tn->name ? tn->name : "";
	case C_CURRENCY:
		return tn->currency;
	case C_ZONE:
		return tn->time_zone ? tn->time_zone : "UTC";
	default:
		*style = BO_STYLE_DIM;
		return tn->backend ? tn->backend : "?";
	}
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(bo_tenant),
    .columns = columns,
    .ncolumns = C__N,
    .fetch = fetch,
    .copy = row_copy,
    .clear = row_clear,
    .same = row_same,
    .cell = cell,
    .count = count,
};

/* Lists the tenants again; the list keeps the cursor on its tenant. */
static int load(tenants *p, bo_err *err)
{
	bo_tenant *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = bo_tui_tenants(p->tui, &rows, &n, err)) < 0)
		return rc;
	free_rows(p->all, p->nall);
	p->all = rows;
	p->nall = n;
	return BO_OK;
}

/* ---- keys --------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	tenants *p = s->state;
	const bo_tenant *tn = bo_list_current(&p->list);
	bo_err err;

	bo_err_clear(&err);
	if (bo_list_handle(&p->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_ENTER:
		if (!tn || !tn->name) {
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no tenant selected");
			break;
		}
		return bo_tui_switch(p->tui, tn->name);
	case BO_REQ_RELOAD:
		if (load(p, &err) < 0)
			bo_tui_error(p->tui, &err);
		bo_list_reload(&p->list);
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
	char keys[128];

	if (height < 2)
		return;
	/* the header and the rows; a line of keys at the bottom */
	p->canvas = c;
	bo_list_draw(&p->list, c, top, height - 1, "no tenants");
	p->canvas = NULL;
	snprintf(keys, sizeof(keys),
		 "%s open now  Enter switch to the tenant  Esc q close"
		 "  R reload",
		 bo_canvas_glyph(c, BO_GLYPH_LIVE));
	bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM, keys, c->cols - 2);
}

static const char *status(bo_screen *s)
{
	tenants *p = s->state;
	char where[64];

	bo_list_position(&p->list, where, sizeof(where));
	snprintf(p->status, sizeof(p->status), "%zu tenant%s%s%s", p->nall,
		 p->nall == 1 ? "" : "s", *where ? ", " : "", where);
	return p->status;
}

static int open_tenants(bo_screen *s, bo_err *err)
{
	tenants *p = s->state;
	int rc;

	p->tui = s->tui;
	bo_list_init(&p->list, &list_ops, p, s->tui);
	if ((rc = load(p, err)) < 0 ||
	    (rc = bo_list_load(&p->list, NULL, err)) < 0)
		return rc;
	/* the cursor starts on the open tenant */
	for (size_t i = 0; i < p->nall; i++)
		if (is_open(p, &p->all[i])) {
			bo_list_move(&p->list, (long)i);
			break;
		}
	return BO_OK;
}

static void close_tenants(bo_screen *s)
{
	tenants *p = s->state;

	if (!p)
		return;
	bo_list_free(&p->list);
	free_rows(p->all, p->nall);
	free(p);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "switch"},
    {BO_REQ_BACK, "back"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

/* A click selects a tenant; a click on the selected one switches to it. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((tenants *)s->state)->list, y);
}

/* The list's size, counted once the frame that shows it is up. */
static bool idle(bo_screen *s)
{
	return bo_list_idle(&((tenants *)s->state)->list);
}

const bo_screen_ops bo_tenants_screen_ops = {
    .name = "tenant",
    .title = "Tenants",
    .open = open_tenants,
    .handle = handle,
    .draw = draw,
    .status = status,
    .close = close_tenants,
    .hints = hints,
    .click = click,
    .idle = idle,
};

int bo_tenants_open(bo_tui *t, bo_err *err)
{
	tenants *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_tenants_screen_ops, p, err);
}
