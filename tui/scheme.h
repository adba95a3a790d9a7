/* Colour schemes: how each semantic style looks, in colour and in monochrome. */
#ifndef BO_TUI_SCHEME_H
#define BO_TUI_SCHEME_H

#include <stdbool.h>

#include "tui/canvas.h"

/* Colours as the eight ANSI ones; DEFAULT is the terminal's own. */
typedef enum bo_color {
	BO_COLOR_DEFAULT = -1,
	BO_COLOR_BLACK,
	BO_COLOR_RED,
	BO_COLOR_GREEN,
	BO_COLOR_YELLOW,
	BO_COLOR_BLUE,
	BO_COLOR_MAGENTA,
	BO_COLOR_CYAN,
	BO_COLOR_WHITE
} bo_color;

enum {
	BO_ATTR_BOLD = 1 << 0,
	BO_ATTR_REVERSE = 1 << 1,
	BO_ATTR_UNDERLINE = 1 << 2,
	BO_ATTR_DIM = 1 << 3,
};

typedef struct bo_look {
	bo_color fg, bg;
	unsigned attrs; /* BO_ATTR_* */
} bo_look;

/*
 * How style s looks: with color false the monochrome scheme, which tells
 * styles apart by bold, reverse, underline and dim alone (NO_COLOR, or a
 * terminal without colours).
 */
const bo_look *bo_scheme_look(bool color, bo_style s);

/* Writes "bold,reverse" (or "plain") for attrs into buf; returns buf. */
const char *bo_scheme_attr_text(char *buf, unsigned long size, unsigned attrs);

#endif
