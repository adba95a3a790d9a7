/* Contract tests of the product repository, read models, user directory and rollback. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

/* ---- product repository -------------------------------------------------- */

static void insert_assigns_an_id_and_row_version_one(void **state)
{
	ct_fx *f = *state;
	bo_product a, b;

	ct_mk_product(&a, "MUG-01", "Mug");
	a.row_version = 9; /* whatever the caller had */
	ct_mk_product(&b, "MUG-02", "Other mug");
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &a, &f->err));
	OK(bo_product_repo_insert(&f->p.products, &b, &f->err));
	COMMIT();
	assert_true(a.id > 0);
	assert_true(b.id > 0);
	assert_true(a.id != b.id);
	INT_EQ(a.row_version, 1);
	INT_EQ(b.row_version, 1);
	bo_product_clear(&a);
	bo_product_clear(&b);
}

/* "SKU:threshold" ("-" for none) into a ct_joined. */
static int ct_low_stock_cb(void *ctx, const bo_product *p)
{
	char buf[96];

	if (p->low_stock_threshold.set)
		snprintf(buf, sizeof(buf), "%s:%lld", p->sku,
			 (long long)p->low_stock_threshold.value);
	else
		snprintf(buf, sizeof(buf), "%s:-", p->sku);
	return ct_join_add(ctx, buf);
}

/* The product's own low-stock threshold: none, 0 (not none), a value, none
 * again; by id, by SKU and in the listing. */
static void low_stock_threshold_is_stored_and_cleared(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;
	ct_joined j = {0};

	ct_mk_product(&p, "LOW-1", "Low");
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	assert_false(got.low_stock_threshold.set);
	bo_product_clear(&got);
	for (int i = 0; i < 3; i++) {
		p.low_stock_threshold = i == 2 ? (bo_opt_i64){false, 0}
					       : (bo_opt_i64){true, i * 40};
		BEGIN();
		OK(bo_product_repo_update(&f->p.products, &p, p.row_version,
					  &f->err));
		COMMIT();
		OK(bo_product_repo_get_by_sku(&f->p.products, "LOW-1", &got,
					      &f->err));
		ct_product_eq(&got, &p);
		bo_product_clear(&got);
	}
	bo_product_clear(&p);
	ct_mk_product(&p, "LOW-2", "Low two");
	p.low_stock_threshold = (bo_opt_i64){true, 1000000};
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	bo_product_clear(&p);
	OK(bo_product_repo_list(&f->p.products, NULL, ct_low_stock_cb, &j,
				&f->err));
	JOINED_IS(&j, "LOW-1:-,LOW-2:1000000");
}

static void inserted_product_round_trips_by_id_and_sku(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;

	memset(&p, 0, sizeof(p));
	ct_snapshot(&p, BO_EV_PRODUCT_UPDATED); /* untracked stock */
	p.id = 0;
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	/* visible inside the transaction that wrote it */
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	bo_product_clear(&got);
	COMMIT();
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	OK(bo_product_repo_get_by_sku(&f->p.products, "MUG-01", &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	bo_product_clear(&p);

	ct_mk_product(&p, "OLD-1", "Retired one");
	p.retired = true;
	p.stock = 0;
	p.price = 0;
	p.tax_bp = 10000;
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	OK(bo_product_repo_get_by_sku(&f->p.products, "OLD-1", &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	bo_product_clear(&p);
}

static void insert_honours_a_preset_id(void **state)
{
	ct_fx *f = *state;
	bo_product p, q, got;

	ct_mk_product(&p, "KEEP-42", "Restored");
	p.id = 42;
	ct_mk_product(&q, "NEXT", "Next one");
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	OK(bo_product_repo_insert(&f->p.products, &q, &f->err));
	COMMIT();
	INT_EQ(p.id, 42);
	assert_true(q.id > 0 && q.id != 42);
	OK(bo_product_repo_get_by_id(&f->p.products, 42, &got, &f->err));
	STR_EQ(got.sku, "KEEP-42");
	bo_product_clear(&got);
	bo_product_clear(&p);
	bo_product_clear(&q);
}

static void insert_with_a_taken_sku_conflicts_naming_it(void **state)
{
	ct_fx *f = *state;
	bo_product p;

	ct_add_product(f, "MUG-01", "Mug", false);
	ct_mk_product(&p, "MUG-01", "Another mug");
	BEGIN();
	STATUS(BO_ECONFLICT,
	       bo_product_repo_insert(&f->p.products, &p, &f->err));
	assert_non_null(strstr(f->err.msg, "MUG-01"));
	ROLLBACK();
	bo_product_clear(&p);
}

static void update_at_the_current_version_bumps_row_version(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;
	int64_t id = ct_add_product(f, "MUG-01", "Mug", false);

	OK(bo_product_repo_get_by_id(&f->p.products, id, &p, &f->err));
	free(p.name);
	p.name = ct_xstrdup("Renamed mug ☕");
	free(p.sku);
	p.sku = ct_xstrdup("MUG-99");
	p.price = 2500;
	p.updated_at = T0 + 5;
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, 1, &f->err));
	COMMIT();
	INT_EQ(p.row_version, 2);
	OK(bo_product_repo_get_by_id(&f->p.products, id, &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	STATUS(BO_ENOTFOUND, bo_product_repo_get_by_sku(
				 &f->p.products, "MUG-01", &got, &f->err));
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, 2, &f->err));
	COMMIT();
	INT_EQ(p.row_version, 3);
	bo_product_clear(&p);
}

static void update_at_a_stale_version_conflicts_and_keeps_the_row(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;
	int64_t id = ct_add_product(f, "MUG-01", "Mug", false);

	OK(bo_product_repo_get_by_id(&f->p.products, id, &p, &f->err));
	free(p.name);
	p.name = ct_xstrdup("Lost edit");
	BEGIN();
	STATUS(BO_ECONFLICT,
	       bo_product_repo_update(&f->p.products, &p, 2, &f->err));
	ROLLBACK();
	OK(bo_product_repo_get_by_id(&f->p.products, id, &got, &f->err));
	STR_EQ(got.name, "Mug");
	INT_EQ(got.row_version, 1);
	bo_product_clear(&got);
	bo_product_clear(&p);
}

static void update_of_a_missing_product_is_not_found(void **state)
{
	ct_fx *f = *state;
	bo_product p;

	ct_mk_product(&p, "GHOST", "Ghost");
	p.id = 777;
	BEGIN();
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_update(&f->p.products, &p, 1, &f->err));
	/* even with a version that could never match */
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_update(&f->p.products, &p, 5, &f->err));
	ROLLBACK();
	bo_product_clear(&p);
}

