-- Browsing sessions (issue 23, session.SessionCatalog and session.SessionText): the message count kept
-- in an indexed column beside title and project (list, rename and resume read the same row), indexes
-- for recent-first lists and the child tree, and a BM25 inverted index over every message's text.
ALTER TABLE session ADD COLUMN message_count INT DEFAULT 0 NOT NULL;
UPDATE session s SET message_count = (SELECT COUNT(*) FROM session_message m WHERE m.session_id = s.id);
CREATE INDEX session_by_updated ON session(updated_at);
CREATE INDEX session_by_space_updated ON session(space, updated_at);
CREATE INDEX session_by_parent ON session(parent_session_id);
CREATE TABLE session_term (
  term VARCHAR(64) NOT NULL,
  session_id VARCHAR(64) NOT NULL,
  seq INT NOT NULL,
  tf INT NOT NULL,
  doc_terms INT NOT NULL,
  PRIMARY KEY (term, session_id, seq)
);
CREATE TABLE session_text_stats (
  id INT PRIMARY KEY,
  docs BIGINT NOT NULL,
  terms BIGINT NOT NULL
);
INSERT INTO session_text_stats(id, docs, terms) VALUES (1, 0, 0);
