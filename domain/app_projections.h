/* Application services of the projection engine: status for everyone, the rest for admins. */
#ifndef BO_APP_PROJECTIONS_H
#define BO_APP_PROJECTIONS_H

#include "app.h"
#include "projections/engine.h"

/* Every projector's version, checkpoint, head and lag. Any role. */
int bo_app_projections_status(bo_app *app, bo_projector_status_fn each,
			      void *ctx, bo_err *err);

/* How far the read model of projector name is behind the log, read as it
 * is (bo_projections_lag). Any role: every read that shows a model says
 * so. BO_ENOTFOUND for an unknown name. */
int bo_app_projections_lag(bo_app *app, const char *name, bo_projector_lag *out,
			   bo_err *err);

/*
 * Admin. Catches the projector (name, or all when NULL) up with the log,
 * then runs the reactors (their failure is kept in app->reactor_err, as
 * after a command). BO_EPERM, BO_ENOTFOUND for an unknown name.
 */
int bo_app_projections_run(bo_app *app, const char *name, bo_replay_fn progress,
			   void *ctx, bo_err *err);

/* Admin. bo_projections_rebuild for the tenant's currency. */
int bo_app_projections_rebuild(bo_app *app, const char *name,
			       bo_replay_fn progress, void *ctx,
			       bo_replay_stats *stats, bo_err *err);

/* Admin. bo_projections_verify: every differing row to each, *ndiff of
 * them; nothing changes. */
int bo_app_projections_verify(bo_app *app, const char *name,
			      bo_replay_fn progress, void *pctx,
			      bo_diff_fn each, void *ctx, int64_t *ndiff,
			      bo_err *err);

/*
 * Start-up upkeep, whoever the user: rebuilds every projector whose stored
 * version is not this build's (bo_projections_check_versions). The
 * composition root calls it right after bo_app_open. Does nothing on a
 * read-only store (ports->read_only).
 */
int bo_app_projections_check(bo_app *app, bo_replay_fn progress, void *ctx,
			     int *out_rebuilt, bo_err *err);

#endif