static void update_to_a_taken_sku_conflicts(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;
	int64_t id;

	ct_add_product(f, "MUG-01", "Mug", false);
	id = ct_add_product(f, "MUG-02", "Mug two", false);
	OK(bo_product_repo_get_by_id(&f->p.products, id, &p, &f->err));
	free(p.sku);
	p.sku = ct_xstrdup("MUG-01");
	BEGIN();
	STATUS(BO_ECONFLICT,
	       bo_product_repo_update(&f->p.products, &p, 1, &f->err));
	ROLLBACK();
	OK(bo_product_repo_get_by_id(&f->p.products, id, &got, &f->err));
	STR_EQ(got.sku, "MUG-02");
	bo_product_clear(&got);
	bo_product_clear(&p);
}

static void remove_checks_the_version_and_deletes_the_row(void **state)
{
	ct_fx *f = *state;
	bo_product got;
	int64_t id = ct_add_product(f, "MUG-01", "Mug", false);

	BEGIN();
	STATUS(BO_ECONFLICT,
	       bo_product_repo_remove(&f->p.products, id, 3, &f->err));
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_remove(&f->p.products, id + 100, 1, &f->err));
	ROLLBACK();
	OK(bo_product_repo_get_by_id(&f->p.products, id, &got, &f->err));
	bo_product_clear(&got);

	BEGIN();
	OK(bo_product_repo_remove(&f->p.products, id, 1, &f->err));
	COMMIT();
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_get_by_id(&f->p.products, id, &got, &f->err));
	STATUS(BO_ENOTFOUND, bo_product_repo_get_by_sku(
				 &f->p.products, "MUG-01", &got, &f->err));
	BEGIN();
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_remove(&f->p.products, id, 1, &f->err));
	ROLLBACK();
	/* the SKU is free again */
	ct_add_product(f, "MUG-01", "Mug again", false);
}

/* Its stream "product-<id>" lives on in the log, so an id is never reused. */
static void a_removed_products_id_is_not_handed_out_again(void **state)
{
	ct_fx *f = *state;
	int64_t first = ct_add_product(f, "MUG-01", "Mug", false);
	int64_t second = ct_add_product(f, "MUG-02", "Mug two", false);
	int64_t third;

	BEGIN();
	OK(bo_product_repo_remove(&f->p.products, second, 1, &f->err));
	COMMIT();
	third = ct_add_product(f, "MUG-03", "Mug three", false);
	assert_true(third != first);
	assert_true(third != second);
}

static void get_of_a_missing_product_is_not_found(void **state)
{
	ct_fx *f = *state;
	bo_product got;

	STATUS(BO_ENOTFOUND,
	       bo_product_repo_get_by_id(&f->p.products, 1, &got, &f->err));
	STATUS(BO_ENOTFOUND, bo_product_repo_get_by_sku(&f->p.products, "NOPE",
							&got, &f->err));
	ct_add_product(f, "MUG-01", "Mug", false);
	/* SKUs are exact: no case folding, no prefix */
	STATUS(BO_ENOTFOUND, bo_product_repo_get_by_sku(
				 &f->p.products, "mug-01", &got, &f->err));
	STATUS(BO_ENOTFOUND, bo_product_repo_get_by_sku(&f->p.products, "MUG-0",
							&got, &f->err));
}

/* Six products whose SKUs sort differently by byte and by case-folding. */
static void add_shelf(ct_fx *f)
{
	ct_add_product(f, "b-2", "Bowl", false);
	ct_add_product(f, "B-1", "Blue mug", false);
	ct_add_product(f, "a-1", "apple tea", false);
	ct_add_product(f, "A_B", "Plain plate", false);
	ct_add_product(f, "AXB", "Coffee MUG 50% off", false);
	ct_add_product(f, "C.9", "Back\\slash bowl", true);
}

static void list(ct_fx *f, const bo_product_query *q, const char *want,
		 const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(
	    bo_product_repo_list(&f->p.products, q, ct_product_cb, &j, &f->err),
	    &f->err, "bo_product_repo_list", file, line);
	ct_joined_is_at(&j, want, file, line);
}
#define LIST(q, want) list(f, (q), (want), __FILE__, __LINE__)

static void list_is_in_sku_byte_order_and_hides_retired(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {0};

	LIST(&q, "");
	add_shelf(f);
	LIST(&q, "AXB,A_B,B-1,a-1,b-2");
	q.include_retired = 1;
	LIST(&q, "AXB,A_B,B-1,C.9,a-1,b-2");
}

static void list_search_matches_sku_or_name_ignoring_case(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {0};

	add_shelf(f);
	q.search = "mug";
	LIST(&q, "AXB,B-1");
	q.search = "MUG";
	LIST(&q, "AXB,B-1");
	q.search = "B-";
	LIST(&q, "B-1,b-2");
	q.search = "axb";
	LIST(&q, "AXB");
	q.search = "bowl";
	LIST(&q, "b-2");
	q.include_retired = 1;
	LIST(&q, "C.9,b-2");
	q.search = "";
	LIST(&q, "AXB,A_B,B-1,C.9,a-1,b-2");
	q.search = "nothing like it";
	LIST(&q, "");
}

static void list_search_takes_wildcard_characters_literally(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {0};

	add_shelf(f);
	q.include_retired = 1;
	q.search = "_";
	LIST(&q, "A_B");
	q.search = "%";
	LIST(&q, "AXB");
	q.search = "A%B";
	LIST(&q, "");
	q.search = "\\";
	LIST(&q, "C.9");
	q.search = "*";
	LIST(&q, "");
	q.search = "[a]";
	LIST(&q, "");
	q.search = "'";
	LIST(&q, "");
}

