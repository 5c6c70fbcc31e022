-- Agents that were waiting for a usable key when their engine stopped (session.WaitingAgents): the
-- next long-lived engine resumes each on its session, with its whole conversation.
CREATE TABLE waiting_agent (
  session_id VARCHAR(64) PRIMARY KEY,
  cwd VARCHAR(4096) NOT NULL,
  template VARCHAR(200),
  model VARCHAR(200),
  tag VARCHAR(200),
  max_turns INT,
  saved_at TIMESTAMP WITH TIME ZONE NOT NULL
);
