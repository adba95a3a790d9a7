/* The SQLite backend: safe opening, migrations, transactions, settings, sequences. */
#include "adapters/sqlite/sqlite_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/json/codec.h"
#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_internal.h"

/*
 * How long one statement waits for a lock another connection holds before it
 * gives up with BO_EBUSY. Short on purpose: a command that meets a busy store
 * is tried again as a whole (the command line tries BO_CLI_BUSY_TRIES times
 * with a jittered pause between, see cli.c), so the whole patience stays
 * about five seconds while each try starts from a fresh transaction that
 * sees what the other writer committed.
 */
#define BUSY_TIMEOUT_MS 1000
/* How often a waiting connection looks at the lock again. SQLite's own
 * handler sleeps longer and longer (up to 100 ms a try), so a writer that
 * has waited a while keeps missing the short moments an online rebuild
 * leaves free between its batches; a short steady poll takes the first. */
#define BUSY_POLL_MS 2

/*
 * The busy handler: sleeps and tries again until the connection's timeout
 * has passed since the first try. SQLite's lock keeps no queue: whoever
 * tries first after it is released gets it, so with several writers
 * waiting the one that came first could lose the race again and again.
 * The nap shrinks as the wait grows (BUSY_POLL_MS, then half, a quarter
 * and an eighth of it from 10, 30 and 60 ms on), so the writers that have
 * waited longest look most often and tend to go first. An online rebuild's
 * own transactions (relaxed) keep twice the first nap: they are the
 * longest and can wait.
 */
static int busy_poll(void *ctx, int tries)
{
	bo_sqlite *c = ctx;
	struct timespec now, nap = {0, BUSY_POLL_MS * 1000000L};
	int64_t waited_ms = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tries == 0)
		c->busy_since = now;
	else
		waited_ms =
		    (int64_t)(now.tv_sec - c->busy_since.tv_sec) * 1000 +
		    (now.tv_nsec - c->busy_since.tv_nsec) / 1000000;
	if (waited_ms >= c->busy_timeout_ms)
		return 0;
	if (c->relaxed)
		nap.tv_nsec *= 2;
	else if (waited_ms >= 60)
		nap.tv_nsec /= 8;
	else if (waited_ms >= 30)
		nap.tv_nsec /= 4;
	else if (waited_ms >= 10)
		nap.tv_nsec /= 2;
	nanosleep(&nap, NULL);
	return 1;
}

/* ---- helpers shared by every port file --------------------------------- */

int bo_sq_error(bo_sqlite *c, int rc, const char *doing, bo_err *err)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return bo_err_set(err, BO_EBUSY,
				  "the store is busy while %s; try again",
				  doing);
	case SQLITE_NOMEM:
		return bo_err_set(err, BO_ENOMEM, "out of memory while %s",
				  doing);
	default:
		return bo_err_set(
		    err, BO_ESTORAGE, "storage error while %s: %s", doing,
		    c && c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
	}
}

int bo_sq_acquire(bo_sqlite *c, bo_sq_slot slot, const char *sql,
		  sqlite3_stmt **out, bo_err *err)
{
	sqlite3_stmt *st = NULL, **cache = c->stmts;
	char *owned = NULL;
	int rc;

	*out = NULL;
	if (bo_sq_shadowed(c, slot))
		cache = c->shadow_stmts;
	if (c->busy[slot] || !cache[slot]) {
		if ((rc = bo_sq_shadow_sql(c, slot, sql, &sql, &owned, err)) <
		    0)
			return rc;
		rc = sqlite3_prepare_v3(
		    c->db, sql, -1,
		    c->busy[slot] ? 0 : SQLITE_PREPARE_PERSISTENT, &st, NULL);
		free(owned);
		if (rc != SQLITE_OK)
			return bo_sq_error(c, rc, "preparing a query", err);
		if (c->busy[slot]) {
			*out = st;
			return 0;
		}
		cache[slot] = st;
	}
	c->busy[slot] = true;
	*out = cache[slot];
	return 0;
}