static void list_pages_with_after_sku_and_limit(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {0};

	add_shelf(f);
	q.limit = 2;
	LIST(&q, "AXB,A_B");
	q.after_sku = "A_B";
	LIST(&q, "B-1,a-1");
	q.after_sku = "a-1";
	LIST(&q, "b-2");
	q.after_sku = "b-2";
	LIST(&q, "");
	q.limit = 0;
	q.after_sku = "AXB";
	LIST(&q, "A_B,B-1,a-1,b-2");
	/* paging composes with the filters */
	q.search = "b";
	q.include_retired = 1;
	q.after_sku = "B-1";
	LIST(&q, "C.9,b-2");
}

/* A positive answer is no stop: the wrappers pass it on as 0 (ports.h). */
static int count_positively(void *ctx, const bo_product *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 1;
}

static void list_stops_when_the_callback_says_so(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {0};
	ct_joined j = {0};

	add_shelf(f);
	j.stop_at = 2;
	STATUS(CT_STOP, bo_product_repo_list(&f->p.products, &q, ct_product_cb,
					     &j, &f->err));
	INT_EQ(j.count, 2);
	JOINED_IS(&j, "AXB,A_B");
	{
		int n = 0;

		OK(bo_product_repo_list(&f->p.products, &q, count_positively,
					&n, &f->err));
		INT_EQ(n, 5);
	}
}

/* ---- read models --------------------------------------------------------- */

static void order_row_round_trips_every_field(void **state)
{
	ct_fx *f = *state;
	bo_order_row r, got;

	ct_mk_order(&r, 12, BO_ORDER_SHIPPED, "zoë@example.com",
		    "Zoë Ångström");
	r.version = 5;
	memcpy(r.currency, "JPY", 4);
	r.items = 3;
	r.total = BIG;
	r.tax = 12;
	r.paid = BIG - 1;
	r.refunded = 50;
	r.payment_failures = 2;
	r.notes = 4;
	r.placed_at = T0;
	r.updated_at = T0 + 999;
	BEGIN();
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	COMMIT();
	OK(bo_rm_order_get(&f->p.rm, 12, &got, &f->err));
	ct_order_eq(&got, &r);
	bo_order_row_clear(&got);
	bo_order_row_clear(&r);

	ct_mk_order(&r, 13, BO_ORDER_PLACED, "anon@example.com", NULL);
	BEGIN();
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	COMMIT();
	OK(bo_rm_order_get(&f->p.rm, 13, &got, &f->err));
	ct_order_eq(&got, &r);
	bo_order_row_clear(&got);
	bo_order_row_clear(&r);
}

static void order_put_replaces_the_row_with_that_id(void **state)
{
	ct_fx *f = *state;
	bo_order_row r, got;
	ct_joined j = {0};
	bo_order_query q = {.status = -1};

	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_mk_order(&r, 1, BO_ORDER_PAID, "ann@example.com", "Ann B.");
	r.version = 2;
	r.paid = 1999;
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	COMMIT();
	OK(bo_rm_order_get(&f->p.rm, 1, &got, &f->err));
	ct_order_eq(&got, &r);
	bo_order_row_clear(&got);
	bo_order_row_clear(&r);
	OK(bo_rm_order_list(&f->p.rm, &q, ct_order_cb, &j, &f->err));
	JOINED_IS(&j, "1");
}

static void order_get_of_a_missing_order_is_not_found(void **state)
{
	ct_fx *f = *state;
	bo_order_row got;

	STATUS(BO_ENOTFOUND, bo_rm_order_get(&f->p.rm, 404, &got, &f->err));
}

static void add_orders(ct_fx *f)
{
	BEGIN();
	ct_put_order(f, 3, BO_ORDER_PLACED, "ann@example.com", "Ann 100% Real");
	ct_put_order(f, 1, BO_ORDER_PAID, "bob@example.com", "Bob_Smith");
	ct_put_order(f, 7, BO_ORDER_SHIPPED, "CAROL@Example.com", NULL);
	ct_put_order(f, 5, BO_ORDER_PLACED, "dave@shop.test", "Dave");
	ct_put_order(f, 10, BO_ORDER_CANCELLED, "erin@example.com", "Erin");
	COMMIT();
}

static void orders(ct_fx *f, int status, const char *customer, int64_t after,
		   int64_t limit, const char *want, const char *file, int line)
{
	bo_order_query q = {.status = status,
			    .customer = customer,
			    .after_id = after,
			    .limit = limit};
	ct_joined j = {0};

	ct_ok_at(bo_rm_order_list(&f->p.rm, &q, ct_order_cb, &j, &f->err),
		 &f->err, "bo_rm_order_list", file, line);
	ct_joined_is_at(&j, want, file, line);
}
#define ORDERS(status, customer, after, limit, want)                           \
	orders(f, (status), (customer), (after), (limit), (want), __FILE__,    \
	       __LINE__)

static void order_list_is_in_id_order_and_filters_by_status(void **state)
{
	ct_fx *f = *state;

	ORDERS(-1, NULL, 0, 0, "");
	add_orders(f);
	ORDERS(-1, NULL, 0, 0, "1,3,5,7,10");
	ORDERS(BO_ORDER_PLACED, NULL, 0, 0, "3,5");
	ORDERS(BO_ORDER_CANCELLED, NULL, 0, 0, "10");
	ORDERS(BO_ORDER_DELIVERED, NULL, 0, 0, "");
}

static void order_list_customer_filter_is_a_literal_substring(void **state)
{
	ct_fx *f = *state;

	add_orders(f);
	ORDERS(-1, "example.COM", 0, 0, "1,3,7,10");
	ORDERS(-1, "carol", 0, 0, "7"); /* by email; the name is NULL */
	ORDERS(-1, "real", 0, 0, "3");  /* by name */
	ORDERS(-1, "_", 0, 0, "1");
	ORDERS(-1, "%", 0, 0, "3");
	ORDERS(-1, "b%b", 0, 0, "");
	ORDERS(-1, "", 0, 0, "1,3,5,7,10");
	ORDERS(BO_ORDER_PLACED, "dave", 0, 0, "5");
	ORDERS(BO_ORDER_PAID, "dave", 0, 0, "");
}

