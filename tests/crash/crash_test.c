/* Crash test: SIGKILL random commands at random points, then prove each store survived. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "adapters/json/codec.h"
#include "domain/money.h"

/*
 * Usage: crash_test --bin BACKOFFICE [--kills N] [--seed S] [--init 0|1]
 *                   [--dir DIR] [--verbose]
 *
 * On stores in a temporary directory (DIR, kept when something fails) it
 * starts one command after another from a realistic mix and SIGKILLs each
 * after a random delay (up to a little more than that command usually
 * takes, so kills land in start-up, transactions, fsyncs and commits). A
 * command that exits 0 before the kill is acknowledged. After every kill
 * the store it hit must:
 *  - open (a read command exits 0) and pass `PRAGMA integrity_check`;
 *  - pass `projections verify` (exit 0);
 *  - hold every acknowledged command exactly once and a killed one at most
 *    once, read from `events export` and `product list`: each placed order
 *    (by its unique customer email and its id), each payment, shipment and
 *    delivery, each note and refund (by unique text), each product at the
 *    price last acknowledged;
 *  - take a write (a note, or a product), so nothing is stuck.
 * A killed `init` on a fresh path must leave nothing (and a second init
 * works) or a working store; a killed `events import` into a fresh store
 * all of the export or none of it. Prints
 *   crash-test: N kills, M survived (...)
 * and exits 0 only when every kill was survived.
 *
 * The checks use order ids, note texts and refund reasons; once write
 * commands take --command-id the same tables can hold command ids.
 */

#define CHECK_TIMEOUT_S 60
#define MAIN_USER "ann"
#define DEMO_RESET_EVERY 15

/* ---- small helpers ------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("crash-test: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* A growable array of ints indexed by a small number, zero by default. */
typedef struct counts {
	int *v;
	size_t n;
} counts;

static int *at_count(counts *c, size_t i)
{
	if (i >= c->n) {
		size_t n = c->n ? c->n : 64;
		int *grown;

		while (n <= i)
			n *= 2;
		if (!(grown = realloc(c->v, n * sizeof(*grown))))
			die("out of memory");
		memset(grown + c->n, 0, (n - c->n) * sizeof(*grown));
		c->v = grown;
		c->n = n;
	}
	return &c->v[i];
}

static int get_count(const counts *c, size_t i)
{
	return i < c->n ? c->v[i] : 0;
}

static void reset_counts(counts *c)
{
	if (c->v)
		memset(c->v, 0, c->n * sizeof(*c->v));
}

/* ---- running the binary ------------------------------------------------- */

static const char *bin;
static const char *dir;
static bool verbose;
static char out_path[4096], err_path[4096];

typedef struct run_result {
	bool killed; /* our SIGKILL ended it */
	bool exited;
	int code;        /* exit status when exited */
	int64_t elapsed; /* microseconds from fork to the end */
} run_result;

/*
 * Runs argv (argv[0] is the program) with stdout and stderr in the scratch
 * files; kill_after_us >= 0 sends SIGKILL after that long unless it has
 * ended, < 0 waits (at most CHECK_TIMEOUT_S, then it is a failure).
 */
static run_result run(char *const argv[], int64_t kill_after_us)
{
	run_result r = {0};
	int64_t start = now_us();
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int n = open("/dev/null", O_RDONLY);

		if (o < 0 || e < 0 || n < 0)
			_exit(125);
		dup2(n, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(126);
	}
	if (kill_after_us >= 0) {
		struct timespec ts = {(time_t)(kill_after_us / 1000000),
				      (long)(kill_after_us % 1000000) * 1000};

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		if (waitpid(pid, &status, WNOHANG) == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	} else {
		int64_t limit = start + (int64_t)CHECK_TIMEOUT_S * 1000000;

		while (waitpid(pid, &status, WNOHANG) == 0) {
			if (now_us() > limit) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				r.elapsed = now_us() - start;
				r.code = -1;
				return r; /* neither exited nor our kill */
			}
			nanosleep(&(struct timespec){0, 500000}, NULL);
		}
	}
	r.elapsed = now_us() - start;
	r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
		   kill_after_us >= 0;
	r.exited = WIFEXITED(status);
	r.code = r.exited ? WEXITSTATUS(status) : -1;
	return r;
}

/* argv for `backoffice --db sqlite:DB --user ann ARGS...`; NULL-ended
 * list of arguments; the strings are copied into a static buffer. */
#define MAX_ARGV 24
static char argv_buf[MAX_ARGV][512];
static char *argv_ptr[MAX_ARGV + 1];

