/**
 * Insight benchmark (issue 5, "Tests and budgets"): `npm run bench -- insight`.
 *
 *  0. Spot-check: 1,000 visits through the real API (three paired kiosks); the rollups the
 *     server keeps must equal, row for row, the set-based GROUP BY the generator fills them with.
 *  1. PostgreSQL: a throwaway database, migrated and demo-seeded (prepareDatabase), filled with
 *     1,000,000 visits (~15 M answers) by set-based SQL (bench/insight/generate.ts), rollups by
 *     INSERT … SELECT … GROUP BY (bench/insight/rollups.ts). PGlite: 100,000 visits the same way,
 *     in a temp DATA_DIR opened by this process.
 *  2. An admin made with the CLI (`little-advisors create-admin`), the real server started as a
 *     child process on that database, signed in over HTTP; GET /api/v1/admin/insight/overview and
 *     /love-map?productId=… timed over loopback for six filter mixes, sequentially and 8 at a time.
 *  3. Baseline in the same run: the same figures by plain GROUP BYs over the raw answer tables
 *     (bench/insight/raw.ts), timed from this process straight in the database; and the service's
 *     own code without HTTP, with the time of each of its queries. Every endpoint answer is
 *     checked against the raw GROUP BY.
 *  4. Ingest with rollups on the big database: 500 visits over HTTP, 10 in flight.
 *  5. EXPLAIN (ANALYZE, BUFFERS) of the two slowest queries of each endpoint (whole range).
 *
 * Budgets (issue 10): p95 ≤ 50 ms sequential and ≤ 100 ms 8 at a time per endpoint and filter mix on
 * PostgreSQL; ≤ 100 ms sequential on PGlite. A missed budget is reported, not thrown.
 * Loopback only; databases, temp dirs and child processes are removed on the way out (on error
 * and Ctrl+C too, through bench/lib/cleanup.ts).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Database, Queryable } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import type { InsightScope } from '../src/db/repositories/insight.repository.ts';
import { prepareDatabase } from '../src/server/boot.ts';
import { loveMap, overview } from '../src/server/services/insight.service.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { ROOT } from '../test/helpers/process.ts';
import { onCleanup } from './lib/cleanup.ts';
import { cpuBetween, sampleCpu, type CpuUse } from './lib/cpu.ts';
import { startServer, type BenchServer } from './lib/server.ts';
import { VisitBodies } from './lib/visits.ts';
import { addDays, generate, todayIn, type GenerateResult } from './insight/generate.ts';
import { getJson, percentile, signIn, timeCalls, timeGets, type Timing } from './insight/http.ts';
import { explain, recording, type Recorded } from './insight/profile.ts';
import { loveMapDiff, overviewDiff, rawLoveMap, rawOverview } from './insight/raw.ts';
import { spotCheck, type SpotCheck } from './insight/spot-check.ts';

export const id = 'insight';
export const title = 'Insight over 1,000,000 visits (issue 5)';

type Engine = 'postgres' | 'pglite';
type Endpoint = 'overview' | 'love-map';
const ENDPOINTS: Endpoint[] = ['overview', 'love-map'];
const BUDGET_P95_MS = 150;
/** Issue 10: p95 per endpoint and filter mix, PostgreSQL; PGlite sequential only. */
const BUDGETS = { pgSeq: 50, pgConc: 100, pgliteSeq: 100 };
/** Issue 10: eight dashboards opened at once (a morning meeting). */
const CONCURRENCY = 8;
/** HTTP measurements are spread over this many rounds across all filter mixes. */
const ROUNDS = 3;

export interface InsightBenchOptions {
  /** Smaller data sets and fewer requests (figures not comparable). */
  quick?: boolean;
  engines?: string[];
  log?: (line: string) => void;
}

interface Mix {
  key: string;
  label: string;
  from: string;
  to: string;
  showrooms?: string;
  ageBands?: string;
  /** 'ok': the love map's switch "leave out low-effort visits". */
  quality?: 'ok';
}

interface Cell {
  engine: Engine;
  endpoint: Endpoint;
  mix: Mix;
  seq?: Timing;
  conc?: Timing;
  /** The service's own code in this process, no HTTP. */
  direct?: Float64Array;
  raw?: Float64Array;
  /** Differences between the endpoint's answer and the raw GROUP BY (empty: equal). */
  diff?: string[];
  rawAnswer?: unknown;
}

