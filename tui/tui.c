/* The screen manager: screen stack, overlays (help, y/N, prompts), status bar, loop, live refresh. */
#include "tui/tui.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/calendar.h"
#include "domain/present.h"
#include "tui/alerts.h"
#include "tui/customer.h"
#include "tui/dashboard.h"
#include "tui/field.h"
#include "tui/orders.h"
#include "tui/products.h"
#include "tui/projections_screen.h"
#include "tui/tenants.h"
#include "tui/text_box.h"
#include "tui/timeline.h"
#include "tui/users.h"

#define STACK_MAX 8

typedef enum {
	OV_NONE,
	OV_HELP,
	OV_CONFIRM,
	OV_PROMPT,
	OV_TEXT /* several lines: a note */
} overlay_kind;

#define HISTORY_MAX 50

struct bo_tui {
	bo_app *app;
	bo_tui_options opt;
	bo_screen stack[STACK_MAX];
	int depth;

	overlay_kind overlay;
	int asker; /* stack index of the screen that asked, -1: the manager */
	bo_tui_answer_fn answer;
	bo_tui_answer_fn answered; /* the prompt being answered, for again */
	bo_tui_answer_fn on_edit;  /* a live prompt's: after each edit */
	bool sticky; /* the message stays while the prompt asked again is up */
	bo_text_box box; /* the text being typed under OV_TEXT */
	int tab_x[16], tab_w[16], tab_row[16]; /* the tabs drawn, for clicks */
	int ntabs;
	char *history[HISTORY_MAX]; /* `:` commands run, oldest first */
	int nhistory;
	int history_at; /* the entry ↑/↓ show now; nhistory: the typing */
	char *question; /* the y/N question or the prompt's label */
	bo_field input;
	int help_top; /* the first help line shown */
	int help_rows; /* help lines the last drawing had room for (0: none yet) */
	int base;      /* the screens[] row at the bottom of the stack */

	char message[512];
	bo_style message_role;

	bool live;      /* the store reports changes */
	bool hints_off; /* F2 hid the key hints */
	bool wrote;     /* a write since the screens below the top were read */
	int64_t data_version;
	/* The store's connection was lost: the status bar says so and each
	 * refresh tick tries once to get it back. */
	bool lost;
	bool redraw;

	/* while bo_tui_run runs: where bo_tui_busy draws mid-call */
	const bo_tui_io *io;
	bo_canvas *canvas;
	char *export_path; /* the file a y/N overwrite question is about */
	char command_id[BO_UUID_LEN + 1]; /* of the write in progress */
	char *switch_name; /* the tenant asked for (bo_tui_switch), or NULL */
};

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

static bo_screen *top(bo_tui *t)
{
	return t->depth ? &t->stack[t->depth - 1] : NULL;
}

static void pop(bo_tui *t)
{
	bo_screen *s = top(t);

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
		pop(t);
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
typedef struct screen_row {
	const char *name;     /* the `:` command */
	const char *alias;    /* its short form, or NULL */
	const char *title;    /* in the tab bar and the placeholder */
	bo_request request;   /* its number key, or BO_REQ_NONE */
	bool needs_id;        /* `:order 1042` */
	unsigned roles;       /* ROLE() bits of who sees its tab */
	unsigned start_roles; /* ROLE() bits of who starts on it */
	int (*open)(bo_tui *t, int64_t id, bo_err *err);
} screen_row;

static const screen_row screens[] = {
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

#define SCREEN_COUNT ((int)(sizeof(screens) / sizeof(screens[0])))

/* The row a `:` command names (its name or alias), or -1. */
static int screen_named(const char *cmd)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (!strcmp(cmd, screens[i].name) ||
		    (screens[i].alias && !strcmp(cmd, screens[i].alias)))
			return i;
	return -1;
}

/* The row a number key's request opens, or -1. */
static int screen_of_request(bo_request req)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (req != BO_REQ_NONE && screens[i].request == req)
			return i;
	return -1;
}

/* The row the user's role starts on (the first row when none says so). */
static int start_screen(bo_role role)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (screens[i].start_roles & ROLE(role))
			return i;
	return 0;
}

/* Replaces the whole stack with tab row i. */
static void switch_to(bo_tui *t, int i)
{
	bo_err err;

	bo_err_clear(&err);
	while (t->depth)
		pop(t);
	t->base = i;
	if (screens[i].open(t, 0, &err) < 0) {
		bo_tui_error(t, &err);
		/* never leave an empty stack behind a failed open */
		if (!t->depth)
			push_placeholder(t, screens[i].title, &err);
	}
}

