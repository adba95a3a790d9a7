/* The event codec over cJSON: per-kind field tables, upcasters, UTC times. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_internal.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"

/* cJSON keeps numbers as doubles: only integers up to 2^53 - 1 survive. */
#define SAFE_INT_MAX 9007199254740991LL

/* ---- field tables ---------------------------------------------------------
 *
 * Every JSON object the codec reads or writes is described by a table of
 * fields: the key, how the value is written, and where it lives in the C
 * struct. The same table drives encoding and decoding so they cannot drift.
 */

typedef enum {
	F_I64,     /* JSON integer into int64_t */
	F_I32,     /* JSON integer into int32_t */
	F_AMOUNT,  /* JSON string of digits into int64_t >= 0 */
	F_STR,     /* required JSON string into char * */
	F_OPTSTR,  /* JSON string into char *, left out when NULL */
	F_BOOL,    /* JSON true/false into bool */
	F_TIME,    /* ISO 8601 UTC text into int64_t ms */
	F_PRODUCT, /* nested object into a bo_product */
	F_LINES,   /* array of order lines into bo_event lines/nlines */
} ftype;

typedef struct field {
	const char *key;
	ftype type;
	size_t off;
} field;

/* clang-format off */
#define FLD(st, member, type) {#member, type, offsetof(st, member)}
/* clang-format on */

static const field product_fields[] = {
    FLD(bo_product, id, F_I64),          FLD(bo_product, sku, F_STR),
    FLD(bo_product, name, F_STR),        FLD(bo_product, description, F_OPTSTR),
    FLD(bo_product, price, F_AMOUNT),    FLD(bo_product, tax_bp, F_I32),
    FLD(bo_product, stock, F_I64),       FLD(bo_product, retired, F_BOOL),
    FLD(bo_product, row_version, F_I64), FLD(bo_product, created_at, F_TIME),
    FLD(bo_product, updated_at, F_TIME), {NULL, 0, 0},
};

static const field line_fields[] = {
    FLD(bo_order_line, product_id, F_I64),
    FLD(bo_order_line, sku, F_STR),
    FLD(bo_order_line, name, F_STR),
    FLD(bo_order_line, unit_price, F_AMOUNT),
    FLD(bo_order_line, tax_bp, F_I32),
    FLD(bo_order_line, quantity, F_I32),
    {NULL, 0, 0},
};

static const field meta_fields[] = {
    FLD(bo_event_meta, user, F_OPTSTR),
    FLD(bo_event_meta, role, F_OPTSTR),
    FLD(bo_event_meta, tenant, F_OPTSTR),
    FLD(bo_event_meta, correlation_id, F_OPTSTR),
    FLD(bo_event_meta, causation_id, F_OPTSTR),
    /* only events of a command sent with one: older logs stay as they were */
    FLD(bo_event_meta, command_id, F_OPTSTR),
    {NULL, 0, 0},
};

/* The envelope keys that map straight onto bo_event fields, in line order. */
static const field envelope_head[] = {
    FLD(bo_event, position, F_I64),
    FLD(bo_event, event_id, F_STR),
    FLD(bo_event, stream, F_STR),
    FLD(bo_event, version, F_I64),
    {NULL, 0, 0},
};

static const field recorded_at_field[] = {
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

static const field *const shapes[BO_EV__COUNT] = {
    [BO_EV_PRODUCT_CREATED] = product_payload,
    [BO_EV_PRODUCT_UPDATED] = product_payload,
    [BO_EV_PRODUCT_RETIRED] = product_payload,
    [BO_EV_PRODUCT_DELETED] = product_payload,
    [BO_EV_ORDER_PLACED] = order_placed,
    [BO_EV_PAYMENT_RECEIVED] = payment_received,
    [BO_EV_PAYMENT_FAILED] = order_with_reason,
    [BO_EV_ORDER_SHIPPED] = order_shipped,
    [BO_EV_ORDER_DELIVERED] = order_only,
    [BO_EV_ORDER_CANCELLED] = order_with_reason,
    [BO_EV_REFUND_ISSUED] = refund_issued,
    [BO_EV_NOTE_ADDED] = note_added,
};

/* ---- upcasters ------------------------------------------------------------
 *
 * Each entry turns the payload tree of `kind` at schema `from` into schema
 * from + 1, in place. Decoding applies them in a loop up to the current
 * schema; adding a schema version is one line here plus its function.
 */

typedef int (*upcaster)(cJSON *payload, bo_err *err);

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

static upcaster find_upcaster(bo_event_kind kind, int from)
{
	for (size_t i = 0; upcasters[i].fn; i++)
		if (upcasters[i].kind == kind && upcasters[i].from == from)
			return upcasters[i].fn;
	return NULL;
}

/* ---- small helpers --------------------------------------------------------*/

/* Where a key sits, for messages: "event payload: key 'sku' of line 2 ...". */
typedef struct ctx {
	const char *what;
	char where[40];
} ctx;

static void *at(const void *base, size_t off)
{
	return (char *)base + off;
}

static int enomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory in the event codec");
}

