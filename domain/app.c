/* Application services: role checks, transactions, the product outbox and order commands. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_command.h"
#include "projections/engine.h"
#include "reactors.h"
#include "text.h"

/* What a refusal says the user tried to do, per capability. */
static const char *cap_action(bo_capability cap)
{
	switch (cap) {
	case BO_CAP_PRODUCT_READ:
		return "read products";
	case BO_CAP_PRODUCT_WRITE:
		return "change products";
	case BO_CAP_ORDER_READ:
		return "read orders";
	case BO_CAP_ORDER_PLACE:
		return "place orders";
	case BO_CAP_ORDER_PAYMENT:
		return "record payments, shipping or delivery";
	case BO_CAP_ORDER_SUPPORT:
		return "add notes, cancel or refund orders";
	case BO_CAP_REPORT_READ:
		return "read reports";
	case BO_CAP_USER_ADMIN:
		return "manage users";
	case BO_CAP_EVENTS_ADMIN:
		return "export or import events";
	}
	return "do that";
}

static int require(const bo_app *app, bo_capability cap, bo_err *err)
{
	if (bo_role_may(app->role, cap))
		return BO_OK;
	return bo_err_set(err, BO_EPERM, "user %s (%s) may not %s", app->user,
			  bo_role_name(app->role), cap_action(cap));
}

int bo_app_init_store(bo_ports *ports, const bo_clock *clock,
		      const bo_init_options *opt, bo_err *err)
{
	const char *tenant = opt->tenant ? opt->tenant : "default";
	const char *code = opt->currency ? opt->currency : "EUR";
	bo_currency cur;
	char *existing = NULL;
	int rc;

	if ((rc = bo_tenant_validate(tenant, err)) < 0 ||
	    (rc = bo_currency_lookup(&cur, code, err)) < 0 ||
	    (rc = bo_user_validate_name(opt->admin, err)) < 0)
		return rc;
	if ((rc = bo_store_begin(&ports->store, err)) < 0)
		return rc;
	rc = bo_store_setting_get(&ports->store, BO_SETTING_TENANT, &existing,
				  err);
	if (rc == BO_OK) {
		rc = bo_err_set(
		    err, BO_ECONFLICT,
		    "the store is already initialised for tenant %s", existing);
		goto done;
	}
	if (rc != BO_ENOTFOUND)
		goto done;
	bo_user admin = {.name = (char *)opt->admin,
			 .role = BO_ROLE_ADMIN,
			 .created_at = bo_clock_now(clock)};
	if ((rc = bo_store_setting_set(&ports->store, BO_SETTING_TENANT, tenant,
				       err)) < 0 ||
	    (rc = bo_store_setting_set(&ports->store, BO_SETTING_CURRENCY,
				       cur.code, err)) < 0 ||
	    (rc = bo_user_dir_add(&ports->users, &admin, err)) < 0)
		goto done;
	rc = bo_store_commit(&ports->store, err);
	free(existing);
	return rc;
done:
	free(existing);
	bo_store_rollback(&ports->store);
	return rc;
}

int bo_app_open(bo_app *app, bo_ports *ports, const bo_clock *clock,
		const bo_ids *ids, const char *user, bo_err *err)
{
	char *code = NULL;
	bo_user u = {0};
	int rc;

	memset(app, 0, sizeof(*app));
	app->ports = ports;
	app->clock = *clock;
	app->ids = *ids;
	if ((rc = bo_ports_check(ports, err)) < 0)
		goto fail;
	rc = bo_store_setting_get(&ports->store, BO_SETTING_TENANT,
				  &app->tenant, err);
	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_ESTORAGE,
				"the store is not initialised; create it with: "
				"backoffice init");
	if (rc < 0)
		goto fail;
	if ((rc = bo_store_setting_get(&ports->store, BO_SETTING_CURRENCY,
				       &code, err)) < 0 ||
	    (rc = bo_currency_lookup(&app->currency, code, err)) < 0)
		goto fail;
	if (!user || !*user) {
		rc =
		    bo_err_set(err, BO_EPERM, "no user given; use --user NAME");
		goto fail;
	}
	rc = bo_user_dir_get(&ports->users, user, &u, err);
	if (rc == BO_ENOTFOUND)
		rc = bo_err_set(err, BO_EPERM,
				"user %s is not registered in this store; an "
				"admin can add it with: backoffice user add %s "
				"--role support",
				user, user);
	if (rc < 0)
		goto fail;
	app->user = u.name;
	app->role = u.role;
	bo_ids_uuid(&app->ids, app->correlation_id);
	free(code);
	return BO_OK;
