/* tenant create, list and move: the installation's tenants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "adapters/postgres/pg_store.h"
#include "adapters/sys/tenant_site.h"
#include "domain/app_tenants.h"
#include "domain/termtext.h"

enum { T_NAME, T_CURRENCY, T_ZONE, T_BACKEND, T_CREATED, T_EVENTS, T_ORDERS };

static const bo_column tenant_cols[] = {
    {"name", "NAME", BO_COL_ALL},
    {"currency", "CURRENCY", BO_COL_ALL},
    {"time_zone", "TIME ZONE", BO_COL_ALL},
    {"backend", "BACKEND", BO_COL_ALL},
    {"created_at", "CREATED", BO_COL_ALL},
    {"events", "EVENTS", BO_COL_ALL | BO_COL_RIGHT},
    {"orders", "ORDERS", BO_COL_ALL | BO_COL_RIGHT},
};

#define TENANT_NCOLS (sizeof(tenant_cols) / sizeof(tenant_cols[0]))

static void tenant_cells(bo_cell *cells, const bo_tenant *t, int64_t events,
			 int64_t orders)
{
	cells[T_NAME] = bo_cell_str(t->name);
	cells[T_CURRENCY] = bo_cell_str(t->currency);
	cells[T_ZONE] = bo_cell_str(t->time_zone ? t->time_zone : "UTC");
	cells[T_BACKEND] = bo_cell_str(t->backend);
	cells[T_CREATED] =
	    t->created_at ? bo_cell_time(t->created_at) : bo_cell_null();
	cells[T_EVENTS] = bo_cell_int(events);
	cells[T_ORDERS] = bo_cell_int(orders);
}

static const bo_tenant_site *site_of(bo_cli_ctx *c, bo_err *err)
{
	if (!c->args->tenant_site)
		bo_err_set(err, BO_ESTORAGE,
			   "this build has no way to make tenants");
	return c->args->tenant_site;
}

int bo_cli_tenant_create(bo_cli_ctx *c, bo_err *err)
{
	const bo_tenant_site *site = site_of(c, err);
	const char *zone = bo_cli_option(c->args, "--time-zone");
	bo_tenant t = {0};
	bo_out o;
	bo_cell cells[TENANT_NCOLS];
	int rc;

	if (!site)
		return BO_ESTORAGE;
	/* the zone's existence is the system's to say, before anything */
	if (zone && (rc = bo_sys_time_zone_check(zone, err)) < 0)
		return rc;
	rc = bo_app_tenant_create(c->app, site, c->args->pos[0],
				  bo_cli_option(c->args, "--currency"), zone,
				  &t, err);
	if (rc < 0)
		return rc;
	if (c->fmt == BO_FORMAT_TABLE) {
		fprintf(c->out, "created tenant %s (%s, %s) on %s; admin: %s\n",
			t.name, t.currency, t.time_zone, t.backend,
			c->app->user);
		bo_tenant_clear(&t);
		return 0;
	}
	bo_out_init(&o, c->out, c->fmt, tenant_cols, TENANT_NCOLS, true);
	tenant_cells(cells, &t, 0, 0);
	rc = bo_out_row(&o, cells, err);
	bo_tenant_clear(&t);
	return bo_out_close(&o, rc, 0, NULL, err);
}

typedef struct tenant_list_ctx {
	bo_cli_ctx *c;
	bo_out *out;
	int rc;
	bo_err err;
} tenant_list_ctx;

static int each_tenant(void *ctx, const bo_tenant *t)
{
	tenant_list_ctx *l = ctx;
	const bo_tenant_site *site = l->c->args->tenant_site;
	bo_cell cells[TENANT_NCOLS];
	int64_t events = 0, orders = 0;

	l->rc = site->ops->measure(site->self, t, &events, &orders, &l->err);
	if (l->rc < 0)
		return l->rc;
	tenant_cells(cells, t, events, orders);
	l->rc = bo_out_row(l->out, cells, &l->err);
	return l->rc;
}

int bo_cli_tenant_list(bo_cli_ctx *c, bo_err *err)
{
	tenant_list_ctx l = {c, NULL, 0, {0}};
	bo_out o;
	int rc;

	if (!site_of(c, err))
		return BO_ESTORAGE;
	bo_out_init(&o, c->out, c->fmt, tenant_cols, TENANT_NCOLS, false);
	l.out = &o;
	rc = bo_app_tenant_list(c->app, each_tenant, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}

static const bo_column move_cols[] = {
    {"name", "TENANT", BO_COL_ALL},
    {"from_backend", "FROM", BO_COL_ALL},
    {"from_location", "FROM LOCATION", BO_COL_ALL},
    {"backend", "TO", BO_COL_ALL},
    {"location", "LOCATION", BO_COL_ALL},
    {"events", "EVENTS", BO_COL_ALL | BO_COL_RIGHT},
    {"users", "USERS", BO_COL_ALL | BO_COL_RIGHT},
    {"checksum", "LOG CHECKSUM", BO_COL_ALL},
};

#define MOVE_NCOLS (sizeof(move_cols) / sizeof(move_cols[0]))

/* A location as people may see it: a URL's password, if one was given
 * with it, is never shown, nor a control character of a path. */
static char *shown(const char *location)
{
	char *raw = strncmp(location, "postgres", 8) == 0
			? bo_pg_shown_url(location)
			: strdup(location);
	char *clean = raw ? bo_term_sanitize(raw) : NULL;

	free(raw);
	return clean;
}

int bo_cli_tenant_move(bo_cli_ctx *c, bo_err *err)
{
	const bo_tenant_site *site = site_of(c, err);
	bo_tenant_move_report rep = {0};
	char sum[17], *from = NULL, *to = NULL;
	bo_cell cells[MOVE_NCOLS];
	bo_out o;
	int rc;

	if (!site)
		return BO_ESTORAGE;
	rc = bo_app_tenant_move(c->app, site, c->args->pos[0],
				bo_cli_option(c->args, "--to"), &rep, err);
	if (rc < 0)
		return rc;
	snprintf(sum, sizeof(sum), "%016llx", (unsigned long long)rep.checksum);
	from = shown(rep.from_location);
	to = shown(rep.location);
	if (!from || !to) {
		/* moved all the same: say so without the places */
		fprintf(c->out, "moved tenant %s to %s\n", c->args->pos[0],
			rep.backend);
		goto done;
	}
	if (c->fmt == BO_FORMAT_TABLE) {
		fprintf(c->out,
			"moved tenant %s from %s (%s) to %s (%s): %lld events, "
			"%lld users besides you; verified: event count, log "
			"checksum %s, projections, reports\n"
			"the old store is left as it was at %s\n",
			c->args->pos[0], rep.from_backend, from, rep.backend,
			to, (long long)rep.events, (long long)rep.users, sum,
			from);
		goto done;
	}
	bo_out_init(&o, c->out, c->fmt, move_cols, MOVE_NCOLS, true);
	cells[0] = bo_cell_str(c->args->pos[0]);
	cells[1] = bo_cell_str(rep.from_backend);
	cells[2] = bo_cell_str(from);
	cells[3] = bo_cell_str(rep.backend);
	cells[4] = bo_cell_str(to);
	cells[5] = bo_cell_int(rep.events);
	cells[6] = bo_cell_int(rep.users);
	cells[7] = bo_cell_str(sum);
	rc = bo_out_row(&o, cells, err);
	rc = bo_out_close(&o, rc, 0, NULL, err);
	/* the move committed: a failed print does not undo it */
	rc = 0;
done:
	free(from);
	free(to);
	bo_tenant_move_report_clear(&rep);
	return rc;
}
