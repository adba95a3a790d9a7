/* What only the SQLite backend promises: safe opening, guards, migrations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_internal.h"
#include "adapters/sqlite/sqlite_store.h"

/* A private directory per test, so names never clash and cleanup is simple. */
typedef struct fixture {
	char dir[64];
	char path[96];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bo-test-sqlite-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
	*state = f;
	return 0;
}

static void remove_in(const char *dir, const char *name)
{
	char path[400];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int teardown(void **state)
{
	fixture *f = *state;
	DIR *d = opendir(f->dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove_in(f->dir, e->d_name);
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static bool sidecar_exists(const char *path, const char *suffix)
{
	char name[160];

	snprintf(name, sizeof(name), "%s%s", path, suffix);
	return exists(name);
}

/* The whole file, for before/after comparisons. *len receives its size. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size >= 0);
	rewind(fp);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	*len = (size_t)size;
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

static void open_store(bo_ports *p, const char *path, bo_sqlite_mode mode)
{
	bo_err err = {0};
	int rc = bo_sqlite_open(p, path, mode, &err);

	if (rc != 0)
		fail_msg("opening %s: %s", path, err.msg);
	assert_string_equal(p->backend, "sqlite");
}

/* A raw connection beside the adapter's, as another program would have. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	return db;
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *text_dup(const char *s)
{
	char *copy = strdup(s);
	assert_non_null(copy);
	return copy;
}

/* A NoteAdded event as the application service would hand it over. */
static void make_note(bo_event *e, const char *event_id, int64_t order_id,
		      const char *text)
{
	memset(e, 0, sizeof(*e));
	e->event_id = text_dup(event_id);
	e->kind = BO_EV_NOTE_ADDED;
	e->type_name = text_dup("NoteAdded");
	e->schema_version = 1;
	e->recorded_at = 1764137502123;
	e->meta.user = text_dup("ann");
	e->meta.role = text_dup("support");
	e->meta.tenant = text_dup("default");
	e->meta.correlation_id = text_dup("c-1");
	e->meta.causation_id = text_dup("c-1");
	e->order_id = order_id;
	e->text = text_dup(text);
}

static void make_product(bo_product *p, const char *sku, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->sku = text_dup(sku);
	p->name = text_dup(name);
	p->description = text_dup("");
	p->price = 1250;
	p->tax_bp = 2000;
	p->stock = 7;
	p->created_at = p->updated_at = 1764137502000;
}

/* Begins, appends one note to order-<order_id> at expected, commits. */
static void append_note(bo_ports *p, const char *event_id, int64_t order_id,
			int64_t expected)
{
	char stream[32];
	bo_event e;
	bo_err err = {0};

	snprintf(stream, sizeof(stream), "order-%lld", (long long)order_id);
	make_note(&e, event_id, order_id, "called the customer");
	assert_int_equal(bo_store_begin(&p->store, &err), 0);
	if (bo_event_store_append(&p->events, stream, expected, &e, 1, &err))
		fail_msg("append: %s", err.msg);
	assert_int_equal(bo_store_commit(&p->store, &err), 0);
	bo_event_clear(&e);
}

/* ---- opening ------------------------------------------------------------ */

static void create_then_reopen_keeps_data(void **state)
{
	fixture *f = *state;
	bo_event_list events = {0};
	bo_product prod, got;
	bo_ports p;
	bo_err err = {0};
	char *value = NULL;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&prod, "MUG-1", "Mug");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_setting_set(&p.store, "tenant", "shop", &err),
			 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &prod, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	append_note(&p, "00000000-0000-4000-8000-000000000001", 1, 0);
	bo_ports_close(&p);

	open_store(&p, f->path, BO_SQLITE_OPEN);
	assert_int_equal(bo_store_setting_get(&p.store, "tenant", &value, &err),
			 0);
	assert_string_equal(value, "shop");
	assert_int_equal(
	    bo_product_repo_get_by_sku(&p.products, "MUG-1", &got, &err), 0);
	assert_int_equal(got.id, prod.id);
	assert_int_equal(got.price, 1250);
	assert_int_equal(got.row_version, 1);
	assert_int_equal(
	    bo_event_store_read_all(&p.events, 0, 0, &events, &err), 0);
	assert_int_equal(events.n, 1);
	assert_string_equal(events.items[0].stream, "order-1");
	assert_int_equal(events.items[0].kind, BO_EV_NOTE_ADDED);
	assert_string_equal(events.items[0].text, "called the customer");
	assert_string_equal(events.items[0].meta.user, "ann");
	assert_int_equal(events.items[0].recorded_at, 1764137502123);
	bo_event_list_clear(&events);
	bo_product_clear(&got);
	bo_product_clear(&prod);
	free(value);
	bo_ports_close(&p);
}

static void a_new_store_is_marked_and_in_wal_mode(void **state)
{
	fixture *f = *state;
	unsigned char *bytes;
	size_t len;
	bo_ports p;
	sqlite3 *db;
	sqlite3_stmt *st;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	/* the mark is in the main file itself, not only in the WAL */
	bytes = slurp(f->path, &len);
	assert_true(len >= 100);
	assert_memory_equal(bytes, "SQLite format 3", 16);
	assert_memory_equal(bytes + 68, "BOFF", 4);
	free(bytes);

	db = raw_open(f->path);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	bo_ports_close(&p);
}

static void opening_a_missing_file_is_not_found(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};

	assert_int_equal(bo_sqlite_open(&p, f->path, BO_SQLITE_OPEN, &err),
			 BO_ENOTFOUND);
	assert_non_null(strstr(err.msg, f->path));
	assert_false(exists(f->path));
}

static void creating_over_an_existing_store_is_a_conflict(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};

	open_store(&p, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&p);
	assert_int_equal(bo_sqlite_open(&p, f->path, BO_SQLITE_CREATE, &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, f->path));
}

