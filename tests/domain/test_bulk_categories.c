/* Bulk category and tag changes: parsing, deciding, the items text, and preview, apply, undo and the filter selection over the in-memory ports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/app_bulk.h"
#include "domain/app_report_categories.h"

static const bo_currency EUR = {"EUR", 2};

/* ---- the pure part ------------------------------------------------------- */

/* Given category and tag texts, when parsed, then the canonical form, or a
 * refusal naming the field. */
static void parsing_category_and_tag(void **state)
{
	bo_bulk_action a = {0};
	bo_err err;

	(void)state;
	assert_int_equal(bo_bulk_parse_category(&a, " Kitchen/Mugs ", &err),
			 BO_OK);
	assert_int_equal(a.kind, BO_BULK_CATEGORY);
	assert_string_equal(a.text, "Kitchen / Mugs");
	assert_int_equal(bo_bulk_parse_category(&a, "", &err), BO_OK);
	assert_string_equal(a.text, "");
	assert_int_equal(bo_bulk_parse_category(&a, "A/B/C/D", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "category"));
	assert_int_equal(bo_bulk_parse_tag(&a, "Gift", true, &err), BO_OK);
	assert_int_equal(a.kind, BO_BULK_TAG_ADD);
	assert_string_equal(a.text, "gift");
	assert_int_equal(bo_bulk_parse_tag(&a, "sale", false, &err), BO_OK);
	assert_int_equal(a.kind, BO_BULK_TAG_REMOVE);
	assert_int_equal(bo_bulk_parse_tag(&a, "no way", true, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "tag"));
	assert_int_equal(bo_bulk_parse_tag(&a, "", true, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "tag"));
}

/* Given products with and without a category and tags, when each kind is
 * decided, then old -> new texts, unchanged when already so, and a tag
 * list that would pass 20 tags is a row in error. */
static void decide_category_and_tags(void **state)
{
	bo_bulk_plan plan = {0};
	bo_product mug = {.id = 1,
			  .row_version = 3,
			  .sku = "M-1",
			  .name = "Mug",
			  .category = "Kitchen",
			  .tags = "gift;sale"};
	bo_product pen = {
	    .id = 2, .row_version = 1, .sku = "P-1", .name = "Pen"};
	bo_product full = {.id = 3,
			   .row_version = 1,
			   .sku = "F-1",
			   .name = "Full",
			   .tags = "a1;a10;a11;a12;a13;a14;a15;a16;a17;a18;"
				   "a19;a2;a20;a3;a4;a5;a6;a7;a8;a9"};
	char text[200];
	bo_err err;

	(void)state;
	assert_int_equal(bo_bulk_parse_category(&plan.action, "Kitchen", &err),
			 BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &mug, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &pen, &EUR), BO_OK);
	assert_int_equal(plan.rows[0].outcome, BO_BULK_UNCHANGED);
	assert_int_equal(plan.rows[0].field, BO_PF_CATEGORY);
	assert_int_equal(plan.rows[1].outcome, BO_BULK_CHANGES);
	assert_null(plan.rows[1].old_text);
	assert_string_equal(plan.rows[1].new_text, "Kitchen");
	bo_bulk_action_text(&plan.action, &EUR, NULL, text, sizeof(text));
	assert_string_equal(text, "category Kitchen");
	bo_bulk_plan_clear(&plan);

	/* --none: the one with a category loses it */
	assert_int_equal(bo_bulk_parse_category(&plan.action, "", &err), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &mug, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &pen, &EUR), BO_OK);
	assert_int_equal(plan.rows[0].outcome, BO_BULK_CHANGES);
	assert_string_equal(plan.rows[0].old_text, "Kitchen");
	assert_null(plan.rows[0].new_text);
	assert_int_equal(plan.rows[1].outcome, BO_BULK_UNCHANGED);
	bo_bulk_action_text(&plan.action, &EUR, NULL, text, sizeof(text));
	assert_string_equal(text, "category (none)");
	bo_bulk_plan_clear(&plan);

	assert_int_equal(bo_bulk_parse_tag(&plan.action, "New", true, &err),
			 BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &mug, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &pen, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &full, &EUR), BO_OK);
	assert_string_equal(plan.rows[0].old_text, "gift;sale");
	assert_string_equal(plan.rows[0].new_text, "gift;new;sale");
	assert_int_equal(plan.rows[0].field, BO_PF_TAGS);
	assert_null(plan.rows[1].old_text);
	assert_string_equal(plan.rows[1].new_text, "new");
	assert_int_equal(plan.rows[2].outcome, BO_BULK_FAILS);
	assert_non_null(strstr(plan.rows[2].error, "tags"));
	assert_int_equal(plan.changes, 2);
	assert_int_equal(plan.errors, 1);
	bo_bulk_action_text(&plan.action, &EUR, NULL, text, sizeof(text));
	assert_string_equal(text, "tag add new");
	bo_bulk_plan_clear(&plan);

	assert_int_equal(bo_bulk_parse_tag(&plan.action, "GIFT", false, &err),
			 BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &mug, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &pen, &EUR), BO_OK);
	assert_string_equal(plan.rows[0].new_text, "sale");
	assert_int_equal(plan.rows[0].outcome, BO_BULK_CHANGES);
	assert_int_equal(plan.rows[1].outcome, BO_BULK_UNCHANGED);
	bo_bulk_action_text(&plan.action, &EUR, NULL, text, sizeof(text));
	assert_string_equal(text, "tag remove gift");
	bo_bulk_plan_clear(&plan);
}

