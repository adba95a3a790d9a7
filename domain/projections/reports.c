/* The reports projector and the rules it shares with event queries. */
#include "reports.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../calendar.h"
#include "../money.h"
#include "../text.h"

/* ---- exact proportions ---------------------------------------------------- */

/* a * b as a 128-bit number in two halves. */
static void mul_wide(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32;
	uint64_t bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* (hi:lo) / d with hi < d, so the quotient fits: bit by bit long division. */
static uint64_t div_wide(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = hi;

	for (int i = 63; i >= 0; i--) {
		uint64_t carry = r >> 63;
		r = (r << 1) | ((lo >> i) & 1);
		q <<= 1;
		if (carry || r >= d) {
			r -= d;
			q |= 1;
		}
	}
	*rem = r;
	return q;
}

/* floor(a * b / d) and its remainder, for b <= d. */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t d, uint64_t *rem)
{
	uint64_t hi, lo;

	if (b == 0 || a <= UINT64_MAX / b) {
		*rem = a * b % d;
		return a * b / d;
	}
	mul_wide(a, b, &hi, &lo);
	return div_wide(hi, lo, d, rem);
}

int64_t bo_report_prorate(int64_t amount, int64_t part, int64_t whole)
{
	uint64_t q, r;

	if (whole <= 0 || amount <= 0 || part <= 0)
		return 0;
	if (part > whole)
		part = whole;
	q = mul_div((uint64_t)amount, (uint64_t)part, (uint64_t)whole, &r);
	/* r < whole <= INT64_MAX, so 2r cannot wrap */
	if (2 * r > (uint64_t)whole || (2 * r == (uint64_t)whole && (q & 1)))
		q++;
	return (int64_t)q;
}

