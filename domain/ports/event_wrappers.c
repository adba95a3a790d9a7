/* The event store's wrappers: the one decoding layer between every backend's stored records and the domain's events. */
#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "ports.h"
#include "walk.h"

static int nomem(bo_err *err, const char *doing)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory %s", doing);
}

/* ---- records to events ----------------------------------------------------*/

/*
 * Decodes r into e (zeroed); the envelope strings are moved out of r (the
 * caller's list, cleared afterwards). A record the codec cannot read is
 * damage in the store, not bad input: BO_ESTORAGE naming its position.
 */
static int decode_owned(const bo_event_store *es, bo_stored_event *r,
			bo_event *e, bo_err *err)
{
	bo_err why;
	int rc;

	bo_err_clear(&why);
	rc = es->codec.ops->decode(
	    es->codec.self, r->type_name ? r->type_name : "", r->schema_version,
	    r->metadata ? r->metadata : "", r->payload ? r->payload : "", e,
	    &why);
	if (rc < 0) {
		bo_event_clear(e);
		return bo_err_set(
		    err, rc == BO_ENOMEM ? BO_ENOMEM : BO_ESTORAGE,
		    "event at position %" PRId64 " cannot be read: %s",
		    r->position, why.msg);
	}
	e->event_id = r->event_id;
	e->stream = r->stream;
	r->event_id = r->stream = NULL;
	e->position = r->position;
	e->version = r->version;
	e->recorded_at = r->recorded_at;
	return BO_OK;
}

/* Decodes every record of recs onto out; on failure out is as it was. */
static int decode_list(const bo_event_store *es, bo_stored_event_list *recs,
		       bo_event_list *out, bo_err *err)
{
	size_t before = out->n;
	int rc = BO_OK;

	for (size_t i = 0; i < recs->n; i++) {
		bo_event *e = bo_event_list_push(out);

		if (!e) {
			rc = nomem(err, "reading events");
			break;
		}
		if ((rc = decode_owned(es, &recs->items[i], e, err)) < 0) {
			out->n--; /* decode_owned left it cleared */
			break;
		}
	}
	if (rc < 0)
		while (out->n > before)
			bo_event_clear(&out->items[--out->n]);
	return rc;
}

/* ---- the wrappers ---------------------------------------------------------*/

/* Frees the text the wrapper encoded for n records, then the records. */
static void free_encoded(bo_stored_event *recs, size_t n)
{
	for (size_t i = 0; recs && i < n; i++) {
		free(recs[i].metadata);
		free(recs[i].payload);
	}
	free(recs);
}

int bo_event_store_append(const bo_event_store *es, const char *stream,
			  int64_t expected_version, bo_event *events, size_t n,
			  bo_err *err)
{
	bo_stored_event *recs = NULL;
	char **names = NULL;
	size_t i;
	int rc;

	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->append);
	assert(es->codec.ops && es->codec.ops->encode);
	assert(stream && (events || n == 0));
	if (n == 0)
		return es->ops->append(es->self, stream, expected_version, NULL,
				       0, err);
	/* Everything that can fail happens before the log or the caller's
	 * events change. */
	recs = calloc(n, sizeof(*recs));
	names = calloc(n, sizeof(*names));
	if (!recs || !names) {
		rc = nomem(err, "appending events");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const bo_event *e = &events[i];
		bo_stored_event *r = &recs[i];

		if (!(names[i] = strdup(stream))) {
			rc = nomem(err, "appending events");
			goto done;
		}
		rc =
		    es->codec.ops->encode(es->codec.self, e, &r->metadata,
					  &r->payload, &r->schema_version, err);
		if (rc < 0)
			goto done;
		/* borrowed for the call: the op reads them, never frees */
		r->event_id = e->event_id;
		r->type_name = e->type_name
				   ? e->type_name
				   : (char *)bo_event_kind_name(e->kind);
		r->recorded_at = e->recorded_at;
	}
	rc = es->ops->append(es->self, stream, expected_version, recs, n, err);
	if (rc < 0)
		goto done;
	for (i = 0; i < n; i++) {
		free(events[i].stream);
		events[i].stream = names[i];
		names[i] = NULL;
		events[i].version = recs[i].version;
		events[i].position = recs[i].position;
	}
