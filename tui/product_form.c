/* The product form: every field, inline validation, Ctrl-S save, stale-save detection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/app.h"
#include "domain/product.h"
#include "domain/reactors.h"
#include "tui/field.h"
#include "tui/product_history.h"
#include "tui/products.h"
#include "tui/tui.h"

typedef enum {
	F_SKU,
	F_NAME,
	F_DESCRIPTION,
	F_PRICE,
	F_TAX,
	F_STOCK,
	F_LOW_STOCK,
	F_CATEGORY,
	F_TAGS,
	F__COUNT
} field_id;

static const struct {
	const char *label;
	const char *hint;
	int width; /* 0: as wide as the screen allows */
	/* a new product's default: shown dim in the empty field, and what
	 * the field means while it stays empty */
	const char *placeholder;
} fields[F__COUNT] = {
    [F_SKU] = {"SKU", "A-Z a-z 0-9 . _ -", 24, NULL},
    [F_NAME] = {"Name", NULL, 0, NULL},
    [F_DESCRIPTION] = {"Description", NULL, 0, NULL},
    [F_PRICE] = {"Price", "tax included", 14, NULL},
    [F_TAX] = {"Tax rate %", "20, 7.5", 8, "0"},
    [F_STOCK] = {"Stock", "a number, or none", 14, "none"},
    /* its placeholder is the tenant's threshold (form.tenant_low) */
    [F_LOW_STOCK] = {"Low-stock at", "threshold; empty: the tenant's", 10,
		     NULL},
    [F_CATEGORY] = {"Category", "e.g. Kitchen / Mugs", 30, NULL},
    [F_TAGS] = {"Tags", "e.g. gift;sale", 30, NULL},
};

/* What Esc, Q and Ctrl-C ask when the form holds unsaved changes. */
static const char discard_question[] = "Discard your changes?";

typedef struct form {
	bo_tui *tui;
	bool adding;
	bool readonly;
	bool stale;        /* someone else saved since we loaded */
	bo_product loaded; /* what the fields started from (editing) */
	bo_field line[F__COUNT];
	char *original[F__COUNT];
	char *error[F__COUNT];
	int focus;
	bool asking_quit;    /* the quit question is open */
	bool quitting;       /* it was answered yes */
	char tenant_low[40]; /* "tenant: 5": what an empty threshold means */
} form;

/* ---- fields ------------------------------------------------------------------ */

static int set_error(form *f, int i, const char *msg)
{
	free(f->error[i]);
	f->error[i] = msg ? strdup(msg) : NULL;
	return msg && !f->error[i] ? BO_ENOMEM : BO_OK;
}

static void clear_errors(form *f)
{
	for (int i = 0; i < F__COUNT; i++)
		set_error(f, i, NULL);
}

/* Fills the fields from p (NULL: a new product's defaults). */
static int fill(form *f, const bo_product *p)
{
	const bo_currency *cur = &bo_tui_app(f->tui)->currency;
	char money[BO_MONEY_BUFSZ], rate[16], stock[32], low[32] = "";
	const char *text[F__COUNT];

	if (p) {
		bo_money_format(money, p->price, cur);
		bo_rate_format(rate, sizeof(rate), p->tax_bp);
		if (p->stock == BO_STOCK_UNTRACKED)
			snprintf(stock, sizeof(stock), "none");
		else
			snprintf(stock, sizeof(stock), "%lld",
				 (long long)p->stock);
		text[F_SKU] = p->sku;
		text[F_NAME] = p->name;
		text[F_DESCRIPTION] = p->description ? p->description : "";
		text[F_PRICE] = money;
		text[F_TAX] = rate;
		text[F_STOCK] = stock;
		if (p->low_stock_threshold.set)
			snprintf(low, sizeof(low), "%lld",
				 (long long)p->low_stock_threshold.value);
		text[F_LOW_STOCK] = low;
		text[F_CATEGORY] = p->category ? p->category : "";
		text[F_TAGS] = p->tags ? p->tags : "";
	} else {
		/* empty: the defaults are placeholders, not text to type over */
		for (int i = 0; i < F__COUNT; i++)
			text[i] = "";
	}
	for (int i = 0; i < F__COUNT; i++) {
		free(f->original[i]);
		if (!(f->original[i] = strdup(text[i])) ||
		    bo_field_set(&f->line[i], text[i]) < 0)
			return BO_ENOMEM;
		f->line[i].placeholder = p ? NULL : fields[i].placeholder;
	}
	/* empty means the tenant's threshold, editing or adding */
	f->line[F_LOW_STOCK].placeholder = f->tenant_low;
	clear_errors(f);
	return BO_OK;
}

