/* The key table's lookups: key -> request, and key names for the help screen. */
#include "tui/keys.h"

#include <stdio.h>

typedef struct request_info {
	const char *scope;
	const char *help;
	int keys[2];
} request_info;

static const request_info requests[BO_REQ__COUNT] = {
    [BO_REQ_NONE] = {"", "", {0, 0}},
#define BO_X(name, scope, help, k1, k2)                                        \
	[BO_REQ_##name] = {scope, help, {k1, k2}},
    BO_REQUEST_TABLE(BO_X)
#undef BO_X
};

bo_request bo_key_request(int key)
{
	if (key == BO_KEY_NONE)
		return BO_REQ_NONE;
	/* terminals send either for Enter */
	if (key == '\n')
		key = BO_KEY_ENTER;
	for (int r = 1; r < BO_REQ__COUNT; r++)
		if (requests[r].keys[0] == key || requests[r].keys[1] == key)
			return (bo_request)r;
	if (key == BO_KEY_WHEEL_UP)
		return BO_REQ_MOVE_UP;
	if (key == BO_KEY_WHEEL_DOWN)
		return BO_REQ_MOVE_DOWN;
	return BO_REQ_NONE;
}

bo_request bo_key_request_on(const bo_binding *keys, int key)
{
	if (key == '\n')
		key = BO_KEY_ENTER;
	for (const bo_binding *b = keys; b && b->key; b++)
		if (b->key == key)
			return b->req;
	return bo_key_request(key);
}

int bo_request_key_on(const bo_binding *keys, bo_request r)
{
	for (const bo_binding *b = keys; b && b->key; b++)
		if (b->req == r)
			return b->key;
	return bo_request_key(r, 0);
}

const char *bo_request_scope(bo_request r)
{
	return r > 0 && r < BO_REQ__COUNT ? requests[r].scope : NULL;
}

const char *bo_request_help(bo_request r)
{
	return r > 0 && r < BO_REQ__COUNT ? requests[r].help : NULL;
}

int bo_request_key(bo_request r, int which)
{
	if (r <= 0 || r >= BO_REQ__COUNT || which < 0 || which > 1)
		return 0;
	return requests[r].keys[which];
}

static const struct {
	int key;
	const char *name;
} named[] = {
    {' ', "Space"},
    {BO_KEY_TAB, "Tab"},
    {BO_KEY_ENTER, "Enter"},
    {BO_KEY_ESC, "Esc"},
    {BO_KEY_BACKSPACE, "Backspace"},
    {BO_KEY_UP, "Up"},
    {BO_KEY_DOWN, "Down"},
    {BO_KEY_LEFT, "Left"},
    {BO_KEY_RIGHT, "Right"},
    {BO_KEY_HOME, "Home"},
    {BO_KEY_END, "End"},
    {BO_KEY_PGUP, "PgUp"},
    {BO_KEY_PGDN, "PgDn"},
    {BO_KEY_DELETE, "Delete"},
    {BO_KEY_BTAB, "Shift-Tab"},
    {BO_KEY_F1, "F1"},
    {BO_KEY_F2, "F2"},
    {BO_KEY_F5, "F5"},
    {BO_KEY_RESIZE, "Resize"},
    {BO_KEY_WHEEL_UP, "WheelUp"},
    {BO_KEY_WHEEL_DOWN, "WheelDown"},
};

const char *bo_key_name(char *buf, size_t size, int key)
{
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (named[i].key == key) {
			snprintf(buf, size, "%s", named[i].name);
			return buf;
		}
	}
	if (key > 0 && key < 32)
		snprintf(buf, size, "Ctrl-%c", '@' + key);
	else if (key >= 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "U+%04X", (unsigned)key);
	return buf;
}

int bo_key_is_text(int key)
{
	return key >= 32 && key != 127 && key < BO_KEY_NAMED &&
	       !(key >= 0x80 && key <= 0x9F);
}
