/* Commands of orders: place, the state changes, list, show and timeline. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"

/* The currency an order was placed in; the tenant's when it is unknown. */
static bo_currency order_currency(const bo_cli_ctx *c, const char *code)
{
	bo_currency cur;

	if (bo_currency_lookup(&cur, code, NULL) < 0)
		cur = c->app->currency;
	return cur;
}

static int order_id(int64_t *out, const bo_cli_ctx *c, bo_err *err)
{
	return bo_cli_parse_count(out, c->args->pos[0], "order id", err);
}

int bo_cli_order_place(bo_cli_ctx *c, bo_err *err)
{
	const bo_cli_args *a = c->args;
	bo_line_request *lines = NULL;
	size_t n = 0;
	int64_t id = 0;
	int rc = 0;

	lines = calloc(a->nopts ? a->nopts : 1, sizeof(*lines));
	if (!lines)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->nopts; i++) {
		char *sku;

		if (strcmp(a->opts[i].name, "--line"))
			continue;
		rc = bo_cli_parse_line(&sku, &lines[n].quantity,
				       a->opts[i].value, n + 1, err);
		if (rc < 0)
			goto done;
		lines[n++].sku = sku;
	}
	rc = bo_app_order_place(c->app, bo_cli_option(a, "--customer"),
				bo_cli_option(a, "--customer-name"), lines, n,
				&id, err);
	if (rc == 0)
		fprintf(c->out, "%" PRId64 "\n", id);
done:
	for (size_t i = 0; i < n; i++)
		free((char *)lines[i].sku);
	free(lines);
	return rc;
}

/* order cancel [--refund]: what was refunded on stdout; without --refund,
 * money that stays paid is a warning on stderr saying how to refund it. */
static int order_cancel(bo_cli_ctx *c, int64_t id, bo_err *err)
{
	const bo_cli_args *a = c->args;
	bool refund = bo_cli_option(a, "--refund") != NULL;
	bo_cancel_outcome out = {0};
	char m[BO_MONEY_BUFSZ];
	int rc;

	rc = bo_app_order_cancel_refund(
	    c->app, id, bo_cli_option(a, "--reason"), refund, &out, err);
	if (rc < 0)
		return rc;
	if (out.refunded > 0)
		fprintf(c->out, "refunded %s %s\n",
			bo_money_format(m, out.refunded, &c->app->currency),
			c->app->currency.code);
	if (out.left > 0)
		fprintf(stderr,
			"warning: order %" PRId64 " is cancelled with %s %s "
			"still paid; refund it with: order refund %" PRId64
			" --amount %s --reason TEXT\n",
			id, bo_money_format(m, out.left, &c->app->currency),
			c->app->currency.code, id, m);
	return BO_OK;
}

/* Every state change takes the order id and hands the command's options to
 * its service; the command table sends them all here. */
int bo_cli_order_change(bo_cli_ctx *c, bo_err *err)
{
	const bo_cli_args *a = c->args;
	const char *cmd = a->cmd->name;
	int64_t id;
	int rc = order_id(&id, c, err);

	if (rc < 0)
		return rc;
	if (strcmp(cmd, "pay") == 0)
		return bo_app_order_pay(c->app, id,
					bo_cli_option(a, "--amount"), err);
	if (strcmp(cmd, "fail-payment") == 0)
		return bo_app_order_fail_payment(
		    c->app, id, bo_cli_option(a, "--reason"), err);
	if (strcmp(cmd, "ship") == 0)
		return bo_app_order_ship(c->app, id,
					 bo_cli_option(a, "--carrier"),
					 bo_cli_option(a, "--tracking"), err);
	if (strcmp(cmd, "deliver") == 0)
		return bo_app_order_deliver(c->app, id, err);
	if (strcmp(cmd, "cancel") == 0)
		return order_cancel(c, id, err);
	if (strcmp(cmd, "refund") == 0)
		return bo_app_order_refund(c->app, id,
					   bo_cli_option(a, "--amount"),
					   bo_cli_option(a, "--reason"), err);
	if (strcmp(cmd, "note") == 0)
		return bo_app_order_note(c->app, id, bo_cli_option(a, "--text"),
					 err);
	return bo_err_set(err, BO_EUSAGE, "order %s is not a state change",
			  cmd);
}

/* ---- order list --------------------------------------------------------- */

