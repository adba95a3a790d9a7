/* Creating a store in one step: built aside in a temporary file, then linked into place. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "adapters/sqlite/sqlite_internal.h"
#include "adapters/sqlite/sqlite_store.h"

/* Temporary stores are ".backoffice-init-PID-NONCE" in the target's
 * directory: hidden, and naming the process that builds them. */
#define TMP_PREFIX ".backoffice-init-"
#define TMP_TRIES 16

static const char *const side_suffixes[] = {"-wal", "-shm", "-journal"};

/* The directory part of path ("." when it has none), or NULL. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *dir;

	if (!slash)
		return strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	if (!(dir = malloc(n + 1)))
		return NULL;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

static char *join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* Removes the side files (journal, WAL, shared memory) of name. */
static void remove_tmp_sides(const char *tmp)
{
	for (size_t i = 0; i < sizeof(side_suffixes) / sizeof(*side_suffixes);
	     i++) {
		char *side = join3(tmp, side_suffixes[i], "");

		if (side)
			unlink(side);
		free(side);
	}
}

/* Removes the temporary store name and its side files (ours alone). */
static void remove_tmp(const char *tmp)
{
	unlink(tmp);
	remove_tmp_sides(tmp);
}

/*
 * Removes what a killed creation left in dir: entries named TMP_PREFIX
 * PID-... whose process is gone, that are regular files of this user. Best
 * effort. Such a file was never linked as a store, or it is a second name
 * of one that was (killed between link and unlink), so removing the name
 * loses nothing.
 */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *p = e->d_name + strlen(TMP_PREFIX);
		struct stat sb;
		long long pid = 0;
		char *name;

		if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		for (; *p >= '0' && *p <= '9' && pid < 1LL << 31; p++)
			pid = pid * 10 + (*p - '0');
		if (*p != '-' || pid <= 0 || pid >= 1LL << 31 ||
		    pid == (long long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (!(name = join3(dir, "/", e->d_name)))
			continue;
		if (lstat(name, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == geteuid())
			unlink(name);
		free(name);
	}
	closedir(d);
}

/* Creates a fresh temporary file in dir (O_EXCL, 0600): its name in *out,
 * its inode in *f (kind EMPTY). */
static int make_tmp(char **out, bo_sq_file *f, const char *dir,
		    const char *path, bo_err *err)
{
	static unsigned counter;
	struct timespec ts;
	struct stat sb;
	char tail[64];
	int fd = -1;

	*out = NULL;
	for (int i = 0; i < TMP_TRIES && fd < 0; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(tail, sizeof(tail), "%ld-%lx%x", (long)getpid(),
			 (unsigned long)ts.tv_nsec, ++counter);
		free(*out);
		if (!(*out = join3(dir, "/" TMP_PREFIX, tail)))
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory creating %s", path);
		fd = open(*out, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		int e = errno;

		free(*out);
		*out = NULL;
		return bo_err_set(err, e == EACCES ? BO_EPERM : BO_ESTORAGE,
				  "cannot create the store at %s: %s", path,
				  strerror(e));
	}
	memset(f, 0, sizeof(*f));
	if (fstat(fd, &sb) != 0) {
		int e = errno;

		close(fd);
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot create the store at %s: %s", path,
				  strerror(e));
	}
	close(fd);
	f->kind = BO_SQ_FILE_EMPTY;
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->writable = true;
	return 0;
}

/* fsync(2) of a file or directory by name. */
static int sync_path(const char *name, int flags)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC | flags), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Fills, checkpoints and closes the temporary store: afterwards the file
 * alone holds all of it (its log is named after it, so it must be empty). */
static int build(const char *tmp, const bo_sq_file *f, const char *path,
		 bo_sqlite_fill_fn fill, void *ctx, bo_err *err)
{
	bo_sqlite *c = NULL;
	bo_ports ports;
	struct stat sb;
	char *wal = NULL;
	int rc;

	if ((rc = bo_sq_connect(&c, tmp, path, f, true, err)) < 0)
		return rc;
	bo_sq_ports(&ports, c);
	if (fill && (rc = fill(&ports, ctx, err)) < 0)
		goto done;
	rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
				       NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = bo_sq_error(c, rc, "writing the new store out", err);
		goto done;
	}
	bo_sq_close(c);
	c = NULL;
	if (!(wal = join3(tmp, "-wal", ""))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory creating %s",
				path);
		goto done;
	}
	if (stat(wal, &sb) == 0 && sb.st_size > 0) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"the new store for %s was not written out in "
				"full; nothing was created",
				path);
		goto done;
	}
	if (sync_path(tmp, 0) != 0) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"cannot sync the new store for %s: %s", path,
				strerror(errno));
		goto done;
	}
	rc = 0;
