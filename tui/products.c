/* The product list: a keyset-paged window of rows, search, filter, sort, and the row actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "tui/export.h"
#include "tui/product_history.h"
#include "tui/products.h"
#include "tui/tui.h"

/* Rows kept around the cursor; a page is fetched when the cursor nears an
 * edge, and rows far from the cursor are dropped again. */
#define WINDOW_MAX 300
#define FETCH 50

typedef enum { FILTER_ACTIVE, FILTER_RETIRED, FILTER_ALL } filter_kind;

static const char *const filter_names[] = {"active", "retired", "all"};
static const char *const sort_names[BO_PRODUCT_SORT__COUNT] = {
    "sku", "name", "price", "tax", "stock", "status"};

typedef struct products {
	bo_tui *tui;
	bo_product *rows; /* the window: a run of consecutive result rows */
	size_t n;
	size_t cursor; /* index in rows */
	size_t scroll; /* first row shown */
	bool at_start; /* rows[0] is the first row of the result */
	bool at_end;   /* rows[n - 1] is the last */
	int visible;   /* rows shown at the last draw */
	filter_kind filter;
	bo_product_sort sort;
	int descending;
	char *search;      /* the last `/` text, or NULL */
	char *pending_sku; /* the row a y/N question is about */
	char status[300];
} products;

/* ---- loading ---------------------------------------------------------------- */

typedef struct collect {
	bo_product *rows;
	size_t n;
	int rc;
} collect;

