/* Contract tests with real processes: concurrent writers and readers of one log; projections under concurrent commands. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/calendar.h"
#include "domain/projections/engine.h"
#include "domain/app_reports.h"
#include "tests/support/contract_internal.h"

/*
 * How much work each process does: BO_CONTRACT_SCALE (1 to 20) when set,
 * else 1 under valgrind (make memcheck) and 5 otherwise. The log test
 * appends 10 * scale times per writer, the command test places 2 * scale
 * orders per writer.
 */
static int scale(void)
{
	const char *s = getenv("BO_CONTRACT_SCALE");
	char *end = NULL;
	long v;

	if (s && *s) {
		v = strtol(s, &end, 10);
		if (end && *end == '\0' && v >= 1 && v <= 20)
			return (int)v;
	}
	return RUNNING_ON_VALGRIND ? 1 : 5;
}

/* The backend has no second connection (memory): processes cannot share
 * it, so there is nothing to race. Says so and skips. */
static int single_connection(void)
{
	const bo_contract_backend *b = ct_backend();

	if (b->open_again)
		return 0;
	print_message("[ NOTE     ] %s: the store has one connection, so no "
		      "second process can share it; skipped\n",
		      b->name);
	return 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- processes ----------------------------------------------------------- */

/* What a child runs on its own connection; 0 is success. */
typedef int (*cc_child_fn)(bo_ports *p, int index, void *ctx);

/*
 * Pipes shared by one run: each child says it is ready (its connection is
 * open) on ready, then waits at the gate until the parent closes the gate's
 * write end, so they all start together however slow opening is (valgrind);
 * every writer holds the write end of done until it exits, so a reader sees
 * end of file on done exactly when every writer has finished.
 */
typedef struct cc_pipes {
	int ready[2];
	int gate[2];
	int done[2];
} cc_pipes;

static int pipes_open(cc_pipes *pp)
{
	if (pipe(pp->ready) != 0)
		return -1;
	if (pipe(pp->gate) != 0 || pipe(pp->done) != 0)
		return -1;
	return fcntl(pp->done[0], F_SETFL, O_NONBLOCK);
}

/* Waits until n children said they are ready (or every one of them is
 * gone), then lets them all go at once. */
static void pipes_go(cc_pipes *pp, int n)
{
	char c;

	close(pp->ready[1]);
	close(pp->done[1]);
	for (int got = 0; got < n;) {
		ssize_t r = read(pp->ready[0], &c, 1);

		if (r == 1)
			got++;
		else if (r == 0 || errno != EINTR)
			break;
	}
	close(pp->ready[0]);
	close(pp->gate[0]);
	close(pp->gate[1]);
}

/* 1 once every writer has exited, 0 while one still runs. */
static int writers_done(int done_fd)
{
	char c;
	ssize_t n = read(done_fd, &c, 1);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

/*
 * Forks a child: it opens its own connection to the store (the parent has
 * none open while it forks: a connection is never carried across fork),
 * says it is ready, waits at the gate, runs fn and exits with its
 * result, never returning into the test runner. A writer keeps done's write
 * end open; a reader closes it. -1 when fork fails.
 */
static pid_t spawn(cc_pipes *pp, int writer, cc_child_fn fn, int index,
		   void *ctx)
{
	const bo_contract_backend *b = ct_backend();
	bo_ports p;
	pid_t pid = fork();
	char c;
	int code;

	if (pid != 0)
		return pid;
	close(pp->gate[1]);
	close(pp->ready[0]);
	if (!writer)
		close(pp->done[1]);
	if (b->open_again(&p, b->ctx) != BO_OK)
		_exit(2);
	if (write(pp->ready[1], "r", 1) != 1)
		_exit(2);
	close(pp->ready[1]);
	while (read(pp->gate[0], &c, 1) < 0 && errno == EINTR)
		;
	code = fn(&p, index, ctx);
	bo_store_rollback(&p.store);
	bo_ports_close(&p);
	_exit(code);
}

/* Waits for n children; the number that did not exit with 0. */
static int reap(const pid_t *pids, int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int st = 0;

		if (pids[i] <= 0) {
			failed++;
			continue;
		}
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			print_error("child %d (pid %d) ended with status %d\n",
				    i, (int)pids[i], st);
			failed++;
		}
	}
	return failed;
}

