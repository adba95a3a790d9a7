/* Inside the PostgreSQL adapter: the connection, its prepared statements, errors, the helpers every port file shares. */
#ifndef BO_PG_INTERNAL_H
#define BO_PG_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "adapters/postgres/pq_api.h"
#include "domain/ports/ports.h"
#include "domain/status.h"

/*
 * SQL text in this adapter never names a schema itself: it writes "@." in
 * front of every table, sequence and function of the store ("SELECT ...
 * FROM @.events"), and bo_pg_sql expands each "@." to the store's quoted
 * schema ("backoffice".events). So every statement is schema-qualified and
 * search_path is never relied on; the schema name comes from the URL's
 * schema= parameter (default "backoffice"), checked against
 * BO_PG_SCHEMA_PATTERN before it is ever quoted. Migrations
 * (data/postgres/NNN_*.sql) are written the same way. Values are always
 * parameters ($1, $2, ...), never text pasted into SQL.
 */
#define BO_PG_DEFAULT_SCHEMA "backoffice"
/* lower-case letter first, then lower-case letters, digits, '_'; 1..48 */
#define BO_PG_SCHEMA_MAX 48

/* A store's own group roles (data/postgres/007): bo_<schema>_<role>, the
 * longest "bo_" + 48 + "_support" or "_manager", 59 bytes, inside
 * PostgreSQL's 63. */
#define BO_PG_GROUP_MAX (BO_PG_SCHEMA_MAX + 11)

struct bo_pg;

/* One slot per statement the adapter runs on a hot path: each is prepared
 * once per connection (PQprepare, named "bo_<slot>") on first use. Slots
 * are grouped by the file that owns them. */
typedef enum {
	/* store (pg_store.c) */
	PG_ST_SETTING_GET,
	PG_ST_SETTING_SET,
	PG_ST_SEQUENCE_NEXT,
	PG_ST_SEQUENCE_RAISE,
	/* recorded commands (commands.c) */
	PG_CMD_GET,
	PG_CMD_PUT,
	/* event store (event_store.c) */
	PG_EV_STREAM_VERSION,
	PG_EV_INSERT,
	PG_EV_INSERT_ONE,
	PG_EV_INSERT_MANY,
	PG_EV_READ_STREAM,
	PG_EV_READ_ALL,
	PG_EV_HEAD,
	/* product repo (product_repo.c) */
	PG_PR_INSERT,
	PG_PR_UPDATE,
	PG_PR_DELETE,
	PG_PR_GET_BY_SKU,
	PG_PR_GET_BY_ID,
	PG_PR_LIST,
	/* user directory (user_dir.c) */
	PG_US_ADD,
	PG_US_GET,
	PG_US_LIST,
	PG_US_SET_ROLE,
	PG_US_SET_DISABLED,
	/* tenant registry */
	PG_TN_ADD,
	PG_TN_GET,
	PG_TN_LIST,
	/* read models (read_models.c) */
	PG_RM_ORDER_GET,
	PG_RM_ORDER_PUT,
	PG_RM_ORDER_LIST,
	PG_RM_ORDER_LIST_DESC,
	PG_RM_ORDER_LIST_STATUS,
	PG_RM_ORDER_LIST_STATUS_DESC,
	/* eight: sort (4) x descending, see
	 * rm_order_sorted */
	PG_RM_ORDER_COUNT,
	PG_RM_ORDER_SORTED,
	PG_RM_ORDER_SORTED_LAST = PG_RM_ORDER_SORTED + 7,
	PG_RM_KEY_ADD,
	PG_RM_ORDER_FIND, /* then its descending twin */
	PG_RM_ORDER_FIND_DESC,
	PG_RM_SKU_ADD,
	PG_RM_SKU_IDS,
	PG_RM_TIMELINE_ADD,
	PG_RM_TIMELINE_LIST,
	PG_RM_CATALOG_PUT,
	PG_RM_CATALOG_REMOVE,
	PG_RM_CATALOG_GET_BY_SKU,
	PG_RM_CHECKPOINT_GET,
	PG_RM_CHECKPOINT_SET,
	PG_RM_PROJECTOR_GET,
	PG_RM_PROJECTOR_SET,
	PG_RM_PROJECTOR_ADVANCE,
	/* report store (report_store.c) */
	PG_RP_ORDER_GET,
	PG_RP_ORDER_PUT,
	PG_RP_LINE_ADD,
	PG_RP_LINES_GET,
	PG_RP_DAY_ADD,
	PG_RP_PRODUCT_ADD,
	PG_RP_DAYS,
	PG_RP_PRODUCTS,
	PG_RP_FUNNEL,
	PG_RP_TO_SHIP,
	PG_RP_TO_DELIVER,
	/* reactor store (reactor_store.c) */
	PG_RX_CHECKPOINT_GET,
	PG_RX_CHECKPOINT_SET,
	PG_RX_HANDLED,
	PG_RX_MARK_HANDLED,
	PG_RX_ALERT_ADD,
	PG_RX_ALERT_LIST,
	PG_RX_ALERT_ACK,
	PG__COUNT
} bo_pg_slot;

