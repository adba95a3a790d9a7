/* The product repository port over SQLite: optimistic row versions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

/* The catalogue shares the first eleven columns; the product's own
 * low-stock threshold (column 11) is the repository's alone. */
#define PRODUCT_COLUMNS                                                        \
	"id, " BO_SQ_PRODUCT_FIELDS ", low_stock_threshold, category, tags"

/* Columns 11..13 of a PRODUCT_COLUMNS row: NULL is none. */
static int low_stock_from_row(bo_product *p, sqlite3_stmt *st, bo_err *err)
{
	p->low_stock_threshold.set = sqlite3_column_type(st, 11) != SQLITE_NULL;
	p->low_stock_threshold.value =
	    p->low_stock_threshold.set ? sqlite3_column_int64(st, 11) : 0;
	if ((sqlite3_column_type(st, 12) != SQLITE_NULL &&
	     bo_sq_column_dup(&p->category, st, 12) < 0) ||
	    (sqlite3_column_type(st, 13) != SQLITE_NULL &&
	     bo_sq_column_dup(&p->tags, st, 13) < 0)) {
		bo_product_clear(p);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading a product");
	}
	return 0;
}

static void low_stock_bind(sqlite3_stmt *st, int idx, const bo_product *p)
{
	if (p->low_stock_threshold.set)
		sqlite3_bind_int64(st, idx, p->low_stock_threshold.value);
	else
		sqlite3_bind_null(st, idx);
	bo_sq_bind_text(st, idx + 1, p->category);
	bo_sq_bind_text(st, idx + 2, p->tags);
}

/* Rewrites product_tags for p (its rows first go, then one per tag). */
static int tags_write(bo_sqlite *c, int64_t id, const char *tags, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_PR_TAGS_DELETE,
			   "DELETE FROM product_tags WHERE product_id = ?", &st,
			   err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	bo_sq_release(c, SQ_PR_TAGS_DELETE, st);
	if (rc != SQLITE_DONE)
		return bo_sq_error(c, rc, "writing a product's tags", err);
	for (const char *s = tags; s && *s;) {
		const char *e = strchr(s, ';');
		int len = e ? (int)(e - s) : (int)strlen(s);

		rc = bo_sq_acquire(c, SQ_PR_TAGS_INSERT,
				   "INSERT OR IGNORE INTO product_tags (tag, "
				   "product_id) VALUES (?, ?)",
				   &st, err);
		if (rc < 0)
			return rc;
		sqlite3_bind_text(st, 1, s, len, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
		rc = sqlite3_step(st);
		bo_sq_release(c, SQ_PR_TAGS_INSERT, st);
		if (rc != SQLITE_DONE)
			return bo_sq_error(c, rc, "writing a product's tags",
					   err);
		s = e ? e + 1 : s + len;
	}
	return 0;
}

/* bo_sq_product_get for a PRODUCT_COLUMNS statement. */
static int product_get(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
		       bo_product *out, bo_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		rc = bo_sq_product_from_row(out, st, err);
		if (rc == 0)
			rc = low_stock_from_row(out, st, err);
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = bo_sq_error(c, rc, "reading a product", err);
	}
	bo_sq_release(c, slot, st);
	return rc;
}

int bo_sq_product_from_row(bo_product *out, sqlite3_stmt *st, bo_err *err)
{
	bo_product p = {0};

	p.id = sqlite3_column_int64(st, 0);
	if (bo_sq_column_dup(&p.sku, st, 1) < 0 ||
	    bo_sq_column_dup(&p.name, st, 2) < 0 ||
	    bo_sq_column_dup(&p.description, st, 3) < 0) {
		bo_product_clear(&p);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading product %" PRId64,
				  p.id);
	}
	p.price = sqlite3_column_int64(st, 4);
	p.tax_bp = sqlite3_column_int(st, 5);
	p.stock = sqlite3_column_int64(st, 6);
	p.retired = sqlite3_column_int(st, 7) != 0;
	p.row_version = sqlite3_column_int64(st, 8);
	p.created_at = sqlite3_column_int64(st, 9);
	p.updated_at = sqlite3_column_int64(st, 10);
	*out = p;
	return 0;
}

