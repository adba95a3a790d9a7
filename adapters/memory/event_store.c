/* The in-memory event log: copies of every appended record (envelope and encoded text), in position order. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

static int64_t version_of(const bo_memory *m, const char *stream)
{
	/* the newest event of a stream carries its version */
	for (size_t i = m->nevents; i > 0; i--)
		if (strcmp(m->events[i - 1].stream, stream) == 0)
			return m->events[i - 1].version;
	return 0;
}

static int id_taken(const bo_memory *m, const char *event_id)
{
	for (size_t i = 0; i < m->nevents; i++)
		if (strcmp(m->events[i].event_id, event_id) == 0)
			return 1;
	return 0;
}

static int reserve(bo_memory *m, size_t more)
{
	size_t cap = m->capevents ? m->capevents : 16;
	bo_stored_event *grown;

	if (m->nevents + more <= m->capevents)
		return BO_OK;
	while (cap < m->nevents + more)
		cap *= 2;
	grown = realloc(m->events, cap * sizeof(*grown));
	if (!grown)
		return BO_ENOMEM;
	m->events = grown;
	m->capevents = cap;
	return BO_OK;
}

/* Refuses the batch before anything is written: all or none. */
static int check_batch(const bo_memory *m, const char *stream,
		       int64_t expected_version, const bo_stored_event *events,
		       size_t n, bo_err *err)
{
	int64_t current = version_of(m, stream);

	if (current != expected_version)
		return bo_err_set(err, BO_ECONFLICT,
				  "stream %s is at version %" PRId64
				  ", not %" PRId64,
				  stream, current, expected_version);
	for (size_t i = 0; i < n; i++) {
		const char *id = events[i].event_id;

		if (!id || !*id)
			return bo_err_set(
			    err, BO_EINVAL,
			    "event %zu of the batch has no event id", i + 1);
		if (id_taken(m, id))
			return bo_err_set(err, BO_ECONFLICT,
					  "event id %s is already stored", id);
		for (size_t j = 0; j < i; j++)
			if (strcmp(events[j].event_id, id) == 0)
				return bo_err_set(err, BO_ECONFLICT,
						  "event id %s appears twice "
						  "in the batch",
						  id);
	}
	return BO_OK;
}

static int mem_append(void *self, const char *stream, int64_t expected_version,
		      bo_stored_event *records, size_t n, bo_err *err)
{
	bo_memory *m = self;
	size_t done = 0, i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "append events", err)))
		return rc;
	if (!stream || !*stream)
		return bo_err_set(err, BO_EINVAL, "stream name is required");
	if (n > 0 && !records)
		return bo_err_set(err, BO_EINVAL, "events are required");
	if ((rc = check_batch(m, stream, expected_version, records, n, err)))
		return rc;
	if (n == 0)
		return BO_OK;
	rc = BO_ENOMEM;
	/* everything that can fail happens before the log or the caller's
	 * records change */
	if (reserve(m, n))
		goto done;
	for (done = 0; done < n; done++) {
		bo_stored_event *copy = &m->events[m->nevents + done];
		bo_stored_event in = records[done];

		in.stream = NULL; /* not read: stream is */
		if (bo_stored_event_copy(copy, &in))
			goto done;
		if (bo_mem_dup(&copy->stream, stream)) {
			bo_stored_event_clear(copy);
			goto done;
		}
		copy->version = expected_version + 1 + (int64_t)done;
		copy->position = m->last_position + 1 + (int64_t)done;
	}
	for (i = 0; i < n; i++) {
		records[i].version = m->events[m->nevents + i].version;
		records[i].position = m->events[m->nevents + i].position;
	}
	m->nevents += n;
	m->last_position += (int64_t)n;
	rc = BO_OK;
done:
	if (rc) {
		while (done > 0)
			bo_stored_event_clear(&m->events[m->nevents + --done]);
		bo_mem_nomem(err);
	}
	return rc;
}

static int push_copy(bo_stored_event_list *out, const bo_stored_event *r,
		     bo_err *err)
{
	bo_stored_event *slot = bo_stored_event_list_push(out);

	if (!slot)
		return bo_mem_nomem(err);
	if (bo_stored_event_copy(slot, r)) {
		out->n--;
		return bo_mem_nomem(err);
	}
	return BO_OK;
}

/* Drops what a failed read added to out, so out is as it was. */
static int cut_back(bo_stored_event_list *out, size_t before, int rc)
{
	while (out->n > before)
		bo_stored_event_clear(&out->items[--out->n]);
	return rc;
}

static int mem_read_stream(void *self, const char *stream, int64_t max_version,
			   bo_stored_event_list *out, bo_err *err)
{
	bo_memory *m = self;
	size_t before = out->n;
	int rc;

	for (size_t i = 0; i < m->nevents; i++) {
		const bo_stored_event *r = &m->events[i];

		if (strcmp(r->stream, stream) != 0)
			continue;
		if (max_version > 0 && r->version > max_version)
			break;
		if ((rc = push_copy(out, r, err)))
			return cut_back(out, before, rc);
	}
	return BO_OK;
}

static int mem_read_all(void *self, int64_t after, size_t limit,
			bo_stored_event_list *out, bo_err *err)
{
	bo_memory *m = self;
	size_t taken = 0, before = out->n;
	int rc;

	/* limit 0 reads to the end, like the other ports' queries */
	for (size_t i = 0; i < m->nevents; i++) {
		if (limit > 0 && taken == limit)
			break;
		if (m->events[i].position <= after)
			continue;
		if ((rc = push_copy(out, &m->events[i], err)))
			return cut_back(out, before, rc);
		taken++;
	}
	return BO_OK;
}

static int mem_head(void *self, int64_t *out, bo_err *err)
{
	bo_memory *m = self;

	(void)err;
	*out = m->last_position;
	return BO_OK;
}

static int mem_stream_version(void *self, const char *stream, int64_t *out,
			      bo_err *err)
{
	(void)err;
	*out = version_of(self, stream);
	return BO_OK;
}

/* Records as stored, one at a time; the callback may read the store (not
 * append to it: the log may move in memory then), so each is handed by
 * index, not by a pointer kept across calls. */
static int mem_scan(void *self, int64_t after, bo_stored_scan_fn each,
		    void *ctx, bo_err *err)
{
	bo_memory *m = self;
	int rc;

	(void)err;
	for (size_t i = 0; i < m->nevents; i++) {
		if (m->events[i].position <= after)
			continue;
		if ((rc = each(ctx, &m->events[i])) < 0)
			return rc;
	}
	return BO_OK;
}

const bo_event_store_ops bo_mem_event_store_ops = {
    .version = BO_EVENT_STORE_OPS_VERSION,
    .append = mem_append,
    .read_stream = mem_read_stream,
    .read_all = mem_read_all,
    .head = mem_head,
    .stream_version = mem_stream_version,
    .scan = mem_scan,
};
