-- Database privileges, a second wall behind the role checks of the
-- application services: a staff member connects as their own login, which
-- is a member of one group role, and the database itself refuses what that
-- group may not do, whatever client the login uses.
--
-- The groups have fixed names, backoffice_admin, backoffice_support and
-- backoffice_manager, with no prefix: roles belong to the whole cluster, so
-- every store (schema) of a cluster shares them and each store grants them
-- rights on its own schema only. A member of backoffice_support may then do
-- support's work in every store of the cluster that its login can reach;
-- shops that must keep their staff apart use a cluster (or at least a
-- database with its own CONNECT grants) each. Fixed names keep the set-up
-- one the database administrator can read without looking anything up.
--
-- Creating a role needs CREATEROLE, so the groups are created only when
-- missing: an administrator may create them beforehand (NOLOGIN) and let a
-- store owner without CREATEROLE run init.
DO $roles$
DECLARE
	g text;
BEGIN
	FOREACH g IN ARRAY ARRAY['backoffice_admin', 'backoffice_support',
				 'backoffice_manager'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname =
				       current_user AND (rolcreaterole OR
				       rolsuper)) THEN
				RAISE EXCEPTION 'group role % is missing and this '
					'login may not create roles; create '
					'it (NOLOGIN) as the database '
					'administrator, or run init as a '
					'login with CREATEROLE', g;
			END IF;
			-- another store's init may create it at the same
			-- moment: its commit makes this one fail on the name,
			-- and then the role is there, which is all we need
			BEGIN
				EXECUTE format('CREATE ROLE %I NOLOGIN', g);
			EXCEPTION WHEN duplicate_object OR unique_violation THEN
				NULL;
			END;
		END IF;
	END LOOP;
END
$roles$;

-- What each group may do with this store's schema. The owner (the role that
-- owns the schema, which ran init) keeps everything; nobody else is given
-- TRUNCATE, and UPDATE or DELETE of events is given to nobody (the triggers
-- of 001 refuse it even to the owner). Rebuilding a projection online
-- creates and renames tables, which only the owner can: upgrades and
-- `projections rebuild` run over the owner's connection.
DO $grants$
DECLARE
	s text := (SELECT relnamespace::regnamespace::text FROM pg_class
		   WHERE oid = '@.events'::regclass);
BEGIN
	-- manager: reads everything, changes nothing
	EXECUTE format('GRANT USAGE ON SCHEMA %s TO backoffice_manager, '
		       'backoffice_support, backoffice_admin', s);
	EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO '
		       'backoffice_manager, backoffice_support, '
		       'backoffice_admin', s);
	-- identity columns (events.position, alerts.id) draw from these
	EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %s TO '
		       'backoffice_support, backoffice_admin', s);
	-- An online rebuild swaps new read-model tables in, and a new table
	-- has no grants of its own: these give the ones it is made by (the
	-- owner) the read-model rights below. The catalogue then becomes
	-- writable by support too; a product of it still cannot change, as
	-- products and product events stay admin's.
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT '
		       'ON TABLES TO backoffice_manager, backoffice_support, '
		       'backoffice_admin', s);
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT INSERT, '
		       'UPDATE ON TABLES TO backoffice_support, '
		       'backoffice_admin', s);
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT DELETE '
		       'ON TABLES TO backoffice_admin', s);
END
$grants$;

-- support: what its commands (notes, cancellations, refunds) write. The
-- events of the order streams; the command ids; the change counter every
-- writing commit raises; the inline projection (order list and timeline)
-- with the projectors' checkpoints; the report tables the write side
-- catches up after each command; the reactors' bookkeeping and alerts (the
-- reactors read the log after each command). Not products, the catalogue,
-- settings or users. Placing orders and taking payments are admin's (the
-- application's role table), so the low-stock reactor, which takes stock
-- off a product when an order is paid, always runs as an admin or the owner.
GRANT INSERT ON @.events TO backoffice_support;
GRANT INSERT, UPDATE ON @.commands, @.sequences, @.order_list,
	@.order_timeline, @.checkpoints, @.projector_state, @.report_orders,
	@.report_lines, @.report_days, @.report_products, @.reactor_state,
	@.reactor_handled, @.alerts TO backoffice_support;
GRANT UPDATE ON @.backoffice_meta TO backoffice_support;

-- admin: support's rights, and the products with their catalogue, the
-- settings and the staff directory (the `user add` of an admin login
-- writes the record; creating the login role needs CREATEROLE besides).
GRANT INSERT ON @.events TO backoffice_admin;
GRANT INSERT, UPDATE ON @.commands, @.sequences, @.order_list,
	@.order_timeline, @.checkpoints, @.projector_state, @.report_orders,
	@.report_lines, @.report_days, @.report_products, @.reactor_state,
	@.reactor_handled, @.alerts, @.settings, @.users TO backoffice_admin;
GRANT INSERT, UPDATE, DELETE ON @.products, @.catalog TO backoffice_admin;
GRANT UPDATE ON @.backoffice_meta TO backoffice_admin;

-- The events of a product stream are the products' history: only admins
-- and the owner append them, so a support login cannot forge a price
-- change in the log even though it may append order events. session_user,
-- not current_user: SET ROLE cannot lend a login somebody else's rights.
CREATE FUNCTION @.events_product_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
	IF NEW.stream LIKE 'product-%' AND NOT (
	    pg_has_role(session_user, 'backoffice_admin', 'MEMBER') OR
	    pg_has_role(session_user, (SELECT nspowner FROM pg_namespace
				       WHERE nspname = TG_TABLE_SCHEMA),
			'MEMBER')) THEN
		RAISE EXCEPTION 'only backoffice_admin may append product events'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$fn$;

CREATE TRIGGER events_product_guard BEFORE INSERT ON @.events
	FOR EACH ROW EXECUTE FUNCTION @.events_product_guard();
