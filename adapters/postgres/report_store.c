/* PLACEHOLDER until branch pg-read lands: its real report_store.c replaces this file at the merge. It defines only the ops table (version set, every op NULL) so that branch pg-core links; bo_ports_check refuses these ports until then. */
#include "adapters/postgres/pg_internal.h"

const bo_report_store_ops bo_pg_report_store_ops = {
    .version = BO_REPORT_STORE_OPS_VERSION,
};
