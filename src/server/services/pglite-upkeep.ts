import type { Database } from '../../db/database.ts';
import { schedulePeriodic } from './periodic.ts';

/**
 * PGlite runs PostgreSQL as a single backend with no background workers: no autovacuum and no
 * autoanalyze, ever. Without them the rollup rows every visit updates leave dead versions behind
 * (the hot day's rows are rewritten thousands of times a day), and the planner keeps the table
 * statistics of the day the database was created, so the insight queries' plans stop fitting
 * once visits grow. This does by hand what autovacuum does on a PostgreSQL server.
 */

/** Rewritten by every visit (or by the seal job): vacuumed on every run. */
export const CHURNING_TABLES = [
  'rollup_visits',
  'rollup_parts',
  'rollup_pairs',
  'rollup_abandoned',
  'rollup_days',
  'rollup_visits_coarse',
  'rollup_parts_coarse',
  'rollup_pairs_coarse',
  'rollup_seal',
] as const;

/** The whole database is analysed at most this often (a sample per table: seconds at a million visits). */
export const ANALYZE_EVERY_MS = 24 * 3600 * 1000;

export interface UpkeepRun {
  vacuumed: string[];
  analyzedAll: boolean;
}

export class PgliteUpkeep {
  private lastAnalyzeAll = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** One run: VACUUM (ANALYZE) of the churning tables, and ANALYZE of everything when it is due. Nothing on PostgreSQL. */
  async run(): Promise<UpkeepRun> {
    if (this.db.engine !== 'pglite') return { vacuumed: [], analyzedAll: false };
    const { rows } = await this.db.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r' and c.relname = any($1::text[])`,
      [CHURNING_TABLES],
    );
    const vacuumed = rows.map((r) => r.name).sort();
    // Outside any transaction (VACUUM refuses to run in one); PGlite's exec waits for the transaction in progress.
    if (vacuumed.length) await this.db.exec(`vacuum (analyze) ${vacuumed.map((t) => `"${t}"`).join(', ')}`);
    const due = this.now() - this.lastAnalyzeAll >= ANALYZE_EVERY_MS;
    if (due) {
      await this.db.exec('analyze');
      this.lastAnalyzeAll = this.now();
    }
    return { vacuumed, analyzedAll: due };
  }
}

/**
 * Runs the upkeep `firstMs` after start and then every `everyMs` (hourly by default) on PGlite,
 * then `afterRun` (VACUUM may add free-space and visibility-map files: the data directory is
 * tightened again); returns a stop function.
 */
export function schedulePgliteUpkeep(
  db: Database,
  log: { warn: (o: object, m: string) => void },
  everyMs = 3600 * 1000,
  firstMs = 60_000,
  afterRun: () => void = () => {},
): () => void {
  if (db.engine !== 'pglite') return () => {};
  const upkeep = new PgliteUpkeep(db);
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    void upkeep
      .run()
      .then(afterRun)
      .catch((err) => log.warn({ err: String(err) }, 'pglite upkeep failed'))
      .finally(() => (running = false));
  };
  return schedulePeriodic(run, firstMs, everyMs);
}
