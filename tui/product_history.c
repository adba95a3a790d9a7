/* The product history screen: one row per changed field, and `r` to set a field back. */
#include "tui/product_history.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/app_bulk.h"
#include "domain/calendar.h"
#include "tui/list.h"
#include "tui/products.h"
#include "tui/tui.h"

typedef struct history {
	bo_tui *tui;
	char *sku;
	bo_history h;
	bo_product now; /* the product that has the SKU now; id 0: none */
	bo_cursor at;   /* over h.rows */
	/* the row a revert was asked about (position 0: none) */
	int64_t asked_position;
	bo_product_field asked_field;
	int64_t asked_version;
	char status_line[128];
} history;

/* Reads the history and the product as it is now; the cursor stays on the
 * same row, or goes to the newest with to_last. */
static int load(history *t, bool to_last, bo_err *err)
{
	bo_app *app = bo_tui_app(t->tui);
	bo_history h = {0};
	bo_product now = {0};
	int64_t keep_pos = 0;
	int keep_field = -1, rc;

	if (t->h.n) {
		keep_pos = t->h.rows[t->at.cursor].position;
		keep_field = (int)t->h.rows[t->at.cursor].field;
	}
	if ((rc = bo_app_product_history(app, t->sku, -1, &h, err)) < 0)
		return rc;
	if (h.current_id) {
		rc = bo_app_product_get(app, t->sku, &now, err);
		if (rc < 0 && rc != BO_ENOTFOUND) {
			bo_history_clear(&h);
			return rc;
		}
	}
	bo_history_clear(&t->h);
	bo_product_clear(&t->now);
	t->h = h;
	t->now = now;
	t->at.cursor = t->h.n ? t->h.n - 1 : 0;
	for (size_t i = 0; !to_last && i < t->h.n; i++)
		if (t->h.rows[i].position == keep_pos &&
		    (int)t->h.rows[i].field == keep_field)
			t->at.cursor = i;
	return BO_OK;
}

static void reload(history *t, bool to_last)
{
	bo_err err;

	bo_err_clear(&err);
	if (load(t, to_last, &err) < 0)
		bo_tui_error(t->tui, &err);
}

/* ---- revert ------------------------------------------------------------------ */

/* The screens under this one (the Products list, a form) read the product
 * again after a revert: the list keeps its cursor on it, a form that loaded
 * the older version is marked stale. */
static void refresh_below(bo_tui *tui, bo_screen *s, const char *sku)
{
	for (bo_screen *b = bo_tui_below(tui, s); b; b = bo_tui_below(tui, b)) {
		if (b->ops == &bo_products_screen_ops)
			bo_products_select(b, sku);
		else if (b->ops->refresh)
			b->ops->refresh(b);
	}
}

static int revert_answer(bo_screen *s, int yes, const char *text)
{
	history *t = s->state;
	bo_product_revert r = {0};
	const char *field = bo_product_field_name(t->asked_field);
	bo_err err;
	int rc;

	(void)text;
	if (!yes || !t->asked_position) {
		bo_tui_message(t->tui, BO_STYLE_DIM, "%s of %s was not changed",
			       field, t->sku);
		t->asked_position = 0;
		return BO_HANDLED;
	}
	bo_err_clear(&err);
	rc = bo_app_product_revert(bo_tui_command(t->tui), t->sku,
				   t->asked_field, t->asked_position,
				   t->asked_version, &r, &err);
	t->asked_position = 0;
	if (rc < 0) {
		bo_tui_error(t->tui, &err);
		if (rc == BO_ECONFLICT)
			reload(t, false);
		return BO_HANDLED;
	}
	if (r.changed && t->asked_field == BO_PF_SKU && r.product.sku) {
		char *sku = strdup(r.product.sku);
		if (sku) {
			free(t->sku);
			t->sku = sku;
		}
	}
	reload(t, r.changed);
	if (r.changed)
		refresh_below(t->tui, s, t->sku);
	/* values are data: the message line sanitises them when drawing */
	if (r.changed)
		bo_tui_message(t->tui, BO_STYLE_OK, "%s of %s: %s -> %s", field,
			       t->sku, r.old_value, r.new_value);
	else
		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "%s of %s is already %s; nothing changed", field,
			       t->sku, r.new_value);
	bo_product_revert_clear(&r);
	return BO_HANDLED;
}

