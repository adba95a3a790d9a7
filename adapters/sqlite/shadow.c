/* Shadow tables of a projector for an online rebuild over SQLite: create, point the queries at them, swap, drop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/sqlite/sqlite_internal.h"

/*
 * The tables of each projector, NULL-terminated. A shadow table is the live
 * one's schema under <table>__rebuild; its indexes take the live index's
 * name with "__r" added, or taken off when it already ends so, so the two
 * sets never clash and a table's index names alternate between rebuilds
 * (queries never name an index, so nothing depends on the name; a future
 * migration that drops or replaces one of these indexes must name both
 * spellings, DROP INDEX IF EXISTS x and x__r).
 */
static const char *const orders_tables[] = {"order_list",     "order_keys",
					    "order_timeline", "catalog",
					    "product_skus",   NULL};
static const char *const report_tables[] = {
    "report_orders", "report_lines", "report_days", "report_products", NULL};

#define INDEX_MARK "__r"

static const char *const *tables_of(unsigned which)
{
	return which == BO_SQ_SHADOW_ORDERS ? orders_tables : report_tables;
}

/* Which shadow bit a slot's SQL belongs to: 0 for none. */
static unsigned slot_bit(bo_sq_slot slot)
{
	if (slot >= SQ_RM_ORDER_GET && slot <= SQ_RM_RESET_CATALOG)
		return BO_SQ_SHADOW_ORDERS;
	if (slot >= SQ_RP_ORDER_GET && slot <= SQ_RP_TO_DELIVER)
		return BO_SQ_SHADOW_REPORTS;
	return 0;
}

static int ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

/* The table of names that word (len bytes) is, or NULL. */
static const char *table_word(const char *const *names, const char *word,
			      size_t len)
{
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], word, len) == 0)
			return names[i];
	return NULL;
}

bool bo_sq_shadowed(const bo_sqlite *c, bo_sq_slot slot)
{
	unsigned bit = slot_bit(slot);

	return bit && (c->shadow & bit);
}

int bo_sq_shadow_sql(const bo_sqlite *c, bo_sq_slot slot, const char *sql,
		     const char **out, char **owned, bo_err *err)
{
	unsigned bit = slot_bit(slot);
	const char *const *names;
	size_t cap, len = 0;
	char *buf;

	*out = sql;
	*owned = NULL;
	if (!bit || !(c->shadow & bit))
		return 0;
	names = tables_of(bit);
	/* every word may at most grow by the suffix: a word has >= 1 byte */
	cap = strlen(sql) * (1 + sizeof(BO_SQ_SHADOW_SUFFIX)) + 1;
	if (!(buf = malloc(cap)))
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory preparing a query");
	for (const char *p = sql; *p;) {
		const char *start = p;

		if (!ident_char(*p)) {
			buf[len++] = *p++;
			continue;
		}
		while (ident_char(*p))
			p++;
		memcpy(buf + len, start, (size_t)(p - start));
		len += (size_t)(p - start);
		if (table_word(names, start, (size_t)(p - start))) {
			memcpy(buf + len, BO_SQ_SHADOW_SUFFIX,
			       sizeof(BO_SQ_SHADOW_SUFFIX) - 1);
			len += sizeof(BO_SQ_SHADOW_SUFFIX) - 1;
		}
	}
	buf[len] = '\0';
	*out = *owned = buf;
	return 0;
}

void bo_sq_shadow_forget(bo_sqlite *c)
{
	for (int i = 0; i < SQ__COUNT; i++) {
		sqlite3_finalize(c->shadow_stmts[i]);
		c->shadow_stmts[i] = NULL;
	}
}

/* Runs one statement of the shadow's upkeep (no rows). */
static int run(bo_sqlite *c, const char *sql, const char *doing, bo_err *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : bo_sq_error(c, rc, doing, err);
}

