/* Not written yet (pg-core step 4): the ops table only, every op NULL. */
#include "adapters/postgres/pg_internal.h"

const bo_product_repo_ops bo_pg_product_repo_ops = {
    .version = BO_PRODUCT_REPO_OPS_VERSION,
};
