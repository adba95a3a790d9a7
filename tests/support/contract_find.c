/* Contract tests of the search keys: order_keys, order_find, the product SKUs (product_skus), and their place in reset, diff and rebuild. */
#include "tests/support/contract_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/projections/engine.h"
#include "domain/projections/projections.h"
#include "domain/search_keys.h"

static void key(ct_fx *f, int64_t id, const char *kind, const char *k)
{
	OK(bo_rm_key_add(&f->p.rm, id, kind, k, &f->err));
}

/* Five orders and their keys, as the projector would write them. */
static void add_keyed_orders(ct_fx *f)
{
	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "Ann@Example.com", "Ann Lee");
	key(f, 1, BO_KEY_EMAIL, "ann@example.com");
	key(f, 1, BO_KEY_NAME, "ann lee");
	key(f, 1, BO_KEY_NAME, "ann");
	key(f, 1, BO_KEY_NAME, "lee");
	key(f, 1, BO_KEY_SKU, "mug-01");
	ct_put_order(f, 2, BO_ORDER_SHIPPED, "bo@example.com", NULL);
	key(f, 2, BO_KEY_EMAIL, "bo@example.com");
	key(f, 2, BO_KEY_SKU, "tea_2");
	key(f, 2, BO_KEY_SKU, "tea_2"); /* a second line of one SKU */
	key(f, 2, BO_KEY_TRACKING, "00340434de");
	ct_put_order(f, 3, BO_ORDER_PAID, "ann@example.com", "Annika Berg");
	key(f, 3, BO_KEY_EMAIL, "ann@example.com");
	key(f, 3, BO_KEY_NAME, "annika berg");
	key(f, 3, BO_KEY_NAME, "annika");
	key(f, 3, BO_KEY_NAME, "berg");
	key(f, 3, BO_KEY_SKU, "mug-02");
	ct_put_order(f, 12, BO_ORDER_PLACED, "zoë@example.com", "Zoë");
	key(f, 12, BO_KEY_EMAIL, "zoë@example.com");
	key(f, 12, BO_KEY_NAME, "zoë");
	key(f, 12, BO_KEY_SKU, "teapot");
	ct_put_order(f, 120, BO_ORDER_PLACED, "cy@example.com", NULL);
	key(f, 120, BO_KEY_EMAIL, "cy@example.com");
	key(f, 120, BO_KEY_TRACKING, "12ab");
	COMMIT();
}

static void found_at(ct_fx *f, const bo_order_find *q, const char *want,
		     const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(bo_rm_order_find(&f->p.rm, q, ct_order_cb, &j, &f->err),
		 &f->err, "bo_rm_order_find", file, line);
	ct_joined_is_at(&j, want, file, line);
}
/* FOUND("3,1", .text = "ann", .descending = 1): the ids q finds. */
#define FOUND(want, ...)                                                       \
	do {                                                                   \
		bo_order_find q_ = {__VA_ARGS__};                              \
		found_at(f, &q_, (want), __FILE__, __LINE__);                  \
	} while (0)

static void find_matches_the_start_of_every_kind_of_key(void **state)
{
	ct_fx *f = *state;

	FOUND("", .text = "ann");
	add_keyed_orders(f);
	FOUND("1,3", .text = "ann");             /* e-mail and names */
	FOUND("1", .text = "lee");               /* a word of the name */
	FOUND("1", .text = "ann l");             /* the whole name */
	FOUND("3", .text = "berg");
	FOUND("1,3", .text = "mug-0");           /* SKU */
	FOUND("2,12", .text = "tea");            /* tea_2, teapot */
	FOUND("2", .text = "tea_");              /* '_' is no wildcard */
	FOUND("", .text = "tea%");               /* nor is '%' */
	FOUND("2", .text = "0034");              /* tracking number */
	FOUND("12", .text = "zoë");              /* multi-byte text */
	FOUND("12", .text = "zo");
	FOUND("", .text = "example.com");        /* a prefix, not a substring */
	FOUND("", .text = "nobody");
}

static void find_gives_each_order_once_in_the_order_asked(void **state)
{
	ct_fx *f = *state;

	add_keyed_orders(f);
	/* order 1 matches by e-mail, the whole name and a word: still once */
	FOUND("1,3", .text = "a");
	FOUND("3,1", .text = "a", .descending = 1);
	FOUND("1,2,3,12,120", .text = "", .descending = 0);
}

