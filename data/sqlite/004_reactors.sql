-- Reactors: how far each has read the log, which events each has handled
-- (its side effects are idempotent by event id), and the low-stock alerts.
-- Nothing here is a projection: a rebuild never empties these tables.

CREATE TABLE reactor_state (
	name TEXT PRIMARY KEY NOT NULL,
	checkpoint INTEGER NOT NULL
);

CREATE TABLE reactor_handled (
	reactor TEXT NOT NULL,
	event_id TEXT NOT NULL,
	PRIMARY KEY (reactor, event_id)
) WITHOUT ROWID;

CREATE TABLE alerts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id TEXT NOT NULL,
	order_id INTEGER NOT NULL,
	product_id INTEGER NOT NULL,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	stock INTEGER NOT NULL,
	threshold INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (event_id, product_id)
);

-- A store that already has a history when this arrives: the low-stock
-- reactor starts at its head, since those payments happened before it
-- existed (a new store starts at 0).
INSERT INTO reactor_state (name, checkpoint)
	SELECT 'low_stock', coalesce(max(position), 0) FROM events;
