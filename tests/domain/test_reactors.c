/* Reactors over the in-memory ports: low-stock side effects, idempotency, rebuild and import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/projections/engine.h"
#include "domain/reactors.h"

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

static void open_store(fixture *f, const char *tenant)
{
	bo_err err;
	bo_init_options opt = {
	    .tenant = tenant, .currency = "EUR", .admin = "ann"};

	assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
}

static void close_store(fixture *f)
{
	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	open_store(f, "shop");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	close_store(f);
	free(f);
	return 0;
}

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;

	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

static void add_product(fixture *f, const char *sku, const char *stock)
{
	bo_err err;
	bo_product_edit in = {.sku = sku,
			      .name = "Mug",
			      .price = "10.00",
			      .tax_rate = "20",
			      .stock = stock};

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

static int64_t place(fixture *f, const bo_line_request *lines, size_t n)
{
	bo_err err;
	int64_t id = 0;

	if (bo_app_order_place(&f->admin, "bo@example.com", "Bo", lines, n, &id,
			       &err) != BO_OK)
		fail_msg("order place: %s", err.msg);
	return id;
}

static int64_t place_one(fixture *f, const char *sku, int64_t qty)
{
	bo_line_request line = {.sku = sku, .quantity = qty};

	return place(f, &line, 1);
}

static void pay(fixture *f, int64_t id, const char *amount)
{
	bo_err err;

	if (bo_app_order_pay(&f->admin, id, amount, &err) != BO_OK)
		fail_msg("order pay: %s", err.msg);
	if (f->admin.reactor_err.code != BO_OK)
		fail_msg("reactor: %s", f->admin.reactor_err.msg);
}

typedef struct alerts {
	bo_alert items[8];
	size_t n;
} alerts;

static int collect_alert(void *ctx, const bo_alert *a)
{
	alerts *l = ctx;
	bo_alert *d = &l->items[l->n++];

	assert_true(l->n <= 8);
	assert_int_equal(bo_alert_copy(d, a), BO_OK);
	return 0;
}

static void list_alerts(fixture *f, alerts *l)
{
	bo_err err;

	memset(l, 0, sizeof(*l));
	assert_int_equal(
	    bo_reactors_alert_list(&f->admin, collect_alert, l, &err), BO_OK);
}

static void clear_alerts(alerts *l)
{
	for (size_t i = 0; i < l->n; i++)
		bo_alert_clear(&l->items[i]);
	l->n = 0;
}

static size_t alert_count(fixture *f)
{
	alerts l;
	size_t n;

	list_alerts(f, &l);
	n = l.n;
	clear_alerts(&l);
	return n;
}

/* The last event of a stream (the caller clears it). */
static void last_event(fixture *f, const char *stream, bo_event *out)
{
	bo_event_list l = {0};
	bo_err err;

	assert_int_equal(
	    bo_event_store_read_stream(&f->ports.events, stream, 0, &l, &err),
	    BO_OK);
	assert_true(l.n > 0);
	assert_int_equal(bo_event_copy(out, &l.items[l.n - 1]), BO_OK);
	bo_event_list_clear(&l);
}

