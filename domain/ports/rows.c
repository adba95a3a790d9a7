/* Typed rows for verify: their order and their one text. */
#include "rows.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../status.h"
#include "../termtext.h"

const char *bo_row_side_name(bo_row_side side)
{
	return side == BO_ROW_ONLY_REBUILD ? "only in the rebuild"
					   : "only in the live model";
}

static int kind_rank(bo_value_kind k)
{
	return k == BO_VALUE_NULL ? 0 : k == BO_VALUE_INT ? 1 : 2;
}

static int column_compare(const bo_row_column *a, const bo_row_column *b)
{
	int ra = kind_rank(a->kind), rb = kind_rank(b->kind);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->kind == BO_VALUE_INT)
		return a->i < b->i ? -1 : a->i > b->i;
	if (a->kind == BO_VALUE_TEXT) {
		int c = strcmp(a->text ? a->text : "", b->text ? b->text : "");

		return c < 0 ? -1 : c > 0;
	}
	return 0;
}

int bo_row_compare(const bo_row *a, const bo_row *b)
{
	size_t n = a->ncols < b->ncols ? a->ncols : b->ncols;

	for (size_t k = 0; k < n; k++) {
		int c = column_compare(&a->cols[k], &b->cols[k]);

		if (c != 0)
			return c;
	}
	return a->ncols < b->ncols ? -1 : a->ncols > b->ncols;
}

/* A growable string; every append reports BO_ENOMEM. */
typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static int put_n(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *grown;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(grown = realloc(b->s, cap)))
			return BO_ENOMEM;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return BO_OK;
}

static int put(buf *b, const char *s)
{
	return put_n(b, s, strlen(s));
}

/* 'text', backslash and quote escaped first, then sanitised. */
static int put_text(buf *b, const char *t)
{
	buf raw = {0};
	char *clean = NULL;
	int rc = put(&raw, "");

	for (t = t ? t : ""; rc == BO_OK && *t; t++)
		rc = *t == '\\'   ? put(&raw, "\\\\")
		     : *t == '\'' ? put(&raw, "\\'")
				  : put_n(&raw, t, 1);
	if (rc == BO_OK && !(clean = bo_term_sanitize(raw.s)))
		rc = BO_ENOMEM;
	if (rc == BO_OK)
		rc = put(b, "'");
	if (rc == BO_OK)
		rc = put(b, clean);
	if (rc == BO_OK)
		rc = put(b, "'");
	free(clean);
	free(raw.s);
	return rc;
}

int bo_row_format(char **out, const bo_row *row)
{
	buf b = {0};
	int rc = put(&b, "");

	*out = NULL;
	for (size_t k = 0; rc == BO_OK && k < row->ncols; k++) {
		const bo_row_column *c = &row->cols[k];
		char num[24];

		if (k > 0)
			rc = put(&b, " ");
		if (rc == BO_OK)
			rc = put(&b, c->name ? c->name : "?");
		if (rc == BO_OK)
			rc = put(&b, "=");
		if (rc != BO_OK)
			break;
		if (c->kind == BO_VALUE_INT) {
			snprintf(num, sizeof(num), "%" PRId64, c->i);
			rc = put(&b, num);
		} else if (c->kind == BO_VALUE_TEXT) {
			rc = put_text(&b, c->text);
		} else {
			rc = put(&b, "NULL");
		}
	}
	if (rc != BO_OK) {
		free(b.s);
		return BO_ENOMEM;
	}
	*out = b.s;
	return BO_OK;
}
