/* Contract tests of the reactor store port and the event store's scan, for every backend. */
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

typedef struct alerts {
	bo_alert items[4];
	size_t n;
	int stop_at;
} alerts;

static int keep_alert(void *ctx, const bo_alert *a)
{
	alerts *l = ctx;
	bo_alert *d;

	if (l->n == 4)
		return -1;
	d = &l->items[l->n++];
	assert_int_equal(bo_alert_copy(d, a), BO_OK);
	return l->stop_at && (int)l->n == l->stop_at ? -7 : 0;
}

static void clear_alerts(alerts *l)
{
	for (size_t i = 0; i < l->n; i++)
		bo_alert_clear(&l->items[i]);
	l->n = 0;
}

static void checkpoint_is_not_found_until_set(void **state)
{
	ct_fx *f = *state;
	int64_t at = -1;

	STATUS(BO_ENOTFOUND, bo_reactor_store_checkpoint_get(
				 &f->p.reactors, "restock", &at, &f->err));
	BEGIN();
	OK(bo_reactor_store_checkpoint_set(&f->p.reactors, "restock", 41,
					   &f->err));
	COMMIT();
	OK(bo_reactor_store_checkpoint_get(&f->p.reactors, "restock", &at,
					   &f->err));
	INT_EQ(at, 41);
	/* it may move back too (a reactor told to look again) */
	BEGIN();
	OK(bo_reactor_store_checkpoint_set(&f->p.reactors, "restock", 7,
					   &f->err));
	COMMIT();
	OK(bo_reactor_store_checkpoint_get(&f->p.reactors, "restock", &at,
					   &f->err));
	INT_EQ(at, 7);
	/* one reactor's checkpoint is not another's */
	STATUS(BO_ENOTFOUND, bo_reactor_store_checkpoint_get(
				 &f->p.reactors, "mailer", &at, &f->err));
}

static void rolled_back_reactor_writes_are_undone(void **state)
{
	ct_fx *f = *state;
	bo_alert a = {.event_id = "e-1",
		      .order_id = 3,
		      .product_id = 4,
		      .sku = "MUG",
		      .name = "Mug",
		      .stock = 2,
		      .threshold = 5,
		      .created_at = T0};
	int64_t at = -1;
	bool done = true;
	alerts l = {0};

	BEGIN();
	OK(bo_reactor_store_checkpoint_set(&f->p.reactors, "restock", 9,
					   &f->err));
	OK(bo_reactor_store_mark_handled(&f->p.reactors, "restock", "e-1",
					 &f->err));
	OK(bo_reactor_store_alert_add(&f->p.reactors, &a, &f->err));
	ROLLBACK();
	STATUS(BO_ENOTFOUND, bo_reactor_store_checkpoint_get(
				 &f->p.reactors, "restock", &at, &f->err));
	OK(bo_reactor_store_handled(&f->p.reactors, "restock", "e-1", &done,
				    &f->err));
	INT_EQ(done, false);
	OK(bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
				       &f->err));
	INT_EQ(l.n, 0);
}

static void reactor_writes_need_a_transaction(void **state)
{
	ct_fx *f = *state;
	bo_alert a = {.event_id = "e-1", .sku = "MUG", .name = "Mug"};

	STATUS(BO_ESTORAGE, bo_reactor_store_checkpoint_set(
				&f->p.reactors, "restock", 1, &f->err));
	STATUS(BO_ESTORAGE, bo_reactor_store_mark_handled(
				&f->p.reactors, "restock", "e-1", &f->err));
	STATUS(BO_ESTORAGE,
	       bo_reactor_store_alert_add(&f->p.reactors, &a, &f->err));
}

static void handled_events_are_remembered_per_reactor(void **state)
{
	ct_fx *f = *state;
	bool done = false;

	BEGIN();
	OK(bo_reactor_store_mark_handled(&f->p.reactors, "restock", "e-1",
					 &f->err));
	STATUS(BO_ECONFLICT, bo_reactor_store_mark_handled(
				 &f->p.reactors, "restock", "e-1", &f->err));
	/* the same event is new to another reactor */
	OK(bo_reactor_store_mark_handled(&f->p.reactors, "mailer", "e-1",
					 &f->err));
	COMMIT();
	OK(bo_reactor_store_handled(&f->p.reactors, "restock", "e-1", &done,
				    &f->err));
	INT_EQ(done, true);
	OK(bo_reactor_store_handled(&f->p.reactors, "restock", "e-2", &done,
				    &f->err));
	INT_EQ(done, false);
}

