/* Bulk product changes in the TUI under scripted keys: B on Products, the action prompt, the preview, apply, Esc, errors, roles, U to undo, and u on the product history. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

#include "domain/app_bulk.h"
#include "tui/products.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 24, 100) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_add(f, "BOWL-7", "Soup bowl", "9", "7.5", NULL);
	fx_add(f, "PLATE-2", "Dinner plate", "15.90", "20", "0");
	fx_add(f, "JUG-3", "Milk jug", "21", "20", "12");
	fx_add(f, "CUP-9", "Tea cup", "4.20", "10", "300");
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

/* The bulk id of the newest change of sku ("" for none); into buf. */
static const char *last_bulk_of(fx *f, const char *sku, char *buf,
				size_t size)
{
	bo_history h = {0};
	bo_err err;

	FX_OK(bo_app_product_history(&f->other, sku, -1, &h, &err), &err);
	assert_true(h.n > 0);
	snprintf(buf, size, "%s",
		 h.rows[h.n - 1].bulk_id ? h.rows[h.n - 1].bulk_id : "");
	bo_history_clear(&h);
	return buf;
}

/* The id in "applied bulk B-...: " of the message line, into buf. */
static void applied_id(fx *f, char *buf, size_t size)
{
	const char *s = fx_screen(f, false), *at = strstr(s, "applied bulk ");
	size_t n = 0;

	assert_non_null(at);
	at += strlen("applied bulk ");
	while (at[n] && at[n] != ':' && at[n] != ',' && n + 1 < size)
		n++;
	memcpy(buf, at, n);
	buf[n] = '\0';
	assert_true(strncmp(buf, "B-", 2) == 0);
}

/* Marks the first three rows in SKU order: BOWL-7, CUP-9, JUG-3. */
static void mark_three(fx *f)
{
	fx_key(f, ' ');
	fx_key(f, ' ');
	fx_key(f, ' ');
	SCREEN_HAS(f, "3 marked, filter");
}

static void bulk_action(fx *f, const char *text)
{
	fx_key(f, 'B');
	fx_type(f, text);
	fx_key(f, BO_KEY_ENTER);
}

/* ---- apply ----------------------------------------------------------------------- */

/* Three marked, B, +10% 99: the preview lists old and new and the totals;
 * Enter and y apply; the list shows the new prices, the marks are gone,
 * and each product's history names the bulk. */
static void reprice_of_marked_products_previews_then_applies(void **state)
{
	fx *f = *state;
	char id[64], got[64];

	mark_three(f);
	fx_key(f, 'B');
	SCREEN_HAS(f, "Bulk change of 3 products: type the action below");
	SCREEN_HAS(f, "reprice BY [ROUND]");
	SCREEN_HAS(f, "tax RATE");
	SCREEN_HAS(f, "reactivate");
	SCREEN_IS(f, "bulk_ask");
	fx_type(f, "+10% 99");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "bulk_preview_reprice");
	SCREEN_HAS(f, "reprice +10% round 99");
	SCREEN_HAS(f, "3 products: 3 change, 0 unchanged, 0 in error; prices "
		      "34.20 -> 38.97 EUR");
	STYLES_ARE(f, "bulk_preview_reprice_styles");
	/* nothing written by the preview */
	assert_int_equal(price_of(f, "BOWL-7"), 900);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "Apply reprice +10% round 99 to 3 products in one go?");
	fx_key(f, 'y');
	SCREEN_HAS(f, "3 products changed; U undoes it");
	applied_id(f, id, sizeof(id));
	SCREEN_LACKS(f, "marked, filter");
	SCREEN_LACKS(f, "*BOWL-7");
	SCREEN_HAS(f, "23.99");
	assert_int_equal(price_of(f, "BOWL-7"), 999);
	assert_int_equal(price_of(f, "CUP-9"), 499);
	assert_int_equal(price_of(f, "JUG-3"), 2399);
	assert_int_equal(price_of(f, "MUG-1"), 1250);
	assert_string_equal(last_bulk_of(f, "BOWL-7", got, sizeof(got)), id);
	assert_string_equal(last_bulk_of(f, "CUP-9", got, sizeof(got)), id);
	assert_string_equal(last_bulk_of(f, "JUG-3", got, sizeof(got)), id);
	assert_string_equal(last_bulk_of(f, "MUG-1", got, sizeof(got)), "");
	/* the history screen names the bulk beside the change */
	fx_key(f, 'g');
	fx_key(f, 'h');
	SCREEN_HAS(f, "Product BOWL-7");
	SCREEN_HAS(f, "REASON");
	SCREEN_HAS(f, id);
}

