/* Report services: role check, catch-up, the derived figures, and event queries over the log. */
#include "app_reports.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "product.h"
#include "projections/engine.h"
#include "projections/reports.h"
#include "text.h"

#define SCAN_BATCH 2000

/* ---- figures -------------------------------------------------------------- */

static int day_sum(bo_report_day *acc, const bo_report_day *d)
{
	if (bo_money_add(&acc->orders_placed, acc->orders_placed,
			 d->orders_placed) ||
	    bo_money_add(&acc->placed_value, acc->placed_value,
			 d->placed_value) ||
	    bo_money_add(&acc->orders_paid, acc->orders_paid, d->orders_paid) ||
	    bo_money_add(&acc->payments, acc->payments, d->payments) ||
	    bo_money_add(&acc->payment_failures, acc->payment_failures,
			 d->payment_failures) ||
	    bo_money_add(&acc->cancellations, acc->cancellations,
			 d->cancellations) ||
	    bo_money_add(&acc->gross, acc->gross, d->gross) ||
	    bo_money_add(&acc->tax, acc->tax, d->tax) ||
	    bo_money_add(&acc->refunds, acc->refunds, d->refunds) ||
	    bo_money_add(&acc->refund_tax, acc->refund_tax, d->refund_tax))
		return BO_EINVAL;
	return BO_OK;
}

static int too_big(bo_err *err)
{
	return bo_err_set(err, BO_EINVAL,
			  "the figures of the period are too large to add up");
}

int bo_report_figures_from(bo_report_figures *out, const bo_report_day *d,
			   bo_err *err)
{
	bo_report_figures f = {0};
	int64_t kept, tries;

	f.day = d->day;
	f.orders_placed = d->orders_placed;
	f.orders_paid = d->orders_paid;
	f.placed_value = d->placed_value;
	f.gross = d->gross;
	f.tax = d->tax;
	f.refunds = d->refunds;
	f.refund_tax = d->refund_tax;
	f.payments = d->payments;
	f.payment_failures = d->payment_failures;
	f.cancellations = d->cancellations;
	if (bo_money_sub(&f.net, f.gross, f.tax) ||
	    bo_money_sub(&kept, f.refunds, f.refund_tax) ||
	    bo_money_sub(&f.net_after_refunds, f.net, kept) ||
	    bo_money_add(&tries, f.payments, f.payment_failures))
		return too_big(err);
	if (f.orders_placed > 0)
		f.average_order_value =
		    bo_report_prorate(f.placed_value, 1, f.orders_placed);
	if (tries > 0)
		f.payment_failure_rate_bp =
		    bo_report_prorate(10000, f.payment_failures, tries);
	*out = f;
	return BO_OK;
}

/* Puts the k-th smallest of v[0..n) at v[k], with nothing larger before
 * it and nothing smaller after (quickselect: Hoare's partition around the
 * median of three, kept on the side that holds k; linear on average, and
 * sorted or all-equal input splits evenly). */
static void select_kth(int64_t *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;

	while (lo < hi) {
		ptrdiff_t i = lo, j = hi, mid = lo + (hi - lo) / 2;
		int64_t a = v[lo], b = v[mid], c = v[hi], pivot, t;

		pivot = a < b ? (b < c ? b : (a < c ? c : a))
			      : (a < c ? a : (b < c ? c : b));
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* v[lo..j] <= pivot <= v[i..hi]; between them, the pivot */
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			return;
	}
}

void bo_report_stats_of(bo_report_stats *out, int64_t *v, size_t n)
{
	size_t median, p95;
	int64_t max;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	/* rank ceil(q n), 1-based: ceil(n / 2) and ceil(95 n / 100); found by
	 * selection, in linear time, not by sorting (a million shipped orders
	 * on the dashboard) */
	median = (n + 1) / 2 - 1;
	p95 = (n * 95 + 99) / 100 - 1;
	out->count = (int64_t)n;
	select_kth(v, n, p95);
	out->p95 = v[p95];
	/* what is left of p95 is no larger: the median is among them */
	select_kth(v, p95 + 1, median);
	out->median = v[median];
	max = v[p95];
	for (size_t i = p95 + 1; i < n; i++)
		if (v[i] > max)
			max = v[i];
	out->max = max;
}

