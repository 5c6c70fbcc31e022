-- Agent snapshots (issue 23, session.AgentSnapshots): each in-process agent of a session as it was last
-- seen — its parent, template, model, grants, skills and status — written at start, at each status change
-- and at a model switch, so 'sessions show' lists a session's agents after the owner is gone (kill -9
-- included) and a resume restores the main agent's template and model. The agent's task list is the
-- task_item rows of its session.
-- Also: an undo note is told to the session's agent with its next input (session.SessionNotes#takeForAgent);
-- for_agent marks the notes not told yet. And the search index's impact order (at the end).
CREATE TABLE session_agent (
  agent_id VARCHAR(40) PRIMARY KEY,
  session_id VARCHAR(64) NOT NULL,
  parent_agent_id VARCHAR(40),
  name VARCHAR(200) NOT NULL,
  template VARCHAR(200),
  model VARCHAR(200) NOT NULL,
  provider VARCHAR(200) NOT NULL,
  detached BOOLEAN DEFAULT FALSE NOT NULL,
  grants VARCHAR(4000),
  skills VARCHAR(4000),
  status VARCHAR(20) NOT NULL,
  detail VARCHAR(4000),
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX session_agent_by_session ON session_agent(session_id, started_at);
ALTER TABLE session_note ADD COLUMN for_agent BOOLEAN DEFAULT FALSE NOT NULL;
-- Search (session.SessionRank): each term's postings in impact order (term frequency descending, then
-- message length), so the best messages for a common word are read first and the rest never.
CREATE INDEX session_term_impact ON session_term(term, tf DESC, doc_terms);
