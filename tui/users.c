/* The Users screen: every staff user with role, status and when they were added; d disable, e enable, R role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "tui/list.h"
#include "tui/tui.h"
#include "tui/users.h"

typedef struct users {
	bo_tui *tui;
	/* every user, in name order as the directory lists them: the list
	 * pages through these (a directory is short, read at once) */
	bo_user *all;
	size_t nall;
	bo_list list;
	char *pending; /* the user a question is about */
	char status[96];
	/* not an admin: the screen says why instead of listing anybody */
	char refusal[160];
} users;

static void free_rows(bo_user *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_user_clear(&rows[i]);
	free(rows);
}

/* ---- the list ----------------------------------------------------------------- */

static int row_copy(void *dst, const void *src)
{
	bo_user *d = dst;
	const bo_user *u = src;

	*d = *u;
	return (d->name = strdup(u->name ? u->name : "")) ? 0 : BO_ENOMEM;
}

static void row_clear(void *row)
{
	bo_user_clear(row);
}

static bool row_same(const void *a, const void *b)
{
	return strcmp(((const bo_user *)a)->name, ((const bo_user *)b)->name) ==
	       0;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	users *p = ctx;

	if (bo_list_fetch_held(p->all, p->nall, anchor, backward, limit, out) <
	    0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory listing users");
	return BO_OK;
}

static int count(void *ctx, int64_t *out)
{
	*out = (int64_t)((users *)ctx)->nall;
	return 0;
}

enum { C_NAME, C_ROLE, C_STATUS, C_CREATED, C__N };

/* a role and a status are as wide as their longest word, so the columns
 * stay put when a user is disabled or given another role */
static const bo_list_column columns[C__N] = {
    [C_NAME] = {"NAME", 8, BO_USER_NAME_MAX, false, true, 0},
    [C_ROLE] = {"ROLE", 7, 7, false, false, 0},
    [C_STATUS] = {"STATUS", 8, 8, false, false, 0},
    [C_CREATED] = {"CREATED", 19, 19, false, false, 1},
};

static const char *cell(void *ctx, const void *row, int col, char *buf,
			size_t size, bo_style *style)
{
	users *p = ctx;
	const bo_user *u = row;

	switch (col) {
	case C_NAME:
		if (u->disabled)
			*style = BO_STYLE_DIM;
		return u->name;
	case C_ROLE:
		return bo_role_name(u->role);
	case C_STATUS:
		*style = u->disabled ? BO_STYLE_WARNING : BO_STYLE_OK;
		return u->disabled ? "disabled" : "enabled";
	default:
		*style = BO_STYLE_DIM;
		return bo_time_format_local(buf, size,
					    bo_tui_zone(p->tui),
					    u->created_at, true, false);
	}
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(bo_user),
    .columns = columns,
    .ncolumns = C__N,
    .fetch = fetch,
    .copy = row_copy,
    .clear = row_clear,
    .same = row_same,
    .cell = cell,
    .count = count,
};

static int keep_row(void *ctx, const bo_user *u)
{
	return bo_list_rows_add(ctx, u);
}

/* Reads the users again; the list then keeps the cursor on its user. */
static int load(users *p, bo_err *err)
{
	bo_list_rows r = {.ops = &list_ops};
	int rc = bo_app_user_list(bo_tui_app(p->tui), keep_row, &r, err);

	if (r.rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing users");
	if (rc < 0) {
		bo_list_rows_free(&r);
		return rc;
	}
	free_rows(p->all, p->nall);
	p->all = (bo_user *)(void *)r.rows;
	p->nall = r.n;
	return BO_OK;
}

static void reload(users *p)
{
	bo_err err;

	bo_err_clear(&err);
	if (load(p, &err) < 0)
		bo_tui_error(p->tui, &err);
	bo_list_reload(&p->list);
}

/* ---- the questions -------------------------------------------------------------- */

static int set_disabled(bo_screen *s, int yes, bool disabled)
{
	users *p = s->state;
	bo_app *app;
	bo_err err;
	int rc;

	bo_err_clear(&err);
	if (!yes || !p->pending) {
		bo_tui_message(p->tui, BO_STYLE_DIM, "nothing was changed");
		return BO_HANDLED;
	}
	app = bo_tui_command(p->tui);
	rc = disabled ? bo_app_user_disable(app, p->pending, &err)
		      : bo_app_user_enable(app, p->pending, &err);
	if (rc < 0)
		bo_tui_error(p->tui, &err);
	else
		bo_tui_message(p->tui, BO_STYLE_OK, "%s %s",
			       disabled ? "disabled" : "enabled", p->pending);
	reload(p);
	return BO_HANDLED;
}

static int disable_answer(bo_screen *s, int yes, const char *text)
{
	(void)text;
	return set_disabled(s, yes, true);
}

static int enable_answer(bo_screen *s, int yes, const char *text)
{
	(void)text;
	return set_disabled(s, yes, false);
}

static void ask_role(users *p, bo_screen *s, bool again, const char *typed);

static int role_answer(bo_screen *s, int yes, const char *text)
{
	users *p = s->state;
	bo_role role;
	bo_err err;

	bo_err_clear(&err);
	if (!yes || !p->pending) {
		bo_tui_message(p->tui, BO_STYLE_DIM, "nothing was changed");
		return BO_HANDLED;
	}
	/* an unknown name is asked again, keeping what was typed */
	if (bo_role_parse(&role, text, &err) < 0) {
		ask_role(p, s, true, text);
		return BO_HANDLED;
	}
	if (bo_app_user_set_role(bo_tui_command(p->tui), p->pending, text,
				 &err) < 0)
		bo_tui_error(p->tui, &err);
	else
		bo_tui_message(p->tui, BO_STYLE_OK,
			       "%s is %s from their next session", p->pending,
			       bo_role_name(role));
	reload(p);
	return BO_HANDLED;
}

/* The prompt takes half the line: the label stays short, and asked again
 * it says why instead of naming the user (whose row stays selected). */
static void ask_role(users *p, bo_screen *s, bool again, const char *typed)
{
	char label[128];

	/* the name is an identifier (no control characters); the overlay
	 * sanitises the label when drawing all the same */
	if (again)
		snprintf(label, sizeof(label),
			 "No such role; admin, support or manager:");
	else
		snprintf(label, sizeof(label),
			 "Role of %s (admin, support, manager):", p->pending);
	bo_tui_prompt(p->tui, s, label, typed, role_answer);
}

/* Remembers the selected user for a question; NULL when there is none. */
static const bo_user *pick(users *p)
{
	const bo_user *u = bo_list_current(&p->list);

	if (!u) {
		bo_tui_message(p->tui, BO_STYLE_WARNING, "no user selected");
		return NULL;
	}
	free(p->pending);
	if (!(p->pending = strdup(u->name))) {
		bo_tui_message(p->tui, BO_STYLE_ERROR, "out of memory");
		return NULL;
	}
	return u;
}

/* ---- keys --------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	users *p = s->state;
	const bo_user *u;
	char question[256];

	if (p->refusal[0] && (key == 'R' || req == BO_REQ_DELETE ||
			      req == BO_REQ_EDIT || req == BO_REQ_RELOAD)) {
		bo_tui_message(p->tui, BO_STYLE_WARNING, "%s", p->refusal);
		return BO_HANDLED;
	}
	/* R changes the role here; F5 still reloads */
	if (key == 'R') {
		if ((u = pick(p)))
			ask_role(p, s, false, bo_role_name(u->role));
		return BO_HANDLED;
	}
	if (bo_list_handle(&p->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_DELETE: /* d */
		if (!(u = pick(p)))
			break;
		snprintf(question, sizeof(question),
			 "Disable user %s (%s)? They may open no session "
			 "until enabled.",
			 u->name, bo_role_name(u->role));
		bo_tui_confirm(p->tui, s, question, disable_answer);
		break;
	case BO_REQ_EDIT: /* e */
		if (!(u = pick(p)))
			break;
		snprintf(question, sizeof(question), "Enable user %s (%s)?",
			 u->name, bo_role_name(u->role));
		bo_tui_confirm(p->tui, s, question, enable_answer);
		break;
	case BO_REQ_RELOAD:
		reload(p);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	users *p = s->state;

	if (height < 2)
		return;
	/* the header and the rows; a line of keys at the bottom */
	bo_list_draw(&p->list, c, top, height - 1,
		     p->refusal[0] ? "" : "no users");
	if (p->refusal[0]) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_WARNING, p->refusal,
			       c->cols - 4);
		return;
	}
	bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM,
		       "d disable  e enable  R role  F5 reload  Esc q close",
		       c->cols - 2);
}

