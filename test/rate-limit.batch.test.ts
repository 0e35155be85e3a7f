/**
 * Batched rate-limit counters (src/server/live/rate-limit-batch.ts): the generous limits count
 * hits in the process at once and add them to the shared database counters in one statement per
 * flush, picking up the other instances' hits there. Two batches on one database stand for two
 * server instances. The database is real (both engines; the server uses this on PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { RateLimitBatch } from '../src/server/live/rate-limit-batch.ts';
import { freshDatabase, testEngines, type TestDatabase } from './helpers/engines.ts';

const MINUTE = 60_000;

for (const engine of testEngines()) {
  describe(`batched rate-limit counters on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await freshDatabase(engine);
      await migrate(tdb.db);
    });
    after(async () => tdb?.drop());

    const stored = async (key: Buffer) =>
      (await tdb.db.query<{ hits: number }>('select hits from rate_limits where key_hash = $1', [key])).rows[0]?.hits ?? 0;

    it('answers each hit at once and writes them in one go', async () => {
      const batch = new RateLimitBatch(tdb.db);
      const key = randomBytes(32);
      const currents = Array.from({ length: 5 }, () => batch.hit(key, MINUTE).current);
      assert.deepEqual(currents, [1, 2, 3, 4, 5]);
      assert.equal(await stored(key), 0, 'nothing written per hit');
      await batch.flush();
      assert.equal(await stored(key), 5);
      const next = batch.hit(key, MINUTE);
      assert.equal(next.current, 6);
      assert.ok(next.ttl > 0 && next.ttl <= MINUTE);
    });

    it('shares the count between instances, each seeing the others one flush late', async () => {
      const a = new RateLimitBatch(tdb.db);
      const b = new RateLimitBatch(tdb.db);
      const key = randomBytes(32);
      for (let i = 0; i < 3; i++) a.hit(key, MINUTE);
      await a.flush();
      assert.equal(b.hit(key, MINUTE).current, 1, "b has not heard of a's hits yet");
      await b.flush();
      assert.equal(b.hit(key, MINUTE).current, 5, "after its flush b counts a's 3, its own 1 and this one");
      assert.equal(a.hit(key, MINUTE).current, 4, 'a knows its own 3 and this one');
      await a.flush();
      await b.flush();
      assert.equal(await stored(key), 6);
      assert.equal(a.hit(key, MINUTE).current, 6, "a wrote before b's last hit: it knows 5, and this one");
      assert.equal(b.peek(key)?.current, 6, 'peek counts without a hit');
    });

    it('starts a new window when the old one ends, here and in the database', async () => {
      const batch = new RateLimitBatch(tdb.db);
      const key = randomBytes(32);
      for (let i = 0; i < 4; i++) batch.hit(key, 300);
      await batch.flush();
      assert.equal(await stored(key), 4);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(batch.hit(key, 300).current, 1);
      await batch.flush();
      assert.equal(await stored(key), 1, 'the shared counter restarted too');
    });

    it('keeps counting when the database cannot be reached: a failed write loses no hit', async () => {
      const gone = await openPglite(undefined);
      await migrate(gone);
      await gone.close();
      const batch = new RateLimitBatch(gone);
      const key = randomBytes(32);
      batch.hit(key, MINUTE);
      batch.hit(key, MINUTE);
      await batch.flush();
      assert.equal(batch.hit(key, MINUTE).current, 3, 'the hits are not lost with the failed write');
    });
  });
}
