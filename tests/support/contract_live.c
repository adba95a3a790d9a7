/* Contract tests for what live screens need: sorted keyset paging of products, data_version. */
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

/* Inserts a product with the fields the sort tests look at. */
static void add(ct_fx *f, const char *sku, const char *name, int64_t price,
		int32_t tax_bp, int64_t stock, bool retired)
{
	bo_product p;

	ct_mk_product(&p, sku, name);
	p.price = price;
	p.tax_bp = tax_bp;
	p.stock = stock;
	p.retired = retired;
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	bo_product_clear(&p);
}

static void add_shelf(ct_fx *f)
{
	add(f, "cup", "Cup", 500, 2000, 3, false);
	add(f, "bowl", "Bowl", 900, 700, BO_STOCK_UNTRACKED, false);
	add(f, "jug", "Jug", 500, 2000, 0, false);
	add(f, "mug", "Mug", 1200, 0, 40, true);
	add(f, "plate", "plate", 300, 2000, 12, false);
}

/* Collects the SKUs and keeps the last row, to page on from it. */
typedef struct page {
	ct_joined j;
	bo_product last;
} page;

static int page_cb(void *ctx, const bo_product *p)
{
	page *pg = ctx;

	bo_product_clear(&pg->last);
	assert_int_equal(bo_product_copy(&pg->last, p), BO_OK);
	return ct_join_add(&pg->j, p->sku);
}

/* Appends "sep" and s to *out (grown). */
static void append(char **out, const char *sep, const char *s)
{
	size_t len = strlen(*out), nsep = strlen(sep), n = strlen(s);
	char *grown = realloc(*out, len + nsep + n + 1);

	assert_non_null(grown);
	memcpy(grown + len, sep, nsep);
	memcpy(grown + len + nsep, s, n + 1);
	*out = grown;
}

/* Lists every page of q.limit rows, joined as "a,b|c,d|e". */
static char *all_pages(ct_fx *f, bo_product_query q)
{
	bo_product prev = {0};
	page pg = {0};
	char *out = ct_xstrdup("");

	for (;;) {
		memset(&pg.j, 0, sizeof(pg.j));
		OK(bo_product_repo_list(&f->p.products, &q, page_cb, &pg,
					&f->err));
		if (pg.j.count == 0)
			break;
		append(&out, *out ? "|" : "", pg.j.buf);
		free(pg.j.buf);
		/* the next page starts after this page's last row */
		bo_product_clear(&prev);
		prev = pg.last;
		memset(&pg.last, 0, sizeof(pg.last));
		q.after_sku = prev.sku;
		q.after_name = prev.name;
		q.after_value = q.sort == BO_PRODUCT_SORT_PRICE ? prev.price
				: q.sort == BO_PRODUCT_SORT_TAX ? prev.tax_bp
				: q.sort == BO_PRODUCT_SORT_STOCK
				    ? prev.stock
				    : prev.retired;
		if (pg.j.count < q.limit)
			break;
	}
	bo_product_clear(&prev);
	bo_product_clear(&pg.last);
	return out;
}

#define PAGES_ARE(q, want)                                                     \
	do {                                                                   \
		char *got_ = all_pages(f, (q));                                \
		STR_EQ(got_, (want));                                          \
		free(got_);                                                    \
	} while (0)

static void list_sorts_by_price_with_sku_breaking_ties(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.sort = BO_PRODUCT_SORT_PRICE, .limit = 2};

	add_shelf(f);
	PAGES_ARE(q, "plate,cup|jug,bowl");
	q.descending = 1;
	PAGES_ARE(q, "bowl,jug|cup,plate");
	q.include_retired = 1;
	PAGES_ARE(q, "mug,bowl|jug,cup|plate");
}

static void list_sorts_by_name_in_byte_order_both_ways(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.sort = BO_PRODUCT_SORT_NAME, .limit = 3};

	add_shelf(f);
	PAGES_ARE(q, "bowl,cup,jug|plate");
	q.descending = 1;
	PAGES_ARE(q, "plate,jug,cup|bowl");
}

