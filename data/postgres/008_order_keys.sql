-- The search keys of the orders projector (version 2), as data/sqlite/007
-- has them. The key is compared byte by byte (COLLATE "C"), the order the
-- domain's prefix bound assumes and the one SQLite's BINARY gives, so a
-- prefix search is a range of the primary key's index. The projector's
-- version change rebuilds the table from the log at start-up.
CREATE TABLE @.order_keys (
	order_id bigint NOT NULL,
	kind text NOT NULL,
	key text COLLATE "C" NOT NULL,
	CONSTRAINT order_keys_pkey PRIMARY KEY (key, order_id, kind)
);

-- The store's groups get on the keys exactly the rights they hold on the
-- order list, the table the keys are written beside (see 007 for who may
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
			IF has_table_privilege(g, '@.order_list', p) THEN
				EXECUTE format('GRANT %s ON %I.order_keys TO %I',
					       p, s, g);
			END IF;
		END LOOP;
	END LOOP;
END
$grants$;
