/* report products --by category: each SKU's sales credited to its product's category now, and to every parent of it. */
#include "app_report_categories.h"

#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "category.h"
#include "text.h"

/* One contribution: a SKU's figures to its own category (own true) or to
 * one of its parents (total only). */
typedef struct part {
	char *category;
	int own;
	int64_t units, revenue, refunds;
} part;

typedef struct parts {
	part *items;
	size_t n, cap;
} parts;

static void parts_free(parts *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->items[i].category);
	free(p->items);
}

static int parts_add(parts *p, const char *category, size_t len, int own,
		     const bo_report_product *r)
{
	part *it;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		part *items = realloc(p->items, cap * sizeof(*items));
		if (!items)
			return BO_ENOMEM;
		p->items = items;
		p->cap = cap;
	}
	it = &p->items[p->n];
	if (!(it->category = malloc(len + 1)))
		return BO_ENOMEM;
	memcpy(it->category, category, len);
	it->category[len] = '\0';
	it->own = own;
	it->units = r->units;
	it->revenue = r->revenue;
	it->refunds = r->refunds;
	p->n++;
	return BO_OK;
}

static int last_id(void *ctx, int64_t product_id)
{
	*(int64_t *)ctx = product_id;
	return 0;
}

/* The category of the product that carries sku now, else of the last one
 * that carried it; *out NULL for none (malloc'd otherwise). */
static int category_of(bo_app *app, const char *sku, char **out, bo_err *err)
{
	bo_product p = {0};
	int64_t id = 0;
	int rc;

	*out = NULL;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &p, err);
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		if ((rc = bo_rm_product_ids_by_sku(&app->ports->rm, sku,
						   last_id, &id, err)) < 0)
			return rc;
		if (id == 0)
			return BO_OK;
		rc = bo_product_repo_get_by_id(&app->ports->products, id, &p,
					       err);
		if (rc == BO_ENOTFOUND) {
			bo_err_clear(err);
			return BO_OK;
		}
	}
	if (rc == BO_OK && p.category && !(*out = bo_strdup(p.category)))
		rc = BO_ENOMEM;
	bo_product_clear(&p);
	return rc;
}

/* Tree order: by path ("Kitchen" < "Kitchen / Mugs" < "Kitchen2", as
 * " / " sorts before any character a level may hold), none last. */
static int by_category(const void *a, const void *b)
{
	const part *x = a, *y = b;
	int xn = strcmp(x->category, BO_REPORT_NO_CATEGORY) == 0;
	int yn = strcmp(y->category, BO_REPORT_NO_CATEGORY) == 0;

	if (xn != yn)
		return xn - yn;
	return strcmp(x->category, y->category);
}

static int add3(int64_t *a, int64_t *b, int64_t *c, const part *p)
{
	return bo_money_add(a, *a, p->units) < 0 ||
		       bo_money_add(b, *b, p->revenue) < 0 ||
		       bo_money_add(c, *c, p->refunds) < 0
		   ? BO_EINVAL
		   : BO_OK;
}

void bo_report_categories_free(bo_report_category *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].category);
	free(c);
}

int bo_report_by_category(bo_app *app, const bo_report_product *rows, size_t n,
			  bo_report_category **out, size_t *nout, bo_err *err)
{
	parts ps = {0};
	bo_report_category *cs = NULL;
	size_t nc = 0;
	char *cat = NULL;
	int rc = BO_OK;

	*out = NULL;
	*nout = 0;
	if (!bo_role_may(app->role, BO_CAP_REPORT_READ))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not read reports",
				  app->user, bo_role_name(app->role));
	for (size_t i = 0; i < n && rc == BO_OK; i++) {
		const char *c, *sep;
		if ((rc = category_of(app, rows[i].sku, &cat, err)) < 0)
			break;
		c = cat ? cat : BO_REPORT_NO_CATEGORY;
		rc = parts_add(&ps, c, strlen(c), 1, &rows[i]);
		/* every parent: the path up to each separator */
		for (sep = cat ? strstr(cat, BO_CATEGORY_SEP) : NULL;
		     sep && rc == BO_OK; sep = strstr(sep + 1, BO_CATEGORY_SEP))
			rc = parts_add(&ps, cat, (size_t)(sep - cat), 0,
				       &rows[i]);
		free(cat);
		cat = NULL;
	}
	if (rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc < 0)
		goto out;
	if (ps.n)
		qsort(ps.items, ps.n, sizeof(*ps.items), by_category);
	if (!(cs = calloc(ps.n ? ps.n : 1, sizeof(*cs)))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ps.n && rc == BO_OK; i++) {
		part *p = &ps.items[i];
		bo_report_category *c;
		if (!nc || strcmp(cs[nc - 1].category, p->category) != 0) {
			c = &cs[nc++];
			c->category = p->category;
			p->category = NULL; /* moved */
			c->level = strcmp(c->category, BO_REPORT_NO_CATEGORY)
				       ? bo_category_depth(c->category)
				       : 0;
		}
		c = &cs[nc - 1];
		if (p->own)
			rc = add3(&c->units, &c->revenue, &c->refunds, p);
		if (rc == BO_OK)
			rc = add3(&c->total_units, &c->total_revenue,
				  &c->total_refunds, p);
	}
	if (rc < 0) {
		rc = bo_err_set(err, BO_EINVAL,
				"the sums of a category do not fit in 64 bits");
		bo_report_categories_free(cs, nc);
		goto out;
	}
	*out = cs;
	*nout = nc;
out:
	parts_free(&ps);
	return rc;
}
