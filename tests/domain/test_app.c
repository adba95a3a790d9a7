/* Application services over the in-memory ports: roles, the product outbox, orders, import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/search_keys.h"
#include "domain/ports/fault.h"

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_err err;
	bo_init_options opt = {.tenant = "shop", .currency = "EUR", .admin = "ann"};

	assert_non_null(f);
	assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	f->clock_state = (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err), BO_OK);
	assert_int_equal(bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids,
				     "ann", &err),
			 BO_OK);
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

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;
	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err), BO_OK);
	return h;
}

static void add_product(fixture *f, const char *sku, const char *price)
{
	bo_err err;
	bo_product_edit in = {.sku = sku, .name = "Mug", .price = price,
			      .tax_rate = "20"};
	int rc = bo_app_product_add(&f->admin, &in, NULL, &err);
	if (rc != BO_OK)
		fail_msg("product add %s: %s", sku, err.msg);
}

static int64_t place(fixture *f, const char *sku, int64_t qty)
{
	bo_err err;
	int64_t id = 0;
	bo_line_request line = {.sku = sku, .quantity = qty};
	int rc = bo_app_order_place(&f->admin, "bo@example.com", "Bo", &line, 1,
				    &id, &err);
	if (rc != BO_OK)
		fail_msg("order place: %s", err.msg);
	return id;
}

static void add_user(fixture *f, const char *name, const char *role,
		     bo_app *out)
{
	bo_err err;
	assert_int_equal(bo_app_user_add(&f->admin, name, role, &err), BO_OK);
	assert_int_equal(bo_app_open(out, &f->ports, &f->clock, &f->ids, name,
				     &err),
			 BO_OK);
}

static void init_twice_is_a_conflict(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_init_options opt = {.admin = "ann"};
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "already initialised"));
}

static void init_refuses_bad_tenant_currency_and_user(void **state)
{
	bo_ports p;
	bo_err err;
	fixture *f = *state;
	bo_init_options bad_tenant = {.tenant = "Big Shop", .admin = "ann"};
	bo_init_options bad_cur = {.currency = "EURO", .admin = "ann"};
	bo_init_options bad_user = {.admin = "a b"};

	assert_int_equal(bo_memory_open(&p, &err), BO_OK);
	assert_int_equal(bo_app_init_store(&p, &f->clock, &bad_tenant, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "tenant"));
	assert_int_equal(bo_app_init_store(&p, &f->clock, &bad_cur, &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_init_store(&p, &f->clock, &bad_user, &err),
			 BO_EINVAL);
	bo_ports_close(&p);
}

static void open_before_init_is_a_storage_error(void **state)
{
	bo_ports p;
	bo_app app;
	bo_err err;
	fixture *f = *state;
	assert_int_equal(bo_memory_open(&p, &err), BO_OK);
	assert_int_equal(bo_app_open(&app, &p, &f->clock, &f->ids, "ann", &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "backoffice init"));
	bo_ports_close(&p);
}

static void unknown_user_is_refused(void **state)
{
	fixture *f = *state;
	bo_app app;
	bo_err err;
	assert_int_equal(bo_app_open(&app, &f->ports, &f->clock, &f->ids, "eve",
				     &err),
			 BO_EPERM);
	assert_non_null(strstr(err.msg, "eve"));
}

static void open_reads_tenant_currency_and_role(void **state)
{
	fixture *f = *state;
	assert_string_equal(f->admin.tenant, "shop");
	assert_string_equal(f->admin.currency.code, "EUR");
	assert_int_equal(f->admin.role, BO_ROLE_ADMIN);
}

static void product_add_publishes_created_event(void **state)
{
	fixture *f = *state;
	bo_event_list l = {0};
	bo_product cat = {0};
	bo_err err;

	add_product(f, "MUG-1", "12.50");
	assert_int_equal(bo_event_store_read_all(&f->ports.events, 0, 10, &l,
						 &err),
			 BO_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].kind, BO_EV_PRODUCT_CREATED);
	assert_string_equal(l.items[0].stream, "product-1");
	assert_string_equal(l.items[0].product.sku, "MUG-1");
	assert_int_equal(l.items[0].product.price, 1250);
	assert_int_equal(l.items[0].product.tax_bp, 2000);
	assert_string_equal(l.items[0].meta.user, "ann");
	assert_string_equal(l.items[0].meta.role, "admin");
	assert_string_equal(l.items[0].meta.tenant, "shop");
	assert_int_equal(bo_rm_catalog_get_by_sku(&f->ports.rm, "MUG-1", &cat,
						  &err),
			 BO_OK);
	assert_int_equal(cat.price, 1250);
	bo_product_clear(&cat);
	bo_event_list_clear(&l);
}

static void invalid_product_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product_edit in = {.sku = "MUG-1", .name = "Mug", .price = "1.234"};
	bo_product p = {0};

	assert_int_equal(bo_app_product_add(&f->admin, &in, NULL, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "price"));
	in.price = NULL;
	assert_int_equal(bo_app_product_add(&f->admin, &in, NULL, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "price is required");
	assert_int_equal(head(f), 0);
	assert_int_equal(bo_app_product_get(&f->admin, "MUG-1", &p, &err),
			 BO_ENOTFOUND);
}

static void duplicate_sku_is_a_conflict_and_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product_edit in = {.sku = "MUG-1", .name = "Other", .price = "1"};

	add_product(f, "MUG-1", "12.50");
	assert_int_equal(bo_app_product_add(&f->admin, &in, NULL, &err),
			 BO_ECONFLICT);
	assert_int_equal(head(f), 1);
}

static void roles_are_enforced_by_the_services(void **state)
{
	fixture *f = *state;
	bo_app sup, mgr;
	bo_err err;
	int64_t id, nid = 0;
	bo_product_edit in = {.sku = "X", .name = "X", .price = "1"};
	bo_line_request line = {.sku = "MUG-1", .quantity = 1};

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	add_user(f, "sam", "support", &sup);
	add_user(f, "meg", "manager", &mgr);

	assert_int_equal(bo_app_product_add(&sup, &in, NULL, &err), BO_EPERM);
	assert_string_equal(err.msg,
			    "user sam (support) may not change products");
	assert_int_equal(bo_app_product_delete(&mgr, "MUG-1", &err), BO_EPERM);
	assert_int_equal(bo_app_order_place(&sup, "a@b.co", NULL, &line, 1,
					    &nid, &err),
			 BO_EPERM);
	assert_int_equal(bo_app_order_pay(&sup, id, "10", &err), BO_EPERM);
	assert_int_equal(bo_app_order_cancel(&mgr, id, "no", &err), BO_EPERM);
	assert_int_equal(bo_app_order_note(&mgr, id, "hi", &err), BO_EPERM);
	assert_int_equal(bo_app_order_refund(&mgr, id, "1", "x", &err),
			 BO_EPERM);
	assert_int_equal(bo_app_user_add(&sup, "zed", "admin", &err), BO_EPERM);
	assert_int_equal(bo_app_events_export(&mgr, NULL, NULL, &err),
			 BO_EPERM);
	assert_int_equal(bo_app_events_import(&sup, NULL, 0, &err), BO_EPERM);

	/* what they may do */
	assert_int_equal(bo_app_order_note(&sup, id, "called the customer",
					   &err),
			 BO_OK);
	assert_int_equal(bo_app_order_cancel(&sup, id, "asked to", &err), BO_OK);
	bo_order o = {0};
	assert_int_equal(bo_app_order_get(&mgr, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	bo_order_clear(&o);
	bo_app_close(&sup);
	bo_app_close(&mgr);
}

static void user_add_refuses_bad_role_and_duplicates(void **state)
{
	fixture *f = *state;
	bo_err err;
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "boss", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "role"));
	assert_int_equal(bo_app_user_add(&f->admin, "ann", "admin", &err),
			 BO_ECONFLICT);
}