/* Opens row i with id (when it needs one): a tab replaces the stack. */
static void open_screen(bo_tui *t, int i, int64_t id)
{
	bo_err err;

	bo_err_clear(&err);
	if (screens[i].request != BO_REQ_NONE)
		switch_to(t, i);
	else if (screens[i].open(t, id, &err) < 0)
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
	t->asker = -1;
	t->live = bo_store_data_version(&app->ports->store, &t->data_version,
					NULL) == BO_OK;
	t->base = start_screen(app->role);
	if ((rc = screens[t->base].open(t, 0, err)) < 0) {
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
		pop(t);
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

const char *bo_tui_money(const bo_tui *t, char *buf, int64_t amount)
{
	char plain[BO_MONEY_BUFSZ];

	bo_money_format(plain, amount, &t->app->currency);
	return bo_group_digits(buf, BO_TUI_MONEY_BUFSZ, plain,
			       t->opt.thousands);
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
static void open_tenants(bo_tui *t)
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

/* ---- messages and questions ------------------------------------------------ */

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

static int index_of(bo_tui *t, bo_screen *s)
{
	for (int i = 0; i < t->depth; i++)
		if (&t->stack[i] == s)
			return i;
	return -1;
}

static void ask(bo_tui *t, overlay_kind kind, bo_screen *s,
		const char *question, const char *initial, bo_tui_answer_fn fn)
{
	char *q = strdup(question ? question : "");

	if (!q || bo_field_set(&t->input, initial) < 0) {
		free(q);
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	free(t->question);
	t->question = q;
	t->on_edit = NULL;
	t->overlay = kind;
	t->asker = s ? index_of(t, s) : -1;
	t->answer = fn;
}

void bo_tui_confirm(bo_tui *t, bo_screen *s, const char *question,
		    bo_tui_answer_fn fn)
{
	ask(t, OV_CONFIRM, s, question, NULL, fn);
}

void bo_tui_prompt(bo_tui *t, bo_screen *s, const char *label,
		   const char *initial, bo_tui_answer_fn fn)
{
	ask(t, OV_PROMPT, s, label, initial, fn);
}

void bo_tui_prompt_live(bo_tui *t, bo_screen *s, const char *label,
			const char *initial, bo_tui_answer_fn on_edit,
			bo_tui_answer_fn fn)
{
	ask(t, OV_PROMPT, s, label, initial, fn);
	if (t->overlay == OV_PROMPT)
		t->on_edit = on_edit;
}

void bo_tui_edit(bo_tui *t, bo_screen *s, const char *title,
		 const char *initial, bo_tui_answer_fn fn)
{
	if (bo_text_box_set(&t->box, initial) < 0) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	ask(t, OV_TEXT, s, title, NULL, fn);
}

void bo_tui_prompt_again(bo_tui *t, bo_screen *s, const char *text,
			 const char *fmt, ...)
{
	char *label = t->question ? strdup(t->question) : NULL;
	va_list ap;

	if (!label || !t->answered) {
		free(label);
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	ask(t, OV_PROMPT, s, label, text, t->answered);
	free(label);
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_role = BO_STYLE_ERROR;
	t->sticky = true;
}

/* ---- exports --------------------------------------------------------------- */

static int export_prompt_answer(bo_screen *s, int yes, const char *text)
{
	if (yes)
		bo_tui_export(s->tui, s, text);
	return BO_HANDLED;
}

void bo_tui_ask_export(bo_tui *t, bo_screen *s, const char *stem)
{
	char name[96], day[BO_DAY_BUFSZ];
	int64_t today = bo_local_day_of_ms(t->app->ports->zone,
					   bo_clock_now(&t->app->clock));

	snprintf(name, sizeof(name), "%s-%s.csv", stem,
		 bo_day_format(day, today));
	bo_tui_prompt(t, s, "export as CSV to:", name, export_prompt_answer);
}

/*
 * Writes s's CSV to path, a new file when fresh is true. Returns 1 when a
 * fresh file would overwrite one (nothing written), else 0 with the
 * outcome in the message line.
 */
static int write_export(bo_tui *t, bo_screen *s, const char *path, bool fresh)
{
	bo_err err;
	FILE *f;
	bool bad;
	int n;

	bo_err_clear(&err);
	errno = 0;
	if (!(f = fopen(path, fresh ? "wx" : "w"))) {
		if (fresh && errno == EEXIST)
			return 1;
		bo_tui_message(t, BO_STYLE_ERROR, "cannot write %s: %s", path,
			       strerror(errno));
		return 0;
	}
	n = s->ops->export_csv(s, f, &err);
	bad = ferror(f) != 0;
	if (fclose(f) != 0)
		bad = true;
	if (bad && n >= 0)
		n = bo_err_set(&err, BO_ESTORAGE,
			       "%s could not be written completely", path);
	if (n < 0) {
		remove(path);
		bo_tui_error(t, &err);
	} else {
		bo_tui_message(t, BO_STYLE_OK, "exported %d row%s to %s", n,
			       n == 1 ? "" : "s", path);
	}
	return 0;
}

static int export_answer(bo_screen *s, int yes, const char *text)
{
	bo_tui *t = s->tui;

	(void)text;
	if (yes && t->export_path)
		write_export(t, s, t->export_path, false);
	else
		bo_tui_message(t, BO_STYLE_DIM, "nothing was exported");
	free(t->export_path);
	t->export_path = NULL;
	return BO_HANDLED;
}

void bo_tui_export(bo_tui *t, bo_screen *s, const char *path)
{
	char question[600];

	if (!s->ops->export_csv) {
		bo_tui_message(t, BO_STYLE_WARNING,
			       "the %s screen has nothing to export",
			       s->ops->name);
		return;
	}
	if (!path || !*path) {
		bo_tui_message(t, BO_STYLE_ERROR,
			       "the export needs a file name");
		return;
	}
	if (write_export(t, s, path, true) == 0)
		return;
	free(t->export_path);
	if (!(t->export_path = strdup(path))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	snprintf(question, sizeof(question), "%s already exists. Overwrite it?",
		 path);
	bo_tui_confirm(t, s, question, export_answer);
}

/* ---- the `:` command prompt ------------------------------------------------ */

static int parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return v > 0 ? 0 : -1;
}

/* The unknown command's message: what there is, from the screen table. */
static void unknown_command(bo_tui *t, const char *cmd)
{
	char list[512] = "";
	size_t used = 0;

	for (int i = 0; i < SCREEN_COUNT && used < sizeof(list); i++) {
		if (i > 0 && screens[i].open == screens[i - 1].open)
			continue; /* :timeline is :order again */
		snprintf(list + used, sizeof(list) - used, ":%s%s, ",
			 screens[i].name, screens[i].needs_id ? " N" : "");
		used = strlen(list);
	}
	bo_tui_message(t, BO_STYLE_ERROR,
		       "unknown command :%s (try %s:tenant [NAME], :export "
		       "FILE, :help, :q)",
		       cmd, list);
}

static int run_command(bo_tui *t, const char *line)
{
	char *copy = strdup(line), *cmd, *arg, *save = NULL;
	int flags = BO_HANDLED, i;
	int64_t id = 0;

	if (!copy) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return flags;
	}
	cmd = strtok_r(copy, " \t", &save);
	arg = cmd ? strtok_r(NULL, " \t", &save) : NULL;
	if (!cmd) {
		/* an empty command does nothing */
	} else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit") ||
		   !strcmp(cmd, "q!")) {
		flags |= BO_QUIT;
	} else if ((i = screen_named(cmd)) >= 0) {
		if (screens[i].needs_id && (!arg || parse_id(arg, &id) < 0))
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":%s needs an order number, as in "
				       ":%s 1042",
				       cmd, cmd);
		else
			open_screen(t, i, id);
	} else if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
		t->overlay = OV_HELP;
		t->help_top = 0;
	} else if (!strcmp(cmd, "tenant") || !strcmp(cmd, "tenants")) {
		if (arg)
			flags |= bo_tui_switch(t, arg);
		else
			open_tenants(t);
	} else if (!strcmp(cmd, "customer") || !strcmp(cmd, "c")) {
		bo_err err;

		bo_err_clear(&err);
		if (!arg)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":customer needs an e-mail, as in "
				       ":customer ann@example.com");
		else if (bo_customer_open(t, arg, &err) < 0)
			bo_tui_error(t, &err);
	} else if (!strcmp(cmd, "find") || !strcmp(cmd, "f")) {
		/* the Orders screen, narrowed to what the rest finds */
		const char *rest =
		    line + (arg ? (size_t)(arg - copy) : strlen(line));

		if (!arg)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":find needs something to look for: an "
				       "order number, an e-mail, a name, a SKU "
				       "or a tracking number");
		else if ((i = screen_named("orders")) >= 0) {
			switch_to(t, i);
			if (top(t) && top(t)->ops == &bo_orders_screen_ops)
				bo_orders_search(top(t), rest);
		}
	} else if (!strcmp(cmd, "export")) {
		if (!arg)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":export needs a file name, as in "
				       ":export products.csv");
		else if (top(t))
			bo_tui_export(t, top(t), arg);
	} else {
		unknown_command(t, cmd);
	}
	free(copy);
	return flags;
}

