/* The Dashboard: a period's KPI tiles, payments per day as bars, top products, funnel, time to ship. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app_projections.h"
#include "domain/app_report_categories.h"
#include "domain/app_reports.h"
#include "domain/calendar.h"
#include "domain/order.h"
#include "domain/present.h"
#include "tui/alerts.h"
#include "tui/dashboard.h"
#include "tui/export.h"
#include "tui/tui.h"

#define TOP_LIMIT 10 /* as `report products` by default */
#define CHART_MAX 14 /* rows of bars at most; the rest goes to products */
#define SIDE_W 28    /* the funnel and time-to-ship column */
#define TEXT_SZ 64

typedef enum {
	PERIOD_TODAY,
	PERIOD_7_DAYS,
	PERIOD_30_DAYS,
	PERIOD_MONTH,
	PERIOD_CUSTOM,
	PERIOD__COUNT
} period_kind;

static const char *const period_names[PERIOD__COUNT] = {
    "today", "7 days", "30 days", "this month", "custom"};

/*
 * Everything the screen shows. The tiles read from per-day rows (summary,
 * chart, top products) load together; the funnel and the shipping times
 * read every order of the period (at a million orders the longest part of
 * a load), so they come right after the frame that shows the rest
 * (bo_screen_ops.idle): `orders_due` says they are still to be read for
 * this period, `orders_shown` that the funnel and shipping held are this
 * period's (the previous read's on a refresh, until the new one lands).
 */
typedef struct shown {
	int64_t from_day, to_day;
	bo_report_figures sum;
	bo_report_figures *days; /* one per day of the period */
	size_t ndays;
	bo_report_product *top;
	size_t ntop;
	/* the period's sales per category (every level, tree order) */
	bo_report_category *cats;
	size_t ncats;
	bo_report_statuses funnel;
	bo_report_times ship;
	bo_projector_lag lag; /* how far behind the log the figures are */
	bool orders_due;
	bool orders_shown;
} shown;

typedef struct dashboard {
	bo_tui *tui;
	period_kind period;
	bool has_custom; /* Tab visits "custom" once one was given */
	int64_t custom_from, custom_to;
	bool loaded;
	bool loading; /* a load runs: the frame drawn meanwhile says so */
	char refusal[sizeof(((bo_err *)0)->msg)]; /* shown when not loaded */
	shown now;
	char status[160];
} dashboard;

/* ---- figures as text ------------------------------------------------------- */

static const char *money(char buf[BO_TUI_MONEY_BUFSZ], dashboard *d, int64_t v)
{
	return bo_tui_money(d->tui, buf, v);
}

/* "25%", as `report summary` shows the failure rate. */
static const char *rate(char *buf, size_t size, int64_t bp)
{
	size_t len;

	bo_rate_format(buf, size - 1, (int32_t)bp);
	len = strlen(buf);
	buf[len] = '%';
	buf[len + 1] = '\0';
	return buf;
}

/* "1d 2h" (bo_duration_words), "-" with no orders: the CLI's table form
 * of `report shipping`. */
