/* Calendar days and times: civil dates, ISO 8601 text both ways, report periods, local days of a time zone. */
#ifndef BO_CALENDAR_H
#define BO_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ports/env.h"
#include "status.h"

#define BO_MS_PER_DAY INT64_C(86400000)

/* Room for "YYYY-MM-DD", and for what the compiler fears any int64 year and int month and day could print. */
#define BO_DAY_BUFSZ 48

/* Room for any time bo_time_format_iso or bo_time_format_text writes. */
#define BO_TIME_BUFSZ 64

/*
 * Civil dates of the proleptic Gregorian calendar, for any int64_t day
 * number within +-2^50 (negative before 1970): bo_days_from_civil is the
 * day number of year y, month m (1..12), day d (1..31, not checked against
 * the month's length); bo_civil_from_days the reverse.
 */
int64_t bo_days_from_civil(int64_t y, int m, int d);
void bo_civil_from_days(int64_t day, int64_t *y, int *m, int *d);
/* True for 2024, 2000; false for 2023, 2100. */
bool bo_leap_year(int64_t y);
/* 28..31; m is 1..12. */
int bo_days_in_month(int64_t y, int m);

/*
 * ms since the epoch as ISO 8601 UTC with milliseconds, the log's format:
 * "2026-11-26T06:11:42.123Z" (years before 1000 with leading zeros, as
 * "0001-01-01T00:00:00.000Z"). buf holds size bytes (BO_TIME_BUFSZ is
 * always enough; shorter is cut, NUL-terminated). Returns buf.
 */
char *bo_time_format_iso(char *buf, size_t size, int64_t ms);
/*
 * Parses exactly what bo_time_format_iso writes for years 0000..9999, and
 * the same without ".mmm": "YYYY-MM-DDTHH:MM:SS[.mmm]Z", a real day, hours
 * 0..23, minutes and seconds 0..59. BO_EINVAL otherwise (*out unchanged;
 * the caller names the field).
 */
int bo_time_parse_iso(int64_t *out, const char *text);
/* For people: "2026-11-26 06:11:42", or "2026-11-26 06:11" without
 * seconds, UTC. Returns buf. */
char *bo_time_format_text(char *buf, size_t size, int64_t ms, bool seconds);

/* The UTC day of a time: days since 1970-01-01 (floor; negative before). */
int64_t bo_day_of_ms(int64_t ms);
/* First millisecond of a day. */
int64_t bo_day_start_ms(int64_t day);

/*
 * Local days and clock times of a business time zone (env.h; NULL is UTC).
 * A local day is a day number like the UTC ones, counted on the local
 * calendar: in Europe/Berlin the day 2026-03-29 runs from 23:00 UTC on
 * the 28th to 22:00 UTC on the 29th, 23 hours, and 2026-10-25 has 25.
 */
/* The local day ms falls on. */
int64_t bo_local_day_of_ms(const bo_zone *z, int64_t ms);
/* The first UTC millisecond of local day `day`: where a day starts in a
 * gap (midnight skipped), the first moment that is on that day. The next
 * day's start minus this one is the day's length (23, 24 or 25 hours). */
int64_t bo_local_day_start_ms(const bo_zone *z, int64_t day);
/*
 * The zone's label at ms, into buf (BO_ZONE_LABEL_BUFSZ): the
 * abbreviation when the zone knows one ("CEST", "UTC"), else the offset
 * ("+05:30"). Returns buf.
 */
#define BO_ZONE_LABEL_BUFSZ 16
/* True for NULL and for a zone without offsets: UTC, where the faces keep
 * their shorter UTC layouts. */
bool bo_zone_is_utc(const bo_zone *z);
char *bo_zone_label(char *buf, const bo_zone *z, int64_t ms);
/*
 * Local clock time for people: "2026-03-29 03:00:00", without seconds
 * "2026-03-29 03:00", and with_zone adds the label: "... CEST".
 * BO_TIME_BUFSZ is enough. Returns buf.
 */
char *bo_time_format_local(char *buf, size_t size, const bo_zone *z, int64_t ms,
			   bool seconds, bool with_zone);

/* "2026-11-26" into buf (BO_DAY_BUFSZ bytes). Returns buf. */
char *bo_day_format(char *buf, int64_t day);

/*
 * Parses a date written exactly YYYY-MM-DD (years 1970..9999, a real
 * calendar day) into a day number. BO_EINVAL naming field otherwise:
 * "--from must be a date written YYYY-MM-DD".
 */
int bo_day_parse(int64_t *out, const char *text, const char *field,
		 bo_err *err);

/*
 * Parses a UTC time "YYYY-MM-DDTHH:MM[:SS[.mmm]][Z]" ('T' or one space
 * between date and time) into ms since the epoch. BO_EINVAL naming field.
 */
int bo_time_parse(int64_t *out, const char *text, const char *field,
		  bo_err *err);

#endif
