/* The order list: a window of rows fetched by order number, search, status and date filters, sort. */
#include "tui/orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/calendar.h"
#include "tui/customer.h"
#include "tui/export.h"
#include "tui/list.h"
#include "tui/order_cells.h"
#include "tui/timeline.h"
#include "tui/tui.h"

/* The column each bo_order_sort orders by (see the columns below). */
static const int sort_column[BO_ORDER_SORT__COUNT] = {0, 1, 2, 4, 7};
static const char *const sort_names[BO_ORDER_SORT__COUNT] = {
    "number", "placed at", "customer", "total", "status"};

typedef struct orders {
	bo_tui *tui;
	bo_list list;
	int status;          /* -1: any, else a bo_order_status */
	int64_t from, to;    /* placed_at range, 0: open (see bo_order_query) */
	int sort;            /* a bo_order_sort */
	int refunds;         /* a bo_order_refunds */
	char *filter_text;   /* the filter as typed, normalised; NULL: none */
	char *search;        /* the `/` search narrowing the list, or NULL */
	char *search_before; /* the search when the prompt opened */
	int64_t anchor_before; /* and the order under the cursor then */
	char status_line[400];
} orders;

/* ---- loading ---------------------------------------------------------------- */

typedef struct collect {
	bo_order_row *rows;
	size_t n;
	int rc;
} collect;

