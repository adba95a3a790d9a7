/* The Projections screen: each projector's versions, checkpoint and lag; run, rebuild, verify. */
#ifndef BO_TUI_PROJECTIONS_SCREEN_H
#define BO_TUI_PROJECTIONS_SCREEN_H

#include "tui/screen.h"

extern const bo_screen_ops bo_projections_screen_ops;

/* Pushes the projections screen onto t's stack. It is admin upkeep: other
 * roles get the screen with a refusal in it and nothing else. */
int bo_projections_screen_open(bo_tui *t, bo_err *err);

#endif