static void list_sorts_untracked_stock_below_zero(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.sort = BO_PRODUCT_SORT_STOCK, .limit = 1};

	add_shelf(f);
	PAGES_ARE(q, "bowl|jug|cup|plate");
}

static void list_sorts_by_tax_and_by_status(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.sort = BO_PRODUCT_SORT_TAX, .limit = 10};

	add_shelf(f);
	PAGES_ARE(q, "bowl,cup,jug,plate");
	q.sort = BO_PRODUCT_SORT_STATUS;
	q.include_retired = 1;
	q.limit = 2;
	PAGES_ARE(q, "bowl,cup|jug,plate|mug");
	q.descending = 1;
	PAGES_ARE(q, "mug,plate|jug,cup|bowl");
}

static void list_sku_descending_pages_backwards(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.descending = 1, .limit = 2};

	add_shelf(f);
	PAGES_ARE(q, "plate,jug|cup,bowl");
}

static void list_retired_only_shows_just_the_retired(void **state)
{
	ct_fx *f = *state;
	bo_product_query q = {.retired_only = 1, .limit = 10};

	add_shelf(f);
	add(f, "zz", "Old", 1, 0, 0, true);
	PAGES_ARE(q, "mug,zz");
	q.search = "OL";
	PAGES_ARE(q, "zz");
}

static void list_refuses_an_unknown_sort(void **state)
{
	ct_fx *f = *state;
	ct_joined j = {0};
	bo_product_query q = {.sort = BO_PRODUCT_SORT__COUNT};

	STATUS(BO_EINVAL, bo_product_repo_list(&f->p.products, &q,
					       ct_product_cb, &j, &f->err));
	assert_null(j.buf);
}

static int64_t data_version(bo_ports *p, bo_err *err)
{
	int64_t v = -12345;

	ct_ok_at(bo_store_data_version(&p->store, &v, err), err,
		 "bo_store_data_version", __FILE__, __LINE__);
	return v;
}

static void data_version_stays_put_while_nothing_commits(void **state)
{
	ct_fx *f = *state;
	int64_t v = data_version(&f->p, &f->err);

	assert_int_equal(data_version(&f->p, &f->err), v);
	BEGIN();
	ROLLBACK();
	assert_int_equal(data_version(&f->p, &f->err), v);
}

/* A second connection when the backend has them, else the same one. */
static void
data_version_moves_when_a_change_is_committed_elsewhere(void **state)
{
	ct_fx *f = *state;
	const bo_contract_backend *b = ct_backend();
	bo_ports other, *writer = &f->p;
	int64_t before, after;

	if (b->open_again) {
		assert_int_equal(b->open_again(&other, b->ctx), BO_OK);
		writer = &other;
	}
	before = data_version(&f->p, &f->err);
	OK(bo_store_begin(&writer->store, &f->err));
	OK(bo_store_setting_set(&writer->store, "live", "1", &f->err));
	OK(bo_store_commit(&writer->store, &f->err));
	after = data_version(&f->p, &f->err);
	if (writer != &f->p)
		bo_ports_close(writer);
	assert_true(after != before);
}

const struct CMUnitTest bo_contract_live_tests[] = {
    CT_TEST(list_sorts_by_price_with_sku_breaking_ties),
    CT_TEST(list_sorts_by_name_in_byte_order_both_ways),
    CT_TEST(list_sorts_untracked_stock_below_zero),
    CT_TEST(list_sorts_by_tax_and_by_status),
    CT_TEST(list_sku_descending_pages_backwards),
    CT_TEST(list_retired_only_shows_just_the_retired),
    CT_TEST(list_refuses_an_unknown_sort),
    CT_TEST(data_version_stays_put_while_nothing_commits),
    CT_TEST(data_version_moves_when_a_change_is_committed_elsewhere),
};

const size_t bo_contract_live_count =
    sizeof(bo_contract_live_tests) / sizeof(bo_contract_live_tests[0]);
