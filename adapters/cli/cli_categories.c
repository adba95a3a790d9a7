/* Categories and tags on the command line: the filters of product list and
 * product categories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/category.h"

void bo_cli_filters_clear(bo_cli_filters *f)
{
	free(f->category);
	for (size_t i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	memset(f, 0, sizeof(*f));
}

/* err's sentence, put after the option that was wrong. */
static int naming(bo_err *err, const char *opt, int rc)
{
	char msg[sizeof(err->msg)];

	if (rc != BO_EINVAL)
		return rc;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return bo_err_set(err, BO_EINVAL, "%s: %s", opt, msg);
}

static int read_tags(bo_cli_filters *f, const bo_cli_args *a, bo_err *err)
{
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < a->nopts; i++)
		n += strcmp(a->opts[i].name, "--tag") == 0;
	if (n == 0)
		return BO_OK;
	if (n > BO_TAGS_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "--tag is given more than %d times",
				  BO_TAGS_MAX);
	if (!(f->tags = calloc(n, sizeof(*f->tags))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->nopts; i++) {
		const char *v = a->opts[i].value;

		if (strcmp(a->opts[i].name, "--tag") != 0)
			continue;
		if ((rc = bo_tag_validate(v, err)) < 0)
			return naming(err, "--tag", rc);
		if (!(f->tags[f->ntags] = strdup(v)))
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		for (char *s = f->tags[f->ntags]; *s; s++)
			if (*s >= 'A' && *s <= 'Z')
				*s = (char)(*s - 'A' + 'a');
		f->ntags++;
	}
	return BO_OK;
}

int bo_cli_filters_read(bo_cli_filters *f, bo_product_query *q, bo_cli_ctx *c,
			bo_err *err)
{
	const bo_cli_args *a = c->args;
	const char *cat = bo_cli_option(a, "--category");
	const char *status = bo_cli_option(a, "--status");
	const char *stock = bo_cli_option(a, "--stock");
	const char *min = bo_cli_option(a, "--price-min");
	const char *max = bo_cli_option(a, "--price-max");
	bool all = bo_cli_option(a, "--all") != NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	if (status && all && strcmp(status, "all") != 0)
		return bo_err_set(err, BO_EUSAGE,
				  "--all is --status all: give only one of "
				  "them");
	if (!status || strcmp(status, "active") == 0)
		q->include_retired = all;
	else if (strcmp(status, "retired") == 0)
		q->retired_only = 1;
	else if (strcmp(status, "all") == 0)
		q->include_retired = 1;
	else
		return bo_err_set(err, BO_EINVAL,
				  "--status must be active, retired or all");
	if (cat) {
		if ((rc = bo_category_parse(&f->category, cat, err)) < 0)
			return naming(err, "--category", rc);
		if (!f->category)
			return bo_err_set(err, BO_EINVAL,
					  "--category must name a category, "
					  "e.g. \"Kitchen / Mugs\"");
		q->category = f->category;
	}
	if ((rc = read_tags(f, a, err)) < 0)
		return rc;
	q->tags = (const char *const *)f->tags;
	q->ntags = f->ntags;
	if (!stock)
		q->stock = BO_STOCK_FILTER_ANY;
	else if (strcmp(stock, "out") == 0)
		q->stock = BO_STOCK_FILTER_OUT;
	else if (strcmp(stock, "low") == 0)
		q->stock = BO_STOCK_FILTER_LOW;
	else if (strcmp(stock, "untracked") == 0)
		q->stock = BO_STOCK_FILTER_UNTRACKED;
	else
		return bo_err_set(err, BO_EINVAL,
				  "--stock must be out, low or untracked");
	if (min) {
		if ((rc = bo_money_parse(&q->price_min.value, min,
					 &c->app->currency, "--price-min",
					 err)) < 0)
			return rc;
		q->price_min.set = true;
	}
	if (max) {
		if ((rc = bo_money_parse(&q->price_max.value, max,
					 &c->app->currency, "--price-max",
					 err)) < 0)
			return rc;
		q->price_max.set = true;
	}
	if (min && max && q->price_min.value > q->price_max.value)
		return bo_err_set(err, BO_EINVAL,
				  "--price-min must not be above --price-max");
	return BO_OK;
}

static const bo_column category_cols[] = {
    {"category", "CATEGORY", BO_COL_ALL},
    {"level", "LEVEL", BO_COL_DATA},
    {"own", "OWN", BO_COL_DATA},
    {"products", "PRODUCTS", BO_COL_ALL | BO_COL_RIGHT},
};
#define CATEGORY_NCOLS (sizeof(category_cols) / sizeof(category_cols[0]))

typedef struct cat_ctx {
	bo_out *out;
	bo_format fmt;
	bo_err err;
	int rc;
} cat_ctx;

static int each_category(void *ctx, const bo_category_count *cc)
{
	cat_ctx *l = ctx;
	bo_cell cells[CATEGORY_NCOLS];
	char *shown = NULL;
	const char *name = cc->path;

	/* the table draws the tree: each level indented under its parent */
	if (l->fmt == BO_FORMAT_TABLE && cc->level > 1) {
		const char *last = strrchr(cc->path, '/') + 2;
		size_t ind = (size_t)(cc->level - 1) * 2;

		if (!(shown = malloc(ind + strlen(last) + 1)))
			return l->rc = bo_err_set(&l->err, BO_ENOMEM,
						  "out of memory");
		memset(shown, ' ', ind);
		strcpy(shown + ind, last);
		name = shown;
	}
	cells[0] = bo_cell_str(name);
	cells[1] = bo_cell_int(cc->level);
	cells[2] = bo_cell_int(cc->own);
	cells[3] = bo_cell_int(cc->products);
	l->rc = bo_out_row(l->out, cells, &l->err);
	free(shown);
	return l->rc;
}

int bo_cli_product_categories(bo_cli_ctx *c, bo_err *err)
{
	cat_ctx l = {0};
	bo_out o;
	int rc;

	bo_out_init(&o, c->out, c->fmt, category_cols, CATEGORY_NCOLS, false);
	l.out = &o;
	l.fmt = c->fmt;
	rc = bo_app_product_categories(c->app,
				       bo_cli_option(c->args, "--all") != NULL,
				       each_category, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}