static char *const *bo_argv(const char *db, const char *first, ...)
{
	va_list ap;
	const char *a;
	int n = 0;

	snprintf(argv_buf[n++], sizeof(argv_buf[0]), "%s", bin);
	snprintf(argv_buf[n++], sizeof(argv_buf[0]), "--db");
	snprintf(argv_buf[n++], sizeof(argv_buf[0]), "sqlite:%s", db);
	snprintf(argv_buf[n++], sizeof(argv_buf[0]), "--user");
	snprintf(argv_buf[n++], sizeof(argv_buf[0]), "%s", MAIN_USER);
	va_start(ap, first);
	for (a = first; a && n < MAX_ARGV; a = va_arg(ap, const char *))
		snprintf(argv_buf[n++], sizeof(argv_buf[0]), "%s", a);
	va_end(ap);
	for (int i = 0; i < n; i++)
		argv_ptr[i] = argv_buf[i];
	argv_ptr[n] = NULL;
	return argv_ptr;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r"), *m;
	char *buf = NULL;
	size_t len = 0;
	int c;

	if (!f)
		return xstrdup("");
	if (!(m = open_memstream(&buf, &len)))
		die("out of memory");
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* ---- failures ------------------------------------------------------------ */

static int failures;
static char failure_text[2048];

/* Records why the current kill was not survived (the first reason). */
static bool failed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static bool failed(const char *fmt, ...)
{
	va_list ap;
	char *err;

	if (failure_text[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(failure_text, sizeof(failure_text), fmt, ap);
	va_end(ap);
	err = slurp(err_path);
	if (*err) {
		size_t n = strlen(failure_text);

		snprintf(failure_text + n, sizeof(failure_text) - n,
			 "\n    last stderr: %.600s", err);
	}
	free(err);
	return false;
}

/* A command that must succeed as part of a check. */
static bool must(char *const *argv, const char *what)
{
	run_result r = run(argv, -1);

	if (r.code != 0)
		return failed("%s: exit %d", what, r.code);
	return true;
}

/* ---- the checks every store gets ---------------------------------------- */

static bool integrity_ok(const char *db)
{
	char *argv[] = {"/usr/bin/env", "sqlite3", (char *)db,
			"PRAGMA integrity_check", NULL};
	run_result r = run(argv, -1);
	char *out;
	bool ok;

	if (r.code != 0)
		return failed("sqlite3 %s 'PRAGMA integrity_check': exit %d",
			      db, r.code);
	out = slurp(out_path);
	ok = strcmp(out, "ok\n") == 0;
	if (!ok)
		failed("integrity_check of %s says: %.300s", db, out);
	free(out);
	return ok;
}

/* Opens, reads, is sound and consistent with its log. */
static bool store_sound(const char *db)
{
	return must(bo_argv(db, "order", "list", "--limit", "1", NULL),
		    "a read (order list) after the kill") &&
	       integrity_ok(db) &&
	       must(bo_argv(db, "projections", "verify", NULL),
		    "projections verify after the kill");
}

/* ---- the main store's model --------------------------------------------- */

enum { ABSENT, PRESENT, UNKNOWN }; /* a fact: 0 times, once, killed: 0 or 1 */

typedef enum { PLACED, PAID, SHIPPED, DELIVERED } order_state;

typedef struct order_m {
	int64_t id;
	int64_t total; /* minor units */
	order_state state;
	bool state_unknown; /* a killed command may have moved it on by one */
	int refunds;        /* acknowledged or resolved, for the amount left */
} order_m;

typedef struct product_m {
	int fact;           /* ABSENT, PRESENT, UNKNOWN (a killed add) */
	int64_t price;      /* the price as last acknowledged */
	int64_t next_price; /* a killed edit's price: either may be there */
	bool price_unknown;
} product_m;

static const struct {
	const char *sku;
	const char *price;
	int64_t minor;
} base_products[] = {
    {"P-1", "2.50", 250},
    {"P-2", "3.00", 300},
    {"P-3", "10.00", 1000},
    {"P-4", "0.99", 99},
};
#define NBASE (sizeof(base_products) / sizeof(base_products[0]))

static struct {
	order_m *orders;
	size_t norders, cap;
	counts placings;     /* by attempt k: ABSENT/PRESENT/UNKNOWN + 1 */
	counts notes;        /* by note k */
	counts refunds;      /* by refund k */
	product_m *products; /* CR-k */
	size_t nproducts;
	int next_k; /* attempt numbers for emails, notes, refunds, skus */
} m;

/* What the log and the product table hold. */
static struct {
	counts placed;    /* by order id */
	counts paid;      /* by order id */
	counts shipped;   /* by order id */
	counts delivered; /* by order id */
	counts by_email;  /* by attempt k */
	counts email_id;  /* order id of attempt k */
	counts notes;     /* by note k */
	counts refunds;   /* by refund k */
	counts prod_seen; /* CR-k rows */
	int64_t *prices;  /* CR-k price */
	size_t nprices;
	int64_t events;
} seen;

static int fact_of(const counts *c, size_t k)
{
	return get_count(c, k) - 1; /* stored + 1 so zero means unused */
}

static void set_fact(counts *c, size_t k, int fact)
{
	*at_count(c, k) = fact + 1;
}

static order_m *add_order(int64_t id, int64_t total)
{
	if (m.norders == m.cap) {
		size_t cap = m.cap ? m.cap * 2 : 64;
		order_m *grown = realloc(m.orders, cap * sizeof(*grown));

		if (!grown)
			die("out of memory");
		m.orders = grown;
		m.cap = cap;
	}
	m.orders[m.norders] = (order_m){id, total, PLACED, false, 0};
	return &m.orders[m.norders++];
}

static product_m *product(size_t k)
{
	if (k >= m.nproducts) {
		size_t n = k + 64;
		product_m *grown = realloc(m.products, n * sizeof(*grown));

		if (!grown)
			die("out of memory");
		memset(grown + m.nproducts, 0,
		       (n - m.nproducts) * sizeof(*grown));
		m.products = grown;
		m.nproducts = n;
	}
	return &m.products[k];
}

/* "prefix<k>suffix" -> k, or -1. */
static long number_in(const char *s, const char *prefix, const char *suffix)
{
	size_t pl = strlen(prefix);
	char *end;
	long k;

	if (!s || strncmp(s, prefix, pl) != 0)
		return -1;
	k = strtol(s + pl, &end, 10);
	if (end == s + pl || strcmp(end, suffix) != 0 || k < 0)
		return -1;
	return k;
}

/* Reads the whole log of db into seen. */
static bool read_log(const char *db)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool ok = true;

	reset_counts(&seen.placed);
	reset_counts(&seen.paid);
	reset_counts(&seen.shipped);
	reset_counts(&seen.delivered);
	reset_counts(&seen.by_email);
	reset_counts(&seen.email_id);
	reset_counts(&seen.notes);
	reset_counts(&seen.refunds);
	seen.events = 0;
	if (!must(bo_argv(db, "events", "export", NULL), "events export"))
		return false;
	if (!(f = fopen(out_path, "r")))
		die("cannot read %s", out_path);
	while (ok && (len = getline(&line, &cap, f)) > 0) {
		bo_event e = {0};
		bo_err err;
		long k;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (bo_json_decode_event(&e, line, &err) < 0) {
			ok = failed("the export has a line that does not "
				    "decode: %s",
				    err.msg);
			break;
		}
		seen.events++;
		switch (e.kind) {
		case BO_EV_ORDER_PLACED:
			(*at_count(&seen.placed, (size_t)e.order_id))++;
			k = number_in(e.customer_email, "c", "@crash.test");
			if (k >= 0) {
				(*at_count(&seen.by_email, (size_t)k))++;
				*at_count(&seen.email_id, (size_t)k) =
				    (int)e.order_id;
			}
			break;
		case BO_EV_PAYMENT_RECEIVED:
			(*at_count(&seen.paid, (size_t)e.order_id))++;
			break;
		case BO_EV_ORDER_SHIPPED:
			(*at_count(&seen.shipped, (size_t)e.order_id))++;
			break;
		case BO_EV_ORDER_DELIVERED:
			(*at_count(&seen.delivered, (size_t)e.order_id))++;
			break;
		case BO_EV_NOTE_ADDED:
			if ((k = number_in(e.text, "crash-note-", "")) >= 0)
				(*at_count(&seen.notes, (size_t)k))++;
			break;
		case BO_EV_REFUND_ISSUED:
			if ((k = number_in(e.reason, "crash-refund-", "")) >= 0)
				(*at_count(&seen.refunds, (size_t)k))++;
			break;
		default:
			break;
		}
		bo_event_clear(&e);
	}
	free(line);
	fclose(f);
	return ok;
}

/* Reads the CR-k rows of the product table into seen. */
static bool read_products(const char *db)
{
	bo_currency eur = {"EUR", 2};
	cJSON *doc, *row;
	char *text;
	bool ok = true;

	reset_counts(&seen.prod_seen);
	if (!must(bo_argv(db, "--format", "json", "product", "list", "--all",
			  NULL),
		  "product list"))
		return false;
	text = slurp(out_path);
	doc = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsArray(doc)) {
		cJSON_Delete(doc);
		return failed("product list --format json is not an array");
	}
	cJSON_ArrayForEach(row, doc)
	{
		const char *sku = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(row, "sku"));
		const char *price = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(row, "price"));
		long k = number_in(sku, "CR-", "");
		int64_t minor;

		if (k < 0)
			continue;
		if (!price ||
		    bo_money_parse(&minor, price, &eur, "price", NULL) < 0) {
			ok = failed("product %s has no readable price", sku);
			break;
		}
		(*at_count(&seen.prod_seen, (size_t)k))++;
		if ((size_t)k >= seen.nprices) {
			size_t n = (size_t)k + 64;
			int64_t *grown =
			    realloc(seen.prices, n * sizeof(*grown));

			if (!grown)
				die("out of memory");
			seen.prices = grown;
			seen.nprices = n;
		}
		seen.prices[k] = minor;
	}
	cJSON_Delete(doc);
	return ok;
}

