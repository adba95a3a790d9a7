/* The projection engine over SQLite: nesting, migration of checkpoints, verify of a hand-tampered file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/memory/memory_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "domain/app_projections.h"

typedef struct fixture {
	char dir[64];
	char path[96];
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

static void remove_store(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[128];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_init_options opt = {.currency = "EUR", .admin = "ann"};
	bo_err err;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/bo-engine-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
	assert_int_equal(
	    bo_sqlite_open(&f->ports, f->path, BO_SQLITE_CREATE, &err), BO_OK);
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
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
	remove_store(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void place_orders(fixture *f)
{
	bo_product_edit mug = {.sku = "MUG",
			       .name = "Mug \"blue\"",
			       .price = "12.50",
			       .tax_rate = "20"};
	bo_line_request line = {"MUG", 2};
	int64_t id;
	bo_err err;

	assert_int_equal(bo_app_product_add(&f->admin, &mug, NULL, &err),
			 BO_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(bo_app_order_place(&f->admin,
						    "o'neil@example.com", NULL,
						    &line, 1, &id, &err),
				 BO_OK);
	assert_int_equal(bo_app_order_pay(&f->admin, 1, "25.00", &err), BO_OK);
}

/* Runs sql through a connection of its own, as someone with the sqlite3
 * shell would. */
