/* Inside the command line: what a command handler sees (its context, the table's entry) and the value parsers the handlers share. */
#ifndef BO_CLI_CMDS_H
#define BO_CLI_CMDS_H

#include <stdint.h>
#include <stdio.h>

#include "adapters/cli/cli.h"
#include "domain/app.h"

/* What a handler works with: the services, the parsed line, where to write. */
typedef struct bo_cli_ctx {
	bo_app *app;
	const bo_cli_args *args;
	FILE *out;
	bo_format fmt;
} bo_cli_ctx;

typedef int (*bo_cli_handler)(bo_cli_ctx *c, bo_err *err);

/* One command of the table in cli.c. */
typedef struct bo_cli_cmd {
	const char *group; /* "product"; NULL for a one-word command */
	const char *name;  /* "add" */
	const char
	    *usage; /* what follows the command words in the usage line */
	const char *summary;
	const char *const *opts;     /* allowed options, NULL-terminated */
	const char *const *required; /* options that must be given */
	const char *pos;     /* names of the arguments, "NAME" or "NAME ROLE";
			    NULL: none; "[NAME]": optional */
	const char *details; /* option descriptions for --help */
	const char *exits;   /* exit statuses besides 0, 2 and 7 */
	bo_cli_handler run;
} bo_cli_cmd;

/*
 * Parses a whole number above 0 (digits only, no sign, no spaces, fits in
 * int64). BO_EINVAL: "<field> must be a whole number above 0".
 */
int bo_cli_parse_count(int64_t *out, const char *text, const char *field,
		       bo_err *err);

/*
 * Parses the position-th --line value "SKU:QUANTITY" (split at the last ':').
 * *out_sku is the caller's (free()). BO_EINVAL naming "--line <position>".
 */
int bo_cli_parse_line(char **out_sku, int64_t *out_qty, const char *text,
		      size_t position, bo_err *err);

/* Handlers. */
int bo_cli_user_add(bo_cli_ctx *c, bo_err *err);
int bo_cli_user_list(bo_cli_ctx *c, bo_err *err);
int bo_cli_user_disable(bo_cli_ctx *c, bo_err *err);
int bo_cli_user_enable(bo_cli_ctx *c, bo_err *err);
int bo_cli_user_role(bo_cli_ctx *c, bo_err *err);
int bo_cli_tenant_create(bo_cli_ctx *c, bo_err *err);
int bo_cli_tenant_list(bo_cli_ctx *c, bo_err *err);
int bo_cli_tenant_move(bo_cli_ctx *c, bo_err *err);

int bo_cli_product_add(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_list(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_show(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_edit(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_retire(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_reactivate(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_undo(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_bulk(bo_cli_ctx *c, bo_err *err); /* cli_bulk.c */
int bo_cli_product_stock(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_delete(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_history(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_revert(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_categories(bo_cli_ctx *c, bo_err *err);

/* The filters of product list as read from the line (cli_categories.c):
 * owns what q points at until bo_cli_filters_clear. */
typedef struct bo_cli_filters {
	char *category;
	char **tags;
	size_t ntags;
} bo_cli_filters;

/* Reads --status (and --all), --category, --tag..., --stock, --price-min
 * and --price-max into q. BO_EINVAL naming the option, BO_EUSAGE for
 * --all with another --status. */
int bo_cli_filters_read(bo_cli_filters *f, bo_product_query *q, bo_cli_ctx *c,
			bo_err *err);
void bo_cli_filters_clear(bo_cli_filters *f);

int bo_cli_order_place(bo_cli_ctx *c, bo_err *err);
/* pay, fail-payment, ship, deliver, cancel, refund and note, by the name. */
int bo_cli_order_change(bo_cli_ctx *c, bo_err *err);
int bo_cli_order_list(bo_cli_ctx *c, bo_err *err);
int bo_cli_order_show(bo_cli_ctx *c, bo_err *err);
int bo_cli_order_find(bo_cli_ctx *c, bo_err *err);
int bo_cli_customer_show(bo_cli_ctx *c, bo_err *err);
int bo_cli_order_timeline(bo_cli_ctx *c, bo_err *err);

int bo_cli_events_export(bo_cli_ctx *c, bo_err *err);
int bo_cli_events_import(bo_cli_ctx *c, bo_err *err);
int bo_cli_events_upcast(bo_cli_ctx *c, bo_err *err);

int bo_cli_alerts_list(bo_cli_ctx *c, bo_err *err);
int bo_cli_alerts_ack(bo_cli_ctx *c, bo_err *err);
int bo_cli_settings_show(bo_cli_ctx *c, bo_err *err);
int bo_cli_settings_set(bo_cli_ctx *c, bo_err *err);

int bo_cli_projections_status(bo_cli_ctx *c, bo_err *err);
int bo_cli_projections_run(bo_cli_ctx *c, bo_err *err);
int bo_cli_projections_rebuild(bo_cli_ctx *c, bo_err *err);
int bo_cli_projections_verify(bo_cli_ctx *c, bo_err *err);

int bo_cli_report_summary(bo_cli_ctx *c, bo_err *err);
int bo_cli_report_daily(bo_cli_ctx *c, bo_err *err);
int bo_cli_report_products(bo_cli_ctx *c, bo_err *err);
int bo_cli_report_funnel(bo_cli_ctx *c, bo_err *err);
int bo_cli_report_shipping(bo_cli_ctx *c, bo_err *err);

int bo_cli_demo_seed(bo_cli_ctx *c, bo_err *err);

#endif
