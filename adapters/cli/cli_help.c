/* The command line's help: the top level, a group's and a command's, built from the command table. */
#include "adapters/cli/cli.h"

#include <stdbool.h>
#include <string.h>

#include "adapters/cli/cli_impl.h"

/* "backoffice product add", "backoffice product", "backoffice". */
void bo_cli_level_name(char *buf, size_t size, const char *group,
		       const bo_cli_cmd *cmd)
{
	if (cmd && cmd->group)
		snprintf(buf, size, "backoffice %s %s", cmd->group, cmd->name);
	else if (cmd)
		snprintf(buf, size, "backoffice %s", cmd->name);
	else if (group)
		snprintf(buf, size, "backoffice %s", group);
	else
		snprintf(buf, size, "backoffice");
}
static const char global_help[] =
    "Global options (anywhere before a lone --):\n"
    "  --db URL          sqlite:PATH, a file path or postgresql://...;\n"
    "                    default $XDG_DATA_HOME/backoffice/TENANT.db\n"
    "  --tenant NAME     tenant, 1 to 40 of a-z 0-9 _ - (default "
    "\"default\")\n"
    "  --user NAME       acting staff user (default: your login)\n"
    "  --format FORMAT   table (default), json or csv; a CSV cell that begins\n"
    "                    with = + - @ TAB or CR gets a leading ' (not "
    "numbers)\n"
    "  -h, --help        help on a command\n"
    "  -V, --version     print the version, the libraries' and the git "
    "revision\n"
    "--db, --tenant and --user may also come from BACKOFFICE_DB,\n"
    "BACKOFFICE_TENANT and BACKOFFICE_USER or the config file (see\n"
    "'backoffice config show --help'); an option wins over the environment,\n"
    "the environment over the file.\n";

static const char exit_help[] =
    "Exit status: 0 success, 2 usage error, 3 invalid input, 4 not found,\n"
    "5 conflict (refused: someone changed it first, or its state does not\n"
    "allow it), 6 permission denied (also: a write to a read-only store),\n"
    "7 storage error, 8 busy (another writer held the store; nothing was\n"
    "written, so the same command may be sent again), 9 stopped (a long\n"
    "operation was asked to stop; what it had not committed is rolled\n"
    "back).\n"
    "A change that was saved exits 0 even when its result cannot be written\n"
    "to standard output.\n"
    "Every write command takes --command-id ID: sent again with the same id\n"
    "and arguments, it prints its first answer and changes nothing.\n";

/* Writes text wrapped at 78 columns; continuation lines start with indent
 * spaces, the first goes on from column `col`. */
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > indent && col + 1 + word > 78) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)word, text);
		col += word;
		text += word;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static void group_commands(FILE *f, const char *group, const char *sep)
{
	bool first = true;

	for (size_t i = 0; i < bo_cli_ncommands; i++) {
		if (!bo_cli_commands[i].group ||
		    strcmp(bo_cli_commands[i].group, group))
			continue;
		fprintf(f, "%s%s", first ? "" : sep, bo_cli_commands[i].name);
		first = false;
	}
}

static void top_help(FILE *f)
{
	fputs("Usage: backoffice [--db URL] [--tenant NAME] [--user NAME]\n"
	      "                  [--format table|json|csv] COMMAND ...\n\n"
	      "The back office of an online shop: products, orders and the "
	      "event log\nthat explains every order. Without a command, on a "
	      "terminal, it opens the\nfull-screen interface (keys: ? inside "
	      "it).\n\nCommands:\n",
	      f);
	fprintf(f, "  %-11s %s\n", "init",
		bo_cli_find_command(NULL, "init")->summary);
	for (size_t i = 0; i < bo_cli_ngroups; i++) {
		char list[256] = "";
		size_t n = 0;

		for (size_t c = 0; c < bo_cli_ncommands; c++)
			if (bo_cli_commands[c].group &&
			    strcmp(bo_cli_commands[c].group,
				   bo_cli_groups[i].name) == 0 &&
			    n < sizeof(list))
				n += (size_t)snprintf(
				    list + n, sizeof(list) - n, "%s%s",
				    n ? " " : "", bo_cli_commands[c].name);
		fprintf(f, "  %-11s %s\n%14s", bo_cli_groups[i].name,
			bo_cli_groups[i].summary, "");
		wrap(f, list, 14, 14);
	}
	fprintf(f, "  %-11s %s\n\n", "help",
		"help on a command (or use --help)");
	fputs(global_help, f);
	fputc('\n', f);
	fputs(exit_help, f);
	fputs("\nRun 'backoffice COMMAND --help' for a command's options.\n",
	      f);
}

static void group_help(FILE *f, const char *group)
{
	fprintf(f, "Usage: backoffice %s ", group);
	group_commands(f, group, "|");
	fputs(" ...\n\nCommands:\n", f);
	for (size_t i = 0; i < bo_cli_ncommands; i++) {
		const bo_cli_cmd *c = &bo_cli_commands[i];

		if (!c->group || strcmp(c->group, group))
			continue;
		fprintf(f, "  %s %s %s\n      %s\n", group, c->name, c->usage,
			c->summary);
	}
	fprintf(f,
		"\nGlobal options: --db URL, --tenant NAME, --user NAME, "
		"--format FORMAT\n(see 'backoffice --help').\n\n%s"
		"\nRun 'backoffice %s COMMAND --help' for a command's "
		"options.\n",
		exit_help, group);
}

static void command_help(FILE *f, const bo_cli_cmd *c)
{
	char level[96], exits[512];

	bo_cli_level_name(level, sizeof(level), c->group, c);
	fprintf(f, "Usage: %s%s%s\n\n", level, *c->usage ? " " : "", c->usage);
	fprintf(f, "%c%s.\n", c->summary[0] - 'a' + 'A', c->summary + 1);
	if (*c->details)
		fprintf(f, "\nOptions:\n%s", c->details);
	fputs(
	    "\nGlobal options: --db URL, --tenant NAME, --user NAME, --format "
	    "FORMAT\n(see 'backoffice --help').\n\n",
	    f);
	snprintf(exits, sizeof(exits),
		 "Exit status: 0 success, 2 usage error, %s%s7 storage error, "
		 "8 busy.",
		 c->exits, *c->exits ? ", " : "");
	wrap(f, exits, 0, 0);
}

void bo_cli_help(FILE *f, const bo_cli_args *a)
{
	if (a->cmd)
		command_help(f, a->cmd);
	else if (a->group)
		group_help(f, a->group);
	else
		top_help(f);
}