void bo_sq_release(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (st != c->stmts[slot] && st != c->shadow_stmts[slot]) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	c->busy[slot] = false;
}

int bo_sq_exec(bo_sqlite *c, bo_sq_slot slot, const char *sql,
	       const char *doing, bo_err *err)
{
	sqlite3_stmt *st;
	int rc = bo_sq_acquire(c, slot, sql, &st, err);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		rc = 0;
	else
		rc = bo_sq_error(c, rc, doing, err);
	bo_sq_release(c, slot, st);
	return rc;
}

int bo_sq_run(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
	      const char *doing, bo_err *err)
{
	int rc = sqlite3_step(st);

	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, doing, err);
	bo_sq_release(c, slot, st);
	return rc;
}

int bo_sq_run_int64(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
		    int64_t *out, const char *doing, bo_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = bo_sq_error(c, rc, doing, err);
	}
	bo_sq_release(c, slot, st);
	return rc;
}

int bo_sq_need_tx(bo_sqlite *c, const char *what, bo_err *err)
{
	if (!sqlite3_get_autocommit(c->db))
		return 0;
	return bo_err_set(err, BO_ESTORAGE, "cannot %s outside a transaction",
			  what);
}

int bo_sq_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

int bo_sq_column_dup(char **out, sqlite3_stmt *st, int idx)
{
	const unsigned char *text = sqlite3_column_text(st, idx);
	int len = sqlite3_column_bytes(st, idx);

	*out = NULL;
	if (!text)
		return sqlite3_column_type(st, idx) == SQLITE_NULL ? 0
								   : BO_ENOMEM;
	*out = malloc((size_t)len + 1);
	if (!*out)
		return BO_ENOMEM;
	memcpy(*out, text, (size_t)len);
	(*out)[len] = '\0';
	return 0;
}

/* ---- opening ------------------------------------------------------------ */

/* Runs a statement once (pragmas at open); not worth a cache slot. */
static int run_once(bo_sqlite *c, const char *sql, const char *doing,
		    bo_err *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : bo_sq_error(c, rc, doing, err);
}

/* The single integer a query returns (0 when it returns no row). */
static int query_int(bo_sqlite *c, const char *sql, int64_t *out,
		     const char *doing, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);

	*out = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, doing, err);
	sqlite3_finalize(st);
	return rc;
}

static int set_wal(bo_sqlite *c, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *mode;
	int rc = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &st,
				    NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = bo_sq_error(c, rc, "switching to WAL mode", err);
		goto done;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (!mode || sqlite3_stricmp(mode, "wal") != 0) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"%s cannot use WAL mode on this file system",
				c->path);
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(st);
	return rc;
}

static size_t migration_count(void)
{
	size_t n = 0;
	while (bo_sqlite_migrations[n].name)
		n++;
	return n;
}

static bool migration_known(const char *name)
{
	for (size_t i = 0; bo_sqlite_migrations[i].name; i++)
		if (strcmp(bo_sqlite_migrations[i].name, name) == 0)
			return true;
	return false;
}

/*
 * Counts the migrations of this build not yet recorded in the store. A
 * recorded one this build does not know means a newer backoffice wrote the
 * store, which this one must not touch.
 */
static int count_pending(bo_sqlite *c, size_t *out, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t applied = 0;
	int64_t exists;
	int rc;

	*out = migration_count();
	rc = query_int(c,
		       "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		       " AND name = 'schema_migrations'",
		       &exists, "reading the schema", err);
	if (rc < 0 || !exists)
		return rc;
	rc = sqlite3_prepare_v2(c->db, "SELECT name FROM schema_migrations", -1,
				&st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!name || !migration_known(name)) {
			rc = bo_err_set(err, BO_ESTORAGE,
					"%s was written by a newer backoffice "
					"(migration %s is unknown here)",
					c->path, name ? name : "NULL");
			goto done;
		}
		applied++;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		rc = bo_sq_error(c, rc, "reading the applied migrations", err);
		goto done;
	}
	rc = 0;
	*out -= applied;
