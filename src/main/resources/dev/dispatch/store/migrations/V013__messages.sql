-- Messages (coord.Messages): seq comes from a sequence and is the inbox cursor; one inbox row per
-- recipient so fan-out to 'all' or 'children' is explicit and each recipient reads/acks on its own.
CREATE SEQUENCE message_seq START WITH 1;
CREATE TABLE message (
  seq BIGINT PRIMARY KEY,
  id VARCHAR(40) NOT NULL UNIQUE,
  space VARCHAR(200) NOT NULL,
  sender VARCHAR(200) NOT NULL,
  to_spec VARCHAR(200) NOT NULL,
  thread VARCHAR(200) NOT NULL,
  importance VARCHAR(10) NOT NULL,
  ack_required BOOLEAN NOT NULL,
  body CHARACTER LARGE OBJECT NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE inbox (
  space VARCHAR(200) NOT NULL,
  agent VARCHAR(200) NOT NULL,
  seq BIGINT NOT NULL,
  read_at TIMESTAMP WITH TIME ZONE,
  acked_at TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (space, agent, seq)
);
