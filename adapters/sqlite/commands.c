/* The store port's recorded commands over SQLite: table commands, one row per command id. */
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

int bo_sq_command_get(void *self, const char *command_id,
		      bo_command_record *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc =
	    bo_sq_acquire(c, SQ_CMD_GET,
			  "SELECT command_id, fingerprint, result, recorded_at "
			  "FROM commands WHERE command_id = ?",
			  &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, command_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->recorded_at = sqlite3_column_int64(st, 3);
		if (bo_sq_column_dup(&out->command_id, st, 0) < 0 ||
		    bo_sq_column_dup(&out->fingerprint, st, 1) < 0 ||
		    bo_sq_column_dup(&out->result, st, 2) < 0) {
			bo_command_record_clear(out);
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory reading command %s",
					command_id);
		} else {
			rc = BO_OK;
		}
	} else if (rc == SQLITE_DONE) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"no command is recorded under id %s",
				command_id);
	} else {
		rc = bo_sq_error(c, rc, "reading a recorded command", err);
	}
	bo_sq_release(c, SQ_CMD_GET, st);
	return rc;
}

int bo_sq_command_put(void *self, const bo_command_record *r, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "record a command", err)) < 0)
		return rc;
	if (!r->command_id || !r->fingerprint)
		return bo_err_set(err, BO_EINVAL,
				  "a recorded command needs its id and "
				  "fingerprint");
	rc = bo_sq_acquire(c, SQ_CMD_PUT,
			   "INSERT INTO commands (command_id, fingerprint, "
			   "result, recorded_at) VALUES (?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, r->command_id);
	bo_sq_bind_text(st, 2, r->fingerprint);
	bo_sq_bind_text(st, 3, r->result);
	sqlite3_bind_int64(st, 4, r->recorded_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = BO_OK;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT,
				"a command is already recorded under id %s",
				r->command_id);
	else
		rc = bo_sq_error(c, rc, "recording a command", err);
	bo_sq_release(c, SQ_CMD_PUT, st);
	return rc;
}
