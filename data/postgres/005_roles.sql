-- Database privileges, a second wall behind the role checks of the
-- application services: a staff member connects as their own login, which
-- is a member of one group role, and the database itself refuses what that
-- group may not do, whatever client the login uses.
--
-- This migration first gave those rights to three groups of fixed names,
-- backoffice_admin, backoffice_support and backoffice_manager, shared by
-- every store (schema) of the cluster, so a member of backoffice_support
-- could do support's work in every store its login could reach.
--
-- Stores made before 007 ran the grants of this migration to the
-- cluster-wide groups above; 007 moves every store to groups of its own
-- (bo_<schema>_admin, ...) and takes the shared groups' rights away. A store
-- made now gets its groups and grants from 007 alone, so the shared groups
-- are neither created nor needed here any more; the rights 007 gives are
-- the ones this migration gave, listed there.

-- The events of a product stream are the products' history: only admins
-- and the owner append them (007 replaces this guard with one that names
-- the store's own admin group), so a support login cannot forge a price
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
