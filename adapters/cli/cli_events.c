/* Commands of the event log: export as JSON lines, import all or nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/json/codec.h"

typedef struct export_ctx {
	FILE *out;
	bo_err err;
	int rc;
} export_ctx;

static int each_event(void *ctx, const bo_event *e)
{
	export_ctx *x = ctx;
	char *line = NULL;

	x->rc = bo_json_encode_event(&line, e, &x->err);
	if (x->rc < 0)
		return x->rc;
	fputs(line, x->out);
	fputc('\n', x->out);
	free(line);
	return 0;
}

int bo_cli_events_export(bo_cli_ctx *c, bo_err *err)
{
	export_ctx x = {c->out, {0}, 0};
	int rc;

	rc = bo_app_events_export(c->app, each_event, &x, err);
	if (x.rc < 0) {
		*err = x.err;
		rc = x.rc;
	}
	return rc;
}

static int open_input(FILE **out, const char *path, bo_err *err)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0) {
		*out = stdin;
		return 0;
	}
	f = fopen(path, "r");
	if (!f) {
		int e = errno;

		return bo_err_set(err,
				  e == ENOENT   ? BO_ENOTFOUND
				  : e == EACCES ? BO_EPERM
						: BO_ESTORAGE,
				  "cannot open %s: %s", path, strerror(e));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return bo_err_set(err, BO_EINVAL,
				  "%s is a directory, not a file", path);
	}
	*out = f;
	return 0;
}

/* Reads every line of in and decodes it; the first bad line stops it all. */
static int read_events(bo_event_list *events, FILE *in, const char *path,
		       bo_err *err)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;

	errno = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		bo_event *e;

		lineno++;
		while (len > 0 &&
		       (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (strlen(line) != (size_t)len) {
			rc =
			    bo_err_set(err, BO_EINVAL,
				       "line %zu: contains a NUL byte", lineno);
			goto done;
		}
		e = bo_event_list_push(events);
		if (!e) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			goto done;
		}
		rc = bo_json_decode_event(e, line, err);
		if (rc < 0) {
			bo_err inner = *err;

			rc = bo_err_set(err, rc, "line %zu: %s", lineno,
					inner.msg);
			goto done;
		}
	}
	if (ferror(in))
		rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s", path,
				strerror(errno ? errno : EIO));
done:
	free(line);
	return rc;
}

int bo_cli_events_import(bo_cli_ctx *c, bo_err *err)
{
	const char *path = c->args->pos[0];
	bo_event_list events = {0};
	FILE *in = NULL;
	int rc;

	rc = open_input(&in, path, err);
	if (rc < 0)
		return rc;
	rc = read_events(&events, in,
			 strcmp(path, "-") ? path : "standard input", err);
	if (in != stdin)
		fclose(in);
	if (rc == 0)
		rc = bo_app_events_import(c->app, events.items, events.n, err);
	bo_event_list_clear(&events);
	return rc;
}