static void order_list_pages_by_after_id_and_limit(void **state)
{
	ct_fx *f = *state;
	bo_order_query q = {.status = -1};
	ct_joined j = {0};

	add_orders(f);
	ORDERS(-1, NULL, 0, 2, "1,3");
	ORDERS(-1, NULL, 3, 2, "5,7");
	ORDERS(-1, NULL, 7, 2, "10");
	ORDERS(-1, NULL, 10, 2, "");
	ORDERS(-1, NULL, 4, 0, "5,7,10");
	ORDERS(BO_ORDER_PLACED, NULL, 3, 0, "5");
	j.stop_at = 3;
	STATUS(CT_STOP,
	       bo_rm_order_list(&f->p.rm, &q, ct_order_cb, &j, &f->err));
	JOINED_IS(&j, "1,3,5");
}

static void orders_q(ct_fx *f, const bo_order_query *q, const char *want,
		     const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(bo_rm_order_list(&f->p.rm, q, ct_order_cb, &j, &f->err),
		 &f->err, "bo_rm_order_list", file, line);
	ct_joined_is_at(&j, want, file, line);
}
/* ORDERS_Q("10,7", .status = -1, .descending = 1): the ids q lists. */
#define ORDERS_Q(want, ...)                                                    \
	do {                                                                   \
		bo_order_query q_ = {__VA_ARGS__};                             \
		orders_q(f, &q_, (want), __FILE__, __LINE__);                  \
	} while (0)

static void order_list_descending_pages_down_from_the_last_id(void **state)
{
	ct_fx *f = *state;

	add_orders(f);
	ORDERS_Q("10,7,5,3,1", .status = -1, .descending = 1);
	ORDERS_Q("10,7", .status = -1, .descending = 1, .limit = 2);
	ORDERS_Q("5,3", .status = -1, .descending = 1, .after_id = 7,
		 .limit = 2);
	ORDERS_Q("1", .status = -1, .descending = 1, .after_id = 3, .limit = 2);
	ORDERS_Q("", .status = -1, .descending = 1, .after_id = 1);
	ORDERS_Q("5,3", .status = BO_ORDER_PLACED, .descending = 1);
	ORDERS_Q("10,7,3,1", .status = -1, .customer = "example",
		 .descending = 1);
}

static void order_list_keeps_placed_at_inside_the_half_open_range(void **state)
{
	ct_fx *f = *state;
	bo_order_row r;

	BEGIN();
	for (int64_t id = 1; id <= 5; id++) {
		ct_mk_order(&r, id, BO_ORDER_PLACED, "ann@example.com", "Ann");
		r.placed_at = T0 + id * 1000;
		OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
		bo_order_row_clear(&r);
	}
	COMMIT();
	ORDERS_Q("2,3,4", .status = -1, .placed_from = T0 + 2000,
		 .placed_to = T0 + 5000);
	ORDERS_Q("3,4,5", .status = -1, .placed_from = T0 + 3000);
	ORDERS_Q("1", .status = -1, .placed_to = T0 + 2000);
	ORDERS_Q("4,3", .status = -1, .placed_from = T0 + 2000,
		 .placed_to = T0 + 5000, .descending = 1, .limit = 2);
	ORDERS_Q("4", .status = -1, .placed_from = T0 + 2000, .after_id = 3,
		 .limit = 1);
	ORDERS_Q("", .status = -1, .placed_from = T0 + 6000);
}

/* Keeps a copy of the timeline line with version 1. */
static int keep_first_line(void *ctx, const bo_timeline_row *r)
{
	bo_timeline_row *kept = ctx;

	if (r->version == 1) {
		kept->order_id = r->order_id;
		kept->version = r->version;
		kept->position = r->position;
		kept->recorded_at = r->recorded_at;
		kept->event_id = ct_xstrdup(r->event_id);
		kept->user = ct_xstrdup(r->user);
		kept->role = ct_xstrdup(r->role);
		kept->type_name = ct_xstrdup(r->type_name);
		kept->summary = ct_xstrdup(r->summary);
	}
	return 0;
}

#define PLACED_SUMMARY "placed 3 items, total 59.97 EUR, for zoë@example.com"

