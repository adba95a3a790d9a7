/* Tests for domain/order.c: given events, when a command, then events or a refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/order.h"

/* ---- fixtures ------------------------------------------------------------ */

static bo_product pen = {.id = 1,
			 .sku = "P-1",
			 .name = "Pen",
			 .price = 250,
			 .tax_bp = 2000,
			 .stock = 10,
			 .row_version = 1};
static bo_product ink = {.id = 2,
			 .sku = "P-2",
			 .name = "Ink",
			 .price = 999,
			 .tax_bp = 700,
			 .stock = BO_STOCK_UNTRACKED,
			 .row_version = 1};
static bo_product old = {.id = 3,
			 .sku = "P-OLD",
			 .name = "Quill",
			 .price = 500,
			 .tax_bp = 2000,
			 .retired = true,
			 .row_version = 2};
static bo_product gold = {.id = 4,
			  .sku = "P-GOLD",
			  .name = "Gold",
			  .price = INT64_MAX / 2,
			  .tax_bp = 0,
			  .row_version = 1};

#define ORDER_ID 12

/* A refusal: the status, the same code in err, a message naming the thing,
 * and an out event left untouched. */
#define assert_refused(rc, want, err, out, needle)                             \
	do {                                                                   \
		assert_int_equal((rc), (want));                                \
		assert_int_equal((err).code, (want));                          \
		if (!strstr((err).msg, (needle)))                              \
			fail_msg("message \"%s\" does not name \"%s\"",        \
				 (err).msg, (needle));                         \
		assert_int_equal((out).kind, BO_EV_UNKNOWN);                   \
		assert_null((out).type_name);                                  \
	} while (0)

/* Applies e as the order's next stored event, then releases it. */
static void play(bo_order *o, bo_event *e)
{
	e->version = o->version + 1;
	e->recorded_at = 1000 * e->version;
	assert_int_equal(bo_order_apply(o, e), BO_OK);
	bo_event_clear(e);
}

/* Given: order 12 placed for 3 pens (7.50) and 1 ink (9.99): 17.49 EUR. */
static void given_placed(bo_order *o)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 3}, {&ink, "P-2", 1}};
	bo_event e = {0};
	bo_err err;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", "Ann", lines,
					       2, &err),
			 BO_OK);
	play(o, &e);
}

static void given_payment(bo_order *o, int64_t amount)
{
	bo_event e = {.kind = BO_EV_PAYMENT_RECEIVED,
		      .order_id = ORDER_ID,
		      .amount = amount};
	play(o, &e);
}

static void given_paid(bo_order *o)
{
	given_placed(o);
	given_payment(o, 1749);
}

static void given_shipped(bo_order *o)
{
	bo_event e = {.kind = BO_EV_ORDER_SHIPPED, .order_id = ORDER_ID};
	given_paid(o);
	e.carrier = strdup("DHL");
	play(o, &e);
}

static void given_delivered(bo_order *o)
{
	bo_event e = {.kind = BO_EV_ORDER_DELIVERED, .order_id = ORDER_ID};
	given_shipped(o);
	play(o, &e);
}

static void given_cancelled(bo_order *o)
{
	bo_event e = {.kind = BO_EV_ORDER_CANCELLED, .order_id = ORDER_ID};
	e.reason = strdup("customer asked");
	play(o, &e);
}

static void given_refund(bo_order *o, int64_t amount)
{
	bo_event e = {.kind = BO_EV_REFUND_ISSUED,
		      .order_id = ORDER_ID,
		      .amount = amount};
	e.reason = strdup("damaged");
	play(o, &e);
}

/* An order that does not exist: what folding an empty stream gives. */
static void given_nothing(bo_order *o)
{
	memset(o, 0, sizeof(*o));
	o->id = 99;
}

/* The envelope is the caller's: decisions fill kind and payload only. */
static void assert_decided(const bo_event *e, bo_event_kind kind)
{
	assert_int_equal(e->kind, kind);
	assert_string_equal(e->type_name, bo_event_kind_name(kind));
	assert_int_equal(e->schema_version, bo_event_kind_schema(kind));
	assert_int_equal(e->order_id, ORDER_ID);
	assert_null(e->stream);
	assert_null(e->event_id);
	assert_null(e->meta.user);
	assert_int_equal(e->version, 0);
	assert_int_equal(e->position, 0);
}

static char *repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = malloc(len * n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

/* ---- status names -------------------------------------------------------- */

static void status_names_round_trip_except_none(void **state)
{
	(void)state;
	for (int s = BO_ORDER_PLACED; s <= BO_ORDER_CANCELLED; s++)
		assert_int_equal(bo_order_status_from_name(
				     bo_order_status_name((bo_order_status)s)),
				 s);
	assert_string_equal(bo_order_status_name(BO_ORDER_PAID), "paid");
	assert_string_equal(bo_order_status_name(BO_ORDER_NONE), "none");
	assert_int_equal(bo_order_status_from_name("none"), -1);
	assert_int_equal(bo_order_status_from_name("Paid"), -1);
	assert_int_equal(bo_order_status_from_name(""), -1);
	assert_int_equal(bo_order_status_from_name(NULL), -1);
}

/* ---- place --------------------------------------------------------------- */

static void place_records_the_products_as_they_are_now(void **state)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 3}, {&ink, "P-2", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", "Ann Lee",
					       lines, 2, &err),
			 BO_OK);
	assert_decided(&e, BO_EV_ORDER_PLACED);
	assert_string_equal(e.currency, "EUR");
	assert_string_equal(e.customer_email, "ann@example.com");
	assert_string_equal(e.customer_name, "Ann Lee");
	assert_int_equal(e.nlines, 2);
	assert_int_equal(e.lines[0].product_id, 1);
	assert_string_equal(e.lines[0].sku, "P-1");
	assert_string_equal(e.lines[0].name, "Pen");
	assert_int_equal(e.lines[0].unit_price, 250);
	assert_int_equal(e.lines[0].tax_bp, 2000);
	assert_int_equal(e.lines[0].quantity, 3);
	assert_int_equal(e.lines[1].product_id, 2);
	assert_string_equal(e.lines[1].sku, "P-2");
	assert_int_equal(e.lines[1].unit_price, 999);
	assert_int_equal(e.lines[1].tax_bp, 700);
	/* The snapshot is a copy, not a pointer into the catalogue. */
	assert_ptr_not_equal(e.lines[0].name, pen.name);
	bo_event_clear(&e);
}

