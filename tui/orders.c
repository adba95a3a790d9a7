/* The order list: a window of rows fetched by order number, search, status and date filters, sort. */
#include "tui/orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/calendar.h"
#include "tui/timeline.h"
#include "tui/tui.h"

/* Rows kept around the cursor; a page is fetched when the cursor passes an
 * edge of the window, and rows far from the cursor are dropped again, so a
 * million orders cost no more than a hundred. */
#define WINDOW_MAX 300
#define FETCH 50

typedef struct orders {
	bo_tui *tui;
	bo_order_row *rows; /* the window: a run of consecutive result rows */
	size_t n;
	size_t cursor; /* index in rows */
	size_t scroll; /* first row shown */
	bool at_start; /* rows[0] is the first row of the result */
	bool at_end;   /* rows[n - 1] is the last */
	int visible;   /* rows shown at the last draw */
	int descending;
	int status;        /* -1: any, else a bo_order_status */
	int64_t from, to;  /* placed_at range, 0: open (see bo_order_query) */
	char *filter_text; /* the filter as typed, normalised; NULL: none */
	char *customer;    /* the customer search narrowing the list, or NULL */
	char status_line[400];
} orders;

/* ---- loading ---------------------------------------------------------------- */

typedef struct collect {
	bo_order_row *rows;
	size_t n;
	int rc;
} collect;

