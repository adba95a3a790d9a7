/* The PostgreSQL backend: opening and creating stores, migrations, transactions, settings, sequences. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"
#include "adapters/postgres/pg_conn.h"
#include "adapters/postgres/pg_internal.h"
#include "adapters/postgres/pg_migrations.h"
#include "adapters/postgres/pg_store.h"

/* The first key of the store's advisory lock ("BOFF"); the second is the
 * hash of the schema name, so the lock exists before the schema does (create
 * takes it too) and two stores of one database do not wait for each other
 * (barring a hash collision, which only serialises them). */
#define BO_PG_LOCK_SQL "SELECT pg_advisory_xact_lock(1112493638, hashtext($1))"

/* ---- transactions ------------------------------------------------------------ */

static void drop_hooks(bo_pg *c)
{
	for (int i = 0; i < BO_PG_HOOKS; i++) {
		bo_pg_hook h = c->hooks[i];
		c->hooks[i] = (bo_pg_hook){0};
		if (h.drop)
			h.drop(c);
	}
}

/* Ends the outermost transaction unsaved, whatever state it is in. */
static void abort_tx(bo_pg *c)
{
	PGresult *r = bo_pg_exec_simple(c, "ROLLBACK");
	PQclear(r);
	c->depth = 0;
	c->wrote = false;
	c->doomed = false;
	drop_hooks(c);
}

static int pg_begin(void *self, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if (c->depth > 0 && c->flat) {
		c->depth++;
		return 0;
	}
	if (c->depth > 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "SAVEPOINT bo_l%d", c->depth + 1);
		if ((rc = bo_pg_exec(c, sql, "opening an inner transaction",
				     err)) < 0)
			return rc;
		c->depth++;
		return 0;
	}
	/* BEGIN, the lock's timeout and the lock in one round trip */
	bo_pg_args ta = {0}, la = {0};
	char ms[24];
	snprintf(ms, sizeof ms, "%dms", c->lock_timeout_ms);
	bo_pg_arg_text(&ta, ms);
	bo_pg_arg_text(&la, c->schema);
	const bo_pg_stmt open[] = {
	    {"BEGIN", NULL, "beginning a transaction"},
	    {"SELECT set_config('lock_timeout', $1, true)", &ta,
	     "beginning a transaction"},
	    {BO_PG_LOCK_SQL, &la, "waiting for the store's write lock"},
	};
	c->depth = 1;
	c->wrote = false;
	c->doomed = false;
	rc = bo_pg_run_together(c, open, c->unserialised ? 2 : 3, NULL, err);
	if (rc < 0)
		abort_tx(c);
	return rc;
}

