/* Tests for domain/product.c: validation per field, stock text, edits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/event.h"
#include "domain/product.h"
#include "domain/text.h"

static const char *SKU_MSG =
    "sku must be 1 to 64 characters from A-Z a-z 0-9 . _ -";
static const char *NAME_LEN_MSG = "name must be 1 to 200 characters";
static const char *NAME_CTL_MSG = "name must not contain control characters";

/* A valid product with heap strings; caller clears. */
static bo_product good(void)
{
	bo_product p = {0};

	p.id = 7;
	p.sku = bo_strdup("MUG-350.blue_1");
	p.name = bo_strdup("Blue mug");
	p.description = bo_strdup("Stoneware.\nDishwasher safe.");
	p.price = 1250;
	p.tax_bp = 2000;
	p.stock = 12;
	p.row_version = 3;
	p.created_at = 1000;
	p.updated_at = 2000;
	assert_non_null(p.sku);
	assert_non_null(p.name);
	assert_non_null(p.description);
	return p;
}

/* n copies of the UTF-8 unit u, on the heap. */
static char *repeat(const char *u, size_t n)
{
	size_t len = strlen(u);
	char *s = malloc(len * n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, u, len);
	s[len * n] = '\0';
	return s;
}

/* Replaces one string field of p, taking ownership of v. */
static void set(char **field, char *v)
{
	free(*field);
	*field = v;
}

static void expect_invalid(const bo_product *p, const char *msg)
{
	bo_err err;

	bo_err_clear(&err);
	assert_int_equal(bo_product_validate(p, &err), BO_EINVAL);
	assert_int_equal(err.code, BO_EINVAL);
	assert_string_equal(err.msg, msg);
}

static void expect_valid(const bo_product *p)
{
	bo_err err;

	bo_err_clear(&err);
	if (bo_product_validate(p, &err) != BO_OK)
		fail_msg("refused: %s", err.msg);
}

static void good_product_is_valid(void **state)
{
	(void)state;
	bo_product p = good();

	expect_valid(&p);
	set(&p.description, NULL); /* treated as empty */
	expect_valid(&p);
	bo_product_clear(&p);
}

static void sku_length_boundaries(void **state)
{
	(void)state;
	bo_err err;
	char *s64 = repeat("A", 64), *s65 = repeat("A", 65);

	assert_int_equal(bo_product_validate_sku(s64, &err), BO_OK);
	assert_int_equal(bo_product_validate_sku(s65, &err), BO_EINVAL);
	assert_string_equal(err.msg, SKU_MSG);
	assert_int_equal(bo_product_validate_sku("", &err), BO_EINVAL);
	assert_string_equal(err.msg, SKU_MSG);
	assert_int_equal(bo_product_validate_sku(NULL, &err), BO_EINVAL);
	assert_int_equal(bo_product_validate_sku("x", &err), BO_OK);
	free(s64);
	free(s65);
}

static void sku_characters_are_restricted(void **state)
{
	(void)state;
	bo_err err;

	assert_int_equal(bo_product_validate_sku("AZaz09._-", &err), BO_OK);
	static const char *bad[] = {
	    "MUG 1", "MUG/1", "MUG,1", "caf\xC3\xA9", "a\x1b[",
	    "MUG\n", "+1",    "a:b",   "\xFF",        "MUG\xC2\x85"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_err_clear(&err);
		assert_int_equal(bo_product_validate_sku(bad[i], &err),
				 BO_EINVAL);
		assert_string_equal(err.msg, SKU_MSG);
	}
}

static void bad_sku_fails_product_validation(void **state)
{
	(void)state;
	bo_product p = good();

	set(&p.sku, repeat("b", 65));
	expect_invalid(&p, SKU_MSG);
	set(&p.sku, NULL);
	expect_invalid(&p, SKU_MSG);
	bo_product_clear(&p);
}