static const char *duration(char *buf, size_t size, int64_t ms, int64_t count)
{
	if (count == 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	return bo_duration_words(buf, size, ms);
}

char *bo_dashboard_export_name(char *buf, size_t size, int64_t from_day,
			       int64_t to_day)
{
	char a[BO_DAY_BUFSZ], b[BO_DAY_BUFSZ];

	if (from_day == to_day)
		snprintf(buf, size, "dashboard-%s.csv",
			 bo_day_format(a, from_day));
	else
		snprintf(buf, size, "dashboard-%s_%s.csv",
			 bo_day_format(a, from_day), bo_day_format(b, to_day));
	return buf;
}

/* ---- loading ---------------------------------------------------------------- */

static void shown_free(shown *s)
{
	free(s->days);
	bo_report_products_free(s->top, s->ntop);
	bo_report_categories_free(s->cats, s->ncats);
	memset(s, 0, sizeof(*s));
}

/* The days of a period, counted back from today (the tenant's local days). */
static int period_days(dashboard *d, period_kind k, int64_t *from, int64_t *to,
		       bo_err *err)
{
	const bo_app *app = bo_tui_app(d->tui);
	int64_t today =
	    bo_local_day_of_ms(app->ports->zone, bo_clock_now(&app->clock));
	char first[BO_DAY_BUFSZ];

	*to = today;
	switch (k) {
	case PERIOD_TODAY:
		*from = today;
		break;
	case PERIOD_7_DAYS:
		*from = today - 6;
		break;
	case PERIOD_30_DAYS:
		*from = today - 29;
		break;
	case PERIOD_MONTH:
		/* "YYYY-MM-DD" with the day set to 01 */
		bo_day_format(first, today);
		first[8] = '0';
		first[9] = '1';
		return bo_day_parse(from, first, "the first of the month", err);
	default:
		*from = d->custom_from;
		*to = d->custom_to;
		break;
	}
	return BO_OK;
}

/*
 * While loading shows: draws the "loading..." frame now (the first read
 * after a large seed or import takes a while) and looks for Esc or Ctrl-C:
 * BO_ESTOPPED when the user asked to stop.
 */
static int still_wanted(dashboard *d, bo_err *err)
{
	if (d->loading && bo_tui_busy(d->tui))
		return bo_err_set(err, BO_ESTOPPED,
				  "loading stopped; R loads the figures again");
	return BO_OK;
}

/* The period's sales per category: every product's row, grouped. */
static int load_categories(shown *n, bo_app *app, bo_err *err)
{
	bo_report_product *all = NULL;
	size_t nall = 0;
	int rc = bo_report_products(app, n->from_day, n->to_day, NULL, 0, &all,
				    &nall, err);

	if (rc == BO_OK)
		rc = bo_report_by_category(app, all, nall, &n->cats, &n->ncats,
					   err);
	bo_report_products_free(all, nall);
	return rc;
}

/*
 * Every figure of the period from the report services, or nothing. While
 * nothing is shown yet (the first open) the screen says it is loading and
 * Esc stops it between reads. Once figures are shown they stay until the
 * new ones are read: no flash on a refresh (quiet, after another process
 * wrote), and no key typed ahead (Tab Tab) is eaten by bo_tui_busy, which
 * drops every key but Esc.
 */
static int load(dashboard *d, bool quiet, bo_err *err)
{
	bo_app *app = bo_tui_app(d->tui);
	shown n;
	int rc;

	memset(&n, 0, sizeof(n));
	if (!bo_role_may(app->role, BO_CAP_REPORT_READ))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not read reports",
				  app->user, bo_role_name(app->role));
	d->loading = !quiet && !d->loaded;
	if ((rc = period_days(d, d->period, &n.from_day, &n.to_day, err)) ||
	    (rc = still_wanted(d, err)) ||
	    (rc = bo_report_summary(app, n.from_day, n.to_day, &n.sum, err)) ||
	    (rc = still_wanted(d, err)) ||
	    (rc = bo_report_daily(app, n.from_day, n.to_day, &n.days, &n.ndays,
				  err)) ||
	    (rc = still_wanted(d, err)) ||
	    (rc = bo_report_products(app, n.from_day, n.to_day, NULL, TOP_LIMIT,
				     &n.top, &n.ntop, err)) ||
	    (rc = still_wanted(d, err)) || (rc = load_categories(&n, app, err)) ||
	    (rc = bo_app_projections_lag(app, "reports", &n.lag, err))) {
		d->loading = false;
		shown_free(&n);
		return rc;
	}
	d->loading = false;
	/* the same period's funnel and shipping stay up until the new ones
	 * are read (no flash on a refresh) */
	if (d->loaded && d->now.orders_shown && d->now.from_day == n.from_day &&
	    d->now.to_day == n.to_day) {
		n.funnel = d->now.funnel;
		n.ship = d->now.ship;
		n.orders_shown = true;
	}
	n.orders_due = true;
	shown_free(&d->now);
	d->now = n;
	d->loaded = true;
	d->refusal[0] = '\0';
	return BO_OK;
}

/* The funnel and the shipping times of the period shown, when due. */
static int load_orders(dashboard *d, bo_err *err)
{
	bo_app *app = bo_tui_app(d->tui);
	bo_report_statuses funnel;
	bo_report_times ship;
	int rc;

	if (!d->loaded || !d->now.orders_due)
		return BO_OK;
	d->now.orders_due = false;
	if ((rc = bo_report_funnel(app, d->now.from_day, d->now.to_day,
				   &funnel, err)) != BO_OK ||
	    (rc = bo_report_shipping(app, d->now.from_day, d->now.to_day,
				     &ship, err)) != BO_OK)
		return rc;
	d->now.funnel = funnel;
	d->now.ship = ship;
	d->now.orders_shown = true;
	return BO_OK;
}

/* After the frame: the funnel and shipping times, when due; true when
 * there is something new to draw. */
static bool idle(bo_screen *s)
{
	dashboard *d = s->state;
	bo_err err;

	if (!d->loaded || !d->now.orders_due)
		return false;
	bo_err_clear(&err);
	if (load_orders(d, &err) < 0)
		bo_tui_error(d->tui, &err);
	return true;
}

/* Loads; a failure is shown in the screen when there is nothing to show
 * yet, else in the message line over the figures kept from before. */
static void reload(dashboard *d, bool quiet)
{
	bo_err err;

	bo_err_clear(&err);
	if (load(d, quiet, &err) == BO_OK)
		return;
	if (d->loaded)
		bo_tui_error(d->tui, &err);
	else
		snprintf(d->refusal, sizeof(d->refusal), "%s",
			 err.msg[0] ? err.msg : bo_status_text(err.code));
}

static void choose(dashboard *d, period_kind k)
{
	period_kind old = d->period;
	bo_err err;

	bo_err_clear(&err);
	d->period = k;
	if (load(d, false, &err) < 0) {
		d->period = old;
		bo_tui_error(d->tui, &err);
	}
}

/* ---- the custom period prompt ---------------------------------------------- */

