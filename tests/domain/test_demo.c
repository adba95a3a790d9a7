/* Demo seeding: determinism and refusals over the in-memory ports; the big
 * runs over SQLite, whose savepoints make batches cheap (the memory store
 * copies its whole state on every begin, which is quadratic over a long run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/json/codec.h"
#include "adapters/memory/memory_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "domain/demo.h"

#define DAY_MS 86400000LL
/* 2026-03-01T00:00:00Z: the end of the simulated period in these tests */
#define END_MS 1772323200000LL

typedef struct shop {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
	char dir[64]; /* SQLite: the temporary directory of the file */
} shop;

static shop *shop_open_on(const char *currency, int sqlite)
{
	shop *s = calloc(1, sizeof(*s));
	bo_err err;
	bo_init_options opt = {
	    .tenant = "demo", .currency = currency, .admin = "root"};

	assert_non_null(s);
	if (sqlite) {
		char path[96];

		snprintf(s->dir, sizeof(s->dir), "/tmp/bo-demo-test.XXXXXX");
		assert_non_null(mkdtemp(s->dir));
		snprintf(path, sizeof(path), "%s/store.db", s->dir);
		assert_int_equal(
		    bo_sqlite_open(&s->ports, path, BO_SQLITE_CREATE, &err),
		    BO_OK);
	} else {
		assert_int_equal(bo_memory_open(&s->ports, &err), BO_OK);
	}
	s->clock_state = (bo_fixed_clock){.next_ms = END_MS, .step_ms = 1};
	s->clock = bo_fixed_clock_port(&s->clock_state);
	s->ids = bo_counter_ids_port(&s->ids_state);
	assert_int_equal(bo_app_init_store(&s->ports, &s->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&s->admin, &s->ports, &s->clock, &s->ids, "root", &err),
	    BO_OK);
	return s;
}

static shop *shop_open(const char *currency)
{
	return shop_open_on(currency, 0);
}

static void shop_close(shop *s)
{
	bo_app_close(&s->admin);
	bo_ports_close(&s->ports);
	if (s->dir[0]) {
		static const char *const files[] = {"store.db", "store.db-wal",
						    "store.db-shm"};
		char path[96];

		for (size_t i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%s", s->dir, files[i]);
			unlink(path);
		}
		rmdir(s->dir);
	}
	free(s);
}

static bo_demo_options options(int64_t orders, int days, uint64_t seed)
{
	bo_demo_options o = {
	    .catalogue = bo_demo_catalogue_tsv,
	    .orders = orders,
	    .days = days,
	    .seed = seed,
	    .end_ms = END_MS,
	};
	return o;
}

static void seed_ok(shop *s, const bo_demo_options *o, bo_demo_stats *st)
{
	bo_err err;
	int rc = bo_demo_seed(&s->admin, o, st, &err);

	if (rc != BO_OK)
		fail_msg("demo seed refused (%d): %s", rc, err.msg);
}

/* The whole log as export lines, one string. */
typedef struct text {
	char *s;
	size_t n, cap;
} text;

static int append_event(void *ctx, const bo_event *e)
{
	text *t = ctx;
	char *line = NULL;
	bo_err err;
	size_t len;

	assert_int_equal(bo_json_encode_event(&line, e, &err), BO_OK);
	len = strlen(line);
	if (t->n + len + 2 > t->cap) {
		t->cap = (t->n + len + 2) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->n, line, len);
	t->n += len;
	t->s[t->n++] = '\n';
	t->s[t->n] = '\0';
	free(line);
	return 0;
}

static char *export_log(shop *s)
{
	text t = {0};
	bo_err err;

	assert_int_equal(
	    bo_app_events_export(&s->admin, append_event, &t, &err), BO_OK);
	assert_non_null(t.s);
	return t.s;
}

static char *seeded_log(int sqlite, int64_t orders, uint64_t seed, int batch)
{
	shop *s = shop_open_on("EUR", sqlite);
	bo_demo_options o = options(orders, 10, seed);
	bo_demo_stats st;
	char *log;

	o.batch = batch;
	seed_ok(s, &o, &st);
	log = export_log(s);
	shop_close(s);
	return log;
}

