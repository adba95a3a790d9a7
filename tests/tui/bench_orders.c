/* Times the Orders screens on a real store: open the list, page, jump to the end, open a timeline. */
/*
 * Not part of `make test` (the store it needs is large). Build and run:
 *   make && cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -I. \
 *     tests/tui/bench_orders.c build/libbackoffice.a \
 *     $(pkg-config --libs ncursesw sqlite3 libpq libcjson) -o bench_orders
 *   ./bench_orders /path/to/store.db admin
 * Each figure is the wall time of the keys and the frame drawn after them,
 * as the loop would spend it before showing the result, on a 120x40 canvas.
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

/* Sends keys (text, then Enter when enter is true), draws once, prints how
 * long that took and line y of the frame. */
static void step(bo_tui *t, bo_canvas *c, const char *what, const char *text,
		 int key, int y)
{
	double start = now_ms(), ms;
	char *frame, *line, *end;

	for (const char *k = text; k && *k; k++)
		bo_tui_key(t, (unsigned char)*k);
	if (key)
		bo_tui_key(t, key);
	bo_tui_draw(t, c);
	ms = now_ms() - start;
	frame = bo_canvas_to_text(c, false);
	line = frame;
	for (int i = 0; line && i < y; i++)
		line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL;
	end = line ? strchr(line, '\n') : NULL;
	printf("%-38s %8.2f ms | %.*s\n", what, ms,
	       line ? (int)(end ? end - line : (long)strlen(line)) : 0,
	       line ? line : "");
	free(frame);
}

static int last_id(void *ctx, const bo_order_row *r)
{
	*(int64_t *)ctx = r->id;
	return 1;
}

int main(int argc, char **argv)
{
	bo_ports ports;
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_app app;
	bo_tui *t = NULL;
	bo_canvas *c;
	bo_tui_options opt = {.unicode = true};
	bo_err err;
	bo_order_query q = {.status = -1, .descending = 1, .limit = 1};
	int64_t max = 0;
	char cmd[64];
	double start;

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
	if (!(c = bo_canvas_new(40, 120, true)) ||
	    bo_tui_new(&t, &app, &opt, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	bo_tui_draw(t, c);
	printf("%-40s %9.2f ms\n", "open store + products screen + frame",
	       now_ms() - start);
	bo_app_order_list(&app, &q, last_id, &max, &err);
	printf("%lld orders\n", (long long)max);
	step(t, c, "2: orders list, first frame", "2", 0, 2);
	step(t, c, "j: one row down", "j", 0, 3);
	step(t, c, "PgDn", NULL, BO_KEY_PGDN, 3);
	for (int i = 0; i < 30; i++)
		bo_tui_key(t, BO_KEY_PGDN);
	step(t, c, "PgDn after 30 pages", NULL, BO_KEY_PGDN, 3);
	step(t, c, "G: last page (oldest orders)", "G", 0, 37);
	step(t, c, "k: up from the last page", "k", 0, 37);
	step(t, c, "g: first page again", "g", 0, 2);
	step(t, c, "I: reverse (oldest first)", "gI", 0, 2);
	step(t, c, "I: reverse back", "I", 0, 2);
	snprintf(cmd, sizeof(cmd), "/%lld", (long long)(max / 2));
	step(t, c, "/N: jump to the middle order", cmd, BO_KEY_ENTER, 2);
	step(t, c, "Enter: its timeline, first frame", NULL, BO_KEY_ENTER, 1);
	step(t, c, "k: previous event (detail pane)", "k", 0, 1);
	step(t, c, "q: back to the list", "q", 0, 2);
	snprintf(cmd, sizeof(cmd), ":order %lld", (long long)(max * 7 / 9));
	step(t, c, ":order N: a timeline by number", cmd, BO_KEY_ENTER, 1);
	step(t, c, "q: back to the list", "q", 0, 2);
	step(t, c, "f paid: status filter", "fpaid", BO_KEY_ENTER, 2);
	step(t, c, "G: last page of paid orders", "G", 0, 37);
	step(t, c, "f 1 day: date filter", "f", BO_KEY_CTRL('U'), 2);
	step(t, c, "  (typed 2026-06-01)", "2026-06-01", BO_KEY_ENTER, 2);
	step(t, c, "f: filter cleared", "f", BO_KEY_CTRL('U'), 2);
	step(t, c, "  (empty)", NULL, BO_KEY_ENTER, 2);
	step(t, c, "/zoe: customer search", "/zoe", BO_KEY_ENTER, 2);
	step(t, c, "G: last page of that customer", "G", 0, 37);
	bo_tui_free(t);
	bo_canvas_free(c);
	bo_app_close(&app);
	bo_ports_close(&ports);
	return 0;
}
