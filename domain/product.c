/* The product entity: validation rules and applying an admin's text edit. */
#include "product.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "event.h"
#include "text.h"

#define STOCK_MAX 1000000000000LL

void bo_product_clear(bo_product *p)
{
	if (!p)
		return;
	free(p->sku);
	free(p->name);
	free(p->description);
	free(p->category);
	free(p->tags);
	memset(p, 0, sizeof(*p));
}

int bo_product_copy(bo_product *dst, const bo_product *src)
{
	bo_product tmp = *src;

	tmp.sku = NULL;
	tmp.name = NULL;
	tmp.description = NULL;
	tmp.category = NULL;
	tmp.tags = NULL;
	if (bo_strset(&tmp.sku, src->sku) < 0 ||
	    bo_strset(&tmp.name, src->name) < 0 ||
	    bo_strset(&tmp.description, src->description) < 0 ||
	    bo_strset(&tmp.category, src->category) < 0 ||
	    bo_strset(&tmp.tags, src->tags) < 0) {
		bo_product_clear(&tmp);
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	*dst = tmp;
	return BO_OK;
}

int bo_product_validate_sku(const char *sku, bo_err *err)
{
	size_t n = 0;

	for (const char *c = sku; c && *c; c++, n++) {
		bool ok = (*c >= 'A' && *c <= 'Z') ||
			  (*c >= 'a' && *c <= 'z') ||
			  (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
			  *c == '-';
		if (!ok)
			n = BO_SKU_MAX + 1;
		if (n > BO_SKU_MAX)
			break;
	}
	if (n == 0 || n > BO_SKU_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "sku must be 1 to 64 characters from "
				  "A-Z a-z 0-9 . _ -");
	return BO_OK;
}

static int check_name(const char *name, bo_err *err)
{
	size_t len;

	if (!name || !*name)
		return bo_err_set(err, BO_EINVAL,
				  "name must be 1 to %d characters",
				  BO_PRODUCT_NAME_MAX);
	if (!bo_text_utf8_valid(name))
		return bo_err_set(err, BO_EINVAL, "name must be valid UTF-8");
	if (bo_text_has_control(name, false))
		return bo_err_set(err, BO_EINVAL,
				  "name must not contain control characters");
	len = bo_text_utf8_len(name);
	if (len > BO_PRODUCT_NAME_MAX)
		return bo_err_set(
		    err, BO_EINVAL,
		    "name must be 1 to %d characters (it has %zu)",
		    BO_PRODUCT_NAME_MAX, len);
	return BO_OK;
}

static int check_description(const char *desc, bo_err *err)
{
	size_t len;

	if (!desc)
		return BO_OK;
	if (!bo_text_utf8_valid(desc))
		return bo_err_set(err, BO_EINVAL,
				  "description must be valid UTF-8");
	if (bo_text_has_control(desc, true))
		return bo_err_set(err, BO_EINVAL,
				  "description must not contain control "
				  "characters other than newlines");
	len = bo_text_utf8_len(desc);
	if (len > BO_PRODUCT_DESC_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "description must be at most %d characters "
				  "(it has %zu)",
				  BO_PRODUCT_DESC_MAX, len);
	return BO_OK;
}

static int check_price(int64_t price, bo_err *err)
{
	if (price < 0)
		return bo_err_set(err, BO_EINVAL, "price must not be negative");
	return BO_OK;
}

static int check_tax(int32_t tax_bp, bo_err *err)
{
	if (tax_bp < 0 || tax_bp > 10000)
		return bo_err_set(err, BO_EINVAL,
				  "tax rate must be 0 to 100 percent");
	return BO_OK;
}

static int check_stock(int64_t stock, bo_err *err)
{
	if (stock < 0 && stock != BO_STOCK_UNTRACKED)
		return bo_err_set(err, BO_EINVAL,
				  "stock must not be negative (use none for "
				  "untracked)");
	return BO_OK;
}

static int check_low_stock(const bo_opt_i64 *t, bo_err *err)
{
	if (t->set && (t->value < 0 || t->value > BO_LOW_STOCK_MAX))
		return bo_err_set(err, BO_EINVAL,
				  "low-stock threshold must be 0 to %d, or "
				  "empty for the tenant's",
				  BO_LOW_STOCK_MAX);
	return BO_OK;
}

int bo_product_validate(const bo_product *p, bo_err *err)
{
	int rc;

	if ((rc = bo_product_validate_sku(p->sku, err)) < 0 ||
	    (rc = check_name(p->name, err)) < 0 ||
	    (rc = check_description(p->description, err)) < 0 ||
	    (rc = check_price(p->price, err)) < 0 ||
	    (rc = check_tax(p->tax_bp, err)) < 0 ||
	    (rc = check_stock(p->stock, err)) < 0 ||
	    (rc = check_low_stock(&p->low_stock_threshold, err)) < 0 ||
	    (rc = bo_category_validate(p->category, err)) < 0 ||
	    (rc = bo_tags_validate(p->tags, err)) < 0)
		return rc;
	return BO_OK;
}

int bo_low_stock_parse(bo_opt_i64 *out, const char *text, bo_err *err)
{
	int64_t v = 0;

	if (!text || !*text || strcmp(text, "default") == 0) {
		out->set = false;
		out->value = 0;
		return BO_OK;
	}
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9')
			goto bad;
		v = v * 10 + (*c - '0');
		if (v > BO_LOW_STOCK_MAX)
			goto bad; /* stops before v * 10 could overflow */
	}
	out->set = true;
	out->value = v;
	return BO_OK;
bad:
	return bo_err_set(err, BO_EINVAL,
			  "low-stock threshold must be a whole number from 0 "
			  "to %d, or empty (default) for the tenant's",
			  BO_LOW_STOCK_MAX);
}

int bo_stock_parse(int64_t *out, const char *text, bo_err *err)
{
	int64_t v = 0;

	if (text && strcmp(text, "none") == 0) {
		*out = BO_STOCK_UNTRACKED;
		return BO_OK;
	}
	if (!text || !*text)
		goto bad;
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9')
			goto bad;
		v = v * 10 + (*c - '0');
		if (v > STOCK_MAX)
			goto bad; /* stops before v * 10 could overflow */
	}
	*out = v;
	return BO_OK;
bad:
	return bo_err_set(err, BO_EINVAL,
			  "stock must be a whole number from 0 to "
			  "1000000000000, or none");
}

