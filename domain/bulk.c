/* Bulk product changes, the pure part: parsing an action, re-pricing and rounding, deciding each product's row, the items text of a record. */
#include "bulk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "text.h"

/* A percentage: digits, up to two decimals, then '%' (sign taken off). */
static int parse_percent(int64_t *out, const char *s, bo_err *err)
{
	int64_t v = 0;
	int decimals = -1, digits = 0;

	for (; *s && *s != '%'; s++) {
		if (*s == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			goto bad;
		if (decimals >= 0 && ++decimals > 2)
			return bo_err_set(err, BO_EINVAL,
					  "by has more than 2 decimals in its "
					  "percentage");
		if (v > BO_BULK_PCT_MAX)
			goto range;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (*s != '%' || s[1] || digits == 0 || decimals == 0)
		goto bad;
	for (; decimals < 2; decimals = decimals < 0 ? 1 : decimals + 1)
		v *= 10;
	if (v > BO_BULK_PCT_MAX)
		goto range;
	*out = v;
	return BO_OK;
bad:
	return bo_err_set(err, BO_EINVAL,
			  "by must be a percentage (+10%%, -15%%) or an amount "
			  "(+1.50, -0.25)");
range:
	return bo_err_set(err, BO_EINVAL,
			  "by must be a percentage from -100%% to +1000%%");
}

int bo_bulk_parse_by(bo_bulk_action *a, const char *text,
		     const bo_currency *cur, bo_err *err)
{
	const char *s = text;
	int sign = 1;
	int64_t v;
	int rc;

	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL, "by must not be empty");
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (strchr(s, '%')) {
		if ((rc = parse_percent(&v, s, err)) < 0)
			return rc;
		if (sign < 0 && v > 10000)
			return bo_err_set(err, BO_EINVAL,
					  "by must be a percentage from -100%% "
					  "to +1000%%");
		a->percent = true;
	} else {
		if ((rc = bo_money_parse(&v, s, cur, "by", err)) < 0)
			return rc;
		a->percent = false;
	}
	a->by = sign * v;
	return BO_OK;
}

int bo_bulk_parse_category(bo_bulk_action *a, const char *text, bo_err *err)
{
	char *path = NULL;
	int rc;

	if ((rc = bo_category_parse(&path, text, err)) < 0)
		return rc;
	a->kind = BO_BULK_CATEGORY;
	snprintf(a->text, sizeof(a->text), "%s", path ? path : "");
	free(path);
	return BO_OK;
}

int bo_bulk_parse_tag(bo_bulk_action *a, const char *text, bool add,
		      bo_err *err)
{
	int rc;

	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL, "tag must not be empty");
	if ((rc = bo_tag_validate(text, err)) < 0)
		return rc;
	a->kind = add ? BO_BULK_TAG_ADD : BO_BULK_TAG_REMOVE;
	snprintf(a->text, sizeof(a->text), "%s", text);
	for (char *s = a->text; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	return BO_OK;
}

int bo_bulk_parse_round(bo_bulk_action *a, const char *text,
			const bo_currency *cur, bo_err *err)
{
	if (text && strcmp(text, "cent") == 0) {
		a->round = BO_ROUND_CENT;
		return BO_OK;
	}
	if (!text || (strcmp(text, "99") != 0 && strcmp(text, "90") != 0))
		return bo_err_set(err, BO_EINVAL,
				  "round must be cent, 99 or 90");
	if (cur->exponent != 2)
		return bo_err_set(err, BO_EINVAL,
				  "round %s needs a currency with 2 decimals; "
				  "%s has %d",
				  text, cur->code, cur->exponent);
	a->round = text[1] == '9' ? BO_ROUND_99 : BO_ROUND_90;
	return BO_OK;
}

/* x / 10000 rounded to the nearest whole, halves away from zero. */
static int64_t div_round(int64_t x)
{
	int64_t q = x / 10000, r = x % 10000;

	if (r >= 5000)
		q++;
	else if (r <= -5000)
		q--;
	return q;
}

int bo_bulk_reprice(int64_t price, const bo_bulk_action *a,
		    const bo_currency *cur, int64_t *out, bo_err *err)
{
	int64_t v, delta, ends;

	(void)cur;
	if (a->percent) {
		if (bo_money_mul(&delta, price, a->by) < 0)
			goto overflow;
		delta = div_round(delta);
	} else {
		delta = a->by;
	}
	if (bo_money_add(&v, price, delta) < 0)
		goto overflow;
	if (v < 0)
		return bo_err_set(err, BO_EINVAL,
				  "the new price would be below 0");
	if (a->round != BO_ROUND_CENT && v > 0) {
		ends = a->round == BO_ROUND_99 ? 99 : 90;
		if (v % 100 > ends) {
			if (bo_money_add(&v, v, 100) < 0)
				goto overflow;
		}
		if (v - v % 100 > INT64_MAX - ends)
			goto overflow;
		v = v - v % 100 + ends;
	}
	*out = v;
	return BO_OK;
overflow:
	return bo_err_set(err, BO_EINVAL, "the new price would be too large");
}

void bo_bulk_action_text(const bo_bulk_action *a, const bo_currency *cur,
			 const char *undoes, char *buf, size_t size)
{
	static const char *const rounds[] = {"cent", "99", "90"};
	char money[BO_MONEY_BUFSZ], rate[16];
	int64_t m;

	switch (a->kind) {
	case BO_BULK_REPRICE:
		if (a->percent) {
			/* hundredths of a percent read as basis points do */
			m = a->by < 0 ? -a->by : a->by;
			bo_rate_format(money, sizeof(money), (int32_t)m);
			snprintf(buf, size, "reprice %c%s%% round %s",
				 a->by < 0 ? '-' : '+', money,
				 rounds[a->round]);
		} else {
			bo_money_format(money, a->by < 0 ? -a->by : a->by, cur);
			snprintf(buf, size, "reprice %c%s %s round %s",
				 a->by < 0 ? '-' : '+', money, cur->code,
				 rounds[a->round]);
		}
		break;
	case BO_BULK_TAX:
		snprintf(buf, size, "tax %s%%",
			 bo_rate_format(rate, sizeof(rate), a->tax_bp));
		break;
	case BO_BULK_RETIRE:
		snprintf(buf, size, "retire");
		break;
	case BO_BULK_REACTIVATE:
		snprintf(buf, size, "reactivate");
		break;
	case BO_BULK_CATEGORY:
		snprintf(buf, size, "category %s",
			 a->text[0] ? a->text : "(none)");
		break;
	case BO_BULK_TAG_ADD:
	case BO_BULK_TAG_REMOVE:
		snprintf(buf, size, "tag %s %s",
			 a->kind == BO_BULK_TAG_ADD ? "add" : "remove",
			 a->text);
		break;
	default:
		snprintf(buf, size, "undo %s", undoes ? undoes : "?");
		break;
	}
}

void bo_bulk_plan_clear(bo_bulk_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->rows[i].sku);
		free(p->rows[i].name);
		free(p->rows[i].error);
		free(p->rows[i].old_text);
		free(p->rows[i].new_text);
	}
	free(p->rows);
	free(p->action_text);
	free(p->undoes);
	free(p->selection);
	memset(p, 0, sizeof(*p));
}

