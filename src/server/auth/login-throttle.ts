import type { Queryable } from '../../db/database.ts';

const FREE_FAILURES = 5;
const WINDOW_MINUTES = 15;
const MAX_LOCK_SECONDS = 15 * 60;

/**
 * Slows guessing without locking the real user out for good: after 5 failures within
 * 15 minutes each further failure locks the key for 30 s, doubling up to 15 minutes; a
 * success clears it; the window forgets old failures. Kept in the database so every
 * instance sees the same count.
 */
export async function lockedFor(db: Queryable, keys: string[]): Promise<number> {
  const { rows } = await db.query<{ s: number | null }>(
    `select max(extract(epoch from (locked_until - now())))::int as s from login_attempts where key = any($1::text[]) and locked_until > now()`,
    [keys],
  );
  return rows[0]?.s ?? 0;
}

export async function recordFailure(db: Queryable, keys: string[]): Promise<void> {
  for (const key of keys) {
    await db.query(
      `insert into login_attempts as a (key, failures, first_failure_at) values ($1, 1, now())
       on conflict (key) do update set
         failures = case when a.first_failure_at < now() - make_interval(mins => $2) then 1 else a.failures + 1 end,
         first_failure_at = case when a.first_failure_at < now() - make_interval(mins => $2) then now() else a.first_failure_at end,
         locked_until = case
           when a.first_failure_at >= now() - make_interval(mins => $2) and a.failures + 1 > $3
           then now() + make_interval(secs => least($4, 30 * power(2, a.failures + 1 - $3 - 1)))
           else a.locked_until end`,
      [key, WINDOW_MINUTES, FREE_FAILURES, MAX_LOCK_SECONDS],
    );
  }
}

export async function clearFailures(db: Queryable, keys: string[]): Promise<void> {
  await db.query('delete from login_attempts where key = any($1::text[])', [keys]);
}
