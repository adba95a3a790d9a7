/* The workload through the event store port on the real adapter: single-event appends with expected versions (A), one append per order (B), read_all in batches of 1,000 and the fold (C). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/sys/sys_env.h"
#include "domain/ports/ports.h"
#include "tests/bench/workload_store.h"

/*
 * The workload's data is stored byte for byte as the payload: each event
 * goes in as a type this build does not know ("wl.OrderPlaced", ...),
 * which the codec keeps as it is written and hands back as raw text
 * (BO_EV_UNKNOWN). The envelope is the services': an event id (UUID),
 * the recorded time (the event's own), the metadata of a user's command.
 */
typedef struct port_event {
	bo_event e;
	char id[BO_UUID_LEN + 1];
	char type[32];
	char data[WL_DATA_MAX];
} port_event;

static char correlation[BO_UUID_LEN + 1];

static void port_event_make(port_event *pe, const bo_ids *ids,
			    const wl_order *o, int seq)
{
	memset(&pe->e, 0, sizeof(pe->e));
	bo_ids_uuid(ids, pe->id);
	snprintf(pe->type, sizeof(pe->type), "wl.%s",
		 wl_type_name(o->types[seq]));
	wl_render_data(o, seq, pe->data);
	pe->e.kind = BO_EV_UNKNOWN;
	pe->e.type_name = pe->type;
	pe->e.schema_version = 1;
	pe->e.event_id = pe->id;
	pe->e.recorded_at = o->at[seq] * 1000;
	pe->e.raw_payload = pe->data;
	pe->e.meta.user = WB_USER;
	pe->e.meta.role = "admin";
	pe->e.meta.tenant = "default";
	pe->e.meta.correlation_id = correlation;
	pe->e.meta.causation_id = correlation;
}

/* The wrapper sets stream (its own copy) in each appended event. */
static void port_event_done(port_event *pe)
{
	free(pe->e.stream);
	pe->e.stream = NULL;
}

static int append(bo_ports *p, const char *stream, int64_t expected,
		  port_event *pe, size_t n)
{
	bo_event list[5];
	bo_err err = {0};
	int rc;

	for (size_t i = 0; i < n; i++)
		list[i] = pe[i].e;
	/* with concurrent writers (phase D) the store's write lock may stay
	 * taken past its timeout: busy means nothing was written, so the
	 * append starts again */
	for (int tries = 0;
	     (rc = bo_store_begin(&p->store, &err)) == BO_EBUSY && tries < 1000;
	     tries++)
		usleep(1000);
	if (rc == 0) {
		rc = bo_event_store_append(&p->events, stream, expected, list,
					   n, &err);
		if (rc == 0)
			rc = bo_store_commit(&p->store, &err);
		else
			bo_store_rollback(&p->store);
	}
	for (size_t i = 0; i < n; i++) {
		pe[i].e = list[i];
		port_event_done(&pe[i]);
	}
	if (rc < 0)
		fprintf(stderr, "workload: port: appending to %s: %s\n",
			stream, err.msg);
	return rc < 0 ? -1 : 0;
}

/* One event of the global order, expected version = what the stream has. */
int wb_port_append_one(bo_ports *p, const bo_ids *ids, const wl_workload *w,
		       const wl_event *e, wb_versions *vs)
{
	const wl_order *o = wl_order_of(w, e);
	port_event pe;
	char stream[32];

	if (!correlation[0])
		bo_ids_uuid(ids, correlation);
	port_event_make(&pe, ids, o, e->seq);
	wl_stream(o->id, stream);
	if (append(p, stream, vs->v[o->id], &pe, 1) < 0)
		return -1;
	vs->v[o->id]++;
	return 0;
}

static int write_phase(bo_ports *p, const wb_job *j, const wl_workload *w,
		       wb_out *o)
{
	bo_ids ids = bo_sys_ids();
	wb_versions vs;
	double t0;
	int rc = 0;

	if (wb_versions_init(&vs, w->norders) < 0)
		return -1;
	bo_ids_uuid(&ids, correlation);
	t0 = wb_now();
	if (j->phase == 'A') {
		for (int64_t k = 0; k < j->a_events && rc == 0; k++)
			rc = wb_port_append_one(p, &ids, w, &w->events[k], &vs);
		o->events = j->a_events;
	} else {
		port_event pe[5];

		for (int64_t i = 0; i < w->norders && rc == 0; i++) {
			const wl_order *ord = &w->orders[i];
			char stream[32];

			for (int s = 0; s < ord->nevents; s++)
				port_event_make(&pe[s], &ids, ord, s);
			wl_stream(ord->id, stream);
			rc = append(p, stream, 0, pe, (size_t)ord->nevents);
		}
		o->events = (int64_t)w->nevents;
	}
	o->seconds = wb_now() - t0;
	wb_versions_free(&vs);
	return rc;
}

static int read_phase(bo_ports *p, wb_out *o)
{
	bo_event_list batch = {0};
	bo_err err = {0};
	int64_t after = 0;
	wl_fold f;
	double t0;
	int rc;

	wl_fold_init(&f);
	t0 = wb_now();
	for (;;) {
		if ((rc = bo_event_store_read_all(&p->events, after, 1000,
						  &batch, &err)) < 0)
			break;
		if (batch.n == 0)
			break;
		for (size_t i = 0; i < batch.n; i++) {
			const bo_event *e = &batch.items[i];
			int t = e->type_name ? wl_type_from_name(e->type_name)
					     : -1;

			if (t < 0 || !e->raw_payload)
				f.failed = 1;
			else
				wl_fold_json(&f, (wl_type)t, e->raw_payload);
		}
		after = batch.items[batch.n - 1].position;
		bo_event_list_clear(&batch);
	}
	o->seconds = wb_now() - t0;
	o->events = f.events;
	bo_event_list_clear(&batch);
	wb_digest(o, &f, wb_expected_digest);
	wl_fold_free(&f);
	if (rc < 0)
		fprintf(stderr, "workload: port: reading: %s\n", err.msg);
	return rc < 0 ? -1 : 0;
}

int wb_port(const wb_job *j, const wl_workload *w, wb_out *o)
{
	bo_ports p;
	int rc;

	if (j->phase == 'C') {
		if (j->backend == WB_PG && wb_pg_analyze(j->url, j->where) < 0)
			return -1;
		if (wb_store_open(j, &p) < 0)
			return -1;
		rc = read_phase(&p, o);
	} else {
		if (wb_store_make(j, &p) < 0)
			return -1;
		rc = write_phase(&p, j, w, o);
	}
	bo_ports_close(&p);
	o->bytes = wb_store_bytes(j);
	return rc;
}
