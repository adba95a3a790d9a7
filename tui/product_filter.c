/* The Products screen's filter as text: parsing, writing back, describing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/category.h"
#include "tui/product_filter.h"

static const char *const status_names[] = {"active", "retired", "all"};
static const char *const stock_names[] = {NULL, "out", "low", "untracked"};

const char *bo_filter_status_name(bo_filter_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "?";
}

void bo_product_filter_clear(bo_product_filter *f)
{
	free(f->category);
	for (size_t i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	memset(f, 0, sizeof(*f));
}

bool bo_product_filter_is_default(const bo_product_filter *f)
{
	return f->status == BO_FILTER_ACTIVE && !f->category && !f->ntags &&
	       f->stock == BO_STOCK_FILTER_ANY && !f->price_min.set &&
	       !f->price_max.set;
}

/* err's sentence after the key it is about, unless it names it already. */
static int naming(bo_err *err, const char *key, int rc)
{
	char msg[sizeof(err->msg)];
	size_t n = strlen(key);

	if (rc != BO_EINVAL ||
	    (strncmp(err->msg, key, n) == 0 && err->msg[n] == ' '))
		return rc;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return bo_err_set(err, BO_EINVAL, "%s: %s", key, msg);
}

/*
 * Reads one key=value word at *at into key (up to its size) and a malloc'd
 * value, moving *at past it. 0 at the end of the text, 1 for a word.
 */
