/* The order aggregate: state folded from events, and decisions (command -> events or refusal). */
#ifndef BO_ORDER_H
#define BO_ORDER_H

#include <stdint.h>

#include "event.h"
#include "money.h"
#include "status.h"

#define BO_ORDER_MAX_LINES 100
#define BO_ORDER_MAX_QTY 10000
#define BO_EMAIL_MAX 254
#define BO_CUSTOMER_NAME_MAX 200
#define BO_REASON_MAX 500
#define BO_NOTE_MAX 2000
#define BO_CARRIER_MAX 100
#define BO_TRACKING_MAX 100

#define BO_ORDER_STATUS_TABLE(X)                                               \
	X(BO_ORDER_NONE, "none")                                               \
	X(BO_ORDER_PLACED, "placed")                                           \
	X(BO_ORDER_PAID, "paid")                                               \
	X(BO_ORDER_SHIPPED, "shipped")                                         \
	X(BO_ORDER_DELIVERED, "delivered")                                     \
	X(BO_ORDER_CANCELLED, "cancelled")

typedef enum {
#define BO_X(name, text) name,
	BO_ORDER_STATUS_TABLE(BO_X)
#undef BO_X
} bo_order_status;

const char *bo_order_status_name(bo_order_status s);
/* -1 when name is not a status ("none" is not accepted). */
int bo_order_status_from_name(const char *name);

/*
 * The state of one order after some prefix of its stream. BO_ORDER_NONE with
 * version 0 means the order does not exist yet. Strings and lines are owned.
 * "paid" is the sum of payments received, "refunded" the sum of refunds.
 * Status PLACED covers partial payment; PAID means paid == total.
 */
typedef struct bo_order {
	int64_t id;
	int64_t version;
	bo_order_status status;
	char currency[4];
	char *customer_email;
	char *customer_name;
	bo_order_line *lines;
	size_t nlines;
	int64_t items; /* sum of quantities */
	int64_t total; /* sum of unit_price * quantity */
	int64_t tax;   /* sum of per-line tax, see bo_money_tax_inside */
	int64_t paid;
	int64_t refunded;
	int32_t payment_failures;
	int32_t notes;
	char *carrier;
	char *tracking;
	char *cancel_reason;
	int64_t placed_at, paid_at, shipped_at, delivered_at, cancelled_at;
	int64_t updated_at; /* recorded_at of the last event applied */
} bo_order;

void bo_order_clear(bo_order *o);

/*
 * Folds one event into the state (pure). Events of other kinds (product events,
 * unknown) only advance version and updated_at. BO_ENOMEM or BO_EINVAL (an
 * amount overflow in a corrupted log) on failure.
 */
int bo_order_apply(bo_order *o, const bo_event *e);

/* Amount still to pay: total - paid (never negative). */
int64_t bo_order_outstanding(const bo_order *o);
/* Amount that may still be refunded: paid - refunded. */
int64_t bo_order_refundable(const bo_order *o);

/*
 * Decisions. Each checks every invariant against the current state and on
 * success fills *out (kind and payload only; the caller adds envelope and meta).
 * On refusal *out is untouched and the status is BO_EINVAL for bad values,
 * BO_ECONFLICT for a command the order's state does not allow ("order 12 is
 * already shipped"), BO_ENOTFOUND when the order does not exist.
 */

/* One requested line of a new order, resolved against the catalogue by the caller. */
typedef struct bo_order_place_line {
	const bo_product
	    *product;    /* catalogue snapshot; NULL when the SKU is unknown */
	const char *sku; /* as requested, for messages */
	int64_t quantity;
} bo_order_place_line;

/*
 * Refused: no lines or more than 100; quantity outside 1..10000; an unknown or
 * retired product; the same SKU twice; an invalid email (1..254 chars, one '@'
 * with text either side, a '.' in the domain, no spaces or control characters);
 * a name over 200 characters or with control characters; a total that overflows.
 */
int bo_order_decide_place(bo_event *out, int64_t order_id, const char *currency,
			  const char *email, const char *name,
			  const bo_order_place_line *lines, size_t nlines,
			  bo_err *err);
int bo_order_decide_pay(bo_event *out, const bo_order *o, int64_t amount,
			bo_err *err);
int bo_order_decide_fail_payment(bo_event *out, const bo_order *o,
				 const char *reason, bo_err *err);
int bo_order_decide_ship(bo_event *out, const bo_order *o, const char *carrier,
			 const char *tracking, bo_err *err);
int bo_order_decide_deliver(bo_event *out, const bo_order *o, bo_err *err);
int bo_order_decide_cancel(bo_event *out, const bo_order *o, const char *reason,
			   bo_err *err);
/*
 * The state checks of cancel and refund alone, for a face that asks before
 * the user types a reason: the same statuses and sentences as the decisions.
 * bo_order_may_refund with amount 0 asks whether anything is refundable
 * (BO_ECONFLICT "order 12 has nothing to refund: paid 0.00, refunded
 * 0.00" when not); with amount > 0 whether that much is (BO_EINVAL when
 * it is more than what is refundable).
 */
int bo_order_may_cancel(const bo_order *o, bo_err *err);
int bo_order_may_refund(const bo_order *o, int64_t amount, bo_err *err);
int bo_order_decide_refund(bo_event *out, const bo_order *o, int64_t amount,
			   const char *reason, bo_err *err);
int bo_order_decide_note(bo_event *out, const bo_order *o, const char *text,
			 bo_err *err);

/*
 * Checks that e, read from an export as the next event of stream
 * "order-<order_id>", is what a live command could have recorded after
 * state o (the stream folded so far; zeroed before its first event), in a
 * store whose currency is `currency`: OrderPlaced opens the stream and only
 * it; the payload names order_id; the bo_order_decide_* function of its kind, given the event's
 * arguments, accepts them and decides the same payload. The lines of
 * OrderPlaced must also pass the product rules (bo_product_validate).
 * Events of unknown kinds are accepted as they are. Does not check e->version
 * (the caller knows the store). BO_EINVAL with one sentence naming the order
 * and the rule ("order 12: PaymentReceived is refused: amount 50.00 is more
 * than the 10.00 still to pay"); BO_ENOMEM.
 */
int bo_order_check_event(const bo_order *o, int64_t order_id, const bo_event *e,
			 const char *currency, bo_err *err);

#endif
