/* Tests for domain/event.c: the kind table, deep copy and release, stream names, lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/event.h"

static void every_kind_name_round_trips(void **state)
{
	(void)state;
	for (int k = BO_EV_UNKNOWN + 1; k < BO_EV__COUNT; k++) {
		const char *name = bo_event_kind_name((bo_event_kind)k);
		assert_non_null(name);
		assert_string_not_equal(name, "Unknown");
		assert_int_equal(bo_event_kind_from_name(name), k);
		/* OrderPlaced is at 2 (per-line tax rate); the rest at 1 */
		assert_int_equal(bo_event_kind_schema((bo_event_kind)k),
				 k == BO_EV_ORDER_PLACED ? 2 : 1);
	}
}

static void stored_type_names_are_the_documented_ones(void **state)
{
	(void)state;
	assert_string_equal(bo_event_kind_name(BO_EV_ORDER_PLACED),
			    "OrderPlaced");
	assert_string_equal(bo_event_kind_name(BO_EV_PRODUCT_DELETED),
			    "ProductDeleted");
	assert_string_equal(bo_event_kind_name(BO_EV_NOTE_ADDED), "NoteAdded");
	assert_string_equal(bo_event_kind_name(BO_EV_REFUND_ISSUED),
			    "RefundIssued");
	assert_string_equal(bo_event_kind_name(BO_EV_PRODUCT_STOCK_ADJUSTED),
			    "ProductStockAdjusted");
	assert_int_equal(bo_event_kind_schema(BO_EV_PRODUCT_STOCK_ADJUSTED), 1);
}

static void unknown_names_and_kinds_map_to_unknown(void **state)
{
	(void)state;
	assert_int_equal(bo_event_kind_from_name("OrderExploded"),
			 BO_EV_UNKNOWN);
	assert_int_equal(bo_event_kind_from_name("orderplaced"), BO_EV_UNKNOWN);
	assert_int_equal(bo_event_kind_from_name(""), BO_EV_UNKNOWN);
	assert_int_equal(bo_event_kind_from_name(NULL), BO_EV_UNKNOWN);
	assert_string_equal(bo_event_kind_name(BO_EV_UNKNOWN), "Unknown");
	assert_string_equal(bo_event_kind_name(BO_EV__COUNT), "Unknown");
	assert_int_equal(bo_event_kind_schema(BO_EV_UNKNOWN), 0);
}

static void only_the_six_product_kinds_are_product_events(void **state)
{
	int n = 0;
	(void)state;
	for (int k = 0; k < BO_EV__COUNT; k++)
		n += bo_event_is_product((bo_event_kind)k) ? 1 : 0;
	assert_int_equal(n, 6);
	assert_true(bo_event_is_product(BO_EV_PRODUCT_STOCK_ADJUSTED));
	assert_true(bo_event_is_product(BO_EV_PRODUCT_REACTIVATED));
	assert_true(bo_event_is_product(BO_EV_PRODUCT_CREATED));
	assert_true(bo_event_is_product(BO_EV_PRODUCT_RETIRED));
	assert_false(bo_event_is_product(BO_EV_ORDER_PLACED));
	assert_false(bo_event_is_product(BO_EV_UNKNOWN));
}

/* An event with every owned pointer set, so copy and clear touch them all. */
static void fill_everything(bo_event *e)
{
	memset(e, 0, sizeof(*e));
	e->event_id = strdup("00000000-0000-4000-8000-000000000001");
	e->stream = strdup("order-7");
	e->version = 3;
	e->position = 42;
	e->kind = BO_EV_ORDER_PLACED;
	e->type_name = strdup("OrderPlaced");
	e->schema_version = 1;
	e->recorded_at = 1700000000000;
	e->meta.user = strdup("ann");
	e->meta.role = strdup("admin");
	e->meta.tenant = strdup("default");
	e->meta.correlation_id = strdup("corr");
	e->meta.causation_id = strdup("cause");
	e->meta.bulk_id = strdup("B-1");
	e->product.id = 5;
	e->product.sku = strdup("P-1");
	e->product.name = strdup("Pen");
	e->product.description = strdup("A pen\nthat writes");
	e->product.price = 250;
	e->order_id = 7;
	e->currency = strdup("EUR");
	e->customer_email = strdup("ann@example.com");
	e->customer_name = strdup("Ann");
	e->nlines = 2;
	e->lines = calloc(2, sizeof(*e->lines));
	e->lines[0] =
	    (bo_order_line){5, strdup("P-1"), strdup("Pen"), 250, 2000, 3};
	e->lines[1] =
	    (bo_order_line){6, strdup("P-2"), strdup("Ink"), 999, 700, 1};
	e->amount = 1234;
	e->reason = strdup("because");
	e->carrier = strdup("DHL");
	e->tracking = strdup("123");
	e->text = strdup("hello");
	e->raw_payload = strdup("{\"x\":1}");
}

