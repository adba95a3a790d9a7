/* The benchmark workload (doc/bench/WORKLOAD.md): mulberry32 draws, the catalog, each order's events, their global order, the JSON text and the projection fold. */
#include "tests/support/workload_gen.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/support/sha256.h"

#define SEED 20240101u
#define T0 1704067200

static const char *const adjectives[] = {"Classic", "Compact", "Deluxe",
					 "Eco",     "Heavy",   "Light",
					 "Modern",  "Rustic",  "Smart",
					 "Sturdy"};
static const char *const nouns[] = {"Kettle",  "Lamp",    "Chair",
				    "Backpack", "Blender", "Jacket",
				    "Monitor", "Notebook", "Speaker",
				    "Toaster"};
static const char *const carriers[] = {"DHL", "UPS", "DPD", "GLS"};
static const char *const cities[] = {"Berlin",    "Hamburg", "Munich",
				     "Cologne",   "Frankfurt", "Stuttgart",
				     "Leipzig",   "Dresden", "Bremen",
				     "Hanover"};
static const char *const streets[] = {"Main Street", "Elm Street",
				      "Oak Avenue", "Station Road",
				      "Park Lane"};
static const char *const signers[] = {"A. Meyer",  "B. Schulz", "C. Weber",
				      "D. Wagner", "E. Becker", "F. Hoffmann",
				      "G. Koch",   "H. Richter"};
static const char *const cancel_reasons[] = {
    "customer_request", "payment_review", "out_of_stock", "duplicate_order"};
static const char *const refund_reasons[] = {"damaged", "wrong_item",
					     "not_as_described",
					     "late_delivery"};
static const char *const type_names[WL__TYPES] = {
    "OrderPlaced",  "PaymentReceived", "OrderCancelled",
    "OrderShipped", "OrderDelivered",  "RefundIssued"};
static const char *const status_names[WL__TYPES] = {
    "placed", "paid", "cancelled", "shipped", "delivered", "refunded"};

const char *wl_type_name(wl_type t)
{
	return t >= 0 && t < WL__TYPES ? type_names[t] : "?";
}

int wl_type_from_name(const char *name)
{
	if (!strncmp(name, "wl.", 3))
		name += 3;
	for (int t = 0; t < WL__TYPES; t++)
		if (!strcmp(name, type_names[t]))
			return t;
	return -1;
}

/* ---- draws ------------------------------------------------------------------ */

typedef struct rng {
	uint32_t s;
} rng;

static uint32_t next_u32(rng *r)
{
	uint32_t t;

	r->s += 0x6D2B79F5u;
	t = r->s;
	t = (t ^ (t >> 15)) * (t | 1u);
	t ^= t + (t ^ (t >> 7)) * (t | 61u);
	return t ^ (t >> 14);
}

static int draw(rng *r, int lo, int hi)
{
	return lo + (int)(next_u32(r) % (uint32_t)(hi - lo + 1));
}

/* ---- the catalog ------------------------------------------------------------ */

void wl_catalog_sku(int k, char out[16])
{
	snprintf(out, 16, "SKU-%05d", k + 1);
}

void wl_catalog_name(int k, char out[32])
{
	snprintf(out, 32, "%s %s", adjectives[k % 10], nouns[(k / 5) % 10]);
}

int64_t wl_catalog_price(int k)
{
	return 199 + ((int64_t)(k + 1) * 7919) % 9800;
}

/* ---- orders and the global order ------------------------------------------- */

static void draw_order(rng *r, wl_order *o, int64_t i)
{
	int n = 0;

	memset(o, 0, sizeof(*o));
	o->id = i;
	o->customer = draw(r, 1, 5000);
	o->nlines = draw(r, 2, 4);
	for (int l = 0; l < 4; l++) {
		o->product[l] = draw(r, 0, 49);
		o->qty[l] = draw(r, 1, 5);
	}
	o->pay_delay = draw(r, 60, 3600);
	o->ship_delay = draw(r, 3600, 172800);
	o->deliver_delay = draw(r, 86400, 432000);
	o->path = draw(r, 0, 99);
	o->cancel_delay = draw(r, 60, 3599);
	o->refund_delay = draw(r, 3600, 1209600);
	o->refund_pct = draw(r, 10, 100);
	o->carrier = draw(r, 0, 3);
	o->warehouse = draw(r, 1, 4);
	o->street_no = draw(r, 1, 999);
	o->city = draw(r, 0, 9);
	o->reason = draw(r, 0, 3);
	o->last4 = draw(r, 0, 9999);

	for (int l = 0; l < o->nlines; l++)
		o->total += wl_catalog_price(o->product[l]) * o->qty[l];
	o->placed_at = T0 + (i - 1) * 30;
	o->paid_at = o->placed_at + o->pay_delay;
	o->shipped_at = o->paid_at + o->ship_delay;
	o->delivered_at = o->shipped_at + o->deliver_delay;
	o->types[n] = WL_PLACED;
	o->at[n++] = o->placed_at;
	o->types[n] = WL_PAID;
	o->at[n++] = o->paid_at;
	if (o->path < 5) {
		o->types[n] = WL_CANCELLED;
		o->at[n++] = o->paid_at + o->cancel_delay;
	} else {
		o->types[n] = WL_SHIPPED;
		o->at[n++] = o->shipped_at;
		o->types[n] = WL_DELIVERED;
		o->at[n++] = o->delivered_at;
		if (o->path < 10) {
			o->types[n] = WL_REFUNDED;
			o->at[n++] = o->delivered_at + o->refund_delay;
		}
	}
	o->nevents = n;
}