/*
 * Each field is checked as it is applied, in validation order, so the first
 * error reported is the same one bo_product_validate would report.
 */
int bo_product_apply_edit(bo_product *p, const bo_product_edit *edit,
			  const bo_currency *cur, bo_err *err)
{
	bo_product tmp;
	int rc;

	if ((rc = bo_product_copy(&tmp, p)) < 0)
		return bo_err_set(err, rc, "out of memory copying product");
	if (!edit)
		goto check;
	if (edit->sku) {
		if ((rc = bo_product_validate_sku(edit->sku, err)) < 0 ||
		    (rc = bo_strset(&tmp.sku, edit->sku)) < 0)
			goto done;
	}
	if (edit->name) {
		if ((rc = check_name(edit->name, err)) < 0 ||
		    (rc = bo_strset(&tmp.name, edit->name)) < 0)
			goto done;
	}
	if (edit->description) {
		if ((rc = check_description(edit->description, err)) < 0 ||
		    (rc = bo_strset(&tmp.description, edit->description)) < 0)
			goto done;
	}
	if (edit->price) {
		if ((rc = bo_money_parse(&tmp.price, edit->price, cur, "price",
					 err)) < 0)
			goto done;
	}
	if (edit->tax_rate) {
		if ((rc = bo_rate_parse(&tmp.tax_bp, edit->tax_rate, "tax rate",
					err)) < 0)
			goto done;
	}
	if (edit->stock) {
		if ((rc = bo_stock_parse(&tmp.stock, edit->stock, err)) < 0)
			goto done;
	}
	if (edit->low_stock) {
		if ((rc = bo_low_stock_parse(&tmp.low_stock_threshold,
					     edit->low_stock, err)) < 0)
			goto done;
	}
	if (edit->category) {
		char *c = NULL;

		if ((rc = bo_category_parse(&c, edit->category, err)) < 0)
			goto done;
		free(tmp.category);
		tmp.category = c;
	}
	if (edit->tags || edit->add_tags || edit->remove_tags) {
		char *t = NULL;

		if ((rc = bo_tags_edit(&t, edit->tags ? edit->tags : tmp.tags,
				       edit->add_tags, edit->remove_tags,
				       err)) < 0)
			goto done;
		free(tmp.tags);
		tmp.tags = t;
	}
check:
	/* A valid product always has a description, possibly empty. */
	if (!tmp.description && (rc = bo_strset(&tmp.description, "")) < 0)
		goto done;
	if ((rc = bo_product_validate(&tmp, err)) < 0)
		goto done;
	bo_product_clear(p);
	*p = tmp;
	return BO_OK;
done:
	if (rc == BO_ENOMEM)
		bo_err_set(err, rc, "out of memory editing product");
	bo_product_clear(&tmp);
	return rc;
}

