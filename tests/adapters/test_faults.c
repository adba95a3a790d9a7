/* Faults injected through the port wrappers, busy retries of the command line, and the port check at open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/cli/cli.h"
#include "adapters/memory/memory_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/backends.h"
#include "adapters/sys/tenant_site.h"
#include "domain/app_tenants.h"
#include "domain/app.h"
#include "domain/ports/fault.h"

#define BUSY_MSG                                                               \
	"the store stayed busy; nothing was written; sending the same "        \
	"command again with its --command-id is safe"

typedef struct fixture {
	bool sqlite;
	char dir[64];
	char path[96];
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
	FILE *out;
} fixture;

static int setup(void **state, bool sqlite)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_init_options opt = {.currency = "EUR", .admin = "ann"};
	bo_err err;

	assert_non_null(f);
	f->sqlite = sqlite;
	if (sqlite) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/bo-faults-XXXXXX");
		assert_non_null(mkdtemp(f->dir));
		snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
		assert_int_equal(bo_sqlite_open(&f->ports, f->path,
						BO_SQLITE_CREATE, &err),
				 BO_OK);
	} else {
		assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	}
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(
	    bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids, "ann", &err),
	    BO_OK);
	f->out = fopen("/dev/null", "w");
	assert_non_null(f->out);
	*state = f;
	return 0;
}

static int setup_memory(void **state)
{
	return setup(state, false);
}

static int setup_sqlite(void **state)
{
	return setup(state, true);
}

static int teardown(void **state)
{
	fixture *f = *state;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[128];

	bo_fault_disarm();
	fclose(f->out);
	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
	if (f->sqlite) {
		for (size_t i = 0; i < 4; i++) {
			snprintf(name, sizeof(name), "%s%s", f->path,
				 suffixes[i]);
			unlink(name);
		}
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

/* Runs one command line through the CLI's dispatch, as main does. */
static int cli(fixture *f, bo_err *err, const char *first, ...)
{
	char *argv[32];
	int argc = 0, rc;
	bo_cli_args a;
	va_list ap;

	argv[argc++] = "backoffice";
	va_start(ap, first);
	for (const char *w = first; w && argc < 31; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	bo_err_clear(err);
	rc = bo_cli_parse(&a, argc, argv, err);
	assert_int_equal(rc, BO_OK);
	rc = bo_cli_run(&f->admin, &a, f->out, err);
	bo_cli_args_free(&a);
	return rc;
}

static int64_t head(fixture *f)
{
	int64_t h = -1;
	bo_err err;

	assert_int_equal(bo_event_store_head(&f->ports.events, &h, &err),
			 BO_OK);
	return h;
}

static int count_order(void *ctx, const bo_order_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int orders(fixture *f)
{
	bo_order_query q = {.status = -1};
	bo_err err;
	int n = 0;

	assert_int_equal(
	    bo_rm_order_list(&f->ports.rm, &q, count_order, &n, &err), BO_OK);
	return n;
}

static void add_mug(fixture *f)
{
	bo_err err;

	assert_int_equal(cli(f, &err, "product", "add", "--sku", "MUG",
			     "--name", "Mug", "--price", "4.50", "--stock",
			     "10", NULL),
			 BO_OK);
}

static int place(fixture *f, const char *id, bo_err *err)
{
	if (id)
		return cli(f, err, "order", "place", "--customer",
			   "a@example.com", "--line", "MUG:1", "--command-id",
			   id, NULL);
	return cli(f, err, "order", "place", "--customer", "a@example.com",
		   "--line", "MUG:1", NULL);
}

/* ---- the status words ------------------------------------------------------ */

static void busy_and_stopped_are_their_own_words(void **state)
{
	(void)state;
	assert_int_equal(bo_status_exit(BO_ECONFLICT), 5);
	assert_int_equal(bo_status_exit(BO_EBUSY), 8);
	assert_int_equal(bo_status_exit(BO_ESTOPPED), 9);
	assert_string_equal(bo_status_text(BO_EBUSY), "busy");
	assert_string_equal(bo_status_text(BO_ESTOPPED), "stopped");
	assert_string_equal(bo_status_text(BO_ECONFLICT), "conflict");
	assert_true(BO_EBUSY != BO_ENOMEM && BO_ESTOPPED != BO_EBUSY);
	assert_int_equal(bo_status_exit(-99), 1);
}

/* ---- the hook itself --------------------------------------------------- */

static void the_hook_fails_the_nth_call_and_the_times_after(void **state)
{
	fixture *f = *state;
	char *v = NULL;
	bo_err err;

	bo_fault_arm("bo_store_setting_get", 2, 2, BO_ESTORAGE);
	assert_int_equal(
	    bo_store_setting_get(&f->ports.store, "currency", &v, &err), 0);
	free(v);
	v = NULL;
	assert_int_equal(
	    bo_store_setting_get(&f->ports.store, "currency", &v, &err),
	    BO_ESTORAGE);
	assert_string_equal(err.msg,
			    "injected failure of bo_store_setting_get");
	assert_null(v);
	assert_int_equal(
	    bo_store_setting_get(&f->ports.store, "currency", &v, &err),
	    BO_ESTORAGE);
	assert_int_equal(
	    bo_store_setting_get(&f->ports.store, "currency", &v, &err), 0);
	free(v);
	assert_int_equal(bo_fault_calls(), 4);
	assert_int_equal(bo_fault_fired(), 2);
	/* another op is not touched */
	assert_true(head(f) >= 0);
	assert_int_equal(bo_fault_calls(), 4);
	bo_fault_disarm();
}

/* ---- failures leave nothing ---------------------------------------------- */

/*
 * How many bo_store_commit calls one order place makes: the reactors run
 * in nested levels inside the command's transaction, so the command's own
 * (outermost) commit is the last of them. Places one order to count.
 */
static long commits_of_place(fixture *f)
{
	bo_err err;
	long n;

	bo_fault_arm("bo_store_commit", 1000000, 1, BO_ESTORAGE);
	assert_int_equal(place(f, NULL, &err), BO_OK);
	n = bo_fault_calls();
	bo_fault_disarm();
	assert_true(n >= 1);
	return n;
}

static void a_failed_commit_leaves_nothing(void **state)
{
	fixture *f = *state;
	int64_t before;
	long last;
	bo_err err;

	add_mug(f);
	last = commits_of_place(f);
	before = head(f);
	bo_fault_arm("bo_store_commit", last, 1, BO_ESTORAGE);
	assert_int_equal(place(f, "c-1", &err), BO_ESTORAGE);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
	assert_int_equal(head(f), before);
	assert_int_equal(orders(f), 1);
	/* nothing half-done stays open: the same command goes through now */
	assert_int_equal(place(f, "c-1", &err), BO_OK);
	assert_int_equal(orders(f), 2);
}

/* A reactor's level failing to commit is the reactor's failure alone: it
 * rolled itself back, and the command around it still commits (a second
 * rollback after the failed commit would undo the command's level). */
static void a_failed_inner_commit_keeps_the_command(void **state)
{
	fixture *f = *state;
	int64_t before;
	long last;
	bo_err err;

	add_mug(f);
	last = commits_of_place(f);
	if (last < 2)
		skip(); /* no nested level on this backend's path */
	before = head(f);
	bo_fault_arm("bo_store_commit", 1, 1, BO_ESTORAGE);
	assert_int_equal(place(f, "c-3", &err), BO_OK);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
	assert_true(head(f) > before);
	assert_int_equal(orders(f), 2);
}

static void a_failed_append_mid_command_leaves_nothing(void **state)
{
	fixture *f = *state;
	int64_t before;
	bo_err err;

	add_mug(f);
	before = head(f);
	bo_fault_arm("bo_event_store_append", 1, 1, BO_ESTORAGE);
	assert_int_equal(place(f, NULL, &err), BO_ESTORAGE);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
	assert_int_equal(head(f), before);
	assert_int_equal(orders(f), 0);
	assert_int_equal(place(f, NULL, &err), BO_OK);
	assert_int_equal(orders(f), 1);
}

/* A commit that met a busy store rolled back: retried like a busy begin. */
static void a_busy_commit_is_retried(void **state)
{
	fixture *f = *state;
	long last;
	bo_err err;

	add_mug(f);
	last = commits_of_place(f);
	/* the command's own commit meets a busy store, then goes through */
	bo_fault_arm("bo_store_commit", last, 1, BO_EBUSY);
	assert_int_equal(place(f, "c-2", &err), BO_OK);
	assert_int_equal(bo_fault_fired(), 1);
	assert_true(bo_fault_calls() > last);
	bo_fault_disarm();
	assert_int_equal(orders(f), 2);
}

/* ---- busy is tried again, a bounded number of times ------------------------ */

static void a_busy_begin_is_retried_then_succeeds(void **state)
{
	fixture *f = *state;
	bo_err err;

	add_mug(f);
	bo_fault_arm("bo_store_begin", 1, 2, BO_EBUSY);
	assert_int_equal(place(f, "b-1", &err), BO_OK);
	assert_int_equal(bo_fault_fired(), 2);
	bo_fault_disarm();
	assert_int_equal(orders(f), 1);
}

static void a_busy_that_persists_is_busy_after_five_tries(void **state)
{
	fixture *f = *state;
	int64_t before;
	bo_err err;

	add_mug(f);
	before = head(f);
	bo_fault_arm("bo_store_begin", 1, -1, BO_EBUSY);
	assert_int_equal(place(f, "b-2", &err), BO_EBUSY);
	assert_string_equal(err.msg, BUSY_MSG);
	assert_int_equal(bo_status_exit(err.code), 8);
	/* exactly the bounded number of tries, each one begin */
	assert_int_equal(bo_fault_fired(), 5);
	assert_int_equal(bo_fault_calls(), 5);
	bo_fault_disarm();
	assert_int_equal(head(f), before);
	assert_int_equal(orders(f), 0);
	/* sent again with its id once the store is free: placed once */
	assert_int_equal(place(f, "b-2", &err), BO_OK);
	assert_int_equal(place(f, "b-2", &err), BO_OK);
	assert_int_equal(orders(f), 1);
}

/* A refusal is not tried again: conflict stays conflict at the first try. */
static void a_conflict_is_not_retried(void **state)
{
	fixture *f = *state;
	bo_err err;

	add_mug(f);
	bo_fault_arm("bo_store_begin", 1, -1, BO_ECONFLICT);
	assert_int_equal(place(f, NULL, &err), BO_ECONFLICT);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
}

/* Reads may have printed part of an answer: never run twice. */
static void a_read_is_not_retried(void **state)
{
	fixture *f = *state;
	bo_err err;

	add_mug(f);
	bo_fault_arm("bo_product_repo_list", 1, -1, BO_EBUSY);
	assert_int_equal(cli(f, &err, "product", "list", NULL), BO_EBUSY);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
}

/* ---- the port check at open ---------------------------------------------- */

static void a_port_of_an_unknown_version_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p = f->ports;
	bo_event_store_ops ops = *f->ports.events.ops;
	bo_app app;
	bo_err err;

	assert_int_equal(bo_ports_check(&f->ports, &err), BO_OK);
	ops.version = BO_EVENT_STORE_OPS_VERSION + 1;
	p.events.ops = &ops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "event store port is version 3"));
	assert_non_null(strstr(err.msg, f->sqlite ? "sqlite" : "memory"));
	assert_int_equal(
	    bo_app_open(&app, &p, &f->clock, &f->ids, "ann", &err),
	    BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "knows only version 2"));
}

