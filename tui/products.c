/* The product list: a keyset-paged window of rows, search, filter, sort, and the row actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "tui/bulk.h"
#include "tui/category_picker.h"
#include "tui/export.h"
#include "tui/list.h"
#include "tui/product_filter.h"
#include "tui/product_history.h"
#include "tui/products.h"
#include "tui/stock_form.h"
#include "tui/tui.h"

static const char *const sort_names[BO_PRODUCT_SORT__COUNT] = {
    "sku", "name", "price", "tax", "stock", "status"};

typedef struct products {
	bo_tui *tui;
	bo_list list;
	bo_product_filter filter; /* f and F */
	bo_product_sort sort;
	char *search;        /* the `/` text narrowing the list, or NULL */
	char *search_before; /* the search when the prompt opened */
	bool wrapped;        /* the last n or N went round */
	char *pending_sku;   /* the row a y/N question is about */
	/* The marked products by id, ascending (ids outlive a rename), for
	 * an action on many at once. */
	int64_t *marks;
	size_t nmarks, cap_marks;
	char status[300];
} products;

/* ---- loading ---------------------------------------------------------------- */

static int row_copy(void *dst, const void *src)
{
	return bo_product_copy(dst, src);
}

static void row_clear(void *row)
{
	bo_product_clear(row);
}

static bool row_same(const void *a, const void *b)
{
	return strcmp(((const bo_product *)a)->sku,
		      ((const bo_product *)b)->sku) == 0;
}

static int add_cb(void *ctx, const bo_product *p)
{
	return bo_list_rows_add(ctx, p);
}

/* The query of what the screen lists (its filter, and search when not
 * NULL), in no particular order and from the start. */
static bo_product_query filtered(const products *p, const char *search)
{
	bo_product_query q = {0};

	q.search = search;
	bo_product_filter_apply(&p->filter, &q);
	return q;
}

/*
 * Up to limit rows strictly after anchor (NULL: from the start) going
 * forward in the screen's order, or backward when backward is true (then
 * nearest first). search narrows to matches.
 */
static int query(products *p, const bo_product *anchor, bool backward,
		 const char *search, int64_t limit, bo_list_rows *out,
		 bo_err *err)
{
	bo_product_query q = filtered(p, search);
	int rc;

	q.sort = p->sort;
	q.descending = backward ? !p->list.descending : p->list.descending;
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
	rc = bo_app_product_list(bo_tui_app(p->tui), &q, add_cb, out, err);
	if (rc == BO_ENOMEM || out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM,
				"out of memory listing products");
	return rc;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	products *p = ctx;

	return query(p, anchor, backward, p->search, limit, out, err);
}

static const bo_product *current(products *p)
{
	return bo_list_current(&p->list);
}

static void reload(products *p)
{
	bo_list_reload(&p->list);
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
	if (bo_list_load(&p->list, &row, &err) < 0)
		bo_tui_error(p->tui, &err);
	bo_product_clear(&row);
}

/* ---- search: the list narrows as you type ------------------------------------- */

