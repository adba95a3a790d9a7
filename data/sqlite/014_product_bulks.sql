-- The applied bulk product actions (product bulk ...), so they can be listed
-- and undone without reading the log: who applied which action when, how
-- many products it changed, the log positions it wrote (after
-- from_position, up to to_position), the bulk it undid or the one that
-- undid it, and its items: one line per changed product with the old and
-- new value and the row version it left (written and read by the domain).
CREATE TABLE product_bulks (
	id TEXT PRIMARY KEY,
	at INTEGER NOT NULL,
	user_name TEXT NOT NULL,
	action TEXT NOT NULL,
	product_count INTEGER NOT NULL,
	from_position INTEGER NOT NULL,
	to_position INTEGER NOT NULL,
	undoes TEXT,
	undone_by TEXT,
	items TEXT NOT NULL
);
CREATE INDEX product_bulks_at ON product_bulks (at DESC, id DESC);