/* ---- what a reader saw, and the checker ---------------------------------- */

/* One event as a reader saw it: where it sat in the log and which it was. */
typedef struct cc_obs {
	int64_t position;
	int64_t stream; /* n of "order-n" */
	int64_t version;
} cc_obs;

typedef struct cc_obs_list {
	cc_obs *items;
	size_t n, cap;
} cc_obs_list;

static int obs_add(cc_obs_list *l, cc_obs o)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		cc_obs *grown = realloc(l->items, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = o;
	return BO_OK;
}

static cc_obs obs_of(const bo_event *e)
{
	const char *dash = e->stream ? strrchr(e->stream, '-') : NULL;

	return (cc_obs){e->position, dash ? strtoll(dash + 1, NULL, 10) : -1,
			e->version};
}

/* What the checker found: a clean reading has every count at 0. */
typedef struct cc_verdict {
	size_t missing;    /* committed, never seen */
	size_t duplicates; /* seen more than once */
	size_t unknown;    /* seen, but not what the log holds there */
	size_t backwards;  /* a position not above the one seen before it */
	char first[200];   /* the first problem, in words */
} cc_verdict;

static void note(cc_verdict *v, const char *what, const cc_obs *o)
{
	if (v->first[0])
		return;
	snprintf(v->first, sizeof(v->first),
		 "%s: position %" PRId64 " (order-%" PRId64 " version %" PRId64
		 ")",
		 what, o->position, o->stream, o->version);
}

static int by_position(const void *a, const void *b)
{
	const cc_obs *x = a, *y = b;

	return (x->position > y->position) - (x->position < y->position);
}

/*
 * Compares what a reader saw, in the order it saw it, with the committed
 * log (in position order): every committed event seen exactly once, nothing
 * else seen, positions strictly increasing in the reader's order.
 */
static int check(const cc_obs *seen, size_t nseen, const cc_obs *log,
		 size_t nlog, cc_verdict *v)
{
	cc_obs *sorted = NULL;
	size_t i = 0, j = 0;

	memset(v, 0, sizeof(*v));
	for (size_t k = 1; k < nseen; k++)
		if (seen[k].position <= seen[k - 1].position) {
			v->backwards++;
			note(v, "seen after a higher one", &seen[k]);
		}
	if (nseen && !(sorted = malloc(nseen * sizeof(*sorted))))
		return BO_ENOMEM;
	if (nseen)
		memcpy(sorted, seen, nseen * sizeof(*sorted));
	qsort(sorted, nseen, sizeof(*sorted), by_position);
	while (i < nseen || j < nlog) {
		if (i > 0 && i < nseen &&
		    sorted[i].position == sorted[i - 1].position) {
			v->duplicates++;
			note(v, "seen twice", &sorted[i]);
			i++;
		} else if (j < nlog && (i == nseen ||
					log[j].position < sorted[i].position)) {
			v->missing++;
			note(v, "never seen", &log[j]);
			j++;
		} else if (j == nlog || sorted[i].position < log[j].position ||
			   sorted[i].stream != log[j].stream ||
			   sorted[i].version != log[j].version) {
			v->unknown++;
			note(v, "not in the log", &sorted[i]);
			if (j < nlog && sorted[i].position == log[j].position)
				j++;
			i++;
		} else {
			i++;
			j++;
		}
	}
	free(sorted);
	return BO_OK;
}

#define VERDICT_CLEAN(v)                                                       \
	do {                                                                   \
		if ((v).missing || (v).duplicates || (v).unknown ||            \
		    (v).backwards)                                             \
			fail_msg("%zu missing, %zu twice, %zu unknown, %zu "   \
				 "backwards; first %s",                        \
				 (v).missing, (v).duplicates, (v).unknown,     \
				 (v).backwards, (v).first);                    \
	} while (0)

/*
 * The parent closes its connection before it forks and opens a new one
 * after the children are gone. Should that fail, an empty memory store
 * stands in, so the fixture's teardown still has something to close.
 */
