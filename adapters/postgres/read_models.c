/* PLACEHOLDER until branch pg-read lands: its real read_models.c replaces this file at the merge. It defines only the ops table (version set, every op NULL) so that branch pg-core links; bo_ports_check refuses these ports until then. */
#include "adapters/postgres/pg_internal.h"

const bo_read_models_ops bo_pg_read_models_ops = {
    .version = BO_READ_MODELS_OPS_VERSION,
};