static void name_length_is_counted_in_code_points(void **state)
{
	(void)state;
	bo_product p = good();

	set(&p.name, repeat("\xC3\xA9", 200)); /* 400 bytes, 200 chars */
	expect_valid(&p);
	set(&p.name, repeat("\xE6\x97\xA5", 200));
	expect_valid(&p);
	set(&p.name, repeat("\xF0\x9F\x98\x80", 200));
	expect_valid(&p);
	set(&p.name, repeat("a", 200));
	expect_valid(&p);
	set(&p.name, repeat("\xC3\xA9", 201));
	expect_invalid(&p, "name must be 1 to 200 characters (it has 201)");
	set(&p.name, repeat("a", 201));
	expect_invalid(&p, "name must be 1 to 200 characters (it has 201)");
	bo_product_clear(&p);
}

static void empty_name_is_refused(void **state)
{
	(void)state;
	bo_product p = good();

	set(&p.name, bo_strdup(""));
	expect_invalid(&p, NAME_LEN_MSG);
	set(&p.name, NULL);
	expect_invalid(&p, NAME_LEN_MSG);
	bo_product_clear(&p);
}

static void name_with_control_characters_is_refused(void **state)
{
	(void)state;
	bo_product p = good();
	static const char *bad[] = {
	    "Mug\x1b[2J",
	    "Mug\n",
	    "Mug\ttab",
	    "Mug\r",
	    "Mug\x7f",
	    "Mug\xC2\x9B"
	    "31m",
	    "Mug\xE2\x80\xAE"
	    "gum",
	    "\xE2\x81\xA6x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set(&p.name, bo_strdup(bad[i]));
		expect_invalid(&p, NAME_CTL_MSG);
	}
	bo_product_clear(&p);
}

static void name_with_invalid_utf8_is_refused(void **state)
{
	(void)state;
	bo_product p = good();

	set(&p.name, bo_strdup("caf\xE9"));
	expect_invalid(&p, "name must be valid UTF-8");
	set(&p.name, bo_strdup("\xED\xA0\x80"));
	expect_invalid(&p, "name must be valid UTF-8");
	bo_product_clear(&p);
}

static void description_rules(void **state)
{
	(void)state;
	bo_product p = good();

	set(&p.description, bo_strdup(""));
	expect_valid(&p);
	set(&p.description, bo_strdup("line one\nline two\n"));
	expect_valid(&p);
	set(&p.description, repeat("\xE6\x97\xA5", 4000));
	expect_valid(&p);
	set(&p.description, repeat("\xE6\x97\xA5", 4001));
	expect_invalid(&p,
		       "description must be at most 4000 characters (it has "
		       "4001)");
	set(&p.description, bo_strdup("a\tb"));
	expect_invalid(&p, "description must not contain control characters "
			   "other than newlines");
	set(&p.description, bo_strdup("a\r\nb"));
	expect_invalid(&p, "description must not contain control characters "
			   "other than newlines");
	set(&p.description, bo_strdup("see \x1b]8;;http://x\x07"));
	expect_invalid(&p, "description must not contain control characters "
			   "other than newlines");
	set(&p.description, bo_strdup("\xC3"));
	expect_invalid(&p, "description must be valid UTF-8");
	bo_product_clear(&p);
}

static void price_tax_and_stock_ranges(void **state)
{
	(void)state;
	bo_product p = good();

	p.price = 0;
	expect_valid(&p);
	p.price = INT64_MAX;
	expect_valid(&p);
	p.price = -1;
	expect_invalid(&p, "price must not be negative");
	p.price = 100;

	p.tax_bp = 0;
	expect_valid(&p);
	p.tax_bp = 10000;
	expect_valid(&p);
	p.tax_bp = 10001;
	expect_invalid(&p, "tax rate must be 0 to 100 percent");
	p.tax_bp = -1;
	expect_invalid(&p, "tax rate must be 0 to 100 percent");
	p.tax_bp = 2000;

	p.stock = 0;
	expect_valid(&p);
	p.stock = BO_STOCK_UNTRACKED;
	expect_valid(&p);
	p.stock = -2;
	expect_invalid(&p,
		       "stock must not be negative (use none for untracked)");
	bo_product_clear(&p);
}