static void start_revert(bo_screen *s)
{
	history *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	const bo_history_row *row;
	char question[600];

	if (!t->h.n)
		return;
	row = &t->h.rows[t->at.cursor];
	if (!bo_role_may(app->role, BO_CAP_PRODUCT_WRITE)) {
		bo_tui_message(t->tui, BO_STYLE_ERROR,
			       "products are read-only for %s users; ask an "
			       "admin",
			       bo_role_name(app->role));
		return;
	}
	if (row->field == BO_PF_STATUS) {
		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "status cannot be reverted: retiring is final "
			       "and has its own key on the Products list");
		return;
	}
	if (!t->h.current_id) {
		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "product %s was deleted; a deleted product "
			       "cannot be reverted",
			       t->sku);
		return;
	}
	if (row->product_id != t->h.current_id) {
		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "this change belongs to an earlier product %s, "
			       "deleted since",
			       t->sku);
		return;
	}
	t->asked_position = row->position;
	t->asked_field = row->field;
	t->asked_version = t->h.current_row_version;
	/* the value is data: the overlay sanitises it when drawing */
	snprintf(question, sizeof(question),
		 "Set %s of %s back to %s (as after event %lld)?",
		 bo_product_field_name(row->field), t->sku, row->new_value,
		 (long long)row->position);
	bo_tui_confirm(t->tui, s, question, revert_answer);
}

/* ---- undo the last change ------------------------------------------------------- */

static int undo_answer(bo_screen *s, int yes, const char *text)
{
	history *t = s->state;
	bo_product after = {0};
	bo_err err;
	int rc;

	(void)text;
	if (!yes || !t->asked_version) {
		bo_tui_message(t->tui, BO_STYLE_DIM, "%s was not changed",
			       t->sku);
		t->asked_version = 0;
		return BO_HANDLED;
	}
	bo_err_clear(&err);
	rc = bo_app_product_undo(bo_tui_command(t->tui), t->sku,
				 t->asked_version, &after, &err);
	t->asked_version = 0;
	if (rc < 0) {
		bo_tui_error(t->tui, &err);
		if (rc == BO_ECONFLICT)
			reload(t, false);
		return BO_HANDLED;
	}
	/* the undo may give the product its SKU before */
	if (after.sku && strcmp(after.sku, t->sku) != 0) {
		char *sku = strdup(after.sku);

		if (sku) {
			free(t->sku);
			t->sku = sku;
		}
	}
	reload(t, true);
	refresh_below(t->tui, s, t->sku);
	bo_tui_message(t->tui, BO_STYLE_OK,
		       "undid the last change of %s: now version %lld", t->sku,
		       (long long)after.row_version);
	bo_product_clear(&after);
	return BO_HANDLED;
}

static void start_undo(bo_screen *s)
{
	history *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	const bo_history_row *last;
	char question[600];

	if (!bo_role_may(app->role, BO_CAP_PRODUCT_WRITE)) {
		bo_tui_message(t->tui, BO_STYLE_ERROR,
			       "products are read-only for %s users; ask an "
			       "admin",
			       bo_role_name(app->role));
		return;
	}
	if (!t->h.current_id || !t->h.n) {
		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "product %s was deleted; a deleted product "
			       "cannot be undone",
			       t->sku);
		return;
	}
	last = &t->h.rows[t->h.n - 1];
	t->asked_version = t->h.current_row_version;
	snprintf(question, sizeof(question),
		 "Undo the last change of %s (event %lld by %s)?", t->sku,
		 (long long)last->position, last->user);
	bo_tui_confirm(t->tui, s, question, undo_answer);
}

