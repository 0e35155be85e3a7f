/**
 * Rollups stay exact (issue 10): after random sequences of visits stored (store_visit, through
 * insertWholeVisit as the visit service calls it), replays of stored visits, family deletions
 * (deleteVisit, which subtracts from the rollups), replays of deleted visits (refused by the
 * tombstone), abandoned visits (and their replays) and retention runs, every rollup table equals
 * an independent GROUP BY over the raw rows (bench/insight/rollups.ts, row by row, EXCEPT ALL
 * both ways), and the insight service's answers equal the raw GROUP BYs of bench/insight/raw.ts
 * for random filters; finally refill_rollups() rebuilds exactly the same rows. Seal runs
 * (sealRollups, migration 016) fold whole blocks and months into coarse rows; later inserts and
 * deletions of those days (late kiosks) keep them exact, and every coarse table equals the raw
 * GROUP BY summed per block and month (compareCoarseRollups), also after refill_rollups(). The report time zone is Asia/Kolkata (UTC+5:30) so local days do not
 * follow UTC hours. On PGlite and PostgreSQL.
 */
process.env.REPORT_TIMEZONE = 'Asia/Kolkata';

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { demoCatalog } from '../src/db/seed/demo-catalog.ts';
import { seedCatalog } from '../src/db/seed/seed-catalog.ts';
import { deleteVisit, insertAbandonedVisit, insertWholeVisit, reportTimeZone, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { runRetention } from '../src/server/services/retention.service.ts';
import { loveMap, overview } from '../src/server/services/insight.service.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { compareCoarseRollups, compareRollups } from '../bench/insight/rollups.ts';
import { sealedThrough, spansOf } from '../src/db/repositories/insight-spans.ts';
import { sealRollups } from '../src/server/services/rollup-seal.service.ts';
import { loveMapDiff, overviewDiff, rawLoveMap, rawOverview } from '../bench/insight/raw.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';

const RUNS = Number(process.env.ROLLUP_PROPERTY_RUNS || 25);
const DAY = 86_400_000;
const AGE_BANDS = ['4-6', '7-9', '10-12'] as const;
const QUALITIES = ['ok', 'same-face', 'too-fast'] as const;
// Long enough for whole months to be sealed and for ranges to cross block and month edges.
const HISTORY_DAYS = 75;

interface World {
  activityVersion: number;
  consentVersion: string;
  avatar: string;
  showrooms: { id: string; deviceId: string }[];
  products: { id: string; parts: string[]; pairs: string[] }[];
}

async function makeWorld(db: Database): Promise<World> {
  await migrate(db);
  await seedCatalog(db, demoCatalog);
  const q = async <T>(sql: string, p: unknown[] = []) => (await db.query<T>(sql, p)).rows;
  await db.query(`insert into showrooms (slug, name_zh, name_en) values ('prop-b', '乙', 'B') on conflict do nothing`);
  const showrooms = [];
  for (const s of await q<{ id: string }>('select id from showrooms order by slug')) {
    const [d] = await q<{ id: string }>(`insert into devices (showroom_id, name, token_hash) values ($1, 'prop', $2) returning id`, [s.id, randomBytes(32)]);
    showrooms.push({ id: s.id, deviceId: d!.id });
  }
  const [act] = await q<{ version: number }>('select max(version)::int as version from activities');
  const [consent] = await q<{ version: string }>('select version from consent_texts order by version limit 1');
  const [avatar] = await q<{ key: string }>('select key from avatars order by key limit 1');
  const products = [];
  for (const p of await q<{ id: string }>('select id from products where retired_at is null order by key')) {
    const parts = (await q<{ id: string }>('select id from parts where product_id = $1 and retired_at is null order by key', [p.id])).map((r) => r.id);
    const pairs = (await q<{ id: string }>('select id from pairs where product_id = $1 and retired_at is null order by key', [p.id])).map((r) => r.id);
    products.push({ id: p.id, parts, pairs });
  }
  assert.ok(showrooms.length >= 2 && products.length >= 2 && products.every((p) => p.parts.length >= 3 && p.pairs.length >= 1));
  return { activityVersion: act!.version, consentVersion: consent!.version, avatar: avatar!.key, showrooms, products };
}

/** A visit's random content, turned into a NewVisit against the seeded catalog. */
const visitArb = fc.record({
  showroom: fc.nat(),
  product: fc.nat(),
  ageBand: fc.constantFrom(...AGE_BANDS),
  quality: fc.constantFrom(...QUALITIES),
  again: fc.constantFrom(null, 'yes', 'maybe', 'no'),
  // within the last HISTORY_DAYS days, any minute (local midnights of UTC+5:30 included): once
  // sealed, most of them are late kiosks' visits to days already folded into block/month rows
  completedAgoMin: fc.integer({ min: 0, max: HISTORY_DAYS * 24 * 60 }),
  // bucket edges (15 s, 15 min) and beyond
  durationSec: fc.oneof(fc.constantFrom(0, 14, 15, 899, 900, 901, 3600), fc.integer({ min: 0, max: 1200 })),
  faces: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 12 }),
  favourites: fc.nat({ max: 3 }),
  picks: fc.array(fc.constantFrom('a', 'b'), { maxLength: 4 }),
  idea: fc.constantFrom('none', 'text', 'drawing'),
});

