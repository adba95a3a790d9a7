/* Tests for domain/projections: summaries, order-list rows, the inline projector, rebuild. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/projections/engine.h"
#include "domain/projections/projections.h"

static const bo_currency eur = {"EUR", 2};

/* ---- event builders ------------------------------------------------------ */

static bo_event ev(bo_event_kind kind, int64_t order_id)
{
	bo_event e = {0};
	e.kind = kind;
	e.type_name = strdup(bo_event_kind_name(kind));
	e.schema_version = bo_event_kind_schema(kind);
	e.order_id = order_id;
	return e;
}

static bo_event ev_product(bo_event_kind kind, int64_t id, const char *sku,
			   const char *name, int64_t price)
{
	bo_event e = ev(kind, 0);
	e.product.id = id;
	e.product.sku = strdup(sku);
	e.product.name = strdup(name);
	e.product.description = strdup("");
	e.product.price = price;
	e.product.tax_bp = 2000;
	e.product.stock = BO_STOCK_UNTRACKED;
	e.product.row_version = 1;
	return e;
}

/* OrderPlaced: 3 x 12.50 (P-1) + 1 x 9.99 (P-2) = 47.49 EUR. */
static bo_event ev_placed(int64_t order_id)
{
	bo_event e = ev(BO_EV_ORDER_PLACED, order_id);
	e.currency = strdup("EUR");
	e.customer_email = strdup("ann@example.com");
	e.customer_name = strdup("Ann");
	e.nlines = 2;
	e.lines = calloc(2, sizeof(*e.lines));
	assert_non_null(e.lines);
	e.lines[0] =
	    (bo_order_line){1, strdup("P-1"), strdup("Pen"), 1250, 2000, 3};
	e.lines[1] =
	    (bo_order_line){2, strdup("P-2"), strdup("Ink"), 999, 700, 1};
	return e;
}

static bo_event ev_amount(bo_event_kind kind, int64_t order_id, int64_t amount,
			  const char *reason)
{
	bo_event e = ev(kind, order_id);
	e.amount = amount;
	e.reason = reason ? strdup(reason) : NULL;
	return e;
}

static bo_event ev_text(bo_event_kind kind, int64_t order_id,
			const char *reason, const char *text)
{
	bo_event e = ev(kind, order_id);
	e.reason = reason ? strdup(reason) : NULL;
	e.text = text ? strdup(text) : NULL;
	return e;
}

static bo_event ev_shipped(const char *carrier, const char *tracking)
{
	bo_event e = ev(BO_EV_ORDER_SHIPPED, 1);
	e.carrier = carrier ? strdup(carrier) : NULL;
	e.tracking = tracking ? strdup(tracking) : NULL;
	return e;
}

static bo_event ev_unknown(const char *type, int schema)
{
	bo_event e = {0};
	e.kind = BO_EV_UNKNOWN;
	e.type_name = strdup(type);
	e.schema_version = schema;
	e.raw_payload = strdup("{\"where\":\"moon\"}");
	return e;
}

/* Summary of e, checked against want; releases e. */
static void check_summary(bo_event e, const char *want)
{
	char *s = NULL;
	assert_int_equal(bo_event_summary(&s, &e, &eur), BO_OK);
	assert_string_equal(s, want);
	free(s);
	bo_event_clear(&e);
}

/* ---- summaries ----------------------------------------------------------- */

static void summary_of_product_events_names_the_sku(void **state)
{
	(void)state;
	check_summary(ev_product(BO_EV_PRODUCT_CREATED, 1, "P-1", "Pen", 1250),
		      "product P-1 created: Pen at 12.50 EUR");
	check_summary(ev_product(BO_EV_PRODUCT_UPDATED, 1, "P-1", "Pen", 1),
		      "product P-1 updated");
	check_summary(ev_product(BO_EV_PRODUCT_RETIRED, 1, "P-1", "Pen", 1),
		      "product P-1 retired");
	check_summary(ev_product(BO_EV_PRODUCT_DELETED, 1, "P-1", "Pen", 1),
		      "product P-1 deleted");
}

