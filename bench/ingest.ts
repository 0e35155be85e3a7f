/**
 * Visit ingest benchmark (issue 3).
 *
 * For each engine (PGlite always; PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set):
 *  1. start the real server as a child process (`node --import tsx src/cli.ts start`), pair 10
 *     kiosks of one showroom (issue 10: the first with the printed pairing code, the others with
 *     codes from the server's local-secret route, as `little-advisors pairing-code` gets them);
 *     requests go to the 10 kiosks in turn, so the 10 in flight come from 10 kiosks at once;
 *  2. load it from this process with autocannon, every request a new realistic visit:
 *     (a) maximum throughput, 10 connections; (b) autocannon capped at 100 visits/s;
 *     plus (c) open-loop random (Poisson) arrivals averaging 100 visits/s, as independent kiosks
 *     send them, which autocannon's per-second burst is not;
 *  3. baseline: the same kind of rows inserted straight into the database (no HTTP) with the
 *     repository's own SQL, as VisitService.accept writes them, 10 in flight;
 *  4. compare with the targets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { canonicalJson } from '../src/core/canonical-json.ts';
import { normalizeTicket, sha256, ticketForVisit, ticketHash } from '../src/core/ticket.ts';
import type { Database } from '../src/db/database.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { insertWholeVisit } from '../src/db/repositories/visits.repository.ts';
import type { NewVisit } from '../src/db/repositories/visits.repository.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { onCleanup } from './lib/cleanup.ts';
import { cpuBetween, sampleCpu, type CpuUse } from './lib/cpu.ts';
import { autocannonRun, openLoopRun, percentile, type LoadResult, type Target } from './lib/load.ts';
import { startServer, type BenchServer } from './lib/server.ts';
import { VisitBodies } from './lib/visits.ts';

export const id = 'ingest';
export const title = 'Visit ingest (issue 3)';

export interface BenchOptions {
  /** Short runs for trying the bench out (figures not comparable). */
  quick?: boolean;
  /** Directory to write the server's --cpu-prof profiles to. */
  cpuProfDir?: string;
  /** Only these engines (default: PGlite, and PostgreSQL when a URL is set). */
  engines?: string[];
  log?: (line: string) => void;
}

type Engine = 'pglite' | 'postgres';

const CONNECTIONS = 10;
/** Kiosks of one showroom sending at once (issue 10). */
const KIOSKS = 10;
const RATE = 100;
const TARGETS = { pgRatio: 0.5, pgliteVisitsPerSecond: 300, pgliteP99Ms: 50, pgliteHttpIssue10: 400 };

interface BaselineResult {
  seconds: number;
  visits: number;
  latencies: Float64Array;
  exhausted: boolean;
}

/** One kind of request at full speed: rate, and CPU per request in the server and in PostgreSQL. */
interface Cost {
  perSecond: number;
  statuses: string;
  serverMs: number | null;
  postgresMs: number | null;
}

function costOf(count: number, seconds: number, cpu: CpuUse, statuses: Record<number, number>): Cost {
  const perSecond = count / seconds;
  return {
    perSecond,
    statuses: Object.entries(statuses).map(([k, v]) => `${v}× ${k}`).join(', '),
    serverMs: cpu.server === null ? null : (cpu.server * 1000) / perSecond,
    postgresMs: cpu.postgres === null ? null : (cpu.postgres * 1000) / perSecond,
  };
}

interface EngineResult {
  engine: Engine;
  engineVersion: string;
  max: LoadResult;
  maxCpu: CpuUse;
  capped: LoadResult;
  openLoop: LoadResult;
  openLoopCpu: CpuUse;
  baseline: BaselineResult;
  baselineCpu: CpuUse;
  costs: { health: Cost; rejected: Cost };
  rowsInDb: number | null;
  /** Visits stored per kiosk (to see the load was spread over the 10). */
  perKiosk: number[];
  createdByApi: number;
  maxAbandoned: number;
  startupSeconds: number;
}

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : 'n/a');
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);
const rate = (n: number, s: number) => n / s;

