/* The catalogue import's review screen: `:import FILE` on Products shows the diff, a applies it after y/N. */
#ifndef BO_TUI_CATALOGUE_IMPORT_H
#define BO_TUI_CATALOGUE_IMPORT_H

#include "domain/status.h"
#include "tui/screen.h"

extern const bo_screen_ops bo_catalogue_import_ops;

/* Reads path and compares it with the catalogue (admin), then opens the
 * review of the diff on top of the stack. BO_EPERM, BO_ENOTFOUND (no such
 * file), the plan's statuses. */
int bo_catalogue_import_open(bo_tui *t, const char *path, bo_err *err);

#endif