static bool changed(const form *f, int i)
{
	return strcmp(f->line[i].text, f->original[i]) != 0;
}

/* What field i says: its text, or the default its placeholder shows. */
static const char *value(const form *f, int i)
{
	const bo_field *l = &f->line[i];

	/* the threshold's placeholder only tells; empty is what it means */
	if (i == F_LOW_STOCK)
		return l->text;
	return !*l->text && l->placeholder ? l->placeholder : l->text;
}

static bool dirty(const form *f)
{
	for (int i = 0; i < F__COUNT; i++)
		if (changed(f, i))
			return true;
	return false;
}

/* Which field a service message is about: they start with the field name. */
static int field_of(const char *msg)
{
	static const struct {
		const char *prefix;
		int field;
	} map[] = {
	    {"sku", F_SKU},     {"SKU", F_SKU},
	    {"name", F_NAME},   {"description", F_DESCRIPTION},
	    {"price", F_PRICE}, {"tax rate", F_TAX},
	    {"stock", F_STOCK}, {"low-stock threshold", F_LOW_STOCK},
	    {"category", F_CATEGORY}, {"tags", F_TAGS},
	    {"tag", F_TAGS},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		size_t n = strlen(map[i].prefix);

		if (strncmp(msg, map[i].prefix, n) == 0 &&
		    (msg[n] == ' ' || msg[n] == '\0'))
			return map[i].field;
	}
	return -1;
}

/* The edit a save sends: every field when adding, the changed ones else. */
static void make_edit(const form *f, bo_product_edit *e, bool all)
{
	const char **slot[F__COUNT] = {
	    &e->sku,      &e->name,  &e->description, &e->price,
	    &e->tax_rate, &e->stock, &e->low_stock, &e->category,
	    &e->tags};

	memset(e, 0, sizeof(*e));
	for (int i = 0; i < F__COUNT; i++)
		if (all || changed(f, i))
			*slot[i] = value(f, i);
}

/*
 * Checks each field on its own against the domain's rules, so every bad
 * field gets its message at once (the service stops at the first one).
 * Returns the number of fields in error.
 */
static int check_fields(form *f)
{
	const bo_currency *cur = &bo_tui_app(f->tui)->currency;
	int bad = 0;

	for (int i = 0; i < F__COUNT; i++) {
		bo_product scratch = {0};
		bo_product_edit one = {0};
		const char **slot[F__COUNT] = {
		    &one.sku,      &one.name,  &one.description, &one.price,
		    &one.tax_rate, &one.stock, &one.low_stock, &one.category,
		    &one.tags};
		bo_err err;
		int rc;

		bo_err_clear(&err);
		*slot[i] = value(f, i);
		/* a valid product to try the one field on */
		scratch.sku = "X";
		scratch.name = "x";
		scratch.description = "";
		scratch.stock = BO_STOCK_UNTRACKED;
		{
			bo_product tmp;

			if (bo_product_copy(&tmp, &scratch) < 0)
				return 0;
			rc = bo_product_apply_edit(&tmp, &one, cur, &err);
			bo_product_clear(&tmp);
		}
		if (rc == BO_EINVAL) {
			set_error(f, i, err.msg);
			bad++;
		} else {
			set_error(f, i, NULL);
		}
	}
	return bad;
}

/* ---- saving ------------------------------------------------------------------ */

static void close_after_save(form *f, bo_screen *s, const char *sku)
{
	bo_screen *below = bo_tui_below(f->tui, s);

	if (below && below->ops == &bo_products_screen_ops)
		bo_products_select(below, sku);
}

static int reload_answer(bo_screen *s, int yes, const char *text)
{
	form *f = s->state;
	bo_product fresh = {0};
	bo_err err;

	(void)text;
	bo_err_clear(&err);
	if (!yes) {
		bo_tui_message(f->tui, BO_STYLE_WARNING,
			       "not reloaded: saving will be refused until "
			       "you reload (Ctrl-R)");
		return BO_HANDLED;
	}
	if (bo_app_product_get(bo_tui_app(f->tui), f->loaded.sku, &fresh,
			       &err) < 0) {
		bo_tui_error(f->tui, &err);
		return BO_HANDLED;
	}
	bo_product_clear(&f->loaded);
	f->loaded = fresh;
	f->stale = false;
	if (fill(f, &f->loaded) < 0)
		bo_tui_message(f->tui, BO_STYLE_ERROR, "out of memory");
	else
		bo_tui_message(f->tui, BO_STYLE_OK,
			       "reloaded %s as it is now (version %lld)",
			       f->loaded.sku, (long long)f->loaded.row_version);
	return BO_HANDLED;
}