static void user_is(fixture *f, const char *name, bo_role role, bool disabled)
{
	bo_user u;
	bo_err err;
	assert_int_equal(bo_user_dir_get(&f->ports.users, name, &u, &err),
			 BO_OK);
	assert_int_equal(u.role, role);
	assert_int_equal(u.disabled, disabled);
	bo_user_clear(&u);
}

static void disabled_user_may_not_open_a_session_until_enabled(void **state)
{
	fixture *f = *state;
	bo_app sam, again;
	bo_err err;

	add_user(f, "sam", "support", &sam);
	bo_app_close(&sam);
	assert_int_equal(bo_app_user_disable(&f->admin, "sam", &err), BO_OK);
	user_is(f, "sam", BO_ROLE_SUPPORT, true);
	/* disabling again changes nothing and is no error */
	assert_int_equal(bo_app_user_disable(&f->admin, "sam", &err), BO_OK);
	assert_int_equal(bo_app_open(&again, &f->ports, &f->clock, &f->ids,
				     "sam", &err),
			 BO_EPERM);
	assert_non_null(strstr(err.msg, "sam is disabled"));
	assert_int_equal(bo_app_user_enable(&f->admin, "sam", &err), BO_OK);
	user_is(f, "sam", BO_ROLE_SUPPORT, false);
	assert_int_equal(bo_app_open(&again, &f->ports, &f->clock, &f->ids,
				     "sam", &err),
			 BO_OK);
	bo_app_close(&again);
}

static void role_change_counts_from_the_next_session(void **state)
{
	fixture *f = *state;
	bo_app sam, next;
	bo_err err;

	add_user(f, "sam", "support", &sam);
	assert_int_equal(bo_app_user_set_role(&f->admin, "sam", "manager", &err),
			 BO_OK);
	user_is(f, "sam", BO_ROLE_MANAGER, false);
	assert_int_equal(sam.role, BO_ROLE_SUPPORT); /* the open session */
	assert_int_equal(bo_app_open(&next, &f->ports, &f->clock, &f->ids,
				     "sam", &err),
			 BO_OK);
	assert_int_equal(next.role, BO_ROLE_MANAGER);
	assert_false(bo_role_may(next.role, BO_CAP_ORDER_SUPPORT));
	assert_true(bo_role_may(next.role, BO_CAP_REPORT_READ));
	bo_app_close(&next);
	bo_app_close(&sam);
}

static void user_changes_are_refused_when_they_break_a_rule(void **state)
{
	fixture *f = *state;
	bo_app sam, bob;
	bo_err err;

	add_user(f, "sam", "support", &sam);
	/* only admins */
	assert_int_equal(bo_app_user_disable(&sam, "ann", &err), BO_EPERM);
	assert_int_equal(bo_app_user_set_role(&sam, "sam", "admin", &err),
			 BO_EPERM);
	assert_int_equal(bo_app_user_enable(&sam, "sam", &err), BO_EPERM);
	/* unknown names, bad names and roles */
	assert_int_equal(bo_app_user_disable(&f->admin, "eve", &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_user_set_role(&f->admin, "eve", "admin", &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_user_enable(&f->admin, "a b", &err), BO_EINVAL);
	assert_int_equal(bo_app_user_set_role(&f->admin, "sam", "boss", &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "role"));
	assert_int_equal(bo_app_user_set_role(&f->admin, "sam", NULL, &err),
			 BO_EINVAL);
	/* ann is the only admin: the last one, whoever asks */
	assert_int_equal(bo_app_user_disable(&f->admin, "ann", &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "ann is the store's last enabled admin"));
	assert_int_equal(bo_app_user_set_role(&f->admin, "ann", "manager",
					      &err),
			 BO_ECONFLICT);
	user_is(f, "ann", BO_ROLE_ADMIN, false);
	user_is(f, "sam", BO_ROLE_SUPPORT, false);
	/* with another admin, still not yourself */
	add_user(f, "bob", "admin", &bob);
	assert_int_equal(bo_app_user_disable(&f->admin, "ann", &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "ann is you"));
	assert_int_equal(bo_app_user_set_role(&f->admin, "ann", "support",
					      &err),
			 BO_EINVAL);
	user_is(f, "ann", BO_ROLE_ADMIN, false);
	/* a disabled admin does not count: bob is then the last one */
	assert_int_equal(bo_app_user_disable(&f->admin, "bob", &err), BO_OK);
	assert_int_equal(bo_app_user_disable(&f->admin, "ann", &err),
			 BO_ECONFLICT);
	assert_int_equal(bo_app_user_enable(&f->admin, "bob", &err), BO_OK);
	bo_app_close(&bob);
	bo_app_close(&sam);
}

static void a_session_older_than_its_disable_may_not_manage_users(void **state)
{
	fixture *f = *state;
	bo_app bob, sam;
	bo_err err;

	add_user(f, "bob", "admin", &bob);
	add_user(f, "sam", "support", &sam);
	assert_int_equal(bo_app_user_disable(&bob, "ann", &err), BO_OK);
	/* ann's session was open before: not even enabling herself again */
	assert_int_equal(bo_app_user_enable(&f->admin, "ann", &err), BO_EPERM);
	assert_non_null(strstr(err.msg, "ann has been disabled since"));
	assert_int_equal(bo_app_user_disable(&f->admin, "bob", &err), BO_EPERM);
	user_is(f, "ann", BO_ROLE_ADMIN, true);
	user_is(f, "bob", BO_ROLE_ADMIN, false);
	/* nor one whose admin role was taken away */
	assert_int_equal(bo_app_user_enable(&bob, "ann", &err), BO_OK);
	assert_int_equal(bo_app_user_set_role(&bob, "ann", "manager", &err),
			 BO_OK);
	assert_int_equal(bo_app_user_set_role(&f->admin, "ann", "admin", &err),
			 BO_EPERM);
	assert_non_null(strstr(err.msg, "no longer an admin"));
	user_is(f, "ann", BO_ROLE_MANAGER, false);
	bo_app_close(&bob);
	bo_app_close(&sam);
}

static void stale_form_cannot_overwrite(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product p = {0};
	bo_product_edit a = {.price = "11"}, b = {.price = "9"};

	add_product(f, "MUG-1", "10");
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &a, 1, &p, &err),
			 BO_OK);
	assert_int_equal(p.row_version, 2);
	bo_product_clear(&p);
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &b, 1, NULL,
					     &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "changed by someone else"));
	assert_int_equal(bo_app_product_get(&f->admin, "MUG-1", &p, &err), BO_OK);
	assert_int_equal(p.price, 1100);
	assert_int_equal(head(f), 2);
	bo_product_clear(&p);
}

