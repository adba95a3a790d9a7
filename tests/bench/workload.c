/* The normative workload benchmark (doc/bench/WORKLOAD.md): checks the generated events against data/bench/, then times phases A-D on SQLite and PostgreSQL against the durable limit, each run in a fresh process. */
/*
 * Run with `make bench`, or directly from the repository's root:
 *   build/tests/bench/workload [--orders N] [--reps R] [--a-events K]
 *       [--backends sqlite,postgresql] [--writers 1,4,8|none] [--dir DIR]
 *       [--expect data/bench] [--results FILE]
 * PostgreSQL runs when BACKOFFICE_TEST_PG names a server (make bench
 * starts a throwaway one). Every (backend, path, phase, repetition) is a
 * fresh process (this program run again with --child) on a fresh store;
 * the parent collects its figures and its peak RSS (wait4). Prints a
 * Markdown table, appends one JSON object per (backend, path, phase) to
 * FILE. Exit 0; 1 when a check fails (the workload's text, a digest, a
 * follower) or a run fails; 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/bench/workload_run.h"

#define MAX_REPS 15
#define MAX_W 4

static const char *const backend_names[WB__BACKENDS] = {"sqlite",
							"postgresql"};
static const char *const path_names[WB__PATHS] = {"limit", "port",
						  "services"};

typedef struct opts {
	int64_t orders, a_events;
	int reps;
	int backends[WB__BACKENDS];
	int writers[MAX_W], nwriters;
	const char *dir, *expect, *results, *url;
} opts;

typedef struct expected {
	int64_t orders, events, bytes;
	char sha256[65], digest[17];
} expected;

/* ---- the child: one job --------------------------------------------------- */

static int child_main(int argc, char **argv)
{
	wb_job j = {0};
	wb_out o = {0};
	wl_workload w;
	int64_t orders;
	int rc;

	/* --child BACKEND PATH PHASE WHERE URL ORDERS A_EVENTS WRITERS DIGEST */
	if (argc != 11)
		return 2;
	j.backend = atoi(argv[2]);
	j.path = atoi(argv[3]);
	j.phase = argv[4][0];
	j.where = argv[5];
	j.url = argv[6];
	orders = strtoll(argv[7], NULL, 10);
	j.a_events = strtoll(argv[8], NULL, 10);
	j.writers = atoi(argv[9]);
	wb_expected_digest = argv[10];
	if (wl_generate(&w, orders) < 0) {
		fprintf(stderr, "workload: out of memory\n");
		return 1;
	}
	o.digest_ok = -1;
	if (j.phase == 'D')
		rc = wb_concurrent(&j, &w, &o);
	else if (j.path == WB_LIMIT)
		rc = j.backend == WB_SQLITE ? wb_limit_sqlite(&j, &w, &o)
					    : wb_limit_pg(&j, &w, &o);
	else if (j.path == WB_PORT)
		rc = wb_port(&j, &w, &o);
	else
		rc = wb_services(&j, &w, &o);
	wl_free(&w);
	if (rc < 0)
		return 1;
	printf("%" PRId64 " %.9f %" PRId64 " %d %s %ld\n", o.events, o.seconds,
	       o.bytes, o.digest_ok, o.digest[0] ? o.digest : "-", o.rss_kb);
	return 0;
}

/* ---- the parent ----------------------------------------------------------- */

typedef struct figure {
	int done;
	int64_t events;
	double seconds, eps;
	int64_t bytes;
	int digest_ok;
	char digest[17];
	long rss_kb;
} figure;

