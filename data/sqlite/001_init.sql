-- The first schema of a backoffice store: settings, products, the event log and
-- the order-side read models. Times are milliseconds since the epoch (UTC),
-- money is integer minor units.

CREATE TABLE settings (
	key TEXT PRIMARY KEY NOT NULL,
	value TEXT NOT NULL
);

CREATE TABLE sequences (
	name TEXT PRIMARY KEY NOT NULL,
	value INTEGER NOT NULL
);

CREATE TABLE users (
	name TEXT PRIMARY KEY NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'support', 'manager')),
	created_at INTEGER NOT NULL
);

-- AUTOINCREMENT so that the id of a deleted product is never handed out
-- again: its event stream "product-<id>" lives on in the log.
CREATE TABLE products (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	sku TEXT UNIQUE NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	price INTEGER NOT NULL,
	tax_bp INTEGER NOT NULL,
	stock INTEGER NOT NULL,
	retired INTEGER NOT NULL DEFAULT 0,
	row_version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- The log. position is the global order; AUTOINCREMENT never reuses one.
CREATE TABLE events (
	position INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id TEXT UNIQUE NOT NULL,
	stream TEXT NOT NULL,
	version INTEGER NOT NULL,
	type TEXT NOT NULL,
	schema_version INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL,
	metadata TEXT NOT NULL,
	payload TEXT NOT NULL,
	UNIQUE (stream, version)
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

-- Read models: projections of the log, emptied and replayed on rebuild.
CREATE TABLE order_list (
	id INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	status TEXT NOT NULL,
	currency TEXT NOT NULL,
	customer_email TEXT,
	customer_name TEXT,
	items INTEGER NOT NULL,
	total INTEGER NOT NULL,
	tax INTEGER NOT NULL,
	paid INTEGER NOT NULL,
	refunded INTEGER NOT NULL,
	payment_failures INTEGER NOT NULL,
	notes INTEGER NOT NULL,
	placed_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX order_list_status ON order_list (status);
CREATE INDEX order_list_email ON order_list (lower(customer_email));

CREATE TABLE order_timeline (
	order_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	position INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL,
	event_id TEXT,
	user TEXT,
	role TEXT,
	type TEXT,
	summary TEXT,
	PRIMARY KEY (order_id, version)
);

-- Not unique: a SKU deleted and created again is a new product id, but the
-- row of a deleted product is removed, so one row per SKU in practice.
CREATE TABLE catalog (
	product_id INTEGER PRIMARY KEY,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	price INTEGER NOT NULL,
	tax_bp INTEGER NOT NULL,
	stock INTEGER NOT NULL,
	retired INTEGER NOT NULL DEFAULT 0,
	row_version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX catalog_sku ON catalog (sku);

CREATE TABLE checkpoints (
	projector TEXT PRIMARY KEY NOT NULL,
	position INTEGER NOT NULL
);
