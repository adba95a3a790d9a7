/* UTC calendar days and times as reports use them: day numbers, strict parsing, formatting. */
#ifndef BO_CALENDAR_H
#define BO_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define BO_MS_PER_DAY INT64_C(86400000)

/* Room for "YYYY-MM-DD", and for what the compiler fears any int64 year and int month and day could print. */
#define BO_DAY_BUFSZ 48

/* The UTC day of a time: days since 1970-01-01 (floor; negative before). */
int64_t bo_day_of_ms(int64_t ms);
/* First millisecond of a day. */
int64_t bo_day_start_ms(int64_t day);

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
