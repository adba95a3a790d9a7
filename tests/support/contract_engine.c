/* Contract tests for what the projection engine needs: nested transactions, projector state, snapshot and diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

/* ---- nested transactions ---------------------------------------------------- */

static void setting_absent(ct_fx *f, const char *key)
{
	char *v = NULL;

	STATUS(BO_ENOTFOUND,
	       bo_store_setting_get(&f->p.store, key, &v, &f->err));
	free(v);
}

/* The ids of every order-list row, "1,3". */
static void orders_are(ct_fx *f, const char *want)
{
	ct_joined j = {0};
	bo_order_query q = {.status = -1};

	OK(bo_rm_order_list(&f->p.rm, &q, ct_order_cb, &j, &f->err));
	JOINED_IS(&j, want);
}

static void nested_rollback_keeps_the_outer_writes(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "outer", "kept", &f->err));
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "inner", "gone", &f->err));
	ct_put_order(f, 1, BO_ORDER_CANCELLED, "bob@example.com", "Bob");
	ct_put_order(f, 2, BO_ORDER_PLACED, "cy@example.com", NULL);
	ROLLBACK();
	/* the outer level is still open and sees only its own writes */
	ct_setting_is(f, "outer", "kept");
	ct_put_order(f, 3, BO_ORDER_PLACED, "dee@example.com", NULL);
	COMMIT();

	ct_setting_is(f, "outer", "kept");
	setting_absent(f, "inner");
	orders_are(f, "1,3");
}

static void nested_commit_then_outer_rollback_drops_both(void **state)
{
	ct_fx *f = *state;
	bo_event e;

	ct_mk_note(f, &e, 1, "inner");
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "outer", "x", &f->err));
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "inner", "y", &f->err));
	OK(bo_event_store_append(&f->p.events, "order-1", 0, &e, 1, &f->err));
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	COMMIT();
	/* folded into the outer level: visible, not yet durable */
	INT_EQ(ct_head(f), 1);
	ct_setting_is(f, "inner", "y");
	ROLLBACK();

	setting_absent(f, "outer");
	setting_absent(f, "inner");
	INT_EQ(ct_head(f), 0);
	INT_EQ(ct_stream_version(f, "order-1"), 0);
	orders_are(f, "");
	bo_event_clear(&e);
}

static void nested_levels_return_to_no_transaction(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	BEGIN();
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "deep", "3", &f->err));
	COMMIT();
	ROLLBACK();
	/* only the second level went; the first is open and empty */
	setting_absent(f, "deep");
	OK(bo_store_setting_set(&f->p.store, "top", "1", &f->err));
	COMMIT();
	ct_setting_is(f, "top", "1");
	/* depth is back at zero: writes need a transaction again */
	STATUS(BO_ESTORAGE, bo_store_commit(&f->p.store, &f->err));
	STATUS(BO_ESTORAGE,
	       bo_store_setting_set(&f->p.store, "late", "x", &f->err));
	ROLLBACK();
	ct_setting_is(f, "top", "1");
	/* and a new transaction starts from the outermost level */
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "again", "1", &f->err));
	COMMIT();
	ct_setting_is(f, "again", "1");
}

/* Increasing and unique, not gap-free: a rolled-back level may keep its
 * number (a PostgreSQL sequence does) or give it back (SQLite does). */
static void nested_rollback_keeps_sequence_numbers_increasing(void **state)
{
	ct_fx *f = *state;
	int64_t first, lost, after, next;

	BEGIN();
	first = ct_next_seq(f, "order");
	BEGIN();
	lost = ct_next_seq(f, "order");
	assert_true(lost > first);
	ROLLBACK();
	after = ct_next_seq(f, "order");
	assert_true(after > first);
	COMMIT();
	BEGIN();
	next = ct_next_seq(f, "order");
	assert_true(next > after);
	ROLLBACK();
	BEGIN();
	assert_true(ct_next_seq(f, "order") > after);
	COMMIT();
}

/* ---- projector state ---------------------------------------------------------- */

