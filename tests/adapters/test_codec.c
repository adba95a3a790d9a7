/* Tests for the JSON event codec: round trips, unknown events, strict decoding, times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"

/* ---- fixtures -------------------------------------------------------------*/

static char *dup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static void fill_envelope(bo_event *e)
{
	e->event_id = dup("0b9f6d1e-7c41-4f39-9d0a-2f1c5e8a7b11");
	e->stream = dup("order-42");
	e->version = 3;
	e->position = 1234;
	e->recorded_at = 1795673502123; /* 2026-11-26T06:11:42.123Z */
	e->meta.user = dup("ann");
	e->meta.role = dup("support");
	e->meta.tenant = dup("shop");
	e->meta.correlation_id = dup("cmd-1");
	e->meta.causation_id = dup("cmd-0");
}

/* A fully populated event of kind k, every field its kind uses set. */
static void make_event(bo_event *e, bo_event_kind k)
{
	memset(e, 0, sizeof(*e));
	fill_envelope(e);
	e->kind = k;
	e->type_name = dup(bo_event_kind_name(k));
	e->schema_version = bo_event_kind_schema(k);
	if (bo_event_is_product(k)) {
		e->product.id = 17;
		e->product.sku = dup("MUG-01");
		e->product.name = dup("Mug \"Café\" \\ 日本 😀");
		e->product.description = dup("two lines\nof\ttext");
		e->product.price = 1250;
		e->product.tax_bp = 2000;
		e->product.stock = 30;
		e->product.retired = k == BO_EV_PRODUCT_RETIRED;
		e->product.row_version = 4;
		e->product.created_at = 946684799999;
		e->product.updated_at = 1709208000000;
		if (k == BO_EV_PRODUCT_STOCK_ADJUSTED) {
			e->delta = -12;
			e->new_stock = 30;
			e->reason = dup("damaged");
			e->text = dup("dropped \"twice\" 😀");
		}
		return;
	}
	e->order_id = 42;
	switch (k) {
	case BO_EV_ORDER_PLACED:
		e->currency = dup("EUR");
		e->customer_email = dup("zoë@example.com");
		e->customer_name = dup("Zoë O'Neil");
		e->nlines = 2;
		e->lines = calloc(2, sizeof(*e->lines));
		assert_non_null(e->lines);
		e->lines[0] = (bo_order_line){17,   dup("MUG-01"), dup("Mug"),
					      1250, 2000,          2};
		e->lines[1] = (bo_order_line){
		    9007199254740991, dup("T-9"), dup("Tee \"XL\""),
		    INT64_MAX,        0,          10000};
		break;
	case BO_EV_PAYMENT_RECEIVED:
		e->amount = 2500;
		break;
	case BO_EV_PAYMENT_FAILED:
		e->reason = dup("card declined");
		break;
	case BO_EV_ORDER_SHIPPED:
		e->carrier = dup("DHL");
		e->tracking = dup("JD0146");
		break;
	case BO_EV_ORDER_CANCELLED:
		e->reason = dup("customer asked");
		break;
	case BO_EV_REFUND_ISSUED:
		e->amount = 0;
		e->reason = dup("broken on arrival");
		break;
	case BO_EV_NOTE_ADDED:
		e->text = dup("called the customer\nno answer");
		break;
	default:
		break;
	}
}

static void assert_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_payload_equal(const bo_event *a, const bo_event *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_str_eq(a->type_name, b->type_name);
	assert_int_equal(a->schema_version, b->schema_version);
	assert_int_equal(a->product.id, b->product.id);
	assert_str_eq(a->product.sku, b->product.sku);
	assert_str_eq(a->product.name, b->product.name);
	assert_str_eq(a->product.description, b->product.description);
	assert_int_equal(a->product.price, b->product.price);
	assert_int_equal(a->product.tax_bp, b->product.tax_bp);
	assert_int_equal(a->product.stock, b->product.stock);
	assert_int_equal(a->product.retired, b->product.retired);
	assert_int_equal(a->product.row_version, b->product.row_version);
	assert_int_equal(a->product.created_at, b->product.created_at);
	assert_int_equal(a->product.updated_at, b->product.updated_at);
	assert_int_equal(a->product.low_stock_threshold.set,
			 b->product.low_stock_threshold.set);
	assert_int_equal(a->product.low_stock_threshold.value,
			 b->product.low_stock_threshold.value);
	assert_str_eq(a->product.category, b->product.category);
	assert_str_eq(a->product.tags, b->product.tags);
	assert_int_equal(a->order_id, b->order_id);
	assert_str_eq(a->currency, b->currency);
	assert_str_eq(a->customer_email, b->customer_email);
	assert_str_eq(a->customer_name, b->customer_name);
	assert_int_equal(a->nlines, b->nlines);
	for (size_t i = 0; i < a->nlines; i++) {
		const bo_order_line *x = &a->lines[i], *y = &b->lines[i];

		assert_int_equal(x->product_id, y->product_id);
		assert_str_eq(x->sku, y->sku);
		assert_str_eq(x->name, y->name);
		assert_int_equal(x->unit_price, y->unit_price);
		assert_int_equal(x->tax_bp, y->tax_bp);
		assert_int_equal(x->quantity, y->quantity);
	}
	assert_int_equal(a->amount, b->amount);
	assert_int_equal(a->delta, b->delta);
	assert_int_equal(a->new_stock, b->new_stock);
	assert_str_eq(a->reason, b->reason);
	assert_str_eq(a->carrier, b->carrier);
	assert_str_eq(a->tracking, b->tracking);
	assert_str_eq(a->text, b->text);
	assert_str_eq(a->raw_payload, b->raw_payload);
}

static void assert_meta_equal(const bo_event_meta *a, const bo_event_meta *b)
{
	assert_str_eq(a->user, b->user);
	assert_str_eq(a->role, b->role);
	assert_str_eq(a->tenant, b->tenant);
	assert_str_eq(a->correlation_id, b->correlation_id);
	assert_str_eq(a->causation_id, b->causation_id);
	assert_str_eq(a->command_id, b->command_id);
	assert_str_eq(a->bulk_id, b->bulk_id);
}

static void assert_event_equal(const bo_event *a, const bo_event *b)
{
	assert_str_eq(a->event_id, b->event_id);
	assert_str_eq(a->stream, b->stream);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->position, b->position);
	assert_int_equal(a->recorded_at, b->recorded_at);
	assert_meta_equal(&a->meta, &b->meta);
	assert_payload_equal(a, b);
}

/* Decodes json as a payload of type/schema; returns the status, err filled. */
static int decode(bo_event *e, const char *type, int schema, const char *json,
		  bo_err *err)
{
	memset(e, 0, sizeof(*e));
	bo_err_clear(err);
	return bo_json_decode_payload(e, type, schema, json, err);
}

