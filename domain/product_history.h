/* A product's history field by field ("blame"), worked out from its Product* events. */
#ifndef BO_PRODUCT_HISTORY_H
#define BO_PRODUCT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "money.h"
#include "product.h"
#include "status.h"

/* The fields a history row can name, in the order a row lists them. */
typedef enum bo_product_field {
	BO_PF_SKU,
	BO_PF_NAME,
	BO_PF_DESCRIPTION,
	BO_PF_PRICE,
	BO_PF_TAX_RATE,
	BO_PF_STOCK,
	BO_PF_LOW_STOCK, /* the product's own threshold, or "default" */
	BO_PF_STATUS,    /* active, retired, deleted */
	BO_PF_CATEGORY,  /* "Kitchen / Mugs", empty for none */
	BO_PF_TAGS,      /* "gift;sale", empty for none */
	BO_PF__COUNT
} bo_product_field;

/* "sku", "name", "description", "price", "tax_rate", "stock", "low_stock",
 * "status", "category", "tags". */
const char *bo_product_field_name(bo_product_field f);
/* The field of a name above (also "tax-rate", "low-stock"); -1 when it names
 * none. */
int bo_product_field_from_name(const char *name);
/* BO_EINVAL naming `what` and listing the names when name is not one. */
int bo_product_field_parse(bo_product_field *out, const char *name,
			   const char *what, bo_err *err);

/*
 * One field changed by one event. Values are text as a person reads them:
 * money with the currency's decimals and its code ("12.50 EUR"), a tax rate
 * in percent ("20%"), stock a number or "none", status "active", "retired"
 * or "deleted"; names and descriptions as stored (not sanitised: the face
 * does that). old_value is NULL on the event that created the product.
 */
typedef struct bo_history_row {
	int64_t position;    /* the event's place in the log: unique */
	int64_t version;     /* the event's version in its product's stream */
	int64_t product_id;  /* which product (a re-created SKU is another) */
	int64_t recorded_at; /* ms since the epoch, UTC */
	bo_event_kind kind;
	char *user;
	char *role;
	bo_product_field field;
	char *old_value;
	char *new_value;
	/* why, where the event says: a ProductStockAdjusted's reason
	 * ("received", ...) and its note; NULL otherwise (and note when the
	 * adjustment had none) */
	char *reason;
	char *note;
	/* the bulk action that made the change (its id); NULL for none */
	char *bulk_id;
} bo_history_row;

typedef struct bo_history {
	bo_history_row *rows;
	size_t n, cap;
	/* Filled by the service: the product that now has the SKU (0 when
	 * none: deleted, or renamed away) and its row version. */
	int64_t current_id;
	int64_t current_row_version;
} bo_history;

void bo_history_clear(bo_history *h);

/* Text of field f of product p as a history row shows it; deleted is only
 * for BO_PF_STATUS. Caller frees; NULL on ENOMEM. */
char *bo_product_field_text(const bo_product *p, bo_product_field f,
			    int deleted, const bo_currency *cur);

/*
 * The pure part: appends to h one row per field that product event e
 * changed compared with prev, the snapshot of the same product's previous
 * event (NULL when e is the first). A ProductCreated lists the initial
 * values (an empty description left out), a ProductDeleted is one status
 * row ("deleted"), an update that changed nothing adds no row; the rows
 * of a ProductStockAdjusted carry its reason and note. only: a
 * field to keep, or -1 for all. Events that are not Product* add nothing.
 * BO_ENOMEM (h keeps the rows it had).
 */
int bo_product_history_diff(bo_history *h, const bo_product *prev,
			    const bo_event *e, int only, const bo_currency *cur,
			    bo_err *err);

#endif