static void first_failure_follows_field_order(void **state)
{
	(void)state;
	bo_product p = good();

	p.stock = -5;
	p.tax_bp = 20000;
	p.price = -1;
	set(&p.description, bo_strdup("\t"));
	set(&p.name, bo_strdup(""));
	set(&p.sku, bo_strdup("bad sku"));
	expect_invalid(&p, SKU_MSG);
	set(&p.sku, bo_strdup("ok"));
	expect_invalid(&p, NAME_LEN_MSG);
	set(&p.name, bo_strdup("ok"));
	expect_invalid(&p, "description must not contain control characters "
			   "other than newlines");
	set(&p.description, NULL);
	expect_invalid(&p, "price must not be negative");
	p.price = 0;
	expect_invalid(&p, "tax rate must be 0 to 100 percent");
	p.tax_bp = 0;
	expect_invalid(&p,
		       "stock must not be negative (use none for untracked)");
	bo_product_clear(&p);
}

static void copy_is_deep_and_clear_zeroes(void **state)
{
	(void)state;
	bo_product p = good(), c;

	assert_int_equal(bo_product_copy(&c, &p), BO_OK);
	assert_ptr_not_equal(c.sku, p.sku);
	assert_ptr_not_equal(c.name, p.name);
	assert_ptr_not_equal(c.description, p.description);
	assert_string_equal(c.sku, p.sku);
	assert_string_equal(c.name, p.name);
	assert_string_equal(c.description, p.description);
	assert_int_equal(c.id, 7);
	assert_int_equal(c.price, 1250);
	assert_int_equal(c.row_version, 3);
	assert_int_equal(c.updated_at, 2000);
	bo_product_clear(&p);
	assert_null(p.sku);
	assert_int_equal(p.id, 0);
	assert_int_equal(p.price, 0);
	assert_string_equal(c.name, "Blue mug"); /* survives the original */
	bo_product_clear(&c);
	bo_product_clear(NULL);
}

static void stock_text_parses(void **state)
{
	(void)state;
	int64_t v = 99;

	assert_int_equal(bo_stock_parse(&v, "0", NULL), BO_OK);
	assert_int_equal(v, 0);
	assert_int_equal(bo_stock_parse(&v, "42", NULL), BO_OK);
	assert_int_equal(v, 42);
	assert_int_equal(bo_stock_parse(&v, "007", NULL), BO_OK);
	assert_int_equal(v, 7);
	assert_int_equal(bo_stock_parse(&v, "1000000000000", NULL), BO_OK);
	assert_int_equal(v, 1000000000000LL);
	assert_int_equal(bo_stock_parse(&v, "none", NULL), BO_OK);
	assert_int_equal(v, BO_STOCK_UNTRACKED);
}

static void bad_stock_text_is_refused(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "",
	    "-1",
	    "+1",
	    "1.5",
	    "1e3",
	    " 1",
	    "1 ",
	    "NONE",
	    "None",
	    "abc",
	    "1,000",
	    "1000000000001",
	    "99999999999999999999",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 99;
		bo_err err;
		bo_err_clear(&err);
		assert_int_equal(bo_stock_parse(&v, bad[i], &err), BO_EINVAL);
		assert_int_equal(v, 99);
		assert_string_equal(err.msg,
				    "stock must be a whole number from "
				    "0 to 1000000000000, or none");
	}
	int64_t v = 99;
	assert_int_equal(bo_stock_parse(&v, NULL, NULL), BO_EINVAL);
}

