-- The Orders screen sorts by placed time, customer, total and status as well
-- as by number, a page at a time by (key, id): each sort gets an index on
-- exactly the expression the queries order by, so a page costs the same at
-- the start of a million orders and at the end.
CREATE INDEX order_list_placed ON order_list (placed_at, id);
CREATE INDEX order_list_customer ON order_list (
	lower(coalesce(nullif(customer_name, ''), customer_email)), id);
CREATE INDEX order_list_total ON order_list (total, id);
CREATE INDEX order_list_lifecycle ON order_list (
	(CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2
	WHEN 'shipped' THEN 3 WHEN 'delivered' THEN 4
	WHEN 'cancelled' THEN 5 ELSE 0 END), id);
