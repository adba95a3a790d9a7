/* Commands of the projection engine: projections status, run [--follow], rebuild, verify. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_output.h"
#include "adapters/cli/progress.h"
#include "domain/app_projections.h"
#include "domain/termtext.h"

#define FOLLOW_POLL_MS 500
/* With a store that wakes the follower (wait_fd), a look now and then all
 * the same, for a connection that died without a word. */
#define FOLLOW_WOKEN_MS 5000
/* Tries to get a lost connection back before --follow gives up. */
#define FOLLOW_RECONNECTS 6

/* The projector the command names, or NULL for all of them. */
static const char *projector_arg(const bo_cli_ctx *c)
{
	return c->args->npos > 0 ? c->args->pos[0] : NULL;
}

/* ---- status --------------------------------------------------------------- */

static const bo_column status_cols[] = {
    {"name", "PROJECTOR", BO_COL_ALL},
    {"version", "VERSION", BO_COL_ALL | BO_COL_RIGHT},
    {"stored_version", "STORED", BO_COL_ALL | BO_COL_RIGHT},
    {"checkpoint", "CHECKPOINT", BO_COL_ALL | BO_COL_RIGHT},
    {"head", "HEAD", BO_COL_ALL | BO_COL_RIGHT},
    {"lag", "LAG", BO_COL_ALL | BO_COL_RIGHT},
    {"mode", "MODE", BO_COL_ALL},
};

#define NSTATUS_COLS (sizeof(status_cols) / sizeof(status_cols[0]))

typedef struct status_ctx {
	bo_out out;
	bo_err err;
} status_ctx;

static int status_row(void *ctx, const bo_projector_status *s)
{
	status_ctx *x = ctx;
	bo_cell cells[NSTATUS_COLS] = {
	    bo_cell_str(s->name),
	    bo_cell_int(s->code_version),
	    bo_cell_int(s->stored_version),
	    bo_cell_int(s->checkpoint),
	    bo_cell_int(s->head),
	    bo_cell_int(s->lag),
	    bo_cell_str(s->inline_apply ? "inline" : "catch-up"),
	};

	return bo_out_row(&x->out, cells, &x->err);
}

int bo_cli_projections_status(bo_cli_ctx *c, bo_err *err)
{
	status_ctx x;
	int rc;

	bo_err_clear(&x.err);
	bo_out_init(&x.out, c->out, c->fmt, status_cols, NSTATUS_COLS, false);
	rc = bo_app_projections_status(c->app, status_row, &x, err);
	if (rc > 0 || x.err.code) {
		*err = x.err;
		rc = x.err.code ? x.err.code : BO_ENOMEM;
	}
	if (rc == 0)
		return bo_out_end(&x.out, err);
	bo_out_free(&x.out);
	return rc;
}

/* ---- run [--follow] ------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

/* Only sets a flag: the loop notices it between polls and batches. */
static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* A replay in --follow, and a rebuild, stop at the next batch once
 * interrupted. */
static int follow_progress(void *ctx, const char *what, int64_t done,
			   int64_t total)
{
	bo_progress_replay(ctx, what, done, total);
	return interrupted != 0;
}

