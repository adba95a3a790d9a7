/* The screen manager: help from the key table, the `:` prompt, screen keys, the loop. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

#include "tui/alerts.h"
#include "tui/dashboard.h"
#include "tui/product_history.h"
#include "tui/products.h"
#include "tui/timeline.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 24, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_open_as(f, "alice");
	return 0;
}

static void help_is_generated_from_the_key_table(void **state)
{
	fx *f = *state;
	char name[32];

	fx_key(f, '?');
	SCREEN_IS(f, "help");
	/* first the keys of the screen on top, as its hint line has them */
	SCREEN_HAS(f, "this screen (Products)");
	SCREEN_HAS(f, "active/retired");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, '2');
	fx_key(f, '?');
	SCREEN_HAS(f, "this screen (Orders)");
	SCREEN_HAS(f, "timeline");
	fx_key(f, BO_KEY_ESC);
	fx_key(f, '1');
	/* then every request with its first key */
	assert_int_equal(bo_canvas_resize(f->c, 90, 80), 0);
	fx_key(f, '?');
	for (int r = BO_REQ_MOVE_UP; r <= BO_REQ_SEARCH; r++) {
		SCREEN_HAS(f, bo_request_help((bo_request)r));
		SCREEN_HAS(f, bo_key_name(name, sizeof(name),
					  bo_request_key((bo_request)r, 0)));
	}
	fx_key(f, BO_KEY_PGDN);
	SCREEN_HAS(f, "save the form / export the view as CSV");
	SCREEN_HAS(f, "Ctrl-S");
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "Keys (Esc closes)");
	fx_key(f, BO_KEY_F1);
	SCREEN_HAS(f, "Keys (Esc closes)");
	fx_key(f, 'q');
	SCREEN_HAS(f, "MUG-1");
}

/* How many lines the help says it has ("lines A-B of N"), or -1. */
static int help_lines(fx *f)
{
	const char *at = strstr(fx_screen(f, false), " of ");
	int n = -1;

	while (at && sscanf(at, " of %d", &n) != 1)
		at = strstr(at + 1, " of ");
	return n;
}

/* At 80x24 the help has room for 18 of its n lines (on Products): it scrolls with the
 * moving keys and says where it is, with a mark where there is more. */
static void help_scrolls_and_says_where_it_is(void **state)
{
	fx *f = *state;
	int n;
	char want[64];

#define WHERE(a, b)                                                            \
	(snprintf(want, sizeof(want), "lines %d-%d of %d", (a), (b), n), want)
	fx_key(f, '?');
	n = help_lines(f);
	assert_true(n > 40);
	SCREEN_HAS(f, WHERE(1, 18));
	assert_int_equal(fx_row_of(f, "\xE2\x86\x91"), -1); /* nothing above */
	assert_int_equal(fx_row_of(f, "\xE2\x86\x93"), 20); /* more below */
	fx_key(f, 'k'); /* at the top already */
	SCREEN_HAS(f, WHERE(1, 18));
	fx_key(f, 'j');
	fx_key(f, BO_KEY_DOWN);
	fx_key(f, 'j');
	SCREEN_IS(f, "help_scrolled");
	assert_int_equal(fx_row_of(f, "\xE2\x86\x91"), 1);
	assert_int_equal(fx_row_of(f, "\xE2\x86\x93"), 20);
	fx_key(f, 'G');
	SCREEN_IS(f, "help_bottom");
	assert_int_equal(fx_row_of(f, "\xE2\x86\x93"), -1); /* nothing below */
	SCREEN_HAS(f, "verify the selected projection against the log");
	fx_key(f, 'j'); /* at the bottom already */
	SCREEN_HAS(f, WHERE(n - 17, n));
	fx_key(f, BO_KEY_PGUP);
	SCREEN_HAS(f, WHERE(n - 34, n - 17));
	fx_key(f, BO_KEY_CTRL('B'));
	SCREEN_HAS(f, WHERE(n - 51, n - 34));
	for (int i = 0; i < 4; i++)
		fx_key(f, BO_KEY_CTRL('B')); /* stops at the top */
	SCREEN_HAS(f, WHERE(1, 18));
	fx_key(f, BO_KEY_PGDN);
	SCREEN_HAS(f, WHERE(18, 35));
	fx_key(f, 'g');
	SCREEN_HAS(f, WHERE(1, 18));
	fx_key(f, BO_KEY_END);
	SCREEN_HAS(f, WHERE(n - 17, n));
	fx_key(f, BO_KEY_HOME);
	SCREEN_IS(f, "help");
	/* in ASCII the marks are ^ and v */
	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, '?');
	SCREEN_HAS(f, WHERE(1, 18)); /* the loop draws before a key */
	fx_key(f, BO_KEY_PGDN);
	assert_int_equal(fx_row_of(f, "--^--+"), 1);
	snprintf(want, sizeof(want), " lines 18-35 of %d --v--", n);
	assert_int_equal(fx_row_of(f, want), 20);
	/* closing and opening again starts at the top */
	fx_key(f, BO_KEY_ESC);
	fx_key(f, '?');
	SCREEN_HAS(f, WHERE(1, 18));
	/* `:help` opens it too */
	fx_key(f, BO_KEY_ESC);
	fx_key(f, ':');
	fx_type(f, "help");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, WHERE(1, 18));