static int collect_cb(void *ctx, const bo_order_row *r)
{
	collect *c = ctx;
	bo_order_row *grown = realloc(c->rows, (c->n + 1) * sizeof(*grown));

	if (!grown) {
		c->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	c->rows = grown;
	if (bo_order_row_copy(&grown[c->n], r) < 0) {
		c->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	c->n++;
	return 0;
}

static void free_rows(bo_order_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_order_row_clear(&rows[i]);
	free(rows);
}

/* The query of the list as filtered now, in its order. */
static bo_order_query list_query(const orders *p)
{
	bo_order_query q = {0};

	q.status = p->status;
	q.placed_from = p->from;
	q.placed_to = p->to;
	q.descending = p->list.descending;
	q.sort = p->sort;
	q.refunds = p->refunds;
	return q;
}

/* Whether row r passes the status and day filter. */
static bool passes(const orders *p, const bo_order_row *r)
{
	return (p->status < 0 || (int)r->status == p->status) &&
	       (!p->from || r->placed_at >= p->from) &&
	       (!p->to || r->placed_at < p->to) &&
	       (!p->refunds ||
		(r->refunded > 0 && (p->refunds == BO_REFUNDS_SOME ||
				     (p->refunds == BO_REFUNDS_FULL) ==
					 (r->refunded >= r->paid))));
}

typedef struct found_ctx {
	orders *p;
	bo_list_rows *out;
	int64_t want, seen, last;
} found_ctx;

static int found_cb(void *ctx, const bo_order_row *r)
{
	found_ctx *f = ctx;

	f->seen++;
	f->last = r->id;
	if ((int64_t)f->out->n >= f->want || !passes(f->p, r))
		return 0;
	return bo_list_rows_add(f->out, r);
}

/* A page of the search's orders (index-backed by its keys) with the
 * status and day filter applied here, page after page, until limit rows
 * pass or the search has no more. */
static int fetch_found(orders *p, int64_t after, int descending, int64_t limit,
		       bo_list_rows *out, bo_err *err)
{
	found_ctx f = {p, out, limit, 0, after};
	int64_t page = limit < 200 ? 200 : limit;
	int rc;

	do {
		f.seen = 0;
		rc = bo_app_order_find(bo_tui_app(p->tui), p->search, f.last,
				       page, descending, found_cb, &f, err);
	} while (rc == 0 && out->rc == 0 && f.seen == page &&
		 (int64_t)out->n < limit);
	return rc;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	orders *p = ctx;
	bo_order_query q = list_query(p);
	char *key = NULL;
	int rc;

	if (backward)
		q.descending = !q.descending;
	q.after_id = anchor ? ((const bo_order_row *)anchor)->id : 0;
	if (anchor && q.sort != BO_ORDER_SORT_NUMBER) {
		const bo_order_row *a = anchor;

		/* a sorted list pages by (key, id): the anchor's key */
		q.after_value = q.sort == BO_ORDER_SORT_PLACED ? a->placed_at
				: q.sort == BO_ORDER_SORT_TOTAL
				    ? a->total
				    : (int64_t)a->status;
		if (q.sort == BO_ORDER_SORT_CUSTOMER &&
		    !(key = bo_order_customer_key(a)))
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		q.after_text = key;
	}
	q.limit = limit;
	if (p->search)
		rc = fetch_found(p, q.after_id, q.descending, limit, out, err);
	else
		rc =
		    bo_app_order_list(bo_tui_app(p->tui), &q, bo_order_cells_add, out, err);
	free(key);
	if (rc == BO_ENOMEM || out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing orders");
	return rc;
}

static const bo_order_row *current(orders *p)
{
	return bo_list_current(&p->list);
}

/* Loads around order id (0: from the first row). */
static int find_row(orders *p, bo_order_query *q, int64_t id, collect *c,
		    bo_err *err);

static int load_around(orders *p, int64_t id, bo_err *err)
{
	bo_order_row anchor = {.id = id};
	bo_order_query any = {.status = -1};
	collect c = {0};
	int rc;

	if (!id || p->sort == BO_ORDER_SORT_NUMBER)
		return bo_list_load(&p->list, id ? &anchor : NULL, err);
	/* a sorted list finds its place by the order's key: read the row */
	if ((rc = find_row(p, &any, id, &c, err)) < 0)
		return rc;
	rc = bo_list_load(&p->list, c.n ? &c.rows[0] : &anchor, err);
	free_rows(c.rows, c.n);
	return rc;
}

static void reload(orders *p)
{
	bo_list_reload(&p->list);
}

/* ---- search and filters ------------------------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* One row by key: order id as the list filtered with q would show it. */
static int find_row(orders *p, bo_order_query *q, int64_t id, collect *c,
		    bo_err *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	q->after_id = id - 1;
	q->limit = 1;
	rc = bo_app_order_list(bo_tui_app(p->tui), q, collect_cb, c, err);
	if (rc == BO_ENOMEM || c->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc == 0 && c->n && c->rows[0].id != id) {
		free_rows(c->rows, c->n);
		memset(c, 0, sizeof(*c));
	}
	return rc;
}

/* Puts the cursor on the order numbered digits when the list shows it, or
 * says why it does not (its status or day is filtered out). 0 when no
 * such order exists (nothing said). */
static int go_to_order(orders *p, const char *digits)
{
	bo_order_query q = {0};
	collect c = {0};
	bo_err err;
	int64_t id = 0;
	int rc;

	bo_err_clear(&err);
	for (const char *d = digits; *d; d++) {
		if (id > (INT64_MAX - 9) / 10) {
			id = 0;
			break;
		}
		id = id * 10 + (*d - '0');
	}
	q.status = p->status;
	q.placed_from = p->from;
	q.placed_to = p->to;
	if (id > 0 && (rc = find_row(p, &q, id, &c, &err)) < 0) {
		bo_tui_error(p->tui, &err);
		return 1;
	}
	if (c.n) {
		if (load_around(p, id, &err) < 0)
			bo_tui_error(p->tui, &err);
		free_rows(c.rows, c.n);
		return 1;
	}
	/* not in the list: say whether it exists at all */
	q = (bo_order_query){.status = -1};
	if (id > 0 && (rc = find_row(p, &q, id, &c, &err)) < 0) {
		bo_tui_error(p->tui, &err);
		return 1;
	}
	if (!c.n)
		return 0;
	bo_tui_message(p->tui, BO_STYLE_WARNING,
		       "order %lld is %s and not in this list: press f or / to "
		       "change the filter or search",
		       (long long)id, bo_order_status_name(c.rows[0].status));
	free_rows(c.rows, c.n);
	return 1;
}

/* The order number a search text names ("1042", "#1042"), or NULL when
 * it names a customer. */
static const char *order_number(const char *text)
{
	const char *t = text;

	while (t && *t == ' ')
		t++;
	if (t && *t == '#' && all_digits(t + 1))
		t++;
	return t && all_digits(t) ? t : NULL;
}

/* Narrows the list to the orders of customers matching text (NULL or
 * "": every order), around order anchor (0: from the first row). */
static void narrow(orders *p, const char *text, int64_t anchor)
{
	char *copy = NULL;
	bo_err err;

	while (text && *text == ' ')
		text++;
	if (text && *text && !(copy = strdup(text))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	free(p->search);
	p->search = copy;
	p->list.highlight = p->search;
	bo_err_clear(&err);
	if (!anchor)
		p->list.cursor = p->list.scroll = 0;
	if (load_around(p, anchor, &err) < 0)
		bo_tui_error(p->tui, &err);
}

/* As the search is typed the list narrows at once to the orders whose
 * keys start with it (search_keys.h); a number waits for Enter (it jumps
 * to that order, it does not narrow). */
static int search_edit(bo_screen *s, int yes, const char *text)
{
	orders *p = s->state;

	(void)yes;
	if (order_number(text))
		narrow(p, p->search_before, p->anchor_before);
	else
		narrow(p, text, 0);
	return BO_HANDLED;
}

static int search_answer(bo_screen *s, int yes, const char *text)
{
	orders *p = s->state;
	const char *number = yes ? order_number(text) : NULL;

	/* Esc, or a number to jump to, puts back the search there was */
	if (yes && !number)
		narrow(p, text, 0);
	else
		narrow(p, number ? NULL : p->search_before,
		       number ? 0 : p->anchor_before);
	free(p->search_before);
	p->search_before = NULL;
	if (number && !go_to_order(p, number)) {
		/* no order has that number: it may start a tracking number */
		narrow(p, text, 0);
		if (!p->list.n) {
			narrow(p, NULL, p->anchor_before);
			bo_tui_message(p->tui, BO_STYLE_ERROR,
				       "order %s does not exist, and no order "
				       "has a key starting with it",
				       number);
		}
	} else if (yes && !number && p->search && !p->list.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no order matches \"%s\" (an order number, "
			       "an e-mail, a name, a SKU or a tracking number)",
			       p->search);
	return BO_HANDLED;
}

static void start_search(bo_screen *s)
{
	orders *p = s->state;

	free(p->search_before);
	p->search_before = p->search ? strdup(p->search) : NULL;
	p->anchor_before = current(p) ? current(p)->id : 0;
	if (p->search && !p->search_before) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_prompt_live(p->tui, s, "/", p->search, search_edit,
			   search_answer);
}

/* A filter word that is a day or a FROM..TO range of days (either side may
 * be left out). 1 when it is one, with *from and *to set (0: open). */
static int parse_days(const char *w, const bo_zone *zone, int64_t *from,
		      int64_t *to)
{
	const char *dots = strstr(w, "..");
	char left[16] = "", right[16] = "";
	int64_t day;

	if (!dots) {
		if (bo_day_parse(&day, w, "date", NULL) < 0)
			return 0;
		*from = bo_local_day_start_ms(zone, day);
		*to = bo_local_day_start_ms(zone, day + 1);
		return 1;
	}
	if ((size_t)(dots - w) >= sizeof(left) ||
	    strlen(dots + 2) >= sizeof(right) || (dots == w && !dots[2]))
		return 0;
	memcpy(left, w, (size_t)(dots - w));
	memcpy(right, dots + 2, strlen(dots + 2));
	*from = *to = 0;
	if (*left) {
		if (bo_day_parse(&day, left, "date", NULL) < 0)
			return 0;
		*from = bo_local_day_start_ms(zone, day);
	}
	if (*right) {
		if (bo_day_parse(&day, right, "date", NULL) < 0)
			return 0;
		*to = bo_local_day_start_ms(zone, day + 1);
	}
	return !(*from && *to && *to <= *from);
}

/* A status name or an unambiguous start of one; -1 otherwise. */
static int parse_status(const char *w)
{
	int found = -1;
	size_t n = strlen(w);

	for (int s = BO_ORDER_PLACED; s <= BO_ORDER_CANCELLED; s++) {
		const char *name = bo_order_status_name((bo_order_status)s);

		if (strcmp(name, w) == 0)
			return s;
		if (n && strncmp(name, w, n) == 0)
			found = found == -1 ? s : -2;
	}
	return found >= 0 ? found : -1;
}

static int filter_answer(bo_screen *s, int yes, const char *text)
{
	static const char *const refund_words[] = {
	    NULL, "refunded", "fully-refunded", "partly-refunded"};
	orders *p = s->state;
	int status = -1, refunds = 0;
	int64_t from = 0, to = 0;
	char *copy, *word, *save = NULL, norm[200] = "";
	const char *bad = NULL;
	bo_err err;

	if (!yes)
		return BO_HANDLED;
	if (!(copy = strdup(text ? text : ""))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	for (word = strtok_r(copy, " ,", &save); word && !bad;
	     word = strtok_r(NULL, " ,", &save)) {
		int st;

		int rw = 0;

		if (!strcmp(word, "all") || !strcmp(word, "any"))
			continue;
		for (int k = 1; k < 4; k++)
			if (!strcmp(word, refund_words[k]))
				rw = k;
		if (rw && !refunds) {
			refunds = rw;
			snprintf(norm + strlen(norm),
				 sizeof(norm) - strlen(norm), "%s%s",
				 *norm ? " " : "", word);
			continue;
		}
		if ((st = parse_status(word)) >= 0 && status < 0)
			status = st;
		else if (st < 0 && !from && !to &&
			 parse_days(word, bo_tui_app(p->tui)->ports->zone,
				    &from, &to))
			;
		else
			bad = word;
		if (!bad)
			snprintf(
			    norm + strlen(norm), sizeof(norm) - strlen(norm),
			    "%s%s", *norm ? " " : "",
			    st >= 0 ? bo_order_status_name((bo_order_status)st)
				    : word);
	}
	if (bad) {
		/* what was typed stays, to be mended */
		bo_tui_prompt_again(
		    p->tui, s, text,
		    "filter: \"%s\" is not a status, a refund or "
		    "a day: try paid, cancelled, refunded, "
		    "partly-refunded, 2026-01-05 or "
		    "2026-01-01..2026-01-31",
		    bad);
		free(copy);
		return BO_HANDLED;
	}
	free(copy);
	free(p->filter_text);
	p->filter_text = *norm ? strdup(norm) : NULL;
	p->status = status;
	p->refunds = refunds;
	p->from = from;
	p->to = to;
	p->list.cursor = p->list.scroll = 0;
	bo_err_clear(&err);
	if (load_around(p, 0, &err) < 0)
		bo_tui_error(p->tui, &err);
	else if (!p->list.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no order matches the filter");
	return BO_HANDLED;
}

/* ---- keys ------------------------------------------------------------------- */

static void open_timeline(orders *p)
{
	bo_err err;

	bo_err_clear(&err);
	if (current(p) && bo_timeline_open(p->tui, current(p)->id, &err) < 0) {
		bo_tui_error(p->tui, &err);
		reload(p);
	}
}

static int handle(bo_screen *s, bo_request req, int key)
{
	orders *p = s->state;
	int64_t keep = current(p) ? current(p)->id : 0;
	bo_err err;

	bo_err_clear(&err);
	if (bo_list_handle(&p->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_SEARCH:
		start_search(s);
		break;
	case BO_REQ_SEARCH_NEXT:
	case BO_REQ_SEARCH_PREV:
		/* a customer search narrows the list: every row matches */
		if (!p->search)
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no search yet: press / and type an "
				       "order number or a customer");
		else
			bo_list_move(&p->list,
				     req == BO_REQ_SEARCH_NEXT ? 1 : -1);
		break;
	case BO_REQ_FILTER:
		bo_tui_prompt(p->tui, s,
			      "filter (status, refunded, day, FROM..TO):",
			      p->filter_text, filter_answer);
		break;
	case BO_REQ_SORT_LEFT:
	case BO_REQ_SORT_RIGHT:
		if (p->search) {
			/* the search's index gives orders by number */
			bo_tui_message(
			    p->tui, BO_STYLE_WARNING,
			    "a search lists orders by number: clear "
			    "it (/ then Enter on nothing) to sort by "
			    "another column");
			break;
		}
		p->sort = (p->sort + (req == BO_REQ_SORT_RIGHT ? 1 : -1) +
			   BO_ORDER_SORT__COUNT) %
			  BO_ORDER_SORT__COUNT;
		p->list.sort_col = sort_column[p->sort];
		if (load_around(p, keep, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_SORT_REVERSE:
		p->list.descending = !p->list.descending;
		if (load_around(p, keep, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_ENTER:
		open_timeline(p);
		break;
	case BO_REQ_CUSTOMER:
		if (!current(p))
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no order selected");
		else if (bo_customer_open(p->tui, current(p)->customer_email,
					  &err) < 0)
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

/* every shared order column, in its order */
enum {
	C_NUMBER = BO_OCOL_NUMBER,
	C_PLACED = BO_OCOL_PLACED,
	C_CUSTOMER = BO_OCOL_CUSTOMER,
	C_ITEMS = BO_OCOL_ITEMS,
	C_TOTAL = BO_OCOL_TOTAL,
	C_PAID = BO_OCOL_PAID,
	C_REFUNDED = BO_OCOL_REFUNDED,
	C_STATUS = BO_OCOL_STATUS,
	C__N
};

static const bo_list_column columns[C__N] = {
    [C_NUMBER] = {"NUMBER", 7, 12, true, false, 0},
    [C_PLACED] = {"PLACED AT", 16, 16, false, false, 4},
    [C_CUSTOMER] = {"CUSTOMER", 12, 0, false, true, 0},
    [C_ITEMS] = {"ITEMS", 5, 7, true, false, 1},
    [C_TOTAL] = {"TOTAL", 8, 16, true, false, 0},
    [C_PAID] = {"PAID", 8, 16, true, false, 3},
    [C_REFUNDED] = {"REFUNDED", 8, 16, true, false, 2},
    [C_STATUS] = {"STATUS", 9, 9, false, false, 0},
};

/* The columns are the shared order columns, in their order. */
static const char *cell(void *ctx, const void *row, int col, char *buf,
			size_t size, bo_style *style)
{
	orders *p = ctx;

	return bo_order_cells_text(p->tui, row, (bo_order_col)col, buf, size,
				   style);
}

/* The size of the list as filtered; a search's is not counted. */
static int count(void *ctx, int64_t *out)
{
	orders *p = ctx;
	bo_order_query q = list_query(p);
	bo_err err;

	if (p->search)
		return -1;
	bo_err_clear(&err);
	return bo_app_order_count(bo_tui_app(p->tui), &q, out, &err);
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
    .count = count,
};

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	orders *p = s->state;

	bo_list_draw(&p->list, c, top, height,
		     p->status >= 0 || p->from || p->to || p->search ||
			     p->refunds
			 ? "no order matches: press f or / to change the "
			   "filter or search"
			 : "no orders yet");
}

static const char *status(bo_screen *s)
{
	orders *p = s->state;
	char where[64];
	size_t n;

	bo_list_position(&p->list, where, sizeof(where));
	snprintf(p->status_line, sizeof(p->status_line),
		 "filter: %s, sort: %s%s",
		 p->filter_text ? p->filter_text : "all", sort_names[p->sort],
		 p->list.descending ? " desc" : "");
	n = strlen(p->status_line);
	if (p->search)
		snprintf(p->status_line + n, sizeof(p->status_line) - n,
			 ", search: %s", p->search);
	n = strlen(p->status_line);
	if (*where)
		snprintf(p->status_line + n, sizeof(p->status_line) - n, ", %s",
			 where);
	return p->status_line;
}

static void refresh(bo_screen *s)
{
	reload(s->state);
}

static int open_list(bo_screen *s, bo_err *err)
{
	orders *p = s->state;

	p->tui = s->tui;
	bo_list_init(&p->list, &list_ops, p, s->tui);
	p->list.sort_col = C_NUMBER;
	p->list.descending = true; /* the newest orders are what support
				      looks for */
	return load_around(p, 0, err);
}

static void close_list(bo_screen *s)
{
	orders *p = s->state;

	if (!p)
		return;
	bo_list_free(&p->list);
	free(p->filter_text);
	free(p->search);
	free(p->search_before);
	free(p);
}

typedef struct export_ctx {
	FILE *f;
	const bo_currency *cur;
	bo_err *err;
	int rows;
	const orders *p; /* set: rows the filter leaves out are skipped */
} export_ctx;

static int export_row(void *ctx, const bo_order_row *r)
{
	export_ctx *x = ctx;
	bo_currency cur;
	char id[24], placed[40], items[24], total[BO_MONEY_BUFSZ],
	    tax[BO_MONEY_BUFSZ], paid[BO_MONEY_BUFSZ], refunded[BO_MONEY_BUFSZ];
	const char *fields[11] = {id,
				  bo_order_status_name(r->status),
				  placed,
				  r->customer_email,
				  r->customer_name,
				  items,
				  total,
				  tax,
				  paid,
				  refunded,
				  r->currency};
	int rc;

	if (x->p && !passes(x->p, r))
		return 0;
	if (bo_currency_lookup(&cur, r->currency, NULL) < 0)
		cur = *x->cur; /* as the CLI: the tenant's */
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	bo_time_format_iso(placed, sizeof(placed), r->placed_at);
	snprintf(items, sizeof(items), "%lld", (long long)r->items);
	bo_money_format(total, r->total, &cur);
	bo_money_format(tax, r->tax, &cur);
	bo_money_format(paid, r->paid, &cur);
	bo_money_format(refunded, r->refunded, &cur);
	if ((rc = bo_tui_csv_row(x->f, fields, 11, x->err)) < 0)
		return rc;
	x->rows++;
	return 0;
}

/* Every order under the filter and search, in the screen's order,
 * streamed from the service (the columns of `order list --format csv`). */
static int export_csv(bo_screen *s, FILE *f, bo_err *err)
{
	static const char *const header[11] = {
	    "id",      "status", "placed_at", "customer_email", "customer_name",
	    "items",   "total",  "tax",       "paid",           "refunded",
	    "currency"};
	orders *p = s->state;
	export_ctx x = {f, &bo_tui_app(p->tui)->currency, err, 0, NULL};
	bo_order_query q = list_query(p);
	int rc;

	if ((rc = bo_tui_csv_row(f, header, 11, err)) < 0)
		return rc;
	if (p->search) {
		/* the search's orders, the status and day filter applied */
		x.p = p;
		rc = bo_app_order_find(bo_tui_app(p->tui), p->search, 0, 0,
				       q.descending, export_row, &x, err);
	} else
		rc = bo_app_order_list(bo_tui_app(p->tui), &q, export_row, &x,
				       err);
	return rc < 0 ? rc : x.rows;
}

/* A click selects a row; a click on the selected row opens it. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((orders *)s->state)->list, y);
}

/* The list's size, counted once the frame that shows it is up. */
static bool idle(bo_screen *s)
{
	return bo_list_idle(&((orders *)s->state)->list);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "timeline"},
    {BO_REQ_CUSTOMER, "customer"},
    {BO_REQ_SEARCH, "find"},
    {BO_REQ_FILTER, "filter"},
    {BO_REQ_SORT_REVERSE, "reverse"},
    {BO_REQ_SAVE, "export"},
    {BO_REQ_PROMPT, "command"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_orders_screen_ops = {
    .name = "orders",
    .title = "Orders",
    .open = open_list,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_list,
    .export_csv = export_csv,
    .hints = hints,
    .click = click,
    .idle = idle,
};

void bo_orders_search(bo_screen *s, const char *text)
{
	orders *p = s->state;

	narrow(p, text, 0);
	if (p->search && !p->list.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no order matches \"%s\" (an order number, an "
			       "e-mail, a name, a SKU or a tracking number)",
			       p->search);
}

int bo_orders_open(bo_tui *t, bo_err *err)
{
	orders *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	p->status = -1;
	return bo_tui_push(t, &bo_orders_screen_ops, p, err);
}
