/* The demo command: seeds a living shop through the services, with a progress bar. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "adapters/cli/progress.h"
#include "domain/calendar.h"
#include "domain/demo.h"

/* A whole number of digits only, no sign, within [lo, hi]. */
static int parse_whole(uint64_t *out, const char *text, uint64_t lo,
		       uint64_t hi)
{
	uint64_t v = 0;

	if (!text || !*text)
		return -1;
	for (const char *p = text; *p; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (*p < '0' || *p > '9' || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The options, checked before anything is written. */
static int read_options(bo_demo_options *o, const bo_cli_ctx *c, bo_err *err)
{
	const char *v;
	uint64_t n;
	int64_t day;
	int rc;

	o->catalogue = bo_demo_catalogue_tsv;
	o->orders = BO_DEMO_ORDERS_DEFAULT;
	o->days = BO_DEMO_DAYS_DEFAULT;
	o->seed = BO_DEMO_SEED_DEFAULT;
	o->batch = BO_DEMO_BATCH_DEFAULT;
	o->force = bo_cli_option(c->args, "--force") != NULL;
	if ((v = bo_cli_option(c->args, "--batch"))) {
		if (parse_whole(&n, v, 1, BO_DEMO_BATCH_MAX) < 0)
			return bo_err_set(err, BO_EINVAL,
					  "--batch must be a whole number "
					  "from 1 to 100,000");
		o->batch = (int)n;
	}
	if ((v = bo_cli_option(c->args, "--orders"))) {
		if (parse_whole(&n, v, 1, BO_DEMO_ORDERS_MAX) < 0)
			return bo_err_set(err, BO_EINVAL,
					  "--orders must be a whole number "
					  "from 1 to 10,000,000");
		o->orders = (int64_t)n;
	}
	if ((v = bo_cli_option(c->args, "--days"))) {
		if (parse_whole(&n, v, 1, BO_DEMO_DAYS_MAX) < 0)
			return bo_err_set(err, BO_EINVAL,
					  "--days must be a whole number from "
					  "1 to 3650");
		o->days = (int)n;
	}
	if ((v = bo_cli_option(c->args, "--seed"))) {
		if (parse_whole(&o->seed, v, 0, UINT64_MAX) < 0)
			return bo_err_set(err, BO_EINVAL,
					  "--seed must be a whole number from "
					  "0 to 18446744073709551615");
	}
	if ((v = bo_cli_option(c->args, "--now"))) {
		if ((rc = bo_day_parse(&day, v, "--now", err)) < 0)
			return rc;
		/* the period ends with that whole day */
		o->end_ms = bo_day_start_ms(day + 1);
	} else {
		o->end_ms = bo_clock_now(&c->app->clock);
	}
	if (o->end_ms - (int64_t)o->days * BO_MS_PER_DAY < bo_day_start_ms(365))
		return bo_err_set(err, BO_EINVAL,
				  "--now must leave --days whole days after "
				  "1971-01-01");
	return BO_OK;
}

static const bo_column report_cols[] = {
    {"orders", "orders placed", BO_COL_ALL | BO_COL_RIGHT},
    {"days", "days", BO_COL_ALL | BO_COL_RIGHT},
    {"seed", "seed", BO_COL_ALL | BO_COL_RIGHT},
    {"from", "from", BO_COL_ALL},
    {"to", "to", BO_COL_ALL},
    {"users", "staff users added", BO_COL_ALL | BO_COL_RIGHT},
    {"products", "products added", BO_COL_ALL | BO_COL_RIGHT},
    {"retired", "products retired", BO_COL_ALL | BO_COL_RIGHT},
    {"repriced", "price changes", BO_COL_ALL | BO_COL_RIGHT},
    {"restocked", "stock refills", BO_COL_ALL | BO_COL_RIGHT},
    {"payments", "payments", BO_COL_ALL | BO_COL_RIGHT},
    {"payment_failures", "payment failures", BO_COL_ALL | BO_COL_RIGHT},
    {"shipped", "shipped", BO_COL_ALL | BO_COL_RIGHT},
    {"delivered", "delivered", BO_COL_ALL | BO_COL_RIGHT},
    {"cancelled", "cancelled", BO_COL_ALL | BO_COL_RIGHT},
    {"refunds", "refunds", BO_COL_ALL | BO_COL_RIGHT},
    {"partial_refunds", "partial refunds", BO_COL_ALL | BO_COL_RIGHT},
    {"notes", "support notes", BO_COL_ALL | BO_COL_RIGHT},
    {"open", "orders still open", BO_COL_ALL | BO_COL_RIGHT},
    {"elapsed_ms", "time (ms)", BO_COL_ALL | BO_COL_RIGHT},
    {"orders_per_second", "orders per second", BO_COL_ALL | BO_COL_RIGHT},
};

#define NREPORT (sizeof(report_cols) / sizeof(report_cols[0]))

static int report(const bo_cli_ctx *c, const bo_demo_options *o,
		  const bo_demo_stats *st, int64_t elapsed_ms, bo_err *err)
{
	char seed[32], from[BO_DAY_BUFSZ], to[BO_DAY_BUFSZ];
	int64_t last = o->end_ms - 1;
	bo_out out;
	int rc;

	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)o->seed);
	bo_day_format(from, bo_day_of_ms(last) - o->days + 1);
	bo_day_format(to, bo_day_of_ms(last));
	bo_cell cells[NREPORT] = {
	    bo_cell_int(st->orders),
	    bo_cell_int(o->days),
	    bo_cell_str(seed),
	    bo_cell_str(from),
	    bo_cell_str(to),
	    bo_cell_int(st->users),
	    bo_cell_int(st->products),
	    bo_cell_int(st->retired),
	    bo_cell_int(st->repriced),
	    bo_cell_int(st->restocked),
	    bo_cell_int(st->payments),
	    bo_cell_int(st->failures),
	    bo_cell_int(st->shipped),
	    bo_cell_int(st->delivered),
	    bo_cell_int(st->cancelled),
	    bo_cell_int(st->refunds),
	    bo_cell_int(st->partial_refunds),
	    bo_cell_int(st->notes),
	    bo_cell_int(st->open),
	    bo_cell_int(elapsed_ms),
	    bo_cell_int(st->orders * 1000 / (elapsed_ms > 0 ? elapsed_ms : 1)),
	};

	bo_out_init(&out, c->out, c->fmt, report_cols, NREPORT, true);
	if ((rc = bo_out_row(&out, cells, err)) < 0 ||
	    (rc = bo_out_end(&out, err)) < 0)
		bo_out_free(&out);
	return rc;
}

int bo_cli_demo_seed(bo_cli_ctx *c, bo_err *err)
{
	bo_demo_options o = {0};
	bo_demo_stats st = {0};
	bo_progress bar;
	int64_t t0;
	int rc;

	if ((rc = read_options(&o, c, err)) < 0)
		return rc;
	bo_progress_init(&bar, "demo seed");
	bo_progress_set_unit(&bar, "orders");
	o.progress = bo_progress_update;
	o.progress_ctx = &bar;
	t0 = monotonic_ms();
	rc = bo_demo_seed(c->app, &o, &st, err);
	bo_progress_end(&bar);
	if (rc < 0)
		return rc;
	return report(c, &o, &st, monotonic_ms() - t0, err);
}
