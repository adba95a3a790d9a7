/* A progress bar with rate and ETA on stderr, for long jobs; quiet unless stderr is a terminal. */
#ifndef BO_CLI_PROGRESS_H
#define BO_CLI_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

/*
 * One bar: "rebuild orders [#####     ] 51% 120,000/235,000 ev  48,000 ev/s
 * ETA 0:02". Drawn over itself with \r, at most ten times a second (the
 * last update always), and wiped by bo_progress_end so nothing is left
 * behind. Draws nothing when its stream is not a terminal.
 */
typedef struct bo_progress {
	FILE *f;
	int on;           /* 0: every call is a no-op */
	char label[96];   /* what runs; the replay's own words when it says */
	int64_t start_ms; /* when the first update came */
	int64_t last_ms;  /* when the bar was last drawn; -1 never */
	int drawn;        /* something is on the line to wipe */
	int64_t (*now_ms)(void); /* the clock; tests set their own */
	char unit[16];           /* what is counted: "ev" unless set */
	int cols; /* the terminal's width: the bar is cut to cols - 1 so it
		   * never wraps (a wrapped bar is not wiped); 0: not cut */
} bo_progress;

/* A bar on stderr, on only when stderr is a terminal, cut to its width.
 * label may be NULL. */
void bo_progress_init(bo_progress *p, const char *label);
/* A bar on f, on when `on` says (tests, forced output). */
void bo_progress_init_on(bo_progress *p, FILE *f, int on, const char *label);

/* What the counts are of ("bytes"); "ev" (events) by default. */
void bo_progress_set_unit(bo_progress *p, const char *unit);

/* bo_progress_fn (domain/projections/projections.h): ctx is a bo_progress.
 * Never asks to stop. */
int bo_progress_update(void *ctx, int64_t done, int64_t total);
/* bo_replay_fn (domain/projections/engine.h): the label becomes `what`. */
int bo_progress_replay(void *ctx, const char *what, int64_t done,
		       int64_t total);

/* Wipes the bar's line. Safe to call twice or when nothing was drawn. */
void bo_progress_end(bo_progress *p);

/* "1,234,567" into buf (at least 32 bytes). */
char *bo_progress_group(char *buf, size_t size, int64_t n);

#endif
