/* Shadow tables of a projector for an online rebuild over PostgreSQL: create, point the slots at them, swap, drop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

/*
 * The tables of each projector, NULL-terminated. A shadow table is
 * <table>__rebuild, created LIKE the live one INCLUDING ALL (columns,
 * defaults, constraints, indexes; PostgreSQL picks index names that do not
 * clash, so queries never name an index). SWAP sets the live table aside
 * as <table>__old and renames the shadow in its place. Every name here is
 * a constant of this file: nothing from data is pasted into SQL.
 */
static const char *const orders_tables[] = {"order_list",     "order_keys",
					    "order_timeline", "catalog",
					    "product_skus",   NULL};
static const char *const report_tables[] = {
    "report_orders", "report_lines", "report_days", "report_products", NULL};

#define SHADOW_SUFFIX "__rebuild"
#define OLD_SUFFIX "__old"

static const char *const *tables_of(unsigned which)
{
	return which == BO_PG_SHADOW_ORDERS ? orders_tables : report_tables;
}

/* Which shadow bit a slot's SQL belongs to: 0 for none (projector state
 * and checkpoints are never shadowed). */
static unsigned slot_bit(bo_pg_slot slot)
{
	if (slot >= PG_RM_ORDER_GET && slot <= PG_RM_CATALOG_GET_BY_SKU)
		return BO_PG_SHADOW_ORDERS;
	if (slot >= PG_RP_ORDER_GET && slot <= PG_RP_TO_DELIVER)
		return BO_PG_SHADOW_REPORTS;
	return 0;
}

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

static bool is_table(const char *const *names, const char *word, size_t len)
{
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], word, len) == 0)
			return true;
	return false;
}

/*
 * The SQL of a slot while its tables are shadowed: every bare word that is
 * one of the projector's tables gets the shadow suffix. Quoted identifiers
 * (the schema, "user") and string literals are copied as they are, so a
 * schema that happens to share a table's name is left alone. *out NULL:
 * the slot's own SQL (a slot of tables not shadowed). -1: out of memory,
 * which bo_pg_run reports rather than run the live SQL.
 */
