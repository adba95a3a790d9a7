/* The category picker: the tree of categories with product counts; Enter filters the Products list by one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "tui/category_picker.h"
#include "tui/list.h"
#include "tui/products.h"
#include "tui/tui.h"

/* One row: path NULL is "all categories" (the filter cleared). */
typedef struct cat_row {
	char *path;
	int level;
	int64_t products;
} cat_row;

typedef struct picker {
	bo_tui *tui;
	bool include_retired;
	char *current; /* where the cursor starts */
	cat_row *all;
	size_t nall, cap;
	bo_list list;
	char status[160];
} picker;

static void free_rows(cat_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].path);
	free(rows);
}

/* ---- the list ----------------------------------------------------------------- */

static int row_copy(void *dst, const void *src)
{
	cat_row *d = dst;
	const cat_row *s = src;

	*d = *s;
	if (s->path && !(d->path = strdup(s->path)))
		return BO_ENOMEM;
	return 0;
}

static void row_clear(void *row)
{
	cat_row *r = row;

	free(r->path);
	r->path = NULL;
}

static bool row_same(const void *a, const void *b)
{
	const cat_row *x = a, *y = b;

	if (!x->path || !y->path)
		return !x->path && !y->path;
	return strcmp(x->path, y->path) == 0;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	picker *p = ctx;

	if (bo_list_fetch_held(p->all, p->nall, anchor, backward, limit, out) <
	    0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory listing categories");
	return BO_OK;
}

static int count(void *ctx, int64_t *out)
{
	*out = (int64_t)((picker *)ctx)->nall;
	return 0;
}

enum { C_CATEGORY, C_PRODUCTS, C__N };

static const bo_list_column columns[C__N] = {
    [C_CATEGORY] = {"CATEGORY", 12, 0, false, true, 0},
    [C_PRODUCTS] = {"PRODUCTS", 8, 10, true, false, 0},
};

static const char *cell(void *ctx, const void *row_, int col, char *buf,
			size_t size, bo_style *style)
{
	const cat_row *row = row_;
	const char *last;

	(void)ctx;
	if (col == C_PRODUCTS) {
		if (!row->path)
			return "";
		snprintf(buf, size, "%lld", (long long)row->products);
		return buf;
	}
	if (!row->path) {
		*style = BO_STYLE_DIM;
		return "(all categories)";
	}
	/* each level indented under its parent, by its last name */
	last = strrchr(row->path, '/');
	last = last ? last + 2 : row->path;
	snprintf(buf, size, "%*s%s", (row->level - 1) * 2, "", last);
	return buf;
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(cat_row),
    .columns = columns,
    .ncolumns = C__N,
    .fetch = fetch,
    .copy = row_copy,
    .clear = row_clear,
    .same = row_same,
    .cell = cell,
    .count = count,
};

static int add_row(picker *p, const char *path, int level, int64_t products)
{
	if (p->nall == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		cat_row *grown = realloc(p->all, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		p->all = grown;
		p->cap = cap;
	}
	p->all[p->nall].path = NULL;
	if (path && !(p->all[p->nall].path = strdup(path)))
		return BO_ENOMEM;
	p->all[p->nall].level = level;
	p->all[p->nall].products = products;
	p->nall++;
	return BO_OK;
}

static int each_category(void *ctx, const bo_category_count *c)
{
	return add_row(ctx, c->path, c->level, c->products);
}

/* ---- keys --------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	picker *p = s->state;
	const cat_row *row = bo_list_current(&p->list);
	bo_screen *below;

	if (bo_list_handle(&p->list, req, key))
		return BO_HANDLED;
	if (req != BO_REQ_ENTER)
		return BO_IGNORED;
	below = bo_tui_below(p->tui, s);
	if (!row || !below || below->ops != &bo_products_screen_ops)
		return BO_CLOSE;
	bo_products_filter_category(below, row->path);
	return BO_CLOSE;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	picker *p = s->state;

	if (height < 2)
		return;
	bo_list_draw(&p->list, c, top, height - 1, "no categories");
	bo_canvas_text(c, top + height - 1, 1, BO_STYLE_DIM,
		       "Enter filter the products by the category  Esc q "
		       "close",
		       c->cols - 2);
}

static const char *status(bo_screen *s)
{
	picker *p = s->state;
	char where[64];
	size_t n = p->nall ? p->nall - 1 : 0;

	bo_list_position(&p->list, where, sizeof(where));
	snprintf(p->status, sizeof(p->status), "%zu categor%s%s%s", n,
		 n == 1 ? "y" : "ies", *where ? ", " : "", where);
	return p->status;
}

static int open_picker(bo_screen *s, bo_err *err)
{
	picker *p = s->state;
	int rc;

	p->tui = s->tui;
	bo_list_init(&p->list, &list_ops, p, s->tui);
	if (add_row(p, NULL, 0, 0) < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if ((rc = bo_app_product_categories(bo_tui_app(p->tui),
					    p->include_retired, each_category,
					    p, err)) < 0)
		return rc == BO_ENOMEM
			   ? bo_err_set(err, BO_ENOMEM, "out of memory")
			   : rc;
	if ((rc = bo_list_load(&p->list, NULL, err)) < 0)
		return rc;
	/* the cursor starts on the category the list is filtered by */
	for (size_t i = 1; p->current && i < p->nall; i++)
		if (strcmp(p->all[i].path, p->current) == 0) {
			bo_list_move(&p->list, (long)i);
			break;
		}
	return BO_OK;
}

static void close_picker(bo_screen *s)
{
	picker *p = s->state;

	if (!p)
		return;
	bo_list_free(&p->list);
	free_rows(p->all, p->nall);
	free(p->current);
	free(p);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "filter"},
    {BO_REQ_BACK, "back"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

/* A click selects a category; a click on the selected one picks it. */
static int click(bo_screen *s, int y, int x)
{
	(void)x;
	return bo_list_screen_click(s, &((picker *)s->state)->list, y);
}

static bool idle(bo_screen *s)
{
	return bo_list_idle(&((picker *)s->state)->list);
}

const bo_screen_ops bo_category_picker_ops = {
    .name = "categories",
    .title = "Categories",
    .open = open_picker,
    .handle = handle,
    .draw = draw,
    .status = status,
    .close = close_picker,
    .hints = hints,
    .click = click,
    .idle = idle,
};

int bo_category_picker_open(bo_tui *t, bool include_retired,
			    const char *current, bo_err *err)
{
	picker *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	p->include_retired = include_retired;
	if (current && !(p->current = strdup(current))) {
		free(p);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &bo_category_picker_ops, p, err);
}
