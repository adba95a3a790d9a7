/* The Products screens under scripted keys: list, search, sort, filter, form, actions, roles. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>
#include <unistd.h>

#include "tui/products.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 20, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_add(f, "BOWL-7", "Soup bowl", "9", "7.5", NULL);
	fx_add(f, "PLATE-2", "Dinner plate", "15.90", "20", "0");
	fx_add(f, "JUG-3", "Milk jug", "21", "20", "12");
	fx_add(f, "CUP-9", "Tea cup (\xE6\xBC\xA2\xE5\xAD\x97)", "4.20", "10",
	       "300");
	fx_open_as(f, "alice");
	return 0;
}

static bo_product get(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	return p;
}

static bool exists(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;
	int rc = bo_app_product_get(&f->other, sku, &p, &err);

	bo_product_clear(&p);
	return rc == 0;
}

/* ---- the list ------------------------------------------------------------------ */

static void list_shows_active_products_in_sku_order(void **state)
{
	fx *f = *state;

	SCREEN_IS(f, "products_list");
	assert_true(fx_selected(f, "BOWL-7"));
}

static void list_styles_mark_header_selection_and_bars(void **state)
{
	fx *f = *state;

	fx_key(f, 'j');
	STYLES_ARE(f, "products_list_styles");
	assert_true(fx_selected(f, "CUP-9"));
}

static void list_draws_ascii_when_the_locale_is_not_utf8(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, 'I');
	SCREEN_IS(f, "products_list_ascii");
}

/* ---- marking ------------------------------------------------------------------ */

/* Space marks the row (a star left of it) and moves down; again unmarks;
 * the status bar counts the marks; a reload keeps them. */
static void space_marks_a_row_and_moves_down(void **state)
{
	fx *f = *state;

	SCREEN_LACKS(f, "marked");
	fx_key(f, ' ');
	assert_true(fx_selected(f, "CUP-9"));
	SCREEN_HAS(f, "*BOWL-7");
	SCREEN_LACKS(f, "*CUP-9");
	SCREEN_HAS(f, "1 marked, filter");
	fx_key(f, ' ');
	fx_key(f, ' ');
	assert_true(fx_selected(f, "MUG-1"));
	SCREEN_HAS(f, "3 marked, filter");
	fx_key(f, 'R');
	SCREEN_HAS(f, "*JUG-3");
	SCREEN_HAS(f, "3 marked, filter");
	fx_key(f, 'g');
	fx_key(f, ' ');
	SCREEN_LACKS(f, "*BOWL-7");
	SCREEN_HAS(f, "2 marked, filter");
}

/* `*` marks every product the list shows (its search, every page), and
 * unmarks them when all already are; marks outside the search stay. */
static void star_marks_every_product_shown(void **state)
{
	fx *f = *state;

	fx_key(f, ' '); /* BOWL-7, outside the search below */
	fx_key(f, '/');
	fx_type(f, "jug");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, '*');
	SCREEN_HAS(f, "marked the 1 product shown; 2 marked in all");
	SCREEN_HAS(f, "*JUG-3");
	fx_key(f, '*');
	SCREEN_HAS(f, "unmarked the 1 product shown; 1 marked in all");
	SCREEN_LACKS(f, "*JUG-3");
	fx_key(f, '/');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, '*');
	SCREEN_HAS(f, "marked the 5 products shown; 5 marked in all");
	SCREEN_HAS(f, "5 marked, filter");
	fx_key(f, '*');
	SCREEN_LACKS(f, "*BOWL-7");
	SCREEN_LACKS(f, " marked, filter");
}

