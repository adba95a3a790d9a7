/* The tenant site: making, finding and measuring the stores of an installation's tenants. */
#include "adapters/sys/tenant_site.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/postgres/pg_store.h"
#include "domain/app.h"
#include "domain/ports/ports.h"

#define PG_TENANT_PREFIX "tenant_"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *d;

	if (!slash)
		return strdup(".");
	if (n == 0)
		n = 1; /* "/x.db": the root directory */
	if ((d = malloc(n + 1))) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

static char *file_beside(const char *root, const char *file)
{
	char *dir = dir_of(root), *out = NULL;
	size_t n;

	if (!dir)
		return NULL;
	n = strlen(dir) + strlen(file) + 2;
	if ((out = malloc(n)))
		snprintf(out, n, "%s%s%s", dir,
			 strcmp(dir, "/") == 0 ? "" : "/", file);
	free(dir);
	return out;
}

char *bo_sys_tenant_beside(const bo_sys_tenant_site *s, const char *name)
{
	char file[BO_TENANT_NAME_MAX + 4];

	if (s->be->kind != BO_BACKEND_SQLITE)
		return NULL;
	snprintf(file, sizeof(file), "%s.db", name);
	return file_beside(s->root, file);
}

int bo_sys_tenant_where(const bo_sys_tenant_site *s, const bo_tenant *t,
			const bo_backend **be, char **where, bo_err *err)
{
	int rc;

	*where = NULL;
	if (t->backend && strcmp(t->backend, "sqlite") == 0) {
		if ((rc = bo_backend_find(be, BO_BACKEND_SQLITE, err)) < 0)
			return rc;
		if (t->location[0] == '/')
			*where = strdup(t->location);
		else if (s->be->kind == BO_BACKEND_SQLITE)
			*where = file_beside(s->root, t->location);
		else
			return bo_err_set(err, BO_ESTORAGE,
					  "tenant %s is registered at %s, a "
					  "path relative to no directory",
					  t->name, t->location);
	} else if (t->backend && strcmp(t->backend, "postgresql") == 0) {
		if ((rc = bo_backend_find(be, BO_BACKEND_POSTGRES, err)) < 0)
			return rc;
		if (strncmp(t->location, "postgres", 8) == 0)
			*where = strdup(t->location);
		else if (s->be->kind == BO_BACKEND_POSTGRES)
			*where = bo_pg_url_with_schema(s->root, t->location);
		else
			return bo_err_set(err, BO_ESTORAGE,
					  "tenant %s is registered in schema "
					  "%s of no known server",
					  t->name, t->location);
	} else {
		return bo_err_set(err, BO_ESTORAGE,
				  "tenant %s is registered on a backend this "
				  "build does not know (%s)",
				  t->name, t->backend ? t->backend : "none");
	}
	return *where ? 0 : bo_err_set(err, BO_ENOMEM, "out of memory");
}

static int site_place(void *self, bo_tenant *t, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	char key[BO_TENANT_NAME_MAX + 1];
	char loc[BO_TENANT_NAME_MAX + sizeof(PG_TENANT_PREFIX) + 4];

	if (s->be->kind == BO_BACKEND_SQLITE) {
		snprintf(loc, sizeof(loc), "%s.db", t->name);
		t->backend = strdup("sqlite");
	} else {
		bo_tenant_key(t->name, key);
		snprintf(loc, sizeof(loc), PG_TENANT_PREFIX "%s", key);
		t->backend = strdup("postgresql");
	}
	t->location = strdup(loc);
	if (!t->backend || !t->location)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return 0;
}

typedef struct fill_ctx {
	const bo_clock *clock;
	bo_init_options opt;
} fill_ctx;

static int fill_tenant(bo_ports *ports, void *ctx, bo_err *err)
{
	fill_ctx *f = ctx;

	return bo_app_init_store(ports, f->clock, &f->opt, err);
}

/* 1 when the store at where is what an interrupted create of t left (its
 * tenant is t's, its log is empty), 0 when it is anything else, < 0 when
 * it cannot be told. */
