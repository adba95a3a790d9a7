/* The product form at 80x24 and 120x40: placeholders, long fields, asking before quitting. */
#include "tests/tui/tui_fixture.h"

#include "domain/reactors.h"
#include "tui/products.h"

/* A name longer than any field: its start and its end tell the view. */
#define LONG_NAME                                                              \
	"Start of a very long product name that goes on and on past the "      \
	"right edge of every field until it finally reaches its own end"

static int setup_at(void **state, int rows, int cols)
{
	fx *f;

	if (fx_setup_rows(state, rows, cols) < 0)
		return -1;
	f = *state;
	fx_add(f, "LONG-1", LONG_NAME, "3", "20", "5");
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_open_as(f, "alice");
	return 0;
}

static int setup(void **state)
{
	return setup_at(state, 24, 80);
}

static int setup_wide(void **state)
{
	return setup_at(state, 40, 120);
}

static bo_product get(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	return p;
}

/* The role of the cell at the start of text on the screen. */
static bo_style role_at(fx *f, const char *text, int offset)
{
	const char *s = fx_screen(f, false), *hit = strstr(s, text), *line;
	const bo_cell *cell;

	assert_non_null(hit);
	line = hit;
	while (line > s && line[-1] != '\n')
		line--;
	/* the screens here are ASCII up to the fields */
	cell = bo_canvas_cell(f->c, fx_row_of(f, text),
			      (int)(hit - line) + offset);
	assert_non_null(cell);
	return (bo_style)cell->role;
}

/* ---- placeholders ------------------------------------------------------------- */

static void a_new_product_shows_its_defaults_as_dim_placeholders(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	SCREEN_IS(f, "product_form_new_80x24");
	STYLES_ARE(f, "product_form_new_80x24_styles");
	assert_int_equal(role_at(f, "Tax rate %     0", 15), BO_STYLE_DIM);
	assert_int_equal(role_at(f, "Stock          none", 15), BO_STYLE_DIM);
}

static void a_new_product_at_120x40(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	SCREEN_IS(f, "product_form_new_120x40");
}

static void
typing_into_tax_rate_and_stock_replaces_the_placeholder(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'a');
	fx_type(f, "TEA-1");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Green tea");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "6.40");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "5.5");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "12");
	SCREEN_IS(f, "product_form_typed_80x24");
	SCREEN_LACKS(f, "05.5");
	SCREEN_LACKS(f, "none12");
	/* what is typed is drawn as input, not dim */
	assert_int_equal(role_at(f, "Tax rate %     5.5", 15), BO_STYLE_INPUT);
	assert_int_equal(role_at(f, "Stock          12", 15), BO_STYLE_INPUT);
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved TEA-1");
	p = get(f, "TEA-1");
	assert_int_equal(p.tax_bp, 550);
	assert_int_equal(p.stock, 12);
	bo_product_clear(&p);
}

static void typing_at_120x40_replaces_the_placeholder_too(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB);
	fx_type(f, "7");
	fx_key(f, BO_KEY_BTAB);
	fx_type(f, "10");
	SCREEN_IS(f, "product_form_typed_120x40");
}

static void untouched_fields_save_their_defaults(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'a');
	fx_type(f, "TEA-2");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Black tea");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "4");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved TEA-2");
	p = get(f, "TEA-2");
	assert_int_equal(p.tax_bp, 0);
	assert_int_equal(p.stock, BO_STOCK_UNTRACKED);
	bo_product_clear(&p);
}

static void emptying_a_field_brings_its_placeholder_back(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB); /* low-stock threshold */
	fx_key(f, BO_KEY_BTAB); /* stock */
	fx_type(f, "3");
	SCREEN_LACKS(f, "Stock          none");
	fx_key(f, BO_KEY_BACKSPACE);
	assert_int_equal(role_at(f, "Stock          none", 15), BO_STYLE_DIM);
	/* nothing typed is left: Esc closes without asking */
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "New product");
	SCREEN_LACKS(f, "Discard");
}

/* ---- long fields ------------------------------------------------------------- */

