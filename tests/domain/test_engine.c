/* Tests for domain/projections/engine.c (and its services): versions, catch-up, rebuild, verify, over memory. */
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
#include "domain/app_projections.h"
#include "domain/projections/engine.h"

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "ann"};
	bo_err err;

	assert_non_null(f);
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
	/* what the composition root does after every open */
	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, NULL, &err), BO_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
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

static void orders_state(fixture *f, int *version, int64_t *checkpoint)
{
	bo_err err;

	assert_int_equal(bo_rm_projector_get(&f->ports.rm, "orders", version,
					     checkpoint, &err),
			 BO_OK);
}

static void set_orders_state(fixture *f, int version, int64_t checkpoint)
{
	bo_err err;

	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_projector_set(&f->ports.rm, "orders", version,
					     checkpoint, &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
}

/* A shop's morning through the services: products, orders, payments. */
static void shop_history(fixture *f)
{
	bo_product_edit mug = {
	    .sku = "MUG", .name = "Mug", .price = "12.50", .tax_rate = "20"};
	bo_product_edit pen = {
	    .sku = "PEN", .name = "Pen", .price = "2.00", .tax_rate = "7.5"};
	bo_line_request lines[2] = {{"MUG", 2}, {"PEN", 3}};
	int64_t id;
	bo_err err;

	assert_int_equal(bo_app_product_add(&f->admin, &mug, NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_add(&f->admin, &pen, NULL, &err),
			 BO_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com",
						    i ? "Bo" : NULL, lines,
						    2 - (size_t)(i % 2), &id,
						    &err),
				 BO_OK);
		assert_int_equal(bo_app_order_pay(&f->admin, id, "10.00", &err),
				 BO_OK);
	}
	assert_int_equal(bo_app_order_note(&f->admin, 2, "call back", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_order_cancel(&f->admin, 3, "changed mind", &err), BO_OK);
	assert_int_equal(bo_app_product_delete(&f->admin, "PEN", &err), BO_OK);
}

static int dump_line(void *ctx, const bo_timeline_row *r)
{
	fprintf(ctx, "  %" PRId64 " @%" PRId64 " %s %s %s\n", r->version,
		r->position, r->event_id, r->type_name, r->summary);
	return 0;
}

typedef struct dump_ctx {
	FILE *f;
	bo_ports *p;
} dump_ctx;

static int dump_order(void *ctx, const bo_order_row *r)
{
	dump_ctx *d = ctx;
	bo_err err;

	fprintf(d->f,
		"order %" PRId64 " v%" PRId64 " %d %s %s total %" PRId64
		" tax %" PRId64 " paid %" PRId64 " notes %d\n",
		r->id, r->version, (int)r->status, r->customer_email,
		r->customer_name ? r->customer_name : "-", r->total, r->tax,
		r->paid, r->notes);
	return bo_rm_timeline_list(&d->p->rm, r->id, dump_line, d->f, &err);
}

/* Everything the orders projector's tables hold, as text. */
static char *dump(fixture *f)
{
	bo_order_query q = {.status = -1};
	char *out = NULL;
	size_t size = 0;
	dump_ctx d = {open_memstream(&out, &size), &f->ports};
	const char *skus[] = {"MUG", "PEN"};
	bo_err err;

	assert_non_null(d.f);
	assert_int_equal(
	    bo_rm_order_list(&f->ports.rm, &q, dump_order, &d, &err), BO_OK);
	for (size_t i = 0; i < 2; i++) {
		bo_product p = {0};

		if (bo_rm_catalog_get_by_sku(&f->ports.rm, skus[i], &p, &err) ==
		    BO_OK)
			fprintf(d.f, "catalogue %s %" PRId64 "\n", p.sku,
				p.price);
		bo_product_clear(&p);
	}
	fclose(d.f);
	return out;
}

/* Empties the orders tables and marks them built by this code up to 0:
 * the projector is behind by the whole log. */
static void forget_everything(fixture *f)
{
	bo_err err;

	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_reset(&f->ports.rm, &err), BO_OK);
	assert_int_equal(bo_rm_projector_set(&f->ports.rm, "orders",
					     bo_projector_orders.version, 0,
					     &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
}

/* Changes order 1's total behind the projector's back. */
static void tamper(fixture *f)
{
	bo_order_row r = {0};
	bo_err err;

	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &r, &err), BO_OK);
	r.total = 1;
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_order_put(&f->ports.rm, &r, &err), BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	bo_order_row_clear(&r);
}

typedef struct progress_log {
	int calls;
	char first[64]; /* the first job reported */
	char what[64];  /* the last */
	int64_t last_done, last_total;
	int stop_at;
} progress_log;