/* A new zeroed row at the end of plan, NULL on ENOMEM. */
static bo_bulk_row *add_row(bo_bulk_plan *plan, const bo_product *p)
{
	bo_bulk_row *r;

	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 64;
		bo_bulk_row *rows = realloc(plan->rows, cap * sizeof(*rows));
		if (!rows)
			return NULL;
		plan->rows = rows;
		plan->cap = cap;
	}
	r = &plan->rows[plan->n];
	memset(r, 0, sizeof(*r));
	r->product_id = p->id;
	r->row_version = p->row_version;
	if (!(r->sku = bo_strdup(p->sku)) || !(r->name = bo_strdup(p->name))) {
		free(r->sku);
		free(r->name);
		return NULL;
	}
	plan->n++;
	return r;
}

/* True when the texts a and b (NULL: none) are the same. */
static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* A category or tags row: r's old text is cur, its new one what a makes
 * of it. BO_ENOMEM; a tag list the action cannot make is a row in error. */
static int decide_text(bo_bulk_row *r, const bo_bulk_action *a,
		       const bo_product *p)
{
	bo_err why = {0};
	const char *cur = a->kind == BO_BULK_CATEGORY ? p->category : p->tags;
	int rc = BO_OK;

	r->field = a->kind == BO_BULK_CATEGORY ? BO_PF_CATEGORY : BO_PF_TAGS;
	if (cur && !(r->old_text = bo_strdup(cur)))
		return BO_ENOMEM;
	if (a->kind == BO_BULK_CATEGORY) {
		if (a->text[0] && !(r->new_text = bo_strdup(a->text)))
			return BO_ENOMEM;
		return BO_OK;
	}
	if (a->kind == BO_BULK_TAG_ADD)
		rc = bo_tags_edit(&r->new_text, cur, a->text, NULL, &why);
	else
		rc = bo_tags_edit(&r->new_text, cur, NULL, a->text, &why);
	if (rc == BO_ENOMEM)
		return rc;
	if (rc < 0) {
		r->outcome = BO_BULK_FAILS;
		if (!(r->error = bo_strdup(why.msg)))
			return BO_ENOMEM;
	}
	return BO_OK;
}

