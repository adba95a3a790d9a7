/* The Products screen's filter: the F prompt's text parsed and written back,
 * the rows it shows, the status bar, marks under it; category and tags in
 * the product form. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>
#include <unistd.h>

#include "tui/product_filter.h"
#include "tui/products.h"

static const bo_currency eur = {"EUR", 2};

static void add(fx *f, const char *sku, const char *name, const char *price,
		const char *stock, const char *category, const char *tags)
{
	bo_product_edit e = {.sku = sku,
			     .name = name,
			     .price = price,
			     .stock = stock,
			     .category = category,
			     .tags = tags};
	bo_err err;

	FX_OK(bo_app_product_add(&f->other, &e, NULL, &err), &err);
}

static int setup(void **state)
{
	fx *f;
	bo_err err;

	if (fx_setup_rows(state, 24, 100) < 0)
		return -1;
	f = *state;
	add(f, "MUG-1", "Coffee mug", "12.50", "40", "Kitchen / Mugs",
	    "gift;sale");
	add(f, "MUG-2", "Travel mug", "20.50", "3", "Kitchen / Mugs", "gift");
	add(f, "BOWL-7", "Soup bowl", "9", NULL, "Kitchen / Bowls", "sale");
	add(f, "LAMP-1", "Desk lamp", "45", "0", "Office", NULL);
	add(f, "OLD-1", "Old mug", "5", "10", "Kitchen / Mugs", "gift");
	FX_OK(bo_app_product_retire(&f->other, "OLD-1", NULL, &err), &err);
	fx_open_as(f, "alice");
	return 0;
}

static bo_product get(fx *f, const char *sku)
{
	bo_product p = {0};
	bo_err err;

	FX_OK(bo_app_product_get(&f->other, sku, &p, &err), &err);
	return p;
}

/* ---- the text ------------------------------------------------------------------ */

static void every_key_parses_and_writes_back(void **state)
{
	bo_product_filter flt = {0};
	char buf[200], *text;
	bo_err err;

	(void)state;
	bo_err_clear(&err);
	assert_int_equal(bo_product_filter_parse(
			     &flt,
			     "  status=retired category=\"kitchen/ Mugs\" "
			     "tag=Gift tag=sale tag=gift stock=low "
			     "min=5 max=20.5 ",
			     &eur, &err),
			 0);
	assert_int_equal(flt.status, BO_FILTER_RETIRED);
	assert_string_equal(flt.category, "kitchen / Mugs");
	assert_int_equal(flt.ntags, 2); /* gift once, lower-cased */
	assert_string_equal(flt.tags[0], "gift");
	assert_string_equal(flt.tags[1], "sale");
	assert_int_equal(flt.stock, BO_STOCK_FILTER_LOW);
	assert_true(flt.price_min.set);
	assert_int_equal(flt.price_min.value, 500);
	assert_true(flt.price_max.set);
	assert_int_equal(flt.price_max.value, 2050);
	text = bo_product_filter_format(&flt, &eur);
	assert_string_equal(text, "status=retired category=\"kitchen / Mugs\" "
				  "tag=gift tag=sale stock=low min=5.00 "
				  "max=20.50");
	assert_string_equal(
	    bo_product_filter_describe(&flt, &eur, buf, sizeof(buf)),
	    "retired, category kitchen / Mugs, tag gift, tag sale, stock "
	    "low, price 5.00-20.50");
	bo_product_filter_clear(&flt);
	/* what it writes, it reads back the same */
	assert_int_equal(bo_product_filter_parse(&flt, text, &eur, &err), 0);
	free(text);
	text = bo_product_filter_format(&flt, &eur);
	assert_string_equal(text, "status=retired category=\"kitchen / Mugs\" "
				  "tag=gift tag=sale stock=low min=5.00 "
				  "max=20.50");
	free(text);
	bo_product_filter_clear(&flt);

	assert_int_equal(bo_product_filter_parse(&flt,
						 "stock=out status=all "
						 "category=Office max=3",
						 &eur, &err),
			 0);
	assert_int_equal(flt.status, BO_FILTER_ALL);
	assert_int_equal(flt.stock, BO_STOCK_FILTER_OUT);
	assert_false(flt.price_min.set);
	assert_string_equal(
	    bo_product_filter_describe(&flt, &eur, buf, sizeof(buf)),
	    "all, category Office, stock out, price up to 3.00");
	text = bo_product_filter_format(&flt, &eur);
	assert_string_equal(text, "status=all category=Office stock=out "
				  "max=3.00");
	free(text);
	bo_product_filter_clear(&flt);
	assert_int_equal(
	    bo_product_filter_parse(&flt, "stock=untracked min=1", &eur, &err),
	    0);
	assert_string_equal(
	    bo_product_filter_describe(&flt, &eur, buf, sizeof(buf)),
	    "active, stock untracked, price from 1.00");
	bo_product_filter_clear(&flt);
}

