/* The tenant picker: the tenants the user may switch to; Enter switches. */
#ifndef BO_TUI_TENANTS_H
#define BO_TUI_TENANTS_H

#include "tui/screen.h"

extern const bo_screen_ops bo_tenants_screen_ops;

/* Pushes the picker onto t's stack, listing the caller's tenants
 * (bo_tui_tenants). Their refusal (BO_EPERM) or failure is returned with
 * nothing pushed. */
int bo_tenants_open(bo_tui *t, bo_err *err);

#endif
