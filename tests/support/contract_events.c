/* Contract tests of the store port (transactions, settings, sequences) and the event store. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

/* ---- store: transactions, settings, sequences ---------------------------- */

static void
committed_writes_are_visible_and_rolled_back_ones_are_not(void **state)
{
	ct_fx *f = *state;
	char *v = NULL;

	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "kept", "yes", &f->err));
	/* a transaction reads its own writes */
	ct_setting_is(f, "kept", "yes");
	COMMIT();
	ct_setting_is(f, "kept", "yes");

	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "dropped", "no", &f->err));
	ct_setting_is(f, "dropped", "no");
	ROLLBACK();
	STATUS(BO_ENOTFOUND,
	       bo_store_setting_get(&f->p.store, "dropped", &v, &f->err));
	free(v);
	ct_setting_is(f, "kept", "yes");
}

static void rollback_without_a_transaction_is_harmless(void **state)
{
	ct_fx *f = *state;

	ROLLBACK();
	ROLLBACK();
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "k", "v", &f->err));
	COMMIT();
	ROLLBACK();
	ct_setting_is(f, "k", "v");
}

static void unset_setting_is_not_found(void **state)
{
	ct_fx *f = *state;
	char *v = NULL;

	STATUS(BO_ENOTFOUND,
	       bo_store_setting_get(&f->p.store, "no-such-key", &v, &f->err));
	free(v);
}

static void setting_set_overwrites_and_keeps_unicode(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "tenant", "first", &f->err));
	OK(bo_store_setting_set(&f->p.store, "tenant", "Café ☕ 日本 \"q\"",
				&f->err));
	OK(bo_store_setting_set(&f->p.store, "currency", "JPY", &f->err));
	COMMIT();
	ct_setting_is(f, "tenant", "Café ☕ 日本 \"q\"");
	ct_setting_is(f, "currency", "JPY");
}

static void sequences_count_from_one_per_name(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 1);
	INT_EQ(ct_next_seq(f, "order"), 2);
	COMMIT();
	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 3);
	INT_EQ(ct_next_seq(f, "invoice"), 1);
	COMMIT();
}

static void sequence_raise_puts_the_next_value_above_the_floor(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 1);
	OK(bo_store_sequence_raise(&f->p.store, "order", 10, &f->err));
	INT_EQ(ct_next_seq(f, "order"), 11);
	/* a lower floor never moves a sequence back */
	OK(bo_store_sequence_raise(&f->p.store, "order", 5, &f->err));
	INT_EQ(ct_next_seq(f, "order"), 12);
	OK(bo_store_sequence_raise(&f->p.store, "fresh", 41, &f->err));
	COMMIT();
	BEGIN();
	INT_EQ(ct_next_seq(f, "fresh"), 42);
	COMMIT();
}

static void rolled_back_transaction_gives_its_sequence_number_back(void **state)
{
	ct_fx *f = *state;

	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 1);
	COMMIT();
	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 2);
	ROLLBACK();
	BEGIN();
	INT_EQ(ct_next_seq(f, "order"), 2);
	COMMIT();
}

/* ---- event store --------------------------------------------------------- */

static void empty_log_has_head_zero_and_streams_at_version_zero(void **state)
{
	ct_fx *f = *state;
	bo_event_list l = {0};

	INT_EQ(ct_head(f), 0);
	INT_EQ(ct_stream_version(f, "order-1"), 0);
	OK(bo_event_store_read_all(&f->p.events, 0, 10, &l, &f->err));
	INT_EQ(l.n, 0);
	bo_event_list_clear(&l);
}

static void append_to_new_stream_numbers_versions_from_one(void **state)
{
	ct_fx *f = *state;
	bo_event ev[3];
	bo_event_list l = {0};

	for (size_t i = 0; i < 3; i++)
		ct_mk_note(f, &ev[i], 1, "hello");
	ct_append(f, "order-1", 0, ev, 3);
	for (size_t i = 0; i < 3; i++) {
		STR_EQ(ev[i].stream, "order-1");
		INT_EQ(ev[i].version, i + 1);
		assert_true(ev[i].position > 0);
		if (i > 0)
			assert_true(ev[i].position > ev[i - 1].position);
	}
	INT_EQ(ct_stream_version(f, "order-1"), 3);
	INT_EQ(ct_head(f), ev[2].position);
	OK(bo_event_store_read_stream(&f->p.events, "order-1", 0, &l, &f->err));
	INT_EQ(l.n, 3);
	for (size_t i = 0; i < 3; i++)
		ct_event_eq(&l.items[i], &ev[i]);
	bo_event_list_clear(&l);
	ct_clear_events(ev, 3);
}