static void parent_close(ct_fx *f)
{
	bo_store_rollback(&f->p.store);
	bo_ports_close(&f->p);
	memset(&f->p, 0, sizeof(f->p));
}

static void parent_reopen(ct_fx *f)
{
	const bo_contract_backend *b = ct_backend();

	if (b->open_again(&f->p, b->ctx) == BO_OK)
		return;
	if (bo_memory_open(&f->p, &f->err) != BO_OK)
		abort();
	fail_msg("the %s store did not open again after the children", b->name);
}

/* The whole committed log, read afresh through a connection of its own. */
static void committed_log(ct_fx *f, cc_obs_list *out)
{
	const bo_contract_backend *b = ct_backend();
	bo_event_list all = {0};
	bo_ports fresh;

	assert_int_equal(b->open_again(&fresh, b->ctx), BO_OK);
	OK(bo_event_store_read_all(&fresh.events, 0, 0, &all, &f->err));
	bo_ports_close(&fresh);
	for (size_t i = 0; i < all.n; i++)
		assert_int_equal(obs_add(out, obs_of(&all.items[i])), BO_OK);
	bo_event_list_clear(&all);
}

/* ---- the log test: writers and readers ----------------------------------- */

#define WRITERS 4
#define HOLD_US 3000 /* how long some writers keep a transaction open */

/*
 * Busy means "nothing was written, send it again" (status.h), and a caller
 * of the services is expected to do so, as the command line does. These
 * writers do it with more patience than the command line (a slow runner
 * such as valgrind can hold a transaction past the store's lock wait): a
 * busy that lasts CC_BUSY_TRIES tries still fails the test.
 */
#define CC_BUSY_TRIES 60
#define CC_RETRY(rc, call)                                                     \
	do {                                                                   \
		for (int cc_try_ = 0;                                          \
		     ((rc) = (call)) == BO_EBUSY && cc_try_ < CC_BUSY_TRIES;   \
		     cc_try_++)                                                \
			usleep(20000);                                         \
	} while (0)
#define GOOD_LIMIT 7
#define WRONG_LIMIT 3

typedef struct cc_log_run {
	cc_pipes pp;
	int appends;    /* per writer */
	int out_fd[2];  /* one file per reader: its cc_obs records */
	int64_t events; /* expected in the log */
} cc_log_run;

/* A note for stream order-(w + 1) with an id no other writer uses. */
static int mk_note(bo_event *e, int w, int k, size_t i)
{
	char id[BO_UUID_LEN + 1];

	memset(e, 0, sizeof(*e));
	snprintf(id, sizeof(id), "cc000000-0000-4000-8000-%04u%08u",
		 (unsigned)w % 10000u, (unsigned)(2 * k + (int)i) % 100000000u);
	e->event_id = strdup(id);
	e->kind = BO_EV_NOTE_ADDED;
	e->type_name = strdup(bo_event_kind_name(BO_EV_NOTE_ADDED));
	e->schema_version = bo_event_kind_schema(BO_EV_NOTE_ADDED);
	e->recorded_at = T0 + k;
	e->meta.user = strdup("ann");
	e->meta.role = strdup("admin");
	e->meta.tenant = strdup("default");
	e->meta.correlation_id = strdup(id);
	e->order_id = w + 1;
	e->text = strdup("written by a concurrent writer");
	return e->event_id && e->type_name && e->meta.user && e->meta.role &&
		       e->meta.tenant && e->meta.correlation_id && e->text
		   ? BO_OK
		   : BO_ENOMEM;
}

/*
 * Writer w appends to its own stream, one or two events per transaction;
 * every third transaction stays open HOLD_US after its append before it
 * commits, so the others queue behind it (SQLite) or run beside it.
 */