static void summary_of_placed_counts_items_lines_and_total(void **state)
{
	bo_event one = ev_placed(1);
	(void)state;

	check_summary(ev_placed(1),
		      "placed 4 items (2 lines), total 47.49 EUR, "
		      "for ann@example.com");
	free(one.lines[1].sku);
	free(one.lines[1].name);
	one.nlines = 1;
	one.lines[0].quantity = 1;
	check_summary(one, "placed 1 item (1 line), total 12.50 EUR, for "
			   "ann@example.com");
}

static void summary_of_placed_uses_the_order_currency(void **state)
{
	bo_event e = ev_placed(1);
	(void)state;

	free(e.currency);
	e.currency = strdup("JPY");
	check_summary(e, "placed 4 items (2 lines), total 4749 JPY, for "
			 "ann@example.com");
}

static void summary_of_payments_and_refunds_shows_money(void **state)
{
	(void)state;
	check_summary(ev_amount(BO_EV_PAYMENT_RECEIVED, 1, 1000, NULL),
		      "payment of 10.00 EUR received");
	check_summary(ev_amount(BO_EV_REFUND_ISSUED, 1, 500, "damaged"),
		      "refund of 5.00 EUR: damaged");
	check_summary(ev_text(BO_EV_PAYMENT_FAILED, 1, "card declined", NULL),
		      "payment failed: card declined");
}

static void summary_of_shipping_mentions_what_is_known(void **state)
{
	(void)state;
	check_summary(ev_shipped("DHL", "123"),
		      "shipped with DHL, tracking 123");
	check_summary(ev_shipped("DHL", NULL), "shipped with DHL");
	check_summary(ev_shipped(NULL, "123"), "shipped, tracking 123");
	check_summary(ev_shipped(NULL, NULL), "shipped");
	check_summary(ev(BO_EV_ORDER_DELIVERED, 1), "delivered");
}

static void summary_of_cancel_and_note_is_one_line(void **state)
{
	(void)state;
	check_summary(ev_text(BO_EV_ORDER_CANCELLED, 1, "customer asked", NULL),
		      "cancelled: customer asked");
	check_summary(ev_text(BO_EV_NOTE_ADDED, 1, NULL,
			      "called twice\nno answer\nwill retry"),
		      "note: called twice");
	check_summary(ev_text(BO_EV_NOTE_ADDED, 1, NULL, "short"),
		      "note: short");
}

static void summary_of_unknown_names_type_and_schema(void **state)
{
	(void)state;
	check_summary(ev_unknown("OrderTeleported", 3),
		      "unknown event type OrderTeleported (schema 3)");
}

/* ---- order-list rows ----------------------------------------------------- */

static void row_apply(bo_order_row *row, bo_event e, int64_t version)
{
	bo_err err;
	e.version = version;
	e.recorded_at = version * 1000;
	assert_int_equal(bo_order_row_apply(row, &e, &err), BO_OK);
	bo_event_clear(&e);
}

static void row_apply_follows_the_order_rules(void **state)
{
	bo_order_row row = {0};
	(void)state;

	row_apply(&row, ev_placed(7), 1);
	assert_int_equal(row.id, 7);
	assert_int_equal(row.status, BO_ORDER_PLACED);
	assert_string_equal(row.currency, "EUR");
	assert_string_equal(row.customer_email, "ann@example.com");
	assert_string_equal(row.customer_name, "Ann");
	assert_int_equal(row.items, 4);
	assert_int_equal(row.total, 4749);
	/* 37.50 at 20 % holds 6.25; 9.99 at 7 % holds 0.6535 -> 0.65 */
	assert_int_equal(row.tax, 625 + 65);
	assert_int_equal(row.placed_at, 1000);

	row_apply(&row, ev_amount(BO_EV_PAYMENT_RECEIVED, 7, 4000, NULL), 2);
	assert_int_equal(row.status, BO_ORDER_PLACED);
	row_apply(&row, ev_text(BO_EV_PAYMENT_FAILED, 7, "declined", NULL), 3);
	row_apply(&row, ev_amount(BO_EV_PAYMENT_RECEIVED, 7, 749, NULL), 4);
	assert_int_equal(row.status, BO_ORDER_PAID);
	assert_int_equal(row.paid, 4749);
	row_apply(&row, ev_amount(BO_EV_REFUND_ISSUED, 7, 100, "r"), 5);
	row_apply(&row, ev_text(BO_EV_NOTE_ADDED, 7, NULL, "hi"), 6);
	row_apply(&row, ev_shipped("DHL", NULL), 7);
	assert_int_equal(row.status, BO_ORDER_SHIPPED);
	row_apply(&row, ev(BO_EV_ORDER_DELIVERED, 7), 8);
	assert_int_equal(row.status, BO_ORDER_DELIVERED);
	assert_int_equal(row.refunded, 100);
	assert_int_equal(row.payment_failures, 1);
	assert_int_equal(row.notes, 1);
	assert_int_equal(row.version, 8);
	assert_int_equal(row.updated_at, 8000);
	assert_int_equal(row.placed_at, 1000);
	/* strings survive the round trip through the aggregate */
	assert_string_equal(row.customer_email, "ann@example.com");
	bo_order_row_clear(&row);
}