static void low_stock_threshold_text(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "-1", "+1", "1.5", " 1", "1 ", "abc", "1000001", "99999999999999999999", "DEFAULT",
	};
	static const char want[] = "low-stock threshold must be a whole number "
				   "from 0 to 1000000, or empty (default) for "
				   "the tenant's";
	bo_opt_i64 t = {true, 99};

	assert_int_equal(bo_low_stock_parse(&t, "0", NULL), BO_OK);
	assert_true(t.set);
	assert_int_equal(t.value, 0);
	assert_int_equal(bo_low_stock_parse(&t, "1000000", NULL), BO_OK);
	assert_int_equal(t.value, 1000000);
	assert_int_equal(bo_low_stock_parse(&t, "", NULL), BO_OK);
	assert_false(t.set);
	t.set = true;
	assert_int_equal(bo_low_stock_parse(&t, "default", NULL), BO_OK);
	assert_false(t.set);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_err err;

		t = (bo_opt_i64){true, 99};
		bo_err_clear(&err);
		assert_int_equal(bo_low_stock_parse(&t, bad[i], &err),
				 BO_EINVAL);
		assert_true(t.set);
		assert_int_equal(t.value, 99);
		assert_string_equal(err.msg, want);
	}
}

static void low_stock_threshold_range_is_validated(void **state)
{
	(void)state;
	bo_product p = good();

	expect_valid(&p); /* none of its own */
	p.low_stock_threshold = (bo_opt_i64){true, 0};
	expect_valid(&p);
	p.low_stock_threshold.value = 1000000;
	expect_valid(&p);
	p.low_stock_threshold.value = 1000001;
	expect_invalid(&p, "low-stock threshold must be 0 to 1000000, or empty "
			   "for the tenant's");
	p.low_stock_threshold.value = -1;
	expect_invalid(&p, "low-stock threshold must be 0 to 1000000, or empty "
			   "for the tenant's");
	bo_product_clear(&p);
}

static bo_currency eur(void)
{
	bo_currency c;
	assert_int_equal(bo_currency_lookup(&c, "EUR", NULL), BO_OK);
	return c;
}

static void edit_builds_a_new_product_from_nothing(void **state)
{
	(void)state;
	bo_currency c = eur();
	bo_product p = {0};
	bo_product_edit e = {.sku = "TEA-1",
			     .name = "Green tea",
			     .price = "4.5",
			     .tax_rate = "7.5",
			     .stock = "none"};
	bo_err err;

	assert_int_equal(bo_product_apply_edit(&p, &e, &c, &err), BO_OK);
	assert_string_equal(p.sku, "TEA-1");
	assert_string_equal(p.name, "Green tea");
	assert_non_null(p.description);
	assert_string_equal(p.description, "");
	assert_int_equal(p.price, 450);
	assert_int_equal(p.tax_bp, 750);
	assert_int_equal(p.stock, BO_STOCK_UNTRACKED);
	bo_product_clear(&p);
}

static void edit_changes_only_given_fields(void **state)
{
	(void)state;
	bo_currency c = eur();
	bo_product p = good();
	bo_product_edit e = {.price = "13", .stock = "0"};
	bo_err err;

	assert_int_equal(bo_product_apply_edit(&p, &e, &c, &err), BO_OK);
	assert_int_equal(p.price, 1300);
	assert_int_equal(p.stock, 0);
	assert_string_equal(p.sku, "MUG-350.blue_1");
	assert_string_equal(p.name, "Blue mug");
	assert_string_equal(p.description, "Stoneware.\nDishwasher safe.");
	assert_int_equal(p.tax_bp, 2000);
	assert_int_equal(p.id, 7);
	assert_int_equal(p.row_version, 3);

	bo_product_edit e2 = {
	    .sku = "MUG-2", .name = "Red mug", .description = ""};
	assert_int_equal(bo_product_apply_edit(&p, &e2, &c, &err), BO_OK);
	assert_string_equal(p.sku, "MUG-2");
	assert_string_equal(p.name, "Red mug");
	assert_string_equal(p.description, "");
	assert_int_equal(p.price, 1300);

	bo_product_edit none = {0};
	assert_int_equal(bo_product_apply_edit(&p, &none, &c, &err), BO_OK);
	assert_string_equal(p.name, "Red mug");
	bo_product_clear(&p);
}

