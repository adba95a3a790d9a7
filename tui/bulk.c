/* The bulk change preview: the action asked for in one prompt (a table of kinds), the plan listed product by product, Enter to apply it all or nothing after y/N, R to read it again, Esc to leave. */
#include "tui/bulk.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/app_bulk.h"
#include "tui/list.h"
#include "tui/products.h"
#include "tui/tui.h"

typedef struct bulk {
	bo_tui *tui;
	bo_screen *self;
	char **skus; /* the selection (a new action's) */
	size_t nskus;
	bool have_action;
	bo_bulk_action action;
	char *undo_id; /* an undo's preview: the bulk it undoes */
	bool have_plan;
	bool conflict; /* applying found a product changed since */
	bo_bulk_plan plan;
	/* plan.rows as listed (shallow copies): in error first, then the
	 * changes, then the unchanged, each in SKU order */
	bo_bulk_row *order;
	size_t norder;
	bo_list list;
	char status_line[200];
} bulk;

/* ---- the action table --------------------------------------------------------- */

/* Parses what follows the action's name into a; BO_EINVAL naming the
 * field. */
typedef int (*parse_fn)(bo_bulk_action *a, char *rest, const bo_currency *cur,
			bo_err *err);

typedef struct action_kind {
	const char *name;    /* typed first: "reprice" (or a unique prefix) */
	const char *usage;   /* what follows it, or NULL */
	const char *example; /* what one types, shown while asking */
	bo_bulk_kind kind;
	parse_fn parse; /* NULL: nothing follows */
} action_kind;

/* The next word of *p (spaces skip), NUL-terminated in place; NULL at the
 * end. */
