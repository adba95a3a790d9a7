/* Text rules shared by the domain: UTF-8 validity, control characters, lengths. */
#ifndef BO_TEXT_H
#define BO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
bool bo_text_utf8_valid(const char *s);

/*
 * Decodes one code point at s. Returns its length in bytes (1..4) and stores
 * it in *cp, or returns 0 when the bytes at s are not valid UTF-8 (overlong,
 * surrogate, above U+10FFFF, truncated or a stray continuation byte; also at
 * the terminating NUL of a truncated sequence).
 */
size_t bo_text_utf8_decode(const unsigned char *s, uint32_t *cp);

/* True for a C0 control, DEL, a C1 control or a bidi override/isolate. */
bool bo_text_is_control(uint32_t cp);

/*
 * True for a character that prints as nothing yet hides, joins or reorders
 * text: the soft hyphen U+00AD, the combining grapheme joiner U+034F, the
 * Arabic letter mark U+061C, the Hangul fillers (U+115F, U+1160, U+3164,
 * U+FFA0), the Khmer inherent vowels U+17B4..U+17B5, the Mongolian vowel
 * separator U+180E, U+200B..U+200F (zero-width space, joiners, direction
 * marks), the line and paragraph separators U+2028..U+2029, U+2060..U+206F
 * (word joiner, invisible operators, isolates, deprecated format controls),
 * the byte order mark U+FEFF, the interlinear annotation controls
 * U+FFF9..U+FFFB, the shorthand format controls U+1BCA0..U+1BCA3, the
 * musical format controls U+1D173..U+1D17A and the tag characters
 * U+E0000..U+E007F. Free text may hold them; every face shows them escaped.
 */
bool bo_text_is_invisible(uint32_t cp);

/*
 * Returns a newly allocated copy of the JSON text json (caller frees) that
 * is valid UTF-8 and shows nothing hidden: each byte that is not valid UTF-8
 * becomes the escape \ufffd (U+FFFD), and inside strings every C0 control,
 * DEL, C1 control, bidi override (bo_text_is_control) and invisible
 * character (bo_text_is_invisible) becomes a \uXXXX escape (a surrogate
 * pair above U+FFFF). Escapes already present and all other text are kept,
 * so valid JSON keeps its value. NULL on ENOMEM; NULL in -> "" out.
 */
char *bo_text_json_clean(const char *json);

/*
 * True when a spreadsheet would read the CSV cell s as a formula: it begins
 * with '=', '+', '-', '@', a TAB or a CR, and is not a plain number
 * (an optional sign, digits, optionally '.' and more digits: "-12.50", "-3").
 */
bool bo_text_csv_formula(const char *s);

/* Number of code points in valid UTF-8 text. */
size_t bo_text_utf8_len(const char *s);

/*
 * True when s contains a C0 control (U+0000..U+001F), DEL, a C1 control
 * (U+0080..U+009F) or a bidirectional override/isolate (U+202A..U+202E,
 * U+2066..U+2069). When allow_newline is true, '\n' alone is tolerated.
 */
bool bo_text_has_control(const char *s, bool allow_newline);

/* strdup that returns NULL for NULL input (and on allocation failure). */
char *bo_strdup(const char *s);

/* Frees *p and stores a copy of s (NULL stays NULL). Returns BO_OK or BO_ENOMEM. */
int bo_strset(char **p, const char *s);

#endif
