/* The store file before and just after SQLite opens it: what it is, how to name it, whether it may be written. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters/sqlite/sqlite_internal.h"

#define HEADER_SIZE 100

static const char sqlite_magic[16] = "SQLite format 3";

/* What the first bytes of a file (got of them, size in all) say it is. */
static bo_sq_file_kind classify(const unsigned char *hdr, size_t got,
				long long size)
{
	uint32_t app_id;

	if (size == 0)
		return BO_SQ_FILE_EMPTY;
	if (got < HEADER_SIZE ||
	    memcmp(hdr, sqlite_magic, sizeof(sqlite_magic)) != 0)
		return BO_SQ_FILE_NOT_DB;
	app_id = (uint32_t)hdr[68] << 24 | (uint32_t)hdr[69] << 16 |
		 (uint32_t)hdr[70] << 8 | (uint32_t)hdr[71];
	return app_id == BO_SQ_APPLICATION_ID ? BO_SQ_FILE_STORE
					      : BO_SQ_FILE_FOREIGN_DB;
}

/* Reads up to HEADER_SIZE bytes from the start of fd. -1 and errno. */
static ssize_t read_header(int fd, unsigned char *hdr)
{
	size_t got = 0;

	while (got < HEADER_SIZE) {
		ssize_t n = pread(fd, hdr + got, HEADER_SIZE - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Whether path opens for writing and is still the file fd has open. Opening
 * a regular file O_RDWR (no O_CREAT, no O_TRUNC) changes nothing in it. */
static bool opens_for_writing(const char *path, const struct stat *was)
{
	struct stat sb;
	bool same;
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return false;
	same = fstat(fd, &sb) == 0 && sb.st_dev == was->st_dev &&
	       sb.st_ino == was->st_ino;
	close(fd);
	return same;
}

int bo_sq_inspect(bo_sq_file *out, const char *path, bo_err *err)
{
	unsigned char hdr[HEADER_SIZE];
	struct stat sb;
	ssize_t got;
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	/* O_NONBLOCK: a fifo must not hang us; it is refused below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT) {
			out->kind = BO_SQ_FILE_MISSING;
			return 0;
		}
		return bo_err_set(err, errno == EACCES ? BO_EPERM : BO_ESTORAGE,
				  "cannot read %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s", path,
				strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = bo_err_set(err, BO_EINVAL, "%s is not a regular file",
				path);
		goto done;
	}
	if ((got = read_header(fd, hdr)) < 0) {
		rc = bo_err_set(err, BO_ESTORAGE, "cannot read %s: %s", path,
				strerror(errno));
		goto done;
	}
	out->kind = classify(hdr, (size_t)got, (long long)sb.st_size);
	out->dev = sb.st_dev;
	out->ino = sb.st_ino;
	out->writable = opens_for_writing(path, &sb);
done:
	close(fd);
	return rc;
}

/* Bytes a SQLite URI path may carry as they are; every other is %XX. */
static bool uri_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '/' || ch == '.' ||
	       ch == '-' || ch == '_' || ch == '~';
}

char *bo_sq_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	/* "file://" keeps the authority empty for an absolute path, so a path
	 * that starts with "//" is not read as a host name; "file:./" keeps a
	 * relative one from decoding to a name SQLite treats specially
	 * (":memory:") */
	const char *scheme = path[0] == '/' ? "file://" : "file:./";
	size_t n = strlen(scheme) + 3 * strlen(path) + 1 + strlen(query) + 1;
	char *uri = malloc(n), *o;

	if (!uri)
		return NULL;
	o = uri + strlen(scheme);
	memcpy(uri, scheme, strlen(scheme));
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_plain(*p)) {
			*o++ = (char)*p;
			continue;
		}
		*o++ = '%';
		*o++ = hex[*p >> 4];
		*o++ = hex[*p & 15];
	}
	*o++ = '?';
	memcpy(o, query, strlen(query) + 1);
	return uri;
}

/* name + suffix in a new string, or NULL. */
static char *with_suffix(const char *name, const char *suffix)
{
	size_t a = strlen(name), b = strlen(suffix);
	char *s = malloc(a + b + 1);

	if (s) {
		memcpy(s, name, a);
		memcpy(s + a, suffix, b + 1);
	}
	return s;
}

int bo_sq_access(bo_sq_file *f, const char *path, bo_err *err)
{
	char *real = realpath(path, NULL), *wal = NULL, *shm = NULL, *slash;
	const char *name = real ? real : path;
	bool dir_ok;
	int rc = 0;

	f->read_only = !f->writable;
	f->immutable = false;
	/* SQLite keeps NAME-wal and NAME-shm beside the file a link points
	 * to, so that is the directory to look at */
	wal = with_suffix(name, "-wal");
	shm = with_suffix(name, "-shm");
	if (!wal || !shm) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory opening %s",
				path);
		goto done;
	}
	if (!f->read_only) {
		slash = strrchr(wal, '/');
		if (!slash) {
			dir_ok = access(".", W_OK | X_OK) == 0;
		} else if (slash == wal) {
			dir_ok = access("/", W_OK | X_OK) == 0;
		} else {
			*slash = '\0';
			dir_ok = access(wal, W_OK | X_OK) == 0;
			*slash = '/';
		}
		/* a directory we cannot write is fine while both side files
		 * are there for us to write */
		f->read_only = !dir_ok && (access(wal, W_OK) != 0 ||
					   access(shm, W_OK) != 0);
	}
	/* With no log beside it, the file is the whole store: read it as it
	 * is, taking no locks and making no side file. With a log, SQLite
	 * reads both through the shared-memory index, read-only. */
	if (f->read_only)
		f->immutable = access(wal, F_OK) != 0 && errno == ENOENT;
done:
	free(real);
	free(wal);
	free(shm);
	return rc;
}

int bo_sq_check_opened(sqlite3 *db, const bo_sq_file *want, const char *path,
		       bo_err *err)
{
	unsigned char hdr[HEADER_SIZE];
	sqlite3_file *fp = NULL;
	sqlite3_int64 size = 0;
	const char *name = sqlite3_db_filename(db, "main");
	struct stat sb;
	int n, rc, moved = 0;

	/* the name SQLite resolved must be the file looked at ... */
	if (!name || stat(name, &sb) != 0 || sb.st_dev != want->dev ||
	    sb.st_ino != want->ino)
		goto changed;
	/* ... still the inode SQLite's open descriptor has (the unix VFS
	 * compares the fstat it took when opening with the name now) ... */
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) ==
		SQLITE_OK &&
	    moved)
		goto changed;
	/* ... and what its own handle reads must be what was seen */
	rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &fp);
	if (rc != SQLITE_OK || !fp || !fp->pMethods)
		return bo_err_set(err, BO_ESTORAGE,
				  "cannot check the file SQLite opened for %s",
				  path);
	if (fp->pMethods->xFileSize(fp, &size) != SQLITE_OK)
		goto changed;
	n = size < HEADER_SIZE ? (int)size : HEADER_SIZE;
	memset(hdr, 0, sizeof(hdr));
	if (n > 0 && fp->pMethods->xRead(fp, hdr, n, 0) != SQLITE_OK)
		goto changed;
	if (classify(hdr, (size_t)n, (long long)size) != want->kind)
		goto changed;
	return 0;
changed:
	return bo_err_set(err, BO_ESTORAGE,
			  "%s changed while it was being opened; nothing was "
			  "written to it",
			  path);
}
