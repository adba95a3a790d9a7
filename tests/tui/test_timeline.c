/* The order timeline under scripted keys: events, detail pane, note/cancel/refund, roles, concurrency. */
#include "tests/tui/tui_fixture.h"

#include <stdio.h>

#include "tui/timeline.h"
#include "tui/timeline_detail.h"

/* Runs a service call as user (another agent at another desk). */
typedef struct agent {
	bo_app app;
	bo_err err;
} agent;

static void agent_open(fx *f, agent *a, const char *user)
{
	FX_OK(
	    bo_app_open(&a->app, &f->ports, &f->clock, &f->ids, user, &a->err),
	    &a->err);
}

static int64_t place(fx *f, const bo_line_request *lines, size_t n,
		     const char *email, const char *name)
{
	int64_t id = 0;
	bo_err err;

	FX_OK(bo_app_order_place(&f->other, email, name, lines, n, &id, &err),
	      &err);
	return id;
}

/*
 * Order 1 goes through every step: placed, a failed and a good payment, a
 * support note, shipped, delivered, a partial refund. Order 2 is placed
 * and unpaid, order 3 paid, order 4 paid and cancelled.
 */
static int setup(void **state)
{
	bo_line_request two[] = {{"MUG-1", 2}, {"TEA-2", 1}};
	bo_line_request mug[] = {{"MUG-1", 1}};
	bo_line_request tea[] = {{"TEA-2", 1}};
	agent bob;
	bo_err err;
	fx *f;

	if (fx_setup_rows(state, 36, 100) < 0)
		return -1;
	f = *state;
	fx_add(f, "MUG-1", "Coffee mug", "12.50", "20", "40");
	fx_add(f, "TEA-2", "Green tea", "7.50", "7.5", NULL);
	agent_open(f, &bob, "bob");
	assert_int_equal(place(f, two, 2, "ann@example.com", "Ann Lee"), 1);
	FX_OK(bo_app_order_fail_payment(&f->other, 1, "card declined", &err),
	      &err);
	FX_OK(bo_app_order_pay(&f->other, 1, "32.50", &err), &err);
	FX_OK(bo_app_order_note(&bob.app, 1,
				"customer asked for gift wrap\nsecond line",
				&bob.err),
	      &bob.err);
	FX_OK(bo_app_order_ship(&f->other, 1, "DHL", "JD0001", &err), &err);
	FX_OK(bo_app_order_deliver(&f->other, 1, &err), &err);
	FX_OK(bo_app_order_refund(&bob.app, 1, "5", "chipped mug", &bob.err),
	      &bob.err);
	assert_int_equal(place(f, tea, 1, "cleo@example.com", NULL), 2);
	assert_int_equal(place(f, mug, 1, "dan@example.com", "Dan"), 3);
	FX_OK(bo_app_order_pay(&f->other, 3, "12.50", &err), &err);
	assert_int_equal(place(f, mug, 1, "eve@example.com", "Eve"), 4);
	FX_OK(bo_app_order_pay(&f->other, 4, "12.50", &err), &err);
	FX_OK(bo_app_order_cancel(&f->other, 4, "out of stock", &err), &err);
	bo_app_close(&bob.app);
	fx_open_as(f, "bob");
	return 0;
}

static void command(fx *f, const char *text)
{
	fx_key(f, ':');
	fx_type(f, text);
	fx_key(f, BO_KEY_ENTER);
}

static void open_order(fx *f, int id)
{
	char cmd[32];

	snprintf(cmd, sizeof(cmd), "order %d", id);
	command(f, cmd);
	fx_screen(f, false); /* as the loop does before the first key */
}

static void answer(fx *f, const char *text)
{
	fx_key(f, BO_KEY_CTRL('U'));
	fx_type(f, text);
	fx_key(f, BO_KEY_ENTER);
}

static bo_order order_now(fx *f, int64_t id)
{
	bo_order o = {0};
	bo_err err;

	FX_OK(bo_app_order_get(&f->other, id, 0, &o, &err), &err);
	return o;
}

static int64_t version_of(fx *f, int64_t id)
{
	bo_order o = order_now(f, id);
	int64_t v = o.version;

	bo_order_clear(&o);
	return v;
}

/* ---- showing ---------------------------------------------------------------- */