done:
	bo_sq_close(c);
	free(wal);
	return rc;
}

/* What is already at path, as a refusal (0 when nothing is). */
static int refuse_existing(const char *path, bo_err *err)
{
	struct stat sb;
	bo_sq_file f;
	int rc;

	if ((rc = bo_sq_inspect(&f, path, err)) < 0)
		return rc;
	switch (f.kind) {
	case BO_SQ_FILE_MISSING:
		if (lstat(path, &sb) == 0)
			return bo_err_set(err, BO_EINVAL,
					  "%s is a symbolic link to nothing; "
					  "init creates no store through it",
					  path);
		return 0;
	case BO_SQ_FILE_STORE:
		return bo_err_set(err, BO_ECONFLICT,
				  "a store already exists at %s", path);
	case BO_SQ_FILE_EMPTY:
		return bo_err_set(err, BO_EINVAL,
				  "%s is an empty file, not a backoffice "
				  "store; init makes the file itself, so "
				  "remove it or choose another path",
				  path);
	case BO_SQ_FILE_FOREIGN_DB:
		return bo_err_set(err, BO_EINVAL,
				  "%s is a SQLite database of another "
				  "application, not a backoffice store",
				  path);
	case BO_SQ_FILE_NOT_DB:
		break;
	}
	return bo_err_set(err, BO_EINVAL, "%s is not a SQLite database", path);
}

int bo_sqlite_create(const char *path, bo_sqlite_fill_fn fill, void *ctx,
		     bo_err *err)
{
	char *dir = NULL, *tmp = NULL;
	bool linked = false;
	bo_sq_file f;
	int rc;

	if (!path || !*path)
		return bo_err_set(err, BO_EINVAL, "the store path is empty");
	if ((rc = refuse_existing(path, err)) < 0)
		return rc;
	if (!(dir = dir_of(path))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory creating %s",
				path);
		goto done;
	}
	remove_stale(dir);
	if ((rc = make_tmp(&tmp, &f, dir, path, err)) < 0)
		goto done;
	if ((rc = build(tmp, &f, path, fill, ctx, err)) < 0)
		goto done;
	/* The one step that makes the store appear: link(2) never replaces
	 * what is at path, so of racing creations exactly one gets here. */
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			rc = bo_err_set(err, BO_ECONFLICT,
					"a store already exists at %s", path);
		else
			rc = bo_err_set(err, BO_ESTORAGE,
					"cannot put the new store at %s: %s",
					path, strerror(errno));
		goto done;
	}
	linked = true;
	rc = 0;
done:
	if (tmp) {
		if (linked)
			unlink(tmp);
		else
			remove_tmp(tmp);
	}
	/* Best effort: the store is in place whether or not this succeeds. */
	if (linked)
		sync_path(dir, O_DIRECTORY);
	free(tmp);
	free(dir);
	return rc;
}

int bo_sqlite_destroy(const char *path, bo_err *err)
{
	bo_sq_file f;
	int rc;

	if ((rc = bo_sq_inspect(&f, path, err)) < 0)
		return rc;
	if (f.kind == BO_SQ_FILE_MISSING)
		return bo_err_set(err, BO_ENOTFOUND, "no store at %s", path);
	if (f.kind != BO_SQ_FILE_STORE)
		return bo_err_set(err, BO_EINVAL,
				  "%s is not a backoffice store; left as it is",
				  path);
	if (unlink(path) != 0)
		return bo_err_set(err, errno == EACCES ? BO_EPERM : BO_ESTORAGE,
				  "cannot remove %s: %s", path,
				  strerror(errno));
	/* the side files mean nothing without the store */
	remove_tmp_sides(path);
	return BO_OK;
}
