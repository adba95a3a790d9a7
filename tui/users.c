/* The Users screen: every staff user with role, status and when they were added; d disable, e enable, R role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "tui/tui.h"
#include "tui/users.h"

typedef struct users {
	bo_tui *tui;
	bo_user *rows; /* in name order, as the directory lists them */
	size_t n, cap;
	size_t cursor, scroll;
	int visible;
	char *pending; /* the user a question is about */
	char status[64];
	/* not an admin: the screen says why instead of listing anybody */
	char refusal[160];
} users;

static void free_rows(bo_user *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_user_clear(&rows[i]);
	free(rows);
}

/* The list being read: its own rows until it is whole. */
typedef struct reading {
	bo_user *rows;
	size_t n, cap;
	bool nomem;
} reading;

static int keep_row(void *ctx, const bo_user *u)
{
	reading *r = ctx;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		bo_user *rows = realloc(r->rows, cap * sizeof(*rows));

		if (!rows) {
			r->nomem = true;
			return BO_ENOMEM;
		}
		r->rows = rows;
		r->cap = cap;
	}
	r->rows[r->n] = *u;
	if (!(r->rows[r->n].name = strdup(u->name))) {
		r->nomem = true;
		return BO_ENOMEM;
	}
	r->n++;
	return 0;
}

/* Lists the users again; the cursor stays on the user it was on. */
static int load(users *p, bo_err *err)
{
	reading r = {0};
	const char *at = p->n ? p->rows[p->cursor].name : NULL;
	size_t cursor = 0;
	int rc = bo_app_user_list(bo_tui_app(p->tui), keep_row, &r, err);

	if (r.nomem)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory listing users");
	if (rc < 0) {
		free_rows(r.rows, r.n);
		return rc;
	}
	for (size_t i = 0; at && i < r.n; i++)
		if (strcmp(r.rows[i].name, at) == 0)
			cursor = i;
	free_rows(p->rows, p->n);
	p->rows = r.rows;
	p->n = r.n;
	p->cursor = cursor;
	return BO_OK;
}

static void reload(users *p)
{
	bo_err err;

	bo_err_clear(&err);
	if (load(p, &err) < 0)
		bo_tui_error(p->tui, &err);
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
	const bo_user *u = p->n ? &p->rows[p->cursor] : NULL;

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

static void move(users *p, long by)
{
	long to = (long)p->cursor + by;

	if (!p->n)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)p->n)
		to = (long)p->n - 1;
	p->cursor = (size_t)to;
}

static int handle(bo_screen *s, bo_request req, int key)
{
	users *p = s->state;
	long page = p->visible > 1 ? p->visible - 1 : 1;
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
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		move(p, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		move(p, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		move(p, page);
		break;
	case BO_REQ_PAGE_UP:
		move(p, -page);
		break;
	case BO_REQ_FIRST:
		p->cursor = 0;
		break;
	case BO_REQ_LAST:
		move(p, (long)p->n);
		break;
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
	const bo_zone *zone = bo_tui_app(p->tui)->ports->zone;
	int w_role = 8, w_status = 9, w_created = 19, w_name, x, rows;

	w_name = c->cols - 2 - (w_role + 1) - (w_status + 1) - w_created;
	if (w_name > BO_USER_NAME_MAX)
		w_name = BO_USER_NAME_MAX;
	if (w_name < 8)
		w_name = 8;
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "NAME", w_name);
	x += w_name + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "ROLE", w_role);
	x += w_role + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "STATUS", w_status);
	x += w_status + 1;
	bo_canvas_text(c, top, x, BO_STYLE_HEADER, "CREATED", w_created);
	rows = height - 2; /* and a line of keys at the bottom */
	p->visible = rows;
	if (rows < 1)
		return;
	if (p->refusal[0]) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_WARNING, p->refusal,
			       c->cols - 4);
		return;
	}
	bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM,
		       "d disable  e enable  R role  F5 reload  Esc q close",
		       c->cols - 2);
	if (!p->n) {
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM, "no users",
			       c->cols - 4);
		return;
	}
	if (p->cursor < p->scroll)
		p->scroll = p->cursor;
	if (p->cursor >= p->scroll + (size_t)rows)
		p->scroll = p->cursor - (size_t)rows + 1;
	for (int r = 0; r < rows && p->scroll + (size_t)r < p->n; r++) {
		size_t i = p->scroll + (size_t)r;
		const bo_user *u = &p->rows[i];
		int y = top + 1 + r;
		char when[BO_TIME_BUFSZ];

		x = 1;
		bo_canvas_text(c, y, x,
			       u->disabled ? BO_STYLE_DIM : BO_STYLE_NORMAL,
			       u->name, w_name);
		x += w_name + 1;
		bo_canvas_text(c, y, x, BO_STYLE_NORMAL, bo_role_name(u->role),
			       w_role);
		x += w_role + 1;
		bo_canvas_text(c, y, x,
			       u->disabled ? BO_STYLE_WARNING : BO_STYLE_OK,
			       u->disabled ? "disabled" : "enabled", w_status);
		x += w_status + 1;
		bo_time_format_local(when, sizeof(when), zone, u->created_at,
				     true, false);
		bo_canvas_text(c, y, x, BO_STYLE_DIM, when, w_created);
		if (i == p->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	if (p->scroll > 0)
		bo_canvas_text(c, top + 1, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (p->scroll + (size_t)rows < p->n)
		bo_canvas_text(c, top + rows, c->cols - 1, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static const char *status(bo_screen *s)
{
	users *p = s->state;
	size_t off = 0;

	if (p->refusal[0])
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		off += p->rows[i].disabled;
	snprintf(p->status, sizeof(p->status), "%zu user%s, %zu disabled", p->n,
		 p->n == 1 ? "" : "s", off);
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

	p->tui = s->tui;
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
	return load(p, err);
}

static void close_users(bo_screen *s)
{
	users *p = s->state;

	if (!p)
		return;
	free_rows(p->rows, p->n);
	free(p->pending);
	free(p);
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
};

int bo_users_open(bo_tui *t, bo_err *err)
{
	users *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_users_screen_ops, p, err);
}
