/**
 * Ingest under contention (issue 10), PostgreSQL, no HTTP: 10 kiosks of ONE showroom storing
 * visits at once (all completed today, so all hit the same day's rollup rows), three statements
 * in the same run on the same database, alternating in rounds so they see the same machine:
 *  - product: insertWholeVisit as the visit service calls it (the newest store_visit: migration
 *    019's, a key's rows shared out over shards when its visits arrive together, on migration
 *    018's half-empty pages, with 015's notice after commit: one per showroom per 100 ms);
 *  - today's statement (baseline): store_visit exactly as migration 009 defined it, read from
 *    src/db/migrations/009_honest_insight.sql and created in a schema of its own with the rollup
 *    tables of that time (rollup_durations included), per-visit pg_notify included;
 *  - plain insert: migration 015's store_visit with the rollups removed (tombstone check, visit
 *    row, answers, idea; no rollups, no notice; 016 only added the rollup seal's date check): the
 *    floor the other two are measured against.
 * Then the visits of that phase are removed and the database gets 1,000,000 visits (100,000 with --quick) by the insight bench's
 * generator (set-based SQL, the product's refill_rollups) and the same three run again with the
 * same kiosks: visits/s with a full database ÷ visits/s into the empty one.
 * While each runs, pg_stat_activity of its backends is sampled every 20 ms: what they wait on.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sha256 } from '../src/core/ticket.ts';
import type { Database, Queryable } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { insertWholeVisit, storeVisitParams, storeVisitSql, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { prepareDatabase } from '../src/server/boot.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { generate } from './insight/generate.ts';
import { onCleanup } from './lib/cleanup.ts';
import { percentile } from './lib/load.ts';
import { makeBenchVisit, rng } from './lib/visits.ts';

export const id = 'ingest-db';
export const title = 'Ingest under contention: 10 kiosks of one showroom (issue 10)';

const KIOSKS = 10;
const VARIANTS = ['product', 'today', 'plain'] as const;
type Variant = (typeof VARIANTS)[number];
const LABEL: Record<Variant, string> = {
  product: 'product (store_visit 019: shard rows on contention; notice after commit)',
  today: "today's statement (store_visit 009, rollup_durations, pg_notify per visit)",
  plain: 'plain insert (raw rows only: no rollups, no notice)',
};
const TARGETS = { vsToday: 1.5, vsPlain: 0.5, fullVsEmpty: 0.8 };
const MIGRATIONS = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));

interface Run {
  variant: Variant;
  phase: 'empty' | 'full';
  visits: number;
  seconds: number;
  latencies: number[];
  waits: Map<string, number>;
  samples: number;
}

/** Today's statement and the plain insert, as functions in schemas of their own. */
async function installVariants(db: Queryable): Promise<void> {
  await db.exec(`
    create schema bench_today;
    create table bench_today.rollup_visits (
      day date not null, showroom_id uuid not null, product_id uuid not null, age_band text not null, quality text not null default 'ok',
      visits int not null default 0, again_yes int not null default 0, again_maybe int not null default 0, again_no int not null default 0,
      with_idea int not null default 0, primary key (product_id, day, showroom_id, age_band, quality));
    create index on bench_today.rollup_visits(day);
    create table bench_today.rollup_durations (
      day date not null, showroom_id uuid not null, product_id uuid not null, age_band text not null, quality text not null default 'ok',
      bucket smallint not null, visits int not null default 0, primary key (product_id, day, showroom_id, age_band, quality, bucket));
    create index on bench_today.rollup_durations(day);
    -- As they were then: one row per key (no shard, migration 019) and full pages (migration 018).
    create table bench_today.rollup_parts (like public.rollup_parts including defaults);
    alter table bench_today.rollup_parts drop column shard, add primary key (product_id, day, showroom_id, age_band, quality, part_id);
    create table bench_today.rollup_pairs (like public.rollup_pairs including defaults);
    alter table bench_today.rollup_pairs drop column shard, add primary key (product_id, day, showroom_id, age_band, quality, pair_id);
    create schema bench_plain;`);
  const m009 = readFileSync(`${MIGRATIONS}009_honest_insight.sql`, 'utf8');
  const today = m009.slice(m009.indexOf('create or replace function store_visit('));
  await db.exec(
    today
      .replace('create or replace function store_visit(', 'create or replace function bench_today.store_visit(')
      .replace('language plpgsql as $$', () => 'language plpgsql set search_path = bench_today, public as $$'),
  );
  const m015 = readFileSync(`${MIGRATIONS}015_ingest_notify_after_commit.sql`, 'utf8');
  const product = m015.slice(m015.indexOf('create or replace function store_visit('));
  const cut = product.slice(product.indexOf('  v_day := '), product.indexOf("  return 'stored';"));
  if (!cut.includes('rollup_pairs')) throw new Error('could not find the rollups in store_visit 015');
  await db.exec(product.replace('create or replace function store_visit(', 'create or replace function bench_plain.store_visit(').replace(cut, () => ''));
}

