/* The order timeline: events, a detail pane with the state after each one, notes, cancel and refund. */
#include "tui/timeline.h"
#include "tui/customer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/calendar.h"
#include "domain/present.h"
#include "tui/list.h"
#include "tui/orders.h"
#include "tui/timeline_detail.h"
#include "tui/tui.h"

typedef struct timeline {
	bo_tui *tui;
	int64_t id;
	bo_order now; /* the order as loaded: its version is what we saw */
	bo_timeline_row *rows;
	size_t n;
	bo_event_list events; /* the same events, full payloads */
	bo_cursor at;         /* over rows */
	bool detail_focus;
	bool summary;   /* the lower pane shows the order now, not the event */
	int detail_top; /* first detail row shown (lines wrap) */
	int detail_visible; /* detail rows shown at the last draw */
	int detail_rows;    /* the detail lines wrapped, at the last draw */
	bo_detail detail;
	int64_t lines_for; /* the version the detail lines describe; 0: none */
	/* An action in progress (a prompt or a question is open): the order's
	 * version when it began, and what was typed so far. */
	int64_t asked_version;
	bo_order_can_info asked; /* the service's last answer */
	int64_t amount;          /* a refund's, parsed once from the text */
	bool refund;             /* a cancel's: refund with it */
	char *reason;
	char status_line[64];
} timeline;