static void quotes_keep_spaces_and_escapes(void **state)
{
	bo_product_filter flt = {0};
	char *text;
	bo_err err;

	(void)state;
	bo_err_clear(&err);
	assert_int_equal(
	    bo_product_filter_parse(
		&flt, "category=\"Say \\\"hi\\\" \\\\ there\"", &eur, &err),
	    0);
	assert_string_equal(flt.category, "Say \"hi\" \\ there");
	text = bo_product_filter_format(&flt, &eur);
	assert_string_equal(text, "category=\"Say \\\"hi\\\" \\\\ there\"");
	free(text);
	bo_product_filter_clear(&flt);
}

static void empty_text_is_the_default_filter(void **state)
{
	bo_product_filter flt = {0};
	char buf[100], *text;
	bo_err err;

	(void)state;
	bo_err_clear(&err);
	assert_int_equal(bo_product_filter_parse(&flt, "   ", &eur, &err), 0);
	assert_true(bo_product_filter_is_default(&flt));
	assert_int_equal(bo_product_filter_parse(&flt, "", &eur, &err), 0);
	assert_true(bo_product_filter_is_default(&flt));
	text = bo_product_filter_format(&flt, &eur);
	assert_string_equal(text, "");
	free(text);
	assert_string_equal(
	    bo_product_filter_describe(&flt, &eur, buf, sizeof(buf)), "active");
	assert_int_equal(bo_product_filter_parse(&flt, "tag=x", &eur, &err), 0);
	assert_false(bo_product_filter_is_default(&flt));
	bo_product_filter_clear(&flt);
	assert_true(bo_product_filter_is_default(&flt));
}

static void bad_text_is_refused_naming_the_key(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"status=gone", "status must be active, retired or all"},
	    {"status=all status=active", "status is given twice"},
	    {"category=\"\"", "category must name a category"},
	    {"category=a/b/c/d", "category must have 1 to 3 levels"},
	    {"category=\"Kitchen", "category: the quote is not closed"},
	    {"category=\"A\"B", "category: put a space after the closing"},
	    {"tag=bad!", "tag"},
	    {"stock=some", "stock must be out, low or untracked"},
	    {"min=-1", "min"},
	    {"max=abc", "max"},
	    {"min=1.005", "min"},
	    {"min=9 max=1", "min must not be above max"},
	    {"min=1 min=2", "min is given twice"},
	    {"colour=red", "unknown filter key \"colour\""},
	    {"=red", "unknown filter key \"\""},
	    {"mugs", "\"mugs\": a filter is key=value words"},
	};
	bo_product_filter flt = {0}, before = {0};
	char tags[400] = "";
	bo_err err;

	(void)state;
	/* a refused text leaves the filter there was */
	assert_int_equal(bo_product_filter_parse(&flt, "tag=kept", &eur, &err),
			 0);
	before = flt;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bo_err_clear(&err);
		if (bo_product_filter_parse(&flt, cases[i].text, &eur, &err) !=
		    BO_EINVAL) {
			print_error("\"%s\" was not refused\n", cases[i].text);
			fail();
		}
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0) {
			print_error("\"%s\": got \"%s\", want \"%s...\"\n",
				    cases[i].text, err.msg, cases[i].msg);
			fail();
		}
		assert_ptr_equal(flt.tags, before.tags);
		assert_int_equal(flt.ntags, 1);
	}
	for (int i = 0; i <= BO_TAGS_MAX; i++)
		snprintf(tags + strlen(tags), sizeof(tags) - strlen(tags),
			 "tag=t%d ", i);
	assert_int_equal(bo_product_filter_parse(&flt, tags, &eur, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "tag is given more than 20 times");
	bo_product_filter_clear(&flt);
}