static void copy_is_deep_and_equal(void **state)
{
	bo_event src, dst;
	(void)state;

	fill_everything(&src);
	assert_int_equal(bo_event_copy(&dst, &src), BO_OK);

	assert_ptr_not_equal(dst.event_id, src.event_id);
	assert_string_equal(dst.event_id, src.event_id);
	assert_string_equal(dst.stream, "order-7");
	assert_int_equal(dst.version, 3);
	assert_int_equal(dst.position, 42);
	assert_int_equal(dst.recorded_at, 1700000000000);
	assert_string_equal(dst.meta.user, "ann");
	assert_string_equal(dst.meta.causation_id, "cause");
	assert_string_equal(dst.meta.bulk_id, "B-1");
	assert_ptr_not_equal(dst.meta.bulk_id, src.meta.bulk_id);
	assert_ptr_not_equal(dst.product.sku, src.product.sku);
	assert_string_equal(dst.product.description, "A pen\nthat writes");
	assert_int_equal(dst.product.price, 250);
	assert_int_equal(dst.nlines, 2);
	assert_ptr_not_equal(dst.lines, src.lines);
	assert_ptr_not_equal(dst.lines[1].name, src.lines[1].name);
	assert_string_equal(dst.lines[1].name, "Ink");
	assert_int_equal(dst.lines[1].unit_price, 999);
	assert_int_equal(dst.lines[0].quantity, 3);
	assert_int_equal(dst.lines[0].tax_bp, 2000);
	assert_string_equal(dst.raw_payload, "{\"x\":1}");
	assert_string_equal(dst.tracking, "123");

	/* The copy outlives the original: nothing is shared. */
	bo_event_clear(&src);
	assert_string_equal(dst.lines[0].sku, "P-1");
	assert_string_equal(dst.customer_email, "ann@example.com");
	bo_event_clear(&dst);
}

static void copy_keeps_null_pointers_null(void **state)
{
	bo_event src = {0}, dst;
	(void)state;

	src.kind = BO_EV_NOTE_ADDED;
	src.text = strdup("only this");
	assert_int_equal(bo_event_copy(&dst, &src), BO_OK);
	assert_null(dst.event_id);
	assert_null(dst.lines);
	assert_int_equal(dst.nlines, 0);
	assert_null(dst.product.sku);
	assert_string_equal(dst.text, "only this");
	bo_event_clear(&src);
	bo_event_clear(&dst);
}

static void clear_zeroes_and_accepts_null(void **state)
{
	bo_event e, zero = {0};
	(void)state;

	fill_everything(&e);
	bo_event_clear(&e);
	assert_memory_equal(&e, &zero, sizeof(e));
	bo_event_clear(&e); /* twice is harmless */
	bo_event_clear(NULL);
}

static void set_stream_writes_prefix_and_id(void **state)
{
	bo_event e = {0};
	(void)state;

	assert_int_equal(bo_event_set_stream(&e, "order", 12), BO_OK);
	assert_string_equal(e.stream, "order-12");
	assert_int_equal(bo_event_set_stream(&e, "product", INT64_MAX), BO_OK);
	assert_string_equal(e.stream, "product-9223372036854775807");
	bo_event_clear(&e);
}

static void stream_id_parses_its_own_prefix_only(void **state)
{
	(void)state;
	assert_int_equal(bo_stream_id("order-12", "order"), 12);
	assert_int_equal(bo_stream_id("product-3", "product"), 3);
	assert_int_equal(bo_stream_id("order-9223372036854775807", "order"),
			 INT64_MAX);
	assert_int_equal(bo_stream_id("product-3", "order"), 0);
	assert_int_equal(bo_stream_id("orders-3", "order"), 0);
	assert_int_equal(bo_stream_id("order3", "order"), 0);
}

static void stream_id_refuses_malformed_numbers(void **state)
{
	(void)state;
	assert_int_equal(bo_stream_id("order-", "order"), 0);
	assert_int_equal(bo_stream_id("order-0", "order"), 0);
	assert_int_equal(bo_stream_id("order-012", "order"), 0);
	assert_int_equal(bo_stream_id("order--1", "order"), 0);
	assert_int_equal(bo_stream_id("order-+1", "order"), 0);
	assert_int_equal(bo_stream_id("order-12x", "order"), 0);
	assert_int_equal(bo_stream_id("order- 1", "order"), 0);
	assert_int_equal(bo_stream_id("order-9223372036854775808", "order"), 0);
	assert_int_equal(bo_stream_id(NULL, "order"), 0);
}

static void list_grows_and_clears_deeply(void **state)
{
	bo_event_list l = {0};
	(void)state;

	for (int i = 0; i < 100; i++) {
		bo_event *e = bo_event_list_push(&l);
		assert_non_null(e);
		assert_null(e->stream);
		assert_int_equal(e->position, 0);
		assert_int_equal(bo_event_set_stream(e, "order", i + 1), BO_OK);
		e->position = i + 1;
	}
	assert_int_equal(l.n, 100);
	assert_true(l.cap >= 100);
	assert_string_equal(l.items[0].stream, "order-1");
	assert_string_equal(l.items[99].stream, "order-100");
	assert_int_equal(l.items[57].position, 58);
	bo_event_list_clear(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
	bo_event_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_kind_name_round_trips),
	    cmocka_unit_test(stored_type_names_are_the_documented_ones),
	    cmocka_unit_test(unknown_names_and_kinds_map_to_unknown),
	    cmocka_unit_test(only_the_six_product_kinds_are_product_events),
	    cmocka_unit_test(copy_is_deep_and_equal),
	    cmocka_unit_test(copy_keeps_null_pointers_null),
	    cmocka_unit_test(clear_zeroes_and_accepts_null),
	    cmocka_unit_test(set_stream_writes_prefix_and_id),
	    cmocka_unit_test(stream_id_parses_its_own_prefix_only),
	    cmocka_unit_test(stream_id_refuses_malformed_numbers),
	    cmocka_unit_test(list_grows_and_clears_deeply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
