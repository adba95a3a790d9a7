/* The command line's parser: words and options into bo_cli_args, checked against the command table; the value parsers the handlers share. */
#include "adapters/cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_impl.h"

/* Command options that take no value. */
static const char *const flag_opts[] = {
    "--all",    "--dry-run",         "--follow", "--force", "--open",
    "--refund", "--skip-unreadable", "--none",   NULL};

/* The static name of a flag (argv text may be "--all=..."), else NULL. */
static const char *flag_name(const char *name)
{
	for (const char *const *f = flag_opts; *f; f++)
		if (strcmp(*f, name) == 0)
			return *f;
	return NULL;
}

static const char *const global_value_opts[] = {"--db", "--tenant", "--user",
						"--format", NULL};

/* The full-screen interface's option (see take_tui_options). */
#define TUI_NO_MOUSE "--no-mouse"

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* True when some command takes the option with a value. */
static bool command_value_opt(const char *name)
{
	for (size_t i = 0; i < bo_cli_ncommands; i++)
		if (in_list(bo_cli_commands[i].opts, name) && !flag_name(name))
			return true;
	return false;
}

/* A usage error: the sentence, then where help is. */
static int usage(bo_err *err, const char *group, const bo_cli_cmd *cmd,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int usage(bo_err *err, const char *group, const bo_cli_cmd *cmd,
		 const char *fmt, ...)
{
	char what[400], level[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	bo_cli_level_name(level, sizeof(level), group, cmd);
	return bo_err_set(err, BO_EUSAGE, "%s (see '%s --help')", what, level);
}

static int push_opt(bo_cli_args *a, const char *name, const char *value)
{
	bo_cli_opt *grown = realloc(a->opts, (a->nopts + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	a->opts = grown;
	a->opts[a->nopts].name = name;
	a->opts[a->nopts].value = value;
	a->nopts++;
	return 0;
}

static int set_global(bo_cli_args *a, const char *name, const char *value,
		      bo_err *err)
{
	const char **slot = strcmp(name, "--db") == 0       ? &a->db
			    : strcmp(name, "--tenant") == 0 ? &a->tenant
			    : strcmp(name, "--user") == 0   ? &a->user
							    : &a->format;

	if (*slot)
		return usage(err, NULL, NULL, "option %s is given twice", name);
	*slot = value;
	return 0;
}

/* Finds the command the words name; the words used up go in *used. */
static int resolve_command(bo_cli_args *a, char **words, size_t n, size_t *used,
			   bo_err *err)
{
	*used = 0;
	if (n == 0)
		return 0;
	if (strcmp(words[0], "help") == 0) {
		int rc;

		a->help = 1;
		rc = resolve_command(a, words + 1, n - 1, used, err);
		(*used)++;
		return rc;
	}
	if (bo_cli_is_group(words[0])) {
		a->group = words[0];
		*used = 1;
		if (n < 2) {
			if (a->help)
				return 0;
			return usage(err, a->group, NULL, "%s needs a command",
				     a->group);
		}
		a->cmd = bo_cli_find_command(a->group, words[1]);
		if (!a->cmd)
			return usage(err, a->group, NULL,
				     "unknown command '%s %s'", a->group,
				     words[1]);
		*used = 2;
		return 0;
	}
	a->cmd = bo_cli_find_command(NULL, words[0]);
	if (a->cmd) {
		*used = 1;
		return 0;
	}
	return usage(err, NULL, NULL, "unknown command '%s'", words[0]);
}

/* Options allowed for the command, each once (--line and the tag options
 * may repeat), the
 * required ones present, and the right number of arguments. */
static int check_command(bo_cli_args *a, bo_err *err)
{
	const bo_cli_cmd *c = a->cmd;
	char name[64];

	snprintf(name, sizeof(name), "%s", bo_cli_command_name(a));
	for (size_t i = 0; i < a->nopts; i++) {
		const char *o = a->opts[i].name;

		if (!in_list(c->opts, o))
			return usage(err, a->group, c,
				     "unknown option %s for %s", o, name);
		/* the repeatable ones: order lines, tags, a bulk action's
		 * SKUs */
		if (strcmp(o, "--line") == 0 || strcmp(o, "--tag") == 0 ||
		    strcmp(o, "--add-tag") == 0 ||
		    strcmp(o, "--remove-tag") == 0 ||
		    (strcmp(o, "--sku") == 0 && strcmp(c->name, "bulk") == 0))
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(a->opts[j].name, o) == 0)
				return usage(err, a->group, c,
					     "option %s is given twice", o);
	}
	for (const char *const *r = c->required; *r; r++)
		if (!bo_cli_option(a, *r))
			return usage(err, a->group, c, "%s needs %s", name, *r);
	/* "[NAME]": the argument may be left out; "NAME ROLE": two, both
	 * needed, and the message names the first one missing */
	size_t want = 0;
	const char *missing = NULL;
	for (const char *p = c->pos; p && *p; want++) {
		if (want == a->npos && !missing && *p != '[')
			missing = p;
		p = strchr(p, ' ');
		p = p ? p + 1 : NULL;
	}
	if (missing)
		return usage(err, a->group, c, "%s needs %.*s", name,
			     (int)strcspn(missing, " "), missing);
	if (a->npos > want)
		return usage(err, a->group, c, "unexpected argument '%s'",
			     a->pos[want]);
	return 0;
}

static int parse_format(bo_cli_args *a, bo_err *err)
{
	if (!a->format || strcmp(a->format, "table") == 0)
		a->fmt = BO_FORMAT_TABLE;
	else if (strcmp(a->format, "json") == 0)
		a->fmt = BO_FORMAT_JSON;
	else if (strcmp(a->format, "csv") == 0)
		a->fmt = BO_FORMAT_CSV;
	else
		return usage(err, NULL, NULL,
			     "--format must be table, json or csv, not '%s'",
			     a->format);
	return 0;
}

static int nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM,
			  "out of memory while reading the command line");
}

/*
 * The full-screen interface's option, --no-mouse, is taken out of the line
 * before it is read, and only when no word of it could name a command: none
 * that does not begin with '-' (the values after the global options aside).
 * With a command it stays, an unknown option of that command. The line left
 * goes in kept (argc entries, argv[0] first); returns its length.
 */
static int take_tui_options(bo_cli_args *out, int argc, char **argv,
			    char **kept)
{
	bool found = false;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-') {
			found = false; /* a command: leave everything alone */
			break;
		}
		for (const char *const *g = global_value_opts; *g; g++)
			if (strcmp(argv[i], *g) == 0 && i + 1 < argc)
				i++;
		found |= strcmp(argv[i], TUI_NO_MOUSE) == 0;
	}
	for (int i = 0; i < argc; i++)
		if (i == 0 || !found || strcmp(argv[i], TUI_NO_MOUSE) != 0)
			kept[n++] = argv[i];
	out->no_mouse = found;
	return n;
}

