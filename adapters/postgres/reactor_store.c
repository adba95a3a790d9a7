/* PLACEHOLDER until branch pg-read lands: its real reactor_store.c replaces this file at the merge. It defines only the ops table (version set, every op NULL) so that branch pg-core links; bo_ports_check refuses these ports until then. */
#include "adapters/postgres/pg_internal.h"

const bo_reactor_store_ops bo_pg_reactor_store_ops = {
    .version = BO_REACTOR_STORE_OPS_VERSION,
};