static int log_writer(bo_ports *p, int w, void *ctx)
{
	const cc_log_run *run = ctx;
	char stream[32];
	int64_t version = 0;

	snprintf(stream, sizeof(stream), "order-%d", w + 1);
	for (int k = 0; k < run->appends; k++) {
		bo_event ev[2];
		size_t n = k % 5 == 4 ? 2 : 1;
		bo_err err = {0};
		int rc = BO_OK;

		for (size_t i = 0; i < n; i++)
			if (mk_note(&ev[i], w, k, i) != BO_OK)
				rc = bo_err_set(&err, BO_ENOMEM,
						"out of memory");
		if (rc == BO_OK)
			CC_RETRY(rc, bo_store_begin(&p->store, &err));
		if (rc == BO_OK) {
			rc = bo_event_store_append(&p->events, stream, version,
						   ev, n, &err);
			if (rc == BO_OK && k % 3 == 0)
				usleep(HOLD_US);
			if (rc == BO_OK)
				rc = bo_store_commit(&p->store, &err);
			else
				bo_store_rollback(&p->store);
		}
		for (size_t i = 0; i < n; i++)
			bo_event_clear(&ev[i]);
		if (rc != BO_OK) {
			fprintf(stderr, "writer %d, append %d: %s\n", w, k,
				err.msg);
			return 1;
		}
		version += (int64_t)n;
	}
	return 0;
}

/* Appends the events of b to fd as cc_obs records; moves *cursor. */
static int record(int fd, const bo_event_list *b, int64_t *cursor)
{
	for (size_t i = 0; i < b->n; i++) {
		cc_obs o = obs_of(&b->items[i]);

		if (write(fd, &o, sizeof(o)) != (ssize_t)sizeof(o))
			return 1;
		*cursor = o.position;
	}
	return 0;
}

/*
 * Reader 0 follows the log the way the contract says a consumer may:
 * read_all after its cursor, the cursor at the last event read, until the
 * writers are done and a read comes back empty. Reader 1 is the negative
 * control: it waits until the log holds more than one batch, then after
 * every read jumps its cursor to head, as a consumer that trusted head
 * instead of what it read would. Each ends its records with one whose
 * position is -1 and stream the number of reads that found events while
 * writers still ran.
 */
static int log_reader(bo_ports *p, int r, void *ctx)
{
	const cc_log_run *run = ctx;
	size_t limit = r == 0 ? GOOD_LIMIT : WRONG_LIMIT;
	int64_t cursor = 0, during = 0, started = now_ms();
	int done = 0;
	bo_err err = {0};
	cc_obs trailer;

	while (r == 1 && !done) {
		int64_t head = 0;

		if (bo_event_store_head(&p->events, &head, &err) != BO_OK)
			goto fail;
		if (head > WRONG_LIMIT)
			break;
		done = writers_done(run->pp.done[0]);
		usleep(200);
	}
	for (;;) {
		bo_event_list b = {0};
		size_t n;

		/* looked at first: a read after done sees every commit */
		if (!done)
			done = writers_done(run->pp.done[0]);
		if (bo_event_store_read_all(&p->events, cursor, limit, &b,
					    &err) != BO_OK ||
		    record(run->out_fd[r], &b, &cursor) != 0) {
			bo_event_list_clear(&b);
			goto fail;
		}
		n = b.n;
		bo_event_list_clear(&b);
		if (r == 1 &&
		    bo_event_store_head(&p->events, &cursor, &err) != BO_OK)
			goto fail;
		if (!done && n > 0)
			during++;
		if (done && n == 0)
			break;
		if (n == 0)
			usleep(200);
		if (now_ms() - started > 120000) {
			bo_err_set(&err, BO_ESTORAGE,
				   "gave up after 2 minutes");
			goto fail;
		}
	}
	trailer = (cc_obs){-1, during, 0};
	return write(run->out_fd[r], &trailer, sizeof(trailer)) ==
		       (ssize_t)sizeof(trailer)
		   ? 0
		   : 1;
fail:
	fprintf(stderr, "reader %d: %s\n", r, err.msg);
	return 1;
}

/* A file for a reader's records, already unlinked: gone when closed. */
static int scratch_file(void)
{
	char name[] = "/tmp/bo-contract-obs-XXXXXX";
	int fd = mkstemp(name);

	if (fd >= 0)
		unlink(name);
	return fd;
}

/* Reads back a reader's records; *during from its trailer (-1: none). */
static void read_back(int fd, cc_obs_list *out, int64_t *during)
{
	cc_obs o;

	*during = -1;
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while (read(fd, &o, sizeof(o)) == (ssize_t)sizeof(o)) {
		if (o.position == -1) {
			*during = o.stream;
			break;
		}
		assert_int_equal(obs_add(out, o), BO_OK);
	}
}

