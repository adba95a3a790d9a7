-- The reports projector's read models, as data/sqlite/003: what it
-- remembers of each order, the order lines, and the figures per UTC day and
-- per day and SKU. day is days since 1970-01-01; money is integer minor
-- units; times are ms since the epoch (0: not yet).

CREATE TABLE @.report_orders (
	id bigint NOT NULL,
	total bigint NOT NULL,
	tax bigint NOT NULL,
	paid bigint NOT NULL,
	refunded bigint NOT NULL,
	status text NOT NULL,
	placed_at bigint NOT NULL,
	paid_at bigint NOT NULL,
	shipped_at bigint NOT NULL,
	delivered_at bigint NOT NULL,
	CONSTRAINT report_orders_pkey PRIMARY KEY (id)
);

CREATE INDEX report_orders_placed ON @.report_orders (placed_at);
CREATE INDEX report_orders_shipped ON @.report_orders (shipped_at);
CREATE INDEX report_orders_delivered ON @.report_orders (delivered_at);

CREATE TABLE @.report_lines (
	order_id bigint NOT NULL,
	line_no bigint NOT NULL,
	sku text NOT NULL,
	name text NOT NULL,
	quantity bigint NOT NULL,
	gross bigint NOT NULL,
	CONSTRAINT report_lines_pkey PRIMARY KEY (order_id, line_no)
);

CREATE TABLE @.report_days (
	day bigint NOT NULL,
	orders_placed bigint NOT NULL,
	placed_value bigint NOT NULL,
	orders_paid bigint NOT NULL,
	payments bigint NOT NULL,
	payment_failures bigint NOT NULL,
	cancellations bigint NOT NULL,
	gross bigint NOT NULL,
	tax bigint NOT NULL,
	refunds bigint NOT NULL,
	refund_tax bigint NOT NULL,
	CONSTRAINT report_days_pkey PRIMARY KEY (day)
);

CREATE TABLE @.report_products (
	day bigint NOT NULL,
	sku text NOT NULL,
	name text NOT NULL,
	units bigint NOT NULL,
	revenue bigint NOT NULL,
	refunds bigint NOT NULL,
	CONSTRAINT report_products_pkey PRIMARY KEY (day, sku)
);

CREATE INDEX report_products_sku ON @.report_products (sku, day);
