/* The timeline's detail pane as lines: payload, metadata, and the order's state with its changes marked. */
#include "tui/timeline_detail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "tui/canvas.h"
#include "tui/orders.h"

void bo_detail_clear(bo_detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].label);
		free(d->lines[i].value);
	}
	free(d->lines);
	d->lines = NULL;
	d->n = 0;
}

static char *vtextf(const char *fmt, va_list ap)
{
	va_list again;
	int n;
	char *s;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

int bo_detail_add(bo_detail *d, const char *label, bo_style role, bool changed,
		  const char *fmt, ...)
{
	bo_detail_line *grown, *l;
	va_list ap;

	grown = realloc(d->lines, (d->n + 1) * sizeof(*grown));
	if (!grown)
		return BO_ENOMEM;
	d->lines = grown;
	l = &grown[d->n];
	va_start(ap, fmt);
	l->value = vtextf(fmt, ap);
	va_end(ap);
	l->label = strdup(label);
	if (!l->value || !l->label) {
		free(l->value);
		free(l->label);
		return BO_ENOMEM;
	}
	l->role = role;
	l->changed = changed;
	d->n++;
	return BO_OK;
}

static const char *money(char *buf, int64_t amount, const bo_app *app)
{
	return bo_money_format(buf, amount, &app->currency);
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* Bytes of the UTF-8 character at s (1 for a byte that starts none). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80             ? 1
		   : (c & 0xe0) == 0xc0 ? 2
		   : (c & 0xf0) == 0xe0 ? 3
		   : (c & 0xf8) == 0xf0 ? 4
					: 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Columns the character of n bytes at s takes once sanitised. */
static int char_cols(const char *s, size_t n)
{
	char one[8];

	memcpy(one, s, n);
	one[n] = '\0';
	return bo_canvas_text_width(one);
}

static size_t skip_spaces(const char *text, size_t i)
{
	while (text[i] == ' ')
		i++;
	return i;
}

size_t bo_detail_wrap(const char *text, int width, size_t *next)
{
	size_t i = 0, brk = 0;
	int used = 0;

	if (width < 1)
		width = 1;
	while (text[i]) {
		size_t n = char_len(text + i);
		int w = char_cols(text + i, n);

		if (text[i] == ' ')
			brk = i;
		if (used + w > width && i > 0) {
			if (text[i] != ' ' && brk > 0)
				i = brk; /* the word goes to the next row */
			*next = skip_spaces(text, i);
			return i;
		}
		used += w;
		i += n;
	}
	*next = i;
	return i;
}

int bo_detail_wrap_rows(const char *text, int width)
{
	size_t at = 0, next;
	int rows = 0;

	do {
		bo_detail_wrap(text + at, width, &next);
		at += next;
		rows++;
	} while (text[at]);
	return rows;
}

/* The role an event's type is drawn in. */
bo_style bo_detail_kind_style(bo_event_kind k)
{
	switch (k) {
	case BO_EV_ORDER_PLACED:
		return BO_STYLE_EV_ORDER;
	case BO_EV_PAYMENT_RECEIVED:
	case BO_EV_REFUND_ISSUED:
		return BO_STYLE_EV_PAYMENT;
	case BO_EV_PAYMENT_FAILED:
	case BO_EV_ORDER_CANCELLED:
		return BO_STYLE_EV_PROBLEM;
	case BO_EV_ORDER_SHIPPED:
	case BO_EV_ORDER_DELIVERED:
		return BO_STYLE_EV_SHIPPING;
	case BO_EV_NOTE_ADDED:
		return BO_STYLE_EV_NOTE;
	case BO_EV_PRODUCT_CREATED:
	case BO_EV_PRODUCT_UPDATED:
	case BO_EV_PRODUCT_RETIRED:
	case BO_EV_PRODUCT_REACTIVATED:
	case BO_EV_PRODUCT_DELETED:
	case BO_EV_PRODUCT_STOCK_ADJUSTED:
		return BO_STYLE_EV_PRODUCT;
	default:
		return BO_STYLE_DIM;
	}
}

/* A text that may span lines (a note): one detail line per line. */
static int add_text(bo_detail *d, const char *label, const char *text)
{
	const char *p = str(text);
	int rc = BO_OK;

	do {
		size_t len = strcspn(p, "\n");

		rc = bo_detail_add(d, label, BO_STYLE_NORMAL, false, "%.*s",
				   (int)len, p);
		label = "";
		p += len + (p[len] == '\n');
	} while (rc == BO_OK && *p);
	return rc;
}

int bo_detail_add_payload(bo_detail *d, const bo_event *e, const bo_app *app)
{
	char a[BO_MONEY_BUFSZ], rate[16];
	int rc = BO_OK;

	switch (e->kind) {
	case BO_EV_ORDER_PLACED:
		rc = bo_detail_add(d, "customer", BO_STYLE_NORMAL, false, "%s",
				   str(e->customer_email));
		if (!rc && e->customer_name)
			rc = bo_detail_add(d, "name", BO_STYLE_NORMAL, false,
					   "%s", e->customer_name);
		if (!rc)
			rc = bo_detail_add(d, "currency", BO_STYLE_NORMAL,
					   false, "%s", str(e->currency));
		for (size_t i = 0; !rc && i < e->nlines; i++) {
			const bo_order_line *l = &e->lines[i];

			bo_rate_format(rate, sizeof(rate), l->tax_bp);
			rc = bo_detail_add(d, i ? "" : "lines", BO_STYLE_NORMAL,
					   false, "%d x %s %s at %s (tax %s%%)",
					   (int)l->quantity, str(l->sku),
					   str(l->name),
					   money(a, l->unit_price, app), rate);
		}
		break;
	case BO_EV_PAYMENT_RECEIVED:
		rc =
		    bo_detail_add(d, "amount", BO_STYLE_MONEY, false, "%s %s",
				  money(a, e->amount, app), app->currency.code);
		break;
	case BO_EV_REFUND_ISSUED:
		rc =
		    bo_detail_add(d, "amount", BO_STYLE_MONEY, false, "%s %s",
				  money(a, e->amount, app), app->currency.code);
		if (!rc)
			rc = add_text(d, "reason", e->reason);
		break;
	case BO_EV_PAYMENT_FAILED:
	case BO_EV_ORDER_CANCELLED:
		rc = add_text(d, "reason", e->reason);
		break;
	case BO_EV_ORDER_SHIPPED:
		rc = bo_detail_add(d, "carrier", BO_STYLE_NORMAL, false, "%s",
				   str(e->carrier));
		if (!rc)
			rc = bo_detail_add(d, "tracking", BO_STYLE_NORMAL,
					   false, "%s", str(e->tracking));
		break;
	case BO_EV_NOTE_ADDED:
		rc = add_text(d, "note", e->text);
		break;
	case BO_EV_ORDER_DELIVERED:
		rc = bo_detail_add(d, "", BO_STYLE_DIM, false, "(no payload)");
		break;
	default:
		rc = bo_detail_add(d, "type", BO_STYLE_WARNING, false,
				   "%s, schema %d (not known to this version)",
				   str(e->type_name), e->schema_version);
		if (!rc)
			rc = add_text(d, "payload", e->raw_payload);
		break;
	}
	return rc;
}

int bo_detail_add_meta(bo_detail *d, const bo_event *e)
{
	char when[32];
	int rc;

	bo_time_format_local(when, sizeof(when), d->zone, e->recorded_at, true,
			     true);
	rc = bo_detail_add(d, "recorded", BO_STYLE_NORMAL, false, "%s", when);
	if (!rc)
		rc = bo_detail_add(d, "by", BO_STYLE_NORMAL, false, "%s (%s)",
				   str(e->meta.user), str(e->meta.role));
	if (!rc)
		rc = bo_detail_add(d, "event id", BO_STYLE_DIM, false, "%s",
				   str(e->event_id));
	if (!rc)
		rc = bo_detail_add(d, "position", BO_STYLE_DIM, false,
				   "%lld in the log, schema %d",
				   (long long)e->position, e->schema_version);
	if (!rc)
		rc = bo_detail_add(d, "tenant", BO_STYLE_DIM, false, "%s",
				   str(e->meta.tenant));
	if (!rc)
		rc = bo_detail_add(d, "correlation", BO_STYLE_DIM, false, "%s",
				   str(e->meta.correlation_id));
	if (!rc && e->meta.causation_id && *e->meta.causation_id)
		rc = bo_detail_add(d, "causation", BO_STYLE_DIM, false, "%s",
				   e->meta.causation_id);
	return rc;
}

/* A field of the state: shown when set or changed, marked when changed. */
static int add_money_field(bo_detail *d, const char *label, int64_t after,
			   int64_t before, bool always, const bo_app *app)
{
	char a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];
	bool changed = after != before;

	if (!always && !after && !changed)
		return BO_OK;
	if (changed)
		return bo_detail_add(d, label, BO_STYLE_HIGHLIGHT, true,
				     "%s (was %s)", money(a, after, app),
				     money(b, before, app));
	return bo_detail_add(d, label, BO_STYLE_MONEY, false, "%s",
			     money(a, after, app));
}

static int add_int_field(bo_detail *d, const char *label, int64_t after,
			 int64_t before)
{
	if (!after && after == before)
		return BO_OK;
	if (after != before)
		return bo_detail_add(d, label, BO_STYLE_HIGHLIGHT, true,
				     "%lld (was %lld)", (long long)after,
				     (long long)before);
	return bo_detail_add(d, label, BO_STYLE_NORMAL, false, "%lld",
			     (long long)after);
}

static int add_text_field(bo_detail *d, const char *label, const char *after,
			  const char *before)
{
	bool changed = strcmp(str(after), str(before)) != 0;

	if (!changed && !(after && *after))
		return BO_OK;
	return bo_detail_add(d, label,
			     changed ? BO_STYLE_HIGHLIGHT : BO_STYLE_NORMAL,
			     changed, "%s", str(after));
}

static int add_time_field(bo_detail *d, const char *label, int64_t after,
			  int64_t before)
{
	char when[32];

	if (!after && after == before)
		return BO_OK;
	bo_time_format_local(when, sizeof(when), d->zone, after, true,
			     !bo_zone_is_utc(d->zone));
	return bo_detail_add(
	    d, label, after != before ? BO_STYLE_HIGHLIGHT : BO_STYLE_NORMAL,
	    after != before, "%s", after ? when : "-");
}

int bo_detail_add_summary(bo_detail *d, const bo_order *o, const bo_app *app)
{
	char rate[16], a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];
	int rc;

	rc = bo_detail_add(d, "customer", BO_STYLE_NORMAL, false, "%s",
			   str(o->customer_email));
	if (!rc && o->customer_name && *o->customer_name)
		rc = bo_detail_add(d, "name", BO_STYLE_NORMAL, false, "%s",
				   o->customer_name);
	for (size_t i = 0; !rc && i < o->nlines; i++) {
		const bo_order_line *l = &o->lines[i];

		bo_rate_format(rate, sizeof(rate), l->tax_bp);
		rc = bo_detail_add(d, i ? "" : "lines", BO_STYLE_NORMAL, false,
				   "%d x %s %s at %s (tax %s%%) = %s",
				   (int)l->quantity, str(l->sku), str(l->name),
				   money(a, l->unit_price, app), rate,
				   money(b, l->unit_price * l->quantity, app));
	}
	if (!rc)
		rc = bo_detail_add(d, "", BO_STYLE_HEADER, false,
				   "Amounts (%s)", app->currency.code);
	return rc ? rc : bo_detail_add_state(d, o, o, app);
}

