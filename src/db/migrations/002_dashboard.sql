-- Dashboard: draft catalog edits, idea tags, login throttling, retention, and the rollups
-- that keep insight fast over millions of answers.

-- Catalog rows that are no longer in the draft (a published row is never edited in place:
-- an edit retires it and inserts its successor).
alter table products add column retired_at timestamptz;
alter table parts add column retired_at timestamptz;
alter table pairs add column retired_at timestamptz;

create table idea_tags (
  idea_id uuid not null references ideas(id) on delete cascade,
  part_key text not null,
  primary key (idea_id, part_key)
);

create table login_attempts (
  key text primary key,
  failures int not null default 0,
  first_failure_at timestamptz not null default now(),
  locked_until timestamptz
);

create table retention_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  kind text not null,
  items int not null
);

-- Rollups, one row per (day, showroom, model, age band[, part | pair]); days are in REPORT_TIMEZONE.
-- Updated in the same statement that stores a visit, and subtracted when a family deletes one.
create table rollup_visits (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid not null references products(id),
  age_band text not null,
  visits int not null default 0,
  again_yes int not null default 0,
  again_maybe int not null default 0,
  again_no int not null default 0,
  with_idea int not null default 0,
  primary key (product_id, day, showroom_id, age_band)
);
create index rollup_visits_day on rollup_visits(day);

-- Duration histogram in 15-second buckets (bucket 0 = under 15 s; the last one is "15 min or more").
create table rollup_durations (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid not null references products(id),
  age_band text not null,
  bucket smallint not null,
  visits int not null default 0,
  primary key (product_id, day, showroom_id, age_band, bucket)
);

create table rollup_parts (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid not null references products(id),
  age_band text not null,
  part_id uuid not null references parts(id),
  f1 int not null default 0,
  f2 int not null default 0,
  f3 int not null default 0,
  f4 int not null default 0,
  f5 int not null default 0,
  fav1 int not null default 0,
  fav2 int not null default 0,
  fav3 int not null default 0,
  primary key (product_id, day, showroom_id, age_band, part_id)
);

create table rollup_pairs (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid not null references products(id),
  age_band text not null,
  pair_id uuid not null references pairs(id),
  a int not null default 0,
  b int not null default 0,
  primary key (product_id, day, showroom_id, age_band, pair_id)
);

-- Visits a child began but left (idle reset), reported by kiosks without any answer or personal
-- data, so the dashboard can show a real completion rate. The id is made by the kiosk (idempotent).
create table abandoned_visits (
  id uuid primary key,
  device_id uuid not null references devices(id),
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid references products(id),
  age_band text check (age_band in ('4-6', '7-9', '10-12')),
  step text not null check (step ~ '^[a-z]{1,20}$'),
  at timestamptz not null,
  received_at timestamptz not null default now()
);
create index abandoned_visits_at on abandoned_visits(showroom_id, at);

create index ideas_created on ideas(created_at desc);
create index audit_log_at on audit_log(at desc);
