/* The screen manager: screen stack, screen table and switching, key dispatch, frame (title, status), loop, live refresh. */
#include "tui/tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/present.h"
#include "tui/alerts.h"
#include "tui/dashboard.h"
#include "tui/orders.h"
#include "tui/products.h"
#include "tui/projections_screen.h"
#include "tui/tenants.h"
#include "tui/timeline.h"
#include "tui/tui_impl.h"
#include "tui/users.h"

/* ---- placeholder screens (later issues fill them in) --------------------- */

typedef struct placeholder {
	char *title;
} placeholder;

static int placeholder_open(bo_screen *s, bo_err *err)
{
	(void)s;
	(void)err;
	return BO_OK;
}

static int placeholder_handle(bo_screen *s, bo_request req, int key)
{
	(void)s;
	(void)key;
	return req == BO_REQ_BACK ? BO_CLOSE : BO_IGNORED;
}

static void placeholder_draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	placeholder *p = s->state;
	char line[200];

	(void)height;
	snprintf(line, sizeof(line), "%s: not available yet", p->title);
	bo_canvas_text(c, top + 1, 2, BO_STYLE_DIM, line, c->cols - 4);
}

static void placeholder_close(bo_screen *s)
{
	placeholder *p = s->state;

	if (p)
		free(p->title);
	free(p);
}

static const bo_screen_ops placeholder_ops = {
    .name = "placeholder",
    .title = "",
    .open = placeholder_open,
    .handle = placeholder_handle,
    .draw = placeholder_draw,
    .close = placeholder_close,
};

/* ---- the stack ------------------------------------------------------------ */

bo_screen *bo_tui_top(bo_tui *t)
{
	return t->depth ? &t->stack[t->depth - 1] : NULL;
}

void bo_tui_pop(bo_tui *t)
{
	bo_screen *s = bo_tui_top(t);

	if (!s)
		return;
	if (t->overlay != OV_NONE && t->asker == t->depth - 1) {
		t->overlay = OV_NONE;
		free(t->question);
		t->question = NULL;
	}
	s->ops->close(s);
	memset(s, 0, sizeof(*s));
	t->depth--;
	/* a write made above (this process's own: the store's change
	 * counter does not see those) shows in the screens below */
	if (t->wrote) {
		t->wrote = false;
		for (int i = 0; i < t->depth; i++)
			if (t->stack[i].ops->refresh)
				t->stack[i].ops->refresh(&t->stack[i]);
	}
}

int bo_tui_push(bo_tui *t, const bo_screen_ops *ops, void *state, bo_err *err)
{
	bo_screen *s;
	int rc;

	if (t->depth == STACK_MAX) {
		bo_screen tmp = {ops, t, state};

		ops->close(&tmp);
		return bo_err_set(err, BO_EUSAGE,
				  "too many screens are open; close one with "
				  "q");
	}
	s = &t->stack[t->depth++];
	*s = (bo_screen){ops, t, state};
	if ((rc = ops->open(s, err)) < 0)
		bo_tui_pop(t);
	return rc;
}

bo_screen *bo_tui_below(bo_tui *t, bo_screen *s)
{
	for (int i = 1; i < t->depth; i++)
		if (&t->stack[i] == s)
			return &t->stack[i - 1];
	return NULL;
}

static int push_placeholder(bo_tui *t, const char *title, bo_err *err)
{
	placeholder *p = calloc(1, sizeof(*p));

	if (!p || !(p->title = strdup(title))) {
		free(p);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &placeholder_ops, p, err);
}

/* ---- the screens ----------------------------------------------------------- */

#define ROLE(r) (1u << (r))
#define EVERY_ROLE                                                             \
	(ROLE(BO_ROLE_ADMIN) | ROLE(BO_ROLE_SUPPORT) | ROLE(BO_ROLE_MANAGER))

static int open_products(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_products_open(t, err);
}

static int open_orders(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_orders_open(t, err);
}

static int open_dashboard(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_dashboard_open(t, err);
}