static void timeline_lists_every_event_coloured_by_kind(void **state)
{
	fx *f = *state;

	open_order(f, 1);
	SCREEN_IS(f, "timeline_order_1");
	STYLES_ARE(f, "timeline_order_1_styles");
	assert_true(fx_selected(f, "Refund issued"));
}

static void detail_marks_what_the_selected_event_changed(void **state)
{
	fx *f = *state;

	open_order(f, 1);
	for (int i = 0; i < 4; i++)
		fx_key(f, 'k');
	assert_true(fx_selected(f, "Payment received"));
	SCREEN_IS(f, "timeline_detail_payment");
	STYLES_ARE(f, "timeline_detail_payment_styles");
	SCREEN_HAS(f, "* status        paid");
	SCREEN_HAS(f, "* paid          32.50 (was 0.00)");
	SCREEN_LACKS(f, "* total");
	fx_key(f, 'g');
	SCREEN_HAS(f, "2 x MUG-1 Coffee mug at 12.50 (tax 20%)");
	SCREEN_HAS(f, "* total         32.50 (was 0.00)");
}

static void a_cancelled_order_shows_its_reason(void **state)
{
	fx *f = *state;

	open_order(f, 4);
	assert_true(fx_selected(f, "Order cancelled"));
	SCREEN_HAS(f, "cancelled: out of stock");
	SCREEN_HAS(f, "* status        cancelled");
	SCREEN_HAS(f, "* cancelled for out of stock");
	SCREEN_HAS(f, "reason        out of stock");
}

static void tab_moves_focus_to_the_detail_pane_which_scrolls(void **state)
{
	fx *f = *state;
	int row;

	assert_int_equal(bo_canvas_resize(f->c, 24, 80), 0);
	open_order(f, 1);
	fx_key(f, 'k');
	fx_key(f, 'k');
	fx_key(f, 'k');
	assert_true(fx_selected(f, "Note added"));
	SCREEN_HAS(f, "Details (Tab)");
	row = fx_row_of(f, "customer asked for gift wrap");
	assert_true(row > 0);
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "Details (j k scroll, Tab: events)");
	SCREEN_IS(f, "timeline_detail_focus_80x24");
	fx_key(f, 'j');
	assert_int_equal(fx_row_of(f, "customer asked for gift wrap"), row - 1);
	fx_key(f, 'G');
	SCREEN_HAS(f, "causation");
	SCREEN_LACKS(f, "second line");
	fx_key(f, 'g');
	assert_int_equal(fx_row_of(f, "customer asked for gift wrap"), row);
	/* the list cursor did not move meanwhile; Esc gives the list back */
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "Details (Tab)");
	assert_true(fx_selected(f, "Note added"));
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "NUMBER"); /* support's start screen, Orders */
}

static void ascii_terminals_get_ascii_frames(void **state)
{
	fx *f = *state;

	f->unicode = false;
	fx_open_as(f, "bob");
	assert_int_equal(bo_canvas_resize(f->c, 24, 80), 0);
	open_order(f, 3);
	SCREEN_IS(f, "timeline_order_3_ascii");
}

static void a_missing_order_is_not_found(void **state)
{
	fx *f = *state;

	command(f, "order 999");
	SCREEN_HAS(f, "order 999 does not exist");
	SCREEN_HAS(f, "NUMBER"); /* still on support's start screen, Orders */
}

static void order_events_come_from_the_service_for_every_role(void **state)
{
	fx *f = *state;
	bo_event_list l = {0};
	agent mia;

	agent_open(f, &mia, "mia");
	FX_OK(bo_app_order_events(&mia.app, 1, &l, &mia.err), &mia.err);
	assert_int_equal(l.n, 7);
	assert_int_equal(l.items[0].kind, BO_EV_ORDER_PLACED);
	assert_int_equal(l.items[3].kind, BO_EV_NOTE_ADDED);
	assert_string_equal(l.items[3].meta.user, "bob");
	assert_int_equal(l.items[6].kind, BO_EV_REFUND_ISSUED);
	bo_event_list_clear(&l);
	assert_int_equal(bo_app_order_events(&mia.app, 999, &l, &mia.err),
			 BO_ENOTFOUND);
	assert_string_equal(mia.err.msg, "order 999 does not exist");
	assert_int_equal(l.n, 0);
	bo_app_close(&mia.app);
}

/* ---- notes ------------------------------------------------------------------- */