static void moving_and_paging_walk_through_many_rows_by_key(void **state)
{
	fx *f = *state;
	char sku[16], name[32];

	for (int i = 0; i < 420; i++) {
		snprintf(sku, sizeof(sku), "Z-%03d", i);
		snprintf(name, sizeof(name), "Item %d", i);
		fx_add(f, sku, name, "1", "0", "1");
	}
	fx_key(f, 'R');
	/* past the first window of rows, one key at a time */
	for (int i = 0; i < 5 + 379; i++)
		fx_key(f, BO_KEY_DOWN);
	assert_true(fx_selected(f, "Z-379"));

	fx_key(f, BO_KEY_PGDN);
	assert_true(fx_selected(f, "Z-394"));
	fx_key(f, 'G');
	assert_true(fx_selected(f, "Z-419"));
	SCREEN_LACKS(f, "Z-400 ");
	/* and back up, across windows dropped on the way down */
	for (int i = 0; i < 410; i++)
		fx_key(f, 'k');
	assert_true(fx_selected(f, "Z-009"));
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	assert_true(fx_selected(f, "Z-003"));
	fx_key(f, BO_KEY_PGUP);
	assert_true(fx_selected(f, "BOWL-7"));
	fx_key(f, 'g');
	assert_true(fx_selected(f, "BOWL-7"));
	fx_key(f, 'k');
	assert_true(fx_selected(f, "BOWL-7"));
	/* the position counts the whole list, before its end is reached (on
	 * a canvas wide enough for the whole status line) */
	bo_canvas_free(f->c);
	assert_non_null(f->c = bo_canvas_new(24, 100, true));
	fx_key(f, BO_KEY_DOWN);
	SCREEN_HAS(f, "row 2 of 425");
	fx_key(f, 'G');
	SCREEN_HAS(f, "row 425 of 425");
	/* a search is counted too */
	fx_key(f, '/');
	fx_type(f, "Z-1");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "row 1 of 100");
}

/* `/` narrows the list as you type, the matches highlighted; Enter keeps
 * the search, n and N walk the matches (round at the ends), Esc puts back
 * the search there was. */
static void search_narrows_as_you_type_and_n_walks_the_matches(void **state)
{
	fx *f = *state;

	fx_key(f, '/');
	fx_type(f, "u");
	SCREEN_HAS(f, "/u");
	/* before Enter: PLATE-2 "Dinner plate" holds no u */
	SCREEN_LACKS(f, "PLATE-2");
	SCREEN_HAS(f, "JUG-3");
	fx_type(f, "g");
	SCREEN_HAS(f, "JUG-3");
	SCREEN_HAS(f, "MUG-1");
	SCREEN_LACKS(f, "BOWL-7");
	STYLES_ARE(f, "products_search_highlight");
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "search: u");
	assert_true(fx_selected(f, "BOWL-7"));
	fx_key(f, 'n');
	assert_true(fx_selected(f, "CUP-9"));
	SCREEN_HAS(f, "match 2 of 4");
	fx_key(f, 'n');
	fx_key(f, 'n');
	assert_true(fx_selected(f, "MUG-1"));
	SCREEN_HAS(f, "match 4 of 4");
	fx_key(f, 'n');
	assert_true(fx_selected(f, "BOWL-7"));
	SCREEN_HAS(f, "match 1 of 4 (search wrapped around)");
	fx_key(f, 'N');
	assert_true(fx_selected(f, "MUG-1"));
	SCREEN_HAS(f, "wrapped around");
	/* Esc while typing puts back the search there was */
	fx_key(f, '/');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "teapot");
	SCREEN_HAS(f, "no product matches the search: / changes it");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "search: u");
	SCREEN_HAS(f, "CUP-9");
	/* Enter on a search nothing matches says so */
	fx_key(f, '/');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "teapot");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "no active product matches \"teapot\"");
	/* an empty search shows every row again */
	fx_key(f, '/');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_ENTER);
	SCREEN_LACKS(f, "search:");
	SCREEN_HAS(f, "PLATE-2");
}

static void search_prompt_cancels_with_esc(void **state)
{
	fx *f = *state;

	fx_key(f, 'n');
	SCREEN_HAS(f, "no search yet: press / to search");
	fx_key(f, '/');
	fx_type(f, "jug");
	SCREEN_LACKS(f, "BOWL-7");
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "search:");
	SCREEN_HAS(f, "PLATE-2");
	assert_true(fx_selected(f, "BOWL-7"));
}

