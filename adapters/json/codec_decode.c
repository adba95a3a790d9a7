/* The event codec's reader: JSON text into events through the upcasters. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_parts.h"

#include "adapters/json/codec_internal.h"
#include "domain/calendar.h"
#include "domain/text.h"
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- decoding -------------------------------------------------------------*/

static int get_lines(bo_event *e, const cJSON *arr, const char *key,
		     const ctx *c, bo_err *err)
{
	const cJSON *item;
	size_t i = 0;
	int n, rc;

	if (!cJSON_IsArray(arr))
		return bo_jc_bad(err, c, key, "must be an array");
	if ((n = cJSON_GetArraySize(arr)) == 0)
		return 0;
	if (!(e->lines = calloc((size_t)n, sizeof(*e->lines))))
		return bo_jc_enomem(err);
	/* Counted up front so bo_event_clear frees a half-read list. */
	e->nlines = (size_t)n;
	cJSON_ArrayForEach(item, arr)
	{
		ctx lc = {c->what, ""};

		snprintf(lc.where, sizeof(lc.where), " of line %zu", i + 1);
		if (!cJSON_IsObject(item))
			return bo_err_set(err, BO_EINVAL,
					  "%s: line %zu must be an object",
					  c->what, i + 1);
		if ((rc = bo_jc_get_fields(&e->lines[i], item,
					   bo_jc_line_fields, &lc, err)) < 0)
			return rc;
		i++;
	}
	return 0;
}

static int get_string(char **out, const cJSON *item, const ctx *c,
		      const char *key, bo_err *err)
{
	const char *s = cJSON_GetStringValue(item);

	if (!s)
		return bo_jc_bad(err, c, key, "must be a string");
	if (!bo_text_utf8_valid(s))
		return bo_jc_bad(err, c, key, "must be valid UTF-8 text");
	if (!(*out = strdup(s)))
		return bo_jc_enomem(err);
	return 0;
}

static int get_field(void *base, const cJSON *obj, const field *f, const ctx *c,
		     bo_err *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, f->key);
	void *p = bo_jc_at(base, f->off);
	int64_t v;
	int rc;

	if (!item || ((f->type == F_OPTSTR || f->type == F_OPTI64) &&
		      cJSON_IsNull(item))) {
		if (f->type == F_OPTSTR || f->type == F_OPTI64)
			return 0;
		return bo_jc_bad(err, c, f->key, "is missing");
	}
	switch (f->type) {
	case F_I64:
		return bo_jc_get_integer(p, item, -SAFE_INT_MAX, SAFE_INT_MAX,
					 c, f->key, err);
	case F_OPTI64:
		if ((rc = bo_jc_get_integer(&v, item, -SAFE_INT_MAX,
					    SAFE_INT_MAX, c, f->key, err)) == 0)
			*(bo_opt_i64 *)p = (bo_opt_i64){true, v};
		return rc;
	case F_I32:
		if ((rc = bo_jc_get_integer(&v, item, INT32_MIN, INT32_MAX, c,
					    f->key, err)) == 0)
			*(int32_t *)p = (int32_t)v;
		return rc;
	case F_AMOUNT:
		return bo_jc_get_amount(p, item, c, f->key, err);
	case F_STR:
	case F_OPTSTR:
		return get_string(p, item, c, f->key, err);
	case F_BOOL:
		if (!cJSON_IsBool(item))
			return bo_jc_bad(err, c, f->key,
					 "must be true or false");
		*(bool *)p = cJSON_IsTrue(item);
		return 0;
	case F_TIME:
		if (!cJSON_IsString(item) ||
		    bo_time_parse_iso(p, item->valuestring) < 0)
			return bo_jc_bad(err, c, f->key,
					 "must be an ISO 8601 UTC time like "
					 "2026-11-26T06:11:42.123Z");
		return 0;
	case F_PRODUCT: {
		ctx pc = {c->what, " of product"};

		if (!cJSON_IsObject(item))
			return bo_jc_bad(err, c, f->key, "must be an object");
		return bo_jc_get_fields(p, item, bo_jc_product_fields, &pc,
					err);
	}
	case F_LINES:
		/* Only bo_event has lines; base is the event. */
		return get_lines(base, item, f->key, c, err);
	}
	return bo_err_set(err, BO_EINVAL, "%s: key '%s' has no decoding",
			  c->what, f->key);
}

