/* Product history: the per-field diff of snapshots, and the history and revert services over the in-memory ports. */
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
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/product_history.h"
#include "domain/projections/engine.h"
#include "domain/projections/projections.h"

static const bo_currency eur = {"EUR", 2};

/* A Product* event of kind with snapshot p at position pos. */
static bo_event product_event(bo_event_kind kind, bo_product p, int64_t pos)
{
	bo_event e = {0};
	e.kind = kind;
	e.position = pos;
	e.version = pos;
	e.recorded_at = 1767225600000 + pos;
	e.meta.user = "ann";
	e.meta.role = "admin";
	e.product = p;
	return e;
}

static bo_product mug(void)
{
	return (bo_product){.id = 1, .sku = "MUG-1", .name = "Mug",
			    .description = "", .price = 1250, .tax_bp = 2000,
			    .stock = BO_STOCK_UNTRACKED, .row_version = 1};
}

static void diff_ok(bo_history *h, const bo_product *prev, const bo_event *e,
		    int only)
{
	bo_err err;
	assert_int_equal(bo_product_history_diff(h, prev, e, only, &eur, &err),
			 BO_OK);
}

static void assert_row(const bo_history_row *r, bo_product_field f,
		       const char *old_value, const char *new_value)
{
	assert_string_equal(bo_product_field_name(r->field),
			    bo_product_field_name(f));
	if (old_value)
		assert_string_equal(r->old_value, old_value);
	else
		assert_null(r->old_value);
	assert_string_equal(r->new_value, new_value);
}

static void creation_lists_the_initial_values(void **state)
{
	bo_history h = {0};
	bo_event e = product_event(BO_EV_PRODUCT_CREATED, mug(), 3);
	(void)state;

	diff_ok(&h, NULL, &e, -1);
	/* sku, name, price, tax rate, stock, status; no empty description */
	assert_int_equal(h.n, 6);
	assert_row(&h.rows[0], BO_PF_SKU, NULL, "MUG-1");
	assert_row(&h.rows[1], BO_PF_NAME, NULL, "Mug");
	assert_row(&h.rows[2], BO_PF_PRICE, NULL, "12.50 EUR");
	assert_row(&h.rows[3], BO_PF_TAX_RATE, NULL, "20%");
	assert_row(&h.rows[4], BO_PF_STOCK, NULL, "none");
	assert_row(&h.rows[5], BO_PF_STATUS, NULL, "active");
	assert_int_equal(h.rows[0].position, 3);
	assert_int_equal(h.rows[0].product_id, 1);
	assert_string_equal(h.rows[0].user, "ann");
	assert_string_equal(h.rows[0].role, "admin");
	bo_history_clear(&h);
}

static void one_changed_field_is_one_row(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug();
	bo_event e;
	(void)state;

	b.price = 1390;
	b.row_version = 2;
	e = product_event(BO_EV_PRODUCT_UPDATED, b, 4);
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 1);
	assert_row(&h.rows[0], BO_PF_PRICE, "12.50 EUR", "13.90 EUR");
	assert_int_equal(h.rows[0].kind, BO_EV_PRODUCT_UPDATED);
	bo_history_clear(&h);
}

static void several_fields_in_one_event(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug();
	bo_event e;
	(void)state;

	b.name = "Blue mug";
	b.stock = 40;
	b.tax_bp = 750;
	b.description = "Holds tea";
	e = product_event(BO_EV_PRODUCT_UPDATED, b, 5);
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 4);
	assert_row(&h.rows[0], BO_PF_NAME, "Mug", "Blue mug");
	assert_row(&h.rows[1], BO_PF_DESCRIPTION, "", "Holds tea");
	assert_row(&h.rows[2], BO_PF_TAX_RATE, "20%", "7.5%");
	assert_row(&h.rows[3], BO_PF_STOCK, "none", "40");
	bo_history_clear(&h);

	/* only one field kept */
	diff_ok(&h, &a, &e, BO_PF_STOCK);
	assert_int_equal(h.n, 1);
	assert_row(&h.rows[0], BO_PF_STOCK, "none", "40");
	bo_history_clear(&h);
}

/* The product's own low-stock threshold: a row when it is set, changed or
 * given back to the tenant's ("default"); a creation without one lists
 * none. */