static void filter_cycles_active_retired_all(void **state)
{
	fx *f = *state;
	bo_err err;

	FX_OK(bo_app_product_retire(&f->other, "JUG-3", NULL, &err), &err);
	fx_key(f, 'R');
	SCREEN_LACKS(f, "JUG-3");
	SCREEN_HAS(f, "filter: active");
	fx_key(f, 'f');
	SCREEN_HAS(f, "filter: retired");
	SCREEN_HAS(f, "JUG-3");
	SCREEN_LACKS(f, "MUG-1");
	fx_key(f, 'f');
	SCREEN_HAS(f, "filter: all");
	SCREEN_HAS(f, "JUG-3");
	SCREEN_HAS(f, "MUG-1");
	fx_key(f, 'f');
	SCREEN_HAS(f, "filter: active");
}

static void sort_moves_across_columns_and_reverses(void **state)
{
	fx *f = *state;

	fx_key(f, 'j'); /* CUP-9 stays under the cursor */
	fx_key(f, '>');
	fx_key(f, '>');
	SCREEN_HAS(f, "sort: price");
	fx_key(f, 'I');
	SCREEN_IS(f, "products_sorted_by_price_reversed");
	assert_true(fx_selected(f, "CUP-9"));
	fx_key(f, '<');
	fx_key(f, '<');
	fx_key(f, '<');
	SCREEN_HAS(f, "sort: status desc");
	fx_key(f, '>');
	SCREEN_HAS(f, "sort: sku desc");
	assert_true(fx_row_of(f, "PLATE-2") < fx_row_of(f, "BOWL-7"));
}

static void a_narrow_terminal_keeps_the_columns_readable(void **state)
{
	fx *f = *state;

	SCREEN_HAS(f, "Coffee mug");
	assert_int_equal(bo_canvas_resize(f->c, 12, 50), 0);
	fx_key(f, BO_KEY_RESIZE);
	SCREEN_IS(f, "products_resized_50x12");
}

/* Columns are as wide as what they hold: at 40 columns every SKU is whole
 * and the stock, tax and status give way before the name does. */
static void columns_follow_what_the_rows_hold(void **state)
{
	fx *f = *state;

	assert_int_equal(bo_canvas_resize(f->c, 12, 40), 0);
	fx_key(f, BO_KEY_RESIZE);
	SCREEN_IS(f, "products_resized_40x12");
	SCREEN_HAS(f, " PLATE-2 ");
	SCREEN_HAS(f, " BOWL-7 ");
	SCREEN_HAS(f, "Dinner plate");
	SCREEN_LACKS(f, "STOCK");
	SCREEN_HAS(f, "PRICE");
}

/* The mouse: a click on a row selects it, a second click opens it (as
 * Enter); a click on a tab switches there; clicks outside rows do
 * nothing. */
static void clicks_select_rows_open_them_and_switch_tabs(void **state)
{
	fx *f = *state;
	int row = fx_row_of(f, "JUG-3");

	assert_true(row > 1);
	assert_true(fx_selected(f, "BOWL-7"));
	fx_key(f, BO_KEY_CLICK(row, 10));
	assert_true(fx_selected(f, "JUG-3"));
	fx_key(f, BO_KEY_CLICK(15, 10)); /* below the last row */
	assert_true(fx_selected(f, "JUG-3"));
	fx_key(f, BO_KEY_CLICK(1, 10)); /* the header */
	assert_true(fx_selected(f, "JUG-3"));
	fx_key(f, BO_KEY_CLICK(row, 30));
	SCREEN_HAS(f, "Milk jug");
	SCREEN_HAS(f, "Ctrl-S save");
	fx_key(f, BO_KEY_ESC);
	assert_true(fx_selected(f, "JUG-3"));
	/* the tab bar: " 2 Orders" (its column in the first, ASCII-only
	 * stretch of the title row) */
	{
		const char *screen = fx_screen(f, false);
		int x = (int)(strstr(screen, "2 Orders") - screen);

		fx_key(f, BO_KEY_CLICK(0, x + 2));
	}
	SCREEN_HAS(f, "NUMBER");
	SCREEN_HAS(f, "no orders yet");
}

