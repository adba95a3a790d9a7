/* Time zone offsets and abbreviations from the C library's view of the tz database. */
#include "adapters/sys/sys_zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters/sys/tenant_site.h"
#include "domain/text.h"

/* The zone TZ names now, so a process with one zone calls tzset once. */
static char *current;

static int use(const char *name)
{
	char *tz;

	if (current && strcmp(current, name) == 0)
		return 0;
	/* ":Area/City" is the C library's spelling for a file of TZDIR */
	if (!(tz = malloc(strlen(name) + 2)))
		return -1;
	tz[0] = ':';
	strcpy(tz + 1, name);
	if (setenv("TZ", tz, 1) != 0) {
		free(tz);
		return -1;
	}
	tzset();
	free(current);
	current = tz;
	memmove(current, current + 1, strlen(current));
	return 0;
}

static time_t seconds_of(int64_t ms)
{
	int64_t s = ms / 1000;

	if (ms % 1000 < 0)
		s--;
	return (time_t)s;
}

static int64_t zone_offset(void *self, int64_t utc_ms)
{
	bo_sys_zone *z = self;
	time_t s = seconds_of(utc_ms);
	struct tm tm;

	if (use(z->name) < 0 || !localtime_r(&s, &tm))
		return 0;
	return (int64_t)tm.tm_gmtoff * 1000;
}

static void zone_abbrev(void *self, int64_t utc_ms, char *buf, size_t size)
{
	bo_sys_zone *z = self;
	time_t s = seconds_of(utc_ms);
	struct tm tm;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (use(z->name) < 0 || !localtime_r(&s, &tm) || !tm.tm_zone)
		return;
	snprintf(buf, size, "%s", tm.tm_zone);
}

int bo_sys_zone_open(bo_sys_zone *z, const char *name, bo_err *err)
{
	bo_err why = {0};

	memset(z, 0, sizeof(*z));
	if (!name || !*name)
		name = "UTC";
	if (bo_sys_time_zone_check(name, &why) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "the store's time zone %s is not in this "
				  "system's tz database; install the tzdata "
				  "package",
				  name);
	if (!(z->name = bo_strdup(name)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	z->zone.self = z;
	z->zone.name = z->name;
	/* UTC needs no table: the domain counts a zone without offsets as
	 * UTC, and the hot paths (a projector's day per event) stay free */
	if (strcmp(name, "UTC") != 0) {
		z->zone.offset_ms = zone_offset;
		z->zone.abbrev = zone_abbrev;
	}
	return BO_OK;
}

void bo_sys_zone_close(bo_sys_zone *z)
{
	if (!z)
		return;
	free(z->name);
	memset(z, 0, sizeof(*z));
}
