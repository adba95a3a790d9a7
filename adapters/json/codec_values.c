/* The event codec's JSON helpers: strict parsing, printing, integers and amounts. */
#include "adapters/json/codec.h"
#include "adapters/json/codec_parts.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers --------------------------------------------------------*/

void *bo_jc_at(const void *base, size_t off)
{
	return (char *)base + off;
}

int bo_jc_enomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory in the event codec");
}

int bo_jc_bad(bo_err *err, const ctx *c, const char *key, const char *why)
{
	return bo_err_set(err, BO_EINVAL, "%s: key '%s'%s %s", c->what, key,
			  c->where, why);
}

/* Adds item under a static key; takes ownership of item in every case. */
int bo_jc_add(cJSON *obj, const char *key, cJSON *item, bo_err *err)
{
	if (!item)
		return bo_jc_enomem(err);
	if (!cJSON_AddItemToObjectCS(obj, key, item)) {
		cJSON_Delete(item);
		return bo_jc_enomem(err);
	}
	return 0;
}

/* Integers are written as raw digits so they never come out as "1e+15". */
cJSON *bo_jc_integer(int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return cJSON_CreateRaw(buf);
}

int bo_jc_get_integer(int64_t *out, const cJSON *item, int64_t min, int64_t max,
		      const ctx *c, const char *key, bo_err *err)
{
	double d;

	if (!cJSON_IsNumber(item))
		return bo_jc_bad(err, c, key, "must be a whole number");
	d = item->valuedouble;
	/* The range check comes first so the cast below is defined. */
	if (!(d >= -(double)SAFE_INT_MAX && d <= (double)SAFE_INT_MAX))
		return bo_jc_bad(err, c, key, "is out of range");
	if ((double)(int64_t)d != d)
		return bo_jc_bad(err, c, key, "must be a whole number");
	if ((int64_t)d < min || (int64_t)d > max)
		return bo_jc_bad(err, c, key, "is out of range");
	*out = (int64_t)d;
	return 0;
}

int bo_jc_amount_of(int64_t *out, const char *s)
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

int bo_jc_get_amount(int64_t *out, const cJSON *item, const ctx *c,
		     const char *key, bo_err *err)
{
	switch (bo_jc_amount_of(out, cJSON_GetStringValue(item))) {
	case 0:
		return 0;
	case AMOUNT_TOO_LARGE:
		return bo_jc_bad(err, c, key, "is too large");
	default:
		return bo_jc_bad(err, c, key, "must be a string of digits");
	}
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
int bo_jc_parse(cJSON **out, const char *json, const char *what, bo_err *err)
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

int bo_jc_print(char **out, const cJSON *tree, bo_err *err)
{
	if (!(*out = cJSON_PrintUnformatted(tree)))
		return bo_jc_enomem(err);
	return 0;
}