static void find_pages_by_after_id_and_limit(void **state)
{
	ct_fx *f = *state;
	bo_order_find q = {.text = "", .descending = 1};
	ct_joined j = {.stop_at = 2};

	add_keyed_orders(f);
	FOUND("1,2", .text = "", .limit = 2);
	FOUND("3,12", .text = "", .after_id = 2, .limit = 2);
	FOUND("120", .text = "", .after_id = 12, .limit = 2);
	FOUND("", .text = "", .after_id = 120);
	FOUND("120,12", .text = "", .descending = 1, .limit = 2);
	FOUND("3,2", .text = "", .descending = 1, .after_id = 12, .limit = 2);
	FOUND("1", .text = "", .descending = 1, .after_id = 2);
	FOUND("", .text = "", .descending = 1, .after_id = 1);
	STATUS(CT_STOP, bo_rm_order_find(&f->p.rm, &q, ct_order_cb, &j,
					 &f->err));
	JOINED_IS(&j, "120,12");
}

static void find_by_kind_exactly_or_by_order_number(void **state)
{
	ct_fx *f = *state;

	add_keyed_orders(f);
	/* the customer view: one kind, the whole key */
	FOUND("1,3", .text = "ann@example.com", .kind = BO_KEY_EMAIL,
	      .exact = 1);
	FOUND("", .text = "ann@example.co", .kind = BO_KEY_EMAIL, .exact = 1);
	FOUND("", .text = "ann", .kind = BO_KEY_EMAIL, .exact = 1);
	FOUND("1,3", .text = "ann", .kind = BO_KEY_EMAIL);
	FOUND("", .text = "lee", .kind = BO_KEY_EMAIL);
	/* an order number: that order, and keys starting with the digits */
	FOUND("12,120", .text = "12", .order_id = 12);
	FOUND("3", .text = "3", .order_id = 3);
	FOUND("", .text = "4", .order_id = 4); /* no such order */
	FOUND("120,12", .text = "12", .order_id = 12, .descending = 1);
	FOUND("12", .text = "12", .order_id = 12, .descending = 1,
	      .after_id = 120);
}

static int collect_keys(void *ctx, const bo_row *row, bo_row_side side)
{
	ct_joined *j = ctx;
	char *text = NULL, line[512];

	assert_int_equal(bo_row_format(&text, row), BO_OK);
	snprintf(line, sizeof(line), "%s|%s|%s", row->table,
		 bo_row_side_name(side), text);
	free(text);
	return ct_join_add(j, line);
}

static void reset_and_diff_cover_the_keys(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	add_keyed_orders(f);
	BEGIN();
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	OK(bo_rm_reset(&f->p.rm, &f->err));
	FOUND("", .text = "");
	/* built again alike but for one key: only that key differs */
	ct_put_order(f, 2, BO_ORDER_SHIPPED, "bo@example.com", NULL);
	key(f, 2, BO_KEY_TRACKING, "00340434de");
	key(f, 2, BO_KEY_SKU, "tea_2");
	key(f, 2, BO_KEY_EMAIL, "bo@example.com");
	ct_put_order(f, 1, BO_ORDER_PLACED, "Ann@Example.com", "Ann Lee");
	key(f, 1, BO_KEY_EMAIL, "ann@example.com");
	key(f, 1, BO_KEY_NAME, "ann lee");
	key(f, 1, BO_KEY_NAME, "ann");
	key(f, 1, BO_KEY_NAME, "lee");
	key(f, 1, BO_KEY_SKU, "mug-01");
	key(f, 1, BO_KEY_SKU, "mug-09");
	ct_put_order(f, 3, BO_ORDER_PAID, "ann@example.com", "Annika Berg");
	key(f, 3, BO_KEY_EMAIL, "ann@example.com");
	key(f, 3, BO_KEY_NAME, "annika berg");
	key(f, 3, BO_KEY_NAME, "annika");
	key(f, 3, BO_KEY_NAME, "berg");
	key(f, 3, BO_KEY_SKU, "mug-02");
	ct_put_order(f, 12, BO_ORDER_PLACED, "zoë@example.com", "Zoë");
	key(f, 12, BO_KEY_EMAIL, "zoë@example.com");
	key(f, 12, BO_KEY_NAME, "zoë");
	key(f, 12, BO_KEY_SKU, "teapot");
	ct_put_order(f, 120, BO_ORDER_PLACED, "cy@example.com", NULL);
	key(f, 120, BO_KEY_EMAIL, "cy@example.com");
	OK(bo_rm_diff(&f->p.rm, collect_keys, &j, &f->err));
	ROLLBACK();
	JOINED_IS(&j, "order_keys|only in the live model|order_id=120 "
		      "kind='tracking' key='12ab',"
		      "order_keys|only in the rebuild|order_id=1 kind='sku' "
		      "key='mug-09'");
	/* the rollback kept the keys */
	FOUND("120", .text = "12a");
}