static void set_setting(fixture *f, const char *key, const char *value)
{
	bo_err err;

	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(
	    bo_store_setting_set(&f->ports.store, key, value, &err), BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
}

static void set_checkpoint(fixture *f, int64_t position)
{
	bo_err err;

	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_reactor_store_checkpoint_set(
			     &f->ports.reactors, "low_stock", position, &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
}

static int64_t checkpoint(fixture *f)
{
	int64_t at = -1;
	bo_err err;

	assert_int_equal(bo_reactor_store_checkpoint_get(
			     &f->ports.reactors, "low_stock", &at, &err),
			 BO_OK);
	return at;
}

/* ---- tests ----------------------------------------------------------------*/

static void paying_an_order_takes_stock_through_a_product_update(void **state)
{
	fixture *f = *state;
	bo_event pay_ev = {0}, upd = {0};
	int64_t id;

	add_product(f, "MUG", "20");
	id = place_one(f, "MUG", 3);
	pay(f, id, "30.00");
	assert_int_equal(stock_of(f, "MUG"), 17);
	last_event(f, "order-1", &pay_ev);
	assert_int_equal(pay_ev.kind, BO_EV_PAYMENT_RECEIVED);
	last_event(f, "product-1", &upd);
	assert_int_equal(upd.kind, BO_EV_PRODUCT_UPDATED);
	assert_int_equal(upd.product.stock, 17);
	/* caused by the payment, done by the system */
	assert_string_equal(upd.meta.causation_id, pay_ev.event_id);
	assert_string_equal(upd.meta.user, "system");
	assert_string_equal(upd.meta.role, "admin");
	assert_true(upd.position > pay_ev.position);
	/* its own ProductUpdated is read past too */
	assert_int_equal(checkpoint(f), head(f));
	/* above the threshold: no alert */
	assert_int_equal(alert_count(f), 0);
	bo_event_clear(&pay_ev);
	bo_event_clear(&upd);
}

static void partial_payment_takes_no_stock_until_fully_paid(void **state)
{
	fixture *f = *state;
	int64_t id;

	add_product(f, "MUG", "20");
	id = place_one(f, "MUG", 3);
	pay(f, id, "10.00");
	assert_int_equal(stock_of(f, "MUG"), 20);
	pay(f, id, "20.00");
	assert_int_equal(stock_of(f, "MUG"), 17);
}

static void stock_at_threshold_raises_exactly_one_alert(void **state)
{
	fixture *f = *state;
	bo_event pay_ev = {0};
	bo_err err;
	alerts l;
	int64_t id, h;

	add_product(f, "MUG", "8");
	id = place_one(f, "MUG", 3); /* 8 - 3 = 5: at the default threshold */
	pay(f, id, "30.00");
	last_event(f, "order-1", &pay_ev);
	list_alerts(f, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].sku, "MUG");
	assert_string_equal(l.items[0].name, "Mug");
	assert_string_equal(l.items[0].event_id, pay_ev.event_id);
	assert_int_equal(l.items[0].order_id, id);
	assert_int_equal(l.items[0].product_id, 1);
	assert_int_equal(l.items[0].stock, 5);
	assert_int_equal(l.items[0].threshold, 5);
	assert_true(l.items[0].created_at >= pay_ev.recorded_at);
	clear_alerts(&l);
	/* running again changes nothing */
	h = head(f);
	assert_int_equal(bo_reactors_run(&f->admin, &err), BO_OK);
	assert_int_equal(head(f), h);
	assert_int_equal(alert_count(f), 1);
	assert_int_equal(stock_of(f, "MUG"), 5);
	bo_event_clear(&pay_ev);
}

static void lost_checkpoint_does_not_apply_a_payment_twice(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	pay(f, id, "10.00");
	assert_int_equal(stock_of(f, "MUG"), 3);
	h = head(f);
	/* as if it crashed after the side effect, before the checkpoint */
	set_checkpoint(f, 0);
	assert_int_equal(bo_reactors_run(&f->admin, &err), BO_OK);
	assert_int_equal(stock_of(f, "MUG"), 3);
	assert_int_equal(head(f), h);
	assert_int_equal(alert_count(f), 1);
	assert_int_equal(checkpoint(f), h);
}

static void untracked_stock_is_left_alone(void **state)
{
	fixture *f = *state;
	bo_event last = {0};
	int64_t id;

	add_product(f, "TEE", NULL); /* untracked by default */
	id = place_one(f, "TEE", 2);
	pay(f, id, "20.00");
	assert_int_equal(stock_of(f, "TEE"), BO_STOCK_UNTRACKED);
	last_event(f, "product-1", &last);
	assert_int_equal(last.kind, BO_EV_PRODUCT_CREATED);
	assert_int_equal(alert_count(f), 0);
	bo_event_clear(&last);
}

static void deleted_product_is_skipped(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id;

	add_product(f, "MUG", "3");
	id = place_one(f, "MUG", 2);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG", &err), BO_OK);
	pay(f, id, "20.00");
	assert_int_equal(f->admin.reactor_err.code, BO_OK);
	assert_int_equal(alert_count(f), 0);
	assert_int_equal(checkpoint(f), head(f));
}

static void every_line_takes_stock_floored_at_zero(void **state)
{
	fixture *f = *state;
	bo_line_request lines[] = {{"MUG", 7}, {"TEE", 1}};
	int64_t id;

	add_product(f, "MUG", "6");
	add_product(f, "TEE", "50");
	id = place(f, lines, 2);
	pay(f, id, "80.00");
	assert_int_equal(stock_of(f, "MUG"), 0); /* floored at 0 */
	assert_int_equal(stock_of(f, "TEE"), 49);
	assert_int_equal(alert_count(f), 1);
}

static void threshold_setting_is_the_tenants(void **state)
{
	fixture *f = *state;
	int64_t id;

	set_setting(f, BO_SETTING_LOW_STOCK, "0");
	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	pay(f, id, "10.00");
	assert_int_equal(stock_of(f, "MUG"), 3);
	assert_int_equal(alert_count(f), 0);
	id = place_one(f, "MUG", 3);
	pay(f, id, "30.00");
	assert_int_equal(alert_count(f), 1);
}

static void set_own_threshold(fixture *f, const char *sku, const char *t)
{
	bo_product_edit in = {.low_stock = t};
	bo_err err;

	if (bo_app_product_edit(&f->admin, sku, &in, 0, NULL, &err) != BO_OK)
		fail_msg("product edit %s: %s", sku, err.msg);
}

/* A product's own threshold wins over the tenant's, both ways. */
static void product_threshold_wins_over_the_tenants(void **state)
{
	fixture *f = *state;
	alerts l;
	int64_t id;

	add_product(f, "MUG", "20"); /* tenant default 5 */
	add_product(f, "CUP", "20");
	add_product(f, "PEN", "20");
	set_own_threshold(f, "MUG", "15");
	set_own_threshold(f, "PEN", "0");
	/* the control: CUP, on the tenant's 5, raises nothing at 16 */
	id = place_one(f, "CUP", 4);
	pay(f, id, "40.00");
	assert_int_equal(alert_count(f), 0);
	/* MUG at 16 is above its own 15: nothing; at 15: an alert at 15 */
	id = place_one(f, "MUG", 4);
	pay(f, id, "40.00");
	assert_int_equal(alert_count(f), 0);
	id = place_one(f, "MUG", 1);
	pay(f, id, "10.00");
	list_alerts(f, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].sku, "MUG");
	assert_int_equal(l.items[0].stock, 15);
	assert_int_equal(l.items[0].threshold, 15);
	clear_alerts(&l);
	/* PEN's own 0 is below the tenant's 5: 3 left raises nothing */
	id = place_one(f, "PEN", 17);
	pay(f, id, "170.00");
	assert_int_equal(alert_count(f), 1);
	/* back to the tenant's: the next payment alerts at 2 <= 5 */
	set_own_threshold(f, "PEN", "default");
	id = place_one(f, "PEN", 1);
	pay(f, id, "10.00");
	list_alerts(f, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[1].sku, "PEN");
	assert_int_equal(l.items[1].threshold, 5);
	clear_alerts(&l);
}

