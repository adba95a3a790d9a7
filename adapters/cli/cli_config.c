/* `config show`: the user's effective settings and where each came from. */
#include "adapters/cli/cli_config.h"

#include <stdlib.h>
#include <string.h>

#include "adapters/cli/cli_output.h"
#include "adapters/postgres/pg_store.h"

static const bo_column columns[] = {
    {"setting", "SETTING", BO_COL_ALL},
    {"value", "VALUE", BO_COL_ALL},
    {"source", "SOURCE", BO_COL_ALL},
};

/* The option that sets each setting, for the source column. */
static const char *const options[BO_CFG__COUNT] = {
    "--db", "--tenant", "--user", NULL, "--no-mouse", NULL, NULL,
};

static bool is_url(const char *v)
{
	return strncmp(v, "postgresql://", 13) == 0 ||
	       strncmp(v, "postgres://", 11) == 0;
}

int bo_cli_config_show(FILE *out, bo_format fmt, const bo_config *c,
		       const char *const defaults[BO_CFG__COUNT], bo_err *err)
{
	bo_out o;
	char source[64];
	const char *env;
	int rc = BO_OK;

	bo_out_init(&o, out, fmt, columns, sizeof(columns) / sizeof(columns[0]),
		    false);
	/* the file: where its name came from, and whether it is there */
	env = getenv("XDG_CONFIG_HOME");
	snprintf(source, sizeof(source), "%s%s",
		 getenv("BACKOFFICE_CONFIG") && *getenv("BACKOFFICE_CONFIG")
		     ? "BACKOFFICE_CONFIG"
		 : env && env[0] == '/' ? "XDG_CONFIG_HOME"
					: "default",
		 c->exists ? "" : ", not there");
	{
		bo_cell row[3] = {bo_cell_str("file"), bo_cell_str(c->path),
				  bo_cell_str(source)};

		rc = bo_out_row(&o, row, err);
	}
	for (int k = 0; rc == BO_OK && k < BO_CFG__COUNT; k++) {
		const char *v = c->value[k] ? c->value[k] : defaults[k];
		char *shown = NULL;
		bo_cell row[3];

		switch (c->value[k] ? c->from[k] : BO_CFG_FROM_DEFAULT) {
		case BO_CFG_FROM_FILE:
			snprintf(source, sizeof(source), "file, line %d",
				 c->line[k]);
			break;
		case BO_CFG_FROM_ENV:
			snprintf(source, sizeof(source), "BACKOFFICE_%s",
				 bo_config_key_name((bo_config_key)k));
			for (char *p = source; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			break;
		case BO_CFG_FROM_OPTION:
			snprintf(source, sizeof(source), "option %s",
				 options[k] ? options[k] : "");
			break;
		default:
			snprintf(source, sizeof(source), "default");
		}
		if (v && is_url(v) && !(v = shown = bo_pg_shown_url(v))) {
			rc = bo_err_set(err, BO_ENOMEM, "out of memory");
			break;
		}
		row[0] = bo_cell_str(bo_config_key_name((bo_config_key)k));
		row[1] = bo_cell_str(v);
		row[2] = bo_cell_str(source);
		rc = bo_out_row(&o, row, err);
		free(shown);
	}
	return bo_out_close(&o, rc, 0, NULL, err);
}
