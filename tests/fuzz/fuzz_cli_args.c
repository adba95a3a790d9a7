/* Fuzz target: the command-line parser over argv vectors, and help for whatever parses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli.h"
#include "adapters/cli/cli_cmds.h"
#include "tests/fuzz/fuzz_support.h"

#define MAX_ARGS 64

static char *args[MAX_ARGS + 2];
static int nargs;

/* True when s is NULL or points into one of the argv words (the parse
 * borrows, never copies, and must not point into its own buffers). */
static int borrowed(const char *s)
{
	if (!s)
		return 1;
	for (int i = 0; i < nargs; i++)
		if (s >= args[i] && s <= args[i] + strlen(args[i]))
			return 1;
	return 0;
}

/* How many arguments the command names ("NAME ROLE": 2). */
static size_t arguments_of(const bo_cli_cmd *c)
{
	size_t n = 0;

	for (const char *p = c->pos; p && *p; n++) {
		p = strchr(p, ' ');
		p = p ? p + 1 : NULL;
	}
	return n;
}

/* What a successful parse promises: borrowed strings, options findable by
 * name, no more arguments than the command names, a known format. */
static void check_parsed(const bo_cli_args *a)
{
	if (!borrowed(a->db) || !borrowed(a->tenant) || !borrowed(a->user) ||
	    !borrowed(a->format))
		fz_fail("a global option does not point into argv", NULL);
	for (size_t i = 0; i < a->npos; i++)
		if (!a->pos[i] || !borrowed(a->pos[i]))
			fz_fail("an argument does not point into argv", NULL);
	for (size_t i = 0; i < a->nopts; i++) {
		if (!a->opts[i].name || !borrowed(a->opts[i].value))
			fz_fail("an option is not from argv", a->opts[i].name);
		if (!bo_cli_option(a, a->opts[i].name))
			fz_fail("a parsed option is not found by its name",
				a->opts[i].name);
	}
	if (a->help || a->version)
		return;
	if (a->cmd && a->npos > arguments_of(a->cmd))
		fz_fail("a command took more arguments than it names",
			bo_cli_command_name(a));
	if (!a->cmd && (a->npos || a->nopts))
		fz_fail("words or options were accepted without a command",
			NULL);
	if (a->fmt != BO_FORMAT_TABLE && a->fmt != BO_FORMAT_JSON &&
	    a->fmt != BO_FORMAT_CSV)
		fz_fail("the format is not one of the three", a->format);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is the words after argv[0], separated by NUL bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *p, *end;
	static char prog[] = "backoffice";
	bo_cli_args a;
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	bo_err err;
	int rc;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	nargs = 0;
	args[nargs++] = prog;
	for (p = buf, end = buf + size;
	     size > 0 && p <= end && nargs <= MAX_ARGS; p += strlen(p) + 1)
		args[nargs++] = p;
	args[nargs] = NULL;

	bo_err_clear(&err);
	rc = bo_cli_parse(&a, nargs, args, &err);
	if (!(out = open_memstream(&text, &len)))
		abort();
	if (rc == 0) {
		check_parsed(&a);
		bo_cli_help(out, &a);
		bo_cli_command_name(&a);
	} else {
		if (rc != BO_EUSAGE || err.code != rc)
			fz_fail("a refused command line is not a usage error",
				err.msg);
		if (!strstr(err.msg, "--help"))
			fz_fail("a usage error does not point at --help",
				err.msg);
		bo_cli_report(out, &err);
	}
	fclose(out);
	if (rc == 0 && len == 0)
		fz_fail("help printed nothing", NULL);
	free(text);
	bo_cli_args_free(&a);
	free(buf);
	return 0;
}
