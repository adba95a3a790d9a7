/* Demo data: a seeded shop simulation that drives the application services. */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "projections/engine.h"
#include "text.h"

#define NEVER INT64_MAX
#define MAX_LINES 5

/* ---- the simulated environment --------------------------------------------- */

static int64_t sim_now(void *self)
{
	return ((sim *)self)->now;
}

static void sim_uuid(void *self, char out[BO_UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	sim *s = self;
	uint64_t hi = bo_demo_next(&s->ids), lo = bo_demo_next(&s->ids);
	size_t o = 0;

	hi = (hi & ~0xF000ULL) | 0x4000ULL;       /* version 4 */
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62); /* RFC 4122 variant */
	for (int i = 0; i < 32; i++) {
		uint64_t word = i < 16 ? hi : lo;
		int shift = 60 - 4 * (i % 16);

		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = hex[(word >> shift) & 0xF];
	}
	out[o] = '\0';
}

/* ---- staff ----------------------------------------------------------------- */

static const struct {
	const char *name, *role;
} staff[] = {
    {"margot.lefevre", "admin"},  {"shop-front", "admin"},
    {"payments", "admin"},        {"warehouse", "admin"},
    {"carrier-updates", "admin"}, {"nadia.haddad", "support"},
    {"tom.becker", "support"},    {"lucia.romano", "support"},
    {"samir.cherif", "support"},  {"grace.okafor", "support"},
    {"julien.roux", "manager"},   {"hannah.lindqvist", "manager"},
};

#define NSTAFF (sizeof(staff) / sizeof(staff[0]))

/* ---- open orders ----------------------------------------------------------- */

typedef enum {
	ST_PLACE,
	ST_FAIL,
	ST_PAY_PART,
	ST_PAY,
	ST_CANCEL_UNPAID,
	ST_CANCEL_PAID,
	ST_REFUND_FULL,
	ST_SHIP,
	ST_DELIVER,
	ST_REFUND_PART,
	ST_NOTE,
	ST_DONE,
} step;

enum {
	PLAN_FAIL = 1,
	PLAN_CANCEL_UNPAID = 2,
	PLAN_SPLIT = 4,
	PLAN_CANCEL_PAID = 8,
	PLAN_PART_REFUND = 16,
	PLAN_NOTE = 32,
	PLAN_SLOW_PAY = 64, /* bank transfer rather than card */
};

/* What we keep about an order while it still has something to do. */
struct bo_demo_pending {
	int64_t at;   /* when the next step happens */
	uint64_t seq; /* ties on `at` go in scheduling order */
	int64_t id;
	int64_t total;
	int64_t paid;
	int64_t after_note; /* when the step behind a note happens */
	int64_t return_price;
	prng rng;
	uint16_t return_item;
	uint8_t next, behind_note, plan, done_steps, note_after;
};

/* ---- setup: staff ---------------------------------------------------------- */

static int open_actors(gen *g, bo_err *err)
{
	bo_clock clock = {sim_now, &g->env};
	bo_ids ids = {sim_uuid, &g->env};
	int rc;

	/* actors[0] is still the caller: adding users publishes no event, so
	 * the log does not depend on who ran the seed */
	for (size_t i = 0; i < NSTAFF; i++) {
		g->env.now += MIN;
		rc = bo_app_user_add(command(g, &g->actors[0]), staff[i].name,
				     staff[i].role, err);
		if (rc == BO_ECONFLICT)
			continue; /* kept as it is: --force over a used store */
		if (rc < 0)
			return rc;
		g->st.users++;
	}
	bo_app_close(&g->actors[0]);
	g->nopen = 0;
	for (size_t i = 0; i < NACTORS; i++) {
		if ((rc = bo_app_open(&g->actors[i], g->app->ports, &clock,
				      &ids, staff[i].name, err)) < 0)
			return rc;
		g->nopen = i + 1;
	}
	return BO_OK;
}

/* ---- arrivals: when orders come in ----------------------------------------- */

/* Orders per hour of the day (UTC), in relative units: quiet nights,
 * a lunch bump and an evening peak. */
static const unsigned hour_weight[24] = {
    8,  4,  2,  2,  2,  3,  6,  12, 20, 28, 34, 38,
    44, 42, 38, 36, 38, 44, 56, 70, 78, 72, 50, 24,
};

