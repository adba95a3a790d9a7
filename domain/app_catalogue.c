/* The catalogue import: a CSV file compared with the store row by row (the preview), then written in one transaction through the product services. */
#include "catalogue.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "csv_reader.h"
#include "projections/engine.h"
#include "text.h"

const char *const bo_cat_col_names[BO_CAT__COUNT] = {
    "sku",   "name",      "description", "price",    "tax_rate",
    "stock", "low_stock", "status",      "category", "tags"};

const char *const bo_cat_action_names[4] = {"added", "changed", "unchanged",
					    "error"};

const char *bo_cat_text(const bo_product *p, bo_cat_col c,
			const bo_currency *cur, char *buf)
{
	switch (c) {
	case BO_CAT_SKU:
		return p->sku ? p->sku : "";
	case BO_CAT_NAME:
		return p->name ? p->name : "";
	case BO_CAT_DESCRIPTION:
		return p->description ? p->description : "";
	case BO_CAT_PRICE:
		return bo_money_format(buf, p->price, cur);
	case BO_CAT_TAX_RATE:
		return bo_rate_format(buf, BO_CAT_TEXT_BUFSZ, p->tax_bp);
	case BO_CAT_STOCK:
		if (p->stock == BO_STOCK_UNTRACKED)
			return "";
		snprintf(buf, BO_CAT_TEXT_BUFSZ, "%" PRId64, p->stock);
		return buf;
	case BO_CAT_LOW_STOCK:
		if (!p->low_stock_threshold.set)
			return "";
		snprintf(buf, BO_CAT_TEXT_BUFSZ, "%" PRId64,
			 p->low_stock_threshold.value);
		return buf;
	case BO_CAT_CATEGORY:
		return p->category ? p->category : "";
	case BO_CAT_TAGS:
		return p->tags ? p->tags : "";
	case BO_CAT_STATUS:
	case BO_CAT__COUNT:
		break;
	}
	return p->retired ? "retired" : "active";
}

void bo_cat_summary(const bo_cat_plan *plan, char *buf, size_t size)
{
	snprintf(buf, size,
		 "%zu added, %zu changed, %zu unchanged, %zu in error",
		 plan->added, plan->changed, plan->unchanged, plan->errors);
}

void bo_cat_plan_clear(bo_cat_plan *plan)
{
	for (size_t i = 0; i < plan->ndiffs; i++) {
		free(plan->diffs[i].sku);
		free(plan->diffs[i].field);
		free(plan->diffs[i].old_text);
		free(plan->diffs[i].new_text);
		free(plan->diffs[i].error);
	}
	for (size_t i = 0; i < plan->nitems; i++) {
		free(plan->items[i].sku);
		for (int c = 0; c < BO_CAT__COUNT; c++)
			free(plan->items[i].cells[c]);
	}
	free(plan->diffs);
	free(plan->items);
	memset(plan, 0, sizeof(*plan));
}

/* ---- the catalogue as it is, sorted by SKU --------------------------------- */

typedef struct catalogue {
	bo_product *p;
	size_t n, cap;
} catalogue;

static int keep_product(void *ctx, const bo_product *p)
{
	catalogue *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		bo_product *np = realloc(c->p, cap * sizeof(*np));

		if (!np)
			return BO_ENOMEM;
		c->p = np;
		c->cap = cap;
	}
	if (bo_product_copy(&c->p[c->n], p) < 0)
		return BO_ENOMEM;
	c->n++;
	return 0;
}

static int by_sku(const void *a, const void *b)
{
	return strcmp(((const bo_product *)a)->sku,
		      ((const bo_product *)b)->sku);
}

static bo_product *find_product(const catalogue *c, const char *sku)
{
	bo_product key = {0};

	key.sku = (char *)sku;
	return c->n ? bsearch(&key, c->p, c->n, sizeof(*c->p), by_sku) : NULL;
}

