import type { Queryable } from '../database.ts';

// Any constant shared by all instances; the second key is the device, so kiosks never wait on each other.
const CLUSTER_LOCK = 7_301_007;

export interface SignatureCandidate {
  idea_id: string;
  minhash: number[];
  cluster_id: string | null;
  cluster_created_at: Date | null;
}

/** Serialises cluster assignment per kiosk (two of its visits at once must not make two clusters). */
export async function lockDeviceClusters(tx: Queryable, deviceId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [CLUSTER_LOCK, deviceId]);
}

/**
 * Stores the signature of the visit's idea once, and drops the kiosk's signatures older than
 * `pruneHours` (they can no longer meet a new idea) in the same statement. Returns the idea's id
 * and time, or null when the visit has no such idea or its signature is already stored (so
 * assignment runs once per idea).
 */
export async function insertSignature(
  tx: Queryable,
  s: { visitId: string; deviceId: string; kind: string; minhash: number[]; bands: number[]; pruneHours: number },
): Promise<{ idea_id: string; created_at: Date } | null> {
  const { rows } = await tx.query<{ idea_id: string; created_at: Date }>(
    `with pruned as (
       delete from idea_signatures where device_id = $2 and kind = $3 and created_at < now() - make_interval(hours => $6)
     )
     insert into idea_signatures (idea_id, device_id, kind, minhash, bands, created_at)
     select i.id, $2, $3, $4::int[], $5::int[], i.created_at from ideas i where i.visit_id = $1 and i.kind = $3
     on conflict (idea_id) do nothing
     returning idea_id, created_at`,
    [s.visitId, s.deviceId, s.kind, s.minhash, s.bands, s.pruneHours],
  );
  return rows[0] ?? null;
}

/**
 * Near-duplicate candidates: of the kiosk's newest `scan` signatures of the same kind within
 * `hours` of `at`, those sharing at least one LSH band, newest first, at most `limit`. Walking
 * the (device, kind, time) index newest-first keeps every visit's cost bounded whatever the
 * kiosk sends: a flood meets its own copies at once, and an honest kiosk has far fewer ideas a day.
 */
export async function findCandidates(
  tx: Queryable,
  c: { deviceId: string; kind: string; ideaId: string; at: Date; hours: number; bands: number[]; scan: number; limit: number },
): Promise<SignatureCandidate[]> {
  const { rows } = await tx.query<SignatureCandidate>(
    `select s.idea_id, s.minhash, i.duplicate_cluster_id as cluster_id, c.created_at as cluster_created_at
       from (select idea_id, minhash, bands, created_at from idea_signatures
              where device_id = $1 and kind = $2 and idea_id <> $3
                and created_at between $4::timestamptz - make_interval(hours => $5) and $4::timestamptz + make_interval(hours => $5)
              order by created_at desc limit $8) s
       join ideas i on i.id = s.idea_id
       left join idea_clusters c on c.id = i.duplicate_cluster_id
      where s.bands && $6::int[]
      order by s.created_at desc
      limit $7`,
    [c.deviceId, c.kind, c.ideaId, c.at, c.hours, c.bands, c.limit, c.scan],
  );
  return rows;
}

export async function createCluster(tx: Queryable, deviceId: string, kind: string, at: Date): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'insert into idea_clusters (device_id, kind, first_at, last_at) values ($1, $2, $3, $3) returning id',
    [deviceId, kind, at],
  );
  return rows[0]!.id;
}

/**
 * Puts the ideas, and every member of the clusters merged away, into the target cluster, then
 * drops the emptied clusters. The times are widened from what joins (never recomputed over all
 * members: a flood's cluster grows by thousands). A new member reopens a rejected cluster: it
 * has not been looked at yet.
 */
