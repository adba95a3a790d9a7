/* Typed rows of the read models, for verify: one comparison order and one text for every backend. */
#ifndef BO_PORT_ROWS_H
#define BO_PORT_ROWS_H

#include <stddef.h>
#include <stdint.h>

/* What one column of a row holds. */
typedef enum {
	BO_VALUE_NULL = 0,
	BO_VALUE_INT,  /* int64 */
	BO_VALUE_TEXT, /* NUL-terminated bytes, usually UTF-8 */
} bo_value_kind;

/* One column: its name as the table declares it, and its value. text is
 * read only when kind is BO_VALUE_TEXT (NULL text counts as ""). */
typedef struct bo_row_column {
	const char *name;
	bo_value_kind kind;
	int64_t i;
	const char *text;
} bo_row_column;

/*
 * One row of a read-model table: the table's name and its columns in the
 * table's declared order. Everything is borrowed: whoever hands a row to a
 * callback keeps it alive for the call only.
 */
typedef struct bo_row {
	const char *table;
	size_t ncols;
	const bo_row_column *cols;
} bo_row;

/*
 * Which side of verify's comparison a differing row is only on: the live
 * read model (the copy taken before the rebuild) or the rebuild beside it.
 * A changed row is reported twice, once on each side.
 */
typedef enum {
	BO_ROW_ONLY_LIVE = 0,
	BO_ROW_ONLY_REBUILD,
} bo_row_side;

/* "only in the live model" / "only in the rebuild" (static text). */
const char *bo_row_side_name(bo_row_side side);

/*
 * The order verify reports rows in, the same for every backend: column by
 * column in declared order, the first unequal column decides; NULL sorts
 * before any integer, integers before any text, integers numerically, text
 * by bytes (memcmp, as SQLite's BINARY collation). Column names and the
 * table are not compared. A row with fewer columns sorts first when the
 * shared ones are equal. Returns <0, 0, >0.
 */
int bo_row_compare(const bo_row *a, const bo_row *b);

/*
 * The text of a row as the CLI and the TUI show a difference, one line,
 * the same for every backend:
 *
 *     id=2 version=2 status='paid' customer_name=NULL total=4500
 *
 * columns in declared order, "name=value" separated by one space; an
 * integer in decimal (a leading '-' when negative); NULL as NULL; text in
 * single quotes, with a backslash written \\ and a single quote \', and
 * then every control, invisible character and invalid UTF-8 byte escaped
 * the way bo_term_sanitize does (\n, \e, \x01, \u202e ...), so the line
 * holds no control character and a backslash in the value is always
 * doubled. The table's name is not part of the text. *out is the caller's
 * (free()); BO_ENOMEM.
 */
int bo_row_format(char **out, const bo_row *row);

#endif
