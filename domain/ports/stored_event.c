/* Stored event records and their lists: what every backend hands the decoding layer. */
#include <stdlib.h>
#include <string.h>

#include "event_store.h"

void bo_stored_event_clear(bo_stored_event *r)
{
	if (!r)
		return;
	free(r->event_id);
	free(r->stream);
	free(r->type_name);
	free(r->metadata);
	free(r->payload);
	memset(r, 0, sizeof(*r));
}

/* A copy of s, or NULL for NULL; *failed set when out of memory. */
static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = 1;
	return d;
}

int bo_stored_event_copy(bo_stored_event *dst, const bo_stored_event *src)
{
	int failed = 0;

	*dst = *src;
	dst->event_id = dup_or_null(src->event_id, &failed);
	dst->stream = dup_or_null(src->stream, &failed);
	dst->type_name = dup_or_null(src->type_name, &failed);
	dst->metadata = dup_or_null(src->metadata, &failed);
	dst->payload = dup_or_null(src->payload, &failed);
	if (failed) {
		bo_stored_event_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

bo_stored_event *bo_stored_event_list_push(bo_stored_event_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		bo_stored_event *grown =
		    realloc(l->items, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		l->items = grown;
		l->cap = cap;
	}
	memset(&l->items[l->n], 0, sizeof(l->items[0]));
	return &l->items[l->n++];
}

void bo_stored_event_list_clear(bo_stored_event_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bo_stored_event_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