/*
 * After check_fields found bad fields: the first gets the focus and the
 * message line names them (one: its own message; more: their labels).
 * What was typed stays as it was.
 */
static void not_saved(form *f, int bad)
{
	char names[F__COUNT * 20] = "";
	size_t used = 0;

	f->focus = -1;
	for (int i = 0; i < F__COUNT; i++) {
		if (!f->error[i])
			continue;
		if (f->focus < 0)
			f->focus = i;
		/* labels are ours and short: names holds them all */
		if (used < sizeof(names))
			used += (size_t)snprintf(
			    names + used, sizeof(names) - used, "%s%s",
			    used ? ", " : "", fields[i].label);
	}
	if (bad == 1)
		bo_tui_message(f->tui, BO_STYLE_ERROR, "not saved: %s",
			       f->error[f->focus]);
	else
		bo_tui_message(f->tui, BO_STYLE_ERROR,
			       "not saved: %d fields to fix: %s", bad, names);
}

static int save(bo_screen *s)
{
	form *f = s->state;
	bo_app *app = bo_tui_app(f->tui);
	bo_product saved = {0};
	bo_product_edit e;
	bo_err err;
	int rc, bad, field;

	bo_err_clear(&err);
	if (f->readonly) {
		bo_tui_message(f->tui, BO_STYLE_ERROR,
			       "products are read-only for %s users",
			       bo_role_name(app->role));
		return BO_HANDLED;
	}
	if (!f->adding && !dirty(f)) {
		bo_tui_message(f->tui, BO_STYLE_DIM, "nothing changed");
		return BO_CLOSE;
	}
	if ((bad = check_fields(f)) > 0) {
		not_saved(f, bad);
		return BO_HANDLED;
	}
	make_edit(f, &e, f->adding);
	app = bo_tui_command(f->tui); /* one save, one command id */
	if (f->adding)
		rc = bo_app_product_add(app, &e, &saved, &err);
	else
		rc = bo_app_product_edit(app, f->loaded.sku, &e,
					 f->loaded.row_version, &saved, &err);
	if (rc == 0) {
		bo_tui_message(f->tui, BO_STYLE_OK, "saved %s", saved.sku);
		close_after_save(f, s, saved.sku);
		bo_product_clear(&saved);
		return BO_CLOSE;
	}
	field = field_of(err.msg);
	if (rc == BO_ECONFLICT && field != F_SKU && !f->adding) {
		/* the version moved: someone else saved first */
		f->stale = true;
		bo_tui_error(f->tui, &err);
		bo_tui_confirm(f->tui, s,
			       "Someone else saved this product since you "
			       "opened it. Reload it and lose your changes?",
			       reload_answer);
	} else if ((rc == BO_EINVAL || rc == BO_ECONFLICT) && field >= 0) {
		set_error(f, field, err.msg);
		f->focus = field;
		bo_tui_message(f->tui, BO_STYLE_ERROR, "not saved: %s",
			       err.msg);
	} else {
		bo_tui_error(f->tui, &err);
	}
	return BO_HANDLED;
}

static int discard_answer(bo_screen *s, int yes, const char *text)
{
	form *f = s->state;

	(void)text;
	if (!yes)
		return BO_HANDLED;
	bo_tui_message(f->tui, BO_STYLE_DIM, "changes discarded");
	return BO_CLOSE;
}

static int quit_answer(bo_screen *s, int yes, const char *text)
{
	form *f = s->state;

	(void)text;
	f->asking_quit = false;
	if (!yes)
		return BO_HANDLED;
	f->quitting = true;
	return BO_QUIT;
}

/* Q and Ctrl-C ask what Esc asks; a second Ctrl-C at the question quits. */
static int may_quit(bo_screen *s)
{
	form *f = s->state;

	if (f->readonly || !dirty(f) || f->quitting || f->asking_quit)
		return 1;
	f->asking_quit = true;
	bo_tui_confirm(f->tui, s, discard_question, quit_answer);
	return 0;
}

