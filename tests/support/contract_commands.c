/* Contract tests of the store port's recorded commands (command_get/command_put), for every backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

static void put(ct_fx *f, const char *id, const char *fp, const char *result,
		int64_t at)
{
	bo_command_record r = {(char *)id, (char *)fp, (char *)result, at};

	OK(bo_store_command_put(&f->p.store, &r, &f->err));
}

static void recorded_is(ct_fx *f, const char *id, const char *fp,
			const char *result, int64_t at)
{
	bo_command_record got;

	OK(bo_store_command_get(&f->p.store, id, &got, &f->err));
	STR_EQ(got.command_id, id);
	STR_EQ(got.fingerprint, fp);
	STR_EQ(got.result, result);
	INT_EQ(got.recorded_at, at);
	bo_command_record_clear(&got);
}

static void command_is_not_found_until_recorded(void **state)
{
	ct_fx *f = *state;
	bo_command_record got;

	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "c-1", &got, &f->err));
	assert_null(got.command_id);
	assert_non_null(strstr(f->err.msg, "c-1"));
	BEGIN();
	put(f, "c-1", "order place\x1f" "a@b.example", "order-7@1", T0);
	/* the transaction sees its own record */
	recorded_is(f, "c-1", "order place\x1f" "a@b.example", "order-7@1", T0);
	COMMIT();
	recorded_is(f, "c-1", "order place\x1f" "a@b.example", "order-7@1", T0);
	/* ids are compared exactly: no case folding, no prefix */
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "C-1", &got, &f->err));
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "c-", &got, &f->err));
}

static void result_may_be_null_and_big_times_survive(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	put(f, "user-add-1", "user add\x1fsam", NULL, BIG);
	COMMIT();
	recorded_is(f, "user-add-1", "user add\x1fsam", NULL, BIG);
}

static void a_second_record_under_an_id_is_a_conflict(void **state)
{
	ct_fx *f = *state;
	bo_command_record r = {"dup", "other", "other result", T0 + 5};

	BEGIN();
	put(f, "dup", "first", "first result", T0);
	COMMIT();
	BEGIN();
	STATUS(BO_ECONFLICT, bo_store_command_put(&f->p.store, &r, &f->err));
	assert_non_null(strstr(f->err.msg, "dup"));
	/* within the same transaction too */
	put(f, "fresh", "x", NULL, T0);
	STATUS(BO_ECONFLICT, bo_store_command_put(
				 &f->p.store,
				 &(bo_command_record){"fresh", "y", NULL, T0},
				 &f->err));
	COMMIT();
	recorded_is(f, "dup", "first", "first result", T0);
	recorded_is(f, "fresh", "x", NULL, T0);
}

static void rolled_back_records_are_undone_level_by_level(void **state)
{
	ct_fx *f = *state;
	bo_command_record got;

	BEGIN();
	put(f, "outer", "o", NULL, T0);
	BEGIN();
	put(f, "inner", "i", NULL, T0);
	ROLLBACK(); /* the inner level alone */
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "inner", &got, &f->err));
	recorded_is(f, "outer", "o", NULL, T0);
	BEGIN();
	put(f, "kept", "k", "r", T0);
	COMMIT(); /* folded into the outer level */
	COMMIT();
	recorded_is(f, "outer", "o", NULL, T0);
	recorded_is(f, "kept", "k", "r", T0);

	BEGIN();
	put(f, "gone", "g", NULL, T0);
	ROLLBACK();
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "gone", &got, &f->err));
	/* an id rolled back is free again */
	BEGIN();
	put(f, "gone", "g2", NULL, T0 + 1);
	COMMIT();
	recorded_is(f, "gone", "g2", NULL, T0 + 1);
}

static void recording_needs_a_transaction_and_its_fields(void **state)
{
	ct_fx *f = *state;
	bo_command_record r = {"c", "fp", NULL, T0};
	bo_command_record no_fp = {"c", NULL, NULL, T0};
	bo_command_record got;

	STATUS(BO_ESTORAGE, bo_store_command_put(&f->p.store, &r, &f->err));
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "c", &got, &f->err));
	BEGIN();
	STATUS(BO_EINVAL, bo_store_command_put(&f->p.store, &no_fp, &f->err));
	ROLLBACK();
}

