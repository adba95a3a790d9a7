/* The order aggregate: folding events into state, deciding on commands. */
#include "order.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const status_names[] = {
#define BO_X(name, text) [name] = text,
    BO_ORDER_STATUS_TABLE(BO_X)
#undef BO_X
};

#define NSTATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *bo_order_status_name(bo_order_status s)
{
	if ((unsigned)s >= NSTATUS)
		return "unknown";
	return status_names[s];
}

int bo_order_status_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = BO_ORDER_NONE + 1; i < NSTATUS; i++)
		if (strcmp(status_names[i], name) == 0)
			return (int)i;
	return -1;
}

static void lines_free(bo_order_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(lines[i].sku);
		free(lines[i].name);
	}
	free(lines);
}

void bo_order_clear(bo_order *o)
{
	if (!o)
		return;
	free(o->customer_email);
	free(o->customer_name);
	lines_free(o->lines, o->nlines);
	free(o->carrier);
	free(o->tracking);
	free(o->cancel_reason);
	memset(o, 0, sizeof(*o));
}

int64_t bo_order_outstanding(const bo_order *o)
{
	return o->paid >= o->total ? 0 : o->total - o->paid;
}

int64_t bo_order_refundable(const bo_order *o)
{
	return o->paid > o->refunded ? o->paid - o->refunded : 0;
}

/* ---- apply --------------------------------------------------------------- */

static int lines_copy(bo_order_line **out, const bo_order_line *src, size_t n)
{
	bo_order_line *l;

	*out = NULL;
	if (n == 0)
		return BO_OK;
	l = calloc(n, sizeof(*l));
	if (!l)
		return BO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		l[i] = src[i];
		l[i].sku = bo_strdup(src[i].sku);
		l[i].name = bo_strdup(src[i].name);
		if ((src[i].sku && !l[i].sku) || (src[i].name && !l[i].name)) {
			lines_free(l, i + 1);
			return BO_ENOMEM;
		}
	}
	*out = l;
	return BO_OK;
}

/* Replaces the state with what OrderPlaced says; o untouched on failure. */
static int apply_placed(bo_order *o, const bo_event *e)
{
	bo_order n = {0};
	int rc = BO_OK;

	for (size_t i = 0; i < e->nlines; i++) {
		const bo_order_line *l = &e->lines[i];
		int64_t gross;
		if (l->unit_price < 0 || l->quantity < 0 || l->tax_bp < 0 ||
		    l->tax_bp > 10000)
			return BO_EINVAL;
		if (bo_money_mul(&gross, l->unit_price, l->quantity) ||
		    bo_money_add(&n.total, n.total, gross) ||
		    bo_money_add(&n.tax, n.tax,
				 bo_money_tax_inside(gross, l->tax_bp)) ||
		    bo_money_add(&n.items, n.items, l->quantity))
			return BO_EINVAL;
	}
	n.customer_email = bo_strdup(e->customer_email);
	n.customer_name = bo_strdup(e->customer_name);
	if ((e->customer_email && !n.customer_email) ||
	    (e->customer_name && !n.customer_name) ||
	    lines_copy(&n.lines, e->lines, e->nlines) != BO_OK) {
		rc = BO_ENOMEM;
		goto done;
	}
	n.nlines = n.lines ? e->nlines : 0;
	n.id = e->order_id;
	snprintf(n.currency, sizeof(n.currency), "%.3s",
		 e->currency ? e->currency : "");
	n.placed_at = e->recorded_at;
	/* Nothing to pay is fully paid: otherwise a free order could never ship. */
	if (n.total == 0) {
		n.status = BO_ORDER_PAID;
		n.paid_at = e->recorded_at;
	} else {
		n.status = BO_ORDER_PLACED;
	}
	bo_order_clear(o);
	*o = n;
	return BO_OK;
done:
	bo_order_clear(&n);
	return rc;
}

/* Stores copies of a and b in *pa and *pb, or changes nothing on ENOMEM. */
static int set_two(char **pa, const char *a, char **pb, const char *b)
{
	char *ca = bo_strdup(a), *cb = bo_strdup(b);

	if ((a && !ca) || (b && !cb)) {
		free(ca);
		free(cb);
		return BO_ENOMEM;
	}
	free(*pa);
	free(*pb);
	*pa = ca;
	*pb = cb;
	return BO_OK;
}

