/* Inside the SQLite adapter: the connection, its statement cache, errors. */
#ifndef BO_SQLITE_INTERNAL_H
#define BO_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "domain/ports/ports.h"
#include "domain/status.h"

/* One slot per statement the adapter ever runs; each is prepared at most once
 * per connection (lazily) and reset after every use. */
typedef enum {
	/* store */
	SQ_BEGIN,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_SETTING_GET,
	SQ_SETTING_SET,
	SQ_SEQUENCE_NEXT,
	SQ_SEQUENCE_RAISE,
	SQ_SAVEPOINT,
	SQ_RELEASE,
	SQ_ROLLBACK_TO,
	/* event store */
	SQ_EV_SAVEPOINT,
	SQ_EV_RELEASE,
	SQ_EV_ROLLBACK_TO,
	SQ_EV_STREAM_VERSION,
	SQ_EV_INSERT,
	SQ_EV_READ_STREAM,
	SQ_EV_READ_ALL,
	SQ_EV_HEAD,
	/* product repo */
	SQ_PR_INSERT,
	SQ_PR_UPDATE,
	SQ_PR_DELETE,
	SQ_PR_SKU_OF,
	SQ_PR_GET_BY_SKU,
	SQ_PR_GET_BY_ID,
	SQ_PR_LIST,
	SQ_PR_TAGS_DELETE,
	SQ_PR_TAGS_INSERT,
	/* read models */
	SQ_RM_ORDER_GET,
	SQ_RM_ORDER_PUT,
	SQ_RM_ORDER_LIST, /* these four in this order: see rm_order_list */
	SQ_RM_ORDER_LIST_DESC,
	SQ_RM_ORDER_LIST_STATUS,
	SQ_RM_ORDER_LIST_STATUS_DESC,
	/* eight: sort (4) x descending, see
	 * rm_order_sorted */
	SQ_RM_ORDER_COUNT,
	SQ_RM_ORDER_SORTED,
	SQ_RM_ORDER_SORTED_LAST = SQ_RM_ORDER_SORTED + 7,
	SQ_RM_KEY_ADD,
	SQ_RM_ORDER_FIND, /* then its descending twin */
	SQ_RM_ORDER_FIND_DESC,
	SQ_RM_SKU_ADD,
	SQ_RM_SKU_IDS,
	SQ_RM_TIMELINE_ADD,
	SQ_RM_TIMELINE_LIST,
	SQ_RM_CATALOG_PUT,
	SQ_RM_CATALOG_REMOVE,
	SQ_RM_CATALOG_GET_BY_SKU,
	SQ_RM_RESET_ORDERS,
	SQ_RM_RESET_TIMELINE,
	SQ_RM_RESET_KEYS,
	SQ_RM_RESET_SKUS,
	SQ_RM_RESET_CATALOG,
	SQ_RM_CHECKPOINT_GET,
	SQ_RM_CHECKPOINT_SET,
	SQ_RM_PROJECTOR_GET,
	SQ_RM_PROJECTOR_SET,
	SQ_RM_PROJECTOR_ADVANCE,
	/* user directory */
	SQ_US_ADD,
	SQ_US_GET,
	SQ_US_LIST,
	SQ_US_SET_ROLE,
	SQ_US_SET_DISABLED,
	/* tenant registry */
	SQ_TN_ADD,
	SQ_TN_GET,
	SQ_TN_LIST,
	SQ_TN_KEY,
	SQ_TN_RELOCATE,
	/* report store (report_store.c) */
	SQ_RP_ORDER_GET,
	SQ_RP_ORDER_PUT,
	SQ_RP_LINE_ADD,
	SQ_RP_LINES_GET,
	SQ_RP_DAY_ADD,
	SQ_RP_PRODUCT_ADD,
	SQ_RP_DAYS,
	SQ_RP_PRODUCTS,
	SQ_RP_FUNNEL,
	SQ_RP_TO_SHIP,
	SQ_RP_TO_DELIVER,
	/* recorded commands (commands.c) */
	SQ_CMD_GET,
	SQ_CMD_PUT,
	/* reactor store (reactor_store.c) */
	SQ_RX_CHECKPOINT_GET,
	SQ_RX_CHECKPOINT_SET,
	SQ_RX_HANDLED,
	SQ_RX_MARK_HANDLED,
	SQ_RX_ALERT_ADD,
	SQ_RX_ALERT_LIST,
	SQ_RX_ALERT_ACK,
	SQ_RX_ALERT_ACKED_BY,
	SQ__COUNT
} bo_sq_slot;

