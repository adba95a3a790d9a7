/* The read models port over PostgreSQL: order list, timeline, catalogue, projector state, checkpoints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"
#include "domain/search_keys.h"

/* Statuses are stored by name, as on SQLite, so the tables read well in
 * psql and the two backends' rows compare equal. */
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

#define ORDER_COLUMNS                                                          \
	"id, version, status, currency, customer_email, customer_name, "       \
	"items, total, tax, paid, refunded, payment_failures, notes, "         \
	"placed_at, updated_at"
#define CATALOG_COLUMNS "product_id, " BO_PG_PRODUCT_FIELDS

static int row_to_order(bo_order_row *out, const PGresult *res, int i,
			bo_err *err)
{
	bo_order_row r = {0};
	const char *status =
	    PQgetisnull(res, i, 2) ? NULL : PQgetvalue(res, i, 2);
	const char *currency =
	    PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
	int s;

	r.id = bo_pg_int64(res, i, 0);
	if ((s = status_parse(status)) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "order %" PRId64 " has an unknown status %s",
				  r.id, status ? status : "NULL");
	r.version = bo_pg_int64(res, i, 1);
	r.status = (bo_order_status)s;
	/* three letters at most; the copy always stays terminated */
	for (size_t k = 0;
	     currency && k < sizeof(r.currency) - 1 && currency[k]; k++)
		r.currency[k] = currency[k];
	if (bo_pg_dup(&r.customer_email, res, i, 4, err) < 0 ||
	    bo_pg_dup(&r.customer_name, res, i, 5, err) < 0) {
		bo_order_row_clear(&r);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading order %" PRId64, r.id);
	}
	r.items = bo_pg_int64(res, i, 6);
	r.total = bo_pg_int64(res, i, 7);
	r.tax = bo_pg_int64(res, i, 8);
	r.paid = bo_pg_int64(res, i, 9);
	r.refunded = bo_pg_int64(res, i, 10);
	r.payment_failures = (int)bo_pg_int64(res, i, 11);
	r.notes = (int)bo_pg_int64(res, i, 12);
	r.placed_at = bo_pg_int64(res, i, 13);
	r.updated_at = bo_pg_int64(res, i, 14);
	*out = r;
	return 0;
}

