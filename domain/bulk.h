/* Bulk product changes: the action kinds, the re-pricing and rounding rules, the plan (preview) and the record of an applied bulk action. */
#ifndef BO_BULK_H
#define BO_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "category.h"
#include "money.h"
#include "product_history.h"
#include "status.h"

/*
 * What a bulk action does to each product of its selection. New kinds
 * (set a category, add or remove a tag) go at the end: each has its own
 * fields in bo_bulk_action and its own case in bo_bulk_decide.
 */
typedef enum bo_bulk_kind {
	BO_BULK_REPRICE,    /* price by a percentage or an amount, rounded */
	BO_BULK_TAX,        /* set the tax rate */
	BO_BULK_RETIRE,     /* retire (retired ones are unchanged) */
	BO_BULK_REACTIVATE, /* make active again (active ones unchanged) */
	BO_BULK_RESTORE,    /* an undo: each product's recorded old value */
	BO_BULK_CATEGORY,   /* set the category (text "" clears it) */
	BO_BULK_TAG_ADD,    /* add the tag text (those carrying it unchanged) */
	BO_BULK_TAG_REMOVE, /* remove the tag text (those without it unchanged) */
	BO_BULK__COUNT
} bo_bulk_kind;

/*
 * How a re-priced result is rounded. CENT: to the nearest minor unit,
 * halves away from zero. R99 / R90 (currencies with 2 decimals only): the
 * cent-rounded result, then up to the smallest price at or above it whose
 * cents are .99 (.90): 12.34 -> 12.99, 12.99 stays, 13.00 -> 13.99; for
 * .90, 12.91 -> 13.90. A result of exactly 0 stays 0 (free stays free).
 */
typedef enum bo_bulk_round {
	BO_ROUND_CENT,
	BO_ROUND_99,
	BO_ROUND_90,
} bo_bulk_round;

/* Bytes of a category or tag list text, with its NUL (a list of 20 tags
 * of 32 is the longest). */
#define BO_BULK_TEXT_MAX                                                       \
	((BO_TAGS_MAX * (BO_TAG_MAX + 1)) > BO_CATEGORY_MAX + 1                \
	     ? (BO_TAGS_MAX * (BO_TAG_MAX + 1))                                \
	     : BO_CATEGORY_MAX + 1)

/* Largest percentage a re-price may add, in hundredths of a percent
 * (+1000%); the lowest is -100%. */
#define BO_BULK_PCT_MAX 100000

typedef struct bo_bulk_action {
	bo_bulk_kind kind;
	/* REPRICE: percent true: by is hundredths of a percent (+10% is
	 * 1000); false: by is minor units of the tenant currency */
	bool percent;
	int64_t by;
	bo_bulk_round round;
	/* TAX: the rate in basis points */
	int32_t tax_bp;
	/* CATEGORY: the canonical path, "" for none; TAG_ADD / TAG_REMOVE:
	 * the tag, lower-cased */
	char text[BO_BULK_TEXT_MAX];
} bo_bulk_action;

/* Parses a category's --to: a path (bo_category_parse), "" or only spaces
 * for none. Sets a->kind to BO_BULK_CATEGORY and a->text. BO_EINVAL naming
 * "category". */
int bo_bulk_parse_category(bo_bulk_action *a, const char *text, bo_err *err);

/* Parses the tag of a tag --add (add true) or --remove: one tag
 * (bo_tag_validate), lower-cased into a->text; sets a->kind. BO_EINVAL
 * naming "tag". */
int bo_bulk_parse_tag(bo_bulk_action *a, const char *text, bool add,
		      bo_err *err);

/*
 * Parses a re-price's --by: "+10%", "-15%", "12.5%" (a percentage, up to
 * two decimals, -100% to +1000%) or "+1.50", "-0.25", "2" (an amount in
 * cur, parsed by bo_money_parse after the sign). Fills a->percent and
 * a->by. BO_EINVAL naming "by" otherwise.
 */
int bo_bulk_parse_by(bo_bulk_action *a, const char *text,
		     const bo_currency *cur, bo_err *err);

/* Parses --round: "cent", "99" or "90"; 99 and 90 only for a currency with
 * two decimals. BO_EINVAL naming "round" otherwise. */
int bo_bulk_parse_round(bo_bulk_action *a, const char *text,
			const bo_currency *cur, bo_err *err);

/*
 * The re-priced price of price (minor units, >= 0) under a (REPRICE):
 * the percentage or amount applied, then rounded by a->round. BO_EINVAL
 * with a sentence when the result is below 0 or does not fit in int64.
 */
int bo_bulk_reprice(int64_t price, const bo_bulk_action *a,
		    const bo_currency *cur, int64_t *out, bo_err *err);

/* The action as one line of text ("reprice +10% round 99", "tax 7.5%",
 * "retire", "reactivate", "undo B-..."), into buf of size bytes. */
void bo_bulk_action_text(const bo_bulk_action *a, const bo_currency *cur,
			 const char *undoes, char *buf, size_t size);