static int shadow_rewrite(const bo_pg *c, bo_pg_slot slot, const char *sql,
			  char **out)
{
	unsigned bit = slot_bit(slot);
	const char *const *names;
	size_t len = 0;
	char *buf;

	*out = NULL;
	if (!bit || !(c->shadow & bit))
		return 0;
	names = tables_of(bit);
	/* each word grows by the suffix at most, and a word has >= 1 byte */
	if (!(buf = malloc(strlen(sql) * sizeof(SHADOW_SUFFIX) + 1)))
		return -1;
	for (const char *p = sql; *p;) {
		const char *start = p;

		if (*p == '"' || *p == '\'') {
			char q = *p;

			buf[len++] = *p++;
			while (*p) {
				if (*p == q && p[1] == q) {
					buf[len++] = *p++;
					buf[len++] = *p++;
				} else if (*p == q) {
					buf[len++] = *p++;
					break;
				} else {
					buf[len++] = *p++;
				}
			}
			continue;
		}
		if (!ident_char(*p)) {
			buf[len++] = *p++;
			continue;
		}
		while (ident_char(*p))
			p++;
		memcpy(buf + len, start, (size_t)(p - start));
		len += (size_t)(p - start);
		if (is_table(names, start, (size_t)(p - start))) {
			memcpy(buf + len, SHADOW_SUFFIX,
			       sizeof(SHADOW_SUFFIX) - 1);
			len += sizeof(SHADOW_SUFFIX) - 1;
		}
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Forgets the statements prepared while shadowing: they name tables that
 * are about to change, or were prepared for another set of bits. */
static int forget_prepared(bo_pg *c, bo_err *err)
{
	int rc = 0;

	for (int i = 0; i < PG__COUNT; i++) {
		char sql[48];
		bo_err spare;
		int r;

		if (!c->shadow_prepared[i])
			continue;
		snprintf(sql, sizeof sql, "DEALLOCATE bo_s%d", i);
		/* the first failure is the one reported; the rest are tried */
		r = bo_pg_exec(c, sql, "forgetting the shadow's statements",
			       rc < 0 ? &spare : err);
		if (r < 0) {
			if (rc == 0)
				rc = r;
			continue;
		}
		c->shadow_prepared[i] = false;
	}
	return rc;
}

/* Runs one statement of the shadow's upkeep (built from this file's
 * constant names only). */
static int run(bo_pg *c, const char *sql, const char *doing, bo_err *err)
{
	return bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL, doing, err);
}

static int drop_leftovers(bo_pg *c, const char *t, bo_err *err)
{
	char sql[160];
	int rc;

	snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS @.%s" OLD_SUFFIX, t);
	if ((rc = run(c, sql, "dropping an old read-model table", err)) < 0)
		return rc;
	snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS @.%s" SHADOW_SUFFIX, t);
	return run(c, sql, "dropping a shadow read-model table", err);
}

static int create_shadow(bo_pg *c, const char *t, bo_err *err)
{
	char sql[200];

	snprintf(sql, sizeof sql,
		 "CREATE TABLE @.%s" SHADOW_SUFFIX " (LIKE @.%s INCLUDING ALL)",
		 t, t);
	return run(c, sql, "creating a shadow read-model table", err);
}

static int swap_table(bo_pg *c, const char *t, bo_err *err)
{
	char sql[200];
	int rc;

	snprintf(sql, sizeof sql, "ALTER TABLE @.%s RENAME TO %s" OLD_SUFFIX, t,
		 t);
	if ((rc = run(c, sql, "setting the old read model aside", err)) < 0)
		return rc;
	snprintf(sql, sizeof sql,
		 "ALTER TABLE @.%s" SHADOW_SUFFIX " RENAME TO %s", t, t);
	return run(c, sql, "putting the rebuilt read model in place", err);
}

/*
 * One set-aside or abandoned table dropped per call (its indexes with it),
 * so each transaction holds writers up for one table's share only.
 * 1: one was dropped, 0: none was left.
 */
static int trim(bo_pg *c, const char *const *tables, bo_err *err)
{
	static const char *const suffixes[] = {OLD_SUFFIX, SHADOW_SUFFIX};

	for (size_t i = 0; tables[i]; i++) {
		for (size_t k = 0; k < 2; k++) {
			char name[96], sql[160];
			bo_pg_args a = {0};
			PGresult *res;
			bool there;
			int rc;

			snprintf(name, sizeof name, "%s%s", tables[i],
				 suffixes[k]);
			bo_pg_arg_text(&a, c->schema);
			bo_pg_arg_text(&a, name);
			if ((rc = bo_pg_run(
				 c, PG_NO_SLOT,
				 "SELECT 1 FROM pg_catalog.pg_tables "
				 "WHERE schemaname = $1 AND "
				 "tablename = $2",
				 &a, &res, "reading the schema", err)) < 0)
				return rc;
			there = PQntuples(res) > 0;
			PQclear(res);
			if (!there)
				continue;
			snprintf(sql, sizeof sql, "DROP TABLE @.%s", name);
			if ((rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL,
					    "dropping an old read-model table",
					    err)) < 0)
				return rc;
			c->wrote = true;
			return 1;
		}
	}
	return 0;
}

int bo_pg_shadow(bo_pg *c, unsigned which, int op, bo_err *err)
{
	const char *const *tables = tables_of(which);
	int rc;

	if (op != BO_SHADOW_BEGIN && op != BO_SHADOW_SWAP &&
	    op != BO_SHADOW_END && op != BO_SHADOW_LEAVE &&
	    op != BO_SHADOW_TRIM)
		return bo_err_set(err, BO_EINVAL, "unknown shadow step %d", op);
	if (op == BO_SHADOW_LEAVE) {
		c->shadow &= ~which;
		return forget_prepared(c, err);
	}
	if ((rc = bo_pg_need_tx(c, "change shadow tables", err)) < 0)
		return rc;
	/* whatever happens next, the statements prepared for the shadow name
	 * tables about to change; and but for BEGIN this connection is back
	 * on the live tables (a failed drop leaves leftovers for the next
	 * BEGIN) */
	if (op != BO_SHADOW_BEGIN)
		c->shadow &= ~which;
	if ((rc = forget_prepared(c, err)) < 0)
		return rc;
	c->wrote = true;
	if (op == BO_SHADOW_TRIM)
		return trim(c, tables, err);
	for (size_t i = 0; tables[i]; i++) {
		if (op == BO_SHADOW_BEGIN) {
			rc = drop_leftovers(c, tables[i], err);
			if (rc == 0)
				rc = create_shadow(c, tables[i], err);
		} else if (op == BO_SHADOW_SWAP) {
			rc = swap_table(c, tables[i], err);
		} else {
			rc = drop_leftovers(c, tables[i], err);
		}
		if (rc < 0)
			return rc;
	}
	if (op == BO_SHADOW_BEGIN) {
		c->rewrite = shadow_rewrite;
		c->shadow |= which;
	}
	return 0;
}