static int db_order_get(bo_pg *c, int64_t id, bo_order_row *out, bo_err *err)
{
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	bo_pg_arg_int(&a, id);
	if ((rc = bo_pg_run(c, PG_RM_ORDER_GET,
			    "SELECT " ORDER_COLUMNS
			    " FROM @.order_list WHERE id = $1",
			    &a, &res, "reading the order list", err)) < 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %" PRId64 " does not exist", id);
	else
		rc = row_to_order(out, res, 0, err);
	PQclear(res);
	return rc;
}

static int db_order_put(bo_pg *c, const bo_order_row *r, bo_err *err)
{
	const char *status = status_name((int)r->status);
	char currency[sizeof(r->currency)] = {0};
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the order list", err)) < 0)
		return rc;
	if (!status)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 " has an unknown status %d",
				  r->id, (int)r->status);
	memcpy(currency, r->currency, strnlen(r->currency, 3));
	bo_pg_arg_int(&a, r->id);
	bo_pg_arg_int(&a, r->version);
	bo_pg_arg_text(&a, status);
	bo_pg_arg_text(&a, currency);
	bo_pg_arg_text(&a, r->customer_email);
	bo_pg_arg_text(&a, r->customer_name);
	bo_pg_arg_int(&a, r->items);
	bo_pg_arg_int(&a, r->total);
	bo_pg_arg_int(&a, r->tax);
	bo_pg_arg_int(&a, r->paid);
	bo_pg_arg_int(&a, r->refunded);
	bo_pg_arg_int(&a, r->payment_failures);
	bo_pg_arg_int(&a, r->notes);
	bo_pg_arg_int(&a, r->placed_at);
	bo_pg_arg_int(&a, r->updated_at);
	/* A read model is rewritten in place, so an upsert: the whole row is
	 * replaced, as SQLite's INSERT OR REPLACE does. */
	rc = bo_pg_run(
	    c, PG_RM_ORDER_PUT,
	    "INSERT INTO @.order_list (" ORDER_COLUMNS
	    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	    "$11, $12, $13, $14, $15) ON CONFLICT (id) DO UPDATE SET "
	    "version = excluded.version, status = excluded.status, "
	    "currency = excluded.currency, customer_email = "
	    "excluded.customer_email, customer_name = "
	    "excluded.customer_name, items = excluded.items, total = "
	    "excluded.total, tax = excluded.tax, paid = excluded.paid, "
	    "refunded = excluded.refunded, payment_failures = "
	    "excluded.payment_failures, notes = excluded.notes, "
	    "placed_at = excluded.placed_at, updated_at = "
	    "excluded.updated_at",
	    &a, NULL, "writing the order list", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

/* ---- bulk mode: order rows held in memory during a replay ----------------- */

/* As on SQLite: rows held at most (past it they are written out and
 * forgotten, so memory stays bounded), in half the slots of an open
 * addressing table keyed by the dense order id. */
#define HELD_SLOTS 65536u
#define HELD_MAX (HELD_SLOTS / 2)

typedef struct held_slot {
	bo_order_row row;
	bool used, dirty;
} held_slot;

typedef struct held {
	held_slot *slots;
	size_t n;
} held;

static held *held_of(const bo_pg *c)
{
	return c->hook_state[BO_PG_HOOK_ORDERS];
}

static int copy_row(bo_order_row *dst, const bo_order_row *src)
{
	return bo_order_row_copy(dst, src);
}

static held_slot *held_find(held *h, int64_t id)
{
	size_t i = (size_t)((uint64_t)id & (HELD_SLOTS - 1));

	for (;; i = (i + 1) & (HELD_SLOTS - 1)) {
		held_slot *s = &h->slots[i];

		if (!s->used || s->row.id == id)
			return s;
	}
}

/* Writes every changed row; the rows stay held, clean. */
static int held_write(bo_pg *c, bo_err *err)
{
	held *h = held_of(c);
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

static void held_forget(held *h)
{
	for (size_t i = 0; i < HELD_SLOTS; i++)
		if (h->slots[i].used)
			bo_order_row_clear(&h->slots[i].row);
	memset(h->slots, 0, HELD_SLOTS * sizeof(*h->slots));
	h->n = 0;
}

static int held_keep(bo_pg *c, const bo_order_row *r, bool dirty, bo_err *err)
{
	held *h = held_of(c);
	held_slot *s;
	bo_order_row copy;
	int rc;

	if (copy_row(&copy, r) < 0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory holding order %" PRId64,
				  r->id);
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

/* Ends bulk mode: frees the held rows and the hook. */
static void held_drop(bo_pg *c)
{
	held *h = held_of(c);

	c->hooks[BO_PG_HOOK_ORDERS] = (bo_pg_hook){0};
	c->hook_state[BO_PG_HOOK_ORDERS] = NULL;
	if (!h)
		return;
	held_forget(h);
	free(h->slots);
	free(h);
}

/* The commit's hook: what is held is written before COMMIT; bulk mode ends
 * with the transaction either way. */
static int held_flush(bo_pg *c, bo_err *err)
{
	int rc = held_write(c, err);

	held_drop(c);
	return rc;
}

static int rm_bulk(void *self, int on, bo_err *err)
{
	bo_pg *c = self;
	held *h;
	int rc;

	if ((rc = bo_pg_need_tx(c, "hold the order list", err)) < 0)
		return rc;
	if (!on) {
		rc = held_write(c, err);
		held_drop(c);
		return rc;
	}
	if (held_of(c))
		return 0;
	h = calloc(1, sizeof(*h));
	if (h)
		h->slots = calloc(HELD_SLOTS, sizeof(*h->slots));
	if (!h || !h->slots) {
		free(h);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory holding the order list");
	}
	c->hook_state[BO_PG_HOOK_ORDERS] = h;
	c->hooks[BO_PG_HOOK_ORDERS] =
	    (bo_pg_hook){.flush = held_flush, .drop = held_drop};
	return 0;
}

static int rm_order_get(void *self, int64_t id, bo_order_row *out, bo_err *err)
{
	bo_pg *c = self;
	held *h = held_of(c);
	held_slot *s;
	int rc;

	if (!h)
		return db_order_get(c, id, out, err);
	s = held_find(h, id);
	if (s->used) {
		if (copy_row(out, &s->row) < 0)
			return bo_err_set(
			    err, BO_ENOMEM,
			    "out of memory reading order %" PRId64, id);
		return 0;
	}
	if ((rc = db_order_get(c, id, out, err)) < 0)
		return rc;
	if ((rc = held_keep(c, out, false, err)) < 0)
		bo_order_row_clear(out);
	return rc;
}

static int rm_order_put(void *self, const bo_order_row *r, bo_err *err)
{
	bo_pg *c = self;
	int rc;

	if (!held_of(c))
		return db_order_put(c, r, err);
	if ((rc = bo_pg_need_tx(c, "write the order list", err)) < 0)
		return rc;
	if (!status_name((int)r->status))
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 " has an unknown status %d",
				  r->id, (int)r->status);
	return held_keep(c, r, true, err);
}

/* strpos() rather than LIKE: '%' and '_' in a search are plain characters.
 * Unset bounds are passed as the extremes, so the id range stays a plain
 * range on the primary key. A status filter is its own statement, so the
 * planner can walk the status index. */
#define ORDER_LIST_ANY "WHERE $1::text IS NULL "
#define ORDER_LIST_STATUS "WHERE status = $1 "
#define ORDER_LIST_WHERE                                                       \
	"AND ($2::text IS NULL "                                               \
	"OR strpos(lower(customer_email), lower($2)) > 0 "                     \
	"OR strpos(lower(customer_name), lower($2)) > 0) "                     \
	"AND placed_at >= $5 AND placed_at < $6 "                              \
	"AND ($7::int = 0 OR (refunded > 0 AND ($7::int = 1 "                  \
	"OR ($7::int = 2 AND refunded >= paid) "                               \
	"OR ($7::int = 3 AND refunded < paid)))) "

#define ORDER_LIST_SELECT(filter, order)                                       \
	"SELECT " ORDER_COLUMNS                                                \
	" FROM @.order_list " filter ORDER_LIST_WHERE order

/* In bo_pg_slot order, from PG_RM_ORDER_LIST. A NULL limit is no limit. */
static const char *const order_list_sql[] = {
    ORDER_LIST_SELECT(ORDER_LIST_ANY, "AND id > $3 ORDER BY id LIMIT $4"),
    ORDER_LIST_SELECT(ORDER_LIST_ANY, "AND id < $3 ORDER BY id DESC LIMIT $4"),
    ORDER_LIST_SELECT(ORDER_LIST_STATUS, "AND id > $3 ORDER BY id LIMIT $4"),
    ORDER_LIST_SELECT(ORDER_LIST_STATUS,
		      "AND id < $3 ORDER BY id DESC LIMIT $4"),
};

/* The sorted lists page by (key, id) from an anchor: the first page's
 * anchor is below (or, descending, above) every row, so one statement per
 * sort and direction serves, each ordered by the expression its index in
 * 009_order_sorts.sql is on. */
#define ORDER_SORTED_WHERE                                                     \
	"WHERE ($1::text IS NULL OR status = $1) " ORDER_LIST_WHERE

/* In bo_pg_slot order from PG_RM_ORDER_SORTED: bo_order_sort - 1, then
 * ascending and descending. */
static const char *const order_sorted_sql[] = {
    /* placed */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND placed_at >= $8::bigint AND (placed_at, id) > ($8::bigint, $3) "
    "ORDER BY placed_at, id LIMIT $4",
    /* placed, descending */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND placed_at <= $8::bigint AND (placed_at, id) < ($8::bigint, $3) "
    "ORDER BY placed_at DESC, id DESC LIMIT $4",
    /* customer */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND (translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\") >= $8::text COLLATE \"C\" AND "
    "((translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\"), id) > ($8::text COLLATE \"C\", $3) "
    "ORDER BY (translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\"), id LIMIT $4",
    /* customer, descending */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND (translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\") <= $8::text COLLATE \"C\" AND "
    "((translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\"), id) < ($8::text COLLATE \"C\", $3) "
    "ORDER BY (translate(coalesce(nullif(customer_name, ''), customer_email), "
    "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "
    "\"C\") DESC, id DESC LIMIT $4",
    /* total */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND total >= $8::bigint AND (total, id) > ($8::bigint, $3) "
    "ORDER BY total, id LIMIT $4",
    /* total, descending */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND total <= $8::bigint AND (total, id) < ($8::bigint, $3) "
    "ORDER BY total DESC, id DESC LIMIT $4",
    /* status */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END) >= "
    "$8::bigint AND ((CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END), id) > ($8::bigint, $3) "
    "ORDER BY (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END), id LIMIT $4",
    /* status, descending */
    "SELECT " ORDER_COLUMNS " FROM @.order_list " ORDER_SORTED_WHERE
    "AND (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' "
    "THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 END) <= "
    "$8::bigint AND ((CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END), id) < ($8::bigint, $3) "
    "ORDER BY (CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2 WHEN "
    "'shipped' THEN 3 WHEN 'delivered' THEN 4 WHEN 'cancelled' THEN 5 ELSE 0 "
    "END) DESC, id DESC LIMIT $4",
};

/* Above every customer key the domain gives: U+10FFFF over and over. */
static const char customer_key_max[] =
    "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF"
    "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF";

static int rm_order_sorted(bo_pg *c, const bo_order_query *q,
			   bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_pg_slot slot = (bo_pg_slot)(PG_RM_ORDER_SORTED + 2 * (q->sort - 1) +
				       !!q->descending);
	bool anchored = q->after_id > 0;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if (q->status >= 0) {
		const char *status = status_name(q->status);
		bo_pg_arg_text(&a, status ? status : "");
	} else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_text(&a, q->customer && *q->customer ? q->customer : NULL);
	bo_pg_arg_int(&a, anchored ? q->after_id
				   : (q->descending ? INT64_MAX : INT64_MIN));
	if (q->limit > 0)
		bo_pg_arg_int(&a, q->limit);
	else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_int(&a, q->placed_from ? q->placed_from : INT64_MIN);
	bo_pg_arg_int(&a, q->placed_to ? q->placed_to : INT64_MAX);
	bo_pg_arg_int(&a, q->refunds);
	if (q->sort == BO_ORDER_SORT_CUSTOMER)
		bo_pg_arg_text(&a, anchored
				       ? (q->after_text ? q->after_text : "")
				   : q->descending ? customer_key_max
						   : "");
	else
		bo_pg_arg_int(
		    &a, anchored ? q->after_value
				 : (q->descending ? INT64_MAX : INT64_MIN));
	if ((rc =
		 bo_pg_run(c, slot, order_sorted_sql[slot - PG_RM_ORDER_SORTED],
			   &a, &res, "listing orders", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_order_row r;
		if ((rc = row_to_order(&r, res, i, err)) < 0)
			break;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int rm_order_count(void *self, const bo_order_query *q, int64_t *out,
			  bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	if (q && q->status >= 0) {
		const char *status = status_name(q->status);
		bo_pg_arg_text(&a, status ? status : "");
	} else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_text(&a,
		       q && q->customer && *q->customer ? q->customer : NULL);
	bo_pg_arg_int(&a, q && q->placed_from ? q->placed_from : INT64_MIN);
	bo_pg_arg_int(&a, q && q->placed_to ? q->placed_to : INT64_MAX);
	bo_pg_arg_int(&a, q ? q->refunds : 0);
	/* $3 and $4 are the list's paging, which a count has none of */
	if ((rc =
		 bo_pg_run(c, PG_RM_ORDER_COUNT,
			   "SELECT count(*) FROM @.order_list "
			   "WHERE ($1::text IS NULL OR status = $1) "
			   "AND ($2::text IS NULL "
			   "OR strpos(lower(customer_email), lower($2)) > 0 "
			   "OR strpos(lower(customer_name), lower($2)) > 0) "
			   "AND placed_at >= $3 AND placed_at < $4 "
			   "AND ($5::int = 0 OR (refunded > 0 AND ($5::int = 1 "
			   "OR ($5::int = 2 AND refunded >= paid) "
			   "OR ($5::int = 3 AND refunded < paid))))",
			   &a, &res, "counting orders", err)) < 0)
		return rc;
	*out =
	    PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return 0;
}

static int rm_order_list(void *self, const bo_order_query *q,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	static const bo_order_query any = {.status = -1};
	bo_pg *c = self;
	bo_pg_args a = {0};
	bo_pg_slot slot;
	PGresult *res;
	int rc;

	/* whatever is held is written before it is listed */
	if ((rc = held_write(c, err)) < 0)
		return rc;
	if (!q)
		q = &any;
	if (q->sort > BO_ORDER_SORT_NUMBER && q->sort < BO_ORDER_SORT__COUNT)
		return rm_order_sorted(c, q, each, ctx, err);
	if (q->status >= 0)
		slot = q->descending ? PG_RM_ORDER_LIST_STATUS_DESC
				     : PG_RM_ORDER_LIST_STATUS;
	else
		slot = q->descending ? PG_RM_ORDER_LIST_DESC : PG_RM_ORDER_LIST;
	if (q->status >= 0) {
		const char *status = status_name(q->status);
		/* a status that does not exist matches no order */
		bo_pg_arg_text(&a, status ? status : "");
	} else {
		bo_pg_arg_text(&a, NULL);
	}
	bo_pg_arg_text(&a, q->customer && *q->customer ? q->customer : NULL);
	bo_pg_arg_int(&a, q->descending && q->after_id <= 0 ? INT64_MAX
							    : q->after_id);
	if (q->limit > 0)
		bo_pg_arg_int(&a, q->limit);
	else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_int(&a, q->placed_from ? q->placed_from : INT64_MIN);
	bo_pg_arg_int(&a, q->placed_to ? q->placed_to : INT64_MAX);
	bo_pg_arg_int(&a, q->refunds);
	if ((rc = bo_pg_run(c, slot, order_list_sql[slot - PG_RM_ORDER_LIST],
			    &a, &res, "listing orders", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_order_row r;
		if ((rc = row_to_order(&r, res, i, err)) < 0)
			break;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

/* A key an order already has (two lines of one SKU) is kept once. */
static int rm_key_add(void *self, int64_t order_id, const char *kind,
		      const char *key, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the search keys", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, order_id);
	bo_pg_arg_text(&a, kind);
	bo_pg_arg_text(&a, key);
	if ((rc = bo_pg_run(c, PG_RM_KEY_ADD,
			    "INSERT INTO @.order_keys (order_id, kind, key) "
			    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
			    &a, NULL, "writing the search keys", err)) < 0)
		return rc;
	c->wrote = true;
	return 0;
}

/*
 * The matching ids first, each once (UNION), paged and limited, then their
 * rows: the key range is a range of order_keys' primary key (its key is
 * COLLATE "C", so the range is byte order and the index serves it), and
 * only the page's rows are read from the order list. $4 is the order
 * number of an all-digit search (NULL: none); a NULL limit is no limit.
 */
#define ORDER_FIND_SQL(cmp, dir)                                               \
	"SELECT " ORDER_COLUMNS " FROM @.order_list JOIN ("                    \
	"SELECT order_id AS found FROM @.order_keys "                          \
	"WHERE key >= $1 AND key < $2 "                                        \
	"AND ($3::text IS NULL OR kind = $3) AND order_id " cmp " $5 "         \
	"UNION SELECT $4::bigint WHERE $4::bigint " cmp " $5 "                 \
	"ORDER BY 1 " dir " LIMIT $6) AS page ON id = found "                  \
	"ORDER BY id " dir

static int rm_order_find(void *self, const bo_order_find *q,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	bo_pg_slot slot =
	    q->descending ? PG_RM_ORDER_FIND_DESC : PG_RM_ORDER_FIND;
	char *upper = NULL;
	PGresult *res;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	if (bo_search_upper(&upper, q->text, q->exact) != BO_OK)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	bo_pg_arg_text(&a, q->text);
	bo_pg_arg_text(&a, upper);
	bo_pg_arg_text(&a, q->kind);
	if (q->order_id > 0)
		bo_pg_arg_int(&a, q->order_id);
	else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_int(&a, q->descending && q->after_id <= 0 ? INT64_MAX
							    : q->after_id);
	if (q->limit > 0)
		bo_pg_arg_int(&a, q->limit);
	else
		bo_pg_arg_text(&a, NULL);
	rc = bo_pg_run(c, slot,
		       q->descending ? ORDER_FIND_SQL("<", "DESC")
				     : ORDER_FIND_SQL(">", "ASC"),
		       &a, &res, "searching orders", err);
	free(upper);
	if (rc < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_order_row r;
		if ((rc = row_to_order(&r, res, i, err)) < 0)
			break;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int rm_timeline_add(void *self, const bo_timeline_row *r, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the timeline", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, r->order_id);
	bo_pg_arg_int(&a, r->version);
	bo_pg_arg_int(&a, r->position);
	bo_pg_arg_int(&a, r->recorded_at);
	bo_pg_arg_text(&a, r->event_id);
	bo_pg_arg_text(&a, r->user);
	bo_pg_arg_text(&a, r->role);
	bo_pg_arg_text(&a, r->type_name);
	bo_pg_arg_text(&a, r->summary);
	/* DO NOTHING finds a line already there without spoiling the
	 * transaction, so no savepoint is needed on the hottest insert. */
	if ((rc = bo_pg_run(c, PG_RM_TIMELINE_ADD,
			    "INSERT INTO @.order_timeline (order_id, version, "
			    "position, recorded_at, event_id, \"user\", role, "
			    "type, summary) VALUES ($1, $2, $3, $4, $5, $6, "
			    "$7, $8, $9) ON CONFLICT (order_id, version) DO "
			    "NOTHING",
			    &a, &res, "writing the timeline", err)) < 0)
		return rc;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = bo_err_set(err, BO_ECONFLICT,
				"order %" PRId64
				" already has a timeline line for version "
				"%" PRId64,
				r->order_id, r->version);
	else
		c->wrote = true;
	PQclear(res);
	return rc;
}

static int row_to_timeline(bo_timeline_row *out, const PGresult *res, int i,
			   bo_err *err)
{
	bo_timeline_row r = {0};

	r.order_id = bo_pg_int64(res, i, 0);
	r.version = bo_pg_int64(res, i, 1);
	r.position = bo_pg_int64(res, i, 2);
	r.recorded_at = bo_pg_int64(res, i, 3);
	if (bo_pg_dup(&r.event_id, res, i, 4, err) < 0 ||
	    bo_pg_dup(&r.user, res, i, 5, err) < 0 ||
	    bo_pg_dup(&r.role, res, i, 6, err) < 0 ||
	    bo_pg_dup(&r.type_name, res, i, 7, err) < 0 ||
	    bo_pg_dup(&r.summary, res, i, 8, err) < 0) {
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
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	bo_pg_arg_int(&a, order_id);
	if ((rc = bo_pg_run(c, PG_RM_TIMELINE_LIST,
			    "SELECT order_id, version, position, recorded_at, "
			    "event_id, \"user\", role, type, summary "
			    "FROM @.order_timeline WHERE order_id = $1 "
			    "ORDER BY version",
			    &a, &res, "reading the timeline", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_timeline_row r;
		if ((rc = row_to_timeline(&r, res, i, err)) < 0)
			break;
		rc = each(ctx, &r);
		bo_timeline_row_clear(&r);
		if (rc < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int rm_catalog_put(void *self, const bo_product *p, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, p->id);
	bo_pg_product_args(&a, p, p->row_version);
	rc = bo_pg_run(c, PG_RM_CATALOG_PUT,
		       "INSERT INTO @.catalog (" CATALOG_COLUMNS
		       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
		       "$11) ON CONFLICT (product_id) DO UPDATE SET sku = "
		       "excluded.sku, name = excluded.name, description = "
		       "excluded.description, price = excluded.price, tax_bp = "
		       "excluded.tax_bp, stock = excluded.stock, retired = "
		       "excluded.retired, row_version = excluded.row_version, "
		       "created_at = excluded.created_at, updated_at = "
		       "excluded.updated_at",
		       &a, NULL, "writing the catalogue", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

/* Removing what is not there is fine: a replay may delete twice. */
static int rm_catalog_remove(void *self, int64_t product_id, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, product_id);
	rc = bo_pg_run(c, PG_RM_CATALOG_REMOVE,
		       "DELETE FROM @.catalog WHERE product_id = $1", &a, NULL,
		       "writing the catalogue", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int rm_catalog_get_by_sku(void *self, const char *sku, bo_product *out,
				 bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!sku)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product (none) is not in the catalogue");
	bo_pg_arg_text(&a, sku);
	/* The newest id wins should a SKU ever appear twice. */
	if ((rc = bo_pg_run(c, PG_RM_CATALOG_GET_BY_SKU,
			    "SELECT " CATALOG_COLUMNS " FROM @.catalog "
			    "WHERE sku = $1 ORDER BY product_id DESC LIMIT 1",
			    &a, &res, "reading the catalogue", err)) < 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %s is not in the catalogue", sku);
	else
		rc = bo_pg_product_from_row(out, res, 0, err);
	PQclear(res);
	return rc;
}

/* A SKU a product already has (edited back to it) is kept once. */
static int rm_product_sku_add(void *self, const char *sku, int64_t product_id,
			      bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write the product SKUs", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, sku);
	bo_pg_arg_int(&a, product_id);
	if ((rc = bo_pg_run(c, PG_RM_SKU_ADD,
			    "INSERT INTO @.product_skus (sku, product_id) "
			    "VALUES ($1, $2) ON CONFLICT DO NOTHING",
			    &a, NULL, "writing the product SKUs", err)) < 0)
		return rc;
	c->wrote = true;
	return 0;
}

/* A range of product_skus' primary key: the ids come in its order. */
static int rm_product_ids_by_sku(void *self, const char *sku,
				 bo_product_id_each_fn each, void *ctx,
				 bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	bo_pg_arg_text(&a, sku);
	if ((rc = bo_pg_run(c, PG_RM_SKU_IDS,
			    "SELECT product_id FROM @.product_skus "
			    "WHERE sku = $1 ORDER BY product_id",
			    &a, &res, "reading the product SKUs", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++)
		if ((rc = each(ctx, bo_pg_int64(res, i, 0))) < 0)
			break;
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int rm_reset(void *self, bo_err *err)
{
	bo_pg *c = self;
	held *h = held_of(c);
	int rc;

	if ((rc = bo_pg_need_tx(c, "reset the read models", err)) < 0)
		return rc;
	if (h)
		held_forget(h);
	/* not a slot, so not rewritten: the shadow's names are its own */
	static const char *const wipe[2][5] = {
	    {"DELETE FROM @.order_list", "DELETE FROM @.order_keys",
	     "DELETE FROM @.order_timeline", "DELETE FROM @.catalog",
	     "DELETE FROM @.product_skus"},
	    {"DELETE FROM @.order_list__rebuild",
	     "DELETE FROM @.order_keys__rebuild",
	     "DELETE FROM @.order_timeline__rebuild",
	     "DELETE FROM @.catalog__rebuild",
	     "DELETE FROM @.product_skus__rebuild"}};
	int sh = (c->shadow & BO_PG_SHADOW_ORDERS) != 0;
	for (size_t i = 0; i < 5; i++)
		if ((rc = bo_pg_run(c, PG_NO_SLOT, wipe[sh][i], NULL, NULL,
				    "resetting the read models", err)) < 0)
			return rc;
	c->wrote = true;
	return 0;
}

static int rm_checkpoint_get(void *self, const char *projector, int64_t *out,
			     bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	*out = 0;
	bo_pg_arg_text(&a, projector);
	if ((rc = bo_pg_run(c, PG_RM_CHECKPOINT_GET,
			    "SELECT position FROM @.checkpoints "
			    "WHERE projector = $1",
			    &a, &res, "reading a checkpoint", err)) < 0)
		return rc;
	if (PQntuples(res) > 0)
		*out = bo_pg_int64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int rm_checkpoint_set(void *self, const char *projector,
			     int64_t position, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "move a checkpoint", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, projector);
	bo_pg_arg_int(&a, position);
	rc = bo_pg_run(c, PG_RM_CHECKPOINT_SET,
		       "INSERT INTO @.checkpoints (projector, position) "
		       "VALUES ($1, $2) ON CONFLICT (projector) "
		       "DO UPDATE SET position = excluded.position",
		       &a, NULL, "moving a checkpoint", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int rm_projector_get(void *self, const char *name, int *version,
			    int64_t *checkpoint, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	*version = 0;
	*checkpoint = 0;
	bo_pg_arg_text(&a, name);
	if ((rc = bo_pg_run(c, PG_RM_PROJECTOR_GET,
			    "SELECT version, checkpoint FROM @.projector_state "
			    "WHERE name = $1",
			    &a, &res, "reading a projector's state", err)) < 0)
		return rc;
	if (PQntuples(res) > 0) {
		*version = (int)bo_pg_int64(res, 0, 0);
		*checkpoint = bo_pg_int64(res, 0, 1);
	}
	PQclear(res);
	return 0;
}

/* One upsert for both writes; keep_version leaves a stored version. */
static int projector_put(bo_pg *c, bo_pg_slot slot, const char *name,
			 int version, int64_t checkpoint, bool keep_version,
			 bo_err *err)
{
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "record a projector's state", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, name);
	bo_pg_arg_int(&a, version);
	bo_pg_arg_int(&a, checkpoint);
	rc = bo_pg_run(
	    c, slot,
	    keep_version
		? "INSERT INTO @.projector_state (name, version, checkpoint) "
		  "VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET "
		  "checkpoint = excluded.checkpoint"
		: "INSERT INTO @.projector_state (name, version, checkpoint) "
		  "VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET "
		  "version = excluded.version, checkpoint = "
		  "excluded.checkpoint",
	    &a, NULL, "recording a projector's state", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int rm_projector_set(void *self, const char *name, int version,
			    int64_t checkpoint, bo_err *err)
{
	return projector_put(self, PG_RM_PROJECTOR_SET, name, version,
			     checkpoint, false, err);
}

static int rm_projector_advance(void *self, const char *name,
				int64_t checkpoint, bo_err *err)
{
	return projector_put(self, PG_RM_PROJECTOR_ADVANCE, name, 0, checkpoint,
			     true, err);
}

static const char *const orders_tables[] = {"order_list",     "order_keys",
					    "order_timeline", "catalog",
					    "product_skus",   NULL};

static int rm_snapshot(void *self, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc : bo_pg_snapshot_tables(self, orders_tables, err);
}

static int rm_diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc
		      : bo_pg_diff_tables(self, orders_tables, each, ctx, err);
}

static int rm_shadow(void *self, int op, bo_err *err)
{
	return bo_pg_shadow(self, BO_PG_SHADOW_ORDERS, op, err);
}

const bo_read_models_ops bo_pg_read_models_ops = {
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
