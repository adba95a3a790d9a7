/* The customer view: the figures of one customer over their orders, and the orders themselves. */
#include "tui/customer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/calendar.h"
#include "tui/list.h"
#include "tui/order_cells.h"
#include "tui/timeline.h"
#include "tui/tui.h"

typedef struct customer {
	bo_tui *tui;
	char *email;
	bo_customer who;
	bo_list list;
	char status_line[160];
} customer;

/* ---- the orders --------------------------------------------------------------- */

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	customer *c = ctx;
	int rc = bo_app_customer_orders(
	    bo_tui_app(c->tui), c->email,
	    anchor ? ((const bo_order_row *)anchor)->id : 0, limit,
	    backward ? !c->list.descending : c->list.descending,
	    bo_order_cells_add, out,
	    err);

	if (rc == BO_ENOMEM || out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing orders");
	return rc;
}

enum {
	C_NUMBER,
	C_PLACED,
	C_ITEMS,
	C_TOTAL,
	C_PAID,
	C_REFUNDED,
	C_STATUS,
	C__N
};

static const bo_list_column columns[C__N] = {
    [C_NUMBER] = {"NUMBER", 6, 12, true, false, 0},
    [C_PLACED] = {"PLACED AT", 16, 16, false, false, 0},
    [C_ITEMS] = {"ITEMS", 5, 7, true, false, 1},
    [C_TOTAL] = {"TOTAL", 8, 16, true, false, 0},
    [C_PAID] = {"PAID", 8, 16, true, false, 3},
    [C_REFUNDED] = {"REFUNDED", 8, 16, true, false, 2},
    [C_STATUS] = {"STATUS", 9, 9, false, false, 0},
};

/* The shared order column of each of the view's. */
static const bo_order_col shown[C__N] = {
    [C_NUMBER] = BO_OCOL_NUMBER,     [C_PLACED] = BO_OCOL_PLACED,
    [C_ITEMS] = BO_OCOL_ITEMS,       [C_TOTAL] = BO_OCOL_TOTAL,
    [C_PAID] = BO_OCOL_PAID,         [C_REFUNDED] = BO_OCOL_REFUNDED,
    [C_STATUS] = BO_OCOL_STATUS,
};

static const char *cell(void *ctx, const void *row, int col, char *buf,
			size_t size, bo_style *style)
{
	customer *c = ctx;

	return bo_order_cells_text(c->tui, row, shown[col], buf, size, style);
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(bo_order_row),
    .columns = columns,
    .ncolumns = C__N,
    .fetch = fetch,
    .copy = bo_order_cells_copy,
    .clear = bo_order_cells_clear,
    .same = bo_order_cells_same,
    .cell = cell,
    .row_style = bo_order_cells_row_style,
};

/* ---- the screen ------------------------------------------------------------------ */

static int load(customer *c, bo_err *err)
{
	bo_customer who = {0};
	int rc = bo_app_customer(bo_tui_app(c->tui), c->email, &who, err);

	if (rc < 0)
		return rc;
	bo_customer_clear(&c->who);
	c->who = who;
	return BO_OK;
}

static void open_timeline(customer *c)
{
	const bo_order_row *row = bo_list_current(&c->list);
	bo_err err;

	bo_err_clear(&err);
	if (!row)
		bo_tui_message(c->tui, BO_STYLE_WARNING, "no order selected");
	else if (bo_timeline_open(c->tui, row->id, &err) < 0)
		bo_tui_error(c->tui, &err);
}

