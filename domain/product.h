/* The product entity (stateful CRUD side) and its validation rules. */
#ifndef BO_PRODUCT_H
#define BO_PRODUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "money.h"
#include "status.h"

#define BO_SKU_MAX 64
#define BO_PRODUCT_NAME_MAX 200
#define BO_PRODUCT_DESC_MAX 4000
#define BO_STOCK_UNTRACKED (-1)
#define BO_LOW_STOCK_MAX 1000000

/* A whole number that may be absent: set false = none (zeroed = absent). */
typedef struct bo_opt_i64 {
	bool set;
	int64_t value;
} bo_opt_i64;

typedef struct bo_product {
	int64_t id; /* assigned by the repository on insert, > 0 */
	char *sku;  /* 1..64 of [A-Za-z0-9._-], unique */
	char *name; /* 1..200 code points, no control characters */
	char *
	    description; /* 0..4000 code points, newlines allowed; never NULL once valid */
	int64_t price;  /* tax-inclusive, minor units, >= 0 */
	int32_t tax_bp; /* 0..10000 basis points */
	int64_t stock;  /* >= 0, or BO_STOCK_UNTRACKED */
	bool retired;   /* retired products cannot be ordered */
	/* its own low-stock threshold 0..BO_LOW_STOCK_MAX; unset = the
	 * tenant's (events written before it existed have none) */
	bo_opt_i64 low_stock_threshold;
	/* "Kitchen / Mugs" (canonical, see category.h) or NULL: none */
	char *category;
	/* "gift;sale" (lower-case, sorted, unique) or NULL: none */
	char *tags;
	int64_t
	    row_version; /* 1 on insert, +1 on every update (optimistic locking) */
	int64_t created_at; /* ms since the epoch, UTC */
	int64_t updated_at;
} bo_product;

/* Frees the strings of p (not p itself) and zeroes it. NULL is fine. */
void bo_product_clear(bo_product *p);

/* Deep copy; dst is overwritten without being cleared first. BO_ENOMEM on failure. */
int bo_product_copy(bo_product *dst, const bo_product *src);

/* The SKU rule alone; BO_EINVAL with a sentence naming "sku". */
int bo_product_validate_sku(const char *sku, bo_err *err);

/*
 * Checks every rule above; the first failure is returned as BO_EINVAL with a
 * sentence naming the field ("name must be 1 to 200 characters").
 * A NULL description is treated as empty.
 */
int bo_product_validate(const bo_product *p, bo_err *err);

/*
 * A partial change to a product, as typed by an admin in text form: every field
 * is optional (NULL = keep). Parsed and validated by bo_product_apply_edit.
 */
typedef struct bo_product_edit {
	const char *sku;
	const char *name;
	const char *description;
	const char *price;    /* decimal text in the tenant currency */
	const char *tax_rate; /* percent text, "20" or "7.5" */
	const char *stock;    /* integer text >= 0, or "none" for untracked */
	/* whole number text 0..1000000, or "" / "default" for the tenant's */
	const char *low_stock;
	/* a category path ("Kitchen / Mugs"), "" for none */
	const char *category;
	/* the whole tag list ("gift;sale"), "" for none */
	const char *tags;
	/* tags to add / take away (lists as tags), applied after tags */
	const char *add_tags;
	const char *remove_tags;
} bo_product_edit;

/*
 * Applies the edit's fields to p in place, parsing text with the currency rules.
 * On failure p is left unchanged and BO_EINVAL names the field.
 */
int bo_product_apply_edit(bo_product *p, const bo_product_edit *edit,
			  const bo_currency *cur, bo_err *err);

struct bo_event;

/*
 * Checks that e, read from an export as the next event of stream
 * "product-<product_id>", is what the live product commands could have
 * recorded. cur is the product as the stream left it: NULL before
 * ProductCreated and after ProductDeleted; stream_version is how many
 * events the stream has so far. Rules: only Product* events (unknown kinds
 * pass as they are); the snapshot names product_id; ProductCreated opens
 * the stream with row_version 1 and nothing follows ProductDeleted; the
 * snapshot passes bo_product_validate; ProductUpdated and ProductRetired
 * raise row_version by one, ProductDeleted keeps it; only ProductRetired
 * retires (an active product) and only ProductReactivated (raising it by
 * one too) makes a retired product active again. BO_EINVAL with one sentence naming
 * the product and the rule.
 */
int bo_product_check_event(const bo_product *cur, int64_t stream_version,
			   int64_t product_id, const struct bo_event *e,
			   bo_err *err);

/* Parses a product's low-stock threshold: a whole number 0..1000000, or
 * "" / "default" (no threshold of its own). BO_EINVAL naming the field
 * "low-stock threshold". */
int bo_low_stock_parse(bo_opt_i64 *out, const char *text, bo_err *err);

/* Parses stock text: a whole number 0..1e12, or "none" -> BO_STOCK_UNTRACKED. */
int bo_stock_parse(int64_t *out, const char *text, bo_err *err);

/* ---- stock adjustments ----------------------------------------------------*/

/* Why a stock adjustment was made; the words are part of the log's format. */
typedef enum {
	BO_STOCK_RECEIVED,
	BO_STOCK_COUNTED,
	BO_STOCK_DAMAGED,
	BO_STOCK_RETURNED,
	BO_STOCK_CORRECTION,
	BO_STOCK_REASON__COUNT
} bo_stock_reason;

#define BO_STOCK_NOTE_MAX 500
#define BO_STOCK_REASONS "received, counted, damaged, returned or correction"

/* "received", "counted", ...; NULL out of range. */
const char *bo_stock_reason_name(bo_stock_reason r);
/* The reason a word names; BO_EINVAL naming "reason" (required, one of the
 * five). */
int bo_stock_reason_parse(bo_stock_reason *out, const char *text,
			  bo_err *err);

/* A stock adjustment as typed by an admin: exactly one of add and set. */
typedef struct bo_stock_adjust {
	const char *add;    /* signed whole number text, not 0 */
	const char *set;    /* whole number text 0..1e12 */
	const char *reason; /* one of BO_STOCK_REASONS */
	const char *note;   /* optional: up to 500 characters, one line */
} bo_stock_adjust;

/* An adjustment read and checked on its own (before the product is seen). */
typedef struct bo_stock_change {
	bool set;       /* true: stock := amount; false: stock += amount */
	int64_t amount; /* set: 0..1e12; add: nonzero, -1e12..1e12 */
	bo_stock_reason reason;
	const char *note; /* in->note, NULL when empty */
} bo_stock_change;

/* Parses in: BO_EINVAL naming the field (add, set, reason or note), or
 * "give exactly one of add and set". */
int bo_stock_change_parse(bo_stock_change *out, const bo_stock_adjust *in,
			  bo_err *err);

/*
 * Applies c to p's stock (only the stock). *delta is the change, counting
 * untracked stock as 0. BO_ECONFLICT naming the stock, nothing changed:
 * adding to untracked stock (only set gives it one), going below 0 or
 * above 1e12, or setting the stock it has.
 */
int bo_stock_change_apply(bo_product *p, const bo_stock_change *c,
			  int64_t *delta, bo_err *err);

#endif
