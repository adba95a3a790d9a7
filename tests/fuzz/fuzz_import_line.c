/* Fuzz target: `events import` input, read line by line as the command does, then imported into a fresh store. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"
#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "tests/fuzz/fuzz_support.h"

/* Longer logs are read but not imported: the import is what is slow. */
#define MAX_IMPORT 64

/*
 * The line handling of read_events in adapters/cli/cli_events.c: lines end
 * at '\n', trailing '\n' and '\r' go, empty lines are skipped, a NUL byte
 * refuses the line, each line is one event; the first bad line stops it.
 */
static int read_lines(bo_event_list *events, const char *data, size_t size)
{
	size_t at = 0;
	bo_err err;

	while (at < size) {
		const char *start = data + at;
		const char *nl = memchr(start, '\n', size - at);
		size_t len = nl ? (size_t)(nl - start) : size - at;
		char *line;
		bo_event *e;
		int rc;

		at += len + (nl ? 1 : 0);
		while (len > 0 && start[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		if (memchr(start, '\0', len))
			return BO_EINVAL;
		if (!(line = strndup(start, len)) ||
		    !(e = bo_event_list_push(events)))
			abort();
		rc = bo_json_decode_event(e, line, &err);
		free(line);
		if (rc < 0)
			return rc;
	}
	return 0;
}

typedef struct collect {
	bo_event_list got;
} collect;

static int keep(void *ctx, const bo_event *e)
{
	collect *c = ctx;
	bo_event *copy = bo_event_list_push(&c->got);

	if (!copy || bo_event_copy(copy, e) < 0)
		abort();
	return 0;
}

static int no_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	(void)ctx;
	(void)side;
	fz_fail("projections verify finds a difference after an import",
		row->table);
	return 0;
}

/* Imports into a fresh in-memory store: all or nothing, the same events
 * read back, and the read models as a rebuild makes them. */
static void import(bo_event *events, size_t n)
{
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "ann"};
	bo_fixed_clock clock_state = {.next_ms = 1767225600000,
				      .step_ms = 1000};
	bo_counter_ids ids_state = {0};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	collect c = {{0}};
	bo_ports ports;
	bo_app app;
	int64_t ndiff = 0;
	const char *d;
	bo_err err;
	int rc;

	if (bo_memory_open(&ports, &err) < 0 ||
	    bo_app_init_store(&ports, &clock, &opt, &err) < 0 ||
	    bo_app_open(&app, &ports, &clock, &ids, "ann", &err) < 0)
		fz_fail("a fresh memory store does not open", err.msg);
	rc = bo_app_events_import(&app, events, n, &err);
	if (rc < 0 && rc != BO_EINVAL && rc != BO_ECONFLICT)
		fz_fail("an import fails with an unexpected status", err.msg);
	if (bo_app_events_export(&app, keep, &c, &err) < 0)
		fz_fail("the store does not export after an import", err.msg);
	if (c.got.n != (rc == 0 ? n : 0))
		fz_fail("an import is not all or nothing", err.msg);
	for (size_t i = 0; i < c.got.n; i++) {
		c.got.items[i].position = events[i].position;
		if ((d = fz_envelope_diff(&events[i], &c.got.items[i])) ||
		    (d = fz_payload_diff(&events[i], &c.got.items[i])))
			fz_fail("an imported event reads back differently", d);
	}
	if (rc == 0 &&
	    (bo_app_projections_verify(&app, NULL, NULL, NULL, no_diff, NULL,
				       &ndiff, &err) < 0 ||
	     ndiff != 0))
		fz_fail("projections verify fails after an import", err.msg);
	bo_event_list_clear(&c.got);
	bo_app_close(&app);
	bo_ports_close(&ports);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bo_event_list events = {0};

	if (read_lines(&events, (const char *)data, size) == 0 &&
	    events.n <= MAX_IMPORT)
		import(events.items, events.n);
	bo_event_list_clear(&events);
	return 0;
}
