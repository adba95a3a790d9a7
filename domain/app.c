/* Application services, the core: open and close, role checks, the event envelope, the append and a command's one commit. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "projections/engine.h"
#include "reactors.h"
#include "tenant.h"
#include "text.h"

static const char *cap_action(bo_capability cap)
{
	switch (cap) {
	case BO_CAP_PRODUCT_READ:
		return "read products";
	case BO_CAP_PRODUCT_WRITE:
		return "change products";
	case BO_CAP_ORDER_READ:
		return "read orders";
	case BO_CAP_ORDER_PLACE:
		return "place orders";
	case BO_CAP_ORDER_PAYMENT:
		return "record payments, shipping or delivery";
	case BO_CAP_ORDER_SUPPORT:
		return "add notes, cancel or refund orders";
	case BO_CAP_REPORT_READ:
		return "read reports";
	case BO_CAP_USER_ADMIN:
		return "manage users";
	case BO_CAP_EVENTS_ADMIN:
		return "export or import events";
	case BO_CAP_TENANT_ADMIN:
		return "manage tenants";
	}
	return "do that";
}

int bo_app_require(const bo_app *app, bo_capability cap, bo_err *err)
{
	if (bo_role_may(app->role, cap))
		return BO_OK;
	return bo_err_set(err, BO_EPERM, "user %s (%s) may not %s", app->user,
			  bo_role_name(app->role), cap_action(cap));
}

int bo_app_init_store(bo_ports *ports, const bo_clock *clock,
		      const bo_init_options *opt, bo_err *err)
{
	const char *tenant = opt->tenant ? opt->tenant : "default";
	const char *code = opt->currency ? opt->currency : "EUR";
	bo_currency cur;
	char *existing = NULL;
	int rc;

	const char *zone = opt->time_zone ? opt->time_zone : "UTC";

	if ((rc = bo_tenant_validate(tenant, err)) < 0 ||
	    (rc = bo_time_zone_validate(zone, err)) < 0 ||
	    (rc = bo_currency_lookup(&cur, code, err)) < 0 ||
	    (rc = bo_user_validate_name(opt->admin, err)) < 0)
		return rc;
	if ((rc = bo_store_begin(&ports->store, err)) < 0)
		return rc;
	rc = bo_store_setting_get(&ports->store, BO_SETTING_TENANT, &existing,
				  err);
	if (rc == BO_OK) {
		rc = bo_err_set(
		    err, BO_ECONFLICT,
		    "the store is already initialised for tenant %s", existing);
		goto done;
	}
	if (rc != BO_ENOTFOUND)
		goto done;
	bo_user admin = {.name = (char *)opt->admin,
			 .role = BO_ROLE_ADMIN,
			 .created_at = bo_clock_now(clock)};
	if ((rc = bo_store_setting_set(&ports->store, BO_SETTING_TENANT, tenant,
				       err)) < 0 ||
	    (rc = bo_store_setting_set(&ports->store, BO_SETTING_CURRENCY,
				       cur.code, err)) < 0 ||
	    (rc = bo_store_setting_set(&ports->store, BO_SETTING_TIME_ZONE,
				       zone, err)) < 0 ||
	    (rc = bo_user_dir_add(&ports->users, &admin, err)) < 0)
		goto done;
	rc = bo_store_commit(&ports->store, err);
	free(existing);
	return rc;
done:
	free(existing);
	bo_store_rollback(&ports->store);
	return rc;
}

int bo_app_open(bo_app *app, bo_ports *ports, const bo_clock *clock,
		const bo_ids *ids, const char *user, bo_err *err)
{
	char *code = NULL;
	bo_user u = {0};
	int rc;

	memset(app, 0, sizeof(*app));
	app->ports = ports;
	app->clock = *clock;
	app->ids = *ids;
	if ((rc = bo_ports_check(ports, err)) < 0)
		goto fail;
	rc = bo_store_setting_get(&ports->store, BO_SETTING_TENANT,
				  &app->tenant, err);
	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_ESTORAGE,
				"the store is not initialised; create it with: "
				"backoffice init");
	if (rc < 0)
		goto fail;
	if ((rc = bo_store_setting_get(&ports->store, BO_SETTING_CURRENCY,
				       &code, err)) < 0 ||
	    (rc = bo_currency_lookup(&app->currency, code, err)) < 0)
		goto fail;
	rc = bo_store_setting_get(&ports->store, BO_SETTING_TIME_ZONE,
				  &app->time_zone, err);
	if (rc == BO_ENOTFOUND)
		rc =
		    (app->time_zone = bo_strdup("UTC")) ? 0 : bo_app_nomem(err);
	if (rc < 0)
		goto fail;
	/* A backend with logins of its own (PostgreSQL) has already told who
	 * this is: nobody but the store's owner may claim to be another. */
	if (ports->login && (!user || !*user))
		user = ports->login;
	if (!user || !*user) {
		rc =
		    bo_err_set(err, BO_EPERM, "no user given; use --user NAME");
		goto fail;
	}
	if (ports->login && strcmp(user, ports->login) != 0) {
		if (!ports->login_acts_for_all) {
			rc =
			    bo_err_set(err, BO_EPERM,
				       "database login %s may not act as user "
				       "%s; connect as %s, or leave --user out",
				       ports->login, user, user);
			goto fail;
		}
		if (!(app->acted_by = bo_strdup(ports->login))) {
			rc = bo_app_nomem(err);
			goto fail;
		}
	}
	rc = bo_user_dir_get(&ports->users, user, &u, err);
	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_EPERM,
				"user %s is not registered in this store; an "
				"admin can add it with: backoffice user add %s "
				"--role support",
				user, user);
	if (rc == 0 && u.disabled)
		rc = bo_err_set(err, BO_EPERM,
				"user %s is disabled in this store; an admin "
				"can enable it with: backoffice user enable %s",
				user, user);
	if (rc < 0)
		goto fail;
	app->user = u.name;
	app->role = u.role;
	bo_ids_uuid(&app->ids, app->correlation_id);
	free(code);
	return BO_OK;
