/* Shared state of the in-memory backend: what every port file of adapters/memory sees. */
#ifndef BO_MEMORY_INTERNAL_H
#define BO_MEMORY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "domain/ports/ports.h"

typedef struct bo_mem_kv {
	char *key;
	char *value;
} bo_mem_kv;

/* Projector state: the version a read model was built with, its checkpoint. */
typedef struct bo_mem_projector {
	char *name;
	int version;
	int64_t checkpoint;
} bo_mem_projector;

/* One row of order_keys: a search key of an order (read_models.c). */
typedef struct bo_mem_key {
	int64_t order_id;
	char *kind;
	char *key;
} bo_mem_key;

/* One row of product_skus: a SKU a product once carried (read_models.c). */
typedef struct bo_mem_sku {
	char *sku;
	int64_t product_id;
} bo_mem_sku;

typedef struct bo_mem_num {
	char *name;
	int64_t value;
} bo_mem_num;

/*
 * Everything except the event log. begin copies it whole into a snapshot and
 * rollback puts the snapshot back: simple, obviously correct, and the stores
 * the tests build are small.
 */
typedef struct bo_mem_state {
	bo_mem_kv *settings;
	size_t nsettings;
	bo_mem_num *sequences;
	size_t nsequences;
	bo_product *products;
	size_t nproducts;
	int64_t
	    last_product_id; /* highest id ever used: ids are never reused */
	bo_order_row *orders;
	size_t norders;
	bo_mem_key *keys;
	size_t nkeys;
	bo_timeline_row *timeline;
	size_t ntimeline;
	bo_product *catalog;
	size_t ncatalog;
	bo_mem_sku *skus;
	size_t nskus;
	bo_mem_num *checkpoints;
	size_t ncheckpoints;
	bo_mem_projector *projectors;
	size_t nprojectors;
	bo_user *users;
	size_t nusers;
	bo_tenant *tenants;
	size_t ntenants;
	bo_bulk_record *bulks; /* bulks.c: in the order recorded */
	size_t nbulks;
	struct bo_mem_reports *reports;   /* report_store.c; NULL until used */
	struct bo_mem_reactors *reactors; /* reactor_store.c; NULL until used */
	/* An online rebuild's shadow tables, inside the state so that
	 * transactions cover them: the orders projector's (only the order,
	 * timeline, keys, catalogue and SKU fields are used; NULL: off) and the reports
	 * projector's (rs_shadow_on; the tables made on first use). */
	struct bo_mem_state *rm_shadow;
	int rs_shadow_on;
	struct bo_mem_reports *rs_shadow;
} bo_mem_state;

/* What one begin saved, to put back on rollback. The log is append-only, so
 * a rollback only has to cut it back to its length then. */
typedef struct bo_mem_saved {
	bo_mem_state state;
	size_t nevents;
	int64_t last_position;
	size_t ncommands; /* recorded commands are never changed either */
} bo_mem_saved;

/* The order-side read models set aside by the read-model port's snapshot
 * (verify); dropped when the outermost transaction ends. */
typedef struct bo_mem_snapshot {
	bo_order_row *orders;
	size_t norders;
	bo_mem_key *keys;
	size_t nkeys;
	bo_timeline_row *timeline;
	size_t ntimeline;
	bo_product *catalog;
	size_t ncatalog;
	bo_mem_sku *skus;
	size_t nskus;
	int taken;
} bo_mem_snapshot;

typedef struct bo_memory {
	bo_mem_state cur;
	bo_mem_saved *saved; /* one per open transaction, outermost first */
	size_t capsaved;
	bo_stored_event *events; /* in position order, as stored */
	size_t nevents, capevents;
	int64_t last_position;
	bo_command_record *commands; /* in the order recorded (commands.c) */
	size_t ncommands, capcommands;
	int in_tx;       /* depth: how many transactions are open (they nest) */
	int64_t commits; /* outermost commits so far: the data_version */
	bo_mem_snapshot snap;
} bo_memory;

/*
 * One typed row of a memory table for verify (read_models.c): its columns
 * named as the SQLite schema names them, values borrowed from the source
 * row (cur holds an order's currency code). bo_mem_col_int/_text append a
 * column (at most BO_MEM_ROW_COLS).
 */
#define BO_MEM_ROW_COLS 16
typedef struct bo_mem_row {
	bo_row row;
	bo_row_column cols[BO_MEM_ROW_COLS];
	char cur[4];
} bo_mem_row;

void bo_mem_col_int(bo_mem_row *r, const char *name, int64_t v);
void bo_mem_col_text(bo_mem_row *r, const char *name, const char *t);

/* Fills *out from the row at src (out is zeroed and its table set). */
typedef void (*bo_mem_row_fill_fn)(bo_mem_row *out, const void *src);

/*
 * The diff contract of the read-model and report ports over two arrays of
 * size-byte rows: every row of live that no row of now equals (as typed
 * rows) is reported BO_ROW_ONLY_LIVE, then every row of now no row of live
 * equals BO_ROW_ONLY_REBUILD, each group in bo_row_compare order. Stops at
 * a negative return of each and returns it; BO_ENOMEM.
 */
