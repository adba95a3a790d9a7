/* For the port wrappers only: the stop rule of ports.h, kept in one place for every walk. */
#ifndef BO_PORT_WALK_H
#define BO_PORT_WALK_H

/*
 * A wrapper hands the adapter its own callback (a trampoline) with a bo_walk
 * as the context: the trampoline calls the caller's function and passes on
 * a negative status as it is and anything else as 0, so an adapter only
 * ever sees 0 (go on) or a negative status (stop and return it), whatever
 * the caller returned. The function pointer travels as void (*)(void) and
 * is cast back to its own type before the call (C11 6.3.2.3).
 */
typedef struct bo_walk {
	void (*fn)(void);
	void *ctx;
} bo_walk;

#define BO_WALK(each, ctx) ((bo_walk){(void (*)(void))(each), (ctx)})

static inline int bo_walk_rc(int rc)
{
	return rc < 0 ? rc : 0;
}

#endif
