/* The screen manager: a stack of screens, overlays, the status bar, the loop. */
#ifndef BO_TUI_H
#define BO_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/app.h"
#include "domain/tenant.h"
#include "tui/canvas.h"
#include "tui/screen.h"

/*
 * Where the loop gets keys and puts frames: the terminal (tui/term.h) or a
 * test script. Every op is required.
 */
typedef struct bo_tui_io {
	/* Waits up to timeout_ms for a key: 0 with *key set, 1 on timeout,
	 * negative when input has ended or a stop was asked for (signal). */
	int (*read_key)(void *self, int timeout_ms, int *key);
	/* The screen size now. */
	void (*size)(void *self, int *rows, int *cols);
	/* Shows the canvas; full is true after Ctrl-L or a resize. */
	void (*present)(void *self, const bo_canvas *c, bool full);
	void *self;
	/* Optional (NULL: the loop polls the store every refresh_ms). As
	 * read_key, but it also watches fd, the store's wait_fd, and returns
	 * 2 as soon as fd turns readable with no key waiting: so a change
	 * another agent commits wakes the loop at once. */
	int (*wait_key)(void *self, int timeout_ms, int fd, int *key);
} bo_tui_io;

typedef struct bo_tui_options {
	bool unicode;   /* line drawing and marks in Unicode, else ASCII */
	int refresh_ms; /* how often the loop polls for changes (500 if 0);
			 * with a store that wakes it (wait_fd) it only
			 * looks after a lost connection that often */
	/*
	 * Optional: the tenants the user may switch to, for the picker
	 * (`:tenant`). Fills *out with a malloc'd array of *n tenants (the
	 * caller clears each with bo_tenant_clear and frees the array), or
	 * returns a negative status with err set (BO_EPERM: the user may not
	 * list them; `:tenant NAME` is still offered). NULL: switching
	 * tenants is not offered at all (`:tenant` says so).
	 */
	int (*tenants)(void *self, bo_tenant **out, size_t *n, bo_err *err);
	void *tenants_self;
	/* Optional: what goes between each three digits of money in the
	 * tables (the locale's thousands separator; NULL or "": none). */
	const char *thousands;
	/* The key-hint line starts hidden (F2 shows it). */
	bool hints_off;
	/* Times read in UTC, not in the store's business time zone (days,
	 * periods and reports still follow the business zone). */
	bool utc_times;
} bo_tui_options;

/*
 * Makes a manager over app (borrowed: it must outlive the manager) with the
 * start screen of the user's role open: Products for an admin, Orders for
 * support, the Dashboard for a manager. BO_ENOMEM, or the screen's open
 * error. The caller frees with bo_tui_free.
 */
int bo_tui_new(bo_tui **out, bo_app *app, const bo_tui_options *opt,
	       bo_err *err);
void bo_tui_free(bo_tui *t);

/* The zone times are shown in: the store's business zone, or NULL (UTC)
 * when the options ask for UTC. */
const bo_zone *bo_tui_zone(const bo_tui *t);

/* Runs the work the screen on top left for after its frame (ops->idle);
 * true when it did some, and the screen should be drawn again. The loop
 * calls it after each frame; a caller driving the manager by hand calls it
 * where the loop would. */
bool bo_tui_idle(bo_tui *t);

/* Handles one key; returns BO_QUIT when the program should end. A key that
 * neither the screen nor the manager takes is said so in the message line
 * (not a mouse wheel or a resize). */
int bo_tui_key(bo_tui *t, int key);

/* Draws everything (screen, overlays, status bar) onto c, sized as it is. */
void bo_tui_draw(bo_tui *t, bo_canvas *c);

/*
 * Asks the store whether anything changed since the last look and, if so,
 * refreshes every open screen. Returns 1 when it refreshed.
 */
int bo_tui_poll(bo_tui *t);

/* What bo_tui_run returns when the user asked for another tenant. */
#define BO_TUI_SWITCH 1

/*
 * Runs until quit or end of input (BO_OK) or a switch request
 * (BO_TUI_SWITCH: bo_tui_switch_request names the tenant; the caller opens
 * it and starts a new manager over it): draw, present, wait, handle, poll.
 */
int bo_tui_run(bo_tui *t, const bo_tui_io *io);

/* The tenant the user asked to switch to (`:tenant NAME`, the picker), or
 * NULL when none was asked for. Valid until bo_tui_free. */
const char *bo_tui_switch_request(const bo_tui *t);

/* ---- for screens ---------------------------------------------------------- */

/* The services' context, for reads and checks: it carries no command id. */
bo_app *bo_tui_app(bo_tui *t);
/* The same for one write the user asked for: with a fresh command id (a
 * UUID) in it, which the next bo_tui_app or bo_tui_command replaces. Call it
 * right before the service call. */
