/* The real terminal (ncursesw): the only file that knows curses. */
#ifndef BO_TUI_TERM_H
#define BO_TUI_TERM_H

#include <stdbool.h>

#include "domain/status.h"
#include "tui/tui.h"

typedef struct bo_term bo_term;

typedef struct bo_term_options {
	bool mouse; /* wheel scrolling; off leaves the mouse to the terminal */
	/* BO_THEME_AUTO: colour when the terminal has it and NO_COLOR is not
	 * set; COLOR: whenever the terminal has it; MONO: never */
	enum { BO_THEME_AUTO, BO_THEME_COLOR, BO_THEME_MONO } theme;
} bo_term_options;

/*
 * Takes over the terminal on stdin/stdout: locale from the environment,
 * Unicode when its codeset is UTF-8 (ASCII drawing otherwise), colours as
 * opt->theme says (monochrome on a terminal without them), raw keys.
 * Installs handlers so SIGINT/SIGTERM/SIGHUP end the loop cleanly and
 * SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGABRT restore the terminal before the
 * default action. BO_ESTORAGE when the terminal cannot be set up. The
 * caller ends with bo_term_close, which always restores the terminal.
 */
int bo_term_open(bo_term **out, const bo_term_options *opt, bo_err *err);
void bo_term_close(bo_term *t);

bool bo_term_unicode(const bo_term *t);
bool bo_term_color(const bo_term *t);

/* The terminal as the screen manager's input and output. */
bo_tui_io bo_term_io(bo_term *t);

#endif
