/* The durable limit: the services' events/s against plain SQLite writing the same rows with the same durability, in one run. */
/*
 * Run with `make bench-durable` (BENCH_N orders per run, BENCH_ROUNDS
 * rounds), or directly:
 *   build/tests/bench/bench_durable [--orders N] [--rounds R] [--dir DIR]
 *                                   [--only baseline|services|appends]
 *                                   [--keep]
 * Defaults: 2000 orders, 7 rounds (about a minute on a VM's disk).
 * Every run places and pays N orders (2 lines: one product with tracked
 * stock, so paying also runs the low-stock reactor, and one without) on a
 * fresh store made by the real adapter (bo_sqlite_create, the CLI's init),
 * in DIR (default $TMPDIR or /tmp), and times only the loop:
 *   baseline  the plain sqlite3 C API: the rows one `order place` and one
 *             `order pay` leave behind (3 events with their JSON, the order
 *             list, timeline and report rows, the stock, the checkpoints),
 *             one BEGIN IMMEDIATE ... COMMIT per command, prepared
 *             statements reused, the adapter's pragmas (WAL,
 *             synchronous=FULL, cache size, foreign keys, defensive);
 *   services  bo_app_order_place and bo_app_order_pay in-process over the
 *             SQLite adapter, composed as the CLI composes them;
 *   appends   the same events through bo_event_store_append alone, one
 *             transaction per command (the port's cost without the rest).
 * The three alternate in every round, each round in a rotated order, so
 * the machine's noise falls on all of them. After a round the baseline's
 * store is compared with the services' (row counts of every table, and
 * the content of every row but ids and times): a difference fails the run,
 * so the baseline cannot drift from what the services really write.
 * Prints events/s per run, services/baseline and appends/baseline per
 * round, and their medians. Exit 0, 1 on a failure (the message says
 * why), 2 on bad usage.
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/order.h"
#include "domain/text.h"

#define USER "bench"
#define EVENTS_PER_ORDER 3   /* OrderPlaced, PaymentReceived, ProductUpdated */
#define COMMANDS_PER_ORDER 2 /* place, pay */
#define START_STOCK 10000000 /* far from the low-stock threshold */
#define MAX_ROUNDS 100

/* The order every run places: its lines and the figures the domain gives
 * them (the comparison after each round checks these). */
#define ORDER_TOTAL 5230 /* 1 x 12.50 + 2 x 19.90 */
#define ORDER_TAX 871    /* 20 % inside each line: 208 + 663 */
#define ORDER_ITEMS 3
#define ORDER_PAY "52.30"

typedef enum { RUN_BASELINE, RUN_SERVICES, RUN_APPENDS, RUN__COUNT } run_kind;

static const char *const run_names[RUN__COUNT] = {"baseline", "services",
						  "appends"};

typedef struct bench_opts {
	int64_t orders;
	int rounds;
	const char *dir;
	int only; /* a run_kind, or -1 for all */
	bool keep;
} bench_opts;

typedef struct run_result {
	double wall_s;
	double cpu_s;
	int64_t events;
	int64_t commits; /* outermost commits the run made */
} run_result;

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* ---- the stores ------------------------------------------------------------ */

static int fill_store(bo_ports *ports, void *ctx, bo_err *err)
{
	const bo_clock *clock = ctx;
	bo_init_options opt = {NULL, NULL, USER, NULL};

	return bo_app_init_store(ports, clock, &opt, err);
}

/* A fresh store at path as `backoffice init` makes it, with the two
 * products every order buys, added through the services. */
static int make_store(const char *path, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_product_edit mug = {.sku = "MUG-1",
			       .name = "Blue mug",
			       .price = "12.50",
			       .tax_rate = "20",
			       .stock = "10000000"};
	bo_product_edit tee = {
	    .sku = "TEE-2", .name = "Tee shirt", .price = "19.90", .tax_rate = "20"};
	bo_ports ports;
	bo_app app;
	int rc;

	if ((rc = bo_sqlite_create(path, fill_store, &clock, err)) < 0 ||
	    (rc = bo_sqlite_open(&ports, path, BO_SQLITE_OPEN, err)) < 0)
		return rc;
	if ((rc = bo_app_open(&app, &ports, &clock, &ids, USER, err)) < 0)
		goto close_ports;
	/* as the CLI starts a write command: the projectors' versions set */
	if ((rc = bo_app_projections_check(&app, NULL, NULL, NULL, err)) == 0 &&
	    (rc = bo_app_product_add(&app, &mug, NULL, err)) == 0)
		rc = bo_app_product_add(&app, &tee, NULL, err);
	bo_app_close(&app);
close_ports:
	bo_ports_close(&ports);
	return rc;
}

static void remove_store(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char name[4096];

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		if (snprintf(name, sizeof(name), "%s%s", path, sides[i]) <
		    (int)sizeof(name))
			unlink(name);
	}
}

