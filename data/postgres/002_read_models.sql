-- The orders projector's read models (the order list, each order's
-- timeline, the catalogue), the reactors' old checkpoints table and each
-- projector's state, as data/sqlite/001 and 002 have them. Integers are
-- bigint so verify's typed rows come out as integers exactly as on SQLite;
-- text stays text.

CREATE TABLE @.order_list (
	id bigint NOT NULL,
	version bigint NOT NULL,
	status text NOT NULL,
	currency text NOT NULL,
	customer_email text,
	customer_name text,
	items bigint NOT NULL,
	total bigint NOT NULL,
	tax bigint NOT NULL,
	paid bigint NOT NULL,
	refunded bigint NOT NULL,
	payment_failures bigint NOT NULL,
	notes bigint NOT NULL,
	placed_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	CONSTRAINT order_list_pkey PRIMARY KEY (id)
);

CREATE INDEX order_list_status ON @.order_list (status);
CREATE INDEX order_list_email ON @.order_list (lower(customer_email));

-- "user" is a reserved word on PostgreSQL, so it is quoted here and in
-- every statement that names it.
CREATE TABLE @.order_timeline (
	order_id bigint NOT NULL,
	version bigint NOT NULL,
	position bigint NOT NULL,
	recorded_at bigint NOT NULL,
	event_id text,
	"user" text,
	role text,
	type text,
	summary text,
	CONSTRAINT order_timeline_pkey PRIMARY KEY (order_id, version)
);

CREATE TABLE @.catalog (
	product_id bigint NOT NULL,
	sku text NOT NULL,
	name text NOT NULL,
	description text NOT NULL DEFAULT '',
	price bigint NOT NULL,
	tax_bp bigint NOT NULL,
	stock bigint NOT NULL,
	retired bigint NOT NULL DEFAULT 0,
	row_version bigint NOT NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	CONSTRAINT catalog_pkey PRIMARY KEY (product_id)
);

CREATE INDEX catalog_sku ON @.catalog (sku);

CREATE TABLE @.checkpoints (
	projector text NOT NULL,
	position bigint NOT NULL,
	CONSTRAINT checkpoints_pkey PRIMARY KEY (projector)
);

-- For each projector: the version of its code that built its read model
-- and the last log position applied to it, moved in the same transaction
-- as the read model. A new store has no rows; a projector without one is
-- built from the start.
CREATE TABLE @.projector_state (
	name text NOT NULL,
	version bigint NOT NULL,
	checkpoint bigint NOT NULL,
	CONSTRAINT projector_state_pkey PRIMARY KEY (name)
);