static void alerts_list_in_the_order_added_with_every_field(void **state)
{
	ct_fx *f = *state;
	bo_alert a = {.event_id = "e-9",
		      .order_id = BIG,
		      .product_id = 4,
		      .sku = "MUG-01",
		      .name = "Café mug ☕",
		      .stock = 0,
		      .threshold = 5,
		      .created_at = T0};
	bo_alert b = {.event_id = "e-2",
		      .order_id = 2,
		      .product_id = 5,
		      .sku = "TEA",
		      .name = "Tea",
		      .stock = 3,
		      .threshold = 10,
		      .created_at = T0 + 1};
	alerts l = {0};

	BEGIN();
	OK(bo_reactor_store_alert_add(&f->p.reactors, &a, &f->err));
	OK(bo_reactor_store_alert_add(&f->p.reactors, &b, &f->err));
	/* one alert per event and product */
	STATUS(BO_ECONFLICT,
	       bo_reactor_store_alert_add(&f->p.reactors, &a, &f->err));
	COMMIT();
	OK(bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
				       &f->err));
	INT_EQ(l.n, 2);
	STR_EQ(l.items[0].event_id, "e-9");
	INT_EQ(l.items[0].order_id, BIG);
	INT_EQ(l.items[0].product_id, 4);
	STR_EQ(l.items[0].sku, "MUG-01");
	STR_EQ(l.items[0].name, "Café mug ☕");
	INT_EQ(l.items[0].stock, 0);
	INT_EQ(l.items[0].threshold, 5);
	INT_EQ(l.items[0].created_at, T0);
	STR_EQ(l.items[1].event_id, "e-2");
	INT_EQ(l.items[1].threshold, 10);
	clear_alerts(&l);
	/* a callback's failure stops the listing and comes back */
	l.stop_at = 1;
	STATUS(-7, bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
					       &f->err));
	INT_EQ(l.n, 1);
	clear_alerts(&l);
}

/* Acknowledging: by whom and when, once; ids from the listing; an unknown
 * id is not found; a second acknowledgement conflicts and changes nothing;
 * a rolled-back one is undone; alert_add keeps an acknowledgement it is
 * given (a tenant move copies alerts as they are). */
static void alerts_are_acknowledged_once(void **state)
{
	ct_fx *f = *state;
	bo_alert a = {.event_id = "e-1", .product_id = 1, .sku = "MUG",
		      .name = "Mug", .stock = 2, .threshold = 5,
		      .created_at = T0};
	bo_alert b = {.event_id = "e-2", .product_id = 2, .sku = "TEA",
		      .name = "Tea", .stock = 1, .threshold = 5,
		      .created_at = T0, .acked_by = "ann",
		      .acked_at = T0 + 5};
	alerts l = {0};
	int64_t ida, idb;

	STATUS(BO_ESTORAGE, bo_reactor_store_alert_ack(&f->p.reactors, 1,
						       "bob", T0, &f->err));
	BEGIN();
	OK(bo_reactor_store_alert_add(&f->p.reactors, &a, &f->err));
	OK(bo_reactor_store_alert_add(&f->p.reactors, &b, &f->err));
	COMMIT();
	OK(bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
				       &f->err));
	INT_EQ(l.n, 2);
	ida = l.items[0].id;
	idb = l.items[1].id;
	assert_true(ida > 0 && idb > 0 && ida != idb);
	assert_null(l.items[0].acked_by);
	INT_EQ(l.items[0].acked_at, 0);
	STR_EQ(l.items[1].acked_by, "ann");
	INT_EQ(l.items[1].acked_at, T0 + 5);
	clear_alerts(&l);

	/* rolled back: still open */
	BEGIN();
	OK(bo_reactor_store_alert_ack(&f->p.reactors, ida, "bob", T0 + 7,
				      &f->err));
	ROLLBACK();
	OK(bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
				       &f->err));
	assert_null(l.items[0].acked_by);
	clear_alerts(&l);

	BEGIN();
	OK(bo_reactor_store_alert_ack(&f->p.reactors, ida, "bob", T0 + 9,
				      &f->err));
	STATUS(BO_ECONFLICT, bo_reactor_store_alert_ack(&f->p.reactors, ida,
							"cy", T0 + 10,
							&f->err));
	assert_non_null(strstr(f->err.msg, "bob"));
	STATUS(BO_ECONFLICT, bo_reactor_store_alert_ack(&f->p.reactors, idb,
							"cy", T0 + 10,
							&f->err));
	STATUS(BO_ENOTFOUND,
	       bo_reactor_store_alert_ack(&f->p.reactors, idb + ida + 100,
					  "cy", T0 + 10, &f->err));
	COMMIT();
	OK(bo_reactor_store_alert_list(&f->p.reactors, keep_alert, &l,
				       &f->err));
	INT_EQ(l.n, 2);
	STR_EQ(l.items[0].acked_by, "bob");
	INT_EQ(l.items[0].acked_at, T0 + 9);
	STR_EQ(l.items[1].acked_by, "ann");
	INT_EQ(l.items[1].acked_at, T0 + 5);
	clear_alerts(&l);
}

