/* The timeline's detail pane as lines of text: an event's payload and metadata, the order's state after it. */
#ifndef BO_TUI_TIMELINE_DETAIL_H
#define BO_TUI_TIMELINE_DETAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/app.h"
#include "tui/canvas.h"

typedef struct bo_detail_line {
	char *label; /* "" for a continuation or a section title */
	char *value;
	bo_style role; /* the value's role */
	bool changed;  /* what the selected event changed: marked */
} bo_detail_line;

/* Lines owned by the struct; zeroed is empty. Building does no I/O. */
typedef struct bo_detail {
	bo_detail_line *lines;
	size_t n;
	const bo_zone *zone; /* times are shown local to it (NULL: UTC) */
} bo_detail;

void bo_detail_clear(bo_detail *d);

/* Appends one line (value formatted as printf does). BO_ENOMEM. */
int bo_detail_add(bo_detail *d, const char *label, bo_style role, bool changed,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The event's payload, one field per line (a note one line per line).
 * BO_ENOMEM. */
int bo_detail_add_payload(bo_detail *d, const bo_event *e, const bo_app *app);

/* Who, when, ids and position of the event. BO_ENOMEM. */
int bo_detail_add_meta(bo_detail *d, const bo_event *e);

/*
 * The order's state o next to prev, the state before the event (zeroed for
 * the first one): fields that differ are marked changed, with "(was ...)"
 * for amounts and counts; fields empty in both are left out. BO_ENOMEM.
 */
int bo_detail_add_state(bo_detail *d, const bo_order *o, const bo_order *prev,
			const bo_app *app);

/*
 * The order as it stands, for the summary pane: the customer, each line
 * (quantity, SKU, name, price, tax rate, line total), then the amounts
 * (total, tax, paid, refunded, refundable, outstanding), the shipment and
 * the times. BO_ENOMEM.
 */
int bo_detail_add_summary(bo_detail *d, const bo_order *o, const bo_app *app);

/*
 * One row of text wrapped to width columns, measured as the canvas draws
 * it (sanitised): returns how many bytes of text the row takes and sets
 * *next to where the following row starts (strlen(text) after the last
 * row). A row breaks at the last space that fits, the spaces at the break
 * dropped; a word longer than the row is broken where the row ends,
 * between characters. A row holds at least one character; width < 1 is
 * taken as 1.
 */
size_t bo_detail_wrap(const char *text, int width, size_t *next);

/* How many rows bo_detail_wrap makes of text at width (1 for ""). */
int bo_detail_wrap_rows(const char *text, int width);

/* The role an event's type is drawn in (ev_order, ev_payment ...). */
bo_style bo_detail_kind_style(bo_event_kind k);

#endif
