/* The Dashboard under scripted keys: periods, KPI tiles equal to the report services, chart, export. */
#include "tests/tui/shop_fixture.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/order.h"
#include "domain/app_reports.h"
#include "tests/tui/tui_script.h"
#include "tui/dashboard.h"
#include "tui/scheme.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 24, 80) < 0)
		return -1;
	f = *state;
	shop_history(f);
	fx_open_as(f, "mia");
	fx_key(f, '3');
	return 0;
}

/* A file name in a fresh scratch directory. */
static void scratch(char *dir, size_t size, char *path, size_t psize,
		    const char *name)
{
	snprintf(dir, size, "/tmp/bo-dash-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, psize, "%s/%s", dir, name);
}

static void remove_scratch(const char *dir, const char *path)
{
	unlink(path);
	rmdir(dir);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* Shift-Tab from 30 days: 7 days, then today. */
static void pick_today(fx *f)
{
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	SCREEN_HAS(f, "period: today");
	SCREEN_HAS(f, " 2026-01-01, amounts in EUR");
}

/* ---- what it shows ---------------------------------------------------------- */

static void opens_on_the_last_30_days(void **state)
{
	fx *f = *state;

	SCREEN_IS(f, "dashboard_30_days");
	SCREEN_HAS(f, "2025-12-03 to 2026-01-01 (30 days), amounts in EUR");
}

static void today_shows_the_known_figures(void **state)
{
	fx *f = *state;

	pick_today(f);
	SCREEN_IS(f, "dashboard_today");
}

/* Each tile's text is the service's figure, formatted as the CLI does. */
static void tiles_equal_the_report_services_to_the_cent(void **state)
{
	fx *f = *state;
	bo_report_figures sum;
	char want[BO_MONEY_BUFSZ];
	int64_t today = INT64_C(20454); /* 2026-01-01 */
	bo_err err;

	pick_today(f);
	FX_OK(bo_report_summary(&f->app, today, today, &sum, &err), &err);
	assert_int_equal(sum.gross, 5750);
	assert_int_equal(sum.net_after_refunds, 4109);
	assert_int_equal(sum.refunds, 1000);
	assert_int_equal(sum.average_order_value, 3917);
	assert_int_equal(sum.payment_failure_rate_bp, 2500);
	SCREEN_HAS(f, bo_money_format(want, sum.gross, &f->app.currency));
	SCREEN_HAS(
	    f, bo_money_format(want, sum.net_after_refunds, &f->app.currency));
	SCREEN_HAS(f, bo_money_format(want, sum.refunds, &f->app.currency));
	SCREEN_HAS(f, bo_money_format(want, sum.average_order_value,
				      &f->app.currency));
	SCREEN_HAS(f, "25%");
	/* 30 days holds the 20.00 of 2025-12-30 too */
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	FX_OK(bo_report_summary(&f->app, today - 29, today, &sum, &err), &err);
	assert_int_equal(sum.gross, 7750);
	SCREEN_HAS(f, "77.50");
}

static void periods_cycle_with_tab_and_arrows(void **state)
{
	fx *f = *state;

	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "period: this month");
	SCREEN_HAS(f, "2026-01-01, amounts in EUR");
	/* no custom period yet: Tab wraps round to today */
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "period: today");
	fx_key(f, BO_KEY_RIGHT);
	SCREEN_HAS(f, "period: 7 days");
	SCREEN_HAS(f, "2025-12-26 to 2026-01-01 (7 days)");
	fx_key(f, BO_KEY_LEFT);
	SCREEN_HAS(f, "period: today");
	fx_key(f, 'f');
	SCREEN_HAS(f, "period: 7 days");
}

/* Each tile says what it counts; the funnel names the states as the domain
 * and the CLI do, and says it counts orders placed in the period. */