/* Both modes refuse, and neither leaves a trace on or beside the file. */
static void assert_refused_untouched(const char *path)
{
	unsigned char *before, *after;
	size_t nbefore, nafter;
	bo_ports p;
	bo_err err = {0};

	before = slurp(path, &nbefore);
	assert_int_equal(bo_sqlite_open(&p, path, BO_SQLITE_OPEN, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(bo_sqlite_open(&p, path, BO_SQLITE_CREATE, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, path));
	after = slurp(path, &nafter);
	assert_int_equal(nbefore, nafter);
	assert_memory_equal(before, after, nbefore);
	assert_false(sidecar_exists(path, "-wal"));
	assert_false(sidecar_exists(path, "-shm"));
	assert_false(sidecar_exists(path, "-journal"));
	free(before);
	free(after);
}

static void a_text_file_is_refused_untouched(void **state)
{
	fixture *f = *state;

	write_file(f->path, "shopping list\n- milk\n- eggs\n");
	assert_refused_untouched(f->path);
}

static void a_foreign_sqlite_database_is_refused_untouched(void **state)
{
	fixture *f = *state;
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA application_id = 42;"
				      "CREATE TABLE notes (body TEXT);"
				      "INSERT INTO notes VALUES ('keep me');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_refused_untouched(f->path);
}

/* init makes the file itself: an empty one in the way is not taken over. */
static void an_empty_file_is_refused_untouched(void **state)
{
	fixture *f = *state;
	struct stat sb;

	write_file(f->path, "");
	assert_refused_untouched(f->path);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
}

/* The names in dir but "." and "..", sorted, joined by "|". */
static void listing(const char *dir, char *out, size_t size)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			if (out[0])
				strncat(out, "|", size - strlen(out) - 1);
			strncat(out, name, size - strlen(out) - 1);
		}
		free(names[i]);
	}
	free(names);
}

/* SQLite would read "file:other.db?mode=rw" as a URI for other.db; the store
 * takes it for the file of exactly that name. */