/* The connection every port's self points at. */
typedef struct bo_sqlite {
	sqlite3 *db;
	char *path;     /* the store's name as the user gave it, for messages */
	bool read_only; /* opened read-only: store_begin refuses */
	sqlite3_stmt *stmts[SQ__COUNT];
	/* A slot in use (a list whose callback re-enters the same query) makes
	 * bo_sq_acquire hand out a private statement instead of the cached one. */
	bool busy[SQ__COUNT];
	/* Open store transactions: 1 is the BEGIN IMMEDIATE, each one above it
	 * a savepoint (see store_begin). */
	int depth;
	/* Order-list rows held in bulk mode (read_models.c); NULL when off. */
	struct bo_sq_held *held;
	/* Report rows held in bulk mode (report_store.c); NULL when off. */
	struct bo_sq_rp_held *rp_held;
	/* Online rebuild (shadow.c): which projectors' tables this
	 * connection reads and writes as their shadow copies (BO_SQ_SHADOW_*
	 * bits), and the statements prepared for them. */
	unsigned shadow;
	sqlite3_stmt *shadow_stmts[SQ__COUNT];
	/* synchronous is NORMAL for the shadow's batches (store_begin) */
	bool relaxed;
	/* relaxed transactions begun since the last passive checkpoint */
	unsigned relaxed_since_checkpoint;
	/* set-aside tables are being emptied in short transactions (TRIM):
	 * those commit as the shadow's batches do */
	bool trimming;
	/* TRIM empties set-aside tables a key range at a time: each table's
	 * range width, tuned by how long its last one took (shadow.c); one
	 * slot per table being emptied (a step empties one per projector) */
	struct {
		char table[64];
		int64_t span;
	} trim_spans[4];
	/* when the last of the shadow's batches committed (CLOCK_MONOTONIC;
	 * zero: none yet): the next waits for writers (store_begin) */
	struct timespec shadow_commit;
	/* the busy handler's patience and when the current wait began */
	int busy_timeout_ms;
	struct timespec busy_since;
} bo_sqlite;

/* order_list, order_keys, order_timeline, catalog, product_skus */
#define BO_SQ_SHADOW_ORDERS 1u
#define BO_SQ_SHADOW_REPORTS 2u /* the four report tables */
/* What a shadow table's name ends with, and a set-aside live table's. */
#define BO_SQ_SHADOW_SUFFIX "__rebuild"
#define BO_SQ_OLD_SUFFIX "__old"

/*
 * The shadow op of both ports (shadow.c) for the tables of which (one
 * BO_SQ_SHADOW_* bit): BEGIN drops leftovers of an earlier rebuild, copies
 * each table's schema (and its indexes) to <table>__rebuild, and turns the
 * bit on; SWAP renames each live table to <table>__old and the shadow to
 * <table>, and turns the bit off; END drops <table>__old and
 * <table>__rebuild and turns the bit off. Inside a transaction, but for
 * LEAVE, which only turns the bit off.
 */
int bo_sq_shadow(bo_sqlite *c, unsigned which, int op, bo_err *err);
/* Whether slot's SQL names tables this connection now shadows. */
bool bo_sq_shadowed(const bo_sqlite *c, bo_sq_slot slot);
/* The SQL of slot as this connection runs it now: sql itself, or (shadow
 * on for the slot's tables) a copy naming the shadow tables, in *owned
 * (the caller frees it). BO_ENOMEM. */
int bo_sq_shadow_sql(const bo_sqlite *c, bo_sq_slot slot, const char *sql,
		     const char **out, char **owned, bo_err *err);
/* Finalises the shadow statements (the bits changed). */
void bo_sq_shadow_forget(bo_sqlite *c);

/*
 * Hands out the statement for slot, ready to bind (reset, no bindings).
 * Release it with bo_sq_release whatever happens. BO_ESTORAGE (or BO_ENOMEM)
 * when it does not prepare.
 */
int bo_sq_acquire(bo_sqlite *c, bo_sq_slot slot, const char *sql,
		  sqlite3_stmt **out, bo_err *err);
/* Resets and unbinds st, or finalizes a private copy. NULL is fine. */
void bo_sq_release(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st);

