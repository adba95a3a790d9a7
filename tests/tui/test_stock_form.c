/* The stock form under scripted keys: opening it with + on Products, applying an adjustment, errors naming the field, roles. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

#include "tui/products.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 20, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "BOWL-7", "Soup bowl", "9", "7.5", NULL);
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_open_as(f, "alice");
	fx_key(f, 'j'); /* MUG-1 */
	return 0;
}

static int64_t stock_of(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;
	int64_t s;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	s = p.stock;
	bo_product_clear(&p);
	return s;
}

/* The newest event of the log. */
static void last_event(fx *f, bo_event *out)
{
	bo_event_list l = {0};
	int64_t head = 0;
	bo_err err;

	FX_OK(bo_event_store_head(&f->ports.events, &head, &err), &err);
	FX_OK(bo_event_store_read_all(&f->ports.events, head - 1, 1, &l, &err),
	      &err);
	assert_int_equal(l.n, 1);
	assert_int_equal(bo_event_copy(out, &l.items[0]), BO_OK);
	bo_event_list_clear(&l);
}

static void plus_opens_the_form_on_the_selected_product(void **state)
{
	fx *f = *state;

	SCREEN_HAS(f, "+ stock");
	fx_key(f, '+');
	SCREEN_IS(f, "stock_form");
}

static void enter_applies_and_writes_the_event(void **state)
{
	fx *f = *state;
	bo_event e = {0};

	fx_key(f, '+');
	fx_type(f, "-3");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, ' '); /* received -> counted */
	fx_key(f, ' '); /* -> damaged */
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "dropped");
	SCREEN_HAS(f, "damaged");
	fx_key(f, BO_KEY_ENTER);
	assert_int_equal(stock_of(f, "MUG-1"), 37);
	last_event(f, &e);
	assert_int_equal(e.kind, BO_EV_PRODUCT_STOCK_ADJUSTED);
	assert_int_equal(e.delta, -3);
	assert_int_equal(e.new_stock, 37);
	assert_string_equal(e.reason, "damaged");
	assert_string_equal(e.text, "dropped");
	assert_string_equal(e.meta.user, "alice");
	bo_event_clear(&e);
	/* back on the list: the new stock, the product selected, the message */
	SCREEN_HAS(f, "stock of MUG-1: 40 -> 37 (damaged)");
	assert_true(fx_selected(f, "MUG-1"));
	assert_true(fx_row_of(f, "37") == fx_row_of(f, "MUG-1"));
}

static void set_mode_and_a_typed_reason(void **state)
{
	fx *f = *state;

	fx_key(f, '+');
	fx_key(f, BO_KEY_BTAB); /* the mode */
	fx_key(f, 's');
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "55");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "counted");
	fx_key(f, BO_KEY_ENTER);
	assert_int_equal(stock_of(f, "MUG-1"), 55);
}

static void errors_name_the_field_and_change_nothing(void **state)
{
	fx *f = *state;

	fx_key(f, '+');
	fx_type(f, "-41");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "not applied: stock of MUG-1 would go below 0");
	assert_int_equal(stock_of(f, "MUG-1"), 40);
	/* still the form, the amount in error */
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "0");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "stock_form_error");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "2");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "stolen");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "not applied: reason must be one of");
	assert_int_equal(stock_of(f, "MUG-1"), 40);
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "stock not changed");
	SCREEN_HAS(f, "Coffee mug");
}

static void untracked_stock_opens_in_set_mode(void **state)
{
	fx *f = *state;

	fx_key(f, 'k'); /* BOWL-7, untracked */
	fx_key(f, '+');
	SCREEN_HAS(f, "now none");
	fx_type(f, "12");
	fx_key(f, BO_KEY_ENTER);
	assert_int_equal(stock_of(f, "BOWL-7"), 12);
}

static void support_may_not_adjust(void **state)
{
	fx *f = *state;

	fx_open_as(f, "bob");
	fx_key(f, '1'); /* support starts on Orders */
	fx_key(f, 'j');
	fx_key(f, '+');
	SCREEN_HAS(f, "products are read-only for support users");
	SCREEN_LACKS(f, "Reason");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(plus_opens_the_form_on_the_selected_product),
	    T(enter_applies_and_writes_the_event),
	    T(set_mode_and_a_typed_reason),
	    T(errors_name_the_field_and_change_nothing),
	    T(untracked_stock_opens_in_set_mode),
	    T(support_may_not_adjust),
	};
#undef T
	return cmocka_run_group_tests_name("stock form", tests, NULL, NULL);
}