#define ROW_NCOLS 11

static const bo_column row_cols[ROW_NCOLS] = {
    {"id", "ID", BO_COL_ALL | BO_COL_RIGHT},
    {"status", "STATUS", BO_COL_ALL},
    {"placed_at", "PLACED", BO_COL_ALL},
    {"customer_email", "CUSTOMER", BO_COL_ALL},
    {"customer_name", "NAME", BO_COL_DATA},
    {"items", "ITEMS", BO_COL_ALL | BO_COL_RIGHT},
    {"total", "TOTAL", BO_COL_ALL | BO_COL_RIGHT},
    {"tax", "TAX", BO_COL_DATA | BO_COL_RIGHT},
    {"paid", "PAID", BO_COL_ALL | BO_COL_RIGHT},
    {"refunded", "REFUNDED", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
};

typedef struct row_ctx {
	bo_cli_ctx *c;
	bo_out *out;
	bo_err err;
	int rc;
} row_ctx;

static void row_cells(bo_cell *cells, const bo_order_row *r,
		      const bo_currency *cur)
{
	cells[0] = bo_cell_int(r->id);
	cells[1] = bo_cell_str(bo_order_status_name(r->status));
	cells[2] = bo_cell_time(r->placed_at);
	cells[3] = bo_cell_str(r->customer_email);
	cells[4] = bo_cell_str(r->customer_name);
	cells[5] = bo_cell_int(r->items);
	cells[6] = bo_cell_money(r->total, cur);
	cells[7] = bo_cell_money(r->tax, cur);
	cells[8] = bo_cell_money(r->paid, cur);
	cells[9] = bo_cell_money(r->refunded, cur);
	cells[10] = bo_cell_str(cur->code);
}

static int each_row(void *ctx, const bo_order_row *r)
{
	row_ctx *l = ctx;
	bo_currency cur = order_currency(l->c, r->currency);
	bo_cell cells[ROW_NCOLS];

	row_cells(cells, r, &cur);
	l->rc = bo_out_row(l->out, cells, &l->err);
	return l->rc;
}

int bo_cli_order_list(bo_cli_ctx *c, bo_err *err)
{
	bo_order_query q = {.status = -1};
	const char *status = bo_cli_option(c->args, "--status");
	const char *limit = bo_cli_option(c->args, "--limit");
	const char *refunded = bo_cli_option(c->args, "--refunded");
	row_ctx l = {0};
	bo_out o;
	int rc;

	if (status) {
		q.status = bo_order_status_from_name(status);
		if (q.status < 0)
			return bo_err_set(err, BO_EINVAL,
					  "--status must be placed, paid, "
					  "shipped, delivered or cancelled, "
					  "not '%s'",
					  status);
	}
	if (limit) {
		rc = bo_cli_parse_count(&q.limit, limit, "--limit", err);
		if (rc < 0)
			return rc;
	}
	if (refunded) {
		if (!strcmp(refunded, "any"))
			q.refunds = BO_REFUNDS_SOME;
		else if (!strcmp(refunded, "full"))
			q.refunds = BO_REFUNDS_FULL;
		else if (!strcmp(refunded, "part"))
			q.refunds = BO_REFUNDS_PART;
		else /* the error line is sanitised where it is printed */
			return bo_err_set(
			    err, BO_EINVAL,
			    "--refunded must be any, full or part, "
			    "not '%s'",
			    refunded);
	}
	q.customer = bo_cli_option(c->args, "--customer");
	bo_out_init(&o, c->out, c->fmt, row_cols, ROW_NCOLS, false);
	l.c = c;
	l.out = &o;
	rc = bo_app_order_list(c->app, &q, each_row, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}

/* ---- order find, customer show ------------------------------------------- */

#define FIND_DEFAULT_LIMIT 50

typedef struct find_ctx {
	row_ctx l;
	int64_t seen;
} find_ctx;

static int each_found(void *ctx, const bo_order_row *r)
{
	find_ctx *f = ctx;

	f->seen++;
	return each_row(&f->l, r);
}

int bo_cli_order_find(bo_cli_ctx *c, bo_err *err)
{
	const char *limit_text = bo_cli_option(c->args, "--limit");
	const char *text = c->args->pos[0];
	int64_t limit = FIND_DEFAULT_LIMIT;
	find_ctx f = {0};
	bo_out o;
	int rc;

	if (limit_text &&
	    (rc = bo_cli_parse_count(&limit, limit_text, "--limit", err)) < 0)
		return rc;
	bo_out_init(&o, c->out, c->fmt, row_cols, ROW_NCOLS, false);
	f.l.c = c;
	f.l.out = &o;
	rc = bo_app_order_find(c->app, text, 0, limit, 1, each_found, &f, err);
	if (rc == 0 && f.seen == 0) {
		bo_out_free(&o);
		return bo_err_set(err, BO_ENOTFOUND, "no order matches %s",
				  text);
	}
	return bo_out_close(&o, rc, f.l.rc, &f.l.err, err);
}

#define CUST_NCOLS 8

/* The summary's columns, then (for the flat CSV form: one row per order)
 * the order's, named apart from the summary's. */
static const bo_column cust_cols[CUST_NCOLS + ROW_NCOLS] = {
    {"email", "E-MAIL", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"order_count", "ORDERS", BO_COL_ALL},
    {"paid", "PAID", BO_COL_ALL},
    {"refunded", "REFUNDED", BO_COL_ALL},
    {"notes", "NOTES", BO_COL_ALL},
    {"last_activity", "LAST ACTIVITY", BO_COL_ALL},
    {"currency", "CURRENCY", BO_COL_ALL},
    {"order_id", "ID", BO_COL_CSV},
    {"order_status", "STATUS", BO_COL_CSV},
    {"order_placed_at", "PLACED", BO_COL_CSV},
    {"order_customer_email", "CUSTOMER", BO_COL_CSV},
    {"order_customer_name", "NAME", BO_COL_CSV},
    {"order_items", "ITEMS", BO_COL_CSV},
    {"order_total", "TOTAL", BO_COL_CSV},
    {"order_tax", "TAX", BO_COL_CSV},
    {"order_paid", "PAID", BO_COL_CSV},
    {"order_refunded", "REFUNDED", BO_COL_CSV},
    {"order_currency", "CURRENCY", BO_COL_CSV},
};

/* Sums in one currency are money; over mixed currencies, bare minor units
 * under the currency "mixed". */
static void cust_cells(bo_cell *cells, const bo_customer *k,
		       const bo_currency *cur)
{
	int mixed = !k->currency[0];

	cells[0] = bo_cell_str(k->email);
	cells[1] = bo_cell_str(k->name);
	cells[2] = bo_cell_int(k->orders);
	cells[3] = mixed ? bo_cell_int(k->paid) : bo_cell_money(k->paid, cur);
	cells[4] =
	    mixed ? bo_cell_int(k->refunded) : bo_cell_money(k->refunded, cur);
	cells[5] = bo_cell_int(k->notes);
	cells[6] = bo_cell_time(k->last_activity);
	cells[7] = bo_cell_str(mixed ? "mixed" : cur->code);
}

typedef struct cust_ctx {
	bo_cli_ctx *c;
	bo_out *out;      /* table, csv */
	bo_cell *summary; /* csv: the summary's cells, repeated */
	cJSON *orders;    /* json */
	bo_err err;
	int rc;
} cust_ctx;

static int each_customer_order(void *ctx, const bo_order_row *r)
{
	cust_ctx *k = ctx;
	bo_currency cur = order_currency(k->c, r->currency);
	bo_cell cells[CUST_NCOLS + ROW_NCOLS];

	if (k->orders) {
		cJSON *obj;

		row_cells(cells, r, &cur);
		obj = bo_out_json_object(row_cols, ROW_NCOLS, cells);
		if (!obj || !cJSON_AddItemToArray(k->orders, obj)) {
			cJSON_Delete(obj);
			k->rc = bo_err_set(&k->err, BO_ENOMEM, "out of memory");
		}
		return k->rc;
	}
	if (k->summary) {
		memcpy(cells, k->summary, CUST_NCOLS * sizeof(*cells));
		row_cells(cells + CUST_NCOLS, r, &cur);
	} else {
		row_cells(cells, r, &cur);
	}
	k->rc = bo_out_row(k->out, cells, &k->err);
	return k->rc;
}

int bo_cli_customer_show(bo_cli_ctx *c, bo_err *err)
{
	const char *email = c->args->pos[0];
	bo_cell summary[CUST_NCOLS];
	bo_customer k = {0};
	cust_ctx w = {0};
	bo_currency cur;
	bo_out o;
	int rc;

	if ((rc = bo_app_customer(c->app, email, &k, err)) < 0)
		return rc;
	cur = order_currency(c, k.currency);
	cust_cells(summary, &k, &cur);
	w.c = c;
	switch (c->fmt) {
	case BO_FORMAT_JSON:
		if (!(w.orders = cJSON_CreateArray())) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			break;
		}
		rc = bo_app_customer_orders(c->app, email, 0, 0, 1,
					    each_customer_order, &w, err);
		if (rc < 0 || w.rc < 0) {
			cJSON_Delete(w.orders);
			if (w.rc < 0) {
				*err = w.err;
				rc = w.rc;
			}
			break;
		}
		bo_out_init(&o, c->out, c->fmt, cust_cols, CUST_NCOLS, true);
		rc = bo_out_row_extra(&o, summary, "orders", w.orders, err);
		rc = bo_out_close(&o, rc, 0, NULL, err);
		break;
	case BO_FORMAT_CSV:
		bo_out_init(&o, c->out, c->fmt, cust_cols,
			    CUST_NCOLS + ROW_NCOLS, false);
		w.out = &o;
		w.summary = summary;
		rc = bo_app_customer_orders(c->app, email, 0, 0, 1,
					    each_customer_order, &w, err);
		rc = bo_out_close(&o, rc, w.rc, &w.err, err);
		break;
	case BO_FORMAT_TABLE:
		bo_out_init(&o, c->out, c->fmt, cust_cols, CUST_NCOLS, true);
		rc = bo_out_row(&o, summary, err);
		rc = bo_out_close(&o, rc, 0, NULL, err);
		if (rc < 0)
			break;
		fputc('\n', c->out);
		bo_out_init(&o, c->out, c->fmt, row_cols, ROW_NCOLS, false);
		w.out = &o;
		rc = bo_app_customer_orders(c->app, email, 0, 0, 1,
					    each_customer_order, &w, err);
		rc = bo_out_close(&o, rc, w.rc, &w.err, err);
		break;
	}
	bo_customer_clear(&k);
	return rc;
}

/* ---- order show --------------------------------------------------------- */

#define SHOW_NCOLS 23
#define LINE_NCOLS 7

/* Order columns, then (for the flat CSV form: one row per line) the line's. */
static const bo_column show_cols[SHOW_NCOLS + LINE_NCOLS] = {
    {"id", "ID", BO_COL_ALL},
    {"status", "STATUS", BO_COL_ALL},
    {"version", "VERSION", BO_COL_ALL},
    {"customer_email", "CUSTOMER", BO_COL_ALL},
    {"customer_name", "NAME", BO_COL_ALL},
    {"currency", "CURRENCY", BO_COL_ALL},
    {"items", "ITEMS", BO_COL_ALL},
    {"total", "TOTAL", BO_COL_ALL},
    {"tax", "TAX", BO_COL_ALL},
    {"paid", "PAID", BO_COL_ALL},
    {"refunded", "REFUNDED", BO_COL_ALL},
    {"outstanding", "OUTSTANDING", BO_COL_ALL},
    {"refundable", "REFUNDABLE", BO_COL_ALL},
    {"payment_failures", "PAYMENT FAILURES", BO_COL_ALL},
    {"notes", "NOTES", BO_COL_ALL},
    {"carrier", "CARRIER", BO_COL_ALL},
    {"tracking", "TRACKING", BO_COL_ALL},
    {"cancel_reason", "CANCEL REASON", BO_COL_ALL},
    {"placed_at", "PLACED", BO_COL_ALL},
    {"paid_at", "PAID AT", BO_COL_ALL},
    {"shipped_at", "SHIPPED", BO_COL_ALL},
    {"delivered_at", "DELIVERED", BO_COL_ALL},
    {"cancelled_at", "CANCELLED", BO_COL_ALL},
    {"line_product_id", "PRODUCT ID", BO_COL_CSV},
    {"line_sku", "SKU", BO_COL_CSV},
    {"line_name", "NAME", BO_COL_CSV},
    {"line_unit_price", "UNIT PRICE", BO_COL_CSV},
    {"line_tax_rate", "TAX %", BO_COL_CSV},
    {"line_quantity", "QTY", BO_COL_CSV},
    {"line_total", "LINE TOTAL", BO_COL_CSV},
};

static const bo_column line_cols[LINE_NCOLS] = {
    {"product_id", "PRODUCT ID", BO_COL_DATA | BO_COL_RIGHT},
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"unit_price", "UNIT PRICE", BO_COL_ALL | BO_COL_RIGHT},
    {"tax_rate", "TAX %", BO_COL_ALL | BO_COL_RIGHT},
    {"quantity", "QTY", BO_COL_ALL | BO_COL_RIGHT},
    {"line_total", "TOTAL", BO_COL_ALL | BO_COL_RIGHT},
};