function toVisit(w: World, a: typeof visitArb extends fc.Arbitrary<infer T> ? T : never): NewVisit {
  const showroom = w.showrooms[a.showroom % w.showrooms.length]!;
  const product = w.products[a.product % w.products.length]!;
  const rated = product.parts.slice(0, Math.min(a.faces.length, product.parts.length));
  const completed = Date.now() - a.completedAgoMin * 60_000;
  return {
    id: randomUUID(),
    ticketHash: randomBytes(32),
    contentHash: randomBytes(32),
    deviceId: showroom.deviceId,
    showroomId: showroom.id,
    activityVersion: w.activityVersion,
    productId: product.id,
    locale: 'en',
    ageBand: a.ageBand,
    avatar: w.avatar,
    nickname: null,
    nicknameFlagged: false,
    consent: { gallery: true, voice: false, nickname: false, textVersion: w.consentVersion },
    startedAt: new Date(completed - a.durationSec * 1000).toISOString(),
    completedAt: new Date(completed).toISOString(),
    again: a.again,
    ratings: rated.map((partId, i) => ({ partId, face: a.faces[i]!, ms: 1000 + i })),
    choices: product.pairs.slice(0, Math.min(a.picks.length, product.pairs.length)).map((pairId, i) => ({ pairId, picked: a.picks[i]! })),
    favourites: rated.slice(0, a.favourites),
    quality: a.quality,
    idea:
      a.idea === 'text'
        ? { kind: 'text', text: 'a bigger boot for the dog', flags: [] }
        : a.idea === 'drawing'
          ? { kind: 'drawing', drawing: { strokes: [{ color: '#000000', points: [[1, 2], [3, 4]] }] }, flags: [] }
          : null,
  };
}

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), visit: visitArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replay' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replay-deleted' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('abandoned' as const), showroom: fc.nat(), ageBand: fc.constantFrom(null, ...AGE_BANDS),
      agoMin: fc.integer({ min: 0, max: HISTORY_DAYS * 24 * 60 }), replay: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retention' as const) }) },
  // the seal job (sealRollups): through a random day (it rounds down to a block end, and never
  // seals the last three days)
  { weight: 1, arbitrary: fc.record({ op: fc.constant('seal' as const), agoDays: fc.integer({ min: 0, max: HISTORY_DAYS }) }) },
);

const scopeArb = fc.record({
  fromAgo: fc.integer({ min: 0, max: HISTORY_DAYS + 2 }),
  span: fc.integer({ min: 0, max: HISTORY_DAYS + 2 }),
  showroom: fc.option(fc.nat(), { nil: null }),
  ageBand: fc.option(fc.constantFrom(...AGE_BANDS), { nil: null }),
  quality: fc.constantFrom(null, 'ok' as const),
});

const localDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: reportTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

