/* The PostgreSQL connection: URL handling, connecting, running statements, mapping errors. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adapters/postgres/pg_conn.h"
#include "adapters/postgres/pg_internal.h"
#include "adapters/postgres/pg_store.h"
#include "domain/product.h"

/* ---- parameters ------------------------------------------------------------ */

void bo_pg_arg_text(bo_pg_args *a, const char *s)
{
	if (a->n < BO_PG_MAX_ARGS)
		a->v[a->n++] = s;
}

void bo_pg_arg_int(bo_pg_args *a, int64_t v)
{
	if (a->n >= BO_PG_MAX_ARGS)
		return;
	snprintf(a->buf[a->n], sizeof a->buf[a->n], "%" PRId64, v);
	a->v[a->n] = a->buf[a->n];
	a->n++;
}

/* ---- SQL text --------------------------------------------------------------- */

char *bo_pg_sql(const bo_pg *c, const char *sql)
{
	size_t q = strlen(c->qschema), n = 0;
	for (const char *p = sql; *p; p++)
		n += (p[0] == '@' && p[1] == '.') ? q + 1 : 1;
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (p[0] == '@' && p[1] == '.') {
			memcpy(o, c->qschema, q);
			o += q;
			*o++ = '.';
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* ---- the statement trace (BACKOFFICE_PG_TRACE_SQL; see pg_conn.h) ---------- */

/* Appends one record "PID.CONN SCHEMA KIND SQL\n" for sql, about to go to
 * the server: backslash, newline, CR and TAB of the text written \\, \n,
 * \r, \t, any other control byte \xHH. One write(2) on an O_APPEND file,
 * so the records of concurrent processes never mix. Out of memory writes
 * a record saying so instead of the text (a checker then sees the gap). A
 * diagnostic: nothing it meets changes what the statement does. */
static void trace(const bo_pg *c, const char *kind, const char *sql)
{
	static const char hex[] = "0123456789abcdef";
	static const char untraced[] = "!untraced: out of memory\n";
	char head[BO_PG_SCHEMA_MAX + 80 + sizeof untraced];
	size_t n, len;
	char *rec;

	if (c->trace_fd < 0)
		return;
	len = (size_t)snprintf(head, sizeof head - sizeof untraced,
			       "%ld.%d %s %s ", (long)getpid(), c->trace_conn,
			       c->schema, kind);
	if (len >= sizeof head - sizeof untraced)
		return;
	rec = malloc(len + 4 * strlen(sql) + 2);
	if (!rec) {
		memcpy(head + len, untraced, sizeof untraced);
		rec = head;
		n = len + sizeof untraced - 1;
	} else {
		memcpy(rec, head, len);
		n = len;
		for (const unsigned char *p = (const unsigned char *)sql; *p;
		     p++) {
			if (*p == '\\' || *p == '\n' || *p == '\r' ||
			    *p == '\t') {
				rec[n++] = '\\';
				rec[n++] = *p == '\\'   ? '\\'
					   : *p == '\n' ? 'n'
					   : *p == '\r' ? 'r'
							: 't';
			} else if (*p < 0x20 || *p == 0x7f) {
				rec[n++] = '\\';
				rec[n++] = 'x';
				rec[n++] = hex[*p >> 4];
				rec[n++] = hex[*p & 15];
			} else {
				rec[n++] = (char)*p;
			}
		}
		rec[n++] = '\n';
	}
	if (write(c->trace_fd, rec, n) < 0)
		n = 0;
	if (rec != head)
		free(rec);
}

PGresult *bo_pg_exec_simple(bo_pg *c, const char *sql)
{
	trace(c, "simple", sql);
	return PQexec(c->conn, sql);
}

/* ---- errors ----------------------------------------------------------------- */

const char *bo_pg_sqlstate(const PGresult *res)
{
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return s ? s : "";
}

/* Copies server text into dst with control characters replaced and at most
 * one line, so a message stays one line on a terminal. */
static void sanitise(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	if (!src)
		src = "";
	while (*src == ' ')
		src++;
	for (; *src && n + 1 < cap; src++) {
		unsigned char ch = (unsigned char)*src;
		if (ch == '\n' || ch == '\r') {
			if (src[1] == '\0')
				break;
			ch = ' ';
		} else if (ch < 0x20 || ch == 0x7f) {
			ch = '?';
		}
		dst[n++] = (char)ch;
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

int bo_pg_error(bo_pg *c, const PGresult *res, const char *doing, bo_err *err)
{
	const char *state = bo_pg_sqlstate(res);
	char text[400];
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "55P03") || !strcmp(state, "57014"))
		return bo_err_set(err, BO_EBUSY,
				  "the store is busy while %s; try again",
				  doing);
	if (!strcmp(state, "23505")) {
		sanitise(text, sizeof text,
			 PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
		return bo_err_set(err, BO_ECONFLICT, "%s: %s", doing,
				  text[0] ? text : "the row already exists");
	}
	if (!strcmp(state, "42501"))
		return bo_err_set(err, BO_EPERM,
				  "the database refused %s to this login",
				  doing);
	/* read_only_sql_transaction: a session kept read-only (its
	 * default_transaction_read_only, a hot standby): as a read-only store
	 * file on SQLite, permission, not a storage failure */
	if (!strcmp(state, "25006"))
		return bo_err_set(err, BO_EPERM,
				  "the store is read-only for this session (a "
				  "read-only connection or a standby server) "
				  "while %s; only reading commands work on it",
				  doing);
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK ||
	    (!state[0] && (!res || PQresultStatus(res) == PGRES_FATAL_ERROR) &&
	     PQstatus(c->conn) == CONNECTION_BAD))
		return bo_err_set(err, BO_ESTORAGE,
				  "lost the connection to the PostgreSQL "
				  "server while %s",
				  doing);
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(c->conn);
	sanitise(text, sizeof text, msg);
	return bo_err_set(err, BO_ESTORAGE, "%s: %s", doing,
			  text[0] ? text : "the server failed");
}

static void slot_name(char *buf, size_t cap, bool shadow, bo_pg_slot slot)
{
	snprintf(buf, cap, "bo_%s%d", shadow ? "s" : "", (int)slot);
}

/* ---- pipelined writes ------------------------------------------------------ */

/*
 * Reads every result of a pipeline up to its sync: sent statements, the
 * words of statement i in doing[i] (fallback for anything past them). The
 * first failure is the status, in its statement's words; the statements
 * after it were skipped by the server and say nothing. When last is not
 * NULL and all went well, *last is the last statement's result (the
 * caller's to PQclear).
 */
static int read_to_sync(bo_pg *c, const char *const *doing, int sent,
			const char *fallback, PGresult **last, bo_err *err)
{
	int rc = 0, nulls = 0, got = 0;
	for (;;) {
		const char *what = got < sent ? doing[got] : fallback;
		PGresult *r = PQgetResult(c->conn);
		if (!r) {
			/* a NULL ends each statement's results; two in a
			 * row: nothing more will come (the connection went) */
			if (++nulls > 1) {
				if (rc == 0)
					rc = bo_pg_error(c, NULL, what, err);
				break;
			}
			got++;
			continue;
		}
		nulls = 0;
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (rc == 0 && st != PGRES_COMMAND_OK &&
		    st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED)
			rc = bo_pg_error(c, r, what, err);
		if (rc == 0 && last && got == sent - 1 &&
		    st != PGRES_PIPELINE_ABORTED) {
			PQclear(*last);
			*last = r;
		} else {
			PQclear(r);
		}
	}
	if (rc < 0 && last) {
		PQclear(*last);
		*last = NULL;
	}
	return rc;
}

/* Sends a sync and reads every result up to it (read_to_sync). */
static int batch_sync(bo_pg *c, const char *doing, bo_err *err)
{
	int sent = c->batch_sent;
	c->batch_sent = 0;
	if (!PQpipelineSync(c->conn))
		return bo_pg_error(c, NULL, doing, err);
	return read_to_sync(c, c->batch_doing, sent, doing, NULL, err);
}

int bo_pg_batch_begin(bo_pg *c, bo_err *err)
{
	if (c->batching)
		return 0;
	if (!PQenterPipelineMode(c->conn))
		return bo_pg_error(c, NULL, "starting pipelined writes", err);
	c->batching = true;
	c->batch_sent = 0;
	return 0;
}

int bo_pg_batch_end(bo_pg *c, const char *doing, bo_err *err)
{
	if (!c->batching)
		return 0;
	int rc = batch_sync(c, doing, err);
	c->batching = false;
	if (!PQexitPipelineMode(c->conn) && rc == 0)
		rc = bo_pg_error(c, NULL, doing, err);
	return rc;
}

/*
 * The statements of stmts sent together and answered together: one round
 * trip where running them one by one takes n. Unprepared (the server
 * parses each; these are the small statements that open and close a
 * transaction). The first failure is the status, in its statement's
 * words; the ones after it were skipped by the server and say nothing.
 */
int bo_pg_run_together(bo_pg *c, const bo_pg_stmt *stmts, int n,
		       PGresult **last, bo_err *err)
{
	const char *doing[BO_PG_TOGETHER_MAX];
	int rc = 0, sent = 0;
	if (last)
		*last = NULL;
	if (n < 1 || n > BO_PG_TOGETHER_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "%d statements sent together (1 to %d)", n,
				  BO_PG_TOGETHER_MAX);
	if (c->batching)
		return bo_err_set(err, BO_ESTORAGE,
				  "statements sent together while pipelined "
				  "writes are open");
	if (!PQenterPipelineMode(c->conn))
		return bo_pg_error(c, NULL, stmts[0].doing, err);
	for (; sent < n; sent++) {
		const bo_pg_args *a = stmts[sent].args;
		char *text = bo_pg_sql(c, stmts[sent].sql);
		doing[sent] = stmts[sent].doing;
		if (!text) {
			rc =
			    bo_err_set(err, BO_ENOMEM, "out of memory while %s",
				       stmts[sent].doing);
			break;
		}
		trace(c, "together", text);
		int ok = PQsendQueryParams(c->conn, text, a ? a->n : 0, NULL,
					   a ? a->v : NULL, NULL, NULL, 0);
		free(text);
		if (!ok) {
			rc = bo_pg_error(c, NULL, stmts[sent].doing, err);
			break;
		}
	}
	if (!PQpipelineSync(c->conn)) {
		if (rc == 0)
			rc = bo_pg_error(c, NULL, stmts[0].doing, err);
	} else {
		bo_err spare;
		int rr =
		    read_to_sync(c, doing, sent, stmts[n - 1].doing,
				 rc == 0 ? last : NULL, rc == 0 ? err : &spare);
		if (rc == 0)
			rc = rr;
	}
	if (!PQexitPipelineMode(c->conn) && rc == 0)
		rc = bo_pg_error(c, NULL, stmts[n - 1].doing, err);
	if (rc < 0 && last) {
		PQclear(*last);
		*last = NULL;
	}
	return rc;
}

/* ---- running statements ----------------------------------------------------- */

int bo_pg_run(bo_pg *c, bo_pg_slot slot, const char *sql, const bo_pg_args *a,
	      PGresult **res, const char *doing, bo_err *err)
{
	if (res)
		*res = NULL;
	int n = a ? a->n : 0;
	const char *const *vals = a ? a->v : NULL;
	PGresult *r;
	if (c->batching) {
		bool named = slot >= 0 && slot < PG__COUNT;
		bool shadow = c->shadow != 0 && c->rewrite != NULL;
		if (named && !res &&
		    (shadow ? c->shadow_prepared : c->prepared)[slot]) {
			char name[32];
			slot_name(name, sizeof name, shadow, slot);
			if (!PQsendQueryPrepared(c->conn, name, n, vals, NULL,
						 NULL, 0))
				return bo_pg_error(c, NULL, doing, err);
			c->batch_doing[c->batch_sent] = doing;
			if (++c->batch_sent >= BO_PG_BATCH)
				return batch_sync(c, doing, err);
			return 0;
		}
		/* a read, or a statement still to prepare, runs on its own:
		 * the pipeline ends for it and starts again after */
		int rc = bo_pg_batch_end(c, doing, err);
		if (rc == 0)
			rc = bo_pg_run(c, slot, sql, a, res, doing, err);
		if (rc == 0 && (rc = bo_pg_batch_begin(c, err)) < 0 && res) {
			PQclear(*res);
			*res = NULL;
		}
		return rc;
	}
	if (slot == PG_NO_SLOT || slot < 0 || slot >= PG__COUNT) {
		char *text = bo_pg_sql(c, sql);
		if (!text)
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory while %s", doing);
		trace(c, "exec", text);
		r = PQexecParams(c->conn, text, n, NULL, vals, NULL, NULL, 0);
		free(text);
	} else {
		bool shadow = c->shadow != 0 && c->rewrite != NULL;
		bool *done = shadow ? c->shadow_prepared : c->prepared;
		char name[32];
		slot_name(name, sizeof name, shadow, slot);
		if (!done[slot]) {
			char *text = bo_pg_sql(c, sql);
			if (!text)
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory while %s",
						  doing);
			if (shadow) {
				/* out of memory must not fall back to the live
				 * SQL: prepared under the shadow's name, this
				 * connection would read and write the live
				 * tables for the rest of the rebuild */
				char *other = NULL;
				if (c->rewrite(c, slot, text, &other) < 0) {
					free(text);
					return bo_err_set(
					    err, BO_ENOMEM,
					    "out of memory while %s", doing);
				}
				if (other) {
					free(text);
					text = other;
				}
			}
			trace(c, "prepare", text);
			PGresult *p = PQprepare(c->conn, name, text, n, NULL);
			free(text);
			if (!p || PQresultStatus(p) != PGRES_COMMAND_OK) {
				int rc = bo_pg_error(c, p, doing, err);
				PQclear(p);
				return rc;
			}
			PQclear(p);
			done[slot] = true;
		}
		r = PQexecPrepared(c->conn, name, n, vals, NULL, NULL, 0);
	}
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = bo_pg_error(c, r, doing, err);
		PQclear(r);
		return rc;
	}
	if (res)
		*res = r;
	else
		PQclear(r);
	return 0;
}