static void every_figure_says_what_it_counts(void **state)
{
	fx *f = *state;

	pick_today(f);
	SCREEN_HAS(f, "Payments");
	SCREEN_HAS(f, "received");
	SCREEN_HAS(f, "Net after");
	SCREEN_HAS(f, "paid out");
	SCREEN_HAS(f, "placed");
	SCREEN_HAS(f, "failed");
	SCREEN_HAS(f, "Payments received per day (gross)");
	SCREEN_HAS(f, "Orders placed, status now");
	SCREEN_HAS(f, "Time from paid to shipped");
	SCREEN_LACKS(f, "Unpaid");
	SCREEN_LACKS(f, "Gross revenue");
	SCREEN_LACKS(f, "Net (ex tax)");
	for (int st = BO_ORDER_PLACED; st <= BO_ORDER_CANCELLED; st++)
		SCREEN_HAS(f, bo_order_status_name((bo_order_status)st));
}

/* The frame as drawn now, without the loop's work after it: whether it
 * has the order tiles' figures (their "95th pct" row) or says it is still
 * counting them. */
static bool frame_counting(fx *f)
{
	char *frame;
	bool counting, figures;

	bo_tui_draw(f->tui, f->c);
	frame = bo_canvas_to_text(f->c, false);
	assert_non_null(frame);
	assert_non_null(strstr(frame, "Payments received per day"));
	counting = strstr(frame, "counting...") != NULL;
	figures = strstr(frame, "95th pct") != NULL;
	free(frame);
	assert_true(counting != figures);
	return counting;
}

/* The funnel and the shipping times read every order of the period: the
 * first frame shows the rest and says they are being counted; the loop's
 * work after that frame fills them in; a refresh keeps them up (no flash)
 * until the new ones are read. */
static void the_order_tiles_follow_the_first_frame(void **state)
{
	fx *f = *state;

	pick_today(f);
	fx_key(f, BO_KEY_TAB); /* to 30 days: a new period, read anew */
	assert_true(frame_counting(f));
	assert_true(bo_tui_idle(f->tui));
	assert_false(bo_tui_idle(f->tui)); /* nothing left for later */
	assert_false(frame_counting(f));
	/* a refresh after another process wrote: the old figures stay up
	 * until the new ones are read */
	shop_at(f, "2026-01-01T16:30:00");
	shop_place(f, "e@example.com", "TEE", 2, NULL, 0);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	assert_false(frame_counting(f));
	assert_true(bo_tui_idle(f->tui));
	assert_false(frame_counting(f));
}

/* The revenue of sku over every day, as the products report gives it. */
static int64_t revenue_of(fx *f, const char *sku)
{
	bo_report_product *rows = NULL;
	size_t n = 0;
	int64_t v;
	bo_err err;

	FX_OK(bo_report_products(&f->other, 0, 40000, sku, 0, &rows, &n, &err),
	      &err);
	assert_int_equal(n, 1);
	v = rows[0].revenue;
	bo_report_products_free(rows, n);
	return v;
}

/* Revenue by category: the first-level categories, the largest first,
 * each with what is under it ("Home" holds "Home / Kitchen"), products
 * without one as (none); the export lists every level. */
static void categories_tile_sums_each_first_level_category(void **state)
{
	fx *f = *state;
	bo_err err;
	char line[80], money_text[BO_MONEY_BUFSZ];
	int64_t mug = revenue_of(f, "MUG"), tee = revenue_of(f, "TEE");

	FX_OK(bo_app_product_edit(&f->other, "MUG",
				  &(bo_product_edit){.category =
							 "Home / Kitchen"},
				  0, NULL, &err),
	      &err);
	FX_OK(bo_app_product_edit(&f->other, "TEE",
				  &(bo_product_edit){.category = "Clothes"}, 0,
				  NULL, &err),
	      &err);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	fx_resize(f, 40, 120);
	SCREEN_HAS(f, "Revenue by category");
	SCREEN_LACKS(f, "(none)");
	SCREEN_LACKS(f, "Home / Kitchen"); /* first level only */
	/* the line of "Home " ends with MUG's revenue */
	{
		const char *screen = fx_screen(f, false),
			   *at = strstr(screen, "Home "), *end;

		assert_non_null(at);
		end = strchr(at, '\n');
		assert_non_null(end);
		snprintf(line, sizeof(line), "%.*s", (int)(end - at), at);
		assert_non_null(strstr(
		    line, bo_money_format(money_text, mug,
					  &bo_tui_app(f->tui)->currency)));
	}
	/* the larger first */
	if (tee > mug)
		assert_true(fx_row_of(f, "Clothes") < fx_row_of(f, "Home "));
	else
		assert_true(fx_row_of(f, "Home ") < fx_row_of(f, "Clothes"));
}

