/* The product history screen under scripted keys: rows, opening from the list and the form, revert, roles. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

#include "tui/product_history.h"
#include "tui/products.h"

static void edit(fx *f, const char *sku, bo_product_edit e)
{
	bo_err err;

	FX_OK(bo_app_product_edit(&f->other, sku, &e, 0, NULL, &err), &err);
}

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 24, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	edit(f, "MUG-1", (bo_product_edit){.price = "13.90"});
	edit(f, "MUG-1",
	     (bo_product_edit){.price = "14.90",
			       .description =
				   "A mug for coffee, tea or anything else "
				   "warm, with a handle that stays cool"});
	fx_open_as(f, "alice");
	return 0;
}

static int64_t price_of(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;
	int64_t price;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	price = p.price;
	bo_product_clear(&p);
	return price;
}

static void h_on_the_list_opens_the_history(void **state)
{
	fx *f = *state;

	fx_key(f, 'h');
	SCREEN_IS(f, "product_history_80x24");
	int rows = f->c->rows, cols = f->c->cols;

	fx_resize(f, 40, 120);
	SCREEN_IS(f, "product_history_120x40");
	STYLES_ARE(f, "product_history_120x40_styles");
	fx_resize(f, rows, cols);
	/* the newest change is selected */
	assert_true(fx_selected(f, "13.90 EUR → 14.90 EUR"));
}

static void r_reverts_the_selected_row_after_yes(void **state)
{
	fx *f = *state;

	fx_key(f, 'h');
	fx_key(f, 'k');
	fx_key(f, 'k'); /* event 2: price 12.50 -> 13.90 */
	SCREEN_HAS(f, "(empty) → A mug for coffee");
	assert_true(fx_selected(f, "12.50 EUR → 13.90 EUR"));
	fx_key(f, 'r');
	SCREEN_IS(f, "product_history_revert_confirm");
	fx_key(f, 'n');
	assert_int_equal(price_of(f, "MUG-1"), 1490);
	SCREEN_HAS(f, "price of MUG-1 was not changed");

	fx_key(f, 'r');
	fx_key(f, 'y');
	assert_int_equal(price_of(f, "MUG-1"), 1390);
	/* the revert is a new row, selected, and said in the message line */
	assert_true(fx_selected(f, "14.90 EUR → 13.90 EUR"));
	SCREEN_HAS(f, "price of MUG-1: 14.90 EUR -> 13.90 EUR");
	SCREEN_HAS(f, "version 4");

	/* the same row again: nothing to do, nothing written */
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'r');
	fx_key(f, 'y');
	SCREEN_HAS(f, "already 13.90 EUR; nothing changed");
	SCREEN_HAS(f, "version 4");

	/* the list underneath was read again */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "13.90");
	SCREEN_LACKS(f, "14.90");
}

static void a_change_made_meanwhile_is_a_conflict(void **state)
{
	fx *f = *state;

	fx_key(f, 'h');
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'r');
	edit(f, "MUG-1", (bo_product_edit){.name = "Big mug"});
	fx_key(f, 'y');
	assert_int_equal(price_of(f, "MUG-1"), 1490);
	SCREEN_HAS(f, "changed by someone else");
}

static void status_rows_are_not_reverted(void **state)
{
	fx *f = *state;

	fx_key(f, 'h');
	fx_key(f, 'g');
	for (int i = 0; i < 5; i++)
		fx_key(f, 'j');
	assert_true(fx_selected(f, "status"));
	fx_key(f, 'r');
	SCREEN_HAS(f, "status cannot be reverted");
}

static void ascii_terminals_get_an_ascii_arrow(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, 'h');
	SCREEN_HAS(f, "12.50 EUR -> 13.90 EUR");
	SCREEN_HAS(f, "(empty) -> A mug for coffee, tea ~");
}

static void esc_closes_back_to_the_list(void **state)
{
	fx *f = *state;

	fx_key(f, 'h');
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "Coffee mug");
	SCREEN_LACKS(f, "OLD -> NEW");
}

static void the_form_opens_it_with_ctrl_y(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, 'h'); /* typed into the SKU field */
	SCREEN_LACKS(f, "OLD -> NEW");
	fx_key(f, BO_KEY_CTRL('Y'));
	SCREEN_HAS(f, "OLD -> NEW");
	SCREEN_HAS(f, "12.50 EUR → 13.90 EUR");
}

static void a_manager_reads_it_from_the_form_but_may_not_revert(void **state)
{
	fx *f = *state;

	fx_open_as(f, "mia");
	fx_key(f, '1');
	fx_key(f, BO_KEY_ENTER); /* the read-only form */
	fx_key(f, 'h');
	fx_key(f, 'k');
	fx_key(f, 'r');
	SCREEN_HAS(f, "products are read-only for manager users");
	assert_int_equal(price_of(f, "MUG-1"), 1490);
}

/* Two stock adjustments on top of the edits. */
static void adjust(fx *f, const char *add, const char *set,
		   const char *reason, const char *note)
{
	bo_stock_adjust in = {
	    .add = add, .set = set, .reason = reason, .note = note};
	bo_err err;

	FX_OK(bo_app_product_stock(&f->other, "MUG-1", &in, 0, NULL, &err),
	      &err);
}

static void stock_adjustments_show_their_reason_where_there_is_room(
    void **state)
{
	fx *f = *state;

	adjust(f, "-3", NULL, "damaged", "dropped in the lift");
	adjust(f, NULL, "50", "counted", NULL);
	/* 80 columns: OLD -> NEW keeps its room, no REASON */
	fx_open_as(f, "alice");
	fx_key(f, 'h');
	SCREEN_HAS(f, "40 → 37");
	SCREEN_LACKS(f, "REASON");
	/* 110: the reason and the note on the right */
	bo_canvas_free(f->c);
	f->c = bo_canvas_new(24, 110, true);
	assert_non_null(f->c);
	fx_key(f, BO_KEY_ESC);
	fx_key(f, 'h');
	SCREEN_IS(f, "product_history_stock_110x24");
	SCREEN_HAS(f, "damaged: dropped in the lift");
	assert_true(fx_selected(f, "counted"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(h_on_the_list_opens_the_history),
	    T(r_reverts_the_selected_row_after_yes),
	    T(a_change_made_meanwhile_is_a_conflict),
	    T(status_rows_are_not_reverted),
	    T(ascii_terminals_get_an_ascii_arrow),
	    T(esc_closes_back_to_the_list),
	    T(the_form_opens_it_with_ctrl_y),
	    T(a_manager_reads_it_from_the_form_but_may_not_revert),
	    T(stock_adjustments_show_their_reason_where_there_is_room),
	};
#undef T
	return cmocka_run_group_tests_name("product history screen", tests,
					   NULL, NULL);
}
