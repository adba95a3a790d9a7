/* Keys and requests: one X-macro table gives the request enum, the default keys and the help. */
#ifndef BO_TUI_KEYS_H
#define BO_TUI_KEYS_H

#include <stddef.h>

/*
 * A key is an int: a Unicode code point for a typed character (>= 32),
 * a control character (1..31: BO_KEY_CTRL('S')), or one of the named keys
 * below, which sit above the Unicode range.
 */
#define BO_KEY_CTRL(ch) ((ch)&0x1f)
enum {
	BO_KEY_NONE = 0,
	BO_KEY_TAB = 9,
	BO_KEY_ENTER = 13,
	BO_KEY_ESC = 27,
	BO_KEY_BACKSPACE = 127,
	BO_KEY_NAMED = 0x110000,
	BO_KEY_UP,
	BO_KEY_DOWN,
	BO_KEY_LEFT,
	BO_KEY_RIGHT,
	BO_KEY_HOME,
	BO_KEY_END,
	BO_KEY_PGUP,
	BO_KEY_PGDN,
	BO_KEY_DELETE,
	BO_KEY_BTAB, /* Shift-Tab */
	BO_KEY_F1,
	BO_KEY_F2,
	BO_KEY_F5,
	BO_KEY_RESIZE,
	BO_KEY_WHEEL_UP,
	BO_KEY_WHEEL_DOWN,
};

/*
 * The request table: X(name, scope, help, key1, key2). Keys not needed are
 * 0. The `?` screen lists it in this order, grouped by scope. Inside a text
 * field typed characters go to the field first, so letter keys only act
 * outside fields; named and control keys act everywhere.
 */
#define BO_REQUEST_TABLE(X)                                                    \
	X(MOVE_UP, "move", "up one row", BO_KEY_UP, 'k')                       \
	X(MOVE_DOWN, "move", "down one row", BO_KEY_DOWN, 'j')                 \
	X(PAGE_UP, "move", "up one page", BO_KEY_PGUP, BO_KEY_CTRL('B'))       \
	X(PAGE_DOWN, "move", "down one page", BO_KEY_PGDN, BO_KEY_CTRL('F'))   \
	X(HALF_UP, "move", "up half a page", BO_KEY_CTRL('U'), 0)              \
	X(HALF_DOWN, "move", "down half a page (Space: a page)",               \
	  BO_KEY_CTRL('D'), 0)                                                 \
	X(FIRST, "move", "first row", BO_KEY_HOME, 'g')                        \
	X(LAST, "move", "last row", BO_KEY_END, 'G')                           \
	X(ENTER, "move", "open the selected row", BO_KEY_ENTER, 0)             \
	X(BACK, "move", "back, close an overlay, cancel a prompt", BO_KEY_ESC, \
	  0)                                                                   \
	X(CLOSE, "move", "close this screen", 'q', 0)                          \
	X(QUIT, "move", "quit now", 'Q', BO_KEY_CTRL('C'))                     \
	X(SEARCH, "find", "search", '/', 0)                                    \
	X(SEARCH_NEXT, "find", "next match", 'n', 0)                           \
	X(SEARCH_PREV, "find", "previous match", 'N', 0)                       \
	X(FILTER, "find", "change the filter (shown in the status bar)", 'f',  \
	  0)                                                                   \
	X(FILTER_EDIT, "find",                                                 \
	  "filter products: status= category= tag= stock= min= max=",          \
	  'F', 0)                                                              \
	X(SORT_LEFT, "find", "sort by the column to the left", '<', 0)         \
	X(SORT_RIGHT, "find", "sort by the column to the right", '>', 0)       \
	X(SORT_REVERSE, "find", "reverse the sort order", 'I', 0)              \
	X(VIEW_PRODUCTS, "screens", "products", '1', 0)                        \
	X(VIEW_ORDERS, "screens", "orders", '2', 0)                            \
	X(VIEW_DASHBOARD, "screens", "dashboard", '3', 0)                      \
	X(VIEW_PROJECTIONS, "screens", "projections", '4', 0)                  \
	X(VIEW_USERS, "screens", "users (admin)", '5', 0)                      \
	X(HELP, "screens", "this help", '?', BO_KEY_F1)                        \
	X(HINTS, "screens", "show or hide the key hints at the bottom",        \
	  BO_KEY_F2, 0)                                                        \
	X(PROMPT, "screens",                                                   \
	  "command (:products :orders :order N :find TEXT :customer EMAIL "    \
	  ":dashboard :projections :users :alerts :tenant [NAME] :export "     \
	  "FILE :categories "                                                  \
	  ":help :q; short: :p :os :o N :dash :proj)",                         \
	  ':', 0)                                                              \
	X(ALERTS, "screens", "low-stock alerts (from the dashboard)", 'A', 0)  \
	X(CUSTOMER, "screens",                                                 \
	  "the customer of the selected order (:customer EMAIL)", 'C', 0)      \
	X(TENANTS, "screens",                                                  \
	  "switch tenant: the list (:tenant), or :tenant NAME", 'T', 0)        \
	X(RELOAD, "screens", "reload (on Users R changes a role: use F5)",     \
	  'R', BO_KEY_F5)                                                      \
	X(REDRAW, "screens", "redraw the terminal", BO_KEY_CTRL('L'), 0)       \
	X(NEXT_FIELD, "forms", "next field or pane", BO_KEY_TAB, 0)            \
	X(PREV_FIELD, "forms", "previous field or pane", BO_KEY_BTAB, 0)       \
	X(SAVE, "forms", "save the form / export the view as CSV",             \
	  BO_KEY_CTRL('S'), 0)                                                 \
	X(ADD, "actions", "add", 'a', 0)                                       \
	X(EDIT, "actions", "edit", 'e', 0)                                     \
	X(DELETE, "actions", "delete (asks first)", 'd', 0)                    \
	X(RETIRE, "actions", "retire the selected product (asks first)", 'r',  \
	  0)                                                                   \
	X(REFUND, "actions", "refund the order (timeline, asks first)", 0, 0)  \
	X(REVERT, "actions",                                                   \
	  "put back a value from the product's history (asks first)", 0, 0)    \
	X(STOCK, "actions", "adjust the stock with a reason (products)", '+', \
	  0)                                                                   \
	X(MARK, "actions", "mark a product, or unmark it; then down (Space)", \
	  0, 0)                                                                \
	X(MARK_ALL, "actions", "mark every product shown (again: unmark)",     \
	  '*', 0)                                                              \
	X(BULK, "actions", "bulk change of the marked (or selected) products", \
	  'B', 0)                                                              \
	X(UNDO_BULK, "actions", "undo the newest bulk change (products)", 'U', \
	  0)                                                                   \
	X(UNDO, "actions",                                                     \
	  "undo a product's last change (history, asks first)", 'u', 0)        \
	X(HISTORY, "actions",                                                  \
	  "product history: who changed what (form: Ctrl-Y)", 'h',             \
	  BO_KEY_CTRL('Y'))                                                    \
	X(CANCEL, "actions", "cancel the order (timeline, asks first)", 'c',   \
	  0)                                                                   \
	X(CUSTOM_PERIOD, "actions", "a period of your own (dashboard)", 0, 0)  \
	X(ACK, "actions", "acknowledge the selected alert (alerts)", 0, 0)     \
	X(OPEN_ORDER, "actions", "the order that raised the alert (alerts)",   \
	  0, 0)                                                                \
	X(SUMMARY, "actions",                                                  \
	  "the order as it stands in the timeline's lower pane, or the event", \
	  'o', 0)                                                              \
	X(REBUILD, "actions", "rebuild the selected projection (asks first)",  \
	  'b', 0)                                                              \
	X(VERIFY, "actions", "verify the selected projection against the log", \
	  'v', 0)

