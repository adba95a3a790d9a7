/* A TUI over the memory store with a fixed clock: scripted keys, screens as text. */
#ifndef BO_TEST_TUI_FIXTURE_H
#define BO_TEST_TUI_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "tests/tui/golden.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/tui.h"

typedef struct fx {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app app;   /* the user at the keyboard */
	bo_app other; /* another admin, for concurrent changes */
	bo_tui *tui;
	bo_canvas *c;
	char *text; /* the last rendering */
	int flags;  /* what the last key returned */
	bool unicode;
	const char *thousands; /* the locale's separator the TUI is given */
} fx;

static inline void fx_fail_err(const char *what, const bo_err *err,
			       const char *file, int line)
{
	print_error("%s failed: %s\n", what, err->msg);
	_fail(file, line);
}
#define FX_OK(call, err)                                                       \
	do {                                                                   \
		if ((call) < 0)                                                \
			fx_fail_err(#call, (err), __FILE__, __LINE__);         \
	} while (0)

static inline void fx_add(fx *f, const char *sku, const char *name,
			  const char *price, const char *tax, const char *stock)
{
	bo_product_edit e = {.sku = sku,
			     .name = name,
			     .price = price,
			     .tax_rate = tax,
			     .stock = stock};
	bo_err err;

	FX_OK(bo_app_product_add(&f->other, &e, NULL, &err), &err);
}

/* Opens the TUI as user (closing one that is open). */
static inline void fx_open_as(fx *f, const char *user)
{
	bo_tui_options opt = {.unicode = f->unicode,
			      .thousands = f->thousands};
	bo_err err;

	if (f->tui) {
		bo_tui_free(f->tui);
		bo_app_close(&f->app);
		f->tui = NULL;
	}
	FX_OK(bo_app_open(&f->app, &f->ports, &f->clock, &f->ids, user, &err),
	      &err);
	FX_OK(bo_tui_new(&f->tui, &f->app, &opt, &err), &err);
}

static inline int fx_setup_rows(void **state, int rows, int cols)
{
	fx *f = calloc(1, sizeof(*f));
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "alice"};
	bo_err err;

	if (!f)
		return -1;
	f->unicode = true;
	if (bo_memory_open(&f->ports, &err) < 0)
		return -1;
	/* 2026-01-01T00:00:00Z, one second per reading */
	f->clock_state = (bo_fixed_clock){.next_ms = INT64_C(1767225600000),
					  .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	if (bo_app_init_store(&f->ports, &f->clock, &opt, &err) < 0 ||
	    bo_app_open(&f->other, &f->ports, &f->clock, &f->ids, "alice",
			&err) < 0 ||
	    bo_app_user_add(&f->other, "bob", "support", &err) < 0 ||
	    bo_app_user_add(&f->other, "mia", "manager", &err) < 0) {
		print_error("fixture: %s\n", err.msg);
		return -1;
	}
	f->c = bo_canvas_new(rows, cols, true);
	*state = f;
	return f->c ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
	fx *f = *state;

	if (f->tui) {
		bo_tui_free(f->tui);
		bo_app_close(&f->app);
	}
	bo_app_close(&f->other);
	bo_ports_close(&f->ports);
	bo_canvas_free(f->c);
	free(f->text);
	free(f);
	return 0;
}

static inline void fx_key(fx *f, int key)
{
	f->flags = bo_tui_key(f->tui, key);
}

/* Types UTF-8 text one character (code point) at a time. */
static inline void fx_type(fx *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int cp = *p, n = 1;

		if (*p >= 0xF0)
			cp = *p & 0x07, n = 4;
		else if (*p >= 0xE0)
			cp = *p & 0x0F, n = 3;
		else if (*p >= 0xC0)
			cp = *p & 0x1F, n = 2;
		for (int i = 1; i < n; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		p += n;
		fx_key(f, cp);
	}
}

/* Gives the fixture a canvas of rows x cols (a larger terminal). */
static inline void fx_resize(fx *f, int rows, int cols)
{
	bo_canvas_free(f->c);
	f->c = bo_canvas_new(rows, cols, f->unicode);
	assert_non_null(f->c);
}

/* Draws and keeps the rendering in f->text. */
static inline const char *fx_screen(fx *f, bool roles)
{
	free(f->text);
	f->c->unicode = f->unicode;
	/* as the loop would have: a frame, then the work left for after it */
	bo_tui_draw(f->tui, f->c);
	if (bo_tui_idle(f->tui))
		bo_tui_draw(f->tui, f->c);
	f->text = bo_canvas_to_text(f->c, roles);
	assert_non_null(f->text);
	return f->text;
}

static inline void fx_has_at(fx *f, const char *want, bool has,
			     const char *file, int line)
{
	const char *s = fx_screen(f, false);

	if ((strstr(s, want) != NULL) != has) {
		print_error("screen %s \"%s\":\n%s", has ? "lacks" : "has",
			    want, s);
		_fail(file, line);
	}
}
#define SCREEN_HAS(f, want) fx_has_at((f), (want), true, __FILE__, __LINE__)
#define SCREEN_LACKS(f, want) fx_has_at((f), (want), false, __FILE__, __LINE__)
#define SCREEN_IS(f, name) GOLDEN((name), fx_screen((f), false))
#define STYLES_ARE(f, name) GOLDEN((name), fx_screen((f), true))

/* The row of the screen that holds text, or -1. */
static inline int fx_row_of(fx *f, const char *text)
{
	const char *s = fx_screen(f, false), *hit = strstr(s, text);
	int row = 0;

	if (!hit)
		return -1;
	for (const char *p = s; p < hit; p++)
		row += *p == '\n';
	return row;
}

/* True when the row holding text is drawn in the selected style. */
static inline bool fx_selected(fx *f, const char *text)
{
	int row = fx_row_of(f, text);
	const bo_cell *cell = row >= 0 ? bo_canvas_cell(f->c, row, 1) : NULL;

	return cell && cell->role == BO_STYLE_SELECTED;
}

#endif
