-- The reports projector's read models: what it remembers of each order, the
-- order lines (to credit products at full payment and split refunds), and
-- the figures per UTC day and per day and SKU. day is days since 1970-01-01;
-- money is integer minor units; times are ms since the epoch (0: not yet).

CREATE TABLE report_orders (
	id INTEGER PRIMARY KEY,
	total INTEGER NOT NULL,
	tax INTEGER NOT NULL,
	paid INTEGER NOT NULL,
	refunded INTEGER NOT NULL,
	status TEXT NOT NULL,
	placed_at INTEGER NOT NULL,
	paid_at INTEGER NOT NULL,
	shipped_at INTEGER NOT NULL,
	delivered_at INTEGER NOT NULL
);

CREATE INDEX report_orders_placed ON report_orders (placed_at);
CREATE INDEX report_orders_shipped ON report_orders (shipped_at);
CREATE INDEX report_orders_delivered ON report_orders (delivered_at);

CREATE TABLE report_lines (
	order_id INTEGER NOT NULL,
	line_no INTEGER NOT NULL,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	quantity INTEGER NOT NULL,
	gross INTEGER NOT NULL,
	PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE report_days (
	day INTEGER PRIMARY KEY,
	orders_placed INTEGER NOT NULL,
	placed_value INTEGER NOT NULL,
	orders_paid INTEGER NOT NULL,
	payments INTEGER NOT NULL,
	payment_failures INTEGER NOT NULL,
	cancellations INTEGER NOT NULL,
	gross INTEGER NOT NULL,
	tax INTEGER NOT NULL,
	refunds INTEGER NOT NULL,
	refund_tax INTEGER NOT NULL
);

CREATE TABLE report_products (
	day INTEGER NOT NULL,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	units INTEGER NOT NULL,
	revenue INTEGER NOT NULL,
	refunds INTEGER NOT NULL,
	PRIMARY KEY (day, sku)
) WITHOUT ROWID;

CREATE INDEX report_products_sku ON report_products (sku, day);