/* Spare slots for a file's own statements not listed above: run them with
 * PG_NO_SLOT, which executes them unprepared (PQexecParams). */
#define PG_NO_SLOT ((bo_pg_slot)-1)

/*
 * Something a port file must do when the outermost transaction ends (bulk
 * mode's held rows, say): the store's commit calls each set hook's
 * flush before COMMIT (a failure rolls everything back and is commit's
 * failure), its rollback calls drop. A port sets c->hooks[its index] when it
 * needs one and clears it itself (drop is called once, then forgotten).
 */
typedef struct bo_pg_hook {
	int (*flush)(struct bo_pg *c, bo_err *err);
	void (*drop)(struct bo_pg *c);
} bo_pg_hook;
#define BO_PG_HOOK_ORDERS 0  /* read_models.c */
#define BO_PG_HOOK_REPORTS 1 /* report_store.c */
#define BO_PG_HOOKS 2

/* Statements a pipeline sends between two syncs: each sync reads the
 * results so far, so a few kilobytes of them at most wait unread (a
 * pipeline nobody reads can fill the buffers of both sides and stall). */
#define BO_PG_BATCH 256

/* The connection every port's self points at. */
typedef struct bo_pg {
	PGconn *conn;
	char *conninfo; /* what libpq was given (schema= removed); secret */
	char *shown;    /* the URL as messages show it: password redacted */
	char schema[BO_PG_SCHEMA_MAX + 1];
	char *qschema; /* the schema quoted as an identifier, for "@." */
	bool prepared[PG__COUNT];
	/* Open store transactions: 1 is BEGIN + the store's advisory lock,
	 * each level above it a savepoint bo_l<depth>. */
	int depth;
	/* Whether this transaction wrote anything (the commit then sends the
	 * change notification; see pg_store.c). */
	bool wrote;
	/* flat_levels (pg_store.c): inner levels open no savepoint; doomed
	 * when one of them rolled back, so the outermost commit cannot. */
	bool flat, doomed;
	/* Test only (BACKOFFICE_PG_UNSERIALISED=1 in the environment at
	 * open): begin takes no advisory lock, so writers overlap. The no-skip
	 * test's negative control; nothing else may set it. */
	bool unserialised;
	/* How long begin waits for the store's lock before BO_EBUSY. */
	int lock_timeout_ms;
	/* Change notifications (LISTEN): how many arrived from other
	 * connections; data_version returns it. */
	int64_t notices;
	bool listening;
	/* The connection of the store's owner role (may act for any staff
	 * user; see user_dir.c); the session_user otherwise. */
	bool owner;
	char *session_user;
	bo_pg_hook hooks[BO_PG_HOOKS];
	/* What each hook's port holds until the transaction ends (bulk
	 * mode's rows); the port's own, freed by its hook's flush or drop. */
	void *hook_state[BO_PG_HOOKS];
	/* Online rebuild (shadow.c): which projectors' tables this
	 * connection now reads and writes as their shadow copies
	 * (BO_PG_SHADOW_* bits), and rewrite, set while any bit is on, puts
	 * in *out the SQL of a slot naming the shadow tables (a malloc'd
	 * copy, or NULL to keep the slot's own: its tables are not
	 * shadowed); -1 when out of memory. Statements prepared while
	 * shadowing are prepared under names of their own ("bo_s<slot>"). */
	unsigned shadow;
	int (*rewrite)(const struct bo_pg *c, bo_pg_slot slot, const char *sql,
		       char **out);
	bool shadow_prepared[PG__COUNT];
	/* Pipelined writes (bo_pg_batch_begin): on or off, how many
	 * statements went out since the last sync, and what each was doing
	 * (for the sentence of the one that fails). */
	bool batching;
	int batch_sent;
	const char *batch_doing[BO_PG_BATCH];
	/* BACKOFFICE_PG_TRACE_SQL (see pg_conn.h): the file every statement's
	 * text is appended to, -1 when off; this connection's number in its
	 * process, which the records carry. */
	int trace_fd;
	int trace_conn;
} bo_pg;

/* order_list, order_keys, order_timeline, catalog, product_skus */
#define BO_PG_SHADOW_ORDERS 1u
#define BO_PG_SHADOW_REPORTS 2u /* the four report tables */