/* Asserts json is refused as a payload of type with a message naming key. */
static void assert_refused(const char *type, const char *json,
			   const char *words)
{
	bo_event e;
	bo_err err;

	/* at the current schema: no upcaster in the way */
	assert_int_equal(
	    decode(&e, type,
		   bo_event_kind_schema(bo_event_kind_from_name(type)), json,
		   &err),
	    BO_EINVAL);
	assert_int_equal(err.code, BO_EINVAL);
	if (!strstr(err.msg, words))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, words);
	/* Nothing was handed over on failure. */
	assert_null(e.type_name);
	assert_null(e.lines);
	assert_null(e.product.sku);
	bo_event_clear(&e);
}

/* ---- round trips ----------------------------------------------------------*/

static void every_kind_round_trips_through_its_payload(void **state)
{
	(void)state;
	for (int k = BO_EV_UNKNOWN + 1; k < BO_EV__COUNT; k++) {
		bo_event in, out = {0};
		bo_err err;
		char *json = NULL;

		make_event(&in, (bo_event_kind)k);
		assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
		fill_envelope(&out);
		assert_int_equal(bo_json_decode_payload(&out, in.type_name,
							in.schema_version, json,
							&err),
				 0);
		assert_event_equal(&in, &out);
		free(json);
		bo_event_clear(&in);
		bo_event_clear(&out);
	}
}

static void every_kind_round_trips_through_an_export_line(void **state)
{
	(void)state;
	for (int k = BO_EV_UNKNOWN + 1; k < BO_EV__COUNT; k++) {
		bo_event in, out = {0};
		bo_err err;
		char *line = NULL;

		make_event(&in, (bo_event_kind)k);
		assert_int_equal(bo_json_encode_event(&line, &in, &err), 0);
		assert_null(strchr(line, '\n'));
		assert_int_equal(bo_json_decode_event(&out, line, &err), 0);
		assert_event_equal(&in, &out);
		free(line);
		bo_event_clear(&in);
		bo_event_clear(&out);
	}
}

static void export_line_has_the_documented_keys_in_order(void **state)
{
	bo_event e = {0};
	bo_err err;
	char *line = NULL;

	(void)state;
	e.event_id = dup("e-1");
	e.stream = dup("order-5");
	e.version = 3;
	e.position = 7;
	e.recorded_at = 1795673502123;
	e.meta.user = dup("ann");
	e.meta.role = dup("support");
	e.meta.tenant = dup("shop");
	e.meta.correlation_id = dup("c1");
	e.kind = BO_EV_NOTE_ADDED;
	e.order_id = 5;
	e.text = dup("hi");
	assert_int_equal(bo_json_encode_event(&line, &e, &err), 0);
	assert_string_equal(
	    line, "{\"position\":7,\"event_id\":\"e-1\",\"stream\":"
		  "\"order-5\",\"version\":3,\"type\":\"NoteAdded\","
		  "\"schema_version\":1,\"recorded_at\":"
		  "\"2026-11-26T06:11:42.123Z\",\"metadata\":{\"user\":"
		  "\"ann\",\"role\":\"support\",\"tenant\":\"shop\","
		  "\"correlation_id\":\"c1\"},\"payload\":{\"order_id\":5,"
		  "\"text\":\"hi\"}}");
	free(line);
	bo_event_clear(&e);
}

/* The command id comes last and only when the command carried one. */
static void command_id_is_kept_in_metadata_only_when_given(void **state)
{
	bo_event_meta m = {0}, back = {0};
	bo_err err;
	char *json = NULL;

	(void)state;
	m.user = dup("ann");
	m.correlation_id = dup("c1");
	assert_int_equal(bo_json_encode_meta(&json, &m, &err), 0);
	assert_string_equal(json, "{\"user\":\"ann\",\"correlation_id\":\"c1\"}");
	assert_int_equal(bo_json_decode_meta(&back, json, &err), 0);
	assert_null(back.command_id);
	free(json);
	json = NULL;

	m.command_id = dup("retry-7");
	assert_int_equal(bo_json_encode_meta(&json, &m, &err), 0);
	assert_string_equal(json, "{\"user\":\"ann\",\"correlation_id\":"
				  "\"c1\",\"command_id\":\"retry-7\"}");
	assert_int_equal(bo_json_decode_meta(&back, json, &err), 0);
	assert_meta_equal(&m, &back);
	free(json);

	/* a command id that is not a string is named */
	assert_int_equal(bo_json_decode_meta(
			     &back, "{\"user\":\"ann\",\"command_id\":7}", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "command_id"));
	free(m.user);
	free(m.correlation_id);
	free(m.command_id);
	free(back.user);
	free(back.correlation_id);
	free(back.command_id);
}

/* The bulk id comes only with a change a bulk action made, and back. */
static void bulk_id_is_kept_in_metadata_only_when_given(void **state)
{
	bo_event_meta m = {0}, back = {0};
	bo_err err;
	char *json = NULL;

	(void)state;
	m.user = dup("ann");
	assert_int_equal(bo_json_encode_meta(&json, &m, &err), 0);
	assert_null(strstr(json, "bulk_id"));
	free(json);
	json = NULL;
	m.bulk_id = dup("B-20261207-123007-3f9a0c");
	assert_int_equal(bo_json_encode_meta(&json, &m, &err), 0);
	assert_string_equal(json, "{\"user\":\"ann\",\"bulk_id\":"
				  "\"B-20261207-123007-3f9a0c\"}");
	assert_int_equal(bo_json_decode_meta(&back, json, &err), 0);
	assert_meta_equal(&m, &back);
	free(json);
	assert_int_equal(bo_json_decode_meta(
			     &back, "{\"user\":\"ann\",\"bulk_id\":[]}", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "bulk_id"));
	free(m.user);
	free(m.bulk_id);
	free(back.user);
	free(back.bulk_id);
}

static void product_with_untracked_stock_and_escapes_round_trips(void **state)
{
	bo_event in, out;
	bo_err err;
	char *json = NULL;

	(void)state;
	make_event(&in, BO_EV_PRODUCT_UPDATED);
	in.product.stock = BO_STOCK_UNTRACKED;
	free(in.product.name);
	in.product.name = dup("Ünïcødé \"quoted\" back\\slash \x01 €😀");
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_non_null(strstr(json, "\"stock\":-1"));
	assert_non_null(strstr(json, "\"price\":\"1250\""));
	assert_non_null(strstr(json, "\\\"quoted\\\" back\\\\slash"));
	assert_int_equal(decode(&out, "ProductUpdated", 1, json, &err), 0);
	assert_int_equal(out.product.stock, -1);
	assert_string_equal(out.product.name, in.product.name);
	assert_payload_equal(&in, &out);
	free(json);
	bo_event_clear(&in);
	bo_event_clear(&out);
}