/* The projector writes the keys each event gives, normalised. */
static void the_projection_writes_the_keys_of_its_events(void **state)
{
	ct_fx *f = *state;
	bo_event e;

	ct_mk_full(f, &e, BO_EV_ORDER_PLACED);
	e.lines[1].unit_price = 500; /* BIG times 10,000 overflows */
	if (!e.stream)
		assert_int_equal(bo_event_set_stream(&e, "order", 12), BO_OK);
	e.version = 1;
	e.position = 1;
	BEGIN();
	OK(bo_projection_apply(&f->p.rm, NULL, &e, &f->err));
	bo_event_clear(&e);
	ct_mk_full(f, &e, BO_EV_ORDER_SHIPPED);
	if (!e.stream)
		assert_int_equal(bo_event_set_stream(&e, "order", 12), BO_OK);
	e.version = 2;
	e.position = 2;
	OK(bo_projection_apply(&f->p.rm, NULL, &e, &f->err));
	bo_event_clear(&e);
	COMMIT();
	FOUND("12", .text = "zoë@example", .kind = BO_KEY_EMAIL);
	FOUND("12", .text = "zoë \"z\" Ångström", .kind = BO_KEY_NAME,
	      .exact = 1);
	FOUND("12", .text = "Ångström", .kind = BO_KEY_NAME, .exact = 1);
	FOUND("12", .text = "\"z\"", .kind = BO_KEY_NAME, .exact = 1);
	FOUND("12", .text = "tea_2", .kind = BO_KEY_SKU, .exact = 1);
	FOUND("12", .text = "mug-01", .kind = BO_KEY_SKU, .exact = 1);
	FOUND("12", .text = "jd0001 ✓", .kind = BO_KEY_TRACKING, .exact = 1);
	/* normalising folds ASCII letters only: Å stays as it is */
	FOUND("", .text = "ångström", .kind = BO_KEY_NAME);
}

/* ---- product SKUs (product_skus, product_ids_by_sku) --------------------------- */

static int ct_product_id_cb(void *ctx, int64_t id)
{
	return ct_join_id(ctx, id);
}

static void ids_are_at(ct_fx *f, const char *sku, const char *want,
		       const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(bo_rm_product_ids_by_sku(&f->p.rm, sku, ct_product_id_cb, &j,
					  &f->err),
		 &f->err, "bo_rm_product_ids_by_sku", file, line);
	ct_joined_is_at(&j, want, file, line);
}
/* IDS("MUG-1", "1,3"): the ids of the products that carried the SKU. */
#define IDS(sku, want) ids_are_at(f, (sku), (want), __FILE__, __LINE__)

static void sku(ct_fx *f, const char *s, int64_t id)
{
	OK(bo_rm_product_sku_add(&f->p.rm, s, id, &f->err));
}

static void product_skus_keep_each_pair_once_in_id_order(void **state)
{
	ct_fx *f = *state;

	IDS("MUG-1", "");
	BEGIN();
	sku(f, "MUG-1", 30);
	sku(f, "MUG-1", 4);
	sku(f, "MUG-1", 30); /* edited back to a SKU it had */
	sku(f, "MUG-10", 5);
	sku(f, "mug-1", 6); /* SKUs are compared as they are */
	sku(f, "Tasse ☕", 4);
	COMMIT();
	IDS("MUG-1", "4,30");
	IDS("MUG-10", "5");
	IDS("mug-1", "6");
	IDS("MUG-", ""); /* the whole SKU, not a prefix */
	IDS("MUG_1", "");
	IDS("Tasse ☕", "4");
	/* a rollback takes its pairs back */
	BEGIN();
	sku(f, "MUG-1", 2);
	IDS("MUG-1", "2,4,30");
	ROLLBACK();
	IDS("MUG-1", "4,30");
}

