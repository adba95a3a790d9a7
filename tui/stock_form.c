/* The stock adjustment form: add or set, amount, reason and note for one product, applied with Enter. */
#include "tui/stock_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/product.h"
#include "tui/field.h"
#include "tui/products.h"
#include "tui/tui.h"

typedef enum { S_MODE, S_AMOUNT, S_REASON, S_NOTE, S__COUNT } field_id;

static const char *const labels[S__COUNT] = {"Mode", "Amount", "Reason",
					     "Note"};

typedef struct stock_form {
	bo_tui *tui;
	bo_product loaded; /* the product as the form last read it */
	bool set;          /* the mode: set the stock, else add to it */
	bo_field line[S__COUNT]; /* S_MODE has none: it is drawn */
	char *error[S__COUNT];
	int focus;
} stock_form;

/* ---- fields ------------------------------------------------------------------ */

static int set_error(stock_form *f, int i, const char *msg)
{
	free(f->error[i]);
	f->error[i] = msg ? strdup(msg) : NULL;
	return msg && !f->error[i] ? BO_ENOMEM : BO_OK;
}

static void clear_errors(stock_form *f)
{
	for (int i = 0; i < S__COUNT; i++)
		set_error(f, i, NULL);
}

/* The reason after (or before, back) the one typed; "received" first. */
static void cycle_reason(stock_form *f, bool back)
{
	bo_stock_reason r;
	bo_err ignored;
	int next;

	if (bo_stock_reason_parse(&r, f->line[S_REASON].text, &ignored) < 0)
		next = back ? BO_STOCK_REASON__COUNT - 1 : 0;
	else
		next = ((int)r + (back ? BO_STOCK_REASON__COUNT - 1 : 1)) %
		       BO_STOCK_REASON__COUNT;
	if (bo_field_set(&f->line[S_REASON],
			 bo_stock_reason_name((bo_stock_reason)next)) < 0)
		bo_tui_message(f->tui, BO_STYLE_ERROR, "out of memory");
	set_error(f, S_REASON, NULL);
}

