/* The Alerts screen under scripted keys: low-stock alerts newest first, opening products and orders, acknowledging, export. */
#include "tests/tui/shop_fixture.h"

#include <stdio.h>
#include <unistd.h>

#include "tui/alerts.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 16, 80) < 0)
		return -1;
	f = *state;
	shop_history(f);
	fx_open_as(f, "bob");
	return 0;
}

static int setup_empty(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 16, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG", "Mug", "12.50", "20", "60");
	fx_open_as(f, "bob");
	return 0;
}

static void open_alerts(fx *f)
{
	fx_key(f, ':');
	fx_type(f, "alerts");
	fx_key(f, BO_KEY_ENTER);
}

/* Order 2 left MUG at 4 (2 sold of 6), order 4 at 3: two alerts. */
static void lists_low_stock_alerts_newest_first(void **state)
{
	fx *f = *state;

	open_alerts(f);
	SCREEN_IS(f, "alerts_list");
	assert_true(fx_row_of(f, "2026-01-01 10:05") <
		    fx_row_of(f, "2026-01-01 09:30"));
	assert_true(fx_selected(f, "2026-01-01 10:05"));
	SCREEN_HAS(f, "2 alerts");
}

static void styles_mark_the_stock_left(void **state)
{
	fx *f = *state;

	open_alerts(f);
	STYLES_ARE(f, "alerts_list_styles");
}

static void enter_opens_the_product_and_o_the_order(void **state)
{
	fx *f = *state;

	open_alerts(f);
	fx_key(f, 'j');
	assert_true(fx_selected(f, "2026-01-01 09:30"));
	/* bob is support: the form opens read-only */
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "View product MUG");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "Low-stock alerts");
	assert_true(fx_selected(f, "2026-01-01 09:30"));
	fx_key(f, 'o');
	SCREEN_HAS(f, "Order 2");
	fx_key(f, 'q');
	SCREEN_HAS(f, "Low-stock alerts");
	assert_true(fx_selected(f, "2026-01-01 09:30"));
	/* moving stops at the ends */
	fx_key(f, 'j');
	fx_key(f, 'j');
	assert_true(fx_selected(f, "2026-01-01 09:30"));
	fx_key(f, 'g');
	assert_true(fx_selected(f, "2026-01-01 10:05"));
	fx_key(f, 'G');
	assert_true(fx_selected(f, "2026-01-01 09:30"));
}

/* a acknowledges the selected alert at once: dimmed, with who did it */
static void a_acknowledges_the_selected_alert(void **state)
{
	fx *f = *state;

	open_alerts(f);
	fx_key(f, 'a');
	SCREEN_HAS(f, "acknowledged alert 2");
	assert_true(fx_selected(f, "2026-01-01 10:05"));
	/* off the row, to see it dimmed */
	fx_key(f, 'j');
	SCREEN_IS(f, "alerts_acked");
	STYLES_ARE(f, "alerts_acked_styles");
	fx_key(f, 'k');
	fx_key(f, 'a');
	SCREEN_HAS(f, "alert 2 was already acknowledged by bob");
}

/* managers only read: the store says no, the row stays open */
static void a_manager_cannot_acknowledge(void **state)
{
	fx *f = *state;

	fx_open_as(f, "mia");
	open_alerts(f);
	fx_key(f, 'a');
	SCREEN_HAS(f, "may not acknowledge alerts");
	SCREEN_LACKS(f, "bob");
}

static void a_new_alert_appears_on_refresh(void **state)
{
	fx *f = *state;
	int64_t o;
	bo_err err;

	open_alerts(f);
	shop_at(f, "2026-01-01T17:00:00");
	o = shop_place(f, "e@example.com", "MUG", 1, NULL, 0);
	FX_OK(bo_app_order_pay(&f->other, o, "12.50", &err), &err);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "3 alerts");
	SCREEN_HAS(f, "2026-01-01 17:00");
}

static void no_alerts_says_so(void **state)
{
	fx *f = *state;

	open_alerts(f);
	SCREEN_HAS(f, "no low-stock alerts");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "no alert selected");
}

static void export_writes_the_cli_columns(void **state)
{
	fx *f = *state;
	char dir[] = "/tmp/bo-alerts-XXXXXX", path[128], cmd[160];
	char *csv;
	FILE *in;
	long n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/alerts.csv", dir);
	open_alerts(f);
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "export as CSV to: alerts-2026-01-01.csv");
	fx_key(f, BO_KEY_ESC);
	snprintf(cmd, sizeof(cmd), "export %s", path);
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "exported 2 rows to ");
	in = fopen(path, "rb");
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	n = ftell(in);
	fseek(in, 0, SEEK_SET);
	csv = calloc(1, (size_t)n + 1);
	assert_non_null(csv);
	assert_int_equal(fread(csv, 1, (size_t)n, in), (size_t)n);
	fclose(in);
	GOLDEN("alerts_export_csv", csv);
	assert_non_null(strstr(csv, "time,sku,name,stock,threshold,order_id,"
				    "product_id,event_id,id,status,acked_by,"
				    "acked_at\r\n"));
	assert_non_null(strstr(csv, ",MUG,Mug,3,5,4,"));
	free(csv);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(lists_low_stock_alerts_newest_first),
	    T(styles_mark_the_stock_left),
	    T(enter_opens_the_product_and_o_the_order),
	    T(a_acknowledges_the_selected_alert),
	    T(a_manager_cannot_acknowledge),
	    T(a_new_alert_appears_on_refresh),
	    cmocka_unit_test_setup_teardown(no_alerts_says_so, setup_empty,
					    fx_teardown),
	    T(export_writes_the_cli_columns),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
