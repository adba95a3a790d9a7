/* The off-screen canvas: sanitised, width-aware drawing, glyph sets, the colour schemes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/tui/golden.h"
#include "tui/canvas.h"
#include "tui/scheme.h"

/* The canvas as text, freed by the caller's assert helper. */
static void text_is_at(bo_canvas *c, bool roles, const char *want,
		       const char *file, int line)
{
	char *got = bo_canvas_to_text(c, roles);

	if (!got)
		_fail(file, line);
	if (strcmp(got, want) != 0) {
		print_error("canvas is\n%s\nwant\n%s\n", got, want);
		free(got);
		_fail(file, line);
	}
	free(got);
}
#define TEXT_IS(c, want) text_is_at((c), false, (want), __FILE__, __LINE__)
#define ROLES_ARE(c, want) text_is_at((c), true, (want), __FILE__, __LINE__)

static bo_canvas *canvas(int rows, int cols, bool unicode)
{
	bo_canvas *c = bo_canvas_new(rows, cols, unicode);

	assert_non_null(c);
	return c;
}

/* No cell may hold a byte that a terminal would act on. */
static void assert_no_controls(const bo_canvas *c)
{
	for (int y = 0; y < c->rows; y++)
		for (int x = 0; x < c->cols; x++) {
			const unsigned char *p =
			    (const unsigned char *)bo_canvas_cell(c, y, x)
				->text;

			for (; *p; p++)
				assert_false(*p < 0x20 || *p == 0x7f);
		}
}

static void escape_sequences_from_data_are_drawn_visibly(void **state)
{
	bo_canvas *c = canvas(2, 40, true);

	(void)state;
	bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL,
		       "a\033[2Jb\033]0;TITLE\007c\r\n\t", -1);
	bo_canvas_text(c, 1, 0, BO_STYLE_NORMAL,
		       "\xc2\x9b"
		       "1m \xe2\x80\xae"
		       "evil",
		       -1);
	TEXT_IS(c, "a\\e[2Jb\\e]0;TITLE\\x07c\\r\\n\\t\n"
		   "\\u009b1m \\u202eevil\n");
	assert_no_controls(c);
	bo_canvas_free(c);
}

static void long_text_is_cut_by_width_with_an_ellipsis(void **state)
{
	bo_canvas *c = canvas(2, 20, true);

	(void)state;
	assert_int_equal(
	    bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, "abcdefghij", 6), 6);
	c->unicode = false;
	bo_canvas_text(c, 1, 0, BO_STYLE_NORMAL, "abcdefghij", 6);
	TEXT_IS(c, "abcde\xE2\x80\xA6\nabcde~\n");
	bo_canvas_free(c);
}

static void
wide_characters_take_two_cells_and_never_straddle_a_cut(void **state)
{
	bo_canvas *c = canvas(3, 5, true);

	(void)state;
	/* 漢字漢 is 6 columns: two fit beside the mark */
	assert_int_equal(bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL,
					"\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2",
					-1),
			 5);
	/* at the edge a wide character is left out rather than split */
	assert_int_equal(
	    bo_canvas_text(c, 1, 0, BO_STYLE_NORMAL, "abcd\xE6\xBC\xA2", -1),
	    5);
	bo_canvas_text(c, 2, 1, BO_STYLE_NORMAL, "\xE5\xAD\x97", -1);
	TEXT_IS(c, "\xE6\xBC\xA2\xE5\xAD\x97\xE2\x80\xA6\n"
		   "abcd\xE2\x80\xA6\n"
		   " \xE5\xAD\x97\n");
	assert_true(bo_canvas_cell(c, 0, 1)->wide_right);
	bo_canvas_free(c);
}

static void combining_marks_ride_on_their_character(void **state)
{
	bo_canvas *c = canvas(1, 10, true);

	(void)state;
	/* e + COMBINING ACUTE, then x: two columns */
	assert_int_equal(
	    bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, "e\xCC\x81x", -1), 2);
	assert_string_equal(bo_canvas_cell(c, 0, 0)->text, "e\xCC\x81");
	assert_string_equal(bo_canvas_cell(c, 0, 1)->text, "x");
	bo_canvas_free(c);
}

static void
overwriting_half_a_wide_character_blanks_the_other_half(void **state)
{
	bo_canvas *c = canvas(2, 6, true);

	(void)state;
	bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, "\xE6\xBC\xA2\xE5\xAD\x97",
		       -1);
	bo_canvas_text(c, 0, 1, BO_STYLE_NORMAL, "x", -1);
	bo_canvas_text(c, 1, 0, BO_STYLE_NORMAL, "\xE6\xBC\xA2\xE5\xAD\x97",
		       -1);
	bo_canvas_text(c, 1, 2, BO_STYLE_NORMAL, "y", -1);
	TEXT_IS(c, " x\xE5\xAD\x97\n\xE6\xBC\xA2y\n");
	assert_false(bo_canvas_cell(c, 1, 3)->wide_right);
	bo_canvas_free(c);
}

