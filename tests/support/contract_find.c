/* Contract tests of the search keys: order_keys, order_find, and their place in reset and diff. */
#include "tests/support/contract_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const struct CMUnitTest bo_contract_find_tests[] = {
    CT_TEST(find_matches_the_start_of_every_kind_of_key),
    CT_TEST(find_gives_each_order_once_in_the_order_asked),
    CT_TEST(find_pages_by_after_id_and_limit),
    CT_TEST(find_by_kind_exactly_or_by_order_number),
    CT_TEST(reset_and_diff_cover_the_keys),
    CT_TEST(the_projection_writes_the_keys_of_its_events),
};

const size_t bo_contract_find_count =
    sizeof(bo_contract_find_tests) / sizeof(bo_contract_find_tests[0]);
