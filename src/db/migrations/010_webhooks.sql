-- Webhooks (issue 11): endpoints an admin adds, and a durable delivery queue that is also
-- the delivery log. A small table queue rather than graphile-worker/pg-boss: those need a
-- real PostgreSQL pool and do not run on PGlite (docs/ARCHITECTURE.md).

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  url text not null check (char_length(url) between 8 and 2000),
  description text not null default '' check (char_length(description) <= 200),
  events text[] not null,
  preset text not null check (preset in ('generic', 'feishu', 'dingtalk', 'slack')),
  -- Needed in clear to sign deliveries (HMAC); shown to admins only.
  secret text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  -- First failure since the last success; cleared by a success.
  failing_since timestamptz,
  -- Set when it failed for 24 h in a row: nothing is sent until an admin resumes it.
  paused_at timestamptz,
  last_success_at timestamptz
);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  event text not null,
  -- The event's payload (already free of tickets, nicknames, media and unapproved texts).
  payload jsonb not null,
  -- pending: to be (re)tried at next_attempt_at; delivered; failed: gave up (24 h, or a test ping).
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  -- Only one attempt for a test ping: a button press is not retried for a day.
  max_age_seconds int not null default 86400,
  created_at timestamptz not null,
  next_attempt_at timestamptz not null,
  -- A worker that claimed it holds it until then (a crash mid-delivery lets another retry).
  leased_until timestamptz,
  last_attempt_at timestamptz,
  last_status int,
  last_error text check (char_length(last_error) <= 300),
  response_excerpt text check (char_length(response_excerpt) <= 300),
  delivered_at timestamptz
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_log on webhook_deliveries (endpoint_id, created_at desc);