/** What a kiosk of the demo showroom needs to make visits, from the database. */
async function kioskConfig(db: Queryable): Promise<KioskConfig> {
  const [act] = (await db.query<{ version: number; consent: string }>('select version, consent_version as consent from activities order by version desc limit 1')).rows;
  const products = (await db.query<{ id: string }>('select p.id from activity_products ap join products p on p.id = ap.product_id where ap.activity_version = $1 order by p.key', [act!.version])).rows;
  const out = [];
  for (const p of products) {
    const parts = (await db.query<{ id: string }>('select id from parts where product_id = $1 and retired_at is null order by position, key', [p.id])).rows;
    const pairs = (await db.query<{ id: string }>('select id from pairs where product_id = $1 and retired_at is null order by position, key', [p.id])).rows;
    out.push({ id: p.id, parts, pairs });
  }
  const avatars = (await db.query<{ key: string }>('select key from avatars order by key')).rows;
  return { activityVersion: act!.version, products: out, avatars, consent: { textVersion: act!.consent } } as unknown as KioskConfig;
}

function newVisit(config: KioskConfig, r: () => number, device: { id: string; showroomId: string }): NewVisit {
  const input = makeBenchVisit(config, r, randomUUID());
  // completed in the last few minutes: every kiosk hits today's rollup rows
  const completed = Date.now() - Math.floor(r() * 120_000);
  const idea = input.idea;
  return {
    id: input.id,
    ticketHash: randomBytes(32),
    contentHash: randomBytes(32),
    deviceId: device.id,
    showroomId: device.showroomId,
    activityVersion: input.activityVersion,
    productId: input.productId,
    locale: input.locale,
    ageBand: input.ageBand,
    avatar: input.avatar,
    nickname: input.nickname ?? null,
    nicknameFlagged: false,
    consent: input.consent,
    startedAt: new Date(completed - (Date.parse(input.completedAt) - Date.parse(input.startedAt))).toISOString(),
    completedAt: new Date(completed).toISOString(),
    again: input.again ?? null,
    ratings: input.ratings.map((x) => ({ partId: x.partId, face: x.face, ms: 1500 })),
    choices: input.choices.map((c) => ({ pairId: c.pairId, picked: c.picked, ms: 1500 })),
    favourites: input.favourites,
    quality: 'ok',
    idea: !idea ? null : idea.kind === 'text' ? { kind: 'text', text: idea.text, flags: [] } : idea.kind === 'drawing' ? { kind: 'drawing', drawing: idea, flags: [] } : null,
  };
}

async function store(db: Database, variant: Variant, v: NewVisit): Promise<void> {
  const h = sha256(`visit:${v.id}`);
  const outcome =
    variant === 'product'
      ? await insertWholeVisit(db, v, h)
      : (await db.query<{ outcome: string }>(storeVisitSql(`bench_${variant}.store_visit`), storeVisitParams(v, h))).rows[0]!.outcome;
  if (outcome !== 'stored') throw new Error(`${variant}: visit ${v.id} ${outcome}`);
}