/* ---- keys ------------------------------------------------------------------- */

/* The hints of the screen on top, or NULL. */
static const bo_hint *screen_hints(bo_tui *t)
{
	bo_screen *s = top(t);

	return s && s->ops->hints && s->ops->hints[0].req != BO_REQ_NONE
		   ? s->ops->hints
		   : NULL;
}

/*
 * The help's lines: first the keys of the screen on top (its hints, under
 * a heading naming the screen), then every request in table order, each
 * scope under its heading with a blank line before every heading but the
 * first. Line i is a blank (returns 0), a scope heading (1, with its
 * first request in *r), a request (2, *r), the screen's heading (3) or
 * one of its hints (4, in *hint).
 */
static int help_line(bo_tui *t, int i, bo_request *r, const bo_hint **hint)
{
	const bo_hint *hints = screen_hints(t);
	const char *scope = NULL;
	int n = 0;

	if (hints) {
		if (n++ == i)
			return 3;
		for (const bo_hint *h = hints; h->req != BO_REQ_NONE; h++)
			if (n++ == i) {
				*hint = h;
				return 4;
			}
		if (n++ == i)
			return 0;
	}
	for (int q = 1; q < BO_REQ__COUNT; q++) {
		if (!scope || strcmp(scope, bo_request_scope(q)) != 0) {
			scope = bo_request_scope(q);
			if (q > 1 && n++ == i)
				return 0;
			if (n++ == i) {
				*r = (bo_request)q;
				return 1;
			}
		}
		if (n++ == i) {
			*r = (bo_request)q;
			return 2;
		}
	}
	return -1;
}

