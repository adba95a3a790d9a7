/* The category tree of the catalogue, with the products in each subtree. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "category.h"
#include "text.h"

typedef struct cat_node {
	char *path;
	size_t len;  /* strlen(path), compared first */
	int64_t own; /* products with exactly this category */
	int64_t total;
} cat_node;

typedef struct cat_tree {
	cat_node *v;
	size_t n, cap;
	int rc;
} cat_tree;

/* The node of path, added (with count 0) when new; NULL on ENOMEM. */
static cat_node *node_of(cat_tree *t, const char *path, size_t len)
{
	cat_node *v;

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].len == len && memcmp(t->v[i].path, path, len) == 0)
			return &t->v[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		if (!(v = realloc(t->v, cap * sizeof(*v))))
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	v = &t->v[t->n];
	if (!(v->path = malloc(len + 1)))
		return NULL;
	memcpy(v->path, path, len);
	v->path[len] = '\0';
	v->len = len;
	v->own = v->total = 0;
	t->n++;
	return v;
}

/* Counts p in its category and in every category above it. */
static int count_product(void *ctx, const bo_product *p)
{
	cat_tree *t = ctx;
	const char *c = p->category, *sep;
	cat_node *n;

	if (!c)
		return 0;
	for (sep = strstr(c, BO_CATEGORY_SEP);;
	     sep = strstr(sep + 3, BO_CATEGORY_SEP)) {
		size_t len = sep ? (size_t)(sep - c) : strlen(c);

		if (!(n = node_of(t, c, len)))
			return t->rc = BO_ENOMEM;
		n->total++;
		if (!sep) {
			n->own++;
			break;
		}
	}
	return 0;
}

/* Level by level, so a category comes right before what is under it. */
static int node_cmp(const void *a, const void *b)
{
	const char *x = ((const cat_node *)a)->path;
	const char *y = ((const cat_node *)b)->path;

	for (;;) {
		size_t lx = strcspn(x, "/"), ly = strcspn(y, "/");
		/* levels end one space before the "/" of " / " */
		size_t nx = x[lx] ? lx - 1 : lx, ny = y[ly] ? ly - 1 : ly;
		int c = memcmp(x, y, nx < ny ? nx : ny);

		if (c)
			return c;
		if (nx != ny)
			return nx < ny ? -1 : 1;
		if (!x[lx] || !y[ly])
			return !x[lx] && !y[ly] ? 0 : !x[lx] ? -1 : 1;
		x += lx + 2;
		y += ly + 2;
	}
}

int bo_app_product_categories(bo_app *app, bool include_retired,
			      bo_category_each_fn each, void *ctx, bo_err *err)
{
	bo_product_query q = {0};
	cat_tree t = {0};
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_READ, err)) < 0)
		return rc;
	q.include_retired = include_retired;
	rc = bo_product_repo_list(&app->ports->products, &q, count_product, &t,
				  err);
	if (t.rc == BO_ENOMEM)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc >= 0 && t.n)
		qsort(t.v, t.n, sizeof(*t.v), node_cmp);
	for (size_t i = 0; i < t.n && rc >= 0; i++) {
		bo_category_count cc = {t.v[i].path,
					bo_category_depth(t.v[i].path),
					t.v[i].own, t.v[i].total};

		rc = each(ctx, &cc);
	}
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i].path);
	free(t.v);
	return rc;
}
