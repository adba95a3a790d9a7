/* Inside the application services: appending with the inline projections, and commands sent with a command id, answered once. */
#ifndef BO_APP_COMMAND_H
#define BO_APP_COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

/* Appends e to stream at expected and runs every inline projector on it,
 * with its checkpoint, inside the caller's transaction. stream may point
 * into e (the store rewrites e->stream). BO_ECONFLICT when the stream is
 * not at expected; the event store's and the projectors' statuses. */
int bo_app_append_one(bo_app *app, const char *stream, int64_t expected,
		      bo_event *e, bo_err *err);

/*
 * A command's fingerprint: its name, the acting user and each argument as
 * the service received it, every field length-prefixed (NULL apart from "")
 * so two different calls never read the same. Built only when the call
 * carries a command id (app->command_id); otherwise every call is a no-op.
 */
typedef struct bo_fp {
	char *buf;
	size_t len, cap;
	int off;   /* no command id: nothing is built */
	int nomem; /* an append failed: lookups report BO_ENOMEM */
} bo_fp;

void bo_fp_init(bo_fp *f, const bo_app *app, const char *command);
void bo_fp_str(bo_fp *f, const char *s);
void bo_fp_int(bo_fp *f, int64_t v);
void bo_fp_free(bo_fp *f);

/*
 * Inside the command's write transaction, before it changes anything:
 * BO_OK when the call carries no command id or none is recorded under it
 * (go on, then bo_app_command_record); 1 when the same command is recorded
 * under it, *result (the caller's, free(); may be NULL) being what it
 * answered: do nothing more; BO_ECONFLICT naming the id when another
 * command is; BO_EINVAL for an id that breaks the rule; BO_ENOMEM,
 * BO_ESTORAGE.
 */
int bo_app_command_lookup(bo_app *app, const bo_fp *fp, char **result,
			  bo_err *err);

/*
 * One write that answers with its outcome alone, under app's command id:
 * begins a transaction, looks fp up (sent before with the same arguments:
 * nothing runs again and BO_OK stands; other arguments: BO_ECONFLICT),
 * runs write, records fp and commits; any failure rolls back. fp is freed
 * either way. For services whose answer is the store's state after them
 * (user add, user role, alerts ack, settings set).
 */
int bo_app_command_once(bo_app *app, bo_fp *fp,
			int (*write)(bo_app *app, void *ctx, bo_err *err),
			void *ctx, bo_err *err);

/*
 * What a restore records for a command id it meets in imported metadata (a
 * log carries ids, not fingerprints). No real fingerprint reads so (each
 * holds a ';'), so the id stays taken: a command sent again with it after
 * the restore is refused (BO_ECONFLICT, saying why), never run twice.
 */
#define BO_COMMAND_RESTORED "restored from an imported log"

/* Inside the import's transaction: takes command_id for the restored log
 * unless it is recorded already (a command's later events carry it too).
 * at: when it was first recorded (ms). BO_ESTORAGE, BO_ENOMEM. */
int bo_app_command_restore(bo_app *app, const char *command_id, int64_t at,
			   bo_err *err);

/* In the same transaction, after the command's changes: records it with
 * result (may be NULL). A no-op without a command id. */
int bo_app_command_record(bo_app *app, const bo_fp *fp, const char *result,
			  bo_err *err);

/* The same, with result "<stream>@<version>" of the stream's last event,
 * the stream being "<prefix>-<id>". */
int bo_app_command_record_stream(bo_app *app, const bo_fp *fp,
				 const char *prefix, int64_t id, bo_err *err);

/* Parses a result recorded by bo_app_command_record_stream into the id of
 * its stream (of prefix) and the version. BO_ESTORAGE when it does not
 * read so. */
int bo_app_command_result_stream(const char *result, const char *prefix,
				 int64_t *id, int64_t *version, bo_err *err);

#endif