/* ---- the screen ---------------------------------------------------------------- */

static int handle(bo_screen *s, bo_request req, int key)
{
	form *f = s->state;
	int rc;

	switch (req) {
	case BO_REQ_SAVE:
		return save(s);
	case BO_REQ_BACK:
		if (f->readonly || !dirty(f))
			return BO_CLOSE;
		bo_tui_confirm(f->tui, s, discard_question, discard_answer);
		return BO_HANDLED;
	case BO_REQ_NEXT_FIELD:
	case BO_REQ_ENTER:
		f->focus = (f->focus + 1) % F__COUNT;
		return BO_HANDLED;
	case BO_REQ_PREV_FIELD:
		f->focus = (f->focus + F__COUNT - 1) % F__COUNT;
		return BO_HANDLED;
	case BO_REQ_QUIT:
		if (key == BO_KEY_CTRL('C'))
			return BO_IGNORED;
		break;
	default:
		break;
	}
	if (key == BO_KEY_DOWN) {
		f->focus = (f->focus + 1) % F__COUNT;
		return BO_HANDLED;
	}
	if (key == BO_KEY_UP) {
		f->focus = (f->focus + F__COUNT - 1) % F__COUNT;
		return BO_HANDLED;
	}
	if (key == BO_KEY_CTRL('R') && !f->adding) {
		reload_answer(s, 1, NULL);
		return BO_HANDLED;
	}
	if (req == BO_REQ_HISTORY && !f->adding &&
	    (key != 'h' || f->readonly)) {
		bo_err err;
		if (bo_product_history_open(f->tui, f->loaded.sku, &err) < 0)
			bo_tui_error(f->tui, &err);
		return BO_HANDLED;
	}
	if (f->readonly) {
		/* letters act as in a list: q closes, the rest is refused */
		if (req == BO_REQ_CLOSE)
			return BO_CLOSE;
		if (bo_key_is_text(key))
			bo_tui_message(f->tui, BO_STYLE_WARNING,
				       "read-only: %s users may not change "
				       "products",
				       bo_role_name(bo_tui_app(f->tui)->role));
		return bo_key_is_text(key) ? BO_HANDLED : BO_IGNORED;
	}
	rc = bo_field_key(&f->line[f->focus], key);
	if (rc < 0) {
		bo_tui_message(f->tui, BO_STYLE_ERROR, "out of memory");
		return BO_HANDLED;
	}
	if (rc == 1) {
		/* the message was about the old text */
		set_error(f, f->focus, NULL);
		return BO_HANDLED;
	}
	/* text fields take every typed key; only named keys fall through */
	return bo_key_is_text(key) ? BO_HANDLED : BO_IGNORED;
}

static void draw(bo_screen *s, bo_canvas *c, int top, int height)
{
	form *f = s->state;
	const bo_currency *cur = &bo_tui_app(f->tui)->currency;
	char title[300];
	int label_x = 2, field_x = 17, y = top + 1, step;

	(void)height;
	if (f->adding)
		snprintf(title, sizeof(title), "New product");
	else
		snprintf(title, sizeof(title), "%s product %s (version %lld)",
			 f->readonly ? "View" : "Edit", f->loaded.sku,
			 (long long)f->loaded.row_version);
	bo_canvas_text(c, y, label_x, BO_STYLE_TITLE, title, c->cols - 4);
	y++;
	if (f->stale)
		bo_canvas_text(c, y, label_x, BO_STYLE_WARNING,
			       "someone else changed this product since you "
			       "opened it; Ctrl-R reloads it",
			       c->cols - 4);
	else if (f->readonly)
		bo_canvas_text(c, y, label_x, BO_STYLE_DIM,
			       "read-only: only admins change products",
			       c->cols - 4);
	y += 2;
	/* a line between fields when the terminal has room for it */
	step = y + 2 * F__COUNT + 1 < top + height ? 2 : 1;
	for (int i = 0; i < F__COUNT; i++, y += step) {
		char label[40];
		int width = fields[i].width, room = c->cols - field_x - 2,
		    after;

		if (y >= top + height)
			break;
		if (i == F_PRICE)
			snprintf(label, sizeof(label), "%s (%s)",
				 fields[i].label, cur->code);
		else
			snprintf(label, sizeof(label), "%s", fields[i].label);
		bo_canvas_text(c, y, label_x,
			       i == f->focus ? BO_STYLE_HIGHLIGHT
					     : BO_STYLE_NORMAL,
			       label, field_x - label_x - 1);
		if (!width || width > room)
			width = room > 60 ? 60 : room;
		/* no line below for an error: leave it room beside */
		if (step == 1 && f->error[i]) {
			int need = bo_canvas_text_width(f->error[i]) + 2;

			if (room - need >= 12 && width > room - need)
				width = room - need;
			else if (room - need < 12 && width > room / 2)
				width = room / 2;
		}
		bo_field_draw(&f->line[i], c, y, field_x, width,
			      f->error[i] ? BO_STYLE_ERROR : BO_STYLE_INPUT,
			      i == f->focus && !f->readonly);
		after = field_x + width + 2;
		/* the error beside the field; below it when there is no room */
		if (f->error[i] &&
		    (bo_canvas_text_width(f->error[i]) < c->cols - after ||
		     (step == 1 && c->cols - after >= 10)))
			bo_canvas_text(c, y, after, BO_STYLE_ERROR, f->error[i],
				       c->cols - after - 1);
		else if (f->error[i] && step == 2)
			bo_canvas_text(c, y + 1, field_x, BO_STYLE_ERROR,
				       f->error[i], c->cols - field_x - 1);
		else if (fields[i].hint && c->cols - after >= 10)
			bo_canvas_text(c, y, after, BO_STYLE_DIM,
				       fields[i].hint, c->cols - after - 1);
	}
	if (y + 1 < top + height)
		bo_canvas_text(c, y + 1, label_x, BO_STYLE_DIM,
			       f->readonly
				   ? "Esc back"
				   : "Ctrl-S save   Tab/Shift-Tab move   "
				     "Esc back",
			       c->cols - 4);
}

