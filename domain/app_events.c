/* Event log services: export in batches, and import as a restore every event of which is checked by the aggregate rules. */
#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_command.h"
#include "projections/engine.h"
#include "reactors.h"
#include "text.h"

#define BATCH 1000
/* Order states kept for the checks; a miss folds the stream from the store
 * (inside the import's transaction, so imported events are seen). */
#define ORDER_SLOTS 4096
/* Event ids and metadata values: short text (UUIDs, names, roles). */
#define ENVELOPE_TEXT_MAX 200

static int events_admin(const bo_app *app, bo_err *err)
{
	if (bo_role_may(app->role, BO_CAP_EVENTS_ADMIN))
		return BO_OK;
	return bo_err_set(err, BO_EPERM,
			  "user %s (%s) may not export or import events",
			  app->user, bo_role_name(app->role));
}

static int nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* ---- export --------------------------------------------------------------- */

int bo_app_events_export(bo_app *app, bo_event_each_fn each, void *ctx,
			 bo_err *err)
{
	bo_event_list l = {0};
	int64_t after = 0;
	int rc;

	if ((rc = events_admin(app, err)) < 0)
		return rc;
	for (;;) {
		if ((rc = bo_event_store_read_all(&app->ports->events, after,
						  BATCH, &l, err)) < 0)
			break;
		if (l.n == 0)
			break;
		for (size_t i = 0; i < l.n && rc == BO_OK; i++)
			rc = each(ctx, &l.items[i]);
		if (rc != BO_OK)
			break;
		after = l.items[l.n - 1].position;
		bo_event_list_clear(&l);
	}
	bo_event_list_clear(&l);
	return rc;
}

typedef struct readable_ctx {
	bo_event_each_fn each;
	bo_event_unreadable_fn unreadable;
	void *ctx;
	int64_t skipped;
} readable_ctx;

static int export_scanned(void *ctx, const bo_event *e, const char *failure)
{
	readable_ctx *x = ctx;

	if (!failure)
		return x->each(x->ctx, e);
	x->skipped++;
	return x->unreadable(x->ctx, e->position, failure);
}

int bo_app_events_export_readable(bo_app *app, bo_event_each_fn each,
				  bo_event_unreadable_fn unreadable, void *ctx,
				  int64_t *skipped, bo_err *err)
{
	readable_ctx x = {each, unreadable, ctx, 0};
	int rc;

	if ((rc = events_admin(app, err)) < 0)
		return rc;
	rc = bo_event_store_scan(&app->ports->events, 0, export_scanned, &x,
				 err);
	if (skipped)
		*skipped = x.skipped;
	return rc;
}

/* ---- import --------------------------------------------------------------- */

typedef struct order_slot {
	int64_t id; /* 0: empty */
	bo_order o;
} order_slot;

typedef struct importer {
	bo_app *app;
	order_slot *slots; /* ORDER_SLOTS, by id modulo */
	/* the highest ids and position imported: the sequences and the
	 * inline checkpoints move to them once, at the end (one update each
	 * rather than one per event) */
	int64_t max_order, max_product, last_position;
} importer;

/* Short text without control characters, or NULL when absent is fine. */
static int check_short(const char *field, const char *s, bool required,
		       const bo_event *e, bo_err *err)
{
	if (!s || !*s) {
		if (!required)
			return BO_OK;
		return bo_err_set(err, BO_EINVAL,
				  "%s version %" PRId64 ": %s is required",
				  e->stream, e->version, field);
	}
	if (!bo_text_utf8_valid(s) || bo_text_has_control(s, false) ||
	    bo_text_utf8_len(s) > ENVELOPE_TEXT_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "%s version %" PRId64 ": %s must be at most "
				  "%d characters of text without control "
				  "characters",
				  e->stream, e->version, field,
				  ENVELOPE_TEXT_MAX);
	return BO_OK;
}

static int check_envelope(const bo_event *e, bo_err *err)
{
	const bo_event_meta *m = &e->meta;
	int rc;

	if ((rc = check_short("event_id", e->event_id, true, e, err)) < 0 ||
	    (rc = check_short("metadata user", m->user, false, e, err)) < 0 ||
	    (rc = check_short("metadata role", m->role, false, e, err)) < 0 ||
	    (rc = check_short("metadata tenant", m->tenant, false, e, err)) <
		0 ||
	    (rc = check_short("metadata correlation_id", m->correlation_id,
			      false, e, err)) < 0 ||
	    (rc = check_short("metadata causation_id", m->causation_id, false,
			      e, err)) < 0)
		return rc;
	return BO_OK;
}

