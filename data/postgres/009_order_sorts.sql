-- The Orders screen's sorts, as data/sqlite/008 has them: an index on each
-- expression the queries order by, paired with the id. The customer key is
-- compared byte by byte (COLLATE "C") and lower-cases ASCII letters only,
-- as the domain and SQLite do, so the order is the same on both backends.
CREATE INDEX order_list_placed ON @.order_list (placed_at, id);
CREATE INDEX order_list_customer ON @.order_list (
	(translate(coalesce(nullif(customer_name, ''), customer_email),
	 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
	 COLLATE "C"), id);
CREATE INDEX order_list_total ON @.order_list (total, id);
CREATE INDEX order_list_lifecycle ON @.order_list (
	(CASE status WHEN 'placed' THEN 1 WHEN 'paid' THEN 2
	WHEN 'shipped' THEN 3 WHEN 'delivered' THEN 4
	WHEN 'cancelled' THEN 5 ELSE 0 END), id);
