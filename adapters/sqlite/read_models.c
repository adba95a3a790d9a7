/* The read models port over SQLite: order list, timeline, catalogue, projector state, checkpoints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"
#include "domain/search_keys.h"

/* Statuses are stored by name so the tables read well in the sqlite3 shell. */
static const char *const status_names[] = {
#define BO_X(name, text) [name] = text,
    BO_ORDER_STATUS_TABLE(BO_X)
#undef BO_X
};

#define NSTATUS ((int)(sizeof(status_names) / sizeof(status_names[0])))

static const char *status_name(int s)
{
	return s >= 0 && s < NSTATUS ? status_names[s] : NULL;
}

static int status_parse(const char *text)
{
	for (int s = 0; text && s < NSTATUS; s++)
		if (strcmp(status_names[s], text) == 0)
			return s;
	return -1;
}

/* Text bound without a copy: only for values that outlive the statement's
 * step, whose bindings bo_sq_release clears. */
static int bind_static(sqlite3_stmt *st, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC);
}

#define ORDER_COLUMNS                                                          \
	"id, version, status, currency, customer_email, customer_name, "       \
	"items, total, tax, paid, refunded, payment_failures, notes, "         \
	"placed_at, updated_at"
#define CATALOG_COLUMNS "product_id, " BO_SQ_PRODUCT_FIELDS

static int row_to_order(bo_order_row *out, sqlite3_stmt *st, bo_err *err)
{
	bo_order_row r = {0};
	const char *status = (const char *)sqlite3_column_text(st, 2);
	const char *currency = (const char *)sqlite3_column_text(st, 3);
	int s;

	r.id = sqlite3_column_int64(st, 0);
	if ((s = status_parse(status)) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "order %" PRId64 " has an unknown status %s",
				  r.id, status ? status : "NULL");
	r.version = sqlite3_column_int64(st, 1);
	r.status = (bo_order_status)s;
	if (currency)
		/* the column holds three letters; strncpy-like copy that
		 * always terminates */
		for (size_t i = 0; i < sizeof(r.currency) - 1 && currency[i];
		     i++)
			r.currency[i] = currency[i];
	if (bo_sq_column_dup(&r.customer_email, st, 4) < 0 ||
	    bo_sq_column_dup(&r.customer_name, st, 5) < 0) {
		bo_order_row_clear(&r);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading order %" PRId64, r.id);
	}
	r.items = sqlite3_column_int64(st, 6);
	r.total = sqlite3_column_int64(st, 7);
	r.tax = sqlite3_column_int64(st, 8);
	r.paid = sqlite3_column_int64(st, 9);
	r.refunded = sqlite3_column_int64(st, 10);
	r.payment_failures = sqlite3_column_int(st, 11);
	r.notes = sqlite3_column_int(st, 12);
	r.placed_at = sqlite3_column_int64(st, 13);
	r.updated_at = sqlite3_column_int64(st, 14);
	*out = r;
	return 0;
}

static int db_order_get(bo_sqlite *c, int64_t id, bo_order_row *out,
			bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = bo_sq_acquire(
	    c, SQ_RM_ORDER_GET,
	    "SELECT " ORDER_COLUMNS " FROM order_list WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_order(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %" PRId64 " does not exist", id);
	else
		rc = bo_sq_error(c, rc, "reading the order list", err);
	bo_sq_release(c, SQ_RM_ORDER_GET, st);
	return rc;
}