static char *word(char **p)
{
	char *s = *p, *w;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	w = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

/* "+10% 99", "-1.50", "5% round 90": the change, then the rounding. */
static int parse_reprice(bo_bulk_action *a, char *rest, const bo_currency *cur,
			 bo_err *err)
{
	char *by = word(&rest), *round = word(&rest);
	int rc;

	if (!by)
		return bo_err_set(err, BO_EINVAL,
				  "by: reprice needs a percentage or an "
				  "amount (+10%%, -1.50), then the rounding "
				  "(cent, 99, 90)");
	if (round && strcmp(round, "round") == 0)
		round = word(&rest);
	if ((rc = bo_bulk_parse_by(a, by, cur, err)) < 0)
		return rc;
	if (round && (rc = bo_bulk_parse_round(a, round, cur, err)) < 0)
		return rc;
	if (word(&rest))
		return bo_err_set(err, BO_EINVAL,
				  "round: one rounding after the amount: "
				  "cent, 99 or 90");
	return BO_OK;
}

/* "7.5": the tax rate in percent. */
static int parse_tax(bo_bulk_action *a, char *rest, const bo_currency *cur,
		     bo_err *err)
{
	char *rate = word(&rest);
	int rc;

	(void)cur;
	if (!rate)
		return bo_err_set(err, BO_EINVAL,
				  "rate: tax needs the rate in percent (7.5)");
	if ((rc = bo_rate_parse(&a->tax_bp, rate, "rate", err)) < 0)
		return rc;
	if (word(&rest))
		return bo_err_set(err, BO_EINVAL,
				  "rate: one rate, in percent (7.5)");
	return BO_OK;
}

/* "Kitchen / Mugs" (the rest of the line, spaces and all), or "none" (or
 * nothing) to take the category away. */
static int parse_category(bo_bulk_action *a, char *rest, const bo_currency *cur,
			  bo_err *err)
{
	(void)cur;
	while (*rest && isspace((unsigned char)*rest))
		rest++;
	return bo_bulk_parse_category(a, strcmp(rest, "none") == 0 ? "" : rest,
				      err);
}

/* "+sale" adds the tag, "-sale" takes it away. */
static int parse_tag(bo_bulk_action *a, char *rest, const bo_currency *cur,
		     bo_err *err)
{
	char *tag = word(&rest);
	int rc;

	(void)cur;
	if (!tag || (*tag != '+' && *tag != '-'))
		return bo_err_set(err, BO_EINVAL,
				  "tag: +TAG adds a tag, -TAG takes it away "
				  "(tag +sale)");
	if ((rc = bo_bulk_parse_tag(a, tag + 1, *tag == '+', err)) < 0)
		return rc;
	if (word(&rest))
		return bo_err_set(err, BO_EINVAL,
				  "tag: one tag at a time (tag +sale)");
	return BO_OK;
}

/* One entry per kind a person may ask for; the prompt lists them in this
 * order. */
static const action_kind kinds[] = {
    {"reprice", "BY [ROUND]",
     "+10% 99, -1.50, 5% round 90 (rounding: cent, 99, 90)", BO_BULK_REPRICE,
     parse_reprice},
    {"tax", "RATE", "tax 7.5 (percent)", BO_BULK_TAX, parse_tax},
    {"retire", NULL, "retire (retired ones stay)", BO_BULK_RETIRE, NULL},
    {"reactivate", NULL, "reactivate (active ones stay)", BO_BULK_REACTIVATE,
     NULL},
    {"category", "PATH|none", "category Kitchen / Mugs (none takes it away)",
     BO_BULK_CATEGORY, parse_category},
    {"tag", "+TAG|-TAG", "tag +sale, tag -sale", BO_BULK_TAG_ADD, parse_tag},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The kind named by w (its name or a prefix of one name only), or NULL. */
static const action_kind *kind_named(const char *w)
{
	const action_kind *hit = NULL;
	size_t n = strlen(w);

	for (size_t i = 0; i < NKINDS; i++) {
		if (strcmp(kinds[i].name, w) == 0)
			return &kinds[i];
		if (strncmp(kinds[i].name, w, n) == 0) {
			if (hit)
				return NULL;
			hit = &kinds[i];
		}
	}
	return hit;
}

/* The action text typed: "reprice +10% 99", or the re-price without its
 * name ("+10% 99", "-1.50"), "tax 7.5", "retire", "reactivate". */
static int parse_action(bo_bulk_action *a, const char *text,
			const bo_currency *cur, bo_err *err)
{
	char *copy = strdup(text ? text : ""), *rest = copy, *w;
	const action_kind *k = NULL;
	int rc = BO_OK;

	if (!copy)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	memset(a, 0, sizeof(*a));
	while (*rest && isspace((unsigned char)*rest))
		rest++;
	if (*rest == '+' || *rest == '-' || *rest == '.' ||
	    isdigit((unsigned char)*rest)) {
		k = &kinds[0];
	} else if (!(w = word(&rest)) || !(k = kind_named(w))) {
		rc = bo_err_set(err, BO_EINVAL,
				"action: type reprice BY [ROUND], tax RATE, "
				"retire, reactivate, category PATH|none or "
				"tag +TAG|-TAG");
	}
	if (rc == BO_OK) {
		a->kind = k->kind;
		if (k->parse)
			rc = k->parse(a, rest, cur, err);
		else if (word(&rest))
			rc = bo_err_set(err, BO_EINVAL,
					"action: %s takes nothing after it",
					k->name);
	}
	free(copy);
	return rc;
}

/* ---- the plan ------------------------------------------------------------------ */

static int outcome_rank(bo_bulk_outcome o)
{
	return o == BO_BULK_FAILS ? 0 : o == BO_BULK_CHANGES ? 1 : 2;
}

static int row_cmp(const void *a_, const void *b_)
{
	const bo_bulk_row *a = a_, *b = b_;
	int ra = outcome_rank(a->outcome), rb = outcome_rank(b->outcome);

	if (ra != rb)
		return ra - rb;
	return strcmp(a->sku, b->sku);
}

/* Takes plan as the screen's (the old one released) and lists it. */
static int show_plan(bulk *b, bo_bulk_plan *plan, bo_err *err)
{
	bo_bulk_row *order = NULL;

	if (plan->n && !(order = malloc(plan->n * sizeof(*order)))) {
		bo_bulk_plan_clear(plan);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	if (plan->n) {
		memcpy(order, plan->rows, plan->n * sizeof(*order));
		qsort(order, plan->n, sizeof(*order), row_cmp);
	}
	bo_bulk_plan_clear(&b->plan);
	free(b->order);
	b->plan = *plan;
	memset(plan, 0, sizeof(*plan));
	b->conflict = false;
	b->order = order;
	b->norder = b->plan.n;
	b->have_plan = true;
	b->list.cursor = b->list.scroll = 0;
	return bo_list_load(&b->list, NULL, err);
}

/* Reads the plan (again): the action's preview, or the undo's. */
static int preview(bulk *b, bo_err *err)
{
	bo_app *app = bo_tui_app(b->tui);
	bo_bulk_plan plan = {0};
	int rc;

	if (b->undo_id) {
		rc = bo_app_bulk_undo_preview(app, b->undo_id, &plan, err);
	} else {
		bo_bulk_selection sel = {.skus = (const char *const *)b->skus,
					 .nskus = b->nskus};

		rc = bo_app_bulk_preview(app, &b->action, &sel, &plan, err);
	}
	if (rc < 0) {
		bo_bulk_plan_clear(&plan);
		return rc;
	}
	return show_plan(b, &plan, err);
}

/* ---- asking for the action ------------------------------------------------------ */

static int action_answer(bo_screen *s, int yes, const char *text)
{
	bulk *b = s->state;
	bo_bulk_action a;
	bo_err err;
	int rc;

	if (!yes) {
		bo_tui_message(b->tui, BO_STYLE_DIM,
			       "no bulk change; nothing was written");
		return BO_HANDLED | BO_CLOSE;
	}
	bo_err_clear(&err);
	if ((rc = parse_action(&a, text, &bo_tui_app(b->tui)->currency, &err)) <
	    0) {
		if (rc == BO_ENOMEM) {
			bo_tui_error(b->tui, &err);
			return BO_HANDLED | BO_CLOSE;
		}
		bo_tui_prompt_again(b->tui, s, text, "%s", err.msg);
		return BO_HANDLED;
	}
	b->action = a;
	b->have_action = true;
	if (preview(b, &err) < 0) {
		bo_tui_error(b->tui, &err);
		return BO_HANDLED | BO_CLOSE;
	}
	return BO_HANDLED;
}

static void ask_action(bulk *b)
{
	/* the kinds are listed on the screen above the prompt */
	bo_tui_prompt(b->tui, b->self, "bulk action:", NULL, action_answer);
}

/* ---- applying ------------------------------------------------------------------- */

/* Products under this screen: the marks cleared, the list read again. */
static void products_below(bulk *b, bo_screen *s)
{
	for (bo_screen *x = bo_tui_below(b->tui, s); x;
	     x = bo_tui_below(b->tui, x))
		if (x->ops == &bo_products_screen_ops)
			bo_products_bulk_applied(x);
}

static int apply_answer(bo_screen *s, int yes, const char *text)
{
	bulk *b = s->state;
	char *id = NULL;
	bool replayed = false;
	bo_err err;
	int rc;

	(void)text;
	if (!yes) {
		bo_tui_message(b->tui, BO_STYLE_DIM,
			       "not applied; Esc leaves without writing");
		return BO_HANDLED;
	}
	bo_err_clear(&err);
	rc = bo_app_bulk_apply(bo_tui_command(b->tui), &b->plan, &id, &replayed,
			       &err);
	if (rc < 0) {
		/* the message names the product that moved; nothing was
		 * written and the preview stays */
		b->conflict = rc == BO_ECONFLICT;
		bo_tui_error(b->tui, &err);
		return BO_HANDLED;
	}
	if (!id)
		bo_tui_message(b->tui, BO_STYLE_WARNING,
			       "nothing to change: 0 products changed");
	else if (b->undo_id)
		bo_tui_message(b->tui, BO_STYLE_OK,
			       "applied bulk %s, undoing %s: %zu product%s "
			       "changed back",
			       id, b->undo_id, b->plan.changes,
			       b->plan.changes == 1 ? "" : "s");
	else
		bo_tui_message(b->tui, BO_STYLE_OK,
			       "applied bulk %s: %zu product%s changed; U "
			       "undoes it",
			       id, b->plan.changes,
			       b->plan.changes == 1 ? "" : "s");
	free(id);
	products_below(b, s);
	return BO_HANDLED | BO_CLOSE;
}

static void start_apply(bulk *b)
{
	char question[400];

	if (!b->have_plan)
		return;
	if (b->plan.errors) {
		const bo_bulk_row *first = b->norder ? &b->order[0] : NULL;

		bo_tui_message(b->tui, BO_STYLE_ERROR,
			       "%zu product%s in error (%s: %s): this plan "
			       "cannot be applied; Esc leaves",
			       b->plan.errors,
			       b->plan.errors == 1 ? " is" : "s are",
			       first ? first->sku : "",
			       first && first->error ? first->error : "");
		return;
	}
	if (!b->plan.changes) {
		bo_tui_message(b->tui, BO_STYLE_WARNING,
			       "this changes no product; Esc leaves");
		return;
	}
	snprintf(question, sizeof(question),
		 "Apply %s to %zu product%s in one go?", b->plan.action_text,
		 b->plan.changes, b->plan.changes == 1 ? "" : "s");
	bo_tui_confirm(b->tui, b->self, question, apply_answer);
}

/* ---- keys -------------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	bulk *b = s->state;
	bo_err err;

	if (b->have_plan && bo_list_handle(&b->list, req, key))
		return BO_HANDLED;
	switch (req) {
	case BO_REQ_ENTER:
	case BO_REQ_SAVE:
		start_apply(b);
		return BO_HANDLED;
	case BO_REQ_RELOAD:
		bo_err_clear(&err);
		if (!b->have_plan)
			return BO_HANDLED;
		if (preview(b, &err) < 0)
			bo_tui_error(b->tui, &err);
		else
			bo_tui_message(b->tui, BO_STYLE_DIM,
				       "preview read again");
		return BO_HANDLED;
	case BO_REQ_BACK:
	case BO_REQ_CLOSE:
		bo_tui_message(b->tui, BO_STYLE_DIM,
			       "bulk change left; nothing was written");
		return BO_HANDLED | BO_CLOSE;
	default:
		return BO_IGNORED;
	}
}

/* ---- drawing ------------------------------------------------------------------ */

enum { COL_SKU, COL_NAME, COL_FIELD, COL_OLD, COL_NEW, COL_RESULT, NCOLS };

static const bo_list_column columns[NCOLS] = {
    {"SKU", 6, 24, false, false, 0},  {"NAME", 8, 30, false, false, 2},
    {"FIELD", 5, 8, false, false, 0}, {"OLD", 5, 32, true, false, 0},
    {"NEW", 5, 32, true, false, 0},   {"RESULT", 9, 0, false, true, 0},
};

static int row_copy(void *dst_, const void *src_)
{
	bo_bulk_row *dst = dst_;
	const bo_bulk_row *src = src_;

	*dst = *src;
	dst->sku = strdup(src->sku ? src->sku : "");
	dst->name = strdup(src->name ? src->name : "");
	dst->error = src->error ? strdup(src->error) : NULL;
	dst->old_text = src->old_text ? strdup(src->old_text) : NULL;
	dst->new_text = src->new_text ? strdup(src->new_text) : NULL;
	if (!dst->sku || !dst->name || (src->error && !dst->error) ||
	    (src->old_text && !dst->old_text) ||
	    (src->new_text && !dst->new_text)) {
		free(dst->sku);
		free(dst->name);
		free(dst->error);
		free(dst->old_text);
		free(dst->new_text);
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	return BO_OK;
}

static void row_clear(void *row_)
{
	bo_bulk_row *row = row_;

	free(row->sku);
	free(row->name);
	free(row->error);
	free(row->old_text);
	free(row->new_text);
	memset(row, 0, sizeof(*row));
}

static bool row_same(const void *a, const void *b)
{
	return ((const bo_bulk_row *)a)->product_id ==
	       ((const bo_bulk_row *)b)->product_id;
}

static int fetch(void *ctx, const void *anchor, bool backward, int64_t limit,
		 bo_list_rows *out, bo_err *err)
{
	bulk *b = ctx;

	(void)err;
	return bo_list_fetch_held(b->order, b->norder, anchor, backward, limit,
				  out);
}

static const char *value(bulk *b, char *buf, size_t size, bo_product_field f,
			 int64_t v)
{
	if (f == BO_PF_PRICE)
		return bo_tui_money(b->tui, buf, v);
	return bo_bulk_value_text(buf, size, f, v,
				  &bo_tui_app(b->tui)->currency);
}

static const char *cell(void *ctx, const void *row_, int col, char *buf,
			size_t size, bo_style *style)
{
	bulk *b = ctx;
	const bo_bulk_row *row = row_;
	char text[BO_TUI_MONEY_BUFSZ];

	switch (col) {
	case COL_SKU:
		return row->sku;
	case COL_NAME:
		return row->name;
	case COL_FIELD:
		*style = BO_STYLE_KEY;
		return bo_product_field_name(row->field);
	case COL_OLD:
		if (row->field == BO_PF_CATEGORY || row->field == BO_PF_TAGS)
			return row->old_text ? row->old_text : "-";
		snprintf(
		    buf, size, "%s",
		    value(b, text, sizeof(text), row->field, row->old_value));
		return buf;
	case COL_NEW:
		if (row->outcome == BO_BULK_FAILS)
			return "-";
		if (row->outcome == BO_BULK_CHANGES)
			*style = BO_STYLE_OK;
		if (row->field == BO_PF_CATEGORY || row->field == BO_PF_TAGS)
			return row->new_text ? row->new_text : "-";
		snprintf(
		    buf, size, "%s",
		    value(b, text, sizeof(text), row->field, row->new_value));
		return buf;
	default:
		if (row->outcome == BO_BULK_FAILS) {
			*style = BO_STYLE_ERROR;
			return row->error ? row->error : "in error";
		}
		return row->outcome == BO_BULK_CHANGES ? "changes"
						       : "unchanged";
	}
}

static bo_style row_style(void *ctx, const void *row)
{
	(void)ctx;
	return ((const bo_bulk_row *)row)->outcome == BO_BULK_UNCHANGED
		   ? BO_STYLE_DIM
		   : BO_STYLE_NORMAL;
}

static const bo_list_ops list_ops = {
    .row_size = sizeof(bo_bulk_row),
    .columns = columns,
    .ncolumns = NCOLS,
    .fetch = fetch,
    .copy = row_copy,
    .clear = row_clear,
    .same = row_same,
    .cell = cell,
    .row_style = row_style,
};

/* "3 products: 3 change, 0 unchanged, 0 in error; prices 38.60 -> 42.97
 * EUR" */
static void summary(bulk *b, char *buf, size_t size)
{
	bo_bulk_plan_summary(&b->plan, &bo_tui_app(b->tui)->currency,
			     bo_tui_thousands(b->tui), buf, size);
}

/* While the action is asked for: the kinds, one a line. */
static void draw_kinds(bulk *b, bo_canvas *c, int top, int height)
{
	char line[200];

	snprintf(line, sizeof(line),
		 "Bulk change of %zu product%s: type the action below (Esc: "
		 "none)",
		 b->nskus, b->nskus == 1 ? "" : "s");
	bo_canvas_text(c, top, 1, BO_STYLE_TITLE, line, c->cols - 2);
	for (size_t i = 0; i < NKINDS && (int)i + 2 < height; i++) {
		int y = top + 2 + (int)i, x = 3;

		snprintf(line, sizeof(line), "%s%s%s", kinds[i].name,
			 kinds[i].usage ? " " : "",
			 kinds[i].usage ? kinds[i].usage : "");
		bo_canvas_text(c, y, x, BO_STYLE_KEY, line, 20);
		bo_canvas_text(c, y, x + 20, BO_STYLE_DIM, kinds[i].example,
			       c->cols - x - 21);
	}
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	bulk *b = s->state;
	char line[400];
	bo_style st;

	if (height < 1)
		return;
	if (!b->have_plan) {
		draw_kinds(b, c, top, height);
		return;
	}
	/* the action text and the names are data: the canvas sanitises */
	bo_canvas_text(c, top, 1, BO_STYLE_TITLE,
		       b->plan.action_text ? b->plan.action_text : "",
		       c->cols - 2);
	if (height < 3)
		return;
	summary(b, line, sizeof(line));
	bo_canvas_text(c, top + 1, 1,
		       b->plan.errors ? BO_STYLE_ERROR : BO_STYLE_NORMAL, line,
		       c->cols - 2);
	st = BO_STYLE_DIM;
	if (b->plan.errors) {
		st = BO_STYLE_ERROR;
		snprintf(line, sizeof(line),
			 "in error first: a plan with errors cannot be "
			 "applied; Esc leaves");
	} else if (b->conflict) {
		st = BO_STYLE_WARNING;
		snprintf(line, sizeof(line),
			 "nothing was written: a product changed since this "
			 "preview; R previews again");
	} else {
		snprintf(line, sizeof(line),
			 "changes first, then unchanged, each by SKU; Enter "
			 "applies all or nothing, Esc leaves");
	}
	bo_canvas_text(c, top + 2, 1, st, line, c->cols - 2);
	bo_list_draw(&b->list, c, top + 3, height - 3, "no products to change");
}

static const char *status(bo_screen *s)
{
	bulk *b = s->state;
	char where[64];

	bo_list_position(&b->list, where, sizeof(where));
	if (b->undo_id)
		snprintf(b->status_line, sizeof(b->status_line),
			 "undo of bulk %s%s%s", b->undo_id, *where ? ", " : "",
			 where);
	else
		snprintf(b->status_line, sizeof(b->status_line),
			 "bulk change of %zu product%s%s%s", b->nskus,
			 b->nskus == 1 ? "" : "s", *where ? ", " : "", where);
	return b->status_line;
}

static int open_bulk(bo_screen *s, bo_err *err)
{
	bulk *b = s->state;

	(void)err;
	b->self = s;
	if (!b->tui) {
		b->tui = s->tui;
		bo_list_init(&b->list, &list_ops, b, s->tui);
	}
	return BO_OK;
}

static void close_bulk(bo_screen *s)
{
	bulk *b = s->state;

	if (!b)
		return;
	if (b->tui)
		bo_list_free(&b->list);
	for (size_t i = 0; i < b->nskus; i++)
		free(b->skus[i]);
	free(b->skus);
	free(b->undo_id);
	bo_bulk_plan_clear(&b->plan);
	free(b->order);
	free(b);
}

static int click(bo_screen *s, int y, int x)
{
	bulk *b = s->state;

	(void)x;
	if (!b->have_plan)
		return BO_IGNORED;
	/* a click selects a row; Enter (not a second click) applies */
	return bo_list_click(&b->list, y) < 0 ? BO_IGNORED : BO_HANDLED;
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "apply (asks first)"},
    {BO_REQ_RELOAD, "preview again"},
    {BO_REQ_BACK, "leave"},
    {BO_REQ_HELP, "help"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_bulk_preview_ops = {
    .name = "bulk",
    .title = "Bulk change",
    .open = open_bulk,
    .handle = handle,
    .draw = draw,
    .status = status,
    .close = close_bulk,
    .hints = hints,
    .click = click,
};

/* ---- opening -------------------------------------------------------------------- */

typedef struct pick {
	const int64_t *ids;
	size_t nids;
	char **skus;
	size_t n;
	int rc;
} pick;

static bool has_id(const pick *p, int64_t id)
{
	size_t lo = 0, hi = p->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nids && p->ids[lo] == id;
}

static int pick_sku(void *ctx, const bo_product *row)
{
	pick *p = ctx;

	if (!has_id(p, row->id) || p->n == p->nids)
		return 0;
	if (!(p->skus[p->n] = strdup(row->sku)))
		return p->rc = BO_ENOMEM;
	p->n++;
	return 0;
}

int bo_bulk_open(bo_tui *t, const int64_t *ids, size_t nids, const char *sku,
		 bo_err *err)
{
	bo_app *app = bo_tui_app(t);
	bulk *b;
	pick p = {ids, nids, NULL, 0, 0};
	int rc;

	if (!bo_role_may(app->role, BO_CAP_PRODUCT_WRITE))
		return bo_err_set(err, BO_EPERM,
				  "products are read-only for %s users; ask "
				  "an admin",
				  bo_role_name(app->role));
	if (!(b = calloc(1, sizeof(*b))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if (nids) {
		/* the marks are ids (sorted): their SKUs now, every
		 * product, active or retired */
		bo_product_query q = {0};

		q.include_retired = 1;
		if (!(p.skus = calloc(nids, sizeof(*p.skus)))) {
			free(b);
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		}
		rc = bo_app_product_list(app, &q, pick_sku, &p, err);
		if (rc == BO_OK && p.rc < 0)
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	} else if (sku) {
		rc = (p.skus = calloc(1, sizeof(*p.skus))) &&
			     (p.skus[0] = strdup(sku))
			 ? (p.n = 1, BO_OK)
			 : bo_err_set(err, BO_ENOMEM, "out of memory");
	} else {
		rc = BO_OK;
	}
	b->skus = p.skus;
	b->nskus = p.n;
	if (rc == BO_OK && !b->nskus)
		rc = bo_err_set(err, BO_EINVAL,
				nids ? "the marked products are gone"
				     : "no product selected");
	if (rc < 0) {
		bo_screen tmp = {&bo_bulk_preview_ops, t, b};

		close_bulk(&tmp);
		return rc;
	}
	if ((rc = bo_tui_push(t, &bo_bulk_preview_ops, b, err)) < 0)
		return rc;
	ask_action(b);
	return BO_OK;
}

typedef struct newest {
	char *id;
	int rc;
} newest;

static int newest_cb(void *ctx, const bo_bulk_record *r)
{
	newest *n = ctx;

	/* an undo is not offered again (U walks back, it does not redo) */
	if (n->id || r->undone_by || r->undoes)
		return 0;
	if (!(n->id = strdup(r->id)))
		n->rc = BO_ENOMEM;
	return 0;
}

int bo_bulk_undo_open(bo_tui *t, bo_err *err)
{
	bo_app *app = bo_tui_app(t);
	newest n = {0};
	bulk *b;
	bo_bulk_plan plan = {0};
	int rc;

	if ((rc = bo_app_bulk_list(app, 0, newest_cb, &n, err)) < 0) {
		free(n.id);
		return rc;
	}
	if (n.rc < 0) {
		free(n.id);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	if (!n.id)
		return bo_err_set(err, BO_ENOTFOUND,
				  "no bulk change to undo: every one was "
				  "undone already, or there is none");
	if ((rc = bo_app_bulk_undo_preview(app, n.id, &plan, err)) < 0) {
		bo_bulk_plan_clear(&plan);
		free(n.id);
		return rc;
	}
	if (!(b = calloc(1, sizeof(*b)))) {
		bo_bulk_plan_clear(&plan);
		free(n.id);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	b->undo_id = n.id;
	b->tui = t;
	bo_list_init(&b->list, &list_ops, b, t);
	if ((rc = show_plan(b, &plan, err)) < 0) {
		bo_screen tmp = {&bo_bulk_preview_ops, t, b};

		close_bulk(&tmp);
		return rc;
	}
	return bo_tui_push(t, &bo_bulk_preview_ops, b, err);
}
