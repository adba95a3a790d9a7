-- Each store's own group roles. Until this migration every store of a
-- cluster granted its rights to the same three groups (backoffice_admin,
-- backoffice_support, backoffice_manager), so a support login of one shop
-- (or one tenant) could read every other store of the cluster in plain
-- SQL. From here on a store (a schema) grants only to its own three:
--
--   bo_<schema>_admin   bo_<schema>_support   bo_<schema>_manager
--
-- The schema name is 1 to 48 of [a-z0-9_] (bo_pg_schema_valid), so the
-- longest group is 3 + 48 + 8 = 59 bytes, inside PostgreSQL's 63. Within a
-- database, two schemas never give the same name: the prefix is fixed and
-- no suffix is the end of another (_admin, _support, _manager), so the
-- name gives back both the schema and the role. The old shared names start
-- with "backoffice_", never "bo_", so they are never taken for a store's.
-- Roles belong to the whole cluster, though, and a schema of the same name
-- in another database of it would pick the same names: a group that
-- already holds rights in another database is refused, naming it.
--
-- A store that had the shared groups moves here: its own groups get what
-- the shared ones had on this schema, and the shared ones lose everything
-- on it (they are left in place: other stores may still use them until
-- they are opened by this version).
--
-- Creating a role needs CREATEROLE: without it the database administrator
-- creates the three groups beforehand (NOLOGIN), and this only checks them.
DO $groups$
DECLARE
	s name := (SELECT n.nspname FROM pg_class k JOIN pg_namespace n
		   ON n.oid = k.relnamespace WHERE k.oid = '@.events'::regclass);
	r text;
	g text;
	missing text := '';
	here oid := (SELECT oid FROM pg_database
		     WHERE datname = current_database());
	other name;
	may boolean := EXISTS (SELECT 1 FROM pg_roles WHERE rolname =
			       current_user AND (rolcreaterole OR rolsuper));
BEGIN
	FOREACH r IN ARRAY ARRAY['admin', 'support', 'manager'] LOOP
		g := 'bo_' || s || '_' || r;
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
			missing := missing || CASE WHEN missing = '' THEN ''
					 ELSE ', ' END || g;
			CONTINUE;
		END IF;
		IF (SELECT rolcanlogin FROM pg_roles WHERE rolname = g) THEN
			RAISE EXCEPTION 'role % is a login, not a group; '
				'rename or drop it so the store can use the '
				'name for its group', g;
		END IF;
		SELECT d.datname INTO other FROM pg_shdepend sd
			JOIN pg_database d ON d.oid = sd.dbid
			WHERE sd.refclassid = 'pg_authid'::regclass
			AND sd.refobjid = to_regrole(g) AND sd.dbid <> here
			LIMIT 1;
		IF other IS NOT NULL THEN
			RAISE EXCEPTION 'group role % already holds rights in '
				'database % of this cluster; give this store '
				'a schema name of its own', g, other;
		END IF;
	END LOOP;
	IF missing = '' THEN
		RETURN;
	END IF;
	IF NOT may THEN
		RAISE EXCEPTION 'group roles % are missing and login % may '
			'not create roles; the database administrator '
			'creates them (CREATE ROLE name NOLOGIN)',
			missing, current_user;
	END IF;
	FOREACH g IN ARRAY string_to_array(missing, ', ') LOOP
		-- another session may create it at the same moment: its
		-- commit makes this one fail on the name, and then the role
		-- is there, which is all that is needed
		BEGIN
			EXECUTE format('CREATE ROLE %I NOLOGIN', g);
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
			NULL;
		END;
	END LOOP;
END
$groups$;

-- What each group may do with this store's schema: what 005 gave the
-- shared groups, now to this store's own. The owner keeps everything;
-- nobody else gets TRUNCATE, and nobody UPDATE or DELETE of events.
DO $grants$
DECLARE
	s name := (SELECT n.nspname FROM pg_class k JOIN pg_namespace n
		   ON n.oid = k.relnamespace WHERE k.oid = '@.events'::regclass);
	owner regrole := (SELECT nspowner::regrole FROM pg_namespace
			  WHERE nspname = s);
	adm text := format('%I', 'bo_' || s || '_admin');
	sup text := format('%I', 'bo_' || s || '_support');
	mgr text := format('%I', 'bo_' || s || '_manager');
	all3 text := mgr || ', ' || sup || ', ' || adm;
	old text;
	r text;
	u name;
