/* Reactors: side effects of events (low-stock alerts), idempotent by event id. */
#ifndef BO_REACTORS_H
#define BO_REACTORS_H

#include <stdint.h>

#include "app.h"
#include "event.h"
#include "ports/reactor_store.h"
#include "status.h"

/* Tenant setting: stock at or below it after a payment or a stock
 * adjustment raises an alert. */
#define BO_SETTING_LOW_STOCK "low_stock_threshold"
#define BO_LOW_STOCK_DEFAULT 5

/*
 * A reactor: a name (its checkpoint and handled events are kept under it),
 * the one kind of event it reacts to, and handle(). handle runs inside one
 * transaction level of its own (a savepoint inside a command's transaction,
 * or a transaction when run alone), only for an event of that kind it has
 * not handled before; what it changes is kept or undone together with the
 * record that the event was handled and the new checkpoint, so a retry
 * never applies it twice and a failure undoes only the reactor's part.
 */
typedef struct bo_reactor {
	const char *name;
	bo_event_kind kind;
	int (*handle)(bo_app *app, const bo_event *e, bo_err *err);
} bo_reactor;

/*
 * When a PaymentReceived makes its order fully paid: for each product of the
 * order that still exists and tracks stock, stock -= quantity (floored at 0)
 * through the product service (a ProductUpdated by user "system", role admin,
 * causation id = the payment's event id); stock at or below the tenant's
 * threshold then records an alert.
 */
extern const bo_reactor bo_reactor_low_stock;

/*
 * When a ProductStockAdjusted leaves a product that tracks stock at or
 * below its threshold (the product's own as the event's snapshot has it,
 * else the tenant's): an alert with order_id 0, stock and threshold as
 * they were then. Every such adjustment alerts, as every such payment
 * does; one that leaves it above does not. A product deleted before the
 * reactor gets to the event is left be.
 */
extern const bo_reactor bo_reactor_low_stock_adjusted;

/* Every reactor of this build, NULL-terminated. */
extern const bo_reactor *const bo_reactors[];

/*
 * Catches every reactor up with the log (never inside a rebuild). The
 * services call it inside the command's transaction, before its one commit:
 * each handled event is then a nested level (savepoint), so the command's
 * one durable commit carries the reactor's work and checkpoint too;
 * `projections run` calls it outside any, each event then a transaction of
 * its own. A failure undoes that event's level only and leaves the
 * reactor's checkpoint before it, so it is tried again next time. Returns
 * the first failure.
 */
int bo_reactors_run(bo_app *app, bo_err *err);
/* The same for one reactor. */
int bo_reactor_run(bo_app *app, const bo_reactor *r, bo_err *err);

/*
 * Moves every reactor's checkpoint to the head of the log, inside the
 * caller's transaction: after an import, whose side effects are already in
 * the imported history.
 */
int bo_reactors_skip_to_head(bo_app *app, bo_err *err);

/* The tenant's low-stock threshold (BO_LOW_STOCK_DEFAULT when unset).
 * BO_EINVAL naming the setting when it is not a whole number >= 0. */
int bo_reactors_low_stock_threshold(bo_app *app, int64_t *out, bo_err *err);

/* Sets the tenant's threshold from text (admin): a whole number 0..1000000.
 * BO_EINVAL naming "low-stock threshold" (nothing changes), BO_EPERM. */
int bo_reactors_low_stock_threshold_set(bo_app *app, const char *text,
					bo_err *err);

/* Acknowledges alert id as the app's user, now (admin, support; managers
 * only read). BO_ENOTFOUND, BO_ECONFLICT when it was acknowledged already
 * (nothing changes), BO_EPERM. */
int bo_reactors_alert_ack(bo_app *app, int64_t id, bo_err *err);

/* Every low-stock alert, oldest first. Any role may read them. */
int bo_reactors_alert_list(bo_app *app, bo_alert_each_fn each, void *ctx,
			   bo_err *err);

#endif
