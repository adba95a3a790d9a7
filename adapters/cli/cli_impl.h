/* Inside the command line: the command table as its parser and help read it (cli.c, cli_parse.c, cli_help.c). */
#ifndef BO_CLI_IMPL_H
#define BO_CLI_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "adapters/cli/cli.h"
#include "adapters/cli/cli_cmds.h"

/* A group of commands ("product") and its line in the top-level help. */
typedef struct bo_cli_group {
	const char *name;
	const char *summary;
} bo_cli_group;

/* Every command, in the order the help lists them (cli.c). */
extern const bo_cli_cmd bo_cli_commands[];
extern const size_t bo_cli_ncommands;

/* Every group, in the order the top-level help lists them (cli.c). */
extern const bo_cli_group bo_cli_groups[];
extern const size_t bo_cli_ngroups;

/* True when word names a group. */
bool bo_cli_is_group(const char *word);

/* The command of group (NULL: a one-word command) and name; NULL when none. */
const bo_cli_cmd *bo_cli_find_command(const char *group, const char *name);

/* "backoffice product add", "backoffice product", "backoffice" (cli_help.c). */
void bo_cli_level_name(char *buf, size_t size, const char *group,
		       const bo_cli_cmd *cmd);

#endif
