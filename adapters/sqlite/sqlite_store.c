/* The SQLite backend: safe opening, migrations, transactions, settings, sequences. */
#include "adapters/sqlite/sqlite_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_internal.h"

/* "BOFF": marks a SQLite file as a backoffice store (header offset 68). */
#define BO_APPLICATION_ID 0x424F4646
#define BUSY_TIMEOUT_MS 5000
#define HEADER_SIZE 100

static const char sqlite_magic[16] = "SQLite format 3";

/* ---- helpers shared by every port file --------------------------------- */

int bo_sq_error(bo_sqlite *c, int rc, const char *doing, bo_err *err)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return bo_err_set(err, BO_ECONFLICT,
				  "the store is busy; try again");
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
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if (c->busy[slot] || !c->stmts[slot]) {
		rc = sqlite3_prepare_v3(
		    c->db, sql, -1,
		    c->busy[slot] ? 0 : SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK)
			return bo_sq_error(c, rc, "preparing a query", err);
		if (c->busy[slot]) {
			*out = st;
			return 0;
		}
		c->stmts[slot] = st;
	}
	c->busy[slot] = true;
	*out = c->stmts[slot];
	return 0;
}

void bo_sq_release(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (st != c->stmts[slot]) {
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

/* ---- looking at a file before SQLite may touch it ---------------------- */

typedef enum {
	FILE_MISSING,
	FILE_EMPTY,
	FILE_STORE,
	FILE_FOREIGN_DB,
	FILE_NOT_DB
} file_kind;

/* Reads the 100-byte database header with plain read(2): SQLite never sees a
 * file that is not ours, so it cannot recover a journal into it or convert
 * it. */
static int inspect(file_kind *out, const char *path, bo_err *err)
{
	unsigned char hdr[HEADER_SIZE];
	size_t got = 0;
	struct stat sb;
	uint32_t app_id;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT) {
			*out = FILE_MISSING;
			return 0;
		}
		return bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s", path,
				  strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s", path,
				strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = bo_err_set(err, BO_EINVAL, "%s is not a regular file",
				path);
		goto done;
	}
	while (got < sizeof(hdr)) {
		ssize_t n = read(fd, hdr + got, sizeof(hdr) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s",
					path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0 && sb.st_size == 0) {
		*out = FILE_EMPTY;
		goto done;
	}
	if (got < sizeof(hdr) ||
	    memcmp(hdr, sqlite_magic, sizeof(sqlite_magic)) != 0) {
		*out = FILE_NOT_DB;
		goto done;
	}
	app_id = (uint32_t)hdr[68] << 24 | (uint32_t)hdr[69] << 16 |
		 (uint32_t)hdr[70] << 8 | (uint32_t)hdr[71];
	*out = app_id == BO_APPLICATION_ID ? FILE_STORE : FILE_FOREIGN_DB;
done:
	close(fd);
	return rc;
}

/* Creates the file ourselves (O_EXCL, mode 0600): customer data lives here. */
static int create_file(const char *path, bo_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return bo_err_set(err, BO_ECONFLICT,
					  "%s appeared while the store was "
					  "being created; try again",
					  path);
		return bo_err_set(err, BO_ESTORAGE, "cannot create %s: %s",
				  path, strerror(errno));
	}
	close(fd);
	return 0;
}

/* Removes a store this call created but could not finish, and its WAL. */
static void remove_files(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t slen = strlen(suffixes[i]);
		char *name = malloc(len + slen + 1);
		if (!name)
			continue;
		memcpy(name, path, len);
		memcpy(name + len, suffixes[i], slen + 1);
		unlink(name);
		free(name);
	}
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