/* ---- the screen ------------------------------------------------------------------ */

static void list_shows_the_category_column(void **state)
{
	fx *f = *state;

	SCREEN_IS(f, "product_filter_list");
	SCREEN_HAS(f, "CATEGORY");
	SCREEN_HAS(f, "Kitchen / Bowls");
	/* a narrow terminal drops it first */
	fx_resize(f, 24, 60);
	SCREEN_LACKS(f, "CATEGORY");
	SCREEN_HAS(f, "STOCK");
}

static void f_opens_the_prompt_and_the_rows_narrow(void **state)
{
	fx *f = *state;

	fx_key(f, 'F');
	SCREEN_HAS(f, "filter (status category tag stock min max):");
	fx_type(f, "category=\"Kitchen / Mugs\" tag=gift");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "product_filter_narrowed");
	fx_resize(f, 24, 140); /* room for the whole status bar */
	SCREEN_HAS(f, "MUG-1");
	SCREEN_HAS(f, "MUG-2");
	SCREEN_LACKS(f, "BOWL-7");
	SCREEN_LACKS(f, "LAMP-1");
	SCREEN_LACKS(f, "OLD-1"); /* retired */
	SCREEN_HAS(f, "filter: active, category Kitchen / Mugs, tag gift, "
		      "sort: sku, row 1 of 2");
	/* F again: the filter as text, to edit */
	fx_key(f, 'F');
	SCREEN_HAS(f, "category=\"Kitchen / Mugs\" tag=gift");
	fx_type(f, " stock=low");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "MUG-2");
	SCREEN_LACKS(f, "MUG-1 ");
	SCREEN_HAS(f, "stock low, sort: sku, row 1 of 1");
	/* prices, inclusive */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "min=12.50 max=45");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "LAMP-1");
	SCREEN_HAS(f, "MUG-1");
	SCREEN_HAS(f, "MUG-2");
	SCREEN_LACKS(f, "BOWL-7");
	SCREEN_HAS(f, "filter: active, price 12.50-45.00, sort");
	/* stock out */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "stock=out");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "LAMP-1");
	SCREEN_HAS(f, "row 1 of 1");
	/* an empty line clears every filter */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "filter: active, sort: sku, row 1 of 4");
}

static void a_bad_filter_keeps_the_prompt_open(void **state)
{
	fx *f = *state;

	fx_key(f, 'F');
	fx_type(f, "stock=lots");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "stock must be out, low or untracked");
	SCREEN_HAS(f, "filter (status category tag stock min max): stock=lots");
	/* mended: taken */
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_BACKSPACE);
	fx_type(f, "out");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "stock out, sort: sku, row 1 of 1");
	/* Esc leaves the filter as it was */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "category=\"\"");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "category must name a category");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "stock out, sort: sku, row 1 of 1");
	/* nothing matches: said so */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "tag=nothing");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "no product matches the filter (active, tag nothing)");
	fx_key(f, 'j');
	SCREEN_HAS(f, "no product matches the filter: F changes it");
}

