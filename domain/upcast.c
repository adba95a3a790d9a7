/* events upcast --dry-run: counts the stored log by (type, version) and lists what cannot be read. */
#include "upcast.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

const char *bo_upcast_state_name(bo_upcast_state s)
{
	switch (s) {
	case BO_UPCAST_CURRENT:
		return "current";
	case BO_UPCAST_UPCAST:
		return "upcast";
	case BO_UPCAST_UNKNOWN:
		return "unknown type";
	case BO_UPCAST_NEWER:
		return "newer than this build";
	}
	return "?";
}

void bo_upcast_report_clear(bo_upcast_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->rows[i].type);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

typedef struct check {
	bo_upcast_report *out;
	size_t cap;
	bo_upcast_fail_fn fail;
	void *ctx;
} check;

/* The row of (type, version), inserted in sorted place when new; NULL on
 * ENOMEM. Few distinct rows exist, so a sorted array is plenty. */
static bo_upcast_row *row_for(check *k, const char *type, int version)
{
	bo_upcast_report *r = k->out;
	bo_event_kind kind = bo_event_kind_from_name(type);
	size_t i;
	int cmp = 1;

	for (i = 0; i < r->n; i++) {
		cmp = strcmp(r->rows[i].type, type);
		if (cmp == 0)
			cmp = (r->rows[i].stored_version > version) -
			      (r->rows[i].stored_version < version);
		if (cmp >= 0)
			break;
	}
	if (i < r->n && cmp == 0)
		return &r->rows[i];
	if (r->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		bo_upcast_row *grown = realloc(r->rows, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		r->rows = grown;
		k->cap = cap;
	}
	memmove(&r->rows[i + 1], &r->rows[i], (r->n - i) * sizeof(*r->rows));
	memset(&r->rows[i], 0, sizeof(r->rows[i]));
	if (!(r->rows[i].type = bo_strdup(type))) {
		memmove(&r->rows[i], &r->rows[i + 1],
			(r->n - i) * sizeof(*r->rows));
		return NULL;
	}
	r->n++;
	r->rows[i].stored_version = version;
	if (kind == BO_EV_UNKNOWN) {
		r->rows[i].state = BO_UPCAST_UNKNOWN;
	} else {
		r->rows[i].current_version = bo_event_kind_schema(kind);
		r->rows[i].state =
		    version > r->rows[i].current_version    ? BO_UPCAST_NEWER
		    : version == r->rows[i].current_version ? BO_UPCAST_CURRENT
							    : BO_UPCAST_UPCAST;
	}
	return &r->rows[i];
}

static int count_one(void *ctx, const bo_event *e, const char *failure)
{
	check *k = ctx;
	const char *type = e->type_name ? e->type_name : "";
	bo_upcast_row *row = row_for(k, type, e->schema_version);

	if (!row)
		return BO_ENOMEM;
	row->count++;
	k->out->total++;
	if (!failure && e->kind == BO_EV_UNKNOWN)
		k->out->kept++;
	if (!failure)
		return BO_OK;
	row->failed++;
	k->out->failed++;
	return k->fail ? k->fail(k->ctx, e->position, type, e->schema_version,
				 failure)
		       : BO_OK;
}

int bo_app_events_upcast_check(bo_app *app, bo_upcast_report *out,
			       bo_upcast_fail_fn fail, void *ctx, bo_err *err)
{
	check k = {out, 0, fail, ctx};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!bo_role_may(app->role, BO_CAP_EVENTS_ADMIN))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not check the event log",
				  app->user, bo_role_name(app->role));
	rc = bo_event_store_scan(&app->ports->events, 0, count_one, &k, err);
	if (rc == BO_ENOMEM)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory checking the event log");
	return rc;
}

static int count_unprojected(void *ctx, const bo_event *e, const char *failure)
{
	int64_t *n = ctx;

	if (!failure && e->kind == BO_EV_UNKNOWN)
		(*n)++;
	return BO_OK;
}

int bo_events_count_unprojected(const bo_ports *p, int64_t *out, bo_err *err)
{
	*out = 0;
	return bo_event_store_scan(&p->events, 0, count_unprojected, out, err);
}