/* Ctrl-S offers a file named after the screen and today, as :export. */
static void ctrl_s_offers_an_export(void **state)
{
	fx *f = *state;

	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "export as CSV to: products-2026-01-01.csv");
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "export as CSV");
	SCREEN_LACKS(f, "exported");
}

/* ---- data from elsewhere ------------------------------------------------------- */

static void names_with_escape_sequences_are_shown_visibly(void **state)
{
	fx *f = *state;
	bo_product p = {0};
	bo_err err;

	assert_int_equal(bo_canvas_resize(f->c, 20, 120), 0);
	/* the services refuse such names; an imported log may not */
	p.sku = "EVIL";
	p.name = "\033]0;PWNED-TITLE\007 \033[2J bowl";
	p.description = "";
	p.price = 100;
	p.tax_bp = 0;
	p.stock = 1;
	FX_OK(bo_store_begin(&f->ports.store, &err), &err);
	FX_OK(bo_product_repo_insert(&f->ports.products, &p, &err), &err);
	FX_OK(bo_store_commit(&f->ports.store, &err), &err);
	fx_key(f, 'R');
	SCREEN_HAS(f, "\\e]0;PWNED-TITLE\\x07 \\e[2J bowl");
	fx_key(f, 'j');
	fx_key(f, 'j');
	fx_key(f, 'd');
	SCREEN_HAS(f, "Delete product EVIL (\\e]0;PWNED-TITLE\\x07 \\e[2J");
	for (int y = 0; y < f->c->rows; y++)
		for (int x = 0; x < f->c->cols; x++)
			for (const char *s = bo_canvas_cell(f->c, y, x)->text;
			     *s; s++)
				assert_false(*s == '\033' || *s == '\007');
	fx_key(f, 'n');
	assert_true(exists(f, "EVIL"));
}

static void changes_made_elsewhere_show_on_the_next_poll(void **state)
{
	fx *f = *state;

	assert_int_equal(bo_tui_poll(f->tui), 0);
	fx_add(f, "ANT-0", "Ant farm", "30", "20", "2");
	SCREEN_LACKS(f, "ANT-0");
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "ANT-0");
	assert_int_equal(bo_tui_poll(f->tui), 0);
	SCREEN_HAS(f, "live");
	/* the columns are measured again for the new rows: a longer SKU
	 * widens its column rather than being cut */
	fx_add(f, "ANT-FARM-DELUXE", "Big ant farm", "90", "20", "1");
	assert_int_equal(bo_tui_poll(f->tui), 1);
	SCREEN_HAS(f, "ANT-FARM-DELUXE ");
}

/* ---- delete and retire --------------------------------------------------------- */

static void delete_asks_first_and_deletes_on_yes(void **state)
{
	fx *f = *state;

	fx_key(f, 'j');
	fx_key(f, 'd');
	SCREEN_IS(f, "products_delete_confirm");
	fx_key(f, 'y');
	assert_false(exists(f, "CUP-9"));
	SCREEN_HAS(f, "deleted CUP-9");
	SCREEN_LACKS(f, "CUP-9 ");
	/* the cursor stays where the row was */
	assert_true(fx_selected(f, "JUG-3"));
}

/* A product that was sold says on how many orders before the y/N. */
static void delete_of_a_sold_product_says_how_many_orders_have_it(void **state)
{
	fx *f = *state;
	bo_line_request line = {"JUG-3", 1};
	int64_t id;
	bo_err err;

	for (int i = 0; i < 3; i++)
		FX_OK(bo_app_order_place(&f->other, "zoe@example.com", "Zoe",
					 &line, 1, &id, &err),
		      &err);
	fx_key(f, 'j');
	fx_key(f, 'j');
	assert_true(fx_selected(f, "JUG-3"));
	fx_key(f, 'd');
	SCREEN_HAS(f, "JUG-3 is on 3 orders, which keep their lines either");
	SCREEN_HAS(f, "Delete product JUG-3 (Milk jug)?");
	fx_key(f, 'n');
	assert_true(exists(f, "JUG-3"));
	/* one never sold is asked about plainly */
	fx_key(f, 'k');
	fx_key(f, 'd');
	SCREEN_HAS(f, "Delete product CUP-9");
	SCREEN_LACKS(f, "orders");
	fx_key(f, 'n');
}