/* A Product* event of kind for product id carrying sku, appended to its
 * stream and applied by the inline projector, as a command does. */
static void product_event(ct_fx *f, bo_event_kind kind, int64_t id,
			  const char *s)
{
	static const bo_currency eur = {"EUR", 2};
	char stream[32];
	bo_event e;

	ct_mk_full(f, &e, kind);
	e.product.id = id;
	free(e.product.sku);
	e.product.sku = ct_xstrdup(s);
	snprintf(stream, sizeof(stream), "product-%lld", (long long)id);
	BEGIN();
	OK(bo_event_store_append(&f->p.events, stream,
				 ct_stream_version(f, stream), &e, 1, &f->err));
	OK(bo_projections_apply_inline(&f->p, &eur, &e, &f->err));
	COMMIT();
	bo_event_clear(&e);
}

/* A: X, then Y; B: X, then deleted. X gives A and B, Y gives A. */
static void products_over_time(ct_fx *f)
{
	product_event(f, BO_EV_PRODUCT_CREATED, 1, "X");
	product_event(f, BO_EV_PRODUCT_UPDATED, 1, "Y");
	product_event(f, BO_EV_PRODUCT_CREATED, 2, "X");
	product_event(f, BO_EV_PRODUCT_RETIRED, 2, "X");
	product_event(f, BO_EV_PRODUCT_DELETED, 2, "X");
}

static void the_projection_records_every_sku_a_product_carried(void **state)
{
	ct_fx *f = *state;

	products_over_time(f);
	IDS("X", "1,2");
	IDS("Y", "1");
	/* a delete is recorded too: a product deleted under its only SKU */
	product_event(f, BO_EV_PRODUCT_CREATED, 3, "Z");
	product_event(f, BO_EV_PRODUCT_DELETED, 3, "Z");
	IDS("Z", "3");
}

static void a_rebuild_restores_the_product_skus(void **state)
{
	static const bo_currency eur = {"EUR", 2};
	ct_fx *f = *state;
	bo_replay_stats st = {0};

	products_over_time(f);
	BEGIN();
	OK(bo_rm_reset(&f->p.rm, &f->err));
	COMMIT();
	IDS("X", "");
	IDS("Y", "");
	OK(bo_projections_rebuild(&f->p, &eur, BO_PROJECTOR_INLINE, NULL, NULL,
				  &st, &f->err));
	IDS("X", "1,2");
	IDS("Y", "1");
}

static void reset_and_diff_cover_the_product_skus(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	BEGIN();
	sku(f, "X", 1);
	sku(f, "Y", 1);
	sku(f, "X", 2);
	COMMIT();
	BEGIN();
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	OK(bo_rm_reset(&f->p.rm, &f->err));
	IDS("X", "");
	IDS("Y", "");
	/* built again but for one pair missing and one more */
	sku(f, "X", 2);
	sku(f, "X", 1);
	sku(f, "Z", 3);
	OK(bo_rm_diff(&f->p.rm, collect_keys, &j, &f->err));
	ROLLBACK();
	JOINED_IS(&j, "product_skus|only in the live model|sku='Y' "
		      "product_id=1,"
		      "product_skus|only in the rebuild|sku='Z' product_id=3");
	/* the rollback kept them */
	IDS("X", "1,2");
	IDS("Y", "1");
	IDS("Z", "");
}

/* ---- sorted order lists (the Orders screen's sorts) ---------------------------- */

static void put_sorted(ct_fx *f, int64_t id, bo_order_status status,
		       const char *email, const char *name, int64_t total,
		       int64_t placed)
{
	bo_order_row r;

	ct_mk_order(&r, id, status, email, name);
	r.total = total;
	r.placed_at = placed;
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	bo_order_row_clear(&r);
}

