/* The event codec's writer: events, payloads and metadata into JSON text. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_parts.h"

#include "domain/calendar.h"
#include "domain/text.h"
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- encoding -------------------------------------------------------------*/

static int put_lines(cJSON *obj, const bo_event *e, const char *key,
		     const ctx *c, bo_err *err)
{
	cJSON *arr = cJSON_CreateArray();
	int rc;

	if ((rc = bo_jc_add(obj, key, arr, err)) < 0)
		return rc;
	for (size_t i = 0; i < e->nlines; i++) {
		cJSON *line = cJSON_CreateObject();
		ctx lc = {c->what, ""};

		if (!line || !cJSON_AddItemToArray(arr, line)) {
			cJSON_Delete(line);
			return bo_jc_enomem(err);
		}
		snprintf(lc.where, sizeof(lc.where), " of line %zu", i + 1);
		if ((rc = bo_jc_put_fields(line, &e->lines[i],
					   bo_jc_line_fields, &lc, err)) < 0)
			return rc;
	}
	return 0;
}

static int put_field(cJSON *obj, const void *base, const field *f, const ctx *c,
		     bo_err *err)
{
	const void *p = bo_jc_at(base, f->off);
	const char *s;
	char buf[32];
	int64_t v;

	switch (f->type) {
	case F_I64:
	case F_I32:
		v = f->type == F_I64 ? *(const int64_t *)p
				     : *(const int32_t *)p;
		if (v < -SAFE_INT_MAX || v > SAFE_INT_MAX)
			return bo_jc_bad(err, c, f->key, "is out of range");
		return bo_jc_add(obj, f->key, bo_jc_integer(v), err);
	case F_OPTI64: {
		const bo_opt_i64 *o = p;

		if (!o->set)
			return 0;
		if (o->value < -SAFE_INT_MAX || o->value > SAFE_INT_MAX)
			return bo_jc_bad(err, c, f->key, "is out of range");
		return bo_jc_add(obj, f->key, bo_jc_integer(o->value), err);
	}
	case F_AMOUNT:
		v = *(const int64_t *)p;
		if (v < 0)
			return bo_jc_bad(err, c, f->key,
					 "must not be negative");
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		return bo_jc_add(obj, f->key, cJSON_CreateString(buf), err);
	case F_STR:
	case F_OPTSTR:
		s = *(char *const *)p;
		if (!s && f->type == F_OPTSTR)
			return 0;
		if (!s)
			return bo_jc_bad(err, c, f->key, "is missing");
		if (!bo_text_utf8_valid(s))
			return bo_jc_bad(err, c, f->key,
					 "must be valid UTF-8 text");
		return bo_jc_add(obj, f->key, cJSON_CreateString(s), err);
	case F_BOOL:
		return bo_jc_add(obj, f->key,
				 cJSON_CreateBool(*(const bool *)p), err);
	case F_TIME:
		bo_time_format_iso(buf, sizeof(buf), *(const int64_t *)p);
		return bo_jc_add(obj, f->key, cJSON_CreateString(buf), err);
	case F_PRODUCT: {
		cJSON *sub = cJSON_CreateObject();
		ctx pc = {c->what, " of product"};
		int rc;

		if ((rc = bo_jc_add(obj, f->key, sub, err)) < 0)
			return rc;
		return bo_jc_put_fields(sub, p, bo_jc_product_fields, &pc, err);
	}
	case F_LINES:
		/* Only bo_event has lines; base is the event. */
		return put_lines(obj, base, f->key, c, err);
	}
	return bo_err_set(err, BO_EINVAL, "%s: key '%s' has no encoding",
			  c->what, f->key);
}

int bo_jc_put_fields(cJSON *obj, const void *base, const field *f, const ctx *c,
		     bo_err *err)
{
	int rc;

	for (; f->key; f++)
		if ((rc = put_field(obj, base, f, c, err)) < 0)
			return rc;
	return 0;
}

