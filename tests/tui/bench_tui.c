/* Times each TUI screen's first frame, the searches and the customer view on a real store, off-screen. */
/*
 * `make bench-tui` seeds a store and runs this (tests/bench/tui.sh); it is
 * built with the unit tests so that it cannot rot, but only that target
 * runs it. By hand, on a store that exists:
 *   build/tests/tui/bench_tui --db URL --user USER --rounds 9 \
 *     --order N --email E --sku S --tracking T [--frames]
 * (--frames prints the first round's frame after each step.)
 * Each figure is the wall time of the keys of a step and of the frame drawn
 * after them, on a 120x40 canvas, as the loop would spend it before the
 * screen shows the result (a list's row count comes after that frame, as
 * the loop does it: a step of its own times it): the median and the least of ROUNDS rounds, and
 * the median's ratio to the baseline, `:order N` (a timeline opened by its
 * primary key), timed in the same rounds. A step that opens a screen opens
 * it anew each round (a tab replaces the whole stack). The last round's
 * line of interest is printed beside the figure, so a step that showed an
 * error rather than what it was asked for is seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/sys/backends.h"
#include "adapters/sys/store_path.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/tui.h"

#define MAX_ROUNDS 101
#define ROWS 40
#define COLS 120

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One step: keys typed before the clock starts (setup), the timed keys
 * (text, then key when not 0) and the frame line to show (line, from the
 * top; negative: from the bottom). */
typedef struct step {
	const char *what;
	char setup[160];
	char text[160];
	int key;
	int line;
	bool idle; /* time the work the loop does after the frame instead */
	double ms[MAX_ROUNDS];
	char shown[64]; /* the start of the line of interest */
} step;

/* (designated: the figures and the line shown start empty) */
#define STEP(w, su, tx, k, l)                                                  \
	{.what = (w), .setup = (su), .text = (tx), .key = (k), .line = (l)}
/* the loop's work after the frame the setup drew, and the frame again */
#define AFTER(w, su, l)                                                        \
	{.what = (w), .setup = (su), .text = "", .line = (l), .idle = true}

static void type(bo_tui *t, const char *text)
{
	for (const char *k = text; *k; k++)
		bo_tui_key(t, *k == '\n' ? BO_KEY_ENTER : (unsigned char)*k);
}

/* Line y of the frame (from the bottom when negative), its spaces at the
 * end trimmed, into out. */
