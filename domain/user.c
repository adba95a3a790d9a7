/* Roles, user and tenant names, and the role/capability table (DESIGN.md). */
#include "user.h"

#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {
    [BO_ROLE_ADMIN] = "admin",
    [BO_ROLE_SUPPORT] = "support",
    [BO_ROLE_MANAGER] = "manager",
};

#define ROLE_COUNT (sizeof(role_names) / sizeof(role_names[0]))

const char *bo_role_name(bo_role r)
{
	if ((unsigned)r >= ROLE_COUNT)
		return "unknown";
	return role_names[r];
}

int bo_role_parse(bo_role *out, const char *name, bo_err *err)
{
	for (size_t i = 0; name && i < ROLE_COUNT; i++) {
		if (strcmp(name, role_names[i]) == 0) {
			*out = (bo_role)i;
			return BO_OK;
		}
	}
	return bo_err_set(err, BO_EINVAL,
			  "role must be one of admin, support, manager");
}

void bo_user_clear(bo_user *u)
{
	if (!u)
		return;
	free(u->name);
	memset(u, 0, sizeof(*u));
}

int bo_user_validate_name(const char *name, bo_err *err)
{
	size_t n = 0;

	for (const char *c = name; c && *c; c++, n++) {
		bool ok = (*c >= 'A' && *c <= 'Z') ||
			  (*c >= 'a' && *c <= 'z') ||
			  (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
			  *c == '@' || *c == '-';
		if (!ok || n >= BO_USER_NAME_MAX) {
			n = 0;
			break;
		}
	}
	if (n == 0)
		return bo_err_set(err, BO_EINVAL,
				  "user name must be 1 to 64 characters from "
				  "A-Z a-z 0-9 . _ @ -");
	return BO_OK;
}

int bo_tenant_validate(const char *name, bo_err *err)
{
	size_t n = name ? strlen(name) : 0;

	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			n = 0;
	}
	if (n == 0 || n > BO_TENANT_NAME_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "tenant name must be 1 to 40 of a-z, 0-9, _ "
				  "and -");
	return BO_OK;
}

#define A (1u << BO_ROLE_ADMIN)
#define S (1u << BO_ROLE_SUPPORT)
#define M (1u << BO_ROLE_MANAGER)

/* Which roles hold each capability, as a bit set of roles. */
static const unsigned capability_roles[] = {
    [BO_CAP_PRODUCT_READ] = A | S | M, [BO_CAP_PRODUCT_WRITE] = A,
    [BO_CAP_ORDER_READ] = A | S | M,   [BO_CAP_ORDER_PLACE] = A,
    [BO_CAP_ORDER_PAYMENT] = A,        [BO_CAP_ORDER_SUPPORT] = A | S,
    [BO_CAP_REPORT_READ] = A | S | M,  [BO_CAP_USER_ADMIN] = A,
    [BO_CAP_EVENTS_ADMIN] = A,         [BO_CAP_TENANT_ADMIN] = A,
};

#undef A
#undef S
#undef M

bool bo_role_may(bo_role r, bo_capability cap)
{
	if ((unsigned)r >= ROLE_COUNT ||
	    (unsigned)cap >=
		sizeof(capability_roles) / sizeof(capability_roles[0]))
		return false;
	return (capability_roles[cap] >> r) & 1u;
}