typedef struct scanned {
	bo_event items[8];
	size_t n;
	int failures;
	size_t stop_at;
} scanned;

static int keep_scanned(void *ctx, const bo_event *e, const char *failure)
{
	scanned *s = ctx;

	if (failure)
		s->failures++;
	if (s->n == 8)
		return -1;
	if (bo_event_copy(&s->items[s->n++], e) < 0)
		return -1;
	return s->stop_at && s->n == s->stop_at ? -7 : 0;
}

static void clear_scanned(scanned *s)
{
	ct_clear_events(s->items, s->n);
	s->n = 0;
}

static void scan_hands_every_event_after_a_position_as_stored(void **state)
{
	ct_fx *f = *state;
	bo_event ev[3];
	scanned s = {0};

	ct_mk_full(f, &ev[0], BO_EV_ORDER_PLACED);
	/* stored in the old shape: one order-level rate, none per line */
	ev[0].schema_version = 1;
	ev[0].raw_payload = ct_xstrdup(
	    "{\"order_id\":12,\"currency\":\"EUR\","
	    "\"customer_email\":\"zoë@example.com\","
	    "\"customer_name\":\"Zoë \\\"Z\\\" Ångström\",\"tax_bp\":2000,"
	    "\"lines\":[{\"product_id\":7,\"sku\":\"MUG-01\","
	    "\"name\":\"Café mug\",\"unit_price\":\"1999\",\"quantity\":2},"
	    "{\"product_id\":8,\"sku\":\"TEA_2\",\"name\":\"Tea 日本 \\\\o/\","
	    "\"unit_price\":\"9007199254740993\",\"quantity\":10000}]}");
	ev[0].lines[1].tax_bp = 2000; /* what the upcaster makes of it */
	ct_mk_note(f, &ev[1], 12, "hello");
	ct_mk_event(f, &ev[2], BO_EV_UNKNOWN);
	free(ev[2].type_name);
	ev[2].type_name = ct_xstrdup("GiftWrapped");
	ev[2].schema_version = 3;
	ev[2].raw_payload = ct_xstrdup("{\"paper\":\"gold\"}");
	ct_append(f, "order-12", 0, ev, 3);

	OK(bo_event_store_scan(&f->p.events, 0, keep_scanned, &s, &f->err));
	INT_EQ(s.n, 3);
	INT_EQ(s.failures, 0);
	/* the stored version, the current shape */
	INT_EQ(s.items[0].kind, BO_EV_ORDER_PLACED);
	INT_EQ(s.items[0].schema_version, 1);
	INT_EQ(s.items[0].position, ev[0].position);
	INT_EQ(s.items[0].nlines, 2);
	INT_EQ(s.items[0].lines[0].tax_bp, 2000);
	INT_EQ(s.items[0].lines[1].tax_bp, 2000);
	INT_EQ(s.items[0].lines[1].unit_price, BIG);
	STR_EQ(s.items[1].text, "hello");
	INT_EQ(s.items[2].kind, BO_EV_UNKNOWN);
	STR_EQ(s.items[2].type_name, "GiftWrapped");
	INT_EQ(s.items[2].schema_version, 3);
	clear_scanned(&s);

	/* after a position; a callback's failure stops it */
	OK(bo_event_store_scan(&f->p.events, ev[0].position, keep_scanned, &s,
			       &f->err));
	INT_EQ(s.n, 2);
	STR_EQ(s.items[0].event_id, ev[1].event_id);
	clear_scanned(&s);
	s.stop_at = 1;
	STATUS(-7,
	       bo_event_store_scan(&f->p.events, 0, keep_scanned, &s, &f->err));
	INT_EQ(s.n, 1);
	clear_scanned(&s);

	/* read back through read_all too, the old shape is the same order */
	{
		bo_event_list l = {0};

		OK(bo_event_store_read_all(&f->p.events, 0, 0, &l, &f->err));
		INT_EQ(l.n, 3);
		INT_EQ(l.items[0].schema_version, 1);
		INT_EQ(l.items[0].lines[0].tax_bp, 2000);
		bo_event_list_clear(&l);
	}
	ct_clear_events(ev, 3);
}

const struct CMUnitTest bo_contract_reactor_tests[] = {
    CT_TEST(checkpoint_is_not_found_until_set),
    CT_TEST(rolled_back_reactor_writes_are_undone),
    CT_TEST(reactor_writes_need_a_transaction),
    CT_TEST(handled_events_are_remembered_per_reactor),
    CT_TEST(alerts_list_in_the_order_added_with_every_field),
    CT_TEST(alerts_are_acknowledged_once),
    CT_TEST(scan_hands_every_event_after_a_position_as_stored),
};

const size_t bo_contract_reactor_count =
    sizeof(bo_contract_reactor_tests) / sizeof(bo_contract_reactor_tests[0]);
