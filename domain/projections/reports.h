/* The reports projector: per-day and per-product figures folded from order events. */
#ifndef BO_PROJECTIONS_REPORTS_H
#define BO_PROJECTIONS_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../ports/report_store.h"
#include "engine.h"

/* name "reports", version 1, caught up before every report (not inline). */
extern const bo_projector bo_projector_reports;

/*
 * The rules, shared by the projector and by event queries so that both
 * count alike. Days are UTC days of recorded_at.
 *
 * An event's product effect: none; every line sold (the order became fully
 * paid: units = quantity, revenue = line gross); or a refund to split over
 * the lines (bo_report_split).
 */
typedef enum {
	BO_REPORT_NO_PRODUCTS = 0,
	BO_REPORT_SOLD,
	BO_REPORT_REFUNDED
} bo_report_effect;

/*
 * OrderPlaced: fills *o and *lines (n of them; the caller's, freed with
 * bo_report_lines_free; strings copied from e) and the day delta
 * (orders_placed 1, placed_value total; an order with nothing to pay is
 * also paid at once: orders_paid 1 and *effect SOLD). delta->day is the
 * event's local day in zone (NULL: UTC). BO_EINVAL when the
 * amounts overflow or are negative, BO_ENOMEM.
 */
int bo_reports_placed(bo_report_order *o, bo_report_line **lines, size_t *n,
		      bo_report_day *delta, bo_report_effect *effect,
		      const bo_zone *zone, const bo_event *e, bo_err *err);

/*
 * Any other event of the order: folds it into *o and fills the day delta
 * (zeroed first; delta->day set) and *effect:
 *   PaymentReceived: payments 1, gross amount, tax = recognised tax after
 *     minus before (bo_report_prorate(tax, paid, total)); becoming fully
 *     paid: orders_paid 1, paid_at, SOLD.
 *   PaymentFailed: payment_failures 1.   OrderCancelled: cancellations 1.
 *   OrderShipped / OrderDelivered: status and time only.
 *   RefundIssued: refunds amount, refund_tax by the same cumulative rule on
 *     refunded; REFUNDED.
 *   Anything else: nothing.
 * BO_EINVAL (o untouched) for a negative amount or an overflow.
 */
int bo_reports_fold(bo_report_order *o, bo_report_day *delta,
		    bo_report_effect *effect, const bo_zone *zone,
		    const bo_event *e, bo_err *err);

/* True when every figure of d is zero (nothing to write). */
int bo_report_day_is_zero(const bo_report_day *d);

/*
 * round_half_even(amount * part / whole) without overflow, for
 * 0 <= amount, 0 <= part <= whole (part above whole counts as whole);
 * 0 when whole <= 0.
 */
int64_t bo_report_prorate(int64_t amount, int64_t part, int64_t whole);

/*
 * Splits amount over n lines pro rata to their gross (largest remainder:
 * the units left after rounding down go one each to the largest remainders,
 * ties to the lower line index), into parts[0..n-1], which sum to amount.
 * With no gross at all everything goes to the first line. BO_ENOMEM.
 */
int bo_report_split(int64_t *parts, int64_t amount, const bo_report_line *lines,
		    size_t n);

#endif