static void a_note_is_added_under_the_users_name(void **state)
{
	fx *f = *state;
	bo_order o;

	open_order(f, 3);
	fx_key(f, 'a');
	SCREEN_HAS(f, "Note for the order");
	SCREEN_HAS(f, "Enter new line  Ctrl-S save  Esc cancel");
	fx_type(f, "called back, all fine");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "note added to order 3");
	assert_true(fx_selected(f, "note: called back, all fine"));
	SCREEN_HAS(f, "bob   Note added");
	SCREEN_HAS(f, "* notes         1 (was 0)");
	o = order_now(f, 3);
	assert_int_equal(o.notes, 1);
	bo_order_clear(&o);
}

static void a_note_prompt_cancelled_adds_nothing(void **state)
{
	fx *f = *state;

	open_order(f, 3);
	fx_key(f, 'a');
	fx_type(f, "never mind");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "no note was added");
	assert_int_equal(version_of(f, 3), 2);
	/* an empty note is the domain's to refuse */
	fx_key(f, 'a');
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "note");
	assert_int_equal(version_of(f, 3), 2);
	SCREEN_IS(f, "timeline_empty_note_refused");
}

/* A note of several lines: Enter breaks the line, Backspace at a line's
 * start joins it back, ↑ ↓ move between lines, Ctrl-S saves it whole and
 * the detail pane shows each line. */
static void a_note_may_span_several_lines(void **state)
{
	fx *f = *state;
	bo_event_list events = {0};
	bo_err err;

	open_order(f, 3);
	fx_key(f, 'a');
	fx_type(f, "Called the customer.");
	fx_key(f, BO_KEY_ENTER);
	fx_type(f, "She will wait a week.");
	fx_key(f, BO_KEY_ENTER);
	fx_type(f, "x");
	fx_key(f, BO_KEY_BACKSPACE);
	fx_key(f, BO_KEY_BACKSPACE); /* joins the empty third line back */
	fx_key(f, BO_KEY_UP);
	fx_key(f, BO_KEY_END);
	fx_type(f, " (Tuesday)");
	SCREEN_HAS(f, "Called the customer. (Tuesday)");
	SCREEN_HAS(f, "She will wait a week.");
	SCREEN_IS(f, "timeline_note_box");
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "note added to order 3");
	/* the log has the two lines as typed */
	FX_OK(bo_app_order_events(&f->other, 3, &events, &err), &err);
	assert_true(events.n >= 3);
	assert_string_equal(events.items[events.n - 1].type_name, "NoteAdded");
	assert_string_equal(events.items[events.n - 1].text,
			    "Called the customer. (Tuesday)\nShe will wait a "
			    "week.");
	bo_event_list_clear(&events);
	/* the detail pane shows each line */
	fx_key(f, BO_KEY_TAB);
	SCREEN_HAS(f, "Called the customer. (Tuesday)");
	SCREEN_HAS(f, "She will wait a week.");
}

/* o puts the order as it stands in the lower pane: its lines and amounts
 * without opening the OrderPlaced event; o again goes back. */
static void o_shows_the_order_summary_and_back(void **state)
{
	fx *f = *state;

	open_order(f, 3);
	fx_key(f, 'o');
	SCREEN_HAS(f, "Order now (Tab, o: the event)");
	SCREEN_HAS(f, "Order 3 now: paid (version 2)");
	SCREEN_HAS(f, "1 x ");
	SCREEN_HAS(f, "Amounts (EUR)");
	SCREEN_HAS(f, "refundable    12.50");
	SCREEN_LACKS(f, "(* changed)");
	SCREEN_IS(f, "timeline_order_summary");
	/* it follows the order: a refund shows at once */
	fx_key(f, 'r');
	answer(f, "2.50");
	answer(f, "scratched");
	fx_key(f, 'y');
	SCREEN_HAS(f, "refundable    10.00");
	SCREEN_HAS(f, "Order 3 now: paid (version 3)");
	fx_key(f, 'o');
	SCREEN_HAS(f, "Details (Tab)");
	SCREEN_HAS(f, "Event 3 of 3: RefundIssued");
}

/* ---- cancel ------------------------------------------------------------------ */

