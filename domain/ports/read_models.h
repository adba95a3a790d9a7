/* Port: the order-side read models (order list, timeline, catalogue), projector state and checkpoints. */
#ifndef BO_PORT_READ_MODELS_H
#define BO_PORT_READ_MODELS_H

#include <stdint.h>

#include "../order.h"
#include "../product.h"
#include "../status.h"
#include "rows.h"

/* One row of the order list: the order's scalars, no lines. */
typedef struct bo_order_row {
	int64_t id;
	int64_t version;
	bo_order_status status;
	char currency[4];
	char *customer_email;
	char *customer_name; /* may be NULL */
	int64_t items, total, tax, paid, refunded;
	int32_t payment_failures, notes;
	int64_t placed_at, updated_at;
} bo_order_row;

void bo_order_row_clear(bo_order_row *r);
/* A deep copy of src into *dst (the caller's, bo_order_row_clear).
 * BO_ENOMEM, leaving *dst cleared. */
int bo_order_row_copy(bo_order_row *dst, const bo_order_row *src);

/* One line of an order's timeline. */
typedef struct bo_timeline_row {
	int64_t order_id;
	int64_t version;
	int64_t position;
	int64_t recorded_at;
	char *event_id;
	char *user;
	char *role;
	char *type_name;
	char *summary; /* one line, see bo_event_summary */
} bo_timeline_row;

void bo_timeline_row_clear(bo_timeline_row *r);

typedef struct bo_order_query {
	int status; /* -1: any; else a bo_order_status */
	const char *
	    customer; /* NULL: any; else case-insensitive substring of email or name */
	int64_t
	    after_id; /* keyset paging: ids greater than this (0: from the start) */
	int64_t limit; /* 0: no limit */
	/* Added for the TUI; a zeroed tail keeps the id-ascending listing of
	 * every date. descending 1: ids in decreasing order, and after_id then
	 * means ids below it (0: from the last order). placed_from and
	 * placed_to (ms, 0: unbounded) keep placed_from <= placed_at <
	 * placed_to. */
	int descending;
	int64_t placed_from, placed_to;
	/*
	 * Added for the TUI's sort; zero keeps the order by id. Another sort
	 * orders by (key, id), both ascending or both descending
	 * (descending), and pages by that pair: with after_id > 0 only rows
	 * strictly past (after_value or after_text, after_id) come. Keys:
	 * PLACED placed_at; CUSTOMER the customer's name, or the e-mail when
	 * there is none, ASCII letters in lower case, compared byte by byte
	 * (bo_order_customer_key); TOTAL total; STATUS the status's place in
	 * the lifecycle (bo_order_status: placed, paid, shipped, delivered,
	 * cancelled).
	 */
	int sort; /* a bo_order_sort */
	int64_t after_value;
	const char *after_text;
	/* Added for the refund filter (a bo_order_refunds; 0: any order). */
	int refunds;
} bo_order_query;

/* bo_order_query.refunds: which orders by what was refunded of them. */
typedef enum {
	BO_REFUNDS_ANY_ORDER, /* no filter */
	BO_REFUNDS_SOME,      /* something was refunded */
	BO_REFUNDS_FULL,      /* all that was paid was refunded */
	BO_REFUNDS_PART       /* some, not all, of what was paid */
} bo_order_refunds;

typedef enum {
	BO_ORDER_SORT_NUMBER,
	BO_ORDER_SORT_PLACED,
	BO_ORDER_SORT_CUSTOMER,
	BO_ORDER_SORT_TOTAL,
	BO_ORDER_SORT_STATUS,
	BO_ORDER_SORT__COUNT
} bo_order_sort;

/* The CUSTOMER sort key of r (see bo_order_query), malloc'd; NULL on
 * ENOMEM. */
char *bo_order_customer_key(const bo_order_row *r);

/*
 * A search over the orders' search keys (order_keys; see
 * domain/search_keys.h for what the keys are and how they are
 * normalised). text is already normalised. An order matches when one of
 * its keys (of kind, when kind is set) starts with text, or equals it when
 * exact is set, or when its id is order_id (0: no such alternative).
 * Each matching order is given once, in id order (descending: decreasing),
 * keyset-paged like bo_order_query: ids above after_id (descending: below
 * it, 0 meaning from the last order); limit 0: no limit.
 */
typedef struct bo_order_find {
	const char *text;
	const char *kind; /* NULL: any kind */
	int exact;
	int64_t order_id;
	int64_t after_id;
	int64_t limit;
	int descending;
} bo_order_find;

