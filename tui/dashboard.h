/* The Dashboard screen: a period's KPIs, revenue per day, top products, funnel, time to ship. */
#ifndef BO_TUI_DASHBOARD_H
#define BO_TUI_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "tui/screen.h"

extern const bo_screen_ops bo_dashboard_screen_ops;

/*
 * Pushes the dashboard over the last 30 days (the CLI's default period) onto
 * t's stack. Roles that may not read reports get the screen with the
 * refusal in it; a failed load is shown the same way.
 */
int bo_dashboard_open(bo_tui *t, bo_err *err);

/* Writes the default export name of the period shown into buf:
 * "dashboard-FROM_TO.csv" (YYYY-MM-DD days, the tenant's), or
 * "dashboard-DAY.csv" for one day. Returns buf. */
char *bo_dashboard_export_name(char *buf, size_t size, int64_t from_day,
			       int64_t to_day);

#endif