/* "FROM TO" or "FROM..TO" (or one day) as day numbers. */
static int parse_custom(const char *text, int64_t *from, int64_t *to,
			bo_err *err)
{
	char *copy = strdup(text ? text : ""), *a, *b, *extra, *save = NULL;
	int rc;

	if (!copy)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (char *p = copy; (p = strstr(p, "..")) != NULL;)
		p[0] = p[1] = ' ';
	a = strtok_r(copy, " \t", &save);
	b = a ? strtok_r(NULL, " \t", &save) : NULL;
	extra = b ? strtok_r(NULL, " \t", &save) : NULL;
	if (!a || extra)
		rc = bo_err_set(err, BO_EINVAL,
				"a period is two dates written YYYY-MM-DD, "
				"as in 2026-01-01 2026-01-31");
	else if ((rc = bo_day_parse(from, a, "the first day", err)) == 0 &&
		 (rc = bo_day_parse(to, b ? b : a, "the last day", err)) == 0 &&
		 *from > *to)
		rc = bo_err_set(err, BO_EINVAL,
				"the first day %s is after the last day %s", a,
				b);
	free(copy);
	return rc;
}

static int custom_answer(bo_screen *s, int yes, const char *text)
{
	dashboard *d = s->state;
	int64_t from, to, old_from = d->custom_from, old_to = d->custom_to;
	bool old_has = d->has_custom;
	bo_err err;

	bo_err_clear(&err);
	if (!yes)
		return BO_HANDLED;
	if (parse_custom(text, &from, &to, &err) < 0) {
		if (err.code == BO_ENOMEM)
			bo_tui_error(d->tui, &err);
		else /* what was typed stays, to be mended */
			bo_tui_prompt_again(d->tui, s, text, "%s", err.msg);
		return BO_HANDLED;
	}
	d->custom_from = from;
	d->custom_to = to;
	d->has_custom = true;
	if (d->period == PERIOD_CUSTOM)
		reload(d, false);
	else
		choose(d, PERIOD_CUSTOM);
	if (d->period != PERIOD_CUSTOM) {
		/* refused: keep the custom period there was */
		d->custom_from = old_from;
		d->custom_to = old_to;
		d->has_custom = old_has;
	}
	return BO_HANDLED;
}

static void ask_custom(bo_screen *s)
{
	dashboard *d = s->state;
	char a[BO_DAY_BUFSZ], b[BO_DAY_BUFSZ], initial[2 * BO_DAY_BUFSZ + 2];

	snprintf(initial, sizeof(initial), "%s %s",
		 bo_day_format(a, d->now.from_day),
		 bo_day_format(b, d->now.to_day));
	bo_tui_prompt(d->tui, s, "period (first last day, YYYY-MM-DD):",
		      d->loaded ? initial : NULL, custom_answer);
}

/* ---- export ------------------------------------------------------------------ */

static int export_answer(bo_screen *s, int yes, const char *text)
{
	if (yes)
		bo_tui_export(s->tui, s, text);
	return BO_HANDLED;
}

static void ask_export(bo_screen *s)
{
	dashboard *d = s->state;
	char name[64];

	if (!d->loaded) {
		bo_tui_message(d->tui, BO_STYLE_WARNING,
			       "there is nothing to export");
		return;
	}
	bo_dashboard_export_name(name, sizeof(name), d->now.from_day,
				 d->now.to_day);
	bo_tui_prompt(d->tui, s, "export as CSV to:", name, export_answer);
}

typedef struct csv_out {
	FILE *f;
	bo_err *err;
	int rows;
	int rc;
} csv_out;

/* One record: section, item, metric, value. */
static void put(csv_out *o, const char *section, const char *item,
		const char *metric, const char *value)
{
	const char *fields[4] = {section, item, metric, value};

	if (o->rc < 0)
		return;
	if ((o->rc = bo_tui_csv_row(o->f, fields, 4, o->err)) == 0)
		o->rows++;
}

static void put_int(csv_out *o, const char *section, const char *item,
		    const char *metric, int64_t v)
{
	char text[32];

	snprintf(text, sizeof(text), "%" PRId64, v);
	put(o, section, item, metric, text);
}

static void put_money(csv_out *o, dashboard *d, const char *section,
		      const char *item, const char *metric, int64_t v)
{
	char text[BO_MONEY_BUFSZ];

	/* CSV keeps the plain form */
	put(o, section, item, metric,
	    bo_money_format(text, v, &bo_tui_app(d->tui)->currency));
}

/*
 * A long CSV of what is shown: section,item,metric,value. Metric names and
 * number formats are those of `report ... --format json`.
 */
