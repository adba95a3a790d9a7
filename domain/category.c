/* Product categories and tags: parsing, validation and the canonical forms. */
#include "category.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *skip_spaces(const char *s, const char *end)
{
	while (s < end && *s == ' ')
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *end)
{
	while (end > s && end[-1] == ' ')
		end--;
	return end;
}

static int bad_category(bo_err *err, const char *why)
{
	return bo_err_set(err, BO_EINVAL, "category %s", why);
}

int bo_category_parse(char **out, const char *text, bo_err *err)
{
	const char *lv[BO_CATEGORY_LEVELS + 1][2];
	const char *s, *end;
	int n = 0;
	size_t total = 0;
	char *buf, *w;

	*out = NULL;
	if (!text)
		return BO_OK;
	end = text + strlen(text);
	s = skip_spaces(text, end);
	end = trim_end(s, end);
	if (s == end)
		return BO_OK;
	if (!bo_text_utf8_valid(text))
		return bad_category(err, "must be valid UTF-8");
	if (bo_text_has_control(text, false))
		return bad_category(err, "must not contain control characters");
	for (;;) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *le = slash ? slash : end;
		const char *a = skip_spaces(s, le), *b = trim_end(a, le);
		char tmp[BO_CATEGORY_LEVEL_MAX * 4 + 1];
		size_t len;

		if (n == BO_CATEGORY_LEVELS)
			return bo_err_set(err, BO_EINVAL,
					  "category must have 1 to %d levels "
					  "separated by /",
					  BO_CATEGORY_LEVELS);
		if (a == b)
			return bad_category(err,
					    "levels must not be empty (write "
					    "\"Kitchen / Mugs\")");
		if ((size_t)(b - a) >= sizeof(tmp))
			goto too_long;
		memcpy(tmp, a, (size_t)(b - a));
		tmp[b - a] = '\0';
		len = bo_text_utf8_len(tmp);
		if (len > BO_CATEGORY_LEVEL_MAX)
			goto too_long;
		lv[n][0] = a;
		lv[n][1] = b;
		total += (size_t)(b - a) + 3;
		n++;
		if (!slash)
			break;
		s = slash + 1;
	}
	if (!(buf = malloc(total + 1)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	w = buf;
	for (int i = 0; i < n; i++) {
		if (i) {
			memcpy(w, BO_CATEGORY_SEP, 3);
			w += 3;
		}
		memcpy(w, lv[i][0], (size_t)(lv[i][1] - lv[i][0]));
		w += lv[i][1] - lv[i][0];
	}
	*w = '\0';
	*out = buf;
	return BO_OK;
too_long:
	return bo_err_set(err, BO_EINVAL,
			  "category levels must be 1 to %d characters each",
			  BO_CATEGORY_LEVEL_MAX);
}

int bo_category_validate(const char *category, bo_err *err)
{
	char *canon = NULL;
	int rc;

	if (!category)
		return BO_OK;
	if ((rc = bo_category_parse(&canon, category, err)) < 0)
		return rc;
	rc = canon && strcmp(canon, category) == 0
		 ? BO_OK
		 : bad_category(err, "must be written \"Level / Level\"");
	free(canon);
	return rc;
}

bool bo_category_under(const char *category, const char *prefix)
{
	size_t n;

	if (!category || !prefix)
		return false;
	n = strlen(prefix);
	if (strncmp(category, prefix, n) != 0)
		return false;
	return category[n] == '\0' ||
	       strncmp(category + n, BO_CATEGORY_SEP, 3) == 0;
}

int bo_category_depth(const char *category)
{
	int n = 0;

	if (!category)
		return 0;
	for (const char *s = category; s; n++) {
		s = strstr(s, BO_CATEGORY_SEP);
		if (s)
			s += 3;
	}
	return n;
}

/* ---- tags -----------------------------------------------------------------*/

typedef char tag_t[BO_TAG_MAX + 1];

typedef struct {
	tag_t *v;
	size_t n, cap;
} tag_list;

static bool tag_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int bad_tag(bo_err *err, const char *field)
{
	return bo_err_set(err, BO_EINVAL,
			  "%s must be 1 to %d characters from A-Z a-z 0-9 . _ "
			  "- (separate tags with ;)",
			  field, BO_TAG_MAX);
}

int bo_tag_validate(const char *tag, bo_err *err)
{
	size_t n = tag ? strlen(tag) : 0;

	if (n == 0 || n > BO_TAG_MAX)
		return bad_tag(err, "tag");
	for (size_t i = 0; i < n; i++)
		if (!tag_char(tag[i]))
			return bad_tag(err, "tag");
	return BO_OK;
}

/* Appends the tags of text (lower-cased) to l. */
static int split_tags(tag_list *l, const char *text, bo_err *err)
{
	const char *s, *end;

	if (!text)
		return BO_OK;
	end = text + strlen(text);
	s = skip_spaces(text, end);
	if (trim_end(s, end) == s)
		return BO_OK;
	for (;;) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *te = semi ? semi : end;
		const char *a = skip_spaces(s, te), *b = trim_end(a, te);
		size_t len = (size_t)(b - a);

		if (len == 0 || len > BO_TAG_MAX)
			return bad_tag(err, "tags");
		for (const char *c = a; c < b; c++)
			if (!tag_char(*c))
				return bad_tag(err, "tags");
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 8;
			tag_t *v = realloc(l->v, cap * sizeof(*v));

			if (!v)
				return bo_err_set(err, BO_ENOMEM,
						  "out of memory");
			l->v = v;
			l->cap = cap;
		}
		for (size_t i = 0; i < len; i++) {
			char c = a[i];

			l->v[l->n][i] =
			    (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		l->v[l->n][len] = '\0';
		l->n++;
		if (!semi)
			break;
		s = semi + 1;
	}
	return BO_OK;
}

static int tag_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Sorts and deduplicates l, then writes its canonical text to *out. */
static int join_tags(char **out, tag_list *l, bo_err *err)
{
	size_t n = 0, total = 0;
	char *buf, *w;

	*out = NULL;
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), tag_cmp);
	for (size_t i = 0; i < l->n; i++)
		if (n == 0 || strcmp(l->v[n - 1], l->v[i]) != 0)
			memmove(l->v[n++], l->v[i], sizeof(tag_t));
	l->n = n;
	if (n > BO_TAGS_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "tags must be at most %d per product (it has "
				  "%zu)",
				  BO_TAGS_MAX, n);
	if (n == 0)
		return BO_OK;
	for (size_t i = 0; i < n; i++)
		total += strlen(l->v[i]) + 1;
	if (!(buf = malloc(total)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	w = buf;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(l->v[i]);

		if (i)
			*w++ = ';';
		memcpy(w, l->v[i], len);
		w += len;
	}
	*w = '\0';
	*out = buf;
	return BO_OK;
}

