/* CSV records for the screens' exports: sanitised, quoted when needed, CR LF. */
#include "tui/export.h"

#include <stdlib.h>
#include <string.h>

#include "domain/termtext.h"

static int put_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n"))
		return fputs(s, f) < 0 ? -1 : 0;
	if (fputc('"', f) == EOF)
		return -1;
	for (; *s; s++) {
		if (*s == '"' && fputc('"', f) == EOF)
			return -1;
		if (fputc(*s, f) == EOF)
			return -1;
	}
	return fputc('"', f) == EOF ? -1 : 0;
}

int bo_tui_csv_row(FILE *f, const char *const *fields, size_t n, bo_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char *clean = bo_term_sanitize(fields[i] ? fields[i] : "");
		int bad;

		if (!clean)
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory writing the export");
		bad = (i > 0 && fputc(',', f) == EOF) || put_field(f, clean);
		free(clean);
		if (bad)
			return bo_err_set(err, BO_ESTORAGE,
					  "the export file could not be "
					  "written");
	}
	if (fputs("\r\n", f) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "the export file could not be written");
	return BO_OK;
}