static int bad(bo_err *err, const ctx *c, const char *key, const char *why)
{
	return bo_err_set(err, BO_EINVAL, "%s: key '%s'%s %s", c->what, key,
			  c->where, why);
}

/* Adds item under a static key; takes ownership of item in every case. */
static int add(cJSON *obj, const char *key, cJSON *item, bo_err *err)
{
	if (!item)
		return enomem(err);
	if (!cJSON_AddItemToObjectCS(obj, key, item)) {
		cJSON_Delete(item);
		return enomem(err);
	}
	return 0;
}

/* Integers are written as raw digits so they never come out as "1e+15". */
static cJSON *integer(int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return cJSON_CreateRaw(buf);
}

static int get_integer(int64_t *out, const cJSON *item, int64_t min,
		       int64_t max, const ctx *c, const char *key, bo_err *err)
{
	double d;

	if (!cJSON_IsNumber(item))
		return bad(err, c, key, "must be a whole number");
	d = item->valuedouble;
	/* The range check comes first so the cast below is defined. */
	if (!(d >= -(double)SAFE_INT_MAX && d <= (double)SAFE_INT_MAX))
		return bad(err, c, key, "is out of range");
	if ((double)(int64_t)d != d)
		return bad(err, c, key, "must be a whole number");
	if ((int64_t)d < min || (int64_t)d > max)
		return bad(err, c, key, "is out of range");
	*out = (int64_t)d;
	return 0;
}

/* Canonical non-negative decimal: no sign, no leading zeros, fits int64.
 * 0, AMOUNT_NOT_DIGITS or AMOUNT_TOO_LARGE. */
#define AMOUNT_NOT_DIGITS 1
#define AMOUNT_TOO_LARGE 2