static int by_global_order(const void *a, const void *b)
{
	const wl_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int wl_generate(wl_workload *w, int64_t n)
{
	rng r = {SEED};
	size_t k = 0;

	memset(w, 0, sizeof(*w));
	w->orders = calloc((size_t)n, sizeof(*w->orders));
	w->events = calloc((size_t)n * 5, sizeof(*w->events));
	if (!w->orders || !w->events) {
		wl_free(w);
		return -1;
	}
	w->norders = n;
	for (int64_t i = 1; i <= n; i++) {
		wl_order *o = &w->orders[i - 1];

		draw_order(&r, o, i);
		for (int s = 0; s < o->nevents; s++, k++) {
			w->events[k].at = o->at[s];
			w->events[k].order = (int32_t)i;
			w->events[k].seq = (int16_t)s;
			w->events[k].type = (int16_t)o->types[s];
		}
	}
	w->nevents = k;
	qsort(w->events, k, sizeof(*w->events), by_global_order);
	return 0;
}

void wl_free(wl_workload *w)
{
	free(w->orders);
	free(w->events);
	memset(w, 0, sizeof(*w));
}

const wl_order *wl_order_of(const wl_workload *w, const wl_event *e)
{
	return &w->orders[e->order - 1];
}

/* ---- JSON ------------------------------------------------------------------- */

void wl_stream(int64_t id, char out[32])
{
	snprintf(out, 32, "order-%" PRId64, id);
}

void wl_iso(int64_t t, char out[24])
{
	time_t s = (time_t)t;
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static size_t render_placed(const wl_order *o, char *buf)
{
	char at[24];
	int n;

	wl_iso(o->placed_at, at);
	n = snprintf(buf, WL_DATA_MAX,
		     "{\"orderId\":%" PRId64 ",\"customerId\":\"cust-%05d\","
		     "\"currency\":\"EUR\",\"placedAt\":\"%s\",\"totalCents\":"
		     "%" PRId64 ",\"lines\":[",
		     o->id, o->customer, at, o->total);
	for (int l = 0; l < o->nlines; l++) {
		char sku[16], name[32];
		int k = o->product[l];

		wl_catalog_sku(k, sku);
		wl_catalog_name(k, name);
		n += snprintf(buf + n, WL_DATA_MAX - (size_t)n,
			      "%s{\"sku\":\"%s\",\"name\":\"%s\","
			      "\"unitPriceCents\":%" PRId64 ",\"qty\":%d}",
			      l ? "," : "", sku, name, wl_catalog_price(k),
			      o->qty[l]);
	}
	n += snprintf(buf + n, WL_DATA_MAX - (size_t)n, "]}");
	return (size_t)n;
}

size_t wl_render_data(const wl_order *o, int seq, char *buf)
{
	const char *carrier = carriers[o->carrier];
	char at[24];
	int n = 0;

	wl_iso(o->at[seq], at);
	switch (o->types[seq]) {
	case WL_PLACED:
		return render_placed(o, buf);
	case WL_PAID:
		n = snprintf(buf, WL_DATA_MAX,
			     "{\"orderId\":%" PRId64 ",\"paymentId\":\"pay-"
			     "%08" PRId64 "\",\"method\":\"card\",\"amountCents\":"
			     "%" PRId64 ",\"currency\":\"EUR\",\"cardLast4\":"
			     "\"%04d\",\"pspReference\":\"PSP-%010" PRId64
			     "-%04d\",\"at\":\"%s\"}",
			     o->id, o->id, o->total, o->last4, o->id, o->last4,
			     at);
		break;
	case WL_CANCELLED:
		n = snprintf(buf, WL_DATA_MAX,
			     "{\"orderId\":%" PRId64 ",\"reason\":\"%s\","
			     "\"refundCents\":%" PRId64 ",\"at\":\"%s\"}",
			     o->id, cancel_reasons[o->reason], o->total, at);
		break;
	case WL_SHIPPED:
		n = snprintf(
		    buf, WL_DATA_MAX,
		    "{\"orderId\":%" PRId64 ",\"shipmentId\":\"shp-%08" PRId64
		    "\",\"carrier\":\"%s\",\"trackingNumber\":\"%s%012" PRId64
		    "\",\"warehouse\":\"WH-%d\",\"address\":{\"street\":\"%d "
		    "%s\",\"city\":\"%s\",\"zip\":\"%05d\",\"country\":\"DE\"},"
		    "\"at\":\"%s\"}",
		    o->id, o->id, carrier, carrier, o->id * 7 + o->last4,
		    o->warehouse, o->street_no, streets[o->street_no % 5],
		    cities[o->city], 10000 + o->street_no * 89, at);
		break;
	case WL_DELIVERED:
		n = snprintf(buf, WL_DATA_MAX,
			     "{\"orderId\":%" PRId64 ",\"shipmentId\":\"shp-"
			     "%08" PRId64 "\",\"signedBy\":\"%s\","
			     "\"proofOfDelivery\":\"POD-%s-%010" PRId64
			     "-%04d\",\"at\":\"%s\"}",
			     o->id, o->id,
			     signers[(o->customer + o->id) % 8], carrier,
			     o->id, o->last4, at);
		break;
	case WL_REFUNDED:
		n = snprintf(buf, WL_DATA_MAX,
			     "{\"orderId\":%" PRId64 ",\"refundId\":\"ref-"
			     "%08" PRId64 "\",\"amountCents\":%" PRId64
			     ",\"reason\":\"%s\",\"at\":\"%s\"}",
			     o->id, o->id, o->total * o->refund_pct / 100,
			     refund_reasons[o->reason], at);
		break;
	case WL__TYPES:
		break;
	}
	return (size_t)n;
}

void wl_file_sha256(const wl_workload *w, char hex[65], uint64_t *bytes)
{
	char line[WL_DATA_MAX + 128], stream[32];
	bo_sha256 s;

	*bytes = 0;
	bo_sha256_init(&s);
	for (size_t k = 0; k < w->nevents; k++) {
		const wl_event *e = &w->events[k];
		const wl_order *o = wl_order_of(w, e);
		int n;

		wl_stream(o->id, stream);
		n = snprintf(line, sizeof(line),
			     "{\"stream\":\"%s\",\"type\":\"%s\",\"data\":",
			     stream, type_names[e->type]);
		n += (int)wl_render_data(o, e->seq, line + n);
		line[n++] = '}';
		line[n++] = '\n';
		bo_sha256_update(&s, line, (size_t)n);
		*bytes += (uint64_t)n;
	}
	bo_sha256_hex(&s, hex);
}

/* ---- the fold --------------------------------------------------------------- */

void wl_fold_init(wl_fold *f)
{
	memset(f, 0, sizeof(*f));
}

void wl_fold_free(wl_fold *f)
{
	free(f->days);
	free(f->status);
	memset(f, 0, sizeof(*f));
}

static wl_day *day_slot(wl_fold *f, const char *day)
{
	/* events come roughly in time order: search from the newest day */
	for (size_t i = f->ndays; i-- > 0;)
		if (!memcmp(f->days[i].day, day, 10))
			return &f->days[i];
	if (f->ndays == f->capdays) {
		size_t cap = f->capdays ? f->capdays * 2 : 64;
		wl_day *d = realloc(f->days, cap * sizeof(*d));

		if (!d)
			return NULL;
		f->days = d;
		f->capdays = cap;
	}
	memcpy(f->days[f->ndays].day, day, 10);
	f->days[f->ndays].day[10] = '\0';
	f->days[f->ndays].cents = 0;
	return &f->days[f->ndays++];
}

void wl_fold_add(wl_fold *f, wl_type t, int64_t order, const char *day,
		 int64_t delta)
{
	if (order < 1 || t < 0 || t >= WL__TYPES) {
		f->failed = 1;
		return;
	}
	if (order >= f->capstatus) {
		int64_t cap = f->capstatus ? f->capstatus : 1024;
		unsigned char *s;

		while (cap <= order)
			cap *= 2;
		if (!(s = realloc(f->status, (size_t)cap))) {
			f->failed = 1;
			return;
		}
		memset(s + f->capstatus, 0, (size_t)(cap - f->capstatus));
		f->status = s;
		f->capstatus = cap;
	}
	f->status[order] = (unsigned char)(t + 1);
	f->events++;
	if (t == WL_PAID || t == WL_CANCELLED || t == WL_REFUNDED) {
		wl_day *d = day ? day_slot(f, day) : NULL;

		if (!d) {
			f->failed = 1;
			return;
		}
		d->cents += t == WL_PAID ? delta : -delta;
	}
}

/* The value after "key": in json, spaces allowed around the colon. */
static const char *value_of(const char *json, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = strchr(json, '"'); p; p = strchr(p + 1, '"')) {
		if (strncmp(p + 1, key, n) || p[n + 1] != '"')
			continue;
		p += n + 2;
		while (*p == ' ')
			p++;
		if (*p != ':')
			continue;
		p++;
		while (*p == ' ')
			p++;
		return p;
	}
	return NULL;
}

void wl_fold_json(wl_fold *f, wl_type t, const char *json)
{
	const char *id = value_of(json, "orderId"), *at = NULL, *amount = NULL;

	if (t == WL_PAID || t == WL_REFUNDED)
		amount = value_of(json, "amountCents");
	else if (t == WL_CANCELLED)
		amount = value_of(json, "refundCents");
	if (amount && !(at = value_of(json, "at")))
		amount = NULL;
	if (!id || ((t == WL_PAID || t == WL_REFUNDED || t == WL_CANCELLED) &&
		    (!amount || *at != '"'))) {
		f->failed = 1;
		return;
	}
	wl_fold_add(f, t, strtoll(id, NULL, 10), at ? at + 1 : NULL,
		    amount ? strtoll(amount, NULL, 10) : 0);
}

static int by_day(const void *a, const void *b)
{
	return strcmp(((const wl_day *)a)->day, ((const wl_day *)b)->day);
}

void wl_fold_digest(const wl_fold *f, char out[17], char *summary, size_t cap)
{
	static const wl_type by_name[WL__TYPES] = {
	    WL_CANCELLED, WL_DELIVERED, WL_PAID,
	    WL_PLACED,    WL_REFUNDED,  WL_SHIPPED}; /* status names sorted */
	int64_t count[WL__TYPES] = {0};
	wl_day *days = malloc((f->ndays ? f->ndays : 1) * sizeof(*days));
	size_t len = 0, size = 64 + f->ndays * 40;
	char *text = malloc(size), hex[65];
	int first = 1;

	if (!days || !text) {
		snprintf(out, 17, "%s", "out-of-memory!!!");
		free(days);
		free(text);
		return;
	}
	if (f->ndays)
		memcpy(days, f->days, f->ndays * sizeof(*days));
	qsort(days, f->ndays, sizeof(*days), by_day);
	for (int64_t i = 1; i < f->capstatus; i++)
		if (f->status[i])
			count[f->status[i] - 1]++;
	len += (size_t)snprintf(text + len, size - len, "{\"revenueByDay\":{");
	for (size_t i = 0; i < f->ndays; i++)
		len += (size_t)snprintf(text + len, size - len,
					"%s\"%s\":%" PRId64, i ? "," : "",
					days[i].day, days[i].cents);
	len += (size_t)snprintf(text + len, size - len,
				"},\"ordersByStatus\":{");
	for (int k = 0; k < WL__TYPES; k++) {
		wl_type t = by_name[k];

		if (!count[t])
			continue;
		len += (size_t)snprintf(text + len, size - len,
					"%s\"%s\":%" PRId64, first ? "" : ",",
					status_names[t], count[t]);
		first = 0;
	}
	len += (size_t)snprintf(text + len, size - len, "}}");
	bo_sha256_text(text, len, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	if (summary && cap)
		snprintf(summary, cap, "%s", text);
	free(days);
	free(text);
}

void wl_fold_workload(const wl_workload *w, wl_fold *f)
{
	for (size_t k = 0; k < w->nevents; k++) {
		const wl_event *e = &w->events[k];
		const wl_order *o = wl_order_of(w, e);
		int64_t delta = 0;
		char day[24];

		wl_iso(e->at, day);
		if (e->type == WL_PAID || e->type == WL_CANCELLED)
			delta = o->total;
		else if (e->type == WL_REFUNDED)
			delta = o->total * o->refund_pct / 100;
		wl_fold_add(f, (wl_type)e->type, o->id, day, delta);
	}
}