int bo_bulk_decide(bo_bulk_plan *plan, const bo_product *p,
		   const bo_currency *cur)
{
	const bo_bulk_action *a = &plan->action;
	bo_bulk_row *r = add_row(plan, p);
	bo_err why = {0};

	if (!r)
		return BO_ENOMEM;
	switch (a->kind) {
	case BO_BULK_CATEGORY:
	case BO_BULK_TAG_ADD:
	case BO_BULK_TAG_REMOVE:
		if (decide_text(r, a, p) < 0)
			return BO_ENOMEM;
		if (r->outcome != BO_BULK_FAILS &&
		    !same_text(r->old_text, r->new_text))
			r->new_value = 1; /* so it reads as a change below */
		break;
	case BO_BULK_REPRICE:
		r->field = BO_PF_PRICE;
		r->old_value = p->price;
		if (bo_bulk_reprice(p->price, a, cur, &r->new_value, &why) <
		    0) {
			if (!(r->error = bo_strdup(why.msg)))
				return BO_ENOMEM;
			r->outcome = BO_BULK_FAILS;
		}
		break;
	case BO_BULK_TAX:
		r->field = BO_PF_TAX_RATE;
		r->old_value = p->tax_bp;
		r->new_value = a->tax_bp;
		break;
	case BO_BULK_RETIRE:
	case BO_BULK_REACTIVATE:
		r->field = BO_PF_STATUS;
		r->old_value = p->retired;
		r->new_value = a->kind == BO_BULK_RETIRE;
		break;
	default:
		r->outcome = BO_BULK_FAILS;
		if (!(r->error = bo_strdup("this action is not decided per "
					   "product")))
			return BO_ENOMEM;
		break;
	}
	if (r->outcome != BO_BULK_FAILS && r->new_value == r->old_value)
		r->outcome = BO_BULK_UNCHANGED;
	if (r->field == BO_PF_CATEGORY || r->field == BO_PF_TAGS)
		r->new_value = 0;
	switch (r->outcome) {
	case BO_BULK_CHANGES:
		plan->changes++;
		break;
	case BO_BULK_UNCHANGED:
		plan->unchanged++;
		break;
	case BO_BULK_FAILS:
		plan->errors++;
		break;
	}
	if (a->kind == BO_BULK_REPRICE && r->outcome != BO_BULK_FAILS) {
		/* sums that would overflow stay at their last value */
		(void)bo_money_add(&plan->old_total, plan->old_total,
				   r->old_value);
		(void)bo_money_add(&plan->new_total, plan->new_total,
				   r->new_value);
	}
	return BO_OK;
}

const char *bo_bulk_value_text(char *buf, size_t size, bo_product_field f,
			       int64_t v, const bo_currency *cur)
{
	char rate[16];

	switch (f) {
	case BO_PF_PRICE:
		if (size >= BO_MONEY_BUFSZ)
			bo_money_format(buf, v, cur);
		else
			snprintf(buf, size, "%" PRId64, v);
		break;
	case BO_PF_TAX_RATE:
		snprintf(buf, size, "%s%%",
			 bo_rate_format(rate, sizeof(rate), (int32_t)v));
		break;
	case BO_PF_STATUS:
		snprintf(buf, size, "%s", v ? "retired" : "active");
		break;
	default:
		snprintf(buf, size, "%" PRId64, v);
		break;
	}
	return buf;
}

