/* Application services of orders: place, the commands on an order (load, decide, append at the version seen), and the reads. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

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

	if ((rc = bo_app_require(app, BO_CAP_ORDER_PLACE, err)) < 0)
		return rc;
	if (nlines > BO_ORDER_MAX_LINES || nlines == 0)
		return bo_err_set(err, BO_EINVAL,
				  "an order needs 1 to %d lines",
				  BO_ORDER_MAX_LINES);
	found = calloc(nlines, sizeof(*found));
	req = calloc(nlines, sizeof(*req));
	if (!found || !req) {
		rc = bo_app_nomem(err);
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
	    bo_app_stamp(app, &e, bo_clock_now(&app->clock)) < 0) {
		rc = bo_app_nomem(err);
		goto fail;
	}
	if ((rc = bo_app_append_one(app, e.stream, 0, &e, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "order", id, err)) <
		0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
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
	const char *amount; /* pay, refund: as typed, parsed here */
	bool has_value;     /* refund: the amount parsed already, in value */
	int64_t value;
	const char *a; /* reason, carrier or note text */
	const char *b; /* tracking */
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
	char *seen = NULL, text[BO_MONEY_BUFSZ];
	int64_t amount = 0;
	int rc;

	if ((rc = bo_app_require(app, cmd_cap(c->kind), err)) < 0)
		return rc;
	if (c->amount &&
	    (rc = bo_money_parse(&amount, c->amount, &app->currency, "amount",
				 err)) < 0)
		return rc;
	if (c->has_value)
		amount = c->value;
	bo_fp_init(&fp, app, cmd_names[c->kind]);
	bo_fp_int(&fp, id);
	/* a parsed amount reads as the text that parses to it */
	bo_fp_str(&fp, c->has_value
			   ? bo_money_format(text, amount, &app->currency)
			   : c->amount);
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
	    bo_app_stamp(app, &e, bo_clock_now(&app->clock)) < 0) {
		rc = bo_app_nomem(err);
		goto fail;
	}
	if ((rc = bo_app_append_one(app, e.stream, o.version, &e, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "order", id, err)) <
		0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
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
	return bo_app_order_cancel_refund(app, id, reason, false, NULL, err);
}

/* Decides and stamps one event of a command on order o. */
static int stamp(bo_app *app, bo_event *e, int64_t id, bo_err *err)
{
	if (bo_event_set_stream(e, "order", id) < 0 ||
	    bo_app_stamp(app, e, bo_clock_now(&app->clock)) < 0)
		return bo_app_nomem(err);
	return BO_OK;
}

/* A cancel answered again by its command id: what it did the first time,
 * read from the stream up to the version it recorded. */
static int cancel_replay(bo_app *app, int64_t id, const char *seen,
			 bo_cancel_outcome *out, bo_err *err)
{
	bo_order o = {0};
	bo_event_list l = {0};
	char stream[32];
	int64_t sid, version;
	int rc;

	if ((rc = bo_app_command_result_stream(seen, "order", &sid, &version,
					       err)) < 0)
		return rc;
	snprintf(stream, sizeof(stream), "order-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream,
					     version, &l, err)) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++)
		if ((rc = bo_order_apply(&o, &l.items[i])) < 0) {
			bo_err_set(err, rc,
				   "order %lld: event %lld cannot be "
				   "applied",
				   (long long)id,
				   (long long)l.items[i].version);
			goto done;
		}
	out->left = bo_order_refundable(&o);
	if (l.n >= 2) {
		const bo_event *r = &l.items[l.n - 2];

		if (r->kind == BO_EV_REFUND_ISSUED && r->meta.command_id &&
		    strcmp(r->meta.command_id, app->command_id) == 0)
			out->refunded = r->amount;
	}
done:
	bo_event_list_clear(&l);
	bo_order_clear(&o);
	return rc;
}