/* A fact counted `got` times where `fact` says how many: PRESENT once,
 * ABSENT never, UNKNOWN (a killed command) at most once, then settled. */
static bool settle(int *fact, int got, const char *what, long k)
{
	if (*fact == UNKNOWN) {
		if (got > 1)
			return failed("%s %ld is there %d times (killed: at "
				      "most once)",
				      what, k, got);
		*fact = got ? PRESENT : ABSENT;
		return true;
	}
	if (got != (*fact == PRESENT ? 1 : 0))
		return failed("%s %ld is there %d times, expected %d", what, k,
			      got, *fact == PRESENT ? 1 : 0);
	return true;
}

static bool stage_count(const order_m *o, order_state s, int got,
			const char *what)
{
	int want = o->state >= s ? 1 : 0;

	if (got != want)
		return failed("order %" PRId64 ": %s %d times, expected %d",
			      o->id, what, got, want);
	return true;
}

/* Every fact of the model against the main store; killed commands settle. */
static bool model_holds(const char *db)
{
	if (!read_log(db) || !read_products(db))
		return false;
	for (size_t k = 0; k < m.placings.n; k++) {
		int fact = fact_of(&m.placings, k);
		int got = get_count(&seen.by_email, k);

		if (fact < 0)
			continue;
		if (fact == UNKNOWN && got == 1) {
			/* the killed placement went through: track it */
			int64_t id = get_count(&seen.email_id, k);
			int qty = (int)(k % 5) + 1;

			add_order(id, base_products[k % NBASE].minor * qty);
		}
		if (!settle(&fact, got, "the order placed by attempt", (long)k))
			return false;
		set_fact(&m.placings, k, fact);
	}
	for (size_t i = 0; i < m.norders; i++) {
		order_m *o = &m.orders[i];
		int paid = get_count(&seen.paid, (size_t)o->id);
		int shipped = get_count(&seen.shipped, (size_t)o->id);
		int delivered = get_count(&seen.delivered, (size_t)o->id);

		if (get_count(&seen.placed, (size_t)o->id) != 1)
			return failed("order %" PRId64 " is placed %d times",
				      o->id,
				      get_count(&seen.placed, (size_t)o->id));
		if (o->state_unknown) {
			int moved = o->state == PLACED    ? paid
				    : o->state == PAID    ? shipped
				    : o->state == SHIPPED ? delivered
							  : 0;

			if (moved == 1)
				o->state++;
			o->state_unknown = false;
		}
		if (!stage_count(o, PAID, paid, "paid") ||
		    !stage_count(o, SHIPPED, shipped, "shipped") ||
		    !stage_count(o, DELIVERED, delivered, "delivered"))
			return false;
	}
	for (size_t k = 0; k < m.notes.n; k++) {
		int fact = fact_of(&m.notes, k);

		if (fact >= 0 && !settle(&fact, get_count(&seen.notes, k),
					 "note crash-note-", (long)k))
			return false;
		if (fact >= 0)
			set_fact(&m.notes, k, fact);
	}
	for (size_t k = 0; k < m.refunds.n; k++) {
		int fact = fact_of(&m.refunds, k);

		if (fact >= 0 && !settle(&fact, get_count(&seen.refunds, k),
					 "refund crash-refund-", (long)k))
			return false;
		if (fact >= 0)
			set_fact(&m.refunds, k, fact);
	}
	for (size_t k = 0; k < m.nproducts; k++) {
		product_m *p = &m.products[k];
		int got = get_count(&seen.prod_seen, k);

		if (!p->price)
			continue; /* never tried */
		if (!settle(&p->fact, got, "product CR-", (long)k))
			return false;
		if (p->fact != PRESENT)
			continue;
		if (p->price_unknown) {
			if (seen.prices[k] != p->price &&
			    seen.prices[k] != p->next_price)
				return failed("product CR-%zu costs %" PRId64
					      ", neither %" PRId64
					      " nor the killed edit's %" PRId64,
					      k, seen.prices[k], p->price,
					      p->next_price);
			p->price = seen.prices[k];
			p->price_unknown = false;
		}
		if (seen.prices[k] != p->price)
			return failed("product CR-%zu costs %" PRId64
				      ", last acknowledged %" PRId64,
				      k, seen.prices[k], p->price);
	}
	return true;
}