/* Every writer's stream holds versions 1..n in position order. */
static void streams_are_whole(const cc_obs_list *log, int64_t per_stream)
{
	int64_t next[WRITERS + 1] = {0};

	for (size_t i = 0; i < log->n; i++) {
		const cc_obs *o = &log->items[i];

		if (i > 0)
			assert_true(o->position > log->items[i - 1].position);
		assert_true(o->stream >= 1 && o->stream <= WRITERS);
		INT_EQ(o->version, ++next[o->stream]);
	}
	for (int w = 1; w <= WRITERS; w++)
		INT_EQ(next[w], per_stream);
}

static void concurrent_readers_see_the_committed_log(void **state)
{
	ct_fx *f = *state;
	cc_log_run run = {.appends = 10 * scale()};
	pid_t pids[WRITERS + 2];
	cc_obs_list log = {0}, good = {0}, wrong = {0}, bad = {0};
	cc_verdict v;
	int64_t during_good, during_wrong, per_stream = 0;
	int failed;

	if (single_connection()) {
		skip();
		return;
	}
	for (int k = 0; k < run.appends; k++)
		per_stream += k % 5 == 4 ? 2 : 1;
	run.events = WRITERS * per_stream;
	assert_int_equal(pipes_open(&run.pp), 0);
	run.out_fd[0] = scratch_file();
	run.out_fd[1] = scratch_file();
	assert_true(run.out_fd[0] >= 0 && run.out_fd[1] >= 0);
	/* readers close done's write end, writers keep it until they exit */
	parent_close(f);
	pids[0] = spawn(&run.pp, 0, log_reader, 0, &run);
	pids[1] = spawn(&run.pp, 0, log_reader, 1, &run);
	for (int w = 0; w < WRITERS; w++)
		pids[2 + w] = spawn(&run.pp, 1, log_writer, w, &run);
	pipes_go(&run.pp, WRITERS + 2);
	failed = reap(pids, WRITERS + 2);
	parent_reopen(f);
	close(run.pp.done[0]);
	read_back(run.out_fd[0], &good, &during_good);
	read_back(run.out_fd[1], &wrong, &during_wrong);
	close(run.out_fd[0]);
	close(run.out_fd[1]);
	INT_EQ(failed, 0);

	committed_log(f, &log);
	INT_EQ(log.n, run.events);
	streams_are_whole(&log, per_stream);

	/* the reader that follows its cursor saw the log, once, in order */
	assert_int_equal(check(good.items, good.n, log.items, log.n, &v),
			 BO_OK);
	VERDICT_CLEAN(v);
	/* and it really read while the writers wrote */
	assert_true(during_good >= 2);

	/* negative control: the same checker catches the reader that jumps
	 * to head, and catches a duplicate and a step backwards */
	assert_true(during_wrong >= 0);
	assert_int_equal(check(wrong.items, wrong.n, log.items, log.n, &v),
			 BO_OK);
	assert_true(v.missing > 0);
	assert_non_null(strstr(v.first, "never seen"));
	print_message("[ FIGURES  ] %zu events from %d writers; the reader "
		      "found events in %" PRId64 " reads while they wrote; "
		      "the one that jumps to head missed %zu\n",
		      log.n, WRITERS, during_good, v.missing);
	for (size_t i = 0; i < log.n; i++)
		assert_int_equal(obs_add(&bad, log.items[i]), BO_OK);
	assert_int_equal(obs_add(&bad, log.items[1]), BO_OK);
	assert_int_equal(check(bad.items, bad.n, log.items, log.n, &v), BO_OK);
	INT_EQ(v.duplicates, 1);
	INT_EQ(v.backwards, 1);
	INT_EQ(v.missing, 0);
	/* and an event the log never held */
	bad.items[bad.n - 1].position = log.items[log.n - 1].position + 1;
	assert_int_equal(check(bad.items, bad.n, log.items, log.n, &v), BO_OK);
	INT_EQ(v.unknown, 1);

	free(log.items);
	free(good.items);
	free(wrong.items);
	free(bad.items);
}