int bo_order_apply(bo_order *o, const bo_event *e)
{
	int rc = BO_OK;

	switch (e->kind) {
	case BO_EV_ORDER_PLACED:
		rc = apply_placed(o, e);
		break;
	case BO_EV_PAYMENT_RECEIVED:
		if (e->amount < 0 || bo_money_add(&o->paid, o->paid, e->amount))
			return BO_EINVAL;
		if (o->status == BO_ORDER_PLACED && o->paid >= o->total) {
			o->status = BO_ORDER_PAID;
			o->paid_at = e->recorded_at;
		}
		break;
	case BO_EV_PAYMENT_FAILED:
		if (o->payment_failures == INT32_MAX)
			return BO_EINVAL;
		o->payment_failures++;
		break;
	case BO_EV_ORDER_SHIPPED:
		rc =
		    set_two(&o->carrier, e->carrier, &o->tracking, e->tracking);
		if (rc == BO_OK) {
			o->status = BO_ORDER_SHIPPED;
			o->shipped_at = e->recorded_at;
		}
		break;
	case BO_EV_ORDER_DELIVERED:
		o->status = BO_ORDER_DELIVERED;
		o->delivered_at = e->recorded_at;
		break;
	case BO_EV_ORDER_CANCELLED:
		rc = bo_strset(&o->cancel_reason, e->reason);
		if (rc == BO_OK) {
			o->status = BO_ORDER_CANCELLED;
			o->cancelled_at = e->recorded_at;
		}
		break;
	case BO_EV_REFUND_ISSUED:
		if (e->amount < 0 ||
		    bo_money_add(&o->refunded, o->refunded, e->amount))
			return BO_EINVAL;
		break;
	case BO_EV_NOTE_ADDED:
		if (o->notes == INT32_MAX)
			return BO_EINVAL;
		o->notes++;
		break;
	default:
		break;
	}
	if (rc != BO_OK)
		return rc;
	o->version = e->version;
	o->updated_at = e->recorded_at;
	return BO_OK;
}

/* ---- decide -------------------------------------------------------------- */

/* Starts an order event of kind in *e (zeroed first). */
static int event_start(bo_event *e, bo_event_kind kind, int64_t order_id)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->schema_version = bo_event_kind_schema(kind);
	e->order_id = order_id;
	e->type_name = bo_strdup(bo_event_kind_name(kind));
	return e->type_name ? BO_OK : BO_ENOMEM;
}

static int nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/*
 * The common text rule: valid UTF-8, min..max code points, no controls
 * (newlines tolerated when allow_newline). NULL counts as empty.
 */
static int check_text(const char *field, const char *s, size_t min, size_t max,
		      bool allow_newline, bo_err *err)
{
	size_t len;

	if (!s)
		s = "";
	if (!bo_text_utf8_valid(s))
		return bo_err_set(err, BO_EINVAL, "%s must be valid UTF-8",
				  field);
	len = bo_text_utf8_len(s);
	if (len < min || len > max) {
		if (min == 0)
			return bo_err_set(err, BO_EINVAL,
					  "%s must be at most %zu characters",
					  field, max);
		if (len == 0)
			return bo_err_set(err, BO_EINVAL, "%s is required",
					  field);
		return bo_err_set(err, BO_EINVAL,
				  "%s must be %zu to %zu characters", field,
				  min, max);
	}
	if (bo_text_has_control(s, allow_newline))
		return bo_err_set(err, BO_EINVAL,
				  allow_newline ? "%s must not contain control "
						  "characters other than "
						  "newlines"
						: "%s must not contain control "
						  "characters",
				  field);
	return BO_OK;
}

static int check_email(const char *email, bo_err *err)
{
	const char *at, *domain, *dot;
	int rc;

	rc = check_text("customer email", email, 1, BO_EMAIL_MAX, false, err);
	if (rc != BO_OK)
		return rc;
	if (strchr(email, ' '))
		return bo_err_set(err, BO_EINVAL,
				  "customer email must not contain spaces");
	at = strchr(email, '@');
	if (!at || at == email || at[1] == '\0' || strchr(at + 1, '@'))
		return bo_err_set(err, BO_EINVAL,
				  "customer email must have one @ with text "
				  "on either side");
	domain = at + 1;
	dot = strchr(domain, '.');
	if (!dot || domain[0] == '.' || domain[strlen(domain) - 1] == '.')
		return bo_err_set(err, BO_EINVAL,
				  "customer email must have a dot inside its "
				  "domain");
	return BO_OK;
}