static void place_without_a_name_stores_none(void **state)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "bob@example.org", "", lines, 1,
					       &err),
			 BO_OK);
	assert_null(e.customer_name);
	bo_event_clear(&e);
	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "bob@example.org", NULL, lines,
					       1, &err),
			 BO_OK);
	assert_null(e.customer_name);
	bo_event_clear(&e);
}

static void place_accepts_100_lines_and_max_quantity(void **state)
{
	bo_product products[100];
	char skus[100][16];
	bo_order_place_line lines[100];
	bo_event e = {0};
	bo_err err;
	(void)state;

	for (int i = 0; i < 100; i++) {
		snprintf(skus[i], sizeof(skus[i]), "S-%d", i);
		products[i] = (bo_product){
		    .id = i + 1, .sku = skus[i], .name = "Thing", .price = 1};
		lines[i] = (bo_order_place_line){&products[i], skus[i],
						 BO_ORDER_MAX_QTY};
	}
	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", NULL, lines,
					       100, &err),
			 BO_OK);
	assert_int_equal(e.nlines, 100);
	assert_int_equal(e.lines[99].quantity, 10000);
	bo_event_clear(&e);
}

static void place_without_lines_is_refused(void **state)
{
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, NULL, 0,
					     &err),
		       BO_EINVAL, err, e, "an order needs 1 to 100 lines");
}

static void place_with_101_lines_is_refused(void **state)
{
	bo_product products[101];
	char skus[101][16];
	bo_order_place_line lines[101];
	bo_event e = {0};
	bo_err err;
	(void)state;

	for (int i = 0; i < 101; i++) {
		snprintf(skus[i], sizeof(skus[i]), "S-%d", i);
		products[i] = (bo_product){
		    .id = i + 1, .sku = skus[i], .name = "Thing", .price = 1};
		lines[i] = (bo_order_place_line){&products[i], skus[i], 1};
	}
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, lines,
					     101, &err),
		       BO_EINVAL, err, e, "an order needs 1 to 100 lines");
}

static void place_quantity_outside_range_is_refused_naming_line(void **state)
{
	int64_t bad[] = {0, -1, BO_ORDER_MAX_QTY + 1, INT64_MAX};
	bo_event e = {0};
	bo_err err;
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_order_place_line lines[] = {{&pen, "P-1", 1},
					       {&ink, "P-2", bad[i]}};
		assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
						     "ann@example.com", NULL,
						     lines, 2, &err),
			       BO_EINVAL, err, e, "quantity of line 2");
		assert_non_null(strstr(err.msg, "P-2"));
		assert_non_null(strstr(err.msg, "1 to 10000"));
	}
}

static void place_unknown_product_is_not_found(void **state)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 1}, {NULL, "P-404", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, lines, 2,
					     &err),
		       BO_ENOTFOUND, err, e, "product P-404 does not exist");
}

static void place_retired_product_is_refused(void **state)
{
	bo_order_place_line lines[] = {{&old, "P-OLD", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, lines, 1,
					     &err),
		       BO_EINVAL, err, e,
		       "product P-OLD is retired and cannot be ordered");
}

static void place_same_sku_twice_is_refused(void **state)
{
	bo_order_place_line lines[] = {
	    {&pen, "P-1", 1}, {&ink, "P-2", 1}, {&pen, "P-1", 2}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, lines, 3,
					     &err),
		       BO_EINVAL, err, e, "product P-1");
	assert_non_null(strstr(err.msg, "more than one line"));
}

static void place_with_a_bad_email_is_refused(void **state)
{
	char *too_long = repeat("a", 254);
	const char *bad[] = {
	    "",                    /* empty */
	    "annexample.com",      /* no @ */
	    "@example.com",        /* nothing before @ */
	    "ann@",                /* nothing after @ */
	    "ann@b@example.com",   /* two @ */
	    "ann@example",         /* no dot in the domain */
	    "ann@.example",        /* dot at the edge */
	    "ann@example.",        /* dot at the edge */
	    "ann lee@example.com", /* space */
	    "ann@exa\tmple.com",   /* control */
	    "ann@example.com\n",   /* control */
	    "ann@ex\xff.com",      /* not UTF-8 */
	    NULL,
	};
	bo_order_place_line lines[] = {{&pen, "P-1", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	/* 248 + "@ex.io" is 254 characters: the limit. */
	memcpy(too_long + 248, "@ex.io", 7);
	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR", too_long,
					       NULL, lines, 1, &err),
			 BO_OK);
	bo_event_clear(&e);
	free(too_long);
	too_long = repeat("a", 249);
	too_long = realloc(too_long, 249 + 7);
	assert_non_null(too_long);
	memcpy(too_long + 249, "@ex.io", 7);
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR", too_long,
					     NULL, lines, 1, &err),
		       BO_EINVAL, err, e, "customer email");
	free(too_long);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
						     bad[i], NULL, lines, 1,
						     &err),
			       BO_EINVAL, err, e, "customer email");
	}
}

static void place_with_a_bad_name_is_refused(void **state)
{
	char *long_name = repeat("\xc3\xa9", 201); /* 201 code points */
	char *max_name = repeat("\xc3\xa9", 200);
	bo_order_place_line lines[] = {{&pen, "P-1", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", max_name,
					       lines, 1, &err),
			 BO_OK);
	bo_event_clear(&e);
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", long_name,
					     lines, 1, &err),
		       BO_EINVAL, err, e, "customer name");
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", "Ann\x1b[2J",
					     lines, 1, &err),
		       BO_EINVAL, err, e, "customer name");
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", "Ann\nLee",
					     lines, 1, &err),
		       BO_EINVAL, err, e, "customer name");
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", "Ann\xc3",
					     lines, 1, &err),
		       BO_EINVAL, err, e, "customer name");
	free(long_name);
	free(max_name);
}

static void place_whose_total_overflows_is_refused(void **state)
{
	bo_order_place_line one[] = {{&gold, "P-GOLD", 3}};
	bo_order_place_line two[] = {{&gold, "P-GOLD", 2}, {&pen, "P-1", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, one, 1,
					     &err),
		       BO_EINVAL, err, e, "total");
	assert_refused(bo_order_decide_place(&e, ORDER_ID, "EUR",
					     "ann@example.com", NULL, two, 2,
					     &err),
		       BO_EINVAL, err, e, "total");
}

static void place_in_an_unknown_currency_is_refused(void **state)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 1}};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_refused(bo_order_decide_place(&e, ORDER_ID, "XYZ",
					     "ann@example.com", NULL, lines, 1,
					     &err),
		       BO_EINVAL, err, e, "currency");
}

