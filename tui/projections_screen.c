/* The Projections screen: versions, checkpoints and lag per projector; run, rebuild with progress, verify. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app_projections.h"
#include "tui/projections_screen.h"
#include "tui/tui.h"

#define MAX_ROWS 16    /* projectors this screen lists */
#define KEEP_DIFFS 200 /* differing rows kept to show; all are counted */

typedef struct projections {
	bo_tui *tui;
	bo_projector_status rows[MAX_ROWS];
	size_t n;
	size_t cursor;
	bool admin;
	char refusal[sizeof(((bo_err *)0)->msg)];

	/* a replay in progress, drawn while it runs */
	bool busy;
	char what[160];
	int64_t done, total;
	/* its pace: when it began (the clock's ms) and the events/s so far
	 * (-1 until a first interval is measured) */
	int64_t began_ms, began_done, rate;

	/* the last verify: which projector, how many rows differ, the first
	 * KEEP_DIFFS of them as text */
	bool verified;
	char verified_name[64];
	int64_t ndiff;
	char **diffs;
	size_t ndiffs;
	int diff_top;

	char pending[64]; /* the projector a y/N question is about */
} projections;

/* ---- loading ---------------------------------------------------------------- */

static int status_row(void *ctx, const bo_projector_status *st)
{
	projections *p = ctx;

	if (p->n < MAX_ROWS)
		p->rows[p->n++] = *st;
	return 0;
}

static void reload(projections *p)
{
	char name[64] = "";
	bo_err err;

	bo_err_clear(&err);
	if (!p->admin)
		return;
	if (p->n)
		snprintf(name, sizeof(name), "%s", p->rows[p->cursor].name);
	p->n = 0;
	if (bo_app_projections_status(bo_tui_app(p->tui), status_row, p, &err) <
	    0)
		bo_tui_error(p->tui, &err);
	/* the cursor stays on the projector it was on */
	p->cursor = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rows[i].name, name))
			p->cursor = i;
}

static void clear_diffs(projections *p)
{
	for (size_t i = 0; i < p->ndiffs; i++)
		free(p->diffs[i]);
	free(p->diffs);
	p->diffs = NULL;
	p->ndiffs = 0;
	p->ndiff = 0;
	p->diff_top = 0;
	p->verified = false;
}

/* ---- running replays ---------------------------------------------------------- */

/* The engine's progress: remembered for draw(), then shown at once. */
static int on_progress(void *ctx, const char *what, int64_t done, int64_t total)
{
	projections *p = ctx;
	int64_t now = bo_clock_now(&bo_tui_app(p->tui)->clock);

	if (!p->busy || done < p->done) {
		p->began_ms = now;
		p->began_done = done;
		p->rate = -1;
	} else if (now > p->began_ms) {
		p->rate = (done - p->began_done) * 1000 / (now - p->began_ms);
	}
	p->busy = true;
	snprintf(p->what, sizeof(p->what), "%s", what ? what : "");
	p->done = done;
	p->total = total;
	return bo_tui_busy(p->tui);
}

static const char *selected(projections *p)
{
	return p->n ? p->rows[p->cursor].name : NULL;
}

static void run(projections *p)
{
	const char *name = selected(p);
	bo_app *app = bo_tui_app(p->tui);
	char copy[64];
	bo_err err;
	int rc;

	bo_err_clear(&err);
	if (!name)
		return;
	snprintf(copy, sizeof(copy), "%s", name);
	rc = bo_app_projections_run(app, copy, on_progress, p, &err);
	p->busy = false;
	reload(p);
	if (rc < 0)
		bo_tui_error(p->tui, &err);
	else if (app->reactor_err.code)
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "%s caught up; the reactors failed: %s", copy,
			       app->reactor_err.msg);
	else
		bo_tui_message(p->tui, BO_STYLE_OK,
			       "%s caught up with the log (position %" PRId64
			       ")",
			       copy, p->n ? p->rows[p->cursor].checkpoint : 0);
}