/* Reads the line (the TUI's options already taken) into out, zeroed. */
static int read_line(bo_cli_args *out, int argc, char **argv, bo_err *err)
{
	char **words = NULL;
	size_t nwords = 0, used = 0;
	bool dashdash = false;
	int rc = 0, first_err = 0;
	bo_err tok_err;

	bo_err_clear(&tok_err);
	words = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*words));
	if (!words)
		return nomem(err);
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i], *eq;
		const char *name = NULL, *value = NULL;
		char namebuf[64];
		bool inline_value;

		if (dashdash || strcmp(arg, "-") == 0 ||
		    (strncmp(arg, "--", 2) != 0 && strcmp(arg, "-h") != 0 &&
		     strcmp(arg, "-V") != 0)) {
			words[nwords++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			dashdash = true;
			continue;
		}
		eq = strchr(arg, '=');
		inline_value = eq != NULL;
		snprintf(namebuf, sizeof(namebuf), "%.*s",
			 (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
		if (strcmp(namebuf, "-h") == 0 ||
		    strcmp(namebuf, "--help") == 0 ||
		    strcmp(namebuf, "--version") == 0 ||
		    strcmp(namebuf, "-V") == 0 || flag_name(namebuf)) {
			if (inline_value) {
				if (!first_err)
					first_err =
					    usage(&tok_err, NULL, NULL,
						  "option %s takes no value",
						  namebuf);
				continue;
			}
			if (strcmp(namebuf, "--version") == 0 ||
			    strcmp(namebuf, "-V") == 0)
				out->version = 1;
			else if (!flag_name(namebuf))
				out->help = 1;
			else if (push_opt(out, flag_name(namebuf), NULL) < 0)
				goto nomem;
			continue;
		}
		if (!in_list(global_value_opts, namebuf) &&
		    !command_value_opt(namebuf)) {
			/* reported once the command is known, naming it */
			if (push_opt(out, arg, NULL) < 0)
				goto nomem;
			continue;
		}
		if (inline_value) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			if (!first_err)
				first_err =
				    usage(&tok_err, NULL, NULL,
					  "option %s needs a value", namebuf);
			continue;
		}
		/* names point into the static tables or argv, never namebuf */
		if (in_list(global_value_opts, namebuf)) {
			for (const char *const *g = global_value_opts; *g; g++)
				if (strcmp(*g, namebuf) == 0)
					name = *g;
			if (!first_err &&
			    set_global(out, name, value, &tok_err) < 0)
				first_err = tok_err.code;
			continue;
		}
		name = arg; /* "--sku" or "--sku=...": store the bare name */
		for (size_t c = 0; c < bo_cli_ncommands; c++)
			for (const char *const *o = bo_cli_commands[c].opts; *o;
			     o++)
				if (strcmp(*o, namebuf) == 0)
					name = *o;
		if (push_opt(out, name, value) < 0)
			goto nomem;
	}

	rc = resolve_command(out, words, nwords, &used, err);
	if (rc < 0)
		goto done;
	if (out->help || out->version)
		goto done; /* help is printed whatever else was typed */
	if (first_err) {
		rc = first_err;
		if (err)
			*err = tok_err;
		goto done;
	}
	out->npos = nwords - used;
	if (out->npos) {
		out->pos = malloc(out->npos * sizeof(*out->pos));
		if (!out->pos)
			goto nomem;
		memcpy(out->pos, words + used, out->npos * sizeof(*out->pos));
	}
	rc = parse_format(out, err);
	if (rc < 0)
		goto done;
	if (out->cmd) {
		rc = check_command(out, err);
	} else if (out->nopts) {
		const char *o = out->opts[0].name;

		if (flag_name(o) || command_value_opt(o))
			rc = usage(err, NULL, NULL, "option %s needs a command",
				   o);
		else
			rc = usage(err, NULL, NULL, "unknown option %s", o);
	}
	goto done;
nomem:
	rc = nomem(err);
done:
	free(words);
	return rc;
}

