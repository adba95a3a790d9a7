/* What only the PostgreSQL backend promises: URLs, safe opening, migrations, the append-only log, the store's lock, one-line connection failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "adapters/postgres/pg_conn.h"
#include "adapters/postgres/pg_internal.h"
#include "adapters/postgres/pg_migrations.h"
#include "adapters/postgres/pg_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"

static const char *base_url;
static const char *password;
static int counter;

/* Each test's own schema in the test database. */
typedef struct fixture {
	char schema[40];
	char url[512];
} fixture;

static void with_query(char *out, size_t cap, const char *url,
		       const char *query)
{
	snprintf(out, cap, "%s%s%s", url, strchr(url, '?') ? "&" : "?", query);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->schema, sizeof f->schema, "t_%d_%d", (int)getpid(),
		 ++counter);
	char q[64];
	snprintf(q, sizeof q, "schema=%s", f->schema);
	with_query(f->url, sizeof f->url, base_url, q);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	bo_err err;
	(void)bo_pg_destroy(f->url, &err);
	free(f);
	return 0;
}

/* A plain libpq connection beside the adapter's, for looking and tampering. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *raw(void)
{
	PGconn *c = PQconnectdb(base_url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

static int raw_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int st = PQresultStatus(r);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

static void no_password_in(const char *text)
{
	assert_null(strstr(text, password));
}

/* ---- URLs ------------------------------------------------------------------- */

static void urls_take_out_the_schema_and_hide_the_password(void **state)
{
	(void)state;
	bo_pg_url u;
	bo_err err = {0};
	assert_int_equal(bo_pg_url_parse(&u,
					 "postgresql://bob:s3cret@db:5433/shop?"
					 "sslmode=require&schema=north_1",
					 &err),
			 0);
	assert_string_equal(u.schema, "north_1");
	assert_string_equal(
	    u.conninfo, "postgresql://bob:s3cret@db:5433/shop?sslmode=require");
	assert_string_equal(u.shown, "postgresql://bob:***@db:5433/shop?"
				     "sslmode=require&schema=north_1");
	bo_pg_url_clear(&u);

	assert_int_equal(
	    bo_pg_url_parse(&u, "postgres://h/db?password=pw&x=1", &err), 0);
	assert_string_equal(u.schema, "backoffice");
	assert_string_equal(u.shown, "postgres://h/db?password=***&x=1");
	assert_null(strstr(u.shown, "pw&"));
	bo_pg_url_clear(&u);

	assert_int_equal(bo_pg_url_parse(&u, "postgres://u@h/db", &err), 0);
	assert_string_equal(u.shown, "postgres://u@h/db");
	bo_pg_url_clear(&u);

	assert_int_equal(bo_pg_url_parse(&u, "mysql://h/db", &err), BO_EUSAGE);
}

static void schema_names_are_checked(void **state)
{
	(void)state;
	assert_true(bo_pg_schema_valid("a"));
	assert_true(bo_pg_schema_valid("shop_2"));
	assert_false(bo_pg_schema_valid(""));
	assert_false(bo_pg_schema_valid("2shop"));
	assert_false(bo_pg_schema_valid("Shop"));
	assert_false(bo_pg_schema_valid("a-b"));
	assert_false(bo_pg_schema_valid("a\"b"));
	char longest[49];
	memset(longest, 'a', 48);
	longest[48] = '\0';
	assert_true(bo_pg_schema_valid(longest));
	char too_long[50];
	memset(too_long, 'a', 49);
	too_long[49] = '\0';
	assert_false(bo_pg_schema_valid(too_long));

	bo_pg_url u;
	bo_err err = {0};
	assert_int_equal(
	    bo_pg_url_parse(&u, "postgresql://h/db?schema=Bad;drop", &err),
	    BO_EUSAGE);
	assert_non_null(strstr(err.msg, "--db"));
	assert_non_null(strstr(err.msg, "schema"));
	char url[128];
	snprintf(url, sizeof url, "postgresql://h/db?schema=%s", too_long);
	assert_int_equal(bo_pg_url_parse(&u, url, &err), BO_EUSAGE);
}

/* ---- stores ----------------------------------------------------------------- */

static void create_open_destroy(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};
	assert_int_equal(bo_pg_open(&p, f->url, &err), BO_ENOTFOUND);
	assert_non_null(strstr(err.msg, f->schema));
	no_password_in(err.msg);
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), BO_ECONFLICT);
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	assert_string_equal(p.backend, "postgresql");
	assert_true(bo_pg_socket(&p) >= 0);

	/* settings and sequences through the store port */
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(
	    bo_store_setting_set(&p.store, "tenant", "north", &err), 0);
	int64_t a, b;
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &a, &err),
			 0);
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &b, &err),
			 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(bo_store_sequence_raise(&p.store, "order", 100, &err),
			 0);
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &b, &err),
			 0);
	assert_int_equal(b, 101);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	char *v = NULL;
	assert_int_equal(bo_store_setting_get(&p.store, "tenant", &v, &err), 0);
	assert_string_equal(v, "north");
	free(v);
	assert_int_equal(bo_store_setting_get(&p.store, "nope", &v, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_store_setting_set(&p.store, "k", "v", &err),
			 BO_ESTORAGE);
	bo_ports_close(&p);

	assert_int_equal(bo_pg_destroy(f->url, &err), 0);
	assert_int_equal(bo_pg_destroy(f->url, &err), BO_ENOTFOUND);
	assert_int_equal(bo_pg_open(&p, f->url, &err), BO_ENOTFOUND);
}

static int fill_then_fail(bo_ports *p, void *ctx, bo_err *err)
{
	(void)ctx;
	int rc = bo_store_begin(&p->store, err);
	if (rc == 0)
		rc = bo_store_setting_set(&p->store, "tenant", "x", err);
	if (rc == 0)
		rc = bo_store_commit(&p->store, err);
	if (rc < 0)
		return rc;
	return bo_err_set(err, BO_EINVAL, "the fill failed");
}