/* Applies a failing edit and checks p is exactly as before, pointers too. */
static void edit_fails(const bo_product_edit *e, const char *msg)
{
	bo_currency c = eur();
	bo_product p = good();
	bo_product before = p;
	bo_err err;

	bo_err_clear(&err);
	assert_int_equal(bo_product_apply_edit(&p, e, &c, &err), BO_EINVAL);
	assert_string_equal(err.msg, msg);
	/* Field by field: a struct compare would also compare padding. */
	assert_ptr_equal(p.sku, before.sku);
	assert_ptr_equal(p.name, before.name);
	assert_ptr_equal(p.description, before.description);
	assert_int_equal(p.id, before.id);
	assert_int_equal(p.price, before.price);
	assert_int_equal(p.tax_bp, before.tax_bp);
	assert_int_equal(p.stock, before.stock);
	assert_int_equal(p.retired, before.retired);
	assert_int_equal(p.row_version, before.row_version);
	assert_int_equal(p.created_at, before.created_at);
	assert_int_equal(p.updated_at, before.updated_at);
	assert_string_equal(p.sku, "MUG-350.blue_1");
	assert_string_equal(p.name, "Blue mug");
	assert_string_equal(p.description, "Stoneware.\nDishwasher safe.");
	bo_product_clear(&p);
}

static void edit_sets_and_clears_the_low_stock_threshold(void **state)
{
	(void)state;
	bo_currency c = eur();
	bo_product p = good();
	bo_product_edit set = {.low_stock = "7"}, clear = {.low_stock = ""},
			keep = {.name = "Red mug"}, bad = {.low_stock = "x"};
	bo_err err;

	assert_int_equal(bo_product_apply_edit(&p, &set, &c, &err), BO_OK);
	assert_true(p.low_stock_threshold.set);
	assert_int_equal(p.low_stock_threshold.value, 7);
	assert_int_equal(bo_product_apply_edit(&p, &keep, &c, &err), BO_OK);
	assert_int_equal(p.low_stock_threshold.value, 7);
	assert_int_equal(bo_product_apply_edit(&p, &bad, &c, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "low-stock threshold"));
	assert_int_equal(p.low_stock_threshold.value, 7);
	assert_int_equal(bo_product_apply_edit(&p, &clear, &c, &err), BO_OK);
	assert_false(p.low_stock_threshold.set);
	bo_product_clear(&p);
}

static void failed_edit_leaves_product_unchanged(void **state)
{
	(void)state;
	char *long_name = repeat("\xC3\xA9", 201);

	edit_fails(&(bo_product_edit){.sku = "bad sku", .price = "1"}, SKU_MSG);
	edit_fails(&(bo_product_edit){.sku = ""}, SKU_MSG);
	edit_fails(&(bo_product_edit){.name = "", .price = "2"}, NAME_LEN_MSG);
	edit_fails(&(bo_product_edit){.name = long_name},
		   "name must be 1 to 200 characters (it has 201)");
	edit_fails(&(bo_product_edit){.sku = "NEW", .name = "x\x1b[2J"},
		   NAME_CTL_MSG);
	edit_fails(&(bo_product_edit){.description = "a\x07"},
		   "description must not contain control characters other "
		   "than newlines");
	edit_fails(&(bo_product_edit){.name = "Fine", .price = "1.234"},
		   "price has more than 2 decimals for EUR");
	edit_fails(&(bo_product_edit){.price = "-1"},
		   "price must not have a sign (write 12.50)");
	edit_fails(&(bo_product_edit){.price = ""}, "price must not be empty");
	edit_fails(&(bo_product_edit){.price = "5", .tax_rate = "101"},
		   "tax rate must be 0 to 100 percent");
	edit_fails(&(bo_product_edit){.tax_rate = "7.555"},
		   "tax rate must have at most two decimals");
	edit_fails(&(bo_product_edit){.price = "5", .stock = "-3"},
		   "stock must be a whole number from 0 to 1000000000000, or "
		   "none");
	free(long_name);
}

