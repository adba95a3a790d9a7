/* The Products screen's filter as text: `status=retired category="Kitchen /
 * Mugs" tag=gift stock=low min=5 max=20.50`, the words of the CLI's
 * `product list` options, parsed with the domain's parsers. */
#ifndef BO_TUI_PRODUCT_FILTER_H
#define BO_TUI_PRODUCT_FILTER_H

#include <stddef.h>

#include "domain/money.h"
#include "domain/ports/product_repo.h"
#include "domain/status.h"

/* Which products by status: the `f` key cycles them in this order. */
typedef enum bo_filter_status {
	BO_FILTER_ACTIVE = 0,
	BO_FILTER_RETIRED,
	BO_FILTER_ALL,
} bo_filter_status;

/* A filter of the product list; zeroed: active products, nothing else. */
typedef struct bo_product_filter {
	bo_filter_status status;
	char *category; /* canonical (bo_category_parse), or NULL */
	char **tags;    /* ntags tags, lower-case, each once */
	size_t ntags;
	int stock;                       /* bo_stock_filter */
	bo_opt_i64 price_min, price_max; /* minor units, inclusive */
} bo_product_filter;

/* The name of a status ("active", "retired", "all"). */
const char *bo_filter_status_name(bo_filter_status s);

/* Frees what f holds and zeroes it. */
void bo_product_filter_clear(bo_product_filter *f);

/* True when f shows every active product (the zeroed filter). */
bool bo_product_filter_is_default(const bo_product_filter *f);

/*
 * Parses text (space-separated key=value words, the value in double quotes
 * when it holds spaces, \" and \\ inside them) into *out, which is
 * replaced only on success (the caller clears the old one first otherwise
 * kept). Keys: status (active, retired, all), category, tag (repeatable),
 * stock (out, low, untracked), min and max (prices in cur). An empty or
 * blank text is the default filter. BO_EINVAL with one sentence naming the
 * key; BO_ENOMEM.
 */
int bo_product_filter_parse(bo_product_filter *out, const char *text,
			    const bo_currency *cur, bo_err *err);

/* f as the text bo_product_filter_parse reads back ("" for the default),
 * malloc'd; NULL when out of memory. */
char *bo_product_filter_format(const bo_product_filter *f,
			       const bo_currency *cur);

/* f in a few words for the status bar ("retired, category Kitchen / Mugs,
 * tag gift, stock low, price 5.00-20.50") into buf. Returns buf. */
const char *bo_product_filter_describe(const bo_product_filter *f,
				       const bo_currency *cur, char *buf,
				       size_t size);

/* Sets the filter fields of q from f (pointers into f: keep f alive). */
void bo_product_filter_apply(const bo_product_filter *f, bo_product_query *q);

#endif