static void order_cells(bo_cell *cells, const bo_order *o,
			const bo_currency *cur)
{
	size_t i = 0;

	cells[i++] = bo_cell_int(o->id);
	cells[i++] = bo_cell_str(bo_order_status_name(o->status));
	cells[i++] = bo_cell_int(o->version);
	cells[i++] = bo_cell_str(o->customer_email);
	cells[i++] = bo_cell_str(o->customer_name);
	cells[i++] = bo_cell_str(cur->code);
	cells[i++] = bo_cell_int(o->items);
	cells[i++] = bo_cell_money(o->total, cur);
	cells[i++] = bo_cell_money(o->tax, cur);
	cells[i++] = bo_cell_money(o->paid, cur);
	cells[i++] = bo_cell_money(o->refunded, cur);
	cells[i++] = bo_cell_money(bo_order_outstanding(o), cur);
	cells[i++] = bo_cell_money(bo_order_refundable(o), cur);
	cells[i++] = bo_cell_int(o->payment_failures);
	cells[i++] = bo_cell_int(o->notes);
	cells[i++] = bo_cell_str(o->carrier);
	cells[i++] = bo_cell_str(o->tracking);
	cells[i++] = bo_cell_str(o->cancel_reason);
	cells[i++] = bo_cell_time(o->placed_at);
	cells[i++] = bo_cell_time(o->paid_at);
	cells[i++] = bo_cell_time(o->shipped_at);
	cells[i++] = bo_cell_time(o->delivered_at);
	cells[i++] = bo_cell_time(o->cancelled_at);
}

