/* Inside the application services: the helpers app.c gives the files of the use cases (users, products, orders). */
#ifndef BO_APP_INTERNAL_H
#define BO_APP_INTERNAL_H

#include <stdint.h>

#include "app.h"
#include "app_command.h" /* bo_app_append_one, fingerprints, command ids */

/* BO_OK when the acting user's role may do cap; otherwise BO_EPERM, the
 * message naming the user, the role and what was refused. */
int bo_app_require(const bo_app *app, bo_capability cap, bo_err *err);

/* Sets err to BO_ENOMEM ("out of memory") and returns BO_ENOMEM. */
int bo_app_nomem(bo_err *err);

/*
 * Fills the envelope of a new event e decided by this invocation: a fresh
 * event id, recorded_at now, the type name and schema version of e->kind
 * unless already set, and the metadata (acting user, role, tenant,
 * correlation and causation ids of this bo_app_open, the command id when the
 * call carries one). Strings are e's own (bo_event_clear). BO_ENOMEM without
 * touching err (the caller names it).
 */
int bo_app_stamp(bo_app *app, bo_event *e, int64_t now);

/*
 * A write command's one commit, with its write transaction open (the
 * change, its events and the command record done): runs the reactors, each
 * handled event's effect in a nested level, then (unless app->follow_later)
 * the catch-up of the projectors that are not inline, in a nested level;
 * neither failure fails the command (they land in app->reactor_err and
 * app->follow_err). Then commits. On a negative return the caller rolls
 * its transaction back.
 */
int bo_app_commit_command(bo_app *app, bo_err *err);

#endif
