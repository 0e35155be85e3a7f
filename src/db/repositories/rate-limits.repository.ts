import type { Queryable } from '../database.ts';

/**
 * One hit on a fixed-window counter shared by every instance on the database.
 * Returns the hits in the current window and the milliseconds until it resets.
 */
export async function hitRateLimit(db: Queryable, keyHash: Buffer, windowMs: number): Promise<{ hits: number; ttl: number }> {
  const { rows } = await db.query<{ hits: number; ttl: number }>(
    `insert into rate_limits as r (key_hash, hits, reset_at)
     values ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
     on conflict (key_hash) do update
       set hits = case when r.reset_at <= clock_timestamp() then 1 else r.hits + 1 end,
           reset_at = case when r.reset_at <= clock_timestamp() then excluded.reset_at else r.reset_at end
     returning hits, greatest(0, ceil(extract(epoch from (reset_at - clock_timestamp())) * 1000))::int as ttl`,
    [keyHash, windowMs],
  );
  return rows[0]!;
}

/**
 * Adds several clients' hits at once (one statement, one commit) and returns each counter's
 * hits in its current window and the milliseconds until it resets. Keys must be distinct; they
 * are written in key order so two instances flushing at once never deadlock.
 */
export async function addRateLimitHits(
  db: Queryable,
  counts: ReadonlyArray<{ keyHash: Buffer; hits: number; windowMs: number }>,
): Promise<Array<{ keyHash: Buffer; hits: number; ttl: number }>> {
  const sorted = [...counts].sort((a, b) => Buffer.compare(a.keyHash, b.keyHash));
  const { rows } = await db.query<{ key_hash: Buffer | Uint8Array; hits: number; ttl: number }>(
    `insert into rate_limits as r (key_hash, hits, reset_at)
     select x.h, x.n, clock_timestamp() + x.w * interval '1 millisecond'
       from unnest($1::bytea[], $2::int[], $3::int[]) with ordinality as x(h, n, w, i)
      order by x.i
     on conflict (key_hash) do update
       set hits = case when r.reset_at <= clock_timestamp() then excluded.hits else r.hits + excluded.hits end,
           reset_at = case when r.reset_at <= clock_timestamp() then excluded.reset_at else r.reset_at end
     returning key_hash, hits, greatest(0, ceil(extract(epoch from (reset_at - clock_timestamp())) * 1000))::int as ttl`,
    [sorted.map((c) => c.keyHash), sorted.map((c) => c.hits), sorted.map((c) => Math.max(1, Math.round(c.windowMs)))],
  );
  return rows.map((r) => ({ keyHash: Buffer.from(r.key_hash), hits: r.hits, ttl: r.ttl }));
}

/** Reads a counter without counting a hit. */
export async function readRateLimit(db: Queryable, keyHash: Buffer): Promise<{ hits: number; ttl: number }> {
  const { rows } = await db.query<{ hits: number; ttl: number }>(
    `select hits, greatest(0, ceil(extract(epoch from (reset_at - clock_timestamp())) * 1000))::int as ttl
       from rate_limits where key_hash = $1 and reset_at > clock_timestamp()`,
    [keyHash],
  );
  return rows[0] ?? { hits: 0, ttl: 0 };
}

/** Forgets windows that ended a while ago. */
export async function pruneRateLimits(db: Queryable): Promise<void> {
  await db.query(`delete from rate_limits where reset_at < clock_timestamp() - interval '1 minute'`);
}