static int export_csv(bo_screen *s, FILE *f, bo_err *err)
{
	dashboard *d = s->state;
	const bo_report_figures *m = &d->now.sum;
	static const char *const header[4] = {"section", "item", "metric",
					      "value"};
	csv_out o = {f, err, 0, 0};
	char a[BO_DAY_BUFSZ], text[TEXT_SZ];

	if (!d->loaded)
		return bo_err_set(err, BO_EINVAL, "there is nothing to export");
	/* what the file says is the whole period's, the funnel included */
	if ((o.rc = load_orders(d, err)) < 0 ||
	    (o.rc = bo_tui_csv_row(f, header, 4, err)) < 0)
		return o.rc;
	put(&o, "period", NULL, "name", period_names[d->period]);
	put(&o, "period", NULL, "from", bo_day_format(a, d->now.from_day));
	put(&o, "period", NULL, "to", bo_day_format(a, d->now.to_day));
	put(&o, "period", NULL, "currency", bo_tui_app(d->tui)->currency.code);
	put_int(&o, "summary", NULL, "orders_placed", m->orders_placed);
	put_int(&o, "summary", NULL, "orders_paid", m->orders_paid);
	put_money(&o, d, "summary", NULL, "placed_value", m->placed_value);
	put_money(&o, d, "summary", NULL, "gross", m->gross);
	put_money(&o, d, "summary", NULL, "tax", m->tax);
	put_money(&o, d, "summary", NULL, "net", m->net);
	put_money(&o, d, "summary", NULL, "refunds", m->refunds);
	put_money(&o, d, "summary", NULL, "refund_tax", m->refund_tax);
	put_money(&o, d, "summary", NULL, "net_after_refunds",
		  m->net_after_refunds);
	put_money(&o, d, "summary", NULL, "average_order_value",
		  m->average_order_value);
	put_int(&o, "summary", NULL, "payments", m->payments);
	put_int(&o, "summary", NULL, "payment_failures", m->payment_failures);
	bo_rate_format(text, sizeof(text), (int32_t)m->payment_failure_rate_bp);
	put(&o, "summary", NULL, "payment_failure_rate", text);
	put_int(&o, "summary", NULL, "cancellations", m->cancellations);
	for (size_t i = 0; i < d->now.ndays; i++)
		put_money(&o, d, "daily", bo_day_format(a, d->now.days[i].day),
			  "gross", d->now.days[i].gross);
	for (size_t i = 0; i < d->now.ntop; i++) {
		const bo_report_product *p = &d->now.top[i];

		put_int(&o, "product", p->sku, "rank", (int64_t)i + 1);
		put(&o, "product", p->sku, "name", p->name);
		put_int(&o, "product", p->sku, "units", p->units);
		put_money(&o, d, "product", p->sku, "revenue", p->revenue);
		put_money(&o, d, "product", p->sku, "refunds", p->refunds);
	}
	for (size_t i = 0; i < d->now.ncats; i++) {
		const bo_report_category *cat = &d->now.cats[i];

		put_int(&o, "category", cat->category, "units",
			cat->total_units);
		put_money(&o, d, "category", cat->category, "revenue",
			  cat->total_revenue);
	}
	put_int(&o, "funnel", NULL, "placed", d->now.funnel.placed);
	put_int(&o, "funnel", NULL, "paid", d->now.funnel.paid);
	put_int(&o, "funnel", NULL, "shipped", d->now.funnel.shipped);
	put_int(&o, "funnel", NULL, "delivered", d->now.funnel.delivered);
	put_int(&o, "funnel", NULL, "cancelled", d->now.funnel.cancelled);
	put_int(&o, "funnel", NULL, "total", d->now.funnel.total);
	put_int(&o, "shipping", "paid_to_shipped", "orders",
		d->now.ship.to_ship.count);
	if (d->now.ship.to_ship.count) {
		put_int(&o, "shipping", "paid_to_shipped", "median_seconds",
			d->now.ship.to_ship.median / 1000);
		put_int(&o, "shipping", "paid_to_shipped", "p95_seconds",
			d->now.ship.to_ship.p95 / 1000);
	}
	return o.rc < 0 ? o.rc : o.rows;
}

/* ---- keys --------------------------------------------------------------------- */

static void step_period(dashboard *d, int by)
{
	int n = d->has_custom ? PERIOD__COUNT : PERIOD_CUSTOM;

	choose(d, (period_kind)(((int)d->period + by + n) % n));
}

