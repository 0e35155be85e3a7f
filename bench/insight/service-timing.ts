/**
 * overview() / loveMap() latency on a database you keep (no HTTP), for before/after comparisons
 * on the same data without the 20-minute `npm run bench -- insight`:
 *
 *   flock /work/notes/bench.lock node --import tsx bench/insight/service-timing.ts <postgres url> [src root] [answers.json]
 *
 * Filters: the whole range, the last 30 days, the busiest showroom, age band 7-9, quality=ok;
 * per filter and endpoint 5 warm-ups, N (40) sequential calls, N/4 rounds of 8 at once.
 * `src root` is a directory holding a `src/` (e.g. `git archive <commit> src | tar -x -C dir`,
 * with node_modules linked); by default this checkout. With `answers.json`, the answers are
 * written there so two roots can be compared byte for byte. Fill the database once with
 * bench/insight/fill.ts (REPORT_TIMEZONE=UTC; it runs the generator, bench/insight/generate.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.env.REPORT_TIMEZONE ||= 'UTC';
const url = process.argv[2];
if (!url) throw new Error('usage: service-timing.ts <postgres url> [src root] [answers.json]');
const root = process.argv[3] || fileURLToPath(new URL('../../', import.meta.url));
const { openPostgres } = await import(`${root}/src/db/postgres.ts`);
const { overview, loveMap } = await import(`${root}/src/server/services/insight.service.ts`);
const db = await openPostgres(url, 10);
const q = async (sql: string) => (await db.query(sql)).rows as Record<string, string>[];
const [range] = await q(`select to_char(min(day), 'YYYY-MM-DD') as first, to_char(max(day), 'YYYY-MM-DD') as last from rollup_visits`);
const [busiest] = await q(`select showroom_id as id from rollup_visits group by 1 order by sum(visits) desc limit 1`);
const [sedan] = await q(`select id from products where key = 'sedan'`);
const minus = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() - n);
  return x.toISOString().slice(0, 10);
};
const base = { from: range!.first!, to: range!.last!, showroomIds: null as string[] | null, ageBands: null as string[] | null, quality: null as 'ok' | null };
const mixes = {
  whole: base,
  last30: { ...base, from: minus(base.to, 29) },
  showroom: { ...base, showroomIds: [busiest!.id!] },
  age: { ...base, ageBands: ['7-9'] },
  ok: { ...base, quality: 'ok' as const },
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const N = Number(process.env.N ?? 40);
for (const [name, scope] of Object.entries(mixes)) {
  for (const [ep, call] of [['overview', () => overview(db, scope)], ['loveMap', () => loveMap(db, sedan!.id, scope)]] as const) {
    for (let i = 0; i < 5; i++) await call();
    const seq: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await call();
      seq.push(performance.now() - t);
    }
    const par: number[] = [];
    for (let i = 0; i < N / 4; i++) {
      await Promise.all(Array.from({ length: 8 }, async () => {
        const t = performance.now();
        await call();
        par.push(performance.now() - t);
      }));
    }
    console.log(`${name.padEnd(9)} ${ep.padEnd(8)} seq p50 ${pct(seq, 50).toFixed(1)} p95 ${pct(seq, 95).toFixed(1)} ms | 8 at once p50 ${pct(par, 50).toFixed(1)} p95 ${pct(par, 95).toFixed(1)} ms`);
  }
}
if (process.argv[4]) {
  const answers: Record<string, unknown> = {};
  for (const [name, scope] of Object.entries(mixes)) answers[name] = { overview: await overview(db, scope), loveMap: await loveMap(db, sedan!.id, scope) };
  writeFileSync(process.argv[4], JSON.stringify(answers, null, 1));
}
await db.close();