static void projector_state(ct_fx *f, const char *name, int want_version,
			    int64_t want_checkpoint)
{
	int64_t checkpoint = -1;
	int version = -1;

	OK(bo_rm_projector_get(&f->p.rm, name, &version, &checkpoint, &f->err));
	INT_EQ(version, want_version);
	INT_EQ(checkpoint, want_checkpoint);
}

static void projector_state_starts_unbuilt_and_records_both(void **state)
{
	ct_fx *f = *state;

	projector_state(f, "orders", 0, 0);
	STATUS(BO_ESTORAGE,
	       bo_rm_projector_set(&f->p.rm, "orders", 1, 5, &f->err));
	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 3, 40, &f->err));
	OK(bo_rm_projector_set(&f->p.rm, "reports", 2, 7, &f->err));
	COMMIT();
	projector_state(f, "orders", 3, 40);
	projector_state(f, "reports", 2, 7);
	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 4, 0, &f->err));
	COMMIT();
	projector_state(f, "orders", 4, 0);
	projector_state(f, "reports", 2, 7);
}

static void projector_advance_keeps_the_version(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	/* never recorded: created unbuilt, so a version check rebuilds it */
	OK(bo_rm_projector_advance(&f->p.rm, "fresh", 9, &f->err));
	OK(bo_rm_projector_set(&f->p.rm, "orders", 2, 10, &f->err));
	OK(bo_rm_projector_advance(&f->p.rm, "orders", 11, &f->err));
	COMMIT();
	projector_state(f, "fresh", 0, 9);
	projector_state(f, "orders", 2, 11);
	STATUS(BO_ESTORAGE,
	       bo_rm_projector_advance(&f->p.rm, "orders", 12, &f->err));
}

static void projector_state_follows_rollback_and_survives_reset(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 1, 4, &f->err));
	COMMIT();
	BEGIN();
	OK(bo_rm_projector_advance(&f->p.rm, "orders", 8, &f->err));
	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 5, 9, &f->err));
	ROLLBACK();
	projector_state(f, "orders", 1, 8);
	ROLLBACK();
	projector_state(f, "orders", 1, 4);
	BEGIN();
	OK(bo_rm_reset(&f->p.rm, &f->err));
	COMMIT();
	projector_state(f, "orders", 1, 4);
}

/* ---- snapshot and diff ------------------------------------------------------------ */

/* The differences diff hands out, as "table|side|row" lines. */
static int collect_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	ct_joined *j = ctx;
	const char *sname = bo_row_side_name(side);
	char *text = NULL, *line;
	size_t n;
	int rc;

	assert_int_equal(bo_row_format(&text, row), BO_OK);
	n = strlen(row->table) + strlen(sname) + strlen(text) + 3;
	line = malloc(n);
	assert_non_null(line);
	snprintf(line, n, "%s|%s|%s", row->table, sname, text);
	rc = ct_join_add(j, line);
	free(line);
	free(text);
	return rc;
}

static void fill_orders_model(ct_fx *f)
{
	bo_product p;

	ct_mk_product(&p, "MUG-01", "Mug");
	p.id = 7;
	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_put_order(f, 2, BO_ORDER_PAID, "o'brien@example.com", NULL);
	ct_add_line(f, 1, 1, "placed");
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	COMMIT();
	bo_product_clear(&p);
}

