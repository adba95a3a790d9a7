/* Commands of reports: summary, daily, products, funnel and shipping over a period. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/app_projections.h"
#include "domain/app_report_categories.h"
#include "domain/app_reports.h"
#include "domain/calendar.h"
#include "domain/present.h"

#define DEFAULT_DAYS 30
#define DEFAULT_LIMIT 10

/*
 * The period a report covers: whole days (projected reports) or, when
 * --from or --to carries a time, [from_ms, to_ms) for an event query.
 */
typedef struct period {
	int timed;
	int64_t from_day, to_day;
	int64_t from_ms, to_ms;
} period;

static int has_time(const char *s)
{
	return s && strlen(s) > 10;
}

/* --from/--to: inclusive dates, the tenant's local days; default the last
 * 30 days up to today. A time (UTC, as the log records them) makes the
 * period exact to the millisecond. */
static int parse_period(period *p, const bo_cli_ctx *c, int allow_times,
			bo_err *err)
{
	const char *from = bo_cli_option(c->args, "--from");
	const char *to = bo_cli_option(c->args, "--to");
	const bo_zone *zone = c->app->ports->zone;
	int64_t today = bo_local_day_of_ms(zone, bo_clock_now(&c->app->clock));
	int rc;

	memset(p, 0, sizeof(*p));
	p->timed = has_time(from) || has_time(to);
	if (p->timed && !allow_times)
		return bo_err_set(err, BO_EINVAL,
				  "%s must be a date written YYYY-MM-DD for "
				  "this report",
				  has_time(from) ? "--from" : "--to");
	if (p->timed) {
		/* a bare date still means its whole day */
		if (to && !has_time(to)) {
			if ((rc = bo_day_parse(&p->to_day, to, "--to", err)))
				return rc;
			p->to_ms = bo_local_day_start_ms(zone, p->to_day + 1);
		} else if (to) {
			if ((rc = bo_time_parse(&p->to_ms, to, "--to", err)))
				return rc;
		} else {
			p->to_ms = bo_local_day_start_ms(zone, today + 1);
		}
		if (from && !has_time(from)) {
			if ((rc = bo_day_parse(&p->from_day, from, "--from",
					       err)))
				return rc;
			p->from_ms = bo_local_day_start_ms(zone, p->from_day);
		} else if (from) {
			if ((rc = bo_time_parse(&p->from_ms, from, "--from",
						err)))
				return rc;
		} else {
			p->from_ms = p->to_ms - DEFAULT_DAYS * BO_MS_PER_DAY;
		}
		if (p->from_ms >= p->to_ms)
			return bo_err_set(
			    err, BO_EINVAL, "--from %s must be before --to %s",
			    from ? from : "(30 days back)", to ? to : "(now)");
		p->from_day = bo_local_day_of_ms(zone, p->from_ms);
		p->to_day = bo_local_day_of_ms(zone, p->to_ms - 1);
		return BO_OK;
	}
	p->to_day = today;
	if (to && (rc = bo_day_parse(&p->to_day, to, "--to", err)))
		return rc;
	p->from_day = p->to_day - (DEFAULT_DAYS - 1);
	if (from && (rc = bo_day_parse(&p->from_day, from, "--from", err)))
		return rc;
	if (p->from_day > p->to_day)
		return bo_err_set(err, BO_EINVAL, "--from %s is after --to %s",
				  from ? from : "(30 days back)",
				  to ? to : "(today)");
	p->from_ms = bo_local_day_start_ms(zone, p->from_day);
	p->to_ms = bo_local_day_start_ms(zone, p->to_day + 1);
	return BO_OK;
}

/* Runs the event query of a timed period. */
static int scan(bo_report_scan *out, bo_cli_ctx *c, const period *p,
		const char *sku, bo_err *err)
{
	return bo_report_scan_log(c->app, p->from_ms, p->to_ms, sku, out, err);
}

