/* events upcast --dry-run's service over the in-memory ports: counts by stored (type, version), kept events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"
#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/upcast.h"

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

/* An old export: OrderPlaced v1 twice, an unknown type, a newer version. */
static const char *const old_log[] = {
    "{\"position\":1,\"event_id\":\"e-1\",\"stream\":\"order-1\",\"version\":1,"
    "\"type\":\"OrderPlaced\",\"schema_version\":1,"
    "\"recorded_at\":\"2025-03-01T10:00:00.000Z\",\"metadata\":{},"
    "\"payload\":{\"order_id\":1,\"currency\":\"EUR\","
    "\"customer_email\":\"a@b.co\",\"tax_bp\":2000,\"lines\":[{"
    "\"product_id\":1,\"sku\":\"MUG\",\"name\":\"Mug\",\"unit_price\":\"1200\","
    "\"quantity\":1}]}}",
    "{\"position\":2,\"event_id\":\"e-2\",\"stream\":\"order-1\",\"version\":2,"
    "\"type\":\"GiftWrapped\",\"schema_version\":1,"
    "\"recorded_at\":\"2025-03-01T10:01:00.000Z\",\"metadata\":{},"
    "\"payload\":{\"paper\":\"gold\"}}",
    "{\"position\":3,\"event_id\":\"e-3\",\"stream\":\"order-2\",\"version\":1,"
    "\"type\":\"OrderPlaced\",\"schema_version\":1,"
    "\"recorded_at\":\"2025-03-01T10:02:00.000Z\",\"metadata\":{},"
    "\"payload\":{\"order_id\":2,\"currency\":\"EUR\","
    "\"customer_email\":\"a@b.co\",\"tax_bp\":700,\"lines\":[{"
    "\"product_id\":2,\"sku\":\"TEA\",\"name\":\"Tea\",\"unit_price\":\"450\","
    "\"quantity\":2}]}}",
    "{\"position\":4,\"event_id\":\"e-4\",\"stream\":\"order-2\",\"version\":2,"
    "\"type\":\"NoteAdded\",\"schema_version\":5,"
    "\"recorded_at\":\"2025-03-01T10:03:00.000Z\",\"metadata\":{},"
    "\"payload\":{\"order_id\":2,\"text\":\"x\",\"mood\":1}}",
};

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_init_options opt = {.tenant = "shop", .admin = "ann"};
	bo_event ev[4] = {{0}};
	bo_err err;

	assert_non_null(f);
	assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(bo_json_decode_event(&ev[i], old_log[i], &err),
				 BO_OK);
	assert_int_equal(bo_app_events_import(&f->admin, ev, 4, &err), BO_OK);
	for (size_t i = 0; i < 4; i++)
		bo_event_clear(&ev[i]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
	free(f);
	return 0;
}

static int no_failure_expected(void *ctx, int64_t position, const char *type,
			       int version, const char *reason)
{
	(void)ctx;
	fail_msg("event %lld (%s v%d) failed: %s", (long long)position, type,
		 version, reason);
	return -1;
}

static void history_is_counted_by_stored_type_and_version(void **state)
{
	fixture *f = *state;
	bo_upcast_report r;
	bo_err err;

	assert_int_equal(bo_app_events_upcast_check(
			     &f->admin, &r, no_failure_expected, NULL, &err),
			 BO_OK);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.kept, 2);
	assert_int_equal(r.n, 3); /* sorted by type, then version */
	assert_string_equal(r.rows[0].type, "GiftWrapped");
	assert_int_equal(r.rows[0].state, BO_UPCAST_UNKNOWN);
	assert_int_equal(r.rows[0].current_version, 0);
	assert_string_equal(r.rows[1].type, "NoteAdded");
	assert_int_equal(r.rows[1].stored_version, 5);
	assert_int_equal(r.rows[1].current_version, 1);
	assert_int_equal(r.rows[1].state, BO_UPCAST_NEWER);
	assert_string_equal(r.rows[2].type, "OrderPlaced");
	assert_int_equal(r.rows[2].stored_version, 1);
	assert_int_equal(r.rows[2].current_version, 2);
	assert_int_equal(r.rows[2].state, BO_UPCAST_UPCAST);
	assert_int_equal(r.rows[2].count, 2);
	assert_string_equal(bo_upcast_state_name(r.rows[2].state), "upcast");
	bo_upcast_report_clear(&r);
}

static void new_events_count_as_current(void **state)
{
	fixture *f = *state;
	bo_product_edit in = {.sku = "MUG", .name = "Mug", .price = "12"};
	bo_upcast_report r;
	bo_err err;

	assert_int_equal(bo_app_product_add(&f->admin, &in, NULL, &err), BO_OK);
	assert_int_equal(
	    bo_app_events_upcast_check(&f->admin, &r, NULL, NULL, &err), BO_OK);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.rows[3].type, "ProductCreated");
	assert_int_equal(r.rows[3].state, BO_UPCAST_CURRENT);
	bo_upcast_report_clear(&r);
}

static void kept_but_unprojected_events_are_counted_for_the_engine(void **state)
{
	fixture *f = *state;
	int64_t n = -1;
	bo_err err;

	assert_int_equal(bo_events_count_unprojected(&f->ports, &n, &err),
			 BO_OK);
	assert_int_equal(n, 2);
}

static void only_admins_check_the_log(void **state)
{
	fixture *f = *state;
	bo_upcast_report r;
	bo_app max;
	bo_err err;

	assert_int_equal(bo_app_user_add(&f->admin, "max", "manager", &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&max, &f->ports, &f->clock, &f->ids, "max", &err),
	    BO_OK);
	assert_int_equal(bo_app_events_upcast_check(&max, &r, NULL, NULL, &err),
			 BO_EPERM);
	assert_non_null(strstr(err.msg, "max"));
	assert_int_equal(r.n, 0);
	bo_upcast_report_clear(&r);
	bo_app_close(&max);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(history_is_counted_by_stored_type_and_version),
	    T(new_events_count_as_current),
	    T(kept_but_unprojected_events_are_counted_for_the_engine),
	    T(only_admins_check_the_log),
#undef T
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