static void uri_looking_names_are_plain_file_names(void **state)
{
	fixture *f = *state;
	static const char *const names[] = {
	    "file:other.db", "file:other.db?mode=rw#x", "a b%20?c=d&e#f",
	    ":memory:"};
	unsigned char *before, *after;
	size_t nbefore, nafter;
	char cwd[512], list[1024];
	sqlite3 *db = NULL;
	bo_ports p;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(sqlite3_open("other.db", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (body TEXT);",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	before = slurp("other.db", &nbefore);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		open_store(&p, names[i], BO_SQLITE_CREATE);
		bo_ports_close(&p);
		open_store(&p, names[i], BO_SQLITE_OPEN);
		bo_ports_close(&p);
	}
	after = slurp("other.db", &nafter);
	assert_int_equal(nbefore, nafter);
	assert_memory_equal(before, after, nbefore);
	listing(".", list, sizeof(list));
	assert_string_equal(list, ":memory:|a b%20?c=d&e#f|file:other.db|"
				  "file:other.db?mode=rw#x|other.db");
	free(before);
	free(after);
	assert_int_equal(chdir(cwd), 0);
}

static void uris_encode_every_special_byte(void **state)
{
	char *u;

	(void)state;
	u = bo_sq_uri("a b?c#d%e&f=g", "mode=ro");
	assert_string_equal(u, "file:./a%20b%3Fc%23d%25e%26f%3Dg?mode=ro");
	free(u);
	u = bo_sq_uri("file:x.db", "mode=rw");
	assert_string_equal(u, "file:./file%3Ax.db?mode=rw");
	free(u);
	/* absolute: an empty authority, so "//host" stays a path */
	u = bo_sq_uri("/tmp/x.db", "mode=rw");
	assert_string_equal(u, "file:///tmp/x.db?mode=rw");
	free(u);
	u = bo_sq_uri("//srv/x", "mode=rw");
	assert_string_equal(u, "file:////srv/x?mode=rw");
	free(u);
	u = bo_sq_uri("\xc3\xa9-_.~", "mode=rw");
	assert_string_equal(u, "file:./%C3%A9-_.~?mode=rw");
	free(u);
}

static void creating_leaves_only_the_store(void **state)
{
	fixture *f = *state;
	char list[1024];
	bo_ports p;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&p);
	listing(f->dir, list, sizeof(list));
	assert_string_equal(list, "store.db");
}

static int fill_tenant(bo_ports *ports, void *ctx, bo_err *err)
{
	int rc = bo_store_begin(&ports->store, err);

	if (rc == 0)
		rc = bo_store_setting_set(&ports->store, "tenant", ctx, err);
	if (rc == 0)
		rc = bo_store_commit(&ports->store, err);
	return rc;
}

static int fill_fails(bo_ports *ports, void *ctx, bo_err *err)
{
	(void)ctx;
	fill_tenant(ports, "half", err);
	return bo_err_set(err, BO_EINVAL, "the fill gave up");
}

static void a_store_appears_filled_or_not_at_all(void **state)
{
	fixture *f = *state;
	char list[1024], *value = NULL;
	bo_ports p;
	bo_err err = {0};

	assert_int_equal(bo_sqlite_create(f->path, fill_fails, NULL, &err),
			 BO_EINVAL);
	assert_string_equal(err.msg, "the fill gave up");
	listing(f->dir, list, sizeof(list));
	assert_string_equal(list, "");
	assert_int_equal(bo_sqlite_create(f->path, fill_tenant, "shop", &err),
			 0);
	listing(f->dir, list, sizeof(list));
	assert_string_equal(list, "store.db");
	open_store(&p, f->path, BO_SQLITE_OPEN);
	assert_int_equal(bo_store_setting_get(&p.store, "tenant", &value, &err),
			 0);
	assert_string_equal(value, "shop");
	free(value);
	bo_ports_close(&p);
	assert_int_equal(bo_sqlite_create(f->path, fill_tenant, "x", &err),
			 BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "a store already exists at"));
}

/* What a killed init left is removed by the next one; a live one's is not. */
static void leftovers_of_dead_creations_are_removed(void **state)
{
	fixture *f = *state;
	char name[256], list[1024];
	pid_t dead = fork();
	bo_ports p;

	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	snprintf(name, sizeof(name), "%s/.backoffice-init-%ld-1", f->dir,
		 (long)dead);
	write_file(name, "half a store");
	strncat(name, "-wal", sizeof(name) - strlen(name) - 1);
	write_file(name, "its log");
	snprintf(name, sizeof(name), "%s/.backoffice-init-%ld-2", f->dir,
		 (long)getppid());
	write_file(name, "someone else is still at it");
	open_store(&p, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&p);
	listing(f->dir, list, sizeof(list));
	snprintf(name, sizeof(name), ".backoffice-init-%ld-2|store.db",
		 (long)getppid());
	assert_string_equal(list, name);
}

