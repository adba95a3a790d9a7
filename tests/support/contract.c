/* The port contract suite: its fixture, helpers and runner (tests in contract_*.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

static const bo_contract_backend *backend;

int ct_setup(void **state)
{
	ct_fx *f = calloc(1, sizeof(*f));
	int rc;

	if (!f)
		return -1;
	rc = backend->open(&f->p, backend->ctx);
	if (rc != BO_OK) {
		print_error("the %s store did not open: %s\n", backend->name,
			    bo_status_text(rc));
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

const bo_contract_backend *ct_backend(void)
{
	return backend;
}

int ct_teardown(void **state)
{
	ct_fx *f = *state;

	/* a failed test may have left its transaction open */
	bo_store_rollback(&f->p.store);
	bo_ports_close(&f->p);
	if (backend->cleanup)
		backend->cleanup(backend->ctx);
	free(f);
	return 0;
}

/* ---- assertions that say what differs ------------------------------------ */

void ct_ok_at(int rc, const bo_err *err, const char *what, const char *file,
	      int line)
{
	if (rc != BO_OK)
		fail_msg("%s:%d: %s failed with %s (%d): %s", file, line, what,
			 bo_status_text(rc), rc, err->msg);
}

void ct_status_at(int want, int got, const char *what, const char *file,
		  int line)
{
	if (got != want)
		fail_msg("%s:%d: %s gave %s (%d), expected %s (%d)", file, line,
			 what, bo_status_text(got), got, bo_status_text(want),
			 want);
}

void ct_str_at(const char *got, const char *want, const char *what,
	       const char *file, int line)
{
	if (!got && !want)
		return;
	if (!got || !want || strcmp(got, want) != 0)
		fail_msg("%s:%d: %s is %s%s%s, expected %s%s%s", file, line,
			 what, got ? "\"" : "", got ? got : "NULL",
			 got ? "\"" : "", want ? "\"" : "",
			 want ? want : "NULL", want ? "\"" : "");
}

void ct_int_at(int64_t got, int64_t want, const char *what, const char *file,
	       int line)
{
	if (got != want)
		fail_msg("%s:%d: %s is %" PRId64 ", expected %" PRId64, file,
			 line, what, got, want);
}

char *ct_xstrdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

/* ---- collecting what a list hands out, as "a,b,c" ------------------------ */

int ct_join_add(ct_joined *j, const char *s)
{
	size_t n = strlen(s);
	char *grown = realloc(j->buf, j->len + n + 2);

	assert_non_null(grown);
	j->buf = grown;
	if (j->len)
		j->buf[j->len++] = ',';
	memcpy(j->buf + j->len, s, n + 1);
	j->len += n;
	j->count++;
	return j->stop_at && j->count == j->stop_at ? CT_STOP : 0;
}

int ct_join_id(ct_joined *j, int64_t id)
{
	char num[32];

	snprintf(num, sizeof(num), "%" PRId64, id);
	return ct_join_add(j, num);
}

void ct_joined_is_at(ct_joined *j, const char *want, const char *file, int line)
{
	ct_str_at(j->buf ? j->buf : "", want, "the listed rows", file, line);
	free(j->buf);
	memset(j, 0, sizeof(*j));
}

int ct_product_cb(void *ctx, const bo_product *p)
{
	return ct_join_add(ctx, p->sku);
}

int ct_order_cb(void *ctx, const bo_order_row *r)
{
	return ct_join_id(ctx, r->id);
}

int ct_timeline_cb(void *ctx, const bo_timeline_row *r)
{
	return ct_join_id(ctx, r->version);
}

int ct_user_cb(void *ctx, const bo_user *u)
{
	return ct_join_add(ctx, u->name);
}

/* ---- builders and field-by-field comparisons ----------------------------- */

void ct_mk_product(bo_product *p, const char *sku, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->sku = ct_xstrdup(sku);
	p->name = ct_xstrdup(name);
	p->description = ct_xstrdup("");
	p->price = 1250;
	p->tax_bp = 2000;
	p->stock = 10;
	p->created_at = T0;
	p->updated_at = T0;
}

void ct_product_eq(const bo_product *got, const bo_product *want)
{
	INT_EQ(got->id, want->id);
	STR_EQ(got->sku, want->sku);
	STR_EQ(got->name, want->name);
	STR_EQ(got->description, want->description);
	INT_EQ(got->price, want->price);
	INT_EQ(got->tax_bp, want->tax_bp);
	INT_EQ(got->stock, want->stock);
	INT_EQ(got->retired, want->retired);
	INT_EQ(got->row_version, want->row_version);
	INT_EQ(got->created_at, want->created_at);
	INT_EQ(got->updated_at, want->updated_at);
	INT_EQ(got->low_stock_threshold.set, want->low_stock_threshold.set);
	if (want->low_stock_threshold.set)
		INT_EQ(got->low_stock_threshold.value,
		       want->low_stock_threshold.value);
	STR_EQ(got->category, want->category);
	STR_EQ(got->tags, want->tags);
}

