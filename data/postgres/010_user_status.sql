-- A staff user may be disabled by an admin, as data/sqlite/007: the record
-- stays (the log names the user) but the user may no longer open a session.
-- On PostgreSQL the flag is only half of it: disabling also takes the
-- login out of this store's groups (bo_<schema>_admin|support|manager), so
-- the database refuses the login here whatever client it uses. The login
-- itself is left as it is (no NOLOGIN): one login may be staff of several
-- stores (tenants), and disabling it in one must not shut it out of the
-- others. Enabling grants the group of the user's role again.

ALTER TABLE @.users ADD COLUMN disabled boolean NOT NULL DEFAULT false;
