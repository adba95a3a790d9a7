/* Application services of bulk product changes: preview, apply (one transaction through the product services), list, undo; and a product's own undo. */
#include "app_bulk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "calendar.h"
#include "projections/engine.h"
#include "text.h"

/* ---- the selection ------------------------------------------------------- */

typedef struct picked {
	bo_product *items;
	size_t n, cap;
} picked;

static void picked_free(picked *p)
{
	for (size_t i = 0; i < p->n; i++)
		bo_product_clear(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* Takes *prod (moved in, zeroed). */
static int pick(picked *p, bo_product *prod)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		bo_product *items = realloc(p->items, cap * sizeof(*items));
		if (!items)
			return BO_ENOMEM;
		p->items = items;
		p->cap = cap;
	}
	p->items[p->n++] = *prod;
	memset(prod, 0, sizeof(*prod));
	return BO_OK;
}

static int pick_listed(void *ctx, const bo_product *p)
{
	bo_product copy = {0};

	if (bo_product_copy(&copy, p) < 0)
		return BO_ENOMEM;
	return pick(ctx, &copy);
}

static int by_sku_then_id(const void *a, const void *b)
{
	const bo_product *x = a, *y = b;
	int c = strcmp(x->sku, y->sku);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The products of sel, each once, in SKU order. */
static int select_products(bo_app *app, const bo_bulk_selection *sel,
			   picked *out, bo_err *err)
{
	bo_product_query q = {0};
	size_t kept = 0;
	int rc;

	if (sel->nskus == 0 && !(sel->search && *sel->search) && !sel->filter)
		return bo_err_set(err, BO_EINVAL,
				  "a bulk action needs a selection: --sku, "
				  "--skus, --search or a filter");
	for (size_t i = 0; i < sel->nskus; i++) {
		bo_product p = {0};
		rc = bo_product_repo_get_by_sku(&app->ports->products,
						sel->skus[i], &p, err);
		if (rc == BO_ENOTFOUND)
			return bo_err_set(err, BO_ENOTFOUND,
					  "product %s does not exist",
					  sel->skus[i]);
		if (rc < 0)
			return rc;
		if ((rc = pick(out, &p)) < 0) {
			bo_product_clear(&p);
			return bo_app_nomem(err);
		}
	}
	if (sel->filter) {
		/* the filters and the search, ANDed */
		q = *sel->filter;
		q.search = sel->search && *sel->search ? sel->search : NULL;
		q.after_sku = NULL;
		q.limit = 0;
		rc = bo_app_product_list(app, &q, pick_listed, out, err);
		if (rc == BO_ENOMEM)
			return bo_app_nomem(err);
		if (rc < 0)
			return rc;
	} else if (sel->search && *sel->search) {
		q.search = sel->search;
		q.include_retired = 1;
		rc = bo_product_repo_list(&app->ports->products, &q,
					  pick_listed, out, err);
		if (rc == BO_ENOMEM)
			return bo_app_nomem(err);
		if (rc < 0)
			return rc;
	}
	if (out->n)
		qsort(out->items, out->n, sizeof(*out->items), by_sku_then_id);
	for (size_t i = 0; i < out->n; i++) {
		if (kept && out->items[kept - 1].id == out->items[i].id) {
			bo_product_clear(&out->items[i]);
			continue;
		}
		out->items[kept++] = out->items[i];
	}
	out->n = kept;
	return BO_OK;
}

/* A filter selection as text into plan->selection: the same text for the
 * same options (SKUs, search and every filter). BO_ENOMEM. */
static int set_selection_text(bo_bulk_plan *plan, const bo_bulk_selection *sel)
{
	const bo_product_query *q = sel->filter;
	size_t cap = 256 + (sel->search ? strlen(sel->search) : 0) +
		     (q->category ? strlen(q->category) : 0), len;
	char *s;

	for (size_t i = 0; i < sel->nskus; i++)
		cap += strlen(sel->skus[i]) + 1;
	for (size_t i = 0; i < q->ntags; i++)
		cap += strlen(q->tags[i]) + 1;
	if (!(s = malloc(cap)))
		return BO_ENOMEM;
	len = (size_t)snprintf(
	    s, cap,
	    "search=%s\ncategory=%s\nstatus=%d/%d\nstock=%d\nmin=%d/%" PRId64
	    "\nmax=%d/%" PRId64 "\ntags=",
	    sel->search ? sel->search : "", q->category ? q->category : "",
	    q->include_retired, q->retired_only, q->stock, q->price_min.set,
	    q->price_min.value, q->price_max.set, q->price_max.value);
	for (size_t i = 0; i < q->ntags; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s;", q->tags[i]);
	len += (size_t)snprintf(s + len, cap - len, "\nskus=");
	for (size_t i = 0; i < sel->nskus; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s;",
					sel->skus[i]);
	plan->selection = s;
	return BO_OK;
}

static int set_action_text(bo_app *app, bo_bulk_plan *plan)
{
	char text[BO_BULK_TEXT_MAX + 32];

	bo_bulk_action_text(&plan->action, &app->currency, plan->undoes, text,
			    sizeof(text));
	return (plan->action_text = bo_strdup(text)) ? BO_OK : BO_ENOMEM;
}

int bo_app_bulk_preview(bo_app *app, const bo_bulk_action *a,
			const bo_bulk_selection *sel, bo_bulk_plan *out,
			bo_err *err)
{
	picked p = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if (a->kind != BO_BULK_REPRICE && a->kind != BO_BULK_TAX &&
	    a->kind != BO_BULK_RETIRE && a->kind != BO_BULK_REACTIVATE &&
	    a->kind != BO_BULK_CATEGORY && a->kind != BO_BULK_TAG_ADD &&
	    a->kind != BO_BULK_TAG_REMOVE)
		return bo_err_set(err, BO_EINVAL, "unknown bulk action");
	out->action = *a;
	if ((rc = select_products(app, sel, &p, err)) < 0)
		goto fail;
	for (size_t i = 0; i < p.n; i++)
		if (bo_bulk_decide(out, &p.items[i], &app->currency) < 0) {
			rc = bo_app_nomem(err);
			goto fail;
		}
	if (set_action_text(app, out) < 0 ||
	    (sel->filter && set_selection_text(out, sel) < 0)) {
		rc = bo_app_nomem(err);
		goto fail;
	}
	picked_free(&p);
	return BO_OK;
fail:
	picked_free(&p);
	bo_bulk_plan_clear(out);
	return rc;
}

/* ---- applying a plan ----------------------------------------------------- */

/* "B-20261207-123007-3f9a0c": the time it was applied (UTC) and six hex
 * digits of a fresh UUID. */
static void new_bulk_id(bo_app *app, int64_t now, char *buf, size_t size)
{
	char iso[BO_TIME_BUFSZ], uuid[BO_UUID_LEN + 1];

	bo_time_format_iso(iso, sizeof(iso), now);
	bo_ids_uuid(&app->ids, uuid);
	/* iso: 2026-12-07T12:30:07.914Z */
	snprintf(buf, size, "B-%.4s%.2s%.2s-%.2s%.2s%.2s-%.6s", iso, iso + 5,
		 iso + 8, iso + 11, iso + 14, iso + 17,
		 uuid + BO_UUID_LEN - 6);
}

/* The version a status change expects, checked before the service (which
 * takes none). */
static int check_version(bo_app *app, const bo_bulk_row *r, bo_err *err)
{
	bo_product p = {0};
	int rc = bo_product_repo_get_by_id(&app->ports->products,
					   r->product_id, &p, err);

	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was deleted since the preview",
				r->sku);
	else if (rc == BO_OK && p.row_version != r->row_version)
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else since "
				"the preview; preview again",
				r->sku);
	bo_product_clear(&p);
	return rc;
}