/* ---- stock adjustments ----------------------------------------------------*/

static const char *const reason_names[BO_STOCK_REASON__COUNT] = {
    [BO_STOCK_RECEIVED] = "received",	  [BO_STOCK_COUNTED] = "counted",
    [BO_STOCK_DAMAGED] = "damaged",	  [BO_STOCK_RETURNED] = "returned",
    [BO_STOCK_CORRECTION] = "correction",
};

const char *bo_stock_reason_name(bo_stock_reason r)
{
	return (int)r >= 0 && r < BO_STOCK_REASON__COUNT ? reason_names[r]
							  : NULL;
}

int bo_stock_reason_parse(bo_stock_reason *out, const char *text, bo_err *err)
{
	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL,
				  "reason is required: " BO_STOCK_REASONS);
	for (int r = 0; r < BO_STOCK_REASON__COUNT; r++)
		if (strcmp(text, reason_names[r]) == 0) {
			*out = (bo_stock_reason)r;
			return BO_OK;
		}
	return bo_err_set(err, BO_EINVAL,
			  "reason must be one of " BO_STOCK_REASONS);
}

/* A whole number with an optional sign, |v| <= STOCK_MAX; -1 when not. */
static int parse_signed(int64_t *out, const char *s)
{
	bool neg = false;
	int64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > STOCK_MAX)
			return -1;
	}
	*out = neg ? -v : v;
	return 0;
}

int bo_stock_change_parse(bo_stock_change *out, const bo_stock_adjust *in,
			  bo_err *err)
{
	bo_stock_change c = {0};
	size_t len;
	int rc;

	if (!in->add == !in->set)
		return bo_err_set(err, BO_EINVAL,
				  "give exactly one of add and set");
	c.set = in->set != NULL;
	if (in->add && (parse_signed(&c.amount, in->add) < 0 || c.amount == 0))
		return bo_err_set(err, BO_EINVAL,
				  "add must be a whole number other than 0, "
				  "from -1000000000000 to 1000000000000");
	if (in->set && (parse_signed(&c.amount, in->set) < 0 ||
			c.amount < 0 || in->set[0] == '-'))
		return bo_err_set(err, BO_EINVAL,
				  "set must be a whole number from 0 to "
				  "1000000000000");
	if ((rc = bo_stock_reason_parse(&c.reason, in->reason, err)) < 0)
		return rc;
	if (in->note && *in->note) {
		if (!bo_text_utf8_valid(in->note))
			return bo_err_set(err, BO_EINVAL,
					  "note must be valid UTF-8");
		if (bo_text_has_control(in->note, false))
			return bo_err_set(err, BO_EINVAL,
					  "note must not contain control "
					  "characters");
		len = bo_text_utf8_len(in->note);
		if (len > BO_STOCK_NOTE_MAX)
			return bo_err_set(err, BO_EINVAL,
					  "note must be at most %d characters "
					  "(it has %zu)",
					  BO_STOCK_NOTE_MAX, len);
		c.note = in->note;
	}
	*out = c;
	return BO_OK;
}

int bo_stock_change_apply(bo_product *p, const bo_stock_change *c,
			  int64_t *delta, bo_err *err)
{
	int64_t had = p->stock == BO_STOCK_UNTRACKED ? 0 : p->stock;
	int64_t next = c->set ? c->amount : had + c->amount;

	if (!c->set && p->stock == BO_STOCK_UNTRACKED)
		return bo_err_set(err, BO_ECONFLICT,
				  "stock of %s is not tracked: set it first "
				  "(set gives it a stock)",
				  p->sku);
	if (next < 0)
		return bo_err_set(err, BO_ECONFLICT,
				  "stock of %s would go below 0 (it is %" PRId64
				  ", the change is %" PRId64 ")",
				  p->sku, had, c->amount);
	if (next > STOCK_MAX)
		return bo_err_set(err, BO_ECONFLICT,
				  "stock of %s would go above 1000000000000",
				  p->sku);
	if (c->set && p->stock == next)
		return bo_err_set(err, BO_ECONFLICT,
				  "stock of %s is already %" PRId64, p->sku,
				  next);
	*delta = next - had;
	p->stock = next;
	return BO_OK;
}

/* ---- checking a recorded event (import) --------------------------------- */