interface EngineRun {
  engine: Engine;
  version: string;
  gen: GenerateResult;
  cells: Cell[];
  /** Per query of the service, whole range: label → ms (sorted). */
  queries: Map<Endpoint, Recorded[]>;
  plans: { endpoint: Endpoint; label: string; plan: string }[];
  ingest?: { visits: number; seconds: number; ms: Float64Array; failures: number; firstFailure?: string };
  cpu?: CpuUse;
  startupSeconds: number;
  adminSeconds: number;
  rowsAfterIngest?: number;
}

const fmt = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : 'n/a');

function mixesFor(gen: GenerateResult, timeZone: string): Mix[] {
  const today = todayIn(timeZone);
  const busiest = gen.showrooms[0]!;
  return [
    { key: 'all', label: `whole range (${gen.firstDay} … ${gen.lastDay}, ${Math.round((Date.parse(gen.lastDay) - Date.parse(gen.firstDay)) / 86_400_000) + 1} days)`, from: gen.firstDay, to: gen.lastDay },
    { key: '30d', label: 'last 30 days (the dashboard default)', from: addDays(today, -29), to: today },
    { key: 'showroom', label: `one showroom, whole range ("${busiest.slug}", the busiest: ${busiest.visits.toLocaleString('en')} visits)`, from: gen.firstDay, to: gen.lastDay, showrooms: busiest.id },
    { key: 'age', label: 'age band 4-6, whole range', from: gen.firstDay, to: gen.lastDay, ageBands: '4-6' },
    { key: 'compare', label: 'compare: the previous 30 days (second period of a comparison)', from: addDays(today, -59), to: addDays(today, -30) },
    { key: 'quality', label: 'whole range, low-effort visits left out (quality=ok)', from: gen.firstDay, to: gen.lastDay, quality: 'ok' },
  ];
}

function scopeOf(m: Mix): InsightScope {
  return { from: m.from, to: m.to, showroomIds: m.showrooms ? m.showrooms.split(',') : null, ageBands: m.ageBands ? m.ageBands.split(',') : null, quality: m.quality ?? null };
}

function pathOf(endpoint: Endpoint, m: Mix, productId: string): string {
  const qs = new URLSearchParams({ from: m.from, to: m.to });
  if (m.showrooms) qs.set('showrooms', m.showrooms);
  if (m.ageBands) qs.set('ageBands', m.ageBands);
  if (m.quality) qs.set('quality', m.quality);
  if (endpoint === 'love-map') qs.set('productId', productId);
  return `/api/v1/admin/insight/${endpoint}?${qs}`;
}

/** A pg.Client as a Queryable: one session (temp tables, settings) for the generator. */
export async function pgSession(url: string): Promise<{ db: Queryable; close(): Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return {
    db: {
      async query<T>(sql: string, params?: unknown[]) {
        const r = await c.query(sql, params as unknown[]);
        return { rows: r.rows as T[], affectedRows: r.rowCount ?? undefined };
      },
      async exec(sql: string) {
        await c.query(sql);
      },
    },
    close: () => c.end(),
  };
}

async function cli(args: string[], env: Record<string, string>): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 });
}