/* What the preview says of one product. */
typedef enum bo_bulk_outcome {
	BO_BULK_CHANGES,
	BO_BULK_UNCHANGED,
	BO_BULK_FAILS,
} bo_bulk_outcome;

/* One product of a plan. Strings are the row's own. */
typedef struct bo_bulk_row {
	int64_t product_id;
	int64_t row_version; /* as the preview read it */
	char *sku;
	char *name;
	bo_bulk_outcome outcome;
	bo_product_field field; /* BO_PF_PRICE, _TAX_RATE, _STATUS, _CATEGORY
				   or _TAGS */
	/* raw values: a price in minor units, a rate in basis points, a
	 * status 0 active / 1 retired */
	int64_t old_value, new_value;
	/* BO_PF_CATEGORY, BO_PF_TAGS: the canonical texts, NULL for none
	 * (the values above are 0) */
	char *old_text, *new_text;
	char *error; /* BO_BULK_FAILS: why, one sentence */
} bo_bulk_row;

/* A preview: every product of the selection with what the action would do.
 * bo_bulk_plan_clear releases it. */
typedef struct bo_bulk_plan {
	bo_bulk_action action;
	char *action_text;
	char *undoes; /* an undo's plan: the bulk id it undoes; else NULL */
	/* a selection with filters, as text (what a command id's fingerprint
	 * takes: the products it picks move); NULL otherwise */
	char *selection;
	bo_bulk_row *rows;
	size_t n, cap;
	size_t changes, unchanged, errors;
	/* REPRICE: sum of the old and of the new prices of the rows not in
	 * error (unchanged ones count on both sides) */
	int64_t old_total, new_total;
} bo_bulk_plan;

void bo_bulk_plan_clear(bo_bulk_plan *p);

/* The plan in one line, into buf: "3 products: 3 change, 0 unchanged, 0
 * in error", then "; prices 38.60 -> 42.97 EUR" for a re-price (or an undo
 * that moves prices), amounts in cur with sep between each three digits
 * (NULL or "": none, see bo_group_digits). */
void bo_bulk_plan_summary(const bo_bulk_plan *p, const bo_currency *cur,
			  const char *sep, char *buf, size_t size);

/*
 * The pure part of a preview: appends the row of product p under
 * plan->action (REPRICE, TAX, RETIRE, REACTIVATE, CATEGORY, TAG_ADD,
 * TAG_REMOVE) and counts it. BO_ENOMEM
 * only; a product the action cannot change is a row in error.
 */
int bo_bulk_decide(bo_bulk_plan *plan, const bo_product *p,
		   const bo_currency *cur);

/* Value v of field f as a person reads it ("12.50", "7.5%", "retired"),
 * into buf (BO_MONEY_BUFSZ bytes at least). */
const char *bo_bulk_value_text(char *buf, size_t size, bo_product_field f,
			       int64_t v, const bo_currency *cur);

/*
 * An applied bulk action as the store keeps it, so it can be listed and
 * undone without reading the log. items is one line per changed product,
 * "product_id<TAB>field<TAB>old<TAB>new<TAB>row_version_after<TAB>sku\n",
 * and for a category or tags (texts hold no tab) "product_id<TAB>field<TAB>
 * 0<TAB>0<TAB>row_version_after<TAB>old_text<TAB>new_text<TAB>sku\n" (an
 * empty text for none), written and read by the domain (bo_bulk_items_*) and stored as it is.
 */
typedef struct bo_bulk_record {
	char *id;      /* "B-20261207-123456-3f9a0c" */
	int64_t at;    /* ms since the epoch, UTC */
	char *user;    /* who applied it */
	char *action;  /* bo_bulk_action_text */
	int64_t count; /* products it changed */
	/* the log positions it wrote: after from_position, up to
	 * to_position */
	int64_t from_position, to_position;
	char *undoes;    /* the bulk id this one undid; NULL for none */
	char *undone_by; /* the bulk id that undid this one; NULL for none */
	char *items;
} bo_bulk_record;

void bo_bulk_record_clear(bo_bulk_record *r);
/* A deep copy of src into *dst; BO_ENOMEM. */
int bo_bulk_record_copy(bo_bulk_record *dst, const bo_bulk_record *src);

/* The items text of plan's changed rows, each with the row version it
 * leaves (the previewed one + 1). Caller frees; NULL on ENOMEM. */
char *bo_bulk_items_text(const bo_bulk_plan *plan);

/* One line of an items text. */
typedef struct bo_bulk_item {
	int64_t product_id;
	bo_product_field field;
	int64_t old_value, new_value;
	int64_t row_version; /* the product's row version after the action */
	char sku[BO_SKU_MAX * 4 + 1];
	/* BO_PF_CATEGORY, BO_PF_TAGS: the texts, "" for none */
	char old_text[BO_BULK_TEXT_MAX], new_text[BO_BULK_TEXT_MAX];
} bo_bulk_item;

/* Parses the next line of items at *pos into *it and moves *pos past it.
 * 1: an item; 0: the end; BO_EINVAL for a malformed line. */
int bo_bulk_items_next(const char *items, size_t *pos, bo_bulk_item *it);

#endif