/* ---- pay ----------------------------------------------------------------- */

static void pay_records_the_payment(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(bo_order_decide_pay(&e, &o, 1000, &err), BO_OK);
	assert_decided(&e, BO_EV_PAYMENT_RECEIVED);
	assert_int_equal(e.amount, 1000);
	bo_event_clear(&e);
	/* The exact outstanding amount is fine too. */
	assert_int_equal(bo_order_decide_pay(&e, &o, 1749, &err), BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void pay_on_a_missing_order_is_not_found(void **state)
{
	bo_order o;
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_nothing(&o);
	assert_refused(bo_order_decide_pay(&e, &o, 100, &err), BO_ENOTFOUND,
		       err, e, "order 99 does not exist");
}

static void pay_of_nothing_or_less_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_pay(&e, &o, 0, &err), BO_EINVAL, err, e,
		       "amount");
	assert_refused(bo_order_decide_pay(&e, &o, -5, &err), BO_EINVAL, err, e,
		       "amount");
	bo_order_clear(&o);
}

static void pay_above_outstanding_is_refused_with_both_amounts(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_payment(&o, 1549);
	assert_refused(bo_order_decide_pay(&e, &o, 5000, &err), BO_EINVAL, err,
		       e, "amount 50.00 is more than the 2.00 still to pay");
	bo_order_clear(&o);
}

static void pay_on_a_paid_order_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_refused(bo_order_decide_pay(&e, &o, 100, &err), BO_ECONFLICT,
		       err, e, "order 12 is already paid");
	bo_order_clear(&o);
	given_delivered(&o);
	assert_refused(bo_order_decide_pay(&e, &o, 100, &err), BO_ECONFLICT,
		       err, e, "order 12 is already paid");
	bo_order_clear(&o);
}

static void pay_on_a_cancelled_order_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_cancelled(&o);
	assert_refused(bo_order_decide_pay(&e, &o, 100, &err), BO_ECONFLICT,
		       err, e, "order 12 is cancelled");
	bo_order_clear(&o);
}

/* ---- fail-payment -------------------------------------------------------- */

static void fail_payment_records_the_reason(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(
	    bo_order_decide_fail_payment(&e, &o, "card declined", &err), BO_OK);
	assert_decided(&e, BO_EV_PAYMENT_FAILED);
	assert_string_equal(e.reason, "card declined");
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void fail_payment_needs_a_valid_reason(void **state)
{
	char *long_reason = repeat("x", BO_REASON_MAX + 1);
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_fail_payment(&e, &o, "", &err),
		       BO_EINVAL, err, e, "reason");
	assert_refused(bo_order_decide_fail_payment(&e, &o, NULL, &err),
		       BO_EINVAL, err, e, "reason");
	assert_refused(bo_order_decide_fail_payment(&e, &o, long_reason, &err),
		       BO_EINVAL, err, e, "reason must be 1 to 500");
	assert_refused(bo_order_decide_fail_payment(&e, &o, "bad\x07", &err),
		       BO_EINVAL, err, e, "reason");
	long_reason[BO_REASON_MAX] = '\0';
	assert_int_equal(
	    bo_order_decide_fail_payment(&e, &o, long_reason, &err), BO_OK);
	bo_event_clear(&e);
	free(long_reason);
	bo_order_clear(&o);
}

static void fail_payment_on_missing_paid_or_cancelled_is_refused(void **state)
{
	bo_order o;
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_nothing(&o);
	assert_refused(bo_order_decide_fail_payment(&e, &o, "declined", &err),
		       BO_ENOTFOUND, err, e, "order 99 does not exist");
	memset(&o, 0, sizeof(o));
	given_paid(&o);
	assert_refused(bo_order_decide_fail_payment(&e, &o, "declined", &err),
		       BO_ECONFLICT, err, e, "order 12 is already paid");
	bo_order_clear(&o);
	given_placed(&o);
	given_cancelled(&o);
	assert_refused(bo_order_decide_fail_payment(&e, &o, "declined", &err),
		       BO_ECONFLICT, err, e, "order 12 is cancelled");
	bo_order_clear(&o);
}

/* ---- ship ---------------------------------------------------------------- */

static void ship_a_paid_order_records_carrier_and_tracking(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_int_equal(bo_order_decide_ship(&e, &o, "DHL", "123", &err),
			 BO_OK);
	assert_decided(&e, BO_EV_ORDER_SHIPPED);
	assert_string_equal(e.carrier, "DHL");
	assert_string_equal(e.tracking, "123");
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void ship_without_carrier_or_tracking_stores_none(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_int_equal(bo_order_decide_ship(&e, &o, NULL, "", &err), BO_OK);
	assert_null(e.carrier);
	assert_null(e.tracking);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void ship_before_full_payment_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", NULL, &err),
		       BO_ECONFLICT, err, e,
		       "order 12 cannot be shipped before it is fully paid");
	given_payment(&o, 1000);
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", NULL, &err),
		       BO_ECONFLICT, err, e,
		       "order 12 cannot be shipped before it is fully paid");
	bo_order_clear(&o);
}

static void ship_twice_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_shipped(&o);
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", NULL, &err),
		       BO_ECONFLICT, err, e, "order 12 is already shipped");
	bo_order_clear(&o);
	given_delivered(&o);
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", NULL, &err),
		       BO_ECONFLICT, err, e, "order 12 is already shipped");
	bo_order_clear(&o);
}

static void ship_a_cancelled_or_missing_order_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_cancelled(&o);
	assert_refused(bo_order_decide_ship(&e, &o, NULL, NULL, &err),
		       BO_ECONFLICT, err, e, "order 12 is cancelled");
	bo_order_clear(&o);
	given_nothing(&o);
	assert_refused(bo_order_decide_ship(&e, &o, NULL, NULL, &err),
		       BO_ENOTFOUND, err, e, "order 99 does not exist");
}

static void ship_with_bad_carrier_or_tracking_is_refused(void **state)
{
	char *long_text = repeat("x", BO_CARRIER_MAX + 1);
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_refused(bo_order_decide_ship(&e, &o, long_text, NULL, &err),
		       BO_EINVAL, err, e, "carrier");
	assert_refused(bo_order_decide_ship(&e, &o, "D\x1bHL", NULL, &err),
		       BO_EINVAL, err, e, "carrier");
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", long_text, &err),
		       BO_EINVAL, err, e, "tracking");
	assert_refused(bo_order_decide_ship(&e, &o, "DHL", "12\n3", &err),
		       BO_EINVAL, err, e, "tracking");
	long_text[BO_CARRIER_MAX] = '\0';
	assert_int_equal(
	    bo_order_decide_ship(&e, &o, long_text, long_text, &err), BO_OK);
	bo_event_clear(&e);
	free(long_text);
	bo_order_clear(&o);
}