static void retire_and_delete_publish_and_update_the_catalogue(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product cat = {0};
	bo_event_list l = {0};
	int64_t id = 0;
	bo_line_request line = {.sku = "MUG-1", .quantity = 1};

	add_product(f, "MUG-1", "10");
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", NULL, &err),
			 BO_ECONFLICT);
	assert_int_equal(bo_app_order_place(&f->admin, "a@b.co", NULL, &line, 1,
					    &id, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "retired"));
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err), BO_OK);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_rm_catalog_get_by_sku(&f->ports.rm, "MUG-1", &cat,
						  &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_event_store_read_stream(&f->ports.events,
						    "product-1", 0, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[1].kind, BO_EV_PRODUCT_RETIRED);
	assert_true(l.items[1].product.retired);
	assert_int_equal(l.items[2].kind, BO_EV_PRODUCT_DELETED);
	assert_string_equal(l.items[2].product.sku, "MUG-1");
	bo_event_list_clear(&l);
}

/* Given a retired product, when an admin reactivates it, then it is active
 * in the row and the order-side catalogue (it can be ordered again) and a
 * ProductReactivated was published; an active one is refused. */
static void reactivate_sells_a_retired_product_again(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product p = {0};
	bo_product cat = {0};
	bo_event_list l = {0};

	add_product(f, "MUG-1", "10");
	assert_int_equal(bo_app_product_reactivate(&f->admin, "MUG-1", NULL,
						   &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "product MUG-1 is not retired");
	assert_int_equal(bo_app_product_reactivate(&f->admin, "NOPE", NULL,
						   &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_reactivate(&f->admin, "MUG-1", &p,
						   &err),
			 BO_OK);
	assert_false(p.retired);
	assert_int_equal(p.row_version, 3);
	bo_product_clear(&p);
	assert_int_equal(bo_rm_catalog_get_by_sku(&f->ports.rm, "MUG-1", &cat,
						  &err),
			 BO_OK);
	assert_false(cat.retired);
	bo_product_clear(&cat);
	assert_int_equal(place(f, "MUG-1", 1), 1);
	assert_int_equal(bo_event_store_read_stream(&f->ports.events,
						    "product-1", 0, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[2].kind, BO_EV_PRODUCT_REACTIVATED);
	assert_false(l.items[2].product.retired);
	bo_event_list_clear(&l);
}

static void orders_keep_the_price_they_were_placed_at(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_order o = {0};
	bo_product_edit reprice = {.price = "99", .name = "Big mug"};
	int64_t id;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 3);
	assert_int_equal(id, 1);
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &reprice, 0,
					     NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err), BO_OK);
	assert_int_equal(bo_app_order_get(&f->admin, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.total, 3000);
	assert_int_equal(o.tax, 500);
	assert_string_equal(o.lines[0].name, "Mug");
	assert_int_equal(o.lines[0].unit_price, 1000);
	bo_order_clear(&o);
}

static void refused_place_gives_its_number_back(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id = 0;
	bo_line_request bad = {.sku = "NOPE", .quantity = 1};

	add_product(f, "MUG-1", "10");
	assert_int_equal(bo_app_order_place(&f->admin, "a@b.co", NULL, &bad, 1,
					    &id, &err),
			 BO_ENOTFOUND);
	assert_non_null(strstr(err.msg, "NOPE"));
	assert_int_equal(head(f), 1);
	assert_int_equal(place(f, "MUG-1", 1), 1);
}

static int count_timeline(void *ctx, const bo_timeline_row *r)
{
	int *n = ctx;
	(*n)++;
	if (r->version == 2) {
		assert_string_equal(r->type_name, "PaymentReceived");
		assert_string_equal(r->user, "ann");
	}
	return 0;
}

static void order_lifecycle_and_history(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_order o = {0};
	int n = 0;
	int64_t id;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 2);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "20.00", &err), BO_OK);
	assert_int_equal(bo_app_order_ship(&f->admin, id, "DHL", "T1", &err),
			 BO_OK);
	assert_int_equal(bo_app_order_deliver(&f->admin, id, &err), BO_OK);
	assert_int_equal(bo_app_order_refund(&f->admin, id, "5", "dent", &err),
			 BO_OK);
	assert_int_equal(bo_app_order_refund(&f->admin, id, "15.01", "more",
					     &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_order_note(&f->admin, id, "all good", &err),
			 BO_OK);
	assert_int_equal(bo_app_order_get(&f->admin, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.status, BO_ORDER_DELIVERED);
	assert_int_equal(o.refunded, 500);
	assert_int_equal(o.version, 6);
	bo_order_clear(&o);
	assert_int_equal(bo_app_order_get(&f->admin, id, 2, &o, &err), BO_OK);
	assert_int_equal(o.status, BO_ORDER_PAID);
	assert_int_equal(o.refunded, 0);
	bo_order_clear(&o);
	assert_int_equal(bo_app_order_get(&f->admin, id, 7, &o, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_order_timeline(&f->admin, id, count_timeline, &n,
					       &err),
			 BO_OK);
	assert_int_equal(n, 6);
}

static void commands_on_missing_orders_are_not_found(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_order o = {0};
	assert_int_equal(bo_app_order_pay(&f->admin, 42, "1", &err),
			 BO_ENOTFOUND);
	assert_string_equal(err.msg, "order 42 does not exist");
	assert_int_equal(bo_app_order_note(&f->admin, 42, "x", &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_order_get(&f->admin, 42, 0, &o, &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_order_timeline(&f->admin, 42, count_timeline,
					       NULL, &err),
			 BO_ENOTFOUND);
}

static void bad_amount_text_is_refused_before_anything(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "-5", &err), BO_EINVAL);
	assert_non_null(strstr(err.msg, "amount"));
	assert_int_equal(bo_app_order_pay(&f->admin, id, "11", &err), BO_EINVAL);
	assert_int_equal(head(f), 2);
}

/* ---- commands sent with a command id -------------------------------------- */

/* The last event's metadata command id ("" for none), for the checks. */
static void last_command_id_is(fixture *f, const char *want)
{
	bo_event_list l = {0};
	bo_err err;

	assert_int_equal(bo_event_store_read_all(&f->ports.events, head(f) - 1,
						 1, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 1);
	if (want)
		assert_string_equal(l.items[0].meta.command_id, want);
	else
		assert_null(l.items[0].meta.command_id);
	bo_event_list_clear(&l);
}

static void same_command_id_and_arguments_answer_once(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_product_edit in = {.sku = "MUG-1", .name = "Mug", .price = "10",
			      .tax_rate = "20"};
	bo_product_edit price = {.price = "12"};
	bo_product a = {0}, b = {0};
	bo_line_request line = {.sku = "MUG-1", .quantity = 2};
	int64_t id1 = 0, id2 = 0, h;

	f->admin.command_id = "p-1";
	assert_int_equal(bo_app_product_add(&f->admin, &in, &a, &err), BO_OK);
	h = head(f);
	/* again: the product as it was stored, no event, no new row */
	assert_int_equal(bo_app_product_add(&f->admin, &in, &b, &err), BO_OK);
	assert_int_equal(head(f), h);
	assert_int_equal(b.id, a.id);
	assert_string_equal(b.sku, a.sku);
	assert_int_equal(b.price, a.price);
	assert_int_equal(b.row_version, a.row_version);
	bo_product_clear(&b);

	/* the edit is answered with the product as the edit left it, even
	 * after later changes */
	f->admin.command_id = "e-1";
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &price, 0,
					     NULL, &err),
			 BO_OK);
	f->admin.command_id = NULL;
	price.price = "13";
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &price, 0,
					     NULL, &err),
			 BO_OK);
	h = head(f);
	f->admin.command_id = "e-1";
	price.price = "12";
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &price, 0, &b,
					     &err),
			 BO_OK);
	assert_int_equal(b.price, 1200);
	assert_int_equal(head(f), h);
	bo_product_clear(&b);

	f->admin.command_id = "o-1";
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", "Bo",
					    &line, 1, &id1, &err),
			 BO_OK);
	h = head(f);
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", "Bo",
					    &line, 1, &id2, &err),
			 BO_OK);
	assert_int_equal(id2, id1);
	assert_int_equal(head(f), h);

	/* a state change sent again is done once: without the id the second
	 * payment would be refused */
	f->admin.command_id = "pay-1";
	assert_int_equal(bo_app_order_pay(&f->admin, id1, "26", &err), BO_OK);
	h = head(f);
	assert_int_equal(bo_app_order_pay(&f->admin, id1, "26", &err), BO_OK);
	assert_int_equal(head(f), h);
	f->admin.command_id = "ship-1";
	assert_int_equal(bo_app_order_ship(&f->admin, id1, "DHL", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_order_ship(&f->admin, id1, "DHL", NULL, &err),
			 BO_OK);
	assert_int_equal(head(f), h + 1);

	f->admin.command_id = "r-1";
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", NULL, &err),
			 BO_OK);
	assert_int_equal(bo_app_product_retire(&f->admin, "MUG-1", &b, &err),
			 BO_OK);
	assert_true(b.retired);
	bo_product_clear(&b);
	f->admin.command_id = "d-1";
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err), BO_OK);
	h = head(f);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-1", &err), BO_OK);
	assert_int_equal(head(f), h);

	/* users publish no event: a second add is answered, not refused */
	f->admin.command_id = "u-1";
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_OK);
	f->admin.command_id = NULL;
	assert_int_equal(bo_app_user_add(&f->admin, "sam", "support", &err),
			 BO_ECONFLICT);

	/* the number an order took is not drawn again */
	line.quantity = 1;
	f->admin.command_id = NULL;
	add_product(f, "MUG-2", "5");
	assert_int_equal(place(f, "MUG-2", 1), id1 + 1);
	bo_product_clear(&a);
}