static int handle(bo_screen *s, bo_request req, int key)
{
	customer *c = s->state;

	if (bo_list_handle(&c->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_ENTER:
		open_timeline(c);
		return BO_HANDLED;
	case BO_REQ_SORT_REVERSE: {
		bo_order_row keep = {0};
		const bo_order_row *row = bo_list_current(&c->list);
		bo_err err;

		bo_err_clear(&err);
		keep.id = row ? row->id : 0;
		c->list.descending = !c->list.descending;
		if (bo_list_load(&c->list, row ? &keep : NULL, &err) < 0)
			bo_tui_error(c->tui, &err);
		return BO_HANDLED;
	}
	case BO_REQ_RELOAD: {
		bo_err err;

		bo_err_clear(&err);
		if (load(c, &err) < 0)
			bo_tui_error(c->tui, &err);
		bo_list_reload(&c->list);
		return BO_HANDLED;
	}
	default:
		return BO_IGNORED;
	}
}

static void draw(bo_screen *s, bo_canvas *cv, int top, int height)
{
	customer *c = s->state;
	char line[256], spent[BO_TUI_MONEY_BUFSZ], refunded[BO_TUI_MONEY_BUFSZ],
	    when[48];
	const char *cur = c->who.currency[0] ? c->who.currency : "";
	int x;

	if (height < 4)
		return;
	/* who: the name, then the e-mail (data: drawn sanitised) */
	x = 1 + bo_canvas_text(cv, top, 1, BO_STYLE_TITLE,
			       c->who.name && *c->who.name ? c->who.name
							   : c->who.email,
			       cv->cols - 2);
	if (c->who.name && *c->who.name && x + 3 < cv->cols) {
		x += 1 + bo_canvas_text(cv, top, x + 1, BO_STYLE_DIM, "<", 1);
		x += bo_canvas_text(cv, top, x, BO_STYLE_NORMAL, c->who.email,
				    cv->cols - x - 2);
		bo_canvas_text(cv, top, x, BO_STYLE_DIM, ">", 1);
	}
	bo_time_format_local(when, sizeof(when), bo_tui_zone(c->tui),
			     c->who.last_activity, false, true);
	snprintf(line, sizeof(line),
		 "orders %lld   spent %s %s   refunded %s %s   notes %lld   "
		 "latest activity %s",
		 (long long)c->who.orders,
		 bo_tui_money(c->tui, spent, c->who.paid), cur,
		 bo_tui_money(c->tui, refunded, c->who.refunded), cur,
		 (long long)c->who.notes, when);
	bo_canvas_text(cv, top + 1, 1, BO_STYLE_MONEY, line, cv->cols - 2);
	bo_list_draw(&c->list, cv, top + 3, height - 3, "no orders");
}

static const char *status(bo_screen *s)
{
	customer *c = s->state;
	char where[64];

	bo_list_position(&c->list, where, sizeof(where));
	snprintf(c->status_line, sizeof(c->status_line),
		 "customer view, newest %s%s%s",
		 c->list.descending ? "first" : "last", *where ? ", " : "",
		 where);
	return c->status_line;
}

static void refresh(bo_screen *s)
{
	customer *c = s->state;
	bo_err err;

	bo_err_clear(&err);
	if (load(c, &err) == 0)
		bo_list_reload(&c->list);
}

static int open_view(bo_screen *s, bo_err *err)
{
	customer *c = s->state;
	int rc;

	c->tui = s->tui;
	bo_list_init(&c->list, &list_ops, c, s->tui);
	c->list.sort_col = C_NUMBER;
	c->list.descending = true;
	if ((rc = load(c, err)) < 0)
		return rc;
	return bo_list_load(&c->list, NULL, err);
}

static void close_view(bo_screen *s)
{
	customer *c = s->state;

	if (!c)
		return;
	bo_list_free(&c->list);
	bo_customer_clear(&c->who);
	free(c->email);
	free(c);
}

/* A click selects an order; a click on the selected one opens it. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((customer *)s->state)->list, y);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "timeline"}, {BO_REQ_SORT_REVERSE, "reverse"},
    {BO_REQ_BACK, "back"},      {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_customer_screen_ops = {
    .name = "customer",
    .title = "Customer",
    .open = open_view,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_view,
    .hints = hints,
    .click = click,
};

int bo_customer_open(bo_tui *t, const char *email, bo_err *err)
{
	customer *c = calloc(1, sizeof(*c));

	if (!c || !(c->email = strdup(email ? email : ""))) {
		free(c);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &bo_customer_screen_ops, c, err);
}