static int run_child(const opts *op, const expected *ex, wb_backend b,
		     wb_path p, char phase, const char *where, int writers,
		     figure *f)
{
	char sb[8], sp[8], sph[2] = {phase, 0}, so[24], sa[24], sw[8];
	char *argv[] = {"workload", "--child", sb, sp, sph, (char *)where,
			(char *)(op->url ? op->url : "-"), so, sa, sw,
			(char *)ex->digest, NULL};
	char line[512] = "";
	struct rusage ru;
	int fd[2], status;
	pid_t pid;
	FILE *in;

	snprintf(sb, sizeof(sb), "%d", (int)b);
	snprintf(sp, sizeof(sp), "%d", (int)p);
	snprintf(so, sizeof(so), "%" PRId64, op->orders);
	snprintf(sa, sizeof(sa), "%" PRId64, op->a_events);
	snprintf(sw, sizeof(sw), "%d", writers);
	fflush(stdout);
	if (pipe(fd) != 0 || (pid = fork()) < 0) {
		fprintf(stderr, "workload: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fd[1]);
	in = fdopen(fd[0], "r");
	if (!in || !fgets(line, sizeof(line), in))
		line[0] = '\0';
	if (in)
		fclose(in);
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    sscanf(line, "%" SCNd64 " %lf %" SCNd64 " %d %16s %ld", &f->events,
		   &f->seconds, &f->bytes, &f->digest_ok, f->digest,
		   &f->rss_kb) != 6) {
		fprintf(stderr, "workload: %s %s phase %c failed\n",
			backend_names[b], path_names[p], phase);
		return -1;
	}
	if (ru.ru_maxrss > f->rss_kb)
		f->rss_kb = ru.ru_maxrss;
	f->eps = f->seconds > 0 ? (double)f->events / f->seconds : 0;
	f->done = 1;
	return 0;
}

static void store_name(char *out, size_t n, const opts *op, wb_backend b,
		       int rep, wb_path p, char phase, int writers)
{
	if (b == WB_SQLITE)
		snprintf(out, n, "%s/r%d-%s-%c.db", op->dir, rep + 1,
			 path_names[p], phase);
	else
		snprintf(out, n, "wl_%d_r%d_%s_%c%d", (int)getpid(), rep + 1,
			 path_names[p], phase + 32, writers);
}

static void store_drop(const opts *op, wb_backend b, const char *where)
{
	if (b == WB_SQLITE) {
		char name[4300];

		for (int i = 0; i < 3; i++) {
			snprintf(name, sizeof(name), "%s%s", where,
				 i == 0 ? "" : i == 1 ? "-wal" : "-shm");
			unlink(name);
		}
	} else {
		PGconn *c = PQconnectdb(op->url);
		char text[256];

		snprintf(text, sizeof(text),
			 "SET client_min_messages = warning; DROP SCHEMA IF "
			 "EXISTS %s CASCADE",
			 where);
		if (PQstatus(c) == CONNECTION_OK)
			PQclear(PQexec(c, text));
		PQfinish(c);
	}
}

/* ---- the summary ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

typedef struct summary {
	int n;
	int64_t events;
	double eps, eps_min, eps_max, seconds;
	long rss_kb;
	double bytes_per_event;
	int digest_ok; /* all reps */
} summary;

static summary summarize(const figure *f, int reps)
{
	double eps[MAX_REPS], secs[MAX_REPS];
	summary s = {0};

	s.digest_ok = -1;
	for (int r = 0; r < reps; r++) {
		if (!f[r].done)
			continue;
		eps[s.n] = f[r].eps;
		secs[s.n++] = f[r].seconds;
		s.events = f[r].events;
		if (f[r].rss_kb > s.rss_kb)
			s.rss_kb = f[r].rss_kb;
		if (f[r].bytes > 0 && f[r].events > 0)
			s.bytes_per_event = (double)f[r].bytes / (double)f[r].events;
		if (f[r].digest_ok >= 0)
			s.digest_ok = (s.digest_ok != 0) && f[r].digest_ok;
	}
	if (!s.n)
		return s;
	qsort(eps, (size_t)s.n, sizeof(double), cmp_double);
	qsort(secs, (size_t)s.n, sizeof(double), cmp_double);
	s.eps = s.n % 2 ? eps[s.n / 2] : (eps[s.n / 2 - 1] + eps[s.n / 2]) / 2;
	s.seconds = s.n % 2 ? secs[s.n / 2]
			    : (secs[s.n / 2 - 1] + secs[s.n / 2]) / 2;
	s.eps_min = eps[0];
	s.eps_max = eps[s.n - 1];
	return s;
}

static const char *path_label(wb_path p, char phase)
{
	if (p == WB_SERVICES && phase == 'C')
		return "rebuild";
	return path_names[p];
}