static void diff_of_untouched_tables_finds_nothing(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};
	bo_product p;

	fill_orders_model(f);
	BEGIN();
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	OK(bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	JOINED_IS(&j, "");
	/* emptied and filled again alike, in another order: still nothing */
	OK(bo_rm_reset(&f->p.rm, &f->err));
	ct_mk_product(&p, "MUG-01", "Mug");
	p.id = 7;
	OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
	bo_product_clear(&p);
	ct_add_line(f, 1, 1, "placed");
	ct_put_order(f, 2, BO_ORDER_PAID, "o'brien@example.com", NULL);
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	OK(bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	JOINED_IS(&j, "");
	ROLLBACK();
}

static void diff_names_each_row_on_its_side_as_typed_columns(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	fill_orders_model(f);
	BEGIN();
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	/* order 2 changes, the timeline line goes, a catalogue entry comes */
	ct_put_order(f, 2, BO_ORDER_CANCELLED, "o'brien@example.com", NULL);
	OK(bo_rm_reset(&f->p.rm, &f->err));
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_put_order(f, 2, BO_ORDER_CANCELLED, "o'brien@example.com", NULL);
	{
		bo_product p;

		ct_mk_product(&p, "MUG-01", "Mug");
		p.id = 7;
		OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
		p.id = 8;
		OK(bo_rm_catalog_put(&f->p.rm, &p, &f->err));
		bo_product_clear(&p);
	}
	OK(bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	ROLLBACK();
	/* one text for both backends: bo_row_format of the typed columns */
	JOINED_IS(&j,
		  "order_list|only in the live model|id=2 version=1 "
		  "status='paid' currency='EUR' "
		  "customer_email='o\\'brien@example.com' customer_name=NULL "
		  "items=1 total=1999 tax=333 paid=0 refunded=0 "
		  "payment_failures=0 notes=0 placed_at=1764137502123 "
		  "updated_at=1764137502123,"
		  "order_list|only in the rebuild|id=2 version=1 "
		  "status='cancelled' currency='EUR' "
		  "customer_email='o\\'brien@example.com' customer_name=NULL "
		  "items=1 total=1999 tax=333 paid=0 refunded=0 "
		  "payment_failures=0 notes=0 placed_at=1764137502123 "
		  "updated_at=1764137502123,"
		  "order_timeline|only in the live model|order_id=1 version=1 "
		  "position=101 recorded_at=1764137502124 "
		  "event_id='7ee10000-0000-4000-8000-000001000001' user='ann' "
		  "role='support' type='NoteAdded' summary='placed',"
		  "catalog|only in the rebuild|product_id=8 sku='MUG-01' "
		  "name='Mug' description='' price=1250 tax_bp=2000 stock=10 "
		  "retired=0 row_version=0 created_at=1764137502123 "
		  "updated_at=1764137502123");
}

/*
 * What verify sees after someone edits the tables by hand: order 1's total
 * changed and a timeline row deleted in the live model, the rebuild beside
 * it true. The same text on every backend, byte for byte.
 */
static void diff_of_hand_tampered_rows_is_one_text(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};
	bo_order_row r;

	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_put_order(f, 2, BO_ORDER_PAID, "bo@example.com", NULL);
	ct_add_line(f, 2, 1, "placed");
	OK(bo_rm_order_get(&f->p.rm, 1, &r, &f->err));
	r.total = 4500;
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	bo_order_row_clear(&r);
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	/* the rebuild: what the log says */
	OK(bo_rm_reset(&f->p.rm, &f->err));
	ct_put_order(f, 2, BO_ORDER_PAID, "bo@example.com", NULL);
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	ct_add_line(f, 2, 1, "placed");
	ct_add_line(f, 1, 1, "it's \\ placed\n");
	OK(bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	ROLLBACK();
	JOINED_IS(&j,
		  "order_list|only in the live model|id=1 version=1 "
		  "status='placed' currency='EUR' "
		  "customer_email='ann@example.com' customer_name='Ann' "
		  "items=1 total=4500 tax=333 paid=0 refunded=0 "
		  "payment_failures=0 notes=0 placed_at=1764137502123 "
		  "updated_at=1764137502123,order_list|only in the "
		  "rebuild|id=1 version=1 status='placed' currency='EUR' "
		  "customer_email='ann@example.com' customer_name='Ann' "
		  "items=1 total=1999 tax=333 paid=0 refunded=0 "
		  "payment_failures=0 notes=0 placed_at=1764137502123 "
		  "updated_at=1764137502123,order_timeline|only in the "
		  "rebuild|order_id=1 version=1 position=101 "
		  "recorded_at=1764137502124 "
		  "event_id='7ee10000-0000-4000-8000-000001000001' "
		  "user='ann' role='support' type='NoteAdded' "
		  "summary='it\\'s \\\\ placed\\n'");
}

static void diff_stops_when_the_callback_says_so(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {.stop_at = 1};

	fill_orders_model(f);
	BEGIN();
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	OK(bo_rm_reset(&f->p.rm, &f->err));
	INT_EQ(bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err), CT_STOP);
	INT_EQ(j.count, 1);
	ROLLBACK();
	free(j.buf);
}

static void diff_without_a_snapshot_is_refused(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	fill_orders_model(f);
	BEGIN();
	STATUS(BO_EINVAL, bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	OK(bo_rm_snapshot(&f->p.rm, &f->err));
	ROLLBACK();
	/* the copy went with the transaction */
	BEGIN();
	STATUS(BO_EINVAL, bo_rm_diff(&f->p.rm, collect_diff, &j, &f->err));
	ROLLBACK();
	INT_EQ(j.count, 0);
	STATUS(BO_ESTORAGE, bo_rm_snapshot(&f->p.rm, &f->err));
}

/* ---- bulk mode ------------------------------------------------------------------- */

static int64_t order_total(ct_fx *f, int64_t id)
{
	bo_order_row r = {0};
	int64_t total;

	OK(bo_rm_order_get(&f->p.rm, id, &r, &f->err));
	total = r.total;
	bo_order_row_clear(&r);
	return total;
}

static void put_total(ct_fx *f, int64_t id, int64_t total)
{
	bo_order_row r;

	ct_mk_order(&r, id, BO_ORDER_PLACED, "ann@example.com", "Ann");
	r.total = total;
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	bo_order_row_clear(&r);
}

static void bulk_rows_read_back_and_reach_the_table(void **state)
{
	ct_fx *f = *state;

	STATUS(BO_ESTORAGE, bo_rm_bulk(&f->p.rm, 1, &f->err));
	BEGIN();
	put_total(f, 1, 100);
	OK(bo_rm_bulk(&f->p.rm, 1, &f->err));
	INT_EQ(order_total(f, 1), 100);
	for (int i = 0; i < 5; i++)
		put_total(f, 1, 200 + i);
	put_total(f, 2, 50);
	INT_EQ(order_total(f, 1), 204);
	INT_EQ(order_total(f, 2), 50);
	/* listing sees every row written so far */
	orders_are(f, "1,2");
	put_total(f, 3, 7);
	OK(bo_rm_bulk(&f->p.rm, 0, &f->err));
	COMMIT();
	INT_EQ(order_total(f, 1), 204);
	INT_EQ(order_total(f, 3), 7);
	orders_are(f, "1,2,3");
}

static void
bulk_rows_are_written_by_commit_and_dropped_by_rollback(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	OK(bo_rm_bulk(&f->p.rm, 1, &f->err));
	put_total(f, 1, 10);
	COMMIT();
	INT_EQ(order_total(f, 1), 10);
	BEGIN();
	OK(bo_rm_bulk(&f->p.rm, 1, &f->err));
	put_total(f, 1, 20);
	put_total(f, 2, 30);
	ROLLBACK();
	INT_EQ(order_total(f, 1), 10);
	orders_are(f, "1");
	/* the rollback ended bulk mode: writes go straight to the table */
	BEGIN();
	put_total(f, 1, 40);
	COMMIT();
	INT_EQ(order_total(f, 1), 40);
}

const struct CMUnitTest bo_contract_engine_tests[] = {
    CT_TEST(nested_rollback_keeps_the_outer_writes),
    CT_TEST(nested_commit_then_outer_rollback_drops_both),
    CT_TEST(nested_levels_return_to_no_transaction),
    CT_TEST(nested_rollback_keeps_sequence_numbers_increasing),
    CT_TEST(projector_state_starts_unbuilt_and_records_both),
    CT_TEST(projector_advance_keeps_the_version),
    CT_TEST(projector_state_follows_rollback_and_survives_reset),
    CT_TEST(diff_of_untouched_tables_finds_nothing),
    CT_TEST(diff_names_each_row_on_its_side_as_typed_columns),
    CT_TEST(diff_of_hand_tampered_rows_is_one_text),
    CT_TEST(diff_stops_when_the_callback_says_so),
    CT_TEST(diff_without_a_snapshot_is_refused),
    CT_TEST(bulk_rows_read_back_and_reach_the_table),
    CT_TEST(bulk_rows_are_written_by_commit_and_dropped_by_rollback),
};

const size_t bo_contract_engine_count =
    sizeof(bo_contract_engine_tests) / sizeof(bo_contract_engine_tests[0]);
