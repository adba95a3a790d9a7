/* Connecting to PostgreSQL: reading a --db URL, opening and closing a bo_pg. */
#ifndef BO_PG_CONN_H
#define BO_PG_CONN_H

#include <stdbool.h>

#include "adapters/postgres/pg_internal.h"

/* A --db URL taken apart: what libpq gets, what messages show, the schema. */
typedef struct bo_pg_url {
	char *
	    conninfo; /* the URL without schema=; secret (may hold a password) */
	char *shown;  /* the URL with any password replaced by "***" */
	char schema[BO_PG_SCHEMA_MAX + 1];
} bo_pg_url;

/* ^[a-z][a-z0-9_]{0,47}$ */
bool bo_pg_schema_valid(const char *s);

/* postgresql:// or postgres:// URLs; our own schema=NAME parameter is taken
 * out (default "backoffice"); everything else is libpq's (sslmode, PG*
 * variables). BO_EUSAGE for another scheme or a bad schema name (the
 * sentence names --db's schema); BO_ENOMEM. Clear with bo_pg_url_clear. */
int bo_pg_url_parse(bo_pg_url *u, const char *url, bo_err *err);
void bo_pg_url_clear(bo_pg_url *u);

/* Connects (application_name=backoffice, client_encoding UTF8, server 13 or
 * newer) and empties the session's search_path (SET search_path = '', again
 * after a reconnect): every name the adapter sends is schema-qualified, so
 * one that is not fails instead of resolving elsewhere. Failures are
 * BO_ESTORAGE with one line naming host:port and the cause (refused or
 * unreachable, password authentication failed for user X, no such
 * database, TLS disagreement, other); never the password. libpq itself is
 * loaded by the first connect (bo_pq_load); when it cannot be, that
 * BO_ESTORAGE line says so.
 *
 * BACKOFFICE_PG_TRACE_SQL=FILE in the environment at connect: every SQL
 * text this connection sends (after the "@." expansion) is appended to FILE,
 * one record a line: "PID.CONN SCHEMA KIND SQL", CONN the connection's
 * number in its process, SCHEMA its store's schema, KIND exec
 * (PQexecParams), prepare (PQprepare: the text of a statement later
 * executed by name, also in pipelines), simple (PQexec: a migration's
 * script, ROLLBACK) or together (statements sent in one pipeline and
 * answered in one round trip: BEGIN with the store's lock, COMMIT with the
 * change counter's bump); in SQL backslash, newline, CR and TAB are
 * written \\, \n, \r, \t and other control bytes \xHH. Parameter values
 * are not recorded. One write(2) per record on an O_APPEND file, so
 * concurrent processes' records never mix; a FILE that cannot be opened is
 * skipped without a word. For tests (tests/e2e/test_pg_schema_scope.sh) and
 * finding out what the adapter sends; off, it costs one test per
 * statement. */
int bo_pg_connect(bo_pg **out, const char *url, bo_err *err);
/* When c's connection was lost (libpq saw it fail): up to attempts
 * PQresets, the first at once and then after 100 ms, 200 ms, ... (at most
 * 2 s apart); prepared statements and LISTEN are redone on next use. 1
 * when reconnected, 0 when the connection was fine, BO_ESTORAGE with one
 * line (never the password) when the server stayed away. Outside a
 * transaction. */
int bo_pg_reconnect(bo_pg *c, int attempts, bo_err *err);
/* Drops the hooks, closes the connection, frees c. NULL is fine. */
void bo_pg_disconnect(bo_pg *c);

#endif
