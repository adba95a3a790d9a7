/* Tests for adapters/cli/progress.c: the bar's text, its redraw limit, quiet when off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/progress.h"

static int64_t fake_ms;

static int64_t fake_now(void)
{
	return fake_ms;
}

typedef struct sink {
	char *buf;
	size_t size;
	FILE *f;
	bo_progress bar;
} sink;

static void open_sink(sink *s, int on, const char *label)
{
	memset(s, 0, sizeof(*s));
	s->f = open_memstream(&s->buf, &s->size);
	assert_non_null(s->f);
	bo_progress_init_on(&s->bar, s->f, on, label);
	s->bar.now_ms = fake_now;
	fake_ms = 1000;
}

static const char *text(sink *s)
{
	fflush(s->f);
	return s->buf ? s->buf : "";
}

static void close_sink(sink *s)
{
	fclose(s->f);
	free(s->buf);
}

static void bar_shows_share_counts_rate_and_eta(void **state)
{
	sink s;

	(void)state;
	open_sink(&s, 1, NULL);
	assert_int_equal(
	    bo_progress_replay(&s.bar, "rebuild orders", 0, 235000), 0);
	fake_ms += 2500;
	assert_int_equal(
	    bo_progress_replay(&s.bar, "rebuild orders", 120000, 235000), 0);
	assert_non_null(
	    strstr(text(&s), "\r\033[Krebuild orders [##########          ]  "
			     "51% 120,000/235,000 ev  48,000 ev/s  ETA 0:03"));
	bo_progress_end(&s.bar);
	/* wiped at the end: the line ends empty */
	assert_true(strlen(text(&s)) >= 4);
	assert_string_equal(text(&s) + strlen(text(&s)) - 4, "\r\033[K");
	close_sink(&s);
}

static void bar_redraws_at_most_ten_times_a_second(void **state)
{
	sink s;
	size_t before;

	(void)state;
	open_sink(&s, 1, "import");
	bo_progress_update(&s.bar, 0, 100);
	before = strlen(text(&s));
	fake_ms += 50;
	bo_progress_update(&s.bar, 10, 100);
	assert_int_equal(strlen(text(&s)), before);
	fake_ms += 60;
	bo_progress_update(&s.bar, 20, 100);
	assert_true(strlen(text(&s)) > before);
	before = strlen(text(&s));
	/* the end is always shown, however soon */
	bo_progress_update(&s.bar, 100, 100);
	assert_true(strlen(text(&s)) > before);
	assert_non_null(strstr(text(&s), "import [####################] 100% "
					 "100/100 ev"));
	close_sink(&s);
}

static void bar_off_writes_nothing(void **state)
{
	sink s;

	(void)state;
	open_sink(&s, 0, "rebuild");
	bo_progress_update(&s.bar, 1, 2);
	bo_progress_replay(&s.bar, "verify orders", 2, 2);
	bo_progress_end(&s.bar);
	assert_string_equal(text(&s), "");
	close_sink(&s);
}

static void a_new_job_is_drawn_at_once_under_its_name(void **state)
{
	sink s;

	(void)state;
	open_sink(&s, 1, NULL);
	bo_progress_replay(&s.bar, "rebuild orders", 0, 10);
	bo_progress_replay(&s.bar, "catch up orders, reports", 0, 4);
	assert_non_null(strstr(text(&s), "catch up orders, reports [ "));
	assert_non_null(strstr(text(&s), "0/4 ev"));
	close_sink(&s);
}

static void numbers_are_grouped_by_thousands(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(bo_progress_group(buf, sizeof(buf), 0), "0");
	assert_string_equal(bo_progress_group(buf, sizeof(buf), 999), "999");
	assert_string_equal(bo_progress_group(buf, sizeof(buf), 1000), "1,000");
	assert_string_equal(bo_progress_group(buf, sizeof(buf), 1234567),
			    "1,234,567");
	assert_string_equal(bo_progress_group(buf, sizeof(buf), -12345),
			    "-12,345");
}

static void an_import_counts_bytes_of_the_file(void **state)
{
	sink s;

	(void)state;
	open_sink(&s, 1, "import");
	bo_progress_set_unit(&s.bar, "bytes");
	assert_int_equal(bo_progress_update(&s.bar, 0, 4000000), 0);
	fake_ms += 2000;
	assert_int_equal(bo_progress_update(&s.bar, 1000000, 4000000), 0);
	assert_non_null(strstr(text(&s), "\r\033[Kimport [#####               ]  "
					 "25% 1,000,000/4,000,000 bytes  "
					 "500,000 bytes/s  ETA 0:06"));
	bo_progress_end(&s.bar);
	close_sink(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bar_shows_share_counts_rate_and_eta),
	    cmocka_unit_test(bar_redraws_at_most_ten_times_a_second),
	    cmocka_unit_test(bar_off_writes_nothing),
	    cmocka_unit_test(a_new_job_is_drawn_at_once_under_its_name),
	    cmocka_unit_test(numbers_are_grouped_by_thousands),
	    cmocka_unit_test(an_import_counts_bytes_of_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