static void row_apply_of_cancel_and_unknown(void **state)
{
	bo_order_row row = {0};
	(void)state;

	row_apply(&row, ev_placed(7), 1);
	row_apply(&row, ev_text(BO_EV_ORDER_CANCELLED, 7, "asked", NULL), 2);
	assert_int_equal(row.status, BO_ORDER_CANCELLED);
	row_apply(&row, ev_unknown("OrderTeleported", 1), 3);
	assert_int_equal(row.status, BO_ORDER_CANCELLED);
	assert_int_equal(row.version, 3);
	assert_int_equal(row.total, 4749);
	bo_order_row_clear(&row);
}

static void row_apply_overflow_is_refused_and_row_kept(void **state)
{
	bo_order_row row = {0};
	bo_event e = ev_amount(BO_EV_PAYMENT_RECEIVED, 7, INT64_MAX, NULL);
	bo_err err;
	(void)state;

	row_apply(&row, ev_placed(7), 1);
	row_apply(&row, ev_amount(BO_EV_PAYMENT_RECEIVED, 7, 10, NULL), 2);
	e.version = 3;
	assert_int_equal(bo_order_row_apply(&row, &e, &err), BO_EINVAL);
	assert_int_equal(err.code, BO_EINVAL);
	assert_non_null(strstr(err.msg, "order 7"));
	assert_int_equal(row.paid, 10);
	assert_int_equal(row.version, 2);
	assert_string_equal(row.customer_email, "ann@example.com");
	bo_event_clear(&e);
	bo_order_row_clear(&row);
}

/* ---- the projector over the in-memory store ------------------------------ */

typedef struct fixture {
	bo_ports ports;
	bo_counter_ids ids;
	int64_t now;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_err err;

	if (!f || bo_memory_open(&f->ports, &err) != BO_OK) {
		free(f);
		return -1;
	}
	f->now = 1700000000000;
	/* built by this code from the empty log, as the start-up check leaves
	 * a new store */
	if (bo_store_begin(&f->ports.store, &err) != BO_OK ||
	    bo_rm_projector_set(&f->ports.rm, BO_PROJECTOR_INLINE,
				bo_projector_orders.version, 0,
				&err) != BO_OK ||
	    bo_store_commit(&f->ports.store, &err) != BO_OK) {
		bo_ports_close(&f->ports);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bo_ports_close(&f->ports);
	free(f);
	return 0;
}

/* Stores e on stream (as an application service would) and projects it. */
static void record(fixture *f, const char *stream, bo_event e)
{
	bo_ids ids = bo_counter_ids_port(&f->ids);
	char id[BO_UUID_LEN + 1];
	int64_t version;
	bo_err err;

	bo_ids_uuid(&ids, id);
	e.event_id = strdup(id);
	e.recorded_at = (f->now += 1000);
	e.meta.user = strdup("ann");
	e.meta.role = strdup("admin");
	e.meta.tenant = strdup("default");
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_event_store_stream_version(&f->ports.events, stream,
						       &version, &err),
			 BO_OK);
	assert_int_equal(bo_event_store_append(&f->ports.events, stream,
					       version, &e, 1, &err),
			 BO_OK);
	if (bo_projections_apply_inline(&f->ports, &eur, &e, &err) != BO_OK)
		fail_msg("projection failed: %s", err.msg);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	bo_event_clear(&e);
}

/* The shop's day: a product, an order that is paid in part, an event of a
 * kind this build does not know, the product deleted, a note. */