export async function run(opts: BenchOptions = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const seconds = opts.quick ? 3 : 10;
  const engines: Engine[] = (TEST_PG_URL ? (['pglite', 'postgres'] as Engine[]) : (['pglite'] as Engine[])).filter((e) => !opts.engines || opts.engines.includes(e));
  if (opts.engines?.includes('postgres') && !TEST_PG_URL) throw new Error('--engine=postgres needs TEST_DATABASE_URL or DATABASE_URL');
  if (!engines.length) throw new Error(`no engine to run (asked for ${opts.engines?.join(', ')})`);
  if (!TEST_PG_URL) log('*** PostgreSQL SKIPPED: set TEST_DATABASE_URL=postgres://… to benchmark it too ***');

  // How busy the machine is before we start (other people's tests share it).
  const before = sampleCpu(undefined, undefined);
  await new Promise((r) => setTimeout(r, 1000));
  const idleBefore = cpuBetween(before, sampleCpu(undefined, undefined), false).machine;

  const results: EngineResult[] = [];
  let mix = '';
  const loads: string[] = [];
  const la = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
  for (const engine of engines) {
    const before = la();
    const r = await runEngine(engine, seconds, opts, log);
    results.push(r.result);
    mix = r.mix;
    loads.push(`${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${before} at the start, ${la()} at the end`);
    log(`load average (1/5/15 min) ${loads.at(-1)}`);
    const api = rate(r.result.max.ok, r.result.max.seconds);
    const base = rate(r.result.baseline.visits, r.result.baseline.seconds);
    log(`${engine}: ${api.toFixed(0)} visits/s over HTTP, baseline (no HTTP) ${base.toFixed(0)} visits/s, ratio ${(api / base).toFixed(2)}`);
    if (engine === 'pglite') log(`PGlite ≥ ${TARGETS.pgliteHttpIssue10} visits/s over HTTP: ${api.toFixed(0)} visits/s ${api >= TARGETS.pgliteHttpIssue10 && r.result.max.non2xx === 0 ? 'PASS' : 'FAIL'}`);
  }
  return report(results, { seconds, mix, idleBefore, loads, pgSkipped: !engines.includes('postgres'), pgSkipReason: TEST_PG_URL ? 'not selected with --engine' : 'TEST_DATABASE_URL / DATABASE_URL not set', quick: Boolean(opts.quick), profiled: Boolean(opts.cpuProfDir) });
}