static const char *money(char *buf, int64_t amount, const bo_app *app)
{
	return bo_money_format(buf, amount, &app->currency);
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* A text of any length (a question quoting what was typed); NULL when out
 * of memory. The caller frees it. */
static char *textf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *textf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct collect {
	bo_timeline_row *rows;
	size_t n;
	int rc;
} collect;

static char *dup_or_null(const char *s, int *rc)
{
	char *d = NULL;

	if (s && !(d = strdup(s)))
		*rc = BO_ENOMEM;
	return d;
}

static int collect_cb(void *ctx, const bo_timeline_row *r)
{
	collect *c = ctx;
	bo_timeline_row *grown = realloc(c->rows, (c->n + 1) * sizeof(*grown));
	bo_timeline_row *d;
	int rc = BO_OK;

	if (!grown)
		return c->rc = BO_ENOMEM;
	c->rows = grown;
	d = &grown[c->n++];
	*d = *r;
	d->event_id = dup_or_null(r->event_id, &rc);
	d->user = dup_or_null(r->user, &rc);
	d->role = dup_or_null(r->role, &rc);
	d->type_name = dup_or_null(r->type_name, &rc);
	d->summary = dup_or_null(r->summary, &rc);
	return c->rc = rc;
}

static void free_rows(bo_timeline_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_timeline_row_clear(&rows[i]);
	free(rows);
}

static void free_lines(timeline *t)
{
	bo_detail_clear(&t->detail);
	t->lines_for = 0;
}

/* Reads the order, its events and its timeline lines. A change landing
 * between the reads shows as counts that disagree: read once more. */
static int load(timeline *t, bo_err *err)
{
	bo_app *app = bo_tui_app(t->tui);
	bo_order now = {0};
	bo_event_list ev = {0};
	collect c = {0};
	int rc = BO_OK;

	for (int attempt = 0; attempt < 2; attempt++) {
		bo_order_clear(&now);
		bo_event_list_clear(&ev);
		free_rows(c.rows, c.n);
		memset(&c, 0, sizeof(c));
		if ((rc = bo_app_order_get(app, t->id, 0, &now, err)) < 0 ||
		    (rc = bo_app_order_events(app, t->id, &ev, err)) < 0 ||
		    (rc = bo_app_order_timeline(app, t->id, collect_cb, &c,
						err)) < 0 ||
		    (rc = c.rc) < 0) {
			if (rc == BO_ENOMEM)
				bo_err_set(err, rc,
					   "out of memory reading "
					   "order %lld",
					   (long long)t->id);
			goto fail;
		}
		if ((int64_t)ev.n == now.version && c.n == ev.n)
			break;
	}
	bo_order_clear(&t->now);
	bo_event_list_clear(&t->events);
	free_rows(t->rows, t->n);
	t->now = now;
	t->events = ev;
	t->rows = c.rows;
	t->n = c.n;
	free_lines(t);
	return BO_OK;
fail:
	bo_order_clear(&now);
	bo_event_list_clear(&ev);
	free_rows(c.rows, c.n);
	return rc;
}

static void build_detail(timeline *t);

/* Reloads; the cursor stays on the same event, or goes to the newest. */
static int reload(timeline *t, bool to_last, bo_err *err)
{
	int64_t keep = t->n ? t->rows[t->at.cursor].version : 0;
	int rc = load(t, err);

	if (rc < 0)
		return rc;
	t->at.cursor = t->n ? t->n - 1 : 0;
	for (size_t i = 0; !to_last && i < t->n; i++)
		if (t->rows[i].version == keep)
			t->at.cursor = i;
	t->detail_top = 0;
	build_detail(t);
	return BO_OK;
}

static const bo_event *event_of(timeline *t, int64_t version)
{
	size_t i = (size_t)(version - 1);

	if (version > 0 && i < t->events.n &&
	    t->events.items[i].version == version)
		return &t->events.items[i];
	for (i = 0; i < t->events.n; i++)
		if (t->events.items[i].version == version)
			return &t->events.items[i];
	return NULL;
}

/*
 * Builds the detail lines of the selected event: its payload, its metadata
 * and the order after it next to the order before it (the service folds the
 * stream up to each version).
 */
static void build_detail(timeline *t)
{
	bo_app *app = bo_tui_app(t->tui);
	const bo_timeline_row *row;
	const bo_event *e;
	bo_order after = {0}, before = {0};
	bo_err err;
	int rc;

	if (!t->n ||
	    t->lines_for ==
		(t->summary ? -t->now.version : t->rows[t->at.cursor].version))
		return;
	free_lines(t);
	bo_err_clear(&err);
	if (t->summary) {
		/* the order as it stands: built from the state already read */
		t->detail.zone = bo_tui_zone(t->tui);
		rc = bo_detail_add(&t->detail, "", BO_STYLE_HEADER, false,
				   "Order %lld now: %s (version %lld)",
				   (long long)t->id,
				   bo_order_status_name(t->now.status),
				   (long long)t->now.version);
		if (!rc)
			rc = bo_detail_add_summary(&t->detail, &t->now, app);
		if (rc == BO_ENOMEM)
			bo_tui_message(t->tui, BO_STYLE_ERROR, "out of memory");
		t->lines_for = -t->now.version;
		return;
	}
	row = &t->rows[t->at.cursor];
	e = event_of(t, row->version);
	rc = bo_detail_add(&t->detail, "", BO_STYLE_HEADER, false,
			   "Event %lld of %zu: %s", (long long)row->version,
			   t->n, str(row->type_name));
	if (!rc && e)
		rc = bo_detail_add_payload(&t->detail, e, app);
	if (!rc && !e)
		rc = bo_detail_add(&t->detail, "", BO_STYLE_WARNING, false,
				   "this event is not in the log any more");
	if (rc)
		goto done;
	/* what the event did comes before where it came from */
	rc = bo_app_order_get(app, t->id, row->version, &after, &err);
	if (!rc && row->version > 1)
		rc = bo_app_order_get(app, t->id, row->version - 1, &before,
				      &err);
	if (!rc)
		rc = bo_detail_add(&t->detail, "", BO_STYLE_HEADER, false,
				   "Order %lld after event %lld (* changed)",
				   (long long)t->id, (long long)row->version);
	else
		rc = bo_detail_add(&t->detail, "", BO_STYLE_ERROR, false, "%s",
				   err.msg);
	if (!rc && after.version)
		rc = bo_detail_add_state(&t->detail, &after, &before, app);
	if (!rc && e)
		rc = bo_detail_add(&t->detail, "", BO_STYLE_HEADER, false,
				   "Metadata");
	t->detail.zone = bo_tui_zone(t->tui);
	if (!rc && e)
		rc = bo_detail_add_meta(&t->detail, e);
done:
	if (rc == BO_ENOMEM)
		bo_tui_message(t->tui, BO_STYLE_ERROR, "out of memory");
	t->lines_for = row->version;
	bo_order_clear(&after);
	bo_order_clear(&before);
}

/* ---- actions ------------------------------------------------------------------ */

static void clear_pending(timeline *t)
{
	free(t->reason);
	t->reason = NULL;
	t->asked_version = 0;
	t->amount = 0;
	t->refund = false;
	memset(&t->asked, 0, sizeof(t->asked));
}

/* Ends a pending action that will not go ahead: says why (nothing when
 * why is NULL: it was said already) and forgets what was asked. */
static int drop(timeline *t, bo_style style, const char *why)
{
	if (why)
		bo_tui_message(t->tui, style, "%s", why);
	clear_pending(t);
	return BO_HANDLED;
}

static int not_cancelled(timeline *t)
{
	bo_tui_message(t->tui, BO_STYLE_DIM, "order %lld was not cancelled",
		       (long long)t->id);
	clear_pending(t);
	return BO_HANDLED;
}

/* Says what changed since the screen was loaded, after reloading it. */
static void explain_change(timeline *t)
{
	const bo_timeline_row *last;
	bo_err err;

	bo_err_clear(&err);
	if (reload(t, true, &err) < 0) {
		bo_tui_error(t->tui, &err);
		return;
	}
	last = t->n ? &t->rows[t->n - 1] : NULL;
	bo_tui_message(t->tui, BO_STYLE_WARNING,
		       "order %lld changed while you were looking: reloaded "
		       "(latest: %s by %s)",
		       (long long)t->id, last ? str(last->type_name) : "?",
		       last ? str(last->user) : "?");
}

/*
 * Asks the service whether the action may go ahead on the order as it is
 * now (amount and reason as typed so far; 0 and NULL: not yet), keeping
 * its answer in t->asked. A refusal is shown in the service's own words;
 * an order that moved since the screen was loaded is reloaded and
 * explained. True when the action may go on.
 */
static bool ask(timeline *t, bo_order_action action, int64_t amount,
		const char *reason)
{
	int64_t seen = t->asked_version ? t->asked_version : t->now.version;
	bo_err err;

	bo_err_clear(&err);
	if (bo_app_order_can(bo_tui_app(t->tui), t->id, action, amount, reason,
			     &t->asked, &err) < 0) {
		if (t->asked.version && t->asked.version != seen)
			explain_change(t);
		else
			bo_tui_error(t->tui, &err);
		return false;
	}
	if (t->asked.version != seen) {
		explain_change(t);
		return false;
	}
	return true;
}

/* True (after explaining) when another agent changed the order since the
 * action began: what was asked about is no longer what is there. */
static bool changed_under(timeline *t)
{
	bo_order o = {0};
	bo_err err;
	int64_t seen = t->asked_version ? t->asked_version : t->now.version;
	bool moved;

	bo_err_clear(&err);
	if (bo_app_order_get(bo_tui_app(t->tui), t->id, 0, &o, &err) < 0) {
		bo_tui_error(t->tui, &err);
		return true;
	}
	moved = o.version != seen;
	bo_order_clear(&o);
	if (moved)
		explain_change(t);
	return moved;
}

/* After a service call: the outcome as a message, the screen reloaded. */
static void finish(timeline *t, int rc, const bo_err *err, bo_style style,
		   const char *done)
{
	bo_err rerr;

	if (rc == BO_ECONFLICT && changed_under(t)) {
		clear_pending(t);
		return;
	}
	clear_pending(t);
	bo_err_clear(&rerr);
	if (rc < 0) {
		bo_tui_error(t->tui, err);
		return;
	}
	if (reload(t, true, &rerr) < 0)
		bo_tui_error(t->tui, &rerr);
	else
		bo_tui_message(t->tui, style, "%s", done);
}

static int note_answer(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	char done[64];
	bo_err err;
	int rc;

	if (!yes)
		return drop(t, BO_STYLE_DIM, "no note was added");
	if (changed_under(t))
		return drop(t, BO_STYLE_DIM, NULL);
	bo_err_clear(&err);
	rc = bo_app_order_note(bo_tui_command(t->tui), t->id, text, &err);
	snprintf(done, sizeof(done), "note added to order %lld",
		 (long long)t->id);
	finish(t, rc, &err, BO_STYLE_OK, done);
	return BO_HANDLED;
}

static int cancel_confirm(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	bo_cancel_outcome out = {0};
	char done[160], a[BO_MONEY_BUFSZ];
	bo_style style = BO_STYLE_OK;
	bo_err err;
	int rc;

	(void)text;
	if (!yes)
		return not_cancelled(t);
	if (changed_under(t))
		return drop(t, BO_STYLE_DIM, NULL);
	bo_err_clear(&err);
	rc = bo_app_order_cancel_refund(bo_tui_command(t->tui), t->id,
					t->reason, t->refund, &out, &err);
	if (out.refunded > 0)
		snprintf(done, sizeof(done),
			 "order %lld cancelled, %s %s "
			 "refunded",
			 (long long)t->id, money(a, out.refunded, app),
			 app->currency.code);
	else if (out.left > 0) {
		style = BO_STYLE_WARNING;
		snprintf(done, sizeof(done),
			 "order %lld cancelled; %s %s stays paid (r to refund "
			 "it)",
			 (long long)t->id, money(a, out.left, app),
			 app->currency.code);
	} else
		snprintf(done, sizeof(done), "order %lld cancelled",
			 (long long)t->id);
	finish(t, rc, &err, style, done);
	return BO_HANDLED;
}

static int cancel_reason(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	char *question, a[BO_MONEY_BUFSZ];

	if (!yes)
		return not_cancelled(t);
	/* the reason is the service's to check, before the last question */
	if (!ask(t, BO_ORDER_ACT_CANCEL, 0, text))
		return drop(t, BO_STYLE_DIM, NULL);
	if (!(t->reason = strdup(text)))
		return drop(t, BO_STYLE_ERROR, "out of memory");
	/* the reason is data: the overlay sanitises it when drawing */
	if (t->refund && t->asked.refundable > 0)
		question =
		    textf("Cancel order %lld and refund %s %s because "
			  "\"%s\"?",
			  (long long)t->id, money(a, t->asked.refundable, app),
			  app->currency.code, text);
	else
		question = textf("Cancel order %lld because \"%s\"?",
				 (long long)t->id, text);
	if (!question)
		return drop(t, BO_STYLE_ERROR, "out of memory");
	bo_tui_confirm(t->tui, s, question, cancel_confirm);
	free(question);
	return BO_HANDLED;
}

static int cancel_refund_answer(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;

	(void)text;
	t->refund = yes;
	bo_tui_prompt(t->tui, s, "cancel reason:", NULL, cancel_reason);
	return BO_HANDLED;
}

static int refund_confirm(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	char done[96], a[BO_MONEY_BUFSZ];
	bo_app *app = bo_tui_app(t->tui);
	bo_err err;
	int rc;

	(void)text;
	if (!yes)
		return drop(t, BO_STYLE_DIM, "no refund was issued");
	if (changed_under(t))
		return drop(t, BO_STYLE_DIM, NULL);
	bo_err_clear(&err);
	snprintf(done, sizeof(done), "refunded %s %s on order %lld",
		 money(a, t->amount, app), app->currency.code,
		 (long long)t->id);
	/* the amount as parsed from what was typed, passed on as it is */
	rc = bo_app_order_refund_amount(bo_tui_command(t->tui), t->id,
					t->amount, t->reason, &err);
	finish(t, rc, &err, BO_STYLE_OK, done);
	return BO_HANDLED;
}

static int refund_reason(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	char *question, a[BO_MONEY_BUFSZ];

	if (!yes)
		return drop(t, BO_STYLE_DIM, "no refund was issued");
	if (!ask(t, BO_ORDER_ACT_REFUND, t->amount, text))
		return drop(t, BO_STYLE_DIM, NULL);
	if (!(t->reason = strdup(text)))
		return drop(t, BO_STYLE_ERROR, "out of memory");
	if (!(question = textf("Refund %s %s on order %lld because \"%s\"?",
			       money(a, t->amount, app), app->currency.code,
			       (long long)t->id, text)))
		return drop(t, BO_STYLE_ERROR, "out of memory");
	bo_tui_confirm(t->tui, s, question, refund_confirm);
	free(question);
	return BO_HANDLED;
}

static int refund_amount(bo_screen *s, int yes, const char *text)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	bo_err err;

	bo_err_clear(&err);
	if (!yes)
		return drop(t, BO_STYLE_DIM, "no refund was issued");
	/* parsed once here; the value goes on to the check and the refund */
	if (bo_money_parse(&t->amount, text, &app->currency, "refund amount",
			   &err) < 0) {
		/* what was typed stays, to be mended (Esc gives up) */
		bo_tui_prompt_again(t->tui, s, text, "%s", err.msg);
		return BO_HANDLED;
	}
	if (!ask(t, BO_ORDER_ACT_REFUND, t->amount, NULL))
		return drop(t, BO_STYLE_DIM, NULL);
	bo_tui_prompt(t->tui, s, "refund reason:", NULL, refund_reason);
	return BO_HANDLED;
}