static int db_order_put(bo_sqlite *c, const bo_order_row *r, bo_err *err)
{
	const char *status = status_name((int)r->status);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the order list", err)) < 0)
		return rc;
	if (!status)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 " has an unknown status %d",
				  r->id, (int)r->status);
	rc = bo_sq_acquire(c, SQ_RM_ORDER_PUT,
			   "INSERT OR REPLACE INTO order_list (" ORDER_COLUMNS
			   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			   "?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->version);
	bo_sq_bind_text(st, 3, status);
	sqlite3_bind_text(st, 4, r->currency, (int)strnlen(r->currency, 3),
			  SQLITE_TRANSIENT);
	bind_static(st, 5, r->customer_email);
	bind_static(st, 6, r->customer_name);
	sqlite3_bind_int64(st, 7, r->items);
	sqlite3_bind_int64(st, 8, r->total);
	sqlite3_bind_int64(st, 9, r->tax);
	sqlite3_bind_int64(st, 10, r->paid);
	sqlite3_bind_int64(st, 11, r->refunded);
	sqlite3_bind_int(st, 12, r->payment_failures);
	sqlite3_bind_int(st, 13, r->notes);
	sqlite3_bind_int64(st, 14, r->placed_at);
	sqlite3_bind_int64(st, 15, r->updated_at);
	return bo_sq_run(c, SQ_RM_ORDER_PUT, st, "writing the order list", err);
}

/* ---- bulk mode: order rows held in memory during a replay ----------------- */

/* Rows held at most; past it they are written out and forgotten, so memory
 * stays bounded however long the replay. Half the slots: probes stay short. */
#define HELD_SLOTS 65536u
#define HELD_MAX (HELD_SLOTS / 2)

typedef struct held_slot {
	bo_order_row row;
	bool used, dirty;
} held_slot;

struct bo_sq_held {
	held_slot *slots; /* open addressing by id, linear probing */
	size_t n;
};

static int copy_row(bo_order_row *dst, const bo_order_row *src)
{
	return bo_order_row_copy(dst, src);
}

/* The slot holding id, or the empty one where it would go. */
static held_slot *held_find(struct bo_sq_held *h, int64_t id)
{
	/* Order ids are dense: the id itself spreads them, and the rows are
	 * written back in nearly id order, which the b-tree likes. */
	size_t i = (size_t)((uint64_t)id & (HELD_SLOTS - 1));

	for (;; i = (i + 1) & (HELD_SLOTS - 1)) {
		held_slot *s = &h->slots[i];

		if (!s->used || s->row.id == id)
			return s;
	}
}

/* Writes every changed row; rows stay held (clean). */
static int held_write(bo_sqlite *c, bo_err *err)
{
	struct bo_sq_held *h = c->held;
	int rc;

	for (size_t i = 0; h && i < HELD_SLOTS; i++) {
		held_slot *s = &h->slots[i];

		if (!s->used || !s->dirty)
			continue;
		if ((rc = db_order_put(c, &s->row, err)) < 0)
			return rc;
		s->dirty = false;
	}
	return 0;
}

static void held_forget(struct bo_sq_held *h)
{
	for (size_t i = 0; i < HELD_SLOTS; i++)
		if (h->slots[i].used)
			bo_order_row_clear(&h->slots[i].row);
	memset(h->slots, 0, HELD_SLOTS * sizeof(*h->slots));
	h->n = 0;
}