static void append_continues_from_the_expected_version(void **state)
{
	ct_fx *f = *state;
	bo_event ev[3];

	for (size_t i = 0; i < 3; i++)
		ct_mk_note(f, &ev[i], 1, "n");
	ct_append(f, "order-1", 0, ev, 2);
	ct_append(f, "order-1", 2, &ev[2], 1);
	INT_EQ(ev[2].version, 3);
	assert_true(ev[2].position > ev[1].position);
	INT_EQ(ct_stream_version(f, "order-1"), 3);
	INT_EQ(ct_head(f), ev[2].position);
	ct_clear_events(ev, 3);
}

static void wrong_expected_version_conflicts_and_writes_nothing(void **state)
{
	ct_fx *f = *state;
	bo_event ev[2], late;
	int64_t h;

	ct_mk_note(f, &ev[0], 1, "first");
	ct_mk_note(f, &ev[1], 1, "second");
	ct_append(f, "order-1", 0, ev, 2);
	h = ct_head(f);

	ct_mk_note(f, &late, 1, "late");
	BEGIN();
	/* stale, ahead, and "new stream" against an existing one */
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-1", 1,
						   &late, 1, &f->err));
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-1", 3,
						   &late, 1, &f->err));
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-1", 0,
						   &late, 1, &f->err));
	/* a stream that does not exist is at version 0, not 2 */
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-2", 2,
						   &late, 1, &f->err));
	INT_EQ(ct_stream_version(f, "order-1"), 2);
	INT_EQ(ct_stream_version(f, "order-2"), 0);
	INT_EQ(ct_head(f), h);
	ROLLBACK();
	INT_EQ(ct_stream_version(f, "order-1"), 2);
	INT_EQ(ct_head(f), h);
	ct_clear_events(ev, 2);
	bo_event_clear(&late);
}

static void duplicate_event_id_conflicts(void **state)
{
	ct_fx *f = *state;
	bo_event first, copy;
	int64_t h;

	ct_mk_note(f, &first, 1, "original");
	ct_append(f, "order-1", 0, &first, 1);
	h = ct_head(f);
	ct_mk_note(f, &copy, 2, "same id, other stream");
	free(copy.event_id);
	copy.event_id = ct_xstrdup(first.event_id);
	BEGIN();
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-2", 0,
						   &copy, 1, &f->err));
	INT_EQ(ct_stream_version(f, "order-2"), 0);
	INT_EQ(ct_head(f), h);
	ROLLBACK();
	INT_EQ(ct_stream_version(f, "order-2"), 0);
	INT_EQ(ct_head(f), h);
	bo_event_clear(&first);
	bo_event_clear(&copy);
}

/* A refused one-event append names what refused it (the stream, or the
 * event id taken) and leaves the transaction usable: an append after it,
 * in the same transaction, commits. */
static void refused_append_keeps_the_transaction(void **state)
{
	ct_fx *f = *state;
	bo_event first, stale, twin, good;
	int64_t h;

	ct_mk_note(f, &first, 1, "first");
	ct_append(f, "order-1", 0, &first, 1);
	h = ct_head(f);
	ct_mk_note(f, &stale, 1, "stale");
	ct_mk_note(f, &twin, 2, "twin");
	free(twin.event_id);
	twin.event_id = ct_xstrdup(first.event_id);
	ct_mk_note(f, &good, 2, "good");
	BEGIN();
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-1", 0,
						   &stale, 1, &f->err));
	assert_non_null(strstr(f->err.msg, "order-1"));
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-2", 0,
						   &twin, 1, &f->err));
	assert_null(strstr(f->err.msg, "order-1"));
	assert_non_null(strstr(f->err.msg, first.event_id));
	OK(bo_event_store_append(&f->p.events, "order-2", 0, &good, 1,
				 &f->err));
	INT_EQ(good.version, 1);
	INT_EQ(good.position, h + 1);
	COMMIT();
	INT_EQ(ct_head(f), h + 1);
	INT_EQ(ct_stream_version(f, "order-1"), 1);
	INT_EQ(ct_stream_version(f, "order-2"), 1);
	bo_event_clear(&first);
	bo_event_clear(&stale);
	bo_event_clear(&twin);
	bo_event_clear(&good);
}

