/* The product repository port over PostgreSQL: optimistic row versions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"
#include "domain/product.h"

/* The catalogue shares the first eleven columns; the product's own
 * low-stock threshold (column 11) is the repository's alone. */
#define PRODUCT_COLUMNS                                                        \
	"id, " BO_PG_PRODUCT_FIELDS ", low_stock_threshold, category, tags"

/* Columns 11..13 of a PRODUCT_COLUMNS row: NULL is none. */
static int low_stock_from_row(bo_product *p, const PGresult *r, int row,
			      bo_err *err)
{
	p->low_stock_threshold.set = !PQgetisnull(r, row, 11);
	p->low_stock_threshold.value = bo_pg_int64(r, row, 11);
	if (bo_pg_dup(&p->category, r, row, 12, err) < 0 ||
	    bo_pg_dup(&p->tags, r, row, 13, err) < 0) {
		bo_product_clear(p);
		return BO_ENOMEM;
	}
	return 0;
}

static void low_stock_arg(bo_pg_args *a, const bo_product *p)
{
	if (p->low_stock_threshold.set)
		bo_pg_arg_int(a, p->low_stock_threshold.value);
	else
		bo_pg_arg_text(a, NULL);
	bo_pg_arg_text(a, p->category);
	bo_pg_arg_text(a, p->tags);
}

/* A write refused by a constraint: which one says what to tell. */
static int write_failed(int rc, const bo_err *got, const bo_product *p,
			bo_err *err)
{
	if (rc != BO_ECONFLICT)
		return rc;
	if (strstr(got->msg, "(sku)"))
		return bo_err_set(err, BO_ECONFLICT, "sku %s already exists",
				  p->sku);
	return bo_err_set(err, BO_ECONFLICT,
			  "product %" PRId64 " already exists", p->id);
}

static int pr_insert(void *self, bo_product *p, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "insert a product", err)) < 0)
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if (p->id < 0)
		return bo_err_set(err, BO_EINVAL,
				  "product id %" PRId64 " is not positive",
				  p->id);
	bo_pg_args a = {0};
	if (p->id > 0)
		bo_pg_arg_int(&a, p->id);
	else
		bo_pg_arg_text(&a, NULL);
	bo_pg_product_args(&a, p, 1);
	low_stock_arg(&a, p);
	PGresult *r;
	bo_err got = {0};
	c->wrote = true;
	/* id NULL: the identity's next value, else the restored id; an id
	 * given is raised past in the identity, so none is handed out twice
	 * (setval is not transactional, which only ever leaves a gap) */
	rc = bo_pg_run_guarded(c, PG_PR_INSERT,
			       "INSERT INTO @.products (" PRODUCT_COLUMNS ") "
			       "OVERRIDING SYSTEM VALUE VALUES (coalesce($1, "
			       "nextval(pg_get_serial_sequence('@.products', "
			       "'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, "
			       "$11, $12, $13, $14) RETURNING id",
			       &a, &r, "inserting a product", &got);
	if (rc < 0) {
		if (rc == BO_ECONFLICT)
			return write_failed(rc, &got, p, err);
		*err = got;
		return rc;
	}
	p->id = bo_pg_int64(r, 0, 0);
	PQclear(r);
	p->row_version = 1;
	if (a.v[0]) {
		bo_pg_args b = {0};
		bo_pg_arg_int(&b, p->id);
		rc = bo_pg_run(c, PG_NO_SLOT,
			       "SELECT setval(pg_get_serial_sequence("
			       "'@.products', 'id'), greatest($1::bigint, "
			       "(SELECT last_value FROM "
			       "@.products_id_seq)))",
			       &b, NULL, "restoring a product id", err);
	}
	return rc;
}

/* A guarded write changed no row: was the row gone, or did someone move
 * its version first? */
static int explain_miss(bo_pg *c, int64_t id, bo_err *err)
{
	bo_pg_args a = {0};
	bo_pg_arg_int(&a, id);
	PGresult *r;
	int rc =
	    bo_pg_run(c, PG_NO_SLOT, "SELECT sku FROM @.products WHERE id = $1",
		      &a, &r, "reading a product", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1)
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else; "
				"reload it",
				PQgetvalue(r, 0, 0));
	else
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %" PRId64 " does not exist", id);
	PQclear(r);
	return rc;
}