static void cancel_asks_a_reason_then_yes_or_no(void **state)
{
	fx *f = *state;

	open_order(f, 2);
	fx_key(f, 'c');
	SCREEN_HAS(f, "cancel reason:");
	fx_type(f, "customer changed their mind");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "timeline_cancel_confirm");
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 2 cancelled");
	assert_true(fx_selected(f, "Order cancelled"));
	SCREEN_HAS(f, "cancelled: customer changed their mind");
	/* and a second time the domain says no before any typing */
	fx_key(f, 'c');
	SCREEN_HAS(f, "order 2 is cancelled");
	SCREEN_LACKS(f, "cancel reason:");
}

static void cancel_answered_no_leaves_the_order(void **state)
{
	fx *f = *state;

	open_order(f, 3);
	fx_key(f, 'c');
	fx_key(f, 'n'); /* no refund */
	answer(f, "test");
	fx_key(f, 'n');
	SCREEN_HAS(f, "order 3 was not cancelled");
	assert_int_equal(version_of(f, 3), 2);
	fx_key(f, 'c');
	fx_key(f, 'n');
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "order 3 was not cancelled");
	/* no reason is the service's to refuse, before the last question */
	fx_key(f, 'c');
	fx_key(f, 'y');
	answer(f, "");
	SCREEN_HAS(f, "reason");
	SCREEN_LACKS(f, "Cancel order 3");
	assert_int_equal(version_of(f, 3), 2);
}

static void cancel_of_a_paid_order_offers_the_refund_first(void **state)
{
	fx *f = *state;
	bo_event_list l = {0};
	bo_order o;
	bo_err err;

	assert_int_equal(bo_canvas_resize(f->c, 24, 80), 0);
	open_order(f, 3);
	fx_key(f, 'c');
	SCREEN_IS(f, "timeline_cancel_refund_question_80x24");
	SCREEN_HAS(f, "Order 3: 12.50 EUR paid, 12.50 EUR not refunded.");
	SCREEN_HAS(f, "Refund it with the");
	SCREEN_LACKS(f, "cancel reason:");
	fx_key(f, 'y');
	SCREEN_HAS(f, "cancel reason:");
	fx_type(f, "parcel lost");
	fx_key(f, BO_KEY_ENTER);
	SCREEN_IS(f, "timeline_cancel_refund_confirm_80x24");
	SCREEN_HAS(f, "Cancel order 3 and refund 12.50 EUR because");
	SCREEN_HAS(f, "\"parcel lost\"?");
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 3 cancelled, 12.50 EUR refunded");
	SCREEN_HAS(f, "refundable 0.00 EUR");
	assert_true(fx_selected(f, "Order cancelled"));
	SCREEN_HAS(f, "Refund issued");
	o = order_now(f, 3);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	assert_int_equal(o.refunded, 1250);
	assert_int_equal(o.version, 4);
	bo_order_clear(&o);
	FX_OK(bo_app_order_events(&f->other, 3, &l, &err), &err);
	assert_int_equal(l.items[2].kind, BO_EV_REFUND_ISSUED);
	assert_string_equal(l.items[2].meta.user, "bob");
	assert_string_equal(l.items[2].reason, "parcel lost");
	assert_int_equal(l.items[3].kind, BO_EV_ORDER_CANCELLED);
	bo_event_list_clear(&l);
}

static void cancel_question_at_120x40(void **state)
{
	fx *f = *state;
	bo_err err;

	/* partly refunded before: only the rest is offered */
	FX_OK(bo_app_order_refund(&f->other, 3, "2.50", "dent", &err), &err);
	assert_int_equal(bo_canvas_resize(f->c, 40, 120), 0);
	open_order(f, 3);
	fx_key(f, 'c');
	SCREEN_HAS(f, "Order 3: 12.50 EUR paid, 10.00 EUR not refunded.");
	SCREEN_IS(f, "timeline_cancel_refund_question_120x40");
	STYLES_ARE(f, "timeline_cancel_refund_question_120x40_styles");
	fx_key(f, 'y');
	answer(f, "lost");
	SCREEN_HAS(f, "Cancel order 3 and refund 10.00 EUR because");
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 3 cancelled, 10.00 EUR refunded");
	assert_int_equal(version_of(f, 3), 5);
}