int bo_pg_exec(bo_pg *c, const char *sql, const char *doing, bo_err *err)
{
	return bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL, doing, err);
}

int bo_pg_run_guarded(bo_pg *c, bo_pg_slot slot, const char *sql,
		      const bo_pg_args *a, PGresult **res, const char *doing,
		      bo_err *err)
{
	int rc = bo_pg_exec(c, "SAVEPOINT bo_guard", doing, err);
	if (rc < 0)
		return rc;
	rc = bo_pg_run(c, slot, sql, a, res, doing, err);
	bo_err spare;
	if (rc < 0) {
		(void)bo_pg_exec(c, "ROLLBACK TO SAVEPOINT bo_guard", doing,
				 &spare);
		(void)bo_pg_exec(c, "RELEASE SAVEPOINT bo_guard", doing,
				 &spare);
		return rc;
	}
	int rr = bo_pg_exec(c, "RELEASE SAVEPOINT bo_guard", doing, err);
	if (rr < 0 && res) {
		PQclear(*res);
		*res = NULL;
	}
	return rr;
}

int bo_pg_need_tx(bo_pg *c, const char *what, bo_err *err)
{
	if (c->depth > 0)
		return 0;
	return bo_err_set(err, BO_ESTORAGE, "cannot %s outside a transaction",
			  what);
}

