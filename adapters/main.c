/* The composition root: picks the backend, opens the store, runs a command. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curses.h>
#include <sqlite3.h>

#include "adapters/cli/cli.h"
#include "adapters/cli/cli_config.h"
#include "adapters/cli/progress.h"
#include "adapters/postgres/pg_store.h"
#include "adapters/postgres/pq_api.h"
#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/backends.h"
#include "adapters/sys/config.h"
#include "adapters/sys/store_path.h"
#include "adapters/sys/sys_env.h"
#include "adapters/sys/sys_zone.h"
#include "adapters/sys/tenant_site.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/app_tenants.h"
#include "domain/termtext.h"
#include "domain/text.h"
#include "domain/user.h"
#include "tui/term.h"
#include "tui/tui.h"


/* Where the store lives, and whether the user named it or we chose it. */
typedef struct store_loc {
	const bo_backend *be;
	char *path;  /* the file path or URL the backend opens */
	bool chosen; /* the default location: its directory may be created */
} store_loc;

static char *join(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* The acting user: the one the settings name (--user, BACKOFFICE_USER, the
 * config file), else the login name, else $USER. */
static const char *acting_user(const char *given)
{
	const char *u = given;
	struct passwd *pw;

	if ((!u || !*u) && (pw = getpwuid(geteuid())) && pw->pw_name)
		u = pw->pw_name;
	if (!u || !*u)
		u = getenv("USER");
	return u && *u ? u : NULL;
}


/* The default store: $XDG_DATA_HOME/backoffice or ~/.local/share/backoffice,
 * NAME.db there (the installation's own store is default.db). */
static int default_store(store_loc *out, const char *name, bo_err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	char *dir;

	/* the XDG spec says relative values are to be ignored */
	if (xdg && xdg[0] == '/') {
		dir = join(xdg, "/backoffice", "");
	} else {
		const char *home = bo_sys_home_dir();

		if (!home)
			return bo_err_set(err, BO_EUSAGE,
					  "no home directory to keep the store "
					  "in; pass --db sqlite:PATH");
		dir = join(home, "/.local/share/backoffice", "");
	}
	if (!dir)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	out->path = join(dir, "/", name);
	free(dir);
	if (out->path) {
		char *withext = join(out->path, ".db", "");

		free(out->path);
		out->path = withext;
	}
	if (!out->path)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	out->chosen = true;
	return bo_backend_find(&out->be, BO_BACKEND_SQLITE, err);
}

static int locate_store(store_loc *out, const char *db, const char *name,
			bo_err *err)
{
	bo_store_path sp;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!db)
		return default_store(out, name, err);
	if ((rc = bo_store_path_parse(&sp, db, err)) < 0)
		return rc;
	if ((rc = bo_backend_find(&out->be, sp.kind, err)) < 0) {
		bo_store_path_free(&sp);
		return rc;
	}
	/* taken over: freed with the location */
	if (sp.path) {
		out->path = sp.path;
		sp.path = NULL;
	} else {
		out->path = sp.url;
		sp.url = NULL;
	}
	bo_store_path_free(&sp);
	return 0;
}