static int pr_update(void *self, bo_product *p, int64_t expected_row_version,
		     bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "update a product", err)) < 0)
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	bo_pg_args a = {0};
	bo_pg_product_args(&a, p, expected_row_version + 1);
	low_stock_arg(&a, p);
	bo_pg_arg_int(&a, p->id);
	bo_pg_arg_int(&a, expected_row_version);
	PGresult *r;
	bo_err got = {0};
	c->wrote = true;
	rc = bo_pg_run_guarded(c, PG_PR_UPDATE,
			       "UPDATE @.products SET sku = $1, name = $2, "
			       "description = $3, price = $4, tax_bp = $5, "
			       "stock = $6, retired = $7, row_version = $8, "
			       "created_at = $9, updated_at = $10, "
			       "low_stock_threshold = $11, category = $12, "
			       "tags = $13 WHERE id = $14 AND "
			       "row_version = $15",
			       &a, &r, "updating a product", &got);
	if (rc < 0) {
		if (rc == BO_ECONFLICT)
			return write_failed(rc, &got, p, err);
		*err = got;
		return rc;
	}
	bool changed = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	if (!changed)
		return explain_miss(c, p->id, err);
	p->row_version = expected_row_version + 1;
	return 0;
}

static int pr_remove(void *self, int64_t id, int64_t expected_row_version,
		     bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "delete a product", err)) < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_int(&a, id);
	bo_pg_arg_int(&a, expected_row_version);
	PGresult *r;
	c->wrote = true;
	rc = bo_pg_run(c, PG_PR_DELETE,
		       "DELETE FROM @.products WHERE id = $1 AND row_version = "
		       "$2",
		       &a, &r, "deleting a product", err);
	if (rc < 0)
		return rc;
	bool changed = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return changed ? 0 : explain_miss(c, id, err);
}

static int get_one(bo_pg *c, bo_pg_slot slot, const char *sql,
		   const bo_pg_args *a, bo_product *out, bo_err *err)
{
	PGresult *r;
	int rc = bo_pg_run(c, slot, sql, a, &r, "reading a product", err);
	if (rc < 0)
		return rc;
	rc = PQntuples(r) == 0 ? 1 : bo_pg_product_from_row(out, r, 0, err);
	if (rc == 0)
		rc = low_stock_from_row(out, r, 0, err);
	PQclear(r);
	return rc;
}

static int pr_get_by_sku(void *self, const char *sku, bo_product *out,
			 bo_err *err)
{
	memset(out, 0, sizeof *out);
	if (!sku)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product (none) does not exist");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, sku);
	int rc =
	    get_one(self, PG_PR_GET_BY_SKU,
		    "SELECT " PRODUCT_COLUMNS " FROM @.products WHERE sku = $1",
		    &a, out, err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOTFOUND, "product %s does not exist",
				sku);
	return rc;
}

static int pr_get_by_id(void *self, int64_t id, bo_product *out, bo_err *err)
{
	memset(out, 0, sizeof *out);
	bo_pg_args a = {0};
	bo_pg_arg_int(&a, id);
	int rc =
	    get_one(self, PG_PR_GET_BY_ID,
		    "SELECT " PRODUCT_COLUMNS " FROM @.products WHERE id = $1",
		    &a, out, err);
	if (rc == 1)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %" PRId64 " does not exist", id);
	return rc;
}

/* Column of each bo_product_sort: constants, never user text. Text columns
 * compare in byte order (COLLATE "C"), as on SQLite. */
static const char *const sort_column[BO_PRODUCT_SORT__COUNT] = {
    "sku COLLATE \"C\"", "name COLLATE \"C\"", "price", "tax_bp", "stock",
    "retired",
};

/*
 * The listing's SQL for q's order. strpos() rather than LIKE so '%' and '_'
 * in a search are plain characters. The keyset is (sort column, sku)
 * compared in the listing's direction. $6 is typed by the sort column.
 */
