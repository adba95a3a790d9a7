/* A text of several lines being typed (a note): lines of one-line editors, Enter splits, Backspace joins. */
#ifndef BO_TUI_TEXT_BOX_H
#define BO_TUI_TEXT_BOX_H

#include <stddef.h>

#include "tui/canvas.h"
#include "tui/field.h"

typedef struct bo_text_box {
	bo_field *lines; /* n >= 1 after bo_text_box_set */
	size_t n;
	size_t cur; /* the line with the cursor */
	size_t top; /* the first line shown */
} bo_text_box;

/* Replaces the text (NULL: empty), one line per '\n', the cursor at the
 * end. BO_ENOMEM. */
int bo_text_box_set(bo_text_box *b, const char *text);
void bo_text_box_free(bo_text_box *b);

/*
 * An editing key: Enter breaks the line at the cursor, Backspace at a
 * line's start joins it to the one above, Delete at its end joins the one
 * below, Up and Down move between lines (keeping the column as near as the
 * line allows), anything else goes to the line (bo_field_key). Returns 1
 * when it was an editing key, 0 when not, BO_ENOMEM.
 */
int bo_text_box_key(bo_text_box *b, int key);

/* The whole text, lines joined with '\n'; malloc'd (NULL: out of memory). */
char *bo_text_box_text(const bo_text_box *b);

/* Draws the lines into rows y .. y + height - 1 from column x, width
 * wide, the view following the cursor line; ↑ ↓ marks when lines are
 * hidden above or below. */
void bo_text_box_draw(bo_text_box *b, bo_canvas *c, int y, int x, int width,
		      int height);

#endif
