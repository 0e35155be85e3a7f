import type { Database, Queryable } from '../../db/database.ts';
import { reportTimeZone } from '../../db/repositories/visits.repository.ts';
import { schedulePeriodic } from './periodic.ts';

/**
 * Folds the day rollups of whole 7-day blocks and months into their coarse rows (seal_rollups,
 * migration 016), through `through` if given, never later than three days before today in the
 * report time zone, rounded down to a block's end. Returns the sealed date (YYYY-MM-DD) or null
 * when nothing is sealed. Several instances may run it at once: the function's advisory lock
 * makes them take turns, and a second run finds the work done.
 */
export async function sealRollups(db: Queryable, through?: string): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(
    `select to_char(seal_rollups($1, $2::date), 'YYYY-MM-DD') as day`,
    [reportTimeZone(), through ?? null],
  );
  return rows[0]?.day ?? null;
}

/** Seals shortly after start and then every `everyMs` (daily by default); returns a stop function. */
export function scheduleRollupSeal(db: Database, log: { warn: (o: object, m: string) => void }, everyMs = 24 * 3600 * 1000, firstMs = 5_000): () => void {
  const run = () => void sealRollups(db).catch((err) => log.warn({ err: String(err) }, 'rollup seal failed'));
  return schedulePeriodic(run, firstMs, everyMs);
}
