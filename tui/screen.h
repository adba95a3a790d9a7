/* The shape every screen has: a state struct behind a table of operations. */
#ifndef BO_TUI_SCREEN_H
#define BO_TUI_SCREEN_H

#include <stdio.h>

#include "domain/status.h"
#include "tui/canvas.h"
#include "tui/keys.h"

typedef struct bo_tui bo_tui;
typedef struct bo_screen bo_screen;

/* What handle() tells the screen manager (bits, combined with |). */
enum {
	BO_IGNORED = 0, /* not mine: the manager tries its global keys */
	BO_HANDLED = 1 << 0,
	BO_REDRAW = 1 << 1, /* the terminal needs a full repaint */
	BO_CLOSE = 1 << 2,  /* pop this screen */
	BO_QUIT = 1 << 3,   /* leave the program */
	BO_SWITCH = 1 << 4, /* leave for another tenant (bo_tui_switch) */
};

/* One key the screen offers, for the hint line: the request and a word or
 * two saying what it does here. */
typedef struct bo_hint {
	bo_request req;
	const char *label;
} bo_hint;

typedef struct bo_screen_ops {
	const char *name;  /* "products": the `:` command that opens it */
	const char *title; /* "Products": the title bar */
	/* Loads what the screen shows. On failure the screen is not shown and
	 * close() is still called. */
	int (*open)(bo_screen *s, bo_err *err);
	/* One key: req is its request under the key table (BO_REQ_NONE when
	 * it has none); text fields look at key first. Returns BO_* flags. */
	int (*handle)(bo_screen *s, bo_request req, int key);
	/* Draws into rows top .. top + height - 1 of c; no I/O. */
	void (*draw)(bo_screen *s, bo_canvas *c, int top, int height);
	/* Optional. The data changed elsewhere: reload, keep the cursor. */
	void (*refresh)(bo_screen *s);
	/* Optional. The filter and search shown in the status bar, or NULL. */
	const char *(*status)(bo_screen *s);
	/* Frees the state (s itself belongs to the manager). */
	void (*close)(bo_screen *s);
	/* Optional. Writes what the screen shows as CSV to f (header first,
	 * tui/export.h records) for `:export FILE` and Ctrl-S. Returns the
	 * number of data rows written, or a negative status with err set. */
	int (*export_csv)(bo_screen *s, FILE *f, bo_err *err);
	/* Optional. The user asked to quit (Q, Ctrl-C, :q): 1 when the program
	 * may end now; 0 when the screen asked a question first instead (its
	 * yes answer returns BO_QUIT, and may_quit then says 1). */
	int (*may_quit)(bo_screen *s);
	/* Optional. The keys worth a hint on this screen, most used first,
	 * ended by {0}: the hint line at the bottom shows what fits, and the
	 * help lists them first under "this screen". */
	const bo_hint *hints;
	/* Optional. A click at canvas row y, column x inside the screen's
	 * rows: BO_* flags as handle() (BO_IGNORED: nothing there). */
	int (*click)(bo_screen *s, int y, int x);
	/* Optional. Keys with a meaning of their own here (keys.h
	 * bo_binding): they win over the table's. */
	const bo_binding *keys;
	/* Optional. Work best done after a frame is shown (counting a
	 * large list): the loop calls it once a frame is on the screen and
	 * draws again when it returns true (work was done). */
	bool (*idle)(bo_screen *s);
} bo_screen_ops;

struct bo_screen {
	const bo_screen_ops *ops;
	bo_tui *tui;
	void *state;
};

#endif
