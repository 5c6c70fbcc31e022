-- Key budgets (session.Budgets) and key health (session.KeyStates). A spend row is written as a
-- reservation of the call's worst case before the call, in the same transaction that checked the
-- caps, and settled to the actual cost after it; unsettled rows keep counting at their worst case.
CREATE TABLE key_spend (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  key_id VARCHAR(200) NOT NULL,
  model VARCHAR(200) NOT NULL,
  agent_id VARCHAR(64),
  reserved_usd DECIMAL(20, 10) NOT NULL,
  reserved_tokens BIGINT NOT NULL,
  usd DECIMAL(20, 10),
  tokens BIGINT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  settled_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX key_spend_key_time ON key_spend(key_id, created_at);
CREATE TABLE key_state (
  key_id VARCHAR(200) PRIMARY KEY,
  state VARCHAR(20) NOT NULL,
  until_at TIMESTAMP WITH TIME ZONE,
  reason VARCHAR(1000) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