/*
 * A projected report is read as it is, never caught up by the read: when
 * the reports model is behind the log (or built by another version), one
 * line on stderr says so, and a JSON record gets a "behind" object:
 * {"events": N, "newest_applied_at": time or null, "age_seconds": N or
 * null, "stale": bool}. *out stays NULL when the model is up to date.
 */
static int reports_lag(bo_cli_ctx *c, cJSON **out, bo_err *err)
{
	bo_projector_lag lag;
	char when[40] = "";
	int64_t age = 0;
	cJSON *o;
	int rc;

	*out = NULL;
	if ((rc = bo_app_projections_lag(c->app, "reports", &lag, err)) < 0)
		return rc;
	if (!lag.stale && lag.behind == 0)
		return 0;
	if (lag.applied_at > 0) {
		bo_time_format_iso(when, sizeof(when), lag.applied_at);
		age = (bo_clock_now(&c->app->clock) - lag.applied_at) / 1000;
		if (age < 0)
			age = 0;
	}
	if (lag.stale)
		fprintf(stderr, "backoffice: note: the reports were built by "
				"another version and are shown as they are; "
				"run: backoffice projections rebuild\n");
	else if (lag.applied_at > 0)
		fprintf(stderr,
			"backoffice: note: the reports are %" PRId64
			" events behind the log (newest applied event %s, "
			"%" PRId64 " s ago); backoffice projections run "
			"catches them up\n",
			lag.behind, when, age);
	else
		fprintf(stderr,
			"backoffice: note: the reports are %" PRId64
			" events behind the log (none applied yet); "
			"backoffice projections run catches them up\n",
			lag.behind);
	if (c->fmt != BO_FORMAT_JSON)
		return 0;
	if (!(o = cJSON_CreateObject()) ||
	    !cJSON_AddNumberToObject(o, "events", (double)lag.behind) ||
	    !(lag.applied_at > 0
		  ? cJSON_AddStringToObject(o, "newest_applied_at", when) !=
			NULL
		  : cJSON_AddNullToObject(o, "newest_applied_at") != NULL) ||
	    !(lag.applied_at > 0
		  ? cJSON_AddNumberToObject(o, "age_seconds", (double)age) !=
			NULL
		  : cJSON_AddNullToObject(o, "age_seconds") != NULL) ||
	    !cJSON_AddBoolToObject(o, "stale", lag.stale)) {
		cJSON_Delete(o);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	*out = o;
	return 0;
}

static int write_rows(bo_cli_ctx *c, const period *p, const bo_column *cols,
		      size_t ncols, bool record, const bo_cell *cells,
		      size_t nrows, bo_err *err)
{
	cJSON *behind = NULL;
	bo_out o;
	int rc = 0;

	/* an event query folds the log itself: nothing to be behind */
	if (!p->timed && (rc = reports_lag(c, &behind, err)) < 0)
		return rc;
	bo_out_init(&o, c->out, c->fmt, cols, ncols, record);
	for (size_t i = 0; i < nrows && rc == 0; i++) {
		if (record && behind) {
			rc = bo_out_row_extra(&o, cells + i * ncols, "behind",
					      behind, err);
			behind = NULL;
		} else {
			rc = bo_out_row(&o, cells + i * ncols, err);
		}
	}
	cJSON_Delete(behind);
	return bo_out_close(&o, rc, 0, NULL, err);
}

/* The one-record reports: what they show, projected or scanned. */
typedef enum { PART_SUMMARY, PART_FUNNEL, PART_SHIPPING } record_part;

/*
 * Reads the period, then the part of a report that a one-record command
 * shows into *out: from a scan of the log for a timed period, otherwise
 * from the projected report. out holds no product rows afterwards.
 */
static int record_report(bo_report_scan *out, period *p, bo_cli_ctx *c,
			 record_part part, bo_err *err)
{
	bo_report_scan s = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_period(p, c, 1, err)))
		return rc;
	if (p->timed) {
		if ((rc = scan(&s, c, p, NULL, err)))
			return rc;
		out->figures = s.figures;
		out->funnel = s.funnel;
		out->shipping = s.shipping;
		bo_report_scan_clear(&s);
		return 0;
	}
	switch (part) {
	case PART_SUMMARY:
		return bo_report_summary(c->app, p->from_day, p->to_day,
					 &out->figures, err);
	case PART_FUNNEL:
		return bo_report_funnel(c->app, p->from_day, p->to_day,
					&out->funnel, err);
	case PART_SHIPPING:
		return bo_report_shipping(c->app, p->from_day, p->to_day,
					  &out->shipping, err);
	}
	return 0;
}

