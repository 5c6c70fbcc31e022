-- Approvals (coord.Approvals): options are a JSON array; wait_ms = decided_at - requested_at.
CREATE TABLE approval (
  id VARCHAR(40) PRIMARY KEY,
  space VARCHAR(200) NOT NULL,
  agent VARCHAR(200) NOT NULL,
  question CHARACTER LARGE OBJECT NOT NULL,
  options VARCHAR(16000) NOT NULL,
  state VARCHAR(10) NOT NULL,
  decision VARCHAR(200),
  note CHARACTER LARGE OBJECT,
  requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at TIMESTAMP WITH TIME ZONE,
  wait_ms BIGINT
);
CREATE INDEX approval_space_state ON approval(space, state, requested_at);