static int handle(bo_screen *s, bo_request req, int key)
{
	dashboard *d = s->state;
	bo_err err;

	bo_err_clear(&err);
	/* keys of this screen only, outside the table */
	switch (key) {
	case 'A':
		if (bo_alerts_open(d->tui, &err) < 0)
			bo_tui_error(d->tui, &err);
		return BO_HANDLED;
	default:
		break;
	}
	switch (req) {
	case BO_REQ_NEXT_FIELD:
		step_period(d, 1);
		break;
	case BO_REQ_PREV_FIELD:
		step_period(d, -1);
		break;
	case BO_REQ_FILTER:
		step_period(d, 1);
		break;
	case BO_REQ_SAVE:
		ask_export(s);
		break;
	case BO_REQ_CUSTOM_PERIOD:
		ask_custom(s);
		break;
	case BO_REQ_RELOAD:
		reload(d, false);
		break;
	default:
		if (key == BO_KEY_RIGHT) {
			step_period(d, 1);
			break;
		}
		if (key == BO_KEY_LEFT) {
			step_period(d, -1);
			break;
		}
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

/* The eighth blocks U+2581..U+2588, by eighths filled (1..8). */
static const char *const eighths[9] = {
    " ",
    "\xE2\x96\x81",
    "\xE2\x96\x82",
    "\xE2\x96\x83",
    "\xE2\x96\x84",
    "\xE2\x96\x85",
    "\xE2\x96\x86",
    "\xE2\x96\x87",
    "\xE2\x96\x88",
};

/* v scaled to 0..levels against max (> 0), rounded, at least 1 when v > 0;
 * in 64-bit without overflow whatever the amounts. */
static int64_t scale(int64_t v, int64_t max, int64_t levels)
{
	int64_t q;

	if (v <= 0 || max <= 0)
		return 0;
	while (max > INT64_MAX / (levels * 2 + 2)) {
		v /= 2;
		max /= 2;
	}
	q = (v * levels * 2 + max) / (max * 2);
	if (q < 1)
		q = 1;
	return q > levels ? levels : q;
}

static void draw_periods(dashboard *d, bo_canvas *c, int y)
{
	char label[32], a[BO_DAY_BUFSZ], b[BO_DAY_BUFSZ], line[200];
	int x = 1;

	x += bo_canvas_text(c, y, x, BO_STYLE_HEADER, "Period", 6) + 1;
	for (int k = 0; k < PERIOD__COUNT; k++) {
		int w;

		bool on = k == (int)d->period && d->loaded;

		/* brackets too, so monochrome and plain text show the choice */
		if (k == PERIOD_CUSTOM && !d->has_custom)
			snprintf(label, sizeof(label), " custom... ");
		else
			snprintf(label, sizeof(label), "%s%s%s", on ? "[" : " ",
				 period_names[k], on ? "]" : " ");
		w = bo_canvas_text(c, y, x,
				   on ? BO_STYLE_SELECTED : BO_STYLE_NORMAL,
				   label, c->cols - x - 1);
		x += w + 1;
	}
	if (!d->loaded)
		return;
	if (d->now.from_day == d->now.to_day)
		snprintf(line, sizeof(line), "%s, amounts in %s",
			 bo_day_format(a, d->now.from_day),
			 bo_tui_app(d->tui)->currency.code);
	else
		snprintf(line, sizeof(line),
			 "%s to %s (%" PRId64 " days), amounts in %s",
			 bo_day_format(a, d->now.from_day),
			 bo_day_format(b, d->now.to_day),
			 d->now.to_day - d->now.from_day + 1,
			 bo_tui_app(d->tui)->currency.code);
	bo_canvas_text(c, y + 1, 1, BO_STYLE_DIM, line, c->cols - 2);
}

/* A tile says what it counts in two short lines, as `report summary`
 * names the figure (gross, net_after_refunds, refunds, orders_placed,
 * average_order_value, payment_failure_rate); in one line (brief) when
 * the tiles wrap onto a screen too low for that. */
typedef struct tile {
	const char *what, *which, *brief;
	char value[TEXT_SZ];
} tile;

#define TILE_H 5
#define ROWS_BELOW 7 /* the chart and products need at least these */

/* The six KPI tiles: one row of six when they fit, else rows of three, two
 * or one. Returns the rows used. */
static int draw_tiles(dashboard *d, bo_canvas *c, int y, int max_rows)
{
	const bo_report_figures *m = &d->now.sum;
	tile t[6] = {
	    {"Payments", "received", "Payments in", ""},
	    {"Net after", "refunds", "Net after refs", ""},
	    {"Refunds", "paid out", "Refunds paid", ""},
	    {"Orders", "placed", "Orders placed", ""},
	    {"Avg order", "placed", "Avg placed", ""},
	    {"Payments", "failed", "Payments failed", ""},
	};
	int per_row = 6, need = 0, w, used = 0, h = TILE_H;

	money(t[0].value, d, m->gross);
	money(t[1].value, d, m->net_after_refunds);
	money(t[2].value, d, m->refunds);
	snprintf(t[3].value, TEXT_SZ, "%" PRId64, m->orders_placed);
	money(t[4].value, d, m->average_order_value);
	rate(t[5].value, TEXT_SZ, m->payment_failure_rate_bp);
	for (int i = 0; i < 6; i++) {
		int vw = bo_canvas_text_width(t[i].value);
		int lw = bo_canvas_text_width(t[i].what);
		int kw = bo_canvas_text_width(t[i].which);

		need = vw > need ? vw : need;
		need = lw > need ? lw : need;
		need = kw > need ? kw : need;
	}
	need += 4; /* borders and a space either side */
	while (per_row > 1 && (c->cols - 2) / per_row < need)
		per_row = per_row > 3 ? 3 : per_row - 1;
	w = (c->cols - 2) / per_row;
	if (per_row < 6 && (6 / per_row) * TILE_H + ROWS_BELOW > max_rows)
		h = TILE_H - 1;
	for (int i = 0; i < 6; i++) {
		int col = i % per_row, ty = y + (i / per_row) * h,
		    x = 1 + col * w;

		if (ty + h > y + max_rows)
			break;
		bo_canvas_box(c, ty, x, h, w, BO_STYLE_BORDER);
		if (h == TILE_H) {
			bo_canvas_text(c, ty + 1, x + 2, BO_STYLE_DIM,
				       t[i].what, w - 4);
			bo_canvas_text(c, ty + 2, x + 2, BO_STYLE_DIM,
				       t[i].which, w - 4);
		} else {
			bo_canvas_text(c, ty + 1, x + 2, BO_STYLE_DIM,
				       bo_canvas_text_width(t[i].brief) <= w - 4
					   ? t[i].brief
					   : t[i].what,
				       w - 4);
		}
		bo_canvas_text_right(c, ty + h - 2, x + 2, w - 4,
				     i == 3 || i == 5 ? BO_STYLE_HIGHLIGHT
						      : BO_STYLE_MONEY,
				     t[i].value);
		used = ty + h - y;
	}
	return used;
}

/*
 * Payments received (gross) per day as vertical bars h rows high in a box of w
 * columns from y, x: the largest amount on the axis, the first and last
 * day below. More days than columns are summed into buckets of days.
 */
static void draw_chart(dashboard *d, bo_canvas *c, int y, int x, int w, int h)
{
	char top[BO_TUI_MONEY_BUFSZ], a[BO_DAY_BUFSZ], b[BO_DAY_BUFSZ],
	    title[80];
	int64_t buckets[512], max = 0;
	size_t n = d->now.ndays, per, nb;
	int axis_w, bars_x, avail, slot, bar_w;

	snprintf(title, sizeof(title), "Payments received per day (gross)");
	bo_canvas_text(c, y, x, BO_STYLE_HEADER, title, w);
	if (h < 1 || n == 0)
		return;
	/* the axis is as wide as the largest label; computed from the
	 * buckets, so first a guess at the columns left */
	per = 1;
	for (;;) {
		nb = (n + per - 1) / per;
		max = 0;
		for (size_t i = 0; i < nb && i < 512; i++) {
			buckets[i] = 0;
			for (size_t j = i * per; j < n && j < (i + 1) * per;
			     j++)
				if (d->now.days[j].gross > 0 &&
				    buckets[i] <=
					INT64_MAX - d->now.days[j].gross)
					buckets[i] += d->now.days[j].gross;
			if (buckets[i] > max)
				max = buckets[i];
		}
		money(top, d, max);
		axis_w = bo_canvas_text_width(top) + 1;
		avail = w - axis_w - 1;
		if (avail < 1)
			return;
		if ((size_t)avail >= nb && nb <= 512)
			break;
		{
			/* per only grows, so this ends */
			size_t next = (n + (size_t)avail - 1) / (size_t)avail;

			if ((n + next - 1) / next > 512)
				next = (n + 511) / 512;
			per = next > per ? next : per + 1;
		}
	}
	slot = avail / (int)nb;
	if (slot > 8)
		slot = 8;
	bar_w = slot >= 3 ? slot - 1 : 1;
	bars_x = x + axis_w + 1;
	bo_canvas_text_right(c, y + 1, x, axis_w - 1, BO_STYLE_DIM, top);
	bo_canvas_text_right(c, y + h, x, axis_w - 1, BO_STYLE_DIM, "0");
	for (int r = 0; r < h; r++)
		bo_canvas_text(c, y + 1 + r, x + axis_w, BO_STYLE_BORDER,
			       bo_canvas_glyph(c, BO_GLYPH_VLINE), 1);
	for (size_t i = 0; i < nb; i++) {
		int bx = bars_x + (int)i * slot;
		int64_t level;

		if (c->unicode) {
			level = scale(buckets[i], max, (int64_t)h * 8);
			for (int r = 0; r < h && level > 0; r++, level -= 8) {
				const char *g = eighths[level >= 8 ? 8 : level];

				for (int k = 0; k < bar_w; k++)
					bo_canvas_text(c, y + h - r, bx + k,
						       BO_STYLE_MONEY, g, 1);
			}
		} else {
			level = scale(buckets[i], max, h);
			for (int r = 0; r < level; r++)
				for (int k = 0; k < bar_w; k++)
					bo_canvas_text(
					    c, y + h - r, bx + k,
					    BO_STYLE_MONEY,
					    bo_canvas_glyph(c, BO_GLYPH_BLOCK),
					    1);
		}
	}
	/* the first and last day under the bars */
	bo_day_format(a, d->now.days[0].day);
	bo_day_format(b, d->now.days[n - 1].day);
	bo_canvas_text(c, y + h + 1, bars_x, BO_STYLE_DIM, a, 10);
	if (n > 1 && (int)nb * slot >= 22)
		bo_canvas_text_right(c, y + h + 1, bars_x, (int)nb * slot,
				     BO_STYLE_DIM, b);
	if (per > 1) {
		snprintf(title, sizeof(title), "(%zu days a bar)", per);
		bo_canvas_text_right(c, y, x, w, BO_STYLE_DIM, title);
	}
}

static void draw_products(dashboard *d, bo_canvas *c, int y, int x, int w,
			  int rows)
{
	int name_w = w - 2 - 1 - 10 - 1 - 6 - 1 - 12;
	int sku_w = 10;

	if (name_w < 6) {
		sku_w -= 6 - name_w;
		name_w = 6;
	}
	bo_canvas_fill(c, y, x, w, BO_STYLE_HEADER);
	bo_canvas_text(c, y, x, BO_STYLE_HEADER, "Top products", w);
	bo_canvas_text_right(c, y, x + w - 19, 6, BO_STYLE_HEADER, "UNITS");
	bo_canvas_text_right(c, y, x + w - 12, 12, BO_STYLE_HEADER, "REVENUE");
	if (d->now.ntop == 0 && rows > 0)
		bo_canvas_text(c, y + 1, x + 1, BO_STYLE_DIM,
			       "no products sold in this period", w - 1);
	for (int r = 0; r < rows && (size_t)r < d->now.ntop; r++) {
		const bo_report_product *p = &d->now.top[r];
		char text[TEXT_SZ];
		int ry = y + 1 + r, cx = x;

		snprintf(text, sizeof(text), "%d", r + 1);
		bo_canvas_text_right(c, ry, cx, 2, BO_STYLE_DIM, text);
		cx += 3;
		bo_canvas_text(c, ry, cx, BO_STYLE_NORMAL, p->sku, sku_w);
		cx += sku_w + 1;
		bo_canvas_text(c, ry, cx, BO_STYLE_NORMAL, p->name, name_w);
		snprintf(text, sizeof(text), "%" PRId64, p->units);
		bo_canvas_text_right(c, ry, x + w - 19, 6, BO_STYLE_NORMAL,
				     text);
		bo_canvas_text_right(c, ry, x + w - 12, 12, BO_STYLE_MONEY,
				     money(text, d, p->revenue));
	}
}

/* Under a tile's header while its orders are read (right after the
 * frame); returns the rows used. */
static int counting(bo_canvas *c, int y, int x, int w, int rows)
{
	if (rows < 2)
		return 1;
	bo_canvas_text(c, y + 1, x, BO_STYLE_DIM, "counting...", w);
	return 2;
}

/* Returns the rows used. */
static int draw_funnel(dashboard *d, bo_canvas *c, int y, int x, int w,
		       int rows)
{
	const bo_report_statuses *f = &d->now.funnel;
	const struct {
		const char *label;
		int64_t n;
		bo_style role;
	} steps[] = {
	    /* the domain's names, as `report funnel` and `order list` */
	    {bo_order_status_name(BO_ORDER_PLACED), f->placed,
	     BO_STYLE_EV_ORDER},
	    {bo_order_status_name(BO_ORDER_PAID), f->paid, BO_STYLE_EV_PAYMENT},
	    {bo_order_status_name(BO_ORDER_SHIPPED), f->shipped,
	     BO_STYLE_EV_SHIPPING},
	    {bo_order_status_name(BO_ORDER_DELIVERED), f->delivered,
	     BO_STYLE_OK},
	    {bo_order_status_name(BO_ORDER_CANCELLED), f->cancelled,
	     BO_STYLE_EV_PROBLEM},
	    {"total", f->total, BO_STYLE_NORMAL},
	};
	int bar_room = w - 10 - 7 - 1, i;

	if (rows < 1)
		return 0;
	bo_canvas_fill(c, y, x, w, BO_STYLE_HEADER);
	/* orders placed in the period by their status now, as `report
	 * funnel`: not the cancellations that happened in it (`report
	 * summary`) */
	bo_canvas_text(c, y, x, BO_STYLE_HEADER, "Orders placed, status now",
		       w);
	if (!d->now.orders_shown)
		return counting(c, y, x, w, rows);
	for (i = 0; i < 6 && i + 1 < rows; i++) {
		char text[32];
		int ry = y + 1 + i;

		bo_canvas_text(c, ry, x, BO_STYLE_NORMAL, steps[i].label, 10);
		snprintf(text, sizeof(text), "%" PRId64, steps[i].n);
		bo_canvas_text_right(c, ry, x + 10, 7, BO_STYLE_NORMAL, text);
		if (i < 5 && bar_room > 0) {
			int64_t len = scale(steps[i].n, f->total, bar_room);

			for (int k = 0; k < len; k++)
				bo_canvas_text(
				    c, ry, x + 18 + k, steps[i].role,
				    bo_canvas_glyph(c, BO_GLYPH_BLOCK), 1);
		}
	}
	return i + 1;
}

static int draw_shipping(dashboard *d, bo_canvas *c, int y, int x, int w,
			 int rows)
{
	const bo_report_stats *st = &d->now.ship.to_ship;
	char text[3][TEXT_SZ];
	const char *labels[3] = {"orders shipped", "median", "95th pct"};
	int i;

	if (rows < 1)
		return 0;
	snprintf(text[0], TEXT_SZ, "%" PRId64, st->count);
	duration(text[1], TEXT_SZ, st->median, st->count);
	duration(text[2], TEXT_SZ, st->p95, st->count);
	bo_canvas_fill(c, y, x, w, BO_STYLE_HEADER);
	bo_canvas_text(c, y, x, BO_STYLE_HEADER, "Time from paid to shipped",
		       w);
	if (!d->now.orders_shown)
		return counting(c, y, x, w, rows);
	for (i = 0; i < 3 && i + 1 < rows; i++) {
		bo_canvas_text(c, y + 1 + i, x, BO_STYLE_NORMAL, labels[i], 15);
		bo_canvas_text_right(c, y + 1 + i, x + 15, w - 15,
				     BO_STYLE_NORMAL, text[i]);
	}
	return i + 1;
}

/* The first-level categories (and the products without one) by their
 * revenue in the period, the largest first, as many as rows allow. */
static int draw_categories(dashboard *d, bo_canvas *c, int y, int x, int w,
			   int rows)
{
	const bo_report_category *order[16];
	size_t n = 0;
	int i;

	if (rows < 2)
		return 0;
	for (size_t k = 0; k < d->now.ncats; k++) {
		const bo_report_category *cat = &d->now.cats[k];
		size_t at;

		if (cat->level > 1)
			continue;
		/* insertion by total revenue, largest first; ties keep
		 * tree order */
		for (at = n; at > 0 && order[at - 1]->total_revenue <
					   cat->total_revenue;
		     at--)
			if (at < 16)
				order[at] = order[at - 1];
		if (at < 16) {
			order[at] = cat;
			if (n < 16)
				n++;
		}
	}
	bo_canvas_fill(c, y, x, w, BO_STYLE_HEADER);
	bo_canvas_text(c, y, x, BO_STYLE_HEADER, "Revenue by category", w);
	if (n == 0) {
		bo_canvas_text(c, y + 1, x, BO_STYLE_DIM, "no sales", w);
		return 2;
	}
	for (i = 0; i < (int)n && i + 1 < rows; i++) {
		char money_text[BO_TUI_MONEY_BUFSZ];

		bo_canvas_text(c, y + 1 + i, x, BO_STYLE_NORMAL,
			       order[i]->category, w - 12);
		bo_canvas_text_right(
		    c, y + 1 + i, x + w - 11, 11, BO_STYLE_MONEY,
		    money(money_text, d, order[i]->total_revenue));
	}
	return i + 1;
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	dashboard *d = s->state;
	int bottom = top + height, y, avail, chart_h, np, left_w, side_x;
	bool side;

	if (height < 2)
		return;
	draw_periods(d, c, top);
	if (d->loading) {
		bo_canvas_text(c, top + 3, 2, BO_STYLE_DIM,
			       "loading...  Esc stops", c->cols - 4);
		return;
	}
	if (!d->loaded) {
		bo_canvas_text(c, top + 3, 2, BO_STYLE_ERROR,
			       d->refusal[0]
				   ? d->refusal
				   : "the figures could not be loaded",
			       c->cols - 4);
		return;
	}
	/* the keys are on the manager's hint line (hints below) */
	y = top + 2;
	y += draw_tiles(d, c, y, bottom - y);
	avail = bottom - y;
	if (avail < 3)
		return;
	side = c->cols >= 72;
	left_w = side ? c->cols - SIDE_W - 3 : c->cols - 2;
	side_x = left_w + 2;
	/* chart: title, bars, dates; products: header and rows */
	np = avail / 3 > 4 ? avail / 3 : 4;
	chart_h = avail - 2 - 1 - np;
	if (chart_h > CHART_MAX)
		chart_h = CHART_MAX;
	if (chart_h < 2)
		chart_h = avail - 3 >= 2 ? 2 : avail - 3;
	np = avail - 3 - chart_h;
	if (np > TOP_LIMIT)
		np = TOP_LIMIT;
	draw_chart(d, c, y, 1, left_w, chart_h);
	if (np >= 0)
		draw_products(d, c, y + chart_h + 2, 1, left_w, np);
	if (side) {
		int used = draw_funnel(d, c, y, side_x, SIDE_W, avail);

		used += 1 + draw_shipping(d, c, y + used + 1, side_x, SIDE_W,
					  avail - used - 1);
		draw_categories(d, c, y + used + 1, side_x, SIDE_W,
				avail - used - 1);
	}
}

static const char *status(bo_screen *s)
{
	dashboard *d = s->state;
	if (!d->loaded)
		return NULL;
	const bo_projector_lag *l = &d->now.lag;
	int64_t age;

	/* read as they are (a read never catches up): say how far behind */
	if (l->stale)
		snprintf(d->status, sizeof(d->status),
			 "period: %s | reports need a rebuild: projections "
			 "rebuild",
			 period_names[d->period]);
	else if (l->behind > 0 && l->applied_at > 0) {
		age =
		    (bo_clock_now(&bo_tui_app(d->tui)->clock) - l->applied_at) /
		    1000;
		age = age < 0 ? 0 : age;
		/* the age of the newest applied event, in its largest unit */
		snprintf(d->status, sizeof(d->status),
			 "period: %s | %" PRId64 " events behind, %" PRId64
			 "%s",
			 period_names[d->period], l->behind,
			 age >= 86400  ? age / 86400
			 : age >= 3600 ? age / 3600
			 : age >= 60   ? age / 60
				       : age,
			 age >= 86400  ? "d"
			 : age >= 3600 ? "h"
			 : age >= 60   ? "m"
				       : "s");
	} else if (l->behind > 0)
		snprintf(d->status, sizeof(d->status),
			 "period: %s | %" PRId64 " events behind",
			 period_names[d->period], l->behind);
	else
		snprintf(d->status, sizeof(d->status), "period: %s",
			 period_names[d->period]);
	return d->status;
}

static void refresh(bo_screen *s)
{
	reload(s->state, true);
}

static int open_dashboard(bo_screen *s, bo_err *err)
{
	dashboard *d = s->state;

	(void)err;
	d->tui = s->tui;
	d->period = PERIOD_30_DAYS;
	reload(d, false);
	return BO_OK;
}

static void close_dashboard(bo_screen *s)
{
	dashboard *d = s->state;

	if (!d)
		return;
	shown_free(&d->now);
	free(d);
}

/* c picks a period of your own here (it cancels an order on a timeline). */
static const bo_binding keys[] = {{'c', BO_REQ_CUSTOM_PERIOD},
				  {0, BO_REQ_NONE}};

static const bo_hint hints[] = {
    {BO_REQ_NEXT_FIELD, "period"}, {BO_REQ_CUSTOM_PERIOD, "custom period"},
    {BO_REQ_ALERTS, "alerts"},     {BO_REQ_SAVE, "export"},
    {BO_REQ_RELOAD, "reload"},     {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_dashboard_screen_ops = {
    .name = "dashboard",
    .title = "Dashboard",
    .open = open_dashboard,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .idle = idle,
    .close = close_dashboard,
    .export_csv = export_csv,
    .hints = hints,
    .keys = keys,
};

int bo_dashboard_open(bo_tui *t, bo_err *err)
{
	dashboard *d = calloc(1, sizeof(*d));

	if (!d)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_dashboard_screen_ops, d, err);
}
