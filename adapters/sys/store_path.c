/* Reads a --db value into a backend and a file path or URL, touching no file. */
#include "adapters/sys/store_path.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char usage_hint[] = "(see 'backoffice --help')";

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 3986 scheme: a letter, then letters, digits, "+", "-" or ".", then
 * "://". Only then is the value a URL; "dir/a://b" is a path. */
static bool has_scheme(const char *s)
{
	const char *p = s;

	if (!is_alpha(*p))
		return false;
	while (is_alpha(*p) || (*p >= '0' && *p <= '9') || *p == '+' ||
	       *p == '-' || *p == '.')
		p++;
	return starts_with(p, "://");
}

int bo_store_path_parse(bo_store_path *out, const char *db, bo_err *err)
{
	const char *path = db;

	memset(out, 0, sizeof(*out));
	if (!db || !*db)
		return bo_err_set(err, BO_EUSAGE,
				  "--db needs a value, as in sqlite:PATH %s",
				  usage_hint);
	if (starts_with(db, "postgresql://") ||
	    starts_with(db, "postgres://")) {
		out->kind = BO_BACKEND_POSTGRES;
		out->url = strdup(db);
		if (!out->url)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		return BO_OK;
	}
	if (starts_with(db, "sqlite:"))
		path = db + strlen("sqlite:");
	else if (has_scheme(db))
		return bo_err_set(err, BO_EUSAGE,
				  "--db must be sqlite:PATH, a file path or a "
				  "postgresql:// URL %s",
				  usage_hint);
	if (!*path)
		return bo_err_set(err, BO_EUSAGE,
				  "--db needs a path, as in sqlite:PATH %s",
				  usage_hint);
	out->kind = BO_BACKEND_SQLITE;
	out->path = strdup(path);
	if (!out->path)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

void bo_store_path_free(bo_store_path *p)
{
	if (!p)
		return;
	free(p->path);
	free(p->url);
	p->path = p->url = NULL;
}
