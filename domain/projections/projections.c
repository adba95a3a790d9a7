/* The inline projector's logic: what each event changes in the order list, timeline, catalogue. */
#include "projections.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../order.h"
#include "../search_keys.h"

void bo_order_row_clear(bo_order_row *r)
{
	if (!r)
		return;
	free(r->customer_email);
	free(r->customer_name);
	memset(r, 0, sizeof(*r));
}

int bo_order_row_copy(bo_order_row *dst, const bo_order_row *src)
{
	*dst = *src;
	dst->customer_email = dst->customer_name = NULL;
	if ((src->customer_email &&
	     !(dst->customer_email = strdup(src->customer_email))) ||
	    (src->customer_name &&
	     !(dst->customer_name = strdup(src->customer_name)))) {
		bo_order_row_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

char *bo_order_customer_key(const bo_order_row *r)
{
	const char *who = r->customer_name && *r->customer_name
			      ? r->customer_name
			  : r->customer_email ? r->customer_email
					      : "";
	char *key = strdup(who);

	for (char *c = key; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return key;
}

void bo_timeline_row_clear(bo_timeline_row *r)
{
	if (!r)
		return;
	free(r->event_id);
	free(r->user);
	free(r->role);
	free(r->type_name);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

/* ---- order list rows ----------------------------------------------------- */

/*
 * The row's strings move into a bo_order for the fold and back out after it,
 * whatever the outcome: bo_order_apply leaves its state whole on failure, so
 * the row never loses or leaks them.
 */
int bo_order_row_apply(bo_order_row *row, const bo_event *e, bo_err *err)
{
	bo_order o = {0};
	int rc;

	o.id = row->id;
	o.version = row->version;
	o.status = row->status;
	memcpy(o.currency, row->currency, sizeof(o.currency));
	o.currency[sizeof(o.currency) - 1] = '\0';
	o.customer_email = row->customer_email;
	o.customer_name = row->customer_name;
	row->customer_email = row->customer_name = NULL;
	o.items = row->items;
	o.total = row->total;
	o.tax = row->tax;
	o.paid = row->paid;
	o.refunded = row->refunded;
	o.payment_failures = row->payment_failures;
	o.notes = row->notes;
	o.placed_at = row->placed_at;
	o.updated_at = row->updated_at;

	rc = bo_order_apply(&o, e);

	row->id = o.id;
	row->version = o.version;
	row->status = o.status;
	memcpy(row->currency, o.currency, sizeof(row->currency));
	row->customer_email = o.customer_email;
	row->customer_name = o.customer_name;
	o.customer_email = o.customer_name = NULL;
	row->items = o.items;
	row->total = o.total;
	row->tax = o.tax;
	row->paid = o.paid;
	row->refunded = o.refunded;
	row->payment_failures = o.payment_failures;
	row->notes = o.notes;
	row->placed_at = o.placed_at;
	row->updated_at = o.updated_at;
	bo_order_clear(&o);

	if (rc == BO_ENOMEM)
		return bo_err_set(err, rc, "out of memory");
	if (rc != BO_OK)
		return bo_err_set(err, rc,
				  "event %" PRId64 " of order %" PRId64
				  " has amounts that overflow",
				  e->version, row->id);
	return BO_OK;
}

/* ---- summaries ----------------------------------------------------------- */

/* A freshly allocated printf result, or NULL on ENOMEM. */
__attribute__((format(printf, 1, 2))) static char *textf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

#define MONEY_TEXT_SZ (BO_MONEY_BUFSZ + 8)

/* "12.50 EUR", or bare minor units when there is no currency to go by. */
static const char *money_text(char buf[MONEY_TEXT_SZ], int64_t amount,
			      const bo_currency *cur)
{
	char num[BO_MONEY_BUFSZ];

	if (!cur) {
		snprintf(buf, MONEY_TEXT_SZ, "%" PRId64, amount);
		return buf;
	}
	snprintf(buf, MONEY_TEXT_SZ, "%s %s", bo_money_format(num, amount, cur),
		 cur->code);
	return buf;
}

static const char *str(const char *s)
{
	return s ? s : "";
}

static char *placed_summary(const bo_event *e, const bo_currency *cur)
{
	char money[MONEY_TEXT_SZ];
	const char *total_text = "?";
	bo_currency own;
	int64_t items = 0, total = 0;
	int overflow = 0;

	/* The order's own currency wins: it is what the amounts were taken in. */
	if (e->currency && bo_currency_lookup(&own, e->currency, NULL) == BO_OK)
		cur = &own;
	for (size_t i = 0; i < e->nlines; i++) {
		int64_t gross;
		items += e->lines[i].quantity;
		if (bo_money_mul(&gross, e->lines[i].unit_price,
				 e->lines[i].quantity) ||
		    bo_money_add(&total, total, gross))
			overflow = 1;
	}
	if (!overflow)
		total_text = money_text(money, total, cur);
	return textf("placed %" PRId64 " item%s (%zu line%s), total %s, for %s",
		     items, items == 1 ? "" : "s", e->nlines,
		     e->nlines == 1 ? "" : "s", total_text,
		     str(e->customer_email));
}

static char *shipped_summary(const bo_event *e)
{
	const char *c = e->carrier && *e->carrier ? e->carrier : NULL;
	const char *t = e->tracking && *e->tracking ? e->tracking : NULL;

	if (c && t)
		return textf("shipped with %s, tracking %s", c, t);
	if (c)
		return textf("shipped with %s", c);
	if (t)
		return textf("shipped, tracking %s", t);
	return textf("shipped");
}

/* "what: detail", or just "what" when there is no detail. */
static char *with_detail(const char *what, const char *detail)
{
	if (detail && *detail)
		return textf("%s: %s", what, detail);
	return textf("%s", what);
}

int bo_event_summary(char **out, const bo_event *e, const bo_currency *cur)
{
	char money[MONEY_TEXT_SZ];
	char *s = NULL;
	const char *sku = str(e->product.sku);

	switch (e->kind) {
	case BO_EV_PRODUCT_CREATED:
		s = textf("product %s created: %s at %s", sku,
			  str(e->product.name),
			  money_text(money, e->product.price, cur));
		break;
	case BO_EV_PRODUCT_UPDATED:
		s = textf("product %s updated", sku);
		break;
	case BO_EV_PRODUCT_RETIRED:
		s = textf("product %s retired", sku);
		break;
	case BO_EV_PRODUCT_REACTIVATED:
		s = textf("product %s reactivated", sku);
		break;
	case BO_EV_PRODUCT_DELETED:
		s = textf("product %s deleted", sku);
		break;
	case BO_EV_PRODUCT_STOCK_ADJUSTED:
		s = textf("product %s stock %+lld to %lld (%s)", sku,
			  (long long)e->delta, (long long)e->new_stock,
			  str(e->reason));
		break;
	case BO_EV_ORDER_PLACED:
		s = placed_summary(e, cur);
		break;
	case BO_EV_PAYMENT_RECEIVED:
		s = textf("payment of %s received",
			  money_text(money, e->amount, cur));
		break;
	case BO_EV_PAYMENT_FAILED:
		s = with_detail("payment failed", e->reason);
		break;
	case BO_EV_ORDER_SHIPPED:
		s = shipped_summary(e);
		break;
	case BO_EV_ORDER_DELIVERED:
		s = textf("delivered");
		break;
	case BO_EV_ORDER_CANCELLED:
		s = with_detail("cancelled", e->reason);
		break;
	case BO_EV_REFUND_ISSUED:
		money_text(money, e->amount, cur);
		if (e->reason && *e->reason)
			s = textf("refund of %s: %s", money, e->reason);
		else
			s = textf("refund of %s", money);
		break;
	case BO_EV_NOTE_ADDED: {
		const char *t = str(e->text);
		/* A timeline line is one line: the rest is in the detail pane. */
		s = textf("note: %.*s", (int)strcspn(t, "\n"), t);
		break;
	}
	default:
		s = textf("unknown event type %s (schema %d)",
			  e->type_name ? e->type_name : "?", e->schema_version);
		break;
	}
	if (!s)
		return BO_ENOMEM;
	*out = s;
	return BO_OK;
}

/* ---- projector ----------------------------------------------------------- */

static int apply_product(const bo_read_models *rm, const bo_event *e,
			 bo_err *err)
{
	int64_t stream_id = bo_stream_id(e->stream, "product");
	int rc;

	/* Every SKU the product carried, a delete's too (its snapshot is the
	 * product as it last stood), under the id of the stream its history
	 * is read from, so the history is found by any of them
	 * (product_ids_by_sku). */
	if (e->product.sku && stream_id > 0 &&
	    (rc = bo_rm_product_sku_add(rm, e->product.sku, stream_id, err)) <
		0)
		return rc;
	if (e->kind != BO_EV_PRODUCT_DELETED)
		return bo_rm_catalog_put(rm, &e->product, err);
	rc = bo_rm_catalog_remove(rm, e->product.id, err);
	/* Already gone is what a delete wants. */
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		rc = BO_OK;
	}
	return rc;
}

static int apply_order_row(const bo_read_models *rm, int64_t order_id,
			   const bo_event *e, bo_err *err)
{
	bo_order_row row = {0};
	int rc;

	rc = bo_rm_order_get(rm, order_id, &row, err);
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		bo_order_row_clear(&row);
		row.id = order_id;
		rc = BO_OK;
	}
	if (rc != BO_OK)
		goto done;
	if ((rc = bo_order_row_apply(&row, e, err)) != BO_OK)
		goto done;
	rc = bo_rm_order_put(rm, &row, err);
done:
	bo_order_row_clear(&row);
	return rc;
}

static int add_timeline(const bo_read_models *rm, int64_t order_id,
			const bo_currency *cur, const bo_event *e, bo_err *err)
{
	bo_timeline_row t = {0};
	char *summary = NULL;
	int rc;

	if (bo_event_summary(&summary, e, cur) != BO_OK)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	t.order_id = order_id;
	t.version = e->version;
	t.position = e->position;
	t.recorded_at = e->recorded_at;
	t.event_id = e->event_id;
	t.user = e->meta.user;
	t.role = e->meta.role;
	t.type_name = e->type_name;
	t.summary = summary;
	rc = bo_rm_timeline_add(rm, &t, err);
	free(summary);
	return rc;
}

typedef struct key_ctx {
	const bo_read_models *rm;
	int64_t order_id;
	bo_err *err;
} key_ctx;

static int put_key(void *ctx, const char *kind, const char *key)
{
	key_ctx *k = ctx;

	return bo_rm_key_add(k->rm, k->order_id, kind, key, k->err);
}

/* The search keys the event gives its order (search_keys.h). */
static int add_keys(const bo_read_models *rm, int64_t order_id,
		    const bo_event *e, bo_err *err)
{
	key_ctx k = {rm, order_id, err};
	int rc = bo_search_keys(e, put_key, &k);

	if (rc == BO_ENOMEM && (!err || err->code == BO_OK))
		return bo_err_set(err, rc, "out of memory");
	return rc;
}

int bo_projection_apply(const bo_read_models *rm, const bo_currency *cur,
			const bo_event *e, bo_err *err)
{
	int64_t order_id;
	int rc = BO_OK;

	if (bo_event_is_product(e->kind)) {
		rc = apply_product(rm, e, err);
	} else if ((order_id = bo_stream_id(e->stream, "order")) > 0) {
		if (e->kind != BO_EV_UNKNOWN)
			rc = apply_order_row(rm, order_id, e, err);
		if (rc == BO_OK && e->kind != BO_EV_UNKNOWN)
			rc = add_keys(rm, order_id, e, err);
		if (rc == BO_OK)
			rc = add_timeline(rm, order_id, cur, e, err);
	}
	return rc;
}
