/* The Users screen under scripted keys: the list, disable/enable behind y/N, a role prompt that keeps a bad name, admins only. */
#include "tests/tui/tui_fixture.h"

static int setup(void **state)
{
	fx *f;

	if (fx_setup_rows(state, 24, 80) < 0)
		return -1;
	f = *state;
	fx_open_as(f, "alice");
	return 0;
}

static void command(fx *f, const char *line)
{
	fx_key(f, ':');
	fx_type(f, line);
	fx_key(f, BO_KEY_ENTER);
}

static void user_is(fx *f, const char *name, bo_role role, bool disabled)
{
	bo_user u;
	bo_err err;

	FX_OK(bo_user_dir_get(&f->ports.users, name, &u, &err), &err);
	assert_int_equal(u.role, role);
	assert_int_equal(u.disabled, disabled);
	bo_user_clear(&u);
}

static void admins_see_the_users_tab_and_list(void **state)
{
	fx *f = *state;

	SCREEN_HAS(f, "5 Users");
	fx_key(f, '5');
	SCREEN_IS(f, "users_list_80x24");
	int rows = f->c->rows, cols = f->c->cols;

	fx_resize(f, 40, 120);
	SCREEN_IS(f, "users_list_120x40");
	STYLES_ARE(f, "users_list_120x40_styles");
	fx_resize(f, rows, cols);
	SCREEN_HAS(f, "3 users, 0 disabled");
	assert_true(fx_selected(f, "alice"));
	fx_key(f, 'q');
	command(f, "users");
	SCREEN_HAS(f, "NAME");
	SCREEN_HAS(f, "mia");
}

static void support_has_no_users_tab_and_is_refused(void **state)
{
	fx *f = *state;

	fx_open_as(f, "bob");
	SCREEN_LACKS(f, "Users");
	SCREEN_HAS(f, "3 Dashboard"); /* the tab bar is there, without 5 */
	/* :users and 5 say why, and list nobody */
	command(f, "users");
	SCREEN_HAS(f, "user bob (support) may not manage users; only an admin");
	SCREEN_LACKS(f, "alice");
	fx_key(f, 'd');
	SCREEN_HAS(f, "may not manage users");
	fx_key(f, 'q');
	fx_key(f, '5');
	SCREEN_HAS(f, "may not manage users");
	SCREEN_LACKS(f, "mia");
	fx_open_as(f, "mia");
	SCREEN_LACKS(f, "Users");
}

static void disable_and_enable_ask_first(void **state)
{
	fx *f = *state;

	command(f, "users");
	fx_key(f, 'j'); /* bob */
	assert_true(fx_selected(f, "bob"));
	fx_key(f, 'd');
	SCREEN_HAS(f, "Disable user bob (support)?");
	fx_key(f, 'n');
	SCREEN_HAS(f, "nothing was changed");
	user_is(f, "bob", BO_ROLE_SUPPORT, false);
	fx_key(f, 'd');
	fx_key(f, 'y');
	SCREEN_HAS(f, "disabled bob");
	user_is(f, "bob", BO_ROLE_SUPPORT, true);
	SCREEN_IS(f, "users_bob_disabled_80x24");
	assert_true(fx_selected(f, "bob"));
	fx_key(f, 'e');
	SCREEN_HAS(f, "Enable user bob (support)?");
	fx_key(f, 'y');
	SCREEN_HAS(f, "enabled bob");
	user_is(f, "bob", BO_ROLE_SUPPORT, false);
}

static void refusals_are_one_line_and_change_nothing(void **state)
{
	fx *f = *state;
	bo_err err;

	command(f, "users"); /* the cursor is on alice, the only admin */
	fx_key(f, 'd');
	fx_key(f, 'y');
	SCREEN_HAS(f, "user alice is the store's last enabled admin");
	user_is(f, "alice", BO_ROLE_ADMIN, false);
	/* with another admin, alice still may not demote herself */
	FX_OK(bo_app_user_set_role(&f->other, "mia", "admin", &err), &err);
	fx_key(f, BO_KEY_F5);
	fx_key(f, 'R');
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, "support");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "user alice is you");
	user_is(f, "alice", BO_ROLE_ADMIN, false);
}

static void role_prompt_keeps_a_bad_name_and_then_changes_it(void **state)
{
	fx *f = *state;

	command(f, "users");
	fx_key(f, 'G'); /* mia, manager */
	assert_true(fx_selected(f, "mia"));
	fx_key(f, 'R');
	SCREEN_HAS(f, "Role of mia (admin, support, manager):");
	SCREEN_HAS(f, "manager");
	/* Esc changes nothing */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "nothing was changed");
	fx_key(f, 'R');
	fx_key(f, BO_KEY_CTRL('U')); /* the line, emptied */
	fx_type(f, "boss");
	fx_key(f, BO_KEY_ENTER);
	/* asked again with the reason, what was typed kept */
	SCREEN_HAS(f, "No such role; admin, support or manager: boss");
	SCREEN_HAS(f, "boss");
	SCREEN_IS(f, "users_role_refused_80x24");
	user_is(f, "mia", BO_ROLE_MANAGER, false);
	for (int i = 0; i < 4; i++)
		fx_key(f, BO_KEY_BACKSPACE);
	fx_type(f, "support");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_HAS(f, "mia is support from their next session");
	user_is(f, "mia", BO_ROLE_SUPPORT, false);
}

/* The list moves as the other lists do: Ctrl-D / Ctrl-U, Space, g / G,
 * the place in the status bar, a click selecting a row. */
static void the_list_moves_as_the_others_and_takes_clicks(void **state)
{
	fx *f = *state;
	int row;

	command(f, "users");
	assert_true(fx_selected(f, "alice"));
	fx_key(f, BO_KEY_CTRL('D'));
	assert_true(fx_selected(f, "mia")); /* half a page: past the end */
	SCREEN_HAS(f, "row 3 of 3");
	fx_key(f, BO_KEY_CTRL('U'));
	assert_true(fx_selected(f, "alice"));
	fx_key(f, ' ');
	assert_true(fx_selected(f, "mia"));
	fx_key(f, 'g');
	assert_true(fx_selected(f, "alice"));
	SCREEN_HAS(f, "row 1 of 3");
	row = fx_row_of(f, "bob");
	assert_true(row > 1);
	fx_key(f, BO_KEY_CLICK(row, 5));
	assert_true(fx_selected(f, "bob"));
	SCREEN_HAS(f, "row 2 of 3");
	fx_key(f, BO_KEY_CLICK(row, 5)); /* again: nothing to open */
	assert_true(fx_selected(f, "bob"));
	fx_key(f, BO_KEY_CLICK(15, 5)); /* below the rows */
	assert_true(fx_selected(f, "bob"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(admins_see_the_users_tab_and_list),
	    T(support_has_no_users_tab_and_is_refused),
	    T(disable_and_enable_ask_first),
	    T(refusals_are_one_line_and_change_nothing),
	    T(role_prompt_keeps_a_bad_name_and_then_changes_it),
	    T(the_list_moves_as_the_others_and_takes_clicks),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