int bo_app_order_cancel_refund(bo_app *app, int64_t id, const char *reason,
			       bool refund, bo_cancel_outcome *out, bo_err *err)
{
	bo_cancel_outcome got = {0};
	bo_order o = {0};
	bo_event r = {0}, e = {0};
	bo_fp fp = {0};
	char *seen = NULL;
	int64_t refundable;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_ORDER_SUPPORT, err)) < 0)
		return rc;
	/* without refund: the fingerprint of order cancel, as it always was */
	bo_fp_init(&fp, app, refund ? "order cancel --refund" : "order cancel");
	bo_fp_int(&fp, id);
	bo_fp_str(&fp, NULL);
	bo_fp_str(&fp, reason);
	bo_fp_str(&fp, NULL);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		rc = cancel_replay(app, id, seen, &got, err);
		goto fail;
	}
	if (rc < 0 || (rc = load_order(app, id, 0, &o, err)) < 0)
		goto fail;
	if (o.version == 0) {
		rc = missing_order(id, err);
		goto fail;
	}
	/* the cancel's own refusal comes first: nothing is refunded then */
	if ((rc = bo_order_may_cancel(&o, err)) < 0)
		goto fail;
	refundable = bo_order_refundable(&o);
	if (refund && refundable > 0) {
		if ((rc = bo_order_decide_refund(&r, &o, refundable, reason,
						 err)) < 0 ||
		    (rc = stamp(app, &r, id, err)) < 0 ||
		    (rc = bo_app_append_one(app, r.stream, o.version, &r,
					    err)) < 0)
			goto fail;
		if ((rc = bo_order_apply(&o, &r)) < 0) {
			rc = bo_err_set(err, rc,
					"order %lld: the refund "
					"cannot be applied",
					(long long)id);
			goto fail;
		}
		got.refunded = refundable;
	}
	if ((rc = bo_order_decide_cancel(&e, &o, reason, err)) < 0 ||
	    (rc = stamp(app, &e, id, err)) < 0 ||
	    (rc = bo_app_append_one(app, e.stream, o.version, &e, err)) < 0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "order", id, err)) <
		0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
		goto fail;
	got.left = bo_order_refundable(&o);
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	if (rc >= 0 && out)
		*out = got;
	free(seen);
	bo_fp_free(&fp);
	bo_order_clear(&o);
	bo_event_clear(&r);
	bo_event_clear(&e);
	return rc;
}

int bo_app_order_refund(bo_app *app, int64_t id, const char *amount,
			const char *reason, bo_err *err)
{
	order_cmd c = {
	    .kind = CMD_REFUND, .amount = amount ? amount : "", .a = reason};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_refund_amount(bo_app *app, int64_t id, int64_t amount,
			       const char *reason, bo_err *err)
{
	order_cmd c = {.kind = CMD_REFUND,
		       .has_value = true,
		       .value = amount,
		       .a = reason};
	return run_order_cmd(app, id, &c, err);
}

int bo_app_order_can(bo_app *app, int64_t id, bo_order_action action,
		     int64_t amount, const char *reason,
		     bo_order_can_info *info, bo_err *err)
{
	bo_order o = {0};
	bo_event e = {0};
	int rc;

	if (info)
		memset(info, 0, sizeof(*info));
	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	/* a face asks before anything is typed: say what the role may do */
	if (action != BO_ORDER_ACT_READ &&
	    !bo_role_may(app->role, BO_CAP_ORDER_SUPPORT))
		return bo_err_set(err, BO_EPERM,
				  "orders are read-only for %s users: notes, "
				  "cancelling and refunds are for support and "
				  "admins",
				  bo_role_name(app->role));
	if ((rc = load_order(app, id, 0, &o, err)) < 0)
		goto done;
	if (o.version == 0) {
		rc = missing_order(id, err);
		goto done;
	}
	if (info) {
		info->version = o.version;
		info->status = o.status;
		info->total = o.total;
		info->paid = o.paid;
		info->refunded = o.refunded;
		info->refundable = bo_order_refundable(&o);
	}
	switch (action) {
	case BO_ORDER_ACT_CANCEL:
		rc = reason ? bo_order_decide_cancel(&e, &o, reason, err)
			    : bo_order_may_cancel(&o, err);
		break;
	case BO_ORDER_ACT_REFUND:
		rc = reason && amount
			 ? bo_order_decide_refund(&e, &o, amount, reason, err)
			 : bo_order_may_refund(&o, amount, err);
		break;
	case BO_ORDER_ACT_NOTE:
	case BO_ORDER_ACT_READ:
		break;
	}
done:
	bo_event_clear(&e);
	bo_order_clear(&o);
	return rc;
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

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0)
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
	int rc = bo_app_require(app, BO_CAP_ORDER_READ, err);
	return rc < 0 ? rc
		      : bo_rm_order_list(&app->ports->rm, q, each, ctx, err);
}

int bo_app_order_count(bo_app *app, const bo_order_query *q, int64_t *out,
		       bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_ORDER_READ, err);
	return rc < 0 ? rc : bo_rm_order_count(&app->ports->rm, q, out, err);
}

int bo_app_order_timeline(bo_app *app, int64_t id, bo_timeline_each_fn each,
			  void *ctx, bo_err *err)
{
	bo_order_row row = {0};
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0)
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

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	snprintf(stream, sizeof(stream), "order-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream, 0,
					     out, err)) < 0)
		return rc;
	return out->n > had ? BO_OK : missing_order(id, err);
}