static void record_history(fixture *f)
{
	record(f, "product-1",
	       ev_product(BO_EV_PRODUCT_CREATED, 1, "P-1", "Pen", 1250));
	record(f, "product-2",
	       ev_product(BO_EV_PRODUCT_CREATED, 2, "P-2", "Ink", 999));
	record(f, "order-1", ev_placed(1));
	record(f, "order-1", ev_amount(BO_EV_PAYMENT_RECEIVED, 1, 1000, NULL));
	record(f, "order-1", ev_unknown("OrderTeleported", 2));
	record(f, "product-1",
	       ev_product(BO_EV_PRODUCT_DELETED, 1, "P-1", "Pen", 1250));
	record(f, "order-1",
	       ev_text(BO_EV_NOTE_ADDED, 1, NULL, "called\nno answer"));
}

typedef struct lines {
	bo_timeline_row rows[16];
	size_t n;
} lines;

static int keep_line(void *ctx, const bo_timeline_row *r)
{
	lines *l = ctx;
	bo_timeline_row *t = &l->rows[l->n++];

	*t = *r;
	t->event_id = strdup(r->event_id);
	t->user = strdup(r->user);
	t->role = strdup(r->role);
	t->type_name = strdup(r->type_name);
	t->summary = strdup(r->summary);
	return l->n == 16;
}

static void lines_clear(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		bo_timeline_row_clear(&l->rows[i]);
	l->n = 0;
}

static void projection_builds_order_row_timeline_and_catalogue(void **state)
{
	fixture *f = *state;
	bo_order_row row = {0};
	bo_product p = {0};
	lines l = {0};
	int64_t checkpoint = 0;
	int version = -1;
	bo_err err;

	record_history(f);

	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &row, &err), BO_OK);
	assert_int_equal(row.id, 1);
	assert_int_equal(row.status, BO_ORDER_PLACED);
	assert_int_equal(row.total, 4749);
	assert_int_equal(row.paid, 1000);
	assert_int_equal(row.notes, 1);
	assert_int_equal(row.version, 4);
	assert_string_equal(row.customer_email, "ann@example.com");
	bo_order_row_clear(&row);

	assert_int_equal(
	    bo_rm_timeline_list(&f->ports.rm, 1, keep_line, &l, &err), BO_OK);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.rows[0].order_id, 1);
	assert_int_equal(l.rows[0].version, 1);
	assert_int_equal(l.rows[0].position, 3);
	assert_string_equal(l.rows[0].type_name, "OrderPlaced");
	assert_string_equal(l.rows[0].user, "ann");
	assert_string_equal(l.rows[0].role, "admin");
	assert_string_equal(l.rows[0].event_id,
			    "00000000-0000-4000-8000-000000000003");
	assert_string_equal(l.rows[0].summary,
			    "placed 4 items (2 lines), total 47.49 EUR, for "
			    "ann@example.com");
	assert_string_equal(l.rows[1].summary, "payment of 10.00 EUR received");
	assert_string_equal(l.rows[2].type_name, "OrderTeleported");
	assert_string_equal(l.rows[2].summary,
			    "unknown event type OrderTeleported (schema 2)");
	assert_int_equal(l.rows[3].version, 4);
	assert_int_equal(l.rows[3].position, 7);
	assert_int_equal(l.rows[3].recorded_at, f->now);
	assert_string_equal(l.rows[3].summary, "note: called");
	lines_clear(&l);

	/* Product events: the catalogue follows; nothing on any timeline. */
	assert_int_equal(
	    bo_rm_catalog_get_by_sku(&f->ports.rm, "P-1", &p, &err),
	    BO_ENOTFOUND);
	bo_product_clear(&p);
	assert_int_equal(
	    bo_rm_catalog_get_by_sku(&f->ports.rm, "P-2", &p, &err), BO_OK);
	assert_int_equal(p.price, 999);
	bo_product_clear(&p);

	assert_int_equal(bo_rm_projector_get(&f->ports.rm, BO_PROJECTOR_INLINE,
					     &version, &checkpoint, &err),
			 BO_OK);
	assert_int_equal(checkpoint, 7);
}