static void delete_declined_changes_nothing(void **state)
{
	fx *f = *state;

	fx_key(f, 'd');
	fx_key(f, BO_KEY_ENTER);
	assert_true(exists(f, "BOWL-7"));
	SCREEN_HAS(f, "nothing was deleted");
}

static void
delete_of_a_row_deleted_elsewhere_shows_the_service_message(void **state)
{
	fx *f = *state;
	bo_err err;

	fx_key(f, 'd');
	FX_OK(bo_app_product_delete(&f->other, "BOWL-7", &err), &err);
	fx_key(f, 'y');
	SCREEN_HAS(f, "product BOWL-7 does not exist");
}

static void retire_asks_first_and_hides_the_row(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'G');
	fx_key(f, 'r');
	SCREEN_HAS(f, "Retire product PLATE-2 (Dinner plate)?");
	fx_key(f, 'y');
	p = get(f, "PLATE-2");
	assert_true(p.retired);
	bo_product_clear(&p);
	SCREEN_HAS(f, "retired PLATE-2");
	SCREEN_LACKS(f, "Dinner plate");
	fx_key(f, 'f');
	fx_key(f, 'f');
	fx_key(f, 'G');
	SCREEN_HAS(f, "retired");
	fx_key(f, 'r');
	SCREEN_HAS(f, "product PLATE-2 is already retired");
}

/* ---- roles ----------------------------------------------------------------------- */

static void support_and_managers_may_look_but_not_change(void **state)
{
	fx *f = *state;
	static const char *const users[] = {"bob", "mia"};

	for (size_t i = 0; i < 2; i++) {
		fx_open_as(f, users[i]);
		SCREEN_HAS(f, i ? "mia (manager)" : "bob (support)");
		fx_key(f, '1'); /* they start on Orders and Dashboard */
		fx_key(f, 'a');
		SCREEN_HAS(f, "products are read-only for");
		fx_key(f, 'e');
		SCREEN_HAS(f, "ask an admin");
		fx_key(f, 'd');
		SCREEN_HAS(f, "products are read-only for");
		fx_key(f, 'r');
		SCREEN_HAS(f, "products are read-only for");
		assert_true(exists(f, "BOWL-7"));
	}
	/* Enter shows the product, read-only */
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "product_form_readonly");
	fx_type(f, "x");
	SCREEN_HAS(f, "read-only: manager users may not change products");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "products are read-only for manager users");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "SKU");
	SCREEN_LACKS(f, "View product");
}

/* ---- the form --------------------------------------------------------------------- */

static void add_saves_every_field_and_selects_the_new_row(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'a');
	SCREEN_IS(f, "product_form_new");
	fx_type(f, "TEA-1");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Green tea");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Sencha, 100 g");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "6.40");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "7.5");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "25");
	fx_key(f, BO_KEY_CTRL('S'));
	p = get(f, "TEA-1");
	assert_string_equal(p.name, "Green tea");
	assert_string_equal(p.description, "Sencha, 100 g");
	assert_int_equal(p.price, 640);
	assert_int_equal(p.tax_bp, 750);
	assert_int_equal(p.stock, 25);
	bo_product_clear(&p);
	SCREEN_HAS(f, "saved TEA-1");
	assert_true(fx_selected(f, "TEA-1"));
}

static void validation_errors_show_beside_every_bad_field(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_type(f, "bad sku!");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "12.345");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "101");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "-4");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_IS(f, "product_form_errors");
	STYLES_ARE(f, "product_form_errors_styles");
	assert_false(exists(f, "bad sku!"));
	/* editing a field clears its message; the others stay */
	fx_key(f, BO_KEY_BACKSPACE);
	SCREEN_LACKS(f, "sku must be");
	SCREEN_HAS(f, "name must be 1 to 200 characters");
}