static void same_command_id_with_other_arguments_is_a_conflict(void **state)
{
	fixture *f = *state;
	bo_err err;
	bo_line_request line = {.sku = "MUG-1", .quantity = 1};
	bo_app sam;
	int64_t id = 0, h;

	add_product(f, "MUG-1", "10");
	add_user(f, "sam", "admin", &sam);
	f->admin.command_id = "o-7";
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", "Bo",
					    &line, 1, &id, &err),
			 BO_OK);
	h = head(f);
	line.quantity = 2;
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", "Bo",
					    &line, 1, &id, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "o-7"));
	/* another command under the same id */
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "o-7"));
	/* the same command by another user is another command */
	line.quantity = 1;
	sam.command_id = "o-7";
	assert_int_equal(bo_app_order_place(&sam, "bo@example.com", "Bo", &line,
					    1, &id, &err),
			 BO_ECONFLICT);
	/* a missing name is not an empty one */
	f->admin.command_id = "o-8";
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", NULL,
					    &line, 1, &id, &err),
			 BO_OK);
	h = head(f);
	assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com", "",
					    &line, 1, &id, &err),
			 BO_ECONFLICT);
	assert_int_equal(head(f), h);
	bo_app_close(&sam);
}

static void command_id_is_in_the_metadata_of_what_it_appends(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id;

	f->admin.command_id = "add-mug";
	add_product(f, "MUG-1", "10");
	last_command_id_is(f, "add-mug");
	f->admin.command_id = NULL;
	id = place(f, "MUG-1", 1);
	last_command_id_is(f, NULL);
	f->admin.command_id = "note:1/a";
	assert_int_equal(bo_app_order_note(&f->admin, id, "hi", &err), BO_OK);
	last_command_id_is(f, "note:1/a");
	assert_int_equal(bo_app_command_recorded(&f->admin, "note:1/a", &err),
			 BO_OK);
	assert_int_equal(bo_app_command_recorded(&f->admin, "note:1/b", &err),
			 BO_ENOTFOUND);
}