/* ---- deliver ------------------------------------------------------------- */

static void deliver_a_shipped_order(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_shipped(&o);
	assert_int_equal(bo_order_decide_deliver(&e, &o, &err), BO_OK);
	assert_decided(&e, BO_EV_ORDER_DELIVERED);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void deliver_before_shipping_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_deliver(&e, &o, &err), BO_ECONFLICT, err,
		       e, "order 12 cannot be delivered before it is shipped");
	given_payment(&o, 1749);
	assert_refused(bo_order_decide_deliver(&e, &o, &err), BO_ECONFLICT, err,
		       e, "order 12 cannot be delivered before it is shipped");
	bo_order_clear(&o);
}

static void deliver_twice_cancelled_or_missing_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_delivered(&o);
	assert_refused(bo_order_decide_deliver(&e, &o, &err), BO_ECONFLICT, err,
		       e, "order 12 is already delivered");
	bo_order_clear(&o);
	given_placed(&o);
	given_cancelled(&o);
	assert_refused(bo_order_decide_deliver(&e, &o, &err), BO_ECONFLICT, err,
		       e, "order 12 is cancelled");
	bo_order_clear(&o);
	given_nothing(&o);
	assert_refused(bo_order_decide_deliver(&e, &o, &err), BO_ENOTFOUND, err,
		       e, "order 99 does not exist");
}

/* ---- cancel -------------------------------------------------------------- */

static void cancel_placed_or_paid_order_records_reason(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(bo_order_decide_cancel(&e, &o, "customer asked", &err),
			 BO_OK);
	assert_decided(&e, BO_EV_ORDER_CANCELLED);
	assert_string_equal(e.reason, "customer asked");
	bo_event_clear(&e);
	given_payment(&o, 1749);
	assert_int_equal(bo_order_decide_cancel(&e, &o, "out of stock", &err),
			 BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void cancel_after_shipping_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_shipped(&o);
	assert_refused(bo_order_decide_cancel(&e, &o, "too late", &err),
		       BO_ECONFLICT, err, e, "order 12 is already shipped");
	bo_order_clear(&o);
	given_delivered(&o);
	assert_refused(bo_order_decide_cancel(&e, &o, "too late", &err),
		       BO_ECONFLICT, err, e, "order 12 is already delivered");
	bo_order_clear(&o);
}

static void cancel_twice_is_a_conflict(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_cancelled(&o);
	assert_refused(bo_order_decide_cancel(&e, &o, "again", &err),
		       BO_ECONFLICT, err, e, "order 12 is cancelled");
	bo_order_clear(&o);
}

static void cancel_needs_a_reason_and_an_order(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_cancel(&e, &o, "", &err), BO_EINVAL, err,
		       e, "reason");
	assert_refused(bo_order_decide_cancel(&e, &o, "a\tb", &err), BO_EINVAL,
		       err, e, "reason");
	bo_order_clear(&o);
	given_nothing(&o);
	assert_refused(bo_order_decide_cancel(&e, &o, "why", &err),
		       BO_ENOTFOUND, err, e, "order 99 does not exist");
}

/* ---- refund -------------------------------------------------------------- */