#undef WHERE
}

/* A tall terminal shows all of it: no marks. */
static void help_fits_a_tall_terminal_whole(void **state)
{
	fx *f = *state;
	char want[64];
	int n;

	assert_int_equal(bo_canvas_resize(f->c, 90, 120), 0);
	fx_key(f, '?');
	n = help_lines(f);
	assert_true(n > 40 && n <= 84);
	snprintf(want, sizeof(want), "lines 1-%d of %d", n, n);
	SCREEN_HAS(f, want);
	assert_int_equal(fx_row_of(f, "\xE2\x86\x93"), -1);
	fx_key(f, 'G');
	SCREEN_HAS(f, want);
}

/* Row 0 of the screen and its roles: the title and the tab bar. */
static const char *title_bar(fx *f)
{
	char *s = (char *)fx_screen(f, true), *end = strchr(s, '\n');

	assert_non_null(end);
	end = strchr(end + 1, '\n');
	assert_non_null(end);
	end[1] = '\0';
	return s;
}
#define TITLE_BAR_IS(f, name) GOLDEN((name), title_bar(f))

/* Each role starts where its work is and sees only its screens' tabs; the
 * current tab has its own role (and brackets in ASCII). */
static void each_role_starts_on_its_screen_with_its_tabs(void **state)
{
	fx *f = *state;

	TITLE_BAR_IS(f, "tabs_admin");
	SCREEN_HAS(f, "MUG-1");
	fx_key(f, '4');
	TITLE_BAR_IS(f, "tabs_admin_projections");
	fx_open_as(f, "bob");
	TITLE_BAR_IS(f, "tabs_support");
	SCREEN_HAS(f, "no orders yet");
	SCREEN_LACKS(f, "4 Projections");
	fx_open_as(f, "mia");
	TITLE_BAR_IS(f, "tabs_manager");
	SCREEN_HAS(f, "Payments received per day");
	SCREEN_LACKS(f, "4 Projections");
	/* a screen on top keeps its tab lit; the number keys still work */
	fx_key(f, '1');
	fx_key(f, 'e');
	SCREEN_HAS(f, "MUG-1");
	TITLE_BAR_IS(f, "tabs_manager_products");
	f->unicode = false;
	fx_open_as(f, "mia");
	fx_key(f, '1');
	TITLE_BAR_IS(f, "tabs_manager_products_ascii");
}

static void a_key_nothing_takes_says_so(void **state)
{
	fx *f = *state;

	fx_key(f, 'A'); /* the alerts key belongs to the dashboard */
	SCREEN_IS(f, "unknown_key");
	SCREEN_HAS(f, "A does nothing here; ? lists the keys");
	fx_key(f, 'j'); /* the next key clears it */
	SCREEN_LACKS(f, "does nothing here");
	fx_key(f, '2');
	fx_key(f, 'x');
	SCREEN_HAS(f, "x does nothing here; ? lists the keys");
	fx_key(f, BO_KEY_F5);
	SCREEN_LACKS(f, "does nothing here");
	/* the mouse and a resize are never reported */
	fx_key(f, BO_KEY_WHEEL_UP);
	fx_key(f, BO_KEY_WHEEL_DOWN);
	fx_key(f, BO_KEY_RESIZE);
	SCREEN_LACKS(f, "does nothing here");
	fx_key(f, BO_KEY_CTRL('G'));
	SCREEN_HAS(f, "Ctrl-G does nothing here");
}