static int fill_tenant(bo_ports *p, void *ctx, bo_err *err)
{
	int rc = bo_store_begin(&p->store, err);
	if (rc == 0)
		rc = bo_store_setting_set(&p->store, "tenant", ctx, err);
	if (rc == 0)
		rc = bo_store_commit(&p->store, err);
	return rc;
}

static void a_store_is_created_whole_or_not_at_all(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, fill_then_fail, NULL, &err),
			 BO_EINVAL);
	assert_int_equal(bo_pg_open(&p, f->url, &err), BO_ENOTFOUND);
	assert_int_equal(bo_pg_create(f->url, fill_tenant, "south", &err), 0);
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	char *v = NULL;
	assert_int_equal(bo_store_setting_get(&p.store, "tenant", &v, &err), 0);
	assert_string_equal(v, "south");
	free(v);
	bo_ports_close(&p);
}

static void a_foreign_schema_is_refused_untouched(void **state)
{
	fixture *f = *state;
	PGconn *c = raw();
	char sql[256];
	snprintf(sql, sizeof sql,
		 "CREATE SCHEMA %s; CREATE TABLE %s.mine (x int); "
		 "INSERT INTO %s.mine VALUES (7)",
		 f->schema, f->schema, f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	bo_ports p;
	bo_err err = {0};
	assert_int_equal(bo_pg_open(&p, f->url, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "not a backoffice store"));
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), BO_EINVAL);
	assert_int_equal(bo_pg_destroy(f->url, &err), BO_EINVAL);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM pg_tables WHERE schemaname = '%s'",
		 f->schema);
	PGresult *r = PQexec(c, sql);
	assert_string_equal(PQgetvalue(r, 0, 0), "1");
	PQclear(r);
	snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	PQfinish(c);
}

static void a_newer_store_is_refused_untouched(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	PGconn *c = raw();
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s.backoffice_migrations (name) VALUES "
		 "('999_future.sql')",
		 f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	bo_ports p;
	assert_int_equal(bo_pg_open(&p, f->url, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "newer backoffice"));
	PQfinish(c);
}

static void migrations_are_applied_once(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	int n = 0;
	for (const bo_migration *m = bo_pg_migrations; m->name; m++)
		n++;
	PGconn *c = raw();
	char sql[256];
	/* forget the last migration: open applies it again, once */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM %s.backoffice_migrations", f->schema);
	for (int round = 0; round < 2; round++) {
		bo_ports p;
		assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
		bo_ports_close(&p);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(atoi(PQgetvalue(r, 0, 0)), n);
		PQclear(r);
	}
	PQfinish(c);
}

static void events_are_append_only(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	PGconn *c = raw();
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s.events (event_id, stream, version, type, "
		 "schema_version, recorded_at, metadata, payload) VALUES "
		 "('e1', 's', 1, 't', 1, 0, '{}', '{}')",
		 f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	const char *refused[] = {"UPDATE %s.events SET type = 'x'",
				 "DELETE FROM %s.events", "TRUNCATE %s.events"};
	for (size_t i = 0; i < 3; i++) {
		const char *verb = refused[i];
		size_t k = strcspn(verb, "%");
		snprintf(sql, sizeof sql, "%.*s%s%s", (int)k, verb, f->schema,
			 verb + k + 2);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
		assert_non_null(
		    strstr(PQresultErrorMessage(r), "events are append-only"));
		PQclear(r);
	}
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.events", f->schema);
	PGresult *r = PQexec(c, sql);
	assert_string_equal(PQgetvalue(r, 0, 0), "1");
	PQclear(r);
	PQfinish(c);
}

static void a_held_lock_makes_begin_busy(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	bo_ports a, b;
	assert_int_equal(bo_pg_open(&a, f->url, &err), 0);
	assert_int_equal(bo_pg_open(&b, f->url, &err), 0);
	bo_pg_set_lock_timeout(&b, 100);
	assert_int_equal(bo_store_begin(&a.store, &err), 0);
	assert_int_equal(bo_store_begin(&b.store, &err), BO_EBUSY);
	assert_non_null(strstr(err.msg, "busy"));
	/* nothing is left open on b, and it works once a is done */
	bo_store_rollback(&a.store);
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&b.store, "k", "v", &err), 0);
	assert_int_equal(bo_store_commit(&b.store, &err), 0);
	bo_ports_close(&a);
	bo_ports_close(&b);
}

static void nested_levels_are_savepoints(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	bo_ports p;
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&p.store, "outer", "1", &err), 0);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&p.store, "inner", "1", &err), 0);
	bo_store_rollback(&p.store);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&p.store, "kept", "1", &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	char *v = NULL;
	assert_int_equal(bo_store_setting_get(&p.store, "outer", &v, &err), 0);
	free(v);
	assert_int_equal(bo_store_setting_get(&p.store, "kept", &v, &err), 0);
	free(v);
	assert_int_equal(bo_store_setting_get(&p.store, "inner", &v, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_store_commit(&p.store, &err), BO_ESTORAGE);
	bo_ports_close(&p);
}