done:
	sqlite3_finalize(st);
	return rc;
}

static int record_migration(sqlite3_stmt *ins, const char *name)
{
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, name, -1, SQLITE_STATIC);
	return sqlite3_step(ins);
}

/* Applies every pending migration in one write transaction: all or none. */
static int migrate(bo_sqlite *c, bo_err *err)
{
	sqlite3_stmt *seen = NULL, *ins = NULL;
	size_t pending;
	int rc;

	if ((rc = count_pending(c, &pending, err)) < 0 || pending == 0)
		return rc;
	if (c->read_only)
		return bo_err_set(err, BO_EPERM,
				  "the store at %s is read-only and needs %zu "
				  "schema upgrade(s) of this backoffice first; "
				  "open it once with write access",
				  c->path, pending);
	if ((rc = run_once(c, "BEGIN IMMEDIATE", "starting the migrations",
			   err)) < 0)
		return rc;
	rc = run_once(c,
		      "CREATE TABLE IF NOT EXISTS schema_migrations ("
		      "name TEXT PRIMARY KEY NOT NULL, "
		      "applied_at INTEGER NOT NULL)",
		      "creating schema_migrations", err);
	if (rc < 0)
		goto done;
	rc = sqlite3_prepare_v2(
	    c->db, "SELECT 1 FROM schema_migrations WHERE name = ?", -1, &seen,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    c->db,
		    "INSERT INTO schema_migrations (name, applied_at) "
		    "VALUES (?, CAST(strftime('%s', 'now') AS INTEGER) "
		    "* 1000)",
		    -1, &ins, NULL);
	if (rc != SQLITE_OK) {
		rc = bo_sq_error(c, rc, "preparing the migrations", err);
		goto done;
	}
	for (size_t i = 0; bo_sqlite_migrations[i].name; i++) {
		const bo_migration *m = &bo_sqlite_migrations[i];
		char *msg = NULL;

		sqlite3_reset(seen);
		sqlite3_bind_text(seen, 1, m->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(seen);
		if (rc == SQLITE_ROW)
			continue;
		if (rc != SQLITE_DONE) {
			rc = bo_sq_error(c, rc,
					 "reading the applied migrations", err);
			goto done;
		}
		rc = sqlite3_exec(c->db, m->sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			rc = bo_err_set(
			    err, BO_ESTORAGE, "migration %s of %s failed: %s",
			    m->name, c->path, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto done;
		}
		rc = record_migration(ins, m->name);
		if (rc != SQLITE_DONE) {
			rc = bo_sq_error(c, rc, "recording a migration", err);
			goto done;
		}
	}
	sqlite3_finalize(seen);
	sqlite3_finalize(ins);
	seen = ins = NULL;
	rc = run_once(c, "COMMIT", "committing the migrations", err);
done:
	sqlite3_finalize(seen);
	sqlite3_finalize(ins);
	if (rc < 0 && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void bo_sq_close(bo_sqlite *c)
{
	if (!c)
		return;
	bo_sq_held_drop(c);
	bo_sq_rp_held_drop(c);
	for (int i = 0; i < SQ__COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
	bo_sq_shadow_forget(c);
	sqlite3_close_v2(c->db);
	free(c->path);
	free(c);
}

/* Settings that hold for the whole life of the connection. */
static int configure(bo_sqlite *c, bool fresh, bo_err *err)
{
	int64_t app_id;
	int rc, on = 1;

	sqlite3_extended_result_codes(c->db, 1);
	c->busy_timeout_ms = BUSY_TIMEOUT_MS;
	sqlite3_busy_handler(c->db, busy_poll, c);
	rc = sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
	if (rc != SQLITE_OK || !on)
		return bo_sq_error(c, rc, "turning on defensive mode", err);
	if ((rc = run_once(c, "PRAGMA trusted_schema = OFF",
			   "setting trusted_schema", err)) < 0)
		return rc;
	if ((rc = run_once(c, "PRAGMA foreign_keys = ON",
			   "setting foreign_keys", err)) < 0)
		return rc;
	/* Set before WAL so the mark is in the main file's header from the
	 * start, not only in a WAL frame a crash could leave behind. */
	if (fresh && (rc = run_once(c, "PRAGMA application_id = 1112491590",
				    "marking the store", err)) < 0)
		return rc;
	if ((rc = query_int(c, "PRAGMA application_id", &app_id,
			    "reading the application id", err)) < 0)
		return rc;
	if (app_id != BO_SQ_APPLICATION_ID)
		return bo_err_set(err, BO_EINVAL,
				  "%s is not a backoffice store", c->path);
	/* a read-only store stays in the journal mode it was left in */
	if (!c->read_only && (rc = set_wal(c, err)) < 0)
		return rc;
	/* 16 MiB of page cache (pages are only taken as they are used): an
	 * online rebuild commits every thousand events, an import every few
	 * thousand, so neither needs more to keep a transaction's pages, and
	 * every command's memory stays flat whatever the store's size. On
	 * 20,000 demo orders a rebuild took the same time as with 64 MiB and
	 * its peak RSS went from 94 to 42 MB. */
	if ((rc = run_once(c, "PRAGMA cache_size = -16384",
			   "setting the page cache size", err)) < 0)
		return rc;
	return run_once(c, "PRAGMA synchronous = FULL", "setting synchronous",
			err);
}

int bo_sq_connect(bo_sqlite **out, const char *path, const char *shown,
		  const bo_sq_file *f, bool fresh, bo_err *err)
{
	bo_sqlite *c = NULL;
	bool ro = !fresh && f->read_only;
	const char *query = !ro            ? "mode=rw"
			    : f->immutable ? "mode=ro&immutable=1"
					   : "mode=ro";
	char *uri = NULL;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(shown)) ||
	    !(uri = bo_sq_uri(path, query))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory opening %s",
				shown);
		goto done;
	}
	c->read_only = ro;
	/* A URI of our own making, every special byte encoded: SQLite opens
	 * exactly the file that was looked at, whatever its name looks like.
	 * No SQLITE_OPEN_CREATE: the file exists by now, and if it vanished
	 * in between we would rather fail than make a new one. NOMUTEX: a
	 * connection is only ever used by the thread that opened it, so
	 * SQLite's per-call locking is pure cost (a replay makes millions of
	 * calls). */
	rc = sqlite3_open_v2(
	    uri, &c->db,
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
		(ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE),
	    NULL);
	if (rc != SQLITE_OK) {
		rc = bo_err_set(err, BO_ESTORAGE, "cannot open %s: %s", shown,
				c->db ? sqlite3_errmsg(c->db)
				      : sqlite3_errstr(rc));
		goto done;
	}
	if ((rc = bo_sq_check_opened(c->db, f, shown, err)) < 0)
		goto done;
	/* the file is writable, yet SQLite fell back to reading only */
	if (!ro && sqlite3_db_readonly(c->db, "main") != 0) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"SQLite could not open %s for writing", shown);
		goto done;
	}
	if ((rc = configure(c, fresh, err)) < 0)
		goto done;
	if ((rc = migrate(c, err)) < 0)
		goto done;
	*out = c;
	c = NULL;
done:
	free(uri);
	bo_sq_close(c);
	return rc;
}