/* Given changed category and tags rows (a text empty for none), when the
 * items text is written and read back, then every text comes back as it
 * was, and a line cut short is refused. */
static void items_text_round_trips_texts(void **state)
{
	bo_bulk_plan plan = {0};
	bo_product a = {.id = 7, .row_version = 2, .sku = "A-1", .name = "A"};
	bo_product b = {.id = 8,
			.row_version = 5,
			.sku = "B 2",
			.name = "B",
			.category = "Old / Sub"};
	bo_bulk_item it;
	size_t pos = 0;
	char *text;
	bo_err err;

	(void)state;
	assert_int_equal(
	    bo_bulk_parse_category(&plan.action, "New / Place", &err), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &a, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &b, &EUR), BO_OK);
	assert_non_null(text = bo_bulk_items_text(&plan));
	assert_int_equal(bo_bulk_items_next(text, &pos, &it), 1);
	assert_int_equal(it.product_id, 7);
	assert_int_equal(it.field, BO_PF_CATEGORY);
	assert_string_equal(it.old_text, "");
	assert_string_equal(it.new_text, "New / Place");
	assert_int_equal(it.row_version, 3);
	assert_string_equal(it.sku, "A-1");
	assert_int_equal(bo_bulk_items_next(text, &pos, &it), 1);
	assert_string_equal(it.old_text, "Old / Sub");
	assert_string_equal(it.new_text, "New / Place");
	assert_string_equal(it.sku, "B 2");
	assert_int_equal(it.row_version, 6);
	assert_int_equal(bo_bulk_items_next(text, &pos, &it), 0);
	free(text);
	pos = 0;
	/* a category line without its texts */
	assert_int_equal(bo_bulk_items_next("4\t8\t0\t0\t3\tX\n", &pos, &it),
			 BO_EINVAL);
	bo_bulk_plan_clear(&plan);
}

/* ---- the services over the memory store ---------------------------------- */

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_err err;
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "ann"};

	assert_non_null(f);
	assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
	free(f);
	return 0;
}

static void add(fixture *f, const char *sku, const char *price,
		const char *category, const char *tags)
{
	bo_err err;
	bo_product_edit in = {.sku = sku,
			      .name = "Mug",
			      .price = price,
			      .tax_rate = "20",
			      .category = category,
			      .tags = tags};

	if (bo_app_product_add(&f->admin, &in, NULL, &err) != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

/* sku's category and tags as "category|tags" ("" for none). */
static const char *state_of(fixture *f, const char *sku)
{
	static char buf[1024];
	bo_product p = {0};
	bo_err err;

	assert_int_equal(bo_app_product_get(&f->admin, sku, &p, &err), BO_OK);
	snprintf(buf, sizeof(buf), "%s|%s", p.category ? p.category : "",
		 p.tags ? p.tags : "");
	bo_product_clear(&p);
	return buf;
}

static char *apply(fixture *f, bo_bulk_plan *plan)
{
	char *id = NULL;
	bo_err err;

	if (bo_app_bulk_apply(&f->admin, plan, &id, NULL, &err) != BO_OK)
		fail_msg("apply: %s", err.msg);
	assert_non_null(id);
	bo_bulk_plan_clear(plan);
	return id;
}

/* Given products in two categories, when the ones of one category (a
 * filter selection) move to another, then only those moved, each event
 * carries the bulk id; when undone, then each is back exactly. */
static void move_a_category_then_undo(void **state)
{
	fixture *f = *state;
	bo_bulk_action a = {0};
	bo_product_query q = {.include_retired = 1, .category = "Kitchen"};
	bo_bulk_selection sel = {.filter = &q};
	bo_bulk_plan plan = {0};
	bo_event_list l = {0};
	char *id, *undo;
	bo_err err;

	add(f, "K-1", "1", "Kitchen", "gift");
	add(f, "K-2", "1", "Kitchen / Mugs", NULL);
	add(f, "O-1", "1", "Office", NULL);
	add(f, "N-1", "1", NULL, NULL);
	assert_int_equal(bo_bulk_parse_category(&a, "Garden", &err), BO_OK);
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_OK);
	assert_int_equal(plan.n, 2);
	assert_string_equal(plan.rows[0].sku, "K-1");
	assert_string_equal(plan.rows[1].old_text, "Kitchen / Mugs");
	id = apply(f, &plan);
	assert_string_equal(state_of(f, "K-1"), "Garden|gift");
	assert_string_equal(state_of(f, "K-2"), "Garden|");
	assert_string_equal(state_of(f, "O-1"), "Office|");
	assert_string_equal(state_of(f, "N-1"), "|");
	assert_int_equal(bo_event_store_read_stream(&f->ports.events,
						    "product-2", 0, &l, &err),
			 BO_OK);
	assert_string_equal(l.items[l.n - 1].meta.bulk_id, id);
	bo_event_list_clear(&l);

	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, id, &plan, &err),
			 BO_OK);
	assert_int_equal(plan.changes, 2);
	assert_string_equal(plan.rows[1].old_text, "Garden");
	assert_string_equal(plan.rows[1].new_text, "Kitchen / Mugs");
	undo = apply(f, &plan);
	assert_string_equal(state_of(f, "K-1"), "Kitchen|gift");
	assert_string_equal(state_of(f, "K-2"), "Kitchen / Mugs|");
	/* undone once only */
	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, id, &plan, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, undo));
	free(id);
	free(undo);
}

