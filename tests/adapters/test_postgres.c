/* What only the PostgreSQL backend promises: URLs, safe opening, migrations, the append-only log, the store's lock, one-line connection failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "adapters/postgres/pg_conn.h"
#include "adapters/postgres/pg_internal.h"
#include "adapters/postgres/pg_migrations.h"
#include "adapters/postgres/pg_store.h"

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
	assert_string_equal(u.conninfo,
			    "postgresql://bob:s3cret@db:5433/shop?sslmode=require");
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
	assert_int_equal(bo_store_setting_set(&p.store, "tenant", "north", &err),
			 0);
	int64_t a, b;
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &a, &err),
			 0);
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &b, &err),
			 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(
	    bo_store_sequence_raise(&p.store, "order", 100, &err), 0);
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
				 "DELETE FROM %s.events",
				 "TRUNCATE %s.events"};
	for (size_t i = 0; i < 3; i++) {
		const char *verb = refused[i];
		size_t k = strcspn(verb, "%");
		snprintf(sql, sizeof sql, "%.*s%s%s", (int)k, verb, f->schema,
			 verb + k + 2);
		PGresult *r = PQexec(c, sql);
		assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
		assert_non_null(strstr(PQresultErrorMessage(r),
				       "events are append-only"));
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

int main(void)
{
	base_url = getenv("BACKOFFICE_TEST_PG");
	password = getenv("BACKOFFICE_TEST_PG_PASSWORD");
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
	    cmocka_unit_test(connection_failures_say_why_in_one_line),
#undef T
	};
	return failed | cmocka_run_group_tests_name("postgres", tests, NULL,
						    NULL);
}