static int help_count(bo_tui *t)
{
	bo_request r;
	const bo_hint *h;
	int n = 0;

	while (help_line(t, n, &r, &h) >= 0)
		n++;
	return n;
}

/* The help's first line kept so the last page is full (top clamped). */
static int help_clamp(bo_tui *t, int top, int rows)
{
	int last = help_count(t) - (rows > 0 ? rows : 1);

	if (top > last)
		top = last;
	return top < 0 ? 0 : top;
}

static int help_key(bo_tui *t, bo_request req)
{
	/* a page keeps one line of the last in view (10 before any drawing) */
	int page = t->help_rows > 1 ? t->help_rows - 1 : 10;

	switch (req) {
	case BO_REQ_MOVE_UP:
		t->help_top--;
		break;
	case BO_REQ_MOVE_DOWN:
		t->help_top++;
		break;
	case BO_REQ_PAGE_UP:
		t->help_top -= page;
		break;
	case BO_REQ_PAGE_DOWN:
		t->help_top += page;
		break;
	case BO_REQ_FIRST:
		t->help_top = 0;
		break;
	case BO_REQ_LAST:
		t->help_top = help_count(t);
		break;
	case BO_REQ_QUIT:
		return BO_QUIT;
	case BO_REQ_BACK:
	case BO_REQ_CLOSE:
	case BO_REQ_HELP:
	case BO_REQ_ENTER:
		t->overlay = OV_NONE;
		break;
	default:
		break;
	}
	t->help_top = help_clamp(t, t->help_top, t->help_rows);
	return BO_HANDLED;
}

/* Closes a question and hands the answer to whoever asked. */
/* Keeps a command run at the `:` prompt (not twice in a row). */
static void remember(bo_tui *t, const char *line)
{
	char *copy;

	if (t->nhistory && !strcmp(t->history[t->nhistory - 1], line))
		return;
	if (!(copy = strdup(line)))
		return; /* history is a convenience: nothing is lost */
	if (t->nhistory == HISTORY_MAX) {
		free(t->history[0]);
		memmove(t->history, t->history + 1,
			(HISTORY_MAX - 1) * sizeof(t->history[0]));
		t->nhistory--;
	}
	t->history[t->nhistory++] = copy;
}

/* Shows the command `by` steps older (-1) or newer (+1) in the prompt;
 * past the newest, an empty line. */
static void recall(bo_tui *t, int by)
{
	int at = t->history_at + by;

	if (at < 0 || at > t->nhistory)
		return;
	t->history_at = at;
	if (bo_field_set(&t->input, at < t->nhistory ? t->history[at] : "") < 0)
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
}