static void ascii_locale_draws_bars_with_hashes(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "mia");
	fx_key(f, '3');
	SCREEN_IS(f, "dashboard_ascii");
	SCREEN_LACKS(f, "\xE2\x96\x88");
}

/* The roles each cell has; the monochrome scheme still tells the selected
 * period, the headers and the figures apart. */
static void styles_and_monochrome_keep_the_parts_apart(void **state)
{
	fx *f = *state;
	const bo_cell *period, *header, *title;
	int y;

	STYLES_ARE(f, "dashboard_styles");
	y = fx_row_of(f, "Period");
	period = bo_canvas_cell(f->c, y, 26); /* inside " 30 days " */
	assert_int_equal(period->role, BO_STYLE_SELECTED);
	assert_true(bo_scheme_look(false, period->role)->attrs &
		    BO_ATTR_REVERSE);
	header = bo_canvas_cell(f->c, fx_row_of(f, "Top products"), 1);
	assert_int_equal(header->role, BO_STYLE_HEADER);
	assert_true(bo_scheme_look(false, header->role)->attrs &
		    BO_ATTR_UNDERLINE);
	title = bo_canvas_cell(f->c, 0, 1);
	assert_true(bo_scheme_look(false, title->role)->attrs & BO_ATTR_BOLD);
}

static void a_resize_keeps_every_part_readable(void **state)
{
	fx *f = *state;

	assert_int_equal(bo_canvas_resize(f->c, 20, 60), 0);
	SCREEN_IS(f, "dashboard_resized_60x20");
	assert_int_equal(bo_canvas_resize(f->c, 40, 120), 0);
	SCREEN_IS(f, "dashboard_120x40");
}

static void support_may_read_it_too(void **state)
{
	fx *f = *state;

	fx_open_as(f, "bob");
	fx_key(f, '3');
	SCREEN_HAS(f, "Payments");
	SCREEN_HAS(f, "77.50");
	fx_open_as(f, "alice");
	fx_key(f, ':');
	fx_type(f, "dashboard");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "77.50");
}

/* ---- custom periods ----------------------------------------------------------- */

static void custom_period_comes_from_a_prompt(void **state)
{
	fx *f = *state;

	fx_key(f, 'c');
	SCREEN_HAS(f, "period (first last day, YYYY-MM-DD): 2025-12-03 "
		      "2026-01-01");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2025-12-29..2025-12-31");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "dashboard_custom");
	SCREEN_HAS(f, "period: custom");
	SCREEN_HAS(f, "[custom]");
	SCREEN_HAS(f, "2025-12-29 to 2025-12-31 (3 days)");
	SCREEN_HAS(f, "20.00");
	/* now Tab visits it */
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "period: today");
	fx_key(f, BO_KEY_BTAB);
	SCREEN_HAS(f, "period: custom");
	/* one date is one day */
	fx_key(f, 'c');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2025-12-30");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, " 2025-12-30, amounts in EUR");
}

static void bad_custom_periods_are_refused_and_change_nothing(void **state)
{
	fx *f = *state;

	fx_key(f, 'c');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2026-13-01 2026-01-02");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "the first day must be a date written YYYY-MM-DD");
	SCREEN_HAS(f, "period: 30 days");
	/* the prompt stays with what was typed, to be mended */
	SCREEN_HAS(f, "YYYY-MM-DD): 2026-13-01 2026-01-02");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2026-01-05 2026-01-01");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "the first day 2026-01-05 is after the last day "
		      "2026-01-01");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "1 2 3");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "a period is two dates written YYYY-MM-DD");
	SCREEN_HAS(f, "period: 30 days");
	/* Esc cancels the prompt */
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "YYYY-MM-DD):");
	SCREEN_HAS(f, "period: 30 days");
	/* Tab still skips custom: none was accepted */
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "period: today");
}

static void a_long_period_sums_days_into_bars(void **state)
{
	fx *f = *state;

	fx_key(f, 'c');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2025-06-01 2026-01-01");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "(6 days a bar)");
	SCREEN_HAS(f, "2025-06-01");
	SCREEN_HAS(f, "77.50");
}

/* ---- live refresh, alerts --------------------------------------------------- */

