/* The Projections screen: status per projector, catch-up, rebuild with a progress bar, verify, roles. */
#include "tests/tui/shop_fixture.h"

#include <stdio.h>

#include "domain/app_projections.h"
#include "tests/tui/tui_script.h"
#include "tui/projections_screen.h"

static int setup(void **state)
{
	bo_err err;
	fx *f;

	if (fx_setup_rows(state, 20, 80) < 0)
		return -1;
	f = *state;
	shop_history(f);
	/* as the composition root does at start-up */
	if (bo_app_projections_check(&f->other, NULL, NULL, NULL, &err) < 0)
		return -1;
	fx_open_as(f, "alice");
	fx_key(f, '4');
	return 0;
}

/* Order 2's list row gets a wrong total behind the projector's back. */
static void tamper(fx *f)
{
	bo_order_row r = {0};
	bo_err err;

	FX_OK(bo_rm_order_get(&f->ports.rm, 2, &r, &err), &err);
	r.total = 1;
	FX_OK(bo_store_begin(&f->ports.store, &err), &err);
	FX_OK(bo_rm_order_put(&f->ports.rm, &r, &err), &err);
	FX_OK(bo_store_commit(&f->ports.store, &err), &err);
	bo_order_row_clear(&r);
}

static void shows_each_projector(void **state)
{
	fx *f = *state;

	SCREEN_IS(f, "projections_status");
	assert_true(fx_selected(f, "orders"));
}

static void other_roles_are_refused(void **state)
{
	fx *f = *state;

	fx_open_as(f, "bob");
	fx_key(f, '4');
	SCREEN_IS(f, "projections_refused_support");
	fx_key(f, 'b');
	fx_key(f, 'v');
	SCREEN_LACKS(f, "Rebuild reports");
	SCREEN_LACKS(f, "identical");
	fx_open_as(f, "mia");
	fx_key(f, ':');
	fx_type(f, "projections");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "user mia (manager) may not run, rebuild or verify");
}

typedef struct lag_ctx {
	const char *name;
	int64_t lag;
} lag_ctx;

static int keep_lag(void *ctx, const bo_projector_status *s)
{
	lag_ctx *l = ctx;

	if (!strcmp(s->name, l->name))
		l->lag = s->lag;
	return 0;
}

static int64_t lag_of(fx *f, const char *name)
{
	lag_ctx l = {name, -1};
	bo_err err;

	FX_OK(bo_app_projections_status(&f->other, keep_lag, &l, &err), &err);
	return l.lag;
}

static void r_catches_the_selected_projector_up(void **state)
{
	fx *f = *state;
	int64_t o;
	bo_err err;

	/* more history, written as a batch that leaves the reports to its
	 * end: the reports projector falls behind */
	f->other.follow_later = true;
	o = shop_place(f, "e@example.com", "TEE", 1, NULL, 0);
	FX_OK(bo_app_order_pay(&f->other, o, "20", &err), &err);
	assert_int_equal(bo_tui_poll(f->tui), 1);
	assert_true(lag_of(f, "reports") > 0);
	SCREEN_HAS(f, "behind");
	fx_key(f, 'j');
	assert_true(fx_selected(f, "reports"));
	fx_key(f, 'R');
	SCREEN_HAS(f, "reports caught up with the log");
	assert_int_equal(lag_of(f, "reports"), 0);
	SCREEN_LACKS(f, "behind");
}

static void b_rebuilds_after_yes_only(void **state)
{
	fx *f = *state;

	fx_key(f, 'j');
	fx_key(f, 'b');
	SCREEN_IS(f, "projections_rebuild_confirm");
	fx_key(f, 'n');
	SCREEN_HAS(f, "nothing was rebuilt");
	fx_key(f, 'b');
	fx_key(f, 'y');
	SCREEN_HAS(f, "rebuilt reports from the whole log");
	assert_int_equal(lag_of(f, "reports"), 0);
}

static void v_says_identical_for_a_true_model(void **state)
{
	fx *f = *state;

	fx_key(f, 'v');
	SCREEN_HAS(f, "orders: identical to a rebuild from the log");
	SCREEN_HAS(f, "verify orders: identical to a rebuild from the log");
}

static void v_lists_the_rows_that_differ(void **state)
{
	fx *f = *state;

	tamper(f);
	fx_key(f, 'v');
	SCREEN_IS(f, "projections_verify_differs");
	SCREEN_HAS(f, "orders: 2 rows differ from a rebuild; b rebuilds it");
	/* rebuild repairs it */
	fx_key(f, 'b');
	fx_key(f, 'y');
	fx_key(f, 'v');
	SCREEN_HAS(f, "verify orders: identical");
}

static void ascii_screen(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, '4');
	fx_key(f, 'v');
	SCREEN_IS(f, "projections_ascii");
}

/* ---- the progress bar, drawn by the loop during the rebuild ------------- */


static void the_rebuild_draws_a_progress_bar_as_it_goes(void **state)
{
	fx *f = *state;
	static const int keys[] = {'j', 'b', 'y'};
	tui_script s = {.keys = keys, .n = 3, .rows = 20, .cols = 80,
			.stop_when_busy = false, .watch = "events  Esc stops", .keep_last = true};
	bo_tui_io io = tui_script_io(&s);

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	assert_true(s.busy_polls >= 2);
	assert_non_null(s.kept);
	GOLDEN("projections_rebuild_progress", s.kept);
	free(s.kept);
	SCREEN_HAS(f, "rebuilt reports from the whole log");
}

static void esc_during_a_rebuild_stops_it(void **state)
{
	fx *f = *state;
	static const int keys[] = {'j', 'b', 'y'};
	tui_script s = {.keys = keys, .n = 3, .rows = 20, .cols = 80,
			.stop_when_busy = true, .watch = "events  Esc stops", .keep_last = true};
	bo_tui_io io = tui_script_io(&s);

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	free(s.kept);
	SCREEN_HAS(f, "the replay was stopped before the end");
	assert_int_equal(lag_of(f, "reports"), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(shows_each_projector),
	    T(other_roles_are_refused),
	    T(r_catches_the_selected_projector_up),
	    T(b_rebuilds_after_yes_only),
	    T(v_says_identical_for_a_true_model),
	    T(v_lists_the_rows_that_differ),
	    T(ascii_screen),
	    T(the_rebuild_draws_a_progress_bar_as_it_goes),
	    T(esc_during_a_rebuild_stops_it),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
