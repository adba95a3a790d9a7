-- A staff user may be disabled by an admin: the record stays (the log names
-- the user in its metadata) but the user can no longer open a session.
-- Enabling clears the flag again. Every user is enabled to begin with.

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0
	CHECK (disabled IN (0, 1));