static void same_seed_gives_identical_logs(void **state)
{
	char *a = seeded_log(0, 100, 7, 0), *b = seeded_log(0, 100, 7, 0);

	(void)state;
	assert_true(strlen(a) > 100000);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void different_seed_gives_a_different_log(void **state)
{
	char *a = seeded_log(0, 100, 7, 0), *b = seeded_log(0, 100, 8, 0);

	(void)state;
	assert_true(strcmp(a, b) != 0);
	free(a);
	free(b);
}

/* Store begin nests (savepoints): batching changes speed, never the log;
 * and the log does not depend on the backend. */
static void batches_give_the_same_log(void **state)
{
	char *a = seeded_log(1, 400, 11, 0), *b = seeded_log(1, 400, 11, 64);

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void both_backends_give_the_same_log(void **state)
{
	char *a = seeded_log(0, 80, 13, 0), *b = seeded_log(1, 80, 13, 500);

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* An event store that refuses every append once `appends_left` are used:
 * a run stopped half-way, as a full disk would stop it. */
static int appends_left;
static int (*real_append)(void *self, const char *stream, int64_t expected,
			  bo_stored_event *events, size_t n, bo_err *err);

static int failing_append(void *self, const char *stream, int64_t expected,
			  bo_stored_event *events, size_t n, bo_err *err)
{
	if (appends_left-- <= 0)
		return bo_err_set(err, BO_ESTORAGE, "the disk is full (test)");
	return real_append(self, stream, expected, events, n, err);
}

static int64_t orders_in(shop *s)
{
	bo_order_row r = {0};
	bo_err err;
	int64_t n = 0;

	while (bo_rm_order_get(&s->ports.rm, n + 1, &r, &err) == BO_OK) {
		bo_order_row_clear(&r);
		n++;
	}
	return n;
}

static void a_stopped_seed_is_resumed_to_the_same_log(void **state)
{
	char *want = seeded_log(1, 60, 17, 10), *got;
	shop *s = shop_open_on("EUR", 1);
	bo_demo_options o = options(60, 10, 17);
	const bo_event_store_ops *real = s->ports.events.ops;
	bo_event_store_ops failing = *real;
	bo_demo_stats st;
	bo_err err;
	int64_t n;

	(void)state;
	o.batch = 10;
	real_append = real->append;
	failing.append = failing_append;
	appends_left = 420; /* the catalogue, then some orders */
	s->ports.events.ops = &failing;
	assert_int_equal(bo_demo_seed(&s->admin, &o, &st, &err), BO_ESTORAGE);
	s->ports.events.ops = real;
	n = orders_in(s);
	if (n <= 0 || n >= 60 || n % 10)
		fail_msg("the stopped run kept %lld orders, not whole batches "
			 "of 10 short of 60",
			 (long long)n);
	/* the same options again finish it: the log is the uninterrupted one */
	seed_ok(s, &o, &st);
	assert_int_equal(st.orders, 60);
	assert_int_equal(orders_in(s), 60);
	got = export_log(s);
	assert_string_equal(got, want);
	/* whole now: the same again is refused, --force or not */
	o.force = 1;
	assert_int_equal(bo_demo_seed(&s->admin, &o, &st, &err), BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "whole demo shop"));
	free(got);
	free(want);
	shop_close(s);
}

/* What the log holds, folded from it. */
typedef struct tally {
	int64_t by_kind[64];
	int64_t first_at, last_at, prev_at;
	int out_of_order;
} tally;

static int count_event(void *ctx, const bo_event *e)
{
	tally *t = ctx;

	if (e->kind >= 0 && (size_t)e->kind < 64)
		t->by_kind[e->kind]++;
	if (e->recorded_at < t->prev_at)
		t->out_of_order = 1;
	t->prev_at = e->recorded_at;
	if (!t->first_at)
		t->first_at = e->recorded_at;
	t->last_at = e->recorded_at;
	return 0;
}

/* Orders by status, from the read model. */
static int count_status(void *ctx, const bo_order_row *r)
{
	((int64_t *)ctx)[r->status]++;
	return 0;
}

#define BETWEEN(v, lo, hi)                                                     \
	do {                                                                   \
		if ((v) < (lo) || (v) > (hi))                                  \
			fail_msg("%s = %lld, expected %lld to %lld", #v,       \
				 (long long)(v), (long long)(lo),              \
				 (long long)(hi));                             \
	} while (0)

static void two_thousand_orders_look_like_a_shop(void **state)
{
	shop *s = shop_open_on("EUR", 1);
	bo_demo_options o = options(2000, 60, 2026);

	o.batch = BO_DEMO_BATCH_DEFAULT;
	bo_demo_stats st;
	tally t = {0};
	int64_t status[8] = {0};
	bo_order_query q = {.status = -1};
	bo_err err;

	(void)state;
	seed_ok(s, &o, &st);
	assert_int_equal(st.orders, 2000);
	assert_int_equal(st.users, 12);
	assert_int_equal(st.products, 316);
	/* proportions: per 2000 orders */
	BETWEEN(st.failures, 40, 150);        /* ~4.5 % */
	BETWEEN(st.cancelled, 90, 220);       /* ~5 % + ~2 % */
	BETWEEN(st.partial_refunds, 30, 130); /* ~4 % of the delivered */
	BETWEEN(st.refunds - st.partial_refunds, 15, 80); /* ~2 % */
	BETWEEN(st.notes, 120, 300);                      /* ~10 % */
	BETWEEN(st.delivered, 1500, 1900);
	BETWEEN(st.shipped - st.delivered, 20, 250); /* the last days' */
	assert_true(st.payments >= st.shipped);
	assert_true(st.retired > 0 && st.repriced > 0);
	assert_true(st.open > 0);

	/* the log says the same, in time order, inside the period */
	assert_int_equal(bo_app_events_export(&s->admin, count_event, &t, &err),
			 BO_OK);
	assert_false(t.out_of_order);
	assert_int_equal(t.by_kind[BO_EV_ORDER_PLACED], st.orders);
	assert_int_equal(t.by_kind[BO_EV_PAYMENT_RECEIVED], st.payments);
	assert_int_equal(t.by_kind[BO_EV_PAYMENT_FAILED], st.failures);
	assert_int_equal(t.by_kind[BO_EV_ORDER_SHIPPED], st.shipped);
	assert_int_equal(t.by_kind[BO_EV_ORDER_DELIVERED], st.delivered);
	assert_int_equal(t.by_kind[BO_EV_ORDER_CANCELLED], st.cancelled);
	assert_int_equal(t.by_kind[BO_EV_REFUND_ISSUED], st.refunds);
	assert_int_equal(t.by_kind[BO_EV_NOTE_ADDED], st.notes);
	assert_int_equal(t.by_kind[BO_EV_PRODUCT_CREATED], st.products);
	assert_int_equal(t.by_kind[BO_EV_PRODUCT_RETIRED], st.retired);
	assert_true(t.first_at >= END_MS - 63 * DAY_MS);
	assert_true(t.last_at < END_MS);

	/* every order is in a state the services allowed */
	assert_int_equal(
	    bo_app_order_list(&s->admin, &q, count_status, status, &err),
	    BO_OK);
	assert_int_equal(status[BO_ORDER_PLACED] + status[BO_ORDER_PAID] +
			     status[BO_ORDER_SHIPPED] +
			     status[BO_ORDER_DELIVERED] +
			     status[BO_ORDER_CANCELLED],
			 2000);
	assert_int_equal(status[BO_ORDER_CANCELLED], st.cancelled);
	assert_int_equal(status[BO_ORDER_DELIVERED], st.delivered);
	assert_true(status[BO_ORDER_SHIPPED] > 0);
	shop_close(s);
}

/* The latest orders are still open; the oldest are all settled. */
static void recent_orders_are_still_open(void **state)
{
	shop *s = shop_open("EUR");
	bo_demo_options o = options(150, 30, 5);
	bo_demo_stats st;
	bo_order_row row = {0};
	bo_err err;

	(void)state;
	seed_ok(s, &o, &st);
	assert_int_equal(bo_rm_order_get(&s->ports.rm, 1, &row, &err), BO_OK);
	assert_true(row.status == BO_ORDER_DELIVERED ||
		    row.status == BO_ORDER_CANCELLED);
	bo_order_row_clear(&row);
	assert_int_equal(bo_rm_order_get(&s->ports.rm, 150, &row, &err), BO_OK);
	assert_true(row.status == BO_ORDER_PLACED ||
		    row.status == BO_ORDER_PAID);
	bo_order_row_clear(&row);
	shop_close(s);
}

static void a_support_user_may_not_seed(void **state)
{
	shop *s = shop_open("EUR");
	bo_app agent;
	bo_demo_options o = options(10, 5, 1);
	bo_demo_stats st;
	bo_err err;

	(void)state;
	assert_int_equal(bo_app_user_add(&s->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&agent, &s->ports, &s->clock, &s->ids, "sam", &err),
	    BO_OK);
	assert_int_equal(bo_demo_seed(&agent, &o, &st, &err), BO_EPERM);
	assert_non_null(strstr(err.msg, "sam"));
	assert_int_equal(st.orders, 0);
	bo_app_close(&agent);
	shop_close(s);
}

static void out_of_range_options_are_refused(void **state)
{
	shop *s = shop_open("EUR");
	bo_demo_options o;
	bo_err err;

	(void)state;
	o = options(0, 5, 1);
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "--orders"));
	o = options(BO_DEMO_ORDERS_MAX + 1, 5, 1);
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "--orders"));
	o = options(10, 0, 1);
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "--days"));
	o = options(10, BO_DEMO_DAYS_MAX + 1, 1);
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "--days"));
	o = options(10, 30, 1);
	o.end_ms = 10 * DAY_MS;
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "--now"));
	shop_close(s);
}