static int require_order(const bo_order *o, bo_err *err)
{
	if (!o || o->version <= 0 || o->status == BO_ORDER_NONE)
		return bo_err_set(err, BO_ENOTFOUND,
				  "order %" PRId64 " does not exist",
				  o ? o->id : 0);
	return BO_OK;
}

static int refuse_cancelled(const bo_order *o, bo_err *err)
{
	if (o->status == BO_ORDER_CANCELLED)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is cancelled", o->id);
	return BO_OK;
}

/* Amount in the order's currency, or bare minor units when it is unknown. */
static const char *fmt_amount(char buf[BO_MONEY_BUFSZ], int64_t amount,
			      const bo_order *o)
{
	bo_currency cur;

	if (bo_currency_lookup(&cur, o->currency, NULL) == BO_OK)
		return bo_money_format(buf, amount, &cur);
	snprintf(buf, BO_MONEY_BUFSZ, "%" PRId64, amount);
	return buf;
}

/* One product has one id; the SKU catches products without an id. */
static bool same_product(const bo_product *a, const bo_product *b)
{
	if (a->id > 0 && a->id == b->id)
		return true;
	return a->sku && b->sku && strcmp(a->sku, b->sku) == 0;
}

/* NULL or "" is "none", stored as NULL. */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

int bo_order_decide_place(bo_event *out, int64_t order_id, const char *currency,
			  const char *email, const char *name,
			  const bo_order_place_line *lines, size_t nlines,
			  bo_err *err)
{
	bo_event e = {0};
	bo_currency cur;
	int64_t total = 0;
	int rc;

	if (nlines < 1 || nlines > BO_ORDER_MAX_LINES)
		return bo_err_set(err, BO_EINVAL,
				  "an order needs 1 to %d lines",
				  BO_ORDER_MAX_LINES);
	for (size_t i = 0; i < nlines; i++) {
		const bo_order_place_line *l = &lines[i];
		const char *sku = l->product && l->product->sku
				      ? l->product->sku
				      : (l->sku ? l->sku : "");
		int64_t gross;

		if (l->quantity < 1 || l->quantity > BO_ORDER_MAX_QTY)
			return bo_err_set(
			    err, BO_EINVAL,
			    "quantity of line %zu (SKU %s) must be "
			    "1 to %d",
			    i + 1, sku, BO_ORDER_MAX_QTY);
		if (!l->product)
			return bo_err_set(err, BO_ENOTFOUND,
					  "product %s does not exist", sku);
		if (l->product->retired)
			return bo_err_set(err, BO_EINVAL,
					  "product %s is retired and cannot "
					  "be ordered",
					  sku);
		for (size_t j = 0; j < i; j++)
			if (same_product(lines[j].product, l->product))
				return bo_err_set(err, BO_EINVAL,
						  "product %s is on more than "
						  "one line (lines %zu and "
						  "%zu)",
						  sku, j + 1, i + 1);
		if (bo_money_mul(&gross, l->product->price, l->quantity) ||
		    bo_money_add(&total, total, gross))
			return bo_err_set(err, BO_EINVAL,
					  "the order total is too large");
	}
	rc = bo_currency_lookup(&cur, currency ? currency : "", err);
	if (rc != BO_OK)
		return rc;
	rc = check_email(email, err);
	if (rc != BO_OK)
		return rc;
	rc = check_text("customer name", name, 0, BO_CUSTOMER_NAME_MAX, false,
			err);
	if (rc != BO_OK)
		return rc;

	if (event_start(&e, BO_EV_ORDER_PLACED, order_id) != BO_OK)
		goto nomem;
	e.currency = bo_strdup(cur.code);
	e.customer_email = bo_strdup(email);
	e.customer_name = bo_strdup(opt(name));
	e.lines = calloc(nlines, sizeof(*e.lines));
	if (!e.currency || !e.customer_email ||
	    (opt(name) && !e.customer_name) || !e.lines)
		goto nomem;
	for (size_t i = 0; i < nlines; i++) {
		const bo_product *p = lines[i].product;
		bo_order_line *l = &e.lines[i];
		e.nlines = i + 1;
		l->product_id = p->id;
		l->sku = bo_strdup(p->sku);
		l->name = bo_strdup(p->name);
		l->unit_price = p->price;
		l->tax_bp = p->tax_bp;
		l->quantity = (int32_t)lines[i].quantity;
		if ((p->sku && !l->sku) || (p->name && !l->name))
			goto nomem;
	}
	*out = e;
	return BO_OK;
nomem:
	bo_event_clear(&e);
	return nomem(err);
}