/* ---- the command test: projections under concurrent writers -------------- */

#define APP_WRITERS 3

#define DAY0_MS INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */

typedef struct cc_app_run {
	cc_pipes pp;
	int orders; /* per writer */
} cc_app_run;

/* "12.34" for 1234 minor units of a two-decimal currency. */
static void amount_text(char *out, size_t size, int64_t minor)
{
	snprintf(out, size, "%" PRId64 ".%02" PRId64, minor / 100, minor % 100);
}

/* One order through its life; which life depends on i. */
static int order_life(bo_app *app, int w, int i, bo_err *err)
{
	static const bo_line_request two[] = {{"MUG", 2}, {"TEA", 1}};
	static const bo_line_request one[] = {{"PEN", 3}};
	char email[64], amount[32];
	bo_order o = {0};
	int64_t id;
	int rc;

	snprintf(email, sizeof(email), "writer%d.order%d@example.com", w, i);
	CC_RETRY(rc, bo_app_order_place(app, email, i % 2 ? "Zoë" : NULL,
					i % 3 ? two : one, i % 3 ? 2 : 1, &id,
					err));
	if (rc != BO_OK ||
	    (rc = bo_app_order_get(app, id, 0, &o, err)) != BO_OK)
		goto done;
	amount_text(amount, sizeof(amount), o.total);
	if (i % 5 == 0) {
		CC_RETRY(rc, bo_app_order_note(app, id, "call first", err));
		if (rc != BO_OK)
			goto done;
	}
	switch (i % 4) {
	case 0:
		CC_RETRY(rc,
			 bo_app_order_fail_payment(app, id, "declined", err));
		if (rc != BO_OK)
			goto done;
		CC_RETRY(rc, bo_app_order_pay(app, id, amount, err));
		if (rc != BO_OK)
			goto done;
		CC_RETRY(rc, bo_app_order_ship(app, id, "DHL", "JD1", err));
		if (rc != BO_OK)
			goto done;
		CC_RETRY(rc, bo_app_order_deliver(app, id, err));
		break;
	case 1:
		CC_RETRY(rc, bo_app_order_pay(app, id, amount, err));
		if (rc != BO_OK)
			goto done;
		CC_RETRY(rc, bo_app_order_ship(app, id, "UPS", "1Z", err));
		break;
	case 2:
		CC_RETRY(rc, bo_app_order_cancel(app, id, "changed mind", err));
		break;
	default:
		CC_RETRY(rc, bo_app_order_pay(app, id, amount, err));
		if (rc != BO_OK)
			goto done;
		CC_RETRY(rc,
			 bo_app_order_refund(app, id, "1.00", "chipped", err));
		break;
	}
done:
	bo_order_clear(&o);
	return rc;
}

/* A staff member placing and handling orders on a connection of their own. */
static int app_writer(bo_ports *p, int w, void *ctx)
{
	const cc_app_run *run = ctx;
	bo_fixed_clock clock_state = {DAY0_MS + 8 * 3600000 + w * 17, 1000};
	bo_counter_ids ids_state = {(uint64_t)(w + 1) * 1000000000u};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	bo_app app;
	bo_err err = {0};
	int rc = bo_app_open(&app, p, &clock, &ids, "ann", &err);

	for (int i = 0; rc == BO_OK && i < run->orders; i++)
		rc = order_life(&app, w, i, &err);
	if (rc != BO_OK)
		fprintf(stderr, "writer %d: %s\n", w, err.msg);
	if (rc == BO_OK || err.code != 0)
		bo_app_close(&app);
	return rc == BO_OK ? 0 : 1;
}

/* `projections run --follow`: catches every projector up until the
 * writers are done, then once more. */