async function pgliteVersion(db: Queryable): Promise<string> {
  const v = (await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  return `PGlite (PostgreSQL ${v})`;
}

export async function run(opts: InsightBenchOptions = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const quick = Boolean(opts.quick);
  const timeZone = process.env.REPORT_TIMEZONE || 'UTC';
  const want = (e: Engine) => !opts.engines || opts.engines.includes(e);
  if (opts.engines?.includes('postgres') && !TEST_PG_URL) throw new Error('--engine=postgres needs TEST_DATABASE_URL or DATABASE_URL');
  const engines: Engine[] = [...(TEST_PG_URL && want('postgres') ? (['postgres'] as Engine[]) : []), ...(want('pglite') ? (['pglite'] as Engine[]) : [])];
  if (!engines.length) throw new Error('no engine to run');
  if (!TEST_PG_URL) log('*** PostgreSQL SKIPPED: set TEST_DATABASE_URL=postgres://… (the budget is for PostgreSQL) ***');

  const before = sampleCpu(undefined, undefined);
  await new Promise((r) => setTimeout(r, 1000));
  const busyBefore = cpuBetween(before, sampleCpu(undefined, undefined), false).machine;
  const loadBefore = loadavg();

  const spot = await spotCheck(engines[0]!, quick ? 300 : 1000, log);
  const runs: EngineRun[] = [];
  for (const engine of engines) {
    const visits = engine === 'postgres' ? (quick ? 100_000 : 1_000_000) : quick ? 20_000 : 100_000;
    runs.push(await runEngine(engine, visits, timeZone, quick, log));
  }
  return report(runs, spot, { quick, timeZone, busyBefore, loadBefore, pgSkipped: !engines.includes('postgres') });
}

async function runEngine(engine: Engine, visits: number, timeZone: string, quick: boolean, log: (l: string) => void): Promise<EngineRun> {
  log(`\n== ${engine}: ${visits.toLocaleString('en')} visits ==`);
  const tmp = mkdtempSync(join(tmpdir(), `la-bench-insight-${engine}-`));
  const removeTmp = onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const dataDir = join(tmp, 'data');
  let url: string | undefined;
  let dropDb: () => Promise<void> = async () => {};
  if (engine === 'postgres') {
    url = await createPgDatabase();
    const created = url;
    dropDb = onCleanup(() => dropPgDatabase(created));
  }
  let server: BenchServer | undefined;
  let pool: Database | undefined;
  let lite: Database | undefined;
  const closeAll = onCleanup(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await pool?.close().catch(() => {});
    await lite?.close().catch(() => {});
  });
  try {
    // 1. Migrated, demo-seeded database, then the data set.
    const prepared = await prepareDatabase(engine === 'postgres' ? { databaseUrl: url, dataDir } : { databaseUrl: undefined, dataDir });
    let gen: GenerateResult;
    let version: string;
    if (engine === 'postgres') {
      await prepared.db.close();
      const session = await pgSession(url!);
      try {
        version = `PostgreSQL ${(await session.db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v}`;
        log('generating (set-based SQL)…');
        gen = await generate(session.db, { visits, timeZone, settings: { maintenance_work_mem: '1GB', work_mem: '256MB' }, log });
      } finally {
        await session.close();
      }
    } else {
      lite = prepared.db;
      version = await pgliteVersion(lite);
      log('generating (set-based SQL)…');
      gen = await generate(lite, { visits, timeZone, settings: { maintenance_work_mem: '512MB', work_mem: '64MB' }, log });
    }
    log(`generated in ${gen.seconds.toFixed(0)} s: ${Object.entries(gen.counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);

    const mixes = mixesFor(gen, timeZone);
    const productId = gen.products.find((p) => p.key === 'sedan')?.id ?? gen.products[0]!.id;
    const cells: Cell[] = mixes.flatMap((mix) => ENDPOINTS.map((endpoint) => ({ engine, endpoint, mix })));
    const cell = (m: Mix, e: Endpoint) => cells.find((c) => c.mix === m && c.endpoint === e)!;
    const queries = new Map<Endpoint, Recorded[]>();
    const plans: EngineRun['plans'] = [];
    const n = quick ? 20 : 60;
    const rawReps = quick ? 2 : 5;

    // In this process, straight in the database: the service's code, and the raw GROUP BYs.
    const direct = async (db: Database, m: Mix) => {
      const scope = scopeOf(m);
      for (const endpoint of ENDPOINTS) {
        const c = cell(m, endpoint);
        const rec = recording(db);
        const call = endpoint === 'overview' ? () => overview(rec.db, scope) : () => loveMap(rec.db, productId, scope);
        await call(); // warm-up
        rec.reset();
        c.direct = await timeCalls(call, { count: quick ? 5 : 20, maxSeconds: 20, min: 3 });
        if (m.key === 'all') {
          // Each of the service's queries again, alone (the service runs them concurrently, and
          // PGlite queues them), then the plan of the slowest.
          const recs: Recorded[] = [];
          for (const r of rec.recorded.values()) {
            const alone = await timeCalls(() => db.query(r.sql, r.params), { count: 5, maxSeconds: 10, min: 3 });
            recs.push({ ...r, ms: [...alone] });
          }
          recs.sort((a, b) => median(b.ms) - median(a.ms));
          queries.set(endpoint, recs);
          for (const r of recs.slice(0, 2)) plans.push({ endpoint, label: r.label, plan: await explain(db, r) });
        }
        const rawCall = endpoint === 'overview' ? () => rawOverview(db, scope, timeZone) : () => rawLoveMap(db, productId, scope, timeZone);
        c.rawAnswer = await rawCall(); // warm-up, and the answer to check the endpoint against
        c.raw = await timeCalls(rawCall, { count: rawReps, maxSeconds: 25, min: 2 });
        log(`  ${engine} ${endpoint} [${m.key}]: service without HTTP p50 ${fmt(median(c.direct))} ms; raw GROUP BY p50 ${fmt(median(c.raw))} ms (n=${c.raw.length})`);
      }
    };
    // Over HTTP: first the answer of each endpoint and mix, checked against the raw GROUP BY; then
    // ROUNDS rounds over every mix, so a burst of other people's work on the shared machine
    // does not land on one filter mix only.
    const check = async (base: string, cookie: string, m: Mix) => {
      for (const endpoint of ENDPOINTS) {
        const c = cell(m, endpoint);
        const path = pathOf(endpoint, m, productId);
        const answer = await getJson(base, cookie, path); // warm-up, and the answer to check
        await getJson(base, cookie, path);
        c.diff = endpoint === 'overview' ? overviewDiff(answer, c.rawAnswer as never) : loveMapDiff(answer, c.rawAnswer as never);
      }
    };
    const rounds = quick ? 1 : ROUNDS;
    const httpRound = async (base: string, cookie: string, m: Mix) => {
      for (const endpoint of ENDPOINTS) {
        const c = cell(m, endpoint);
        const path = pathOf(endpoint, m, productId);
        c.seq = mergeTimings(c.seq, await timeGets(base, cookie, path, { count: Math.ceil(n / rounds), concurrency: 1, maxSeconds: 30 }));
        c.conc = mergeTimings(c.conc, await timeGets(base, cookie, path, { count: Math.ceil(n / rounds), concurrency: CONCURRENCY, maxSeconds: 30 }));
      }
    };

    // PGlite: one process per directory, so everything in-process first, then the server.
    if (engine === 'pglite') {
      for (const m of mixes) await direct(lite!, m);
      await lite!.close();
      lite = undefined;
    }

    // 2. An admin (CLI, with the server stopped), then the server as a child process.
    const email = 'bench-admin@example.com';
    const password = randomBytes(12).toString('base64url');
    const dbEnv = engine === 'postgres' ? { DATABASE_URL: url!, DATA_DIR: dataDir } : { DATABASE_URL: '', DATA_DIR: dataDir };
    let t = performance.now();
    await cli(['create-admin', '--email', email, '--password', password], dbEnv);
    const adminSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    server = await startServer({ ...dbEnv, REPORT_TIMEZONE: timeZone, LOG_LEVEL: 'warn' });
    const startupSeconds = (performance.now() - t) / 1000;
    log(`server pid ${server.child.pid} on ${server.base} (started in ${startupSeconds.toFixed(1)} s)`);
    const cookie = await signIn(server.base, email, password);
    if (engine === 'postgres') pool = await openPostgres(url!, 10);

    for (const m of mixes) {
      // PostgreSQL: raw and service runs of each mix now (the server idles meanwhile); their
      // answer is what the endpoint's is checked against.
      if (engine === 'postgres') await direct(pool!, m);
      await check(server.base, cookie, m);
    }
    const c0 = sampleCpu(server.child.pid, undefined);
    for (let round = 1; round <= rounds; round++) {
      log(`  HTTP round ${round}/${rounds}: ${Math.ceil(n / rounds)} sequential and ${Math.ceil(n / rounds)} ${CONCURRENCY}-at-a-time requests per endpoint and filter mix…`);
      for (const m of mixes) await httpRound(server.base, cookie, m);
    }
    const cpu = cpuBetween(c0, sampleCpu(server.child.pid, undefined), false);
    for (const c of cells) {
      log(
        `  ${engine} ${c.endpoint} [${c.mix.key}]: HTTP p50/p95 ${fmt(percentile(c.seq!.ms, 50))}/${fmt(percentile(c.seq!.ms, 95))} ms sequential, ` +
          `${fmt(percentile(c.conc!.ms, 50))}/${fmt(percentile(c.conc!.ms, 95))} ms ${CONCURRENCY} at a time; answer ${c.diff?.length ? 'DIFFERS from' : 'equals'} the raw GROUP BY`,
      );
    }

    // 4. Ingest on the big database: 500 visits, 10 in flight, from a kiosk paired now.
    let ingest: EngineRun['ingest'];
    let rowsAfterIngest: number | undefined;
    if (server.pairingCode) {
      const kiosk = await pair(server.base, server.pairingCode);
      const bodies = VisitBodies.generate(kiosk.config, 200, 11);
      for (let i = 0; i < 10; i++) await postVisit(server.base, kiosk.auth, bodies.next().body); // warm-up
      ingest = await burst(server.base, kiosk.auth, bodies, 500, 10);
      log(`  ingest: ${ingest.visits} visits in ${ingest.seconds.toFixed(1)} s (${(ingest.visits / ingest.seconds).toFixed(0)} visits/s), p99 ${fmt(percentile(ingest.ms, 99))} ms, failures ${ingest.failures}`);
    } else {
      log('  ingest: SKIPPED (the server printed no pairing code)');
    }
    if (engine === 'postgres') {
      rowsAfterIngest = (await pool!.query<{ n: number }>(`select count(*)::int as n from visits`)).rows[0]!.n;
    }
    return { engine, version, gen, cells, queries, plans, ingest, cpu, startupSeconds, adminSeconds, rowsAfterIngest };
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    await closeAll();
    await dropDb();
    await removeTmp();
  }
}

function mergeTimings(a: Timing | undefined, b: Timing): Timing {
  if (!a) return b;
  return { ms: Float64Array.from([...a.ms, ...b.ms]).sort(), failures: a.failures + b.failures, seconds: a.seconds + b.seconds, firstFailure: a.firstFailure ?? b.firstFailure };
}

function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs as ArrayLike<number>).sort();
  return percentile(s, 50);
}

async function pair(base: string, code: string): Promise<{ auth: Record<string, string>; config: KioskConfig }> {
  const res = await fetch(`${base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'bench tablet' }) });
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const cfg = await fetch(`${base}/api/v1/kiosk/config`, { headers: auth });
  if (cfg.status !== 200) throw new Error(`kiosk config failed: ${cfg.status}`);
  return { auth, config: (await cfg.json()) as KioskConfig };
}