static int pg_commit(void *self, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if (c->depth == 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "there is no transaction to commit");
	if (c->depth > 1 && c->flat) {
		c->depth--;
		return 0;
	}
	if (c->depth == 1 && c->doomed) {
		abort_tx(c);
		return bo_err_set(err, BO_ESTORAGE,
				  "a step of the transaction failed and could "
				  "not be undone alone; nothing was saved");
	}
	if (c->depth > 1) {
		char sql[64];
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT bo_l%d", c->depth);
		rc = bo_pg_exec(c, sql, "committing an inner transaction", err);
		if (rc < 0) {
			bo_err spare;
			snprintf(sql, sizeof sql,
				 "ROLLBACK TO SAVEPOINT bo_l%d", c->depth);
			(void)bo_pg_exec(c, sql, "rolling back", &spare);
			snprintf(sql, sizeof sql, "RELEASE SAVEPOINT bo_l%d",
				 c->depth);
			(void)bo_pg_exec(c, sql, "rolling back", &spare);
		}
		c->depth--;
		return rc;
	}
	for (int i = 0; i < BO_PG_HOOKS; i++) {
		if (c->hooks[i].flush && (rc = c->hooks[i].flush(c, err)) < 0) {
			abort_tx(c);
			return rc;
		}
	}
	/* A transaction that wrote (it was given a transaction id, or a port
	 * said so) raises the store's change counter, which data_version
	 * reads, and notifies the LISTENers, which then wake at commit
	 * (bo_pg_socket). Both in one round trip; under the lock. */
	/* A transaction that only read (a manager's, say) leaves the counter
	 * alone: the bump below would need UPDATE on backoffice_meta even
	 * when it changes no row, and read-only logins have none. */
	bool wrote = c->wrote;
	if (!wrote) {
		PGresult *w;
		if ((rc = bo_pg_run(c, PG_NO_SLOT,
				    "SELECT pg_current_xact_id_if_assigned() "
				    "IS NOT NULL",
				    NULL, &w, "committing", err)) < 0) {
			abort_tx(c);
			return rc;
		}
		wrote = PQgetvalue(w, 0, 0)[0] == 't';
		PQclear(w);
	}
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, c->schema);
	bo_pg_arg_text(&a, c->wrote ? "t" : "f");
	/* The bump (when the transaction wrote) and COMMIT go together: one
	 * round trip. A COMMIT whose answer was lost with the connection may
	 * still have been carried out: say so; a command id looked up after
	 * reconnecting is what settles it (store.h). */
	const bo_pg_stmt close[] = {
	    {"WITH bump AS (UPDATE @.backoffice_meta SET value = "
	     "(value::bigint + 1)::text WHERE key = 'changes' AND "
	     "(pg_current_xact_id_if_assigned() IS NOT NULL OR "
	     "$2::boolean) RETURNING 1) SELECT pg_notify('backoffice', "
	     "$1) FROM bump",
	     &a, "committing"},
	    {"COMMIT", NULL, "committing"},
	};
	PGresult *r = NULL;
	rc = bo_pg_run_together(c, wrote ? close : close + 1, wrote ? 2 : 1, &r,
				err);
	if (rc < 0) {
		if (PQstatus(c->conn) != CONNECTION_OK)
			rc = bo_pg_error(c, NULL,
					 "committing (whether it was saved is "
					 "not known)",
					 err);
		abort_tx(c);
		return rc;
	}
	/* A transaction that had failed answers COMMIT with ROLLBACK. */
	bool rolled_back = strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
	PQclear(r);
	c->depth = 0;
	c->wrote = false;
	if (rolled_back) {
		drop_hooks(c);
		return bo_err_set(err, BO_ESTORAGE,
				  "the transaction had failed and was rolled "
				  "back; nothing was saved");
	}
	return 0;
}

static void pg_rollback(void *self)
{
	bo_pg *c = self;
	if (c->depth == 0)
		return;
	if (c->depth == 1) {
		abort_tx(c);
		return;
	}
	if (c->flat) {
		c->doomed = true;
		c->depth--;
		return;
	}
	char sql[64];
	bo_err spare;
	snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT bo_l%d", c->depth);
	(void)bo_pg_exec(c, sql, "rolling back", &spare);
	snprintf(sql, sizeof sql, "RELEASE SAVEPOINT bo_l%d", c->depth);
	(void)bo_pg_exec(c, sql, "rolling back", &spare);
	c->depth--;
}

static void pg_flat_levels(void *self, int on)
{
	bo_pg *c = self;

	c->flat = on != 0;
}

/* ---- settings and sequences -------------------------------------------------- */

static int pg_setting_get(void *self, const char *key, char **out, bo_err *err)
{
	bo_pg *c = self;
	*out = NULL;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, key);
	PGresult *r;
	int rc = bo_pg_run(c, PG_ST_SETTING_GET,
			   "SELECT value FROM @.settings WHERE key = $1", &a,
			   &r, "reading a setting", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 0)
		rc =
		    bo_err_set(err, BO_ENOTFOUND, "setting %s is not set", key);
	else
		rc = bo_pg_dup(out, r, 0, 0, err);
	PQclear(r);
	return rc;
}

