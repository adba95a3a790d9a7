/* Port: the installation's registry of tenants (name, currency, zone, where each lives). */
#ifndef BO_PORT_TENANT_DIR_H
#define BO_PORT_TENANT_DIR_H

#include "../status.h"
#include "../tenant.h"

typedef int (*bo_tenant_each_fn)(void *ctx, const bo_tenant *t);

typedef struct bo_tenant_dir_ops {
	int version; /* BO_TENANT_DIR_OPS_VERSION */
	/* Required. Inside a transaction. BO_ECONFLICT naming the tenant
	 * already there when the name, or its key (bo_tenant_key), is taken. */
	int (*add)(void *self, const bo_tenant *t, bo_err *err);
	/* Required. *out is the caller's (bo_tenant_clear). BO_ENOTFOUND. */
	int (*get)(void *self, const char *name, bo_tenant *out, bo_err *err);
	/* Required. In name order; a negative return from each stops it. */
	int (*list)(void *self, bo_tenant_each_fn each, void *ctx, bo_err *err);
	/* Required. Inside a transaction. Points tenant name at another
	 * store: its backend and location change, nothing else (tenant
	 * move, once the copy there is verified). BO_ENOTFOUND. */
	int (*relocate)(void *self, const char *name, const char *backend,
			const char *location, bo_err *err);
} bo_tenant_dir_ops;

#define BO_TENANT_DIR_OPS_VERSION 2

typedef struct bo_tenant_dir {
	const bo_tenant_dir_ops *ops;
	void *self;
} bo_tenant_dir;

int bo_tenant_dir_add(const bo_tenant_dir *d, const bo_tenant *t, bo_err *err);
int bo_tenant_dir_get(const bo_tenant_dir *d, const char *name, bo_tenant *out,
		      bo_err *err);
int bo_tenant_dir_list(const bo_tenant_dir *d, bo_tenant_each_fn each,
		       void *ctx, bo_err *err);
int bo_tenant_dir_relocate(const bo_tenant_dir *d, const char *name,
			   const char *backend, const char *location,
			   bo_err *err);

#endif