static int drop_leftovers(bo_sqlite *c, const char *table, bo_err *err)
{
	char sql[160];
	int rc;

	snprintf(sql, sizeof(sql),
		 "DROP TABLE IF EXISTS \"%s" BO_SQ_OLD_SUFFIX "\"", table);
	if ((rc = run(c, sql, "dropping an old read-model table", err)) < 0)
		return rc;
	snprintf(sql, sizeof(sql),
		 "DROP TABLE IF EXISTS \"%s" BO_SQ_SHADOW_SUFFIX "\"", table);
	return run(c, sql, "dropping a shadow read-model table", err);
}

/* "CREATE TABLE <shadow> (...)" or "CREATE [UNIQUE] INDEX <name'> ON
 * <shadow> (...)" from the live object's SQL: everything from the column
 * list on is kept as it is. *out is the caller's. */
static int shadow_ddl(char **out, const char *table, const char *type,
		      const char *name, const char *sql, bo_err *err)
{
	int is_index = strcmp(type, "index") == 0;
	const char *on = is_index ? strstr(sql, " ON ") : sql;
	const char *cols = on ? strchr(on, '(') : NULL;
	size_t nlen = strlen(name), mlen = sizeof(INDEX_MARK) - 1;
	size_t cap;
	char iname[128];

	*out = NULL;
	if (!cols)
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot read the schema of %s %s", type,
				  name);
	if (nlen >= mlen && strcmp(name + nlen - mlen, INDEX_MARK) == 0)
		snprintf(iname, sizeof(iname), "%.*s", (int)(nlen - mlen),
			 name);
	else
		snprintf(iname, sizeof(iname), "%s" INDEX_MARK, name);
	cap = strlen(cols) + strlen(table) + sizeof(iname) + 64;
	if (!(*out = malloc(cap)))
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory copying a table's schema");
	if (is_index)
		snprintf(
		    *out, cap,
		    "CREATE %sINDEX \"%s\" ON \"%s" BO_SQ_SHADOW_SUFFIX "\" %s",
		    strncmp(sql, "CREATE UNIQUE", 13) == 0 ? "UNIQUE " : "",
		    iname, table, cols);
	else
		snprintf(*out, cap,
			 "CREATE TABLE \"%s" BO_SQ_SHADOW_SUFFIX "\" %s", table,
			 cols);
	return 0;
}

