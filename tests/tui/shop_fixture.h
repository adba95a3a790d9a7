/* A small shop history on known days for the dashboard, alerts and projections screens. */
#ifndef BO_TEST_SHOP_FIXTURE_H
#define BO_TEST_SHOP_FIXTURE_H

#include "domain/calendar.h"
#include "tests/tui/tui_fixture.h"

/* Sets the fixed clock to a UTC time "YYYY-MM-DDTHH:MM:SS". */
static inline void shop_at(fx *f, const char *when)
{
	bo_err err;

	FX_OK(bo_time_parse(&f->clock_state.next_ms, when, "when", &err), &err);
}

static inline int64_t shop_place(fx *f, const char *email, const char *sku1,
				 int64_t q1, const char *sku2, int64_t q2)
{
	bo_line_request lines[2] = {{sku1, q1}, {sku2, q2}};
	int64_t id = 0;
	bo_err err;

	FX_OK(bo_app_order_place(&f->other, email, NULL, lines, sku2 ? 2 : 1,
				 &id, &err),
	      &err);
	return id;
}

/*
 * MUG 12.50 at 20 % (stock 6, so payments raise low-stock alerts at the
 * default threshold of 5) and TEE 20.00 at 7.5 % (stock not tracked).
 *
 * 2025-12-30: order 1, TEE x1 = 20.00, paid.
 * 2026-01-01 (the figures of `tests/e2e/test_cli_reports.sh`):
 *   order 2: MUG x2 + TEE x1 = 45.00; pays 20.00, a failure, 25.00; shipped
 *     two hours after it was fully paid, delivered, 10.00 refunded;
 *   order 3: TEE x3 = 60.00, cancelled unpaid;
 *   order 4: MUG x1 = 12.50, paid.
 * That day: placed 3, paid 2, gross 57.50, tax 7.65, net 49.85, refunds
 * 10.00, AOV 39.17, failure rate 25 %. The clock then stands at 16:00.
 */
static inline void shop_history(fx *f)
{
	bo_err err;
	int64_t o, o3;

	fx_add(f, "MUG", "Mug", "12.50", "20", "6");
	fx_add(f, "TEE", "Tee", "20", "7.5", NULL);
	shop_at(f, "2025-12-30T10:00:00");
	o = shop_place(f, "a@example.com", "TEE", 1, NULL, 0);
	FX_OK(bo_app_order_pay(&f->other, o, "20", &err), &err);

	shop_at(f, "2026-01-01T09:00:00");
	o = shop_place(f, "b@example.com", "MUG", 2, "TEE", 1);
	shop_at(f, "2026-01-01T09:10:00");
	FX_OK(bo_app_order_pay(&f->other, o, "20", &err), &err);
	shop_at(f, "2026-01-01T09:20:00");
	FX_OK(bo_app_order_fail_payment(&f->other, o, "declined", &err), &err);
	shop_at(f, "2026-01-01T09:30:00");
	FX_OK(bo_app_order_pay(&f->other, o, "25", &err), &err);

	shop_at(f, "2026-01-01T09:40:00");
	o3 = shop_place(f, "c@example.com", "TEE", 3, NULL, 0);
	shop_at(f, "2026-01-01T09:45:00");
	FX_OK(bo_app_order_cancel(&f->other, o3, "mistake", &err), &err);
	shop_at(f, "2026-01-01T10:00:00");
	o3 = shop_place(f, "d@example.com", "MUG", 1, NULL, 0);
	shop_at(f, "2026-01-01T10:05:00");
	FX_OK(bo_app_order_pay(&f->other, o3, "12.50", &err), &err);

	shop_at(f, "2026-01-01T11:30:00");
	FX_OK(bo_app_order_ship(&f->other, o, "DHL", "T-1", &err), &err);
	shop_at(f, "2026-01-01T15:00:00");
	FX_OK(bo_app_order_deliver(&f->other, o, &err), &err);
	shop_at(f, "2026-01-01T15:10:00");
	FX_OK(bo_app_order_refund(&f->other, o, "10", "damaged", &err), &err);
	shop_at(f, "2026-01-01T16:00:00");
}

#endif
