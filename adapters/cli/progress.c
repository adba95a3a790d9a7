/* The progress bar of long jobs (rebuild, verify, import) on a terminal's stderr. */
#include "adapters/cli/progress.h"

#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 20
#define REDRAW_MS 100
/* label (96), bar and figures: the whole line, never cut but by cols */
#define LINE_SZ 256

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void bo_progress_init_on(bo_progress *p, FILE *f, int on, const char *label)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->on = on;
	p->last_ms = -1;
	p->start_ms = -1;
	p->now_ms = monotonic_ms;
	snprintf(p->label, sizeof(p->label), "%s", label ? label : "working");
	snprintf(p->unit, sizeof(p->unit), "ev");
}

void bo_progress_set_unit(bo_progress *p, const char *unit)
{
	snprintf(p->unit, sizeof(p->unit), "%s", unit ? unit : "ev");
}

void bo_progress_init(bo_progress *p, const char *label)
{
	struct winsize ws;

	bo_progress_init_on(p, stderr, isatty(fileno(stderr)), label);
	if (p->on && ioctl(fileno(stderr), TIOCGWINSZ, &ws) == 0)
		p->cols = ws.ws_col;
}

char *bo_progress_group(char *buf, size_t size, int64_t n)
{
	char digits[32];
	size_t len, out = 0;
	int neg = n < 0;

	snprintf(digits, sizeof(digits), "%lld",
		 neg ? -(long long)n : (long long)n);
	len = strlen(digits);
	if (neg && out + 1 < size)
		buf[out++] = '-';
	for (size_t i = 0; i < len && out + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && out + 2 < size)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
	return buf;
}

/* "0:02", "1:05:09": the time left, from the rate so far. */
static void eta_text(char *buf, size_t size, int64_t seconds)
{
	if (seconds >= 3600)
		snprintf(buf, size, "%lld:%02lld:%02lld",
			 (long long)(seconds / 3600),
			 (long long)(seconds / 60 % 60),
			 (long long)(seconds % 60));
	else
		snprintf(buf, size, "%lld:%02lld", (long long)(seconds / 60),
			 (long long)(seconds % 60));
}

static void draw(bo_progress *p, int64_t done, int64_t total, int64_t now)
{
	char bar[BAR_WIDTH + 1], d[32], t[32], r[32], eta[32] = "?";
	char line[LINE_SZ];
	int64_t elapsed = now - p->start_ms, rate = 0;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	int fill = total > 0 ? (int)(done * BAR_WIDTH / total) : BAR_WIDTH;

	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[BAR_WIDTH] = '\0';
	if (elapsed > 0)
		rate = done * 1000 / elapsed;
	if (rate > 0)
		eta_text(eta, sizeof(eta), (total - done + rate - 1) / rate);
	else if (done >= total)
		eta_text(eta, sizeof(eta), 0);
	/* \r and erase-to-end: the new bar replaces the old one exactly */
	snprintf(line, sizeof(line), "%s [%s] %3d%% %s/%s %s  %s %s/s  ETA %s",
		 p->label, bar, pct, bo_progress_group(d, sizeof(d), done),
		 bo_progress_group(t, sizeof(t), total), p->unit,
		 bo_progress_group(r, sizeof(r), rate), p->unit, eta);
	/* a line that wraps leaves its first rows behind when wiped: the
	 * last column stays free too, as some terminals wrap on it */
	if (p->cols > 1 && strlen(line) > (size_t)(p->cols - 1))
		line[p->cols - 1] = '\0';
	fprintf(p->f, "\r\033[K%s", line);
	fflush(p->f);
	p->drawn = 1;
	p->last_ms = now;
}

int bo_progress_update(void *ctx, int64_t done, int64_t total)
{
	bo_progress *p = ctx;
	int64_t now;

	if (!p || !p->on)
		return 0;
	now = p->now_ms();
	if (p->start_ms < 0)
		p->start_ms = now;
	if (done > total)
		done = total;
	if (done < total && p->last_ms >= 0 && now - p->last_ms < REDRAW_MS)
		return 0;
	draw(p, done, total, now);
	return 0;
}

int bo_progress_replay(void *ctx, const char *what, int64_t done, int64_t total)
{
	bo_progress *p = ctx;

	if (p && what && strcmp(p->label, what) != 0) {
		snprintf(p->label, sizeof(p->label), "%s", what);
		p->last_ms = -1; /* a new job: show it at once */
		p->start_ms = -1;
	}
	return bo_progress_update(ctx, done, total);
}

void bo_progress_end(bo_progress *p)
{
	if (!p || !p->on || !p->drawn)
		return;
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->drawn = 0;
}