static void a_commit_elsewhere_moves_data_version(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	bo_ports a, b;
	assert_int_equal(bo_pg_open(&a, f->url, &err), 0);
	assert_int_equal(bo_pg_open(&b, f->url, &err), 0);
	int64_t v0, v1, v2;
	assert_int_equal(bo_store_data_version(&a.store, &v0, &err), 0);
	/* a rolled-back write and a transaction that wrote nothing leave it */
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&b.store, "k", "1", &err), 0);
	bo_store_rollback(&b.store);
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_commit(&b.store, &err), 0);
	assert_int_equal(bo_store_data_version(&a.store, &v1, &err), 0);
	assert_int_equal(v0, v1);
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&b.store, "k", "2", &err), 0);
	assert_int_equal(bo_store_commit(&b.store, &err), 0);
	/* the notification wakes a poller of a's socket */
	struct pollfd pfd = {bo_pg_socket(&a), POLLIN, 0};
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_int_equal(bo_store_data_version(&a.store, &v2, &err), 0);
	assert_true(v2 != v1);
	/* and the number is read, not counted from notifications: a commit
	 * that returned is seen at once */
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&b.store, "k", "3", &err), 0);
	assert_int_equal(bo_store_commit(&b.store, &err), 0);
	assert_int_equal(bo_store_data_version(&a.store, &v1, &err), 0);
	assert_true(v1 != v2);
	bo_ports_close(&a);
	bo_ports_close(&b);
}

static bo_stored_event record(const char *id)
{
	bo_stored_event e = {0};
	e.event_id = (char *)id;
	e.type_name = (char *)"Tested";
	e.schema_version = 1;
	e.metadata = (char *)"{}";
	e.payload = (char *)"{}";
	return e;
}