/* What one connection committed, another sees: the index is the store's. */
static void a_record_is_seen_from_another_connection(void **state)
{
	ct_fx *f = *state;
	const bo_contract_backend *b = ct_backend();
	bo_ports other, *reader = &f->p;
	bo_command_record got, r = {"shared", "fp", "res", T0};

	if (b->open_again) {
		assert_int_equal(b->open_again(&other, b->ctx), BO_OK);
		reader = &other;
	}
	BEGIN();
	put(f, "shared", "fp", "res", T0);
	COMMIT();
	OK(bo_store_command_get(&reader->store, "shared", &got, &f->err));
	STR_EQ(got.result, "res");
	bo_command_record_clear(&got);
	OK(bo_store_begin(&reader->store, &f->err));
	STATUS(BO_ECONFLICT, bo_store_command_put(&reader->store, &r, &f->err));
	bo_store_rollback(&reader->store);
	if (reader != &f->p)
		bo_ports_close(reader);
}

/* flat_levels (the catalogue import): inner levels committed without
 * savepoints are kept with the outermost commit. */
static void flat_levels_keep_what_inner_levels_committed(void **state)
{
	ct_fx *f = *state;
	bo_command_record got;

	BEGIN();
	bo_store_flat_levels(&f->p.store, 1);
	for (int i = 0; i < 300; i++) {
		char id[32];

		snprintf(id, sizeof(id), "flat-%d", i);
		BEGIN();
		put(f, id, "fp", "res", T0);
		BEGIN(); /* a level inside the level, as the reactors open */
		COMMIT();
		COMMIT();
	}
	bo_store_flat_levels(&f->p.store, 0);
	COMMIT();
	recorded_is(f, "flat-0", "fp", "res", T0);
	recorded_is(f, "flat-299", "fp", "res", T0);
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "flat-300", &got, &f->err));
}

/* An inner rollback under flat_levels never leaves a half: a store with
 * savepoints undoes the level alone, one without dooms the transaction. */
static void an_inner_rollback_under_flat_levels_is_never_half_done(void **state)
{
	ct_fx *f = *state;
	bo_command_record got;
	int rc;

	BEGIN();
	put(f, "outer", "fp", "res", T0);
	bo_store_flat_levels(&f->p.store, 1);
	BEGIN();
	put(f, "inner", "fp", "res", T0);
	ROLLBACK();
	bo_store_flat_levels(&f->p.store, 0);
	rc = bo_store_commit(&f->p.store, &f->err);
	assert_true(rc == BO_OK || rc == BO_ESTORAGE);
	STATUS(BO_ENOTFOUND,
	       bo_store_command_get(&f->p.store, "inner", &got, &f->err));
	if (rc == BO_OK)
		recorded_is(f, "outer", "fp", "res", T0);
	else
		STATUS(BO_ENOTFOUND, bo_store_command_get(&f->p.store, "outer",
							  &got, &f->err));
	/* the store serves the next transaction as usual */
	BEGIN();
	put(f, "after", "fp", "res", T0);
	COMMIT();
	recorded_is(f, "after", "fp", "res", T0);
}

const struct CMUnitTest bo_contract_command_tests[] = {
    CT_TEST(command_is_not_found_until_recorded),
    CT_TEST(result_may_be_null_and_big_times_survive),
    CT_TEST(a_second_record_under_an_id_is_a_conflict),
    CT_TEST(rolled_back_records_are_undone_level_by_level),
    CT_TEST(recording_needs_a_transaction_and_its_fields),
    CT_TEST(a_record_is_seen_from_another_connection),
    CT_TEST(flat_levels_keep_what_inner_levels_committed),
    CT_TEST(an_inner_rollback_under_flat_levels_is_never_half_done),
};

const size_t bo_contract_command_count =
    sizeof(bo_contract_command_tests) / sizeof(bo_contract_command_tests[0]);
