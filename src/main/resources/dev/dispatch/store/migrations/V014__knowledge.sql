-- Knowledge topics (coord.Knowledge): every write is a new version; the latest is what search sees.
CREATE TABLE kb_version (
  space VARCHAR(200) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  version INT NOT NULL,
  body CHARACTER LARGE OBJECT NOT NULL,
  agent VARCHAR(200),
  written_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (space, topic, version)
);
-- Full-text index (coord.TextIndex): documents of any kind (topic, message, task) and their terms.
-- text_term repeats the document's length (doc_terms) and text_stats keeps per-kind totals so a
-- BM25 query reads postings only, never a scan of the documents.
CREATE TABLE text_doc (
  space VARCHAR(200) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  doc_id VARCHAR(200) NOT NULL,
  title VARCHAR(1000),
  body CHARACTER LARGE OBJECT,
  terms INT NOT NULL,
  PRIMARY KEY (space, kind, doc_id)
);
CREATE TABLE text_term (
  space VARCHAR(200) NOT NULL,
  term VARCHAR(64) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  doc_id VARCHAR(200) NOT NULL,
  tf INT NOT NULL,
  doc_terms INT NOT NULL,
  PRIMARY KEY (space, term, kind, doc_id)
);
CREATE INDEX text_term_doc ON text_term(space, kind, doc_id);
CREATE TABLE text_stats (
  space VARCHAR(200) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  docs BIGINT NOT NULL,
  terms BIGINT NOT NULL,
  PRIMARY KEY (space, kind)
);