static void a_store_with_orders_needs_force(void **state)
{
	shop *s = shop_open("EUR");
	bo_demo_options o = options(30, 10, 3);
	bo_demo_stats st;
	bo_err err;

	(void)state;
	seed_ok(s, &o, &st);
	assert_int_equal(bo_demo_seed(&s->admin, &o, &st, &err), BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "--force"));
	assert_int_equal(st.orders, 0);
	o.force = 1;
	o.seed = 4;
	seed_ok(s, &o, &st);
	assert_int_equal(st.orders, 30);
	assert_int_equal(st.users, 0);    /* kept */
	assert_int_equal(st.products, 0); /* kept, sold as they are */
	shop_close(s);
}

static void a_malformed_catalogue_line_is_named(void **state)
{
	shop *s = shop_open("EUR");
	bo_demo_options o = options(10, 5, 1);
	bo_err err;

	(void)state;
	o.catalogue = "sku\tname\tdescription\tprice\ttax_rate\tstock\tstatus\n"
		      "A-1\tMug\tA mug\t9.90\t20\tnone\tactive\n"
		      "A-2\tBowl\tA bowl\t9.9x\t20\tnone\tactive\n";
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "line 3"));
	o.catalogue = "A-1\tMug\tA mug\t9.90\t20\tnone\n";
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "line 1"));
	o.catalogue = "A-1\tMug\tA mug\t9.90\t20\tnone\tsold out\n";
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "status"));
	o.catalogue = "A-1\tMug\tA mug\t9.90\t20\tlots\tactive\n";
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "stock"));
	o.catalogue = "";
	assert_int_equal(bo_demo_seed(&s->admin, &o, NULL, &err), BO_EINVAL);
	shop_close(s);
}