static int open_projections(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_projections_screen_open(t, err);
}

static int open_users(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_users_open(t, err);
}

static int open_alerts(bo_tui *t, int64_t id, bo_err *err)
{
	(void)id;
	return bo_alerts_open(t, err);
}

static int open_order(bo_tui *t, int64_t id, bo_err *err)
{
	return bo_timeline_open(t, id, err);
}

/*
 * The one table of screens: the tab bar, the number keys, the `:` commands
 * and the start screen all read it. A row with a request is a tab: it
 * replaces the whole stack; one without opens on top of the current screen.
 */
const screen_row bo_tui_screens[] = {
    {"products", "p", "Products", BO_REQ_VIEW_PRODUCTS, false, EVERY_ROLE,
     ROLE(BO_ROLE_ADMIN), open_products},
    {"orders", "os", "Orders", BO_REQ_VIEW_ORDERS, false, EVERY_ROLE,
     ROLE(BO_ROLE_SUPPORT), open_orders},
    {"dashboard", "dash", "Dashboard", BO_REQ_VIEW_DASHBOARD, false, EVERY_ROLE,
     ROLE(BO_ROLE_MANAGER), open_dashboard},
    /* read models are admin upkeep: the key still says so to others */
    {"projections", "proj", "Projections", BO_REQ_VIEW_PROJECTIONS, false,
     ROLE(BO_ROLE_ADMIN), 0, open_projections},
    /* the staff directory is the admins' too */
    {"users", NULL, "Users", BO_REQ_VIEW_USERS, false, ROLE(BO_ROLE_ADMIN), 0,
     open_users},
    {"alerts", NULL, "Alerts", BO_REQ_NONE, false, EVERY_ROLE, 0, open_alerts},
    {"order", "o", "Order", BO_REQ_NONE, true, EVERY_ROLE, 0, open_order},
    {"timeline", NULL, "Order", BO_REQ_NONE, true, EVERY_ROLE, 0, open_order},
};

_Static_assert(sizeof(bo_tui_screens) / sizeof(bo_tui_screens[0]) ==
		   SCREEN_COUNT,
	       "SCREEN_COUNT counts the rows of bo_tui_screens");

/* The row a number key's request opens, or -1. */
static int screen_of_request(bo_request req)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (req != BO_REQ_NONE && bo_tui_screens[i].request == req)
			return i;
	return -1;
}

/* The row the user's role starts on (the first row when none says so). */
static int start_screen(bo_role role)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (bo_tui_screens[i].start_roles & ROLE(role))
			return i;
	return 0;
}

/* Replaces the whole stack with tab row i. */
void bo_tui_switch_to(bo_tui *t, int i)
{
	bo_err err;

	bo_err_clear(&err);
	while (t->depth)
		bo_tui_pop(t);
	t->base = i;
	if (bo_tui_screens[i].open(t, 0, &err) < 0) {
		bo_tui_error(t, &err);
		/* never leave an empty stack behind a failed open */
		if (!t->depth)
			push_placeholder(t, bo_tui_screens[i].title, &err);
	}
}

/* Opens row i with id (when it needs one): a tab replaces the stack. */
void bo_tui_open_screen(bo_tui *t, int i, int64_t id)
{
	bo_err err;

	bo_err_clear(&err);
	if (bo_tui_screens[i].request != BO_REQ_NONE)
		bo_tui_switch_to(t, i);
	else if (bo_tui_screens[i].open(t, id, &err) < 0)
		bo_tui_error(t, &err);
}

/* ---- construction ---------------------------------------------------------- */

int bo_tui_new(bo_tui **out, bo_app *app, const bo_tui_options *opt,
	       bo_err *err)
{
	bo_tui *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (!t)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	t->app = app;
	if (opt)
		t->opt = *opt;
	if (t->opt.refresh_ms <= 0)
		t->opt.refresh_ms = 500;
	t->hints_off = t->opt.hints_off;
	t->asker = -1;
	t->live = bo_store_data_version(&app->ports->store, &t->data_version,
					NULL) == BO_OK;
	t->base = start_screen(app->role);
	if ((rc = bo_tui_screens[t->base].open(t, 0, err)) < 0) {
		bo_tui_free(t);
		return rc;
	}
	*out = t;
	return BO_OK;
}

