/* Ports: the clock and the source of unique ids (swapped for fixed ones in tests). */
#ifndef BO_PORT_ENV_H
#define BO_PORT_ENV_H

#include <stdint.h>

#define BO_UUID_LEN 36

typedef struct bo_clock {
	/* Required. Milliseconds since the epoch, UTC. */
	int64_t (*now_ms)(void *self);
	void *self;
} bo_clock;

typedef struct bo_ids {
	/* Required. Writes a fresh UUID (36 chars + NUL) into out. */
	void (*uuid)(void *self, char out[BO_UUID_LEN + 1]);
	void *self;
} bo_ids;

int64_t bo_clock_now(const bo_clock *c);
void bo_ids_uuid(const bo_ids *ids, char out[BO_UUID_LEN + 1]);

#endif