export async function joinCluster(tx: Queryable, target: string, ideaIds: string[], mergedClusters: string[]): Promise<void> {
  await tx.query(
    `update idea_clusters c set first_at = least(c.first_at, m.first_at), last_at = greatest(c.last_at, m.last_at), status = 'open'
       from (select min(t) as first_at, max(t) as last_at from (
               select created_at as t from ideas where id = any($2::uuid[])
               union all select first_at from idea_clusters where id = any($3::uuid[])
               union all select last_at from idea_clusters where id = any($3::uuid[])) x) m
      where c.id = $1`,
    [target, ideaIds, mergedClusters],
  );
  await tx.query(
    `update ideas set duplicate_cluster_id = $1
      where (id = any($2::uuid[]) or duplicate_cluster_id = any($3::uuid[])) and duplicate_cluster_id is distinct from $1`,
    [target, ideaIds, mergedClusters],
  );
  if (mergedClusters.length) await tx.query('delete from idea_clusters where id = any($1::uuid[]) and id <> $2', [mergedClusters, target]);
}

export interface ClusterRow {
  id: string;
  kind: string;
  size: number;
  pending: number;
  status: string;
  device_id: string;
  device_name: string;
  showroom_id: string;
  showroom_slug: string;
  first_at: Date;
  last_at: Date;
  sample_text: string | null;
  sample_drawing: unknown;
  total: number;
}

/** Clusters of at least `minSize` ideas with pending members: what the moderation queue shows as one entry each. */
export async function heldBackClusters(db: Queryable, f: { minSize: number; showroomIds: string[] | null; limit: number; offset: number }): Promise<ClusterRow[]> {
  const { rows } = await db.query<ClusterRow>(
    `select c.id, c.kind, c.size, c.status, c.first_at, c.last_at, d.id as device_id, d.name as device_name,
            s.id as showroom_id, s.slug as showroom_slug, p.pending, x.text as sample_text, x.drawing as sample_drawing,
            count(*) over ()::int as total
       from idea_clusters c
       join devices d on d.id = c.device_id
       join showrooms s on s.id = d.showroom_id
       cross join lateral (select count(*)::int as pending from ideas i where i.duplicate_cluster_id = c.id and i.moderation = 'pending') p
       left join lateral (select i.text, i.drawing from ideas i where i.duplicate_cluster_id = c.id order by i.created_at desc limit 1) x on true
      where c.size >= $1 and p.pending > 0
        and ($2::uuid[] is null or d.showroom_id = any($2::uuid[]))
      order by c.last_at desc, c.id
      limit $3 offset $4`,
    [f.minSize, f.showroomIds, f.limit, f.offset],
  );
  return rows;
}

export async function clusterShowroom(db: Queryable, clusterId: string): Promise<string | null> {
  const { rows } = await db.query<{ showroom_id: string }>(
    'select d.showroom_id from idea_clusters c join devices d on d.id = c.device_id where c.id = $1',
    [clusterId],
  );
  return rows[0]?.showroom_id ?? null;
}

/** Rejects every member not rejected yet, with one reason; returns their ids. */
export async function rejectCluster(tx: Queryable, clusterId: string, reason: string, actor: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `update ideas set moderation = 'rejected', moderation_reason = $2, updated_at = now()
      where duplicate_cluster_id = $1 and moderation <> 'rejected' returning id`,
    [clusterId, reason],
  );
  await tx.query(
    `update idea_clusters set status = 'rejected', reject_reason = $2, rejected_by = $3, rejected_at = now() where id = $1`,
    [clusterId, reason, actor],
  );
  return rows.map((r) => r.id);
}

/** Per kiosk, the largest number of near-duplicate ideas received in one cluster within the window. */
export async function nearDuplicatesByDevice(db: Queryable, deviceIds: string[], hours: number): Promise<Map<string, number>> {
  if (!deviceIds.length) return new Map();
  const { rows } = await db.query<{ device_id: string; n: number }>(
    `select device_id, max(n)::int as n from (
        select c.device_id, count(*) as n
          from idea_clusters c join ideas i on i.duplicate_cluster_id = c.id
         where c.device_id = any($1::uuid[]) and c.last_at > now() - make_interval(hours => $2)
           and i.created_at > now() - make_interval(hours => $2)
         group by c.id, c.device_id) per_cluster
      group by device_id`,
    [deviceIds, hours],
  );
  return new Map(rows.map((r) => [r.device_id, r.n]));
}