void bo_tui_free(bo_tui *t)
{
	if (!t)
		return;
	while (t->depth)
		bo_tui_pop(t);
	free(t->question);
	free(t->export_path);
	free(t->switch_name);
	for (int i = 0; i < t->nhistory; i++)
		free(t->history[i]);
	bo_field_free(&t->input);
	bo_text_box_free(&t->box);
	free(t);
}

bo_app *bo_tui_app(bo_tui *t)
{
	t->app->command_id = NULL;
	return t->app;
}

bo_app *bo_tui_command(bo_tui *t)
{
	bo_ids_uuid(&t->app->ids, t->command_id);
	t->app->command_id = t->command_id;
	t->wrote = true;
	return t->app;
}

const char *bo_tui_thousands(const bo_tui *t)
{
	return t->opt.thousands;
}

const char *bo_tui_money(const bo_tui *t, char *buf, int64_t amount)
{
	char plain[BO_MONEY_BUFSZ];

	bo_money_format(plain, amount, &t->app->currency);
	return bo_group_digits(buf, BO_TUI_MONEY_BUFSZ, plain,
			       t->opt.thousands);
}

bool bo_tui_idle(bo_tui *t)
{
	bo_screen *s = bo_tui_top(t);

	return s && s->ops->idle && s->ops->idle(s);
}

const bo_zone *bo_tui_zone(const bo_tui *t)
{
	return t->opt.utc_times ? NULL : t->app->ports->zone;
}

bool bo_tui_unicode(const bo_tui *t)
{
	return t->opt.unicode;
}

/* ---- tenants ---------------------------------------------------------------- */

bool bo_tui_switching(const bo_tui *t)
{
	return t->opt.tenants != NULL;
}

int bo_tui_tenants(bo_tui *t, bo_tenant **out, size_t *n, bo_err *err)
{
	*out = NULL;
	*n = 0;
	if (!t->opt.tenants)
		return bo_err_set(err, BO_EUSAGE,
				  "switching tenants is not offered here");
	return t->opt.tenants(t->opt.tenants_self, out, n, err);
}