static void a_directory_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};

	assert_int_equal(bo_sqlite_open(&p, f->dir, BO_SQLITE_OPEN, &err),
			 BO_EINVAL);
	assert_non_null(strstr(err.msg, f->dir));
	assert_int_equal(bo_sqlite_open(&p, f->dir, BO_SQLITE_CREATE, &err),
			 BO_EINVAL);
	assert_int_equal(bo_sqlite_open(&p, "", BO_SQLITE_OPEN, &err),
			 BO_EINVAL);
}

static void a_failed_create_leaves_no_file_behind(void **state)
{
	fixture *f = *state;
	char path[160];
	bo_ports p;
	bo_err err = {0};

	/* a directory that does not exist: nothing can be created */
	snprintf(path, sizeof(path), "%s/missing/store.db", f->dir);
	assert_int_equal(bo_sqlite_open(&p, path, BO_SQLITE_CREATE, &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, path));
	assert_false(exists(path));
}

/* ---- migrations --------------------------------------------------------- */

static void migrations_are_recorded_and_not_run_again(void **state)
{
	fixture *f = *state;
	int64_t n = 0, applied_at;
	bo_ports p;
	sqlite3 *db;

	while (bo_sqlite_migrations[n].name)
		n++;
	open_store(&p, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&p);
	db = raw_open(f->path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
			 n);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations "
				     "WHERE name = '001_init.sql'"),
			 1);
	applied_at =
	    raw_int(db, "SELECT max(applied_at) FROM schema_migrations");
	assert_true(applied_at > 1600000000000);
	sqlite3_close(db);

	open_store(&p, f->path, BO_SQLITE_OPEN);
	bo_ports_close(&p);
	db = raw_open(f->path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
			 n);
	assert_int_equal(
	    raw_int(db, "SELECT max(applied_at) FROM schema_migrations"),
	    applied_at);
	sqlite3_close(db);
}

static void a_store_from_a_newer_build_is_refused(void **state)
{
	fixture *f = *state;
	bo_ports p;
	bo_err err = {0};
	sqlite3 *db;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&p);
	db = raw_open(f->path);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO schema_migrations VALUES "
				      "('999_future.sql', 0)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(bo_sqlite_open(&p, f->path, BO_SQLITE_OPEN, &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "999_future.sql"));
}

/* ---- the log's guards -------------------------------------------------- */

static void events_refuse_update_and_delete(void **state)
{
	fixture *f = *state;
	bo_ports p;
	sqlite3 *db;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	append_note(&p, "00000000-0000-4000-8000-000000000001", 1, 0);
	db = raw_open(f->path);
	assert_int_not_equal(sqlite3_exec(db,
					  "UPDATE events SET payload = '{}'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(
	    sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_equal(raw_int(db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM events WHERE "
				     "payload <> '{}'"),
			 1);
	sqlite3_close(db);
	bo_ports_close(&p);
}

static void append_conflict_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_event batch[2];
	int64_t head = 0, version = 0;
	bo_ports p;
	bo_err err = {0};

	open_store(&p, f->path, BO_SQLITE_CREATE);
	append_note(&p, "00000000-0000-4000-8000-000000000001", 1, 0);

	/* a stale expected version */
	make_note(&batch[0], "00000000-0000-4000-8000-000000000002", 1, "a");
	make_note(&batch[1], "00000000-0000-4000-8000-000000000003", 1, "b");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(
	    bo_event_store_append(&p.events, "order-1", 0, batch, 2, &err),
	    BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "order-1"));
	assert_non_null(strstr(err.msg, "expected version 0"));

	/* the second event reuses a stored id: the first must not stay */
	free(batch[1].event_id);
	batch[1].event_id = text_dup("00000000-0000-4000-8000-000000000001");
	assert_int_equal(
	    bo_event_store_append(&p.events, "order-1", 1, batch, 2, &err),
	    BO_ECONFLICT);
	assert_non_null(strstr(err.msg, "already stored"));
	assert_int_equal(batch[0].position, 0);
	/* even when the caller goes on and commits */
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(bo_event_store_head(&p.events, &head, &err), 0);
	assert_int_equal(head, 1);
	assert_int_equal(
	    bo_event_store_stream_version(&p.events, "order-1", &version, &err),
	    0);
	assert_int_equal(version, 1);
	bo_event_clear(&batch[0]);
	bo_event_clear(&batch[1]);
	bo_ports_close(&p);
}

