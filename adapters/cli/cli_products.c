/* Commands of the catalogue and of staff: product ..., user add and list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/app_bulk.h"
#include "domain/termtext.h"

/* Listing and record columns line up with the cells of product_cells. */
#define PRODUCT_NCOLS 15

static const bo_column product_list_cols[PRODUCT_NCOLS] = {
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"description", "DESCRIPTION", BO_COL_DATA},
    {"price", "PRICE", BO_COL_ALL | BO_COL_RIGHT},
    {"currency", "CURRENCY", BO_COL_DATA},
    {"tax_rate", "TAX %", BO_COL_ALL | BO_COL_RIGHT},
    {"stock", "STOCK", BO_COL_ALL | BO_COL_RIGHT},
    {"status", "STATUS", BO_COL_ALL},
    {"id", "ID", BO_COL_DATA},
    {"row_version", "ROW VERSION", BO_COL_DATA},
    {"created_at", "CREATED", BO_COL_DATA},
    {"updated_at", "UPDATED", BO_COL_DATA},
    {"low_stock", "LOW STOCK", BO_COL_DATA},
    {"category", "CATEGORY", BO_COL_ALL},
    {"tags", "TAGS", BO_COL_DATA},
};

static const bo_column product_show_cols[PRODUCT_NCOLS] = {
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"description", "DESCRIPTION", BO_COL_ALL},
    {"price", "PRICE", BO_COL_ALL},
    {"currency", "CURRENCY", BO_COL_ALL},
    {"tax_rate", "TAX %", BO_COL_ALL},
    {"stock", "STOCK", BO_COL_ALL},
    {"status", "STATUS", BO_COL_ALL},
    {"id", "ID", BO_COL_ALL},
    {"row_version", "ROW VERSION", BO_COL_ALL},
    {"created_at", "CREATED", BO_COL_ALL},
    {"updated_at", "UPDATED", BO_COL_ALL},
    {"low_stock", "LOW STOCK", BO_COL_ALL},
    {"category", "CATEGORY", BO_COL_ALL},
    {"tags", "TAGS", BO_COL_ALL},
};

static void product_cells(bo_cell *cells, const bo_product *p,
			  const bo_currency *cur)
{
	cells[0] = bo_cell_str(p->sku);
	cells[1] = bo_cell_str(p->name);
	cells[2] = bo_cell_str(p->description ? p->description : "");
	cells[3] = bo_cell_money(p->price, cur);
	cells[4] = bo_cell_str(cur->code);
	cells[5] = bo_cell_rate(p->tax_bp);
	cells[6] = p->stock == BO_STOCK_UNTRACKED ? bo_cell_null()
						  : bo_cell_int(p->stock);
	cells[7] = bo_cell_str(p->retired ? "retired" : "active");
	cells[8] = bo_cell_int(p->id);
	cells[9] = bo_cell_int(p->row_version);
	cells[10] = bo_cell_time(p->created_at);
	cells[11] = bo_cell_time(p->updated_at);
	/* none of its own: empty (null in JSON), the tenant's applies */
	cells[12] = p->low_stock_threshold.set
			? bo_cell_int(p->low_stock_threshold.value)
			: bo_cell_null();
	cells[13] = bo_cell_str(p->category ? p->category : "");
	cells[14] = bo_cell_str(p->tags ? p->tags : "");
}

static int print_product(bo_cli_ctx *c, const bo_product *p, bo_err *err)
{
	bo_cell cells[PRODUCT_NCOLS];
	bo_out o;
	int rc;

	bo_out_init(&o, c->out, c->fmt, product_show_cols, PRODUCT_NCOLS, true);
	product_cells(cells, p, &c->app->currency);
	rc = bo_out_row(&o, cells, err);
	return bo_out_close(&o, rc, 0, NULL, err);
}

/* The record commands print the product their service handed back. */
static int print_cleared(bo_cli_ctx *c, int rc, bo_product *p, bo_err *err)
{
	if (rc == 0)
		rc = print_product(c, p, err);
	bo_product_clear(p);
	return rc;
}

/* The values of every occurrence of a repeatable option joined by ";" (a
 * tag list), malloc'd; NULL when absent. BO_EINVAL for an empty value,
 * BO_ENOMEM. */