void bo_sq_ports(bo_ports *out, bo_sqlite *c)
{
	memset(out, 0, sizeof(*out));
	out->store = (bo_store){&bo_sqlite_store_ops, c, NULL};
	out->events = (bo_event_store){&bo_sqlite_event_store_ops, c,
				       bo_json_event_codec()};
	out->products = (bo_product_repo){&bo_sqlite_product_repo_ops, c};
	out->rm = (bo_read_models){&bo_sqlite_read_models_ops, c};
	out->users = (bo_user_dir){&bo_sqlite_user_dir_ops, c};
	out->tenants = (bo_tenant_dir){&bo_sqlite_tenant_dir_ops, c};
	out->reports = (bo_report_store){&bo_sqlite_report_store_ops, c};
	out->reactors = (bo_reactor_store){&bo_sqlite_reactor_store_ops, c};
	out->backend = "sqlite";
	out->read_only = c->read_only;
}

int bo_sqlite_open(bo_ports *out, const char *path, bo_sqlite_mode mode,
		   bo_err *err)
{
	bo_sqlite *c = NULL;
	bo_sq_file f;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!path || !*path)
		return bo_err_set(err, BO_EINVAL, "the store path is empty");
	if (mode == BO_SQLITE_CREATE &&
	    (rc = bo_sqlite_create(path, NULL, NULL, err)) < 0)
		return rc;
	if ((rc = bo_sq_inspect(&f, path, err)) < 0)
		return rc;
	switch (f.kind) {
	case BO_SQ_FILE_MISSING:
		return bo_err_set(err, BO_ENOTFOUND, "store %s does not exist",
				  path);
	case BO_SQ_FILE_EMPTY:
		return bo_err_set(err, BO_EINVAL,
				  "%s is an empty file, not a backoffice store",
				  path);
	case BO_SQ_FILE_NOT_DB:
		return bo_err_set(err, BO_EINVAL, "%s is not a SQLite database",
				  path);
	case BO_SQ_FILE_FOREIGN_DB:
		return bo_err_set(err, BO_EINVAL,
				  "%s is a SQLite database of another "
				  "application, not a backoffice store",
				  path);
	case BO_SQ_FILE_STORE:
		break;
	}
	if ((rc = bo_sq_access(&f, path, err)) < 0 ||
	    (rc = bo_sq_connect(&c, path, path, &f, false, err)) < 0)
		return rc;
	bo_sq_ports(out, c);
	return 0;
}

