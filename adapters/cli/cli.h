/* The command-line face: parsing, help and dispatch to the app services. */
#ifndef BO_CLI_H
#define BO_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "domain/app.h"
#include "domain/status.h"

#define BO_VERSION "0.1.0"

typedef enum { BO_FORMAT_TABLE, BO_FORMAT_JSON, BO_FORMAT_CSV } bo_format;

/* One command option as typed: "--sku" and its value (NULL for flags). */
typedef struct bo_cli_opt {
	const char *name;
	const char *value;
} bo_cli_opt;

struct bo_cli_cmd;

/*
 * A parsed command line. Every string is borrowed from argv; the arrays are
 * owned and released by bo_cli_args_free.
 */
typedef struct bo_cli_args {
	/* global options; NULL when not given */
	const char *db;
	const char *tenant;
	const char *user;
	const char *format;
	bo_format fmt; /* from format; table by default */
	int help;      /* --help, -h or the `help` command */
	int version;   /* --version */
	/* the full-screen interface's: --no-mouse leaves the mouse to the
	 * terminal (for selecting text); taken only when no command is given */
	int no_mouse;

	/* the command: both NULL for none (top level); group alone for the
	 * help of a group; cmd for a command (one-word commands have no group) */
	const char *group;
	const struct bo_cli_cmd *cmd;

	char **pos; /* arguments after the command words */
	size_t npos;
	bo_cli_opt *opts; /* command options in the order given */
	size_t nopts;

	/* Not parsed: the caller may point it at a flag that bo_cli_run sets
	 * to 1 when a command that writes has committed a change, so the exit
	 * status can stay 0 when only its output is lost. NULL: not told. */
	int *committed;
	/* Not parsed: where the installation's tenants are made, for the
	 * tenant commands (the composition root's); NULL: none. */
	const struct bo_tenant_site *tenant_site;
} bo_cli_args;

/*
 * Parses argv[1..argc-1]. Global options are accepted anywhere before a lone
 * "--"; after it every word is an argument. The TUI's option (--no-mouse)
 * is taken only when no word could name a command; with one, it is an
 * unknown option. When help is asked for, only the command words must make
 * sense (so the help of a command can be printed whatever else was typed).
 * BO_EUSAGE with a sentence that names the option or word and points at
 * --help; *out must still be freed then.
 */
int bo_cli_parse(bo_cli_args *out, int argc, char **argv, bo_err *err);
void bo_cli_args_free(bo_cli_args *a);

/* Help of the level a names (top, group or command), written to f. */
void bo_cli_help(FILE *f, const bo_cli_args *a);

/* "init", "product add" ...; NULL when a names no command. The text stays
 * valid until the next call (a static buffer). */
const char *bo_cli_command_name(const bo_cli_args *a);

/* True when the command a names only reads (lists, shows, reports,
 * status, verify, export): it must not write, not even upkeep. */
bool bo_cli_reads_only(const bo_cli_args *a);

/* Value of the last occurrence of a command option, NULL when absent. */
const char *bo_cli_option(const bo_cli_args *a, const char *name);

/*
 * Runs the command a names (not init, which the composition root handles)
 * with app as the acting user's context, writing results to out.
 * Returns 0 or a status with the detail in err. Sets *a->committed (when
 * set) as described there, whatever it returns.
 */
int bo_cli_run(bo_app *app, const bo_cli_args *a, FILE *out, bo_err *err);

/* Writes "backoffice: <message>" and a newline to f, the message sanitised
 * for the terminal (it may quote data). */
void bo_cli_report(FILE *f, const bo_err *err);

#endif
