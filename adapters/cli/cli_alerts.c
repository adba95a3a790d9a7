/* alerts list and ack, settings show and set: the low-stock alerts the reactors raised and the tenant's threshold. */
#include <stdio.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/reactors.h"

#define ALERT_NCOLS 12

/* New columns go at the end: scripts read the others by position. */
static const bo_column alert_cols[ALERT_NCOLS] = {
    {"time", "TIME", BO_COL_ALL},
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"stock", "STOCK", BO_COL_ALL | BO_COL_RIGHT},
    {"threshold", "THRESHOLD", BO_COL_ALL | BO_COL_RIGHT},
    {"order_id", "ORDER", BO_COL_ALL | BO_COL_RIGHT},
    {"product_id", "PRODUCT ID", BO_COL_DATA},
    {"event_id", "EVENT", BO_COL_DATA},
    {"id", "ID", BO_COL_ALL | BO_COL_RIGHT},
    {"status", "STATUS", BO_COL_ALL},
    {"acked_by", "ACKED BY", BO_COL_ALL},
    {"acked_at", "ACKED AT", BO_COL_DATA},
};

typedef struct alert_ctx {
	bo_out *out;
	bool open_only;
	bo_err err;
	int rc;
} alert_ctx;

static int each_alert(void *ctx, const bo_alert *a)
{
	alert_ctx *l = ctx;
	bool acked = a->acked_by != NULL;
	bo_cell cells[ALERT_NCOLS] = {
	    bo_cell_time(a->created_at),
	    bo_cell_str(a->sku),
	    bo_cell_str(a->name),
	    bo_cell_int(a->stock),
	    bo_cell_int(a->threshold),
	    /* a stock adjustment's alert has no order */
	    a->order_id ? bo_cell_int(a->order_id) : bo_cell_null(),
	    bo_cell_int(a->product_id),
	    bo_cell_str(a->event_id),
	    bo_cell_int(a->id),
	    bo_cell_str(acked ? "acked" : "open"),
	    acked ? bo_cell_str(a->acked_by) : bo_cell_null(),
	    acked ? bo_cell_time(a->acked_at) : bo_cell_null(),
	};

	if (l->open_only && acked)
		return 0;
	l->rc = bo_out_row(l->out, cells, &l->err);
	return l->rc;
}

int bo_cli_alerts_list(bo_cli_ctx *c, bo_err *err)
{
	alert_ctx l = {0};
	bo_out o;
	int rc;

	bo_out_init(&o, c->out, c->fmt, alert_cols, ALERT_NCOLS, false);
	l.out = &o;
	l.open_only = bo_cli_option(c->args, "--open") != NULL;
	rc = bo_reactors_alert_list(c->app, each_alert, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}

int bo_cli_alerts_ack(bo_cli_ctx *c, bo_err *err)
{
	int64_t id;
	int rc;

	if ((rc = bo_cli_parse_count(&id, c->args->pos[0], "alert id", err)) <
	    0)
		return rc;
	if ((rc = bo_reactors_alert_ack(c->app, id, err)) < 0)
		return rc;
	fprintf(c->out, "alert %lld acknowledged\n", (long long)id);
	return 0;
}

static const bo_column setting_cols[] = {
    {"low_stock_threshold", "LOW-STOCK THRESHOLD", BO_COL_ALL},
};

static int print_settings(bo_cli_ctx *c, bo_err *err)
{
	int64_t threshold;
	bo_cell cells[1];
	bo_out o;
	int rc;

	if ((rc = bo_reactors_low_stock_threshold(c->app, &threshold, err)) < 0)
		return rc;
	cells[0] = bo_cell_int(threshold);
	bo_out_init(&o, c->out, c->fmt, setting_cols, 1, true);
	rc = bo_out_row(&o, cells, err);
	return bo_out_close(&o, rc, 0, NULL, err);
}

int bo_cli_settings_show(bo_cli_ctx *c, bo_err *err)
{
	return print_settings(c, err);
}

int bo_cli_settings_set(bo_cli_ctx *c, bo_err *err)
{
	int rc;

	rc = bo_reactors_low_stock_threshold_set(
	    c->app, bo_cli_option(c->args, "--low-stock-threshold"), err);
	return rc < 0 ? rc : print_settings(c, err);
}