static void a_taken_sku_is_reported_beside_the_sku(void **state)
{
	fx *f = *state;

	fx_key(f, 'a');
	fx_type(f, "MUG-1");
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "Second mug");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "3");
	fx_key(f, BO_KEY_CTRL('S'));
	assert_true(fx_row_of(f, "SKU") == fx_row_of(f, "already taken"));
	SCREEN_HAS(f, "not saved: SKU MUG-1 is already taken");
}

static void edit_changes_the_price_and_bumps_the_version(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'G');
	fx_key(f, 'k');
	fx_key(f, 'e');
	SCREEN_IS(f, "product_form_edit");
	fx_key(f, BO_KEY_BTAB); /* tags */
	fx_key(f, BO_KEY_BTAB); /* category */
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "13.75");
	fx_key(f, BO_KEY_CTRL('S'));
	p = get(f, "MUG-1");
	assert_int_equal(p.price, 1375);
	assert_int_equal(p.row_version, 2);
	assert_string_equal(p.name, "Coffee mug");
	bo_product_clear(&p);
	SCREEN_HAS(f, "saved MUG-1");
	SCREEN_HAS(f, "13.75");
	assert_true(fx_selected(f, "MUG-1"));
}

static void line_editing_moves_by_character_not_byte(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, BO_KEY_ENTER); /* BOWL-7 */
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "Caf\xC3\xA9 e\xCC\x81 \xE6\xBC\xA2!");
	fx_key(f, BO_KEY_LEFT);      /* before ! */
	fx_key(f, BO_KEY_BACKSPACE); /* the wide character */
	fx_key(f, BO_KEY_LEFT);      /* before the space */
	fx_key(f, BO_KEY_LEFT);      /* before e + combining acute */
	fx_key(f, BO_KEY_DELETE);    /* removes both */
	fx_key(f, BO_KEY_HOME);
	fx_key(f, BO_KEY_DELETE);
	fx_type(f, "K");
	fx_key(f, BO_KEY_END);
	fx_type(f, "?");
	fx_key(f, BO_KEY_CTRL('S'));
	p = get(f, "BOWL-7");
	assert_string_equal(p.name, "Kaf\xC3\xA9  !?");
	bo_product_clear(&p);
}

static void vim_keys_type_into_fields(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_END);
	fx_type(f, " jkqG1?:/");
	SCREEN_HAS(f, "Soup bowl jkqG1?:/");
	SCREEN_HAS(f, "Edit product BOWL-7");
}

static void tab_and_shift_tab_walk_the_fields(void **state)
{
	fx *f = *state;
	int first;

	fx_key(f, 'e');
	fx_screen(f, false);
	first = f->c->cursor_y;
	assert_true(first > 0);
	fx_key(f, BO_KEY_TAB);
	fx_screen(f, false);
	/* 20 rows hold the nine fields one under another */
	assert_int_equal(f->c->cursor_y, first + 1);
	fx_key(f, BO_KEY_BTAB);
	fx_key(f, BO_KEY_BTAB);
	fx_screen(f, false);
	/* wrapped to the last field, the tags */
	assert_int_equal(f->c->cursor_y, first + 8);
	fx_key(f, BO_KEY_DOWN);
	fx_screen(f, false);
	assert_int_equal(f->c->cursor_y, first);
}

static void esc_with_unsaved_changes_asks_before_discarding(void **state)
{
	fx *f = *state;
	bo_product p;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "!!");
	fx_key(f, BO_KEY_ESC);
	SCREEN_IS(f, "product_form_discard");
	fx_key(f, 'n');
	SCREEN_HAS(f, "Soup bowl!!");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, 'y');
	SCREEN_HAS(f, "changes discarded");
	SCREEN_LACKS(f, "Edit product");
	p = get(f, "BOWL-7");
	assert_string_equal(p.name, "Soup bowl");
	assert_int_equal(p.row_version, 1);
	bo_product_clear(&p);
}

static void esc_without_changes_just_closes(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "x");
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "Edit product");
	SCREEN_LACKS(f, "Discard");
}