static int pg_setting_set(void *self, const char *key, const char *value,
			  bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "change a setting", err)) < 0)
		return rc;
	if (!key || !value)
		return bo_err_set(err, BO_EINVAL,
				  "setting key and value are required");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, key);
	bo_pg_arg_text(&a, value);
	c->wrote = true;
	return bo_pg_run(c, PG_ST_SETTING_SET,
			 "INSERT INTO @.settings (key, value) VALUES ($1, $2) "
			 "ON CONFLICT (key) DO UPDATE SET value = "
			 "excluded.value",
			 &a, NULL, "changing a setting", err);
}

static int pg_sequence_next(void *self, const char *name, int64_t *out,
			    bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "draw from a sequence", err)) < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, name);
	PGresult *r;
	c->wrote = true;
	rc =
	    bo_pg_run(c, PG_ST_SEQUENCE_NEXT,
		      "INSERT INTO @.sequences AS s (name, value) VALUES ($1, "
		      "1) ON CONFLICT (name) DO UPDATE SET value = s.value + 1 "
		      "RETURNING value",
		      &a, &r, "advancing a sequence", err);
	if (rc < 0)
		return rc;
	*out = bo_pg_int64(r, 0, 0);
	PQclear(r);
	return 0;
}

static int pg_sequence_raise(void *self, const char *name, int64_t floor,
			     bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "raise a sequence", err)) < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, name);
	bo_pg_arg_int(&a, floor);
	c->wrote = true;
	return bo_pg_run(c, PG_ST_SEQUENCE_RAISE,
			 "INSERT INTO @.sequences AS s (name, value) VALUES "
			 "($1, $2) ON CONFLICT (name) DO UPDATE SET value = "
			 "greatest(s.value, excluded.value)",
			 &a, NULL, "raising a sequence", err);
}

/* ---- change notifications ---------------------------------------------------- */

/* The change counter as committed now (synchronous: a commit elsewhere
 * that returned is seen), after draining the notifications that arrived
 * so the socket a screen polls goes quiet again. */
static int pg_data_version(void *self, int64_t *out, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if (!c->listening) {
		if ((rc = bo_pg_exec(c, "LISTEN backoffice",
				     "listening for changes", err)) < 0)
			return rc;
		c->listening = true;
	}
	if (!PQconsumeInput(c->conn))
		return bo_pg_error(c, NULL, "listening for changes", err);
	PGnotify *n;
	int me = PQbackendPID(c->conn);
	while ((n = PQnotifies(c->conn)) != NULL) {
		if (n->be_pid != me && n->extra && !strcmp(n->extra, c->schema))
			c->notices++;
		PQfreemem(n);
	}
	PGresult *r;
	rc = bo_pg_run(c, PG_NO_SLOT,
		       "SELECT value::bigint FROM @.backoffice_meta WHERE key "
		       "= 'changes'",
		       NULL, &r, "reading the store's change counter", err);
	if (rc < 0)
		return rc;
	*out = PQntuples(r) == 1 ? bo_pg_int64(r, 0, 0) : c->notices;
	PQclear(r);
	return 0;
}

/* LISTEN once per connection (again after a reconnect), then the socket:
 * libpq reads nothing by itself, so it turns readable when a notification
 * (or the end of a lost connection) arrives, and stays so until
 * data_version consumes it. */
static int pg_wait_fd(void *self)
{
	bo_pg *c = self;
	bo_err spare;
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK || c->depth > 0)
		return -1;
	if (!c->listening) {
		if (bo_pg_exec(c, "LISTEN backoffice", "listening for changes",
			       &spare) < 0)
			return -1;
		c->listening = true;
	}
	return PQsocket(c->conn);
}

static int pg_reconnect(void *self, int attempts, bo_err *err)
{
	bo_pg *c = self;
	if (c->depth > 0)
		abort_tx(c); /* whatever it held died with the connection */
	return bo_pg_reconnect(c, attempts, err);
}

