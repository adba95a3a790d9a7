/* Tests for domain/csv_reader.c: quotes, doubled quotes, CRLF, a BOM, newlines inside quotes, broken records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/csv_reader.h"

typedef struct reading {
	FILE *f;
	bo_csv_reader r;
	bo_err err;
} reading;

static void start(reading *rd, const char *text)
{
	rd->f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(rd->f);
	bo_csv_reader_init(&rd->r, rd->f);
}

static void stop(reading *rd)
{
	bo_csv_reader_free(&rd->r);
	fclose(rd->f);
}

/* The next record is fields (n of them) and starts on line. */
static void expect_record(reading *rd, long line, size_t n,
			  const char *const *fields)
{
	int rc = bo_csv_read(&rd->r, &rd->err);

	if (rc != 1)
		fail_msg("expected a record, got %d: %s", rc, rd->err.msg);
	assert_int_equal(rd->r.rec_line, line);
	assert_int_equal(rd->r.nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(bo_csv_reader_field(&rd->r, i), fields[i]);
}

static void expect_end(reading *rd)
{
	assert_int_equal(bo_csv_read(&rd->r, &rd->err), 0);
}

#define FIELDS(...) (const char *const[]){__VA_ARGS__}
#define NF(...) (sizeof(FIELDS(__VA_ARGS__)) / sizeof(const char *))
#define EXPECT(rd, line, ...) expect_record(rd, line, NF(__VA_ARGS__), FIELDS(__VA_ARGS__))

static void plain_records_and_empty_fields(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "a,b,c\n1,,3\n,,\n");
	EXPECT(&rd, 1, "a", "b", "c");
	EXPECT(&rd, 2, "1", "", "3");
	EXPECT(&rd, 3, "", "", "");
	expect_end(&rd);
	stop(&rd);
}

static void quotes_and_doubled_quotes(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "\"a,b\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\",x\n");
	EXPECT(&rd, 1, "a,b", "say \"hi\"", "");
	EXPECT(&rd, 2, "\"", "x");
	expect_end(&rd);
	stop(&rd);
}

static void crlf_and_last_line_without_newline(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "a,b\r\n1,2\r\n3,4");
	EXPECT(&rd, 1, "a", "b");
	EXPECT(&rd, 2, "1", "2");
	EXPECT(&rd, 3, "3", "4");
	expect_end(&rd);
	stop(&rd);
}

static void byte_order_mark_is_skipped_at_the_start_only(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "\xEF\xBB\xBFsku,name\n\xEF\xBB\xBFx,y\n");
	EXPECT(&rd, 1, "sku", "name");
	EXPECT(&rd, 2, "\xEF\xBB\xBFx", "y");
	expect_end(&rd);
	stop(&rd);
	/* bytes that only begin like a BOM are data */
	start(&rd, "\xEF\xBBz,1\n");
	EXPECT(&rd, 1, "\xEF\xBBz", "1");
	expect_end(&rd);
	stop(&rd);
}

static void newlines_inside_quotes_count_lines(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "a,\"line 1\nline 2\r\nline 3\"\nb,c\n");
	EXPECT(&rd, 1, "a", "line 1\nline 2\r\nline 3");
	EXPECT(&rd, 4, "b", "c");
	expect_end(&rd);
	stop(&rd);
}

static void empty_input_has_no_record(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "");
	expect_end(&rd);
	stop(&rd);
}

static void unterminated_quote_names_its_line(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "a,b\n1,\"open\n\nstill open");
	EXPECT(&rd, 1, "a", "b");
	assert_int_equal(bo_csv_read(&rd.r, &rd.err), BO_EINVAL);
	assert_non_null(strstr(rd.err.msg, "opened on line 2 is not closed"));
	stop(&rd);
}

static void stray_quotes_are_errors(void **state)
{
	reading rd;

	(void)state;
	start(&rd, "a,b\"c\n");
	assert_int_equal(bo_csv_read(&rd.r, &rd.err), BO_EINVAL);
	assert_non_null(strstr(rd.err.msg, "line 1: a quote inside"));
	stop(&rd);
	start(&rd, "x\n\"a\"b,c\n");
	EXPECT(&rd, 1, "x");
	assert_int_equal(bo_csv_read(&rd.r, &rd.err), BO_EINVAL);
	assert_non_null(strstr(rd.err.msg, "line 2: text after the closing"));
	stop(&rd);
}

static void buffers_are_reused_across_records(void **state)
{
	char text[64 * 1024];
	size_t n = 0;
	reading rd;

	(void)state;
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "r%d,%d\n", i,
				      i * 7);
	start(&rd, text);
	for (int i = 0; i < 2000; i++) {
		assert_int_equal(bo_csv_read(&rd.r, &rd.err), 1);
		assert_int_equal(rd.r.rec_line, i + 1);
	}
	expect_end(&rd);
	assert_true(rd.r.cap <= 256);
	stop(&rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_records_and_empty_fields),
	    cmocka_unit_test(quotes_and_doubled_quotes),
	    cmocka_unit_test(crlf_and_last_line_without_newline),
	    cmocka_unit_test(byte_order_mark_is_skipped_at_the_start_only),
	    cmocka_unit_test(newlines_inside_quotes_count_lines),
	    cmocka_unit_test(empty_input_has_no_record),
	    cmocka_unit_test(unterminated_quote_names_its_line),
	    cmocka_unit_test(stray_quotes_are_errors),
	    cmocka_unit_test(buffers_are_reused_across_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