static int is_leftover(const bo_backend *be, const char *where,
		       const bo_tenant *t, bo_err *err)
{
	bo_ports p;
	char *tenant = NULL;
	int64_t head = -1;
	int rc = be->open(&p, where, err);

	if (rc < 0)
		return rc;
	rc = bo_store_setting_get(&p.store, BO_SETTING_TENANT, &tenant, err);
	if (rc == BO_ENOTFOUND)
		rc = 0;
	else if (rc == 0)
		rc = bo_event_store_head(&p.events, &head, err);
	if (rc == 0)
		rc = tenant && strcmp(tenant, t->name) == 0 && head == 0;
	free(tenant);
	bo_ports_close(&p);
	return rc;
}

static int site_provision(void *self, const bo_tenant *t, const char *admin,
			  bo_err *err)
{
	bo_sys_tenant_site *s = self;
	fill_ctx f = {s->clock, {t->name, t->currency, admin, t->time_zone}};
	const bo_backend *be;
	char *where;
	int rc;

	if ((rc = bo_sys_tenant_where(s, t, &be, &where, err)) < 0)
		return rc;
	rc = be->create(where, fill_tenant, &f, err);
	if (rc == BO_ECONFLICT) {
		bo_err why = *err;
		int left = is_leftover(be, where, t, err);

		if (left == 1 && (rc = be->destroy(where, err)) == 0)
			rc = be->create(where, fill_tenant, &f, err);
		else if (left == 0)
			rc = bo_err_set(err, BO_ECONFLICT,
					"%s; tenant %s cannot be created there",
					why.msg, t->name);
		else if (left < 0)
			rc = left;
	}
	free(where);
	return rc;
}

typedef struct count_ctx {
	int64_t n;
} count_ctx;

static int count_order(void *ctx, const bo_order_row *r)
{
	(void)r;
	((count_ctx *)ctx)->n++;
	return 0;
}

static int site_measure(void *self, const bo_tenant *t, int64_t *events,
			int64_t *orders, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	bo_order_query q = {.status = -1};
	count_ctx n = {0};
	const bo_backend *be;
	bo_ports p;
	char *where;
	int rc;

	if (!t->location) {
		be = s->be; /* the installation's own store */
		where = strdup(s->root);
		rc = where ? 0 : bo_err_set(err, BO_ENOMEM, "out of memory");
	} else {
		rc = bo_sys_tenant_where(s, t, &be, &where, err);
	}
	if (rc < 0)
		return rc;
	rc = be->open(&p, where, err);
	free(where);
	if (rc < 0)
		return rc;
	rc = bo_event_store_head(&p.events, events, err);
	if (rc == 0)
		rc = bo_rm_order_list(&p.rm, &q, count_order, &n, err);
	*orders = n.n;
	bo_ports_close(&p);
	return rc;
}

static const bo_tenant_site_ops site_ops = {
    .place = site_place,
    .provision = site_provision,
    .measure = site_measure,
};

void bo_sys_tenant_site_init(bo_sys_tenant_site *s, const bo_backend *be,
			     const char *root, const bo_clock *clock)
{
	s->site = (bo_tenant_site){&site_ops, s};
	s->be = be;
	s->root = root;
	s->clock = clock;
}

int bo_sys_time_zone_check(const char *name, bo_err *err)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	int rc, fd;
	ssize_t got = 0;

	if ((rc = bo_time_zone_validate(name, err)) < 0)
		return rc;
	if (strcmp(name, "UTC") == 0)
		return 0;
	if (!dir || dir[0] != '/')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* the name has no "." or ".." part: it stays inside dir */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		got = read(fd, magic, sizeof(magic));
		close(fd);
	}
	if (got == 4 && memcmp(magic, "TZif", 4) == 0)
		return 0;
	return bo_err_set(err, BO_EINVAL,
			  "--time-zone %s is not a time zone of the system's "
			  "tz database",
			  name);
}