static void failed_command_records_no_id_and_may_be_sent_again(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	h = head(f);
	f->admin.command_id = "pay-9";
	/* refused by the order (more than outstanding): nothing recorded */
	assert_int_equal(bo_app_order_pay(&f->admin, id + 1, "10", &err),
			 BO_ENOTFOUND);
	assert_int_equal(bo_app_command_recorded(&f->admin, "pay-9", &err),
			 BO_ENOTFOUND);
	/* so the id can carry the corrected command */
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	assert_int_equal(head(f), h + 1);
	assert_int_equal(bo_app_command_recorded(&f->admin, "pay-9", &err),
			 BO_OK);
}

static void command_ids_that_break_the_rule_are_refused(void **state)
{
	fixture *f = *state;
	bo_err err;
	char long_id[BO_COMMAND_ID_MAX + 2];
	const char *bad[] = {"", "has space", "tab\there", "caf\xc3\xa9",
			     "del\x7f", long_id};

	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	add_product(f, "MUG-1", "10");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f->admin.command_id = bad[i];
		assert_int_equal(bo_app_order_place(&f->admin, "bo@example.com",
						    "Bo",
						    &(bo_line_request){"MUG-1", 1},
						    1, &(int64_t){0}, &err),
				 BO_EINVAL);
		assert_non_null(strstr(err.msg, "--command-id"));
	}
	assert_int_equal(head(f), 1);
	long_id[BO_COMMAND_ID_MAX] = '\0'; /* 128 is allowed */
	f->admin.command_id = long_id;
	assert_int_equal(bo_app_command_id_validate(long_id, &err), BO_OK);
	assert_int_equal(place(f, "MUG-1", 1), 1);
}

static int collect(void *ctx, const bo_event *e)
{
	bo_event_list *l = ctx;
	bo_event *c = bo_event_list_push(l);
	assert_non_null(c);
	assert_int_equal(bo_event_copy(c, e), BO_OK);
	return 0;
}

static int64_t order_total_sum(bo_ports *p)
{
	bo_order_row r = {0};
	bo_err err;
	int64_t sum = 0;
	for (int64_t id = 1; bo_rm_order_get(&p->rm, id, &r, &err) == BO_OK;
	     id++) {
		sum += r.total * 1000 + r.refunded + r.status;
		bo_order_row_clear(&r);
	}
	return sum;
}

static void export_then_import_rebuilds_everything(void **state)
{
	fixture *f = *state;
	bo_event_list l = {0};
	bo_ports p2;
	bo_app a2;
	bo_err err;
	bo_product prod = {0};
	bo_init_options opt = {.tenant = "shop", .admin = "ann"};
	int64_t id, nid = 0;
	bo_product_edit reprice = {.price = "12"};

	add_product(f, "MUG-1", "10");
	add_product(f, "MUG-2", "7");
	id = place(f, "MUG-1", 2);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "20", &err), BO_OK);
	assert_int_equal(bo_app_product_edit(&f->admin, "MUG-1", &reprice, 0,
					     NULL, &err),
			 BO_OK);
	place(f, "MUG-2", 1);
	assert_int_equal(bo_app_product_delete(&f->admin, "MUG-2", &err), BO_OK);
	assert_int_equal(bo_app_events_export(&f->admin, collect, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 7);

	assert_int_equal(bo_memory_open(&p2, &err), BO_OK);
	assert_int_equal(bo_app_init_store(&p2, &f->clock, &opt, &err), BO_OK);
	assert_int_equal(bo_app_open(&a2, &p2, &f->clock, &f->ids, "ann", &err),
			 BO_OK);
	assert_int_equal(bo_app_events_import(&a2, l.items, l.n, &err), BO_OK);
	assert_int_equal(order_total_sum(&p2), order_total_sum(&f->ports));
	assert_int_equal(bo_app_product_get(&a2, "MUG-1", &prod, &err), BO_OK);
	assert_int_equal(prod.price, 1200);
	assert_int_equal(prod.row_version, 2);
	bo_product_clear(&prod);
	assert_int_equal(bo_app_product_get(&a2, "MUG-2", &prod, &err),
			 BO_ENOTFOUND);
	/* new ids continue after the imported ones */
	bo_line_request line = {.sku = "MUG-1", .quantity = 1};
	assert_int_equal(bo_app_order_place(&a2, "c@d.io", NULL, &line, 1, &nid,
					    &err),
			 BO_OK);
	assert_int_equal(nid, 3);
	bo_product_edit np = {.sku = "NEW", .name = "New", .price = "1"};
	assert_int_equal(bo_app_product_add(&a2, &np, &prod, &err), BO_OK);
	assert_int_equal(prod.id, 3);
	bo_product_clear(&prod);

	/* importing the same log again does not follow on: nothing is written */
	int64_t before = 0, after = 0;
	assert_int_equal(bo_event_store_head(&p2.events, &before, &err), BO_OK);
	assert_int_equal(bo_app_events_import(&a2, l.items, l.n, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "does not follow on"));
	assert_int_equal(bo_event_store_head(&p2.events, &after, &err), BO_OK);
	assert_int_equal(before, after);

	bo_event_list_clear(&l);
	bo_app_close(&a2);
	bo_ports_close(&p2);
}

/* An export edited into a history the commands could not have made: the
 * import names the event and the rule, and writes nothing. */
