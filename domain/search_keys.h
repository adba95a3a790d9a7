/* Search keys of orders: what an order can be found by, and the text rules shared by every backend. */
#ifndef BO_SEARCH_KEYS_H
#define BO_SEARCH_KEYS_H

#include "event.h"

/* The kinds of key (order_keys.kind). */
#define BO_KEY_EMAIL "email"
#define BO_KEY_NAME "name"
#define BO_KEY_SKU "sku"
#define BO_KEY_TRACKING "tracking"

/* Longest search text, in bytes, a service accepts. */
#define BO_SEARCH_MAX 200

/*
 * The normalised form of a key or a search text: leading and trailing
 * white space dropped, ASCII letters in lower case, every other byte as it
 * is (so the rule is the same on every backend whatever its collation).
 * *out is the caller's (free()); an empty result is "". BO_ENOMEM.
 */
int bo_search_norm(char **out, const char *s);

/*
 * The least string above every string that starts with prefix, in byte
 * order, itself valid UTF-8 when prefix is: its last character is replaced
 * by the next one (dropped when it is U+10FFFF, and the one before it
 * taken instead). "key >= prefix AND key < end" is then a prefix match
 * an ordinary index serves. *out NULL: there is no such string (prefix is
 * empty or all U+10FFFF): no upper bound. BO_ENOMEM.
 */
int bo_search_prefix_end(char **out, const char *prefix);

/*
 * Calls fn(ctx, kind, key) for every search key event e gives its order,
 * keys normalised and never empty: OrderPlaced the customer's e-mail, the
 * whole name and each word of it (split at white space), every line's SKU;
 * OrderShipped the tracking number. Other kinds give none. A key may come
 * twice (two lines of one SKU). Stops at fn's first non-zero return and
 * returns it; BO_ENOMEM.
 */
typedef int (*bo_search_key_fn)(void *ctx, const char *kind, const char *key);
int bo_search_keys(const bo_event *e, bo_search_key_fn fn, void *ctx);

/*
 * The upper bound of a search for text, never NULL: with exact, text
 * followed by U+0001 (no key holds a NUL, so only text itself lies in
 * [text, bound)); else bo_search_prefix_end's, or when there is none (an
 * empty text, or one of nothing but U+10FFFF) text followed by U+10FFFF,
 * which leaves out only keys that go on with U+10FFFF after text. *out is
 * the caller's. BO_ENOMEM.
 */
int bo_search_upper(char **out, const char *text, int exact);

/* Whether s is non-empty and all ASCII digits. */
int bo_search_all_digits(const char *s);

#endif
