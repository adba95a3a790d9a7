/* Tenants: the registry record, name keys, time zone spelling. */
#include "tenant.h"

#include <stdlib.h>
#include <string.h>

void bo_tenant_clear(bo_tenant *t)
{
	free(t->name);
	free(t->time_zone);
	free(t->backend);
	free(t->location);
	free(t->created_by);
	memset(t, 0, sizeof(*t));
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

int bo_tenant_copy(bo_tenant *dst, const bo_tenant *src, bo_err *err)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst->currency, src->currency, sizeof(dst->currency));
	dst->created_at = src->created_at;
	if (dup_or_null(&dst->name, src->name) ||
	    dup_or_null(&dst->time_zone, src->time_zone) ||
	    dup_or_null(&dst->backend, src->backend) ||
	    dup_or_null(&dst->location, src->location) ||
	    dup_or_null(&dst->created_by, src->created_by)) {
		bo_tenant_clear(dst);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory copying a tenant");
	}
	return BO_OK;
}

void bo_tenant_key(const char *name, char *out)
{
	size_t i = 0;

	for (; name[i] && i < BO_TENANT_NAME_MAX; i++)
		out[i] = name[i] == '-' ? '_' : name[i];
	out[i] = '\0';
}

int bo_time_zone_validate(const char *name, bo_err *err)
{
	size_t n = name ? strlen(name) : 0;
	int ok = n > 0 && n <= BO_TIME_ZONE_MAX;

	for (size_t i = 0; ok && i < n; i++) {
		char c = name[i];
		int part_start = i == 0 || name[i - 1] == '/';

		if (c == '/')
			ok = !part_start && i + 1 < n;
		else if (part_start && (c == '.' || c == '-'))
			ok = 0;
		else
			ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			     (c >= '0' && c <= '9') || c == '_' || c == '+' ||
			     c == '-';
	}
	if (!ok)
		return bo_err_set(err, BO_EINVAL,
				  "--time-zone must be an IANA time zone name "
				  "such as Europe/Berlin or UTC");
	return BO_OK;
}