static void impossible_history_is_refused_and_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_event_list l = {0};
	bo_init_options opt = {.tenant = "shop", .admin = "ann"};
	bo_ports p2;
	bo_app a2;
	bo_err err;
	int64_t id, head = -1;
	bo_product prod = {0};

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 2);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "5", &err), BO_OK);
	assert_int_equal(bo_app_events_export(&f->admin, collect, &l, &err),
			 BO_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[2].kind, BO_EV_PAYMENT_RECEIVED);

	assert_int_equal(bo_memory_open(&p2, &err), BO_OK);
	assert_int_equal(bo_app_init_store(&p2, &f->clock, &opt, &err), BO_OK);
	assert_int_equal(bo_app_open(&a2, &p2, &f->clock, &f->ids, "ann", &err),
			 BO_OK);
	l.items[2].amount = 2001; /* the order is 20.00 */
	assert_int_equal(bo_app_events_import(&a2, l.items, l.n, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg,
			    "event 3: order 1: PaymentReceived is refused: "
			    "amount 20.01 is more than the 20.00 still to pay");
	l.items[2].amount = 500;
	l.items[2].order_id = 2;
	assert_int_equal(bo_app_events_import(&a2, l.items, l.n, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "payload names order 2"));
	/* nothing of the first two events stayed */
	assert_int_equal(bo_event_store_head(&p2.events, &head, &err), BO_OK);
	assert_int_equal(head, 0);
	assert_int_equal(bo_app_product_get(&a2, "MUG-1", &prod, &err),
			 BO_ENOTFOUND);
	/* the history as it was goes in */
	l.items[2].order_id = 1;
	assert_int_equal(bo_app_events_import(&a2, l.items, l.n, &err), BO_OK);
	assert_int_equal(order_total_sum(&p2), order_total_sum(&f->ports));

	bo_event_list_clear(&l);
	bo_app_close(&a2);
	bo_ports_close(&p2);
}

/* ---- cancel with the refund in the same step ------------------------------ */

/* The kinds of the order's events from version from on, in order. */
static void events_from_are(fixture *f, int64_t id, int64_t from,
			    const bo_event_kind *want, size_t n)
{
	bo_event_list l = {0};
	bo_err err;

	assert_int_equal(bo_app_order_events(&f->admin, id, &l, &err), BO_OK);
	assert_int_equal(l.n, (size_t)from - 1 + n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l.items[from - 1 + i].kind, want[i]);
	bo_event_list_clear(&l);
}

static void
paid_order_cancelled_with_refund_appends_refund_then_cancel(void **state)
{
	fixture *f = *state;
	const bo_event_kind want[] = {BO_EV_REFUND_ISSUED,
				      BO_EV_ORDER_CANCELLED};
	bo_cancel_outcome out = {-1, -1};
	bo_event_list l = {0};
	bo_order o = {0};
	bo_err err;
	int64_t id;

	/* given a paid order of 20.00 */
	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 2);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "20", &err), BO_OK);
	/* when it is cancelled with the refund */
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "lost", true, &out, &err),
	    BO_OK);
	/* then RefundIssued of everything, then OrderCancelled */
	assert_int_equal(out.refunded, 2000);
	assert_int_equal(out.left, 0);
	events_from_are(f, id, 3, want, 2);
	assert_int_equal(bo_app_order_events(&f->admin, id, &l, &err), BO_OK);
	assert_int_equal(l.items[2].amount, 2000);
	assert_string_equal(l.items[2].reason, "lost");
	assert_string_equal(l.items[3].reason, "lost");
	bo_event_list_clear(&l);
	assert_int_equal(bo_app_order_get(&f->admin, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	assert_int_equal(o.refunded, 2000);
	bo_order_clear(&o);
}

static void partly_refunded_order_refunds_only_the_rest(void **state)
{
	fixture *f = *state;
	const bo_event_kind want[] = {BO_EV_REFUND_ISSUED,
				      BO_EV_ORDER_CANCELLED};
	bo_cancel_outcome out = {0};
	bo_event_list l = {0};
	bo_err err;
	int64_t id;

	/* given 15.00 of 20.00 paid, 5.00 of it refunded */
	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 2);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "15", &err), BO_OK);
	assert_int_equal(
	    bo_app_order_refund_amount(&f->admin, id, 500, "dent", &err),
	    BO_OK);
	/* when cancelled with the refund: the other 10.00 */
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "gone", true, &out, &err),
	    BO_OK);
	assert_int_equal(out.refunded, 1000);
	events_from_are(f, id, 4, want, 2);
	assert_int_equal(bo_app_order_events(&f->admin, id, &l, &err), BO_OK);
	assert_int_equal(l.items[3].amount, 1000);
	bo_event_list_clear(&l);
}

static void nothing_paid_and_refund_just_cancels(void **state)
{
	fixture *f = *state;
	const bo_event_kind want[] = {BO_EV_ORDER_CANCELLED};
	bo_cancel_outcome out = {-1, -1};
	bo_err err;
	int64_t id;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "changed",
						    true, &out, &err),
			 BO_OK);
	assert_int_equal(out.refunded, 0);
	assert_int_equal(out.left, 0);
	events_from_are(f, id, 2, want, 1);
}

static void cancel_without_refund_says_what_stays_paid(void **state)
{
	fixture *f = *state;
	const bo_event_kind want[] = {BO_EV_ORDER_CANCELLED};
	bo_cancel_outcome out = {-1, -1};
	bo_err err;
	int64_t id;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "4", &err), BO_OK);
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "changed",
						    false, &out, &err),
			 BO_OK);
	assert_int_equal(out.refunded, 0);
	assert_int_equal(out.left, 400);
	events_from_are(f, id, 3, want, 1);
}

static void cancel_with_refund_of_cancelled_order_is_a_conflict(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	assert_int_equal(bo_app_order_cancel(&f->admin, id, "first", &err),
			 BO_OK);
	h = head(f);
	/* the money is still paid, but the cancel refuses: nothing refunded */
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "again",
						    true, NULL, &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "order 1 is cancelled");
	assert_int_equal(head(f), h);
}

static void cancel_with_refund_of_shipped_order_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	assert_int_equal(bo_app_order_ship(&f->admin, id, "DHL", "T1", &err),
			 BO_OK);
	h = head(f);
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "late", true, NULL, &err),
	    BO_ECONFLICT);
	assert_string_equal(
	    err.msg, "order 1 is already shipped and cannot be cancelled");
	assert_int_equal(head(f), h);
}

static void failure_between_the_two_appends_writes_neither(void **state)
{
	fixture *f = *state;
	bo_order o = {0};
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	h = head(f);
	f->admin.command_id = "cancel-1";
	/* the refund is appended, the cancel's append fails */
	bo_fault_arm("bo_event_store_append", 2, 1, BO_ESTORAGE);
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "lost", true, NULL, &err),
	    BO_ESTORAGE);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
	assert_string_equal(err.msg,
			    "injected failure of bo_event_store_append");
	assert_int_equal(head(f), h);
	assert_int_equal(bo_app_order_get(&f->admin, id, 0, &o, &err), BO_OK);
	assert_int_equal(o.status, BO_ORDER_PAID);
	assert_int_equal(o.refunded, 0);
	assert_int_equal(o.version, 2);
	bo_order_clear(&o);
	assert_int_equal(bo_app_command_recorded(&f->admin, "cancel-1", &err),
			 BO_ENOTFOUND);
	/* and the same command goes through when sent again */
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "lost", true, NULL, &err),
	    BO_OK);
	assert_int_equal(head(f), h + 2);
}