int bo_cli_parse(bo_cli_args *out, int argc, char **argv, bo_err *err)
{
	char **line;
	int n, rc;

	memset(out, 0, sizeof(*out));
	line = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*line));
	if (!line)
		return nomem(err);
	n = take_tui_options(out, argc, argv, line);
	rc = read_line(out, n, line, err);
	free(line);
	return rc;
}

void bo_cli_args_free(bo_cli_args *a)
{
	free(a->pos);
	free(a->opts);
	a->pos = NULL;
	a->opts = NULL;
	a->npos = a->nopts = 0;
}

const char *bo_cli_option(const bo_cli_args *a, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			v = a->opts[i].value ? a->opts[i].value : "";
	return v;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int bo_cli_parse_count(int64_t *out, const char *text, const char *field,
		       bo_err *err)
{
	long long v;
	char *end;

	if (!text || !all_digits(text))
		goto bad;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno == ERANGE || *end || v <= 0)
		goto bad;
	*out = (int64_t)v;
	return 0;
bad:
	return bo_err_set(err, BO_EINVAL, "%s must be a whole number above 0",
			  field);
}

int bo_cli_parse_line(char **out_sku, int64_t *out_qty, const char *text,
		      size_t position, bo_err *err)
{
	const char *colon = strrchr(text, ':');
	char field[64];
	char *sku;
	int rc;

	*out_sku = NULL;
	if (!colon || colon == text || !colon[1])
		return bo_err_set(err, BO_EINVAL,
				  "--line %zu must be SKU:QUANTITY, not '%s'",
				  position, text);
	snprintf(field, sizeof(field), "quantity of --line %zu", position);
	rc = bo_cli_parse_count(out_qty, colon + 1, field, err);
	if (rc < 0)
		return rc;
	sku = strndup(text, (size_t)(colon - text));
	if (!sku)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	*out_sku = sku;
	return 0;
}