static void frame_line(bo_canvas *c, int y, char *out, size_t size)
{
	char *frame = bo_canvas_to_text(c, false), *line = frame, *end;
	int lines = 0;
	size_t n;

	out[0] = '\0';
	if (!frame)
		return;
	for (char *p = frame; *p; p++)
		lines += *p == '\n';
	if (y < 0)
		y += lines;
	for (int i = 0; line && i < y; i++)
		line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL;
	if (line) {
		end = strchr(line, '\n');
		n = end ? (size_t)(end - line) : strlen(line);
		while (n && line[n - 1] == ' ')
			n--;
		if (n >= size) { /* cut on a character's first byte */
			n = size - 1;
			while (n && (line[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(out, line, n);
		out[n] = '\0';
	}
	free(frame);
}

static bool show_frames; /* --frames: print each step's last frame */

static void run_step(bo_tui *t, bo_canvas *c, step *s, int round)
{
	double start;

	type(t, s->setup);
	bo_tui_draw(t, c);
	/* as the loop does: the work left for after a frame, and the frame */
	while (!s->idle && bo_tui_idle(t))
		bo_tui_draw(t, c);
	start = now_ms();
	type(t, s->text);
	if (s->key)
		bo_tui_key(t, s->key);
	if (s->idle)
		bo_tui_idle(t);
	bo_tui_draw(t, c);
	s->ms[round] = now_ms() - start;
	frame_line(c, s->line, s->shown, sizeof(s->shown));
	if (show_frames && round == 0) {
		char *frame = bo_canvas_to_text(c, false);

		printf("---- %s\n%s\n", s->what, frame ? frame : "");
		free(frame);
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median and least of n figures (sorted in place). */
static void summary(double *v, int n, double *median, double *least)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	*least = v[0];
}

static int open_store(bo_ports *ports, const char *db, bo_err *err)
{
	bo_store_path where;
	const bo_backend *be;
	int rc;

	if ((rc = bo_store_path_parse(&where, db, err)) < 0)
		return rc;
	if ((rc = bo_backend_find(&be, where.kind, err)) == 0)
		rc = be->open(ports, where.kind == BO_BACKEND_SQLITE
					 ? where.path
					 : where.url,
			      err);
	bo_store_path_free(&where);
	return rc;
}

static const char *arg_of(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *db = arg_of(argc, argv, "--db"),
		   *user = arg_of(argc, argv, "--user"),
		   *order = arg_of(argc, argv, "--order"),
		   *email = arg_of(argc, argv, "--email"),
		   *sku = arg_of(argc, argv, "--sku"),
		   *tracking = arg_of(argc, argv, "--tracking"),
		   *r = arg_of(argc, argv, "--rounds");
	int rounds = r ? atoi(r) : 9;
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_tui_options opt = {.unicode = true};
	double opened[MAX_ROUNDS], base, least, median;
	bo_canvas *c;
	bo_err err;
	step steps[] = {
	    STEP(":order N: a timeline by its number (baseline)", "1", "", 0, 1),
	    STEP("1: Products, first frame", "", "1", 0, 2),
	    STEP("2: Orders, first frame", "", "2", 0, 2),
	    AFTER("2: Orders, then its row count", "2", -1),
	    STEP("3: Dashboard, first frame", "", "3", 0, 2),
	    STEP("4: Projections, first frame", "", "4", 0, 2),
	    STEP("5: Users, first frame", "", "5", 0, 2),
	    STEP(":alerts, first frame", "1", ":alerts", BO_KEY_ENTER, 3),
	    STEP("Orders: PgDn", "2", "", BO_KEY_PGDN, 3),
	    STEP("Orders: G, the last page (oldest)", "2", "G", 0, -3),
	    STEP("Orders: Enter, the newest order's timeline", "2", "", BO_KEY_ENTER, 1),
	    STEP(":find E-MAIL", "2", "", BO_KEY_ENTER, 2),
	    STEP(":find SKU", "2", "", BO_KEY_ENTER, 2),
	    STEP(":find TRACKING", "2", "", BO_KEY_ENTER, 2),
	    STEP(":find N (an order number)", "2", "", BO_KEY_ENTER, 2),
	    STEP(":customer E-MAIL: the customer view", "2", "", BO_KEY_ENTER, 2),
	    STEP("h: product history of SKU", "", "h", 0, 3),
	    AFTER("3: Dashboard, then its funnel and shipping tiles", "3", 2),
	};
	int n = (int)(sizeof(steps) / sizeof(steps[0]));

	for (int i = 1; i < argc; i++)
		show_frames |= !strcmp(argv[i], "--frames");
	if (!db || !user || !order || !email || !sku || !tracking ||
	    rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr,
			"usage: %s --db URL --user USER --order N --email E "
			"--sku S --tracking T [--rounds 1..%d] [--frames]\n",
			argv[0], MAX_ROUNDS);
		return 2;
	}
	/* the steps' own values (their places in the table above) */
	snprintf(steps[0].text, sizeof(steps[0].text), ":order %s", order);
	steps[0].key = BO_KEY_ENTER;
	snprintf(steps[11].text, sizeof(steps[11].text), ":find %s", email);
	snprintf(steps[12].text, sizeof(steps[12].text), ":find %s", sku);
	snprintf(steps[13].text, sizeof(steps[13].text), ":find %s", tracking);
	snprintf(steps[14].text, sizeof(steps[14].text), ":find %s", order);
	snprintf(steps[15].text, sizeof(steps[15].text), ":customer %s",
		 email);
	/* the product list narrowed to the SKU, its row selected */
	snprintf(steps[16].setup, sizeof(steps[16].setup), "1/%s\n", sku);
	if (!(c = bo_canvas_new(ROWS, COLS, true))) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	bo_err_clear(&err);
	for (int round = 0; round < rounds; round++) {
		bo_ports ports;
		bo_app app;
		bo_tui *t = NULL;
		double start = now_ms();

		if (open_store(&ports, db, &err) < 0 ||
		    bo_app_open(&app, &ports, &clock, &ids, user, &err) < 0 ||
		    bo_tui_new(&t, &app, &opt, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		bo_tui_draw(t, c);
		opened[round] = now_ms() - start;
		for (int i = 0; i < n; i++)
			run_step(t, c, &steps[i], round);
		bo_tui_free(t);
		bo_app_close(&app);
		bo_ports_close(&ports);
	}
	bo_canvas_free(c);

	summary(steps[0].ms, rounds, &base, &least);
	printf("%d rounds, %dx%d, median and least wall time of each step's "
	       "keys and frame:\n\n",
	       rounds, COLS, ROWS);
	printf("| step | median ms | min ms | median / baseline | the frame "
	       "shows |\n|---|---|---|---|---|\n");
	summary(opened, rounds, &median, &least);
	printf("| open the store, the start screen's first frame | %.2f | %.2f "
	       "| %.2f | |\n",
	       median, least, median / base);
	for (int i = 0; i < n; i++) {
		/* the table's own bars would split the cell */
		for (char *p = steps[i].shown; *p; p++)
			if (*p == '|')
				*p = '/';
		summary(steps[i].ms, rounds, &median, &least);
		printf("| %s | %.2f | %.2f | %.2f | `%s` |\n", steps[i].what,
		       median, least, median / base, steps[i].shown);
	}
	return 0;
}