static void
saving_over_someone_elses_change_is_refused_with_reload(void **state)
{
	fx *f = *state;
	bo_product_edit theirs = {.price = "99"};
	bo_product p;
	bo_err err;

	fx_key(f, 'e'); /* BOWL-7 at version 1 */
	FX_OK(bo_app_product_edit(&f->other, "BOWL-7", &theirs, 0, NULL, &err),
	      &err);
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "Stew bowl");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_IS(f, "product_form_stale");
	p = get(f, "BOWL-7");
	assert_string_equal(p.name, "Soup bowl");
	assert_int_equal(p.price, 9900);
	bo_product_clear(&p);
	/* yes: the form now shows what is stored, at the new version */
	fx_key(f, 'y');
	SCREEN_HAS(f, "reloaded BOWL-7 as it is now (version 2)");
	SCREEN_HAS(f, "99.00");
	SCREEN_HAS(f, "Soup bowl");
	SCREEN_LACKS(f, "someone else changed");
	fx_key(f, BO_KEY_CTRL('U')); /* still on the name */
	fx_type(f, "Stew bowl");
	fx_key(f, BO_KEY_CTRL('S'));
	p = get(f, "BOWL-7");
	assert_string_equal(p.name, "Stew bowl");
	assert_int_equal(p.price, 9900);
	assert_int_equal(p.row_version, 3);
	bo_product_clear(&p);
}

static void a_declined_reload_keeps_the_typing_and_keeps_refusing(void **state)
{
	fx *f = *state;
	bo_product_edit theirs = {.stock = "5"};
	bo_err err;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "!");
	FX_OK(bo_app_product_edit(&f->other, "BOWL-7", &theirs, 0, NULL, &err),
	      &err);
	/* the live poll already warns before any save */
	bo_tui_poll(f->tui);
	SCREEN_HAS(f, "someone else changed this product since you opened it");
	fx_key(f, BO_KEY_CTRL('S'));
	fx_key(f, 'n');
	SCREEN_HAS(f, "Soup bowl!");
	SCREEN_HAS(f, "not reloaded");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "Reload it");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, BO_KEY_CTRL('R'));
	SCREEN_HAS(f, "reloaded BOWL-7");
	SCREEN_LACKS(f, "Soup bowl!");
}

static void editing_a_product_deleted_meanwhile_says_so(void **state)
{
	fx *f = *state;
	bo_err err;

	fx_key(f, 'e');
	FX_OK(bo_app_product_delete(&f->other, "BOWL-7", &err), &err);
	fx_key(f, BO_KEY_TAB);
	fx_type(f, "?");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "product BOWL-7 does not exist");
	SCREEN_HAS(f, "Edit product BOWL-7");
}

static void ctrl_c_quits_from_a_form_too(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	fx_key(f, BO_KEY_CTRL('C'));
	assert_true(f->flags & BO_QUIT);
}

/* `:export FILE`: every product under the filter, in the screen's order. */
static void export_writes_every_product_under_the_filter(void **state)
{
	fx *f = *state;
	char dir[] = "/tmp/bo-products-XXXXXX", path[128], cmd[160];
	char want[1024], got[1024] = "";
	FILE *in;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/products.csv", dir);
	snprintf(cmd, sizeof(cmd), "export %s", path);
	fx_key(f, '>');
	fx_key(f, '>'); /* by price */
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "exported 5 rows to ");
	in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(got, 1, sizeof(got) - 1, in);
	got[n] = '\0';
	fclose(in);
	snprintf(want, sizeof(want),
		 "sku,name,description,price,currency,tax_rate,stock,status\r\n"
		 "CUP-9,Tea cup (\xE6\xBC\xA2\xE5\xAD\x97),,4.20,EUR,10,300,"
		 "active\r\n"
		 "BOWL-7,Soup bowl,,9.00,EUR,7.5,,active\r\n"
		 "MUG-1,Coffee mug,,12.50,EUR,20,40,active\r\n"
		 "PLATE-2,Dinner plate,,15.90,EUR,20,0,active\r\n"
		 "JUG-3,Milk jug,,21.00,EUR,20,12,active\r\n");
	assert_string_equal(got, want);
	unlink(path);
	rmdir(dir);
}

