/* Tests of what only the in-memory backend promises: fixed clock and ids, strict transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"

static int open_store(void **state)
{
	bo_ports *p = calloc(1, sizeof(*p));

	if (!p || bo_memory_open(p, NULL) != BO_OK) {
		free(p);
		return -1;
	}
	*state = p;
	return 0;
}

static int close_store(void **state)
{
	bo_ports_close(*state);
	free(*state);
	return 0;
}

static void fixed_clock_starts_where_told_and_steps(void **state)
{
	bo_fixed_clock c = {INT64_C(1764137502000), 250};
	bo_clock clock = bo_fixed_clock_port(&c);

	(void)state;
	assert_int_equal(bo_clock_now(&clock), INT64_C(1764137502000));
	assert_int_equal(bo_clock_now(&clock), INT64_C(1764137502250));
	assert_int_equal(bo_clock_now(&clock), INT64_C(1764137502500));
}

static void fixed_clock_with_no_step_stands_still(void **state)
{
	bo_fixed_clock c = {42, 0};
	bo_clock clock = bo_fixed_clock_port(&c);

	(void)state;
	assert_int_equal(bo_clock_now(&clock), 42);
	assert_int_equal(bo_clock_now(&clock), 42);
}

static void counter_ids_count_from_one_in_uuid_shape(void **state)
{
	bo_counter_ids c = {0};
	bo_ids ids = bo_counter_ids_port(&c);
	char u[BO_UUID_LEN + 1];

	(void)state;
	bo_ids_uuid(&ids, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000001");
	bo_ids_uuid(&ids, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000002");
	for (int i = 0; i < 8; i++)
		bo_ids_uuid(&ids, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000010");
	assert_int_equal(strlen(u), BO_UUID_LEN);
}

static void counter_ids_continue_from_a_preset_number(void **state)
{
	bo_counter_ids c = {500};
	bo_ids ids = bo_counter_ids_port(&c);
	char u[BO_UUID_LEN + 1];

	(void)state;
	bo_ids_uuid(&ids, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000500");
	bo_ids_uuid(&ids, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000501");
}

static void backend_is_named_memory(void **state)
{
	bo_ports *p = *state;

	assert_string_equal(p->backend, "memory");
}

static void writes_outside_a_transaction_are_storage_errors(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};
	bo_product prod = {.sku = "MUG-01", .name = "Mug", .description = ""};
	bo_user u = {"ann", BO_ROLE_ADMIN, 0, false};
	bo_order_row row = {.id = 1, .customer_email = "a@example.com"};
	bo_timeline_row line = {.order_id = 1, .version = 1};
	bo_event e = {.event_id = "00000000-0000-4000-8000-000000000001",
		      .kind = BO_EV_ORDER_DELIVERED,
		      .order_id = 1};
	int64_t v;

	assert_int_equal(bo_store_setting_set(&p->store, "k", "v", &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "outside a transaction"));
	assert_int_equal(bo_store_sequence_next(&p->store, "s", &v, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_store_sequence_raise(&p->store, "s", 5, &err),
			 BO_ESTORAGE);
	assert_int_equal(
	    bo_event_store_append(&p->events, "order-1", 0, &e, 1, &err),
	    BO_ESTORAGE);
	assert_int_equal(bo_product_repo_insert(&p->products, &prod, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_product_repo_update(&p->products, &prod, 1, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_product_repo_remove(&p->products, 1, 1, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_rm_order_put(&p->rm, &row, &err), BO_ESTORAGE);
	assert_int_equal(bo_rm_timeline_add(&p->rm, &line, &err), BO_ESTORAGE);
	assert_int_equal(bo_rm_catalog_put(&p->rm, &prod, &err), BO_ESTORAGE);
	assert_int_equal(bo_rm_catalog_remove(&p->rm, 1, &err), BO_ESTORAGE);
	assert_int_equal(bo_rm_reset(&p->rm, &err), BO_ESTORAGE);
	assert_int_equal(bo_rm_checkpoint_set(&p->rm, "orders", 1, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_rm_projector_set(&p->rm, "orders", 1, 1, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_rm_projector_advance(&p->rm, "orders", 1, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_rm_snapshot(&p->rm, &err), BO_ESTORAGE);
	assert_int_equal(bo_user_dir_add(&p->users, &u, &err), BO_ESTORAGE);
	/* and none of them wrote anything */
	assert_int_equal(bo_event_store_head(&p->events, &v, &err), BO_OK);
	assert_int_equal(v, 0);
}