static void timeline_lists_one_orders_lines_in_version_order(void **state)
{
	ct_fx *f = *state;
	bo_timeline_row want, got = {0};
	ct_joined j = {0};

	BEGIN();
	ct_add_line(f, 4, 3, "third");
	ct_add_line(f, 4, 1, PLACED_SUMMARY);
	ct_add_line(f, 5, 1, "other order");
	ct_add_line(f, 4, 2, "second");
	COMMIT();
	OK(bo_rm_timeline_list(&f->p.rm, 4, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, "1,2,3");
	OK(bo_rm_timeline_list(&f->p.rm, 5, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, "1");
	OK(bo_rm_timeline_list(&f->p.rm, 6, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, "");
	j.stop_at = 2;
	STATUS(CT_STOP,
	       bo_rm_timeline_list(&f->p.rm, 4, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, "1,2");

	ct_mk_line(&want, 4, 1, PLACED_SUMMARY);
	OK(bo_rm_timeline_list(&f->p.rm, 4, keep_first_line, &got, &f->err));
	INT_EQ(got.order_id, want.order_id);
	INT_EQ(got.version, want.version);
	INT_EQ(got.position, want.position);
	INT_EQ(got.recorded_at, want.recorded_at);
	STR_EQ(got.event_id, want.event_id);
	STR_EQ(got.user, want.user);
	STR_EQ(got.role, want.role);
	STR_EQ(got.type_name, want.type_name);
	STR_EQ(got.summary, want.summary);
	bo_timeline_row_clear(&got);
	bo_timeline_row_clear(&want);
}

static void timeline_refuses_a_second_line_for_one_version(void **state)
{
	ct_fx *f = *state;
	bo_timeline_row dup;
	ct_joined j = {0};

	BEGIN();
	ct_add_line(f, 4, 1, "first");
	ct_add_line(f, 4, 2, "second");
	COMMIT();
	ct_mk_line(&dup, 4, 2, "impostor");
	BEGIN();
	assert_true(bo_rm_timeline_add(&f->p.rm, &dup, &f->err) < 0);
	ROLLBACK();
	bo_timeline_row_clear(&dup);
	OK(bo_rm_timeline_list(&f->p.rm, 4, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, "1,2");
}

static void catalog_put_replaces_by_id_and_remove_drops_it(void **state)
{
	ct_fx *f = *state;
	bo_product p, other, got;

	memset(&p, 0, sizeof(p));
	ct_snapshot(&p, BO_EV_PRODUCT_CREATED);
	ct_mk_product(&other, "TEA-1", "Tea");
	other.id = 8;
	other.row_version = 1;
	BEGIN();
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	OK(bo_rm_catalog_put(&f->p.rm, &other, &f->err));
	COMMIT();
	OK(bo_rm_catalog_get_by_sku(&f->p.rm, "MUG-01", &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);

	/* the same product renamed and re-priced: one entry, new SKU */
	free(p.sku);
	p.sku = ct_xstrdup("MUG-02");
	p.price = 100;
	p.row_version = 4;
	p.retired = true;
	BEGIN();
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	COMMIT();
	STATUS(BO_ENOTFOUND,
	       bo_rm_catalog_get_by_sku(&f->p.rm, "MUG-01", &got, &f->err));
	OK(bo_rm_catalog_get_by_sku(&f->p.rm, "MUG-02", &got, &f->err));
	ct_product_eq(&got, &p);
	bo_product_clear(&got);

	BEGIN();
	OK(bo_rm_catalog_remove(&f->p.rm, 7, &f->err));
	COMMIT();
	STATUS(BO_ENOTFOUND,
	       bo_rm_catalog_get_by_sku(&f->p.rm, "MUG-02", &got, &f->err));
	OK(bo_rm_catalog_get_by_sku(&f->p.rm, "TEA-1", &got, &f->err));
	ct_product_eq(&got, &other);
	bo_product_clear(&got);
	bo_product_clear(&p);
	bo_product_clear(&other);
}

static void catalog_get_of_an_unknown_sku_is_not_found(void **state)
{
	ct_fx *f = *state;
	bo_product got;

	STATUS(BO_ENOTFOUND,
	       bo_rm_catalog_get_by_sku(&f->p.rm, "NOPE", &got, &f->err));
}

static void checkpoints_start_at_zero_and_move_per_projector(void **state)
{
	ct_fx *f = *state;

	INT_EQ(ct_checkpoint(f, "orders"), 0);
	BEGIN();
	OK(bo_rm_checkpoint_set(&f->p.rm, "orders", 5, &f->err));
	OK(bo_rm_checkpoint_set(&f->p.rm, "reports", 9, &f->err));
	COMMIT();
	INT_EQ(ct_checkpoint(f, "orders"), 5);
	INT_EQ(ct_checkpoint(f, "reports"), 9);
	BEGIN();
	OK(bo_rm_checkpoint_set(&f->p.rm, "orders", 12, &f->err));
	COMMIT();
	INT_EQ(ct_checkpoint(f, "orders"), 12);
	INT_EQ(ct_checkpoint(f, "reports"), 9);
}

/* One row in every read model and a checkpoint, plus one of everything else. */
static void fill_everything(ct_fx *f)
{
	bo_product p;
	bo_event e;

	ct_mk_product(&p, "MUG-01", "Mug");
	p.id = 7;
	ct_mk_note(f, &e, 1, "kept");
	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_add_line(f, 1, 1, "placed");
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	OK(bo_rm_checkpoint_set(&f->p.rm, "orders", 5, &f->err));
	OK(bo_store_setting_set(&f->p.store, "tenant", "shop", &f->err));
	ct_add_user(f, "ann", BO_ROLE_ADMIN);
	OK(bo_event_store_append(&f->p.events, "order-1", 0, &e, 1, &f->err));
	p.id = 0;
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	bo_product_clear(&p);
	bo_event_clear(&e);
}

static void read_models_hold_their_rows(ct_fx *f, bool held)
{
	bo_order_row r = {0};
	bo_product p = {0};
	ct_joined j = {0};

	STATUS(held ? BO_OK : BO_ENOTFOUND,
	       bo_rm_order_get(&f->p.rm, 1, &r, &f->err));
	bo_order_row_clear(&r);
	ORDERS(-1, NULL, 0, 0, held ? "1" : "");
	OK(bo_rm_timeline_list(&f->p.rm, 1, ct_timeline_cb, &j, &f->err));
	JOINED_IS(&j, held ? "1" : "");
	STATUS(held ? BO_OK : BO_ENOTFOUND,
	       bo_rm_catalog_get_by_sku(&f->p.rm, "MUG-01", &p, &f->err));
	bo_product_clear(&p);
}

static void reset_empties_read_models_and_nothing_else(void **state)
{
	ct_fx *f = *state;
	bo_product p;
	bo_user u;

	fill_everything(f);
	read_models_hold_their_rows(f, true);
	BEGIN();
	OK(bo_rm_reset(&f->p.rm, &f->err));
	COMMIT();
	read_models_hold_their_rows(f, false);
	/* the log, the product rows, users, settings and checkpoints stay:
	 * the engine, not reset, decides where a projector stands */
	INT_EQ(ct_checkpoint(f, "orders"), 5);
	INT_EQ(ct_stream_version(f, "order-1"), 1);
	OK(bo_product_repo_get_by_sku(&f->p.products, "MUG-01", &p, &f->err));
	bo_product_clear(&p);
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	bo_user_clear(&u);
	ct_setting_is(f, "tenant", "shop");
	/* and the read models fill again */
	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	COMMIT();
	ORDERS(-1, NULL, 0, 0, "1");
}

/* ---- user directory ------------------------------------------------------ */

static void user_round_trips_with_role_and_time(void **state)
{
	ct_fx *f = *state;
	bo_user u;

	BEGIN();
	ct_add_user(f, "ann", BO_ROLE_SUPPORT);
	ct_add_user(f, "max.m@shop", BO_ROLE_MANAGER);
	COMMIT();
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	STR_EQ(u.name, "ann");
	INT_EQ(u.role, BO_ROLE_SUPPORT);
	INT_EQ(u.created_at, T0);
	bo_user_clear(&u);
	OK(bo_user_dir_get(&f->p.users, "max.m@shop", &u, &f->err));
	INT_EQ(u.role, BO_ROLE_MANAGER);
	bo_user_clear(&u);
	STATUS(BO_ENOTFOUND,
	       bo_user_dir_get(&f->p.users, "nobody", &u, &f->err));
	STATUS(BO_ENOTFOUND, bo_user_dir_get(&f->p.users, "ANN", &u, &f->err));
}

static void users_are_listed_in_name_order(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	OK(bo_user_dir_list(&f->p.users, ct_user_cb, &j, &f->err));
	JOINED_IS(&j, "");
	BEGIN();
	ct_add_user(f, "zoe", BO_ROLE_ADMIN);
	ct_add_user(f, "bob", BO_ROLE_SUPPORT);
	ct_add_user(f, "Bob", BO_ROLE_MANAGER);
	ct_add_user(f, "ann", BO_ROLE_ADMIN);
	COMMIT();
	OK(bo_user_dir_list(&f->p.users, ct_user_cb, &j, &f->err));
	JOINED_IS(&j, "Bob,ann,bob,zoe");
	j.stop_at = 1;
	STATUS(CT_STOP, bo_user_dir_list(&f->p.users, ct_user_cb, &j, &f->err));
	JOINED_IS(&j, "Bob");
}

static void adding_a_taken_user_name_conflicts(void **state)
{
	ct_fx *f = *state;
	bo_user u = {"ann", BO_ROLE_MANAGER, T0 + 1, false}, got;

	BEGIN();
	ct_add_user(f, "ann", BO_ROLE_ADMIN);
	COMMIT();
	BEGIN();
	STATUS(BO_ECONFLICT, bo_user_dir_add(&f->p.users, &u, &f->err));
	ROLLBACK();
	OK(bo_user_dir_get(&f->p.users, "ann", &got, &f->err));
	INT_EQ(got.role, BO_ROLE_ADMIN);
	bo_user_clear(&got);
}

static void user_role_and_disabled_state_change_in_a_transaction(void **state)
{
	ct_fx *f = *state;
	bo_user u;

	BEGIN();
	ct_add_user(f, "ann", BO_ROLE_SUPPORT);
	COMMIT();
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	INT_EQ(u.disabled, false);
	bo_user_clear(&u);

	BEGIN();
	OK(bo_user_dir_set_role(&f->p.users, "ann", BO_ROLE_MANAGER, &f->err));
	OK(bo_user_dir_set_disabled(&f->p.users, "ann", true, &f->err));
	COMMIT();
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	INT_EQ(u.role, BO_ROLE_MANAGER);
	INT_EQ(u.disabled, true);
	INT_EQ(u.created_at, T0); /* kept */
	bo_user_clear(&u);

	/* rolled back: nothing changes */
	BEGIN();
	OK(bo_user_dir_set_role(&f->p.users, "ann", BO_ROLE_ADMIN, &f->err));
	OK(bo_user_dir_set_disabled(&f->p.users, "ann", false, &f->err));
	ROLLBACK();
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	INT_EQ(u.role, BO_ROLE_MANAGER);
	INT_EQ(u.disabled, true);
	bo_user_clear(&u);

	BEGIN();
	OK(bo_user_dir_set_disabled(&f->p.users, "ann", false, &f->err));
	OK(bo_user_dir_set_role(&f->p.users, "ann", BO_ROLE_SUPPORT, &f->err));
	COMMIT();
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	INT_EQ(u.role, BO_ROLE_SUPPORT);
	INT_EQ(u.disabled, false);
	bo_user_clear(&u);
}

static void changing_an_unknown_user_is_not_found(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	BEGIN();
	ct_add_user(f, "ann", BO_ROLE_ADMIN);
	COMMIT();
	BEGIN();
	STATUS(BO_ENOTFOUND, bo_user_dir_set_role(&f->p.users, "nobody",
						  BO_ROLE_ADMIN, &f->err));
	STATUS(BO_ENOTFOUND,
	       bo_user_dir_set_disabled(&f->p.users, "ANN", true, &f->err));
	ROLLBACK();
	OK(bo_user_dir_list(&f->p.users, ct_user_cb, &j, &f->err));
	JOINED_IS(&j, "ann");
}

static void user_changes_need_a_transaction(void **state)
{
	ct_fx *f = *state;
	bo_user u;

	BEGIN();
	ct_add_user(f, "ann", BO_ROLE_SUPPORT);
	COMMIT();
	if (bo_user_dir_set_role(&f->p.users, "ann", BO_ROLE_ADMIN, &f->err) ==
		BO_OK ||
	    bo_user_dir_set_disabled(&f->p.users, "ann", true, &f->err) ==
		BO_OK)
		fail_msg("a user changed outside a transaction");
	OK(bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	INT_EQ(u.role, BO_ROLE_SUPPORT);
	INT_EQ(u.disabled, false);
	bo_user_clear(&u);
}

static void a_user_added_disabled_stays_disabled(void **state)
{
	ct_fx *f = *state;
	bo_user u = {"bea", BO_ROLE_MANAGER, T0 + 5, true}, got;

	BEGIN();
	OK(bo_user_dir_add(&f->p.users, &u, &f->err));
	COMMIT();
	OK(bo_user_dir_get(&f->p.users, "bea", &got, &f->err));
	INT_EQ(got.disabled, true);
	INT_EQ(got.role, BO_ROLE_MANAGER);
	INT_EQ(got.created_at, T0 + 5);
	bo_user_clear(&got);
}

/* ---- rollback across every port ------------------------------------------ */

static void rollback_undoes_new_rows_in_every_port(void **state)
{
	ct_fx *f = *state;
	bo_product p;
	bo_event e;
	bo_user u;
	char *v = NULL;
	bo_event_list l = {0};

	ct_mk_product(&p, "MUG-01", "Mug");
	p.id = 7;
	ct_mk_note(f, &e, 1, "gone");
	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 1);
	OK(bo_store_setting_set(&f->p.store, "tenant", "shop", &f->err));
	OK(bo_event_store_append(&f->p.events, "order-1", 0, &e, 1, &f->err));
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_add_line(f, 1, 1, "placed");
	OK(bo_rm_checkpoint_set(&f->p.rm, "orders", 5, &f->err));
	ct_add_user(f, "ann", BO_ROLE_ADMIN);
	read_models_hold_their_rows(f, true);
	ROLLBACK();
	bo_product_clear(&p);

	read_models_hold_their_rows(f, false);
	INT_EQ(ct_checkpoint(f, "orders"), 0);
	STATUS(BO_ENOTFOUND,
	       bo_store_setting_get(&f->p.store, "tenant", &v, &f->err));
	free(v);
	INT_EQ(ct_head(f), 0);
	INT_EQ(ct_stream_version(f, "order-1"), 0);
	OK(bo_event_store_read_all(&f->p.events, 0, 10, &l, &f->err));
	INT_EQ(l.n, 0);
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_get_by_id(&f->p.products, 7, &p, &f->err));
	STATUS(BO_ENOTFOUND, bo_user_dir_get(&f->p.users, "ann", &u, &f->err));
	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 1);
	/* the rolled-back event id is free again */
	OK(bo_event_store_append(&f->p.events, "order-1", 0, &e, 1, &f->err));
	COMMIT();
	bo_event_list_clear(&l);
	bo_event_clear(&e);
}

static void rollback_restores_changed_and_removed_rows(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;
	bo_order_row r;
	int64_t keep, drop;

	fill_everything(f);
	keep = ct_add_product(f, "KEEP", "Keep me", false);
	drop = ct_add_product(f, "DROP", "Drop me", false);
	OK(bo_product_repo_get_by_id(&f->p.products, keep, &p, &f->err));
	free(p.name);
	p.name = ct_xstrdup("Changed");
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, 1, &f->err));
	OK(bo_product_repo_remove(&f->p.products, drop, 1, &f->err));
	OK(bo_store_setting_set(&f->p.store, "tenant", "other", &f->err));
	ct_put_order(f, 1, BO_ORDER_CANCELLED, "x@example.com", "X");
	OK(bo_rm_checkpoint_set(&f->p.rm, "orders", 9, &f->err));
	OK(bo_rm_catalog_remove(&f->p.rm, 7, &f->err));
	ROLLBACK();

	OK(bo_product_repo_get_by_id(&f->p.products, keep, &got, &f->err));
	STR_EQ(got.name, "Keep me");
	INT_EQ(got.row_version, 1);
	bo_product_clear(&got);
	OK(bo_product_repo_get_by_id(&f->p.products, drop, &got, &f->err));
	bo_product_clear(&got);
	ct_setting_is(f, "tenant", "shop");
	OK(bo_rm_order_get(&f->p.rm, 1, &r, &f->err));
	INT_EQ(r.status, BO_ORDER_PLACED);
	STR_EQ(r.customer_email, "ann@example.com");
	bo_order_row_clear(&r);
	read_models_hold_their_rows(f, true);
	INT_EQ(ct_checkpoint(f, "orders"), 5);

	/* a rolled-back reset takes nothing away */
	BEGIN();
	OK(bo_rm_reset(&f->p.rm, &f->err));
	read_models_hold_their_rows(f, false);
	ROLLBACK();
	read_models_hold_their_rows(f, true);

	/* and the version the rolled-back update used is still to be had */
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, 1, &f->err));
	COMMIT();
	INT_EQ(p.row_version, 2);
	bo_product_clear(&p);
}

