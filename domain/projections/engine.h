/* The projection engine: projectors, their versions and checkpoints, catch-up, rebuild, verify. */
#ifndef BO_ENGINE_H
#define BO_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../money.h"
#include "../ports/ports.h"
#include "projections.h"

/* Also declared by the read-model port (the same type; C11 allows both). */
typedef int (*bo_diff_fn)(void *ctx, const bo_row *row, bo_row_side side);
/* row: the differing row, typed (ports/rows.h); side: where it only is */

/*
 * A projector turns events into its own read-model tables. Projectors do
 * not move their own checkpoint: the engine does, in the same transaction
 * as what apply wrote (projector state: name, version, checkpoint).
 */
typedef struct bo_projector {
	const char *name; /* "orders", "reports" */
	int version; /* bump when apply() changes: stored older version -> auto rebuild */
	int inline_apply; /* 1: applied by the services inside every append's transaction */
	int (*apply)(const bo_ports *p, const bo_currency *cur,
		     const bo_event *e, bo_err *err);
	int (*reset)(const bo_ports *p,
		     bo_err *err); /* empty this projector's tables */
	int (*snapshot)(const bo_ports *p,
			bo_err *err); /* copy its tables aside (verify) */
	int (*diff)(const bo_ports *p, bo_diff_fn each, void *ctx,
		    bo_err *err); /* live copy vs now */
	/* Its tables' shadow step (BO_SHADOW_*, ports/read_models.h), for an
	 * online rebuild; NULL or an adapter without shadow tables: the
	 * projector is rebuilt in one transaction. */
	int (*shadow)(const bo_ports *p, int op, bo_err *err);
	int (*can_shadow)(const bo_ports *p);
} bo_projector;

/* The order list, timeline and catalogue (inline; wraps bo_projection_apply). */
extern const bo_projector bo_projector_orders;

/* Every projector this build knows, in the order they are applied. */
size_t bo_projectors_count(void);
const bo_projector *bo_projectors_at(size_t i);
/* NULL when no projector has that name. */
const bo_projector *bo_projectors_find(const char *name);

/*
 * Progress of a replay: what is running ("rebuild orders, reports"), events
 * done and the total to do. Return non-zero to stop (the replay then ends
 * with BO_ESTOPPED); whatever the replay
 * wrote is then rolled back (rebuild, verify) or kept up to the last
 * committed batch (catch-up). May be NULL wherever it is taken.
 */
typedef int (*bo_replay_fn)(void *ctx, const char *what, int64_t done,
			    int64_t total);

/* Where one projector stands. */
typedef struct bo_projector_status {
	const char *name;   /* the projector's own name (static) */
	int code_version;   /* what this build's apply() is */
	int stored_version; /* what built the read model; 0: never built */
	int64_t checkpoint; /* last position applied */
	int64_t head;       /* last position in the log */
	int64_t lag;        /* head - checkpoint */
	int inline_apply;
} bo_projector_status;

typedef int (*bo_projector_status_fn)(void *ctx, const bo_projector_status *s);

/*
 * Applies e to every inline projector and moves their checkpoints to
 * e->position, inside the transaction that appended e (the services call
 * this after each append).
 */
int bo_projections_apply_inline(const bo_ports *p, const bo_currency *cur,
				const bo_event *e, bo_err *err);
/*
 * The same without moving the checkpoints, for a transaction that appends
 * many events and moves them once at its end (bo_projections_advance_inline
 * before its commit): a row updated once per event of one transaction costs
 * PostgreSQL a longer chain of row versions at every update.
 */
int bo_projections_apply_inline_only(const bo_ports *p, const bo_currency *cur,
				     const bo_event *e, bo_err *err);
/* Moves every inline projector's checkpoint to position. */
int bo_projections_advance_inline(const bo_ports *p, int64_t position,
				  bo_err *err);

/* Calls each once per projector, in registry order; a negative status from
 * each stops the walk and is returned (the stop rule of ports/ports.h). */
int bo_projections_status(const bo_ports *p, bo_projector_status_fn each,
			  void *ctx, bo_err *err);

/*
 * Applies the events after each projector's checkpoint (name: that one
 * projector; NULL: all), in batches, committing the read model and the
 * checkpoint together after every batch: each event is applied exactly once
 * whatever crashes in between. A projector whose stored version is not the
 * code's is rebuilt instead (online where the backend has shadow tables,
 * as bo_projections_rebuild). BO_ENOTFOUND for an unknown name.
 */
int bo_projections_catch_up(const bo_ports *p, const bo_currency *cur,
			    const char *name, bo_replay_fn progress, void *ctx,
			    bo_err *err);

