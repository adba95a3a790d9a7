/* The SQLite schema migrations (data/sqlite/NNN_name.sql), compiled in by the Makefile. */
#ifndef BO_SQLITE_MIGRATIONS_H
#define BO_SQLITE_MIGRATIONS_H

typedef struct bo_migration {
	const char
	    *name; /* file name, "001_init.sql"; applied in table order */
	const char *sql;
} bo_migration;

/* Terminated by an entry whose name is NULL. */
extern const bo_migration bo_sqlite_migrations[];

#endif