static void projection_keeps_the_latest_product_snapshot(void **state)
{
	fixture *f = *state;
	bo_event upd =
	    ev_product(BO_EV_PRODUCT_UPDATED, 1, "P-1", "Fine pen", 1500);
	bo_event ret =
	    ev_product(BO_EV_PRODUCT_RETIRED, 1, "P-1", "Fine pen", 1500);
	bo_product p = {0};
	bo_err err;

	ret.product.retired = true;
	record(f, "product-1",
	       ev_product(BO_EV_PRODUCT_CREATED, 1, "P-1", "Pen", 1250));
	record(f, "product-1", upd);
	assert_int_equal(
	    bo_rm_catalog_get_by_sku(&f->ports.rm, "P-1", &p, &err), BO_OK);
	assert_string_equal(p.name, "Fine pen");
	assert_int_equal(p.price, 1500);
	assert_false(p.retired);
	bo_product_clear(&p);
	record(f, "product-1", ret);
	assert_int_equal(
	    bo_rm_catalog_get_by_sku(&f->ports.rm, "P-1", &p, &err), BO_OK);
	assert_true(p.retired);
	bo_product_clear(&p);
}

static void
projection_of_unknown_kind_elsewhere_only_moves_checkpoint(void **state)
{
	fixture *f = *state;
	bo_order_row row = {0};
	int64_t checkpoint = 0;
	int version = -1;
	bo_err err;

	record(f, "mystery-1", ev_unknown("SomethingNew", 1));
	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &row, &err),
			 BO_ENOTFOUND);
	bo_order_row_clear(&row);
	assert_int_equal(bo_rm_projector_get(&f->ports.rm, BO_PROJECTOR_INLINE,
					     &version, &checkpoint, &err),
			 BO_OK);
	assert_int_equal(checkpoint, 1);
}

/* Everything the read models say about order 1, as text, for comparison. */
static char *describe(fixture *f)
{
	bo_order_row row = {0};
	lines l = {0};
	char *out = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&out, &size);
	int64_t checkpoint = -1;
	int version = -1;
	bo_product p = {0};
	bo_err err;

	assert_non_null(m);
	if (bo_rm_order_get(&f->ports.rm, 1, &row, &err) == BO_OK)
		fprintf(m,
			"order %" PRId64 " v%" PRId64 " %s %s %s items %" PRId64
			" total %" PRId64 " tax %" PRId64 " paid %" PRId64
			" refunded %" PRId64 " failures %d notes %d at %" PRId64
			"/%" PRId64 "\n",
			row.id, row.version, bo_order_status_name(row.status),
			row.currency, row.customer_email, row.items, row.total,
			row.tax, row.paid, row.refunded, row.payment_failures,
			row.notes, row.placed_at, row.updated_at);
	bo_order_row_clear(&row);
	bo_rm_timeline_list(&f->ports.rm, 1, keep_line, &l, &err);
	for (size_t i = 0; i < l.n; i++)
		fprintf(
		    m, "%" PRId64 " %" PRId64 " %" PRId64 " %s %s %s %s %s\n",
		    l.rows[i].version, l.rows[i].position,
		    l.rows[i].recorded_at, l.rows[i].event_id, l.rows[i].user,
		    l.rows[i].role, l.rows[i].type_name, l.rows[i].summary);
	lines_clear(&l);
	if (bo_rm_catalog_get_by_sku(&f->ports.rm, "P-2", &p, &err) == BO_OK)
		fprintf(m, "catalogue P-2 %s %" PRId64 "\n", p.name, p.price);
	bo_product_clear(&p);
	bo_rm_projector_get(&f->ports.rm, BO_PROJECTOR_INLINE, &version,
			    &checkpoint, &err);
	fprintf(m, "checkpoint %" PRId64 " version %d\n", checkpoint, version);
	fclose(m);
	return out;
}

typedef struct progress_log {
	int calls;
	int64_t last_done, last_total;
	int stop_after;
} progress_log;

static int on_progress(void *ctx, const char *what, int64_t done, int64_t total)
{
	progress_log *p = ctx;
	assert_string_equal(what, "rebuild orders");
	assert_true(done >= p->last_done);
	p->calls++;
	p->last_done = done;
	p->last_total = total;
	return p->stop_after && p->calls >= p->stop_after;
}