static void f_and_status_agree(void **state)
{
	fx *f = *state;

	fx_key(f, 'F');
	fx_type(f, "status=retired tag=gift");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "OLD-1");
	SCREEN_LACKS(f, "MUG-1");
	SCREEN_HAS(f, "filter: retired, tag gift, sort");
	fx_key(f, 'f'); /* retired -> all, the tag kept */
	SCREEN_HAS(f, "filter: all, tag gift, sort");
	SCREEN_HAS(f, "OLD-1");
	SCREEN_HAS(f, "MUG-1");
	SCREEN_HAS(f, "MUG-2");
	SCREEN_LACKS(f, "BOWL-7");
	fx_key(f, 'F');
	SCREEN_HAS(f, "status=all tag=gift");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, 'f'); /* all -> active */
	SCREEN_HAS(f, "filter: active, tag gift, sort");
	SCREEN_LACKS(f, "OLD-1");
	fx_key(f, 'F');
	SCREEN_LACKS(f, "status=");
	SCREEN_HAS(f, "): tag=gift");
}

static void star_marks_only_what_the_filter_shows(void **state)
{
	fx *f = *state;

	fx_key(f, 'F');
	fx_type(f, "tag=sale");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, '*');
	SCREEN_HAS(f, "marked the 2 products shown; 2 marked in all");
	SCREEN_HAS(f, "2 marked, filter: active, tag sale, sort");
	SCREEN_HAS(f, "*BOWL-7");
	SCREEN_HAS(f, "*MUG-1");
	/* the whole list: only those two are marked */
	fx_key(f, 'F');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "*BOWL-7");
	SCREEN_HAS(f, "*MUG-1");
	SCREEN_LACKS(f, "*MUG-2");
	SCREEN_LACKS(f, "*LAMP-1");
	SCREEN_HAS(f, "2 marked, filter: active, sort");
	/* Space still marks under a filter */
	fx_key(f, 'F');
	fx_type(f, "category=Office");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, ' ');
	SCREEN_HAS(f, "*LAMP-1");
	SCREEN_HAS(f, "3 marked, filter: active, category Office");
	/* and `*` unmarks only what it shows */
	fx_key(f, '*');
	SCREEN_HAS(f, "unmarked the 1 product shown; 2 marked in all");
}

static void categories_command_picks_a_category(void **state)
{
	fx *f = *state;

	fx_resize(f, 24, 140);
	fx_key(f, ':');
	fx_type(f, "categories");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "product_filter_categories");
	SCREEN_HAS(f, "(all categories)");
	SCREEN_HAS(f, "4 categories, row 1 of 5");
	/* the tree: Kitchen (3 active products), Bowls, Mugs, then Office */
	assert_true(fx_row_of(f, "Kitchen") < fx_row_of(f, "  Bowls"));
	assert_true(fx_row_of(f, "  Bowls") < fx_row_of(f, "  Mugs"));
	assert_true(fx_row_of(f, "  Mugs") < fx_row_of(f, "Office"));
	fx_key(f, 'j');
	fx_key(f, 'j');
	fx_key(f, 'j');
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "filter: active, category Kitchen / Mugs, sort: sku, "
		      "row 1 of 2");
	SCREEN_LACKS(f, "BOWL-7");
	/* F shows it as text */
	fx_key(f, 'F');
	SCREEN_HAS(f, "): category=\"Kitchen / Mugs\"");
	fx_key(f, BO_KEY_ESC);
	/* a parent takes what lies under it; Esc changes nothing */
	fx_key(f, ':');
	fx_type(f, "cat");
	fx_key(f, BO_KEY_ENTER);
	assert_true(fx_selected(f, "  Mugs")); /* opens on the current one */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "category Kitchen / Mugs, sort: sku, row 1 of 2");
	fx_key(f, ':');
	fx_type(f, "cat");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "category Kitchen, sort: sku, row 1 of 3");
	/* the first row clears the category */
	fx_key(f, ':');
	fx_type(f, "cat");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, 'g');
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "filter: active, sort: sku, row 1 of 4");
	/* only over the Products list */
	fx_key(f, '2');
	fx_key(f, ':');
	fx_type(f, "categories");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, ":categories works on the Products screen");
}

