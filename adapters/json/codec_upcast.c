/* The event codec's upcasters: older payload shapes rewritten into newer ones. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_parts.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- upcasters ------------------------------------------------------------
 *
 * Each entry turns the payload tree of `kind` at schema `from` into schema
 * from + 1, in place. Decoding applies them in a loop up to the current
 * schema; adding a schema version is one line here plus its function.
 */

/*
 * OrderPlaced v1 had one order-level "tax_bp" and lines without a rate; v2
 * carries the rate per line. Each line without one gets the order's rate (a
 * line that already has one keeps it), and the order-level key goes.
 */
static int order_placed_v1_to_v2(cJSON *payload, bo_err *err)
{
	cJSON *rate = cJSON_GetObjectItemCaseSensitive(payload, "tax_bp");
	cJSON *lines = cJSON_GetObjectItemCaseSensitive(payload, "lines");
	cJSON *line;

	if (!rate)
		return bo_err_set(err, BO_EINVAL,
				  "event payload: key 'tax_bp' of OrderPlaced "
				  "schema version 1 is missing");
	if (!cJSON_IsNumber(rate))
		return bo_err_set(err, BO_EINVAL,
				  "event payload: key 'tax_bp' of OrderPlaced "
				  "schema version 1 must be a whole number");
	if (!cJSON_IsArray(lines))
		return bo_err_set(err, BO_EINVAL,
				  "event payload: key 'lines' of OrderPlaced "
				  "schema version 1 must be an array");
	cJSON_ArrayForEach(line, lines)
	{
		cJSON *copy;

		if (!cJSON_IsObject(line) ||
		    cJSON_GetObjectItemCaseSensitive(line, "tax_bp"))
			continue; /* the decoder names a line that is wrong */
		if (!(copy = cJSON_Duplicate(rate, 1)) ||
		    !cJSON_AddItemToObject(line, "tax_bp", copy)) {
			cJSON_Delete(copy);
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory in the event codec");
		}
	}
	cJSON_DeleteItemFromObjectCaseSensitive(payload, "tax_bp");
	return 0;
}

static const struct {
	bo_event_kind kind;
	int from;
	upcaster fn;
} upcasters[] = {
    {BO_EV_ORDER_PLACED, 1, order_placed_v1_to_v2},
    {BO_EV_UNKNOWN, 0, NULL},
};

upcaster bo_jc_find_upcaster(bo_event_kind kind, int from)
{
	for (size_t i = 0; upcasters[i].fn; i++)
		if (upcasters[i].kind == kind && upcasters[i].from == from)
			return upcasters[i].fn;
	return NULL;
}
