-- The funnel and the shipping times read every order of a period: with
-- the column each one reads carried in the index (INCLUDE), an index-only
-- scan answers them instead of a heap fetch per order. An online rebuild
-- renames the indexes (CREATE TABLE ... LIKE ... INCLUDING ALL picks new
-- names), so the old single-column ones are found by their definition.
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT i.indexrelid::regclass AS name
		 FROM pg_index i
		 WHERE i.indrelid = '@.report_orders'::regclass
		   AND pg_get_indexdef(i.indexrelid) ~
		       '\((placed_at|shipped_at|delivered_at)\)$'
	LOOP
		EXECUTE format('DROP INDEX %s', r.name);
	END LOOP;
END
$$;
CREATE INDEX report_orders_placed ON @.report_orders (placed_at)
	INCLUDE (status);
CREATE INDEX report_orders_shipped ON @.report_orders (shipped_at)
	INCLUDE (paid_at);
CREATE INDEX report_orders_delivered ON @.report_orders (delivered_at)
	INCLUDE (shipped_at);