/* ---- projected reports ---------------------------------------------------- */

/* The role check and the period check every report starts with. A report
 * reads the read model as it is and never writes: the write side keeps it
 * caught up (see bo_projections_follow); bo_app_projections_lag says how
 * far behind it is. */
static int prepare(bo_app *app, int64_t from_day, int64_t to_day, bo_err *err)
{
	if (!bo_role_may(app->role, BO_CAP_REPORT_READ))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not read reports",
				  app->user, bo_role_name(app->role));
	if (from_day > to_day)
		return bo_err_set(err, BO_EINVAL,
				  "the period starts after it ends");
	return BO_OK;
}

typedef struct sum_ctx {
	bo_report_day acc;
	int overflow;
} sum_ctx;

static int sum_each(void *ctx, const bo_report_day *d)
{
	sum_ctx *s = ctx;

	if (day_sum(&s->acc, d) != BO_OK) {
		s->overflow = 1;
		return 1;
	}
	return 0;
}

int bo_report_summary(bo_app *app, int64_t from_day, int64_t to_day,
		      bo_report_figures *out, bo_err *err)
{
	sum_ctx s = {{0}, 0};
	int rc;

	if ((rc = prepare(app, from_day, to_day, err)) != BO_OK)
		return rc;
	rc = bo_rs_days(&app->ports->reports, from_day, to_day, sum_each, &s,
			err);
	if (s.overflow)
		return too_big(err);
	if (rc != BO_OK)
		return rc;
	s.acc.day = from_day;
	return bo_report_figures_from(out, &s.acc, err);
}

typedef struct daily_ctx {
	bo_report_figures *rows;
	int64_t from_day;
	bo_err *err;
	int rc;
} daily_ctx;

static int daily_each(void *ctx, const bo_report_day *d)
{
	daily_ctx *c = ctx;

	c->rc =
	    bo_report_figures_from(&c->rows[d->day - c->from_day], d, c->err);
	return c->rc != BO_OK;
}

int bo_report_daily(bo_app *app, int64_t from_day, int64_t to_day,
		    bo_report_figures **out, size_t *n, bo_err *err)
{
	daily_ctx c = {NULL, from_day, err, BO_OK};
	size_t count;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = prepare(app, from_day, to_day, err)) != BO_OK)
		return rc;
	if (to_day - from_day >= 1000000)
		return bo_err_set(err, BO_EINVAL,
				  "a daily report covers at most 1000000 days");
	count = (size_t)(to_day - from_day + 1);
	if (!(c.rows = calloc(count, sizeof(*c.rows))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < count; i++)
		c.rows[i].day = from_day + (int64_t)i;
	rc = bo_rs_days(&app->ports->reports, from_day, to_day, daily_each, &c,
			err);
	if (c.rc != BO_OK)
		rc = c.rc;
	if (rc != BO_OK) {
		free(c.rows);
		return rc;
	}
	*out = c.rows;
	*n = count;
	return BO_OK;
}

void bo_report_products_free(bo_report_product *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		bo_report_product_clear(&p[i]);
	free(p);
}

/* A growable list of owned product rows. */
typedef struct product_list {
	bo_report_product *items;
	size_t n, cap;
} product_list;

static int list_push(product_list *l, const bo_report_product *p)
{
	bo_report_product *dst;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		bo_report_product *grown =
		    realloc(l->items, cap * sizeof(*grown));
		if (!grown)
			return BO_ENOMEM;
		l->items = grown;
		l->cap = cap;
	}
	dst = &l->items[l->n];
	*dst = *p;
	dst->sku = bo_strdup(p->sku);
	dst->name = bo_strdup(p->name ? p->name : "");
	if (!dst->sku || !dst->name) {
		bo_report_product_clear(dst);
		return BO_ENOMEM;
	}
	l->n++;
	return BO_OK;
}

static int products_each(void *ctx, const bo_report_product *p)
{
	return list_push(ctx, p) != BO_OK;
}