/* Sunday first: people shop online most at the weekend. */
static const unsigned weekday_weight[7] = {120, 95, 92, 97, 100, 104, 112};

/* Relative weight of [from, to), which lies within one UTC hour. */
static uint64_t span_weight(const gen *g, int64_t from, int64_t to)
{
	int64_t day = from / DAY, first = g->start / DAY;
	int64_t ndays = (g->end - 1) / DAY - first + 1;
	uint64_t growth, noise, f;
	prng p = bo_demo_stream(g->opt->seed, 5, (uint64_t)day);

	/* the shop grows from 70 % to 130 % of its mean over the period */
	growth =
	    70 + (uint64_t)(60 * (day - first) / (ndays > 1 ? ndays - 1 : 1));
	noise = 85 + bo_demo_below(&p, 31);
	f = growth * weekday_weight[(day + 4) % 7] * noise / 1000;
	if (bo_demo_below(&p, 29) == 0)
		f = f * 17 / 10; /* a promotion day */
	return f * hour_weight[(from / HOUR) % 24] * (uint64_t)(to - from) /
	       HOUR;
}

static void next_bucket(gen *g)
{
	g->b_cum += g->b_w;
	g->b_start = g->b_end;
	g->b_end = (g->b_start / HOUR + 1) * HOUR;
	if (g->b_end > g->end)
		g->b_end = g->end;
	g->b_w = g->b_start < g->end ? span_weight(g, g->b_start, g->b_end) : 0;
}

static void start_arrivals(gen *g)
{
	g->b_end = g->start;
	g->b_cum = g->b_w = 0;
	for (next_bucket(g); g->b_start < g->end; next_bucket(g))
		;
	g->total_w = g->b_cum;
	g->b_end = g->start;
	g->b_cum = g->b_w = 0;
	next_bucket(g);
	g->arrival = bo_demo_stream(g->opt->seed, 6, 0);
}

/*
 * Time of order k (0-based) of n: the k-th of n equal slices of the period's
 * weight, at a random point inside its slice. Times only grow, so the walk over
 * the hours goes forward once and keeps nothing per order.
 */
static int64_t arrival_time(gen *g, int64_t k)
{
	uint64_t n = (uint64_t)g->opt->orders;
	uint64_t target = ((uint64_t)k * g->total_w +
			   bo_demo_below(&g->arrival, g->total_w)) /
			  n;

	while (g->b_cum + g->b_w <= target && g->b_start < g->end)
		next_bucket(g);
	return g->b_start +
	       (int64_t)((target - g->b_cum) *
			 (uint64_t)(g->b_end - g->b_start) / g->b_w);
}

/* ---- the heap of open orders ----------------------------------------------- */