/** Wait events of the bench database's other backends, sampled every 20 ms until stopped. */
function sampleWaits(admin: pg.Client, dbName: string): { stop(): Promise<{ waits: Map<string, number>; samples: number }> } {
  const waits = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await admin.query<{ w: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as w from pg_stat_activity
          where datname = $1 and state = 'active' and pid <> pg_backend_pid() and query like 'select %store_visit%'`,
        [dbName],
      );
      samples++;
      for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { waits, samples };
    },
  };
}

async function measure(db: Database, admin: pg.Client, dbName: string, config: KioskConfig, devices: { id: string; showroomId: string }[], variant: Variant, phase: Run['phase'], seconds: number, seed: number): Promise<Run> {
  const latencies: number[] = [];
  let visits = 0;
  const sampler = sampleWaits(admin, dbName);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    devices.map(async (device, i) => {
      const r = rng(seed * 100 + i);
      while (performance.now() < end) {
        const v = newVisit(config, r, device);
        const t = performance.now();
        await store(db, variant, v);
        latencies.push(performance.now() - t);
        visits++;
      }
    }),
  );
  const took = (performance.now() - t0) / 1000;
  const { waits, samples } = await sampler.stop();
  return { variant, phase, visits, seconds: took, latencies, waits, samples };
}

export async function run(opts: { quick?: boolean; engines?: string[] } = {}): Promise<string> {
  const log = (l: string) => process.stderr.write(`${l}\n`);
  if (!TEST_PG_URL) return '> PostgreSQL not available (TEST_DATABASE_URL / DATABASE_URL not set): not run.\n';
  const quick = Boolean(opts.quick);
  const seconds = quick ? 2 : 5;
  const rounds = quick ? 2 : 3;
  const fullVisits = quick ? 100_000 : 1_000_000;
  const url = await createPgDatabase();
  const dbName = new URL(url).pathname.slice(1);
  onCleanup(() => dropPgDatabase(url));
  const { db: boot } = await prepareDatabase({ databaseUrl: url, dataDir: '' });
  await boot.close();
  const db = await openPostgres(url, KIOSKS);
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  const runs: Run[] = [];
  let genSeconds = 0;
  try {
    await installVariants(db);
    const config = await kioskConfig(db);
    const [demo] = (await db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`)).rows;
    const devices: { id: string; showroomId: string }[] = [];
    for (let i = 0; i < KIOSKS; i++) {
      const [d] = (await db.query<{ id: string }>(`insert into devices (showroom_id, name, token_hash) values ($1, $2, $3) returning id`, [demo!.id, `bench kiosk ${i + 1}`, randomBytes(32)])).rows;
      devices.push({ id: d!.id, showroomId: demo!.id });
    }
    const phase = async (p: Run['phase']) => {
      // warm-up: plans cached in every pooled session
      for (const v of VARIANTS) await measure(db, admin, dbName, config, devices, v, p, 0.5, 1);
      for (let round = 0; round < rounds; round++) {
        // rotate the order so no variant always follows another
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
        for (const v of order) {
          const r = await measure(db, admin, dbName, config, devices, v, p, seconds, round * 10 + VARIANTS.indexOf(v) + (p === 'full' ? 500 : 0));
          log(`  ${p} round ${round + 1} ${v}: ${(r.visits / r.seconds).toFixed(0)} visits/s`);
          runs.push(r);
        }
      }
    };
    log('ingest-db: empty database');
    await phase('empty');
    // The generator fills an empty database: the visits of the empty phase go first.
    await db.exec('truncate visits, bench_today.rollup_visits, bench_today.rollup_durations, bench_today.rollup_parts, bench_today.rollup_pairs cascade');
    log(`ingest-db: generating ${fullVisits.toLocaleString('en')} visits (bench/insight/generate.ts)`);
    const session = new pg.Client({ connectionString: url });
    await session.connect();
    const t = performance.now();
    const sq: Queryable = {
      async query<T>(sql: string, params?: unknown[]) {
        const r = await session.query(sql, params as unknown[]);
        return { rows: r.rows as T[], affectedRows: r.rowCount ?? undefined };
      },
      async exec(sql: string) {
        await session.query(sql);
      },
    };
    await generate(sq, { visits: fullVisits, timeZone: process.env.REPORT_TIMEZONE || 'UTC', settings: { maintenance_work_mem: '1GB', work_mem: '256MB' }, log });
    await session.end();
    genSeconds = (performance.now() - t) / 1000;
    // The bulk load's dirty pages are written out before measuring, as the empty phase had none pending.
    await db.exec('checkpoint');
    // the generator's showrooms are on another floor; the kiosks are still the demo showroom's 10
    log('ingest-db: full database');
    await phase('full');
  } finally {
    await admin.end();
    await db.close();
  }
  return report(runs, { quick, seconds, rounds, fullVisits, genSeconds });
}