for (const engine of testEngines()) {
  describe(`rollups stay equal to the raw rows on ${engine}`, () => {
    let tdb: TestDatabase;
    let w: World;
    const stored: NewVisit[] = [];
    const deleted: NewVisit[] = [];
    before(async () => {
      tdb = await freshDatabase(engine);
      w = await makeWorld(tdb.db);
    });
    after(async () => tdb?.drop());

    it('after random inserts, replays, family deletions, abandoned visits and retention runs (rollup tables row by row, overview and love map for random filters)', async () => {
      const db = tdb.db;
      let counted = { stored: 0, deleted: 0, tombstoned: 0, abandoned: 0, seals: 0, late: 0, lateDeleted: 0, coarseRows: 0, coarseScopes: 0 };
      const sealed = async () => (await sealedThrough(db)) ?? '0000-00-00';
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.array(scopeArb, { minLength: 1, maxLength: 3 }), async (ops, scopes) => {
          for (const o of ops) {
            if (o.op === 'insert') {
              const v = toVisit(w, o.visit);
              assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'stored');
              stored.push(v);
              counted.stored++;
              if (localDay(Date.parse(v.completedAt)) <= (await sealed())) counted.late++;
            } else if (o.op === 'replay' && stored.length) {
              const v = stored[o.pick % stored.length]!;
              assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'exists', 'a replay writes nothing');
            } else if (o.op === 'delete' && stored.length) {
              const [v] = stored.splice(o.pick % stored.length, 1);
              if (localDay(Date.parse(v!.completedAt)) <= (await sealed())) counted.lateDeleted++;
              await db.transaction((tx) => deleteVisit(tx, v!.id, visitIdHash(v!.id), v!.ticketHash));
              deleted.push(v!);
              counted.deleted++;
            } else if (o.op === 'replay-deleted' && deleted.length) {
              const v = deleted[o.pick % deleted.length]!;
              assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'tombstoned', 'a deleted visit is not stored again');
              counted.tombstoned++;
            } else if (o.op === 'abandoned') {
              const s = w.showrooms[o.showroom % w.showrooms.length]!;
              const a = { id: randomUUID(), deviceId: s.deviceId, showroomId: s.id, productId: w.products[0]!.id, ageBand: o.ageBand, step: 'explore', at: new Date(Date.now() - o.agoMin * 60_000).toISOString() };
              assert.equal(await insertAbandonedVisit(db, a), true);
              if (o.replay) assert.equal(await insertAbandonedVisit(db, a), false, 'a replayed abandoned visit is counted once');
              counted.abandoned++;
            } else if (o.op === 'retention') {
              // Everything is past its period a year and a half from now: texts and drawings go, answers and counts stay.
              await runRetention(db, new Date(Date.now() + 540 * DAY));
            } else if (o.op === 'seal') {
              const before = await sealed();
              const after = await sealRollups(db, localDay(Date.now() - o.agoDays * DAY));
              assert.ok(after !== null && after >= before && after <= localDay(Date.now() - 3 * DAY), `sealed ${before} → ${after}`);
              counted.seals++;
            }
          }

          const tables = await compareRollups(db, reportTimeZone(), true);
          for (const t of tables) assert.deepEqual({ table: t.table, missing: t.missing, extra: t.extra }, { table: t.table, missing: 0, extra: 0 }, `${t.table} equals the GROUP BY`);
          for (const t of await compareCoarseRollups(db, reportTimeZone(), true)) {
            assert.deepEqual({ table: t.table, missing: t.missing, extra: t.extra }, { table: t.table, missing: 0, extra: 0 }, `${t.table} equals the GROUP BY per block and month`);
            counted.coarseRows += t.rows;
          }
          const sealedNow = await sealedThrough(db);

          for (const sc of scopes) {
            const to = localDay(Date.now() - sc.fromAgo * DAY + sc.span * DAY);
            const scope = {
              from: localDay(Date.now() - sc.fromAgo * DAY),
              to: to < localDay(Date.now() - sc.fromAgo * DAY) ? localDay(Date.now() - sc.fromAgo * DAY) : to,
              showroomIds: sc.showroom === null ? null : [w.showrooms[sc.showroom % w.showrooms.length]!.id],
              ageBands: sc.ageBand === null ? null : [sc.ageBand],
              quality: sc.quality,
            };
            const sp = spansOf(scope.from, scope.to, sealedNow);
            if (sp.blocks.length + sp.months.length > 0) counted.coarseScopes++;
            const ov = await overview(db, scope);
            assert.deepEqual(overviewDiff(ov, await rawOverview(db, scope, reportTimeZone())), [], `overview for ${JSON.stringify(scope)}`);
            for (const p of w.products) {
              const lm = await loveMap(db, p.id, scope);
              assert.deepEqual(loveMapDiff(lm, await rawLoveMap(db, p.id, scope, reportTimeZone())), [], `love map of ${p.id} for ${JSON.stringify(scope)}`);
            }
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      // The sequences did exercise every kind of change.
      assert.ok(counted.stored > 20 && counted.deleted > 0 && counted.tombstoned > 0 && counted.abandoned > 0, JSON.stringify(counted));
      // … including seals, late visits to sealed days, their deletion, and answers read from coarse rows.
      assert.ok(counted.seals > 0 && counted.late > 0 && counted.lateDeleted > 0 && counted.coarseRows > 0 && counted.coarseScopes > 0, JSON.stringify(counted));
      const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from visits')).rows as [{ n: number }];
      assert.equal(n, stored.length, 'the raw rows are the visits stored and not deleted');

      // The refill migrations and the insight bench use (refill_rollups, migration 013) rebuilds the
      // very same rollups from these raw rows: no all-zero rows left, nothing else different.
      await db.query('select refill_rollups($1)', [reportTimeZone()]);
      for (const t of await compareRollups(db, reportTimeZone(), false)) {
        assert.deepEqual({ table: t.table, missing: t.missing, extra: t.extra }, { table: t.table, missing: 0, extra: 0 }, `refilled ${t.table} equals the GROUP BY`);
        assert.ok(t.rows > 0, `refilled ${t.table} has rows`);
      }
      for (const t of await compareCoarseRollups(db, reportTimeZone(), false)) {
        assert.deepEqual({ table: t.table, missing: t.missing, extra: t.extra }, { table: t.table, missing: 0, extra: 0 }, `refilled ${t.table} equals the GROUP BY per block and month`);
        assert.ok(t.rows > 0, `refilled ${t.table} has rows`);
      }
    });
  });
}
