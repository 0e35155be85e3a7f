import { toBuffer, type Queryable } from '../database.ts';
import { storeVisitParams, storeVisitSql, type NewVisit } from './visits.repository.ts';

// Any constant shared by all instances; the second key is the device, so kiosks never wait on each other.
const CLUSTER_LOCK = 7_301_007;


/** What store_visit_clustered (migration 017) answers: store_visit's outcome, the stored idea, and the candidates. */
export interface StoredClustered {
  outcome: 'stored' | 'exists' | 'tombstoned';
  /** The stored idea's id (any kind); null without an idea or when nothing was stored. */
  ideaId: string | null;
  /** When the idea was stored (its signature's time). */
  createdAt: Date | null;
  /** Near-duplicate candidates (sharing an LSH band, newest first), to be compared in full by the caller. */
  candidates: Array<{ idea_id: string; minhash: Int32Array }>;
}

const CLUSTERED_SQL = storeVisitSql('store_visit_clustered')
  .replace(/^select /, 'select * from ')
  .replace(/\) as outcome$/, ', $38, $39::bytea, $40::int[], $41::int, $42::int, $43::int, $44::int)');

/**
 * One statement: store_visit, then (only for a stored visit with a signed idea) the kiosk's cluster
 * lock, pruning, the signature with its band rows, and the candidates found by one index probe per
 * band (migration 017). Run it in a transaction when the caller may join a cluster afterwards: the
 * lock is held until that transaction ends. `sig` null: just the visit (and the idea's id).
 */
export async function storeVisitClustered(
  db: Queryable,
  v: NewVisit,
  idHash: Buffer,
  sig: { kind: string; minhash: ArrayLike<number>; bands: number[]; hours: number; pruneHours: number; limit: number | null } | null,
): Promise<StoredClustered> {
  const { rows } = await db.query<{ outcome: StoredClustered['outcome']; idea_id: string | null; idea_at: Date | null; cand_id: string | null; cand_minhash: unknown }>(CLUSTERED_SQL, [
    ...storeVisitParams(v, idHash),
    sig?.kind ?? null, sig ? packSignature(sig.minhash) : null, sig?.bands ?? null, sig?.hours ?? null, sig?.pruneHours ?? null, sig?.limit ?? null, CLUSTER_LOCK,
  ]);
  const first = rows[0]!;
  return {
    outcome: first.outcome,
    ideaId: first.idea_id,
    createdAt: first.idea_at,
    candidates: rows.filter((r) => r.cand_id !== null).map((r) => ({ idea_id: r.cand_id!, minhash: unpackSignature(r.cand_minhash) })),
  };
}

function packSignature(sig: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) b.writeInt32LE(sig[i]! | 0, i * 4);
  return b;
}

function unpackSignature(value: unknown): Int32Array {
  const b = toBuffer(value);
  const out = new Int32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt32LE(i * 4);
  return out;
}

/**
 * Under the kiosk's advisory lock (taken by store_visit_clustered, migration 017), in one statement: puts the ideas into the oldest cluster any of them is
 * in (merges keep the id moderators may already have seen) or a new one, moves the members of the
 * other clusters met there too, and widens the cluster's times from what joined (never
 * recomputed over all members: a flood's cluster grows by thousands). A new member reopens a
 * rejected cluster: it has not been looked at yet. Returns the target and the clusters merged
 * away (emptied and deleted), and how many of ideaIds[1..] were confirmed (`confirmHours`: still
 * signed within that window of ideaIds[0]; all otherwise). Target null when fewer than two remain.
 */
export async function joinOrCreateCluster(
  tx: Queryable,
  c: { deviceId: string; kind: string; ideaIds: string[]; confirmHours?: number },
): Promise<{ target: string | null; merged: string[]; confirmed: number }> {
  // join_idea_cluster (migration 017): a function, so its plans are cached per session; it also deletes the clusters merged away.
  const { rows } = await tx.query<{ target: string | null; merged: string[]; confirmed: number }>(
    'select target, merged, confirmed from join_idea_cluster($1::uuid[], $2::uuid, $3::text, $4::int)',
    [c.ideaIds, c.deviceId, c.kind, c.confirmHours ?? null],
  );
  return { target: rows[0]!.target, merged: rows[0]!.merged, confirmed: rows[0]!.confirmed };
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