static void cancel_without_the_refund_warns_what_stays_paid(void **state)
{
	fx *f = *state;
	bo_order o;

	open_order(f, 3);
	fx_key(f, 'c');
	fx_key(f, 'n');
	answer(f, "customer asked");
	SCREEN_HAS(f, "Cancel order 3 because \"customer asked\"?");
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 3 cancelled; 12.50 EUR stays paid (r to refund "
		      "it)");
	o = order_now(f, 3);
	assert_int_equal(o.status, BO_ORDER_CANCELLED);
	assert_int_equal(o.refunded, 0);
	bo_order_clear(&o);
	/* and r still refunds it */
	fx_key(f, 'r');
	SCREEN_HAS(f, "refund amount (refundable 12.50 EUR): 12.50");
	answer(f, "12.50");
	answer(f, "customer asked");
	fx_key(f, 'y');
	SCREEN_HAS(f, "refunded 12.50 EUR on order 3");
}

static void cancel_question_when_another_agent_refunded_meanwhile(void **state)
{
	fx *f = *state;
	bo_err err;

	open_order(f, 3);
	/* alice refunds before bob presses c: the service sees it */
	FX_OK(bo_app_order_refund(&f->other, 3, "12.50", "lost", &err), &err);
	fx_key(f, 'c');
	SCREEN_HAS(f, "order 3 changed while you were looking: reloaded "
		      "(latest: RefundIssued by alice)");
	SCREEN_LACKS(f, "Refund it with the cancel?");
	/* asked again, nothing is paid any more: straight to the reason */
	fx_key(f, 'c');
	SCREEN_HAS(f, "cancel reason:");
	answer(f, "lost");
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 3 cancelled");
	SCREEN_LACKS(f, "stays paid");
	assert_int_equal(version_of(f, 3), 4);
}

static void cancel_after_shipping_is_refused_in_the_domains_words(void **state)
{
	fx *f = *state;

	open_order(f, 1);
	fx_key(f, 'c');
	SCREEN_HAS(f, "order 1 is already delivered");
	SCREEN_LACKS(f, "cancel reason:");
	assert_int_equal(version_of(f, 1), 7);
}

/* ---- refund ------------------------------------------------------------------ */

static void
refund_shows_what_is_refundable_and_asks_amount_then_reason(void **state)
{
	fx *f = *state;
	bo_order o;

	open_order(f, 3);
	fx_key(f, 'r');
	SCREEN_HAS(f, "refund amount (refundable 12.50 EUR): 12.50");
	answer(f, "2.50");
	SCREEN_HAS(f, "refund reason:");
	answer(f, "scratched");
	SCREEN_IS(f, "timeline_refund_confirm");
	fx_key(f, 'y');
	SCREEN_HAS(f, "refunded 2.50 EUR on order 3");
	SCREEN_HAS(f, "refundable 10.00 EUR");
	SCREEN_HAS(f, "* refunded      2.50 (was 0.00)");
	o = order_now(f, 3);
	assert_int_equal(o.refunded, 250);
	bo_order_clear(&o);
}

static void refund_above_the_refundable_amount_is_refused(void **state)
{
	fx *f = *state;

	open_order(f, 1);
	fx_key(f, 'r');
	SCREEN_HAS(f, "refund amount (refundable 27.50 EUR): 27.50");
	answer(f, "30");
	SCREEN_HAS(f, "refund 30.00 is more than the 27.50 refundable");
	SCREEN_LACKS(f, "refund reason:");
	fx_key(f, 'r');
	answer(f, "ten");
	/* refused, the typing kept for mending, the reason above it */
	SCREEN_HAS(f, "refund amount (refundable 27.50 EUR): ten");
	SCREEN_HAS(f, "refund amount");
	SCREEN_LACKS(f, "refund reason:");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "no refund was issued");
	fx_key(f, 'r');
	answer(f, "1");
	fx_key(f, BO_KEY_ESC);
	SCREEN_HAS(f, "no refund was issued");
	fx_key(f, 'r');
	answer(f, "1");
	answer(f, "goodwill");
	fx_key(f, 'N');
	SCREEN_HAS(f, "no refund was issued");
	assert_int_equal(version_of(f, 1), 7);
}

static void refund_of_an_unpaid_order_has_nothing_to_refund(void **state)
{
	fx *f = *state;

	open_order(f, 2);
	fx_key(f, 'r');
	SCREEN_HAS(f, "order 2 has nothing to refund: paid 0.00, refunded "
		      "0.00");
	SCREEN_LACKS(f, "refund amount");
}

/* ---- roles and other agents -------------------------------------------------------- */

