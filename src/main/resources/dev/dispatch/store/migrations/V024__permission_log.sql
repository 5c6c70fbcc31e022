-- Every permission decision (permission.DecisionLog, written by app.PermissionLogStore): who asked,
-- what, the outcome, what decided it (root, rule, protected, grant, ceiling, mode, operator), when.
CREATE TABLE permission_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  agent_id VARCHAR(64) NOT NULL,
  tool VARCHAR(100),
  operation VARCHAR(16) NOT NULL,
  paths CHARACTER LARGE OBJECT NOT NULL,
  command CHARACTER LARGE OBJECT,
  outcome VARCHAR(8) NOT NULL,
  decided_by VARCHAR(16) NOT NULL,
  reason CHARACTER LARGE OBJECT NOT NULL,
  decided_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX permission_log_agent ON permission_log(agent_id, id);