static int amount_of(int64_t *out, const char *s)
{
	int64_t v = 0;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return AMOUNT_NOT_DIGITS;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return AMOUNT_NOT_DIGITS;
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return AMOUNT_TOO_LARGE;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int get_amount(int64_t *out, const cJSON *item, const ctx *c,
		      const char *key, bo_err *err)
{
	switch (amount_of(out, cJSON_GetStringValue(item))) {
	case 0:
		return 0;
	case AMOUNT_TOO_LARGE:
		return bad(err, c, key, "is too large");
	default:
		return bad(err, c, key, "must be a string of digits");
	}
}

/* ---- encoding -------------------------------------------------------------*/

static int put_fields(cJSON *obj, const void *base, const field *f,
		      const ctx *c, bo_err *err);

static int put_lines(cJSON *obj, const bo_event *e, const char *key,
		     const ctx *c, bo_err *err)
{
	cJSON *arr = cJSON_CreateArray();
	int rc;

	if ((rc = add(obj, key, arr, err)) < 0)
		return rc;
	for (size_t i = 0; i < e->nlines; i++) {
		cJSON *line = cJSON_CreateObject();
		ctx lc = {c->what, ""};

		if (!line || !cJSON_AddItemToArray(arr, line)) {
			cJSON_Delete(line);
			return enomem(err);
		}
		snprintf(lc.where, sizeof(lc.where), " of line %zu", i + 1);
		if ((rc = put_fields(line, &e->lines[i], line_fields, &lc,
				     err)) < 0)
			return rc;
	}
	return 0;
}

static int put_field(cJSON *obj, const void *base, const field *f, const ctx *c,
		     bo_err *err)
{
	const void *p = at(base, f->off);
	const char *s;
	char buf[32];
	int64_t v;

	switch (f->type) {
	case F_I64:
	case F_I32:
		v = f->type == F_I64 ? *(const int64_t *)p
				     : *(const int32_t *)p;
		if (v < -SAFE_INT_MAX || v > SAFE_INT_MAX)
			return bad(err, c, f->key, "is out of range");
		return add(obj, f->key, integer(v), err);
	case F_AMOUNT:
		v = *(const int64_t *)p;
		if (v < 0)
			return bad(err, c, f->key, "must not be negative");
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		return add(obj, f->key, cJSON_CreateString(buf), err);
	case F_STR:
	case F_OPTSTR:
		s = *(char *const *)p;
		if (!s && f->type == F_OPTSTR)
			return 0;
		if (!s)
			return bad(err, c, f->key, "is missing");
		if (!bo_text_utf8_valid(s))
			return bad(err, c, f->key, "must be valid UTF-8 text");
		return add(obj, f->key, cJSON_CreateString(s), err);
	case F_BOOL:
		return add(obj, f->key, cJSON_CreateBool(*(const bool *)p),
			   err);
	case F_TIME:
		bo_json_format_time(buf, sizeof(buf), *(const int64_t *)p);
		return add(obj, f->key, cJSON_CreateString(buf), err);
	case F_PRODUCT: {
		cJSON *sub = cJSON_CreateObject();
		ctx pc = {c->what, " of product"};
		int rc;

		if ((rc = add(obj, f->key, sub, err)) < 0)
			return rc;
		return put_fields(sub, p, product_fields, &pc, err);
	}
	case F_LINES:
		/* Only bo_event has lines; base is the event. */
		return put_lines(obj, base, f->key, c, err);
	}
	return bo_err_set(err, BO_EINVAL, "%s: key '%s' has no encoding",
			  c->what, f->key);
}

static int put_fields(cJSON *obj, const void *base, const field *f,
		      const ctx *c, bo_err *err)
{
	int rc;

	for (; f->key; f++)
		if ((rc = put_field(obj, base, f, c, err)) < 0)
			return rc;
	return 0;
}

/* *p at a string's opening quote: moved to its closing quote. */
static const char *string_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return p;
}