static void rollback_undoes_product_and_event_together(void **state)
{
	fixture *f = *state;
	bo_product prod, got;
	bo_event e;
	int64_t head = -1, seq = 0;
	bo_ports p;
	bo_err err = {0};

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&prod, "MUG-1", "Mug");
	make_note(&e, "00000000-0000-4000-8000-000000000001", 1, "x");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &seq, &err),
			 0);
	assert_int_equal(seq, 1);
	assert_int_equal(bo_product_repo_insert(&p.products, &prod, &err), 0);
	assert_int_equal(
	    bo_event_store_append(&p.events, "product-1", 0, &e, 1, &err), 0);
	bo_store_rollback(&p.store);
	/* rollback with nothing open is harmless */
	bo_store_rollback(&p.store);

	assert_int_equal(
	    bo_product_repo_get_by_sku(&p.products, "MUG-1", &got, &err),
	    BO_ENOTFOUND);
	assert_int_equal(bo_event_store_head(&p.events, &head, &err), 0);
	assert_int_equal(head, 0);
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_store_sequence_next(&p.store, "order", &seq, &err),
			 0);
	assert_int_equal(seq, 1); /* the number came back */
	bo_store_rollback(&p.store);
	bo_event_clear(&e);
	bo_product_clear(&prod);
	bo_ports_close(&p);
}

static void writes_outside_a_transaction_are_refused(void **state)
{
	fixture *f = *state;
	bo_product prod;
	bo_event e;
	bo_ports p;
	bo_err err = {0};

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&prod, "MUG-1", "Mug");
	make_note(&e, "00000000-0000-4000-8000-000000000001", 1, "x");
	assert_int_equal(bo_product_repo_insert(&p.products, &prod, &err),
			 BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "outside a transaction"));
	assert_int_equal(
	    bo_event_store_append(&p.events, "order-1", 0, &e, 1, &err),
	    BO_ESTORAGE);
	assert_int_equal(bo_store_commit(&p.store, &err), BO_ESTORAGE);
	bo_event_clear(&e);
	bo_product_clear(&prod);
	bo_ports_close(&p);
}

static void a_second_writer_is_told_the_store_is_busy(void **state)
{
	fixture *f = *state;
	bo_ports a, b;
	bo_err err = {0};

	open_store(&a, f->path, BO_SQLITE_CREATE);
	open_store(&b, f->path, BO_SQLITE_OPEN);
	bo_sqlite_set_busy_timeout(&b, 50);
	assert_int_equal(bo_store_begin(&a.store, &err), 0);
	assert_int_equal(bo_store_begin(&b.store, &err), BO_EBUSY);
	assert_string_equal(err.msg, "the store is busy while starting a "
				     "transaction; try again");
	/* a reader is not blocked by the writer (WAL) */
	{
		int64_t head = -1;
		assert_int_equal(bo_event_store_head(&b.events, &head, &err),
				 0);
		assert_int_equal(head, 0);
	}
	assert_int_equal(bo_store_commit(&a.store, &err), 0);
	assert_int_equal(bo_store_begin(&b.store, &err), 0);
	assert_int_equal(bo_store_commit(&b.store, &err), 0);
	bo_ports_close(&b);
	bo_ports_close(&a);
}

/*
 * The tally times the outermost levels: a begin that met another
 * process's lock records how long it waited, and a level records how long
 * it held the lock, rollback or commit; nested levels change neither.
 */
/* A child process opens PATH, begins (takes the write lock) and keeps it
 * for HOLD_MS before committing; returns once the lock is held. */
static pid_t hold_lock_in_child(const char *path, int hold_ms)
{
	bo_err err = {0};
	int ready[2];
	char byte;
	pid_t child;

	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		bo_ports c;

		close(ready[0]);
		if (bo_sqlite_open(&c, path, BO_SQLITE_OPEN, &err) != 0 ||
		    bo_store_begin(&c.store, &err) != 0)
			_exit(1);
		if (write(ready[1], "L", 1) != 1)
			_exit(1);
		usleep((useconds_t)hold_ms * 1000);
		_exit(bo_store_commit(&c.store, &err) == 0 ? 0 : 1);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	return child;
}

