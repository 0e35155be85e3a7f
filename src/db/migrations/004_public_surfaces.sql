-- Public surfaces (family page, board, live wall) and several instances on one PostgreSQL.

-- Rate-limit counters shared by every server instance on one database. Keys are hashed
-- (they contain client addresses). Unlogged: a crash only resets the counters.
create unlogged table rate_limits (
  key_hash bytea primary key,
  hits int not null,
  reset_at timestamptz not null
);
create index rate_limits_reset on rate_limits(reset_at);

-- The board lists approved ideas newest first; the wall shows a showroom's approved drawings.
create index ideas_approved_created on ideas(created_at desc) where moderation = 'approved';
