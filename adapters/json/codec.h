/* The event codec: payloads and metadata to and from JSON text, with upcasters. */
#ifndef BO_JSON_CODEC_H
#define BO_JSON_CODEC_H

#include "domain/event.h"
#include "domain/ports/event_codec.h"
#include "domain/status.h"

/*
 * Format rules (the log's on-disk contract):
 * - amounts and prices are JSON strings of the integer minor units ("1250"),
 *   never JSON numbers (cJSON numbers are doubles); ids, versions, quantities
 *   and basis points are JSON integers;
 * - times are ISO 8601 UTC text with milliseconds: "2026-11-26T06:11:42.123Z"
 *   (domain/calendar.h: bo_time_format_iso, bo_time_parse_iso);
 * - optional strings that are NULL are left out.
 * Payload keys per kind:
 *   Product*: {"product":{"id","sku","name","description","price","tax_bp",
 *              "stock" (integer, -1 = untracked),"retired","row_version",
 *              "created_at","updated_at"}}
 *   OrderPlaced: {"order_id","currency","customer_email","customer_name"?,
 *              "lines":[{"product_id","sku","name","unit_price","tax_bp","quantity"}]}
 *   PaymentReceived: {"order_id","amount"}      PaymentFailed: {"order_id","reason"}
 *   OrderShipped: {"order_id","carrier"?,"tracking"?}  OrderDelivered: {"order_id"}
 *   OrderCancelled: {"order_id","reason"}       RefundIssued: {"order_id","amount","reason"}
 *   NoteAdded: {"order_id","text"}
 * Metadata: {"user","role","tenant","correlation_id","causation_id"}.
 */

/* Payload of e (by e->kind, current schema) as compact JSON. *out: free().
 * BO_EV_UNKNOWN writes e->raw_payload back unchanged, and so does a known
 * kind whose raw_payload holds an older schema_version (stored events are
 * never rewritten): see bo_json_payload_schema. */
int bo_json_encode_payload(char **out, const bo_event *e, bo_err *err);

/* The schema version of what bo_json_encode_payload writes for e, which is
 * what a store records beside it: e->schema_version for an unknown kind or
 * an older shape kept in raw_payload, the kind's current version otherwise. */
int bo_json_payload_schema(const bo_event *e);

/*
 * Fills e's payload fields and e->kind from stored text: type_name and the
 * stored schema_version pick the upcaster chain up to the current version.
 * An unknown type, or a schema version newer than this build knows, is not an
 * error: e->kind = BO_EV_UNKNOWN and e->raw_payload keeps the text. An
 * older schema version is upcast into the fields and raw_payload keeps the
 * stored text as well (bo_json_decode_event does the same).
 * Malformed JSON or a missing/ill-typed key is BO_EINVAL naming the key.
 * Sets e->type_name and e->schema_version (the stored one) too.
 */
int bo_json_decode_payload(bo_event *e, const char *type_name,
			   int schema_version, const char *json, bo_err *err);

int bo_json_encode_meta(char **out, const bo_event_meta *m, bo_err *err);
int bo_json_decode_meta(bo_event_meta *m, const char *json, bo_err *err);

/*
 * One export line (no trailing newline), keys in this order:
 * {"position","event_id","stream","version","type","schema_version",
 *  "recorded_at","metadata":{...},"payload":{...}}
 * The text is valid UTF-8 whatever the event holds (bo_text_json_clean):
 * controls and invisible characters are \uXXXX escapes, so the line still
 * decodes to the same event; a byte that is not UTF-8 becomes U+FFFD.
 */
int bo_json_encode_event(char **out, const bo_event *e, bo_err *err);
/* The reverse; BO_EINVAL naming the key that is missing or wrong. */
int bo_json_decode_event(bo_event *e, const char *line, bo_err *err);

/*
 * The codec as the event store's decoding layer (domain/ports/event_codec.h):
 * encode is bo_json_encode_meta, bo_json_encode_payload and
 * bo_json_payload_schema; decode is bo_json_decode_payload, then
 * bo_json_decode_meta. Every backend's open puts it in events.codec, so no
 * backend encodes, decodes or upcasts by itself.
 */
bo_event_codec bo_json_event_codec(void);

#endif
