/* The catalogue as a CSV file: its columns, each field's text, and the import's preview (a diff against the store) and its apply. */
#ifndef BO_CATALOGUE_H
#define BO_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "product.h"

/* The columns of the file, in the order the export writes them. */
typedef enum bo_cat_col {
	BO_CAT_SKU,
	BO_CAT_NAME,
	BO_CAT_DESCRIPTION,
	BO_CAT_PRICE,
	BO_CAT_TAX_RATE,
	BO_CAT_STOCK,
	BO_CAT_LOW_STOCK,
	BO_CAT_STATUS,
	BO_CAT_CATEGORY, /* added after status: older files lack it */
	BO_CAT_TAGS,
	BO_CAT__COUNT
} bo_cat_col;

/* "sku", "name", ... as the header names them. */
extern const char *const bo_cat_col_names[BO_CAT__COUNT];

/* Room for the text of a number field. */
#define BO_CAT_TEXT_BUFSZ 32

/*
 * The text of column c of p as the export writes it and the import reads
 * it back: the price in the store's currency ("12.50"), the tax rate in
 * percent ("7.5"), stock and low_stock empty when the product has none,
 * status "active" or "retired", category ("Kitchen / Mugs") and tags
 * ("gift;sale") empty for none. Points into p or into buf (of
 * BO_CAT_TEXT_BUFSZ bytes); never NULL.
 */
const char *bo_cat_text(const bo_product *p, bo_cat_col c,
			const bo_currency *cur, char *buf);

typedef enum bo_cat_action {
	BO_CAT_ADDED,
	BO_CAT_CHANGED,
	BO_CAT_UNCHANGED,
	BO_CAT_ERROR
} bo_cat_action;

/* "added", "changed", "unchanged", "error". */
extern const char *const bo_cat_action_names[4];

/* One line of the preview: an added product's field, a changed field
 * (old -> new), an unchanged product, or one error of a row. */
typedef struct bo_cat_diff {
	long line; /* of the file, where the row starts (1: the header) */
	char *sku; /* NULL when the row has none */
	bo_cat_action action;
	char *field;               /* a column's name; NULL for the whole row */
	char *old_text, *new_text; /* NULL when none */
	char *error;               /* the reason, for BO_CAT_ERROR */
} bo_cat_diff;

/* One product the import writes: the cells of the fields it sets. */
typedef struct bo_cat_item {
	long line;
	char *sku;
	int is_new;
	int retire;          /* status goes from active to retired */
	int64_t row_version; /* as the preview saw it (existing products) */
	char *cells[BO_CAT__COUNT]; /* NULL: keep */
} bo_cat_item;

typedef struct bo_cat_plan {
	bo_cat_diff *diffs;
	size_t ndiffs, capdiffs;
	bo_cat_item *items;
	size_t nitems, capitems;
	/* rows of the file by what they do; a row in error counts once */
	size_t added, changed, unchanged, errors;
	/* what the file holds, for the command id's fingerprint */
	uint64_t h1, h2;
	size_t records;
} bo_cat_plan;

void bo_cat_plan_clear(bo_cat_plan *plan);

/*
 * Reads a catalogue CSV from in (streaming, one record at a time) and
 * compares it with the store (admin): *plan gets the diff, row by row in
 * file order, and the writes it needs. A row's problems are not failures
 * of the call: they are BO_CAT_ERROR lines of the diff (plan->errors
 * counts the rows) naming the line and the field; every row is checked.
 * The same rules as product add and edit apply to every field. Returns
 * BO_EPERM, BO_ENOMEM, BO_ESTORAGE (the store or the input), BO_OK.
 */
int bo_app_catalogue_plan(bo_app *app, FILE *in, bo_cat_plan *plan,
			  bo_err *err);

/*
 * Writes what plan says in one transaction, all or nothing, through the
 * product services (each change its Product* event): BO_EINVAL when the
 * plan has rows in error; BO_ECONFLICT when a product changed (or a new
 * SKU was taken) since the plan was made; the services' statuses, the
 * message naming the line. Under app->command_id the whole import is one
 * command: sent again with the same file, *replayed (the caller's, free;
 * NULL otherwise) is what it answered the first time and nothing is
 * written.
 */
int bo_app_catalogue_apply(bo_app *app, const bo_cat_plan *plan,
			   char **replayed, bo_err *err);

/* "3 added, 1 changed, 12 unchanged, 0 in error" into buf. */
void bo_cat_summary(const bo_cat_plan *plan, char *buf, size_t size);

#endif