BEGIN
	-- manager: reads everything, changes nothing
	EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', s, all3);
	EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %s', s,
		       all3);
	-- identity columns (events.position, alerts.id) draw from these
	EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %s, %s',
		       s, sup, adm);
	-- the tables an online rebuild swaps in (made by the owner)
	EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I '
		       'GRANT SELECT ON TABLES TO %s', owner, s, all3);
	EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I '
		       'GRANT INSERT, UPDATE ON TABLES TO %s, %s', owner, s,
		       sup, adm);
	EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I '
		       'GRANT DELETE ON TABLES TO %s', owner, s, adm);

	-- support: the order side of the log and what its commands update
	-- (see 005 for the list and the reasons)
	EXECUTE format('GRANT INSERT ON %I.events TO %s, %s', s, sup, adm);
	EXECUTE format('GRANT INSERT, UPDATE ON %1$I.commands, %1$I.sequences, '
		       '%1$I.order_list, %1$I.order_timeline, '
		       '%1$I.checkpoints, %1$I.projector_state, '
		       '%1$I.report_orders, %1$I.report_lines, '
		       '%1$I.report_days, %1$I.report_products, '
		       '%1$I.reactor_state, %1$I.reactor_handled, '
		       '%1$I.alerts TO %2$s, %3$s', s, sup, adm);
	EXECUTE format('GRANT UPDATE ON %I.backoffice_meta TO %s, %s', s, sup,
		       adm);
	-- admin: besides, the products and their catalogue, the settings
	-- and the staff directory
	EXECUTE format('GRANT INSERT, UPDATE ON %1$I.settings, %1$I.users TO '
		       '%2$s', s, adm);
	EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %1$I.products, '
		       '%1$I.catalog TO %2$s', s, adm);
	-- The tenant registry: only the owner writes it (creating a tenant
	-- makes a schema), and only this store's groups read it (the grant
	-- on all tables above); nobody else, PUBLIC included.
	EXECUTE format('REVOKE ALL ON %I.tenants FROM PUBLIC', s);
	EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I.tenants '
		       'FROM %s', s, all3);

	-- Staff of this store who reached it through a shared group keep
	-- their access: each login of users that is a member of the shared
	-- group of its role becomes a member of this store's group of it.
	-- Granting needs CREATEROLE; without it the database administrator
	-- grants the groups (the README says how).
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND
		   (rolcreaterole OR rolsuper)) THEN
		FOREACH r IN ARRAY ARRAY['admin', 'support', 'manager'] LOOP
			CONTINUE WHEN to_regrole('backoffice_' || r) IS NULL;
			FOR u IN EXECUTE format('SELECT u.name FROM %I.users u '
				'JOIN pg_roles l ON l.rolname = u.name WHERE '
				'u.role = %L AND pg_has_role(l.oid, %L, '
				'''MEMBER'')', s, r, 'backoffice_' || r) LOOP
				EXECUTE format('GRANT %I TO %I',
					       'bo_' || s || '_' || r, u);
			END LOOP;
		END LOOP;
	END IF;

	-- The shared groups lose every right on this schema.
	FOREACH old IN ARRAY ARRAY['backoffice_admin', 'backoffice_support',
				   'backoffice_manager'] LOOP
		CONTINUE WHEN to_regrole(old) IS NULL;
		EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I',
			       s, old);
		EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM '
			       '%I', s, old);
		EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM '
			       '%I', s, old);
		EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA '
			       '%I REVOKE ALL ON TABLES FROM %I', owner, s,
			       old);
		EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', s, old);
	END LOOP;
END
$grants$;

-- Product events are appended by this store's admins and its owner only;
-- the guard of 005 named the shared admin group. session_user, not
-- current_user: SET ROLE cannot lend a login somebody else's rights.
CREATE OR REPLACE FUNCTION @.events_product_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
	g text := 'bo_' || TG_TABLE_SCHEMA || '_admin';
BEGIN
	IF NEW.stream LIKE 'product-%' AND NOT (
	    coalesce(pg_has_role(session_user, to_regrole(g), 'MEMBER'),
		     false) OR
	    pg_has_role(session_user, (SELECT nspowner FROM pg_namespace
				       WHERE nspname = TG_TABLE_SCHEMA),
			'MEMBER')) THEN
		RAISE EXCEPTION 'only % may append product events', g
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$fn$;