async function runEngine(engine: Engine, seconds: number, opts: BenchOptions, log: (l: string) => void): Promise<{ result: EngineResult; mix: string }> {
  log(`\n== ${engine} ==`);
  const tmp = mkdtempSync(join(tmpdir(), `la-bench-${engine}-`));
  const removeTmp = onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  let url: string | undefined;
  let dropDb: () => Promise<void> = async () => {};
  if (engine === 'postgres') {
    url = await createPgDatabase();
    const created = url;
    dropDb = onCleanup(() => dropPgDatabase(created));
  }
  const dbName = url ? new URL(url).pathname.slice(1) : undefined;
  const withPg = engine === 'postgres';
  let server: BenchServer | undefined;
  let baselineDb: BaselineDb | undefined;
  try {
    // 1. The real server, as a separate process.
    const env: Record<string, string> = {
      DATA_DIR: join(tmp, 'data'),
      DATABASE_URL: url ?? '',
      LOG_LEVEL: 'warn',
    };
    const t0 = performance.now();
    server = await startServer(env, opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []);
    const startupSeconds = (performance.now() - t0) / 1000;
    const pid = server.child.pid;
    log(`server pid ${pid} on ${server.base} (started in ${startupSeconds.toFixed(1)} s)`);
    if (!server.pairingCode) throw new Error(`the server printed no pairing code:\n${server.output()}`);
    const kiosks = await pairKiosks(server.base, server.pairingCode, join(tmp, 'data'), KIOSKS, url);
    const kiosk = kiosks[0]!;
    log(`${kiosks.length} kiosks of showroom "demo" paired`);
    const bodies = VisitBodies.generate(kiosk.config, 500);
    const mix =
      `${bodies.visits.length} distinct visit templates, each sent with a fresh UUID: ` +
      `${Math.round(bodies.mix.drawing * 100)} % with a drawing (4-15 strokes of 10-60 points), ` +
      `${Math.round(bodies.mix.text * 100)} % with a typed idea, ${Math.round(bodies.mix.none * 100)} % without an idea; ` +
      `${bodies.mix.meanRatings.toFixed(1)} ratings, ${bodies.mix.meanChoices.toFixed(1)} choices and 3 favourites on average; ` +
      `mean JSON body ${(bodies.meanBytes / 1024).toFixed(1)} KiB`;
    const target: Target = { base: server.base, headers: {}, kiosks: kiosks.map((k) => k.auth), body: () => bodies.next().body };

    // The baseline's database, opened now so API and baseline can alternate (the server idles meanwhile).
    baselineDb = await openBaseline(engine, url, tmp, kiosk.config);

    // 2. Warm-ups (not counted): JIT, caches, pool connections.
    log('warm-up (2 s API + 1 s baseline, not counted)…');
    const warm = await autocannonRun(target, { connections: CONNECTIONS, seconds: 2 });
    mustBeClean('warm-up', warm, server);
    baselineDb.prepare(bodies, 2_000);
    await baselineDb.insertFor(1);

    // 3. Max throughput over HTTP and the baseline without HTTP, alternating in two rounds so that
    //    both see the same machine (it is shared): the ratio is the figure that matters.
    const half = seconds / 2;
    const maxParts: LoadResult[] = [];
    const baseParts: BaselineResult[] = [];
    const maxCpuParts: [CpuUse, number][] = [];
    const baseCpuParts: [CpuUse, number][] = [];
    for (let round = 1; round <= 2; round++) {
      log(`round ${round}/2: API max throughput (${CONNECTIONS} connections, ${half} s), then baseline (${CONNECTIONS} in flight, ${half} s)…`);
      let a = sampleCpu(pid, dbName);
      const part = await autocannonRun(target, { connections: CONNECTIONS, seconds: half });
      maxCpuParts.push([cpuBetween(a, sampleCpu(pid, dbName), withPg), part.seconds]);
      mustBeClean('max throughput', part, server, false);
      maxParts.push(part);
      // Rows for the baseline prepared outside the timing: 4× what the API just managed.
      baselineDb.prepare(bodies, Math.max(3_000, Math.ceil(rate(part.ok, part.seconds) * 4 * half)));
      a = sampleCpu(undefined, dbName);
      const b = await baselineDb.insertFor(half);
      baseCpuParts.push([cpuBetween(a, sampleCpu(undefined, dbName), withPg), b.seconds]);
      baseParts.push(b);
      log(`  API ${rate(part.ok, part.seconds).toFixed(0)} visits/s (p99 ${ms(percentile(part.latencies, 99))} ms, non-2xx ${part.non2xx}); baseline ${rate(b.visits, b.seconds).toFixed(0)} visits/s${b.exhausted ? ' (prepared rows ran out)' : ''}`);
    }
    const max = mergeLoad(maxParts);
    const baseline = mergeBaseline(baseParts);
    log(`  API ${rate(max.ok, max.seconds).toFixed(0)} visits/s, baseline ${rate(baseline.visits, baseline.seconds).toFixed(0)} visits/s, ratio ${(rate(max.ok, max.seconds) / rate(baseline.visits, baseline.seconds)).toFixed(2)}`);

    // 4. Where a request's time goes: the same server at full speed on cheaper requests.
    const costSeconds = opts.quick ? 1.5 : 3;
    log(`cost breakdown: GET /healthz, then visits rejected by the visit rules (400), ${CONNECTIONS} connections, ${costSeconds} s each…`);
    let c0 = sampleCpu(pid, dbName);
    const healthRun = await autocannonRun({ base: server.base, headers: {}, path: '/healthz' }, { connections: CONNECTIONS, seconds: costSeconds });
    const health = costOf(total(healthRun), healthRun.seconds, cpuBetween(c0, sampleCpu(pid, dbName), withPg), healthRun.status);
    // A valid visit with its times swapped: authenticated, parsed and schema-validated, then refused by the visit rules.
    const invalid = new VisitBodies(bodies.visits.map((v) => ({ ...v, startedAt: v.completedAt, completedAt: v.startedAt })));
    c0 = sampleCpu(pid, dbName);
    const rejectedRun = await autocannonRun({ base: server.base, headers: {}, kiosks: kiosks.map((k) => k.auth), body: () => invalid.next().body }, { connections: CONNECTIONS, seconds: costSeconds });
    const rejected = costOf(total(rejectedRun), rejectedRun.seconds, cpuBetween(c0, sampleCpu(pid, dbName), withPg), rejectedRun.status);
    log(`  /healthz ${health.perSecond.toFixed(0)}/s (${health.statuses}); rejected visits ${rejected.perSecond.toFixed(0)}/s (${rejected.statuses})`);

    // 5. 100 visits/s, two ways.
    log(`autocannon overallRate ${RATE}/s, ${CONNECTIONS} connections, ${seconds} s…`);
    const capped = await autocannonRun(target, { connections: CONNECTIONS, seconds, overallRate: RATE });
    mustBeClean('rate-capped', capped, server, false);
    log(`  ${rate(capped.ok, capped.seconds).toFixed(0)} visits/s, p50 ${ms(percentile(capped.latencies, 50))} ms, p99 ${ms(percentile(capped.latencies, 99))} ms, non-2xx ${capped.non2xx}`);

    log(`open loop, Poisson arrivals averaging ${RATE}/s, ${seconds} s…`);
    const a = sampleCpu(pid, dbName);
    const openLoop = await openLoopRun(target, { rate: RATE, seconds });
    const openLoopCpu = cpuBetween(a, sampleCpu(pid, dbName), withPg);
    mustBeClean('open loop', openLoop, server, false);
    log(`  ${rate(openLoop.ok, openLoop.seconds).toFixed(0)} visits/s, p50 ${ms(percentile(openLoop.latencies, 50))} ms, p99 ${ms(percentile(openLoop.latencies, 99))} ms, non-2xx ${openLoop.non2xx}`);

    const runs = [warm, ...maxParts, capped, openLoop];
    if (rejectedRun.status[201]) throw new Error('a visit meant to be rejected was stored');
    const createdByApi = runs.reduce((s, r) => s + (r.status[201] ?? 0), 0);
    // autocannon stops with up to one request per connection in flight, and a request the client gave up on
    // (timeout) may still be stored: the server keeps those rows, nobody counts them.
    const maxAbandoned = (runs.length - 1) * CONNECTIONS + runs.reduce((s, r) => s + r.timeouts + r.errors, 0);

    await stopServer(server);
    server = undefined;
    await baselineDb.close();
    baselineDb = undefined;

    // The rows really are there (PGlite: reopen the server's directory now it is closed).
    let rowsInDb: number | null = null;
    let perKiosk: number[] = [];
    let engineVersion = '';
    if (engine === 'postgres') {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => {});
      await c.connect();
      try {
        rowsInDb = Number((await c.query<{ n: string }>('select count(*) as n from visits where device_id = any($1::uuid[])', [kiosks.map((k) => k.deviceId)])).rows[0]!.n);
        perKiosk = (await c.query<{ n: number }>('select count(*)::int as n from visits where device_id = any($1::uuid[]) group by device_id', [kiosks.map((k) => k.deviceId)])).rows.map((r) => r.n);
        engineVersion = `PostgreSQL ${(await c.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v}`;
      } finally {
        await c.end();
      }
    } else {
      const db = await openPglite(join(tmp, 'data'));
      rowsInDb = Number((await db.query<{ n: number }>('select count(*)::int as n from visits')).rows[0]!.n);
      perKiosk = (await db.query<{ n: number }>('select count(*)::int as n from visits group by device_id')).rows.map((r) => r.n);
      engineVersion = `PGlite ${await pgliteVersion()} (${(await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version.split(' ')[0]})`;
      await db.close();
    }
    log(`rows stored through the API: ${rowsInDb} over ${perKiosk.length} kiosks (fewest ${Math.min(...perKiosk)}, most ${Math.max(...perKiosk)}) (201 answers: ${createdByApi}; up to ${maxAbandoned} more were in flight when autocannon runs stopped)`);

    return {
      result: {
        engine,
        engineVersion,
        max,
        maxCpu: mergeCpu(maxCpuParts),
        capped,
        openLoop,
        openLoopCpu,
        costs: { health, rejected },
        baseline,
        baselineCpu: mergeCpu(baseCpuParts),
        rowsInDb,
        perKiosk,
        createdByApi,
        maxAbandoned,
        startupSeconds,
      },
      mix,
    };
  } finally {
    if (server) await stopServer(server).catch(() => server?.child.kill('SIGKILL'));
    if (baselineDb) await baselineDb.close().catch(() => {});
    await dropDb();
    await removeTmp();
  }
}