/* The diff callback took typed rows in version 3 of the read-model and
 * report ports: an adapter built for version 2 (quote() text) is refused. */
static void a_diff_port_of_the_text_rows_version_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p = f->ports;
	bo_read_models_ops rops = *f->ports.rm.ops;
	bo_report_store_ops sops = *f->ports.reports.ops;
	bo_err err;

	assert_int_equal(BO_READ_MODELS_OPS_VERSION, 5);
	assert_int_equal(BO_REPORT_STORE_OPS_VERSION, 3);
	/* version 4 had no product SKUs (product_sku_add,
	 * product_ids_by_sku) */
	rops.version = 4;
	p.rm.ops = &rops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "read model port is version 4; this "
					"build knows only version 5"));
	p = f->ports;
	sops.version = 2;
	p.reports.ops = &sops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "report port is version 2; this "
					"build knows only version 3"));
}

static void a_port_without_a_required_op_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p = f->ports;
	bo_store_ops sops = *f->ports.store.ops;
	bo_reactor_store_ops rops = *f->ports.reactors.ops;
	bo_err err;

	sops.command_put = NULL;
	p.store.ops = &sops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "lacks a required store.command op"));
	p.store.ops = f->ports.store.ops;
	rops.alert_list = NULL;
	p.reactors.ops = &rops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "reactor"));
	p.reactors.ops = NULL;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "left a port out"));
}