/*
 * Maps a failed SQLite call to a port status with a sentence saying what was
 * being done: SQLITE_BUSY/LOCKED -> BO_EBUSY "the store is busy while
 * DOING; try again", SQLITE_NOMEM -> BO_ENOMEM, anything else -> BO_ESTORAGE with
 * sqlite3_errmsg. `doing` reads like "reading product 12".
 */
int bo_sq_error(bo_sqlite *c, int rc, const char *doing, bo_err *err);

/* Runs a cached statement that takes no parameters and returns no rows. */
int bo_sq_exec(bo_sqlite *c, bo_sq_slot slot, const char *sql,
	       const char *doing, bo_err *err);

/* Steps st (acquired from slot, bound) once for a statement that returns no
 * rows, then releases it: 0, or bo_sq_error's status naming `doing`. */
int bo_sq_run(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
	      const char *doing, bo_err *err);
/* The same for a statement that always returns one row (an aggregate, a
 * RETURNING): its first column goes to *out. No row is an error too. */
int bo_sq_run_int64(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
		    int64_t *out, const char *doing, bo_err *err);

/* BO_ESTORAGE "cannot <what> outside a transaction" unless one is open: the
 * ports' writes belong to the caller's unit of work, never autocommitted. */
int bo_sq_need_tx(bo_sqlite *c, const char *what, bo_err *err);

/* Binds text (NULL binds SQL NULL); SQLITE_TRANSIENT so the caller may free. */
int bo_sq_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* Copies column idx into *out (NULL for SQL NULL). BO_ENOMEM. */
int bo_sq_column_dup(char **out, sqlite3_stmt *st, int idx);

/* Products and catalogue rows share one column order: the id (products.id,
 * catalog.product_id), then these. */
#define BO_SQ_PRODUCT_FIELDS                                                   \
	"sku, name, description, price, tax_bp, stock, retired, "              \
	"row_version, created_at, updated_at"
/* Fills *out (the caller's, bo_product_clear) from such a row. */
int bo_sq_product_from_row(bo_product *out, sqlite3_stmt *st, bo_err *err);
/* Steps st (acquired from slot, bound) for at most one such row, fills *out
 * from it and releases st: 0, 1 when there is no row (out stays zeroed), or
 * a failure naming `doing`. */
int bo_sq_product_get(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
		      bo_product *out, const char *doing, bo_err *err);
/* Binds sku .. updated_at (not id) to parameters first .. first + 9. */
void bo_sq_product_bind(sqlite3_stmt *st, int first, const bo_product *p,
			int64_t row_version);

/*
 * Verify's side copies, for any projector's tables: bo_sq_snapshot_tables
 * copies each named table to temp.bo_snap_<table> (replacing an older copy;
 * a rollback drops them). bo_sq_diff_tables then reports, table by table,
 * the rows of the copy missing from the table as BO_ROW_ONLY_LIVE and then
 * the rows of the table missing from the copy as BO_ROW_ONLY_REBUILD, each
 * as a typed row (columns named as the table declares them) in
 * bo_row_compare order (the read-model port's diff contract). BO_EINVAL
 * when a table has no copy; BO_ESTORAGE, naming the table, when a row holds
 * a REAL or BLOB value.
 */
int bo_sq_snapshot_tables(bo_sqlite *c, const char *const *tables, bo_err *err);
int bo_sq_diff_tables(bo_sqlite *c, const char *const *tables, bo_diff_fn each,
		      void *ctx, bo_err *err);

/* Bulk mode of the read models (read_models.c): the store's commit writes
 * the held order rows first (bo_sq_held_flush; BO_ESTORAGE, BO_ENOMEM), its
 * rollback drops them and ends bulk mode (bo_sq_held_drop). */
int bo_sq_held_flush(bo_sqlite *c, bo_err *err);
void bo_sq_held_drop(bo_sqlite *c);
/* The same for the report store's bulk mode (report_store.c). */
int bo_sq_rp_held_flush(bo_sqlite *c, bo_err *err);
void bo_sq_rp_held_drop(bo_sqlite *c);

/* ---- opening (sqlite_file.c, sqlite_store.c, sqlite_create.c) ---------- */

/* "BOFF": marks a SQLite file as a backoffice store (header offset 68). */
#define BO_SQ_APPLICATION_ID 0x424F4646

