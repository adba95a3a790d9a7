/* The event codec's field tables: every JSON object it reads or writes, key by key. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_parts.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- field tables ---------------------------------------------------------
 *
 * Every JSON object the codec reads or writes is described by a table of
 * fields: the key, how the value is written, and where it lives in the C
 * struct. The same table drives encoding and decoding so they cannot drift.
 */

/* clang-format off */
#define FLD(st, member, type) {#member, type, offsetof(st, member)}
/* clang-format on */

const field bo_jc_product_fields[] = {
    FLD(bo_product, id, F_I64),
    FLD(bo_product, sku, F_STR),
    FLD(bo_product, name, F_STR),
    FLD(bo_product, description, F_OPTSTR),
    FLD(bo_product, price, F_AMOUNT),
    FLD(bo_product, tax_bp, F_I32),
    FLD(bo_product, stock, F_I64),
    FLD(bo_product, retired, F_BOOL),
    FLD(bo_product, row_version, F_I64),
    FLD(bo_product, created_at, F_TIME),
    FLD(bo_product, updated_at, F_TIME),
    /* absent in events written before products had one: none of its own */
    FLD(bo_product, low_stock_threshold, F_OPTI64),
    /* absent in events written before categories and tags: none */
    FLD(bo_product, category, F_OPTSTR),
    FLD(bo_product, tags, F_OPTSTR),
    {NULL, 0, 0},
};

const field bo_jc_line_fields[] = {
    FLD(bo_order_line, product_id, F_I64),
    FLD(bo_order_line, sku, F_STR),
    FLD(bo_order_line, name, F_STR),
    FLD(bo_order_line, unit_price, F_AMOUNT),
    FLD(bo_order_line, tax_bp, F_I32),
    FLD(bo_order_line, quantity, F_I32),
    {NULL, 0, 0},
};

const field bo_jc_meta_fields[] = {
    FLD(bo_event_meta, user, F_OPTSTR),
    FLD(bo_event_meta, role, F_OPTSTR),
    FLD(bo_event_meta, tenant, F_OPTSTR),
    FLD(bo_event_meta, correlation_id, F_OPTSTR),
    FLD(bo_event_meta, causation_id, F_OPTSTR),
    /* only events of a command sent with one: older logs stay as they were */
    FLD(bo_event_meta, command_id, F_OPTSTR),
    /* only when the store's owner acted for the user (PostgreSQL) */
    FLD(bo_event_meta, acted_by, F_OPTSTR),
    /* only a change made by a bulk action */
    FLD(bo_event_meta, bulk_id, F_OPTSTR),
    {NULL, 0, 0},
};

/* The envelope keys that map straight onto bo_event fields, in line order. */
const field bo_jc_envelope_head[] = {
    FLD(bo_event, position, F_I64),
    FLD(bo_event, event_id, F_STR),
    FLD(bo_event, stream, F_STR),
    FLD(bo_event, version, F_I64),
    {NULL, 0, 0},
};

const field bo_jc_recorded_at_field[] = {
    FLD(bo_event, recorded_at, F_TIME),
    {NULL, 0, 0},
};

/* Current payload shapes, one table per kind. */
static const field product_payload[] = {
    FLD(bo_event, product, F_PRODUCT),
    {NULL, 0, 0},
};

static const field order_placed[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, currency, F_STR),
    FLD(bo_event, customer_email, F_STR),
    FLD(bo_event, customer_name, F_OPTSTR),
    FLD(bo_event, lines, F_LINES),
    {NULL, 0, 0},
};

static const field payment_received[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, amount, F_AMOUNT),
    {NULL, 0, 0},
};

static const field order_with_reason[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, reason, F_STR),
    {NULL, 0, 0},
};

static const field order_shipped[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, carrier, F_OPTSTR),
    FLD(bo_event, tracking, F_OPTSTR),
    {NULL, 0, 0},
};

static const field order_only[] = {
    FLD(bo_event, order_id, F_I64),
    {NULL, 0, 0},
};

static const field refund_issued[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, amount, F_AMOUNT),
    FLD(bo_event, reason, F_STR),
    {NULL, 0, 0},
};

static const field note_added[] = {
    FLD(bo_event, order_id, F_I64),
    FLD(bo_event, text, F_STR),
    {NULL, 0, 0},
};

/* The snapshot after the adjustment, then what the adjustment was. */
static const field product_stock_adjusted[] = {
    FLD(bo_event, product, F_PRODUCT),
    FLD(bo_event, delta, F_I64),
    FLD(bo_event, new_stock, F_I64),
    FLD(bo_event, reason, F_STR),
    {"note", F_OPTSTR, offsetof(bo_event, text)},
    {NULL, 0, 0},
};

const field *const bo_jc_shapes[BO_EV__COUNT] = {
    [BO_EV_PRODUCT_CREATED] = product_payload,
    [BO_EV_PRODUCT_UPDATED] = product_payload,
    [BO_EV_PRODUCT_RETIRED] = product_payload,
    [BO_EV_PRODUCT_DELETED] = product_payload,
    [BO_EV_PRODUCT_REACTIVATED] = product_payload,
    [BO_EV_ORDER_PLACED] = order_placed,
    [BO_EV_PAYMENT_RECEIVED] = payment_received,
    [BO_EV_PAYMENT_FAILED] = order_with_reason,
    [BO_EV_ORDER_SHIPPED] = order_shipped,
    [BO_EV_ORDER_DELIVERED] = order_only,
    [BO_EV_ORDER_CANCELLED] = order_with_reason,
    [BO_EV_REFUND_ISSUED] = refund_issued,
    [BO_EV_NOTE_ADDED] = note_added,
    [BO_EV_PRODUCT_STOCK_ADJUSTED] = product_stock_adjusted,
};