/* Given products selected by a tag filter ANDed with a search, when a tag
 * is added then removed, then the lists change as asked, those already so
 * are unchanged; undoing the removal brings back the exact old lists; a
 * product changed since makes the undo a conflict. */
static void add_and_remove_a_tag_then_undo(void **state)
{
	fixture *f = *state;
	const char *tag[] = {"sale"};
	bo_bulk_action a = {0};
	bo_product_query q = {.include_retired = 1, .tags = tag, .ntags = 1};
	bo_bulk_selection sel = {.search = "A-", .filter = &q};
	bo_product_edit e = {.name = "Renamed"};
	bo_bulk_plan plan = {0};
	char *add_id, *remove_id;
	bo_err err;

	add(f, "A-1", "1", NULL, "sale;zeta");
	add(f, "A-2", "1", NULL, "gift;sale");
	add(f, "A-3", "1", NULL, NULL);
	add(f, "B-1", "1", NULL, "sale");
	assert_int_equal(bo_bulk_parse_tag(&a, "gift", true, &err), BO_OK);
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_OK);
	assert_int_equal(plan.n, 2);
	assert_int_equal(plan.changes, 1);
	assert_int_equal(plan.unchanged, 1);
	add_id = apply(f, &plan);
	assert_string_equal(state_of(f, "A-1"), "|gift;sale;zeta");
	assert_string_equal(state_of(f, "A-2"), "|gift;sale");
	assert_string_equal(state_of(f, "B-1"), "|sale");

	assert_int_equal(bo_bulk_parse_tag(&a, "sale", false, &err), BO_OK);
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_OK);
	remove_id = apply(f, &plan);
	assert_string_equal(state_of(f, "A-1"), "|gift;zeta");
	assert_string_equal(state_of(f, "A-2"), "|gift");
	assert_string_equal(state_of(f, "B-1"), "|sale");

	assert_int_equal(
	    bo_app_bulk_undo_preview(&f->admin, remove_id, &plan, &err), BO_OK);
	free(apply(f, &plan));
	assert_string_equal(state_of(f, "A-1"), "|gift;sale;zeta");
	assert_string_equal(state_of(f, "A-2"), "|gift;sale");

	/* the tag-add bulk: A-1 moved since (the remove and its undo) */
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "A-2", &e, 0, NULL, &err), BO_OK);
	assert_int_equal(
	    bo_app_bulk_undo_preview(&f->admin, add_id, &plan, &err),
	    BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "A-1"));
	free(add_id);
	free(remove_id);
}

/* Given a filter that selects nothing, then the preview is empty (nothing
 * to apply); a support user may not preview. */
static void empty_filter_and_roles(void **state)
{
	fixture *f = *state;
	bo_bulk_action a = {0};
	bo_product_query q = {.include_retired = 1, .category = "Nowhere"};
	bo_bulk_selection sel = {.filter = &q};
	bo_bulk_plan plan = {0};
	char *id = (char *)"x";
	bo_app sam;
	bo_err err;

	add(f, "A-1", "1", "Kitchen", NULL);
	assert_int_equal(bo_bulk_parse_category(&a, "Garden", &err), BO_OK);
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_OK);
	assert_int_equal(plan.n, 0);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, &id, NULL, &err),
			 BO_OK);
	assert_null(id);
	bo_bulk_plan_clear(&plan);
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&sam, &f->ports, &f->clock, &f->ids, "sam", &err),
	    BO_OK);
	assert_int_equal(bo_app_bulk_preview(&sam, &a, &sel, &plan, &err),
			 BO_EPERM);
	bo_app_close(&sam);
	assert_string_equal(state_of(f, "A-1"), "Kitchen|");
}

