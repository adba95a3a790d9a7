/* Bulk product changes: the re-pricing and rounding rules, and preview, apply and undo over the in-memory ports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/shop_app.h"
#include "adapters/memory/memory_store.h"
#include "domain/app_bulk.h"

static const bo_currency EUR = {"EUR", 2};
static const bo_currency JPY = {"JPY", 0};

/* ---- the rules: given a price and an action, then the new price ---------- */

/* Parses by and round into an action (fails the test when refused). */
static bo_bulk_action reprice(const char *by, const char *round,
			      const bo_currency *cur)
{
	bo_bulk_action a = {.kind = BO_BULK_REPRICE};
	bo_err err;

	if (bo_bulk_parse_by(&a, by, cur, &err) < 0)
		fail_msg("by %s: %s", by, err.msg);
	if (round && bo_bulk_parse_round(&a, round, cur, &err) < 0)
		fail_msg("round %s: %s", round, err.msg);
	return a;
}

static int64_t repriced(int64_t price, const char *by, const char *round,
			const bo_currency *cur)
{
	bo_bulk_action a = reprice(by, round, cur);
	int64_t out = -12345;
	bo_err err;

	if (bo_bulk_reprice(price, &a, cur, &out, &err) < 0)
		fail_msg("reprice %lld by %s: %s", (long long)price, by,
			 err.msg);
	return out;
}

static void refused(int64_t price, const char *by, const char *round,
		    const char *needle)
{
	bo_bulk_action a = reprice(by, round, &EUR);
	int64_t out = -12345;
	bo_err err;

	assert_int_equal(bo_bulk_reprice(price, &a, &EUR, &out, &err),
			 BO_EINVAL);
	assert_int_equal(out, -12345);
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, needle);
}

static void percent_up_and_down_round_to_the_cent(void **state)
{
	(void)state;
	assert_int_equal(repriced(1250, "+10%", NULL, &EUR), 1375);
	assert_int_equal(repriced(1250, "10%", "cent", &EUR), 1375);
	assert_int_equal(repriced(1000, "-15%", NULL, &EUR), 850);
	/* 12.5% of 9.99 = 1.24875: 11.24 (1123.875 rounds up) */
	assert_int_equal(repriced(999, "+12.5%", NULL, &EUR), 1124);
	assert_int_equal(repriced(1250, "-100%", NULL, &EUR), 0);
	assert_int_equal(repriced(1250, "+0%", NULL, &EUR), 1250);
	assert_int_equal(repriced(100, "+1000%", NULL, &EUR), 1100);
}

static void halves_round_away_from_zero(void **state)
{
	(void)state;
	/* 0.05 + 10% = 0.055 -> 0.06; 0.05 - 10% = 0.045 -> 0.05 (the
	 * change -0.005 rounds away from zero to -0.01: 0.04) */
	assert_int_equal(repriced(5, "+10%", NULL, &EUR), 6);
	assert_int_equal(repriced(5, "-10%", NULL, &EUR), 4);
	/* 0.15 + 10% = 0.165 -> 0.17 */
	assert_int_equal(repriced(15, "+10%", NULL, &EUR), 17);
	/* below a half stays: 0.01 + 10% = 0.011 -> 0.01 */
	assert_int_equal(repriced(1, "+10%", NULL, &EUR), 1);
}

static void amounts_add_and_take_away(void **state)
{
	(void)state;
	assert_int_equal(repriced(1250, "+1.50", NULL, &EUR), 1400);
	assert_int_equal(repriced(1250, "-0.25", NULL, &EUR), 1225);
	assert_int_equal(repriced(1250, "2", NULL, &EUR), 1450);
	assert_int_equal(repriced(25, "-0.25", NULL, &EUR), 0);
	/* a currency without decimals takes whole amounts */
	assert_int_equal(repriced(1200, "+150", NULL, &JPY), 1350);
	assert_int_equal(repriced(1200, "+10%", NULL, &JPY), 1320);
	assert_int_equal(repriced(1205, "+10%", "cent", &JPY), 1326);
}

