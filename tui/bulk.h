/* Bulk product changes in the TUI: B on Products asks for the action, a preview screen shows the plan, Enter applies it; U previews the undo of the newest one. */
#ifndef BO_TUI_BULK_H
#define BO_TUI_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "domain/status.h"
#include "tui/screen.h"

extern const bo_screen_ops bo_bulk_preview_ops;

/*
 * Opens the bulk preview screen for the products with ids (nids of them;
 * those gone since are left out) or, when nids is 0, for product sku, and
 * asks at once which action (re-price, tax rate, retire, re-activate) in a
 * prompt on it: its answer previews the plan; Esc closes the screen having
 * written nothing. Admin only (BO_EPERM). BO_EINVAL when there is no
 * product to act on, BO_ENOMEM.
 */
int bo_bulk_open(bo_tui *t, const int64_t *ids, size_t nids, const char *sku,
		 bo_err *err);

/*
 * Opens the preview of undoing the newest bulk action that is not an undo
 * and was not undone yet. BO_ENOTFOUND when there is none; the undo
 * preview's statuses (BO_ECONFLICT when its products changed since).
 */
int bo_bulk_undo_open(bo_tui *t, bo_err *err);

#endif
