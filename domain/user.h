/* Staff users and roles, and what each role may do (the DESIGN.md table). */
#ifndef BO_USER_H
#define BO_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

#define BO_USER_NAME_MAX 64

typedef enum { BO_ROLE_ADMIN, BO_ROLE_SUPPORT, BO_ROLE_MANAGER } bo_role;

/* "admin", "support", "manager". */
const char *bo_role_name(bo_role r);
/* BO_EINVAL naming "role" when not one of the three names. */
int bo_role_parse(bo_role *out, const char *name, bo_err *err);

typedef struct bo_user {
	char *name; /* 1..64 of [A-Za-z0-9._@-] */
	bo_role role;
	int64_t created_at;
	/* A disabled user stays in the directory (their name is in the log)
	 * but may not open a session; an admin enables them again. */
	bool disabled;
} bo_user;

void bo_user_clear(bo_user *u);
/* BO_EINVAL naming "user" when the name breaks the rule above. */
int bo_user_validate_name(const char *name, bo_err *err);

#define BO_TENANT_NAME_MAX 40

/* BO_EINVAL naming "tenant name" unless name is 1..40 of [a-z0-9_-] (NULL
 * is refused too): the name goes into file names and event metadata. */
int bo_tenant_validate(const char *name, bo_err *err);

/* What a role may do; the application services check these before anything else. */
typedef enum {
	BO_CAP_PRODUCT_READ,  /* every role */
	BO_CAP_PRODUCT_WRITE, /* admin */
	BO_CAP_ORDER_READ,    /* every role */
	BO_CAP_ORDER_PLACE, /* admin (the shop front acts as an admin service user) */
	BO_CAP_ORDER_PAYMENT, /* admin: pay, fail-payment, ship, deliver */
	BO_CAP_ORDER_SUPPORT, /* admin, support: note, cancel, refund */
	BO_CAP_REPORT_READ,   /* admin, manager, support */
	BO_CAP_USER_ADMIN,    /* admin */
	BO_CAP_EVENTS_ADMIN,  /* admin: export, import */
	BO_CAP_TENANT_ADMIN /* admin of the installation: tenant create, list */
} bo_capability;

bool bo_role_may(bo_role r, bo_capability cap);

#endif