/* An empty copy of table (its schema, its indexes) beside it. */
static int create_shadow(bo_sqlite *c, const char *table, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	rc = sqlite3_prepare_v2(c->db,
				"SELECT type, name, sql FROM sqlite_master "
				"WHERE tbl_name = ? AND sql IS NOT NULL "
				"ORDER BY type = 'index', name",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return bo_sq_error(c, rc, "reading the schema", err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *ddl;
		int r2 = shadow_ddl(
		    &ddl, table, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), err);

		if (r2 == 0) {
			r2 = run(c, ddl, "creating a shadow read-model table",
				 err);
			free(ddl);
		}
		if (r2 < 0) {
			sqlite3_finalize(st);
			return r2;
		}
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return bo_sq_error(c, rc, "reading the schema", err);
	if (n == 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "the store has no table %s to rebuild",
				  table);
	return 0;
}

static int swap_table(bo_sqlite *c, const char *table, bo_err *err)
{
	char sql[200];
	int rc;

	snprintf(sql, sizeof(sql),
		 "ALTER TABLE \"%s\" RENAME TO \"%s" BO_SQ_OLD_SUFFIX "\"",
		 table, table);
	if ((rc = run(c, sql, "setting the old read model aside", err)) < 0)
		return rc;
	snprintf(sql, sizeof(sql),
		 "ALTER TABLE \"%s" BO_SQ_SHADOW_SUFFIX "\" RENAME TO \"%s\"",
		 table, table);
	return run(c, sql, "putting the rebuilt read model in place", err);
}

/* ms on CLOCK_MONOTONIC */
static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What one TRIM transaction aims to hold the write lock for, and the key
 * range widths it may choose between. */
#define TRIM_MS 15
#define TRIM_SPAN_MIN 200
#define TRIM_SPAN_MAX 100000

/* The column a table's rows are stored in order of, written into key:
 * rowid, or for a WITHOUT ROWID table its first key column when that is
 * an INTEGER with a plain name. 0 when there is none to range over. */
static int trim_key(bo_sqlite *c, const char *table, char *key, size_t size)
{
	sqlite3_stmt *st = NULL;
	char sql[200];
	int ok = 0;

	snprintf(sql, sizeof(sql), "SELECT rowid FROM \"%s\" LIMIT 0", table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_finalize(st);
		snprintf(key, size, "rowid");
		return 1;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT name FROM pragma_table_info(?) WHERE "
			       "pk = 1 AND upper(type) = 'INTEGER'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		ok = name && strlen(name) < size && strlen(name) > 0 &&
		     strspn(name, "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
			 strlen(name);
		if (ok)
			snprintf(key, size, "%s", name);
	}
	sqlite3_finalize(st);
	return ok;
}

/*
 * Dropping a big table frees all its pages in one transaction (180-570 ms
 * measured for the 361,000-row order_timeline): its rows go first, the
 * lowest key range each transaction, the range as wide as fits in about
 * TRIM_MS; the table, empty, is dropped after. 1: rows deleted, 0: none
 * left (or no key to range over): drop it.
 */
/* The range width of table's trimming: its own slot, or a free (else the
 * oldest) one started afresh at the narrowest (a span learnt on one table
 * says nothing of another's rows: timeline rows are several times order
 * rows). */
static int64_t *trim_span_of(bo_sqlite *c, const char *table)
{
	size_t n = sizeof(c->trim_spans) / sizeof(c->trim_spans[0]);

	for (size_t i = 0; i < n; i++)
		if (strcmp(c->trim_spans[i].table, table) == 0)
			return &c->trim_spans[i].span;
	memmove(&c->trim_spans[1], &c->trim_spans[0],
		(n - 1) * sizeof(c->trim_spans[0]));
	snprintf(c->trim_spans[0].table, sizeof(c->trim_spans[0].table),
		 "%.63s", table);
	c->trim_spans[0].span = TRIM_SPAN_MIN;
	return &c->trim_spans[0].span;
}

static int trim_rows(bo_sqlite *c, const char *table, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	char key[64], sql[700];
	int64_t t0, spent, *span;
	int rc, changed;

	if (!trim_key(c, table, key, sizeof(key)))
		return 0;
	span = trim_span_of(c, table);
	snprintf(sql, sizeof(sql),
		 "DELETE FROM \"%s\" WHERE \"%s\" <= (SELECT min(\"%s\") FROM "
		 "\"%s\") + ?",
		 table, key, key, table);
	t0 = mono_ms();
	if ((rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL)) != SQLITE_OK)
		return bo_sq_error(c, rc, "emptying an old read-model table",
				   err);
	sqlite3_bind_int64(st, 1, *span);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return bo_sq_error(c, rc, "emptying an old read-model table",
				   err);
	changed = sqlite3_changes(c->db);
	spent = mono_ms() - t0;
	/* the next range: scaled towards TRIM_MS, at most doubled */
	if (spent > 0 && *span * TRIM_MS / spent < *span * 2)
		*span = *span * TRIM_MS / spent;
	else
		*span *= 2;
	if (*span > TRIM_SPAN_MAX)
		*span = TRIM_SPAN_MAX;
	if (*span < TRIM_SPAN_MIN)
		*span = TRIM_SPAN_MIN;
	if (changed > 0)
		c->trimming = true;
	return changed > 0;
}

/*
 * One step of removing the set-aside or abandoned tables: a table's rows
 * go first, a key range a transaction (trim_rows), then the empty table
 * is dropped with its indexes, which its rows took with them. Dropping an
 * index or a table still full frees all its pages at once: an index of
 * the 361,000-row order timeline held writers up for 70 ms that way.
 * Leftover indexes of a table already gone are dropped one a step.
 * 1: objects remain, 0: none did.
 */
static int trim(bo_sqlite *c, const char *const *tables, bo_err *err)
{
	sqlite3_stmt *st = NULL;
	char pattern[2][128], sql[300];
	int rc, found = 0, more = 0;

	for (size_t i = 0; tables[i] && !found; i++) {
		snprintf(pattern[0], sizeof(pattern[0]), "%s" BO_SQ_OLD_SUFFIX,
			 tables[i]);
		snprintf(pattern[1], sizeof(pattern[1]),
			 "%s" BO_SQ_SHADOW_SUFFIX, tables[i]);
		rc = sqlite3_prepare_v2(
		    c->db,
		    "SELECT type, name FROM sqlite_master WHERE tbl_name IN "
		    "(?, ?) AND type IN ('index', 'table') AND sql IS NOT NULL "
		    "ORDER BY type = 'index' LIMIT 2",
		    -1, &st, NULL);
		if (rc != SQLITE_OK)
			return bo_sq_error(c, rc, "reading the schema", err);
		sqlite3_bind_text(st, 1, pattern[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pattern[1], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(
			    sql, sizeof(sql), "DROP %s \"%s\"",
			    strcmp((const char *)sqlite3_column_text(st, 0),
				   "index") == 0
				? "INDEX"
				: "TABLE",
			    (const char *)sqlite3_column_text(st, 1));
			found = 1;
			more = sqlite3_step(st) == SQLITE_ROW;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return bo_sq_error(c, rc, "reading the schema", err);
	}
	if (!found) {
		c->trimming = false;
		return 0;
	}
	if (strncmp(sql, "DROP TABLE ", 11) == 0) {
		/* the table name between the quotes of "DROP TABLE \"t\"" */
		char table[128];
		size_t len = strlen(sql) - 13;

		if (len < sizeof(table)) {
			memcpy(table, sql + 12, len);
			table[len] = '\0';
			if ((rc = trim_rows(c, table, err)) != 0)
				return rc < 0 ? rc : 1;
		}
	}
	if ((rc = run(c, sql, "dropping an old read-model table", err)) < 0)
		return rc;
	c->trimming = true;
	(void)more;
	return 1;
}

int bo_sq_shadow(bo_sqlite *c, unsigned which, int op, bo_err *err)
{
	const char *const *tables = tables_of(which);
	int rc;

	if (op == BO_SHADOW_LEAVE) {
		bo_sq_shadow_forget(c);
		c->shadow &= ~which;
		return 0;
	}
	if ((rc = bo_sq_need_tx(c, "change shadow tables", err)) < 0)
		return rc;
	if (op == BO_SHADOW_TRIM) {
		/* the shadow statements name tables about to go */
		bo_sq_shadow_forget(c);
		c->shadow &= ~which;
		return trim(c, tables, err);
	}
	if (op == BO_SHADOW_END)
		c->trimming = false;
	/* the shadow statements name tables that are about to change */
	bo_sq_shadow_forget(c);
	/* whatever happens to the drops, this connection is back on the live
	 * tables (a failed drop leaves leftovers for the next BEGIN) */
	if (op == BO_SHADOW_END)
		c->shadow &= ~which;
	for (size_t i = 0; tables[i]; i++) {
		switch (op) {
		case BO_SHADOW_BEGIN:
			rc = drop_leftovers(c, tables[i], err);
			if (rc == 0)
				rc = create_shadow(c, tables[i], err);
			break;
		case BO_SHADOW_SWAP:
			rc = swap_table(c, tables[i], err);
			break;
		case BO_SHADOW_END:
			rc = drop_leftovers(c, tables[i], err);
			break;
		default:
			rc = bo_err_set(err, BO_EINVAL,
					"unknown shadow step %d", op);
		}
		if (rc < 0)
			return rc;
	}
	if (op == BO_SHADOW_BEGIN)
		c->shadow |= which;
	else
		c->shadow &= ~which;
	return 0;
}