/* The export neutralises cells a spreadsheet would run as formulas, as the
 * CLI's --format csv does (one helper for both), but keeps plain numbers. */
static void export_neutralises_formula_cells(void **state)
{
	fx *f = *state;
	char dir[] = "/tmp/bo-products-XXXXXX", path[128], cmd[160];
	char got[2048] = "";
	FILE *in;
	size_t n;

	fx_add(f, "F-1", "=1+1", "1", "0", NULL);
	fx_add(f, "F-2", "+cmd", "1", "0", NULL);
	fx_add(f, "F-3", "-2+3", "1", "0", NULL);
	fx_add(f, "F-4", "@SUM(A1)", "1", "0", NULL);
	fx_add(f, "F-5", "-12.50", "1", "0", NULL);
	fx_add(f, "F-6", "=HYPERLINK(\"http://x\",\"y\")", "1", "0", NULL);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/products.csv", dir);
	snprintf(cmd, sizeof(cmd), "export %s", path);
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "exported 11 rows to ");
	in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(got, 1, sizeof(got) - 1, in);
	got[n] = '\0';
	fclose(in);
	assert_non_null(strstr(got, "\r\nF-1,'=1+1,,1.00,"));
	assert_non_null(strstr(got, "\r\nF-2,'+cmd,,1.00,"));
	assert_non_null(strstr(got, "\r\nF-3,'-2+3,,1.00,"));
	assert_non_null(strstr(got, "\r\nF-4,'@SUM(A1),,1.00,"));
	assert_non_null(strstr(got, "\r\nF-5,-12.50,,1.00,"));
	assert_non_null(
	    strstr(got, "\r\nF-6,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(list_shows_active_products_in_sku_order),
	    T(list_styles_mark_header_selection_and_bars),
	    T(list_draws_ascii_when_the_locale_is_not_utf8),
	    T(space_marks_a_row_and_moves_down),
	    T(star_marks_every_product_shown),
	    T(moving_and_paging_walk_through_many_rows_by_key),
	    T(search_narrows_as_you_type_and_n_walks_the_matches),
	    T(search_prompt_cancels_with_esc),
	    T(filter_cycles_active_retired_all),
	    T(sort_moves_across_columns_and_reverses),
	    T(a_narrow_terminal_keeps_the_columns_readable),
	    T(names_with_escape_sequences_are_shown_visibly),
	    T(changes_made_elsewhere_show_on_the_next_poll),
	    T(delete_asks_first_and_deletes_on_yes),
	    T(delete_of_a_sold_product_says_how_many_orders_have_it),
	    T(delete_declined_changes_nothing),
	    T(delete_of_a_row_deleted_elsewhere_shows_the_service_message),
	    T(retire_asks_first_and_hides_the_row),
	    T(support_and_managers_may_look_but_not_change),
	    T(add_saves_every_field_and_selects_the_new_row),
	    T(validation_errors_show_beside_every_bad_field),
	    T(a_taken_sku_is_reported_beside_the_sku),
	    T(edit_changes_the_price_and_bumps_the_version),
	    T(line_editing_moves_by_character_not_byte),
	    T(vim_keys_type_into_fields),
	    T(tab_and_shift_tab_walk_the_fields),
	    T(esc_with_unsaved_changes_asks_before_discarding),
	    T(esc_without_changes_just_closes),
	    T(saving_over_someone_elses_change_is_refused_with_reload),
	    T(a_declined_reload_keeps_the_typing_and_keeps_refusing),
	    T(editing_a_product_deleted_meanwhile_says_so),
	    T(ctrl_c_quits_from_a_form_too),
	    T(columns_follow_what_the_rows_hold),
	    T(ctrl_s_offers_an_export),
	    T(clicks_select_rows_open_them_and_switch_tabs),
	    T(export_writes_every_product_under_the_filter),
	    T(export_neutralises_formula_cells),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
