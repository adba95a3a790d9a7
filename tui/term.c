/* ncursesw behind bo_tui_io: changed cells out, keys in, signals and restore. */
#define NCURSES_WIDECHAR 1
#include "tui/term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "tui/keys.h"
#include "tui/scheme.h"

struct bo_term {
	SCREEN *screen;
	bool unicode;
	bool color;
	bool mouse;
	bo_canvas *shown; /* what the terminal shows now */
};

/* ---- signals ----------------------------------------------------------------- */

static volatile sig_atomic_t stop_requested;
/* What a fatal-signal handler writes: prepared before, since a handler may
 * only call async-signal-safe functions. */
static char restore_seq[256];
static size_t restore_len;
static struct termios saved_tty;
static bool have_tty;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static struct sigaction old_stop[3], old_fatal[5];

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_fatal(int sig)
{
	ssize_t rc;

	if (restore_len)
		rc = write(STDOUT_FILENO, restore_seq, restore_len);
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	(void)rc;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void install_handlers(bool mouse)
{
	struct sigaction sa;

	restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmcup");
	if (mouse) {
		static const char off[] = "\033[?1000l\033[?1002l\033[?1006l";

		if (restore_len + sizeof(off) - 1 < sizeof(restore_seq)) {
			memcpy(restore_seq + restore_len, off, sizeof(off) - 1);
			restore_len += sizeof(off) - 1;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (size_t i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &old_stop[i]);
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < 5; i++)
		sigaction(fatal_signals[i], &sa, &old_fatal[i]);
}

static void remove_handlers(void)
{
	for (size_t i = 0; i < 3; i++)
		sigaction(stop_signals[i], &old_stop[i], NULL);
	for (size_t i = 0; i < 5; i++)
		sigaction(fatal_signals[i], &old_fatal[i], NULL);
	restore_len = 0;
}

/* ---- set-up ------------------------------------------------------------------ */

static short curses_color(bo_color c)
{
	static const short map[] = {COLOR_BLACK,  COLOR_RED,  COLOR_GREEN,
				    COLOR_YELLOW, COLOR_BLUE, COLOR_MAGENTA,
				    COLOR_CYAN,   COLOR_WHITE};

	return c == BO_COLOR_DEFAULT ? -1 : map[c];
}

static void init_pairs(bo_term *t)
{
	for (int s = 0; s < BO_STYLE__COUNT; s++) {
		const bo_look *l = bo_scheme_look(true, (bo_style)s);

		init_pair((short)(s + 1), curses_color(l->fg),
			  curses_color(l->bg));
	}
	(void)t;
}

int bo_term_open(bo_term **out, const bo_term_options *opt, bo_err *err)
{
	bo_term *t = calloc(1, sizeof(*t));
	const char *no_color = getenv("NO_COLOR");
	const char *codeset;

	*out = NULL;
	if (!t)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	t->unicode = codeset && (strcmp(codeset, "UTF-8") == 0 ||
				 strcmp(codeset, "utf8") == 0);
	t->mouse = opt && opt->mouse;
	have_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	t->screen = newterm(NULL, stdout, stdin);
	if (!t->screen) {
		free(t);
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot use this terminal (TERM=%s)",
				  getenv("TERM") ? getenv("TERM") : "");
	}
	set_term(t->screen);
	stop_requested = 0;
	raw(); /* Ctrl-C, Ctrl-S and Ctrl-Q arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	t->color = has_colors() &&
		   (opt && opt->theme == BO_THEME_COLOR
			? true
			: !(opt && opt->theme == BO_THEME_MONO) &&
			      !(no_color && *no_color));
	if (t->color && start_color() == OK) {
		use_default_colors();
		init_pairs(t);
	} else {
		t->color = false;
	}
	if (t->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
	install_handlers(t->mouse);
	t->shown = bo_canvas_new(LINES, COLS, t->unicode);
	if (!t->shown) {
		bo_term_close(t);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	*out = t;
	return BO_OK;
}

void bo_term_close(bo_term *t)
{
	if (!t)
		return;
	if (t->mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(t->screen);
	remove_handlers();
	bo_canvas_free(t->shown);
	free(t);
}

bool bo_term_unicode(const bo_term *t)
{
	return t->unicode;
}

bool bo_term_color(const bo_term *t)
{
	return t->color;
}

/* ---- output ------------------------------------------------------------------ */

static attr_t attrs_of(const bo_term *t, bo_style s)
{
	const bo_look *l = bo_scheme_look(t->color, s);
	attr_t a = A_NORMAL;

	if (l->attrs & BO_ATTR_BOLD)
		a |= A_BOLD;
	if (l->attrs & BO_ATTR_REVERSE)
		a |= A_REVERSE;
	if (l->attrs & BO_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (l->attrs & BO_ATTR_DIM)
		a |= A_DIM;
	if (t->color)
		a |= COLOR_PAIR(s + 1);
	return a;
}

static bool same(const bo_cell *a, const bo_cell *b)
{
	return a->role == b->role && a->wide_right == b->wide_right &&
	       strcmp(a->text, b->text) == 0;
}

static void present(void *self, const bo_canvas *c, bool full)
{
	bo_term *t = self;

	if (t->shown->rows != c->rows || t->shown->cols != c->cols) {
		bo_canvas_resize(t->shown, c->rows, c->cols);
		full = true;
	}
	if (full) {
		clearok(curscr, TRUE);
		erase();
	}
	for (int y = 0; y < c->rows && y < LINES; y++) {
		for (int x = 0; x < c->cols && x < COLS; x++) {
			const bo_cell *cell = bo_canvas_cell(c, y, x);
			bo_cell *was =
			    (bo_cell *)bo_canvas_cell(t->shown, y, x);

			if (!full && same(cell, was))
				continue;
			*was = *cell;
			if (cell->wide_right)
				continue;
			attrset(attrs_of(t, (bo_style)cell->role));
			/* cell text is sanitised by the canvas: no controls */
			mvaddstr(y, x, cell->text[0] ? cell->text : " ");
		}
	}
	attrset(A_NORMAL);
	if (c->cursor_y >= 0) {
		move(c->cursor_y, c->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- input ------------------------------------------------------------------- */

static int translate(int code)
{
	switch (code) {
	case KEY_UP:
		return BO_KEY_UP;
	case KEY_DOWN:
		return BO_KEY_DOWN;
	case KEY_LEFT:
		return BO_KEY_LEFT;
	case KEY_RIGHT:
		return BO_KEY_RIGHT;
	case KEY_HOME:
		return BO_KEY_HOME;
	case KEY_END:
		return BO_KEY_END;
	case KEY_PPAGE:
		return BO_KEY_PGUP;
	case KEY_NPAGE:
		return BO_KEY_PGDN;
	case KEY_DC:
		return BO_KEY_DELETE;
	case KEY_BTAB:
		return BO_KEY_BTAB;
	case KEY_BACKSPACE:
		return BO_KEY_BACKSPACE;
	case KEY_ENTER:
		return BO_KEY_ENTER;
	case KEY_RESIZE:
		return BO_KEY_RESIZE;
	default:
		if (code == KEY_F(1))
			return BO_KEY_F1;
		if (code == KEY_F(2))
			return BO_KEY_F2;
		if (code == KEY_F(5))
			return BO_KEY_F5;
		return BO_KEY_NONE;
	}
}

static int read_key(void *self, int timeout_ms, int *key)
{
	bo_term *t = self;
	wint_t ch;
	int rc;

	*key = BO_KEY_NONE;
	if (stop_requested)
		return -1;
	timeout(timeout_ms);
	rc = get_wch(&ch);
	if (stop_requested)
		return -1;
	if (rc == ERR)
		return 1;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_MOUSE) {
			MEVENT ev;

			if (!t->mouse || getmouse(&ev) != OK)
				return 1;
			if (ev.bstate & BUTTON4_PRESSED)
				*key = BO_KEY_WHEEL_UP;
			else if (ev.bstate & BUTTON5_PRESSED)
				*key = BO_KEY_WHEEL_DOWN;
			else if ((ev.bstate & BUTTON1_CLICKED) && ev.y >= 0 &&
				 ev.x >= 0 && ev.y < 1024 && ev.x < 1024)
				*key = BO_KEY_CLICK(ev.y, ev.x);
			return *key ? 0 : 1;
		}
		*key = translate((int)ch);
		return *key ? 0 : 1;
	}
	if (ch == '\r' || ch == '\n')
		*key = BO_KEY_ENTER;
	else if (ch == 127 || ch == 8)
		*key = BO_KEY_BACKSPACE;
	else
		*key = (int)ch;
	return 0;
}

/* The keyboard and the store's descriptor in one poll(): a key that
 * ncurses already holds (typed ahead, the rest of an escape sequence) comes
 * first, then whichever of the two turns readable. A signal (a resize, a
 * stop) cuts the wait short and is answered as read_key answers it. */
static int wait_key(void *self, int timeout_ms, int fd, int *key)
{
	struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {fd, POLLIN, 0}};
	int rc = read_key(self, 0, key), n;

	if (rc != 1)
		return rc;
	n = poll(p, 2, timeout_ms);
	if (stop_requested)
		return -1;
	if (n < 0)
		return errno == EINTR ? read_key(self, 0, key) : 1;
	if (n == 0)
		return 1;
	if (p[0].revents) {
		rc = read_key(self, 0, key);
		if (rc != 1)
			return rc;
		/* readable with no key and hung up: the input has ended */
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return -1;
	}
	return p[1].revents ? 2 : 1;
}

static void size(void *self, int *rows, int *cols)
{
	(void)self;
	*rows = LINES;
	*cols = COLS;
}

bo_tui_io bo_term_io(bo_term *t)
{
	return (bo_tui_io){read_key, size, present, t, wait_key};
}
