/* Application services of the projection engine: role checks around engine.c. */
#include "app_projections.h"

#include "reactors.h"

/* Replaying, rebuilding and comparing read models is upkeep of the whole
 * store: admins only, whatever else a role may do. */
static int require_admin(const bo_app *app, bo_err *err)
{
	if (app->role == BO_ROLE_ADMIN)
		return BO_OK;
	return bo_err_set(err, BO_EPERM,
			  "user %s (%s) may not run, rebuild or verify "
			  "projections",
			  app->user, bo_role_name(app->role));
}

int bo_app_projections_status(bo_app *app, bo_projector_status_fn each,
			      void *ctx, bo_err *err)
{
	return bo_projections_status(app->ports, each, ctx, err);
}

int bo_app_projections_lag(bo_app *app, const char *name, bo_projector_lag *out,
			   bo_err *err)
{
	return bo_projections_lag(app->ports, name, out, err);
}

int bo_app_projections_run(bo_app *app, const char *name, bo_replay_fn progress,
			   void *ctx, bo_err *err)
{
	int rc;

	if ((rc = require_admin(app, err)) != BO_OK ||
	    (rc = bo_projections_catch_up(app->ports, &app->currency, name,
					  progress, ctx, err)) != BO_OK)
		return rc;
	/* Side effects of what the log gained follow, as after a command. */
	bo_err_clear(&app->reactor_err);
	bo_reactors_run(app, &app->reactor_err);
	return BO_OK;
}

int bo_app_projections_rebuild(bo_app *app, const char *name,
			       bo_replay_fn progress, void *ctx,
			       bo_replay_stats *stats, bo_err *err)
{
	int rc = require_admin(app, err);

	if (rc != BO_OK)
		return rc;
	return bo_projections_rebuild(app->ports, &app->currency, name,
				      progress, ctx, stats, err);
}

int bo_app_projections_verify(bo_app *app, const char *name,
			      bo_replay_fn progress, void *pctx,
			      bo_diff_fn each, void *ctx, int64_t *ndiff,
			      bo_err *err)
{
	int rc = require_admin(app, err);

	*ndiff = 0;
	if (rc != BO_OK)
		return rc;
	return bo_projections_verify(app->ports, &app->currency, name, progress,
				     pctx, each, ctx, ndiff, err);
}

int bo_app_projections_check(bo_app *app, bo_replay_fn progress, void *ctx,
			     int *out_rebuilt, bo_err *err)
{
	/* A read-only store is read as it is: nothing can be rebuilt. */
	if (app->ports->read_only) {
		if (out_rebuilt)
			*out_rebuilt = 0;
		return BO_OK;
	}
	return bo_projections_check_versions(app->ports, &app->currency,
					     progress, ctx, out_rebuilt, err);
}
