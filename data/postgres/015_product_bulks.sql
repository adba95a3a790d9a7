-- The applied bulk product actions, as data/sqlite/014 has them: who
-- applied which action when, how many products it changed, the log
-- positions it wrote, the bulk it undid or the one that undid it, and its
-- items (one line per changed product, written and read by the domain).
CREATE TABLE @.product_bulks (
	id text COLLATE "C" NOT NULL,
	at bigint NOT NULL,
	user_name text NOT NULL,
	action text NOT NULL,
	product_count bigint NOT NULL,
	from_position bigint NOT NULL,
	to_position bigint NOT NULL,
	undoes text,
	undone_by text,
	items text NOT NULL,
	CONSTRAINT product_bulks_pkey PRIMARY KEY (id)
);
CREATE INDEX product_bulks_at ON @.product_bulks (at DESC, id DESC);

-- The store's groups get on the bulk records exactly the rights they hold
-- on the product rows (see 007 for who may do what), whichever login runs
-- this migration.
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
			IF has_table_privilege(g, '@.products', p) THEN
				EXECUTE format('GRANT %s ON %I.product_bulks TO %I',
					       p, s, g);
			END IF;
		END LOOP;
	END LOOP;
END
$grants$;
