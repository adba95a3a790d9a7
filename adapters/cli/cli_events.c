/* Commands of the event log: export as JSON lines, import all or nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "adapters/cli/progress.h"
#include "adapters/json/codec.h"
#include "domain/upcast.h"

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

/* --skip-unreadable: each event left out is named on stderr as it comes. */
static int tell_unreadable(void *ctx, int64_t position, const char *reason)
{
	bo_err line;

	(void)ctx;
	(void)position; /* the reason names it */
	bo_err_set(&line, BO_ESTORAGE, "skipped: %s", reason);
	bo_cli_report(stderr, &line);
	return 0;
}

int bo_cli_events_export(bo_cli_ctx *c, bo_err *err)
{
	export_ctx x = {c->out, {0}, 0};
	int64_t skipped = 0;
	int rc;

	if (bo_cli_option(c->args, "--skip-unreadable"))
		rc = bo_app_events_export_readable(
		    c->app, each_event, tell_unreadable, &x, &skipped, err);
	else
		rc = bo_app_events_export(c->app, each_event, &x, err);
	if (x.rc < 0) {
		*err = x.err;
		rc = x.rc;
	}
	if (rc == 0 && skipped > 0)
		rc = bo_err_set(err, BO_EINVAL,
				"the export is incomplete: %lld stored "
				"event%s cannot be read and %s left out "
				"(listed above)",
				(long long)skipped, skipped == 1 ? "" : "s",
				skipped == 1 ? "was" : "were");
	return rc;
}

static int open_input(FILE **out, int64_t *size, const char *path, bo_err *err)
{
	struct stat st;
	FILE *f;

	*size = -1;
	if (strcmp(path, "-") == 0) {
		f = stdin;
		goto sized;
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
sized:
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		*size = (int64_t)st.st_size;
	*out = f;
	return 0;
}

/* No event this build writes comes near it (an order of 100 lines with the
 * longest names, every character escaped, is under 300 KiB); a longer line
 * is refused before it is held. */
#define LINE_LIMIT (1024 * 1024)

/* The export being read, one line at a time. */
typedef struct line_src {
	FILE *in;
	const char *name; /* for messages */
	char *buf;
	size_t cap;
	size_t lineno;
	int64_t bytes, size; /* read so far; the file's size, -1 unknown */
	int failed; /* the last error came from reading, not importing */
	int at_end; /* every line was handed over */
	bo_progress *bar;
} line_src;

/* One line into s->buf without its end of line: 1, 0 at the end, < 0. */
static int read_line(line_src *s, size_t *len, int *nul, bo_err *err)
{
	size_t n = 0;
	int ch = EOF;

	*nul = 0;
	while ((ch = getc_unlocked(s->in)) != EOF) {
		s->bytes++;
		if (ch == '\n')
			break;
		if (n + 1 >= s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 4096;
			char *grown;

			if (n >= LINE_LIMIT)
				return bo_err_set(err, BO_EINVAL,
						  "line %zu: longer than %d "
						  "bytes, which no event is",
						  s->lineno + 1, LINE_LIMIT);
			if (cap > LINE_LIMIT + 1)
				cap = LINE_LIMIT + 1;
			if (!(grown = realloc(s->buf, cap)))
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
			s->buf = grown;
			s->cap = cap;
		}
		if (ch == '\0')
			*nul = 1;
		s->buf[n++] = (char)ch;
	}
	if (ch == EOF && ferror(s->in))
		return bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s",
				  s->name, strerror(errno ? errno : EIO));
	if (ch == EOF && n == 0) {
		s->at_end = 1;
		return 0;
	}
	s->lineno++;
	while (n > 0 && s->buf[n - 1] == '\r')
		n--;
	s->buf[n] = '\0';
	*len = n;
	return 1;
}

/* bo_event_next_fn: the next non-empty line, decoded. */
static int next_line(void *ctx, bo_event *out, bo_err *err)
{
	line_src *s = ctx;
	size_t len = 0;
	int nul, rc;

	s->failed = 1;
	do {
		if ((rc = read_line(s, &len, &nul, err)) <= 0)
			return rc;
	} while (len == 0);
	if (nul)
		return bo_err_set(err, BO_EINVAL,
				  "line %zu: contains a NUL byte", s->lineno);
	if ((rc = bo_json_decode_event(out, s->buf, err)) < 0) {
		bo_err inner = *err;

		return bo_err_set(err, rc, "line %zu: %s", s->lineno,
				  inner.msg);
	}
	if (s->size > 0)
		bo_progress_update(s->bar, s->bytes, s->size);
	s->failed = 0;
	return 1;
}

