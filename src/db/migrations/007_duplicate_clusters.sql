-- Near-duplicate ideas from one kiosk (issue 12, floods from a stolen kiosk token).
-- Derived data: written after store_visit() has stored the visit, never part of it.

-- A group of near-identical ideas from one kiosk. `size` is kept by the triggers below
-- (so a family's deletion or a merge is counted without the application recounting).
create table idea_clusters (
  id uuid primary key default gen_random_uuid(),
  device_id uuid not null references devices(id) on delete cascade,
  kind text not null check (kind in ('drawing', 'text')),
  size int not null default 0 check (size >= 0),
  status text not null default 'open' check (status in ('open', 'rejected')),
  first_at timestamptz not null,
  last_at timestamptz not null,
  reject_reason text,
  rejected_by text,
  rejected_at timestamptz,
  created_at timestamptz not null default now()
);
create index idea_clusters_device_last on idea_clusters(device_id, last_at desc);
create index idea_clusters_open_size on idea_clusters(size desc) where status = 'open';

-- MinHash signature (256 × int32, little-endian) and its 64 LSH band keys, only needed while an idea can
-- still meet a near-duplicate (24 h); older rows are pruned as new ones arrive.
create table idea_signatures (
  idea_id uuid primary key references ideas(id) on delete cascade,
  device_id uuid not null references devices(id) on delete cascade,
  kind text not null check (kind in ('drawing', 'text')),
  -- bytea, not int[]: read back for every candidate, and binary is far cheaper to parse than an array's text.
  minhash bytea not null check (octet_length(minhash) = 1024),
  bands int[] not null check (cardinality(bands) = 64),
  created_at timestamptz not null
);
-- Candidates are found by walking a kiosk's newest signatures (bounded), then band overlap.
create index idea_signatures_device_time on idea_signatures(device_id, kind, created_at desc);

alter table ideas add column duplicate_cluster_id uuid references idea_clusters(id) on delete set null;
create index ideas_duplicate_cluster on ideas(duplicate_cluster_id, moderation) where duplicate_cluster_id is not null;

create function idea_cluster_size() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.duplicate_cluster_id is not null then
    update idea_clusters set size = size - 1 where id = old.duplicate_cluster_id;
  end if;
  if tg_op = 'UPDATE' and new.duplicate_cluster_id is not null then
    update idea_clusters set size = size + 1 where id = new.duplicate_cluster_id;
  end if;
  return null;
end $$;

-- No insert trigger: a new idea never has a cluster, and store_visit stays as fast as before.
create trigger ideas_cluster_size_delete after delete on ideas
  for each row when (old.duplicate_cluster_id is not null) execute function idea_cluster_size();
create trigger ideas_cluster_size_update after update of duplicate_cluster_id on ideas
  for each row when (old.duplicate_cluster_id is distinct from new.duplicate_cluster_id) execute function idea_cluster_size();