static void rounding_to_99_and_90_goes_up_to_the_next_such_price(void **state)
{
	(void)state;
	/* 12.34 -> 12.99; 12.99 stays; 13.00 -> 13.99 */
	assert_int_equal(repriced(1234, "+0%", "99", &EUR), 1299);
	assert_int_equal(repriced(1299, "+0%", "99", &EUR), 1299);
	assert_int_equal(repriced(1300, "+0%", "99", &EUR), 1399);
	/* 12.50 + 10% = 13.75 -> 13.99 */
	assert_int_equal(repriced(1250, "+10%", "99", &EUR), 1399);
	/* .90: 12.91 -> 13.90, 12.90 stays, 12.05 -> 12.90 */
	assert_int_equal(repriced(1291, "+0%", "90", &EUR), 1390);
	assert_int_equal(repriced(1290, "+0%", "90", &EUR), 1290);
	assert_int_equal(repriced(1205, "+0%", "90", &EUR), 1290);
	/* the smallest prices: 0.01 -> 0.99, and free stays free */
	assert_int_equal(repriced(1, "+0%", "99", &EUR), 99);
	assert_int_equal(repriced(1, "+0%", "90", &EUR), 90);
	assert_int_equal(repriced(1000, "-100%", "99", &EUR), 0);
}

static void negative_and_overflowing_results_are_refused(void **state)
{
	(void)state;
	refused(100, "-1.01", NULL, "below 0");
	refused(0, "-0.01", NULL, "below 0");
	refused(INT64_MAX, "+0.01", NULL, "too large");
	refused(INT64_MAX / 2, "+1000%", NULL, "too large");
	refused(INT64_MAX - 5, "+0%", "99", "too large");
	/* the largest price that still fits */
	assert_int_equal(repriced(INT64_MAX - 1, "+0.01", NULL, &EUR),
			 INT64_MAX);
}

static void by_and_round_refuse_what_they_do_not_read(void **state)
{
	static const char *const bad_by[] = {
	    "",     "+",     "%",    "+%",    "10%%", "1.234%", "+-1",
	    "1e3",  "ten",   "+1.5.0", "-101%", "+1000.01%", "1.%",
	    "+1.234", " 1", "10 %", NULL};
	bo_bulk_action a = {0};
	bo_err err;

	(void)state;
	for (int i = 0; bad_by[i]; i++) {
		if (bo_bulk_parse_by(&a, bad_by[i], &EUR, &err) != BO_EINVAL)
			fail_msg("by \"%s\" was taken", bad_by[i]);
		if (!strstr(err.msg, "by "))
			fail_msg("\"%s\" does not name by", err.msg);
	}
	assert_int_equal(bo_bulk_parse_by(&a, "+1.5", &JPY, &err), BO_EINVAL);
	assert_int_equal(bo_bulk_parse_round(&a, "up", &EUR, &err), BO_EINVAL);
	assert_string_equal(err.msg, "round must be cent, 99 or 90");
	assert_int_equal(bo_bulk_parse_round(&a, "99", &JPY, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "needs a currency with 2 decimals"));
	assert_int_equal(bo_bulk_parse_round(&a, "cent", &JPY, &err), BO_OK);
}

/* The summary line the CLI and the TUI show over a preview: the counts,
 * and the price totals only where prices move, grouped when asked. */
static void plan_summary_counts_and_totals(void **state)
{
	bo_bulk_plan p = {.n = 3, .changes = 2, .unchanged = 1,
			  .old_total = 123456789, .new_total = 135802468};
	char line[200];

	(void)state;
	p.action.kind = BO_BULK_REPRICE;
	bo_bulk_plan_summary(&p, &EUR, ",", line, sizeof(line));
	assert_string_equal(line, "3 products: 2 change, 1 unchanged, 0 in "
				  "error; prices 1,234,567.89 -> "
				  "1,358,024.68 EUR");
	bo_bulk_plan_summary(&p, &EUR, NULL, line, sizeof(line));
	assert_non_null(strstr(line, "prices 1234567.89 -> 1358024.68 EUR"));
	p.action.kind = BO_BULK_TAX;
	p.n = 1;
	bo_bulk_plan_summary(&p, &EUR, ",", line, sizeof(line));
	assert_string_equal(line,
			    "1 product: 2 change, 1 unchanged, 0 in error");
	/* an undo shows prices only when they move */
	p.action.kind = BO_BULK_RESTORE;
	p.new_total = p.old_total;
	bo_bulk_plan_summary(&p, &EUR, ",", line, sizeof(line));
	assert_null(strstr(line, "prices"));
}

