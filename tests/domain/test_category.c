/* Tests for domain/category.c: category paths and tag lists, parsed to
 * their canonical text, and the product rules and edits that use them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/category.h"
#include "domain/product.h"
#include "domain/status.h"

static const bo_currency eur = {"EUR", 2};

/* Parses text as a category and checks the canonical form (NULL: none). */
static void category_is(const char *text, const char *want)
{
	bo_err err = {0};
	char *got = (char *)"unset";

	assert_int_equal(bo_category_parse(&got, text, &err), BO_OK);
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

/* Parses text as a category and checks the refusal names the field. */
static void category_fails(const char *text, const char *msg)
{
	bo_err err = {0};
	char *got = NULL;

	assert_int_equal(bo_category_parse(&got, text, &err), BO_EINVAL);
	assert_null(got);
	assert_non_null(strstr(err.msg, "category"));
	assert_non_null(strstr(err.msg, msg));
}

static void tags_are(const char *text, const char *want)
{
	bo_err err = {0};
	char *got = (char *)"unset";

	assert_int_equal(bo_tags_parse(&got, text, &err), BO_OK);
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

static void tags_fail(const char *text, const char *msg)
{
	bo_err err = {0};
	char *got = NULL;

	assert_int_equal(bo_tags_parse(&got, text, &err), BO_EINVAL);
	assert_null(got);
	assert_non_null(strstr(err.msg, "tags"));
	assert_non_null(strstr(err.msg, msg));
}

static void a_category_is_written_with_spaced_slashes(void **state)
{
	(void)state;
	/* given paths typed in any spacing, when parsed, then canonical */
	category_is("Kitchen / Mugs", "Kitchen / Mugs");
	category_is("Kitchen/Mugs", "Kitchen / Mugs");
	category_is("  Kitchen  /Mugs /  Big ", "Kitchen / Mugs / Big");
	category_is("Office", "Office");
	category_is("Caf\xC3\xA9s / Th\xC3\xA9", "Caf\xC3\xA9s / Th\xC3\xA9");
	/* inner spaces of a level are kept, case too */
	category_is("Living Room / mugs", "Living Room / mugs");
}

static void an_empty_category_is_none(void **state)
{
	(void)state;
	category_is(NULL, NULL);
	category_is("", NULL);
	category_is("   ", NULL);
}

static void a_bad_category_is_refused_naming_it(void **state)
{
	char level[52], path[200];

	(void)state;
	/* too deep */
	category_fails("a/b/c/d", "1 to 3 levels");
	/* an empty level */
	category_fails("Kitchen //Mugs", "levels must not be empty");
	category_fails("/Mugs", "levels must not be empty");
	category_fails("Kitchen /", "levels must not be empty");
	/* a level of 51 characters */
	memset(level, 'x', 51);
	level[51] = '\0';
	snprintf(path, sizeof(path), "Kitchen / %s", level);
	category_fails(path, "1 to 50 characters");
	/* 50 are fine, and 50 two-byte characters too */
	level[50] = '\0';
	snprintf(path, sizeof(path), "Kitchen / %s", level);
	category_is(path, path);
	{
		char wide[101];

		for (int i = 0; i < 50; i++)
			memcpy(wide + 2 * i, "\xC3\xA9", 2);
		wide[100] = '\0';
		category_is(wide, wide);
	}
	category_fails("Kitchen\t/ Mugs", "control characters");
	category_fails("Kitchen / \x1b[2J", "control characters");
	category_fails("Kitchen / \xC3", "UTF-8");
}

static void a_category_is_under_its_ancestors_only(void **state)
{
	(void)state;
	assert_true(bo_category_under("Kitchen / Mugs", "Kitchen"));
	assert_true(bo_category_under("Kitchen / Mugs", "Kitchen / Mugs"));
	assert_true(bo_category_under("Kitchen / Mugs / Big", "Kitchen"));
	assert_false(bo_category_under("Kitchen2", "Kitchen"));
	assert_false(bo_category_under("Kitchen", "Kitchen / Mugs"));
	assert_false(bo_category_under("kitchen / Mugs", "Kitchen"));
	assert_false(bo_category_under(NULL, "Kitchen"));
	assert_int_equal(bo_category_depth("Kitchen / Mugs / Big"), 3);
	assert_int_equal(bo_category_depth("Kitchen"), 1);
	assert_int_equal(bo_category_depth(NULL), 0);
}

static void tags_are_lower_case_sorted_and_unique(void **state)
{
	(void)state;
	tags_are("sale;gift", "gift;sale");
	tags_are(" Sale ; GIFT;sale ", "gift;sale");
	tags_are("a.b_c-9", "a.b_c-9");
	tags_are("", NULL);
	tags_are("  ", NULL);
	tags_are(NULL, NULL);
}

static void bad_tags_are_refused_naming_them(void **state)
{
	char many[20 * 4 + 8] = "", one[40];

	(void)state;
	tags_fail("a b", "1 to 32 characters");
	tags_fail("gift;;sale", "1 to 32 characters");
	tags_fail("gift;", "1 to 32 characters");
	tags_fail("caf\xC3\xA9", "1 to 32 characters");
	memset(one, 'x', 33);
	one[33] = '\0';
	tags_fail(one, "1 to 32 characters");
	one[32] = '\0';
	tags_are(one, one);
	/* 21 different tags: too many; 21 with a duplicate: 20, fine */
	for (int i = 0; i < 21; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "%st%02d", i ? ";" : "", i);
	tags_fail(many, "at most 20");
	many[strlen(many) - 2] = '0';
	many[strlen(many) - 1] = '0';
	{
		bo_err err = {0};
		char *got = NULL;

		assert_int_equal(bo_tags_parse(&got, many, &err), BO_OK);
		assert_non_null(got);
		assert_int_equal(strlen(got), 20 * 4 - 1);
		free(got);
	}
}

static void a_tag_list_is_edited_by_adding_and_removing(void **state)
{
	bo_err err = {0};
	char *got = NULL;

	(void)state;
	/* given gift;sale, when NEW is added and sale taken away */
	assert_int_equal(bo_tags_edit(&got, "gift;sale", "NEW", "Sale", &err),
			 BO_OK);
	/* then the list is canonical again */
	assert_string_equal(got, "gift;new");
	free(got);
	/* removing the last one leaves none */
	assert_int_equal(bo_tags_edit(&got, "gift", NULL, "gift", &err),
			 BO_OK);
	assert_null(got);
	/* removing one it does not have is fine */
	assert_int_equal(bo_tags_edit(&got, "gift", NULL, "other", &err),
			 BO_OK);
	assert_string_equal(got, "gift");
	free(got);
	assert_int_equal(bo_tags_edit(&got, "gift", "bad tag", NULL, &err),
			 BO_EINVAL);
	assert_true(bo_tags_has("gift;sale", "SALE"));
	assert_false(bo_tags_has("gift;sale", "sal"));
	assert_false(bo_tags_has(NULL, "sale"));
}

static void a_product_keeps_only_canonical_categories_and_tags(void **state)
{
	bo_product p = {0}, copy;
	bo_err err = {0};

	(void)state;
	p.sku = strdup("MUG-1");
	p.name = strdup("Mug");
	p.description = strdup("");
	p.stock = BO_STOCK_UNTRACKED;
	assert_int_equal(bo_product_validate(&p, &err), BO_OK);
	/* given an edit with category and tags, when applied */
	bo_product_edit e = {.category = "Kitchen/Mugs", .tags = "Sale;gift"};
	assert_int_equal(bo_product_apply_edit(&p, &e, &eur, &err), BO_OK);
	/* then they are stored canonical, and a copy carries them */
	assert_string_equal(p.category, "Kitchen / Mugs");
	assert_string_equal(p.tags, "gift;sale");
	assert_int_equal(bo_product_copy(&copy, &p), BO_OK);
	assert_string_equal(copy.category, "Kitchen / Mugs");
	assert_string_equal(copy.tags, "gift;sale");
	bo_product_clear(&copy);
	/* "" clears both; add/remove apply after tags */
	bo_product_edit clear = {.category = "", .tags = "", .add_tags = "x"};
	assert_int_equal(bo_product_apply_edit(&p, &clear, &eur, &err), BO_OK);
	assert_null(p.category);
	assert_string_equal(p.tags, "x");
	/* a bad edit changes nothing and names the field */
	bo_product_edit bad = {.name = "Cup", .category = "a/b/c/d"};
	assert_int_equal(bo_product_apply_edit(&p, &bad, &eur, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "category"));
	assert_string_equal(p.name, "Mug");
	bo_product_edit bad_tags = {.remove_tags = "x", .add_tags = "a;;b"};
	assert_int_equal(bo_product_apply_edit(&p, &bad_tags, &eur, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "tags"));
	assert_string_equal(p.tags, "x");
	/* a snapshot with a non-canonical value is not a valid product */
	free(p.category);
	p.category = strdup("Kitchen/Mugs");
	assert_int_equal(bo_product_validate(&p, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "category"));
	free(p.category);
	p.category = NULL;
	free(p.tags);
	p.tags = strdup("b;a");
	assert_int_equal(bo_product_validate(&p, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "tags"));
	bo_product_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_category_is_written_with_spaced_slashes),
	    cmocka_unit_test(an_empty_category_is_none),
	    cmocka_unit_test(a_bad_category_is_refused_naming_it),
	    cmocka_unit_test(a_category_is_under_its_ancestors_only),
	    cmocka_unit_test(tags_are_lower_case_sorted_and_unique),
	    cmocka_unit_test(bad_tags_are_refused_naming_them),
	    cmocka_unit_test(a_tag_list_is_edited_by_adding_and_removing),
	    cmocka_unit_test(a_product_keeps_only_canonical_categories_and_tags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