int bo_tui_switch(bo_tui *t, const char *name)
{
	bo_err err;
	char *copy;

	bo_err_clear(&err);
	if (!t->opt.tenants) {
		bo_tui_message(t, BO_STYLE_WARNING,
			       "switching tenants is not offered here");
		return BO_HANDLED;
	}
	if (bo_tenant_validate(name, &err) < 0) {
		bo_tui_error(t, &err);
		return BO_HANDLED;
	}
	if (strcmp(name, t->app->tenant) == 0) {
		bo_tui_message(t, BO_STYLE_NORMAL, "tenant %s is open already",
			       name);
		return BO_HANDLED;
	}
	if (!(copy = strdup(name))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	free(t->switch_name);
	t->switch_name = copy;
	bo_tui_message(t, BO_STYLE_NORMAL, "opening tenant %s...", name);
	return BO_HANDLED | BO_SWITCH;
}

const char *bo_tui_switch_request(const bo_tui *t)
{
	return t->switch_name;
}

/* `:tenant` alone, or T: the picker, or one line saying why there is none. */
void bo_tui_open_tenants(bo_tui *t)
{
	bo_err err;

	bo_err_clear(&err);
	if (!t->opt.tenants) {
		bo_tui_message(t, BO_STYLE_WARNING,
			       "switching tenants is not offered here");
		return;
	}
	if (bo_tenants_open(t, &err) < 0) {
		if (err.code == BO_EPERM)
			bo_tui_message(
			    t, BO_STYLE_ERROR,
			    "only an admin of the installation lists "
			    "its tenants; try :tenant NAME");
		else
			bo_tui_error(t, &err);
	}
}

/* ---- messages ------------------------------------------------------------- */

void bo_tui_message(bo_tui *t, bo_style role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_role = role;
}

void bo_tui_error(bo_tui *t, const bo_err *err)
{
	const char *msg = err && err->msg[0]
			      ? err->msg
			      : bo_status_text(err ? err->code : BO_ESTORAGE);

	bo_tui_message(t, BO_STYLE_ERROR, "%s", msg);
}

/* ---- keys ------------------------------------------------------------------- */

static int global_key(bo_tui *t, bo_request req)
{
	switch (req) {
	case BO_REQ_QUIT:
		return BO_QUIT;
	case BO_REQ_CLOSE:
	case BO_REQ_BACK:
		if (t->depth > 1 || req == BO_REQ_CLOSE) {
			bo_tui_pop(t);
			return t->depth ? BO_HANDLED : BO_QUIT;
		}
		return BO_HANDLED;
	case BO_REQ_HELP:
		t->overlay = OV_HELP;
		t->help_top = 0;
		return BO_HANDLED;
	case BO_REQ_PROMPT:
		t->history_at = t->nhistory;
		bo_tui_ask(t, OV_PROMPT, NULL, ":", NULL, NULL);
		return BO_HANDLED;
	case BO_REQ_TENANTS:
		bo_tui_open_tenants(t);
		return BO_HANDLED;
	case BO_REQ_REDRAW:
		return BO_HANDLED | BO_REDRAW;
	case BO_REQ_HINTS:
		t->hints_off = !t->hints_off;
		bo_tui_message(t, BO_STYLE_DIM, "key hints %s (F2 %s them)",
			       t->hints_off ? "hidden" : "shown",
			       t->hints_off ? "shows" : "hides");
		return BO_HANDLED;
	case BO_REQ_SAVE:
		/* every list exports what it shows */
		if (!bo_tui_top(t) || !bo_tui_top(t)->ops->export_csv)
			return BO_IGNORED;
		bo_tui_ask_export(t, bo_tui_top(t), bo_tui_top(t)->ops->name);
		return BO_HANDLED;
	case BO_REQ_RELOAD:
		for (int i = 0; i < t->depth; i++)
			if (t->stack[i].ops->refresh)
				t->stack[i].ops->refresh(&t->stack[i]);
		return BO_HANDLED;
	default:
		if (screen_of_request(req) >= 0) {
			bo_tui_switch_to(t, screen_of_request(req));
			return BO_HANDLED;
		}
		return BO_IGNORED;
	}
}

/* Whether every open screen lets the program end now (screen.h may_quit). */
static bool may_quit(bo_tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].ops->may_quit &&
		    !t->stack[i].ops->may_quit(&t->stack[i]))
			return false;
	return true;
}

/* A key nobody took: say so, rather than nothing (not for the mouse). */
static void unknown_key(bo_tui *t, int key)
{
	char name[32];

	if (key == BO_KEY_NONE || key == BO_KEY_WHEEL_UP ||
	    key == BO_KEY_WHEEL_DOWN || key == BO_KEY_RESIZE)
		return;
	bo_tui_message(t, BO_STYLE_DIM,
		       "%s does nothing here; ? lists the keys",
		       bo_key_name(name, sizeof(name), key));
}

/* A click: on a tab it switches there; below it goes to the screen (a list selects the row). Overlays take no
 * clicks; one closes them as Esc would. */
static int clicked(bo_tui *t, int y, int x)
{
	bo_screen *s = bo_tui_top(t);
	int flags = BO_HANDLED;

	t->message[0] = '\0';
	if (t->overlay == OV_HELP) {
		t->overlay = OV_NONE;
		return BO_HANDLED;
	}
	if (t->overlay != OV_NONE)
		return BO_HANDLED; /* answer with the keyboard */
	if (y == 0) {
		for (int i = 0; i < t->ntabs; i++)
			if (x >= t->tab_x[i] - 1 &&
			    x <= t->tab_x[i] + t->tab_w[i])
				bo_tui_switch_to(t, t->tab_row[i]);
		return BO_HANDLED;
	}
	if (s && s->ops->click)
		flags = s->ops->click(s, y, x);
	if (flags & BO_CLOSE) {
		bo_tui_pop(t);
		if (!t->depth)
			flags |= BO_QUIT;
	}
	if ((flags & BO_QUIT) && !may_quit(t))
		flags &= ~BO_QUIT;
	return flags & (BO_QUIT | BO_REDRAW | BO_SWITCH);
}