/* ---- report products --by category --------------------------------------- */

/* Given per-SKU sales rows and products in a small tree (one renamed since,
 * one deleted, one without a category, one SKU never a product), when
 * grouped by category, then each category's own and subtree figures add up
 * as computed by hand, in tree order, (none) last. */
static void sales_grouped_by_category_with_subtree_totals(void **state)
{
	fixture *f = *state;
	bo_report_product rows[] = {
	    {0, "MUG", "Mug", 2, 2000, 500}, {0, "BIG", "Big mug", 1, 1500, 0},
	    {0, "PAN", "Pan", 1, 2000, 500}, {0, "OLD-PEN", "Pen", 3, 1500, 0},
	    {0, "BOX", "Box", 1, 400, 0},    {0, "GONE", "Gone", 5, 100, 0},
	    {0, "NEVER", "Never", 7, 70, 7},
	};
	bo_product_edit rename = {.sku = "PEN"};
	bo_report_category *c = NULL;
	size_t n = 0;
	bo_err err;

	add(f, "MUG", "10", "Kitchen / Mugs", NULL);
	add(f, "BIG", "15", "Kitchen / Mugs / Big", NULL);
	add(f, "PAN", "20", "Kitchen", NULL);
	add(f, "OLD-PEN", "5", "Office", NULL);
	add(f, "BOX", "4", NULL, NULL);
	add(f, "GONE", "1", "Garden", NULL);
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "OLD-PEN", &rename, 0, NULL, &err),
	    BO_OK);
	assert_int_equal(bo_app_product_delete(&f->admin, "GONE", &err), BO_OK);
	assert_int_equal(
	    bo_report_by_category(&f->admin, rows, 7, &c, &n, &err), BO_OK);
	assert_int_equal(n, 5);
	assert_string_equal(c[0].category, "Kitchen");
	assert_int_equal(c[0].level, 1);
	assert_int_equal(c[0].units, 1);
	assert_int_equal(c[0].revenue, 2000);
	assert_int_equal(c[0].refunds, 500);
	assert_int_equal(c[0].total_units, 4);
	assert_int_equal(c[0].total_revenue, 5500);
	assert_int_equal(c[0].total_refunds, 1000);
	assert_string_equal(c[1].category, "Kitchen / Mugs");
	assert_int_equal(c[1].units, 2);
	assert_int_equal(c[1].total_units, 3);
	assert_int_equal(c[1].total_revenue, 3500);
	assert_string_equal(c[2].category, "Kitchen / Mugs / Big");
	assert_int_equal(c[2].level, 3);
	assert_int_equal(c[2].units, 1);
	assert_int_equal(c[2].total_revenue, 1500);
	/* the pen's old SKU follows the product */
	assert_string_equal(c[3].category, "Office");
	assert_int_equal(c[3].units, 3);
	/* no category, deleted, never a product */
	assert_string_equal(c[4].category, BO_REPORT_NO_CATEGORY);
	assert_int_equal(c[4].level, 0);
	assert_int_equal(c[4].units, 13);
	assert_int_equal(c[4].revenue, 570);
	assert_int_equal(c[4].refunds, 7);
	assert_int_equal(c[4].total_units, 13);
	bo_report_categories_free(c, n);

	/* nothing sold: no rows */
	assert_int_equal(
	    bo_report_by_category(&f->admin, rows, 0, &c, &n, &err), BO_OK);
	assert_int_equal(n, 0);
	bo_report_categories_free(c, n);
}

/* Given sums beyond 64 bits, then BO_EINVAL and nothing returned. */
static void category_sums_that_overflow_are_refused(void **state)
{
	fixture *f = *state;
	bo_report_product rows[] = {
	    {0, "A", "A", 1, INT64_MAX, 0},
	    {0, "B", "B", 1, 1, 0},
	};
	bo_report_category *c = NULL;
	size_t n = 7;
	bo_err err;

	add(f, "A", "1", "Kitchen", NULL);
	add(f, "B", "1", "Kitchen", NULL);
	assert_int_equal(
	    bo_report_by_category(&f->admin, rows, 2, &c, &n, &err), BO_EINVAL);
	assert_null(c);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parsing_category_and_tag),
	    cmocka_unit_test(decide_category_and_tags),
	    cmocka_unit_test(items_text_round_trips_texts),
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(move_a_category_then_undo),
	    T(add_and_remove_a_tag_then_undo),
	    T(empty_filter_and_roles),
	    T(sales_grouped_by_category_with_subtree_totals),
	    T(category_sums_that_overflow_are_refused),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