typedef int (*bo_order_row_each_fn)(void *ctx, const bo_order_row *r);
typedef int (*bo_timeline_each_fn)(void *ctx, const bo_timeline_row *r);
/* One product id (product_ids_by_sku). */
typedef int (*bo_product_id_each_fn)(void *ctx, int64_t product_id);

/*
 * One row that differs between a read model's copy and the table now (see
 * diff): the row, typed (its table, its columns by the names the SQLite
 * schema gives them, in declared order; rows.h), borrowed for the call,
 * and the side it is only on. bo_row_format gives its one text. Return 0
 * to go on, a negative status to stop with it (the stop rule of ports.h).
 */
typedef int (*bo_diff_fn)(void *ctx, const bo_row *row, bo_row_side side);

typedef struct bo_read_models_ops {
	int version; /* BO_READ_MODELS_OPS_VERSION */

	/* Order list. order_get: BO_ENOTFOUND; *out is the caller's. */
	int (*order_get)(void *self, int64_t id, bo_order_row *out,
			 bo_err *err);
	/* Inside a transaction: insert or replace the row with r->id. */
	int (*order_put)(void *self, const bo_order_row *r, bo_err *err);
	/* Rows matching q in id order; each stops the walk as ports.h says. */
	int (*order_list)(void *self, const bo_order_query *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err);

	/* Search keys (added in version 4). key_add, inside a transaction:
	 * records that order_id has key (normalised) of kind; a key it
	 * already has of that kind is kept once. order_find: the rows of the
	 * orders q matches, each once, in q's order; each stops the walk as
	 * ports.h says. */
	int (*key_add)(void *self, int64_t order_id, const char *kind,
		       const char *key, bo_err *err);
	int (*order_find)(void *self, const bo_order_find *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err);

	/* Timeline: inside a transaction. (order_id, version) is unique: a
	 * second line for the same event is refused, so an event applied
	 * twice fails loudly instead of showing twice. */
	int (*timeline_add)(void *self, const bo_timeline_row *r, bo_err *err);
	/* Lines of one order in version order. */
	int (*timeline_list)(void *self, int64_t order_id,
			     bo_timeline_each_fn each, void *ctx, bo_err *err);

	/* Order-side product catalogue (a projection of Product* events). */
	int (*catalog_put)(void *self, const bo_product *p, bo_err *err);
	int (*catalog_remove)(void *self, int64_t product_id, bo_err *err);
	/* BO_ENOTFOUND when no catalogue entry has that SKU. */
	int (*catalog_get_by_sku)(void *self, const char *sku, bo_product *out,
				  bo_err *err);

	/* Product SKUs (added in version 5): which products ever carried a
	 * SKU, so a product's history is found without reading the whole
	 * log. product_sku_add, inside a transaction: records that product_id
	 * carried sku (a pair already recorded is kept once).
	 * product_ids_by_sku: each product id that ever carried sku, each
	 * once, in increasing order; none is not an error. each stops the
	 * walk as ports.h says. */
	int (*product_sku_add)(void *self, const char *sku, int64_t product_id,
			       bo_err *err);
	int (*product_ids_by_sku)(void *self, const char *sku,
				  bo_product_id_each_fn each, void *ctx,
				  bo_err *err);

	/* Inside a transaction: empties the tables of the orders projector
	 * (order list, search keys, timeline, catalogue, product SKUs) for a
	 * rebuild. Projector state,
	 * checkpoints and other projectors' tables stay. */
	int (*reset)(void *self, bo_err *err);
	/* Named checkpoints of other log consumers (reactors): the last
	 * position one handled (0 when never run). The projectors keep theirs
	 * in the projector state below. */
	int (*checkpoint_get)(void *self, const char *projector, int64_t *out,
			      bo_err *err);
	/* Inside a transaction. */
	int (*checkpoint_set)(void *self, const char *projector,
			      int64_t position, bo_err *err);

	/*
	 * Projector state: the projector version its read model was built
	 * with and the last position applied to it. A name never recorded
	 * gives version 0 (never built) and checkpoint 0.
	 *
	 * Checkpoints with many writers (the store's serialised write
	 * transactions, store.h, make each point hold): a checkpoint is
	 * written in the same transaction as the read-model changes it
	 * covers, so a crash keeps both or neither. Outside a rebuild it only
	 * moves forward: catch-up advances it to the last event it applied,
	 * read after it under the write lock; an inline projector's advances
	 * to the position of the event its own transaction appends, which is
	 * above every committed one because positions commit in order. So an
	 * inline event is applied exactly once, by its own append, and a
	 * later catch-up starts past it. A backend that let writers commit
	 * concurrently would break both: it would have to keep the greater of
	 * the stored and the new checkpoint in projector_advance, make inline
	 * apply idempotent per (stream, version) (an event whose version the
	 * order's row already holds is skipped, not refused), and take the
	 * projector's state row FOR UPDATE in projector_get inside the
	 * engine's transactions.
	 */
	int (*projector_get)(void *self, const char *name, int *version,
			     int64_t *checkpoint, bo_err *err);
	/* Inside a transaction: records both (after a rebuild). */
	int (*projector_set)(void *self, const char *name, int version,
			     int64_t checkpoint, bo_err *err);
	/* Inside a transaction: moves the checkpoint forward and keeps the
	 * version; a name not yet recorded gets version 0, so it is rebuilt
	 * when checked. Callers never pass a checkpoint below the stored one
	 * (see above); only projector_set, after a rebuild, may lower it. */
	int (*projector_advance)(void *self, const char *name,
				 int64_t checkpoint, bo_err *err);

	/* Inside a transaction: copies the orders projector's tables aside,
	 * for verify. A second snapshot replaces the first; the copy goes when
	 * the outermost transaction ends. */
	int (*snapshot)(void *self, bo_err *err);
	/* Calls each for every row that differs between the copy and the
	 * tables now: rows only in the copy as BO_ROW_ONLY_LIVE, rows only in
	 * the tables as BO_ROW_ONLY_REBUILD (a changed row is both); table by
	 * table (order_list, order_keys, order_timeline, catalog,
	 * product_skus), in each
	 * table first every live-only row, then every rebuild-only row, each group in
	 * bo_row_compare order. BO_EINVAL when no
	 * snapshot was taken in this transaction. A negative status from each stops
	 * the walk and is returned. */
	int (*diff)(void *self, bo_diff_fn each, void *ctx, bo_err *err);

	/*
	 * Optional (NULL: rows are always written at once). Inside a
	 * transaction, for replays: on lets the adapter keep order-list rows
	 * that order_put wrote and order_get read in memory and write each
	 * once later (a replay rewrites an order's row for every event); off
	 * writes what it holds. While on, only order_get and order_put see the
	 * held rows; a commit writes them first, a rollback drops them and
	 * ends bulk mode. BO_ESTORAGE, BO_ENOMEM.
	 */
	int (*bulk)(void *self, int on, bo_err *err);

	/*
	 * Optional (NULL: the backend cannot build beside the live tables,
	 * and the engine rebuilds in one transaction instead; see
	 * bo_rm_shadow_supported). Shadow tables of the orders projector, for
	 * an online rebuild, each call inside a transaction:
	 *
	 * BO_SHADOW_BEGIN drops whatever shadow or set-aside tables an earlier
	 * rebuild left (a crash, a kill), creates empty shadow copies of the
	 * order list, timeline and catalogue, and from then on this
	 * connection's order, timeline and catalogue ops (reads and writes)
	 * use the shadow copies. Other connections keep using the live
	 * tables and never see the shadow.
	 *
	 * BO_SHADOW_SWAP makes the shadow copies the live tables at once (the
	 * old live tables are set aside, or dropped), and this connection's
	 * ops use the live tables again. A reader on another connection gets
	 * the whole old model until the transaction commits and the whole new
	 * one after, never a mix of the two. One that arrives while the swap
	 * is uncommitted is either served the old model at once (SQLite: its
	 * snapshot) or waits for the commit and then reads the new one
	 * (PostgreSQL: the swap holds the tables' exclusive locks), a wait as
	 * short as the swap itself; it gets no error for it beyond a timeout
	 * it set itself. After a rollback the live tables are as before, the
	 * shadow too.
	 *
	 * BO_SHADOW_END drops the set-aside tables (after a committed swap) or
	 * the shadow copies (an abandoned rebuild) and puts this connection's
	 * ops back on the live tables; the live tables are not touched. It
	 * may take a transaction of its own, so the swap stays short.
	 *
	 * BO_SHADOW_TRIM (optional) deletes a short while's worth of the
	 * rows of the set-aside or abandoned shadow tables, dropping those
	 * it empties, so that END, called when TRIM returns 0, has little
	 * left to drop. Returns 1 while rows remain, 0 once none do (a
	 * backend without it refuses the op: the engine goes to END).
	 *
	 * BO_SHADOW_LEAVE only puts this connection's ops back on the live
	 * tables and drops nothing: the shadow now belongs to another rebuild
	 * (a backend with one connection may treat it as END). No
	 * transaction needed.
	 *
	 * Projector state and checkpoints are never shadowed. BO_ESTORAGE,
	 * BO_EBUSY, BO_ENOMEM.
	 */
	int (*shadow)(void *self, int op, bo_err *err);

	/*
	 * Optional (NULL: the count is not known). How many rows order_list
	 * would give for q's status, customer and placed_at filter, whatever
	 * its paging, sort and limit, into *out. BO_ESTORAGE.
	 */
	int (*order_count)(void *self, const bo_order_query *q, int64_t *out,
			   bo_err *err);
} bo_read_models_ops;