/* mkdir -p of the directories above path, each 0700 as XDG asks. */
static int make_parents(const char *path, bo_err *err)
{
	char *dir = strdup(path);
	int rc = 0;

	if (!dir)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			rc = bo_err_set(err, BO_ESTORAGE,
					"cannot create the directory %s: %s",
					dir, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* The store's location as sentences show it: a PostgreSQL URL without its
 * password, terminal-safe. The caller frees it; NULL when out of memory. */
static char *shown_location(const store_loc *loc)
{
	if (loc->be && loc->be->kind == BO_BACKEND_POSTGRES) {
		char *url = bo_pg_shown_url(loc->path);
		char *shown = url ? bo_term_sanitize(url) : NULL;
		free(url);
		return shown;
	}
	return bo_term_sanitize(loc->path);
}

/* Whether --user or BACKOFFICE_USER named the user: where the store maps
 * staff to its database logins (PostgreSQL) the login is the default, not
 * the name of this machine's account. */
static bool user_given;

/* What init puts in the new store before anyone can see it. */
typedef struct init_fill {
	const bo_clock *clock;
	bo_init_options *opt;
	char admin[BO_USER_NAME_MAX + 1];
} init_fill;

static int fill_store(bo_ports *ports, void *ctx, bo_err *err)
{
	init_fill *f = ctx;

	if (ports->login && !user_given) {
		snprintf(f->admin, sizeof(f->admin), "%s", ports->login);
		f->opt->admin = f->admin;
	}
	return bo_app_init_store(ports, f->clock, f->opt, err);
}

/* The store appears complete, settings and admin included, or not at all:
 * the backend's create builds it aside (SQLite: then links it into place). */
static int run_init(const bo_cli_args *a, const store_loc *loc,
		    const char *tenant, const char *user, bo_err *err)
{
	const char *currency = bo_cli_option(a, "--currency");
	const char *zone = bo_cli_option(a, "--time-zone");
	bo_init_options opt = {tenant, currency, user, zone};
	bo_clock clock = bo_sys_clock();
	init_fill fill = {&clock, &opt, ""};
	bo_currency cur;
	char *shown;
	int rc;

	/* refuse bad values before a file is created for them */
	rc = bo_currency_lookup(&cur, currency ? currency : "EUR", err);
	if (rc == 0 && zone)
		rc = bo_sys_time_zone_check(zone, err);
	if (rc == 0)
		rc = bo_user_validate_name(user, err);
	if (rc == 0 && loc->chosen)
		rc = make_parents(loc->path, err);
	if (rc == 0)
		rc = loc->be->create(loc->path, fill_store, &fill, err);
	if (rc < 0)
		return rc;
	shown = shown_location(loc);
	printf("initialised %s for tenant %s (%s); admin: %s\n",
	       shown ? shown : "the store", tenant, cur.code, opt.admin);
	free(shown);
	return 0;
}

/* A read model built by another version of its projector is rebuilt before
 * anything reads it, with the progress bar on a terminal (none when quiet:
 * the TUI has the terminal). */
static int check_projections(bo_app *app, bool quiet, bo_err *err)
{
	bo_progress bar;
	int rebuilt = 0, rc;

	if (quiet)
		bo_progress_init_on(&bar, stderr, 0, NULL);
	else
		bo_progress_init(&bar, NULL);
	rc = bo_app_projections_check(app, bo_progress_replay, &bar, &rebuilt,
				      err);
	bo_progress_end(&bar);
	return rc;
}

typedef struct stale_ctx {
	int64_t found;
} stale_ctx;

static int note_stale(void *ctx, const bo_projector_status *s)
{
	stale_ctx *n = ctx;

	/* never built over an empty log: nothing to be wrong about */
	if (s->stored_version == s->code_version ||
	    (s->stored_version == 0 && s->head == 0))
		return 0;
	n->found++;
	fprintf(stderr,
		"backoffice: note: projector %s needs a rebuild (its read "
		"model is shown as it is); run: backoffice projections "
		"rebuild\n",
		s->name);
	return 0;
}

/* A read command never writes, not even upkeep: a read model built by
 * another version of its projector is read as it is, with a note saying
 * it is stale (the next write command or `projections` command rebuilds
 * it). */
static int check_projections_for_read(bo_app *app, bo_err *err)
{
	stale_ctx n = {0};

	return bo_app_projections_status(app, note_stale, &n, err);
}

/* No command on a terminal opens the TUI; --no-mouse (parsed as
 * bo_cli_args.no_mouse) or BACKOFFICE_MOUSE=0 leaves the mouse to the
 * terminal (for selecting text). */
static bool open_tui;
/* the user's settings: the config file, the environment, the options */
static bo_config cfg;

/* `projections status|verify` read, but are upkeep's own commands: they
 * see the model after the start-up rebuild, as the others of the group. */
static bool projections_command(const bo_cli_args *a)
{
	const char *name = bo_cli_command_name(a);

	return name && strncmp(name, "projections", 11) == 0;
}

/* Opens the store at where; BO_ENOTFOUND says how to make one (init, or
 * tenant create for a tenant's). */
static int open_at(const bo_backend *be, const char *where, const char *tenant,
		   bo_ports *ports, bo_err *err)
{
	int rc = be->open(ports, where, err);

	if (rc == BO_ENOTFOUND) {
		store_loc at = {be, (char *)where, false};
		char *shown = shown_location(&at);

		if (tenant)
			rc = bo_err_set(err, BO_ENOTFOUND,
					"no store for tenant %s at %s; create "
					"it with: backoffice tenant create %s",
					tenant, shown ? shown : "its location",
					tenant);
		else
			rc = bo_err_set(err, BO_ENOTFOUND,
					"no store at %s; create it with: "
					"backoffice init",
					shown ? shown : "the --db location");
		free(shown);
	}
	return rc;
}

/*
 * On PostgreSQL a tenant's staff belong to the tenant's own groups, which
 * may not read the installation's schema (nor its registry): when the
 * database refuses this login the installation's store, the tenant's store
 * is opened where tenant create puts it (schema tenant_NAME of the same
 * database), and the caller's check that the store belongs to the tenant
 * named still applies. The database decides whether the login may read it.
 */
static int open_unlisted(bo_sys_tenant_site *site, const char *tenant,
			 bo_ports *ports, bo_err *err)
{
	bo_tenant t = {0};
	const bo_backend *be;
	char *where = NULL;
	int rc;

	t.name = (char *)tenant;
	rc = site->site.ops->place(site->site.self, &t, err);
	if (rc == 0)
		rc = bo_sys_tenant_where(site, &t, &be, &where, err);
	if (rc == 0)
		rc = open_at(be, where, tenant, ports, err);
	free(where);
	free(t.backend);
	free(t.location);
	return rc;
}

/*
 * Opens the store of the selected tenant (NULL: the installation's own,
 * loc). A tenant is the installation's own when its store says so, else
 * the one its registry names; in the data directory, where nothing was
 * named, also a store of its own beside (NAME.db, made by `init --tenant
 * NAME`). Anything else is BO_ENOTFOUND: no data of any other store is
 * read on the way.
 */
static int open_selected(bo_ports *ports, const store_loc *loc,
			 const char *tenant, bo_err *err)
{
	bo_sys_tenant_site site;
	bo_clock clock = bo_sys_clock();
	const bo_backend *be;
	bo_tenant t = {0};
	char *own = NULL, *where = NULL;
	int rc;

	bo_sys_tenant_site_init(&site, loc->be, loc->path, &clock);
	rc = open_at(loc->be, loc->path, NULL, ports, err);
	if (tenant && rc == BO_EPERM && loc->be->kind == BO_BACKEND_POSTGRES)
		return open_unlisted(&site, tenant, ports, err);
	if (!tenant || (rc < 0 && !(rc == BO_ENOTFOUND && loc->chosen)))
		return rc;
	if (rc == 0) {
		rc = bo_store_setting_get(&ports->store, BO_SETTING_TENANT,
					  &own, err);
		if (rc == 0 && strcmp(own, tenant) == 0) {
			free(own);
			return 0;
		}
		if (rc == 0)
			rc =
			    bo_tenant_dir_get(&ports->tenants, tenant, &t, err);
		if (rc == 0)
			rc = bo_sys_tenant_where(&site, &t, &be, &where, err);
		bo_ports_close(ports);
		if (rc == 0) {
			rc = open_at(be, where, tenant, ports, err);
			if (rc == BO_ENOTFOUND)
				rc = bo_err_set(
				    err, BO_ESTORAGE,
				    "tenant %s is registered, but its "
				    "store is gone from %s",
				    tenant, t.location);
			goto done;
		}
		if (rc != BO_ENOTFOUND)
			goto done;
	}
	if (!loc->chosen) {
		char *shown = shown_location(loc);

		rc = bo_err_set(err, BO_ENOTFOUND,
				"the store at %s belongs to tenant %s and "
				"registers no tenant %s; create it with: "
				"backoffice tenant create %s",
				shown ? shown : "--db", own ? own : "(none)",
				tenant, tenant);
		free(shown);
		goto done;
	}
	if (!(where = bo_sys_tenant_beside(&site, tenant)))
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	else
		rc = open_at(loc->be, where, tenant, ports, err);
done:
	free(own);
	free(where);
	bo_tenant_clear(&t);
	return rc;
}

/* `tenant create|list` manage the installation: they act on its own store,
 * whichever tenant --tenant or BACKOFFICE_TENANT selects. */
static bool tenant_command(const bo_cli_args *a)
{
	return a->cmd && a->group && strcmp(a->group, "tenant") == 0;
}

/* One tenant open: its store, the services over it, its business time
 * zone. On the heap: the app points at the ports, the ports at the zone. */
typedef struct session {
	bo_ports ports;
	bo_app app;
	bo_sys_zone zone;
} session;

static void close_session(session *s)
{
	if (!s)
		return;
	bo_app_close(&s->app);
	bo_sys_zone_close(&s->zone);
	bo_ports_close(&s->ports);
	free(s);
}

/*
 * Opens tenant's store (NULL: the installation's own) for user, as
 * --tenant NAME does: the store the registry names, the services with the
 * user's role (BO_EPERM when not registered there), the zone. The
 * projections are the caller's to check.
 */
static int open_session(session **out, const store_loc *loc, const char *tenant,
			const char *user, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	session *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if ((rc = open_selected(&s->ports, loc, tenant, err)) < 0) {
		free(s);
		return rc;
	}
	rc = bo_app_open(&s->app, &s->ports, &clock, &ids,
			 s->ports.login && !user_given ? NULL : user, err);
	if (rc < 0) {
		bo_ports_close(&s->ports);
		free(s);
		return rc;
	}
	/* a store of its own in the data directory, renamed or copied */
	if (tenant && strcmp(s->app.tenant, tenant) != 0)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"the store of tenant %s belongs to tenant %s",
				tenant, s->app.tenant);
	/* before any projector runs: the reports count the zone's days */
	if (rc == 0 &&
	    (rc = bo_sys_zone_open(&s->zone, s->app.time_zone, err)) == 0)
		s->ports.zone = &s->zone.zone;
	if (rc < 0) {
		close_session(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* The picker's tenants: the installation's registry, read with the user's
 * rights there (only its admins list tenants). */
typedef struct tenant_source {
	const store_loc *loc;
	const char *user;
} tenant_source;

typedef struct tenant_rows {
	bo_tenant *rows;
	size_t n, cap;
} tenant_rows;

static int collect_tenant(void *ctx, const bo_tenant *t)
{
	tenant_rows *r = ctx;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		bo_tenant *grown = realloc(r->rows, cap * sizeof(*grown));

		if (!grown)
			return BO_ENOMEM;
		r->rows = grown;
		r->cap = cap;
	}
	if (bo_tenant_copy(&r->rows[r->n], t, NULL) < 0)
		return BO_ENOMEM;
	r->n++;
	return 0;
}

static int list_tenants(void *self, bo_tenant **out, size_t *n, bo_err *err)
{
	tenant_source *src = self;
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	tenant_rows r = {0};
	bo_ports ports;
	bo_app app;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = open_selected(&ports, src->loc, NULL, err)) < 0)
		return rc;
	rc = bo_app_open(&app, &ports, &clock, &ids,
			 ports.login && !user_given ? NULL : src->user, err);
	if (rc == 0) {
		rc = bo_app_tenant_list(&app, collect_tenant, &r, err);
		if (rc == BO_ENOMEM)
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory listing tenants");
		bo_app_close(&app);
	}
	bo_ports_close(&ports);
	if (rc < 0) {
		for (size_t i = 0; i < r.n; i++)
			bo_tenant_clear(&r.rows[i]);
		free(r.rows);
		return rc;
	}
	*out = r.rows;
	*n = r.n;
	return 0;
}

/*
 * Opens the tenant the TUI asked for, as --tenant NAME would: *cur becomes
 * it, the old one closed, when it opens; otherwise *cur stays and note
 * says why in one line.
 */
static void switch_session(session **cur, const store_loc *loc,
			   const char *name, const char *user, char *note,
			   size_t size, bo_style *role)
{
	session *next = NULL;
	bo_err why;
	int rc;

	bo_err_clear(&why);
	rc = open_session(&next, loc, name, user, &why);
	if (rc == 0 && (rc = check_projections(&next->app, true, &why)) < 0)
		close_session(next);
	*role = BO_STYLE_ERROR;
	if (rc == BO_EPERM)
		snprintf(note, size,
			 "cannot switch to tenant %s: %s may not enter it; "
			 "still in %s",
			 name, (*cur)->app.user, (*cur)->app.tenant);
	else if (rc == BO_ENOTFOUND)
		snprintf(note, size,
			 "cannot switch to tenant %s: the installation has no "
			 "such tenant; still in %s",
			 name, (*cur)->app.tenant);
	else if (rc < 0)
		snprintf(note, size, "cannot switch to tenant %s: %s", name,
			 why.msg[0] ? why.msg : bo_status_text(why.code));
	if (rc < 0)
		return;
	close_session(*cur);
	*cur = next;
	*role = BO_STYLE_OK;
	snprintf(note, size, "switched to tenant %s", name);
}

/* The TUI on *cur, then on each tenant it asks for, in one terminal. */
static int run_tui(session **cur, const store_loc *loc, const char *user,
		   bo_err *err)
{
	bo_term_options topt = {
	    .mouse = bo_config_on(&cfg, BO_CFG_MOUSE, true),
	    .theme = !cfg.value[BO_CFG_THEME] ? BO_THEME_AUTO
		     : strcmp(cfg.value[BO_CFG_THEME], "color") == 0
			 ? BO_THEME_COLOR
		     : strcmp(cfg.value[BO_CFG_THEME], "mono") == 0
			 ? BO_THEME_MONO
			 : BO_THEME_AUTO};
	tenant_source src = {loc, user};
	bo_tui_options opt = {0};
	bo_style role = BO_STYLE_NORMAL;
	char note[600] = "";
	bo_term *term;
	int rc;

	if ((rc = bo_term_open(&term, &topt, err)) < 0)
		return rc;
	opt.unicode = bo_term_unicode(term);
	/* the terminal set the user's locale: money in the tables takes its
	 * thousands separator (none in the C locale) */
	opt.thousands = localeconv()->thousands_sep;
	opt.tenants = list_tenants;
	opt.tenants_self = &src;
	opt.hints_off = !bo_config_on(&cfg, BO_CFG_HINTS, true);
	opt.utc_times = cfg.value[BO_CFG_TIME] &&
			strcmp(cfg.value[BO_CFG_TIME], "utc") == 0;
	for (;;) {
		bo_tui_io io = bo_term_io(term);
		char *name = NULL;
		bo_tui *tui;

		if ((rc = bo_tui_new(&tui, &(*cur)->app, &opt, err)) < 0)
			break;
		if (note[0])
			bo_tui_message(tui, role, "%s", note);
		rc = bo_tui_run(tui, &io);
		if (rc == BO_TUI_SWITCH &&
		    !(name = strdup(bo_tui_switch_request(tui))))
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
		bo_tui_free(tui);
		if (rc != BO_TUI_SWITCH)
			break;
		switch_session(cur, loc, name, user, note, sizeof(note), &role);
		free(name);
	}
	bo_term_close(term);
	return rc;
}

static int run_command(const bo_cli_args *a, const store_loc *loc,
		       const char *tenant, const char *user, bo_err *err)
{
	bo_clock clock = bo_sys_clock();
	bo_sys_tenant_site site = {0};
	bo_cli_args run = *a;
	session *s;
	int rc;

	if (tenant_command(a))
		tenant = NULL;
	if ((rc = open_session(&s, loc, tenant, user, err)) < 0)
		return rc;
	bo_sys_tenant_site_init(&site, loc->be, loc->path, &clock);
	run.tenant_site = &site.site;
	a = &run;
	if (!open_tui && bo_cli_reads_only(a) && !projections_command(a))
		rc = check_projections_for_read(&s->app, err);
	else
		rc = check_projections(&s->app, false, err);
	if (rc < 0)
		goto done;
	if (open_tui)
		rc = run_tui(&s, loc, user, err);
	else
		rc = bo_cli_run(&s->app, a, stdout, err);
done:
	close_session(s);
	bo_sys_tenant_site_done(&site);
	return rc;
}

/*
 * Opens /dev/null on each of fd 0, 1 and 2 that is closed, so that no store
 * or other file opened later lands there and gets our output written into
 * it. Returns true when standard output was closed: whatever the command
 * prints is lost, which the end of main() treats as an output failure.
 */
static bool fill_standard_fds(void)
{
	bool out_closed = false;

	for (int fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (fd == STDOUT_FILENO)
			out_closed = true;
		/* the lowest free descriptor: fd itself */
		got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got >= 0 && got != fd)
			close(got); /* cannot happen: fd was the lowest free */
		if (got != fd)
			_exit(bo_status_exit(BO_ESTORAGE));
	}
	return out_closed;
}