/* ---- services: the application, composed as the CLI composes it ----------- */

static int run_services(const char *path, int64_t n, run_result *r, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_store_tally tally = {0};
	bo_line_request lines[] = {{"MUG-1", 1}, {"TEE-2", 2}};
	char email[64], name[64];
	bo_ports ports;
	bo_app app;
	double t0, c0;
	int rc;

	if ((rc = bo_sqlite_open(&ports, path, BO_SQLITE_OPEN, err)) < 0)
		return rc;
	if ((rc = bo_app_open(&app, &ports, &clock, &ids, USER, err)) < 0)
		goto close_ports;
	if ((rc = bo_app_projections_check(&app, NULL, NULL, NULL, err)) < 0)
		goto close_app;
	ports.store.tally = &tally;
	t0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (int64_t i = 1; i <= n; i++) {
		int64_t id = 0;

		snprintf(email, sizeof(email),
			 "customer%" PRId64 "@example.com", i);
		snprintf(name, sizeof(name), "Customer %" PRId64, i);
		if ((rc = bo_app_order_place(&app, email, name, lines, 2, &id,
					     err)) < 0 ||
		    (rc = bo_app_order_pay(&app, id, ORDER_PAY, err)) < 0)
			goto close_app;
		/* a failed reactor or catch-up would do less than the
		 * baseline: not a fair figure */
		if (app.reactor_err.code || app.follow_err.code) {
			rc = bo_err_set(
			    err, BO_ESTORAGE, "order %" PRId64 ": %s", id,
			    app.reactor_err.code ? app.reactor_err.msg
						 : app.follow_err.msg);
			goto close_app;
		}
	}
	r->wall_s = clock_s(CLOCK_MONOTONIC) - t0;
	r->cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	r->events = n * EVENTS_PER_ORDER;
	r->commits = tally.commits;
close_app:
	ports.store.tally = NULL;
	bo_app_close(&app);
close_ports:
	bo_ports_close(&ports);
	return rc;
}

/* ---- appends: the event store port alone ------------------------------------ */

typedef struct stamper {
	bo_ids ids;
	char correlation[BO_UUID_LEN + 1];
} stamper;

/* The envelope the services give an event (see bo_app_stamp); by the
 * system, caused by event cause, when cause is not NULL. */
static int stamp(stamper *s, bo_event *e, int64_t now, const char *cause)
{
	char id[BO_UUID_LEN + 1];

	bo_ids_uuid(&s->ids, id);
	e->recorded_at = now;
	if (!e->type_name)
		e->type_name = bo_strdup(bo_event_kind_name(e->kind));
	if (!e->schema_version)
		e->schema_version = bo_event_kind_schema(e->kind);
	e->event_id = bo_strdup(id);
	e->meta.user = bo_strdup(cause ? "system" : USER);
	e->meta.role = bo_strdup("admin");
	e->meta.tenant = bo_strdup("default");
	e->meta.correlation_id = bo_strdup(s->correlation);
	e->meta.causation_id = bo_strdup(cause ? cause : s->correlation);
	return e->type_name && e->event_id && e->meta.user && e->meta.role &&
		       e->meta.tenant && e->meta.correlation_id &&
		       e->meta.causation_id
		   ? BO_OK
		   : BO_ENOMEM;
}

/* Appends e to stream at expected (the store rewrites e->stream). */
static int append(bo_ports *ports, const char *stream, int64_t expected,
		  bo_event *e, bo_err *err)
{
	char name[48];

	snprintf(name, sizeof(name), "%s", stream);
	return bo_event_store_append(&ports->events, name, expected, e, 1, err);
}

/* One order's two commands as appends: OrderPlaced in a transaction, then
 * PaymentReceived and the stock's ProductUpdated in another. */
