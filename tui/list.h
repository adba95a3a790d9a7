/* A long list shown through a window: keyset paging, the cursor, moves, follow the head, table drawing. */
#ifndef BO_TUI_LIST_H
#define BO_TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/status.h"
#include "tui/canvas.h"
#include "tui/keys.h"

typedef struct bo_tui bo_tui;

/*
 * A list screen (orders, products) sees a result that may hold a million
 * rows through a window of a few hundred kept around the cursor. The
 * screen says how to fetch a page after a row (its keyset query), how to
 * copy and free its rows, and what each column shows; the list does the
 * rest the same way everywhere: paging as the cursor moves, keeping the
 * cursor's row (or what now sorts in its place) on a reload, following
 * the head, column widths from what the rows hold, the ↑ ↓ marks.
 */

/* Rows a fetch hands back, in the order asked for. */
typedef struct bo_list_rows {
	const struct bo_list_ops *ops;
	char *rows; /* n rows of ops->row_size bytes */
	size_t n;
	int rc; /* BO_ENOMEM when an add failed */
} bo_list_rows;

typedef struct bo_list_column {
	const char *title;
	int min, max; /* width: what the rows hold, kept within these */
	bool right;   /* numbers end at the right edge */
	bool flex;    /* takes what the others leave (one column) */
	int drop;     /* 0: always shown; else hidden on a narrow terminal,
		       * the column with the lowest number first */
} bo_list_column;

typedef struct bo_list_ops {
	size_t row_size;
	const bo_list_column *columns;
	int ncolumns;
	/*
	 * Up to limit rows strictly after anchor (NULL: from the first) in
	 * the screen's order, or going backward when backward is true
	 * (nearest first), each added with bo_list_rows_add. Returns 0 or a
	 * negative status with err set.
	 */
	int (*fetch)(void *ctx, const void *anchor, bool backward,
		     int64_t limit, bo_list_rows *out, bo_err *err);
	int (*copy)(void *dst, const void *src); /* BO_ENOMEM */
	void (*clear)(void *row);
	/* Whether a and b are the same row (same key). */
	bool (*same)(const void *a, const void *b);
	/*
	 * The text of column col of row: either buf (size bytes, for
	 * formatted values) or a string the row holds. *style starts as the
	 * row's style and may be changed for the cell.
	 */
	const char *(*cell)(void *ctx, const void *row, int col, char *buf,
			    size_t size, bo_style *style);
	/* Optional: the row's style (dim for a cancelled order). */
	bo_style (*row_style)(void *ctx, const void *row);
	/* Optional: how many rows the whole result has (NULL or a failure:
	 * not known). Asked when the list loads or reloads, not as it
	 * moves. */
	int (*count)(void *ctx, int64_t *out);
	/* Optional: whether the row is marked (for an action on many rows);
	 * a marked row shows a star left of its first column. */
	bool (*marked)(void *ctx, const void *row);
} bo_list_ops;

typedef struct bo_list {
	const bo_list_ops *ops;
	void *ctx;
	bo_tui *tui;
	char *rows; /* the window: a run of consecutive result rows */
	size_t n;
	size_t cursor; /* index in rows */
	size_t scroll; /* first row shown */
	bool at_start; /* rows[0] is the first row of the result */
	bool at_end;   /* rows[n - 1] is the last */
	int visible;   /* rows shown at the last draw */
	int sort_col;  /* the column the header marks as sorted, -1: none */
	bool descending;
	/* Where rows[0] stands in the whole result (0 = the first row), or
	 * -1 when the window was loaded around a row whose place is not
	 * known (a search, a jump). */
	int64_t base;
	int64_t total;  /* rows in the whole result, -1: not known */
	bool count_due; /* loaded, not counted yet (bo_list_idle) */
	int widths[16]; /* of the last draw; 0: hidden */
	/* What the loaded rows need per column (title and cells within the
	 * column's bounds, before the canvas is fitted), measured once per
	 * change of the rows (gen) or of the sorted column. */
	int natural[16];
	unsigned gen, natural_gen;
	int natural_sort;
	bool natural_ok;
	int top;        /* the canvas row of the header at the last draw */
	/* Not owned, NULL: none. Where a cell holds this text (letters in
	 * any case), it is drawn in the highlight role: the search's
	 * matches. */
	const char *highlight;
} bo_list;