/* Inserts a product in its own transaction and returns its id. */
int64_t ct_add_product(ct_fx *f, const char *sku, const char *name,
		       bool retired)
{
	bo_product p;
	int64_t id;

	ct_mk_product(&p, sku, name);
	p.retired = retired;
	BEGIN();
	OK(bo_product_repo_insert(&f->p.products, &p, &f->err));
	COMMIT();
	id = p.id;
	bo_product_clear(&p);
	return id;
}

void ct_next_uuid(ct_fx *f, char out[BO_UUID_LEN + 1])
{
	snprintf(out, BO_UUID_LEN + 1, "c0ffee00-0000-4000-8000-%012d",
		 ++f->next_id);
}

/* An event with a fresh id, full metadata and no payload. */
void ct_mk_event(ct_fx *f, bo_event *e, bo_event_kind kind)
{
	char id[BO_UUID_LEN + 1];

	memset(e, 0, sizeof(*e));
	ct_next_uuid(f, id);
	e->event_id = ct_xstrdup(id);
	e->kind = kind;
	e->type_name = ct_xstrdup(bo_event_kind_name(kind));
	e->schema_version = bo_event_kind_schema(kind);
	e->recorded_at = T0 + f->next_id * 1001;
	e->meta.user = ct_xstrdup("ann.admin@example.com");
	e->meta.role = ct_xstrdup("admin");
	e->meta.tenant = ct_xstrdup("Café-Ünïcode");
	ct_next_uuid(f, id);
	e->meta.correlation_id = ct_xstrdup(id);
	ct_next_uuid(f, id);
	e->meta.causation_id = ct_xstrdup(id);
}

void ct_mk_note(ct_fx *f, bo_event *e, int64_t order_id, const char *text)
{
	ct_mk_event(f, e, BO_EV_NOTE_ADDED);
	e->order_id = order_id;
	e->text = ct_xstrdup(text);
}

void ct_snapshot(bo_product *p, bo_event_kind kind)
{
	p->id = 7;
	p->sku = ct_xstrdup("MUG-01");
	p->name = ct_xstrdup("Café mug ☕ «Ünïcode» 日本");
	p->description = ct_xstrdup("Line one\nLine \"two\" \\ three\t✓");
	p->price = BIG;
	p->tax_bp = 2000;
	p->stock = kind == BO_EV_PRODUCT_UPDATED ? BO_STOCK_UNTRACKED : 12;
	p->retired = kind == BO_EV_PRODUCT_RETIRED;
	p->row_version = 3;
	p->created_at = T0;
	p->updated_at = T0 + 60000;
}

/* An event of kind with every payload field that kind carries filled in. */
void ct_mk_full(ct_fx *f, bo_event *e, bo_event_kind kind)
{
	ct_mk_event(f, e, kind);
	if (bo_event_is_product(kind)) {
		ct_snapshot(&e->product, kind);
		if (kind == BO_EV_PRODUCT_STOCK_ADJUSTED) {
			e->delta = -3;
			e->new_stock = 12;
			e->reason = ct_xstrdup("damaged");
			e->text = ct_xstrdup("dropped «twice» \"here\" 💔");
		}
		return;
	}
	e->order_id = 12;
	switch (kind) {
	case BO_EV_ORDER_PLACED:
		e->currency = ct_xstrdup("EUR");
		e->customer_email = ct_xstrdup("zoë@example.com");
		e->customer_name = ct_xstrdup("Zoë \"Z\" Ångström");
		e->lines = calloc(2, sizeof(*e->lines));
		assert_non_null(e->lines);
		e->nlines = 2;
		e->lines[0] = (bo_order_line){
		    7, ct_xstrdup("MUG-01"), ct_xstrdup("Café mug"), 1999, 2000,
		    2};
		e->lines[1] = (bo_order_line){8,
					      ct_xstrdup("TEA_2"),
					      ct_xstrdup("Tea 日本 \\o/"),
					      BIG,
					      700,
					      10000};
		break;
	case BO_EV_PAYMENT_RECEIVED:
		e->amount = BIG;
		break;
	case BO_EV_PAYMENT_FAILED:
		e->reason = ct_xstrdup("card declined — «insufficient funds»");
		break;
	case BO_EV_ORDER_SHIPPED:
		e->carrier = ct_xstrdup("DHL Ünïon");
		e->tracking = ct_xstrdup("JD0001 ✓");
		break;
	case BO_EV_ORDER_CANCELLED:
		e->reason = ct_xstrdup("customer asked \"please\"");
		break;
	case BO_EV_REFUND_ISSUED:
		e->amount = 250;
		e->reason = ct_xstrdup("mug arrived chipped 💔");
		break;
	case BO_EV_NOTE_ADDED:
		e->text =
		    ct_xstrdup("Customer called:\n\"leave at door\" \\ 🚪");
		break;
	default:
		break;
	}
}

