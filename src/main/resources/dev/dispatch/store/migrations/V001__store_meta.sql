-- Facts about the store itself (created_at, the owner's last clean close).
CREATE TABLE store_meta (
  meta_key VARCHAR(64) PRIMARY KEY,
  meta_value VARCHAR(4096) NOT NULL
);
