/* An off-screen grid of character cells with semantic roles: what screens draw on. */
#ifndef BO_TUI_CANVAS_H
#define BO_TUI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Semantic roles: screens say what a cell is, the terminal's colour scheme
 * (or the monochrome one) says how it looks.
 */
#define BO_STYLE_TABLE(X)                                                      \
	X(NORMAL, normal)                                                      \
	X(TITLE, title)                                                        \
	X(HEADER, header)                                                      \
	X(SELECTED, selected)                                                  \
	X(STATUS, status)                                                      \
	X(ERROR, error)                                                        \
	X(WARNING, warning)                                                    \
	X(OK, ok)                                                              \
	X(DIM, dim)                                                            \
	X(MONEY, money)                                                        \
	X(EV_PRODUCT, ev_product)                                              \
	X(EV_ORDER, ev_order)                                                  \
	X(EV_PAYMENT, ev_payment)                                              \
	X(EV_PROBLEM, ev_problem)                                              \
	X(EV_SHIPPING, ev_shipping)                                            \
	X(EV_NOTE, ev_note)                                                    \
	X(HIGHLIGHT, highlight)                                                \
	X(BORDER, border)                                                      \
	X(INPUT, input)                                                        \
	X(KEY, key)                                                            \
	X(TAB, tab)

typedef enum bo_style {
#define BO_X(name, text) BO_STYLE_##name,
	BO_STYLE_TABLE(BO_X)
#undef BO_X
	    BO_STYLE__COUNT
} bo_style;

/* The role's name ("selected"), for tests and debugging. */
const char *bo_style_text(bo_style r);

/* Line drawing and marks, with a Unicode and an ASCII form each. */
#define BO_GLYPH_TABLE(X)                                                      \
	X(HLINE, "\xE2\x94\x80", "-")                                          \
	X(VLINE, "\xE2\x94\x82", "|")                                          \
	X(TOP_LEFT, "\xE2\x94\x8C", "+")                                       \
	X(TOP_RIGHT, "\xE2\x94\x90", "+")                                      \
	X(BOTTOM_LEFT, "\xE2\x94\x94", "+")                                    \
	X(BOTTOM_RIGHT, "\xE2\x94\x98", "+")                                   \
	X(SORT_UP, "\xE2\x96\xB2", "^")                                        \
	X(SORT_DOWN, "\xE2\x96\xBC", "v")                                      \
	X(LIVE, "\xE2\x97\x8F", "*")                                           \
	X(NOT_LIVE, "\xE2\x97\x8B", "o")                                       \
	X(BLOCK, "\xE2\x96\x88", "#")                                          \
	X(HALF_BLOCK, "\xE2\x96\x8C", "=")                                     \
	X(ELLIPSIS, "\xE2\x80\xA6", "~")                                       \
	X(MORE_UP, "\xE2\x86\x91", "^")                                        \
	X(MORE_DOWN, "\xE2\x86\x93", "v")

typedef enum bo_glyph {
#define BO_X(name, uni, ascii) BO_GLYPH_##name,
	BO_GLYPH_TABLE(BO_X)
#undef BO_X
	    BO_GLYPH__COUNT
} bo_glyph;

/* Bytes of one cell's text: a character and a few combining marks after it. */
#define BO_CELL_BYTES 16

typedef struct bo_cell {
	char text[BO_CELL_BYTES]; /* UTF-8, NUL-terminated; "" for the right
				     half of a wide character */
	unsigned char role;       /* bo_style */
	bool wide_right;          /* the second column of a wide character */
} bo_cell;

typedef struct bo_canvas {
	int rows, cols;
	bool unicode; /* glyphs and truncation marks in Unicode, else ASCII */
	bo_cell *cells;
	int cursor_y, cursor_x; /* where the terminal cursor goes; -1: hidden */
} bo_canvas;

/*
 * Makes a blank rows x cols canvas (sizes below 1 are taken as 1). Returns
 * NULL on ENOMEM; the caller frees with bo_canvas_free.
 */
bo_canvas *bo_canvas_new(int rows, int cols, bool unicode);
void bo_canvas_free(bo_canvas *c);

/* Changes the size and blanks every cell. BO_ENOMEM leaves c as it was. */
int bo_canvas_resize(bo_canvas *c, int rows, int cols);

/* Blanks every cell (a space in the normal role) and hides the cursor. */
void bo_canvas_clear(bo_canvas *c);

/* The cell at y, x or NULL when outside. */
const bo_cell *bo_canvas_cell(const bo_canvas *c, int y, int x);

/*
 * Draws text from data at y, x: sanitised first (controls and escape
 * sequences become visible, as "\e[2J"), then cut to at most max_cols columns
 * (and the canvas edge) by display width, between characters, with an
 * ellipsis mark when cut. max_cols < 0 means up to the edge. A wide
 * character that would straddle the limit is left out. On an ASCII canvas
 * (no UTF-8 locale) the drawn copy is folded to ASCII: common Latin accented
 * letters to their base letters (é e, ß ss, Æ AE), combining marks dropped,
 * anything else '?'; text itself is never changed. Returns the columns
 * used. Never writes outside the canvas.
 */
int bo_canvas_text(bo_canvas *c, int y, int x, bo_style role, const char *text,
		   int max_cols);

/* Like bo_canvas_text, but the text ends at column x + width - 1 (padded
 * on the left), for numbers. Returns the columns used by the text. */
int bo_canvas_text_right(bo_canvas *c, int y, int x, int width, bo_style role,
			 const char *text);

/* Display width of text once sanitised, as bo_canvas_text would draw it. */
int bo_canvas_text_width(const char *text);

/* Fills n cells from y, x with spaces in role. */
void bo_canvas_fill(bo_canvas *c, int y, int x, int n, bo_style role);

/* Changes the role of n cells from y, x, keeping their characters. */
void bo_canvas_paint(bo_canvas *c, int y, int x, int n, bo_style role);

/* The glyph's text in the canvas's character set. */
const char *bo_canvas_glyph(const bo_canvas *c, bo_glyph g);

/* Draws n copies of a glyph across from y, x. */
void bo_canvas_hline(bo_canvas *c, int y, int x, int n, bo_style role,
		     bo_glyph g);

/* Draws a frame h x w with its top-left corner at y, x, blanking inside. */
void bo_canvas_box(bo_canvas *c, int y, int x, int h, int w, bo_style role);

/* Puts the terminal cursor at y, x (a text field); -1, -1 hides it. */
void bo_canvas_set_cursor(bo_canvas *c, int y, int x);

/*
 * The grid as plain text for golden tests: one line per row, trailing
 * spaces trimmed, each line ending in "\n". Caller frees; NULL on ENOMEM.
 * With roles true, every row is followed by a line of one letter per cell
 * naming its role (bo_canvas_style_letter), trimmed of trailing normal '.'.
 */
char *bo_canvas_to_text(const bo_canvas *c, bool roles);

/* One letter per role for bo_canvas_to_text's role lines. */
char bo_canvas_style_letter(bo_style r);

#endif
