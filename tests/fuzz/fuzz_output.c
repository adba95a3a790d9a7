/* Fuzz target: the output sanitiser: JSON, terminal and CSV text never carry what a reader cannot see. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/termtext.h"
#include "domain/text.h"
#include "tests/fuzz/fuzz_support.h"

/* Each code point of s, which must be valid UTF-8; fails on what hide(cp)
 * says a reader could not see. */
static void walk(const char *s, int (*hide)(uint32_t cp), const char *what)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!bo_text_utf8_valid(s))
		fz_fail(what, "the output is not valid UTF-8");
	while (*p) {
		uint32_t cp;
		size_t n = bo_text_utf8_decode(p, &cp);

		if (n == 0)
			fz_fail(what, "the output is not valid UTF-8");
		if (hide(cp))
			fz_fail(what, s);
		p += n;
	}
}

/* In JSON, whitespace between tokens is allowed; nothing else hidden is. */
static int hidden_in_json(uint32_t cp)
{
	if (cp == '\n' || cp == '\r' || cp == '\t')
		return 0;
	return bo_text_is_control(cp) || bo_text_is_invisible(cp);
}

/* On a terminal or in a CSV cell nothing hidden at all. */
static int hidden_on_screen(uint32_t cp)
{
	return bo_text_is_control(cp) || bo_text_is_invisible(cp);
}

/*
 * Any text comes out as valid UTF-8. JSON as the faces write it (what cJSON
 * prints, whatever bytes its strings hold) comes out with nothing hidden
 * anywhere, and with its value unchanged when its strings were valid UTF-8.
 */
static void check_json(const char *in)
{
	char *out = bo_text_json_clean(in), *printed, *clean;
	cJSON *a, *b;

	if (!out)
		abort();
	if (!bo_text_utf8_valid(out))
		fz_fail("JSON output is not valid UTF-8", in);
	free(out);
	if (!(a = cJSON_Parse(in)))
		return;
	if (!(printed = cJSON_Print(a)) ||
	    !(clean = bo_text_json_clean(printed)))
		abort();
	walk(clean, hidden_in_json, "JSON output shows a hidden character");
	/* compared with the printed text read back, not with the input: cJSON
	 * itself prints an infinite number as null */
	cJSON_Delete(a);
	if (!(a = cJSON_Parse(printed)))
		abort();
	if (!(b = cJSON_Parse(clean)))
		fz_fail("cleaning made valid JSON invalid", printed);
	/* printed again, equal values print alike (cJSON_Compare would look up
	 * a repeated key's first value only) */
	if (bo_text_utf8_valid(printed)) {
		char *pa = cJSON_Print(a), *pb = cJSON_Print(b);

		if (!pa || !pb)
			abort();
		if (strcmp(pa, pb) != 0)
			fz_fail("cleaning changed the value of valid JSON",
				printed);
		free(pa);
		free(pb);
	}
	cJSON_Delete(b);
	cJSON_Delete(a);
	free(clean);
	free(printed);
}

static void check_terminal(const char *in)
{
	char *out = bo_term_sanitize(in), *twice;

	if (!out)
		abort();
	walk(out, hidden_on_screen, "terminal text shows a hidden character");
	/* what is shown is already clean: sanitising again changes nothing */
	if (!(twice = bo_term_sanitize(out)))
		abort();
	if (strcmp(out, twice) != 0)
		fz_fail("terminal text is not stable under a second pass", in);
	free(twice);
	free(out);
}

/* The cell's text as a spreadsheet reads it: quotes taken off. */
static char *unquote(const char *field)
{
	size_t n = strlen(field);
	char *s = malloc(n + 1), *w = s;

	if (!s)
		abort();
	if (n >= 2 && field[0] == '"' && field[n - 1] == '"') {
		for (size_t i = 1; i + 1 < n; i++) {
			if (field[i] == '"') {
				if (field[i + 1] != '"')
					fz_fail("a lone quote inside a quoted "
						"CSV field",
						field);
				i++;
			}
			*w++ = field[i];
		}
	} else {
		if (strpbrk(field, "\",\r\n"))
			fz_fail("a CSV field needing quotes is not quoted",
				field);
		memcpy(w, field, n);
		w += n;
	}
	*w = '\0';
	return s;
}

static void check_csv(const char *in)
{
	char *field = bo_term_csv_field(in), *cell;

	if (!field)
		abort();
	walk(field, hidden_on_screen, "a CSV field shows a hidden character");
	cell = unquote(field);
	if (bo_text_csv_formula(cell))
		fz_fail("a CSV cell still reads as a formula", field);
	free(cell);
	free(field);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fz_cstring(data, size);

	check_json(in);
	check_terminal(in);
	check_csv(in);
	free(in);
	return 0;
}