static void a_long_name_opens_at_its_start_with_a_more_mark(void **state)
{
	fx *f = *state;

	fx_key(f, 'e'); /* LONG-1, the first row */
	SCREEN_IS(f, "product_form_long_80x24");
	STYLES_ARE(f, "product_form_long_80x24_styles");
	SCREEN_HAS(f, "Name           Start of a very long");
	SCREEN_HAS(f, "\xE2\x80\xBA");   /* › */
	SCREEN_LACKS(f, "\xE2\x80\xB9"); /* ‹ */
	SCREEN_LACKS(f, "own end");
}

static void a_long_name_at_120x40(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	SCREEN_IS(f, "product_form_long_120x40");
	SCREEN_HAS(f, "Name           Start of a very long");
	SCREEN_LACKS(f, "own end");
}

static void the_view_follows_the_cursor_with_marks_on_both_sides(void **state)
{
	fx *f = *state;
	int row;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB); /* the cursor is at the end of the name */
	row = fx_row_of(f, "Name ");
	SCREEN_HAS(f, "its own end");
	SCREEN_HAS(f, "\xE2\x80\xB9"); /* ‹: more to the left */
	SCREEN_LACKS(f, "Start of");
	fx_screen(f, false);
	assert_int_equal(f->c->cursor_y, row);
	SCREEN_IS(f, "product_form_long_end_80x24");
	/* back to the start: only the right mark */
	fx_key(f, BO_KEY_HOME);
	SCREEN_HAS(f, "Name           Start of a very long");
	SCREEN_LACKS(f, "\xE2\x80\xB9");
	SCREEN_HAS(f, "\xE2\x80\xBA");
	fx_screen(f, false);
	assert_int_equal(f->c->cursor_x, 17);
	/* the cursor walks right and the view follows, never onto a mark */
	for (int i = 0; i < 70; i++) {
		const bo_cell *under;

		fx_key(f, BO_KEY_RIGHT);
		fx_screen(f, false);
		under = bo_canvas_cell(f->c, f->c->cursor_y, f->c->cursor_x);
		assert_non_null(under);
		assert_int_not_equal(under->role, BO_STYLE_DIM);
	}
	SCREEN_HAS(f, "\xE2\x80\xB9");
	SCREEN_HAS(f, "\xE2\x80\xBA");
	SCREEN_LACKS(f, "Start of");
	/* leaving the field shows its start again */
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "Name           Start of a very long");
}

static void the_marks_are_ascii_when_the_locale_is_not_utf8(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB);
	SCREEN_IS(f, "product_form_long_end_ascii");
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "Name           Start of a very long");
	SCREEN_LACKS(f, "\xE2\x80\xBA");
}

/* ---- validation ------------------------------------------------------------------ */

static void a_bad_field_keeps_its_text_and_the_message_names_it(void **state)
{
	fx *f = *state;
	int row;

	fx_key(f, 'a');
	fx_type(f, "TEA-3");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Oolong");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "8");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "101");
	fx_key(f, BO_KEY_TAB); /* away from the tax rate */
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "not saved: tax rate must be 0 to 100 percent");
	SCREEN_HAS(f, "Tax rate %     101");
	row = fx_row_of(f, "Tax rate %");
	fx_screen(f, false);
	assert_int_equal(f->c->cursor_y, row); /* the bad field has the focus */
	SCREEN_IS(f, "product_form_bad_tax_80x24");
	/* fixed, it saves */
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved TEA-3");
}

static void several_bad_fields_are_named_in_the_message(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	fx_type(f, "lots");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "not saved: 4 fields to fix: SKU, Name, Price, Stock");
	SCREEN_HAS(f, "Stock          lots");
}

/* ---- quitting ------------------------------------------------------------------- */

/* The product's own threshold: the placeholder tells the tenant's, typing
 * sets its own, a bad one is named, emptying gives the tenant's back. */
static void low_stock_threshold_field(void **state)
{
	fx *f = *state;
	bo_product p;
	bo_err err;

	FX_OK(bo_reactors_low_stock_threshold_set(&f->other, "8", &err), &err);
	fx_key(f, 'j');
	fx_key(f, 'e'); /* MUG-1 */
	SCREEN_HAS(f, "Low-stock at   tenant: 8");
	assert_int_equal(role_at(f, "Low-stock at   tenant: 8", 15),
			 BO_STYLE_DIM);
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB); /* round to the last field */
	fx_type(f, "12x");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "not saved: low-stock threshold must be a whole number");
	p = get(f, "MUG-1");
	assert_false(p.low_stock_threshold.set);
	bo_product_clear(&p);
	fx_key(f, BO_KEY_BACKSPACE);
	SCREEN_IS(f, "product_form_low_stock");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved MUG-1");
	p = get(f, "MUG-1");
	assert_true(p.low_stock_threshold.set);
	assert_int_equal(p.low_stock_threshold.value, 12);
	bo_product_clear(&p);
	fx_key(f, 'e');
	SCREEN_HAS(f, "Low-stock at   12");
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_CTRL('U'));
	SCREEN_HAS(f, "Low-stock at   tenant: 8");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved MUG-1");
	p = get(f, "MUG-1");
	assert_false(p.low_stock_threshold.set);
	bo_product_clear(&p);
}