static void appends_conflict_on_version_and_event_id(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	bo_ports p;
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	const bo_event_store_ops *es = p.events.ops;
	bo_stored_event two[2] = {record("a1"), record("a2")};
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(es->append(p.events.self, "order-1", 0, two, 2, &err),
			 0);
	assert_true(two[0].position < two[1].position);
	assert_int_equal(two[1].version, 2);
	bo_stored_event again = record("a3");
	assert_int_equal(
	    es->append(p.events.self, "order-1", 1, &again, 1, &err),
	    BO_ECONFLICT);
	assert_string_equal(err.msg, "stream order-1 was changed by someone "
				     "else (expected version 1)");
	bo_stored_event dup = record("a1");
	assert_int_equal(es->append(p.events.self, "order-2", 0, &dup, 1, &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "event id a1 is already stored");
	/* the transaction stays usable after both refusals */
	bo_stored_event ok = record("b1");
	assert_int_equal(es->append(p.events.self, "order-2", 0, &ok, 1, &err),
			 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	int64_t head;
	assert_int_equal(es->head(p.events.self, &head, &err), 0);
	assert_int_equal(head, ok.position);
	bo_ports_close(&p);
}

static void a_restored_product_id_is_never_handed_out_again(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	bo_ports p;
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	bo_product restored = {.id = 41,
			       .sku = (char *)"OLD-1",
			       .name = (char *)"Old",
			       .description = (char *)"",
			       .price = 100,
			       .tax_bp = 0,
			       .stock = 1};
	bo_product fresh = restored;
	fresh.id = 0;
	fresh.sku = (char *)"NEW-1";
	bo_product taken = fresh;
	taken.sku = (char *)"OLD-1";
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(
	    p.products.ops->insert(p.products.self, &restored, &err), 0);
	assert_int_equal(p.products.ops->insert(p.products.self, &taken, &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "sku OLD-1 already exists");
	assert_int_equal(p.products.ops->insert(p.products.self, &fresh, &err),
			 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(restored.id, 41);
	assert_true(fresh.id > 41);
	bo_ports_close(&p);
}

/* ---- connection failures ---------------------------------------------------- */

/* base_url with its password, port or database swapped; libpq's own
 * parameters override what the URL says. */
static void failure_is_one_line(const char *url, const char *expect)
{
	bo_ports p;
	bo_err err = {0};
	assert_int_equal(bo_pg_open(&p, url, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, expect));
	assert_null(strchr(err.msg, '\n'));
	no_password_in(err.msg);
}

/* ---- online rebuild ---------------------------------------------------------- */

/* A rewrite hook that has run out of memory. */
static int rewrite_without_memory(const bo_pg *c, bo_pg_slot slot,
				  const char *sql, char **out)
{
	(void)c;
	(void)slot;
	(void)sql;
	*out = NULL;
	return -1;
}

/* While shadowing, a slot whose SQL cannot be rewritten for want of
 * memory fails: it is not prepared from the live SQL under the shadow's
 * name, which would send the rest of the rebuild to the live tables. */
static void a_shadow_rewrite_out_of_memory_fails(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};
	bo_order_row r = {.id = 1,
			  .version = 1,
			  .currency = "EUR",
			  .customer_email = "ann@example.com"};
	bo_order_row got;
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	bo_pg *c = p.store.self;
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rm_order_put(&p.rm, &r, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rm_shadow(&p.rm, BO_SHADOW_BEGIN, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);

	int (*real)(const bo_pg *, bo_pg_slot, const char *, char **) =
	    c->rewrite;
	c->rewrite = rewrite_without_memory;
	assert_int_equal(bo_rm_order_get(&p.rm, 1, &got, &err), BO_ENOMEM);
	assert_non_null(strstr(err.msg, "out of memory"));
	assert_false(c->shadow_prepared[PG_RM_ORDER_GET]);
	/* with memory again the read goes to the (empty) shadow */
	c->rewrite = real;
	assert_int_equal(bo_rm_order_get(&p.rm, 1, &got, &err), BO_ENOTFOUND);
	assert_true(c->shadow_prepared[PG_RM_ORDER_GET]);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rm_shadow(&p.rm, BO_SHADOW_END, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(bo_rm_order_get(&p.rm, 1, &got, &err), 0);
	assert_int_equal(got.id, 1);
	bo_order_row_clear(&got);
	bo_ports_close(&p);
}

/* ---- pipelined writes ---------------------------------------------------------- */

typedef struct days_seen {
	int n;
	int64_t day, payments;
} days_seen;

static int count_day(void *ctx, const bo_report_day *d)
{
	days_seen *s = ctx;
	s->n++;
	s->day = d->day;
	s->payments = d->payments;
	return 0;
}

/* A write that fails inside bulk mode's pipelined flush (here a day's
 * payments past the bigint range, among 1201 days, so the failure comes
 * out at a sync midway and the rest are aborted) fails the commit with a
 * sentence, writes none of the rows, and leaves the connection usable. */
static void a_failed_pipelined_write_fails_the_commit(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};
	bo_report_day big = {.day = 3, .payments = INT64_MAX};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	bo_pg *c = p.store.self;
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rs_day_add(&p.reports, &big, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);

	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rs_bulk(&p.reports, 1, &err), 0);
	for (int i = 0; i < 1200; i++) {
		bo_report_day d = {.day = 100 + i, .payments = 1};
		assert_int_equal(bo_rs_day_add(&p.reports, &d, &err), 0);
		if (i == 600) {
			bo_report_day one = {.day = 3, .payments = 1};
			assert_int_equal(bo_rs_day_add(&p.reports, &one, &err),
					 0);
		}
	}
	assert_int_equal(bo_store_commit(&p.store, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "writing daily figures"));
	assert_null(strchr(err.msg, '\n'));
	assert_false(c->batching);

	days_seen s = {0};
	assert_int_equal(bo_rs_days(&p.reports, 0, 5000, count_day, &s, &err),
			 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.day, 3);
	assert_true(s.payments == INT64_MAX);
	/* and the same flush without the overflow goes through */
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_rs_bulk(&p.reports, 1, &err), 0);
	for (int i = 0; i < 1200; i++) {
		bo_report_day d = {.day = 100 + i, .payments = 1};
		assert_int_equal(bo_rs_day_add(&p.reports, &d, &err), 0);
	}
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	s.n = 0;
	assert_int_equal(bo_rs_days(&p.reports, 0, 5000, count_day, &s, &err),
			 0);
	assert_int_equal(s.n, 1201);
	bo_ports_close(&p);
}

static void connection_failures_say_why_in_one_line(void **state)
{
	(void)state;
	char url[600];
	with_query(url, sizeof url, base_url, "password=wrong-password");
	failure_is_one_line(url, "password authentication failed for user "
				 "postgres");
	with_query(url, sizeof url, base_url, "dbname=no_such_db");
	failure_is_one_line(url, "has no database no_such_db");
	with_query(url, sizeof url, base_url, "port=1");
	failure_is_one_line(url, "cannot reach the PostgreSQL server at "
				 "127.0.0.1:1");
	/* the server here has no TLS: requiring it is a TLS line */
	with_query(url, sizeof url, base_url, "sslmode=require");
	failure_is_one_line(url, "TLS");
}

/* ---- privileges and identity -------------------------------------------------- */

/* A staff login's URL for the fixture's store: the superuser's URL with
 * another user and password. */
static void login_url(char *out, size_t cap, const fixture *f, const char *user,
		      const char *pw)
{
	const char *at = strchr(f->url, '@');
	assert_non_null(at);
	snprintf(out, cap, "postgresql://%s:%s%s", user, pw, at);
}

/* init as the superuser (the owner): settings and the first admin, who is
 * the login itself. */
static int fill_init(bo_ports *p, void *ctx, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_init_options opt = {"default", "EUR", ctx, NULL};
	return bo_app_init_store(p, &clock, &opt, err);
}

/* The staff login name for this run (roles are cluster-wide). */
static void staff_name(char *out, size_t cap, const char *what)
{
	snprintf(out, cap, "t%d_%s", (int)getpid(), what);
}

/* Opens the store at url and the services over it for user (NULL: the
 * login's own). */
static int open_as(bo_ports *p, bo_app *app, const char *url, const char *user,
		   bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	int rc = bo_pg_open(p, url, err);
	if (rc < 0)
		return rc;
	rc = bo_app_open(app, p, &clock, &ids, user, err);
	if (rc < 0)
		bo_ports_close(p);
	return rc;
}

static void close_as(bo_ports *p, bo_app *app)
{
	bo_app_close(app);
	bo_ports_close(p);
}

/* The owner's store with a product (stock 100), and staff logins NAME of
 * each role, password "pw" (what the database administrator does). */
static void staffed_store(fixture *f, char names[3][64])
{
	bo_err err = {0};
	const char *roles[3] = {"admin", "support", "manager"};
	assert_int_equal(bo_pg_create(f->url, fill_init, "postgres", &err), 0);
	bo_ports p;
	bo_app app;
	assert_int_equal(open_as(&p, &app, f->url, NULL, &err), 0);
	assert_string_equal(app.user, "postgres");
	for (int i = 0; i < 3; i++) {
		staff_name(names[i], 64, roles[i]);
		err = (bo_err){0};
		int rc = bo_app_user_add(&app, names[i], roles[i], &err);
		if (rc < 0)
			fail_msg("user add %s: %s", names[i], err.msg);
	}
	bo_product_edit in = {.sku = "MUG-1",
			      .name = "Mug",
			      .description = "",
			      .price = "9.50",
			      .tax_rate = "20",
			      .stock = "100"};
	assert_int_equal(bo_app_product_add(&app, &in, NULL, &err), 0);
	close_as(&p, &app);
	PGconn *c = raw();
	for (int i = 0; i < 3; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "ALTER ROLE \"%s\" PASSWORD 'pw'",
			 names[i]);
		assert_int_equal(raw_exec(c, sql), 0);
	}
	PQfinish(c);
}

static void drop_staff(char names[3][64])
{
	PGconn *c = raw();
	for (int i = 0; i < 3; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS \"%s\"",
			 names[i]);
		(void)raw_exec(c, sql);
	}
	PQfinish(c);
}

