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
