/**
 * The seal job against late kiosks at the same time (migration 016). On PostgreSQL's pool, each
 * round runs a seal that moves the sealed date forward by a week WHILE late visits to the days
 * being sealed (and just sealed) are stored and deleted on other connections. A late visit that
 * read the old sealed date and skipped the coarse rows must still be in them once the seal
 * commits (the sealer waits for it on the advisory lock and folds after it). Afterwards every
 * coarse table equals the raw GROUP BY per block and month, and the day rollups are exact.
 * Also on PGlite (where the same calls run one after the other).
 */
process.env.REPORT_TIMEZONE = 'Asia/Kolkata';

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { deleteVisit, insertWholeVisit, reportTimeZone, type NewVisit } from '../src/db/repositories/visits.repository.ts';
import { sealedThrough } from '../src/db/repositories/insight-spans.ts';
import { sealRollups } from '../src/server/services/rollup-seal.service.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { compareCoarseRollups, compareRollups } from '../bench/insight/rollups.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';
import { storeFixture } from './helpers/store-fixture.ts';

const DAY = 86_400_000;
const localDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: reportTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

for (const engine of testEngines()) {
  describe(`sealing while late kiosks send visits on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await freshDatabase(engine);
    });
    after(async () => tdb?.drop());

    it('keeps the coarse rollups equal to the raw rows', async () => {
      const db = tdb.db;
      const f = await storeFixture(db, 'seal');
      const { parts, pairs } = f;
      // Start with nothing sealed before 60 days ago (the migration sealed an empty database).
      await db.query('update rollup_seal set sealed_through = null');

      let n = 0;
      const visit = (completedMs: number): NewVisit => {
        n++;
        return {
          id: randomUUID(), ticketHash: randomBytes(32), contentHash: randomBytes(32), deviceId: f.deviceId, showroomId: f.showroomId,
          activityVersion: f.activityVersion, productId: f.productId, locale: 'en', ageBand: (['4-6', '7-9', '10-12'] as const)[n % 3]!,
          avatar: f.avatar, nickname: null, nicknameFlagged: false,
          consent: { gallery: true, voice: false, nickname: false, textVersion: f.consentVersion },
          startedAt: new Date(completedMs - (n % 40) * 15_000).toISOString(), completedAt: new Date(completedMs).toISOString(),
          again: n % 2 ? 'yes' : 'no', quality: 'ok',
          ratings: parts.slice(0, 2 + (n % 5)).map((partId, i) => ({ partId, face: 1 + ((n + i) % 5), ms: 900 })),
          choices: pairs.slice(0, 1 + (n % pairs.length)).map((pairId) => ({ pairId, picked: n % 3 ? 'a' : 'b' })),
          favourites: parts.slice(0, n % 3),
          idea: n % 4 ? null : { kind: 'text', text: 'wings', flags: [] },
        };
      };
      const stored: NewVisit[] = [];
      const store = async (v: NewVisit) => {
        assert.equal(await insertWholeVisit(db, v, visitIdHash(v.id)), 'stored');
        stored.push(v);
      };
      const remove = async () => {
        const v = stored.splice(Math.floor(stored.length / 2), 1)[0];
        if (v) await db.transaction((tx) => deleteVisit(tx, v.id, visitIdHash(v.id), v.ticketHash));
      };
      // History: 60 days ago to 4 days ago.
      for (let d = 60; d >= 4; d -= 1) await store(visit(Date.now() - d * DAY - (d % 7) * 3_600_000));

      let sealedRounds = 0;
      for (let round = 0; round < 8; round++) {
        const before = await sealedThrough(db);
        const through = localDay(Date.now() - (52 - round * 7) * DAY);
        // Late visits to the days around the one being sealed, and deletions, at the same time as the seal.
        const late = Array.from({ length: 12 }, (_, i) => visit(Date.now() - (52 - round * 7 + 6 - i) * DAY - i * 600_000));
        const [sealed] = await Promise.all([sealRollups(db, through), ...late.map(store), remove(), remove()]);
        assert.ok(sealed !== null && (before === null || sealed >= before), `sealed ${before} → ${sealed}`);
        if (sealed !== before) sealedRounds++;
      }
      assert.ok(sealedRounds >= 5, `the seal moved forward in ${sealedRounds} rounds`);

      for (const t of await compareRollups(db, reportTimeZone(), true)) assert.deepEqual([t.table, t.missing, t.extra], [t.table, 0, 0], `${t.table} equals the GROUP BY`);
      const coarse = await compareCoarseRollups(db, reportTimeZone(), true);
      for (const t of coarse) assert.deepEqual([t.table, t.missing, t.extra], [t.table, 0, 0], `${t.table} equals the GROUP BY per block and month`);
      assert.ok(coarse.every((t) => t.rows > 0), 'coarse rows were written');
    });
  });
}
