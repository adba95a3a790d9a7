/* Port: the directory of staff users and their roles. */
#ifndef BO_PORT_USER_DIR_H
#define BO_PORT_USER_DIR_H

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
} bo_user_dir_ops;

#define BO_USER_DIR_OPS_VERSION 1

typedef struct bo_user_dir {
	const bo_user_dir_ops *ops;
	void *self;
} bo_user_dir;

int bo_user_dir_add(const bo_user_dir *d, const bo_user *u, bo_err *err);
int bo_user_dir_get(const bo_user_dir *d, const char *name, bo_user *out,
		    bo_err *err);
int bo_user_dir_list(const bo_user_dir *d, bo_user_each_fn each, void *ctx,
		     bo_err *err);

#endif