void ct_event_eq(const bo_event *got, const bo_event *want)
{
	STR_EQ(got->event_id, want->event_id);
	STR_EQ(got->stream, want->stream);
	INT_EQ(got->version, want->version);
	INT_EQ(got->position, want->position);
	INT_EQ(got->kind, want->kind);
	STR_EQ(got->type_name, want->type_name);
	INT_EQ(got->schema_version, want->schema_version);
	INT_EQ(got->recorded_at, want->recorded_at);
	STR_EQ(got->meta.user, want->meta.user);
	STR_EQ(got->meta.role, want->meta.role);
	STR_EQ(got->meta.tenant, want->meta.tenant);
	STR_EQ(got->meta.correlation_id, want->meta.correlation_id);
	STR_EQ(got->meta.causation_id, want->meta.causation_id);
	ct_product_eq(&got->product, &want->product);
	INT_EQ(got->order_id, want->order_id);
	STR_EQ(got->currency, want->currency);
	STR_EQ(got->customer_email, want->customer_email);
	STR_EQ(got->customer_name, want->customer_name);
	INT_EQ(got->nlines, want->nlines);
	for (size_t i = 0; i < want->nlines; i++) {
		const bo_order_line *g = &got->lines[i], *w = &want->lines[i];

		INT_EQ(g->product_id, w->product_id);
		STR_EQ(g->sku, w->sku);
		STR_EQ(g->name, w->name);
		INT_EQ(g->unit_price, w->unit_price);
		INT_EQ(g->tax_bp, w->tax_bp);
		INT_EQ(g->quantity, w->quantity);
	}
	INT_EQ(got->amount, want->amount);
	INT_EQ(got->delta, want->delta);
	INT_EQ(got->new_stock, want->new_stock);
	STR_EQ(got->reason, want->reason);
	STR_EQ(got->carrier, want->carrier);
	STR_EQ(got->tracking, want->tracking);
	STR_EQ(got->text, want->text);
	STR_EQ(got->raw_payload, want->raw_payload);
}

void ct_clear_events(bo_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_event_clear(&ev[i]);
}

/* Appends in a transaction of its own. */
void ct_append(ct_fx *f, const char *stream, int64_t expected, bo_event *ev,
	       size_t n)
{
	BEGIN();
	OK(bo_event_store_append(&f->p.events, stream, expected, ev, n,
				 &f->err));
	COMMIT();
}

int64_t ct_stream_version(ct_fx *f, const char *stream)
{
	int64_t v = -1;

	OK(bo_event_store_stream_version(&f->p.events, stream, &v, &f->err));
	return v;
}

int64_t ct_head(ct_fx *f)
{
	int64_t h = -1;

	OK(bo_event_store_head(&f->p.events, &h, &f->err));
	return h;
}

void ct_mk_order(bo_order_row *r, int64_t id, bo_order_status status,
		 const char *email, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->version = 1;
	r->status = status;
	memcpy(r->currency, "EUR", 4);
	r->customer_email = ct_xstrdup(email);
	r->customer_name = name ? ct_xstrdup(name) : NULL;
	r->items = 1;
	r->total = 1999;
	r->tax = 333;
	r->placed_at = T0;
	r->updated_at = T0;
}

void ct_order_eq(const bo_order_row *got, const bo_order_row *want)
{
	INT_EQ(got->id, want->id);
	INT_EQ(got->version, want->version);
	INT_EQ(got->status, want->status);
	STR_EQ(got->currency, want->currency);
	STR_EQ(got->customer_email, want->customer_email);
	STR_EQ(got->customer_name, want->customer_name);
	INT_EQ(got->items, want->items);
	INT_EQ(got->total, want->total);
	INT_EQ(got->tax, want->tax);
	INT_EQ(got->paid, want->paid);
	INT_EQ(got->refunded, want->refunded);
	INT_EQ(got->payment_failures, want->payment_failures);
	INT_EQ(got->notes, want->notes);
	INT_EQ(got->placed_at, want->placed_at);
	INT_EQ(got->updated_at, want->updated_at);
}

void ct_put_order(ct_fx *f, int64_t id, bo_order_status status,
		  const char *email, const char *name)
{
	bo_order_row r;

	ct_mk_order(&r, id, status, email, name);
	OK(bo_rm_order_put(&f->p.rm, &r, &f->err));
	bo_order_row_clear(&r);
}