/* One changed row as an ordinary product write. */
static int apply_row(bo_app *app, const bo_bulk_row *r, bo_err *err)
{
	char money[BO_MONEY_BUFSZ], rate[16], msg[sizeof(err->msg)];
	bo_product_edit e = {0};
	int rc;

	switch (r->field) {
	case BO_PF_PRICE:
		e.price = bo_money_format(money, r->new_value, &app->currency);
		rc = bo_app_product_edit(app, r->sku, &e, r->row_version, NULL,
					 err);
		break;
	case BO_PF_TAX_RATE:
		e.tax_rate = bo_rate_format(rate, sizeof(rate),
					    (int32_t)r->new_value);
		rc = bo_app_product_edit(app, r->sku, &e, r->row_version, NULL,
					 err);
		break;
	case BO_PF_CATEGORY:
	case BO_PF_TAGS:
		/* "" clears; the tags text is the whole new list */
		if (r->field == BO_PF_CATEGORY)
			e.category = r->new_text ? r->new_text : "";
		else
			e.tags = r->new_text ? r->new_text : "";
		rc = bo_app_product_edit(app, r->sku, &e, r->row_version, NULL,
					 err);
		break;
	case BO_PF_STATUS:
		if ((rc = check_version(app, r, err)) < 0)
			break;
		rc = r->new_value ? bo_app_product_retire(app, r->sku, NULL, err)
				  : bo_app_product_reactivate(app, r->sku, NULL,
							      err);
		break;
	default:
		rc = bo_err_set(err, BO_EINVAL, "a bulk action cannot change %s",
				bo_product_field_name(r->field));
		break;
	}
	if (rc < 0 && !strstr(err->msg, r->sku)) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		bo_err_set(err, rc, "product %s: %s", r->sku, msg);
	}
	return rc;
}