int bo_sq_product_get(bo_sqlite *c, bo_sq_slot slot, sqlite3_stmt *st,
		      bo_product *out, const char *doing, bo_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		rc = bo_sq_product_from_row(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = bo_sq_error(c, rc, doing, err);
	bo_sq_release(c, slot, st);
	return rc;
}

void bo_sq_product_bind(sqlite3_stmt *st, int first, const bo_product *p,
			int64_t row_version)
{
	bo_sq_bind_text(st, first, p->sku);
	bo_sq_bind_text(st, first + 1, p->name);
	bo_sq_bind_text(st, first + 2, p->description ? p->description : "");
	sqlite3_bind_int64(st, first + 3, p->price);
	sqlite3_bind_int(st, first + 4, p->tax_bp);
	sqlite3_bind_int64(st, first + 5, p->stock);
	sqlite3_bind_int(st, first + 6, p->retired ? 1 : 0);
	sqlite3_bind_int64(st, first + 7, row_version);
	sqlite3_bind_int64(st, first + 8, p->created_at);
	sqlite3_bind_int64(st, first + 9, p->updated_at);
}

static int write_failed(bo_sqlite *c, const bo_product *p, const char *doing,
			bo_err *err)
{
	int ext = sqlite3_extended_errcode(c->db);
	const char *msg = sqlite3_errmsg(c->db);

	if (ext == SQLITE_CONSTRAINT_UNIQUE && strstr(msg, "products.sku"))
		return bo_err_set(err, BO_ECONFLICT, "sku %s already exists",
				  p->sku);
	if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return bo_err_set(err, BO_ECONFLICT,
				  "product %" PRId64 " already exists", p->id);
	if ((ext & 0xff) == SQLITE_CONSTRAINT)
		return bo_err_set(err, BO_EINVAL,
				  "product %s is incomplete: %s",
				  p->sku ? p->sku : "(no sku)", msg);
	return bo_sq_error(c, ext, doing, err);
}

static int pr_insert(void *self, bo_product *p, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "insert a product", err)) < 0)
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if (p->id < 0)
		return bo_err_set(err, BO_EINVAL,
				  "product id %" PRId64 " is not positive",
				  p->id);
	rc = bo_sq_acquire(c, SQ_PR_INSERT,
			   "INSERT INTO products (" PRODUCT_COLUMNS ") "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	/* id 0 binds NULL: SQLite assigns the next never-used id. */
	if (p->id > 0)
		sqlite3_bind_int64(st, 1, p->id);
	else
		sqlite3_bind_null(st, 1);
	bo_sq_product_bind(st, 2, p, 1);
	low_stock_bind(st, 12, p);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		p->id = sqlite3_last_insert_rowid(c->db);
		p->row_version = 1;
		rc = 0;
	} else {
		rc = write_failed(c, p, "inserting a product", err);
	}
	bo_sq_release(c, SQ_PR_INSERT, st);
	if (rc == 0 && p->tags)
		rc = tags_write(c, p->id, p->tags, err);
	return rc;
}

/*
 * Called when a guarded write changed no row: was the row gone, or did
 * someone else move its version first?
 */
static int explain_miss(bo_sqlite *c, int64_t id, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_PR_SKU_OF,
			   "SELECT sku FROM products WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else; "
				"reload it",
				(const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %" PRId64 " does not exist", id);
	else
		rc = bo_sq_error(c, rc, "reading a product", err);
	bo_sq_release(c, SQ_PR_SKU_OF, st);
	return rc;
}

static int pr_update(void *self, bo_product *p, int64_t expected_row_version,
		     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "update a product", err)) < 0)
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	rc = bo_sq_acquire(c, SQ_PR_UPDATE,
			   "UPDATE products SET sku = ?, name = ?, "
			   "description = ?, price = ?, tax_bp = ?, stock = ?, "
			   "retired = ?, row_version = ?, created_at = ?, "
			   "updated_at = ?, low_stock_threshold = ?, "
			   "category = ?, tags = ? "
			   "WHERE id = ? AND row_version = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_product_bind(st, 1, p, expected_row_version + 1);
	low_stock_bind(st, 11, p);
	sqlite3_bind_int64(st, 14, p->id);
	sqlite3_bind_int64(st, 15, expected_row_version);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = write_failed(c, p, "updating a product", err);
	else if (sqlite3_changes(c->db) == 0)
		rc = explain_miss(c, p->id, err);
	else {
		p->row_version = expected_row_version + 1;
		rc = 0;
	}
	bo_sq_release(c, SQ_PR_UPDATE, st);
	if (rc == 0)
		rc = tags_write(c, p->id, p->tags, err);
	return rc;
}

