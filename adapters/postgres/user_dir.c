/* Not written yet (pg-core step 4): the ops table only, every op NULL. */
#include "adapters/postgres/pg_internal.h"

const bo_user_dir_ops bo_pg_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
};