/* The events that carry a reason (a failed payment, a cancellation, a
 * refund): checks the reason, then fills *out with the event and a copy of
 * it. *out is untouched on failure. */
static int reason_event(bo_event *out, bo_event_kind kind, int64_t order_id,
			const char *reason, bo_err *err)
{
	bo_event e;
	int rc = check_text("reason", reason, 1, BO_REASON_MAX, false, err);

	if (rc)
		return rc;
	if (event_start(&e, kind, order_id) != BO_OK ||
	    !(e.reason = bo_strdup(reason))) {
		bo_event_clear(&e);
		return nomem(err);
	}
	*out = e;
	return BO_OK;
}

int bo_order_decide_pay(bo_event *out, const bo_order *o, int64_t amount,
			bo_err *err)
{
	char a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];
	bo_event e;
	int rc;

	if ((rc = require_order(o, err)) || (rc = refuse_cancelled(o, err)))
		return rc;
	if (bo_order_outstanding(o) == 0)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is already paid", o->id);
	if (amount <= 0)
		return bo_err_set(err, BO_EINVAL, "amount must be more than 0");
	if (amount > bo_order_outstanding(o))
		return bo_err_set(err, BO_EINVAL,
				  "amount %s is more than the %s still to pay",
				  fmt_amount(a, amount, o),
				  fmt_amount(b, bo_order_outstanding(o), o));
	if (event_start(&e, BO_EV_PAYMENT_RECEIVED, o->id) != BO_OK)
		return nomem(err);
	e.amount = amount;
	*out = e;
	return BO_OK;
}

int bo_order_decide_fail_payment(bo_event *out, const bo_order *o,
				 const char *reason, bo_err *err)
{
	int rc;

	if ((rc = require_order(o, err)) || (rc = refuse_cancelled(o, err)))
		return rc;
	if (bo_order_outstanding(o) == 0)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is already paid", o->id);
	return reason_event(out, BO_EV_PAYMENT_FAILED, o->id, reason, err);
}

int bo_order_decide_ship(bo_event *out, const bo_order *o, const char *carrier,
			 const char *tracking, bo_err *err)
{
	bo_event e;
	int rc;

	if ((rc = require_order(o, err)) || (rc = refuse_cancelled(o, err)))
		return rc;
	if (o->status == BO_ORDER_SHIPPED || o->status == BO_ORDER_DELIVERED)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is already shipped",
				  o->id);
	if (o->status != BO_ORDER_PAID)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " cannot be shipped before "
				  "it is fully paid",
				  o->id);
	if ((rc = check_text("carrier", carrier, 0, BO_CARRIER_MAX, false,
			     err)) ||
	    (rc = check_text("tracking number", tracking, 0, BO_TRACKING_MAX,
			     false, err)))
		return rc;
	if (event_start(&e, BO_EV_ORDER_SHIPPED, o->id) != BO_OK)
		goto nomem;
	e.carrier = bo_strdup(opt(carrier));
	e.tracking = bo_strdup(opt(tracking));
	if ((opt(carrier) && !e.carrier) || (opt(tracking) && !e.tracking))
		goto nomem;
	*out = e;
	return BO_OK;
nomem:
	bo_event_clear(&e);
	return nomem(err);
}

int bo_order_decide_deliver(bo_event *out, const bo_order *o, bo_err *err)
{
	bo_event e;
	int rc;

	if ((rc = require_order(o, err)) || (rc = refuse_cancelled(o, err)))
		return rc;
	if (o->status == BO_ORDER_DELIVERED)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is already delivered",
				  o->id);
	if (o->status != BO_ORDER_SHIPPED)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " cannot be delivered "
				  "before it is shipped",
				  o->id);
	if (event_start(&e, BO_EV_ORDER_DELIVERED, o->id) != BO_OK) {
		bo_event_clear(&e);
		return nomem(err);
	}
	*out = e;
	return BO_OK;
}

