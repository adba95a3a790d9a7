/* Stock adjustments with a reason: the rules, the row and its ProductStockAdjusted, refusals that change nothing. */
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
#include "domain/reactors.h"

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;
	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

/* Given: a product with stock (text, or NULL for untracked). */
static void given_product(fixture *f, const char *sku, const char *stock)
{
	bo_err err;
	bo_product_edit in = {
	    .sku = sku, .name = "Mug", .price = "10", .stock = stock};
	if (bo_app_product_add(&f->admin, &in, NULL, &err) != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

static int64_t stock_of(fixture *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;
	int64_t s;

	assert_int_equal(bo_app_product_get(&f->admin, sku, &p, &err), BO_OK);
	s = p.stock;
	bo_product_clear(&p);
	return s;
}

/* The last event of the log. */
static void last_event(fixture *f, bo_event *out)
{
	bo_event_list l = {0};
	bo_err err;

	assert_int_equal(bo_event_store_read_all(&f->ports.events, head(f) - 1,
						 1, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(bo_event_copy(out, &l.items[0]), BO_OK);
	bo_event_list_clear(&l);
}

static int adjust(bo_app *app, const char *sku, const char *add,
		  const char *set, const char *reason, const char *note,
		  bo_err *err)
{
	bo_stock_adjust in = {
	    .add = add, .set = set, .reason = reason, .note = note};
	return bo_app_product_stock(app, sku, &in, 0, NULL, err);
}

static void add_changes_the_row_and_appends_the_event(void **state)
{
	fixture *f = *state;
	bo_stock_adjust in = {.add = "12", .reason = "received",
			      .note = "pallet 7"};
	bo_product p = {0}, cat = {0};
	bo_event e = {0};
	bo_err err;

	given_product(f, "MUG-1", "40");
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 0, &p,
					      &err),
			 BO_OK);
	assert_int_equal(p.stock, 52);
	assert_int_equal(p.row_version, 2);
	assert_int_equal(stock_of(f, "MUG-1"), 52);
	last_event(f, &e);
	assert_int_equal(e.kind, BO_EV_PRODUCT_STOCK_ADJUSTED);
	assert_string_equal(e.stream, "product-1");
	assert_int_equal(e.version, 2);
	assert_int_equal(e.delta, 12);
	assert_int_equal(e.new_stock, 52);
	assert_int_equal(e.product.stock, 52);
	assert_int_equal(e.product.row_version, 2);
	assert_string_equal(e.reason, "received");
	assert_string_equal(e.text, "pallet 7");
	assert_string_equal(e.meta.user, "ann");
	/* the order side's catalogue follows the snapshot */
	assert_int_equal(bo_rm_catalog_get_by_sku(&f->ports.rm, "MUG-1", &cat,
						  &err),
			 BO_OK);
	assert_int_equal(cat.stock, 52);
	bo_product_clear(&cat);
	bo_product_clear(&p);
	bo_event_clear(&e);
}

static void negative_add_and_set_record_the_delta(void **state)
{
	fixture *f = *state;
	bo_event e = {0};
	bo_err err;

	given_product(f, "MUG-1", "40");
	assert_int_equal(adjust(&f->admin, "MUG-1", "-3", NULL, "damaged",
				NULL, &err),
			 BO_OK);
	assert_int_equal(stock_of(f, "MUG-1"), 37);
	last_event(f, &e);
	assert_int_equal(e.delta, -3);
	assert_null(e.text);
	bo_event_clear(&e);
	assert_int_equal(adjust(&f->admin, "MUG-1", NULL, "30", "counted",
				NULL, &err),
			 BO_OK);
	assert_int_equal(stock_of(f, "MUG-1"), 30);
	last_event(f, &e);
	assert_int_equal(e.delta, -7);
	assert_int_equal(e.new_stock, 30);
	assert_string_equal(e.reason, "counted");
	bo_event_clear(&e);
	/* down to 0 exactly is fine */
	assert_int_equal(adjust(&f->admin, "MUG-1", "-30", NULL, "damaged",
				NULL, &err),
			 BO_OK);
	assert_int_equal(stock_of(f, "MUG-1"), 0);
}

static void below_zero_is_refused_and_changes_nothing(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t h;

	given_product(f, "MUG-1", "2");
	h = head(f);
	assert_int_equal(adjust(&f->admin, "MUG-1", "-3", NULL, "damaged",
				NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "stock of MUG-1 would go below 0"));
	assert_int_equal(stock_of(f, "MUG-1"), 2);
	assert_int_equal(head(f), h);
	/* setting what it has already is no adjustment */
	assert_int_equal(adjust(&f->admin, "MUG-1", NULL, "2", "counted", NULL,
				&err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "stock of MUG-1 is already 2");
	assert_int_equal(head(f), h);
}

static void untracked_takes_only_a_set(void **state)
{
	fixture *f = *state;
	bo_event e = {0};
	bo_err err;
	int64_t h;

	given_product(f, "PEN-1", NULL);
	h = head(f);
	assert_int_equal(adjust(&f->admin, "PEN-1", "5", NULL, "received",
				NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "stock of PEN-1 is not tracked"));
	assert_int_equal(head(f), h);
	assert_int_equal(stock_of(f, "PEN-1"), BO_STOCK_UNTRACKED);
	assert_int_equal(adjust(&f->admin, "PEN-1", NULL, "5", "counted", NULL,
				&err),
			 BO_OK);
	assert_int_equal(stock_of(f, "PEN-1"), 5);
	last_event(f, &e);
	assert_int_equal(e.delta, 5); /* counted from none as 0 */
	bo_event_clear(&e);
}

static void bad_input_names_the_field_and_writes_nothing(void **state)
{
	fixture *f = *state;
	char note[600];
	bo_err err;
	int64_t h;

	given_product(f, "MUG-1", "10");
	h = head(f);
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", NULL, NULL, NULL,
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "reason is required"));
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", NULL, "stolen", NULL,
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "reason must be one of received"));
	assert_int_equal(adjust(&f->admin, "MUG-1", "0", NULL, "counted", NULL,
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "add must be"));
	assert_int_equal(adjust(&f->admin, "MUG-1", "1.5", NULL, "counted",
				NULL, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "add must be"));
	assert_int_equal(adjust(&f->admin, "MUG-1", NULL, "-1", "counted",
				NULL, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "set must be"));
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", "1", "counted", NULL,
				&err),
			 BO_EINVAL);
	assert_int_equal(adjust(&f->admin, "MUG-1", NULL, NULL, "counted",
				NULL, &err),
			 BO_EINVAL);
	memset(note, 'x', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", NULL, "counted", note,
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "note must be at most 500"));
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", NULL, "counted",
				"a\tb", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "note"));
	assert_int_equal(adjust(&f->admin, "NOPE", "1", NULL, "counted", NULL,
				&err),
			 BO_ENOTFOUND);
	assert_int_equal(head(f), h);
	assert_int_equal(stock_of(f, "MUG-1"), 10);
}