int bo_jc_get_fields(void *base, const cJSON *obj, const field *f, const ctx *c,
		     bo_err *err)
{
	int rc;

	for (; f->key; f++)
		if ((rc = get_field(base, obj, f, c, err)) < 0)
			return rc;
	return 0;
}

/* The kind to decode as, or BO_EV_UNKNOWN when this build cannot read it. */
static bo_event_kind readable_kind(const char *type_name, int schema)
{
	bo_event_kind kind = bo_event_kind_from_name(type_name);

	if (kind != BO_EV_UNKNOWN && schema > bo_event_kind_schema(kind))
		return BO_EV_UNKNOWN;
	return kind;
}

/*
 * Upcasts the payload tree of e (kind and schema_version set, a known kind)
 * to the current schema and reads it into e's payload fields.
 */
static int decode_tree(bo_event *e, cJSON *payload, bo_err *err)
{
	int current = bo_event_kind_schema(e->kind);
	ctx c = {"event payload", ""};
	int rc;

	if (e->schema_version < 1)
		return bo_err_set(err, BO_EINVAL,
				  "event payload: schema version %d of %s is "
				  "not valid",
				  e->schema_version, e->type_name);
	if (!cJSON_IsObject(payload))
		return bo_err_set(err, BO_EINVAL,
				  "event payload must be a JSON object");
	for (int v = e->schema_version; v < current; v++) {
		upcaster up = bo_jc_find_upcaster(e->kind, v);

		if (!up)
			return bo_err_set(err, BO_EINVAL,
					  "event payload: no upcaster for %s "
					  "schema version %d",
					  e->type_name, v);
		if ((rc = up(payload, err)) < 0)
			return rc;
	}
	return bo_jc_get_fields(e, payload, bo_jc_shapes[e->kind], &c, err);
}

/* Sets type_name, schema_version and kind of a fresh event. */
static int set_type(bo_event *e, const char *type_name, int schema, bo_err *err)
{
	if (!(e->type_name = strdup(type_name)))
		return bo_jc_enomem(err);
	e->schema_version = schema;
	e->kind = readable_kind(type_name, schema);
	return 0;
}