bo_app *bo_tui_command(bo_tui *t);
bool bo_tui_unicode(const bo_tui *t);

/* Room for bo_tui_money's text. */
#define BO_TUI_MONEY_BUFSZ 64
/* The locale's thousands separator the screens group digits with (NULL or
 * "": none). */
const char *bo_tui_thousands(const bo_tui *t);

/* amount in the tenant's currency as the tables show it: bo_money_format
 * with the locale's thousands separator (bo_tui_options.thousands). CSV
 * and forms keep the plain form. Returns buf. */
const char *bo_tui_money(const bo_tui *t, char *buf, int64_t amount);

/* Whether the caller offers switching tenants (a source of tenants). */
bool bo_tui_switching(const bo_tui *t);
/* The caller's tenants, as bo_tui_options.tenants gives them; BO_EUSAGE
 * when switching is not offered. */
int bo_tui_tenants(bo_tui *t, bo_tenant **out, size_t *n, bo_err *err);
/*
 * Asks to switch to tenant name: returns BO_HANDLED | BO_SWITCH with the
 * request recorded, or BO_HANDLED with a one-line message saying why not
 * (switching not offered, a name no tenant can have, the tenant open now).
 */
int bo_tui_switch(bo_tui *t, const char *name);

/* Shows a one-line message (sanitised on drawing) until the next key. */
void bo_tui_message(bo_tui *t, bo_style role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message of a failed service call, in the error role. */
void bo_tui_error(bo_tui *t, const bo_err *err);

/*
 * Called with the answer to a question: for a confirmation yes is 1 or 0 and
 * text NULL; for a prompt yes is 1 with the typed text, 0 when cancelled.
 * Returns BO_* flags as handle() does (BO_CLOSE closes the screen s).
 */
typedef int (*bo_tui_answer_fn)(bo_screen *s, int yes, const char *text);

/* Asks question with [y/N]; anything but y is no. */
void bo_tui_confirm(bo_tui *t, bo_screen *s, const char *question,
		    bo_tui_answer_fn fn);
/* A one-line prompt on the message line, starting with initial (may be NULL). */
void bo_tui_prompt(bo_tui *t, bo_screen *s, const char *label,
		   const char *initial, bo_tui_answer_fn fn);

/*
 * A prompt that shows what the typing gives as it goes: on_edit(s, 1,
 * text) runs after each key that changed the text; fn gets the answer as
 * for bo_tui_prompt (0 on Esc: the screen puts back what it had).
 */
void bo_tui_prompt_live(bo_tui *t, bo_screen *s, const char *label,
			const char *initial, bo_tui_answer_fn on_edit,
			bo_tui_answer_fn fn);

/*
 * Asks for a text of several lines (a note) in a framed box titled title,
 * starting with initial (may be NULL): Enter breaks the line, Ctrl-S gives
 * the text (lines joined with '\n') to fn with yes 1, Esc or Ctrl-C gives
 * up (yes 0).
 */
void bo_tui_edit(bo_tui *t, bo_screen *s, const char *title,
		 const char *initial, bo_tui_answer_fn fn);

/*
 * From a prompt's answer function: refuses the answer text and asks the
 * same question again with text kept for editing, the reason (fmt) shown
 * above the prompt until it is answered. Escape still cancels.
 */
void bo_tui_prompt_again(bo_tui *t, bo_screen *s, const char *text,
			 const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Opens a screen on top of the stack: ops->open runs with state already set
 * by the caller (its ownership passes to the screen even on failure, when
 * close() frees it). Returns open's status.
 */
int bo_tui_push(bo_tui *t, const bo_screen_ops *ops, void *state, bo_err *err);

/* The screen below s on the stack (the list under a form), or NULL. */
bo_screen *bo_tui_below(bo_tui *t, bo_screen *s);

/*
 * For a long service call (a rebuild) that reports progress: draws and
 * shows the screen now, as it is, and looks for a key without waiting.
 * Returns 1 when the user asked to stop (Esc, Ctrl-C, end of input), else
 * 0. Outside bo_tui_run (tests driving bo_tui_key) it only returns 0.
 */
int bo_tui_busy(bo_tui *t);

/*
 * Exports screen s as CSV (its export_csv op) to path: a new file, or after
 * a y/N question when path exists. The outcome is shown as a message; a
 * failed export leaves no partial file behind.
 */
void bo_tui_export(bo_tui *t, bo_screen *s, const char *path);

/* Asks for the file to export screen s to, offering stem-DAY.csv (today in
 * the tenant's zone), then exports as bo_tui_export does. */
void bo_tui_ask_export(bo_tui *t, bo_screen *s, const char *stem);

#endif
