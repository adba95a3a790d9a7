/* The tenant site: making, finding and measuring the stores of an installation's tenants. */
#include "adapters/sys/tenant_site.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters/postgres/pg_conn.h"
#include "adapters/postgres/pg_store.h"
#include "adapters/sys/store_path.h"
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
	int64_t since; /* the admin's time, 0: the clock's */
} fill_ctx;

static int64_t fixed_now(void *self)
{
	return *(const int64_t *)self;
}

static int fill_tenant(bo_ports *ports, void *ctx, bo_err *err)
{
	fill_ctx *f = ctx;
	bo_clock at = {fixed_now, &f->since};

	return bo_app_init_store(ports, f->since ? &at : f->clock, &f->opt,
				 err);
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
			  int64_t admin_since, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	fill_ctx f = {
	    s->clock, {t->name, t->currency, admin, t->time_zone}, admin_since};
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

/* url with the password of its user part left out (the registry keeps
 * none: the connection finds it in PGPASSWORD or ~/.pgpass). */
static char *without_password(const char *url)
{
	const char *scheme = strstr(url, "://"), *at, *colon, *slash;
	char *out;

	if (!scheme)
		return strdup(url);
	scheme += 3;
	slash = strchr(scheme, '/');
	at = strchr(scheme, '@');
	if (!at || (slash && at > slash))
		return strdup(url);
	colon = memchr(scheme, ':', (size_t)(at - scheme));
	if (!colon)
		return strdup(url);
	if ((out = malloc(strlen(url) + 1))) {
		size_t head = (size_t)(colon - url);
		memcpy(out, url, head);
		strcpy(out + head, at);
	}
	return out;
}

/* BO_EINVAL when moved names the store t lives in now, however it is
 * spelled (a relative name, another path to the same file). */
static int same_place(const bo_sys_tenant_site *s, const bo_tenant *t,
		      const bo_tenant *moved, bo_err *err)
{
	const bo_backend *be_now, *be_new;
	char *now = NULL, *then = NULL, *a = NULL, *b = NULL;
	struct stat st_now, st_new;
	bool same = false;
	int rc;

	if (strcmp(t->backend, moved->backend) != 0)
		return 0;
	if ((rc = bo_sys_tenant_where(s, t, &be_now, &now, err)) < 0 ||
	    (rc = bo_sys_tenant_where(s, moved, &be_new, &then, err)) < 0)
		goto done;
	if (be_now->kind == BO_BACKEND_SQLITE)
		same = strcmp(now, then) == 0 ||
		       (stat(now, &st_now) == 0 && stat(then, &st_new) == 0 &&
			st_now.st_dev == st_new.st_dev &&
			st_now.st_ino == st_new.st_ino);
	else
		same = (a = without_password(now)) &&
		       (b = without_password(then)) && strcmp(a, b) == 0;
	if (same)
		rc =
		    bo_err_set(err, BO_EINVAL,
			       "tenant %s already lives there (--to)", t->name);
done:
	free(now);
	free(then);
	free(a);
	free(b);
	return rc;
}

static int site_locate(void *self, const bo_tenant *t, const char *url,
		       bo_tenant *moved, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	bo_store_path p;
	char key[BO_TENANT_NAME_MAX + 1];
	char schema[BO_TENANT_NAME_MAX + sizeof(PG_TENANT_PREFIX) + 4];
	char *loc = NULL, *a = NULL, *b = NULL, *bare = NULL;
	int rc = 0;

	if (bo_store_path_parse(&p, url, err) < 0)
		return bo_err_set(err, BO_EUSAGE,
				  "--to must be sqlite:PATH or a "
				  "postgresql:// URL");
	if (p.kind == BO_BACKEND_SQLITE) {
		char cwd[4096];

		if (p.path[0] == '/')
			loc = strdup(p.path);
		else if (!getcwd(cwd, sizeof(cwd)))
			rc = bo_err_set(err, BO_ESTORAGE,
					"--to: the working directory cannot "
					"be read");
		else if ((loc = malloc(strlen(cwd) + strlen(p.path) + 2)))
			sprintf(loc, "%s/%s", cwd, p.path);
		moved->backend = strdup("sqlite");
	} else {
		const char *q = strstr(p.url, "schema=");

		bo_tenant_key(t->name, key);
		snprintf(schema, sizeof(schema), PG_TENANT_PREFIX "%s", key);
		/* schema= of --to wins; else the tenant's usual schema */
		if (q && (q[-1] == '?' || q[-1] == '&')) {
			size_t n = strcspn(q + 7, "&");
			if (n == 0 || n >= sizeof(schema)) {
				bo_store_path_free(&p);
				return bo_err_set(err, BO_EINVAL,
						  "--to names a schema that "
						  "cannot be a store");
			}
			memcpy(schema, q + 7, n);
			schema[n] = '\0';
			if (!bo_pg_schema_valid(schema)) {
				bo_store_path_free(&p);
				return bo_err_set(err, BO_EUSAGE,
						  "the schema of --to must be "
						  "a lower-case letter, then "
						  "up to 47 lower-case "
						  "letters, digits or _");
			}
		}
		/* in the installation's own database: the schema alone, as
		 * tenant create records it; elsewhere the whole URL */
		if (s->be->kind == BO_BACKEND_POSTGRES &&
		    (a = bo_pg_url_with_schema(s->root, schema)) &&
		    (b = bo_pg_url_with_schema(p.url, schema)) &&
		    (bare = without_password(a)) && strcmp(bare, b) == 0)
			loc = strdup(schema);
		else if (b || (b = bo_pg_url_with_schema(p.url, schema)))
			loc = without_password(b);
		moved->backend = strdup("postgresql");
	}
	free(a);
	free(b);
	free(bare);
	bo_store_path_free(&p);
	if (rc < 0) {
		free(loc);
		return rc;
	}
	moved->location = loc;
	if (!moved->backend || !moved->location)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return same_place(s, t, moved, err);
}

static int site_open(void *self, const bo_tenant *t, bo_ports *out, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	const char *zone = t->time_zone ? t->time_zone : "UTC";
	const bo_backend *be;
	char *where;
	int rc;

	if (!s->zone.name || strcmp(s->zone.name, zone) != 0) {
		bo_sys_zone_close(&s->zone);
		if ((rc = bo_sys_zone_open(&s->zone, zone, err)) < 0)
			return rc;
	}
	if ((rc = bo_sys_tenant_where(s, t, &be, &where, err)) < 0)
		return rc;
	rc = be->open(out, where, err);
	free(where);
	if (rc == 0)
		out->zone = &s->zone.zone;
	return rc;
}

static int site_discard(void *self, const bo_tenant *t, bo_err *err)
{
	bo_sys_tenant_site *s = self;
	const bo_backend *be;
	char *where, *tenant = NULL;
	bo_ports p;
	int rc;

	if ((rc = bo_sys_tenant_where(s, t, &be, &where, err)) < 0)
		return rc;
	rc = be->open(&p, where, err);
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		rc = 0;
		goto done;
	}
	if (rc == BO_EINVAL) {
		bo_err why = *err;

		rc = bo_err_set(err, BO_ECONFLICT,
				"%s; tenant %s cannot be moved there", why.msg,
				t->name);
		goto done;
	}
	if (rc < 0)
		goto done;
	rc = bo_store_setting_get(&p.store, BO_SETTING_TENANT, &tenant, err);
	bo_ports_close(&p);
	if (rc == BO_ENOTFOUND || (rc == 0 && strcmp(tenant, t->name) != 0)) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"a store of %s%s is there already; tenant %s "
				"cannot be moved there",
				tenant ? "tenant " : "another kind",
				tenant ? tenant : "", t->name);
		goto done;
	}
	if (rc == 0)
		rc = be->destroy(where, err);
done:
	free(tenant);
	free(where);
	return rc;
}

static const bo_tenant_site_ops site_ops = {
    .place = site_place,
    .provision = site_provision,
    .measure = site_measure,
    .locate = site_locate,
    .open = site_open,
    .discard = site_discard,
};

void bo_sys_tenant_site_init(bo_sys_tenant_site *s, const bo_backend *be,
			     const char *root, const bo_clock *clock)
{
	s->site = (bo_tenant_site){&site_ops, s};
	s->be = be;
	s->root = root;
	s->clock = clock;
	memset(&s->zone, 0, sizeof(s->zone));
}

void bo_sys_tenant_site_done(bo_sys_tenant_site *s)
{
	bo_sys_zone_close(&s->zone);
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
