/* Fuzz target: export lines round-trip through the codec, and its fast reader agrees with cJSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"
#include "adapters/json/codec_internal.h"
#include "tests/fuzz/fuzz_support.h"

/* Types tried when the input names none: every kind, and one this build
 * does not know. */
static const char *const type_names[] = {
    "ProductCreated", "ProductUpdated",  "ProductRetired", "ProductDeleted",
    "OrderPlaced",    "PaymentReceived", "PaymentFailed",  "OrderShipped",
    "OrderDelivered", "OrderCancelled",  "RefundIssued",   "NoteAdded",
    "SomethingElse",
};
#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

/* decode -> encode -> decode gives the same event, and encoding that gives
 * the same line. A known kind stored with an older schema comes back in its
 * current shape: only then may schema_version and raw_payload differ. */
static void round_trip(const char *line)
{
	bo_event e1 = {0}, e2 = {0};
	char *enc1 = NULL, *enc2 = NULL;
	const char *d;
	bo_err err;
	int upcast;

	if (bo_json_decode_event(&e1, line, &err) < 0)
		goto done;
	if (bo_json_encode_event(&enc1, &e1, &err) < 0)
		fz_fail("a decoded event does not encode", err.msg);
	if (bo_json_decode_event(&e2, enc1, &err) < 0)
		fz_fail("an encoded event does not decode", err.msg);
	if ((d = fz_envelope_diff(&e1, &e2)) || (d = fz_payload_diff(&e1, &e2)))
		fz_fail("decode(encode(e)) differs from e", d);
	upcast = e1.kind != BO_EV_UNKNOWN &&
		 e1.schema_version < bo_event_kind_schema(e1.kind);
	if (!upcast && (e1.schema_version != e2.schema_version ||
			!fz_str_eq(e1.raw_payload, e2.raw_payload)))
		fz_fail("decode(encode(e)) differs from e",
			"schema_version or raw_payload");
	if (upcast && (e2.schema_version != bo_event_kind_schema(e2.kind) ||
		       e2.raw_payload))
		fz_fail("an upcast event is not written in its current shape",
			enc1);
	if (bo_json_encode_event(&enc2, &e2, &err) < 0)
		fz_fail("a decoded event does not encode", err.msg);
	if (strcmp(enc1, enc2) != 0)
		fz_fail("encode(decode(encode(e))) differs from encode(e)",
			enc2);
done:
	free(enc1);
	free(enc2);
	bo_event_clear(&e1);
	bo_event_clear(&e2);
}

/* The text after the first `key` up to `end` (or the input's end, less a
 * closing brace), as a fresh string; NULL when key is not there. */
static char *slice_after(const char *s, const char *key, const char *end)
{
	const char *from = strstr(s, key), *to;

	if (!from)
		return NULL;
	from += strlen(key);
	to = end ? strstr(from, end) : NULL;
	if (!to) {
		to = from + strlen(from);
		if (!end && to > from && to[-1] == '}')
			to--;
	}
	return strndup(from, (size_t)(to - from));
}

/* Both readers of a payload give the same answer: status, message, fields. */
static void same_payload(const char *type, int schema, const char *json)
{
	bo_event fast = {0}, slow = {0};
	bo_err ef = {0}, es = {0};
	const char *d;
	int rf, rs;

	bo_json_codec_set_fast_path(true);
	rf = bo_json_decode_payload(&fast, type, schema, json, &ef);
	bo_json_codec_set_fast_path(false);
	rs = bo_json_decode_payload(&slow, type, schema, json, &es);
	bo_json_codec_set_fast_path(true);
	if (rf != rs)
		fz_fail("the fast payload reader and cJSON disagree on "
			"accepting",
			rf < 0 ? ef.msg : es.msg);
	if (rf < 0 && strcmp(ef.msg, es.msg) != 0)
		fz_fail("the fast payload reader and cJSON give different "
			"messages",
			ef.msg);
	if (rf == 0 && ((d = fz_payload_diff(&fast, &slow)) ||
			!fz_str_eq(fast.raw_payload, slow.raw_payload) ||
			fast.schema_version != slow.schema_version))
		fz_fail("the fast payload reader and cJSON read different "
			"fields",
			d ? d : "schema_version or raw_payload");
	bo_event_clear(&fast);
	bo_event_clear(&slow);
}

static void same_meta(const char *json)
{
	bo_event_meta fast = {0}, slow = {0};
	bo_event wf = {0}, ws = {0};
	bo_err ef = {0}, es = {0};
	const char *d;
	int rf, rs;

	bo_json_codec_set_fast_path(true);
	rf = bo_json_decode_meta(&fast, json, &ef);
	bo_json_codec_set_fast_path(false);
	rs = bo_json_decode_meta(&slow, json, &es);
	bo_json_codec_set_fast_path(true);
	if (rf != rs)
		fz_fail("the fast metadata reader and cJSON disagree on "
			"accepting",
			rf < 0 ? ef.msg : es.msg);
	if (rf < 0 && strcmp(ef.msg, es.msg) != 0)
		fz_fail("the fast metadata reader and cJSON give different "
			"messages",
			ef.msg);
	if (rf == 0 && (d = fz_meta_diff(&fast, &slow)))
		fz_fail("the fast metadata reader and cJSON read different "
			"fields",
			d);
	/* bo_event_clear frees the strings */
	wf.meta = fast;
	ws.meta = slow;
	bo_event_clear(&wf);
	bo_event_clear(&ws);
}

/* The payload and metadata objects of a line, or the whole input, through
 * both readers, under the type and schema the line names (or one picked by
 * the input's length). */
static void fast_against_cjson(const char *line, size_t size)
{
	char *type = slice_after(line, "\"type\":\"", "\"");
	char *payload = slice_after(line, "\"payload\":", NULL);
	char *meta = slice_after(line, "\"metadata\":", ",\"payload\":");
	const char *schema_at = strstr(line, "\"schema_version\":");
	const char *t = type ? type : type_names[size % NTYPES];
	bo_event_kind kind = bo_event_kind_from_name(t);
	int schema = kind != BO_EV_UNKNOWN ? bo_event_kind_schema(kind) : 1;

	if (schema_at)
		schema = (int)strtol(schema_at + strlen("\"schema_version\":"),
				     NULL, 10);
	same_payload(t, schema, payload ? payload : line);
	same_meta(meta ? meta : line);
	free(type);
	free(payload);
	free(meta);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fz_cstring(data, size);

	round_trip(line);
	fast_against_cjson(line, size);
	free(line);
	return 0;
}
