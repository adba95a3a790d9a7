/* The review of a catalogue import: its summary, a scrollable list of the changes and errors, a to apply after y/N, Esc to cancel. */
#include "tui/catalogue_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalogue.h"
#include "tui/list.h"
#include "tui/tui.h"

typedef struct review {
	bo_tui *tui;
	char *path;
	bo_cat_plan plan;
	size_t *shown; /* the diff lines listed (all but unchanged rows) */
	size_t nshown;
	bo_cursor at;
	char status_line[160];
} review;

static int apply_answer(bo_screen *s, int yes, const char *text)
{
	review *r = s->state;
	char summary[128], *replayed = NULL;
	bo_screen *below;
	bo_err err;
	int rc;

	(void)text;
	if (!yes) {
		bo_tui_message(r->tui, BO_STYLE_DIM,
			       "not applied; Esc leaves without writing");
		return BO_HANDLED;
	}
	bo_err_clear(&err);
	rc = bo_app_catalogue_apply(bo_tui_command(r->tui), &r->plan, &replayed,
				    &err);
	free(replayed);
	if (rc < 0) {
		bo_tui_error(r->tui, &err);
		return BO_HANDLED;
	}
	bo_cat_summary(&r->plan, summary, sizeof(summary));
	bo_tui_message(r->tui, BO_STYLE_OK, "imported %s: %s", r->path,
		       summary);
	below = bo_tui_below(r->tui, s);
	if (below && below->ops->refresh)
		below->ops->refresh(below);
	return BO_HANDLED | BO_CLOSE;
}

static void start_apply(bo_screen *s)
{
	review *r = s->state;
	char summary[128], question[400];

	if (r->plan.errors) {
		bo_tui_message(r->tui, BO_STYLE_ERROR,
			       "%zu rows of %s are in error: fix the file and "
			       "import it again; nothing can be applied",
			       r->plan.errors, r->path);
		return;
	}
	if (!r->plan.nitems) {
		bo_tui_message(r->tui, BO_STYLE_WARNING,
			       "%s changes nothing; Esc leaves", r->path);
		return;
	}
	bo_cat_summary(&r->plan, summary, sizeof(summary));
	snprintf(question, sizeof(question), "Apply %s (%s) in one go?",
		 r->path, summary);
	bo_tui_confirm(r->tui, s, question, apply_answer);
}