int bo_tui_key(bo_tui *t, int key)
{
	bo_request req = bo_key_request_on(
	    bo_tui_top(t) && t->overlay == OV_NONE ? bo_tui_top(t)->ops->keys
						   : NULL,
	    key);
	bo_screen *s = bo_tui_top(t);
	int flags;

	if (key == BO_KEY_RESIZE)
		return BO_REDRAW;
	if (BO_KEY_IS_CLICK(key))
		return clicked(t, BO_CLICK_Y(key), BO_CLICK_X(key));
	/* a message lasts until the next key */
	if (!(t->sticky && t->overlay == OV_PROMPT))
		t->message[0] = '\0';
	if (t->overlay == OV_HELP)
		flags = bo_tui_help_key(t, req);
	else if (t->overlay == OV_CONFIRM || t->overlay == OV_PROMPT ||
		 t->overlay == OV_TEXT)
		flags = bo_tui_question_key(t, req, key);
	else {
		flags = s ? s->ops->handle(s, req, key) : BO_IGNORED;
		if (flags & BO_CLOSE) {
			bo_tui_pop(t);
			if (!t->depth)
				flags |= BO_QUIT;
		}
		if (flags == BO_IGNORED)
			flags = global_key(t, req);
		if (flags == BO_IGNORED)
			unknown_key(t, key);
	}
	if ((flags & BO_QUIT) && !may_quit(t))
		flags &= ~BO_QUIT;
	return flags & (BO_QUIT | BO_REDRAW | BO_SWITCH);
}

/* After a failed look at the store: whether its connection is gone (the
 * status bar then says so) or back (everything is read again). One try
 * each time, so a server that stays away never freezes the screen. */
static int check_connection(bo_tui *t)
{
	bo_err err;
	int rc = bo_store_reconnect(&t->app->ports->store, 1, &err);

	if (rc < 0) {
		t->lost = true;
		return 0;
	}
	if (rc == 0 && !t->lost)
		return 0; /* a failure of another kind: the next tick looks */
	t->lost = false;
	bo_tui_message(t, BO_STYLE_NORMAL,
		       "reconnected to the store; showing it as it is now");
	if (bo_store_data_version(&t->app->ports->store, &t->data_version,
				  NULL) < 0)
		return 0;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->refresh)
			t->stack[i].ops->refresh(&t->stack[i]);
	return 1;
}

int bo_tui_poll(bo_tui *t)
{
	int64_t v;

	if (!t->live)
		return 0;
	if (t->lost ||
	    bo_store_data_version(&t->app->ports->store, &v, NULL) < 0)
		return check_connection(t);
	if (v == t->data_version)
		return 0;
	t->data_version = v;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->refresh)
			t->stack[i].ops->refresh(&t->stack[i]);
	return 1;
}

/* ---- drawing ---------------------------------------------------------------- */