static void catalogue_free(catalogue *c)
{
	for (size_t i = 0; i < c->n; i++)
		bo_product_clear(&c->p[i]);
	free(c->p);
}

/* ---- the SKUs seen in the file, with their lines ------------------------- */

typedef struct seen_slot {
	char *sku;
	long line;
} seen_slot;

typedef struct seen_set {
	seen_slot *s;
	size_t n, cap; /* cap a power of two */
} seen_set;

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The line sku was first seen on (0: new, now recorded at line). */
static int seen_check(seen_set *t, const char *sku, long line, long *first)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		seen_slot *ns = calloc(cap, sizeof(*ns));

		if (!ns)
			return BO_ENOMEM;
		for (size_t k = 0; k < t->cap; k++) {
			if (!t->s[k].sku)
				continue;
			i = hash_text(t->s[k].sku) & (cap - 1);
			while (ns[i].sku)
				i = (i + 1) & (cap - 1);
			ns[i] = t->s[k];
		}
		free(t->s);
		t->s = ns;
		t->cap = cap;
	}
	i = hash_text(sku) & (t->cap - 1);
	for (; t->s[i].sku; i = (i + 1) & (t->cap - 1)) {
		if (strcmp(t->s[i].sku, sku) == 0) {
			*first = t->s[i].line;
			return BO_OK;
		}
	}
	if (!(t->s[i].sku = bo_strdup(sku)))
		return BO_ENOMEM;
	t->s[i].line = line;
	t->n++;
	*first = 0;
	return BO_OK;
}

static void seen_free(seen_set *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->s[i].sku);
	free(t->s);
}

/* ---- building the plan --------------------------------------------------- */

static int add_diff(bo_cat_plan *pl, long line, const char *sku,
		    bo_cat_action action, const char *field,
		    const char *old_text, const char *new_text,
		    const char *error)
{
	bo_cat_diff *d;

	if (pl->ndiffs == pl->capdiffs) {
		size_t cap = pl->capdiffs ? pl->capdiffs * 2 : 256;
		bo_cat_diff *nd = realloc(pl->diffs, cap * sizeof(*nd));

		if (!nd)
			return BO_ENOMEM;
		pl->diffs = nd;
		pl->capdiffs = cap;
	}
	d = &pl->diffs[pl->ndiffs];
	memset(d, 0, sizeof(*d));
	d->line = line;
	d->action = action;
	pl->ndiffs++;
	if ((field && !(d->field = bo_strdup(field))) ||
	    (sku && !(d->sku = bo_strdup(sku))) ||
	    (old_text && !(d->old_text = bo_strdup(old_text))) ||
	    (new_text && !(d->new_text = bo_strdup(new_text))) ||
	    (error && !(d->error = bo_strdup(error))))
		return BO_ENOMEM;
	return BO_OK;
}

