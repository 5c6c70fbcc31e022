-- What a key was when it was disabled for 401/403: a SHA-256 over its config entry and value (never
-- the value itself). A key whose fingerprint has changed since (a new value in its env var, an edited
-- entry) is tried again, even across restarts.
ALTER TABLE key_state ADD COLUMN fingerprint VARCHAR(64);
