/* Contract tests of the product repository's bulk records (bulk_put, bulk_get, bulk_list, bulk_set_undone), for every backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

static bo_bulk_record rec(const char *id, int64_t at, const char *undoes)
{
	bo_bulk_record r = {0};

	r.id = (char *)id;
	r.at = at;
	r.user = (char *)"ann";
	r.action = (char *)"reprice +10% round 99";
	r.count = 2;
	r.from_position = 7;
	r.to_position = BIG;
	r.undoes = (char *)undoes;
	r.items = (char *)"1\t3\t1250\t1399\t2\tMUG-1\n"
			  "2\t3\t200\t299\t5\tPEN \xc3\xa9\n";
	return r;
}

static void put(ct_fx *f, const char *id, int64_t at, const char *undoes)
{
	bo_bulk_record r = rec(id, at, undoes);

	OK(bo_product_repo_bulk_put(&f->p.products, &r, &f->err));
}

static int join_ids(void *ctx, const bo_bulk_record *r)
{
	ct_joined *j = ctx;
	size_t n = strlen(r->id) + 2 + (r->undone_by ? strlen(r->undone_by) + 1 : 0);
	char *b = realloc(j->buf, j->len + n + 1);

	if (!b)
		return BO_ENOMEM;
	j->buf = b;
	j->len += (size_t)snprintf(b + j->len, n + 1, "%s%s%s%s",
				   j->count ? "," : "", r->id,
				   r->undone_by ? "/" : "",
				   r->undone_by ? r->undone_by : "");
	j->count++;
	return j->stop_at && j->count == j->stop_at ? CT_STOP : 0;
}

/* Given a recorded bulk, when it is read back, then every field is as
 * written (big numbers, UTF-8, tabs and newlines of the items). */
static void bulk_is_recorded_and_read_back_whole(void **state)
{
	ct_fx *f = *state;
	bo_bulk_record got, want = rec("B-1", T0, NULL);

	STATUS(BO_ENOTFOUND,
	       bo_product_repo_bulk_get(&f->p.products, "B-1", &got, &f->err));
	assert_non_null(strstr(f->err.msg, "B-1"));
	BEGIN();
	put(f, "B-1", T0, NULL);
	COMMIT();
	OK(bo_product_repo_bulk_get(&f->p.products, "B-1", &got, &f->err));
	STR_EQ(got.id, "B-1");
	INT_EQ(got.at, T0);
	STR_EQ(got.user, "ann");
	STR_EQ(got.action, want.action);
	INT_EQ(got.count, 2);
	INT_EQ(got.from_position, 7);
	INT_EQ(got.to_position, BIG);
	assert_null(got.undoes);
	assert_null(got.undone_by);
	STR_EQ(got.items, want.items);
	bo_bulk_record_clear(&got);
	/* ids are exact */
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_bulk_get(&f->p.products, "b-1", &got, &f->err));
}

/* A second record under an id is a conflict; a record needs a transaction;
 * a rolled-back record is gone. */
static void bulk_put_conflicts_needs_a_transaction_and_rolls_back(void **state)
{
	ct_fx *f = *state;
	bo_bulk_record got, r = rec("B-1", T0, NULL);

	assert_true(bo_product_repo_bulk_put(&f->p.products, &r, &f->err) < 0);
	BEGIN();
	put(f, "B-1", T0, NULL);
	STATUS(BO_ECONFLICT,
	       bo_product_repo_bulk_put(&f->p.products, &r, &f->err));
	assert_non_null(strstr(f->err.msg, "B-1"));
	COMMIT();
	BEGIN();
	put(f, "B-2", T0 + 1, NULL);
	ROLLBACK();
	STATUS(BO_ENOTFOUND,
	       bo_product_repo_bulk_get(&f->p.products, "B-2", &got, &f->err));
	OK(bo_product_repo_bulk_get(&f->p.products, "B-1", &got, &f->err));
	bo_bulk_record_clear(&got);
}

/* The listing is newest first (time, then id), limited, and stops when told. */
static void bulks_list_newest_first(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};

	OK(bo_product_repo_bulk_list(&f->p.products, 0, join_ids, &j,
				     &f->err));
	INT_EQ(j.count, 0);
	BEGIN();
	put(f, "B-a", T0, NULL);
	put(f, "B-c", T0 + 5, NULL);
	put(f, "B-b", T0, NULL);
	COMMIT();
	OK(bo_product_repo_bulk_list(&f->p.products, 0, join_ids, &j,
				     &f->err));
	JOINED_IS(&j, "B-c,B-b,B-a");
	OK(bo_product_repo_bulk_list(&f->p.products, 2, join_ids, &j,
				     &f->err));
	JOINED_IS(&j, "B-c,B-b");
	j.stop_at = 1;
	STATUS(CT_STOP, bo_product_repo_bulk_list(&f->p.products, 0, join_ids,
						  &j, &f->err));
	free(j.buf);
}

/* Undone once: the record names the bulk that undid it, and a second mark
 * is a conflict naming it; an unknown id is not found; a rollback undoes
 * the mark. */
static void bulk_is_undone_once(void **state)
{
	ct_fx *f = *state;
	bo_bulk_record got;
	ct_joined j = {0};

	BEGIN();
	put(f, "B-1", T0, NULL);
	COMMIT();
	BEGIN();
	OK(bo_product_repo_bulk_set_undone(&f->p.products, "B-1", "B-2",
					   &f->err));
	ROLLBACK();
	OK(bo_product_repo_bulk_get(&f->p.products, "B-1", &got, &f->err));
	assert_null(got.undone_by);
	bo_bulk_record_clear(&got);
	BEGIN();
	STATUS(BO_ENOTFOUND, bo_product_repo_bulk_set_undone(
				 &f->p.products, "B-9", "B-2", &f->err));
	OK(bo_product_repo_bulk_set_undone(&f->p.products, "B-1", "B-2",
					   &f->err));
	put(f, "B-2", T0 + 1, "B-1");
	STATUS(BO_ECONFLICT, bo_product_repo_bulk_set_undone(
				 &f->p.products, "B-1", "B-3", &f->err));
	assert_non_null(strstr(f->err.msg, "B-2"));
	COMMIT();
	OK(bo_product_repo_bulk_get(&f->p.products, "B-1", &got, &f->err));
	STR_EQ(got.undone_by, "B-2");
	bo_bulk_record_clear(&got);
	OK(bo_product_repo_bulk_get(&f->p.products, "B-2", &got, &f->err));
	STR_EQ(got.undoes, "B-1");
	bo_bulk_record_clear(&got);
	OK(bo_product_repo_bulk_list(&f->p.products, 0, join_ids, &j,
				     &f->err));
	JOINED_IS(&j, "B-2,B-1/B-2");
	free(j.buf);
}

const struct CMUnitTest bo_contract_bulk_tests[] = {
    CT_TEST(bulk_is_recorded_and_read_back_whole),
    CT_TEST(bulk_put_conflicts_needs_a_transaction_and_rolls_back),
    CT_TEST(bulks_list_newest_first),
    CT_TEST(bulk_is_undone_once),
};

const size_t bo_contract_bulk_count =
    sizeof(bo_contract_bulk_tests) / sizeof(bo_contract_bulk_tests[0]);