fail:
	free(code);
	bo_user_clear(&u);
	bo_app_close(app);
	return rc;
}

void bo_app_close(bo_app *app)
{
	if (!app)
		return;
	free(app->tenant);
	free(app->user);
	app->tenant = app->user = NULL;
}

/* ---- users ---------------------------------------------------------------- */

int bo_app_user_add(bo_app *app, const char *name, const char *role,
		    bo_err *err)
{
	bo_user u = {0};
	bo_fp fp;
	char *seen = NULL;
	int rc;

	if ((rc = require(app, BO_CAP_USER_ADMIN, err)) < 0 ||
	    (rc = bo_user_validate_name(name, err)) < 0 ||
	    (rc = bo_role_parse(&u.role, role, err)) < 0)
		return rc;
	u.name = (char *)name;
	u.created_at = bo_clock_now(&app->clock);
	bo_fp_init(&fp, app, "user add");
	bo_fp_str(&fp, name);
	bo_fp_str(&fp, role);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) != BO_OK ||
	    (rc = bo_user_dir_add(&app->ports->users, &u, err)) < 0 ||
	    (rc = bo_app_command_record(app, &fp, NULL, err)) < 0) {
		/* 1: sent before, and done then */
		bo_store_rollback(&app->ports->store);
		rc = rc == 1 ? BO_OK : rc;
		goto out;
	}
	rc = bo_store_commit(&app->ports->store, err);
out:
	free(seen);
	bo_fp_free(&fp);
	return rc;
}

int bo_app_user_list(bo_app *app, bo_user_each_fn each, void *ctx, bo_err *err)
{
	int rc = require(app, BO_CAP_USER_ADMIN, err);
	return rc < 0 ? rc
		      : bo_user_dir_list(&app->ports->users, each, ctx, err);
}

/* ---- events: envelope, append and inline projection ------------------------ */

static int fail_nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* Fills the envelope of a new event decided by this invocation. */
static int stamp(bo_app *app, bo_event *e, int64_t now)
{
	char id[BO_UUID_LEN + 1];

	bo_ids_uuid(&app->ids, id);
	e->recorded_at = now;
	if (!e->type_name)
		e->type_name = bo_strdup(bo_event_kind_name(e->kind));
	if (!e->schema_version)
		e->schema_version = bo_event_kind_schema(e->kind);
	e->event_id = bo_strdup(id);
	e->meta.user = bo_strdup(app->user);
	e->meta.role = bo_strdup(bo_role_name(app->role));
	e->meta.tenant = bo_strdup(app->tenant);
	e->meta.correlation_id = bo_strdup(app->correlation_id);
	e->meta.causation_id = bo_strdup(app->correlation_id);
	if (app->command_id &&
	    !(e->meta.command_id = bo_strdup(app->command_id)))
		return BO_ENOMEM;
	if (!e->type_name || !e->event_id || !e->meta.user || !e->meta.role ||
	    !e->meta.tenant || !e->meta.correlation_id || !e->meta.causation_id)
		return BO_ENOMEM;
	return BO_OK;
}

int bo_app_append_one(bo_app *app, const char *stream, int64_t expected,
		      bo_event *e, bo_err *err)
{
	/* The store rewrites e->stream, which may be where stream points. */
	char *name = bo_strdup(stream);
	int rc;

	if (!name)
		return fail_nomem(err);
	rc = bo_event_store_append(&app->ports->events, name, expected, e, 1,
				   err);
	free(name);
	if (rc < 0)
		return rc;
	/* Every inline projector, with its checkpoint, in this transaction. */
	return bo_projections_apply_inline(app->ports, &app->currency, e, err);
}

/* ---- products ------------------------------------------------------------- */

