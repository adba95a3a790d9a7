/* The Alerts screen: low-stock alerts raised by the reactors, newest first; Enter opens the product, o the order, a acknowledges. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/reactors.h"
#include "tui/alerts.h"
#include "tui/export.h"
#include "tui/orders.h"
#include "tui/products.h"
#include "tui/timeline.h"
#include "tui/tui.h"

typedef struct alerts {
	bo_tui *tui;
	bo_alert *rows; /* newest first */
	size_t n;
	size_t cursor, scroll;
	int visible;
	bool loaded;
	char refusal[sizeof(((bo_err *)0)->msg)];
	char status[64];
} alerts;

/* ---- loading ---------------------------------------------------------------- */

typedef struct collect {
	bo_alert *rows;
	size_t n, cap;
} collect;

static void free_rows(bo_alert *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_alert_clear(&rows[i]);
	free(rows);
}

static int collect_cb(void *ctx, const bo_alert *a)
{
	collect *c = ctx;
	bo_alert *dst;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		bo_alert *grown = realloc(c->rows, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		c->rows = grown;
		c->cap = cap;
	}
	dst = &c->rows[c->n];
	if (bo_alert_copy(dst, a) < 0)
		return BO_ENOMEM;
	c->n++;
	return 0;
}

static int load(alerts *a, bo_err *err)
{
	collect c = {0};
	int rc =
	    bo_reactors_alert_list(bo_tui_app(a->tui), collect_cb, &c, err);

	if (rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing alerts");
	if (rc < 0) {
		free_rows(c.rows, c.n);
		return rc;
	}
	/* the service lists oldest first; the newest matter most */
	for (size_t i = 0; i < c.n / 2; i++) {
		bo_alert tmp = c.rows[i];

		c.rows[i] = c.rows[c.n - 1 - i];
		c.rows[c.n - 1 - i] = tmp;
	}
	free_rows(a->rows, a->n);
	a->rows = c.rows;
	a->n = c.n;
	if (a->cursor >= a->n)
		a->cursor = a->n ? a->n - 1 : 0;
	a->loaded = true;
	a->refusal[0] = '\0';
	return BO_OK;
}

static void reload(alerts *a)
{
	bo_err err;

	bo_err_clear(&err);
	if (load(a, &err) == BO_OK)
		return;
	if (a->loaded)
		bo_tui_error(a->tui, &err);
	else
		snprintf(a->refusal, sizeof(a->refusal), "%s",
			 err.msg[0] ? err.msg : bo_status_text(err.code));
}

/* ---- export ------------------------------------------------------------------ */

/* The columns of `alerts list --format csv`, newest first as shown. */
static int export_csv(bo_screen *s, FILE *f, bo_err *err)
{
	alerts *a = s->state;
	static const char *const header[12] = {
	    "time",      "sku",      "name",       "stock",
	    "threshold", "order_id", "product_id", "event_id",
	    "id",        "status",   "acked_by",   "acked_at"};
	int rc;

	if (!a->loaded)
		return bo_err_set(err, BO_EINVAL, "there is nothing to export");
	if ((rc = bo_tui_csv_row(f, header, 12, err)) < 0)
		return rc;
	for (size_t i = 0; i < a->n; i++) {
		const bo_alert *r = &a->rows[i];
		char when[64], stock[24], limit[24], order[24], product[24],
		    id[24], acked_at[64] = "";
		const char *fields[12] = {when,
					  r->sku,
					  r->name,
					  stock,
					  limit,
					  order,
					  product,
					  r->event_id,
					  id,
					  r->acked_by ? "acked" : "open",
					  r->acked_by ? r->acked_by : "",
					  acked_at};

		bo_time_format_iso(when, sizeof(when), r->created_at);
		if (r->acked_by)
			bo_time_format_iso(acked_at, sizeof(acked_at),
					   r->acked_at);
		snprintf(id, sizeof(id), "%" PRId64, r->id);
		snprintf(stock, sizeof(stock), "%" PRId64, r->stock);
		snprintf(limit, sizeof(limit), "%" PRId64, r->threshold);
		if (r->order_id)
			snprintf(order, sizeof(order), "%" PRId64, r->order_id);
		else
			order[0] = '\0'; /* a stock adjustment's: no order */
		snprintf(product, sizeof(product), "%" PRId64, r->product_id);
		if ((rc = bo_tui_csv_row(f, fields, 12, err)) < 0)
			return rc;
	}
	return (int)a->n;
}

/* ---- keys --------------------------------------------------------------------- */

static void move(alerts *a, long by)
{
	long to = (long)a->cursor + by;

	if (!a->n)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)a->n)
		to = (long)a->n - 1;
	a->cursor = (size_t)to;
}