/* A libpq connection as login user (password "pw"). */
static PGconn *raw_as(const fixture *f, const char *user)
{
	char url[600];
	login_url(url, sizeof url, f, user, "pw");
	/* libpq does not know our schema= parameter */
	*strstr(url, "?schema=") = '\0';
	PGconn *c = PQconnectdb(url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

/* The SQLSTATE sql fails with ("" when it succeeds). */
static void expect_state(PGconn *c, const char *sql, const char *state)
{
	PGresult *r = PQexec(c, sql);
	const char *got = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (strcmp(got ? got : "", state) != 0)
		fail_msg("%s: expected SQLSTATE '%s', got '%s' (%s)", sql,
			 state, got ? got : "", PQresultErrorMessage(r));
	PQclear(r);
}

static void user_add_creates_logins_in_their_groups(void **state)
{
	fixture *f = *state;
	char names[3][64];
	staffed_store(f, names);
	PGconn *c = raw();
	/* each in the store's own group, and in no other */
	char groups[3][64];
	const char *roles[3] = {"admin", "support", "manager"};
	for (int i = 0; i < 3; i++)
		snprintf(groups[i], sizeof groups[i], "bo_%s_%s", f->schema,
			 roles[i]);
	for (int i = 0; i < 3; i++) {
		const char *v[1] = {names[i]};
		PGresult *r = PQexecParams(
		    c,
		    "SELECT rolcanlogin, (SELECT string_agg(g.rolname, ',') "
		    "FROM pg_auth_members m JOIN pg_roles g ON g.oid = "
		    "m.roleid WHERE m.member = r.oid) FROM pg_roles r WHERE "
		    "rolname = $1",
		    1, NULL, v, NULL, NULL, 0);
		assert_int_equal(PQntuples(r), 1);
		assert_string_equal(PQgetvalue(r, 0, 0), "t");
		assert_string_equal(PQgetvalue(r, 0, 1), groups[i]);
		PQclear(r);
	}
	PQfinish(c);

	/* an admin login without CREATEROLE cannot make logins */
	char url[600];
	login_url(url, sizeof url, f, names[0], "pw");
	bo_ports p;
	bo_app app;
	bo_err err = {0};
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_int_equal(bo_app_user_add(&app, "someone.new", "support", &err),
			 BO_EPERM);
	assert_non_null(strstr(err.msg, "CREATEROLE"));
	close_as(&p, &app);
	drop_staff(names);
}

static void a_manager_login_cannot_write_any_table(void **state)
{
	fixture *f = *state;
	char names[3][64];
	staffed_store(f, names);
	PGconn *owner = raw();
	const char *v[1] = {f->schema};
	PGresult *t = PQexecParams(
	    owner,
	    "SELECT c.relname, (SELECT attname FROM pg_attribute WHERE "
	    "attrelid = c.oid AND attnum > 0 AND NOT attisdropped AND "
	    "attidentity = '' ORDER BY attnum LIMIT 1) FROM pg_class c JOIN "
	    "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 "
	    "AND c.relkind = 'r' ORDER BY 1",
	    1, NULL, v, NULL, NULL, 0);
	assert_true(PQntuples(t) >= 20);
	PGconn *m = raw_as(f, names[2]);
	for (int i = 0; i < PQntuples(t); i++) {
		char sql[300];
		const char *tab = PQgetvalue(t, i, 0),
			   *col = PQgetvalue(t, i, 1);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\".\"%s\"",
			 f->schema, tab);
		expect_state(m, sql, "");
		snprintf(sql, sizeof sql,
			 "INSERT INTO \"%s\".\"%s\" DEFAULT "
			 "VALUES",
			 f->schema, tab);
		expect_state(m, sql, "42501");
		snprintf(sql, sizeof sql,
			 "UPDATE \"%s\".\"%s\" SET \"%s\" = \"%s\"", f->schema,
			 tab, col, col);
		expect_state(m, sql, "42501");
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\".\"%s\"",
			 f->schema, tab);
		expect_state(m, sql, "42501");
		snprintf(sql, sizeof sql, "TRUNCATE \"%s\".\"%s\"", f->schema,
			 tab);
		expect_state(m, sql, "42501");
	}
	PQclear(t);
	PQfinish(m);
	PQfinish(owner);

	/* through the ports: reads work, a write is refused by the app */
	char url[600];
	login_url(url, sizeof url, f, names[2], "pw");
	bo_ports p;
	bo_app app;
	bo_err err = {0};
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_string_equal(app.user, names[2]);
	bo_product pr = {0};
	assert_int_equal(bo_app_product_get(&app, "MUG-1", &pr, &err), 0);
	bo_product_clear(&pr);
	close_as(&p, &app);
	drop_staff(names);
}

/* A direct INSERT of an event into the fixture's log. */
static void insert_event(char *sql, size_t cap, const fixture *f,
			 const char *id, const char *stream, const char *type)
{
	snprintf(sql, cap,
		 "INSERT INTO \"%s\".events (event_id, stream, version, "
		 "type, schema_version, recorded_at, metadata, payload) VALUES "
		 "('%s', '%s', 1, '%s', 1, 0, '{}', '{}')",
		 f->schema, id, stream, type);
}

