/* CSV export of what a screen shows: one record at a time, fields as the CLI writes them. */
#ifndef BO_TUI_EXPORT_H
#define BO_TUI_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "domain/status.h"

/*
 * Writes one CSV record of n fields and CR LF (RFC 4180, as the CLI's
 * --format csv). A NULL field is written empty. Each field is what
 * bo_term_csv_field makes of it (domain/termtext.h, shared with the CLI):
 * controls and invisible characters shown as visible escapes, a formula
 * neutralised with a leading single quote, quoted when it holds a comma, a
 * quote or a line end.
 * BO_ENOMEM; BO_ESTORAGE when the file refuses the bytes.
 */
int bo_tui_csv_row(FILE *f, const char *const *fields, size_t n, bo_err *err);

#endif
