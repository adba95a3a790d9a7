/* The inline projections: what each event changes in the order-side read models. */
#ifndef BO_PROJECTIONS_H
#define BO_PROJECTIONS_H

#include "../event.h"
#include "../money.h"
#include "../ports/ports.h"

/* Name of the inline projector (see engine.h, bo_projector_orders). */
#define BO_PROJECTOR_INLINE "orders"

/*
 * Applies one stored event (position and version set) to the order list,
 * the timeline and the catalogue. Must run inside the transaction that
 * appended the event (or the rebuild's); the engine moves the projector's
 * checkpoint beside it. Unknown kinds only get a timeline line when their
 * stream is an order's, and never fail. cur formats amounts in summaries.
 */
int bo_projection_apply(const bo_read_models *rm, const bo_currency *cur,
			const bo_event *e, bo_err *err);

/* Folds e into an order-list row (the same rules as bo_order_apply). */
int bo_order_row_apply(bo_order_row *row, const bo_event *e, bo_err *err);

/*
 * One line that says what e did, for the timeline: "placed 3 items, total
 * 59.97 EUR, for ann@example.com", "payment of 10.00 EUR received".
 * Text from data is included as stored; faces sanitise before display.
 * *out is the caller's (free()). BO_ENOMEM.
 */
int bo_event_summary(char **out, const bo_event *e, const bo_currency *cur);

/* Progress of a long job (an import): done and total events. Return
 * non-zero to stop. Replays report through engine.h's bo_replay_fn, which
 * also says what is running. */
typedef int (*bo_progress_fn)(void *ctx, int64_t done, int64_t total);

#endif