/* ---- the mix of commands ------------------------------------------------- */

typedef enum {
	A_PLACE,
	A_PAY,
	A_SHIP,
	A_DELIVER,
	A_REFUND,
	A_NOTE,
	A_PRODUCT_ADD,
	A_PRODUCT_EDIT,
	A_INIT,
	A_IMPORT,
	A_DEMO,
	A__COUNT
} action;

static const char *const action_names[A__COUNT] = {
    "order place",  "order pay",     "order ship",  "order deliver",
    "order refund", "order note",    "product add", "product edit",
    "init",         "events import", "demo seed",
};

static const int weights[A__COUNT] = {20, 12, 8, 6, 6, 15, 8, 10, 5, 5, 5};

/* How long each kind of command took when it ran to the end, so delays
 * reach into its whole life: microseconds, a moving average. */
static int64_t usual_us[A__COUNT];

static struct {
	int kills, survived, commands, acknowledged, failed_exits;
	int by_action_kills[A__COUNT];
} stats;

static char main_db[4096], src_db[4096], imp_db[4096], demo_db[4096],
    export_path[4096];
static int64_t export_events;
static int demo_seeds;
static bool with_init = true;

static void money_text(char *buf, size_t size, int64_t minor)
{
	snprintf(buf, size, "%" PRId64 ".%02" PRId64, minor / 100, minor % 100);
}

