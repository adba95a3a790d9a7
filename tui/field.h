/* A one-line text editor for fields and prompts: UTF-8 aware cursor moves and deletes. */
#ifndef BO_TUI_FIELD_H
#define BO_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/canvas.h"

typedef struct bo_field {
	char *text; /* UTF-8, NUL-terminated, never NULL after bo_field_set */
	size_t len; /* bytes */
	size_t cap;
	size_t cursor; /* byte offset, always at a character boundary */
	int scroll; /* first column shown when the text is wider than the field */
	/* Optional, not owned: what an empty field means, drawn dim in its
	 * place; never part of text, so typing replaces it. */
	const char *placeholder;
} bo_field;

/*
 * Replaces the text (NULL: empty), puts the cursor at its end and the view
 * back at the start; the placeholder stays. BO_ENOMEM.
 */
int bo_field_set(bo_field *l, const char *text);
/* Frees the text and zeroes l. */
void bo_field_free(bo_field *l);

/*
 * Applies an editing key: a typed character is inserted at the cursor;
 * Left, Right, Home, End, Ctrl-A, Ctrl-E move; Backspace (and Ctrl-H),
 * Delete (and Ctrl-D) remove one character with its combining marks;
 * Ctrl-U clears. Returns 1 when the key was an editing key, 0 when not
 * (the caller handles it), BO_ENOMEM when the text could not grow.
 */
int bo_field_key(bo_field *l, int key);

/*
 * Draws the field at y, x, width columns wide. Without focus it shows the
 * start of the text; with focus the view follows the cursor, and the canvas
 * cursor goes there. Text running past either edge is marked there (a
 * Unicode or ASCII angle, in the dim role), never under the cursor. An
 * empty field shows its placeholder, dim.
 */
void bo_field_draw(bo_field *l, bo_canvas *c, int y, int x, int width,
		   bo_style role, bool focus);

#endif