int bo_pg_socket(bo_ports *p)
{
	if (!p || p->store.ops != &bo_pg_store_ops)
		return -1;
	bo_pg *c = p->store.self;
	return PQsocket(c->conn);
}

void bo_pg_set_lock_timeout(bo_ports *p, int ms)
{
	if (p && p->store.ops == &bo_pg_store_ops)
		((bo_pg *)p->store.self)->lock_timeout_ms = ms;
}

static void pg_close(void *self)
{
	bo_pg *c = self;
	if (!c)
		return;
	if (c->depth > 0)
		abort_tx(c);
	bo_pg_disconnect(c);
}

const bo_store_ops bo_pg_store_ops = {
    .version = BO_STORE_OPS_VERSION,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .setting_get = pg_setting_get,
    .setting_set = pg_setting_set,
    .sequence_next = pg_sequence_next,
    .sequence_raise = pg_sequence_raise,
    .close = pg_close,
    .data_version = pg_data_version,
    .command_get = bo_pg_command_get,
    .command_put = bo_pg_command_put,
    .wait_fd = pg_wait_fd,
    .reconnect = pg_reconnect,
    .flat_levels = pg_flat_levels,
};

/* ---- the ports ---------------------------------------------------------------- */

static void pg_ports(bo_ports *out, bo_pg *c)
{
	memset(out, 0, sizeof *out);
	out->store = (bo_store){&bo_pg_store_ops, c, NULL};
	out->events =
	    (bo_event_store){&bo_pg_event_store_ops, c, bo_json_event_codec()};
	out->products = (bo_product_repo){&bo_pg_product_repo_ops, c};
	out->rm = (bo_read_models){&bo_pg_read_models_ops, c};
	out->users = (bo_user_dir){&bo_pg_user_dir_ops, c};
	out->tenants = (bo_tenant_dir){&bo_pg_tenant_dir_ops, c};
	out->reports = (bo_report_store){&bo_pg_report_store_ops, c};
	out->reactors = (bo_reactor_store){&bo_pg_reactor_store_ops, c};
	out->backend = "postgresql";
	out->read_only = false;
	/* The staff user is the database login (see bo_app_open). */
	out->login = c->session_user;
	out->login_acts_for_all = c->owner;
}

/* Whether this login is (a member of) the role that owns the store's
 * schema: the owner, or a superuser, who may act for any staff user. */
static int find_owner(bo_pg *c, bo_err *err)
{
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, c->schema);
	PGresult *r;
	int rc = bo_pg_run(c, PG_NO_SLOT,
			   "SELECT pg_has_role(session_user, nspowner, "
			   "'MEMBER') FROM pg_namespace WHERE nspname = $1",
			   &a, &r, "looking up the store's owner", err);
	if (rc < 0)
		return rc;
	c->owner = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return 0;
}

/* ---- what is in the schema ----------------------------------------------------- */

typedef enum {
	PG_SCHEMA_MISSING,
	PG_SCHEMA_FOREIGN, /* exists, holds no backoffice marker */
	PG_SCHEMA_STORE
} pg_schema_kind;

static int inspect(bo_pg *c, pg_schema_kind *kind, bo_err *err)
{
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, c->schema);
	PGresult *r;
	int rc = bo_pg_run(
	    c, PG_NO_SLOT,
	    "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1), "
	    "EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = "
	    "k.relnamespace WHERE n.nspname = $1 AND k.relname = "
	    "'backoffice_meta' AND k.relkind = 'r')",
	    &a, &r, "looking for the store", err);
	if (rc < 0)
		return rc;
	bool schema = PQgetvalue(r, 0, 0)[0] == 't';
	bool meta = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	*kind = !schema ? PG_SCHEMA_MISSING : PG_SCHEMA_FOREIGN;
	if (!meta)
		return 0;
	rc = bo_pg_run(c, PG_NO_SLOT,
		       "SELECT 1 FROM @.backoffice_meta WHERE key = "
		       "'application' AND value = 'backoffice'",
		       NULL, &r, "looking for the store", err);
	/* The store is there but the database keeps this login out of it: it
	 * is in none of the store's groups, which is what a login that is not
	 * staff here and one an admin disabled here have in common (user
	 * disable takes the login out of them; it cannot read why). */
	if (rc == BO_EPERM)
		return bo_err_set(
		    err, BO_EPERM,
		    "database login %s may not read the store in "
		    "schema %s: it is not staff there, or an "
		    "admin has disabled it there",
		    c->session_user ? c->session_user : "(unknown)", c->schema);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1)
		*kind = PG_SCHEMA_STORE;
	PQclear(r);
	return 0;
}