/* ---- tenant registry ------------------------------------------------------ */

static void add_tenant(ct_fx *f, const char *name, const char *currency,
		       const char *zone)
{
	/* location: any text, the site is what reads it */
	bo_tenant t = {.name = (char *)name,
		       .time_zone = (char *)zone,
		       .backend = "sqlite",
		       .location = (char *)name,
		       .created_at = T0,
		       .created_by = "ann"};

	snprintf(t.currency, sizeof(t.currency), "%s", currency);
	OK(bo_tenant_dir_add(&f->p.tenants, &t, &f->err));
}

static int tenant_cb(void *ctx, const bo_tenant *t)
{
	return ct_join_add(ctx, t->name);
}

static void tenant_round_trips_every_field(void **state)
{
	ct_fx *f = *state;
	bo_tenant t = {0};

	BEGIN();
	add_tenant(f, "shop-jp", "JPY", "Asia/Tokyo");
	COMMIT();
	OK(bo_tenant_dir_get(&f->p.tenants, "shop-jp", &t, &f->err));
	STR_EQ(t.name, "shop-jp");
	STR_EQ(t.currency, "JPY");
	STR_EQ(t.time_zone, "Asia/Tokyo");
	STR_EQ(t.backend, "sqlite");
	STR_EQ(t.location, "shop-jp");
	INT_EQ(t.created_at, T0);
	STR_EQ(t.created_by, "ann");
	bo_tenant_clear(&t);
	STATUS(BO_ENOTFOUND,
	       bo_tenant_dir_get(&f->p.tenants, "shop_jp", &t, &f->err));
	STATUS(BO_ENOTFOUND,
	       bo_tenant_dir_get(&f->p.tenants, "nobody", &t, &f->err));
}