/* Six orders whose keys tie in places, so the id settles the order. */
static void add_sortable_orders(ct_fx *f)
{
	BEGIN();
	put_sorted(f, 1, BO_ORDER_PAID, "zed@example.com", "Ann Lee", 500,
		   T0 + 30);
	put_sorted(f, 2, BO_ORDER_PLACED, "bo@example.com", NULL, 2500, T0 + 10);
	put_sorted(f, 3, BO_ORDER_CANCELLED, "cy@example.com", "", 500, T0 + 20);
	put_sorted(f, 4, BO_ORDER_SHIPPED, "ann@example.com", "ann lee", 100,
		   T0 + 10);
	put_sorted(f, 5, BO_ORDER_DELIVERED, "dee@example.com", "Zoë", 9000,
		   T0 + 40);
	put_sorted(f, 6, BO_ORDER_PAID, "eve@example.com", "Bob", 500, T0 + 5);
	COMMIT();
}

static void listed_at(ct_fx *f, const bo_order_query *q, const char *want,
		      const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(bo_rm_order_list(&f->p.rm, q, ct_order_cb, &j, &f->err),
		 &f->err, "bo_rm_order_list", file, line);
	ct_joined_is_at(&j, want, file, line);
}
#define LISTED(want, ...)                                                      \
	do {                                                                   \
		bo_order_query q_ = {__VA_ARGS__};                             \
		q_.status = q_.status ? q_.status : -1;                        \
		listed_at(f, &q_, (want), __FILE__, __LINE__);                 \
	} while (0)

static void order_list_sorts_by_key_then_id_both_ways(void **state)
{
	ct_fx *f = *state;

	add_sortable_orders(f);
	LISTED("6,2,4,3,1,5", .sort = BO_ORDER_SORT_PLACED);
	LISTED("5,1,3,4,2,6", .sort = BO_ORDER_SORT_PLACED, .descending = 1);
	/* the name, else the e-mail, ASCII letters folded: "ann lee" (1 and
	 * 4 tie), "bo@...", "bob", "cy@..." (an empty name is none),
	 * "zoë" */
	LISTED("1,4,2,6,3,5", .sort = BO_ORDER_SORT_CUSTOMER);
	LISTED("5,3,6,2,4,1", .sort = BO_ORDER_SORT_CUSTOMER, .descending = 1);
	LISTED("4,1,3,6,2,5", .sort = BO_ORDER_SORT_TOTAL);
	LISTED("5,2,6,3,1,4", .sort = BO_ORDER_SORT_TOTAL, .descending = 1);
	/* the lifecycle: placed, paid, shipped, delivered, cancelled */
	LISTED("2,1,6,4,5,3", .sort = BO_ORDER_SORT_STATUS);
	LISTED("3,5,4,6,1,2", .sort = BO_ORDER_SORT_STATUS, .descending = 1);
	/* the filters still apply */
	LISTED("1,6", .sort = BO_ORDER_SORT_TOTAL, .status = BO_ORDER_PAID);
	LISTED("1,4", .sort = BO_ORDER_SORT_CUSTOMER, .customer = "ANN");
	LISTED("2,4,3", .sort = BO_ORDER_SORT_PLACED, .placed_from = T0 + 10,
	       .placed_to = T0 + 30);
}

static void order_list_pages_a_sort_by_key_and_id(void **state)
{
	ct_fx *f = *state;

	add_sortable_orders(f);
	/* after (500, 3): the rest of the 500s by id, then the bigger */
	LISTED("6,2", .sort = BO_ORDER_SORT_TOTAL, .after_value = 500,
	       .after_id = 3, .limit = 2);
	LISTED("5", .sort = BO_ORDER_SORT_TOTAL, .after_value = 2500,
	       .after_id = 2, .limit = 2);
	LISTED("1,4", .sort = BO_ORDER_SORT_TOTAL, .descending = 1,
	       .after_value = 500, .after_id = 3);
	LISTED("4,2", .sort = BO_ORDER_SORT_CUSTOMER, .after_text = "ann lee",
	       .after_id = 1, .limit = 2);
	LISTED("1", .sort = BO_ORDER_SORT_CUSTOMER, .descending = 1,
	       .after_text = "ann lee", .after_id = 4);
	LISTED("5,3", .sort = BO_ORDER_SORT_STATUS, .after_value = 3,
	       .after_id = 4);
	LISTED("3,1", .sort = BO_ORDER_SORT_PLACED, .after_value = T0 + 10,
	       .after_id = 4, .limit = 2);
	LISTED("", .sort = BO_ORDER_SORT_PLACED, .after_value = T0 + 40,
	       .after_id = 5);
}