static bo_cat_item *add_item(bo_cat_plan *pl)
{
	bo_cat_item *it;

	if (pl->nitems == pl->capitems) {
		size_t cap = pl->capitems ? pl->capitems * 2 : 256;
		bo_cat_item *ni = realloc(pl->items, cap * sizeof(*ni));

		if (!ni)
			return NULL;
		pl->items = ni;
		pl->capitems = cap;
	}
	it = &pl->items[pl->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

typedef struct planner {
	bo_app *app;
	bo_cat_plan *pl;
	catalogue cat;
	seen_set seen;
	int col_of[BO_CAT__COUNT]; /* the file's column of each, -1: absent */
	size_t ncols;              /* fields in the header */
} planner;

/* The edit text of a cell: an empty stock is "none" (not tracked). */
static const char *edit_text(bo_cat_col c, const char *cell)
{
	return c == BO_CAT_STOCK && !*cell ? "none" : cell;
}

static void set_edit(bo_product_edit *e, bo_cat_col c, const char *text)
{
	switch (c) {
	case BO_CAT_NAME:
		e->name = text;
		break;
	case BO_CAT_DESCRIPTION:
		e->description = text;
		break;
	case BO_CAT_PRICE:
		e->price = text;
		break;
	case BO_CAT_TAX_RATE:
		e->tax_rate = text;
		break;
	case BO_CAT_STOCK:
		e->stock = text;
		break;
	case BO_CAT_LOW_STOCK:
		e->low_stock = text;
		break;
	case BO_CAT_CATEGORY:
		e->category = text;
		break;
	case BO_CAT_TAGS:
		e->tags = text;
		break;
	default:
		break;
	}
}

static int row_error(planner *pn, long line, const char *sku, const char *field,
		     const char *why, int *nerr)
{
	(*nerr)++;
	return add_diff(pn->pl, line, sku, BO_CAT_ERROR, field, NULL, NULL,
			why);
}

/* Checks one row and adds its lines to the diff and its write to the plan. */
static int plan_row(planner *pn, const bo_csv_reader *r)
{
	const bo_currency *cur = &pn->app->currency;
	bo_cat_plan *pl = pn->pl;
	long line = r->rec_line, first = 0;
	const char *cell[BO_CAT__COUNT] = {0};
	const bo_product *old;
	bo_product base = {0}, tmp = {0};
	bo_product_edit all = {0};
	bo_err e = {0};
	int nerr = 0, rc = BO_OK, retire = 0;
	const char *sku;

	for (int c = 0; c < BO_CAT__COUNT; c++)
		if (pn->col_of[c] >= 0)
			cell[c] = bo_csv_reader_field(r, (size_t)pn->col_of[c]);
	sku = cell[BO_CAT_SKU];
	if (!*sku) {
		rc = row_error(pn, line, NULL, "sku", "sku is required", &nerr);
		goto done;
	}
	if (bo_product_validate_sku(sku, &e) < 0) {
		rc = row_error(pn, line, NULL, "sku", e.msg, &nerr);
		goto done;
	}
	if ((rc = seen_check(&pn->seen, sku, line, &first)) < 0)
		goto done;
	if (first) {
		char why[160];

		snprintf(why, sizeof(why),
			 "sku %s is on line %ld and again on line %ld", sku,
			 first, line);
		rc = row_error(pn, line, sku, "sku", why, &nerr);
		goto done;
	}
	old = find_product(&pn->cat, sku);
	if (old) {
		if ((rc = bo_product_copy(&base, old)) < 0)
			goto done;
	} else {
		/* a stand-in with valid values, for checking fields alone */
		base.sku = bo_strdup(sku);
		base.name = bo_strdup("-");
		base.description = bo_strdup("");
		base.stock = BO_STOCK_UNTRACKED;
		if (!base.sku || !base.name || !base.description) {
			rc = BO_ENOMEM;
			goto done;
		}
		for (int c = BO_CAT_NAME; c <= BO_CAT_PRICE; c += 2)
			if (!cell[c] &&
			    (rc = row_error(pn, line, sku, bo_cat_col_names[c],
					    c == BO_CAT_NAME
						? "name is required for a new "
						  "product"
						: "price is required for a new "
						  "product",
					    &nerr)) < 0)
				goto done;
	}
	/* each field alone, so that every bad field of the row is named */
	for (int c = BO_CAT_NAME; c < BO_CAT__COUNT; c++) {
		bo_product_edit one = {0};

		if (!cell[c] || c == BO_CAT_STATUS)
			continue;
		set_edit(&one, (bo_cat_col)c,
			 edit_text((bo_cat_col)c, cell[c]));
		set_edit(&all, (bo_cat_col)c,
			 edit_text((bo_cat_col)c, cell[c]));
		if ((rc = bo_product_copy(&tmp, &base)) < 0)
			goto done;
		rc = bo_product_apply_edit(&tmp, &one, cur, &e);
		bo_product_clear(&tmp);
		if (rc == BO_ENOMEM)
			goto done;
		if (rc < 0 &&
		    (rc = row_error(pn, line, sku, bo_cat_col_names[c], e.msg,
				    &nerr)) < 0)
			goto done;
		rc = BO_OK;
	}
	if (cell[BO_CAT_STATUS]) {
		const char *s = cell[BO_CAT_STATUS];
		const char *why = NULL;

		if (strcmp(s, "retired") == 0)
			retire = !base.retired;
		else if (strcmp(s, "active") != 0)
			why = "status must be active or retired";
		else if (base.retired)
			why = "an import does not make a retired product "
			      "active again (product reactivate does)";
		if (why &&
		    (rc = row_error(pn, line, sku, "status", why, &nerr)) < 0)
			goto done;
	}
	if (nerr)
		goto done;
	if ((rc = bo_product_copy(&tmp, &base)) < 0)
		goto done;
	if ((rc = bo_product_apply_edit(&tmp, &all, cur, &e)) < 0) {
		if (rc != BO_ENOMEM)
			rc = row_error(pn, line, sku, NULL, e.msg, &nerr);
		goto done;
	}
	tmp.retired = tmp.retired || retire;
	{
		bo_cat_item *it = NULL;
		char ob[BO_CAT_TEXT_BUFSZ], nb[BO_CAT_TEXT_BUFSZ];
		int changes = 0;

		for (int c = BO_CAT_NAME; c < BO_CAT__COUNT; c++) {
			const char *ot =
			    bo_cat_text(&base, (bo_cat_col)c, cur, ob);
			const char *nt =
			    bo_cat_text(&tmp, (bo_cat_col)c, cur, nb);

			if (!cell[c] || (old && strcmp(ot, nt) == 0))
				continue;
			if (!it) {
				if (!(it = add_item(pl)) ||
				    !(it->sku = bo_strdup(sku))) {
					rc = BO_ENOMEM;
					goto done;
				}
				it->line = line;
				it->is_new = !old;
				it->row_version = old ? old->row_version : 0;
			}
			if (c == BO_CAT_STATUS)
				it->retire = retire;
			else if (!(it->cells[c] = bo_strdup(
				       edit_text((bo_cat_col)c, cell[c])))) {
				rc = BO_ENOMEM;
				goto done;
			}
			changes++;
			if ((rc = add_diff(pl, line, sku,
					   old ? BO_CAT_CHANGED : BO_CAT_ADDED,
					   bo_cat_col_names[c], old ? ot : NULL,
					   nt, NULL)) < 0)
				goto done;
		}
		if (!old)
			pl->added++;
		else if (changes)
			pl->changed++;
		else {
			pl->unchanged++;
			rc = add_diff(pl, line, sku, BO_CAT_UNCHANGED, NULL,
				      NULL, NULL, NULL);
		}
	}
done:
	if (nerr)
		pl->errors++;
	bo_product_clear(&base);
	bo_product_clear(&tmp);
	return rc;
}

/* Two 64-bit hashes of every field, with the record's shape. */
static void hash_record(bo_cat_plan *pl, const bo_csv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		const unsigned char *s =
		    (const unsigned char *)bo_csv_reader_field(r, i);

		for (;; s++) {
			unsigned b = *s ? *s : 0x100u + (i + 1 == r->nfields);

			pl->h1 = (pl->h1 ^ b) * 1099511628211ULL;
			pl->h2 = (pl->h2 ^ (b * 31u + 7u)) * 0x100000001b3ULL +
				 0x9e3779b97f4a7c15ULL;
			if (!*s)
				break;
		}
	}
	pl->records++;
}

static int plan_header(planner *pn, const bo_csv_reader *r)
{
	char why[256];
	int rc;

	for (int c = 0; c < BO_CAT__COUNT; c++)
		pn->col_of[c] = -1;
	pn->ncols = r->nfields;
	for (size_t i = 0; i < r->nfields; i++) {
		const char *name = bo_csv_reader_field(r, i);
		int c = 0;

		while (c < BO_CAT__COUNT && strcmp(name, bo_cat_col_names[c]))
			c++;
		if (c < BO_CAT__COUNT && pn->col_of[c] < 0) {
			pn->col_of[c] = (int)i;
			continue;
		}
		if (c < BO_CAT__COUNT)
			snprintf(why, sizeof(why),
				 "the column %s is named twice", name);
		else
			snprintf(
			    why, sizeof(why),
			    "unknown column \"%.60s\" (the columns are sku, "
			    "name, description, price, tax_rate, stock, "
			    "low_stock, status, category, tags)",
			    name);
		pn->pl->errors++;
		if ((rc = add_diff(pn->pl, r->rec_line, NULL, BO_CAT_ERROR,
				   name, NULL, NULL, why)) < 0)
			return rc;
	}
	if (pn->col_of[BO_CAT_SKU] < 0) {
		pn->pl->errors++;
		return add_diff(pn->pl, r->rec_line, NULL, BO_CAT_ERROR, "sku",
				NULL, NULL, "the header has no sku column");
	}
	return BO_OK;
}

int bo_app_catalogue_plan(bo_app *app, FILE *in, bo_cat_plan *plan, bo_err *err)
{
	bo_product_query q = {0};
	bo_csv_reader r;
	planner pn = {0};
	int rc;

	memset(plan, 0, sizeof(*plan));
	plan->h1 = 1469598103934665603ULL;
	plan->h2 = 0x6a09e667f3bcc908ULL;
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	pn.app = app;
	pn.pl = plan;
	q.include_retired = 1;
	rc = bo_product_repo_list(&app->ports->products, &q, keep_product,
				  &pn.cat, err);
	if (rc == BO_ENOMEM)
		bo_app_nomem(err);
	if (rc < 0)
		goto out;
	/* the listing's order is the SKU's bytes; sorted again to be sure */
	if (pn.cat.n > 1)
		qsort(pn.cat.p, pn.cat.n, sizeof(*pn.cat.p), by_sku);
	bo_csv_reader_init(&r, in);
	if ((rc = bo_csv_read(&r, err)) <= 0) {
		if (rc == 0) {
			plan->errors++;
			rc = add_diff(plan, 1, NULL, BO_CAT_ERROR, NULL, NULL,
				      NULL,
				      "the file is empty: it needs a header "
				      "line naming its columns");
		}
		goto read_done;
	}
	hash_record(plan, &r);
	if ((rc = plan_header(&pn, &r)) < 0 || pn.col_of[BO_CAT_SKU] < 0)
		goto read_done;
	while ((rc = bo_csv_read(&r, err)) > 0) {
		hash_record(plan, &r);
		if (r.nfields == 1 && pn.ncols > 1 &&
		    !*bo_csv_reader_field(&r, 0))
			continue; /* a blank line */
		if (r.nfields != pn.ncols) {
			char why[96];

			snprintf(why, sizeof(why),
				 "the row has %zu fields; the header has %zu",
				 r.nfields, pn.ncols);
			plan->errors++;
			if ((rc = add_diff(plan, r.rec_line, NULL, BO_CAT_ERROR,
					   NULL, NULL, NULL, why)) < 0)
				break;
			continue;
		}
		if ((rc = plan_row(&pn, &r)) < 0)
			break;
	}
	if (rc == BO_EINVAL) {
		/* a broken record ends the reading: it is the last error */
		plan->errors++;
		rc = add_diff(plan, r.line, NULL, BO_CAT_ERROR, NULL, NULL,
			      NULL, err->msg);
	}
read_done:
	bo_csv_reader_free(&r);
	if (rc == BO_ENOMEM)
		bo_app_nomem(err);
out:
	catalogue_free(&pn.cat);
	seen_free(&pn.seen);
	return rc < 0 ? rc : BO_OK;
}

/* ---- applying it ---------------------------------------------------------- */

/* Prefixes err's message with the line and SKU of the item at fault. */
static int at_item(const bo_cat_item *it, int rc, bo_err *err)
{
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), "%s", err->msg);
	return bo_err_set(err, rc, "line %ld (%s): %s", it->line, it->sku, msg);
}