static int rebuild_answer(bo_screen *s, int yes, const char *text)
{
	projections *p = s->state;
	bo_err err;
	int rc;

	(void)text;
	bo_err_clear(&err);
	if (!yes || !p->pending[0]) {
		bo_tui_message(p->tui, BO_STYLE_DIM, "nothing was rebuilt");
		return BO_HANDLED;
	}
	bo_replay_stats st = {0};

	rc = bo_app_projections_rebuild(bo_tui_app(p->tui), p->pending,
					on_progress, p, &st, &err);
	p->busy = false;
	reload(p);
	if (rc < 0)
		bo_tui_error(p->tui, &err);
	else if (st.unprojected > 0)
		bo_tui_message(
		    p->tui, BO_STYLE_WARNING,
		    "rebuilt %s; %lld events of an unknown type or "
		    "newer version are kept in the log, not projected",
		    p->pending, (long long)st.unprojected);
	else
		bo_tui_message(p->tui, BO_STYLE_OK,
			       "rebuilt %s from the whole log", p->pending);
	p->pending[0] = '\0';
	return BO_HANDLED;
}

static void ask_rebuild(bo_screen *s)
{
	projections *p = s->state;
	char question[200];

	if (!selected(p))
		return;
	snprintf(p->pending, sizeof(p->pending), "%s", selected(p));
	snprintf(question, sizeof(question),
		 "Rebuild %s from the whole log (%" PRId64 " events)?",
		 p->pending, p->rows[p->cursor].head);
	bo_tui_confirm(p->tui, s, question, rebuild_answer);
}

static int keep_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	projections *p = ctx;
	const char *sname = bo_row_side_name(side);
	char **grown;
	char *text = NULL;
	size_t len;
	char *line;

	if (p->ndiffs >= KEEP_DIFFS)
		return 0;
	/* a negative return stops the verify with that status (ports.h) */
	if (bo_row_format(&text, row) != 0)
		return BO_ENOMEM;
	len = strlen(row->table) + strlen(sname) + strlen(text) + 8;
	if (!(line = malloc(len))) {
		free(text);
		return BO_ENOMEM;
	}
	snprintf(line, len, "%s: %s: %s", row->table, sname, text);
	free(text);
	if (!(grown = realloc(p->diffs, (p->ndiffs + 1) * sizeof(*grown)))) {
		free(line);
		return BO_ENOMEM;
	}
	p->diffs = grown;
	p->diffs[p->ndiffs++] = line;
	return 0;
}

static void verify(projections *p)
{
	const char *name = selected(p);
	int64_t n = 0;
	bo_err err;
	int rc;

	bo_err_clear(&err);
	if (!name)
		return;
	clear_diffs(p);
	snprintf(p->verified_name, sizeof(p->verified_name), "%s", name);
	rc = bo_app_projections_verify(bo_tui_app(p->tui), p->verified_name,
				       on_progress, p, keep_diff, p, &n, &err);
	p->busy = false;
	if (rc > 0)
		rc = bo_err_set(&err, BO_ENOMEM,
				"out of memory keeping the differences");
	if (rc < 0) {
		clear_diffs(p);
		bo_tui_error(p->tui, &err);
		return;
	}
	p->verified = true;
	p->ndiff = n;
	if (n == 0)
		bo_tui_message(p->tui, BO_STYLE_OK,
			       "%s: identical to a rebuild from the log",
			       p->verified_name);
	else
		bo_tui_message(p->tui, BO_STYLE_WARNING,
			       "%s: %" PRId64 " row%s differ%s from a rebuild; "
			       "b rebuilds it",
			       p->verified_name, n, n == 1 ? "" : "s",
			       n == 1 ? "s" : "");
}