/* :export writes what the filter shows, no more. */
static void export_follows_the_filter(void **state)
{
	fx *f = *state;
	char dir[] = "/tmp/bo-filter-XXXXXX", path[128], cmd[160];
	char got[1024] = "";
	FILE *in;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/products.csv", dir);
	snprintf(cmd, sizeof(cmd), "export %s", path);
	fx_key(f, 'F');
	fx_type(f, "status=all tag=gift max=20");
	fx_key(f, BO_KEY_ENTER);
	fx_key(f, ':');
	fx_type(f, cmd);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "exported 2 rows to ");
	in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(got, 1, sizeof(got) - 1, in);
	got[n] = '\0';
	fclose(in);
	assert_string_equal(
	    got, "sku,name,description,price,currency,tax_rate,stock,status\r\n"
		 "MUG-1,Coffee mug,,12.50,EUR,0,40,active\r\n"
		 "OLD-1,Old mug,,5.00,EUR,0,10,retired\r\n");
	unlink(path);
	rmdir(dir);
}

/* ---- the form ------------------------------------------------------------------ */

static void the_form_shows_and_saves_category_and_tags(void **state)
{
	fx *f = *state;
	bo_product p;
	int i;

	fx_key(f, 'j'); /* LAMP-1 */
	fx_key(f, 'j'); /* MUG-1 */
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "product_filter_form");
	SCREEN_HAS(f, "Category       Kitchen / Mugs");
	SCREEN_HAS(f, "Tags           gift;sale");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, 'e');
	for (i = 0; i < 7; i++) /* down to the category */
		fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "kitchen/cups");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "New ; gift");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved MUG-1");
	p = get(f, "MUG-1");
	assert_string_equal(p.category, "kitchen / cups");
	assert_string_equal(p.tags, "gift;new");
	bo_product_clear(&p);
	SCREEN_HAS(f, "kitchen / cups");
	/* emptied: none */
	fx_key(f, 'e');
	for (i = 0; i < 7; i++)
		fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "saved MUG-1");
	p = get(f, "MUG-1");
	assert_null(p.category);
	assert_null(p.tags);
	bo_product_clear(&p);
}

static void a_bad_category_or_tag_is_shown_inline(void **state)
{
	fx *f = *state;
	bo_product p;
	int i;

	fx_key(f, 'j');
	fx_key(f, 'j');
	fx_key(f, 'e'); /* MUG-1 */
	for (i = 0; i < 7; i++)
		fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "a/b/c/d");
	fx_key(f, BO_KEY_TAB);
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "ok;not ok!");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_IS(f, "product_filter_form_errors");
	SCREEN_HAS(f, "not saved: 2 fields to fix: Category, Tags");
	assert_int_equal(fx_row_of(f, "Category "),
			 fx_row_of(f, "category must have 1 to 3 levels"));
	assert_int_equal(fx_row_of(f, "Tags "), fx_row_of(f, "tags "));
	p = get(f, "MUG-1");
	assert_string_equal(p.category, "Kitchen / Mugs");
	assert_string_equal(p.tags, "gift;sale");
	assert_int_equal(p.row_version, 1);
	bo_product_clear(&p);
	/* the first bad field has the focus; emptied, the tags are left */
	fx_key(f, BO_KEY_CTRL('U'));
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "not saved: tags must be 1 to 32 characters");
	SCREEN_LACKS(f, "category must");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_key_parses_and_writes_back),
	    cmocka_unit_test(quotes_keep_spaces_and_escapes),
	    cmocka_unit_test(empty_text_is_the_default_filter),
	    cmocka_unit_test(bad_text_is_refused_naming_the_key),
	    T(list_shows_the_category_column),
	    T(f_opens_the_prompt_and_the_rows_narrow),
	    T(a_bad_filter_keeps_the_prompt_open),
	    T(f_and_status_agree),
	    T(star_marks_only_what_the_filter_shows),
	    T(categories_command_picks_a_category),
	    T(export_follows_the_filter),
	    T(the_form_shows_and_saves_category_and_tags),
	    T(a_bad_category_or_tag_is_shown_inline),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