static void a_manager_reads_but_may_not_act(void **state)
{
	fx *f = *state;
	const char *refusal = "orders are read-only for manager users: notes, "
			      "cancelling and refunds are for support and "
			      "admins";

	fx_open_as(f, "mia");
	open_order(f, 3);
	SCREEN_HAS(f, "read-only for managers");
	fx_key(f, 'a');
	SCREEN_HAS(f, refusal);
	SCREEN_LACKS(f, "note:");
	fx_key(f, 'c');
	SCREEN_HAS(f, refusal);
	fx_key(f, 'r');
	SCREEN_IS(f, "timeline_manager_refused");
	assert_int_equal(version_of(f, 3), 2);
}

static void a_change_by_another_agent_is_explained_and_reloaded(void **state)
{
	fx *f = *state;
	bo_err err;
	bo_order o;

	open_order(f, 3);
	fx_key(f, 'a');
	fx_type(f, "my note");
	/* meanwhile alice, at her desk */
	FX_OK(bo_app_order_note(&f->other, 3, "refund approved", &err), &err);
	fx_key(f, BO_KEY_CTRL('S'));
	SCREEN_HAS(f, "order 3 changed while you were looking: reloaded "
		      "(latest: NoteAdded by alice)");
	assert_true(fx_selected(f, "note: refund approved"));
	o = order_now(f, 3);
	assert_int_equal(o.notes, 1);
	bo_order_clear(&o);
	/* a refund confirmed after someone else refunded is not sent */
	fx_key(f, 'r');
	answer(f, "12.50");
	answer(f, "broken");
	FX_OK(bo_app_order_refund(&f->other, 3, "12.50", "lost", &err), &err);
	fx_key(f, 'y');
	SCREEN_HAS(f, "order 3 changed while you were looking");
	SCREEN_HAS(f, "RefundIssued by alice");
	o = order_now(f, 3);
	assert_int_equal(o.refunded, 1250);
	bo_order_clear(&o);
	SCREEN_HAS(f, "refundable 0.00 EUR");
}

static void live_refresh_picks_up_changes_and_says_so(void **state)
{
	fx *f = *state;
	bo_err err;

	open_order(f, 2);
	assert_false(bo_tui_poll(f->tui));
	FX_OK(bo_app_order_pay(&f->other, 2, "7.50", &err), &err);
	assert_true(bo_tui_poll(f->tui));
	SCREEN_HAS(f, "order 2 changed while you were looking: reloaded "
		      "(latest: PaymentReceived by alice)");
	SCREEN_HAS(f, "PaymentReceived");
	/* the cursor stayed on the event it was on */
	assert_true(fx_selected(f, "Order placed"));
	SCREEN_HAS(f, "order 2, version 2");
}

/* ---- long notes wrap ------------------------------------------------------- */

static const char long_note[] =
    "The customer called twice about this order: the first parcel came "
    "back damaged, so we agreed to send a replacement mug by express and "
    "to keep the tea as a goodwill gesture. Tracking of the return: "
    "https://returns.example.com/track/0123456789abcdefghijklmnopqrstuvwxyz"
    "0123456789abcdefghijklmnopqrstuvwxyz0123456789 and the last words of "
    "the note are here at the end.";

static void add_long_note(fx *f)
{
	bo_err err;

	FX_OK(bo_app_order_note(&f->other, 3, long_note, &err), &err);
}