static int refuse_kind(bo_pg *c, pg_schema_kind kind, bo_err *err)
{
	if (kind == PG_SCHEMA_MISSING)
		return bo_err_set(err, BO_ENOTFOUND,
				  "there is no backoffice store in schema %s "
				  "of %s",
				  c->schema, c->shown);
	if (kind == PG_SCHEMA_FOREIGN)
		return bo_err_set(err, BO_EINVAL,
				  "schema %s of %s is not a backoffice store",
				  c->schema, c->shown);
	return 0;
}

static bool known_migration(const char *name)
{
	for (const bo_migration *m = bo_pg_migrations; m->name; m++)
		if (!strcmp(m->name, name))
			return true;
	return false;
}

/* Runs one migration file (many statements: the simple protocol). */
static int run_script(bo_pg *c, const bo_migration *m, bo_err *err)
{
	char *sql = bo_pg_sql(c, m->sql);
	if (!sql)
		return bo_err_set(err, BO_ENOMEM, "out of memory migrating");
	PGresult *r = bo_pg_exec_simple(c, sql);
	free(sql);
	int rc = 0;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		char doing[96];
		snprintf(doing, sizeof doing, "applying migration %s", m->name);
		rc = bo_pg_error(c, r, doing, err);
	}
	PQclear(r);
	if (rc < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, m->name);
	return bo_pg_run(c, PG_NO_SLOT,
			 "INSERT INTO @.backoffice_migrations (name) VALUES "
			 "($1)",
			 &a, NULL, "recording a migration", err);
}

/* Which migrations the store has; refuses one this binary does not know.
 * pending: set when any of ours is missing. When apply is set (inside the
 * store's lock) the missing ones are run in table order. fresh: an empty
 * schema being created, which has no list yet (001 makes it). */
static int migrate(bo_pg *c, bool apply, bool fresh, bool *pending, bo_err *err)
{
	PGresult *r = NULL;
	int rc = 0, n = 0;
	if (!fresh) {
		rc = bo_pg_run(c, PG_NO_SLOT,
			       "SELECT name FROM @.backoffice_migrations ORDER "
			       "BY name",
			       NULL, &r, "reading the store's migrations", err);
		if (rc < 0)
			return rc;
		n = PQntuples(r);
	}
	for (int i = 0; i < n; i++) {
		if (!known_migration(PQgetvalue(r, i, 0))) {
			PQclear(r);
			return bo_err_set(err, BO_ESTORAGE,
					  "the store in schema %s of %s was "
					  "migrated by a newer backoffice; "
					  "use that version",
					  c->schema, c->shown);
		}
	}
	*pending = false;
	for (const bo_migration *m = bo_pg_migrations; m->name; m++) {
		bool have = false;
		for (int i = 0; i < n && !have; i++)
			have = !strcmp(PQgetvalue(r, i, 0), m->name);
		if (have)
			continue;
		*pending = true;
		if (apply && (rc = run_script(c, m, err)) < 0)
			break;
	}
	PQclear(r);
	return rc;
}

/* ---- open, create, destroy ----------------------------------------------------- */