/* An order in `state` whose state is known, or NULL. */
static order_m *pick_order(order_state state)
{
	size_t n = 0, pick;

	for (size_t i = 0; i < m.norders; i++)
		n += m.orders[i].state == state && !m.orders[i].state_unknown;
	if (!n)
		return NULL;
	pick = rnd_below(n);
	for (size_t i = 0; i < m.norders; i++)
		if (m.orders[i].state == state && !m.orders[i].state_unknown &&
		    pick-- == 0)
			return &m.orders[i];
	return NULL;
}

static order_m *pick_paid(void)
{
	for (int tries = 0; tries < 8; tries++) {
		order_m *o = pick_order((order_state)(PAID + rnd_below(3)));

		if (o && o->refunds < o->total)
			return o;
	}
	return NULL;
}

static void delay_for(action a, int64_t *us)
{
	int64_t usual = usual_us[a] ? usual_us[a] : 15000;

	/* up to twice the usual run, from the first microseconds on: about
	 * half are killed, somewhere in their life, the rest acknowledged */
	*us = (int64_t)rnd_below((uint64_t)(usual * 2) + 1);
}

/* A run to the end moves the usual time towards what it took; a kill
 * says it takes longer than the delay, so the usual time grows by a quarter
 * (on a loaded machine commands slow down, and the mix would otherwise be
 * nearly all kills and no acknowledged commands to check). */
static void learn(action a, const run_result *r)
{
	if (r->killed)
		usual_us[a] = (usual_us[a] ? usual_us[a] : 15000) * 5 / 4;
	else if (r->exited && r->code == 0)
		usual_us[a] = usual_us[a] ? (usual_us[a] * 7 + r->elapsed) / 8
					  : r->elapsed;
}

static void rm_store(const char *db)
{
	char p[4200];

	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", db);
	unlink(p);
}

/* A write to the main store after a kill: a note, tracked like the rest. */
static bool main_takes_a_write(void)
{
	char text[64], id[32];
	int k;

	k = m.next_k++;
	if (!m.norders) {
		snprintf(text, sizeof(text), "W-%d", k);
		return must(bo_argv(main_db, "product", "add", "--sku", text,
				    "--name", "w", "--price", "1", NULL),
			    "a write (product add) after the kill");
	}
	snprintf(text, sizeof(text), "crash-note-%d", k);
	snprintf(id, sizeof(id), "%" PRId64, m.orders[0].id);
	if (!must(bo_argv(main_db, "order", "note", id, "--text", text, NULL),
		  "a write (order note) after the kill"))
		return false;
	set_fact(&m.notes, (size_t)k, PRESENT);
	return true;
}

/* One command on the main store, maybe killed. Returns false on a
 * failure (recorded in failure_text). */