/* Moves src's fields into dst after freeing what dst held; zeroes src. */
static void replace_event(bo_event *dst, bo_event *src)
{
	bo_event_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

/* Moves e's envelope into tmp, so replacing e with tmp keeps it. */
static void take_envelope(bo_event *tmp, bo_event *e)
{
	tmp->event_id = e->event_id;
	tmp->stream = e->stream;
	tmp->version = e->version;
	tmp->position = e->position;
	tmp->recorded_at = e->recorded_at;
	tmp->meta = e->meta;
	e->event_id = e->stream = NULL;
	memset(&e->meta, 0, sizeof(e->meta));
}

int bo_json_decode_payload(bo_event *e, const char *type_name,
			   int schema_version, const char *json, bo_err *err)
{
	bo_event tmp = {0};
	cJSON *tree = NULL;
	int rc;

	if (!type_name || !json)
		return bo_err_set(err, BO_EINVAL, "event %s is missing",
				  type_name ? "payload" : "type");
	/* type_name or json may point into e: copy before replacing e. */
	if ((rc = set_type(&tmp, type_name, schema_version, err)) < 0)
		goto done;
	if (tmp.kind == BO_EV_UNKNOWN ||
	    schema_version < bo_event_kind_schema(tmp.kind)) {
		/* An older shape is kept too, so appending the event again
		 * (a copy, a move) stores it as it was. */
		if (!(tmp.raw_payload = strdup(json))) {
			rc = bo_jc_enomem(err);
			goto done;
		}
	}
	if (tmp.kind == BO_EV_UNKNOWN) {
		/* kept as stored, not read */
	} else if (tmp.schema_version == bo_event_kind_schema(tmp.kind) &&
		   bo_jc_fast_payload(&tmp, json) == 0) {
		/* read by the fast path */
	} else if ((rc = bo_jc_parse(&tree, json, "event payload", err)) < 0 ||
		   (rc = decode_tree(&tmp, tree, err)) < 0) {
		goto done;
	}
	take_envelope(&tmp, e);
	replace_event(e, &tmp);
done:
	cJSON_Delete(tree);
	bo_event_clear(&tmp);
	return rc;
}

static void meta_free(bo_event_meta *m)
{
	for (const field *f = bo_jc_meta_fields; f->key; f++) {
		char **s = bo_jc_at(m, f->off);

		free(*s);
		*s = NULL;
	}
}

static int decode_meta_tree(bo_event_meta *m, const cJSON *obj, bo_err *err)
{
	ctx c = {"event metadata", ""};

	if (!cJSON_IsObject(obj))
		return bo_err_set(err, BO_EINVAL,
				  "event metadata must be a JSON object");
	return bo_jc_get_fields(m, obj, bo_jc_meta_fields, &c, err);
}

int bo_json_decode_meta(bo_event_meta *m, const char *json, bo_err *err)
{
	bo_event_meta tmp = {0};
	cJSON *tree = NULL;
	int rc = 0;

	if (!json)
		return bo_err_set(err, BO_EINVAL, "event metadata is missing");
	if (bo_jc_fast_document(&tmp, json, bo_jc_meta_fields) == 0)
		goto keep;
	meta_free(&tmp); /* read again by cJSON below */
	if ((rc = bo_jc_parse(&tree, json, "event metadata", err)) < 0 ||
	    (rc = decode_meta_tree(&tmp, tree, err)) < 0)
		goto done;
keep:
	meta_free(m);
	*m = tmp;
	memset(&tmp, 0, sizeof(tmp));
done:
	meta_free(&tmp);
	cJSON_Delete(tree);
	return rc;
}

int bo_json_decode_event(bo_event *e, const char *line, bo_err *err)
{
	bo_event tmp = {0};
	cJSON *tree = NULL, *type, *item;
	ctx c = {"event", ""};
	int64_t schema;
	int rc;

	if (!line)
		return bo_err_set(err, BO_EINVAL, "event line is missing");
	if ((rc = bo_jc_parse(&tree, line, "event line", err)) < 0)
		goto done;
	if (!cJSON_IsObject(tree)) {
		rc = bo_err_set(err, BO_EINVAL,
				"event line must be a JSON object");
		goto done;
	}
	if ((rc = bo_jc_get_fields(&tmp, tree, bo_jc_envelope_head, &c, err)) <
	    0)
		goto done;
	if (!(type = cJSON_GetObjectItemCaseSensitive(tree, "type")) ||
	    !cJSON_IsString(type)) {
		rc = bo_jc_bad(err, &c, "type",
			       type ? "must be a string" : "is missing");
		goto done;
	}
	if (!(item =
		  cJSON_GetObjectItemCaseSensitive(tree, "schema_version"))) {
		rc = bo_jc_bad(err, &c, "schema_version", "is missing");
		goto done;
	}
	if ((rc = bo_jc_get_integer(&schema, item, INT32_MIN, INT32_MAX, &c,
				    "schema_version", err)) < 0 ||
	    (rc = set_type(&tmp, type->valuestring, (int)schema, err)) < 0 ||
	    (rc = bo_jc_get_fields(&tmp, tree, bo_jc_recorded_at_field, &c,
				   err)) < 0)
		goto done;
	if (!(item = cJSON_GetObjectItemCaseSensitive(tree, "metadata"))) {
		rc = bo_jc_bad(err, &c, "metadata", "is missing");
		goto done;
	}
	if ((rc = decode_meta_tree(&tmp.meta, item, err)) < 0)
		goto done;
	if (!(item = cJSON_GetObjectItemCaseSensitive(tree, "payload"))) {
		rc = bo_jc_bad(err, &c, "payload", "is missing");
		goto done;
	}
	/* Upcasting rewrites the tree in place: keep an older shape first. */
	if (tmp.kind == BO_EV_UNKNOWN ||
	    tmp.schema_version < bo_event_kind_schema(tmp.kind))
		rc = bo_jc_print(&tmp.raw_payload, item, err);
	if (rc == 0 && tmp.kind != BO_EV_UNKNOWN)
		rc = decode_tree(&tmp, item, err);
	/* JSON text is UTF-8 (RFC 8259) and what is written back always is,
	 * so a line with bytes that are not could never come back the same.
	 * Checked last: a string field that holds them is named above. */
	if (rc == 0 && !bo_text_utf8_valid(line))
		rc = bo_err_set(err, BO_EINVAL,
				"event line is not valid UTF-8 text");
	if (rc == 0)
		replace_event(e, &tmp);
done:
	cJSON_Delete(tree);
	bo_event_clear(&tmp);
	return rc;
}