/* A ProductCreated as builds before the per-product threshold wrote it. */
static const char old_product_payload[] =
    "{\"product\":{\"id\":3,\"sku\":\"MUG\",\"name\":\"Mug\","
    "\"description\":\"\",\"price\":\"1000\",\"tax_bp\":0,\"stock\":8,"
    "\"retired\":false,\"row_version\":1,"
    "\"created_at\":\"2026-12-01T10:00:00.000Z\","
    "\"updated_at\":\"2026-12-01T10:00:00.000Z\"}}";

static void product_threshold_is_optional_and_round_trips(void **state)
{
	bo_event in, out, spaced;
	bo_err err;
	char *json = NULL;

	(void)state;
	/* old events: no key, no threshold of its own, on both paths */
	assert_int_equal(decode(&out, "ProductCreated", 1, old_product_payload,
				&err),
			 0);
	assert_false(out.product.low_stock_threshold.set);
	assert_int_equal(out.product.stock, 8);
	bo_event_clear(&out);
	/* spaced text goes through cJSON; null is none too */
	assert_int_equal(decode(&spaced, "ProductCreated", 1,
				"{ \"product\": {\"id\":3,\"sku\":\"MUG\","
				"\"name\":\"Mug\",\"price\":\"1000\","
				"\"tax_bp\":0,\"stock\":8,\"retired\":false,"
				"\"row_version\":1,\"created_at\":"
				"\"2026-12-01T10:00:00.000Z\",\"updated_at\":"
				"\"2026-12-01T10:00:00.000Z\","
				"\"low_stock_threshold\": null } }",
				&err),
			 0);
	assert_false(spaced.product.low_stock_threshold.set);
	bo_event_clear(&spaced);
	/* unset is left out when writing: old readers see what they knew */
	make_event(&in, BO_EV_PRODUCT_UPDATED);
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_null(strstr(json, "low_stock_threshold"));
	free(json);
	/* set (0 included) is written and read back */
	in.product.low_stock_threshold = (bo_opt_i64){true, 0};
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_non_null(strstr(json, "\"low_stock_threshold\":0"));
	assert_int_equal(decode(&out, "ProductUpdated", 1, json, &err), 0);
	assert_payload_equal(&in, &out);
	bo_event_clear(&out);
	free(json);
	in.product.low_stock_threshold.value = 12;
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_int_equal(decode(&out, "ProductUpdated", 1, json, &err), 0);
	assert_payload_equal(&in, &out);
	bo_event_clear(&out);
	free(json);
	bo_event_clear(&in);
	/* not a whole number: refused naming the key */
	assert_int_equal(decode(&out, "ProductUpdated", 1,
				"{\"product\":{\"id\":3,\"sku\":\"MUG\","
				"\"name\":\"Mug\",\"price\":\"1000\","
				"\"tax_bp\":0,\"stock\":8,\"retired\":false,"
				"\"row_version\":1,\"created_at\":"
				"\"2026-12-01T10:00:00.000Z\",\"updated_at\":"
				"\"2026-12-01T10:00:00.000Z\","
				"\"low_stock_threshold\":\"5\"}}",
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "low_stock_threshold"));
	bo_event_clear(&out);
}

static void product_category_and_tags_are_optional_and_round_trip(void **state)
{
	bo_event in, out;
	bo_err err;
	char *json = NULL;

	(void)state;
	/* given an event written before categories and tags: none */
	assert_int_equal(decode(&out, "ProductCreated", 1, old_product_payload,
				&err),
			 0);
	assert_null(out.product.category);
	assert_null(out.product.tags);
	bo_event_clear(&out);
	/* none is left out when writing */
	make_event(&in, BO_EV_PRODUCT_UPDATED);
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_null(strstr(json, "category"));
	assert_null(strstr(json, "tags"));
	free(json);
	/* when set, written after the threshold and read back (both paths) */
	in.product.category = strdup("Kitchen / Mugs");
	in.product.tags = strdup("gift;sale");
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_non_null(
	    strstr(json, "\"category\":\"Kitchen / Mugs\",\"tags\":\"gift;sale\""));
	assert_int_equal(decode(&out, "ProductUpdated", 1, json, &err), 0);
	assert_string_equal(out.product.category, "Kitchen / Mugs");
	assert_string_equal(out.product.tags, "gift;sale");
	assert_payload_equal(&in, &out);
	bo_event_clear(&out);
	free(json);
	bo_event_clear(&in);
}

static void null_optional_strings_are_left_out(void **state)
{
	bo_event in, out;
	bo_err err;
	char *json = NULL;

	(void)state;
	make_event(&in, BO_EV_ORDER_SHIPPED);
	free(in.carrier);
	free(in.tracking);
	in.carrier = in.tracking = NULL;
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_string_equal(json, "{\"order_id\":42}");
	assert_int_equal(decode(&out, "OrderShipped", 1, json, &err), 0);
	assert_null(out.carrier);
	assert_null(out.tracking);
	free(json);
	bo_event_clear(&in);
	bo_event_clear(&out);
}

static void escaped_unicode_in_json_decodes_to_utf8(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	assert_int_equal(decode(&e, "NoteAdded", 1,
				"{\"order_id\":1,\"text\":\"caf\\u00e9 "
				"\\ud83d\\ude00\"}",
				&err),
			 0);
	assert_string_equal(e.text, "café 😀");
	bo_event_clear(&e);
}

static void order_with_no_lines_round_trips(void **state)
{
	bo_event in, out;
	bo_err err;
	char *json = NULL;

	(void)state;
	make_event(&in, BO_EV_ORDER_PLACED);
	free(in.customer_name);
	in.customer_name = NULL;
	for (size_t i = 0; i < in.nlines; i++) {
		free(in.lines[i].sku);
		free(in.lines[i].name);
	}
	free(in.lines);
	in.lines = NULL;
	in.nlines = 0;
	assert_int_equal(bo_json_encode_payload(&json, &in, &err), 0);
	assert_non_null(strstr(json, "\"lines\":[]"));
	assert_null(strstr(json, "customer_name"));
	assert_int_equal(decode(&out, "OrderPlaced", 2, json, &err), 0);
	assert_payload_equal(&in, &out);
	free(json);
	bo_event_clear(&in);
	bo_event_clear(&out);
}

static void metadata_round_trips_and_leaves_out_null(void **state)
{
	bo_event_meta in = {0}, out = {0};
	bo_err err;
	char *json = NULL;

	(void)state;
	in.user = dup("ann");
	in.role = dup("admin");
	in.tenant = dup("shop");
	in.correlation_id = dup("c-9");
	assert_int_equal(bo_json_encode_meta(&json, &in, &err), 0);
	assert_null(strstr(json, "causation_id"));
	assert_int_equal(bo_json_decode_meta(&out, json, &err), 0);
	assert_meta_equal(&in, &out);
	/* Decoding again replaces (and frees) what was there. */
	assert_int_equal(bo_json_decode_meta(&out, "{\"user\":\"bob\"}", &err),
			 0);
	assert_string_equal(out.user, "bob");
	assert_null(out.role);
	free(json);
	free(in.user);
	free(in.role);
	free(in.tenant);
	free(in.correlation_id);
	free(out.user);
}