static void line_cells(bo_cell *cells, const bo_order_line *l,
		       const bo_currency *cur)
{
	int64_t total;

	cells[0] = bo_cell_int(l->product_id);
	cells[1] = bo_cell_str(l->sku);
	cells[2] = bo_cell_str(l->name);
	cells[3] = bo_cell_money(l->unit_price, cur);
	cells[4] = bo_cell_rate(l->tax_bp);
	cells[5] = bo_cell_int(l->quantity);
	cells[6] = bo_money_mul(&total, l->unit_price, l->quantity) == 0
		       ? bo_cell_money(total, cur)
		       : bo_cell_null();
}

static int show_json(bo_cli_ctx *c, const bo_order *ord, const bo_currency *cur,
		     bo_err *err)
{
	bo_cell cells[SHOW_NCOLS], lc[LINE_NCOLS];
	cJSON *lines = cJSON_CreateArray();
	bo_out o;
	int rc;

	if (!lines)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < ord->nlines; i++) {
		cJSON *obj;

		line_cells(lc, &ord->lines[i], cur);
		obj = bo_out_json_object(line_cols, LINE_NCOLS, lc);
		if (!obj || !cJSON_AddItemToArray(lines, obj)) {
			cJSON_Delete(obj);
			cJSON_Delete(lines);
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		}
	}
	order_cells(cells, ord, cur);
	bo_out_init(&o, c->out, c->fmt, show_cols, SHOW_NCOLS, true);
	rc = bo_out_row_extra(&o, cells, "lines", lines, err);
	return bo_out_close(&o, rc, 0, NULL, err);
}