static void report(const opts *op, FILE *jl, wb_backend b, char phase,
		   int writers, wb_path p, const summary *s,
		   const summary *limit)
{
	char ph[16], digest[8];
	double ratio = limit->eps > 0 ? s->eps / limit->eps : 0;

	if (phase == 'D')
		snprintf(ph, sizeof(ph), "D%d", writers);
	else
		snprintf(ph, sizeof(ph), "%c", phase);
	snprintf(digest, sizeof(digest), "%s",
		 s->digest_ok < 0 ? "-" : s->digest_ok ? "ok" : "WRONG");
	printf("| %s | %s | %s | %" PRId64 " | %.0f | %.0f–%.0f | %.2f | "
	       "%.1f | %.0f | %s |\n",
	       backend_names[b], ph, path_label(p, phase), s->events, s->eps,
	       s->eps_min, s->eps_max, ratio, (double)s->rss_kb / 1024,
	       s->bytes_per_event, digest);
	if (jl)
		fprintf(jl,
			"{\"backend\":\"%s\",\"path\":\"%s\",\"phase\":\"%s\","
			"\"orders\":%" PRId64 ",\"writers\":%d,\"reps\":%d,"
			"\"events\":%" PRId64 ",\"seconds\":%.6f,\"eps\":%.1f,"
			"\"eps_min\":%.1f,\"eps_max\":%.1f,\"limit_eps\":%.1f,"
			"\"ratio\":%.4f,\"rss_kb\":%ld,\"bytes_per_event\":"
			"%.1f,\"digest_ok\":%s}\n",
			backend_names[b], path_label(p, phase), ph, op->orders,
			writers, s->n, s->events, s->seconds, s->eps,
			s->eps_min, s->eps_max, limit->eps, ratio, s->rss_kb,
			s->bytes_per_event,
			s->digest_ok < 0 ? "null"
					 : s->digest_ok ? "true" : "false");
}

/* ---- arguments and the expected values ---------------------------------------- */

static int usage(void)
{
	fputs("usage: workload [--orders N] [--reps R] [--a-events K] "
	      "[--backends sqlite,postgresql] [--writers 1,4,8|none] [--dir DIR] "
	      "[--expect DIR] [--results FILE]\n",
	      stderr);
	return 2;
}

static int parse(opts *op, int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");

	op->orders = 20000;
	op->a_events = 10000;
	op->reps = 3;
	op->backends[WB_SQLITE] = op->backends[WB_PG] = 1;
	op->writers[0] = 1;
	op->writers[1] = 4;
	op->writers[2] = 8;
	op->nwriters = 3;
	op->dir = tmp && *tmp ? tmp : "/tmp";
	op->expect = "data/bench";
	op->results = NULL;
	for (int i = 1; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			return -1;
		if (!strcmp(k, "--orders"))
			op->orders = strtoll(v, NULL, 10);
		else if (!strcmp(k, "--reps"))
			op->reps = atoi(v);
		else if (!strcmp(k, "--a-events"))
			op->a_events = strtoll(v, NULL, 10);
		else if (!strcmp(k, "--dir"))
			op->dir = v;
		else if (!strcmp(k, "--expect"))
			op->expect = v;
		else if (!strcmp(k, "--results"))
			op->results = v;
		else if (!strcmp(k, "--backends")) {
			op->backends[WB_SQLITE] = strstr(v, "sqlite") != NULL;
			op->backends[WB_PG] = strstr(v, "postgres") != NULL;
		} else if (!strcmp(k, "--writers")) {
			op->nwriters = 0; /* "none": no phase D */
			for (const char *p = strcmp(v, "none") ? v : "";
			     p && *p && op->nwriters < MAX_W;
			     p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
				op->writers[op->nwriters++] = atoi(p);
		} else
			return -1;
	}
	if (op->orders < 1 || op->orders > 10000000 || op->reps < 1 ||
	    op->reps > MAX_REPS || op->a_events < 1)
		return -1;
	for (int i = 0; i < op->nwriters; i++)
		if (op->writers[i] < 1 || op->writers[i] > 64)
			return -1;
	return 0;
}

static int load_expected(const opts *op, expected *ex)
{
	char path[4200], line[512];
	FILE *f;

	memset(ex, 0, sizeof(*ex));
	snprintf(path, sizeof(path), "%s/workload-%" PRId64 ".tsv", op->expect,
		 op->orders);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr,
			"workload: no expected values for %" PRId64
			" orders (%s: %s); pin them first\n",
			op->orders, path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char key[32], val[128];

		if (line[0] == '#' || sscanf(line, "%31s %127s", key, val) != 2)
			continue;
		if (!strcmp(key, "orders"))
			ex->orders = strtoll(val, NULL, 10);
		else if (!strcmp(key, "events"))
			ex->events = strtoll(val, NULL, 10);
		else if (!strcmp(key, "bytes"))
			ex->bytes = strtoll(val, NULL, 10);
		else if (!strcmp(key, "sha256") && strlen(val) == 64)
			snprintf(ex->sha256, sizeof(ex->sha256), "%.64s", val);
		else if (!strcmp(key, "digest") && strlen(val) == 16)
			snprintf(ex->digest, sizeof(ex->digest), "%.16s", val);
	}
	fclose(f);
	if (ex->orders != op->orders || !ex->events || !ex->bytes ||
	    strlen(ex->sha256) != 64 || strlen(ex->digest) != 16) {
		fprintf(stderr, "workload: %s is incomplete\n", path);
		return -1;
	}
	return 0;
}