static void refund_records_amount_and_reason(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_int_equal(bo_order_decide_refund(&e, &o, 500, "damaged", &err),
			 BO_OK);
	assert_decided(&e, BO_EV_REFUND_ISSUED);
	assert_int_equal(e.amount, 500);
	assert_string_equal(e.reason, "damaged");
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void refund_is_allowed_in_every_existing_status(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_payment(&o, 100); /* partly paid, still placed */
	assert_int_equal(bo_order_decide_refund(&e, &o, 100, "r", &err), BO_OK);
	bo_event_clear(&e);
	given_cancelled(&o);
	assert_int_equal(bo_order_decide_refund(&e, &o, 100, "r", &err), BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
	given_delivered(&o);
	assert_int_equal(bo_order_decide_refund(&e, &o, 1749, "r", &err),
			 BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void refund_above_paid_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_payment(&o, 1000);
	given_refund(&o, 800);
	assert_refused(bo_order_decide_refund(&e, &o, 3000, "r", &err),
		       BO_EINVAL, err, e,
		       "refund 30.00 is more than the 2.00 refundable");
	assert_refused(bo_order_decide_refund(&e, &o, 201, "r", &err),
		       BO_EINVAL, err, e, "refundable");
	assert_int_equal(bo_order_decide_refund(&e, &o, 200, "r", &err), BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void refund_of_an_unpaid_order_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_refused(bo_order_decide_refund(&e, &o, 1, "r", &err), BO_EINVAL,
		       err, e, "refund 0.01 is more than the 0.00 refundable");
	bo_order_clear(&o);
}

static void refund_needs_positive_amount_reason_and_order(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_refused(bo_order_decide_refund(&e, &o, 0, "r", &err), BO_EINVAL,
		       err, e, "amount");
	assert_refused(bo_order_decide_refund(&e, &o, -1, "r", &err), BO_EINVAL,
		       err, e, "amount");
	assert_refused(bo_order_decide_refund(&e, &o, 100, "", &err), BO_EINVAL,
		       err, e, "reason");
	assert_refused(bo_order_decide_refund(&e, &o, 100, NULL, &err),
		       BO_EINVAL, err, e, "reason");
	bo_order_clear(&o);
	given_nothing(&o);
	assert_refused(bo_order_decide_refund(&e, &o, 100, "r", &err),
		       BO_ENOTFOUND, err, e, "order 99 does not exist");
}

/* ---- note ---------------------------------------------------------------- */

static void note_keeps_newlines(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(
	    bo_order_decide_note(&e, &o, "called\nno answer", &err), BO_OK);
	assert_decided(&e, BO_EV_NOTE_ADDED);
	assert_string_equal(e.text, "called\nno answer");
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void note_on_a_cancelled_order_is_accepted(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	given_cancelled(&o);
	assert_int_equal(bo_order_decide_note(&e, &o, "after the fact", &err),
			 BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void note_text_rules_are_enforced(void **state)
{
	char *max = repeat("\xe2\x82\xac", BO_NOTE_MAX); /* 2000 euro signs */
	char *over = repeat("x", BO_NOTE_MAX + 1);
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(bo_order_decide_note(&e, &o, max, &err), BO_OK);
	bo_event_clear(&e);
	assert_refused(bo_order_decide_note(&e, &o, over, &err), BO_EINVAL, err,
		       e, "note must be 1 to 2000");
	assert_refused(bo_order_decide_note(&e, &o, "", &err), BO_EINVAL, err,
		       e, "note");
	assert_refused(bo_order_decide_note(&e, &o, "tab\there", &err),
		       BO_EINVAL, err, e, "note");
	assert_refused(bo_order_decide_note(&e, &o, "cr\r\n", &err), BO_EINVAL,
		       err, e, "note");
	assert_refused(bo_order_decide_note(&e, &o, "\xe2\x80\xae evil", &err),
		       BO_EINVAL, err, e, "note");
	free(max);
	free(over);
	bo_order_clear(&o);
	given_nothing(&o);
	assert_refused(bo_order_decide_note(&e, &o, "hello", &err),
		       BO_ENOTFOUND, err, e, "order 99 does not exist");
}

/* ---- apply --------------------------------------------------------------- */

static void apply_placed_sums_total_and_tax_once_per_line(void **state)
{
	/* 3 x 2.50 at 20 %: 7.50 holds 1.25. 1 x 9.99 at 7 %: 0.6535 -> 0.65.
	 * 2 x 10.99 at 19 %: 21.98 holds 3.5094 -> 3.51 (per unit it would be
	 * 1.75 + 1.75 = 3.50: the line is what is rounded). */
	bo_product shirt = {.id = 9,
			    .sku = "T-1",
			    .name = "Shirt",
			    .price = 1099,
			    .tax_bp = 1900};
	bo_order_place_line lines[] = {
	    {&pen, "P-1", 3}, {&ink, "P-2", 1}, {&shirt, "T-1", 2}};
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", "Ann", lines,
					       3, &err),
			 BO_OK);
	e.version = 1;
	e.recorded_at = 5000;
	assert_int_equal(bo_order_apply(&o, &e), BO_OK);
	assert_int_equal(o.id, ORDER_ID);
	assert_int_equal(o.version, 1);
	assert_int_equal(o.status, BO_ORDER_PLACED);
	assert_string_equal(o.currency, "EUR");
	assert_string_equal(o.customer_email, "ann@example.com");
	assert_string_equal(o.customer_name, "Ann");
	assert_int_equal(o.nlines, 3);
	assert_string_equal(o.lines[2].name, "Shirt");
	assert_int_equal(o.items, 6);
	assert_int_equal(o.total, 750 + 999 + 2198);
	assert_int_equal(o.tax, 125 + 65 + 351);
	assert_int_equal(o.paid, 0);
	assert_int_equal(o.placed_at, 5000);
	assert_int_equal(o.updated_at, 5000);
	assert_int_equal(bo_order_outstanding(&o), 3947);
	assert_int_equal(bo_order_refundable(&o), 0);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void apply_payments_reach_paid_only_when_complete(void **state)
{
	bo_order o = {0};
	(void)state;

	given_placed(&o);
	given_payment(&o, 1000);
	assert_int_equal(o.status, BO_ORDER_PLACED);
	assert_int_equal(o.paid, 1000);
	assert_int_equal(o.paid_at, 0);
	assert_int_equal(bo_order_outstanding(&o), 749);
	given_payment(&o, 749);
	assert_int_equal(o.status, BO_ORDER_PAID);
	assert_int_equal(o.paid, 1749);
	assert_int_equal(o.paid_at, 3000);
	assert_int_equal(o.version, 3);
	assert_int_equal(o.updated_at, 3000);
	assert_int_equal(bo_order_outstanding(&o), 0);
	assert_int_equal(bo_order_refundable(&o), 1749);
	bo_order_clear(&o);
}

static void apply_follows_the_whole_life_of_an_order(void **state)
{
	bo_order o = {0};
	bo_event e = {.kind = BO_EV_PAYMENT_FAILED, .order_id = ORDER_ID};
	(void)state;

	given_placed(&o);
	e.reason = strdup("card declined");
	play(&o, &e);
	assert_int_equal(o.payment_failures, 1);
	given_payment(&o, 1749);
	e = (bo_event){.kind = BO_EV_ORDER_SHIPPED, .order_id = ORDER_ID};
	e.carrier = strdup("DHL");
	e.tracking = strdup("123");
	play(&o, &e);
	assert_int_equal(o.status, BO_ORDER_SHIPPED);
	assert_string_equal(o.carrier, "DHL");
	assert_string_equal(o.tracking, "123");
	assert_int_equal(o.shipped_at, 4000);
	e = (bo_event){.kind = BO_EV_ORDER_DELIVERED, .order_id = ORDER_ID};
	play(&o, &e);
	assert_int_equal(o.status, BO_ORDER_DELIVERED);
	assert_int_equal(o.delivered_at, 5000);
	given_refund(&o, 250);
	assert_int_equal(o.refunded, 250);
	assert_int_equal(o.status, BO_ORDER_DELIVERED);
	assert_int_equal(bo_order_refundable(&o), 1499);
	e = (bo_event){.kind = BO_EV_NOTE_ADDED, .order_id = ORDER_ID};
	e.text = strdup("thanks");
	play(&o, &e);
	assert_int_equal(o.notes, 1);
	assert_int_equal(o.version, 7);
	assert_int_equal(o.updated_at, 7000);
	bo_order_clear(&o);
}

static void apply_cancel_records_reason_and_time(void **state)
{
	bo_order o = {0};
	(void)state;

	given_placed(&o);
	given_cancelled(&o);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	assert_string_equal(o.cancel_reason, "customer asked");
	assert_int_equal(o.cancelled_at, 2000);
	/* A refund after cancelling keeps it cancelled. */
	given_refund(&o, 0);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	bo_order_clear(&o);
}

static void apply_other_kinds_only_advance_the_version(void **state)
{
	bo_order o = {0}, before;
	bo_event e = {.kind = BO_EV_UNKNOWN};
	(void)state;

	given_placed(&o);
	before = o;
	e.type_name = strdup("OrderTeleported");
	play(&o, &e);
	e = (bo_event){.kind = BO_EV_PRODUCT_UPDATED};
	play(&o, &e);
	assert_int_equal(o.version, 3);
	assert_int_equal(o.updated_at, 3000);
	assert_int_equal(o.status, before.status);
	assert_int_equal(o.total, before.total);
	assert_int_equal(o.paid, before.paid);
	bo_order_clear(&o);
}

static void apply_amount_overflow_is_refused(void **state)
{
	bo_order o = {0};
	bo_event e = {.kind = BO_EV_PAYMENT_RECEIVED, .amount = INT64_MAX};
	bo_order_line big[] = {{1, "G", "Gold", INT64_MAX / 2, 0, 3}};
	bo_event placed = {.kind = BO_EV_ORDER_PLACED,
			   .order_id = 5,
			   .lines = big,
			   .nlines = 1};
	(void)state;

	given_placed(&o);
	given_payment(&o, 1);
	e.version = 4;
	assert_int_equal(bo_order_apply(&o, &e), BO_EINVAL);
	assert_int_equal(o.paid, 1); /* untouched */
	assert_int_equal(o.version, 2);
	e.kind = BO_EV_REFUND_ISSUED;
	given_refund(&o, 1);
	assert_int_equal(bo_order_apply(&o, &e), BO_EINVAL);
	assert_int_equal(o.refunded, 1);
	/* A corrupted OrderPlaced leaves the state as it was. */
	assert_int_equal(bo_order_apply(&o, &placed), BO_EINVAL);
	assert_int_equal(o.id, ORDER_ID);
	assert_int_equal(o.total, 1749);
	bo_order_clear(&o);
}

static void apply_free_order_is_paid_at_once(void **state)
{
	bo_product freebie = {.id = 8, .sku = "F-1", .name = "Sticker"};
	bo_order_place_line lines[] = {{&freebie, "F-1", 2}};
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;
	(void)state;

	assert_int_equal(bo_order_decide_place(&e, ORDER_ID, "EUR",
					       "ann@example.com", NULL, lines,
					       1, &err),
			 BO_OK);
	play(&o, &e);
	assert_int_equal(o.status, BO_ORDER_PAID);
	assert_int_equal(o.total, 0);
	assert_int_equal(o.paid_at, 1000);
	assert_int_equal(bo_order_decide_ship(&e, &o, NULL, NULL, &err), BO_OK);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

/* ---- checking recorded events (import) ------------------------------------ */

/* Then: the recorded event e is accepted after state o. */
static void assert_accepted(const bo_order *o, const bo_event *e)
{
	bo_err err = {0};
	int rc = bo_order_check_event(o, ORDER_ID, e, "EUR", &err);

	if (rc != BO_OK)
		fail_msg("refused (%d): %s", rc, err.msg);
}

/* Then: refused with BO_EINVAL and a message holding needle. */
static void assert_check_refused(const bo_order *o, const bo_event *e,
				 const char *needle)
{
	bo_err err = {0};

	assert_int_equal(bo_order_check_event(o, ORDER_ID, e, "EUR", &err),
			 BO_EINVAL);
	assert_int_equal(err.code, BO_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("message \"%s\" does not name \"%s\"", err.msg,
			 needle);
}

/* The OrderPlaced the live command records for 3 pens and 1 ink. */
static void placed_event(bo_event *e)
{
	bo_order_place_line lines[] = {{&pen, "P-1", 3}, {&ink, "P-2", 1}};
	bo_err err;

	assert_int_equal(bo_order_decide_place(e, ORDER_ID, "EUR",
					       "ann@example.com", "Ann", lines,
					       2, &err),
			 BO_OK);
}

static void check_accepts_what_the_commands_record(void **state)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_err err;

	(void)state;
	placed_event(&e);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_pay(&e, &o, 1000, &err), BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_fail_payment(&e, &o, "declined", &err),
			 BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_pay(&e, &o, 749, &err), BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_ship(&e, &o, "DHL", "T1", &err), BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_deliver(&e, &o, &err), BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_refund(&e, &o, 1749, "all", &err),
			 BO_OK);
	assert_accepted(&o, &e);
	play(&o, &e);
	assert_int_equal(bo_order_decide_note(&e, &o, "a\nb", &err), BO_OK);
	assert_accepted(&o, &e);
	bo_event_clear(&e);
	bo_order_clear(&o);
}

static void check_refuses_a_payment_above_what_is_still_to_pay(void **state)
{
	bo_order o = {0};
	bo_event e = {.kind = BO_EV_PAYMENT_RECEIVED, .order_id = ORDER_ID};

	(void)state;
	given_placed(&o);
	e.amount = 1750;
	assert_check_refused(&o, &e,
			     "order 12: PaymentReceived is refused: amount "
			     "17.50 is more than the 17.49 still to pay");
	e.amount = INT64_MAX;
	assert_check_refused(&o, &e, "still to pay");
	e.amount = 0;
	assert_check_refused(&o, &e, "amount must be more than 0");
	e.amount = -5;
	assert_check_refused(&o, &e, "amount must be more than 0");
	given_payment(&o, 1749);
	e.amount = 1;
	assert_check_refused(&o, &e, "order 12 is already paid");
	bo_order_clear(&o);
}

static void check_refuses_refunds_above_what_was_paid(void **state)
{
	bo_order o = {0};
	bo_event e = {.kind = BO_EV_REFUND_ISSUED,
		      .order_id = ORDER_ID,
		      .amount = 1,
		      .reason = "sorry"};

	(void)state;
	given_placed(&o);
	assert_check_refused(&o, &e,
			     "RefundIssued is refused: refund 0.01 is more "
			     "than the 0.00 refundable");
	given_payment(&o, 500);
	e.amount = 500;
	assert_accepted(&o, &e);
	e.amount = 501;
	assert_check_refused(&o, &e, "more than the 5.00 refundable");
	bo_order_clear(&o);
}

static void check_refuses_what_the_state_forbids(void **state)
{
	bo_order o = {0};
	bo_event ship = {.kind = BO_EV_ORDER_SHIPPED, .order_id = ORDER_ID};
	bo_event deliver = {.kind = BO_EV_ORDER_DELIVERED,
			    .order_id = ORDER_ID};
	bo_event pay = {.kind = BO_EV_PAYMENT_RECEIVED,
			.order_id = ORDER_ID,
			.amount = 100};
	bo_event cancel = {.kind = BO_EV_ORDER_CANCELLED,
			   .order_id = ORDER_ID,
			   .reason = "late"};
	bo_event note = {
	    .kind = BO_EV_NOTE_ADDED, .order_id = ORDER_ID, .text = "hi"};

	(void)state;
	given_placed(&o);
	assert_check_refused(&o, &ship,
			     "cannot be shipped before it is fully paid");
	assert_check_refused(&o, &deliver,
			     "cannot be delivered before it is shipped");
	given_cancelled(&o);
	assert_check_refused(&o, &ship, "OrderShipped is refused: order 12 "
					"is cancelled");
	assert_check_refused(&o, &pay, "order 12 is cancelled");
	assert_check_refused(&o, &cancel, "order 12 is cancelled");
	assert_accepted(&o, &note); /* notes are allowed after a cancel */
	bo_order_clear(&o);

	given_shipped(&o);
	assert_check_refused(&o, &cancel,
			     "order 12 is already shipped and cannot be "
			     "cancelled");
	assert_check_refused(&o, &ship, "order 12 is already shipped");
	bo_order_clear(&o);
}

static void check_refuses_a_stream_that_does_not_open_with_placed(void **state)
{
	bo_order o = {0};
	bo_event pay = {.kind = BO_EV_PAYMENT_RECEIVED,
			.order_id = ORDER_ID,
			.amount = 100};
	bo_event placed = {0};
	bo_event gift = {.kind = BO_EV_UNKNOWN, .order_id = 0};

	(void)state;
	assert_check_refused(&o, &pay,
			     "order 12: PaymentReceived comes before "
			     "OrderPlaced");
	placed_event(&placed);
	given_placed(&o);
	assert_check_refused(&o, &placed, "order 12: OrderPlaced again");
	/* an unknown kind is kept as it is, wherever it comes */
	assert_accepted(&o, &gift);
	bo_event_clear(&placed);
	bo_order_clear(&o);
}

static void check_refuses_a_payload_naming_another_order(void **state)
{
	bo_order o = {0};
	bo_event pay = {
	    .kind = BO_EV_PAYMENT_RECEIVED, .order_id = 13, .amount = 100};
	bo_event placed = {0};
	bo_event product = {.kind = BO_EV_PRODUCT_UPDATED};

	(void)state;
	placed_event(&placed);
	placed.order_id = 13;
	assert_check_refused(&o, &placed,
			     "order 12: the OrderPlaced payload names order "
			     "13");
	given_placed(&o);
	assert_check_refused(&o, &pay,
			     "order 12: the PaymentReceived payload names "
			     "order 13");
	assert_check_refused(&o, &product,
			     "a ProductUpdated event does not belong in an "
			     "order stream");
	bo_event_clear(&placed);
	bo_order_clear(&o);
}

static void check_placed_lines_follow_the_order_and_product_rules(void **state)
{
	bo_order none = {0};
	bo_event e = {0};
	bo_order_line *l;

	(void)state;
	placed_event(&e);
	l = &e.lines[0];
	l->quantity = 0;
	assert_check_refused(&none, &e,
			     "OrderPlaced is refused: quantity of line 1 (SKU "
			     "P-1) must be 1 to 10000");
	l->quantity = 10001;
	assert_check_refused(&none, &e, "must be 1 to 10000");
	l->quantity = 3;
	l->tax_bp = 10001;
	assert_check_refused(&none, &e,
			     "line 1: tax rate must be 0 to 100 percent");
	l->tax_bp = 2000;
	l->product_id = 0;
	assert_check_refused(&none, &e, "product id of line 1 must be above 0");
	l->product_id = 2; /* the ink's id: one product on two lines */
	assert_check_refused(&none, &e, "is on more than one line");
	l->product_id = 1;
	free(l->name);
	l->name = strdup("Pen\033[2J");
	assert_check_refused(&none, &e,
			     "line 1: name must not contain control "
			     "characters");
	free(l->name);
	l->name = strdup("Pen");
	assert_accepted(&none, &e);
	e.nlines = 0;
	assert_check_refused(&none, &e, "an order needs 1 to 100 lines");
	e.nlines = 2;
	bo_event_clear(&e);
}

static void check_placed_follows_the_store_currency_and_text_rules(void **state)
{
	bo_order none = {0};
	bo_event e = {0};
	char name[BO_CUSTOMER_NAME_MAX + 2];

	(void)state;
	placed_event(&e);
	free(e.currency);
	e.currency = strdup("USD");
	assert_check_refused(&none, &e,
			     "currency USD is not the store's currency EUR");
	free(e.currency);
	e.currency = strdup("EUR");
	free(e.customer_email);
	e.customer_email = strdup("nobody");
	assert_check_refused(&none, &e, "customer email must have one @");
	free(e.customer_email);
	e.customer_email = strdup("ann@example.com");
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	free(e.customer_name);
	e.customer_name = strdup(name);
	assert_check_refused(&none, &e,
			     "customer name must be at most 200 characters");
	/* an empty name is not what the command records (it records none) */
	free(e.customer_name);
	e.customer_name = strdup("");
	assert_check_refused(&none, &e, "the customer name of OrderPlaced");
	bo_event_clear(&e);
}

static void check_text_limits_are_the_commands(void **state)
{
	bo_order o = {0};
	char *big = malloc(BO_NOTE_MAX + 2);
	bo_event note = {.kind = BO_EV_NOTE_ADDED, .order_id = ORDER_ID};
	bo_event fail = {.kind = BO_EV_PAYMENT_FAILED, .order_id = ORDER_ID};
	bo_event ship = {.kind = BO_EV_ORDER_SHIPPED, .order_id = ORDER_ID};

	(void)state;
	assert_non_null(big);
	memset(big, 'x', BO_NOTE_MAX + 1);
	big[BO_NOTE_MAX + 1] = '\0';
	given_placed(&o);
	note.text = big;
	assert_check_refused(&o, &note,
			     "NoteAdded is refused: note must be 1 to 2000 "
			     "characters");
	big[BO_NOTE_MAX] = '\0';
	assert_accepted(&o, &note);
	note.text = "";
	assert_check_refused(&o, &note, "note is required");
	big[BO_REASON_MAX + 1] = '\0';
	fail.reason = big;
	assert_check_refused(&o, &fail,
			     "PaymentFailed is refused: reason must be 1 to "
			     "500 characters");
	given_payment(&o, 1749);
	big[BO_CARRIER_MAX + 1] = '\0';
	ship.carrier = big;
	assert_check_refused(&o, &ship, "carrier must be at most 100");
	/* an empty carrier is recorded as none by the command */
	ship.carrier = "";
	assert_check_refused(&o, &ship, "the carrier of OrderShipped");
	ship.carrier = NULL;
	assert_accepted(&o, &ship);
	free(big);
	bo_order_clear(&o);
}

/* ---- asking before typing: the state checks alone ------------------------ */

static void may_refund_asks_whether_anything_is_refundable(void **state)
{
	bo_order o = {0};
	bo_err err;
	(void)state;

	given_placed(&o);
	assert_int_equal(bo_order_may_refund(&o, 0, &err), BO_ECONFLICT);
	assert_string_equal(err.msg, "order 12 has nothing to refund: paid "
				     "0.00, refunded 0.00");
	given_payment(&o, 1000);
	assert_int_equal(bo_order_may_refund(&o, 0, &err), BO_OK);
	given_refund(&o, 1000);
	assert_int_equal(bo_order_may_refund(&o, 0, &err), BO_ECONFLICT);
	assert_string_equal(err.msg, "order 12 has nothing to refund: paid "
				     "10.00, refunded 10.00");
	assert_int_equal(bo_order_may_refund(&o, 1, &err), BO_EINVAL);
	assert_string_equal(err.msg,
			    "refund 0.01 is more than the 0.00 refundable");
	bo_order_clear(&o);
}

static void may_cancel_says_what_decide_cancel_says(void **state)
{
	bo_order o = {0};
	bo_err err;
	(void)state;

	given_paid(&o);
	assert_int_equal(bo_order_may_cancel(&o, &err), BO_OK);
	given_cancelled(&o);
	assert_int_equal(bo_order_may_cancel(&o, &err), BO_ECONFLICT);
	assert_string_equal(err.msg, "order 12 is cancelled");
	bo_order_clear(&o);
	given_delivered(&o);
	assert_int_equal(bo_order_may_cancel(&o, &err), BO_ECONFLICT);
	assert_string_equal(err.msg, "order 12 is already delivered and cannot "
				     "be cancelled");
	bo_order_clear(&o);
	given_nothing(&o);
	assert_int_equal(bo_order_may_cancel(&o, &err), BO_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(status_names_round_trip_except_none),
	    cmocka_unit_test(place_records_the_products_as_they_are_now),
	    cmocka_unit_test(place_without_a_name_stores_none),
	    cmocka_unit_test(place_accepts_100_lines_and_max_quantity),
	    cmocka_unit_test(place_without_lines_is_refused),
	    cmocka_unit_test(place_with_101_lines_is_refused),
	    cmocka_unit_test(
		place_quantity_outside_range_is_refused_naming_line),
	    cmocka_unit_test(place_unknown_product_is_not_found),
	    cmocka_unit_test(place_retired_product_is_refused),
	    cmocka_unit_test(place_same_sku_twice_is_refused),
	    cmocka_unit_test(place_with_a_bad_email_is_refused),
	    cmocka_unit_test(place_with_a_bad_name_is_refused),
	    cmocka_unit_test(place_whose_total_overflows_is_refused),
	    cmocka_unit_test(place_in_an_unknown_currency_is_refused),
	    cmocka_unit_test(pay_records_the_payment),
	    cmocka_unit_test(pay_on_a_missing_order_is_not_found),
	    cmocka_unit_test(pay_of_nothing_or_less_is_refused),
	    cmocka_unit_test(
		pay_above_outstanding_is_refused_with_both_amounts),
	    cmocka_unit_test(pay_on_a_paid_order_is_a_conflict),
	    cmocka_unit_test(pay_on_a_cancelled_order_is_a_conflict),
	    cmocka_unit_test(fail_payment_records_the_reason),
	    cmocka_unit_test(fail_payment_needs_a_valid_reason),
	    cmocka_unit_test(
		fail_payment_on_missing_paid_or_cancelled_is_refused),
	    cmocka_unit_test(ship_a_paid_order_records_carrier_and_tracking),
	    cmocka_unit_test(ship_without_carrier_or_tracking_stores_none),
	    cmocka_unit_test(ship_before_full_payment_is_a_conflict),
	    cmocka_unit_test(ship_twice_is_a_conflict),
	    cmocka_unit_test(ship_a_cancelled_or_missing_order_is_refused),
	    cmocka_unit_test(ship_with_bad_carrier_or_tracking_is_refused),
	    cmocka_unit_test(deliver_a_shipped_order),
	    cmocka_unit_test(deliver_before_shipping_is_a_conflict),
	    cmocka_unit_test(deliver_twice_cancelled_or_missing_is_refused),
	    cmocka_unit_test(cancel_placed_or_paid_order_records_reason),
	    cmocka_unit_test(cancel_after_shipping_is_a_conflict),
	    cmocka_unit_test(cancel_twice_is_a_conflict),
	    cmocka_unit_test(cancel_needs_a_reason_and_an_order),
	    cmocka_unit_test(refund_records_amount_and_reason),
	    cmocka_unit_test(refund_is_allowed_in_every_existing_status),
	    cmocka_unit_test(refund_above_paid_is_refused),
	    cmocka_unit_test(refund_of_an_unpaid_order_is_refused),
	    cmocka_unit_test(refund_needs_positive_amount_reason_and_order),
	    cmocka_unit_test(may_refund_asks_whether_anything_is_refundable),
	    cmocka_unit_test(may_cancel_says_what_decide_cancel_says),
	    cmocka_unit_test(note_keeps_newlines),
	    cmocka_unit_test(note_on_a_cancelled_order_is_accepted),
	    cmocka_unit_test(note_text_rules_are_enforced),
	    cmocka_unit_test(apply_placed_sums_total_and_tax_once_per_line),
	    cmocka_unit_test(apply_payments_reach_paid_only_when_complete),
	    cmocka_unit_test(apply_follows_the_whole_life_of_an_order),
	    cmocka_unit_test(apply_cancel_records_reason_and_time),
	    cmocka_unit_test(apply_other_kinds_only_advance_the_version),
	    cmocka_unit_test(apply_amount_overflow_is_refused),
	    cmocka_unit_test(apply_free_order_is_paid_at_once),
	    cmocka_unit_test(check_accepts_what_the_commands_record),
	    cmocka_unit_test(check_refuses_a_payment_above_what_is_still_to_pay),
	    cmocka_unit_test(check_refuses_refunds_above_what_was_paid),
	    cmocka_unit_test(check_refuses_what_the_state_forbids),
	    cmocka_unit_test(
		check_refuses_a_stream_that_does_not_open_with_placed),
	    cmocka_unit_test(check_refuses_a_payload_naming_another_order),
	    cmocka_unit_test(
		check_placed_lines_follow_the_order_and_product_rules),
	    cmocka_unit_test(
		check_placed_follows_the_store_currency_and_text_rules),
	    cmocka_unit_test(check_text_limits_are_the_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
