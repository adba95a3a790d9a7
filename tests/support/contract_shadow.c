/* Contract tests for an online rebuild's shadow tables: build beside the live model, swap, abort, and the engine's rebuild over them. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "domain/projections/engine.h"
#include "tests/support/contract_internal.h"

/* The ids of every order-list row p's connection sees, "1,3". */
static void orders_on(ct_fx *f, const bo_ports *p, const char *want)
{
	ct_joined j = {0};
	bo_order_query q = {.status = -1};

	OK(bo_rm_order_list(&p->rm, &q, ct_order_cb, &j, &f->err));
	JOINED_IS(&j, want);
}

/* The placed counts of the report days 0..9, "day:placed,...". */
typedef struct days_seen {
	char text[256];
	size_t len;
} days_seen;

static int day_cb(void *ctx, const bo_report_day *d)
{
	days_seen *s = ctx;

	s->len += (size_t)snprintf(
	    s->text + s->len, sizeof(s->text) - s->len, "%s%lld:%lld",
	    s->len ? "," : "", (long long)d->day, (long long)d->orders_placed);
	return 0;
}

static void days_on(ct_fx *f, const bo_ports *p, const char *want)
{
	days_seen s = {{0}, 0};

	OK(bo_rs_days(&p->reports, 0, 9, day_cb, &s, &f->err));
	STR_EQ(s.text, want);
}

static void add_day(ct_fx *f, int64_t day, int64_t placed)
{
	bo_report_day d = {.day = day, .orders_placed = placed};

	OK(bo_rs_day_add(&f->p.reports, &d, &f->err));
}

static void shadow(ct_fx *f, int op)
{
	OK(bo_rm_shadow(&f->p.rm, op, &f->err));
	OK(bo_rs_shadow(&f->p.reports, op, &f->err));
}

/* live: order 1, day 1 placed 1 */
static void live_model(ct_fx *f)
{
	BEGIN();
	ct_put_order(f, 1, BO_ORDER_PLACED, "ann@example.com", "Ann");
	add_day(f, 1, 1);
	COMMIT();
}

static void shadow_starts_empty_and_swaps_in_whole(void **state)
{
	ct_fx *f = *state;

	assert_true(bo_rm_shadow_supported(&f->p.rm));
	assert_true(bo_rs_shadow_supported(&f->p.reports));
	live_model(f);
	BEGIN();
	shadow(f, BO_SHADOW_BEGIN);
	COMMIT();
	/* this connection now reads and writes the empty shadow */
	orders_on(f, &f->p, "");
	days_on(f, &f->p, "");
	BEGIN();
	ct_put_order(f, 2, BO_ORDER_PAID, "bob@example.com", NULL);
	ct_put_order(f, 3, BO_ORDER_PLACED, "cy@example.com", NULL);
	add_day(f, 2, 2);
	COMMIT();
	orders_on(f, &f->p, "2,3");
	BEGIN();
	shadow(f, BO_SHADOW_SWAP);
	COMMIT();
	BEGIN();
	shadow(f, BO_SHADOW_END);
	COMMIT();
	orders_on(f, &f->p, "2,3");
	days_on(f, &f->p, "2:2");
	/* the swapped-in tables are the live ones: writes go on as before */
	BEGIN();
	ct_put_order(f, 4, BO_ORDER_PLACED, "dee@example.com", NULL);
	COMMIT();
	orders_on(f, &f->p, "2,3,4");
}

static void shadow_ended_without_swap_leaves_live_as_it_was(void **state)
{
	ct_fx *f = *state;

	live_model(f);
	BEGIN();
	shadow(f, BO_SHADOW_BEGIN);
	COMMIT();
	BEGIN();
	ct_put_order(f, 2, BO_ORDER_PAID, "bob@example.com", NULL);
	add_day(f, 1, 5);
	COMMIT();
	BEGIN();
	shadow(f, BO_SHADOW_END);
	COMMIT();
	orders_on(f, &f->p, "1");
	days_on(f, &f->p, "1:1");
	/* a new shadow after an abandoned one starts empty again */
	BEGIN();
	shadow(f, BO_SHADOW_BEGIN);
	COMMIT();
	orders_on(f, &f->p, "");
	BEGIN();
	shadow(f, BO_SHADOW_END);
	COMMIT();
	orders_on(f, &f->p, "1");
}

