/* product bulk (reprice, tax, retire, reactivate, undo, list) and product undo on the command line. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/cli/cli.h"
#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "domain/app_bulk.h"
#include "domain/text.h"

/* ---- the selection ------------------------------------------------------- */

typedef struct sku_list {
	char **items;
	size_t n, cap;
} sku_list;

static void skus_free(sku_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int skus_add(sku_list *l, const char *s, size_t len, bo_err *err)
{
	char *copy;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **items = realloc(l->items, cap * sizeof(*items));
		if (!items)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		l->items = items;
		l->cap = cap;
	}
	if (!(copy = malloc(len + 1)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	memcpy(copy, s, len);
	copy[len] = '\0';
	l->items[l->n++] = copy;
	return BO_OK;
}

/* The SKUs of --skus FILE: one a line, blank lines skipped, a trailing CR
 * and spaces around taken off; - is standard input. */
static int read_sku_file(sku_list *l, const char *path, bo_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	struct stat st;
	FILE *f = stdin;
	int rc = BO_OK;

	if (strcmp(path, "-") != 0) {
		if (!(f = fopen(path, "r"))) {
			int e = errno;
			return bo_err_set(err,
					  e == ENOENT   ? BO_ENOTFOUND
					  : e == EACCES ? BO_EPERM
							: BO_ESTORAGE,
					  "cannot open %s: %s", path,
					  strerror(e));
		}
		if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(f);
			return bo_err_set(err, BO_EINVAL,
					  "%s is a directory, not a file",
					  path);
		}
	}
	while (rc == BO_OK && (got = getline(&line, &cap, f)) >= 0) {
		char *s = line, *e = line + got;
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' ||
				 e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (e > s)
			rc = skus_add(l, s, (size_t)(e - s), err);
	}
	if (rc == BO_OK && ferror(f))
		rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s",
				strcmp(path, "-") ? path : "standard input",
				strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* The filters of product list a selection may take. */
static const char *const filter_opts[] = {
    "--category",  "--tag",       "--status", "--stock",
    "--price-min", "--price-max", NULL};

static bool has_filter(const bo_cli_args *a)
{
	for (const char *const *o = filter_opts; *o; o++)
		if (bo_cli_option(a, *o))
			return true;
	return false;
}

/* A selection's filters: read as product list reads them (f owns what q
 * points at); without --status every product, active or retired, as
 * --search selects them. */
typedef struct sel_filter {
	bo_cli_filters f;
	bo_product_query q;
} sel_filter;

/* --sku (each), --skus FILE, --search and the filters into sel (its SKUs
 * in l, its filters in sf). */
static int selection(bo_cli_ctx *c, sku_list *l, sel_filter *sf,
		     bo_bulk_selection *sel, bo_err *err)
{
	const bo_cli_args *a = c->args;
	int rc;

	memset(sel, 0, sizeof(*sel));
	if (has_filter(a)) {
		if ((rc = bo_cli_filters_read(&sf->f, &sf->q, c, err)) < 0)
			return rc;
		if (!bo_cli_option(a, "--status"))
			sf->q.include_retired = 1;
		sel->filter = &sf->q;
	}
	for (size_t i = 0; i < a->nopts; i++) {
		const bo_cli_opt *o = &a->opts[i];
		if (strcmp(o->name, "--sku") == 0)
			rc = skus_add(l, o->value, strlen(o->value), err);
		else if (strcmp(o->name, "--skus") == 0)
			rc = read_sku_file(l, o->value, err);
		else
			continue;
		if (rc < 0)
			return rc;
	}
	sel->skus = (const char *const *)l->items;
	sel->nskus = l->n;
	sel->search = bo_cli_option(a, "--search");
	if (sel->search && !*sel->search)
		return bo_err_set(err, BO_EINVAL, "search must not be empty");
	return BO_OK;
}

static bool has_selection(const bo_cli_args *a)
{
	return bo_cli_option(a, "--sku") || bo_cli_option(a, "--skus") ||
	       bo_cli_option(a, "--search") || has_filter(a);
}

/* ---- printing a plan ----------------------------------------------------- */

static const bo_column plan_cols[] = {
    {"sku", "SKU", BO_COL_ALL},
    {"name", "NAME", BO_COL_ALL},
    {"field", "FIELD", BO_COL_ALL},
    {"old", "OLD", BO_COL_ALL},
    {"new", "NEW", BO_COL_ALL},
    {"result", "RESULT", BO_COL_ALL},
    {"error", "ERROR", BO_COL_ALL},
    {"row_version", "ROW VERSION", BO_COL_DATA},
};
#define PLAN_NCOLS (sizeof(plan_cols) / sizeof(plan_cols[0]))

static const char *const outcome_names[] = {"changes", "unchanged", "error"};

/* "reprice +10% round cent: 3 products: 2 change, 1 unchanged, 0 in
 * error; prices 30.50 -> 33.55 EUR" */
static void summary(bo_cli_ctx *c, const bo_bulk_plan *p, char *buf,
		    size_t size)
{
	int n = snprintf(buf, size, "%s: ", p->action_text);

	if (n > 0 && (size_t)n < size)
		bo_bulk_plan_summary(p, &c->app->currency, NULL, buf + n,
				     size - (size_t)n);
}

static bo_cell text_cell(const char *s)
{
	return s ? bo_cell_str(s) : bo_cell_null();
}

/* The summary line (stdout for a table, stderr for JSON and CSV, which
 * stay rows only), then every row. */
static int print_plan(bo_cli_ctx *c, const bo_bulk_plan *p, bo_err *err)
{
	char line[BO_BULK_TEXT_MAX + 256], oldv[64], newv[64];
	const bo_currency *cur = &c->app->currency;
	bo_out o;
	int rc = BO_OK;

	summary(c, p, line, sizeof(line));
	fprintf(c->fmt == BO_FORMAT_TABLE ? c->out : stderr, "%s\n", line);
	bo_out_init(&o, c->out, c->fmt, plan_cols, PLAN_NCOLS, false);
	for (size_t i = 0; i < p->n && rc == BO_OK; i++) {
		const bo_bulk_row *r = &p->rows[i];
		bo_cell cells[PLAN_NCOLS];
		cells[0] = bo_cell_str(r->sku);
		cells[1] = bo_cell_str(r->name);
		cells[2] = bo_cell_str(bo_product_field_name(r->field));
		cells[3] = bo_cell_str(bo_bulk_value_text(
		    oldv, sizeof(oldv), r->field, r->old_value, cur));
		if (r->field == BO_PF_CATEGORY || r->field == BO_PF_TAGS) {
			/* the texts; none is an empty cell (null in JSON) */
			cells[3] = text_cell(r->old_text);
			cells[4] = text_cell(r->new_text);
		}
		if (r->outcome == BO_BULK_FAILS)
			cells[4] = bo_cell_null();
		else if (r->field != BO_PF_CATEGORY && r->field != BO_PF_TAGS)
			cells[4] = bo_cell_str(bo_bulk_value_text(
			    newv, sizeof(newv), r->field, r->new_value, cur));
		cells[5] = bo_cell_str(outcome_names[r->outcome]);
		cells[6] = r->error ? bo_cell_str(r->error) : bo_cell_null();
		cells[7] = bo_cell_int(r->row_version);
		rc = bo_out_row(&o, cells, err);
	}
	return bo_out_close(&o, rc, 0, NULL, err);
}

/* Prints plan and stops with --dry-run; else applies it and prints it
 * (a plan in error first, so its table lists what is wrong). */
static int preview_and_apply(bo_cli_ctx *c, const bo_bulk_plan *plan,
			     bo_err *err)
{
	char *id = NULL;
	bool replayed = false;
	int rc;

	if (bo_cli_option(c->args, "--dry-run")) {
		if ((rc = print_plan(c, plan, err)) == BO_OK)
			fprintf(stderr, "dry run: nothing was changed\n");
		return rc;
	}
	if (plan->errors && (rc = print_plan(c, plan, err)) < 0)
		return rc;
	if ((rc = bo_app_bulk_apply(c->app, plan, &id, &replayed, err)) < 0)
		return rc;
	if (replayed) {
		fprintf(c->out,
			"already applied under command id %s: bulk %s; "
			"nothing written now\n",
			c->app->command_id, id);
	} else if ((rc = print_plan(c, plan, err)) == BO_OK) {
		if (id)
			fprintf(stderr,
				"applied bulk %s: %zu product%s changed\n", id,
				plan->changes, plan->changes == 1 ? "" : "s");
		else
			fprintf(stderr,
				"nothing to change: 0 products changed\n");
	}
	free(id);
	return rc;
}

/* ---- the actions --------------------------------------------------------- */

/* Options that belong to another action are a usage error. */
static int only(const bo_cli_args *a, const char *action,
		const char *const *allowed, bo_err *err)
{
	static const char *const action_opts[] = {
	    "--by",     "--round",     "--rate",      "--sku", "--skus",
	    "--search", "--dry-run",   "--limit",     "--to",  "--none",
	    "--add",    "--remove",    "--category",  "--tag", "--status",
	    "--stock",  "--price-min", "--price-max", NULL};

	for (const char *const *o = action_opts; *o; o++) {
		bool ok = false;
		if (!bo_cli_option(a, *o))
			continue;
		for (const char *const *w = allowed; *w; w++)
			ok = ok || strcmp(*w, *o) == 0;
		if (!ok)
			return bo_err_set(err, BO_EUSAGE,
					  "product bulk %s does not take %s "
					  "(see 'backoffice product bulk "
					  "--help')",
					  action, *o);
	}
	return BO_OK;
}

#define SELECT_OPTS                                                            \
	"--sku", "--skus", "--search", "--dry-run", "--category", "--tag",     \
	    "--status", "--stock", "--price-min", "--price-max"

/* product bulk category --to PATH | --none; product bulk tag --add TAG |
 * --remove TAG: the action into act. */
static int text_action(const bo_cli_args *a, const char *action,
		       bo_bulk_action *act, bool parse, bo_err *err)
{
	static const char *const category_opts[] = {"--to", "--none",
						    SELECT_OPTS, NULL};
	static const char *const tag_opts[] = {"--add", "--remove", SELECT_OPTS,
					       NULL};
	const char *v;
	int rc;

	if (strcmp(action, "category") == 0) {
		if ((rc = only(a, action, category_opts, err)) < 0)
			return rc;
		v = bo_cli_option(a, "--to");
		if (!v == !bo_cli_option(a, "--none"))
			return bo_err_set(err, BO_EUSAGE,
					  "product bulk category needs one of "
					  "--to PATH or --none");
		return parse ? bo_bulk_parse_category(act, v ? v : "", err)
			     : BO_OK;
	}
	if ((rc = only(a, action, tag_opts, err)) < 0)
		return rc;
	v = bo_cli_option(a, "--add");
	if (!v == !bo_cli_option(a, "--remove"))
		return bo_err_set(err, BO_EUSAGE,
				  "product bulk tag needs one of --add TAG or "
				  "--remove TAG");
	return parse ? bo_bulk_parse_tag(act,
					 v ? v : bo_cli_option(a, "--remove"),
					 v != NULL, err)
		     : BO_OK;
}

static int bulk_change(bo_cli_ctx *c, const char *action, bo_err *err)
{
	static const char *const reprice_opts[] = {"--by", "--round",
						   SELECT_OPTS, NULL};
	static const char *const tax_opts[] = {"--rate", SELECT_OPTS, NULL};
	static const char *const plain_opts[] = {SELECT_OPTS, NULL};
	const bo_cli_args *a = c->args;
	const bo_currency *cur = &c->app->currency;
	bo_bulk_action act = {0};
	bo_bulk_selection sel;
	bo_bulk_plan plan = {0};
	sku_list l = {0};
	sel_filter sf;
	const char *v;
	int rc;

	memset(&sf, 0, sizeof(sf));
	if (strcmp(action, "category") == 0 || strcmp(action, "tag") == 0) {
		rc = text_action(a, action, &act, false, err);
	} else if (strcmp(action, "reprice") == 0) {
		act.kind = BO_BULK_REPRICE;
		rc = only(a, action, reprice_opts, err);
		if (rc == BO_OK && !(v = bo_cli_option(a, "--by")))
			rc = bo_err_set(err, BO_EUSAGE,
					"product bulk reprice needs --by "
					"(a percentage or an amount)");
	} else if (strcmp(action, "tax") == 0) {
		act.kind = BO_BULK_TAX;
		rc = only(a, action, tax_opts, err);
		if (rc == BO_OK && !bo_cli_option(a, "--rate"))
			rc = bo_err_set(err, BO_EUSAGE,
					"product bulk tax needs --rate");
	} else {
		act.kind = strcmp(action, "retire") == 0 ? BO_BULK_RETIRE
							 : BO_BULK_REACTIVATE;
		rc = only(a, action, plain_opts, err);
	}
	if (rc < 0)
		return rc;
	if (a->npos > 1)
		return bo_err_set(err, BO_EUSAGE,
				  "product bulk %s takes no argument after it "
				  "('%s'); name products with --sku",
				  action, a->pos[1]);
	if (!has_selection(a))
		return bo_err_set(err, BO_EUSAGE,
				  "product bulk %s needs a selection: --sku "
				  "SKU, --skus FILE, --search TEXT or a "
				  "filter (--category, --tag, --status, "
				  "--stock, --price-min, --price-max)",
				  action);
	if ((strcmp(action, "category") == 0 || strcmp(action, "tag") == 0) &&
	    (rc = text_action(a, action, &act, true, err)) < 0)
		return rc;
	if (act.kind == BO_BULK_REPRICE) {
		if ((rc = bo_bulk_parse_by(&act, bo_cli_option(a, "--by"), cur,
					   err)) < 0)
			return rc;
		if ((v = bo_cli_option(a, "--round")) &&
		    (rc = bo_bulk_parse_round(&act, v, cur, err)) < 0)
			return rc;
	} else if (act.kind == BO_BULK_TAX &&
		   (rc = bo_rate_parse(&act.tax_bp, bo_cli_option(a, "--rate"),
				       "rate", err)) < 0) {
		return rc;
	}
	if ((rc = selection(c, &l, &sf, &sel, err)) == BO_OK &&
	    (rc = bo_app_bulk_preview(c->app, &act, &sel, &plan, err)) == BO_OK)
		rc = preview_and_apply(c, &plan, err);
	bo_bulk_plan_clear(&plan);
	bo_cli_filters_clear(&sf.f);
	skus_free(&l);
	return rc;
}

static int bulk_undo(bo_cli_ctx *c, bo_err *err)
{
	static const char *const undo_opts[] = {"--dry-run", NULL};
	bo_bulk_plan plan = {0};
	int rc;

	if ((rc = only(c->args, "undo", undo_opts, err)) < 0)
		return rc;
	if (c->args->npos != 2)
		return bo_err_set(err, BO_EUSAGE,
				  c->args->npos < 2
				      ? "product bulk undo needs the bulk ID "
					"(see 'backoffice product bulk list')"
				      : "product bulk undo takes one bulk ID");
	if ((rc = bo_app_bulk_undo_preview(c->app, c->args->pos[1], &plan,
					   err)) == BO_OK)
		rc = preview_and_apply(c, &plan, err);
	bo_bulk_plan_clear(&plan);
	return rc;
}

static const bo_column list_cols[] = {
    {"id", "ID", BO_COL_ALL},
    {"when", "WHEN", BO_COL_ALL},
    {"user", "USER", BO_COL_ALL},
    {"action", "ACTION", BO_COL_ALL},
    {"products", "PRODUCTS", BO_COL_ALL | BO_COL_RIGHT},
    {"undone_by", "UNDONE BY", BO_COL_ALL},
    {"undoes", "UNDOES", BO_COL_DATA},
    {"from_position", "FROM POSITION", BO_COL_DATA},
    {"to_position", "TO POSITION", BO_COL_DATA},
};
#define LIST_NCOLS (sizeof(list_cols) / sizeof(list_cols[0]))

typedef struct list_ctx {
	bo_out *o;
	bo_err *err;
} list_ctx;

static int list_row(void *ctx, const bo_bulk_record *r)
{
	list_ctx *l = ctx;
	bo_cell cells[LIST_NCOLS];

	cells[0] = bo_cell_str(r->id);
	cells[1] = bo_cell_time(r->at);
	cells[2] = bo_cell_str(r->user);
	cells[3] = bo_cell_str(r->action);
	cells[4] = bo_cell_int(r->count);
	cells[5] = r->undone_by ? bo_cell_str(r->undone_by) : bo_cell_null();
	cells[6] = r->undoes ? bo_cell_str(r->undoes) : bo_cell_null();
	cells[7] = bo_cell_int(r->from_position);
	cells[8] = bo_cell_int(r->to_position);
	return bo_out_row(l->o, cells, l->err);
}

static int bulk_list(bo_cli_ctx *c, bo_err *err)
{
	static const char *const list_opts[] = {"--limit", NULL};
	const char *lim = bo_cli_option(c->args, "--limit");
	int64_t limit = 50;
	bo_out o;
	list_ctx l = {&o, err};
	int rc;

	if ((rc = only(c->args, "list", list_opts, err)) < 0)
		return rc;
	if (c->args->npos > 1)
		return bo_err_set(err, BO_EUSAGE,
				  "product bulk list takes no argument ('%s')",
				  c->args->pos[1]);
	if (lim && (rc = bo_cli_parse_count(&limit, lim, "limit", err)) < 0)
		return rc;
	bo_out_init(&o, c->out, c->fmt, list_cols, LIST_NCOLS, false);
	rc = bo_app_bulk_list(c->app, limit, list_row, &l, err);
	return bo_out_close(&o, rc, 0, NULL, err);
}

int bo_cli_product_bulk(bo_cli_ctx *c, bo_err *err)
{
	const char *action = c->args->pos[0];

	if (strcmp(action, "reprice") == 0 || strcmp(action, "tax") == 0 ||
	    strcmp(action, "retire") == 0 ||
	    strcmp(action, "reactivate") == 0 ||
	    strcmp(action, "category") == 0 || strcmp(action, "tag") == 0)
		return bulk_change(c, action, err);
	if (strcmp(action, "undo") == 0)
		return bulk_undo(c, err);
	if (strcmp(action, "list") == 0)
		return bulk_list(c, err);
	return bo_err_set(err, BO_EUSAGE,
			  "unknown bulk action '%s': reprice, tax, retire, "
			  "reactivate, category, tag, undo or list",
			  action);
}