/* Makes e the act of user "system" (admin) caused by event cause_id. */
static int stamp_system(bo_event *e, const char *cause_id)
{
	free(e->meta.user);
	free(e->meta.role);
	free(e->meta.causation_id);
	free(e->meta.command_id);
	e->meta.command_id = NULL; /* the system's act, not the command's */
	e->meta.user = bo_strdup("system");
	e->meta.role = bo_strdup(bo_role_name(BO_ROLE_ADMIN));
	e->meta.causation_id = bo_strdup(cause_id);
	return e->meta.user && e->meta.role && e->meta.causation_id ? BO_OK
								    : BO_ENOMEM;
}

/* Publishes a product fact (snapshot p) on the product's stream; by the
 * system on behalf of event cause_id when that is not NULL. */
static int publish_product_as(bo_app *app, bo_event_kind kind,
			      const bo_product *p, int64_t now,
			      const char *cause_id, bo_err *err)
{
	bo_event e = {0};
	int64_t version = 0;
	int rc;

	e.kind = kind;
	if (bo_product_copy(&e.product, p) < 0 ||
	    bo_event_set_stream(&e, "product", p->id) < 0 ||
	    stamp(app, &e, now) < 0 ||
	    (cause_id && stamp_system(&e, cause_id) < 0)) {
		rc = fail_nomem(err);
		goto done;
	}
	if ((rc = bo_event_store_stream_version(&app->ports->events, e.stream,
						&version, err)) < 0)
		goto done;
	rc = bo_app_append_one(app, e.stream, version, &e, err);
done:
	bo_event_clear(&e);
	return rc;
}

static int publish_product(bo_app *app, bo_event_kind kind, const bo_product *p,
			   int64_t now, bo_err *err)
{
	return publish_product_as(app, kind, p, now, NULL, err);
}

int bo_app_product_set_stock_as_system(bo_app *app, bo_product *p,
				       int64_t stock, const char *cause_id,
				       bo_err *err)
{
	int64_t now = bo_clock_now(&app->clock);
	int rc;

	p->stock = stock;
	p->updated_at = now;
	if ((rc = bo_product_repo_update(&app->ports->products, p,
					 p->row_version, err)) < 0)
		return rc;
	return publish_product_as(app, BO_EV_PRODUCT_UPDATED, p, now, cause_id,
				  err);
}

/*
 * The rest of a command's write, inside its transaction and before its one
 * commit: the reactors, each handled event's effect in a nested level (a
 * savepoint) with the reactor's checkpoint, so a failure undoes only that
 * and the reactor retries after the next command; then the projectors that
 * are not inline (reports) catch up to the head, also in a nested level.
 * Neither failure fails the command (see reactor_err, follow_err).
 */
static void react(bo_app *app)
{
	const bo_store *st = &app->ports->store;
	int rc;

	bo_err_clear(&app->reactor_err);
	bo_err_clear(&app->follow_err);
	bo_reactors_run(app, &app->reactor_err);
	if (app->follow_later)
		return;
	if ((rc = bo_store_begin(st, &app->follow_err)) < 0)
		return;
	/* a failed commit rolls its own level back: no second rollback */
	if ((rc = bo_projections_follow(app->ports, &app->currency, 0,
					&app->follow_err)) < 0)
		bo_store_rollback(st);
	else if ((rc = bo_store_commit(st, &app->follow_err)) == 0)
		bo_err_clear(&app->follow_err);
}

/* A command's one commit, the reactors and the catch-up inside it. */
static int commit_command(bo_app *app, bo_err *err)
{
	react(app);
	return bo_store_commit(&app->ports->store, err);
}

static int missing_product(const char *sku, bo_err *err)
{
	return bo_err_set(err, BO_ENOTFOUND, "product %s does not exist", sku);
}

/* The fields of a product edit, in one fixed order, into a fingerprint. */
static void fp_edit(bo_fp *fp, const bo_product_edit *in)
{
	bo_fp_str(fp, in->sku);
	bo_fp_str(fp, in->name);
	bo_fp_str(fp, in->description);
	bo_fp_str(fp, in->price);
	bo_fp_str(fp, in->tax_rate);
	bo_fp_str(fp, in->stock);
}

/* A product write sent again: *out (may be NULL) is the product as the
 * event it appended then left it. */
