/* The port contract suite against the PostgreSQL backend, one fresh schema per test (under tests/support/with_pg.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "adapters/postgres/pg_store.h"
#include "tests/support/contract.h"
#include "tests/support/contract_internal.h"

typedef struct pg_target {
	const char *base;
	char url[600];
	int n;
} pg_target;

static int open_pg(bo_ports *out, void *ctx)
{
	pg_target *t = ctx;
	bo_err err = {0};
	snprintf(t->url, sizeof t->url, "%s%sschema=ct_%d_%d", t->base,
		 strchr(t->base, '?') ? "&" : "?", (int)getpid(), ++t->n);
	int rc = bo_pg_create(t->url, NULL, NULL, &err);
	if (rc == BO_OK)
		rc = bo_pg_open(out, t->url, &err);
	if (rc != BO_OK)
		fprintf(stderr, "postgres contract store: %s\n", err.msg);
	return rc;
}

/* A second connection to the same schema, as another process would have. */
static int open_pg_again(bo_ports *out, void *ctx)
{
	pg_target *t = ctx;
	bo_err err = {0};
	int rc = bo_pg_open(out, t->url, &err);
	if (rc != BO_OK)
		fprintf(stderr, "postgres contract store: %s\n", err.msg);
	return rc;
}

static void cleanup_pg(void *ctx)
{
	pg_target *t = ctx;
	bo_err err = {0};
	(void)bo_pg_destroy(t->url, &err);
}

typedef struct group {
	const char *name;
	const struct CMUnitTest *tests;
	const size_t *count;
} group;

/* Runs one test in a child of its own (an op a port does not have yet is
 * an assertion that would end the whole run), its output kept and shown
 * only when it fails. 0 when it passed. */
static int run_one(const bo_contract_backend *b, const char *name)
{
	char log[] = "/tmp/bo-ct-pg-XXXXXX";
	int fd = mkstemp(log);
	if (fd < 0)
		return 1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		/* a test that waits on a lock forever ends as a failure */
		alarm(600);
		cmocka_set_test_filter(name);
		_exit(bo_contract_run(b) == 0 ? 0 : 1);
	}
	int status = 1;
	if (pid > 0)
		waitpid(pid, &status, 0);
	int failed =
	    !(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (failed) {
		printf("FAILED %s:\n", name);
		FILE *f = fdopen(fd, "r");
		char line[512];
		rewind(f);
		while (f && fgets(line, sizeof line, f))
			if (strstr(line, "ERROR") || strstr(line, "LINE") ||
			    strstr(line, "failed") || strstr(line, "Assert") ||
			    strstr(line, "store"))
				printf("    %s", line);
		if (!WIFEXITED(status))
			printf("    (ended by signal %d)\n",
			       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		fclose(f);
	} else {
		close(fd);
	}
	unlink(log);
	return failed;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The URL the suite connects with: BACKOFFICE_TEST_PG, sent to the
 * throwaway cluster's Unix socket when tests/support/with_pg.sh made one
 * (BACKOFFICE_TEST_PG_SOCKET; a host= parameter overrides the URL's host,
 * and the socket trusts local logins). The suite opens some 350
 * connections, and each SCRAM login over TCP costs the client 4096 rounds
 * of PBKDF2: under valgrind that was most of an eight-minute run. Logins and
 * passwords are what test_postgres and the e2e runs check, not this
 * suite. NULL when there is nothing to connect to.
 */
static const char *suite_url(char *buf, size_t cap)
{
	const char *base = getenv("BACKOFFICE_TEST_PG");
	const char *sock = getenv("BACKOFFICE_TEST_PG_SOCKET");
	if (!base || !*base)
		return NULL;
	if (!sock || *sock != '/')
		return base;
	size_t n = (size_t)snprintf(buf, cap, "%s%shost=", base,
				    strchr(base, '?') ? "&" : "?");
	for (const unsigned char *p = (const unsigned char *)sock;
	     *p && n + 4 < cap; p++) {
		/* percent-encoded but for the characters a path needs */
		if (isalnum(*p) || strchr("/._-", *p))
			buf[n++] = (char)*p;
		else
			n += (size_t)snprintf(buf + n, cap - n, "%%%02X", *p);
	}
	if (n + 4 >= cap)
		return base;
	buf[n] = '\0';
	/* a socket the server could not make (a path too long) leaves TCP */
	return PQping(buf) == PQPING_OK ? buf : base;
}

int main(void)
{
	static char url[512];
	pg_target t = {suite_url(url, sizeof url), "", 0};
	if (!t.base) {
		printf("test_contract_postgres: BACKOFFICE_TEST_PG is not set; "
		       "skipped (run under tests/support/with_pg.sh)\n");
		return 0;
	}
	/* the swap renames the tables, whose locks make readers wait */
	bo_contract_backend b = {"postgresql contract", open_pg, cleanup_pg, &t,
				 open_pg_again,         true};
	/* BO_CONTRACT_FILTER=glob: those tests, in one run, as cmocka does */
	const char *filter = getenv("BO_CONTRACT_FILTER");
	if (filter && *filter) {
		cmocka_set_test_filter(filter);
		return bo_contract_run(&b);
	}
	const group groups[] = {
	    {"events", bo_contract_event_tests, &bo_contract_event_count},
	    {"rows", bo_contract_row_tests, &bo_contract_row_count},
	    {"live", bo_contract_live_tests, &bo_contract_live_count},
	    {"reactors", bo_contract_reactor_tests, &bo_contract_reactor_count},
	    {"engine", bo_contract_engine_tests, &bo_contract_engine_count},
	    {"reports", bo_contract_report_tests, &bo_contract_report_count},
	    {"commands", bo_contract_command_tests, &bo_contract_command_count},
	    {"find", bo_contract_find_tests, &bo_contract_find_count},
	    {"bulks", bo_contract_bulk_tests, &bo_contract_bulk_count},
	    {"shadow", bo_contract_shadow_tests, &bo_contract_shadow_count},
	    {"concurrency", bo_contract_concurrency_tests,
	     &bo_contract_concurrency_count},
	};
	int failed = 0;
	char summary[2048] = "";
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		size_t bad = 0;
		/* each group's wall time, to see where a slow run goes */
		double t0 = now_s();
		for (size_t i = 0; i < *groups[g].count; i++)
			bad += (size_t)run_one(&b, groups[g].tests[i].name);
		failed += (int)bad;
		char line[128];
		snprintf(line, sizeof line,
			 "  %-12s %zu/%zu passed in %.1f s\n", groups[g].name,
			 *groups[g].count - bad, *groups[g].count,
			 now_s() - t0);
		strncat(summary, line, sizeof summary - strlen(summary) - 1);
	}
	printf("postgresql contract (over %s), by group:\n%s",
	       t.base == url ? "the cluster's Unix socket" : "the URL's host",
	       summary);
	printf("%d contract test(s) failed on PostgreSQL\n", failed);
	return failed ? 1 : 0;
}
