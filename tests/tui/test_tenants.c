/* The tenant picker and `:tenant NAME` under scripted keys: the list, the cursor, switch requests, refusals. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

/* What the composition root would hand the TUI: the installation's own
 * tenant first, then the registered ones in name order. */
typedef struct source {
	int calls;
	int refuse; /* 0, or the status to fail with */
} source;

static const char *const rows[][4] = {
    {"shop", "EUR", "UTC", "memory"},
    {"berlin", "EUR", "Europe/Berlin", "sqlite"},
    {"tokyo", "JPY", "Asia/Tokyo", "postgresql"},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static int list_tenants(void *self, bo_tenant **out, size_t *n, bo_err *err)
{
	source *s = self;
	bo_tenant *t;

	s->calls++;
	if (s->refuse == BO_EPERM)
		return bo_err_set(err, BO_EPERM,
				  "user bob (support) may not manage tenants");
	if (s->refuse)
		return bo_err_set(err, s->refuse, "the registry is away");
	if (!(t = calloc(NROWS, sizeof(*t))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < NROWS; i++) {
		t[i].name = strdup(rows[i][0]);
		memcpy(t[i].currency, rows[i][1], 4);
		t[i].time_zone = strdup(rows[i][2]);
		t[i].backend = strdup(rows[i][3]);
	}
	*out = t;
	*n = NROWS;
	return BO_OK;
}

static source src;

/* Opens the TUI as user with the source above (NULL: none offered). */
static void open_with(fx *f, const char *user, bool offered)
{
	bo_tui_options opt = {.unicode = f->unicode};
	bo_err err;

	if (offered) {
		opt.tenants = list_tenants;
		opt.tenants_self = &src;
	}
	if (f->tui) {
		bo_tui_free(f->tui);
		bo_app_close(&f->app);
		f->tui = NULL;
	}
	FX_OK(bo_app_open(&f->app, &f->ports, &f->clock, &f->ids, user, &err),
	      &err);
	FX_OK(bo_tui_new(&f->tui, &f->app, &opt, &err), &err);
}

static int setup(void **state)
{
	fx *f;

	src = (source){0};
	if (fx_setup_rows(state, 12, 80) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	open_with(f, "alice", true);
	return 0;
}

static void command(fx *f, const char *line)
{
	fx_key(f, ':');
	fx_type(f, line);
	fx_key(f, BO_KEY_ENTER);
}

static void the_picker_lists_the_tenants_with_the_open_one_marked(void **state)
{
	fx *f = *state;

	command(f, "tenant");
	assert_int_equal(src.calls, 1);
	SCREEN_IS(f, "tenants_picker");
	STYLES_ARE(f, "tenants_picker_styles");
	SCREEN_HAS(f, "3 tenants");
	/* the cursor starts on the tenant open now */
	assert_true(fx_selected(f, "shop"));
	f->unicode = false;
	open_with(f, "alice", true);
	fx_key(f, 'T');
	SCREEN_IS(f, "tenants_picker_ascii");
}

static void the_cursor_moves_and_enter_asks_for_the_switch(void **state)
{
	fx *f = *state;

	command(f, "tenant");
	fx_key(f, 'j');
	assert_true(fx_selected(f, "berlin"));
	fx_key(f, BO_KEY_DOWN);
	assert_true(fx_selected(f, "tokyo"));
	/* moving stops at the ends */
	fx_key(f, 'j');
	assert_true(fx_selected(f, "tokyo"));
	fx_key(f, 'k');
	assert_true(fx_selected(f, "berlin"));
	fx_key(f, 'g');
	assert_true(fx_selected(f, "shop"));
	fx_key(f, 'G');
	assert_true(fx_selected(f, "tokyo"));
	fx_key(f, BO_KEY_UP);
	assert_null(bo_tui_switch_request(f->tui));
	fx_key(f, BO_KEY_ENTER);
	assert_true(f->flags & BO_SWITCH);
	assert_false(f->flags & BO_QUIT);
	assert_string_equal(bo_tui_switch_request(f->tui), "berlin");
	SCREEN_HAS(f, "opening tenant berlin...");
}

/* As the other lists: half pages, the place in the status bar, a click
 * selecting a tenant and a second click switching (as Enter). */
static void half_pages_and_clicks_as_the_other_lists(void **state)
{
	fx *f = *state;
	int row;

	command(f, "tenant");
	assert_true(fx_selected(f, "shop")); /* drawn: a page is known */
	fx_key(f, BO_KEY_CTRL('D'));
	assert_true(fx_selected(f, "tokyo"));
	SCREEN_HAS(f, "3 tenants, row 3 of 3");
	fx_key(f, BO_KEY_CTRL('U'));
	assert_true(fx_selected(f, "shop"));
	row = fx_row_of(f, "berlin");
	assert_true(row > 1);
	fx_key(f, BO_KEY_CLICK(row, 10));
	assert_true(fx_selected(f, "berlin"));
	SCREEN_HAS(f, "row 2 of 3");
	assert_null(bo_tui_switch_request(f->tui));
	fx_key(f, BO_KEY_CLICK(row, 10));
	assert_true(f->flags & BO_SWITCH);
	assert_string_equal(bo_tui_switch_request(f->tui), "berlin");
}

static void enter_on_the_open_tenant_just_says_so(void **state)
{
	fx *f = *state;

	command(f, "tenant");
	fx_key(f, BO_KEY_ENTER);
	assert_false(f->flags & BO_SWITCH);
	assert_null(bo_tui_switch_request(f->tui));
	SCREEN_HAS(f, "tenant shop is open already");
	SCREEN_HAS(f, "Tenants");
	/* Esc and q close the picker */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "MUG-1");
	fx_key(f, 'T');
	SCREEN_HAS(f, "3 tenants");
	fx_key(f, 'q');
	SCREEN_HAS(f, "MUG-1");
	assert_false(f->flags & BO_QUIT);
	assert_int_equal(src.calls, 2);
}

static void tenant_name_asks_for_that_tenant(void **state)
{
	fx *f = *state;

	command(f, "tenant shop");
	assert_false(f->flags & BO_SWITCH);
	SCREEN_HAS(f, "tenant shop is open already");
	command(f, "tenant Not/A/Name");
	assert_false(f->flags & BO_SWITCH);
	SCREEN_HAS(f, "tenant name must be 1 to 40 of a-z, 0-9, _ and -");
	assert_null(bo_tui_switch_request(f->tui));
	/* a tenant the list does not show is for the caller to judge */
	command(f, "tenant elsewhere");
	assert_true(f->flags & BO_SWITCH);
	assert_string_equal(bo_tui_switch_request(f->tui), "elsewhere");
	/* the source is not asked for a named switch */
	assert_int_equal(src.calls, 0);
}

static void without_a_source_switching_is_not_offered(void **state)
{
	fx *f = *state;

	open_with(f, "alice", false);
	command(f, "tenant");
	SCREEN_IS(f, "tenants_not_offered");
	command(f, "tenant tokyo");
	assert_false(f->flags & BO_SWITCH);
	assert_null(bo_tui_switch_request(f->tui));
	SCREEN_HAS(f, "switching tenants is not offered here");
	fx_key(f, 'T');
	SCREEN_HAS(f, "switching tenants is not offered here");
	SCREEN_HAS(f, "MUG-1");
}

static void
a_refused_list_is_one_line_and_a_named_switch_still_goes(void **state)
{
	fx *f = *state;

	src.refuse = BO_EPERM;
	open_with(f, "bob", true);
	command(f, "tenant");
	SCREEN_IS(f, "tenants_refused");
	SCREEN_LACKS(f, "Tenants");
	command(f, "tenant tokyo");
	assert_true(f->flags & BO_SWITCH);
	assert_string_equal(bo_tui_switch_request(f->tui), "tokyo");
	/* another failure says what it was */
	src.refuse = BO_ESTORAGE;
	command(f, "tenant");
	SCREEN_HAS(f, "the registry is away");
}

static void unknown_commands_and_help_name_tenant(void **state)
{
	fx *f = *state;

	bo_canvas_free(f->c);
	f->c = bo_canvas_new(24, 160, true);
	assert_non_null(f->c);
	command(f, "tenantz");
	SCREEN_HAS(f, ":tenant [NAME]");
	assert_int_equal(bo_canvas_resize(f->c, 90, 160), 0);
	fx_key(f, '?');
	SCREEN_HAS(f, "switch tenant: the list (:tenant), or :tenant NAME");
	SCREEN_HAS(f, ":users :alerts :tenant [NAME] :export FILE");
}

/* ---- the loop ends with the request ------------------------------------------ */

typedef struct script {
	const int *keys;
	size_t n, next;
	int presents;
	char *last;
} script;

static int script_read(void *self, int timeout_ms, int *key)
{
	script *s = self;

	(void)timeout_ms;
	if (s->next >= s->n)
		return -1;
	*key = s->keys[s->next++];
	return 0;
}

static void script_size(void *self, int *rows_, int *cols)
{
	(void)self;
	*rows_ = 12;
	*cols = 80;
}

static void script_present(void *self, const bo_canvas *c, bool full)
{
	script *s = self;

	(void)full;
	s->presents++;
	free(s->last);
	s->last = bo_canvas_to_text(c, false);
}

static void the_loop_ends_with_a_switch_request(void **state)
{
	fx *f = *state;
	static const int keys[] = {'T', 'G', BO_KEY_ENTER, 'j', 'j'};
	script s = {keys, sizeof(keys) / sizeof(keys[0]), 0, 0, NULL};
	bo_tui_io io = {script_read, script_size, script_present, &s, NULL};

	assert_int_equal(bo_tui_run(f->tui, &io), BO_TUI_SWITCH);
	assert_int_equal(s.next, 3);
	assert_string_equal(bo_tui_switch_request(f->tui), "tokyo");
	/* the last frame says what is happening while the caller opens it */
	assert_non_null(s.last);
	assert_non_null(strstr(s.last, "opening tenant tokyo..."));
	free(s.last);
}

static void the_loop_still_quits_with_no_request(void **state)
{
	fx *f = *state;
	static const int keys[] = {'T', 'Q'};
	script s = {keys, 2, 0, 0, NULL};
	bo_tui_io io = {script_read, script_size, script_present, &s, NULL};

	assert_int_equal(bo_tui_run(f->tui, &io), BO_OK);
	assert_null(bo_tui_switch_request(f->tui));
	free(s.last);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(the_picker_lists_the_tenants_with_the_open_one_marked),
	    T(the_cursor_moves_and_enter_asks_for_the_switch),
	    T(enter_on_the_open_tenant_just_says_so),
	    T(tenant_name_asks_for_that_tenant),
	    T(without_a_source_switching_is_not_offered),
	    T(a_refused_list_is_one_line_and_a_named_switch_still_goes),
	    T(unknown_commands_and_help_name_tenant),
	    T(half_pages_and_clicks_as_the_other_lists),
	    T(the_loop_ends_with_a_switch_request),
	    T(the_loop_still_quits_with_no_request),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