static void metadata_of_the_wrong_type_is_refused(void **state)
{
	bo_event_meta m = {0};
	bo_err err;

	(void)state;
	assert_int_equal(
	    bo_json_decode_meta(&m, "{\"user\":\"a\",\"role\":5}", &err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "'role'"));
	assert_null(m.user);
	assert_int_equal(bo_json_decode_meta(&m, "[]", &err), BO_EINVAL);
	assert_int_equal(bo_json_decode_meta(&m, "{", &err), BO_EINVAL);
}

static void
decoding_keeps_the_envelope_and_accepts_its_own_type_name(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	memset(&e, 0, sizeof(e));
	fill_envelope(&e);
	e.type_name = dup("NoteAdded");
	e.schema_version = 1;
	e.text = dup("old text, replaced");
	/* The store may pass the event's own type_name: it must survive. */
	assert_int_equal(
	    bo_json_decode_payload(&e, e.type_name, 1,
				   "{\"order_id\":8,\"text\":\"x\"}", &err),
	    0);
	assert_string_equal(e.type_name, "NoteAdded");
	assert_int_equal(e.kind, BO_EV_NOTE_ADDED);
	assert_string_equal(e.text, "x");
	assert_string_equal(e.stream, "order-42");
	assert_string_equal(e.meta.user, "ann");
	assert_int_equal(e.position, 1234);
	bo_event_clear(&e);
}

static void failed_decode_leaves_the_event_untouched(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	make_event(&e, BO_EV_NOTE_ADDED);
	assert_int_equal(bo_json_decode_payload(&e, "NoteAdded", 1,
						"{\"order_id\":8}", &err),
			 BO_EINVAL);
	assert_string_equal(e.text, "called the customer\nno answer");
	assert_int_equal(e.order_id, 42);
	assert_int_equal(bo_json_decode_event(&e, "{}", &err), BO_EINVAL);
	assert_string_equal(e.stream, "order-42");
	bo_event_clear(&e);
}

/* ---- upcasters -------------------------------------------------------------*/

static const char *const placed_v1 =
    "{\"order_id\":7,\"currency\":\"EUR\",\"customer_email\":\"a@b\","
    "\"tax_bp\":2000,\"lines\":[{\"product_id\":1,\"sku\":\"A\","
    "\"name\":\"A\",\"unit_price\":\"1200\",\"quantity\":2},"
    "{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
    "\"unit_price\":\"500\",\"tax_bp\":700,\"quantity\":1}]}";

static void order_placed_v1_gets_the_order_rate_on_each_line(void **state)
{
	bo_event e;
	bo_err err;
	char *json = NULL;

	(void)state;
	assert_int_equal(decode(&e, "OrderPlaced", 1, placed_v1, &err), 0);
	assert_int_equal(e.kind, BO_EV_ORDER_PLACED);
	assert_int_equal(e.schema_version, 1); /* as stored */
	assert_int_equal(e.nlines, 2);
	assert_int_equal(e.lines[0].tax_bp, 2000);
	/* a line that already names its rate keeps it */
	assert_int_equal(e.lines[1].tax_bp, 700);
	assert_int_equal(e.lines[0].unit_price, 1200);
	/* the stored shape is kept and written back unchanged */
	assert_string_equal(e.raw_payload, placed_v1);
	assert_int_equal(bo_json_payload_schema(&e), 1);
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), 0);
	assert_string_equal(json, placed_v1);
	free(json);
	/* without the stored text it is written in the current shape */
	free(e.raw_payload);
	e.raw_payload = NULL;
	assert_int_equal(bo_json_payload_schema(&e), 2);
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), 0);
	assert_null(strstr(json, "\"tax_bp\":2000,\"lines\""));
	assert_non_null(
	    strstr(json, "\"unit_price\":\"1200\",\"tax_bp\":2000"));
	free(json);
	bo_event_clear(&e);
}

static void order_placed_v1_export_line_is_upcast(void **state)
{
	bo_event e = {0};
	bo_err err;
	char *line = NULL, *out = NULL;
	size_t n;

	(void)state;
	n = strlen(placed_v1) + 300;
	line = malloc(n);
	assert_non_null(line);
	snprintf(line, n,
		 "{\"position\":3,\"event_id\":\"e-3\",\"stream\":\"order-7\","
		 "\"version\":1,\"type\":\"OrderPlaced\",\"schema_version\":1,"
		 "\"recorded_at\":\"2020-01-02T03:04:05.006Z\","
		 "\"metadata\":{\"user\":\"ann\"},\"payload\":%s}",
		 placed_v1);
	assert_int_equal(bo_json_decode_event(&e, line, &err), 0);
	assert_int_equal(e.kind, BO_EV_ORDER_PLACED);
	assert_int_equal(e.schema_version, 1);
	assert_int_equal(e.lines[0].tax_bp, 2000);
	assert_string_equal(e.raw_payload, placed_v1);
	/* an export from this build writes the current shape */
	assert_int_equal(bo_json_encode_event(&out, &e, &err), 0);
	assert_non_null(strstr(out, "\"type\":\"OrderPlaced\","
				    "\"schema_version\":2"));
	assert_non_null(strstr(out, "\"quantity\":2"));
	free(out);
	free(line);
	bo_event_clear(&e);
}

