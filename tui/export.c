/* CSV records for the screens' exports: fields as the CLI writes them, CR LF. */
#include "tui/export.h"

#include <stdlib.h>
#include <string.h>

#include "domain/termtext.h"

int bo_tui_csv_row(FILE *f, const char *const *fields, size_t n, bo_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char *field = bo_term_csv_field(fields[i] ? fields[i] : "");
		int bad;

		if (!field)
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory writing the export");
		bad = (i > 0 && fputc(',', f) == EOF) || fputs(field, f) < 0;
		free(field);
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
