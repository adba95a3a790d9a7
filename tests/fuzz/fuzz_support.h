/* Helpers the fuzz targets share: a C string of the input, failing loudly, event equality. */
#ifndef BO_FUZZ_SUPPORT_H
#define BO_FUZZ_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/event.h"

/* A NUL-terminated copy of the input (cut at its first NUL); free(). Aborts
 * when out of memory, which libFuzzer reports. */
static inline char *fz_cstring(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A property does not hold: say which and on what, then crash so libFuzzer
 * keeps the input as an artifact. */
static inline void fz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz property failed: %s\n", what);
	if (detail)
		fprintf(stderr, "  detail: %s\n", detail);
	abort();
}

static inline int fz_str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The first field in which the products differ, NULL when equal. */
static inline const char *fz_product_diff(const bo_product *a,
					  const bo_product *b)
{
	if (a->id != b->id)
		return "product.id";
	if (!fz_str_eq(a->sku, b->sku))
		return "product.sku";
	if (!fz_str_eq(a->name, b->name))
		return "product.name";
	if (!fz_str_eq(a->description, b->description))
		return "product.description";
	if (a->price != b->price)
		return "product.price";
	if (a->tax_bp != b->tax_bp)
		return "product.tax_bp";
	if (a->stock != b->stock)
		return "product.stock";
	if (a->retired != b->retired)
		return "product.retired";
	if (a->row_version != b->row_version)
		return "product.row_version";
	if (a->created_at != b->created_at)
		return "product.created_at";
	if (a->updated_at != b->updated_at)
		return "product.updated_at";
	if (a->low_stock_threshold.set != b->low_stock_threshold.set ||
	    (a->low_stock_threshold.set &&
	     a->low_stock_threshold.value != b->low_stock_threshold.value))
		return "product.low_stock_threshold";
	return NULL;
}

static inline const char *fz_meta_diff(const bo_event_meta *a,
				       const bo_event_meta *b)
{
	if (!fz_str_eq(a->user, b->user))
		return "meta.user";
	if (!fz_str_eq(a->role, b->role))
		return "meta.role";
	if (!fz_str_eq(a->tenant, b->tenant))
		return "meta.tenant";
	if (!fz_str_eq(a->correlation_id, b->correlation_id))
		return "meta.correlation_id";
	if (!fz_str_eq(a->causation_id, b->causation_id))
		return "meta.causation_id";
	if (!fz_str_eq(a->command_id, b->command_id))
		return "meta.command_id";
	return NULL;
}

/* The first payload field (kind included) in which the events differ. */
static inline const char *fz_payload_diff(const bo_event *a, const bo_event *b)
{
	const char *d;

	if (a->kind != b->kind)
		return "kind";
	if ((d = fz_product_diff(&a->product, &b->product)))
		return d;
	if (a->order_id != b->order_id)
		return "order_id";
	if (!fz_str_eq(a->currency, b->currency))
		return "currency";
	if (!fz_str_eq(a->customer_email, b->customer_email))
		return "customer_email";
	if (!fz_str_eq(a->customer_name, b->customer_name))
		return "customer_name";
	if (a->nlines != b->nlines)
		return "nlines";
	for (size_t i = 0; i < a->nlines; i++) {
		const bo_order_line *x = &a->lines[i], *y = &b->lines[i];

		if (x->product_id != y->product_id ||
		    !fz_str_eq(x->sku, y->sku) ||
		    !fz_str_eq(x->name, y->name) ||
		    x->unit_price != y->unit_price || x->tax_bp != y->tax_bp ||
		    x->quantity != y->quantity)
			return "lines";
	}
	if (a->amount != b->amount)
		return "amount";
	if (!fz_str_eq(a->reason, b->reason))
		return "reason";
	if (!fz_str_eq(a->carrier, b->carrier))
		return "carrier";
	if (!fz_str_eq(a->tracking, b->tracking))
		return "tracking";
	if (!fz_str_eq(a->text, b->text))
		return "text";
	return NULL;
}

/* The first envelope field in which the events differ (schema_version and
 * raw_payload left to the caller, which knows when they may). */
static inline const char *fz_envelope_diff(const bo_event *a, const bo_event *b)
{
	if (!fz_str_eq(a->event_id, b->event_id))
		return "event_id";
	if (!fz_str_eq(a->stream, b->stream))
		return "stream";
	if (a->version != b->version)
		return "version";
	if (a->position != b->position)
		return "position";
	if (!fz_str_eq(a->type_name, b->type_name))
		return "type_name";
	if (a->recorded_at != b->recorded_at)
		return "recorded_at";
	return fz_meta_diff(&a->meta, &b->meta);
}

#endif