/* `:` commands come from the screen table, with short forms. */
static void command_aliases_open_the_same_screens(void **state)
{
	fx *f = *state;
	bo_line_request line = {"MUG-1", 1};
	int64_t id = 0;
	bo_err err;

	FX_OK(bo_app_order_place(&f->other, "chloe@example.com",
				 "Chlo\xC3\xA9 Robert", &line, 1, &id, &err),
	      &err);
	fx_key(f, ':');
	fx_type(f, "dash");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "Payments received per day");
	SCREEN_HAS(f, " Dashboard ");
	fx_key(f, ':');
	fx_type(f, "o 1");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "chloe@example.com");
	SCREEN_HAS(f, "Chlo\xC3\xA9 Robert");
	assert_int_equal(id, 1);
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "Payments received per day"); /* it opened on top */
	fx_key(f, ':');
	fx_type(f, "o");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, ":o needs an order number, as in :o 1042");
	fx_key(f, ':');
	fx_type(f, "os");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "NUMBER");
	SCREEN_HAS(f, "Chlo\xC3\xA9 Robert");
	/* without a UTF-8 locale the name still reads */
	f->unicode = false;
	fx_open_as(f, "alice");
	fx_key(f, '2');
	SCREEN_HAS(f, "Chloe Robert");
	SCREEN_LACKS(f, "Chlo\xC3\xA9");
	f->unicode = true;
	fx_open_as(f, "alice");
	fx_key(f, ':');
	fx_type(f, "p");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "Coffee mug");
	fx_key(f, ':');
	fx_type(f, "proj");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "PROJECTOR");
	fx_key(f, ':');
	fx_type(f, "nope");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "unknown command :nope (try :products, :orders, "
		      ":dashboard, :projections");
}

/* A request without a key in the table is one a screen binds. */
static bool bound_on_a_screen(bo_request r)
{
	const bo_screen_ops *const screens[] = {
	    &bo_timeline_screen_ops, &bo_dashboard_screen_ops,
	    &bo_product_history_ops, &bo_alerts_screen_ops,
	    &bo_products_screen_ops};

	for (size_t i = 0; i < sizeof(screens) / sizeof(screens[0]); i++)
		for (const bo_binding *b = screens[i]->keys; b && b->key; b++)
			if (b->req == r)
				return true;
	return false;
}

static void every_request_has_a_key_and_no_key_has_two(void **state)
{
	int seen[BO_REQ__COUNT * 2], n = 0;

	(void)state;
	/* the screens' own bindings */
	assert_int_equal(bo_key_request_on(bo_timeline_screen_ops.keys, 'r'),
			 BO_REQ_REFUND);
	assert_int_equal(bo_key_request_on(bo_dashboard_screen_ops.keys, 'c'),
			 BO_REQ_CUSTOM_PERIOD);
	assert_int_equal(bo_key_request_on(bo_timeline_screen_ops.keys, 'c'),
			 BO_REQ_CANCEL);
	assert_int_equal(bo_key_request_on(NULL, 'r'), BO_REQ_RETIRE);
	/* Space marks on the product list, pages down elsewhere */
	assert_int_equal(bo_key_request_on(bo_products_screen_ops.keys, ' '),
			 BO_REQ_MARK);
	assert_int_equal(bo_key_request_on(NULL, ' '), BO_REQ_NONE);
	assert_int_equal(
	    bo_request_key_on(bo_product_history_ops.keys, BO_REQ_REVERT),
	    'r');
	for (int r = 1; r < BO_REQ__COUNT; r++) {
		assert_true(bo_request_key((bo_request)r, 0) != 0 ||
			    bound_on_a_screen((bo_request)r));
		assert_true(strlen(bo_request_help((bo_request)r)) > 0);
		for (int k = 0; k < 2; k++) {
			int key = bo_request_key((bo_request)r, k);

			if (!key)
				continue;
			for (int i = 0; i < n; i++)
				assert_int_not_equal(seen[i], key);
			seen[n++] = key;
			assert_int_equal(bo_key_request(key), r);
		}
	}
	assert_int_equal(bo_key_request('\n'), BO_REQ_ENTER);
	assert_int_equal(bo_key_request('x'), BO_REQ_NONE);
	assert_false(bo_key_is_text(BO_KEY_CTRL('S')));
	assert_false(bo_key_is_text(BO_KEY_UP));
	assert_true(bo_key_is_text(0x6F22));
}

static void number_keys_switch_screens(void **state)
{
	fx *f = *state;

	fx_key(f, '2');
	SCREEN_HAS(f, "no orders yet");
	fx_key(f, '3');
	SCREEN_HAS(f, "Payments received per day");
	fx_key(f, '4');
	SCREEN_HAS(f, "PROJECTOR");
	fx_key(f, '1');
	SCREEN_HAS(f, "MUG-1");
}

