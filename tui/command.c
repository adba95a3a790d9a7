/* The `:` command line: running a command, its history (Up, Down) and Tab completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/catalogue_import.h"
#include "tui/customer.h"
#include "tui/orders.h"
#include "tui/products.h"
#include "tui/tui_impl.h"

/* The row a `:` command names (its name or alias), or -1. */
static int screen_named(const char *cmd)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (!strcmp(cmd, bo_tui_screens[i].name) ||
		    (bo_tui_screens[i].alias &&
		     !strcmp(cmd, bo_tui_screens[i].alias)))
			return i;
	return -1;
}

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
		if (i > 0 &&
		    bo_tui_screens[i].open == bo_tui_screens[i - 1].open)
			continue; /* :timeline is :order again */
		snprintf(list + used, sizeof(list) - used, ":%s%s, ",
			 bo_tui_screens[i].name,
			 bo_tui_screens[i].needs_id ? " N" : "");
		used = strlen(list);
	}
	bo_tui_message(t, BO_STYLE_ERROR,
		       "unknown command :%s (try %s:tenant [NAME], :export "
		       "FILE, :import FILE, :help, :q)",
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
		if (bo_tui_screens[i].needs_id &&
		    (!arg || parse_id(arg, &id) < 0))
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":%s needs an order number, as in "
				       ":%s 1042",
				       cmd, cmd);
		else
			bo_tui_open_screen(t, i, id);
	} else if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
		t->overlay = OV_HELP;
		t->help_top = 0;
	} else if (!strcmp(cmd, "tenant") || !strcmp(cmd, "tenants")) {
		if (arg)
			flags |= bo_tui_switch(t, arg);
		else
			bo_tui_open_tenants(t);
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
			bo_tui_switch_to(t, i);
			if (bo_tui_top(t) &&
			    bo_tui_top(t)->ops == &bo_orders_screen_ops)
				bo_orders_search(bo_tui_top(t), rest);
		}
	} else if (!strcmp(cmd, "categories") || !strcmp(cmd, "cat")) {
		if (!bo_tui_top(t) ||
		    bo_tui_top(t)->ops != &bo_products_screen_ops)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":categories works on the Products "
				       "screen");
		else
			bo_products_pick_category(bo_tui_top(t));
	} else if (!strcmp(cmd, "import")) {
		bo_err err;

		bo_err_clear(&err);
		if (!arg)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":import needs a CSV file, as in "
				       ":import catalogue.csv");
		else if (!bo_tui_top(t) ||
			 bo_tui_top(t)->ops != &bo_products_screen_ops)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":import works on the Products screen");
		else if (bo_catalogue_import_open(t, arg, &err) < 0)
			bo_tui_error(t, &err);
	} else if (!strcmp(cmd, "export")) {
		if (!arg)
			bo_tui_message(t, BO_STYLE_ERROR,
				       ":export needs a file name, as in "
				       ":export products.csv");
		else if (bo_tui_top(t))
			bo_tui_export(t, bo_tui_top(t), arg);
	} else {
		unknown_command(t, cmd);
	}
	free(copy);
	return flags;
}

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
static const char *const command_words[] = {
    "help", "tenant", "export", "import", "customer", "find", "quit",
    "categories"};

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
		names[n++] = bo_tui_screens[i].name;
		if (bo_tui_screens[i].alias)
			names[n++] = bo_tui_screens[i].alias;
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

int bo_tui_cmdline_run(bo_tui *t, const char *line)
{
	if (*line)
		remember(t, line);
	return run_command(t, line);
}

int bo_tui_cmdline_key(bo_tui *t, int key)
{
	/* ↑ ↓ walk the commands run before, Tab completes */
	if (key == BO_KEY_UP || key == BO_KEY_DOWN) {
		recall(t, key == BO_KEY_UP ? -1 : 1);
		return 1;
	}
	if (key == BO_KEY_TAB) {
		complete(t);
		return 1;
	}
	return 0;
}