/* The id of an "order-<id>" or "product-<id>" stream written the way the
 * services write it (no sign, no leading zero); 0 otherwise. */
static int64_t canonical_id(const char *stream, const char *prefix)
{
	char again[64];
	int64_t id = bo_stream_id(stream, prefix);

	if (id <= 0)
		return 0;
	snprintf(again, sizeof(again), "%s-%" PRId64, prefix, id);
	return strcmp(again, stream) == 0 ? id : 0;
}

/* The state of order id as its stream stands in the store (and the import
 * so far), at version `at`: from the cache, empty for a new stream, or
 * folded again. */
static int order_state(importer *im, int64_t id, int64_t at, bo_order **out,
		       bo_err *err)
{
	order_slot *s = &im->slots[(uint64_t)id % ORDER_SLOTS];
	bo_event_list l = {0};
	int rc = BO_OK;

	if (s->id == id && s->o.version == at) {
		*out = &s->o;
		return BO_OK;
	}
	bo_order_clear(&s->o);
	s->id = 0;
	if (at > 0) {
		char stream[32];

		snprintf(stream, sizeof(stream), "order-%" PRId64, id);
		if ((rc = bo_event_store_read_stream(&im->app->ports->events,
						     stream, 0, &l, err)) < 0)
			goto done;
	}
	for (size_t i = 0; i < l.n; i++)
		if ((rc = bo_order_apply(&s->o, &l.items[i])) < 0) {
			rc = bo_err_set(err, BO_ESTORAGE,
					"order %" PRId64
					": stored event %" PRId64
					" cannot be applied",
					id, l.items[i].version);
			bo_order_clear(&s->o);
			goto done;
		}
	s->o.id = id;
	s->id = id;
	*out = &s->o;
done:
	bo_event_list_clear(&l);
	return rc;
}

static int check_order_event(importer *im, int64_t id, int64_t at,
			     const bo_event *e, bo_order **state, bo_err *err)
{
	int rc;

	if ((rc = order_state(im, id, at, state, err)) < 0)
		return rc;
	return bo_order_check_event(*state, id, e, im->app->currency.code, err);
}

/* Brings the product rows in line with a checked product fact. */
static int restore_product(bo_app *app, const bo_event *e,
			   const bo_product *cur, bo_err *err)
{
	bo_product snap = {0};
	int rc;

	if (e->kind == BO_EV_PRODUCT_DELETED)
		return bo_product_repo_remove(&app->ports->products, cur->id,
					      cur->row_version, err);
	if (bo_product_copy(&snap, &e->product) < 0)
		return nomem(err);
	rc = e->kind == BO_EV_PRODUCT_CREATED
		 ? bo_product_repo_insert(&app->ports->products, &snap, err)
		 : bo_product_repo_update(&app->ports->products, &snap,
					  cur->row_version, err);
	bo_product_clear(&snap);
	return rc;
}

/* Checks a product event against the row its stream left (none before
 * ProductCreated and after ProductDeleted), then restores the row. */
static int import_product_event(importer *im, int64_t id, int64_t at,
				const bo_event *e, bo_err *err)
{
	bo_product cur = {0};
	bool have = false;
	int rc;

	rc =
	    bo_product_repo_get_by_id(&im->app->ports->products, id, &cur, err);
	if (rc == BO_OK)
		have = true;
	else if (rc != BO_ENOTFOUND)
		goto done;
	if ((rc = bo_product_check_event(have ? &cur : NULL, at, id, e, err)) <
	    0)
		goto done;
	if (e->kind != BO_EV_UNKNOWN)
		rc = restore_product(im->app, e, &cur, err);
	else
		rc = BO_OK;
done:
	bo_product_clear(&cur);
	return rc;
}