/* True when the string whose closing quote is at q is a key. */
static bool is_key(const char *q)
{
	for (q++; *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'; q++)
		;
	return *q == ':';
}

/*
 * cJSON ends a string at an escaped NUL (\u0000) without a word, so
 * "ab\u0000cd" would read as "ab". Refused in any string, naming the key
 * the string is (or the key it is the value of). json is valid JSON.
 */
static int refuse_nul(const char *json, const char *what, bo_err *err)
{
	const char *key = "", *keyend = key;

	if (!strstr(json, "\\u0000"))
		return 0; /* the common case, found fast */
	for (const char *p = json; *p; p++) {
		const char *end, *name, *name_end;

		if (*p != '"')
			continue;
		end = string_end(p);
		for (const char *q = p + 1; q < end; q++) {
			if (*q != '\\')
				continue;
			if (strncmp(q + 1, "u0000", 5) != 0) {
				q++; /* the escaped character */
				continue;
			}
			name = is_key(end) ? p + 1 : key;
			name_end = is_key(end) ? end : keyend;
			return bo_err_set(
			    err, BO_EINVAL,
			    "%s: key '%.*s' holds \\u0000 (a NUL character), "
			    "which no text may hold",
			    what,
			    (int)(name_end - name > 64 ? 64 : name_end - name),
			    name);
		}
		if (is_key(end)) {
			key = p + 1;
			keyend = end;
		}
		p = end;
	}
	return 0;
}

/* cJSON keeps both of two equal keys and reads the first: refused at any
 * level, naming the key. */
static int refuse_duplicates(const cJSON *node, const char *what, bo_err *err)
{
	const cJSON *a, *b;
	int rc;

	for (a = node ? node->child : NULL; a; a = a->next) {
		if (cJSON_IsObject(node) && a->string)
			for (b = a->next; b; b = b->next)
				if (b->string &&
				    strcmp(a->string, b->string) == 0)
					return bo_err_set(
					    err, BO_EINVAL,
					    "%s: key '%.64s' appears more "
					    "than once in one object",
					    what, a->string);
		if ((cJSON_IsObject(a) || cJSON_IsArray(a)) &&
		    (rc = refuse_duplicates(a, what, err)) < 0)
			return rc;
	}
	return 0;
}

/* Parses JSON text that must be a whole document; BO_EINVAL naming `what`.
 * Duplicate keys and \u0000 in a string are refused too. */
static int parse(cJSON **out, const char *json, const char *what, bo_err *err)
{
	const char *end = NULL;
	int rc;

	*out = cJSON_ParseWithOpts(json, &end, 1);
	if (!*out)
		/* cJSON cannot tell a syntax error from a failed allocation. */
		return bo_err_set(err, BO_EINVAL,
				  "%s is not valid JSON (at byte %td)", what,
				  end - json);
	if ((rc = refuse_nul(json, what, err)) < 0 ||
	    (rc = refuse_duplicates(*out, what, err)) < 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
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
		return parse(out, e->raw_payload, "event payload", err);
	}
	if ((int)e->kind < 0 || e->kind >= BO_EV__COUNT)
		return bo_err_set(err, BO_EINVAL, "event kind %d is not known",
				  (int)e->kind);
	if (!(*out = cJSON_CreateObject()))
		return enomem(err);
	return put_fields(*out, e, shapes[e->kind], &c, err);
}

static int print(char **out, const cJSON *tree, bo_err *err)
{
	if (!(*out = cJSON_PrintUnformatted(tree)))
		return enomem(err);
	return 0;
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
			return enomem(err);
		return 0;
	}
	if ((rc = payload_tree(&tree, e, err)) == 0)
		rc = print(out, tree, err);
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
		return enomem(err);
	if ((rc = put_fields(tree, m, meta_fields, &c, err)) == 0)
		rc = print(out, tree, err);
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
		return enomem(err);
	if ((rc = put_fields(line, e, envelope_head, &c, err)) < 0)
		goto done;
	if (!type) {
		rc = bad(err, &c, "type", "is missing");
		goto done;
	}
	if ((rc = add(line, "type", cJSON_CreateString(type), err)) < 0 ||
	    (rc = add(line, "schema_version", integer(schema), err)) < 0 ||
	    (rc = put_fields(line, e, recorded_at_field, &c, err)) < 0)
		goto done;
	if ((rc = add(line, "metadata", meta = cJSON_CreateObject(), err)) < 0)
		goto done;
	c.what = "event metadata";
	if ((rc = put_fields(meta, &e->meta, meta_fields, &c, err)) < 0)
		goto done;
	if ((rc = payload_tree(&payload, e, err)) < 0) {
		cJSON_Delete(payload);
		goto done;
	}
	if ((rc = add(line, "payload", payload, err)) < 0)
		goto done;
	if ((rc = print(&text, line, err)) < 0)
		goto done;
	/* the same JSON value, but valid UTF-8 with nothing hidden in it */
	if (!(*out = bo_text_json_clean(text)))
		rc = enomem(err);
done:
	free(text);
	cJSON_Delete(line);
	return rc;
}

/* ---- decoding -------------------------------------------------------------*/

static int get_fields(void *base, const cJSON *obj, const field *f,
		      const ctx *c, bo_err *err);

static int get_lines(bo_event *e, const cJSON *arr, const char *key,
		     const ctx *c, bo_err *err)
{
	const cJSON *item;
	size_t i = 0;
	int n, rc;

	if (!cJSON_IsArray(arr))
		return bad(err, c, key, "must be an array");
	if ((n = cJSON_GetArraySize(arr)) == 0)
		return 0;
	if (!(e->lines = calloc((size_t)n, sizeof(*e->lines))))
		return enomem(err);
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
		if ((rc = get_fields(&e->lines[i], item, line_fields, &lc,
				     err)) < 0)
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
		return bad(err, c, key, "must be a string");
	if (!bo_text_utf8_valid(s))
		return bad(err, c, key, "must be valid UTF-8 text");
	if (!(*out = strdup(s)))
		return enomem(err);
	return 0;
}