/*
 * The end of every run: standard output is flushed and judged. When it
 * could not be written (or was closed), a command whose change was
 * committed still exits 0, with a warning on stderr, so a script never
 * repeats it; anything else fails with BO_ESTORAGE as a lost read would.
 */
static int finish_output(int rc, bool out_closed, bool committed, bo_err *err)
{
	const char *why = NULL;
	int e = 0;

	errno = 0;
	if (fflush(stdout) != 0)
		e = errno;
	if (out_closed)
		why = "standard output is closed";
	else if (e)
		why = strerror(e);
	else if (ferror(stdout))
		why = "a write failed";
	if (!why || rc < 0)
		return rc;
	if (committed) {
		fprintf(stderr,
			"backoffice: warning: the command was saved, but its "
			"result could not be written to standard output: %s\n",
			why);
		return 0;
	}
	return bo_err_set(err, BO_ESTORAGE,
			  "cannot write to standard output: %s", why);
}

/* --version, -V: this build and the libraries it runs with. libpq is
 * loaded for it (the only use of libpq outside a PostgreSQL store); where
 * it cannot be, the line says so in its place. */
static void print_version(void)
{
	char pq[32] = "libpq not available";
	bo_err ignored;

	if (bo_pq_load(&ignored) == 0) {
		int v = PQlibVersion();
		snprintf(pq, sizeof pq, "libpq %d.%d", v / 10000, v % 10000);
	}
	printf("backoffice %s (git %s)\n", BO_VERSION, bo_build_revision);
	printf("SQLite %s, %s, %s, cJSON %s\n", sqlite3_libversion(), pq,
	       curses_version(), cJSON_Version());
}