/* Keeps a copy of r in its slot (replacing what was there). */
static int held_keep(bo_sqlite *c, const bo_order_row *r, bool dirty,
		     bo_err *err)
{
	struct bo_sq_held *h = c->held;
	held_slot *s;
	bo_order_row copy;
	int rc;

	if (copy_row(&copy, r) < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	s = held_find(h, r->id);
	if (!s->used && h->n >= HELD_MAX) {
		if ((rc = held_write(c, err)) < 0) {
			bo_order_row_clear(&copy);
			return rc;
		}
		held_forget(h);
		s = held_find(h, r->id);
	}
	if (s->used) {
		bo_order_row_clear(&s->row);
	} else {
		s->used = true;
		h->n++;
	}
	s->row = copy;
	s->dirty = s->dirty || dirty;
	return 0;
}

int bo_sq_held_flush(bo_sqlite *c, bo_err *err)
{
	return held_write(c, err);
}

void bo_sq_held_drop(bo_sqlite *c)
{
	if (!c->held)
		return;
	held_forget(c->held);
	free(c->held->slots);
	free(c->held);
	c->held = NULL;
}

static int rm_bulk(void *self, int on, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if ((rc = bo_sq_need_tx(c, "hold the order list", err)) < 0)
		return rc;
	if (!on) {
		rc = held_write(c, err);
		bo_sq_held_drop(c);
		return rc;
	}
	if (c->held)
		return 0;
	c->held = calloc(1, sizeof(*c->held));
	if (c->held)
		c->held->slots = calloc(HELD_SLOTS, sizeof(*c->held->slots));
	if (!c->held || !c->held->slots) {
		free(c->held);
		c->held = NULL;
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return 0;
}

static int rm_order_get(void *self, int64_t id, bo_order_row *out, bo_err *err)
{
	bo_sqlite *c = self;
	held_slot *s;
	int rc;

	if (!c->held)
		return db_order_get(c, id, out, err);
	s = held_find(c->held, id);
	if (s->used) {
		if (copy_row(out, &s->row) < 0)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		return 0;
	}
	if ((rc = db_order_get(c, id, out, err)) < 0)
		return rc;
	return held_keep(c, out, false, err);
}

static int rm_order_put(void *self, const bo_order_row *r, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if (!c->held)
		return db_order_put(c, r, err);
	if ((rc = bo_sq_need_tx(c, "write the order list", err)) < 0)
		return rc;
	if (!status_name((int)r->status))
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 " has an unknown status %d",
				  r->id, (int)r->status);
	return held_keep(c, r, true, err);
}

/* instr() rather than LIKE: '%' and '_' in a search are plain characters.
 * Unset bounds are bound as the extremes so the id range stays a plain
 * rowid range (an "?3 = 0 OR" would make SQLite walk the whole table). */
/* A status filter is its own statement: "status = ?1" alone lets SQLite walk
 * the status index, already in id order, instead of the whole table. */
#define ORDER_LIST_ANY "WHERE ?1 IS NULL "
#define ORDER_LIST_STATUS "WHERE status = ?1 "
#define ORDER_LIST_WHERE                                                       \
	"AND (?2 IS NULL "                                                     \
	"OR instr(lower(customer_email), lower(?2)) > 0 "                      \
	"OR instr(lower(customer_name), lower(?2)) > 0) "                      \
	"AND placed_at >= ?5 AND placed_at < ?6 "                              \
	"AND (?7 = 0 OR (refunded > 0 AND (?7 = 1 "                            \
	"OR (?7 = 2 AND refunded >= paid) "                                    \
	"OR (?7 = 3 AND refunded < paid)))) "

#define ORDER_LIST_SELECT(filter, order)                                       \
	"SELECT " ORDER_COLUMNS                                                \
	" FROM order_list " filter ORDER_LIST_WHERE order

/* In bo_sq_slot order, from SQ_RM_ORDER_LIST. */
static const char *const order_list_sql[] = {
    ORDER_LIST_SELECT(ORDER_LIST_ANY, "AND id > ?3 ORDER BY id LIMIT ?4"),
    ORDER_LIST_SELECT(ORDER_LIST_ANY, "AND id < ?3 ORDER BY id DESC LIMIT ?4"),
    ORDER_LIST_SELECT(ORDER_LIST_STATUS, "AND id > ?3 ORDER BY id LIMIT ?4"),
    ORDER_LIST_SELECT(ORDER_LIST_STATUS,
		      "AND id < ?3 ORDER BY id DESC LIMIT ?4"),
};

/* The sorted lists page by (key, id) from an anchor: the first page's
 * anchor is below (or, descending, above) every row, so one statement per
 * sort and direction serves, each ordered by the expression its index in
 * 008_order_sorts.sql is on. */
#define ORDER_SORTED_WHERE "WHERE (?1 IS NULL OR status = ?1) " ORDER_LIST_WHERE

/* In bo_sq_slot order from SQ_RM_ORDER_SORTED: bo_order_sort - 1, then
 * ascending and descending. */
static const char *const order_sorted_sql[] = {
    /* placed */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND placed_at >= ?8 AND (placed_at, id) > (?8, ?3) "
    "ORDER BY placed_at, id LIMIT ?4",
    /* placed, descending */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND placed_at <= ?8 AND (placed_at, id) < (?8, ?3) "
    "ORDER BY placed_at DESC, id DESC LIMIT ?4",
    /* customer */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND lower(coalesce(nullif(customer_name, ''), customer_email)) >= ?8 AND "
    "(lower(coalesce(nullif(customer_name, ''), customer_email)), id) > (?8, "
    "?3) "
    "ORDER BY lower(coalesce(nullif(customer_name, ''), customer_email)), id "
    "LIMIT ?4",
    /* customer, descending */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND lower(coalesce(nullif(customer_name, ''), customer_email)) <= ?8 AND "
    "(lower(coalesce(nullif(customer_name, ''), customer_email)), id) < (?8, "
    "?3) "
    "ORDER BY lower(coalesce(nullif(customer_name, ''), customer_email)) DESC, "
    "id DESC LIMIT ?4",
    /* total */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND total >= ?8 AND (total, id) > (?8, ?3) "
    "ORDER BY total, id LIMIT ?4",
    /* total, descending */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND total <= ?8 AND (total, id) < (?8, ?3) "
    "ORDER BY total DESC, id DESC LIMIT ?4",
    /* status */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END) >= ?8 "
    "AND ((CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END), id) > "
    "(?8, ?3) "
    "ORDER BY (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END), id LIMIT ?4",
    /* status, descending */
    "SELECT " ORDER_COLUMNS " FROM order_list " ORDER_SORTED_WHERE
    "AND (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END) <= ?8 "
    "AND ((CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END), id) < "
    "(?8, ?3) "
    "ORDER BY (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END) DESC, id DESC LIMIT ?4",
};