static void ctrl_c_with_unsaved_changes_asks_first(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_END);
	fx_type(f, "X");
	fx_key(f, BO_KEY_CTRL('C'));
	assert_false(f->flags & BO_QUIT);
	SCREEN_HAS(f, "Discard your changes?");
	/* n keeps the form and what was typed */
	fx_key(f, 'n');
	assert_false(f->flags & BO_QUIT);
	SCREEN_LACKS(f, "Discard your changes?");
	SCREEN_HAS(f, "LONG-1X");
	SCREEN_HAS(f, "Edit product LONG-1");
	/* y leaves */
	fx_key(f, BO_KEY_CTRL('C'));
	assert_false(f->flags & BO_QUIT);
	fx_key(f, 'y');
	assert_true(f->flags & BO_QUIT);
}

static void ctrl_c_twice_quits(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_type(f, "X");
	fx_key(f, BO_KEY_CTRL('C'));
	assert_false(f->flags & BO_QUIT);
	fx_key(f, BO_KEY_CTRL('C'));
	assert_true(f->flags & BO_QUIT);
}

static void q_with_unsaved_changes_asks_first(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_type(f, "TEA-9");
	/* in a field Q is a letter like any other */
	fx_type(f, "Q");
	assert_false(f->flags & BO_QUIT);
	SCREEN_HAS(f, "TEA-9Q");
	/* where it is a key (the help over the form), it asks */
	fx_key(f, BO_KEY_F1);
	fx_key(f, 'Q');
	assert_false(f->flags & BO_QUIT);
	SCREEN_IS(f, "product_form_quit_80x24");
	fx_key(f, 'n');
	assert_false(f->flags & BO_QUIT);
	SCREEN_HAS(f, "New product");
	SCREEN_HAS(f, "TEA-9Q");
	fx_key(f, BO_KEY_F1);
	fx_key(f, 'Q');
	fx_key(f, 'y');
	assert_true(f->flags & BO_QUIT);
}

static void without_changes_ctrl_c_and_q_leave_at_once(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_CTRL('C'));
	assert_true(f->flags & BO_QUIT);
	SCREEN_LACKS(f, "Discard");
	fx_open_as(f, "alice");
	fx_key(f, 'a');
	fx_key(f, BO_KEY_F1);
	fx_key(f, 'Q');
	assert_true(f->flags & BO_QUIT);
	SCREEN_LACKS(f, "Discard");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
#define W(name) cmocka_unit_test_setup_teardown(name, setup_wide, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(a_new_product_shows_its_defaults_as_dim_placeholders),
	    W(a_new_product_at_120x40),
	    T(typing_into_tax_rate_and_stock_replaces_the_placeholder),
	    W(typing_at_120x40_replaces_the_placeholder_too),
	    T(untouched_fields_save_their_defaults),
	    T(emptying_a_field_brings_its_placeholder_back),
	    T(a_long_name_opens_at_its_start_with_a_more_mark),
	    W(a_long_name_at_120x40),
	    T(the_view_follows_the_cursor_with_marks_on_both_sides),
	    T(the_marks_are_ascii_when_the_locale_is_not_utf8),
	    T(a_bad_field_keeps_its_text_and_the_message_names_it),
	    T(several_bad_fields_are_named_in_the_message),
	    T(low_stock_threshold_field),
	    T(ctrl_c_with_unsaved_changes_asks_first),
	    T(ctrl_c_twice_quits),
	    T(q_with_unsaved_changes_asks_first),
	    T(without_changes_ctrl_c_and_q_leave_at_once),
	};
#undef T
#undef W
	return cmocka_run_group_tests(tests, NULL, NULL);
}
