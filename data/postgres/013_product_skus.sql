-- The SKUs of the orders projector (version 3), as data/sqlite/012 has
-- them: every SKU each product ever carried, so a product's history is
-- found by SKU without reading the whole log. The SKU is compared byte by
-- byte (COLLATE "C"), as SQLite's BINARY does. The projector's version
-- change rebuilds the table from the log at start-up.
CREATE TABLE @.product_skus (
	sku text COLLATE "C" NOT NULL,
	product_id bigint NOT NULL,
	CONSTRAINT product_skus_pkey PRIMARY KEY (sku, product_id)
);

-- The store's groups get on the SKUs exactly the rights they hold on the
-- catalogue, the table the SKUs are written beside (see 007 for who may
-- do what), whichever login runs this migration.
DO $grants$
DECLARE
	s name := (SELECT n.nspname FROM pg_class k JOIN pg_namespace n
		   ON n.oid = k.relnamespace WHERE k.oid = '@.events'::regclass);
	r text;
	g text;
	p text;
BEGIN
	FOREACH r IN ARRAY ARRAY['admin', 'support', 'manager'] LOOP
		g := 'bo_' || s || '_' || r;
		CONTINUE WHEN to_regrole(g) IS NULL;
		FOREACH p IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
		LOOP
			IF has_table_privilege(g, '@.catalog', p) THEN
				EXECUTE format('GRANT %s ON %I.product_skus TO %I',
					       p, s, g);
			END IF;
		END LOOP;
	END LOOP;
END
$grants$;
