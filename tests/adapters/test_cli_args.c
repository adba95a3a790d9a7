/* Tests of the command line's parsing helpers and output writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli.h"
#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"

#define ARGV(...) ((char *[]){"backoffice", __VA_ARGS__, NULL})
#define ARGC(...) ((int)(sizeof(ARGV(__VA_ARGS__)) / sizeof(char *)) - 1)
#define PARSE(a, err, ...)                                                     \
	bo_cli_parse(a, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), err)

static void global_options_are_taken_anywhere_before_dashdash(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "--db", "x.db", "show",
			       "--user=bob", "MUG", "--format", "json"),
			 0);
	assert_string_equal(bo_cli_command_name(&a), "product show");
	assert_string_equal(a.db, "x.db");
	assert_string_equal(a.user, "bob");
	assert_int_equal(a.fmt, BO_FORMAT_JSON);
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "MUG");
	bo_cli_args_free(&a);
}

static void words_after_dashdash_are_arguments(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "show", "--", "--db"), 0);
	assert_null(a.db);
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "--db");
	bo_cli_args_free(&a);
}

static void option_values_may_follow_an_equals_sign(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "order", "place", "--customer=a@b.co",
			       "--line=MUG:2", "--line", "TEE:1"),
			 0);
	assert_string_equal(bo_cli_option(&a, "--customer"), "a@b.co");
	assert_int_equal(a.nopts, 3);
	assert_string_equal(a.opts[1].name, "--line");
	assert_string_equal(a.opts[1].value, "MUG:2");
	assert_string_equal(a.opts[2].value, "TEE:1");
	bo_cli_args_free(&a);
}

static void a_value_is_taken_even_when_it_looks_like_an_option(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(
	    PARSE(&a, &err, "order", "note", "7", "--text", "--db"), 0);
	assert_string_equal(bo_cli_option(&a, "--text"), "--db");
	assert_null(a.db);
	bo_cli_args_free(&a);
}

static void unknown_option_names_it_and_the_command(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "list", "--colour", "red"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown option --colour for product "
					"list"));
	assert_non_null(strstr(err.msg, "backoffice product list --help"));
	bo_cli_args_free(&a);
}

static void option_of_another_command_is_refused(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "list", "--amount", "3"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--amount"));
	bo_cli_args_free(&a);
}

static void missing_value_is_a_usage_error(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "list", "--limit"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "option --limit needs a value"));
	bo_cli_args_free(&a);
}

static void flag_with_a_value_is_a_usage_error(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "list", "--all=1"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--all takes no value"));
	bo_cli_args_free(&a);
}

static void repeated_option_is_refused_but_line_repeats(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "order", "pay", "1", "--amount", "1",
			       "--amount", "2"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--amount is given twice"));
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "--user", "a", "--user", "b"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--user is given twice"));
	bo_cli_args_free(&a);
}

static void missing_required_option_is_named(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(
	    PARSE(&a, &err, "order", "refund", "3", "--amount", "1"),
	    BO_EUSAGE);
	assert_non_null(strstr(err.msg, "order refund needs --reason"));
	bo_cli_args_free(&a);
}

static void missing_and_stray_arguments_are_usage_errors(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "order", "show"), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "order show needs ID"));
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "order", "show", "1", "2"), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "unexpected argument '2'"));
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "user", "list", "x"), BO_EUSAGE);
	bo_cli_args_free(&a);
}

static void unknown_commands_and_bare_groups_are_usage_errors(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "prodcut", "list"), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown command 'prodcut'"));
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "order", "teleport"), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown command 'order teleport'"));
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "events"), BO_EUSAGE);
	assert_non_null(strstr(err.msg, "events needs a command"));
	bo_cli_args_free(&a);
}

static void help_wins_over_anything_but_the_command_words(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "product", "add", "--bogus", "-h"), 0);
	assert_true(a.help);
	assert_string_equal(bo_cli_command_name(&a), "product add");
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "help", "order"), 0);
	assert_true(a.help);
	assert_null(a.cmd);
	assert_string_equal(a.group, "order");
	bo_cli_args_free(&a);
	assert_int_equal(PARSE(&a, &err, "nope", "--help"), BO_EUSAGE);
	bo_cli_args_free(&a);
}

static void no_command_is_the_top_level(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(
	    bo_cli_parse(&a, 1, ARGV("x") /* argv[1] unused */, &err), 0);
	assert_null(a.cmd);
	assert_null(a.group);
	assert_null(bo_cli_command_name(&a));
	bo_cli_args_free(&a);
}