static int next_word(const char **at, char *key, size_t keysize, char **value,
		     bo_err *err)
{
	const char *p = *at, *start;
	size_t n = 0, cap;
	char *v;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		*at = p;
		return 0;
	}
	start = p;
	while (*p && *p != '=' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '=') {
		int len = (int)(p - start);

		return bo_err_set(err, BO_EINVAL,
				  "\"%.*s\": a filter is key=value words "
				  "(status, category, tag, stock, min, max)",
				  len > 40 ? 40 : len, start);
	}
	if ((size_t)(p - start) >= keysize || p == start)
		return bo_err_set(
		    err, BO_EINVAL,
		    "unknown filter key \"%.*s\": use status, "
		    "category, tag, stock, min or max",
		    (int)((size_t)(p - start) > 40 ? 40 : p - start), start);
	memcpy(key, start, (size_t)(p - start));
	key[p - start] = '\0';
	p++; /* the '=' */
	cap = strlen(p) + 1;
	if (!(v = malloc(cap)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if (*p == '"') {
		p++;
		while (*p && *p != '"') {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			v[n++] = *p++;
		}
		if (*p != '"') {
			free(v);
			return bo_err_set(err, BO_EINVAL,
					  "%s: the quote is not closed", key);
		}
		p++;
		if (*p && *p != ' ' && *p != '\t') {
			free(v);
			return bo_err_set(err, BO_EINVAL,
					  "%s: put a space after the closing "
					  "quote",
					  key);
		}
	} else {
		while (*p && *p != ' ' && *p != '\t')
			v[n++] = *p++;
	}
	v[n] = '\0';
	*value = v;
	*at = p;
	return 1;
}

static int add_tag(bo_product_filter *f, const char *tag, bo_err *err)
{
	char *copy, **grown;
	int rc;

	if ((rc = bo_tag_validate(tag, err)) < 0)
		return naming(err, "tag", rc);
	if (!(copy = strdup(tag)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (char *s = copy; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	for (size_t i = 0; i < f->ntags; i++)
		if (strcmp(f->tags[i], copy) == 0) {
			free(copy);
			return BO_OK;
		}
	if (f->ntags == BO_TAGS_MAX) {
		free(copy);
		return bo_err_set(err, BO_EINVAL,
				  "tag is given more than %d times",
				  BO_TAGS_MAX);
	}
	if (!(grown = realloc(f->tags, (f->ntags + 1) * sizeof(*grown)))) {
		free(copy);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	f->tags = grown;
	f->tags[f->ntags++] = copy;
	return BO_OK;
}

/* One key=value into f; seen marks the keys given once already. */
static int take(bo_product_filter *f, const char *key, const char *value,
		const bo_currency *cur, unsigned *seen, bo_err *err)
{
	static const char *const once[] = {"status", "category", "stock", "min",
					   "max"};
	int rc;

	if (strcmp(key, "tag") == 0)
		return add_tag(f, value, err);
	for (unsigned i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
		if (strcmp(key, once[i]) != 0)
			continue;
		if (*seen & (1u << i))
			return bo_err_set(err, BO_EINVAL, "%s is given twice",
					  key);
		*seen |= 1u << i;
		break;
	}
	if (strcmp(key, "status") == 0) {
		for (int i = 0; i < 3; i++)
			if (strcmp(value, status_names[i]) == 0) {
				f->status = (bo_filter_status)i;
				return BO_OK;
			}
		return bo_err_set(err, BO_EINVAL,
				  "status must be active, retired or all");
	}
	if (strcmp(key, "category") == 0) {
		if ((rc = bo_category_parse(&f->category, value, err)) < 0)
			return naming(err, "category", rc);
		if (!f->category)
			return bo_err_set(err, BO_EINVAL,
					  "category must name a category, "
					  "e.g. category=\"Kitchen / Mugs\"");
		return BO_OK;
	}
	if (strcmp(key, "stock") == 0) {
		for (int i = 1; i < 4; i++)
			if (strcmp(value, stock_names[i]) == 0) {
				f->stock = i;
				return BO_OK;
			}
		return bo_err_set(err, BO_EINVAL,
				  "stock must be out, low or untracked");
	}
	if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
		bo_opt_i64 *o = key[1] == 'i' ? &f->price_min : &f->price_max;

		if ((rc = bo_money_parse(&o->value, value, cur, key, err)) < 0)
			return naming(err, key, rc);
		o->set = true;
		return BO_OK;
	}
	return bo_err_set(err, BO_EINVAL,
			  "unknown filter key \"%s\": use status, category, "
			  "tag, stock, min or max",
			  key);
}

int bo_product_filter_parse(bo_product_filter *out, const char *text,
			    const bo_currency *cur, bo_err *err)
{
	bo_product_filter f = {0};
	const char *at = text ? text : "";
	unsigned seen = 0;
	char key[16];
	int rc;

	for (;;) {
		char *value = NULL;

		if ((rc = next_word(&at, key, sizeof(key), &value, err)) <= 0)
			break;
		rc = take(&f, key, value, cur, &seen, err);
		free(value);
		if (rc < 0)
			break;
	}
	if (rc == 0 && f.price_min.set && f.price_max.set &&
	    f.price_min.value > f.price_max.value)
		rc = bo_err_set(err, BO_EINVAL, "min must not be above max");
	if (rc < 0) {
		bo_product_filter_clear(&f);
		return rc;
	}
	*out = f;
	return BO_OK;
}

/* Appends s to the malloc'd text *buf (used bytes *n); false when out of
 * memory (then *buf is freed and NULL). */
static bool append(char **buf, size_t *n, const char *s)
{
	size_t len = strlen(s);
	char *grown = realloc(*buf, *n + len + 1);

	if (!grown) {
		free(*buf);
		*buf = NULL;
		return false;
	}
	memcpy(grown + *n, s, len + 1);
	*n += len;
	*buf = grown;
	return true;
}

/* Appends value, quoted when it holds a space, a quote or a backslash. */
static bool append_value(char **buf, size_t *n, const char *value)
{
	char one[2] = {0};

	if (*value && !strpbrk(value, " \t\"\\"))
		return append(buf, n, value);
	if (!append(buf, n, "\""))
		return false;
	for (const char *p = value; *p; p++) {
		if ((*p == '"' || *p == '\\') && !append(buf, n, "\\"))
			return false;
		one[0] = *p;
		if (!append(buf, n, one))
			return false;
	}
	return append(buf, n, "\"");
}

char *bo_product_filter_format(const bo_product_filter *f,
			       const bo_currency *cur)
{
	char money[BO_MONEY_BUFSZ];
	char *buf = NULL;
	size_t n = 0;
	bool ok = append(&buf, &n, "");

#define SEP() (n ? append(&buf, &n, " ") : true)
	if (ok && f->status != BO_FILTER_ACTIVE)
		ok = SEP() && append(&buf, &n, "status=") &&
		     append(&buf, &n, status_names[f->status]);
	if (ok && f->category)
		ok = SEP() && append(&buf, &n, "category=") &&
		     append_value(&buf, &n, f->category);
	for (size_t i = 0; ok && i < f->ntags; i++)
		ok = SEP() && append(&buf, &n, "tag=") &&
		     append_value(&buf, &n, f->tags[i]);
	if (ok && f->stock > 0 && f->stock < 4)
		ok = SEP() && append(&buf, &n, "stock=") &&
		     append(&buf, &n, stock_names[f->stock]);
	if (ok && f->price_min.set)
		ok = SEP() && append(&buf, &n, "min=") &&
		     append(&buf, &n,
			    bo_money_format(money, f->price_min.value, cur));
	if (ok && f->price_max.set)
		ok = SEP() && append(&buf, &n, "max=") &&
		     append(&buf, &n,
			    bo_money_format(money, f->price_max.value, cur));
#undef SEP
	return ok ? buf : NULL;
}

const char *bo_product_filter_describe(const bo_product_filter *f,
				       const bo_currency *cur, char *buf,
				       size_t size)
{
	char a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];
	size_t n;

	if (!size)
		return buf;
	snprintf(buf, size, "%s", status_names[f->status]);
#define MORE(...)                                                              \
	do {                                                                   \
		n = strlen(buf);                                               \
		if (n < size)                                                  \
			snprintf(buf + n, size - n, __VA_ARGS__);              \
	} while (0)
	if (f->category)
		MORE(", category %s", f->category);
	for (size_t i = 0; i < f->ntags; i++)
		MORE(", tag %s", f->tags[i]);
	if (f->stock > 0 && f->stock < 4)
		MORE(", stock %s", stock_names[f->stock]);
	if (f->price_min.set && f->price_max.set)
		MORE(", price %s-%s",
		     bo_money_format(a, f->price_min.value, cur),
		     bo_money_format(b, f->price_max.value, cur));
	else if (f->price_min.set)
		MORE(", price from %s",
		     bo_money_format(a, f->price_min.value, cur));
	else if (f->price_max.set)
		MORE(", price up to %s",
		     bo_money_format(b, f->price_max.value, cur));
#undef MORE
	return buf;
}

void bo_product_filter_apply(const bo_product_filter *f, bo_product_query *q)
{
	q->include_retired = f->status == BO_FILTER_ALL;
	q->retired_only = f->status == BO_FILTER_RETIRED;
	q->category = f->category;
	q->tags = (const char *const *)f->tags;
	q->ntags = f->ntags;
	q->stock = f->stock;
	q->price_min = f->price_min;
	q->price_max = f->price_max;
}
