/* alerts list: the low-stock alerts the reactors raised. */
#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/reactors.h"

#define ALERT_NCOLS 8

static const bo_column alert_cols[ALERT_NCOLS] = {
    {"time", "TIME", BO_COL_ALL},
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"stock", "STOCK", BO_COL_ALL | BO_COL_RIGHT},
    {"threshold", "THRESHOLD", BO_COL_ALL | BO_COL_RIGHT},
    {"order_id", "ORDER", BO_COL_ALL | BO_COL_RIGHT},
    {"product_id", "PRODUCT ID", BO_COL_DATA},
    {"event_id", "EVENT", BO_COL_DATA},
};

typedef struct alert_ctx {
	bo_out *out;
	bo_err err;
	int rc;
} alert_ctx;

static int each_alert(void *ctx, const bo_alert *a)
{
	alert_ctx *l = ctx;
	bo_cell cells[ALERT_NCOLS] = {
	    bo_cell_time(a->created_at), bo_cell_str(a->sku),
	    bo_cell_str(a->name),        bo_cell_int(a->stock),
	    bo_cell_int(a->threshold),   bo_cell_int(a->order_id),
	    bo_cell_int(a->product_id),  bo_cell_str(a->event_id),
	};

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
	rc = bo_reactors_alert_list(c->app, each_alert, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}