static void swap_rolled_back_changes_nothing(void **state)
{
	ct_fx *f = *state;

	live_model(f);
	BEGIN();
	shadow(f, BO_SHADOW_BEGIN);
	ct_put_order(f, 2, BO_ORDER_PAID, "bob@example.com", NULL);
	COMMIT();
	BEGIN();
	shadow(f, BO_SHADOW_SWAP);
	ROLLBACK();
	BEGIN();
	shadow(f, BO_SHADOW_END);
	COMMIT();
	orders_on(f, &f->p, "1");
	days_on(f, &f->p, "1:1");
}

static void shadow_steps_need_a_transaction(void **state)
{
	ct_fx *f = *state;

	STATUS(BO_ESTORAGE, bo_rm_shadow(&f->p.rm, BO_SHADOW_BEGIN, &f->err));
	STATUS(BO_ESTORAGE,
	       bo_rs_shadow(&f->p.reports, BO_SHADOW_BEGIN, &f->err));
	/* leaving needs none and drops nothing */
	OK(bo_rm_shadow(&f->p.rm, BO_SHADOW_LEAVE, &f->err));
	OK(bo_rs_shadow(&f->p.reports, BO_SHADOW_LEAVE, &f->err));
}

/* What a reader with a connection of its own reads: "orders|days", or
 * "error: ..." (p's connection, outside any transaction). */
static void read_whole(const bo_ports *p, char *out, size_t cap)
{
	ct_joined j = {0};
	days_seen s = {{0}, 0};
	bo_order_query q = {.status = -1};
	bo_err err = {0};

	if (bo_rm_order_list(&p->rm, &q, ct_order_cb, &j, &err) != BO_OK ||
	    bo_rs_days(&p->reports, 0, 9, day_cb, &s, &err) != BO_OK)
		snprintf(out, cap, "error: %s", err.msg);
	else
		snprintf(out, cap, "%s|%s", j.buf ? j.buf : "", s.text);
	free(j.buf);
}

/*
 * A reader in a forked child, on a connection it opens itself (the
 * parent's stay untouched: closing an inherited one would end the
 * parent's session). It writes "r" to *fd when about to read, then what
 * it read. The pid, or -1.
 */