static int replay_product(bo_app *app, const char *result, bo_product *out,
			  bo_err *err)
{
	bo_event_list l = {0};
	int64_t id, version;
	char stream[48];
	int rc;

	if ((rc = bo_app_command_result_stream(result, "product", &id, &version,
					       err)) < 0 ||
	    !out)
		return rc;
	snprintf(stream, sizeof(stream), "product-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream,
					     version, &l, err)) < 0)
		goto done;
	if (l.n == 0 || l.items[l.n - 1].version != version) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"the event command %s appended (%s version "
				"%lld) is missing",
				app->command_id, stream, (long long)version);
		goto done;
	}
	if (bo_product_copy(out, &l.items[l.n - 1].product) < 0)
		rc = fail_nomem(err);
done:
	bo_event_list_clear(&l);
	return rc;
}

int bo_app_product_add(bo_app *app, const bo_product_edit *in, bo_product *out,
		       bo_err *err)
{
	bo_product p = {0};
	bo_fp fp = {0};
	char *seen = NULL;
	int64_t now;
	int rc;

	if ((rc = require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if (!in->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if (!in->name)
		return bo_err_set(err, BO_EINVAL, "name is required");
	if (!in->price)
		return bo_err_set(err, BO_EINVAL, "price is required");
	p.stock = BO_STOCK_UNTRACKED;
	if (!(p.description = bo_strdup("")))
		return fail_nomem(err);
	if ((rc = bo_product_apply_edit(&p, in, &app->currency, err)) < 0)
		goto out;
	now = bo_clock_now(&app->clock);
	p.created_at = p.updated_at = now;
	bo_fp_init(&fp, app, "product add");
	fp_edit(&fp, in);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		rc = replay_product(app, seen, out, err);
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (rc < 0 ||
	    (rc = bo_store_sequence_next(&app->ports->store, "product", &p.id,
					 err)) < 0 ||
	    (rc = bo_product_repo_insert(&app->ports->products, &p, err)) < 0 ||
	    (rc = publish_product(app, BO_EV_PRODUCT_CREATED, &p, now, err)) <
		0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "product", p.id,
					       err)) < 0 ||
	    (rc = commit_command(app, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (out) {
		*out = p;
		memset(&p, 0, sizeof(p));
	}
out:
	free(seen);
	bo_fp_free(&fp);
	bo_product_clear(&p);
	return rc;
}

/* The shared shape of edit, retire and delete: load by SKU in a write
 * transaction, check the version the caller saw, change, publish. */
typedef enum { CHANGE_EDIT, CHANGE_RETIRE, CHANGE_DELETE } change_kind;

static int change_product(bo_app *app, const char *sku, change_kind kind,
			  const bo_product_edit *in,
			  int64_t expected_row_version, bo_product *out,
			  bo_err *err)
{
	static const char *const names[] = {"product edit", "product retire",
					    "product delete"};
	bo_product p = {0};
	bo_fp fp = {0};
	char *sent = NULL;
	int64_t now, seen;
	int rc;

	if ((rc = require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, names[kind]);
	bo_fp_str(&fp, sku);
	bo_fp_int(&fp, expected_row_version);
	if (in)
		fp_edit(&fp, in);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &sent, err)) == 1) {
		rc = replay_product(app, sent, out, err);
		goto fail;
	}
	if (rc < 0)
		goto fail;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &p, err);
	if (rc == BO_ENOTFOUND)
		rc = missing_product(sku, err);
	if (rc < 0)
		goto fail;
	if (expected_row_version > 0 && p.row_version != expected_row_version) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else since "
				"you opened it; reload it",
				sku);
		goto fail;
	}
	seen = p.row_version;
	now = bo_clock_now(&app->clock);
	switch (kind) {
	case CHANGE_EDIT:
		if ((rc = bo_product_apply_edit(&p, in, &app->currency, err)) <
		    0)
			goto fail;
		break;
	case CHANGE_RETIRE:
		if (p.retired) {
			rc = bo_err_set(err, BO_ECONFLICT,
					"product %s is already retired", sku);
			goto fail;
		}
		p.retired = true;
		break;
	case CHANGE_DELETE:
		break;
	}
	if (kind == CHANGE_DELETE) {
		rc = bo_product_repo_remove(&app->ports->products, p.id, seen,
					    err);
	} else {
		p.updated_at = now;
		rc = bo_product_repo_update(&app->ports->products, &p, seen,
					    err);
	}
	if (rc < 0)
		goto fail;
	bo_event_kind ev = kind == CHANGE_EDIT     ? BO_EV_PRODUCT_UPDATED
			   : kind == CHANGE_RETIRE ? BO_EV_PRODUCT_RETIRED
						   : BO_EV_PRODUCT_DELETED;
	if ((rc = publish_product(app, ev, &p, now, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "product", p.id,
					       err)) < 0 ||
	    (rc = commit_command(app, err)) < 0)
		goto fail;
	if (out) {
		*out = p;
		memset(&p, 0, sizeof(p));
	}
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(sent);
	bo_fp_free(&fp);
	bo_product_clear(&p);
	return rc;
}