#define BO_READ_MODELS_OPS_VERSION 5

/* The shadow ops' op argument (read models and report store alike). */
#define BO_SHADOW_BEGIN 1
#define BO_SHADOW_SWAP 2
#define BO_SHADOW_END 3
#define BO_SHADOW_LEAVE 4
#define BO_SHADOW_TRIM 5

typedef struct bo_read_models {
	const bo_read_models_ops *ops;
	void *self;
} bo_read_models;

int bo_rm_order_get(const bo_read_models *rm, int64_t id, bo_order_row *out,
		    bo_err *err);
int bo_rm_order_put(const bo_read_models *rm, const bo_order_row *r,
		    bo_err *err);
int bo_rm_order_list(const bo_read_models *rm, const bo_order_query *q,
		     bo_order_row_each_fn each, void *ctx, bo_err *err);
int bo_rm_key_add(const bo_read_models *rm, int64_t order_id, const char *kind,
		  const char *key, bo_err *err);
int bo_rm_order_find(const bo_read_models *rm, const bo_order_find *q,
		     bo_order_row_each_fn each, void *ctx, bo_err *err);
int bo_rm_timeline_add(const bo_read_models *rm, const bo_timeline_row *r,
		       bo_err *err);
int bo_rm_timeline_list(const bo_read_models *rm, int64_t order_id,
			bo_timeline_each_fn each, void *ctx, bo_err *err);