/* Which field a service message is about: they start with its name. */
static int field_of(const char *msg)
{
	static const struct {
		const char *prefix;
		int field;
	} map[] = {
	    {"add ", S_AMOUNT},	  {"set ", S_AMOUNT}, {"stock of ", S_AMOUNT},
	    {"reason ", S_REASON}, {"note ", S_NOTE},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(msg, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].field;
	return -1;
}

/* ---- applying ---------------------------------------------------------------- */

static void reread(stock_form *f)
{
	bo_product now = {0};
	bo_err err;

	bo_err_clear(&err);
	if (bo_app_product_get(bo_tui_app(f->tui), f->loaded.sku, &now,
			       &err) < 0)
		return;
	bo_product_clear(&f->loaded);
	f->loaded = now;
}

/* "40", or "none" for untracked stock. */
static const char *stock_text(char *buf, size_t size, int64_t stock)
{
	if (stock == BO_STOCK_UNTRACKED)
		snprintf(buf, size, "none");
	else
		snprintf(buf, size, "%lld", (long long)stock);
	return buf;
}

static int apply(bo_screen *s)
{
	stock_form *f = s->state;
	bo_stock_adjust in = {0};
	bo_product saved = {0};
	bo_screen *below;
	char was[24], now[24];
	bo_err err;
	int rc, field;

	bo_err_clear(&err);
	clear_errors(f);
	if (f->set)
		in.set = f->line[S_AMOUNT].text;
	else
		in.add = f->line[S_AMOUNT].text;
	in.reason = f->line[S_REASON].text;
	in.note = f->line[S_NOTE].text;
	rc = bo_app_product_stock(bo_tui_command(f->tui), f->loaded.sku, &in,
				  f->loaded.row_version, &saved, &err);
	if (rc == BO_OK) {
		bo_tui_message(f->tui, BO_STYLE_OK,
			       "stock of %s: %s -> %s (%s)", saved.sku,
			       stock_text(was, sizeof(was), f->loaded.stock),
			       stock_text(now, sizeof(now), saved.stock),
			       in.reason);
		below = bo_tui_below(f->tui, s);
		if (below && below->ops == &bo_products_screen_ops)
			bo_products_select(below, saved.sku);
		bo_product_clear(&saved);
		return BO_CLOSE;
	}
	field = field_of(err.msg);
	if ((rc == BO_EINVAL || rc == BO_ECONFLICT) && field >= 0) {
		set_error(f, field, err.msg);
		f->focus = field;
		bo_tui_message(f->tui, BO_STYLE_ERROR, "not applied: %s",
			       err.msg);
	} else {
		/* moved meanwhile: show it as it is now, try again with Enter */
		if (rc == BO_ECONFLICT)
			reread(f);
		bo_tui_error(f->tui, &err);
	}
	return BO_HANDLED;
}

/* ---- the screen ---------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	stock_form *f = s->state;
	int rc;

	switch (req) {
	case BO_REQ_ENTER:
	case BO_REQ_SAVE:
		return apply(s);
	case BO_REQ_BACK:
		bo_tui_message(f->tui, BO_STYLE_DIM, "stock not changed");
		return BO_CLOSE;
	case BO_REQ_NEXT_FIELD:
		f->focus = (f->focus + 1) % S__COUNT;
		return BO_HANDLED;
	case BO_REQ_PREV_FIELD:
		f->focus = (f->focus + S__COUNT - 1) % S__COUNT;
		return BO_HANDLED;
	case BO_REQ_QUIT:
		if (key == BO_KEY_CTRL('C'))
			return BO_IGNORED;
		break;
	default:
		break;
	}
	if (key == BO_KEY_DOWN || key == BO_KEY_UP) {
		f->focus = (f->focus + (key == BO_KEY_DOWN ? 1 : S__COUNT - 1)) %
			   S__COUNT;
		return BO_HANDLED;
	}
	if (f->focus == S_MODE) {
		/* Space, Left and Right toggle; a and s choose */
		if (key == ' ' || key == BO_KEY_LEFT || key == BO_KEY_RIGHT)
			f->set = !f->set;
		else if (key == 'a' || key == 's')
			f->set = key == 's';
		else
			return bo_key_is_text(key) ? BO_HANDLED : BO_IGNORED;
		set_error(f, S_AMOUNT, NULL);
		return BO_HANDLED;
	}
	if (f->focus == S_REASON && (key == ' ' || key == BO_KEY_CTRL('N') ||
				     key == BO_KEY_CTRL('P'))) {
		cycle_reason(f, key == BO_KEY_CTRL('P'));
		return BO_HANDLED;
	}
	rc = bo_field_key(&f->line[f->focus], key);
	if (rc < 0) {
		bo_tui_message(f->tui, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	if (rc == 1) {
		set_error(f, f->focus, NULL);
		return BO_HANDLED;
	}
	return bo_key_is_text(key) ? BO_HANDLED : BO_IGNORED;
}

static void draw_mode(stock_form *f, bo_canvas *c, int y, int x)
{
	bool focus = f->focus == S_MODE;

	x += bo_canvas_text(c, y, x,
			    !f->set ? (focus ? BO_STYLE_SELECTED
					     : BO_STYLE_HIGHLIGHT)
				    : BO_STYLE_DIM,
			    " add ", 5) +
	     1;
	x += bo_canvas_text(c, y, x,
			    f->set ? (focus ? BO_STYLE_SELECTED
					    : BO_STYLE_HIGHLIGHT)
				   : BO_STYLE_DIM,
			    " set ", 5) +
	     2;
	bo_canvas_text(c, y, x, BO_STYLE_DIM,
		       focus ? "Space switches" : "", c->cols - x - 1);
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	stock_form *f = s->state;
	static const char *const hints[S__COUNT] = {
	    NULL, NULL,
	    "Space: the next of the five",
	    "optional, up to 500 characters"};
	char title[200], stock[24];
	int label_x = 2, field_x = 12, y = top + 1;

	snprintf(title, sizeof(title), "Stock of %s (%s): now %s",
		 f->loaded.sku, f->loaded.name ? f->loaded.name : "",
		 stock_text(stock, sizeof(stock), f->loaded.stock));
	bo_canvas_text(c, y, label_x, BO_STYLE_TITLE, title, c->cols - 4);
	y += 2;
	for (int i = 0; i < S__COUNT && y < top + height; i++, y += 2) {
		const char *hint = hints[i];
		int width = i == S_NOTE ? 60 : i == S_REASON ? 12 : 16;
		int room = c->cols - field_x - 2, after;

		if (i == S_AMOUNT)
			hint = f->set ? "the stock from now on, 0 or more"
				      : "units to add, negative to take away";
		bo_canvas_text(c, y, label_x,
			       i == f->focus ? BO_STYLE_HIGHLIGHT
					     : BO_STYLE_NORMAL,
			       labels[i], field_x - label_x - 1);
		if (i == S_MODE) {
			draw_mode(f, c, y, field_x);
			continue;
		}
		if (width > room)
			width = room;
		bo_field_draw(&f->line[i], c, y, field_x, width,
			      f->error[i] ? BO_STYLE_ERROR : BO_STYLE_INPUT,
			      i == f->focus);
		after = field_x + width + 2;
		if (f->error[i] &&
		    bo_canvas_text_width(f->error[i]) < c->cols - after)
			bo_canvas_text(c, y, after, BO_STYLE_ERROR, f->error[i],
				       c->cols - after - 1);
		else if (f->error[i])
			bo_canvas_text(c, y + 1, field_x, BO_STYLE_ERROR,
				       f->error[i], c->cols - field_x - 1);
		else if (hint && c->cols - after >= 10)
			bo_canvas_text(c, y, after, BO_STYLE_DIM, hint,
				       c->cols - after - 1);
	}
	if (y < top + height)
		bo_canvas_text(c, y, label_x, BO_STYLE_DIM,
			       "Enter apply   Tab/Shift-Tab move   Esc back",
			       c->cols - 4);
}

static int open_form(bo_screen *s, bo_err *err)
{
	stock_form *f = s->state;
	char *sku = f->loaded.sku;
	int rc;

	f->tui = s->tui;
	f->loaded.sku = NULL;
	rc = bo_app_product_get(bo_tui_app(s->tui), sku, &f->loaded, err);
	free(sku);
	if (rc < 0)
		return rc;
	/* untracked stock takes only a set: start there */
	f->set = f->loaded.stock == BO_STOCK_UNTRACKED;
	for (int i = S_AMOUNT; i < S__COUNT; i++)
		if (bo_field_set(&f->line[i], "") < 0)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
	f->line[S_REASON].placeholder = "received";
	if (bo_field_set(&f->line[S_REASON], "received") < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	f->focus = S_AMOUNT;
	return BO_OK;
}

static void close_form(bo_screen *s)
{
	stock_form *f = s->state;

	if (!f)
		return;
	for (int i = 0; i < S__COUNT; i++) {
		bo_field_free(&f->line[i]);
		free(f->error[i]);
	}
	bo_product_clear(&f->loaded);
	free(f);
}

static const bo_hint hints[] = {
    {BO_REQ_ENTER, "apply"},
    {BO_REQ_NEXT_FIELD, "next field"},
    {BO_REQ_BACK, "close"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_stock_form_ops = {
    .name = "stock",
    .title = "Stock",
    .open = open_form,
    .handle = handle,
    .draw = draw,
    .close = close_form,
    .hints = hints,
};

int bo_stock_form_open(bo_tui *t, const char *sku, bo_err *err)
{
	stock_form *f = calloc(1, sizeof(*f));

	if (!f)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	/* open() replaces this with the product as stored */
	if (!(f->loaded.sku = strdup(sku))) {
		free(f);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &bo_stock_form_ops, f, err);
}