static int collect_cb(void *ctx, const bo_product *p)
{
	collect *c = ctx;
	bo_product *grown = realloc(c->rows, (c->n + 1) * sizeof(*grown));

	if (!grown || bo_product_copy(&grown[c->n], p) < 0) {
		if (grown)
			c->rows = grown;
		c->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	c->rows = grown;
	c->n++;
	return 0;
}

static void free_rows(bo_product *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_product_clear(&rows[i]);
	free(rows);
}

/*
 * Up to limit rows strictly after anchor (NULL: from the start) going
 * forward in the screen's order, or backward when backward is true (then
 * nearest first). search narrows to matches. *out is the caller's.
 */
static int fetch(products *p, const bo_product *anchor, bool backward,
		 const char *search, int64_t limit, collect *out, bo_err *err)
{
	bo_product_query q = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	q.search = search;
	q.include_retired = p->filter == FILTER_ALL;
	q.retired_only = p->filter == FILTER_RETIRED;
	q.sort = p->sort;
	q.descending = backward ? !p->descending : p->descending;
	q.limit = limit;
	if (anchor) {
		q.after_sku = anchor->sku;
		q.after_name = anchor->name;
		switch (p->sort) {
		case BO_PRODUCT_SORT_PRICE:
			q.after_value = anchor->price;
			break;
		case BO_PRODUCT_SORT_TAX:
			q.after_value = anchor->tax_bp;
			break;
		case BO_PRODUCT_SORT_STOCK:
			q.after_value = anchor->stock;
			break;
		case BO_PRODUCT_SORT_STATUS:
			q.after_value = anchor->retired;
			break;
		default:
			break;
		}
	}
	rc = bo_app_product_list(bo_tui_app(p->tui), &q, collect_cb, out, err);
	if (rc == BO_ENOMEM || out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM,
				"out of memory listing products");
	if (rc < 0) {
		free_rows(out->rows, out->n);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

static void reverse(bo_product *rows, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		bo_product tmp = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = tmp;
	}
}

static void replace_window(products *p, collect *c)
{
	free_rows(p->rows, p->n);
	p->rows = c->rows;
	p->n = c->n;
	c->rows = NULL;
	c->n = 0;
}

/*
 * Loads a window with the row anchor (or what now sorts in its place) under
 * the cursor: up to half a window before it, then a window from there.
 * anchor NULL loads from the start.
 */
static int load_around(products *p, const bo_product *anchor, bo_err *err)
{
	collect before = {0}, after = {0};
	/* the cursor keeps its place on the screen */
	size_t i, want = 0,
		  offset = p->cursor >= p->scroll ? p->cursor - p->scroll : 0;
	int rc;

	if (anchor) {
		if ((rc = fetch(p, anchor, true, NULL, FETCH, &before, err)) <
		    0)
			return rc;
		reverse(before.rows, before.n);
		want = before.n;
	}
	/* the forward page starts after the last row before the anchor, so
	 * it includes the anchor itself when the anchor still matches */
	rc = fetch(p, before.n ? &before.rows[before.n - 1] : NULL, false, NULL,
		   WINDOW_MAX - (int64_t)before.n, &after, err);
	if (rc < 0)
		goto done;
	p->at_start = before.n < FETCH;
	p->at_end = after.n < (size_t)(WINDOW_MAX - before.n);
	{
		bo_product *all = realloc(
		    before.rows, (before.n + after.n) * sizeof(*all) + 1);

		if (!all) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			goto done;
		}
		if (after.n)
			memcpy(all + before.n, after.rows,
			       after.n * sizeof(*all));
		free(after.rows);
		after.rows = NULL;
		before.rows = all;
		before.n += after.n;
		after.n = 0;
	}
	replace_window(p, &before);
	p->cursor = 0;
	if (anchor) {
		p->cursor = want < p->n ? want : (p->n ? p->n - 1 : 0);
		for (i = 0; i < p->n; i++)
			if (strcmp(p->rows[i].sku, anchor->sku) == 0)
				p->cursor = i;
	}
	p->scroll = p->cursor > offset ? p->cursor - offset : 0;
done:
	free_rows(before.rows, before.n);
	free_rows(after.rows, after.n);
	return rc;
}

static int load_end(products *p, bo_err *err)
{
	collect c;
	int rc = fetch(p, NULL, true, NULL, WINDOW_MAX, &c, err);

	if (rc < 0)
		return rc;
	reverse(c.rows, c.n);
	p->at_end = true;
	p->at_start = c.n < WINDOW_MAX;
	replace_window(p, &c);
	p->cursor = p->n ? p->n - 1 : 0;
	p->scroll = p->cursor;
	return BO_OK;
}

/* Fetches the next page below the window; drops rows from the top. */
static int extend_down(products *p, bo_err *err)
{
	collect c;
	bo_product *grown;
	int rc;

	if (p->at_end || !p->n)
		return BO_OK;
	if ((rc = fetch(p, &p->rows[p->n - 1], false, NULL, FETCH, &c, err)) <
	    0)
		return rc;
	p->at_end = c.n < FETCH;
	if (!c.n)
		return BO_OK;
	grown = realloc(p->rows, (p->n + c.n) * sizeof(*grown));
	if (!grown) {
		free_rows(c.rows, c.n);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	memcpy(grown + p->n, c.rows, c.n * sizeof(*grown));
	free(c.rows);
	p->rows = grown;
	p->n += c.n;
	if (p->n > WINDOW_MAX && p->cursor >= FETCH && p->scroll >= FETCH) {
		size_t drop = p->n - WINDOW_MAX;

		drop = drop > p->scroll ? p->scroll : drop;
		for (size_t i = 0; i < drop; i++)
			bo_product_clear(&p->rows[i]);
		memmove(p->rows, p->rows + drop,
			(p->n - drop) * sizeof(*p->rows));
		p->n -= drop;
		p->cursor -= drop;
		p->scroll -= drop;
		p->at_start = false;
	}
	return BO_OK;
}

/* Fetches the page above the window; drops rows from the bottom. */
static int extend_up(products *p, bo_err *err)
{
	collect c;
	bo_product *grown;
	int rc;

	if (p->at_start || !p->n)
		return BO_OK;
	if ((rc = fetch(p, &p->rows[0], true, NULL, FETCH, &c, err)) < 0)
		return rc;
	p->at_start = c.n < FETCH;
	if (!c.n)
		return BO_OK;
	reverse(c.rows, c.n);
	grown = realloc(p->rows, (p->n + c.n) * sizeof(*grown));
	if (!grown) {
		free_rows(c.rows, c.n);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	memmove(grown + c.n, grown, p->n * sizeof(*grown));
	memcpy(grown, c.rows, c.n * sizeof(*grown));
	free(c.rows);
	p->rows = grown;
	p->n += c.n;
	p->cursor += c.n;
	p->scroll += c.n;
	while (p->n > WINDOW_MAX && p->n - 1 > p->scroll + 2 * FETCH) {
		bo_product_clear(&p->rows[--p->n]);
		p->at_end = false;
	}
	return BO_OK;
}

/* Reloads around the row under the cursor (or from the start). */
static void reload(products *p)
{
	bo_product anchor = {0};
	bo_err err;
	int rc;

	bo_err_clear(&err);
	if (p->n && bo_product_copy(&anchor, &p->rows[p->cursor]) < 0) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	rc = load_around(p, p->n ? &anchor : NULL, &err);
	bo_product_clear(&anchor);
	if (rc < 0)
		bo_tui_error(p->tui, &err);
}

void bo_products_select(bo_screen *s, const char *sku)
{
	products *p = s->state;
	bo_product row = {0};
	bo_err err;

	bo_err_clear(&err);
	if (!sku ||
	    bo_app_product_get(bo_tui_app(p->tui), sku, &row, &err) < 0) {
		reload(p);
		return;
	}
	if (load_around(p, &row, &err) < 0)
		bo_tui_error(p->tui, &err);
	bo_product_clear(&row);
}

/* ---- moving ----------------------------------------------------------------- */

static void move_down(products *p, size_t by)
{
	bo_err err;

	bo_err_clear(&err);
	while (by--) {
		if (p->cursor + 1 >= p->n && extend_down(p, &err) < 0) {
			bo_tui_error(p->tui, &err);
			return;
		}
		if (p->cursor + 1 >= p->n)
			return;
		p->cursor++;
	}
}

static void move_up(products *p, size_t by)
{
	bo_err err;

	bo_err_clear(&err);
	while (by--) {
		if (p->cursor == 0 && extend_up(p, &err) < 0) {
			bo_tui_error(p->tui, &err);
			return;
		}
		if (p->cursor == 0)
			return;
		p->cursor--;
	}
}

/*
 * Moves the cursor to the first row matching the search after anchor (NULL:
 * from the start) in the chosen direction, wrapping round at the end.
 */
static void search_from(products *p, const bo_product *anchor, bool backward)
{
	collect c;
	bo_err err;
	bool wrapped = false;
	int rc;

	bo_err_clear(&err);
	rc = fetch(p, anchor, backward, p->search, 1, &c, &err);
	if (rc == 0 && c.n == 0 && anchor) {
		wrapped = true;
		rc = fetch(p, NULL, backward, p->search, 1, &c, &err);
	}
	if (rc < 0) {
		bo_tui_error(p->tui, &err);
		return;
	}
	if (c.n == 0)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no %s product matches \"%s\"",
			       filter_names[p->filter], p->search);
	else if (load_around(p, &c.rows[0], &err) < 0)
		bo_tui_error(p->tui, &err);
	else if (wrapped)
		bo_tui_message(p->tui, BO_STYLE_DIM, "search wrapped around");
	free_rows(c.rows, c.n);
}

static void search_step(products *p, bool backward)
{
	if (!p->search) {
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no search yet: press / to search");
		return;
	}
	search_from(p, p->n ? &p->rows[p->cursor] : NULL, backward);
}

static int search_answer(bo_screen *s, int yes, const char *text)
{
	products *p = s->state;
	char *copy = NULL;

	if (!yes)
		return BO_HANDLED;
	if (text && *text && !(copy = strdup(text))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	free(p->search);
	p->search = copy;
	/* from the row above the cursor, so the current row may match */
	if (p->search)
		search_from(p, p->cursor > 0 ? &p->rows[p->cursor - 1] : NULL,
			    false);
	return BO_HANDLED;
}

/* ---- actions ------------------------------------------------------------------ */

static bool may_write(products *p)
{
	bo_app *app = bo_tui_app(p->tui);

	if (bo_role_may(app->role, BO_CAP_PRODUCT_WRITE))
		return true;
	bo_tui_message(p->tui, BO_STYLE_ERROR,
		       "products are read-only for %s users; ask an admin",
		       bo_role_name(app->role));
	return false;
}

static const bo_product *current(products *p)
{
	return p->n ? &p->rows[p->cursor] : NULL;
}

static int delete_answer(bo_screen *s, int yes, const char *text)
{
	products *p = s->state;
	bo_err err;

	(void)text;
	bo_err_clear(&err);
	if (!yes || !p->pending_sku) {
		bo_tui_message(p->tui, BO_STYLE_DIM, "nothing was deleted");
		return BO_HANDLED;
	}
	if (bo_app_product_delete(bo_tui_command(p->tui), p->pending_sku,
				  &err) < 0)
		bo_tui_error(p->tui, &err);
	else
		bo_tui_message(p->tui, BO_STYLE_OK, "deleted %s",
			       p->pending_sku);
	reload(p);
	return BO_HANDLED;
}

static int retire_answer(bo_screen *s, int yes, const char *text)
{
	products *p = s->state;
	bo_err err;

	(void)text;
	bo_err_clear(&err);
	if (!yes || !p->pending_sku) {
		bo_tui_message(p->tui, BO_STYLE_DIM, "nothing was retired");
		return BO_HANDLED;
	}
	if (bo_app_product_retire(bo_tui_command(p->tui), p->pending_sku, NULL,
				  &err) < 0)
		bo_tui_error(p->tui, &err);
	else
		bo_tui_message(p->tui, BO_STYLE_OK, "retired %s",
			       p->pending_sku);
	reload(p);
	return BO_HANDLED;
}

static void ask_about_row(bo_screen *s, const char *verb, bo_tui_answer_fn fn)
{
	products *p = s->state;
	const bo_product *row = current(p);
	char question[600];

	if (!row) {
		bo_tui_message(p->tui, BO_STYLE_WARNING, "no product selected");
		return;
	}
	free(p->pending_sku);
	if (!(p->pending_sku = strdup(row->sku))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	/* the name is data: the overlay sanitises it when drawing */
	snprintf(question, sizeof(question), "%s %s (%s)?", verb, row->sku,
		 row->name);
	bo_tui_confirm(p->tui, s, question, fn);
}

static void open_form(products *p, const char *sku)
{
	bo_err err;

	bo_err_clear(&err);
	if (bo_product_form_open(p->tui, sku, &err) < 0) {
		bo_tui_error(p->tui, &err);
		reload(p);
	}
}

static void change_order(products *p, int sort, int descending)
{
	bo_product anchor = {0};
	const bo_product *row = current(p);
	bo_err err;

	bo_err_clear(&err);
	if (row && bo_product_copy(&anchor, row) < 0)
		return;
	p->sort = (bo_product_sort)sort;
	p->descending = descending;
	if (load_around(p, row ? &anchor : NULL, &err) < 0)
		bo_tui_error(p->tui, &err);
	bo_product_clear(&anchor);
}

static int handle(bo_screen *s, bo_request req, int key)
{
	products *p = s->state;
	size_t page = p->visible > 1 ? (size_t)p->visible - 1 : 1;
	bo_err err;

	bo_err_clear(&err);
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		move_down(p, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		move_up(p, key == BO_KEY_WHEEL_UP ? 3 : 1);
		break;
	case BO_REQ_PAGE_DOWN:
		move_down(p, page);
		break;
	case BO_REQ_PAGE_UP:
		move_up(p, page);
		break;
	case BO_REQ_FIRST:
		if (load_around(p, NULL, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_LAST:
		if (load_end(p, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_SEARCH:
		bo_tui_prompt(p->tui, s, "/", p->search, search_answer);
		break;
	case BO_REQ_SEARCH_NEXT:
		search_step(p, false);
		break;
	case BO_REQ_SEARCH_PREV:
		search_step(p, true);
		break;
	case BO_REQ_FILTER:
		p->filter = (filter_kind)((p->filter + 1) % 3);
		change_order(p, p->sort, p->descending);
		bo_tui_message(p->tui, BO_STYLE_DIM, "showing %s products",
			       filter_names[p->filter]);
		break;
	case BO_REQ_SORT_LEFT:
		change_order(p,
			     (p->sort + BO_PRODUCT_SORT__COUNT - 1) %
				 BO_PRODUCT_SORT__COUNT,
			     p->descending);
		break;
	case BO_REQ_SORT_RIGHT:
		change_order(p, (p->sort + 1) % BO_PRODUCT_SORT__COUNT,
			     p->descending);
		break;
	case BO_REQ_SORT_REVERSE:
		change_order(p, p->sort, !p->descending);
		break;
	case BO_REQ_ADD:
		if (may_write(p))
			open_form(p, NULL);
		break;
	case BO_REQ_EDIT:
		if (!current(p))
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no product selected");
		else if (may_write(p))
			open_form(p, current(p)->sku);
		break;
	case BO_REQ_ENTER:
		/* everyone may look at a product; the form knows who may
		 * change it */
		if (current(p))
			open_form(p, current(p)->sku);
		break;
	case BO_REQ_DELETE:
		if (may_write(p))
			ask_about_row(s, "Delete product", delete_answer);
		break;
	case BO_REQ_RETIRE:
		if (!may_write(p))
			break;
		if (current(p) && current(p)->retired)
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "product %s is already retired",
				       current(p)->sku);
		else
			ask_about_row(s, "Retire product", retire_answer);
		break;
	case BO_REQ_HISTORY:
		if (current(p) &&
		    bo_product_history_open(p->tui, current(p)->sku, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_RELOAD:
		reload(p);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

typedef struct column {
	const char *title;
	int width; /* 0: takes what is left */
	bool right;
} column;

/* In bo_product_sort order, so < and > walk across the screen. */
static const column columns[BO_PRODUCT_SORT__COUNT] = {
    {"SKU", 16, false}, {"NAME", 0, false}, {"PRICE", 12, true},
    {"TAX %", 6, true}, {"STOCK", 7, true}, {"STATUS", 8, false},
};

static void cells(char out[][48], const bo_product *row, const bo_currency *cur)
{
	char money[BO_MONEY_BUFSZ];

	snprintf(out[2], 48, "%s", bo_money_format(money, row->price, cur));
	bo_rate_format(out[3], 48, row->tax_bp);
	if (row->stock == BO_STOCK_UNTRACKED)
		snprintf(out[4], 48, "-");
	else
		snprintf(out[4], 48, "%lld", (long long)row->stock);
	snprintf(out[5], 48, "%s", row->retired ? "retired" : "active");
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	products *p = s->state;
	bo_app *app = bo_tui_app(p->tui);
	int widths[BO_PRODUCT_SORT__COUNT], fixed = 0, x, rows;

	for (int i = 0; i < BO_PRODUCT_SORT__COUNT; i++)
		fixed += columns[i].width + 1;
	for (int i = 0; i < BO_PRODUCT_SORT__COUNT; i++)
		widths[i] = columns[i].width;
	widths[BO_PRODUCT_SORT_NAME] = c->cols - 2 - fixed;
	if (widths[BO_PRODUCT_SORT_NAME] < 8) {
		/* narrow terminal: the SKU gives way first */
		widths[BO_PRODUCT_SORT_SKU] -= 8 - widths[BO_PRODUCT_SORT_NAME];
		if (widths[BO_PRODUCT_SORT_SKU] < 6)
			widths[BO_PRODUCT_SORT_SKU] = 6;
		widths[BO_PRODUCT_SORT_NAME] = 8;
	}
	/* header, with the sort column marked */
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	for (int i = 0; i < BO_PRODUCT_SORT__COUNT; i++) {
		char title[32];

		snprintf(title, sizeof(title), "%s%s", columns[i].title,
			 i == (int)p->sort
			     ? bo_canvas_glyph(c, p->descending
						      ? BO_GLYPH_SORT_DOWN
						      : BO_GLYPH_SORT_UP)
			     : "");
		if (columns[i].right)
			bo_canvas_text_right(c, top, x, widths[i],
					     BO_STYLE_HEADER, title);
		else
			bo_canvas_text(c, top, x, BO_STYLE_HEADER, title,
				       widths[i]);
		x += widths[i] + 1;
	}
	rows = height - 1;
	p->visible = rows;
	if (rows < 1)
		return;
	if (!p->n) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM,
			       p->filter == FILTER_ACTIVE
				   ? "no products yet: press a to add one"
				   : "no products here",
			       c->cols - 4);
		return;
	}
	/* keep the cursor in view */
	if (p->cursor < p->scroll)
		p->scroll = p->cursor;
	if (p->cursor >= p->scroll + (size_t)rows)
		p->scroll = p->cursor - (size_t)rows + 1;
	/* no blank rows at the bottom while rows above are hidden */
	if (p->at_end && p->scroll > 0 && p->n - p->scroll < (size_t)rows)
		p->scroll = p->n > (size_t)rows ? p->n - (size_t)rows : 0;
	for (int r = 0; r < rows && p->scroll + (size_t)r < p->n; r++) {
		size_t i = p->scroll + (size_t)r;
		const bo_product *row = &p->rows[i];
		bo_style base = row->retired ? BO_STYLE_DIM : BO_STYLE_NORMAL;
		char text[BO_PRODUCT_SORT__COUNT][48];
		int y = top + 1 + r;

		cells(text, row, &app->currency);
		x = 1;
		bo_canvas_text(c, y, x, base, row->sku, widths[0]);
		x += widths[0] + 1;
		bo_canvas_text(c, y, x, base, row->name, widths[1]);
		x += widths[1] + 1;
		bo_canvas_text_right(c, y, x, widths[2],
				     row->retired ? base : BO_STYLE_MONEY,
				     text[2]);
		x += widths[2] + 1;
		for (int k = 3; k < BO_PRODUCT_SORT__COUNT; k++) {
			if (columns[k].right)
				bo_canvas_text_right(c, y, x, widths[k], base,
						     text[k]);
			else
				bo_canvas_text(c, y, x, base, text[k],
					       widths[k]);
			x += widths[k] + 1;
		}
		if (i == p->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	/* say when there is more than the screen shows */
	if (p->scroll > 0 || !p->at_start)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (p->scroll + (size_t)rows < p->n || !p->at_end)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static const char *status(bo_screen *s)
{
	products *p = s->state;
	int n;

	n = snprintf(p->status, sizeof(p->status), "filter: %s, sort: %s%s",
		     filter_names[p->filter], sort_names[p->sort],
		     p->descending ? " desc" : "");
	if (p->search && n > 0 && (size_t)n < sizeof(p->status))
		snprintf(p->status + n, sizeof(p->status) - (size_t)n,
			 ", search: %s", p->search);
	return p->status;
}

static void refresh(bo_screen *s)
{
	reload(s->state);
}

static int open_list(bo_screen *s, bo_err *err)
{
	products *p = s->state;

	p->tui = s->tui;
	return load_around(p, NULL, err);
}

static void close_list(bo_screen *s)
{
	products *p = s->state;

	if (!p)
		return;
	free_rows(p->rows, p->n);
	free(p->search);
	free(p->pending_sku);
	free(p);
}

typedef struct export_ctx {
	FILE *f;
	const bo_currency *cur;
	bo_err *err;
	int rows;
} export_ctx;

static int export_row(void *ctx, const bo_product *p)
{
	export_ctx *x = ctx;
	char price[BO_MONEY_BUFSZ], tax[16], stock[24];
	const char *fields[8] = {
	    p->sku,         p->name,
	    p->description, bo_money_format(price, p->price, x->cur),
	    x->cur->code,   bo_rate_format(tax, sizeof(tax), p->tax_bp),
	    stock,          p->retired ? "retired" : "active"};
	int rc;

	snprintf(stock, sizeof(stock), "%lld", (long long)p->stock);
	if (p->stock == BO_STOCK_UNTRACKED)
		stock[0] = '\0';
	if ((rc = bo_tui_csv_row(x->f, fields, 8, x->err)) < 0)
		return rc;
	x->rows++;
	return 0;
}

/* Every product under the filter, in the screen's order, streamed from the
 * service (the columns of `product list --format csv`). */
static int export_csv(bo_screen *s, FILE *f, bo_err *err)
{
	static const char *const header[8] = {
	    "sku",      "name",     "description", "price",
	    "currency", "tax_rate", "stock",       "status"};
	products *p = s->state;
	bo_app *app = bo_tui_app(p->tui);
	export_ctx x = {f, &app->currency, err, 0};
	bo_product_query q = {0};
	int rc;

	q.include_retired = p->filter == FILTER_ALL;
	q.retired_only = p->filter == FILTER_RETIRED;
	q.sort = p->sort;
	q.descending = p->descending;
	if ((rc = bo_tui_csv_row(f, header, 8, err)) < 0 ||
	    (rc = bo_app_product_list(app, &q, export_row, &x, err)) < 0)
		return rc;
	return x.rows;
}

const bo_screen_ops bo_products_screen_ops = {
    .name = "products",
    .title = "Products",
    .open = open_list,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_list,
    .export_csv = export_csv,
};

int bo_products_open(bo_tui *t, bo_err *err)
{
	products *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_products_screen_ops, p, err);
}