static void failed_batch_writes_none_of_its_events(void **state)
{
	ct_fx *f = *state;
	bo_event stored, batch[3], twins[2];
	bo_event_list l = {0};
	int64_t h;

	ct_mk_note(f, &stored, 1, "stored");
	ct_append(f, "order-1", 0, &stored, 1);
	h = ct_head(f);

	/* the third event of the batch repeats a stored id */
	for (size_t i = 0; i < 3; i++)
		ct_mk_note(f, &batch[i], 2, "batch");
	free(batch[2].event_id);
	batch[2].event_id = ct_xstrdup(stored.event_id);
	BEGIN();
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-2", 0,
						   batch, 3, &f->err));
	INT_EQ(ct_stream_version(f, "order-2"), 0);
	INT_EQ(ct_head(f), h);
	OK(bo_event_store_read_all(&f->p.events, h, 10, &l, &f->err));
	INT_EQ(l.n, 0);
	ROLLBACK();

	/* two events of one batch share an id */
	ct_mk_note(f, &twins[0], 3, "twin");
	ct_mk_note(f, &twins[1], 3, "twin");
	free(twins[1].event_id);
	twins[1].event_id = ct_xstrdup(twins[0].event_id);
	BEGIN();
	STATUS(BO_ECONFLICT, bo_event_store_append(&f->p.events, "order-3", 0,
						   twins, 2, &f->err));
	INT_EQ(ct_stream_version(f, "order-3"), 0);
	INT_EQ(ct_head(f), h);
	ROLLBACK();

	INT_EQ(ct_stream_version(f, "order-2"), 0);
	INT_EQ(ct_stream_version(f, "order-3"), 0);
	INT_EQ(ct_head(f), h);
	/* the refused batch, mended, goes in whole from version 1 */
	free(batch[2].event_id);
	batch[2].event_id = ct_xstrdup("c0ffee00-0000-4000-8000-999999999999");
	ct_append(f, "order-2", 0, batch, 3);
	INT_EQ(batch[2].version, 3);
	INT_EQ(ct_stream_version(f, "order-2"), 3);
	bo_event_list_clear(&l);
	bo_event_clear(&stored);
	ct_clear_events(batch, 3);
	ct_clear_events(twins, 2);
}

static void read_stream_is_in_version_order_up_to_max_version(void **state)
{
	ct_fx *f = *state;
	bo_event a[3], b;
	bo_event_list l = {0};

	for (size_t i = 0; i < 3; i++)
		ct_mk_note(f, &a[i], 1, "a");
	ct_mk_note(f, &b, 2, "b");
	ct_append(f, "order-1", 0, a, 2);
	ct_append(f, "order-2", 0, &b, 1);
	ct_append(f, "order-1", 2, &a[2], 1);

	OK(bo_event_store_read_stream(&f->p.events, "order-1", 0, &l, &f->err));
	INT_EQ(l.n, 3);
	for (size_t i = 0; i < 3; i++)
		ct_event_eq(&l.items[i], &a[i]);
	bo_event_list_clear(&l);

	OK(bo_event_store_read_stream(&f->p.events, "order-1", 2, &l, &f->err));
	INT_EQ(l.n, 2);
	ct_event_eq(&l.items[0], &a[0]);
	ct_event_eq(&l.items[1], &a[1]);
	bo_event_list_clear(&l);

	OK(bo_event_store_read_stream(&f->p.events, "order-2", 0, &l, &f->err));
	INT_EQ(l.n, 1);
	ct_event_eq(&l.items[0], &b);
	bo_event_list_clear(&l);
	ct_clear_events(a, 3);
	bo_event_clear(&b);
}

static void reads_append_to_the_list_they_are_given(void **state)
{
	ct_fx *f = *state;
	bo_event e, *sentinel;
	bo_event_list l = {0};

	ct_mk_note(f, &e, 1, "only");
	ct_append(f, "order-1", 0, &e, 1);
	sentinel = bo_event_list_push(&l);
	assert_non_null(sentinel);
	sentinel->version = 99;

	OK(bo_event_store_read_stream(&f->p.events, "order-404", 0, &l,
				      &f->err));
	INT_EQ(l.n, 1); /* an unknown stream gives none */
	OK(bo_event_store_read_stream(&f->p.events, "order-1", 0, &l, &f->err));
	INT_EQ(l.n, 2);
	OK(bo_event_store_read_all(&f->p.events, 0, 10, &l, &f->err));
	INT_EQ(l.n, 3);
	INT_EQ(l.items[0].version, 99);
	ct_event_eq(&l.items[1], &e);
	ct_event_eq(&l.items[2], &e);
	bo_event_list_clear(&l);
	bo_event_clear(&e);
}

