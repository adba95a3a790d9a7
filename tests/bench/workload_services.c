/* The workload through the application services (what a CLI or TUI write costs): place, pay, ship, deliver, cancel with refund, refund; phase C is a full projections rebuild of that store. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "tests/bench/workload_store.h"

/* The services stamp each event with the clock: here the event's own time
 * in the workload, so the store's days are the workload's. */
typedef struct wl_clock {
	int64_t ms;
} wl_clock;

static int64_t clock_now(void *self)
{
	return ((wl_clock *)self)->ms;
}

static void say(const char *what, int64_t id, const bo_err *err)
{
	fprintf(stderr, "workload: services: %s of order %" PRId64 ": %s\n",
		what, id, err->msg);
}

static void money(char out[32], int64_t cents)
{
	snprintf(out, 32, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
}

/* The catalog's 50 products, added as `product add` does (untracked stock:
 * no low-stock reactor in the way). Not timed. */
static int add_catalog(bo_app *app)
{
	bo_err err = {0};

	for (int k = 0; k < WL_CATALOG; k++) {
		char sku[16], name[32], price[32];
		bo_product_edit ed = {.sku = sku,
				      .name = name,
				      .price = price,
				      .tax_rate = "19",
				      .stock = "none"};

		wl_catalog_sku(k, sku);
		wl_catalog_name(k, name);
		money(price, wl_catalog_price(k));
		if (bo_app_product_add(app, &ed, NULL, &err) < 0) {
			fprintf(stderr, "workload: services: adding %s: %s\n",
				sku, err.msg);
			return -1;
		}
	}
	return 0;
}

/* The command that stands for event seq of order o. */
static int command(bo_app *app, wl_clock *clk, const wl_order *o, int seq)
{
	static const char *const cancel_reasons[] = {
	    "customer_request", "payment_review", "out_of_stock",
	    "duplicate_order"};
	static const char *const refund_reasons[] = {
	    "damaged", "wrong_item", "not_as_described", "late_delivery"};
	static const char *const carriers[] = {"DHL", "UPS", "DPD", "GLS"};
	bo_err err = {0};
	char text[64], text2[64];
	int64_t id = 0;
	int rc = 0;

	clk->ms = o->at[seq] * 1000;
	switch (o->types[seq]) {
	case WL_PLACED: {
		bo_line_request lines[4];
		char skus[4][16];
		size_t n = 0;

		/* the domain wants one line per product: a product drawn
		 * twice becomes one line of both quantities (same total) */
		for (int l = 0; l < o->nlines; l++) {
			size_t m = 0;

			wl_catalog_sku(o->product[l], skus[n]);
			while (m < n && strcmp(lines[m].sku, skus[n]))
				m++;
			if (m < n) {
				lines[m].quantity += o->qty[l];
				continue;
			}
			lines[n].sku = skus[n];
			lines[n++].quantity = o->qty[l];
		}
		snprintf(text, sizeof(text), "cust-%05d@example.com",
			 o->customer);
		snprintf(text2, sizeof(text2), "cust-%05d", o->customer);
		rc = bo_app_order_place(app, text, text2, lines, n, &id,
					&err);
		if (rc == 0 && id != o->id) {
			fprintf(stderr,
				"workload: services: order %" PRId64
				" was given id %" PRId64 "\n",
				o->id, id);
			return -1;
		}
		break;
	}
	case WL_PAID:
		money(text, o->total);
		rc = bo_app_order_pay(app, o->id, text, &err);
		break;
	case WL_CANCELLED:
		rc = bo_app_order_cancel_refund(app, o->id,
						cancel_reasons[o->reason], true,
						NULL, &err);
		break;
	case WL_SHIPPED:
		snprintf(text, sizeof(text), "%s%012" PRId64,
			 carriers[o->carrier], o->id * 7 + o->last4);
		rc = bo_app_order_ship(app, o->id, carriers[o->carrier], text,
				       &err);
		break;
	case WL_DELIVERED:
		rc = bo_app_order_deliver(app, o->id, &err);
		break;
	case WL_REFUNDED:
		rc = bo_app_order_refund_amount(
		    app, o->id, o->total * o->refund_pct / 100,
		    refund_reasons[o->reason], &err);
		break;
	case WL__TYPES:
		break;
	}
	if (rc < 0) {
		say(wl_type_name(o->types[seq]), o->id, &err);
		return -1;
	}
	if (app->reactor_err.code || app->follow_err.code) {
		say("after", o->id,
		    app->reactor_err.code ? &app->reactor_err
					  : &app->follow_err);
		return -1;
	}
	return 0;
}

static int write_phase(bo_ports *p, bo_app *app, wl_clock *clk,
		       const wb_job *j, const wl_workload *w, wb_out *o)
{
	bo_err err = {0};
	double t0;

	t0 = wb_now();
	if (j->phase == 'A') {
		for (int64_t k = 0; k < j->a_events; k++) {
			const wl_event *e = &w->events[k];

			if (command(app, clk, wl_order_of(w, e), e->seq) < 0)
				return -1;
		}
		o->events = j->a_events;
	} else {
		/* an order's commands in one outer transaction: the
		 * services' own nest inside it */
		for (int64_t i = 0; i < w->norders; i++) {
			const wl_order *ord = &w->orders[i];

			if (bo_store_begin(&p->store, &err) < 0) {
				say("begin", ord->id, &err);
				return -1;
			}
			for (int s = 0; s < ord->nevents; s++)
				if (command(app, clk, ord, s) < 0) {
					bo_store_rollback(&p->store);
					return -1;
				}
			if (bo_store_commit(&p->store, &err) < 0) {
				say("commit", ord->id, &err);
				return -1;
			}
		}
		o->events = (int64_t)w->nevents;
	}
	o->seconds = wb_now() - t0;
	return 0;
}

/* The services' log folded as the workload's (not timed): the domain's
 * events carry the amounts, their recorded time the workload's time. A
 * cancel with refund is RefundIssued (the money) then OrderCancelled. */
static int fold_log(bo_ports *p, wb_out *o)
{
	bo_event_list batch = {0};
	bo_err err = {0};
	int64_t after = 0;
	wl_fold f;
	int rc;

	wl_fold_init(&f);
	while ((rc = bo_event_store_read_all(&p->events, after, 1000, &batch,
					     &err)) == 0 &&
	       batch.n > 0) {
		for (size_t i = 0; i < batch.n; i++) {
			const bo_event *e = &batch.items[i];
			char day[24];
			int t = -1;

			switch (e->kind) {
			case BO_EV_ORDER_PLACED:
				t = WL_PLACED;
				break;
			case BO_EV_PAYMENT_RECEIVED:
				t = WL_PAID;
				break;
			case BO_EV_ORDER_SHIPPED:
				t = WL_SHIPPED;
				break;
			case BO_EV_ORDER_DELIVERED:
				t = WL_DELIVERED;
				break;
			case BO_EV_ORDER_CANCELLED:
				t = WL_CANCELLED;
				break;
			case BO_EV_REFUND_ISSUED:
				t = WL_REFUNDED;
				break;
			default:
				break;
			}
			if (t < 0)
				continue;
			wl_iso(e->recorded_at / 1000, day);
			if (t == WL_REFUNDED) /* the refund, then the cancel */
				wl_fold_add(&f, WL_REFUNDED, e->order_id, day,
					    e->amount);
			else
				wl_fold_add(&f, (wl_type)t, e->order_id, day,
					    t == WL_PAID ? e->amount : 0);
		}
		after = batch.items[batch.n - 1].position;
		bo_event_list_clear(&batch);
	}
	bo_event_list_clear(&batch);
	wb_digest(o, &f, wb_expected_digest);
	wl_fold_free(&f);
	if (rc < 0)
		fprintf(stderr, "workload: services: reading: %s\n", err.msg);
	return rc < 0 ? -1 : 0;
}

int wb_services(const wb_job *j, const wl_workload *w, wb_out *o)
{
	wl_clock clk = {(1704067200 - 86400) * (int64_t)1000};
	bo_clock clock = {clock_now, &clk};
	bo_ids ids = bo_sys_ids();
	bo_err err = {0};
	bo_ports p;
	bo_app app;
	int rc = -1;

	if (j->phase == 'C') {
		if (j->backend == WB_PG && wb_pg_analyze(j->url, j->where) < 0)
			return -1;
		if (wb_store_open(j, &p) < 0)
			return -1;
	} else if (wb_store_make(j, &p) < 0) {
		return -1;
	}
	if (bo_app_open(&app, &p, &clock, &ids, WB_USER, &err) < 0) {
		fprintf(stderr, "workload: services: opening: %s\n", err.msg);
		goto close_ports;
	}
	/* as the CLI starts a command: the projectors' versions set */
	if (bo_app_projections_check(&app, NULL, NULL, NULL, &err) < 0) {
		fprintf(stderr, "workload: services: projections: %s\n",
			err.msg);
		goto close_app;
	}
	if (j->phase == 'C') {
		bo_replay_stats stats = {0};
		double t0 = wb_now();

		if (bo_app_projections_rebuild(&app, NULL, NULL, NULL, &stats,
					       &err) < 0) {
			fprintf(stderr, "workload: rebuild: %s\n", err.msg);
			goto close_app;
		}
		o->seconds = wb_now() - t0;
		o->events = stats.events;
		rc = fold_log(&p, o);
	} else if (add_catalog(&app) == 0) {
		rc = write_phase(&p, &app, &clk, j, w, o);
	}
close_app:
	bo_app_close(&app);
close_ports:
	bo_ports_close(&p);
	o->bytes = wb_store_bytes(j);
	return rc;
}