static void tenants_are_listed_in_name_order(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	OK(bo_tenant_dir_list(&f->p.tenants, tenant_cb, &j, &f->err));
	JOINED_IS(&j, "");
	BEGIN();
	add_tenant(f, "zeta", "EUR", "UTC");
	add_tenant(f, "a_b", "EUR", "UTC");
	add_tenant(f, "a-c", "EUR", "UTC");
	add_tenant(f, "9", "EUR", "UTC");
	COMMIT();
	OK(bo_tenant_dir_list(&f->p.tenants, tenant_cb, &j, &f->err));
	JOINED_IS(&j, "9,a-c,a_b,zeta");
	j.stop_at = 2;
	STATUS(CT_STOP,
	       bo_tenant_dir_list(&f->p.tenants, tenant_cb, &j, &f->err));
	JOINED_IS(&j, "9,a-c");
}

/* A taken name, or one that differs only by - and _, conflicts naming the
 * tenant there; the refused row leaves the registry as it was. */
static void a_tenant_name_or_its_key_taken_conflicts(void **state)
{
	ct_fx *f = *state;
	bo_tenant t = {.name = "shop_jp",
		       .time_zone = "UTC",
		       .backend = "sqlite",
		       .location = "y",
		       .created_by = "b"};
	ct_joined j = {0};

	memcpy(t.currency, "EUR", 4);
	BEGIN();
	add_tenant(f, "shop-jp", "JPY", "Asia/Tokyo");
	COMMIT();
	BEGIN();
	STATUS(BO_ECONFLICT, bo_tenant_dir_add(&f->p.tenants, &t, &f->err));
	if (!strstr(f->err.msg, "collides with tenant shop-jp"))
		fail_msg("conflict says: %s", f->err.msg);
	t.name = "shop-jp";
	STATUS(BO_ECONFLICT, bo_tenant_dir_add(&f->p.tenants, &t, &f->err));
	if (!strstr(f->err.msg, "tenant shop-jp already exists"))
		fail_msg("conflict says: %s", f->err.msg);
	ROLLBACK();
	OK(bo_tenant_dir_list(&f->p.tenants, tenant_cb, &j, &f->err));
	JOINED_IS(&j, "shop-jp");
	/* and a rolled-back add leaves no row */
	BEGIN();
	add_tenant(f, "gone", "EUR", "UTC");
	ROLLBACK();
	OK(bo_tenant_dir_list(&f->p.tenants, tenant_cb, &j, &f->err));
	JOINED_IS(&j, "shop-jp");
}