int bo_tags_parse(char **out, const char *text, bo_err *err)
{
	tag_list l = {0};
	int rc;

	*out = NULL;
	if ((rc = split_tags(&l, text, err)) >= 0)
		rc = join_tags(out, &l, err);
	free(l.v);
	return rc;
}

int bo_tags_validate(const char *tags, bo_err *err)
{
	char *canon = NULL;
	int rc;

	if (!tags)
		return BO_OK;
	if ((rc = bo_tags_parse(&canon, tags, err)) < 0)
		return rc;
	rc = canon && strcmp(canon, tags) == 0
		 ? BO_OK
		 : bo_err_set(err, BO_EINVAL,
			      "tags must be stored lower-case, sorted and "
			      "joined by ;");
	free(canon);
	return rc;
}

bool bo_tags_has(const char *tags, const char *tag)
{
	size_t n;

	if (!tags || !tag || !(n = strlen(tag)))
		return false;
	for (const char *s = tags; *s;) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		size_t i = 0;

		if (len == n) {
			for (; i < n; i++) {
				char c = tag[i];

				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				if (c != s[i])
					break;
			}
			if (i == n)
				return true;
		}
		if (!e)
			break;
		s = e + 1;
	}
	return false;
}

int bo_tags_edit(char **out, const char *cur, const char *add,
		 const char *remove, bo_err *err)
{
	tag_list l = {0}, rm = {0};
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = split_tags(&l, cur, err)) < 0 ||
	    (rc = split_tags(&l, add, err)) < 0 ||
	    (rc = split_tags(&rm, remove, err)) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		bool drop = false;

		for (size_t j = 0; j < rm.n && !drop; j++)
			drop = strcmp(l.v[i], rm.v[j]) == 0;
		if (!drop)
			memmove(l.v[n++], l.v[i], sizeof(tag_t));
	}
	l.n = n;
	rc = join_tags(out, &l, err);
done:
	free(l.v);
	free(rm.v);
	return rc;
}