/* Appends a copy of row; 0 or BO_ENOMEM (also kept in out->rc). For the
 * service callbacks a fetch passes rows through. */
int bo_list_rows_add(bo_list_rows *out, const void *row);
void bo_list_rows_free(bo_list_rows *r);

/*
 * A fetch over rows the screen holds in full (a short list read at once,
 * n rows of ops->row_size bytes in the screen's order): up to limit rows
 * after anchor, or before it going backward (nearest first). The anchor
 * is found with ops->same; NULL or not found: from the first row forward,
 * none backward. 0 or BO_ENOMEM (also in out->rc).
 */
int bo_list_fetch_held(const void *rows, size_t n, const void *anchor,
		       bool backward, int64_t limit, bo_list_rows *out);

/* The work a load left for after its first frame: counting the whole
 * result (ops->count). True when it did some (draw again). */
bool bo_list_idle(bo_list *l);

void bo_list_init(bo_list *l, const bo_list_ops *ops, void *ctx, bo_tui *t);
void bo_list_free(bo_list *l);

/* The row under the cursor, or NULL when the list is empty. */
const void *bo_list_current(const bo_list *l);

/*
 * Loads a window with anchor (or what now sorts in its place) under the
 * cursor, the cursor keeping its place on the screen; anchor NULL loads
 * from the first row.
 */
int bo_list_load(bo_list *l, const void *anchor, bo_err *err);
/* The last page, found from the far end by key. */
int bo_list_load_end(bo_list *l, bo_err *err);
/*
 * Reads the rows again after a change elsewhere, keeping the cursor's row.
 * When the cursor sits on the first row, the list follows the head: rows
 * that now sort before it show and the cursor stays on the first (new
 * orders appear at the top of a newest-first list). Errors go to the
 * message line.
 */
void bo_list_reload(bo_list *l);
/* Moves the cursor by rows (negative: up), paging as it goes. */
void bo_list_move(bo_list *l, long by);

/*
 * The moves every list shares: up, down, pages, half pages (Ctrl-D,
 * Ctrl-U), Space, first, last, the mouse wheel. BO_HANDLED (1) when req was
 * one of them, else 0.
 */
int bo_list_handle(bo_list *l, bo_request req, int key);

/*
 * Draws the header and the rows into rows top .. top + height - 1, with
 * empty (data, dim) shown when there are no rows. Columns are as wide as
 * their title and the window's rows need, within their bounds; the flex
 * column takes the rest; on a narrow terminal columns with a drop number
 * go, lowest first.
 */
void bo_list_draw(bo_list *l, bo_canvas *c, int top, int height,
		  const char *empty);

/*
 * A click at canvas row y: the row drawn there gets the cursor. Returns 1
 * when it was already on it (the caller opens it, as Enter), 0 when it
 * moved there, -1 when no row is drawn at y.
 */
int bo_list_click(bo_list *l, int y);

/* A list screen's click op in one call: the row at y gets the cursor, and
 * a click on the row it is on already is Enter (the screen's handle).
 * BO_* flags. */
struct bo_screen;
int bo_list_screen_click(struct bo_screen *s, bo_list *l, int y);

/* "row 1,234" (or "row 12 of 40" when the whole result is in the window),
 * or "" when the place is not known; into buf. */
const char *bo_list_position(const bo_list *l, char *buf, size_t size);

/*
 * A cursor over n rows a screen holds in full and draws itself (the order
 * timeline, a product's history): the moves and the scrolling the lists
 * share, without the paging.
 */
typedef struct bo_cursor {
	size_t cursor; /* index in the rows */
	size_t scroll; /* first row shown */
	int visible;   /* rows shown at the last draw */
} bo_cursor;

/* Moves by rows (negative: up), kept within the n rows. */
void bo_cursor_move(bo_cursor *c, size_t n, long by);
/* Up, down, the wheel, pages, first, last: BO_HANDLED (1) when req was one
 * of them, else 0. */
int bo_cursor_handle(bo_cursor *c, size_t n, bo_request req, int key);
/* Before rows rows are drawn: the cursor in view, and no blank rows at the
 * bottom while rows above are hidden. */
void bo_cursor_scroll(bo_cursor *c, size_t n, int rows);
/* The more-up and more-down marks at the right edge of the rows drawn from
 * top + 1, when rows are hidden above or below. */
void bo_cursor_marks(const bo_cursor *c, size_t n, bo_canvas *cv, int top,
		     int rows);

#endif
