/* Inside the screen manager: struct bo_tui and what tui.c, overlay.c, command.c and help.c share (tui/ only). */
#ifndef BO_TUI_IMPL_H
#define BO_TUI_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "tui/field.h"
#include "tui/text_box.h"
#include "tui/tui.h"

#define STACK_MAX 8

typedef enum {
	OV_NONE,
	OV_HELP,
	OV_CONFIRM,
	OV_PROMPT,
	OV_TEXT /* several lines: a note */
} overlay_kind;

#define HISTORY_MAX 50

struct bo_tui {
	bo_app *app;
	bo_tui_options opt;
	bo_screen stack[STACK_MAX];
	int depth;

	overlay_kind overlay;
	int asker; /* stack index of the screen that asked, -1: the manager */
	bo_tui_answer_fn answer;
	bo_tui_answer_fn answered; /* the prompt being answered, for again */
	bo_tui_answer_fn on_edit;  /* a live prompt's: after each edit */
	/* an edit on_edit has not seen yet: it runs before the next frame,
	 * so keys typed ahead are taken first and it runs once for them */
	bool edit_pending;
	bool sticky; /* the message stays while the prompt asked again is up */
	bo_text_box box; /* the text being typed under OV_TEXT */
	int tab_x[16], tab_w[16], tab_row[16]; /* the tabs drawn, for clicks */
	int ntabs;
	char *history[HISTORY_MAX]; /* `:` commands run, oldest first */
	int nhistory;
	int history_at; /* the entry ↑/↓ show now; nhistory: the typing */
	char *question; /* the y/N question or the prompt's label */
	bo_field input;
	int help_top; /* the first help line shown */
	int help_rows; /* help lines the last drawing had room for (0: none yet) */
	int base;      /* the bo_tui_screens[] row at the bottom of the stack */

	char message[512];
	bo_style message_role;

	bool live;      /* the store reports changes */
	bool hints_off; /* F2 hid the key hints */
	bool wrote;     /* a write since the screens below the top were read */
	int64_t data_version;
	/* The store's connection was lost: the status bar says so and each
	 * refresh tick tries once to get it back. */
	bool lost;
	bool redraw;

	/* while bo_tui_run runs: where bo_tui_busy draws mid-call */
	const bo_tui_io *io;
	bo_canvas *canvas;
	char *export_path; /* the file a y/N overwrite question is about */
	char command_id[BO_UUID_LEN + 1]; /* of the write in progress */
	char *switch_name; /* the tenant asked for (bo_tui_switch), or NULL */
};

/* ---- tui.c: the stack, the screen table, tenants ------------------------- */

/* A row of bo_tui_screens, the one table of screens (tui.c). */
typedef struct screen_row {
	const char *name;     /* the `:` command */
	const char *alias;    /* its short form, or NULL */
	const char *title;    /* in the tab bar and the placeholder */
	bo_request request;   /* its number key, or BO_REQ_NONE */
	bool needs_id;        /* `:order 1042` */
	unsigned roles;       /* ROLE() bits of who sees its tab */
	unsigned start_roles; /* ROLE() bits of who starts on it */
	int (*open)(bo_tui *t, int64_t id, bo_err *err);
} screen_row;

#define SCREEN_COUNT 8
extern const screen_row bo_tui_screens[SCREEN_COUNT];

/* The screen on top of the stack, or NULL. */
bo_screen *bo_tui_top(bo_tui *t);
/* Closes the screen on top (and a question it asked); a write made there
 * refreshes the screens below. */
void bo_tui_pop(bo_tui *t);
/* Replaces the whole stack with tab row i. */
void bo_tui_switch_to(bo_tui *t, int i);
/* Opens row i with id (when it needs one): a tab replaces the stack. */
void bo_tui_open_screen(bo_tui *t, int i, int64_t id);
/* `:tenant` alone, or T: the picker, or one line saying why there is none. */
void bo_tui_open_tenants(bo_tui *t);

/* ---- overlay.c: questions, prompts, the note box, exports ---------------- */

/* Opens a question of kind for screen s (NULL: the manager's `:` prompt);
 * fn gets the answer. */
void bo_tui_ask(bo_tui *t, overlay_kind kind, bo_screen *s,
		const char *question, const char *initial, bo_tui_answer_fn fn);
/* A key while a y/N question, a prompt or the note box is up. */
int bo_tui_question_key(bo_tui *t, bo_request req, int key);
/* The prompt on the message row (msg_y), and the message above it. */
void bo_tui_draw_prompt(bo_tui *t, bo_canvas *c, int msg_y);
/* Runs a live prompt's on_edit for the edits since it last ran, if any. */
void bo_tui_flush_edit(bo_tui *t);
void bo_tui_draw_confirm(bo_tui *t, bo_canvas *c);
void bo_tui_draw_text_box(bo_tui *t, bo_canvas *c);

/* ---- command.c: the `:` command line ------------------------------------- */

/* A key at the `:` prompt: 1 when it was its own (history, Tab), else 0. */
int bo_tui_cmdline_key(bo_tui *t, int key);
/* Runs a line entered at the `:` prompt (kept in the history unless
 * empty); returns BO_HANDLED and the flags it adds (BO_QUIT, BO_SWITCH). */
int bo_tui_cmdline_run(bo_tui *t, const char *line);

/* ---- help.c: the help overlay and the key hints -------------------------- */

/* A key while the help is up. */
int bo_tui_help_key(bo_tui *t, bo_request req);
void bo_tui_draw_help(bo_tui *t, bo_canvas *c);
/* The hint line at y: the screen's keys that fit. */
void bo_tui_draw_hints(bo_tui *t, bo_canvas *c, int y, const bo_hint *hints);

#endif
