/* Port: what the reactors remember (checkpoints, events handled) and the alerts they raise. */
#ifndef BO_PORT_REACTOR_STORE_H
#define BO_PORT_REACTOR_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../status.h"

/* A low-stock alert: a payment or a stock adjustment left a product's stock
 * at or below the threshold. Strings are owned; bo_alert_clear releases
 * them. */
typedef struct bo_alert {
	int64_t id;       /* assigned by the store, > 0; alert_add ignores it */
	/* the event that raised it (a PaymentReceived or a
	 * ProductStockAdjusted) */
	char *event_id;
	int64_t order_id; /* the order that payment completed; 0: none */
	int64_t product_id;
	char *sku; /* as the product was when the alert was raised */
	char *name;
	int64_t stock;      /* stock left after the change */
	int64_t threshold;  /* the threshold that applied (product or tenant) */
	int64_t created_at; /* ms since the epoch, UTC */
	char *acked_by;     /* who acknowledged it; NULL while it is open */
	int64_t acked_at;   /* when (ms since the epoch, UTC); 0 while open */
} bo_alert;

void bo_alert_clear(bo_alert *a);
/* Deep copy into dst (not cleared first); BO_ENOMEM leaves dst zeroed. */
int bo_alert_copy(bo_alert *dst, const bo_alert *src);

/* Called for each alert; a negative return stops the listing and is returned. */
typedef int (*bo_alert_each_fn)(void *ctx, const bo_alert *a);

/*
 * The same connection and transaction as every other port of the backend, so
 * a reactor's side effect, the record that it handled the event and its
 * checkpoint commit together.
 */
typedef struct bo_reactor_store_ops {
	int version; /* BO_REACTOR_STORE_OPS_VERSION */

	/* Required. Last log position the reactor called name has dealt with.
	 * BO_ENOTFOUND when it has none yet. */
	int (*checkpoint_get)(void *self, const char *name, int64_t *out,
			      bo_err *err);
	/* Required. Inside a transaction; sets (creates) the checkpoint. */
	int (*checkpoint_set)(void *self, const char *name, int64_t position,
			      bo_err *err);

	/* Required. *out: whether reactor name has handled event_id. */
	int (*handled)(void *self, const char *name, const char *event_id,
		       bool *out, bo_err *err);
	/* Required. Inside a transaction: records that reactor name handled
	 * event_id. BO_ECONFLICT when it is already recorded. */
	int (*mark_handled)(void *self, const char *name, const char *event_id,
			    bo_err *err);

	/* Required. Inside a transaction. BO_ECONFLICT when an alert of the same
	 * event and product exists. event_id, sku and name are required. */
	int (*alert_add)(void *self, const bo_alert *a, bo_err *err);
	/* Required. Every alert, oldest first (in the order they were added). */
	int (*alert_list)(void *self, bo_alert_each_fn each, void *ctx,
			  bo_err *err);
	/* Required. Inside a transaction: marks alert id acknowledged by user
	 * at `at`. BO_ENOTFOUND when there is no such alert; BO_ECONFLICT,
	 * changing nothing, when it was acknowledged already (the message
	 * says by whom). */
	int (*alert_ack)(void *self, int64_t id, const char *user, int64_t at,
			 bo_err *err);
} bo_reactor_store_ops;

/* 2: alerts have an id and can be acknowledged (alert_ack). */
#define BO_REACTOR_STORE_OPS_VERSION 2

typedef struct bo_reactor_store {
	const bo_reactor_store_ops *ops;
	void *self;
} bo_reactor_store;

int bo_reactor_store_checkpoint_get(const bo_reactor_store *r, const char *name,
				    int64_t *out, bo_err *err);
int bo_reactor_store_checkpoint_set(const bo_reactor_store *r, const char *name,
				    int64_t position, bo_err *err);
int bo_reactor_store_handled(const bo_reactor_store *r, const char *name,
			     const char *event_id, bool *out, bo_err *err);
int bo_reactor_store_mark_handled(const bo_reactor_store *r, const char *name,
				  const char *event_id, bo_err *err);
int bo_reactor_store_alert_add(const bo_reactor_store *r, const bo_alert *a,
			       bo_err *err);
int bo_reactor_store_alert_list(const bo_reactor_store *r,
				bo_alert_each_fn each, void *ctx, bo_err *err);
int bo_reactor_store_alert_ack(const bo_reactor_store *r, int64_t id,
			       const char *user, int64_t at, bo_err *err);

#endif