static void unknown_format_is_a_usage_error(void **state)
{
	bo_cli_args a;
	bo_err err;

	(void)state;
	assert_int_equal(PARSE(&a, &err, "--format", "yaml", "user", "list"),
			 BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--format must be table, json or csv"));
	bo_cli_args_free(&a);
}

static void count_accepts_whole_numbers_above_zero(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(bo_cli_parse_count(&v, "1", "order id", NULL), 0);
	assert_int_equal(v, 1);
	assert_int_equal(
	    bo_cli_parse_count(&v, "9223372036854775807", "x", NULL), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(bo_cli_parse_count(&v, "007", "x", NULL), 0);
	assert_int_equal(v, 7);
}

static void count_refuses_signs_zero_spaces_and_overflow(void **state)
{
	const char *bad[] = {"",
			     "0",
			     "-1",
			     "+1",
			     " 1",
			     "1 ",
			     "1.0",
			     "1e3",
			     "0x10",
			     "abc",
			     "9223372036854775808"};
	bo_err err;
	int64_t v = 42;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(
		    bo_cli_parse_count(&v, bad[i], "order id", &err),
		    BO_EINVAL);
		assert_string_equal(err.msg,
				    "order id must be a whole number above 0");
	}
	assert_int_equal(v, 42);
}

static void line_splits_sku_and_quantity(void **state)
{
	char *sku = NULL;
	int64_t qty = 0;

	(void)state;
	assert_int_equal(bo_cli_parse_line(&sku, &qty, "MUG-1:12", 1, NULL), 0);
	assert_string_equal(sku, "MUG-1");
	assert_int_equal(qty, 12);
	free(sku);
}

static void bad_lines_name_their_position(void **state)
{
	const char *bad[] = {"MUG", "MUG:", ":3", "MUG:0", "MUG:x", "MUG:-2"};
	char *sku = NULL;
	int64_t qty;
	bo_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(bo_cli_parse_line(&sku, &qty, bad[i], 4, &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "--line 4"));
		assert_null(sku);
	}
}

/* Captures what a writer prints. */
typedef struct capture {
	char *buf;
	size_t len;
	FILE *f;
} capture;

static void capture_open(capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static char *capture_close(capture *c)
{
	fclose(c->f);
	return c->buf;
}

static const bo_currency eur = {"EUR", 2};

static const bo_column cols[] = {
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"price", "PRICE", BO_COL_ALL | BO_COL_RIGHT},
    {"stock", "STOCK", BO_COL_DATA},
};

static void write_rows(bo_format fmt, bool record, capture *c, const char *name)
{
	bo_cell row1[] = {bo_cell_str("A"), bo_cell_str(name),
			  bo_cell_money(1250, &eur), bo_cell_int(3)};
	bo_cell row2[] = {bo_cell_str("BB"), bo_cell_str(NULL),
			  bo_cell_money(5, &eur), bo_cell_null()};
	bo_out o;
	bo_err err;

	capture_open(c);
	bo_out_init(&o, c->f, fmt, cols, 4, record);
	assert_int_equal(bo_out_row(&o, row1, &err), 0);
	if (!record)
		assert_int_equal(bo_out_row(&o, row2, &err), 0);
	assert_int_equal(bo_out_end(&o, &err), 0);
}

static void table_aligns_by_display_width_and_sanitises(void **state)
{
	capture c;
	char *out;

	(void)state;
	write_rows(BO_FORMAT_TABLE, false, &c, "\xe6\x97\xa5\x1b[2J");
	out = capture_close(&c);
	/* the wide character takes two columns; the escape is shown */
	assert_string_equal(out, "SKU  NAME     PRICE\n"
				 "A    \xe6\x97\xa5\\e[2J  12.50\n"
				 "BB   -         0.05\n");
	free(out);
}

