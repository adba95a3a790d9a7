/* The PostgreSQL schema migrations (data/postgres/NNN_name.sql), compiled in by the Makefile. */
#ifndef BO_PG_MIGRATIONS_H
#define BO_PG_MIGRATIONS_H

#include "adapters/sqlite/migrations.h" /* bo_migration */

/* Terminated by an entry whose name is NULL; applied in table order. */
extern const bo_migration bo_pg_migrations[];

#endif