static void drawing_outside_the_canvas_does_nothing(void **state)
{
	bo_canvas *c = canvas(2, 4, true);

	(void)state;
	assert_int_equal(bo_canvas_text(c, -1, 0, BO_STYLE_NORMAL, "x", -1), 0);
	assert_int_equal(bo_canvas_text(c, 2, 0, BO_STYLE_NORMAL, "x", -1), 0);
	assert_int_equal(bo_canvas_text(c, 0, 4, BO_STYLE_NORMAL, "x", -1), 0);
	assert_int_equal(bo_canvas_text(c, 0, 2, BO_STYLE_NORMAL, "xyz", -1),
			 2);
	bo_canvas_fill(c, 1, -3, 100, BO_STYLE_SELECTED);
	bo_canvas_box(c, 0, 0, 10, 10, BO_STYLE_BORDER);
	bo_canvas_set_cursor(c, 5, 5);
	assert_int_equal(c->cursor_y, -1);
	bo_canvas_free(c);
}

static void numbers_are_aligned_right(void **state)
{
	bo_canvas *c = canvas(2, 10, true);

	(void)state;
	bo_canvas_text_right(c, 0, 0, 8, BO_STYLE_MONEY, "12.50");
	bo_canvas_text_right(c, 1, 0, 8, BO_STYLE_MONEY, "1234567890.00");
	TEXT_IS(c, "   12.50\n1234567\xE2\x80\xA6\n");
	bo_canvas_free(c);
}

static void roles_render_as_one_letter_per_cell(void **state)
{
	bo_canvas *c = canvas(2, 8, true);

	(void)state;
	bo_canvas_text(c, 0, 0, BO_STYLE_HEADER, "SKU", -1);
	bo_canvas_text(c, 1, 1, BO_STYLE_ERROR, "bad", -1);
	bo_canvas_paint(c, 1, 0, 2, BO_STYLE_SELECTED);
	ROLES_ARE(c, "SKU\nHHH\n bad\nSSEE\n");
	assert_string_equal(bo_style_text(BO_STYLE_SELECTED), "selected");
	bo_canvas_free(c);
}

static void boxes_use_line_drawing_or_ascii(void **state)
{
	bo_canvas *c = canvas(4, 12, true);
	char *text;

	(void)state;
	bo_canvas_box(c, 0, 0, 4, 12, BO_STYLE_BORDER);
	bo_canvas_text(c, 1, 2, BO_STYLE_NORMAL, "unicode", -1);
	bo_canvas_hline(c, 2, 1, 10, BO_STYLE_BORDER, BO_GLYPH_HLINE);
	text = bo_canvas_to_text(c, false);
	GOLDEN("canvas_box_unicode", text);
	free(text);
	c->unicode = false;
	bo_canvas_clear(c);
	bo_canvas_box(c, 0, 0, 4, 12, BO_STYLE_BORDER);
	bo_canvas_text(c, 1, 2, BO_STYLE_NORMAL, "ascii \xE2\x96\xB2", -1);
	bo_canvas_text(c, 2, 1, BO_STYLE_NORMAL,
		       bo_canvas_glyph(c, BO_GLYPH_SORT_UP), -1);
	text = bo_canvas_to_text(c, false);
	GOLDEN("canvas_box_ascii", text);
	/* ASCII glyphs are plain bytes; a mark in data that ASCII lacks is
	 * drawn as '?' rather than a blank */
	assert_string_equal(bo_canvas_glyph(c, BO_GLYPH_TOP_LEFT), "+");
	free(text);
	bo_canvas_free(c);
}

/* With LANG=C a terminal shows other bytes as blanks ("Chlo  Robert"):
 * the ASCII canvas draws accented Latin letters as their base letters and
 * anything else as '?', leaving the text itself alone. */
