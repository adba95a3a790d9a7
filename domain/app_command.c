/* Commands sent with a command id: the rule, fingerprints, and the lookup and record in the write transaction. */
#include "app_command.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bo_app_command_id_validate(const char *id, bo_err *err)
{
	size_t n = 0;

	if (!id)
		goto bad;
	for (const char *p = id; *p; p++, n++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p > '~')
			goto bad;
	if (n >= 1 && n <= BO_COMMAND_ID_MAX)
		return BO_OK;
bad:
	return bo_err_set(err, BO_EINVAL,
			  "--command-id must be 1 to %d printable ASCII "
			  "characters without spaces",
			  BO_COMMAND_ID_MAX);
}

int bo_app_command_recorded(bo_app *app, const char *id, bo_err *err)
{
	bo_command_record r;
	int rc;

	if ((rc = bo_app_command_id_validate(id, err)) < 0)
		return rc;
	rc = bo_store_command_get(&app->ports->store, id, &r, err);
	bo_command_record_clear(&r);
	return rc;
}

/* ---- fingerprints ----------------------------------------------------------- */

static void put(bo_fp *f, const char *s, size_t n)
{
	if (f->off || f->nomem)
		return;
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 128;
		char *grown;

		while (cap < f->len + n + 1)
			cap *= 2;
		if (!(grown = realloc(f->buf, cap))) {
			f->nomem = 1;
			return;
		}
		f->buf = grown;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, s, n);
	f->len += n;
	f->buf[f->len] = '\0';
}

void bo_fp_str(bo_fp *f, const char *s)
{
	char head[32];
	int n;

	if (!s) {
		put(f, "-;", 2);
		return;
	}
	n = snprintf(head, sizeof(head), "%zu:", strlen(s));
	put(f, head, (size_t)n);
	put(f, s, strlen(s));
	put(f, ";", 1);
}

void bo_fp_int(bo_fp *f, int64_t v)
{
	char text[32];

	snprintf(text, sizeof(text), "%" PRId64, v);
	bo_fp_str(f, text);
}

void bo_fp_init(bo_fp *f, const bo_app *app, const char *command)
{
	memset(f, 0, sizeof(*f));
	f->off = app->command_id == NULL;
	put(f, command, strlen(command));
	put(f, ";", 1);
	bo_fp_str(f, app->user);
}

void bo_fp_free(bo_fp *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

/* ---- lookup and record ------------------------------------------------------- */

int bo_app_command_lookup(bo_app *app, const bo_fp *fp, char **result,
			  bo_err *err)
{
	bo_command_record r;
	int rc;

	*result = NULL;
	if (!app->command_id)
		return BO_OK;
	if ((rc = bo_app_command_id_validate(app->command_id, err)) < 0)
		return rc;
	if (fp->nomem)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	rc = bo_store_command_get(&app->ports->store, app->command_id, &r, err);
	if (rc == BO_ENOTFOUND)
		return BO_OK;
	if (rc < 0)
		return rc;
	if (strcmp(r.fingerprint, BO_COMMAND_RESTORED) == 0) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"command id %s came with an imported log, so "
				"what it answered is not known here; look the "
				"change up before sending it again with a new "
				"id",
				app->command_id);
	} else if (strcmp(r.fingerprint, fp->buf) != 0) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"command id %s was already used for another "
				"command or other arguments; send a new id",
				app->command_id);
	} else {
		*result = r.result;
		r.result = NULL;
		rc = 1;
	}
	bo_command_record_clear(&r);
	return rc;
}

int bo_app_command_once(bo_app *app, bo_fp *fp,
			int (*write)(bo_app *app, void *ctx, bo_err *err),
			void *ctx, bo_err *err)
{
	char *seen = NULL;
	int rc;

	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, fp, &seen, err)) != BO_OK ||
	    (rc = write(app, ctx, err)) < 0 ||
	    (rc = bo_app_command_record(app, fp, NULL, err)) < 0) {
		/* 1: sent before, and done then */
		bo_store_rollback(&app->ports->store);
		rc = rc == 1 ? BO_OK : rc;
		goto out;
	}
	rc = bo_store_commit(&app->ports->store, err);
out:
	free(seen);
	bo_fp_free(fp);
	return rc;
}

int bo_app_command_restore(bo_app *app, const char *command_id, int64_t at,
			   bo_err *err)
{
	bo_command_record r = {0};
	int rc;

	if (bo_app_command_id_validate(command_id, err) < 0)
		return bo_err_set(err, BO_EINVAL,
				  "metadata key 'command_id' must be 1 to %d "
				  "printable ASCII characters without spaces",
				  BO_COMMAND_ID_MAX);
	rc = bo_store_command_get(&app->ports->store, command_id, &r, err);
	bo_command_record_clear(&r);
	if (rc != BO_ENOTFOUND)
		return rc;
	r.command_id = (char *)command_id;
	r.fingerprint = BO_COMMAND_RESTORED;
	r.recorded_at = at;
	return bo_store_command_put(&app->ports->store, &r, err);
}

int bo_app_command_record(bo_app *app, const bo_fp *fp, const char *result,
			  bo_err *err)
{
	bo_command_record r = {0};

	if (!app->command_id)
		return BO_OK;
	if (fp->nomem)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	r.command_id = (char *)app->command_id;
	r.fingerprint = fp->buf;
	r.result = (char *)result;
	r.recorded_at = bo_clock_now(&app->clock);
	return bo_store_command_put(&app->ports->store, &r, err);
}

int bo_app_command_record_stream(bo_app *app, const bo_fp *fp,
				 const char *prefix, int64_t id, bo_err *err)
{
	char stream[48], result[96];
	int64_t version = 0;
	int rc;

	if (!app->command_id)
		return BO_OK;
	snprintf(stream, sizeof(stream), "%s-%" PRId64, prefix, id);
	if ((rc = bo_event_store_stream_version(&app->ports->events, stream,
						&version, err)) < 0)
		return rc;
	snprintf(result, sizeof(result), "%s@%" PRId64, stream, version);
	return bo_app_command_record(app, fp, result, err);
}

int bo_app_command_result_stream(const char *result, const char *prefix,
				 int64_t *id, int64_t *version, bo_err *err)
{
	size_t n = strlen(prefix);
	const char *at;
	char *end;
	long long v;

	if (!result || strncmp(result, prefix, n) != 0 || result[n] != '-' ||
	    !(at = strchr(result + n + 1, '@')))
		goto bad;
	v = strtoll(result + n + 1, &end, 10);
	if (end != at || v <= 0)
		goto bad;
	*id = (int64_t)v;
	v = strtoll(at + 1, &end, 10);
	if (*end || v <= 0)
		goto bad;
	*version = (int64_t)v;
	return BO_OK;
bad:
	return bo_err_set(err, BO_ESTORAGE,
			  "the result recorded for a command (%s) is not a %s "
			  "stream and version",
			  result ? result : "none", prefix);
}

int bo_app_command_mark(bo_app *app, const char *what, int *seen, bo_err *err)
{
	char *result = NULL;
	bo_fp fp = {0};
	int rc;

	*seen = 0;
	if ((rc = bo_app_command_id_validate(app->command_id, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, what);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &result, err)) != BO_OK ||
	    (rc = bo_app_command_record(app, &fp, NULL, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		*seen = rc == 1;
		rc = rc == 1 ? BO_OK : rc;
		goto out;
	}
	rc = bo_store_commit(&app->ports->store, err);
out:
	free(result);
	bo_fp_free(&fp);
	return rc;
}