/* The first row in error, as the reason nothing is applied. */
static int refuse_errors(const bo_bulk_plan *plan, bo_err *err)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->rows[i].outcome == BO_BULK_FAILS) {
			if (plan->errors > 1)
				return bo_err_set(
				    err, BO_EINVAL,
				    "product %s: %s (and %zu more in error); "
				    "nothing was changed",
				    plan->rows[i].sku, plan->rows[i].error,
				    plan->errors - 1);
			return bo_err_set(err, BO_EINVAL,
					  "product %s: %s; nothing was changed",
					  plan->rows[i].sku,
					  plan->rows[i].error);
		}
	return bo_err_set(err, BO_EINVAL, "the plan is in error");
}

/* Runs the changed rows as nested levels of the caller's transaction, as
 * the catalogue import does: one command, flat levels, the reactors and
 * the not-inline projectors once at the commit. */
static int apply_rows(bo_app *app, const bo_bulk_plan *plan, const char *id,
		      bo_err *err)
{
	const char *command_id = app->command_id;
	bool follow_later = app->follow_later;
	int rc = BO_OK;

	app->command_id = NULL;
	app->bulk_id = id;
	app->follow_later = true;
	app->reactors_later = true;
	app->inline_checkpoints_later = true;
	bo_store_flat_levels(&app->ports->store, 1);
	for (size_t i = 0; i < plan->n && rc == BO_OK; i++)
		if (plan->rows[i].outcome == BO_BULK_CHANGES)
			rc = apply_row(app, &plan->rows[i], err);
	bo_store_flat_levels(&app->ports->store, 0);
	app->command_id = command_id;
	app->bulk_id = NULL;
	app->follow_later = follow_later;
	app->reactors_later = false;
	app->inline_checkpoints_later = false;
	return rc;
}