static int get_field(void *base, const cJSON *obj, const field *f, const ctx *c,
		     bo_err *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, f->key);
	void *p = at(base, f->off);
	int64_t v;
	int rc;

	if (!item || (f->type == F_OPTSTR && cJSON_IsNull(item))) {
		if (f->type == F_OPTSTR)
			return 0;
		return bad(err, c, f->key, "is missing");
	}
	switch (f->type) {
	case F_I64:
		return get_integer(p, item, -SAFE_INT_MAX, SAFE_INT_MAX, c,
				   f->key, err);
	case F_I32:
		if ((rc = get_integer(&v, item, INT32_MIN, INT32_MAX, c, f->key,
				      err)) == 0)
			*(int32_t *)p = (int32_t)v;
		return rc;
	case F_AMOUNT:
		return get_amount(p, item, c, f->key, err);
	case F_STR:
	case F_OPTSTR:
		return get_string(p, item, c, f->key, err);
	case F_BOOL:
		if (!cJSON_IsBool(item))
			return bad(err, c, f->key, "must be true or false");
		*(bool *)p = cJSON_IsTrue(item);
		return 0;
	case F_TIME:
		if (!cJSON_IsString(item) ||
		    bo_json_parse_time(p, item->valuestring) < 0)
			return bad(err, c, f->key,
				   "must be an ISO 8601 UTC time like "
				   "2026-11-26T06:11:42.123Z");
		return 0;
	case F_PRODUCT: {
		ctx pc = {c->what, " of product"};

		if (!cJSON_IsObject(item))
			return bad(err, c, f->key, "must be an object");
		return get_fields(p, item, product_fields, &pc, err);
	}
	case F_LINES:
		/* Only bo_event has lines; base is the event. */
		return get_lines(base, item, f->key, c, err);
	}
	return bo_err_set(err, BO_EINVAL, "%s: key '%s' has no decoding",
			  c->what, f->key);
}

static int get_fields(void *base, const cJSON *obj, const field *f,
		      const ctx *c, bo_err *err)
{
	int rc;

	for (; f->key; f++)
		if ((rc = get_field(base, obj, f, c, err)) < 0)
			return rc;
	return 0;
}

/* ---- the fast path of decoding --------------------------------------------
 *
 * Replays decode every stored payload and metadata object, and building a
 * cJSON tree for each costs more than applying the event. The log is written
 * by this codec, so nearly every object is in one plain shape: no
 * whitespace, strings without escapes, whole numbers, no nulls, only the
 * keys of the table, each once. This reader takes exactly that shape, straight into the
 * struct by the same field tables; anything else (and anything it would
 * refuse) makes it give up, and the cJSON path above decodes the text
 * again, so results and messages are the ones that path gives.
 */

#define FAST_GIVE_UP 1

static bool fast_path_on = true;

void bo_json_codec_set_fast_path(bool on)
{
	fast_path_on = on;
}

/* A string's body: *s at the opening quote, moved past the closing one. */
static int fast_span(const char **s, const char **body, size_t *len)
{
	const char *p = *s;

	if (*p != '"')
		return FAST_GIVE_UP;
	*body = ++p;
	for (; *p != '"'; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return FAST_GIVE_UP; /* escapes, controls, the end */
	*len = (size_t)(p - *body);
	*s = p + 1;
	return 0;
}

/* A whole number of at most 15 digits: a double holds it exactly, so
 * cJSON's value is this one. */
static int fast_integer(const char **s, int64_t *out)
{
	const char *p = *s;
	bool neg = *p == '-';
	int64_t v = 0;
	int n = 0;

	if (neg)
		p++;
	if (*p == '0' && p[1] >= '0' && p[1] <= '9')
		return FAST_GIVE_UP;
	/* stop at the 16th digit: reading on would overflow v */
	for (; *p >= '0' && *p <= '9' && n <= 15; p++, n++)
		v = v * 10 + (*p - '0');
	if (n == 0 || n > 15 || (*p != ',' && *p != '}' && *p != ']'))
		return FAST_GIVE_UP;
	*out = neg ? -v : v;
	*s = p;
	return 0;
}

static int fast_literal(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n) != 0)
		return FAST_GIVE_UP;
	*s += n;
	return 0;
}