void bo_sqlite_set_busy_timeout(bo_ports *p, int ms)
{
	bo_sqlite *c = p->store.self;
	c->busy_timeout_ms = ms;
	sqlite3_busy_handler(c->db, ms > 0 ? busy_poll : NULL, c);
}

/* ---- the store port ------------------------------------------------------ */

/*
 * Transactions nest. Depth 1 is BEGIN IMMEDIATE; every level above it is a
 * savepoint. They all share one name: SQLite resolves RELEASE and ROLLBACK TO
 * to the innermost savepoint of that name, which is exactly the level being
 * closed, and one name lets the three statements stay cached.
 */
/*
 * An online rebuild's batches leave the write lock free for SHADOW_GAP_MS
 * after each commit. Writers wait for the lock in SQLite's busy handler,
 * which only looks again after sleeping (BUSY_POLL_MS here): a rebuild
 * that took the lock again at once would find it free every time, and a
 * writer could wait for many batches in a row. With a gap several polls
 * long, a writer that came during a batch gets the lock right after it.
 */
#define SHADOW_GAP_MS 10
/* An online rebuild's batches per passive checkpoint (store_begin). */
#define RELAXED_CHECKPOINT_EVERY 8

static void shadow_gap(const bo_sqlite *c)
{
	struct timespec now, nap;
	int64_t spent_ns, left_ns;

	if (c->shadow_commit.tv_sec == 0 && c->shadow_commit.tv_nsec == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	spent_ns =
	    (int64_t)(now.tv_sec - c->shadow_commit.tv_sec) * 1000000000LL +
	    (now.tv_nsec - c->shadow_commit.tv_nsec);
	left_ns = (int64_t)SHADOW_GAP_MS * 1000000LL - spent_ns;
	if (left_ns <= 0)
		return;
	nap.tv_sec = (time_t)(left_ns / 1000000000LL);
	nap.tv_nsec = (long)(left_ns % 1000000000LL);
	nanosleep(&nap, NULL);
}

static int store_begin(void *self, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if (c->read_only)
		return bo_err_set(err, BO_EPERM,
				  "the store at %s is read-only (no write "
				  "access to the file or its directory); only "
				  "reading commands work on it",
				  c->path);
	if (c->depth == 0) {
		if (!sqlite3_get_autocommit(c->db))
			return bo_err_set(err, BO_ESTORAGE,
					  "a transaction is already open on %s",
					  c->path);
		/* An online rebuild's batches fill shadow tables nobody reads:
		 * losing the last ones to a power cut only means rebuilding
		 * them, so they commit without an fsync each. The first
		 * transaction after the swap is FULL again and its fsync
		 * makes the swap durable with it. (The level cannot change
		 * inside a transaction, so it changes here.) */
		bool relax = c->shadow != 0 || c->trimming;

		if (relax != c->relaxed &&
		    (rc = run_once(c,
				   relax ? "PRAGMA synchronous = NORMAL"
					 : "PRAGMA synchronous = FULL",
				   "setting synchronous", err)) < 0)
			return rc;
		/* ... and they leave copying the log into the database to a
		 * passive checkpoint before every RELAXED_CHECKPOINT_EVERY-th
		 * batch, while writers may commit, instead of running it
		 * inside a commit. Not before each one: a page the next
		 * batches change again (an index's, a table's last) is copied
		 * once for several batches; on 20,000 demo orders that took
		 * the rebuild's system time from 1.2 s to 0.8 s, the log
		 * growing to some 10 MB between checkpoints. */
		if (relax != c->relaxed) {
			sqlite3_wal_autocheckpoint(c->db, relax ? 0 : 1000);
			c->relaxed_since_checkpoint = 0;
		}
		c->relaxed = relax;
		if (relax) {
			if (++c->relaxed_since_checkpoint >=
			    RELAXED_CHECKPOINT_EVERY) {
				sqlite3_wal_checkpoint_v2(
				    c->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
				    NULL, NULL);
				c->relaxed_since_checkpoint = 0;
			}
			shadow_gap(c);
		}
		rc = bo_sq_exec(c, SQ_BEGIN, "BEGIN IMMEDIATE",
				"starting a transaction", err);
	} else if (sqlite3_get_autocommit(c->db)) {
		/* SQLite rolled the outer transaction back on its own (an I/O
		 * error, a full disk): nesting into nothing would autocommit. */
		return bo_err_set(err, BO_ESTORAGE,
				  "the open transaction on %s was lost; roll "
				  "it back first",
				  c->path);
	} else {
		rc = bo_sq_exec(c, SQ_SAVEPOINT, "SAVEPOINT bo_nested",
				"starting a nested transaction", err);
	}
	if (rc == 0)
		c->depth++;
	return rc;
}

static void store_rollback(void *self)
{
	bo_sqlite *c = self;

	bo_sq_held_drop(c);
	bo_sq_rp_held_drop(c);
	if (c->depth > 1 && !sqlite3_get_autocommit(c->db)) {
		bo_sq_exec(c, SQ_ROLLBACK_TO, "ROLLBACK TO bo_nested",
			   "rolling back", NULL);
		bo_sq_exec(c, SQ_RELEASE, "RELEASE bo_nested", "rolling back",
			   NULL);
		c->depth--;
		return;
	}
	if (!sqlite3_get_autocommit(c->db))
		bo_sq_exec(c, SQ_ROLLBACK, "ROLLBACK", "rolling back", NULL);
	c->depth = 0;
}

static int store_commit(void *self, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if (c->depth == 0 || sqlite3_get_autocommit(c->db)) {
		c->depth = 0;
		return bo_err_set(err, BO_ESTORAGE,
				  "no transaction is open to commit");
	}
	if ((rc = bo_sq_held_flush(c, err)) < 0 ||
	    (rc = bo_sq_rp_held_flush(c, err)) < 0) {
		store_rollback(c);
		return rc;
	}
	if (c->depth > 1) {
		/* Releasing a savepoint only folds it into the level below. */
		rc = bo_sq_exec(c, SQ_RELEASE, "RELEASE bo_nested",
				"committing a nested transaction", err);
		if (rc < 0)
			store_rollback(c);
		else
			c->depth--;
		return rc;
	}
	rc = bo_sq_exec(c, SQ_COMMIT, "COMMIT", "committing", err);
	if (c->shadow || c->trimming || c->relaxed)
		clock_gettime(CLOCK_MONOTONIC, &c->shadow_commit);
	if (rc < 0) {
		store_rollback(c);
		/* A busy commit is a failed commit that saved nothing: as
		 * retryable as a busy begin. */
		if (rc == BO_EBUSY)
			rc = bo_err_set(err, BO_EBUSY,
					"the store stayed busy while "
					"committing; nothing was saved");
	}
	c->depth = 0;
	return rc;
}

static int setting_get(void *self, const char *key, char **out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	rc =
	    bo_sq_acquire(c, SQ_SETTING_GET,
			  "SELECT value FROM settings WHERE key = ?", &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = bo_sq_column_dup(out, st, 0);
		if (rc < 0)
			rc = bo_err_set(err, rc,
					"out of memory reading "
					"setting %s",
					key);
	} else if (rc == SQLITE_DONE) {
		rc =
		    bo_err_set(err, BO_ENOTFOUND, "setting %s is not set", key);
	} else {
		rc = bo_sq_error(c, rc, "reading a setting", err);
	}
	bo_sq_release(c, SQ_SETTING_GET, st);
	return rc;
}

static int setting_set(void *self, const char *key, const char *value,
		       bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "change a setting", err)) < 0)
		return rc;
	if (!key || !value)
		return bo_err_set(err, BO_EINVAL,
				  "setting key and value are required");
	rc = bo_sq_acquire(c, SQ_SETTING_SET,
			   "INSERT INTO settings (key, value) VALUES (?, ?) "
			   "ON CONFLICT (key) DO UPDATE SET value = "
			   "excluded.value",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, key);
	bo_sq_bind_text(st, 2, value);
	return bo_sq_run(c, SQ_SETTING_SET, st, "saving a setting", err);
}