int bo_app_bulk_apply(bo_app *app, const bo_bulk_plan *plan, char **bulk_id,
		      bool *replayed, bo_err *err)
{
	bo_bulk_record rec = {0};
	char id[64];
	char *seen = NULL;
	bo_fp fp = {0};
	int64_t now, before = 0, after = 0;
	int rc;

	if (bulk_id)
		*bulk_id = NULL;
	if (replayed)
		*replayed = false;
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, "product bulk");
	bo_fp_str(&fp, plan->action_text);
	bo_fp_str(&fp, plan->undoes);
	/* the action and the products it was asked for: sent again, the
	 * same command (its preview then differs: the prices moved); with
	 * filters, the selection itself (the products it picks moved: a
	 * category) */
	if (plan->selection)
		bo_fp_str(&fp, plan->selection);
	else
		for (size_t i = 0; i < plan->n; i++)
			bo_fp_int(&fp, plan->rows[i].product_id);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		bo_store_rollback(&app->ports->store);
		if (bulk_id) {
			*bulk_id = seen;
			seen = NULL;
		}
		if (replayed)
			*replayed = true;
		rc = BO_OK;
		goto out;
	}
	if (rc == BO_OK && plan->errors)
		rc = refuse_errors(plan, err);
	if (rc == BO_OK && plan->changes == 0) {
		/* nothing to write: no bulk, no record of the command */
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (rc < 0 ||
	    (rc = bo_event_store_head(&app->ports->events, &before, err)) < 0)
		goto fail;
	now = bo_clock_now(&app->clock);
	new_bulk_id(app, now, id, sizeof(id));
	if ((rc = apply_rows(app, plan, id, err)) < 0 ||
	    (rc = bo_event_store_head(&app->ports->events, &after, err)) < 0 ||
	    (rc = bo_projections_advance_inline(app->ports, after, err)) < 0)
		goto fail;
	if (plan->undoes &&
	    (rc = bo_product_repo_bulk_set_undone(&app->ports->products,
						  plan->undoes, id, err)) < 0)
		goto fail;
	rec.id = id;
	rec.at = now;
	rec.user = app->user;
	rec.action = plan->action_text;
	rec.count = (int64_t)plan->changes;
	rec.from_position = before;
	rec.to_position = after;
	rec.undoes = plan->undoes;
	if (!(rec.items = bo_bulk_items_text(plan))) {
		rc = bo_app_nomem(err);
		goto fail;
	}
	rc = bo_product_repo_bulk_put(&app->ports->products, &rec, err);
	free(rec.items);
	if (rc < 0 || (rc = bo_app_command_record(app, &fp, id, err)) < 0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
		goto fail;
	if (bulk_id && !(*bulk_id = bo_strdup(id)))
		rc = bo_app_nomem(err);
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(seen);
	bo_fp_free(&fp);
	return rc;
}

/* ---- undo ---------------------------------------------------------------- */

/* Appends sku to the list of products in the way (at most a few named). */
static void name_offender(char *buf, size_t size, size_t *n, const char *sku)
{
	size_t len = strlen(buf);

	if (*n < 10 && len < size)
		snprintf(buf + len, size - len, "%s%s", *n ? ", " : "", sku);
	(*n)++;
}

/* The restore row of item it (the product as it is now, p). */
static int restore_row(bo_bulk_plan *plan, const bo_bulk_item *it,
		       const bo_product *p)
{
	bo_bulk_row *rows, *r;

	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 64;
		if (!(rows = realloc(plan->rows, cap * sizeof(*rows))))
			return BO_ENOMEM;
		plan->rows = rows;
		plan->cap = cap;
	}
	r = &plan->rows[plan->n];
	memset(r, 0, sizeof(*r));
	r->product_id = p->id;
	r->row_version = p->row_version;
	r->field = it->field;
	r->old_value = it->new_value;
	r->new_value = it->old_value;
	r->outcome = BO_BULK_CHANGES;
	if (!(r->sku = bo_strdup(p->sku)) || !(r->name = bo_strdup(p->name))) {
		free(r->sku);
		return BO_ENOMEM;
	}
	plan->n++;
	if ((it->field == BO_PF_CATEGORY || it->field == BO_PF_TAGS) &&
	    ((it->new_text[0] && !(r->old_text = bo_strdup(it->new_text))) ||
	     (it->old_text[0] && !(r->new_text = bo_strdup(it->old_text)))))
		return BO_ENOMEM;
	plan->changes++;
	if (it->field == BO_PF_PRICE) {
		(void)bo_money_add(&plan->old_total, plan->old_total,
				   r->old_value);
		(void)bo_money_add(&plan->new_total, plan->new_total,
				   r->new_value);
	}
	return BO_OK;
}