static int app_follower(bo_ports *p, int index, void *ctx)
{
	const cc_app_run *run = ctx;
	bo_fixed_clock clock_state = {DAY0_MS, 1};
	bo_counter_ids ids_state = {999000000000u};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	bo_app app;
	bo_err err = {0};
	int done = 0, rc;

	(void)index;
	if ((rc = bo_app_open(&app, p, &clock, &ids, "ann", &err)) != BO_OK)
		goto fail;
	do {
		done = writers_done(run->pp.done[0]);
		CC_RETRY(rc, bo_projections_catch_up(p, &app.currency, NULL,
						     NULL, NULL, &err));
		usleep(500);
	} while (rc == BO_OK && !done);
	bo_app_close(&app);
	if (rc == BO_OK)
		return 0;
fail:
	fprintf(stderr, "follower: %s\n", err.msg);
	return 1;
}

typedef struct cc_diffs {
	int64_t n;
	char first[600];
} cc_diffs;

static int keep_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	cc_diffs *d = ctx;
	char *text = NULL;

	if (d->n++ == 0) {
		if (bo_row_format(&text, row) != 0)
			return BO_ENOMEM;
		snprintf(d->first, sizeof(d->first), "%s, %s: %s", row->table,
			 bo_row_side_name(side), text);
		free(text);
	}
	return 0;
}

static void verify_is(bo_app *admin, int64_t want)
{
	cc_diffs d = {0};
	int64_t n = -1;
	bo_err err = {0};

	ct_ok_at(bo_app_projections_verify(admin, NULL, NULL, NULL, keep_diff,
					   &d, &n, &err),
		 &err, "bo_app_projections_verify", __FILE__, __LINE__);
	if (want == 0 && n != 0)
		fail_msg("verify found %" PRId64 " differences; first %s", n,
			 d.first);
	if (want > 0 && n < want)
		fail_msg("verify found %" PRId64 " differences, expected at "
			 "least %" PRId64,
			 n, want);
	INT_EQ(d.n, n);
}

static void add_product(bo_app *admin, const char *sku, const char *price,
			const char *stock)
{
	bo_product_edit e = {.sku = sku,
			     .name = sku,
			     .price = price,
			     .tax_rate = "20",
			     .stock = stock};
	bo_err err = {0};

	ct_ok_at(bo_app_product_add(admin, &e, NULL, &err), &err,
		 "bo_app_product_add", __FILE__, __LINE__);
}

/* The projected reports over days 0..1 equal the fold of the log. */
static void reports_match_the_fold(bo_app *admin, int64_t orders)
{
	int64_t day0 = bo_day_of_ms(DAY0_MS);
	bo_report_figures fig;
	bo_report_statuses funnel;
	bo_report_times times;
	bo_report_product *prod = NULL;
	size_t nprod = 0;
	bo_report_scan s = {0};
	bo_err err = {0};

	ct_ok_at(bo_report_summary(admin, day0, day0 + 1, &fig, &err), &err,
		 "bo_report_summary", __FILE__, __LINE__);
	ct_ok_at(bo_report_funnel(admin, day0, day0 + 1, &funnel, &err), &err,
		 "bo_report_funnel", __FILE__, __LINE__);
	ct_ok_at(bo_report_shipping(admin, day0, day0 + 1, &times, &err), &err,
		 "bo_report_shipping", __FILE__, __LINE__);
	ct_ok_at(bo_report_products(admin, day0, day0 + 1, NULL, 0, &prod,
				    &nprod, &err),
		 &err, "bo_report_products", __FILE__, __LINE__);
	ct_ok_at(bo_report_scan_log(admin, DAY0_MS, DAY0_MS + 2 * BO_MS_PER_DAY,
				    NULL, &s, &err),
		 &err, "bo_report_scan_log", __FILE__, __LINE__);
	/* not vacuous: every order the writers placed is counted */
	INT_EQ(fig.orders_placed, orders);
	INT_EQ(fig.orders_placed, s.figures.orders_placed);
	INT_EQ(fig.orders_paid, s.figures.orders_paid);
	INT_EQ(fig.placed_value, s.figures.placed_value);
	INT_EQ(fig.gross, s.figures.gross);
	INT_EQ(fig.tax, s.figures.tax);
	INT_EQ(fig.net, s.figures.net);
	INT_EQ(fig.refunds, s.figures.refunds);
	INT_EQ(fig.refund_tax, s.figures.refund_tax);
	INT_EQ(fig.net_after_refunds, s.figures.net_after_refunds);
	INT_EQ(fig.payments, s.figures.payments);
	INT_EQ(fig.payment_failures, s.figures.payment_failures);
	INT_EQ(fig.cancellations, s.figures.cancellations);
	INT_EQ(funnel.placed, s.funnel.placed);
	INT_EQ(funnel.paid, s.funnel.paid);
	INT_EQ(funnel.shipped, s.funnel.shipped);
	INT_EQ(funnel.delivered, s.funnel.delivered);
	INT_EQ(funnel.cancelled, s.funnel.cancelled);
	INT_EQ(funnel.total, orders);
	INT_EQ(times.to_ship.count, s.shipping.to_ship.count);
	INT_EQ(times.to_ship.median, s.shipping.to_ship.median);
	INT_EQ(times.to_ship.max, s.shipping.to_ship.max);
	INT_EQ(times.to_deliver.count, s.shipping.to_deliver.count);
	INT_EQ(times.to_deliver.p95, s.shipping.to_deliver.p95);
	INT_EQ(nprod, s.nproducts);
	for (size_t i = 0; i < nprod; i++) {
		STR_EQ(prod[i].sku, s.products[i].sku);
		INT_EQ(prod[i].units, s.products[i].units);
		INT_EQ(prod[i].revenue, s.products[i].revenue);
		INT_EQ(prod[i].refunds, s.products[i].refunds);
	}
	bo_report_products_free(prod, nprod);
	bo_report_scan_clear(&s);
}