int bo_order_may_cancel(const bo_order *o, bo_err *err)
{
	int rc;

	if ((rc = require_order(o, err)) || (rc = refuse_cancelled(o, err)))
		return rc;
	if (o->status == BO_ORDER_SHIPPED || o->status == BO_ORDER_DELIVERED)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " is already %s and cannot "
				  "be cancelled",
				  o->id, bo_order_status_name(o->status));
	return BO_OK;
}

int bo_order_decide_cancel(bo_event *out, const bo_order *o, const char *reason,
			   bo_err *err)
{
	int rc;

	if ((rc = bo_order_may_cancel(o, err)))
		return rc;
	return reason_event(out, BO_EV_ORDER_CANCELLED, o->id, reason, err);
}

int bo_order_may_refund(const bo_order *o, int64_t amount, bo_err *err)
{
	char a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];
	int rc;

	if ((rc = require_order(o, err)))
		return rc;
	if (amount == 0 && bo_order_refundable(o) <= 0)
		return bo_err_set(err, BO_ECONFLICT,
				  "order %" PRId64 " has nothing to refund: "
				  "paid %s, refunded %s",
				  o->id, fmt_amount(a, o->paid, o),
				  fmt_amount(b, o->refunded, o));
	if (amount == 0)
		return BO_OK;
	if (amount < 0)
		return bo_err_set(err, BO_EINVAL,
				  "refund amount must be more than 0");
	if (amount > bo_order_refundable(o))
		return bo_err_set(err, BO_EINVAL,
				  "refund %s is more than the %s refundable",
				  fmt_amount(a, amount, o),
				  fmt_amount(b, bo_order_refundable(o), o));
	return BO_OK;
}

int bo_order_decide_refund(bo_event *out, const bo_order *o, int64_t amount,
			   const char *reason, bo_err *err)
{
	int rc;

	if ((rc = require_order(o, err)))
		return rc;
	if (amount <= 0)
		return bo_err_set(err, BO_EINVAL,
				  "refund amount must be more than 0");
	if ((rc = bo_order_may_refund(o, amount, err)))
		return rc;
	if ((rc = reason_event(out, BO_EV_REFUND_ISSUED, o->id, reason, err)))
		return rc;
	out->amount = amount;
	return BO_OK;
}

int bo_order_decide_note(bo_event *out, const bo_order *o, const char *text,
			 bo_err *err)
{
	bo_event e;
	int rc;

	if ((rc = require_order(o, err)))
		return rc;
	if ((rc = check_text("note", text, 1, BO_NOTE_MAX, true, err)))
		return rc;
	if (event_start(&e, BO_EV_NOTE_ADDED, o->id) != BO_OK ||
	    !(e.text = bo_strdup(text))) {
		bo_event_clear(&e);
		return nomem(err);
	}
	*out = e;
	return BO_OK;
}

/* ---- checking a recorded event (import) --------------------------------- */

/* Prefixes err's message with "order N: <type> is refused: ", status EINVAL
 * (the history is bad input, whatever the live command would have said). */