/* a: the selected alert acknowledged by the user, at once (it only marks). */
static void acknowledge(alerts *a)
{
	const bo_alert *al = &a->rows[a->cursor];
	int64_t id = al->id;
	bo_err err;

	bo_err_clear(&err);
	if (al->acked_by) {
		bo_tui_message(a->tui, BO_STYLE_WARNING,
			       "alert %" PRId64 " was already acknowledged by "
			       "%s",
			       id, al->acked_by);
		return;
	}
	if (bo_reactors_alert_ack(bo_tui_app(a->tui), id, &err) < 0) {
		bo_tui_error(a->tui, &err);
		reload(a); /* someone else may have been first */
		return;
	}
	reload(a);
	bo_tui_message(a->tui, BO_STYLE_OK, "acknowledged alert %" PRId64, id);
}

static int handle(bo_screen *s, bo_request req, int key)
{
	alerts *a = s->state;
	long page = a->visible > 1 ? a->visible - 1 : 1;
	bo_err err;

	bo_err_clear(&err);
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		move(a, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		move(a, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		move(a, page);
		break;
	case BO_REQ_PAGE_UP:
		move(a, -page);
		break;
	case BO_REQ_FIRST:
		a->cursor = 0;
		break;
	case BO_REQ_LAST:
		move(a, (long)a->n);
		break;
	case BO_REQ_ENTER:
	case BO_REQ_OPEN_ORDER:
	case BO_REQ_ACK:
		if (!a->n)
			bo_tui_message(a->tui, BO_STYLE_WARNING,
				       "no alert selected");
		else if (req == BO_REQ_ACK)
			acknowledge(a);
		else if (req != BO_REQ_ENTER &&
			 !a->rows[a->cursor].order_id)
			bo_tui_message(a->tui, BO_STYLE_WARNING,
				       "a stock adjustment raised this alert: "
				       "it has no order");
		else if (req == BO_REQ_ENTER
			     /* the form is read-only for non-admins itself */
			     ? bo_product_form_open(
				   a->tui, a->rows[a->cursor].sku, &err) < 0
			     : bo_timeline_open(a->tui,
						a->rows[a->cursor].order_id,
						&err) < 0)
			bo_tui_error(a->tui, &err);
		break;
	case BO_REQ_SAVE:
		if (a->loaded)
			bo_tui_ask_export(a->tui, s, "alerts");
		break;
	case BO_REQ_RELOAD:
		reload(a);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	alerts *a = s->state;
	const bo_zone *zone = bo_tui_zone(a->tui);
	bool utc = bo_zone_is_utc(zone);
	int w_time = utc ? 16 : 23, w_sku = 14, w_num = 6, w_order = 8,
	    w_ack = 10, w_name, x, rows;

	if (!a->loaded) {
		bo_canvas_text(c, top + 1, 2, BO_STYLE_ERROR,
			       a->refusal[0] ? a->refusal
					     : "the alerts could not be loaded",
			       c->cols - 4);
		return;
	}
	w_name = c->cols - 2 - (w_time + 1) - (w_sku + 1) - 2 * (w_num + 1) -
		 (w_order + 1) - w_ack - 1;
	if (w_name < 8) {
		w_sku -= 8 - w_name;
		if (w_sku < 6)
			w_sku = 6;
		w_name = 8;
	}
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER,
		       utc ? "RAISED (UTC)" : "RAISED", w_time);
	x += w_time + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "SKU", w_sku);
	x += w_sku + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "NAME", w_name);
	x += w_name + 1;
	bo_canvas_text_right(c, top, x, w_num, BO_STYLE_HEADER, "STOCK");
	x += w_num + 1;
	bo_canvas_text_right(c, top, x, w_num, BO_STYLE_HEADER, "LIMIT");
	x += w_num + 1;
	bo_canvas_text_right(c, top, x, w_order, BO_STYLE_HEADER, "ORDER");
	x += w_order + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "ACKED BY", w_ack);
	rows = height - 2; /* and a line of keys at the bottom */
	a->visible = rows;
	if (rows < 1)
		return;
	bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM,
		       "Enter product  o order  a acknowledge  Ctrl-S export  "
		       "R reload",
		       c->cols - 2);
	if (!a->n) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM,
			       "no low-stock alerts: every tracked product "
			       "is above its threshold",
			       c->cols - 4);
		return;
	}
	if (a->cursor < a->scroll)
		a->scroll = a->cursor;
	if (a->cursor >= a->scroll + (size_t)rows)
		a->scroll = a->cursor - (size_t)rows + 1;
	for (int r = 0; r < rows && a->scroll + (size_t)r < a->n; r++) {
		size_t i = a->scroll + (size_t)r;
		const bo_alert *al = &a->rows[i];
		char text[48];
		int y = top + 1 + r;
		/* acknowledged: seen to, so dimmed whole */
		bool acked = al->acked_by != NULL;
		bo_style plain = acked ? BO_STYLE_DIM : BO_STYLE_NORMAL;
		bo_style stock_role = acked            ? BO_STYLE_DIM
				      : al->stock == 0 ? BO_STYLE_ERROR
						       : BO_STYLE_WARNING;

		x = 1;
		bo_time_format_local(text, sizeof(text), zone, al->created_at,
				     false, !utc);
		bo_canvas_text(c, y, x, plain, text, w_time);
		x += w_time + 1;
		bo_canvas_text(c, y, x, plain, al->sku, w_sku);
		x += w_sku + 1;
		bo_canvas_text(c, y, x, plain, al->name, w_name);
		x += w_name + 1;
		snprintf(text, sizeof(text), "%" PRId64, al->stock);
		bo_canvas_text_right(c, y, x, w_num, stock_role, text);
		x += w_num + 1;
		snprintf(text, sizeof(text), "%" PRId64, al->threshold);
		bo_canvas_text_right(c, y, x, w_num, BO_STYLE_DIM, text);
		x += w_num + 1;
		if (al->order_id)
			snprintf(text, sizeof(text), "%" PRId64, al->order_id);
		else
			snprintf(text, sizeof(text), "-");
		bo_canvas_text_right(c, y, x, w_order, plain, text);
		x += w_order + 1;
		if (acked)
			bo_canvas_text(c, y, x, BO_STYLE_DIM, al->acked_by,
				       w_ack);
		if (i == a->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	if (a->scroll > 0)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (a->scroll + (size_t)rows < a->n)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static const char *status(bo_screen *s)
{
	alerts *a = s->state;

	if (!a->loaded)
		return NULL;
	snprintf(a->status, sizeof(a->status), "%zu alert%s", a->n,
		 a->n == 1 ? "" : "s");
	return a->status;
}

static void refresh(bo_screen *s)
{
	reload(s->state);
}

static int open_alerts(bo_screen *s, bo_err *err)
{
	alerts *a = s->state;

	(void)err;
	a->tui = s->tui;
	reload(a);
	return BO_OK;
}

static void close_alerts(bo_screen *s)
{
	alerts *a = s->state;

	if (!a)
		return;
	free_rows(a->rows, a->n);
	free(a);
}

/* a acknowledges and o opens the order here. */
static const bo_binding keys[] = {
    {'a', BO_REQ_ACK}, {'o', BO_REQ_OPEN_ORDER}, {0, BO_REQ_NONE}};

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "product"},   {BO_REQ_OPEN_ORDER, "order"},
    {BO_REQ_ACK, "acknowledge"}, {BO_REQ_SAVE, "export"},
    {BO_REQ_BACK, "back"},       {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_alerts_screen_ops = {
    .name = "alerts",
    .title = "Low-stock alerts",
    .open = open_alerts,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_alerts,
    .export_csv = export_csv,
    .hints = hints,
    .keys = keys,
};

int bo_alerts_open(bo_tui *t, bo_err *err)
{
	alerts *a = calloc(1, sizeof(*a));

	if (!a)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_alerts_screen_ops, a, err);
}