static void a_support_login_cannot_write_products(void **state)
{
	fixture *f = *state;
	char names[3][64];
	staffed_store(f, names);
	PGconn *s = raw_as(f, names[1]);
	char sql[600];
	snprintf(sql, sizeof sql,
		 "INSERT INTO \"%s\".products (sku, name, price, tax_bp, "
		 "stock, row_version, created_at, updated_at) VALUES ('X-1', "
		 "'x', 1, 0, 1, 1, 0, 0)",
		 f->schema);
	expect_state(s, sql, "42501");
	snprintf(sql, sizeof sql, "UPDATE \"%s\".products SET price = 1",
		 f->schema);
	expect_state(s, sql, "42501");
	insert_event(sql, sizeof sql, f, "e-p", "product-1", "ProductUpdated");
	expect_state(s, sql, "42501");
	/* the control: the same insert on an order stream is let through */
	insert_event(sql, sizeof sql, f, "e-o", "order-999", "OrderNoteAdded");
	expect_state(s, sql, "");
	PQfinish(s);

	/* the owner, acting for the admin, places and takes payment for an
	 * order; then support's own work on it goes through the ports */
	bo_ports p;
	bo_app app;
	bo_err err = {0};
	assert_int_equal(open_as(&p, &app, f->url, names[0], &err), 0);
	bo_line_request line = {"MUG-1", 2};
	int64_t id = 0;
	int rc =
	    bo_app_order_place(&app, "a@example.com", "A", &line, 1, &id, &err);
	if (rc < 0)
		fail_msg("order place: %s", err.msg);
	rc = bo_app_order_pay(&app, id, "19.00", &err);
	if (rc < 0)
		fail_msg("order pay: %s", err.msg);
	close_as(&p, &app);

	char url[600];
	login_url(url, sizeof url, f, names[1], "pw");
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_string_equal(app.user, names[1]);
	rc = bo_app_order_note(&app, id, "called the customer", &err);
	if (rc < 0)
		fail_msg("order note: %s", err.msg);
	rc = bo_app_order_refund(&app, id, "9.50", "one broke", &err);
	if (rc < 0)
		fail_msg("order refund: %s", err.msg);
	assert_int_equal(app.reactor_err.code, 0);
	assert_int_equal(app.follow_err.code, 0);
	/* and a product write is refused (by the app first) */
	bo_product_edit in = {.sku = "MUG-2",
			      .name = "Mug",
			      .description = "",
			      .price = "9.50",
			      .tax_rate = "20",
			      .stock = "100"};
	assert_int_equal(bo_app_product_add(&app, &in, NULL, &err), BO_EPERM);
	close_as(&p, &app);

	/* acting as somebody else is refused */
	bo_ports q;
	assert_int_equal(open_as(&q, &app, url, names[0], &err), BO_EPERM);
	assert_non_null(strstr(err.msg, names[0]));
	assert_int_equal(open_as(&q, &app, url, "postgres", &err), BO_EPERM);
	drop_staff(names);
}

/* The tables of schema, by name (the caller PQclears). */
static PGresult *tables_of(PGconn *c, const char *schema)
{
	const char *v[1] = {schema};
	PGresult *t = PQexecParams(
	    c,
	    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY "
	    "1",
	    1, NULL, v, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(t), PGRES_TUPLES_OK);
	return t;
}

/* login's SELECT of every table of schema ends in state ("" success), and
 * so does its INSERT when insert_state is not NULL. */
static void every_table(PGconn *login, PGconn *owner, const char *schema,
			const char *select_state, const char *insert_state)
{
	PGresult *t = tables_of(owner, schema);
	assert_true(PQntuples(t) >= 20);
	bool registry = false;
	for (int i = 0; i < PQntuples(t); i++) {
		char sql[300];
		const char *tab = PQgetvalue(t, i, 0);
		registry |= strcmp(tab, "tenants") == 0;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\".\"%s\"",
			 schema, tab);
		expect_state(login, sql, select_state);
		if (!insert_state)
			continue;
		snprintf(sql, sizeof sql,
			 "INSERT INTO \"%s\".\"%s\" DEFAULT VALUES", schema,
			 tab);
		expect_state(login, sql, insert_state);
	}
	assert_true(registry);
	PQclear(t);
}

/* 1 when login is a member of group, 0 when not. */
static int is_member(PGconn *c, const char *login, const char *group)
{
	const char *v[2] = {login, group};
	PGresult *r = PQexecParams(
	    c,
	    "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles u "
	    "ON u.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE "
	    "u.rolname = $1 AND g.rolname = $2)",
	    2, NULL, v, NULL, NULL, 0);
	assert_int_equal(PQntuples(r), 1);
	int yes = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return yes;
}

/* Two stores (two tenants' schemas) of one database: a login of store A's
 * support group reads A and is refused everything of B by the database,
 * B's registry included; granted B's group, the same reads go through (the
 * control). A login that exists already, added to B, gets B's group. */
static void a_login_of_one_store_is_refused_in_another(void **state)
{
	fixture *f = *state;
	char names[3][64];
	staffed_store(f, names);
	fixture b;
	snprintf(b.schema, sizeof b.schema, "%.30sb", f->schema);
	char q[64];
	snprintf(q, sizeof q, "schema=%s", b.schema);
	with_query(b.url, sizeof b.url, base_url, q);
	bo_err err = {0};
	assert_int_equal(bo_pg_create(b.url, fill_init, "postgres", &err), 0);
	bo_ports p;
	bo_app app;
	assert_int_equal(open_as(&p, &app, b.url, NULL, &err), 0);
	bo_product_edit in = {.sku = "TEA-1",
			      .name = "Tea",
			      .description = "",
			      .price = "3.00",
			      .tax_rate = "20",
			      .stock = "10"};
	assert_int_equal(bo_app_product_add(&app, &in, NULL, &err), 0);
	close_as(&p, &app);

	PGconn *owner = raw();
	PGconn *s = raw_as(f, names[1]);
	/* A's support reads all of A; of B, nothing, and writes nothing */
	every_table(s, owner, f->schema, "", NULL);
	every_table(s, owner, b.schema, "42501", "42501");
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT name FROM \"%s\".tenants", b.schema);
	expect_state(s, sql, "42501");
	/* nor does a group of B's reach A */
	char group[64];
	snprintf(group, sizeof group, "bo_%s_manager", b.schema);
	assert_false(is_member(owner, names[1], group));

	/* the control: the same login, granted B's support group by hand,
	 * reads every table of B (and still may not write B's products) */
	snprintf(group, sizeof group, "bo_%s_support", b.schema);
	snprintf(sql, sizeof sql, "GRANT \"%s\" TO \"%s\"", group, names[1]);
	assert_int_equal(raw_exec(owner, sql), 0);
	every_table(s, owner, b.schema, "", NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO \"%s\".products (sku, name, price, tax_bp, "
		 "stock, row_version, created_at, updated_at) VALUES ('X-1', "
		 "'x', 1, 0, 1, 1, 0, 0)",
		 b.schema);
	expect_state(s, sql, "42501");
	snprintf(sql, sizeof sql, "REVOKE \"%s\" FROM \"%s\"", group, names[1]);
	assert_int_equal(raw_exec(owner, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\".events",
		 b.schema);
	expect_state(s, sql, "42501");
	PQfinish(s);

	/* A's manager made support staff of B too: user add grants B's group
	 * to the login that exists, which keeps A's */
	assert_int_equal(open_as(&p, &app, b.url, NULL, &err), 0);
	int rc = bo_app_user_add(&app, names[2], "support", &err);
	if (rc < 0)
		fail_msg("user add %s to the second store: %s", names[2],
			 err.msg);
	close_as(&p, &app);
	snprintf(group, sizeof group, "bo_%s_support", b.schema);
	assert_true(is_member(owner, names[2], group));
	snprintf(group, sizeof group, "bo_%s_manager", f->schema);
	assert_true(is_member(owner, names[2], group));
	char url[600];
	login_url(url, sizeof url, &b, names[2], "pw");
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_int_equal(app.role, BO_ROLE_SUPPORT);
	close_as(&p, &app);
	login_url(url, sizeof url, f, names[2], "pw");
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_int_equal(app.role, BO_ROLE_MANAGER);
	close_as(&p, &app);

	PQfinish(owner);
	(void)bo_pg_destroy(b.url, &err);
	drop_staff(names);
}

