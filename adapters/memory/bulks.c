/* The product repository's bulk records in memory: an array in the state, so transactions cover it. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

static bo_bulk_record *find(bo_mem_state *s, const char *id)
{
	for (size_t i = 0; i < s->nbulks; i++)
		if (strcmp(s->bulks[i].id, id) == 0)
			return &s->bulks[i];
	return NULL;
}

int bo_mem_bulk_put(void *self, const bo_bulk_record *r, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_bulk_record *rows;
	int rc;

	if ((rc = bo_mem_need_tx(m, "record a bulk action", err)))
		return rc;
	if (!r->id || !r->action || !r->items)
		return bo_err_set(err, BO_EINVAL,
				  "a bulk record needs its id, action and items");
	if (find(s, r->id))
		return bo_err_set(err, BO_ECONFLICT,
				  "a bulk action is already recorded under id %s",
				  r->id);
	if (!(rows = realloc(s->bulks, (s->nbulks + 1) * sizeof(*rows))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	s->bulks = rows;
	if (bo_bulk_record_copy(&s->bulks[s->nbulks], r) < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	s->nbulks++;
	return BO_OK;
}

int bo_mem_bulk_get(void *self, const char *id, bo_bulk_record *out,
		    bo_err *err)
{
	bo_memory *m = self;
	bo_bulk_record *r = find(&m->cur, id);

	memset(out, 0, sizeof(*out));
	if (!r)
		return bo_err_set(err, BO_ENOTFOUND,
				  "no bulk action has id %s", id);
	if (bo_bulk_record_copy(out, r) < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

/* Newest first: at, then id, descending. */
static int newer_first(const void *a, const void *b)
{
	const bo_bulk_record *x = *(const bo_bulk_record *const *)a;
	const bo_bulk_record *y = *(const bo_bulk_record *const *)b;

	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return -strcmp(x->id, y->id);
}

int bo_mem_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each,
		     void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	const bo_bulk_record **order;
	size_t n = s->nbulks;
	int rc = 0;

	if (n == 0)
		return BO_OK;
	if (!(order = malloc(n * sizeof(*order))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		order[i] = &s->bulks[i];
	qsort(order, n, sizeof(*order), newer_first);
	if (limit > 0 && (size_t)limit < n)
		n = (size_t)limit;
	for (size_t i = 0; i < n && rc >= 0; i++)
		rc = each(ctx, order[i]);
	free(order);
	return rc < 0 ? rc : BO_OK;
}

int bo_mem_bulk_set_undone(void *self, const char *id, const char *by,
			   bo_err *err)
{
	bo_memory *m = self;
	bo_bulk_record *r;
	char *copy;
	int rc;

	if ((rc = bo_mem_need_tx(m, "mark a bulk action undone", err)))
		return rc;
	if (!(r = find(&m->cur, id)))
		return bo_err_set(err, BO_ENOTFOUND,
				  "no bulk action has id %s", id);
	if (r->undone_by)
		return bo_err_set(err, BO_ECONFLICT,
				  "bulk action %s was undone already by %s", id,
				  r->undone_by);
	if (!(copy = strdup(by)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	r->undone_by = copy;
	return BO_OK;
}