/* The shadow op of both ports (shadow.c) for the tables of which (one
 * BO_PG_SHADOW_* bit), op a BO_SHADOW_* step: BEGIN creates <t>__rebuild
 * LIKE each live table and turns the bit on; SWAP renames each live table
 * to <t>__old and the shadow in its place; TRIM drops one set-aside or
 * abandoned table per call (1: one dropped, 0: none left); END drops what
 * is left; LEAVE only turns the bit off. Statements run with PG_NO_SLOT are
 * never rewritten: a port names the shadow tables itself there. */
int bo_pg_shadow(bo_pg *c, unsigned which, int op, bo_err *err);

/* ---- parameters ----------------------------------------------------------- */

#define BO_PG_MAX_ARGS 16

/* Text parameters for one statement; numbers are formatted into buf. */
typedef struct bo_pg_args {
	int n;
	const char *v[BO_PG_MAX_ARGS];
	char buf[BO_PG_MAX_ARGS][24];
} bo_pg_args;

/* Appends a text parameter (NULL is SQL NULL; borrowed until the run). */
void bo_pg_arg_text(bo_pg_args *a, const char *s);
/* Appends an integer parameter. */
void bo_pg_arg_int(bo_pg_args *a, int64_t v);

/* ---- running statements --------------------------------------------------- */

/*
 * Expands every "@." of sql to the connection's quoted schema and a dot.
 * The caller frees the result; NULL when out of memory.
 */
char *bo_pg_sql(const bo_pg *c, const char *sql);

/*
 * Runs sql (a slot's: prepared once and executed by name; PG_NO_SLOT:
 * PQexecParams) with a's parameters (a may be NULL). On success *res (when
 * res is not NULL) is the result, the caller's to PQclear; otherwise the
 * result is cleared here. Any PGRES_COMMAND_OK or PGRES_TUPLES_OK is
 * success. Failure: bo_pg_error's status and sentence naming doing.
 * Inside a transaction a failed statement spoils the whole transaction on
 * PostgreSQL: use bo_pg_run_guarded where a failure is an answer the caller
 * goes on from (a unique violation that means "conflict").
 */
int bo_pg_run(bo_pg *c, bo_pg_slot slot, const char *sql, const bo_pg_args *a,
	      PGresult **res, const char *doing, bo_err *err);
/* The same inside a savepoint of its own, released on success and rolled
 * back to on failure, so the transaction stays usable after a failure. */
int bo_pg_run_guarded(bo_pg *c, bo_pg_slot slot, const char *sql,
		      const bo_pg_args *a, PGresult **res, const char *doing,
		      bo_err *err);
/* Runs a statement (no parameters, no slot) for its effect only. */
int bo_pg_exec(bo_pg *c, const char *sql, const char *doing, bo_err *err);
/* PQexec of sql as it is (no "@." expansion: expand first), traced as
 * every statement is: the one way to the simple protocol (a migration's
 * many statements, COMMIT and ROLLBACK whatever the transaction's state).
 * The result is the caller's, as PQexec's. */
PGresult *bo_pg_exec_simple(bo_pg *c, const char *sql);

/*
 * Pipelined writes, for the many small ones of a bulk flush: between
 * begin and end, bo_pg_run sends a prepared slot's statement that wants
 * no result without waiting for it (one round trip per few hundred
 * instead of one each), and anything else (a read, a statement not
 * prepared yet) ends the pipeline, runs as usual, and starts it again.
 * A failure surfaces at a later bo_pg_run or at end (the first one's
 * status and sentence, naming what it was doing: doing must be a
 * constant there); as with any failed statement the transaction is spoilt
 * by it. end with nothing begun does nothing.
 */
int bo_pg_batch_begin(bo_pg *c, bo_err *err);
int bo_pg_batch_end(bo_pg *c, const char *doing, bo_err *err);

/* One statement of bo_pg_run_together: its SQL ("@." expanded), its
 * parameters (may be NULL) and what it does, for a failure's sentence. */
typedef struct bo_pg_stmt {
	const char *sql;
	const bo_pg_args *args;
	const char *doing;
} bo_pg_stmt;

/*
 * Sends the n statements of stmts in one pipeline and reads their answers
 * in one round trip (1 <= n <= BO_PG_TOGETHER_MAX; not while pipelined
 * writes are open). The
 * first failure is the status (bo_pg_error's, naming that statement's
 * doing); the server skips the statements after it. On success *last (if
 * last is not NULL) is the last statement's result, the caller's to
 * PQclear. Inside a transaction, a failure spoils it as any failed
 * statement does.
 */
