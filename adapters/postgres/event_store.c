/* Not written yet (pg-core step 4): the ops table only, every op NULL. */
#include "adapters/postgres/pg_internal.h"

const bo_event_store_ops bo_pg_event_store_ops = {
    .version = BO_EVENT_STORE_OPS_VERSION,
};