static void rebuild_after_dropping_everything_gives_the_same(void **state)
{
	fixture *f = *state;
	progress_log progress = {0};
	char *before, *after, *empty;
	bo_err err;

	record_history(f);
	before = describe(f);

	/* Drop every projection and its state, as an operator would. */
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_reset(&f->ports.rm, &err), BO_OK);
	assert_int_equal(
	    bo_rm_projector_set(&f->ports.rm, BO_PROJECTOR_INLINE, 0, 0, &err),
	    BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	empty = describe(f);
	assert_string_equal(empty, "checkpoint 0 version 0\n");

	assert_int_equal(bo_projections_rebuild(&f->ports, &eur, "orders",
						on_progress, &progress, NULL, &err),
			 BO_OK);
	after = describe(f);
	assert_string_equal(after, before);
	assert_true(progress.calls >= 1);
	assert_int_equal(progress.last_done, 7);
	assert_int_equal(progress.last_total, 7);

	free(before);
	free(after);
	free(empty);
}

static void rebuild_of_a_live_store_changes_nothing(void **state)
{
	fixture *f = *state;
	char *before, *after;
	bo_err err;

	record_history(f);
	before = describe(f);
	assert_int_equal(
	    bo_projections_rebuild(&f->ports, &eur, "orders", NULL, NULL, NULL, &err),
	    BO_OK);
	after = describe(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

static void rebuild_of_more_than_one_batch_sees_every_event(void **state)
{
	fixture *f = *state;
	progress_log progress = {0};
	bo_order_row row = {0};
	bo_err err;

	bo_ids ids = bo_counter_ids_port(&f->ids);
	bo_event *notes = calloc(5100, sizeof(*notes));

	/* Stored without projecting, in one append: the rebuild does it all. */
	assert_non_null(notes);
	record(f, "order-1", ev_placed(1));
	for (int i = 0; i < 5100; i++) {
		char id[BO_UUID_LEN + 1];
		notes[i] = ev_text(BO_EV_NOTE_ADDED, 1, NULL, "again");
		bo_ids_uuid(&ids, id);
		notes[i].event_id = strdup(id);
		notes[i].recorded_at = f->now + i;
	}
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_event_store_append(&f->ports.events, "order-1", 1,
					       notes, 5100, &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	for (int i = 0; i < 5100; i++)
		bo_event_clear(&notes[i]);
	free(notes);
	assert_int_equal(bo_projections_rebuild(&f->ports, &eur, "orders",
						on_progress, &progress, NULL, &err),
			 BO_OK);
	assert_int_equal(progress.last_done, 5101);
	assert_int_equal(progress.last_total, 5101);
	assert_true(progress.calls >= 3);
	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &row, &err), BO_OK);
	assert_int_equal(row.notes, 5100);
	assert_int_equal(row.version, 5101);
	bo_order_row_clear(&row);
}

static void rebuild_stopped_by_progress_leaves_read_models_alone(void **state)
{
	fixture *f = *state;
	progress_log progress = {.stop_after = 1};
	char *before, *after;
	bo_err err;

	record_history(f);
	before = describe(f);
	assert_int_not_equal(bo_projections_rebuild(&f->ports, &eur, "orders",
						    on_progress, &progress,
						    NULL, &err),
			     BO_OK);
	assert_true(strlen(err.msg) > 0);
	after = describe(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(summary_of_product_events_names_the_sku),
	    cmocka_unit_test(summary_of_placed_counts_items_lines_and_total),
	    cmocka_unit_test(summary_of_placed_uses_the_order_currency),
	    cmocka_unit_test(summary_of_payments_and_refunds_shows_money),
	    cmocka_unit_test(summary_of_shipping_mentions_what_is_known),
	    cmocka_unit_test(summary_of_cancel_and_note_is_one_line),
	    cmocka_unit_test(summary_of_unknown_names_type_and_schema),
	    cmocka_unit_test(row_apply_follows_the_order_rules),
	    cmocka_unit_test(row_apply_of_cancel_and_unknown),
	    cmocka_unit_test(row_apply_overflow_is_refused_and_row_kept),
	    cmocka_unit_test_setup_teardown(
		projection_builds_order_row_timeline_and_catalogue, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		projection_keeps_the_latest_product_snapshot, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		projection_of_unknown_kind_elsewhere_only_moves_checkpoint,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		rebuild_after_dropping_everything_gives_the_same, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		rebuild_of_a_live_store_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		rebuild_of_more_than_one_batch_sees_every_event, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		rebuild_stopped_by_progress_leaves_read_models_alone, setup,
		teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