done:
	if (names)
		for (i = 0; i < n; i++)
			free(names[i]);
	free(names);
	free_encoded(recs, n);
	return rc;
}

int bo_event_store_read_stream(const bo_event_store *es, const char *stream,
			       int64_t max_version, bo_event_list *out,
			       bo_err *err)
{
	bo_stored_event_list recs = {0};
	int rc;

	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->read_stream);
	assert(stream && out);
	rc = es->ops->read_stream(es->self, stream, max_version, &recs, err);
	if (rc == BO_OK)
		rc = decode_list(es, &recs, out, err);
	bo_stored_event_list_clear(&recs);
	return rc;
}

int bo_event_store_read_all(const bo_event_store *es, int64_t after,
			    size_t limit, bo_event_list *out, bo_err *err)
{
	bo_stored_event_list recs = {0};
	int rc;

	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->read_all);
	assert(out);
	rc = es->ops->read_all(es->self, after, limit, &recs, err);
	if (rc == BO_OK)
		rc = decode_list(es, &recs, out, err);
	bo_stored_event_list_clear(&recs);
	return rc;
}

int bo_event_store_head(const bo_event_store *es, int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->head);
	assert(out);
	return es->ops->head(es->self, out, err);
}

int bo_event_store_stream_version(const bo_event_store *es, const char *stream,
				  int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->stream_version);
	assert(stream && out);
	return es->ops->stream_version(es->self, stream, out, err);
}

/* What the scan trampoline needs: the codec, the caller's walk, its err. */
typedef struct scan_ctx {
	const bo_event_store *es;
	bo_walk walk;
	bo_err *err;
} scan_ctx;

/* The envelope of r copied into e; type_name only when the codec set none. */
static int envelope_of(bo_event *e, const bo_stored_event *r)
{
	e->position = r->position;
	e->version = r->version;
	e->schema_version = r->schema_version;
	e->recorded_at = r->recorded_at;
	if ((r->event_id && !(e->event_id = strdup(r->event_id))) ||
	    (r->stream && !(e->stream = strdup(r->stream))) ||
	    (r->type_name && !e->type_name &&
	     !(e->type_name = strdup(r->type_name))))
		return BO_ENOMEM;
	return BO_OK;
}

/* Hands each record to the caller decoded, or with its envelope and why it
 * cannot be decoded (the sentence a read would fail with), instead of
 * stopping the scan; the stop rule of every walk (walk.h) for what the
 * caller returns. */
static int scan_one(void *ctx, const bo_stored_event *r)
{
	scan_ctx *s = ctx;
	bo_event e = {0};
	bo_err why;
	int rc;

	bo_err_clear(&why);
	rc = s->es->codec.ops->decode(
	    s->es->codec.self, r->type_name ? r->type_name : "",
	    r->schema_version, r->metadata ? r->metadata : "",
	    r->payload ? r->payload : "", &e, &why);
	if (rc == BO_ENOMEM) {
		*s->err = why;
		goto done;
	}
	if (rc < 0) {
		bo_err damage;

		bo_event_clear(&e); /* only the envelope goes to the caller */
		bo_err_set(&damage, BO_ESTORAGE,
			   "event at position %" PRId64 " cannot be read: %s",
			   r->position, why.msg);
		why = damage;
	}
	if (envelope_of(&e, r) < 0) {
		rc = nomem(s->err, "scanning the log");
		goto done;
	}
	rc = bo_walk_rc(((bo_event_scan_fn)s->walk.fn)(
	    s->walk.ctx, &e, rc < 0 ? why.msg : NULL));
done:
	bo_event_clear(&e);
	return rc;
}

int bo_event_store_scan(const bo_event_store *es, int64_t after,
			bo_event_scan_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(es && es->ops && es->ops->scan);
	assert(es->codec.ops && es->codec.ops->decode);
	assert(each);
	scan_ctx s = {es, BO_WALK(each, ctx), err};

	return es->ops->scan(es->self, after, scan_one, &s, err);
}
