/* The real clock and random version-4 UUIDs for production use. */
#include "adapters/sys/sys_env.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static int64_t sys_now_ms(void *self)
{
	struct timespec ts;

	(void)self;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bo_clock bo_sys_clock(void)
{
	return (bo_clock){sys_now_ms, NULL};
}

static int fill_getrandom(unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = getrandom(buf + got, len - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* For kernels without getrandom (ENOSYS) or sandboxes that forbid it. */
static int fill_urandom(unsigned char *buf, size_t len)
{
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (got < len) {
		ssize_t r = read(fd, buf + got, len - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got == len ? 0 : -1;
}

static void sys_uuid(void *self, char out[BO_UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	(void)self;
	if (fill_getrandom(b, sizeof(b)) != 0 &&
	    fill_urandom(b, sizeof(b)) != 0) {
		/* ids must be unique: without randomness, stop rather than
		 * write events that may collide */
		fputs("backoffice: no source of random numbers\n", stderr);
		abort();
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < sizeof(b); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
}

bo_ids bo_sys_ids(void)
{
	return (bo_ids){sys_uuid, NULL};
}
