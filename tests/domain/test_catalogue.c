/* Tests for domain/app_catalogue.c: the import's diff against the catalogue, its errors, and its all-or-nothing apply. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/shop_app.h"
#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/catalogue.h"

static void add(fixture *f, const char *sku, const char *price,
		const char *stock)
{
	bo_product_edit in = {.sku = sku,
			      .name = "Mug",
			      .price = price,
			      .tax_rate = "20",
			      .stock = stock};
	bo_err err;

	if (bo_app_product_add(&f->admin, &in, NULL, &err) != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

static int plan_text(fixture *f, const char *text, bo_cat_plan *plan)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	bo_err err;
	int rc;

	assert_non_null(in);
	rc = bo_app_catalogue_plan(&f->admin, in, plan, &err);
	fclose(in);
	return rc;
}

/* The diff line of sku's field (NULL: the row's line), or NULL. */
static const bo_cat_diff *find(const bo_cat_plan *plan, long line,
			       const char *field)
{
	for (size_t i = 0; i < plan->ndiffs; i++) {
		const bo_cat_diff *d = &plan->diffs[i];

		if (d->line == line && (field ? d->field &&
						    strcmp(d->field, field) == 0
					      : !d->field))
			return d;
	}
	return NULL;
}

static int64_t event_head(fixture *f)
{
	int64_t h = -1;
	bo_err err;

	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

static void diff_names_added_changed_and_unchanged(void **state)
{
	fixture *f = *state;
	bo_cat_plan plan;
	const bo_cat_diff *d;

	add(f, "A-1", "10", "5");
	add(f, "B-2", "2.50", NULL);
	assert_int_equal(plan_text(f,
				   "\xEF\xBB\xBFsku,price,stock,status\r\n"
				   "A-1,10.00,5,active\r\n"
				   "B-2,2.5,3,retired\r\n"
				   "C-3,1,,active\r\n",
				   &plan),
			 BO_OK);
	assert_int_equal(plan.unchanged, 1);
	assert_int_equal(plan.changed, 1);
	assert_int_equal(plan.added, 0);
	assert_int_equal(plan.errors, 1); /* C-3 is new and has no name */
	assert_non_null(d = find(&plan, 2, NULL));
	assert_int_equal(d->action, BO_CAT_UNCHANGED);
	assert_non_null(d = find(&plan, 3, "stock"));
	assert_int_equal(d->action, BO_CAT_CHANGED);
	assert_string_equal(d->old_text, "");
	assert_string_equal(d->new_text, "3");
	assert_null(find(&plan, 3, "price")); /* 2.5 is 2.50 */
	assert_non_null(d = find(&plan, 3, "status"));
	assert_string_equal(d->new_text, "retired");
	assert_non_null(d = find(&plan, 4, "name"));
	assert_int_equal(d->action, BO_CAT_ERROR);
	bo_cat_plan_clear(&plan);
}

static void every_bad_row_is_named_with_its_field(void **state)
{
	fixture *f = *state;
	bo_cat_plan plan;
	const bo_cat_diff *d;
	bo_err err;
	int64_t before;

	add(f, "A-1", "10", "5");
	before = event_head(f);
	assert_int_equal(plan_text(f,
				   "sku,name,price,tax_rate,stock,colour\n"
				   "A-1,Mug,12.505,20,1,x\n"
				   "B-1,Mug,\"12,50\",20,1,x\n"
				   ",Mug,1,20,1,x\n"
				   "C-1,Mug,1,101,-1,x\n"
				   "A-1,Mug,1,20,1,x\n"
				   "D-1,Mug,1,20\n",
				   &plan),
			 BO_OK);
	assert_int_equal(plan.errors, 7);
	assert_non_null(d = find(&plan, 1, "colour"));
	assert_non_null(strstr(d->error, "unknown column"));
	assert_non_null(find(&plan, 2, "price"));
	assert_non_null(find(&plan, 3, "price"));
	assert_non_null(find(&plan, 4, "sku"));
	assert_non_null(find(&plan, 5, "tax_rate"));
	assert_non_null(find(&plan, 5, "stock"));
	assert_non_null(d = find(&plan, 6, "sku"));
	assert_non_null(strstr(d->error, "line 2 and again on line 6"));
	assert_non_null(d = find(&plan, 7, NULL));
	assert_non_null(strstr(d->error, "4 fields; the header has 6"));
	assert_int_equal(bo_app_catalogue_apply(&f->admin, &plan, NULL, &err),
			 BO_EINVAL);
	assert_int_equal(event_head(f), before);
	bo_cat_plan_clear(&plan);
}

static void a_broken_record_is_the_last_error(void **state)
{
	fixture *f = *state;
	bo_cat_plan plan;
	const bo_cat_diff *d;

	assert_int_equal(plan_text(f, "sku,name,price\nA,\"open,1\n", &plan),
			 BO_OK);
	assert_int_equal(plan.errors, 1);
	assert_non_null(d = find(&plan, 3, NULL));
	assert_non_null(strstr(d->error, "opened on line 2 is not closed"));
	bo_cat_plan_clear(&plan);
}

static void apply_writes_every_change_once(void **state)
{
	fixture *f = *state;
	bo_cat_plan plan;
	bo_product p = {0};
	bo_err err;
	int64_t before;

	add(f, "A-1", "10", "5");
	before = event_head(f);
	assert_int_equal(plan_text(f,
				   "sku,name,price,stock,status\n"
				   "A-1,Mug,11,5,retired\n"
				   "N-1,\"New, \"\"fine\"\"\",3.5,,active\n",
				   &plan),
			 BO_OK);
	assert_int_equal(plan.errors, 0);
	assert_int_equal(bo_app_catalogue_apply(&f->admin, &plan, NULL, &err),
			 BO_OK);
	/* edited, then retired; N-1: created */
	assert_int_equal(event_head(f), before + 3);
	assert_int_equal(bo_app_product_get(&f->admin, "A-1", &p, &err), BO_OK);
	assert_int_equal(p.price, 1100);
	assert_true(p.retired);
	bo_product_clear(&p);
	assert_int_equal(bo_app_product_get(&f->admin, "N-1", &p, &err), BO_OK);
	assert_string_equal(p.name, "New, \"fine\"");
	assert_int_equal(p.stock, BO_STOCK_UNTRACKED);
	bo_product_clear(&p);
	bo_cat_plan_clear(&plan);
	/* the same file again changes nothing */
	assert_int_equal(plan_text(f,
				   "sku,name,price,stock,status\n"
				   "A-1,Mug,11,5,retired\n"
				   "N-1,\"New, \"\"fine\"\"\",3.5,,active\n",
				   &plan),
			 BO_OK);
	assert_int_equal(plan.unchanged, 2);
	assert_int_equal(plan.nitems, 0);
	bo_cat_plan_clear(&plan);
}

static void a_change_made_after_the_preview_refuses_it_all(void **state)
{
	fixture *f = *state;
	bo_product_edit e = {.price = "99"};
	bo_cat_plan plan;
	bo_product p = {0};
	bo_err err;
	int64_t before;

	add(f, "A-1", "10", "5");
	add(f, "B-1", "10", "5");
	assert_int_equal(plan_text(f,
				   "sku,name,price\n"
				   "N-1,New,1\n"
				   "A-1,Mug,11\n"
				   "B-1,Mug,12\n",
				   &plan),
			 BO_OK);
	assert_int_equal(bo_app_product_edit(&f->admin, "B-1", &e, 0, NULL,
					     &err),
			 BO_OK);
	before = event_head(f);
	assert_int_equal(bo_app_catalogue_apply(&f->admin, &plan, NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "line 4 (B-1)"));
	assert_int_equal(event_head(f), before);
	assert_int_equal(bo_app_product_get(&f->admin, "N-1", &p, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_product_get(&f->admin, "A-1", &p, &err), BO_OK);
	assert_int_equal(p.price, 1000);
	bo_product_clear(&p);
	bo_cat_plan_clear(&plan);
}

static void field_text_reads_back(void **state)
{
	bo_product p = {0};
	bo_currency eur;
	char buf[BO_CAT_TEXT_BUFSZ];
	bo_err err;

	(void)state;
	assert_int_equal(bo_currency_lookup(&eur, "EUR", &err), BO_OK);
	p.sku = "X";
	p.price = 1250;
	p.tax_bp = 750;
	p.stock = BO_STOCK_UNTRACKED;
	assert_string_equal(bo_cat_text(&p, BO_CAT_PRICE, &eur, buf), "12.50");
	assert_string_equal(bo_cat_text(&p, BO_CAT_TAX_RATE, &eur, buf), "7.5");
	assert_string_equal(bo_cat_text(&p, BO_CAT_STOCK, &eur, buf), "");
	assert_string_equal(bo_cat_text(&p, BO_CAT_LOW_STOCK, &eur, buf), "");
	assert_string_equal(bo_cat_text(&p, BO_CAT_STATUS, &eur, buf),
			    "active");
	assert_string_equal(bo_cat_text(&p, BO_CAT_DESCRIPTION, &eur, buf), "");
}

static void only_an_admin_imports(void **state)
{
	fixture *f = *state;
	bo_app sam;
	bo_cat_plan plan;
	bo_err err;
	FILE *in = fmemopen((void *)"sku\n", 4, "r");

	assert_non_null(in);
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&sam, &f->ports, &f->clock, &f->ids, "sam", &err),
	    BO_OK);
	assert_int_equal(bo_app_catalogue_plan(&sam, in, &plan, &err), BO_EPERM);
	bo_cat_plan_clear(&plan);
	bo_app_close(&sam);
	fclose(in);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, shop_app_setup, \
							 shop_app_teardown)
	const struct CMUnitTest tests[] = {
	    T(diff_names_added_changed_and_unchanged),
	    T(every_bad_row_is_named_with_its_field),
	    T(a_broken_record_is_the_last_error),
	    T(apply_writes_every_change_once),
	    T(a_change_made_after_the_preview_refuses_it_all),
	    T(only_an_admin_imports),
	    cmocka_unit_test(field_text_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