static void record_table_is_key_value_lines(void **state)
{
	capture c;
	char *out;

	(void)state;
	write_rows(BO_FORMAT_TABLE, true, &c, "Mug");
	out = capture_close(&c);
	assert_string_equal(out, "sku    A\n"
				 "name   Mug\n"
				 "price  12.50\n");
	free(out);
}

static void csv_quotes_fields_and_ends_lines_with_crlf(void **state)
{
	capture c;
	char *out;

	(void)state;
	write_rows(BO_FORMAT_CSV, false, &c, "Mug, \"big\"");
	out = capture_close(&c);
	assert_string_equal(out, "sku,name,price,stock\r\n"
				 "A,\"Mug, \"\"big\"\"\",12.50,3\r\n"
				 "BB,,0.05,\r\n");
	free(out);
}

static void csv_with_no_rows_still_has_its_header(void **state)
{
	capture c;
	bo_out o;
	bo_err err;
	char *out;

	(void)state;
	capture_open(&c);
	bo_out_init(&o, c.f, BO_FORMAT_CSV, cols, 4, false);
	assert_int_equal(bo_out_end(&o, &err), 0);
	out = capture_close(&c);
	assert_string_equal(out, "sku,name,price,stock\r\n");
	free(out);
}

static void close_writes_only_when_every_row_went_well(void **state)
{
	bo_cell row[] = {bo_cell_str("A"), bo_cell_str("Mug"),
			 bo_cell_money(1250, &eur), bo_cell_int(3)};
	bo_err err, row_err;
	capture c;
	bo_out o;
	char *out;

	(void)state;
	capture_open(&c);
	bo_out_init(&o, c.f, BO_FORMAT_TABLE, cols, 4, false);
	assert_int_equal(bo_out_row(&o, row, &err), 0);
	assert_int_equal(bo_out_close(&o, 0, 0, NULL, &err), 0);
	/* a failure of the caller's or of a row callback drops the rows */
	bo_out_init(&o, c.f, BO_FORMAT_TABLE, cols, 4, false);
	assert_int_equal(bo_out_row(&o, row, &err), 0);
	bo_err_set(&err, BO_ENOTFOUND, "order 7 does not exist");
	assert_int_equal(bo_out_close(&o, BO_ENOTFOUND, 0, NULL, &err),
			 BO_ENOTFOUND);
	assert_string_equal(err.msg, "order 7 does not exist");
	bo_out_init(&o, c.f, BO_FORMAT_TABLE, cols, 4, false);
	assert_int_equal(bo_out_row(&o, row, &err), 0);
	bo_err_clear(&err);
	bo_err_set(&row_err, BO_ENOMEM, "out of memory");
	assert_int_equal(bo_out_close(&o, 1, BO_ENOMEM, &row_err, &err),
			 BO_ENOMEM);
	assert_string_equal(err.msg, "out of memory");
	out = capture_close(&c);
	/* a table is held back until the end: only the first one shows */
	assert_string_equal(out, "SKU  NAME  PRICE\n"
				 "A    Mug   12.50\n");
	free(out);
}

static void json_list_is_an_array_with_nulls_and_money_strings(void **state)
{
	capture c;
	char *out;

	(void)state;
	write_rows(BO_FORMAT_JSON, false, &c, "M\x1b");
	out = capture_close(&c);
	assert_string_equal(
	    out, "[\n"
		 "{\"sku\":\"A\",\"name\":\"M\\u001b\",\"price\":\"12.50\","
		 "\"stock\":3},\n"
		 "{\"sku\":\"BB\",\"name\":null,\"price\":\"0.05\","
		 "\"stock\":null}\n"
		 "]\n");
	free(out);
}

static void json_empty_list_is_an_empty_array(void **state)
{
	capture c;
	bo_out o;
	bo_err err;
	char *out;

	(void)state;
	capture_open(&c);
	bo_out_init(&o, c.f, BO_FORMAT_JSON, cols, 4, false);
	assert_int_equal(bo_out_end(&o, &err), 0);
	out = capture_close(&c);
	assert_string_equal(out, "[]\n");
	free(out);
}

static int64_t plus_two_hours(void *self, int64_t ms)
{
	(void)self;
	(void)ms;
	return INT64_C(7200000);
}

static void abbrev_cest(void *self, int64_t ms, char *buf, size_t size)
{
	(void)self;
	(void)ms;
	snprintf(buf, size, "CEST");
}