static void action_text_says_what_it_does(void **state)
{
	char buf[128];
	bo_bulk_action a = reprice("-12.5%", "99", &EUR);

	(void)state;
	bo_bulk_action_text(&a, &EUR, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "reprice -12.5% round 99");
	a = reprice("+1.5", NULL, &EUR);
	bo_bulk_action_text(&a, &EUR, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "reprice +1.50 EUR round cent");
	a = (bo_bulk_action){.kind = BO_BULK_TAX, .tax_bp = 750};
	bo_bulk_action_text(&a, &EUR, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "tax 7.5%");
	a = (bo_bulk_action){.kind = BO_BULK_RESTORE};
	bo_bulk_action_text(&a, &EUR, "B-1", buf, sizeof(buf));
	assert_string_equal(buf, "undo B-1");
}

/* The items text of a record: the changed rows only, each with the row
 * version it leaves, read back line by line; a damaged line is refused. */
static void items_text_round_trips(void **state)
{
	bo_bulk_plan plan = {.action = {.kind = BO_BULK_TAX, .tax_bp = 750}};
	bo_product a = {.id = 4, .sku = "A 1", .name = "A", .tax_bp = 2000,
			.row_version = 2};
	bo_product b = {.id = 9, .sku = "B-2", .name = "B", .tax_bp = 750,
			.row_version = 5};
	bo_bulk_item it;
	size_t pos = 0;
	char *text;

	(void)state;
	assert_int_equal(bo_bulk_decide(&plan, &a, &EUR), BO_OK);
	assert_int_equal(bo_bulk_decide(&plan, &b, &EUR), BO_OK);
	assert_int_equal(plan.changes, 1);
	assert_int_equal(plan.unchanged, 1);
	assert_non_null(text = bo_bulk_items_text(&plan));
	assert_string_equal(text, "4\t4\t2000\t750\t3\tA 1\n");
	assert_int_equal(bo_bulk_items_next(text, &pos, &it), 1);
	assert_int_equal(it.product_id, 4);
	assert_int_equal(it.field, BO_PF_TAX_RATE);
	assert_int_equal(it.old_value, 2000);
	assert_int_equal(it.new_value, 750);
	assert_int_equal(it.row_version, 3);
	assert_string_equal(it.sku, "A 1");
	assert_int_equal(bo_bulk_items_next(text, &pos, &it), 0);
	free(text);
	pos = 0;
	assert_int_equal(bo_bulk_items_next("4\t4\t2000\n", &pos, &it),
			 BO_EINVAL);
	pos = 0;
	assert_int_equal(bo_bulk_items_next("4\t99\t1\t2\t3\tX\n", &pos, &it),
			 BO_EINVAL);
	pos = 0;
	assert_int_equal(bo_bulk_items_next("4\t4\t1\t2\t3\tX", &pos, &it),
			 BO_EINVAL);
	bo_bulk_plan_clear(&plan);
}

/* ---- the services over the memory store ---------------------------------- */

