-- Reactors, as data/sqlite/004: how far each has read the log, which events
-- each has handled (its side effects are idempotent by event id), and the
-- low-stock alerts. Nothing here is a projection: a rebuild never empties
-- these tables.

CREATE TABLE @.reactor_state (
	name text NOT NULL,
	checkpoint bigint NOT NULL,
	CONSTRAINT reactor_state_pkey PRIMARY KEY (name)
);

CREATE TABLE @.reactor_handled (
	reactor text NOT NULL,
	event_id text NOT NULL,
	CONSTRAINT reactor_handled_pkey PRIMARY KEY (reactor, event_id)
);

-- id gives the order alerts were added in (alert_list is oldest first).
CREATE TABLE @.alerts (
	id bigint GENERATED ALWAYS AS IDENTITY,
	event_id text NOT NULL,
	order_id bigint NOT NULL,
	product_id bigint NOT NULL,
	sku text NOT NULL,
	name text NOT NULL,
	stock bigint NOT NULL,
	threshold bigint NOT NULL,
	created_at bigint NOT NULL,
	CONSTRAINT alerts_pkey PRIMARY KEY (id),
	CONSTRAINT alerts_event_product UNIQUE (event_id, product_id)
);

-- As on SQLite: a store that already has a history when this arrives starts
-- the low-stock reactor at its head, since those payments happened before
-- it existed (a new store starts at 0).
INSERT INTO @.reactor_state (name, checkpoint)
	SELECT 'low_stock', coalesce(max(position), 0) FROM @.events;
