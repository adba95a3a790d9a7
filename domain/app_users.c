/* Application services of users: adding one and listing them (admins). */
#include "app.h"

#include <stdlib.h>

#include "app_internal.h"

int bo_app_user_add(bo_app *app, const char *name, const char *role,
		    bo_err *err)
{
	bo_user u = {0};
	bo_fp fp;
	char *seen = NULL;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_USER_ADMIN, err)) < 0 ||
	    (rc = bo_user_validate_name(name, err)) < 0 ||
	    (rc = bo_role_parse(&u.role, role, err)) < 0)
		return rc;
	u.name = (char *)name;
	u.created_at = bo_clock_now(&app->clock);
	bo_fp_init(&fp, app, "user add");
	bo_fp_str(&fp, name);
	bo_fp_str(&fp, role);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) != BO_OK ||
	    (rc = bo_user_dir_add(&app->ports->users, &u, err)) < 0 ||
	    (rc = bo_app_command_record(app, &fp, NULL, err)) < 0) {
		/* 1: sent before, and done then */
		bo_store_rollback(&app->ports->store);
		rc = rc == 1 ? BO_OK : rc;
		goto out;
	}
	rc = bo_store_commit(&app->ports->store, err);
out:
	free(seen);
	bo_fp_free(&fp);
	return rc;
}

int bo_app_user_list(bo_app *app, bo_user_each_fn each, void *ctx, bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_USER_ADMIN, err);
	return rc < 0 ? rc
		      : bo_user_dir_list(&app->ports->users, each, ctx, err);
}
