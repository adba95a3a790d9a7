/* Application services: creating and listing the tenants of an installation. */
#include "app_tenants.h"

#include <stdlib.h>
#include <string.h>

#include "app_command.h"
#include "app_internal.h"
#include "money.h"
#include "tenant.h"
#include "user.h"

int bo_app_tenant_create(bo_app *app, const bo_tenant_site *site,
			 const char *name, const char *currency,
			 const char *time_zone, bo_tenant *out, bo_err *err)
{
	bo_store *store = &app->ports->store;
	char key[BO_TENANT_NAME_MAX + 1], own[BO_TENANT_NAME_MAX + 1];
	bo_tenant t = {0};
	bo_currency cur;
	char *seen = NULL;
	bo_fp fp;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bo_app_require(app, BO_CAP_TENANT_ADMIN, err)) < 0 ||
	    (rc = bo_tenant_validate(name, err)) < 0 ||
	    (rc = bo_currency_lookup(&cur, currency ? currency : "EUR", err)) <
		0 ||
	    (rc = bo_time_zone_validate(time_zone ? time_zone : "UTC", err)) <
		0)
		return rc;
	/* the installation's own tenant is not in its registry */
	bo_tenant_key(name, key);
	bo_tenant_key(app->tenant, own);
	if (strcmp(key, own) == 0)
		return bo_err_set(err, BO_ECONFLICT,
				  strcmp(name, app->tenant) == 0
				      ? "tenant %s already exists (it is this "
					"installation's own)"
				      : "tenant name %s collides with tenant "
					"%s, this installation's own (- and _ "
					"count as one)",
				  name, app->tenant);
	t.name = (char *)name;
	memcpy(t.currency, cur.code, sizeof(t.currency));
	t.time_zone = (char *)(time_zone ? time_zone : "UTC");
	t.created_at = bo_clock_now(&app->clock);
	t.created_by = app->user;
	bo_fp_init(&fp, app, "tenant create");
	bo_fp_str(&fp, name);
	bo_fp_str(&fp, t.currency);
	bo_fp_str(&fp, t.time_zone);
	if ((rc = site->ops->place(site->self, &t, err)) < 0)
		goto out;
	if ((rc = bo_store_begin(store, err)) < 0)
		goto out;
	rc = bo_app_command_lookup(app, &fp, &seen, err);
	if (rc == 1) {
		/* sent before, and done then: the tenant as registered */
		bo_store_rollback(store);
		rc = bo_tenant_dir_get(&app->ports->tenants, name, out, err);
		goto out;
	}
	if (rc < 0 ||
	    (rc = bo_tenant_dir_add(&app->ports->tenants, &t, err)) < 0 ||
	    (rc = site->ops->provision(site->self, &t, app->user, 0, err)) <
		0 ||
	    (rc = bo_app_command_record(app, &fp, NULL, err)) < 0) {
		bo_store_rollback(store);
		goto out;
	}
	if ((rc = bo_store_commit(store, err)) < 0)
		goto out;
	rc = bo_tenant_copy(out, &t, err);
out:
	free(seen);
	bo_fp_free(&fp);
	free(t.backend);
	free(t.location);
	return rc;
}

/* The earliest staff record: when init made the installation's store. */
typedef struct first_user {
	int64_t at;
} first_user;

static int note_first(void *ctx, const bo_user *u)
{
	first_user *f = ctx;

	if (f->at == 0 || u->created_at < f->at)
		f->at = u->created_at;
	return 0;
}

int bo_app_tenant_list(bo_app *app, bo_tenant_each_fn each, void *ctx,
		       bo_err *err)
{
	first_user first = {0};
	bo_tenant own = {0};
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_TENANT_ADMIN, err)) < 0 ||
	    (rc = bo_user_dir_list(&app->ports->users, note_first, &first,
				   err)) < 0)
		return rc;
	own.name = app->tenant;
	memcpy(own.currency, app->currency.code, sizeof(own.currency));
	own.time_zone = app->time_zone;
	own.backend = (char *)app->ports->backend;
	own.created_at = first.at;
	if ((rc = each(ctx, &own)) < 0)
		return rc;
	return bo_tenant_dir_list(&app->ports->tenants, each, ctx, err);
}