static int on_progress(void *ctx, const char *what, int64_t done, int64_t total)
{
	progress_log *p = ctx;

	/* done only grows within one job */
	assert_true(done >= p->last_done || strcmp(what, p->what) != 0);
	assert_true(done <= total);
	if (!p->calls)
		snprintf(p->first, sizeof(p->first), "%s", what);
	snprintf(p->what, sizeof(p->what), "%s", what);
	p->calls++;
	p->last_done = done;
	p->last_total = total;
	return p->stop_at && p->calls >= p->stop_at;
}

/* ---- versions ------------------------------------------------------------- */

static void a_new_store_is_built_by_this_code(void **state)
{
	fixture *f = *state;
	int64_t checkpoint;
	int version;

	orders_state(f, &version, &checkpoint);
	assert_int_equal(version, bo_projector_orders.version);
	shop_history(f);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(version, bo_projector_orders.version);
	/* inline: the checkpoint moved with every append */
	assert_int_equal(checkpoint, head(f));
}

static void a_changed_version_is_rebuilt_once(void **state)
{
	fixture *f = *state;
	progress_log progress = {0};
	char *before, *after;
	int64_t checkpoint;
	int version, rebuilt = -1;
	bo_err err;

	shop_history(f);
	before = dump(f);
	tamper(f);
	/* as if the store was built by an older apply() */
	set_orders_state(f, bo_projector_orders.version + 7, head(f));
	assert_int_equal(bo_app_projections_check(&f->admin, on_progress,
						  &progress, &rebuilt, &err),
			 BO_OK);
	assert_int_equal(rebuilt, 1);
	assert_string_equal(progress.what, "rebuild orders");
	assert_int_equal(progress.last_done, head(f));
	after = dump(f);
	assert_string_equal(after, before);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(version, bo_projector_orders.version);
	assert_int_equal(checkpoint, head(f));
	/* current now: the next open reads and rebuilds nothing */
	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, &rebuilt, &err),
	    BO_OK);
	assert_int_equal(rebuilt, 0);
	free(before);
	free(after);
}

static void a_never_built_projector_with_a_log_is_rebuilt(void **state)
{
	fixture *f = *state;
	char *before, *after;
	int rebuilt = -1;
	bo_err err;

	shop_history(f);
	before = dump(f);
	forget_everything(f);
	set_orders_state(f, 0, 0);
	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, &rebuilt, &err),
	    BO_OK);
	assert_int_equal(rebuilt, 1);
	after = dump(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

/* ---- catch-up ------------------------------------------------------------- */

static void catch_up_applies_each_event_once_across_a_crash(void **state)
{
	fixture *f = *state;
	char *want, *got;
	int64_t checkpoint;
	int version;
	bo_err err;

	shop_history(f);
	want = dump(f);
	forget_everything(f);

	/* A crash before anything became durable: the outer transaction
	 * takes the catch-up's committed batches down with it. */
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(
	    bo_app_projections_run(&f->admin, "orders", NULL, NULL, &err),
	    BO_OK);
	bo_store_rollback(&f->ports.store);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(checkpoint, 0);
	got = dump(f);
	assert_string_equal(got, "");
	free(got);

	/* run again: the same result as a store that never crashed */
	assert_int_equal(
	    bo_app_projections_run(&f->admin, "orders", NULL, NULL, &err),
	    BO_OK);
	got = dump(f);
	assert_string_equal(got, want);
	free(got);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(checkpoint, head(f));
	/* and once more: nothing is applied twice */
	assert_int_equal(
	    bo_app_projections_run(&f->admin, NULL, NULL, NULL, &err), BO_OK);
	got = dump(f);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

/* n notes on order 1, stored without projecting them. */
static void append_notes(fixture *f, int n)
{
	bo_event *notes = calloc((size_t)n, sizeof(*notes));
	int64_t at;
	bo_err err;

	assert_non_null(notes);
	for (int i = 0; i < n; i++) {
		char id[BO_UUID_LEN + 1];

		bo_ids_uuid(&f->ids, id);
		notes[i].kind = BO_EV_NOTE_ADDED;
		notes[i].type_name = strdup("NoteAdded");
		notes[i].schema_version = 1;
		notes[i].event_id = strdup(id);
		notes[i].text = strdup("again");
		notes[i].order_id = 1;
		notes[i].recorded_at = 1767225600000 + i;
	}
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_event_store_stream_version(&f->ports.events,
						       "order-1", &at, &err),
			 BO_OK);
	assert_int_equal(bo_event_store_append(&f->ports.events, "order-1", at,
					       notes, (size_t)n, &err),
			 BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	for (int i = 0; i < n; i++)
		bo_event_clear(&notes[i]);
	free(notes);
}

static void catch_up_stopped_after_a_batch_resumes_where_it_was(void **state)
{
	fixture *f = *state;
	progress_log progress = {.stop_at = 2};
	bo_order_row row = {0};
	int64_t checkpoint, before;
	int version;
	bo_err err;

	shop_history(f);
	before = head(f);
	append_notes(f, 5200);
	/* the first batch commits, then the run stops */
	assert_int_equal(bo_projections_catch_up(&f->ports, &f->admin.currency,
						 "orders", on_progress,
						 &progress, &err),
			 BO_ESTOPPED);
	assert_string_equal(progress.what, "catch up orders");
	orders_state(f, &version, &checkpoint);
	assert_int_equal(checkpoint, before + 5000);
	assert_int_equal(bo_projections_catch_up(&f->ports, &f->admin.currency,
						 "orders", NULL, NULL, &err),
			 BO_OK);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(checkpoint, head(f));
	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &row, &err), BO_OK);
	/* a twice-applied note would show here (or fail on the timeline) */
	assert_int_equal(row.notes, 5200);
	assert_int_equal(row.version, 2 + 5200);
	bo_order_row_clear(&row);
}