static void start_cancel(bo_screen *s)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	char *question, a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];

	clear_pending(t);
	if (!ask(t, BO_ORDER_ACT_CANCEL, 0, NULL)) {
		clear_pending(t);
		return;
	}
	t->asked_version = t->asked.version;
	if (t->asked.refundable <= 0) {
		bo_tui_prompt(t->tui, s, "cancel reason:", NULL, cancel_reason);
		return;
	}
	/* money was paid: say how much, and offer it back in the same step */
	if (!(question =
		  textf("Order %lld: %s %s paid, %s %s not refunded. "
			"Refund it with the cancel?",
			(long long)t->id, money(a, t->asked.paid, app),
			app->currency.code, money(b, t->asked.refundable, app),
			app->currency.code))) {
		drop(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_confirm(t->tui, s, question, cancel_refund_answer);
	free(question);
}

static void start_refund(bo_screen *s)
{
	timeline *t = s->state;
	bo_app *app = bo_tui_app(t->tui);
	char label[96], a[BO_MONEY_BUFSZ], b[BO_MONEY_BUFSZ];

	clear_pending(t);
	if (!ask(t, BO_ORDER_ACT_REFUND, 0, NULL)) {
		clear_pending(t);
		return;
	}
	t->asked_version = t->asked.version;
	snprintf(label, sizeof(label), "refund amount (refundable %s %s):",
		 money(a, t->asked.refundable, app), app->currency.code);
	bo_tui_prompt(t->tui, s, label, money(b, t->asked.refundable, app),
		      refund_amount);
}

static void start_note(bo_screen *s)
{
	timeline *t = s->state;

	clear_pending(t);
	if (!ask(t, BO_ORDER_ACT_NOTE, 0, NULL)) {
		clear_pending(t);
		return;
	}
	t->asked_version = t->asked.version;
	bo_tui_edit(t->tui, s, " Note for the order (several lines welcome) ",
		    NULL, note_answer);
}

/* ---- keys ------------------------------------------------------------------- */

static void move(timeline *t, int by)
{
	if (t->detail_focus) {
		int max = t->detail_rows - t->detail_visible;

		t->detail_top += by;
		if (t->detail_top > max)
			t->detail_top = max;
		if (t->detail_top < 0)
			t->detail_top = 0;
		return;
	}
	bo_cursor_move(&t->at, t->n, by);
	t->detail_top = 0;
}

static int handle_key(bo_screen *s, bo_request req, int key)
{
	timeline *t = s->state;
	int page = (t->detail_focus ? t->detail_visible : t->at.visible) - 1;
	bo_err err;

	if (page < 1)
		page = 1;
	bo_err_clear(&err);
	switch (req) {
	case BO_REQ_MOVE_DOWN:
		move(t, key == BO_KEY_WHEEL_DOWN ? 3 : 1);
		break;
	case BO_REQ_MOVE_UP:
		move(t, key == BO_KEY_WHEEL_UP ? -3 : -1);
		break;
	case BO_REQ_PAGE_DOWN:
		move(t, page);
		break;
	case BO_REQ_PAGE_UP:
		move(t, -page);
		break;
	case BO_REQ_FIRST:
		move(t, -(int)(t->n + (size_t)t->detail_rows));
		break;
	case BO_REQ_LAST:
		move(t, (int)(t->n + (size_t)t->detail_rows));
		break;
	case BO_REQ_NEXT_FIELD:
	case BO_REQ_PREV_FIELD:
		t->detail_focus = !t->detail_focus;
		break;
	case BO_REQ_ENTER:
		t->detail_focus = true;
		break;
	case BO_REQ_ADD:
		start_note(s);
		break;
	case BO_REQ_CUSTOMER:
		if (bo_customer_open(t->tui, str(t->now.customer_email), &err) <
		    0)
			bo_tui_error(t->tui, &err);
		break;
	case BO_REQ_CANCEL:
		start_cancel(s);
		break;
	case BO_REQ_SUMMARY:
		t->summary = !t->summary;
		t->detail_top = 0;
		t->lines_for = 0;
		break;
	case BO_REQ_REFUND:
		start_refund(s);
		break;
	case BO_REQ_BACK:
		if (!t->detail_focus)
			return BO_CLOSE;
		t->detail_focus = false;
		break;
	case BO_REQ_RELOAD:
		if (reload(t, false, &err) < 0)
			bo_tui_error(t->tui, &err);
		break;
	default:
		return BO_IGNORED;
	}
	return BO_HANDLED;
}

/* The detail pane is built here, after the key moved the cursor, so that
 * drawing reads nothing from the store. */
static int handle(bo_screen *s, bo_request req, int key)
{
	int flags = handle_key(s, req, key);

	if (!(flags & BO_CLOSE))
		build_detail(s->state);
	return flags;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_summary(timeline *t, bo_canvas *c, int y)
{
	bo_app *app = bo_tui_app(t->tui);
	const bo_order *o = &t->now;
	char text[300], a[BO_TUI_MONEY_BUFSZ], b[BO_TUI_MONEY_BUFSZ],
	    r[BO_TUI_MONEY_BUFSZ];
	int x = 1;

	snprintf(text, sizeof(text), "Order %lld", (long long)t->id);
	x += bo_canvas_text(c, y, x, BO_STYLE_TITLE, text, c->cols - x) + 2;
	x += bo_canvas_text(c, y, x,
			    o->status == BO_ORDER_CANCELLED ? BO_STYLE_WARNING
							    : BO_STYLE_OK,
			    bo_order_status_name(o->status), c->cols - x) +
	     2;
	snprintf(text, sizeof(text), "total %s  paid %s  refundable %s %s",
		 bo_tui_money(t->tui, a, o->total),
		 bo_tui_money(t->tui, b, o->paid),
		 bo_tui_money(t->tui, r, bo_order_refundable(o)),
		 app->currency.code);
	x += bo_canvas_text(c, y, x, BO_STYLE_MONEY, text, c->cols - x) + 2;
	/* the customer is data: drawn (sanitised) by the canvas, last */
	if (x < c->cols - 4) {
		x += bo_canvas_text(c, y, x, BO_STYLE_NORMAL,
				    str(o->customer_name && *o->customer_name
					    ? o->customer_name
					    : o->customer_email),
				    c->cols - x - 1);
	}
}

static void draw_list(timeline *t, bo_canvas *c, int top, int rows)
{
	const bo_zone *zone = bo_tui_zone(t->tui);
	bool utc = bo_zone_is_utc(zone);
	/* local times carry their label: CET and CEST in one list */
	int w_time = utc ? 19 : 26, w_who = 3, w_type = 5, x_sum;
	char words[64];

	/* WHO and EVENT as wide as what they hold, within bounds, so the
	 * summary keeps the rest */
	for (size_t i = 0; i < t->n; i++) {
		int w = bo_canvas_text_width(str(t->rows[i].user));

		if (w > w_who)
			w_who = w;
		w = bo_canvas_text_width(bo_event_words(
		    words, sizeof(words), str(t->rows[i].type_name)));
		if (w > w_type)
			w_type = w;
	}
	w_who = w_who > 24 ? 24 : w_who;
	w_type = w_type > 22 ? 22 : w_type;
	if (c->cols < 100) {
		w_who = w_who > 10 ? 10 : w_who;
		w_type = w_type > 16 ? 16 : w_type;
	}

	bo_canvas_fill(c, top, 0, c->cols, BO_STYLE_HEADER);
	bo_canvas_text_right(c, top, 1, 3, BO_STYLE_HEADER, "V");
	bo_canvas_text(c, top, 5, BO_STYLE_HEADER, utc ? "TIME (UTC)" : "TIME",
		       w_time);
	bo_canvas_text(c, top, 6 + w_time, BO_STYLE_HEADER, "WHO", w_who);
	bo_canvas_text(c, top, 7 + w_time + w_who, BO_STYLE_HEADER, "EVENT",
		       w_type);
	x_sum = 8 + w_time + w_who + w_type;
	bo_canvas_text(c, top, x_sum, BO_STYLE_HEADER, "SUMMARY",
		       c->cols - x_sum - 1);
	t->at.visible = rows;
	if (rows < 1 || !t->n)
		return;
	bo_cursor_scroll(&t->at, t->n, rows);
	for (int r = 0; r < rows && t->at.scroll + (size_t)r < t->n; r++) {
		size_t i = t->at.scroll + (size_t)r;
		const bo_timeline_row *row = &t->rows[i];
		int y = top + 1 + r;
		char text[32];

		snprintf(text, sizeof(text), "%lld", (long long)row->version);
		bo_canvas_text_right(c, y, 1, 3, BO_STYLE_DIM, text);
		bo_time_format_local(text, sizeof(text), zone, row->recorded_at,
				     true, !utc);
		bo_canvas_text(c, y, 5, BO_STYLE_NORMAL, text, w_time);
		bo_canvas_text(c, y, 6 + w_time, BO_STYLE_NORMAL,
			       str(row->user), w_who);
		bo_canvas_text(
		    c, y, 7 + w_time + w_who,
		    bo_detail_kind_style(
			bo_event_kind_from_name(str(row->type_name))),
		    bo_event_words(words, sizeof(words), str(row->type_name)),
		    w_type);
		bo_canvas_text(c, y, x_sum, BO_STYLE_NORMAL, str(row->summary),
			       c->cols - x_sum - 1);
		if (i == t->at.cursor)
			bo_canvas_paint(c, y, 0, c->cols,
					t->detail_focus ? BO_STYLE_HIGHLIGHT
							: BO_STYLE_SELECTED);
	}
	bo_cursor_marks(&t->at, t->n, c, top, rows);
}

/* The width a detail line's value wraps at: a section title spans the
 * pane, a field's value the room right of its label. */
static int value_width(const bo_detail_line *l, int cols, int label_w)
{
	return !*l->label && l->role == BO_STYLE_HEADER ? cols - 4
							: cols - label_w - 6;
}

/* Draws row `row` of line l wrapped (the label and mark on its first). */
static void draw_detail_row(bo_canvas *c, int y, const bo_detail_line *l,
			    const char *seg, size_t len, bool first,
			    int label_w)
{
	int x = 2, w = value_width(l, c->cols, label_w);
	char *text = strndup(seg, len);

	if (!text)
		return; /* drawing does no more than it can */
	if (!*l->label && l->role == BO_STYLE_HEADER) {
		bo_canvas_text(c, y, x, BO_STYLE_HEADER, text, w);
		free(text);
		return;
	}
	if (first) {
		bo_canvas_text(c, y, x, BO_STYLE_HIGHLIGHT,
			       l->changed ? "*" : " ", 1);
		bo_canvas_text(c, y, x + 2, BO_STYLE_DIM, l->label,
			       label_w - 1);
	}
	bo_canvas_text(c, y, x + 2 + label_w, l->role, text, w);
	free(text);
}

/*
 * The detail lines wrap to the pane's width (a long note or reason is read
 * whole); detail_top counts wrapped rows, and the marks on the right say
 * there is more above or below.
 */
static void draw_detail(timeline *t, bo_canvas *c, int top, int h)
{
	bo_app *app = bo_tui_app(t->tui);
	int inner = h - 2, label_w = 14, row = 0;
	const char *hint = bo_role_may(app->role, BO_CAP_ORDER_SUPPORT)
			       ? " a note  c cancel  r refund "
			       : " read-only for managers ";

	if (h < 3)
		return;
	bo_canvas_box(c, top, 0, h, c->cols,
		      t->detail_focus ? BO_STYLE_HIGHLIGHT : BO_STYLE_BORDER);
	bo_canvas_text(
	    c, top, 2, t->detail_focus ? BO_STYLE_HIGHLIGHT : BO_STYLE_TITLE,
	    t->summary
		? (t->detail_focus ? " Order now (j k scroll, Tab: events, o: "
				     "the event) "
				   : " Order now (Tab, o: the event) ")
	    : t->detail_focus ? " Details (j k scroll, Tab: events) "
			      : " Details (Tab) ",
	    c->cols - 4);
	bo_canvas_text(c, top + h - 1, 2, BO_STYLE_KEY, hint, c->cols - 4);
	t->detail_visible = inner;
	t->detail_rows = 0;
	for (size_t i = 0; i < t->detail.n; i++)
		t->detail_rows += bo_detail_wrap_rows(
		    t->detail.lines[i].value,
		    value_width(&t->detail.lines[i], c->cols, label_w));
	if (t->detail_top > t->detail_rows - inner)
		t->detail_top = t->detail_rows - inner;
	if (t->detail_top < 0)
		t->detail_top = 0;
	for (size_t i = 0; i < t->detail.n && row < t->detail_top + inner;
	     i++) {
		const bo_detail_line *l = &t->detail.lines[i];
		int w = value_width(l, c->cols, label_w);
		size_t at = 0, next, len;
		bool first = true;

		do {
			len = bo_detail_wrap(l->value + at, w, &next);
			if (row >= t->detail_top && row < t->detail_top + inner)
				draw_detail_row(
				    c, top + 1 + row - t->detail_top, l,
				    l->value + at, len, first, label_w);
			at += next;
			first = false;
			row++;
		} while (l->value[at] && row < t->detail_top + inner);
	}
	if (t->detail_top > 0)
		bo_canvas_text(c, top + 1, c->cols - 2, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_UP), 1);
	if (t->detail_top + inner < t->detail_rows)
		bo_canvas_text(c, top + inner, c->cols - 2, BO_STYLE_DIM,
			       bo_canvas_glyph(c, BO_GLYPH_MORE_DOWN), 1);
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	timeline *t = s->state;
	int avail = height - 2, list_rows, detail_h;

	if (height < 1)
		return;
	draw_summary(t, c, top);
	if (avail < 1)
		return;
	/* the list takes what it needs up to two fifths, the pane the rest */
	list_rows = avail * 2 / 5;
	if (list_rows < 3)
		list_rows = 3;
	if ((size_t)list_rows > t->n)
		list_rows = (int)t->n;
	if (list_rows > avail - 1)
		list_rows = avail - 1;
	if (list_rows < 1)
		list_rows = 1;
	draw_list(t, c, top + 1, list_rows);
	detail_h = avail - list_rows;
	draw_detail(t, c, top + 2 + list_rows, detail_h);
}

static const char *status(bo_screen *s)
{
	timeline *t = s->state;

	snprintf(t->status_line, sizeof(t->status_line),
		 "order %lld, version %lld", (long long)t->id,
		 (long long)t->now.version);
	return t->status_line;
}

static void refresh(bo_screen *s)
{
	timeline *t = s->state;
	int64_t seen = t->now.version;
	bo_err err;

	bo_err_clear(&err);
	if (reload(t, false, &err) < 0) {
		bo_tui_error(t->tui, &err);
		return;
	}
	if (t->now.version != seen && t->n) {
		const bo_timeline_row *last = &t->rows[t->n - 1];

		bo_tui_message(t->tui, BO_STYLE_WARNING,
			       "order %lld changed while you were looking: "
			       "reloaded (latest: %s by %s)",
			       (long long)t->id, str(last->type_name),
			       str(last->user));
	}
}

static int open_timeline(bo_screen *s, bo_err *err)
{
	timeline *t = s->state;

	t->tui = s->tui;
	return reload(t, true, err);
}

static void close_timeline(bo_screen *s)
{
	timeline *t = s->state;

	if (!t)
		return;
	free_rows(t->rows, t->n);
	bo_event_list_clear(&t->events);
	bo_order_clear(&t->now);
	free_lines(t);
	clear_pending(t);
	free(t);
}

/* r refunds here (it retires a product on Products). */
static const bo_binding keys[] = {{'r', BO_REQ_REFUND}, {0, BO_REQ_NONE}};

static const bo_hint hints[] = {
    {BO_REQ_NEXT_FIELD, "details"},
    {BO_REQ_SUMMARY, "order summary"},
    {BO_REQ_ADD, "note"},
    {BO_REQ_REFUND, "refund"},
    {BO_REQ_CANCEL, "cancel order"},
    {BO_REQ_BACK, "back"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_timeline_screen_ops = {
    .name = "order",
    .title = "Order timeline",
    .open = open_timeline,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .status = status,
    .close = close_timeline,
    .hints = hints,
    .keys = keys,
};

int bo_timeline_open(bo_tui *t, int64_t id, bo_err *err)
{
	timeline *tl = calloc(1, sizeof(*tl));

	if (!tl)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	tl->id = id;
	return bo_tui_push(t, &bo_timeline_screen_ops, tl, err);
}