int bo_app_bulk_undo_preview(bo_app *app, const char *id, bo_bulk_plan *out,
			     bo_err *err)
{
	bo_bulk_record rec = {0};
	bo_bulk_item it;
	char names[512] = "";
	size_t pos = 0, moved = 0;
	int rc, more;

	memset(out, 0, sizeof(*out));
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if ((rc = bo_product_repo_bulk_get(&app->ports->products, id, &rec,
					   err)) < 0)
		return rc;
	if (rec.undone_by) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"bulk action %s was undone already by %s", id,
				rec.undone_by);
		goto fail;
	}
	out->action.kind = BO_BULK_RESTORE;
	if (!(out->undoes = bo_strdup(id)) || set_action_text(app, out) < 0) {
		rc = bo_app_nomem(err);
		goto fail;
	}
	while ((more = bo_bulk_items_next(rec.items, &pos, &it)) == 1) {
		bo_product p = {0};
		rc = bo_product_repo_get_by_id(&app->ports->products,
					       it.product_id, &p, err);
		if (rc == BO_ENOTFOUND) {
			name_offender(names, sizeof(names), &moved, it.sku);
			continue;
		}
		if (rc < 0)
			goto fail;
		if (p.row_version != it.row_version)
			name_offender(names, sizeof(names), &moved, p.sku);
		else if (restore_row(out, &it, &p) < 0)
			rc = bo_app_nomem(err);
		bo_product_clear(&p);
		if (rc < 0)
			goto fail;
	}
	if (more < 0) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"the record of bulk action %s is damaged", id);
		goto fail;
	}
	if (moved) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"cannot undo bulk action %s: %zu product%s "
				"changed or deleted since: %s%s; nothing was "
				"changed",
				id, moved, moved == 1 ? "" : "s", names,
				moved > 10 ? ", ..." : "");
		goto fail;
	}
	bo_bulk_record_clear(&rec);
	return BO_OK;
fail:
	bo_bulk_record_clear(&rec);
	bo_bulk_plan_clear(out);
	return rc;
}

int bo_app_bulk_list(bo_app *app, int64_t limit, bo_bulk_each_fn each,
		     void *ctx, bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_PRODUCT_READ, err);

	return rc < 0 ? rc
		      : bo_product_repo_bulk_list(&app->ports->products, limit,
						  each, ctx, err);
}

/* ---- a product's own undo ------------------------------------------------ */

/* The edit that sets the fields where cur differs from prev back to prev's
 * values; texts in buffers of the caller's. Returns how many fields. */
typedef struct undo_texts {
	char price[BO_MONEY_BUFSZ], rate[16], stock[32], low[32];
} undo_texts;

