/* Demo data: a deterministic, realistic shop generated through the application services. */
#ifndef BO_DEMO_H
#define BO_DEMO_H

#include <stdint.h>

#include "app.h"
#include "status.h"

#define BO_DEMO_ORDERS_DEFAULT 10000
#define BO_DEMO_ORDERS_MAX 10000000
#define BO_DEMO_DAYS_DEFAULT 90
#define BO_DEMO_DAYS_MAX 3650
#define BO_DEMO_SEED_DEFAULT 42
#define BO_DEMO_BATCH_DEFAULT 500
#define BO_DEMO_BATCH_MAX 100000

/*
 * The built-in catalogue: the text of data/demo/catalogue.tsv, compiled into
 * the binary by the Makefile (build/gen/demo_catalogue.c). Format: one header
 * line, then one product per line, seven tab-separated fields:
 *   sku  name  description  price  tax_rate  stock  status
 * price is decimal text with two decimals (euro-like; scaled to the tenant
 * currency's exponent), tax_rate is percent text ("20", "5.5"), stock a whole
 * number or "none" (untracked), status "active" or "retired" (a retired
 * product sells during the first part of the period, then is retired).
 */
extern const char bo_demo_catalogue_tsv[];

typedef struct bo_demo_options {
	const char *catalogue; /* TSV text as above; required */
	int64_t orders;        /* 1..BO_DEMO_ORDERS_MAX */
	int days;              /* 1..BO_DEMO_DAYS_MAX */
	uint64_t seed;
	int64_t end_ms; /* the simulated "now": the period is the `days` days
			 * up to this instant (exclusive); ms since the epoch */
	int force;      /* seed even when the store already holds orders */
	int batch;      /* orders per outer transaction; 0: none (every service
			 * call commits on its own) */
	/* may be NULL: called now and then with the orders placed so far and
	 * the total; its answer is ignored (a seed is not stopped half-way) */
	bo_progress_fn progress;
	void *progress_ctx;
} bo_demo_options;

/* What the generator did: one counter per service call that succeeded. */
typedef struct bo_demo_stats {
	int64_t users;     /* staff users added (existing ones are kept) */
	int64_t products;  /* products added */
	int64_t retired;   /* products retired during the period */
	int64_t repriced;  /* price changes */
	int64_t restocked; /* stock refills */
	int64_t orders;    /* orders placed */
	int64_t payments;  /* payments received (a split payment counts 2) */
	int64_t failures;  /* failed payment attempts */
	int64_t shipped;
	int64_t delivered;
	int64_t cancelled; /* before and after payment */
	int64_t refunds;   /* full and partial */
	int64_t partial_refunds;
	int64_t notes;
	int64_t open; /* orders whose next step falls after the period */
} bo_demo_stats;

/*
 * Fills the store behind app with a living shop: staff users, the catalogue,
 * then opt->orders orders placed over the period with their payments,
 * failures, shipping, deliveries, cancellations, refunds and support notes.
 * Every change goes through the application services (so every event is a
 * real one), acted by staff users the generator registers, with a simulated
 * clock and seeded event ids: the same options on the same empty store give
 * a byte-identical event log. app must be an admin's (BO_EPERM otherwise).
 *
 * Refused: BO_EINVAL naming the option for an out-of-range orders or days, or
 * a malformed catalogue line; BO_ECONFLICT when the store already holds orders
 * and opt->force is 0, unless they are a part of this very run
 * (the same options) that was stopped; BO_ECONFLICT too when the store holds
 * the whole run already (whatever opt->force). A refusal by a service aborts
 * the run with that status: the batch in progress is rolled back, earlier
 * batches stay.
 *
 * Resuming: every service call is a command with the id
 * "demo-<seed>-<orders>-<days>-<end_ms>-<step>" and the ids it stamps come
 * from a stream of its step, so the same options again (as the same user,
 * from the same build) answer the steps a stopped run committed from the
 * record and carry on: the log ends as an uninterrupted run's would.
 * *out (may be NULL) receives the counters, also on failure.
 */
int bo_demo_seed(bo_app *app, const bo_demo_options *opt, bo_demo_stats *out,
		 bo_err *err);

#endif