/* A move points the row at another store and changes nothing else; a
 * rolled-back one leaves it where it was; an unknown name is not found. */
static void relocate_changes_backend_and_location_only(void **state)
{
	ct_fx *f = *state;
	bo_tenant t = {0};

	BEGIN();
	add_tenant(f, "shop-jp", "JPY", "Asia/Tokyo");
	COMMIT();
	BEGIN();
	OK(bo_tenant_dir_relocate(&f->p.tenants, "shop-jp", "postgresql",
				  "postgresql://h/db?schema=tenant_shop_jp",
				  &f->err));
	ROLLBACK();
	OK(bo_tenant_dir_get(&f->p.tenants, "shop-jp", &t, &f->err));
	STR_EQ(t.backend, "sqlite");
	STR_EQ(t.location, "shop-jp");
	bo_tenant_clear(&t);
	BEGIN();
	OK(bo_tenant_dir_relocate(&f->p.tenants, "shop-jp", "postgresql",
				  "tenant_shop_jp", &f->err));
	STATUS(BO_ENOTFOUND, bo_tenant_dir_relocate(&f->p.tenants, "shop_jp",
						    "sqlite", "x.db", &f->err));
	COMMIT();
	OK(bo_tenant_dir_get(&f->p.tenants, "shop-jp", &t, &f->err));
	STR_EQ(t.backend, "postgresql");
	STR_EQ(t.location, "tenant_shop_jp");
	STR_EQ(t.currency, "JPY");
	STR_EQ(t.time_zone, "Asia/Tokyo");
	INT_EQ(t.created_at, T0);
	STR_EQ(t.created_by, "ann");
	bo_tenant_clear(&t);
}

const struct CMUnitTest bo_contract_row_tests[] = {
    CT_TEST(insert_assigns_an_id_and_row_version_one),
    CT_TEST(inserted_product_round_trips_by_id_and_sku),
    CT_TEST(low_stock_threshold_is_stored_and_cleared),
    CT_TEST(insert_honours_a_preset_id),
    CT_TEST(insert_with_a_taken_sku_conflicts_naming_it),
    CT_TEST(update_at_the_current_version_bumps_row_version),
    CT_TEST(update_at_a_stale_version_conflicts_and_keeps_the_row),
    CT_TEST(update_of_a_missing_product_is_not_found),
    CT_TEST(update_to_a_taken_sku_conflicts),
    CT_TEST(remove_checks_the_version_and_deletes_the_row),
    CT_TEST(a_removed_products_id_is_not_handed_out_again),
    CT_TEST(get_of_a_missing_product_is_not_found),
    CT_TEST(list_is_in_sku_byte_order_and_hides_retired),
    CT_TEST(list_search_matches_sku_or_name_ignoring_case),
    CT_TEST(list_search_takes_wildcard_characters_literally),
    CT_TEST(list_pages_with_after_sku_and_limit),
    CT_TEST(list_stops_when_the_callback_says_so),
    CT_TEST(order_row_round_trips_every_field),
    CT_TEST(order_put_replaces_the_row_with_that_id),
    CT_TEST(order_get_of_a_missing_order_is_not_found),
    CT_TEST(order_list_is_in_id_order_and_filters_by_status),
    CT_TEST(order_list_customer_filter_is_a_literal_substring),
    CT_TEST(order_list_pages_by_after_id_and_limit),
    CT_TEST(order_list_descending_pages_down_from_the_last_id),
    CT_TEST(order_list_keeps_placed_at_inside_the_half_open_range),
    CT_TEST(timeline_lists_one_orders_lines_in_version_order),
    CT_TEST(timeline_refuses_a_second_line_for_one_version),
    CT_TEST(catalog_put_replaces_by_id_and_remove_drops_it),
    CT_TEST(catalog_get_of_an_unknown_sku_is_not_found),
    CT_TEST(checkpoints_start_at_zero_and_move_per_projector),
    CT_TEST(reset_empties_read_models_and_nothing_else),
    CT_TEST(user_round_trips_with_role_and_time),
    CT_TEST(users_are_listed_in_name_order),
    CT_TEST(user_role_and_disabled_state_change_in_a_transaction),
    CT_TEST(changing_an_unknown_user_is_not_found),
    CT_TEST(user_changes_need_a_transaction),
    CT_TEST(a_user_added_disabled_stays_disabled),
    CT_TEST(adding_a_taken_user_name_conflicts),
    CT_TEST(tenant_round_trips_every_field),
    CT_TEST(tenants_are_listed_in_name_order),
    CT_TEST(a_tenant_name_or_its_key_taken_conflicts),
    CT_TEST(relocate_changes_backend_and_location_only),
    CT_TEST(rollback_undoes_new_rows_in_every_port),
    CT_TEST(rollback_restores_changed_and_removed_rows),
};

const size_t bo_contract_row_count =
    sizeof(bo_contract_row_tests) / sizeof(bo_contract_row_tests[0]);