static bool main_action(action a, bool *was_killed)
{
	char s1[64], s2[64], s3[64];
	char *const *argv = NULL;
	order_m *o = NULL;
	product_m *p = NULL;
	int k = m.next_k++, qty = 0;
	int64_t delay, price = 0;
	run_result r;

	switch (a) {
	case A_PLACE:
		qty = k % 5 + 1;
		snprintf(s1, sizeof(s1), "c%d@crash.test", k);
		snprintf(s2, sizeof(s2), "%s:%d", base_products[k % NBASE].sku,
			 qty);
		argv = bo_argv(main_db, "order", "place", "--customer", s1,
			       "--line", s2, NULL);
		break;
	case A_PAY:
	case A_SHIP:
	case A_DELIVER:
		o = pick_order(a == A_PAY    ? PLACED
			       : a == A_SHIP ? PAID
					     : SHIPPED);
		if (!o)
			return true;
		snprintf(s1, sizeof(s1), "%" PRId64, o->id);
		money_text(s2, sizeof(s2), o->total);
		argv = a == A_PAY ? bo_argv(main_db, "order", "pay", s1,
					    "--amount", s2, NULL)
		       : a == A_SHIP
			   ? bo_argv(main_db, "order", "ship", s1, "--carrier",
				     "Crash Post", "--tracking", "CP1", NULL)
			   : bo_argv(main_db, "order", "deliver", s1, NULL);
		break;
	case A_REFUND:
		if (!(o = pick_paid()))
			return true;
		snprintf(s1, sizeof(s1), "%" PRId64, o->id);
		snprintf(s3, sizeof(s3), "crash-refund-%d", k);
		argv = bo_argv(main_db, "order", "refund", s1, "--amount",
			       "0.01", "--reason", s3, NULL);
		break;
	case A_NOTE:
		if (!m.norders)
			return true;
		o = &m.orders[rnd_below(m.norders)];
		snprintf(s1, sizeof(s1), "%" PRId64, o->id);
		snprintf(s3, sizeof(s3), "crash-note-%d", k);
		argv =
		    bo_argv(main_db, "order", "note", s1, "--text", s3, NULL);
		o = NULL;
		break;
	case A_PRODUCT_ADD:
		p = product((size_t)k);
		price = 100 + k;
		snprintf(s1, sizeof(s1), "CR-%d", k);
		money_text(s2, sizeof(s2), price);
		argv = bo_argv(main_db, "product", "add", "--sku", s1, "--name",
			       "Crash product", "--price", s2, "--stock",
			       "none", NULL);
		break;
	case A_PRODUCT_EDIT: {
		size_t n = 0, pick;

		for (size_t i = 0; i < m.nproducts; i++)
			n += m.products[i].fact == PRESENT;
		if (!n)
			return true;
		pick = rnd_below(n);
		for (size_t i = 0; i < m.nproducts && !p; i++)
			if (m.products[i].fact == PRESENT && pick-- == 0) {
				p = &m.products[i];
				snprintf(s1, sizeof(s1), "CR-%zu", i);
			}
		price = 10000 + k;
		money_text(s2, sizeof(s2), price);
		argv = bo_argv(main_db, "product", "edit", s1, "--price", s2,
			       NULL);
		break;
	}
	default:
		return true;
	}
	delay_for(a, &delay);
	r = run(argv, delay);
	stats.commands++;
	learn(a, &r);
	*was_killed = r.killed;
	if (!r.killed && r.code != 0) {
		stats.failed_exits++;
		return failed("%s (not killed) exited %d", action_names[a],
			      r.code);
	}
	if (!r.killed)
		stats.acknowledged++;
	switch (a) {
	case A_PLACE:
		if (r.killed) {
			set_fact(&m.placings, (size_t)k, UNKNOWN);
		} else {
			char *out = slurp(out_path);
			int64_t id = strtoll(out, NULL, 10);

			free(out);
			if (id <= 0)
				return failed("order place printed no id");
			set_fact(&m.placings, (size_t)k, PRESENT);
			add_order(id, base_products[k % NBASE].minor * qty);
		}
		break;
	case A_PAY:
	case A_SHIP:
	case A_DELIVER:
		if (r.killed)
			o->state_unknown = true;
		else
			o->state++;
		break;
	case A_REFUND:
		set_fact(&m.refunds, (size_t)k, r.killed ? UNKNOWN : PRESENT);
		o->refunds++; /* at most one cent more refunded */
		break;
	case A_NOTE:
		set_fact(&m.notes, (size_t)k, r.killed ? UNKNOWN : PRESENT);
		break;
	case A_PRODUCT_ADD:
		p->fact = r.killed ? UNKNOWN : PRESENT;
		p->price = price;
		break;
	case A_PRODUCT_EDIT:
		if (r.killed) {
			p->price_unknown = true;
			p->next_price = price;
		} else {
			p->price = price;
		}
		break;
	default:
		break;
	}
	if (!r.killed)
		return true;
	return store_sound(main_db) && model_holds(main_db) &&
	       main_takes_a_write();
}

/* init on a fresh path, maybe killed: nothing or a working store. */
static bool init_action(bool *was_killed)
{
	char db[4200];
	int64_t delay;
	run_result r;

	snprintf(db, sizeof(db), "%s/fresh.db", dir);
	rm_store(db);
	delay_for(A_INIT, &delay);
	r = run(bo_argv(db, "init", NULL), delay);
	stats.commands++;
	learn(A_INIT, &r);
	*was_killed = r.killed;
	if (!r.killed && r.code != 0)
		return failed("init (not killed) exited %d", r.code);
	if (!r.killed) {
		stats.acknowledged++;
		return true;
	}
	r = run(bo_argv(db, "user", "list", NULL), -1);
	if (r.code == 4) {
		/* nothing there: a second init must work */
		if (!must(bo_argv(db, "init", NULL),
			  "init again after a killed init left no store"))
			return failed("a killed init left a stuck store");
		return store_sound(db);
	}
	if (r.code != 0)
		return failed("a killed init left a store that is neither "
			      "absent nor working: user list exits %d",
			      r.code);
	return store_sound(db) &&
	       must(bo_argv(db, "product", "add", "--sku", "AFTER-INIT",
			    "--name", "w", "--price", "1", NULL),
		    "a write after a killed init");
}

/* events import of the prepared export into a fresh store, maybe killed:
 * all of it or none. */