/* A tenant in yen: prices are scaled to whole units and nothing is refused. */
static void a_currency_without_decimals_works(void **state)
{
	shop *s = shop_open("JPY");
	bo_demo_options o = options(60, 15, 9);
	bo_demo_stats st;

	(void)state;
	seed_ok(s, &o, &st);
	assert_int_equal(st.orders, 60);
	assert_true(st.payments > 40);
	shop_close(s);
}

/* A catalogue of one cheap product still gives a consistent shop. */
static void a_tiny_catalogue_still_works(void **state)
{
	shop *s = shop_open("EUR");
	bo_demo_options o = options(60, 3, 12);
	bo_demo_stats st;

	(void)state;
	o.catalogue = "P-1\tPostcard\tA postcard\t0.01\t0\t100\tactive\n";
	seed_ok(s, &o, &st);
	assert_int_equal(st.orders, 60);
	assert_int_equal(st.products, 1);
	shop_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(same_seed_gives_identical_logs),
	    cmocka_unit_test(different_seed_gives_a_different_log),
	    cmocka_unit_test(batches_give_the_same_log),
	    cmocka_unit_test(both_backends_give_the_same_log),
	    cmocka_unit_test(a_stopped_seed_is_resumed_to_the_same_log),
	    cmocka_unit_test(two_thousand_orders_look_like_a_shop),
	    cmocka_unit_test(recent_orders_are_still_open),
	    cmocka_unit_test(a_support_user_may_not_seed),
	    cmocka_unit_test(out_of_range_options_are_refused),
	    cmocka_unit_test(a_store_with_orders_needs_force),
	    cmocka_unit_test(a_malformed_catalogue_line_is_named),
	    cmocka_unit_test(a_currency_without_decimals_works),
	    cmocka_unit_test(a_tiny_catalogue_still_works),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
