/* Every storage port of one backend, handed out together by an adapter's open function. */
#ifndef BO_PORTS_H
#define BO_PORTS_H

#include <stdbool.h>

#include "env.h"
#include "event_store.h"
#include "product_repo.h"
#include "reactor_store.h"
#include "read_models.h"
#include "report_store.h"
#include "store.h"
#include "tenant_dir.h"
#include "user_dir.h"

/*
 * Rules every port of every backend keeps (each header says only what is
 * particular to its ops):
 *
 * - Statuses: 0 or a negative status of status.h with a sentence in err.
 *   BO_EBUSY when the backend could not get the store in time (a lock
 *   timeout, SQLITE_BUSY, a PostgreSQL serialization failure or deadlock):
 *   the op did nothing, and the whole command may be tried again once the
 *   transaction is rolled back. Never BO_ECONFLICT for that: a conflict is
 *   a refusal that trying again does not change.
 * - One stop rule for callbacks. An op that walks rows and calls the
 *   caller's function for each (the *_each_fn, bo_event_scan_fn and
 *   bo_diff_fn walks) goes on while the callback returns 0 and stops at
 *   once when it returns a negative status, returning that very status
 *   (err is the callback's to fill). A positive return is a caller's bug:
 *   the wrappers hand the adapter a trampoline (walk.h) that turns it into
 *   0, so the walk goes on and no adapter has to decide. The rows already handed
 *   out stay handed out; stopping writes nothing.
 * - A missing optional op (a NULL pointer where the header says
 *   "Optional") means the backend does without it, and nothing more: the
 *   wrapper never calls it, never fails for it, and does the fallback the
 *   header names beside the op (bulk: nothing, BO_OK; data_version: 0 every
 *   time, BO_OK). No caller has to tell "missing" from "failed". A
 *   required op is never NULL: bo_ports_check refuses such a set.
 * - ops->version is the version of the ops table the adapter was written
 *   against (BO_*_OPS_VERSION); bo_ports_check refuses one this build does
 *   not know, before any op is called.
 *
 * - A backend stores events as records (the envelope and the encoded
 *   text) and never encodes or decodes them: its events.codec is the one
 *   codec every backend shares (event_store.h, event_codec.h), set by its
 *   open function (bo_json_event_codec).
 *
 * All five share one connection and one transaction. Closing: bo_ports_close,
 * which calls store.ops->close (the adapter frees everything behind them).
 */
typedef struct bo_ports {
	bo_store store;
	bo_event_store events;
	bo_product_repo products;
	bo_read_models rm;
	bo_user_dir users;
	bo_report_store reports;   /* the reports projector's tables */
	bo_reactor_store reactors; /* reactor checkpoints and alerts */
	bo_tenant_dir tenants;     /* the installation's tenant registry */
	const char *backend; /* "sqlite", "postgresql", "memory": for display */
	/* Opened for reading only (a store the user may not write): every
	 * write transaction is refused, so start-up and report upkeep that
	 * would write skips itself and reads the models as they are. */
	bool read_only;
	/* The database login behind these ports where the backend maps
	 * staff users to its own logins (PostgreSQL: session_user), NULL
	 * where it does not (SQLite, memory). The adapter's, borrowed. When
	 * set, the acting user is this login unless login_acts_for_all (the
	 * connection of the store's owner) lets it name any staff user. */
	const char *login;
	bool login_acts_for_all;
	/* The tenant's business time zone, borrowed: set by the composition
	 * root once the store's setting is known, before any projector runs
	 * (the reports count its local days). NULL is UTC. */
	const bo_zone *zone;
} bo_ports;

void bo_ports_close(bo_ports *p);

/*
 * Checks a set of ports as an adapter assembled it: every port present
 * (the event store's codec too), every ops table of a version this build
 * knows, every required op set.
 * BO_ESTORAGE naming the backend, the port and the version or op at fault;
 * p is left as it is (the caller still closes it). bo_app_open calls it.
 */
int bo_ports_check(const bo_ports *p, bo_err *err);

#endif
