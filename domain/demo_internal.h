/* Inside the demo generator: the state demo.c and demo_stock.c share. Only
 * those two files include it, hence the short names. */
#ifndef BO_DEMO_INTERNAL_H
#define BO_DEMO_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "demo.h"
#include "demo_words.h"

#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

/* ---- randomness ------------------------------------------------------------ */

typedef bo_demo_rng prng;

/* Uniform in [lo, hi]. */
static inline int64_t between(prng *p, int64_t lo, int64_t hi)
{
	return lo + (int64_t)bo_demo_below(p, (uint64_t)(hi - lo) + 1);
}

/* True with probability per10k / 10000. */
static inline int chance(prng *p, unsigned per10k)
{
	return bo_demo_below(p, 10000) < per10k;
}

#define PICK(p, words) bo_demo_pick((p), &bo_demo_##words)

/* ---- the simulated environment --------------------------------------------- */

/* The clock the services read and the ids they stamp, both under our control. */
typedef struct bo_demo_sim {
	int64_t now;
	prng ids;
} sim;

/* ---- staff ----------------------------------------------------------------- */

/* Who does what: the shop front and the payment, warehouse and carrier feeds
 * are service users (the services want an admin for those); people do support. */
enum {
	ACT_LEAD,
	ACT_SHOP,
	ACT_PAYMENTS,
	ACT_WAREHOUSE,
	ACT_CARRIERS,
	ACT_SUPPORT, /* first support agent; the others follow */
};

#define NACTORS ((size_t)ACT_SUPPORT + 5) /* managers change nothing */
#define NSUPPORT (NACTORS - ACT_SUPPORT)

/* ---- the catalogue --------------------------------------------------------- */

typedef struct bo_demo_item {
	const char *sku, *name, *desc, *tax, *stock; /* into gen.text */
	int64_t price;                               /* tenant minor units */
	int64_t stock0;     /* tracked stock at the start, or -1 */
	int64_t last_stock; /* at the last morning count */
	int64_t daily;      /* units sold a day, in sixteenths (moving mean) */
	int64_t refill;     /* units on order */
	int64_t refill_at;  /* when they arrive; 0: none on order */
	int retire;         /* to be retired during the period */
	int orderable;
	uint64_t weight; /* popularity */
} item;

/* A catalogue change at a time: a retirement, a new price or a restock. */
typedef enum { CAT_RETIRE, CAT_REPRICE, CAT_RESTOCK } cat_kind;

typedef struct bo_demo_cat_event {
	int64_t at;
	cat_kind kind;
	size_t item;
	int pct; /* reprice: new price in percent of the old */
} cat_event;

/* An open order: defined in demo.c, which alone looks inside. */
typedef struct bo_demo_pending pending;

typedef struct bo_demo_gen {
	const bo_demo_options *opt;
	bo_app *app; /* the caller's */
	sim env;
	bo_app actors[NACTORS];
	size_t nopen; /* actors opened */
	bo_currency cur;

	char *text;
	item *items;
	size_t nitems;
	uint64_t *cum;
	uint64_t cum_total;

	cat_event *cat;
	size_t ncat, cat_next;

	pending *heap;
	size_t nheap, capheap;
	uint64_t seq;

	int64_t start, end; /* [start, end) */
	uint64_t total_w;
	int64_t b_start, b_end;
	uint64_t b_w, b_cum;
	prng arrival;

	int64_t customers;
	int in_batch;
	bo_demo_stats st;

	/* Commands: every service call that may write is step `step` of the
	 * run and carries the command id "<run>-<step>", so running the same
	 * seed again answers the steps a killed run committed from the record
	 * and goes on from there. */
	char run[80]; /* "demo-<seed>-<orders>-<days>-<end_ms>" */
	char command_id[BO_COMMAND_ID_MAX + 1];
	uint64_t step;
	int resuming; /* the store holds a part of this very run */
} gen;

/*
 * The next step of the run, acted by a: its command id goes on a, and the
 * ids it stamps come from a stream of its own, so a step answered from the
 * record (stamping nothing) leaves every later id as an uninterrupted run
 * has it.
 */
static inline bo_app *command(gen *g, bo_app *a)
{
	g->step++;
	snprintf(g->command_id, sizeof(g->command_id), "%s-%llu", g->run,
		 (unsigned long long)g->step);
	g->env.ids = bo_demo_stream(g->opt->seed, 9, g->step);
	a->command_id = g->command_id;
	a->follow_later = true; /* the run catches the reports up at its end */
	return a;
}

/* Each simulated action is also an invocation of its own, as a webhook or
 * a click would be: a new correlation id. */
static inline bo_app *fresh(gen *g, bo_app *a)
{
	command(g, a);
	bo_ids_uuid(&a->ids, a->correlation_id);
	return a;
}

/* ---- the catalogue and its stock (demo_stock.c) ---------------------------- */

/* Splits a private copy of the TSV text into g->items. BO_EINVAL naming the
 * line, BO_ENOMEM. */
int bo_demo_stock_load(gen *g, const char *tsv, bo_err *err);
/* Seeds the items' popularity (a long tail over a seeded ranking). */
int bo_demo_stock_rank(gen *g, bo_err *err);
/* Recomputes the cumulative weights of the orderable items. */
void bo_demo_stock_weigh(gen *g);
/* A random orderable item, by popularity. */
size_t bo_demo_stock_pick(gen *g, prng *p);
/* Adds the catalogue's products (keeping those already there). */
int bo_demo_stock_add(gen *g, bo_err *err);
/* Plans the catalogue changes of the period into g->cat, in time order. */
int bo_demo_stock_plan(gen *g, bo_err *err);
/* The product with that SKU as it was just before `before` (ms): the row
 * when nothing changed it since, else the last snapshot on its stream
 * recorded earlier (a resumed run reads what the killed one left).
 * BO_ENOTFOUND when there was none. *out is the caller's. */
int bo_demo_product_before(gen *g, bo_app *a, const char *sku, int64_t before,
			   bo_product *out, bo_err *err);
/* Runs one planned change: a retirement, a new price or the morning count. */
int bo_demo_stock_run(gen *g, const cat_event *c, bo_err *err);

#endif