function report(runs: Run[], o: { quick: boolean; seconds: number; rounds: number; fullVisits: number; genSeconds: number }): string {
  const rate = (v: Variant, p: Run['phase']) => {
    const rs = runs.filter((r) => r.variant === v && r.phase === p);
    return rs.reduce((a, r) => a + r.visits, 0) / rs.reduce((a, r) => a + r.seconds, 0);
  };
  const lat = (v: Variant, p: Run['phase']) => Float64Array.from(runs.filter((r) => r.variant === v && r.phase === p).flatMap((r) => r.latencies)).sort();
  const waits = (v: Variant, p: Run['phase']) => {
    const m = new Map<string, number>();
    for (const r of runs.filter((x) => x.variant === v && x.phase === p)) for (const [k, n] of r.waits) m.set(k, (m.get(k) ?? 0) + n);
    const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k} ${Math.round((100 * n) / total)} %`).join(', ');
  };
  const L: string[] = [];
  if (o.quick) L.push('> **Quick run (`--quick`): shorter runs, 100,000 visits for the full database; indicative only.**', '');
  L.push(
    `PostgreSQL, no HTTP: ${KIOSKS} kiosks of one showroom, each storing visits one after another (${KIOSKS} in flight over a pool of ${KIOSKS}), all completed today; ` +
      `${o.rounds} rounds of ${o.seconds} s per statement and phase, the statements alternating. Full database: ${o.fullVisits.toLocaleString('en')} visits generated in ${o.genSeconds.toFixed(0)} s.`,
    '',
    '| Phase | Statement | Visits/s | p50 / p99 ms | What its backends waited on (share of samples) |',
    '|---|---|---:|---:|---|',
  );
  for (const p of ['empty', 'full'] as const) {
    for (const v of VARIANTS) {
      const l = lat(v, p);
      L.push(`| ${p === 'empty' ? 'empty database' : `${o.fullVisits.toLocaleString('en')} visits stored`} | ${LABEL[v]} | **${rate(v, p).toFixed(0)}** | ${percentile(l, 50).toFixed(1)} / ${percentile(l, 99).toFixed(1)} | ${waits(v, p)} |`);
    }
  }
  const vsToday = rate('product', 'empty') / rate('today', 'empty');
  const vsPlain = rate('product', 'empty') / rate('plain', 'empty');
  const full = rate('product', 'full') / rate('product', 'empty');
  const pass = (x: number, t: number) => (x >= t ? 'PASS' : '**FAIL**');
  L.push(
    '',
    '**Targets** (ratios within this run)',
    '',
    '| Target | Measured | Result |',
    '|---|---:|:---:|',
    `| product ≥ ${TARGETS.vsToday} × today's statement (empty database) | ${vsToday.toFixed(2)} × | ${pass(vsToday, TARGETS.vsToday)} |`,
    `| product ≥ ${TARGETS.vsPlain} × plain insert (empty database) | ${vsPlain.toFixed(2)} × | ${pass(vsPlain, TARGETS.vsPlain)} |`,
    `| product with ${o.fullVisits.toLocaleString('en')} visits stored ≥ ${TARGETS.fullVsEmpty} × into the empty database | ${full.toFixed(2)} × | ${pass(full, TARGETS.fullVsEmpty)} |`,
    `| (for reference) today's statement, full ÷ empty | ${(rate('today', 'full') / rate('today', 'empty')).toFixed(2)} × | – |`,
    `| (for reference) plain insert, full ÷ empty | ${(rate('plain', 'full') / rate('plain', 'empty')).toFixed(2)} × | – |`,
    '',
    'Wait events: `pg_stat_activity` of the backends running a store_visit, every 20 ms; "CPU" = active and not waiting. ' +
      '`Lock:tuple` / `Lock:transactionid` = waiting for another visit\'s rollup row; `Lock:object` = the database-wide notification lock a NOTIFY takes at commit; `LWLock:WALWrite` / `IO:WALSync` = commit flushes.',
  );
  return L.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run({ quick: process.argv.includes('--quick') }).then(
    (md) => process.stdout.write(`${md}\n`),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