static void table_times_are_local_to_the_zone_data_stays_utc(void **state)
{
	bo_zone z = {plus_two_hours, abbrev_cest, NULL, "Europe/Berlin"};
	bo_cell t = bo_cell_time(1795673502123LL);
	bool nomem;
	char *text;

	(void)state;
	bo_out_set_zone(&z);
	text = bo_cell_text(&t, true, &nomem);
	assert_string_equal(text, "2026-11-26 08:11:42 CEST");
	free(text);
	text = bo_cell_text(&t, false, &nomem);
	assert_string_equal(text, "2026-11-26T06:11:42.123Z");
	free(text);
	bo_out_set_zone(NULL);
	text = bo_cell_text(&t, true, &nomem);
	assert_string_equal(text, "2026-11-26 06:11:42 UTC");
	free(text);
}

static void times_are_utc_in_each_format_without_a_zone(void **state)
{
	bo_cell t = bo_cell_time(1795673502123LL);
	bool nomem;
	char *text;

	(void)state;
	text = bo_cell_text(&t, true, &nomem);
	/* tables show the tenant's local time with its zone (none set: UTC) */
	assert_string_equal(text, "2026-11-26 06:11:42 UTC");
	free(text);
	text = bo_cell_text(&t, false, &nomem);
	assert_string_equal(text, "2026-11-26T06:11:42.123Z");
	free(text);
	t = bo_cell_time(0);
	assert_null(bo_cell_text(&t, true, &nomem));
	assert_false(nomem);
}

static void large_ids_keep_every_digit_in_json(void **state)
{
	static const bo_column idcol[] = {{"id", "ID", BO_COL_ALL}};
	bo_cell cell = bo_cell_int(9007199254740993LL);
	cJSON *obj = bo_out_json_object(idcol, 1, &cell);
	char *text;

	(void)state;
	assert_non_null(obj);
	text = cJSON_PrintUnformatted(obj);
	assert_string_equal(text, "{\"id\":9007199254740993}");
	free(text);
	cJSON_Delete(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(global_options_are_taken_anywhere_before_dashdash),
	    cmocka_unit_test(words_after_dashdash_are_arguments),
	    cmocka_unit_test(option_values_may_follow_an_equals_sign),
	    cmocka_unit_test(
		a_value_is_taken_even_when_it_looks_like_an_option),
	    cmocka_unit_test(unknown_option_names_it_and_the_command),
	    cmocka_unit_test(option_of_another_command_is_refused),
	    cmocka_unit_test(missing_value_is_a_usage_error),
	    cmocka_unit_test(flag_with_a_value_is_a_usage_error),
	    cmocka_unit_test(repeated_option_is_refused_but_line_repeats),
	    cmocka_unit_test(missing_required_option_is_named),
	    cmocka_unit_test(missing_and_stray_arguments_are_usage_errors),
	    cmocka_unit_test(unknown_commands_and_bare_groups_are_usage_errors),
	    cmocka_unit_test(help_wins_over_anything_but_the_command_words),
	    cmocka_unit_test(no_command_is_the_top_level),
	    cmocka_unit_test(unknown_format_is_a_usage_error),
	    cmocka_unit_test(count_accepts_whole_numbers_above_zero),
	    cmocka_unit_test(count_refuses_signs_zero_spaces_and_overflow),
	    cmocka_unit_test(line_splits_sku_and_quantity),
	    cmocka_unit_test(bad_lines_name_their_position),
	    cmocka_unit_test(table_aligns_by_display_width_and_sanitises),
	    cmocka_unit_test(record_table_is_key_value_lines),
	    cmocka_unit_test(csv_quotes_fields_and_ends_lines_with_crlf),
	    cmocka_unit_test(csv_with_no_rows_still_has_its_header),
	    cmocka_unit_test(close_writes_only_when_every_row_went_well),
	    cmocka_unit_test(
		json_list_is_an_array_with_nulls_and_money_strings),
	    cmocka_unit_test(json_empty_list_is_an_empty_array),
	    cmocka_unit_test(times_are_utc_in_each_format_without_a_zone),
	    cmocka_unit_test(table_times_are_local_to_the_zone_data_stays_utc),
	    cmocka_unit_test(large_ids_keep_every_digit_in_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