int bo_report_split(int64_t *parts, int64_t amount, const bo_report_line *lines,
		    size_t n)
{
	uint64_t *rem, whole = 0;
	int64_t given = 0;

	if (n == 0)
		return BO_OK;
	for (size_t i = 0; i < n; i++) {
		uint64_t g = lines[i].gross > 0 ? (uint64_t)lines[i].gross : 0;
		parts[i] = 0;
		if (whole <= (uint64_t)INT64_MAX - g)
			whole += g;
	}
	if (whole == 0 || amount <= 0) {
		parts[0] = amount;
		return BO_OK;
	}
	if (!(rem = calloc(n, sizeof(*rem))))
		return BO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint64_t g = lines[i].gross > 0 ? (uint64_t)lines[i].gross : 0;
		parts[i] =
		    (int64_t)mul_div((uint64_t)amount, g, whole, &rem[i]);
		given += parts[i];
	}
	/* Fewer than n units are left (each part lost less than one). A line
	 * that got its unit is marked with UINT64_MAX so it is not picked
	 * again; remainders are below whole, so the mark is never real. */
	for (int64_t left = amount - given; left > 0; left--) {
		size_t best = n;

		for (size_t i = 0; i < n; i++)
			if (rem[i] != UINT64_MAX &&
			    (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			best = 0;
		parts[best]++;
		rem[best] = UINT64_MAX;
	}
	free(rem);
	return BO_OK;
}

/* ---- the rules ------------------------------------------------------------ */

int bo_report_day_is_zero(const bo_report_day *d)
{
	return !d->orders_placed && !d->placed_value && !d->orders_paid &&
	       !d->payments && !d->payment_failures && !d->cancellations &&
	       !d->gross && !d->tax && !d->refunds && !d->refund_tax;
}

static int overflow(const bo_event *e, bo_err *err)
{
	return bo_err_set(err, BO_EINVAL,
			  "event %" PRId64 " of order %" PRId64
			  " has amounts that overflow",
			  e->version, e->order_id);
}

int bo_reports_placed(bo_report_order *o, bo_report_line **lines, size_t *n,
		      bo_report_day *delta, bo_report_effect *effect,
		      const bo_zone *zone, const bo_event *e, bo_err *err)
{
	bo_report_order nw = {0};
	bo_report_line *l = NULL;

	*lines = NULL;
	*n = 0;
	*effect = BO_REPORT_NO_PRODUCTS;
	memset(delta, 0, sizeof(*delta));
	delta->day = bo_local_day_of_ms(zone, e->recorded_at);
	if (e->nlines && !(l = calloc(e->nlines, sizeof(*l))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->nlines; i++) {
		const bo_order_line *src = &e->lines[i];
		int64_t gross;

		if (src->unit_price < 0 || src->quantity < 0 ||
		    src->tax_bp < 0 || src->tax_bp > 10000 ||
		    bo_money_mul(&gross, src->unit_price, src->quantity) ||
		    bo_money_add(&nw.total, nw.total, gross) ||
		    bo_money_add(&nw.tax, nw.tax,
				 bo_money_tax_inside(gross, src->tax_bp))) {
			bo_report_lines_free(l, e->nlines);
			return overflow(e, err);
		}
		l[i].order_id = e->order_id;
		l[i].line_no = (int32_t)i;
		l[i].quantity = src->quantity;
		l[i].gross = gross;
		l[i].sku = bo_strdup(src->sku ? src->sku : "");
		l[i].name = bo_strdup(src->name ? src->name : "");
		if (!l[i].sku || !l[i].name) {
			bo_report_lines_free(l, e->nlines);
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		}
	}
	nw.id = e->order_id;
	nw.status = BO_ORDER_PLACED;
	nw.placed_at = e->recorded_at;
	delta->orders_placed = 1;
	delta->placed_value = nw.total;
	/* the order aggregate's rule: nothing to pay is fully paid */
	if (nw.total == 0) {
		nw.status = BO_ORDER_PAID;
		nw.paid_at = e->recorded_at;
		delta->orders_paid = 1;
		*effect = BO_REPORT_SOLD;
	}
	*o = nw;
	*lines = l;
	*n = e->nlines;
	return BO_OK;
}

int bo_reports_fold(bo_report_order *o, bo_report_day *delta,
		    bo_report_effect *effect, const bo_zone *zone,
		    const bo_event *e, bo_err *err)
{
	int64_t after;

	memset(delta, 0, sizeof(*delta));
	delta->day = bo_local_day_of_ms(zone, e->recorded_at);
	*effect = BO_REPORT_NO_PRODUCTS;
	switch (e->kind) {
	case BO_EV_PAYMENT_RECEIVED:
		if (e->amount < 0 || bo_money_add(&after, o->paid, e->amount))
			return overflow(e, err);
		delta->payments = 1;
		delta->gross = e->amount;
		delta->tax = bo_report_prorate(o->tax, after, o->total) -
			     bo_report_prorate(o->tax, o->paid, o->total);
		o->paid = after;
		if (o->status == BO_ORDER_PLACED && o->paid >= o->total) {
			o->status = BO_ORDER_PAID;
			o->paid_at = e->recorded_at;
			delta->orders_paid = 1;
			*effect = BO_REPORT_SOLD;
		}
		break;
	case BO_EV_PAYMENT_FAILED:
		delta->payment_failures = 1;
		break;
	case BO_EV_ORDER_SHIPPED:
		o->status = BO_ORDER_SHIPPED;
		o->shipped_at = e->recorded_at;
		break;
	case BO_EV_ORDER_DELIVERED:
		o->status = BO_ORDER_DELIVERED;
		o->delivered_at = e->recorded_at;
		break;
	case BO_EV_ORDER_CANCELLED:
		o->status = BO_ORDER_CANCELLED;
		delta->cancellations = 1;
		break;
	case BO_EV_REFUND_ISSUED:
		if (e->amount < 0 ||
		    bo_money_add(&after, o->refunded, e->amount))
			return overflow(e, err);
		delta->refunds = e->amount;
		delta->refund_tax =
		    bo_report_prorate(o->tax, after, o->total) -
		    bo_report_prorate(o->tax, o->refunded, o->total);
		o->refunded = after;
		*effect = BO_REPORT_REFUNDED;
		break;
	default:
		break;
	}
	return BO_OK;
}

/* ---- the projector -------------------------------------------------------- */

/* Writes the product rows an effect changes, on the event's day. */
static int write_products(const bo_report_store *rs, bo_report_effect effect,
			  const bo_report_line *lines, size_t n, int64_t amount,
			  int64_t day, bo_err *err)
{
	int64_t *parts = NULL;
	int rc = BO_OK;

	if (effect == BO_REPORT_NO_PRODUCTS || n == 0)
		return BO_OK;
	if (effect == BO_REPORT_REFUNDED) {
		if (!(parts = calloc(n, sizeof(*parts))) ||
		    bo_report_split(parts, amount, lines, n) != BO_OK) {
			free(parts);
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		}
	}
	for (size_t i = 0; i < n && rc == BO_OK; i++) {
		bo_report_product d = {
		    .day = day, .sku = lines[i].sku, .name = lines[i].name};
		if (effect == BO_REPORT_SOLD) {
			d.units = lines[i].quantity;
			d.revenue = lines[i].gross;
		} else {
			if (parts[i] == 0)
				continue;
			d.refunds = parts[i];
		}
		rc = bo_rs_product_add(rs, &d, err);
	}
	free(parts);
	return rc;
}

static int apply_placed(const bo_report_store *rs, const bo_zone *zone,
			const bo_event *e, bo_err *err)
{
	bo_report_order o;
	bo_report_line *lines = NULL;
	bo_report_day delta;
	bo_report_effect effect;
	size_t n = 0;
	int rc;

	if ((rc = bo_reports_placed(&o, &lines, &n, &delta, &effect, zone, e,
				    err)))
		return rc;
	if ((rc = bo_rs_order_put(rs, &o, err)) == BO_OK &&
	    (rc = bo_rs_lines_add(rs, lines, n, err)) == BO_OK &&
	    (rc = bo_rs_day_add(rs, &delta, err)) == BO_OK)
		rc = write_products(rs, effect, lines, n, 0, delta.day, err);
	bo_report_lines_free(lines, n);
	return rc;
}

static int apply(const bo_ports *p, const bo_currency *cur, const bo_event *e,
		 bo_err *err)
{
	const bo_report_store *rs = &p->reports;
	bo_report_line *lines = NULL;
	bo_report_order o;
	bo_report_day delta;
	bo_report_effect effect;
	int64_t id;
	size_t n = 0;
	int rc;

	(void)cur;
	if (e->kind == BO_EV_NOTE_ADDED || e->kind == BO_EV_UNKNOWN ||
	    bo_event_is_product(e->kind) ||
	    (id = bo_stream_id(e->stream, "order")) <= 0)
		return BO_OK;
	if (e->kind == BO_EV_ORDER_PLACED)
		return apply_placed(rs, p->zone, e, err);
	rc = bo_rs_order_get(rs, id, &o, err);
	if (rc == BO_ENOTFOUND) {
		/* an order event without its OrderPlaced: nothing to count */
		bo_err_clear(err);
		return BO_OK;
	}
	if (rc != BO_OK)
		return rc;
	if ((rc = bo_reports_fold(&o, &delta, &effect, p->zone, e, err)) !=
	    BO_OK)
		return rc;
	if (e->kind != BO_EV_PAYMENT_FAILED &&
	    (rc = bo_rs_order_put(rs, &o, err)) != BO_OK)
		return rc;
	if (!bo_report_day_is_zero(&delta) &&
	    (rc = bo_rs_day_add(rs, &delta, err)) != BO_OK)
		return rc;
	if (effect == BO_REPORT_NO_PRODUCTS)
		return BO_OK;
	if ((rc = bo_rs_lines_get(rs, id, &lines, &n, err)) == BO_OK)
		rc = write_products(rs, effect, lines, n, e->amount, delta.day,
				    err);
	bo_report_lines_free(lines, n);
	return rc;
}

static int reset(const bo_ports *p, bo_err *err)
{
	return bo_rs_reset(&p->reports, err);
}

static int snapshot(const bo_ports *p, bo_err *err)
{
	return bo_rs_snapshot(&p->reports, err);
}

static int diff(const bo_ports *p, bo_diff_fn each, void *ctx, bo_err *err)
{
	return bo_rs_diff(&p->reports, each, ctx, err);
}

static int shadow(const bo_ports *p, int op, bo_err *err)
{
	return bo_rs_shadow(&p->reports, op, err);
}

static int can_shadow(const bo_ports *p)
{
	return bo_rs_shadow_supported(&p->reports);
}

const bo_projector bo_projector_reports = {
    .name = "reports",
    /* 2: days are the tenant's local days (1 counted UTC days) */
    .version = 2,
    .inline_apply = 0,
    .apply = apply,
    .reset = reset,
    .snapshot = snapshot,
    .diff = diff,
    .shadow = shadow,
    .can_shadow = can_shadow,
};