/* ---- keys --------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	projections *p = s->state;

	if (!p->admin)
		return BO_IGNORED;
	switch (key) {
	case 'b':
		ask_rebuild(s);
		return BO_HANDLED;
	case 'v':
		verify(p);
		return BO_HANDLED;
	default:
		break;
	}
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		if (p->cursor + 1 < p->n)
			p->cursor++;
		break;
	case BO_REQ_MOVE_UP:
		if (p->cursor > 0)
			p->cursor--;
		break;
	case BO_REQ_FIRST:
		p->cursor = 0;
		break;
	case BO_REQ_LAST:
		p->cursor = p->n ? p->n - 1 : 0;
		break;
	case BO_REQ_PAGE_DOWN:
		if (p->verified && (size_t)p->diff_top + 1 < p->ndiffs)
			p->diff_top++;
		break;
	case BO_REQ_PAGE_UP:
		if (p->diff_top > 0)
			p->diff_top--;
		break;
	case BO_REQ_RELOAD:
		run(p);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_progress(projections *p, bo_canvas *c, int y)
{
	char line[240];
	int bar = c->cols - 2 - 40, filled;
	int64_t pct = p->total > 0 ? p->done * 100 / p->total : 100;

	if (bar > 50)
		bar = 50;
	if (bar < 10)
		bar = 10;
	filled = p->total > 0 ? (int)(p->done * bar / p->total) : bar;
	/* "rebuild reports  1200 events/s  about 4 s left": a rebuild is
	 * online, so the pace is worth watching while writers go on */
	if (p->rate > 0)
		snprintf(line, sizeof(line),
			 "%s  %" PRId64 " events/s  about %" PRId64 " s left",
			 p->what, p->rate,
			 (p->total > p->done ? p->total - p->done : 0) /
			     p->rate);
	else
		snprintf(line, sizeof(line), "%s  measuring the pace", p->what);
	bo_canvas_text(c, y, 1, BO_STYLE_HIGHLIGHT, line, c->cols - 2);
	bo_canvas_text(c, y + 1, 1, BO_STYLE_NORMAL, "[", 1);
	for (int i = 0; i < bar; i++)
		bo_canvas_text(c, y + 1, 2 + i,
			       i < filled ? BO_STYLE_OK : BO_STYLE_DIM,
			       bo_canvas_glyph(c, i < filled ? BO_GLYPH_BLOCK
							     : BO_GLYPH_HLINE),
			       1);
	snprintf(line, sizeof(line),
		 "] %3" PRId64 "%%  %" PRId64 " of %" PRId64
		 " events  Esc stops",
		 pct, p->done, p->total);
	bo_canvas_text(c, y + 1, 2 + bar, BO_STYLE_NORMAL, line,
		       c->cols - 3 - bar);
}

/*
 * Draws text from y, x in lines of at most w columns, broken at spaces (a
 * word wider than a line is cut), up to row end - 1. Returns the rows used.
 */