function total(r: LoadResult): number {
  return Object.values(r.status).reduce((a, b) => a + b, 0);
}

function mergeLoad(parts: LoadResult[]): LoadResult {
  const status: Record<number, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.status)) status[Number(k)] = (status[Number(k)] ?? 0) + v;
  const sum = (f: (p: LoadResult) => number) => parts.reduce((s, p) => s + f(p), 0);
  return {
    seconds: sum((p) => p.seconds),
    sent: sum((p) => p.sent),
    status,
    ok: sum((p) => p.ok),
    non2xx: sum((p) => p.non2xx),
    errors: sum((p) => p.errors),
    timeouts: sum((p) => p.timeouts),
    latencies: Float64Array.from(parts.flatMap((p) => [...p.latencies])).sort(),
  };
}

function mergeBaseline(parts: BaselineResult[]): BaselineResult {
  return {
    seconds: parts.reduce((s, p) => s + p.seconds, 0),
    visits: parts.reduce((s, p) => s + p.visits, 0),
    latencies: Float64Array.from(parts.flatMap((p) => [...p.latencies])).sort(),
    exhausted: parts.some((p) => p.exhausted),
  };
}

/** Time-weighted average of CPU shares. */
function mergeCpu(parts: [CpuUse, number][]): CpuUse {
  const total = parts.reduce((s, [, w]) => s + w, 0);
  const avg = (f: (c: CpuUse) => number | null) => (parts.some(([c]) => f(c) === null) ? null : parts.reduce((s, [c, w]) => s + f(c)! * w, 0) / total);
  return { server: avg((c) => c.server), postgres: avg((c) => c.postgres), loadGenerator: avg((c) => c.loadGenerator)!, machine: avg((c) => c.machine) };
}

