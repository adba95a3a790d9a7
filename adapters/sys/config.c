/* The user's settings: the config file, the environment and the command line, each setting from the strongest source that has it. */
#include "adapters/sys/config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/sys/store_path.h"
#include "domain/tenant.h"
#include "domain/user.h"

static const char *const names[BO_CFG__COUNT] = {
    "db", "tenant", "user", "theme", "mouse", "hints", "time",
};

static const char *const env_names[BO_CFG__COUNT] = {
    "BACKOFFICE_DB",    "BACKOFFICE_TENANT", "BACKOFFICE_USER",
    "BACKOFFICE_THEME", "BACKOFFICE_MOUSE",  "BACKOFFICE_HINTS",
    "BACKOFFICE_TIME",
};

/* A line of the file is at most this long (a PostgreSQL URL fits). */
#define LINE_MAX_BYTES 4096

const char *bo_config_key_name(bo_config_key k)
{
	return k < BO_CFG__COUNT ? names[k] : "?";
}

const char *bo_sys_home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if ((!h || !*h) && (pw = getpwuid(geteuid())))
		h = pw->pw_dir;
	return h && *h ? h : NULL;
}

static char *concat(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

/* The file to read, or NULL with *nomem telling whether that is a failure
 * (no home directory is not). */
static char *config_path(bool *nomem)
{
	const char *given = getenv("BACKOFFICE_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home;
	char *p;

	*nomem = false;
	if (given && *given)
		p = strdup(given);
	else if (xdg && xdg[0] == '/') /* relative values are ignored (XDG) */
		p = concat(xdg, "/backoffice/config");
	else if ((home = bo_sys_home_dir()))
		p = concat(home, "/.config/backoffice/config");
	else
		return NULL;
	*nomem = !p;
	return p;
}

/* Whether v spells on (1), off (0), or neither (-1). */
static int on_off(const char *v)
{
	static const char *const on[] = {"on", "yes", "true", "1"};
	static const char *const off[] = {"off", "no", "false", "0"};

	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (strcmp(v, on[i]) == 0)
			return 1;
		if (strcmp(v, off[i]) == 0)
			return 0;
	}
	return -1;
}

/*
 * Checks value for key k; from_file allows ~/ in a path and asks that a
 * path be absolute. On success *out is the value to keep (a copy, ~/
 * expanded). BO_EINVAL with the reason alone in err (the caller says where
 * it was), BO_ENOMEM.
 */
static int check_value(bo_config_key k, const char *value, bool from_file,
		       char **out, bo_err *err)
{
	bo_store_path sp;
	const char *home;
	int rc;

	*out = NULL;
	switch (k) {
	case BO_CFG_DB: {
		/* ~/ at the start of the path, with or without sqlite: */
		size_t scheme = strncmp(value, "sqlite:", 7) == 0 ? 7 : 0;

		if (from_file && strncmp(value + scheme, "~/", 2) == 0) {
			char *rest;

			if (!(home = bo_sys_home_dir()))
				return bo_err_set(err, BO_EINVAL,
						  "db: ~/ but no home "
						  "directory is known");
			if (!(rest = concat(home, value + scheme + 1)))
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
			*out = concat(scheme ? "sqlite:" : "", rest);
			free(rest);
			if (!*out)
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
			value = *out;
		}
		rc = bo_store_path_parse(&sp, value, err);
		if (rc < 0) {
			free(*out);
			*out = NULL;
			if (rc == BO_ENOMEM)
				return rc;
			/* the parser names --db; here it is the db setting */
			return bo_err_set(err, BO_EINVAL,
					  "db: not a store location (sqlite:PATH, "
					  "a file path, or postgresql://...)");
		}
		if (from_file && sp.kind == BO_BACKEND_SQLITE &&
		    sp.path[0] != '/') {
			bo_store_path_free(&sp);
			free(*out);
			*out = NULL;
			return bo_err_set(err, BO_EINVAL,
					  "db: a file path here must be absolute "
					  "or start with ~/, as the file is read "
					  "from any directory");
		}
		bo_store_path_free(&sp);
		break;
	}
	case BO_CFG_TENANT:
		if (bo_tenant_validate(value, err) < 0) {
			bo_err why = *err;

			return bo_err_set(err, BO_EINVAL, "tenant: %s",
					  why.msg);
		}
		break;
	case BO_CFG_USER:
		if (bo_user_validate_name(value, err) < 0) {
			bo_err why = *err;

			return bo_err_set(err, BO_EINVAL, "user: %s", why.msg);
		}
		break;
	case BO_CFG_THEME:
		if (strcmp(value, "auto") && strcmp(value, "color") &&
		    strcmp(value, "mono"))
			return bo_err_set(err, BO_EINVAL,
					  "theme must be auto, color or mono");
		break;
	case BO_CFG_MOUSE:
	case BO_CFG_HINTS:
		if (on_off(value) < 0)
			return bo_err_set(err, BO_EINVAL,
					  "%s must be on or off", names[k]);
		break;
	case BO_CFG_TIME:
		if (strcmp(value, "store") && strcmp(value, "utc"))
			return bo_err_set(err, BO_EINVAL,
					  "time must be store (the store's "
					  "time zone) or utc");
		break;
	default:
		return bo_err_set(err, BO_EINVAL, "unknown setting");
	}
	if (!*out && !(*out = strdup(value)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

static void put(bo_config *c, bo_config_key k, char *value,
		bo_config_from from, int line)
{
	free(c->value[k]);
	c->value[k] = value;
	c->from[k] = from;
	c->line[k] = line;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static int known_list_error(bo_config *c, int line, const char *key,
			    bo_err *err)
{
	char list[128] = "";
	size_t used = 0;

	for (int k = 0; k < BO_CFG__COUNT && used < sizeof(list); k++) {
		snprintf(list + used, sizeof(list) - used, "%s%s",
			 k ? ", " : "", names[k]);
		used = strlen(list);
	}
	return bo_err_set(err, BO_EUSAGE,
			  "%s:%d: unknown setting '%s' (the settings are %s)",
			  c->path, line, key, list);
}

/* One line of the file; BO_EUSAGE naming the file and line. */
static int read_line(bo_config *c, char *text, int line, bo_err *err)
{
	char *s = trim(text), *eq, *key, *value, *kept;
	size_t n;
	int k, rc;

	if (!*s || *s == '#')
		return BO_OK;
	if (!(eq = strchr(s, '=')))
		return bo_err_set(err, BO_EUSAGE,
				  "%s:%d: expected 'setting = value'", c->path,
				  line);
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = '\0';
		value++;
	}
	for (k = 0; k < BO_CFG__COUNT; k++)
		if (strcmp(key, names[k]) == 0)
			break;
	if (k == BO_CFG__COUNT)
		return known_list_error(c, line, key, err);
	if (c->from[k] == BO_CFG_FROM_FILE)
		return bo_err_set(err, BO_EUSAGE,
				  "%s:%d: %s is set twice (first on line %d)",
				  c->path, line, key, c->line[k]);
	if (!*value)
		return bo_err_set(err, BO_EUSAGE, "%s:%d: %s has no value",
				  c->path, line, key);
	rc = check_value((bo_config_key)k, value, true, &kept, err);
	if (rc == BO_ENOMEM)
		return rc;
	if (rc < 0) {
		bo_err why = *err;

		return bo_err_set(err, BO_EUSAGE, "%s:%d: %s", c->path, line,
				  why.msg);
	}
	put(c, (bo_config_key)k, kept, BO_CFG_FROM_FILE, line);
	return BO_OK;
}

static int read_file(bo_config *c, bo_err *err)
{
	char *text = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int line = 0, rc = BO_OK;

	if (!(f = fopen(c->path, "r"))) {
		if (errno == ENOENT || errno == ENOTDIR)
			return BO_OK;
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot read the config file %s: %s",
				  c->path, strerror(errno));
	}
	c->exists = true;
	errno = 0;
	while (rc == BO_OK && (len = getline(&text, &cap, f)) >= 0) {
		line++;
		if (len > LINE_MAX_BYTES)
			rc = bo_err_set(err, BO_EUSAGE,
					"%s:%d: the line is longer than %d "
					"bytes",
					c->path, line, LINE_MAX_BYTES);
		else if ((size_t)len != strlen(text))
			rc = bo_err_set(err, BO_EUSAGE,
					"%s:%d: a NUL byte in the line",
					c->path, line);
		else
			rc = read_line(c, text, line, err);
	}
	if (rc == BO_OK && ferror(f))
		rc = bo_err_set(err, errno == ENOMEM ? BO_ENOMEM : BO_ESTORAGE,
				"cannot read the config file %s: %s", c->path,
				strerror(errno));
	fclose(f);
	free(text);
	return rc;
}

int bo_config_load(bo_config *c, bo_err *err)
{
	bool nomem;
	int rc;

	memset(c, 0, sizeof(*c));
	c->path = config_path(&nomem);
	if (nomem)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if (c->path && (rc = read_file(c, err)) < 0)
		return rc;
	for (int k = 0; k < BO_CFG__COUNT; k++) {
		const char *v = getenv(env_names[k]);
		char *kept;

		if (!v || !*v)
			continue;
		/* the environment's db and user are checked where they are
		 * used, as --db and --user are, with their own messages */
		if (k == BO_CFG_DB || k == BO_CFG_USER || k == BO_CFG_TENANT) {
			if (!(kept = strdup(v)))
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
		} else if ((rc = check_value((bo_config_key)k, v, false, &kept,
					     err)) < 0) {
			bo_err why = *err;

			if (rc == BO_ENOMEM)
				return rc;
			return bo_err_set(err, BO_EUSAGE, "%s: %s",
					  env_names[k], why.msg);
		}
		put(c, (bo_config_key)k, kept, BO_CFG_FROM_ENV, 0);
	}
	return BO_OK;
}

int bo_config_set_option(bo_config *c, bo_config_key k, const char *value,
			 bo_err *err)
{
	char *kept = strdup(value);

	if (!kept)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	put(c, k, kept, BO_CFG_FROM_OPTION, 0);
	return BO_OK;
}

bool bo_config_on(const bo_config *c, bo_config_key k, bool dflt)
{
	int v = c->value[k] ? on_off(c->value[k]) : -1;

	return v < 0 ? dflt : v == 1;
}

void bo_config_free(bo_config *c)
{
	if (!c)
		return;
	free(c->path);
	for (int k = 0; k < BO_CFG__COUNT; k++)
		free(c->value[k]);
	memset(c, 0, sizeof(*c));
}