static pid_t start_reader(int *fd)
{
	const bo_contract_backend *b = ct_backend();
	int p[2];
	pid_t pid;

	if (pipe(p) != 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		bo_ports mine;
		char text[600] = "error: the second connection did not open";

		close(p[0]);
		if (b->open_again(&mine, b->ctx) == BO_OK) {
			if (write(p[1], "r", 1) != 1)
				_exit(2);
			read_whole(&mine, text, sizeof text);
			bo_ports_close(&mine);
		}
		if (write(p[1], text, strlen(text)) < 0)
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*fd = p[0];
	return pid;
}

/* Reads from fd until ms milliseconds pass (-1: until the writer closes
 * it), appending to buf. 1 once the writer has closed it. */
static int read_for(int fd, char *buf, size_t cap, int ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	size_t len = strlen(buf);

	for (;;) {
		ssize_t n;
		int r = poll(&pfd, 1, ms);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		len += (size_t)n;
		buf[len] = '\0';
	}
}

/*
 * Another connection (another process) keeps the live model while the
 * shadow is built, and sees the new one once the swap commits: one whole
 * state or the other, never a mix. A reader that arrives while the swap
 * is uncommitted is served the old state at once, or (a backend whose
 * swap locks the tables) waits and then gets the new one.
 */
static void other_connections_see_live_until_the_swap_commits(void **state)
{
	static const char old_state[] = "1,9|1:1", new_state[] = "2|3:7";
	ct_fx *f = *state;
	const bo_contract_backend *b = ct_backend();
	bo_ports other;
	char got[600] = "";

	if (!b->open_again) {
		print_message("  (one connection only: nothing to isolate)\n");
		return;
	}
	live_model(f);
	assert_int_equal(b->open_again(&other, b->ctx), BO_OK);
	BEGIN();
	shadow(f, BO_SHADOW_BEGIN);
	COMMIT();
	BEGIN();
	ct_put_order(f, 2, BO_ORDER_PAID, "bob@example.com", NULL);
	add_day(f, 3, 7);
	COMMIT();
	/* a writer on the other connection goes to the live tables */
	OK(bo_store_begin(&other.store, &f->err));
	{
		bo_order_row r;

		ct_mk_order(&r, 9, BO_ORDER_PLACED, "eve@example.com", NULL);
		OK(bo_rm_order_put(&other.rm, &r, &f->err));
		bo_order_row_clear(&r);
	}
	OK(bo_store_commit(&other.store, &f->err));
	read_whole(&other, got, sizeof got);
	STR_EQ(got, old_state);
	orders_on(f, &f->p, "2");
	BEGIN();
	shadow(f, BO_SHADOW_SWAP);
	if (!b->readers_wait_for_swap) {
		/* not committed yet: the other connection reads the old */
		read_whole(&other, got, sizeof got);
		STR_EQ(got, old_state);
		COMMIT();
	} else {
		/* a reader arriving now may wait for the commit (the alarm
		 * of the run bounds a wait that never ends) */
		int fd = -1, st = 0, served;
		pid_t pid = start_reader(&fd);
		char c = 0;

		assert_true(pid > 0);
		while (read(fd, &c, 1) < 0 && errno == EINTR)
			;
		got[0] = c == 'r' ? '\0' : c;
		got[1] = '\0';
		if (c != 'r') {
			(void)read_for(fd, got, sizeof got, -1);
			fail_msg("the reader did not start: %s", got);
		}
		/* it is about to read: give it time to be served */
		served = read_for(fd, got, sizeof got, 300);
		if (served)
			STR_EQ(got, old_state);
		COMMIT();
		if (!served)
			(void)read_for(fd, got, sizeof got, -1);
		close(fd);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		/* whichever it got, it got it whole: a slow reader may have
		 * been served the old state just before the commit; one that
		 * waited reads the new */
		if (strcmp(got, old_state) != 0)
			STR_EQ(got, new_state);
		print_message("  (the reader during the swap %s)\n",
			      served ? "was served the old state at once"
			      : !strcmp(got, new_state)
				  ? "waited for the commit and read the new"
				  : "read the old state");
	}
	read_whole(&other, got, sizeof got);
	STR_EQ(got, new_state);
	BEGIN();
	shadow(f, BO_SHADOW_END);
	COMMIT();
	orders_on(f, &other, "2");
	bo_ports_close(&other);
}

/* ---- the engine's online rebuild ------------------------------------------- */

/* Appends a placed order (one line) as the services would, projecting it
 * inline. */
static void place(ct_fx *f, int64_t id)
{
	static const bo_currency eur = {"EUR", 2};
	char stream[32];
	bo_event e;

	ct_mk_full(f, &e, BO_EV_ORDER_PLACED);
	e.order_id = id;
	e.lines[1].unit_price = 500; /* the builder's 2^53 + 1 overflows */
	snprintf(stream, sizeof(stream), "order-%lld", (long long)id);
	BEGIN();
	OK(bo_event_store_append(&f->p.events, stream, 0, &e, 1, &f->err));
	OK(bo_projections_apply_inline(&f->p, &eur, &e, &f->err));
	COMMIT();
	bo_event_clear(&e);
}

static int stop_at_once(void *ctx, const char *what, int64_t done,
			int64_t total)
{
	int *calls = ctx;

	(void)what;
	(void)done;
	(void)total;
	return ++*calls >= 1;
}

static void projector_is(ct_fx *f, const char *name, int version,
			 int64_t checkpoint)
{
	int v;
	int64_t c;

	OK(bo_rm_projector_get(&f->p.rm, name, &v, &c, &f->err));
	INT_EQ(v, version);
	INT_EQ(c, checkpoint);
}

static void engine_rebuild_swaps_and_a_stopped_one_changes_nothing(void **state)
{
	static const bo_currency eur = {"EUR", 2};
	ct_fx *f = *state;
	bo_replay_stats st = {0};
	int calls = 0;

	place(f, 1);
	place(f, 2);
	/* a stray live row no event explains: a rebuild must drop it */
	BEGIN();
	ct_put_order(f, 7, BO_ORDER_PLACED, "stray@example.com", NULL);
	COMMIT();
	orders_on(f, &f->p, "1,2,7");
	/* stopped once the shadow is made: live rows and state stay */
	STATUS(BO_ESTOPPED,
	       bo_projections_rebuild(&f->p, &eur, NULL, stop_at_once, &calls,
				      &st, &f->err));
	orders_on(f, &f->p, "1,2,7");
	projector_is(f, "orders", 0, 2);
	/* the whole rebuild: the log's model, checkpoints at the head */
	OK(bo_projections_rebuild(&f->p, &eur, NULL, NULL, NULL, &st, &f->err));
	INT_EQ(st.events, 2);
	orders_on(f, &f->p, "1,2");
	projector_is(f, "orders", bo_projector_orders.version, 2);
	projector_is(f, "reports", bo_projectors_find("reports")->version, 2);
	/* and the live model goes on from there */
	place(f, 3);
	orders_on(f, &f->p, "1,2,3");
}

/* A claim as a rebuild writes it: owner 5, pid, this host, a heartbeat
 * age_s seconds old. */
static void set_claim(ct_fx *f, long pid, long age_s)
{
	struct utsname u;
	char text[400];

	if (uname(&u) != 0)
		snprintf(u.nodename, sizeof(u.nodename), "?");
	snprintf(text, sizeof(text), "5 %ld %s %lld", pid, u.nodename,
		 (long long)time(NULL) - age_s);
	BEGIN();
	OK(bo_store_setting_set(&f->p.store, "projections.rebuild.active", text,
				&f->err));
	COMMIT();
}

/* The pid of a process that has exited and been reaped: gone. */
static long dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/* A projector built by other code (stored version 99) is rebuilt by the
 * start-up check, online where the backend has shadows; not while another
 * rebuild's claim stands (writers starting meanwhile leave it alone), but
 * a dead rebuild's claim (its process gone, or its heartbeat old) is
 * taken over. */
static void stale_projectors_rebuilt_unless_a_rebuild_runs(void **state)
{
	static const bo_currency eur = {"EUR", 2};
	ct_fx *f = *state;
	int rebuilt = -1;

	place(f, 1);
	place(f, 2);
	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 99, 2, &f->err));
	OK(bo_rm_projector_set(&f->p.rm, "reports", 99, 2, &f->err));
	ct_put_order(f, 7, BO_ORDER_PLACED, "stray@example.com", NULL);
	COMMIT();
	/* a live process (this one) with a fresh heartbeat */
	set_claim(f, (long)getpid(), 0);
	OK(bo_projections_check_versions(&f->p, &eur, NULL, NULL, &rebuilt,
					 &f->err));
	if (bo_rm_shadow_supported(&f->p.rm)) {
		/* a claim stands: left to that rebuild */
		INT_EQ(rebuilt, 0);
		projector_is(f, "orders", 99, 2);
		/* a live pid whose heartbeat stopped long ago: dead */
		set_claim(f, (long)getpid(), 3600);
		OK(bo_projections_check_versions(&f->p, &eur, NULL, NULL,
						 &rebuilt, &f->err));
		INT_EQ(rebuilt, 2);
		projector_is(f, "orders", bo_projector_orders.version, 2);
		/* a fresh heartbeat of a process that is gone: dead too */
		BEGIN();
		OK(bo_rm_projector_set(&f->p.rm, "orders", 99, 2, &f->err));
		OK(bo_rm_projector_set(&f->p.rm, "reports", 99, 2, &f->err));
		COMMIT();
		set_claim(f, dead_pid(), 0);
		rebuilt = -1;
		OK(bo_projections_check_versions(&f->p, &eur, NULL, NULL,
						 &rebuilt, &f->err));
	}
	INT_EQ(rebuilt, 2);
	orders_on(f, &f->p, "1,2");
	projector_is(f, "orders", bo_projector_orders.version, 2);
	projector_is(f, "reports", bo_projectors_find("reports")->version, 2);
	/* and `projections run` on a stale one rebuilds it the same way */
	BEGIN();
	OK(bo_rm_projector_set(&f->p.rm, "orders", 99, 2, &f->err));
	ct_put_order(f, 8, BO_ORDER_PLACED, "stray@example.com", NULL);
	COMMIT();
	OK(bo_projections_catch_up(&f->p, &eur, NULL, NULL, NULL, &f->err));
	orders_on(f, &f->p, "1,2");
	projector_is(f, "orders", bo_projector_orders.version, 2);
}

#define SH_TEST(name) CT_TEST(name)

const struct CMUnitTest bo_contract_shadow_tests[] = {
    SH_TEST(shadow_starts_empty_and_swaps_in_whole),
    SH_TEST(shadow_ended_without_swap_leaves_live_as_it_was),
    SH_TEST(swap_rolled_back_changes_nothing),
    SH_TEST(shadow_steps_need_a_transaction),
    SH_TEST(other_connections_see_live_until_the_swap_commits),
    SH_TEST(engine_rebuild_swaps_and_a_stopped_one_changes_nothing),
    SH_TEST(stale_projectors_rebuilt_unless_a_rebuild_runs),
};

const size_t bo_contract_shadow_count =
    sizeof(bo_contract_shadow_tests) / sizeof(bo_contract_shadow_tests[0]);
