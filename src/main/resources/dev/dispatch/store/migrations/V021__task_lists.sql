-- The task_list tool's items (session.TaskLists), kept per session so a list survives restarts and
-- waits; a parent reads a child's list through the child's session.
CREATE TABLE task_item (
  session_id VARCHAR(64) NOT NULL,
  id VARCHAR(32) NOT NULL,
  seq INT NOT NULL,
  title VARCHAR(500) NOT NULL,
  description CHARACTER LARGE OBJECT,
  status VARCHAR(20) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (session_id, id)
);