static void order_placed_v1_without_its_rate_is_refused(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	assert_int_equal(decode(&e, "OrderPlaced", 1,
				"{\"order_id\":1,\"currency\":\"EUR\","
				"\"customer_email\":\"a@b\",\"lines\":[]}",
				&err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'tax_bp'"));
	assert_null(e.type_name);
	assert_int_equal(
	    decode(&e, "OrderPlaced", 1,
		   "{\"order_id\":1,\"currency\":\"EUR\",\"tax_bp\":\"20\","
		   "\"customer_email\":\"a@b\",\"lines\":[]}",
		   &err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "must be a whole number"));
	bo_event_clear(&e);
}

/* ---- unknown and future events ---------------------------------------------*/

static void unknown_type_is_kept_raw(void **state)
{
	const char *raw = "{ \"wrap\": \"gold\",\n \"n\": 1.5 }";
	bo_event e, back = {0};
	bo_err err;
	char *json = NULL, *line = NULL;

	(void)state;
	assert_int_equal(decode(&e, "GiftWrapped", 3, raw, &err), 0);
	assert_int_equal(e.kind, BO_EV_UNKNOWN);
	assert_string_equal(e.type_name, "GiftWrapped");
	assert_int_equal(e.schema_version, 3);
	assert_string_equal(e.raw_payload, raw);
	/* Written back byte for byte. */
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), 0);
	assert_string_equal(json, raw);
	/* And through an export line, type and schema survive. */
	fill_envelope(&e);
	assert_int_equal(bo_json_encode_event(&line, &e, &err), 0);
	assert_null(strchr(line, '\n'));
	assert_non_null(strstr(line, "\"type\":\"GiftWrapped\","
				     "\"schema_version\":3"));
	assert_int_equal(bo_json_decode_event(&back, line, &err), 0);
	assert_int_equal(back.kind, BO_EV_UNKNOWN);
	assert_string_equal(back.type_name, "GiftWrapped");
	assert_int_equal(back.schema_version, 3);
	assert_string_equal(back.raw_payload, "{\"wrap\":\"gold\",\"n\":1.5}");
	assert_string_equal(back.stream, "order-42");
	free(json);
	free(line);
	bo_event_clear(&e);
	bo_event_clear(&back);
}

static void future_schema_version_is_kept_raw(void **state)
{
	const char *raw = "{\"order_id\":\"not-a-number-in-v9\"}";
	bo_event e;
	bo_err err;

	(void)state;
	assert_int_equal(decode(&e, "OrderPlaced", 9, raw, &err), 0);
	assert_int_equal(e.kind, BO_EV_UNKNOWN);
	assert_string_equal(e.type_name, "OrderPlaced");
	assert_int_equal(e.schema_version, 9);
	assert_string_equal(e.raw_payload, raw);
	assert_int_equal(e.order_id, 0);
	bo_event_clear(&e);
}

static void schema_version_below_one_is_refused(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	assert_int_equal(
	    decode(&e, "NoteAdded", 0, "{\"order_id\":1,\"text\":\"x\"}", &err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "schema version 0"));
	bo_event_clear(&e);
}

/* ---- malformed and ill-typed payloads --------------------------------------*/

static void malformed_json_is_refused(void **state)
{
	(void)state;
	assert_refused("NoteAdded", "{\"order_id\":1,", "not valid JSON");
	assert_refused("NoteAdded", "{\"order_id\":1,\"text\":\"x\"} trailing",
		       "not valid JSON");
	assert_refused("NoteAdded", "", "not valid JSON");
	assert_refused("NoteAdded", "[1,2]", "must be a JSON object");
}

static void each_missing_key_is_named(void **state)
{
	(void)state;
	/* integer, string, amount */
	assert_refused("NoteAdded", "{\"text\":\"x\"}",
		       "key 'order_id' is missing");
	assert_refused("NoteAdded", "{\"order_id\":1}",
		       "key 'text' is missing");
	assert_refused("PaymentReceived", "{\"order_id\":1}",
		       "key 'amount' is missing");
	assert_refused("RefundIssued", "{\"order_id\":1,\"amount\":\"5\"}",
		       "key 'reason' is missing");
	/* nested objects and arrays */
	assert_refused("ProductCreated", "{}", "key 'product' is missing");
	assert_refused("OrderPlaced",
		       "{\"order_id\":1,\"currency\":\"EUR\","
		       "\"customer_email\":\"a@b\"}",
		       "key 'lines' is missing");
	/* boolean, time, int32 inside nested shapes */
	assert_refused("ProductRetired",
		       "{\"product\":{\"id\":1,\"sku\":\"A\",\"name\":\"A\","
		       "\"price\":\"1\",\"tax_bp\":0,\"stock\":0,"
		       "\"row_version\":1}}",
		       "key 'retired' of product is missing");
	assert_refused("ProductCreated",
		       "{\"product\":{\"id\":1,\"sku\":\"A\",\"name\":\"A\","
		       "\"price\":\"1\",\"tax_bp\":0,\"stock\":0,"
		       "\"retired\":false,\"row_version\":1}}",
		       "key 'created_at' of product is missing");
	assert_refused(
	    "OrderPlaced",
	    "{\"order_id\":1,\"currency\":\"EUR\","
	    "\"customer_email\":\"a@b\",\"lines\":[{\"product_id\":1,"
	    "\"sku\":\"A\",\"name\":\"A\",\"unit_price\":\"1\","
	    "\"tax_bp\":0}]}",
	    "key 'quantity' of line 1 is missing");
}

static const char *const placed_head =
    "{\"order_id\":1,\"currency\":\"EUR\",\"customer_email\":\"a@b\","
    "\"lines\":[{\"product_id\":1,\"sku\":\"A\",\"name\":\"A\","
    "\"unit_price\":\"100\",\"tax_bp\":0,\"quantity\":1},";

/* Tests a second order line (the first is valid and already decoded). */
static void assert_line2_refused(const char *line2, const char *words)
{
	size_t n = strlen(placed_head) + strlen(line2) + 3;
	char *json = malloc(n);

	assert_non_null(json);
	snprintf(json, n, "%s%s]}", placed_head, line2);
	assert_refused("OrderPlaced", json, words);
	free(json);
}

static void amount_as_a_number_is_refused(void **state)
{
	(void)state;
	assert_refused("PaymentReceived", "{\"order_id\":1,\"amount\":1250}",
		       "key 'amount' must be a string of digits");
	assert_line2_refused("{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
			     "\"unit_price\":5,\"tax_bp\":0,\"quantity\":1}",
			     "key 'unit_price' of line 2 must be a string");
}

static void amount_with_a_sign_or_junk_is_refused(void **state)
{
	(void)state;
	assert_refused("PaymentReceived", "{\"order_id\":1,\"amount\":\"-5\"}",
		       "key 'amount' must be a string of digits");
	assert_refused("RefundIssued",
		       "{\"order_id\":1,\"amount\":\"+5\",\"reason\":\"r\"}",
		       "key 'amount' must be a string of digits");
	assert_refused("PaymentReceived", "{\"order_id\":1,\"amount\":\"\"}",
		       "key 'amount' must be a string of digits");
	assert_refused("PaymentReceived",
		       "{\"order_id\":1,\"amount\":\"12.50\"}",
		       "key 'amount' must be a string of digits");
	assert_refused("PaymentReceived", "{\"order_id\":1,\"amount\":\"1e3\"}",
		       "key 'amount' must be a string of digits");
	assert_refused("PaymentReceived", "{\"order_id\":1,\"amount\":\"007\"}",
		       "key 'amount' must be a string of digits");
}