/* The category and the tags of one product, as stored ("" for none). */
static void category_tags_of(fx *f, const char *sku, char *cat, char *tags,
			     size_t size)
{
	bo_product p = {0};
	bo_err err;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	snprintf(cat, size, "%s", p.category ? p.category : "");
	snprintf(tags, size, "%s", p.tags ? p.tags : "");
	bo_product_clear(&p);
}

/* category PATH moves the marked products (old -> new shown), none takes
 * the category away; tag +TAG / -TAG add and take away a tag; a bad path
 * or tag keeps the prompt open naming the field. */
static void category_and_tag_changes_of_marked_products(void **state)
{
	fx *f = *state;
	char cat[64], tags[64];

	mark_three(f);
	bulk_action(f, "category Kitchen/Mugs");
	SCREEN_HAS(f, "3 products: 3 change, 0 unchanged, 0 in error");
	SCREEN_HAS(f, "category");
	SCREEN_HAS(f, "Kitchen / Mugs");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_HAS(f, "3 products changed; U undoes it");
	category_tags_of(f, "CUP-9", cat, tags, sizeof(cat));
	assert_string_equal(cat, "Kitchen / Mugs");
	category_tags_of(f, "MUG-1", cat, tags, sizeof(cat));
	assert_string_equal(cat, "");
	/* the selected product: a tag added, then taken away */
	fx_key(f, 'g');
	bulk_action(f, "tag +Sale");
	SCREEN_HAS(f, "1 product: 1 change");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	category_tags_of(f, "BOWL-7", cat, tags, sizeof(cat));
	assert_string_equal(tags, "sale");
	bulk_action(f, "tag -sale");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	category_tags_of(f, "BOWL-7", cat, tags, sizeof(cat));
	assert_string_equal(tags, "");
	assert_string_equal(cat, "Kitchen / Mugs");
	bulk_action(f, "category none");
	SCREEN_HAS(f, "Kitchen / Mugs");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	category_tags_of(f, "BOWL-7", cat, tags, sizeof(cat));
	assert_string_equal(cat, "");
	/* refused input names the field; nothing is written */
	bulk_action(f, "tag sale");
	SCREEN_HAS(f, "tag: +TAG adds a tag, -TAG takes it away");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "tag +no way");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "tag: one tag at a time");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "category A/B/C/D");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "category must have 1 to 3 levels");
	fx_key(f, BO_KEY_ESC);
	category_tags_of(f, "BOWL-7", cat, tags, sizeof(cat));
	assert_string_equal(cat, "");
	assert_string_equal(tags, "");
}

/* No marks: B acts on the selected product; tax, retire and reactivate
 * are typed by name (or a unique prefix). */
static void without_marks_the_selected_product_is_changed(void **state)
{
	fx *f = *state;

	fx_key(f, 'j'); /* CUP-9 */
	fx_key(f, 'B');
	SCREEN_HAS(f, "Bulk change of 1 product:");
	fx_type(f, "tax 7.5");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "tax 7.5%");
	SCREEN_HAS(f, "1 product: 1 change, 0 unchanged, 0 in error");
	SCREEN_LACKS(f, "prices");
	fx_key(f, BO_KEY_CTRL('S'));
	fx_key(f, 'y');
	SCREEN_HAS(f, "1 product changed; U undoes it");
	bulk_action(f, "retire");
	SCREEN_HAS(f, " retire\n");
	SCREEN_HAS(f, "1 product: 1 change");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_LACKS(f, "CUP-9");
	{
		bo_product p = {0};
		bo_err err;

		FX_OK(bo_app_product_get(&f->other, "CUP-9", &p, &err), &err);
		assert_int_equal(p.tax_bp, 750);
		assert_true(p.retired);
		bo_product_clear(&p);
	}
}

/* Already as asked: the rows are unchanged and there is nothing to apply. */
static void a_plan_that_changes_nothing_is_not_applied(void **state)
{
	fx *f = *state;

	bulk_action(f, "reactivate");
	SCREEN_HAS(f, "1 product: 0 change, 1 unchanged");
	SCREEN_HAS(f, "unchanged");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "this changes no product; Esc leaves");
	SCREEN_LACKS(f, "in one go?");
}

/* ---- leaving, errors --------------------------------------------------------- */

/* Esc on the preview (or at the prompt) writes nothing; the marks stay. */
static void esc_leaves_without_writing(void **state)
{
	fx *f = *state;

	mark_three(f);
	bulk_action(f, "+10%");
	SCREEN_HAS(f, "reprice +10% round cent");
	SCREEN_HAS(f, "3 products: 3 change");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "bulk change left; nothing was written");
	SCREEN_HAS(f, "3 marked, filter");
	assert_int_equal(price_of(f, "BOWL-7"), 900);
	fx_key(f, 'B');
	fx_type(f, "+10%");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "no bulk change; nothing was written");
	SCREEN_HAS(f, "3 marked, filter");
	/* a declined y/N keeps the preview */
	bulk_action(f, "-1");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'n');
	SCREEN_HAS(f, "not applied; Esc leaves without writing");
	SCREEN_HAS(f, "reprice -1.00 EUR round cent");
	fx_key(f, 'q');
	SCREEN_HAS(f, "nothing was written");
	assert_int_equal(price_of(f, "CUP-9"), 420);
}