static int apply_item(bo_app *app, const bo_cat_item *it, bo_err *err)
{
	bo_product_edit e = {0};
	bo_product p = {0};
	int edits = 0, rc = BO_OK;

	for (int c = BO_CAT_NAME; c < BO_CAT__COUNT; c++)
		if (c != BO_CAT_STATUS && it->cells[c]) {
			set_edit(&e, (bo_cat_col)c, it->cells[c]);
			edits++;
		}
	if (it->is_new) {
		e.sku = it->sku;
		rc = bo_app_product_add(app, &e, NULL, err);
	} else if (edits) {
		rc = bo_app_product_edit(app, it->sku, &e, it->row_version,
					 NULL, err);
	} else if (it->retire) {
		/* a retirement alone: the version the preview saw, first */
		rc = bo_product_repo_get_by_sku(&app->ports->products, it->sku,
						&p, err);
		if (rc == BO_OK && p.row_version != it->row_version)
			rc = bo_err_set(err, BO_ECONFLICT,
					"product %s was changed by someone "
					"else since the preview; preview again",
					it->sku);
		bo_product_clear(&p);
	}
	if (rc == BO_OK && it->retire)
		rc = bo_app_product_retire(app, it->sku, NULL, err);
	return rc < 0 ? at_item(it, rc, err) : rc;
}

