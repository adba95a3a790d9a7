/* Calendar arithmetic (proleptic Gregorian): civil dates, ISO 8601 times, report days, local days of a zone. */
#include "calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/*
 * Civil dates are counted in years that start on 1 March, so the leap day is
 * the last day of its year and month lengths follow a fixed 5-month pattern
 * (31 30 31 30 31 | 31 30 31 30 31 | 31 28/29). 400 such years are 146097
 * days; 0000-03-01 is 719468 days before the epoch.
 */
#define DAYS_PER_400Y 146097
#define EPOCH_SHIFT 719468 /* days from 0000-03-01 to 1970-01-01 */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t bo_days_from_civil(int64_t y, int m, int d)
{
	int64_t year = m > 2 ? y : y - 1;      /* March-based year */
	int64_t month = m > 2 ? m - 3 : m + 9; /* 0 = March .. 11 = February */
	int64_t cycle = floor_div(year, 400);
	int64_t yoc = year - cycle * 400; /* 0..399 */
	int64_t doy = (153 * month + 2) / 5 + d - 1;
	int64_t doc = yoc * 365 + yoc / 4 - yoc / 100 + doy;

	return cycle * DAYS_PER_400Y + doc - EPOCH_SHIFT;
}

void bo_civil_from_days(int64_t day, int64_t *y, int *m, int *d)
{
	int64_t z = day + EPOCH_SHIFT;
	int64_t cycle = floor_div(z, DAYS_PER_400Y);
	int64_t doc = z - cycle * DAYS_PER_400Y; /* 0..146096 */
	/* Undo the leap days counted so far to find the year of the cycle. */
	int64_t yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365;
	int64_t doy = doc - (yoc * 365 + yoc / 4 - yoc / 100);
	int64_t month = (5 * doy + 2) / 153; /* 0 = March */

	*d = (int)(doy - (153 * month + 2) / 5 + 1);
	*m = (int)(month < 10 ? month + 3 : month - 9);
	*y = cycle * 400 + yoc + (*m <= 2);
}

bool bo_leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int bo_days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};

	return m == 2 ? 28 + bo_leap_year(y) : len[m - 1];
}

int64_t bo_day_of_ms(int64_t ms)
{
	return floor_div(ms, BO_MS_PER_DAY);
}

int64_t bo_day_start_ms(int64_t day)
{
	return day * BO_MS_PER_DAY;
}

char *bo_day_format(char *buf, int64_t day)
{
	int64_t y;
	int m, d;

	bo_civil_from_days(day, &y, &m, &d);
	snprintf(buf, BO_DAY_BUFSZ, "%04" PRId64 "-%02d-%02d", y, m, d);
	return buf;
}

/* The date and the time of day of ms, UTC. */
typedef struct civil_time {
	int64_t y;
	int mo, d, h, mi, s, ms;
} civil_time;

static civil_time civil_of_ms(int64_t ms)
{
	int64_t day = bo_day_of_ms(ms);
	int64_t in_day = ms - day * BO_MS_PER_DAY; /* 0..86399999 */
	civil_time t;

	bo_civil_from_days(day, &t.y, &t.mo, &t.d);
	t.h = (int)(in_day / 3600000);
	t.mi = (int)(in_day / 60000 % 60);
	t.s = (int)(in_day / 1000 % 60);
	t.ms = (int)(in_day % 1000);
	return t;
}

char *bo_time_format_iso(char *buf, size_t size, int64_t ms)
{
	civil_time t = civil_of_ms(ms);

	snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%03dZ", t.y,
		 t.mo, t.d, t.h, t.mi, t.s, t.ms);
	return buf;
}

char *bo_time_format_text(char *buf, size_t size, int64_t ms, bool seconds)
{
	civil_time t = civil_of_ms(ms);

	if (seconds)
		snprintf(buf, size, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d",
			 t.y, t.mo, t.d, t.h, t.mi, t.s);
	else
		snprintf(buf, size, "%04" PRId64 "-%02d-%02d %02d:%02d", t.y,
			 t.mo, t.d, t.h, t.mi);
	return buf;
}

int64_t bo_local_day_of_ms(const bo_zone *z, int64_t ms)
{
	return bo_day_of_ms(ms + bo_zone_offset(z, ms));
}

int64_t bo_local_day_start_ms(const bo_zone *z, int64_t day)
{
	int64_t mid = day * BO_MS_PER_DAY;
	int64_t t = mid - bo_zone_offset(z, mid);
	int64_t lo, hi;

	/* the offset at the guess may differ from the one at the answer when
	 * a change lies between them: a second look settles the usual case */
	t = mid - bo_zone_offset(z, t);
	if (bo_local_day_of_ms(z, t) >= day &&
	    bo_local_day_of_ms(z, t - 1) < day)
		return t;
	/* midnight was skipped or repeated: the first moment on the day,
	 * searched within more than any offset the tz database holds */
	lo = mid - 30 * INT64_C(3600000);
	hi = mid + 30 * INT64_C(3600000);
	while (hi - lo > 1) {
		int64_t m = lo + (hi - lo) / 2;
		if (bo_local_day_of_ms(z, m) >= day)
			hi = m;
		else
			lo = m;
	}
	return hi;
}