int bo_pg_run_together(bo_pg *c, const bo_pg_stmt *stmts, int n,
		       PGresult **last, bo_err *err);
#define BO_PG_TOGETHER_MAX 8

/*
 * Maps a failed result (res may be NULL: the connection's own error) to a
 * port status with a sentence saying what was being done:
 *   40001 serialization failure, 40P01 deadlock, 55P03 lock not available
 *   (lock_timeout), 57014 canceled by statement_timeout -> BO_EBUSY
 *     "the store is busy while DOING; try again"
 *   23505 unique violation -> BO_ECONFLICT "DOING: ... already exists"
 *     (callers that expect it word their own sentence first)
 *   42501 insufficient privilege -> BO_EPERM "the database refused DOING
 *     to this login"
 *   a connection that is gone -> BO_ESTORAGE "lost the connection to
 *     the PostgreSQL server while DOING"
 *   anything else -> BO_ESTORAGE with the server's primary message.
 * The server's text is sanitised; no conninfo or password is ever part of it.
 */
int bo_pg_error(bo_pg *c, const PGresult *res, const char *doing, bo_err *err);
/* The SQLSTATE of a failed result ("" when none). */
const char *bo_pg_sqlstate(const PGresult *res);

/* BO_ESTORAGE "cannot <what> outside a transaction" unless one is open. */
int bo_pg_need_tx(bo_pg *c, const char *what, bo_err *err);

/* Writes the name of the store's own group role of role ("admin",
 * "support", "manager") into out (BO_PG_GROUP_MAX + 1 bytes). */
void bo_pg_group_name(const bo_pg *c, const char *role,
		      char out[BO_PG_GROUP_MAX + 1]);

/* Column col of row as int64 (0 for NULL) / a malloc'd copy (NULL for
 * NULL; BO_ENOMEM). */
int64_t bo_pg_int64(const PGresult *res, int row, int col);
int bo_pg_dup(char **out, const PGresult *res, int row, int col, bo_err *err);

/* Products and catalogue rows share one column order (as on SQLite): the
 * id, then these. */
#define BO_PG_PRODUCT_FIELDS                                                   \
	"sku, name, description, price, tax_bp, stock, retired, "              \
	"row_version, created_at, updated_at"
/* Fills *out (the caller's, bo_product_clear) from columns 0..10 of row. */
int bo_pg_product_from_row(bo_product *out, const PGresult *res, int row,
			   bo_err *err);
/* Appends sku .. updated_at (not id) of p, with row_version. */
void bo_pg_product_args(bo_pg_args *a, const bo_product *p,
			int64_t row_version);

/* ---- verify's side copies (any projector's tables; snapshot.c) ------------ */

/* Copies each named table of the store to a temporary table bo_snap_<t>
 * (ON COMMIT DROP; replacing an older copy), and reports, table by table,
 * the rows only in the copy as BO_ROW_ONLY_LIVE, then the rows only in the
 * table as BO_ROW_ONLY_REBUILD, each a typed row in bo_row_compare order
 * (the read-model port's diff contract). BO_EINVAL when a table has no copy
 * in this transaction. */
int bo_pg_snapshot_tables(bo_pg *c, const char *const *tables, bo_err *err);
int bo_pg_diff_tables(bo_pg *c, const char *const *tables, bo_diff_fn each,
		      void *ctx, bo_err *err);

/* ---- the ports' operation tables, one per file ---------------------------- */

extern const bo_store_ops bo_pg_store_ops;
extern const bo_event_store_ops bo_pg_event_store_ops;
extern const bo_product_repo_ops bo_pg_product_repo_ops;
extern const bo_user_dir_ops bo_pg_user_dir_ops;
extern const bo_tenant_dir_ops bo_pg_tenant_dir_ops;
extern const bo_read_models_ops bo_pg_read_models_ops;
extern const bo_report_store_ops bo_pg_report_store_ops;
extern const bo_reactor_store_ops bo_pg_reactor_store_ops;

/* The store port's recorded commands (commands.c). */
int bo_pg_command_get(void *self, const char *command_id,
		      bo_command_record *out, bo_err *err);
int bo_pg_command_put(void *self, const bo_command_record *r, bo_err *err);
/* The product repository's bulk records (bulks.c). */
int bo_pg_bulk_put(void *self, const bo_bulk_record *r, bo_err *err);
int bo_pg_bulk_get(void *self, const char *id, bo_bulk_record *out,
		   bo_err *err);
int bo_pg_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each, void *ctx,
		    bo_err *err);
int bo_pg_bulk_set_undone(void *self, const char *id, const char *by,
			  bo_err *err);

#endif