int bo_app_catalogue_apply(bo_app *app, const bo_cat_plan *plan,
			   char **replayed, bo_err *err)
{
	const char *command_id = app->command_id;
	bool follow_later = app->follow_later;
	char print[40], summary[128];
	char *seen = NULL;
	bo_fp fp = {0};
	int64_t head = 0;
	int rc;

	if (replayed)
		*replayed = NULL;
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if (plan->errors)
		return bo_err_set(err, BO_EINVAL,
				  "%zu rows of the file are in error; nothing "
				  "was imported",
				  plan->errors);
	bo_fp_init(&fp, app, "product import");
	snprintf(print, sizeof(print), "%016" PRIx64 "%016" PRIx64, plan->h1,
		 plan->h2);
	bo_fp_str(&fp, print);
	bo_fp_int(&fp, (int64_t)plan->records);
	bo_cat_summary(plan, summary, sizeof(summary));
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		bo_store_rollback(&app->ports->store);
		if (replayed) {
			*replayed = seen;
			seen = NULL;
		}
		rc = BO_OK;
		goto out;
	}
	if (rc < 0)
		goto fail;
	/* the services run as nested levels of this one transaction; the
	 * whole import is the one command (its id recorded once, below) and
	 * the projectors that are not inline catch up once, at its end; the
	 * services' inner levels are not savepoints (any failure undoes it
	 * all anyway); the reactors run once, and the inline projectors'
	 * checkpoints move once: on PostgreSQL a row updated at every one of
	 * thousands of steps of one transaction grows a chain of versions */
	app->command_id = NULL;
	app->follow_later = true;
	app->reactors_later = true;
	app->inline_checkpoints_later = true;
	bo_store_flat_levels(&app->ports->store, 1);
	for (size_t i = 0; i < plan->nitems && rc == BO_OK; i++)
		rc = apply_item(app, &plan->items[i], err);
	bo_store_flat_levels(&app->ports->store, 0);
	app->command_id = command_id;
	app->follow_later = follow_later;
	app->reactors_later = false;
	app->inline_checkpoints_later = false;
	/* the inline projectors' checkpoints move once, to the last event */
	if (rc == BO_OK && plan->nitems &&
	    (rc = bo_event_store_head(&app->ports->events, &head, err)) ==
		BO_OK)
		rc = bo_projections_advance_inline(app->ports, head, err);
	if (rc < 0 ||
	    (rc = bo_app_command_record(app, &fp, summary, err)) < 0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
		goto fail;
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(seen);
	bo_fp_free(&fp);
	return rc;
}