static void low_stock_threshold_is_a_field(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug(), c = mug();
	bo_event e;
	(void)state;

	b.low_stock_threshold = (bo_opt_i64){true, 5};
	e = product_event(BO_EV_PRODUCT_UPDATED, b, 9);
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 1);
	assert_row(&h.rows[0], BO_PF_LOW_STOCK, "default", "5");
	e = product_event(BO_EV_PRODUCT_UPDATED, a, 10);
	diff_ok(&h, &b, &e, BO_PF_LOW_STOCK);
	assert_int_equal(h.n, 2);
	assert_row(&h.rows[1], BO_PF_LOW_STOCK, "5", "default");
	bo_history_clear(&h);

	/* created with one: listed with the first values */
	c.low_stock_threshold = (bo_opt_i64){true, 0};
	e = product_event(BO_EV_PRODUCT_CREATED, c, 11);
	diff_ok(&h, NULL, &e, BO_PF_LOW_STOCK);
	assert_int_equal(h.n, 1);
	assert_row(&h.rows[0], BO_PF_LOW_STOCK, NULL, "0");
	bo_history_clear(&h);
}

static void update_that_changes_nothing_adds_no_row(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug();
	bo_event e;
	(void)state;

	b.row_version = 2;
	b.updated_at = 99;
	e = product_event(BO_EV_PRODUCT_UPDATED, b, 6);
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 0);
	bo_history_clear(&h);
}

static void retire_and_delete_are_status_rows(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug();
	bo_event r, d;
	(void)state;

	b.retired = true;
	r = product_event(BO_EV_PRODUCT_RETIRED, b, 7);
	d = product_event(BO_EV_PRODUCT_DELETED, b, 8);
	diff_ok(&h, &a, &r, -1);
	diff_ok(&h, &b, &d, -1);
	assert_int_equal(h.n, 2);
	assert_row(&h.rows[0], BO_PF_STATUS, "active", "retired");
	assert_row(&h.rows[1], BO_PF_STATUS, "retired", "deleted");
	assert_int_equal(h.rows[1].kind, BO_EV_PRODUCT_DELETED);
	bo_history_clear(&h);

	/* a filter on another field leaves the delete out */
	diff_ok(&h, &b, &d, BO_PF_PRICE);
	assert_int_equal(h.n, 0);
	bo_history_clear(&h);
}

static void other_events_add_nothing(void **state)
{
	bo_history h = {0};
	bo_event e = {0};
	(void)state;

	e.kind = BO_EV_NOTE_ADDED;
	diff_ok(&h, NULL, &e, -1);
	assert_int_equal(h.n, 0);
}

static void field_names_parse(void **state)
{
	bo_product_field f;
	bo_err err;
	(void)state;

	assert_int_equal(bo_product_field_parse(&f, "tax-rate", "--field", &err),
			 BO_OK);
	assert_int_equal(f, BO_PF_TAX_RATE);
	assert_int_equal(bo_product_field_parse(&f, "status", "--field", &err),
			 BO_OK);
	assert_int_equal(f, BO_PF_STATUS);
	assert_int_equal(bo_product_field_parse(&f, "colour", "--field", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "--field"));
	assert_int_equal(bo_product_field_from_name(NULL), -1);
}

static void add(fixture *f, const char *sku, const char *price)
{
	bo_err err;
	bo_product_edit in = {.sku = sku, .name = "Mug", .price = price};
	if (bo_app_product_add(&f->admin, &in, NULL, &err) != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

static void reprice(fixture *f, const char *sku, const char *price)
{
	bo_err err;
	bo_product_edit in = {.price = price};
	if (bo_app_product_edit(&f->admin, sku, &in, 0, NULL, &err) != BO_OK)
		fail_msg("product edit %s: %s", sku, err.msg);
}

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;
	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

static void history_follows_the_log_after_delete(void **state)
{
	fixture *f = *state;
	bo_history h = {0};
	bo_err err;

	add(f, "MUG-1", "10");
	reprice(f, "MUG-1", "11");
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_product_history(&f->admin, "MUG-1", BO_PF_PRICE, &h, &err),
	    BO_OK);
	assert_int_equal(h.n, 2);
	assert_row(&h.rows[0], BO_PF_PRICE, NULL, "10.00 EUR");
	assert_row(&h.rows[1], BO_PF_PRICE, "10.00 EUR", "11.00 EUR");
	assert_int_equal(h.rows[1].version, 2);
	assert_int_equal(h.current_id, 0);
	bo_history_clear(&h);

	assert_int_equal(
	    bo_app_product_history(&f->admin, "MUG-1", BO_PF_STATUS, &h, &err),
	    BO_OK);
	assert_int_equal(h.n, 3);
	assert_row(&h.rows[2], BO_PF_STATUS, "retired", "deleted");
	bo_history_clear(&h);

	assert_int_equal(
	    bo_app_product_history(&f->admin, "NOPE", -1, &h, &err),
	    BO_ENOTFOUND);
	assert_non_null(strstr(err.msg, "NOPE"));
	assert_int_equal(h.n, 0);
}

static void recreated_sku_shows_both_products(void **state)
{
	fixture *f = *state;
	bo_history h = {0};
	bo_product_revert r;
	bo_err err;
	int64_t old_pos;

	add(f, "MUG-1", "10");
	reprice(f, "MUG-1", "12");
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err),
			 BO_OK);
	add(f, "MUG-1", "20");
	assert_int_equal(
	    bo_app_product_history(&f->admin, "MUG-1", BO_PF_PRICE, &h, &err),
	    BO_OK);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.rows[0].product_id, 1);
	assert_int_equal(h.rows[2].product_id, 2);
	assert_null(h.rows[2].old_value);
	assert_int_equal(h.current_id, 2);
	old_pos = h.rows[1].position;
	bo_history_clear(&h);

	/* an event of the deleted product is not a value of the new one */
	int64_t before = head(f);
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       old_pos, 0, &r, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "deleted"));
	assert_int_equal(head(f), before);
}