int bo_mem_diff_rows(const char *table, const void *live, size_t nlive,
		     const void *now, size_t nnow, size_t size,
		     bo_mem_row_fill_fn fill, bo_diff_fn each, void *ctx,
		     bo_err *err);

extern const bo_event_store_ops bo_mem_event_store_ops;
extern const bo_product_repo_ops bo_mem_product_repo_ops;
/* The product repository's bulk records (bulks.c). */
int bo_mem_bulk_put(void *self, const bo_bulk_record *r, bo_err *err);
int bo_mem_bulk_get(void *self, const char *id, bo_bulk_record *out,
		    bo_err *err);
int bo_mem_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each,
		     void *ctx, bo_err *err);
int bo_mem_bulk_set_undone(void *self, const char *id, const char *by,
			   bo_err *err);
extern const bo_read_models_ops bo_mem_read_models_ops;
extern const bo_user_dir_ops bo_mem_user_dir_ops;
extern const bo_tenant_dir_ops bo_mem_tenant_dir_ops;
extern const bo_report_store_ops bo_mem_report_store_ops;
extern const bo_reactor_store_ops bo_mem_reactor_store_ops;

/* The reactor state and alerts of a state (reactor_store.c): deep copy
 * (NULL stays NULL; BO_ENOMEM) and free (NULL is fine). */
struct bo_mem_reactors;
int bo_mem_reactors_copy(struct bo_mem_reactors **dst,
			 const struct bo_mem_reactors *src);
void bo_mem_reactors_free(struct bo_mem_reactors *r);

/* The report tables of a state (report_store.c): deep copy (NULL stays
 * NULL; BO_ENOMEM) and free (NULL is fine). */
struct bo_mem_reports;
int bo_mem_reports_copy(struct bo_mem_reports **dst,
			const struct bo_mem_reports *src);
void bo_mem_reports_free(struct bo_mem_reports *r);

/* The store port's recorded commands (commands.c), and cutting them back to
 * the first n (a rollback; n = 0 frees them all). */
int bo_mem_command_get(void *self, const char *command_id,
		       bo_command_record *out, bo_err *err);
int bo_mem_command_put(void *self, const bo_command_record *r, bo_err *err);
void bo_mem_commands_cut(bo_memory *m, size_t n);

/* BO_ESTORAGE naming what when no transaction is open, else BO_OK. */
int bo_mem_need_tx(const bo_memory *m, const char *what, bo_err *err);
/* Sets the out-of-memory error and returns BO_ENOMEM. */
int bo_mem_nomem(bo_err *err);

/* *out = copy of s (NULL stays NULL). BO_ENOMEM. */
int bo_mem_dup(char **out, const char *s);
/* Grows *arr (of elements of size sz) by one zeroed element at index n. */
int bo_mem_grow(void *arr, size_t n, size_t sz);
/* ASCII case-insensitive substring test; NULL haystack never matches. */
int bo_mem_contains_ci(const char *hay, const char *needle);

/*
 * The list walk of the directories (users, tenants): copies the n rows of
 * size sz at rows (copy: 0 or BO_ENOMEM), sorts the copies with cmp, and
 * calls visit(ctx, row) for each in that order, stopping at a negative
 * return, which it returns; clear frees each copy. The callback may change
 * the store: it sees the rows as they were.
 */
int bo_mem_walk_sorted(const void *rows, size_t n, size_t sz,
		       int (*copy)(void *dst, const void *src),
		       void (*clear)(void *row),
		       int (*cmp)(const void *, const void *),
		       int (*visit)(void *ctx, const void *row), void *ctx,
		       bo_err *err);

/* Deep copies; dst is overwritten and left zeroed on failure. BO_ENOMEM. */
int bo_mem_order_row_copy(bo_order_row *dst, const bo_order_row *src);
int bo_mem_timeline_row_copy(bo_timeline_row *dst, const bo_timeline_row *src);
int bo_mem_key_copy(bo_mem_key *dst, const bo_mem_key *src);
/* Frees the n keys at keys and the array. */
void bo_mem_keys_free(bo_mem_key *keys, size_t n);
int bo_mem_sku_copy(bo_mem_sku *dst, const bo_mem_sku *src);
/* Frees the n rows at skus and the array. */
void bo_mem_skus_free(bo_mem_sku *skus, size_t n);
int bo_mem_user_copy(bo_user *dst, const bo_user *src);
int bo_mem_tenant_copy(bo_tenant *dst, const bo_tenant *src);
int bo_mem_product_copy(bo_product *dst, const bo_product *src);

/* The state whose order list, timeline and catalogue the read-model ops
 * use: the shadow during an online rebuild, else the current one. */
bo_mem_state *bo_mem_rm_state(bo_memory *m);
/* Frees a state and zeroes it (memory_store.c). */
void bo_mem_state_free(bo_mem_state *s);

/* Frees what the snapshot holds and zeroes it. */
void bo_mem_snapshot_free(bo_mem_snapshot *s);

#endif
