-- A product may have a low-stock threshold of its own; NULL (every row
-- written before this) means the tenant's setting applies.
ALTER TABLE @.products ADD COLUMN low_stock_threshold bigint
	CHECK (low_stock_threshold IS NULL OR
	       low_stock_threshold BETWEEN 0 AND 1000000);