async function postVisit(base: string, auth: Record<string, string>, body: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/visits`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
  await res.arrayBuffer();
  return res.status;
}

async function burst(base: string, auth: Record<string, string>, bodies: VisitBodies, count: number, inFlight: number): Promise<NonNullable<EngineRun['ingest']>> {
  const ms: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (sent < count) {
        sent++;
        const body = bodies.next().body;
        const t = performance.now();
        const status = await postVisit(base, auth, body);
        if (status === 201) ms.push(performance.now() - t);
        else {
          failures++;
          firstFailure ??= String(status);
        }
      }
    }),
  );
  return { visits: ms.length, seconds: (performance.now() - start) / 1000, ms: Float64Array.from(ms).sort(), failures, firstFailure };
}

function report(runs: EngineRun[], spot: SpotCheck, o: { quick: boolean; timeZone: string; busyBefore: number | null; loadBefore: number[]; pgSkipped: boolean }): string {
  const L: string[] = [];
  const cores = cpus().length;
  const verdict = (ok: boolean) => (ok ? 'PASS' : '**FAIL**');
  if (o.quick) L.push('> **Quick run (`--quick`): smaller data sets and fewer requests; figures are indicative only.**', '');
  if (o.pgSkipped) L.push('> **PostgreSQL was SKIPPED in this run** (TEST_DATABASE_URL / DATABASE_URL not set, or not selected): the budget is for PostgreSQL.', '');
  const busy = runs.map((r) => r.cpu?.machine ?? 0);
  if (Math.max(0, ...busy) > 0.9 || (o.busyBefore ?? 0) > 0.3) {
    L.push(
      `> **The machine was shared during this run**: ${o.busyBefore === null ? '' : `${Math.round(o.busyBefore * 100)} % of its ${cores} cores were busy in the second before the benchmark started; `}` +
        `load average ${o.loadBefore.map((x) => x.toFixed(2)).join(' / ')}. Latencies are overstated accordingly.`,
      '',
    );
  }

  // Data sets.
  L.push('**Data sets** (generated by set-based SQL in this run; see Method)', '');
  L.push('| Engine | Visits | Ratings | Favourites | Choices | Answers incl. "again?" | Ideas | Abandoned | Rollup rows: visits (with the duration histogram) / parts / pairs / abandoned | Generation |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const c = r.gen.counts;
    const answers = c.ratings! + c.favourites! + c.choices! + c.again!;
    L.push(
      `| ${r.version} | ${c.visits!.toLocaleString('en')} | ${c.ratings!.toLocaleString('en')} | ${c.favourites!.toLocaleString('en')} | ${c.choices!.toLocaleString('en')} | ≈ ${(answers / 1e6).toFixed(1)} M | ` +
        `${c.ideas!.toLocaleString('en')} | ${c.abandoned_visits!.toLocaleString('en')} | ${[c.rollup_visits, c.rollup_parts, c.rollup_pairs, c.rollup_abandoned].map((x) => x!.toLocaleString('en')).join(' / ')} | **${r.gen.seconds.toFixed(0)} s** |`,
    );
  }
  L.push('');
  for (const r of runs) {
    L.push(`- ${r.version} generation steps: ${r.gen.steps.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join('; ')}.`);
  }
  L.push(
    `- Spot-check of the rollup SQL (${spot.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, REPORT_TIMEZONE=${spot.timeZone}): ${spot.stored} visits stored through the real API by 3 paired kiosks, 8 in flight; ` +
      `the rollups the server kept vs. the generator's GROUP BY over the same raw rows: ${spot.tables.map((t) => `${t.table} ${t.rows} rows (${t.missing} missing, ${t.extra} extra)`).join(', ')}: **${spot.ok ? 'identical' : 'DIFFERENT'}**.`,
  );
  const allDiffs = runs.flatMap((r) => r.cells.filter((c) => c.diff && c.diff.length));
  const checked = runs.flatMap((r) => r.cells.filter((c) => c.diff)).length;
  L.push(
    `- Every endpoint answer (${checked} endpoint × filter-mix × engine combinations) was compared with the raw GROUP BY over the same data: ` +
      (allDiffs.length ? `**${allDiffs.length} DIFFER**: ${allDiffs.map((c) => `${c.engine} ${c.endpoint} [${c.mix.key}]: ${c.diff!.slice(0, 3).join('; ')}`).join(' | ')}` : '**all equal**') +
      ' (visits, "again?", faces and favourites per part, both sides of each pair; totals, median duration, by day, showroom, age band and model).',
    '',
  );

  // Latency table.
  L.push(
    `**Latency** (ms; HTTP = request sent → body read, over loopback, signed in as an admin; "without HTTP" = the service's own code from this process; ` +
      `raw = the same answer by plain GROUP BYs over the raw answer tables, timed from this process)`,
    '',
    `| Engine | Endpoint | Filter mix | HTTP sequential p50 / p95 / max | HTTP ${CONCURRENCY} at a time p50 / p95 / max | Without HTTP p50 | Raw GROUP BY p50 / p95 (runs) | Endpoint ÷ raw (p50) |`,
    '|---|---|---|---:|---:|---:|---:|---:|',
  );
  for (const r of runs) {
    for (const c of r.cells) {
      const t = (x?: Timing) => (x && x.ms.length ? `${fmt(percentile(x.ms, 50))} / **${fmt(percentile(x.ms, 95))}** / ${fmt(percentile(x.ms, 100))}${x.failures ? ` (${x.failures} failed)` : ''}` : 'n/a');
      const rawP50 = c.raw ? percentile(c.raw, 50) : NaN;
      const ratio = c.seq && c.seq.ms.length ? percentile(c.seq.ms, 50) / rawP50 : NaN;
      L.push(
        `| ${r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${c.endpoint} | ${c.mix.label} | ${t(c.seq)} | ${t(c.conc)} | ${c.direct ? fmt(percentile(c.direct, 50)) : 'n/a'} | ` +
          `${c.raw ? `${fmt(rawP50)} / ${fmt(percentile(c.raw, 95))} (${c.raw.length})` : 'n/a'} | ${Number.isFinite(ratio) ? `${ratio.toFixed(3)} (${(1 / ratio).toFixed(0)}× faster)` : 'n/a'} |`,
      );
    }
  }

  // Budgets.
  L.push('', '**Budgets**', '', '| Budget | Measured (worst filter mix) | Result |', '|---|---:|:---:|');
  for (const r of runs) {
    const name = r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    for (const endpoint of ENDPOINTS) {
      for (const mode of ['seq', 'conc'] as const) {
        const budget = r.engine === 'postgres' ? (mode === 'seq' ? BUDGETS.pgSeq : BUDGETS.pgConc) : mode === 'seq' ? BUDGETS.pgliteSeq : BUDGET_P95_MS;
        const isBudget = r.engine === 'postgres' || mode === 'seq';
        const cs = r.cells.filter((c) => c.endpoint === endpoint && c[mode]?.ms.length);
        if (!cs.length) continue;
        const worst = cs.reduce((a, c) => (percentile(c[mode]!.ms, 95) > percentile(a[mode]!.ms, 95) ? c : a));
        const p95 = percentile(worst[mode]!.ms, 95);
        const failures = cs.reduce((s, c) => s + c[mode]!.failures, 0);
        L.push(
          `| ${name}${isBudget ? '' : ' (reported, no budget)'}: ${endpoint} p95 ≤ ${budget} ms, ${mode === 'seq' ? 'sequential' : `${CONCURRENCY} at a time`} | ${fmt(p95)} ms (${worst.mix.key})${failures ? `, ${failures} failed` : ''} | ` +
            `${isBudget ? verdict(p95 <= budget && failures === 0) : p95 <= budget ? 'within' : 'over'} |`,
        );
      }
    }
  }
  if (o.pgSkipped) L.push(`| PostgreSQL: p95 ≤ ${BUDGET_P95_MS} ms per endpoint | not measured | SKIPPED |`);
  L.push(`| Rollup SQL = per-visit upserts (spot-check) | ${spot.ok ? 'identical' : 'different'} | ${verdict(spot.ok)} |`);
  L.push(`| Endpoint answers = raw GROUP BY | ${allDiffs.length} of ${checked} differ | ${verdict(allDiffs.length === 0)} |`);

  // Where the time goes.
  L.push('', '**Where a request\'s database time goes** (whole range; each query of the service run alone from this process, 3-5 times, p50 ms; the service runs them concurrently, on PGlite one after the other)', '');
  L.push('| Engine | Endpoint | Queries (p50 ms, slowest first) |', '|---|---|---|');
  for (const r of runs) {
    for (const [endpoint, recs] of r.queries) {
      L.push(`| ${r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${endpoint} | ${recs.map((x) => `${x.label} ${fmt(median(x.ms))}`).join(', ')} |`);
    }
  }

  // Ingest.
  L.push('', '**Ingest with rollups, on the big data set** (500 visits over HTTP from a kiosk paired for the run, 10 in flight, after 10 warm-up visits; compare the ingest benchmark, which starts from an empty database)', '');
  L.push('| Engine | Visits stored | Visits/s | p50 / p99 / max ms | Failures |', '|---|---:|---:|---:|---:|');
  for (const r of runs) {
    const g = r.ingest;
    L.push(
      g
        ? `| ${r.version} (${r.gen.counts.visits!.toLocaleString('en')} visits before) | ${g.visits} | **${(g.visits / g.seconds).toFixed(0)}** | ${fmt(percentile(g.ms, 50))} / **${fmt(percentile(g.ms, 99))}** / ${fmt(percentile(g.ms, 100))} | ${g.failures}${g.firstFailure ? ` (${g.firstFailure})` : ''} |`
        : `| ${r.version} | skipped | | | |`,
    );
  }

  // Details.
  L.push('', '**Details**', '');
  for (const r of runs) {
    const name = r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const c = r.cpu;
    L.push(
      `- ${name}: admin created with \`little-advisors create-admin\` in ${r.adminSeconds.toFixed(1)} s; server started in ${r.startupSeconds.toFixed(1)} s` +
        (c ? `; during the HTTP runs the server process used ${c.server === null ? 'n/a' : c.server.toFixed(2)} cores, this process ${c.loadGenerator.toFixed(2)}, and the whole machine was ${c.machine === null ? 'n/a' : `${Math.round(c.machine * 100)} %`} busy (${cores} cores, PostgreSQL and everybody else's work included)` : '') +
        (r.rowsAfterIngest !== undefined ? `; visits in the database at the end: ${r.rowsAfterIngest.toLocaleString('en')}` : '') +
        '.',
    );
  }
  L.push('', '<details><summary>EXPLAIN (ANALYZE, BUFFERS) of the two slowest queries of each endpoint, whole range</summary>', '');
  for (const r of runs) {
    for (const p of r.plans) {
      L.push(`${r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${p.endpoint}: ${p.label}`, '', '```', p.plan, '```', '');
    }
  }
  L.push('</details>');

  L.push(
    '',
    '**Method**',
    '',
    `- Data: ${runs.map((r) => `${r.version}: ${r.gen.counts.visits!.toLocaleString('en')} visits`).join('; ')}, over ${runs[0]?.gen.showrooms.length ?? 20} showrooms (the demo one and bench-02…20, Zipf-skewed: ` +
      `the busiest has ${runs[0]?.gen.showrooms[0]?.visits.toLocaleString('en')} visits, the quietest ${runs[0]?.gen.showrooms.at(-1)?.visits.toLocaleString('en')}), both demo car models on every floor (56 % / 44 %), ` +
      'age bands 4-6 / 7-9 / 10-12 at 32 / 43 / 25 %, 180 days ending yesterday (weekends ×1.7, a holiday week ×2.2, growing over the period), completed between 10:00 and 20:00 local time, ' +
      'log-normal durations (median 4 min, 40 s to 30 min). Each part is rated with a part-specific chance (mean 0.8, so ~8 of 10), faces skewed to the top as children\'s are ' +
      '(P(5) from 0.32 to 0.72 by the part\'s appeal, +0.08 for 4-6, −0.08 for 10-12; the rest 4 > 3 > 1 > 2), 3 favourites per visit drawn without replacement among its rated parts ' +
      '(weighted by appeal × face²), the model\'s 3 pairs each answered 97 % of the time with part-specific odds, "again?" yes/maybe/no/skipped 55/27/15/3 %, ' +
      'a typed idea on 25 % of visits, abandoned visits reported for ~12 % as many.',
    '- Generation (bench/insight/generate.ts): one INSERT … SELECT per table over generate_series and random() (seeded), in one session with maintenance_work_mem and work_mem raised for that session only. ' +
      'For the load, the primary keys, unique constraints, foreign keys and indexes of the loaded tables are dropped and then re-created from their saved definitions ' +
      '(foreign keys are therefore validated, once, over the whole data), and the schema is checked to be identical afterwards; then VACUUM ANALYZE. ' +
      'Nothing is UNLOGGED and synchronous_commit is not touched. The rollups are filled by one INSERT … SELECT … GROUP BY per table over the raw rows ' +
      '(bench/insight/rollups.ts), which produces exactly what the per-visit upserts of insertWholeVisit accumulate: each adds a 0/1 indicator per key, so the sum over visits is a COUNT … FILTER per key. ' +
      'The spot-check above verifies it through the real API, and every endpoint answer in this run is checked against the raw GROUP BY.',
    `- Server: the real \`node --import tsx src/cli.ts start\` as a child process (LOG_LEVEL=warn, REPORT_TIMEZONE=${o.timeZone}, PostgreSQL pool of 10 as configured by default), ` +
      'on the throwaway database (PostgreSQL, dropped afterwards) or temp DATA_DIR (PGlite, opened by the server only after the bench process closed it). ' +
      'The admin is made with `little-advisors create-admin --email … --password …` before the server starts, and signs in over `POST /api/v1/admin/session`.',
    `- Requests: per endpoint and filter mix, 2 warm-up requests (the first answer is checked against the raw GROUP BY), then ${o.quick ? 20 : 60} sequential requests and ${o.quick ? 20 : 60} more with ${CONCURRENCY} in flight ` +
      `(keep-alive, from this process), in ${o.quick ? 1 : ROUNDS} round(s) over all filter mixes so that bursts of other work on the machine spread over them; love-map is for the larger model (sedan). ` +
      'Filter mixes: the whole range; the last 30 days; the busiest showroom over the whole range; age band 4-6 over the whole range; the 30 days before the last 30 (the second period of a comparison); the whole range with low-effort visits left out (`quality=ok`, issue 9). Every love-map answer carries `standsOut` per part.',
    `- Without HTTP: \`overview()\` / \`loveMap()\` from src/server/services/insight.service.ts called from this process over its own pool of 10 (PostgreSQL) or the PGlite it opened, after one warm-up, ${o.quick ? 5 : 20} times; for the whole range each of its queries is then timed alone and the two slowest EXPLAIN ANALYZEd.`,
    `- Raw baseline (bench/insight/raw.ts): the same figures by GROUP BY over visits, ratings, favourites, choices and ideas (joined to visits, same filters, ` +
      'day = the day of completed_at in the report time zone, plus a sargable range on completed_at so the visits indexes can be used), run concurrently like the service\'s queries, ' +
      `after one warm-up, up to ${o.quick ? 2 : 5} times (at least 2, at most 25 s). On PostgreSQL they run with the server up but idle, before the HTTP rounds; ` +
      'on PGlite they run before the server starts (one process per directory).',
    '- Ingest: after the insight runs, a kiosk is paired with the code the server printed; 10 warm-up visits, then 500 visits (bench/lib/visits.ts mix, today\'s date) with 10 in flight.',
  );
  return L.join('\n');
}

/** `node --import tsx bench/insight.ts [--quick]` prints the markdown without writing docs/PERFORMANCE.md. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { installExitHandlers, runCleanups } = await import('./lib/cleanup.ts');
  installExitHandlers();
  run({ quick: process.argv.includes('--quick') }).then(
    async (md) => {
      process.stdout.write(`${md}\n`);
      await runCleanups();
      process.exit(0);
    },
    async (err: unknown) => {
      process.stderr.write(`insight bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      await runCleanups();
      process.exit(1);
    },
  );
}
