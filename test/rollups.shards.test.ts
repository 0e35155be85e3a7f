/**
 * Rollup shards (migration 019): a visit never waits for another visit of the same key. While
 * one visit's transaction is still open, a second visit of the same day, showroom, model, age
 * band and quality is stored on another connection at once, into the key's next shard row; the
 * rollups (summed over shards) stay exactly the raw rows, also after deleting a visit whose
 * answers sit in a shard other than 0. Visits that arrive one at a time keep one row per key.
 * Concurrency needs PostgreSQL's pool; on PGlite (one connection) the one-at-a-time half runs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { deleteVisit, insertWholeVisit, reportTimeZone, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { loveMap, overview } from '../src/server/services/insight.service.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { compareRollups } from '../bench/insight/rollups.ts';
import { loveMapDiff, overviewDiff, rawLoveMap, rawOverview } from '../bench/insight/raw.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';
import { storeFixture } from './helpers/store-fixture.ts';

for (const engine of testEngines()) {
  describe(`rollup shards on ${engine}`, () => {
    let tdb: TestDatabase;
    let visit: (ageBand: '4-6' | '7-9') => NewVisit;
    let productId: string;
    before(async () => {
      tdb = await freshDatabase(engine);
      const f = await storeFixture(tdb.db, 'shards');
      const { parts, pairs } = f;
      productId = f.productId;
      // All within the last minutes: one key per age band (today, one showroom, one model, quality ok).
      let n = 0;
      visit = (ageBand) => {
        n++;
        const done = Date.now() - 30_000 - (n % 20) * 1000;
        return {
          id: randomUUID(), ticketHash: randomBytes(32), contentHash: randomBytes(32), deviceId: f.deviceId, showroomId: f.showroomId,
          activityVersion: f.activityVersion, productId: f.productId, locale: 'en', ageBand, avatar: f.avatar, nickname: null, nicknameFlagged: false,
          consent: { gallery: true, voice: false, nickname: false, textVersion: f.consentVersion },
          startedAt: new Date(done - 60_000 - n * 7_000).toISOString(), completedAt: new Date(done).toISOString(), again: n % 2 ? 'yes' : 'maybe', quality: 'ok',
          ratings: parts.slice(0, 3 + (n % 4)).map((partId, i) => ({ partId, face: 1 + ((n + i) % 5), ms: 900 })),
          choices: pairs.slice(0, 1 + (n % pairs.length)).map((pairId) => ({ pairId, picked: n % 3 ? 'a' : 'b' })),
          favourites: parts.slice(0, n % 4),
          idea: n % 3 ? null : { kind: 'text', text: 'a roof that opens like a flower', flags: [] },
        };
      };
    });
    after(async () => tdb?.drop());

    const shardsOf = async (ageBand: string) =>
      (await tdb.db.query<{ shard: number }>(`select shard::int from rollup_visits where age_band = $1 order by shard`, [ageBand])).rows.map((r) => r.shard);
    const assertExact = async () => {
      const tz = reportTimeZone();
      const diff = await compareRollups(tdb.db, tz, true);
      assert.ok(diff.every((d) => d.missing === 0 && d.extra === 0), JSON.stringify(diff));
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
      const scope = { from: today, to: today, showroomIds: null, ageBands: null, quality: null };
      assert.deepEqual(overviewDiff(await overview(tdb.db, scope), await rawOverview(tdb.db, scope, tz)), []);
      assert.deepEqual(loveMapDiff(await loveMap(tdb.db, productId, scope), await rawLoveMap(tdb.db, productId, scope, tz)), []);
    };

    it('keeps one row per key for visits stored one at a time', async () => {
      for (let i = 0; i < 12; i++) {
        const v = visit('4-6');
        assert.equal(await insertWholeVisit(tdb.db, v, visitIdHash(v.id)), 'stored');
      }
      assert.deepEqual(await shardsOf('4-6'), [0]);
      await assertExact();
    });

    if (engine === 'postgres') {
      it('stores a second visit of a key at once while the first one is still open, into the next shard, and stays exact after deletions', async () => {
        const db = tdb.db;
        const first = visit('7-9');
        const second = visit('7-9');
        await db.transaction(async (tx) => {
          assert.equal(await insertWholeVisit(tx, first, visitIdHash(first.id)), 'stored');
          // The first visit holds its key's shard-0 rows until this transaction ends.
          const timeout = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000).unref());
          const outcome = await Promise.race([insertWholeVisit(db, second, visitIdHash(second.id)), timeout]);
          assert.equal(outcome, 'stored', 'the second visit queued behind the first one');
        });
        assert.deepEqual(await shardsOf('7-9'), [0, 1]);
        const shardOfSecond = await db.query<{ n: number }>(`select count(*)::int as n from rollup_parts where age_band = '7-9' and shard = 1`);
        assert.equal(shardOfSecond.rows[0]!.n, second.ratings.length, 'its answers are in shard 1 too');

        // Many at once: more shards, never more than 16, sums exact.
        const many = Array.from({ length: 30 }, () => visit('7-9'));
        await Promise.all(many.map((v) => insertWholeVisit(db, v, visitIdHash(v.id))));
        const shards = await shardsOf('7-9');
        assert.ok(shards.length >= 2 && shards.length <= 16, `shards ${shards.join(',')}`);
        await assertExact();

        // Deleting visits whose answers went to shard 1 (and others) subtracts from shard 0: sums stay exact.
        for (const v of [second, ...many.slice(0, 10)]) {
          await db.transaction((tx) => deleteVisit(tx, v.id, visitIdHash(v.id), v.ticketHash));
        }
        await assertExact();
      });
    }
  });
}