static void refresh(bo_screen *s)
{
	form *f = s->state;
	bo_product now = {0};
	bo_err err;

	bo_err_clear(&err);
	if (f->adding)
		return;
	/* only a warning: the save itself is what refuses stale data */
	if (bo_app_product_get(bo_tui_app(f->tui), f->loaded.sku, &now, &err) <
		0 ||
	    now.row_version != f->loaded.row_version)
		f->stale = true;
	bo_product_clear(&now);
}

static int open_form(bo_screen *s, bo_err *err)
{
	form *f = s->state;
	bo_app *app = bo_tui_app(s->tui);
	int rc;

	f->tui = s->tui;
	f->readonly = !bo_role_may(app->role, BO_CAP_PRODUCT_WRITE);
	{
		int64_t t;
		bo_err ignored;

		/* a bad setting is the reactor's to report; say less here */
		if (bo_reactors_low_stock_threshold(app, &t, &ignored) == 0)
			snprintf(f->tenant_low, sizeof(f->tenant_low),
				 "tenant: %lld", (long long)t);
		else
			snprintf(f->tenant_low, sizeof(f->tenant_low),
				 "tenant's");
	}
	if (!f->adding) {
		char *sku = f->loaded.sku;

		f->loaded.sku = NULL;
		rc = bo_app_product_get(app, sku, &f->loaded, err);
		free(sku);
		if (rc < 0)
			return rc;
	}
	if (fill(f, f->adding ? NULL : &f->loaded) < 0)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

static void close_form(bo_screen *s)
{
	form *f = s->state;

	if (!f)
		return;
	for (int i = 0; i < F__COUNT; i++) {
		bo_field_free(&f->line[i]);
		free(f->original[i]);
		free(f->error[i]);
	}
	bo_product_clear(&f->loaded);
	free(f);
}

static const bo_hint hints[] = {
    {BO_REQ_NEXT_FIELD, "next field"},
    {BO_REQ_SAVE, "save"},
    {BO_REQ_BACK, "close"},
    {BO_REQ_NONE, NULL},
};

const bo_screen_ops bo_product_form_ops = {
    .name = "product",
    .title = "Product",
    .open = open_form,
    .handle = handle,
    .draw = draw,
    .refresh = refresh,
    .close = close_form,
    .may_quit = may_quit,
    .hints = hints,
};

int bo_product_form_open(bo_tui *t, const char *sku, bo_err *err)
{
	form *f = calloc(1, sizeof(*f));

	if (!f)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	f->adding = sku == NULL;
	/* open() replaces this with the product as stored */
	if (sku && !(f->loaded.sku = strdup(sku))) {
		free(f);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return bo_tui_push(t, &bo_product_form_ops, f, err);
}