static const char *status(bo_screen *s)
{
	users *p = s->state;
	size_t off = 0;
	char where[64];

	if (p->refusal[0])
		return NULL;
	for (size_t i = 0; i < p->nall; i++)
		off += p->all[i].disabled;
	bo_list_position(&p->list, where, sizeof(where));
	snprintf(p->status, sizeof(p->status), "%zu user%s, %zu disabled%s%s",
		 p->nall, p->nall == 1 ? "" : "s", off, *where ? ", " : "",
		 where);
	return p->status;
}

static void refresh(bo_screen *s)
{
	users *p = s->state;

	if (!p->refusal[0])
		reload(p);
}

static int open_users(bo_screen *s, bo_err *err)
{
	users *p = s->state;
	bo_app *app = bo_tui_app(s->tui);

	int rc;

	p->tui = s->tui;
	bo_list_init(&p->list, &list_ops, p, s->tui);
	p->list.sort_col = C_NAME;
	/* as the Projections tab: the number key and :users reach everybody,
	 * and the screen says up front that only admins manage users (the
	 * services refuse it all the same) */
	if (app->role != BO_ROLE_ADMIN) {
		snprintf(p->refusal, sizeof(p->refusal),
			 "user %s (%s) may not manage users; only an admin "
			 "may",
			 app->user, bo_role_name(app->role));
		return BO_OK;
	}
	if ((rc = load(p, err)) < 0)
		return rc;
	return bo_list_load(&p->list, NULL, err);
}

static void close_users(bo_screen *s)
{
	users *p = s->state;

	if (!p)
		return;
	bo_list_free(&p->list);
	free_rows(p->all, p->nall);
	free(p->pending);
	free(p);
}

/* A click selects a user. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((users *)s->state)->list, y);
}

/* The list's size, counted once the frame that shows it is up. */
static bool idle(bo_screen *s)
{
	return bo_list_idle(&((users *)s->state)->list);
}

const bo_screen_ops bo_users_screen_ops = {
    .name = "users",
    .title = "Users",
    .open = open_users,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_users,
    .click = click,
    .idle = idle,
};

int bo_users_open(bo_tui *t, bo_err *err)
{
	users *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_users_screen_ops, p, err);
}