void bo_pg_group_name(const bo_pg *c, const char *role,
		      char out[BO_PG_GROUP_MAX + 1])
{
	snprintf(out, BO_PG_GROUP_MAX + 1, "bo_%s_%s", c->schema, role);
}

/* ---- columns ---------------------------------------------------------------- */

int64_t bo_pg_int64(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

int bo_pg_dup(char **out, const PGresult *res, int row, int col, bo_err *err)
{
	*out = NULL;
	if (PQgetisnull(res, row, col))
		return 0;
	*out = strdup(PQgetvalue(res, row, col));
	if (!*out)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading a row");
	return 0;
}

int bo_pg_product_from_row(bo_product *out, const PGresult *res, int row,
			   bo_err *err)
{
	memset(out, 0, sizeof *out);
	out->id = bo_pg_int64(res, row, 0);
	int rc;
	if ((rc = bo_pg_dup(&out->sku, res, row, 1, err)) < 0 ||
	    (rc = bo_pg_dup(&out->name, res, row, 2, err)) < 0 ||
	    (rc = bo_pg_dup(&out->description, res, row, 3, err)) < 0) {
		bo_product_clear(out);
		return rc;
	}
	if (!out->description && !(out->description = strdup(""))) {
		bo_product_clear(out);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading a row");
	}
	out->price = bo_pg_int64(res, row, 4);
	out->tax_bp = (int32_t)bo_pg_int64(res, row, 5);
	out->stock = bo_pg_int64(res, row, 6);
	out->retired = bo_pg_int64(res, row, 7) != 0;
	out->row_version = bo_pg_int64(res, row, 8);
	out->created_at = bo_pg_int64(res, row, 9);
	out->updated_at = bo_pg_int64(res, row, 10);
	return 0;
}

void bo_pg_product_args(bo_pg_args *a, const bo_product *p, int64_t row_version)
{
	bo_pg_arg_text(a, p->sku);
	bo_pg_arg_text(a, p->name);
	bo_pg_arg_text(a, p->description ? p->description : "");
	bo_pg_arg_int(a, p->price);
	bo_pg_arg_int(a, p->tax_bp);
	bo_pg_arg_int(a, p->stock);
	bo_pg_arg_int(a, p->retired ? 1 : 0);
	bo_pg_arg_int(a, row_version);
	bo_pg_arg_int(a, p->created_at);
	bo_pg_arg_int(a, p->updated_at);
}

/* ---- URLs ------------------------------------------------------------------- */

bool bo_pg_schema_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > BO_PG_SCHEMA_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Appends n bytes of s to the growing buffer. */
static int put(char **buf, size_t *len, const char *s, size_t n)
{
	char *b = realloc(*buf, *len + n + 1);
	if (!b)
		return -1;
	memcpy(b + *len, s, n);
	*len += n;
	b[*len] = '\0';
	*buf = b;
	return 0;
}

void bo_pg_url_clear(bo_pg_url *u)
{
	if (!u)
		return;
	free(u->conninfo);
	free(u->shown);
	memset(u, 0, sizeof *u);
}

/* The shown form: the password of the authority ("user:PW@") and any
 * password= parameter replaced by "***". */
static char *redact(const char *url)
{
	char *out = NULL;
	size_t len = 0;
	const char *p = strstr(url, "://");
	if (!p)
		return strdup("***");
	p += 3;
	if (put(&out, &len, url, (size_t)(p - url)) < 0)
		return NULL;
	size_t auth = strcspn(p, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < auth; i++)
		if (p[i] == '@')
			at = p + i;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		if (colon) {
			if (put(&out, &len, p, (size_t)(colon - p) + 1) < 0 ||
			    put(&out, &len, "***", 3) < 0)
				goto oom;
			p = at;
		}
	}
	/* copy the rest, masking password= values */
	while (*p) {
		if ((p[-1] == '?' || p[-1] == '&') &&
		    starts_with(p, "password=")) {
			if (put(&out, &len, "password=***", 12) < 0)
				goto oom;
			p += strcspn(p, "&#");
			continue;
		}
		if (put(&out, &len, p, 1) < 0)
			goto oom;
		p++;
	}
	return out;
oom:
	free(out);
	return NULL;
}