static void draw_title(bo_tui *t, bo_canvas *c)
{
	bo_screen *s = bo_tui_top(t);
	const char *title = s && s->ops->title[0] ? s->ops->title : "";
	int x, right = c->cols - 8; /* room kept for "? help" */
	unsigned role = ROLE(t->app->role);

	t->ntabs = 0;
	bo_canvas_fill(c, 0, 0, c->cols, BO_STYLE_TITLE);
	if (s && s->ops == &placeholder_ops)
		title = ((placeholder *)s->state)->title;
	x = 1 + bo_canvas_text(c, 0, 1, BO_STYLE_TITLE, title, right - 1);
	x += 3;
	/* the tabs the role may use, while they fit whole; the current one
	 * in its own role, with brackets where the canvas is plain ASCII */
	for (int i = 0; i < SCREEN_COUNT; i++) {
		char tab[64];
		bool here = i == t->base;
		int w;

		if (bo_tui_screens[i].request == BO_REQ_NONE ||
		    !(bo_tui_screens[i].roles & role))
			continue;
		bo_key_name(tab, sizeof(tab),
			    bo_request_key(bo_tui_screens[i].request, 0));
		snprintf(tab + strlen(tab), sizeof(tab) - strlen(tab), " %s",
			 bo_tui_screens[i].title);
		w = bo_canvas_text_width(tab);
		if (x + w + 1 > right)
			break;
		if (here) {
			bo_canvas_fill(c, 0, x - 1, w + 2, BO_STYLE_TAB);
			if (!c->unicode) {
				bo_canvas_text(c, 0, x - 1, BO_STYLE_TAB, "[",
					       1);
				bo_canvas_text(c, 0, x + w, BO_STYLE_TAB, "]",
					       1);
			}
		}
		if (t->ntabs < 16) {
			t->tab_x[t->ntabs] = x;
			t->tab_w[t->ntabs] = w;
			t->tab_row[t->ntabs++] = i;
		}
		x += 2 + bo_canvas_text(c, 0, x,
					here ? BO_STYLE_TAB : BO_STYLE_TITLE,
					tab, w);
	}
	if (right > 0)
		bo_canvas_text(c, 0, c->cols - 7, BO_STYLE_TITLE, "? help", 6);
}

static void draw_status(bo_tui *t, bo_canvas *c)
{
	bo_screen *s = bo_tui_top(t);
	const char *extra = s && s->ops->status ? s->ops->status(s) : NULL;
	const char *sep = c->unicode ? " \xE2\x94\x82 " : " | ";
	const bo_zone *zone = bo_tui_zone(t);
	bool local = zone && zone->offset_ms && zone->name;
	char line[1024];
	int y = c->rows - 1;

	/* times on every screen are the tenant's local ones: name the zone
	 * unless it is UTC */
	snprintf(line, sizeof(line), "%s%s%s%s%s (%s)%s%s%s%s %s%s%s",
		 t->app->tenant, local ? " " : "", local ? zone->name : "", sep,
		 t->app->user, bo_role_name(t->app->role), sep,
		 t->app->ports->backend ? t->app->ports->backend : "?", sep,
		 bo_canvas_glyph(c, t->live && !t->lost ? BO_GLYPH_LIVE
							: BO_GLYPH_NOT_LIVE),
		 t->lost   ? "connection lost, reconnecting"
		 : t->live ? "live"
			   : "static",
		 extra ? sep : "", extra ? extra : "");
	bo_canvas_fill(c, y, 0, c->cols, BO_STYLE_STATUS);
	bo_canvas_text(c, y, 1, BO_STYLE_STATUS, line, c->cols - 2);
}

void bo_tui_draw(bo_tui *t, bo_canvas *c)
{
	bo_tui_flush_edit(t);
	bo_screen *s = bo_tui_top(t);
	int msg_y = c->rows - 2;

	c->unicode = t->opt.unicode;
	bo_canvas_clear(c);
	if (c->rows < 4 || c->cols < 20) {
		bo_canvas_text(c, 0, 0, BO_STYLE_WARNING, "terminal too small",
			       -1);
		return;
	}
	draw_title(t, c);
	if (s)
		s->ops->draw(s, c, 1, c->rows - 3);
	if (t->overlay == OV_PROMPT) {
		bo_tui_draw_prompt(t, c, msg_y);
	} else if (t->message[0]) {
		bo_canvas_fill(c, msg_y, 0, c->cols, BO_STYLE_NORMAL);
		bo_canvas_text(c, msg_y, 0, t->message_role, t->message,
			       c->cols);
	} else if (s && s->ops->hints && !t->hints_off)
		bo_tui_draw_hints(t, c, msg_y, s->ops->hints);
	draw_status(t, c);
	if (t->overlay == OV_HELP)
		bo_tui_draw_help(t, c);
	else if (t->overlay == OV_CONFIRM)
		bo_tui_draw_confirm(t, c);
	else if (t->overlay == OV_TEXT)
		bo_tui_draw_text_box(t, c);
}