/* The generated workload against the pinned values: loud on a mismatch. */
static int check_workload(const opts *op, const expected *ex)
{
	char hex[65], digest[17];
	uint64_t bytes;
	wl_workload w;
	wl_fold f;
	int ok;

	if (wl_generate(&w, op->orders) < 0)
		return -1;
	wl_file_sha256(&w, hex, &bytes);
	wl_fold_init(&f);
	wl_fold_workload(&w, &f);
	wl_fold_digest(&f, digest, NULL, 0);
	ok = (int64_t)w.nevents == ex->events &&
	     (int64_t)bytes == ex->bytes && !strcmp(hex, ex->sha256) &&
	     !strcmp(digest, ex->digest);
	printf("workload: %" PRId64 " orders, %zu events, %" PRIu64
	       " bytes of JSON lines, sha256 %s, projection digest %s: %s\n",
	       op->orders, w.nevents, bytes, hex, digest,
	       ok ? "as expected" : "MISMATCH");
	if (!ok)
		fprintf(stderr,
			"workload: THE GENERATED WORKLOAD IS NOT THE SPEC'S: "
			"expected %" PRId64 " events, %" PRId64
			" bytes, sha256 %s, digest %s\n",
			ex->events, ex->bytes, ex->sha256, ex->digest);
	wl_fold_free(&f);
	wl_free(&w);
	return ok ? 0 : -1;
}

/* ---- main -------------------------------------------------------------------- */

static figure fig[WB__BACKENDS][3][WB__PATHS][MAX_REPS];
static figure figd[MAX_W][WB__PATHS][MAX_REPS];

static int run_backend(const opts *op, const expected *ex, wb_backend b)
{
	static const char phases[] = "ABC";
	char where[WB__PATHS][4300], bwhere[WB__PATHS][4300];

	for (int r = 0; r < op->reps; r++) {
		for (int ph = 0; ph < 3; ph++) {
			for (int k = 0; k < WB__PATHS; k++) {
				wb_path p = (wb_path)((r + k) % WB__PATHS);
				char phase = phases[ph];

				if (phase == 'C')
					snprintf(where[p], sizeof(where[p]),
						 "%s", bwhere[p]);
				else
					store_name(where[p], sizeof(where[p]),
						   op, b, r, p, phase, 0);
				if (phase == 'B')
					snprintf(bwhere[p], sizeof(bwhere[p]),
						 "%s", where[p]);
				if (run_child(op, ex, b, p, phase, where[p], 0,
					      &fig[b][ph][p][r]) < 0)
					return -1;
				fprintf(stderr,
					"  %s rep %d phase %c %-8s %8.0f "
					"events/s\n",
					backend_names[b], r + 1, phase,
					path_label(p, phase),
					fig[b][ph][p][r].eps);
				if (fig[b][ph][p][r].digest_ok == 0) {
					fprintf(stderr,
						"workload: %s %s phase %c: "
						"DIGEST %s, EXPECTED %s\n",
						backend_names[b],
						path_label(p, phase), phase,
						fig[b][ph][p][r].digest,
						ex->digest);
					return -1;
				}
				if (phase != 'B')
					store_drop(op, b, where[p]);
			}
		}
	}
	if (b != WB_PG)
		return 0;
	for (int wi = 0; wi < op->nwriters; wi++)
		for (int r = 0; r < op->reps; r++)
			for (int k = 0; k < 2; k++) {
				wb_path p = (r + k) % 2 ? WB_PORT : WB_LIMIT;
				figure *f = &figd[wi][p][r];

				store_name(where[p], sizeof(where[p]), op, b, r,
					   p, 'D', op->writers[wi]);
				if (run_child(op, ex, b, p, 'D', where[p],
					      op->writers[wi], f) < 0)
					return -1;
				fprintf(stderr,
					"  %s rep %d phase D%d %-8s %8.0f "
					"events/s\n",
					backend_names[b], r + 1,
					op->writers[wi], path_names[p], f->eps);
				if (f->digest_ok == 0) {
					fprintf(stderr,
						"workload: phase D: the "
						"follower did not see every "
						"event exactly once\n");
					return -1;
				}
				store_drop(op, b, where[p]);
			}
	return 0;
}

