/**
 * PGlite has no autovacuum or autoanalyze (src/server/services/pglite-upkeep.ts). After visits
 * rewrite the same day's rollup rows, one upkeep run vacuums those tables and gives them planner
 * statistics; the whole database is analysed once a day, not every run. On
 * PostgreSQL (its own autovacuum does this) the run touches nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { insertWholeVisit, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { ANALYZE_EVERY_MS, CHURNING_TABLES, PgliteUpkeep } from '../src/server/services/pglite-upkeep.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';
import { storeFixture } from './helpers/store-fixture.ts';

for (const engine of testEngines()) {
  describe(`database upkeep on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await freshDatabase(engine);
      const db = tdb.db;
      const f = await storeFixture(db, 'upkeep');
      const { parts } = f;
      // Thirty visits of one showroom, model and age band on one day: they all rewrite the same rollup rows.
      for (let n = 0; n < 30; n++) {
        const done = Date.now() - 60_000 - n * 1000;
        const v: NewVisit = {
          id: randomUUID(), ticketHash: randomBytes(32), contentHash: randomBytes(32), deviceId: f.deviceId, showroomId: f.showroomId,
          activityVersion: f.activityVersion, productId: f.productId, locale: 'en', ageBand: '7-9', avatar: f.avatar, nickname: null, nicknameFlagged: false,
          consent: { gallery: true, voice: false, nickname: false, textVersion: f.consentVersion },
          startedAt: new Date(done - 120_000).toISOString(), completedAt: new Date(done).toISOString(), again: 'yes', quality: 'ok',
          ratings: parts.slice(0, 3).map((partId, i) => ({ partId, face: 1 + ((n + i) % 5), ms: 900 })), choices: [], favourites: [], idea: null,
        };
        assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'stored');
      }
    });
    after(async () => tdb?.drop());

    const reltuples = async (table: string) =>
      (await tdb.db.query<{ n: number }>(`select reltuples::float8 as n from pg_class where relname = $1 and relnamespace = current_schema()::regnamespace`, [table])).rows[0]!.n;
    /** VACUUM reports to the shared statistics at once (unlike the per-row counters, flushed at some later idle moment). */
    const vacuumCount = async (table: string) =>
      (await tdb.db.query<{ n: number }>('select vacuum_count::int as n from pg_stat_user_tables where relname = $1', [table])).rows[0]?.n ?? 0;

    it(engine === 'pglite' ? 'vacuums the rollups and analyses the database, the latter once a day' : 'leaves PostgreSQL to its autovacuum', async () => {
      let clock = 1_000_000;
      const upkeep = new PgliteUpkeep(tdb.db, () => clock);
      if (engine === 'postgres') {
        assert.deepEqual(await upkeep.run(), { vacuumed: [], analyzedAll: false });
        return;
      }
      // -1 (never analysed), or 0: migration 018 rewrote the empty table, which counted its rows then.
      assert.ok((await reltuples('rollup_visits')) < 1, 'rollup_visits has no statistics of its row before the run');
      assert.ok((await reltuples('visits')) < 0, 'visits was never analysed before the run');
      assert.equal(await vacuumCount('rollup_visits'), 0, 'rollup_visits was never vacuumed before the run');

      const first = await upkeep.run();
      assert.deepEqual(first.vacuumed, [...CHURNING_TABLES].sort());
      assert.equal(first.analyzedAll, true);
      for (const table of CHURNING_TABLES) assert.equal(await vacuumCount(table), 1, `${table} vacuumed once`);
      assert.ok((await reltuples('rollup_visits')) >= 1, 'rollup_visits has statistics');
      assert.equal(await reltuples('visits'), 30, 'visits analysed: the planner knows its 30 rows');

      clock += ANALYZE_EVERY_MS - 1;
      assert.equal((await upkeep.run()).analyzedAll, false, 'not analysed again within the day');
      clock += 1;
      assert.equal((await upkeep.run()).analyzedAll, true, 'analysed again a day later');
    });
  });
}
