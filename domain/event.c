/* Events: the kind table, deep copy and release, stream names, lists. */
#include "event.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int schema;
} kinds[BO_EV__COUNT] = {[BO_EV_UNKNOWN] = {"Unknown", 0},
#define BO_X(kind, text, schema_v) [kind] = {text, schema_v},
			 BO_EVENT_TABLE(BO_X)
#undef BO_X
};

const char *bo_event_kind_name(bo_event_kind kind)
{
	if ((int)kind <= BO_EV_UNKNOWN || kind >= BO_EV__COUNT)
		return kinds[BO_EV_UNKNOWN].name;
	return kinds[kind].name;
}

bo_event_kind bo_event_kind_from_name(const char *name)
{
	if (!name)
		return BO_EV_UNKNOWN;
	for (int k = BO_EV_UNKNOWN + 1; k < BO_EV__COUNT; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return (bo_event_kind)k;
	return BO_EV_UNKNOWN;
}

int bo_event_kind_schema(bo_event_kind kind)
{
	if ((int)kind <= BO_EV_UNKNOWN || kind >= BO_EV__COUNT)
		return 0;
	return kinds[kind].schema;
}

int bo_event_is_product(bo_event_kind kind)
{
	return kind == BO_EV_PRODUCT_CREATED || kind == BO_EV_PRODUCT_UPDATED ||
	       kind == BO_EV_PRODUCT_RETIRED || kind == BO_EV_PRODUCT_DELETED ||
	       kind == BO_EV_PRODUCT_STOCK_ADJUSTED ||
	       kind == BO_EV_PRODUCT_REACTIVATED;
}

static void meta_clear(bo_event_meta *m)
{
	free(m->user);
	free(m->role);
	free(m->tenant);
	free(m->correlation_id);
	free(m->causation_id);
	free(m->command_id);
	free(m->acted_by);
	free(m->bulk_id);
	memset(m, 0, sizeof(*m));
}

void bo_event_clear(bo_event *e)
{
	if (!e)
		return;
	free(e->event_id);
	free(e->stream);
	free(e->type_name);
	meta_clear(&e->meta);
	bo_product_clear(&e->product);
	free(e->currency);
	free(e->customer_email);
	free(e->customer_name);
	for (size_t i = 0; i < e->nlines; i++) {
		free(e->lines[i].sku);
		free(e->lines[i].name);
	}
	free(e->lines);
	free(e->reason);
	free(e->carrier);
	free(e->tracking);
	free(e->text);
	free(e->raw_payload);
	memset(e, 0, sizeof(*e));
}

/* Copies src into *dst (NULL stays NULL); returns 0 on ENOMEM. */
static int dup_into(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 1;
	*dst = strdup(src);
	return *dst != NULL;
}

int bo_event_copy(bo_event *dst, const bo_event *src)
{
	bo_event tmp = *src;

	/* Pointers in tmp are re-pointed one by one; until each is, it must not
	 * be freed, so every owned pointer starts at NULL. */
	tmp.event_id = tmp.stream = tmp.type_name = NULL;
	memset(&tmp.meta, 0, sizeof(tmp.meta));
	memset(&tmp.product, 0, sizeof(tmp.product));
	tmp.currency = tmp.customer_email = tmp.customer_name = NULL;
	tmp.lines = NULL;
	tmp.nlines = 0;
	tmp.reason = tmp.carrier = tmp.tracking = tmp.text = NULL;
	tmp.raw_payload = NULL;

	if (!dup_into(&tmp.event_id, src->event_id) ||
	    !dup_into(&tmp.stream, src->stream) ||
	    !dup_into(&tmp.type_name, src->type_name) ||
	    !dup_into(&tmp.meta.user, src->meta.user) ||
	    !dup_into(&tmp.meta.role, src->meta.role) ||
	    !dup_into(&tmp.meta.tenant, src->meta.tenant) ||
	    !dup_into(&tmp.meta.correlation_id, src->meta.correlation_id) ||
	    !dup_into(&tmp.meta.causation_id, src->meta.causation_id) ||
	    !dup_into(&tmp.meta.command_id, src->meta.command_id) ||
	    !dup_into(&tmp.meta.acted_by, src->meta.acted_by) ||
	    !dup_into(&tmp.meta.bulk_id, src->meta.bulk_id) ||
	    !dup_into(&tmp.currency, src->currency) ||
	    !dup_into(&tmp.customer_email, src->customer_email) ||
	    !dup_into(&tmp.customer_name, src->customer_name) ||
	    !dup_into(&tmp.reason, src->reason) ||
	    !dup_into(&tmp.carrier, src->carrier) ||
	    !dup_into(&tmp.tracking, src->tracking) ||
	    !dup_into(&tmp.text, src->text) ||
	    !dup_into(&tmp.raw_payload, src->raw_payload))
		goto fail;
	if (bo_product_copy(&tmp.product, &src->product) != BO_OK) {
		memset(&tmp.product, 0, sizeof(tmp.product));
		goto fail;
	}
	if (src->nlines > 0) {
		tmp.lines = calloc(src->nlines, sizeof(*tmp.lines));
		if (!tmp.lines)
			goto fail;
		for (size_t i = 0; i < src->nlines; i++) {
			bo_order_line *l = &tmp.lines[i];
			*l = src->lines[i];
			l->sku = l->name = NULL;
			tmp.nlines = i + 1;
			if (!dup_into(&l->sku, src->lines[i].sku) ||
			    !dup_into(&l->name, src->lines[i].name))
				goto fail;
		}
	}
	*dst = tmp;
	return BO_OK;
fail:
	bo_event_clear(&tmp);
	return BO_ENOMEM;
}

int bo_event_set_stream(bo_event *e, const char *prefix, int64_t id)
{
	int n = snprintf(NULL, 0, "%s-%" PRId64, prefix, id);
	char *s;

	if (n < 0)
		return BO_ENOMEM;
	s = malloc((size_t)n + 1);
	if (!s)
		return BO_ENOMEM;
	snprintf(s, (size_t)n + 1, "%s-%" PRId64, prefix, id);
	free(e->stream);
	e->stream = s;
	return BO_OK;
}

int64_t bo_stream_id(const char *stream, const char *prefix)
{
	size_t plen;
	const char *p;
	int64_t id = 0;

	if (!stream || !prefix)
		return 0;
	plen = strlen(prefix);
	if (strncmp(stream, prefix, plen) != 0 || stream[plen] != '-')
		return 0;
	p = stream + plen + 1;
	/* Only the canonical form the store writes: digits, no sign, no
	 * leading zero, no trailing text, within int64. */
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p; p++) {
		int d;
		if (*p < '0' || *p > '9')
			return 0;
		d = *p - '0';
		if (id > (INT64_MAX - d) / 10)
			return 0;
		id = id * 10 + d;
	}
	return id;
}

bo_event *bo_event_list_push(bo_event_list *l)
{
	bo_event *e;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		bo_event *items;
		if (cap > SIZE_MAX / sizeof(*items))
			return NULL;
		items = realloc(l->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		l->items = items;
		l->cap = cap;
	}
	e = &l->items[l->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

void bo_event_list_clear(bo_event_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bo_event_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