static void wrap_breaks_at_spaces_and_hard_breaks_long_words(void **state)
{
	size_t next, len;

	(void)state;
	len = bo_detail_wrap("hello big world", 10, &next);
	assert_int_equal(len, 9); /* "hello big" */
	assert_int_equal(next, 10);
	len = bo_detail_wrap("abcdefghijkl", 5, &next);
	assert_int_equal(len, 5);
	assert_int_equal(next, 5);
	len = bo_detail_wrap("short", 10, &next);
	assert_int_equal(len, 5);
	assert_int_equal(next, 5);
	len = bo_detail_wrap("", 10, &next);
	assert_int_equal(len, 0);
	assert_int_equal(next, 0);
	/* wide characters count two columns, never split in half */
	len = bo_detail_wrap("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, &next);
	assert_int_equal(len, 6);
	/* a control character is as wide as it is drawn (\e) */
	len = bo_detail_wrap("ab\x1b" "cd", 3, &next);
	assert_int_equal(len, 2);
	assert_int_equal(bo_detail_wrap_rows(long_note, 60), 7);
	assert_int_equal(bo_detail_wrap_rows("", 60), 1);
	assert_int_equal(bo_detail_wrap_rows("x", 0), 1);
}

static void a_long_note_wraps_whole_at_80x24_and_scrolls(void **state)
{
	fx *f = *state;

	add_long_note(f);
	assert_int_equal(bo_canvas_resize(f->c, 24, 80), 0);
	open_order(f, 3);
	assert_true(fx_selected(f, "Note added"));
	SCREEN_IS(f, "timeline_long_note_80x24");
	/* cut nowhere: the long word broken, the last words in the pane */
	SCREEN_HAS(f, "https://returns.example.com/track/0123456789abcdefghijklmnop");
	SCREEN_HAS(f, "qrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789 "
		      "and");
	SCREEN_HAS(f, "the note are here at the end.");
	SCREEN_HAS(f, "↓");
	/* the detail pane scrolls by wrapped rows, with marks both ways */
	fx_key(f, BO_KEY_TAB);
	fx_key(f, 'j');
	fx_key(f, 'j');
	SCREEN_IS(f, "timeline_long_note_80x24_scrolled");
	SCREEN_HAS(f, "↑");
	fx_key(f, 'G');
	SCREEN_HAS(f, "causation");
	SCREEN_LACKS(f, "↓");
	fx_key(f, 'g');
	SCREEN_LACKS(f, "↑");
	SCREEN_HAS(f, "Event 3 of 3: NoteAdded");
}

static void a_long_note_wraps_at_120x40(void **state)
{
	fx *f = *state;

	add_long_note(f);
	assert_int_equal(bo_canvas_resize(f->c, 40, 120), 0);
	open_order(f, 3);
	SCREEN_IS(f, "timeline_long_note_120x40");
	STYLES_ARE(f, "timeline_long_note_120x40_styles");
	SCREEN_HAS(f, "uvwxyz0123456789 and the last words of the note are here "
		      "at the end.");
}

static void a_long_cancel_reason_wraps_too(void **state)
{
	fx *f = *state;
	char reason[400];
	bo_err err;

	snprintf(reason, sizeof(reason), "%s",
		 "the customer wrote that the address was wrong and that "
		 "they would rather order again next month from their new "
		 "flat, reached through the courtyard, second door left");
	FX_OK(bo_app_order_cancel(&f->other, 2, reason, &err), &err);
	assert_int_equal(bo_canvas_resize(f->c, 24, 80), 0);
	open_order(f, 2);
	SCREEN_HAS(f, "reached through the courtyard, second door left");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(timeline_lists_every_event_coloured_by_kind),
	    T(detail_marks_what_the_selected_event_changed),
	    T(a_cancelled_order_shows_its_reason),
	    T(tab_moves_focus_to_the_detail_pane_which_scrolls),
	    T(ascii_terminals_get_ascii_frames),
	    T(a_missing_order_is_not_found),
	    T(order_events_come_from_the_service_for_every_role),
	    T(a_note_is_added_under_the_users_name),
	    T(a_note_prompt_cancelled_adds_nothing),
	    T(a_note_may_span_several_lines),
	    T(o_shows_the_order_summary_and_back),
	    T(cancel_asks_a_reason_then_yes_or_no),
	    T(cancel_answered_no_leaves_the_order),
	    T(cancel_of_a_paid_order_offers_the_refund_first),
	    T(cancel_question_at_120x40),
	    T(cancel_without_the_refund_warns_what_stays_paid),
	    T(cancel_question_when_another_agent_refunded_meanwhile),
	    T(cancel_after_shipping_is_refused_in_the_domains_words),
	    T(refund_shows_what_is_refundable_and_asks_amount_then_reason),
	    T(refund_above_the_refundable_amount_is_refused),
	    T(refund_of_an_unpaid_order_has_nothing_to_refund),
	    T(a_manager_reads_but_may_not_act),
	    T(a_change_by_another_agent_is_explained_and_reloaded),
	    T(live_refresh_picks_up_changes_and_says_so),
	    T(wrap_breaks_at_spaces_and_hard_breaks_long_words),
	    T(a_long_note_wraps_whole_at_80x24_and_scrolls),
	    T(a_long_note_wraps_at_120x40),
	    T(a_long_cancel_reason_wraps_too),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