static int row_copy(bo_order_row *dst, const bo_order_row *src)
{
	*dst = *src;
	dst->customer_email = NULL;
	dst->customer_name = NULL;
	if ((src->customer_email &&
	     !(dst->customer_email = strdup(src->customer_email))) ||
	    (src->customer_name &&
	     !(dst->customer_name = strdup(src->customer_name)))) {
		bo_order_row_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

static int collect_cb(void *ctx, const bo_order_row *r)
{
	collect *c = ctx;
	bo_order_row *grown = realloc(c->rows, (c->n + 1) * sizeof(*grown));

	if (!grown) {
		c->rc = BO_ENOMEM;
		return BO_ENOMEM;
	}
	c->rows = grown;
	if (row_copy(&grown[c->n], r) < 0) {
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

/*
 * Up to limit rows strictly after the order anchor (0: from the first)
 * going forward in the screen's order, or backward when backward is true
 * (then nearest first). *out is the caller's.
 */
static int fetch(orders *p, int64_t anchor, bool backward, int64_t limit,
		 collect *out, bo_err *err)
{
	bo_order_query q = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	q.status = p->status;
	q.customer = p->customer;
	q.placed_from = p->from;
	q.placed_to = p->to;
	q.descending = backward ? !p->descending : p->descending;
	q.after_id = anchor;
	q.limit = limit;
	rc = bo_app_order_list(bo_tui_app(p->tui), &q, collect_cb, out, err);
	if (rc == BO_ENOMEM || out->rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing orders");
	if (rc < 0) {
		free_rows(out->rows, out->n);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

static void reverse(bo_order_row *rows, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		bo_order_row tmp = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = tmp;
	}
}

/* Takes the rows of c as the window. */
static void replace_window(orders *p, collect *c)
{
	free_rows(p->rows, p->n);
	p->rows = c->rows;
	p->n = c->n;
	c->rows = NULL;
	c->n = 0;
}

/*
 * Loads a window with the order anchor (or what now sorts in its place)
 * under the cursor: up to a page before it, then the rest of a window from
 * there. anchor 0 loads from the first row.
 */
static int load_around(orders *p, int64_t anchor, bo_err *err)
{
	collect before = {0}, after = {0};
	/* the cursor keeps its place on the screen */
	size_t offset = p->cursor >= p->scroll ? p->cursor - p->scroll : 0;
	bo_order_row *all;
	int rc;

	if (anchor && (rc = fetch(p, anchor, true, FETCH, &before, err)) < 0)
		return rc;
	reverse(before.rows, before.n);
	/* the forward page starts after the last row before the anchor, so it
	 * holds the anchor itself when the anchor still matches */
	rc = fetch(p, before.n ? before.rows[before.n - 1].id : 0, false,
		   WINDOW_MAX - (int64_t)before.n, &after, err);
	if (rc < 0)
		goto done;
	p->at_start = before.n < FETCH;
	p->at_end = after.n < WINDOW_MAX - before.n;
	all = realloc(before.rows, (before.n + after.n) * sizeof(*all) + 1);
	if (!all) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing orders");
		goto done;
	}
	if (after.n)
		memcpy(all + before.n, after.rows, after.n * sizeof(*all));
	free(after.rows);
	after.rows = NULL;
	p->cursor = before.n < before.n + after.n
			? before.n
			: (before.n ? before.n - 1 : 0);
	before.rows = all;
	before.n += after.n;
	after.n = 0;
	replace_window(p, &before);
	for (size_t i = 0; anchor && i < p->n; i++)
		if (p->rows[i].id == anchor)
			p->cursor = i;
	p->scroll = p->cursor > offset ? p->cursor - offset : 0;
done:
	free_rows(before.rows, before.n);
	free_rows(after.rows, after.n);
	return rc;
}

/* The last page, found from the far end by key: no scan of what is above. */
static int load_end(orders *p, bo_err *err)
{
	collect c;
	int rc = fetch(p, 0, true, FETCH, &c, err);

	if (rc < 0)
		return rc;
	reverse(c.rows, c.n);
	p->at_end = true;
	p->at_start = c.n < FETCH;
	replace_window(p, &c);
	p->cursor = p->n ? p->n - 1 : 0;
	p->scroll = p->cursor;
	return BO_OK;
}

/* Fetches the page below the window; drops rows from the top. */
static int extend_down(orders *p, bo_err *err)
{
	collect c;
	bo_order_row *grown;
	int rc;

	if (p->at_end || !p->n)
		return BO_OK;
	if ((rc = fetch(p, p->rows[p->n - 1].id, false, FETCH, &c, err)) < 0)
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
	if (p->n > WINDOW_MAX) {
		size_t drop = p->n - WINDOW_MAX;

		drop = drop > p->scroll ? p->scroll : drop;
		for (size_t i = 0; i < drop; i++)
			bo_order_row_clear(&p->rows[i]);
		memmove(p->rows, p->rows + drop,
			(p->n - drop) * sizeof(*p->rows));
		p->n -= drop;
		p->cursor -= drop;
		p->scroll -= drop;
		if (drop)
			p->at_start = false;
	}
	return BO_OK;
}

/* Fetches the page above the window; drops rows from the bottom. */
static int extend_up(orders *p, bo_err *err)
{
	collect c;
	bo_order_row *grown;
	int rc;

	if (p->at_start || !p->n)
		return BO_OK;
	if ((rc = fetch(p, p->rows[0].id, true, FETCH, &c, err)) < 0)
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
		bo_order_row_clear(&p->rows[--p->n]);
		p->at_end = false;
	}
	return BO_OK;
}

static const bo_order_row *current(orders *p)
{
	return p->n ? &p->rows[p->cursor] : NULL;
}

/* Reloads around the row under the cursor (or from the start). */
static void reload(orders *p)
{
	bo_err err;

	bo_err_clear(&err);
	if (load_around(p, p->n ? p->rows[p->cursor].id : 0, &err) < 0)
		bo_tui_error(p->tui, &err);
}

/* ---- moving ----------------------------------------------------------------- */

static void move_down(orders *p, size_t by)
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

static void move_up(orders *p, size_t by)
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

/* Puts the cursor on the order numbered digits when the list shows it. */
static void go_to_order(orders *p, const char *digits)
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
	q.customer = p->customer;
	q.placed_from = p->from;
	q.placed_to = p->to;
	if (id > 0 && (rc = find_row(p, &q, id, &c, &err)) < 0) {
		bo_tui_error(p->tui, &err);
		return;
	}
	if (c.n) {
		if (load_around(p, id, &err) < 0)
			bo_tui_error(p->tui, &err);
		free_rows(c.rows, c.n);
		return;
	}
	/* not in the list: say whether it exists at all */
	q = (bo_order_query){.status = -1};
	if (id > 0 && (rc = find_row(p, &q, id, &c, &err)) < 0)
		bo_tui_error(p->tui, &err);
	else if (c.n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "order %lld is %s and not in this list: press "
			       "f or / to change the filter or search",
			       (long long)id,
			       bo_order_status_name(c.rows[0].status));
	else
		bo_tui_message(p->tui, BO_STYLE_ERROR,
			       "order %s does not exist", digits);
	free_rows(c.rows, c.n);
}

static int search_answer(bo_screen *s, int yes, const char *text)
{
	orders *p = s->state;
	const char *t = text;
	char *copy = NULL;
	bo_err err;

	if (!yes)
		return BO_HANDLED;
	while (t && *t == ' ')
		t++;
	if (t && *t == '#' && all_digits(t + 1))
		t++;
	if (t && all_digits(t)) {
		go_to_order(p, t);
		return BO_HANDLED;
	}
	/* anything else is a customer: the list narrows to their orders */
	if (t && *t && !(copy = strdup(t))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	free(p->customer);
	p->customer = copy;
	bo_err_clear(&err);
	p->cursor = p->scroll = 0;
	if (load_around(p, 0, &err) < 0)
		bo_tui_error(p->tui, &err);
	else if (copy && !p->n)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "no order of a customer matching \"%s\"", copy);
	return BO_HANDLED;
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
	orders *p = s->state;
	int status = -1;
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

		if (!strcmp(word, "all") || !strcmp(word, "any"))
			continue;
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
		bo_tui_message(p->tui, BO_STYLE_ERROR,
			       "filter: \"%s\" is not a status or a day: try "
			       "paid, cancelled, 2026-01-05 or "
			       "2026-01-01..2026-01-31",
			       bad);
		free(copy);
		return BO_HANDLED;
	}
	free(copy);
	free(p->filter_text);
	p->filter_text = *norm ? strdup(norm) : NULL;
	p->status = status;
	p->from = from;
	p->to = to;
	p->cursor = p->scroll = 0;
	bo_err_clear(&err);
	if (load_around(p, 0, &err) < 0)
		bo_tui_error(p->tui, &err);
	else if (!p->n)
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
	size_t page = p->visible > 1 ? (size_t)p->visible - 1 : 1;
	int64_t keep = current(p) ? current(p)->id : 0;
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
		p->cursor = p->scroll = 0;
		if (load_around(p, 0, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_LAST:
		if (load_end(p, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_SEARCH:
		bo_tui_prompt(p->tui, s, "/", p->customer, search_answer);
		break;
	case BO_REQ_SEARCH_NEXT:
	case BO_REQ_SEARCH_PREV:
		/* a customer search narrows the list: every row matches */
		if (!p->customer)
			bo_tui_message(p->tui, BO_STYLE_WARNING,
				       "no search yet: press / and type an "
				       "order number or a customer");
		else if (req == BO_REQ_SEARCH_NEXT)
			move_down(p, 1);
		else
			move_up(p, 1);
		break;
	case BO_REQ_FILTER:
		bo_tui_prompt(p->tui, s,
			      "filter (status, day or FROM..TO; empty: all):",
			      p->filter_text, filter_answer);
		break;
	case BO_REQ_SORT_LEFT:
	case BO_REQ_SORT_RIGHT:
		bo_tui_message(p->tui, BO_STYLE_DIM,
			       "orders sort by number (the order they were "
			       "placed in); I reverses");
		break;
	case BO_REQ_SORT_REVERSE:
		p->descending = !p->descending;
		if (load_around(p, keep, &err) < 0)
			bo_tui_error(p->tui, &err);
		break;
	case BO_REQ_ENTER:
		open_timeline(p);
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

enum {
	C_NUMBER,
	C_PLACED,
	C_CUSTOMER,
	C_ITEMS,
	C_TOTAL,
	C_PAID,
	C_STATUS,
	C__N
};

typedef struct column {
	const char *title;
	int width; /* 0: takes what is left */
	bool right;
} column;

static const column columns[C__N] = {
    {"NUMBER", 7, true},  {"PLACED AT", 16, false}, {"CUSTOMER", 0, false},
    {"ITEMS", 5, true},   {"TOTAL", 10, true},      {"PAID", 10, true},
    {"STATUS", 9, false},
};

static bo_style status_style(bo_order_status s)
{
	switch (s) {
	case BO_ORDER_PLACED:
		return BO_STYLE_WARNING;
	case BO_ORDER_PAID:
		return BO_STYLE_OK;
	case BO_ORDER_SHIPPED:
	case BO_ORDER_DELIVERED:
		return BO_STYLE_EV_SHIPPING;
	default:
		return BO_STYLE_DIM;
	}
}

/* The customer as shown: "Name <email>", or the email alone. */
static void customer_text(char *buf, size_t size, const bo_order_row *r)
{
	const char *email = r->customer_email ? r->customer_email : "";

	if (r->customer_name && *r->customer_name)
		snprintf(buf, size, "%s <%s>", r->customer_name, email);
	else
		snprintf(buf, size, "%s", email);
}

static void draw_row(orders *p, bo_canvas *c, int y, const int *widths,
		     const bo_order_row *row)
{
	bo_app *app = bo_tui_app(p->tui);
	bool cancelled = row->status == BO_ORDER_CANCELLED;
	bo_style base = cancelled ? BO_STYLE_DIM : BO_STYLE_NORMAL;
	bo_style money = cancelled ? BO_STYLE_DIM : BO_STYLE_MONEY;
	char text[64], *who = NULL;
	size_t who_size;
	int x = 1;

	for (int i = 0; i < C__N; i++) {
		const char *cell = text;
		bo_style role = base;

		if (!widths[i])
			continue;
		switch (i) {
		case C_NUMBER:
			snprintf(text, sizeof(text), "%lld",
				 (long long)row->id);
			break;
		case C_PLACED:
			bo_time_format_local(text, sizeof(text),
					     app->ports->zone, row->placed_at,
					     false, false);
			/* narrow: the day alone, not a cut time */
			if (widths[i] < 16)
				text[10] = '\0';
			break;
		case C_CUSTOMER:
			/* data can be long: no fixed buffer cuts it before
			 * the canvas does, by display width */
			who_size =
			    (row->customer_name ? strlen(row->customer_name)
						: 0) +
			    (row->customer_email ? strlen(row->customer_email)
						 : 0) +
			    4;
			if (!(who = malloc(who_size)))
				break;
			customer_text(who, who_size, row);
			cell = who;
			break;
		case C_ITEMS:
			snprintf(text, sizeof(text), "%lld",
				 (long long)row->items);
			break;
		case C_TOTAL:
			bo_money_format(text, row->total, &app->currency);
			role = money;
			break;
		case C_PAID:
			bo_money_format(text, row->paid, &app->currency);
			role = money;
			break;
		default:
			snprintf(text, sizeof(text), "%s",
				 bo_order_status_name(row->status));
			role = status_style(row->status);
			break;
		}
		if (i == C_CUSTOMER && !who)
			cell = "";
		if (columns[i].right)
			bo_canvas_text_right(c, y, x, widths[i], role, cell);
		else
			bo_canvas_text(c, y, x, role, cell, widths[i]);
		x += widths[i] + 1;
	}
	free(who);
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	orders *p = s->state;
	int widths[C__N], fixed = 0, x, rows;

	for (int i = 0; i < C__N; i++) {
		widths[i] = columns[i].width;
		fixed += columns[i].width + 1;
	}
	widths[C_CUSTOMER] = c->cols - 2 - fixed;
	/* narrow terminal: the customer keeps room as other columns give
	 * way, the least needed first (a width of 0 hides a column) */
	for (int step = 0; widths[C_CUSTOMER] < 12 && step < 4; step++) {
		static const int gives[4] = {C_ITEMS, C_PAID, C_PLACED,
					     C_PLACED};
		int col = gives[step];
		int was = widths[col] ? widths[col] + 1 : 0;

		widths[col] = col == C_PLACED && step == 2 ? 10 : 0;
		widths[C_CUSTOMER] += was - (widths[col] ? widths[col] + 1 : 0);
	}
	if (widths[C_CUSTOMER] < 6)
		widths[C_CUSTOMER] = 6;
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	for (int i = 0; i < C__N; i++) {
		char title[32];

		if (!widths[i])
			continue;
		snprintf(title, sizeof(title), "%s%s", columns[i].title,
			 i == C_NUMBER
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
			       p->status >= 0 || p->from || p->to || p->customer
				   ? "no order matches: press f or / to "
				     "change the filter or search"
				   : "no orders yet",
			       c->cols - 4);
		return;
	}
	if (p->cursor < p->scroll)
		p->scroll = p->cursor;
	if (p->cursor >= p->scroll + (size_t)rows)
		p->scroll = p->cursor - (size_t)rows + 1;
	/* no blank rows at the bottom while rows above are hidden */
	if (p->at_end && p->scroll > 0 && p->n - p->scroll < (size_t)rows)
		p->scroll = p->n > (size_t)rows ? p->n - (size_t)rows : 0;
	if (p->scroll > p->cursor)
		p->scroll = p->cursor;
	for (int r = 0; r < rows && p->scroll + (size_t)r < p->n; r++) {
		size_t i = p->scroll + (size_t)r;

		draw_row(p, c, top + 1 + r, widths, &p->rows[i]);
		if (i == p->cursor)
			bo_canvas_paint(c, top + 1 + r, 0, c->cols,
					BO_STYLE_SELECTED);
	}
	if (p->scroll > 0 || !p->at_start)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (p->scroll + (size_t)rows < p->n || !p->at_end)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static const char *status(bo_screen *s)
{
	orders *p = s->state;
	size_t n;

	snprintf(p->status_line, sizeof(p->status_line),
		 "filter: %s, sort: number%s",
		 p->filter_text ? p->filter_text : "all",
		 p->descending ? " desc" : "");
	n = strlen(p->status_line);
	if (p->customer)
		snprintf(p->status_line + n, sizeof(p->status_line) - n,
			 ", customer: %s", p->customer);
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
	return load_around(p, 0, err);
}

static void close_list(bo_screen *s)
{
	orders *p = s->state;

	if (!p)
		return;
	free_rows(p->rows, p->n);
	free(p->filter_text);
	free(p->customer);
	free(p);
}

const bo_screen_ops bo_orders_screen_ops = {
    .name = "orders",
    .title = "Orders",
    .open = open_list,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_list,
};

int bo_orders_open(bo_tui *t, bo_err *err)
{
	orders *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	p->status = -1;
	p->descending = 1; /* the newest orders are what support looks for */
	return bo_tui_push(t, &bo_orders_screen_ops, p, err);
}
