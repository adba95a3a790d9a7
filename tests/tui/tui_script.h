/* A scripted terminal for bo_tui_run: keys from a list, a fixed size, and a frame kept when it shows a marker. */
#ifndef BO_TEST_TUI_SCRIPT_H
#define BO_TEST_TUI_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/tui.h"

/*
 * The loop reads keys[0..n) then sees the end of input. A read with no
 * wait is the loop looking for a key while it is busy (bo_tui_busy) or
 * for keys typed ahead: counted in busy_polls, answered with the next key
 * when typed_ahead (as a terminal holding a paste), else with Esc when
 * stop_when_busy, else with "no key". presents counts the frames shown. Of the frames presented, the first (keep_last false) or the
 * last (true) holding watch is kept in kept (the test frees it).
 */
typedef struct tui_script {
	const int *keys;
	size_t n, next;
	int rows, cols;
	bool stop_when_busy;
	bool typed_ahead;
	const char *watch;
	bool keep_last;
	int busy_polls;
	int presents;
	char *kept;
} tui_script;

static inline int tui_script_read(void *self, int timeout_ms, int *key)
{
	tui_script *s = self;

	if (timeout_ms == 0) {
		s->busy_polls++;
		if (s->typed_ahead && s->next < s->n) {
			*key = s->keys[s->next++];
			return 0;
		}
		if (s->stop_when_busy) {
			*key = BO_KEY_ESC;
			return 0;
		}
		return 1;
	}
	if (s->next >= s->n)
		return -1;
	*key = s->keys[s->next++];
	return 0;
}

static inline void tui_script_size(void *self, int *rows, int *cols)
{
	tui_script *s = self;

	*rows = s->rows;
	*cols = s->cols;
}

static inline void tui_script_present(void *self, const bo_canvas *c,
				      bool full)
{
	tui_script *s = self;
	char *text = bo_canvas_to_text(c, false);

	(void)full;
	s->presents++;
	if (text && s->watch && strstr(text, s->watch) &&
	    (s->keep_last || !s->kept)) {
		free(s->kept);
		s->kept = text;
	} else {
		free(text);
	}
}

/* The io of s for bo_tui_run. */
static inline bo_tui_io tui_script_io(tui_script *s)
{
	bo_tui_io io = {tui_script_read, tui_script_size, tui_script_present,
			s, NULL};

	return io;
}

#endif