static int handle(bo_screen *s, bo_request req, int key)
{
	review *r = s->state;

	if (bo_cursor_handle(&r->at, r->nshown, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_ADD:
		start_apply(s);
		return BO_HANDLED;
	case BO_REQ_BACK:
		bo_tui_message(r->tui, BO_STYLE_DIM,
			       "import of %s cancelled; nothing was written",
			       r->path);
		return BO_HANDLED | BO_CLOSE;
	default:
		return BO_IGNORED;
	}
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	review *r = s->state;
	char summary[128], num[24];
	const char *arrow = c->unicode ? " \xE2\x86\x92 " : " -> ";
	int rows = height - 2, x_sku = 8, x_act = 30, x_field = 41, x_val = 54;

	if (height < 3)
		return;
	bo_cat_summary(&r->plan, summary, sizeof(summary));
	bo_canvas_text(c, top, 1,
		       r->plan.errors ? BO_STYLE_ERROR : BO_STYLE_TITLE,
		       summary, c->cols - 2);
	bo_canvas_text_right(c, top + 1, 1, 5, BO_STYLE_HEADER, "LINE");
	bo_canvas_text(c, top + 1, x_sku, BO_STYLE_HEADER, "SKU", 20);
	bo_canvas_text(c, top + 1, x_act, BO_STYLE_HEADER, "ACTION", 10);
	bo_canvas_text(c, top + 1, x_field, BO_STYLE_HEADER, "FIELD", 12);
	bo_canvas_text(c, top + 1, x_val, BO_STYLE_HEADER, "OLD -> NEW / ERROR",
		       c->cols - x_val - 1);
	if (!r->nshown) {
		bo_canvas_text(c, top + 2, 1, BO_STYLE_DIM,
			       "nothing to change: every row is as stored",
			       c->cols - 2);
		return;
	}
	bo_cursor_scroll(&r->at, r->nshown, rows);
	for (int i = 0; i < rows; i++) {
		size_t k = r->at.scroll + (size_t)i;
		const bo_cat_diff *d;
		bo_style st;
		int y = top + 2 + i, x;

		if (k >= r->nshown)
			break;
		d = &r->plan.diffs[r->shown[k]];
		st = d->action == BO_CAT_ERROR   ? BO_STYLE_ERROR
		     : d->action == BO_CAT_ADDED ? BO_STYLE_OK
						 : BO_STYLE_NORMAL;
		if (k == r->at.cursor)
			bo_canvas_fill(c, y, 0, c->cols, BO_STYLE_SELECTED);
		snprintf(num, sizeof(num), "%ld", d->line);
		bo_canvas_text_right(c, y, 1, 5, BO_STYLE_DIM, num);
		/* SKUs, values and reasons are data: the canvas sanitises */
		bo_canvas_text(c, y, x_sku, BO_STYLE_NORMAL,
			       d->sku ? d->sku : "-", x_act - x_sku - 1);
		bo_canvas_text(c, y, x_act, st, bo_cat_action_names[d->action],
			       x_field - x_act - 1);
		bo_canvas_text(c, y, x_field, BO_STYLE_KEY,
			       d->field ? d->field : "-", x_val - x_field - 1);
		if (c->cols <= x_val + 2)
			continue;
		if (d->action == BO_CAT_ERROR) {
			bo_canvas_text(c, y, x_val, BO_STYLE_ERROR,
				       d->error ? d->error : "",
				       c->cols - x_val - 1);
			continue;
		}
		x = x_val;
		if (d->old_text) {
			x += bo_canvas_text(c, y, x, BO_STYLE_DIM,
					    *d->old_text ? d->old_text
							 : "(empty)",
					    (c->cols - x_val) / 2);
			x += bo_canvas_text(c, y, x, BO_STYLE_DIM, arrow,
					    c->cols - x - 1);
		}
		if (x < c->cols - 1)
			bo_canvas_text(c, y, x, BO_STYLE_NORMAL,
				       d->new_text && *d->new_text ? d->new_text
								   : "(empty)",
				       c->cols - x - 1);
	}
	bo_cursor_marks(&r->at, r->nshown, c, top + 1, rows);
}

static const char *status(bo_screen *s)
{
	review *r = s->state;

	snprintf(r->status_line, sizeof(r->status_line),
		 "import of %s: %zu lines of changes and errors", r->path,
		 r->nshown);
	return r->status_line;
}

static int open_review(bo_screen *s, bo_err *err)
{
	review *r = s->state;

	r->tui = s->tui;
	(void)err;
	return BO_OK;
}

static void close_review(bo_screen *s)
{
	review *r = s->state;

	if (!r)
		return;
	bo_cat_plan_clear(&r->plan);
	free(r->shown);
	free(r->path);
	free(r);
}

static const bo_hint hints[] = {
    {BO_REQ_ADD, "apply (asks first)"},
    {BO_REQ_BACK, "cancel"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_catalogue_import_ops = {
    .name = "import",
    .title = "Import preview",
    .open = open_review,
    .handle = handle,
    .draw = draw,
    .status = status,
    .close = close_review,
    .hints = hints,
};

int bo_catalogue_import_open(bo_tui *t, const char *path, bo_err *err)
{
	review *r = calloc(1, sizeof(*r));
	FILE *in;
	int rc;

	if (!r || !(r->path = strdup(path))) {
		free(r);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	if (!(in = fopen(path, "r"))) {
		int e = errno;

		free(r->path);
		free(r);
		return bo_err_set(err, e == ENOENT ? BO_ENOTFOUND : BO_ESTORAGE,
				  "cannot open %s: %s", path, strerror(e));
	}
	rc = bo_app_catalogue_plan(bo_tui_app(t), in, &r->plan, err);
	fclose(in);
	if (rc == BO_OK && r->plan.ndiffs &&
	    !(r->shown = calloc(r->plan.ndiffs, sizeof(*r->shown))))
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	if (rc < 0) {
		bo_cat_plan_clear(&r->plan);
		free(r->path);
		free(r);
		return rc;
	}
	for (size_t i = 0; i < r->plan.ndiffs; i++)
		if (r->plan.diffs[i].action != BO_CAT_UNCHANGED)
			r->shown[r->nshown++] = i;
	return bo_tui_push(t, &bo_catalogue_import_ops, r, err);
}
