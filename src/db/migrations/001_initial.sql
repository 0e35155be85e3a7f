-- Little Advisors: initial schema. Runs unchanged on PGlite and PostgreSQL 15+.

create table settings (
  key text primary key,
  value jsonb not null
);

create table showrooms (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name_zh text not null,
  name_en text not null,
  created_at timestamptz not null default now()
);

-- Pictures and other catalog files, content-addressed so kiosks can cache them forever.
create table assets (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  mime text not null,
  bytes bytea not null,
  created_at timestamptz not null default now()
);

create table products (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  name_zh text not null,
  name_en text not null,
  picture_asset text not null references assets(id),
  created_at timestamptz not null default now()
);

-- Parts and pairs are never edited in place once published: a change is a new row,
-- so answers keep pointing at exactly what the child saw.
create table parts (
  id uuid primary key default gen_random_uuid(),
  product_id uuid not null references products(id),
  key text not null,
  name_zh text not null,
  name_en text not null,
  prompt_zh text not null,
  prompt_en text not null,
  x real not null check (x >= 0 and x <= 100),
  y real not null check (y >= 0 and y <= 100),
  icon_asset text references assets(id),
  position int not null default 0,
  created_at timestamptz not null default now()
);
create index parts_product on parts(product_id);

create table pairs (
  id uuid primary key default gen_random_uuid(),
  product_id uuid not null references products(id),
  key text not null,
  prompt_zh text not null,
  prompt_en text not null,
  a_label_zh text not null,
  a_label_en text not null,
  a_asset text not null references assets(id),
  b_label_zh text not null,
  b_label_en text not null,
  b_asset text not null references assets(id),
  position int not null default 0,
  created_at timestamptz not null default now()
);
create index pairs_product on pairs(product_id);

create table avatars (
  key text primary key check (key ~ '^[a-z0-9-]{1,32}$'),
  name_zh text not null,
  name_en text not null,
  asset_id text not null references assets(id),
  position int not null default 0
);

create table consent_texts (
  version text primary key,
  text_zh text not null,
  text_en text not null,
  created_at timestamptz not null default now()
);

-- A published activity: the exact set of products, parts and pairs kiosks offer.
create table activities (
  version int primary key check (version > 0),
  consent_version text not null references consent_texts(version),
  published_at timestamptz not null default now(),
  published_by uuid
);

create table activity_products (
  activity_version int not null references activities(version),
  product_id uuid not null references products(id),
  primary key (activity_version, product_id)
);

create table activity_parts (
  activity_version int not null references activities(version),
  part_id uuid not null references parts(id),
  primary key (activity_version, part_id)
);

create table activity_pairs (
  activity_version int not null references activities(version),
  pair_id uuid not null references pairs(id),
  primary key (activity_version, pair_id)
);

-- Which car models stand on which showroom floor today.
create table showroom_products (
  showroom_id uuid not null references showrooms(id) on delete cascade,
  product_id uuid not null references products(id),
  primary key (showroom_id, product_id)
);

create table devices (
  id uuid primary key default gen_random_uuid(),
  showroom_id uuid not null references showrooms(id),
  name text not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  app_version text,
  pending_count int,
  revoked_at timestamptz
);

create table pairing_codes (
  code_hash bytea primary key,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  device_id uuid references devices(id),
  created_at timestamptz not null default now()
);

create table visits (
  id uuid primary key,
  ticket_hash bytea not null unique,
  content_hash bytea not null,
  device_id uuid not null references devices(id),
  showroom_id uuid not null references showrooms(id),
  activity_version int not null references activities(version),
  product_id uuid not null references products(id),
  locale text not null check (locale in ('zh-CN', 'en')),
  age_band text not null check (age_band in ('4-6', '7-9', '10-12')),
  avatar text not null,
  nickname text,
  nickname_flagged boolean not null default false,
  consent_gallery boolean not null,
  consent_voice boolean not null,
  consent_nickname boolean not null,
  consent_text_version text not null references consent_texts(version),
  started_at timestamptz not null,
  completed_at timestamptz not null,
  again text check (again in ('yes', 'maybe', 'no')),
  received_at timestamptz not null default now(),
  check (completed_at >= started_at)
);
create index visits_showroom_completed on visits(showroom_id, completed_at);
create index visits_product_completed on visits(product_id, completed_at);

create table ratings (
  visit_id uuid not null references visits(id) on delete cascade,
  part_id uuid not null references parts(id),
  face smallint not null check (face between 1 and 5),
  primary key (visit_id, part_id)
);
create index ratings_part on ratings(part_id);

create table choices (
  visit_id uuid not null references visits(id) on delete cascade,
  pair_id uuid not null references pairs(id),
  picked text not null check (picked in ('a', 'b')),
  primary key (visit_id, pair_id)
);
create index choices_pair on choices(pair_id);

create table favourites (
  visit_id uuid not null references visits(id) on delete cascade,
  part_id uuid not null references parts(id),
  rank smallint not null check (rank between 1 and 3),
  primary key (visit_id, rank),
  unique (visit_id, part_id),
  foreign key (visit_id, part_id) references ratings(visit_id, part_id) on delete cascade
);

-- Voice recordings; deleted with their visit, or by retention.
create table media (
  id uuid primary key default gen_random_uuid(),
  visit_id uuid not null references visits(id) on delete cascade,
  mime text not null,
  bytes bytea not null,
  duration_ms int,
  created_at timestamptz not null default now()
);
create index media_visit on media(visit_id);

create table ideas (
  id uuid primary key default gen_random_uuid(),
  visit_id uuid not null unique references visits(id) on delete cascade,
  kind text not null check (kind in ('drawing', 'voice', 'text')),
  text text,
  drawing jsonb,
  media_id uuid references media(id) on delete set null,
  flags text[] not null default '{}',
  moderation text not null default 'pending' check (moderation in ('pending', 'approved', 'rejected')),
  moderation_reason text,
  product_status text not null default 'new' check (product_status in ('new', 'heard', 'planned', 'shipped', 'not_now')),
  reply_zh text,
  reply_en text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ideas_moderation on ideas(moderation, created_at);

-- What stays after a family deletes a visit: hashes only, so a replay cannot re-create it.
create table visit_tombstones (
  id_hash bytea primary key,
  ticket_hash bytea not null unique,
  deleted_at timestamptz not null default now()
);

create table staff_users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  password_hash text not null,
  role text not null check (role in ('admin', 'analyst', 'moderator', 'showroom_manager')),
  showroom_id uuid references showrooms(id),
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  check (role <> 'showroom_manager' or showroom_id is not null)
);

create table staff_sessions (
  id_hash bytea primary key,
  user_id uuid not null references staff_users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

-- One-time sign-up links (first-run admin link, invitations).
create table staff_invites (
  token_hash bytea primary key,
  role text not null,
  showroom_id uuid references showrooms(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  target text,
  details jsonb not null default '{}'
);