/* The ids of the products whose rows h holds, in row order, once each. */
static void products_are(const bo_history *h, const char *want)
{
	char got[64] = "";
	int64_t last = 0;

	for (size_t i = 0; i < h->n; i++) {
		if (h->rows[i].product_id == last)
			continue;
		last = h->rows[i].product_id;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%lld",
			 *got ? "," : "", (long long)last);
	}
	assert_string_equal(got, want);
}

static void history_of(fixture *f, const char *sku, int want_rc,
		       const char *want_products)
{
	bo_history h = {0};
	bo_err err;

	assert_int_equal(
	    bo_app_product_history(&f->admin, sku, BO_PF_SKU, &h, &err),
	    want_rc);
	products_are(&h, want_products);
	bo_history_clear(&h);
}

/*
 * A SKU changed with edit --sku and a deleted product: each SKU finds every
 * product that ever carried it, through the read model's product SKUs
 * while they are current and through the log while they are not (a read
 * after an upgrade, before the rebuild).
 */
static void history_finds_every_product_that_carried_the_sku(void **state)
{
	fixture *f = *state;
	bo_product_edit to_y = {.sku = "Y"};
	bo_err err;
	int rebuilt;

	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, &rebuilt, &err),
	    BO_OK);
	add(f, "X", "10"); /* A, 1 */
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "X", &to_y, 0, NULL, &err), BO_OK);
	add(f, "X", "20"); /* B, 2 */
	assert_int_equal(bo_app_product_delete(&f->admin, "X", &err), BO_OK);
	history_of(f, "X", BO_OK, "1,2");
	history_of(f, "Y", BO_OK, "1");
	history_of(f, "Z", BO_ENOTFOUND, "");

	/* the index is what answers: emptied, it finds nothing */
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_reset(&f->ports.rm, &err), BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	history_of(f, "X", BO_ENOTFOUND, "");
	/* built by an older projector, it is not read: the log answers */
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_projector_set(&f->ports.rm, BO_PROJECTOR_INLINE,
					     bo_projector_orders.version - 1,
					     head(f), &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	history_of(f, "X", BO_OK, "1,2");
	history_of(f, "Y", BO_OK, "1");
	/* and a rebuild fills it again */
	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, &rebuilt, &err),
	    BO_OK);
	assert_int_equal(rebuilt, 1);
	history_of(f, "X", BO_OK, "1,2");
	history_of(f, "Y", BO_OK, "1");
}

