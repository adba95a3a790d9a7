/* Verify's side copies over PostgreSQL: temporary copies of read-model tables and the rows that differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

/* The column types a typed row can hold (the built-in OIDs of pg_type,
 * which never change). */
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25

/* Table names come only from the adapter's own constant lists; still, a
 * name is pasted into SQL only when it is plain lower-case letters, digits
 * and '_', so it needs no quoting and cannot break out of the identifier. */
static bool plain_name(const char *t)
{
	size_t n = 0;

	if (!t || !(*t >= 'a' && *t <= 'z'))
		return false;
	for (; t[n]; n++)
		if (!((t[n] >= 'a' && t[n] <= 'z') ||
		      (t[n] >= '0' && t[n] <= '9') || t[n] == '_'))
			return false;
	return n <= 48;
}

int bo_pg_snapshot_tables(bo_pg *c, const char *const *tables, bo_err *err)
{
	char sql[256];
	int rc;

	if ((rc = bo_pg_need_tx(c, "copy the read models aside", err)) < 0)
		return rc;
	for (; *tables; tables++) {
		if (!plain_name(*tables))
			return bo_err_set(err, BO_EINVAL,
					  "cannot copy table %s aside: not a "
					  "read-model table name",
					  *tables);
		/* a second snapshot replaces the first; both go at the end of
		 * the transaction */
		snprintf(sql, sizeof sql,
			 "DROP TABLE IF EXISTS pg_temp.bo_snap_%s", *tables);
		if ((rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL,
				    "copying the read models aside", err)) < 0)
			return rc;
		snprintf(sql, sizeof sql,
			 "CREATE TEMP TABLE bo_snap_%s ON COMMIT DROP AS "
			 "SELECT * FROM @.%s",
			 *tables, *tables);
		if ((rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL,
				    "copying the read models aside", err)) < 0)
			return rc;
	}
	return 0;
}

/* One side's rows, typed, for sorting: cols points into the result. */
typedef struct side_rows {
	bo_row *rows;
	bo_row_column *cols;
} side_rows;

static int by_row(const void *a, const void *b)
{
	return bo_row_compare(a, b);
}

/* Types the rows of res (borrowing its values) and sorts them in
 * bo_row_compare order; a column of another type is refused, since the
 * row could not be compared with SQLite's. */
static int type_rows(const PGresult *res, const char *table, side_rows *out,
		     bo_err *err)
{
	int n = PQntuples(res), ncols = PQnfields(res);

	out->rows = NULL;
	out->cols = NULL;
	for (int k = 0; k < ncols; k++) {
		Oid t = PQftype(res, k);
		if (t != OID_INT8 && t != OID_INT4 && t != OID_INT2 &&
		    t != OID_TEXT)
			return bo_err_set(err, BO_ESTORAGE,
					  "table %s has column %s of a type "
					  "verify cannot compare",
					  table, PQfname(res, k));
	}
	if (n == 0)
		return 0;
	out->rows = calloc((size_t)n, sizeof(*out->rows));
	out->cols = calloc((size_t)n * (size_t)ncols, sizeof(*out->cols));
	if (!out->rows || !out->cols) {
		free(out->rows);
		free(out->cols);
		out->rows = NULL;
		out->cols = NULL;
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory comparing table %s", table);
	}
	for (int i = 0; i < n; i++) {
		bo_row_column *cols = out->cols + (size_t)i * (size_t)ncols;
		for (int k = 0; k < ncols; k++) {
			bo_row_column *col = &cols[k];
			col->name = PQfname(res, k);
			if (PQgetisnull(res, i, k)) {
				col->kind = BO_VALUE_NULL;
			} else if (PQftype(res, k) == OID_TEXT) {
				col->kind = BO_VALUE_TEXT;
				col->text = PQgetvalue(res, i, k);
			} else {
				col->kind = BO_VALUE_INT;
				col->i = bo_pg_int64(res, i, k);
			}
		}
		out->rows[i] = (bo_row){
		    .table = table, .ncols = (size_t)ncols, .cols = cols};
	}
	qsort(out->rows, (size_t)n, sizeof(*out->rows), by_row);
	return 0;
}

/* Runs one direction of one table's comparison: the rows of x not in y. */
static int diff_side(bo_pg *c, const char *table, const char *x, const char *y,
		     bo_row_side side, bo_diff_fn each, void *ctx, bo_err *err)
{
	char sql[256];
	PGresult *res;
	side_rows s;
	int rc;

	snprintf(sql, sizeof sql, "SELECT * FROM %s EXCEPT SELECT * FROM %s", x,
		 y);
	if ((rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, &res,
			    "comparing the read models", err)) < 0)
		return rc;
	if ((rc = type_rows(res, table, &s, err)) == 0)
		for (int i = 0, n = PQntuples(res); i < n; i++)
			if ((rc = each(ctx, &s.rows[i], side)) < 0)
				break;
	free(s.rows);
	free(s.cols);
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int has_copy(bo_pg *c, const char *table, bool *out, bo_err *err)
{
	char name[80];
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	*out = false;
	snprintf(name, sizeof name, "pg_temp.bo_snap_%s", table);
	bo_pg_arg_text(&a, name);
	if ((rc = bo_pg_run(c, PG_NO_SLOT, "SELECT to_regclass($1)", &a, &res,
			    "looking for the copies", err)) < 0)
		return rc;
	*out = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
	PQclear(res);
	return 0;
}

int bo_pg_diff_tables(bo_pg *c, const char *const *tables, bo_diff_fn each,
		      void *ctx, bo_err *err)
{
	char live[80], now[80];
	int rc = 0;

	for (; rc == 0 && *tables; tables++) {
		bool copied;

		if (!plain_name(*tables))
			return bo_err_set(err, BO_EINVAL,
					  "cannot compare table %s: not a "
					  "read-model table name",
					  *tables);
		if ((rc = has_copy(c, *tables, &copied, err)) < 0)
			break;
		if (!copied) {
			rc = bo_err_set(err, BO_EINVAL,
					"table %s was not copied aside; take "
					"a snapshot first",
					*tables);
			break;
		}
		snprintf(live, sizeof live, "pg_temp.bo_snap_%s", *tables);
		snprintf(now, sizeof now, "@.%s", *tables);
		if ((rc = diff_side(c, *tables, live, now, BO_ROW_ONLY_LIVE,
				    each, ctx, err)) < 0 ||
		    (rc = diff_side(c, *tables, now, live, BO_ROW_ONLY_REBUILD,
				    each, ctx, err)) < 0)
			break;
	}
	return rc;
}