static void another_process_paying_updates_the_figures(void **state)
{
	fx *f = *state;
	int64_t o;
	bo_err err;

	pick_today(f);
	SCREEN_HAS(f, "57.50");
	shop_at(f, "2026-01-01T16:30:00");
	o = shop_place(f, "e@example.com", "TEE", 2, NULL, 0);
	FX_OK(bo_app_order_pay(&f->other, o, "40", &err), &err);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "97.50");
	SCREEN_HAS(f, "period: today");
}

/* The figures are read as they are: writes that left the reports behind
 * (a batch catching up at its end) show up as a lag, not as a catch-up
 * done by the screen; the next write brings them up. */
static void figures_behind_say_how_far(void **state)
{
	fx *f = *state;
	int64_t o;
	bo_err err;

	pick_today(f);
	SCREEN_HAS(f, "57.50");
	shop_at(f, "2026-01-01T16:30:00");
	f->other.follow_later = true;
	o = shop_place(f, "e@example.com", "TEE", 2, NULL, 0);
	FX_OK(bo_app_order_pay(&f->other, o, "40", &err), &err);
	f->other.follow_later = false;
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "57.50");
	SCREEN_LACKS(f, "97.50");
	SCREEN_HAS(f, "period: today | 2 events behind, ");
	FX_OK(bo_app_order_note(&f->other, o, "wrap it", &err), &err);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "97.50");
	SCREEN_LACKS(f, "events behind");
}

static void capital_a_opens_the_alerts(void **state)
{
	fx *f = *state;

	fx_key(f, 'A');
	SCREEN_HAS(f, "Low-stock alerts");
	SCREEN_HAS(f, "MUG");
	fx_key(f, 'q');
	SCREEN_HAS(f, "Payments received per day");
}

/* ---- export --------------------------------------------------------------------- */

static void ctrl_s_exports_what_is_shown_as_csv(void **state)
{
	fx *f = *state;
	char dir[64], path[128];
	char *csv;

	scratch(dir, sizeof(dir), path, sizeof(path), "today.csv");
	pick_today(f);
	fx_key(f, BO_KEY_CTRL('S'));
	/* the name is the period's, not today's */
	SCREEN_HAS(f, "export as CSV to: dashboard-2026-01-01.csv");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, path);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "exported 40 rows to ");
	csv = slurp(path);
	GOLDEN("dashboard_export_today_csv", csv);
	assert_non_null(strstr(csv, "summary,,gross,57.50\r\n"));
	assert_non_null(strstr(csv, "summary,,net,49.85\r\n"));
	assert_non_null(strstr(csv, "summary,,payment_failure_rate,25\r\n"));
	free(csv);
	remove_scratch(dir, path);
}

static void the_export_name_is_the_period_shown(void **state)
{
	fx *f = *state;

	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "export as CSV to: dashboard-2025-12-03_2026-01-01.csv");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, 'c');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2025-12-29..2025-12-31");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "export as CSV to: dashboard-2025-12-29_2025-12-31.csv");
}

static void an_existing_file_is_only_overwritten_after_yes(void **state)
{
	fx *f = *state;
	char dir[64], path[128], cmd[200];
	FILE *out;
	char *csv;

	scratch(dir, sizeof(dir), path, sizeof(path), "keep.csv");
	out = fopen(path, "w");
	assert_non_null(out);
	fputs("precious\n", out);
	fclose(out);
	snprintf(cmd, sizeof(cmd), "export %s", path);
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "already exists. Overwrite it?");
	fx_key(f, 'n');
	SCREEN_HAS(f, "nothing was exported");
	csv = slurp(path);
	assert_string_equal(csv, "precious\n");
	free(csv);
	/* anything but y is no; y overwrites */
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, BO_KEY_ENTER);
	csv = slurp(path);
	assert_string_equal(csv, "precious\n");
	free(csv);
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_HAS(f, "exported 69 rows to ");
	csv = slurp(path);
	assert_non_null(strstr(csv, "summary,,gross,77.50\r\n"));
	assert_non_null(strstr(csv, "daily,2025-12-30,gross,20.00\r\n"));
	free(csv);
	remove_scratch(dir, path);
}