int bo_report_products(bo_app *app, int64_t from_day, int64_t to_day,
		       const char *sku, int64_t limit, bo_report_product **out,
		       size_t *n, bo_err *err)
{
	bo_report_product_query q = {from_day, to_day, sku, limit};
	product_list l = {0};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = prepare(app, from_day, to_day, err)) != BO_OK)
		return rc;
	rc = bo_rs_products(&app->ports->reports, &q, products_each, &l, err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc != BO_OK) {
		bo_report_products_free(l.items, l.n);
		return rc;
	}
	*out = l.items;
	*n = l.n;
	return BO_OK;
}

static int found_each(void *ctx, const bo_report_product *p)
{
	(void)p;
	*(int *)ctx = 1;
	return 1;
}

int bo_report_sku_known(bo_app *app, const char *sku, bo_err *err)
{
	/* every day a report store can hold, as day numbers */
	bo_report_product_query q = {INT32_MIN, INT32_MAX, sku, 1};
	bo_product p;
	int found = 0, rc;

	if ((rc = prepare(app, 0, 0, err)) != BO_OK)
		return rc;
	memset(&p, 0, sizeof(p));
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &p, err);
	bo_product_clear(&p);
	if (rc != BO_ENOTFOUND)
		return rc;
	bo_err_clear(err);
	rc = bo_rs_products(&app->ports->reports, &q, found_each, &found, err);
	if (rc < 0)
		return rc;
	if (found)
		return BO_OK;
	return bo_err_set(err, BO_ENOTFOUND,
			  "there is no product %s, and none was ever sold",
			  sku);
}

static void funnel_of(bo_report_statuses *out,
		      const int64_t counts[BO_ORDER_CANCELLED + 1])
{
	out->placed = counts[BO_ORDER_PLACED];
	out->paid = counts[BO_ORDER_PAID];
	out->shipped = counts[BO_ORDER_SHIPPED];
	out->delivered = counts[BO_ORDER_DELIVERED];
	out->cancelled = counts[BO_ORDER_CANCELLED];
	out->total = out->placed + out->paid + out->shipped + out->delivered +
		     out->cancelled;
}

int bo_report_funnel(bo_app *app, int64_t from_day, int64_t to_day,
		     bo_report_statuses *out, bo_err *err)
{
	int64_t counts[BO_ORDER_CANCELLED + 1];
	int rc;

	if ((rc = prepare(app, from_day, to_day, err)) != BO_OK ||
	    (rc = bo_rs_funnel(
		 &app->ports->reports,
		 bo_local_day_start_ms(app->ports->zone, from_day),
		 bo_local_day_start_ms(app->ports->zone, to_day + 1), counts,
		 err)) != BO_OK)
		return rc;
	funnel_of(out, counts);
	return BO_OK;
}

static int leg_stats(bo_app *app, bo_report_leg leg, int64_t from_ms,
		     int64_t to_ms, bo_report_stats *out, bo_err *err)
{
	int64_t *d = NULL;
	size_t n = 0;
	int rc = bo_rs_durations(&app->ports->reports, leg, from_ms, to_ms, &d,
				 &n, err);

	if (rc == BO_OK)
		bo_report_stats_of(out, d, n);
	free(d);
	return rc;
}

int bo_report_shipping(bo_app *app, int64_t from_day, int64_t to_day,
		       bo_report_times *out, bo_err *err)
{
	int64_t from_ms = bo_local_day_start_ms(app->ports->zone, from_day);
	int64_t to_ms = bo_local_day_start_ms(app->ports->zone, to_day + 1);
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(app, from_day, to_day, err)) != BO_OK ||
	    (rc = leg_stats(app, BO_REPORT_TO_SHIP, from_ms, to_ms,
			    &out->to_ship, err)) != BO_OK)
		return rc;
	return leg_stats(app, BO_REPORT_TO_DELIVER, from_ms, to_ms,
			 &out->to_deliver, err);
}

/* ---- event queries: folding the log --------------------------------------- */

/* One order while folding; its lines' strings are interned, not owned. */
typedef struct scan_order {
	bo_report_order o;
	bo_report_line *lines;
	size_t nlines;
} scan_order;