/* ---- the loop ---------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* With a store that wakes the loop, a look now and then all the same: it
 * finds a connection that died without a word (a cable, not a server). */
#define WOKEN_TICK_MS 5000

int bo_tui_run(bo_tui *t, const bo_tui_io *io)
{
	bo_canvas *c;
	int rows, cols, key, rc, fd, flags = BO_REDRAW, out = BO_OK;
	bool ahead = false;
	int64_t polled = now_ms();

	io->size(io->self, &rows, &cols);
	if (!(c = bo_canvas_new(rows, cols, t->opt.unicode)))
		return BO_ENOMEM;
	t->io = io;
	t->canvas = c;
	for (;;) {
		if (ahead) {
			/* a key typed ahead of a live prompt's search */
			ahead = false;
			rc = 0;
			fd = -1;
		} else {
			bo_tui_draw(t, c);
			io->present(io->self, c, (flags & BO_REDRAW) != 0);
			flags = 0;
			/* the frame is up: what the screen left for after
			 * it, then that frame again */
			if (bo_tui_idle(t))
				continue;
			/* a store that can wake the loop is waited on with
			 * the keyboard; only a lost connection falls back to
			 * ticks */
			fd = t->live && !t->lost && io->wait_key
				 ? bo_store_wait_fd(&t->app->ports->store)
				 : -1;
			if (fd >= 0)
				rc = io->wait_key(io->self, WOKEN_TICK_MS, fd,
						  &key);
			else
				rc = io->read_key(io->self, t->opt.refresh_ms,
						  &key);
		}
		if (rc == 2) {
			bo_tui_poll(t);
			polled = now_ms();
			continue;
		}
		if (rc < 0)
			break;
		if (rc == 0 && key == BO_KEY_RESIZE) {
			io->size(io->self, &rows, &cols);
			if (bo_canvas_resize(c, rows, cols) < 0)
				break;
			flags = BO_REDRAW;
		} else if (rc == 0) {
			flags = bo_tui_key(t, key);
			if (flags & BO_QUIT)
				break;
			if (flags & BO_SWITCH) {
				/* "opening tenant ..." while the caller
				 * opens it */
				bo_tui_draw(t, c);
				io->present(io->self, c, false);
				out = BO_TUI_SWITCH;
				break;
			}
			/* typing into a live prompt searches once the keys
			 * typed ahead are in, not once per key */
			if (t->edit_pending) {
				int next = io->read_key(io->self, 0, &key);

				if (next < 0)
					break;
				if (next == 0) {
					ahead = true;
					continue;
				}
			}
		}
		if ((rc == 1 && fd < 0) ||
		    now_ms() - polled >=
			(fd >= 0 ? WOKEN_TICK_MS : t->opt.refresh_ms)) {
			bo_tui_poll(t);
			polled = now_ms();
		}
	}
	t->io = NULL;
	t->canvas = NULL;
	bo_canvas_free(c);
	return out;
}

int bo_tui_busy(bo_tui *t)
{
	int key = BO_KEY_NONE, rows, cols, rc;
	bool full = false;

	if (!t->io || !t->canvas)
		return 0;
	rc = t->io->read_key(t->io->self, 0, &key);
	if (rc == 0 && key == BO_KEY_RESIZE) {
		t->io->size(t->io->self, &rows, &cols);
		full = bo_canvas_resize(t->canvas, rows, cols) == BO_OK;
	}
	bo_tui_draw(t, t->canvas);
	t->io->present(t->io->self, t->canvas, full);
	return rc < 0 ||
	       (rc == 0 && (key == BO_KEY_ESC || key == BO_KEY_CTRL('C')));
}