static void only_admins_adjust(void **state)
{
	fixture *f = *state;
	const char *roles[] = {"support", "manager"};
	bo_err err;

	given_product(f, "MUG-1", "10");
	for (size_t i = 0; i < 2; i++) {
		bo_app other;
		char name[16];

		snprintf(name, sizeof(name), "u%zu", i);
		assert_int_equal(
		    bo_app_user_add(&f->admin, name, roles[i], &err), BO_OK);
		assert_int_equal(bo_app_open(&other, &f->ports, &f->clock,
					     &f->ids, name, &err),
				 BO_OK);
		assert_int_equal(adjust(&other, "MUG-1", "1", NULL, "received",
					NULL, &err),
				 BO_EPERM);
		bo_app_close(&other);
	}
	assert_int_equal(stock_of(f, "MUG-1"), 10);
}

static void a_moved_row_version_is_a_conflict(void **state)
{
	fixture *f = *state;
	bo_stock_adjust in = {.add = "1", .reason = "received"};
	bo_err err;

	given_product(f, "MUG-1", "10");
	assert_int_equal(adjust(&f->admin, "MUG-1", "1", NULL, "received",
				NULL, &err),
			 BO_OK);
	/* a form opened at version 1 */
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 1, NULL,
					      &err),
			 BO_ECONFLICT);
	assert_int_equal(stock_of(f, "MUG-1"), 11);
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 2, NULL,
					      &err),
			 BO_OK);
	assert_int_equal(stock_of(f, "MUG-1"), 12);
}

static void the_same_command_id_adjusts_once(void **state)
{
	fixture *f = *state;
	bo_stock_adjust in = {.add = "-2", .reason = "returned"};
	bo_product a = {0}, b = {0};
	bo_err err;
	int64_t h;

	given_product(f, "MUG-1", "10");
	f->admin.command_id = "s-1";
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 0, &a,
					      &err),
			 BO_OK);
	h = head(f);
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 0, &b,
					      &err),
			 BO_OK);
	assert_int_equal(head(f), h);
	assert_int_equal(b.stock, 8);
	assert_int_equal(b.row_version, a.row_version);
	assert_int_equal(stock_of(f, "MUG-1"), 8);
	/* other arguments under the id */
	in.add = "-3";
	assert_int_equal(bo_app_product_stock(&f->admin, "MUG-1", &in, 0, NULL,
					      &err),
			 BO_ECONFLICT);
	assert_int_equal(head(f), h);
	f->admin.command_id = NULL;
	bo_product_clear(&a);
	bo_product_clear(&b);
}