static void read_all_pages_across_streams_in_position_order(void **state)
{
	ct_fx *f = *state;
	bo_event ev[5];
	bo_event_list l = {0};
	int64_t after = 0;
	size_t seen = 0;

	for (size_t i = 0; i < 5; i++)
		ct_mk_note(f, &ev[i], (int64_t)(i % 3) + 1, "paged");
	ct_append(f, "order-1", 0, &ev[0], 1);
	ct_append(f, "order-2", 0, &ev[1], 1);
	ct_append(f, "order-3", 0, &ev[2], 1);
	ct_append(f, "order-1", 1, &ev[3], 1);
	ct_append(f, "order-2", 1, &ev[4], 1);

	while (1) {
		OK(bo_event_store_read_all(&f->p.events, after, 2, &l,
					   &f->err));
		assert_true(l.n <= 2);
		if (l.n == 0)
			break;
		for (size_t i = 0; i < l.n; i++) {
			assert_true(seen < 5);
			ct_event_eq(&l.items[i], &ev[seen]);
			assert_true(l.items[i].position > after);
			after = l.items[i].position;
			seen++;
		}
		bo_event_list_clear(&l);
	}
	INT_EQ(seen, 5);
	INT_EQ(after, ct_head(f));

	OK(bo_event_store_read_all(&f->p.events, ev[2].position, 10, &l,
				   &f->err));
	INT_EQ(l.n, 2);
	ct_event_eq(&l.items[0], &ev[3]);
	ct_event_eq(&l.items[1], &ev[4]);
	bo_event_list_clear(&l);
	ct_clear_events(ev, 5);
}

static void every_payload_kind_round_trips_field_by_field(void **state)
{
	ct_fx *f = *state;
	bo_event ev[BO_EV__COUNT];
	bo_event_list l = {0};
	size_t np = 0, no = 0, n = 0;
	bo_event products[BO_EV__COUNT], orders[BO_EV__COUNT];

	/* product events on one stream, order events on another */
	for (int k = BO_EV_UNKNOWN + 1; k < BO_EV__COUNT; k++) {
		if (bo_event_is_product((bo_event_kind)k))
			ct_mk_full(f, &products[np++], (bo_event_kind)k);
		else
			ct_mk_full(f, &orders[no++], (bo_event_kind)k);
	}
	ct_append(f, "product-7", 0, products, np);
	ct_append(f, "order-12", 0, orders, no);
	for (size_t i = 0; i < np; i++)
		ev[n++] = products[i];
	for (size_t i = 0; i < no; i++)
		ev[n++] = orders[i];

	OK(bo_event_store_read_all(&f->p.events, 0, 100, &l, &f->err));
	INT_EQ(l.n, n);
	for (size_t i = 0; i < n; i++)
		ct_event_eq(&l.items[i], &ev[i]);
	bo_event_list_clear(&l);

	OK(bo_event_store_read_stream(&f->p.events, "product-7", 0, &l,
				      &f->err));
	INT_EQ(l.n, np);
	for (size_t i = 0; i < np; i++)
		ct_event_eq(&l.items[i], &products[i]);
	bo_event_list_clear(&l);
	ct_clear_events(ev, n);
}

static void optional_payload_fields_stay_null(void **state)
{
	ct_fx *f = *state;
	bo_event ev[2];
	bo_event_list l = {0};

	ct_mk_full(f, &ev[0], BO_EV_ORDER_PLACED);
	free(ev[0].customer_name);
	ev[0].customer_name = NULL;
	ct_mk_full(f, &ev[1], BO_EV_ORDER_SHIPPED);
	free(ev[1].carrier);
	free(ev[1].tracking);
	ev[1].carrier = ev[1].tracking = NULL;
	ct_append(f, "order-12", 0, ev, 2);
	OK(bo_event_store_read_stream(&f->p.events, "order-12", 0, &l,
				      &f->err));
	INT_EQ(l.n, 2);
	ct_event_eq(&l.items[0], &ev[0]);
	ct_event_eq(&l.items[1], &ev[1]);
	bo_event_list_clear(&l);
	ct_clear_events(ev, 2);
}

