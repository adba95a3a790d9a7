-- The search keys of the orders projector (version 2): for each order, the
-- normalised texts it can be found by (kind: email, name, sku, tracking).
-- The key leads the primary key, so a prefix search is a range of it. The
-- projector's version change rebuilds the table from the log at start-up.
CREATE TABLE order_keys (
	order_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	PRIMARY KEY (key, order_id, kind)
) WITHOUT ROWID;