static int fast_object(void *base, const char **s, const field *f);

/* A string value copied out, valid UTF-8 like get_string wants. */
static int fast_string(const char **s, char **out)
{
	const char *body;
	size_t len;
	char *copy;

	if (fast_span(s, &body, &len) || !(copy = strndup(body, len)))
		return FAST_GIVE_UP;
	if (!bo_text_utf8_valid(copy)) {
		free(copy);
		return FAST_GIVE_UP;
	}
	*out = copy;
	return 0;
}

static int fast_lines(bo_event *e, const char **s)
{
	bo_order_line *lines = NULL;
	size_t n = 0, cap = 0;

	if (*(*s)++ != '[')
		return FAST_GIVE_UP;
	if (**s == ']') {
		(*s)++;
		return 0;
	}
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			bo_order_line *grown =
			    realloc(lines, ncap * sizeof(*lines));

			if (!grown)
				goto give_up;
			lines = grown;
			cap = ncap;
		}
		memset(&lines[n], 0, sizeof(lines[n]));
		/* counted before it is read, so a give-up frees its strings */
		n++;
		e->lines = lines;
		e->nlines = n;
		if (fast_object(&lines[n - 1], s, line_fields))
			return FAST_GIVE_UP;
		if (**s == ']')
			break;
		if (*(*s)++ != ',')
			return FAST_GIVE_UP;
	}
	(*s)++;
	return 0;
give_up:
	e->lines = lines;
	e->nlines = n;
	return FAST_GIVE_UP;
}

static int fast_value(void *base, const char **s, const field *f)
{
	void *p = at(base, f->off);
	const char *body;
	char buf[32];
	size_t len;
	int64_t v;

	switch (f->type) {
	case F_I64:
	case F_I32:
		if (fast_integer(s, &v) ||
		    (f->type == F_I32 && (v < INT32_MIN || v > INT32_MAX)))
			return FAST_GIVE_UP;
		if (f->type == F_I64)
			*(int64_t *)p = v;
		else
			*(int32_t *)p = (int32_t)v;
		return 0;
	case F_AMOUNT:
	case F_TIME:
		if (fast_span(s, &body, &len) || len >= sizeof(buf))
			return FAST_GIVE_UP;
		memcpy(buf, body, len);
		buf[len] = '\0';
		if (f->type == F_TIME)
			return bo_json_parse_time(p, buf) < 0 ? FAST_GIVE_UP
							      : 0;
		return amount_of(p, buf) ? FAST_GIVE_UP : 0;
	case F_STR:
	case F_OPTSTR:
		return fast_string(s, p);
	case F_BOOL:
		if (**s == 't' && !fast_literal(s, "true"))
			*(bool *)p = true;
		else if (**s == 'f' && !fast_literal(s, "false"))
			*(bool *)p = false;
		else
			return FAST_GIVE_UP;
		return 0;
	case F_PRODUCT:
		return fast_object(p, s, product_fields);
	case F_LINES:
		return fast_lines(base, s);
	}
	return FAST_GIVE_UP;
}

/* An object read into base by the table f; *s at '{', moved past '}'. */
static int fast_object(void *base, const char **s, const field *f)
{
	uint32_t seen = 0;
	size_t nf = 0;

	while (f[nf].key)
		nf++;
	if (nf > 32 || *(*s)++ != '{')
		return FAST_GIVE_UP;
	if (**s == '}')
		goto end;
	for (;;) {
		const char *key;
		size_t len, i;

		if (fast_span(s, &key, &len) || *(*s)++ != ':')
			return FAST_GIVE_UP;
		for (i = 0; i < nf; i++)
			if (strncmp(f[i].key, key, len) == 0 &&
			    f[i].key[len] == '\0')
				break;
		/* A key the table does not name might come twice, and two of
		 * one key are refused: the cJSON path says so. */
		if (i == nf || (seen & (UINT32_C(1) << i)))
			return FAST_GIVE_UP;
		seen |= UINT32_C(1) << i;
		if (fast_value(base, s, &f[i]))
			return FAST_GIVE_UP;
		if (**s == '}')
			break;
		if (*(*s)++ != ',')
			return FAST_GIVE_UP;
	}
end:
	(*s)++;
	for (size_t i = 0; i < nf; i++)
		if (!(seen & (UINT32_C(1) << i)) && f[i].type != F_OPTSTR)
			return FAST_GIVE_UP; /* missing: the slow path says so */
	return 0;
}