static int refused(bo_err *err, int64_t order_id, const bo_event *e, int rc)
{
	bo_err inner;

	if (rc == BO_ENOMEM)
		return rc;
	inner = *err;
	return bo_err_set(err, BO_EINVAL,
			  "order %" PRId64 ": %s is refused: %s", order_id,
			  bo_event_kind_name(e->kind), inner.msg);
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* What the live command decided (d) against what was recorded (e). */
static const char *payload_differs(const bo_event *d, const bo_event *e)
{
	if (d->order_id != e->order_id)
		return "order id";
	if (d->amount != e->amount)
		return "amount";
	if (!same_text(d->reason, e->reason))
		return "reason";
	if (!same_text(d->carrier, e->carrier))
		return "carrier";
	if (!same_text(d->tracking, e->tracking))
		return "tracking number";
	if (!same_text(d->text, e->text))
		return "text";
	if (!same_text(d->currency, e->currency))
		return "currency";
	if (!same_text(d->customer_email, e->customer_email))
		return "customer email";
	if (!same_text(d->customer_name, e->customer_name))
		return "customer name";
	if (d->nlines != e->nlines)
		return "lines";
	return NULL;
}

/* OrderPlaced: each recorded line stands for a catalogue product as it was
 * (the product rules hold for it), then bo_order_decide_place decides. */
static int decide_placed(bo_event *d, int64_t order_id, const bo_event *e,
			 const char *currency, bo_err *err)
{
	bo_order_place_line *req = NULL;
	bo_product *prods = NULL;
	size_t n = e->nlines;
	int rc = BO_OK;

	if (n < 1 || n > BO_ORDER_MAX_LINES)
		return bo_err_set(err, BO_EINVAL,
				  "an order needs 1 to %d lines (it has %zu)",
				  BO_ORDER_MAX_LINES, n);
	if (!e->currency || !currency || strcmp(e->currency, currency) != 0)
		return bo_err_set(err, BO_EINVAL,
				  "currency %s is not the store's currency %s",
				  e->currency ? e->currency : "(none)",
				  currency ? currency : "(none)");
	prods = calloc(n, sizeof(*prods));
	req = calloc(n, sizeof(*req));
	if (!prods || !req) {
		rc = nomem(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const bo_order_line *l = &e->lines[i];
		bo_err inner;

		prods[i] = (bo_product){.id = l->product_id,
					.sku = l->sku,
					.name = l->name,
					.description = "",
					.price = l->unit_price,
					.tax_bp = l->tax_bp,
					.stock = BO_STOCK_UNTRACKED};
		if (l->product_id < 1) {
			rc = bo_err_set(
			    err, BO_EINVAL,
			    "product id of line %zu must be above 0", i + 1);
			goto done;
		}
		if ((rc = bo_product_validate(&prods[i], &inner)) < 0) {
			rc = bo_err_set(err, BO_EINVAL, "line %zu: %s", i + 1,
					inner.msg);
			goto done;
		}
		req[i] = (bo_order_place_line){.product = &prods[i],
					       .sku = l->sku,
					       .quantity = l->quantity};
	}
	rc = bo_order_decide_place(d, order_id, currency, e->customer_email,
				   e->customer_name, req, n, err);
done:
	free(prods); /* the strings are the event's */
	free(req);
	return rc;
}

int bo_order_check_event(const bo_order *o, int64_t order_id, const bo_event *e,
			 const char *currency, bo_err *err)
{
	bo_event d = {0};
	const char *field;
	int rc;

	if (e->kind == BO_EV_UNKNOWN)
		return BO_OK; /* kept as it is: nothing to check it against */
	if (bo_event_is_product(e->kind))
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 ": a %s event does not "
				  "belong in an order stream",
				  order_id, bo_event_kind_name(e->kind));
	if (e->order_id != order_id)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 ": the %s payload names "
				  "order %" PRId64,
				  order_id, bo_event_kind_name(e->kind),
				  e->order_id);
	if (o->status == BO_ORDER_NONE && e->kind != BO_EV_ORDER_PLACED)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 ": %s comes before "
				  "OrderPlaced, which must open the stream",
				  order_id, bo_event_kind_name(e->kind));
	if (o->status != BO_ORDER_NONE && e->kind == BO_EV_ORDER_PLACED)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 ": OrderPlaced again, the "
				  "order was placed already",
				  order_id);
	switch (e->kind) {
	case BO_EV_ORDER_PLACED:
		rc = decide_placed(&d, order_id, e, currency, err);
		break;
	case BO_EV_PAYMENT_RECEIVED:
		rc = bo_order_decide_pay(&d, o, e->amount, err);
		break;
	case BO_EV_PAYMENT_FAILED:
		rc = bo_order_decide_fail_payment(&d, o, e->reason, err);
		break;
	case BO_EV_ORDER_SHIPPED:
		rc = bo_order_decide_ship(&d, o, e->carrier, e->tracking, err);
		break;
	case BO_EV_ORDER_DELIVERED:
		rc = bo_order_decide_deliver(&d, o, err);
		break;
	case BO_EV_ORDER_CANCELLED:
		rc = bo_order_decide_cancel(&d, o, e->reason, err);
		break;
	case BO_EV_REFUND_ISSUED:
		rc = bo_order_decide_refund(&d, o, e->amount, e->reason, err);
		break;
	case BO_EV_NOTE_ADDED:
		rc = bo_order_decide_note(&d, o, e->text, err);
		break;
	default:
		return BO_OK;
	}
	if (rc < 0)
		return refused(err, order_id, e, rc);
	field = payload_differs(&d, e);
	if (field)
		rc = bo_err_set(err, BO_EINVAL,
				"order %" PRId64 ": the %s of %s is not what "
				"the command records",
				order_id, field, bo_event_kind_name(e->kind));
	bo_event_clear(&d);
	return rc;
}
