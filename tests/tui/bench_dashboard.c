/* Times the first Dashboard open on a real store (a read: it must not catch up or write). */
/*
 * Not part of `make test` (the store it needs is large): `make bench-dashboard`
 * seeds one and runs it. By hand:
 *   make && cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -I. \
 *     tests/tui/bench_dashboard.c build/libbackoffice.a \
 *     $(pkg-config --libs ncursesw sqlite3 libpq libcjson) -o bench_dashboard
 *   ./bench_dashboard /path/to/store.db admin
 * Prints the wall time of opening the store, of the first dashboard frame
 * (key 3 and the frame drawn after it, 120x40; with its CPU time) and the
 * status line, and
 * how many outermost commits the open made (0: the read wrote nothing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "tui/canvas.h"
#include "tui/tui.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: what the open costs on a machine that is busy
 * with other work, where wall time measures the neighbours too. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The frame's last non-empty line: the status bar. */
static void print_status(bo_canvas *c)
{
	char *frame = bo_canvas_to_text(c, false), *line, *last = NULL;
	size_t len = 0;

	for (line = frame; line && *line;) {
		char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (strspn(line, " ") < n) {
			last = line;
			len = n;
		}
		line = end ? end + 1 : NULL;
	}
	printf("status: %.*s\n", last ? (int)len : 0, last ? last : "");
	free(frame);
}

int main(int argc, char **argv)
{
	bo_ports ports;
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_store_tally tally = {0};
	bo_app app;
	bo_tui *t = NULL;
	bo_canvas *c;
	bo_tui_options opt = {.unicode = true};
	bo_err err;
	double start, cpu;

	if (argc != 3) {
		fprintf(stderr, "usage: %s STORE.db USER\n", argv[0]);
		return 2;
	}
	bo_err_clear(&err);
	start = now_ms();
	if (bo_sqlite_open(&ports, argv[1], BO_SQLITE_OPEN, &err) < 0 ||
	    bo_app_open(&app, &ports, &clock, &ids, argv[2], &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	ports.store.tally = &tally;
	if (!(c = bo_canvas_new(40, 120, true)) ||
	    bo_tui_new(&t, &app, &opt, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	bo_tui_draw(t, c);
	printf("%-40s %9.2f ms\n", "open store + first screen + frame",
	       now_ms() - start);
	start = now_ms();
	cpu = cpu_ms();
	bo_tui_key(t, '3');
	bo_tui_draw(t, c);
	printf("%-40s %9.2f ms (cpu %.2f ms)\n", "3: dashboard, first frame",
	       now_ms() - start, cpu_ms() - cpu);
	print_status(c);
	printf("outermost commits meanwhile: %lld\n", (long long)tally.commits);
	bo_tui_free(t);
	bo_canvas_free(c);
	bo_app_close(&app);
	bo_ports_close(&ports);
	return 0;
}