static void projections_under_concurrent_commands_equal_a_rebuild(void **state)
{
	ct_fx *f = *state;
	bo_init_options opt = {.currency = "EUR", .admin = "ann"};
	bo_fixed_clock clock_state = {DAY0_MS + 3600000, 1000};
	bo_counter_ids ids_state = {1};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	cc_app_run run = {.orders = 2 * scale()};
	pid_t pids[APP_WRITERS + 1];
	bo_order_row row;
	bo_app admin;
	int failed;

	if (single_connection()) {
		skip();
		return;
	}
	OK(bo_app_init_store(&f->p, &clock, &opt, &f->err));
	OK(bo_app_open(&admin, &f->p, &clock, &ids, "ann", &f->err));
	OK(bo_app_projections_check(&admin, NULL, NULL, NULL, &f->err));
	add_product(&admin, "MUG", "12.50", "none");
	add_product(&admin, "TEA", "4.99", "1000");
	add_product(&admin, "PEN", "1.05", "none");

	bo_app_close(&admin);

	assert_int_equal(pipes_open(&run.pp), 0);
	parent_close(f);
	pids[0] = spawn(&run.pp, 0, app_follower, 0, &run);
	for (int w = 0; w < APP_WRITERS; w++)
		pids[1 + w] = spawn(&run.pp, 1, app_writer, w, &run);
	pipes_go(&run.pp, APP_WRITERS + 1);
	failed = reap(pids, APP_WRITERS + 1);
	close(run.pp.done[0]);
	parent_reopen(f);
	INT_EQ(failed, 0);
	OK(bo_app_open(&admin, &f->p, &clock, &ids, "ann", &f->err));

	/* whatever the follower left, the last events are caught up here */
	OK(bo_projections_catch_up(&f->p, &admin.currency, NULL, NULL, NULL,
				   &f->err));
	verify_is(&admin, 0);
	reports_match_the_fold(&admin, APP_WRITERS * run.orders);

	/* negative control: verify does see a model that is not the log's */
	OK(bo_rm_order_get(&f->p.rm, 1, &row, &f->err));
	row.total += 1;
	BEGIN();
	OK(bo_rm_order_put(&f->p.rm, &row, &f->err));
	COMMIT();
	bo_order_row_clear(&row);
	verify_is(&admin, 2);
	bo_app_close(&admin);
}

const struct CMUnitTest bo_contract_concurrency_tests[] = {
    CT_TEST(concurrent_readers_see_the_committed_log),
    CT_TEST(projections_under_concurrent_commands_equal_a_rebuild),
};

const size_t bo_contract_concurrency_count =
    sizeof(bo_contract_concurrency_tests) /
    sizeof(bo_contract_concurrency_tests[0]);
