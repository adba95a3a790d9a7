/* The user's settings: the config file, the environment and the command line, each setting from the strongest source that has it. */
#ifndef BO_SYS_CONFIG_H
#define BO_SYS_CONFIG_H

#include <stdbool.h>

#include "domain/status.h"

/*
 * The settings, in the order `config show` lists them. The file spells
 * each as its name (db, tenant, ...); the environment as BACKOFFICE_ and
 * the name in capitals (BACKOFFICE_DB ...).
 *   db      the store (a --db value); a file path in the file must be
 *           absolute or start with ~/
 *   tenant  the tenant to work in
 *   user    the staff user to act as
 *   theme   auto (colour where the terminal has it and NO_COLOR is not
 *           set), color, mono
 *   mouse   on or off: whether the full-screen interface takes the mouse
 *   hints   on or off: the key-hint line at the bottom of each screen
 *   time    store (times in the store's business time zone) or utc
 */
typedef enum {
	BO_CFG_DB,
	BO_CFG_TENANT,
	BO_CFG_USER,
	BO_CFG_THEME,
	BO_CFG_MOUSE,
	BO_CFG_HINTS,
	BO_CFG_TIME,
	BO_CFG__COUNT
} bo_config_key;

/* Where a setting's value came from, weakest first. */
typedef enum {
	BO_CFG_FROM_DEFAULT,
	BO_CFG_FROM_FILE,
	BO_CFG_FROM_ENV,
	BO_CFG_FROM_OPTION
} bo_config_from;

typedef struct bo_config {
	char *path;  /* the file looked for (NULL: no home to look in) */
	bool exists; /* whether it was there */
	/* per setting: the value (NULL: not set anywhere), where it came
	 * from, and for the file its line */
	char *value[BO_CFG__COUNT];
	bo_config_from from[BO_CFG__COUNT];
	int line[BO_CFG__COUNT];
} bo_config;

/* $HOME, else the password database's home of this user; NULL when
 * neither knows one. */
const char *bo_sys_home_dir(void);

/* "db", "tenant", ... */
const char *bo_config_key_name(bo_config_key k);

/*
 * Fills c from the file and the environment. The file is
 * $BACKOFFICE_CONFIG when set, else $XDG_CONFIG_HOME/backoffice/config
 * (an absolute XDG_CONFIG_HOME), else ~/.config/backoffice/config; a file
 * that is not there is no error. Its lines are `key = value`, blank, or
 * comments starting with #; the value may be put in double quotes. Then
 * each BACKOFFICE_<KEY> that is set and not empty overrides the file.
 * BO_EUSAGE with "FILE:LINE: ..." naming the key for an unknown key, a key
 * set twice, a bad value or a line that is not `key = value`, and
 * "BACKOFFICE_<KEY>: ..." for a bad value in the environment; BO_ESTORAGE
 * when the file cannot be read; BO_ENOMEM. c is the caller's either way
 * (bo_config_free).
 */
int bo_config_load(bo_config *c, bo_err *err);

/* Sets k to value (copied) from a command-line option. BO_ENOMEM. */
int bo_config_set_option(bo_config *c, bo_config_key k, const char *value,
			 bo_err *err);

/* The value of an on/off setting: true for on, dflt when not set. */
bool bo_config_on(const bo_config *c, bo_config_key k, bool dflt);

void bo_config_free(bo_config *c);

#endif