static void cancel_with_refund_by_command_id_answers_once(void **state)
{
	fixture *f = *state;
	bo_cancel_outcome first = {0}, again = {0};
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	f->admin.command_id = "cx-1";
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "lost", true,
						    &first, &err),
			 BO_OK);
	h = head(f);
	last_command_id_is(f, "cx-1");
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "lost", true,
						    &again, &err),
			 BO_OK);
	assert_int_equal(head(f), h);
	assert_int_equal(again.refunded, 1000);
	assert_int_equal(again.left, first.left);
	/* the same id without --refund is another command */
	assert_int_equal(bo_app_order_cancel_refund(&f->admin, id, "lost",
						    false, NULL, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "cx-1"));
	assert_int_equal(head(f), h);
}

static void plain_cancel_and_cancel_without_refund_are_one_command(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	f->admin.command_id = "cx-2";
	assert_int_equal(bo_app_order_cancel(&f->admin, id, "why", &err),
			 BO_OK);
	h = head(f);
	assert_int_equal(
	    bo_app_order_cancel_refund(&f->admin, id, "why", false, NULL, &err),
	    BO_OK);
	assert_int_equal(head(f), h);
}

static void refund_of_a_parsed_amount_is_the_typed_command(void **state)
{
	fixture *f = *state;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_pay(&f->admin, id, "10", &err), BO_OK);
	f->admin.command_id = "rf-1";
	assert_int_equal(
	    bo_app_order_refund(&f->admin, id, "2.50", "dent", &err), BO_OK);
	h = head(f);
	assert_int_equal(
	    bo_app_order_refund_amount(&f->admin, id, 250, "dent", &err),
	    BO_OK);
	assert_int_equal(head(f), h);
	f->admin.command_id = NULL;
	assert_int_equal(
	    bo_app_order_refund_amount(&f->admin, id, 751, "x", &err),
	    BO_EINVAL);
	assert_string_equal(err.msg, "refund 7.51 is more than the 7.50 "
				     "refundable");
	assert_int_equal(
	    bo_app_order_refund_amount(&f->admin, id, 0, "x", &err), BO_EINVAL);
	assert_int_equal(head(f), h);
}

static void can_answers_with_the_commands_sentence(void **state)
{
	fixture *f = *state;
	bo_order_can_info info;
	bo_app viv;
	bo_err err;
	int64_t id, h;

	add_product(f, "MUG-1", "10");
	id = place(f, "MUG-1", 2);
	h = head(f);
	/* nothing paid: cancel yes, refund no */
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_CANCEL, 0, NULL,
					  &info, &err),
			 BO_OK);
	assert_int_equal(info.status, BO_ORDER_PLACED);
	assert_int_equal(info.refundable, 0);
	assert_int_equal(info.version, 1);
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_REFUND, 0, NULL,
					  &info, &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "order 1 has nothing to refund: paid "
				     "0.00, refunded 0.00");
	/* partly paid: refund up to what was paid */
	assert_int_equal(bo_app_order_pay(&f->admin, id, "12.5", &err), BO_OK);
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_REFUND,
					  1250, NULL, &info, &err),
			 BO_OK);
	assert_int_equal(info.paid, 1250);
	assert_int_equal(info.refundable, 1250);
	assert_int_equal(info.total, 2000);
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_REFUND,
					  1251, NULL, &info, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "refund 12.51 is more than the 12.50 "
				     "refundable");
	/* with a reason, the reason is checked as the command does */
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_CANCEL, 0,
					  "", &info, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "reason"));
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_REFUND,
					  100, "", &info, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, "reason"));
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_REFUND,
					  100, "ok", &info, &err),
			 BO_OK);
	/* cancelled: cancel refused in the command's words */
	assert_int_equal(bo_app_order_cancel(&f->admin, id, "x", &err), BO_OK);
	assert_int_equal(bo_app_order_can(&f->admin, id, BO_ORDER_ACT_CANCEL, 0, NULL,
					  &info, &err),
			 BO_ECONFLICT);
	assert_string_equal(err.msg, "order 1 is cancelled");
	assert_int_equal(info.status, BO_ORDER_CANCELLED);
	assert_int_equal(
	    bo_app_order_can(&f->admin, 99, BO_ORDER_ACT_NOTE, 0, NULL, &info, &err),
	    BO_ENOTFOUND);
	assert_string_equal(err.msg, "order 99 does not exist");
	assert_int_equal(info.version, 0);
	/* a manager may read, not act */
	add_user(f, "viv", "manager", &viv);
	assert_int_equal(
	    bo_app_order_can(&viv, id, BO_ORDER_ACT_READ, 0, NULL, &info, &err),
	    BO_OK);
	assert_int_equal(
	    bo_app_order_can(&viv, id, BO_ORDER_ACT_NOTE, 0, NULL, &info, &err),
	    BO_EPERM);
	assert_string_equal(err.msg, "orders are read-only for manager users: "
				     "notes, cancelling and refunds are for "
				     "support and admins");
	assert_int_equal(
	    bo_app_order_cancel_refund(&viv, id, "x", true, NULL, &err),
	    BO_EPERM);
	bo_app_close(&viv);
	/* asking wrote nothing */
	assert_int_equal(head(f), h + 2);
}

/* ---- order find, customer view ------------------------------------------- */

static int join_ids(void *ctx, const bo_order_row *r)
{
	char *buf = ctx;
	size_t n = strlen(buf);

	snprintf(buf + n, 64 - n, "%s%lld", n ? "," : "", (long long)r->id);
	return 0;
}

static void found(bo_app *app, const char *text, int64_t after, int64_t limit,
		  int descending, const char *want)
{
	char got[64] = "";
	bo_err err;

	if (bo_app_order_find(app, text, after, limit, descending, join_ids,
			      got, &err) != BO_OK)
		fail_msg("order find %s: %s", text, err.msg);
	assert_string_equal(got, want);
}