/* The payload tree of e; for an unknown kind, the stored text re-read. */
static int payload_tree(cJSON **out, const bo_event *e, bo_err *err)
{
	ctx c = {"event payload", ""};

	*out = NULL;
	if (e->kind == BO_EV_UNKNOWN) {
		if (!e->raw_payload)
			return bo_err_set(err, BO_EINVAL,
					  "event payload of unknown type '%s' "
					  "is missing",
					  e->type_name ? e->type_name : "?");
		return bo_jc_parse(out, e->raw_payload, "event payload", err);
	}
	if ((int)e->kind < 0 || e->kind >= BO_EV__COUNT)
		return bo_err_set(err, BO_EINVAL, "event kind %d is not known",
				  (int)e->kind);
	if (!(*out = cJSON_CreateObject()))
		return bo_jc_enomem(err);
	return bo_jc_put_fields(*out, e, bo_jc_shapes[e->kind], &c, err);
}

int bo_json_encode_payload(char **out, const bo_event *e, bo_err *err)
{
	cJSON *tree = NULL;
	int rc;

	*out = NULL;
	if (e->raw_payload && bo_json_payload_schema(e) == e->schema_version &&
	    (e->kind == BO_EV_UNKNOWN ||
	     e->schema_version < bo_event_kind_schema(e->kind))) {
		/* Kept byte for byte: someone else's format, or an older
		 * shape that is never rewritten. */
		if (!(*out = strdup(e->raw_payload)))
			return bo_jc_enomem(err);
		return 0;
	}
	if ((rc = payload_tree(&tree, e, err)) == 0)
		rc = bo_jc_print(out, tree, err);
	cJSON_Delete(tree);
	return rc;
}

int bo_json_payload_schema(const bo_event *e)
{
	int current;

	if (e->kind == BO_EV_UNKNOWN)
		return e->schema_version;
	current = bo_event_kind_schema(e->kind);
	if (e->raw_payload && e->schema_version >= 1 &&
	    e->schema_version < current)
		return e->schema_version;
	return current;
}

int bo_json_encode_meta(char **out, const bo_event_meta *m, bo_err *err)
{
	cJSON *tree = cJSON_CreateObject();
	ctx c = {"event metadata", ""};
	int rc;

	*out = NULL;
	if (!tree)
		return bo_jc_enomem(err);
	if ((rc = bo_jc_put_fields(tree, m, bo_jc_meta_fields, &c, err)) == 0)
		rc = bo_jc_print(out, tree, err);
	cJSON_Delete(tree);
	return rc;
}

int bo_json_encode_event(char **out, const bo_event *e, bo_err *err)
{
	cJSON *line = cJSON_CreateObject(), *meta, *payload;
	char *text = NULL;
	ctx c = {"event", ""};
	int known = e->kind != BO_EV_UNKNOWN;
	const char *type = known ? bo_event_kind_name(e->kind) : e->type_name;
	/* A known kind is always written in its current shape. */
	int schema = known ? bo_event_kind_schema(e->kind) : e->schema_version;
	int rc;

	*out = NULL;
	if (!line)
		return bo_jc_enomem(err);
	if ((rc = bo_jc_put_fields(line, e, bo_jc_envelope_head, &c, err)) < 0)
		goto done;
	if (!type) {
		rc = bo_jc_bad(err, &c, "type", "is missing");
		goto done;
	}
	if ((rc = bo_jc_add(line, "type", cJSON_CreateString(type), err)) < 0 ||
	    (rc = bo_jc_add(line, "schema_version", bo_jc_integer(schema),
			    err)) < 0 ||
	    (rc = bo_jc_put_fields(line, e, bo_jc_recorded_at_field, &c, err)) <
		0)
		goto done;
	if ((rc = bo_jc_add(line, "metadata", meta = cJSON_CreateObject(),
			    err)) < 0)
		goto done;
	c.what = "event metadata";
	if ((rc = bo_jc_put_fields(meta, &e->meta, bo_jc_meta_fields, &c,
				   err)) < 0)
		goto done;
	if ((rc = payload_tree(&payload, e, err)) < 0) {
		cJSON_Delete(payload);
		goto done;
	}
	if ((rc = bo_jc_add(line, "payload", payload, err)) < 0)
		goto done;
	if ((rc = bo_jc_print(&text, line, err)) < 0)
		goto done;
	/* the same JSON value, but valid UTF-8 with nothing hidden in it */
	if (!(*out = bo_text_json_clean(text)))
		rc = bo_jc_enomem(err);
done:
	free(text);
	cJSON_Delete(line);
	return rc;
}
