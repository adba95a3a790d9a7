/* Search keys of orders: normalising, the prefix bound, and the keys each event gives. */
#include "search_keys.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "text.h"

static int is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

static int norm_n(char **out, const char *s, size_t n)
{
	char *r;
	size_t i;

	while (n && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (!(r = malloc(n + 1)))
		return BO_ENOMEM;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		r[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	r[n] = '\0';
	*out = r;
	return BO_OK;
}

int bo_search_norm(char **out, const char *s)
{
	*out = NULL;
	return norm_n(out, s ? s : "", s ? strlen(s) : 0);
}

/* Writes cp as UTF-8 at p; returns the bytes written. */
static size_t utf8_put(char *p, uint32_t cp)
{
	unsigned char *u = (unsigned char *)p;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int bo_search_prefix_end(char **out, const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;
	char *r;

	*out = NULL;
	/* room for the last character growing by up to 3 bytes */
	if (!(r = malloc(n + 5)))
		return BO_ENOMEM;
	memcpy(r, prefix ? prefix : "", n + 1);
	while (n > 0) {
		size_t start = n - 1;
		uint32_t cp = 0;

		/* back to the first byte of the last character */
		while (start > 0 && ((unsigned char)r[start] & 0xC0) == 0x80)
			start--;
		if (bo_text_utf8_decode((unsigned char *)r + start, &cp) !=
		    n - start) {
			/* not UTF-8: the next byte value does in byte order */
			if ((unsigned char)r[n - 1] < 0xFF) {
				r[n - 1] = (char)((unsigned char)r[n - 1] + 1);
				r[n] = '\0';
				*out = r;
				return BO_OK;
			}
			n--;
			continue;
		}
		if (cp < 0x10FFFF) {
			cp = cp + 1 == 0xD800 ? 0xE000 : cp + 1;
			n = start + utf8_put(r + start, cp);
			r[n] = '\0';
			*out = r;
			return BO_OK;
		}
		n = start;
	}
	free(r);
	return BO_OK;
}

int bo_search_upper(char **out, const char *text, int exact)
{
	size_t n;

	n = strlen(text);
	if (!exact) {
		if (bo_search_prefix_end(out, text) != BO_OK)
			return BO_ENOMEM;
		if (*out)
			return BO_OK;
		/* no successor: text and U+10FFFF, above every key that
		 * starts with text but those going on with U+10FFFF */
		if (!(*out = malloc(n + 5)))
			return BO_ENOMEM;
		memcpy(*out, text, n);
		memcpy(*out + n, "\xF4\x8F\xBF\xBF", 5);
		return BO_OK;
	}
	if (!(*out = malloc(n + 2)))
		return BO_ENOMEM;
	memcpy(*out, text, n);
	(*out)[n] = '\x01';
	(*out)[n + 1] = '\0';
	return BO_OK;
}

int bo_search_all_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* fn for the normalised form of s[0..n), unless that is empty. */
static int give(bo_search_key_fn fn, void *ctx, const char *kind, const char *s,
		size_t n)
{
	char *key;
	int rc;

	if (!s)
		return BO_OK;
	if (norm_n(&key, s, n) != BO_OK)
		return BO_ENOMEM;
	rc = *key ? fn(ctx, kind, key) : BO_OK;
	free(key);
	return rc;
}

static int name_keys(const char *name, bo_search_key_fn fn, void *ctx)
{
	const char *p = name;
	int rc;

	if (!name)
		return BO_OK;
	if ((rc = give(fn, ctx, BO_KEY_NAME, name, strlen(name))) != BO_OK)
		return rc;
	while (*p) {
		const char *w;

		while (*p && is_space((unsigned char)*p))
			p++;
		w = p;
		while (*p && !is_space((unsigned char)*p))
			p++;
		/* a one-word name is the whole name, given already */
		if (p > w && (w != name || *p) &&
		    (rc = give(fn, ctx, BO_KEY_NAME, w, (size_t)(p - w))) !=
			BO_OK)
			return rc;
	}
	return BO_OK;
}

int bo_search_keys(const bo_event *e, bo_search_key_fn fn, void *ctx)
{
	int rc = BO_OK;

	switch (e->kind) {
	case BO_EV_ORDER_PLACED:
		if (e->customer_email &&
		    (rc = give(fn, ctx, BO_KEY_EMAIL, e->customer_email,
			       strlen(e->customer_email))) != BO_OK)
			return rc;
		if ((rc = name_keys(e->customer_name, fn, ctx)) != BO_OK)
			return rc;
		for (size_t i = 0; i < e->nlines; i++)
			if (e->lines[i].sku &&
			    (rc = give(fn, ctx, BO_KEY_SKU, e->lines[i].sku,
				       strlen(e->lines[i].sku))) != BO_OK)
				return rc;
		break;
	case BO_EV_ORDER_SHIPPED:
		if (e->tracking)
			rc = give(fn, ctx, BO_KEY_TRACKING, e->tracking,
				  strlen(e->tracking));
		break;
	default:
		break;
	}
	return rc;
}