/* Narrows the list to text (NULL or "": every row), from the first row. */
static void narrow(products *p, const char *text)
{
	char *copy = NULL;
	bo_err err;

	if (text && *text && !(copy = strdup(text))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	free(p->search);
	p->search = copy;
	p->list.highlight = p->search;
	p->list.cursor = p->list.scroll = 0;
	bo_err_clear(&err);
	if (bo_list_load(&p->list, NULL, &err) < 0)
		bo_tui_error(p->tui, &err);
}

static int search_edit(bo_screen *s, int yes, const char *text)
{
	(void)yes;
	narrow(s->state, text);
	return BO_HANDLED;
}

static int search_answer(bo_screen *s, int yes, const char *text)
{
	products *p = s->state;

	/* Esc puts back the search there was */
	narrow(p, yes ? text : p->search_before);
	free(p->search_before);
	p->search_before = NULL;
	if (yes && p->search && !p->list.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no %s product matches \"%s\"",
			       bo_filter_status_name(p->filter.status),
			       p->search);
	return BO_HANDLED;
}

static void start_search(bo_screen *s)
{
	products *p = s->state;

	free(p->search_before);
	p->search_before = p->search ? strdup(p->search) : NULL;
	if (p->search && !p->search_before) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_prompt_live(p->tui, s, "/", p->search, search_edit,
			   search_answer);
}

/* One row on in the narrowed list, round to the other end past the last
 * (or first) one, as vi's n does. */
static void step_round(products *p, bool backward)
{
	bo_list *l = &p->list;
	size_t was = l->cursor;
	const void *before = bo_list_current(l);
	bo_err err;
	int rc = 0;

	p->wrapped = false;
	bo_list_move(l, backward ? -1 : 1);
	if (!before || l->cursor != was || bo_list_current(l) != before)
		return;
	/* at an end: go round */
	bo_err_clear(&err);
	if (backward)
		rc = bo_list_load_end(l, &err);
	else {
		l->cursor = l->scroll = 0;
		rc = bo_list_load(l, NULL, &err);
	}
	if (rc < 0)
		bo_tui_error(p->tui, &err);
	else
		p->wrapped = l->n > 1;
}

/* ---- the filter: F ------------------------------------------------------------ */

/* True when the filter narrows more than the status does. */
static bool narrowed(const products *p)
{
	bo_product_filter f = p->filter;

	f.status = BO_FILTER_ACTIVE;
	return !bo_product_filter_is_default(&f);
}

static int filter_answer(bo_screen *s, int yes, const char *text)
{
	products *p = s->state;
	bo_product_filter f;
	char shown[200];
	bo_err err;

	if (!yes)
		return BO_HANDLED;
	bo_err_clear(&err);
	if (bo_product_filter_parse(&f, text, &bo_tui_app(p->tui)->currency,
				    &err) < 0) {
		if (err.code == BO_ENOMEM)
			bo_tui_error(p->tui, &err);
		else /* what was typed stays, to be mended */
			bo_tui_prompt_again(p->tui, s, text, "%s", err.msg);
		return BO_HANDLED;
	}
	bo_product_filter_clear(&p->filter);
	p->filter = f;
	p->list.cursor = p->list.scroll = 0;
	if (bo_list_load(&p->list, NULL, &err) < 0) {
		bo_tui_error(p->tui, &err);
		return BO_HANDLED;
	}
	bo_product_filter_describe(&p->filter, &bo_tui_app(p->tui)->currency,
				   shown, sizeof(shown));
	if (!p->list.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no product matches the filter (%s)", shown);
	else
		bo_tui_message(p->tui, BO_STYLE_DIM, "filter: %s", shown);
	return BO_HANDLED;
}

void bo_products_filter_category(bo_screen *s, const char *category)
{
	products *p = s->state;
	char *copy = NULL, shown[200];
	bo_err err;

	if (category && !(copy = strdup(category))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	free(p->filter.category);
	p->filter.category = copy;
	p->list.cursor = p->list.scroll = 0;
	bo_err_clear(&err);
	if (bo_list_load(&p->list, NULL, &err) < 0) {
		bo_tui_error(p->tui, &err);
		return;
	}
	bo_tui_message(p->tui, BO_STYLE_DIM, "filter: %s",
		       bo_product_filter_describe(
			   &p->filter, &bo_tui_app(p->tui)->currency, shown,
			   sizeof(shown)));
}

void bo_products_pick_category(bo_screen *s)
{
	products *p = s->state;
	bo_err err;

	bo_err_clear(&err);
	if (bo_category_picker_open(p->tui,
				    p->filter.status != BO_FILTER_ACTIVE,
				    p->filter.category, &err) < 0)
		bo_tui_error(p->tui, &err);
}

/* F: the filter as text to edit; an empty line clears it. */
static void start_filter(bo_screen *s)
{
	products *p = s->state;
	char *text = bo_product_filter_format(&p->filter,
					      &bo_tui_app(p->tui)->currency);

	if (!text) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_prompt(p->tui, s,
		      "filter (status category tag stock min max):", text,
		      filter_answer);
	free(text);
}

/* n and N: every row shown matches, so the next match is the next row. */
static void search_step(products *p, bool backward)
{
	char where[64];

	if (!p->search) {
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no search yet: press / to search");
		return;
	}
	step_round(p, backward);
	bo_list_position(&p->list, where, sizeof(where));
	if (*where)
		bo_tui_message(p->tui,
			       p->wrapped ? BO_STYLE_WARNING : BO_STYLE_DIM,
			       "match %s%s", where + 4,
			       p->wrapped ? " (search wrapped around)" : "");
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
	if (fn == delete_answer) {
		/* say what the orders keep pointing at before the y/N */
		int64_t n = 0;
		bo_err err;

		bo_err_clear(&err);
		if (bo_app_product_orders(bo_tui_app(p->tui), row->sku, 10001,
					  &n, &err) == 0 &&
		    n > 0)
			snprintf(question, sizeof(question),
				 "%s is on %s%lld order%s, which keep%s "
				 "%s lines either way; retiring (r) keeps it "
				 "listed. Delete product %s (%s)?",
				 row->sku, n > 10000 ? "more than " : "",
				 (long long)(n > 10000 ? 10000 : n),
				 n == 1 ? "" : "s", n == 1 ? "s" : "",
				 n == 1 ? "its" : "their", row->sku, row->name);
	}
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
	p->list.sort_col = sort;
	p->list.descending = descending;
	if (bo_list_load(&p->list, row ? &anchor : NULL, &err) < 0)
		bo_tui_error(p->tui, &err);
	bo_product_clear(&anchor);
}

/* ---- marks ------------------------------------------------------------------ */

/* Where id is in the marks, or where it would go (*found false). */
static size_t mark_find(const products *p, int64_t id, bool *found)
{
	size_t lo = 0, hi = p->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->marks[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < p->nmarks && p->marks[lo] == id;
	return lo;
}

static bool is_marked(const products *p, int64_t id)
{
	bool found;

	mark_find(p, id, &found);
	return found;
}

/* Marks id (on) or unmarks it; BO_ENOMEM. */
static int mark_set(products *p, int64_t id, bool on)
{
	bool found;
	size_t at = mark_find(p, id, &found);

	if (found == on)
		return BO_OK;
	if (!on) {
		memmove(p->marks + at, p->marks + at + 1,
			(p->nmarks - at - 1) * sizeof(*p->marks));
		p->nmarks--;
		return BO_OK;
	}
	if (p->nmarks == p->cap_marks) {
		size_t cap = p->cap_marks ? p->cap_marks * 2 : 64;
		int64_t *grown = realloc(p->marks, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		p->marks = grown;
		p->cap_marks = cap;
	}
	memmove(p->marks + at + 1, p->marks + at,
		(p->nmarks - at) * sizeof(*p->marks));
	p->marks[at] = id;
	p->nmarks++;
	return BO_OK;
}

static bool row_marked(void *ctx, const void *row)
{
	return is_marked(ctx, ((const bo_product *)row)->id);
}

/* Space: the product under the cursor marked or unmarked, the cursor on
 * to the next one (marking a run is Space Space Space). */
static void toggle_mark(products *p)
{
	const bo_product *row = current(p);

	if (!row)
		return;
	if (mark_set(p, row->id, !is_marked(p, row->id)) < 0) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_list_move(&p->list, 1);
}

typedef struct shown_ids {
	int64_t *ids;
	size_t n, cap;
	int rc;
} shown_ids;

static int collect_id(void *ctx, const bo_product *row)
{
	shown_ids *s = ctx;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		int64_t *grown = realloc(s->ids, cap * sizeof(*grown));

		if (!grown)
			return s->rc = BO_ENOMEM;
		s->ids = grown;
		s->cap = cap;
	}
	s->ids[s->n++] = row->id;
	return 0;
}

/* `*`: every product the list shows (its filter and search, every page)
 * marked; when all of them are already, unmarked. */
static void mark_all_shown(products *p)
{
	bo_product_query q = filtered(p, p->search);
	shown_ids s = {0};
	bool all = true;
	size_t i;
	bo_err err;

	bo_err_clear(&err);
	if (bo_app_product_list(bo_tui_app(p->tui), &q, collect_id, &s,
				&err) < 0) {
		free(s.ids);
		bo_tui_error(p->tui, &err);
		return;
	}
	for (i = 0; i < s.n && all; i++)
		all = is_marked(p, s.ids[i]);
	for (i = 0; i < s.n; i++)
		if (mark_set(p, s.ids[i], !all) < 0) {
			bo_tui_message(p->tui, BO_STYLE_ERROR,
				       "out of memory");
			break;
		}
	free(s.ids);
	bo_tui_message(p->tui, BO_STYLE_DIM,
		       "%s %zu product%s shown; %zu marked in all",
		       all ? "unmarked the" : "marked the", i,
		       i == 1 ? "" : "s", p->nmarks);
}

/* B: the bulk change of the marked products (the selected one when none
 * is marked); U: the undo of the newest one (tui/bulk.c). */
static void start_bulk(products *p, bool undo)
{
	const bo_product *row = current(p);
	bo_err err;
	int rc;

	bo_err_clear(&err);
	if (undo)
		rc = bo_bulk_undo_open(p->tui, &err);
	else
		rc = bo_bulk_open(p->tui, p->marks, p->nmarks,
				  row ? row->sku : NULL, &err);
	if (rc < 0)
		bo_tui_error(p->tui, &err);
}

void bo_products_bulk_applied(bo_screen *s)
{
	products *p = s->state;

	p->nmarks = 0;
	reload(p);
}

static int handle(bo_screen *s, bo_request req, int key)
{
	products *p = s->state;
	int descending = p->list.descending;

	if (bo_list_handle(&p->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_MARK:
		toggle_mark(p);
		break;
	case BO_REQ_MARK_ALL:
		mark_all_shown(p);
		break;
	case BO_REQ_SEARCH:
		start_search(s);
		break;
	case BO_REQ_SEARCH_NEXT:
		search_step(p, false);
		break;
	case BO_REQ_SEARCH_PREV:
		search_step(p, true);
		break;
	case BO_REQ_FILTER:
		p->filter.status = (bo_filter_status)((p->filter.status + 1) % 3);
		change_order(p, p->sort, descending);
		bo_tui_message(p->tui, BO_STYLE_DIM, "showing %s products",
			       bo_filter_status_name(p->filter.status));
		break;
	case BO_REQ_FILTER_EDIT:
		start_filter(s);
		break;
	case BO_REQ_SORT_LEFT:
		change_order(p,
			     (p->sort + BO_PRODUCT_SORT__COUNT - 1) %
				 BO_PRODUCT_SORT__COUNT,
			     descending);
		break;
	case BO_REQ_SORT_RIGHT:
		change_order(p, (p->sort + 1) % BO_PRODUCT_SORT__COUNT,
			     descending);
		break;
	case BO_REQ_SORT_REVERSE:
		change_order(p, p->sort, !descending);
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
	case BO_REQ_STOCK: {
		bo_err err;
		if (!current(p))
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no product selected");
		else if (may_write(p) &&
			 bo_stock_form_open(p->tui, current(p)->sku, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	}
	case BO_REQ_HISTORY: {
		bo_err err;
		if (current(p) &&
		    bo_product_history_open(p->tui, current(p)->sku, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	}
	case BO_REQ_BULK:
	case BO_REQ_UNDO_BULK:
		if (may_write(p))
			start_bulk(p, req == BO_REQ_UNDO_BULK);
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

/* In bo_product_sort order, so < and > walk across the screen; the
 * category last (not a sort column), and the first to go when narrow. */
#define COL_CATEGORY BO_PRODUCT_SORT__COUNT
static const bo_list_column columns[BO_PRODUCT_SORT__COUNT + 1] = {
    {"SKU", 6, 24, false, false, 0},     {"NAME", 12, 0, false, true, 0},
    {"PRICE", 6, 16, true, false, 0},    {"TAX %", 5, 7, true, false, 3},
    {"STOCK", 5, 9, true, false, 2},     {"STATUS", 7, 8, false, false, 4},
    {"CATEGORY", 8, 24, false, false, 1},
};

static bo_style row_style(void *ctx, const void *row)
{
	(void)ctx;
	return ((const bo_product *)row)->retired ? BO_STYLE_DIM
						  : BO_STYLE_NORMAL;
}

static const char *cell(void *ctx, const void *row_, int col, char *buf,
			size_t size, bo_style *style)
{
	products *p = ctx;
	const bo_product *row = row_;
	char money[BO_TUI_MONEY_BUFSZ];

	switch (col) {
	case BO_PRODUCT_SORT_SKU:
		return row->sku;
	case BO_PRODUCT_SORT_NAME:
		return row->name;
	case BO_PRODUCT_SORT_PRICE:
		if (!row->retired)
			*style = BO_STYLE_MONEY;
		snprintf(buf, size, "%s",
			 bo_tui_money(p->tui, money, row->price));
		return buf;
	case BO_PRODUCT_SORT_TAX:
		return bo_rate_format(buf, size, row->tax_bp);
	case BO_PRODUCT_SORT_STOCK:
		if (row->stock == BO_STOCK_UNTRACKED)
			return "-";
		snprintf(buf, size, "%lld", (long long)row->stock);
		return buf;
	case COL_CATEGORY:
		return row->category ? row->category : "";
	default:
		return row->retired ? "retired" : "active";
	}
}

static int count_row(void *ctx, const bo_product *row)
{
	(void)row;
	(*(int64_t *)ctx)++;
	return 0;
}

/* How many rows the list has as filtered and searched (a shop's products
 * are few: they are walked, not stored). */
static int count(void *ctx, int64_t *out)
{
	products *p = ctx;
	bo_product_query q = filtered(p, p->search);
	bo_err err;

	bo_err_clear(&err);
	*out = 0;
	return bo_app_product_list(bo_tui_app(p->tui), &q, count_row, out,
				   &err);
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(bo_product),
    .columns = columns,
    .ncolumns = BO_PRODUCT_SORT__COUNT + 1,
    .fetch = fetch,
    .copy = row_copy,
    .clear = row_clear,
    .same = row_same,
    .cell = cell,
    .row_style = row_style,
    .count = count,
    .marked = row_marked,
};

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	products *p = s->state;

	bo_list_draw(&p->list, c, top, height,
		     p->search ? "no product matches the search: / changes it"
		     : narrowed(p) ? "no product matches the filter: F changes it"
		     : p->filter.status == BO_FILTER_ACTIVE
			 ? "no products yet: press a to add one"
			 : "no products here");
}

static const char *status(bo_screen *s)
{
	products *p = s->state;
	char where[64], filter[200];
	int n;

	bo_list_position(&p->list, where, sizeof(where));
	/* the marks first: what an action would act on, kept in view on a
	 * narrow terminal */
	n = 0;
	if (p->nmarks)
		n = snprintf(p->status, sizeof(p->status), "%zu marked, ",
			     p->nmarks);
	n += snprintf(p->status + n, sizeof(p->status) - (size_t)n,
		      "filter: %s, sort: %s%s",
		      bo_product_filter_describe(&p->filter,
						 &bo_tui_app(p->tui)->currency,
						 filter, sizeof(filter)),
		      sort_names[p->sort], p->list.descending ? " desc" : "");
	if (p->search && n > 0 && (size_t)n < sizeof(p->status))
		snprintf(p->status + n, sizeof(p->status) - (size_t)n,
			 ", search: %s", p->search);
	n = (int)strlen(p->status);
	if (*where && (size_t)n < sizeof(p->status))
		snprintf(p->status + n, sizeof(p->status) - (size_t)n, ", %s",
			 where);
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
	bo_list_init(&p->list, &list_ops, p, s->tui);
	p->list.sort_col = p->sort;
	return bo_list_load(&p->list, NULL, err);
}

static void close_list(bo_screen *s)
{
	products *p = s->state;

	if (!p)
		return;
	bo_list_free(&p->list);
	free(p->search);
	free(p->search_before);
	free(p->pending_sku);
	free(p->marks);
	bo_product_filter_clear(&p->filter);
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

/* Every product under the filter and search, in the screen's order,
 * streamed from the service (the columns of `product list --format csv`). */
static int export_csv(bo_screen *s, FILE *f, bo_err *err)
{
	static const char *const header[8] = {
	    "sku",      "name",     "description", "price",
	    "currency", "tax_rate", "stock",       "status"};
	products *p = s->state;
	bo_app *app = bo_tui_app(p->tui);
	export_ctx x = {f, &app->currency, err, 0};
	bo_product_query q = filtered(p, p->search); /* what the list shows */
	int rc;

	q.sort = p->sort;
	q.descending = p->list.descending;
	if ((rc = bo_tui_csv_row(f, header, 8, err)) < 0 ||
	    (rc = bo_app_product_list(app, &q, export_row, &x, err)) < 0)
		return rc;
	return x.rows;
}

/* A click selects a row; a click on the selected row opens it. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((products *)s->state)->list, y);
}

/* The list's size, counted once the frame that shows it is up. */
static bool idle(bo_screen *s)
{
	return bo_list_idle(&((products *)s->state)->list);
}

/* Space marks here (elsewhere it pages down, as in a pager). */
static const bo_binding keys[] = {{' ', BO_REQ_MARK}, {0, BO_REQ_NONE}};

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "open"},
    {BO_REQ_ADD, "add"},
    {BO_REQ_SEARCH, "find"},
    {BO_REQ_HISTORY, "history"},
    {BO_REQ_STOCK, "stock"},
    {BO_REQ_MARK, "mark"},
    {BO_REQ_BULK, "bulk"},
    {BO_REQ_FILTER, "active/retired"},
    {BO_REQ_FILTER_EDIT, "filter"},
    {BO_REQ_SORT_RIGHT, "sort"},
    {BO_REQ_RETIRE, "retire"},
    {BO_REQ_DELETE, "delete"},
    {BO_REQ_SAVE, "export"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

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
    .hints = hints,
    .keys = keys,
    .click = click,
    .idle = idle,
};

int bo_products_open(bo_tui *t, bo_err *err)
{
	products *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_products_screen_ops, p, err);
}