/* Sleeps up to ms, waking early on a signal. */
static void nap(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Until the store says another connection committed (its wait_fd turns
 * readable: a NOTIFY on PostgreSQL), a signal, or the fallback tick; then
 * data_version quiets the descriptor. A wake-up is only that: the next
 * batch reads from the projectors' checkpoints, never from the message. */
static void wait_for_change(const bo_store *st)
{
	int fd = bo_store_wait_fd(st);
	int64_t v;

	if (fd < 0) {
		nap(FOLLOW_POLL_MS);
		return;
	}
	struct pollfd p = {fd, POLLIN, 0};
	if (poll(&p, 1, FOLLOW_WOKEN_MS) > 0)
		(void)bo_store_data_version(st, &v, NULL);
}

/* After a failed batch: 1 when the store's connection had been lost and is
 * back (said on stderr, one line each), 0 when the failure was something
 * else, negative when the server stayed away. */
static int follow_reconnect(bo_cli_ctx *c, const bo_err *failed, bo_err *err)
{
	const bo_store *st = &c->app->ports->store;
	int rc = bo_store_reconnect(st, 1, err);

	if (rc == 0)
		return 0;
	bo_cli_report(stderr, failed);
	if (rc < 0)
		rc = bo_store_reconnect(st, FOLLOW_RECONNECTS, err);
	if (rc > 0)
		fprintf(stderr, "backoffice: reconnected to the store; "
				"following from the checkpoints\n");
	return rc;
}

static int follow(bo_cli_ctx *c, const char *name, bo_err *err)
{
	struct sigaction sa, old_int, old_term;
	bo_progress bar;
	bo_err shown; /* the reactor failure last reported: said once */
	int rc = 0, busy;

	bo_err_clear(&shown);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal cuts the sleep short */
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	bo_progress_init(&bar, NULL);
	fprintf(c->out, "following the log; stop with Ctrl-C\n");
	fflush(c->out);
	while (!interrupted) {
		rc = bo_app_projections_run(c->app, name, follow_progress, &bar,
					    err);
		bo_progress_end(&bar);
		/* an interrupted batch is rolled back; the others stay */
		if (rc == BO_ESTOPPED && interrupted)
			rc = 0;
		/* a writer held the store past the wait: nothing of this
		 * batch stayed, the next poll tries again */
		busy = rc == BO_EBUSY;
		if (busy) {
			fprintf(stderr, "backoffice: warning: the store was "
					"busy; the next poll tries again\n");
			rc = 0;
		}
		if (rc < 0 && !interrupted) {
			bo_err failed = *err;
			int back = follow_reconnect(c, &failed, err);

			if (back > 0)
				continue;
			if (back == 0)
				*err = failed;
			else
				rc = back;
		}
		if (rc != 0)
			break;
		if (c->app->reactor_err.code &&
		    strcmp(c->app->reactor_err.msg, shown.msg) != 0) {
			bo_cli_report(stderr, &c->app->reactor_err);
			shown = c->app->reactor_err;
		}
		/* work is left after a busy batch: no commit will announce
		 * it (on PostgreSQL the wake-up is a NOTIFY), so the next try
		 * comes after the short poll, not the long fallback tick */
		if (!interrupted && busy)
			nap(FOLLOW_POLL_MS);
		else if (!interrupted)
			wait_for_change(&c->app->ports->store);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc == 0)
		fprintf(c->out, "stopped\n");
	return rc;
}

typedef struct lag_ctx {
	FILE *out;
	const char *only;
} lag_ctx;

static int print_position(void *ctx, const bo_projector_status *s)
{
	lag_ctx *x = ctx;

	if (!x->only || strcmp(x->only, s->name) == 0)
		fprintf(x->out, "%s: at %lld of %lld\n", s->name,
			(long long)s->checkpoint, (long long)s->head);
	return 0;
}

int bo_cli_projections_run(bo_cli_ctx *c, bo_err *err)
{
	const char *name = projector_arg(c);
	lag_ctx x = {c->out, name};
	bo_progress bar;
	int rc;

	if (bo_cli_option(c->args, "--follow"))
		return follow(c, name, err);
	bo_progress_init(&bar, NULL);
	rc =
	    bo_app_projections_run(c->app, name, bo_progress_replay, &bar, err);
	bo_progress_end(&bar);
	if (rc != 0)
		return rc;
	if (c->app->reactor_err.code)
		bo_cli_report(stderr, &c->app->reactor_err);
	return bo_app_projections_status(c->app, print_position, &x, err);
}

/* ---- rebuild -------------------------------------------------------------- */

int bo_cli_projections_rebuild(bo_cli_ctx *c, bo_err *err)
{
	const char *name = projector_arg(c);
	lag_ctx x = {c->out, name};
	bo_progress bar;
	struct timespec t0, t1;
	double secs;
	bo_replay_stats st = {0};
	struct sigaction sa, old_int, old_term;
	int rc;

	/* Ctrl-C asks the rebuild to stop at the next batch: the shadow is
	 * dropped and the live model stays as it was (exit 9). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	bo_progress_init(&bar, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = bo_app_projections_rebuild(c->app, name, follow_progress, &bar,
					&st, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	bo_progress_end(&bar);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc != 0)
		return rc;
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* the timing goes to stderr: stdout stays the same run after run */
	fprintf(stderr,
		"rebuilt %s from %lld events in %.2f s (%.0f events/s)\n",
		name ? name : "every projector", (long long)st.events, secs,
		secs > 0 ? (double)st.events / secs : 0.0);
	if (st.unprojected > 0)
		fprintf(stderr,
			"%lld events of an unknown type or a newer schema "
			"version are kept in the log but not projected; see: "
			"backoffice events upcast --dry-run\n",
			(long long)st.unprojected);
	return bo_app_projections_status(c->app, print_position, &x, err);
}

/* ---- verify --------------------------------------------------------------- */

typedef struct verify_ctx {
	bo_out out;
	bo_err err;
} verify_ctx;

static const bo_column diff_cols[] = {
    {"table", "TABLE", BO_COL_ALL},
    {"side", "SIDE", BO_COL_ALL},
    {"row", "ROW", BO_COL_ALL},
};

static int diff_row(void *ctx, const bo_row *row, bo_row_side side)
{
	verify_ctx *x = ctx;
	char *text = NULL;
	int rc;

	if (bo_row_format(&text, row) != 0)
		return bo_err_set(&x->err, BO_ENOMEM, "out of memory");
	{
		bo_cell cells[3] = {bo_cell_str(row->table),
				    bo_cell_str(bo_row_side_name(side)),
				    bo_cell_str(text)};

		rc = bo_out_row(&x->out, cells, &x->err);
	}
	free(text);
	return rc;
}

int bo_cli_projections_verify(bo_cli_ctx *c, bo_err *err)
{
	const char *name = projector_arg(c);
	bo_progress bar;
	verify_ctx x;
	int64_t n = 0;
	int rc;

	bo_err_clear(&x.err);
	bo_out_init(&x.out, c->out, c->fmt, diff_cols, 3, false);
	bo_progress_init(&bar, NULL);
	rc = bo_app_projections_verify(c->app, name, bo_progress_replay, &bar,
				       diff_row, &x, &n, err);
	bo_progress_end(&bar);
	if (rc > 0 || x.err.code) {
		*err = x.err;
		rc = x.err.code ? x.err.code : BO_ENOMEM;
	}
	if (rc != 0) {
		bo_out_free(&x.out);
		return rc;
	}
	if (c->fmt == BO_FORMAT_TABLE && n == 0)
		bo_out_free(&x.out);
	else if ((rc = bo_out_end(&x.out, err)) != 0)
		return rc;
	if (n == 0) {
		if (c->fmt == BO_FORMAT_TABLE)
			fprintf(c->out, "%s: the read model matches the log\n",
				name ? name : "every projector");
		return 0;
	}
	/* exit 5: the model differs from the log (a conflict with it) */
	return bo_err_set(err, BO_ECONFLICT,
			  "%lld row%s of %s differ%s from a rebuild from the "
			  "log; repair with: backoffice projections rebuild",
			  (long long)n, n == 1 ? "" : "s",
			  name ? name : "the read models", n == 1 ? "s" : "");
}