/* Above every customer key the domain gives: U+10FFFF over and over. */
static const char customer_key_max[] =
    "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF"
    "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF";

static int rm_order_sorted(bo_sqlite *c, const bo_order_query *q,
			   bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_sq_slot slot = (bo_sq_slot)(SQ_RM_ORDER_SORTED + 2 * (q->sort - 1) +
				       !!q->descending);
	bool anchored = q->after_id > 0;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, slot, order_sorted_sql[slot - SQ_RM_ORDER_SORTED],
			   &st, err);
	if (rc < 0)
		return rc;
	if (q->status >= 0) {
		const char *status = status_name(q->status);
		bo_sq_bind_text(st, 1, status ? status : "");
	} else
		sqlite3_bind_null(st, 1);
	bo_sq_bind_text(st, 2,
			q->customer && *q->customer ? q->customer : NULL);
	sqlite3_bind_int64(st, 3,
			   anchored ? q->after_id
				    : (q->descending ? INT64_MAX : INT64_MIN));
	sqlite3_bind_int64(st, 4, q->limit > 0 ? q->limit : -1);
	sqlite3_bind_int64(st, 5, q->placed_from ? q->placed_from : INT64_MIN);
	sqlite3_bind_int64(st, 6, q->placed_to ? q->placed_to : INT64_MAX);
	sqlite3_bind_int(st, 7, q->refunds);
	if (q->sort == BO_ORDER_SORT_CUSTOMER)
		bo_sq_bind_text(st, 8,
				anchored ? (q->after_text ? q->after_text : "")
				: q->descending ? customer_key_max
						: "");
	else
		sqlite3_bind_int64(
		    st, 8,
		    anchored ? q->after_value
			     : (q->descending ? INT64_MAX : INT64_MIN));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_order_row r;
		if ((rc = row_to_order(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing orders", err);
done:
	bo_sq_release(c, slot, st);
	return rc;
}

static int rm_order_count(void *self, const bo_order_query *q, int64_t *out,
			  bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, SQ_RM_ORDER_COUNT,
	    "SELECT count(*) FROM order_list " ORDER_SORTED_WHERE, &st, err);
	if (rc < 0)
		return rc;
	if (q && q->status >= 0) {
		const char *status = status_name(q->status);
		bo_sq_bind_text(st, 1, status ? status : "");
	} else
		sqlite3_bind_null(st, 1);
	bo_sq_bind_text(st, 2,
			q && q->customer && *q->customer ? q->customer : NULL);
	sqlite3_bind_int64(st, 5,
			   q && q->placed_from ? q->placed_from : INT64_MIN);
	sqlite3_bind_int64(st, 6, q && q->placed_to ? q->placed_to : INT64_MAX);
	sqlite3_bind_int(st, 7, q ? q->refunds : 0);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else
		rc = bo_sq_error(c, rc, "counting orders", err);
	bo_sq_release(c, SQ_RM_ORDER_COUNT, st);
	return rc;
}

static int rm_order_list(void *self, const bo_order_query *q,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	static const bo_order_query any = {.status = -1};
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	bo_sq_slot slot;
	int rc;

	/* whatever is held is written before it is listed */
	if ((rc = held_write(c, err)) < 0)
		return rc;
	if (!q)
		q = &any;
	if (q->sort > BO_ORDER_SORT_NUMBER && q->sort < BO_ORDER_SORT__COUNT)
		return rm_order_sorted(c, q, each, ctx, err);
	if (q->status >= 0)
		slot = q->descending ? SQ_RM_ORDER_LIST_STATUS_DESC
				     : SQ_RM_ORDER_LIST_STATUS;
	else
		slot = q->descending ? SQ_RM_ORDER_LIST_DESC : SQ_RM_ORDER_LIST;
	rc = bo_sq_acquire(c, slot, order_list_sql[slot - SQ_RM_ORDER_LIST],
			   &st, err);
	if (rc < 0)
		return rc;
	if (q->status >= 0) {
		const char *status = status_name(q->status);
		/* a status that does not exist matches no order */
		bo_sq_bind_text(st, 1, status ? status : "");
	}
	bo_sq_bind_text(st, 2,
			q->customer && *q->customer ? q->customer : NULL);
	sqlite3_bind_int64(
	    st, 3, q->descending && q->after_id <= 0 ? INT64_MAX : q->after_id);
	sqlite3_bind_int64(st, 4, q->limit > 0 ? q->limit : -1);
	sqlite3_bind_int64(st, 5, q->placed_from ? q->placed_from : INT64_MIN);
	sqlite3_bind_int64(st, 6, q->placed_to ? q->placed_to : INT64_MAX);
	sqlite3_bind_int(st, 7, q->refunds);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_order_row r;
		if ((rc = row_to_order(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing orders", err);
done:
	bo_sq_release(c, slot, st);
	return rc;
}

/* A key an order already has (two lines of one SKU) is kept once. */
static int rm_key_add(void *self, int64_t order_id, const char *kind,
		      const char *key, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the search keys", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_KEY_ADD,
			   "INSERT OR IGNORE INTO order_keys (order_id, kind, "
			   "key) VALUES (?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, order_id);
	bind_static(st, 2, kind);
	bind_static(st, 3, key);
	return bo_sq_run(c, SQ_RM_KEY_ADD, st, "writing the search keys", err);
}

/*
 * The matching ids first, each once (UNION), paged and limited, then their
 * rows: the key range is a range of order_keys' primary key, and only the
 * page's rows are read from the order list. ?4 is the order number of an
 * all-digit search (NULL: none).
 */
#define ORDER_FIND_SQL(cmp, dir)                                               \
	"SELECT " ORDER_COLUMNS " FROM order_list JOIN ("                      \
	"SELECT order_id AS found FROM order_keys "                            \
	"WHERE key >= ?1 AND key < ?2 AND (?3 IS NULL OR kind = ?3) "          \
	"AND order_id " cmp " ?5 "                                             \
	"UNION SELECT ?4 WHERE ?4 " cmp " ?5 "                                 \
	"ORDER BY 1 " dir " LIMIT ?6) ON id = found ORDER BY id " dir

static int rm_order_find(void *self, const bo_order_find *q,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	bo_sq_slot slot =
	    q->descending ? SQ_RM_ORDER_FIND_DESC : SQ_RM_ORDER_FIND;
	sqlite3_stmt *st;
	char *upper = NULL;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	if (bo_search_upper(&upper, q->text, q->exact) != BO_OK)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	rc = bo_sq_acquire(c, slot,
			   q->descending ? ORDER_FIND_SQL("<", "DESC")
					 : ORDER_FIND_SQL(">", "ASC"),
			   &st, err);
	if (rc < 0) {
		free(upper);
		return rc;
	}
	bind_static(st, 1, q->text);
	bind_static(st, 2, upper);
	bind_static(st, 3, q->kind);
	if (q->order_id > 0)
		sqlite3_bind_int64(st, 4, q->order_id);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(
	    st, 5, q->descending && q->after_id <= 0 ? INT64_MAX : q->after_id);
	sqlite3_bind_int64(st, 6, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_order_row r;
		if ((rc = row_to_order(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			goto done;
	}
	rc =
	    rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "searching orders", err);
done:
	bo_sq_release(c, slot, st);
	free(upper);
	return rc;
}

static int rm_timeline_add(void *self, const bo_timeline_row *r, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the timeline", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_TIMELINE_ADD,
			   "INSERT INTO order_timeline (order_id, version, "
			   "position, recorded_at, event_id, user, role, type, "
			   "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->order_id);
	sqlite3_bind_int64(st, 2, r->version);
	sqlite3_bind_int64(st, 3, r->position);
	sqlite3_bind_int64(st, 4, r->recorded_at);
	/* The hottest insert of a replay: r outlives the step and the
	 * release unbinds, so SQLite need not copy the text. */
	bind_static(st, 5, r->event_id);
	bind_static(st, 6, r->user);
	bind_static(st, 7, r->role);
	bind_static(st, 8, r->type_name);
	bind_static(st, 9, r->summary);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT,
				"order %" PRId64
				" already has a timeline line for version "
				"%" PRId64,
				r->order_id, r->version);
	else
		rc = bo_sq_error(c, rc, "writing the timeline", err);
	bo_sq_release(c, SQ_RM_TIMELINE_ADD, st);
	return rc;
}

static int row_to_timeline(bo_timeline_row *out, sqlite3_stmt *st, bo_err *err)
{
	bo_timeline_row r = {0};

	r.order_id = sqlite3_column_int64(st, 0);
	r.version = sqlite3_column_int64(st, 1);
	r.position = sqlite3_column_int64(st, 2);
	r.recorded_at = sqlite3_column_int64(st, 3);
	if (bo_sq_column_dup(&r.event_id, st, 4) < 0 ||
	    bo_sq_column_dup(&r.user, st, 5) < 0 ||
	    bo_sq_column_dup(&r.role, st, 6) < 0 ||
	    bo_sq_column_dup(&r.type_name, st, 7) < 0 ||
	    bo_sq_column_dup(&r.summary, st, 8) < 0) {
		bo_timeline_row_clear(&r);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading the timeline of "
				  "order %" PRId64,
				  r.order_id);
	}
	*out = r;
	return 0;
}

static int rm_timeline_list(void *self, int64_t order_id,
			    bo_timeline_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_RM_TIMELINE_LIST,
			   "SELECT order_id, version, position, recorded_at, "
			   "event_id, user, role, type, summary "
			   "FROM order_timeline WHERE order_id = ? "
			   "ORDER BY version",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_timeline_row r;
		if ((rc = row_to_timeline(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_timeline_row_clear(&r);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading the timeline", err);
done:
	bo_sq_release(c, SQ_RM_TIMELINE_LIST, st);
	return rc;
}

static int rm_catalog_put(void *self, const bo_product *p, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_CATALOG_PUT,
			   "INSERT OR REPLACE INTO catalog (" CATALOG_COLUMNS
			   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->id);
	bo_sq_product_bind(st, 2, p, p->row_version);
	return bo_sq_run(c, SQ_RM_CATALOG_PUT, st, "writing the catalogue",
			 err);
}

/* Removing what is not there is fine: a replay may delete twice. */
static int rm_catalog_remove(void *self, int64_t product_id, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	rc =
	    bo_sq_acquire(c, SQ_RM_CATALOG_REMOVE,
			  "DELETE FROM catalog WHERE product_id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, product_id);
	return bo_sq_run(c, SQ_RM_CATALOG_REMOVE, st, "writing the catalogue",
			 err);
}

static int rm_catalog_get_by_sku(void *self, const char *sku, bo_product *out,
				 bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!sku)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product (none) is not in the catalogue");
	/* The newest id wins should a SKU ever appear twice. */
	rc = bo_sq_acquire(c, SQ_RM_CATALOG_GET_BY_SKU,
			   "SELECT " CATALOG_COLUMNS " FROM catalog "
			   "WHERE sku = ? ORDER BY product_id DESC LIMIT 1",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, sku);
	rc = bo_sq_product_get(c, SQ_RM_CATALOG_GET_BY_SKU, st, out,
			       "reading the catalogue", err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %s is not in the catalogue", sku);
	return rc;
}

/* A SKU a product already has (edited back to it) is kept once. */
static int rm_product_sku_add(void *self, const char *sku, int64_t product_id,
			      bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the product SKUs", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_SKU_ADD,
			   "INSERT OR IGNORE INTO product_skus (sku, "
			   "product_id) VALUES (?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	bind_static(st, 1, sku);
	sqlite3_bind_int64(st, 2, product_id);
	return bo_sq_run(c, SQ_RM_SKU_ADD, st, "writing the product SKUs", err);
}

/* A range of product_skus' primary key: the ids come in its order. */
static int rm_product_ids_by_sku(void *self, const char *sku,
				 bo_product_id_each_fn each, void *ctx,
				 bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_RM_SKU_IDS,
			   "SELECT product_id FROM product_skus WHERE sku = ? "
			   "ORDER BY product_id",
			   &st, err);
	if (rc < 0)
		return rc;
	bind_static(st, 1, sku);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = each(ctx, sqlite3_column_int64(st, 0))) < 0)
			goto done;
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading the product SKUs", err);
done:
	bo_sq_release(c, SQ_RM_SKU_IDS, st);
	return rc;
}

static int rm_reset(void *self, bo_err *err)
{
	static const struct {
		bo_sq_slot slot;
		const char *sql;
	} wipe[] = {
	    {SQ_RM_RESET_ORDERS, "DELETE FROM order_list"},
	    {SQ_RM_RESET_TIMELINE, "DELETE FROM order_timeline"},
	    {SQ_RM_RESET_KEYS, "DELETE FROM order_keys"},
	    {SQ_RM_RESET_SKUS, "DELETE FROM product_skus"},
	    {SQ_RM_RESET_CATALOG, "DELETE FROM catalog"},
	};
	bo_sqlite *c = self;
	int rc;

	if ((rc = bo_sq_need_tx(c, "reset the read models", err)) < 0)
		return rc;
	if (c->held)
		held_forget(c->held);
	for (size_t i = 0; i < sizeof(wipe) / sizeof(wipe[0]); i++)
		if ((rc = bo_sq_exec(c, wipe[i].slot, wipe[i].sql,
				     "resetting the read models", err)) < 0)
			return rc;
	return 0;
}

static int rm_checkpoint_get(void *self, const char *projector, int64_t *out,
			     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	rc = bo_sq_acquire(c, SQ_RM_CHECKPOINT_GET,
			   "SELECT position FROM checkpoints "
			   "WHERE projector = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, projector);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading a checkpoint", err);
	bo_sq_release(c, SQ_RM_CHECKPOINT_GET, st);
	return rc;
}

static int rm_checkpoint_set(void *self, const char *projector,
			     int64_t position, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "move a checkpoint", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_CHECKPOINT_SET,
			   "INSERT INTO checkpoints (projector, position) "
			   "VALUES (?, ?) ON CONFLICT (projector) "
			   "DO UPDATE SET position = excluded.position",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, projector);
	sqlite3_bind_int64(st, 2, position);
	return bo_sq_run(c, SQ_RM_CHECKPOINT_SET, st, "moving a checkpoint",
			 err);
}

static int rm_projector_get(void *self, const char *name, int *version,
			    int64_t *checkpoint, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*version = 0;
	*checkpoint = 0;
	rc = bo_sq_acquire(c, SQ_RM_PROJECTOR_GET,
			   "SELECT version, checkpoint FROM projector_state "
			   "WHERE name = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*checkpoint = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading a projector's state", err);
	bo_sq_release(c, SQ_RM_PROJECTOR_GET, st);
	return rc;
}

/* One upsert for both writes: ?4 = 1 keeps a stored version. */
static int projector_put(bo_sqlite *c, bo_sq_slot slot, const char *name,
			 int version, int64_t checkpoint, bool keep_version,
			 bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "record a projector's state", err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, slot,
	    keep_version
		? "INSERT INTO projector_state (name, version, checkpoint) "
		  "VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET "
		  "checkpoint = excluded.checkpoint"
		: "INSERT INTO projector_state (name, version, checkpoint) "
		  "VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET "
		  "version = excluded.version, checkpoint = "
		  "excluded.checkpoint",
	    &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	sqlite3_bind_int(st, 2, version);
	sqlite3_bind_int64(st, 3, checkpoint);
	return bo_sq_run(c, slot, st, "recording a projector's state", err);
}

static int rm_projector_set(void *self, const char *name, int version,
			    int64_t checkpoint, bo_err *err)
{
	return projector_put(self, SQ_RM_PROJECTOR_SET, name, version,
			     checkpoint, false, err);
}

static int rm_projector_advance(void *self, const char *name,
				int64_t checkpoint, bo_err *err)
{
	return projector_put(self, SQ_RM_PROJECTOR_ADVANCE, name, 0, checkpoint,
			     true, err);
}

static const char *const orders_tables[] = {"order_list",     "order_keys",
					    "order_timeline", "catalog",
					    "product_skus",   NULL};

static int rm_snapshot(void *self, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc : bo_sq_snapshot_tables(self, orders_tables, err);
}

static int rm_diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc
		      : bo_sq_diff_tables(self, orders_tables, each, ctx, err);
}

static int rm_shadow(void *self, int op, bo_err *err)
{
	return bo_sq_shadow(self, BO_SQ_SHADOW_ORDERS, op, err);
}

const bo_read_models_ops bo_sqlite_read_models_ops = {
    .version = BO_READ_MODELS_OPS_VERSION,
    .order_get = rm_order_get,
    .order_put = rm_order_put,
    .order_list = rm_order_list,
    .key_add = rm_key_add,
    .order_find = rm_order_find,
    .timeline_add = rm_timeline_add,
    .timeline_list = rm_timeline_list,
    .catalog_put = rm_catalog_put,
    .catalog_remove = rm_catalog_remove,
    .catalog_get_by_sku = rm_catalog_get_by_sku,
    .product_sku_add = rm_product_sku_add,
    .product_ids_by_sku = rm_product_ids_by_sku,
    .reset = rm_reset,
    .checkpoint_get = rm_checkpoint_get,
    .checkpoint_set = rm_checkpoint_set,
    .projector_get = rm_projector_get,
    .projector_set = rm_projector_set,
    .projector_advance = rm_projector_advance,
    .snapshot = rm_snapshot,
    .diff = rm_diff,
    .bulk = rm_bulk,
    .shadow = rm_shadow,
    .order_count = rm_order_count,
};