/* ---- summary and daily ---------------------------------------------------- */

enum {
	F_FROM,
	F_TO,
	F_PLACED,
	F_PAID,
	F_PLACED_VALUE,
	F_GROSS,
	F_TAX,
	F_NET,
	F_REFUNDS,
	F_REFUND_TAX,
	F_NET_AFTER,
	F_AOV,
	F_PAYMENTS,
	F_FAILURES,
	F_RATE_TEXT,
	F_RATE,
	F_RATE_BP,
	F_CANCELLED,
	F_CURRENCY,
	F_NCOLS
};

static const bo_column summary_cols[F_NCOLS] = {
    {"from", "FROM", BO_COL_ALL},
    {"to", "TO", BO_COL_ALL},
    {"orders_placed", "PLACED", BO_COL_ALL | BO_COL_RIGHT},
    {"orders_paid", "PAID", BO_COL_ALL | BO_COL_RIGHT},
    {"placed_value", "PLACED VALUE", BO_COL_DATA | BO_COL_RIGHT},
    {"gross", "GROSS", BO_COL_ALL | BO_COL_RIGHT},
    {"tax", "TAX", BO_COL_ALL | BO_COL_RIGHT},
    {"net", "NET", BO_COL_ALL | BO_COL_RIGHT},
    {"refunds", "REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"refund_tax", "REFUND TAX", BO_COL_DATA | BO_COL_RIGHT},
    {"net_after_refunds", "NET AFTER REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"average_order_value", "AVG ORDER", BO_COL_ALL | BO_COL_RIGHT},
    {"payments", "PAYMENTS", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failures", "FAILURES", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failure_rate", "FAILURE RATE", BO_COL_TABLE | BO_COL_RIGHT},
    {"payment_failure_rate", "FAILURE RATE %", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failure_rate_bp", "FAILURE RATE BP", BO_COL_DATA | BO_COL_RIGHT},
    {"cancellations", "CANCELLED", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
};

/* Daily rows show the day once, as "day". */
static const bo_column daily_cols[F_NCOLS] = {
    {"day", "DAY", BO_COL_ALL},
    {"to", "TO", 0},
    {"orders_placed", "PLACED", BO_COL_ALL | BO_COL_RIGHT},
    {"orders_paid", "PAID", BO_COL_ALL | BO_COL_RIGHT},
    {"placed_value", "PLACED VALUE", BO_COL_DATA | BO_COL_RIGHT},
    {"gross", "GROSS", BO_COL_ALL | BO_COL_RIGHT},
    {"tax", "TAX", BO_COL_ALL | BO_COL_RIGHT},
    {"net", "NET", BO_COL_ALL | BO_COL_RIGHT},
    {"refunds", "REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"refund_tax", "REFUND TAX", BO_COL_DATA | BO_COL_RIGHT},
    {"net_after_refunds", "NET AFTER", BO_COL_ALL | BO_COL_RIGHT},
    {"average_order_value", "AVG ORDER", BO_COL_ALL | BO_COL_RIGHT},
    {"payments", "PAYMENTS", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failures", "FAILURES", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failure_rate", "FAILED", BO_COL_TABLE | BO_COL_RIGHT},
    {"payment_failure_rate", "FAIL %", BO_COL_DATA | BO_COL_RIGHT},
    {"payment_failure_rate_bp", "FAIL BP", BO_COL_DATA | BO_COL_RIGHT},
    {"cancellations", "CANCELLED", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
};

#define RATE_TEXT_SZ 32

/* from/to text live in the caller's buffers, as does rate ("12.5%"). */
static void figure_cells(bo_cell *cells, const bo_report_figures *f,
			 const char *from, const char *to,
			 const bo_currency *cur, char rate[RATE_TEXT_SZ])
{
	size_t len;

	bo_rate_format(rate, RATE_TEXT_SZ - 1,
		       (int32_t)f->payment_failure_rate_bp);
	len = strlen(rate);
	rate[len] = '%';
	rate[len + 1] = '\0';
	cells[F_FROM] = bo_cell_str(from);
	cells[F_TO] = bo_cell_str(to);
	cells[F_PLACED] = bo_cell_int(f->orders_placed);
	cells[F_PAID] = bo_cell_int(f->orders_paid);
	cells[F_PLACED_VALUE] = bo_cell_money(f->placed_value, cur);
	cells[F_GROSS] = bo_cell_money(f->gross, cur);
	cells[F_TAX] = bo_cell_money(f->tax, cur);
	cells[F_NET] = bo_cell_money(f->net, cur);
	cells[F_REFUNDS] = bo_cell_money(f->refunds, cur);
	cells[F_REFUND_TAX] = bo_cell_money(f->refund_tax, cur);
	cells[F_NET_AFTER] = bo_cell_money(f->net_after_refunds, cur);
	cells[F_AOV] = bo_cell_money(f->average_order_value, cur);
	cells[F_PAYMENTS] = bo_cell_int(f->payments);
	cells[F_FAILURES] = bo_cell_int(f->payment_failures);
	cells[F_RATE_TEXT] = bo_cell_str(rate);
	cells[F_RATE] = bo_cell_rate(f->payment_failure_rate_bp);
	cells[F_RATE_BP] = bo_cell_int(f->payment_failure_rate_bp);
	cells[F_CANCELLED] = bo_cell_int(f->cancellations);
	cells[F_CURRENCY] = bo_cell_str(cur->code);
}

/* The period's ends as text: dates, or times for an event query. */
static void period_text(char *from, char *to, size_t size, const period *p)
{
	if (p->timed) {
		bo_time_format_iso(from, size, p->from_ms);
		bo_time_format_iso(to, size, p->to_ms);
		return;
	}
	bo_day_format(from, p->from_day);
	bo_day_format(to, p->to_day);
}

int bo_cli_report_summary(bo_cli_ctx *c, bo_err *err)
{
	char from[40], to[40], rate[RATE_TEXT_SZ];
	bo_cell cells[F_NCOLS];
	bo_report_scan r;
	period p;
	int rc;

	if ((rc = record_report(&r, &p, c, PART_SUMMARY, err)))
		return rc;
	period_text(from, to, sizeof(from), &p);
	figure_cells(cells, &r.figures, from, to, &c->app->currency, rate);
	return write_rows(c, &p, summary_cols, F_NCOLS, true, cells, 1, err);
}

int bo_cli_report_daily(bo_cli_ctx *c, bo_err *err)
{
	bo_report_figures *rows = NULL;
	bo_cell *cells = NULL;
	char(*days)[BO_DAY_BUFSZ] = NULL;
	char(*rates)[RATE_TEXT_SZ] = NULL;
	size_t n = 0;
	period p;
	int rc;

	if ((rc = parse_period(&p, c, 0, err)) ||
	    (rc =
		 bo_report_daily(c->app, p.from_day, p.to_day, &rows, &n, err)))
		return rc;
	cells = calloc(n ? n * F_NCOLS : 1, sizeof(*cells));
	days = calloc(n ? n : 1, sizeof(*days));
	rates = calloc(n ? n : 1, sizeof(*rates));
	if (!cells || !days || !rates) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		bo_day_format(days[i], rows[i].day);
		figure_cells(cells + i * F_NCOLS, &rows[i], days[i], NULL,
			     &c->app->currency, rates[i]);
	}
	rc = write_rows(c, &p, daily_cols, F_NCOLS, false, cells, n, err);
done:
	free(rows);
	free(cells);
	free(days);
	free(rates);
	return rc;
}

/* ---- products ------------------------------------------------------------- */

enum {
	P_RANK,
	P_SKU,
	P_NAME,
	P_UNITS,
	P_REVENUE,
	P_REFUNDS,
	P_CURRENCY,
	P_NCOLS
};

static const bo_column product_cols[P_NCOLS] = {
    {"rank", "#", BO_COL_ALL | BO_COL_RIGHT},
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"units", "UNITS", BO_COL_ALL | BO_COL_RIGHT},
    {"revenue", "REVENUE", BO_COL_ALL | BO_COL_RIGHT},
    {"refunds", "REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
};

static int report_by_category(bo_cli_ctx *c, bo_err *err);

int bo_cli_report_products(bo_cli_ctx *c, bo_err *err)
{
	const char *by = bo_cli_option(c->args, "--by");
	const char *limit_text = bo_cli_option(c->args, "--limit");
	const char *sku = bo_cli_option(c->args, "--sku");
	bo_report_product *rows = NULL;
	bo_report_scan s = {0};
	int64_t limit = DEFAULT_LIMIT;
	bo_cell *cells = NULL;
	size_t n = 0;
	period p;
	int rc;

	if (by)
		return report_by_category(c, err);
	if ((rc = parse_period(&p, c, 1, err)))
		return rc;
	if (limit_text &&
	    (rc = bo_cli_parse_count(&limit, limit_text, "--limit", err)))
		return rc;
	if (p.timed) {
		if ((rc = scan(&s, c, &p, sku, err)))
			return rc;
		rows = s.products;
		n = s.nproducts;
		if ((int64_t)n > limit)
			n = (size_t)limit;
	} else if ((rc = bo_report_products(c->app, p.from_day, p.to_day, sku,
					    limit, &rows, &n, err))) {
		return rc;
	}
	/* nothing sold: a product that sold nothing then, or a typo? */
	if (sku && n == 0 && (rc = bo_report_sku_known(c->app, sku, err)))
		goto done;
	if (!(cells = calloc(n ? n * P_NCOLS : 1, sizeof(*cells)))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		bo_cell *r = cells + i * P_NCOLS;
		r[P_RANK] = bo_cell_int((int64_t)i + 1);
		r[P_SKU] = bo_cell_str(rows[i].sku);
		r[P_NAME] = bo_cell_str(rows[i].name);
		r[P_UNITS] = bo_cell_int(rows[i].units);
		r[P_REVENUE] =
		    bo_cell_money(rows[i].revenue, &c->app->currency);
		r[P_REFUNDS] =
		    bo_cell_money(rows[i].refunds, &c->app->currency);
		r[P_CURRENCY] = bo_cell_str(c->app->currency.code);
	}
	rc = write_rows(c, &p, product_cols, P_NCOLS, false, cells, n, err);
done:
	free(cells);
	if (p.timed)
		bo_report_scan_clear(&s);
	else
		bo_report_products_free(rows, n);
	return rc;
}

/* ---- products by category ------------------------------------------------- */

enum {
	C_CATEGORY,
	C_LEVEL,
	C_UNITS,
	C_REVENUE,
	C_REFUNDS,
	C_TOTAL_UNITS,
	C_TOTAL_REVENUE,
	C_TOTAL_REFUNDS,
	C_CURRENCY,
	C_NCOLS
};

static const bo_column category_cols[C_NCOLS] = {
    {"category", "CATEGORY", BO_COL_ALL},
    {"level", "LEVEL", BO_COL_DATA},
    {"units", "UNITS", BO_COL_ALL | BO_COL_RIGHT},
    {"revenue", "REVENUE", BO_COL_ALL | BO_COL_RIGHT},
    {"refunds", "REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"total_units", "TOTAL UNITS", BO_COL_ALL | BO_COL_RIGHT},
    {"total_revenue", "TOTAL REVENUE", BO_COL_ALL | BO_COL_RIGHT},
    {"total_refunds", "TOTAL REFUNDS", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
};

/* report products --by category: every category with sales in the period
 * (own and subtree figures), (none) last. */
static int report_by_category(bo_cli_ctx *c, bo_err *err)
{
	const char *by = bo_cli_option(c->args, "--by");
	const bo_currency *cur = &c->app->currency;
	bo_report_product *rows = NULL;
	bo_report_category *cats = NULL;
	bo_report_scan s = {0};
	bo_cell *cells = NULL;
	size_t n = 0, nc = 0;
	period p;
	int rc;

	if (bo_cli_option(c->args, "--sku") ||
	    bo_cli_option(c->args, "--limit"))
		return bo_err_set(err, BO_EUSAGE,
				  "report products --by category takes no "
				  "--sku or --limit: it shows every category");
	if (strcmp(by, "category") != 0)
		return bo_err_set(err, BO_EINVAL,
				  "--by must be category, not '%s'", by);
	if ((rc = parse_period(&p, c, 1, err)))
		return rc;
	if (p.timed) {
		if ((rc = scan(&s, c, &p, NULL, err)))
			return rc;
		rows = s.products;
		n = s.nproducts;
	} else if ((rc = bo_report_products(c->app, p.from_day, p.to_day, NULL,
					    0, &rows, &n, err))) {
		return rc;
	}
	if ((rc = bo_report_by_category(c->app, rows, n, &cats, &nc, err)))
		goto done;
	if (!(cells = calloc(nc ? nc * C_NCOLS : 1, sizeof(*cells)))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < nc; i++) {
		bo_cell *r = cells + i * C_NCOLS;
		r[C_CATEGORY] = bo_cell_str(cats[i].category);
		r[C_LEVEL] = bo_cell_int(cats[i].level);
		r[C_UNITS] = bo_cell_int(cats[i].units);
		r[C_REVENUE] = bo_cell_money(cats[i].revenue, cur);
		r[C_REFUNDS] = bo_cell_money(cats[i].refunds, cur);
		r[C_TOTAL_UNITS] = bo_cell_int(cats[i].total_units);
		r[C_TOTAL_REVENUE] = bo_cell_money(cats[i].total_revenue, cur);
		r[C_TOTAL_REFUNDS] = bo_cell_money(cats[i].total_refunds, cur);
		r[C_CURRENCY] = bo_cell_str(cur->code);
	}
	rc = write_rows(c, &p, category_cols, C_NCOLS, false, cells, nc, err);
done:
	free(cells);
	bo_report_categories_free(cats, nc);
	if (p.timed)
		bo_report_scan_clear(&s);
	else
		bo_report_products_free(rows, n);
	return rc;
}

/* ---- funnel --------------------------------------------------------------- */

enum {
	U_FROM,
	U_TO,
	U_PLACED,
	U_PAID,
	U_SHIPPED,
	U_DELIVERED,
	U_CANCELLED,
	U_TOTAL,
	U_NCOLS
};

static const bo_column funnel_cols[U_NCOLS] = {
    {"from", "FROM", BO_COL_ALL},
    {"to", "TO", BO_COL_ALL},
    {"placed", "PLACED (UNPAID)", BO_COL_ALL | BO_COL_RIGHT},
    {"paid", "PAID", BO_COL_ALL | BO_COL_RIGHT},
    {"shipped", "SHIPPED", BO_COL_ALL | BO_COL_RIGHT},
    {"delivered", "DELIVERED", BO_COL_ALL | BO_COL_RIGHT},
    {"cancelled", "CANCELLED", BO_COL_ALL | BO_COL_RIGHT},
    {"total", "TOTAL", BO_COL_ALL | BO_COL_RIGHT},
};

int bo_cli_report_funnel(bo_cli_ctx *c, bo_err *err)
{
	char from[40], to[40];
	bo_report_scan r;
	period p;
	int rc;

	if ((rc = record_report(&r, &p, c, PART_FUNNEL, err)))
		return rc;
	period_text(from, to, sizeof(from), &p);
	bo_cell cells[U_NCOLS] = {
	    bo_cell_str(from),
	    bo_cell_str(to),
	    bo_cell_int(r.funnel.placed),
	    bo_cell_int(r.funnel.paid),
	    bo_cell_int(r.funnel.shipped),
	    bo_cell_int(r.funnel.delivered),
	    bo_cell_int(r.funnel.cancelled),
	    bo_cell_int(r.funnel.total),
	};
	return write_rows(c, &p, funnel_cols, U_NCOLS, true, cells, 1, err);
}

/* ---- shipping ------------------------------------------------------------- */

enum {
	S_LEG,
	S_ORDERS,
	S_MEDIAN,
	S_P95,
	S_MAX,
	S_MEDIAN_S,
	S_P95_S,
	S_MAX_S,
	S_NCOLS
};

static const bo_column shipping_cols[S_NCOLS] = {
    {"leg", "LEG", BO_COL_ALL},
    {"orders", "ORDERS", BO_COL_ALL | BO_COL_RIGHT},
    {"median", "MEDIAN", BO_COL_TABLE | BO_COL_RIGHT},
    {"p95", "P95", BO_COL_TABLE | BO_COL_RIGHT},
    {"max", "MAX", BO_COL_TABLE | BO_COL_RIGHT},
    {"median_seconds", "MEDIAN", BO_COL_DATA},
    {"p95_seconds", "P95", BO_COL_DATA},
    {"max_seconds", "MAX", BO_COL_DATA},
};

/* "1d 2h" (bo_duration_words); "-" with no orders. */
static void duration_text(char *buf, size_t size, int64_t ms, int64_t count)
{
	if (count == 0)
		snprintf(buf, size, "-");
	else
		bo_duration_words(buf, size, ms);
}

static void leg_cells(bo_cell *r, char text[3][40], const char *leg,
		      const bo_report_stats *st)
{
	duration_text(text[0], 40, st->median, st->count);
	duration_text(text[1], 40, st->p95, st->count);
	duration_text(text[2], 40, st->max, st->count);
	r[S_LEG] = bo_cell_str(leg);
	r[S_ORDERS] = bo_cell_int(st->count);
	r[S_MEDIAN] = bo_cell_str(text[0]);
	r[S_P95] = bo_cell_str(text[1]);
	r[S_MAX] = bo_cell_str(text[2]);
	r[S_MEDIAN_S] =
	    st->count ? bo_cell_int(st->median / 1000) : bo_cell_null();
	r[S_P95_S] = st->count ? bo_cell_int(st->p95 / 1000) : bo_cell_null();
	r[S_MAX_S] = st->count ? bo_cell_int(st->max / 1000) : bo_cell_null();
}

int bo_cli_report_shipping(bo_cli_ctx *c, bo_err *err)
{
	char text[2][3][40];
	bo_cell cells[2 * S_NCOLS];
	bo_report_scan r;
	period p;
	int rc;

	if ((rc = record_report(&r, &p, c, PART_SHIPPING, err)))
		return rc;
	leg_cells(cells, text[0], "paid_to_shipped", &r.shipping.to_ship);
	leg_cells(cells + S_NCOLS, text[1], "shipped_to_delivered",
		  &r.shipping.to_deliver);
	return write_rows(c, &p, shipping_cols, S_NCOLS, false, cells, 2, err);
}