/* The decoding layer is part of the event store every backend hands out. */
static void an_event_store_without_its_codec_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p = f->ports;
	bo_event_codec_ops cops = *f->ports.events.codec.ops;
	bo_err err;

	p.events.codec.ops = NULL;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "gave its event store no codec"));
	cops.decode = NULL;
	p.events.codec.ops = &cops;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "lacks a required event codec op"));
	cops = *f->ports.events.codec.ops;
	cops.version = BO_EVENT_CODEC_OPS_VERSION + 1;
	assert_int_equal(bo_ports_check(&p, &err), BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "event codec port is version 2"));
}

/* A missing optional op is its fallback, never an error. */
static void a_missing_optional_op_is_its_fallback(void **state)
{
	fixture *f = *state;
	bo_ports p = f->ports;
	bo_store_ops sops = *f->ports.store.ops;
	bo_read_models_ops rops = *f->ports.rm.ops;
	int64_t v = -1;
	bo_err err;

	sops.data_version = NULL;
	rops.bulk = NULL;
	p.store.ops = &sops;
	p.rm.ops = &rops;
	assert_int_equal(bo_ports_check(&p, &err), BO_OK);
	assert_int_equal(bo_store_data_version(&p.store, &v, &err), BO_OK);
	assert_int_equal(v, 0);
	assert_int_equal(bo_rm_bulk(&p.rm, 1, &err), BO_OK);
}