typedef enum bo_request {
	BO_REQ_NONE = 0,
#define BO_X(name, scope, help, k1, k2) BO_REQ_##name,
	BO_REQUEST_TABLE(BO_X)
#undef BO_X
	    BO_REQ__COUNT
} bo_request;

/*
 * A click of the first mouse button at row y, column x (each below 1024),
 * carried as one key above the named ones.
 */
#define BO_KEY_CLICK_BASE 0x200000
#define BO_KEY_CLICK(y, x) (BO_KEY_CLICK_BASE | ((y) << 10) | (x))
#define BO_KEY_IS_CLICK(k) ((k) >= BO_KEY_CLICK_BASE)
#define BO_CLICK_Y(k) (((k) >> 10) & 0x3ff)
#define BO_CLICK_X(k) ((k)&0x3ff)

/*
 * A key a screen gives a meaning of its own (screen.h keys): a request
 * without a key in the table above, or one whose key the screen takes for
 * something else. Lists end with {0, BO_REQ_NONE}.
 */
typedef struct bo_binding {
	int key;
	bo_request req;
} bo_binding;

/* The request key asks for on a screen with bindings (NULL: none): its
 * own binding first, else the table's. */
bo_request bo_key_request_on(const bo_binding *keys, int key);
/* The key that asks for r on a screen with bindings: its binding first,
 * else the table's first key (0: none). */
int bo_request_key_on(const bo_binding *keys, bo_request r);

/* The request a key asks for under the default bindings; BO_REQ_NONE. */
bo_request bo_key_request(int key);

/* Scope, help text and keys of a request (NULL / 0 when out of range). */
const char *bo_request_scope(bo_request r);
const char *bo_request_help(bo_request r);
int bo_request_key(bo_request r, int which); /* which: 0 or 1 */

/* Writes a key's name ("Up", "Ctrl-S", "q", "Shift-Tab") into buf. */
const char *bo_key_name(char *buf, size_t size, int key);

/* True for a key that types a character into a text field. */
int bo_key_is_text(int key);

#endif
