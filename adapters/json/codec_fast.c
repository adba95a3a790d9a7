/* The event codec's fast path: the plain shape it writes, read without cJSON. */
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

/* ---- the fast path of decoding --------------------------------------------
 *
 * Replays decode every stored payload and metadata object, and building a
 * cJSON tree for each costs more than applying the event. The log is written
 * by this codec, so nearly every object is in one plain shape: no
 * whitespace, strings without escapes, whole numbers, no nulls, only the
 * keys of the table, each once. This reader takes exactly that shape, straight into the
 * struct by the same field tables; anything else (and anything it would
 * refuse) makes it give up, and the cJSON path (codec_decode.c) decodes the text
 * again, so results and messages are the ones that path gives.
 */

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
		if (fast_object(&lines[n - 1], s, bo_jc_line_fields))
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
	void *p = bo_jc_at(base, f->off);
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
	case F_OPTI64:
		/* null (none) is rare: the slow path reads it */
		if (fast_integer(s, &v))
			return FAST_GIVE_UP;
		*(bo_opt_i64 *)p = (bo_opt_i64){true, v};
		return 0;
	case F_AMOUNT:
	case F_TIME:
		if (fast_span(s, &body, &len) || len >= sizeof(buf))
			return FAST_GIVE_UP;
		memcpy(buf, body, len);
		buf[len] = '\0';
		if (f->type == F_TIME)
			return bo_time_parse_iso(p, buf) < 0 ? FAST_GIVE_UP : 0;
		return bo_jc_amount_of(p, buf) ? FAST_GIVE_UP : 0;
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
		return fast_object(p, s, bo_jc_product_fields);
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
		if (!(seen & (UINT32_C(1) << i)) && f[i].type != F_OPTSTR &&
		    f[i].type != F_OPTI64)
			return FAST_GIVE_UP; /* missing: the slow path says so */
	return 0;
}

/* Reads a whole document into base; FAST_GIVE_UP leaves what it set in base
 * for the caller to free. */
int bo_jc_fast_document(void *base, const char *json, const field *f)
{
	const char *s = json;

	if (!fast_path_on || fast_object(base, &s, f) || *s != '\0')
		return FAST_GIVE_UP;
	return 0;
}

/* The payload of e (a known kind at its current schema) by the fast path;
 * on a give-up e is as it was. */
int bo_jc_fast_payload(bo_event *e, const char *json)
{
	bo_event got = {0};

	if (!bo_jc_shapes[e->kind] ||
	    bo_jc_fast_document(&got, json, bo_jc_shapes[e->kind])) {
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