static void edit_of_incomplete_product_reports_missing_field(void **state)
{
	(void)state;
	bo_currency c = eur();
	bo_product p = {0};
	bo_product_edit e = {.name = "No sku"};
	bo_err err;

	assert_int_equal(bo_product_apply_edit(&p, &e, &c, &err), BO_EINVAL);
	assert_string_equal(err.msg, SKU_MSG);
	assert_null(p.sku);
	assert_null(p.name);
	assert_null(p.description);
}

static void edit_price_without_currency_is_refused(void **state)
{
	(void)state;
	bo_product p = good();
	bo_product_edit e = {.price = "1"};
	bo_err err;

	assert_int_equal(bo_product_apply_edit(&p, &e, NULL, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "price"));
	assert_int_equal(p.price, 1250);
	bo_product_clear(&p);
}

/* ---- checking recorded product events (import) ---------------------------- */

/* A product event of kind for product 7 with snapshot good() at rv. */
static bo_event product_event(bo_event_kind kind, int64_t rv, bool retired)
{
	bo_event e = {0};

	e.kind = kind;
	e.product = good();
	e.product.row_version = rv;
	e.product.retired = retired;
	return e;
}

static void assert_product_refused(const bo_product *cur, int64_t version,
				   const bo_event *e, const char *needle)
{
	bo_err err = {0};

	assert_int_equal(bo_product_check_event(cur, version, 7, e, &err),
			 BO_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("message \"%s\" does not name \"%s\"", err.msg,
			 needle);
}

static void product_stream_follows_create_update_retire_delete(void **state)
{
	bo_event created = product_event(BO_EV_PRODUCT_CREATED, 1, false);
	bo_event updated = product_event(BO_EV_PRODUCT_UPDATED, 2, false);
	bo_event retired = product_event(BO_EV_PRODUCT_RETIRED, 3, true);
	bo_event deleted = product_event(BO_EV_PRODUCT_DELETED, 3, true);
	bo_err err;

	(void)state;
	assert_int_equal(
	    bo_product_check_event(NULL, 0, 7, &created, &err), BO_OK);
	assert_int_equal(bo_product_check_event(&created.product, 1, 7,
						&updated, &err),
			 BO_OK);
	assert_int_equal(bo_product_check_event(&updated.product, 2, 7,
						&retired, &err),
			 BO_OK);
	assert_int_equal(bo_product_check_event(&retired.product, 3, 7,
						&deleted, &err),
			 BO_OK);
	bo_event_clear(&created);
	bo_event_clear(&updated);
	bo_event_clear(&retired);
	bo_event_clear(&deleted);
}

/* Given a retired product, when ProductReactivated follows, then it is
 * active again at the next row version; reactivating an active product, or
 * a ProductReactivated that leaves it retired, is refused. */
static void product_stream_reactivates_a_retired_product(void **state)
{
	bo_event created = product_event(BO_EV_PRODUCT_CREATED, 1, false);
	bo_event retired = product_event(BO_EV_PRODUCT_RETIRED, 2, true);
	bo_event back = product_event(BO_EV_PRODUCT_REACTIVATED, 3, false);
	bo_event early = product_event(BO_EV_PRODUCT_REACTIVATED, 2, false);
	bo_event still = product_event(BO_EV_PRODUCT_REACTIVATED, 3, true);
	bo_event again = product_event(BO_EV_PRODUCT_RETIRED, 4, true);
	bo_err err;

	(void)state;
	assert_true(bo_event_is_product(BO_EV_PRODUCT_REACTIVATED));
	assert_string_equal(bo_event_kind_name(BO_EV_PRODUCT_REACTIVATED),
			    "ProductReactivated");
	assert_int_equal(bo_product_check_event(&retired.product, 2, 7, &back,
						&err),
			 BO_OK);
	/* and it can be retired once more */
	assert_int_equal(bo_product_check_event(&back.product, 3, 7, &again,
						&err),
			 BO_OK);
	assert_product_refused(&created.product, 1, &early,
			       "ProductReactivated, but it is not retired");
	assert_product_refused(&retired.product, 2, &still,
			       "ProductReactivated leaves it retired");
	back.product.row_version = 2;
	assert_product_refused(&retired.product, 2, &back,
			       "has row version 2 where 3 follows on");
	bo_event_clear(&created);
	bo_event_clear(&retired);
	bo_event_clear(&back);
	bo_event_clear(&early);
	bo_event_clear(&still);
	bo_event_clear(&again);
}

static void stock_adjustment_must_add_up(void **state)
{
	bo_event created = product_event(BO_EV_PRODUCT_CREATED, 1, false);
	bo_event adj = product_event(BO_EV_PRODUCT_STOCK_ADJUSTED, 2, false);
	bo_err err;

	(void)state;
	created.product.stock = 10;
	adj.product.stock = 7;
	adj.delta = -3;
	adj.new_stock = 7;
	adj.reason = strdup("damaged");
	assert_non_null(adj.reason);
	assert_int_equal(
	    bo_product_check_event(&created.product, 1, 7, &adj, &err), BO_OK);
	/* a delta that does not lead to the new stock */
	adj.delta = -2;
	assert_product_refused(&created.product, 1, &adj,
			       "ProductStockAdjusted does not add up");
	/* a new stock that is not the snapshot's */
	adj.delta = -3;
	adj.new_stock = 8;
	assert_product_refused(&created.product, 1, &adj, "does not add up");
	adj.new_stock = 7;
	/* no change at all */
	created.product.stock = 7;
	adj.delta = 0;
	assert_product_refused(&created.product, 1, &adj,
			       "is not a change of stock");
	/* a delta no stock could take: refused before it is added (an
	 * import's JSON may hold any integer; the sum must not overflow) */
	created.product.stock = 10;
	adj.delta = INT64_MAX;
	assert_product_refused(&created.product, 1, &adj,
			       "is not a change of stock");
	adj.delta = INT64_MIN;
	assert_product_refused(&created.product, 1, &adj,
			       "is not a change of stock");
	/* from untracked: counted from 0 */
	created.product.stock = BO_STOCK_UNTRACKED;
	adj.delta = 7;
	assert_int_equal(
	    bo_product_check_event(&created.product, 1, 7, &adj, &err), BO_OK);
	/* a reason not of the five */
	free(adj.reason);
	adj.reason = strdup("stolen");
	assert_non_null(adj.reason);
	assert_product_refused(&created.product, 1, &adj,
			       "reason must be one of");
	/* it retires nothing */
	free(adj.reason);
	adj.reason = strdup("counted");
	adj.product.retired = true;
	assert_product_refused(&created.product, 1, &adj,
			       "changes whether it is retired");
	bo_event_clear(&created);
	bo_event_clear(&adj);
}

static void product_stream_out_of_order_is_refused(void **state)
{
	bo_event created = product_event(BO_EV_PRODUCT_CREATED, 1, false);
	bo_event updated = product_event(BO_EV_PRODUCT_UPDATED, 2, false);
	bo_event retired = product_event(BO_EV_PRODUCT_RETIRED, 2, true);
	bo_event order = {.kind = BO_EV_PAYMENT_RECEIVED, .order_id = 7};
	bo_event unknown = {.kind = BO_EV_UNKNOWN};
	bo_err err;

	(void)state;
	assert_product_refused(NULL, 0, &updated,
			       "product 7: ProductUpdated comes before "
			       "ProductCreated");
	assert_product_refused(NULL, 3, &updated,
			       "product 7: ProductUpdated comes after "
			       "ProductDeleted");
	assert_product_refused(&created.product, 1, &created,
			       "product 7: ProductCreated again");
	assert_product_refused(&created.product, 1, &order,
			       "a PaymentReceived event does not belong in a "
			       "product stream");
	assert_int_equal(bo_product_check_event(&created.product, 1, 7,
						&unknown, &err),
			 BO_OK);
	/* retired twice, un-retired by an update */
	bo_event again = product_event(BO_EV_PRODUCT_RETIRED, 3, true);
	assert_product_refused(&retired.product, 2, &again,
			       "ProductRetired, but it is already retired");
	bo_event_clear(&again);
	updated.product.row_version = 3;
	assert_product_refused(&retired.product, 2, &updated,
			       "ProductUpdated changes whether it is retired");
	bo_event_clear(&created);
	bo_event_clear(&updated);
	bo_event_clear(&retired);
}

static void product_snapshot_must_be_valid_and_its_own(void **state)
{
	bo_event created = product_event(BO_EV_PRODUCT_CREATED, 1, false);
	bo_event updated = product_event(BO_EV_PRODUCT_UPDATED, 5, false);

	(void)state;
	assert_product_refused(&created.product, 1, &updated,
			       "ProductUpdated has row version 5 where 2 "
			       "follows on");
	created.product.id = 8;
	assert_product_refused(NULL, 0, &created,
			       "product 7: the ProductCreated snapshot names "
			       "product 8");
	created.product.id = 7;
	created.product.price = -1;
	assert_product_refused(NULL, 0, &created,
			       "product 7: ProductCreated: price must not be "
			       "negative");
	created.product.price = 1;
	free(created.product.name);
	created.product.name = bo_strdup("Mug\033]0;x\007");
	assert_product_refused(NULL, 0, &created, NAME_CTL_MSG);
	created.product.retired = true;
	free(created.product.name);
	created.product.name = bo_strdup("Mug");
	assert_product_refused(NULL, 0, &created,
			       "ProductCreated must not be retired already");
	created.product.retired = false;
	created.product.row_version = 2;
	assert_product_refused(NULL, 0, &created,
			       "ProductCreated has row version 2 where 1");
	bo_event_clear(&created);
	bo_event_clear(&updated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_product_is_valid),
	    cmocka_unit_test(sku_length_boundaries),
	    cmocka_unit_test(sku_characters_are_restricted),
	    cmocka_unit_test(bad_sku_fails_product_validation),
	    cmocka_unit_test(name_length_is_counted_in_code_points),
	    cmocka_unit_test(empty_name_is_refused),
	    cmocka_unit_test(name_with_control_characters_is_refused),
	    cmocka_unit_test(name_with_invalid_utf8_is_refused),
	    cmocka_unit_test(description_rules),
	    cmocka_unit_test(price_tax_and_stock_ranges),
	    cmocka_unit_test(first_failure_follows_field_order),
	    cmocka_unit_test(copy_is_deep_and_clear_zeroes),
	    cmocka_unit_test(stock_text_parses),
	    cmocka_unit_test(bad_stock_text_is_refused),
	    cmocka_unit_test(low_stock_threshold_text),
	    cmocka_unit_test(low_stock_threshold_range_is_validated),
	    cmocka_unit_test(edit_sets_and_clears_the_low_stock_threshold),
	    cmocka_unit_test(edit_builds_a_new_product_from_nothing),
	    cmocka_unit_test(edit_changes_only_given_fields),
	    cmocka_unit_test(failed_edit_leaves_product_unchanged),
	    cmocka_unit_test(edit_of_incomplete_product_reports_missing_field),
	    cmocka_unit_test(edit_price_without_currency_is_refused),
	    cmocka_unit_test(
		product_stream_follows_create_update_retire_delete),
	    cmocka_unit_test(product_stream_out_of_order_is_refused),
	    cmocka_unit_test(stock_adjustment_must_add_up),
	    cmocka_unit_test(product_stream_reactivates_a_retired_product),
	    cmocka_unit_test(product_snapshot_must_be_valid_and_its_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