int bo_pg_open(bo_ports *out, const char *url, bo_err *err)
{
	memset(out, 0, sizeof *out);
	bo_pg *c;
	int rc = bo_pg_connect(&c, url, err);
	if (rc < 0)
		return rc;
	pg_schema_kind kind;
	bool pending = false;
	if ((rc = inspect(c, &kind, err)) < 0 ||
	    (rc = refuse_kind(c, kind, err)) < 0 ||
	    (rc = find_owner(c, err)) < 0 ||
	    (rc = migrate(c, false, false, &pending, err)) < 0)
		goto fail;
	if (pending) {
		/* again under the lock: another process may have migrated */
		if ((rc = pg_begin(c, err)) < 0)
			goto fail;
		if ((rc = migrate(c, true, false, &pending, err)) < 0 ||
		    (rc = pg_commit(c, err)) < 0)
			goto fail;
	}
	pg_ports(out, c);
	return 0;
fail:
	pg_close(c);
	return rc;
}

int bo_pg_create(const char *url, bo_store_fill_fn fill, void *ctx, bo_err *err)
{
	bo_pg *c;
	int rc = bo_pg_connect(&c, url, err);
	if (rc < 0)
		return rc;
	if ((rc = pg_begin(c, err)) < 0) {
		pg_close(c);
		return rc;
	}
	/* Under the lock: of two creations of one schema the second sees the
	 * first's complete store. */
	pg_schema_kind kind;
	if ((rc = inspect(c, &kind, err)) < 0)
		goto fail;
	if (kind == PG_SCHEMA_STORE) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"a store already exists in schema %s of %s",
				c->schema, c->shown);
		goto fail;
	}
	if (kind == PG_SCHEMA_FOREIGN) {
		rc = refuse_kind(c, kind, err);
		goto fail;
	}
	char sql[BO_PG_SCHEMA_MAX * 2 + 32];
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s", c->qschema);
	if ((rc = bo_pg_exec(c, sql, "creating the store's schema", err)) < 0)
		goto fail;
	bool pending;
	if ((rc = migrate(c, true, true, &pending, err)) < 0 ||
	    (rc = find_owner(c, err)) < 0)
		goto fail;
	c->wrote = true;
	bo_ports p;
	pg_ports(&p, c);
	if (fill && (rc = fill(&p, ctx, err)) < 0)
		goto fail;
	while (c->depth > 1)
		pg_rollback(c); /* a fill that left a level open */
	rc = pg_commit(c, err);
	pg_close(c);
	return rc;
fail:
	pg_close(c);
	return rc;
}

int bo_pg_destroy(const char *url, bo_err *err)
{
	bo_pg *c;
	int rc = bo_pg_connect(&c, url, err);
	if (rc < 0)
		return rc;
	if ((rc = pg_begin(c, err)) < 0) {
		pg_close(c);
		return rc;
	}
	pg_schema_kind kind;
	if ((rc = inspect(c, &kind, err)) < 0 ||
	    (rc = refuse_kind(c, kind, err)) < 0)
		goto done;
	char sql[BO_PG_SCHEMA_MAX * 2 + 32];
	snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", c->qschema);
	if ((rc = bo_pg_exec(c, sql, "removing the store", err)) < 0)
		goto done;
	/* The store's own groups go with it, so a store made later under the
	 * same schema name does not inherit their members. Only where this
	 * login may (CREATEROLE) and nothing else holds them (rights in
	 * another database): otherwise they stay, which is harmless. */
	static const char *const roles[] = {"admin", "support", "manager"};
	for (int i = 0; i < 3; i++) {
		char group[BO_PG_GROUP_MAX + 1];
		bo_err spare;
		bo_pg_group_name(c, roles[i], group);
		snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", group);
		(void)bo_pg_run_guarded(c, PG_NO_SLOT, sql, NULL, NULL,
					"removing the store's groups", &spare);
	}
	/* a plain COMMIT: the change counter went with the schema */
	PGresult *r = bo_pg_exec_simple(c, "COMMIT");
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = bo_pg_error(c, r, "removing the store", err);
	else
		c->depth = 0;
	PQclear(r);
done:
	pg_close(c);
	return rc;
}
