/**
 * Where an insight request's database time goes: a Queryable that times every query the
 * service issues (labelled by the repository function that issued it), and EXPLAIN ANALYZE of
 * a recorded query.
 */
import type { Queryable } from '../../src/db/database.ts';

const LABELS: [RegExp, string][] = [
  [/sum\(r\.d0\)/, 'durationHistogram'],
  [/rollup_abandoned/, 'abandonedByDay'],
  [/grouping sets/, 'visitsBreakdown'],
  [/rollup_parts/, 'partTallies'],
  [/rollup_pairs/, 'pairTallies'],
  [/again_yes/, 'productVisits'],
  [/rollup_visits[\s\S]*join showrooms/, 'visitsByShowroom'],
  [/rollup_visits[\s\S]*join products/, 'visitsByModel'],
  [/rollup_visits[\s\S]*group by r\.age_band/, 'visitsByAgeBand'],
  [/rollup_visits/, 'visitsByDay'],
  [/from products where id/, 'productLabels (model)'],
  [/from parts where product_id/, 'productLabels (parts)'],
  [/from pairs\s+where product_id/, 'productLabels (pairs)'],
];

export function labelOf(sql: string): string {
  for (const [re, label] of LABELS) if (re.test(sql)) return label;
  return sql.replace(/\s+/g, ' ').slice(0, 60);
}

export interface Recorded {
  label: string;
  sql: string;
  params: unknown[];
  ms: number[];
}

/** Wraps `db`: every query is timed and kept (last SQL and parameters per label). */
export function recording(db: Queryable): { db: Queryable; recorded: Map<string, Recorded>; reset(): void } {
  const recorded = new Map<string, Recorded>();
  const wrapped: Queryable = {
    exec: (sql) => db.exec(sql),
    async query<T>(sql: string, params?: unknown[]) {
      const t = performance.now();
      const r = await db.query<T>(sql, params);
      const label = labelOf(sql);
      const rec = recorded.get(label) ?? { label, sql, params: params ?? [], ms: [] };
      rec.sql = sql;
      rec.params = params ?? [];
      rec.ms.push(performance.now() - t);
      recorded.set(label, rec);
      return r;
    },
  };
  return { db: wrapped, recorded, reset: () => recorded.clear() };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a recorded query, as text. */
export async function explain(db: Queryable, rec: Pick<Recorded, 'sql' | 'params'>): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(`explain (analyze, buffers) ${rec.sql}`, rec.params);
  return rows.map((r) => r['QUERY PLAN'] ?? Object.values(r)[0]).join('\n');
}
