-- Locks and reservations (coord.Locks). fence is the fencing token: one global sequence, so every
-- grant gets a number larger than any before it, across spaces and restarts.
CREATE SEQUENCE lock_fence START WITH 1;
CREATE TABLE lock_grant (
  id VARCHAR(40) PRIMARY KEY,
  space VARCHAR(200) NOT NULL,
  agent VARCHAR(200) NOT NULL,
  mode VARCHAR(10) NOT NULL,
  fence BIGINT NOT NULL UNIQUE,
  task_id VARCHAR(200),
  state VARCHAR(10) NOT NULL,
  acquired_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX lock_grant_held ON lock_grant(space, state, expires_at);
CREATE INDEX lock_grant_task ON lock_grant(space, task_id);
CREATE TABLE lock_pattern (
  lock_id VARCHAR(40) NOT NULL,
  pos INT NOT NULL,
  pattern VARCHAR(200) NOT NULL,
  PRIMARY KEY (lock_id, pos)
);