fail:
	free(code);
	bo_user_clear(&u);
	bo_app_close(app);
	return rc;
}

void bo_app_close(bo_app *app)
{
	if (!app)
		return;
	free(app->tenant);
	free(app->user);
	free(app->acted_by);
	free(app->time_zone);
	app->tenant = app->user = app->acted_by = app->time_zone = NULL;
}

/* ---- events: envelope, append and inline projection ------------------------ */

int bo_app_nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* Fills the envelope of a new event decided by this invocation. */
int bo_app_stamp(bo_app *app, bo_event *e, int64_t now)
{
	char id[BO_UUID_LEN + 1];

	bo_ids_uuid(&app->ids, id);
	e->recorded_at = now;
	if (!e->type_name)
		e->type_name = bo_strdup(bo_event_kind_name(e->kind));
	if (!e->schema_version)
		e->schema_version = bo_event_kind_schema(e->kind);
	e->event_id = bo_strdup(id);
	e->meta.user = bo_strdup(app->user);
	e->meta.role = bo_strdup(bo_role_name(app->role));
	e->meta.tenant = bo_strdup(app->tenant);
	e->meta.correlation_id = bo_strdup(app->correlation_id);
	e->meta.causation_id = bo_strdup(app->correlation_id);
	if (app->command_id &&
	    !(e->meta.command_id = bo_strdup(app->command_id)))
		return BO_ENOMEM;
	if (app->acted_by && !(e->meta.acted_by = bo_strdup(app->acted_by)))
		return BO_ENOMEM;
	if (app->bulk_id && !(e->meta.bulk_id = bo_strdup(app->bulk_id)))
		return BO_ENOMEM;
	if (!e->type_name || !e->event_id || !e->meta.user || !e->meta.role ||
	    !e->meta.tenant || !e->meta.correlation_id || !e->meta.causation_id)
		return BO_ENOMEM;
	return BO_OK;
}

int bo_app_append_one(bo_app *app, const char *stream, int64_t expected,
		      bo_event *e, bo_err *err)
{
	/* The store rewrites e->stream, which may be where stream points. */
	char *name = bo_strdup(stream);
	int rc;

	if (!name)
		return bo_app_nomem(err);
	rc = bo_event_store_append(&app->ports->events, name, expected, e, 1,
				   err);
	free(name);
	if (rc < 0)
		return rc;
	/* Every inline projector, with its checkpoint, in this transaction. */
	if (app->inline_checkpoints_later)
		return bo_projections_apply_inline_only(app->ports,
							&app->currency, e, err);
	return bo_projections_apply_inline(app->ports, &app->currency, e, err);
}

/* ---- a command's commit ---------------------------------------------------- */

/*
 * The rest of a command's write, inside its transaction and before its one
 * commit: the reactors, each handled event's effect in a nested level (a
 * savepoint) with the reactor's checkpoint, so a failure undoes only that
 * and the reactor retries after the next command; then the projectors that
 * are not inline (reports) catch up to the head, also in a nested level.
 * Neither failure fails the command (see reactor_err, follow_err).
 */
static void react(bo_app *app)
{
	const bo_store *st = &app->ports->store;
	int rc;

	bo_err_clear(&app->reactor_err);
	bo_err_clear(&app->follow_err);
	if (!app->reactors_later)
		bo_reactors_run(app, &app->reactor_err);
	if (app->follow_later)
		return;
	if ((rc = bo_store_begin(st, &app->follow_err)) < 0)
		return;
	/* a failed commit rolls its own level back: no second rollback */
	if ((rc = bo_projections_follow(app->ports, &app->currency, 0,
					&app->follow_err)) < 0)
		bo_store_rollback(st);
	else if ((rc = bo_store_commit(st, &app->follow_err)) == 0)
		bo_err_clear(&app->follow_err);
}

/* A command's one commit, the reactors and the catch-up inside it. */
int bo_app_commit_command(bo_app *app, bo_err *err)
{
	react(app);
	return bo_store_commit(&app->ports->store, err);
}