static int append_order(bo_ports *ports, stamper *s, int64_t id,
			bo_product *mug, const bo_product *tee, bo_err *err)
{
	bo_order_place_line req[] = {{mug, "MUG-1", 1}, {tee, "TEE-2", 2}};
	bo_event placed = {0}, paid = {0}, stock = {0};
	bo_order o = {0};
	char email[64], name[64], stream[32];
	int64_t now = now_ms();
	int rc;

	snprintf(email, sizeof(email), "customer%" PRId64 "@example.com", id);
	snprintf(name, sizeof(name), "Customer %" PRId64, id);
	snprintf(stream, sizeof(stream), "order-%" PRId64, id);
	if ((rc = bo_order_decide_place(&placed, id, "EUR", email, name, req, 2,
					err)) < 0)
		goto done;
	if (stamp(s, &placed, now, NULL) < 0) {
		rc = nomem(err);
		goto done;
	}
	if ((rc = bo_store_begin(&ports->store, err)) < 0)
		goto done;
	if ((rc = append(ports, stream, 0, &placed, err)) < 0 ||
	    (rc = bo_store_commit(&ports->store, err)) < 0) {
		bo_store_rollback(&ports->store);
		goto done;
	}
	now = now_ms();
	if ((rc = bo_order_apply(&o, &placed)) < 0 ||
	    (rc = bo_order_decide_pay(&paid, &o, ORDER_TOTAL, err)) < 0)
		goto done;
	mug->stock -= 1;
	mug->row_version += 1;
	mug->updated_at = now;
	stock.kind = BO_EV_PRODUCT_UPDATED;
	if (stamp(s, &paid, now, NULL) < 0 ||
	    bo_product_copy(&stock.product, mug) < 0 ||
	    stamp(s, &stock, now, paid.event_id) < 0) {
		rc = nomem(err);
		goto done;
	}
	if ((rc = bo_store_begin(&ports->store, err)) < 0)
		goto done;
	if ((rc = append(ports, stream, 1, &paid, err)) < 0 ||
	    (rc = append(ports, "product-1", mug->row_version - 1, &stock,
			 err)) < 0 ||
	    (rc = bo_store_commit(&ports->store, err)) < 0)
		bo_store_rollback(&ports->store);
done:
	bo_order_clear(&o);
	bo_event_clear(&placed);
	bo_event_clear(&paid);
	bo_event_clear(&stock);
	return rc;
}

static int run_appends(const char *path, int64_t n, run_result *r, bo_err *err)
{
	bo_store_tally tally = {0};
	bo_product mug = {0}, tee = {0};
	stamper s = {bo_sys_ids(), {0}};
	bo_ports ports;
	double t0, c0;
	int rc;

	if ((rc = bo_sqlite_open(&ports, path, BO_SQLITE_OPEN, err)) < 0)
		return rc;
	if ((rc = bo_product_repo_get_by_sku(&ports.products, "MUG-1", &mug,
					     err)) < 0 ||
	    (rc = bo_product_repo_get_by_sku(&ports.products, "TEE-2", &tee,
					     err)) < 0)
		goto done;
	bo_ids_uuid(&s.ids, s.correlation);
	ports.store.tally = &tally;
	t0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (int64_t i = 1; i <= n; i++)
		if ((rc = append_order(&ports, &s, i, &mug, &tee, err)) < 0)
			goto done;
	r->wall_s = clock_s(CLOCK_MONOTONIC) - t0;
	r->cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	r->events = n * EVENTS_PER_ORDER;
	r->commits = tally.commits;
done:
	ports.store.tally = NULL;
	bo_product_clear(&mug);
	bo_product_clear(&tee);
	bo_ports_close(&ports);
	return rc;
}

/* ---- baseline: plain SQLite ---------------------------------------------------- */

enum {
	Q_BEGIN,
	Q_COMMIT,
	Q_SEQUENCE,
	Q_EVENT,
	Q_LIST_INSERT,
	Q_LIST_PAID,
	Q_TIMELINE,
	Q_REPORT_ORDER,
	Q_REPORT_PAID,
	Q_REPORT_LINE,
	Q_DAY_PLACED,
	Q_DAY_PAID,
	Q_DAY_PRODUCT,
	Q_PRODUCT_STOCK,
	Q_CATALOG_STOCK,
	Q_HANDLED,
	Q_PROJECTOR,
	Q_REACTOR,
	Q__COUNT
};

