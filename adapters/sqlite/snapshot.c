/* Verify's side copies over SQLite: TEMP copies of read-model tables and the rows that differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

/* A growable string; every append reports BO_ENOMEM. */
typedef struct text_buf {
	char *s;
	size_t len, cap;
} text_buf;

static int put(text_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *grown;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(grown = realloc(b->s, cap)))
			return BO_ENOMEM;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
	return 0;
}

/* An SQL identifier in double quotes, inner quotes doubled. */
static int put_ident(text_buf *b, const char *name)
{
	char one[2] = {0, 0};
	int rc = put(b, "\"");

	for (; rc == 0 && *name; name++) {
		one[0] = *name;
		rc = put(b, *name == '"' ? "\"\"" : one);
	}
	return rc ? rc : put(b, "\"");
}

static int run_sql(bo_sqlite *c, const char *sql, const char *doing,
		   bo_err *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : bo_sq_error(c, rc, doing, err);
}

int bo_sq_snapshot_tables(bo_sqlite *c, const char *const *tables, bo_err *err)
{
	text_buf b = {0};
	int rc;

	if ((rc = bo_sq_need_tx(c, "copy the read models aside", err)) < 0)
		return rc;
	for (; *tables; tables++) {
		b.len = 0;
		if (put(&b, "DROP TABLE IF EXISTS temp.bo_snap_") ||
		    put(&b, *tables) ||
		    put(&b, "; CREATE TEMP TABLE bo_snap_") ||
		    put(&b, *tables) || put(&b, " AS SELECT * FROM main.") ||
		    put_ident(&b, *tables)) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			break;
		}
		if ((rc = run_sql(c, b.s, "copying the read models aside",
				  err)) < 0)
			break;
	}
	free(b.s);
	return rc;
}

/*
 * "SELECT * FROM x EXCEPT SELECT * FROM y ORDER BY 1, 2, ...", every
 * column of the table in the ORDER BY: SQLite sorts NULL before integers
 * before text, text by bytes, which is bo_row_compare's order.
 */
static int diff_sql(bo_sqlite *c, text_buf *b, const char *table, const char *x,
		    const char *y, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	char num[24];
	int rc, ncol = 0;

	b->len = 0;
	rc = sqlite3_prepare_v2(
	    c->db, "SELECT count(*) FROM pragma_table_info(?)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return bo_sq_error(c, rc, "reading a table's columns", err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ncol = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (ncol <= 0)
		return bo_err_set(err, BO_ESTORAGE, "table %s has no columns",
				  table);
	rc = put(b, "SELECT * FROM ");
	if (rc == 0)
		rc = put(b, x);
	if (rc == 0)
		rc = put(b, " EXCEPT SELECT * FROM ");
	if (rc == 0)
		rc = put(b, y);
	if (rc == 0)
		rc = put(b, " ORDER BY ");
	for (int k = 1; rc == 0 && k <= ncol; k++) {
		snprintf(num, sizeof(num), "%s%d", k > 1 ? ", " : "", k);
		rc = put(b, num);
	}
	return rc ? bo_err_set(err, BO_ENOMEM, "out of memory") : 0;
}

/* Reads the current result row of st into cols (ncols of them). REAL and
 * BLOB values have no typed form: BO_ESTORAGE naming the table. */
static int read_row(sqlite3_stmt *st, const char *table, bo_row_column *cols,
		    int ncols, bo_err *err)
{
	for (int k = 0; k < ncols; k++) {
		bo_row_column *col = &cols[k];

		col->name = sqlite3_column_name(st, k);
		col->i = 0;
		col->text = NULL;
		switch (sqlite3_column_type(st, k)) {
		case SQLITE_NULL:
			col->kind = BO_VALUE_NULL;
			break;
		case SQLITE_INTEGER:
			col->kind = BO_VALUE_INT;
			col->i = sqlite3_column_int64(st, k);
			break;
		case SQLITE_TEXT:
			col->kind = BO_VALUE_TEXT;
			col->text = (const char *)sqlite3_column_text(st, k);
			if (!col->text)
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
			break;
		default:
			return bo_err_set(
			    err, BO_ESTORAGE,
			    "table %s holds a real or blob value in column %s, "
			    "which verify cannot compare",
			    table, col->name ? col->name : "?");
		}
		if (!col->name)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return 0;
}

/* Runs one direction of one table's comparison. */
static int diff_side(bo_sqlite *c, const char *sql, const char *table,
		     bo_row_side side, bo_diff_fn each, void *ctx, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	bo_row_column *cols = NULL;
	bo_row row = {.table = table};
	int ncols, rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return bo_sq_error(c, rc, "comparing the read models", err);
	ncols = sqlite3_column_count(st);
	if (ncols <= 0 || !(cols = calloc((size_t)ncols, sizeof(*cols)))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		goto done;
	}
	row.ncols = (size_t)ncols;
	row.cols = cols;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = read_row(st, table, cols, ncols, err)) < 0 ||
		    (rc = each(ctx, &row, side)) < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "comparing the read models", err);
done:
	free(cols);
	sqlite3_finalize(st);
	return rc;
}

static int has_copy(bo_sqlite *c, const char *table, bool *out, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	text_buf name = {0};
	int rc;

	*out = false;
	if (put(&name, "bo_snap_") || put(&name, table)) {
		free(name.s);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	rc = sqlite3_prepare_v2(c->db,
				"SELECT 1 FROM temp.sqlite_master "
				"WHERE type = 'table' AND name = ?",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name.s, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW;
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	free(name.s);
	return rc == SQLITE_OK
		   ? 0
		   : bo_sq_error(c, rc, "looking for the copies", err);
}

int bo_sq_diff_tables(bo_sqlite *c, const char *const *tables, bo_diff_fn each,
		      void *ctx, bo_err *err)
{
	text_buf b = {0}, live = {0}, now = {0};
	int rc = 0;

	for (; rc == 0 && *tables; tables++) {
		bool copied;

		if ((rc = has_copy(c, *tables, &copied, err)) < 0)
			break;
		if (!copied) {
			rc = bo_err_set(err, BO_EINVAL,
					"table %s was not copied aside; take "
					"a snapshot first",
					*tables);
			break;
		}
		live.len = now.len = 0;
		if (put(&live, "temp.bo_snap_") || put(&live, *tables) ||
		    put(&now, "main.") || put_ident(&now, *tables)) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			break;
		}
		if ((rc = diff_sql(c, &b, *tables, live.s, now.s, err)) != 0 ||
		    (rc = diff_side(c, b.s, *tables, BO_ROW_ONLY_LIVE, each,
				    ctx, err)) != 0)
			break;
		if ((rc = diff_sql(c, &b, *tables, now.s, live.s, err)) != 0 ||
		    (rc = diff_side(c, b.s, *tables, BO_ROW_ONLY_REBUILD, each,
				    ctx, err)) != 0)
			break;
	}
	free(b.s);
	free(live.s);
	free(now.s);
	return rc;
}
