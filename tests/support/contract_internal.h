/* Helpers shared by the files of the port contract suite (tests/support/contract*.c). */
#ifndef BO_TEST_CONTRACT_INTERNAL_H
#define BO_TEST_CONTRACT_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "domain/event.h"
#include "tests/support/contract.h"

#define T0 INT64_C(1764137502123)     /* 2025-11-26T06:11:42.123Z */
#define BIG INT64_C(9007199254740993) /* 2^53 + 1: no double holds it */

/* One test's store: *state of every contract test. */
typedef struct ct_fx {
	bo_ports p;
	bo_err err;
	int next_id; /* for fresh event ids */
} ct_fx;

/* Assertions that say what differs; they expect `ct_fx *f` in scope. */
#define OK(call) ct_ok_at((call), &f->err, #call, __FILE__, __LINE__)
#define STATUS(want, call)                                                     \
	ct_status_at((want), (call), #call, __FILE__, __LINE__)
#define STR_EQ(got, want) ct_str_at((got), (want), #got, __FILE__, __LINE__)
#define INT_EQ(got, want)                                                      \
	ct_int_at((int64_t)(got), (int64_t)(want), #got, __FILE__, __LINE__)
#define BEGIN() OK(bo_store_begin(&f->p.store, &f->err))
#define COMMIT() OK(bo_store_commit(&f->p.store, &f->err))
#define ROLLBACK() bo_store_rollback(&f->p.store)

/* What a list handed out, joined as "a,b,c". */
/* What the test callbacks stop a walk with: a negative status, which the
 * walk must stop at and return as it is (the stop rule of ports.h). */
#define CT_STOP (-7)

typedef struct ct_joined {
	char *buf;
	size_t len;
	int count;
	int stop_at; /* the callbacks return CT_STOP when count reaches it */
} ct_joined;

#define JOINED_IS(j, want) ct_joined_is_at((j), (want), __FILE__, __LINE__)

#define CT_TEST(name)                                                          \
	cmocka_unit_test_setup_teardown(name, ct_setup, ct_teardown)

extern const struct CMUnitTest bo_contract_event_tests[];
extern const size_t bo_contract_event_count;
extern const struct CMUnitTest bo_contract_row_tests[];
extern const size_t bo_contract_row_count;
extern const struct CMUnitTest bo_contract_category_tests[];
extern const size_t bo_contract_category_count;
extern const struct CMUnitTest bo_contract_engine_tests[];
extern const size_t bo_contract_engine_count;
extern const struct CMUnitTest bo_contract_live_tests[];
extern const size_t bo_contract_live_count;
extern const struct CMUnitTest bo_contract_reactor_tests[];
extern const size_t bo_contract_reactor_count;
extern const struct CMUnitTest bo_contract_report_tests[];
extern const size_t bo_contract_report_count;
extern const struct CMUnitTest bo_contract_command_tests[];
extern const size_t bo_contract_command_count;
extern const struct CMUnitTest bo_contract_bulk_tests[];
extern const size_t bo_contract_bulk_count;
extern const struct CMUnitTest bo_contract_find_tests[];
extern const size_t bo_contract_find_count;
extern const struct CMUnitTest bo_contract_shadow_tests[];
extern const size_t bo_contract_shadow_count;
extern const struct CMUnitTest bo_contract_concurrency_tests[];
extern const size_t bo_contract_concurrency_count;

/* The backend under test. */
const bo_contract_backend *ct_backend(void);

/* Fixture: a fresh store from the backend under test, closed after. */
int ct_setup(void **state);
int ct_teardown(void **state);
void ct_ok_at(int rc, const bo_err *err, const char *what, const char *file,
	      int line);
void ct_status_at(int want, int got, const char *what, const char *file,
		  int line);
void ct_str_at(const char *got, const char *want, const char *what,
	       const char *file, int line);
void ct_int_at(int64_t got, int64_t want, const char *what, const char *file,
	       int line);
char *ct_xstrdup(const char *s);
int ct_join_add(ct_joined *j, const char *s);
int ct_join_id(ct_joined *j, int64_t id);
void ct_joined_is_at(ct_joined *j, const char *want, const char *file,
		     int line);
int ct_product_cb(void *ctx, const bo_product *p);
int ct_order_cb(void *ctx, const bo_order_row *r);
int ct_timeline_cb(void *ctx, const bo_timeline_row *r);
int ct_user_cb(void *ctx, const bo_user *u);

/* Builders (every string owned by the result) and comparisons. */
void ct_mk_product(bo_product *p, const char *sku, const char *name);
void ct_product_eq(const bo_product *got, const bo_product *want);
int64_t ct_add_product(ct_fx *f, const char *sku, const char *name,
		       bool retired);
void ct_next_uuid(ct_fx *f, char out[BO_UUID_LEN + 1]);
void ct_mk_event(ct_fx *f, bo_event *e, bo_event_kind kind);
void ct_mk_note(ct_fx *f, bo_event *e, int64_t order_id, const char *text);
void ct_snapshot(bo_product *p, bo_event_kind kind);
void ct_mk_full(ct_fx *f, bo_event *e, bo_event_kind kind);
void ct_event_eq(const bo_event *got, const bo_event *want);
void ct_clear_events(bo_event *ev, size_t n);
void ct_append(ct_fx *f, const char *stream, int64_t expected, bo_event *ev,
	       size_t n);
int64_t ct_stream_version(ct_fx *f, const char *stream);
int64_t ct_head(ct_fx *f);
void ct_mk_order(bo_order_row *r, int64_t id, bo_order_status status,
		 const char *email, const char *name);
void ct_order_eq(const bo_order_row *got, const bo_order_row *want);
void ct_put_order(ct_fx *f, int64_t id, bo_order_status status,
		  const char *email, const char *name);
void ct_mk_line(bo_timeline_row *r, int64_t order_id, int64_t version,
		const char *summary);
void ct_add_line(ct_fx *f, int64_t order_id, int64_t version,
		 const char *summary);
void ct_add_user(ct_fx *f, const char *name, bo_role role);
int64_t ct_checkpoint(ct_fx *f, const char *name);
void ct_setting_is(ct_fx *f, const char *key, const char *want);
int64_t ct_next_seq(ct_fx *f, const char *name);

#endif