async function pgliteVersion(): Promise<string> {
  const { createRequire } = await import('node:module');
  const req = createRequire(import.meta.url);
  const { readFileSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  // The package's exports do not include package.json: find it from the resolved entry.
  let dir = dirname(req.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '?';
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  return '?';
}

interface Kiosk {
  token: string;
  deviceId: string;
  config: KioskConfig;
  auth: Record<string, string>;
}

/** `count` kiosks of the demo showroom: the first with the server's printed code, the others with codes from its local-secret route. */
async function pairKiosks(base: string, firstCode: string, dataDir: string, count: number, url?: string): Promise<Kiosk[]> {
  const { readLocalSecret } = await import('../src/server/datadir-lock.ts');
  const secret = readLocalSecret(dataDir);
  const out = [await pair(base, firstCode)];
  if (url) {
    // PostgreSQL: codes straight from the database, as `little-advisors pairing-code` does with DATABASE_URL set.
    const { issuePairingCode } = await import('../src/server/services/setup.service.ts');
    const db = await openPostgres(url, 1);
    try {
      while (out.length < count) out.push(await pair(base, (await issuePairingCode(db, 'demo')).code, `bench tablet ${out.length + 1}`));
    } finally {
      await db.close();
    }
    return out;
  }
  while (out.length < count) {
    if (!secret) throw new Error(`no local secret in ${dataDir}: cannot ask the server for more pairing codes`);
    const res = await fetch(`${base}/internal/pairing-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-secret': secret },
      body: JSON.stringify({ showroom: 'demo' }),
    });
    if (res.status !== 200) throw new Error(`pairing code: ${res.status} ${await res.text()}`);
    out.push(await pair(base, ((await res.json()) as { code: string }).code, `bench tablet ${out.length + 1}`));
  }
  return out;
}

async function pair(base: string, code: string, name = 'bench tablet'): Promise<Kiosk> {
  const res = await fetch(`${base}/api/v1/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const { token, deviceId } = (await res.json()) as { token: string; deviceId: string };
  const auth = { authorization: `Bearer ${token}` };
  const cfg = await fetch(`${base}/api/v1/kiosk/config`, { headers: auth });
  if (cfg.status !== 200) throw new Error(`kiosk config failed: ${cfg.status} ${await cfg.text()}`);
  return { token, deviceId, config: (await cfg.json()) as KioskConfig, auth };
}

function mustBeClean(what: string, r: LoadResult, server: BenchServer, fatal = true): void {
  if (r.non2xx === 0 && r.errors === 0 && r.ok > 0) return;
  const msg = `${what}: ${r.ok} 2xx, ${r.non2xx} non-2xx (${JSON.stringify(r.status)}), ${r.errors} errors, ${r.timeouts} timeouts`;
  if (fatal || r.ok === 0) throw new Error(`${msg}\nserver output:\n${server.output().slice(-4000)}`);
  process.stderr.write(`WARNING ${msg}\n${server.output().slice(-2000)}\n`);
}

async function stopServer(server: BenchServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await server.exited;
  clearTimeout(timer);
}

/** The NewVisit the service would build from this input (moderation aside: bench texts need none). */
function toNewVisit(input: VisitInput, id: string, device: { id: string; showroomId: string }, secret: Buffer, ids: (x: string) => string): NewVisit {
  const v = { ...input, id };
  const idea = input.idea;
  return {
    id,
    ticketHash: ticketHash(normalizeTicket(ticketForVisit(secret, id))!),
    contentHash: sha256(canonicalJson(v)),
    deviceId: device.id,
    showroomId: device.showroomId,
    activityVersion: input.activityVersion,
    productId: ids(input.productId),
    locale: input.locale,
    ageBand: input.ageBand,
    avatar: input.avatar,
    nickname: input.nickname ?? null,
    nicknameFlagged: false,
    consent: input.consent,
    startedAt: input.startedAt,
    completedAt: input.completedAt,
    again: input.again ?? null,
    ratings: input.ratings.map((r) => ({ partId: ids(r.partId), face: r.face })),
    choices: input.choices.map((c) => ({ pairId: ids(c.pairId), picked: c.picked })),
    favourites: input.favourites.map(ids),
    idea: !idea
      ? null
      : idea.kind === 'text'
        ? { kind: 'text', text: idea.text.trim(), flags: [] }
        : idea.kind === 'drawing'
          ? { kind: 'drawing', drawing: idea, flags: [] }
          : { kind: 'voice', mime: idea.mime, bytes: Buffer.from(idea.audio, 'base64'), durationMs: idea.durationMs, flags: [] },
  };
}

/** Catalog ids of `db` by key, to carry visits made for another database's catalog over. */
async function idMapFor(db: Database, config: KioskConfig): Promise<{ map: (x: string) => string; activityVersion: number }> {
  const products = (await db.query<{ id: string; key: string }>('select id, key from products')).rows;
  const parts = (await db.query<{ id: string; key: string; product_key: string }>(
    'select pa.id, pa.key, p.key as product_key from parts pa join products p on p.id = pa.product_id',
  )).rows;
  const pairs = (await db.query<{ id: string; key: string; product_key: string }>(
    'select q.id, q.key, p.key as product_key from pairs q join products p on p.id = q.product_id',
  )).rows;
  const m = new Map<string, string>();
  for (const p of config.products) {
    m.set(p.id, products.find((x) => x.key === p.key)!.id);
    for (const part of p.parts) m.set(part.id, parts.find((x) => x.key === part.key && x.product_key === p.key)!.id);
    for (const pair of p.pairs) m.set(pair.id, pairs.find((x) => x.key === pair.key && x.product_key === p.key)!.id);
  }
  const version = (await db.query<{ v: number }>('select max(version)::int as v from activities')).rows[0]!.v;
  if (version !== config.activityVersion) throw new Error(`baseline database has activity ${version}, the server had ${config.activityVersion}`);
  return { map: (x) => m.get(x)!, activityVersion: version };
}

/** The baseline writes a visit exactly as VisitService.accept does, minus HTTP. */
function baselineInsert(): (db: Database, v: NewVisit) => Promise<void> {
  return async (db, v) => {
    const outcome = await insertWholeVisit(db, v, sha256(`visit:${v.id}`));
    if (outcome !== 'stored') throw new Error(`baseline visit ${v.id}: ${outcome}`);
  };
}

interface BaselineDb {
  /** Makes sure at least `count` rows are prepared and not yet inserted. */
  prepare(bodies: VisitBodies, count: number): void;
  /** Inserts prepared visits, 10 in flight, for `seconds` (or until the prepared rows run out). */
  insertFor(seconds: number): Promise<BaselineResult>;
  close(): Promise<void>;
}

/**
 * The baseline: visits inserted straight into the database with the repository's SQL, as
 * VisitService.accept writes them (see baselineInsert).
 * PostgreSQL: the server's database, through a pool of 10, as a second kiosk (its own device row).
 * PGlite: the database is one connection owned by the server process, so a fresh PGlite on a temp
 * dir, migrated and demo-seeded like the server's (prepareDatabase); its 10 workers queue on
 * PGlite's transaction mutex.
 */
async function openBaseline(engine: Engine, url: string | undefined, tmp: string, config: KioskConfig): Promise<BaselineDb> {
  let db: Database;
  let ids: (x: string) => string = (x) => x;
  if (engine === 'postgres') {
    db = await openPostgres(url!, CONNECTIONS);
  } else {
    const { prepareDatabase } = await import('../src/server/boot.ts');
    ({ db } = await prepareDatabase({ dataDir: join(tmp, 'baseline'), databaseUrl: undefined }));
    ids = (await idMapFor(db, config)).map;
  }
  const showroomId = (await db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`)).rows[0]!.id;
  const d = await db.query<{ id: string }>(`insert into devices (showroom_id, name, token_hash) values ($1, 'bench baseline', $2) returning id`, [
    showroomId,
    randomBytes(32),
  ]);
  const device = { id: d.rows[0]!.id, showroomId };
  const secret = randomBytes(32);
  const pool: NewVisit[] = [];
  let next = 0;

  const insertOne = baselineInsert();

  return {
    prepare(bodies, count) {
      while (pool.length - next < count) {
        const b = bodies.next();
        pool.push(toNewVisit(b.template, b.id, device, secret, ids));
      }
    },
    async insertFor(seconds) {
      const latencies: number[] = [];
      let visits = 0;
      const start = performance.now();
      const end = start + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (performance.now() < end && next < pool.length) {
            const v = pool[next++]!;
            const t = performance.now();
            await insertOne(db, v);
            latencies.push(performance.now() - t);
            visits++;
          }
        }),
      );
      const took = (performance.now() - start) / 1000;
      const exhausted = next >= pool.length;
      pool.splice(0, next);
      next = 0;
      return { seconds: took, visits, latencies: Float64Array.from(latencies).sort(), exhausted };
    },
    close: () => db.close(),
  };
}

function report(
  results: EngineResult[],
  o: { seconds: number; mix: string; idleBefore: number | null; loads: string[]; pgSkipped: boolean; pgSkipReason: string; quick: boolean; profiled: boolean },
): string {
  const L: string[] = [];
  if (o.quick) L.push('> **Quick run (`--quick`, 3 s per measurement): figures are indicative only.**', '');
  if (o.profiled) L.push('> **Server ran under `--cpu-prof`: figures are slower than normal.**', '');
  // Other people's work on a shared machine steals CPU from the measurement: say so up front.
  const cores = cpus().length;
  const others = results.flatMap((r) =>
    [r.maxCpu, r.openLoopCpu, r.baselineCpu].map((c) =>
      c.machine === null ? 0 : c.machine * cores - ((c.server ?? 0) + (c.postgres ?? 0) + c.loadGenerator),
    ),
  );
  const worstOther = Math.max(0, ...others);
  if (worstOther > 0.25) {
    L.push(
      `> **The machine was shared during this run**: other processes used up to ${worstOther.toFixed(2)} of its ${cores} cores during a measurement ` +
        '(see "Other processes" below), so throughput is understated and tail latency overstated. Rerun on a quiet machine for reference figures.',
      '',
    );
  }
  if (o.pgSkipped) {
    L.push(`> **PostgreSQL was SKIPPED in this run** (${o.pgSkipReason}): only PGlite was measured.`, '');
  }
  L.push(
    '| Engine | API max visits/s (10 conn.) | p50 / p99 ms | non-2xx | Baseline visits/s (no HTTP, 10 in flight) | API / baseline | 100 visits/s, autocannon overallRate: p50 / p99 ms | 100 visits/s, open loop (Poisson): p50 / p99 ms | non-2xx at 100/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const api = rate(r.max.ok, r.max.seconds);
    const base = rate(r.baseline.visits, r.baseline.seconds);
    L.push(
      `| ${r.engineVersion} | **${api.toFixed(0)}** | ${ms(percentile(r.max.latencies, 50))} / ${ms(percentile(r.max.latencies, 99))} | ${r.max.non2xx + r.max.errors} | ` +
        `${base.toFixed(0)}${r.baseline.exhausted ? ' (pool ran out)' : ''} | **${(api / base).toFixed(2)}** | ` +
        `${ms(percentile(r.capped.latencies, 50))} / ${ms(percentile(r.capped.latencies, 99))} | ` +
        `${ms(percentile(r.openLoop.latencies, 50))} / ${ms(percentile(r.openLoop.latencies, 99))} | ${r.capped.non2xx + r.capped.errors + r.openLoop.non2xx + r.openLoop.errors} |`,
    );
  }
  if (o.pgSkipped) L.push('| PostgreSQL | **skipped** | | | | | | | |');

  L.push('', '**Targets**', '', '| Target | Measured | Result |', '|---|---:|:---:|');
  const pgr = results.find((r) => r.engine === 'postgres');
  const lite = results.find((r) => r.engine === 'pglite');
  const verdict = (ok: boolean) => (ok ? 'PASS' : '**FAIL**');
  if (pgr) {
    const ratio = rate(pgr.max.ok, pgr.max.seconds) / rate(pgr.baseline.visits, pgr.baseline.seconds);
    L.push(`| PostgreSQL: API ≥ ${TARGETS.pgRatio} × baseline visits/s | ${ratio.toFixed(2)} × | ${verdict(ratio >= TARGETS.pgRatio && pgr.max.non2xx === 0)} |`);
  } else {
    L.push(`| PostgreSQL: API ≥ ${TARGETS.pgRatio} × baseline visits/s | not measured (PostgreSQL skipped) | SKIPPED |`);
  }
  if (lite) {
    const liteRate = rate(lite.max.ok, lite.max.seconds);
    L.push(`| PGlite: API ≥ ${TARGETS.pgliteVisitsPerSecond} visits/s | ${liteRate.toFixed(0)} visits/s | ${verdict(liteRate >= TARGETS.pgliteVisitsPerSecond && lite.max.non2xx === 0)} |`);
    L.push(`| PGlite ≥ ${TARGETS.pgliteHttpIssue10} visits/s over HTTP (issue 10, ${KIOSKS} kiosks of one showroom at once) | ${liteRate.toFixed(0)} visits/s | ${verdict(liteRate >= TARGETS.pgliteHttpIssue10 && lite.max.non2xx === 0)} |`);
    const cappedP99 = percentile(lite.capped.latencies, 99);
    const openLoopP99 = percentile(lite.openLoop.latencies, 99);
    L.push(`| PGlite: p99 < ${TARGETS.pgliteP99Ms} ms at ${RATE} visits/s (autocannon overallRate) | ${ms(cappedP99)} ms | ${verdict(cappedP99 < TARGETS.pgliteP99Ms)} |`);
    L.push(`| PGlite: p99 < ${TARGETS.pgliteP99Ms} ms at ${RATE} visits/s (open loop, Poisson arrivals) | ${ms(openLoopP99)} ms | ${verdict(openLoopP99 < TARGETS.pgliteP99Ms)} |`);
  } else {
    L.push('| PGlite targets | not measured (PGlite not run) | SKIPPED |');
  }

  L.push(
    '',
    `Machine busy in the second before the benchmark started (other work): ${o.idleBefore === null ? 'n/a' : `${pct(o.idleBefore)} of ${cores} cores`}. ` +
      `Load average (1/5/15 min): ${o.loads.join('; ')}.`,
    '',
    `**Where the CPU went** (CPU time / wall time, in cores; the machine has ${cores} cores. "Other" is everything else running on the machine, e.g. other people's tests.)`,
    '',
    '| Engine | Run | Server process (Node) | PostgreSQL backends | Bench process (load generator / baseline) | Other processes | Whole machine busy |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  const cpu = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  for (const r of results) {
    const name = r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const row = (run: string, c: CpuUse) => {
      const ours = (c.server ?? 0) + (c.postgres ?? 0) + c.loadGenerator;
      const other = c.machine === null ? null : Math.max(0, c.machine * cores - ours);
      return (
        `| ${name} | ${run} | ${c.server === null ? '–' : cpu(c.server)} | ${r.engine === 'postgres' ? cpu(c.postgres) : '(inside the server / bench process)'} | ` +
        `${cpu(c.loadGenerator)} | ${cpu(other)} | ${c.machine === null ? 'n/a' : `${cpu(c.machine * cores)} (${pct(c.machine)})`} |`
      );
    };
    L.push(row('API, max throughput', r.maxCpu), row(`API, open loop ${RATE}/s`, r.openLoopCpu), row('baseline (no HTTP)', r.baselineCpu));
  }

  L.push(
    '',
    '**CPU per request, by kind of request** (ms of CPU per request at full speed, 10 connections; the rejected visits are valid visits with ' +
      'startedAt and completedAt swapped, so they are authenticated (one database query), parsed and schema-validated, then refused by the visit rules ' +
      'before anything is written; PGlite runs inside the server process, and inside the bench process for the baseline)',
    '',
    '| Engine | GET /healthz: req/s · server ms | Visit rejected (400): req/s · server ms · PostgreSQL ms | Visit stored (201): visits/s · server ms · PostgreSQL ms | Baseline, no HTTP: visits/s · bench process ms · PostgreSQL ms |',
    '|---|---:|---:|---:|---:|',
  );
  const cms = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(2));
  for (const r of results) {
    const name = r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const api = rate(r.max.ok, r.max.seconds);
    const base = rate(r.baseline.visits, r.baseline.seconds);
    const h = r.costs.health;
    const j = r.costs.rejected;
    const pgCol = (x: number | null) => (r.engine === 'postgres' ? ` · ${cms(x)}` : '');
    L.push(
      `| ${name} | ${h.perSecond.toFixed(0)} · ${cms(h.serverMs)} | ${j.perSecond.toFixed(0)} · ${cms(j.serverMs)}${pgCol(j.postgresMs)} | ` +
        `${api.toFixed(0)} · ${cms(r.maxCpu.server === null ? null : (r.maxCpu.server * 1000) / api)}${pgCol(r.maxCpu.postgres === null ? null : (r.maxCpu.postgres * 1000) / api)} | ` +
        `${base.toFixed(0)} · ${cms((r.baselineCpu.loadGenerator * 1000) / base)}${pgCol(r.baselineCpu.postgres === null ? null : (r.baselineCpu.postgres * 1000) / base)} |`,
    );
  }

  L.push('', '**Details**', '');
  for (const r of results) {
    const name = r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    L.push(
      `- ${name}: server started in ${r.startupSeconds.toFixed(1)} s; max-throughput run ${r.max.ok} visits stored in ${r.max.seconds.toFixed(1)} s ` +
        `(p90 ${ms(percentile(r.max.latencies, 90))} ms, max ${ms(percentile(r.max.latencies, 100))} ms); ` +
        `autocannon at ${RATE}/s: ${r.capped.ok} visits in ${r.capped.seconds.toFixed(1)} s (max ${ms(percentile(r.capped.latencies, 100))} ms); ` +
        `open loop: ${r.openLoop.ok} visits in ${r.openLoop.seconds.toFixed(1)} s (max ${ms(percentile(r.openLoop.latencies, 100))} ms); ` +
        `baseline ${r.baseline.visits} visits in ${r.baseline.seconds.toFixed(1)} s (per-transaction p50 ${ms(percentile(r.baseline.latencies, 50))} / p99 ${ms(percentile(r.baseline.latencies, 99))} ms); ` +
        `rows the API kiosks have in \`visits\` at the end: ${r.rowsInDb} (per kiosk ${Math.min(...r.perKiosk)}–${Math.max(...r.perKiosk)}, ${r.perKiosk.length} kiosks), 201 answers: ${r.createdByApi} ` +
        `(${r.rowsInDb !== null && r.rowsInDb >= r.createdByApi && r.rowsInDb - r.createdByApi <= r.maxAbandoned
          ? `consistent: the ${r.rowsInDb - r.createdByApi} extra rows are requests still in flight when an autocannon run stopped (at most one per connection per run) or that the client gave up on`
          : '**MISMATCH**'}).`,
    );
  }

  L.push(
    '',
    '**Method**',
    '',
    `- Data: ${o.mix}.`,
    '- The server is the real `node --import tsx src/cli.ts start` in a child process (LOG_LEVEL=warn, HOST=127.0.0.1; PGlite in a temp DATA_DIR, ' +
      `or a throwaway PostgreSQL database that is dropped afterwards), with ${KIOSKS} kiosks of the demo showroom paired (issue 10); requests go to them in turn, so the ${CONNECTIONS} in flight come from ${KIOSKS} kiosks at once. Load comes from the bench process over loopback.`,
    `- API max throughput: autocannon, ${CONNECTIONS} connections, ${o.seconds} s in all (two rounds of ${o.seconds / 2} s, alternating with the baseline) after a 2 s warm-up, every request a new visit (\`POST /api/v1/visits\`); ` +
      'visits/s = 2xx answers / duration. Latencies are per response, 2xx only.',
    `- ${RATE} visits/s, two ways, ${o.seconds} s each: autocannon \`overallRate: ${RATE}\` (${CONNECTIONS} connections; autocannon spends each second's budget ` +
      'as a burst at the start of the second, so this measures 10 requests queued at once, for part of every second), and an open loop ' +
      'with random (Poisson) arrivals averaging 100/s, as independent kiosks would send them (requests go out when due whatever the answers; ' +
      'latency counted from when the request was due).',
    '- Baseline: the same kind of visits inserted without HTTP from the bench process with the repository\'s own SQL, as `VisitService.accept` writes them ' +
      '(`insertWholeVisit`: one `store_visit` call per visit doing the tombstone check, visit row, answers, idea, rollups and notification)' +
      ', rows prepared before timing, ' +
      `${CONNECTIONS} in flight, ${o.seconds} s in all after a 1 s warm-up. It alternates with the API max-throughput run (API ${o.seconds / 2} s, baseline ${o.seconds / 2} s, twice; ` +
      'the server idles during the baseline) so both see the same machine, which is shared. ' +
      `PostgreSQL: into the server's database through a pool of ${CONNECTIONS} (the server's pool size), as a second device. ` +
      'PGlite: the database is one connection owned by the server process, so the baseline opens its own PGlite on a fresh temp dir, ' +
      'migrated and demo-seeded by `prepareDatabase`, and its 10 workers queue on PGlite\'s transaction mutex.',
    '- CPU shares come from /proc (utime+stime of the server process, of the PostgreSQL backends serving the bench database, of the bench process; busy share of the whole machine).',
    '- Server, PostgreSQL and load generator share the same machine, so the figures are a floor for a dedicated server.',
  );
  return L.join('\n');
}