/* ---- keys ------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	history *t = s->state;

	if (bo_cursor_handle(&t->at, t->h.n, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_REVERT:
		start_revert(s);
		break;
	case BO_REQ_UNDO:
		start_undo(s);
		break;
	case BO_REQ_BACK:
		return BO_CLOSE;
	case BO_REQ_RELOAD:
		reload(t, false);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_summary(history *t, bo_canvas *c, int y)
{
	char text[64];
	int x = 1;

	x += bo_canvas_text(c, y, x, BO_STYLE_TITLE, "Product", -1) + 1;
	/* the SKU and the name are data: the canvas sanitises them */
	x += bo_canvas_text(c, y, x, BO_STYLE_TITLE, t->sku, c->cols - x) + 2;
	if (!t->h.current_id) {
		x += bo_canvas_text(c, y, x, BO_STYLE_WARNING,
				    "deleted: history from the log",
				    c->cols - x) +
		     2;
	} else {
		x += bo_canvas_text(
			 c, y, x,
			 t->now.retired ? BO_STYLE_WARNING : BO_STYLE_OK,
			 t->now.retired ? "retired" : "active", c->cols - x) +
		     2;
		snprintf(text, sizeof(text), "version %lld",
			 (long long)t->h.current_row_version);
		x += bo_canvas_text(c, y, x, BO_STYLE_DIM, text, c->cols - x) +
		     2;
		if (x < c->cols - 4)
			bo_canvas_text(c, y, x, BO_STYLE_NORMAL,
				       t->now.name ? t->now.name : "",
				       c->cols - x - 1);
	}
}

/* "old -> new" in w columns from x: when both do not fit, the old value
 * gives way first, down to half the room. */
static void draw_change(bo_canvas *c, int y, int x, int w,
			const bo_history_row *r)
{
	/* no old value (the creation) is "-", an empty one "(empty)" */
	const char *old_value = !r->old_value    ? "-"
				: !*r->old_value ? "(empty)"
						 : r->old_value;
	const char *new_value = *r->new_value ? r->new_value : "(empty)";
	const char *arrow = c->unicode ? " \xE2\x86\x92 " : " -> ";
	int aw = c->unicode ? 3 : 4;
	int ow = bo_canvas_text_width(old_value);
	int nw = bo_canvas_text_width(new_value);
	int room = w - aw, old_room;

	if (room < 2)
		return;
	old_room = ow;
	if (ow + nw > room) {
		old_room = room - nw;
		if (old_room < room / 2)
			old_room = room / 2;
		if (old_room > ow)
			old_room = ow;
	}
	x += bo_canvas_text(c, y, x,
			    r->old_value && *r->old_value ? BO_STYLE_NORMAL
							  : BO_STYLE_DIM,
			    old_value, old_room);
	x += bo_canvas_text(c, y, x, BO_STYLE_DIM, arrow, aw);
	bo_canvas_text(c, y, x, BO_STYLE_NORMAL, r->new_value, room - old_room);
}