static int sequence_next(void *self, const char *name, int64_t *out,
			 bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "draw from a sequence", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_SEQUENCE_NEXT,
			   "INSERT INTO sequences (name, value) VALUES (?, 1) "
			   "ON CONFLICT (name) DO UPDATE SET value = value + 1 "
			   "RETURNING value",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	return bo_sq_run_int64(c, SQ_SEQUENCE_NEXT, st, out,
			       "advancing a sequence", err);
}

static int sequence_raise(void *self, const char *name, int64_t floor,
			  bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "raise a sequence", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_SEQUENCE_RAISE,
			   "INSERT INTO sequences (name, value) VALUES (?, ?) "
			   "ON CONFLICT (name) DO UPDATE SET value = "
			   "max(value, excluded.value)",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, floor);
	return bo_sq_run(c, SQ_SEQUENCE_RAISE, st, "raising a sequence", err);
}

static void store_close(void *self)
{
	bo_sq_close(self);
}

/* Moves when another connection commits: what live screens poll. */
static int store_data_version(void *self, int64_t *out, bo_err *err)
{
	return query_int(self, "PRAGMA data_version", out,
			 "reading the data version", err);
}

const bo_store_ops bo_sqlite_store_ops = {
    .version = BO_STORE_OPS_VERSION,
    .begin = store_begin,
    .commit = store_commit,
    .rollback = store_rollback,
    .setting_get = setting_get,
    .setting_set = setting_set,
    .sequence_next = sequence_next,
    .sequence_raise = sequence_raise,
    .close = store_close,
    .data_version = store_data_version,
    .command_get = bo_sq_command_get,
    .command_put = bo_sq_command_put,
};

