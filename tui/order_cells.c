/* What the lists of orders share: their rows' list ops and the text and style of each order column. */
#include "tui/order_cells.h"

#include <stdio.h>

#include "domain/calendar.h"
#include "tui/list.h"

int bo_order_cells_copy(void *dst, const void *src)
{
	return bo_order_row_copy(dst, src);
}

void bo_order_cells_clear(void *row)
{
	bo_order_row_clear(row);
}

bool bo_order_cells_same(const void *a, const void *b)
{
	return ((const bo_order_row *)a)->id == ((const bo_order_row *)b)->id;
}

int bo_order_cells_add(void *ctx, const bo_order_row *r)
{
	return bo_list_rows_add(ctx, r);
}

bo_style bo_order_cells_row_style(void *ctx, const void *row)
{
	(void)ctx;
	return ((const bo_order_row *)row)->status == BO_ORDER_CANCELLED
		   ? BO_STYLE_DIM
		   : BO_STYLE_NORMAL;
}

static bo_style status_style(bo_order_status s)
{
	switch (s) {
	case BO_ORDER_PLACED:
		return BO_STYLE_WARNING;
	case BO_ORDER_PAID:
		return BO_STYLE_OK;
	case BO_ORDER_SHIPPED:
	case BO_ORDER_DELIVERED:
		return BO_STYLE_EV_SHIPPING;
	default:
		return BO_STYLE_DIM;
	}
}

const char *bo_order_cells_text(bo_tui *t, const bo_order_row *row,
				bo_order_col col, char *buf, size_t size,
				bo_style *style)
{
	char money[BO_TUI_MONEY_BUFSZ];

	switch (col) {
	case BO_OCOL_NUMBER:
		snprintf(buf, size, "%lld", (long long)row->id);
		return buf;
	case BO_OCOL_PLACED:
		return bo_time_format_local(buf, size,
					    bo_tui_zone(t),
					    row->placed_at, false, false);
	case BO_OCOL_CUSTOMER:
		/* data can be long: the canvas cuts it by display width */
		if (!row->customer_name || !*row->customer_name)
			return row->customer_email;
		snprintf(buf, size, "%s <%s>", row->customer_name,
			 row->customer_email ? row->customer_email : "");
		return buf;
	case BO_OCOL_ITEMS:
		snprintf(buf, size, "%lld", (long long)row->items);
		return buf;
	case BO_OCOL_TOTAL:
	case BO_OCOL_PAID:
	case BO_OCOL_REFUNDED:
		if (row->status != BO_ORDER_CANCELLED)
			*style = BO_STYLE_MONEY;
		if (col == BO_OCOL_REFUNDED && !row->refunded) {
			*style = BO_STYLE_DIM;
			return "-";
		}
		snprintf(buf, size, "%s",
			 bo_tui_money(t, money,
				      col == BO_OCOL_TOTAL  ? row->total
				      : col == BO_OCOL_PAID ? row->paid
							    : row->refunded));
		return buf;
	case BO_OCOL_STATUS:
		*style = status_style(row->status);
		return bo_order_status_name(row->status);
	}
	return "";
}