static void add(fixture *f, const char *sku, const char *price)
{
	bo_err err;
	bo_product_edit in = {.sku = sku, .name = "Mug", .price = price,
			      .tax_rate = "20"};

	if (bo_app_product_add(&f->admin, &in, NULL, &err) != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

static int64_t price_of(fixture *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;
	int64_t v;

	assert_int_equal(bo_app_product_get(&f->admin, sku, &p, &err), BO_OK);
	v = p.price;
	bo_product_clear(&p);
	return v;
}

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;

	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

static void preview(fixture *f, const char *by, const char *const *skus,
		    size_t n, bo_bulk_plan *plan)
{
	bo_bulk_action a = reprice(by, NULL, &EUR);
	bo_bulk_selection sel = {skus, n, NULL, NULL};
	bo_err err;

	if (bo_app_bulk_preview(&f->admin, &a, &sel, plan, &err) != BO_OK)
		fail_msg("preview: %s", err.msg);
}

/* Given three products, when +10% is previewed, then each row says old ->
 * new and the totals add up, and nothing is written; when applied, then
 * every price moved in one bulk whose id each event's metadata carries. */
static void preview_then_apply_reprices_all_with_the_bulk_id(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"B-2", "A-1", "C-3", "A-1"};
	bo_bulk_plan plan = {0};
	bo_event_list l = {0};
	bo_bulk_record rec = {0};
	char *id = NULL;
	int64_t before;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "20.50");
	add(f, "C-3", "0");
	before = head(f);
	preview(f, "+10%", skus, 4, &plan);
	assert_int_equal(head(f), before);
	/* each product once, in SKU order; a free one is unchanged */
	assert_int_equal(plan.n, 3);
	assert_string_equal(plan.rows[0].sku, "A-1");
	assert_int_equal(plan.rows[0].old_value, 1000);
	assert_int_equal(plan.rows[0].new_value, 1100);
	assert_int_equal(plan.rows[1].new_value, 2255);
	assert_int_equal(plan.rows[2].outcome, BO_BULK_UNCHANGED);
	assert_int_equal(plan.changes, 2);
	assert_int_equal(plan.unchanged, 1);
	assert_int_equal(plan.errors, 0);
	assert_int_equal(plan.old_total, 3050);
	assert_int_equal(plan.new_total, 3355);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, &id, NULL, &err), BO_OK);
	assert_non_null(id);
	assert_int_equal(strncmp(id, "B-2026", 6), 0);
	assert_int_equal(price_of(f, "A-1"), 1100);
	assert_int_equal(price_of(f, "B-2"), 2255);
	assert_int_equal(price_of(f, "C-3"), 0);
	/* two events, no more: the unchanged one has none */
	assert_int_equal(head(f), before + 2);
	assert_int_equal(bo_event_store_read_stream(&f->ports.events,
						    "product-1", 0, &l, &err),
			 BO_OK);
	assert_int_equal(l.items[l.n - 1].kind, BO_EV_PRODUCT_UPDATED);
	assert_string_equal(l.items[l.n - 1].meta.bulk_id, id);
	assert_null(l.items[0].meta.bulk_id);
	bo_event_list_clear(&l);
	assert_int_equal(bo_product_repo_bulk_get(&f->ports.products, id, &rec,
						  &err),
			 BO_OK);
	assert_int_equal(rec.count, 2);
	assert_string_equal(rec.action, "reprice +10% round cent");
	assert_string_equal(rec.user, "ann");
	assert_int_equal(rec.from_position, before);
	assert_int_equal(rec.to_position, before + 2);
	bo_bulk_record_clear(&rec);
	bo_bulk_plan_clear(&plan);
	free(id);
}

/* Given one product whose new price would be below 0, when the action is
 * applied, then nothing at all is written and the error names it. */
static void one_failing_product_writes_nothing(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1", "B-2"};
	bo_bulk_plan plan = {0};
	char *id = NULL;
	int64_t before;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "0.50");
	before = head(f);
	preview(f, "-1", skus, 2, &plan);
	assert_int_equal(plan.errors, 1);
	assert_int_equal(plan.rows[1].outcome, BO_BULK_FAILS);
	assert_string_equal(plan.rows[1].error,
			    "the new price would be below 0");
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, &id, NULL, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "product B-2: the new price would be "
				     "below 0; nothing was changed");
	assert_null(id);
	assert_int_equal(head(f), before);
	assert_int_equal(price_of(f, "A-1"), 1000);
	bo_bulk_plan_clear(&plan);
}

/* Given a preview, when a product changes before the apply, then the
 * apply is a conflict naming it and nothing is written. */
static void a_product_changed_since_the_preview_is_a_conflict(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1", "B-2"};
	bo_product_edit e = {.name = "Big mug"};
	bo_bulk_plan plan = {0};
	int64_t before;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "20");
	preview(f, "+10%", skus, 2, &plan);
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "B-2", &e, 0, NULL, &err), BO_OK);
	before = head(f);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, NULL, NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "B-2"));
	assert_int_equal(head(f), before);
	assert_int_equal(price_of(f, "A-1"), 1000);
	bo_bulk_plan_clear(&plan);
}

/* Selection and roles: an unknown SKU is not found (naming it), an empty
 * selection invalid, a support user refused; a search selects retired
 * products too. */
static void selection_and_roles(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1", "NOPE"};
	bo_bulk_action a = {.kind = BO_BULK_RETIRE};
	bo_bulk_selection sel = {skus, 2, NULL, NULL}, none = {0},
			  search = {NULL, 0, "mug", NULL};
	bo_bulk_plan plan = {0};
	bo_app sam;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "20");
	assert_int_equal(bo_app_product_retire(&f->admin, "B-2", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_ENOTFOUND);
	assert_string_equal(err.msg, "product NOPE does not exist");
	assert_int_equal(
	    bo_app_bulk_preview(&f->admin, &a, &none, &plan, &err), BO_EINVAL);
	assert_int_equal(
	    bo_app_bulk_preview(&f->admin, &a, &search, &plan, &err), BO_OK);
	assert_int_equal(plan.n, 2);
	assert_int_equal(plan.changes, 1);    /* */
	assert_int_equal(plan.unchanged, 1);  /* B-2, retired already */
	bo_bulk_plan_clear(&plan);
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(bo_app_open(&sam, &f->ports, &f->clock, &f->ids,
				     "sam", &err),
			 BO_OK);
	assert_int_equal(bo_app_bulk_preview(&sam, &a, &search, &plan, &err),
			 BO_EPERM);
	bo_app_close(&sam);
}