static void an_unwritable_path_says_why(void **state)
{
	fx *f = *state;

	fx_key(f, ':');
	fx_type(f, "export /nonexistent-dir/x.csv");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "cannot write /nonexistent-dir/x.csv: No such file");
}

static void default_export_name_is_the_period(void **state)
{
	char name[64];
	int64_t day = INT64_C(20454); /* 2026-01-01 */

	(void)state;
	assert_string_equal(
	    bo_dashboard_export_name(name, sizeof(name), day, day),
	    "dashboard-2026-01-01.csv");
	assert_string_equal(
	    bo_dashboard_export_name(name, sizeof(name), day, day + 30),
	    "dashboard-2026-01-01_2026-01-31.csv");
}

/* ---- loading, drawn by the loop before the reads -------------------------- */


/* Opening it draws "loading..." before the first read, not a frozen
 * screen; the figures follow. */
static void opening_draws_loading_before_the_reads(void **state)
{
	fx *f = *state;
	static const int keys[] = {'1', '3'};
	tui_script s = {.keys = keys, .n = 2, .rows = 24, .cols = 80,
			.stop_when_busy = false, .watch = "loading..."};
	bo_tui_io io = tui_script_io(&s);

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	assert_true(s.busy_polls >= 3);
	assert_non_null(s.kept);
	assert_non_null(strstr(s.kept, "loading...  Esc stops"));
	assert_null(strstr(s.kept, "Payments received per day"));
	free(s.kept);
	SCREEN_HAS(f, "Payments received per day");
	SCREEN_HAS(f, "77.50");
}

/* Esc while it first loads stops the reads: the screen says why and R
 * loads again. */
static void esc_while_loading_stops_it(void **state)
{
	fx *f = *state;
	static const int keys[] = {'3'};
	tui_script s = {.keys = keys, .n = 1, .rows = 24, .cols = 80,
			.stop_when_busy = true, .watch = "loading..."};
	bo_tui_io io = tui_script_io(&s);

	fx_open_as(f, "mia");
	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	assert_true(s.busy_polls >= 1);
	free(s.kept);
	SCREEN_HAS(f, "loading stopped; R loads the figures again");
	SCREEN_LACKS(f, "77.50");
	fx_key(f, 'R');
	SCREEN_HAS(f, "77.50");
}

/* With figures shown, a new period is read without the loading frame, so
 * keys typed ahead are all kept: Tab Tab goes to this month, then today. */
static void keys_typed_while_switching_are_kept(void **state)
{
	fx *f = *state;
	static const int keys[] = {BO_KEY_TAB, BO_KEY_TAB};
	tui_script s = {.keys = keys, .n = 2, .rows = 24, .cols = 80,
			.stop_when_busy = true, .watch = "loading..."};
	bo_tui_io io = tui_script_io(&s);

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	assert_null(s.kept);
	assert_int_equal(s.busy_polls, 0);
	SCREEN_HAS(f, "period: today");
	SCREEN_HAS(f, "57.50");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(opens_on_the_last_30_days),
	    T(today_shows_the_known_figures),
	    T(tiles_equal_the_report_services_to_the_cent),
	    T(periods_cycle_with_tab_and_arrows),
	    T(every_figure_says_what_it_counts),
	    T(the_order_tiles_follow_the_first_frame),
	    T(categories_tile_sums_each_first_level_category),
	    T(ascii_locale_draws_bars_with_hashes),
	    T(styles_and_monochrome_keep_the_parts_apart),
	    T(a_resize_keeps_every_part_readable),
	    T(support_may_read_it_too),
	    T(custom_period_comes_from_a_prompt),
	    T(bad_custom_periods_are_refused_and_change_nothing),
	    T(a_long_period_sums_days_into_bars),
	    T(another_process_paying_updates_the_figures),
	    T(figures_behind_say_how_far),
	    T(capital_a_opens_the_alerts),
	    T(ctrl_s_exports_what_is_shown_as_csv),
	    T(the_export_name_is_the_period_shown),
	    T(an_existing_file_is_only_overwritten_after_yes),
	    T(an_unwritable_path_says_why),
	    T(default_export_name_is_the_period),
	    T(opening_draws_loading_before_the_reads),
	    T(esc_while_loading_stops_it),
	    T(keys_typed_while_switching_are_kept),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