void bo_bulk_record_clear(bo_bulk_record *r)
{
	free(r->id);
	free(r->user);
	free(r->action);
	free(r->undoes);
	free(r->undone_by);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

/* *dst = a copy of src (NULL stays NULL); false on ENOMEM. */
static bool dup_opt(char **dst, const char *src)
{
	*dst = src ? bo_strdup(src) : NULL;
	return !src || *dst;
}

int bo_bulk_record_copy(bo_bulk_record *dst, const bo_bulk_record *src)
{
	bo_bulk_record t = *src;

	if (!dup_opt(&t.id, src->id) || !dup_opt(&t.user, src->user) ||
	    !dup_opt(&t.action, src->action) ||
	    !dup_opt(&t.undoes, src->undoes) ||
	    !dup_opt(&t.undone_by, src->undone_by) ||
	    !dup_opt(&t.items, src->items)) {
		/* free what was copied: the pointers that differ from src's */
		if (t.id != src->id)
			free(t.id);
		if (t.user != src->user)
			free(t.user);
		if (t.action != src->action)
			free(t.action);
		if (t.undoes != src->undoes)
			free(t.undoes);
		if (t.undone_by != src->undone_by)
			free(t.undone_by);
		if (t.items != src->items)
			free(t.items);
		return BO_ENOMEM;
	}
	*dst = t;
	return BO_OK;
}

char *bo_bulk_items_text(const bo_bulk_plan *plan)
{
	size_t cap = 1, len = 0;
	char *s;

	for (size_t i = 0; i < plan->n; i++)
		if (plan->rows[i].outcome == BO_BULK_CHANGES)
			cap += strlen(plan->rows[i].sku) + 5 * 21 + 8 +
			       (plan->rows[i].old_text
				    ? strlen(plan->rows[i].old_text)
				    : 0) +
			       (plan->rows[i].new_text
				    ? strlen(plan->rows[i].new_text)
				    : 0);
	if (!(s = malloc(cap)))
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < plan->n; i++) {
		const bo_bulk_row *r = &plan->rows[i];
		if (r->outcome != BO_BULK_CHANGES)
			continue;
		len += (size_t)snprintf(
		    s + len, cap - len,
		    "%" PRId64 "\t%d\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t",
		    r->product_id, (int)r->field, r->old_value, r->new_value,
		    r->row_version + 1);
		if (r->field == BO_PF_CATEGORY || r->field == BO_PF_TAGS)
			len += (size_t)snprintf(s + len, cap - len, "%s\t%s\t",
						r->old_text ? r->old_text : "",
						r->new_text ? r->new_text : "");
		len += (size_t)snprintf(s + len, cap - len, "%s\n", r->sku);
	}
	return s;
}

/* The text from *at up to the next tab before end into buf; *at moves past
 * the tab. BO_EINVAL when there is none or it does not fit. */
static int take_text(char *buf, size_t size, const char **at, const char *end)
{
	const char *tab = memchr(*at, '\t', (size_t)(end - *at));
	size_t n;

	if (!tab || (n = (size_t)(tab - *at)) >= size)
		return BO_EINVAL;
	memcpy(buf, *at, n);
	buf[n] = '\0';
	*at = tab + 1;
	return BO_OK;
}

int bo_bulk_items_next(const char *items, size_t *pos, bo_bulk_item *it)
{
	const char *s = items + *pos, *nl, *tab;
	int field = 0, used = 0;
	size_t n;

	if (!*s)
		return 0;
	if (!(nl = strchr(s, '\n')))
		return BO_EINVAL;
	memset(it, 0, sizeof(*it));
	/* the tab after the row version by hand: a "\t" in the format would
	 * skip every tab, the empty text of a category or tags too */
	if (sscanf(s, "%" SCNd64 "\t%d\t%" SCNd64 "\t%" SCNd64 "\t%" SCNd64 "%n",
		   &it->product_id, &field, &it->old_value, &it->new_value,
		   &it->row_version, &used) != 5 ||
	    used == 0 || s + used >= nl || s[used] != '\t' || field < 0 ||
	    field >= BO_PF__COUNT)
		return BO_EINVAL;
	used++;
	it->field = (bo_product_field)field;
	tab = s + used;
	if (field == BO_PF_CATEGORY || field == BO_PF_TAGS) {
		if (take_text(it->old_text, sizeof(it->old_text), &tab, nl) <
			0 ||
		    take_text(it->new_text, sizeof(it->new_text), &tab, nl) < 0)
			return BO_EINVAL;
	}
	n = (size_t)(nl - tab);
	if (n >= sizeof(it->sku))
		return BO_EINVAL;
	memcpy(it->sku, tab, n);
	it->sku[n] = '\0';
	*pos += (size_t)(nl - s) + 1;
	return 1;
}

void bo_bulk_plan_summary(const bo_bulk_plan *p, const bo_currency *cur,
			  const char *sep, char *buf, size_t size)
{
	char plain[BO_MONEY_BUFSZ], a[2 * BO_MONEY_BUFSZ],
	    b[2 * BO_MONEY_BUFSZ];
	int n;

	n = snprintf(buf, size,
		     "%zu product%s: %zu change, %zu unchanged, %zu in error",
		     p->n, p->n == 1 ? "" : "s", p->changes, p->unchanged,
		     p->errors);
	if (n < 0 || (size_t)n >= size ||
	    !(p->action.kind == BO_BULK_REPRICE ||
	      (p->action.kind == BO_BULK_RESTORE &&
	       p->old_total != p->new_total)))
		return;
	bo_group_digits(a, sizeof(a),
			bo_money_format(plain, p->old_total, cur), sep);
	bo_group_digits(b, sizeof(b),
			bo_money_format(plain, p->new_total, cur), sep);
	snprintf(buf + n, size - (size_t)n, "; prices %s -> %s %s", a, b,
		 cur->code);
}