int bo_detail_add_state(bo_detail *d, const bo_order *o, const bo_order *prev,
			const bo_app *app)
{
	int rc;

	rc = bo_detail_add(
	    d, "status",
	    o->status != prev->status ? BO_STYLE_HIGHLIGHT : BO_STYLE_NORMAL,
	    o->status != prev->status, "%s", bo_order_status_name(o->status));
	if (!rc)
		rc = add_int_field(d, "items", o->items, prev->items);
	if (!rc)
		rc = add_money_field(d, "total", o->total, prev->total, true,
				     app);
	if (!rc)
		rc = add_money_field(d, "tax", o->tax, prev->tax, false, app);
	if (!rc)
		rc = add_money_field(d, "paid", o->paid, prev->paid, true, app);
	if (!rc)
		rc = add_money_field(d, "refunded", o->refunded, prev->refunded,
				     false, app);
	if (!rc)
		rc = add_money_field(d, "refundable", bo_order_refundable(o),
				     bo_order_refundable(prev), true, app);
	if (!rc)
		rc = add_money_field(d, "outstanding", bo_order_outstanding(o),
				     bo_order_outstanding(prev), false, app);
	if (!rc)
		rc = add_int_field(d, "pay failures", o->payment_failures,
				   prev->payment_failures);
	if (!rc)
		rc = add_int_field(d, "notes", o->notes, prev->notes);
	if (!rc)
		rc = add_text_field(d, "carrier", o->carrier, prev->carrier);
	if (!rc)
		rc = add_text_field(d, "tracking", o->tracking, prev->tracking);
	if (!rc)
		rc = add_text_field(d, "cancelled for", o->cancel_reason,
				    prev->cancel_reason);
	if (!rc)
		rc = add_time_field(d, "placed at", o->placed_at,
				    prev->placed_at);
	if (!rc)
		rc = add_time_field(d, "paid at", o->paid_at, prev->paid_at);
	if (!rc)
		rc = add_time_field(d, "shipped at", o->shipped_at,
				    prev->shipped_at);
	if (!rc)
		rc = add_time_field(d, "delivered at", o->delivered_at,
				    prev->delivered_at);
	if (!rc)
		rc = add_time_field(d, "cancelled at", o->cancelled_at,
				    prev->cancelled_at);
	return rc;
}