static void the_tally_times_lock_waits_and_holds(void **state)
{
	fixture *f = *state;
	bo_store_tally tally = {0};
	bo_ports a;
	bo_err err = {0};
	int status;
	pid_t child;

	open_store(&a, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&a);
	child = hold_lock_in_child(f->path, 300);
	open_store(&a, f->path, BO_SQLITE_OPEN);
	a.store.tally = &tally;
	/* the child holds the lock for 300 ms: this begin waits for it */
	assert_int_equal(bo_store_begin(&a.store, &err), 0);
	assert_int_equal(bo_store_begin(&a.store, &err), 0); /* nested */
	usleep(20 * 1000);
	assert_int_equal(bo_store_commit(&a.store, &err), 0);
	assert_int_equal(tally.depth, 1);
	assert_int_equal(tally.hold_us_max, 0); /* only outermost levels */
	usleep(30 * 1000);
	assert_int_equal(bo_store_commit(&a.store, &err), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(tally.commits, 1);
	assert_true(tally.wait_us_max >= 100 * 1000);
	assert_true(tally.wait_us_max < 1000 * 1000);
	assert_true(tally.hold_us_max >= 50 * 1000);
	/* a free lock is taken at once; a rolled-back level is timed too */
	{
		bo_store_tally again = {0};

		a.store.tally = &again;
		assert_int_equal(bo_store_begin(&a.store, &err), 0);
		usleep(60 * 1000);
		bo_store_rollback(&a.store);
		assert_int_equal(again.depth, 0);
		assert_int_equal(again.commits, 0);
		assert_true(again.wait_us_max < 100 * 1000);
		assert_true(again.hold_us_max >= 60 * 1000);
	}
	a.store.tally = NULL;
	bo_ports_close(&a);
}

/* A begin that gives up busy has waited too: the tally keeps that wait,
 * opens no level and times no hold. */
static void the_tally_keeps_a_wait_that_ended_busy(void **state)
{
	fixture *f = *state;
	bo_store_tally tally = {0};
	bo_ports a;
	bo_err err = {0};
	int status;
	pid_t child;

	open_store(&a, f->path, BO_SQLITE_CREATE);
	bo_ports_close(&a);
	child = hold_lock_in_child(f->path, 2500); /* past the 1 s lock wait */
	open_store(&a, f->path, BO_SQLITE_OPEN);
	a.store.tally = &tally;
	assert_int_equal(bo_store_begin(&a.store, &err), BO_EBUSY);
	assert_int_equal(tally.depth, 0);
	assert_int_equal(tally.commits, 0);
	assert_int_equal(tally.hold_us_max, 0);
	assert_true(tally.wait_us_max >= 500 * 1000);
	a.store.tally = NULL;
	bo_ports_close(&a);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- SQLite-specific query details ------------------------------------ */

static void deleted_product_ids_are_never_reused(void **state)
{
	fixture *f = *state;
	bo_product one, two;
	bo_ports p;
	bo_err err = {0};
	int64_t first;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&one, "MUG-1", "Mug");
	make_product(&two, "MUG-1", "Mug again");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &one, &err), 0);
	first = one.id;
	assert_int_equal(bo_product_repo_remove(&p.products, one.id, 1, &err),
			 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &two, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_true(two.id > first);
	bo_product_clear(&one);
	bo_product_clear(&two);
	bo_ports_close(&p);
}

static int count_product(void *ctx, const bo_product *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static void search_treats_wildcards_as_plain_text(void **state)
{
	fixture *f = *state;
	bo_product a, b;
	bo_product_query q = {.search = "50%"};
	bo_ports p;
	bo_err err = {0};
	int n = 0;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&a, "SALE-1", "Mug 50% off");
	make_product(&b, "SALE_2", "Mug 500 ml");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &a, &err), 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &b, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(
	    bo_product_repo_list(&p.products, &q, count_product, &n, &err), 0);
	assert_int_equal(n, 1);
	n = 0;
	q.search = "e_";
	assert_int_equal(
	    bo_product_repo_list(&p.products, &q, count_product, &n, &err), 0);
	assert_int_equal(n, 1); /* only "SALE_2", not "SALE-1" */
	bo_product_clear(&a);
	bo_product_clear(&b);
	bo_ports_close(&p);
}