static void revert_is_a_normal_edit(void **state)
{
	fixture *f = *state;
	bo_history h = {0};
	bo_product_revert r;
	bo_product p = {0};
	bo_err err;
	int64_t first;

	add(f, "MUG-1", "10");
	reprice(f, "MUG-1", "11");
	reprice(f, "MUG-1", "12");
	assert_int_equal(
	    bo_app_product_history(&f->admin, "MUG-1", BO_PF_PRICE, &h, &err),
	    BO_OK);
	first = h.rows[1].position; /* 10 -> 11 */
	assert_int_equal(h.current_row_version, 3);
	bo_history_clear(&h);

	/* a version the caller saw that has moved on is a conflict */
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       first, 2, &r, &err),
			 BO_ECONFLICT);
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       first, 3, &r, &err),
			 BO_OK);
	assert_true(r.changed);
	assert_string_equal(r.old_value, "12.00 EUR");
	assert_string_equal(r.new_value, "11.00 EUR");
	assert_int_equal(r.product.price, 1100);
	assert_int_equal(r.product.row_version, 4);
	bo_product_revert_clear(&r);

	assert_int_equal(bo_app_product_get(&f->admin, "MUG-1", &p, &err),
			 BO_OK);
	assert_int_equal(p.price, 1100);
	bo_product_clear(&p);

	/* the revert is a new row, by its author, the log unchanged before */
	assert_int_equal(
	    bo_app_product_history(&f->admin, "MUG-1", BO_PF_PRICE, &h, &err),
	    BO_OK);
	assert_int_equal(h.n, 4);
	assert_row(&h.rows[3], BO_PF_PRICE, "12.00 EUR", "11.00 EUR");
	assert_int_equal(h.rows[3].kind, BO_EV_PRODUCT_UPDATED);
	bo_history_clear(&h);

	/* again: it already has that value, nothing is written */
	int64_t before = head(f);
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       first, 0, &r, &err),
			 BO_OK);
	assert_false(r.changed);
	assert_int_equal(head(f), before);
	bo_product_revert_clear(&r);

	/* unknown position, status, deleted product */
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       9999, 0, &r, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1",
					       BO_PF_STATUS, first, 0, &r,
					       &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err),
			 BO_OK);
	before = head(f);
	assert_int_equal(bo_app_product_revert(&f->admin, "MUG-1", BO_PF_PRICE,
					       first, 0, &r, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "deleted"));
	assert_int_equal(head(f), before);
}

static void support_reads_but_does_not_revert(void **state)
{
	fixture *f = *state;
	bo_history h = {0};
	bo_product_revert r;
	bo_app sam;
	bo_err err;

	add(f, "MUG-1", "10");
	reprice(f, "MUG-1", "11");
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&sam, &f->ports, &f->clock, &f->ids, "sam", &err),
	    BO_OK);
	assert_int_equal(bo_app_product_history(&sam, "MUG-1", -1, &h, &err),
			 BO_OK);
	assert_true(h.n > 0);
	int64_t pos = h.rows[0].position;
	bo_history_clear(&h);
	assert_int_equal(bo_app_product_revert(&sam, "MUG-1", BO_PF_PRICE, pos,
					       0, &r, &err),
			 BO_EPERM);
	bo_app_close(&sam);
}

static void stock_adjustment_is_a_stock_row_with_its_reason(void **state)
{
	bo_history h = {0};
	bo_product a = mug(), b = mug();
	bo_event e;
	(void)state;

	a.stock = 40;
	b.stock = 37;
	b.row_version = 2;
	e = product_event(BO_EV_PRODUCT_STOCK_ADJUSTED, b, 5);
	e.delta = -3;
	e.new_stock = 37;
	e.reason = "damaged";
	e.text = "dropped";
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 1);
	assert_row(&h.rows[0], BO_PF_STOCK, "40", "37");
	assert_int_equal(h.rows[0].kind, BO_EV_PRODUCT_STOCK_ADJUSTED);
	assert_string_equal(h.rows[0].reason, "damaged");
	assert_string_equal(h.rows[0].note, "dropped");
	/* without a note; --field keeps it or leaves it out */
	e.text = NULL;
	diff_ok(&h, &a, &e, BO_PF_STOCK);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.rows[1].reason, "damaged");
	assert_null(h.rows[1].note);
	diff_ok(&h, &a, &e, BO_PF_PRICE);
	assert_int_equal(h.n, 2);
	/* other events have no reason */
	e = product_event(BO_EV_PRODUCT_UPDATED, b, 6);
	diff_ok(&h, &a, &e, -1);
	assert_int_equal(h.n, 3);
	assert_null(h.rows[2].reason);
	assert_null(h.rows[2].note);
	bo_history_clear(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(creation_lists_the_initial_values),
	    cmocka_unit_test(one_changed_field_is_one_row),
	    cmocka_unit_test(several_fields_in_one_event),
	    cmocka_unit_test(low_stock_threshold_is_a_field),
	    cmocka_unit_test(update_that_changes_nothing_adds_no_row),
	    cmocka_unit_test(retire_and_delete_are_status_rows),
	    cmocka_unit_test(other_events_add_nothing),
	    cmocka_unit_test(field_names_parse),
	    cmocka_unit_test(stock_adjustment_is_a_stock_row_with_its_reason),
#define T(name) cmocka_unit_test_setup_teardown(name, shop_app_setup, \
							 shop_app_teardown)
	    T(history_follows_the_log_after_delete),
	    T(recreated_sku_shows_both_products),
	    T(history_finds_every_product_that_carried_the_sku),
	    T(revert_is_a_normal_edit),
	    T(support_reads_but_does_not_revert),
#undef T
	};
	return cmocka_run_group_tests_name("product history", tests, NULL,
					   NULL);
}