int bo_app_product_edit(bo_app *app, const char *sku, const bo_product_edit *in,
			int64_t expected_row_version, bo_product *out,
			bo_err *err)
{
	return change_product(app, sku, CHANGE_EDIT, in, expected_row_version,
			      out, err);
}

int bo_app_product_retire(bo_app *app, const char *sku, bo_product *out,
			  bo_err *err)
{
	return change_product(app, sku, CHANGE_RETIRE, NULL, 0, out, err);
}

int bo_app_product_delete(bo_app *app, const char *sku, bo_err *err)
{
	return change_product(app, sku, CHANGE_DELETE, NULL, 0, NULL, err);
}

int bo_app_product_get(bo_app *app, const char *sku, bo_product *out,
		       bo_err *err)
{
	int rc = require(app, BO_CAP_PRODUCT_READ, err);
	if (rc < 0)
		return rc;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, out, err);
	return rc == BO_ENOTFOUND ? missing_product(sku, err) : rc;
}

int bo_app_product_list(bo_app *app, const bo_product_query *q,
			bo_product_each_fn each, void *ctx, bo_err *err)
{
	int rc = require(app, BO_CAP_PRODUCT_READ, err);
	return rc < 0 ? rc
		      : bo_product_repo_list(&app->ports->products, q, each,
					     ctx, err);
}

/* ---- orders --------------------------------------------------------------- */

static int missing_order(int64_t id, bo_err *err)
{
	return bo_err_set(err, BO_ENOTFOUND, "order %lld does not exist",
			  (long long)id);
}

/* Folds the order's stream (up to max_version, 0 = all) into *o. */
static int load_order(bo_app *app, int64_t id, int64_t max_version, bo_order *o,
		      bo_err *err)
{
	bo_event_list l = {0};
	char stream[32];
	int rc;

	memset(o, 0, sizeof(*o));
	snprintf(stream, sizeof(stream), "order-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream,
					     max_version, &l, err)) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++)
		if ((rc = bo_order_apply(o, &l.items[i])) < 0) {
			bo_err_set(
			    err, rc, "order %lld: event %lld cannot be applied",
			    (long long)id, (long long)l.items[i].version);
			goto done;
		}
	o->id = id;
done:
	bo_event_list_clear(&l);
	return rc;
}

