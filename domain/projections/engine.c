/* The projection engine: the registry, checkpoints, catch-up, rebuild, verify, version checks. */
#include "engine.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "reports.h"

/* Events read from the log per query: large enough that the per-query cost
 * vanishes, small enough that a batch's memory stays a few megabytes. */
#define BATCH 5000
/* Events per write transaction of an online rebuild: measured at 20-50 ms
 * of holding the write lock on a loaded machine (500 halved the rate and
 * did not shorten the longest waits, which other writers' queue makes). */
#define ONLINE_BATCH 1000
/* The last transaction of an online rebuild starts once fewer events than
 * this are left to apply: the batches before take the rest. */
#define FINISH_MAX 100
#define MAX_PROJECTORS 16

/* ---- the orders projector ------------------------------------------------ */

static int orders_apply(const bo_ports *p, const bo_currency *cur,
			const bo_event *e, bo_err *err)
{
	return bo_projection_apply(&p->rm, cur, e, err);
}

static int orders_reset(const bo_ports *p, bo_err *err)
{
	return bo_rm_reset(&p->rm, err);
}

static int orders_snapshot(const bo_ports *p, bo_err *err)
{
	return bo_rm_snapshot(&p->rm, err);
}

static int orders_diff(const bo_ports *p, bo_diff_fn each, void *ctx,
		       bo_err *err)
{
	return bo_rm_diff(&p->rm, each, ctx, err);
}

static int orders_shadow(const bo_ports *p, int op, bo_err *err)
{
	return bo_rm_shadow(&p->rm, op, err);
}

static int orders_can_shadow(const bo_ports *p)
{
	return bo_rm_shadow_supported(&p->rm);
}

const bo_projector bo_projector_orders = {
    .name = BO_PROJECTOR_INLINE,
    /* 2: the search keys (order_keys); 3: the SKUs each product ever
     * carried (product_skus) */
    .version = 3,
    .inline_apply = 1,
    .apply = orders_apply,
    .reset = orders_reset,
    .snapshot = orders_snapshot,
    .diff = orders_diff,
    .shadow = orders_shadow,
    .can_shadow = orders_can_shadow,
};

/* ---- registry ------------------------------------------------------------ */

static const bo_projector *const registry[] = {
    &bo_projector_orders,
    &bo_projector_reports,
};

#define NREGISTRY (sizeof(registry) / sizeof(registry[0]))

size_t bo_projectors_count(void)
{
	return NREGISTRY;
}

const bo_projector *bo_projectors_at(size_t i)
{
	return i < NREGISTRY ? registry[i] : NULL;
}