/* CSV has no nesting: one row per line, the order's fields repeated. */
static int show_csv(bo_cli_ctx *c, const bo_order *ord, const bo_currency *cur,
		    bo_err *err)
{
	bo_cell cells[SHOW_NCOLS + LINE_NCOLS];
	bo_out o;
	int rc = 0;

	order_cells(cells, ord, cur);
	bo_out_init(&o, c->out, c->fmt, show_cols, SHOW_NCOLS + LINE_NCOLS,
		    false);
	for (size_t i = 0; i < ord->nlines && rc == 0; i++) {
		line_cells(cells + SHOW_NCOLS, &ord->lines[i], cur);
		rc = bo_out_row(&o, cells, err);
	}
	return bo_out_close(&o, rc, 0, NULL, err);
}

static int show_table(bo_cli_ctx *c, const bo_order *ord,
		      const bo_currency *cur, bo_err *err)
{
	bo_cell cells[SHOW_NCOLS], lc[LINE_NCOLS];
	bo_out o;
	int rc;

	order_cells(cells, ord, cur);
	bo_out_init(&o, c->out, c->fmt, show_cols, SHOW_NCOLS, true);
	rc = bo_out_row(&o, cells, err);
	rc = bo_out_close(&o, rc, 0, NULL, err);
	if (rc < 0)
		return rc;
	fputc('\n', c->out);
	bo_out_init(&o, c->out, c->fmt, line_cols, LINE_NCOLS, false);
	for (size_t i = 0; i < ord->nlines && rc == 0; i++) {
		line_cells(lc, &ord->lines[i], cur);
		rc = bo_out_row(&o, lc, err);
	}
	return bo_out_close(&o, rc, 0, NULL, err);
}