static void draw_list(history *t, bo_canvas *c, int top, int rows)
{
	const bo_zone *zone = bo_tui_zone(t->tui);
	bool utc = bo_zone_is_utc(zone);
	/* local times carry their label, as on the order timeline */
	int w_time = utc ? 19 : 26, w_who = 3, w_field = 5, w_reason = 0;
	int x_time = 7, x_who, x_field, x_change, x_reason, w_change;

	/* WHO and FIELD as wide as what they hold, within the timeline's
	 * bounds, so OLD -> NEW keeps the rest */
	for (size_t i = 0; i < t->h.n; i++) {
		int w = bo_canvas_text_width(t->h.rows[i].user);

		if (w > w_who)
			w_who = w;
		w = bo_canvas_text_width(
		    bo_product_field_name(t->h.rows[i].field));
		if (w > w_field)
			w_field = w;
	}
	w_who = w_who > (c->cols < 100 ? 10 : 24) ? (c->cols < 100 ? 10 : 24)
						  : w_who;
	x_who = x_time + w_time + 1;
	x_field = x_who + w_who + 1;
	x_change = x_field + w_field + 1;
	/* REASON on the right, only where a row has one (stock adjustments,
	 * the bulk change that made it) and OLD -> NEW keeps 30 columns */
	for (size_t i = 0; i < t->h.n; i++) {
		const bo_history_row *row = &t->h.rows[i];
		int w;

		if (!row->reason && !row->bulk_id)
			continue;
		if (row->reason)
			w = bo_canvas_text_width(row->reason);
		else /* the bulk's id, "B-..." */
			w = bo_canvas_text_width(row->bulk_id);
		if (row->note)
			w += 2 + bo_canvas_text_width(row->note);
		if (w > w_reason)
			w_reason = w < 6 ? 6 : w;
	}
	if (w_reason > 30)
		w_reason = 30;
	if (w_reason && c->cols - 1 - x_change - (w_reason + 1) < 30)
		w_reason = 0;
	x_reason = c->cols - 1 - w_reason;
	w_change = w_reason ? x_reason - 1 - x_change : c->cols - x_change - 1;

	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	bo_canvas_text_right(c, top, 1, 5, BO_STYLE_HEADER, "EVENT");
	bo_canvas_text(c, top, x_time, BO_STYLE_HEADER,
		       utc ? "TIME (UTC)" : "TIME", w_time);
	bo_canvas_text(c, top, x_who, BO_STYLE_HEADER, "WHO", w_who);
	bo_canvas_text(c, top, x_field, BO_STYLE_HEADER, "FIELD", w_field);
	bo_canvas_text(c, top, x_change, BO_STYLE_HEADER, "OLD -> NEW",
		       w_change);
	if (w_reason)
		bo_canvas_text(c, top, x_reason, BO_STYLE_HEADER, "REASON",
			       w_reason);
	t->at.visible = rows;
	if (rows < 1 || !t->h.n)
		return;
	bo_cursor_scroll(&t->at, t->h.n, rows);
	for (int r = 0; r < rows && t->at.scroll + (size_t)r < t->h.n; r++) {
		size_t i = t->at.scroll + (size_t)r;
		const bo_history_row *row = &t->h.rows[i];
		int y = top + 1 + r;
		char text[BO_TIME_BUFSZ];

		snprintf(text, sizeof(text), "%lld", (long long)row->position);
		bo_canvas_text_right(c, y, 1, 5, BO_STYLE_DIM, text);
		bo_time_format_local(text, sizeof(text), zone, row->recorded_at,
				     true, !utc);
		bo_canvas_text(c, y, x_time, BO_STYLE_NORMAL, text, w_time);
		bo_canvas_text(c, y, x_who, BO_STYLE_NORMAL, row->user, w_who);
		bo_canvas_text(c, y, x_field, BO_STYLE_KEY,
			       bo_product_field_name(row->field), w_field);
		draw_change(c, y, x_change, w_change, row);
		if (w_reason && (row->reason || row->bulk_id)) {
			char why[BO_STOCK_NOTE_MAX * 4 + 80];

			/* the note is data: the canvas sanitises it; a
			 * change a bulk action made names the bulk */
			if (!row->reason)
				snprintf(why, sizeof(why), "%s", row->bulk_id);
			else
				snprintf(why, sizeof(why), "%s%s%s",
					 row->reason, row->note ? ": " : "",
					 row->note ? row->note : "");
			bo_canvas_text(c, y, x_reason, BO_STYLE_DIM, why,
				       w_reason);
		}
		if (i == t->at.cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	bo_cursor_marks(&t->at, t->h.n, c, top, rows);
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	history *t = s->state;

	if (height < 1)
		return;
	draw_summary(t, c, top);
	/* the keys are on the manager's hint line (hints below) */
	draw_list(t, c, top + 1, height - 2);
}

static const char *status(bo_screen *s)
{
	history *t = s->state;

	/* the status bar sanitises what it is given */
	snprintf(t->status_line, sizeof(t->status_line),
		 "history of %s, %zu changes", t->sku, t->h.n);
	return t->status_line;
}

static void refresh(bo_screen *s)
{
	reload(s->state, false);
}

static int open_history(bo_screen *s, bo_err *err)
{
	history *t = s->state;

	t->tui = s->tui;
	return load(t, true, err);
}

static void close_history(bo_screen *s)
{
	history *t = s->state;

	if (!t)
		return;
	bo_history_clear(&t->h);
	bo_product_clear(&t->now);
	free(t->sku);
	free(t);
}

/* r puts a value back here (it retires a product on Products). */
static const bo_binding keys[] = {{'r', BO_REQ_REVERT}, {0, BO_REQ_NONE}};

static const bo_hint hints[] = {
    {BO_REQ_REVERT, "revert to this row's new value"},
    {BO_REQ_UNDO, "undo the last change"},
    {BO_REQ_BACK, "back"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_product_history_ops = {
    .name = "product history",
    .title = "Product history",
    .open = open_history,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_history,
    .hints = hints,
    .keys = keys,
};

int bo_product_history_open(bo_tui *t, const char *sku, bo_err *err)
{
	history *h = calloc(1, sizeof(*h));

	if (!h || !(h->sku = strdup(sku))) {
		free(h);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &bo_product_history_ops, h, err);
}