typedef struct scan {
	int64_t from_ms, to_ms;
	const char *sku;
	const bo_zone *zone; /* days are its local days */
	scan_order *orders;
	size_t norders, cap;
	size_t *slots; /* open addressing: index + 1 into orders, 0 empty */
	size_t nslots;
	char **strs; /* interned SKUs and names (open addressing) */
	size_t nstrs, nstr_slots;
	bo_report_day sum;
	bo_report_product *prods; /* by SKU; strings interned */
	size_t nprods;
	int overflow;
} scan;

static size_t hash_id(int64_t id)
{
	uint64_t x = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(x ^ (x >> 29));
}

static size_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

static scan_order *find_order(const scan *s, int64_t id)
{
	if (!s->nslots)
		return NULL;
	for (size_t i = hash_id(id) & (s->nslots - 1);;
	     i = (i + 1) & (s->nslots - 1)) {
		size_t at = s->slots[i];
		if (!at)
			return NULL;
		if (s->orders[at - 1].o.id == id)
			return &s->orders[at - 1];
	}
}

/* Puts index + 1 of orders[k] into the table (there is a free slot). */
static void slot_in(scan *s, size_t k)
{
	size_t i = hash_id(s->orders[k].o.id) & (s->nslots - 1);

	while (s->slots[i])
		i = (i + 1) & (s->nslots - 1);
	s->slots[i] = k + 1;
}

/* A new, zeroed order with that id; NULL on ENOMEM. */
static scan_order *add_order(scan *s, int64_t id)
{
	if (s->norders == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		scan_order *grown = realloc(s->orders, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		s->orders = grown;
		s->cap = cap;
	}
	/* keep the table at most half full */
	if (2 * (s->norders + 1) > s->nslots) {
		size_t n = s->nslots ? s->nslots * 2 : 2048;
		size_t *slots = calloc(n, sizeof(*slots));
		if (!slots)
			return NULL;
		free(s->slots);
		s->slots = slots;
		s->nslots = n;
		for (size_t k = 0; k < s->norders; k++)
			slot_in(s, k);
	}
	memset(&s->orders[s->norders], 0, sizeof(s->orders[0]));
	s->orders[s->norders].o.id = id;
	slot_in(s, s->norders);
	return &s->orders[s->norders++];
}

/* The interned copy of text; NULL on ENOMEM. */
static char *intern(scan *s, const char *text)
{
	size_t i;

	if (2 * (s->nstrs + 1) > s->nstr_slots) {
		size_t n = s->nstr_slots ? s->nstr_slots * 2 : 1024;
		char **grown = calloc(n, sizeof(*grown));
		if (!grown)
			return NULL;
		for (size_t k = 0; k < s->nstr_slots; k++) {
			if (!s->strs[k])
				continue;
			for (i = hash_str(s->strs[k]) & (n - 1); grown[i];
			     i = (i + 1) & (n - 1))
				;
			grown[i] = s->strs[k];
		}
		free(s->strs);
		s->strs = grown;
		s->nstr_slots = n;
	}
	for (i = hash_str(text) & (s->nstr_slots - 1); s->strs[i];
	     i = (i + 1) & (s->nstr_slots - 1))
		if (strcmp(s->strs[i], text) == 0)
			return s->strs[i];
	if (!(s->strs[i] = bo_strdup(text)))
		return NULL;
	s->nstrs++;
	return s->strs[i];
}

static void scan_free(scan *s)
{
	for (size_t k = 0; k < s->norders; k++)
		free(s->orders[k].lines);
	free(s->orders);
	free(s->slots);
	for (size_t k = 0; k < s->nstr_slots; k++)
		free(s->strs[k]);
	free(s->strs);
	free(s->prods);
	memset(s, 0, sizeof(*s));
}

/* Adds to the SKU's figures in the period (name: the latest seen). */
static int prod_add(scan *s, const bo_report_line *l, int64_t day,
		    int64_t units, int64_t revenue, int64_t refunds)
{
	size_t lo = 0, hi = s->nprods;
	bo_report_product *p;

	if (s->sku && strcmp(s->sku, l->sku) != 0)
		return BO_OK;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->prods[mid].sku, l->sku) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->nprods || strcmp(s->prods[lo].sku, l->sku) != 0) {
		bo_report_product *grown =
		    realloc(s->prods, (s->nprods + 1) * sizeof(*grown));
		if (!grown)
			return BO_ENOMEM;
		s->prods = grown;
		memmove(&s->prods[lo + 1], &s->prods[lo],
			(s->nprods - lo) * sizeof(*grown));
		memset(&s->prods[lo], 0, sizeof(*grown));
		s->prods[lo].sku = l->sku;
		s->nprods++;
	}
	p = &s->prods[lo];
	p->day = day;
	p->name = l->name;
	if (bo_money_add(&p->units, p->units, units) ||
	    bo_money_add(&p->revenue, p->revenue, revenue) ||
	    bo_money_add(&p->refunds, p->refunds, refunds))
		s->overflow = 1;
	return BO_OK;
}