int bo_cli_order_show(bo_cli_ctx *c, bo_err *err)
{
	const char *at_text = bo_cli_option(c->args, "--at");
	bo_order ord = {0};
	bo_currency cur;
	int64_t id, at = 0;
	int rc;

	rc = order_id(&id, c, err);
	if (rc == 0 && at_text)
		rc = bo_cli_parse_count(&at, at_text, "--at", err);
	if (rc == 0)
		rc = bo_app_order_get(c->app, id, at, &ord, err);
	if (rc < 0)
		goto done;
	cur = order_currency(c, ord.currency);
	switch (c->fmt) {
	case BO_FORMAT_JSON:
		rc = show_json(c, &ord, &cur, err);
		break;
	case BO_FORMAT_CSV:
		rc = show_csv(c, &ord, &cur, err);
		break;
	case BO_FORMAT_TABLE:
		rc = show_table(c, &ord, &cur, err);
		break;
	}
done:
	bo_order_clear(&ord);
	return rc;
}

/* ---- order timeline ----------------------------------------------------- */

#define TL_NCOLS 9

static const bo_column timeline_cols[TL_NCOLS] = {
    {"version", "#", BO_COL_ALL | BO_COL_RIGHT},
    {"position", "POSITION", BO_COL_DATA},
    {"recorded_at", "TIME", BO_COL_ALL},
    {"actor", "ACTOR", BO_COL_TABLE},
    {"user", "USER", BO_COL_DATA},
    {"role", "ROLE", BO_COL_DATA},
    {"type", "TYPE", BO_COL_ALL},
    {"summary", "SUMMARY", BO_COL_ALL},
    {"event_id", "EVENT ID", BO_COL_DATA},
};

static int each_timeline(void *ctx, const bo_timeline_row *r)
{
	row_ctx *l = ctx;
	const char *user = r->user ? r->user : "?";
	size_t size = strlen(user) + (r->role ? strlen(r->role) : 0) + 4;
	char *actor = malloc(size);

	if (!actor) {
		l->rc = bo_err_set(&l->err, BO_ENOMEM, "out of memory");
		return l->rc;
	}
	if (r->role)
		snprintf(actor, size, "%s (%s)", user, r->role);
	else
		snprintf(actor, size, "%s", user);
	{
		bo_cell cells[TL_NCOLS] = {
		    bo_cell_int(r->version),      bo_cell_int(r->position),
		    bo_cell_time(r->recorded_at), bo_cell_str(actor),
		    bo_cell_str(r->user),         bo_cell_str(r->role),
		    bo_cell_str(r->type_name),    bo_cell_str(r->summary),
		    bo_cell_str(r->event_id),
		};

		l->rc = bo_out_row(l->out, cells, &l->err);
	}
	free(actor);
	return l->rc;
}

int bo_cli_order_timeline(bo_cli_ctx *c, bo_err *err)
{
	row_ctx l = {0};
	int64_t id;
	bo_out o;
	int rc;

	rc = order_id(&id, c, err);
	if (rc < 0)
		return rc;
	bo_out_init(&o, c->out, c->fmt, timeline_cols, TL_NCOLS, false);
	l.c = c;
	l.out = &o;
	rc = bo_app_order_timeline(c->app, id, each_timeline, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}
