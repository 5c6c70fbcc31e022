-- In-process agents are coordination agents too (issue 20): the engine registers each one it starts.
-- kind is 'external' (registered by 'dispatch agent register') or 'in-process'; an in-process agent's id
-- is its runtime id (agt_…), its session the conversation whose usage rows give its tokens and cost.
ALTER TABLE agent ADD COLUMN kind VARCHAR(20) DEFAULT 'external' NOT NULL;
ALTER TABLE agent ADD COLUMN model VARCHAR(200);
ALTER TABLE agent ADD COLUMN template VARCHAR(200);
ALTER TABLE agent ADD COLUMN detached BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE agent ADD COLUMN session_id VARCHAR(64);
