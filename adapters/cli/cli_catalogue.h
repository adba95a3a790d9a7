/* Command handlers of the catalogue file: product export and product import. */
#ifndef BO_CLI_CATALOGUE_H
#define BO_CLI_CATALOGUE_H

#include "adapters/cli/cli_cmds.h"

int bo_cli_product_export(bo_cli_ctx *c, bo_err *err);
int bo_cli_product_import(bo_cli_ctx *c, bo_err *err);

#endif