static void raw_exec(fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

typedef struct diffs {
	int n;
	char text[4][400];
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

static void verify_finds_a_row_tampered_outside_the_app(void **state)
{
	fixture *f = *state;
	diffs d = {0};
	int64_t n = -1;
	bo_err err;

	place_orders(f);
	assert_int_equal(bo_app_projections_verify(&f->admin, NULL, NULL, NULL,
						   keep_diff, &d, &n, &err),
			 BO_OK);
	assert_int_equal(n, 0);
	raw_exec(f, "UPDATE order_list SET paid = 99 WHERE id = 2;"
		    "DELETE FROM order_timeline WHERE order_id = 1 AND "
		    "version = 2");
	assert_int_equal(bo_app_projections_verify(&f->admin, "orders", NULL,
						   NULL, keep_diff, &d, &n,
						   &err),
			 BO_OK);
	assert_int_equal(n, 3);
	assert_string_equal(
	    d.text[0], "order_list|only in the live model|id=2 version=1 "
		       "status='placed' currency='EUR' "
		       "customer_email='o\\'neil@example.com' "
		       "customer_name=NULL items=2 total=2500 tax=417 paid=99 "
		       "refunded=0 payment_failures=0 notes=0 "
		       "placed_at=1767225603000 updated_at=1767225603000");
	assert_string_equal(
	    d.text[1], "order_list|only in the rebuild|id=2 version=1 "
		       "status='placed' currency='EUR' "
		       "customer_email='o\\'neil@example.com' "
		       "customer_name=NULL items=2 total=2500 tax=417 paid=0 "
		       "refunded=0 payment_failures=0 notes=0 "
		       "placed_at=1767225603000 updated_at=1767225603000");
	assert_true(strncmp(d.text[2],
			    "order_timeline|only in the rebuild|order_id=1 "
			    "version=2 position=4 ",
			    67) == 0);
	assert_non_null(strstr(d.text[2], "'payment of 25.00 EUR received'"));
	/* verify rolled everything back: the damage is still there, and a
	 * rebuild repairs it */
	assert_int_equal(bo_app_projections_verify(&f->admin, NULL, NULL, NULL,
						   NULL, NULL, &n, &err),
			 BO_OK);
	assert_int_equal(n, 3);
	assert_int_equal(
	    bo_app_projections_rebuild(&f->admin, NULL, NULL, NULL, NULL, &err),
	    BO_OK);
	assert_int_equal(bo_app_projections_verify(&f->admin, NULL, NULL, NULL,
						   NULL, NULL, &n, &err),
			 BO_OK);
	assert_int_equal(n, 0);
}

/* A REAL or BLOB value has no typed form: verify stops with BO_ESTORAGE
 * naming the table and the column, and changes nothing. */
static void verify_refuses_a_real_or_blob_value(void **state)
{
	fixture *f = *state;
	diffs d = {0};
	int64_t n = -1;
	bo_err err;

	place_orders(f);
	raw_exec(f, "UPDATE order_list SET total = 2.5 WHERE id = 2");
	assert_int_equal(bo_app_projections_verify(&f->admin, "orders", NULL,
						   NULL, keep_diff, &d, &n,
						   &err),
			 BO_ESTORAGE);
	assert_string_equal(err.msg,
			    "table order_list holds a real or blob value in "
			    "column total, which verify cannot compare");
	raw_exec(f, "UPDATE order_list SET total = 2500 WHERE id = 2;"
		    "UPDATE report_lines SET sku = x'00ff' WHERE order_id = 1");
	assert_int_equal(bo_app_projections_verify(&f->admin, "reports", NULL,
						   NULL, keep_diff, &d, &n,
						   &err),
			 BO_ESTORAGE);
	assert_string_equal(err.msg,
			    "table report_lines holds a real or blob value in "
			    "column sku, which verify cannot compare");
	/* the orders model was put back by hand and is true again */
	assert_int_equal(bo_app_projections_verify(&f->admin, "orders", NULL,
						   NULL, NULL, NULL, &n, &err),
			 BO_OK);
	assert_int_equal(n, 0);
}

/* A store written before projector_state existed: its orders checkpoint
 * moves over with version 1, nothing to rebuild. */
static void old_orders_checkpoint_is_carried_over(void **state)
{
	fixture *f = *state;
	int64_t checkpoint, head;
	int version, rebuilt = -1;
	bo_err err;

	place_orders(f);
	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
	raw_exec(f, "DELETE FROM projector_state;"
		    "INSERT INTO checkpoints VALUES ('orders', 5);"
		    "DROP TABLE projector_state;"
		    "DELETE FROM schema_migrations "
		    "WHERE name = '002_projectors.sql'");
	assert_int_equal(
	    bo_sqlite_open(&f->ports, f->path, BO_SQLITE_OPEN, &err), BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
	assert_int_equal(bo_rm_projector_get(&f->ports.rm, "orders", &version,
					     &checkpoint, &err),
			 BO_OK);
	assert_int_equal(version, 1);
	assert_int_equal(checkpoint, 5);
	assert_int_equal(
	    bo_rm_checkpoint_get(&f->ports.rm, "orders", &checkpoint, &err),
	    BO_OK);
	assert_int_equal(checkpoint, 0);
	/* the projector that had no state at all is rebuilt, and so is the
	 * carried-over orders projector, since its code is past version 1
	 * now (2: the search keys) */
	assert_int_equal(
	    bo_app_projections_check(&f->admin, NULL, NULL, &rebuilt, &err),
	    BO_OK);
	assert_int_equal(rebuilt, (int)bo_projectors_count());
	assert_int_equal(bo_rm_projector_get(&f->ports.rm, "orders", &version,
					     &checkpoint, &err),
			 BO_OK);
	assert_int_equal(version, bo_projector_orders.version);
	assert_int_equal(bo_event_store_head(&f->ports.events, &head, &err),
			 BO_OK);
	assert_int_equal(checkpoint, head);
}

static void
a_failed_service_call_inside_a_batch_undoes_only_itself(void **state)
{
	fixture *f = *state;
	bo_order_row row = {0};
	int64_t before, after;
	bo_err err;

	place_orders(f);
	assert_int_equal(bo_event_store_head(&f->ports.events, &before, &err),
			 BO_OK);
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_app_order_pay(&f->admin, 2, "5.00", &err), BO_OK);
	/* more than is owed: refused, and only this call is undone */
	assert_int_equal(bo_app_order_pay(&f->admin, 2, "500.00", &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_order_note(&f->admin, 2, "kept", &err), BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_event_store_head(&f->ports.events, &after, &err),
			 BO_OK);
	assert_int_equal(after, before + 2);
	assert_int_equal(bo_rm_order_get(&f->ports.rm, 2, &row, &err), BO_OK);
	assert_int_equal(row.paid, 500);
	assert_int_equal(row.notes, 1);
	bo_order_row_clear(&row);
}

static void put_total(fixture *f, int64_t id, int64_t total)
{
	bo_order_row r = {.id = id, .version = 1, .status = BO_ORDER_PLACED};
	bo_err err;

	memcpy(r.currency, "EUR", 4);
	r.customer_email = "ann@example.com";
	r.total = total;
	assert_int_equal(bo_rm_order_put(&f->ports.rm, &r, &err), BO_OK);
}

static int64_t total_of(fixture *f, int64_t id)
{
	bo_order_row r = {0};
	int64_t total;
	bo_err err;

	assert_int_equal(bo_rm_order_get(&f->ports.rm, id, &r, &err), BO_OK);
	total = r.total;
	bo_order_row_clear(&r);
	return total;
}

static int count_row(void *ctx, const bo_order_row *r)
{
	(void)r;
	++*(int64_t *)ctx;
	return 0;
}

/* More rows than bulk mode holds at once: the older ones are written out
 * on the way, and nothing is lost or written twice. */
static void bulk_mode_past_what_it_holds_loses_nothing(void **state)
{
	fixture *f = *state;
	bo_order_query q = {.status = -1};
	int64_t n = 0;
	bo_err err;

	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_bulk(&f->ports.rm, 1, &err), BO_OK);
	for (int64_t id = 1; id <= 70000; id++)
		put_total(f, id, id);
	for (int64_t id = 1; id <= 70000; id += 9999)
		assert_int_equal(total_of(f, id), id);
	put_total(f, 1, 11);
	assert_int_equal(bo_rm_bulk(&f->ports.rm, 0, &err), BO_OK);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	assert_int_equal(total_of(f, 1), 11);
	assert_int_equal(total_of(f, 70000), 70000);
	assert_int_equal(
	    bo_rm_order_list(&f->ports.rm, &q, count_row, &n, &err), BO_OK);
	assert_int_equal(n, 70000);
	/* reset forgets held rows too */
	assert_int_equal(bo_store_begin(&f->ports.store, &err), BO_OK);
	assert_int_equal(bo_rm_bulk(&f->ports.rm, 1, &err), BO_OK);
	put_total(f, 3, 33);
	assert_int_equal(bo_rm_reset(&f->ports.rm, &err), BO_OK);
	put_total(f, 5, 5);
	assert_int_equal(bo_store_commit(&f->ports.store, &err), BO_OK);
	n = 0;
	assert_int_equal(
	    bo_rm_order_list(&f->ports.rm, &q, count_row, &n, &err), BO_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total_of(f, 5), 5);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(verify_finds_a_row_tampered_outside_the_app),
	    T(verify_refuses_a_real_or_blob_value),
	    T(old_orders_checkpoint_is_carried_over),
	    T(a_failed_service_call_inside_a_batch_undoes_only_itself),
	    T(bulk_mode_past_what_it_holds_loses_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