bool bo_zone_is_utc(const bo_zone *z)
{
	return !z || !z->offset_ms;
}

char *bo_zone_label(char *buf, const bo_zone *z, int64_t ms)
{
	int64_t off = bo_zone_offset(z, ms), a;

	buf[0] = '\0';
	if (bo_zone_is_utc(z)) {
		snprintf(buf, BO_ZONE_LABEL_BUFSZ, "UTC");
		return buf;
	}
	if (z->abbrev)
		z->abbrev(z->self, ms, buf, BO_ZONE_LABEL_BUFSZ);
	if (buf[0])
		return buf;
	a = (off < 0 ? -off : off) / 60000;
	snprintf(buf, BO_ZONE_LABEL_BUFSZ, "%c%02d:%02d", off < 0 ? '-' : '+',
		 (int)(a / 60 % 100), (int)(a % 60));
	return buf;
}

char *bo_time_format_local(char *buf, size_t size, const bo_zone *z, int64_t ms,
			   bool seconds, bool with_zone)
{
	char label[BO_ZONE_LABEL_BUFSZ];
	size_t n;

	bo_time_format_text(buf, size, ms + bo_zone_offset(z, ms), seconds);
	n = strlen(buf);
	if (with_zone && n < size)
		snprintf(buf + n, size - n, " %s", bo_zone_label(label, z, ms));
	return buf;
}

/* Reads exactly n digits at s; -1 when one is not a digit. */
static int digits(int *out, const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int bo_time_parse_iso(int64_t *out, const char *text)
{
	int y, mo, d, h, mi, s, ms = 0;
	size_t len = text ? strlen(text) : 0;

	/* YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ */
	if (len != 20 && len != 24)
		return BO_EINVAL;
	if (digits(&y, text, 4) || text[4] != '-' || digits(&mo, text + 5, 2) ||
	    text[7] != '-' || digits(&d, text + 8, 2) || text[10] != 'T' ||
	    digits(&h, text + 11, 2) || text[13] != ':' ||
	    digits(&mi, text + 14, 2) || text[16] != ':' ||
	    digits(&s, text + 17, 2) || text[len - 1] != 'Z')
		return BO_EINVAL;
	if (len == 24 && (text[19] != '.' || digits(&ms, text + 20, 3)))
		return BO_EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > bo_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 59)
		return BO_EINVAL;
	*out = bo_days_from_civil(y, mo, d) * BO_MS_PER_DAY +
	       ((h * 60 + mi) * 60 + s) * INT64_C(1000) + ms;
	return 0;
}

/* The YYYY-MM-DD at the start of s (exactly 10 characters read), years
 * 1970..9999 as report periods take them. */
static int date_prefix(int64_t *out, const char *s)
{
	int y, m, d;

	if (strnlen(s, 10) < 10 || digits(&y, s, 4) || s[4] != '-' ||
	    digits(&m, s + 5, 2) || s[7] != '-' || digits(&d, s + 8, 2))
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > bo_days_in_month(y, m))
		return -1;
	*out = bo_days_from_civil(y, m, d);
	return 0;
}

int bo_day_parse(int64_t *out, const char *text, const char *field, bo_err *err)
{
	int64_t day;

	if (!text || strlen(text) != 10 || date_prefix(&day, text) < 0)
		return bo_err_set(err, BO_EINVAL,
				  "%s must be a date written YYYY-MM-DD, such "
				  "as 2026-11-26",
				  field);
	*out = day;
	return BO_OK;
}

int bo_time_parse(int64_t *out, const char *text, const char *field,
		  bo_err *err)
{
	int64_t day;
	int h, mi, s = 0, ms = 0;
	const char *p;

	if (!text || date_prefix(&day, text) < 0 ||
	    (text[10] != 'T' && text[10] != ' '))
		goto bad;
	p = text + 11;
	if (digits(&h, p, 2) || p[2] != ':' || digits(&mi, p + 3, 2))
		goto bad;
	p += 5;
	if (*p == ':') {
		if (digits(&s, p + 1, 2))
			goto bad;
		p += 3;
		if (*p == '.') {
			if (digits(&ms, p + 1, 3))
				goto bad;
			p += 4;
		}
	}
	if (*p == 'Z')
		p++;
	if (*p != '\0' || h > 23 || mi > 59 || s > 59)
		goto bad;
	*out =
	    day * BO_MS_PER_DAY + ((h * 60 + mi) * 60 + s) * INT64_C(1000) + ms;
	return BO_OK;
bad:
	return bo_err_set(
	    err, BO_EINVAL,
	    "%s must be a time written YYYY-MM-DDTHH:MM:SS (UTC), "
	    "such as 2026-11-26T14:30:00",
	    field);
}
