-- The SKUs of the orders projector (version 3): every SKU each product ever
-- carried (a Product* event's snapshot, a delete's included), so a
-- product's history is found by SKU without reading the whole log. The SKU
-- leads the primary key, so a look-up is a range of it. The projector's
-- version change rebuilds the table from the log at start-up.
CREATE TABLE product_skus (
	sku TEXT NOT NULL,
	product_id INTEGER NOT NULL,
	PRIMARY KEY (sku, product_id)
) WITHOUT ROWID;