/* config show: the settings in effect, without opening a store. */
static int show_config(const bo_cli_args *a, const char *user, bo_err *err)
{
	store_loc def = {0};
	bo_err ignored;
	char *login = NULL;
	const char *defaults[BO_CFG__COUNT] = {
	    [BO_CFG_THEME] = "auto", [BO_CFG_MOUSE] = "on",
	    [BO_CFG_HINTS] = "on",   [BO_CFG_TIME] = "store"};
	int rc;

	bo_err_clear(&ignored);
	/* where the store is when nothing names one; who you are when
	 * nothing says (the login name) */
	if (default_store(&def, "default", &ignored) == 0)
		defaults[BO_CFG_DB] = def.path;
	if (!cfg.value[BO_CFG_USER] && !(login = strdup(user))) {
		free(def.path);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	defaults[BO_CFG_USER] = login;
	rc = bo_cli_config_show(stdout, a->fmt, &cfg, defaults, err);
	free(def.path);
	free(login);
	return rc;
}

int main(int argc, char **argv)
{
	bo_cli_args a;
	store_loc loc = {0};
	const char *tenant, *user, *db, *cmd = NULL;
	bool init = false;
	bool out_closed = fill_standard_fds();
	int committed = 0;
	bo_err err;
	int rc;

	bo_err_clear(&err);
	rc = bo_cli_parse(&a, argc, argv, &err);
	a.committed = &committed;
	if (rc < 0)
		goto done;
	/* no command: the TUI on a terminal, the help anywhere else */
	if (!a.help && !a.cmd && !a.group && !a.version &&
	    isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		open_tui = true;
	} else if (a.help || (!a.cmd && !a.group && !a.version)) {
		bo_cli_help(stdout, &a);
		goto done;
	}
	if (a.version) {
		print_version();
		goto done;
	}
	/* each setting from the strongest source: option, environment,
	 * config file */
	if ((rc = bo_config_load(&cfg, &err)) < 0 ||
	    (a.db && (rc = bo_config_set_option(&cfg, BO_CFG_DB, a.db, &err)) <
			 0) ||
	    (a.tenant && (rc = bo_config_set_option(&cfg, BO_CFG_TENANT,
						    a.tenant, &err)) < 0) ||
	    (a.user && *a.user &&
	     (rc = bo_config_set_option(&cfg, BO_CFG_USER, a.user, &err)) <
		 0) ||
	    (a.no_mouse && (rc = bo_config_set_option(&cfg, BO_CFG_MOUSE, "off",
						      &err)) < 0))
		goto done;
	/* the tenant selected: --tenant, BACKOFFICE_TENANT, the file, else
	 * the installation's own (NULL) */
	tenant = cfg.value[BO_CFG_TENANT];
	if (tenant && bo_tenant_validate(tenant, &err) < 0) {
		bo_err why = err;

		rc = bo_err_set(&err, BO_EINVAL,
				"--tenant (or BACKOFFICE_TENANT): %s", why.msg);
		goto done;
	}
	user_given = cfg.value[BO_CFG_USER] != NULL;
	user = acting_user(cfg.value[BO_CFG_USER]);
	if (!user) {
		rc = bo_err_set(&err, BO_EUSAGE,
				"cannot tell who you are; pass --user NAME");
		goto done;
	}
	/* a name no store can hold is refused, never looked up: "admin" and
	 * "admin" with a zero-width space after it must not meet */
	if (bo_user_validate_name(user, &err) < 0) {
		bo_err why = err;

		rc = bo_err_set(&err, BO_EINVAL,
				"--user (or BACKOFFICE_USER): %s", why.msg);
		goto done;
	}
	db = cfg.value[BO_CFG_DB];
	if ((cmd = bo_cli_command_name(&a)) &&
	    strcmp(cmd, "config show") == 0) {
		rc = show_config(&a, user, &err);
		goto done;
	}
	init = cmd && strcmp(cmd, "init") == 0;
	/* init makes the store of the tenant named (in the data directory:
	 * NAME.db, a store of its own); the rest start from the
	 * installation's store */
	rc = locate_store(&loc, db, init && tenant ? tenant : "default", &err);
	if (rc < 0)
		goto done;
	if (init)
		rc =
		    run_init(&a, &loc, tenant ? tenant : "default", user, &err);
	else
		rc = run_command(&a, &loc, tenant, user, &err);
done:
	/* init prints after its one transaction committed */
	if (rc == 0 && init)
		committed = 1;
	rc = finish_output(rc, out_closed, committed, &err);
	if (rc < 0)
		bo_cli_report(stderr, &err);
	free(loc.path);
	bo_config_free(&cfg);
	bo_cli_args_free(&a);
	return bo_status_exit(rc);
}
