/* product export (the catalogue as CSV, streamed) and product import (its preview as a diff, then one transaction). */
#include "adapters/cli/cli_catalogue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/cli/cli_output.h"
#include "domain/catalogue.h"

/* One field as RFC 4180 has it: quoted, with quotes doubled, when it holds
 * a comma, a quote, CR or LF. Written as stored (no spreadsheet formula
 * guard), so that the file reads back to the same values. */
static void put_field(FILE *f, const char *s, int first)
{
	if (!first)
		putc(',', f);
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

typedef struct export_ctx {
	FILE *f;
	const bo_currency *cur;
} export_ctx;

static int export_row(void *ctx, const bo_product *p)
{
	export_ctx *x = ctx;
	char buf[BO_CAT_TEXT_BUFSZ];

	for (int c = 0; c < BO_CAT__COUNT; c++)
		put_field(x->f, bo_cat_text(p, (bo_cat_col)c, x->cur, buf),
			  c == 0);
	fputs("\r\n", x->f);
	return ferror(x->f) ? BO_ESTORAGE : 0;
}

int bo_cli_product_export(bo_cli_ctx *c, bo_err *err)
{
	bo_product_query q = {0};
	export_ctx x = {c->out, &c->app->currency};
	int rc;

	q.include_retired = bo_cli_option(c->args, "--all") != NULL;
	for (int col = 0; col < BO_CAT__COUNT; col++)
		put_field(c->out, bo_cat_col_names[col], col == 0);
	fputs("\r\n", c->out);
	rc = bo_app_product_list(c->app, &q, export_row, &x, err);
	if (rc == BO_ESTORAGE && ferror(c->out))
		return bo_err_set(err, BO_ESTORAGE,
				  "the export cannot be written: %s",
				  strerror(errno));
	return rc;
}

/* ---- import ---------------------------------------------------------------- */

#define DIFF_NCOLS 7

static const bo_column diff_cols[DIFF_NCOLS] = {
    {"line", "LINE", BO_COL_ALL | BO_COL_RIGHT},
    {"sku", "SKU", BO_COL_ALL},
    {"action", "ACTION", BO_COL_ALL},
    {"field", "FIELD", BO_COL_ALL},
    {"old", "OLD", BO_COL_ALL},
    {"new", "NEW", BO_COL_ALL},
    {"error", "ERROR", BO_COL_ALL},
};

/* The summary line (a table only) and the diff: every row in CSV and
 * JSON, the changes and errors in a table. */
static int print_diff(bo_cli_ctx *c, const bo_cat_plan *plan, bo_err *err)
{
	bool table = c->fmt == BO_FORMAT_TABLE;
	char summary[128];
	bo_out o;
	int rc = BO_OK;

	if (table) {
		bo_cat_summary(plan, summary, sizeof(summary));
		fprintf(c->out, "%s\n", summary);
		if (plan->added + plan->changed + plan->errors == 0)
			return BO_OK;
	}
	bo_out_init(&o, c->out, c->fmt, diff_cols, DIFF_NCOLS, false);
	for (size_t i = 0; i < plan->ndiffs && rc == BO_OK; i++) {
		const bo_cat_diff *d = &plan->diffs[i];
		bo_cell cells[DIFF_NCOLS];

		if (table && d->action == BO_CAT_UNCHANGED)
			continue;
		cells[0] = bo_cell_int(d->line);
		cells[1] = bo_cell_str(d->sku);
		cells[2] = bo_cell_str(bo_cat_action_names[d->action]);
		cells[3] = bo_cell_str(d->field);
		cells[4] = bo_cell_str(d->old_text);
		cells[5] = bo_cell_str(d->new_text);
		cells[6] = bo_cell_str(d->error);
		rc = bo_out_row(&o, cells, err);
	}
	return bo_out_close(&o, rc, 0, NULL, err);
}

static int open_file(FILE **out, const char *path, bo_err *err)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0) {
		*out = stdin;
		return BO_OK;
	}
	if (!(f = fopen(path, "r"))) {
		int e = errno;

		return bo_err_set(err,
				  e == ENOENT   ? BO_ENOTFOUND
				  : e == EACCES ? BO_EPERM
						: BO_ESTORAGE,
				  "cannot open %s: %s", path, strerror(e));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return bo_err_set(err, BO_EINVAL,
				  "%s is a directory, not a file", path);
	}
	*out = f;
	return BO_OK;
}

int bo_cli_product_import(bo_cli_ctx *c, bo_err *err)
{
	const char *path = c->args->pos[0];
	bool dry = bo_cli_option(c->args, "--dry-run") != NULL;
	const char *id = c->app->command_id;
	bo_cat_plan plan = {0};
	char *replayed = NULL;
	FILE *in = NULL;
	int rc;

	if ((rc = open_file(&in, path, err)) < 0)
		return rc;
	rc = bo_app_catalogue_plan(c->app, in, &plan, err);
	if (in != stdin)
		fclose(in);
	if (rc < 0)
		goto out;
	if (plan.errors) {
		/* the diff names every error; stderr says it in one line */
		if ((rc = print_diff(c, &plan, err)) == BO_OK)
			rc = bo_err_set(
			    err, BO_EINVAL,
			    "%zu row%s of %s %s in error; nothing "
			    "was imported",
			    plan.errors, plan.errors == 1 ? "" : "s",
			    strcmp(path, "-") ? path : "standard input",
			    plan.errors == 1 ? "is" : "are");
		goto out;
	}
	if (dry) {
		rc = print_diff(c, &plan, err);
		goto out;
	}
	if ((rc = bo_app_catalogue_apply(c->app, &plan, &replayed, err)) < 0)
		goto out;
	if (replayed) {
		fprintf(c->out,
			"already imported under command id %s: %s; nothing "
			"written now\n",
			id, replayed);
		goto out;
	}
	rc = print_diff(c, &plan, err);
out:
	free(replayed);
	bo_cat_plan_clear(&plan);
	return rc;
}