static void catch_up_of_a_stale_projector_rebuilds_it(void **state)
{
	fixture *f = *state;
	progress_log progress = {0};
	char *before, *after;
	int64_t checkpoint;
	int version;
	bo_err err;

	shop_history(f);
	before = dump(f);
	tamper(f);
	set_orders_state(f, 0, head(f));
	assert_int_equal(bo_projections_catch_up(&f->ports, &f->admin.currency,
						 NULL, on_progress, &progress,
						 &err),
			 BO_OK);
	/* the stale one is rebuilt; the writes kept the reports caught up,
	 * so nothing is left to catch up after it */
	assert_string_equal(progress.first, "rebuild orders");
	assert_string_equal(progress.what, "rebuild orders");
	after = dump(f);
	assert_string_equal(after, before);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(version, bo_projector_orders.version);
	free(before);
	free(after);
}

/* ---- rebuild and verify --------------------------------------------------- */

static void rebuild_of_a_live_store_changes_nothing(void **state)
{
	fixture *f = *state;
	char *before, *after;
	bo_err err;

	shop_history(f);
	before = dump(f);
	assert_int_equal(
	    bo_app_projections_rebuild(&f->admin, NULL, NULL, NULL, NULL, &err),
	    BO_OK);
	after = dump(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

static void unknown_projector_names_are_not_found(void **state)
{
	fixture *f = *state;
	int64_t n;
	bo_err err;

	assert_int_equal(
	    bo_app_projections_rebuild(&f->admin, "nope", NULL, NULL, NULL, &err),
	    BO_ENOTFOUND);
	assert_string_equal(err.msg, "there is no projector called nope");
	assert_int_equal(
	    bo_app_projections_run(&f->admin, "nope", NULL, NULL, &err),
	    BO_ENOTFOUND);
	assert_int_equal(bo_app_projections_verify(&f->admin, "nope", NULL,
						   NULL, NULL, NULL, &n, &err),
			 BO_ENOTFOUND);
}

typedef struct diffs {
	int n;
	char text[4][512];
} diffs;

static int keep_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	diffs *d = ctx;
	char *text = NULL;

	if (d->n < 4) {
		if (bo_row_format(&text, row) != 0)
			return BO_ENOMEM;
		snprintf(d->text[d->n], sizeof(d->text[0]), "%s|%s|%s",
			 row->table, bo_row_side_name(side), text);
		free(text);
	}
	d->n++;
	return 0;
}

static void verify_of_a_true_model_finds_nothing(void **state)
{
	fixture *f = *state;
	diffs d = {0};
	int64_t n = -1;
	bo_err err;

	shop_history(f);
	assert_int_equal(bo_app_projections_verify(&f->admin, NULL, NULL, NULL,
						   keep_diff, &d, &n, &err),
			 BO_OK);
	assert_int_equal(n, 0);
	assert_int_equal(d.n, 0);
}

static void verify_names_a_tampered_row_and_changes_nothing(void **state)
{
	fixture *f = *state;
	progress_log progress = {0};
	bo_order_row row = {0};
	diffs d = {0};
	int64_t n = -1, checkpoint;
	int version;
	bo_err err;

	shop_history(f);
	tamper(f);
	assert_int_equal(bo_app_projections_verify(&f->admin, "orders",
						   on_progress, &progress,
						   keep_diff, &d, &n, &err),
			 BO_OK);
	assert_string_equal(progress.what, "verify orders");
	assert_int_equal(n, 2);
	assert_int_equal(d.n, 2);
	assert_string_equal(
	    d.text[0], "order_list|only in the live model|id=1 version=2 "
		       "status='placed' currency='EUR' "
		       "customer_email='bo@example.com' customer_name=NULL "
		       "items=5 total=1 tax=459 paid=1000 refunded=0 "
		       "payment_failures=0 notes=0 placed_at=1767225603000 "
		       "updated_at=1767225604000");
	assert_string_equal(
	    d.text[1], "order_list|only in the rebuild|id=1 version=2 "
		       "status='placed' currency='EUR' "
		       "customer_email='bo@example.com' customer_name=NULL "
		       "items=5 total=3100 tax=459 paid=1000 refunded=0 "
		       "payment_failures=0 notes=0 placed_at=1767225603000 "
		       "updated_at=1767225604000");
	/* verify only looks */
	assert_int_equal(bo_rm_order_get(&f->ports.rm, 1, &row, &err), BO_OK);
	assert_int_equal(row.total, 1);
	bo_order_row_clear(&row);
	orders_state(f, &version, &checkpoint);
	assert_int_equal(checkpoint, head(f));
	/* a rebuild repairs it */
	assert_int_equal(
	    bo_app_projections_rebuild(&f->admin, "orders", NULL, NULL, NULL, &err),
	    BO_OK);
	assert_int_equal(bo_app_projections_verify(&f->admin, NULL, NULL, NULL,
						   NULL, NULL, &n, &err),
			 BO_OK);
	assert_int_equal(n, 0);
}

/* ---- status and roles ----------------------------------------------------- */

typedef struct seen_status {
	int n;
	bo_projector_status orders;
} seen_status;

static int keep_status(void *ctx, const bo_projector_status *s)
{
	seen_status *seen = ctx;

	seen->n++;
	if (strcmp(s->name, "orders") == 0)
		seen->orders = *s;
	return 0;
}

static void status_shows_versions_checkpoint_head_and_lag(void **state)
{
	fixture *f = *state;
	seen_status seen = {0};
	bo_app manager;
	bo_err err;

	shop_history(f);
	set_orders_state(f, bo_projector_orders.version, head(f) - 4);
	assert_int_equal(bo_app_user_add(&f->admin, "max", "manager", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&manager, &f->ports, &f->clock, &f->ids, "max", &err),
	    BO_OK);
	/* every role may look */
	assert_int_equal(
	    bo_app_projections_status(&manager, keep_status, &seen, &err),
	    BO_OK);
	assert_int_equal((size_t)seen.n, bo_projectors_count());
	assert_string_equal(seen.orders.name, "orders");
	assert_int_equal(seen.orders.code_version, bo_projector_orders.version);
	assert_int_equal(seen.orders.stored_version,
			 bo_projector_orders.version);
	assert_int_equal(seen.orders.head, head(f));
	assert_int_equal(seen.orders.checkpoint, head(f) - 4);
	assert_int_equal(seen.orders.lag, 4);
	assert_true(seen.orders.inline_apply);
	bo_app_close(&manager);
}

static void only_admins_run_rebuild_and_verify(void **state)
{
	fixture *f = *state;
	bo_app support;
	int64_t n;
	bo_err err;

	assert_int_equal(bo_app_user_add(&f->admin, "sue", "support", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&support, &f->ports, &f->clock, &f->ids, "sue", &err),
	    BO_OK);
	assert_int_equal(
	    bo_app_projections_run(&support, NULL, NULL, NULL, &err), BO_EPERM);
	assert_string_equal(err.msg, "user sue (support) may not run, rebuild "
				     "or verify projections");
	assert_int_equal(
	    bo_app_projections_rebuild(&support, NULL, NULL, NULL, NULL, &err),
	    BO_EPERM);
	assert_int_equal(bo_app_projections_verify(&support, NULL, NULL, NULL,
						   NULL, NULL, &n, &err),
			 BO_EPERM);
	bo_app_close(&support);
}

static void registry_finds_projectors_by_name(void **state)
{
	(void)state;
	assert_ptr_equal(bo_projectors_find("orders"), &bo_projector_orders);
	assert_null(bo_projectors_find("Orders"));
	assert_null(bo_projectors_find(NULL));
	assert_ptr_equal(bo_projectors_at(0), &bo_projector_orders);
	assert_null(bo_projectors_at(bo_projectors_count()));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(a_new_store_is_built_by_this_code),
	    T(a_changed_version_is_rebuilt_once),
	    T(a_never_built_projector_with_a_log_is_rebuilt),
	    T(catch_up_applies_each_event_once_across_a_crash),
	    T(catch_up_stopped_after_a_batch_resumes_where_it_was),
	    T(catch_up_of_a_stale_projector_rebuilds_it),
	    T(rebuild_of_a_live_store_changes_nothing),
	    T(unknown_projector_names_are_not_found),
	    T(verify_of_a_true_model_finds_nothing),
	    T(verify_names_a_tampered_row_and_changes_nothing),
	    T(status_shows_versions_checkpoint_head_and_lag),
	    T(only_admins_run_rebuild_and_verify),
	    cmocka_unit_test(registry_finds_projectors_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