static void command_prompt_runs_commands(void **state)
{
	fx *f = *state;

	fx_key(f, ':');
	fx_type(f, "order 1042");
	SCREEN_HAS(f, ":order 1042");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "order 1042 does not exist");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "MUG-1");
	fx_key(f, ':');
	fx_type(f, "order x");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, ":order needs an order number, as in :order 1042");
	fx_key(f, ':');
	fx_type(f, "export");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, ":export needs a file name");
	fx_key(f, ':');
	fx_type(f, "frobnicate");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "unknown command :frobnicate");
	fx_key(f, ':');
	fx_type(f, "orders");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "no orders yet");
	fx_key(f, ':');
	fx_type(f, "products");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "MUG-1");
	fx_key(f, ':');
	fx_type(f, "q");
	fx_key(f, BO_KEY_ENTER);
	assert_true(f->flags & BO_QUIT);
}

static void prompt_cancels_with_esc_or_backspace_when_empty(void **state)
{
	fx *f = *state;

	fx_key(f, ':');
	fx_type(f, "q");
	fx_key(f, BO_KEY_ESC);
	assert_false(f->flags & BO_QUIT);
	SCREEN_LACKS(f, ":q");
	fx_key(f, ':');
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, 'q'); /* back in the list: q closes it */
	assert_true(f->flags & BO_QUIT);
}

static void q_closes_the_top_screen_and_quits_from_the_last(void **state)
{
	fx *f = *state;

	fx_key(f, 'e');
	SCREEN_HAS(f, "Edit product MUG-1");
	fx_key(f, BO_KEY_ESC);
	SCREEN_LACKS(f, "Edit product");
	assert_false(f->flags & BO_QUIT);
	fx_key(f, BO_KEY_ESC); /* Esc never quits */
	assert_false(f->flags & BO_QUIT);
	fx_key(f, 'q');
	assert_true(f->flags & BO_QUIT);
}

static void capital_q_quits_at_once(void **state)
{
	fx *f = *state;

	fx_key(f, 'Q');
	assert_true(f->flags & BO_QUIT);
}

/* The bottom line hints at the screen's keys while no message is shown;
 * F2 hides and shows them; a narrow terminal shows the hints that fit
 * whole. */
static void key_hints_show_what_fits_and_f2_toggles_them(void **state)
{
	fx *f = *state;
	int bottom;

	bottom = fx_row_of(f, "Enter open  a add  / find");
	assert_int_equal(bottom, 22);
	fx_key(f, '2');
	SCREEN_HAS(f, "Enter timeline  C customer  / find  f filter");
	fx_key(f, BO_KEY_F2);
	SCREEN_HAS(f, "key hints hidden (F2 shows them)");
	fx_key(f, 'j');
	SCREEN_LACKS(f, "Enter timeline");
	fx_key(f, BO_KEY_F2);
	SCREEN_HAS(f, "key hints shown (F2 hides them)");
	fx_key(f, 'k');
	SCREEN_HAS(f, "Enter timeline");
	/* a message takes the line until the next key */
	fx_key(f, 'z');
	SCREEN_HAS(f, "z does nothing here");
	SCREEN_LACKS(f, "Enter timeline");
	assert_int_equal(bo_canvas_resize(f->c, 10, 30), 0);
	fx_key(f, BO_KEY_RESIZE);
	fx_key(f, 'k');
	SCREEN_HAS(f, "Enter timeline  C customer");
	SCREEN_LACKS(f, "/ fi");
}

/* The `:` prompt: ↑ and ↓ walk the commands run before (newest first,
 * the same one twice in a row kept once), Tab completes a command word or
 * lists the choices. */
static void command_prompt_has_history_and_completion(void **state)
{
	fx *f = *state;

	fx_key(f, ':');
	fx_key(f, BO_KEY_UP); /* nothing yet */
	SCREEN_HAS(f, "\n:");
	fx_type(f, "os");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "NUMBER");
	for (int i = 0; i < 2; i++) {
		fx_key(f, ':');
		fx_type(f, "p");
		fx_key(f, BO_KEY_ENTER);
	}
	SCREEN_HAS(f, "SKU");
	fx_key(f, ':');
	fx_key(f, BO_KEY_UP);
	SCREEN_HAS(f, "\n:p");
	fx_key(f, BO_KEY_UP);
	SCREEN_HAS(f, "\n:os");
	fx_key(f, BO_KEY_UP); /* the oldest: stays */
	SCREEN_HAS(f, "\n:os");
	fx_key(f, BO_KEY_DOWN);
	SCREEN_HAS(f, "\n:p");
	fx_key(f, BO_KEY_DOWN); /* past the newest: empty again */
	SCREEN_LACKS(f, "\n:p");
	fx_key(f, BO_KEY_UP);
	fx_key(f, BO_KEY_UP);
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "NUMBER");
	/* Tab: one match is completed, several show their choices */
	fx_key(f, ':');
	fx_type(f, "da");
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "\n:dashboard ");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "pr");
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, ":products  :projections  :proj");
	SCREEN_HAS(f, "\n:pro");
	fx_type(f, "d");
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "\n:products\n");
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "zz");
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "no command starts with \"zz\"");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "NUMBER");
}