static void every_role_finds_orders_by_their_keys(void **state)
{
	fixture *f = *state;
	bo_line_request line = {.sku = "MUG-1", .quantity = 1};
	int64_t id;
	bo_app sup, mgr;
	bo_err err;

	add_product(f, "MUG-1", "10");
	place(f, "MUG-1", 1);
	assert_int_equal(bo_app_order_place(&f->admin, "Ann@Example.com",
					    "Ann Lee", &line, 1, &id, &err),
			 BO_OK);
	add_user(f, "sam", "support", &sup);
	add_user(f, "meg", "manager", &mgr);
	found(&f->admin, "  ANN ", 0, 0, 1, "2");
	found(&sup, "lee", 0, 0, 1, "2");
	found(&mgr, "mug", 0, 0, 1, "2,1");
	found(&mgr, "mug", 0, 0, 0, "1,2");
	found(&mgr, "mug", 2, 1, 1, "1");
	found(&mgr, "1", 0, 0, 1, "1"); /* an order number */
	found(&mgr, "nobody", 0, 0, 1, "");
	bo_app_close(&sup);
	bo_app_close(&mgr);
}

static void find_and_customer_refuse_bad_text_naming_it(void **state)
{
	fixture *f = *state;
	char got[64] = "";
	bo_customer c = {0};
	bo_err err;
	char longer[BO_SEARCH_MAX + 2];

	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(bo_app_order_find(&f->admin, "", 0, 0, 1, join_ids,
					   got, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "search text must not be empty");
	assert_int_equal(bo_app_order_find(&f->admin, "   ", 0, 0, 1, join_ids,
					   got, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "search text must not be only white space");
	assert_int_equal(bo_app_order_find(&f->admin, longer, 0, 0, 1,
					   join_ids, got, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "search text is longer than 200 bytes");
	assert_int_equal(bo_app_order_find(&f->admin, "a\033b", 0, 0, 1,
					   join_ids, got, &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_order_find(&f->admin, "\xff", 0, 0, 1,
					   join_ids, got, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "search text is not valid UTF-8");
	assert_int_equal(bo_app_order_find(&f->admin, "a", 0, -1, 1, join_ids,
					   got, &err),
			 BO_EINVAL);
	assert_int_equal(bo_app_customer(&f->admin, NULL, &c, &err), BO_EINVAL);
	assert_string_equal(err.msg, "customer e-mail must not be empty");
	assert_int_equal(bo_app_customer(&f->admin, "x@example.com", &c, &err),
			 BO_ENOTFOUND);
	assert_null(c.email);
}

static void customer_sums_up_the_orders_of_one_email(void **state)
{
	fixture *f = *state;
	bo_line_request line = {.sku = "MUG-1", .quantity = 2};
	bo_customer c = {0};
	char got[64] = "";
	int64_t a, b;
	bo_err err;

	add_product(f, "MUG-1", "10");
	place(f, "MUG-1", 1); /* bo@example.com's */
	assert_int_equal(bo_app_order_place(&f->admin, "Cy@Example.com", "Cy",
					    &line, 1, &a, &err),
			 BO_OK);
	assert_int_equal(bo_app_order_place(&f->admin, "cy@example.com", NULL,
					    &line, 1, &b, &err),
			 BO_OK);
	assert_int_equal(bo_app_order_pay(&f->admin, a, "20", &err), BO_OK);
	assert_int_equal(bo_app_order_pay(&f->admin, b, "20", &err), BO_OK);
	assert_int_equal(bo_app_order_refund(&f->admin, b, "4", "dent", &err),
			 BO_OK);
	assert_int_equal(bo_app_order_note(&f->admin, a, "hi", &err), BO_OK);
	assert_int_equal(bo_app_customer(&f->admin, " CY@example.COM", &c,
					 &err),
			 BO_OK);
	assert_string_equal(c.email, "cy@example.com"); /* the newest order's */
	assert_string_equal(c.name, "Cy");
	assert_int_equal(c.orders, 2);
	assert_int_equal(c.paid, 4000);
	assert_int_equal(c.refunded, 400);
	assert_int_equal(c.notes, 1);
	assert_string_equal(c.currency, "EUR");
	assert_true(c.last_activity > 0);
	bo_customer_clear(&c);
	assert_int_equal(bo_app_customer_orders(&f->admin, "cy@example.com", 0,
						0, 1, join_ids, got, &err),
			 BO_OK);
	assert_string_equal(got, "3,2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(init_twice_is_a_conflict),
		T(init_refuses_bad_tenant_currency_and_user),
		T(open_before_init_is_a_storage_error),
		T(unknown_user_is_refused),
		T(open_reads_tenant_currency_and_role),
		T(product_add_publishes_created_event),
		T(invalid_product_writes_nothing),
		T(duplicate_sku_is_a_conflict_and_writes_nothing),
		T(roles_are_enforced_by_the_services),
		T(user_add_refuses_bad_role_and_duplicates),
		T(disabled_user_may_not_open_a_session_until_enabled),
		T(role_change_counts_from_the_next_session),
		T(user_changes_are_refused_when_they_break_a_rule),
		T(a_session_older_than_its_disable_may_not_manage_users),
		T(stale_form_cannot_overwrite),
		T(retire_and_delete_publish_and_update_the_catalogue),
		T(reactivate_sells_a_retired_product_again),
		T(orders_keep_the_price_they_were_placed_at),
		T(refused_place_gives_its_number_back),
		T(order_lifecycle_and_history),
		T(commands_on_missing_orders_are_not_found),
		T(bad_amount_text_is_refused_before_anything),
		T(same_command_id_and_arguments_answer_once),
		T(same_command_id_with_other_arguments_is_a_conflict),
		T(command_id_is_in_the_metadata_of_what_it_appends),
		T(failed_command_records_no_id_and_may_be_sent_again),
		T(command_ids_that_break_the_rule_are_refused),
		T(export_then_import_rebuilds_everything),
		T(impossible_history_is_refused_and_writes_nothing),
		T(paid_order_cancelled_with_refund_appends_refund_then_cancel),
		T(partly_refunded_order_refunds_only_the_rest),
		T(nothing_paid_and_refund_just_cancels),
		T(cancel_without_refund_says_what_stays_paid),
		T(cancel_with_refund_of_cancelled_order_is_a_conflict),
		T(cancel_with_refund_of_shipped_order_writes_nothing),
		T(failure_between_the_two_appends_writes_neither),
		T(cancel_with_refund_by_command_id_answers_once),
		T(plain_cancel_and_cancel_without_refund_are_one_command),
		T(refund_of_a_parsed_amount_is_the_typed_command),
		T(can_answers_with_the_commands_sentence),
		T(every_role_finds_orders_by_their_keys),
		T(find_and_customer_refuse_bad_text_naming_it),
		T(customer_sums_up_the_orders_of_one_email),
#undef T
	};
	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}