const bo_projector *bo_projectors_find(const char *name)
{
	for (size_t i = 0; name && i < NREGISTRY; i++)
		if (strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

/* ---- a replay: which projectors, over which positions ---------------------- */

/* Projector i takes the events with from[i] < position <= upto[i]. */
typedef struct run {
	const bo_ports *p;
	const bo_currency *cur;
	const bo_projector *pr[MAX_PROJECTORS];
	int64_t from[MAX_PROJECTORS], upto[MAX_PROJECTORS];
	size_t n;
	char what[160]; /* "rebuild orders, reports": for the progress bar */
	bo_replay_fn progress;
	void *ctx;
	bo_replay_stats stats; /* events read, events no projector can read */
	int64_t owner; /* online rebuild: the claim its shadow was made under */
} run;

/* Fills r->pr with the named projector, or every one for NULL. */
static int select_projectors(run *r, const char *name, bo_err *err)
{
	r->n = 0;
	if (name) {
		const bo_projector *pr = bo_projectors_find(name);

		if (!pr)
			return bo_err_set(err, BO_ENOTFOUND,
					  "there is no projector called %s",
					  name);
		r->pr[r->n++] = pr;
		return BO_OK;
	}
	for (size_t i = 0; i < NREGISTRY && i < MAX_PROJECTORS; i++)
		r->pr[r->n++] = registry[i];
	return BO_OK;
}

/* "verb a, b": what the progress bar says is running. */
static void describe(run *r, const char *verb)
{
	size_t len = (size_t)snprintf(r->what, sizeof(r->what), "%s", verb);

	for (size_t i = 0; i < r->n && len < sizeof(r->what); i++)
		len += (size_t)snprintf(r->what + len, sizeof(r->what) - len,
					"%s%s", i ? ", " : " ", r->pr[i]->name);
}

static int stopped(bo_err *err)
{
	return bo_err_set(err, BO_ESTOPPED,
			  "the replay was stopped before the end; the read "
			  "models are as they were");
}

static int report(const run *r, int64_t done, int64_t total)
{
	if (!r->progress)
		return 0;
	if (done > total)
		done = total;
	return r->progress(r->ctx, r->what, done, total);
}

/* Bulk mode of both read-model ports for a replay inside one transaction:
 * the adapters hold rows in memory and write each once (see the bulk ops). */
static int bulk(const bo_ports *p, int on, bo_err *err)
{
	int rc = bo_rm_bulk(&p->rm, on, err);

	return rc != BO_OK ? rc : bo_rs_bulk(&p->reports, on, err);
}

/* The hot loop of every replay: each event to each projector whose range
 * holds it. */
static int apply_batch(run *r, const bo_event_list *b, bo_err *err)
{
	for (size_t k = 0; k < b->n; k++) {
		const bo_event *e = &b->items[k];

		r->stats.events++;
		if (e->kind == BO_EV_UNKNOWN)
			r->stats.unprojected++;
		for (size_t i = 0; i < r->n; i++) {
			int rc;

			if (e->position <= r->from[i] ||
			    e->position > r->upto[i])
				continue;
			if ((rc = r->pr[i]->apply(r->p, r->cur, e, err)) != 0)
				return rc;
		}
	}
	return BO_OK;
}

/* Frees the events of a batch but keeps its array for the next one. */
static void batch_empty(bo_event_list *b)
{
	for (size_t i = 0; i < b->n; i++)
		bo_event_clear(&b->items[i]);
	b->n = 0;
}

/*
 * Reads the log in batches from the lowest from[] up to the highest upto[]
 * and applies it, inside the caller's transaction. Memory stays at one
 * batch however long the log.
 */
static int replay(run *r, bo_err *err)
{
	bo_event_list b = {0};
	int64_t start = INT64_MAX, end = 0, after;
	int rc = BO_OK;

	for (size_t i = 0; i < r->n; i++) {
		if (r->from[i] < start)
			start = r->from[i];
		if (r->upto[i] > end)
			end = r->upto[i];
	}
	if (r->n == 0 || start >= end)
		return report(r, 0, 0) ? stopped(err) : BO_OK;
	if (report(r, 0, end - start))
		return stopped(err);
	for (after = start; after < end;) {
		if ((rc = bo_event_store_read_all(&r->p->events, after, BATCH,
						  &b, err)) != BO_OK ||
		    b.n == 0)
			break;
		if ((rc = apply_batch(r, &b, err)) != BO_OK)
			break;
		after = b.items[b.n - 1].position;
		batch_empty(&b);
		if (report(r, after - start, end - start)) {
			rc = stopped(err);
			break;
		}
	}
	batch_empty(&b);
	bo_event_list_clear(&b);
	return rc;
}

/* Resets the selected projectors and replays the whole log into them;
 * inside the caller's transaction. */
static int rebuild_in_tx(run *r, bo_err *err)
{
	int64_t head;
	int rc;

	if ((rc = bo_event_store_head(&r->p->events, &head, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < r->n; i++) {
		r->from[i] = 0;
		r->upto[i] = head;
		if ((rc = r->pr[i]->reset(r->p, err)) != BO_OK)
			return rc;
	}
	if ((rc = bulk(r->p, 1, err)) != BO_OK ||
	    (rc = replay(r, err)) != BO_OK ||
	    (rc = bulk(r->p, 0, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < r->n; i++)
		if ((rc = bo_rm_projector_set(&r->p->rm, r->pr[i]->name,
					      r->pr[i]->version, head, err)) !=
		    BO_OK)
			return rc;
	return BO_OK;
}

static int rebuild_run(run *r, bo_err *err)
{
	int rc;

	if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
		return rc;
	if ((rc = rebuild_in_tx(r, err)) != BO_OK) {
		bo_store_rollback(&r->p->store);
		return rc;
	}
	return bo_store_commit(&r->p->store, err);
}

/* ---- online rebuild: shadow tables, short transactions, a swap ------------ */

/* Whether every selected projector can be built beside its live tables. */
static int can_go_online(const run *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->pr[i]->shadow || !r->pr[i]->can_shadow ||
		    !r->pr[i]->can_shadow(r->p))
			return 0;
	return r->n > 0;
}

static int shadow_step(run *r, int op, bo_err *err)
{
	int rc;

	for (size_t i = 0; i < r->n; i++)
		if ((rc = r->pr[i]->shadow(r->p, op, err)) != BO_OK)
			return rc;
	return BO_OK;
}

/* The setting that says which rebuild the shadow tables belong to. */
#define SHADOW_OWNER "projections.rebuild"
/* The claim of the rebuild under way, "0" once it ended (its own END
 * transaction clears it; a crashed or killed rebuild leaves it):
 * "<owner> <pid> <host> <heartbeat, s since the epoch>". */
#define SHADOW_ACTIVE "projections.rebuild.active"
/* A claim whose heartbeat is older than this is dead: each batch and each
 * trim transaction refreshes it, seconds apart at most. */
#define CLAIM_DEAD_AFTER_S 60

/* This machine's name (uname nodename) with blanks made '_', so the claim
 * stays four words; "?" when unknown. */
static void claim_host(char *out, size_t size)
{
	struct utsname u;

	snprintf(out, size, "%s", uname(&u) == 0 ? u.nodename : "?");
	for (char *c = out; *c; c++)
		if (*c == ' ' || *c == '\t' || *c == '\n')
			*c = '_';
	if (!*out)
		snprintf(out, size, "?");
}

static int owner_read(run *r, int64_t *out, bo_err *err)
{
	char *text = NULL;
	int rc = bo_store_setting_get(&r->p->store, SHADOW_OWNER, &text, err);

	*out = 0;
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		return BO_OK;
	}
	if (rc == BO_OK)
		*out = strtoll(text, NULL, 10);
	free(text);
	return rc;
}

/* Writes the claim (owner, pid, host, now) inside the caller's
 * transaction: at BEGIN and again in every later transaction of the
 * rebuild, so a reader of it can tell a rebuild at work from a dead one. */
static int shadow_heartbeat(run *r, bo_err *err)
{
	char host[256], text[400];

	claim_host(host, sizeof(host));
	snprintf(text, sizeof(text), "%lld %ld %s %lld", (long long)r->owner,
		 (long)getpid(), host, (long long)time(NULL));
	return bo_store_setting_set(&r->p->store, SHADOW_ACTIVE, text, err);
}

/*
 * Whether a claim's text stands for a rebuild still at work: "0" (ended)
 * does not; nor does one whose heartbeat is older than CLAIM_DEAD_AFTER_S,
 * nor one of this host whose process is gone (a killed rebuild). A claim
 * of another host is trusted until its heartbeat ages. A bare number (a
 * build before claims carried a heartbeat) cannot be checked and would
 * never expire: taken as dead; at worst that rebuild loses its shadow and
 * stops with BO_ECONFLICT, the live model untouched.
 */
static int claim_alive(const char *text)
{
	long long owner = 0, beat = 0, pid = 0;
	char host[256], mine[256];
	time_t now = time(NULL);

	if (sscanf(text, "%lld %lld %255s %lld", &owner, &pid, host, &beat) !=
		4 ||
	    owner == 0 || pid <= 0)
		return 0;
	if (beat < (long long)now - CLAIM_DEAD_AFTER_S)
		return 0;
	claim_host(mine, sizeof(mine));
	if (strcmp(host, mine) == 0 && pid < 1LL << 31 &&
	    kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 0;
	return 1;
}

/*
 * Two rebuilds at once would fill one shadow twice. Creating a shadow
 * claims it (the next number in SHADOW_OWNER, in the same transaction), and
 * every later transaction of the rebuild checks the claim is still its
 * own: a rebuild started meanwhile takes the shadow over, and the older one
 * stops with BO_ECONFLICT before writing anything more.
 */
static int shadow_claim(run *r, bo_err *err)
{
	char text[32];
	int rc;

	if ((rc = owner_read(r, &r->owner, err)) != BO_OK)
		return rc;
	r->owner++;
	snprintf(text, sizeof(text), "%lld", (long long)r->owner);
	if ((rc = bo_store_setting_set(&r->p->store, SHADOW_OWNER, text,
				       err)) != BO_OK)
		return rc;
	return shadow_heartbeat(r, err);
}

/* *out: whether a rebuild has claimed the shadow, not ended and is still
 * alive (claim_alive): a crashed or killed one's claim expires. */
static int shadow_active(const bo_ports *p, int *out, bo_err *err)
{
	char *text = NULL;
	int rc = bo_store_setting_get(&p->store, SHADOW_ACTIVE, &text, err);

	*out = 0;
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		return BO_OK;
	}
	if (rc == BO_OK)
		*out = claim_alive(text);
	free(text);
	return rc;
}

/* The END step's transaction: clears the claim when it is still ours. */
static int shadow_release(run *r, bo_err *err)
{
	int64_t now;
	int rc = owner_read(r, &now, err);

	if (rc != BO_OK || now != r->owner)
		return rc;
	return bo_store_setting_set(&r->p->store, SHADOW_ACTIVE, "0", err);
}

static int shadow_owned(run *r, bo_err *err)
{
	int64_t now;
	int rc = owner_read(r, &now, err);

	if (rc != BO_OK || now == r->owner)
		return rc;
	r->owner = -1; /* not ours any more: leave it, do not drop it */
	return bo_err_set(err, BO_ECONFLICT,
			  "another projections rebuild started meanwhile and "
			  "took its shadow tables over; this one stopped, the "
			  "live read models are as they were");
}

/* One shadow step in a short transaction of its own. */
static int shadow_tx(run *r, int op, bo_err *err)
{
	int rc;

	if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
		return rc;
	if ((op == BO_SHADOW_BEGIN && (rc = shadow_claim(r, err)) != BO_OK) ||
	    (op == BO_SHADOW_END && (rc = shadow_release(r, err)) != BO_OK) ||
	    (rc = shadow_step(r, op, err)) != BO_OK) {
		bo_store_rollback(&r->p->store);
		return rc;
	}
	return bo_store_commit(&r->p->store, err);
}

/* Applies b (events after *after) to the shadow inside the caller's
 * transaction and moves *after past them. held: in bulk mode, which stays
 * on from batch to batch (each commit writes what is held and keeps it):
 * nobody else writes the shadow, so what the adapter holds stays true; it
 * ends in a transaction of its own before the last one (rebuild_online). */
static int shadow_apply(run *r, bo_event_list *b, int64_t *after, int held,
			bo_err *err)
{
	int rc;

	if (b->n == 0)
		return BO_OK;
	if ((held && (rc = bulk(r->p, 1, err)) != BO_OK) ||
	    (rc = apply_batch(r, b, err)) != BO_OK)
		return rc;
	*after = b->items[b->n - 1].position;
	return BO_OK;
}

/*
 * The last transaction: b holds the events read after *after outside it;
 * everything committed since up to the safe head follows, then the swap
 * and the projector state.
 */
static int shadow_finish(run *r, bo_event_list *b, int64_t *after, bo_err *err)
{
	int64_t head;
	int rc;

	if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
		return rc;
	if ((rc = shadow_owned(r, err)) != BO_OK ||
	    (rc = shadow_apply(r, b, after, 0, err)) != BO_OK)
		goto fail;
	/* under the write lock no writer can commit: this head is safe */
	if ((rc = bo_event_store_head(&r->p->events, &head, err)) != BO_OK)
		goto fail;
	while (*after < head) {
		batch_empty(b);
		if ((rc = bo_event_store_read_all(&r->p->events, *after, BATCH,
						  b, err)) != BO_OK)
			goto fail;
		if (b->n == 0)
			break;
		if ((rc = shadow_apply(r, b, after, 0, err)) != BO_OK)
			goto fail;
	}
	if ((rc = shadow_step(r, BO_SHADOW_SWAP, err)) != BO_OK)
		goto fail;
	for (size_t i = 0; i < r->n; i++)
		if ((rc = bo_rm_projector_set(&r->p->rm, r->pr[i]->name,
					      r->pr[i]->version, head, err)) !=
		    BO_OK)
			goto fail;
	return bo_store_commit(&r->p->store, err);
fail:
	bo_store_rollback(&r->p->store);
	return rc;
}

/*
 * After the swap (or when abandoning a shadow): the tables set aside are
 * emptied in short transactions, each leaving the lock to writers, as
 * long as the shadow is still this rebuild's; a backend without TRIM, or
 * a failure, leaves it all to END.
 */
static void shadow_trim(run *r)
{
	bo_err ignored;
	int more = 1;

	bo_err_clear(&ignored);
	while (more) {
		int rc;

		more = 0;
		if (bo_store_begin(&r->p->store, &ignored) != BO_OK)
			return;
		if (shadow_owned(r, &ignored) != BO_OK ||
		    shadow_heartbeat(r, &ignored) != BO_OK) {
			bo_store_rollback(&r->p->store);
			return;
		}
		for (size_t i = 0; i < r->n; i++) {
			if ((rc = r->pr[i]->shadow(r->p, BO_SHADOW_TRIM,
						   &ignored)) < 0) {
				bo_store_rollback(&r->p->store);
				return;
			}
			more |= rc > 0;
		}
		if (bo_store_commit(&r->p->store, &ignored) != BO_OK)
			return;
	}
}

static int rebuild_online(run *r, bo_err *err)
{
	bo_event_list b = {0};
	int64_t after = 0, head;
	int rc;

	if ((rc = shadow_tx(r, BO_SHADOW_BEGIN, err)) != BO_OK)
		goto done;
	for (size_t i = 0; i < r->n; i++) {
		r->from[i] = 0;
		r->upto[i] = INT64_MAX;
	}
	for (;;) {
		if ((rc = bo_event_store_head(&r->p->events, &head, err)) !=
		    BO_OK)
			goto done;
		if (report(r, after, head)) {
			rc = stopped(err);
			goto done;
		}
		/* read outside any transaction: writers are not held up */
		batch_empty(&b);
		if ((rc = bo_event_store_read_all(
			 &r->p->events, after, ONLINE_BATCH, &b, err)) != BO_OK)
			goto done;
		/* the last transaction takes only the few events left: it
		 * holds the lock for their apply and the swap together */
		if (b.n < FINISH_MAX)
			break;
		if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
			goto done;
		if ((rc = shadow_owned(r, err)) != BO_OK ||
		    (rc = shadow_heartbeat(r, err)) != BO_OK ||
		    (rc = shadow_apply(r, &b, &after, 1, err)) != BO_OK) {
			bo_store_rollback(&r->p->store);
			goto done;
		}
		if ((rc = bo_store_commit(&r->p->store, err)) != BO_OK)
			goto done;
	}
	/* bulk mode ends in a transaction of its own (freeing what it held
	 * takes a while): the last one applies its few events directly */
	if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
		goto done;
	if ((rc = shadow_owned(r, err)) != BO_OK ||
	    (rc = bulk(r->p, 0, err)) != BO_OK) {
		bo_store_rollback(&r->p->store);
		goto done;
	}
	if ((rc = bo_store_commit(&r->p->store, err)) != BO_OK)
		goto done;
	if ((rc = shadow_finish(r, &b, &after, err)) == BO_OK)
		report(r, after, after);
done:
	batch_empty(&b);
	bo_event_list_clear(&b);
	/* after a swap: the old tables go; else the shadow goes, the live
	 * model untouched; a shadow another rebuild took over stays its own.
	 * A failure here is left to the next rebuild. */
	{
		bo_err ignored;

		bo_err_clear(&ignored);
		if (r->owner >= 0)
			shadow_trim(r);
		if (r->owner < 0)
			shadow_step(r, BO_SHADOW_LEAVE, &ignored);
		else
			shadow_tx(r, BO_SHADOW_END, &ignored);
	}
	return rc;
}

/* ---- inline apply and status --------------------------------------------- */

static int apply_inline(const bo_ports *p, const bo_currency *cur,
			const bo_event *e, bool advance, bo_err *err)
{
	for (size_t i = 0; i < NREGISTRY; i++) {
		const bo_projector *pr = registry[i];
		int rc;

		if (!pr->inline_apply)
			continue;
		if ((rc = pr->apply(p, cur, e, err)) != BO_OK ||
		    (advance &&
		     (rc = bo_rm_projector_advance(&p->rm, pr->name,
						   e->position, err)) != BO_OK))
			return rc;
	}
	return BO_OK;
}

int bo_projections_apply_inline(const bo_ports *p, const bo_currency *cur,
				const bo_event *e, bo_err *err)
{
	return apply_inline(p, cur, e, true, err);
}

int bo_projections_apply_inline_only(const bo_ports *p, const bo_currency *cur,
				     const bo_event *e, bo_err *err)
{
	return apply_inline(p, cur, e, false, err);
}

int bo_projections_advance_inline(const bo_ports *p, int64_t position,
				  bo_err *err)
{
	for (size_t i = 0; i < NREGISTRY; i++) {
		int rc;

		if (registry[i]->inline_apply &&
		    (rc = bo_rm_projector_advance(&p->rm, registry[i]->name,
						  position, err)) != BO_OK)
			return rc;
	}
	return BO_OK;
}

int bo_projections_status(const bo_ports *p, bo_projector_status_fn each,
			  void *ctx, bo_err *err)
{
	int64_t head;
	int rc;

	if ((rc = bo_event_store_head(&p->events, &head, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < NREGISTRY; i++) {
		bo_projector_status s = {0};

		s.name = registry[i]->name;
		s.code_version = registry[i]->version;
		s.inline_apply = registry[i]->inline_apply;
		s.head = head;
		if ((rc = bo_rm_projector_get(&p->rm, s.name, &s.stored_version,
					      &s.checkpoint, err)) != BO_OK)
			return rc;
		s.lag = head > s.checkpoint ? head - s.checkpoint : 0;
		if ((rc = each(ctx, &s)) < 0)
			return rc;
	}
	return BO_OK;
}

/* ---- rebuild, version checks ---------------------------------------------- */

int bo_projections_rebuild(const bo_ports *p, const bo_currency *cur,
			   const char *name, bo_replay_fn progress, void *ctx,
			   bo_replay_stats *stats, bo_err *err)
{
	run r = {.p = p, .cur = cur, .progress = progress, .ctx = ctx};
	int rc;

	if ((rc = select_projectors(&r, name, err)) != BO_OK)
		return rc;
	describe(&r, "rebuild");
	rc = can_go_online(&r) ? rebuild_online(&r, err) : rebuild_run(&r, err);
	if (rc == BO_OK && stats)
		*stats = r.stats;
	return rc;
}

/* Keeps in r only the projectors whose stored version is not the code's. */
static int keep_stale(run *r, bo_err *err)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->n; i++) {
		int64_t checkpoint;
		int version;
		int rc = bo_rm_projector_get(&r->p->rm, r->pr[i]->name,
					     &version, &checkpoint, err);

		if (rc != BO_OK)
			return rc;
		if (version != r->pr[i]->version)
			r->pr[kept++] = r->pr[i];
	}
	r->n = kept;
	return BO_OK;
}

/*
 * The stale projectors in r, rebuilt online: writers that start meanwhile
 * find the claim and go on with the model as it is (inline projectors keep
 * it current, the swap brings the new one) instead of each starting a
 * rebuild of its own and taking the shadow over. Losing the shadow to a
 * rebuild started meanwhile is no failure either: that one finishes it.
 */
static int check_online(run *r, int *out_rebuilt, bo_err *err)
{
	int active, rc;

	if ((rc = shadow_active(r->p, &active, err)) != BO_OK || active)
		return rc;
	describe(r, "rebuild");
	rc = rebuild_online(r, err);
	if (rc == BO_ECONFLICT) {
		bo_err_clear(err);
		return BO_OK;
	}
	if (rc == BO_OK && out_rebuilt)
		*out_rebuilt = (int)r->n;
	return rc;
}

int bo_projections_check_versions(const bo_ports *p, const bo_currency *cur,
				  bo_replay_fn progress, void *ctx,
				  int *out_rebuilt, bo_err *err)
{
	run r = {.p = p, .cur = cur, .progress = progress, .ctx = ctx};
	int rc;

	if (out_rebuilt)
		*out_rebuilt = 0;
	select_projectors(&r, NULL, err);
	/* A plain read first: opening a current store takes no write lock. */
	if ((rc = keep_stale(&r, err)) != BO_OK || r.n == 0)
		return rc;
	if (can_go_online(&r))
		return check_online(&r, out_rebuilt, err);
	if ((rc = bo_store_begin(&p->store, err)) != BO_OK)
		return rc;
	/* Another process may have rebuilt them while this one waited. */
	select_projectors(&r, NULL, err);
	if ((rc = keep_stale(&r, err)) == BO_OK && r.n > 0) {
		describe(&r, "rebuild");
		rc = rebuild_in_tx(&r, err);
	}
	if (rc != BO_OK) {
		bo_store_rollback(&p->store);
		return rc;
	}
	if ((rc = bo_store_commit(&p->store, err)) == BO_OK && out_rebuilt)
		*out_rebuilt = (int)r.n;
	return rc;
}

/* ---- catch-up ------------------------------------------------------------- */

/*
 * One batch in one transaction: checkpoints are read under the write lock,
 * so a concurrent catch-up or an inline append cannot make an event apply
 * twice. *out_more says whether the log goes on past this batch.
 */
static int catch_up_batch(run *r, bo_event_list *b, int64_t *out_after,
			  int *out_more, bo_err *err)
{
	int64_t start = INT64_MAX, last;
	int rc;

	*out_more = 0;
	if ((rc = bo_store_begin(&r->p->store, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < r->n; i++) {
		int version;

		if ((rc = bo_rm_projector_get(&r->p->rm, r->pr[i]->name,
					      &version, &r->from[i], err)) !=
		    BO_OK)
			goto fail;
		r->upto[i] = INT64_MAX;
		if (r->from[i] < start)
			start = r->from[i];
	}
	if ((rc = bo_event_store_read_all(&r->p->events, start, BATCH, b,
					  err)) != BO_OK)
		goto fail;
	if (b->n == 0) {
		bo_store_rollback(&r->p->store);
		*out_after = start;
		return BO_OK;
	}
	if ((rc = bulk(r->p, 1, err)) != BO_OK ||
	    (rc = apply_batch(r, b, err)) != BO_OK ||
	    (rc = bulk(r->p, 0, err)) != BO_OK)
		goto fail;
	last = b->items[b->n - 1].position;
	for (size_t i = 0; i < r->n; i++)
		if (last > r->from[i] &&
		    (rc = bo_rm_projector_advance(&r->p->rm, r->pr[i]->name,
						  last, err)) != BO_OK)
			goto fail;
	if ((rc = bo_store_commit(&r->p->store, err)) != BO_OK)
		return rc;
	*out_after = last;
	*out_more = b->n == BATCH;
	return BO_OK;
fail:
	bo_store_rollback(&r->p->store);
	return rc;
}

int bo_projections_catch_up(const bo_ports *p, const bo_currency *cur,
			    const char *name, bo_replay_fn progress, void *ctx,
			    bo_err *err)
{
	run r = {.p = p, .cur = cur, .progress = progress, .ctx = ctx};
	run stale;
	bo_event_list b = {0};
	int64_t head, start = INT64_MAX, after = 0;
	int more = 1, rc;

	if ((rc = select_projectors(&r, name, err)) != BO_OK)
		return rc;
	/* A read model built by other code is not caught up but rebuilt. */
	stale = r;
	if ((rc = keep_stale(&stale, err)) != BO_OK)
		return rc;
	if (stale.n > 0) {
		describe(&stale, "rebuild");
		rc = can_go_online(&stale) ? rebuild_online(&stale, err)
					   : rebuild_run(&stale, err);
		if (rc != BO_OK)
			return rc;
	}
	describe(&r, "catch up");
	if ((rc = bo_event_store_head(&p->events, &head, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < r.n; i++) {
		int64_t checkpoint;
		int version;

		if ((rc = bo_rm_projector_get(&p->rm, r.pr[i]->name, &version,
					      &checkpoint, err)) != BO_OK)
			return rc;
		if (checkpoint < start)
			start = checkpoint;
	}
	if (start >= head)
		return BO_OK;
	if (report(&r, 0, head - start))
		return stopped(err);
	while (more) {
		rc = catch_up_batch(&r, &b, &after, &more, err);
		batch_empty(&b);
		if (rc != BO_OK)
			break;
		if (report(&r, after - start, head - start)) {
			rc = stopped(err);
			break;
		}
	}
	bo_event_list_clear(&b);
	return rc;
}

/* ---- the write side's catch-up and lag ------------------------------------- */

int bo_projections_follow(const bo_ports *p, const bo_currency *cur,
			  int bulk_on, bo_err *err)
{
	run r = {.p = p, .cur = cur};
	bo_event_list b = {0};
	int64_t head, after = INT64_MAX;
	size_t kept = 0;
	int fresh[MAX_PROJECTORS];
	int rc;

	if ((rc = bo_event_store_head(&p->events, &head, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < NREGISTRY && kept < MAX_PROJECTORS; i++) {
		int version;

		if (registry[i]->inline_apply)
			continue;
		r.pr[kept] = registry[i];
		if ((rc = bo_rm_projector_get(&p->rm, registry[i]->name,
					      &version, &r.from[kept], err)) !=
		    BO_OK)
			return rc;
		/* never built (no version, nothing applied): its tables are
		 * empty, so following from the start builds it */
		fresh[kept] = version == 0 && r.from[kept] == 0;
		if ((version != registry[i]->version && !fresh[kept]) ||
		    r.from[kept] >= head)
			continue;
		r.upto[kept] = head;
		if (r.from[kept] < after)
			after = r.from[kept];
		kept++;
	}
	r.n = kept;
	if (r.n == 0)
		return BO_OK;
	/* far behind (a seed cut short, a failed catch-up): a long replay */
	if (head - after > BATCH)
		bulk_on = 1;
	if (bulk_on && (rc = bulk(p, 1, err)) != BO_OK)
		return rc;
	while (after < head) {
		if ((rc = bo_event_store_read_all(&p->events, after, BATCH, &b,
						  err)) != BO_OK ||
		    b.n == 0)
			break;
		if ((rc = apply_batch(&r, &b, err)) != BO_OK)
			break;
		after = b.items[b.n - 1].position;
		batch_empty(&b);
	}
	bo_event_list_clear(&b);
	if (rc == BO_OK && bulk_on)
		rc = bulk(p, 0, err);
	for (size_t i = 0; i < r.n && rc == BO_OK; i++)
		rc = fresh[i] ? bo_rm_projector_set(&p->rm, r.pr[i]->name,
						    r.pr[i]->version, head, err)
			      : bo_rm_projector_advance(&p->rm, r.pr[i]->name,
							head, err);
	return rc;
}

int bo_projections_lag(const bo_ports *p, const char *name,
		       bo_projector_lag *out, bo_err *err)
{
	const bo_projector *pr = bo_projectors_find(name);
	bo_event_list l = {0};
	int64_t head, checkpoint;
	int version, rc;

	memset(out, 0, sizeof(*out));
	if (!pr)
		return bo_err_set(err, BO_ENOTFOUND,
				  "there is no projector called %s", name);
	if ((rc = bo_event_store_head(&p->events, &head, err)) != BO_OK ||
	    (rc = bo_rm_projector_get(&p->rm, pr->name, &version, &checkpoint,
				      err)) != BO_OK)
		return rc;
	/* never built over an empty log: nothing to be stale about */
	out->stale = version != pr->version && !(version == 0 && head == 0);
	out->behind = head > checkpoint ? head - checkpoint : 0;
	if (checkpoint <= 0)
		return BO_OK;
	/* the event at the checkpoint: the first one after the one before */
	if ((rc = bo_event_store_read_all(&p->events, checkpoint - 1, 1, &l,
					  err)) == BO_OK &&
	    l.n == 1 && l.items[0].position == checkpoint)
		out->applied_at = l.items[0].recorded_at;
	bo_event_list_clear(&l);
	return rc;
}

/* ---- verify ----------------------------------------------------------------- */

typedef struct counting {
	bo_diff_fn each;
	void *ctx;
	int64_t n;
} counting;

static int count_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	counting *c = ctx;

	c->n++;
	return c->each ? c->each(c->ctx, row, side) : 0;
}

/*
 * The live model of a projector is what the log gave up to its checkpoint,
 * so the rebuild beside it replays exactly that far: a catch-up projector
 * that lags is compared with the log as it saw it, not flagged for lagging.
 */
static int verify_in_tx(run *r, counting *c, bo_err *err)
{
	int rc;

	for (size_t i = 0; i < r->n; i++) {
		int version;

		r->from[i] = 0;
		if ((rc = bo_rm_projector_get(&r->p->rm, r->pr[i]->name,
					      &version, &r->upto[i], err)) !=
			BO_OK ||
		    (rc = r->pr[i]->snapshot(r->p, err)) != BO_OK ||
		    (rc = r->pr[i]->reset(r->p, err)) != BO_OK)
			return rc;
	}
	if ((rc = bulk(r->p, 1, err)) != BO_OK ||
	    (rc = replay(r, err)) != BO_OK ||
	    (rc = bulk(r->p, 0, err)) != BO_OK)
		return rc;
	for (size_t i = 0; i < r->n; i++)
		if ((rc = r->pr[i]->diff(r->p, count_diff, c, err)) != 0)
			return rc;
	return BO_OK;
}

int bo_projections_verify(const bo_ports *p, const bo_currency *cur,
			  const char *name, bo_replay_fn progress, void *pctx,
			  bo_diff_fn each, void *ctx, int64_t *ndiff,
			  bo_err *err)
{
	run r = {.p = p, .cur = cur, .progress = progress, .ctx = pctx};
	counting c = {each, ctx, 0};
	int rc;

	*ndiff = 0;
	if ((rc = select_projectors(&r, name, err)) != BO_OK)
		return rc;
	describe(&r, "verify");
	if ((rc = bo_store_begin(&p->store, err)) != BO_OK)
		return rc;
	rc = verify_in_tx(&r, &c, err);
	/* Verify only looks: the rebuild beside the live model goes. */
	bo_store_rollback(&p->store);
	*ndiff = c.n;
	return rc;
}
