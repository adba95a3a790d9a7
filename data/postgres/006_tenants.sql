-- The installation's tenant registry, as data/sqlite/006: kept in the
-- schema the installation starts from (the default tenant's); each tenant
-- created with `tenant create` is a schema of its own in this database,
-- found through backend and location. name_key is the name with '-' read
-- as '_': two names that differ only there would name the same schema.

CREATE TABLE @.tenants (
	name text NOT NULL,
	name_key text NOT NULL,
	currency text NOT NULL,
	time_zone text NOT NULL,
	backend text NOT NULL,
	location text NOT NULL,
	created_at bigint NOT NULL,
	created_by text NOT NULL,
	CONSTRAINT tenants_pkey PRIMARY KEY (name),
	CONSTRAINT tenants_name_key UNIQUE (name_key),
	CONSTRAINT tenants_backend CHECK (backend IN ('sqlite', 'postgresql'))
);

-- Creating a tenant makes a schema: the owner's work, so only the owner
-- writes the registry; 007 lets the store's own groups read it (staff find
-- the tenant they select with --tenant there; tenant list itself is for
-- admins, which the services check). Stores made before 007 granted the
-- cluster-wide groups SELECT here, and 007 takes it back.