static int joined_option(char **out, const bo_cli_args *a, const char *name,
			 bo_err *err)
{
	size_t len = 0;
	char *s;

	*out = NULL;
	for (size_t i = 0; i < a->nopts; i++) {
		if (strcmp(a->opts[i].name, name) != 0 || !a->opts[i].value)
			continue;
		if (!*a->opts[i].value)
			return bo_err_set(err, BO_EINVAL, "%s must name a tag",
					  name);
		len += strlen(a->opts[i].value) + 1;
	}
	if (len == 0)
		return BO_OK;
	if (!(s = calloc(1, len)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0 && a->opts[i].value) {
			if (*s)
				strcat(s, ";");
			strcat(s, a->opts[i].value);
		}
	*out = s;
	return BO_OK;
}

static void read_edit(bo_product_edit *e, const bo_cli_args *a)
{
	e->category = bo_cli_option(a, "--category");
	e->tags = bo_cli_option(a, "--tags");
	e->sku = bo_cli_option(a, "--sku");
	e->name = bo_cli_option(a, "--name");
	e->description = bo_cli_option(a, "--description");
	e->price = bo_cli_option(a, "--price");
	e->tax_rate = bo_cli_option(a, "--tax-rate");
	e->stock = bo_cli_option(a, "--stock");
	e->low_stock = bo_cli_option(a, "--low-stock");
}

int bo_cli_product_add(bo_cli_ctx *c, bo_err *err)
{
	bo_product_edit e = {0};
	bo_product p = {0};
	int rc;

	read_edit(&e, c->args);
	rc = bo_app_product_add(c->app, &e, &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_edit(bo_cli_ctx *c, bo_err *err)
{
	bo_product_edit e = {0};
	bo_product p = {0};
	char *add = NULL, *del = NULL;
	int rc;

	read_edit(&e, c->args);
	if ((rc = joined_option(&add, c->args, "--add-tag", err)) < 0 ||
	    (rc = joined_option(&del, c->args, "--remove-tag", err)) < 0)
		goto out;
	e.add_tags = add;
	e.remove_tags = del;
	if (!e.sku && !e.name && !e.description && !e.price && !e.tax_rate &&
	    !e.stock && !e.low_stock && !e.category && !e.tags && !add &&
	    !del) {
		rc = bo_err_set(err, BO_EUSAGE,
				"product edit needs at least one of --sku, "
				"--name, --price, --tax-rate, --description, "
				"--stock, --low-stock, --category, --tags, "
				"--add-tag or --remove-tag (see 'backoffice "
				"product edit --help')");
		goto out;
	}
	rc = bo_app_product_edit(c->app, c->args->pos[0], &e, 0, &p, err);
	rc = print_cleared(c, rc, &p, err);
out:
	free(add);
	free(del);
	return rc;
}

int bo_cli_product_show(bo_cli_ctx *c, bo_err *err)
{
	bo_product p = {0};
	int rc;

	rc = bo_app_product_get(c->app, c->args->pos[0], &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_stock(bo_cli_ctx *c, bo_err *err)
{
	bo_stock_adjust in = {0};
	bo_product p = {0};
	int rc;

	in.add = bo_cli_option(c->args, "--add");
	in.set = bo_cli_option(c->args, "--set");
	in.reason = bo_cli_option(c->args, "--reason");
	in.note = bo_cli_option(c->args, "--note");
	if (!in.add == !in.set)
		return bo_err_set(err, BO_EUSAGE,
				  "product stock needs exactly one of --add "
				  "and --set (see 'backoffice product stock "
				  "--help')");
	rc = bo_app_product_stock(c->app, c->args->pos[0], &in, 0, &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_retire(bo_cli_ctx *c, bo_err *err)
{
	bo_product p = {0};
	int rc;

	rc = bo_app_product_retire(c->app, c->args->pos[0], &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_reactivate(bo_cli_ctx *c, bo_err *err)
{
	bo_product p = {0};
	int rc;

	rc = bo_app_product_reactivate(c->app, c->args->pos[0], &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_undo(bo_cli_ctx *c, bo_err *err)
{
	const char *v = bo_cli_option(c->args, "--expect-version");
	int64_t expect = 0;
	bo_product p = {0};
	int rc;

	if (v && (rc = bo_cli_parse_count(&expect, v, "expect-version", err)) <
		     0)
		return rc;
	rc = bo_app_product_undo(c->app, c->args->pos[0], expect, &p, err);
	return print_cleared(c, rc, &p, err);
}

int bo_cli_product_delete(bo_cli_ctx *c, bo_err *err)
{
	int64_t n = 0;
	bo_err ignored;
	int rc;

	/* counted first: after the delete the SKU is gone from the catalogue,
	 * not from the orders' keys, but the question is about what it was */
	bo_err_clear(&ignored);
	if (bo_app_product_orders(c->app, c->args->pos[0], 0, &n, &ignored) < 0)
		n = 0;
	if ((rc = bo_app_product_delete(c->app, c->args->pos[0], err)) < 0)
		return rc;
	if (n > 0) {
		char *sku = bo_term_sanitize(c->args->pos[0]);

		fprintf(stderr,
			"warning: %s is on %lld order%s, which keep%s %s "
			"lines\n",
			sku ? sku : "the product", (long long)n,
			n == 1 ? "" : "s", n == 1 ? "s" : "",
			n == 1 ? "its" : "their");
		free(sku);
	}
	return rc;
}

/* State of a listing callback: its writer, and a failure of its own. */
typedef struct list_ctx {
	bo_out *out;
	const bo_currency *cur;
	bo_err err;
	int rc;
} list_ctx;

static int each_product(void *ctx, const bo_product *p)
{
	list_ctx *l = ctx;
	bo_cell cells[PRODUCT_NCOLS];

	product_cells(cells, p, l->cur);
	l->rc = bo_out_row(l->out, cells, &l->err);
	return l->rc;
}

int bo_cli_product_list(bo_cli_ctx *c, bo_err *err)
{
	bo_product_query q = {0};
	const char *limit = bo_cli_option(c->args, "--limit");
	list_ctx l = {0};
	bo_out o;
	int rc;

	bo_cli_filters f;

	q.search = bo_cli_option(c->args, "--search");
	if ((rc = bo_cli_filters_read(&f, &q, c, err)) < 0) {
		bo_cli_filters_clear(&f);
		return rc;
	}
	if (limit) {
		rc = bo_cli_parse_count(&q.limit, limit, "--limit", err);
		if (rc < 0) {
			bo_cli_filters_clear(&f);
			return rc;
		}
	}
	bo_out_init(&o, c->out, c->fmt, product_list_cols, PRODUCT_NCOLS,
		    false);
	l.out = &o;
	l.cur = &c->app->currency;
	rc = bo_app_product_list(c->app, &q, each_product, &l, err);
	bo_cli_filters_clear(&f);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}

int bo_cli_user_add(bo_cli_ctx *c, bo_err *err)
{
	return bo_app_user_add(c->app, c->args->pos[0],
			       bo_cli_option(c->args, "--role"), err);
}

int bo_cli_user_disable(bo_cli_ctx *c, bo_err *err)
{
	return bo_app_user_disable(c->app, c->args->pos[0], err);
}

int bo_cli_user_enable(bo_cli_ctx *c, bo_err *err)
{
	return bo_app_user_enable(c->app, c->args->pos[0], err);
}

int bo_cli_user_role(bo_cli_ctx *c, bo_err *err)
{
	return bo_app_user_set_role(c->app, c->args->pos[0], c->args->pos[1],
				    err);
}

#define USER_NCOLS 4

static const bo_column user_cols[USER_NCOLS] = {
    {"name", "NAME", BO_COL_ALL},
    {"role", "ROLE", BO_COL_ALL},
    {"status", "STATUS", BO_COL_ALL},
    {"created_at", "CREATED", BO_COL_ALL},
};

static int each_user(void *ctx, const bo_user *u)
{
	list_ctx *l = ctx;
	bo_cell cells[USER_NCOLS];

	cells[0] = bo_cell_str(u->name);
	cells[1] = bo_cell_str(bo_role_name(u->role));
	cells[2] = bo_cell_str(u->disabled ? "disabled" : "enabled");
	cells[3] = bo_cell_time(u->created_at);
	l->rc = bo_out_row(l->out, cells, &l->err);
	return l->rc;
}

int bo_cli_user_list(bo_cli_ctx *c, bo_err *err)
{
	list_ctx l = {0};
	bo_out o;
	int rc;

	bo_out_init(&o, c->out, c->fmt, user_cols, USER_NCOLS, false);
	l.out = &o;
	rc = bo_app_user_list(c->app, each_user, &l, err);
	return bo_out_close(&o, rc, l.rc, &l.err, err);
}

/* product history: one row per changed field, oldest first. */
static const bo_column history_cols[] = {
    {"event", "EVENT", BO_COL_ALL | BO_COL_RIGHT},
    {"version", "VERSION", BO_COL_ALL | BO_COL_RIGHT},
    {"when", "WHEN", BO_COL_ALL},
    {"who", "WHO", BO_COL_ALL},
    {"role", "ROLE", BO_COL_ALL},
    {"field", "FIELD", BO_COL_ALL},
    {"old", "OLD", BO_COL_ALL},
    {"new", "NEW", BO_COL_ALL},
    {"type", "TYPE", BO_COL_DATA},
    {"product_id", "PRODUCT ID", BO_COL_DATA},
    /* last, so the data formats only grew: a stock adjustment's why */
    {"reason", "REASON", BO_COL_ALL},
    {"note", "NOTE", BO_COL_DATA},
    /* the bulk action that made the change */
    {"bulk", "BULK", BO_COL_ALL},
};
#define HISTORY_NCOLS (sizeof(history_cols) / sizeof(history_cols[0]))

/* The --field option: -1 (all) when absent. */
static int field_option(int *out, const bo_cli_args *a, bo_err *err)
{
	const char *name = bo_cli_option(a, "--field");
	bo_product_field f;
	int rc;

	*out = -1;
	if (!name)
		return BO_OK;
	if ((rc = bo_product_field_parse(&f, name, "--field", err)) < 0)
		return rc;
	*out = (int)f;
	return BO_OK;
}

int bo_cli_product_history(bo_cli_ctx *c, bo_err *err)
{
	bo_history h = {0};
	bo_cell cells[HISTORY_NCOLS];
	char *why = NULL;
	bo_out o;
	int only, rc;

	if ((rc = field_option(&only, c->args, err)) < 0)
		return rc;
	if ((rc = bo_app_product_history(c->app, c->args->pos[0], only, &h,
					 err)) < 0)
		return rc;
	bo_out_init(&o, c->out, c->fmt, history_cols, HISTORY_NCOLS, false);
	for (size_t i = 0; i < h.n && rc >= 0; i++) {
		const bo_history_row *r = &h.rows[i];
		cells[0] = bo_cell_int(r->position);
		cells[1] = bo_cell_int(r->version);
		cells[2] = bo_cell_time(r->recorded_at);
		cells[3] = bo_cell_str(r->user);
		cells[4] = bo_cell_str(r->role);
		cells[5] = bo_cell_str(bo_product_field_name(r->field));
		cells[6] = bo_cell_str(r->old_value);
		cells[7] = bo_cell_str(r->new_value);
		cells[8] = bo_cell_str(bo_event_kind_name(r->kind));
		cells[9] = bo_cell_int(r->product_id);
		/* the table's REASON carries the note too: "damaged: dropped" */
		if (c->fmt == BO_FORMAT_TABLE && r->reason && r->note) {
			if (!(why = malloc(strlen(r->reason) +
					   strlen(r->note) + 3))) {
				rc = bo_err_set(err, BO_ENOMEM,
						"out of memory");
				break;
			}
			sprintf(why, "%s: %s", r->reason, r->note);
			cells[10] = bo_cell_str(why);
		} else {
			cells[10] = r->reason ? bo_cell_str(r->reason)
					      : bo_cell_null();
		}
		cells[11] = r->note ? bo_cell_str(r->note) : bo_cell_null();
		cells[12] = r->bulk_id ? bo_cell_str(r->bulk_id) : bo_cell_null();
		rc = bo_out_row(&o, cells, err);
		free(why);
		why = NULL;
	}
	bo_history_clear(&h);
	return bo_out_close(&o, rc, 0, NULL, err);
}

static const bo_column revert_cols[] = {
    {"sku", "SKU", BO_COL_ALL},
    {"field", "FIELD", BO_COL_ALL},
    {"old", "OLD", BO_COL_ALL},
    {"new", "NEW", BO_COL_ALL},
    {"changed", "CHANGED", BO_COL_ALL},
    {"row_version", "ROW VERSION", BO_COL_ALL},
};
#define REVERT_NCOLS (sizeof(revert_cols) / sizeof(revert_cols[0]))

int bo_cli_product_revert(bo_cli_ctx *c, bo_err *err)
{
	const char *to = bo_cli_option(c->args, "--to");
	bo_product_revert r = {0};
	bo_cell cells[REVERT_NCOLS];
	bo_product_field field;
	int64_t position;
	bo_out o;
	int rc;

	if ((rc = bo_product_field_parse(&field,
					 bo_cli_option(c->args, "--field"),
					 "--field", err)) < 0 ||
	    (rc = bo_cli_parse_count(&position, to, "--to", err)) < 0)
		return rc;
	if ((rc = bo_app_product_revert(c->app, c->args->pos[0], field,
					position, 0, &r, err)) < 0)
		return rc;
	if (!r.changed) {
		char *v = bo_term_sanitize(r.new_value);
		fprintf(stderr, "%s of %s is already %s; nothing changed\n",
			bo_product_field_name(field), r.product.sku,
			v ? v : r.new_value);
		free(v);
	}
	bo_out_init(&o, c->out, c->fmt, revert_cols, REVERT_NCOLS, true);
	cells[0] = bo_cell_str(r.product.sku);
	cells[1] = bo_cell_str(bo_product_field_name(field));
	cells[2] = bo_cell_str(r.old_value);
	cells[3] = bo_cell_str(r.new_value);
	cells[4] = bo_cell_str(r.changed ? "yes" : "no");
	cells[5] = bo_cell_int(r.product.row_version);
	rc = bo_out_row(&o, cells, err);
	bo_product_revert_clear(&r);
	return bo_out_close(&o, rc, 0, NULL, err);
}