static void failing_reactor_keeps_the_command_and_retries(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, before;

	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	set_setting(f, BO_SETTING_LOW_STOCK, "lots");
	before = checkpoint(f);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10.00", &err), BO_OK);
	assert_int_equal(f->admin.reactor_err.code, BO_EINVAL);
	assert_non_null(strstr(f->admin.reactor_err.msg, BO_SETTING_LOW_STOCK));
	/* nothing half done: the checkpoint waits before the payment */
	assert_int_equal(stock_of(f, "MUG"), 4);
	assert_int_equal(checkpoint(f), before);
	/* a rebuild does not run reactors either */
	assert_int_equal(bo_projections_rebuild(&f->ports, &f->admin.currency,
						NULL, NULL, NULL, NULL, &err),
			 BO_OK);
	assert_int_equal(stock_of(f, "MUG"), 4);
	assert_int_equal(alert_count(f), 0);
	set_setting(f, BO_SETTING_LOW_STOCK, "5");
	assert_int_equal(bo_reactors_run(&f->admin, &err), BO_OK);
	assert_int_equal(stock_of(f, "MUG"), 3);
	assert_int_equal(alert_count(f), 1);
}

/* A reactor store whose mark_handled fails: the reactor's effect (the
 * stock update and its event) is done by then and must be undone. */
