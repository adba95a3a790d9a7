/* What the event codec's files share: field tables, value helpers, upcasters, the fast path. */
#ifndef BO_JSON_CODEC_PARTS_H
#define BO_JSON_CODEC_PARTS_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/event.h"
#include "domain/status.h"

/* cJSON keeps numbers as doubles: only integers up to 2^53 - 1 survive. */
#define SAFE_INT_MAX 9007199254740991LL

/* ---- field tables (codec_fields.c) ----------------------------------------
 *
 * Every JSON object the codec reads or writes is described by a table of
 * fields: the key, how the value is written, and where it lives in the C
 * struct. The same table drives encoding, decoding and the fast path, so
 * they cannot drift. A table ends with a NULL key.
 */
typedef enum {
	F_I64,     /* JSON integer into int64_t */
	F_I32,     /* JSON integer into int32_t */
	F_AMOUNT,  /* JSON string of digits into int64_t >= 0 */
	F_STR,     /* required JSON string into char * */
	F_OPTSTR,  /* JSON string into char *, left out when NULL */
	F_OPTI64,  /* JSON integer into a bo_opt_i64, left out when unset */
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

extern const field bo_jc_product_fields[];
extern const field bo_jc_line_fields[];
extern const field bo_jc_meta_fields[];
/* The envelope keys that map straight onto bo_event fields, in line order. */
extern const field bo_jc_envelope_head[];
extern const field bo_jc_recorded_at_field[];
/* Current payload shape of each kind (NULL for BO_EV_UNKNOWN). */
extern const field *const bo_jc_shapes[BO_EV__COUNT];

/* ---- value helpers (codec_values.c) ---------------------------------------*/

/* Where a key sits, for messages: "event payload: key 'sku' of line 2 ...". */
typedef struct ctx {
	const char *what;
	char where[40];
} ctx;

/* base + off, for the field tables. */
void *bo_jc_at(const void *base, size_t off);
/* BO_ENOMEM, "out of memory in the event codec". */
int bo_jc_enomem(bo_err *err);
/* BO_EINVAL naming the key: "<what>: key '<key>'<where> <why>". */
int bo_jc_bad(bo_err *err, const ctx *c, const char *key, const char *why);
/* Adds item under a static key; takes ownership of item in every case. */
int bo_jc_add(cJSON *obj, const char *key, cJSON *item, bo_err *err);
/* Integers are written as raw digits so they never come out as "1e+15".
 * NULL when out of memory. */
cJSON *bo_jc_integer(int64_t v);
/* A JSON whole number in min..max; BO_EINVAL naming key otherwise. */
int bo_jc_get_integer(int64_t *out, const cJSON *item, int64_t min, int64_t max,
		      const ctx *c, const char *key, bo_err *err);

/* Canonical non-negative decimal: no sign, no leading zeros, fits int64.
 * 0, AMOUNT_NOT_DIGITS or AMOUNT_TOO_LARGE. */
#define AMOUNT_NOT_DIGITS 1
#define AMOUNT_TOO_LARGE 2
int bo_jc_amount_of(int64_t *out, const char *s);
/* An amount (a JSON string of digits); BO_EINVAL naming key otherwise. */
int bo_jc_get_amount(int64_t *out, const cJSON *item, const ctx *c,
		     const char *key, bo_err *err);

/* Parses JSON text that must be a whole document; BO_EINVAL naming `what`.
 * Duplicate keys and \u0000 in a string are refused too. *out: cJSON_Delete. */
int bo_jc_parse(cJSON **out, const char *json, const char *what, bo_err *err);
/* Compact text of tree; *out: free(). BO_ENOMEM. */
int bo_jc_print(char **out, const cJSON *tree, bo_err *err);

/* ---- the two directions (codec_encode.c, codec_decode.c) ------------------*/

/* Writes the fields of table f from base into obj. */
int bo_jc_put_fields(cJSON *obj, const void *base, const field *f, const ctx *c,
		     bo_err *err);
/* Reads the fields of table f from obj into base (what it set stays set on
 * failure: the caller clears base). */
int bo_jc_get_fields(void *base, const cJSON *obj, const field *f, const ctx *c,
		     bo_err *err);

/* ---- upcasters (codec_upcast.c) -------------------------------------------*/

/* Turns the payload tree of one kind at schema `from` into from + 1, in place. */
typedef int (*upcaster)(cJSON *payload, bo_err *err);
/* The upcaster of kind from schema `from`, or NULL when there is none. */
upcaster bo_jc_find_upcaster(bo_event_kind kind, int from);

/* ---- the fast path (codec_fast.c) -----------------------------------------*/

/* What the fast path returns when it leaves a text to cJSON. */
#define FAST_GIVE_UP 1
/* Reads a whole document into base by table f; FAST_GIVE_UP leaves what it
 * set in base for the caller to free. */
int bo_jc_fast_document(void *base, const char *json, const field *f);
/* The payload of e (a known kind at its current schema) by the fast path;
 * on a give-up e is as it was. */
int bo_jc_fast_payload(bo_event *e, const char *json);

#endif
