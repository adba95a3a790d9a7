/* Contract tests of the product repository's categories, tags and listing
 * filters: stored, read back, updated and filtered alike on every backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

/* Inserts a product with the fields the filters look at. */
static int64_t put(ct_fx *f, const char *sku, const char *category,
		   const char *tags, int64_t stock, int64_t price,
		   bo_opt_i64 low, bool retired)
{
	bo_product p;
	int64_t id;

	ct_mk_product(&p, sku, sku);
	p.category = category ? ct_xstrdup(category) : NULL;
	p.tags = tags ? ct_xstrdup(tags) : NULL;
	p.stock = stock;
	p.price = price;
	p.low_stock_threshold = low;
	p.retired = retired;
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	id = p.id;
	bo_product_clear(&p);
	return id;
}

static void listed(ct_fx *f, const bo_product_query *q, const char *want,
		   const char *file, int line)
{
	ct_joined j = {0};

	ct_ok_at(bo_product_repo_list(&f->p.products, q, ct_product_cb, &j,
				      &f->err),
		 &f->err, "listing", file, line);
	ct_joined_is_at(&j, want, file, line);
}
#define LISTED(q, want) listed(f, (q), (want), __FILE__, __LINE__)

static void category_and_tags_are_stored_updated_and_cleared(void **state)
{
	ct_fx *f = *state;
	bo_product p, got;

	/* given a product with a category and tags */
	ct_mk_product(&p, "MUG-1", "Mug");
	p.category = ct_xstrdup("Kitchen / Mugs");
	p.tags = ct_xstrdup("gift;sale");
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	/* then both read back, by id and by SKU */
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	STR_EQ(got.category, "Kitchen / Mugs");
	STR_EQ(got.tags, "gift;sale");
	ct_product_eq(&got, &p);
	bo_product_clear(&got);
	/* when they change, then the new ones read back */
	free(p.category);
	p.category = ct_xstrdup("Kitchen / Mugs / Big");
	free(p.tags);
	p.tags = ct_xstrdup("new");
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, p.row_version, &f->err));
	COMMIT();
	OK(bo_product_repo_get_by_sku(&f->p.products, "MUG-1", &got, &f->err));
	STR_EQ(got.category, "Kitchen / Mugs / Big");
	STR_EQ(got.tags, "new");
	bo_product_clear(&got);
	/* and the tag filter follows the update: gift is gone */
	{
		const char *gift[] = {"gift"}, *tnew[] = {"new"};
		bo_product_query q = {.tags = gift, .ntags = 1};

		LISTED(&q, "");
		q = (bo_product_query){.tags = tnew, .ntags = 1};
		LISTED(&q, "MUG-1");
		q = (bo_product_query){.category = "Kitchen / Mugs"};
		LISTED(&q, "MUG-1");
	}
	/* when cleared (NULL), then none reads back */
	free(p.category);
	p.category = NULL;
	free(p.tags);
	p.tags = NULL;
	BEGIN();
	OK(bo_product_repo_update(&f->p.products, &p, p.row_version, &f->err));
	COMMIT();
	OK(bo_product_repo_get_by_id(&f->p.products, p.id, &got, &f->err));
	assert_null(got.category);
	assert_null(got.tags);
	bo_product_clear(&got);
	bo_product_clear(&p);
}