/* A store made before its own groups: the shared groups' rights on it are
 * moved to its own when it is opened. */
static void an_old_store_moves_to_its_own_groups(void **state)
{
	fixture *f = *state;
	bo_err err = {0};
	assert_int_equal(bo_pg_create(f->url, NULL, NULL, &err), 0);
	PGconn *c = raw();
	char sql[1200];
	/* what 005 gave the shared groups, and 007 not yet run */
	const char *old[3] = {"backoffice_admin", "backoffice_support",
			      "backoffice_manager"};
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql,
			 "DO $$ BEGIN CREATE ROLE %s NOLOGIN; EXCEPTION WHEN "
			 "duplicate_object THEN NULL; END $$",
			 old[i]);
		assert_int_equal(raw_exec(c, sql), 0);
		snprintf(sql, sizeof sql,
			 "GRANT USAGE ON SCHEMA %1$s TO %2$s; GRANT SELECT ON "
			 "ALL TABLES IN SCHEMA %1$s TO %2$s; ALTER DEFAULT "
			 "PRIVILEGES IN SCHEMA %1$s GRANT SELECT ON TABLES TO "
			 "%2$s",
			 f->schema, old[i]);
		assert_int_equal(raw_exec(c, sql), 0);
	}
	/* a staff login that reached the store through the shared group */
	char staff[64];
	staff_name(staff, sizeof staff, "old");
	snprintf(sql, sizeof sql,
		 "CREATE ROLE \"%1$s\" LOGIN IN ROLE backoffice_support; "
		 "INSERT INTO %2$s.users (name, role, created_at) VALUES "
		 "('%1$s', 'support', 0)",
		 staff, f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	snprintf(sql, sizeof sql,
		 "DELETE FROM %s.backoffice_migrations WHERE name LIKE '007%%'",
		 f->schema);
	assert_int_equal(raw_exec(c, sql), 0);
	bo_ports p;
	assert_int_equal(bo_pg_open(&p, f->url, &err), 0);
	bo_ports_close(&p);
	const char *roles[3] = {"admin", "support", "manager"};
	for (int i = 0; i < 3; i++) {
		char own[64];
		snprintf(own, sizeof own, "bo_%s_%s", f->schema, roles[i]);
		snprintf(sql, sizeof sql,
			 "SELECT has_schema_privilege('%1$s', '%3$s', "
			 "'USAGE'), has_table_privilege('%1$s', "
			 "'%3$s.tenants', 'SELECT'), "
			 "has_schema_privilege('%2$s', '%3$s', 'USAGE'), "
			 "has_table_privilege('%2$s', '%3$s.tenants', "
			 "'SELECT'), (SELECT count(*) FROM pg_default_acl d "
			 "WHERE d.defaclnamespace = '%3$s'::regnamespace AND "
			 "d.defaclacl::text LIKE '%%%1$s=%%')",
			 old[i], own, f->schema);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		assert_string_equal(PQgetvalue(r, 0, 0), "f");
		assert_string_equal(PQgetvalue(r, 0, 1), "f");
		assert_string_equal(PQgetvalue(r, 0, 2), "t");
		assert_string_equal(PQgetvalue(r, 0, 3), "t");
		assert_string_equal(PQgetvalue(r, 0, 4), "0");
		PQclear(r);
		/* the staff login is in the store's own group of its role */
		assert_int_equal(is_member(c, staff, own), i == 1);
	}
	snprintf(sql, sizeof sql, "DROP ROLE \"%s\"", staff);
	assert_int_equal(raw_exec(c, sql), 0);
	PQfinish(c);
}

/* An owner without CREATEROLE: init names the groups to create, and works
 * once the database administrator has made them. */