static bool import_action(bool *was_killed)
{
	int64_t delay, before;
	run_result r;

	rm_store(imp_db);
	if (!must(bo_argv(imp_db, "init", NULL), "init of the import store"))
		return false;
	delay_for(A_IMPORT, &delay);
	r = run(bo_argv(imp_db, "events", "import", export_path, NULL), delay);
	stats.commands++;
	learn(A_IMPORT, &r);
	*was_killed = r.killed;
	if (!r.killed && r.code != 0)
		return failed("events import (not killed) exited %d", r.code);
	if (!r.killed)
		stats.acknowledged++;
	if (!r.killed)
		return true;
	if (!store_sound(imp_db) || !read_log(imp_db))
		return false;
	before = seen.events;
	if (before != 0 && before != export_events)
		return failed("a killed import left %" PRId64 " of %" PRId64
			      " events (all or nothing)",
			      before, export_events);
	return must(bo_argv(imp_db, "product", "add", "--sku", "AFTER-IMPORT",
			    "--name", "w", "--price", "1", NULL),
		    "a write after a killed import");
}

/* demo seed into its own store, maybe killed. */
static bool demo_action(bool *was_killed)
{
	char orders[16], seed[16];
	int64_t delay;
	run_result r;

	if (demo_seeds++ % DEMO_RESET_EVERY == 0) {
		rm_store(demo_db);
		if (!must(bo_argv(demo_db, "init", NULL),
			  "init of the demo store"))
			return false;
	}
	snprintf(orders, sizeof(orders), "%d", (int)rnd_below(30) + 5);
	snprintf(seed, sizeof(seed), "%d", demo_seeds);
	delay_for(A_DEMO, &delay);
	r = run(bo_argv(demo_db, "demo", "seed", "--orders", orders, "--days",
			"5", "--seed", seed, "--now", "2026-11-20", "--force",
			NULL),
		delay);
	stats.commands++;
	learn(A_DEMO, &r);
	*was_killed = r.killed;
	if (!r.killed && r.code != 0)
		return failed("demo seed (not killed) exited %d", r.code);
	if (!r.killed) {
		stats.acknowledged++;
		return true;
	}
	snprintf(seed, sizeof(seed), "AFTER-%d", demo_seeds);
	return store_sound(demo_db) &&
	       must(bo_argv(demo_db, "product", "add", "--sku", seed, "--name",
			    "w", "--price", "1", NULL),
		    "a write after a killed demo seed");
}

static action pick_action(void)
{
	int total = 0, r;

	for (int a = 0; a < A__COUNT; a++)
		total += a == A_INIT && !with_init ? 0 : weights[a];
	r = (int)rnd_below((uint64_t)total);
	for (int a = 0; a < A__COUNT; a++) {
		int w = a == A_INIT && !with_init ? 0 : weights[a];

		if (r < w)
			return (action)a;
		r -= w;
	}
	return A_NOTE;
}

/* ---- set-up --------------------------------------------------------------- */

static void setup(void)
{
	char price[32];

	rm_store(main_db);
	if (!must(bo_argv(main_db, "init", NULL), "init of the main store"))
		die("%s", failure_text);
	for (size_t i = 0; i < NBASE; i++) {
		snprintf(price, sizeof(price), "%s", base_products[i].price);
		if (!must(bo_argv(main_db, "product", "add", "--sku",
				  base_products[i].sku, "--name", "Base",
				  "--price", price, "--stock", "none", NULL),
			  "a base product"))
			die("%s", failure_text);
	}
	/* the export that `events import` replays into fresh stores */
	rm_store(src_db);
	if (!must(bo_argv(src_db, "init", NULL), "init of the export store") ||
	    !must(bo_argv(src_db, "demo", "seed", "--orders", "40", "--days",
			  "5", "--seed", "3", "--now", "2026-11-20", NULL),
		  "demo seed of the export store") ||
	    !read_log(src_db))
		die("%s", failure_text);
	export_events = seen.events;
	if (rename(out_path, export_path) < 0)
		die("cannot keep the export: %s", strerror(errno));
}

/* The checks can fail: on a store of its own, a note that is there twice
 * and a note acknowledged but never written must each be caught. */
static void self_test(void)
{
	char db[4200], id[32];
	int64_t oid;
	char *out;

	snprintf(db, sizeof(db), "%s/selftest.db", dir);
	rm_store(db);
	if (!must(bo_argv(db, "init", NULL), "init of the self-test store") ||
	    !must(bo_argv(db, "product", "add", "--sku", base_products[0].sku,
			  "--name", "Base", "--price", base_products[0].price,
			  NULL),
		  "a self-test product") ||
	    !must(bo_argv(db, "order", "place", "--customer", "c0@crash.test",
			  "--line", "P-1:1", NULL),
		  "a self-test order"))
		die("%s", failure_text);
	out = slurp(out_path);
	oid = strtoll(out, NULL, 10);
	free(out);
	set_fact(&m.placings, 0, PRESENT);
	add_order(oid, base_products[0].minor);
	snprintf(id, sizeof(id), "%" PRId64, oid);
	for (int i = 0; i < 2; i++)
		if (!must(bo_argv(db, "order", "note", id, "--text",
				  "crash-note-1", NULL),
			  "a self-test note"))
			die("%s", failure_text);
	set_fact(&m.notes, 1, PRESENT);
	if (!model_holds(db) && strstr(failure_text, "there 2 times"))
		failure_text[0] = '\0';
	else
		die("self-test: a note written twice was not caught (%s)",
		    failure_text);
	*at_count(&m.notes, 1) = 0;     /* no longer tracked */
	set_fact(&m.notes, 2, PRESENT); /* acknowledged, never written */
	if (!model_holds(db) &&
	    strstr(failure_text, "crash-note- 2 is there 0 times"))
		failure_text[0] = '\0';
	else
		die("self-test: a lost note was not caught (%s)", failure_text);
	free(m.orders);
	free(m.placings.v);
	free(m.notes.v);
	memset(&m, 0, sizeof(m));
	rm_store(db);
}