typedef struct alert_count {
	int64_t n;
	bo_alert last;
} alert_count;

static int count_alert(void *ctx, const bo_alert *a)
{
	alert_count *c = ctx;

	c->n++;
	bo_alert_clear(&c->last);
	return bo_alert_copy(&c->last, a) < 0 ? BO_ENOMEM : 0;
}

/* How many alerts there are; *last (may be NULL) the newest. */
static int64_t alerts(fixture *f, bo_alert *last)
{
	alert_count c = {0};
	bo_err err;

	assert_int_equal(
	    bo_reactors_alert_list(&f->admin, count_alert, &c, &err), BO_OK);
	if (last)
		*last = c.last;
	else
		bo_alert_clear(&c.last);
	return c.n;
}

static void an_adjustment_at_or_below_the_threshold_raises_an_alert(
    void **state)
{
	fixture *f = *state;
	bo_product_edit own = {.low_stock = "8"};
	bo_alert a = {0};
	bo_event e = {0};
	bo_err err;

	/* given: MUG (the tenant's 5), CUP with its own 8 */
	given_product(f, "MUG-1", "20");
	given_product(f, "CUP-1", "20");
	assert_int_equal(
	    bo_app_product_edit(&f->admin, "CUP-1", &own, 0, NULL, &err),
	    BO_OK);
	/* above: nothing */
	assert_int_equal(adjust(&f->admin, "MUG-1", "-14", NULL, "damaged",
				NULL, &err),
			 BO_OK);
	assert_int_equal(alerts(f, NULL), 0);
	/* at the tenant's 5: an alert with no order */
	assert_int_equal(adjust(&f->admin, "MUG-1", "-1", NULL, "damaged",
				NULL, &err),
			 BO_OK);
	last_event(f, &e);
	assert_int_equal(alerts(f, &a), 1);
	assert_string_equal(a.sku, "MUG-1");
	assert_int_equal(a.stock, 5);
	assert_int_equal(a.threshold, 5);
	assert_int_equal(a.order_id, 0);
	assert_string_equal(a.event_id, e.event_id);
	bo_alert_clear(&a);
	bo_event_clear(&e);
	/* a later one back above does not */
	assert_int_equal(adjust(&f->admin, "MUG-1", "30", NULL, "received",
				NULL, &err),
			 BO_OK);
	assert_int_equal(alerts(f, NULL), 1);
	/* the product's own threshold wins: 8 alerts for CUP */
	assert_int_equal(adjust(&f->admin, "CUP-1", NULL, "8", "counted", NULL,
				&err),
			 BO_OK);
	assert_int_equal(alerts(f, &a), 2);
	assert_string_equal(a.sku, "CUP-1");
	assert_int_equal(a.threshold, 8);
	bo_alert_clear(&a);
	/* a payment still raises its own */
	{
		bo_line_request line = {.sku = "CUP-1", .quantity = 1};
		int64_t id = 0;

		assert_int_equal(bo_app_order_place(&f->admin, "a@b.co", NULL,
						    &line, 1, &id, &err),
				 BO_OK);
		assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err),
				 BO_OK);
		assert_int_equal(alerts(f, &a), 3);
		assert_int_equal(a.order_id, id);
		assert_int_equal(a.stock, 7);
		bo_alert_clear(&a);
	}
}

static void reasons_round_trip_by_name(void **state)
{
	bo_stock_reason r;
	bo_err err;

	(void)state;
	for (int i = 0; i < BO_STOCK_REASON__COUNT; i++) {
		assert_int_equal(
		    bo_stock_reason_parse(&r, bo_stock_reason_name(i), &err),
		    BO_OK);
		assert_int_equal(r, i);
	}
	assert_null(bo_stock_reason_name(BO_STOCK_REASON__COUNT));
	assert_int_equal(bo_stock_reason_parse(&r, "Received", &err),
			 BO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, shop_app_setup, \
							 shop_app_teardown)
	    T(add_changes_the_row_and_appends_the_event),
	    T(negative_add_and_set_record_the_delta),
	    T(below_zero_is_refused_and_changes_nothing),
	    T(untracked_takes_only_a_set),
	    T(bad_input_names_the_field_and_writes_nothing),
	    T(only_admins_adjust),
	    T(a_moved_row_version_is_a_conflict),
	    T(the_same_command_id_adjusts_once),
	    T(an_adjustment_at_or_below_the_threshold_raises_an_alert),
	    cmocka_unit_test(reasons_round_trip_by_name),
#undef T
	};
	return cmocka_run_group_tests_name("stock", tests, NULL, NULL);
}