/*
 * The write side's catch-up, inside the caller's transaction (a command's,
 * an import's): every catch-up projector whose stored version is this
 * build's takes the events after its checkpoint up to the head, and its
 * checkpoint moves with them in the same transaction. A projector never
 * built (no stored version, checkpoint 0) is built so, from the start;
 * stale ones (built by other code) are left to a rebuild. bulk: use the
 * adapters' bulk mode (an import; taken anyway when more than one batch of
 * events is to be applied). Memory stays at one batch.
 */
int bo_projections_follow(const bo_ports *p, const bo_currency *cur, int bulk,
			  bo_err *err);

/* How far one projector's read model is behind the log, read as it is. */
typedef struct bo_projector_lag {
	int64_t behind; /* events in the log after its checkpoint */
	int64_t
	    applied_at; /* recorded_at (ms) of the newest event applied; 0: none */
	int stale;      /* built by another version: needs a rebuild */
} bo_projector_lag;

/* Reads only. BO_ENOTFOUND for an unknown name. */
int bo_projections_lag(const bo_ports *p, const char *name,
		       bo_projector_lag *out, bo_err *err);

/*
 * What a replay went through: every event read, and those no projector can
 * read (an unknown type or a schema newer than this build). Those stay in the
 * log untouched and are counted here so a rebuild can say so: they are never
 * dropped silently.
 */
typedef struct bo_replay_stats {
	int64_t events;
	int64_t unprojected;
} bo_replay_stats;

/*
 * Rebuilds the projector's tables (name, or all when NULL) from the whole
 * log, online, while other connections keep writing:
 *
 * 1. a short transaction drops what an earlier rebuild left behind (a
 *    shadow of a crashed or killed run, old tables not yet dropped) and
 *    creates empty shadow tables beside the live ones;
 * 2. the log is replayed into the shadow in batches of ONLINE_BATCH events,
 *    each read outside any transaction and applied in a short write
 *    transaction of its own, so a writer waits for one batch, not the
 *    whole replay (a backend may also leave the lock free for a
 *    moment after each, as SQLite does); writers go on committing to
 *    the live tables meanwhile (their inline projectors keep the live
 *    model current);
 * 3. one last transaction applies what was appended since, up to the safe
 *    head (read under the write lock: nothing below it can still commit),
 *    swaps the shadow in for the live tables and records the code version
 *    and that head as the projector's state: readers see the old model
 *    until it commits, the new whole one after;
 * 4. short transactions drop the old tables, one index or table each
 *    (BO_SHADOW_TRIM), then END (if one fails, the next rebuild drops
 *    what is left).
 *
 * Two rebuilds at once do not mix: the later one takes the shadow over and
 * the earlier one stops with BO_ECONFLICT (the claim, engine.c).
 * A stop from progress (BO_ESTOPPED) or any failure before the swap
 * commits drops the shadow and leaves the live model and the projector
 * state exactly as they were. A crash leaves the shadow tables in the
 * store, unused and invisible to readers: the next rebuild drops them first.
 * An adapter without shadow tables (see bo_rm_shadow_supported) is rebuilt
 * the old way, in one transaction: all or nothing, writers wait.
 * BO_ENOTFOUND for an unknown name. stats (may be NULL) receives what the
 * replay went through.
 */
int bo_projections_rebuild(const bo_ports *p, const bo_currency *cur,
			   const char *name, bo_replay_fn progress, void *ctx,
			   bo_replay_stats *stats, bo_err *err);

/*
 * Rebuilds the projector (name, or all when NULL) beside the live read
 * model and reports every row that differs through each; *ndiff counts
 * them. Everything is rolled back: nothing changes, whatever the outcome.
 * BO_OK whether or not rows differ (look at *ndiff). BO_ENOTFOUND for an
 * unknown name.
 */
int bo_projections_verify(const bo_ports *p, const bo_currency *cur,
			  const char *name, bo_replay_fn progress, void *pctx,
			  bo_diff_fn each, void *ctx, int64_t *ndiff,
			  bo_err *err);

/*
 * At start-up (write commands, the TUI, `projections` commands; a read
 * command only notes a stale projector): rebuilds, in one replay, every
 * projector whose stored version differs from the code's (including never
 * built ones). Reads only when nothing is stale. Online as
 * bo_projections_rebuild where the backend has shadow tables, except that
 * while another live rebuild's claim stands (its process on this host
 * still there and its heartbeat, refreshed by each of its transactions,
 * younger than 60 s; a killed one's claim is dead and taken over) it
 * leaves the model as it is and
 * returns BO_OK, and losing the shadow to a rebuild started meanwhile is
 * BO_OK too; else in one transaction. *out_rebuilt (may be NULL) gets how
 * many were.
 */
int bo_projections_check_versions(const bo_ports *p, const bo_currency *cur,
				  bo_replay_fn progress, void *ctx,
				  int *out_rebuilt, bo_err *err);

#endif