static int draw_wrapped(bo_canvas *c, int y, int x, int w, int end,
			const char *text)
{
	const char *p = text;
	int used = 0;

	while (*p && y + used < end) {
		const char *cut = NULL, *q = p;

		/* grow the line word by word while it fits */
		for (;;) {
			const char *sp = strchr(q, ' ');
			const char *stop = sp ? sp : q + strlen(q);
			char *part = strndup(p, (size_t)(stop - p));
			int fits = part && bo_canvas_text_width(part) <= w;

			free(part);
			if (!fits && cut)
				break;
			cut = stop;
			if (!fits || !sp)
				break;
			q = sp + 1;
		}
		{
			char *line = strndup(p, (size_t)(cut - p));

			if (line)
				bo_canvas_text(c, y + used, x, BO_STYLE_NORMAL,
					       line, w);
			free(line);
		}
		used++;
		p = *cut ? cut + 1 : cut;
	}
	return used;
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	projections *p = s->state;
	static const char *const heads[] = {"PROJECTOR",  "MODE", "VERSION",
					    "CHECKPOINT", "HEAD", "LAG",
					    "STATE"};
	static const int widths[] = {14, 9, 8, 10, 10, 8, 13};
	int y, x;

	if (!p->admin) {
		bo_canvas_text(c, top + 1, 2, BO_STYLE_ERROR, p->refusal,
			       c->cols - 4);
		bo_canvas_text(c, top + 2, 2, BO_STYLE_DIM,
			       "keeping the read models is admin upkeep; ask "
			       "an admin",
			       c->cols - 4);
		return;
	}
	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	x = 1;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		if (i >= 2 && i <= 5)
			bo_canvas_text_right(c, top, x, widths[i],
					     BO_STYLE_HEADER, heads[i]);
		else
			bo_canvas_text(c, top, x, BO_STYLE_HEADER, heads[i],
				       widths[i]);
		x += widths[i] + 1;
	}
	y = top + 1;
	for (size_t i = 0; i < p->n && y < top + height; i++, y++) {
		const bo_projector_status *r = &p->rows[i];
		char text[5][40];
		const char *state = "up to date";
		bo_style role = BO_STYLE_OK;

		if (r->stored_version != r->code_version) {
			state =
			    r->stored_version ? "old version" : "never built";
			role = BO_STYLE_WARNING;
		} else if (r->lag > 0) {
			state = "behind";
			role = BO_STYLE_WARNING;
		}
		snprintf(text[0], 40, "%d/%d", r->code_version,
			 r->stored_version);
		snprintf(text[1], 40, "%" PRId64, r->checkpoint);
		snprintf(text[2], 40, "%" PRId64, r->head);
		snprintf(text[3], 40, "%" PRId64, r->lag);
		x = 1;
		bo_canvas_text(c, y, x, BO_STYLE_NORMAL, r->name, widths[0]);
		x += widths[0] + 1;
		bo_canvas_text(c, y, x, BO_STYLE_DIM,
			       r->inline_apply ? "inline" : "catch-up",
			       widths[1]);
		x += widths[1] + 1;
		for (int k = 0; k < 4; k++) {
			bo_canvas_text_right(c, y, x, widths[2 + k],
					     k == 3 && r->lag ? BO_STYLE_WARNING
							      : BO_STYLE_NORMAL,
					     text[k]);
			x += widths[2 + k] + 1;
		}
		bo_canvas_text(c, y, x, role, state, widths[6]);
		if (i == p->cursor)
			bo_canvas_paint(c, y, 0, c->cols, BO_STYLE_SELECTED);
	}
	y++;
	bo_canvas_text(c, y++, 1, BO_STYLE_DIM,
		       "version: this build's/stored   R catch up   b rebuild "
		       "(asks first)   v verify",
		       c->cols - 2);
	y++;
	if (p->busy && y + 1 < top + height) {
		draw_progress(p, c, y);
		return;
	}
	if (!p->verified || y >= top + height)
		return;
	if (p->ndiff == 0) {
		char line[160];

		snprintf(line, sizeof(line),
			 "verify %s: identical to a rebuild from the log",
			 p->verified_name);
		bo_canvas_text(c, y, 1, BO_STYLE_OK, line, c->cols - 2);
		return;
	}
	{
		char line[200];

		snprintf(line, sizeof(line),
			 "verify %s: %" PRId64 " row%s differ%s (PgUp PgDn "
			 "scroll)",
			 p->verified_name, p->ndiff, p->ndiff == 1 ? "" : "s",
			 p->ndiff == 1 ? "s" : "");
		bo_canvas_text(c, y++, 1, BO_STYLE_WARNING, line, c->cols - 2);
	}
	for (size_t i = (size_t)p->diff_top; i < p->ndiffs && y < top + height;
	     i++)
		y += draw_wrapped(c, y, 3, c->cols - 4, top + height,
				  p->diffs[i]);
	if (y < top + height && (int64_t)p->ndiffs < p->ndiff)
		bo_canvas_text(c, y, 3, BO_STYLE_DIM,
			       "(only the first differences are kept)",
			       c->cols - 4);
}

static void refresh(bo_screen *s)
{
	reload(s->state);
}

static int open_screen(bo_screen *s, bo_err *err)
{
	projections *p = s->state;
	bo_app *app = bo_tui_app(s->tui);

	(void)err;
	p->tui = s->tui;
	/* the services refuse the rest to others anyway; the screen says so
	 * up front instead of offering keys that fail */
	p->admin = app->role == BO_ROLE_ADMIN;
	if (!p->admin)
		snprintf(p->refusal, sizeof(p->refusal),
			 "user %s (%s) may not run, rebuild or verify "
			 "projections",
			 app->user, bo_role_name(app->role));
	reload(p);
	return BO_OK;
}

static void close_screen(bo_screen *s)
{
	projections *p = s->state;

	if (!p)
		return;
	clear_diffs(p);
	free(p);
}

static const bo_hint hints[] = {
    {BO_REQ_REBUILD, "rebuild"}, {BO_REQ_VERIFY, "verify"},
    {BO_REQ_RELOAD, "reload"},   {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_projections_screen_ops = {
    .name = "projections",
    .title = "Projections",
    .open = open_screen,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .close = close_screen,
    .hints = hints,
};

int bo_projections_screen_open(bo_tui *t, bo_err *err)
{
	projections *p = calloc(1, sizeof(*p));

	if (!p)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return bo_tui_push(t, &bo_projections_screen_ops, p, err);
}