static void listing_filters_combine(void **state)
{
	ct_fx *f = *state;
	const bo_opt_i64 none = {false, 0};
	const char *gift[] = {"gift"}, *gift_sale[] = {"gift", "sale"},
		   *nothing[] = {"nope"};
	bo_product_query q;

	/* given a small catalogue */
	put(f, "A-MUG", "Kitchen / Mugs", "gift;sale", 2, 300, none, false);
	put(f, "B-BIG", "Kitchen / Mugs / Big", "gift", 20, 1300,
	    (bo_opt_i64){true, 30}, false);
	put(f, "C-PAN", "Kitchen / Pans", NULL, 0, 3000, none, false);
	put(f, "D-K2", "Kitchen2", "sale", BO_STOCK_UNTRACKED, 100, none,
	    false);
	put(f, "E-OLD", "Kitchen / Mugs", "gift", 1, 500, none, true);
	put(f, "F-NONE", NULL, NULL, 50, 900, none, false);

	/* a category is itself and what lies under it, not a mere prefix */
	q = (bo_product_query){.category = "Kitchen"};
	LISTED(&q, "A-MUG,B-BIG,C-PAN");
	q = (bo_product_query){.category = "Kitchen / Mugs"};
	LISTED(&q, "A-MUG,B-BIG");
	q = (bo_product_query){.category = "Kitchen / Mugs / Big"};
	LISTED(&q, "B-BIG");
	q = (bo_product_query){.category = "kitchen"};
	LISTED(&q, "");
	/* with retired ones on request */
	q = (bo_product_query){.category = "Kitchen / Mugs",
			       .include_retired = 1};
	LISTED(&q, "A-MUG,B-BIG,E-OLD");
	q = (bo_product_query){.category = "Kitchen", .retired_only = 1};
	LISTED(&q, "E-OLD");
	/* tags: every one given */
	q = (bo_product_query){.tags = gift, .ntags = 1};
	LISTED(&q, "A-MUG,B-BIG");
	q = (bo_product_query){.tags = gift_sale, .ntags = 2};
	LISTED(&q, "A-MUG");
	q = (bo_product_query){.tags = nothing, .ntags = 1};
	LISTED(&q, "");
	/* stock: out is tracked 0; low is at or below the product's own
	 * threshold, else the default given; untracked */
	q = (bo_product_query){.stock = BO_STOCK_FILTER_OUT};
	LISTED(&q, "C-PAN");
	q = (bo_product_query){.stock = BO_STOCK_FILTER_LOW,
			       .low_stock_default = 2};
	LISTED(&q, "A-MUG,B-BIG,C-PAN");
	q = (bo_product_query){.stock = BO_STOCK_FILTER_LOW,
			       .low_stock_default = 1};
	LISTED(&q, "B-BIG,C-PAN");
	q = (bo_product_query){.stock = BO_STOCK_FILTER_UNTRACKED};
	LISTED(&q, "D-K2");
	/* price bounds are inclusive */
	q = (bo_product_query){.price_min = {true, 300},
			       .price_max = {true, 1300}};
	LISTED(&q, "A-MUG,B-BIG,F-NONE");
	q = (bo_product_query){.price_max = {true, 100}};
	LISTED(&q, "D-K2");
	/* all together, with the search and the limit */
	q = (bo_product_query){.category = "Kitchen",
			       .tags = gift,
			       .ntags = 1,
			       .price_min = {true, 1},
			       .limit = 1};
	LISTED(&q, "A-MUG");
	q = (bo_product_query){.category = "Kitchen",
			       .tags = gift,
			       .ntags = 1,
			       .search = "big"};
	LISTED(&q, "B-BIG");
	/* keyset paging goes on after the last row, filters kept */
	q = (bo_product_query){.category = "Kitchen", .after_sku = "A-MUG"};
	LISTED(&q, "B-BIG,C-PAN");
}

static void a_deleted_product_leaves_no_tag_behind(void **state)
{
	ct_fx *f = *state;
	const char *gift[] = {"gift"};
	bo_product_query q = {.tags = gift, .ntags = 1};
	bo_product p;

	ct_mk_product(&p, "GONE-1", "Gone");
	p.tags = ct_xstrdup("gift");
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	LISTED(&q, "GONE-1");
	BEGIN();
	OK(bo_product_repo_remove(&f->p.products, p.id, p.row_version,
				  &f->err));
	COMMIT();
	LISTED(&q, "");
	bo_product_clear(&p);
}

const struct CMUnitTest bo_contract_category_tests[] = {
    CT_TEST(category_and_tags_are_stored_updated_and_cleared),
    CT_TEST(listing_filters_combine),
    CT_TEST(a_deleted_product_leaves_no_tag_behind),
};
const size_t bo_contract_category_count =
    sizeof(bo_contract_category_tests) / sizeof(bo_contract_category_tests[0]);