static int pr_remove(void *self, int64_t id, int64_t expected_row_version,
		     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "delete a product", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_PR_DELETE,
			   "DELETE FROM products WHERE id = ? AND "
			   "row_version = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, expected_row_version);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = bo_sq_error(c, rc, "deleting a product", err);
	else if (sqlite3_changes(c->db) == 0)
		rc = explain_miss(c, id, err);
	else
		rc = 0;
	bo_sq_release(c, SQ_PR_DELETE, st);
	if (rc == 0)
		rc = tags_write(c, id, NULL, err);
	return rc;
}

static int pr_get_by_sku(void *self, const char *sku, bo_product *out,
			 bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!sku)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product (none) does not exist");
	rc = bo_sq_acquire(
	    c, SQ_PR_GET_BY_SKU,
	    "SELECT " PRODUCT_COLUMNS " FROM products WHERE sku = ?", &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, sku);
	rc = product_get(c, SQ_PR_GET_BY_SKU, st, out, err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOTFOUND, "product %s does not exist",
				sku);
	return rc;
}

static int pr_get_by_id(void *self, int64_t id, bo_product *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = bo_sq_acquire(
	    c, SQ_PR_GET_BY_ID,
	    "SELECT " PRODUCT_COLUMNS " FROM products WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = product_get(c, SQ_PR_GET_BY_ID, st, out, err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %" PRId64 " does not exist", id);
	return rc;
}

/* Column of each bo_product_sort: constants, never user text. */
static const char *const sort_column[BO_PRODUCT_SORT__COUNT] = {
    "sku", "name", "price", "tax_bp", "stock", "retired",
};

/*
 * Writes the listing's SQL for q's order into buf. instr() rather than LIKE
 * so '%' and '_' in a search are plain characters; lower() folds ASCII only,
 * which is all a SKU can hold. The keyset is (sort column, sku) compared in
 * the listing's direction.
 */