static void close_conn(bo_sqlite *c)
{
	if (!c)
		return;
	bo_sq_held_drop(c);
	bo_sq_rp_held_drop(c);
	for (int i = 0; i < SQ__COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
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
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
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
	if (app_id != BO_APPLICATION_ID)
		return bo_err_set(err, BO_EINVAL,
				  "%s is not a backoffice store", c->path);
	if ((rc = set_wal(c, err)) < 0)
		return rc;
	/* A rebuild rewrites whole tables in one transaction; with the default
	 * 2 MB page cache SQLite spills pages to the WAL half way through.
	 * Pages are only taken as they are used. */
	if ((rc = run_once(c, "PRAGMA cache_size = -65536",
			   "setting the page cache size", err)) < 0)
		return rc;
	return run_once(c, "PRAGMA synchronous = FULL", "setting synchronous",
			err);
}

int bo_sqlite_open(bo_ports *out, const char *path, bo_sqlite_mode mode,
		   bo_err *err)
{
	bo_sqlite *c = NULL;
	bool created = false;
	file_kind kind;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!path || !*path)
		return bo_err_set(err, BO_EINVAL, "the store path is empty");
	if ((rc = inspect(&kind, path, err)) < 0)
		return rc;
	switch (kind) {
	case FILE_MISSING:
		if (mode != BO_SQLITE_CREATE)
			return bo_err_set(err, BO_ENOTFOUND,
					  "store %s does not exist", path);
		if ((rc = create_file(path, err)) < 0)
			return rc;
		created = true;
		break;
	case FILE_EMPTY:
		if (mode != BO_SQLITE_CREATE)
			return bo_err_set(err, BO_EINVAL,
					  "%s is an empty file, not a "
					  "backoffice store",
					  path);
		break;
	case FILE_NOT_DB:
		return bo_err_set(err, BO_EINVAL, "%s is not a SQLite database",
				  path);
	case FILE_FOREIGN_DB:
		return bo_err_set(err, BO_EINVAL,
				  "%s is a SQLite database of another "
				  "application, not a backoffice store",
				  path);
	case FILE_STORE:
		if (mode == BO_SQLITE_CREATE)
			return bo_err_set(err, BO_ECONFLICT,
					  "a store already exists at %s", path);
		break;
	}

	c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(path))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory opening %s",
				path);
		goto done;
	}
	/* No SQLITE_OPEN_CREATE: the file exists by now, and if it vanished
	 * in between we would rather fail than make a new one. */
	/* NOMUTEX: a connection is only ever used by the thread that opened
	 * it, so SQLite's per-call locking is pure cost (a replay makes
	 * millions of calls). */
	rc = sqlite3_open_v2(path, &c->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = bo_err_set(err, BO_ESTORAGE, "cannot open %s: %s", path,
				c->db ? sqlite3_errmsg(c->db)
				      : sqlite3_errstr(rc));
		goto done;
	}
	if ((rc = configure(c, kind != FILE_STORE, err)) < 0)
		goto done;
	if ((rc = migrate(c, err)) < 0)
		goto done;

	out->store = (bo_store){&bo_sqlite_store_ops, c};
	out->events = (bo_event_store){&bo_sqlite_event_store_ops, c};
	out->products = (bo_product_repo){&bo_sqlite_product_repo_ops, c};
	out->rm = (bo_read_models){&bo_sqlite_read_models_ops, c};
	out->users = (bo_user_dir){&bo_sqlite_user_dir_ops, c};
	out->reports = (bo_report_store){&bo_sqlite_report_store_ops, c};
	out->reactors = (bo_reactor_store){&bo_sqlite_reactor_store_ops, c};
	out->backend = "sqlite";
	c = NULL;
done:
	close_conn(c);
	if (rc < 0 && created)
		remove_files(path);
	return rc;
}

void bo_sqlite_set_busy_timeout(bo_ports *p, int ms)
{
	bo_sqlite *c = p->store.self;
	sqlite3_busy_timeout(c->db, ms);
}

/* ---- the store port ------------------------------------------------------ */

/*
 * Transactions nest. Depth 1 is BEGIN IMMEDIATE; every level above it is a
 * savepoint. They all share one name: SQLite resolves RELEASE and ROLLBACK TO
 * to the innermost savepoint of that name, which is exactly the level being
 * closed, and one name lets the three statements stay cached.
 */
static int store_begin(void *self, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if (c->depth == 0) {
		if (!sqlite3_get_autocommit(c->db))
			return bo_err_set(err, BO_ESTORAGE,
					  "a transaction is already open on %s",
					  c->path);
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
	if (rc < 0) {
		store_rollback(c);
		/* A busy commit is still a failed commit: nothing was saved. */
		if (rc == BO_ECONFLICT)
			rc = bo_err_set(err, BO_ESTORAGE,
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
	close_conn(self);
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
