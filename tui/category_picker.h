/* The category picker over the Products list (:categories): the category
 * tree with product counts; Enter filters the list by the category. */
#ifndef BO_TUI_CATEGORY_PICKER_H
#define BO_TUI_CATEGORY_PICKER_H

#include <stdbool.h>

#include "tui/screen.h"

extern const bo_screen_ops bo_category_picker_ops;

/*
 * Pushes the picker onto t's stack, over the Products list: every category
 * of the active products (of all of them when include_retired), after a
 * first row "all categories"; the cursor starts on current (may be NULL).
 * Enter gives the Products screen below the category (bo_products_filter_
 * category) and closes. The service's refusal or failure is returned with
 * nothing pushed.
 */
int bo_category_picker_open(bo_tui *t, bool include_retired,
			    const char *current, bo_err *err);

#endif