static void metadata_round_trips(void **state)
{
	ct_fx *f = *state;
	bo_event e;
	bo_event_list l = {0};

	ct_mk_note(f, &e, 3, "meta");
	free(e.meta.role);
	e.meta.role = ct_xstrdup("support");
	ct_append(f, "order-3", 0, &e, 1);
	OK(bo_event_store_read_all(&f->p.events, 0, 1, &l, &f->err));
	INT_EQ(l.n, 1);
	STR_EQ(l.items[0].meta.user, "ann.admin@example.com");
	STR_EQ(l.items[0].meta.role, "support");
	STR_EQ(l.items[0].meta.tenant, "Café-Ünïcode");
	STR_EQ(l.items[0].meta.correlation_id, e.meta.correlation_id);
	STR_EQ(l.items[0].meta.causation_id, e.meta.causation_id);
	INT_EQ(l.items[0].recorded_at, e.recorded_at);
	bo_event_list_clear(&l);
	bo_event_clear(&e);
}

static void unknown_event_keeps_type_name_and_raw_payload(void **state)
{
	ct_fx *f = *state;
	bo_event ev[2];
	bo_event_list l = {0};

	ct_mk_event(f, &ev[0], BO_EV_UNKNOWN);
	free(ev[0].type_name);
	ev[0].type_name = ct_xstrdup("GiftWrapped");
	ev[0].schema_version = 1;
	ev[0].raw_payload =
	    ct_xstrdup("{\"order_id\":12,\"paper\":\"gold ✨\"}");
	/* a known type written by a newer build (schema too new to read) */
	ct_mk_event(f, &ev[1], BO_EV_UNKNOWN);
	free(ev[1].type_name);
	ev[1].type_name = ct_xstrdup("NoteAdded");
	ev[1].schema_version = 99;
	ev[1].raw_payload = ct_xstrdup(
	    "{\"order_id\":12,\"text\":\"from the future\",\"mood\":1}");
	ct_append(f, "order-12", 0, ev, 2);
	OK(bo_event_store_read_stream(&f->p.events, "order-12", 0, &l,
				      &f->err));
	INT_EQ(l.n, 2);
	ct_event_eq(&l.items[0], &ev[0]);
	ct_event_eq(&l.items[1], &ev[1]);
	bo_event_list_clear(&l);
	ct_clear_events(ev, 2);
}

/* ---- the shared decoding layer ------------------------------------------- */

/* A record as a backend stores it, written through the op itself: text the
 * codec never wrote. */
static void append_record(ct_fx *f, const char *stream, const char *type,
			  const char *metadata, const char *payload)
{
	char id[BO_UUID_LEN + 1];
	bo_stored_event r = {0};

	ct_next_uuid(f, id);
	r.event_id = id;
	r.type_name = (char *)type;
	r.schema_version = 1;
	r.recorded_at = T0;
	r.metadata = (char *)metadata;
	r.payload = (char *)payload;
	BEGIN();
	OK(f->p.events.ops->append(f->p.events.self, stream,
				   ct_stream_version(f, stream), &r, 1,
				   &f->err));
	COMMIT();
	INT_EQ(r.version, ct_stream_version(f, stream));
	if (r.position <= 0)
		fail_msg("the store gave the record no position");
}

typedef struct scanned {
	int n, failed;
	int64_t failed_at;
	char failure[200];
	char type[40];
	int64_t note_order;
} scanned;

static int scan_cb(void *ctx, const bo_event *e, const char *failure)
{
	scanned *s = ctx;

	s->n++;
	if (failure) {
		s->failed++;
		s->failed_at = e->position;
		snprintf(s->failure, sizeof(s->failure), "%s", failure);
		snprintf(s->type, sizeof(s->type), "%s",
			 e->type_name ? e->type_name : "");
	} else if (e->kind == BO_EV_NOTE_ADDED) {
		s->note_order = e->order_id;
	}
	return 0;
}