/* A callback that runs the same query again must not break the outer loop. */
typedef struct reenter {
	bo_ports *p;
	int outer, inner;
} reenter;

static int count_inner(void *ctx, const bo_product *p)
{
	(void)p;
	((reenter *)ctx)->inner++;
	return 0;
}

static int list_again(void *ctx, const bo_product *p)
{
	reenter *r = ctx;
	bo_product again;
	bo_err err = {0};

	r->outer++;
	assert_int_equal(
	    bo_product_repo_get_by_id(&r->p->products, p->id, &again, &err), 0);
	assert_string_equal(again.sku, p->sku);
	bo_product_clear(&again);
	return bo_product_repo_list(&r->p->products, NULL, count_inner, r,
				    &err);
}

static void a_list_callback_may_query_the_same_port(void **state)
{
	fixture *f = *state;
	bo_product a, b;
	bo_ports p;
	bo_err err = {0};
	reenter r = {.p = &p};

	open_store(&p, f->path, BO_SQLITE_CREATE);
	make_product(&a, "A-1", "Apple");
	make_product(&b, "B-1", "Banana");
	assert_int_equal(bo_store_begin(&p.store, &err), 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &a, &err), 0);
	assert_int_equal(bo_product_repo_insert(&p.products, &b, &err), 0);
	assert_int_equal(bo_store_commit(&p.store, &err), 0);
	assert_int_equal(
	    bo_product_repo_list(&p.products, NULL, list_again, &r, &err), 0);
	assert_int_equal(r.outer, 2);
	assert_int_equal(r.inner, 4);
	bo_product_clear(&a);
	bo_product_clear(&b);
	bo_ports_close(&p);
}

static void a_damaged_event_is_a_storage_error(void **state)
{
	fixture *f = *state;
	bo_event_list events = {0};
	bo_ports p;
	bo_err err = {0};
	sqlite3 *db;

	open_store(&p, f->path, BO_SQLITE_CREATE);
	append_note(&p, "00000000-0000-4000-8000-000000000001", 1, 0);
	db = raw_open(f->path);
	assert_int_equal(
	    sqlite3_exec(db,
			 "INSERT INTO events (event_id, stream, version, "
			 "type, schema_version, recorded_at, metadata, "
			 "payload) VALUES ('x', 'order-1', 2, 'NoteAdded', "
			 "1, 0, '{}', 'not json')",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(
	    bo_event_store_read_all(&p.events, 0, 0, &events, &err),
	    BO_ESTORAGE);
	assert_non_null(strstr(err.msg, "position 2"));
	assert_int_equal(events.n, 0); /* nothing half-read is handed out */
	bo_event_list_clear(&events);
	bo_ports_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(create_then_reopen_keeps_data),
	    T(a_new_store_is_marked_and_in_wal_mode),
	    T(opening_a_missing_file_is_not_found),
	    T(creating_over_an_existing_store_is_a_conflict),
	    T(an_empty_file_is_refused_untouched),
	    T(uri_looking_names_are_plain_file_names),
	    T(uris_encode_every_special_byte),
	    T(creating_leaves_only_the_store),
	    T(a_store_appears_filled_or_not_at_all),
	    T(leftovers_of_dead_creations_are_removed),
	    T(a_text_file_is_refused_untouched),
	    T(a_foreign_sqlite_database_is_refused_untouched),
	    T(a_directory_is_refused),
	    T(a_failed_create_leaves_no_file_behind),
	    T(migrations_are_recorded_and_not_run_again),
	    T(a_store_from_a_newer_build_is_refused),
	    T(events_refuse_update_and_delete),
	    T(append_conflict_writes_nothing),
	    T(rollback_undoes_product_and_event_together),
	    T(writes_outside_a_transaction_are_refused),
	    T(a_second_writer_is_told_the_store_is_busy),
	    T(the_tally_times_lock_waits_and_holds),
	    T(the_tally_keeps_a_wait_that_ended_busy),
	    T(deleted_product_ids_are_never_reused),
	    T(search_treats_wildcards_as_plain_text),
	    T(a_list_callback_may_query_the_same_port),
	    T(a_damaged_event_is_a_storage_error),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
