/* The order timeline screen: one line per event, a detail pane, and the support actions. */
#ifndef BO_TUI_TIMELINE_H
#define BO_TUI_TIMELINE_H

#include <stdint.h>

#include "tui/screen.h"

extern const bo_screen_ops bo_timeline_screen_ops;

/*
 * Pushes the timeline of order id onto t's stack, the cursor on its latest
 * event. The detail pane (Tab) shows the selected event's payload and
 * metadata and the order as it was after it, with what that event changed
 * marked. Support and admin users get `a` note, `c` cancel and `r` refund;
 * a manager's screen is read-only. BO_ENOTFOUND (the service's message)
 * when the order does not exist, BO_ENOMEM.
 */
int bo_timeline_open(bo_tui *t, int64_t id, bo_err *err);

#endif