static void amount_overflow_is_refused_and_the_maximum_is_not(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	assert_refused("PaymentReceived",
		       "{\"order_id\":1,\"amount\":\"9223372036854775808\"}",
		       "key 'amount' is too large");
	assert_refused("PaymentReceived",
		       "{\"order_id\":1,\"amount\":\"99999999999999999999\"}",
		       "key 'amount' is too large");
	assert_int_equal(decode(&e, "PaymentReceived", 1,
				"{\"order_id\":1,"
				"\"amount\":\"9223372036854775807\"}",
				&err),
			 0);
	assert_int_equal(e.amount, INT64_MAX);
	bo_event_clear(&e);
}

static void non_integral_or_out_of_range_integers_are_refused(void **state)
{
	(void)state;
	assert_line2_refused("{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
			     "\"unit_price\":\"5\",\"tax_bp\":0,"
			     "\"quantity\":1.5}",
			     "key 'quantity' of line 2 must be a whole number");
	assert_line2_refused("{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
			     "\"unit_price\":\"5\",\"tax_bp\":0,"
			     "\"quantity\":\"3\"}",
			     "key 'quantity' of line 2 must be a whole number");
	assert_line2_refused("{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
			     "\"unit_price\":\"5\",\"tax_bp\":2147483648,"
			     "\"quantity\":1}",
			     "key 'tax_bp' of line 2 is out of range");
	assert_refused("NoteAdded",
		       "{\"order_id\":9007199254740992,\"text\":\"x\"}",
		       "key 'order_id' is out of range");
	assert_refused("NoteAdded", "{\"order_id\":1e400,\"text\":\"x\"}",
		       "key 'order_id' is out of range");
	assert_refused("NoteAdded", "{\"order_id\":null,\"text\":\"x\"}",
		       "key 'order_id' must be a whole number");
}

/* Found by tests/fuzz/fuzz_codec: the fast reader went on multiplying a long
 * run of digits past int64 before it gave up (UBSan in make asan). */
static void a_long_run_of_digits_is_refused_without_overflow(void **state)
{
	(void)state;
	assert_refused("NoteAdded",
		       "{\"order_id\":55777777777777777777777,\"text\":\"x\"}",
		       "key 'order_id' is out of range");
	assert_refused("PaymentReceived",
		       "{\"order_id\":-9999999999999999999999,\"amount\":\"1\"}",
		       "key 'order_id' is out of range");
	assert_line2_refused("{\"product_id\":2,\"sku\":\"B\",\"name\":\"B\","
			     "\"unit_price\":\"5\",\"tax_bp\":"
			     "5577777777777777777777777777777777770,"
			     "\"quantity\":1}",
			     "key 'tax_bp' of line 2 is out of range");
}

static void other_ill_typed_keys_are_named(void **state)
{
	(void)state;
	assert_refused("NoteAdded", "{\"order_id\":1,\"text\":7}",
		       "key 'text' must be a string");
	assert_refused("NoteAdded", "{\"order_id\":1,\"text\":\"\xff\xfe\"}",
		       "key 'text' must be valid UTF-8");
	assert_refused("OrderShipped", "{\"order_id\":1,\"carrier\":[]}",
		       "key 'carrier' must be a string");
	assert_refused("OrderPlaced",
		       "{\"order_id\":1,\"currency\":\"EUR\","
		       "\"customer_email\":\"a@b\",\"lines\":{}}",
		       "key 'lines' must be an array");
	assert_line2_refused("7", "line 2 must be an object");
	assert_refused("ProductDeleted", "{\"product\":[]}",
		       "key 'product' must be an object");
	assert_refused("ProductDeleted",
		       "{\"product\":{\"id\":1,\"sku\":\"A\",\"name\":\"A\","
		       "\"price\":\"1\",\"tax_bp\":0,\"stock\":0,"
		       "\"retired\":1,\"row_version\":1}}",
		       "key 'retired' of product must be true or false");
	assert_refused("ProductDeleted",
		       "{\"product\":{\"id\":1,\"sku\":\"A\",\"name\":\"A\","
		       "\"price\":\"1\",\"tax_bp\":0,\"stock\":0,"
		       "\"retired\":true,\"row_version\":1,"
		       "\"created_at\":\"2023-02-29T00:00:00Z\"}}",
		       "key 'created_at' of product must be an ISO 8601");
}

/* ---- duplicate keys and \u0000 --------------------------------------------
 *
 * Each refusal is tried in the plain shape the fast path reads and with
 * spaces, which only the cJSON path reads: both must refuse, alike.
 */

/* Refused as a payload of type, as written and with a space after each
 * comma (the cJSON path alone). */
static void assert_refused_both_ways(const char *type, const char *json,
				     const char *words)
{
	char spaced[1024];
	size_t n = 0;

	assert_refused(type, json, words);
	for (const char *c = json; *c && n + 2 < sizeof(spaced); c++) {
		spaced[n++] = *c;
		if (*c == ',')
			spaced[n++] = ' ';
	}
	spaced[n] = '\0';
	assert_true(strcmp(spaced, json) != 0 || !strchr(json, ','));
	assert_refused(type, spaced, words);
}

static void duplicate_keys_are_refused_at_any_level(void **state)
{
	(void)state;
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"text\":\"a\","
				 "\"text\":\"b\"}",
				 "key 'text' appears more than once");
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"order_id\":1,"
				 "\"text\":\"a\"}",
				 "key 'order_id' appears more than once");
	/* a key the codec does not read, twice: the fast path used to skip
	 * both */
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"text\":\"a\",\"x\":1,"
				 "\"x\":2}",
				 "key 'x' appears more than once");
	assert_refused_both_ways(
	    "OrderPlaced",
	    "{\"order_id\":1,\"currency\":\"EUR\",\"customer_email\":\"a@b.co\","
	    "\"lines\":[{\"product_id\":1,\"sku\":\"A\",\"name\":\"A\","
	    "\"unit_price\":\"1\",\"tax_bp\":0,\"quantity\":1,"
	    "\"quantity\":2}]}",
	    "key 'quantity' appears more than once");
	assert_refused_both_ways(
	    "ProductDeleted",
	    "{\"product\":{\"id\":1,\"id\":2,\"sku\":\"A\",\"name\":\"A\","
	    "\"price\":\"1\",\"tax_bp\":0,\"stock\":0,\"retired\":true,"
	    "\"row_version\":1,\"created_at\":\"2026-01-01T00:00:00Z\","
	    "\"updated_at\":\"2026-01-01T00:00:00Z\"}}",
	    "key 'id' appears more than once");
	/* equal keys in two different objects are fine */
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"text\":\"a\","
				 "\"x\":{\"text\":1},\"text\":\"b\"}",
				 "key 'text' appears more than once");
}