/* ProductStockAdjusted: a known reason, a tracked stock that is the one
 * before plus delta, never 0 as a change. */
static int check_adjusted(const bo_product *cur, int64_t product_id,
			  const bo_event *e, bo_err *err)
{
	bo_stock_reason r;
	bo_err inner;
	int64_t had = cur->stock == BO_STOCK_UNTRACKED ? 0 : cur->stock;

	if (bo_stock_reason_parse(&r, e->reason, &inner) < 0)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": ProductStockAdjusted: "
				  "%s",
				  product_id, inner.msg);
	/* an imported delta is any int64: bounded before it is added */
	if (e->delta < -STOCK_MAX || e->delta > STOCK_MAX || e->delta == 0)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": ProductStockAdjusted: "
				  "delta %" PRId64 " is not a change of stock "
				  "(0 excluded, at most %lld either way)",
				  product_id, e->delta, STOCK_MAX);
	if (e->product.stock == BO_STOCK_UNTRACKED ||
	    e->new_stock != e->product.stock ||
	    had + e->delta != e->new_stock)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": ProductStockAdjusted "
				  "does not add up: stock %" PRId64
				  " %+" PRId64 " gives %" PRId64 ", not %" PRId64,
				  product_id, had, e->delta, had + e->delta,
				  e->new_stock);
	return BO_OK;
}

int bo_product_check_event(const bo_product *cur, int64_t stream_version,
			   int64_t product_id, const bo_event *e, bo_err *err)
{
	const char *kind = bo_event_kind_name(e->kind);
	const bo_product *p = &e->product;
	bo_err inner;
	int64_t want_rv;

	if (e->kind == BO_EV_UNKNOWN)
		return BO_OK;
	if (!bo_event_is_product(e->kind))
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": a %s event does not "
				  "belong in a product stream",
				  product_id, kind);
	if (p->id != product_id)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": the %s snapshot names "
				  "product %" PRId64,
				  product_id, kind, p->id);
	if (e->kind == BO_EV_PRODUCT_CREATED && stream_version > 0)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": ProductCreated again, "
				  "the product was created already",
				  product_id);
	if (e->kind != BO_EV_PRODUCT_CREATED && !cur)
		return bo_err_set(err, BO_EINVAL,
				  stream_version == 0
				      ? "product %" PRId64 ": %s comes before "
					"ProductCreated, which must open the "
					"stream"
				      : "product %" PRId64 ": %s comes after "
					"ProductDeleted",
				  product_id, kind);
	if (bo_product_validate(p, &inner) < 0)
		return bo_err_set(err, BO_EINVAL, "product %" PRId64 ": %s: %s",
				  product_id, kind, inner.msg);
	want_rv = !cur                               ? 1
		  : e->kind == BO_EV_PRODUCT_DELETED ? cur->row_version
						     : cur->row_version + 1;
	if (p->row_version != want_rv)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": %s has row version "
				  "%" PRId64 " where %" PRId64 " follows on",
				  product_id, kind, p->row_version, want_rv);
	if (e->kind == BO_EV_PRODUCT_CREATED && p->retired)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": ProductCreated must "
				  "not be retired already",
				  product_id);
	if (e->kind == BO_EV_PRODUCT_RETIRED && (cur->retired || !p->retired))
		return bo_err_set(err, BO_EINVAL,
				  cur->retired ? "product %" PRId64
						 ": %s, but it is already "
						 "retired"
					       : "product %" PRId64
						 ": %s leaves it unretired",
				  product_id, kind);
	if (e->kind == BO_EV_PRODUCT_REACTIVATED &&
	    (!cur->retired || p->retired))
		return bo_err_set(err, BO_EINVAL,
				  !cur->retired ? "product %" PRId64
						  ": %s, but it is not "
						  "retired"
						: "product %" PRId64
						  ": %s leaves it retired",
				  product_id, kind);
	if ((e->kind == BO_EV_PRODUCT_UPDATED ||
	     e->kind == BO_EV_PRODUCT_DELETED ||
	     e->kind == BO_EV_PRODUCT_STOCK_ADJUSTED) &&
	    p->retired != cur->retired)
		return bo_err_set(err, BO_EINVAL,
				  "product %" PRId64 ": %s changes whether it "
				  "is retired, which only ProductRetired and "
				  "ProductReactivated do",
				  product_id, kind);
	if (e->kind == BO_EV_PRODUCT_STOCK_ADJUSTED)
		return check_adjusted(cur, product_id, e, err);
	return BO_OK;
}