static void stray_commit_is_refused_and_begin_nests(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};
	char *value = NULL;

	assert_int_equal(bo_store_commit(&p->store, &err), BO_ESTORAGE);
	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(bo_store_setting_set(&p->store, "k", "v", &err),
			 BO_OK);
	/* a second begin opens an inner level, not an error */
	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(bo_store_setting_set(&p->store, "k", "inner", &err),
			 BO_OK);
	bo_store_rollback(&p->store);
	assert_int_equal(bo_store_commit(&p->store, &err), BO_OK);
	assert_int_equal(bo_store_commit(&p->store, &err), BO_ESTORAGE);
	assert_int_equal(bo_store_setting_get(&p->store, "k", &value, &err),
			 BO_OK);
	assert_string_equal(value, "v");
	free(value);
}

static void closing_with_nested_transactions_open_frees_everything(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};

	/* close_store runs next; valgrind and ASan check nothing leaks */
	for (int i = 0; i < 6; i++) {
		assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
		assert_int_equal(
		    bo_store_setting_set(&p->store, "k", "v", &err), BO_OK);
	}
	assert_int_equal(bo_rm_snapshot(&p->rm, &err), BO_OK);
}

static void read_all_with_limit_zero_reads_to_the_end(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};
	/* events the codec can write: the log keeps encoded text */
	bo_event e[3] = {{.event_id = "00000000-0000-4000-8000-000000000001",
			  .kind = BO_EV_ORDER_DELIVERED,
			  .order_id = 1},
			 {.event_id = "00000000-0000-4000-8000-000000000002",
			  .kind = BO_EV_ORDER_DELIVERED,
			  .order_id = 1},
			 {.event_id = "00000000-0000-4000-8000-000000000003",
			  .kind = BO_EV_ORDER_DELIVERED,
			  .order_id = 1}};
	bo_event_list l = {0};

	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(
	    bo_event_store_append(&p->events, "order-1", 0, e, 3, &err), BO_OK);
	assert_int_equal(bo_store_commit(&p->store, &err), BO_OK);
	assert_int_equal(bo_event_store_read_all(&p->events, 1, 0, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 2);
	bo_event_list_clear(&l);
	/* the store set stream, version and position in the caller's events */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(e[i].version, i + 1);
		free(e[i].stream);
	}
}

typedef struct writer {
	bo_ports *p;
	int seen;
} writer;

/* Writes a product while the list is running. */
static int insert_while_listing(void *ctx, const bo_product *row)
{
	writer *w = ctx;
	bo_err err = {0};
	bo_product extra = {.sku = "ZZZ-9", .name = "Late", .description = ""};

	(void)row;
	w->seen++;
	return bo_product_repo_insert(&w->p->products, &extra, &err);
}

static void list_callbacks_may_write_to_the_store(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};
	bo_product a = {.sku = "AAA-1", .name = "First", .description = ""};
	bo_product_query q = {0};
	writer w = {p, 0};

	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(bo_product_repo_insert(&p->products, &a, &err), BO_OK);
	assert_int_equal(bo_product_repo_list(&p->products, &q,
					      insert_while_listing, &w, &err),
			 BO_OK);
	assert_int_equal(w.seen, 1);
	bo_store_rollback(&p->store);
}

static void catalog_remove_of_a_missing_entry_is_fine(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};

	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(bo_rm_catalog_remove(&p->rm, 99, &err), BO_OK);
	bo_store_rollback(&p->store);
}

static void closing_with_a_transaction_open_frees_everything(void **state)
{
	bo_ports *p = *state;
	bo_err err = {0};

	/* close_store runs next; valgrind and ASan check nothing leaks */
	assert_int_equal(bo_store_begin(&p->store, &err), BO_OK);
	assert_int_equal(bo_store_setting_set(&p->store, "k", "v", &err),
			 BO_OK);
}

#define T(name) cmocka_unit_test_setup_teardown(name, open_store, close_store)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fixed_clock_starts_where_told_and_steps),
	    cmocka_unit_test(fixed_clock_with_no_step_stands_still),
	    cmocka_unit_test(counter_ids_count_from_one_in_uuid_shape),
	    cmocka_unit_test(counter_ids_continue_from_a_preset_number),
	    T(backend_is_named_memory),
	    T(writes_outside_a_transaction_are_storage_errors),
	    T(stray_commit_is_refused_and_begin_nests),
	    T(closing_with_nested_transactions_open_frees_everything),
	    T(read_all_with_limit_zero_reads_to_the_end),
	    T(list_callbacks_may_write_to_the_store),
	    T(catalog_remove_of_a_missing_entry_is_fine),
	    T(closing_with_a_transaction_open_frees_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