static int scan_products(scan *s, const scan_order *so, bo_report_effect effect,
			 int64_t amount, int64_t day)
{
	int64_t *parts = NULL;
	int rc = BO_OK;

	if (effect == BO_REPORT_NO_PRODUCTS || so->nlines == 0)
		return BO_OK;
	if (effect == BO_REPORT_REFUNDED &&
	    (!(parts = calloc(so->nlines, sizeof(*parts))) ||
	     bo_report_split(parts, amount, so->lines, so->nlines) != BO_OK)) {
		free(parts);
		return BO_ENOMEM;
	}
	for (size_t i = 0; i < so->nlines && rc == BO_OK; i++) {
		const bo_report_line *l = &so->lines[i];
		if (effect == BO_REPORT_SOLD)
			rc = prod_add(s, l, day, l->quantity, l->gross, 0);
		else if (parts[i] != 0)
			rc = prod_add(s, l, day, 0, 0, parts[i]);
	}
	free(parts);
	return rc;
}

/* Keeps the lines of a placed order, interned (or none when a SKU filter
 * rules the whole order out: it can never count). */
static int keep_lines(scan *s, scan_order *so, const bo_report_line *lines,
		      size_t n)
{
	bool wanted = !s->sku;

	for (size_t i = 0; i < n && !wanted; i++)
		wanted = strcmp(lines[i].sku, s->sku) == 0;
	free(so->lines);
	so->lines = NULL;
	so->nlines = 0;
	if (!wanted || n == 0)
		return BO_OK;
	if (!(so->lines = calloc(n, sizeof(*so->lines))))
		return BO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		so->lines[i] = lines[i];
		so->lines[i].sku = intern(s, lines[i].sku);
		so->lines[i].name = intern(s, lines[i].name);
		if (!so->lines[i].sku || !so->lines[i].name) {
			free(so->lines);
			so->lines = NULL;
			return BO_ENOMEM;
		}
	}
	so->nlines = n;
	return BO_OK;
}