static int list_sql(char *buf, size_t size, const bo_product_query *q)
{
	const char *col = sort_column[q->sort];
	const char *dir = q->descending ? "DESC" : "ASC";
	const char *cmp = q->descending ? "<" : ">";
	const char *t6 = q->sort == BO_PRODUCT_SORT_NAME ? "text" : "bigint";
	char keyset[200], first[48] = "";
	/* the filters' first parameter: after $6 when the sort has one */
	int f = q->sort == BO_PRODUCT_SORT_SKU ? 6 : 7;
	int n;
	if (q->sort == BO_PRODUCT_SORT_SKU) {
		snprintf(keyset, sizeof keyset, "sku COLLATE \"C\" %s $3", cmp);
	} else {
		snprintf(keyset, sizeof keyset,
			 "%s %s $6::%s OR (%s = $6::%s AND sku COLLATE \"C\" "
			 "%s $3)",
			 col, cmp, t6, col, t6, cmp);
		snprintf(first, sizeof first, "%s %s, ", col, dir);
	}
	n = snprintf(buf, size,
		     "SELECT " PRODUCT_COLUMNS " FROM @.products "
		     "WHERE ($1::text IS NULL OR strpos(lower(sku), "
		     "lower($1)) > 0 OR strpos(lower(name), lower($1)) > 0) "
		     "AND ($2::int = 1 OR retired = 0) AND ($5::int = 0 OR "
		     "retired = 1) AND ($3::text IS NULL OR %s) "
		     "AND ($%d::text IS NULL OR category = $%d OR (category "
		     ">= $%d || ' / ' AND category < $%d || ' /!')) "
		     "AND ($%d::text IS NULL OR string_to_array(tags, ';') "
		     "@> $%d::text[]) "
		     "AND ($%d::int = 0 OR ($%d = 1 AND stock = 0) OR ($%d = "
		     "2 AND stock >= 0 AND stock <= coalesce("
		     "low_stock_threshold, $%d::bigint)) OR ($%d = 3 AND "
		     "stock = -1)) "
		     "AND ($%d::bigint IS NULL OR price >= $%d) "
		     "AND ($%d::bigint IS NULL OR price <= $%d) "
		     "ORDER BY %ssku COLLATE \"C\" %s LIMIT $4",
		     keyset, f, f, f, f, f + 1, f + 1, f + 2, f + 2, f + 2,
		     f + 3, f + 2, f + 4, f + 4, f + 5, f + 5, first, dir);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static int pr_list(void *self, const bo_product_query *q,
		   bo_product_each_fn each, void *ctx, bo_err *err)
{
	static const bo_product_query active = {0};
	bo_pg *c = self;
	char sql[2048], tags[BO_TAGS_MAX * (BO_TAG_MAX + 1) + 3];
	if (!q)
		q = &active;
	if (q->ntags > BO_TAGS_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "a listing takes at most %d tags",
				  BO_TAGS_MAX);
	if (q->sort < 0 || q->sort >= BO_PRODUCT_SORT__COUNT)
		return bo_err_set(err, BO_EINVAL, "product sort %d is unknown",
				  (int)q->sort);
	if (list_sql(sql, sizeof sql, q) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "the product listing query is too long");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, q->search && *q->search ? q->search : NULL);
	bo_pg_arg_int(&a, q->include_retired || q->retired_only ? 1 : 0);
	bo_pg_arg_text(&a, q->after_sku);
	if (q->limit > 0)
		bo_pg_arg_int(&a, q->limit);
	else
		bo_pg_arg_text(&a, NULL);
	bo_pg_arg_int(&a, q->retired_only ? 1 : 0);
	if (q->sort == BO_PRODUCT_SORT_NAME)
		bo_pg_arg_text(&a, q->after_name ? q->after_name : "");
	else if (q->sort != BO_PRODUCT_SORT_SKU)
		bo_pg_arg_int(&a, q->after_value);
	bo_pg_arg_text(&a, q->category);
	/* an array literal: tags are of A-Z a-z 0-9 . _ -, nothing to quote */
	tags[0] = '\0';
	for (size_t i = 0; i < q->ntags; i++)
		snprintf(tags + strlen(tags), sizeof(tags) - strlen(tags),
			 "%s%.*s", i ? "," : "{", BO_TAG_MAX, q->tags[i]);
	if (q->ntags)
		strcat(tags, "}");
	bo_pg_arg_text(&a, q->ntags ? tags : NULL);
	bo_pg_arg_int(&a, q->stock);
	bo_pg_arg_int(&a, q->low_stock_default);
	if (q->price_min.set)
		bo_pg_arg_int(&a, q->price_min.value);
	else
		bo_pg_arg_text(&a, NULL);
	if (q->price_max.set)
		bo_pg_arg_int(&a, q->price_max.value);
	else
		bo_pg_arg_text(&a, NULL);
	/* the default order (SKU ascending) unfiltered is the prepared one; a
	 * filtered listing is planned for its values (an unnamed statement),
	 * so the filters not given fold away and the category's and the tags'
	 * indexes can serve */
	bool common = q->sort == BO_PRODUCT_SORT_SKU && !q->descending &&
		      !q->category && !q->ntags && !q->stock &&
		      !q->price_min.set && !q->price_max.set;
	PGresult *r;
	int rc = bo_pg_run(c, common ? PG_PR_LIST : PG_NO_SLOT, sql, &a, &r,
			   "listing products", err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		bo_product p;
		if ((rc = bo_pg_product_from_row(&p, r, i, err)) < 0 ||
		    (rc = low_stock_from_row(&p, r, i, err)) < 0)
			break;
		rc = each(ctx, &p);
		bo_product_clear(&p);
	}
	PQclear(r);
	return rc;
}

const bo_product_repo_ops bo_pg_product_repo_ops = {
    .version = BO_PRODUCT_REPO_OPS_VERSION,
    .insert = pr_insert,
    .update = pr_update,
    .remove = pr_remove,
    .get_by_sku = pr_get_by_sku,
    .get_by_id = pr_get_by_id,
    .list = pr_list,
    .bulk_put = bo_pg_bulk_put,
    .bulk_get = bo_pg_bulk_get,
    .bulk_list = bo_pg_bulk_list,
    .bulk_set_undone = bo_pg_bulk_set_undone,
};