/* The words the `:` prompt knows, for Tab. */
static const char *const command_words[] = {"help",     "tenant", "export",
					    "customer", "find",   "quit"};

/* Tab at the `:` prompt: the command word typed so far completed when one
 * command starts with it, else the longest start they share and the
 * choices above the prompt. Only the first word is completed. */
static void complete(bo_tui *t)
{
	const char *typed = t->input.text ? t->input.text : "";
	const char *names[SCREEN_COUNT * 2 + 8];
	char common[64] = "", choices[400] = "";
	size_t len = strlen(typed), n = 0, k = 0;

	if (strchr(typed, ' '))
		return;
	for (int i = 0; i < SCREEN_COUNT; i++) {
		names[n++] = screens[i].name;
		if (screens[i].alias)
			names[n++] = screens[i].alias;
	}
	for (size_t i = 0; i < sizeof(command_words) / sizeof(*command_words);
	     i++)
		names[n++] = command_words[i];
	for (size_t i = 0; i < n; i++) {
		size_t c;

		if (strncmp(names[i], typed, len) != 0 || strlen(names[i]) <= 1)
			continue;
		if (!k++)
			snprintf(common, sizeof(common), "%s", names[i]);
		for (c = 0; common[c] && common[c] == names[i][c]; c++)
			;
		common[c] = '\0';
		snprintf(choices + strlen(choices),
			 sizeof(choices) - strlen(choices), "%s:%s",
			 k > 1 ? "  " : "", names[i]);
	}
	if (!k) {
		t->message_role = BO_STYLE_DIM;
		snprintf(t->message, sizeof(t->message),
			 "no command starts with \"%s\"", typed);
		return;
	}
	if (k == 1) {
		char whole[80];

		snprintf(whole, sizeof(whole), "%s ", common);
		if (bo_field_set(&t->input, whole) < 0)
			bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	if (strlen(common) > len && bo_field_set(&t->input, common) < 0)
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
	t->message_role = BO_STYLE_DIM;
	snprintf(t->message, sizeof(t->message), "%s", choices);
}

static int answer(bo_tui *t, int yes)
{
	bo_tui_answer_fn fn = t->answer;
	int asker = t->asker;
	overlay_kind kind = t->overlay;
	char *text = NULL;
	int flags = BO_HANDLED;

	t->overlay = OV_NONE;
	t->answer = NULL;
	t->on_edit = NULL;
	t->answered = fn;
	if (t->sticky) {
		t->sticky = false;
		t->message[0] = '\0';
	}
	if (kind == OV_TEXT && yes && !(text = bo_text_box_text(&t->box))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return flags;
	}
	if (kind == OV_PROMPT && yes && t->input.text &&
	    !(text = strdup(t->input.text))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return flags;
	}
	if (asker < 0) {
		if (yes && text && *text)
			remember(t, text);
		if (yes && text)
			flags |= run_command(t, text);
	} else if (fn && asker < t->depth) {
		flags |= fn(&t->stack[asker], yes, yes ? text : NULL);
		/* only the top screen can ask, so closing it is a pop */
		if ((flags & BO_CLOSE) && asker == t->depth - 1) {
			pop(t);
			if (!t->depth)
				flags |= BO_QUIT;
		}
	}
	free(text);
	return flags;
}

static int question_key(bo_tui *t, bo_request req, int key)
{
	int rc;

	/* the `:` prompt: ↑ ↓ walk the commands run before, Tab completes */
	if (t->overlay == OV_PROMPT && t->asker < 0) {
		if (key == BO_KEY_UP || key == BO_KEY_DOWN) {
			recall(t, key == BO_KEY_UP ? -1 : 1);
			return BO_HANDLED;
		}
		if (key == BO_KEY_TAB) {
			complete(t);
			return BO_HANDLED;
		}
	}

	if (t->overlay == OV_CONFIRM) {
		if (req == BO_REQ_QUIT && key == BO_KEY_CTRL('C'))
			return BO_QUIT;
		return answer(t, key == 'y' || key == 'Y');
	}
	if (t->overlay == OV_TEXT) {
		/* Enter breaks the line: Ctrl-S saves, Esc (or Ctrl-C) gives
		 * up, as in the product form */
		if (key == BO_KEY_ESC || key == BO_KEY_CTRL('C'))
			return answer(t, 0);
		if (key == BO_KEY_CTRL('S'))
			return answer(t, 1);
		if (bo_text_box_key(&t->box, key) < 0)
			bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	if (key == BO_KEY_ESC)
		return answer(t, 0);
	if (key == BO_KEY_ENTER || key == '\n')
		return answer(t, 1);
	if (key == BO_KEY_CTRL('C'))
		return BO_QUIT;
	/* a backspace on an empty prompt cancels it, as in vi */
	if (key == BO_KEY_BACKSPACE && t->input.len == 0)
		return answer(t, 0);
	rc = bo_field_key(&t->input, key);
	if (rc < 0)
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
	/* a live prompt shows what the typing gives as it goes */
	if (rc == 1 && t->on_edit && t->asker >= 0 && t->asker < t->depth)
		t->on_edit(&t->stack[t->asker], 1, t->input.text);
	return BO_HANDLED;
}

static int global_key(bo_tui *t, bo_request req)
{
	switch (req) {
	case BO_REQ_QUIT:
		return BO_QUIT;
	case BO_REQ_CLOSE:
	case BO_REQ_BACK:
		if (t->depth > 1 || req == BO_REQ_CLOSE) {
			pop(t);
			return t->depth ? BO_HANDLED : BO_QUIT;
		}
		return BO_HANDLED;
	case BO_REQ_HELP:
		t->overlay = OV_HELP;
		t->help_top = 0;
		return BO_HANDLED;
	case BO_REQ_PROMPT:
		t->history_at = t->nhistory;
		ask(t, OV_PROMPT, NULL, ":", NULL, NULL);
		return BO_HANDLED;
	case BO_REQ_TENANTS:
		open_tenants(t);
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
		if (!top(t) || !top(t)->ops->export_csv)
			return BO_IGNORED;
		bo_tui_ask_export(t, top(t), top(t)->ops->name);
		return BO_HANDLED;
	case BO_REQ_RELOAD:
		for (int i = 0; i < t->depth; i++)
			if (t->stack[i].ops->refresh)
				t->stack[i].ops->refresh(&t->stack[i]);
		return BO_HANDLED;
	default:
		if (screen_of_request(req) >= 0) {
			switch_to(t, screen_of_request(req));
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
	bo_screen *s = top(t);
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
				switch_to(t, t->tab_row[i]);
		return BO_HANDLED;
	}
	if (s && s->ops->click)
		flags = s->ops->click(s, y, x);
	if (flags & BO_CLOSE) {
		pop(t);
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
	    top(t) && t->overlay == OV_NONE ? top(t)->ops->keys : NULL, key);
	bo_screen *s = top(t);
	int flags;

	if (key == BO_KEY_RESIZE)
		return BO_REDRAW;
	if (BO_KEY_IS_CLICK(key))
		return clicked(t, BO_CLICK_Y(key), BO_CLICK_X(key));
	/* a message lasts until the next key */
	if (!(t->sticky && t->overlay == OV_PROMPT))
		t->message[0] = '\0';
	if (t->overlay == OV_HELP)
		flags = help_key(t, req);
	else if (t->overlay == OV_CONFIRM || t->overlay == OV_PROMPT ||
		 t->overlay == OV_TEXT)
		flags = question_key(t, req, key);
	else {
		flags = s ? s->ops->handle(s, req, key) : BO_IGNORED;
		if (flags & BO_CLOSE) {
			pop(t);
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
	bo_screen *s = top(t);
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

		if (screens[i].request == BO_REQ_NONE ||
		    !(screens[i].roles & role))
			continue;
		bo_key_name(tab, sizeof(tab),
			    bo_request_key(screens[i].request, 0));
		snprintf(tab + strlen(tab), sizeof(tab) - strlen(tab), " %s",
			 screens[i].title);
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
	bo_screen *s = top(t);
	const char *extra = s && s->ops->status ? s->ops->status(s) : NULL;
	const char *sep = c->unicode ? " \xE2\x94\x82 " : " | ";
	const bo_zone *zone = t->app->ports->zone;
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

/* The hint line: the screen's keys that fit, each key then what it does. */
static void draw_hints(bo_tui *t, bo_canvas *c, int y, const bo_hint *hints)
{
	int x = 1;

	bo_canvas_fill(c, y, 0, c->cols, BO_STYLE_NORMAL);
	for (const bo_hint *h = hints; h->req != BO_REQ_NONE; h++) {
		char key[24];
		int w;

		bo_key_name(key, sizeof(key),
			    bo_request_key_on(top(t)->ops->keys, h->req));
		w = bo_canvas_text_width(key) + 1 +
		    bo_canvas_text_width(h->label);
		if (x + w > c->cols - 1)
			break;
		x += bo_canvas_text(c, y, x, BO_STYLE_KEY, key, -1) + 1;
		x += bo_canvas_text(c, y, x, BO_STYLE_DIM, h->label, -1) + 2;
	}
}

/* The help overlay: a window on help_line's lines, with where it is. */
static void draw_help(bo_tui *t, bo_canvas *c)
{
	int h = c->rows - 4, w = c->cols - 4, rows = h - 2, n = help_count(t);
	char keys[64], k1[24], k2[24], where[64];
	int last, top;

	if (h < 3 || w < 10)
		return;
	t->help_rows = rows;
	top = t->help_top = help_clamp(t, t->help_top, rows);
	last = top + rows < n ? top + rows : n;
	bo_canvas_box(c, 1, 2, h, w, BO_STYLE_BORDER);
	bo_canvas_text(c, 1, 4, BO_STYLE_TITLE, " Keys (Esc closes) ", w - 4);
	for (int i = top; i < last; i++) {
		int y = 2 + i - top;
		bo_request r = BO_REQ_NONE;
		const bo_hint *hint = NULL;
		int kind = help_line(t, i, &r, &hint);

		if (kind == 3) {
			char head[96];

			snprintf(head, sizeof(head), "this screen (%s)",
				 t->stack[t->depth - 1].ops->title);
			bo_canvas_text(c, y, 4, BO_STYLE_HEADER, head, w - 4);
		}
		if (kind == 4) {
			bo_key_name(
			    k1, sizeof(k1),
			    bo_request_key_on(t->stack[t->depth - 1].ops->keys,
					      hint->req));
			bo_canvas_text(c, y, 6, BO_STYLE_KEY, k1, 16);
			bo_canvas_text(c, y, 23, BO_STYLE_NORMAL, hint->label,
				       w - 22);
		}
		if (kind == 1)
			bo_canvas_text(c, y, 4, BO_STYLE_HEADER,
				       bo_request_scope(r), w - 4);
		if (kind != 2)
			continue;
		bo_key_name(
		    k1, sizeof(k1),
		    bo_request_key_on(
			t->depth ? t->stack[t->depth - 1].ops->keys : NULL, r));
		if (!bo_request_key_on(
			t->depth ? t->stack[t->depth - 1].ops->keys : NULL, r))
			snprintf(k1, sizeof(k1), "(its screen)");
		if (bo_request_key(r, 1))
			snprintf(
			    keys, sizeof(keys), "%s %s", k1,
			    bo_key_name(k2, sizeof(k2), bo_request_key(r, 1)));
		else
			snprintf(keys, sizeof(keys), "%s", k1);
		bo_canvas_text(c, y, 6, BO_STYLE_KEY, keys, 16);
		bo_canvas_text(c, y, 23, BO_STYLE_NORMAL, bo_request_help(r),
			       w - 22);
	}
	/* where the window is: a mark on the border for each way there is
	 * more, and the lines shown */
	if (top > 0)
		bo_canvas_text(c, 1, 2 + w - 4, BO_STYLE_KEY,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (last < n)
		bo_canvas_text(c, h, 2 + w - 4, BO_STYLE_KEY,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
	snprintf(where, sizeof(where), " lines %d-%d of %d ", top + 1, last, n);
	bo_canvas_text(c, h, 2 + w - 6 - bo_canvas_text_width(where),
		       BO_STYLE_DIM, where, w - 8);
}

/*
 * Splits text into lines of at most width columns at spaces (a word longer
 * than a line is cut by the canvas). Writes up to max line starts and
 * lengths; returns the number of lines.
 */
static int wrap(const char *text, int width, const char **starts, size_t *lens,
		int max)
{
	int n = 0;
	const char *p = text;

	while (*p && n < max) {
		const char *end = p, *cut = NULL;
		char *part;

		/* extend word by word while the line still fits */
		for (;;) {
			const char *next = strchr(end, ' ');
			size_t len;

			next = next ? next : end + strlen(end);
			len = (size_t)(next - p);
			if (!(part = strndup(p, len)))
				return n;
			if (cut && bo_canvas_text_width(part) > width) {
				free(part);
				break;
			}
			free(part);
			cut = next;
			end = *next ? next + 1 : next;
			if (!*next)
				break;
		}
		starts[n] = p;
		lens[n++] = (size_t)(cut - p);
		p = *cut ? cut + 1 : cut;
	}
	return n;
}

static void draw_confirm(bo_tui *t, bo_canvas *c)
{
	const char *starts[6];
	size_t lens[6];
	int w = bo_canvas_text_width(t->question) + 6, h, x, y, n;

	if (w < 30)
		w = 30;
	if (w > c->cols - 2)
		w = c->cols - 2;
	n = wrap(t->question, w - 4, starts, lens, 6);
	h = n + 4;
	x = (c->cols - w) / 2;
	y = (c->rows - h) / 2;
	bo_canvas_box(c, y, x, h, w, BO_STYLE_BORDER);
	for (int i = 0; i < n; i++) {
		char *line = strndup(starts[i], lens[i]);

		if (line)
			bo_canvas_text(c, y + 1 + i, x + 2, BO_STYLE_WARNING,
				       line, w - 4);
		free(line);
	}
	bo_canvas_text(c, y + n + 2, x + 2, BO_STYLE_KEY, "y", 1);
	bo_canvas_text(c, y + n + 2, x + 4, BO_STYLE_NORMAL, "yes", 3);
	bo_canvas_text(c, y + n + 2, x + 9, BO_STYLE_KEY, "N", 1);
	bo_canvas_text(c, y + n + 2, x + 11, BO_STYLE_NORMAL, "no", 2);
}

/* The text being typed: a frame titled with the question, the lines,
 * and the keys that end it. */
static void draw_text_box(bo_tui *t, bo_canvas *c)
{
	int w = c->cols - 8 > 72 ? 72 : c->cols - 8, h = c->rows - 8, x, y;

	if (h > 10)
		h = 10;
	if (w < 20 || h < 4)
		w = c->cols - 2, h = c->rows - 4;
	x = (c->cols - w) / 2;
	y = (c->rows - h) / 2;
	bo_canvas_box(c, y, x, h, w, BO_STYLE_BORDER);
	bo_canvas_text(c, y, x + 2, BO_STYLE_TITLE, t->question, w - 4);
	bo_canvas_text(c, y + h - 1, x + 2, BO_STYLE_DIM,
		       " Enter new line  Ctrl-S save  Esc cancel ", w - 4);
	bo_text_box_draw(&t->box, c, y + 1, x + 2, w - 3, h - 2);
}

void bo_tui_draw(bo_tui *t, bo_canvas *c)
{
	bo_screen *s = top(t);
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
		int lw = bo_canvas_text(c, msg_y, 0, BO_STYLE_KEY, t->question,
					c->cols / 2);

		bo_canvas_fill(c, msg_y, lw, c->cols - lw, BO_STYLE_NORMAL);
		bo_field_draw(&t->input, c, msg_y, lw + (lw > 1),
			      c->cols - lw - 1, BO_STYLE_INPUT, true);
		/* why the answer was refused, above the prompt asking again */
		if (t->message[0] && msg_y > 1) {
			bo_canvas_fill(c, msg_y - 1, 0, c->cols,
				       BO_STYLE_NORMAL);
			bo_canvas_text(c, msg_y - 1, 0, t->message_role,
				       t->message, c->cols);
		}
	} else if (t->message[0]) {
		bo_canvas_fill(c, msg_y, 0, c->cols, BO_STYLE_NORMAL);
		bo_canvas_text(c, msg_y, 0, t->message_role, t->message,
			       c->cols);
	} else if (s && s->ops->hints && !t->hints_off)
		draw_hints(t, c, msg_y, s->ops->hints);
	draw_status(t, c);
	if (t->overlay == OV_HELP)
		draw_help(t, c);
	else if (t->overlay == OV_CONFIRM)
		draw_confirm(t, c);
	else if (t->overlay == OV_TEXT)
		draw_text_box(t, c);
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
	int64_t polled = now_ms();

	io->size(io->self, &rows, &cols);
	if (!(c = bo_canvas_new(rows, cols, t->opt.unicode)))
		return BO_ENOMEM;
	t->io = io;
	t->canvas = c;
	for (;;) {
		bo_tui_draw(t, c);
		io->present(io->self, c, (flags & BO_REDRAW) != 0);
		flags = 0;
		/* a store that can wake the loop is waited on with the
		 * keyboard; only a lost connection falls back to ticks */
		fd = t->live && !t->lost && io->wait_key
			 ? bo_store_wait_fd(&t->app->ports->store)
			 : -1;
		if (fd >= 0)
			rc = io->wait_key(io->self, WOKEN_TICK_MS, fd, &key);
		else
			rc = io->read_key(io->self, t->opt.refresh_ms, &key);
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
