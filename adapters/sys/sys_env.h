/* The real clock (CLOCK_REALTIME) and random UUIDs (getrandom / /dev/urandom). */
#ifndef BO_SYS_ENV_H
#define BO_SYS_ENV_H

#include "domain/ports/env.h"

bo_clock bo_sys_clock(void);
bo_ids bo_sys_ids(void);

#endif
