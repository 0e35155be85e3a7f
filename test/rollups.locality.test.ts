/**
 * Rollup locality (migration 018): a day's rollup rows stay on few pages. The day tables keep
 * half of each page free, so a visit's update of its keys' rows is a HOT update that leaves the
 * row on its page; refill_rollups() ends by rewriting every rollup table in primary-key order.
 * On PGlite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { insertWholeVisit, reportTimeZone, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { compareRollups } from '../bench/insight/rollups.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';
import { storeFixture } from './helpers/store-fixture.ts';

const DAY = 86_400_000;
const DAY_TABLES = ['rollup_visits', 'rollup_parts', 'rollup_pairs', 'rollup_abandoned'];
const AGE_BANDS = ['4-6', '7-9', '10-12'] as const;

/** The heap page of a row: the block number of its ctid "(page,item)". */
const pageOf = (ctid: string) => Number(ctid.slice(1, ctid.indexOf(',')));

for (const engine of testEngines()) {
  describe(`rollup locality on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await freshDatabase(engine);
    });
    after(async () => tdb?.drop());

    it('keeps half of each day-table page free, rewrites in key order on refill, and updates rows in place', async () => {
      const db = tdb.db;
      const f = await storeFixture(db, 'k0');
      const { parts, pairs } = f;
      const one = async <T>(sql: string, p: unknown[] = []) => (await db.query<T>(sql, p)).rows[0]!;

      const options = (await db.query<{ relname: string; reloptions: string[] | null }>(
        `select relname::text, reloptions from pg_class where relname = any($1::text[]) and relkind = 'r' order by 1`,
        [DAY_TABLES],
      )).rows;
      assert.deepEqual(options.map((o) => [o.relname, o.reloptions]), [...DAY_TABLES].sort().map((t) => [t, ['fillfactor=50']]));

      // The fixture's showroom and kiosk, and five more showrooms with a kiosk each.
      const extra = await db.query<{ id: string }>(
        `insert into showrooms (slug, name_zh, name_en) select 'loc-' || i, '展厅' || i, 'Showroom ' || i from generate_series(1, 5) i returning id`,
      );
      const rooms = [f.showroomId, ...extra.rows.map((r) => r.id)];
      const devices = [f.deviceId];
      for (const [i, room] of rooms.slice(1).entries()) {
        devices.push((await one<{ id: string }>(`insert into devices (showroom_id, name, token_hash) values ($1, $2, $3) returning id`, [room, `k${i + 1}`, randomBytes(32)])).id);
      }

      let n = 0;
      const visit = (completedMs: number, room: number, band: number): NewVisit => {
        n++;
        return {
          id: randomUUID(), ticketHash: randomBytes(32), contentHash: randomBytes(32), deviceId: devices[room]!, showroomId: rooms[room]!,
          activityVersion: f.activityVersion, productId: f.productId, locale: 'en', ageBand: AGE_BANDS[band]!,
          avatar: f.avatar, nickname: null, nicknameFlagged: false,
          consent: { gallery: true, voice: false, nickname: false, textVersion: f.consentVersion },
          startedAt: new Date(completedMs - 120_000).toISOString(), completedAt: new Date(completedMs).toISOString(),
          again: n % 2 ? 'yes' : 'no', quality: 'ok',
          ratings: parts.map((partId, i) => ({ partId, face: 1 + ((n + i) % 5), ms: 900 })),
          choices: pairs.map((pairId) => ({ pairId, picked: n % 3 ? 'a' : 'b' })),
          favourites: parts.slice(0, 3),
          idea: null,
        };
      };
      const store = async (v: NewVisit) => assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'stored');

      // Eight days of visits stored day by day, every showroom and age band on each: enough rows to fill many pages.
      const start = Date.now();
      const at = (d: number, room: number, band: number) => start - d * DAY + room * 60_000 + band * 1000;
      for (let d = 8; d >= 1; d--) {
        for (let room = 0; room < rooms.length; room++) {
          for (let band = 0; band < AGE_BANDS.length; band++) await store(visit(at(d, room, band), room, band));
        }
      }
      const tz = reportTimeZone();
      await db.query('select refill_rollups($1)', [tz]);

      // After the refill each table reads in key order: ctid order never goes back in (product, day).
      for (const table of [...DAY_TABLES, 'rollup_days']) {
        const keyed = table === 'rollup_abandoned' || table === 'rollup_days';
        const rows = (await db.query<{ k: string }>(
          `select ${keyed ? '' : "product_id::text || ' ' || "}to_char(day, 'YYYY-MM-DD') as k from ${table} order by ctid`,
        )).rows.map((r) => r.k);
        const sorted = [...rows].sort();
        assert.deepEqual(rows, sorted, `${table} is not in key order after refill_rollups()`);
      }
      const parts0 = Number((await one<{ n: number }>(`select (pg_relation_size('rollup_parts') / current_setting('block_size')::int)::int as n`)).n);
      assert.ok(parts0 >= 3, `rollup_parts spans ${parts0} pages: too few to tell where rows go`);

      // More visits for a key of a day in the middle of the table (its pages are as full as the
      // fillfactor lets them be): the key's rows are updated where they are, on their pages.
      const keyMs = at(5, 2, 1);
      const keyRows = async () =>
        (await db.query<{ ctid: string; part_id: string }>(
          `select ctid::text, part_id::text from rollup_parts r
            where r.showroom_id = $1 and r.age_band = '7-9' and r.day = (to_timestamp($2 / 1000.0) at time zone $3)::date
            order by part_id`,
          [rooms[2], keyMs, tz],
        )).rows;
      const beforePages = (await keyRows()).map((r) => [r.part_id, pageOf(r.ctid)]);
      assert.equal(beforePages.length, parts.length);
      const lastPage = parts0 - 1;
      assert.ok(beforePages.every(([, page]) => page !== lastPage), 'the key must not sit on the last, partly empty page');
      // Two visits: their new row versions fit in the free half of the page as it is. More would
      // need the page pruned of dead versions first, which any open snapshot (autovacuum's ANALYZE
      // on a busy machine) can hold back; then rows do move, as they may in production.
      for (let i = 0; i < 2; i++) await store(visit(keyMs, 2, 1));
      const afterPages = (await keyRows()).map((r) => [r.part_id, pageOf(r.ctid)]);
      assert.deepEqual(afterPages, beforePages, 'updated rollup rows moved to other pages');

      // And the rollups are still exactly the raw rows.
      const diff = await compareRollups(db, tz);
      assert.ok(diff.every((d) => d.missing === 0 && d.extra === 0), JSON.stringify(diff));
    });
  });
}
