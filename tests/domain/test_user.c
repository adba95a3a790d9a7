/* Tests for domain/user.c: role names, user names, the capability table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/text.h"
#include "domain/user.h"

static const char *NAME_MSG =
    "user name must be 1 to 64 characters from A-Z a-z 0-9 . _ @ -";

static void role_names_round_trip(void **state)
{
	(void)state;
	static const bo_role roles[] = {BO_ROLE_ADMIN, BO_ROLE_SUPPORT,
					BO_ROLE_MANAGER};
	static const char *names[] = {"admin", "support", "manager"};

	for (size_t i = 0; i < 3; i++) {
		bo_role r = (bo_role)99;
		assert_string_equal(bo_role_name(roles[i]), names[i]);
		assert_int_equal(bo_role_parse(&r, names[i], NULL), BO_OK);
		assert_int_equal(r, roles[i]);
	}
	assert_string_equal(bo_role_name((bo_role)42), "unknown");
}

static void unknown_role_is_refused_naming_role(void **state)
{
	(void)state;
	static const char *bad[] = {"Admin", "root", "", "admin ", "manage"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_role r = BO_ROLE_MANAGER;
		bo_err err;
		bo_err_clear(&err);
		assert_int_equal(bo_role_parse(&r, bad[i], &err), BO_EINVAL);
		assert_int_equal(r, BO_ROLE_MANAGER);
		assert_string_equal(err.msg, "role must be one of admin, "
					     "support, manager");
	}
	bo_role r;
	assert_int_equal(bo_role_parse(&r, NULL, NULL), BO_EINVAL);
}

static void user_name_rules(void **state)
{
	(void)state;
	bo_err err;
	char n64[65], n65[66];

	memset(n64, 'u', 64);
	n64[64] = '\0';
	memset(n65, 'u', 65);
	n65[65] = '\0';
	assert_int_equal(bo_user_validate_name("alice", &err), BO_OK);
	assert_int_equal(bo_user_validate_name("a.b_c-d@shop.example", &err),
			 BO_OK);
	assert_int_equal(bo_user_validate_name("Z9", &err), BO_OK);
	assert_int_equal(bo_user_validate_name(n64, &err), BO_OK);

	static const char *bad[] = {"",    "al ice", "al\x1b[2J", "caf\xC3\xA9",
				    "a/b", "a:b",    "bob\n",     "a+b"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_err_clear(&err);
		assert_int_equal(bo_user_validate_name(bad[i], &err),
				 BO_EINVAL);
		assert_string_equal(err.msg, NAME_MSG);
	}
	assert_int_equal(bo_user_validate_name(n65, &err), BO_EINVAL);
	assert_string_equal(err.msg, NAME_MSG);
	assert_int_equal(bo_user_validate_name(NULL, &err), BO_EINVAL);
}

static void tenant_name_rules(void **state)
{
	(void)state;
	bo_err err;
	char t40[41], t41[42];

	memset(t40, 't', 40);
	t40[40] = '\0';
	memset(t41, 't', 41);
	t41[41] = '\0';
	assert_int_equal(bo_tenant_validate("shop", &err), BO_OK);
	assert_int_equal(bo_tenant_validate("a-b_c9", &err), BO_OK);
	assert_int_equal(bo_tenant_validate(t40, &err), BO_OK);

	const char *bad[] = {"",    "Big Shop", "Shop", "a.b", "caf\xC3\xA9",
			     "a/b", t41};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bo_err_clear(&err);
		assert_int_equal(bo_tenant_validate(bad[i], &err), BO_EINVAL);
		assert_string_equal(err.msg, "tenant name must be 1 to 40 of "
					     "a-z, 0-9, _ and -");
	}
	assert_int_equal(bo_tenant_validate(NULL, &err), BO_EINVAL);
}

static void user_clear_frees_and_zeroes(void **state)
{
	(void)state;
	bo_user u = {.name = bo_strdup("alice"),
		     .role = BO_ROLE_SUPPORT,
		     .created_at = 5};

	bo_user_clear(&u);
	assert_null(u.name);
	assert_int_equal(u.created_at, 0);
	bo_user_clear(NULL);
}

static void capability_table_matches_design(void **state)
{
	(void)state;
	static const struct {
		bo_capability cap;
		bool admin, support, manager;
	} t[] = {
	    {BO_CAP_PRODUCT_READ, true, true, true},
	    {BO_CAP_PRODUCT_WRITE, true, false, false},
	    {BO_CAP_ORDER_READ, true, true, true},
	    {BO_CAP_ORDER_PLACE, true, false, false},
	    {BO_CAP_ORDER_PAYMENT, true, false, false},
	    {BO_CAP_ORDER_SUPPORT, true, true, false},
	    {BO_CAP_REPORT_READ, true, true, true},
	    {BO_CAP_USER_ADMIN, true, false, false},
	    {BO_CAP_EVENTS_ADMIN, true, false, false},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(bo_role_may(BO_ROLE_ADMIN, t[i].cap),
				 t[i].admin);
		assert_int_equal(bo_role_may(BO_ROLE_SUPPORT, t[i].cap),
				 t[i].support);
		assert_int_equal(bo_role_may(BO_ROLE_MANAGER, t[i].cap),
				 t[i].manager);
	}
}

static void manager_may_change_nothing(void **state)
{
	(void)state;
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_PRODUCT_WRITE));
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_ORDER_PLACE));
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_ORDER_PAYMENT));
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_ORDER_SUPPORT));
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_USER_ADMIN));
	assert_false(bo_role_may(BO_ROLE_MANAGER, BO_CAP_EVENTS_ADMIN));
}

static void out_of_range_role_or_capability_may_nothing(void **state)
{
	(void)state;
	assert_false(bo_role_may((bo_role)3, BO_CAP_PRODUCT_READ));
	assert_false(bo_role_may((bo_role)-1, BO_CAP_PRODUCT_READ));
	assert_false(bo_role_may(BO_ROLE_ADMIN, (bo_capability)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(role_names_round_trip),
	    cmocka_unit_test(unknown_role_is_refused_naming_role),
	    cmocka_unit_test(user_name_rules),
	    cmocka_unit_test(tenant_name_rules),
	    cmocka_unit_test(user_clear_frees_and_zeroes),
	    cmocka_unit_test(capability_table_matches_design),
	    cmocka_unit_test(manager_may_change_nothing),
	    cmocka_unit_test(out_of_range_role_or_capability_may_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
