/* The Users screen (admins): staff users with role, status and creation
 * time; d disables, e enables (both ask y/N), R gives another role. */
#ifndef BO_TUI_USERS_H
#define BO_TUI_USERS_H

#include "tui/screen.h"

extern const bo_screen_ops bo_users_screen_ops;

/* Pushes the Users screen onto t's stack. The services' refusal (BO_EPERM
 * for anyone but an admin) or failure is returned with nothing pushed. */
int bo_users_open(bo_tui *t, bo_err *err);

#endif