int bo_rm_catalog_put(const bo_read_models *rm, const bo_product *p,
		      bo_err *err);
int bo_rm_catalog_remove(const bo_read_models *rm, int64_t product_id,
			 bo_err *err);
int bo_rm_catalog_get_by_sku(const bo_read_models *rm, const char *sku,
			     bo_product *out, bo_err *err);
int bo_rm_product_sku_add(const bo_read_models *rm, const char *sku,
			  int64_t product_id, bo_err *err);
int bo_rm_product_ids_by_sku(const bo_read_models *rm, const char *sku,
			     bo_product_id_each_fn each, void *ctx,
			     bo_err *err);
int bo_rm_reset(const bo_read_models *rm, bo_err *err);
int bo_rm_checkpoint_get(const bo_read_models *rm, const char *projector,
			 int64_t *out, bo_err *err);
int bo_rm_checkpoint_set(const bo_read_models *rm, const char *projector,
			 int64_t position, bo_err *err);
int bo_rm_projector_get(const bo_read_models *rm, const char *name,
			int *version, int64_t *checkpoint, bo_err *err);
int bo_rm_projector_set(const bo_read_models *rm, const char *name, int version,
			int64_t checkpoint, bo_err *err);
int bo_rm_projector_advance(const bo_read_models *rm, const char *name,
			    int64_t checkpoint, bo_err *err);
int bo_rm_snapshot(const bo_read_models *rm, bo_err *err);
int bo_rm_diff(const bo_read_models *rm, bo_diff_fn each, void *ctx,
	       bo_err *err);
int bo_rm_bulk(const bo_read_models *rm, int on, bo_err *err);
/* The optional order_count; BO_EINVAL when the adapter has none. */
int bo_rm_order_count(const bo_read_models *rm, const bo_order_query *q,
		      int64_t *out, bo_err *err);
/* Whether the adapter has the optional shadow op (online rebuild). */
int bo_rm_shadow_supported(const bo_read_models *rm);
/* Calls the shadow op; BO_EINVAL when the adapter has none (ask first). */
int bo_rm_shadow(const bo_read_models *rm, int op, bo_err *err);

#endif