/* Bad input keeps the prompt open with the typing, the error naming the
 * field; a good answer then previews. */
static void bad_input_keeps_the_prompt_open_naming_the_field(void **state)
{
	fx *f = *state;

	bulk_action(f, "double it");
	SCREEN_HAS(f, "action: type reprice BY [ROUND], tax RATE, retire, "
		      "reactivate, category PATH|none or tag +TAG|-TAG");
	SCREEN_HAS(f, "double it");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "re +5%");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "action:");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "+10% 98");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "round");
	SCREEN_HAS(f, "+10% 98");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "+10x");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "by");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "reprice");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "by: reprice needs a percentage or an amount");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "+1% 99 90");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "round: one rounding after the amount");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "tax");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "rate: tax needs the rate in percent");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "tax lots");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "rate");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "retire now");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "action: retire takes nothing after it");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "5% round 90");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "reprice +5% round 90");
	SCREEN_HAS(f, "1 product: 1 change");
	assert_int_equal(price_of(f, "BOWL-7"), 900);
}

/* A product whose price would go below 0 is a row in error, listed first:
 * the plan cannot be applied and nothing is written. */
static void a_row_in_error_makes_the_plan_unappliable(void **state)
{
	fx *f = *state;

	mark_three(f);
	bulk_action(f, "-10.00");
	SCREEN_HAS(f, "3 products: 1 change, 0 unchanged, 2 in error");
	SCREEN_HAS(f, "in error first: a plan with errors cannot be applied");
	SCREEN_IS(f, "bulk_preview_errors");
	STYLES_ARE(f, "bulk_preview_errors_styles");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "2 products are in error (BOWL-7:");
	SCREEN_LACKS(f, "in one go?");
	assert_int_equal(price_of(f, "JUG-3"), 2100);
	assert_int_equal(price_of(f, "BOWL-7"), 900);
}

/* Support and managers get the refusal the other writes give. */
static void only_admins_change_in_bulk(void **state)
{
	fx *f = *state;

	fx_open_as(f, "bob");
	fx_key(f, '1');
	fx_key(f, ' ');
	fx_key(f, 'B');
	SCREEN_HAS(f, "products are read-only for support users; ask an admin");
	SCREEN_LACKS(f, "Bulk change of");
	fx_key(f, 'U');
	SCREEN_HAS(f, "products are read-only for support users; ask an admin");
	fx_open_as(f, "mia");
	fx_key(f, '1');
	fx_key(f, 'B');
	SCREEN_HAS(f, "products are read-only for manager users; ask an admin");
}

/* Someone changes a product after the preview: applying is refused with
 * the message, nothing is written, the preview stays; R reads it again
 * and then it applies. */
static void a_change_since_the_preview_is_a_conflict(void **state)
{
	fx *f = *state;
	bo_product_edit e = {.price = "10"};
	bo_err err;

	mark_three(f);
	bulk_action(f, "+10%");
	FX_OK(bo_app_product_edit(&f->other, "CUP-9", &e, 0, NULL, &err), &err);
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_HAS(f, "product CUP-9 was changed by someone else");
	SCREEN_HAS(f, "nothing was written: a product changed since this "
		      "preview; R previews again");
	SCREEN_HAS(f, "reprice +10% round cent");
	assert_int_equal(price_of(f, "BOWL-7"), 900);
	fx_key(f, 'R');
	SCREEN_HAS(f, "preview read again");
	SCREEN_LACKS(f, "R previews again");
	SCREEN_HAS(f, "11.00");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_HAS(f, "3 products changed");
	assert_int_equal(price_of(f, "CUP-9"), 1100);
	assert_int_equal(price_of(f, "BOWL-7"), 990);
}

/* ---- undo ------------------------------------------------------------------- */

/* U previews the undo of the newest bulk change; Enter and y put every
 * price back; then there is none left to undo. */
static void u_undoes_the_newest_bulk_change(void **state)
{
	fx *f = *state;
	char id[64];

	fx_key(f, 'U');
	SCREEN_HAS(f, "no bulk change to undo");
	mark_three(f);
	bulk_action(f, "+10% 99");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	applied_id(f, id, sizeof(id));
	assert_int_equal(price_of(f, "JUG-3"), 2399);
	fx_key(f, 'U');
	SCREEN_HAS(f, "undo ");
	SCREEN_HAS(f, id);
	SCREEN_HAS(f, "3 products: 3 change, 0 unchanged, 0 in error; prices "
		      "38.97 -> 34.20 EUR");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	SCREEN_HAS(f, "3 products changed back");
	assert_int_equal(price_of(f, "BOWL-7"), 900);
	assert_int_equal(price_of(f, "CUP-9"), 420);
	assert_int_equal(price_of(f, "JUG-3"), 2100);
	SCREEN_HAS(f, "21.00");
	fx_key(f, 'U');
	SCREEN_HAS(f, "no bulk change to undo");
}