typedef enum {
	BO_SQ_FILE_MISSING,
	BO_SQ_FILE_EMPTY,
	BO_SQ_FILE_STORE,
	BO_SQ_FILE_FOREIGN_DB,
	BO_SQ_FILE_NOT_DB
} bo_sq_file_kind;

/* What a look at the file found, and how it is to be opened. */
typedef struct bo_sq_file {
	bo_sq_file_kind kind;
	dev_t dev; /* the inode looked at: SQLite must open this one */
	ino_t ino;
	bool writable;  /* the file itself opens for writing */
	bool read_only; /* bo_sq_access: open it read-only */
	bool immutable; /* bo_sq_access: ... as a file nobody changes */
} bo_sq_file;

/*
 * Looks at path with plain open(2)/read(2), following links: SQLite never
 * sees a file that is not ours, so it cannot recover a journal into it or
 * convert it. A missing file is kind MISSING (0). BO_EINVAL for anything
 * but a regular file (directory, fifo, device), BO_EPERM when it may not be
 * read, BO_ESTORAGE; each naming path.
 */
int bo_sq_inspect(bo_sq_file *out, const char *path, bo_err *err);

/*
 * Fills f->read_only and f->immutable for an existing store: read-only
 * when the file may not be written, or its directory may not be (SQLite
 * must create NAME-wal and NAME-shm there) and those are not both there to
 * write; immutable when read-only and there is no NAME-wal. BO_ENOMEM.
 */
int bo_sq_access(bo_sq_file *f, const char *path, bo_err *err);

/* A SQLite URI naming exactly the file path (every byte but [A-Za-z0-9/._~-]
 * percent-encoded, so "?", "#", "%" and a leading "file:" are plain
 * characters; a relative path goes after "./", so ":memory:" is a file too),
 * with query appended after "?". The caller frees it; NULL when out of
 * memory. */
char *bo_sq_uri(const char *path, const char *query);

/*
 * Before anything is written: the file db has open (its resolved name, and
 * the header read through SQLite's own file handle) must be the inode want
 * describes and of the same kind. BO_ESTORAGE naming path otherwise.
 */
int bo_sq_check_opened(sqlite3 *db, const bo_sq_file *want, const char *path,
		       bo_err *err);

/*
 * Opens a connection to the file f describes (looked at by bo_sq_inspect,
 * settled by bo_sq_access unless fresh), checks it, configures it and brings
 * its schema up to date. fresh: f is an empty file this process just made,
 * to be marked as a store. shown names it in messages. BO_EPERM for pending
 * migrations on a read-only store; BO_EINVAL, BO_ESTORAGE, BO_ENOMEM.
 */
int bo_sq_connect(bo_sqlite **out, const char *path, const char *shown,
		  const bo_sq_file *f, bool fresh, bo_err *err);
/* Finalises every statement and closes. NULL is fine. */
void bo_sq_close(bo_sqlite *c);
/* Points every port of *out at c. */
void bo_sq_ports(bo_ports *out, bo_sqlite *c);

/* The ports' operation tables, one per file. */
extern const bo_store_ops bo_sqlite_store_ops;
extern const bo_event_store_ops bo_sqlite_event_store_ops;
extern const bo_product_repo_ops bo_sqlite_product_repo_ops;
extern const bo_read_models_ops bo_sqlite_read_models_ops;
extern const bo_user_dir_ops bo_sqlite_user_dir_ops;
extern const bo_tenant_dir_ops bo_sqlite_tenant_dir_ops;
extern const bo_report_store_ops bo_sqlite_report_store_ops;
extern const bo_reactor_store_ops bo_sqlite_reactor_store_ops;

/* The store port's recorded commands (commands.c). */
int bo_sq_command_get(void *self, const char *command_id,
		      bo_command_record *out, bo_err *err);
int bo_sq_command_put(void *self, const bo_command_record *r, bo_err *err);
/* The product repository's bulk records (bulks.c). */
int bo_sq_bulk_put(void *self, const bo_bulk_record *r, bo_err *err);
int bo_sq_bulk_get(void *self, const char *id, bo_bulk_record *out,
		   bo_err *err);
int bo_sq_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each,
		    void *ctx, bo_err *err);
int bo_sq_bulk_set_undone(void *self, const char *id, const char *by,
			  bo_err *err);

/* Test hook: how long a writer waits for another one (default 5000 ms). */
void bo_sqlite_set_busy_timeout(bo_ports *p, int ms);

#endif