char *bo_pg_shown_url(const char *url)
{
	return url ? redact(url) : NULL;
}

char *bo_pg_url_with_schema(const char *url, const char *schema)
{
	const char *q = strchr(url, '?');
	size_t base = q ? (size_t)(q - url) : strlen(url);
	char *out = NULL;
	size_t len = 0;
	bool first = true;

	if (put(&out, &len, url, base) < 0)
		return NULL;
	for (const char *p = q ? q + 1 : ""; *p;) {
		size_t n = strcspn(p, "&");
		if (n > 0 && strncmp(p, "schema=", 7) != 0) {
			if (put(&out, &len, first ? "?" : "&", 1) < 0 ||
			    put(&out, &len, p, n) < 0)
				goto oom;
			first = false;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (put(&out, &len, first ? "?schema=" : "&schema=", 8) < 0 ||
	    put(&out, &len, schema, strlen(schema)) < 0)
		goto oom;
	return out;
oom:
	free(out);
	return NULL;
}

int bo_pg_url_parse(bo_pg_url *u, const char *url, bo_err *err)
{
	memset(u, 0, sizeof *u);
	strcpy(u->schema, BO_PG_DEFAULT_SCHEMA);
	if (!url || !(starts_with(url, "postgresql://") ||
		      starts_with(url, "postgres://")))
		return bo_err_set(err, BO_EUSAGE,
				  "--db must be a postgresql:// or postgres:// "
				  "URL");
	const char *q = strchr(url, '?');
	size_t base = q ? (size_t)(q - url) : strlen(url);
	char *ci = NULL;
	size_t len = 0;
	if (put(&ci, &len, url, base) < 0)
		goto oom;
	if (q) {
		const char *p = q + 1;
		bool first = true;
		while (*p) {
			size_t n = strcspn(p, "&");
			if (n >= 7 && !strncmp(p, "schema=", 7)) {
				size_t vn = n - 7;
				char v[BO_PG_SCHEMA_MAX + 2];
				if (vn > BO_PG_SCHEMA_MAX)
					vn = BO_PG_SCHEMA_MAX + 1;
				memcpy(v, p + 7, vn);
				v[vn] = '\0';
				if (n - 7 > BO_PG_SCHEMA_MAX ||
				    !bo_pg_schema_valid(v)) {
					free(ci);
					return bo_err_set(
					    err, BO_EUSAGE,
					    "the schema of --db must be a "
					    "lower-case letter, then up to 47 "
					    "lower-case letters, digits or _");
				}
				strcpy(u->schema, v);
			} else if (n > 0) {
				if (put(&ci, &len, first ? "?" : "&", 1) < 0 ||
				    put(&ci, &len, p, n) < 0)
					goto oom;
				first = false;
			}
			p += n;
			if (*p == '&')
				p++;
		}
	}
	u->conninfo = ci;
	if (!(u->shown = redact(url)))
		goto oom;
	return 0;
oom:
	free(ci);
	u->conninfo = NULL;
	bo_pg_url_clear(u);
	return bo_err_set(err, BO_ENOMEM, "out of memory reading --db");
}

/* ---- connecting ------------------------------------------------------------- */

static bool has(const char *text, const char *what)
{
	return text && strstr(text, what) != NULL;
}

/* One line for a connection that failed, from libpq's message; never the
 * message itself where it could carry a secret (it does not quote
 * passwords, but stays out of the sentence except for the known cases). */
static int connect_error(PGconn *conn, const bo_pg_url *u, bo_err *err)
{
	const char *m = conn ? PQerrorMessage(conn) : "";
	const char *host = conn && PQhost(conn) ? PQhost(conn) : "?";
	const char *port = conn && PQport(conn) ? PQport(conn) : "?";
	const char *user = conn && PQuser(conn) ? PQuser(conn) : "?";
	const char *db = conn && PQdb(conn) ? PQdb(conn) : "?";
	char h[128], us[128], d[128];
	sanitise(h, sizeof h, host);
	sanitise(us, sizeof us, user);
	sanitise(d, sizeof d, db);
	if (has(m, "password authentication failed") ||
	    has(m, "no password supplied") ||
	    has(m, "fe_sendauth: no password"))
		return bo_err_set(err, BO_ESTORAGE,
				  "the PostgreSQL server at %s:%s refused the "
				  "login: password authentication failed for "
				  "user %s",
				  h, port, us);
	if (has(m, "does not exist") && has(m, "database"))
		return bo_err_set(err, BO_ESTORAGE,
				  "the PostgreSQL server at %s:%s has no "
				  "database %s",
				  h, port, d);
	if (has(m, "no encryption") || has(m, "SSL off") ||
	    has(m, "server does not support SSL") || has(m, "SSL required"))
		return bo_err_set(err, BO_ESTORAGE,
				  "the PostgreSQL server at %s:%s and this "
				  "connection disagree about TLS (the server "
				  "requires it or cannot do it); set sslmode "
				  "in --db",
				  h, port);
	if (has(m, "Connection refused") || has(m, "could not connect") ||
	    has(m, "timeout expired") || has(m, "Network is unreachable") ||
	    has(m, "No route to host") ||
	    has(m, "could not translate host name"))
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot reach the PostgreSQL server at %s:%s "
				  "(refused or unreachable)",
				  h, port);
	if (has(m, "role") && has(m, "does not exist"))
		return bo_err_set(err, BO_ESTORAGE,
				  "the PostgreSQL server at %s:%s has no "
				  "login %s",
				  h, port, us);
	/* libpq refused a part of the URL itself (a query parameter, a
	 * setting's value, the host's form). Its own text may quote the whole
	 * URL, password included, so only our sentence is shown. */
	if (has(m, "invalid ") || has(m, " in URI") || !*h)
		return bo_err_set(err, BO_EUSAGE,
				  "--db is not a PostgreSQL URL libpq accepts "
				  "(check its host, port and settings such as "
				  "sslmode)");
	(void)u;
	return bo_err_set(err, BO_ESTORAGE,
			  "cannot connect to the PostgreSQL server at %s:%s", h,
			  port);
}

/* Server notices (DROP ... CASCADE lists what it dropped) are not for the
 * terminal: libpq would print them on stderr. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* What every session of the adapter starts with, after connecting and
 * after a reconnect: an empty search_path. Every name the adapter writes
 * is schema-qualified ("@."), so this changes nothing for it; a name that
 * is not (a table, sequence or function of the store written without
 * "@.") then fails loudly instead of resolving in whatever schema the
 * login's or database's search_path offers. pg_catalog is searched all
 * the same (now(), pg_current_xact_id(), ...), and so is the session's
 * temporary schema for tables (verify's side copies). */
static int session_setup(bo_pg *c, bo_err *err)
{
	return bo_pg_exec(c, "SET search_path = ''", "setting up the session",
			  err);
}

int bo_pg_connect(bo_pg **out, const char *url, bo_err *err)
{
	*out = NULL;
	bo_pg_url u;
	int rc = bo_pg_url_parse(&u, url, err);
	if (rc < 0)
		return rc;
	/* libpq is loaded here, by the first PostgreSQL store a process
	 * opens, and by nothing else (pq_api.h). */
	if ((rc = bo_pq_load(err)) < 0) {
		bo_pg_url_clear(&u);
		return rc;
	}
	const char *keys[] = {"dbname", "application_name", "client_encoding",
			      NULL};
	const char *vals[] = {u.conninfo, "backoffice", "UTF8", NULL};
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		rc = connect_error(conn, &u, err);
		PQfinish(conn);
		bo_pg_url_clear(&u);
		return rc;
	}
	if (PQserverVersion(conn) < 130000) {
		PQfinish(conn);
		bo_pg_url_clear(&u);
		return bo_err_set(err, BO_ESTORAGE,
				  "the PostgreSQL server is older than "
				  "version 13; backoffice needs 13 or newer");
	}
	PQsetNoticeProcessor(conn, quiet, NULL);
	bo_pg *c = calloc(1, sizeof *c);
	if (!c) {
		PQfinish(conn);
		bo_pg_url_clear(&u);
		return bo_err_set(err, BO_ENOMEM, "out of memory connecting");
	}
	c->trace_fd = -1;
	c->conn = conn;
	c->conninfo = u.conninfo;
	c->shown = u.shown;
	strcpy(c->schema, u.schema);
	/* One try waits as long as on SQLite (its busy timeout): the callers'
	 * bounded retries then give up after the same few seconds. */
	c->lock_timeout_ms = 1000;
	char *q = PQescapeIdentifier(conn, c->schema, strlen(c->schema));
	if (!q || !(c->qschema = strdup(q))) {
		PQfreemem(q);
		bo_pg_disconnect(c);
		return bo_err_set(err, BO_ENOMEM, "out of memory connecting");
	}
	PQfreemem(q);
	const char *su = PQparameterStatus(conn, "session_authorization");
	c->session_user = strdup(su ? su : (PQuser(conn) ? PQuser(conn) : ""));
	if (!c->session_user) {
		bo_pg_disconnect(c);
		return bo_err_set(err, BO_ENOMEM, "out of memory connecting");
	}
	const char *env = getenv("BACKOFFICE_PG_UNSERIALISED");
	c->unserialised = env && !strcmp(env, "1");
	static int connections;
	c->trace_conn = ++connections;
	env = getenv("BACKOFFICE_PG_TRACE_SQL");
	if (env && *env)
		c->trace_fd =
		    open(env, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if ((rc = session_setup(c, err)) < 0) {
		bo_pg_disconnect(c);
		return rc;
	}
	*out = c;
	return 0;
}

int bo_pg_reconnect(bo_pg *c, int attempts, bo_err *err)
{
	if (c->conn && PQstatus(c->conn) == CONNECTION_OK)
		return 0;
	int pause_ms = 100;
	for (int i = 0; i < attempts; i++) {
		if (i > 0) {
			struct timespec ts = {pause_ms / 1000,
					      (long)(pause_ms % 1000) *
						  1000000L};
			nanosleep(&ts, NULL);
			pause_ms = pause_ms * 2 > 2000 ? 2000 : pause_ms * 2;
		}
		PQreset(c->conn);
		if (PQstatus(c->conn) == CONNECTION_OK) {
			/* a new server session: nothing of the old one */
			memset(c->prepared, 0, sizeof c->prepared);
			memset(c->shadow_prepared, 0,
			       sizeof c->shadow_prepared);
			c->listening = false;
			c->depth = 0;
			c->wrote = false;
			bo_err spare;
			if (session_setup(c, &spare) < 0)
				continue; /* gone again: the next try */
			return 1;
		}
	}
	bo_pg_url u = {0};
	bo_err why;
	strcpy(u.schema, c->schema);
	int rc = connect_error(c->conn, &u, &why);
	return bo_err_set(err, rc,
			  "lost the connection, and %s (tried %d time%s)",
			  why.msg, attempts, attempts == 1 ? "" : "s");
}

void bo_pg_disconnect(bo_pg *c)
{
	if (!c)
		return;
	for (int i = 0; i < BO_PG_HOOKS; i++)
		if (c->hooks[i].drop)
			c->hooks[i].drop(c);
	PQfinish(c->conn);
	if (c->trace_fd >= 0)
		close(c->trace_fd);
	free(c->conninfo);
	free(c->shown);
	free(c->qschema);
	free(c->session_user);
	free(c);
}