static int list_sql(char *buf, size_t size, const bo_product_query *q)
{
	const char *col = sort_column[q->sort];
	const char *dir = q->descending ? "DESC" : "ASC";
	const char *cmp = q->descending ? "<" : ">";
	char keyset[160], first[32] = "", filters[BO_TAGS_MAX * 72 + 400] = "";
	size_t used = 0;
	int n;

	/* Only the filters given, so that the planner sees what can use an
	 * index: the category's (its own path, or a range of "path / "),
	 * product_tags' key for each tag (bound from ?12 on). */
#define ADD(...)                                                               \
	used += (size_t)snprintf(filters + used, sizeof(filters) - used,       \
				 __VA_ARGS__)
	if (q->category)
		ADD("AND (category = ?7 OR (category >= ?7 || ' / ' AND "
		    "category < ?7 || ' /!')) ");
	if (q->stock == BO_STOCK_FILTER_OUT)
		ADD("AND stock = 0 ");
	else if (q->stock == BO_STOCK_FILTER_LOW)
		ADD("AND stock >= 0 AND stock <= coalesce(low_stock_threshold, "
		    "?9) ");
	else if (q->stock == BO_STOCK_FILTER_UNTRACKED)
		ADD("AND stock = -1 ");
	if (q->price_min.set)
		ADD("AND price >= ?10 ");
	if (q->price_max.set)
		ADD("AND price <= ?11 ");
	for (size_t i = 0; i < q->ntags && i < BO_TAGS_MAX; i++)
		ADD("AND id IN (SELECT product_id FROM product_tags WHERE "
		    "tag = ?%zu) ",
		    12 + i);
#undef ADD
	if (q->sort == BO_PRODUCT_SORT_SKU) {
		snprintf(keyset, sizeof(keyset), "sku %s ?3", cmp);
	} else {
		snprintf(keyset, sizeof(keyset),
			 "%s %s ?6 OR (%s = ?6 AND sku %s ?3)", col, cmp, col,
			 cmp);
		snprintf(first, sizeof(first), "%s %s, ", col, dir);
	}
	n = snprintf(buf, size,
		     "SELECT " PRODUCT_COLUMNS " FROM products "
		     "WHERE (?1 IS NULL OR instr(lower(sku), lower(?1)) "
		     "> 0 OR instr(lower(name), lower(?1)) > 0) "
		     "AND (?2 OR retired = 0) AND (?5 = 0 OR retired = 1) "
		     "AND (?3 IS NULL OR %s) %s"
		     "ORDER BY %ssku %s LIMIT ?4",
		     keyset, filters, first, dir);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* The default order (SKU ascending) keeps its cached statement; the others
 * are rarer (a person re-sorting a screen) and prepared per call. */
static int pr_list(void *self, const bo_product_query *q,
		   bo_product_each_fn each, void *ctx, bo_err *err)
{
	static const bo_product_query active = {0};
	bo_sqlite *c = self;
	bool cached;
	sqlite3_stmt *st = NULL;
	char sql[1424 + BO_TAGS_MAX * 72];
	int rc;

	if (!q)
		q = &active;
	if (q->ntags > BO_TAGS_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "a listing takes at most %d tags",
				  BO_TAGS_MAX);
	if (q->sort < 0 || q->sort >= BO_PRODUCT_SORT__COUNT)
		return bo_err_set(err, BO_EINVAL, "product sort %d is unknown",
				  (int)q->sort);
	if (list_sql(sql, sizeof(sql), q) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "the product listing query is too long");
	/* filtered listings are prepared per call, as their SQL varies */
	cached = q->sort == BO_PRODUCT_SORT_SKU && !q->descending &&
		 !q->category && q->ntags == 0 && !q->stock &&
		 !q->price_min.set && !q->price_max.set;
	if (cached) {
		rc = bo_sq_acquire(c, SQ_PR_LIST, sql, &st, err);
		if (rc < 0)
			return rc;
	} else if ((rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL)) !=
		   SQLITE_OK) {
		sqlite3_finalize(st);
		return bo_sq_error(c, rc, "listing products", err);
	}
	bo_sq_bind_text(st, 1, q->search && *q->search ? q->search : NULL);
	sqlite3_bind_int(st, 2, q->include_retired || q->retired_only ? 1 : 0);
	bo_sq_bind_text(st, 3, q->after_sku);
	sqlite3_bind_int64(st, 4, q->limit > 0 ? q->limit : -1);
	sqlite3_bind_int(st, 5, q->retired_only ? 1 : 0);
	if (q->sort == BO_PRODUCT_SORT_NAME)
		bo_sq_bind_text(st, 6, q->after_name ? q->after_name : "");
	else if (q->sort != BO_PRODUCT_SORT_SKU)
		sqlite3_bind_int64(st, 6, q->after_value);
	if (q->category)
		bo_sq_bind_text(st, 7, q->category);
	if (q->stock == BO_STOCK_FILTER_LOW)
		sqlite3_bind_int64(st, 9, q->low_stock_default);
	if (q->price_min.set)
		sqlite3_bind_int64(st, 10, q->price_min.value);
	if (q->price_max.set)
		sqlite3_bind_int64(st, 11, q->price_max.value);
	for (size_t i = 0; i < q->ntags; i++)
		bo_sq_bind_text(st, 12 + (int)i, q->tags[i]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_product p;
		if ((rc = bo_sq_product_from_row(&p, st, err)) < 0 ||
		    (rc = low_stock_from_row(&p, st, err)) < 0)
			goto done;
		rc = each(ctx, &p);
		bo_product_clear(&p);
		if (rc < 0)
			goto done;
	}
	rc =
	    rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing products", err);
done:
	if (cached)
		bo_sq_release(c, SQ_PR_LIST, st);
	else
		sqlite3_finalize(st);
	return rc;
}

const bo_product_repo_ops bo_sqlite_product_repo_ops = {
    .version = BO_PRODUCT_REPO_OPS_VERSION,
    .insert = pr_insert,
    .update = pr_update,
    .remove = pr_remove,
    .get_by_sku = pr_get_by_sku,
    .get_by_id = pr_get_by_id,
    .list = pr_list,
    .bulk_put = bo_sq_bulk_put,
    .bulk_get = bo_sq_bulk_get,
    .bulk_list = bo_sq_bulk_list,
    .bulk_set_undone = bo_sq_bulk_set_undone,
};