int bo_cli_events_import(bo_cli_ctx *c, bo_err *err)
{
	const char *path = c->args->pos[0];
	bo_import_report rep = {0, 0};
	line_src src = {0};
	bo_progress bar;
	FILE *in = NULL;
	int rc;

	if ((rc = open_input(&in, &src.size, path, err)) < 0)
		return rc;
	src.in = in;
	src.name = strcmp(path, "-") ? path : "standard input";
	src.bar = &bar;
	bo_progress_init(&bar, "import");
	bo_progress_set_unit(&bar, "bytes");
	errno = 0;
	rc = bo_app_events_import_stream(c->app, next_line, &src, &rep, err);
	bo_progress_end(&bar);
	if (rc < 0 && !src.failed && !src.at_end && src.lineno > 0) {
		bo_err inner = *err;

		rc = bo_err_set(err, rc, "line %zu: %s; nothing was imported",
				src.lineno, inner.msg);
	} else if (rc < 0 && src.failed) {
		bo_err inner = *err;

		rc = bo_err_set(err, rc, "%s; nothing was imported", inner.msg);
	}
	if (rc == 0 && rep.kept > 0)
		fprintf(stderr,
			"backoffice: %lld of %lld events kept as they are, "
			"unchecked and not projected (an unknown type or a "
			"schema version newer than this build)\n",
			(long long)rep.kept, (long long)rep.events);
	free(src.buf);
	if (in != stdin)
		fclose(in);
	return rc;
}

/* ---- events upcast --dry-run ------------------------------------------- */

#define COUNT_NCOLS 6
#define FAIL_NCOLS 4

static const bo_column count_cols[COUNT_NCOLS] = {
    {"type", "TYPE", BO_COL_ALL},
    {"stored_version", "STORED", BO_COL_ALL | BO_COL_RIGHT},
    {"current_version", "CURRENT", BO_COL_ALL | BO_COL_RIGHT},
    {"state", "STATE", BO_COL_ALL},
    {"events", "EVENTS", BO_COL_ALL | BO_COL_RIGHT},
    {"failed", "FAILED", BO_COL_ALL | BO_COL_RIGHT},
};

static const bo_column fail_cols[FAIL_NCOLS] = {
    {"position", "POSITION", BO_COL_ALL | BO_COL_RIGHT},
    {"type", "TYPE", BO_COL_ALL},
    {"stored_version", "STORED", BO_COL_ALL | BO_COL_RIGHT},
    {"reason", "REASON", BO_COL_ALL},
};

typedef struct failure {
	int64_t position;
	char *type;
	int version;
	char *reason;
} failure;

/* Failures are few and come during the scan, before the counts are known:
 * kept until both can be written. */
typedef struct failures {
	failure *items;
	size_t n, cap;
} failures;

static void failures_clear(failures *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].type);
		free(l->items[i].reason);
	}
	free(l->items);
}

static int keep_failure(void *ctx, int64_t position, const char *type,
			int version, const char *reason)
{
	failures *l = ctx;
	failure *f;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		failure *grown = realloc(l->items, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		l->items = grown;
		l->cap = cap;
	}
	f = &l->items[l->n];
	f->position = position;
	f->version = version;
	f->type = strdup(type);
	f->reason = strdup(reason);
	l->n++;
	return f->type && f->reason ? BO_OK : BO_ENOMEM;
}

static void count_cells(bo_cell *cells, const bo_upcast_row *r)
{
	cells[0] = bo_cell_str(r->type);
	cells[1] = bo_cell_int(r->stored_version);
	cells[2] = r->current_version ? bo_cell_int(r->current_version)
				      : bo_cell_null();
	cells[3] = bo_cell_str(bo_upcast_state_name(r->state));
	cells[4] = bo_cell_int(r->count);
	cells[5] = bo_cell_int(r->failed);
}

