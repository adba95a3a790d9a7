/* Application services of users: adding, listing, disabling, enabling and
 * changing the role of one (admins). */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static int add_user(bo_app *app, void *ctx, bo_err *err)
{
	return bo_user_dir_add(&app->ports->users, ctx, err);
}

int bo_app_user_add(bo_app *app, const char *name, const char *role,
		    bo_err *err)
{
	bo_user u = {0};
	bo_fp fp;
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
	return bo_app_command_once(app, &fp, add_user, &u, err);
}

int bo_app_user_list(bo_app *app, bo_user_each_fn each, void *ctx, bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_USER_ADMIN, err);
	return rc < 0 ? rc
		      : bo_user_dir_list(&app->ports->users, each, ctx, err);
}

/* Counts the enabled admins other than the one named skip. */
typedef struct admin_count {
	const char *skip;
	int n;
} admin_count;

static int count_admin(void *ctx, const bo_user *u)
{
	admin_count *c = ctx;

	if (u->role == BO_ROLE_ADMIN && !u->disabled &&
	    strcmp(u->name, c->skip) != 0)
		c->n++;
	return 0;
}

/* The rules every change of a user keeps, u being the user as stored and
 * (role, disabled) what it is to become: the store keeps at least one
 * enabled admin, and nobody disables or demotes themselves (another admin
 * does: the last admin is named first, as adding one is the way out). */
static int check_change(bo_app *app, const bo_user *u, bo_role role,
			bool disabled, bo_err *err)
{
	admin_count c = {u->name, 0};
	bool loses = u->role == BO_ROLE_ADMIN && !u->disabled &&
		     (role != BO_ROLE_ADMIN || disabled);
	int rc;

	if (!loses)
		return BO_OK;
	if ((rc = bo_user_dir_list(&app->ports->users, count_admin, &c, err)) <
	    0)
		return rc;
	if (c.n == 0)
		return bo_err_set(err, BO_ECONFLICT,
				  "user %s is the store's last enabled admin; "
				  "make another user admin first",
				  u->name);
	if (strcmp(u->name, app->user) == 0)
		return bo_err_set(err, BO_EINVAL,
				  "user %s is you: an admin may not %s "
				  "themselves; another admin can",
				  u->name,
				  disabled ? "disable"
					   : "take the admin role "
					     "from");
	return BO_OK;
}

/* The acting admin as the directory has them now: a session opened before
 * its user was disabled or lost the admin role keeps its other work to its
 * end, but may no longer change the staff (nor enable itself again). */
static int still_admin(bo_app *app, bo_err *err)
{
	bo_user me = {0};
	int rc = bo_user_dir_get(&app->ports->users, app->user, &me, err);

	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_EPERM,
				"user %s is no longer registered in this store",
				app->user);
	else if (rc == 0 && me.disabled)
		rc = bo_err_set(err, BO_EPERM,
				"user %s has been disabled since this session "
				"opened, and may not manage users",
				app->user);
	else if (rc == 0 && me.role != BO_ROLE_ADMIN)
		rc = bo_err_set(err, BO_EPERM,
				"user %s is no longer an admin of this store, "
				"and may not manage users",
				app->user);
	bo_user_clear(&me);
	return rc;
}

/* One change of a user: role (NULL: kept) and disabled (< 0: kept). */
typedef struct user_change {
	const char *name;
	const char *role;
	int disabled;
} user_change;

static int apply_change(bo_app *app, void *ctx, bo_err *err)
{
	user_change *c = ctx;
	bo_user u = {0};
	bo_role new_role = BO_ROLE_ADMIN;
	int disabled = c->disabled, rc;

	if ((c->role && (rc = bo_role_parse(&new_role, c->role, err)) < 0) ||
	    (rc = still_admin(app, err)) < 0 ||
	    (rc = bo_user_dir_get(&app->ports->users, c->name, &u, err)) < 0)
		goto out;
	if (!c->role)
		new_role = u.role;
	if (disabled < 0)
		disabled = u.disabled;
	if ((rc = check_change(app, &u, new_role, disabled, err)) < 0 ||
	    (new_role != u.role &&
	     (rc = bo_user_dir_set_role(&app->ports->users, c->name, new_role,
					err)) < 0) ||
	    ((bool)disabled != u.disabled &&
	     (rc = bo_user_dir_set_disabled(&app->ports->users, c->name,
					    disabled, err)) < 0))
		goto out;
	rc = BO_OK;
out:
	bo_user_clear(&u);
	return rc;
}

static int change_user(bo_app *app, const char *what, const char *name,
		       const char *role, int disabled, bo_err *err)
{
	user_change c = {name, role, disabled};
	bo_role parsed;
	bo_fp fp;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_USER_ADMIN, err)) < 0 ||
	    (rc = bo_user_validate_name(name, err)) < 0 ||
	    (role && (rc = bo_role_parse(&parsed, role, err)) < 0))
		return rc;
	bo_fp_init(&fp, app, what);
	bo_fp_str(&fp, name);
	if (role)
		bo_fp_str(&fp, role);
	return bo_app_command_once(app, &fp, apply_change, &c, err);
}

int bo_app_user_disable(bo_app *app, const char *name, bo_err *err)
{
	return change_user(app, "user disable", name, NULL, 1, err);
}

int bo_app_user_enable(bo_app *app, const char *name, bo_err *err)
{
	return change_user(app, "user enable", name, NULL, 0, err);
}

int bo_app_user_set_role(bo_app *app, const char *name, const char *role,
			 bo_err *err)
{
	/* NULL would mean "keep the role": a missing one is refused */
	if (!role)
		role = "";
	return change_user(app, "user role", name, role, -1, err);
}