/* What the services' adapter writes for the two commands, row by row. */
static const char *const baseline_sql[Q__COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_SEQUENCE] = "INSERT INTO sequences (name, value) VALUES ('order', ?) "
		   "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    [Q_EVENT] = "INSERT INTO events (event_id, stream, version, type, "
		"schema_version, recorded_at, metadata, payload) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_LIST_INSERT] = "INSERT INTO order_list VALUES (?, 1, 'placed', 'EUR', "
		      "?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)",
    [Q_LIST_PAID] = "UPDATE order_list SET version = 2, status = 'paid', "
		    "paid = ?, updated_at = ? WHERE id = ?",
    [Q_TIMELINE] = "INSERT INTO order_timeline VALUES (?, ?, ?, ?, ?, ?, "
		   "'admin', ?, ?)",
    [Q_REPORT_ORDER] = "INSERT INTO report_orders VALUES (?, ?, ?, 0, 0, "
		       "'placed', ?, 0, 0, 0)",
    [Q_REPORT_PAID] = "UPDATE report_orders SET paid = ?, status = 'paid', "
		      "paid_at = ? WHERE id = ?",
    [Q_REPORT_LINE] = "INSERT INTO report_lines VALUES (?, ?, ?, ?, ?, ?)",
    [Q_DAY_PLACED] = "INSERT INTO report_days VALUES (?, 1, ?, 0, 0, 0, 0, "
		     "0, 0, 0, 0) ON CONFLICT (day) DO UPDATE SET "
		     "orders_placed = orders_placed + 1, "
		     "placed_value = placed_value + excluded.placed_value",
    [Q_DAY_PAID] = "INSERT INTO report_days VALUES (?, 0, 0, 1, 1, 0, 0, ?, "
		   "?, 0, 0) ON CONFLICT (day) DO UPDATE SET "
		   "orders_paid = orders_paid + 1, payments = payments + 1, "
		   "gross = gross + excluded.gross, tax = tax + excluded.tax",
    [Q_DAY_PRODUCT] = "INSERT INTO report_products VALUES (?, ?, ?, ?, ?, 0) "
		      "ON CONFLICT (day, sku) DO UPDATE SET "
		      "units = units + excluded.units, "
		      "revenue = revenue + excluded.revenue",
    [Q_PRODUCT_STOCK] = "UPDATE products SET stock = ?, row_version = ?, "
			"updated_at = ? WHERE id = 1",
    [Q_CATALOG_STOCK] = "UPDATE catalog SET stock = ?, row_version = ?, "
			"updated_at = ? WHERE product_id = 1",
    [Q_HANDLED] = "INSERT INTO reactor_handled VALUES ('low_stock', ?)",
    [Q_PROJECTOR] = "UPDATE projector_state SET checkpoint = ? "
		    "WHERE name IN ('orders', 'reports')",
    [Q_REACTOR] = "UPDATE reactor_state SET checkpoint = ? "
		  "WHERE name = 'low_stock'",
};

typedef struct baseline {
	sqlite3 *db;
	sqlite3_stmt *q[Q__COUNT];
	bo_ids ids;
	char correlation[BO_UUID_LEN + 1];
	char user_meta[256]; /* the metadata of the user's events */
	int64_t created_at;  /* MUG-1's */
	int64_t stock, row_version;
	bo_err *err;
} baseline;

static int sq_fail(baseline *b, const char *doing)
{
	return bo_err_set(b->err, BO_ESTORAGE, "baseline: %s: %s", doing,
			  sqlite3_errmsg(b->db));
}

/* Binds the values described by fmt ('i' int64, 't' text) and steps. */
static int run(baseline *b, int which, const char *fmt, ...)
{
	sqlite3_stmt *st = b->q[which];
	va_list ap;
	int rc, col = 1;

	va_start(ap, fmt);
	for (const char *f = fmt; *f; f++, col++)
		if (*f == 'i')
			sqlite3_bind_int64(st, col, va_arg(ap, int64_t));
		else
			sqlite3_bind_text(st, col, va_arg(ap, const char *), -1,
					  SQLITE_STATIC);
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(b, baseline_sql[which]);
}

/* The connection as the adapter configures its own (sqlite_store.c). */
static int baseline_open(baseline *b, const char *path)
{
	static const char *const pragmas[] = {
	    "PRAGMA trusted_schema = OFF", "PRAGMA foreign_keys = ON",
	    "PRAGMA journal_mode = WAL", "PRAGMA cache_size = -65536",
	    "PRAGMA synchronous = FULL"};
	sqlite3_stmt *st = NULL;
	int on = 1, rc;

	rc = sqlite3_open_v2(path, &b->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		return sq_fail(b, "opening the store");
	sqlite3_extended_result_codes(b->db, 1);
	sqlite3_busy_timeout(b->db, 1000);
	sqlite3_db_config(b->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
	for (size_t i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++)
		if (sqlite3_exec(b->db, pragmas[i], NULL, NULL, NULL) !=
		    SQLITE_OK)
			return sq_fail(b, pragmas[i]);
	for (int i = 0; i < Q__COUNT; i++)
		if (sqlite3_prepare_v3(b->db, baseline_sql[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &b->q[i],
				       NULL) != SQLITE_OK)
			return sq_fail(b, baseline_sql[i]);
	/* what the store holds of the tracked product (not timed) */
	rc = sqlite3_prepare_v2(b->db,
				"SELECT created_at, stock, row_version FROM "
				"products WHERE id = 1",
				-1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->created_at = sqlite3_column_int64(st, 0);
		b->stock = sqlite3_column_int64(st, 1);
		b->row_version = sqlite3_column_int64(st, 2);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : sq_fail(b, "reading product 1");
}

static void baseline_close(baseline *b)
{
	for (int i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(b->q[i]);
	sqlite3_close_v2(b->db);
}

/* ISO 8601 UTC with milliseconds, as the codec writes times. */
static void iso_time(char out[32], int64_t ms)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	char day[24];

	gmtime_r(&s, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%s.%03dZ", day, (int)(ms % 1000));
}

static int baseline_event(baseline *b, const char *id, const char *stream,
			  int64_t version, const char *type, int64_t schema,
			  int64_t at, const char *meta, const char *payload,
			  int64_t *position)
{
	int rc = run(b, Q_EVENT, "ttitiitt", id, stream, version, type, schema,
		     at, meta, payload);

	*position = sqlite3_last_insert_rowid(b->db);
	return rc;
}

/* `order place` of order id: one durable transaction. */
static int baseline_place(baseline *b, int64_t id)
{
	char eid[BO_UUID_LEN + 1], email[64], name[64], stream[32];
	char payload[640], summary[160];
	int64_t at = now_ms(), day = at / 86400000, pos;
	int rc;

	bo_ids_uuid(&b->ids, eid);
	snprintf(email, sizeof(email), "customer%" PRId64 "@example.com", id);
	snprintf(name, sizeof(name), "Customer %" PRId64, id);
	snprintf(stream, sizeof(stream), "order-%" PRId64, id);
	snprintf(payload, sizeof(payload),
		 "{\"order_id\":%" PRId64 ",\"currency\":\"EUR\","
		 "\"customer_email\":\"%s\",\"customer_name\":\"%s\","
		 "\"lines\":[{\"product_id\":1,\"sku\":\"MUG-1\","
		 "\"name\":\"Blue mug\",\"unit_price\":\"1250\","
		 "\"tax_bp\":2000,\"quantity\":1},{\"product_id\":2,"
		 "\"sku\":\"TEE-2\",\"name\":\"Tee shirt\","
		 "\"unit_price\":\"1990\",\"tax_bp\":2000,\"quantity\":2}]}",
		 id, email, name);
	snprintf(summary, sizeof(summary),
		 "placed 3 items (2 lines), total 52.30 EUR, for %s", email);
	if ((rc = run(b, Q_BEGIN, "")) < 0)
		return rc;
	if ((rc = run(b, Q_SEQUENCE, "i", id)) < 0 ||
	    (rc = baseline_event(b, eid, stream, 1, "OrderPlaced", 2, at,
				 b->user_meta, payload, &pos)) < 0 ||
	    (rc = run(b, Q_LIST_INSERT, "ittiiiii", id, email, name,
		      (int64_t)ORDER_ITEMS, (int64_t)ORDER_TOTAL,
		      (int64_t)ORDER_TAX, at, at)) < 0 ||
	    (rc = run(b, Q_TIMELINE, "iiiitttt", id, (int64_t)1, pos, at, eid,
		      USER, "OrderPlaced", summary)) < 0 ||
	    (rc = run(b, Q_REPORT_ORDER, "iiii", id, (int64_t)ORDER_TOTAL,
		      (int64_t)ORDER_TAX, at)) < 0 ||
	    (rc = run(b, Q_REPORT_LINE, "iittii", id, (int64_t)0, "MUG-1",
		      "Blue mug", (int64_t)1, (int64_t)1250)) < 0 ||
	    (rc = run(b, Q_REPORT_LINE, "iittii", id, (int64_t)1, "TEE-2",
		      "Tee shirt", (int64_t)2, (int64_t)3980)) < 0 ||
	    (rc = run(b, Q_DAY_PLACED, "ii", day, (int64_t)ORDER_TOTAL)) < 0 ||
	    (rc = run(b, Q_PROJECTOR, "i", pos)) < 0 ||
	    (rc = run(b, Q_REACTOR, "i", pos)) < 0 ||
	    (rc = run(b, Q_COMMIT, "")) < 0)
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* `order pay` of order id, the low-stock reactor's stock update inside:
 * one durable transaction. */
static int baseline_pay(baseline *b, int64_t id)
{
	char eid[BO_UUID_LEN + 1], sid[BO_UUID_LEN + 1], stream[32];
	char payload[96], sys_meta[256], product[512], created[32], updated[32];
	int64_t at = now_ms(), day = at / 86400000, pos, spos;
	int rc;

	bo_ids_uuid(&b->ids, eid);
	bo_ids_uuid(&b->ids, sid);
	snprintf(stream, sizeof(stream), "order-%" PRId64, id);
	snprintf(payload, sizeof(payload),
		 "{\"order_id\":%" PRId64 ",\"amount\":\"%d\"}", id,
		 ORDER_TOTAL);
	snprintf(sys_meta, sizeof(sys_meta),
		 "{\"user\":\"system\",\"role\":\"admin\",\"tenant\":"
		 "\"default\",\"correlation_id\":\"%s\",\"causation_id\":"
		 "\"%s\"}",
		 b->correlation, eid);
	b->stock -= 1;
	b->row_version += 1;
	iso_time(created, b->created_at);
	iso_time(updated, at);
	snprintf(product, sizeof(product),
		 "{\"product\":{\"id\":1,\"sku\":\"MUG-1\",\"name\":"
		 "\"Blue mug\",\"description\":\"\",\"price\":\"1250\","
		 "\"tax_bp\":2000,\"stock\":%" PRId64 ",\"retired\":false,"
		 "\"row_version\":%" PRId64 ",\"created_at\":\"%s\","
		 "\"updated_at\":\"%s\"}}",
		 b->stock, b->row_version, created, updated);
	if ((rc = run(b, Q_BEGIN, "")) < 0)
		return rc;
	if ((rc = baseline_event(b, eid, stream, 2, "PaymentReceived", 1, at,
				 b->user_meta, payload, &pos)) < 0 ||
	    (rc = run(b, Q_LIST_PAID, "iii", (int64_t)ORDER_TOTAL, at, id)) <
		0 ||
	    (rc = run(b, Q_TIMELINE, "iiiitttt", id, (int64_t)2, pos, at, eid,
		      USER, "PaymentReceived",
		      "payment of 52.30 EUR received")) < 0 ||
	    (rc = run(b, Q_REPORT_PAID, "iii", (int64_t)ORDER_TOTAL, at, id)) <
		0 ||
	    (rc = run(b, Q_DAY_PAID, "iii", day, (int64_t)ORDER_TOTAL,
		      (int64_t)ORDER_TAX)) < 0 ||
	    (rc = run(b, Q_DAY_PRODUCT, "ittii", day, "MUG-1", "Blue mug",
		      (int64_t)1, (int64_t)1250)) < 0 ||
	    (rc = run(b, Q_DAY_PRODUCT, "ittii", day, "TEE-2", "Tee shirt",
		      (int64_t)2, (int64_t)3980)) < 0 ||
	    (rc = run(b, Q_PRODUCT_STOCK, "iii", b->stock, b->row_version,
		      at)) < 0 ||
	    (rc = baseline_event(b, sid, "product-1", b->row_version,
				 "ProductUpdated", 1, at, sys_meta, product,
				 &spos)) < 0 ||
	    (rc = run(b, Q_CATALOG_STOCK, "iii", b->stock, b->row_version,
		      at)) < 0 ||
	    (rc = run(b, Q_HANDLED, "t", eid)) < 0 ||
	    (rc = run(b, Q_PROJECTOR, "i", spos)) < 0 ||
	    (rc = run(b, Q_REACTOR, "i", spos)) < 0 ||
	    (rc = run(b, Q_COMMIT, "")) < 0)
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int run_baseline(const char *path, int64_t n, run_result *r, bo_err *err)
{
	baseline b = {.ids = bo_sys_ids(), .err = err};
	double t0, c0;
	int rc;

	if ((rc = baseline_open(&b, path)) < 0)
		goto done;
	bo_ids_uuid(&b.ids, b.correlation);
	snprintf(b.user_meta, sizeof(b.user_meta),
		 "{\"user\":\"" USER "\",\"role\":\"admin\",\"tenant\":"
		 "\"default\",\"correlation_id\":\"%s\",\"causation_id\":"
		 "\"%s\"}",
		 b.correlation, b.correlation);
	t0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (int64_t i = 1; i <= n; i++)
		if ((rc = baseline_place(&b, i)) < 0 ||
		    (rc = baseline_pay(&b, i)) < 0)
			goto done;
	r->wall_s = clock_s(CLOCK_MONOTONIC) - t0;
	r->cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	r->events = n * EVENTS_PER_ORDER;
	r->commits = n * COMMANDS_PER_ORDER;
done:
	baseline_close(&b);
	return rc;
}

/* ---- the same rows? ------------------------------------------------------------ */

/* Every row of a table but its ids and times (random or clock-bound). */
static const struct {
	const char *table, *sql;
} compared[] = {
    {"events",
     "SELECT position, stream, version, type, schema_version, "
     "length(metadata), CASE WHEN type LIKE 'Product%' THEN "
     "length(payload) ELSE payload END FROM events ORDER BY position"},
    {"order_list", "SELECT id, version, status, currency, customer_email, "
		   "customer_name, items, total, tax, paid, refunded, "
		   "payment_failures, notes FROM order_list ORDER BY id"},
    {"order_timeline", "SELECT order_id, version, position, user, role, "
		       "type, summary FROM order_timeline "
		       "ORDER BY order_id, version"},
    {"report_orders", "SELECT id, total, tax, paid, refunded, status, "
		      "placed_at > 0, paid_at > 0, shipped_at, delivered_at "
		      "FROM report_orders ORDER BY id"},
    {"report_lines", "SELECT * FROM report_lines ORDER BY order_id, line_no"},
    {"report_days", "SELECT orders_placed, placed_value, orders_paid, "
		    "payments, payment_failures, cancellations, gross, tax, "
		    "refunds, refund_tax FROM report_days ORDER BY day"},
    {"report_products", "SELECT sku, name, units, revenue, refunds FROM "
			"report_products ORDER BY day, sku"},
    {"products", "SELECT id, sku, name, description, price, tax_bp, stock, "
		 "retired, row_version FROM products ORDER BY id"},
    {"catalog", "SELECT product_id, sku, name, description, price, tax_bp, "
		"stock, retired, row_version FROM catalog ORDER BY product_id"},
    {"sequences", "SELECT * FROM sequences ORDER BY name"},
    {"projector_state", "SELECT * FROM projector_state ORDER BY name"},
    {"reactor_state", "SELECT * FROM reactor_state ORDER BY name"},
};

/* FNV-1a over every value of every row sql returns; *rows counts them. */
static int digest(sqlite3 *db, const char *sql, uint64_t *out, int64_t *rows)
{
	sqlite3_stmt *st = NULL;
	uint64_t h = 14695981039346656037u;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	*rows = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *v = sqlite3_column_text(st, c);

			for (; v && *v; v++)
				h = (h ^ *v) * 1099511628211u;
			h = (h ^ 0x1f) * 1099511628211u; /* separator */
		}
		(*rows)++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	*out = h;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* 0 when the two stores hold the same rows (see compared[]) and the same
 * number of rows in every table; otherwise err names the first table that
 * differs. */
static int same_rows(const char *a, const char *b, bo_err *err)
{
	sqlite3 *da = NULL, *db = NULL;
	sqlite3_stmt *tables = NULL;
	int rc = BO_ESTORAGE;

	if (sqlite3_open_v2(a, &da, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(b, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		bo_err_set(err, rc, "cannot open the stores to compare them");
		goto done;
	}
	for (size_t i = 0; i < sizeof(compared) / sizeof(compared[0]); i++) {
		uint64_t ha, hb;
		int64_t na, nb;

		if (digest(da, compared[i].sql, &ha, &na) < 0 ||
		    digest(db, compared[i].sql, &hb, &nb) < 0) {
			bo_err_set(err, rc, "cannot read table %s: %s",
				   compared[i].table, sqlite3_errmsg(da));
			goto done;
		}
		if (ha != hb || na != nb) {
			bo_err_set(err, rc,
				   "table %s differs: %" PRId64 " rows in "
				   "the baseline's store, %" PRId64
				   " in the services'",
				   compared[i].table, na, nb);
			goto done;
		}
	}
	/* a table the services write that the baseline does not know of */
	if (sqlite3_prepare_v2(db,
			       "SELECT name FROM sqlite_master WHERE type = "
			       "'table' ORDER BY name",
			       -1, &tables, NULL) != SQLITE_OK) {
		bo_err_set(err, rc, "cannot list the tables");
		goto done;
	}
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char sql[256];
		uint64_t ha, hb;
		int64_t na, nb;

		snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\"", t);
		if (digest(da, sql, &ha, &na) < 0 ||
		    digest(db, sql, &hb, &nb) < 0 || na != nb) {
			bo_err_set(err, rc,
				   "table %s: %" PRId64 " rows in the "
				   "baseline's store, %" PRId64
				   " in the services'",
				   t, na, nb);
			goto done;
		}
	}
	rc = 0;
done:
	sqlite3_finalize(tables);
	sqlite3_close_v2(da);
	sqlite3_close_v2(db);
	return rc;
}

/* ---- the rounds ------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, (size_t)n * sizeof(*v));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double lowest(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static double highest(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

static int run_one(run_kind k, const char *path, int64_t n, run_result *r,
		   bo_err *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = make_store(path, err)) < 0)
		return rc;
	switch (k) {
	case RUN_BASELINE:
		return run_baseline(path, n, r, err);
	case RUN_SERVICES:
		return run_services(path, n, r, err);
	case RUN_APPENDS:
	case RUN__COUNT:
		break;
	}
	return run_appends(path, n, r, err);
}

static int parse_count(const char *s, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bench_durable [--orders N] [--rounds R (1 to %d)] "
		"[--dir DIR] [--only baseline|services|appends] [--keep]\n",
		MAX_ROUNDS);
	return 2;
}

static int parse_args(bench_opts *o, int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	int64_t v;

	o->orders = 2000;
	o->rounds = 7;
	o->dir = tmp && *tmp ? tmp : "/tmp";
	o->only = -1;
	o->keep = false;
	for (int i = 1; i < argc; i++) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--keep") == 0) {
			o->keep = true;
			continue;
		}
		if (!val)
			return -1;
		i++;
		if (strcmp(argv[i - 1], "--orders") == 0) {
			if (parse_count(val, 10000000, &o->orders) < 0)
				return -1;
		} else if (strcmp(argv[i - 1], "--rounds") == 0) {
			if (parse_count(val, MAX_ROUNDS, &v) < 0)
				return -1;
			o->rounds = (int)v;
		} else if (strcmp(argv[i - 1], "--dir") == 0) {
			o->dir = val;
		} else if (strcmp(argv[i - 1], "--only") == 0) {
			for (int k = 0; k < RUN__COUNT; k++)
				if (strcmp(val, run_names[k]) == 0)
					o->only = k;
			if (o->only < 0)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	double rate[RUN__COUNT][MAX_ROUNDS] = {{0}};
	double ratio[RUN__COUNT][MAX_ROUNDS] = {{0}};
	double cpu_ms[RUN__COUNT] = {0}, commits[RUN__COUNT] = {0};
	char dir[4096], path[RUN__COUNT][4200];
	bench_opts o;
	bo_err err;
	int rc = 1;

	if (parse_args(&o, argc, argv) < 0)
		return usage();
	bo_err_clear(&err);
	snprintf(dir, sizeof(dir), "%s/backoffice-bench-durable.XXXXXX", o.dir);
	if (!mkdtemp(dir)) {
		fprintf(stderr,
			"bench_durable: cannot create a directory in "
			"%s\n",
			o.dir);
		return 1;
	}
	printf("bench-durable: %" PRId64 " orders per run (place + pay: "
	       "%" PRId64 " commands, %" PRId64 " events), %d rounds, "
	       "stores in %s\n",
	       o.orders, o.orders * COMMANDS_PER_ORDER,
	       o.orders * EVENTS_PER_ORDER, o.rounds, dir);
	printf("each store: WAL, synchronous=FULL, one durable commit per "
	       "command; events/s by wall time\n");
	for (int r = 0; r < o.rounds; r++) {
		run_result res[RUN__COUNT];

		memset(res, 0, sizeof(res));
		for (int j = 0; j < RUN__COUNT; j++) {
			run_kind k = (run_kind)((r + j) % RUN__COUNT);

			snprintf(path[k], sizeof(path[k]), "%s/r%d-%s.db", dir,
				 r + 1, run_names[k]);
			if (o.only >= 0 && (int)k != o.only)
				continue;
			if (run_one(k, path[k], o.orders, &res[k], &err) < 0) {
				fflush(stdout);
				fprintf(stderr, "bench_durable: %s: %s\n",
					run_names[k], err.msg);
				goto done;
			}
			rate[k][r] = (double)res[k].events / res[k].wall_s;
			cpu_ms[k] += res[k].cpu_s * 1e3 /
				     (double)(o.orders * COMMANDS_PER_ORDER);
			commits[k] += (double)res[k].commits /
				      (double)(o.orders * COMMANDS_PER_ORDER);
		}
		if (o.only < 0 && same_rows(path[RUN_BASELINE],
					    path[RUN_SERVICES], &err) < 0) {
			fflush(stdout);
			fprintf(stderr,
				"bench_durable: the baseline does not write "
				"what the services write: %s\n",
				err.msg);
			goto done;
		}
		printf("round %d:", r + 1);
		for (int k = 0; k < RUN__COUNT; k++)
			if (o.only < 0 || k == o.only)
				printf(" %s %.0f", run_names[k], rate[k][r]);
		printf(" events/s");
		if (o.only < 0) {
			for (int k = RUN_SERVICES; k < RUN__COUNT; k++)
				ratio[k][r] =
				    rate[k][r] / rate[RUN_BASELINE][r];
			printf("; services/baseline %.2f, appends/baseline "
			       "%.2f",
			       ratio[RUN_SERVICES][r], ratio[RUN_APPENDS][r]);
		}
		printf("\n");
		fflush(stdout);
		for (int k = 0; k < RUN__COUNT && !o.keep; k++)
			remove_store(path[k]);
	}
	printf("median:");
	for (int k = 0; k < RUN__COUNT; k++)
		if (o.only < 0 || k == o.only)
			printf(" %s %.0f", run_names[k],
			       median(rate[k], o.rounds));
	printf(" events/s");
	if (o.only < 0)
		printf("; services/baseline %.2f (rounds %.2f to %.2f), "
		       "appends/baseline %.2f (%.2f to %.2f)",
		       median(ratio[RUN_SERVICES], o.rounds),
		       lowest(ratio[RUN_SERVICES], o.rounds),
		       highest(ratio[RUN_SERVICES], o.rounds),
		       median(ratio[RUN_APPENDS], o.rounds),
		       lowest(ratio[RUN_APPENDS], o.rounds),
		       highest(ratio[RUN_APPENDS], o.rounds));
	printf("\n");
	for (int k = 0; k < RUN__COUNT; k++)
		if (o.only < 0 || k == o.only)
			printf("%s: %.2f commits per command, %.3f ms CPU per "
			       "command\n",
			       run_names[k], commits[k] / o.rounds,
			       cpu_ms[k] / o.rounds);
	if (o.only < 0)
		printf("the baseline's store and the services' hold the same "
		       "rows after every round\n");
	rc = 0;
done:
	fflush(stdout);
	if (rc != 0)
		fprintf(stderr, "bench_durable: the stores are kept in %s\n",
			dir);
	else if (!o.keep)
		rmdir(dir);
	return rc;
}