static void fail_cells(bo_cell *cells, const failure *f)
{
	cells[0] = bo_cell_int(f->position);
	cells[1] = bo_cell_str(f->type);
	cells[2] = bo_cell_int(f->version);
	cells[3] = bo_cell_str(f->reason);
}

/* One JSON document: totals, counts and failures. */
static int upcast_json(FILE *out, const bo_upcast_report *r, const failures *l,
		       bo_err *err)
{
	cJSON *doc = cJSON_CreateObject(), *counts, *fails, *item;
	bo_cell cells[COUNT_NCOLS];
	char *text = NULL;
	int ok = doc != NULL;

	ok =
	    ok && cJSON_AddNumberToObject(doc, "events", (double)r->total) &&
	    cJSON_AddNumberToObject(doc, "failed", (double)r->failed) &&
	    cJSON_AddNumberToObject(doc, "kept_unprojected", (double)r->kept) &&
	    (counts = cJSON_AddArrayToObject(doc, "counts")) &&
	    (fails = cJSON_AddArrayToObject(doc, "failures"));
	for (size_t i = 0; ok && i < r->n; i++) {
		count_cells(cells, &r->rows[i]);
		item = bo_out_json_object(count_cols, COUNT_NCOLS, cells);
		ok = item && cJSON_AddItemToArray(counts, item);
	}
	for (size_t i = 0; ok && i < l->n; i++) {
		fail_cells(cells, &l->items[i]);
		item = bo_out_json_object(fail_cols, FAIL_NCOLS, cells);
		ok = item && cJSON_AddItemToArray(fails, item);
	}
	if (ok && (text = bo_out_json_text(doc, true))) {
		fputs(text, out);
		fputc('\n', out);
	}
	ok = ok && text;
	free(text);
	cJSON_Delete(doc);
	return ok ? 0 : bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* Table or CSV: the counts, then the failures when there are any. */
static int upcast_listing(bo_cli_ctx *c, const bo_upcast_report *r,
			  const failures *l, bo_err *err)
{
	bo_cell cells[COUNT_NCOLS];
	bo_out o;
	int rc = 0;

	bo_out_init(&o, c->out, c->fmt, count_cols, COUNT_NCOLS, false);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		count_cells(cells, &r->rows[i]);
		rc = bo_out_row(&o, cells, err);
	}
	rc = bo_out_close(&o, rc, 0, NULL, err);
	if (rc < 0 || l->n == 0)
		goto summary;
	fputc('\n', c->out);
	bo_out_init(&o, c->out, c->fmt, fail_cols, FAIL_NCOLS, false);
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		fail_cells(cells, &l->items[i]);
		rc = bo_out_row(&o, cells, err);
	}
	rc = bo_out_close(&o, rc, 0, NULL, err);
summary:
	if (rc == 0 && c->fmt == BO_FORMAT_TABLE)
		fprintf(c->out,
			"\n%lld events read, %lld cannot be read, %lld kept "
			"but not projected (unknown type or newer version); "
			"nothing was changed\n",
			(long long)r->total, (long long)r->failed,
			(long long)r->kept);
	return rc;
}

int bo_cli_events_upcast(bo_cli_ctx *c, bo_err *err)
{
	bo_upcast_report r = {0};
	failures l = {0};
	int rc;

	if (!bo_cli_option(c->args, "--dry-run")) {
		rc =
		    bo_err_set(err, BO_EUSAGE,
			       "events upcast only runs with --dry-run: stored "
			       "events are never rewritten (see 'backoffice "
			       "events upcast --help')");
		goto done;
	}
	rc = bo_app_events_upcast_check(c->app, &r, keep_failure, &l, err);
	if (rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc < 0)
		goto done;
	rc = c->fmt == BO_FORMAT_JSON ? upcast_json(c->out, &r, &l, err)
				      : upcast_listing(c, &r, &l, err);
	if (rc == 0 && r.failed > 0)
		rc = bo_err_set(err, BO_EINVAL,
				"%lld stored event%s cannot be read by this "
				"build (listed above)",
				(long long)r.failed, r.failed == 1 ? "" : "s");
done:
	failures_clear(&l);
	bo_upcast_report_clear(&r);
	return rc;
}