static const bo_reactor_store_ops *real_ops;
static int failing_mark(void *self, const char *name, const char *event_id,
			bo_err *err)
{
	(void)self;
	(void)name;
	(void)event_id;
	return bo_err_set(err, BO_ESTORAGE, "injected: mark_handled fails");
}

static void order_status(fixture *f, int64_t id, bo_order_status want)
{
	bo_order o;
	bo_err err;

	assert_int_equal(bo_app_order_get(&f->admin, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.status, want);
	bo_order_clear(&o);
}

static void reactor_failing_inside_the_command_undoes_only_itself(void **state)
{
	fixture *f = *state;
	bo_reactor_store_ops broken;
	bo_store_tally tally = {0};
	bo_err err;
	int64_t id, before, at;

	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	before = checkpoint(f);
	at = head(f);
	real_ops = f->ports.reactors.ops;
	broken = *real_ops;
	broken.mark_handled = failing_mark;
	f->ports.reactors.ops = &broken;
	f->ports.store.tally = &tally;
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10.00", &err), BO_OK);
	f->ports.reactors.ops = real_ops;
	/* the command committed, once; the reactor's part did not */
	assert_int_equal(tally.commits, 1);
	assert_int_equal(f->admin.reactor_err.code, BO_ESTORAGE);
	assert_non_null(strstr(f->admin.reactor_err.msg, "injected"));
	order_status(f, id, BO_ORDER_PAID);
	assert_int_equal(head(f), at + 1); /* the payment, no ProductUpdated */
	assert_int_equal(stock_of(f, "MUG"), 4);
	assert_int_equal(alert_count(f), 0);
	assert_int_equal(checkpoint(f), before);
	/* the next command retries it, inside its own one commit */
	assert_int_equal(bo_app_order_note(&f->admin, id, "hi", &err), BO_OK);
	assert_int_equal(f->admin.reactor_err.code, 0);
	assert_int_equal(tally.commits, 2);
	assert_int_equal(stock_of(f, "MUG"), 3);
	assert_int_equal(alert_count(f), 1);
	assert_int_equal(checkpoint(f), head(f));
	f->ports.store.tally = NULL;
}

static void rebuild_leaves_reactor_state_alone(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	pay(f, id, "10.00");
	h = head(f);
	assert_int_equal(bo_projections_rebuild(&f->ports, &f->admin.currency,
						NULL, NULL, NULL, NULL, &err),
			 BO_OK);
	assert_int_equal(head(f), h);
	assert_int_equal(stock_of(f, "MUG"), 3);
	assert_int_equal(alert_count(f), 1);
	assert_int_equal(checkpoint(f), h);
}

static int copy_event(void *ctx, const bo_event *e)
{
	bo_event_list *l = ctx;
	bo_event *d = bo_event_list_push(l);

	assert_non_null(d);
	assert_int_equal(bo_event_copy(d, e), BO_OK);
	return 0;
}

static void import_does_not_react_to_history_again(void **state)
{
	fixture *f = *state;
	fixture *g = calloc(1, sizeof(*g));
	bo_event_list log = {0};
	bo_err err;
	int64_t id;

	assert_non_null(g);
	add_product(f, "MUG", "4");
	id = place_one(f, "MUG", 1);
	set_setting(f, BO_SETTING_LOW_STOCK, "lots"); /* leave it pending */
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10.00", &err), BO_OK);
	assert_int_equal(stock_of(f, "MUG"), 4);
	assert_int_equal(
	    bo_app_events_export(&f->admin, copy_event, &log, &err), BO_OK);

	open_store(g, "other");
	assert_int_equal(
	    bo_app_events_import(&g->admin, log.items, log.n, &err), BO_OK);
	assert_int_equal(checkpoint(g), head(g));
	assert_int_equal(bo_reactors_run(&g->admin, &err), BO_OK);
	/* the payment in the imported history is not reacted to again */
	assert_int_equal(stock_of(g, "MUG"), 4);
	assert_int_equal(alert_count(g), 0);
	assert_int_equal(head(g), (int64_t)log.n);
	bo_event_list_clear(&log);
	close_store(g);
	free(g);
}

static void every_role_may_read_alerts(void **state)
{
	fixture *f = *state;
	bo_app manager;
	bo_err err;
	alerts l = {0};

	assert_int_equal(bo_app_user_add(&f->admin, "max", "manager", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&manager, &f->ports, &f->clock, &f->ids, "max", &err),
	    BO_OK);
	assert_int_equal(
	    bo_reactors_alert_list(&manager, collect_alert, &l, &err), BO_OK);
	assert_int_equal(l.n, 0);
	bo_app_close(&manager);
}

static void open_as(fixture *f, bo_app *app, const char *name,
		    const char *role)
{
	bo_err err;

	assert_int_equal(bo_app_user_add(&f->admin, name, role, &err), BO_OK);
	assert_int_equal(
	    bo_app_open(app, &f->ports, &f->clock, &f->ids, name, &err),
	    BO_OK);
}

/* support and admin acknowledge, once; managers only read */
static void alerts_are_acknowledged_by_support_and_admin(void **state)
{
	fixture *f = *state;
	bo_app support, manager;
	bo_err err;
	alerts l;
	int64_t id;

	add_product(f, "MUG", "6");
	id = place_one(f, "MUG", 1);
	pay(f, id, "10.00");
	list_alerts(f, &l);
	assert_int_equal(l.n, 1);
	id = l.items[0].id;
	assert_null(l.items[0].acked_by);
	clear_alerts(&l);
	open_as(f, &support, "sam", "support");
	open_as(f, &manager, "max", "manager");
	assert_int_equal(bo_reactors_alert_ack(&manager, id, &err), BO_EPERM);
	assert_int_equal(bo_reactors_alert_ack(&support, id + 1, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_reactors_alert_ack(&support, id, &err), BO_OK);
	assert_int_equal(bo_reactors_alert_ack(&f->admin, id, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "sam"));
	list_alerts(f, &l);
	assert_string_equal(l.items[0].acked_by, "sam");
	assert_true(l.items[0].acked_at > 0);
	clear_alerts(&l);
	bo_app_close(&support);
	bo_app_close(&manager);
}

/* the tenant's threshold: admin only, 0..1000000, nothing changes else */
static void tenant_threshold_is_set_by_an_admin(void **state)
{
	fixture *f = *state;
	static const char *bad[] = {"", "default", "-1", "1000001", "x", NULL};
	bo_app manager;
	int64_t t;
	bo_err err;

	open_as(f, &manager, "max", "manager");
	assert_int_equal(
	    bo_reactors_low_stock_threshold_set(&manager, "9", &err), BO_EPERM);
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(bo_reactors_low_stock_threshold_set(
				     &f->admin, bad[i], &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "low-stock threshold"));
	}
	assert_int_equal(bo_reactors_low_stock_threshold(&f->admin, &t, &err),
			 BO_OK);
	assert_int_equal(t, BO_LOW_STOCK_DEFAULT);
	assert_int_equal(
	    bo_reactors_low_stock_threshold_set(&f->admin, "12", &err), BO_OK);
	assert_int_equal(bo_reactors_low_stock_threshold(&f->admin, &t, &err),
			 BO_OK);
	assert_int_equal(t, 12);
	bo_app_close(&manager);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(paying_an_order_takes_stock_through_a_product_update),
	    T(partial_payment_takes_no_stock_until_fully_paid),
	    T(stock_at_threshold_raises_exactly_one_alert),
	    T(lost_checkpoint_does_not_apply_a_payment_twice),
	    T(untracked_stock_is_left_alone),
	    T(deleted_product_is_skipped),
	    T(every_line_takes_stock_floored_at_zero),
	    T(threshold_setting_is_the_tenants),
	    T(product_threshold_wins_over_the_tenants),
	    T(failing_reactor_keeps_the_command_and_retries),
	    T(reactor_failing_inside_the_command_undoes_only_itself),
	    T(rebuild_leaves_reactor_state_alone),
	    T(import_does_not_react_to_history_again),
	    T(every_role_may_read_alerts),
	    T(alerts_are_acknowledged_by_support_and_admin),
	    T(tenant_threshold_is_set_by_an_admin),
#undef T
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