static int count_tenant(void *ctx, const bo_tenant *t)
{
	(void)t;
	(*(int *)ctx)++;
	return 0;
}

/*
 * A tenant create whose last step, the commit of its registry row, fails
 * (as a create killed there would): no tenant is registered, and the
 * complete, empty store it made beside is replaced by the next create of
 * that name, which then succeeds. At every earlier commit failure (the
 * tenant store's own) nothing is made at all.
 */
static void an_interrupted_tenant_create_registers_nothing(void **state)
{
	fixture *f = *state;
	const bo_backend *be;
	bo_sys_tenant_site site;
	bo_tenant t = {0};
	bo_ports p;
	bo_err err;
	char left[128];
	int n = 0;

	assert_int_equal(bo_backend_find(&be, BO_BACKEND_SQLITE, &err), 0);
	bo_sys_tenant_site_init(&site, be, f->path, &f->clock);
	snprintf(left, sizeof(left), "%s/tokyo.db", f->dir);

	/* the tenant store's own commit fails: nothing made, nothing listed */
	bo_fault_arm("bo_store_commit", 1, 1, BO_ESTORAGE);
	assert_int_equal(bo_app_tenant_create(&f->admin, &site.site, "tokyo",
					      "JPY", "Asia/Tokyo", &t, &err),
			 BO_ESTORAGE);
	bo_fault_disarm();
	assert_int_equal(access(left, F_OK), -1);
	assert_int_equal(bo_app_tenant_list(&f->admin, count_tenant, &n, &err),
			 0);
	assert_int_equal(n, 1); /* the installation's own only */

	/* the registry's commit fails: the store stays, unregistered */
	bo_fault_arm("bo_store_commit", 2, 1, BO_ESTORAGE);
	assert_int_equal(bo_app_tenant_create(&f->admin, &site.site, "tokyo",
					      "JPY", "Asia/Tokyo", &t, &err),
			 BO_ESTORAGE);
	assert_int_equal(bo_fault_fired(), 1);
	bo_fault_disarm();
	assert_int_equal(access(left, F_OK), 0);
	n = 0;
	assert_int_equal(bo_app_tenant_list(&f->admin, count_tenant, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(
	    bo_tenant_dir_get(&f->ports.tenants, "tokyo", &t, &err),
	    BO_ENOTFOUND);

	/* the next create replaces it, and the tenant is there */
	assert_int_equal(bo_app_tenant_create(&f->admin, &site.site, "tokyo",
					      "JPY", "Asia/Tokyo", &t, &err),
			 0);
	assert_string_equal(t.location, "tokyo.db");
	bo_tenant_clear(&t);
	n = 0;
	assert_int_equal(bo_app_tenant_list(&f->admin, count_tenant, &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(bo_sqlite_open(&p, left, BO_SQLITE_OPEN, &err), 0);
	bo_ports_close(&p);
	assert_int_equal(bo_sqlite_destroy(left, &err), 0);
}

#define BOTH(name)                                                             \
	cmocka_unit_test_setup_teardown(name, setup_memory, teardown),         \
	    cmocka_unit_test_setup_teardown(name, setup_sqlite, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(busy_and_stopped_are_their_own_words),
	    BOTH(the_hook_fails_the_nth_call_and_the_times_after),
	    BOTH(a_failed_commit_leaves_nothing),
	    BOTH(a_failed_inner_commit_keeps_the_command),
	    BOTH(a_failed_append_mid_command_leaves_nothing),
	    BOTH(a_busy_commit_is_retried),
	    BOTH(a_busy_begin_is_retried_then_succeeds),
	    BOTH(a_busy_that_persists_is_busy_after_five_tries),
	    BOTH(a_conflict_is_not_retried),
	    BOTH(a_read_is_not_retried),
	    BOTH(a_port_of_an_unknown_version_is_refused),
	    BOTH(a_diff_port_of_the_text_rows_version_is_refused),
	    BOTH(a_port_without_a_required_op_is_refused),
	    BOTH(an_event_store_without_its_codec_is_refused),
	    BOTH(a_missing_optional_op_is_its_fallback),
	    cmocka_unit_test_setup_teardown(
		an_interrupted_tenant_create_registers_nothing, setup_sqlite,
		teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
