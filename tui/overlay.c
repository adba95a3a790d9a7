/* The overlays: y/N questions, prompts, the note box, exports (questions and writing), their keys and drawing. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "tui/tui_impl.h"

/* ---- questions ------------------------------------------------------------ */

static int index_of(bo_tui *t, bo_screen *s)
{
	for (int i = 0; i < t->depth; i++)
		if (&t->stack[i] == s)
			return i;
	return -1;
}

void bo_tui_ask(bo_tui *t, overlay_kind kind, bo_screen *s,
		const char *question, const char *initial, bo_tui_answer_fn fn)
{
	char *q = strdup(question ? question : "");

	if (!q || bo_field_set(&t->input, initial) < 0) {
		free(q);
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	free(t->question);
	t->question = q;
	t->on_edit = NULL;
	t->overlay = kind;
	t->asker = s ? index_of(t, s) : -1;
	t->answer = fn;
}

void bo_tui_confirm(bo_tui *t, bo_screen *s, const char *question,
		    bo_tui_answer_fn fn)
{
	bo_tui_ask(t, OV_CONFIRM, s, question, NULL, fn);
}

void bo_tui_prompt(bo_tui *t, bo_screen *s, const char *label,
		   const char *initial, bo_tui_answer_fn fn)
{
	bo_tui_ask(t, OV_PROMPT, s, label, initial, fn);
}

void bo_tui_prompt_live(bo_tui *t, bo_screen *s, const char *label,
			const char *initial, bo_tui_answer_fn on_edit,
			bo_tui_answer_fn fn)
{
	bo_tui_ask(t, OV_PROMPT, s, label, initial, fn);
	if (t->overlay == OV_PROMPT)
		t->on_edit = on_edit;
}

void bo_tui_edit(bo_tui *t, bo_screen *s, const char *title,
		 const char *initial, bo_tui_answer_fn fn)
{
	if (bo_text_box_set(&t->box, initial) < 0) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_ask(t, OV_TEXT, s, title, NULL, fn);
}

void bo_tui_prompt_again(bo_tui *t, bo_screen *s, const char *text,
			 const char *fmt, ...)
{
	char *label = t->question ? strdup(t->question) : NULL;
	va_list ap;

	if (!label || !t->answered) {
		free(label);
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	bo_tui_ask(t, OV_PROMPT, s, label, text, t->answered);
	free(label);
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_role = BO_STYLE_ERROR;
	t->sticky = true;
}

/* ---- exports --------------------------------------------------------------- */

static int export_prompt_answer(bo_screen *s, int yes, const char *text)
{
	if (yes)
		bo_tui_export(s->tui, s, text);
	return BO_HANDLED;
}

void bo_tui_ask_export(bo_tui *t, bo_screen *s, const char *stem)
{
	char name[96], day[BO_DAY_BUFSZ];
	int64_t today = bo_local_day_of_ms(t->app->ports->zone,
					   bo_clock_now(&t->app->clock));

	snprintf(name, sizeof(name), "%s-%s.csv", stem,
		 bo_day_format(day, today));
	bo_tui_prompt(t, s, "export as CSV to:", name, export_prompt_answer);
}

/*
 * Writes s's CSV to path, a new file when fresh is true. Returns 1 when a
 * fresh file would overwrite one (nothing written), else 0 with the
 * outcome in the message line.
 */
static int write_export(bo_tui *t, bo_screen *s, const char *path, bool fresh)
{
	bo_err err;
	FILE *f;
	bool bad;
	int n;

	bo_err_clear(&err);
	errno = 0;
	if (!(f = fopen(path, fresh ? "wx" : "w"))) {
		if (fresh && errno == EEXIST)
			return 1;
		bo_tui_message(t, BO_STYLE_ERROR, "cannot write %s: %s", path,
			       strerror(errno));
		return 0;
	}
	n = s->ops->export_csv(s, f, &err);
	bad = ferror(f) != 0;
	if (fclose(f) != 0)
		bad = true;
	if (bad && n >= 0)
		n = bo_err_set(&err, BO_ESTORAGE,
			       "%s could not be written completely", path);
	if (n < 0) {
		remove(path);
		bo_tui_error(t, &err);
	} else {
		bo_tui_message(t, BO_STYLE_OK, "exported %d row%s to %s", n,
			       n == 1 ? "" : "s", path);
	}
	return 0;
}

static int export_answer(bo_screen *s, int yes, const char *text)
{
	bo_tui *t = s->tui;

	(void)text;
	if (yes && t->export_path)
		write_export(t, s, t->export_path, false);
	else
		bo_tui_message(t, BO_STYLE_DIM, "nothing was exported");
	free(t->export_path);
	t->export_path = NULL;
	return BO_HANDLED;
}

void bo_tui_export(bo_tui *t, bo_screen *s, const char *path)
{
	char question[600];

	if (!s->ops->export_csv) {
		bo_tui_message(t, BO_STYLE_WARNING,
			       "the %s screen has nothing to export",
			       s->ops->name);
		return;
	}
	if (!path || !*path) {
		bo_tui_message(t, BO_STYLE_ERROR,
			       "the export needs a file name");
		return;
	}
	if (write_export(t, s, path, true) == 0)
		return;
	free(t->export_path);
	if (!(t->export_path = strdup(path))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return;
	}
	snprintf(question, sizeof(question), "%s already exists. Overwrite it?",
		 path);
	bo_tui_confirm(t, s, question, export_answer);
}

/* ---- answers and keys ----------------------------------------------------- */

/* Closes a question and hands the answer to whoever asked. */
static int answer(bo_tui *t, int yes)
{
	bo_tui_answer_fn fn = t->answer;
	int asker = t->asker;
	overlay_kind kind = t->overlay;
	char *text = NULL;
	int flags = BO_HANDLED;

	t->overlay = OV_NONE;
	t->answer = NULL;
	t->on_edit = NULL;
	t->edit_pending = false; /* the answer has the whole text */
	t->answered = fn;
	if (t->sticky) {
		t->sticky = false;
		t->message[0] = '\0';
	}
	if (kind == OV_TEXT && yes && !(text = bo_text_box_text(&t->box))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return flags;
	}
	if (kind == OV_PROMPT && yes && t->input.text &&
	    !(text = strdup(t->input.text))) {
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return flags;
	}
	if (asker < 0) {
		if (yes && text)
			flags |= bo_tui_cmdline_run(t, text);
	} else if (fn && asker < t->depth) {
		flags |= fn(&t->stack[asker], yes, yes ? text : NULL);
		/* only the top screen can ask, so closing it is a pop */
		if ((flags & BO_CLOSE) && asker == t->depth - 1) {
			bo_tui_pop(t);
			if (!t->depth)
				flags |= BO_QUIT;
		}
	}
	free(text);
	return flags;
}

int bo_tui_question_key(bo_tui *t, bo_request req, int key)
{
	int rc;

	/* the `:` prompt: ↑ ↓ walk its history, Tab completes (command.c) */
	if (t->overlay == OV_PROMPT && t->asker < 0 &&
	    bo_tui_cmdline_key(t, key))
		return BO_HANDLED;

	if (t->overlay == OV_CONFIRM) {
		if (req == BO_REQ_QUIT && key == BO_KEY_CTRL('C'))
			return BO_QUIT;
		return answer(t, key == 'y' || key == 'Y');
	}
	if (t->overlay == OV_TEXT) {
		/* Enter breaks the line: Ctrl-S saves, Esc (or Ctrl-C) gives
		 * up, as in the product form */
		if (key == BO_KEY_ESC || key == BO_KEY_CTRL('C'))
			return answer(t, 0);
		if (key == BO_KEY_CTRL('S'))
			return answer(t, 1);
		if (bo_text_box_key(&t->box, key) < 0)
			bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	if (key == BO_KEY_ESC)
		return answer(t, 0);
	if (key == BO_KEY_ENTER || key == '\n')
		return answer(t, 1);
	if (key == BO_KEY_CTRL('C'))
		return BO_QUIT;
	/* a backspace on an empty prompt cancels it, as in vi */
	if (key == BO_KEY_BACKSPACE && t->input.len == 0)
		return answer(t, 0);
	rc = bo_field_key(&t->input, key);
	if (rc < 0)
		bo_tui_message(t, BO_STYLE_ERROR, "out of memory");
	/* a live prompt shows what the typing gives as it goes: before the
	 * next frame, once for all the keys typed ahead of it */
	if (rc == 1 && t->on_edit)
		t->edit_pending = true;
	return BO_HANDLED;
}

void bo_tui_flush_edit(bo_tui *t)
{
	if (!t->edit_pending)
		return;
	t->edit_pending = false;
	if (t->overlay == OV_PROMPT && t->on_edit && t->asker >= 0 &&
	    t->asker < t->depth)
		t->on_edit(&t->stack[t->asker], 1, t->input.text);
}

/* ---- drawing -------------------------------------------------------------- */

/*
 * Splits text into lines of at most width columns at spaces (a word longer
 * than a line is cut by the canvas). Writes up to max line starts and
 * lengths; returns the number of lines.
 */
static int wrap(const char *text, int width, const char **starts, size_t *lens,
		int max)
{
	int n = 0;
	const char *p = text;

	while (*p && n < max) {
		const char *end = p, *cut = NULL;
		char *part;

		/* extend word by word while the line still fits */
		for (;;) {
			const char *next = strchr(end, ' ');
			size_t len;

			next = next ? next : end + strlen(end);
			len = (size_t)(next - p);
			if (!(part = strndup(p, len)))
				return n;
			if (cut && bo_canvas_text_width(part) > width) {
				free(part);
				break;
			}
			free(part);
			cut = next;
			end = *next ? next + 1 : next;
			if (!*next)
				break;
		}
		starts[n] = p;
		lens[n++] = (size_t)(cut - p);
		p = *cut ? cut + 1 : cut;
	}
	return n;
}

void bo_tui_draw_confirm(bo_tui *t, bo_canvas *c)
{
	const char *starts[6];
	size_t lens[6];
	int w = bo_canvas_text_width(t->question) + 6, h, x, y, n;

	if (w < 30)
		w = 30;
	if (w > c->cols - 2)
		w = c->cols - 2;
	n = wrap(t->question, w - 4, starts, lens, 6);
	h = n + 4;
	x = (c->cols - w) / 2;
	y = (c->rows - h) / 2;
	bo_canvas_box(c, y, x, h, w, BO_STYLE_BORDER);
	for (int i = 0; i < n; i++) {
		char *line = strndup(starts[i], lens[i]);

		if (line)
			bo_canvas_text(c, y + 1 + i, x + 2, BO_STYLE_WARNING,
				       line, w - 4);
		free(line);
	}
	bo_canvas_text(c, y + n + 2, x + 2, BO_STYLE_KEY, "y", 1);
	bo_canvas_text(c, y + n + 2, x + 4, BO_STYLE_NORMAL, "yes", 3);
	bo_canvas_text(c, y + n + 2, x + 9, BO_STYLE_KEY, "N", 1);
	bo_canvas_text(c, y + n + 2, x + 11, BO_STYLE_NORMAL, "no", 2);
}

void bo_tui_draw_prompt(bo_tui *t, bo_canvas *c, int msg_y)
{
	int lw =
	    bo_canvas_text(c, msg_y, 0, BO_STYLE_KEY, t->question, c->cols / 2);

	bo_canvas_fill(c, msg_y, lw, c->cols - lw, BO_STYLE_NORMAL);
	bo_field_draw(&t->input, c, msg_y, lw + (lw > 1), c->cols - lw - 1,
		      BO_STYLE_INPUT, true);
	/* why the answer was refused, above the prompt asking again */
	if (t->message[0] && msg_y > 1) {
		bo_canvas_fill(c, msg_y - 1, 0, c->cols, BO_STYLE_NORMAL);
		bo_canvas_text(c, msg_y - 1, 0, t->message_role, t->message,
			       c->cols);
	}
}

/* The text being typed: a frame titled with the question, the lines,
 * and the keys that end it. */
void bo_tui_draw_text_box(bo_tui *t, bo_canvas *c)
{
	int w = c->cols - 8 > 72 ? 72 : c->cols - 8, h = c->rows - 8, x, y;

	if (h > 10)
		h = 10;
	if (w < 20 || h < 4)
		w = c->cols - 2, h = c->rows - 4;
	x = (c->cols - w) / 2;
	y = (c->rows - h) / 2;
	bo_canvas_box(c, y, x, h, w, BO_STYLE_BORDER);
	bo_canvas_text(c, y, x + 2, BO_STYLE_TITLE, t->question, w - 4);
	bo_canvas_text(c, y + h - 1, x + 2, BO_STYLE_DIM,
		       " Enter new line  Ctrl-S save  Esc cancel ", w - 4);
	bo_text_box_draw(&t->box, c, y + 1, x + 2, w - 3, h - 2);
}