static int64_t counted(ct_fx *f, bo_order_query q)
{
	int64_t n = -1;

	OK(bo_rm_order_count(&f->p.rm, &q, &n, &f->err));
	return n;
}

static void order_count_counts_what_the_filter_lists(void **state)
{
	ct_fx *f = *state;

	INT_EQ(counted(f, (bo_order_query){.status = -1}), 0);
	add_sortable_orders(f);
	INT_EQ(counted(f, (bo_order_query){.status = -1}), 6);
	/* paging, sort and limit do not change it */
	INT_EQ(counted(f, (bo_order_query){.status = -1,
					   .after_id = 4,
					   .limit = 1,
					   .sort = BO_ORDER_SORT_TOTAL}),
	       6);
	INT_EQ(counted(f, (bo_order_query){.status = BO_ORDER_PAID}), 2);
	INT_EQ(counted(f, (bo_order_query){.status = -1, .customer = "ANN"}),
	       2);
	INT_EQ(counted(f, (bo_order_query){.status = -1,
					   .placed_from = T0 + 10,
					   .placed_to = T0 + 30}),
	       3);
	INT_EQ(counted(f, (bo_order_query){.status = BO_ORDER_PLACED,
					   .customer = "nobody"}),
	       0);
}

static void put_paid(ct_fx *f, int64_t id, int64_t paid, int64_t refunded)
{
	bo_order_row r;

	ct_mk_order(&r, id, BO_ORDER_PAID, "ann@example.com", NULL);
	r.paid = paid;
	r.refunded = refunded;
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	bo_order_row_clear(&r);
}

static void order_list_filters_by_what_was_refunded(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	put_paid(f, 1, 1999, 0);
	put_paid(f, 2, 1999, 1999);
	put_paid(f, 3, 1999, 500);
	put_paid(f, 4, 0, 0);
	put_paid(f, 5, 1000, 1000);
	COMMIT();
	LISTED("1,2,3,4,5", .refunds = BO_REFUNDS_ANY_ORDER);
	LISTED("2,3,5", .refunds = BO_REFUNDS_SOME);
	LISTED("2,5", .refunds = BO_REFUNDS_FULL);
	LISTED("3", .refunds = BO_REFUNDS_PART);
	LISTED("5,2", .refunds = BO_REFUNDS_FULL, .descending = 1);
	LISTED("2,3,5", .refunds = BO_REFUNDS_SOME,
	       .sort = BO_ORDER_SORT_TOTAL, .descending = 0);
	INT_EQ(counted(f, (bo_order_query){.status = -1,
					   .refunds = BO_REFUNDS_SOME}),
	       3);
	INT_EQ(counted(f, (bo_order_query){.status = -1,
					   .refunds = BO_REFUNDS_PART}),
	       1);
}

const struct CMUnitTest bo_contract_find_tests[] = {
    CT_TEST(order_list_filters_by_what_was_refunded),
    CT_TEST(order_count_counts_what_the_filter_lists),
    CT_TEST(order_list_sorts_by_key_then_id_both_ways),
    CT_TEST(order_list_pages_a_sort_by_key_and_id),
    CT_TEST(find_matches_the_start_of_every_kind_of_key),
    CT_TEST(find_gives_each_order_once_in_the_order_asked),
    CT_TEST(find_pages_by_after_id_and_limit),
    CT_TEST(find_by_kind_exactly_or_by_order_number),
    CT_TEST(reset_and_diff_cover_the_keys),
    CT_TEST(the_projection_writes_the_keys_of_its_events),
    CT_TEST(product_skus_keep_each_pair_once_in_id_order),
    CT_TEST(the_projection_records_every_sku_a_product_carried),
    CT_TEST(a_rebuild_restores_the_product_skus),
    CT_TEST(reset_and_diff_cover_the_product_skus),
};

const size_t bo_contract_find_count =
    sizeof(bo_contract_find_tests) / sizeof(bo_contract_find_tests[0]);
