/* Terminal-safe text for both faces: sanitising, display width, truncation by columns. */
#ifndef BO_TERMTEXT_H
#define BO_TERMTEXT_H

#include <stddef.h>

/*
 * Returns a newly allocated copy of s (caller frees) that is safe to write to a
 * terminal: every C0/C1 control, DEL, bidi override/isolate and invalid UTF-8
 * byte is replaced by a visible escape ("\x1b" -> "\e", "\n" -> "\n" written as
 * backslash-n, other bytes as "\xHH", code points as "\u202e"). Printable text,
 * including wide and combining characters, is kept. NULL on ENOMEM; NULL in ->
 * "" out.
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

#endif