static void nul_in_a_string_is_refused_naming_the_key(void **state)
{
	bo_event e;
	bo_err err;

	(void)state;
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"text\":\"ab\\u0000cd\"}",
				 "key 'text' holds \\u0000");
	assert_refused_both_ways("PaymentFailed",
				 "{\"order_id\":1,\"reason\":\"\\u0000\"}",
				 "key 'reason' holds \\u0000");
	assert_refused_both_ways("NoteAdded",
				 "{\"order_id\":1,\"te\\u0000xt\":\"a\","
				 "\"text\":\"b\"}",
				 "key 'te\\u0000xt' holds \\u0000");
	/* an escaped backslash before u0000 is six characters of text */
	assert_int_equal(decode(&e, "NoteAdded", 1,
				"{\"order_id\":1,\"text\":\"a\\\\u0000b\"}",
				&err),
			 0);
	assert_string_equal(e.text, "a\\u0000b");
	bo_event_clear(&e);
	/* other escapes still decode */
	assert_int_equal(decode(&e, "NoteAdded", 1,
				"{\"order_id\":1,\"text\":\"a\\u0001\\\"b\"}",
				&err),
			 0);
	assert_string_equal(e.text, "a\001\"b");
	bo_event_clear(&e);
}

static void metadata_and_export_lines_refuse_duplicates_and_nul(void **state)
{
	bo_event_meta m = {0};
	bo_event e = {0};
	bo_err err;
	const char *head = "{\"position\":1,\"event_id\":\"e\",\"stream\":"
			   "\"order-1\",\"version\":1,\"type\":\"NoteAdded\","
			   "\"schema_version\":1,\"recorded_at\":"
			   "\"2026-01-01T00:00:00Z\",";
	char line[512];

	(void)state;
	assert_int_equal(bo_json_decode_meta(
			     &m, "{\"user\":\"ann\",\"user\":\"bob\"}", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'user' appears more than once"));
	assert_int_equal(
	    bo_json_decode_meta(&m, "{\"user\":\"an\\u0000n\"}", &err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'user' holds \\u0000"));
	assert_null(m.user);

	snprintf(line, sizeof(line),
		 "%s\"metadata\":{},\"payload\":{\"order_id\":1,"
		 "\"text\":\"a\"},\"version\":2}",
		 head);
	assert_int_equal(bo_json_decode_event(&e, line, &err), BO_EINVAL);
	assert_non_null(
	    strstr(err.msg, "event line: key 'version' appears more than once"));
	snprintf(line, sizeof(line),
		 "%s\"metadata\":{\"role\":\"admin\",\"role\":\"admin\"},"
		 "\"payload\":{\"order_id\":1,\"text\":\"a\"}}",
		 head);
	assert_int_equal(bo_json_decode_event(&e, line, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'role' appears more than once"));
	snprintf(line, sizeof(line),
		 "%s\"metadata\":{},\"payload\":{\"order_id\":1,"
		 "\"text\":\"a\\u0000\"}}",
		 head);
	assert_int_equal(bo_json_decode_event(&e, line, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'text' holds \\u0000"));
	assert_null(e.type_name);
	/* the same line without the damage reads */
	snprintf(line, sizeof(line),
		 "%s\"metadata\":{},\"payload\":{\"order_id\":1,"
		 "\"text\":\"a\"}}",
		 head);
	assert_int_equal(bo_json_decode_event(&e, line, &err), 0);
	assert_string_equal(e.text, "a");
	bo_event_clear(&e);
}

/* What the fast path accepts, the cJSON path reads the same. */
static void fast_and_cjson_paths_read_alike(void **state)
{
	const char *plain = "{\"order_id\":7,\"amount\":\"1250\","
			    "\"reason\":\"torn\"}";
	const char *spaced = "{ \"order_id\": 7, \"amount\": \"1250\", "
			     "\"reason\": \"torn\" }";
	bo_event a, b;
	bo_err err;

	(void)state;
	assert_int_equal(decode(&a, "RefundIssued", 1, plain, &err), 0);
	assert_int_equal(decode(&b, "RefundIssued", 1, spaced, &err), 0);
	assert_payload_equal(&a, &b);
	bo_event_clear(&a);
	bo_event_clear(&b);
}

/* ---- encoding refusals -----------------------------------------------------*/

static void encoding_refuses_what_decoding_would_refuse(void **state)
{
	bo_event e;
	bo_err err;
	char *json = NULL;

	(void)state;
	make_event(&e, BO_EV_REFUND_ISSUED);
	e.amount = -1;
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'amount' must not be negative"));
	assert_null(json);
	e.amount = 1;
	free(e.reason);
	e.reason = NULL;
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'reason' is missing"));
	e.reason = dup("r");
	e.order_id = INT64_MAX;
	assert_int_equal(bo_json_encode_event(&json, &e, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'order_id' is out of range"));
	assert_null(json);
	bo_event_clear(&e);

	memset(&e, 0, sizeof(e));
	e.kind = BO_EV_UNKNOWN;
	e.type_name = dup("Mystery");
	assert_int_equal(bo_json_encode_payload(&json, &e, &err), BO_EINVAL);
	fill_envelope(&e);
	e.raw_payload = dup("{not json");
	assert_int_equal(bo_json_encode_event(&json, &e, &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "not valid JSON"));
	bo_event_clear(&e);
}

/* ---- export lines ----------------------------------------------------------*/

static void each_missing_envelope_key_is_named(void **state)
{
	static const char *const keys[] = {
	    "position",       "event_id",    "stream",   "version", "type",
	    "schema_version", "recorded_at", "metadata", "payload",
	};
	bo_event in;
	bo_err err;
	char *line = NULL;

	(void)state;
	make_event(&in, BO_EV_ORDER_PLACED);
	assert_int_equal(bo_json_encode_event(&line, &in, &err), 0);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		cJSON *tree = cJSON_Parse(line);
		bo_event out = {0};
		char *cut, want[64];

		assert_non_null(tree);
		cJSON_DeleteItemFromObjectCaseSensitive(tree, keys[i]);
		cut = cJSON_PrintUnformatted(tree);
		assert_non_null(cut);
		assert_int_equal(bo_json_decode_event(&out, cut, &err),
				 BO_EINVAL);
		snprintf(want, sizeof(want), "key '%s' is missing", keys[i]);
		if (!strstr(err.msg, want))
			fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
		assert_null(out.stream);
		free(cut);
		cJSON_Delete(tree);
	}
	free(line);
	bo_event_clear(&in);
}

/* What is written back is always valid UTF-8, so a line whose type name (or
 * an unknown payload) is not could never round-trip: refused (a fuzz find). */
static void a_line_that_is_not_utf8_is_refused(void **state)
{
	bo_event e = {0};
	bo_err err;

	(void)state;
	assert_int_equal(
	    bo_json_decode_event(
		&e,
		"{\"position\":1,\"event_id\":\"e\",\"stream\":\"product-9\","
		"\"version\":1,\"type\":\"Product\xff\xff"
		"Deleted\","
		"\"schema_version\":1,\"recorded_at\":"
		"\"2024-01-01T00:00:00Z\",\"metadata\":{\"user\":\"u\"},"
		"\"payload\":{}}",
		&err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "not valid UTF-8"));
	assert_int_equal(
	    bo_json_decode_event(
		&e,
		"{\"position\":1,\"event_id\":\"e\",\"stream\":\"x-1\","
		"\"version\":1,\"type\":\"Hostile\","
		"\"schema_version\":1,\"recorded_at\":"
		"\"2024-01-01T00:00:00Z\",\"metadata\":{\"user\":\"u\"},"
		"\"payload\":{\"t\":\"\xc0\xaf\"}}",
		&err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "not valid UTF-8"));
	bo_event_clear(&e);
}

static void bad_export_lines_are_refused(void **state)
{
	bo_event e = {0};
	bo_err err;

	(void)state;
	assert_int_equal(bo_json_decode_event(&e, "{\"position\":", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "event line is not valid JSON"));
	assert_int_equal(bo_json_decode_event(&e, "42", &err), BO_EINVAL);
	assert_int_equal(
	    bo_json_decode_event(
		&e,
		"{\"position\":1,\"event_id\":\"e\",\"stream\":\"s\","
		"\"version\":1,\"type\":\"NoteAdded\","
		"\"schema_version\":1,\"recorded_at\":\"yesterday\","
		"\"metadata\":{},\"payload\":{}}",
		&err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'recorded_at'"));
	/* A payload error deep inside a line names the payload key. */
	assert_int_equal(
	    bo_json_decode_event(
		&e,
		"{\"position\":1,\"event_id\":\"e\",\"stream\":\"s\","
		"\"version\":1,\"type\":\"NoteAdded\","
		"\"schema_version\":1,\"recorded_at\":"
		"\"2024-01-01T00:00:00Z\",\"metadata\":{\"user\":\"u\"},"
		"\"payload\":{\"order_id\":1}}",
		&err),
	    BO_EINVAL);
	assert_non_null(
	    strstr(err.msg, "event payload: key 'text' is missing"));
	assert_int_equal(
	    bo_json_decode_event(
		&e,
		"{\"position\":1,\"event_id\":\"e\",\"stream\":\"s\","
		"\"version\":1,\"type\":7,\"schema_version\":1}",
		&err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "key 'type' must be a string"));
	assert_null(e.stream);
}

/* ---- allocation failures ---------------------------------------------------*/

static long allocs_left;

static void *failing_malloc(size_t n)
{
	if (allocs_left-- <= 0)
		return NULL;
	return malloc(n);
}

static void
every_cjson_allocation_failure_is_reported_without_leaks(void **state)
{
	cJSON_Hooks hooks = {failing_malloc, free};
	bo_event in, out = {0};
	bo_err err;
	char *good = NULL;
	int rc;

	(void)state;
	make_event(&in, BO_EV_ORDER_PLACED);
	assert_int_equal(bo_json_encode_event(&good, &in, &err), 0);
	cJSON_InitHooks(&hooks);
	for (long n = 0;; n++) {
		char *line = NULL;

		allocs_left = n;
		rc = bo_json_encode_event(&line, &in, &err);
		if (rc == 0) {
			assert_string_equal(line, good);
			free(line);
			break;
		}
		assert_int_equal(rc, BO_ENOMEM);
		assert_null(line);
	}
	for (long n = 0;; n++) {
		allocs_left = n;
		rc = bo_json_decode_event(&out, good, &err);
		if (rc == 0)
			break;
		/* cJSON reports a failed allocation as a parse error. */
		assert_true(rc == BO_ENOMEM || rc == BO_EINVAL);
		assert_null(out.stream);
	}
	cJSON_InitHooks(NULL);
	assert_event_equal(&in, &out);
	free(good);
	bo_event_clear(&in);
	bo_event_clear(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_kind_round_trips_through_its_payload),
	    cmocka_unit_test(every_kind_round_trips_through_an_export_line),
	    cmocka_unit_test(export_line_has_the_documented_keys_in_order),
	    cmocka_unit_test(
		product_with_untracked_stock_and_escapes_round_trips),
	    cmocka_unit_test(product_threshold_is_optional_and_round_trips),
	    cmocka_unit_test(
		product_category_and_tags_are_optional_and_round_trip),
	    cmocka_unit_test(null_optional_strings_are_left_out),
	    cmocka_unit_test(escaped_unicode_in_json_decodes_to_utf8),
	    cmocka_unit_test(order_with_no_lines_round_trips),
	    cmocka_unit_test(metadata_round_trips_and_leaves_out_null),
	    cmocka_unit_test(metadata_of_the_wrong_type_is_refused),
	    cmocka_unit_test(
		decoding_keeps_the_envelope_and_accepts_its_own_type_name),
	    cmocka_unit_test(failed_decode_leaves_the_event_untouched),
	    cmocka_unit_test(unknown_type_is_kept_raw),
	    cmocka_unit_test(future_schema_version_is_kept_raw),
	    cmocka_unit_test(schema_version_below_one_is_refused),
	    cmocka_unit_test(malformed_json_is_refused),
	    cmocka_unit_test(each_missing_key_is_named),
	    cmocka_unit_test(amount_as_a_number_is_refused),
	    cmocka_unit_test(amount_with_a_sign_or_junk_is_refused),
	    cmocka_unit_test(amount_overflow_is_refused_and_the_maximum_is_not),
	    cmocka_unit_test(non_integral_or_out_of_range_integers_are_refused),
	    cmocka_unit_test(a_long_run_of_digits_is_refused_without_overflow),
	    cmocka_unit_test(other_ill_typed_keys_are_named),
	    cmocka_unit_test(encoding_refuses_what_decoding_would_refuse),
	    cmocka_unit_test(each_missing_envelope_key_is_named),
	    cmocka_unit_test(bad_export_lines_are_refused),
	    cmocka_unit_test(a_line_that_is_not_utf8_is_refused),
	    cmocka_unit_test(command_id_is_kept_in_metadata_only_when_given),
	    cmocka_unit_test(bulk_id_is_kept_in_metadata_only_when_given),
	    cmocka_unit_test(
		every_cjson_allocation_failure_is_reported_without_leaks),
	    cmocka_unit_test(order_placed_v1_gets_the_order_rate_on_each_line),
	    cmocka_unit_test(order_placed_v1_export_line_is_upcast),
	    cmocka_unit_test(order_placed_v1_without_its_rate_is_refused),
	    cmocka_unit_test(duplicate_keys_are_refused_at_any_level),
	    cmocka_unit_test(nul_in_a_string_is_refused_naming_the_key),
	    cmocka_unit_test(
		metadata_and_export_lines_refuse_duplicates_and_nul),
	    cmocka_unit_test(fast_and_cjson_paths_read_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
