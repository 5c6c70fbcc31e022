-- Claim-path indexes (coord.Claims). A claim -> complete cycle commits twice, and each commit writes every
-- B-tree page it dirtied; an index entry whose key does not change is not touched. The claim-order
-- indexes keyed on status changed on both steps (ready -> claimed -> done); keyed on is_ready they
-- change only when a task leaves or re-enters the ready set. The backoff index keyed on (status,
-- not_before) changed on every status change; not_before is now set only while a task is waiting, so
-- an index on not_before alone changes only when backoff starts or ends. The per-agent running count
-- read (space, assignee, status), whose entries moved between three regions per agent on every cycle;
-- holder is the assignee only while claimed, so its index holds just the tasks in flight. The lease
-- index drops status: lease_expires_at is set only while a task is claimed, and a ready task and a
-- done one share the NULL key, so completing a task puts its entry back where its claim took it from.
ALTER TABLE task ADD COLUMN is_ready BOOLEAN GENERATED ALWAYS AS (status = 'ready');
DROP INDEX task_next_queue;
DROP INDEX task_next_any;
CREATE INDEX task_ready_queue ON task(space, is_ready, queue, priority DESC, seq);
CREATE INDEX task_ready_any ON task(space, is_ready, priority DESC, seq);
UPDATE task SET not_before = NULL WHERE status <> 'waiting';
DROP INDEX task_backoff;
CREATE INDEX task_backoff ON task(not_before);
ALTER TABLE task ADD COLUMN holder VARCHAR(200) GENERATED ALWAYS AS (CASE WHEN status = 'claimed' THEN assignee END);
DROP INDEX task_assignee;
CREATE INDEX task_holder ON task(space, holder);
DROP INDEX task_lease;
CREATE INDEX task_lease ON task(lease_expires_at);
