/* The store port's recorded commands over PostgreSQL: table commands, one row per command id. */
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

int bo_pg_command_get(void *self, const char *command_id,
		      bo_command_record *out, bo_err *err)
{
	bo_pg *c = self;
	memset(out, 0, sizeof *out);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, command_id);
	PGresult *r;
	int rc = bo_pg_run(c, PG_CMD_GET,
			   "SELECT command_id, fingerprint, result, "
			   "recorded_at FROM @.commands WHERE command_id = $1",
			   &a, &r, "reading a recorded command", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 0) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"no command is recorded under id %s",
				command_id);
	} else {
		out->recorded_at = bo_pg_int64(r, 0, 3);
		if ((rc = bo_pg_dup(&out->command_id, r, 0, 0, err)) < 0 ||
		    (rc = bo_pg_dup(&out->fingerprint, r, 0, 1, err)) < 0 ||
		    (rc = bo_pg_dup(&out->result, r, 0, 2, err)) < 0)
			bo_command_record_clear(out);
	}
	PQclear(r);
	return rc;
}

int bo_pg_command_put(void *self, const bo_command_record *r, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "record a command", err)) < 0)
		return rc;
	if (!r->command_id || !r->fingerprint)
		return bo_err_set(err, BO_EINVAL,
				  "a recorded command needs its id and "
				  "fingerprint");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, r->command_id);
	bo_pg_arg_text(&a, r->fingerprint);
	bo_pg_arg_text(&a, r->result);
	bo_pg_arg_int(&a, r->recorded_at);
	c->wrote = true;
	/* guarded: an id already recorded is an answer, and the transaction
	 * must stay usable after it */
	rc = bo_pg_run_guarded(c, PG_CMD_PUT,
			       "INSERT INTO @.commands (command_id, "
			       "fingerprint, result, recorded_at) VALUES ($1, "
			       "$2, $3, $4)",
			       &a, NULL, "recording a command", err);
	if (rc == BO_ECONFLICT)
		return bo_err_set(err, BO_ECONFLICT,
				  "a command is already recorded under id %s",
				  r->command_id);
	return rc;
}