static void ctrl_l_asks_for_a_full_redraw(void **state)
{
	fx *f = *state;

	fx_key(f, BO_KEY_CTRL('L'));
	assert_true(f->flags & BO_REDRAW);
	fx_key(f, BO_KEY_RESIZE);
	assert_true(f->flags & BO_REDRAW);
}

static void a_tiny_terminal_says_so_instead_of_drawing(void **state)
{
	fx *f = *state;

	assert_int_equal(bo_canvas_resize(f->c, 3, 15), 0);
	SCREEN_HAS(f, "terminal too");
}

/* ---- the loop over a scripted terminal ----------------------------------- */

typedef struct script {
	const int *keys;
	size_t n, next;
	int rows, cols;
	int presents, full;
	fx *f;
	char *last;
} script;

static int script_read(void *self, int timeout_ms, int *key)
{
	script *s = self;

	assert_true(timeout_ms > 0);
	if (s->next >= s->n)
		return -1;
	*key = s->keys[s->next++];
	if (*key == 0)
		return 1; /* a quiet moment: the loop polls for changes */
	if (*key == -1) {
		/* someone else adds a product while we wait */
		fx_add(s->f, "ANT-0", "Ant farm", "30", "20", "2");
		return 1;
	}
	if (*key == BO_KEY_RESIZE) {
		s->rows = 12;
		s->cols = 60;
	}
	return 0;
}

static void script_size(void *self, int *rows, int *cols)
{
	script *s = self;

	*rows = s->rows;
	*cols = s->cols;
}

static void script_present(void *self, const bo_canvas *c, bool full)
{
	script *s = self;

	s->presents++;
	s->full += full;
	free(s->last);
	s->last = bo_canvas_to_text(c, false);
}

static void the_loop_draws_resizes_polls_and_ends_with_input(void **state)
{
	fx *f = *state;
	static const int keys[] = {'j', -1, BO_KEY_RESIZE, 'k', 0};
	script s = {keys, sizeof(keys) / sizeof(keys[0]), 0, 24, 80, 0, 0, f,
		    NULL};
	bo_tui_io io = {script_read, script_size, script_present, &s, NULL};

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	/* the first frame and the one with the list counted after it, j,
	 * the change found by the poll and its count, the resize, k, the
	 * quiet poll */
	assert_int_equal(s.presents, 8);
	assert_int_equal(s.full, 2); /* the first frame and the resize */
	assert_non_null(s.last);
	GOLDEN("loop_after_resize_60x12", s.last);
	assert_non_null(strstr(s.last, "ANT-0"));
	free(s.last);
}

static void the_loop_stops_on_quit(void **state)
{
	fx *f = *state;
	static const int keys[] = {'Q', 'j', 'j'};
	script s = {keys, 3, 0, 24, 80, 0, 0, f, NULL};
	bo_tui_io io = {script_read, script_size, script_present, &s, NULL};

	assert_int_equal(bo_tui_run(f->tui, &io), 0);
	assert_int_equal(s.next, 1);
	free(s.last);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(help_is_generated_from_the_key_table),
	    T(help_scrolls_and_says_where_it_is),
	    T(help_fits_a_tall_terminal_whole),
	    T(each_role_starts_on_its_screen_with_its_tabs),
	    T(a_key_nothing_takes_says_so),
	    T(command_aliases_open_the_same_screens),
	    T(every_request_has_a_key_and_no_key_has_two),
	    T(number_keys_switch_screens),
	    T(command_prompt_runs_commands),
	    T(prompt_cancels_with_esc_or_backspace_when_empty),
	    T(q_closes_the_top_screen_and_quits_from_the_last),
	    T(capital_q_quits_at_once),
	    T(key_hints_show_what_fits_and_f2_toggles_them),
	    T(command_prompt_has_history_and_completion),
	    T(ctrl_l_asks_for_a_full_redraw),
	    T(a_tiny_terminal_says_so_instead_of_drawing),
	    T(the_loop_draws_resizes_polls_and_ends_with_input),
	    T(the_loop_stops_on_quit),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