static int undo_edit(bo_product_edit *e, undo_texts *t, const bo_product *cur,
		     const bo_product *prev, const bo_currency *ccy)
{
	int n = 0;

	if (strcmp(cur->sku, prev->sku) != 0 && ++n)
		e->sku = prev->sku;
	if (strcmp(cur->name, prev->name) != 0 && ++n)
		e->name = prev->name;
	if (strcmp(cur->description ? cur->description : "",
		   prev->description ? prev->description : "") != 0 &&
	    ++n)
		e->description = prev->description ? prev->description : "";
	if (cur->price != prev->price && ++n)
		e->price = bo_money_format(t->price, prev->price, ccy);
	if (cur->tax_bp != prev->tax_bp && ++n)
		e->tax_rate = bo_rate_format(t->rate, sizeof(t->rate),
					     prev->tax_bp);
	if (cur->stock != prev->stock && ++n) {
		if (prev->stock == BO_STOCK_UNTRACKED)
			snprintf(t->stock, sizeof(t->stock), "none");
		else
			snprintf(t->stock, sizeof(t->stock), "%" PRId64,
				 prev->stock);
		e->stock = t->stock;
	}
	if ((cur->low_stock_threshold.set != prev->low_stock_threshold.set ||
	     cur->low_stock_threshold.value !=
		 prev->low_stock_threshold.value) &&
	    ++n) {
		if (prev->low_stock_threshold.set)
			snprintf(t->low, sizeof(t->low), "%" PRId64,
				 prev->low_stock_threshold.value);
		else
			snprintf(t->low, sizeof(t->low), "default");
		e->low_stock = t->low;
	}
	/* category and tags: NULL is none, "" in an edit clears them */
	if (strcmp(cur->category ? cur->category : "",
		   prev->category ? prev->category : "") != 0 &&
	    ++n)
		e->category = prev->category ? prev->category : "";
	if (strcmp(cur->tags ? cur->tags : "", prev->tags ? prev->tags : "") !=
		0 &&
	    ++n)
		e->tags = prev->tags ? prev->tags : "";
	return n;
}

int bo_app_product_undo(bo_app *app, const char *sku,
			int64_t expected_row_version, bo_product *out,
			bo_err *err)
{
	const char *command_id = app->command_id;
	bo_product cur = {0};
	bo_event_list l = {0};
	bo_product_edit e = {0};
	undo_texts t;
	const bo_product *prev;
	const char *name;
	char stream[48], *seen = NULL;
	bo_fp fp;
	int rc, edits;

	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, "product undo");
	bo_fp_str(&fp, sku);
	bo_fp_int(&fp, expected_row_version);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		bo_store_rollback(&app->ports->store);
		rc = out ? bo_app_product_get(app, sku, out, err) : BO_OK;
		goto out;
	}
	if (rc < 0)
		goto fail;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &cur, err);
	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_ENOTFOUND, "product %s does not exist",
				sku);
	if (rc < 0)
		goto fail;
	if (expected_row_version > 0 &&
	    cur.row_version != expected_row_version) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s is at version %" PRId64
				", not %" PRId64 "; nothing was undone",
				sku, cur.row_version, expected_row_version);
		goto fail;
	}
	snprintf(stream, sizeof(stream), "product-%" PRId64, cur.id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream, 0, &l,
					     err)) < 0)
		goto fail;
	if (l.n < 2 || l.items[l.n - 1].kind == BO_EV_PRODUCT_CREATED) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s has no change to undo: its latest "
				"event is ProductCreated",
				sku);
		goto fail;
	}
	prev = &l.items[l.n - 2].product;
	edits = undo_edit(&e, &t, &cur, prev, &app->currency);
	app->command_id = NULL;
	if (edits)
		rc = bo_app_product_edit(app, cur.sku, &e, cur.row_version,
					 NULL, err);
	/* the edit may have renamed it back */
	name = e.sku ? e.sku : cur.sku;
	if (rc == BO_OK && prev->retired != cur.retired)
		rc = prev->retired
			 ? bo_app_product_retire(app, name, NULL, err)
			 : bo_app_product_reactivate(app, name, NULL, err);
	app->command_id = command_id;
	if (rc == BO_OK && !edits && prev->retired == cur.retired)
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s: its latest change left every field "
				"as it was; nothing to undo",
				sku);
	if (rc < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "product", cur.id,
					       err)) < 0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
		goto fail;
	if (out)
		rc = bo_app_product_get(app, name, out, err);
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(seen);
	bo_fp_free(&fp);
	bo_event_list_clear(&l);
	bo_product_clear(&cur);
	return rc;
}