int bo_app_order_place(bo_app *app, const char *email, const char *name,
		       const bo_line_request *lines, size_t nlines,
		       int64_t *out_id, bo_err *err)
{
	bo_product *found = NULL;
	bo_order_place_line *req = NULL;
	bo_event e = {0};
	bo_fp fp = {0};
	char *seen = NULL;
	int64_t id = 0, version;
	int rc;

	if ((rc = require(app, BO_CAP_ORDER_PLACE, err)) < 0)
		return rc;
	if (nlines > BO_ORDER_MAX_LINES || nlines == 0)
		return bo_err_set(err, BO_EINVAL,
				  "an order needs 1 to %d lines",
				  BO_ORDER_MAX_LINES);
	found = calloc(nlines, sizeof(*found));
	req = calloc(nlines, sizeof(*req));
	if (!found || !req) {
		rc = fail_nomem(err);
		goto out;
	}
	bo_fp_init(&fp, app, "order place");
	bo_fp_str(&fp, email);
	bo_fp_str(&fp, name);
	for (size_t i = 0; i < nlines; i++) {
		bo_fp_str(&fp, lines[i].sku);
		bo_fp_int(&fp, lines[i].quantity);
	}
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		/* placed the first time it was sent: the same order */
		rc = bo_app_command_result_stream(seen, "order", out_id,
						  &version, err);
		goto fail;
	}
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < nlines; i++) {
		req[i].sku = lines[i].sku;
		req[i].quantity = lines[i].quantity;
		rc = bo_rm_catalog_get_by_sku(&app->ports->rm, lines[i].sku,
					      &found[i], err);
		if (rc == BO_OK)
			req[i].product = &found[i];
		else if (rc != BO_ENOTFOUND)
			goto fail;
	}
	if ((rc = bo_store_sequence_next(&app->ports->store, "order", &id,
					 err)) < 0 ||
	    (rc = bo_order_decide_place(&e, id, app->currency.code, email, name,
					req, nlines, err)) < 0)
		goto fail;
	if (bo_event_set_stream(&e, "order", id) < 0 ||
	    stamp(app, &e, bo_clock_now(&app->clock)) < 0) {
		rc = fail_nomem(err);
		goto fail;
	}
	if ((rc = bo_app_append_one(app, e.stream, 0, &e, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "order", id, err)) <
		0 ||
	    (rc = commit_command(app, err)) < 0)
		goto fail;
	*out_id = id;
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	for (size_t i = 0; found && i < nlines; i++)
		bo_product_clear(&found[i]);
	free(found);
	free(req);
	free(seen);
	bo_fp_free(&fp);
	bo_event_clear(&e);
	return rc;
}

typedef enum {
	CMD_PAY,
	CMD_FAIL_PAYMENT,
	CMD_SHIP,
	CMD_DELIVER,
	CMD_CANCEL,
	CMD_REFUND,
	CMD_NOTE
} order_cmd_kind;

typedef struct order_cmd {
	order_cmd_kind kind;
	const char *amount; /* pay, refund */
	const char *a;      /* reason, carrier or note text */
	const char *b;      /* tracking */
} order_cmd;

static const char *const cmd_names[] = {
    "order pay",    "order fail-payment", "order ship", "order deliver",
    "order cancel", "order refund",       "order note"};

static bo_capability cmd_cap(order_cmd_kind k)
{
	switch (k) {
	case CMD_PAY:
	case CMD_FAIL_PAYMENT:
	case CMD_SHIP:
	case CMD_DELIVER:
		return BO_CAP_ORDER_PAYMENT;
	case CMD_CANCEL:
	case CMD_REFUND:
	case CMD_NOTE:
		break;
	}
	return BO_CAP_ORDER_SUPPORT;
}

/* Load, decide, append at the version seen, project: one transaction. */
static int run_order_cmd(bo_app *app, int64_t id, const order_cmd *c,
			 bo_err *err)
{
	bo_order o = {0};
	bo_event e = {0};
	bo_fp fp = {0};
	char *seen = NULL;
	int64_t amount = 0;
	int rc;

	if ((rc = require(app, cmd_cap(c->kind), err)) < 0)
		return rc;
	if (c->amount &&
	    (rc = bo_money_parse(&amount, c->amount, &app->currency, "amount",
				 err)) < 0)
		return rc;
	bo_fp_init(&fp, app, cmd_names[c->kind]);
	bo_fp_int(&fp, id);
	bo_fp_str(&fp, c->amount);
	bo_fp_str(&fp, c->a);
	bo_fp_str(&fp, c->b);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) != BO_OK) {
		rc = rc == 1 ? BO_OK : rc; /* 1: done when first sent */
		goto fail;
	}
	if ((rc = load_order(app, id, 0, &o, err)) < 0)
		goto fail;
	if (o.version == 0) {
		rc = missing_order(id, err);
		goto fail;
	}
	switch (c->kind) {
	case CMD_PAY:
		rc = bo_order_decide_pay(&e, &o, amount, err);
		break;
	case CMD_FAIL_PAYMENT:
		rc = bo_order_decide_fail_payment(&e, &o, c->a, err);
		break;
	case CMD_SHIP:
		rc = bo_order_decide_ship(&e, &o, c->a, c->b, err);
		break;
	case CMD_DELIVER:
		rc = bo_order_decide_deliver(&e, &o, err);
		break;
	case CMD_CANCEL:
		rc = bo_order_decide_cancel(&e, &o, c->a, err);
		break;
	case CMD_REFUND:
		rc = bo_order_decide_refund(&e, &o, amount, c->a, err);
		break;
	case CMD_NOTE:
		rc = bo_order_decide_note(&e, &o, c->a, err);
		break;
	}
	if (rc < 0)
		goto fail;
	if (bo_event_set_stream(&e, "order", id) < 0 ||
	    stamp(app, &e, bo_clock_now(&app->clock)) < 0) {
		rc = fail_nomem(err);
		goto fail;
	}
	if ((rc = bo_app_append_one(app, e.stream, o.version, &e, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "order", id, err)) <
		0 ||
	    (rc = commit_command(app, err)) < 0)
		goto fail;
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(seen);
	bo_fp_free(&fp);
	bo_order_clear(&o);
	bo_event_clear(&e);
	return rc;
}

