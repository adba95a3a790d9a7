/* `config show`: the user's effective settings and where each came from. */
#ifndef BO_CLI_CONFIG_H
#define BO_CLI_CONFIG_H

#include <stdio.h>

#include "adapters/cli/cli.h"
#include "adapters/sys/config.h"

/*
 * Writes c's settings in fmt: one row per setting (setting, value, source)
 * after a row for the file itself. A setting not set anywhere shows
 * defaults[k] (NULL: none) with the source "default". A PostgreSQL URL's
 * password is shown as ***. BO_ENOMEM, BO_ESTORAGE.
 */
int bo_cli_config_show(FILE *out, bo_format fmt, const bo_config *c,
		       const char *const defaults[BO_CFG__COUNT], bo_err *err);

#endif