static int before(const pending *a, const pending *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static int heap_push(gen *g, pending *p, bo_err *err)
{
	size_t i;

	if (g->nheap == g->capheap) {
		size_t ncap = g->capheap ? 2 * g->capheap : 1024;
		pending *grown = realloc(g->heap, ncap * sizeof(*grown));

		if (!grown)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		g->heap = grown;
		g->capheap = ncap;
	}
	p->seq = g->seq++;
	for (i = g->nheap++; i > 0; i = (i - 1) / 2) {
		if (!before(p, &g->heap[(i - 1) / 2]))
			break;
		g->heap[i] = g->heap[(i - 1) / 2];
	}
	g->heap[i] = *p;
	return BO_OK;
}

static pending heap_pop(gen *g)
{
	pending top = g->heap[0], last = g->heap[--g->nheap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= g->nheap)
			break;
		if (c + 1 < g->nheap && before(&g->heap[c + 1], &g->heap[c]))
			c++;
		if (!before(&g->heap[c], &last))
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (g->nheap)
		g->heap[i] = last;
	return top;
}

/* ---- an order's life ------------------------------------------------------- */

/* The first step after placing. */
static step first_step(const pending *p)
{
	if (p->plan & PLAN_FAIL)
		return ST_FAIL;
	if (p->plan & PLAN_CANCEL_UNPAID)
		return ST_CANCEL_UNPAID;
	return p->plan & PLAN_SPLIT ? ST_PAY_PART : ST_PAY;
}

/* The step after `done`, by the order's plan. */
static step follow(const pending *p, step done)
{
	switch (done) {
	case ST_PLACE:
		return first_step(p);
	case ST_FAIL:
		if (p->plan & PLAN_CANCEL_UNPAID)
			return ST_CANCEL_UNPAID;
		return p->plan & PLAN_SPLIT ? ST_PAY_PART : ST_PAY;
	case ST_PAY_PART:
		return ST_PAY;
	case ST_PAY:
		return p->plan & PLAN_CANCEL_PAID ? ST_CANCEL_PAID : ST_SHIP;
	case ST_CANCEL_PAID:
		return ST_REFUND_FULL;
	case ST_SHIP:
		return ST_DELIVER;
	case ST_DELIVER:
		return p->plan & PLAN_PART_REFUND ? ST_REFUND_PART : ST_DONE;
	default:
		return ST_DONE;
	}
}

/* How long after the previous step (prev) the next one comes. */
static int64_t delay(pending *p, step next, step prev)
{
	prng *r = &p->rng;

	switch (next) {
	case ST_FAIL:
		return between(r, 20 * SEC, 4 * MIN);
	case ST_PAY_PART:
	case ST_PAY:
		if (prev == ST_PAY_PART)
			return between(r, 30 * SEC, 5 * MIN);
		if (prev == ST_FAIL)
			return between(r, 2 * MIN, 3 * HOUR);
		if (p->plan & PLAN_SLOW_PAY)
			return between(r, 3 * HOUR, 2 * DAY);
		return between(r, 30 * SEC, 12 * MIN);
	case ST_CANCEL_UNPAID:
		if (prev == ST_FAIL)
			return between(r, 2 * DAY, 3 * DAY);
		return between(r, 5 * MIN, 30 * HOUR);
	case ST_CANCEL_PAID:
		return between(r, 20 * MIN, 20 * HOUR);
	case ST_REFUND_FULL:
		return between(r, 5 * MIN, 3 * HOUR);
	case ST_SHIP:
		/* paid to shipped: 0 to 3 days, mostly the next working day */
		return chance(r, 6000) ? between(r, 1 * HOUR, 30 * HOUR)
				       : between(r, 30 * HOUR, 72 * HOUR);
	case ST_DELIVER:
		/* shipped to delivered: 1 to 6 days, mostly 2 or 3 */
		return chance(r, 7000) ? between(r, 30 * HOUR, 80 * HOUR)
				       : between(r, 24 * HOUR, 144 * HOUR);
	case ST_REFUND_PART:
		return between(r, 1 * DAY, 14 * DAY);
	default:
		return between(r, 1 * HOUR, 48 * HOUR); /* a note at the end */
	}
}

/* Puts the order back on the heap for its next step, with a support note
 * slipped in before it when the plan says so; drops it when done or when
 * the step falls after the period. */
static int schedule(gen *g, pending *p, step done, int64_t now, bo_err *err)
{
	step next = follow(p, done);
	int64_t at;

	p->done_steps++;
	if ((p->plan & PLAN_NOTE) && p->done_steps >= p->note_after) {
		p->plan &= (uint8_t)~PLAN_NOTE;
		at = now + delay(p, next, done);
		p->behind_note = (uint8_t)next;
		p->after_note = at;
		/* the note comes somewhere between the two steps */
		p->at =
		    now + between(&p->rng, 1, at - now > 1 ? at - now - 1 : 1);
		p->next = ST_NOTE;
	} else if (next == ST_DONE) {
		return BO_OK;
	} else {
		p->next = (uint8_t)next;
		p->at = now + delay(p, next, done);
	}
	if (p->at >= g->end) {
		g->st.open++;
		return BO_OK;
	}
	return heap_push(g, p, err);
}

static bo_app *support_agent(gen *g, prng *r)
{
	/* the operations lead handles some of it herself */
	if (chance(r, 1200))
		return fresh(g, &g->actors[ACT_LEAD]);
	return fresh(g, &g->actors[ACT_SUPPORT + bo_demo_below(r, NSUPPORT)]);
}

static void tracking_code(char *out, size_t size, const char *pattern, prng *r)
{
	size_t i;

	for (i = 0; pattern[i] && i + 1 < size; i++) {
		char c = pattern[i];

		if (c == 'D')
			c = (char)('0' + bo_demo_below(r, 10));
		else if (c == 'A')
			c = (char)('A' + bo_demo_below(r, 26));
		out[i] = c;
	}
	out[i] = '\0';
}

/* A refund after delivery: one returned unit, or a goodwill share. */
static int partial_refund(gen *g, pending *p, bo_app *who, bo_err *err)
{
	char amount[BO_MONEY_BUFSZ], reason[320];
	int64_t v, unit = 1;
	int rc;

	for (int e = 0; e < g->cur.exponent; e++)
		unit *= 10;
	if (p->return_price > 0 && p->return_price < p->paid &&
	    chance(&p->rng, 6000)) {
		v = p->return_price;
		snprintf(reason, sizeof(reason), "returned: %s",
			 g->items[p->return_item].name);
	} else {
		v = p->paid * between(&p->rng, 10, 30) / 100;
		if (v > unit)
			v -= v % unit; /* round amounts, like people agree on */
		snprintf(reason, sizeof(reason), "%s",
			 PICK(&p->rng, goodwill_reasons));
	}
	if (v < 1)
		v = 1;
	if (v > p->paid)
		v = p->paid;
	rc = bo_app_order_refund(
	    who, p->id, bo_money_format(amount, v, &g->cur), reason, err);
	if (rc == BO_OK) {
		g->st.refunds++;
		g->st.partial_refunds++;
	}
	return rc;
}

static int pay(gen *g, pending *p, int64_t v, bo_err *err)
{
	char amount[BO_MONEY_BUFSZ];
	int rc = bo_app_order_pay(fresh(g, &g->actors[ACT_PAYMENTS]), p->id,
				  bo_money_format(amount, v, &g->cur), err);

	if (rc == BO_OK) {
		p->paid += v;
		g->st.payments++;
	}
	return rc;
}

static int run_step(gen *g, pending *p, bo_err *err)
{
	step s = (step)p->next;
	prng *r = &p->rng;
	bo_app *who;
	char amount[BO_MONEY_BUFSZ], code[32];
	int rc = BO_OK;

	g->env.now = p->at;
	switch (s) {
	case ST_FAIL:
		rc = bo_app_order_fail_payment(
		    fresh(g, &g->actors[ACT_PAYMENTS]), p->id,
		    PICK(r, fail_reasons), err);
		g->st.failures += rc == BO_OK;
		break;
	case ST_PAY_PART: {
		/* a gift card covers part, the card the rest */
		int64_t part = p->total * between(r, 20, 60) / 100;

		if (part < 1 || part >= p->total) {
			p->plan &= (uint8_t)~PLAN_SPLIT;
			rc = pay(g, p, p->total - p->paid, err);
			s = ST_PAY;
		} else {
			rc = pay(g, p, part, err);
		}
		break;
	}
	case ST_PAY:
		rc = pay(g, p, p->total - p->paid, err);
		break;
	case ST_CANCEL_UNPAID:
		rc = bo_app_order_cancel(support_agent(g, r), p->id,
					 p->plan & PLAN_FAIL
					     ? PICK(r, cancel_after_failure)
					     : PICK(r, cancel_unpaid_reasons),
					 err);
		g->st.cancelled += rc == BO_OK;
		break;
	case ST_CANCEL_PAID:
		rc = bo_app_order_cancel(support_agent(g, r), p->id,
					 PICK(r, cancel_paid_reasons), err);
		g->st.cancelled += rc == BO_OK;
		break;
	case ST_REFUND_FULL:
		rc = bo_app_order_refund(
		    support_agent(g, r), p->id,
		    bo_money_format(amount, p->paid, &g->cur),
		    "order cancelled after payment: full refund", err);
		g->st.refunds += rc == BO_OK;
		break;
	case ST_SHIP: {
		size_t c = (size_t)bo_demo_below(r, bo_demo_ncarriers);

		tracking_code(code, sizeof(code), bo_demo_carriers[c].pattern,
			      r);
		rc = bo_app_order_ship(fresh(g, &g->actors[ACT_WAREHOUSE]),
				       p->id, bo_demo_carriers[c].name, code,
				       err);
		g->st.shipped += rc == BO_OK;
		break;
	}
	case ST_DELIVER:
		rc = bo_app_order_deliver(fresh(g, &g->actors[ACT_CARRIERS]),
					  p->id, err);
		g->st.delivered += rc == BO_OK;
		break;
	case ST_REFUND_PART:
		rc = partial_refund(g, p, support_agent(g, r), err);
		break;
	case ST_NOTE: {
		step behind = (step)p->behind_note;
		const char *text;
		int early = behind <= ST_SHIP || behind == ST_DONE;

		who = support_agent(g, r);
		if (behind == ST_DONE &&
		    (p->plan & (PLAN_CANCEL_UNPAID | PLAN_CANCEL_PAID)))
			text = PICK(r, notes_after_cancelling);
		else if (early && behind != ST_DONE)
			text = PICK(r, notes_before_shipping);
		else
			text = PICK(r, notes_after_shipping);
		rc = bo_app_order_note(who, p->id, text, err);
		g->st.notes += rc == BO_OK;
		if (rc < 0)
			return rc;
		if (behind == ST_DONE)
			return BO_OK;
		p->next = (uint8_t)behind;
		p->at = p->after_note;
		if (p->at >= g->end) {
			g->st.open++;
			return BO_OK;
		}
		return heap_push(g, p, err);
	}
	case ST_PLACE:
	case ST_DONE:
		return BO_OK;
	}
	if (rc < 0)
		return rc;
	return schedule(g, p, s, g->env.now, err);
}

/* Places order k (0-based) at time `at` and queues what follows. */
static int place_order(gen *g, int64_t k, int64_t at, bo_err *err)
{
	pending p = {0};
	prng *r;
	bo_line_request lines[MAX_LINES];
	size_t nlines, chosen[MAX_LINES];
	unsigned u;
	uint64_t c;
	bo_demo_customer cu;
	int rc;

	p.rng = bo_demo_stream(g->opt->seed, 1, (uint64_t)k);
	r = &p.rng;
	/* a third of the orders come from a small set of regulars */
	c = chance(r, 3300) ? bo_demo_below(r, (uint64_t)g->customers / 20 + 1)
			    : bo_demo_below(r, (uint64_t)g->customers);
	bo_demo_customer_make(&cu, g->opt->seed, c);
	u = (unsigned)bo_demo_below(r, 100);
	nlines = u < 45 ? 1 : u < 72 ? 2 : u < 87 ? 3 : u < 95 ? 4 : 5;
	for (size_t i = 0; i < nlines; i++) {
		size_t it = 0;
		int tries = 0, dup;

		do {
			it = bo_demo_stock_pick(g, r);
			dup = 0;
			for (size_t j = 0; j < i; j++)
				dup |= chosen[j] == it;
		} while (dup && ++tries < 20);
		if (dup) {
			nlines = i;
			break;
		}
		chosen[i] = it;
		lines[i].sku = g->items[it].sku;
		u = (unsigned)bo_demo_below(r, 100);
		lines[i].quantity = u < 80   ? 1
				    : u < 93 ? 2
				    : u < 97 ? 3
					     : between(r, 4, 6);
		p.total += g->items[it].price * lines[i].quantity;
	}
	p.return_item = (uint16_t)chosen[0];
	p.return_price = g->items[chosen[0]].price;

	/* the plan, in the proportions of a small web shop */
	if (chance(r, 450))
		p.plan |= PLAN_FAIL;
	if (chance(r, p.plan & PLAN_FAIL ? 2000 : 430))
		p.plan |= PLAN_CANCEL_UNPAID;
	if (chance(r, 150))
		p.plan |= PLAN_SPLIT;
	if (chance(r, 1000))
		p.plan |= PLAN_SLOW_PAY;
	if (chance(r, 210))
		p.plan |= PLAN_CANCEL_PAID;
	else if (chance(r, 430))
		p.plan |= PLAN_PART_REFUND;
	if (chance(r, 1000)) {
		p.plan |= PLAN_NOTE;
		p.note_after = (uint8_t)between(r, 1, 3);
	}
	if (p.total == 0)
		p.plan = PLAN_CANCEL_UNPAID; /* nothing to pay: a free sample */

	g->env.now = at;
	rc = bo_app_order_place(fresh(g, &g->actors[ACT_SHOP]), cu.email,
				cu.name, lines, nlines, &p.id, err);
	if (rc < 0)
		return rc;
	g->st.orders++;
	return schedule(g, &p, ST_PLACE, at, err);
}

/* ---- the run --------------------------------------------------------------- */

static int batch_begin(gen *g, bo_err *err)
{
	int rc;

	if (g->opt->batch <= 0)
		return BO_OK;
	if ((rc = bo_store_begin(&g->app->ports->store, err)) == BO_OK)
		g->in_batch = 1;
	return rc;
}

static int batch_end(gen *g, bo_err *err)
{
	if (!g->in_batch)
		return BO_OK;
	g->in_batch = 0;
	return bo_store_commit(&g->app->ports->store, err);
}

static int count_order(void *ctx, const bo_order_row *r)
{
	(void)r;
	(*(int64_t *)ctx)++;
	return 0;
}

static int check_options(const bo_demo_options *opt, bo_err *err)
{
	if (opt->orders < 1 || opt->orders > BO_DEMO_ORDERS_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "--orders must be 1 to 10,000,000");
	if (opt->days < 1 || opt->days > BO_DEMO_DAYS_MAX)
		return bo_err_set(err, BO_EINVAL, "--days must be 1 to 3650");
	if (opt->end_ms < (int64_t)opt->days * DAY + 7 * DAY)
		return bo_err_set(err, BO_EINVAL,
				  "--now is too early for --days");
	return BO_OK;
}

static int simulate(gen *g, bo_err *err)
{
	int64_t k = 0, n = g->opt->orders, next_at, placed_in_batch = 0;
	int rc = BO_OK;

	next_at = arrival_time(g, 0);
	for (;;) {
		int64_t heap_at = g->nheap ? g->heap[0].at : NEVER;
		int64_t cat_at =
		    g->cat_next < g->ncat ? g->cat[g->cat_next].at : NEVER;
		int64_t order_at = k < n ? next_at : NEVER;

		if (cat_at == NEVER && heap_at == NEVER && order_at == NEVER)
			break;
		if (cat_at <= heap_at && cat_at <= order_at) {
			rc = bo_demo_stock_run(g, &g->cat[g->cat_next++], err);
		} else if (heap_at <= order_at) {
			pending p = heap_pop(g);

			rc = run_step(g, &p, err);
		} else {
			rc = place_order(g, k, order_at, err);
			if (++k < n)
				next_at = arrival_time(g, k);
			if (g->opt->progress && (k % 256 == 0 || k == n))
				(void)g->opt->progress(g->opt->progress_ctx, k,
						       n);
			if (rc == BO_OK && ++placed_in_batch >= g->opt->batch &&
			    g->opt->batch > 0) {
				placed_in_batch = 0;
				if ((rc = batch_end(g, err)) == BO_OK)
					rc = batch_begin(g, err);
			}
		}
		if (rc < 0)
			break;
	}
	return rc;
}

/* Records the run's marks (its start, its end) under the caller's name. A
 * mark under another name or catalogue: say what to do. */
static int mark(bo_app *app, const char *id, const char *what, int *seen,
		bo_err *err)
{
	int rc;

	app->command_id = id;
	rc = bo_app_command_mark(app, what, seen, err);
	app->command_id = NULL;
	if (rc == BO_ECONFLICT)
		rc =
		    bo_err_set(err, BO_ECONFLICT,
			       "this store holds a part of a demo seed with "
			       "these options that another user or another "
			       "build started; resume it as that user with "
			       "the same backoffice, or choose another --seed");
	return rc;
}

static void release(gen *g)
{
	for (size_t i = 0; i < g->nopen; i++)
		bo_app_close(&g->actors[i]);
	free(g->heap);
	free(g->cat);
	free(g->cum);
	free(g->items);
	free(g->text);
}

/* The run's commands left the projectors that are not inline (reports) to
 * it: they catch up once, in bulk, inside the run's last batch (or in a
 * transaction of their own), so the first report after a seed reads a
 * model that is up to date. */
static int catch_up_reports(gen *g, bo_err *err)
{
	const bo_store *st = &g->app->ports->store;
	int rc;

	if ((rc = bo_store_begin(st, err)) < 0)
		return rc;
	if ((rc = bo_projections_follow(g->app->ports, &g->cur, 1, err)) < 0) {
		bo_store_rollback(st);
		return rc;
	}
	return bo_store_commit(st, err);
}

int bo_demo_seed(bo_app *app, const bo_demo_options *opt, bo_demo_stats *out,
		 bo_err *err)
{
	gen g;
	bo_clock clock;
	bo_ids ids;
	char done_id[sizeof(g.run) + 8], what[64];
	int seen;
	int64_t have = 0;
	bo_order_query q = {.status = -1, .limit = 1};
	int rc;

	memset(&g, 0, sizeof(g));
	g.opt = opt;
	g.app = app;
	g.cur = app->currency;
	if (app->role != BO_ROLE_ADMIN) {
		rc = bo_err_set(err, BO_EPERM,
				"user %s (%s) may not seed demo data; only an "
				"admin may",
				app->user, bo_role_name(app->role));
		goto done;
	}
	if ((rc = check_options(opt, err)) < 0 ||
	    (rc = bo_demo_stock_load(&g, opt->catalogue, err)) < 0 ||
	    (rc = bo_demo_stock_rank(&g, err)) < 0)
		goto done;
	if ((rc = bo_app_order_list(app, &q, count_order, &have, err)) < 0)
		goto done;
	/* every step's command id starts with what makes the run what it is */
	snprintf(g.run, sizeof(g.run), "demo-%llu-%lld-%d-%lld",
		 (unsigned long long)opt->seed, (long long)opt->orders,
		 opt->days, (long long)opt->end_ms);
	snprintf(done_id, sizeof(done_id), "%s-done", g.run);
	if (have && bo_app_command_recorded(app, done_id, NULL) == BO_OK) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"the store already holds the whole demo shop "
				"of these options; --force adds to a store "
				"only with another --seed, --now, --orders or "
				"--days");
		goto done;
	}
	if (have && !opt->force &&
	    bo_app_command_recorded(app, g.run, NULL) != BO_OK) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"the store already holds orders; demo seed "
				"fills an empty store (--force adds to it)");
		goto done;
	}
	g.end = opt->end_ms;
	g.start = g.end - (int64_t)opt->days * DAY;
	g.customers = opt->orders / 3 + 50;
	g.env.ids = bo_demo_stream(opt->seed, 2, 0);
	g.env.now = g.start - 3 * DAY;
	clock = (bo_clock){sim_now, &g.env};
	ids = (bo_ids){sim_uuid, &g.env};
	if ((rc = batch_begin(&g, err)) < 0)
		goto done;
	/* a run killed before it finished left its mark: this one resumes it,
	 * every step it committed answered from the record */
	snprintf(what, sizeof(what), "demo seed of %zu products", g.nitems);
	if ((rc = mark(app, g.run, what, &g.resuming, err)) < 0)
		goto done;
	/* the caller acts under the simulated clock until the lead exists */
	if ((rc = bo_app_open(&g.actors[ACT_LEAD], app->ports, &clock, &ids,
			      app->user, err)) < 0)
		goto done;
	g.nopen = 1;
	if ((rc = open_actors(&g, err)) < 0)
		goto done;
	g.env.now = g.start - 2 * DAY;
	if ((rc = bo_demo_stock_add(&g, err)) < 0 ||
	    (rc = bo_demo_stock_plan(&g, err)) < 0)
		goto done;
	bo_demo_stock_weigh(&g);
	if (g.cum_total == 0) {
		rc = bo_err_set(err, BO_EINVAL,
				"the catalogue has no product to sell");
		goto done;
	}
	start_arrivals(&g);
	if ((rc = simulate(&g, err)) < 0 ||
	    (rc = mark(app, done_id, "demo seed done", &seen, err)) < 0 ||
	    (rc = catch_up_reports(&g, err)) < 0)
		goto done;
	rc = batch_end(&g, err);
done:
	if (g.in_batch)
		bo_store_rollback(&app->ports->store);
	if (out)
		*out = g.st;
	release(&g);
	return rc;
}
