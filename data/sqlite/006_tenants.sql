-- The installation's tenant registry, kept in the store the installation
-- starts from (the default tenant's). One row per tenant created with
-- `tenant create`; the tenant itself is a complete store of its own, found
-- through backend and location (a file beside this one, or a schema on a
-- PostgreSQL server). name_key is the name with '-' read as '_': two names
-- that differ only there would name the same schema, so they collide.

CREATE TABLE tenants (
	name TEXT PRIMARY KEY NOT NULL,
	name_key TEXT NOT NULL UNIQUE,
	currency TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	backend TEXT NOT NULL CHECK (backend IN ('sqlite', 'postgresql')),
	location TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
) WITHOUT ROWID;
