/* What the lists of orders share: their rows' list ops and the text and style of each order column. */
#ifndef BO_TUI_ORDER_CELLS_H
#define BO_TUI_ORDER_CELLS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/app.h"
#include "tui/scheme.h"
#include "tui/tui.h"

/* The columns an order row can show; a screen picks the ones it has. */
typedef enum {
	BO_OCOL_NUMBER,
	BO_OCOL_PLACED,
	BO_OCOL_CUSTOMER,
	BO_OCOL_ITEMS,
	BO_OCOL_TOTAL,
	BO_OCOL_PAID,
	BO_OCOL_REFUNDED,
	BO_OCOL_STATUS
} bo_order_col;

/* bo_list_ops copy, clear and same for rows of bo_order_row. */
int bo_order_cells_copy(void *dst, const void *src);
void bo_order_cells_clear(void *row);
bool bo_order_cells_same(const void *a, const void *b);

/* A bo_order_row_each_fn adding each row to a bo_list_rows (ctx). */
int bo_order_cells_add(void *ctx, const bo_order_row *r);

/* bo_list_ops row_style: a cancelled order is dim. */
bo_style bo_order_cells_row_style(void *ctx, const void *row);

/*
 * The text of column col of row, for bo_list_ops cell: either buf (size
 * bytes) or a string the row holds. Money in the tables' format (the
 * locale's separators), times in the store's zone; *style is set for
 * money, the status and an empty REFUNDED.
 */
const char *bo_order_cells_text(bo_tui *t, const bo_order_row *row,
				bo_order_col col, char *buf, size_t size,
				bo_style *style);

#endif