/* Reads a whole document into base; FAST_GIVE_UP leaves what it set in base
 * for the caller to free. */
static int fast_document(void *base, const char *json, const field *f)
{
	const char *s = json;

	if (!fast_path_on || fast_object(base, &s, f) || *s != '\0')
		return FAST_GIVE_UP;
	return 0;
}

/* The payload of e (a known kind at its current schema) by the fast path;
 * on a give-up e is as it was. */
static int fast_payload(bo_event *e, const char *json)
{
	bo_event got = {0};

	if (!shapes[e->kind] || fast_document(&got, json, shapes[e->kind])) {
		bo_event_clear(&got);
		return FAST_GIVE_UP;
	}
	got.type_name = e->type_name;
	got.schema_version = e->schema_version;
	got.kind = e->kind;
	got.raw_payload = e->raw_payload;
	*e = got;
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
		upcaster up = find_upcaster(e->kind, v);

		if (!up)
			return bo_err_set(err, BO_EINVAL,
					  "event payload: no upcaster for %s "
					  "schema version %d",
					  e->type_name, v);
		if ((rc = up(payload, err)) < 0)
			return rc;
	}
	return get_fields(e, payload, shapes[e->kind], &c, err);
}

/* Sets type_name, schema_version and kind of a fresh event. */
static int set_type(bo_event *e, const char *type_name, int schema, bo_err *err)
{
	if (!(e->type_name = strdup(type_name)))
		return enomem(err);
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
			rc = enomem(err);
			goto done;
		}
	}
	if (tmp.kind == BO_EV_UNKNOWN) {
		/* kept as stored, not read */
	} else if (tmp.schema_version == bo_event_kind_schema(tmp.kind) &&
		   fast_payload(&tmp, json) == 0) {
		/* read by the fast path */
	} else if ((rc = parse(&tree, json, "event payload", err)) < 0 ||
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
	for (const field *f = meta_fields; f->key; f++) {
		char **s = at(m, f->off);

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
	return get_fields(m, obj, meta_fields, &c, err);
}

int bo_json_decode_meta(bo_event_meta *m, const char *json, bo_err *err)
{
	bo_event_meta tmp = {0};
	cJSON *tree = NULL;
	int rc = 0;

	if (!json)
		return bo_err_set(err, BO_EINVAL, "event metadata is missing");
	if (fast_document(&tmp, json, meta_fields) == 0)
		goto keep;
	meta_free(&tmp); /* read again by cJSON below */
	if ((rc = parse(&tree, json, "event metadata", err)) < 0 ||
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
	if ((rc = parse(&tree, line, "event line", err)) < 0)
		goto done;
	if (!cJSON_IsObject(tree)) {
		rc = bo_err_set(err, BO_EINVAL,
				"event line must be a JSON object");
		goto done;
	}
	if ((rc = get_fields(&tmp, tree, envelope_head, &c, err)) < 0)
		goto done;
	if (!(type = cJSON_GetObjectItemCaseSensitive(tree, "type")) ||
	    !cJSON_IsString(type)) {
		rc = bad(err, &c, "type",
			 type ? "must be a string" : "is missing");
		goto done;
	}
	if (!(item =
		  cJSON_GetObjectItemCaseSensitive(tree, "schema_version"))) {
		rc = bad(err, &c, "schema_version", "is missing");
		goto done;
	}
	if ((rc = get_integer(&schema, item, INT32_MIN, INT32_MAX, &c,
			      "schema_version", err)) < 0 ||
	    (rc = set_type(&tmp, type->valuestring, (int)schema, err)) < 0 ||
	    (rc = get_fields(&tmp, tree, recorded_at_field, &c, err)) < 0)
		goto done;
	if (!(item = cJSON_GetObjectItemCaseSensitive(tree, "metadata"))) {
		rc = bad(err, &c, "metadata", "is missing");
		goto done;
	}
	if ((rc = decode_meta_tree(&tmp.meta, item, err)) < 0)
		goto done;
	if (!(item = cJSON_GetObjectItemCaseSensitive(tree, "payload"))) {
		rc = bad(err, &c, "payload", "is missing");
		goto done;
	}
	/* Upcasting rewrites the tree in place: keep an older shape first. */
	if (tmp.kind == BO_EV_UNKNOWN ||
	    tmp.schema_version < bo_event_kind_schema(tmp.kind))
		rc = print(&tmp.raw_payload, item, err);
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

/* ---- times ----------------------------------------------------------------
 *
 * Civil dates are counted in years that start on 1 March, so the leap day is
 * the last day of its year and month lengths follow a fixed 5-month pattern
 * (31 30 31 30 31 | 31 30 31 30 31 | 31 28/29). 400 such years are 146097
 * days; 0000-03-01 is 719468 days before the epoch.
 */

#define DAYS_PER_400Y 146097
#define EPOCH_SHIFT 719468
#define MS_PER_DAY 86400000LL

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t year = m > 2 ? y : y - 1;      /* March-based year */
	int64_t month = m > 2 ? m - 3 : m + 9; /* 0 = March .. 11 = February */
	int64_t cycle = floor_div(year, 400);
	int64_t yoc = year - cycle * 400; /* 0..399 */
	int64_t doy = (153 * month + 2) / 5 + d - 1;
	int64_t doc = yoc * 365 + yoc / 4 - yoc / 100 + doy;

	return cycle * DAYS_PER_400Y + doc - EPOCH_SHIFT;
}

static void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + EPOCH_SHIFT;
	int64_t cycle = floor_div(z, DAYS_PER_400Y);
	int64_t doc = z - cycle * DAYS_PER_400Y; /* 0..146096 */
	/* Undo the leap days counted so far to find the year of the cycle. */
	int64_t yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365;
	int64_t doy = doc - (yoc * 365 + yoc / 4 - yoc / 100);
	int64_t month = (5 * doy + 2) / 153; /* 0 = March */

	*d = (int)(doy - (153 * month + 2) / 5 + 1);
	*m = (int)(month < 10 ? month + 3 : month - 9);
	*y = cycle * 400 + yoc + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : len[m - 1];
}

char *bo_json_format_time(char *buf, size_t size, int64_t ms)
{
	int64_t days = floor_div(ms, MS_PER_DAY);
	int64_t in_day = ms % MS_PER_DAY;
	int64_t y;
	int m, d;

	if (in_day < 0)
		in_day += MS_PER_DAY;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%03dZ", y,
		 m, d, (int)(in_day / 3600000), (int)(in_day / 60000 % 60),
		 (int)(in_day / 1000 % 60), (int)(in_day % 1000));
	return buf;
}

/* Reads exactly n digits at s into *out; -1 if any is not a digit. */
static int digits(int *out, const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int bo_json_parse_time(int64_t *out, const char *text)
{
	int y, mo, d, h, mi, s, ms = 0;
	size_t len = text ? strlen(text) : 0;

	/* YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ */
	if (len != 20 && len != 24)
		return BO_EINVAL;
	if (digits(&y, text, 4) || text[4] != '-' || digits(&mo, text + 5, 2) ||
	    text[7] != '-' || digits(&d, text + 8, 2) || text[10] != 'T' ||
	    digits(&h, text + 11, 2) || text[13] != ':' ||
	    digits(&mi, text + 14, 2) || text[16] != ':' ||
	    digits(&s, text + 17, 2) || text[len - 1] != 'Z')
		return BO_EINVAL;
	if (len == 24 && (text[19] != '.' || digits(&ms, text + 20, 3)))
		return BO_EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || s > 59)
		return BO_EINVAL;
	*out = days_from_civil(y, mo, d) * MS_PER_DAY +
	       ((h * 60 + mi) * 60 + s) * 1000LL + ms;
	return 0;
}