/* Given an applied retire, when it is undone, then every product is
 * active again through a new bulk that names the one it undid; a second
 * undo is refused. */
static void undo_restores_and_only_once(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1", "B-2"};
	bo_bulk_action a = {.kind = BO_BULK_RETIRE};
	bo_bulk_selection sel = {skus, 2, NULL, NULL};
	bo_bulk_plan plan = {0}, undo = {0};
	bo_bulk_record rec = {0};
	bo_product p = {0};
	char *id = NULL, *undo_id = NULL;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "20");
	assert_int_equal(bo_app_bulk_preview(&f->admin, &a, &sel, &plan, &err),
			 BO_OK);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, &id, NULL, &err), BO_OK);
	assert_int_equal(bo_app_product_get(&f->admin, "B-2", &p, &err), BO_OK);
	assert_true(p.retired);
	bo_product_clear(&p);
	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, id, &undo, &err),
			 BO_OK);
	assert_int_equal(undo.changes, 2);
	assert_string_equal(undo.undoes, id);
	assert_int_equal(undo.rows[0].new_value, 0);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &undo, &undo_id, NULL,
					   &err),
			 BO_OK);
	assert_int_equal(bo_app_product_get(&f->admin, "B-2", &p, &err), BO_OK);
	assert_false(p.retired);
	bo_product_clear(&p);
	assert_int_equal(bo_product_repo_bulk_get(&f->ports.products, id, &rec,
						  &err),
			 BO_OK);
	assert_string_equal(rec.undone_by, undo_id);
	bo_bulk_record_clear(&rec);
	assert_int_equal(bo_product_repo_bulk_get(&f->ports.products, undo_id,
						  &rec, &err),
			 BO_OK);
	assert_string_equal(rec.undoes, id);
	assert_int_equal(strncmp(rec.action, "undo B-", 7), 0);
	bo_bulk_record_clear(&rec);
	bo_bulk_plan_clear(&undo);
	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, id, &undo, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "undone already"));
	/* applying the first undo plan again: the mark refuses it */
	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, "B-none", &undo,
						  &err),
			 BO_ENOTFOUND);
	bo_bulk_plan_clear(&plan);
	free(id);
	free(undo_id);
}

/* Given a bulk re-price and then an edit of one of its products, when the
 * bulk is undone, then it is refused naming the product, nothing written. */
static void undo_after_a_later_change_is_refused(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1", "B-2"};
	bo_product_edit e = {.price = "99"};
	bo_bulk_plan plan = {0}, undo = {0};
	char *id = NULL;
	int64_t before;
	bo_err err;

	add(f, "A-1", "10");
	add(f, "B-2", "20");
	preview(f, "+1", skus, 2, &plan);
	assert_int_equal(bo_app_bulk_apply(&f->admin, &plan, &id, NULL, &err), BO_OK);
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "B-2", &e, 0, NULL, &err), BO_OK);
	before = head(f);
	assert_int_equal(bo_app_bulk_undo_preview(&f->admin, id, &undo, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "1 product changed or deleted since: "
					"B-2"));
	assert_int_equal(head(f), before);
	assert_int_equal(price_of(f, "A-1"), 1100);
	bo_bulk_plan_clear(&plan);
	free(id);
}

/* Under a command id, the same action on the same products sent again
 * answers the first bulk and writes nothing, even though its preview now
 * differs. */