int main(int argc, char **argv)
{
	static const char phases[] = "ABC";
	char dir[4200];
	expected ex;
	FILE *jl = NULL;
	opts op;

	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);
	if (parse(&op, argc, argv) < 0)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (load_expected(&op, &ex) < 0 || check_workload(&op, &ex) < 0)
		return 1;
	op.url = getenv("BACKOFFICE_TEST_PG");
	if (op.url && !*op.url)
		op.url = NULL;
	if (op.backends[WB_PG] && !op.url) {
		printf("postgresql: skipped (BACKOFFICE_TEST_PG is not set; "
		       "make bench starts a server)\n");
		op.backends[WB_PG] = 0;
	}
	if (op.a_events > ex.events)
		op.a_events = ex.events; /* never more than the log */
	snprintf(dir, sizeof(dir), "%s/backoffice-workload.XXXXXX", op.dir);
	if (!mkdtemp(dir)) {
		fprintf(stderr, "workload: cannot create a directory in %s\n",
			op.dir);
		return 1;
	}
	op.dir = dir;
	printf("phases A (%" PRId64 " single-event appends), B (%" PRId64
	       " orders, one transaction each), C (read in batches of 1,000 "
	       "and fold), D (PostgreSQL: A's events by 1..%d writers and a "
	       "follower); %d repetition(s), each a fresh process on a "
	       "fresh store\n",
	       op.a_events, op.orders,
	       op.nwriters ? op.writers[op.nwriters - 1] : 0, op.reps);
	for (int b = 0; b < WB__BACKENDS; b++)
		if (op.backends[b] && run_backend(&op, &ex, (wb_backend)b) < 0) {
			fprintf(stderr, "workload: stores kept in %s\n", dir);
			return 1;
		}
	if (op.results && !(jl = fopen(op.results, "a")))
		fprintf(stderr, "workload: cannot append to %s: %s\n",
			op.results, strerror(errno));
	printf("\n| backend | phase | path | events | events/s (median) | "
	       "min–max | ratio to limit | peak RSS MiB | bytes/event | "
	       "digest |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
	for (int b = 0; b < WB__BACKENDS; b++) {
		if (!op.backends[b])
			continue;
		for (int ph = 0; ph < 3; ph++) {
			summary lim = summarize(fig[b][ph][WB_LIMIT], op.reps);

			for (int p = 0; p < WB__PATHS; p++) {
				summary s = summarize(fig[b][ph][p], op.reps);

				report(&op, jl, (wb_backend)b, phases[ph],
				       0, (wb_path)p, &s, &lim);
			}
		}
		if (b != WB_PG)
			continue;
		for (int wi = 0; wi < op.nwriters; wi++) {
			summary lim = summarize(figd[wi][WB_LIMIT], op.reps);
			summary s = summarize(figd[wi][WB_PORT], op.reps);

			report(&op, jl, WB_PG, 'D', op.writers[wi], WB_LIMIT,
			       &lim, &lim);
			report(&op, jl, WB_PG, 'D', op.writers[wi], WB_PORT,
			       &s, &lim);
		}
	}
	if (jl)
		fclose(jl);
	rmdir(dir);
	return 0;
}
