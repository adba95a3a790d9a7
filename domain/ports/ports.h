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
#include "user_dir.h"

/*
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
	const char *backend; /* "sqlite", "postgresql", "memory": for display */
	/* Opened for reading only (a store the user may not write): every
	 * write transaction is refused, so start-up and report upkeep that
	 * would write skips itself and reads the models as they are. */
	bool read_only;
} bo_ports;

void bo_ports_close(bo_ports *p);

#endif
