/* The Alerts screen: low-stock alerts the reactors raised, newest first. */
#ifndef BO_TUI_ALERTS_H
#define BO_TUI_ALERTS_H

#include "tui/screen.h"

extern const bo_screen_ops bo_alerts_screen_ops;

/* Pushes the alert list onto t's stack (any role may read alerts; the
 * service's refusal is shown in the screen otherwise). */
int bo_alerts_open(bo_tui *t, bo_err *err);

#endif