static void a_command_id_applies_once(void **state)
{
	fixture *f = *state;
	const char *skus[] = {"A-1"};
	bo_bulk_plan plan = {0};
	char *id = NULL, *again = NULL;
	bool replayed = true;
	int64_t before;
	bo_err err;

	add(f, "A-1", "10");
	f->admin.command_id = "bulk-1";
	preview(f, "+10%", skus, 1, &plan);
	assert_int_equal(
	    bo_app_bulk_apply(&f->admin, &plan, &id, &replayed, &err), BO_OK);
	assert_false(replayed);
	bo_bulk_plan_clear(&plan);
	before = head(f);
	preview(f, "+10%", skus, 1, &plan);
	assert_int_equal(plan.rows[0].old_value, 1100);
	assert_int_equal(
	    bo_app_bulk_apply(&f->admin, &plan, &again, &replayed, &err),
	    BO_OK);
	assert_true(replayed);
	assert_string_equal(again, id);
	assert_int_equal(head(f), before);
	assert_int_equal(price_of(f, "A-1"), 1100);
	f->admin.command_id = NULL;
	bo_bulk_plan_clear(&plan);
	free(id);
	free(again);
}

/* product undo: the latest change set back as one edit; a product with
 * only its creation, or a moved expected version, is refused. */
static void product_undo_sets_the_last_change_back(void **state)
{
	fixture *f = *state;
	bo_product_edit e = {.price = "12", .name = "Big mug"};
	bo_product p = {0};
	bo_err err;

	add(f, "A-1", "10");
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "ProductCreated"));
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "A-1", &e, 0, NULL, &err), BO_OK);
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 1, NULL, &err),
			 BO_ECONFLICT);
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 2, &p, &err),
			 BO_OK);
	assert_int_equal(p.price, 1000);
	assert_string_equal(p.name, "Mug");
	assert_int_equal(p.row_version, 3);
	bo_product_clear(&p);
	/* undoing the undo redoes the edit */
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, &p, &err),
			 BO_OK);
	assert_int_equal(p.price, 1200);
	bo_product_clear(&p);
	/* a retirement is undone by a reactivation */
	assert_int_equal(bo_app_product_retire(&f->admin, "A-1", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, &p, &err),
			 BO_OK);
	assert_false(p.retired);
	bo_product_clear(&p);
	assert_int_equal(bo_app_product_undo(&f->admin, "NOPE", 0, NULL, &err),
			 BO_ENOTFOUND);
}

/* Category and tags are fields like the others: an undo sets them back,
 * to none when the product had none. */
static void product_undo_sets_category_and_tags_back(void **state)
{
	fixture *f = *state;
	bo_product_edit first = {.category = "Kitchen / Mugs", .tags = "gift"};
	bo_product_edit second = {.category = "Garden", .tags = "sale;summer"};
	bo_product p = {0};
	bo_err err;

	add(f, "A-1", "10");
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "A-1", &first, 0, NULL, &err),
	    BO_OK);
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "A-1", &second, 0, NULL, &err),
	    BO_OK);
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, &p, &err),
			 BO_OK);
	assert_string_equal(p.category, "Kitchen / Mugs");
	assert_string_equal(p.tags, "gift");
	bo_product_clear(&p);
	/* undoing the undo redoes the second edit */
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, &p, &err),
			 BO_OK);
	assert_string_equal(p.category, "Garden");
	bo_product_clear(&p);
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "A-1",
				&(bo_product_edit){.category = "", .tags = ""},
				0, NULL, &err),
	    BO_OK);
	assert_int_equal(bo_app_product_undo(&f->admin, "A-1", 0, &p, &err),
			 BO_OK);
	assert_string_equal(p.category, "Garden");
	assert_string_equal(p.tags, "sale;summer");
	bo_product_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(percent_up_and_down_round_to_the_cent),
	    cmocka_unit_test(halves_round_away_from_zero),
	    cmocka_unit_test(amounts_add_and_take_away),
	    cmocka_unit_test(
		rounding_to_99_and_90_goes_up_to_the_next_such_price),
	    cmocka_unit_test(negative_and_overflowing_results_are_refused),
	    cmocka_unit_test(by_and_round_refuse_what_they_do_not_read),
	    cmocka_unit_test(plan_summary_counts_and_totals),
	    cmocka_unit_test(action_text_says_what_it_does),
	    cmocka_unit_test(items_text_round_trips),
#define T(name) cmocka_unit_test_setup_teardown(name, shop_app_setup, \
							 shop_app_teardown)
	    T(preview_then_apply_reprices_all_with_the_bulk_id),
	    T(one_failing_product_writes_nothing),
	    T(a_product_changed_since_the_preview_is_a_conflict),
	    T(selection_and_roles),
	    T(undo_restores_and_only_once),
	    T(undo_after_a_later_change_is_refused),
	    T(product_undo_sets_the_last_change_back),
	    T(product_undo_sets_category_and_tags_back),
	    T(a_command_id_applies_once),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