/* Checks, appends and projects one event. */
static int import_one(importer *im, bo_event *e, bo_err *err)
{
	bo_order *state = NULL;
	int64_t at = 0, oid, pid;
	int rc;

	if (!e->stream || !e->event_id || e->version < 1)
		return bo_err_set(err, BO_EINVAL,
				  "the event has no stream, id or version");
	oid = canonical_id(e->stream, "order");
	pid = canonical_id(e->stream, "product");
	if (!oid && !pid)
		return bo_err_set(err, BO_EINVAL,
				  "stream %s is neither order-<id> nor "
				  "product-<id>",
				  e->stream);
	if ((rc = check_envelope(e, err)) < 0)
		return rc;
	if ((rc = bo_event_store_stream_version(&im->app->ports->events,
						e->stream, &at, err)) < 0)
		return rc;
	if (at != e->version - 1)
		return bo_err_set(err, BO_ECONFLICT,
				  "%s version %" PRId64 " does not follow on "
				  "from the store, where that stream is at "
				  "version %" PRId64,
				  e->stream, e->version, at);
	if (oid && (rc = check_order_event(im, oid, at, e, &state, err)) < 0)
		return rc;
	if (pid && (rc = import_product_event(im, pid, at, e, err)) < 0)
		return rc;
	if (oid > im->max_order)
		im->max_order = oid;
	if (pid > im->max_product)
		im->max_product = pid;
	if ((rc = bo_app_append_one(im->app, e->stream, at, e, err)) < 0)
		return rc;
	im->last_position = e->position;
	/* the restored store knows the log's command ids as taken */
	if (e->meta.command_id &&
	    (rc = bo_app_command_restore(im->app, e->meta.command_id,
					 e->recorded_at, err)) < 0)
		return rc;
	if (state && bo_order_apply(state, e) < 0)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 ": %s makes an amount "
				  "overflow",
				  oid, e->type_name ? e->type_name : "event");
	return BO_OK;
}

int bo_app_events_import_stream(bo_app *app, bo_event_next_fn next, void *ctx,
				bo_import_report *rep, bo_err *err)
{
	importer im = {app, NULL, 0, 0, 0};
	bo_import_report r = {0, 0};
	bo_event e = {0};
	int rc;

	if ((rc = events_admin(app, err)) < 0)
		goto out;
	if (!(im.slots = calloc(ORDER_SLOTS, sizeof(*im.slots)))) {
		rc = nomem(err);
		goto out;
	}
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	app->inline_checkpoints_later = true;
	while ((rc = next(ctx, &e, err)) > 0) {
		if ((rc = import_one(&im, &e, err)) < 0)
			goto fail;
		r.events++;
		if (e.kind == BO_EV_UNKNOWN)
			r.kept++;
		bo_event_clear(&e);
	}
	if (rc < 0)
		goto fail;
	if ((im.max_order &&
	     (rc = bo_store_sequence_raise(&app->ports->store, "order",
					   im.max_order, err)) < 0) ||
	    (im.max_product &&
	     (rc = bo_store_sequence_raise(&app->ports->store, "product",
					   im.max_product, err)) < 0) ||
	    (im.last_position && (rc = bo_projections_advance_inline(
				      app->ports, im.last_position, err)) < 0))
		goto fail;
	/* The imported history's side effects are already in it; the reports
	 * catch up with it inside this transaction, so no read has to. */
	if ((rc = bo_reactors_skip_to_head(app, err)) < 0 ||
	    (rc = bo_projections_follow(app->ports, &app->currency, 1, err)) <
		0)
		goto fail;
	rc = bo_store_commit(&app->ports->store, err);
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	app->inline_checkpoints_later = false;
	bo_event_clear(&e);
	for (size_t i = 0; im.slots && i < ORDER_SLOTS; i++)
		bo_order_clear(&im.slots[i].o);
	free(im.slots);
	if (rep)
		*rep = r;
	return rc;
}

typedef struct array_src {
	bo_event *events;
	size_t n, i;
} array_src;

/* Hands over a copy: the import clears what it is given. */
static int next_of_array(void *ctx, bo_event *out, bo_err *err)
{
	array_src *a = ctx;

	if (a->i == a->n)
		return 0;
	if (bo_event_copy(out, &a->events[a->i++]) < 0)
		return nomem(err);
	return 1;
}

int bo_app_events_import(bo_app *app, bo_event *events, size_t n, bo_err *err)
{
	array_src a = {events, n, 0};
	int rc = bo_app_events_import_stream(app, next_of_array, &a, NULL, err);

	if (rc < 0 && rc != BO_EPERM && a.i > 0) {
		bo_err inner = *err;

		rc = bo_err_set(err, rc, "event %zu: %s", a.i, inner.msg);
	}
	return rc;
}