int bo_app_order_pay(bo_app *app, int64_t id, const char *amount, bo_err *err)
{
	order_cmd c = {.kind = CMD_PAY, .amount = amount ? amount : ""};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_fail_payment(bo_app *app, int64_t id, const char *reason,
			      bo_err *err)
{
	order_cmd c = {.kind = CMD_FAIL_PAYMENT, .a = reason};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_ship(bo_app *app, int64_t id, const char *carrier,
		      const char *tracking, bo_err *err)
{
	order_cmd c = {.kind = CMD_SHIP, .a = carrier, .b = tracking};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_deliver(bo_app *app, int64_t id, bo_err *err)
{
	order_cmd c = {.kind = CMD_DELIVER};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_cancel(bo_app *app, int64_t id, const char *reason,
			bo_err *err)
{
	order_cmd c = {.kind = CMD_CANCEL, .a = reason};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_refund(bo_app *app, int64_t id, const char *amount,
			const char *reason, bo_err *err)
{
	order_cmd c = {
	    .kind = CMD_REFUND, .amount = amount ? amount : "", .a = reason};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_note(bo_app *app, int64_t id, const char *text, bo_err *err)
{
	order_cmd c = {.kind = CMD_NOTE, .a = text};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_get(bo_app *app, int64_t id, int64_t at_version, bo_order *out,
		     bo_err *err)
{
	int rc;

	if ((rc = require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	if (at_version < 0)
		return bo_err_set(err, BO_EINVAL,
				  "version must be a whole number above 0");
	if ((rc = load_order(app, id, at_version, out, err)) < 0)
		goto fail;
	if (out->version == 0) {
		rc = missing_order(id, err);
		goto fail;
	}
	if (at_version > out->version) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %lld has no version %lld (it has %lld "
				"events)",
				(long long)id, (long long)at_version,
				(long long)out->version);
		goto fail;
	}
	return BO_OK;
fail:
	bo_order_clear(out);
	return rc;
}

int bo_app_order_list(bo_app *app, const bo_order_query *q,
		      bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	int rc = require(app, BO_CAP_ORDER_READ, err);
	return rc < 0 ? rc
		      : bo_rm_order_list(&app->ports->rm, q, each, ctx, err);
}

int bo_app_order_timeline(bo_app *app, int64_t id, bo_timeline_each_fn each,
			  void *ctx, bo_err *err)
{
	bo_order_row row = {0};
	int rc;

	if ((rc = require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	rc = bo_rm_order_get(&app->ports->rm, id, &row, err);
	bo_order_row_clear(&row);
	if (rc == BO_ENOTFOUND)
		return missing_order(id, err);
	if (rc < 0)
		return rc;
	return bo_rm_timeline_list(&app->ports->rm, id, each, ctx, err);
}

int bo_app_order_events(bo_app *app, int64_t id, bo_event_list *out,
			bo_err *err)
{
	size_t had = out->n;
	char stream[32];
	int rc;

	if ((rc = require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	snprintf(stream, sizeof(stream), "order-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream, 0,
					     out, err)) < 0)
		return rc;
	return out->n > had ? BO_OK : missing_order(id, err);
}
