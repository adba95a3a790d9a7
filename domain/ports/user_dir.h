/* Port: the directory of staff users and their roles. */
#ifndef BO_PORT_USER_DIR_H
#define BO_PORT_USER_DIR_H

#include <stdbool.h>
#include <stdint.h>

#include "../status.h"
#include "../user.h"

typedef int (*bo_user_each_fn)(void *ctx, const bo_user *u);

typedef struct bo_user_dir_ops {
	int version; /* BO_USER_DIR_OPS_VERSION */
	/* Required. Inside a transaction. BO_ECONFLICT when the name is taken. */
	int (*add)(void *self, const bo_user *u, bo_err *err);
	/* Required. *out is the caller's (bo_user_clear). BO_ENOTFOUND. */
	int (*get)(void *self, const char *name, bo_user *out, bo_err *err);
	/* Required. In name order. */
	int (*list)(void *self, bo_user_each_fn each, void *ctx, bo_err *err);
	/* Required. Inside a transaction. Gives the user another role; on a
	 * backend with logins of its own (PostgreSQL) the login moves to that
	 * role's group of this store, unless the user is disabled.
	 * BO_ENOTFOUND for an unknown name. */
	int (*set_role)(void *self, const char *name, bo_role role,
			bo_err *err);
	/* Required. Inside a transaction. Marks the user disabled or enabled;
	 * on PostgreSQL a disabled login also leaves this store's group (and
	 * an enabled one joins its role's group again), so the database
	 * refuses it too. BO_ENOTFOUND for an unknown name. */
	int (*set_disabled)(void *self, const char *name, bool disabled,
			    bo_err *err);
} bo_user_dir_ops;

#define BO_USER_DIR_OPS_VERSION 2

typedef struct bo_user_dir {
	const bo_user_dir_ops *ops;
	void *self;
} bo_user_dir;

int bo_user_dir_add(const bo_user_dir *d, const bo_user *u, bo_err *err);
int bo_user_dir_get(const bo_user_dir *d, const char *name, bo_user *out,
		    bo_err *err);
int bo_user_dir_list(const bo_user_dir *d, bo_user_each_fn each, void *ctx,
		     bo_err *err);
int bo_user_dir_set_role(const bo_user_dir *d, const char *name, bo_role role,
			 bo_err *err);
int bo_user_dir_set_disabled(const bo_user_dir *d, const char *name,
			     bool disabled, bo_err *err);

#endif