/* A product changed since the bulk: the undo's preview is refused with
 * the service's message and no screen opens. */
static void an_undo_over_a_later_change_is_refused(void **state)
{
	fx *f = *state;
	bo_product_edit e = {.price = "10"};
	bo_err err;

	bulk_action(f, "+1");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'y');
	FX_OK(bo_app_product_edit(&f->other, "BOWL-7", &e, 0, NULL, &err),
	      &err);
	fx_key(f, 'U');
	SCREEN_HAS(f, "cannot undo bulk action B-");
	SCREEN_HAS(f, "changed or deleted since: BOWL-7");
	SCREEN_LACKS(f, "Enter applies");
	assert_int_equal(price_of(f, "BOWL-7"), 1000);
}

/* ---- the product history's u -------------------------------------------------- */

/* u undoes the product's last change after y/N; no keeps it; a product
 * with only its creation is refused; support may not. */
static void history_u_undoes_the_last_change(void **state)
{
	fx *f = *state;
	bo_product_edit e = {.price = "13"};
	bo_err err;

	FX_OK(bo_app_product_edit(&f->other, "MUG-1", &e, 0, NULL, &err), &err);
	fx_key(f, 'G'); /* PLATE-2 */
	fx_key(f, 'k'); /* MUG-1 */
	fx_key(f, 'h');
	SCREEN_HAS(f, "Product MUG-1");
	fx_key(f, 'u');
	SCREEN_HAS(f, "Undo the last change of MUG-1");
	fx_key(f, 'n');
	SCREEN_HAS(f, "MUG-1 was not changed");
	assert_int_equal(price_of(f, "MUG-1"), 1300);
	fx_key(f, 'u');
	fx_key(f, 'y');
	SCREEN_HAS(f, "undid the last change of MUG-1");
	assert_int_equal(price_of(f, "MUG-1"), 1250);
	/* the list below shows it */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "12.50");
	/* only the creation left */
	fx_key(f, 'g');
	fx_key(f, 'h');
	fx_key(f, 'u');
	fx_key(f, 'y');
	SCREEN_HAS(f, "product BOWL-7 has no change to undo");
	SCREEN_LACKS(f, "undid");
	assert_int_equal(price_of(f, "BOWL-7"), 900);
	fx_open_as(f, "bob");
	fx_key(f, '1');
	fx_key(f, 'h');
	fx_key(f, 'u');
	SCREEN_HAS(f, "products are read-only for support users; ask an admin");
}

/* u after someone else changed the product since the screen read it: the
 * conflict is shown and nothing is undone. */
static void history_u_over_a_newer_change_is_refused(void **state)
{
	fx *f = *state;
	bo_product_edit e = {.price = "13"};
	bo_err err;

	FX_OK(bo_app_product_edit(&f->other, "BOWL-7", &e, 0, NULL, &err),
	      &err);
	fx_key(f, 'h');
	fx_key(f, 'u');
	e.price = "14";
	FX_OK(bo_app_product_edit(&f->other, "BOWL-7", &e, 0, NULL, &err),
	      &err);
	fx_key(f, 'y');
	SCREEN_HAS(f, "product BOWL-7 is at version 3, not 2; nothing was "
		      "undone");
	SCREEN_LACKS(f, "undid");
	assert_int_equal(price_of(f, "BOWL-7"), 1400);
	/* the screen read it again: now the undo goes through */
	fx_key(f, 'u');
	fx_key(f, 'y');
	SCREEN_HAS(f, "undid the last change of BOWL-7");
	assert_int_equal(price_of(f, "BOWL-7"), 1300);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(reprice_of_marked_products_previews_then_applies),
	    T(category_and_tag_changes_of_marked_products),
	    T(without_marks_the_selected_product_is_changed),
	    T(a_plan_that_changes_nothing_is_not_applied),
	    T(esc_leaves_without_writing),
	    T(bad_input_keeps_the_prompt_open_naming_the_field),
	    T(a_row_in_error_makes_the_plan_unappliable),
	    T(only_admins_change_in_bulk),
	    T(a_change_since_the_preview_is_a_conflict),
	    T(u_undoes_the_newest_bulk_change),
	    T(an_undo_over_a_later_change_is_refused),
	    T(history_u_undoes_the_last_change),
	    T(history_u_over_a_newer_change_is_refused),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