static void ascii_canvas_folds_accents_to_visible_letters(void **state)
{
	bo_canvas *c = canvas(6, 40, false);
	const char *name = "Chlo\xC3\xA9 Robert";
	char *text;

	(void)state;
	bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, name, -1);
	/* Mueller, Strasse, Lodz, OEuvre, AEro with their own letters */
	bo_canvas_text(c, 1, 0, BO_STYLE_NORMAL,
		       "M\xC3\xBCller Stra\xC3\x9F"
		       "e \xC5\x81\xC3\xB3"
		       "d\xC5\xBA \xC5\x92uvre "
		       "\xC3\x86r\xC3\xB8",
		       -1);
	/* a combining acute rides on its letter; CJK and an emoji are '?' */
	bo_canvas_text(c, 2, 0, BO_STYLE_NORMAL,
		       "Jose\xCC\x81 \xE6\xBC\xA2 \xF0\x9F\x98\x80 "
		       "O\xE2\x80\x99"
		       "Brien \xE2\x80\x9Cx\xE2\x80\x9D",
		       -1);
	/* escapes stay visible as before, and folding still cuts by width */
	bo_canvas_text(c, 3, 0, BO_STYLE_NORMAL, "\x1b[2J \xC3\xA9t\xC3\xA9",
		       -1);
	bo_canvas_text(c, 4, 0, BO_STYLE_NORMAL, "Stra\xC3\x9F\x65nbahn", 6);
	text = bo_canvas_to_text(c, false);
	GOLDEN("canvas_ascii_fold", text);
	assert_non_null(strstr(text, "Chloe Robert"));
	free(text);
	/* the data is never changed, and a UTF-8 canvas keeps it as it is */
	assert_string_equal(name, "Chlo\xC3\xA9 Robert");
	c->unicode = true;
	bo_canvas_clear(c);
	bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, name, -1);
	TEXT_IS(c, "Chlo\xC3\xA9 Robert\n\n\n\n\n\n");
	bo_canvas_free(c);
}

static void resize_changes_the_size_and_blanks(void **state)
{
	bo_canvas *c = canvas(2, 4, true);

	(void)state;
	bo_canvas_text(c, 0, 0, BO_STYLE_NORMAL, "abcd", -1);
	assert_int_equal(bo_canvas_resize(c, 3, 2), 0);
	assert_int_equal(c->rows, 3);
	assert_int_equal(c->cols, 2);
	TEXT_IS(c, "\n\n\n");
	assert_int_equal(bo_canvas_resize(c, 0, -5), 0);
	assert_int_equal(c->rows, 1);
	assert_int_equal(c->cols, 1);
	bo_canvas_free(c);
}

/* Every style in the monochrome scheme, as the terminal would set it. */
static void monochrome_scheme_tells_the_bars_apart(void **state)
{
	char buf[4096] = "", attrs[64], line[128];

	(void)state;
	for (int s = 0; s < BO_STYLE__COUNT; s++) {
		const bo_look *l = bo_scheme_look(false, (bo_style)s);

		assert_int_equal(l->fg, BO_COLOR_DEFAULT);
		assert_int_equal(l->bg, BO_COLOR_DEFAULT);
		snprintf(line, sizeof(line), "%-12s %s\n",
			 bo_style_text((bo_style)s),
			 bo_scheme_attr_text(attrs, sizeof(attrs), l->attrs));
		strncat(buf, line, sizeof(buf) - strlen(buf) - 1);
	}
	GOLDEN("scheme_monochrome", buf);
	/* the selected row, the bars and errors must never look plain */
	assert_true(bo_scheme_look(false, BO_STYLE_SELECTED)->attrs &
		    BO_ATTR_REVERSE);
	assert_true(bo_scheme_look(false, BO_STYLE_STATUS)->attrs &
		    BO_ATTR_REVERSE);
	assert_true(bo_scheme_look(false, BO_STYLE_ERROR)->attrs != 0);
	/* in colour the selected row has a background */
	assert_int_not_equal(bo_scheme_look(true, BO_STYLE_SELECTED)->bg,
			     BO_COLOR_DEFAULT);
	/* out of range falls back to normal */
	assert_ptr_equal(bo_scheme_look(true, (bo_style)99),
			 bo_scheme_look(true, BO_STYLE_NORMAL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escape_sequences_from_data_are_drawn_visibly),
	    cmocka_unit_test(long_text_is_cut_by_width_with_an_ellipsis),
	    cmocka_unit_test(
		wide_characters_take_two_cells_and_never_straddle_a_cut),
	    cmocka_unit_test(combining_marks_ride_on_their_character),
	    cmocka_unit_test(
		overwriting_half_a_wide_character_blanks_the_other_half),
	    cmocka_unit_test(drawing_outside_the_canvas_does_nothing),
	    cmocka_unit_test(numbers_are_aligned_right),
	    cmocka_unit_test(roles_render_as_one_letter_per_cell),
	    cmocka_unit_test(boxes_use_line_drawing_or_ascii),
	    cmocka_unit_test(ascii_canvas_folds_accents_to_visible_letters),
	    cmocka_unit_test(resize_changes_the_size_and_blanks),
	    cmocka_unit_test(monochrome_scheme_tells_the_bars_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
