/* The colour and monochrome schemes, one entry per semantic style. */
#include "tui/scheme.h"

#include <stdio.h>
#include <string.h>

#define D BO_COLOR_DEFAULT

static const bo_look colour[BO_STYLE__COUNT] = {
    [BO_STYLE_NORMAL] = {D, D, 0},
    [BO_STYLE_TITLE] = {BO_COLOR_WHITE, BO_COLOR_BLUE, BO_ATTR_BOLD},
    [BO_STYLE_HEADER] = {BO_COLOR_YELLOW, D, BO_ATTR_BOLD},
    [BO_STYLE_SELECTED] = {BO_COLOR_BLACK, BO_COLOR_CYAN, 0},
    [BO_STYLE_STATUS] = {BO_COLOR_BLACK, BO_COLOR_WHITE, 0},
    [BO_STYLE_ERROR] = {BO_COLOR_RED, D, BO_ATTR_BOLD},
    [BO_STYLE_WARNING] = {BO_COLOR_YELLOW, D, BO_ATTR_BOLD},
    [BO_STYLE_OK] = {BO_COLOR_GREEN, D, 0},
    [BO_STYLE_DIM] = {D, D, BO_ATTR_DIM},
    [BO_STYLE_MONEY] = {BO_COLOR_GREEN, D, 0},
    [BO_STYLE_EV_PRODUCT] = {BO_COLOR_CYAN, D, 0},
    [BO_STYLE_EV_ORDER] = {BO_COLOR_BLUE, D, BO_ATTR_BOLD},
    [BO_STYLE_EV_PAYMENT] = {BO_COLOR_GREEN, D, BO_ATTR_BOLD},
    [BO_STYLE_EV_PROBLEM] = {BO_COLOR_RED, D, BO_ATTR_BOLD},
    [BO_STYLE_EV_SHIPPING] = {BO_COLOR_MAGENTA, D, 0},
    [BO_STYLE_EV_NOTE] = {BO_COLOR_YELLOW, D, 0},
    [BO_STYLE_HIGHLIGHT] = {BO_COLOR_YELLOW, D, BO_ATTR_BOLD},
    [BO_STYLE_BORDER] = {BO_COLOR_CYAN, D, 0},
    [BO_STYLE_INPUT] = {D, D, BO_ATTR_UNDERLINE},
    [BO_STYLE_KEY] = {BO_COLOR_CYAN, D, BO_ATTR_BOLD},
    [BO_STYLE_TAB] = {BO_COLOR_BLACK, BO_COLOR_CYAN, BO_ATTR_BOLD},
};

/* Without colour, what matters is that a selected row, an error and the
 * bars stay recognisable. */
static const bo_look mono[BO_STYLE__COUNT] = {
    [BO_STYLE_NORMAL] = {D, D, 0},
    [BO_STYLE_TITLE] = {D, D, BO_ATTR_REVERSE | BO_ATTR_BOLD},
    [BO_STYLE_HEADER] = {D, D, BO_ATTR_BOLD | BO_ATTR_UNDERLINE},
    [BO_STYLE_SELECTED] = {D, D, BO_ATTR_REVERSE},
    [BO_STYLE_STATUS] = {D, D, BO_ATTR_REVERSE},
    [BO_STYLE_ERROR] = {D, D, BO_ATTR_BOLD | BO_ATTR_UNDERLINE},
    [BO_STYLE_WARNING] = {D, D, BO_ATTR_BOLD},
    [BO_STYLE_OK] = {D, D, 0},
    [BO_STYLE_DIM] = {D, D, BO_ATTR_DIM},
    [BO_STYLE_MONEY] = {D, D, 0},
    [BO_STYLE_EV_PRODUCT] = {D, D, 0},
    [BO_STYLE_EV_ORDER] = {D, D, BO_ATTR_BOLD},
    [BO_STYLE_EV_PAYMENT] = {D, D, 0},
    [BO_STYLE_EV_PROBLEM] = {D, D, BO_ATTR_BOLD | BO_ATTR_UNDERLINE},
    [BO_STYLE_EV_SHIPPING] = {D, D, 0},
    [BO_STYLE_EV_NOTE] = {D, D, BO_ATTR_DIM},
    [BO_STYLE_HIGHLIGHT] = {D, D, BO_ATTR_BOLD},
    [BO_STYLE_BORDER] = {D, D, 0},
    [BO_STYLE_INPUT] = {D, D, BO_ATTR_UNDERLINE},
    [BO_STYLE_KEY] = {D, D, BO_ATTR_BOLD},
    /* the current tab: the one plain (not reversed) cut in the title bar */
    [BO_STYLE_TAB] = {D, D, BO_ATTR_BOLD | BO_ATTR_UNDERLINE},
};

const bo_look *bo_scheme_look(bool color, bo_style s)
{
	if (s < 0 || s >= BO_STYLE__COUNT)
		s = BO_STYLE_NORMAL;
	return color ? &colour[s] : &mono[s];
}

const char *bo_scheme_attr_text(char *buf, unsigned long size, unsigned attrs)
{
	static const char *const names[] = {"bold", "reverse", "underline",
					    "dim"};
	size_t used = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < 4; i++) {
		if (!(attrs & (1u << i)))
			continue;
		snprintf(buf + used, size - used, "%s%s", used ? "," : "",
			 names[i]);
		used = strlen(buf);
	}
	if (!used)
		snprintf(buf, size, "plain");
	return buf;
}