static void an_owner_without_createrole_needs_the_groups_made(void **state)
{
	fixture *f = *state;
	char owner[64], url[600], sql[300];
	staff_name(owner, sizeof owner, "owner");
	PGconn *c = raw();
	snprintf(sql, sizeof sql,
		 "CREATE ROLE \"%s\" LOGIN PASSWORD 'pw'; GRANT CREATE ON "
		 "DATABASE backoffice_test TO \"%s\"",
		 owner, owner);
	assert_int_equal(raw_exec(c, sql), 0);
	login_url(url, sizeof url, f, owner, "pw");
	bo_err err = {0};
	assert_int_equal(bo_pg_create(url, fill_init, owner, &err),
			 BO_ESTORAGE);
	char group[64];
	snprintf(group, sizeof group, "bo_%s_support", f->schema);
	if (!strstr(err.msg, group) || !strstr(err.msg, owner))
		fail_msg("the error should name %s and %s: %s", group, owner,
			 err.msg);
	no_password_in(err.msg);
	const char *roles[3] = {"admin", "support", "manager"};
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "CREATE ROLE bo_%s_%s NOLOGIN",
			 f->schema, roles[i]);
		assert_int_equal(raw_exec(c, sql), 0);
	}
	err = (bo_err){0};
	int rc = bo_pg_create(url, fill_init, owner, &err);
	if (rc < 0)
		fail_msg("init with the groups made: %s", err.msg);
	/* its store, destroyed as the superuser (the owner may not drop
	 * roles: the groups stay until then) */
	(void)bo_pg_destroy(f->url, &err);
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS bo_%s_%s",
			 f->schema, roles[i]);
		(void)raw_exec(c, sql);
	}
	snprintf(sql, sizeof sql,
		 "REVOKE CREATE ON DATABASE backoffice_test FROM \"%s\"; DROP "
		 "ROLE \"%s\"",
		 owner, owner);
	assert_int_equal(raw_exec(c, sql), 0);
	PQfinish(c);
}

/* The metadata of the last event of stream, as stored. */
static char *stored_metadata(const fixture *f, const char *stream)
{
	PGconn *c = raw();
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT metadata FROM \"%s\".events WHERE stream = $1 ORDER "
		 "BY version DESC LIMIT 1",
		 f->schema);
	const char *v[1] = {stream};
	PGresult *r = PQexecParams(c, sql, 1, NULL, v, NULL, NULL, 0);
	assert_int_equal(PQntuples(r), 1);
	char *m = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return m;
}

static void the_owner_acts_for_staff_and_is_recorded(void **state)
{
	fixture *f = *state;
	char names[3][64];
	staffed_store(f, names);
	bo_ports p;
	bo_app app;
	bo_err err = {0};
	assert_int_equal(open_as(&p, &app, f->url, names[0], &err), 0);
	assert_string_equal(app.user, names[0]);
	assert_string_equal(app.acted_by, "postgres");
	bo_line_request line = {"MUG-1", 1};
	int64_t id = 0;
	assert_int_equal(
	    bo_app_order_place(&app, "b@example.com", "B", &line, 1, &id, &err),
	    0);
	char stream[32];
	snprintf(stream, sizeof stream, "order-%lld", (long long)id);
	bo_event_list l = {0};
	assert_int_equal(
	    bo_event_store_read_stream(&p.events, stream, 0, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].meta.user, names[0]);
	assert_string_equal(l.items[0].meta.role, "admin");
	assert_string_equal(l.items[0].meta.acted_by, "postgres");
	bo_event_list_clear(&l);
	close_as(&p, &app);
	char *m = stored_metadata(f, stream);
	assert_non_null(strstr(m, "\"acted_by\""));
	free(m);

	/* the support login acting as itself: nobody acted for it */
	char url[600];
	login_url(url, sizeof url, f, names[1], "pw");
	assert_int_equal(open_as(&p, &app, url, NULL, &err), 0);
	assert_null(app.acted_by);
	assert_int_equal(bo_app_order_note(&app, id, "a note", &err), 0);
	close_as(&p, &app);
	snprintf(stream, sizeof stream, "order-%lld", (long long)id);
	m = stored_metadata(f, stream);
	assert_null(strstr(m, "acted_by"));
	free(m);
	drop_staff(names);
}

int main(void)
{
	base_url = getenv("BACKOFFICE_TEST_PG");
	password = getenv("BACKOFFICE_TEST_PG_PASSWORD");
	/* pg_internal.h makes this file's PQexec, PQfinish, ... calls go
	 * through the adapter's libpq table (pq_api.h): filled first. */
	bo_err pq_err;
	if (bo_pq_load(&pq_err) < 0) {
		printf("test_postgres: %s\n", pq_err.msg);
		return 1;
	}
	const struct CMUnitTest offline[] = {
	    cmocka_unit_test(urls_take_out_the_schema_and_hide_the_password),
	    cmocka_unit_test(schema_names_are_checked),
	};
	int failed = cmocka_run_group_tests_name("postgres_offline", offline,
						 NULL, NULL);
	if (!base_url || !*base_url || !password) {
		printf("test_postgres: BACKOFFICE_TEST_PG is not set; the "
		       "server tests skipped (run under "
		       "tests/support/with_pg.sh)\n");
		return failed;
	}
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(create_open_destroy),
	    T(a_store_is_created_whole_or_not_at_all),
	    T(a_foreign_schema_is_refused_untouched),
	    T(a_newer_store_is_refused_untouched),
	    T(migrations_are_applied_once),
	    T(events_are_append_only),
	    T(a_held_lock_makes_begin_busy),
	    T(nested_levels_are_savepoints),
	    T(a_commit_elsewhere_moves_data_version),
	    T(appends_conflict_on_version_and_event_id),
	    T(a_restored_product_id_is_never_handed_out_again),
	    T(a_shadow_rewrite_out_of_memory_fails),
	    T(a_failed_pipelined_write_fails_the_commit),
	    T(user_add_creates_logins_in_their_groups),
	    T(a_manager_login_cannot_write_any_table),
	    T(a_support_login_cannot_write_products),
	    T(the_owner_acts_for_staff_and_is_recorded),
	    T(a_login_of_one_store_is_refused_in_another),
	    T(an_old_store_moves_to_its_own_groups),
	    T(an_owner_without_createrole_needs_the_groups_made),
	    cmocka_unit_test(connection_failures_say_why_in_one_line),
#undef T
	};
	return failed |
	       cmocka_run_group_tests_name("postgres", tests, NULL, NULL);
}