static void
stored_text_is_decoded_and_damage_reported_alike_by_every_backend(void **state)
{
	ct_fx *f = *state;
	bo_event_list l = {0};
	bo_stored_event_list raw = {0};
	scanned s = {0};
	int64_t bad_at;

	/* text the codec reads: decoded by the wrappers, not the backend */
	append_record(f, "order-5", "NoteAdded", "{\"user\":\"ann\"}",
		      "{\"order_id\":5,\"text\":\"hi\"}");
	/* the backend hands back what it stored, byte for byte */
	OK(f->p.events.ops->read_all(f->p.events.self, 0, 0, &raw, &f->err));
	INT_EQ(raw.n, 1);
	STR_EQ(raw.items[0].payload, "{\"order_id\":5,\"text\":\"hi\"}");
	STR_EQ(raw.items[0].metadata, "{\"user\":\"ann\"}");
	STR_EQ(raw.items[0].type_name, "NoteAdded");
	STR_EQ(raw.items[0].stream, "order-5");
	bo_stored_event_list_clear(&raw);
	OK(bo_event_store_read_all(&f->p.events, 0, 0, &l, &f->err));
	INT_EQ(l.n, 1);
	INT_EQ(l.items[0].kind, BO_EV_NOTE_ADDED);
	INT_EQ(l.items[0].order_id, 5);
	STR_EQ(l.items[0].text, "hi");
	STR_EQ(l.items[0].meta.user, "ann");
	STR_EQ(l.items[0].stream, "order-5");
	bo_event_list_clear(&l);

	/* text it cannot read: damage in the store, on every backend */
	append_record(f, "order-6", "OrderPlaced", "{}", "{not json");
	bad_at = ct_head(f);
	STATUS(BO_ESTORAGE,
	       bo_event_store_read_all(&f->p.events, 0, 0, &l, &f->err));
	INT_EQ(l.n, 0); /* the list is as it was */
	if (!strstr(f->err.msg, "cannot be read") ||
	    !strstr(f->err.msg, "not valid JSON"))
		fail_msg("unexpected message: %s", f->err.msg);
	STATUS(BO_ESTORAGE, bo_event_store_read_stream(&f->p.events, "order-6",
						       0, &l, &f->err));
	INT_EQ(l.n, 0);
	bo_event_list_clear(&l); /* its room is the caller's even when empty */
	/* the scan hands it over with its envelope and the reason */
	OK(bo_event_store_scan(&f->p.events, 0, scan_cb, &s, &f->err));
	INT_EQ(s.n, 2);
	INT_EQ(s.failed, 1);
	INT_EQ(s.failed_at, bad_at);
	INT_EQ(s.note_order, 5);
	STR_EQ(s.type, "OrderPlaced");
	if (!strstr(s.failure, "cannot be read"))
		fail_msg("unexpected failure: %s", s.failure);
}

const struct CMUnitTest bo_contract_event_tests[] = {
    CT_TEST(committed_writes_are_visible_and_rolled_back_ones_are_not),
    CT_TEST(rollback_without_a_transaction_is_harmless),
    CT_TEST(unset_setting_is_not_found),
    CT_TEST(setting_set_overwrites_and_keeps_unicode),
    CT_TEST(sequences_count_from_one_per_name),
    CT_TEST(sequence_raise_puts_the_next_value_above_the_floor),
    CT_TEST(rolled_back_transaction_gives_its_sequence_number_back),
    CT_TEST(empty_log_has_head_zero_and_streams_at_version_zero),
    CT_TEST(append_to_new_stream_numbers_versions_from_one),
    CT_TEST(append_continues_from_the_expected_version),
    CT_TEST(wrong_expected_version_conflicts_and_writes_nothing),
    CT_TEST(duplicate_event_id_conflicts),
    CT_TEST(refused_append_keeps_the_transaction),
    CT_TEST(failed_batch_writes_none_of_its_events),
    CT_TEST(read_stream_is_in_version_order_up_to_max_version),
    CT_TEST(reads_append_to_the_list_they_are_given),
    CT_TEST(read_all_pages_across_streams_in_position_order),
    CT_TEST(every_payload_kind_round_trips_field_by_field),
    CT_TEST(optional_payload_fields_stay_null),
    CT_TEST(metadata_round_trips),
    CT_TEST(unknown_event_keeps_type_name_and_raw_payload),
    CT_TEST(stored_text_is_decoded_and_damage_reported_alike_by_every_backend),
};

const size_t bo_contract_event_count =
    sizeof(bo_contract_event_tests) / sizeof(bo_contract_event_tests[0]);