static void usage(void)
{
	fputs("usage: crash_test --bin BACKOFFICE [--kills N] [--seed S] "
	      "[--init 0|1] [--dir DIR] [--verbose]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static char tmpl[4096];
	int kills = 1000;
	uint64_t seed = (uint64_t)time(NULL);
	const char *keep_dir = NULL;
	int64_t start;
	bool stop = false;

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--verbose") == 0) {
			verbose = true;
			continue;
		}
		if (!v)
			usage();
		if (strcmp(argv[i], "--bin") == 0)
			bin = v;
		else if (strcmp(argv[i], "--kills") == 0)
			kills = (int)strtol(v, NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(v, NULL, 10);
		else if (strcmp(argv[i], "--init") == 0)
			with_init = strcmp(v, "0") != 0;
		else if (strcmp(argv[i], "--dir") == 0)
			keep_dir = v;
		else
			usage();
		i++;
	}
	if (!bin || kills < 0)
		usage();
	rng_state = seed * 2654435761ULL + 88172645463325252ULL;
	if (keep_dir) {
		dir = keep_dir;
		mkdir(dir, 0700);
	} else {
		snprintf(tmpl, sizeof(tmpl), "%s/backoffice-crash.XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!(dir = mkdtemp(tmpl)))
			die("mkdtemp: %s", strerror(errno));
	}
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	snprintf(err_path, sizeof(err_path), "%s/err", dir);
	snprintf(main_db, sizeof(main_db), "%s/main.db", dir);
	snprintf(src_db, sizeof(src_db), "%s/src.db", dir);
	snprintf(imp_db, sizeof(imp_db), "%s/import.db", dir);
	snprintf(demo_db, sizeof(demo_db), "%s/demo.db", dir);
	snprintf(export_path, sizeof(export_path), "%s/export.jsonl", dir);
	setenv("HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	unsetenv("BACKOFFICE_DB");
	unsetenv("BACKOFFICE_USER");

	start = now_us();
	self_test();
	setup();
	while (stats.kills < kills && !stop) {
		action a = pick_action();
		bool killed = false, ok;

		failure_text[0] = '\0';
		switch (a) {
		case A_INIT:
			ok = init_action(&killed);
			break;
		case A_IMPORT:
			ok = import_action(&killed);
			break;
		case A_DEMO:
			ok = demo_action(&killed);
			break;
		default:
			ok = main_action(a, &killed);
			break;
		}
		if (killed) {
			stats.kills++;
			stats.by_action_kills[a]++;
			if (ok)
				stats.survived++;
		}
		if (!ok) {
			failures++;
			printf("crash-test: FAIL after %s%s (kill %d, seed "
			       "%" PRIu64 "): %s\n",
			       action_names[a], killed ? " was killed" : "",
			       stats.kills, seed, failure_text);
			/* the main store cannot be trusted any more; a fresh
			 * store's failure is counted and the run goes on */
			if (a != A_INIT && a != A_IMPORT && a != A_DEMO)
				stop = true;
		} else if (verbose && killed) {
			printf("kill %d: %s\n", stats.kills, action_names[a]);
		}
	}
	/* everything acknowledged, once more at the end */
	failure_text[0] = '\0';
	if (!stop && !(store_sound(main_db) && model_holds(main_db))) {
		failures++;
		printf("crash-test: FAIL in the final check: %s\n",
		       failure_text);
	}
	printf("crash-test: %d kills, %d survived (%d commands, %d "
	       "acknowledged, %zu orders tracked, %" PRId64
	       " events in the main store; kills by command:",
	       stats.kills, stats.survived, stats.commands, stats.acknowledged,
	       m.norders, seen.events);
	for (int a = 0; a < A__COUNT; a++)
		if (stats.by_action_kills[a])
			printf(" %s %d", action_names[a],
			       stats.by_action_kills[a]);
	printf(") in %.1f s, seed %" PRIu64 "%s\n",
	       (double)(now_us() - start) / 1e6, seed,
	       with_init ? "" : ", init left out");
	if (failures) {
		printf("crash-test: stores kept in %s\n", dir);
		return 1;
	}
	if (!keep_dir) {
		char cmd[4200];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "crash-test: could not remove %s\n",
				dir);
	}
	return 0;
}
