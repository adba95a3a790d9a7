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
