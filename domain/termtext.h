/* Terminal-safe text for both faces: sanitising, display width, truncation by columns. */
#ifndef BO_TERMTEXT_H
#define BO_TERMTEXT_H

#include <stddef.h>

/*
 * Returns a newly allocated copy of s (caller frees) that is safe to write to a
 * terminal: every C0/C1 control, DEL, bidi override/isolate, invisible
 * character (bo_text_is_invisible: zero-width space, joiners, direction marks,
 * byte order mark ...) and invalid UTF-8 byte is replaced by a visible escape
 * ("\x1b" -> "\e", "\n" -> "\n" written as backslash-n, other bytes as
 * "\xHH", code points as "\u202e" or, above U+FFFF, "\U000e0041"). Printable
 * text, including wide and combining characters, is kept. NULL on ENOMEM;
 * NULL in -> "" out.
 */
char *bo_term_sanitize(const char *s);

/* Display width in columns of sanitised UTF-8 text (wide = 2, combining = 0). */
size_t bo_term_width(const char *s);

/*
 * Copies at most `cols` columns of sanitised text into a new string, cutting
 * only between characters; when cut, the last column is "~" (or "…" when
 * unicode is true). Caller frees; NULL on ENOMEM.
 */
char *bo_term_truncate(const char *s, size_t cols, int unicode);

/*
 * One CSV field (RFC 4180) as every CSV writer of both faces writes it, in a
 * new string (caller frees; NULL on ENOMEM; NULL in -> "" out): s sanitised
 * as above, then prefixed with a single quote when a spreadsheet would take
 * it for a formula (bo_text_csv_formula: it begins with = + - @ TAB or CR and
 * is not a plain number such as "-12.50"), then quoted, its quotes doubled,
 * when it holds a comma, a quote or a line end.
 */
char *bo_term_csv_field(const char *s);

#endif