static int scan_event(scan *s, const bo_event *e, bo_err *err)
{
	bo_report_effect effect;
	bo_report_day delta;
	scan_order *so;
	int64_t id;
	int in_range =
	    e->recorded_at >= s->from_ms && e->recorded_at < s->to_ms;
	int rc;

	if (e->kind == BO_EV_NOTE_ADDED || e->kind == BO_EV_UNKNOWN ||
	    bo_event_is_product(e->kind) ||
	    (id = bo_stream_id(e->stream, "order")) <= 0)
		return BO_OK;
	so = find_order(s, id);
	if (e->kind == BO_EV_ORDER_PLACED) {
		bo_report_line *lines = NULL;
		size_t n = 0;

		if (!so && !(so = add_order(s, id)))
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		if ((rc = bo_reports_placed(&so->o, &lines, &n, &delta, &effect,
					    s->zone, e, err)) != BO_OK)
			return rc;
		rc = keep_lines(s, so, lines, n);
		bo_report_lines_free(lines, n);
		if (rc != BO_OK)
			return bo_err_set(err, rc, "out of memory");
	} else {
		if (!so)
			return BO_OK;
		if ((rc = bo_reports_fold(&so->o, &delta, &effect, s->zone, e,
					  err)) != BO_OK)
			return rc;
	}
	if (!in_range)
		return BO_OK;
	if (day_sum(&s->sum, &delta) != BO_OK)
		s->overflow = 1;
	if (scan_products(s, so, effect, e->amount, delta.day) != BO_OK)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

/* Funnel and shipping from the orders' final facts. */
static int scan_finish(scan *s, bo_report_scan *out, bo_err *err)
{
	int64_t counts[BO_ORDER_CANCELLED + 1] = {0};
	int64_t *ship = NULL, *deliver = NULL;
	size_t nship = 0, ndeliver = 0;

	if (s->norders &&
	    (!(ship = malloc(s->norders * sizeof(*ship))) ||
	     !(deliver = malloc(s->norders * sizeof(*deliver))))) {
		free(ship);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < s->norders; k++) {
		const bo_report_order *o = &s->orders[k].o;
		if (o->placed_at >= s->from_ms && o->placed_at < s->to_ms &&
		    o->status > BO_ORDER_NONE &&
		    o->status <= BO_ORDER_CANCELLED)
			counts[o->status]++;
		if (o->shipped_at && o->shipped_at >= s->from_ms &&
		    o->shipped_at < s->to_ms)
			ship[nship++] = o->shipped_at - o->paid_at;
		if (o->delivered_at && o->delivered_at >= s->from_ms &&
		    o->delivered_at < s->to_ms)
			deliver[ndeliver++] = o->delivered_at - o->shipped_at;
	}
	funnel_of(&out->funnel, counts);
	bo_report_stats_of(&out->shipping.to_ship, ship, nship);
	bo_report_stats_of(&out->shipping.to_deliver, deliver, ndeliver);
	free(ship);
	free(deliver);
	return BO_OK;
}

static int revenue_then_sku(const void *a, const void *b)
{
	const bo_report_product *x = a, *y = b;

	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->sku, y->sku);
}

int bo_report_scan_log(bo_app *app, int64_t from_ms, int64_t to_ms,
		       const char *sku, bo_report_scan *out, bo_err *err)
{
	bo_event_list batch = {0};
	product_list l = {0};
	scan s = {0};
	int64_t after = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!bo_role_may(app->role, BO_CAP_REPORT_READ))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not read reports",
				  app->user, bo_role_name(app->role));
	if (from_ms >= to_ms)
		return bo_err_set(err, BO_EINVAL,
				  "the period must end after it starts");
	s.from_ms = from_ms;
	s.to_ms = to_ms;
	s.sku = sku;
	s.zone = app->ports->zone;
	for (;;) {
		rc = bo_event_store_read_all(&app->ports->events, after,
					     SCAN_BATCH, &batch, err);
		if (rc != BO_OK || batch.n == 0)
			break;
		for (size_t i = 0; i < batch.n && rc == BO_OK; i++)
			rc = scan_event(&s, &batch.items[i], err);
		if (rc != BO_OK)
			break;
		after = batch.items[batch.n - 1].position;
		bo_event_list_clear(&batch);
	}
	bo_event_list_clear(&batch);
	if (rc == BO_OK && s.overflow)
		rc = too_big(err);
	if (rc == BO_OK) {
		s.sum.day = bo_local_day_of_ms(s.zone, from_ms);
		rc = bo_report_figures_from(&out->figures, &s.sum, err);
	}
	if (rc == BO_OK)
		rc = scan_finish(&s, out, err);
	if (rc == BO_OK && s.nprods) {
		qsort(s.prods, s.nprods, sizeof(*s.prods), revenue_then_sku);
		for (size_t i = 0; i < s.nprods && rc == BO_OK; i++)
			if (list_push(&l, &s.prods[i]) != BO_OK)
				rc =
				    bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	scan_free(&s);
	if (rc != BO_OK) {
		bo_report_products_free(l.items, l.n);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->products = l.items;
	out->nproducts = l.n;
	return BO_OK;
}

void bo_report_scan_clear(bo_report_scan *s)
{
	if (!s)
		return;
	bo_report_products_free(s->products, s->nproducts);
	memset(s, 0, sizeof(*s));
}