void ct_mk_line(bo_timeline_row *r, int64_t order_id, int64_t version,
		const char *summary)
{
	char id[BO_UUID_LEN + 1];

	snprintf(id, sizeof(id),
		 "7ee10000-0000-4000-8000-%06" PRId64 "%06" PRId64, order_id,
		 version);
	memset(r, 0, sizeof(*r));
	r->order_id = order_id;
	r->version = version;
	r->position = order_id * 100 + version;
	r->recorded_at = T0 + version;
	r->event_id = ct_xstrdup(id);
	r->user = ct_xstrdup("ann");
	r->role = ct_xstrdup("support");
	r->type_name = ct_xstrdup("NoteAdded");
	r->summary = ct_xstrdup(summary);
}

void ct_add_line(ct_fx *f, int64_t order_id, int64_t version,
		 const char *summary)
{
	bo_timeline_row r;

	ct_mk_line(&r, order_id, version, summary);
	OK(bo_rm_timeline_add(&f->p.rm, &r, &f->err));
	bo_timeline_row_clear(&r);
}

void ct_add_user(ct_fx *f, const char *name, bo_role role)
{
	bo_user u = {(char *)name, role, T0, false};

	OK(bo_user_dir_add(&f->p.users, &u, &f->err));
}

int64_t ct_checkpoint(ct_fx *f, const char *name)
{
	int64_t v = -1;

	OK(bo_rm_checkpoint_get(&f->p.rm, name, &v, &f->err));
	return v;
}

void ct_setting_is(ct_fx *f, const char *key, const char *want)
{
	char *v = NULL;

	OK(bo_store_setting_get(&f->p.store, key, &v, &f->err));
	STR_EQ(v, want);
	free(v);
}

int64_t ct_next_seq(ct_fx *f, const char *name)
{
	int64_t v = -1;

	OK(bo_store_sequence_next(&f->p.store, name, &v, &f->err));
	return v;
}

/* ---- the suite ----------------------------------------------------------- */

int bo_contract_run(const bo_contract_backend *b)
{
	size_t n = bo_contract_event_count + bo_contract_row_count +
		   bo_contract_live_count + bo_contract_reactor_count +
		   bo_contract_engine_count;
	size_t all = n + bo_contract_report_count + bo_contract_command_count +
		     bo_contract_find_count + bo_contract_bulk_count +
		     bo_contract_category_count + bo_contract_shadow_count +
		     bo_contract_concurrency_count;
	struct CMUnitTest *tests = calloc(all, sizeof(*tests));
	int failed;

	if (!tests) {
		print_error("out of memory building the contract suite\n");
		return 1;
	}
	memcpy(tests, bo_contract_event_tests,
	       bo_contract_event_count * sizeof(*tests));
	memcpy(tests + bo_contract_event_count, bo_contract_row_tests,
	       bo_contract_row_count * sizeof(*tests));
	memcpy(tests + bo_contract_event_count + bo_contract_row_count,
	       bo_contract_live_tests, bo_contract_live_count * sizeof(*tests));
	memcpy(tests + n - bo_contract_engine_count - bo_contract_reactor_count,
	       bo_contract_reactor_tests,
	       bo_contract_reactor_count * sizeof(*tests));
	memcpy(tests + n - bo_contract_engine_count, bo_contract_engine_tests,
	       bo_contract_engine_count * sizeof(*tests));
	memcpy(tests + n, bo_contract_report_tests,
	       bo_contract_report_count * sizeof(*tests));
	memcpy(tests + n + bo_contract_report_count, bo_contract_command_tests,
	       bo_contract_command_count * sizeof(*tests));
	memcpy(tests + n + bo_contract_report_count + bo_contract_command_count,
	       bo_contract_find_tests, bo_contract_find_count * sizeof(*tests));
	memcpy(tests + n + bo_contract_report_count + bo_contract_command_count +
		   bo_contract_find_count,
	       bo_contract_bulk_tests, bo_contract_bulk_count * sizeof(*tests));
	memcpy(tests + n + bo_contract_report_count + bo_contract_command_count +
		   bo_contract_find_count + bo_contract_bulk_count,
	       bo_contract_category_tests,
	       bo_contract_category_count * sizeof(*tests));
	memcpy(tests + all - bo_contract_concurrency_count -
		   bo_contract_shadow_count,
	       bo_contract_shadow_tests,
	       bo_contract_shadow_count * sizeof(*tests));
	memcpy(tests + all - bo_contract_concurrency_count,
	       bo_contract_concurrency_tests,
	       bo_contract_concurrency_count * sizeof(*tests));
	backend = b;
	failed = _cmocka_run_group_tests(b->name, tests, all, NULL, NULL);
	free(tests);
	return failed;
}
